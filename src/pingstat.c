/* pingstat.c: ping probes and totals, the traceroute hop table. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pingstat.h"
#include "units.h"
#include "util.h"

#define SECTION_LEN	32

struct pingstat {
	struct ping_probe *ring;
	size_t		 cap;
	size_t		 head;		/* slot of the oldest probe */
	size_t		 count;
	uint64_t	 dropped;
	uint64_t	 sent;
	uint64_t	 received;
	uint64_t	 dups;
	int64_t		 min_us;
	int64_t		 max_us;
	double		 sum_us;
	/* the router's totals */
	int		 have_router;
	uint64_t	 r_sent;
	uint64_t	 r_received;
	double		 r_loss;
	int64_t		 r_min_us;
	int64_t		 r_avg_us;
	int64_t		 r_max_us;
};

struct tracestat {
	struct trace_hop cur[TRACE_MAXHOPS];	/* the last complete round */
	size_t		 ncur;
	struct trace_hop pend[TRACE_MAXHOPS];	/* the round arriving */
	size_t		 npend;
	int		 open;		/* a round is arriving */
	char		 section[SECTION_LEN];
	uint64_t	 rounds;
};

static int pingstat_add(struct pingstat *ps, const struct units_row *r);
static int pingstat_router(struct pingstat *ps, const struct units_row *r);
static void pingstat_received(struct pingstat *ps, int64_t us);
static struct ping_probe *pingstat_newest(struct pingstat *ps);
static int64_t pingstat_dur(const struct units_row *r, const char *name);
static int64_t pingstat_int(const struct units_row *r, const char *name);
static int tracestat_add(struct tracestat *ts, const struct units_row *r);
static void tracestat_complete(struct tracestat *ts);

struct pingstat *
pingstat_new(size_t cap)
{
	struct pingstat *ps = xcalloc(1, sizeof *ps);

	ps->cap = cap != 0 ? cap : PINGSTAT_DEFAULT;
	ps->ring = xcalloc(ps->cap, sizeof *ps->ring);
	pingstat_reset(ps);
	return ps;
}

void
pingstat_free(struct pingstat **ps)
{
	if (*ps == NULL)
		return;
	free((*ps)->ring);
	free(*ps);
	*ps = NULL;
}

void
pingstat_reset(struct pingstat *ps)
{
	ps->head = 0;
	ps->count = 0;
	ps->dropped = 0;
	ps->sent = 0;
	ps->received = 0;
	ps->dups = 0;
	ps->min_us = -1;
	ps->max_us = -1;
	ps->sum_us = 0;
	ps->have_router = 0;
	ps->r_sent = 0;
	ps->r_received = 0;
	ps->r_loss = NAN;
	ps->r_min_us = -1;
	ps->r_avg_us = -1;
	ps->r_max_us = -1;
}

/* A duration field in us, -1 when absent or not a duration. */
static int64_t
pingstat_dur(const struct units_row *r, const char *name)
{
	struct tword w;
	int64_t us;

	if (!units_row_get(r, name, &w) ||
	    units_duration_us(w.p, w.len, &us) != 0)
		return -1;
	return us;
}

/* A whole-number field, -1 when absent or not a number. */
static int64_t
pingstat_int(const struct units_row *r, const char *name)
{
	double v;

	if (units_row_num(r, name, &v) != 0 || v < 0 || v > 9e18)
		return -1;
	return (int64_t)v;
}

static struct ping_probe *
pingstat_newest(struct pingstat *ps)
{
	if (ps->count == 0)
		return NULL;
	return &ps->ring[(ps->head + ps->count - 1) % ps->cap];
}

/* Count a reply of us microseconds. */
static void
pingstat_received(struct pingstat *ps, int64_t us)
{
	ps->received++;
	ps->sum_us += (double)us;
	if (ps->min_us < 0 || us < ps->min_us)
		ps->min_us = us;
	if (us > ps->max_us)
		ps->max_us = us;
}

/* The running totals the row carries; 1 when it had some. */
static int
pingstat_router(struct pingstat *ps, const struct units_row *r)
{
	int64_t s = pingstat_int(r, "sent"), rc = pingstat_int(r, "received");
	double loss;

	if (s < 0 && rc < 0)
		return 0;
	ps->have_router = 1;
	if (s >= 0)
		ps->r_sent = (uint64_t)s;
	if (rc >= 0)
		ps->r_received = (uint64_t)rc;
	ps->r_loss = units_row_num(r, "packet-loss", &loss) == 0 ? loss : NAN;
	ps->r_min_us = pingstat_dur(r, "min-rtt");
	ps->r_avg_us = pingstat_dur(r, "avg-rtt");
	ps->r_max_us = pingstat_dur(r, "max-rtt");
	return 1;
}

