# Login exchange tests (see tests/local.mk).
check_PROGRAMS += tests/unit/test_login
TESTS += tests/unit/test_login
tests_unit_test_login_LDADD = $(TEST_LIBS)
TESTS += tests/unit/test_i18n.sh tests/unit/test_po.sh
EXTRA_DIST += tests/unit/test_i18n.sh tests/unit/test_po.sh
