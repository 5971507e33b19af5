/* test_rowtable.c: the table model: refresh, filters, sort, removal. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "rowtable.h"
#include "tap.h"

static struct rowbatch *batch(const char *first, ...);
static void load(struct table *t, struct rowbatch *b, int complete);
static char *val(const struct table *t, uint32_t slot, const char *col);
static char *order(struct table *t, const char *col);

/* A batch of !re rows: words separated by '|', rows by NULL-terminated
 * arguments, e.g. "=.id=*1|=name=ether1". */
static struct rowbatch *
batch(const char *first, ...)
{
	struct rowenc *e = rowenc_new();
	struct rowbatch *b;
	const char *row;
	va_list ap;

	va_start(ap, first);
	for (row = first; row != NULL; row = va_arg(ap, const char *)) {
		struct codec *c = codec_new(NULL);
		struct buf w;
		struct sentence s;
		char *copy = xstrdup(row), *tok, *save = NULL;

		buf_init(&w);
		codec_put_str(&w, "!re");
		for (tok = strtok_r(copy, "|", &save); tok != NULL;
		    tok = strtok_r(NULL, "|", &save))
			codec_put_str(&w, tok);
		codec_put_word(&w, NULL, 0);
		codec_feed(c, w.p, w.len);
		if (codec_next(c, &s) == CODEC_SENTENCE)
			rowenc_add(e, &s);
		codec_free(&c);
		buf_free(&w);
		free(copy);
	}
	va_end(ap);
	b = rowenc_take(e);
	rowenc_free(&e);
	return b;
}

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

#define IS_FREE(expr, want, ...) do {					\
	char *got_ = (expr);						\
	is_str(got_, want, __VA_ARGS__);				\
	free(got_);							\
} while (0)

int
main(void)
{
	struct table t;
	struct tfilter f;
	char err[256];
	long s;

	rowtable_init(&t);
	load(&t, batch("=.id=*1|=name=ether10|=mtu=1500",
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
	rowtable_set_sort(&t, NULL, 0);

	/* A refresh upserts by .id and sweeps what did not come back. */
	load(&t, batch("=.id=*2|=name=ether2|=mtu=1500",
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
	load(&t, batch("=.id=*1|=name=ether10", NULL), 0);
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
	return tap_done();
}
