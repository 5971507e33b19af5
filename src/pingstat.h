/*
 * pingstat.h: ping and traceroute state from their streamed rows.
 *
 * Ping (/ping): one row per probe with seq, host, size, ttl, time ("12ms",
 * "1ms345us") and the router's running totals sent, received, packet-loss,
 * min-rtt, avg-rtt, max-rtt; a lost probe has status (timeout, or an ICMP
 * error such as "TTL exceeded") and no time.  The last cap probes are kept
 * (oldest dropped, counted); the client's own totals cover every probe
 * since the start or the last reset, so they agree with the router's:
 *
 *   sent      probe rows seen
 *   received  probes with a time and no status
 *   loss      (sent - received) * 100 / sent, a double (the router prints
 *             the floor of it)
 *   min/avg/max  over the received probes' times, in microseconds
 *
 * A row repeating the seq of the newest probe is not a new probe: a late
 * reply to a lost probe turns it into a received one, anything else is
 * counted as a duplicate.  A row with neither seq, time nor status only
 * updates the router's totals.
 *
 * Traceroute (/tool/traceroute): each round sends one row per hop with
 * address, loss ("0%"), sent, last, avg, best, worst, std-dev ("11.2ms")
 * and status, the rows of a round sharing a .section.  A new .section
 * value (or tracestat_done() on !done) completes the round: its rows
 * become the hop table, replacing the previous round's.  While a round
 * is arriving the table shows its hops so far and, below them, the rest
 * of the previous round, so it does not flicker.  Rows without .section
 * (old routers) form one round that restarts when TRACE_MAXHOPS is
 * reached.
 */
#ifndef TIKDECK_PINGSTAT_H
#define TIKDECK_PINGSTAT_H

#include <stddef.h>
#include <stdint.h>

#include "rows.h"

#define PINGSTAT_DEFAULT	1000
#define TRACE_MAXHOPS		255

struct ping_probe {
	int64_t		 seq;		/* -1 when the row had none */
	int64_t		 rtt_us;	/* -1: lost */
	int		 ttl;		/* -1 when absent */
	int		 size;		/* -1 when absent */
	char		 host[64];
	char		 status[32];	/* "" for a reply */
};

struct ping_totals {
	uint64_t	 sent;
	uint64_t	 received;
	uint64_t	 duplicates;
	double		 loss;		/* percent; NaN when nothing sent */
	int64_t		 min_us;	/* -1 when nothing received */
	int64_t		 avg_us;
	int64_t		 max_us;
	/* The router's running totals from the newest row with them. */
	int		 have_router;
	uint64_t	 r_sent;
	uint64_t	 r_received;
	double		 r_loss;	/* NaN when absent */
	int64_t		 r_min_us;	/* -1 when absent */
	int64_t		 r_avg_us;
	int64_t		 r_max_us;
};

struct pingstat;

/* cap 0 means PINGSTAT_DEFAULT probes. */
struct pingstat *pingstat_new(size_t cap);
void pingstat_free(struct pingstat **ps);
void pingstat_reset(struct pingstat *ps);
/* A /ping row; 1 a new probe, 0 an update or totals only, -1 ignored. */
int pingstat_add_row(struct pingstat *ps, const struct rowstore *rs,
    size_t i);
int pingstat_add_kv(struct pingstat *ps, const char *const *kv);
/* Probes kept, oldest first. */
size_t pingstat_count(const struct pingstat *ps);
const struct ping_probe *pingstat_get(const struct pingstat *ps, size_t i);
/* Probes that fell out of the ring. */
uint64_t pingstat_dropped(const struct pingstat *ps);
void pingstat_totals(const struct pingstat *ps, struct ping_totals *t);

struct trace_hop {
	int		 hop;		/* 1-based */
	char		 address[64];	/* "" when the hop did not answer */
	double		 loss;		/* percent, NaN when absent */
	int64_t		 sent;		/* -1 when absent */
	int64_t		 last_us;	/* -1 when absent */
	int64_t		 avg_us;
	int64_t		 best_us;
	int64_t		 worst_us;
	int64_t		 stddev_us;
	char		 status[32];
};

struct tracestat;

struct tracestat *tracestat_new(void);
void tracestat_free(struct tracestat **ts);
void tracestat_reset(struct tracestat *ts);
/* A /tool/traceroute row; 0, or -1 when it was dropped (too many hops). */
int tracestat_add_row(struct tracestat *ts, const struct rowstore *rs,
    size_t i);
int tracestat_add_kv(struct tracestat *ts, const char *const *kv);
/* The reply ended (!done): the round in progress is complete. */
void tracestat_done(struct tracestat *ts);
/* Rows of the hop table and row i of it. */
size_t tracestat_count(const struct tracestat *ts);
const struct trace_hop *tracestat_hop(const struct tracestat *ts, size_t i);
/* Completed rounds. */
uint64_t tracestat_rounds(const struct tracestat *ts);

#endif
