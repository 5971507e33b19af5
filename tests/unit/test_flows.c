/* test_flows.c: torch frames: switching on .section and !done, sorting,
 * classifiers, bounds, rows without .section. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "flows.h"
#include "tap.h"

static int row(struct flows *fl, const char *section, const char *src,
    const char *dst, double tx, double rx);
static char *order(const struct flows *fl, char *buf, size_t len);
static void test_frames(void);
static void test_sort(void);
static void test_columns(void);
static void test_bounds(void);
static void test_nosection(void);

/* A row with src/dst (NULL: not asked for), tx and rx. */
static int
row(struct flows *fl, const char *section, const char *src,
    const char *dst, double tx, double rx)
{
	char t[32], r[32], tp[32], rp[32];
	const char *kv[20];
	size_t n = 0;

	snprintf(t, sizeof t, "%.0f", tx);
	snprintf(r, sizeof r, "%.0f", rx);
	snprintf(tp, sizeof tp, "%.0f", tx / 8 / 120);
	snprintf(rp, sizeof rp, "%.0f", rx / 8 / 900);
	if (src != NULL) {
		kv[n++] = "src-address";
		kv[n++] = src;
	}
	if (dst != NULL) {
		kv[n++] = "dst-address";
		kv[n++] = dst;
	}
	kv[n++] = "tx";
	kv[n++] = t;
	kv[n++] = "rx";
	kv[n++] = r;
	kv[n++] = "tx-packets";
	kv[n++] = tp;
	kv[n++] = "rx-packets";
	kv[n++] = rp;
	if (section != NULL) {
		kv[n++] = ".section";
		kv[n++] = section;
	}
	kv[n] = NULL;
	return flows_add_kv(fl, kv);
}

/* The shown frame's destinations in order. */
static char *
order(const struct flows *fl, char *buf, size_t len)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < flows_count(fl) && used + 1 < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%s",
		    i > 0 ? " " : "", flows_get(fl, i)->dst);

		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}

static void
test_frames(void)
{
	struct flows *fl = flows_new(0);
	char b[256];
	double tx, rx;

	is_int(row(fl, "0", "192.168.88.20", "a", 100, 1000), 0, "first row");
	row(fl, "0", "192.168.88.21", "b", 500, 4000);
	row(fl, "0", "192.168.88.22", "c", 50, 200);
	is_int((long long)flows_count(fl), 0, "no complete frame yet");
	is_int((long long)flows_frames(fl), 0, "no frames");
	is_int(row(fl, "1", "192.168.88.20", "d", 1, 1), 1,
	    "a new .section completes the frame");
	is_int((long long)flows_count(fl), 3, "three flows shown");
	is_str(order(fl, b, sizeof b), "b a c", "sorted by total, largest "
	    "first");
	flows_totals(fl, &tx, &rx);
	ok(tx == 650 && rx == 5200, "totals of the shown frame");
	ok(flows_get(fl, 0)->tx_packets == 1 &&
	    flows_get(fl, 0)->rx_packets == 1, "packet rates");
	row(fl, "1", "192.168.88.21", "e", 2, 2);
	is_int((long long)flows_count(fl), 3, "the frame in progress is not "
	    "shown");
	flows_done(fl);
	is_int((long long)flows_frames(fl), 2, "!done completes the frame");
	is_str(order(fl, b, sizeof b), "e d", "the new frame replaces the "
	    "old");
	flows_done(fl);
	is_int((long long)flows_frames(fl), 2, "done twice counts once");
	is_str(order(fl, b, sizeof b), "e d", "and keeps the frame");
	row(fl, "2", NULL, NULL, 0, 0);
	row(fl, "3", NULL, NULL, 0, 0);
	is_int((long long)flows_count(fl), 1, "an idle interface: one zero "
	    "row");
	ok(flows_get(fl, 0)->have == 0 && flows_get(fl, 0)->rx == 0,
	    "without classifiers");
	is_int((long long)flows_columns(fl), 0, "no classifier columns");
	flows_reset(fl);
	ok(flows_count(fl) == 0 && flows_frames(fl) == 0, "reset");
	ok(flows_get(fl, 0) == NULL, "nothing to get");
	flows_free(&fl);
	ok(fl == NULL, "free clears the pointer");
	flows_free(&fl);
}

