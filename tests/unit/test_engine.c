/*
 * test_engine.c: the connection engine against the scripted fake server.
 *
 * Every test has its own engine and fake server(s).  Events are pumped into
 * per-request records (struct rq) and a list of connection states with
 * timestamps, so the checks look at what arrived, in which order and when.
 * Every wait is bounded (WAIT_MS) and ends as soon as the awaited event
 * arrives; no test sleeps a fixed time.
 *
 * The two slow scenarios (the /cancel grace period, about 5 s, and dead-peer
 * detection, about 10 s) run on threads of their own while the other tests
 * run; their checks are collected and reported at the end, because TAP
 * numbers must stay in order.
 *
 * --quick runs a representative subset without the slow scenarios, for the
 * Helgrind run (tests/unit/test_engine_helgrind.sh).  TEST_ENGINE_SLACK_MS
 * widens the upper bounds of the timing checks (default 400 ms; 3000 with
 * --quick) for runs under valgrind.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "fakesrv.h"
#include "log.h"
#include "rows.h"
#include "tap.h"

#define PASSWORD	"s3cret-Pa55word"
#define LOGIN								\
	"expect /login =name=admin =password=" PASSWORD "\n"		\
	"send !done\n"
#define WAIT_MS		5000	/* bound for an event that must come */
#define MANY_MAX	1000
#define BIG_ROWS	20000

/* What one request received. */
struct rq {
	req_id		 id;
	conn_id		 conn;
	char		 seq[64];	/* R rows, X restart, D done, E error */
	int		 batches;
	uint32_t	 max_batch;	/* most rows in one EV_ROWS */
	size_t		 nrows;		/* since the last restart */
	struct rowstore	 rs;
	int		 restarts;
	int		 ends;		/* EV_DONE + EV_ERROR */
	int		 late;		/* events after the end */
	struct event	*end;		/* the first EV_DONE / EV_ERROR */
	int64_t		 sent_at;
	int64_t		 end_at;
};

/* One EV_CONN_STATE. */
struct st {
	conn_id		 conn;
	enum conn_state	 state;
	enum conn_error	 cerr;
	char		*msg;
	int64_t		 at;
};

/* A test's engine and everything it has emitted so far. */
struct tk {
	struct engine	*e;
	struct rq	**rq;
	size_t		 nrq;
	struct st	*st;
	size_t		 nst;
	int		 latencies;
	int		 latency_ms;	/* of the last EV_LATENCY */
	int		 stray;		/* events for requests never sent */
};

/* A check recorded on a helper thread, reported later. */
struct check {
	int	 pass;
	char	*name;
	char	*why;
};

struct checks {
	struct check	*v;
	size_t		 n;
};

/* The fake server of the callback tests. */
struct many {
	int		 n;		/* requests to collect */
	int		 got;
	uint32_t	 rnd;
	char		*tag[MANY_MAX];
	int		 num[MANY_MAX];
};

/* A router that holds its answer to /login until the test opens the gate. */
struct gate {
	int	fd[2];
	int	logins;
};

struct pingsrv {
	int	answer;		/* pings answered on connection 0 */
	int	pings[4];	/* pings seen per connection */
	int	logins;
};

static int slack_ms = 400;
static int quick;

static void ck_add(struct checks *ck, int pass, char *name, char *why);
static int ck_ok(struct checks *ck, int cond, const char *fmt, ...)
    TD_PRINTF(3, 4);
static int ck_int(struct checks *ck, long long got, long long want,
    const char *fmt, ...) TD_PRINTF(4, 5);
static void ck_report(struct checks *ck);
static const char *state_str(enum conn_state s);
static void tk_init(struct tk *t);
static void tk_end(struct tk *t, conn_id c, struct fakesrv **srv,
    const char *name);
static void tk_free(struct tk *t);
static void tk_handle(struct tk *t, struct event *ev);
static int tk_pump(struct tk *t, int ms);
static void tk_quiet(struct tk *t, int ms);
static struct rq *tk_find(struct tk *t, req_id id);
static void seq_add(struct rq *r, char c);
static struct rq *tk_send(struct tk *t, conn_id c, unsigned flags,
    int timeout_ms, ...) FAKESRV_SENTINEL;
static int tk_wait_end(struct tk *t, struct rq *r, int ms);
static int tk_wait_rows(struct tk *t, struct rq *r, size_t n, int ms);
static int tk_wait_latency(struct tk *t, int n, int ms);
static const struct st *tk_wait_state(struct tk *t, conn_id c,
    enum conn_state s, size_t *pos, int ms);
static void tk_states(struct tk *t, conn_id c, int msgs, char *out,
    size_t len);
static conn_id tk_connect(struct tk *t, int port, const struct conn_opts *o);
static char *rq_val(struct rq *r, size_t row, const char *col);
static int rq_has(struct rq *r, size_t row, const char *col,
    const char *want);
static const char *end_msg(const struct rq *r);
static const char *st_msg(const struct st *s);
static int srv_done(struct fakesrv **srv, const char *name);
static int srv_done_ck(struct checks *ck, struct fakesrv **srv,
    const char *name);
static int refused_port(void);
static uint32_t rnd_next(uint32_t *s);
static int many_cb(struct fakesrv_conn *conn, const struct sentence *s,
    void *arg);
static void many_answer(struct fakesrv_conn *conn, struct many *m);
static int big_cb(struct fakesrv_conn *conn, const struct sentence *s,
    void *arg);
static int ping_cb(struct fakesrv_conn *conn, const struct sentence *s,
    void *arg);
static int gate_cb(struct fakesrv_conn *conn, const struct sentence *s,
    void *arg);
static void tk_barrier(struct tk *t);
static void test_login_modern(void);
static void test_login_wrong(void);
static void test_login_md5(void);
static void test_login_fatal(void);
static void test_print(void);
static void test_big_print(void);
static void test_replies(void);
static void test_fatal_mid(void);
static void test_fatal_reconnect(void);
static void test_many(int n);
static void test_cancel(void);
static void test_cancel_unsent(void);
static void test_timeout(void);
static void test_refused(void);
static void test_connect_timeout(void);
static void test_drop(void);
static void test_reconnect(void);
static void test_disconnect_reconnecting(void);
static void test_ping(void);
static void test_malformed(void);
static void test_not_connected(void);
static void test_disconnect_inflight(void);
static void test_free_inflight(void);
static void test_multi(void);
static void test_log(void);
static void *slow_cancel(void *arg);
static void *slow_dead(void *arg);

/* ---- deferred checks ------------------------------------------------ */

/* Record a check (ck != NULL) or report it at once. */
static void
ck_add(struct checks *ck, int pass, char *name, char *why)
{
	if (ck == NULL) {
		tap_ok(pass, "%s", name);
		if (!pass && why != NULL)
			diag("%s", why);
		free(name);
		free(why);
		return;
	}
	ck->v = xreallocarray(ck->v, ck->n + 1, sizeof *ck->v);
	ck->v[ck->n].pass = pass;
	ck->v[ck->n].name = name;
	ck->v[ck->n].why = why;
	ck->n++;
}

/* A check from a condition. */
static int
ck_ok(struct checks *ck, int cond, const char *fmt, ...)
{
	va_list ap;
	char *name;

	va_start(ap, fmt);
	name = xvasprintf(fmt, ap);
	va_end(ap);
	ck_add(ck, cond, name, NULL);
	return cond;
}

/* A check that got equals want. */
static int
ck_int(struct checks *ck, long long got, long long want, const char *fmt,
    ...)
{
	va_list ap;
	char *name;

	va_start(ap, fmt);
	name = xvasprintf(fmt, ap);
	va_end(ap);
	ck_add(ck, got == want, name, got == want ? NULL :
	    xasprintf("  got: %lld\n#  want: %lld", got, want));
	return got == want;
}

/* Report recorded checks as TAP and free them. */
static void
ck_report(struct checks *ck)
{
	size_t i;

	for (i = 0; i < ck->n; i++)
		ck_add(NULL, ck->v[i].pass, ck->v[i].name, ck->v[i].why);
	free(ck->v);
	ck->v = NULL;
	ck->n = 0;
}

/* ---- the event pump ------------------------------------------------- */

/* Fixed state names (conn_state_name may be translated). */
static const char *
state_str(enum conn_state s)
{
	switch (s) {
	case CONN_CONNECTING:
		return "connecting";
	case CONN_LOGGING_IN:
		return "logging in";
	case CONN_READY:
		return "ready";
	case CONN_RECONNECTING:
		return "reconnecting";
	case CONN_FAILED:
		return "failed";
	case CONN_CLOSED:
		return "closed";
	}
	return "?";
}

/* A fresh engine for one test. */
static void
tk_init(struct tk *t)
{
	memset(t, 0, sizeof *t);
	t->e = engine_new();
	t->latency_ms = -1;
}

/* Free the engine (requests still in flight included) and the records. */
static void
tk_free(struct tk *t)
{
	size_t i;

	engine_free(&t->e);
	for (i = 0; i < t->nrq; i++) {
		rowstore_clear(&t->rq[i]->rs);
		event_free(&t->rq[i]->end);
		free(t->rq[i]);
	}
	free(t->rq);
	for (i = 0; i < t->nst; i++)
		free(t->st[i].msg);
	free(t->st);
	memset(t, 0, sizeof *t);
}

/* The record of request id, or NULL. */
static struct rq *
tk_find(struct tk *t, req_id id)
{
	size_t i;

	for (i = 0; i < t->nrq; i++)
		if (t->rq[i]->id == id)
			return t->rq[i];
	return NULL;
}

/* Append an event letter; a run of row batches counts once. */
static void
seq_add(struct rq *r, char c)
{
	size_t n = strlen(r->seq);

	if (c == 'R' && n > 0 && r->seq[n - 1] == 'R')
		return;
	if (n + 1 < sizeof r->seq) {
		r->seq[n] = c;
		r->seq[n + 1] = '\0';
	}
}

/* File an event. */
static void
tk_handle(struct tk *t, struct event *ev)
{
	struct rq *r;

	switch (ev->type) {
	case EV_CONN_STATE:
		t->st = xreallocarray(t->st, t->nst + 1, sizeof *t->st);
		t->st[t->nst].conn = ev->conn;
		t->st[t->nst].state = ev->state;
		t->st[t->nst].cerr = ev->cerr;
		t->st[t->nst].msg = ev->message != NULL ?
		    xstrdup(ev->message) : NULL;
		t->st[t->nst].at = now_ms();
		t->nst++;
		event_free(&ev);
		return;
	case EV_LATENCY:
		t->latencies++;
		t->latency_ms = ev->latency_ms;
		event_free(&ev);
		return;
	case EV_ROWS:
	case EV_DONE:
	case EV_ERROR:
	case EV_RESTART:
		break;
	}
	r = tk_find(t, ev->req);
	if (r == NULL || ev->conn != r->conn) {
		t->stray++;
		event_free(&ev);
		return;
	}
	if (r->ends > 0)
		r->late++;
	switch (ev->type) {
	case EV_ROWS:
		seq_add(r, 'R');
		r->batches++;
		if (ev->rows != NULL) {
			if (ev->rows->nrows > r->max_batch)
				r->max_batch = ev->rows->nrows;
			r->nrows += rowstore_add(&r->rs, &ev->rows);
		}
		break;
	case EV_RESTART:
		seq_add(r, 'X');
		r->restarts++;
		rowstore_clear(&r->rs);
		r->nrows = 0;
		break;
	case EV_DONE:
	case EV_ERROR:
		seq_add(r, ev->type == EV_DONE ? 'D' : 'E');
		r->ends++;
		if (r->end == NULL) {
			r->end = ev;
			r->end_at = now_ms();
			return;
		}
		break;
	default:
		break;
	}
	event_free(&ev);
}

