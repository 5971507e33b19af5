/* output.c: table, JSON, CSV and raw output for batch mode. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "output.h"

static void out_row_json(struct output *o, const struct rowstore *rs,
    size_t i, struct buf *b);
static void out_row_csv(struct output *o, const struct rowstore *rs,
    size_t i, struct buf *b);
static void out_row_raw(struct output *o, const struct rowstore *rs,
    size_t i, struct buf *b);
static void out_row_line(struct output *o, const struct rowstore *rs,
    size_t i, struct buf *b);
static void out_csv_header(struct output *o, const struct rowstore *rs,
    struct buf *b);
static void out_table(struct output *o, const struct rowstore *rs);
static uint32_t *out_col_order(const struct rowstore *rs);

void
output_init(struct output *o, FILE *f, enum out_format fmt, enum charset cs,
    int streaming)
{
	memset(o, 0, sizeof *o);
	o->f = f;
	o->fmt = fmt;
	o->cs = cs;
	o->streaming = streaming;
}

void
json_put_string(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	buf_addc(b, '"');
	while (i < n) {
		unsigned char ch = p[i];
		size_t l;

		if (ch == '"' || ch == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)ch);
			i++;
		} else if (ch < 0x20 || ch == 0x7F) {
			switch (ch) {
			case '\n':
				buf_adds(b, "\\n");
				break;
			case '\t':
				buf_adds(b, "\\t");
				break;
			case '\r':
				buf_adds(b, "\\r");
				break;
			default:
				buf_printf(b, "\\u%04x", ch);
				break;
			}
			i++;
		} else if (ch < 0x80) {
			buf_addc(b, (char)ch);
			i++;
		} else if ((l = utf8_seq_len(p + i, n - i)) > 0) {
			buf_add(b, p + i, l);
			i += l;
		} else {
			buf_printf(b, "\\udc%02x", ch);
			i++;
		}
	}
	buf_addc(b, '"');
}

void
csv_put_field(struct buf *b, const char *p, size_t n)
{
	size_t i;

	if (memchr(p, ',', n) == NULL && memchr(p, '"', n) == NULL &&
	    memchr(p, '\n', n) == NULL && memchr(p, '\r', n) == NULL) {
		buf_add(b, p, n);
		return;
	}
	buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		if (p[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, p[i]);
	}
	buf_addc(b, '"');
}

/* Columns in display order: .id first, then as they first appeared. */
static uint32_t *
out_col_order(const struct rowstore *rs)
{
	uint32_t *ord = xcalloc(rs->ncols + 1, sizeof *ord), i, n = 0;
	int id = rowstore_col(rs, ".id");

	if (id >= 0)
		ord[n++] = (uint32_t)id;
	for (i = 0; i < rs->ncols; i++)
		if ((int)i != id)
			ord[n++] = i;
	return ord;
}

static void
out_row_json(struct output *o, const struct rowstore *rs, size_t i,
    struct buf *b)
{
	struct rowcur c;
	struct field f;
	int first = 1;

	buf_adds(b, o->json_open++ ? ",\n  {" : "[\n  {");
	rowcur_init(&c, rs->rows[i]);
	while (rowcur_next(&c, &f)) {
		const char *name = f.col < rs->ncols ? rs->cols[f.col] : "?";

		if (!first)
			buf_adds(b, ", ");
		first = 0;
		json_put_string(b, name, strlen(name));
		buf_adds(b, ": ");
		json_put_string(b, f.val.p, f.val.len);
	}
	buf_addc(b, '}');
}

static void
out_csv_header(struct output *o, const struct rowstore *rs, struct buf *b)
{
	uint32_t *ord = out_col_order(rs), i;

	for (i = 0; i < rs->ncols; i++) {
		if (i)
			buf_addc(b, ',');
		csv_put_field(b, rs->cols[ord[i]], strlen(rs->cols[ord[i]]));
	}
	buf_adds(b, "\r\n");
	o->csv_cols = rs->ncols;
	free(ord);
}

static void
out_row_csv(struct output *o, const struct rowstore *rs, size_t i,
    struct buf *b)
{
	uint32_t *ord = out_col_order(rs), k;

	if (o->csv_cols != rs->ncols)
		out_csv_header(o, rs, b);
	for (k = 0; k < rs->ncols; k++) {
		struct tword v;

		if (k)
			buf_addc(b, ',');
		if (rowstore_get(rs, i, ord[k], &v))
			csv_put_field(b, v.p, v.len);
	}
	buf_adds(b, "\r\n");
	free(ord);
}

static void
out_row_raw(struct output *o, const struct rowstore *rs, size_t i,
    struct buf *b)
{
	struct rowcur c;
	struct field f;

	(void)o;
	buf_adds(b, "!re\n");
	rowcur_init(&c, rs->rows[i]);
	while (rowcur_next(&c, &f)) {
		buf_addc(b, '=');
		buf_adds(b, f.col < rs->ncols ? rs->cols[f.col] : "?");
		buf_addc(b, '=');
		buf_add(b, f.val.p, f.val.len);
		buf_addc(b, '\n');
	}
	buf_addc(b, '\n');
}