static void
test_sort(void)
{
	struct flows *fl = flows_new(0);
	char b[256];

	is_int(flows_sort_key(fl), FLOWS_BY_TOTAL, "total by default");
	row(fl, "5", NULL, "a", 900, 100);
	row(fl, "5", NULL, "b", 10, 800);
	row(fl, "5", NULL, "c", 300, 300);
	row(fl, "5", NULL, "d", 0, 800);
	row(fl, "5", NULL, "e", 1, 0);
	flows_done(fl);
	is_str(order(fl, b, sizeof b), "a b d c e", "by total, ties in arrival "
	    "order");
	flows_sort(fl, FLOWS_BY_RX);
	is_int(flows_sort_key(fl), FLOWS_BY_RX, "key rx");
	is_str(order(fl, b, sizeof b), "b d c a e", "by rx, ties in arrival "
	    "order");
	flows_sort(fl, FLOWS_BY_TX);
	is_str(order(fl, b, sizeof b), "a c b e d", "by tx");
	row(fl, "6", NULL, "x", 1, 1000);
	row(fl, "6", NULL, "y", 5, 0);
	flows_done(fl);
	is_str(order(fl, b, sizeof b), "y x", "the key carries over to the "
	    "next frame");
	flows_sort(fl, (enum flows_key)42);
	is_int(flows_sort_key(fl), FLOWS_BY_TOTAL, "an unknown key is total");
	flows_free(&fl);
}

static void
test_columns(void)
{
	struct flows *fl = flows_new(0);
	const struct flow *f;

	flows_add_kv(fl, (const char *const[]){ "src-address",
	    "192.168.88.20", "dst-address", "93.184.215.14", "ip-protocol",
	    "tcp", "src-port", "40000", "dst-port", "443", "tx", "1200",
	    "rx", "48000", "tx-packets", "1", "rx-packets", "7", ".section",
	    "0", NULL });
	flows_add_kv(fl, (const char *const[]){ "src-address6",
	    "2001:db8::1", "dst-address6", "2001:db8::2", "src-port", "any",
	    "tx", "5", "rx", "x", ".section", "0", NULL });
	flows_done(fl);
	f = flows_get(fl, 0);
	ok(f != NULL && f->have == (FLOW_SRC | FLOW_DST | FLOW_PROTO |
	    FLOW_SPORT | FLOW_DPORT), "all classifiers");
	if (f != NULL) {
		is_str(f->src, "192.168.88.20", "src");
		is_str(f->dst, "93.184.215.14", "dst");
		is_str(f->proto, "tcp", "protocol");
		ok(f->sport == 40000 && f->dport == 443, "ports");
		ok(f->tx == 1200 && f->rx == 48000 && f->tx_packets == 1 &&
		    f->rx_packets == 7, "rates");
	}
	f = flows_get(fl, 1);
	ok(f != NULL && f->have == (FLOW_SRC | FLOW_DST) &&
	    strcmp(f->src, "2001:db8::1") == 0, "IPv6 addresses; a port "
	    "that is no number is absent");
	ok(f != NULL && f->rx == 0 && f->tx == 5, "an unreadable rate is 0");
	is_int((long long)flows_columns(fl), FLOW_SRC | FLOW_DST | FLOW_PROTO |
	    FLOW_SPORT | FLOW_DPORT, "the frame's columns");
	flows_free(&fl);
}

static void
test_bounds(void)
{
	struct flows *fl = flows_new(3);
	char b[256];
	int i, dropped = 0;

	for (i = 0; i < 5; i++) {
		char d[8];

		snprintf(d, sizeof d, "%c", 'a' + i);
		if (row(fl, "0", NULL, d, i, i) == -1)
			dropped++;
	}
	is_int(dropped, 2, "rows past the cap are refused");
	flows_done(fl);
	is_int((long long)flows_count(fl), 3, "a frame holds at most 3");
	is_int((long long)flows_truncated(fl), 2, "two truncated");
	is_str(order(fl, b, sizeof b), "c b a", "the first three, sorted");
	row(fl, "1", NULL, "z", 1, 1);
	flows_done(fl);
	is_int((long long)flows_truncated(fl), 0, "truncation is per frame");
	flows_free(&fl);

	fl = flows_new(0);
	for (i = 0; i < 3000; i++)
		row(fl, "0", NULL, "x", i, i);
	flows_done(fl);
	is_int((long long)flows_count(fl), FLOWS_DEFAULT, "default cap %d",
	    FLOWS_DEFAULT);
	is_int((long long)flows_truncated(fl), 3000 - FLOWS_DEFAULT,
	    "the rest counted");
	flows_free(&fl);
}

static void
test_nosection(void)
{
	struct flows *fl = flows_new(0);
	char b[256];

	row(fl, NULL, "10.0.0.1", "a", 1, 10);
	row(fl, NULL, "10.0.0.1", "b", 1, 20);
	is_int((long long)flows_count(fl), 0, "no .section: still one frame");
	is_int(row(fl, NULL, "10.0.0.1", "a", 1, 30), 1, "a flow seen again "
	    "starts the next frame");
	is_str(order(fl, b, sizeof b), "b a", "the first frame");
	row(fl, NULL, "10.0.0.2", "a", 1, 5);
	flows_done(fl);
	is_str(order(fl, b, sizeof b), "a a", "other classifiers are another "
	    "flow");
	ok(flows_get(fl, 0)->rx == 30, "sorted");
	flows_free(&fl);
}

int
main(void)
{
	test_frames();
	test_sort();
	test_columns();
	test_bounds();
	test_nosection();
	return tap_done();
}