/* Wait up to ms for one event and file it; 0 on timeout. */
static int
tk_pump(struct tk *t, int ms)
{
	struct event *ev = engine_wait_event(t->e, ms);

	if (ev == NULL)
		return 0;
	tk_handle(t, ev);
	return 1;
}

/* File whatever arrives within ms (to see that nothing more comes). */
static void
tk_quiet(struct tk *t, int ms)
{
	int64_t end = now_ms() + ms;

	while (now_ms() < end)
		tk_pump(t, (int)(end - now_ms()));
}

/* Send a command of C-string words (up to NULL). */
static struct rq *
tk_send(struct tk *t, conn_id c, unsigned flags, int timeout_ms, ...)
{
	const char *w[64];
	struct req_opts ro;
	struct owner owner = { 7, 1 };
	struct rq *r = xcalloc(1, sizeof *r);
	size_t n = 0;
	va_list ap;

	va_start(ap, timeout_ms);
	while (n < TD_ARRAY_LEN(w) && (w[n] = va_arg(ap, const char *)) !=
	    NULL)
		n++;
	va_end(ap);
	ro.flags = flags;
	ro.timeout_ms = timeout_ms;
	rowstore_init(&r->rs);
	r->conn = c;
	r->sent_at = now_ms();
	t->rq = xreallocarray(t->rq, t->nrq + 1, sizeof *t->rq);
	t->rq[t->nrq++] = r;
	r->id = engine_send_strs(t->e, c, owner, &ro, w, n);
	return r;
}

/* Return once the I/O thread has run every command sent so far: commands
 * run in order, and one for a connection that does not exist ends at once. */
static void
tk_barrier(struct tk *t)
{
	struct rq *r = tk_send(t, 0xFFFFFFF0u, 0, 0, "/barrier", NULL);

	if (!tk_wait_end(t, r, WAIT_MS))
		fatalx("barrier: the I/O thread does not answer");
}

/* Pump until r has ended (EV_DONE or EV_ERROR); 0 on timeout. */
static int
tk_wait_end(struct tk *t, struct rq *r, int ms)
{
	int64_t end = now_ms() + ms;

	while (r->ends == 0) {
		int64_t left = end - now_ms();

		if (left <= 0)
			return 0;
		tk_pump(t, (int)left);
	}
	return 1;
}

/* Pump until r has n rows; 0 on timeout or if it ended. */
static int
tk_wait_rows(struct tk *t, struct rq *r, size_t n, int ms)
{
	int64_t end = now_ms() + ms;

	while (r->nrows < n) {
		int64_t left = end - now_ms();

		if (left <= 0 || r->ends > 0)
			return 0;
		tk_pump(t, (int)left);
	}
	return 1;
}

/* Pump until n EV_LATENCY events have come; 0 on timeout. */
static int
tk_wait_latency(struct tk *t, int n, int ms)
{
	int64_t end = now_ms() + ms;

	while (t->latencies < n) {
		int64_t left = end - now_ms();

		if (left <= 0)
			return 0;
		tk_pump(t, (int)left);
	}
	return 1;
}

/* The first state s of connection c at or after *pos (which moves past
 * it); NULL if it does not come within ms.  The pointer is valid until the
 * next pump. */
static const struct st *
tk_wait_state(struct tk *t, conn_id c, enum conn_state s, size_t *pos,
    int ms)
{
	int64_t end = now_ms() + ms;
	size_t i = pos != NULL ? *pos : 0;

	for (;;) {
		int64_t left;

		for (; i < t->nst; i++) {
			if (t->st[i].conn == c && t->st[i].state == s) {
				if (pos != NULL)
					*pos = i + 1;
				return &t->st[i];
			}
		}
		left = end - now_ms();
		if (left <= 0)
			return NULL;
		tk_pump(t, (int)left);
	}
}

/* The states of connection c so far, comma-separated; with msgs, each
 * CONNECTING message in parentheses. */
static void
tk_states(struct tk *t, conn_id c, int msgs, char *out, size_t len)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < t->nst; i++) {
		if (t->st[i].conn != c)
			continue;
		if (b.len > 0)
			buf_addc(&b, ',');
		buf_adds(&b, state_str(t->st[i].state));
		if (msgs && t->st[i].state == CONN_CONNECTING &&
		    t->st[i].msg != NULL)
			buf_printf(&b, "(%s)", t->st[i].msg);
	}
	str_copy(out, len, b.p != NULL ? b.p : "");
	buf_free(&b);
}

/* Connect to 127.0.0.1:port as admin with PASSWORD unless o says else. */
static conn_id
tk_connect(struct tk *t, int port, const struct conn_opts *base)
{
	struct conn_opts o;
	char ps[16];

	if (base != NULL)
		o = *base;
	else
		memset(&o, 0, sizeof o);
	snprintf(ps, sizeof ps, "%d", port);
	o.tcfg.kind = TRANSPORT_TCP;
	o.tcfg.host = "127.0.0.1";
	o.tcfg.port = ps;
	if (o.user == NULL)
		o.user = "admin";
	if (o.password == NULL)
		o.password = PASSWORD;
	return engine_connect(t->e, &o);
}

/* Value of column col in row of r (malloc'd), or NULL. */
static char *
rq_val(struct rq *r, size_t row, const char *col)
{
	struct tword v;
	int id = rowstore_col(&r->rs, col);

	if (id < 0 || !rowstore_get(&r->rs, row, (uint32_t)id, &v))
		return NULL;
	return word_dup(&v);
}

/* Does column col of row hold want?  Says what it holds if not. */
static int
rq_has(struct rq *r, size_t row, const char *col, const char *want)
{
	char *v = rq_val(r, row, col);
	int good = v != NULL && strcmp(v, want) == 0;

	if (!good)
		diag("row %zu %s: got \"%s\", want \"%s\"", row, col,
		    v != NULL ? v : "(none)", want);
	free(v);
	return good;
}

/* The message of the request's end, or "". */
static const char *
end_msg(const struct rq *r)
{
	return r->end != NULL && r->end->message != NULL ? r->end->message :
	    "";
}

/* The message of a state event, or "". */
static const char *
st_msg(const struct st *s)
{
	return s != NULL && s->msg != NULL ? s->msg : "";
}

/* Finish a fake server and check its script ran to the end. */
static int
srv_done(struct fakesrv **srv, const char *name)
{
	return srv_done_ck(NULL, srv, name);
}

/* The end of a test: disconnect, wait for CONN_CLOSED, check what the
 * fake router saw, free. */
static void
tk_end(struct tk *t, conn_id c, struct fakesrv **srv, const char *name)
{
	engine_disconnect(t->e, c);
	tk_wait_state(t, c, CONN_CLOSED, NULL, WAIT_MS);
	srv_done(srv, name);
	tk_free(t);
}

/* srv_done, recording into ck (NULL: report at once). */
static int
srv_done_ck(struct checks *ck, struct fakesrv **srv, const char *name)
{
	char err[2048];
	int r = fakesrv_finish(srv, WAIT_MS, err, sizeof err);

	ck_add(ck, r == 0, xasprintf("%s: the fake router saw what it "
	    "expected", name), r == 0 ? NULL : xasprintf("%s", err));
	return r == 0;
}

/* A loopback port nobody listens on. */
static int
refused_port(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof sin) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) != 0)
		fatalx("refused_port: %s", strerror(errno));
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

