/*
 * session.c: one API connection: reading sentences, login, /quit, /cancel,
 * reply output with the fault-injection knobs, and the poll loop that also
 * drives the connection's streaming commands.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "simint.h"

#define READ_CHUNK	65536
/* Before login: at most this many sentences of at most this many bytes;
 * beyond, !fatal and close (the router's limits are not published). */
#define PRELOGIN_MAX_SENTENCES	16
#define PRELOGIN_MAX_BYTES	16384

static int session_read(struct conn *c);
static ssize_t conn_write(struct conn *c, const char *p, size_t n);
static void session_sentence(struct conn *c, const struct sentence *s);
static void req_parse(const struct sentence *s, struct req *r);
static void req_clear(struct req *r);
static void session_login(struct conn *c, struct req *r);
static void session_quit(struct conn *c);
static void session_cancel(struct conn *c, struct req *r);
static int login_check_md5(const char *pass, const unsigned char *chal,
    const struct tword *resp);
static void sleep_ms(int ms);
static void session_trace(struct conn *c, const struct sentence *s);
static size_t sentence_size(const struct sentence *s);

/* Bytes of a sentence's words. */
static size_t
sentence_size(const struct sentence *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->n; i++)
		n += s->w[i].len;
	return n;
}

/* Sleep a few milliseconds. */
static void
sleep_ms(int ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		continue;
}

/* ---- output ------------------------------------------------------------ */

/* Start a reply sentence, with .tag right after the reply word. */
void
out_begin(struct conn *c, const char *word, const char *tag)
{
	if (c->muted)
		return;
	codec_put_str(&c->out, word);
	if (tag != NULL) {
		size_t n = strlen(tag);
		char *w = xmalloc(n + 6);

		memcpy(w, ".tag=", 5);
		memcpy(w + 5, tag, n + 1);
		codec_put_word(&c->out, w, (uint32_t)(n + 5));
		free(w);
	}
}

/* Add "=name=value" (value: any bytes). */
void
out_attr(struct conn *c, const char *name, const char *val, size_t len)
{
	unsigned char pre[CODEC_LEN_MAX];
	size_t nl = strlen(name), wl = nl + 2 + len, pl;
	char *p;

	if (c->muted)
		return;
	pl = codec_len_encode((uint32_t)wl, pre);
	buf_reserve(&c->out, pl + wl);
	p = c->out.p + c->out.len;
	memcpy(p, pre, pl);
	p += pl;
	*p++ = '=';
	memcpy(p, name, nl);
	p += nl;
	*p++ = '=';
	if (len)
		memcpy(p, val, len);
	c->out.len += pl + wl;
	c->out.p[c->out.len] = '\0';
}

/* Add "=name=value" from a C string. */
void
out_attrs(struct conn *c, const char *name, const char *val)
{
	out_attr(c, name, val, strlen(val));
}

/* End a sentence; --drop-after counts here. */
void
out_end(struct conn *c)
{
	if (c->muted)
		return;
	codec_put_word(&c->out, NULL, 0);
	c->nsent++;
	if (c->virt)
		return;
	if (c->sim->o.drop_after && c->nsent >= c->sim->o.drop_after) {
		c->muted = 1;
		c->closing = 1;
	}
	if (c->sim->o.stall_after && c->nsent >= c->sim->o.stall_after) {
		/* Stop answering but keep the socket open. */
		c->muted = 1;
		c->stalled = 1;
	}
	if (c->sim->o.garbage_after && c->nsent == c->sim->o.garbage_after)
		buf_addc(&c->out, (char)0xF8);
}

/* !done. */
void
out_done(struct conn *c, const char *tag)
{
	out_begin(c, "!done", tag);
	out_end(c);
}

/* !done =ret=... */
void
out_done_ret(struct conn *c, const char *tag, const char *ret)
{
	out_begin(c, "!done", tag);
	out_attrs(c, "ret", ret);
	out_end(c);
}

