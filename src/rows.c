/* rows.c: wire-format row batches and the compact row store. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "rows.h"

/* A batch the engine flushes at 1 MiB never reallocates. */
#define BATCH_INITIAL	(1280 * 1024)
/* Arena chunks of a big table: 2 MiB each (a bigger row gets its own). */
#define CHUNK_SIZE	(2 * 1024 * 1024)

static void batch_reserve(struct rowbatch *b, size_t extra);
static int name_is(const char *w, const char *name, uint32_t len);
static uint32_t name_hash(const char *p, uint32_t len);
static void store_rehash(struct rowstore *rs);
static uint32_t store_intern(struct rowstore *rs, const char *p,
    uint32_t len);
static unsigned char *store_space(struct rowstore *rs, size_t need);
static void store_row(struct rowstore *rs, const struct tword *w, size_t n);
static size_t chunk_free(struct rowchunk *c);

struct rowenc {
	struct rowbatch	*cur;
};

/* ---- batches (I/O thread) -------------------------------------------- */

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

struct rowenc *
rowenc_new(void)
{
	return xcalloc(1, sizeof(struct rowenc));
}

void
rowenc_reset(struct rowenc *e)
{
	rowbatch_free(&e->cur);
}

void
rowenc_free(struct rowenc **ep)
{
	struct rowenc *e = *ep;

	if (e == NULL)
		return;
	rowenc_reset(e);
	free(e);
	*ep = NULL;
}

void
rowenc_add(struct rowenc *e, const struct sentence *s)
{
	struct rowbatch *b;

	if (e->cur == NULL)
		e->cur = xcalloc(1, sizeof *e->cur);
	b = e->cur;
	if (s->raw != NULL) {
		batch_reserve(b, s->raw_len);
		memcpy(b->data + b->len, s->raw, s->raw_len);
		b->len += s->raw_len;
	} else {
		struct buf tmp;

		buf_init(&tmp);
		codec_put_words(&tmp, s->w, s->n);
		batch_reserve(b, tmp.len);
		memcpy(b->data + b->len, tmp.p, tmp.len);
		b->len += tmp.len;
		buf_free(&tmp);
	}
	b->nrows++;
}

void
rowenc_count(struct rowenc *e)
{
	if (e->cur == NULL)
		e->cur = xcalloc(1, sizeof *e->cur);
	e->cur->nrows++;
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

	if (b == NULL || b->nrows == 0)
		return NULL;
	e->cur = NULL;
	return b;
}

void
rowbatch_free(struct rowbatch **bp)
{
	struct rowbatch *b = *bp;

	if (b == NULL)
		return;
	free(b->data);
	free(b);
	*bp = NULL;
}

/* ---- encoded rows ---------------------------------------------------- */

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

/* ---- the store (consumer's thread) ----------------------------------- */

/* FNV-1a: column names are short. */
static uint32_t
name_hash(const char *p, uint32_t len)
{
	uint32_t h = 2166136261u, i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 16777619u;
	}
	return h;
}

/* Does w start with exactly name?  Column names are short: compare eight
 * bytes at a time instead of calling memcmp. */
static int
name_is(const char *w, const char *name, uint32_t len)
{
	uint64_t a, b;

	while (len >= 8) {
		memcpy(&a, w, 8);
		memcpy(&b, name, 8);
		if (a != b)
			return 0;
		w += 8;
		name += 8;
		len -= 8;
	}
	while (len-- > 0)
		if (*w++ != *name++)
			return 0;
	return 1;
}

static void
store_rehash(struct rowstore *rs)
{
	uint32_t i, cap = rs->hcap ? rs->hcap * 2 : 64;

	free(rs->hash);
	rs->hash = xcalloc(cap, sizeof *rs->hash);
	rs->hcap = cap;
	for (i = 0; i < rs->ncols; i++) {
		uint32_t h = name_hash(rs->cols[i], rs->collen[i]) & (cap - 1);

		while (rs->hash[h] != 0)
			h = (h + 1) & (cap - 1);
		rs->hash[h] = i + 1;
	}
}

