/*
 * test_embed.c: the in-process simulator API of src/sim/sim.h, the way
 * `tikdeck --demo` uses it: sim_new, sim_serve_fd on one end of a
 * socketpair, shared state between two connections, and sim_free while
 * connections (one with a running listen) are still open.
 */
#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "codec.h"
#include "sim/sim.h"
#include "../unit/tap.h"

struct peer {
	int		 fd;
	struct codec	*codec;
};

static int peer_open(struct sim *sim, struct peer *p);
static void peer_send(struct peer *p, const char *const *words);
static int peer_read(struct peer *p, struct sentence *s);
static int first_is(const struct sentence *s, const char *w);

/* Connect a socketpair end to the simulator. */
static int
peer_open(struct sim *sim, struct peer *p)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return -1;
	p->fd = sv[0];
	p->codec = codec_new(NULL);
	return sim_serve_fd(sim, sv[1]);
}

/* Send a NULL-terminated list of words as one sentence. */
static void
peer_send(struct peer *p, const char *const *words)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; words[i] != NULL; i++)
		codec_put_str(&b, words[i]);
	codec_put_word(&b, NULL, 0);
	if (write(p->fd, b.p, b.len) != (ssize_t)b.len)
		fatalx("short write");
	buf_free(&b);
}

/* Next sentence (5 s timeout); 0 on success. */
static int
peer_read(struct peer *p, struct sentence *s)
{
	for (;;) {
		struct pollfd pf = { p->fd, POLLIN, 0 };
		char tmp[4096];
		ssize_t n;

		if (codec_next(p->codec, s) == CODEC_SENTENCE)
			return 0;
		if (poll(&pf, 1, 5000) != 1)
			return -1;
		n = read(p->fd, tmp, sizeof tmp);
		if (n <= 0)
			return -1;
		codec_feed(p->codec, tmp, (size_t)n);
	}
}

/* Does the sentence start with w? */
static int
first_is(const struct sentence *s, const char *w)
{
	return s->n > 0 && word_eq(&s->w[0], w);
}

int
main(void)
{
	static const char *const login[] = { "/login", "=name=admin",
	    "=password=", NULL };
	static const char *const ident[] = { "/system/identity/print", NULL };
	static const char *const setid[] = { "/system/identity/set",
	    "=name=demo", NULL };
	static const char *const listen[] = { "/interface/listen", ".tag=l",
	    NULL };
	static const char *users[] = { "viewer:pw:read" };
	struct sim_opts o;
	struct sim *sim;
	struct peer a, b;
	struct sentence s;
	struct tword v;
	char err[256];

	memset(&o, 0, sizeof o);
	o.profile = "9.99";
	ok(sim_new(&o, err, sizeof err) == NULL, "bad profile refused");
	ok(strstr(err, "9.99") != NULL, "message names it: %s", err);
	o.profile = "7.18";
	o.frozen = 1;
	o.users = users;
	o.nusers = 1;
	sim = sim_new(&o, err, sizeof err);
	ok(sim != NULL, "sim_new");
	is_int(peer_open(sim, &a), 0, "serve fd a");
	is_int(peer_open(sim, &b), 0, "serve fd b");

	peer_send(&a, login);
	ok(peer_read(&a, &s) == 0 && first_is(&s, "!done") && s.n == 1,
	    "login a");
	peer_send(&b, login);
	ok(peer_read(&b, &s) == 0 && first_is(&s, "!done"), "login b");
	peer_send(&a, setid);
	ok(peer_read(&a, &s) == 0 && first_is(&s, "!done"), "set identity");
	peer_send(&b, ident);
	ok(peer_read(&b, &s) == 0 && first_is(&s, "!re") &&
	    sentence_attr(&s, "name", &v) && word_eq(&v, "demo"),
	    "b sees a's change");
	ok(peer_read(&b, &s) == 0 && first_is(&s, "!done"), "!done");
	peer_send(&b, listen);

	/* Free the router with both connections open and a listen running. */
	sim_free(&sim);
	ok(sim == NULL, "sim_free clears the pointer");
	ok(peer_read(&a, &s) != 0, "a closed by sim_free");
	ok(peer_read(&b, &s) != 0, "b closed by sim_free");
	close(a.fd);
	close(b.fd);
	codec_free(&a.codec);
	codec_free(&b.codec);
	return tap_done();
}