/* !empty (7.18 and later only; callers check the profile). */
void
out_empty(struct conn *c, const char *tag)
{
	out_begin(c, "!empty", tag);
	out_end(c);
}

/* !trap [=category=N] =message=... */
void
out_trap(struct conn *c, const char *tag, int category, const char *msg)
{
	char cat[16];

	out_begin(c, "!trap", tag);
	if (category >= 0) {
		snprintf(cat, sizeof cat, "%d", category);
		out_attrs(c, "category", cat);
	}
	out_attrs(c, "message", msg);
	out_end(c);
}

/* A required argument is missing: the router's trap (category 1), !done. */
void
out_missing(struct conn *c, const char *tag, const char *args)
{
	char msg[256];

	snprintf(msg, sizeof msg, "missing value(s) of argument(s) %s", args);
	out_trap(c, tag, 1, msg);
	out_done(c, tag);
}

/* One !re with the row's fields, filtered by .proplist. */
void
out_row(struct conn *c, const char *tag, const struct kvlist *row,
    char **prop, size_t nprop, int64_t section)
{
	size_t i, j;

	out_begin(c, "!re", tag);
	for (i = 0; i < row->n; i++) {
		if (prop != NULL) {
			for (j = 0; j < nprop; j++)
				if (strcmp(prop[j], row->v[i].name) == 0)
					break;
			if (j == nprop)
				continue;
		}
		out_attr(c, row->v[i].name, row->v[i].val, row->v[i].len);
	}
	if (section >= 0) {
		char s[24];

		snprintf(s, sizeof s, "%lld", (long long)section);
		out_attrs(c, ".section", s);
	}
	out_end(c);
}

/* Write bytes to the peer (plain or TLS). */
static ssize_t
conn_write(struct conn *c, const char *p, size_t n)
{
	if (c->ssl != NULL) {
		int r = SSL_write(c->ssl, p, n > 1 << 30 ? 1 << 30 : (int)n);

		return r > 0 ? r : -1;
	}
	for (;;) {
		ssize_t r = send(c->fd, p, n, MSG_NOSIGNAL);

		if (r < 0 && errno == EINTR)
			continue;
		return r;
	}
}

/* Write everything buffered, honouring --latency and --chunk. */
int
out_flush(struct conn *c)
{
	size_t off = 0, chunk = c->sim->o.chunk;

	if (c->out.len > 0) {
		trace_out(c, c->out.p, c->out.len);
		if (c->sim->o.latency_ms > 0)
			sleep_ms(c->sim->o.latency_ms);
		if (chunk == 0)
			chunk = c->out.len;
		while (off < c->out.len) {
			size_t n = c->out.len - off;
			ssize_t w;

			if (c->sim->o.chunk_random)
				chunk = 1 + (size_t)(rand_r(&c->rnd) % 23);
			if (n > chunk)
				n = chunk;
			w = conn_write(c, c->out.p + off, n);
			if (w <= 0) {
				buf_reset(&c->out);
				return -1;
			}
			off += (size_t)w;
		}
		buf_reset(&c->out);
		/* Do not keep a huge buffer after a big print. */
		if (c->out.cap > (64u << 20))
			buf_free(&c->out);
	}
	return c->closing ? -1 : 0;
}

/* ---- requests ---------------------------------------------------------- */

/* Split a sentence into command, attributes, query words and tag. */
static void
req_parse(const struct sentence *s, struct req *r)
{
	size_t i;

	memset(r, 0, sizeof *r);
	r->cmd = s->w[0];
	r->a = xcalloc(s->n, sizeof *r->a);
	r->q = xcalloc(s->n, sizeof *r->q);
	for (i = 1; i < s->n; i++) {
		const struct tword *w = &s->w[i];

		if (w->len > 0 && w->p[0] == '=') {
			struct attr *a = &r->a[r->na++];

			word_attr(w, &a->name, &a->val);
		} else if (word_prefix(w, ".tag=")) {
			free(r->tag);
			r->tag = w->len > 5 ? xstrndup(w->p + 5, w->len - 5) :
			    NULL;
		} else if (w->len > 0 && w->p[0] == '.') {
			/* Other API attributes: none exist; ignore. */
		} else if (w->len > 0 && w->p[0] == '?') {
			r->q[r->nq].p = w->p + 1;
			r->q[r->nq].len = w->len - 1;
			r->nq++;
		} else
			r->badword = 1;
	}
}

