# Fuzz targets (see tests/local.mk).
#
# Every target exports LLVMFuzzerTestOneInput (tests/fuzz/fuzz.h).  Linked
# with standalone.c it replays its seed corpus as a TAP test in `make
# check`; with --enable-fuzzing (CC=clang) it is also built as a libFuzzer
# binary, and `make fuzz` runs each for FUZZ_SECONDS.

FUZZ_SECONDS = 60
# Extra libFuzzer options, e.g. FUZZ_ARGS='-jobs=4 -max_len=65536'.
FUZZ_ARGS = -max_len=16384
# One target only: make fuzz fuzz_targets=conf.  A target's own dictionary
# is tests/fuzz/TARGET.dict, else routeros.dict.
fuzz_targets = codec login conf

check_PROGRAMS += tests/fuzz/seeds_codec tests/fuzz/seeds_login \
	tests/fuzz/seeds_conf
TESTS += tests/fuzz/seeds_codec tests/fuzz/seeds_login tests/fuzz/seeds_conf

tests_fuzz_seeds_codec_SOURCES = tests/fuzz/standalone.c \
	tests/fuzz/fuzz_codec.c tests/fuzz/fuzz.h
tests_fuzz_seeds_codec_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit -DFUZZ_CORPUS=\"codec\"
tests_fuzz_seeds_codec_LDADD = $(TEST_LIBS)

tests_fuzz_seeds_login_SOURCES = tests/fuzz/standalone.c \
	tests/fuzz/fuzz_login.c tests/fuzz/fuzz.h
tests_fuzz_seeds_login_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit -DFUZZ_CORPUS=\"login\"
tests_fuzz_seeds_login_LDADD = $(TEST_LIBS)

tests_fuzz_seeds_conf_SOURCES = tests/fuzz/standalone.c \
	tests/fuzz/fuzz_conf.c tests/fuzz/fuzz.h
tests_fuzz_seeds_conf_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit -DFUZZ_CORPUS=\"conf\"
tests_fuzz_seeds_conf_LDADD = $(TEST_LIBS)

EXTRA_DIST += tests/fuzz/corpus tests/fuzz/routeros.dict tests/fuzz/conf.dict \
	tests/fuzz/gen-corpus.py

if FUZZING
# The code under test is compiled into each fuzzer so that libFuzzer's
# coverage instrumentation and the sanitizers see it.
FUZZ_CC_FLAGS = $(AM_CFLAGS) $(FUZZ_FLAGS) -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer -g
FUZZ_LD_FLAGS = $(AM_LDFLAGS) $(FUZZ_FLAGS) -fsanitize=address,undefined

noinst_PROGRAMS += tests/fuzz/fuzz_codec tests/fuzz/fuzz_login \
	tests/fuzz/fuzz_conf

tests_fuzz_fuzz_codec_SOURCES = tests/fuzz/fuzz_codec.c tests/fuzz/fuzz.h \
	src/codec.c src/util.c
tests_fuzz_fuzz_codec_CFLAGS = $(FUZZ_CC_FLAGS)
tests_fuzz_fuzz_codec_LDFLAGS = $(FUZZ_LD_FLAGS)

tests_fuzz_fuzz_login_SOURCES = tests/fuzz/fuzz_login.c tests/fuzz/fuzz.h \
	src/login.c src/codec.c src/util.c
tests_fuzz_fuzz_login_CFLAGS = $(FUZZ_CC_FLAGS)
tests_fuzz_fuzz_login_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_login_LDADD = $(OPENSSL_LIBS) $(LIBINTL)

# conffile.c and its pure helpers instrumented; the rest (the fingerprint
# check in tls.c) from libtikcore.a.
tests_fuzz_fuzz_conf_SOURCES = tests/fuzz/fuzz_conf.c tests/fuzz/fuzz.h \
	src/conffile.c src/text.c src/util.c
tests_fuzz_fuzz_conf_CFLAGS = $(FUZZ_CC_FLAGS)
tests_fuzz_fuzz_conf_LDFLAGS = $(FUZZ_LD_FLAGS)
tests_fuzz_fuzz_conf_LDADD = $(CORE_LIBS)

# New inputs go to fuzz-corpus/<target> in the build tree; the committed
# seeds are only read.  Findings are written as crash-* files here.
fuzz: $(fuzz_targets:%=tests/fuzz/fuzz_%)
	@for t in $(fuzz_targets); do \
		mkdir -p fuzz-corpus/$$t || exit 1; \
		d=routeros; \
		test -f $(srcdir)/tests/fuzz/$$t.dict && d=$$t; \
		echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
		./tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
		    -print_final_stats=1 $(FUZZ_ARGS) \
		    -dict=$(srcdir)/tests/fuzz/$$d.dict \
		    fuzz-corpus/$$t $(srcdir)/tests/fuzz/corpus/$$t || exit 1; \
	done
else
fuzz:
	@echo "make fuzz: configure with CC=clang and --enable-fuzzing" >&2
	@exit 1
endif

clean-local: clean-fuzz-corpus
clean-fuzz-corpus:
	-rm -rf fuzz-corpus

.PHONY: fuzz clean-fuzz-corpus
