# simulator conformance tests (see tests/local.mk).  Python tests use the
# plain driver (0 pass, 77 skip); rawapi.py is their minimal raw client.
sim_tests = \
	tests/sim/test_wire.py \
	tests/sim/test_librouteros.py \
	tests/sim/test_tls.py \
	tests/sim/test_streams.py \
	tests/sim/test_faults.py \
	tests/sim/test_routes.py \
	tests/sim/test_inspect.py \
	tests/sim/test_export.py \
	tests/sim/test_sched.py \
	tests/sim/test_safemode.py \
	tests/sim/test_services.py \
	tests/sim/test_torch.py \
	tests/sim/test_trace.py \
	tests/sim/test_quiet.py \
	tests/sim/test_motion.py \
	tests/sim/test_node_routeros.sh
TESTS += $(sim_tests)
EXTRA_DIST += $(sim_tests) tests/sim/rawapi.py tests/sim/node_client.js \
	tests/sim/package.json tests/sim/package-lock.json

# Raw-socket reader measuring the route print rate (used by test_routes).
check_PROGRAMS += tests/sim/route_rate
tests_sim_route_rate_SOURCES = tests/sim/route_rate.c

# The in-process API (sim.h) over a socketpair, as `tikdeck --demo` uses it.
check_PROGRAMS += tests/sim/test_embed
TESTS += tests/sim/test_embed
tests_sim_test_embed_SOURCES = tests/sim/test_embed.c
tests_sim_test_embed_LDADD = libtiksim.a $(TEST_LIBS)

# tikdeck's own engine against every profile, in process over a socketpair.
check_PROGRAMS += tests/sim/test_engine_profiles
TESTS += tests/sim/test_engine_profiles
tests_sim_test_engine_profiles_SOURCES = tests/sim/test_engine_profiles.c
tests_sim_test_engine_profiles_LDADD = libtiksim.a $(TEST_LIBS)

# npm installs node-routeros into the build tree for test_node_routeros.sh.
clean-local: clean-sim-node
clean-sim-node:
	-rm -rf tests/sim/node
.PHONY: clean-sim-node
