# Benchmarks (see bench/README.md).  Built by "make bench-programs", run by
# "make bench"; never part of make check.
EXTRA_PROGRAMS = bench/routes-server bench/rawread bench/bench-engine
bench_routes_server_SOURCES = bench/routes_server.c
bench_routes_server_LDADD = $(CORE_LIBS)
bench_rawread_SOURCES = bench/rawread.c
bench_rawread_LDADD = $(CORE_LIBS)
bench_bench_engine_SOURCES = bench/bench_engine.c
bench_bench_engine_LDADD = $(CORE_LIBS)
CLEANFILES += $(EXTRA_PROGRAMS)
EXTRA_DIST += bench/README.md bench/run.sh bench/librouteros_read.py

bench-programs: $(EXTRA_PROGRAMS) tikdeck
bench: bench-programs
	$(SHELL) $(top_srcdir)/bench/run.sh $(abs_top_builddir)
.PHONY: bench bench-programs