/* xorshift32: the same "random" order on every run. */
static uint32_t
rnd_next(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

/* ---- callback servers (run on the fake server's thread) ------------- */

/* Collect m->n tagged /test/echo =n=N commands, then answer them all. */
static int
many_cb(struct fakesrv_conn *conn, const struct sentence *s, void *arg)
{
	struct many *m = arg;
	struct tword v;
	char *tag = NULL, *num = NULL;
	size_t i;

	if (s == NULL)
		return FAKESRV_CLOSE;
	if (s->n > 0 && word_eq(&s->w[0], "/login")) {
		fakesrv_reply(conn, "!done", NULL);
		return FAKESRV_CONTINUE;
	}
	for (i = 0; i < s->n; i++)
		if (word_prefix(&s->w[i], ".tag="))
			tag = xstrndup(s->w[i].p + 5, s->w[i].len - 5);
	if (sentence_attr(s, "n", &v))
		num = word_dup(&v);
	if (s->n == 0 || !word_eq(&s->w[0], "/test/echo") || tag == NULL ||
	    num == NULL || m->got >= m->n) {
		fakesrv_fail(conn, "unexpected sentence %d", m->got);
		free(tag);
		free(num);
		return FAKESRV_CLOSE;
	}
	m->tag[m->got] = tag;
	m->num[m->got] = atoi(num);
	free(num);
	if (++m->got == m->n)
		many_answer(conn, m);
	return FAKESRV_CONTINUE;
}

/*
 * Answer every request: N % 4 rows, a trap when N % 5 == 0, !empty when
 * N % 7 == 0, then !done =ret=N.  Sentences of different requests are
 * interleaved at random, with replies for tags nobody uses among them, and
 * the whole is written in 13-byte pieces.
 */
static void
many_answer(struct fakesrv_conn *conn, struct many *m)
{
	int *left = xcalloc((size_t)m->n, sizeof *left);
	int *pos = xcalloc((size_t)m->n, sizeof *pos);
	int remaining = 0, i, k, sent = 0;
	struct buf out;
	char w1[64], w2[64], w3[80];

	for (i = 0; i < m->n; i++) {
		int n = m->num[i];

		left[i] = n % 4 + (n % 5 == 0) + (n % 7 == 0) + 1;
		remaining += left[i];
	}
	buf_init(&out);
	while (remaining > 0) {
		int n, rows;

		k = (int)(rnd_next(&m->rnd) % (uint32_t)m->n);
		while (left[k] == 0)
			k = (k + 1) % m->n;
		n = m->num[k];
		rows = n % 4;
		snprintf(w3, sizeof w3, ".tag=%s", m->tag[k]);
		if (pos[k] < rows) {
			snprintf(w1, sizeof w1, "=n=%d", n);
			snprintf(w2, sizeof w2, "=i=%d", pos[k]);
			codec_put_str(&out, "!re");
			codec_put_str(&out, w1);
			codec_put_str(&out, w3);
			codec_put_str(&out, w2);
		} else if (pos[k] == rows && n % 5 == 0) {
			snprintf(w1, sizeof w1, "=message=failure %d", n);
			codec_put_str(&out, "!trap");
			codec_put_str(&out, w1);
			codec_put_str(&out, w3);
		} else if (left[k] == 2 && n % 7 == 0) {
			codec_put_str(&out, "!empty");
			codec_put_str(&out, w3);
		} else {
			snprintf(w1, sizeof w1, "=ret=%d", n);
			codec_put_str(&out, "!done");
			codec_put_str(&out, w3);
			codec_put_str(&out, w1);
		}
		codec_put_word(&out, NULL, 0);
		pos[k]++;
		left[k]--;
		remaining--;
		if (++sent % 97 == 0) {
			/* replies for tags that are not in flight */
			codec_put_str(&out, "!re");
			codec_put_str(&out, "=n=-1");
			codec_put_str(&out, ".tag=4000000000");
			codec_put_word(&out, NULL, 0);
			codec_put_str(&out, "!done");
			codec_put_str(&out, ".tag=nonsense");
			codec_put_word(&out, NULL, 0);
			codec_put_str(&out, "!re");
			codec_put_str(&out, "=n=-2");
			codec_put_word(&out, NULL, 0);
		}
	}
	fakesrv_chunk(conn, 13, 0);
	fakesrv_write(conn, out.p, out.len);
	fakesrv_chunk(conn, 0, 0);
	buf_free(&out);
	free(left);
	free(pos);
}

/* Log in, then answer /ip/route/print with BIG_ROWS rows in one write. */
static int
big_cb(struct fakesrv_conn *conn, const struct sentence *s, void *arg)
{
	struct buf out;
	char w[96], tag[64] = "";
	size_t i;
	int k;

	(void)arg;
	if (s == NULL)
		return FAKESRV_CLOSE;
	if (s->n > 0 && word_eq(&s->w[0], "/login")) {
		fakesrv_reply(conn, "!done", NULL);
		return FAKESRV_CONTINUE;
	}
	for (i = 0; i < s->n; i++)
		if (word_prefix(&s->w[i], ".tag=") && s->w[i].len < sizeof tag)
			snprintf(tag, sizeof tag, "%.*s", (int)s->w[i].len,
			    s->w[i].p);
	if (s->n == 0 || !word_eq(&s->w[0], "/ip/route/print") ||
	    tag[0] == '\0') {
		fakesrv_fail(conn, "unexpected command");
		return FAKESRV_CLOSE;
	}
	buf_init(&out);
	for (k = 0; k < BIG_ROWS; k++) {
		codec_put_str(&out, "!re");
		snprintf(w, sizeof w, "=.id=*%X", k + 1);
		codec_put_str(&out, w);
		snprintf(w, sizeof w, "=dst-address=10.%d.%d.0/24",
		    k / 256, k % 256);
		codec_put_str(&out, w);
		codec_put_str(&out, "=gateway=192.168.88.1");
		codec_put_str(&out, tag);
		codec_put_word(&out, NULL, 0);
	}
	codec_put_str(&out, "!done");
	codec_put_str(&out, tag);
	codec_put_word(&out, NULL, 0);
	fakesrv_write(conn, out.p, out.len);
	buf_free(&out);
	return FAKESRV_CONTINUE;
}

/* Log in; answer pings (/system/identity/print), on connection 0 only the
 * first p->answer of them. */
static int
ping_cb(struct fakesrv_conn *conn, const struct sentence *s, void *arg)
{
	struct pingsrv *p = arg;
	int idx = fakesrv_conn_index(conn);
	char tag[64] = "";
	size_t i;

	if (s == NULL)
		return FAKESRV_CLOSE;
	if (s->n > 0 && word_eq(&s->w[0], "/login")) {
		p->logins++;
		fakesrv_reply(conn, "!done", NULL);
		return FAKESRV_CONTINUE;
	}
	for (i = 0; i < s->n; i++)
		if (word_prefix(&s->w[i], ".tag=") && s->w[i].len < sizeof tag)
			snprintf(tag, sizeof tag, "%.*s", (int)s->w[i].len,
			    s->w[i].p);
	if (s->n != 2 || !word_eq(&s->w[0], "/system/identity/print") ||
	    tag[0] == '\0' || idx > 3) {
		fakesrv_fail(conn, "unexpected sentence");
		return FAKESRV_CLOSE;
	}
	if (idx == 0 && p->pings[0] >= p->answer) {
		p->pings[idx]++;
		return FAKESRV_CONTINUE;	/* a dead peer */
	}
	p->pings[idx]++;
	fakesrv_reply(conn, "!re", "=name=MikroTik", tag, NULL);
	fakesrv_reply(conn, "!done", tag, NULL);
	return FAKESRV_CONTINUE;
}

/* Wait (bounded) for the gate, then end the login with !fatal. */
static int
gate_cb(struct fakesrv_conn *conn, const struct sentence *s, void *arg)
{
	struct gate *g = arg;
	struct pollfd pfd;

	if (s == NULL)
		return FAKESRV_CLOSE;
	if (s->n == 0 || !word_eq(&s->w[0], "/login")) {
		fakesrv_fail(conn, "unexpected sentence");
		return FAKESRV_CLOSE;
	}
	g->logins++;
	pfd.fd = g->fd[0];
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (poll(&pfd, 1, WAIT_MS) != 1)
		fakesrv_fail(conn, "the gate never opened");
	fakesrv_reply(conn, "!fatal", "too many commands before login",
	    NULL);
	return FAKESRV_CONTINUE;
}

/* ---- login ---------------------------------------------------------- */

/* Modern login (6.43+): name and password, bare !done. */
static void
test_login_modern(void)
{
	struct fakesrv *srv = fakesrv_start_script(LOGIN "expect-close\n");
	struct tk t;
	const struct st *s;
	char states[256];
	conn_id c;

	tk_init(&t);
	c = tk_connect(&t, fakesrv_port(srv), NULL);
	ok(c != 0, "login: engine_connect returns a connection id");
	s = tk_wait_state(&t, c, CONN_READY, NULL, WAIT_MS);
	ok(s != NULL, "login: modern login (=name= =password=) is READY");
	is_int(s != NULL ? (long long)s->cerr : -1, CERR_NONE,
	    "login: no error");
	engine_disconnect(t.e, c);
	ok(tk_wait_state(&t, c, CONN_CLOSED, NULL, WAIT_MS) != NULL,
	    "login: engine_disconnect emits CONN_CLOSED");
	tk_states(&t, c, 0, states, sizeof states);
	is_str(states, "connecting,logging in,ready,closed",
	    "login: the states in order");
	srv_done(&srv, "login");
	tk_free(&t);
}

/* A wrong password: the router's words, no retry. */
static void
test_login_wrong(void)
{
	static const char script[] =
	    "expect /login =name=admin =password=" PASSWORD "\n"
	    "send !trap =message=invalid\\suser\\sname\\sor\\spassword\\s(6)\n"
	    "send !done\n"
	    "expect-close\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	struct conn_opts o;
	struct tk t;
	const struct st *s;
	struct rq *r;
	char states[256];
	conn_id c;

	tk_init(&t);
	memset(&o, 0, sizeof o);
	o.attempts = 3;
	c = tk_connect(&t, fakesrv_port(srv), &o);
	s = tk_wait_state(&t, c, CONN_FAILED, NULL, WAIT_MS);
	ok(s != NULL, "wrong password: CONN_FAILED");
	is_int(s != NULL ? (long long)s->cerr : -1, CERR_LOGIN,
	    "wrong password: CERR_LOGIN");
	ok(strstr(st_msg(s), "invalid user name or password (6)") != NULL,
	    "wrong password: the router's text verbatim (\"%s\")",
	    st_msg(s));
	tk_states(&t, c, 0, states, sizeof states);
	is_str(states, "connecting,logging in,failed",
	    "wrong password: no retry although attempts=3");
	r = tk_send(&t, c, 0, 0, "/system/resource/print", NULL);
	ok(tk_wait_end(&t, r, WAIT_MS) && r->end->type == EV_ERROR &&
	    r->end->rerr == RERR_NOT_CONNECTED,
	    "wrong password: the connection gave up (a request fails with "
	    "RERR_NOT_CONNECTED)");
	srv_done(&srv, "wrong password");
	tk_free(&t);
}

static void
test_login_md5(void)
{
	static const char script[] =
	    "expect /login =name=admin =password=test\n"
	    "send !done =ret=259e0bc05acd6f46926dc2f809ed1bba\n"
	    "expect /login =name=admin =response="
	    "00c7fd865183a43a772dde231f6d0bff13\n"
	    "send !done\n"
	    "expect-close\n"
	    "next\n"
	    "expect /login =name=admin =password=\n"
	    "send !done =ret=93b438ec9b80057c06dd9fe67d56aa9a\n"
	    "expect /login =name=admin =response="
	    "00e134102a9d330dd7b1849fedfea3cb57\n"
	    "send !trap =message=cannot\\slog\\sin\n"
	    "send !done\n"
	    "expect-close\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	struct conn_opts o;
	struct tk t;
	const struct st *s;
	conn_id c;

	tk_init(&t);
	memset(&o, 0, sizeof o);
	o.password = "test";
	c = tk_connect(&t, fakesrv_port(srv), &o);
	ok(tk_wait_state(&t, c, CONN_READY, NULL, WAIT_MS) != NULL,
	    "md5 login: challenge answered, READY");
	engine_disconnect(t.e, c);
	ok(tk_wait_state(&t, c, CONN_CLOSED, NULL, WAIT_MS) != NULL,
	    "md5 login: closed");
	o.password = "";
	c = tk_connect(&t, fakesrv_port(srv), &o);
	s = tk_wait_state(&t, c, CONN_FAILED, NULL, WAIT_MS);
	ok(s != NULL && s->cerr == CERR_LOGIN &&
	    strstr(st_msg(s), "cannot log in") != NULL,
	    "md5 login: refused response is CERR_LOGIN with the router's "
	    "text (\"%s\")", st_msg(s));
	tk_end(&t, c, &srv, "md5 login (exact =response= for known challenges)");
}

/* !fatal during login ends the connection with its reason. */
static void
test_login_fatal(void)
{
	struct gate g = { { -1, -1 }, 0 };
	struct fakesrv *srv;
	struct tk t;
	const struct st *s;
	struct rq *r;
	conn_id c;

	if (pipe(g.fd) != 0)
		fatalx("pipe: %s", strerror(errno));
	srv = fakesrv_start_cb(gate_cb, &g);
	tk_init(&t);
	c = tk_connect(&t, fakesrv_port(srv), NULL);
	ok(tk_wait_state(&t, c, CONN_LOGGING_IN, NULL, WAIT_MS) != NULL,
	    "fatal at login: logging in");
	r = tk_send(&t, c, 0, 0, "/queued", NULL);
	tk_barrier(&t);		/* /queued waits in the engine ... */
	if (write(g.fd[1], "x", 1) != 1)	/* ... before !fatal comes */
		fatalx("write: %s", strerror(errno));
	s = tk_wait_state(&t, c, CONN_FAILED, NULL, WAIT_MS);
	ok(s != NULL, "fatal at login: CONN_FAILED");
	is_int(s != NULL ? (long long)s->cerr : -1, CERR_FATAL,
	    "fatal at login: CERR_FATAL");
	ok(strstr(st_msg(s), "too many commands before login") != NULL,
	    "fatal at login: the reason in the message (\"%s\")", st_msg(s));
	ok(tk_wait_end(&t, r, WAIT_MS) && r->end->type == EV_ERROR &&
	    r->end->rerr == RERR_FATAL &&
	    strstr(end_msg(r), "too many commands before login") != NULL,
	    "fatal at login: the queued request fails (RERR_FATAL, reason)");
	tk_free(&t);
	srv_done(&srv, "fatal at login");
	is_int(g.logins, 1, "fatal at login: no second attempt");
	close(g.fd[0]);
	close(g.fd[1]);
}

/* ---- replies -------------------------------------------------------- */

/* A print: rows in batches, then EV_DONE; values via a rowstore. */
static void
test_print(void)
{
	static const char script[] =
	    LOGIN
	    "expect /interface/print =.proplist=.id,name,mtu .tag=$T\n"
	    "send !re =.id=*1 =name=ether1 =mtu=1500 .tag=$T\n"
	    "send !re .tag=$T =.id=*2 =name=ether2 =mtu=1500\n"
	    "send !re =.id=*A =name=wlan\\s1\\x00x =mtu=1600 .tag=$T\n"
	    "send !done .tag=$T\n"
	    "expect-close\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	struct tk t;
	struct rq *r;
	struct tword v;
	conn_id c;
	int col;

	tk_init(&t);
	c = tk_connect(&t, fakesrv_port(srv), NULL);
	tk_wait_state(&t, c, CONN_READY, NULL, WAIT_MS);
	r = tk_send(&t, c, 0, 0, "/interface/print",
	    "=.proplist=.id,name,mtu", NULL);
	ok(tk_wait_end(&t, r, WAIT_MS), "print: the request ended");
	is_str(r->seq, "RD", "print: EV_ROWS, then EV_DONE");
	is_int((long long)r->nrows, 3, "print: three rows");
	ok(r->batches >= 1 && r->batches <= 3,
	    "print: rows came in batches (%d)", r->batches);
	ok(rq_has(r, 0, ".id", "*1") && rq_has(r, 0, "name", "ether1") &&
	    rq_has(r, 1, ".id", "*2") && rq_has(r, 1, "mtu", "1500") &&
	    rq_has(r, 2, ".id", "*A") && rq_has(r, 2, "mtu", "1600"),
	    "print: rows decoded from the batches (.tag anywhere)");
	col = rowstore_col(&r->rs, "name");
	ok(col >= 0 && rowstore_get(&r->rs, 2, (uint32_t)col, &v) &&
	    v.len == 8 && memcmp(v.p, "wlan 1\0x", 8) == 0,
	    "print: a value with a space and a NUL byte");
	ok(rowstore_col(&r->rs, ".tag") < 0, "print: .tag is not a column");
	ok(r->end != NULL && r->end->type == EV_DONE &&
	    r->end->ntraps == 0 && !r->end->empty && !r->end->cancelled &&
	    r->end->ret == NULL && r->end->message == NULL,
	    "print: a plain EV_DONE");
	ok(r->end != NULL && r->end->owner.view == 7 &&
	    r->end->owner.gen == 1, "print: the owner travels with events");
	tk_end(&t, c, &srv, "print");
}

/* BIG_ROWS rows in one write: few, bounded batches, every row in order. */
static void
test_big_print(void)
{
	struct fakesrv *srv = fakesrv_start_cb(big_cb, NULL);
	struct tk t;
	struct rq *r;
	conn_id c;
	int bad = 0, k, idc;
	char want[32];

	tk_init(&t);
	c = tk_connect(&t, fakesrv_port(srv), NULL);
	tk_wait_state(&t, c, CONN_READY, NULL, WAIT_MS);
	r = tk_send(&t, c, 0, 0, "/ip/route/print", NULL);
	ok(tk_wait_end(&t, r, 4 * WAIT_MS), "big print: ended");
	is_str(r->seq, "RD", "big print: rows, then done");
	is_int((long long)r->nrows, BIG_ROWS, "big print: %d rows", BIG_ROWS);
	ok(r->batches >= 3 && r->batches <= 200,
	    "big print: %d rows in %d batches", BIG_ROWS, r->batches);
	ok(r->max_batch <= 8192, "big print: at most 8192 rows a batch "
	    "(largest %u)", r->max_batch);
	idc = rowstore_col(&r->rs, ".id");
	for (k = 0; k < BIG_ROWS && idc >= 0; k++) {
		struct tword v;

		snprintf(want, sizeof want, "*%X", k + 1);
		if (!rowstore_get(&r->rs, (size_t)k, (uint32_t)idc, &v) ||
		    v.len != strlen(want) || memcmp(v.p, want, v.len) != 0)
			bad++;
	}
	ok(idc >= 0 && bad == 0, "big print: every row in order (%d bad)",
	    bad);
	tk_end(&t, c, &srv, "big print");
}

/* Traps, !empty, =ret=, unknown reply words, 1-byte pieces, empty
 * sentences, replies for unknown tags. */
static void
test_replies(void)
{
	static const char script[] =
	    LOGIN
	    "expect /ip/address/add =interface=nope .tag=$A\n"
	    "send !trap =category=1 =message=input\\sdoes\\snot\\smatch\\sany"
	    "\\svalue\\sof\\sinterface .tag=$A\n"
	    "send !done .tag=$A\n"
	    "expect /routerboard/print .tag=$B\n"
	    "send !trap =message=no\\ssuch\\scommand\\sor\\sdirectory"
	    "\\s(routerboard) .tag=$B\n"
	    "send !trap =message=no\\ssuch\\scommand\\sprefix .tag=$B\n"
	    "send !done .tag=$B\n"
	    "expect /file/print .tag=$C\n"
	    "send !re =name=a .tag=$C\n"
	    "send !re =name=b .tag=$C\n"
	    "send !trap =category=4 =message=failure:\\stimeout .tag=$C\n"
	    "send !done .tag=$C\n"
	    "expect /ip/route/print ?dst-address=1.2.3.4/32 .tag=$D\n"
	    "send !empty .tag=$D\n"
	    "send !done .tag=$D\n"
	    "expect /ip/address/add =address=10.0.0.1/24 =interface=ether1"
	    " .tag=$E\n"
	    "send !done =ret=*5 .tag=$E\n"
	    "expect /odd .tag=$F\n"
	    "send !bogus =x=1 .tag=$F\n"
	    "send !done .tag=$F\n"
	    "expect /chunked .tag=$G\n"
	    "chunk 1\n"
	    "send !re =name=ether1 =comment=one\\sbyte\\sat\\sa\\stime"
	    " .tag=$G\n"
	    "send !re =name=ether2 .tag=$G\n"
	    "send !done =ret=2 .tag=$G\n"
	    "chunk 0\n"
	    "expect /afterempty .tag=$H\n"
	    "raw 00\n"
	    "send !re =x=stray .tag=4000000000\n"
	    "send !done .tag=nonsense\n"
	    "send !re =x=untagged\n"
	    "send !done\n"
	    "raw 00 00\n"
	    "send !re =x=mine .tag=$H\n"
	    "send !done .tag=$H\n"
	    "expect-close\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	struct tk t;
	struct rq *r;
	struct event *d;
	conn_id c;

	tk_init(&t);
	c = tk_connect(&t, fakesrv_port(srv), NULL);
	tk_wait_state(&t, c, CONN_READY, NULL, WAIT_MS);

	r = tk_send(&t, c, 0, 0, "/ip/address/add", "=interface=nope", NULL);
	tk_wait_end(&t, r, WAIT_MS);
	d = r->end;
	is_str(r->seq, "D", "trap: ends with EV_DONE (!done follows !trap)");
	ok(d != NULL && d->ntraps == 1 && d->traps[0].category == 1 &&
	    strcmp(d->traps[0].message, "input does not match any value of "
	    "interface") == 0, "trap: message and category 1 in EV_DONE");

	r = tk_send(&t, c, 0, 0, "/routerboard/print", NULL);
	tk_wait_end(&t, r, WAIT_MS);
	d = r->end;
	ok(d != NULL && d->type == EV_DONE && d->ntraps == 2 &&
	    strcmp(d->traps[0].message, "no such command or directory "
	    "(routerboard)") == 0 && d->traps[0].category == -1 &&
	    strcmp(d->traps[1].message, "no such command prefix") == 0,
	    "two traps: both, in order, category -1 when absent");

	r = tk_send(&t, c, 0, 0, "/file/print", NULL);
	tk_wait_end(&t, r, WAIT_MS);
	d = r->end;
	is_str(r->seq, "RD", "trap after rows: rows, then EV_DONE");
	ok(r->nrows == 2 && rq_has(r, 1, "name", "b") && d != NULL &&
	    d->ntraps == 1 && d->traps[0].category == 4 &&
	    strcmp(d->traps[0].message, "failure: timeout") == 0,
	    "trap after rows: two rows and the trap");

	r = tk_send(&t, c, 0, 0, "/ip/route/print", "?dst-address=1.2.3.4/32",
	    NULL);
	tk_wait_end(&t, r, WAIT_MS);
	d = r->end;
	is_str(r->seq, "D", "!empty: no EV_ROWS");
	ok(d != NULL && d->type == EV_DONE && d->empty == 1 &&
	    d->ntraps == 0, "!empty + !done: EV_DONE with empty=1");

	r = tk_send(&t, c, 0, 0, "/ip/address/add", "=address=10.0.0.1/24",
	    "=interface=ether1", NULL);
	tk_wait_end(&t, r, WAIT_MS);
	d = r->end;
	is_str(d != NULL ? d->ret : NULL, "*5", "!done =ret=*5: ret");
	ok(d != NULL && !d->empty, "!done =ret=: empty=0");

	r = tk_send(&t, c, 0, 0, "/odd", NULL);
	ok(tk_wait_end(&t, r, WAIT_MS), "unknown reply word: no hang");
	ok(r->end != NULL && r->end->type == EV_DONE &&
	    strstr(end_msg(r), "!bogus") != NULL,
	    "unknown reply word: named in the EV_DONE message (\"%s\")",
	    end_msg(r));

	r = tk_send(&t, c, 0, 0, "/chunked", NULL);
	tk_wait_end(&t, r, WAIT_MS);
	d = r->end;
	is_str(r->seq, "RD", "1-byte pieces: rows, then done");
	ok(r->nrows == 2 && rq_has(r, 0, "comment", "one byte at a time") &&
	    rq_has(r, 1, "name", "ether2") && d != NULL &&
	    d->ret != NULL && strcmp(d->ret, "2") == 0,
	    "1-byte pieces: the reply reassembled");

	r = tk_send(&t, c, 0, 0, "/afterempty", NULL);
	tk_wait_end(&t, r, WAIT_MS);
	is_str(r->seq, "RD", "empty sentences and strays: rows, then done");
	ok(r->nrows == 1 && rq_has(r, 0, "x", "mine"),
	    "replies for unknown or missing tags are dropped, not delivered");
	is_int(t.stray, 0, "replies: no event for a request never sent");
	tk_end(&t, c, &srv, "replies");
}

/* ---- !fatal --------------------------------------------------------- */

/* !fatal mid-session fails every request in flight. */
static void
test_fatal_mid(void)
{
	static const char script[] =
	    LOGIN
	    "expect /log/print =follow-only= .tag=$A\n"
	    "expect /interface/print .tag=$B\n"
	    "send !re =message=hello .tag=$A\n"
	    "send !fatal session\\sterminated\\son\\srequest\n"
	    "expect-close\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	struct tk t;
	struct rq *a, *b, *q;
	const struct st *s;
	conn_id c;

	tk_init(&t);
	c = tk_connect(&t, fakesrv_port(srv), NULL);
	tk_wait_state(&t, c, CONN_READY, NULL, WAIT_MS);
	a = tk_send(&t, c, REQ_STREAM, 0, "/log/print", "=follow-only=", NULL);
	b = tk_send(&t, c, 0, 0, "/interface/print", NULL);
	tk_wait_end(&t, a, WAIT_MS);
	tk_wait_end(&t, b, WAIT_MS);
	is_str(a->seq, "RE", "fatal: the stream got its row, then EV_ERROR");
	ok(a->end != NULL && a->end->rerr == RERR_FATAL &&
	    strstr(end_msg(a), "session terminated on request") != NULL,
	    "fatal: RERR_FATAL with the reason (\"%s\")", end_msg(a));
	is_str(b->seq, "E", "fatal: the other request ends with EV_ERROR");
	ok(b->end != NULL && b->end->rerr == RERR_FATAL &&
	    strstr(end_msg(b), "session terminated on request") != NULL,
	    "fatal: RERR_FATAL with the reason for every request");
	s = tk_wait_state(&t, c, CONN_FAILED, NULL, WAIT_MS);
	ok(s != NULL && s->cerr == CERR_FATAL &&
	    strstr(st_msg(s), "session terminated on request") != NULL,
	    "fatal: CONN_FAILED, CERR_FATAL, the reason (\"%s\")", st_msg(s));
	q = tk_send(&t, c, 0, 0, "/after", NULL);
	ok(tk_wait_end(&t, q, WAIT_MS) && q->end->type == EV_ERROR &&
	    q->end->rerr == RERR_NOT_CONNECTED,
	    "fatal: a request after the failure gets RERR_NOT_CONNECTED");
	ok(a->late == 0 && b->late == 0 && t.stray == 0,
	    "fatal: exactly one end per request");
	srv_done(&srv, "fatal");
	tk_free(&t);
}

/* !fatal with reconnect=1: RECONNECTING, then in again. */
static void
test_fatal_reconnect(void)
{
	static const char script[] =
	    LOGIN
	    "expect /interface/print .tag=$A\n"
	    "send !fatal not\\slogged\\sin\n"
	    "expect-close\n"
	    "next\n"
	    LOGIN
	    "expect-close\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	struct conn_opts o;
	struct tk t;
	struct rq *a, *w;
	const struct st *s;
	size_t pos = 0;
	conn_id c;

	tk_init(&t);
	memset(&o, 0, sizeof o);
	o.reconnect = 1;
	c = tk_connect(&t, fakesrv_port(srv), &o);
	tk_wait_state(&t, c, CONN_READY, &pos, WAIT_MS);
	a = tk_send(&t, c, 0, 0, "/interface/print", NULL);
	tk_wait_end(&t, a, WAIT_MS);
	ok(a->end != NULL && a->end->type == EV_ERROR &&
	    a->end->rerr == RERR_FATAL &&
	    strstr(end_msg(a), "not logged in") != NULL,
	    "fatal, reconnect=1: the request fails with RERR_FATAL");
	s = tk_wait_state(&t, c, CONN_RECONNECTING, &pos, WAIT_MS);
	ok(s != NULL && s->cerr == CERR_FATAL &&
	    strstr(st_msg(s), "not logged in") != NULL,
	    "fatal, reconnect=1: RECONNECTING with the reason");
	/* a write meanwhile fails at once; the script has no room for it
	 * after the new login (it would be sent then otherwise) */
	w = tk_send(&t, c, REQ_NOW, 0, "/system/identity/set", "=name=x",
	    NULL);
	tk_wait_end(&t, w, WAIT_MS);
	ok(w->end != NULL && w->end->type == EV_ERROR &&
	    w->end->rerr == RERR_NOT_CONNECTED && w->ends == 1,
	    "REQ_NOW while reconnecting: fails at once, not sent later");
	ok(tk_wait_state(&t, c, CONN_READY, &pos, WAIT_MS) != NULL,
	    "fatal, reconnect=1: logged in again");
	engine_disconnect(t.e, c);
	tk_wait_state(&t, c, CONN_CLOSED, &pos, WAIT_MS);
	srv_done(&srv, "fatal, reconnect=1");
	tk_free(&t);
}

/* ---- many requests in flight ---------------------------------------- */

/* n tagged requests in flight, answered interleaved at random. */
static void
test_many(int n)
{
	struct many *m = xcalloc(1, sizeof *m);
	struct fakesrv *srv;
	struct tk t;
	struct rq **r;
	conn_id c;
	int i, ended = 0, once = 0, rows = 0, traps = 0, empty = 0, ret = 0;
	char num[32], err[2048];
	int64_t end;

	m->n = n;
	m->rnd = 0x2545F491;
	srv = fakesrv_start_cb(many_cb, m);
	r = xcalloc((size_t)n, sizeof *r);
	tk_init(&t);
	c = tk_connect(&t, fakesrv_port(srv), NULL);
	tk_wait_state(&t, c, CONN_READY, NULL, WAIT_MS);
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof num, "=n=%d", 1000 + i);
		r[i] = tk_send(&t, c, 0, 0, "/test/echo", num, NULL);
	}
	end = now_ms() + 4 * WAIT_MS;
	for (i = 0; i < n; i++)
		if (!tk_wait_end(&t, r[i], (int)(end - now_ms())))
			break;
	tk_quiet(&t, 50);	/* anything after the last end is a bug */
	for (i = 0; i < n; i++) {
		int v = 1000 + i;
		size_t k;
		struct event *d = r[i]->end;

		if (r[i]->ends > 0)
			ended++;
		if (r[i]->ends == 1 && r[i]->late == 0)
			once++;
		if (d == NULL || d->type != EV_DONE)
			continue;
		if (r[i]->nrows == (size_t)(v % 4)) {
			int good = 1;

			for (k = 0; k < r[i]->nrows; k++) {
				char *nv = rq_val(r[i], k, "n");
				char *iv = rq_val(r[i], k, "i");

				if (nv == NULL || iv == NULL ||
				    atoi(nv) != v || atoi(iv) != (int)k)
					good = 0;
				free(nv);
				free(iv);
			}
			rows += good;
		}
		if ((v % 5 == 0) ? d->ntraps == 1 && d->traps[0].message !=
		    NULL && atoi(d->traps[0].message + 8) == v :
		    d->ntraps == 0)
			traps++;
		if (d->empty == (v % 7 == 0))
			empty++;
		if (d->ret != NULL && atoi(d->ret) == v)
			ret++;
	}
	is_int(ended, n, "%d in flight: every request ended", n);
	is_int(once, n, "%d in flight: each exactly once", n);
	is_int(rows, n, "%d in flight: each got its own rows, in order", n);
	is_int(traps, n, "%d in flight: traps went to the right request", n);
	is_int(empty, n, "%d in flight: !empty went to the right request", n);
	is_int(ret, n, "%d in flight: each =ret= went to its request", n);
	is_int(t.stray, 0, "%d in flight: replies for unknown tags dropped",
	    n);
	engine_disconnect(t.e, c);
	tk_wait_state(&t, c, CONN_CLOSED, NULL, WAIT_MS);
	tk_free(&t);
	is_int(fakesrv_finish(&srv, WAIT_MS, err, sizeof err), 0,
	    "%d in flight: the fake router saw what it expected", n);
	if (err[0] != '\0')
		diag("%s", err);
	is_int(m->got, n, "%d in flight: all were in flight at once", n);
	for (i = 0; i < m->got; i++)
		free(m->tag[i]);
	free(m);
	free(r);
}