static int
pingstat_add(struct pingstat *ps, const struct units_row *r)
{
	struct ping_probe p, *last;
	int has_seq, has_status, totals;

	if (units_row_has(r, ".dead"))
		return -1;
	memset(&p, 0, sizeof p);
	has_seq = units_row_has(r, "seq");
	p.seq = pingstat_int(r, "seq");
	p.rtt_us = pingstat_dur(r, "time");
	p.ttl = (int)(pingstat_int(r, "ttl") > 255 ? -1 :
	    pingstat_int(r, "ttl"));
	p.size = (int)(pingstat_int(r, "size") > 65535 ? -1 :
	    pingstat_int(r, "size"));
	units_row_str(r, "host", p.host, sizeof p.host);
	units_row_str(r, "status", p.status, sizeof p.status);
	has_status = p.status[0] != '\0';
	if (has_status)
		p.rtt_us = -1;
	totals = pingstat_router(ps, r);
	if (!has_seq && !has_status && !units_row_has(r, "time"))
		return totals ? 0 : -1;
	last = pingstat_newest(ps);
	if (last != NULL && p.seq >= 0 && last->seq == p.seq) {
		if (last->rtt_us < 0 && p.rtt_us >= 0) {
			/* A late reply to a lost probe. */
			pingstat_received(ps, p.rtt_us);
			last->rtt_us = p.rtt_us;
			last->ttl = p.ttl;
			str_copy(last->status, sizeof last->status, "");
		} else
			ps->dups++;
		return 0;
	}
	if (ps->count == ps->cap) {
		ps->head = (ps->head + 1) % ps->cap;
		ps->count--;
		ps->dropped++;
	}
	ps->ring[(ps->head + ps->count) % ps->cap] = p;
	ps->count++;
	ps->sent++;
	if (p.rtt_us >= 0)
		pingstat_received(ps, p.rtt_us);
	return 1;
}

int
pingstat_add_row(struct pingstat *ps, const struct rowstore *rs, size_t i)
{
	struct units_row r;

	units_row_store(&r, rs, i);
	return pingstat_add(ps, &r);
}

int
pingstat_add_kv(struct pingstat *ps, const char *const *kv)
{
	struct units_row r;

	units_row_kv(&r, kv);
	return pingstat_add(ps, &r);
}

size_t
pingstat_count(const struct pingstat *ps)
{
	return ps->count;
}

const struct ping_probe *
pingstat_get(const struct pingstat *ps, size_t i)
{
	if (i >= ps->count)
		return NULL;
	return &ps->ring[(ps->head + i) % ps->cap];
}

uint64_t
pingstat_dropped(const struct pingstat *ps)
{
	return ps->dropped;
}

void
pingstat_totals(const struct pingstat *ps, struct ping_totals *t)
{
	memset(t, 0, sizeof *t);
	t->sent = ps->sent;
	t->received = ps->received;
	t->duplicates = ps->dups;
	t->loss = ps->sent > 0 ? (double)(ps->sent - ps->received) * 100.0 /
	    (double)ps->sent : NAN;
	t->min_us = ps->min_us;
	t->max_us = ps->max_us;
	t->avg_us = ps->received > 0 ? (int64_t)(0.5 + ps->sum_us /
	    (double)ps->received) : -1;
	t->have_router = ps->have_router;
	t->r_sent = ps->r_sent;
	t->r_received = ps->r_received;
	t->r_loss = ps->r_loss;
	t->r_min_us = ps->r_min_us;
	t->r_avg_us = ps->r_avg_us;
	t->r_max_us = ps->r_max_us;
}

struct tracestat *
tracestat_new(void)
{
	return xcalloc(1, sizeof(struct tracestat));
}

void
tracestat_free(struct tracestat **ts)
{
	free(*ts);
	*ts = NULL;
}

void
tracestat_reset(struct tracestat *ts)
{
	memset(ts, 0, sizeof *ts);
}

/* The round in progress becomes the table. */
static void
tracestat_complete(struct tracestat *ts)
{
	if (!ts->open)
		return;
	memcpy(ts->cur, ts->pend, ts->npend * sizeof ts->pend[0]);
	ts->ncur = ts->npend;
	ts->npend = 0;
	ts->open = 0;
	ts->rounds++;
}

static int
tracestat_add(struct tracestat *ts, const struct units_row *r)
{
	char sec[SECTION_LEN];
	struct trace_hop *h;
	double loss;

	if (units_row_str(r, ".section", sec, sizeof sec) == NULL)
		sec[0] = '\0';
	if (ts->open && (strcmp(sec, ts->section) != 0 ||
	    (sec[0] == '\0' && ts->npend == TRACE_MAXHOPS)))
		tracestat_complete(ts);
	if (!ts->open) {
		ts->open = 1;
		str_copy(ts->section, sizeof ts->section, sec);
	}
	if (ts->npend == TRACE_MAXHOPS)
		return -1;
	h = &ts->pend[ts->npend];
	memset(h, 0, sizeof *h);
	h->hop = (int)++ts->npend;
	units_row_str(r, "address", h->address, sizeof h->address);
	units_row_str(r, "status", h->status, sizeof h->status);
	h->loss = units_row_num(r, "loss", &loss) == 0 ? loss : NAN;
	h->sent = pingstat_int(r, "sent");
	h->last_us = pingstat_dur(r, "last");
	h->avg_us = pingstat_dur(r, "avg");
	h->best_us = pingstat_dur(r, "best");
	h->worst_us = pingstat_dur(r, "worst");
	h->stddev_us = pingstat_dur(r, "std-dev");
	return 0;
}

int
tracestat_add_row(struct tracestat *ts, const struct rowstore *rs, size_t i)
{
	struct units_row r;

	units_row_store(&r, rs, i);
	return tracestat_add(ts, &r);
}

int
tracestat_add_kv(struct tracestat *ts, const char *const *kv)
{
	struct units_row r;

	units_row_kv(&r, kv);
	return tracestat_add(ts, &r);
}

void
tracestat_done(struct tracestat *ts)
{
	tracestat_complete(ts);
}

size_t
tracestat_count(const struct tracestat *ts)
{
	return ts->npend > ts->ncur ? ts->npend : ts->ncur;
}

const struct trace_hop *
tracestat_hop(const struct tracestat *ts, size_t i)
{
	if (i < ts->npend)
		return &ts->pend[i];
	if (i < ts->ncur)
		return &ts->cur[i];
	return NULL;
}

uint64_t
tracestat_rounds(const struct tracestat *ts)
{
	return ts->rounds;
}
