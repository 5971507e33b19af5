/*
 * fuzz_codec.c: arbitrary bytes into the sentence decoder.
 *
 * The input is a byte stream from a router.  It is decoded whole and again
 * in pseudo-random chunks (sizes derived from the input, fed alternately
 * through codec_feed and codec_space/codec_commit), with the default limits
 * and with small ones; every way must give the same sentences and the same
 * error.  Each sentence is walked with reply_parse and word_attr, then the
 * sentences are re-encoded and must decode back to themselves.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "fuzz.h"

static const struct codec_limits fuzz_small_limits = { 300, 1000, 8 };

static uint64_t fuzz_hash(const uint8_t *p, size_t n);
static size_t fuzz_chunk(uint64_t *seed, size_t left);
static void fuzz_walk(const struct sentence *s);
static void fuzz_decode(const uint8_t *data, size_t size,
    const struct codec_limits *lim, uint64_t seed, struct buf *log,
    struct buf *re);

/* FNV-1a: the chunking is a function of the input, so runs reproduce. */
static uint64_t
fuzz_hash(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Next chunk size: mostly small (splits inside prefixes), sometimes big. */
static size_t
fuzz_chunk(uint64_t *seed, size_t left)
{
	size_t n;

	*seed ^= *seed << 13;
	*seed ^= *seed >> 7;
	*seed ^= *seed << 17;
	switch (*seed % 4) {
	case 0:
		n = 1;
		break;
	case 1:
		n = 1 + (size_t)(*seed >> 8) % 7;
		break;
	case 2:
		n = 1 + (size_t)(*seed >> 8) % 300;
		break;
	default:
		n = 1 + (size_t)(*seed >> 8) % 70000;
		break;
	}
	return n < left ? n : left;
}

/* Check one sentence's words and what reply_parse makes of them. */
static void
fuzz_walk(const struct sentence *s)
{
	struct reply r;
	struct tword name, value, v;
	size_t i;

	FUZZ_CHECK(s->n > 0);
	reply_parse(s, &r);
	FUZZ_CHECK(reply_type_name(r.type) != NULL);
	if (r.type != REPLY_UNKNOWN)
		FUZZ_CHECK(word_eq(&s->w[0], reply_type_name(r.type)));
	if (r.has_tag) {
		FUZZ_CHECK(r.tag.p != NULL);
		for (i = 1; i < s->n; i++)
			if (r.tag.p == s->w[i].p + 5 &&
			    r.tag.len == s->w[i].len - 5)
				break;
		FUZZ_CHECK(i < s->n);
	}
	for (i = 0; i < s->n; i++) {
		FUZZ_CHECK(s->w[i].len > 0);
		if (!word_attr(&s->w[i], &name, &value))
			continue;
		FUZZ_CHECK(name.p == s->w[i].p + 1);
		FUZZ_CHECK(memchr(name.p, '=', name.len) == NULL);
		FUZZ_CHECK(value.p + value.len == s->w[i].p + s->w[i].len);
		FUZZ_CHECK(name.len + value.len + 1 + (value.p > name.p +
		    name.len) == s->w[i].len);
	}
	(void)sentence_attr(s, "message", &v);
	(void)sentence_attr(s, "ret", &v);
}

/* Decode data in chunks from seed (0: all at once); log gets each
 * sentence with its offset and the final error, re the sentences
 * re-encoded. */
static void
fuzz_decode(const uint8_t *data, size_t size, const struct codec_limits *lim,
    uint64_t seed, struct buf *log, struct buf *re)
{
	struct codec *c = codec_new(lim);
	struct sentence s;
	enum codec_result r = CODEC_MORE;
	size_t off = 0, n, avail;
	unsigned char *dst;
	int turn = 0;

	while (off < size && r != CODEC_ERROR) {
		n = seed == 0 ? size : fuzz_chunk(&seed, size - off);
		if (turn++ % 2 == 0)
			codec_feed(c, data + off, n);
		else {
			dst = codec_space(c, n, &avail);
			FUZZ_CHECK(avail >= n);
			memcpy(dst, data + off, n);
			codec_commit(c, n);
		}
		off += n;
		while ((r = codec_next(c, &s)) == CODEC_SENTENCE) {
			FUZZ_CHECK(s.off < off);
			fuzz_walk(&s);
			buf_add(log, &s.off, sizeof s.off);
			codec_put_words(log, s.w, s.n);
			codec_put_words(re, s.w, s.n);
		}
		FUZZ_CHECK(codec_pending(c) <= off);
	}
	if (r == CODEC_ERROR) {
		FUZZ_CHECK(codec_error(c) != NULL);
		FUZZ_CHECK(strstr(codec_error(c), " at byte ") != NULL);
		FUZZ_CHECK(codec_error_offset(c) < off);
		FUZZ_CHECK(codec_next(c, &s) == CODEC_ERROR);
		buf_adds(log, "E:");
		buf_adds(log, codec_error(c));
	} else
		FUZZ_CHECK(codec_error(c) == NULL);
	codec_free(&c);
}

/* One input: decode it every way and compare. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct codec_limits *lims[2] = { NULL, &fuzz_small_limits };
	struct buf whole, chunked, re, re_chunked, log2, re2;
	uint64_t seed = fuzz_hash(data, size) | 1;
	size_t i;

	for (i = 0; i < TD_ARRAY_LEN(lims); i++) {
		buf_init(&whole);
		buf_init(&chunked);
		buf_init(&re);
		buf_init(&re_chunked);
		fuzz_decode(data, size, lims[i], 0, &whole, &re);
		fuzz_decode(data, size, lims[i], seed, &chunked, &re_chunked);
		FUZZ_CHECK(whole.len == chunked.len);
		FUZZ_CHECK(whole.len == 0 ||
		    memcmp(whole.p, chunked.p, whole.len) == 0);
		/* minimal prefixes, no empty sentences: never longer */
		FUZZ_CHECK(re.len <= size);

		/* the re-encoded sentences decode back to themselves */
		buf_init(&log2);
		buf_init(&re2);
		fuzz_decode((const uint8_t *)re.p, re.len, NULL, 0, &log2,
		    &re2);
		FUZZ_CHECK(re2.len == re.len);
		FUZZ_CHECK(re.len == 0 || memcmp(re.p, re2.p, re.len) == 0);
		buf_free(&log2);
		buf_free(&re2);
		buf_free(&whole);
		buf_free(&chunked);
		buf_free(&re);
		buf_free(&re_chunked);
	}
	return 0;
}