/* ---- /cancel -------------------------------------------------------- */

/* /cancel: exact sequence, interrupted trap hidden, tail dropped. */
static void
test_cancel(void)
{
	static const char script[] =
	    LOGIN
	    "expect /interface/listen .tag=$L\n"
	    "send !re =name=ether1 .tag=$L\n"
	    "expect /cancel =tag=$L .tag=$C\n"
	    "send !re =name=between .tag=$L\n"
	    "send !trap =category=2 =message=interrupted .tag=$L\n"
	    "send !empty .tag=$L\n"
	    "send !done .tag=$C\n"
	    "send !done .tag=$L\n"
	    "delay 20\n"
	    "send !re =name=tail1 .tag=$L\n"
	    "delay 30\n"
	    "send !trap =category=2 =message=interrupted .tag=$L\n"
	    "send !done .tag=$L\n"
	    "expect /after .tag=$X\n"
	    "send !done .tag=$X\n"
	    "expect-close\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	struct tk t;
	struct rq *l, *x;
	conn_id c;

	tk_init(&t);
	c = tk_connect(&t, fakesrv_port(srv), NULL);
	tk_wait_state(&t, c, CONN_READY, NULL, WAIT_MS);
	l = tk_send(&t, c, REQ_STREAM, 0, "/interface/listen", NULL);
	ok(tk_wait_rows(&t, l, 1, WAIT_MS), "cancel: the stream's first row");
	engine_cancel(t.e, l->id);
	ok(tk_wait_end(&t, l, WAIT_MS), "cancel: the request ended");
	is_str(l->seq, "RD", "cancel: ends with EV_DONE");
	ok(l->end != NULL && l->end->type == EV_DONE &&
	    l->end->cancelled == 1, "cancel: cancelled=1");
	is_int(l->end != NULL ? (long long)l->end->ntraps : -1, 0,
	    "cancel: the \"interrupted\" trap is not reported as a trap");
	is_int((long long)l->nrows, 1, "cancel: rows after /cancel dropped");
	x = tk_send(&t, c, 0, 0, "/after", NULL);
	ok(tk_wait_end(&t, x, WAIT_MS) && x->end->type == EV_DONE,
	    "cancel: the connection carries on after late tail replies");
	ok(l->late == 0 && t.stray == 0,
	    "cancel: the tail 20-50 ms later was dropped");
	tk_end(&t, c, &srv, "cancel (/cancel =tag=T sent)");
}