/* Column id for a name, adding it if new. */
static uint32_t
store_intern(struct rowstore *rs, const char *p, uint32_t len)
{
	uint32_t h, id;

	if (rs->hcap == 0 || (rs->ncols + 1) * 2 > rs->hcap)
		store_rehash(rs);
	h = name_hash(p, len) & (rs->hcap - 1);
	while ((id = rs->hash[h]) != 0) {
		id--;
		if (rs->collen[id] == len && memcmp(rs->cols[id], p, len) == 0)
			return id;
		h = (h + 1) & (rs->hcap - 1);
	}
	if (rs->ncols == 0xFFFF)
		return 0xFFFF;	/* absurd column count: share one bucket */
	if (rs->ncols == rs->cols_cap) {
		rs->cols_cap = rs->cols_cap ? rs->cols_cap * 2 : 32;
		rs->cols = xreallocarray(rs->cols, rs->cols_cap,
		    sizeof *rs->cols);
		rs->collen = xreallocarray(rs->collen, rs->cols_cap,
		    sizeof *rs->collen);
	}
	id = rs->ncols++;
	rs->cols[id] = xstrndup(p, len);
	rs->collen[id] = len;
	rs->hash[h] = id + 1;
	return id;
}

/* need bytes at the end of the arena. */
static unsigned char *
store_space(struct rowstore *rs, size_t need)
{
	if (rs->nchunks == 0 || rs->chunk_size - rs->chunk_used < need) {
		size_t size = need > CHUNK_SIZE ? need : CHUNK_SIZE;
		void *mem = MAP_FAILED;
		struct rowchunk *c;

		if (rs->nchunks == rs->chunks_cap) {
			rs->chunks_cap = rs->chunks_cap ?
			    rs->chunks_cap * 2 : 16;
			rs->chunks = xreallocarray(rs->chunks, rs->chunks_cap,
			    sizeof *rs->chunks);
		}
		if (rs->nrows > 4096) {
			/* A big table maps its chunks itself: munmap gives
			 * the memory back to the system when the table goes
			 * (malloc would keep it after its mmap threshold
			 * grows), and huge pages cut the page faults. */
			mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
#ifdef MADV_HUGEPAGE
			if (mem != MAP_FAILED)
				madvise(mem, size, MADV_HUGEPAGE);
#endif
		}
		c = &rs->chunks[rs->nchunks++];
		c->mapped = mem != MAP_FAILED;
		if (mem == MAP_FAILED) {
			if (rs->nrows <= 4096 && size == CHUNK_SIZE)
				size = 64 * 1024 > need ? 64 * 1024 : need;
			mem = xmalloc(size);
		}
		c->mem = mem;
		c->size = size;
		c->row0 = (uint32_t)rs->nrows;
		rs->chunk_size = size;
		rs->chunk_used = 0;
		rs->bytes += size;
	}
	return rs->chunks[rs->nchunks - 1].mem + rs->chunk_used;
}

