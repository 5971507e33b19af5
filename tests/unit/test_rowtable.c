/* test_rowtable.c: the table model: refresh, filters, sort, removal. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "rowtable.h"
#include "tap.h"
#include "testrows.h"

static void load(struct table *t, struct rowbatch *b, int complete);
static char *val(const struct table *t, uint32_t slot, const char *col);
static char *order(struct table *t, const char *col);
static struct rowbatch *bigbatch(uint32_t first, uint32_t n, int step,
    int ver);
static size_t bad_rows(struct table *t, uint32_t lo, uint32_t hi, int ver);
static size_t bad_hash(struct table *t);
static size_t store_bytes(const struct table *t);
static void test_reload_memory(void);
static void test_reload_order(void);
static void test_point_back(void);
static void test_no_id(void);
static int ref_cmp(const void *a, const void *b);
static size_t bad_sort(struct table *t, const char *col, int rev);
static void test_big_sort(void);

struct ref {
	char		*v;
	uint32_t	 slot;
	int		 isnum;
	double		 num;
};
static int ref_rev;

/* Rows big enough for several 2 MiB chunks. */
#define BIG_ROWS	50000
#define CHUNK		(2 * 1024 * 1024)

/* One refresh: begin, the rows, end. */
static void
load(struct table *t, struct rowbatch *b, int complete)
{
	rowtable_begin(t);
	rowtable_add(t, &b);
	rowtable_end(t, complete);
	rowtable_reindex(t);
}

static char *
val(const struct table *t, uint32_t slot, const char *col)
{
	struct tword v;

	return rowtable_get(t, slot, col, &v) ? word_dup(&v) : NULL;
}

/* The shown rows' values of col, joined with ','. */
static char *
order(struct table *t, const char *col)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < t->nidx; i++) {
		char *v = val(t, t->idx[i], col);

		if (i)
			buf_addc(&b, ',');
		buf_adds(&b, v != NULL ? v : "-");
		free(v);
	}
	return buf_steal(&b, NULL);
}

/* sort_num callbacks: the slot number itself; always NaN. */
static double
sort_by_slot(void *ctx, uint32_t slot)
{
	(void)ctx;
	return (double)slot;
}

static double
sort_nan(void *ctx, uint32_t slot)
{
	double zero = 0;

	(void)ctx;
	(void)slot;
	return zero / zero;
}

#define IS_FREE(expr, want, ...) do {					\
	char *got_ = (expr);						\
	is_str(got_, want, __VA_ARGS__);				\
	free(got_);							\
} while (0)

/* n rows with .id *first, *first+step, ...; name v<ver>-<id>; a comment
 * pads each row to about 150 bytes. */
static struct rowbatch *
bigbatch(uint32_t first, uint32_t n, int step, int ver)
{
	struct rowbatch *b = xcalloc(1, sizeof *b);
	struct buf w;
	char word[200];
	uint32_t i;

	buf_init(&w);
	for (i = 0; i < n; i++) {
		uint32_t id = (uint32_t)((long)first + (long)i * step);

		codec_put_str(&w, "!re");
		snprintf(word, sizeof word, "=.id=*%X", id);
		codec_put_str(&w, word);
		snprintf(word, sizeof word, "=name=v%d-%u", ver, id);
		codec_put_str(&w, word);
		snprintf(word, sizeof word, "=comment=%0120u", id);
		codec_put_str(&w, word);
		snprintf(word, sizeof word, "=gw=10.0.%u.%u", id % 3, id % 5);
		codec_put_str(&w, word);
		snprintf(word, sizeof word, "=dist=%d", (int)(id % 7) - 3);
		codec_put_str(&w, word);
		codec_put_word(&w, NULL, 0);
	}
	b->nrows = n;
	b->data = (unsigned char *)w.p;
	b->len = w.len;
	b->cap = w.cap;
	return b;
}

