# Test suite.  C unit tests speak TAP (tests/unit/tap.h); shell and Python
# tests use the plain driver: exit 0 pass, 77 skip, anything else fail.
TEST_EXTENSIONS = .sh .py
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
PY_LOG_COMPILER = $(PYTHON3)
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	TIKDECK='$(abs_top_builddir)/tikdeck'; export TIKDECK; \
	TIKDECK_SIM='$(abs_top_builddir)/tikdeck-sim'; export TIKDECK_SIM; \
	PYTHON3='$(PYTHON3)'; export PYTHON3; \
	LC_ALL=C.UTF-8; export LC_ALL; TZ=UTC; export TZ; \
	LANGUAGE=; export LANGUAGE; \
	TIKDECK_TEST_HOOKS='$(enable_test_hooks)'; export TIKDECK_TEST_HOOKS; \
	HOME='$(abs_top_builddir)/tests/home'; export HOME; \
	mkdir -p "$$HOME"; \
	unset XDG_CONFIG_HOME XDG_STATE_HOME XDG_DATA_HOME XDG_CACHE_HOME;

check_LIBRARIES = tests/unit/libtap.a
tests_unit_libtap_a_SOURCES = tests/unit/tap.c tests/unit/tap.h \
	tests/unit/testrows.c tests/unit/testrows.h
TEST_LIBS = tests/unit/libtap.a $(CORE_LIBS)

unit_tests = \
	tests/unit/test_codec \
	tests/unit/test_rows \
	tests/unit/test_output
check_PROGRAMS += $(unit_tests)
TESTS += $(unit_tests)

tests_unit_test_codec_LDADD = $(TEST_LIBS)
tests_unit_test_rows_LDADD = $(TEST_LIBS)
tests_unit_test_output_LDADD = $(TEST_LIBS)

include tests/login.mk
include tests/transport.mk
include tests/engine.mk
include tests/exec.mk
include tests/fuzz/local.mk
include tests/sim/local.mk
EXTRA_DIST += build-aux/tap-driver.sh
include tests/tui/local.mk

# Tests run with HOME in the build tree: never the developer's own config.
clean-local: clean-test-home
clean-test-home:
	-rm -rf tests/home
.PHONY: clean-test-home

check_PROGRAMS += tests/unit/test_rowtable
TESTS += tests/unit/test_rowtable
tests_unit_test_rowtable_LDADD = $(TEST_LIBS)

live_unit_tests = tests/unit/test_units tests/unit/test_history tests/unit/test_logring tests/unit/test_pingstat tests/unit/test_flows
check_PROGRAMS += $(live_unit_tests)
TESTS += $(live_unit_tests)
tests_unit_test_units_LDADD = $(TEST_LIBS)
tests_unit_test_history_LDADD = $(TEST_LIBS)
tests_unit_test_logring_LDADD = $(TEST_LIBS)
tests_unit_test_pingstat_LDADD = $(TEST_LIBS)
tests_unit_test_flows_LDADD = $(TEST_LIBS)
