/*
 * engine.c: the connection engine: one I/O thread, many connections.
 *
 * The caller's thread only queues commands (struct cmd) and drains events
 * (struct event); both queues are a mutex-protected list plus a wake fd.
 * Everything else here runs in the I/O thread.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef HAVE_SYS_EVENTFD_H
#include <sys/eventfd.h>
#endif

#include <openssl/crypto.h>

#include "engine.h"
#include "i18n.h"
#include "log.h"
#include "login.h"

#define READ_CHUNK		(256 * 1024)
#define READ_BUDGET		(4 * 1024 * 1024)	/* per conn per loop */
#define BATCH_ROWS		8192
#define BATCH_BYTES		(1024 * 1024)
#define CANCEL_GRACE_MS		5000
/* Stop reading while this many row bytes wait for the consumer: memory
 * stays bounded when the router is faster than the screen. */
#define ROWS_QUEUE_MAX		(16 * 1024 * 1024)
#define BACKOFF_FIRST_MS	500
#define BACKOFF_MAX_MS		30000
#define DEFAULT_CONNECT_MS	10000

/* A wake-up fd: an eventfd where available, else a pipe. */
struct waker {
	int	rfd;
	int	wfd;
};

enum cmd_type {
	CMD_CONNECT,
	CMD_DISCONNECT,
	CMD_SEND,
	CMD_CANCEL,
	CMD_QUIT
};

struct cmd {
	enum cmd_type	 type;
	conn_id		 conn;
	req_id		 req;
	struct owner	 owner;
	struct req_opts	 ro;
	struct tword	*words;		/* SEND: owned copies */
	size_t		 nwords;
	struct conn_opts *copts;	/* CONNECT: owned copy */
	struct cmd	*next;
};

enum req_kind {
	RK_USER,	/* a caller's request: events go out */
	RK_CANCEL,	/* our own /cancel */
	RK_PING		/* latency probe */
};

struct request {
	req_id		 id;
	enum req_kind	 kind;
	struct owner	 owner;
	unsigned	 flags;
	int		 timeout_ms;
	uint32_t	 tag;		/* 0: not sent yet */
	int64_t		 deadline;	/* 0: none */
	int64_t		 sent_at;
	struct tword	*words;
	size_t		 nwords;
	struct rowenc	*enc;
	struct trap	*traps;
	size_t		 ntraps;
	int		 empty;
	int		 cancelling;	/* /cancel sent */
	int		 silent;	/* ended for the caller already */
	int		 sent_once;	/* for EV_RESTART */
	struct buf	 note;		/* unknown reply words seen */
	struct request	*next;
};

struct conn {
	conn_id			 id;
	struct conn_opts	 o;		/* owned strings */
	char			*name;
	enum conn_state		 state;
	struct transport	*t;
	struct codec		*codec;
	struct buf		 out;
	size_t			 out_off;
	struct login		 login;
	int			 attempt;
	int64_t			 deadline;	/* connect + login */
	int64_t			 retry_at;
	int			 backoff_ms;
	int			 was_ready;
	struct tls_peer		*failed_peer;	/* the peer of a failing
						 * transport, for its event */
	uint32_t		 next_tag;
	struct request		*reqs;		/* all requests of this conn */
	int64_t			 last_rx;
	int64_t			 next_ping;
	struct conn		*next;
};

struct engine {
	pthread_t		 thread;
	pthread_mutex_t		 lock;		/* both queues */
	struct cmd		*cmd_head;
	struct cmd		*cmd_tail;
	struct waker		 cmd_wake;
	struct event_node	*ev_head;
	struct event_node	*ev_tail;
	struct waker		 ev_wake;
	_Atomic uint64_t	 next_req;
	_Atomic uint32_t	 next_conn;
	_Atomic size_t		 rows_queued;	/* row bytes not yet taken */
	/* I/O thread only */
	struct conn		*conns;
	int			 quit;
};

struct event_node {
	struct event		*ev;
	struct event_node	*next;
};

static int waker_open(struct waker *w);
static void waker_close(struct waker *w);
static void waker_signal(struct waker *w);
static void waker_drain(struct waker *w);
static void engine_push_cmd(struct engine *e, struct cmd *c);
static void engine_emit(struct engine *e, struct event *ev);
static struct event *event_new(enum event_type t, conn_id c);
static void *engine_main(void *arg);
static void engine_run_cmds(struct engine *e);
static void cmd_free(struct cmd *c);
static struct conn *conn_find(struct engine *e, conn_id id);
static struct request *req_find(struct engine *e, req_id id,
    struct conn **cp);
static void conn_opts_copy(struct conn_opts *dst, const struct conn_opts *src);
static void conn_opts_free(struct conn_opts *o);
static void conn_start(struct engine *e, struct conn *c);
static void conn_state(struct engine *e, struct conn *c, enum conn_state s,
    enum conn_error err, const char *msg);
static void conn_fail(struct engine *e, struct conn *c, enum conn_error err,
    const char *msg);
static void conn_close_transport(struct conn *c);
static void conn_destroy(struct engine *e, struct conn *c);
static void conn_io(struct engine *e, struct conn *c, short revents);
static int conn_flush(struct engine *e, struct conn *c);
static void conn_ready(struct engine *e, struct conn *c);
static void conn_dispatch(struct engine *e, struct conn *c,
    const struct sentence *s);
static void conn_timers(struct engine *e, struct conn *c, int64_t now);
static int64_t conn_next_timer(struct conn *c);
static void conn_flush_rows(struct engine *e, struct conn *c);
static struct request *req_new(enum req_kind kind, req_id id);
static void req_free(struct request *r);
static void req_unlink(struct conn *c, struct request *r);
static void req_append(struct conn *c, struct request *r);
static void req_restart(struct request *r);
static void req_write(struct conn *c, struct request *r);
static void req_emit_rows(struct engine *e, struct conn *c,
    struct request *r);
static void req_finish(struct engine *e, struct conn *c, struct request *r,
    const struct sentence *done);
static void req_error(struct engine *e, struct conn *c, struct request *r,
    enum req_error err, const char *msg);
