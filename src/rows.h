/*
 * rows.h: reply rows, from the wire to a compact table.
 *
 * The I/O thread only copies the wire bytes of !re sentences into a batch
 * (rowenc, one per request): cheap, so one I/O thread keeps up with
 * loopback and with many routers.  The batch travels to the consumer's
 * thread in an event, where rowstore_add() turns it into compact rows: one
 * arena of encoded rows, column names interned once per table.  Decoding is
 * split this way so the two threads share the work of a big reply.
 *
 * Encoded row: u16 field count, then per field u16 column id, a length
 * (1 byte if < 255, else 0xFF + u32) and the value bytes.
 */
#ifndef TIKDECK_ROWS_H
#define TIKDECK_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "codec.h"

/* Whole !re sentences in wire format (.tag included), as received. */
struct rowbatch {
	uint32_t	 nrows;
	unsigned char	*data;
	size_t		 len;
	size_t		 cap;
};

void rowbatch_free(struct rowbatch **b);

/* Per-request batch builder that lives in the I/O thread. */
struct rowenc;

struct rowenc *rowenc_new(void);
void rowenc_free(struct rowenc **e);
/* Add a !re sentence (its raw bytes when it came from a decoder). */
void rowenc_add(struct rowenc *e, const struct sentence *s);
/* Count a !re without keeping it (the batch carries only nrows). */
void rowenc_count(struct rowenc *e);
/* Rows / bytes added since the last take. */
uint32_t rowenc_pending(const struct rowenc *e);
size_t rowenc_pending_bytes(const struct rowenc *e);
/* Hand over the open batch (NULL if empty). */
struct rowbatch *rowenc_take(struct rowenc *e);
/* Drop what is pending (a re-issued stream starts over). */
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

/* One arena chunk: rows row0 .. the next chunk's row0 - 1 lie in it. */
struct rowchunk {
	unsigned char	*mem;		/* NULL once released */
	size_t		 size;
	uint32_t	 row0;		/* first row stored in it */
	int		 mapped;	/* mmap'd (else malloc'd) */
};

/* A table of rows of one request. */
struct rowstore {
	struct rowchunk	 *chunks;	/* arena of encoded rows */
	size_t		  nchunks;
	size_t		  chunks_cap;
	size_t		  chunk_used;	/* bytes used in the last chunk */
	size_t		  chunk_size;	/* size of the last chunk */
	const unsigned char **rows;	/* row i starts at rows[i] */
	size_t		  nrows;
	size_t		  rows_cap;
	char		**cols;		/* column id -> name */
	uint32_t	 *collen;
	uint32_t	  ncols;
	uint32_t	  cols_cap;
	uint32_t	 *hash;		/* name -> id + 1, open addressing */
	uint32_t	  hcap;
	uint32_t	 *pred;		/* column seen at each field position */
	uint32_t	  npred;
	size_t		  bytes;	/* arena bytes allocated */
	struct tword	 *words;	/* scratch for rowstore_add */
	size_t		  words_cap;
};

void rowstore_init(struct rowstore *rs);
void rowstore_clear(struct rowstore *rs);
/* Decode a batch into rows (takes ownership, *b is cleared).  Returns the
 * number of rows added. */
size_t rowstore_add(struct rowstore *rs, struct rowbatch **b);
/* Column id of name, or -1. */
int rowstore_col(const struct rowstore *rs, const char *name);
/* Value of column col in row i; returns 0 when the row lacks it. */
int rowstore_get(const struct rowstore *rs, size_t i, uint32_t col,
    struct tword *val);
/* Memory held, for the benchmarks and the memory target. */
size_t rowstore_memory(const struct rowstore *rs);
/* The chunk holding row i (i < nrows); its rows are [row0, row_end). */
size_t rowstore_chunk_of(const struct rowstore *rs, size_t i);
size_t rowstore_chunk_end(const struct rowstore *rs, size_t c);
/* Give chunk c back to the system.  Its rows become invalid: the caller
 * guarantees nothing reads them again (rowstore_get on them is undefined).
 * Rows added later go to a new chunk.  Returns the bytes released. */
size_t rowstore_release_chunk(struct rowstore *rs, size_t c);

#endif
