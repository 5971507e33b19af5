/*
 * test_engine_profiles.c: tikdeck's own engine against every profile of
 * the simulator (issue 3 section 8), in process: sim_new() and
 * sim_serve_fd() on one end of a socketpair, the engine on the other with
 * TRANSPORT_FD, as `tikdeck --demo` does.
 *
 * For 6.42, 6.49, 7.17 and 7.18: a wrong password fails with the profile's
 * exact text (6.42's MD5 challenge included), the login succeeds, prints of
 * /ip/address and /system/resource (the version of the profile), !empty
 * (EV_DONE empty=1) only on 7.18, a listen that sees an add and a remove
 * and ends cancelled without a reported trap (a listen that saw nothing
 * also ends with !empty on 7.18), add's =ret=*ID, the exact
 * traps of an unknown command and an unknown menu, and on 7.18
 * /console/inspect request=child.  Every wait is bounded.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine.h"
#include "rows.h"
#include "sim/sim.h"
#include "../unit/tap.h"

#define WAIT_MS		5000
#define PASSWORD	"Pr0file-Test!pw"

/* What one request received. */
struct rq {
	req_id		 id;
	int		 done;		/* EV_DONE or EV_ERROR arrived */
	int		 error;		/* it was EV_ERROR */
	struct rowstore	 rs;
	char		*ret;
	char		 traps[512];	/* "cat:message|cat:message" */
	size_t		 ntraps;
	int		 empty;
	int		 cancelled;
};

/* One simulated router and one engine connection to it. */
struct bed {
	struct sim	*sim;
	struct engine	*e;
	conn_id		 conn;
	enum conn_state	 state;
	char		 msg[512];
};

static const struct owner OWNER = { 1, 1 };

static int bed_open(struct bed *b, const char *profile, const char *pw);
static void bed_close(struct bed *b);
static void rq_event(struct rq *q, struct event *ev);
static int rq_wait(struct bed *b, struct rq *q, int want_rows);
static int run(struct bed *b, struct rq *q, unsigned flags,
    const char *const *words, size_t n);
static void rq_clear(struct rq *q);
static int row_has(const struct rq *q, size_t i, const char *col,
    const char *val);
static int any_row_has(const struct rq *q, const char *col,
    const char *val);
static void check_profile(const char *profile);

/* Start a router of the profile and connect the engine to it; waits for
 * CONN_READY or CONN_FAILED.  Returns 0 when ready. */
static int
bed_open(struct bed *b, const char *profile, const char *pw)
{
	static const char *users[] = { "tester:" PASSWORD ":full" };
	struct sim_opts so;
	struct conn_opts co;
	char err[256];
	int sv[2];

	memset(b, 0, sizeof *b);
	memset(&so, 0, sizeof so);
	so.profile = profile;
	so.frozen = 1;
	so.seed = 3;
	so.users = users;
	so.nusers = 1;
	if ((b->sim = sim_new(&so, err, sizeof err)) == NULL)
		fatalx("sim_new: %s", err);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		fatalx("socketpair failed");
	if (sim_serve_fd(b->sim, sv[1]) != 0)
		fatalx("sim_serve_fd");
	b->e = engine_new();
	memset(&co, 0, sizeof co);
	co.tcfg.kind = TRANSPORT_FD;
	co.tcfg.fd = sv[0];
	co.user = "tester";
	co.password = pw;
	co.connect_timeout_ms = WAIT_MS;
	co.request_timeout_ms = WAIT_MS;
	co.name = profile;
	b->conn = engine_connect(b->e, &co);
	b->state = CONN_CONNECTING;
	for (;;) {
		struct event *ev = engine_wait_event(b->e, WAIT_MS);

		if (ev == NULL)
			return -1;
		if (ev->type == EV_CONN_STATE && ev->conn == b->conn) {
			b->state = ev->state;
			if (ev->message != NULL)
				str_copy(b->msg, sizeof b->msg, ev->message);
		}
		event_free(&ev);
		if (b->state == CONN_READY)
			return 0;
		if (b->state == CONN_FAILED || b->state == CONN_CLOSED)
			return -1;
	}
}

/* Disconnect, stop the engine and free the router. */
static void
bed_close(struct bed *b)
{
	engine_free(&b->e);
	sim_free(&b->sim);
}

/* Fold an event of q's request into q. */
static void
rq_event(struct rq *q, struct event *ev)
{
	size_t i;

	switch (ev->type) {
	case EV_ROWS:
		rowstore_add(&q->rs, &ev->rows);
		break;
	case EV_DONE:
		q->done = 1;
		if (ev->ret != NULL)
			q->ret = xstrdup(ev->ret);
		q->empty = ev->empty;
		q->cancelled = ev->cancelled;
		q->ntraps = ev->ntraps;
		for (i = 0; i < ev->ntraps; i++) {
			size_t len = strlen(q->traps);

			snprintf(q->traps + len, sizeof q->traps - len,
			    "%s%d:%s", i > 0 ? "|" : "", ev->traps[i].category,
			    ev->traps[i].message != NULL ?
			    ev->traps[i].message : "");
		}
		break;
	case EV_ERROR:
		q->done = q->error = 1;
		break;
	default:
		break;
	}
}