static void req_cancel(struct engine *e, struct conn *c, struct request *r);
static struct request *req_by_tag(struct conn *c, const struct tword *tag);
static void words_free(struct tword *w, size_t n);
static struct tword *words_copy(const struct tword *w, size_t n);
static char *opt_dup(const char *s);
static int conn_retryable(enum conn_error err);
static void conn_login_start(struct engine *e, struct conn *c);
static enum conn_error conn_err_from(enum transport_errkind k);
static void conn_step(struct engine *e, struct conn *c);
static void conn_log_encoded(struct conn *c, const struct buf *b);

/* ---- wake fds ------------------------------------------------------- */

static int
waker_open(struct waker *w)
{
#ifdef HAVE_SYS_EVENTFD_H
	w->rfd = w->wfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (w->rfd != -1)
		return 0;
#endif
	{
		int p[2];

		if (pipe(p) == -1)
			return -1;
		fcntl(p[0], F_SETFL, O_NONBLOCK);
		fcntl(p[1], F_SETFL, O_NONBLOCK);
		fcntl(p[0], F_SETFD, FD_CLOEXEC);
		fcntl(p[1], F_SETFD, FD_CLOEXEC);
		w->rfd = p[0];
		w->wfd = p[1];
	}
	return 0;
}

static void
waker_close(struct waker *w)
{
	if (w->rfd != -1)
		close(w->rfd);
	if (w->wfd != -1 && w->wfd != w->rfd)
		close(w->wfd);
	w->rfd = w->wfd = -1;
}

static void
waker_signal(struct waker *w)
{
	uint64_t one = 1;
	ssize_t n;

	if (w->rfd == w->wfd)
		n = write(w->wfd, &one, sizeof one);
	else
		n = write(w->wfd, "x", 1);
	(void)n;	/* a full pipe already means "wake up" */
}

static void
waker_drain(struct waker *w)
{
	char tmp[64];

	while (read(w->rfd, tmp, sizeof tmp) > 0)
		;
}

/* ---- public API (caller's thread) ----------------------------------- */

struct engine *
engine_new(void)
{
	struct engine *e = xcalloc(1, sizeof *e);
	sigset_t all, old;

	pthread_mutex_init(&e->lock, NULL);
	if (waker_open(&e->cmd_wake) == -1 || waker_open(&e->ev_wake) == -1)
		fatalx("cannot create wake-up descriptors: %s",
		    strerror(errno));
	atomic_init(&e->next_req, 1);
	atomic_init(&e->next_conn, 1);
	/* The I/O thread takes no signals: they belong to the UI. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(&e->thread, NULL, engine_main, e) != 0)
		fatalx("cannot start the I/O thread");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return e;
}

void
engine_free(struct engine **ep)
{
	struct engine *e = *ep;
	struct cmd *c;
	struct event_node *n;

	if (e == NULL)
		return;
	c = xcalloc(1, sizeof *c);
	c->type = CMD_QUIT;
	engine_push_cmd(e, c);
	pthread_join(e->thread, NULL);
	while ((c = e->cmd_head) != NULL) {
		e->cmd_head = c->next;
		cmd_free(c);
	}
	while ((n = e->ev_head) != NULL) {
		e->ev_head = n->next;
		event_free(&n->ev);
		free(n);
	}
	waker_close(&e->cmd_wake);
	waker_close(&e->ev_wake);
	pthread_mutex_destroy(&e->lock);
	free(e);
	*ep = NULL;
}

int
engine_event_fd(struct engine *e)
{
	return e->ev_wake.rfd;
}

struct event *
engine_next_event(struct engine *e)
{
	struct event_node *n;
	struct event *ev = NULL;

	pthread_mutex_lock(&e->lock);
	n = e->ev_head;
	if (n != NULL) {
		e->ev_head = n->next;
		if (e->ev_head == NULL)
			e->ev_tail = NULL;
		ev = n->ev;
		free(n);
	}
	if (e->ev_head == NULL)
		waker_drain(&e->ev_wake);
	pthread_mutex_unlock(&e->lock);
	if (ev != NULL && ev->type == EV_ROWS && ev->rows != NULL) {
		size_t before = atomic_fetch_sub(&e->rows_queued,
		    ev->rows->len);

		/* Below the limit again: let the I/O thread read on. */
		if (before >= ROWS_QUEUE_MAX &&
		    before - ev->rows->len < ROWS_QUEUE_MAX)
			waker_signal(&e->cmd_wake);
	}
	return ev;
}

struct event *
engine_wait_event(struct engine *e, int timeout_ms)
{
	struct event *ev;
	int64_t end = timeout_ms < 0 ? 0 : now_ms() + timeout_ms;

	for (;;) {
		struct pollfd pfd;
		int wait = -1;

		if ((ev = engine_next_event(e)) != NULL)
			return ev;
		if (timeout_ms >= 0) {
			int64_t left = end - now_ms();

			if (left <= 0)
				return NULL;
			wait = (int)left;
		}
		pfd.fd = e->ev_wake.rfd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, wait) == -1 && errno != EINTR)
			return NULL;
	}
}

static void
engine_push_cmd(struct engine *e, struct cmd *c)
{
	pthread_mutex_lock(&e->lock);
	c->next = NULL;
	if (e->cmd_tail != NULL)
		e->cmd_tail->next = c;
	else
		e->cmd_head = c;
	e->cmd_tail = c;
	pthread_mutex_unlock(&e->lock);
	waker_signal(&e->cmd_wake);
}

conn_id
engine_connect(struct engine *e, const struct conn_opts *o)
{
	struct cmd *c = xcalloc(1, sizeof *c);
	conn_id id;

	c->type = CMD_CONNECT;
	c->conn = atomic_fetch_add(&e->next_conn, 1);
	c->copts = xcalloc(1, sizeof *c->copts);
	conn_opts_copy(c->copts, o);
	id = c->conn;
	engine_push_cmd(e, c);	/* the I/O thread owns c from here on */
	return id;
}

void
engine_disconnect(struct engine *e, conn_id id)
{
	struct cmd *c = xcalloc(1, sizeof *c);

	c->type = CMD_DISCONNECT;
	c->conn = id;
	engine_push_cmd(e, c);
}

req_id
engine_send(struct engine *e, conn_id conn, struct owner owner,
    const struct req_opts *ro, const struct tword *words, size_t n)
{
	struct cmd *c = xcalloc(1, sizeof *c);
	req_id id;

	c->type = CMD_SEND;
	c->conn = conn;
	c->req = atomic_fetch_add(&e->next_req, 1);
	c->owner = owner;
	if (ro != NULL)
		c->ro = *ro;
	c->words = words_copy(words, n);
	c->nwords = n;
	id = c->req;
	engine_push_cmd(e, c);	/* the I/O thread owns c from here on */
	return id;
}

