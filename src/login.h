/*
 * login.h: the RouterOS API login exchange, pure (no I/O).
 *
 * Hybrid method (protocol reference section 5): send /login with =name= and
 * =password=; a bare !done means logged in; a !done carrying =ret= is a
 * pre-6.43 challenge, answered with =response=00<md5hex> where md5hex is
 * MD5(0x00 + password + hex-decoded challenge).
 */
#ifndef TIKDECK_LOGIN_H
#define TIKDECK_LOGIN_H

#include "codec.h"

enum login_state {
	LOGIN_SENT_PLAIN,	/* waiting for the reply to name+password */
	LOGIN_SENT_RESPONSE,	/* waiting for the reply to the MD5 response */
	LOGIN_OK,
	LOGIN_FAILED
};

struct login {
	enum login_state	 state;
	char			*user;
	char			*password;	/* wiped on free */
	struct buf		 trap;		/* router's trap text(s) */
	int			 traps;		/* !trap sentences seen */
	char			 error[512];	/* set when LOGIN_FAILED */
	int			 used_challenge;
};

void login_init(struct login *l, const char *user, const char *password);
void login_free(struct login *l);

/* Append the first /login sentence (encoded) to out. */
void login_start(struct login *l, struct buf *out);

/* Feed one reply sentence.  May append a sentence to send to out.  Returns
 * the new state; LOGIN_FAILED sets l->error to a message for the admin,
 * quoting the router's own text verbatim when it sent one. */
enum login_state login_reply(struct login *l, const struct sentence *s,
    struct buf *out);

/* The MD5 challenge response "00" + 32 hex digits into out[35].  Returns 0
 * if challenge_hex is not valid hex. */
int login_md5_response(const char *password, const char *challenge_hex,
    size_t challenge_len, char out[35]);

/* Is this attribute name a secret whose value logs must redact? */
int login_is_secret_attr(const struct tword *name);

#endif
