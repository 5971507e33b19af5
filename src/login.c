/* login.c: the RouterOS API login exchange (hybrid plain / MD5 challenge). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "i18n.h"
#include "login.h"

/* Longest piece of router text quoted in an error message. */
#define LOGIN_QUOTE_MAX	200

static int login_hexval(unsigned char c);
static int login_hex_valid(const char *p, size_t n);
static void login_quote(struct buf *b, const char *p, size_t n);
static enum login_state login_fail(struct login *l, const char *fmt, ...)
    TD_PRINTF(2, 3);
static void login_put_attr(struct buf *out, const char *name,
    const char *value);
static enum login_state login_done(struct login *l, const struct sentence *s,
    struct buf *out);
static enum login_state login_fatal(struct login *l,
    const struct sentence *s);
static void login_trap(struct login *l, const struct sentence *s);

/* How an entry of the secret attribute table matches a name. */
enum secret_match {
	SECRET_EXACT,	/* the whole name */
	SECRET_SUFFIX,	/* the whole name, or after a '-' or '.' */
	SECRET_PREFIX	/* the start of the name */
};

/* Attribute names whose values are secrets in RouterOS menus: /user,
 * /ppp/secret, /radius, /snmp/community, /interface/wireless/security-
 * profiles, /interface/wifi, /interface/wireguard, /ip/ipsec, /certificate,
 * /routing/bgp, /system/ntp/key, LTE. */
static const struct {
	const char		*name;
	enum secret_match	 match;
} login_secrets[] = {
	{ "password", SECRET_SUFFIX },		/* new-password, ... */
	{ "passphrase", SECRET_SUFFIX },	/* export-passphrase, ... */
	{ "secret", SECRET_SUFFIX },		/* radius-secret, ... */
	{ "private-key", SECRET_SUFFIX },	/* wireguard, static-sta- */
	{ "pre-shared-key", SECRET_SUFFIX },	/* wpa2-pre-shared-key */
	{ "preshared-key", SECRET_SUFFIX },	/* wireguard peers */
	{ "md5-key", SECRET_SUFFIX },		/* bgp tcp-md5-key */
	{ "authentication-key", SECRET_SUFFIX },/* ospf */
	{ "static-key-", SECRET_PREFIX },	/* wep static-key-0..3 */
	{ "response", SECRET_EXACT },		/* /login MD5 response */
	{ "psk", SECRET_EXACT },
	{ "key", SECRET_EXACT },
	{ "pin", SECRET_EXACT },
};

/* Value of one hex digit, or -1. */
static int
login_hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* An even number of hex digits, at least two. */
static int
login_hex_valid(const char *p, size_t n)
{
	size_t i;

	if (n == 0 || n % 2 != 0)
		return 0;
	for (i = 0; i < n; i++)
		if (login_hexval((unsigned char)p[i]) < 0)
			return 0;
	return 1;
}

/* Append router text, bounded, with control bytes shown as '?'. */
static void
login_quote(struct buf *b, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < LOGIN_QUOTE_MAX; i++) {
		unsigned char c = (unsigned char)p[i];

		buf_addc(b, c < 0x20 || c == 0x7F ? '?' : (char)c);
	}
	if (n > LOGIN_QUOTE_MAX)
		buf_adds(b, "...");
}

/* Enter LOGIN_FAILED with a formatted message. */
static enum login_state
login_fail(struct login *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l->error, sizeof l->error, fmt, ap);
	va_end(ap);
	l->state = LOGIN_FAILED;
	return l->state;
}

/* Append the word "=name=value" to out, wiping the scratch copy. */
static void
login_put_attr(struct buf *out, const char *name, const char *value)
{
	struct buf w;

	buf_init(&w);
	buf_addc(&w, '=');
	buf_adds(&w, name);
	buf_addc(&w, '=');
	buf_adds(&w, value);
	codec_put_word(out, w.p, (uint32_t)w.len);
	OPENSSL_cleanse(w.p, w.cap);
	buf_free(&w);
}

