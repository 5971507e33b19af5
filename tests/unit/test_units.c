/* test_units.c: rate/size/duration formats, duration parsing and the row
 * readers (rowstore and name/value) every live-pane module takes. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "flows.h"
#include "history.h"
#include "logring.h"
#include "pingstat.h"
#include "tap.h"
#include "testrows.h"
#include "units.h"

static void test_rates(void);
static void test_widths(void);
static void test_other_formats(void);
static void test_durations(void);
static void test_kv_rows(void);
static void test_store_rows(void);
static void test_module_rows(void);

static void
test_rates(void)
{
	char b[32];

	is_str(units_rate(b, sizeof b, 0, UNITS_BITS, 1000), "0 bps",
	    "zero bits");
	is_str(units_rate(b, sizeof b, 512, UNITS_BITS, 1000), "512 bps",
	    "below a kilo: whole bits");
	is_str(units_rate(b, sizeof b, 999, UNITS_BITS, 1000), "999 bps",
	    "999 bps stays");
	is_str(units_rate(b, sizeof b, 999.6, UNITS_BITS, 1000), "1.00 kbps",
	    "999.6 rounds up to the next unit");
	is_str(units_rate(b, sizeof b, 1234, UNITS_BITS, 1000), "1.23 kbps",
	    "kbps, two decimals");
	is_str(units_rate(b, sizeof b, 1230000, UNITS_BITS, 1000),
	    "1.23 Mbps", "1.23 Mbps");
	is_str(units_rate(b, sizeof b, 12345678, UNITS_BITS, 1000),
	    "12.3 Mbps", "12.3 Mbps");
	is_str(units_rate(b, sizeof b, 157000000, UNITS_BITS, 1000),
	    "157 Mbps", "157 Mbps");
	is_str(units_rate(b, sizeof b, 999999999, UNITS_BITS, 1000),
	    "1.00 Gbps", "999.999 Mbps shows as 1.00 Gbps, not 1000 Mbps");
	is_str(units_rate(b, sizeof b, 2.5e12, UNITS_BITS, 1000), "2.50 Tbps",
	    "Tbps");
	is_str(units_rate(b, sizeof b, 2e18, UNITS_BITS, 1000), "2000000 Tbps",
	    "beyond the last unit: whole number");
	is_str(units_rate(b, sizeof b, 1256000, UNITS_BYTES, 1000),
	    "157 kB/s", "bytes: 157 kB/s");
	is_str(units_rate(b, sizeof b, 8 * 1000, UNITS_BYTES, 1000),
	    "1.00 kB/s", "bytes: 8000 bits = 1.00 kB/s");
	is_str(units_rate(b, sizeof b, 800, UNITS_BYTES, 1000), "100 B/s",
	    "bytes below a kilo");
	is_str(units_rate(b, sizeof b, 1.2 * 1048576 * 8, UNITS_BYTES, 1024),
	    "1.2 MiB/s", "bytes 1024: 1.2 MiB/s");
	is_str(units_rate(b, sizeof b, 1000.0 * 1024 * 8, UNITS_BYTES, 1024),
	    "1.0 MiB/s", "1000 KiB/s moves to MiB/s");
	is_str(units_rate(b, sizeof b, 1023 * 8, UNITS_BYTES, 1024),
	    "1.0 KiB/s", "1023 B/s moves to KiB/s");
	is_str(units_rate(b, sizeof b, 2048, UNITS_BITS, 1024), "2.0 Kibps",
	    "bits 1024: Kibps");
	is_str(units_rate(b, sizeof b, 100 * 1048576.0, UNITS_BITS, 1024),
	    "100 Mibps", "bits 1024: 100 Mibps");
	is_str(units_rate(b, sizeof b, 1500, UNITS_BITS, 7), "1.50 kbps",
	    "an odd kilo counts as 1000");
	is_str(units_rate(b, sizeof b, NAN, UNITS_BITS, 1000), "-",
	    "NaN prints -");
	is_str(units_rate(b, sizeof b, -5, UNITS_BITS, 1000), "-",
	    "negative prints -");
	is_str(units_rate(b, 5, 12345678, UNITS_BITS, 1000), "12.3",
	    "a short buffer truncates");
}

/* Every long form fits UNITS_WIDTH, every short form UNITS_SHORT. */
static void
test_widths(void)
{
	char b[64];
	size_t worst = 0, worst_short = 0, worst_pps = 0, worst_size = 0;
	double v;
	int mode, k;

	for (v = 1; v < 1e15; v *= 1.013) {
		for (mode = 0; mode < 2; mode++) {
			for (k = 0; k < 2; k++) {
				int kilo = k ? 1024 : 1000;
				size_t n;

				n = strlen(units_rate(b, sizeof b, v,
				    (enum units_mode)mode, kilo));
				if (n > worst)
					worst = n;
				n = strlen(units_rate_short(b, sizeof b, v,
				    (enum units_mode)mode, kilo));
				if (n > worst_short)
					worst_short = n;
				n = strlen(units_size(b, sizeof b, v, kilo));
				if (n > worst_size)
					worst_size = n;
			}
		}
		if (strlen(units_pps(b, sizeof b, v)) > worst_pps)
			worst_pps = strlen(b);
	}
	ok(worst <= UNITS_WIDTH, "long rates fit %d columns (widest %zu)",
	    UNITS_WIDTH, worst);
	ok(worst_short <= UNITS_SHORT, "short rates fit %d columns "
	    "(widest %zu)", UNITS_SHORT, worst_short);
	ok(worst_pps <= UNITS_WIDTH, "pps fit %d columns (widest %zu)",
	    UNITS_WIDTH, worst_pps);
	ok(worst_size <= UNITS_WIDTH, "sizes fit %d columns (widest %zu)",
	    UNITS_WIDTH, worst_size);
}