/* Rows *lo .. *hi-1 that are missing or whose name is not v<ver>-<id>. */
static size_t
bad_rows(struct table *t, uint32_t lo, uint32_t hi, int ver)
{
	size_t bad = 0;
	uint32_t id;
	char want[64], key[32];

	for (id = lo; id < hi; id++) {
		long s;
		char *v;

		snprintf(key, sizeof key, "*%X", id);
		snprintf(want, sizeof want, "v%d-%u", ver, id);
		s = rowtable_find(t, key, strlen(key));
		v = s >= 0 ? val(t, (uint32_t)s, "name") : NULL;
		if (v == NULL || strcmp(v, want) != 0)
			bad++;
		free(v);
	}
	return bad;
}

/* Slots whose .id does not find them again (reads every row). */
static size_t
bad_hash(struct table *t)
{
	size_t s, bad = 0;

	for (s = 0; s < t->nslots; s++) {
		char *id = val(t, (uint32_t)s, ".id");

		if (id == NULL || rowtable_find(t, id, strlen(id)) != (long)s)
			bad++;
		free(id);
	}
	return bad;
}

static size_t
store_bytes(const struct table *t)
{
	size_t s, n = 0;

	for (s = 0; s < t->nstores; s++)
		n += t->stores[s]->bytes;
	return n;
}

/* A reload in the same order gives the old chunks back as it goes; a
 * cancelled one keeps the rows that did not come back. */
static void
test_reload_memory(void)
{
	struct table t;
	size_t full, peak = 0, released;
	uint32_t done;
	int early = 0;

	rowtable_init(&t);
	rowtable_begin(&t);
	rowtable_add(&t, &(struct rowbatch *){ bigbatch(1, BIG_ROWS, 1, 1) });
	rowtable_end(&t, 1);
	rowtable_reindex(&t);
	full = store_bytes(&t);
	ok(t.nstores == 1 && t.stores[0]->nchunks >= 3,
	    "big load: one store of %zu chunks", t.stores[0]->nchunks);
	is_int((long long)bad_rows(&t, 1, BIG_ROWS + 1, 1), 0,
	    "big load: every row found");

	rowtable_begin(&t);
	is_int((long long)t.released, 0, "begin releases nothing in use");
	for (done = 0; done < BIG_ROWS; done += 5000) {
		struct rowbatch *b = bigbatch(done + 1, 5000, 1, 2);
		size_t now;

		rowtable_add(&t, &b);
		now = store_bytes(&t);
		if (now > peak)
			peak = now;
		if (done + 5000 == 30000)
			early = t.released > 0 &&
			    t.stores[0]->chunks[0].mem == NULL;
		if (bad_rows(&t, 1, done + 5001, 2) != 0 ||
		    bad_rows(&t, done + 5001, BIG_ROWS + 1, 1) != 0)
			break;
	}
	ok(done >= BIG_ROWS, "reload: every row readable, new or old, after "
	    "each batch");
	ok(early, "reload: old chunks released while rows arrive");
	ok(peak <= full + 3 * CHUNK, "reload: peak %zu bytes of rows for "
	    "a table of %zu", peak, full);
	rowtable_end(&t, 1);
	rowtable_reindex(&t);
	ok(t.nstores == 1 && t.nslots == BIG_ROWS && t.nidx == BIG_ROWS,
	    "reload ended: one store, every row");
	is_int((long long)bad_rows(&t, 1, BIG_ROWS + 1, 2), 0,
	    "reload ended: new values");
	is_int((long long)bad_hash(&t), 0, "reload ended: .id hash");
	IS_FREE(val(&t, t.idx[0], ".id"), "*1", "reload ended: first row");

	/* cancelled half way: the second half keeps its old rows */
	released = t.released;
	rowtable_begin(&t);
	rowtable_add(&t, &(struct rowbatch *){ bigbatch(1, BIG_ROWS / 2, 1,
	    3) });
	rowtable_add(&t, &(struct rowbatch *){ NULL });
	rowtable_end(&t, 0);
	rowtable_reindex(&t);
	ok(t.released > released, "cancelled reload: replaced chunks "
	    "released");
	is_int((long long)t.nslots, BIG_ROWS, "cancelled reload: no row lost");
	is_int((long long)(bad_rows(&t, 1, BIG_ROWS / 2 + 1, 3) +
	    bad_rows(&t, BIG_ROWS / 2 + 1, BIG_ROWS + 1, 2)), 0,
	    "cancelled reload: new rows, and old ones where none came");
	is_int((long long)bad_hash(&t), 0, "cancelled reload: .id hash");
	/* the next complete load replaces rows of both older stores */
	rowtable_begin(&t);
	rowtable_add(&t, &(struct rowbatch *){ bigbatch(1, BIG_ROWS, 1, 4) });
	rowtable_end(&t, 1);
	ok(t.nstores == 1 && t.nslots == BIG_ROWS, "after a cancelled "
	    "reload: one store, every row");
	is_int((long long)bad_rows(&t, 1, BIG_ROWS + 1, 4), 0,
	    "after a cancelled reload: new values");
	rowtable_free(&t);
}

