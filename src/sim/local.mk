# rules for src/sim/ (see top-level Makefile.am): the RouterOS simulator.
# libtiksim.a is also linked by `tikdeck --demo` (see src/sim/sim.h).
noinst_LIBRARIES += libtiksim.a
libtiksim_a_SOURCES = \
	src/sim/sim.h src/sim/simint.h \
	src/sim/sim.c \
	src/sim/server.c \
	src/sim/session.c \
	src/sim/cmds.c \
	src/sim/query.c \
	src/sim/table.c \
	src/sim/menus.c \
	src/sim/data.c \
	src/sim/motion.c \
	src/sim/stream.c \
	src/sim/routes.c \
	src/sim/inspect.c \
	src/sim/export.c \
	src/sim/files.c \
	src/sim/script.c \
	src/sim/sched.c \
	src/sim/safemode.c \
	src/sim/torch.c \
	src/sim/conntrack.c \
	src/sim/trace.c

bin_PROGRAMS += tikdeck-sim
tikdeck_sim_SOURCES = src/sim/main.c
tikdeck_sim_LDADD = libtiksim.a $(CORE_LIBS)

dist_man_MANS += doc/tikdeck-sim.1