static void
test_other_formats(void)
{
	char b[32];

	is_str(units_rate_short(b, sizeof b, 1234567, UNITS_BITS, 1000),
	    "1.2M", "short: 1.2M");
	is_str(units_rate_short(b, sizeof b, 157000, UNITS_BITS, 1000),
	    "157k", "short: 157k");
	is_str(units_rate_short(b, sizeof b, 12, UNITS_BITS, 1000), "12",
	    "short: 12");
	is_str(units_rate_short(b, sizeof b, 2048 * 8, UNITS_BYTES, 1024),
	    "2.0K", "short bytes 1024: 2.0K");
	is_str(units_pps(b, sizeof b, 0), "0 pps", "0 pps");
	is_str(units_pps(b, sizeof b, 987), "987 pps", "987 pps");
	is_str(units_pps(b, sizeof b, 1234), "1.23k pps", "1.23k pps");
	is_str(units_pps(b, sizeof b, 12345), "12.3k pps", "12.3k pps");
	is_str(units_pps(b, sizeof b, 123456), "123k pps", "123k pps");
	is_str(units_pps(b, sizeof b, 4.5e6), "4.50M pps", "4.50M pps");
	is_str(units_count(b, sizeof b, 12345), "12.3k", "count 12.3k");
	is_str(units_count(b, sizeof b, 7), "7", "count 7");
	is_str(units_size(b, sizeof b, 12.3 * 1048576, 1024), "12.3 MiB",
	    "size 12.3 MiB");
	is_str(units_size(b, sizeof b, 12.3e6, 1000), "12.3 MB",
	    "size 12.3 MB");
	is_str(units_size(b, sizeof b, 1000, 1024), "0.98 KiB",
	    "1000 B is 0.98 KiB");
	is_str(units_size(b, sizeof b, 512, 1024), "512 B", "size 512 B");
	is_str(units_duration(b, sizeof b, 345), "345us", "345us");
	is_str(units_duration(b, sizeof b, 1234), "1.23ms", "1.23ms");
	is_str(units_duration(b, sizeof b, 12345), "12.3ms", "12.3ms");
	is_str(units_duration(b, sizeof b, 123456), "123ms", "123ms");
	is_str(units_duration(b, sizeof b, 1234567), "1.23s", "1.23s");
	is_str(units_duration(b, sizeof b, 0), "0us", "0us");
	is_str(units_duration(b, sizeof b, -1), "-", "negative: -");
}

