/* codec.c: RouterOS API word/sentence encoding and incremental decoding. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"

/* Offsets of a word inside the current sentence (relative to its start). */
struct wofs {
	uint64_t	off;
	uint32_t	len;
};

struct codec {
	struct codec_limits	 lim;
	unsigned char		*buf;
	size_t			 cap;
	size_t			 start;	/* first byte of the current sentence */
	size_t			 scan;	/* next word to parse */
	size_t			 end;	/* bytes filled */
	uint64_t		 base;	/* stream offset of buf[0] */
	struct wofs		*wo;
	size_t			 nw;
	size_t			 wcap;
	struct tword		*words;	/* the sentence handed out */
	size_t			 words_cap;
	int			 consumed; /* last sentence returned, drop it */
	int			 err;
	uint64_t		 erroff;
	char			 errmsg[192];
};

const struct codec_limits codec_default_limits = {
	64u * 1024 * 1024,
	256ull * 1024 * 1024,
	1024 * 1024
};

static void codec_drop_consumed(struct codec *c);
static enum codec_result codec_fail(struct codec *c, size_t at,
    const char *fmt, ...) TD_PRINTF(3, 4);

size_t
codec_len_encode(uint32_t len, unsigned char out[CODEC_LEN_MAX])
{
	if (len < 0x80) {
		out[0] = (unsigned char)len;
		return 1;
	}
	if (len < 0x4000) {
		out[0] = (unsigned char)((len >> 8) | 0x80);
		out[1] = (unsigned char)len;
		return 2;
	}
	if (len < 0x200000) {
		out[0] = (unsigned char)((len >> 16) | 0xC0);
		out[1] = (unsigned char)(len >> 8);
		out[2] = (unsigned char)len;
		return 3;
	}
	if (len < 0x10000000) {
		out[0] = (unsigned char)((len >> 24) | 0xE0);
		out[1] = (unsigned char)(len >> 16);
		out[2] = (unsigned char)(len >> 8);
		out[3] = (unsigned char)len;
		return 4;
	}
	out[0] = 0xF0;
	out[1] = (unsigned char)(len >> 24);
	out[2] = (unsigned char)(len >> 16);
	out[3] = (unsigned char)(len >> 8);
	out[4] = (unsigned char)len;
	return 5;
}

int
codec_len_decode(const unsigned char *p, size_t n, uint32_t *len)
{
	unsigned char b;

	if (n == 0)
		return 0;
	b = p[0];
	if ((b & 0x80) == 0) {
		*len = b;
		return 1;
	}
	if ((b & 0xC0) == 0x80) {
		if (n < 2)
			return 0;
		*len = ((uint32_t)(b & 0x3F) << 8) | p[1];
		return 2;
	}
	if ((b & 0xE0) == 0xC0) {
		if (n < 3)
			return 0;
		*len = ((uint32_t)(b & 0x1F) << 16) | ((uint32_t)p[1] << 8) |
		    p[2];
		return 3;
	}
	if ((b & 0xF0) == 0xE0) {
		if (n < 4)
			return 0;
		*len = ((uint32_t)(b & 0x0F) << 24) | ((uint32_t)p[1] << 16) |
		    ((uint32_t)p[2] << 8) | p[3];
		return 4;
	}
	if (b == 0xF0) {
		if (n < 5)
			return 0;
		*len = ((uint32_t)p[1] << 24) | ((uint32_t)p[2] << 16) |
		    ((uint32_t)p[3] << 8) | p[4];
		return 5;
	}
	return -1;
}

void
codec_put_word(struct buf *b, const void *p, uint32_t len)
{
	unsigned char pre[CODEC_LEN_MAX];
	size_t n = codec_len_encode(len, pre);

	buf_reserve(b, n + len);
	memcpy(b->p + b->len, pre, n);
	if (len)
		memcpy(b->p + b->len + n, p, len);
	b->len += n + len;
	b->p[b->len] = '\0';
}

void
codec_put_str(struct buf *b, const char *s)
{
	codec_put_word(b, s, (uint32_t)strlen(s));
}

void
codec_put_words(struct buf *b, const struct tword *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		codec_put_word(b, w[i].p, w[i].len);
	codec_put_word(b, NULL, 0);
}

struct codec *
codec_new(const struct codec_limits *lim)
{
	struct codec *c = xcalloc(1, sizeof *c);

	c->lim = lim != NULL ? *lim : codec_default_limits;
	return c;
}

