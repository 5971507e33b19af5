/* test_login.c: the hybrid login exchange (protocol reference section 5),
 * driven with encoded reply sentences. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "login.h"
#include "tap.h"

static enum login_state feed(struct login *l, struct buf *out, ...);
static void started(struct login *l, struct buf *out, const char *user,
    const char *pass);
static int sent_is(struct buf *out, const char *what, ...);
static void test_md5_vectors(void);
static void test_md5_invalid(void);
static void test_modern_ok(void);
static void test_modern_fail(void);
static void test_legacy_ok(void);
static void test_legacy_fail(void);
static void test_nonhex(void);
static void test_fatal(void);
static void test_traps(void);
static void test_unexpected(void);
static void test_long_password(void);
static void test_secret_attr(void);

/* A login past its first request (out emptied). */
static void
started(struct login *l, struct buf *out, const char *user, const char *pass)
{
	login_init(l, user, pass);
	login_start(l, out);
	buf_reset(out);
}

/* Encode one reply (words up to NULL), decode it, hand it to login_reply. */
static enum login_state
feed(struct login *l, struct buf *out, ...)
{
	struct buf wire;
	struct codec *c = codec_new(NULL);
	struct sentence s;
	enum login_state st = l->state;
	const char *w;
	va_list ap;

	buf_init(&wire);
	va_start(ap, out);
	while ((w = va_arg(ap, const char *)) != NULL)
		codec_put_str(&wire, w);
	va_end(ap);
	codec_put_word(&wire, NULL, 0);
	codec_feed(c, wire.p, wire.len);
	if (codec_next(c, &s) == CODEC_SENTENCE)
		st = login_reply(l, &s, out);
	else
		diag("test reply did not decode");
	codec_free(&c);
	buf_free(&wire);
	return st;
}

/* Is out exactly one sentence with the given words (up to NULL)?  Clears
 * out. */
static int
sent_is(struct buf *out, const char *what, ...)
{
	struct codec *c = codec_new(NULL);
	struct sentence s;
	const char *w;
	va_list ap;
	size_t i = 0;
	int good = 1;

	codec_feed(c, out->p, out->len);
	if (codec_next(c, &s) != CODEC_SENTENCE) {
		codec_free(&c);
		buf_reset(out);
		return ok(0, "%s: no sentence sent", what);
	}
	va_start(ap, what);
	while ((w = va_arg(ap, const char *)) != NULL) {
		if (i >= s.n || !word_eq(&s.w[i], w)) {
			diag("word %zu: want \"%s\"", i, w);
			good = 0;
		}
		i++;
	}
	va_end(ap);
	if (i != s.n) {
		diag("%zu words sent, %zu expected", s.n, i);
		good = 0;
	}
	if (codec_next(c, &s) != CODEC_MORE || codec_pending(c) != 0) {
		diag("more than one sentence sent");
		good = 0;
	}
	codec_free(&c);
	buf_reset(out);
	return ok(good, "%s", what);
}

/* Section 5.2's four vectors. */
static void
test_md5_vectors(void)
{
	static const struct {
		const char	*chal;
		const char	*pass;
		const char	*resp;
		const char	*src;
	} v[] = {
		{ "259e0bc05acd6f46926dc2f809ed1bba", "test",
		    "00c7fd865183a43a772dde231f6d0bff13", "LRO" },
		{ "93b438ec9b80057c06dd9fe67d56aa9a", "",
		    "00e134102a9d330dd7b1849fedfea3cb57", "DOC" },
		{ "856780b7411eefd3abadee2058c149a3", "",
		    "005062f7a5ef124d34675bf3e81f56c556", "WIKI" },
		{ "abc123", "passTest",
		    "0021277bff9ac7caf06aa608e46616d47f", "GOR" },
	};
	size_t i;
	char out[35];

	for (i = 0; i < TD_ARRAY_LEN(v); i++) {
		memset(out, 'X', sizeof out);
		is_int(login_md5_response(v[i].pass, v[i].chal,
		    strlen(v[i].chal), out), 1, "%s vector computes", v[i].src);
		is_str(out, v[i].resp, "%s vector: %s", v[i].src, v[i].resp);
	}
	/* upper-case hex decodes to the same bytes */
	login_md5_response("test", "259E0BC05ACD6F46926DC2F809ED1BBA", 32,
	    out);
	is_str(out, v[0].resp, "upper-case challenge");
	/* the length argument bounds the challenge */
	login_md5_response("passTest", "abc123ffff", 6, out);
	is_str(out, v[3].resp, "challenge_len is honoured");
}

