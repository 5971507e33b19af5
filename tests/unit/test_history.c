/* test_history.c: traffic history: resolutions, coarsening, gaps, bounds,
 * windows for graphs of any width, stats, the set of interfaces. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "history.h"
#include "tap.h"

static void push1(struct history *h, int64_t t, double rx);
static int all_nan(const double *v, size_t n);
static void test_empty(void);
static void test_first_samples(void);
static void test_coarsening(void);
static void test_gaps(void);
static void test_order(void);
static void test_bounds(void);
static void test_stale(void);
static void test_resample(void);
static void test_missing_metric(void);
static void test_hour(void);
static void test_set(void);

/* A sample with rx bits = rx, tx bits = 2 rx, packets rx/10 and rx/20. */
static void
push1(struct history *h, int64_t t, double rx)
{
	double v[HIST_NMETRIC];

	v[HIST_RX_BPS] = rx;
	v[HIST_TX_BPS] = 2 * rx;
	v[HIST_RX_PPS] = rx / 10;
	v[HIST_TX_PPS] = rx / 20;
	history_push(h, t, v);
}

static int
all_nan(const double *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isnan(v[i]))
			return 0;
	return 1;
}

static void
test_empty(void)
{
	struct history h;
	struct hist_stats st;
	double w[HIST_SLOTS];

	history_init(&h);
	history_window(&h, HIST_60S, HIST_RX_BPS, w, HIST_SLOTS, 0);
	ok(all_nan(w, HIST_SLOTS), "empty: the window is all missing");
	history_stats(&h, HIST_1H, HIST_TX_BPS, &st);
	ok(isnan(st.cur) && isnan(st.peak) && isnan(st.avg) && st.n == 0,
	    "empty: stats missing");
	is_int(history_period(HIST_60S), 1000, "60 s window: 1 s buckets");
	is_int(history_period(HIST_10M), 10000, "10 min window: 10 s buckets");
	is_int(history_period(HIST_1H), 60000, "1 h window: 60 s buckets");
}

static void
test_first_samples(void)
{
	struct history h;
	struct hist_stats st;
	double w[HIST_SLOTS];
	int i;

	history_init(&h);
	for (i = 0; i < 10; i++)
		push1(&h, 1000000 + i * 1000, 100.0 * i);
	history_window(&h, HIST_60S, HIST_RX_BPS, w, HIST_SLOTS, 0);
	ok(all_nan(w, HIST_SLOTS - 10), "10 samples: older columns missing");
	for (i = 0; i < 10; i++)
		if (w[HIST_SLOTS - 10 + i] != 100.0 * i)
			break;
	is_int(i, 10, "10 samples: the newest 10 columns, oldest first, the "
	    "open bucket last");
	history_window(&h, HIST_60S, HIST_TX_BPS, w, HIST_SLOTS, 0);
	ok(w[HIST_SLOTS - 1] == 1800, "tx kept apart from rx");
	history_stats(&h, HIST_60S, HIST_RX_BPS, &st);
	ok(st.cur == 900, "cur is the newest sample");
	ok(st.peak == 900, "peak");
	ok(st.avg == 450, "average");
	is_int((long long)st.n, 10, "10 samples in the window");
	is_int((long long)h.samples, 10, "10 samples counted");
}