/* Free what req_parse allocated. */
static void
req_clear(struct req *r)
{
	free(r->a);
	free(r->q);
	free(r->tag);
	memset(r, 0, sizeof *r);
}

/* An attribute's value, or NULL. */
const struct tword *
req_attr(const struct req *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->na; i++)
		if (word_eq(&r->a[i].name, name))
			return &r->a[i].val;
	return NULL;
}

/* An attribute's value as a new C string, or NULL. */
char *
req_attr_dup(const struct req *r, const char *name)
{
	const struct tword *w = req_attr(r, name);

	return w != NULL ? word_dup(w) : NULL;
}

/* ---- login ------------------------------------------------------------- */

/* Check an MD5 challenge response: "00" + hex(MD5(0 + pass + chal)). */
static int
login_check_md5(const char *pass, const unsigned char *chal,
    const struct tword *resp)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char zero = 0, md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	char hex[2 + 2 * EVP_MAX_MD_SIZE + 1];

	EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
	EVP_DigestUpdate(ctx, &zero, 1);
	EVP_DigestUpdate(ctx, pass, strlen(pass));
	EVP_DigestUpdate(ctx, chal, 16);
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	hex[0] = hex[1] = '0';
	for (i = 0; i < mdlen; i++)
		snprintf(hex + 2 + 2 * i, 3, "%02x", md[i]);
	return resp->len == 2 + 2 * mdlen &&
	    strncasecmp(resp->p, hex, resp->len) == 0;
}

/* /login in both methods, per profile (reference section 5). */
static void
session_login(struct conn *c, struct req *r)
{
	struct sim *sim = c->sim;
	const struct tword *resp = req_attr(r, "response");
	char *name = req_attr_dup(r, "name");
	char *pass = req_attr_dup(r, "password");
	const char *fail = sim->prof == PROF_642 ? "cannot log in" :
	    "invalid user name or password (6)";
	int ok = 0, legacy = sim->prof == PROF_642;
	struct stable *users;
	struct srow *u = NULL;

	if ((legacy && resp == NULL) ||
	    (!legacy && resp == NULL && name == NULL && pass == NULL)) {
		char hex[33];
		int i;

		if (!c->have_challenge) {
			if (RAND_bytes(c->challenge, sizeof c->challenge) != 1)
				for (i = 0; i < 16; i++)
					c->challenge[i] = (unsigned char)
					    rand_r(&c->rnd);
			c->have_challenge = 1;
		}
		for (i = 0; i < 16; i++)
			snprintf(hex + 2 * i, 3, "%02x", c->challenge[i]);
		out_done_ret(c, r->tag, hex);
		free(name);
		free(pass);
		return;
	}
	pthread_rwlock_wrlock(&sim->db);
	users = sim_table(sim, "/user");
	if (name != NULL)
		u = table_find_name(users, name);
	if (u != NULL) {
		const char *pw = row_get(u, "password");
		const char *dis = row_get(u, "disabled");

		if (pw == NULL)
			pw = "";
		if (legacy)
			ok = c->have_challenge && resp != NULL &&
			    login_check_md5(pw, c->challenge, resp);
		else
			ok = resp == NULL && strcmp(pw, pass != NULL ? pass :
			    "") == 0;
		if (dis != NULL && strcmp(dis, "true") == 0)
			ok = 0;
		if (ok && !sim_has_policy(sim, row_get(u, "group"), "api"))
			ok = 0;
	}
	if (ok) {
		struct stable *act = sim_table(sim, "/user/active");
		char when[48];
		struct srow *a;

		free(c->user);
		free(c->group);
		c->user = xstrdup(name);
		c->group = xstrdup(row_get(u, "group"));
		c->logged_in = 1;
		motion_fmt_datetime(sim, motion_wall(sim), when, sizeof when);
		row_sets(u, "last-logged-in", when);
		if (c->active_id == 0) {
			a = table_add(act, "");
			row_sets(a, "when", when);
			row_sets(a, "name", name);
			row_sets(a, "address", c->peer);
			row_sets(a, "via", "api");
			row_sets(a, "group", c->group);
			row_sets(a, "radius", "false");
			c->active_id = a->id;
			sim_changed(sim, (int)(act->m - sim_menus), a->id, 0);
		}
		motion_log(sim, "system,info,account",
		    "user %s logged in from %s via api", name, c->peer);
	} else
		motion_log(sim, "system,error,critical",
		    "login failure for user %s from %s via api",
		    name != NULL ? name : "", c->peer);
	pthread_rwlock_unlock(&sim->db);
	if (ok) {
		out_done(c, r->tag);
		if (sim->o.garbage && !c->muted)
			buf_addc(&c->out, (char)0xF8);
	} else {
		out_trap(c, r->tag, -1, fail);
		out_done(c, r->tag);
	}
	free(name);
	free(pass);
}