/* Not hex: odd length or a non-hex digit. */
static void
test_md5_invalid(void)
{
	char out[35];

	is_int(login_md5_response("x", "Invalid Hex String", 18, out), 0,
	    "non-hex challenge refused");
	is_int(login_md5_response("x", "abc", 3, out), 0,
	    "odd-length challenge refused");
	is_int(login_md5_response("x", "ab\0c", 4, out), 0,
	    "NUL in the challenge refused");
}

/* >= 6.43: name and password, bare !done. */
static void
test_modern_ok(void)
{
	struct login l;
	struct buf out;

	buf_init(&out);
	login_init(&l, "admin", "s3cret");
	login_start(&l, &out);
	sent_is(&out, "modern: /login =name= =password=", "/login",
	    "=name=admin", "=password=s3cret", NULL);
	is_int(l.state, LOGIN_SENT_PLAIN, "waiting for the reply");
	is_int(feed(&l, &out, "!done", NULL), LOGIN_OK, "bare !done: logged in");
	is_int((long long)out.len, 0, "nothing more to send");
	is_int(l.used_challenge, 0, "no challenge used");
	is_int(feed(&l, &out, "!trap", "=message=late", NULL), LOGIN_OK,
	    "replies after the end change nothing");
	login_free(&l);
	ok(l.password == NULL && l.user == NULL, "login_free clears");
	login_free(&l);

	login_init(&l, "", "");
	login_start(&l, &out);
	sent_is(&out, "empty name and password", "/login", "=name=",
	    "=password=", NULL);
	is_int(feed(&l, &out, "!done", ".tag=1", NULL), LOGIN_OK,
	    "a tagged !done is fine too");
	login_free(&l);
	buf_free(&out);
}

/* >= 6.43 refusal: trap then done, the router's text verbatim. */
static void
test_modern_fail(void)
{
	struct login l;
	struct buf out;

	buf_init(&out);
	started(&l, &out, "admin", "wrong");
	is_int(feed(&l, &out, "!trap",
	    "=message=invalid user name or password (6)", NULL),
	    LOGIN_SENT_PLAIN, "!trap: still waiting for !done");
	is_int(feed(&l, &out, "!done", NULL), LOGIN_FAILED, "!done: failed");
	is_str(l.error, "login failed: invalid user name or password (6)",
	    "error quotes the router");
	is_int((long long)out.len, 0, "nothing sent");
	login_free(&l);

	/* a trap without a message */
	login_init(&l, "admin", "wrong");
	login_start(&l, &out);
	feed(&l, &out, "!trap", "=category=4", NULL);
	is_int(feed(&l, &out, "!done", NULL), LOGIN_FAILED,
	    "trap without a message fails");
	ok(strstr(l.error, "without a message") != NULL, "error: %s",
	    l.error);
	login_free(&l);
	buf_free(&out);
}

/* < 6.43: challenge, MD5 response, done. */
static void
test_legacy_ok(void)
{
	struct login l;
	struct buf out;

	buf_init(&out);
	started(&l, &out, "admin", "test");
	is_int(feed(&l, &out, "!done", "=ret=259e0bc05acd6f46926dc2f809ed1bba",
	    NULL), LOGIN_SENT_RESPONSE, "challenge: response sent");
	sent_is(&out, "legacy: /login =name= =response=", "/login",
	    "=name=admin", "=response=00c7fd865183a43a772dde231f6d0bff13",
	    NULL);
	is_int(l.used_challenge, 1, "challenge used");
	is_int(feed(&l, &out, "!done", NULL), LOGIN_OK, "logged in");
	is_int((long long)out.len, 0, "nothing more to send");
	login_free(&l);

	/* GOR TestLoginPre643 */
	started(&l, &out, "userTest", "passTest");
	feed(&l, &out, "!done", "=ret=abc123", NULL);
	sent_is(&out, "GOR pre-6.43 script", "/login", "=name=userTest",
	    "=response=0021277bff9ac7caf06aa608e46616d47f", NULL);
	is_int(feed(&l, &out, "!done", NULL), LOGIN_OK, "GOR: logged in");
	login_free(&l);
	buf_free(&out);
}

