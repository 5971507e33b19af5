/*
 * rows.h: compact row storage for replies.
 *
 * The I/O thread encodes !re sentences into row batches (rowenc); batches
 * travel to the UI thread in events and are adopted, without copying, by a
 * rowstore.  Column names are interned per request: a batch carries only the
 * names it introduced, ids continue across batches of one request.
 *
 * Row encoding inside a batch: u16 field count, then per field u16 column id,
 * a length (1 byte if < 255, else 0xFF + u32 little-endian) and the bytes.
 */
#ifndef TIKDECK_ROWS_H
#define TIKDECK_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "codec.h"

struct rowbatch {
	uint32_t	 nrows;
	uint32_t	 col_base;	/* id of cols_new[0] */
	uint32_t	 ncols_new;
	char		**cols_new;
	unsigned char	*data;
	size_t		 len;
	size_t		 cap;
};

void rowbatch_free(struct rowbatch **b);

/* Per-request encoder that lives in the I/O thread. */
struct rowenc;

struct rowenc *rowenc_new(void);
void rowenc_free(struct rowenc **e);
/* Add a !re (or !done) sentence's attribute words as one row (.tag and other
 * API words are skipped).  A batch is started if none is open. */
void rowenc_add(struct rowenc *e, const struct sentence *s);
/* Rows added since the last take. */
uint32_t rowenc_pending(const struct rowenc *e);
size_t rowenc_pending_bytes(const struct rowenc *e);
/* Hand over the open batch (NULL if empty). */
struct rowbatch *rowenc_take(struct rowenc *e);
/* Forget columns and rows (a re-issued stream starts over). */
void rowenc_reset(struct rowenc *e);

/* One field of a row. */
struct field {
	uint32_t	 col;
	struct tword	 val;
};

/* Walk the fields of an encoded row. */
struct rowcur {
	const unsigned char	*p;
	uint32_t		 left;
};

/* Start at row data p; returns the number of fields. */
uint32_t rowcur_init(struct rowcur *c, const unsigned char *p);
int rowcur_next(struct rowcur *c, struct field *f);
/* Bytes one encoded row takes. */
size_t row_size(const unsigned char *p);

/* A table of rows from one or more batches of the same request. */
struct rowstore {
	struct rowbatch	**batches;
	size_t		  nbatches;
	size_t		  batches_cap;
	const unsigned char **rows;	/* row i starts at rows[i] */
	size_t		  nrows;
	size_t		  rows_cap;
	char		**cols;		/* column id -> name */
	uint32_t	  ncols;
	uint32_t	  cols_cap;
	size_t		  bytes;	/* encoded bytes held */
};

void rowstore_init(struct rowstore *rs);
void rowstore_clear(struct rowstore *rs);
/* Adopt a batch (takes ownership, *b is cleared). */
void rowstore_add(struct rowstore *rs, struct rowbatch **b);
/* Column id of name, or -1. */
int rowstore_col(const struct rowstore *rs, const char *name);
/* Value of column col in row i; returns 0 when the row lacks it. */
int rowstore_get(const struct rowstore *rs, size_t i, uint32_t col,
    struct tword *val);
/* Approximate memory held, for the benchmarks. */
size_t rowstore_memory(const struct rowstore *rs);

#endif