static void
test_coarsening(void)
{
	struct history h;
	struct hist_stats st;
	double w[HIST_SLOTS];
	int i;

	history_init(&h);
	for (i = 0; i < 30; i++)
		push1(&h, i * 1000, i);
	history_window(&h, HIST_10M, HIST_RX_BPS, w, HIST_SLOTS, 0);
	ok(all_nan(w, HIST_SLOTS - 3), "10 s buckets: three so far");
	ok(w[57] == 4.5 && w[58] == 14.5 && w[59] == 24.5,
	    "10 s buckets are the averages of their samples (%g %g %g)",
	    w[57], w[58], w[59]);
	history_window(&h, HIST_10M, HIST_RX_BPS, w, HIST_SLOTS, 1);
	ok(w[57] == 9 && w[58] == 19 && w[59] == 29,
	    "10 s buckets keep their max");
	history_window(&h, HIST_1H, HIST_RX_BPS, w, HIST_SLOTS, 0);
	ok(w[59] == 14.5 && all_nan(w, 59), "60 s: one open bucket, avg 14.5");
	history_window(&h, HIST_1H, HIST_RX_PPS, w, HIST_SLOTS, 1);
	ok(w[59] == 2.9, "60 s: max of rx packets");
	history_stats(&h, HIST_10M, HIST_RX_BPS, &st);
	ok(st.avg == 14.5 && st.peak == 29 && st.n == 30,
	    "10 min stats: avg 14.5, peak 29, 30 samples");

	/* Uneven buckets: the average weighs samples, not buckets. */
	history_init(&h);
	push1(&h, 0, 10);
	push1(&h, 10000, 40);
	push1(&h, 11000, 40);
	push1(&h, 12000, 40);
	history_window(&h, HIST_1H, HIST_RX_BPS, w, HIST_SLOTS, 0);
	ok(w[59] == 32.5, "60 s bucket: (10 + 3 * 40) / 4 = 32.5");
	history_window(&h, HIST_10M, HIST_RX_BPS, w, 30, 0);
	ok(w[29] == 32.5, "a column of two 10 s buckets averages the "
	    "samples (%g)", w[29]);
	history_window(&h, HIST_10M, HIST_RX_BPS, w, 30, 1);
	ok(w[29] == 40, "and its max is theirs");
	history_stats(&h, HIST_10M, HIST_RX_BPS, &st);
	ok(st.avg == 32.5, "window average weighs samples");

	/* Two samples in the same second average. */
	history_init(&h);
	push1(&h, 5000, 10);
	push1(&h, 5600, 30);
	history_window(&h, HIST_60S, HIST_RX_BPS, w, HIST_SLOTS, 0);
	ok(w[59] == 20, "two samples in one second average");
	history_stats(&h, HIST_60S, HIST_RX_BPS, &st);
	ok(st.cur == 30 && st.peak == 30, "cur is the newest, peak the max");
}

static void
test_gaps(void)
{
	struct history h;
	double w[HIST_SLOTS];
	int i;

	history_init(&h);
	push1(&h, 0, 1);
	push1(&h, 5000, 2);
	history_window(&h, HIST_60S, HIST_RX_BPS, w, HIST_SLOTS, 0);
	ok(w[59] == 2 && w[54] == 1 && all_nan(&w[55], 4),
	    "a 5 s gap shows as four missing seconds");
	history_window(&h, HIST_10M, HIST_RX_BPS, w, HIST_SLOTS, 0);
	ok(w[59] == 1.5, "the 10 s bucket averages around the gap");

	/* A gap of decades costs no more than a full ring. */
	history_init(&h);
	push1(&h, 0, 1);
	for (i = 1; i <= 1000; i++)
		push1(&h, (int64_t)i * 1000000000000LL, 7);
	history_window(&h, HIST_60S, HIST_RX_BPS, w, HIST_SLOTS, 0);
	ok(w[59] == 7 && all_nan(w, 59), "after a huge gap only the new "
	    "sample");
	history_window(&h, HIST_1H, HIST_RX_BPS, w, HIST_SLOTS, 0);
	ok(w[59] == 7 && all_nan(w, 59), "the same at 60 s");
	ok(h.lv[0].count <= HIST_SLOTS && h.lv[2].count <= HIST_SLOTS,
	    "the rings stay bounded");
	is_int((long long)h.samples, 1001, "1000 huge gaps handled");
}

static void
test_order(void)
{
	struct history h;
	double v[HIST_NMETRIC] = { 1, 1, 1, 1 }, w[HIST_SLOTS];

	history_init(&h);
	is_int(history_push(&h, 5000, v), 0, "first sample");
	is_int(history_push(&h, 5999, v), 0, "same second, later");
	is_int(history_push(&h, 5100, v), 0, "same second, earlier: kept");
	is_int(history_push(&h, 3000, v), -1, "an older second is dropped");
	is_int((long long)h.dropped, 1, "and counted");
	history_window(&h, HIST_60S, HIST_RX_BPS, w, HIST_SLOTS, 0);
	ok(w[59] == 1 && all_nan(w, 59), "the dropped sample left no trace");
}

