/* test_rows.c: row batches and row stores. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "rows.h"
#include "tap.h"

static void add_row(struct rowenc *e, const char *const *words, size_t n);
static char *get(const struct rowstore *rs, size_t row, const char *col);
static void test_chunks(void);

/* Encode words as a sentence, decode it, and add it as a row. */
static void
add_row(struct rowenc *e, const char *const *words, size_t n)
{
	struct codec *c = codec_new(NULL);
	struct buf b;
	struct sentence s;
	size_t i;

	buf_init(&b);
	for (i = 0; i < n; i++)
		codec_put_str(&b, words[i]);
	codec_put_word(&b, NULL, 0);
	codec_feed(c, b.p, b.len);
	if (codec_next(c, &s) == CODEC_SENTENCE)
		rowenc_add(e, &s);
	buf_free(&b);
	codec_free(&c);
}

static char *
get(const struct rowstore *rs, size_t row, const char *col)
{
	struct tword v;
	int id = rowstore_col(rs, col);

	if (id < 0 || !rowstore_get(rs, row, (uint32_t)id, &v))
		return NULL;
	return word_dup(&v);
}

#define CHECK_GET(rs, row, col, want) do {				\
	char *got_ = get(rs, row, col);					\
	is_str(got_, want, "row %d %s", row, col);			\
	free(got_);							\
} while (0)

/* Chunks of a big store: which row lies where, and releasing one. */
static void
test_chunks(void)
{
	struct rowenc *e = rowenc_new();
	struct rowstore rs;
	struct rowbatch *b;
	char id[32], pad[220];
	size_t i, c, bad = 0, before, got, n, size;
	const char *w[3] = { "!re", id, pad };

	rowstore_init(&rs);
	memset(pad, 'x', sizeof pad - 1);
	pad[sizeof pad - 1] = '\0';
	memcpy(pad, "=pad=", 5);
	for (i = 0; i < 30000; i++) {
		snprintf(id, sizeof id, "=.id=*%zX", i);
		add_row(e, w, 3);
	}
	b = rowenc_take(e);
	rowstore_add(&rs, &b);
	ok(rs.nrows == 30000 && rs.nchunks >= 3, "30000 rows in %zu chunks",
	    rs.nchunks);
	for (i = 0; i < rs.nrows; i++) {
		c = rowstore_chunk_of(&rs, i);
		if (rs.rows[i] < rs.chunks[c].mem ||
		    rs.rows[i] >= rs.chunks[c].mem + rs.chunks[c].size ||
		    i < rs.chunks[c].row0 || i >= rowstore_chunk_end(&rs, c))
			bad++;
	}
	is_int((long long)bad, 0, "rowstore_chunk_of: each row in its chunk");
	is_int((long long)rowstore_chunk_end(&rs, rs.nchunks - 1),
	    (long long)rs.nrows, "the last chunk ends at nrows");
	/* the first chunks (small tables) come from malloc, later ones are
	 * 2 MiB maps */
	c = rs.nchunks - 2;
	ok(rs.chunks[0].mapped == 0 && rs.chunks[c].mapped &&
	    rs.chunks[c].size == 2 * 1024 * 1024, "malloc'd, then mapped "
	    "chunks");
	before = rowstore_memory(&rs);
	size = rs.chunks[c].size;
	got = rowstore_release_chunk(&rs, c);
	ok(got == size && rs.chunks[c].mem == NULL &&
	    rowstore_memory(&rs) == before - got, "release a chunk: %zu "
	    "bytes back", got);
	is_int((long long)rowstore_release_chunk(&rs, c), 0,
	    "releasing it again is a no-op");
	got = rowstore_release_chunk(&rs, 0);
	ok(got > 0 && rs.chunks[0].mem == NULL, "release a malloc'd chunk");
	i = rowstore_chunk_end(&rs, c);
	snprintf(pad, sizeof pad, "*%zX", i);
	CHECK_GET(&rs, (int)i, ".id", pad);
	/* the open chunk too: the next row starts a new one */
	n = rs.nrows;
	rowstore_release_chunk(&rs, rs.nchunks - 1);
	snprintf(id, sizeof id, "=.id=*new");
	add_row(e, w, 3);
	b = rowenc_take(e);
	rowstore_add(&rs, &b);
	CHECK_GET(&rs, (int)n, ".id", "*new");
	ok(rowstore_chunk_of(&rs, n) == rs.nchunks - 1 &&
	    rs.chunks[rs.nchunks - 1].row0 == n, "a row after releasing the "
	    "open chunk has a chunk of its own");
	rowstore_clear(&rs);
	rowenc_free(&e);
}

