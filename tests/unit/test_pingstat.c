/* test_pingstat.c: ping probes and totals (against the router's running
 * totals), late replies and duplicates, bounds; traceroute rounds. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pingstat.h"
#include "tap.h"

/* The router side of a ping, the way tikdeck-sim writes it. */
struct router {
	unsigned	 sent;
	unsigned	 received;
	double		 min, max, sum;
	int		 v7;		/* "11ms283us", else "11ms" */
};

static void fmt_rtt(const struct router *r, double ms, char *out,
    size_t len);
static int probe(struct pingstat *ps, struct router *r, double ms);
static void test_sim_stream(int v7);
static void test_edge(void);
static void test_bounds(void);
static void test_late_dup(void);
static void test_trace(void);
static void test_trace_nosection(void);
static int trace_row(struct tracestat *ts, const char *section,
    const char *addr, int sent);

static void
fmt_rtt(const struct router *r, double ms, char *out, size_t len)
{
	unsigned whole = (unsigned)ms, us = (unsigned)((ms - whole) * 1000);

	if (r->v7)
		snprintf(out, len, "%ums%uus", whole, us);
	else
		snprintf(out, len, "%ums", whole);
}

/* One probe row; ms < 0 is a timeout. */
static int
probe(struct pingstat *ps, struct router *r, double ms)
{
	char seq[16], sent[16], recv[16], loss[16], t[32], mn[32], av[32],
	    mx[32];
	const char *kv[40];
	size_t n = 0;

	snprintf(seq, sizeof seq, "%u", r->sent);
	r->sent++;
	kv[n++] = "seq";
	kv[n++] = seq;
	kv[n++] = "host";
	kv[n++] = "8.8.8.8";
	kv[n++] = "size";
	kv[n++] = "56";
	if (ms < 0) {
		kv[n++] = "status";
		kv[n++] = "timeout";
	} else {
		r->received++;
		if (r->received == 1 || ms < r->min)
			r->min = ms;
		if (ms > r->max)
			r->max = ms;
		r->sum += ms;
		kv[n++] = "ttl";
		kv[n++] = "117";
		fmt_rtt(r, ms, t, sizeof t);
		kv[n++] = "time";
		kv[n++] = t;
	}
	snprintf(sent, sizeof sent, "%u", r->sent);
	snprintf(recv, sizeof recv, "%u", r->received);
	snprintf(loss, sizeof loss, "%u", (r->sent - r->received) * 100 /
	    r->sent);
	kv[n++] = "sent";
	kv[n++] = sent;
	kv[n++] = "received";
	kv[n++] = recv;
	kv[n++] = "packet-loss";
	kv[n++] = loss;
	if (r->received > 0) {
		fmt_rtt(r, r->min, mn, sizeof mn);
		fmt_rtt(r, r->sum / r->received, av, sizeof av);
		fmt_rtt(r, r->max, mx, sizeof mx);
		kv[n++] = "min-rtt";
		kv[n++] = mn;
		kv[n++] = "avg-rtt";
		kv[n++] = av;
		kv[n++] = "max-rtt";
		kv[n++] = mx;
	}
	kv[n] = NULL;
	return pingstat_add_kv(ps, kv);
}