/* Cancelling a request still waiting for the login ends it. */
static void
test_cancel_unsent(void)
{
	static const char script[] =
	    "expect /login =name=admin =password=" PASSWORD "\n"
	    "expect-close\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	struct tk t;
	struct rq *r;
	conn_id c;
	int64_t t0;

	tk_init(&t);
	c = tk_connect(&t, fakesrv_port(srv), NULL);
	tk_wait_state(&t, c, CONN_LOGGING_IN, NULL, WAIT_MS);
	r = tk_send(&t, c, 0, 0, "/interface/print", NULL);
	t0 = now_ms();
	engine_cancel(t.e, r->id);
	ok(tk_wait_end(&t, r, WAIT_MS) && now_ms() - t0 < 1000,
	    "cancel unsent: ends at once while logging in");
	ok(r->end != NULL && r->end->type == EV_DONE && r->end->cancelled,
	    "cancel unsent: EV_DONE cancelled=1");
	engine_disconnect(t.e, c);
	tk_wait_state(&t, c, CONN_CLOSED, NULL, WAIT_MS);
	ok(r->late == 0, "cancel unsent: nothing after the end");
	srv_done(&srv, "cancel unsent (neither it nor /cancel sent)");
	tk_free(&t);
}

/* ---- timeouts ------------------------------------------------------- */