static void
test_bounds(void)
{
	struct history h;
	double w[HIST_SLOTS];
	int i;

	history_init(&h);
	for (i = 0; i < 200; i++)
		push1(&h, i * 1000, i);
	history_window(&h, HIST_60S, HIST_RX_BPS, w, HIST_SLOTS, 0);
	for (i = 0; i < HIST_SLOTS; i++)
		if (w[i] != 140 + i)
			break;
	is_int(i, HIST_SLOTS, "200 s: the 60 s window holds seconds 140..199");
	is_int((long long)h.lv[0].count, HIST_SLOTS, "the 1 s ring is full "
	    "and no larger");
	is_int((long long)h.lv[1].count, 19, "19 committed 10 s buckets");
	history_window(&h, HIST_10M, HIST_RX_BPS, w, HIST_SLOTS, 0);
	ok(all_nan(w, HIST_SLOTS - 20) && w[40] == 4.5 && w[59] == 194.5,
	    "10 min window: 20 buckets, 4.5 .. 194.5");
}

static void
test_stale(void)
{
	struct history h;
	struct hist_stats st;
	double w[HIST_SLOTS];
	int i;

	history_init(&h);
	for (i = 0; i < 10; i++)
		push1(&h, i * 1000, 50);
	history_tick(&h, 9500);
	history_stats(&h, HIST_60S, HIST_RX_BPS, &st);
	ok(st.cur == 50, "tick within the second: cur stays");
	history_tick(&h, 10500);
	history_stats(&h, HIST_60S, HIST_RX_BPS, &st);
	ok(st.cur == 50, "one second on: cur stays");
	history_tick(&h, 11500);
	history_stats(&h, HIST_60S, HIST_RX_BPS, &st);
	ok(isnan(st.cur), "two seconds without a sample: cur is missing");
	history_tick(&h, 30000);
	history_window(&h, HIST_60S, HIST_RX_BPS, w, HIST_SLOTS, 0);
	ok(all_nan(&w[HIST_SLOTS - 21], 21) && w[HIST_SLOTS - 22] == 50,
	    "a stalled stream shows missing seconds up to now");
	history_stats(&h, HIST_60S, HIST_RX_BPS, &st);
	ok(st.peak == 50 && st.n == 10, "the older samples still count");
	history_tick(&h, 1000);
	history_window(&h, HIST_60S, HIST_RX_BPS, w, HIST_SLOTS, 0);
	ok(w[HIST_SLOTS - 22] == 50, "a tick back in time changes nothing");

	history_init(&h);
	history_tick(&h, 100000);
	history_stats(&h, HIST_60S, HIST_RX_BPS, &st);
	ok(isnan(st.cur) && st.n == 0, "tick before any sample: missing");
	push1(&h, 101000, 5);
	history_window(&h, HIST_60S, HIST_RX_BPS, w, HIST_SLOTS, 0);
	ok(w[59] == 5 && isnan(w[58]), "then a sample");
}

static void
test_resample(void)
{
	struct history h;
	double w[200];
	int i, pairs = 1;

	history_init(&h);
	for (i = 0; i < 60; i++)
		push1(&h, i * 1000, i);
	history_window(&h, HIST_60S, HIST_RX_BPS, w, 120, 0);
	for (i = 0; i < 60; i++)
		if (w[2 * i] != i || w[2 * i + 1] != i)
			pairs = 0;
	ok(pairs, "120 columns: each second spans two");
	history_window(&h, HIST_60S, HIST_RX_BPS, w, 6, 0);
	ok(w[0] == 4.5 && w[5] == 54.5, "6 columns: ten seconds each");
	history_window(&h, HIST_60S, HIST_RX_BPS, w, 6, 1);
	ok(w[0] == 9 && w[5] == 59, "6 columns, max");
	is_int((long long)history_window(&h, HIST_60S, HIST_RX_BPS, w, 7, 0),
	    7, "7 columns");
	ok(w[0] == 3.5 && w[6] == 55, "7 columns: 8 or 9 seconds each, "
	    "first and last bucket included (%g, %g)", w[0], w[6]);
	history_window(&h, HIST_60S, HIST_RX_BPS, w, 1, 0);
	ok(w[0] == 29.5, "one column: the whole window");
	is_int((long long)history_window(&h, HIST_60S, HIST_RX_BPS, w, 0, 0),
	    0, "zero columns");
	history_window(&h, HIST_NWINDOW, HIST_RX_BPS, w, 3, 0);
	ok(all_nan(w, 3), "a bad window gives missing values");
}

