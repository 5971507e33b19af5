/* testrows.c: rows for unit tests (testrows.h). */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "testrows.h"
#include "util.h"

struct rowbatch *
test_batch(const char *first, ...)
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