/* Per-request timeouts: silence, /cancel, streams exempt. */
static void
test_timeout(void)
{
	static const char script[] =
	    LOGIN
	    "expect /slow .tag=$S\n"
	    "expect /cancel =tag=$S .tag=$C\n"
	    "send !trap =category=2 =message=interrupted .tag=$S\n"
	    "send !done .tag=$C\n"
	    "send !done .tag=$S\n"
	    "expect /trickle .tag=$T\n"
	    "send !re =i=1 .tag=$T\n"
	    "delay 150\n"
	    "send !re =i=2 .tag=$T\n"
	    "delay 150\n"
	    "send !re =i=3 .tag=$T\n"
	    "delay 150\n"
	    "send !done .tag=$T\n"
	    "expect /interface/listen .tag=$L\n"
	    "delay 450\n"
	    "send !re =name=ether1 .tag=$L\n"
	    "expect /cancel =tag=$L .tag=$D\n"
	    "send !trap =category=2 =message=interrupted .tag=$L\n"
	    "send !done .tag=$D\n"
	    "send !done .tag=$L\n"
	    "expect-close\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	struct conn_opts o;
	struct tk t;
	struct rq *s, *tr, *l;
	int64_t took;
	conn_id c;

	tk_init(&t);
	memset(&o, 0, sizeof o);
	o.request_timeout_ms = 200;
	c = tk_connect(&t, fakesrv_port(srv), &o);
	tk_wait_state(&t, c, CONN_READY, NULL, WAIT_MS);
	s = tk_send(&t, c, 0, 0, "/slow", NULL);
	tk_wait_end(&t, s, WAIT_MS);
	took = s->end_at - s->sent_at;
	ok(s->end != NULL && s->end->type == EV_ERROR &&
	    s->end->rerr == RERR_TIMEOUT, "timeout: EV_ERROR RERR_TIMEOUT");
	ok(took >= 190 && took <= 200 + slack_ms,
	    "timeout: after request_timeout_ms (%lld ms)", (long long)took);
	ok(strstr(end_msg(s), "no reply") != NULL,
	    "timeout: says so (\"%s\")", end_msg(s));
	tr = tk_send(&t, c, 0, 300, "/trickle", NULL);
	tk_wait_end(&t, tr, WAIT_MS);
	ok(tr->end != NULL && tr->end->type == EV_DONE && tr->nrows == 3,
	    "timeout: counts silence, not total time (450 ms, timeout 300)");
	l = tk_send(&t, c, REQ_STREAM, 0, "/interface/listen", NULL);
	ok(tk_wait_rows(&t, l, 1, WAIT_MS) && l->ends == 0,
	    "timeout: REQ_STREAM has no default timeout (row after 450 ms)");
	engine_cancel(t.e, l->id);
	tk_wait_end(&t, l, WAIT_MS);
	ok(l->end != NULL && l->end->cancelled, "timeout: stream cancelled");
	ok(s->late == 0 && t.stray == 0,
	    "timeout: the timed-out request's tail is dropped");
	tk_end(&t, c, &srv, "timeout (/cancel sent for the timed-out request)");
}

/* ---- connecting ----------------------------------------------------- */

/* A refused port, once and with three attempts and back-off. */
static void
test_refused(void)
{
	struct conn_opts o;
	struct tk t;
	const struct st *s;
	char states[512], want[512];
	size_t pos = 0;
	int port = refused_port();
	int64_t back1 = -1, back2 = -1, at[8];
	conn_id c;
	size_t i, k;

	tk_init(&t);
	c = tk_connect(&t, port, NULL);
	s = tk_wait_state(&t, c, CONN_FAILED, &pos, WAIT_MS);
	ok(s != NULL && s->cerr == CERR_CONNECT,
	    "refused: CONN_FAILED, CERR_CONNECT");
	ok(strstr(st_msg(s), "refused") != NULL &&
	    strstr(st_msg(s), "127.0.0.1") != NULL,
	    "refused: a clear message (\"%s\")", st_msg(s));

	memset(&o, 0, sizeof o);
	o.attempts = 3;
	c = tk_connect(&t, port, &o);
	pos = 0;
	s = tk_wait_state(&t, c, CONN_FAILED, &pos, 3 * WAIT_MS);
	ok(s != NULL && s->cerr == CERR_CONNECT,
	    "3 attempts: CONN_FAILED, CERR_CONNECT");
	tk_states(&t, c, 1, states, sizeof states);
	snprintf(want, sizeof want, "connecting,reconnecting,"
	    "connecting(attempt 2 of 3),reconnecting,"
	    "connecting(attempt 3 of 3),failed");
	is_str(states, want, "3 attempts: the states in order");
	for (i = 0, k = 0; i < t.nst && k < TD_ARRAY_LEN(at); i++)
		if (t.st[i].conn == c)
			at[k++] = t.st[i].at;
	if (k == 6) {
		back1 = at[2] - at[1];
		back2 = at[4] - at[3];
	}
	ok(back1 >= 450 && back1 <= 500 + slack_ms,
	    "3 attempts: back-off before attempt 2 (%lld ms)",
	    (long long)back1);
	ok(back2 >= 950 && back2 <= 1000 + slack_ms,
	    "3 attempts: longer back-off before attempt 3 (%lld ms)",
	    (long long)back2);
	tk_free(&t);
}

/* A server that accepts but never answers the login, and a port whose
 * accept queue is full (a SYN that gets no answer, as on a filtered port). */
static void
test_connect_timeout(void)
{
	static const char script[] =
	    "expect /login =name=admin =password=" PASSWORD "\n"
	    "expect-close\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	struct conn_opts o;
	struct tk t;
	const struct st *s;
	int64_t t0, took;
	int lfd, cfd[4], i;
	conn_id c;

	tk_init(&t);
	memset(&o, 0, sizeof o);
	o.connect_timeout_ms = 300;
	o.attempts = 1;
	t0 = now_ms();
	c = tk_connect(&t, fakesrv_port(srv), &o);
	s = tk_wait_state(&t, c, CONN_FAILED, NULL, WAIT_MS);
	took = s != NULL ? s->at - t0 : -1;
	ok(s != NULL && s->cerr == CERR_TIMEOUT,
	    "login timeout: CONN_FAILED, CERR_TIMEOUT");
	ok(took >= 290 && took <= 300 + slack_ms,
	    "login timeout: within connect_timeout_ms (%lld ms)",
	    (long long)took);
	ok(strstr(st_msg(s), "timed out") != NULL &&
	    strstr(st_msg(s), "logging in") != NULL,
	    "login timeout: says so (\"%s\")", st_msg(s));
	srv_done(&srv, "login timeout");

	/* listen(0) plus one queued connection: further SYNs are dropped */
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sin, sizeof sin) != 0 ||
	    listen(lfd, 0) != 0 ||
	    getsockname(lfd, (struct sockaddr *)&sin, &len) != 0)
		fatalx("listen: %s", strerror(errno));
	for (i = 0; i < 4; i++) {
		cfd[i] = socket(AF_INET, SOCK_STREAM, 0);
		fcntl(cfd[i], F_SETFL, O_NONBLOCK);
		(void)connect(cfd[i], (struct sockaddr *)&sin, sizeof sin);
	}
	t0 = now_ms();
	c = tk_connect(&t, ntohs(sin.sin_port), &o);
	s = tk_wait_state(&t, c, CONN_FAILED, NULL, WAIT_MS);
	took = s != NULL ? s->at - t0 : -1;
	ok(s != NULL && s->cerr == CERR_TIMEOUT &&
	    strstr(st_msg(s), "connecting") != NULL,
	    "connect timeout: CERR_TIMEOUT while connecting (\"%s\")",
	    st_msg(s));
	ok(took >= 290 && took <= 300 + slack_ms,
	    "connect timeout: within connect_timeout_ms (%lld ms)",
	    (long long)took);
	for (i = 0; i < 4; i++)
		close(cfd[i]);
	close(lfd);
	tk_free(&t);
}

/* ---- drops and reconnecting ----------------------------------------- */

/* A drop mid-reply without reconnect. */
static void
test_drop(void)
{
	static const char script[] =
	    LOGIN
	    "expect /interface/print .tag=$A\n"
	    "send !re =name=ether1 .tag=$A\n"
	    "drop-mid\n"
	    "send !re =name=ether2 =comment=a\\slong\\scomment .tag=$A\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	struct tk t;
	struct rq *a;
	const struct st *s;
	conn_id c;

	tk_init(&t);
	c = tk_connect(&t, fakesrv_port(srv), NULL);
	tk_wait_state(&t, c, CONN_READY, NULL, WAIT_MS);
	a = tk_send(&t, c, 0, 0, "/interface/print", NULL);
	tk_wait_end(&t, a, WAIT_MS);
	is_str(a->seq, "RE", "drop mid-reply: the whole row, then EV_ERROR");
	ok(a->nrows == 1 && a->end != NULL &&
	    a->end->rerr == RERR_DISCONNECTED &&
	    strstr(end_msg(a), "closed the connection") != NULL,
	    "drop mid-reply: RERR_DISCONNECTED, a clear message (\"%s\")",
	    end_msg(a));
	s = tk_wait_state(&t, c, CONN_FAILED, NULL, WAIT_MS);
	ok(s != NULL && s->cerr == CERR_CLOSED,
	    "drop mid-reply: CONN_FAILED, CERR_CLOSED (reconnect=0)");
	srv_done(&srv, "drop mid-reply");
	tk_free(&t);
}

/* A drop with reconnect=1: back-off, login, REQ_RESUME again. */
static void
test_reconnect(void)
{
	static const char script[] =
	    LOGIN
	    "expect /log/print =follow-only= .tag=$S\n"
	    "expect /interface/print .tag=$P\n"
	    "send !re =message=one .tag=$S\n"
	    "drop-mid\n"
	    "send !re =name=ether1 =comment=cut\\sin\\shalf .tag=$P\n"
	    "next\n"
	    LOGIN
	    "expect /log/print =follow-only= .tag=$S\n"
	    "expect /queued1 .tag=$Q\n"
	    "expect /queued2 .tag=$R\n"
	    "send !re =message=two .tag=$S\n"
	    "send !done =ret=q1 .tag=$Q\n"
	    "send !done =ret=q2 .tag=$R\n"
	    "expect /cancel =tag=$S .tag=$C\n"
	    "send !trap =category=2 =message=interrupted .tag=$S\n"
	    "send !done .tag=$C\n"
	    "send !done .tag=$S\n"
	    "expect-close\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	struct conn_opts o;
	struct tk t;
	struct rq *sr, *p, *q1, *q2;
	const struct st *s;
	size_t pos = 0;
	int64_t dropped, again;
	conn_id c;

	tk_init(&t);
	memset(&o, 0, sizeof o);
	o.reconnect = 1;
	c = tk_connect(&t, fakesrv_port(srv), &o);
	tk_wait_state(&t, c, CONN_READY, &pos, WAIT_MS);
	sr = tk_send(&t, c, REQ_STREAM | REQ_RESUME, 0, "/log/print",
	    "=follow-only=", NULL);
	p = tk_send(&t, c, 0, 0, "/interface/print", NULL);
	tk_wait_end(&t, p, WAIT_MS);
	ok(p->end != NULL && p->end->type == EV_ERROR &&
	    p->end->rerr == RERR_DISCONNECTED &&
	    strstr(end_msg(p), "closed the connection") != NULL,
	    "reconnect: the plain request fails, RERR_DISCONNECTED (\"%s\")",
	    end_msg(p));
	s = tk_wait_state(&t, c, CONN_RECONNECTING, &pos, WAIT_MS);
	ok(s != NULL && s->cerr == CERR_CLOSED,
	    "reconnect: RECONNECTING after the drop");
	dropped = s != NULL ? s->at : 0;
	q1 = tk_send(&t, c, 0, 0, "/queued1", NULL);
	q2 = tk_send(&t, c, 0, 0, "/queued2", NULL);
	s = tk_wait_state(&t, c, CONN_CONNECTING, &pos, WAIT_MS);
	again = s != NULL ? s->at : 0;
	ok(s != NULL && again - dropped >= 450 &&
	    again - dropped <= 500 + slack_ms,
	    "reconnect: after a back-off (%lld ms)",
	    (long long)(again - dropped));
	ok(tk_wait_state(&t, c, CONN_READY, &pos, WAIT_MS) != NULL,
	    "reconnect: logged in again");
	tk_wait_end(&t, q1, WAIT_MS);
	tk_wait_end(&t, q2, WAIT_MS);
	ok(q1->end != NULL && q1->end->type == EV_DONE &&
	    q1->end->ret != NULL && strcmp(q1->end->ret, "q1") == 0 &&
	    q2->end != NULL && q2->end->ret != NULL &&
	    strcmp(q2->end->ret, "q2") == 0,
	    "reconnect: requests sent while reconnecting went out after "
	    "login, in order");
	tk_wait_rows(&t, sr, 1, WAIT_MS);
	is_str(sr->seq, "RXR", "reconnect: the REQ_RESUME stream: rows, "
	    "EV_RESTART, rows again");
	ok(sr->nrows == 1 && rq_has(sr, 0, "message", "two") &&
	    sr->ends == 0, "reconnect: the re-issued stream's new rows");
	engine_cancel(t.e, sr->id);
	tk_wait_end(&t, sr, WAIT_MS);
	ok(sr->end != NULL && sr->end->type == EV_DONE &&
	    sr->end->cancelled, "reconnect: the re-issued stream cancels "
	    "under its new tag");
	engine_disconnect(t.e, c);
	tk_wait_state(&t, c, CONN_CLOSED, &pos, WAIT_MS);
	ok(t.stray == 0 && p->late == 0 && sr->late == 0,
	    "reconnect: exactly one end per request");
	srv_done(&srv, "reconnect (REQ_RESUME re-issued)");
	tk_free(&t);
}

