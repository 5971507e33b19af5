/*
 * history.h: client-side traffic history for the graphs, at decreasing
 * resolution (like bmon).
 *
 * A series (struct history) keeps four metrics (rx/tx bits per second,
 * rx/tx packets per second) at three resolutions, in fixed memory:
 *
 *   HIST_60S   1 s buckets, the last 60 s
 *   HIST_10M   10 s buckets, the last 10 min
 *   HIST_1H    60 s buckets, the last hour
 *
 * Every sample is added to the open bucket of each resolution (bucket =
 * floor(t / period)); a bucket keeps the sum of its samples, their count
 * and their maximum, so coarse buckets are exact averages of the samples
 * (not averages of averages) and keep the peaks.  When a sample
 * lands in a later bucket the open one is committed to the ring; buckets
 * skipped over are committed as missing (count 0), at most HIST_SLOTS of
 * them, so a gap of days costs the same as a gap of a minute.  A sample
 * older than an open bucket is dropped (history_push returns -1).
 *
 * A window is the HIST_SLOTS newest buckets of a resolution, the open one
 * last (so the graph moves with every sample).  history_tick() moves the
 * clock on without a sample: a stalled stream shows up as missing buckets.
 *
 * Values read out are doubles; a missing bucket is NaN.
 *
 * A histset holds the series of several interfaces keyed by name (the
 * monitor-traffic "name" field; "aggregate" is just another name), at most
 * HISTSET_MAX of them.
 */
#ifndef TIKDECK_HISTORY_H
#define TIKDECK_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "rows.h"

#define HIST_SLOTS	60
#define HISTSET_MAX	64

enum hist_metric {
	HIST_RX_BPS,
	HIST_TX_BPS,
	HIST_RX_PPS,
	HIST_TX_PPS,
	HIST_NMETRIC
};

enum hist_window {
	HIST_60S,	/* 1 s buckets */
	HIST_10M,	/* 10 s buckets */
	HIST_1H,	/* 60 s buckets */
	HIST_NWINDOW
};

/* One bucket of one metric. */
struct hist_cell {
	double		 sum;
	double		 max;
	uint32_t	 n;	/* samples; 0 = missing */
};

/* One resolution. */
struct hist_level {
	struct hist_cell ring[HIST_SLOTS][HIST_NMETRIC];
	size_t		 head;		/* next slot to write */
	size_t		 count;		/* committed buckets, <= HIST_SLOTS */
	int64_t		 open;		/* index of the open bucket */
	struct hist_cell cur[HIST_NMETRIC];	/* the open bucket */
};

struct history {
	struct hist_level lv[HIST_NWINDOW];
	int		 started;	/* a sample or tick was seen */
	int64_t		 last_ms;	/* the newest sample's time */
	double		 last[HIST_NMETRIC];	/* the newest sample */
	uint64_t	 samples;
	uint64_t	 dropped;	/* out-of-order samples */
};

/* What the pane prints beside a graph. */
struct hist_stats {
	double		 cur;	/* newest value, NaN when stale (> 1 s) */
	double		 peak;	/* largest sample in the window */
	double		 avg;	/* mean of the samples in the window */
	uint64_t	 n;	/* samples in the window */
};

/* Period of a window's buckets in ms. */
int64_t history_period(enum hist_window w);
void history_init(struct history *h);
/* Add a sample at t_ms (any clock that only moves forward); v[] is
 * indexed by enum hist_metric, NaN for a value the row lacked.  0, or -1
 * when the sample was older than an open bucket (dropped). */
int history_push(struct history *h, int64_t t_ms,
    const double v[HIST_NMETRIC]);
/* Move the clock to now_ms without a sample. */
void history_tick(struct history *h, int64_t now_ms);
/*
 * The window of a metric for a graph w columns wide, oldest first, into
 * out[w].  With w < HIST_SLOTS a column covers several buckets (their
 * sample-weighted average, or their max when use_max); with w > HIST_SLOTS
 * a bucket covers several columns.  Returns w.
 */
size_t history_window(const struct history *h, enum hist_window win,
    enum hist_metric m, double *out, size_t w, int use_max);
void history_stats(const struct history *h, enum hist_window win,
    enum hist_metric m, struct hist_stats *st);

struct histset;

struct histset *histset_new(void);
void histset_free(struct histset **s);
/* The series of name, created empty; NULL when the set is full. */
struct history *histset_get(struct histset *s, const char *name);
/* The series of name, or NULL. */
struct history *histset_find(const struct histset *s, const char *name);
void histset_remove(struct histset *s, const char *name);
size_t histset_count(const struct histset *s);
/* The i-th name (in the order first seen). */
const char *histset_name(const struct histset *s, size_t i);
/*
 * A monitor-traffic row: its name (dflt when it has none: old routers
 * answer in the order of the requested interfaces) and the four
 * *-per-second fields.  0, or -1 (no name, set full, out of order).
 */
int histset_push_row(struct histset *s, const struct rowstore *rs,
    size_t i, const char *dflt, int64_t now_ms);
/* The same from name, value, ..., NULL. */
int histset_push_kv(struct histset *s, const char *const *kv,
    const char *dflt, int64_t now_ms);
/* history_tick() on every series. */
void histset_tick(struct histset *s, int64_t now_ms);

#endif
