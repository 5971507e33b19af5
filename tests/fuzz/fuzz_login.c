/*
 * fuzz_login.c: router replies into the login exchange.
 *
 * The input is decoded as a stream of reply sentences and each is handed
 * to login_reply.  Whatever arrives, the state machine must only move
 * forward, send nothing but a well-formed MD5 response, and leave a
 * printable error when it fails.
 */
#include "config.h"

#include <string.h>

#include "codec.h"
#include "fuzz.h"
#include "login.h"

#define FUZZ_USER	"admin"
#define FUZZ_PASSWORD	"test"

static const struct codec_limits fuzz_login_limits = { 4096, 65536, 64 };

static void fuzz_check_response(struct buf *out, const struct sentence *s);
static void fuzz_check_error(const struct login *l);

/* out holds /login =name=admin =response=00<md5> for s's challenge. */
static void
fuzz_check_response(struct buf *out, const struct sentence *s)
{
	struct codec *c = codec_new(NULL);
	struct sentence o;
	struct tword ret;
	struct buf want;
	char resp[35];

	FUZZ_CHECK(sentence_attr(s, "ret", &ret));
	FUZZ_CHECK(login_md5_response(FUZZ_PASSWORD, ret.p, ret.len, resp));
	buf_init(&want);
	buf_adds(&want, "=response=");
	buf_adds(&want, resp);
	codec_feed(c, out->p, out->len);
	FUZZ_CHECK(codec_next(c, &o) == CODEC_SENTENCE);
	FUZZ_CHECK(o.n == 3);
	FUZZ_CHECK(word_eq(&o.w[0], "/login"));
	FUZZ_CHECK(word_eq(&o.w[1], "=name=" FUZZ_USER));
	FUZZ_CHECK(word_eq(&o.w[2], want.p));
	FUZZ_CHECK(codec_next(c, &o) == CODEC_MORE);
	FUZZ_CHECK(codec_pending(c) == 0);
	buf_free(&want);
	codec_free(&c);
}

/* A failure message: set, terminated, no control bytes. */
static void
fuzz_check_error(const struct login *l)
{
	size_t i, n = strnlen(l->error, sizeof l->error);

	FUZZ_CHECK(n > 0 && n < sizeof l->error);
	for (i = 0; i < n; i++)
		FUZZ_CHECK((unsigned char)l->error[i] >= 0x20 &&
		    l->error[i] != 0x7F);
}

/* One input: a stream of replies to a login. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct codec *c = codec_new(&fuzz_login_limits);
	struct login l;
	struct buf out;
	struct sentence s;
	struct tword name, value;
	enum login_state prev, st;
	char resp[35];
	size_t i;

	buf_init(&out);
	login_init(&l, FUZZ_USER, FUZZ_PASSWORD);
	login_start(&l, &out);
	FUZZ_CHECK(l.state == LOGIN_SENT_PLAIN && out.len > 0);
	buf_reset(&out);
	codec_feed(c, data, size);
	while (codec_next(c, &s) == CODEC_SENTENCE) {
		for (i = 0; i < s.n; i++) {
			if (!word_attr(&s.w[i], &name, &value))
				continue;
			(void)login_is_secret_attr(&name);
			if (word_eq(&name, "ret"))
				(void)login_md5_response(FUZZ_PASSWORD,
				    value.p, value.len, resp);
		}
		prev = l.state;
		st = login_reply(&l, &s, &out);
		FUZZ_CHECK(st == l.state);
		if (prev == LOGIN_OK || prev == LOGIN_FAILED)
			FUZZ_CHECK(st == prev);
		if (prev == LOGIN_SENT_RESPONSE)
			FUZZ_CHECK(st != LOGIN_SENT_PLAIN);
		if (out.len > 0) {
			FUZZ_CHECK(prev == LOGIN_SENT_PLAIN &&
			    st == LOGIN_SENT_RESPONSE);
			fuzz_check_response(&out, &s);
			buf_reset(&out);
		} else
			FUZZ_CHECK(st != LOGIN_SENT_RESPONSE ||
			    prev == LOGIN_SENT_RESPONSE);
		if (st == LOGIN_FAILED)
			fuzz_check_error(&l);
		if (st == LOGIN_SENT_RESPONSE)
			FUZZ_CHECK(l.used_challenge);
	}
	login_free(&l);
	buf_free(&out);
	codec_free(&c);
	return 0;
}