static void
test_durations(void)
{
	static const struct {
		const char	*s;
		int64_t		 us;
	} good[] = {
		{ "12ms", 12000 },
		{ "1ms345us", 1345 },
		{ "0ms", 0 },
		{ "11ms283us", 11283 },
		{ "0ms45us", 45 },
		{ "11.2ms", 11200 },
		{ "0.3ms", 300 },
		{ "500us", 500 },
		{ "1s5ms", 1005000 },
		{ "2m3s", 123000000 },
		{ "1h", 3600000000LL },
		{ "1w2d3h4m5s", (((7 + 2) * 24 + 3) * 3600LL + 4 * 60 + 5) *
		    1000000 },
		{ "00:00:01", 1000000 },
		{ "01:02:03", 3723000000LL },
		{ "00:00:01.5", 1500000 },
		{ "1d02:03:04", (86400LL + 2 * 3600 + 3 * 60 + 4) * 1000000 },
		{ "5", 5000000 },
		{ "1500ns", 2 },
	};
	static const char *const bad[] = {
		"", "ms", "12x", "12ms junk", "1:2", "-5ms", "abc", "1:70:00",
		"12 ms", ".ms", "99999999999999999w",
	};
	size_t i;
	int64_t us;

	for (i = 0; i < TD_ARRAY_LEN(good); i++) {
		us = -7;
		is_int(units_duration_str(good[i].s, &us), 0, "parse %s",
		    good[i].s);
		is_int(us, good[i].us, "%s = %lld us", good[i].s,
		    (long long)good[i].us);
	}
	for (i = 0; i < TD_ARRAY_LEN(bad); i++) {
		us = -7;
		is_int(units_duration_str(bad[i], &us), -1, "reject \"%s\"",
		    bad[i]);
		is_int(us, -7, "\"%s\" leaves the result alone", bad[i]);
	}
	is_int(units_duration_us("12msXX", 4, &us), 0,
	    "a counted string (not NUL-terminated)");
	is_int(us, 12000, "only n bytes are read");
	is_int(units_duration_str(NULL, &us), -1, "NULL is rejected");
}

static void
test_kv_rows(void)
{
	const char *kv[] = { "name", "ether1", "rx", "159176", "loss", "12%",
	    "bad", "12x", "neg", "-3.5", "empty", "", NULL };
	struct units_row r;
	struct tword w;
	char b[8];
	double v;

	units_row_kv(&r, kv);
	ok(units_row_get(&r, "name", &w) && w.len == 6 &&
	    memcmp(w.p, "ether1", 6) == 0, "kv: get name");
	ok(!units_row_has(&r, "tx"), "kv: absent field");
	ok(units_row_has(&r, "empty"), "kv: empty value is present");
	is_str(units_row_str(&r, "name", b, sizeof b), "ether1", "kv: str");
	is_str(units_row_str(&r, "name", b, 4), "eth", "kv: str truncates");
	ok(units_row_str(&r, "tx", b, sizeof b) == NULL, "kv: str absent");
	ok(units_row_num(&r, "rx", &v) == 0 && v == 159176, "kv: number");
	ok(units_row_num(&r, "loss", &v) == 0 && v == 12, "kv: percent");
	ok(units_row_num(&r, "neg", &v) == 0 && v == -3.5, "kv: negative");
	is_int(units_row_num(&r, "bad", &v), -1, "kv: junk is no number");
	is_int(units_row_num(&r, "empty", &v), -1, "kv: empty is no number");
	is_int(units_row_num(&r, "none", &v), -1, "kv: absent is no number");
	units_row_kv(&r, NULL);
	ok(!units_row_has(&r, "name"), "kv: NULL list has nothing");
}

static void
test_store_rows(void)
{
	struct rowstore rs;
	struct rowbatch *b = test_batch(
	    "=name=ether1|=rx-bits-per-second=159176|=.section=3",
	    "=name=ether2|=tx-bits-per-second=42", NULL);
	struct units_row r;
	char s[16];
	double v;

	rowstore_init(&rs);
	is_int((long long)rowstore_add(&rs, &b), 2, "store: two rows");
	units_row_store(&r, &rs, 0);
	is_str(units_row_str(&r, "name", s, sizeof s), "ether1",
	    "store: row 0 name");
	ok(units_row_num(&r, "rx-bits-per-second", &v) == 0 && v == 159176,
	    "store: row 0 number");
	is_str(units_row_str(&r, ".section", s, sizeof s), "3",
	    "store: .section");
	ok(!units_row_has(&r, "tx-bits-per-second"),
	    "store: row 0 lacks a column row 1 has");
	units_row_store(&r, &rs, 1);
	ok(units_row_num(&r, "tx-bits-per-second", &v) == 0 && v == 42,
	    "store: row 1 number");
	ok(!units_row_has(&r, "nosuchcolumn"), "store: unknown column");
	units_row_store(&r, &rs, 5);
	ok(!units_row_has(&r, "name"), "store: row out of range");
	rowstore_clear(&rs);
}