static void
test_sim_stream(int v7)
{
	static const double rtts[] = {
		11.25, 9.875, -1, 12.5, 10.125, 13.375, -1, -1, 9.5, 11.0,
		10.75, 14.25, -1, 9.0625, 12.375,
	};
	struct pingstat *ps = pingstat_new(0);
	struct router r;
	struct ping_totals t;
	const char *v = v7 ? "7.x" : "6.x";
	size_t i;
	int agree = 1;

	memset(&r, 0, sizeof r);
	r.v7 = v7;
	for (i = 0; i < TD_ARRAY_LEN(rtts); i++) {
		if (probe(ps, &r, rtts[i]) != 1)
			agree = 0;
		pingstat_totals(ps, &t);
		if (t.sent != t.r_sent || t.received != t.r_received ||
		    floor(t.loss) != t.r_loss || !t.have_router)
			agree = 0;
		if (t.received > 0 && (t.min_us != t.r_min_us ||
		    t.max_us != t.r_max_us || llabs(t.avg_us - t.r_avg_us) >
		    (v7 ? 1 : 1000)))
			agree = 0;
	}
	ok(agree, "%s: client totals agree with the router's after every "
	    "probe", v);
	pingstat_totals(ps, &t);
	is_int((long long)t.sent, 15, "%s: 15 sent", v);
	is_int((long long)t.received, 11, "%s: 11 received", v);
	ok(fabs(t.loss - 400.0 / 15) < 1e-9, "%s: loss 26.67%% (%g)", v,
	    t.loss);
	is_int(t.min_us, v7 ? 9062 : 9000, "%s: min", v);
	is_int(t.max_us, v7 ? 14250 : 14000, "%s: max", v);
	is_int((long long)pingstat_count(ps), 15, "%s: 15 probes", v);
	is_int(pingstat_get(ps, 2)->rtt_us, -1, "%s: probe 2 lost", v);
	is_str(pingstat_get(ps, 2)->status, "timeout", "%s: its status", v);
	is_int(pingstat_get(ps, 2)->ttl, -1, "%s: no ttl", v);
	is_int(pingstat_get(ps, 0)->rtt_us, v7 ? 11250 : 11000,
	    "%s: probe 0 time", v);
	is_int(pingstat_get(ps, 0)->ttl, 117, "%s: ttl", v);
	is_int(pingstat_get(ps, 0)->size, 56, "%s: size", v);
	is_int(pingstat_get(ps, 14)->seq, 14, "%s: seq", v);
	is_str(pingstat_get(ps, 14)->host, "8.8.8.8", "%s: host", v);
	pingstat_free(&ps);
}

static void
test_edge(void)
{
	struct pingstat *ps = pingstat_new(0);
	struct router r;
	struct ping_totals t;
	int i;

	pingstat_totals(ps, &t);
	ok(t.sent == 0 && isnan(t.loss) && t.min_us == -1 &&
	    t.avg_us == -1 && !t.have_router && isnan(t.r_loss),
	    "nothing yet: loss unknown, no times");
	memset(&r, 0, sizeof r);
	r.v7 = 1;
	for (i = 0; i < 4; i++)
		probe(ps, &r, -1);
	pingstat_totals(ps, &t);
	ok(t.sent == 4 && t.received == 0 && t.loss == 100 &&
	    t.min_us == -1 && t.max_us == -1 && t.avg_us == -1,
	    "all lost: 100%%, no times");
	ok(t.r_loss == 100 && t.r_min_us == -1, "router: 100%%, no rtt");
	is_int(pingstat_add_kv(ps, (const char *const[]){ "sent", "9",
	    "received", "3", "packet-loss", "66", NULL }), 0,
	    "a totals-only row");
	pingstat_totals(ps, &t);
	ok(t.sent == 4 && t.r_sent == 9 && t.r_received == 3 &&
	    t.r_loss == 66, "updates only the router's totals");
	is_int((long long)pingstat_count(ps), 4, "and adds no probe");
	is_int(pingstat_add_kv(ps, (const char *const[]){ "foo", "bar",
	    NULL }), -1, "a row with nothing of ping is ignored");
	is_int(pingstat_add_kv(ps, (const char *const[]){ "seq", "4", "host",
	    "10.0.0.1", "status", "TTL exceeded", "time", "3ms", NULL }), 1,
	    "an ICMP error row");
	ok(pingstat_get(ps, 4)->rtt_us == -1 &&
	    strcmp(pingstat_get(ps, 4)->status, "TTL exceeded") == 0 &&
	    strcmp(pingstat_get(ps, 4)->host, "10.0.0.1") == 0,
	    "counts as lost, keeps its status and host");
	is_int(pingstat_add_kv(ps, (const char *const[]){ "time", "2ms",
	    NULL }), 1, "a reply without seq is still a probe");
	pingstat_totals(ps, &t);
	ok(t.sent == 6 && t.received == 1 && t.min_us == 2000,
	    "counted");
	is_int(pingstat_add_kv(ps, (const char *const[]){ "seq", "7",
	    ".dead", "true", NULL }), -1, ".dead rows are ignored");
	is_int(pingstat_add_kv(ps, (const char *const[]){ "seq", "8",
	    "time", "bogus", NULL }), 1, "an unreadable time");
	ok(pingstat_get(ps, 6)->rtt_us == -1, "is a lost probe");
	pingstat_reset(ps);
	pingstat_totals(ps, &t);
	ok(t.sent == 0 && t.received == 0 && !t.have_router &&
	    pingstat_count(ps) == 0 && pingstat_dropped(ps) == 0, "reset");
	pingstat_free(&ps);
	ok(ps == NULL, "free clears the pointer");
	pingstat_free(&ps);
}