req_id
engine_send_strs(struct engine *e, conn_id conn, struct owner owner,
    const struct req_opts *ro, const char *const *words, size_t n)
{
	struct tword *w = xcalloc(n ? n : 1, sizeof *w);
	req_id r;
	size_t i;

	for (i = 0; i < n; i++)
		w[i] = word_str(words[i]);
	r = engine_send(e, conn, owner, ro, w, n);
	free(w);
	return r;
}

void
engine_cancel(struct engine *e, req_id r)
{
	struct cmd *c = xcalloc(1, sizeof *c);

	c->type = CMD_CANCEL;
	c->req = r;
	engine_push_cmd(e, c);
}

void
event_free(struct event **ep)
{
	struct event *ev = *ep;
	size_t i;

	if (ev == NULL)
		return;
	rowbatch_free(&ev->rows);
	free(ev->peer);
	free(ev->ret);
	for (i = 0; i < ev->ntraps; i++)
		free(ev->traps[i].message);
	free(ev->traps);
	free(ev->message);
	free(ev);
	*ep = NULL;
}

const char *
conn_state_name(enum conn_state s)
{
	switch (s) {
	case CONN_CONNECTING:
		return _("connecting");
	case CONN_LOGGING_IN:
		return _("logging in");
	case CONN_READY:
		return _("connected");
	case CONN_RECONNECTING:
		return _("reconnecting");
	case CONN_FAILED:
		return _("failed");
	case CONN_CLOSED:
		return _("closed");
	}
	return "?";
}

const char *
conn_error_name(enum conn_error err)
{
	switch (err) {
	case CERR_NONE:
		return _("no error");
	case CERR_CONNECT:
		return _("cannot connect");
	case CERR_TIMEOUT:
		return _("timed out");
	case CERR_TLS:
		return _("TLS handshake failed");
	case CERR_TLS_TRUST:
		return _("certificate not trusted");
	case CERR_LOGIN:
		return _("login failed");
	case CERR_PROTOCOL:
		return _("malformed reply");
	case CERR_FATAL:
		return _("session ended by the router");
	case CERR_CLOSED:
		return _("connection closed");
	}
	return "?";
}

/* ---- helpers -------------------------------------------------------- */

static struct tword *
words_copy(const struct tword *w, size_t n)
{
	struct tword *c = xcalloc(n ? n : 1, sizeof *c);
	size_t i;

	for (i = 0; i < n; i++) {
		c[i].p = xmemdup(w[i].p, w[i].len ? w[i].len : 1);
		c[i].len = w[i].len;
	}
	return c;
}

static void
words_free(struct tword *w, size_t n)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < n; i++)
		free((void *)(uintptr_t)w[i].p);
	free(w);
}

static void
cmd_free(struct cmd *c)
{
	words_free(c->words, c->nwords);
	if (c->copts != NULL) {
		conn_opts_free(c->copts);
		free(c->copts);
	}
	free(c);
}

static char *
opt_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static void
conn_opts_copy(struct conn_opts *d, const struct conn_opts *s)
{
	*d = *s;
	d->tcfg.host = opt_dup(s->tcfg.host);
	d->tcfg.port = opt_dup(s->tcfg.port);
	d->tcfg.proxy_cmd = opt_dup(s->tcfg.proxy_cmd);
	d->tcfg.ca_file = opt_dup(s->tcfg.ca_file);
	d->tcfg.fingerprint = opt_dup(s->tcfg.fingerprint);
	d->tcfg.verify_name = opt_dup(s->tcfg.verify_name);
	d->user = opt_dup(s->user != NULL ? s->user : "admin");
	d->password = opt_dup(s->password != NULL ? s->password : "");
	d->name = opt_dup(s->name);
}

static void
conn_opts_free(struct conn_opts *o)
{
	free((char *)(uintptr_t)o->tcfg.host);
	free((char *)(uintptr_t)o->tcfg.port);
	free((char *)(uintptr_t)o->tcfg.proxy_cmd);
	free((char *)(uintptr_t)o->tcfg.ca_file);
	free((char *)(uintptr_t)o->tcfg.fingerprint);
	free((char *)(uintptr_t)o->tcfg.verify_name);
	free((char *)(uintptr_t)o->user);
	if (o->password != NULL) {
		OPENSSL_cleanse((char *)(uintptr_t)o->password,
		    strlen(o->password));
		free((char *)(uintptr_t)o->password);
	}
	free((char *)(uintptr_t)o->name);
	memset(o, 0, sizeof *o);
}

static struct event *
event_new(enum event_type t, conn_id c)
{
	struct event *ev = xcalloc(1, sizeof *ev);

	ev->type = t;
	ev->conn = c;
	return ev;
}

/* Queue an event for the caller's thread. */
static void
engine_emit(struct engine *e, struct event *ev)
{
	struct event_node *n = xmalloc(sizeof *n);

	n->ev = ev;
	n->next = NULL;
	if (ev->type == EV_ROWS && ev->rows != NULL)
		atomic_fetch_add(&e->rows_queued, ev->rows->len);
	pthread_mutex_lock(&e->lock);
	if (e->ev_tail != NULL)
		e->ev_tail->next = n;
	else
		e->ev_head = n;
	e->ev_tail = n;
	waker_signal(&e->ev_wake);
	pthread_mutex_unlock(&e->lock);
}

static struct conn *
conn_find(struct engine *e, conn_id id)
{
	struct conn *c;

	for (c = e->conns; c != NULL; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}

static struct request *
req_find(struct engine *e, req_id id, struct conn **cp)
{
	struct conn *c;
	struct request *r;

	for (c = e->conns; c != NULL; c = c->next) {
		for (r = c->reqs; r != NULL; r = r->next) {
			if (r->id == id && r->kind == RK_USER) {
				*cp = c;
				return r;
			}
		}
	}
	return NULL;
}

static struct request *
req_new(enum req_kind kind, req_id id)
{
	struct request *r = xcalloc(1, sizeof *r);

	r->kind = kind;
	r->id = id;
	buf_init(&r->note);
	return r;
}

static void
req_free(struct request *r)
{
	size_t i;

	words_free(r->words, r->nwords);
	rowenc_free(&r->enc);
	for (i = 0; i < r->ntraps; i++)
		free(r->traps[i].message);
	free(r->traps);
	buf_free(&r->note);
	free(r);
}

static void
req_unlink(struct conn *c, struct request *r)
{
	struct request **pp;

	for (pp = &c->reqs; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == r) {
			*pp = r->next;
			return;
		}
	}
}

