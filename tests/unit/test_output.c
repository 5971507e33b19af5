/* test_output.c: text decoding, JSON/CSV escaping, targets, options. */
#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "exec.h"
#include "output.h"
#include "tap.h"
#include "target.h"
#include "text.h"

static char *conv(const char *p, size_t n, enum charset cs, int esc);
static char *json(const char *p, size_t n);
static char *csv(const char *p);
static char **mkargv(const char *first, ...);
static void freeargvs(void);
static void check_target(const char *in, const char *user, const char *host,
    const char *port);

static char **argvs[32];
static int nargvs;

/* A NULL-terminated, writable argv, freed by freeargvs(). */
static char **
mkargv(const char *first, ...)
{
	va_list ap;
	char **v = xcalloc(32, sizeof *v);

	if (nargvs < 32)
		argvs[nargvs++] = v;
	const char *s;
	int n = 0;

	va_start(ap, first);
	for (s = first; s != NULL && n < 31; s = va_arg(ap, const char *))
		v[n++] = xstrdup(s);
	va_end(ap);
	return v;
}

static void
freeargvs(void)
{
	int i, k;

	for (i = 0; i < nargvs; i++) {
		for (k = 0; argvs[i][k] != NULL; k++)
			free(argvs[i][k]);
		free(argvs[i]);
	}
	nargvs = 0;
}

static char *
conv(const char *p, size_t n, enum charset cs, int esc)
{
	struct buf b;

	buf_init(&b);
	text_to_utf8(&b, p, n, cs, esc);
	return buf_steal(&b, NULL);
}

static char *
json(const char *p, size_t n)
{
	struct buf b;

	buf_init(&b);
	json_put_string(&b, p, n);
	return buf_steal(&b, NULL);
}

static char *
csv(const char *p)
{
	struct buf b;

	buf_init(&b);
	csv_put_field(&b, p, strlen(p));
	return buf_steal(&b, NULL);
}

static void
check_target(const char *in, const char *user, const char *host,
    const char *port)
{
	struct target t;
	char err[256];

	if (!ok(target_parse(in, &t, err, sizeof err) == 0, "parse %s", in)) {
		diag("%s", err);
		return;
	}
	is_str(t.user, user, "%s: user", in);
	is_str(t.host, host, "%s: host", in);
	is_str(t.port, port, "%s: port", in);
	target_free(&t);
}

#define IS_FREE(expr, want, ...) do {					\
	char *got_ = (expr);						\
	is_str(got_, want, __VA_ARGS__);				\
	free(got_);							\
} while (0)