/* engine_disconnect while waiting to reconnect: the parked REQ_RESUME
 * request ends, and the connection stays closed. */
static void
test_disconnect_reconnecting(void)
{
	static const char script[] =
	    LOGIN
	    "expect /log/print =follow-only= .tag=$S\n"
	    "send !re =message=one .tag=$S\n"
	    "drop\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	struct conn_opts o;
	struct tk t;
	struct rq *sr, *q;
	char states[256];
	size_t pos = 0;
	conn_id c;

	tk_init(&t);
	memset(&o, 0, sizeof o);
	o.reconnect = 1;
	c = tk_connect(&t, fakesrv_port(srv), &o);
	tk_wait_state(&t, c, CONN_READY, &pos, WAIT_MS);
	sr = tk_send(&t, c, REQ_STREAM | REQ_RESUME, 0, "/log/print",
	    "=follow-only=", NULL);
	ok(tk_wait_state(&t, c, CONN_RECONNECTING, &pos, WAIT_MS) != NULL &&
	    sr->ends == 0, "disconnect while reconnecting: the stream waits");
	engine_disconnect(t.e, c);
	ok(tk_wait_state(&t, c, CONN_CLOSED, &pos, WAIT_MS) != NULL,
	    "disconnect while reconnecting: CONN_CLOSED");
	ok(sr->ends == 1 && sr->end->type == EV_ERROR,
	    "disconnect while reconnecting: the parked stream ends");
	q = tk_send(&t, c, 0, 0, "/after", NULL);
	ok(tk_wait_end(&t, q, WAIT_MS) && q->end->type == EV_ERROR &&
	    q->end->rerr == RERR_NOT_CONNECTED,
	    "disconnect while reconnecting: gone for good");
	tk_states(&t, c, 0, states, sizeof states);
	is_str(states, "connecting,logging in,ready,reconnecting,closed",
	    "disconnect while reconnecting: no further attempt");
	srv_done(&srv, "disconnect while reconnecting");
	tk_free(&t);
}

/* ping_interval_ms: EV_LATENCY events. */
static void
test_ping(void)
{
	struct pingsrv *p = xcalloc(1, sizeof *p);
	struct fakesrv *srv;
	struct conn_opts o;
	struct tk t;
	conn_id c;
	char err[2048];

	p->answer = 1000;
	srv = fakesrv_start_cb(ping_cb, p);
	tk_init(&t);
	memset(&o, 0, sizeof o);
	o.ping_interval_ms = 50;
	c = tk_connect(&t, fakesrv_port(srv), &o);
	ok(tk_wait_latency(&t, 3, WAIT_MS), "ping: EV_LATENCY events arrive");
	ok(t.latency_ms >= 0 && t.latency_ms < 1000,
	    "ping: a plausible latency (%d ms)", t.latency_ms);
	engine_disconnect(t.e, c);
	tk_wait_state(&t, c, CONN_CLOSED, NULL, WAIT_MS);
	tk_free(&t);
	is_int(fakesrv_finish(&srv, WAIT_MS, err, sizeof err), 0,
	    "ping: the fake router saw only pings");
	if (err[0] != '\0')
		diag("%s", err);
	ok(p->pings[0] >= 3, "ping: the router saw %d pings", p->pings[0]);
	free(p);
}

/* ---- malformed replies, closed connections -------------------------- */

/* A reserved control byte: CERR_PROTOCOL naming the offset. */
static void
test_malformed(void)
{
	static const char script[] =
	    LOGIN				/* 7 bytes: 05 "!done" 00 */
	    "expect /interface/print .tag=$A\n"
	    "raw 03 21 72 65 F8 00 00 00 00\n"	/* "!re", then 0xF8 */
	    "expect-close\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	struct tk t;
	struct rq *a;
	const struct st *s;
	conn_id c;

	tk_init(&t);
	c = tk_connect(&t, fakesrv_port(srv), NULL);
	tk_wait_state(&t, c, CONN_READY, NULL, WAIT_MS);
	a = tk_send(&t, c, 0, 0, "/interface/print", NULL);
	s = tk_wait_state(&t, c, CONN_FAILED, NULL, WAIT_MS);
	ok(s != NULL && s->cerr == CERR_PROTOCOL,
	    "malformed: CONN_FAILED, CERR_PROTOCOL");
	ok(strstr(st_msg(s), "0xF8") != NULL &&
	    strstr(st_msg(s), "byte 11") != NULL,
	    "malformed: the message names the byte and its offset (\"%s\")",
	    st_msg(s));
	ok(tk_wait_end(&t, a, WAIT_MS) && a->end->type == EV_ERROR &&
	    a->end->rerr == RERR_PROTOCOL,
	    "malformed: the request fails with RERR_PROTOCOL");
	srv_done(&srv, "malformed");
	tk_free(&t);
}

/* Requests to failed, closed or unknown connections. */
static void
test_not_connected(void)
{
	struct tk t;
	struct rq *r;
	conn_id c;
	int64_t t0;

	tk_init(&t);
	c = tk_connect(&t, refused_port(), NULL);
	tk_wait_state(&t, c, CONN_FAILED, NULL, WAIT_MS);
	t0 = now_ms();
	r = tk_send(&t, c, 0, 0, "/interface/print", NULL);
	ok(tk_wait_end(&t, r, WAIT_MS) && now_ms() - t0 < 1000 &&
	    r->end->type == EV_ERROR && r->end->rerr == RERR_NOT_CONNECTED,
	    "failed connection: a request ends at once, RERR_NOT_CONNECTED");
	engine_disconnect(t.e, c);
	ok(tk_wait_state(&t, c, CONN_CLOSED, NULL, WAIT_MS) != NULL,
	    "failed connection: engine_disconnect still emits CONN_CLOSED");
	r = tk_send(&t, c, 0, 0, "/interface/print", NULL);
	ok(tk_wait_end(&t, r, WAIT_MS) && r->end->type == EV_ERROR &&
	    r->end->rerr == RERR_NOT_CONNECTED,
	    "closed connection: RERR_NOT_CONNECTED");
	r = tk_send(&t, 4242, 0, 0, "/interface/print", NULL);
	ok(tk_wait_end(&t, r, WAIT_MS) && r->end->type == EV_ERROR &&
	    r->end->rerr == RERR_NOT_CONNECTED,
	    "unknown connection: RERR_NOT_CONNECTED");
	engine_cancel(t.e, 999999);	/* unknown request: no effect */
	tk_quiet(&t, 20);
	is_int(t.stray, 0, "cancelling an unknown request emits nothing");
	tk_free(&t);
}

/* engine_disconnect ends every request in flight. */
static void
test_disconnect_inflight(void)
{
	static const char script[] =
	    LOGIN
	    "expect /interface/print .tag=$A\n"
	    "expect /log/print =follow-only= .tag=$B\n"
	    "expect-close\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	struct tk t;
	struct rq *a, *b;
	const struct st *s;
	conn_id c;

	tk_init(&t);
	c = tk_connect(&t, fakesrv_port(srv), NULL);
	tk_wait_state(&t, c, CONN_READY, NULL, WAIT_MS);
	a = tk_send(&t, c, 0, 0, "/interface/print", NULL);
	b = tk_send(&t, c, REQ_STREAM | REQ_RESUME, 0, "/log/print",
	    "=follow-only=", NULL);
	engine_disconnect(t.e, c);
	s = tk_wait_state(&t, c, CONN_CLOSED, NULL, WAIT_MS);
	ok(s != NULL, "disconnect: CONN_CLOSED");
	ok(a->ends == 1 && a->end->type == EV_ERROR &&
	    b->ends == 1 && b->end->type == EV_ERROR,
	    "disconnect: every request in flight ended (EV_ERROR)");
	ok(a->end != NULL && strstr(end_msg(a), "disconnected") != NULL,
	    "disconnect: the message says why (\"%s\")", end_msg(a));
	tk_quiet(&t, 20);
	ok(a->late == 0 && b->late == 0 && t.stray == 0,
	    "disconnect: nothing after CONN_CLOSED");
	srv_done(&srv, "disconnect");
	tk_free(&t);
}

/* engine_free with requests in flight neither hangs nor leaks. */
static void
test_free_inflight(void)
{
	static const char s1[] =
	    LOGIN
	    "expect /interface/print .tag=$A\n"
	    "expect /log/print =follow-only= .tag=$B\n"
	    "expect-close\n";
	static const char s2[] =
	    "expect /login =name=admin =password=" PASSWORD "\n"
	    "expect-close\n";
	struct fakesrv *srv1 = fakesrv_start_script(s1);
	struct fakesrv *srv2 = fakesrv_start_script(s2);
	struct tk t;
	conn_id c1, c2;
	int64_t t0;

	tk_init(&t);
	c1 = tk_connect(&t, fakesrv_port(srv1), NULL);
	c2 = tk_connect(&t, fakesrv_port(srv2), NULL);
	tk_wait_state(&t, c1, CONN_READY, NULL, WAIT_MS);
	tk_wait_state(&t, c2, CONN_LOGGING_IN, NULL, WAIT_MS);
	tk_send(&t, c1, 0, 0, "/interface/print", NULL);
	tk_send(&t, c1, REQ_STREAM, 0, "/log/print", "=follow-only=", NULL);
	tk_send(&t, c2, 0, 0, "/queued", NULL);
	t0 = now_ms();
	engine_free(&t.e);
	ok(t.e == NULL && now_ms() - t0 < 1000,
	    "engine_free with requests in flight returns at once");
	srv_done(&srv1, "engine_free (connections closed)");
	srv_done(&srv2, "engine_free while logging in");
	tk_free(&t);
}