/* A streamed row in table mode: name=value pairs on one line. */
static void
out_row_line(struct output *o, const struct rowstore *rs, size_t i,
    struct buf *b)
{
	struct rowcur c;
	struct field f;
	int first = 1;

	rowcur_init(&c, rs->rows[i]);
	while (rowcur_next(&c, &f)) {
		if (!first)
			buf_addc(b, ' ');
		first = 0;
		buf_adds(b, f.col < rs->ncols ? rs->cols[f.col] : "?");
		buf_addc(b, '=');
		if (memchr(f.val.p, ' ', f.val.len) != NULL || f.val.len == 0) {
			buf_addc(b, '"');
			text_to_utf8(b, f.val.p, f.val.len, o->cs, 1);
			buf_addc(b, '"');
		} else
			text_to_utf8(b, f.val.p, f.val.len, o->cs, 1);
	}
	buf_addc(b, '\n');
}

void
output_rows(struct output *o, const struct rowstore *rs)
{
	struct buf b;
	size_t i;

	if (!o->streaming)
		return;
	buf_init(&b);
	for (i = o->done_rows; i < rs->nrows; i++) {
		switch (o->fmt) {
		case OUT_TABLE:
			out_row_line(o, rs, i, &b);
			break;
		case OUT_JSON:
			out_row_json(o, rs, i, &b);
			break;
		case OUT_CSV:
			out_row_csv(o, rs, i, &b);
			break;
		case OUT_RAW:
			out_row_raw(o, rs, i, &b);
			break;
		}
		if (b.len > 65536) {
			fwrite(b.p, 1, b.len, o->f);
			buf_reset(&b);
		}
	}
	o->done_rows = rs->nrows;
	if (b.len)
		fwrite(b.p, 1, b.len, o->f);
	buf_free(&b);
	fflush(o->f);
}

static void
out_table(struct output *o, const struct rowstore *rs)
{
	uint32_t *ord = out_col_order(rs), k;
	size_t *width = xcalloc(rs->ncols + 1, sizeof *width), i;
	struct buf b, cell;

	buf_init(&b);
	buf_init(&cell);
	for (k = 0; k < rs->ncols; k++)
		width[k] = text_width(rs->cols[ord[k]]);
	for (i = 0; i < rs->nrows; i++) {
		for (k = 0; k < rs->ncols; k++) {
			struct tword v;
			size_t w;

			if (!rowstore_get(rs, i, ord[k], &v))
				continue;
			buf_reset(&cell);
			text_to_utf8(&cell, v.p, v.len, o->cs, 1);
			w = text_width(cell.p != NULL ? cell.p : "");
			if (w > width[k])
				width[k] = w;
		}
	}
	for (k = 0; k < rs->ncols; k++) {
		buf_adds(&b, rs->cols[ord[k]]);
		if (k + 1 < rs->ncols)
			buf_printf(&b, "%*s", (int)(width[k] + 2 -
			    text_width(rs->cols[ord[k]])), "");
	}
	if (rs->ncols)
		buf_addc(&b, '\n');
	for (i = 0; i < rs->nrows; i++) {
		size_t pad = 0;

		for (k = 0; k < rs->ncols; k++) {
			struct tword v;

			buf_reset(&cell);
			if (rowstore_get(rs, i, ord[k], &v))
				text_to_utf8(&cell, v.p, v.len, o->cs, 1);
			if (cell.len) {
				buf_printf(&b, "%*s", (int)pad, "");
				buf_add(&b, cell.p, cell.len);
				pad = 0;
			}
			pad += width[k] + 2 - (cell.len ?
			    text_width(cell.p) : 0);
		}
		buf_addc(&b, '\n');
		if (b.len > 65536) {
			fwrite(b.p, 1, b.len, o->f);
			buf_reset(&b);
		}
	}
	if (b.len)
		fwrite(b.p, 1, b.len, o->f);
	buf_free(&b);
	buf_free(&cell);
	free(width);
	free(ord);
}

void
output_finish(struct output *o, const struct rowstore *rs)
{
	if (!o->streaming) {
		o->streaming = 1;
		if (o->fmt == OUT_TABLE) {
			out_table(o, rs);
			o->done_rows = rs->nrows;
		} else
			output_rows(o, rs);
		o->streaming = 0;
	}
	if (o->fmt == OUT_JSON)
		fputs(o->json_open ? "\n]\n" : "[]\n", o->f);
	fflush(o->f);
}

void
output_raw_reply(struct output *o, const char *word, const char *attr,
    const char *value)
{
	fprintf(o->f, "%s\n", word);
	if (attr != NULL)
		fprintf(o->f, "=%s=%s\n", attr, value);
	fputc('\n', o->f);
	fflush(o->f);
}