/* A reload in another order, with rows gone and new ones. */
static void
test_reload_order(void)
{
	struct table t;
	uint32_t id;
	size_t missing = 0, gone = 0;
	char key[32];

	rowtable_init(&t);
	load(&t, bigbatch(1, BIG_ROWS, 1, 1), 1);
	/* every third row, from the end, and 100 new ones */
	rowtable_begin(&t);
	rowtable_add(&t, &(struct rowbatch *){ bigbatch(BIG_ROWS + 100,
	    100, -1, 5) });
	rowtable_add(&t, &(struct rowbatch *){ bigbatch(BIG_ROWS - 1,
	    BIG_ROWS / 3, -3, 5) });
	rowtable_end(&t, 1);
	rowtable_reindex(&t);
	is_int((long long)t.nslots, 100 + BIG_ROWS / 3, "reorder: rows that "
	    "did not come back are swept");
	for (id = 1; id <= BIG_ROWS; id++) {
		/* *49999, *49996, ... *4 */
		int back = id >= 4 && id <= BIG_ROWS - 1 &&
		    (BIG_ROWS - 1 - id) % 3 == 0;

		snprintf(key, sizeof key, "*%X", id);
		if (back && bad_rows(&t, id, id + 1, 5) != 0)
			missing++;
		if (!back && rowtable_find(&t, key, strlen(key)) >= 0)
			gone++;
	}
	ok(missing == 0 && gone == 0, "reorder: %zu rows missing, %zu not "
	    "swept", missing, gone);
	is_int((long long)bad_hash(&t), 0, "reorder: .id hash");
	IS_FREE(val(&t, t.idx[0], ".id"), "*C3B4", "reorder: the router's "
	    "order (first row)");
	IS_FREE(val(&t, t.idx[t.nidx - 1], ".id"), "*4", "reorder: the "
	    "router's order (last row)");
	rowtable_free(&t);
}

/* The live view points a slot back at its old row (a row fading out)
 * right after rowtable_add: that row's chunk must stay. */
static void
test_point_back(void)
{
	struct table t;
	struct tslot old;
	uint32_t n0;
	long s;

	rowtable_init(&t);
	load(&t, bigbatch(1, BIG_ROWS, 1, 6), 1);
	n0 = (uint32_t)rowstore_chunk_end(t.stores[0], 0);
	rowtable_begin(&t);
	s = rowtable_find(&t, "*1", 2);
	old = t.slots[s];
	rowtable_add(&t, &(struct rowbatch *){ bigbatch(1, n0, 1, 7) });
	t.slots[s] = old;	/* what table_view_live_rows does */
	rowtable_add(&t, &(struct rowbatch *){ bigbatch(n0 + 1, n0, 1, 7) });
	rowtable_add(&t, &(struct rowbatch *){ NULL });
	ok(t.stores[0]->chunks[0].mem != NULL, "a chunk a slot points back "
	    "into stays");
	ok(t.stores[0]->chunks[1].mem == NULL, "the next one, fully "
	    "replaced, goes");
	is_int((long long)(bad_rows(&t, 1, 2, 6) + bad_rows(&t, 2, 2 * n0 + 1,
	    7) + bad_rows(&t, 2 * n0 + 1, BIG_ROWS + 1, 6)), 0,
	    "point back: every row readable");
	s = rowtable_find(&t, "*2", 2);
	rowtable_remove(&t, (uint32_t)s);
	rowtable_end(&t, 0);
	rowtable_reindex(&t);
	is_int((long long)bad_hash(&t), 0, "point back: .id hash");
	is_int((long long)t.nslots, BIG_ROWS - 1, "point back: removed row "
	    "gone");
	rowtable_free(&t);
}