/* Pump events until q is done (or, with want_rows, has that many rows).
 * Events of other requests are dropped.  Returns 0, or -1 on timeout. */
static int
rq_wait(struct bed *b, struct rq *q, int want_rows)
{
	while (!q->done && (want_rows == 0 ||
	    q->rs.nrows < (size_t)want_rows)) {
		struct event *ev = engine_wait_event(b->e, WAIT_MS);

		if (ev == NULL)
			return -1;
		if (ev->req == q->id)
			rq_event(q, ev);
		event_free(&ev);
	}
	return 0;
}

/* Send a command and wait for its end.  Returns 0 when it ended. */
static int
run(struct bed *b, struct rq *q, unsigned flags, const char *const *words,
    size_t n)
{
	struct req_opts ro;

	memset(q, 0, sizeof *q);
	rowstore_init(&q->rs);
	memset(&ro, 0, sizeof ro);
	ro.flags = flags;
	q->id = engine_send_strs(b->e, b->conn, OWNER, &ro, words, n);
	if (flags & REQ_STREAM)
		return 0;
	return rq_wait(b, q, 0);
}

/* Free what a request collected. */
static void
rq_clear(struct rq *q)
{
	rowstore_clear(&q->rs);
	free(q->ret);
	memset(q, 0, sizeof *q);
}

/* Does row i have col == val? */
static int
row_has(const struct rq *q, size_t i, const char *col, const char *val)
{
	int c = rowstore_col(&q->rs, col);
	struct tword v;

	return c >= 0 && i < q->rs.nrows &&
	    rowstore_get(&q->rs, i, (uint32_t)c, &v) && word_eq(&v, val);
}

/* Does any row have col == val? */
static int
any_row_has(const struct rq *q, const char *col, const char *val)
{
	size_t i;

	for (i = 0; i < q->rs.nrows; i++)
		if (row_has(q, i, col, val))
			return 1;
	return 0;
}

