# rules for tests: transport.mk (see tests/local.mk)