static void
test_missing_metric(void)
{
	struct history h;
	struct hist_stats st;
	double v[HIST_NMETRIC] = { 100, NAN, 1, NAN }, w[HIST_SLOTS];

	history_init(&h);
	history_push(&h, 0, v);
	v[HIST_TX_BPS] = 300;
	history_push(&h, 1000, v);
	history_window(&h, HIST_10M, HIST_TX_BPS, w, HIST_SLOTS, 0);
	ok(w[59] == 300, "a missing value does not drag the average down");
	history_stats(&h, HIST_10M, HIST_TX_BPS, &st);
	is_int((long long)st.n, 1, "only present values count");
	history_stats(&h, HIST_10M, HIST_TX_PPS, &st);
	ok(isnan(st.avg) && isnan(st.cur), "a metric never sent is missing");
}

static void
test_hour(void)
{
	struct history h;
	struct hist_stats st;
	double w[HIST_SLOTS];
	int i;

	history_init(&h);
	for (i = 0; i < 7200; i++)
		push1(&h, (int64_t)i * 1000, i);
	history_window(&h, HIST_1H, HIST_RX_BPS, w, HIST_SLOTS, 0);
	ok(w[0] == 60 * 60 + 29.5 && w[59] == 119 * 60 + 29.5,
	    "two hours: the 1 h window holds minutes 60..119 (%g .. %g)",
	    w[0], w[59]);
	history_stats(&h, HIST_1H, HIST_RX_BPS, &st);
	ok(st.peak == 7199 && st.n == 3600, "1 h: peak 7199, 3600 samples");
	ok(st.avg == (3600 + 7199) / 2.0, "1 h: average %g", st.avg);
	history_stats(&h, HIST_10M, HIST_RX_BPS, &st);
	ok(st.n == 600 && st.peak == 7199, "10 min: 600 samples");
	history_stats(&h, HIST_60S, HIST_RX_BPS, &st);
	ok(st.n == 60 && st.avg == 7169.5, "60 s: 60 samples, avg 7169.5");
}

static void
test_set(void)
{
	struct histset *s = histset_new();
	struct history *a, *b;
	struct hist_stats st;
	char name[16];
	int i, full = 0;

	a = histset_get(s, "ether1");
	ok(a != NULL && histset_get(s, "ether1") == a, "get creates once");
	ok(histset_find(s, "ether2") == NULL, "find does not create");
	is_int(histset_push_kv(s, (const char *const[]){ "name", "aggregate",
	    "rx-bits-per-second", "1000", "tx-bits-per-second", "2000",
	    "rx-packets-per-second", "3", "tx-packets-per-second", "4",
	    NULL }, NULL, 5000), 0, "push a row by name");
	b = histset_find(s, "aggregate");
	ok(b != NULL, "aggregate is a series like any other");
	if (b != NULL) {
		history_stats(b, HIST_60S, HIST_TX_BPS, &st);
		ok(st.cur == 2000, "aggregate tx");
	} else
		ok(0, "aggregate tx");
	is_int(histset_push_kv(s, (const char *const[]){ "name", "",
	    "rx-bits-per-second", "1", NULL }, "ether1", 5000), 0,
	    "an empty name takes the default");
	is_int(histset_push_kv(s, (const char *const[]){
	    "rx-bits-per-second", "1", NULL }, NULL, 5000), -1,
	    "no name and no default: refused");
	is_int((long long)histset_count(s), 2, "two series");
	is_str(histset_name(s, 0), "ether1", "names in the order first seen");
	is_str(histset_name(s, 1), "aggregate", "second name");
	ok(histset_name(s, 2) == NULL, "no third name");
	histset_tick(s, 60000);
	history_stats(a, HIST_60S, HIST_RX_BPS, &st);
	ok(isnan(st.cur), "tick reaches every series");
	histset_remove(s, "ether1");
	is_int((long long)histset_count(s), 1, "remove");
	is_str(histset_name(s, 0), "aggregate", "the rest moves up");
	histset_remove(s, "nosuch");
	for (i = 0; i < HISTSET_MAX + 5; i++) {
		snprintf(name, sizeof name, "vlan%d", i);
		if (histset_get(s, name) == NULL)
			full++;
	}
	is_int((long long)histset_count(s), HISTSET_MAX, "the set is bounded");
	is_int(full, 6, "past the bound get returns NULL");
	histset_free(&s);
	ok(s == NULL, "free");
	histset_free(&s);
}

int
main(void)
{
	test_empty();
	test_first_samples();
	test_coarsening();
	test_gaps();
	test_order();
	test_bounds();
	test_stale();
	test_resample();
	test_missing_metric();
	test_hour();
	test_set();
	return tap_done();
}