/* Every check against one profile. */
static void
check_profile(const char *profile)
{
	static const char *const addr_print[] = { "/ip/address/print" };
	static const char *const res_print[] = { "/system/resource/print" };
	static const char *const empty_print[] = { "/ip/address/print",
	    "?address=203.0.113.77/32" };
	static const char *const listen[] = { "/ip/address/listen" };
	static const char *const quiet[] = { "/ip/dns/static/listen" };
	static const char *const add[] = { "/ip/address/add",
	    "=address=10.77.0.1/24", "=interface=ether3",
	    "=comment=engine test" };
	static const char *const unknown_cmd[] = { "/ip/address/frobnicate" };
	static const char *const unknown_menu[] = { "/ip/nowhere/print" };
	static const char *const inspect[] = { "/console/inspect",
	    "=request=child", "=path=ip,address" };
	int v7 = strcmp(profile, "7") > 0, is718 = strcmp(profile, "7.18") == 0;
	const char *want_fail = strcmp(profile, "6.42") == 0 ?
	    "cannot log in" : "invalid user name or password (6)";
	const char *rm[2];
	char want[64], rmid[64];
	struct rq q, l;
	struct bed b;
	int c, r;
	struct tword v;

	diag("profile %s", profile);
	/* A wrong password: the profile's own failure text. */
	r = bed_open(&b, profile, "wrong-" PASSWORD);
	ok(r != 0 &&
	    b.state == CONN_FAILED, "%s: wrong password refused", profile);
	ok(strstr(b.msg, want_fail) != NULL, "%s: failure text \"%s\": %s",
	    profile, want_fail, b.msg);
	bed_close(&b);

	if (bed_open(&b, profile, PASSWORD) != 0) {
		ok(0, "%s: login (%s)", profile, b.msg);
		bed_close(&b);
		return;
	}
	ok(1, "%s: login", profile);

	r = run(&b, &q, 0, addr_print, 1);
	ok(r == 0 && !q.error && q.ntraps == 0,
	    "%s: print /ip/address", profile);
	ok(q.rs.nrows >= 1 && any_row_has(&q, "address", "192.168.88.1/24") &&
	    !q.empty, "%s: LAN address among %zu rows", profile, q.rs.nrows);
	rq_clear(&q);

	r = run(&b, &q, 0, res_print, 1);
	ok(r == 0 && q.rs.nrows == 1,
	    "%s: print /system/resource", profile);
	c = rowstore_col(&q.rs, "version");
	snprintf(want, sizeof want, "%s.", profile);
	memset(&v, 0, sizeof v);
	if (c < 0 || !rowstore_get(&q.rs, 0, (uint32_t)c, &v))
		v = word_str("");
	ok(v.len > strlen(want) && memcmp(v.p, want, strlen(want)) == 0,
	    "%s: version %.*s", profile, (int)v.len, v.p);
	rq_clear(&q);

	r = run(&b, &q, 0, empty_print, 2);
	ok(r == 0 && q.rs.nrows == 0 &&
	    q.ntraps == 0, "%s: empty print", profile);
	is_int(q.empty, is718, "%s: !empty only on 7.18", profile);
	rq_clear(&q);

	/* listen sees an add and a remove, then is cancelled. */
	run(&b, &l, REQ_STREAM, listen, 1);
	r = run(&b, &q, 0, add, 4);
	ok(r == 0 && q.ntraps == 0 && q.ret != NULL &&
	    q.ret[0] == '*' && q.ret[1] != '\0', "%s: add ret %s", profile,
	    q.ret != NULL ? q.ret : "(none)");
	snprintf(rmid, sizeof rmid, "=.id=%s", q.ret != NULL ? q.ret : "*0");
	rq_clear(&q);
	r = rq_wait(&b, &l, 1);
	ok(r == 0 && l.rs.nrows >= 1 &&
	    row_has(&l, 0, "address", "10.77.0.1/24"),
	    "%s: listen sees the add", profile);
	rm[0] = "/ip/address/remove";
	rm[1] = rmid;
	r = run(&b, &q, 0, rm, 2);
	ok(r == 0 && q.ntraps == 0 && !q.error,
	    "%s: remove", profile);
	rq_clear(&q);
	r = rq_wait(&b, &l, 2);
	ok(r == 0 && l.rs.nrows >= 2 &&
	    row_has(&l, 1, ".dead", "true"), "%s: listen sees .dead",
	    profile);
	engine_cancel(b.e, l.id);
	r = rq_wait(&b, &l, 0);
	ok(r == 0 && l.done && !l.error && l.cancelled,
	    "%s: listen cancelled", profile);
	is_int((long long)l.ntraps, 0, "%s: no interrupted trap reported "
	    "(%s)", profile, l.traps);
	rq_clear(&l);
	r = run(&b, &q, 0, rm, 2);
	ok(r == 0 && strcmp(q.traps,
	    "-1:no such item (4)") == 0, "%s: removed id is gone: %s",
	    profile, q.traps);
	rq_clear(&q);

	/* A listen that saw nothing: on 7.18 the cancel brings !empty. */
	run(&b, &l, REQ_STREAM, quiet, 1);
	r = run(&b, &q, 0, res_print, 1);
	ok(r == 0 && q.rs.nrows == 1, "%s: other commands meanwhile",
	    profile);
	rq_clear(&q);
	engine_cancel(b.e, l.id);
	r = rq_wait(&b, &l, 0);
	ok(r == 0 && l.done && l.cancelled && l.ntraps == 0 &&
	    l.rs.nrows == 0, "%s: quiet listen cancelled (%s)", profile,
	    l.traps);
	is_int(l.empty, is718, "%s: cancelled quiet listen !empty only on "
	    "7.18", profile);
	rq_clear(&l);

	/* Exact traps. */
	r = run(&b, &q, 0, unknown_cmd, 1);
	ok(r == 0 && q.done && !q.error,
	    "%s: unknown command ends", profile);
	is_str(q.traps, "-1:no such command", "%s: unknown command trap",
	    profile);
	rq_clear(&q);
	r = run(&b, &q, 0, unknown_menu, 1);
	ok(r == 0 && q.done && !q.error,
	    "%s: unknown menu ends", profile);
	is_str(q.traps, "-1:no such command or directory (nowhere)|"
	    "-1:no such command prefix", "%s: unknown menu traps", profile);
	rq_clear(&q);

	if (is718) {
		r = run(&b, &q, 0, inspect, 3);
	ok(r == 0 && q.ntraps == 0 &&
		    q.rs.nrows > 3, "%s: /console/inspect child (%zu rows)",
		    profile, q.rs.nrows);
		ok(any_row_has(&q, "type", "self") &&
		    any_row_has(&q, "name", "add") &&
		    any_row_has(&q, "name", "print") &&
		    any_row_has(&q, "node-type", "cmd"),
		    "%s: inspect describes the menu", profile);
		rq_clear(&q);
	} else if (!v7) {
		r = run(&b, &q, 0, inspect, 3);
	ok(r == 0 && q.ntraps > 0,
		    "%s: no /console/inspect on v6: %s", profile, q.traps);
		rq_clear(&q);
	}
	bed_close(&b);
}

int
main(void)
{
	static const char *const profiles[] = { "6.42", "6.49", "7.17",
	    "7.18" };
	size_t i;

	for (i = 0; i < TD_ARRAY_LEN(profiles); i++)
		check_profile(profiles[i]);
	return tap_done();
}
