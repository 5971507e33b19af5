# Benchmarks (see bench/README.md).  Built by "make bench-programs", run by
# "make bench"; never part of make check.
EXTRA_PROGRAMS = bench/routes-server bench/rawread bench/bench-engine \
	bench/bench-sort
bench_routes_server_SOURCES = bench/routes_server.c
bench_routes_server_LDADD = $(CORE_LIBS)
bench_rawread_SOURCES = bench/rawread.c bench/benchlib.c bench/benchlib.h
bench_rawread_LDADD = $(CORE_LIBS)
bench_bench_engine_SOURCES = bench/bench_engine.c bench/benchlib.c \
	bench/benchlib.h
bench_bench_engine_LDADD = $(CORE_LIBS)
bench_bench_sort_SOURCES = bench/bench_sort.c bench/benchlib.c \
	bench/benchlib.h
bench_bench_sort_LDADD = $(CORE_LIBS)
CLEANFILES += $(EXTRA_PROGRAMS)
EXTRA_DIST += bench/README.md bench/run.sh bench/librouteros_read.py \
	bench/run-ui.sh bench/ui_bench.py

bench-programs: $(EXTRA_PROGRAMS) tikdeck
bench: bench-programs
	$(SHELL) $(top_srcdir)/bench/run.sh $(abs_top_builddir)
.PHONY: bench bench-programs

# The console benchmarks (bench/README.md, "Console"): the real tikdeck on
# a pty against tikdeck-sim; needs a --enable-test-hooks build.
bench-ui: bench/bench-sort tikdeck tikdeck-sim
	TIKDECK_TEST_HOOKS='$(enable_test_hooks)' \
	    $(SHELL) $(top_srcdir)/bench/run-ui.sh $(abs_top_builddir)
.PHONY: bench-ui