/* /quit: !fatal with the reason, then close. */
static void
session_quit(struct conn *c)
{
	out_begin(c, "!fatal", NULL);
	codec_put_str(&c->out, "session terminated on request");
	out_end(c);
	c->closing = 1;
}

/* /cancel: trap the target(s), then !done of the cancel; the targets' own
 * !done follows 2-20 ms later (reference section 6.2). */
static void
session_cancel(struct conn *c, struct req *r)
{
	char *tag = req_attr_dup(r, "tag");
	struct cmd *k;
	int any = 0;

	if (c->sim->o.no_cancel) {
		/* --no-cancel: never answered, the targets keep running. */
		free(tag);
		return;
	}
	for (k = c->cmds; k != NULL; k = k->next) {
		if (k->kind == CMD_TAIL)
			continue;
		if (tag != NULL && (k->tag == NULL || strcmp(k->tag, tag) != 0))
			continue;
		out_trap(c, k->tag, 2, "interrupted");
		if (c->sim->prof >= PROF_718 && k->sent == 0)
			out_empty(c, k->tag);
		k->kind = CMD_TAIL;
		k->due = now_ms() + 2 + (int64_t)(rand_r(&c->rnd) % 19);
		any = 1;
	}
	(void)any;
	out_done(c, r->tag);
	free(tag);
}

/* ---- the connection loop ----------------------------------------------- */

/* Log a received sentence with -v. */
static void
session_trace(struct conn *c, const struct sentence *s)
{
	size_t i;

	if (c->sim->o.verbose < 2)
		return;
	for (i = 0; i < s->n; i++)
		fprintf(stderr, "%s <<< %.*s\n", c->peer, (int)s->w[i].len,
		    s->w[i].p);
}

/* Handle one sentence from the client. */
static void
session_sentence(struct conn *c, const struct sentence *s)
{
	struct req r;

	session_trace(c, s);
	trace_in(c, s);
	if (!c->logged_in && (++c->npre > PRELOGIN_MAX_SENTENCES ||
	    sentence_size(s) > PRELOGIN_MAX_BYTES)) {
		out_begin(c, "!fatal", NULL);
		codec_put_str(&c->out, c->npre > PRELOGIN_MAX_SENTENCES ?
		    "too many commands before login" :
		    "too big sentence before login");
		out_end(c);
		c->closing = 1;
		return;
	}
	req_parse(s, &r);
	if (word_eq(&r.cmd, "/quit"))
		session_quit(c);
	else if (word_eq(&r.cmd, "/login"))
		session_login(c, &r);
	else if (!c->logged_in) {
		out_begin(c, "!fatal", NULL);
		codec_put_str(&c->out, "not logged in");
		out_end(c);
		c->closing = 1;
	} else if (r.cmd.len == 0 || r.cmd.p[0] != '/') {
		out_trap(c, r.tag, -1, "no such command prefix");
		out_done(c, r.tag);
	} else if (r.badword) {
		out_trap(c, r.tag, 5, "unknown word type: expected =, ?, or "
		    ".tag=");
		out_done(c, r.tag);
	} else if (word_eq(&r.cmd, "/cancel"))
		session_cancel(c, &r);
	else
		cmds_dispatch(c, &r);
	req_clear(&r);
}

