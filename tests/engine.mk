# rules for tests: engine.mk (see tests/local.mk)

# ---- fake RouterOS server for the connection-engine tests --------------
# A test using it adds $(FAKESRV_CPPFLAGS) to its CPPFLAGS and links
# $(FAKESRV_LIBS) before $(TEST_LIBS).
check_LIBRARIES += tests/helpers/libfakesrv.a
tests_helpers_libfakesrv_a_SOURCES = tests/helpers/fakesrv.c \
	tests/helpers/fakesrv.h
FAKESRV_CPPFLAGS = -I$(top_srcdir)/tests/helpers
FAKESRV_LIBS = tests/helpers/libfakesrv.a

check_PROGRAMS += tests/unit/test_fakesrv
TESTS += tests/unit/test_fakesrv
tests_unit_test_fakesrv_CPPFLAGS = $(AM_CPPFLAGS) $(FAKESRV_CPPFLAGS)
tests_unit_test_fakesrv_LDADD = $(FAKESRV_LIBS) $(TEST_LIBS)

# ---- the connection engine against the fake server ---------------------
check_PROGRAMS += tests/unit/test_engine
TESTS += tests/unit/test_engine
tests_unit_test_engine_CPPFLAGS = $(AM_CPPFLAGS) $(FAKESRV_CPPFLAGS)
tests_unit_test_engine_LDADD = $(FAKESRV_LIBS) $(TEST_LIBS)

# The engine test under ThreadSanitizer (the header says why not Helgrind).
TESTS += tests/unit/test_engine_helgrind.sh
EXTRA_DIST += tests/unit/test_engine_helgrind.sh