/* < 6.43 refusal: cannot log in. */
static void
test_legacy_fail(void)
{
	struct login l;
	struct buf out;

	buf_init(&out);
	started(&l, &out, "admin", "bad");
	feed(&l, &out, "!done", "=ret=93b438ec9b80057c06dd9fe67d56aa9a", NULL);
	buf_reset(&out);
	is_int(feed(&l, &out, "!trap", "=message=cannot log in", NULL),
	    LOGIN_SENT_RESPONSE, "trap after the response");
	is_int(feed(&l, &out, "!done", NULL), LOGIN_FAILED, "then failed");
	is_str(l.error, "login failed: cannot log in", "error quotes the router");
	is_int((long long)out.len, 0, "nothing sent");
	login_free(&l);
	buf_free(&out);
}

/* GOR's non-hex challenge, and an empty one. */
static void
test_nonhex(void)
{
	struct login l;
	struct buf out;

	buf_init(&out);
	started(&l, &out, "admin", "x");
	is_int(feed(&l, &out, "!done", "=ret=Invalid Hex String", NULL),
	    LOGIN_FAILED, "non-hex challenge fails");
	ok(strstr(l.error, "not hex") != NULL &&
	    strstr(l.error, "Invalid Hex String") != NULL, "error: %s",
	    l.error);
	is_int((long long)out.len, 0, "nothing sent");
	login_free(&l);

	started(&l, &out, "admin", "x");
	is_int(feed(&l, &out, "!done", "=ret=", NULL), LOGIN_FAILED,
	    "empty challenge fails");
	login_free(&l);

	started(&l, &out, "admin", "x");
	is_int(feed(&l, &out, "!done", "=ret=ab\x01\x02", NULL), LOGIN_FAILED,
	    "control bytes in the challenge fail");
	ok(strstr(l.error, "\"ab??\"") != NULL, "shown as '?': %s", l.error);
	login_free(&l);
	buf_free(&out);
}

/* !fatal with its bare reason word. */
static void
test_fatal(void)
{
	struct login l;
	struct buf out;

	buf_init(&out);
	started(&l, &out, "admin", "x");
	is_int(feed(&l, &out, "!fatal", "not logged in", NULL), LOGIN_FAILED,
	    "!fatal fails");
	is_str(l.error, "login failed: the router closed the session: "
	    "not logged in", "error names the reason");
	login_free(&l);

	login_init(&l, "admin", "x");
	login_start(&l, &out);
	is_int(feed(&l, &out, "!fatal", "=message=too many", NULL),
	    LOGIN_FAILED, "!fatal with =message= (GOR's fake)");
	is_str(l.error, "login failed: the router closed the session: "
	    "too many", "error names the message");
	login_free(&l);

	login_init(&l, "admin", "x");
	login_start(&l, &out);
	is_int(feed(&l, &out, "!fatal", NULL), LOGIN_FAILED,
	    "bare !fatal fails");
	is_str(l.error, "login failed: the router closed the session",
	    "error without a reason");
	login_free(&l);

	/* after a challenge too */
	login_init(&l, "admin", "x");
	login_start(&l, &out);
	feed(&l, &out, "!done", "=ret=abc123", NULL);
	is_int(feed(&l, &out, "!fatal", "session terminated on request", NULL),
	    LOGIN_FAILED, "!fatal after the response fails");
	login_free(&l);
	buf_free(&out);
}

