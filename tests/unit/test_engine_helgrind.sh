#!/bin/sh
# test_engine_helgrind.sh: the engine test under a thread checker.
#
# The requirement is "the engine tests also run under TSan or Helgrind".
# This runs ThreadSanitizer, not Helgrind, for a meaningful result:
#
# - Helgrind is clean on this test only because valgrind's default
#   suppression "helgrind-glibc2X-005" hides every race whose top frame is
#   in libc.so.6 (several thousand reports per run here: memcpy, strlen,
#   free ...).  That also hides the bugs that matter in a two-queue design:
#   a command read after it was handed to the I/O thread (which frees it)
#   goes unreported even with --free-is-write=yes.  Without the suppression
#   the output is glibc noise.
# - TSan understands C11 atomics, intercepts malloc/free and the libc string
#   functions, and reports exactly that bug (checked by reintroducing it:
#   "heap-use-after-free ... engine_send ... cmd_free").  It runs the quick
#   subset in about 2 s.
#
# TSan cannot be combined with ASan, so instead of reusing the build's
# objects this compiles the engine, its dependencies, the fake server and
# the test with -fsanitize=thread into a temporary directory, with the
# compiler and library flags configure chose (read from the Makefile).
# Plain automake driver: 0 pass, 77 skip (no TSan runtime, or TSan cannot
# run on this kernel), anything else fail.
set -u

: "${top_srcdir:?run from make check}"
: "${top_builddir:?run from make check}"
mk="$top_builddir/Makefile"

getvar() {
	sed -n "s/^$1 = //p" "$mk" | head -n 1
}

cc=${CC:-$(getvar CC)}
cc=${cc:-cc}
ssl_cflags=$(getvar OPENSSL_CFLAGS)
ssl_libs=$(getvar OPENSSL_LIBS)
thr_cflags=$(getvar PTHREAD_CFLAGS)
thr_libs=$(getvar PTHREAD_LIBS)
intl=$(getvar LIBINTL)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tikdeck-tsan.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

# Is there a TSan runtime at all?
printf 'int main(void) { return 0; }\n' >"$tmp/probe.c"
if ! $cc -fsanitize=thread -o "$tmp/probe" "$tmp/probe.c" \
    >"$tmp/probe.log" 2>&1; then
	echo "SKIP: $cc cannot build with -fsanitize=thread:"
	cat "$tmp/probe.log"
	exit 77
fi
if ! "$tmp/probe" >"$tmp/probe.log" 2>&1; then
	echo "SKIP: ThreadSanitizer cannot run here:"
	cat "$tmp/probe.log"
	exit 77
fi

s=$top_srcdir
srcs="$s/tests/unit/test_engine.c $s/tests/unit/tap.c
	$s/tests/helpers/fakesrv.c
	$s/src/engine.c $s/src/login.c $s/src/log.c $s/src/codec.c
	$s/src/rows.c $s/src/util.c $s/src/transport.c $s/src/tls.c
	$s/src/tlsgen.c"
# shellcheck disable=SC2086
if ! $cc -std=gnu11 -fsanitize=thread -g -O1 $thr_cflags $ssl_cflags \
    -I"$top_builddir" -I"$s/src" -I"$s/tests/unit" -I"$s/tests/helpers" \
    -o "$tmp/test_engine_tsan" $srcs $ssl_libs $thr_libs $intl \
    >"$tmp/build.log" 2>&1; then
	echo "FAIL: cannot build the TSan test_engine:"
	cat "$tmp/build.log"
	exit 1
fi

TSAN_OPTIONS="exitcode=66 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
export TSAN_OPTIONS
"$tmp/test_engine_tsan" --quick >"$tmp/out" 2>"$tmp/err"
rc=$?
cat "$tmp/out"
cat "$tmp/err"
if grep -q "ThreadSanitizer: unexpected memory mapping" "$tmp/err"; then
	echo "SKIP: ThreadSanitizer cannot map its shadow memory here"
	exit 77
fi
if grep -q "WARNING: ThreadSanitizer" "$tmp/err"; then
	echo "FAIL: ThreadSanitizer reported the problems above"
	exit 1
fi
if [ "$rc" -ne 0 ]; then
	echo "FAIL: test_engine --quick exited with $rc under TSan"
	exit 1
fi
if ! grep -q '^1\.\.[1-9]' "$tmp/out" || grep -q '^not ok' "$tmp/out"; then
	echo "FAIL: the TAP output is incomplete or has failures"
	exit 1
fi
echo "PASS: test_engine --quick is clean under ThreadSanitizer"
exit 0