void
codec_free(struct codec **cp)
{
	struct codec *c = *cp;

	if (c == NULL)
		return;
	free(c->buf);
	free(c->wo);
	free(c->words);
	free(c);
	*cp = NULL;
}

void
codec_reset(struct codec *c)
{
	c->start = c->scan = c->end = 0;
	c->base = 0;
	c->nw = 0;
	c->consumed = 0;
	c->err = 0;
	c->erroff = 0;
	c->errmsg[0] = '\0';
}

/* Forget the sentence handed out by the last codec_next(). */
static void
codec_drop_consumed(struct codec *c)
{
	if (!c->consumed)
		return;
	c->consumed = 0;
	c->start = c->scan;
	c->nw = 0;
	if (c->start == c->end) {
		c->base += c->start;
		c->start = c->scan = c->end = 0;
	}
}

unsigned char *
codec_space(struct codec *c, size_t want, size_t *avail)
{
	size_t need;

	codec_drop_consumed(c);
	if (want == 0)
		want = 1;
	if (c->cap - c->end < want && c->start > 0) {
		memmove(c->buf, c->buf + c->start, c->end - c->start);
		c->base += c->start;
		c->end -= c->start;
		c->scan -= c->start;
		c->start = 0;
	}
	need = c->end + want;
	if (need > c->cap) {
		size_t cap = c->cap ? c->cap : 65536;

		while (cap < need)
			cap *= 2;
		c->buf = xrealloc(c->buf, cap);
		c->cap = cap;
	}
	*avail = c->cap - c->end;
	return c->buf + c->end;
}

void
codec_commit(struct codec *c, size_t n)
{
	if (n > c->cap - c->end)
		fatalx("codec_commit past the end of the buffer");
	c->end += n;
}

void
codec_feed(struct codec *c, const void *p, size_t n)
{
	size_t avail;
	unsigned char *dst = codec_space(c, n, &avail);

	if (n)
		memcpy(dst, p, n);
	codec_commit(c, n);
}

static enum codec_result
codec_fail(struct codec *c, size_t at, const char *fmt, ...)
{
	va_list ap;
	char what[128];

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	c->err = 1;
	c->erroff = c->base + at;
	snprintf(c->errmsg, sizeof c->errmsg, "%s at byte %" PRIu64, what,
	    c->erroff);
	return CODEC_ERROR;
}

enum codec_result
codec_next(struct codec *c, struct sentence *out)
{
	const unsigned char *buf = c->buf;
	size_t i, scan, end, start, nw;

	if (c->err)
		return CODEC_ERROR;
	codec_drop_consumed(c);
	/* Locals on the hot path: this loop runs once per word. */
	scan = c->scan;
	end = c->end;
	start = c->start;
	nw = c->nw;
	for (;;) {
		uint32_t len;
		int r;

		if (scan == end)	/* buf may still be NULL */
			goto more;
		if (buf[scan] < 0x80) {
			len = buf[scan];
			r = 1;
		} else {
			r = codec_len_decode(buf + scan, end - scan, &len);
			if (r == 0)
				goto more;
			if (r < 0) {
				c->scan = scan;
				c->nw = nw;
				return codec_fail(c, scan, "reserved control "
				    "byte 0x%02X in a length prefix",
				    buf[scan]);
			}
		}
		if (len == 0) {
			scan += 1;
			if (nw == 0) {	/* empty sentence: ignore */
				start = scan;
				continue;
			}
			break;
		}
		if (len > c->lim.max_word) {
			c->nw = nw;
			return codec_fail(c, scan, "word of %" PRIu32 " bytes "
			    "exceeds the limit of %" PRIu32, len,
			    c->lim.max_word);
		}
		if ((uint64_t)(scan - start) + (uint64_t)r + len >
		    c->lim.max_sentence) {
			c->nw = nw;
			return codec_fail(c, start, "sentence longer than the "
			    "limit of %" PRIu64 " bytes", c->lim.max_sentence);
		}
		if (nw >= c->lim.max_words) {
			c->nw = nw;
			return codec_fail(c, scan, "sentence has more than %"
			    PRIu32 " words", c->lim.max_words);
		}
		if ((size_t)r + len > end - scan)
			goto more;
		if (nw == c->wcap) {
			c->wcap = c->wcap ? c->wcap * 2 : 32;
			c->wo = xreallocarray(c->wo, c->wcap, sizeof *c->wo);
		}
		c->wo[nw].off = scan + (size_t)r - start;
		c->wo[nw].len = len;
		nw++;
		scan += (size_t)r + len;
	}
	c->scan = scan;
	c->start = start;
	c->nw = nw;
	if (nw > c->words_cap) {
		c->words_cap = c->wcap;
		c->words = xreallocarray(c->words, c->words_cap,
		    sizeof *c->words);
	}
	for (i = 0; i < nw; i++) {
		c->words[i].p = (const char *)buf + start + c->wo[i].off;
		c->words[i].len = c->wo[i].len;
	}
	out->w = c->words;
	out->n = nw;
	out->off = c->base + start;
	out->raw = (const char *)buf + start;
	out->raw_len = scan - start;
	c->consumed = 1;
	return CODEC_SENTENCE;
more:
	c->scan = scan;
	c->start = start;
	c->nw = nw;
	return CODEC_MORE;
}