/* Encode the attribute words of one !re (w[0]) as a row. */
static void
store_row(struct rowstore *rs, const struct tword *w, size_t n)
{
	size_t i, need = 2;
	unsigned char *start, *p;
	uint16_t nf = 0;

	/* Words lie in order in one buffer: their span bounds their sizes. */
	if (n > 1)
		need += 7 * n + (size_t)(w[n - 1].p + w[n - 1].len - w[1].p);
	start = store_space(rs, need);
	p = start + 2;
	for (i = 1; i < n && nf < 0xFFFF; i++) {
		const char *wp = w[i].p;
		uint32_t wl = w[i].len, col, nl;
		struct tword val;
		uint16_t c16;

		/* Rows of a table mostly repeat the previous row's names. */
		if (nf < rs->npred && (nl = rs->collen[col = rs->pred[nf]]) +
		    2 <= wl && wp[0] == '=' && wp[nl + 1] == '=' &&
		    name_is(wp + 1, rs->cols[col], nl)) {
			val.p = wp + nl + 2;
			val.len = wl - nl - 2;
		} else {
			struct tword name;

			if (!word_attr(&w[i], &name, &val))
				continue;	/* .tag and other API words */
			col = store_intern(rs, name.p, name.len);
			if (nf >= rs->npred) {
				rs->pred = xreallocarray(rs->pred, nf + 1,
				    sizeof *rs->pred);
				rs->npred = nf + 1;
			}
			rs->pred[nf] = col;
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
		memcpy(p, val.p, val.len);
		p += val.len;
		nf++;
	}
	memcpy(start, &nf, 2);
	rs->chunk_used += (size_t)(p - start);
	if (rs->nrows == rs->rows_cap) {
		rs->rows_cap = rs->rows_cap ? rs->rows_cap * 2 : 1024;
		rs->rows = xreallocarray(rs->rows, rs->rows_cap,
		    sizeof *rs->rows);
	}
	rs->rows[rs->nrows++] = start;
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

	for (i = 0; i < rs->nchunks; i++)
		chunk_free(&rs->chunks[i]);
	free(rs->chunks);
	for (i = 0; i < rs->ncols; i++)
		free(rs->cols[i]);
	free(rs->cols);
	free(rs->collen);
	free(rs->hash);
	free(rs->pred);
	free(rs->rows);
	free(rs->words);
	rowstore_init(rs);
}

size_t
rowstore_add(struct rowstore *rs, struct rowbatch **bp)
{
	struct rowbatch *b = *bp;
	const unsigned char *p, *end;
	size_t before = rs->nrows;

	*bp = NULL;
	if (b == NULL)
		return 0;
	/* The I/O thread's decoder checked these bytes; stay bounded anyway. */
	p = b->data;
	end = b->data + b->len;
	while (p < end) {
		size_t n = 0;

		for (;;) {
			uint32_t len;
			int r;

			if (*p < 0x80) {	/* the common one-byte length */
				len = *p;
				r = 1;
			} else
				r = codec_len_decode(p, (size_t)(end - p),
				    &len);
			if (r <= 0 || len > (size_t)(end - p) - (size_t)r)
				goto out;
			p += r;
			if (len == 0)
				break;
			if (n == rs->words_cap) {
				rs->words_cap = rs->words_cap ?
				    rs->words_cap * 2 : 32;
				rs->words = xreallocarray(rs->words,
				    rs->words_cap, sizeof *rs->words);
			}
			rs->words[n].p = (const char *)p;
			rs->words[n].len = len;
			n++;
			p += len;
		}
		if (n > 0)
			store_row(rs, rs->words, n);
	}
out:
	rowbatch_free(&b);
	return rs->nrows - before;
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
	    rs->chunks_cap * sizeof *rs->chunks;
}

/* Unmap or free a chunk; returns its size (0 if already released). */
static size_t
chunk_free(struct rowchunk *c)
{
	size_t size = c->size;

	if (c->mem == NULL)
		return 0;
	if (c->mapped)
		munmap(c->mem, c->size);
	else
		free(c->mem);
	c->mem = NULL;
	c->size = 0;
	return size;
}

size_t
rowstore_chunk_of(const struct rowstore *rs, size_t i)
{
	size_t lo = 0, hi = rs->nchunks;

	/* the last chunk whose row0 <= i */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (rs->chunks[mid].row0 <= i)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

size_t
rowstore_chunk_end(const struct rowstore *rs, size_t c)
{
	return c + 1 < rs->nchunks ? rs->chunks[c + 1].row0 : rs->nrows;
}

size_t
rowstore_release_chunk(struct rowstore *rs, size_t c)
{
	size_t n;

	if (c >= rs->nchunks)
		return 0;
	n = chunk_free(&rs->chunks[c]);
	rs->bytes -= n;
	if (c + 1 == rs->nchunks)
		rs->chunk_size = rs->chunk_used = 0;	/* next row: new chunk */
	return n;
}