static void
test_bounds(void)
{
	struct pingstat *ps = pingstat_new(10);
	struct router r;
	struct ping_totals t;
	int i;

	memset(&r, 0, sizeof r);
	r.v7 = 1;
	for (i = 0; i < 25; i++)
		probe(ps, &r, i % 5 == 0 ? -1 : 10 + i);
	is_int((long long)pingstat_count(ps), 10, "10 probes kept of 25");
	is_int((long long)pingstat_dropped(ps), 15, "15 dropped");
	is_int(pingstat_get(ps, 0)->seq, 15, "the oldest kept is seq 15");
	is_int(pingstat_get(ps, 9)->seq, 24, "the newest seq 24");
	ok(pingstat_get(ps, 10) == NULL, "past the end");
	pingstat_totals(ps, &t);
	ok(t.sent == 25 && t.received == 20 && t.loss == 20 &&
	    t.min_us == 11000 && t.max_us == 34000,
	    "totals cover the dropped probes too");
	pingstat_free(&ps);
	ps = pingstat_new(0);
	for (i = 0; i < 1500; i++)
		probe(ps, &r, 5);
	is_int((long long)pingstat_count(ps), PINGSTAT_DEFAULT,
	    "default bound %d", PINGSTAT_DEFAULT);
	pingstat_free(&ps);
}

static void
test_late_dup(void)
{
	struct pingstat *ps = pingstat_new(0);
	struct ping_totals t;

	pingstat_add_kv(ps, (const char *const[]){ "seq", "0", "time", "5ms",
	    NULL });
	pingstat_add_kv(ps, (const char *const[]){ "seq", "1", "status",
	    "timeout", NULL });
	is_int(pingstat_add_kv(ps, (const char *const[]){ "seq", "1", "time",
	    "900ms", NULL }), 0, "a late reply to the lost probe");
	pingstat_totals(ps, &t);
	ok(t.sent == 2 && t.received == 2 && t.loss == 0 && t.max_us ==
	    900000, "turns it into a received one");
	ok(pingstat_get(ps, 1)->rtt_us == 900000 &&
	    pingstat_get(ps, 1)->status[0] == '\0', "the probe shows the time");
	is_int(pingstat_add_kv(ps, (const char *const[]){ "seq", "1", "time",
	    "901ms", NULL }), 0, "a second reply");
	pingstat_totals(ps, &t);
	ok(t.sent == 2 && t.received == 2 && t.duplicates == 1 &&
	    t.max_us == 900000, "is a duplicate and changes nothing else");
	is_int((long long)pingstat_count(ps), 2, "still two probes");
	pingstat_free(&ps);
}

static int
trace_row(struct tracestat *ts, const char *section, const char *addr,
    int sent)
{
	char s[16];

	snprintf(s, sizeof s, "%d", sent);
	if (addr == NULL)
		return tracestat_add_kv(ts, (const char *const[]){ "sent", s,
		    "address", "", "loss", "100%", "status", "timeout",
		    ".section", section, NULL });
	return tracestat_add_kv(ts, (const char *const[]){ "sent", s,
	    "address", addr, "loss", "0%", "last", "11.2ms", "avg", "10.5ms",
	    "best", "9.4ms", "worst", "12.6ms", "std-dev", "0.5ms", "status",
	    "", ".section", section, NULL });
}

