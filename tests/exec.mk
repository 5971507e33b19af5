# rules for tests: exec.mk (see tests/local.mk)
