# The core library: no curses here.  Tests link it directly.
noinst_LIBRARIES += libtikcore.a
libtikcore_a_SOURCES = \
	src/util.c src/util.h \
	src/i18n.h \
	src/log.c src/log.h \
	src/codec.c src/codec.h \
	src/login.c src/login.h \
	src/rows.c src/rows.h \
	src/engine.c src/engine.h \
	src/transport.h src/tlsgen.h \
	src/text.c src/text.h \
	src/target.c src/target.h \
	src/output.c src/output.h \
	src/exec.c src/exec.h \
	src/selfpipe.c src/selfpipe.h \
	src/cli.c src/cli.h

bin_PROGRAMS += tikdeck
tikdeck_SOURCES = src/main.c
tikdeck_LDADD = libtikui.a libtiksim.a $(CORE_LIBS) $(CURSES_LIBS)
libtikcore_a_SOURCES += src/rowtable.c src/rowtable.h src/menus.c src/menus.h
libtikcore_a_SOURCES += src/schema.c src/schema.h src/validate.c src/validate.h
libtikcore_a_SOURCES += src/conffile.c src/conffile.h src/secrets.c src/secrets.h src/known.c src/known.h src/resolve.c src/resolve.h
libtikcore_a_SOURCES += src/units.c src/units.h src/history.c src/history.h src/logring.c src/logring.h src/pingstat.c src/pingstat.h src/flows.c src/flows.h
