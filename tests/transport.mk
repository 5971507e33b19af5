# rules for tests: transport.mk (see tests/local.mk)
# The transport test runs servers in threads on loopback and reaches them
# through fake-ssh, a stand-in for `ssh -W host:port`.
check_PROGRAMS += tests/unit/test_transport tests/helpers/fake-ssh
TESTS += tests/unit/test_transport

tests_unit_test_transport_SOURCES = tests/unit/test_transport.c
# -ldl: the test answers one host name itself, via dlsym(RTLD_NEXT).
tests_unit_test_transport_LDADD = $(TEST_LIBS) -ldl
tests_helpers_fake_ssh_SOURCES = tests/helpers/fake-ssh.c
