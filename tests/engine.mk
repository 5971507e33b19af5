# rules for tests: engine.mk (see tests/local.mk)