/* Requests stay in the order they were sent: those queued while connecting
 * or re-issued after a reconnect go out in that order. */
static void
req_append(struct conn *c, struct request *r)
{
	struct request **pp = &c->reqs;

	while (*pp != NULL)
		pp = &(*pp)->next;
	r->next = NULL;
	*pp = r;
}

/* A re-issued request forgets what its first run received. */
static void
req_restart(struct request *r)
{
	size_t i;

	r->tag = 0;
	rowenc_reset(r->enc);
	for (i = 0; i < r->ntraps; i++)
		free(r->traps[i].message);
	free(r->traps);
	r->traps = NULL;
	r->ntraps = 0;
	r->empty = 0;
	buf_reset(&r->note);
}

/* Tags are decimal numbers; anything else is not ours. */
static struct request *
req_by_tag(struct conn *c, const struct tword *tag)
{
	uint32_t v = 0, i;
	struct request *r;

	if (tag->len == 0 || tag->len > 9)
		return NULL;
	for (i = 0; i < tag->len; i++) {
		if (tag->p[i] < '0' || tag->p[i] > '9')
			return NULL;
		v = v * 10 + (uint32_t)(tag->p[i] - '0');
	}
	for (r = c->reqs; r != NULL; r = r->next)
		if (r->tag == v)
			return r;
	return NULL;
}

/* ---- the I/O thread ------------------------------------------------- */

static void *
engine_main(void *arg)
{
	struct engine *e = arg;
	struct pollfd *pfd = NULL;
	struct conn **pconn = NULL;
	size_t cap = 0;

	while (!e->quit) {
		struct conn *c, *next;
		size_t n = 1, i, nconns = 0;
		int64_t now, wake = -1;
		int timeout, busy = 0;
		int throttled = atomic_load(&e->rows_queued) >= ROWS_QUEUE_MAX;

		for (c = e->conns; c != NULL; c = c->next)
			nconns++;
		if (nconns + 1 > cap) {
			cap = (nconns + 1) * 2;
			pfd = xreallocarray(pfd, cap, sizeof *pfd);
			pconn = xreallocarray(pconn, cap, sizeof *pconn);
		}
		pfd[0].fd = e->cmd_wake.rfd;
		pfd[0].events = POLLIN;
		pfd[0].revents = 0;
		for (c = e->conns; c != NULL; c = c->next) {
			int64_t t = conn_next_timer(c);

			if (t > 0 && (wake < 0 || t < wake))
				wake = t;
			if (c->t == NULL)
				continue;
			pfd[n].fd = transport_fd(c->t);
			pfd[n].events = c->state == CONN_CONNECTING ?
			    transport_events(c->t) : throttled ? 0 : POLLIN;
			if (c->state != CONN_CONNECTING &&
			    c->out.len > c->out_off)
				pfd[n].events |= POLLOUT;
			if (c->state != CONN_CONNECTING && !throttled &&
			    transport_pending(c->t))
				busy = 1;
			pfd[n].revents = 0;
			pconn[n] = c;
			n++;
		}
		now = now_ms();
		if (busy)
			timeout = 0;
		else if (wake < 0)
			timeout = -1;
		else
			timeout = wake <= now ? 0 : (int)(wake - now);
		if (poll(pfd, n, timeout) == -1 && errno != EINTR)
			fatalx("poll: %s", strerror(errno));
		if (pfd[0].revents & POLLIN) {
			waker_drain(&e->cmd_wake);
			engine_run_cmds(e);
		}
		for (i = 1; i < n; i++) {
			c = pconn[i];
			if (conn_find(e, c->id) != c)
				continue;	/* destroyed by a command */
			if (pfd[i].revents != 0 || (c->t != NULL && !throttled &&
			    c->state != CONN_CONNECTING &&
			    transport_pending(c->t)))
				conn_io(e, c, pfd[i].revents);
		}
		now = now_ms();
		for (c = e->conns; c != NULL; c = next) {
			next = c->next;
			conn_timers(e, c, now);
			conn_flush_rows(e, c);
		}
		for (c = e->conns; c != NULL; c = next) {
			next = c->next;
			if (c->state == CONN_CLOSED)
				conn_destroy(e, c);
		}
	}
	while (e->conns != NULL)
		conn_destroy(e, e->conns);
	free(pfd);
	free(pconn);
	return NULL;
}

static void
engine_run_cmds(struct engine *e)
{
	struct cmd *list, *c;

	pthread_mutex_lock(&e->lock);
	list = e->cmd_head;
	e->cmd_head = e->cmd_tail = NULL;
	pthread_mutex_unlock(&e->lock);

	while ((c = list) != NULL) {
		struct conn *conn;
		struct request *r;

		list = c->next;
		switch (c->type) {
		case CMD_QUIT:
			e->quit = 1;
			break;
		case CMD_CONNECT:
			conn = xcalloc(1, sizeof *conn);
			conn->id = c->conn;
			conn->o = *c->copts;
			free(c->copts);
			c->copts = NULL;
			if (conn->o.attempts < 1)
				conn->o.attempts = 1;
			if (conn->o.attempts > 10)
				conn->o.attempts = 10;
			if (conn->o.connect_timeout_ms <= 0)
				conn->o.connect_timeout_ms =
				    DEFAULT_CONNECT_MS;
			conn->name = xstrdup(conn->o.name != NULL ?
			    conn->o.name : conn->o.tcfg.host != NULL ?
			    conn->o.tcfg.host : "router");
			conn->codec = codec_new(NULL);
			buf_init(&conn->out);
			conn->next = e->conns;
			e->conns = conn;
			conn_start(e, conn);
			break;
		case CMD_DISCONNECT:
			conn = conn_find(e, c->conn);
			if (conn != NULL) {
				conn_fail(e, conn, CERR_NONE,
				    _("disconnected"));
				conn_close_transport(conn);
				conn_state(e, conn, CONN_CLOSED, CERR_NONE,
				    NULL);
			}
			break;
		case CMD_SEND:
			conn = conn_find(e, c->conn);
			r = req_new(RK_USER, c->req);
			r->owner = c->owner;
			r->flags = c->ro.flags;
			r->timeout_ms = c->ro.timeout_ms;
			r->words = c->words;
			r->nwords = c->nwords;
			c->words = NULL;
			r->enc = rowenc_new();
			if (conn == NULL || conn->state == CONN_FAILED ||
			    conn->state == CONN_CLOSED ||
			    ((r->flags & REQ_NOW) &&
			    conn->state != CONN_READY)) {
				struct event *ev = event_new(EV_ERROR,
				    c->conn);

				ev->req = r->id;
				ev->owner = r->owner;
				ev->rerr = RERR_NOT_CONNECTED;
				ev->message = xstrdup(_("not connected"));
				engine_emit(e, ev);
				req_free(r);
				break;
			}
			if (r->timeout_ms == 0 && !(r->flags & REQ_STREAM))
				r->timeout_ms = conn->o.request_timeout_ms;
			req_append(conn, r);
			if (conn->state == CONN_READY) {
				req_write(conn, r);
				conn_flush(e, conn);
			}
			break;
		case CMD_CANCEL:
			r = req_find(e, c->req, &conn);
			if (r != NULL && !r->silent) {
				req_cancel(e, conn, r);
				conn_flush(e, conn);
			}
			break;
		}
		cmd_free(c);
	}
}