/* Several traps are joined with ", ". */
static void
test_traps(void)
{
	struct login l;
	struct buf out;

	buf_init(&out);
	login_init(&l, "admin", "x");
	login_start(&l, &out);
	feed(&l, &out, "!trap", "=message=no such command or directory "
	    "(login)", NULL);
	feed(&l, &out, "!trap", "=category=0", "=message=no such command "
	    "prefix", NULL);
	is_int(feed(&l, &out, "!done", NULL), LOGIN_FAILED, "two traps fail");
	is_str(l.error, "login failed: no such command or directory (login), "
	    "no such command prefix", "messages joined with \", \"");
	login_free(&l);
	buf_free(&out);
}

/* Reply words that do not belong in a login. */
static void
test_unexpected(void)
{
	static const char *words[] = { "!bogus", "!re", "!empty", "done" };
	struct login l;
	struct buf out;
	size_t i;

	buf_init(&out);
	for (i = 0; i < TD_ARRAY_LEN(words); i++) {
		char want[64];

		login_init(&l, "admin", "x");
		login_start(&l, &out);
		buf_reset(&out);
		is_int(feed(&l, &out, words[i], "=a=b", NULL), LOGIN_FAILED,
		    "reply %s fails", words[i]);
		snprintf(want, sizeof want, "\"%s\"", words[i]);
		ok(strstr(l.error, want) != NULL, "error names %s: %s",
		    words[i], l.error);
		is_int((long long)out.len, 0, "nothing sent");
		is_int(feed(&l, &out, "!done", NULL), LOGIN_FAILED,
		    "stays failed");
		login_free(&l);
	}
	buf_free(&out);
}

/* A long password with special characters (NRO's test) travels whole. */
static void
test_long_password(void)
{
	struct login l;
	struct buf out, w;
	char pw[160];
	size_t i;

	for (i = 0; i < sizeof pw - 1; i++)
		pw[i] = "!@#$%^&*()_+=-{}[]:;\"'<>,.?/~`|\\ aZ9"[i % 37];
	pw[sizeof pw - 1] = '\0';
	buf_init(&out);
	buf_init(&w);
	buf_adds(&w, "=password=");
	buf_adds(&w, pw);
	login_init(&l, "admin", pw);
	login_start(&l, &out);
	sent_is(&out, "159-character password sent whole", "/login",
	    "=name=admin", w.p, NULL);
	login_free(&l);
	buf_free(&w);
	buf_free(&out);
}

/* Names whose values are redacted in logs. */
static void
test_secret_attr(void)
{
	static const char *yes[] = {
		"password", "response", "passphrase", "secret",
		"authentication-password", "encryption-password", "psk",
		"key", "new-password", "old-password", "private-key",
		"wpa2-pre-shared-key", "preshared-key", "static-key-0",
		"radius-secret", "security.passphrase", "tcp-md5-key",
		"export-passphrase", "static-sta-private-key",
		"authentication-key", "pin",
	};
	static const char *no[] = {
		"name", "comment", "public-key", "address", "user",
		"passwords", "secretary", "keyboard", "responses", "disabled",
		"", "key-id", "mac-address", "apassword",
	};
	size_t i;
	struct tword w;

	for (i = 0; i < TD_ARRAY_LEN(yes); i++) {
		w = word_str(yes[i]);
		ok(login_is_secret_attr(&w), "%s is secret", yes[i]);
	}
	for (i = 0; i < TD_ARRAY_LEN(no); i++) {
		w = word_str(no[i]);
		ok(!login_is_secret_attr(&w), "\"%s\" is not secret", no[i]);
	}
	w.p = "password-x";
	w.len = 8;
	ok(login_is_secret_attr(&w), "uses the word's length, not NUL");
}

/* Run every group of checks. */
int
main(void)
{
	test_md5_vectors();
	test_md5_invalid();
	test_modern_ok();
	test_modern_fail();
	test_legacy_ok();
	test_legacy_fail();
	test_nonhex();
	test_fatal();
	test_traps();
	test_unexpected();
	test_long_password();
	test_secret_attr();
	return tap_done();
}