static void
test_trace(void)
{
	static const char *const path[] = {
		"198.51.100.1", "100.64.0.1", "203.0.113.9", "203.0.113.45",
		"203.0.113.129", "8.8.8.8",
	};
	struct tracestat *ts = tracestat_new();
	const struct trace_hop *h;
	size_t i;
	int good = 1;

	is_int((long long)tracestat_count(ts), 0, "empty");
	ok(tracestat_hop(ts, 0) == NULL, "no hop");
	for (i = 0; i < 6; i++)
		trace_row(ts, "0", path[i], 1);
	is_int((long long)tracestat_count(ts), 6, "first round: hops as they "
	    "come");
	is_int((long long)tracestat_rounds(ts), 0, "not complete yet");
	h = tracestat_hop(ts, 0);
	ok(h->hop == 1 && strcmp(h->address, "198.51.100.1") == 0 &&
	    h->loss == 0 && h->sent == 1 && h->last_us == 11200 &&
	    h->avg_us == 10500 && h->best_us == 9400 && h->worst_us == 12600 &&
	    h->stddev_us == 500 && h->status[0] == '\0', "hop 1 parsed");
	for (i = 0; i < 3; i++)
		trace_row(ts, "1", path[i], 2);
	is_int((long long)tracestat_rounds(ts), 1, "a new .section completes "
	    "the round");
	is_int((long long)tracestat_count(ts), 6, "the table keeps its size "
	    "mid-round");
	for (i = 0; i < 6; i++)
		if (tracestat_hop(ts, i)->sent != (i < 3 ? 2 : 1) ||
		    tracestat_hop(ts, i)->hop != (int)i + 1)
			good = 0;
	ok(good, "new hops on top, the previous round below");
	trace_row(ts, "1", path[3], 2);
	trace_row(ts, "1", NULL, 2);
	trace_row(ts, "2", path[0], 3);
	is_int((long long)tracestat_rounds(ts), 2, "second round complete");
	is_int((long long)tracestat_count(ts), 5, "a shorter round shrinks "
	    "the table once complete");
	h = tracestat_hop(ts, 4);
	ok(h->address[0] == '\0' && h->loss == 100 && h->last_us == -1 &&
	    h->best_us == -1 && strcmp(h->status, "timeout") == 0 &&
	    h->sent == 2, "a timed-out hop");
	is_int((long long)tracestat_hop(ts, 0)->sent, 3, "row 1 from the round "
	    "in progress");
	tracestat_done(ts);
	is_int((long long)tracestat_rounds(ts), 3, "!done completes the round");
	is_int((long long)tracestat_count(ts), 1, "one hop");
	tracestat_done(ts);
	is_int((long long)tracestat_rounds(ts), 3, "done twice counts once");
	for (i = 0; i < TRACE_MAXHOPS; i++)
		trace_row(ts, "9", path[0], 1);
	is_int(trace_row(ts, "9", path[0], 1), -1, "hop %d is dropped",
	    TRACE_MAXHOPS + 1);
	is_int((long long)tracestat_count(ts), TRACE_MAXHOPS, "bounded");
	tracestat_reset(ts);
	ok(tracestat_count(ts) == 0 && tracestat_rounds(ts) == 0, "reset");
	tracestat_free(&ts);
	ok(ts == NULL, "free clears the pointer");
}

static void
test_trace_nosection(void)
{
	struct tracestat *ts = tracestat_new();
	int i;

	for (i = 0; i < 300; i++)
		tracestat_add_kv(ts, (const char *const[]){ "address",
		    "10.0.0.1", "sent", "1", NULL });
	is_int((long long)tracestat_rounds(ts), 1, "without .section a round "
	    "ends at %d hops", TRACE_MAXHOPS);
	is_int((long long)tracestat_count(ts), TRACE_MAXHOPS, "the table "
	    "stays bounded");
	is_int(tracestat_hop(ts, 0)->hop, 1, "the next round starts at hop 1");
	tracestat_done(ts);
	is_int((long long)tracestat_count(ts), 45, "the last 45 rows");
	tracestat_free(&ts);
}

int
main(void)
{
	test_sim_stream(1);
	test_sim_stream(0);
	test_edge();
	test_bounds();
	test_late_dup();
	test_trace();
	test_trace_nosection();
	return tap_done();
}