/* ---- connections ---------------------------------------------------- */

static void
conn_state(struct engine *e, struct conn *c, enum conn_state s,
    enum conn_error err, const char *msg)
{
	struct event *ev = event_new(EV_CONN_STATE, c->id);

	c->state = s;
	ev->state = s;
	ev->cerr = err;
	if (msg != NULL)
		ev->message = xstrdup(msg);
	if (c->t != NULL && transport_peer(c->t) != NULL)
		ev->peer = xmemdup(transport_peer(c->t),
		    sizeof(struct tls_peer));
	else if (c->failed_peer != NULL)
		ev->peer = xmemdup(c->failed_peer, sizeof(struct tls_peer));
	log_debug("%s: %s%s%s", c->name, conn_state_name(s),
	    msg ? ": " : "", msg ? msg : "");
	engine_emit(e, ev);
}

/* Begin one connection attempt. */
static void
conn_start(struct engine *e, struct conn *c)
{
	char err[512];
	enum transport_errkind kind = TRERR_NONE;
	char *msg = NULL;

	c->attempt++;
	c->retry_at = 0;
	c->deadline = now_ms() + c->o.connect_timeout_ms;
	codec_reset(c->codec);
	if (c->out.len)
		explicit_bzero(c->out.p, c->out.len);
	buf_reset(&c->out);
	c->out_off = 0;
	if (c->attempt > 1)
		msg = xasprintf(_("attempt %d of %d"), c->attempt,
		    c->o.attempts);
	conn_state(e, c, CONN_CONNECTING, CERR_NONE, msg);
	free(msg);
	err[0] = '\0';
	c->t = transport_open(&c->o.tcfg, err, sizeof err, &kind);
	if (c->t == NULL)
		conn_fail(e, c, conn_err_from(kind), err[0] ? err :
		    _("cannot connect"));
	else
		conn_step(e, c);	/* a proxy or fd may be ready at once */
}

static void
conn_close_transport(struct conn *c)
{
	transport_close(&c->t);
	login_free(&c->login);
}