int
main(void)
{
	struct target t;
	struct cli_opts o;
	char err[256];

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		diag("C.UTF-8 locale missing: width checks may fail");

	ok(utf8_valid("h\xc3\xa9llo", 6), "valid UTF-8");
	ok(!utf8_valid("h\xe9llo", 5), "lone Latin-1 byte is not UTF-8");
	ok(!utf8_valid("\xc0\xaf", 2), "overlong form rejected");
	ok(!utf8_valid("\xed\xa0\x80", 3), "surrogate rejected");
	IS_FREE(conv("caf\xe9", 4, CHARSET_AUTO, 0), "caf\xc3\xa9",
	    "CP1252 fallback decodes e-acute");
	IS_FREE(conv("\x80 5", 3, CHARSET_CP1252, 0), "\xe2\x82\xac 5",
	    "CP1252 0x80 is the euro sign");
	IS_FREE(conv("caf\xc3\xa9", 5, CHARSET_AUTO, 0), "caf\xc3\xa9",
	    "valid UTF-8 kept in auto mode");
	IS_FREE(conv("caf\xc3\xa9", 5, CHARSET_CP1252, 0),
	    "caf\xc3\x83\xc2\xa9", "forced CP1252 decodes each byte");
	IS_FREE(conv("a\nb\tc\x01", 6, CHARSET_AUTO, 1), "a\\nb\\tc\\x01",
	    "control characters escaped on one line");
	IS_FREE(conv("x\xffy", 3, CHARSET_UTF8, 0), "x\xef\xbf\xbdy",
	    "invalid byte in forced UTF-8 becomes U+FFFD");
	is_int((long long)text_width("abc"), 3, "ASCII width");
	is_int((long long)text_width("\xe4\xb8\xad\xe6\x96\x87"), 4,
	    "two CJK characters take four columns");
	is_int((long long)text_width("caf\xc3\xa9"), 4, "accented width");

	IS_FREE(json("a\"b\\c", 5), "\"a\\\"b\\\\c\"", "JSON quotes");
	IS_FREE(json("x\ny\x01", 4), "\"x\\ny\\u0001\"", "JSON controls");
	IS_FREE(json("caf\xe9", 4), "\"caf\\udce9\"",
	    "JSON keeps a non-UTF-8 byte as a lone surrogate escape");
	IS_FREE(json("\xc3\xa9\x00z", 4), "\"\xc3\xa9\\u0000z\"",
	    "JSON keeps UTF-8 and NUL");
	IS_FREE(csv("plain"), "plain", "CSV plain field");
	IS_FREE(csv("a,b"), "\"a,b\"", "CSV comma quoted");
	IS_FREE(csv("say \"hi\""), "\"say \"\"hi\"\"\"", "CSV quotes doubled");

	check_target("10.0.0.1", NULL, "10.0.0.1", NULL);
	check_target("admin@10.0.0.1:8729", "admin", "10.0.0.1", "8729");
	check_target("ops@router.example", "ops", "router.example", NULL);
	check_target("[2001:db8::1]:8728", NULL, "2001:db8::1", "8728");
	check_target("api@[::1]", "api", "::1", NULL);
	check_target("2001:db8::1", NULL, "2001:db8::1", NULL);
	ok(target_parse("host:0", &t, err, sizeof err) == -1 &&
	    strstr(err, "invalid port") != NULL, "port 0 refused: %s", err);
	ok(target_parse("host:99999", &t, err, sizeof err) == -1,
	    "port 99999 refused");
	ok(target_parse("host:ab", &t, err, sizeof err) == -1,
	    "non-numeric port refused");
	ok(target_parse("@host", &t, err, sizeof err) == -1 &&
	    strstr(err, "user") != NULL, "empty user refused: %s", err);
	ok(target_parse("[::1", &t, err, sizeof err) == -1,
	    "unterminated bracket refused");
	ok(target_parse("", &t, err, sizeof err) == -1, "empty refused");

	{
		char **argv = mkargv("exec", "--plain", "-u", "ops", "r1",
		    "/ip/address/print", "=.proplist=address", "?disabled=no",
		    "-o", "json", "--count", "--timeout", "3", (const char *)NULL);

		ok(cli_parse(13, argv, 1, &o, err, sizeof err) == 0,
		    "exec options parse");
		is_int(o.tls, 0, "--plain");
		is_str(o.user, "ops", "-u");
		is_int(o.format, OUT_JSON, "-o json");
		is_int(o.count, 1, "--count");
		is_int(o.timeout_s, 3, "--timeout");
		is_int(o.argc, 4, "positional words kept in order");
		is_str(o.argc > 3 ? o.argv[3] : NULL, "?disabled=no",
		    "query word is positional");
		free(o.argv);
	}
	{
		char **argv = mkargv("exec", "-o", "xml", "r", "/x", (const char *)NULL);

		ok(cli_parse(5, argv, 1, &o, err, sizeof err) == -1 &&
		    strstr(err, "xml") != NULL, "bad format named: %s", err);
		free(o.argv);
	}
	{
		char **argv = mkargv("exec", "--attempts", "11", "r", "/x", (const char *)NULL);

		ok(cli_parse(5, argv, 1, &o, err, sizeof err) == -1 &&
		    strstr(err, "1 to 10") != NULL, "attempts bounded: %s",
		    err);
		free(o.argv);
	}
	{
		char **argv = mkargv("exec", "--plain", "--fingerprint", "AB", "r",
		    "/x", (const char *)NULL);

		ok(cli_parse(6, argv, 1, &o, err, sizeof err) == -1,
		    "--plain with --fingerprint refused");
		free(o.argv);
	}
	{
		char **argv = mkargv("exec", "--bogus", (const char *)NULL);

		ok(cli_parse(2, argv, 1, &o, err, sizeof err) == -1 &&
		    strstr(err, "--bogus") != NULL, "unknown option named: %s",
		    err);
		free(o.argv);
	}
	{
		char **w1 = mkargv("/log/print", "=follow-only=", (const char *)NULL);
		char **w2 = mkargv("/interface/monitor-traffic", "=interface=e1", (const char *)NULL);
		char **w3 = mkargv("/interface/monitor-traffic", "=interface=e1",
		    "=once=", (const char *)NULL);
		char **w4 = mkargv("/ip/address/print", (const char *)NULL);
		char **w5 = mkargv("/ping", "=address=192.0.2.1", "=count=3", (const char *)NULL);
		char **w6 = mkargv("/ip/address/listen", (const char *)NULL);

		ok(exec_is_streaming(2, w1), "follow-only streams");
		ok(exec_is_streaming(2, w2), "monitor-traffic streams");
		ok(!exec_is_streaming(3, w3), "monitor-traffic once ends");
		ok(!exec_is_streaming(1, w4), "print ends");
		ok(!exec_is_streaming(3, w5), "ping with count ends");
		ok(exec_is_streaming(1, w6), "listen streams");
	}
	is_int(charset_parse("CP1252"), CHARSET_CP1252, "charset names");
	is_int(charset_parse("latin9"), -1, "unknown charset");
	freeargvs();
	return tap_done();
}
