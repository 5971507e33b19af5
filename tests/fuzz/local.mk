# rules for tests: fuzz/local.mk (see tests/local.mk)
