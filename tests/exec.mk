# rules for tests: exec.mk (see tests/local.mk)
# End-to-end tests of `tikdeck exec` against tikdeck-sim (Python 3,
# standard library only, plain driver: 0 pass, 77 skip).  They run the
# built tikdeck, tikdeck-sim and tests/helpers/fake-ssh; tikexec.py is
# their shared helper.
exec_tests = \
	tests/exec/test_print.py \
	tests/exec/test_tls.py \
	tests/exec/test_tls_plain_port.py \
	tests/exec/test_login.py \
	tests/exec/test_traps.py \
	tests/exec/test_connect.py \
	tests/exec/test_debuglog.py \
	tests/exec/test_jump.py \
	tests/exec/test_stream.py \
	tests/exec/test_usage.py
TESTS += $(exec_tests)
EXTRA_DIST += $(exec_tests) tests/exec/tikexec.py

# The configuration file, the secrets store, known_routers (issue 6).
check_PROGRAMS += tests/unit/test_config tests/unit/test_secrets \
	tests/unit/test_known
TESTS += tests/unit/test_config tests/unit/test_secrets \
	tests/unit/test_known tests/exec/test_config.py
EXTRA_DIST += tests/exec/test_config.py
tests_unit_test_config_LDADD = $(TEST_LIBS)
tests_unit_test_secrets_LDADD = $(TEST_LIBS)
tests_unit_test_known_LDADD = $(TEST_LIBS)