/* Each module's rowstore entry point, with rows shaped like the sim's. */
static void
test_module_rows(void)
{
	struct rowstore rs;
	struct rowbatch *b;
	struct histset *hs = histset_new();
	struct logring *lr = logring_new(4);
	struct pingstat *ps = pingstat_new(0);
	struct tracestat *ts = tracestat_new();
	struct flows *fl = flows_new(0);
	struct ping_totals pt;
	struct hist_stats st;
	struct history *h;

	rowstore_init(&rs);
	b = test_batch("=name=ether1|=rx-packets-per-second=10|"
	    "=rx-bits-per-second=8000|=tx-packets-per-second=5|"
	    "=tx-bits-per-second=4000|=.section=0",
	    "=rx-bits-per-second=100|=tx-bits-per-second=200", NULL);
	rowstore_add(&rs, &b);
	is_int(histset_push_row(hs, &rs, 0, NULL, 1000), 0,
	    "histset_push_row");
	is_int(histset_push_row(hs, &rs, 1, NULL, 1000), -1,
	    "histset_push_row: no name, no default");
	is_int(histset_push_row(hs, &rs, 1, "ether2", 1000), 0,
	    "histset_push_row: default name");
	h = histset_find(hs, "ether1");
	ok(h != NULL, "the series of ether1 exists");
	if (h != NULL) {
		history_stats(h, HIST_60S, HIST_RX_BPS, &st);
		ok(st.cur == 8000, "rx bits read from the row");
		history_stats(h, HIST_60S, HIST_TX_PPS, &st);
		ok(st.cur == 5, "tx packets read from the row");
	}
	h = histset_find(hs, "ether2");
	if (h != NULL) {
		history_stats(h, HIST_60S, HIST_RX_PPS, &st);
		ok(isnan(st.cur), "a field the row lacks is missing");
	} else
		ok(0, "a field the row lacks is missing");
	rowstore_clear(&rs);

	b = test_batch("=.id=*1A00|=time=2024-01-15 10:20:30|=topics=system,info|"
	    "=message=router rebooted", NULL);
	rowstore_add(&rs, &b);
	is_int(logring_add_row(lr, &rs, 0), 1, "logring_add_row");
	is_int(logring_add_row(lr, &rs, 0), 0, "logring_add_row: dup");
	is_str(logring_get(lr, 0)->message, "router rebooted",
	    "log message from the row");
	rowstore_clear(&rs);

	b = test_batch("=seq=0|=host=8.8.8.8|=size=56|=ttl=117|=time=11ms283us|"
	    "=sent=1|=received=1|=packet-loss=0|=min-rtt=11ms283us|"
	    "=avg-rtt=11ms283us|=max-rtt=11ms283us", NULL);
	rowstore_add(&rs, &b);
	is_int(pingstat_add_row(ps, &rs, 0), 1, "pingstat_add_row");
	pingstat_totals(ps, &pt);
	ok(pt.received == 1 && pt.min_us == 11283 && pt.r_avg_us == 11283,
	    "ping totals from the row");
	rowstore_clear(&rs);

	b = test_batch("=sent=1|=address=198.51.100.1|=loss=0%|=last=1.0ms|"
	    "=avg=1.0ms|=best=0.9ms|=worst=1.2ms|=std-dev=0.1ms|=status=|"
	    "=.section=0", NULL);
	rowstore_add(&rs, &b);
	is_int(tracestat_add_row(ts, &rs, 0), 0, "tracestat_add_row");
	ok(tracestat_count(ts) == 1 &&
	    tracestat_hop(ts, 0)->best_us == 900, "hop read from the row");
	rowstore_clear(&rs);

	b = test_batch("=src-address=192.168.88.20|=dst-address=8.8.8.8|"
	    "=tx=1000|=rx=5000|=tx-packets=1|=rx-packets=4|=.section=0",
	    NULL);
	rowstore_add(&rs, &b);
	is_int(flows_add_row(fl, &rs, 0), 0, "flows_add_row");
	flows_done(fl);
	ok(flows_count(fl) == 1 && flows_get(fl, 0)->rx == 5000 &&
	    flows_columns(fl) == (FLOW_SRC | FLOW_DST),
	    "flow read from the row");
	rowstore_clear(&rs);

	histset_free(&hs);
	logring_free(&lr);
	pingstat_free(&ps);
	tracestat_free(&ts);
	flows_free(&fl);
	ok(hs == NULL && lr == NULL && ps == NULL && ts == NULL && fl == NULL,
	    "free functions clear the pointers");
}

int
main(void)
{
	test_rates();
	test_widths();
	test_other_formats();
	test_durations();
	test_kv_rows();
	test_store_rows();
	test_module_rows();
	return tap_done();
}