/* Three routers at once on the one I/O thread, replies overlapping. */
static void
test_multi(void)
{
	static const char fmt[] =
	    LOGIN
	    "expect /system/identity/print .tag=$T\n"
	    "chunk 3 2\n"
	    "send !re =name=router%d =note=%s .tag=$T\n"
	    "send !done .tag=$T\n"
	    "expect-close\n";
	struct fakesrv *srv[3];
	struct tk t;
	struct rq *r[3];
	conn_id c[3];
	char script[512], name[32], *v;
	int i, good = 0, ready = 0;

	tk_init(&t);
	for (i = 0; i < 3; i++) {
		snprintf(script, sizeof script, fmt, i,
		    "some\\stext\\sto\\sslow\\sthe\\sreply\\sdown");
		srv[i] = fakesrv_start_script(script);
		c[i] = tk_connect(&t, fakesrv_port(srv[i]), NULL);
	}
	for (i = 0; i < 3; i++)
		if (tk_wait_state(&t, c[i], CONN_READY, NULL, WAIT_MS) != NULL)
			ready++;
	is_int(ready, 3, "three connections: all READY");
	ok(c[0] != c[1] && c[1] != c[2] && c[0] != c[2],
	    "three connections: distinct ids");
	for (i = 0; i < 3; i++)
		r[i] = tk_send(&t, c[i], 0, 0, "/system/identity/print", NULL);
	for (i = 0; i < 3; i++) {
		tk_wait_end(&t, r[i], WAIT_MS);
		snprintf(name, sizeof name, "router%d", i);
		v = rq_val(r[i], 0, "name");
		if (r[i]->end != NULL && r[i]->end->type == EV_DONE &&
		    r[i]->end->conn == c[i] && v != NULL &&
		    strcmp(v, name) == 0)
			good++;
		free(v);
	}
	is_int(good, 3, "three connections: each reply from its own router");
	for (i = 0; i < 3; i++)
		engine_disconnect(t.e, c[i]);
	for (i = 0; i < 3; i++) {
		tk_wait_state(&t, c[i], CONN_CLOSED, NULL, WAIT_MS);
		srv_done(&srv[i], "three connections");
	}
	tk_free(&t);
}

/* The debug log: sentences both ways, no password. */
static void
test_log(void)
{
	static const char script[] =
	    LOGIN
	    "expect /user/set =.id=admin =password=N3w-Pa55word .tag=$A\n"
	    "send !done .tag=$A\n"
	    "expect /interface/print .tag=$B\n"
	    "send !re =name=ether1 .tag=$B\n"
	    "send !done .tag=$B\n"
	    "expect-close\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	char path[] = "/tmp/test_engine_log.XXXXXX";
	struct tk t;
	struct rq *a, *b;
	struct buf text;
	char chunk[4096];
	conn_id c;
	ssize_t n;
	int fd = mkstemp(path);

	if (fd < 0)
		fatalx("mkstemp: %s", strerror(errno));
	/* before engine_new: the I/O thread reads the log switch */
	ok(log_open(path) == 0, "log: opened");
	tk_init(&t);
	c = tk_connect(&t, fakesrv_port(srv), NULL);
	tk_wait_state(&t, c, CONN_READY, NULL, WAIT_MS);
	a = tk_send(&t, c, 0, 0, "/user/set", "=.id=admin",
	    "=password=N3w-Pa55word", NULL);
	b = tk_send(&t, c, 0, 0, "/interface/print", NULL);
	tk_wait_end(&t, a, WAIT_MS);
	tk_wait_end(&t, b, WAIT_MS);
	engine_disconnect(t.e, c);
	tk_wait_state(&t, c, CONN_CLOSED, NULL, WAIT_MS);
	tk_free(&t);
	log_close();
	buf_init(&text);
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(&text, chunk, (size_t)n);
	close(fd);
	unlink(path);
	ok(text.len > 0, "log: written (%zu bytes)", text.len);
	ok(text.p != NULL && strstr(text.p, PASSWORD) == NULL,
	    "log: the login password never appears");
	ok(text.p != NULL && strstr(text.p, "N3w-Pa55word") == NULL,
	    "log: a =password= in a request never appears");
	ok(text.p != NULL && strstr(text.p, ">>> /login") != NULL &&
	    strstr(text.p, ">>> =password=<redacted>") != NULL,
	    "log: the login sentence, redacted");
	ok(text.p != NULL && strstr(text.p, ">>> /interface/print") != NULL &&
	    strstr(text.p, ">>> .tag=") != NULL,
	    "log: sentences out");
	ok(text.p != NULL && strstr(text.p, "<<< !re") != NULL &&
	    strstr(text.p, "<<< =name=ether1") != NULL &&
	    strstr(text.p, "<<< !done") != NULL, "log: sentences in");
	buf_free(&text);
	srv_done(&srv, "log");
}

/* ---- the slow scenarios, on threads of their own -------------------- */

/* A router that never answers /cancel: the request still ends. */
static void *
slow_cancel(void *arg)
{
	static const char script[] =
	    LOGIN
	    "expect /log/print =follow-only= .tag=$L\n"
	    "expect /cancel =tag=$L .tag=$C\n"
	    "expect /after .tag=$X\n"
	    "send !done .tag=$X\n"
	    "expect-close\n";
	struct checks *ck = arg;
	struct fakesrv *srv = fakesrv_start_script(script);
	struct tk t;
	struct rq *l, *x;
	int64_t t0, took;
	conn_id c;

	tk_init(&t);
	c = tk_connect(&t, fakesrv_port(srv), NULL);
	tk_wait_state(&t, c, CONN_READY, NULL, WAIT_MS);
	l = tk_send(&t, c, REQ_STREAM, 0, "/log/print", "=follow-only=", NULL);
	t0 = now_ms();
	engine_cancel(t.e, l->id);
	tk_wait_end(&t, l, 3 * WAIT_MS);
	took = l->end != NULL ? l->end_at - t0 : -1;
	ck_ok(ck, l->end != NULL && l->end->type == EV_DONE &&
	    l->end->cancelled, "no answer to /cancel: EV_DONE cancelled=1");
	ck_ok(ck, took >= 4900 && took <= 5000 + slack_ms,
	    "no answer to /cancel: after the grace period (%lld ms)",
	    (long long)took);
	x = tk_send(&t, c, 0, 0, "/after", NULL);
	tk_wait_end(&t, x, WAIT_MS);
	ck_ok(ck, x->end != NULL && x->end->type == EV_DONE,
	    "no answer to /cancel: the connection still works");
	engine_disconnect(t.e, c);
	tk_wait_state(&t, c, CONN_CLOSED, NULL, WAIT_MS);
	ck_int(ck, t.stray + l->late, 0, "no answer to /cancel: one end");
	srv_done_ck(ck, &srv, "no answer to /cancel");
	tk_free(&t);
	return NULL;
}

/* Routers that stop answering pings: one connection fails, the other
 * (reconnect=1) reconnects. */
static void *
slow_dead(void *arg)
{
	struct checks *ck = arg;
	struct pingsrv *pa = xcalloc(1, sizeof *pa);
	struct pingsrv *pb = xcalloc(1, sizeof *pb);
	struct fakesrv *sa, *sb;
	struct conn_opts o;
	struct tk t;
	const struct st *s;
	size_t pos = 0;
	conn_id ca, cb;
	char err[2048];
	int r;

	pa->answer = 2;
	pb->answer = 0;
	sa = fakesrv_start_cb(ping_cb, pa);
	sb = fakesrv_start_cb(ping_cb, pb);
	tk_init(&t);
	memset(&o, 0, sizeof o);
	o.ping_interval_ms = 100;
	o.reconnect = 1;
	ca = tk_connect(&t, fakesrv_port(sa), &o);
	o.reconnect = 0;
	cb = tk_connect(&t, fakesrv_port(sb), &o);
	s = tk_wait_state(&t, cb, CONN_FAILED, NULL, 4 * WAIT_MS);
	ck_ok(ck, s != NULL && s->cerr == CERR_TIMEOUT &&
	    strstr(st_msg(s), "stopped answering") != NULL,
	    "dead peer: CONN_FAILED, \"stopped answering\" (\"%s\")",
	    st_msg(s));
	s = tk_wait_state(&t, ca, CONN_RECONNECTING, &pos, 4 * WAIT_MS);
	ck_ok(ck, s != NULL && s->cerr == CERR_TIMEOUT &&
	    strstr(st_msg(s), "stopped answering") != NULL,
	    "dead peer, reconnect=1: RECONNECTING, \"stopped answering\"");
	ck_ok(ck, tk_wait_state(&t, ca, CONN_READY, &pos, WAIT_MS) != NULL,
	    "dead peer, reconnect=1: connected again");
	ck_ok(ck, t.latencies >= 2, "dead peer: latency events while the "
	    "router answered (%d)", t.latencies);
	engine_disconnect(t.e, ca);
	engine_disconnect(t.e, cb);
	tk_wait_state(&t, ca, CONN_CLOSED, NULL, WAIT_MS);
	tk_wait_state(&t, cb, CONN_CLOSED, NULL, WAIT_MS);
	tk_free(&t);
	r = fakesrv_finish(&sa, WAIT_MS, err, sizeof err);
	ck_add(ck, r == 0, xstrdup("dead peer: fake router A"),
	    r == 0 ? NULL : xstrdup(err));
	r = fakesrv_finish(&sb, WAIT_MS, err, sizeof err);
	ck_add(ck, r == 0, xstrdup("dead peer: fake router B"),
	    r == 0 ? NULL : xstrdup(err));
	ck_int(ck, pa->logins, 2, "dead peer: router A saw two logins");
	free(pa);
	free(pb);
	return NULL;
}

/* Fast tests in order; the slow ones on threads alongside. */
int
main(int argc, char **argv)
{
	struct checks ck_cancel = { NULL, 0 }, ck_dead = { NULL, 0 };
	pthread_t th_cancel, th_dead;
	const char *env = getenv("TEST_ENGINE_SLACK_MS");
	int64_t t0 = now_ms();

	if (argc > 1 && strcmp(argv[1], "--quick") == 0) {
		quick = 1;
		slack_ms = 3000;
	}
	if (env != NULL && atoi(env) > 0)
		slack_ms = atoi(env);
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (!quick) {
		test_log();	/* first: no other engine may be running */
		pthread_create(&th_cancel, NULL, slow_cancel, &ck_cancel);
		pthread_create(&th_dead, NULL, slow_dead, &ck_dead);
	}
	test_login_modern();
	test_login_md5();
	test_replies();
	test_cancel();
	test_cancel_unsent();
	test_timeout();
	test_fatal_mid();
	test_reconnect();
	test_disconnect_reconnecting();
	test_ping();
	test_many(quick ? 40 : 300);
	test_not_connected();
	test_free_inflight();
	test_multi();
	if (!quick) {
		test_login_wrong();
		test_login_fatal();
		test_print();
		test_big_print();
		test_fatal_reconnect();
		test_refused();
		test_connect_timeout();
		test_drop();
		test_malformed();
		test_disconnect_inflight();
		pthread_join(th_cancel, NULL);
		pthread_join(th_dead, NULL);
		ck_report(&ck_cancel);
		ck_report(&ck_dead);
	}
	diag("%s run took %lld ms", quick ? "quick" : "full",
	    (long long)(now_ms() - t0));
	return tap_done();
}