/* Prepare a login for user and password (both copied). */
void
login_init(struct login *l, const char *user, const char *password)
{
	memset(l, 0, sizeof *l);
	l->state = LOGIN_SENT_PLAIN;
	l->user = xstrdup(user != NULL ? user : "");
	l->password = xstrdup(password != NULL ? password : "");
	buf_init(&l->trap);
}

/* Wipe the password and release everything. */
void
login_free(struct login *l)
{
	if (l->password != NULL) {
		OPENSSL_cleanse(l->password, strlen(l->password));
		free(l->password);
		l->password = NULL;
	}
	free(l->user);
	l->user = NULL;
	buf_free(&l->trap);
}

/* The first sentence: /login =name= =password= (hybrid method). */
void
login_start(struct login *l, struct buf *out)
{
	l->state = LOGIN_SENT_PLAIN;
	l->traps = 0;
	buf_reset(&l->trap);
	l->error[0] = '\0';
	codec_put_str(out, "/login");
	login_put_attr(out, "name", l->user);
	login_put_attr(out, "password", l->password);
	codec_put_word(out, NULL, 0);
}

/* MD5(0x00 + password + hex-decoded challenge), as "00" + hex. */
int
login_md5_response(const char *password, const char *challenge_hex,
    size_t challenge_len, char out[35])
{
	static const char hex[] = "0123456789abcdef";
	size_t pwlen = strlen(password), n, i;
	unsigned char *msg, md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	const EVP_MD *md5;
	int ok;

	if (challenge_len % 2 != 0)
		return 0;
	for (i = 0; i < challenge_len; i++)
		if (login_hexval((unsigned char)challenge_hex[i]) < 0)
			return 0;
	n = 1 + pwlen + challenge_len / 2;
	msg = xmalloc(n);
	msg[0] = 0;
	memcpy(msg + 1, password, pwlen);
	for (i = 0; i < challenge_len / 2; i++)
		msg[1 + pwlen + i] = (unsigned char)(
		    login_hexval((unsigned char)challenge_hex[2 * i]) << 4 |
		    login_hexval((unsigned char)challenge_hex[2 * i + 1]));
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
	{
		EVP_MD *fetched = EVP_MD_fetch(NULL, "MD5", NULL);

		md5 = fetched;
		ok = fetched != NULL &&
		    EVP_Digest(msg, n, md, &mdlen, md5, NULL) == 1 &&
		    mdlen == 16;
		EVP_MD_free(fetched);
	}
#else
	md5 = EVP_md5();
	ok = EVP_Digest(msg, n, md, &mdlen, md5, NULL) == 1 && mdlen == 16;
#endif
	OPENSSL_cleanse(msg, n);
	free(msg);
	if (!ok)
		return 0;
	out[0] = '0';
	out[1] = '0';
	for (i = 0; i < 16; i++) {
		out[2 + 2 * i] = hex[md[i] >> 4];
		out[3 + 2 * i] = hex[md[i] & 0x0F];
	}
	out[34] = '\0';
	OPENSSL_cleanse(md, sizeof md);
	return 1;
}

/* Remember a !trap's message; the !done that follows ends the login. */
static void
login_trap(struct login *l, const struct sentence *s)
{
	struct tword msg;

	l->traps++;
	if (!sentence_attr(s, "message", &msg) || msg.len == 0)
		return;
	if (l->trap.len > 0)
		buf_adds(&l->trap, ", ");
	login_quote(&l->trap, msg.p, msg.len);
}

