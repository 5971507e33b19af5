/*
 * output.h: batch-mode output of reply rows: an aligned table, JSON, CSV or
 * raw API words.  JSON is binary-safe: bytes that are not valid UTF-8 are
 * written as lone surrogates \udcXX (Python's "surrogateescape"), never
 * dropped, so the exact bytes can be recovered.
 */
#ifndef TIKDECK_OUTPUT_H
#define TIKDECK_OUTPUT_H

#include <stdio.h>

#include "cli.h"
#include "rows.h"
#include "text.h"

struct output {
	FILE		*f;
	enum out_format	 fmt;
	enum charset	 cs;
	int		 streaming;	/* print rows as they arrive */
	size_t		 done_rows;	/* rows already printed */
	int		 json_open;
	uint32_t	 csv_cols;	/* columns in the last CSV header */
};

void output_init(struct output *o, FILE *f, enum out_format fmt,
    enum charset cs, int streaming);
/* Print rows [o->done_rows, rs->nrows) if streaming. */
void output_rows(struct output *o, const struct rowstore *rs);
/* Print the whole table (non-streaming) and close the document. */
void output_finish(struct output *o, const struct rowstore *rs);
/* Raw format: the closing reply words. */
void output_raw_reply(struct output *o, const char *word, const char *attr,
    const char *value);

/* JSON string with escapes (used by tests and other writers). */
void json_put_string(struct buf *b, const char *p, size_t n);
/* CSV field with RFC 4180 quoting. */
void csv_put_field(struct buf *b, const char *p, size_t n);

#endif