/* Read what the peer sent and handle complete sentences; -1 to close. */
static int
session_read(struct conn *c)
{
	struct sentence s;
	size_t avail;
	unsigned char *p = codec_space(c->codec, READ_CHUNK, &avail);
	ssize_t n;
	enum codec_result res;

	if (c->ssl != NULL) {
		int r = SSL_read(c->ssl, p, avail > 1 << 30 ? 1 << 30 :
		    (int)avail);

		if (r <= 0) {
			int e = SSL_get_error(c->ssl, r);

			if (e == SSL_ERROR_WANT_READ ||
			    e == SSL_ERROR_WANT_WRITE)
				return 0;
			return -1;
		}
		n = r;
	} else {
		n = recv(c->fd, p, avail, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			return 0;
		if (n <= 0)
			return -1;
	}
	codec_commit(c->codec, (size_t)n);
	while ((res = codec_next(c->codec, &s)) == CODEC_SENTENCE) {
		session_sentence(c, &s);
		if (out_flush(c) != 0)
			return -1;
	}
	if (res == CODEC_ERROR) {
		trace_event(c, "%s", codec_error(c->codec));
		if (c->sim->o.verbose)
			fprintf(stderr, "tikdeck-sim: %s: %s\n", c->peer,
			    codec_error(c->codec));
		return -1;
	}
	return 0;
}

/* Serve one connection until it closes or the router stops. */
void
session_run(struct conn *c)
{
	struct sim *sim = c->sim;

	c->codec = codec_new(NULL);
	buf_init(&c->out);
	for (;;) {
		struct pollfd p[2];
		int64_t wait;
		int r, timeout;

		if (c->closing)
			break;
		wait = stream_tick(c);
		if (out_flush(c) != 0)
			break;
		if (c->ssl != NULL && SSL_pending(c->ssl) > 0) {
			if (session_read(c) != 0)
				break;
			continue;
		}
		timeout = wait < 0 ? -1 : wait > 1000000 ? 1000000 : (int)wait;
		p[0].fd = c->fd;
		p[0].events = POLLIN;
		p[1].fd = c->wakefd[0];
		p[1].events = POLLIN;
		r = poll(p, 2, timeout);
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;
		if (p[1].revents & POLLIN) {
			uint64_t v;

			if (read(c->wakefd[0], &v, sizeof v) < 0) {
				/* Spurious: nothing to drain. */
			}
			pthread_mutex_lock(&sim->mu);
			r = sim->stopping;
			pthread_mutex_unlock(&sim->mu);
			if (r)
				break;
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			if (session_read(c) != 0)
				break;
		}
	}
	while (c->cmds != NULL) {
		struct cmd *k = c->cmds;

		c->cmds = k->next;
		cmd_free(k);
	}
	safemode_session_end(c);
	if (c->active_id != 0) {
		struct stable *act;
		struct srow *a;

		pthread_rwlock_wrlock(&sim->db);
		act = sim_table(sim, "/user/active");
		a = table_find_id(act, c->active_id);
		if (a != NULL) {
			row_free(a);
			table_remove_at(act, table_index(act, a));
			sim_changed(sim, (int)(act->m - sim_menus),
			    c->active_id, 1);
		}
		motion_log(sim, "system,info,account",
		    "user %s logged out from %s via api", c->user, c->peer);
		pthread_rwlock_unlock(&sim->db);
	}
	codec_free(&c->codec);
	buf_free(&c->out);
	free(c->user);
	free(c->group);
}