int
main(void)
{
	struct rowenc *e = rowenc_new();
	struct rowstore rs;
	struct rowbatch *b;
	char *big;
	size_t i;
	const char *r1[] = { "!re", "=.id=*1", "=address=192.168.88.1/24",
	    "=interface=bridge", ".tag=7", "=comment=a=b=c" };
	const char *r2[] = { "!re", "=.id=*2", "=address=10.0.0.1/8",
	    "=interface=ether1", "=comment=" };
	const char *r3[] = { "!re", "=interface=ether2", "=.id=*3",
	    "=disabled=true" };
	const char *r4[] = { "!re" };
	const char *r5[] = { "!re", "=.id=*5", "=network=10.0.0.0" };

	rowstore_init(&rs);
	ok(rowenc_take(e) == NULL, "no rows: no batch");
	add_row(e, r1, 6);
	add_row(e, r2, 5);
	is_int(rowenc_pending(e), 2, "two rows pending");
	b = rowenc_take(e);
	ok(b != NULL && b->nrows == 2, "batch of two rows");
	is_int((long long)rowstore_add(&rs, &b), 2, "store adds two rows");
	ok(b == NULL, "store took the batch");
	is_int(rs.ncols, 4, "four columns (.tag skipped)");
	add_row(e, r3, 4);	/* different field order */
	add_row(e, r4, 1);	/* empty !re (proplist without matches) */
	add_row(e, r5, 3);
	b = rowenc_take(e);
	is_int((long long)rowstore_add(&rs, &b), 3, "second batch: three rows");
	is_int((long long)rs.nrows, 5, "five rows stored");
	is_int(rs.ncols, 6, "six columns");
	CHECK_GET(&rs, 0, ".id", "*1");
	CHECK_GET(&rs, 0, "address", "192.168.88.1/24");
	CHECK_GET(&rs, 0, "comment", "a=b=c");
	CHECK_GET(&rs, 1, "comment", "");
	CHECK_GET(&rs, 1, "interface", "ether1");
	CHECK_GET(&rs, 2, "interface", "ether2");
	CHECK_GET(&rs, 2, ".id", "*3");
	CHECK_GET(&rs, 2, "disabled", "true");
	CHECK_GET(&rs, 2, "address", NULL);
	CHECK_GET(&rs, 3, ".id", NULL);
	CHECK_GET(&rs, 4, "network", "10.0.0.0");
	ok(rowstore_col(&rs, ".tag") < 0, ".tag is not a column");

	/* Values at and around the one-byte length limit, and a big one. */
	big = xmalloc(70001);
	memset(big, 'x', 70000);
	big[70000] = '\0';
	for (i = 0; i < 4; i++) {
		static const size_t lens[] = { 254, 255, 256, 70000 };
		char *w = xasprintf("=script=%.*s", (int)lens[i], big);
		const char *r[] = { "!re", w };
		struct rowstore one;
		char *got;

		rowstore_init(&one);
		rowenc_reset(e);	/* a new request */
		add_row(e, r, 2);
		b = rowenc_take(e);
		rowstore_add(&one, &b);
		got = get(&one, 0, "script");
		ok(got != NULL && strlen(got) == lens[i],
		    "value of %zu bytes survives", lens[i]);
		free(got);
		rowstore_clear(&one);
		free(w);
	}
	free(big);

	/* Binary values: NUL and high bytes kept. */
	{
		struct codec *c = codec_new(NULL);
		struct buf w;
		struct sentence s;
		struct tword v;
		struct rowstore one;
		static const char data[] = "=data=\x00\x01\xff\xfe";

		buf_init(&w);
		codec_put_str(&w, "!re");
		codec_put_word(&w, data, sizeof data - 1);
		codec_put_word(&w, NULL, 0);
		codec_feed(c, w.p, w.len);
		codec_next(c, &s);
		rowenc_reset(e);
		rowenc_add(e, &s);
		b = rowenc_take(e);
		rowstore_init(&one);
		rowstore_add(&one, &b);
		ok(rowstore_get(&one, 0, 0, &v) && v.len == 4 &&
		    memcmp(v.p, "\x00\x01\xff\xfe", 4) == 0,
		    "binary value with NUL kept");
		rowstore_clear(&one);
		buf_free(&w);
		codec_free(&c);
	}
	ok(rowstore_memory(&rs) > 0, "memory accounted");
	rowstore_clear(&rs);
	rowenc_free(&e);
	ok(e == NULL, "rowenc_free clears the pointer");
	test_chunks();
	return tap_done();
}