/* !done: success, a challenge to answer, or the end of a failure. */
static enum login_state
login_done(struct login *l, const struct sentence *s, struct buf *out)
{
	struct tword ret;
	char resp[35];
	struct buf q;

	if (l->traps > 0) {
		if (l->trap.len == 0)
			return login_fail(l, "%s",
			    _("login failed: the router refused it without "
			    "a message"));
		return login_fail(l, _("login failed: %s"), l->trap.p);
	}
	if (l->state != LOGIN_SENT_PLAIN || !sentence_attr(s, "ret", &ret)) {
		l->state = LOGIN_OK;
		return l->state;
	}
	/* A pre-6.43 router: answer the MD5 challenge. */
	if (!login_hex_valid(ret.p, ret.len)) {
		buf_init(&q);
		login_quote(&q, ret.p, ret.len);
		login_fail(l, _("login failed: the router's challenge is not "
		    "hex: \"%s\""), q.p != NULL ? q.p : "");
		buf_free(&q);
		return l->state;
	}
	if (!login_md5_response(l->password, ret.p, ret.len, resp))
		return login_fail(l, "%s", _("login failed: MD5 is not "
		    "available to answer the router's challenge"));
	codec_put_str(out, "/login");
	login_put_attr(out, "name", l->user);
	login_put_attr(out, "response", resp);
	codec_put_word(out, NULL, 0);
	OPENSSL_cleanse(resp, sizeof resp);
	l->used_challenge = 1;
	l->state = LOGIN_SENT_RESPONSE;
	return l->state;
}

/* !fatal: the router is closing; its reason is a bare word (or, from some
 * fakes, a =message= attribute). */
static enum login_state
login_fatal(struct login *l, const struct sentence *s)
{
	struct tword msg;
	struct buf q;

	buf_init(&q);
	if (s->n > 1 && !word_prefix(&s->w[1], "=") &&
	    !word_prefix(&s->w[1], ".tag="))
		login_quote(&q, s->w[1].p, s->w[1].len);
	else if (sentence_attr(s, "message", &msg))
		login_quote(&q, msg.p, msg.len);
	if (q.len > 0)
		login_fail(l, _("login failed: the router closed the "
		    "session: %s"), q.p);
	else
		login_fail(l, "%s", _("login failed: the router closed the "
		    "session"));
	buf_free(&q);
	return l->state;
}

/* Advance the exchange by one router sentence. */
enum login_state
login_reply(struct login *l, const struct sentence *s, struct buf *out)
{
	struct reply r;
	struct buf q;

	if (l->state == LOGIN_OK || l->state == LOGIN_FAILED)
		return l->state;
	reply_parse(s, &r);
	switch (r.type) {
	case REPLY_TRAP:
		login_trap(l, s);
		return l->state;
	case REPLY_DONE:
		return login_done(l, s, out);
	case REPLY_FATAL:
		return login_fatal(l, s);
	case REPLY_RE:
	case REPLY_EMPTY:
	case REPLY_UNKNOWN:
		break;
	}
	buf_init(&q);
	if (s->n > 0)
		login_quote(&q, s->w[0].p, s->w[0].len);
	login_fail(l, _("login failed: unexpected reply \"%s\" from the "
	    "router"), q.p != NULL ? q.p : "");
	buf_free(&q);
	return l->state;
}

/* Match name against the secret attribute table. */
int
login_is_secret_attr(const struct tword *name)
{
	size_t i, n;
	const char *p;

	for (i = 0; i < TD_ARRAY_LEN(login_secrets); i++) {
		p = login_secrets[i].name;
		n = strlen(p);
		switch (login_secrets[i].match) {
		case SECRET_EXACT:
			if (word_eq(name, p))
				return 1;
			break;
		case SECRET_PREFIX:
			if (word_prefix(name, p))
				return 1;
			break;
		case SECRET_SUFFIX:
			if (name->len < n ||
			    memcmp(name->p + name->len - n, p, n) != 0)
				break;
			if (name->len == n ||
			    name->p[name->len - n - 1] == '-' ||
			    name->p[name->len - n - 1] == '.')
				return 1;
			break;
		}
	}
	return 0;
}