static void
conn_destroy(struct engine *e, struct conn *c)
{
	struct conn **pp;
	struct request *r;

	for (pp = &e->conns; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	conn_close_transport(c);
	while ((r = c->reqs) != NULL) {
		c->reqs = r->next;
		req_free(r);
	}
	codec_free(&c->codec);
	buf_wipe(&c->out);
	conn_opts_free(&c->o);
	free(c->name);
	free(c);
}

/* Is an error worth another attempt? */
static int
conn_retryable(enum conn_error err)
{
	return err == CERR_CONNECT || err == CERR_TIMEOUT ||
	    err == CERR_CLOSED || err == CERR_PROTOCOL || err == CERR_TLS ||
	    err == CERR_FATAL;
}

/*
 * The connection is gone: fail or park its requests, then retry, reconnect
 * or give up.  err CERR_NONE means the caller asked to disconnect.
 */
static void
conn_fail(struct engine *e, struct conn *c, enum conn_error err,
    const char *msg)
{
	struct request *r, *next;
	int retry, reconnect;
	char *full;
	enum req_error rerr;

	full = xstrdup(msg);
	conn_flush_rows(e, c);
	/* the certificate, for a TLS trust decision after the close */
	if (c->t != NULL && transport_peer(c->t) != NULL)
		c->failed_peer = xmemdup(transport_peer(c->t),
		    sizeof(struct tls_peer));
	conn_close_transport(c);
	retry = err != CERR_NONE && conn_retryable(err) &&
	    !c->was_ready && c->attempt < c->o.attempts;
	reconnect = err != CERR_NONE && conn_retryable(err) &&
	    c->was_ready && c->o.reconnect;
	rerr = err == CERR_FATAL ? RERR_FATAL : err == CERR_PROTOCOL ?
	    RERR_PROTOCOL : c->was_ready ? RERR_DISCONNECTED :
	    RERR_NOT_CONNECTED;
	for (r = c->reqs; r != NULL; r = next) {
		next = r->next;
		if (r->kind != RK_USER || r->silent) {
			req_unlink(c, r);
			req_free(r);
			continue;
		}
		if (r->tag == 0 && (retry || reconnect))
			continue;	/* not sent yet: keep it */
		if (r->tag != 0 && (r->flags & REQ_RESUME) && reconnect &&
		    !r->cancelling) {
			req_restart(r);	/* re-issued after reconnecting */
			continue;
		}
		req_error(e, c, r, rerr, full);
	}
	if (retry || reconnect) {
		if (c->backoff_ms == 0)
			c->backoff_ms = BACKOFF_FIRST_MS;
		else if (c->backoff_ms < BACKOFF_MAX_MS)
			c->backoff_ms *= 2;
		if (c->backoff_ms > BACKOFF_MAX_MS)
			c->backoff_ms = BACKOFF_MAX_MS;
		c->retry_at = now_ms() + c->backoff_ms;
		if (reconnect)
			c->attempt = 0;
		conn_state(e, c, CONN_RECONNECTING, err, full);
	} else if (err != CERR_NONE)
		conn_state(e, c, CONN_FAILED, err, full);
	free(c->failed_peer);
	c->failed_peer = NULL;
	free(full);
}

static void
conn_login_start(struct engine *e, struct conn *c)
{
	struct buf tmp;

	login_init(&c->login, c->o.user, c->o.password);
	buf_init(&tmp);
	login_start(&c->login, &tmp);
	conn_log_encoded(c, &tmp);
	buf_add(&c->out, tmp.p, tmp.len);
	buf_wipe(&tmp);
	conn_state(e, c, CONN_LOGGING_IN, CERR_NONE, NULL);
	conn_flush(e, c);
}

/* Logged in: send everything that waited. */
static void
conn_ready(struct engine *e, struct conn *c)
{
	struct request *r;
	char *msg;

	c->was_ready = 1;
	c->backoff_ms = 0;
	c->attempt = 0;
	c->deadline = 0;
	c->last_rx = now_ms();
	c->next_ping = c->o.ping_interval_ms > 0 ?
	    now_ms() + c->o.ping_interval_ms : 0;
	msg = c->t != NULL && transport_is_tls(c->t) ?
	    xasprintf("TLS %s", transport_peer(c->t) != NULL ?
	    transport_peer(c->t)->protocol : "") : xstrdup(_("plaintext"));
	conn_state(e, c, CONN_READY, CERR_NONE, msg);
	free(msg);
	for (r = c->reqs; r != NULL; r = r->next) {
		if (r->tag != 0 || r->kind != RK_USER || r->silent)
			continue;
		if (r->sent_once) {
			struct event *ev = event_new(EV_RESTART, c->id);

			ev->req = r->id;
			ev->owner = r->owner;
			engine_emit(e, ev);
		}
		req_write(c, r);
	}
	conn_flush(e, c);
}

/* Write what is buffered; returns -1 if the connection failed. */
static int
conn_flush(struct engine *e, struct conn *c)
{
	while (c->t != NULL && c->state != CONN_CONNECTING &&
	    c->out_off < c->out.len) {
		ssize_t n = transport_write(c->t, c->out.p + c->out_off,
		    c->out.len - c->out_off);

		if (n == TR_AGAIN)
			return 0;
		if (n < 0) {
			conn_fail(e, c, CERR_CLOSED, transport_error(c->t));
			return -1;
		}
		c->out_off += (size_t)n;
	}
	if (c->out_off == c->out.len) {
		/* The login sentence carries the password: leave no copy. */
		if (c->out.len)
			explicit_bzero(c->out.p, c->out.len);
		buf_reset(&c->out);
		c->out_off = 0;
	}
	return 0;
}

/* A transport error as a connection error. */
static enum conn_error
conn_err_from(enum transport_errkind k)
{
	switch (k) {
	case TRERR_TLS_TRUST:
		return CERR_TLS_TRUST;
	case TRERR_TLS:
		return CERR_TLS;
	default:
		return CERR_CONNECT;
	}
}

/* Log encoded sentences we send (log_sentence redacts the secrets). */
static void
conn_log_encoded(struct conn *c, const struct buf *b)
{
	struct codec *dec;
	struct sentence s;

	if (!log_enabled())
		return;
	dec = codec_new(NULL);
	codec_feed(dec, b->p, b->len);
	while (codec_next(dec, &s) == CODEC_SENTENCE)
		log_sentence(c->name, 1, s.w, s.n);
	codec_free(&dec);
}

/* Drive connect and handshake; log in once the transport is ready. */
static void
conn_step(struct engine *e, struct conn *c)
{
	int r = transport_step(c->t);

	if (r == TR_AGAIN)
		return;
	if (r != TR_READY) {
		conn_fail(e, c, conn_err_from(transport_errkind(c->t)),
		    transport_error(c->t));
		return;
	}
	conn_login_start(e, c);
}

static void
conn_io(struct engine *e, struct conn *c, short revents)
{
	size_t got = 0;

	if (c->state == CONN_CONNECTING) {
		conn_step(e, c);
		return;
	}
	if ((revents & POLLOUT) && conn_flush(e, c) == -1)
		return;
	while (c->t != NULL && got < READ_BUDGET &&
	    atomic_load(&e->rows_queued) < ROWS_QUEUE_MAX) {
		size_t avail;
		unsigned char *p = codec_space(c->codec, READ_CHUNK, &avail);
		ssize_t n = transport_read(c->t, p, avail);
		struct sentence s;
		enum codec_result cr;

		if (n == TR_AGAIN)
			break;
		if (n == TR_EOF || n < 0) {
			conn_fail(e, c, CERR_CLOSED, n == TR_EOF ?
			    _("the router closed the connection") :
			    transport_error(c->t));
			return;
		}
		codec_commit(c->codec, (size_t)n);
		got += (size_t)n;
		c->last_rx = now_ms();
		while ((cr = codec_next(c->codec, &s)) == CODEC_SENTENCE) {
			if (log_enabled())
				log_sentence(c->name, 0, s.w, s.n);
			conn_dispatch(e, c, &s);
			if (c->t == NULL)
				return;		/* failed or closed */
		}
		if (cr == CODEC_ERROR) {
			char *msg = xasprintf(_("malformed reply from %s: %s"),
			    c->name, codec_error(c->codec));

			conn_fail(e, c, CERR_PROTOCOL, msg);
			free(msg);
			return;
		}
	}
	if (c->t != NULL)
		conn_flush(e, c);
}

static void
conn_dispatch(struct engine *e, struct conn *c, const struct sentence *s)
{
	struct reply rp;
	struct request *r;
	struct tword v;

	if (c->state == CONN_LOGGING_IN) {
		struct buf out;
		enum login_state ls;

		buf_init(&out);
		ls = login_reply(&c->login, s, &out);
		if (out.len) {
			conn_log_encoded(c, &out);
			buf_add(&c->out, out.p, out.len);
		}
		buf_wipe(&out);	/* the MD5 response */
		if (ls == LOGIN_OK)
			conn_ready(e, c);
		else if (ls == LOGIN_FAILED) {
			char *msg = xstrdup(c->login.error);

			/* !fatal is the router ending the session (engine.h),
			 * not a refused name or password. */
			reply_parse(s, &rp);
			conn_fail(e, c, rp.type == REPLY_FATAL ? CERR_FATAL :
			    CERR_LOGIN, msg);
			free(msg);
		}
		return;
	}

	reply_parse(s, &rp);
	if (rp.type == REPLY_FATAL) {
		char *reason = s->n > 1 ? word_dup(&s->w[1]) :
		    xstrdup(_("no reason given"));
		char *msg = xasprintf(_("the router ended the session: %s"),
		    reason);

		conn_fail(e, c, CERR_FATAL, msg);
		free(msg);
		free(reason);
		return;
	}
	r = rp.has_tag ? req_by_tag(c, &rp.tag) : NULL;
	if (r == NULL) {
		log_debug("%s: dropping %s for unknown tag", c->name,
		    reply_type_name(rp.type));
		return;
	}
	/* A request times out after a silence, not after a total time. */
	if (r->timeout_ms > 0 && !r->cancelling && !r->silent)
		r->deadline = c->last_rx + r->timeout_ms;
	switch (rp.type) {
	case REPLY_RE:
		if (r->kind == RK_USER && !r->silent && !r->cancelling) {
			if (r->flags & REQ_COUNT)
				rowenc_count(r->enc);
			else
				rowenc_add(r->enc, s);
			if (rowenc_pending(r->enc) >= BATCH_ROWS ||
			    rowenc_pending_bytes(r->enc) >= BATCH_BYTES)
				req_emit_rows(e, c, r);
		} else if (r->kind == RK_PING &&
		    sentence_attr(s, "name", &v)) {	/* the identity */
			buf_reset(&r->note);
			buf_add(&r->note, v.p, v.len);
		}
		break;
	case REPLY_TRAP:
		if (r->cancelling && sentence_attr(s, "category", &v) &&
		    word_eq(&v, "2"))
			break;	/* "interrupted": the normal end of a cancel */
		r->traps = xreallocarray(r->traps, r->ntraps + 1,
		    sizeof *r->traps);
		r->traps[r->ntraps].message = sentence_attr(s, "message", &v) ?
		    word_dup(&v) : xstrdup(_("unknown error"));
		r->traps[r->ntraps].category = -1;
		if (sentence_attr(s, "category", &v) && v.len > 0 &&
		    v.len < 4) {
			char *cs = word_dup(&v);

			r->traps[r->ntraps].category = atoi(cs);
			free(cs);
		}
		r->ntraps++;
		break;
	case REPLY_EMPTY:
		r->empty = 1;
		break;
	case REPLY_DONE:
		req_finish(e, c, r, s);
		break;
	case REPLY_UNKNOWN:
	case REPLY_FATAL:
		if (s->n > 0) {
			char *w0 = word_dup(&s->w[0]);

			if (r->note.len)
				buf_adds(&r->note, ", ");
			buf_printf(&r->note, _("ignored unknown reply word "
			    "\"%s\""), w0);
			free(w0);
		}
		break;
	}
}

/* Earliest timer of a connection (ms), or 0. */
static int64_t
conn_next_timer(struct conn *c)
{
	int64_t t = 0;
	struct request *r;

#define TD_MIN_TIMER(x) do {						\
	if ((x) > 0 && (t == 0 || (x) < t))				\
		t = (x);						\
} while (0)
	if (c->state == CONN_CONNECTING || c->state == CONN_LOGGING_IN)
		TD_MIN_TIMER(c->deadline);
	if (c->state == CONN_RECONNECTING)
		TD_MIN_TIMER(c->retry_at);
	if (c->state == CONN_READY)
		TD_MIN_TIMER(c->next_ping);
	for (r = c->reqs; r != NULL; r = r->next)
		if (r->tag != 0)
			TD_MIN_TIMER(r->deadline);
#undef TD_MIN_TIMER
	return t;
}