const char *
codec_error(const struct codec *c)
{
	return c->err ? c->errmsg : NULL;
}

uint64_t
codec_error_offset(const struct codec *c)
{
	return c->erroff;
}

size_t
codec_pending(const struct codec *c)
{
	return c->end - (c->consumed ? c->scan : c->start);
}

/* ---- reply sentences ------------------------------------------------- */

static const struct {
	const char	*word;
	enum reply_type	 type;
} reply_words[] = {
	{ "!re", REPLY_RE },
	{ "!done", REPLY_DONE },
	{ "!trap", REPLY_TRAP },
	{ "!fatal", REPLY_FATAL },
	{ "!empty", REPLY_EMPTY },
};

void
reply_parse(const struct sentence *s, struct reply *r)
{
	size_t i;

	r->type = REPLY_UNKNOWN;
	r->has_tag = 0;
	r->tag.p = NULL;
	r->tag.len = 0;
	if (s->n == 0)
		return;
	for (i = 0; i < TD_ARRAY_LEN(reply_words); i++) {
		if (word_eq(&s->w[0], reply_words[i].word)) {
			r->type = reply_words[i].type;
			break;
		}
	}
	for (i = 1; i < s->n; i++) {
		if (word_prefix(&s->w[i], ".tag=")) {
			r->has_tag = 1;
			r->tag.p = s->w[i].p + 5;
			r->tag.len = s->w[i].len - 5;
			break;
		}
	}
}

const char *
reply_type_name(enum reply_type t)
{
	size_t i;

	for (i = 0; i < TD_ARRAY_LEN(reply_words); i++)
		if (reply_words[i].type == t)
			return reply_words[i].word;
	return "unknown";
}

int
word_attr(const struct tword *w, struct tword *name, struct tword *value)
{
	const char *eq;

	if (w->len < 2 || w->p[0] != '=')
		return 0;
	eq = memchr(w->p + 1, '=', w->len - 1);
	name->p = w->p + 1;
	if (eq == NULL) {
		name->len = w->len - 1;
		value->p = w->p + w->len;
		value->len = 0;
	} else {
		name->len = (uint32_t)(eq - (w->p + 1));
		value->p = eq + 1;
		value->len = (uint32_t)(w->p + w->len - (eq + 1));
	}
	return 1;
}

int
sentence_attr(const struct sentence *s, const char *name, struct tword *value)
{
	size_t i, nlen = strlen(name);
	struct tword n;

	for (i = 1; i < s->n; i++) {
		if (word_attr(&s->w[i], &n, value) && n.len == nlen &&
		    memcmp(n.p, name, nlen) == 0)
			return 1;
	}
	return 0;
}

int
word_eq(const struct tword *w, const char *s)
{
	size_t n = strlen(s);

	return w->len == n && memcmp(w->p, s, n) == 0;
}

int
word_prefix(const struct tword *w, const char *s)
{
	size_t n = strlen(s);

	return w->len >= n && memcmp(w->p, s, n) == 0;
}

char *
word_dup(const struct tword *w)
{
	char *p = xmalloc((size_t)w->len + 1);

	if (w->len)
		memcpy(p, w->p, w->len);
	p[w->len] = '\0';
	return p;
}

struct tword
word_str(const char *s)
{
	struct tword w;

	w.p = s;
	w.len = (uint32_t)strlen(s);
	return w;
}
