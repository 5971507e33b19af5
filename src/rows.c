/* rows.c: compact row batches and row stores. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rows.h"

#define BATCH_INITIAL	(64 * 1024)

struct rowenc {
	struct rowbatch	*cur;
	char		**names;	/* column id -> name */
	uint32_t	 *nlen;
	uint32_t	  nnames;
	uint32_t	  names_cap;
	uint32_t	 *hash;		/* open addressing: id + 1, 0 = free */
	uint32_t	  hcap;
	uint32_t	  announced;	/* names already sent in a batch */
	uint32_t	 *pred;		/* column seen at each field position */
	uint32_t	  npred;
};

static uint32_t rowenc_hash(const char *p, uint32_t len);
static uint32_t rowenc_intern(struct rowenc *e, const char *p, uint32_t len);
static void rowenc_rehash(struct rowenc *e);
static void batch_reserve(struct rowbatch *b, size_t extra);

/* FNV-1a: column names are short. */
static uint32_t
rowenc_hash(const char *p, uint32_t len)
{
	uint32_t h = 2166136261u, i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 16777619u;
	}
	return h;
}

static void
rowenc_rehash(struct rowenc *e)
{
	uint32_t i, cap = e->hcap ? e->hcap * 2 : 64;

	free(e->hash);
	e->hash = xcalloc(cap, sizeof *e->hash);
	e->hcap = cap;
	for (i = 0; i < e->nnames; i++) {
		uint32_t h = rowenc_hash(e->names[i], e->nlen[i]) & (cap - 1);

		while (e->hash[h] != 0)
			h = (h + 1) & (cap - 1);
		e->hash[h] = i + 1;
	}
}

/* Column id for a name, adding it if new. */
static uint32_t
rowenc_intern(struct rowenc *e, const char *p, uint32_t len)
{
	uint32_t h, id;

	if (e->hcap == 0 || (e->nnames + 1) * 2 > e->hcap)
		rowenc_rehash(e);
	h = rowenc_hash(p, len) & (e->hcap - 1);
	while ((id = e->hash[h]) != 0) {
		id--;
		if (e->nlen[id] == len && memcmp(e->names[id], p, len) == 0)
			return id;
		h = (h + 1) & (e->hcap - 1);
	}
	if (e->nnames == 0xFFFF)
		return 0xFFFF;	/* absurd column count: share one bucket */
	if (e->nnames == e->names_cap) {
		e->names_cap = e->names_cap ? e->names_cap * 2 : 32;
		e->names = xreallocarray(e->names, e->names_cap,
		    sizeof *e->names);
		e->nlen = xreallocarray(e->nlen, e->names_cap,
		    sizeof *e->nlen);
	}
	id = e->nnames++;
	e->names[id] = xstrndup(p, len);
	e->nlen[id] = len;
	e->hash[h] = id + 1;
	return id;
}

struct rowenc *
rowenc_new(void)
{
	return xcalloc(1, sizeof(struct rowenc));
}

void
rowenc_reset(struct rowenc *e)
{
	uint32_t i;

	rowbatch_free(&e->cur);
	for (i = 0; i < e->nnames; i++)
		free(e->names[i]);
	e->nnames = 0;
	e->announced = 0;
	e->npred = 0;
	if (e->hash != NULL)
		memset(e->hash, 0, e->hcap * sizeof *e->hash);
}

void
rowenc_free(struct rowenc **ep)
{
	struct rowenc *e = *ep;

	if (e == NULL)
		return;
	rowenc_reset(e);
	free(e->names);
	free(e->nlen);
	free(e->hash);
	free(e->pred);
	free(e);
	*ep = NULL;
}

static void
batch_reserve(struct rowbatch *b, size_t extra)
{
	if (b->len + extra <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = BATCH_INITIAL;
	while (b->len + extra > b->cap)
		b->cap *= 2;
	b->data = xrealloc(b->data, b->cap);
}

void
rowenc_add(struct rowenc *e, const struct sentence *s)
{
	struct rowbatch *b;
	size_t i, start, worst = 2;
	uint16_t nf = 0;
	unsigned char *p;

	if (e->cur == NULL)
		e->cur = xcalloc(1, sizeof *e->cur);
	b = e->cur;
	for (i = 1; i < s->n; i++)
		worst += 7 + s->w[i].len;
	batch_reserve(b, worst);
	start = b->len;
	p = b->data + start + 2;
	for (i = 1; i < s->n && nf < 0xFFFF; i++) {
		struct tword name, val;
		uint32_t col;
		uint16_t c16;

		if (!word_attr(&s->w[i], &name, &val))
			continue;	/* .tag and other API words */
		if (nf < e->npred && e->nlen[e->pred[nf]] == name.len &&
		    memcmp(e->names[e->pred[nf]], name.p, name.len) == 0)
			col = e->pred[nf];
		else {
			col = rowenc_intern(e, name.p, name.len);
			if (nf >= e->npred) {
				e->pred = xreallocarray(e->pred, nf + 1,
				    sizeof *e->pred);
				e->npred = nf + 1;
			}
			e->pred[nf] = col;
		}
		c16 = (uint16_t)col;
		memcpy(p, &c16, 2);
		p += 2;
		if (val.len < 0xFF)
			*p++ = (unsigned char)val.len;
		else {
			*p++ = 0xFF;
			memcpy(p, &val.len, 4);
			p += 4;
		}
		if (val.len)
			memcpy(p, val.p, val.len);
		p += val.len;
		nf++;
	}
	memcpy(b->data + start, &nf, 2);
	b->len = (size_t)(p - b->data);
	b->nrows++;
}

uint32_t
rowenc_pending(const struct rowenc *e)
{
	return e->cur != NULL ? e->cur->nrows : 0;
}

size_t
rowenc_pending_bytes(const struct rowenc *e)
{
	return e->cur != NULL ? e->cur->len : 0;
}

struct rowbatch *
rowenc_take(struct rowenc *e)
{
	struct rowbatch *b = e->cur;
	uint32_t i;

	if (b == NULL || b->nrows == 0)
		return NULL;
	e->cur = NULL;
	if (b->cap - b->len > 4096) {
		b->data = xrealloc(b->data, b->len);
		b->cap = b->len;
	}
	b->col_base = e->announced;
	b->ncols_new = e->nnames - e->announced;
	if (b->ncols_new) {
		b->cols_new = xcalloc(b->ncols_new, sizeof *b->cols_new);
		for (i = 0; i < b->ncols_new; i++)
			b->cols_new[i] = xstrdup(e->names[e->announced + i]);
	}
	e->announced = e->nnames;
	return b;
}

void
rowbatch_free(struct rowbatch **bp)
{
	struct rowbatch *b = *bp;
	uint32_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->ncols_new; i++)
		free(b->cols_new[i]);
	free(b->cols_new);
	free(b->data);
	free(b);
	*bp = NULL;
}

