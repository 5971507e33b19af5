# rules for tests: login.mk (see tests/local.mk)