/* The sort as it was (qsort, one key struct per row) for reference. */
static int
ref_cmp(const void *pa, const void *pb)
{
	const struct ref *a = pa, *b = pb;
	int c;

	if (a->isnum && b->isnum)
		c = a->num < b->num ? -1 : a->num > b->num ? 1 : 0;
	else if (a->isnum != b->isnum)
		c = a->isnum ? -1 : 1;
	else
		c = rowtable_natcmp(a->v, strlen(a->v), b->v, strlen(b->v));
	if (ref_rev)
		c = -c;
	if (c == 0)
		c = a->slot < b->slot ? -1 : a->slot > b->slot ? 1 : 0;
	return c;
}

/* Positions where the table's sort on col differs from the reference. */
static size_t
bad_sort(struct table *t, const char *col, int rev)
{
	struct ref *r = xcalloc(t->nslots + 1, sizeof *r);
	size_t i, bad = 0;

	for (i = 0; i < t->nslots; i++) {
		char *end;

		r[i].v = val(t, (uint32_t)i, col);
		if (r[i].v == NULL)
			r[i].v = xstrdup("");
		r[i].slot = (uint32_t)i;
		r[i].num = strtod(r[i].v, &end);
		r[i].isnum = r[i].v[0] != '\0' && *end == '\0' &&
		    strlen(r[i].v) < 64;
	}
	ref_rev = rev;
	qsort(r, t->nslots, sizeof *r, ref_cmp);
	rowtable_set_sort(t, col, rev);
	rowtable_reindex(t);
	for (i = 0; i < t->nslots; i++) {
		if (i >= t->nidx || t->idx[i] != r[i].slot)
			bad++;
		free(r[i].v);
	}
	free(r);
	rowtable_set_sort(t, NULL, 0);
	rowtable_reindex(t);
	return bad;
}

/* The in-place sort of a big table against the reference. */
static void
test_big_sort(void)
{
	static const char *const cols[] = { "name", "gw", "dist", "comment",
	    "nothing" };
	struct table t;
	size_t k;
	int rev;

	rowtable_init(&t);
	/* an order that is neither sorted nor reversed */
	rowtable_begin(&t);
	rowtable_add(&t, &(struct rowbatch *){ bigbatch(20001, 10000, -2,
	    1) });
	rowtable_add(&t, &(struct rowbatch *){ bigbatch(2, 10000, 2, 1) });
	rowtable_end(&t, 1);
	for (k = 0; k < TD_ARRAY_LEN(cols); k++)
		for (rev = 0; rev < 2; rev++)
			is_int((long long)bad_sort(&t, cols[k], rev), 0,
			    "sort by %s%s as before", cols[k],
			    rev ? ", reversed" : "");
	rowtable_free(&t);

	/* values the order calls equal share a rank: 01 = 1, -0 = 0,
	 * a01 = a1 (ties keep the router's order, also reversed) */
	rowtable_init(&t);
	load(&t, test_batch("=.id=*1|=v=a1", "=.id=*2|=v=01", "=.id=*3|=v=b",
	    "=.id=*4|=v=1", "=.id=*5|=v=a01", "=.id=*6|=v=-0", "=.id=*7|=v=0",
	    NULL), 1);
	rowtable_set_sort(&t, "v", 0);
	rowtable_reindex(&t);
	IS_FREE(order(&t, ".id"), "*6,*7,*2,*4,*1,*5,*3", "ranked sort: "
	    "equal values");
	rowtable_set_sort(&t, "v", 1);
	rowtable_reindex(&t);
	IS_FREE(order(&t, ".id"), "*3,*1,*5,*2,*4,*6,*7", "ranked sort: "
	    "equal values, reversed");
	is_int((long long)(bad_sort(&t, "v", 0) + bad_sort(&t, "v", 1)), 0,
	    "ranked sort as before");
	rowtable_free(&t);
}