static void
conn_timers(struct engine *e, struct conn *c, int64_t now)
{
	struct request *r, *next;

	if ((c->state == CONN_CONNECTING || c->state == CONN_LOGGING_IN) &&
	    c->deadline > 0 && now >= c->deadline) {
		const char *host = c->o.tcfg.host ? c->o.tcfg.host : c->name;
		const char *port = c->o.tcfg.port && *c->o.tcfg.port ?
		    c->o.tcfg.port : c->o.tcfg.tls ? "8729" : "8728";
		int secs = (c->o.connect_timeout_ms + 999) / 1000;
		enum conn_error err = CERR_TIMEOUT;
		char *msg;

		if (c->state == CONN_LOGGING_IN)
			msg = xasprintf(_("timed out after %d s logging in to "
			    "%s port %s: the router accepted the connection "
			    "but did not answer"), secs, host, port);
		else if (c->t != NULL && transport_is_tls(c->t) &&
		    transport_link_up(c->t)) {
			/* The TCP side is up but TLS never answered: most
			 * likely the plaintext api service. */
			err = CERR_TLS;
			msg = xasprintf(_("no TLS answer from %s port %s within "
			    "%d s: the service there does not speak TLS (the "
			    "plaintext api service?) or ignores this address"),
			    host, port, secs);
		} else
			msg = xasprintf(_("timed out after %d s connecting to "
			    "%s port %s (a firewall dropping the packets, or "
			    "the API service restricted by address?)"), secs,
			    host, port);
		conn_fail(e, c, err, msg);
		free(msg);
		return;
	}
	if (c->state == CONN_RECONNECTING && c->retry_at > 0 &&
	    now >= c->retry_at) {
		conn_start(e, c);
		return;
	}
	if (c->state != CONN_READY)
		return;
	if (c->next_ping > 0 && now >= c->next_ping) {
		int pending = 0;

		for (r = c->reqs; r != NULL; r = r->next)
			if (r->kind == RK_PING)
				pending = 1;
		if (!pending) {
			r = req_new(RK_PING, 0);
			r->words = xcalloc(2, sizeof *r->words);
			r->words[0].p = xstrdup("/system/identity/print");
			r->words[0].len = (uint32_t)strlen(r->words[0].p);
			r->nwords = 1;
			/* twice the interval, 10 s at least, but never
			 * longer than a request may be silent */
			r->timeout_ms = c->o.ping_interval_ms * 2 > 10000 ?
			    c->o.ping_interval_ms * 2 : 10000;
			if (c->o.request_timeout_ms > 0 &&
			    r->timeout_ms > c->o.request_timeout_ms)
				r->timeout_ms = c->o.request_timeout_ms;
			req_append(c, r);
			req_write(c, r);
			conn_flush(e, c);
			if (c->t == NULL)
				return;
		}
		c->next_ping = now + c->o.ping_interval_ms;
	}
	for (r = c->reqs; r != NULL; r = next) {
		next = r->next;
		if (r->tag == 0 || r->deadline == 0 || now < r->deadline)
			continue;
		if (r->kind == RK_PING) {
			conn_fail(e, c, CERR_TIMEOUT,
			    _("the router stopped answering"));
			return;
		}
		if (r->kind == RK_CANCEL || r->silent) {
			/* Never answered: forget it, drop late replies. */
			req_unlink(c, r);
			req_free(r);
			continue;
		}
		if (r->cancelling) {
			struct event *ev = event_new(EV_DONE, c->id);

			req_emit_rows(e, c, r);
			ev->req = r->id;
			ev->owner = r->owner;
			ev->cancelled = 1;
			engine_emit(e, ev);
			req_unlink(c, r);
			req_free(r);
			continue;
		}
		{
			char *msg = xasprintf(_("no reply from %s within %d s"),
			    c->name, (r->timeout_ms + 999) / 1000);

			req_error(e, c, r, RERR_TIMEOUT, msg);
			free(msg);
		}
	}
	/* Send the /cancel words queued above; a write error may fail the
	 * connection and free its requests, so only after the loop. */
	conn_flush(e, c);
}