uint32_t
rowcur_init(struct rowcur *c, const unsigned char *p)
{
	uint16_t nf;

	memcpy(&nf, p, 2);
	c->p = p + 2;
	c->left = nf;
	return nf;
}

int
rowcur_next(struct rowcur *c, struct field *f)
{
	uint16_t col;
	uint32_t len;

	if (c->left == 0)
		return 0;
	memcpy(&col, c->p, 2);
	c->p += 2;
	if (*c->p < 0xFF)
		len = *c->p++;
	else {
		memcpy(&len, c->p + 1, 4);
		c->p += 5;
	}
	f->col = col;
	f->val.p = (const char *)c->p;
	f->val.len = len;
	c->p += len;
	c->left--;
	return 1;
}

size_t
row_size(const unsigned char *p)
{
	struct rowcur c;
	struct field f;

	rowcur_init(&c, p);
	while (rowcur_next(&c, &f))
		;
	return (size_t)(c.p - p);
}

void
rowstore_init(struct rowstore *rs)
{
	memset(rs, 0, sizeof *rs);
}

void
rowstore_clear(struct rowstore *rs)
{
	size_t i;

	for (i = 0; i < rs->nbatches; i++)
		rowbatch_free(&rs->batches[i]);
	free(rs->batches);
	for (i = 0; i < rs->ncols; i++)
		free(rs->cols[i]);
	free(rs->cols);
	free(rs->rows);
	rowstore_init(rs);
}

void
rowstore_add(struct rowstore *rs, struct rowbatch **bp)
{
	struct rowbatch *b = *bp;
	const unsigned char *p, *end;
	uint32_t i;

	*bp = NULL;
	if (b == NULL)
		return;
	/* Batches of one request arrive in order; pad if one went missing so
	 * column ids stay aligned. */
	while (b->ncols_new > 0 && rs->ncols < b->col_base) {
		if (rs->ncols == rs->cols_cap) {
			rs->cols_cap = rs->cols_cap ? rs->cols_cap * 2 : 32;
			rs->cols = xreallocarray(rs->cols, rs->cols_cap,
			    sizeof *rs->cols);
		}
		rs->cols[rs->ncols++] = xstrdup("?");
	}
	for (i = 0; i < b->ncols_new; i++) {
		if (b->col_base + i < rs->ncols)
			continue;
		if (rs->ncols == rs->cols_cap) {
			rs->cols_cap = rs->cols_cap ? rs->cols_cap * 2 : 32;
			rs->cols = xreallocarray(rs->cols, rs->cols_cap,
			    sizeof *rs->cols);
		}
		rs->cols[rs->ncols++] = b->cols_new[i];
		b->cols_new[i] = NULL;
	}
	if (rs->nrows + b->nrows > rs->rows_cap) {
		while (rs->nrows + b->nrows > rs->rows_cap)
			rs->rows_cap = rs->rows_cap ? rs->rows_cap * 2 : 1024;
		rs->rows = xreallocarray(rs->rows, rs->rows_cap,
		    sizeof *rs->rows);
	}
	p = b->data;
	end = b->data + b->len;
	while (p < end) {
		rs->rows[rs->nrows++] = p;
		p += row_size(p);
	}
	if (rs->nbatches == rs->batches_cap) {
		rs->batches_cap = rs->batches_cap ? rs->batches_cap * 2 : 16;
		rs->batches = xreallocarray(rs->batches, rs->batches_cap,
		    sizeof *rs->batches);
	}
	rs->batches[rs->nbatches++] = b;
	rs->bytes += b->cap;
}

int
rowstore_col(const struct rowstore *rs, const char *name)
{
	uint32_t i;

	for (i = 0; i < rs->ncols; i++)
		if (strcmp(rs->cols[i], name) == 0)
			return (int)i;
	return -1;
}

int
rowstore_get(const struct rowstore *rs, size_t i, uint32_t col,
    struct tword *val)
{
	struct rowcur c;
	struct field f;

	if (i >= rs->nrows)
		return 0;
	rowcur_init(&c, rs->rows[i]);
	while (rowcur_next(&c, &f)) {
		if (f.col == col) {
			*val = f.val;
			return 1;
		}
	}
	return 0;
}

size_t
rowstore_memory(const struct rowstore *rs)
{
	return rs->bytes + rs->rows_cap * sizeof *rs->rows +
	    rs->batches_cap * sizeof *rs->batches;
}