/* Rows without .id: each refresh replaces them all. */
static void
test_no_id(void)
{
	struct table t;

	rowtable_init(&t);
	load(&t, test_batch("=name=a", "=name=b", NULL), 1);
	load(&t, test_batch("=name=c", "=name=a", "=name=b", NULL), 1);
	IS_FREE(order(&t, "name"), "c,a,b", "rows without .id: the last "
	    "reply");
	load(&t, test_batch("=name=d", NULL), 0);
	IS_FREE(order(&t, "name"), "c,a,b,d", "rows without .id: a cancelled "
	    "reply adds");
	rowtable_free(&t);
}

int
main(void)
{
	struct table t;
	struct tfilter f;
	char err[256];
	long s;

	rowtable_init(&t);
	load(&t, test_batch("=.id=*1|=name=ether10|=mtu=1500",
	    "=.id=*2|=name=ether2|=mtu=9000|=comment=uplink",
	    "=.id=*3|=name=bridge|=mtu=1500", NULL), 1);
	is_int((long long)t.nslots, 3, "three rows loaded");
	is_int((long long)t.nidx, 3, "three rows shown");
	s = rowtable_find(&t, "*2", 2);
	ok(s >= 0, "find by .id");
	IS_FREE(val(&t, (uint32_t)s, "comment"), "uplink", "value by name");
	IS_FREE(order(&t, "name"), "ether10,ether2,bridge", "router's order");

	rowtable_set_sort(&t, "name", 0);
	rowtable_reindex(&t);
	IS_FREE(order(&t, "name"), "bridge,ether2,ether10",
	    "natural sort: ether2 before ether10");
	rowtable_set_sort(&t, "name", 1);
	rowtable_reindex(&t);
	IS_FREE(order(&t, "name"), "ether10,ether2,bridge", "reverse sort");
	rowtable_set_sort(&t, "mtu", 0);
	rowtable_reindex(&t);
	IS_FREE(order(&t, ".id"), "*1,*3,*2", "numeric sort, ties stable");
	/* a number per slot replaces the value (live rates); NaN: value */
	t.sort_num = sort_by_slot;
	t.sort_ctx = NULL;
	rowtable_set_sort(&t, "mtu", 1);
	rowtable_reindex(&t);
	IS_FREE(order(&t, ".id"), "*3,*2,*1",
	    "sort_num: slots sorted by the given numbers (reversed)");
	t.sort_num = sort_nan;
	rowtable_reindex(&t);
	IS_FREE(order(&t, ".id"), "*2,*1,*3",
	    "sort_num NaN: the values again");
	t.sort_num = NULL;
	rowtable_set_sort(&t, NULL, 0);

	/* A refresh upserts by .id and sweeps what did not come back. */
	load(&t, test_batch("=.id=*2|=name=ether2|=mtu=1500",
	    "=.id=*4|=name=vlan10|=mtu=1500", "=.id=*1|=name=ether10", NULL),
	    1);
	is_int((long long)t.nslots, 3, "refresh: *3 swept, *4 added");
	ok(rowtable_find(&t, "*3", 2) < 0, "refresh: the missing row is gone");
	IS_FREE(order(&t, ".id"), "*2,*4,*1", "refresh: the router's new order");
	s = rowtable_find(&t, "*2", 2);
	IS_FREE(val(&t, (uint32_t)s, "mtu"), "1500", "refresh: changed value");
	IS_FREE(val(&t, (uint32_t)s, "comment"), NULL,
	    "refresh: a dropped field is gone");
	/* An incomplete refresh (cancelled) keeps rows that did not come. */
	load(&t, test_batch("=.id=*1|=name=ether10", NULL), 0);
	is_int((long long)t.nslots, 3, "cancelled refresh sweeps nothing");

	/* Filters. */
	ok(rowtable_filter_parse("name=ether2", &f, err, sizeof err) == 0 &&
	    f.kind == TF_EQ, "parse col=value");
	rowtable_set_filter(&t, &f);
	rowtable_reindex(&t);
	IS_FREE(order(&t, "name"), "ether2", "col=value matches exactly");
	ok(rowtable_filter_parse("name~^ether1[0-9]$", &f, err,
	    sizeof err) == 0 && f.kind == TF_RE, "parse col~regex");
	rowtable_set_filter(&t, &f);
	rowtable_reindex(&t);
	IS_FREE(order(&t, "name"), "ether10", "col~regex");
	ok(rowtable_filter_parse("ETHER", &f, err, sizeof err) == 0 &&
	    f.kind == TF_SUB, "parse substring");
	rowtable_set_filter(&t, &f);
	rowtable_reindex(&t);
	is_int((long long)t.nidx, 2, "substring ignores case, any column");
	ok(rowtable_filter_parse("mtu>1400", &f, err, sizeof err) == 0 &&
	    f.kind == TF_GT, "parse col>n");
	rowtable_set_filter(&t, &f);
	rowtable_reindex(&t);
	is_int((long long)t.nidx, 2, "col>n (a row without mtu fails it)");
	ok(rowtable_filter_parse("mtu<1400", &f, err, sizeof err) == 0 &&
	    f.kind == TF_LT, "parse col<n");
	rowtable_set_filter(&t, &f);
	rowtable_reindex(&t);
	is_int((long long)t.nidx, 0, "col<n");
	ok(rowtable_filter_parse("name~([", &f, err, sizeof err) == -1 &&
	    err[0] != '\0', "a bad regex is refused: %s", err);
	ok(rowtable_filter_parse("mtu>abc", &f, err, sizeof err) == -1 &&
	    err[0] != '\0', "a non-number after > is refused: %s", err);
	ok(rowtable_filter_parse("mtu>1.4k", &f, err, sizeof err) == 0 &&
	    f.kind == TF_GT && f.num == 1400, "col>n with k: %g", f.num);
	rowtable_set_filter(&t, &f);
	rowtable_reindex(&t);
	is_int((long long)t.nidx, 2, "col>1.4k is col>1400");
	ok(rowtable_filter_parse("bytes<2G", &f, err, sizeof err) == 0 &&
	    f.num == 2e9, "col<nG: %g", f.num);
	rowtable_filter_free(&f);	/* not handed to the table */
	ok(rowtable_filter_parse("bytes>1X", &f, err, sizeof err) == -1,
	    "an unknown suffix is refused");
	ok(rowtable_filter_parse("", &f, err, sizeof err) == 0 &&
	    f.kind == TF_NONE, "an empty filter clears");
	rowtable_set_filter(&t, &f);
	rowtable_reindex(&t);
	is_int((long long)t.nidx, 3, "cleared filter shows every row");

	/* What the router can run itself (big tables). */
	{
		static const struct {
			const char *filter, *query;
		} q[] = {
			{ "gateway=10.0.0.1", "?gateway=10.0.0.1" },
			{ "distance>20", "?>distance=20" },
			{ "distance<20", "?<distance=20" },
			{ "bytes>1.5M", "?>bytes=1500000" },
			{ "ether", NULL },
			{ "name~^e", NULL },
		};
		size_t k;

		for (k = 0; k < TD_ARRAY_LEN(q); k++) {
			ok(rowtable_filter_parse(q[k].filter, &f, err,
			    sizeof err) == 0, "parse %s", q[k].filter);
			IS_FREE(rowtable_filter_query(&f), q[k].query,
			    "query word for %s", q[k].filter);
			rowtable_filter_free(&f);
		}
	}

	/* Removal (live .dead rows). */
	s = rowtable_find(&t, "*4", 2);
	rowtable_remove(&t, (uint32_t)s);
	rowtable_reindex(&t);
	ok(rowtable_find(&t, "*4", 2) < 0 && t.nslots == 2,
	    "removed row is gone");
	ok(rowtable_find(&t, "*1", 2) >= 0, "other rows still found");

	ok(rowtable_natcmp("10.0.0.9", 8, "10.0.0.10", 9) < 0,
	    "natcmp: addresses by number");
	ok(rowtable_natcmp("a", 1, "a", 1) == 0, "natcmp: equal");
	ok(rowtable_natcmp("ether2", 6, "ether10", 7) < 0, "natcmp: names");
	rowtable_free(&t);
	test_reload_memory();
	test_reload_order();
	test_point_back();
	test_no_id();
	test_big_sort();
	return tap_done();
}