static void
conn_flush_rows(struct engine *e, struct conn *c)
{
	struct request *r;

	for (r = c->reqs; r != NULL; r = r->next)
		if (r->enc != NULL && rowenc_pending(r->enc) > 0)
			req_emit_rows(e, c, r);
}

/* ---- requests ------------------------------------------------------- */

/* Encode and queue a request with a fresh tag (registered first). */
static void
req_write(struct conn *c, struct request *r)
{
	char tag[32];
	size_t i;

	if (++c->next_tag == 0)
		c->next_tag = 1;
	r->tag = c->next_tag;
	r->sent_at = now_ms();
	r->deadline = r->timeout_ms > 0 ? r->sent_at + r->timeout_ms : 0;
	r->sent_once = 1;
	snprintf(tag, sizeof tag, ".tag=%" PRIu32, r->tag);
	for (i = 0; i < r->nwords; i++)
		codec_put_word(&c->out, r->words[i].p, r->words[i].len);
	codec_put_str(&c->out, tag);
	codec_put_word(&c->out, NULL, 0);
	if (log_enabled()) {
		struct tword *w = xcalloc(r->nwords + 1, sizeof *w);

		memcpy(w, r->words, r->nwords * sizeof *w);
		w[r->nwords] = word_str(tag);
		log_sentence(c->name, 1, w, r->nwords + 1);
		free(w);
	}
}

static void
req_emit_rows(struct engine *e, struct conn *c, struct request *r)
{
	struct event *ev;
	struct rowbatch *b = rowenc_take(r->enc);

	if (b == NULL)
		return;
	ev = event_new(EV_ROWS, c->id);
	ev->req = r->id;
	ev->owner = r->owner;
	ev->rows = b;
	engine_emit(e, ev);
}

/* !done: the request is over. */
static void
req_finish(struct engine *e, struct conn *c, struct request *r,
    const struct sentence *done)
{
	struct tword v;

	if (r->kind == RK_PING) {
		struct event *ev = event_new(EV_LATENCY, c->id);

		ev->latency_ms = (int)(now_ms() - r->sent_at);
		if (r->note.len > 0)
			ev->message = xstrndup(r->note.p, r->note.len);
		engine_emit(e, ev);
	} else if (r->kind == RK_USER && !r->silent) {
		struct event *ev;

		req_emit_rows(e, c, r);
		ev = event_new(EV_DONE, c->id);
		ev->req = r->id;
		ev->owner = r->owner;
		if (sentence_attr(done, "ret", &v))
			ev->ret = word_dup(&v);
		ev->traps = r->traps;
		ev->ntraps = r->ntraps;
		r->traps = NULL;
		r->ntraps = 0;
		ev->empty = r->empty;
		ev->cancelled = r->cancelling;
		if (r->note.len)
			ev->message = xstrdup(r->note.p);
		engine_emit(e, ev);
	}
	req_unlink(c, r);
	req_free(r);
}

/* End a request for its owner with an error; late replies are dropped. */
static void
req_error(struct engine *e, struct conn *c, struct request *r,
    enum req_error err, const char *msg)
{
	struct event *ev = event_new(EV_ERROR, c->id);

	req_emit_rows(e, c, r);
	ev->req = r->id;
	ev->owner = r->owner;
	ev->rerr = err;
	ev->message = xstrdup(msg);
	engine_emit(e, ev);
	if (err == RERR_TIMEOUT && c->t != NULL && c->state == CONN_READY) {
		/* Stop it on the router; keep the tag to drop its tail. */
		req_cancel(e, c, r);
		r->silent = 1;
		r->deadline = now_ms() + CANCEL_GRACE_MS;
		return;
	}
	req_unlink(c, r);
	req_free(r);
}

static void
req_cancel(struct engine *e, struct conn *c, struct request *r)
{
	struct request *cr;
	char word[32];

	if (r->tag == 0) {
		/* Never sent: finish it here. */
		struct event *ev = event_new(EV_DONE, c->id);

		ev->req = r->id;
		ev->owner = r->owner;
		ev->cancelled = 1;
		engine_emit(e, ev);
		req_unlink(c, r);
		req_free(r);
		return;
	}
	if (r->cancelling)
		return;
	r->cancelling = 1;
	r->deadline = now_ms() + CANCEL_GRACE_MS;
	req_emit_rows(e, c, r);
	rowenc_reset(r->enc);
	cr = req_new(RK_CANCEL, 0);
	snprintf(word, sizeof word, "=tag=%" PRIu32, r->tag);
	cr->words = xcalloc(2, sizeof *cr->words);
	cr->words[0].p = xstrdup("/cancel");
	cr->words[0].len = 7;
	cr->words[1].p = xstrdup(word);
	cr->words[1].len = (uint32_t)strlen(word);
	cr->nwords = 2;
	cr->timeout_ms = CANCEL_GRACE_MS;
	req_append(c, cr);
	req_write(c, cr);
}
