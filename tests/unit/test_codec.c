/* test_codec.c: the RouterOS API codec against the protocol reference's
 * vectors (section 2.1), split reads, limits and reply parsing. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "tap.h"

struct len_vec {
	uint32_t	 len;
	const char	*hex;
	const char	*src;
};

/* Section 2.1: GOR, LRO and EF byte vectors. */
static const struct len_vec len_vecs[] = {
	{ 1, "01", "GOR" },
	{ 0x87, "8087", "GOR" },
	{ 0x4321, "C04321", "GOR" },
	{ 0x2ACDEF, "E02ACDEF", "GOR" },
	{ 0x10000080, "F010000080", "GOR" },
	{ 0, "00", "LRO" },
	{ 127, "7F", "LRO" },
	{ 130, "8082", "LRO" },
	{ 2097140, "DFFFF4", "LRO" },
	{ 268435440, "EFFFFFF0", "LRO" },
	{ 0x80, "8080", "EF" },
	{ 0x3FFF, "BFFF", "EF" },
	{ 0x4000, "C04000", "EF" },
	{ 0x1FFFFF, "DFFFFF", "EF" },
	{ 0x200000, "E0200000", "EF" },
	{ 0xFFFFFFF, "EFFFFFFF", "EF" },
	{ 0x10000000, "F010000000", "EF" },
	{ 256, "8100", "LRO long word" },
	{ 0xFFFFFFFF, "F0FFFFFFFF", "largest" },
};

static size_t hex_decode(const char *hex, unsigned char *out);
static void put_raw(struct buf *b, const char *hex);
static int drain(struct codec *c, struct buf *out);
static void drain_end(struct codec *c, struct buf *out);
static void decode_all(const void *p, size_t n, const struct codec_limits *lim,
    struct buf *out);
static int has_offset(const char *msg, uint64_t off);
static const char *next_error(struct codec *c);
static void test_len_vectors(void);
static void test_len_minimal(void);
static void test_len_roundtrip(void);
static void test_len_reserved(void);
static void test_sentence_reserved(void);
static void test_zero_in_prefix(void);
static void test_split_everywhere(void);
static void test_all_bytes(void);
static void test_many_sentences(void);
static void test_empty_sentences(void);
static void test_limits(void);
static void test_put(void);
static void test_reply_parse(void);
static void test_word_attr(void);
static void test_sentence_attr(void);
static void test_word_helpers(void);
static void test_zero_copy(void);
static void test_large_word(void);
static void test_reset(void);

/* Hex text (spaces allowed) to bytes; returns the byte count. */
static size_t
hex_decode(const char *hex, unsigned char *out)
{
	size_t n = 0;
	unsigned int v;

	while (*hex != '\0') {
		if (*hex == ' ') {
			hex++;
			continue;
		}
		if (sscanf(hex, "%2x", &v) != 1)
			fatalx("bad hex in test: %s", hex);
		out[n++] = (unsigned char)v;
		hex += 2;
	}
	return n;
}

/* Append raw bytes given as hex. */
static void
put_raw(struct buf *b, const char *hex)
{
	unsigned char tmp[256];
	size_t n = hex_decode(hex, tmp);

	buf_add(b, tmp, n);
}

/* Every ready sentence, re-encoded with its offset. */
static int
drain(struct codec *c, struct buf *out)
{
	struct sentence s;
	int n = 0;

	while (codec_next(c, &s) == CODEC_SENTENCE) {
		buf_printf(out, "@%" PRIu64 ":", s.off);
		codec_put_words(out, s.w, s.n);
		n++;
	}
	return n;
}

/* After the last piece: the error, if any. */
static void
drain_end(struct codec *c, struct buf *out)
{
	drain(c, out);
	if (codec_error(c) != NULL)
		buf_printf(out, "E:%s", codec_error(c));
}

/* Decode a whole stream fed at once. */
static void
decode_all(const void *p, size_t n, const struct codec_limits *lim,
    struct buf *out)
{
	struct codec *c = codec_new(lim);

	codec_feed(c, p, n);
	drain_end(c, out);
	codec_free(&c);
}

/* Does msg name byte offset off? */
static int
has_offset(const char *msg, uint64_t off)
{
	char want[64];

	if (msg == NULL)
		return 0;
	snprintf(want, sizeof want, "at byte %" PRIu64, off);
	return strstr(msg, want) != NULL;
}

/* codec_next must fail: its message, or NULL if it did not. */
static const char *
next_error(struct codec *c)
{
	struct sentence s;

	if (codec_next(c, &s) != CODEC_ERROR)
		return NULL;
	return codec_error(c);
}

/* The reference's vectors, encoded and decoded. */
static void
test_len_vectors(void)
{
	size_t i, k;

	for (i = 0; i < TD_ARRAY_LEN(len_vecs); i++) {
		const struct len_vec *v = &len_vecs[i];
		unsigned char want[8], got[CODEC_LEN_MAX];
		size_t wn = hex_decode(v->hex, want), gn;
		uint32_t len = 0xDEADBEEF;
		int r;

		gn = codec_len_encode(v->len, got);
		is_mem(got, gn, want, wn, "encode %" PRIu32 " -> %s (%s)",
		    v->len, v->hex, v->src);
		r = codec_len_decode(want, wn, &len);
		ok(r == (int)wn && len == v->len,
		    "decode %s -> %" PRIu32 " (%s)", v->hex, v->len, v->src);
		for (k = 0; k < wn; k++) {
			if (codec_len_decode(want, k, &len) != 0)
				break;
		}
		ok(k == wn, "decode %s needs all %zu bytes", v->hex, wn);
	}
}

/* The shortest form at every boundary. */
static void
test_len_minimal(void)
{
	static const struct {
		uint32_t	len;
		size_t		bytes;
	} b[] = {
		{ 0, 1 }, { 0x7F, 1 }, { 0x80, 2 }, { 0x3FFF, 2 },
		{ 0x4000, 3 }, { 0x1FFFFF, 3 }, { 0x200000, 4 },
		{ 0xFFFFFFF, 4 }, { 0x10000000, 5 }, { 0xFFFFFFFF, 5 },
	};
	unsigned char out[CODEC_LEN_MAX];
	size_t i, n;
	uint32_t len;

	for (i = 0; i < TD_ARRAY_LEN(b); i++) {
		n = codec_len_encode(b[i].len, out);
		is_int((long long)n, (long long)b[i].bytes,
		    "length 0x%" PRIX32 " takes %zu bytes", b[i].len,
		    b[i].bytes);
		ok(codec_len_decode(out, n, &len) == (int)n && len == b[i].len,
		    "length 0x%" PRIX32 " round-trips", b[i].len);
		if (n == 5)
			is_int(out[0], 0xF0, "5-byte form starts with 0xF0");
	}
	/* Non-minimal forms are read too. */
	n = hex_decode("F000000005", out);
	ok(codec_len_decode(out, n, &len) == 5 && len == 5,
	    "non-minimal 0xF0 form decodes");
	n = hex_decode("8005", out);
	ok(codec_len_decode(out, n, &len) == 2 && len == 5,
	    "non-minimal 2-byte form decodes");
}

/* Encode then decode many lengths, checking the minimal size each time. */
static void
test_len_roundtrip(void)
{
	unsigned char out[CODEC_LEN_MAX];
	uint32_t len, got, x = 12345;
	size_t n, want;
	int bad = 0, i;

	for (i = 0; i < 300000; i++) {
		if (i < 0x20000)
			len = (uint32_t)i;
		else {
			x = x * 1103515245u + 12345u;
			len = x >> (x & 31);
		}
		n = codec_len_encode(len, out);
		want = len < 0x80 ? 1 : len < 0x4000 ? 2 : len < 0x200000 ?
		    3 : len < 0x10000000 ? 4 : 5;
		if (n != want || codec_len_decode(out, n, &got) != (int)n ||
		    got != len) {
			if (bad++ < 5)
				diag("length %" PRIu32 " failed", len);
		}
	}
	is_int(bad, 0, "300000 lengths round-trip in minimal form");
}

/* First bytes 0xF1..0xFF are reserved. */
static void
test_len_reserved(void)
{
	unsigned char p[5] = { 0, 0, 0, 0, 0 };
	uint32_t len;
	int b, bad = 0;

	for (b = 0xF1; b <= 0xFF; b++) {
		p[0] = (unsigned char)b;
		if (codec_len_decode(p, 5, &len) != -1 ||
		    codec_len_decode(p, 1, &len) != -1) {
			bad++;
			diag("first byte 0x%02X accepted", b);
		}
	}
	is_int(bad, 0, "codec_len_decode rejects every first byte 0xF1..0xFF");
}

/* The sentence decoder fails on a reserved byte and names its offset. */
static void
test_sentence_reserved(void)
{
	unsigned char p[32];
	size_t n;
	int b, bad = 0;
	struct codec *c;
	struct sentence s;
	const char *msg;

	for (b = 0xF1; b <= 0xFF; b++) {
		char want[16];

		c = codec_new(NULL);
		/* a full sentence, then "a" in a second one, then the byte */
		n = hex_decode("03 21 72 65 00 01 61", p);
		p[n++] = (unsigned char)b;
		p[n++] = 0x00;
		codec_feed(c, p, n);
		if (codec_next(c, &s) != CODEC_SENTENCE) {
			bad++;
			codec_free(&c);
			continue;
		}
		snprintf(want, sizeof want, "0x%02X", b);
		msg = NULL;
		if (codec_next(c, &s) == CODEC_ERROR)
			msg = codec_error(c);
		if (msg == NULL || !has_offset(msg, 7) ||
		    strstr(msg, want) == NULL ||
		    codec_error_offset(c) != 7 ||
		    codec_next(c, &s) != CODEC_ERROR) {
			bad++;
			diag("byte 0x%02X: %s", b, msg ? msg : "(no error)");
		}
		codec_free(&c);
	}
	is_int(bad, 0, "sentence decoder rejects 0xF1..0xFF at byte 7");

	c = codec_new(NULL);
	codec_feed(c, "\xF8", 1);
	msg = next_error(c);
	ok(has_offset(msg, 0), "reserved byte first in the stream: error at "
	    "byte 0 (%s)", msg != NULL ? msg : "no error");
	codec_free(&c);

	/* Reserved values inside a word's bytes are only data. */
	c = codec_new(NULL);
	codec_feed(c, "\x03\xF8\xFC\xFF\x00", 5);
	ok(codec_next(c, &s) == CODEC_SENTENCE && s.n == 1 &&
	    s.w[0].len == 3 && memcmp(s.w[0].p, "\xF8\xFC\xFF", 3) == 0,
	    "control bytes inside a word are data");
	codec_free(&c);
}

/* Lengths whose prefix holds a zero byte must not end the sentence. */
static void
test_zero_in_prefix(void)
{
	static const uint32_t lens[] = {
		256, 512, 0x300, 0x1000, 0x3F00, 0x4000, 0x10000, 0x20000,
		0x200000
	};
	size_t i;
	struct buf b;
	struct codec *c;
	struct sentence s;

	for (i = 0; i < TD_ARRAY_LEN(lens); i++) {
		char *word = xmalloc(lens[i]);
		uint32_t k;
		int r1, r2;

		for (k = 0; k < lens[i]; k++)
			word[k] = (char)(k % 7 == 0 ? 0 : 'a' + k % 26);
		buf_init(&b);
		codec_put_str(&b, "!re");
		codec_put_word(&b, word, lens[i]);
		codec_put_str(&b, "=x=y");
		codec_put_word(&b, NULL, 0);
		if (lens[i] == 256)
			ok(memcmp(b.p + 4, "\x81\x00", 2) == 0,
			    "256-byte word is prefixed 81 00");
		c = codec_new(NULL);
		codec_feed(c, b.p, b.len);
		r1 = codec_next(c, &s);
		ok(r1 == CODEC_SENTENCE && s.n == 3 &&
		    s.w[1].len == lens[i] &&
		    memcmp(s.w[1].p, word, lens[i]) == 0 &&
		    word_eq(&s.w[2], "=x=y"),
		    "word of 0x%" PRIX32 " bytes with zero bytes decodes",
		    lens[i]);
		r2 = codec_next(c, &s);
		is_int(r2, CODEC_MORE, "nothing after it");
		codec_free(&c);
		buf_free(&b);
		free(word);
	}
}

/* Feeding a stream in two pieces, at every split point, or byte by byte
 * gives the same sentences as feeding it whole. */
static void
test_split_everywhere(void)
{
	struct buf in, want, got;
	struct codec *c;
	char word[300];
	size_t i, j, n;
	int bad = 0, bad3 = 0;

	buf_init(&in);
	put_raw(&in, "00");			/* empty sentence first */
	codec_put_str(&in, "!re");
	codec_put_str(&in, ".tag=7");
	codec_put_str(&in, "=name=ether1");
	memset(word, 'w', sizeof word);
	word[0] = '=';
	word[5] = '\0';
	word[100] = '\0';
	codec_put_word(&in, word, 256);	/* 81 00 prefix */
	codec_put_word(&in, word, 0x80);	/* 80 80 */
	codec_put_word(&in, NULL, 0);
	codec_put_str(&in, "!done");
	codec_put_word(&in, NULL, 0);
	put_raw(&in, "00 00");
	codec_put_str(&in, "!trap");
	codec_put_str(&in, "=message=x");
	codec_put_word(&in, NULL, 0);
	put_raw(&in, "02 21 65 F9 00");	/* "!e" then a control byte */
	n = in.len;

	buf_init(&want);
	decode_all(in.p, n, NULL, &want);
	ok(want.len > 2 && memmem(want.p, want.len, "E:reserved", 10) != NULL,
	    "reference decode ends in an error");
	ok(want.len > 2 && memmem(want.p, want.len, "@0:", 3) == NULL &&
	    memmem(want.p, want.len, "@1:", 3) != NULL,
	    "first sentence after the empty one is at offset 1");

	for (i = 0; i <= n; i++) {
		c = codec_new(NULL);
		buf_init(&got);
		codec_feed(c, in.p, i);
		drain(c, &got);
		codec_feed(c, in.p + i, n - i);
		drain_end(c, &got);
		if (got.len != want.len || memcmp(got.p, want.p, got.len)) {
			if (bad++ < 3)
				diag("split at %zu differs", i);
		}
		buf_free(&got);
		codec_free(&c);
	}
	is_int(bad, 0, "split at each of %zu positions decodes identically",
	    n + 1);

	for (i = 0; i <= n; i += 7) {
		for (j = i; j <= n; j += 5) {
			c = codec_new(NULL);
			buf_init(&got);
			codec_feed(c, in.p, i);
			drain(c, &got);
			codec_feed(c, in.p + i, j - i);
			drain(c, &got);
			codec_feed(c, in.p + j, n - j);
			drain_end(c, &got);
			if (got.len != want.len ||
			    memcmp(got.p, want.p, got.len))
				bad3++;
			buf_free(&got);
			codec_free(&c);
		}
	}
	is_int(bad3, 0, "three-piece splits decode identically");

	c = codec_new(NULL);
	buf_init(&got);
	for (i = 0; i < n; i++) {
		codec_feed(c, in.p + i, 1);
		drain(c, &got);
	}
	drain_end(c, &got);
	is_mem(got.p, got.len, want.p, want.len, "byte by byte decodes "
	    "identically");
	buf_free(&got);
	codec_free(&c);

	/* byte by byte through the zero-copy interface */
	c = codec_new(NULL);
	buf_init(&got);
	bad = 0;
	for (i = 0; i < n; i++) {
		size_t avail;
		unsigned char *dst = codec_space(c, 1, &avail);

		if (avail < 1)
			bad++;
		dst[0] = (unsigned char)in.p[i];
		codec_commit(c, 1);
		drain(c, &got);
	}
	drain_end(c, &got);
	is_int(bad, 0, "codec_space always gives room");
	is_mem(got.p, got.len, want.p, want.len, "byte by byte via "
	    "codec_space decodes identically");
	buf_free(&got);
	codec_free(&c);

	buf_free(&want);
	buf_free(&in);
}

/* Words holding NUL and every byte value survive the trip. */
static void
test_all_bytes(void)
{
	unsigned char all[256];
	struct buf b;
	struct codec *c;
	struct sentence s;
	int v, bad = 0;

	for (v = 0; v < 256; v++)
		all[v] = (unsigned char)v;
	buf_init(&b);
	codec_put_str(&b, "!re");
	codec_put_word(&b, all, 256);
	for (v = 0; v < 256; v++)
		codec_put_word(&b, &all[v], 1);
	codec_put_word(&b, "a\0b", 3);
	codec_put_word(&b, NULL, 0);
	c = codec_new(NULL);
	codec_feed(c, b.p, b.len);
	ok(codec_next(c, &s) == CODEC_SENTENCE && s.n == 259,
	    "sentence with 259 words");
	if (s.n == 259) {
		is_mem(s.w[1].p, s.w[1].len, all, 256, "word with bytes 0..255");
		for (v = 0; v < 256; v++)
			if (s.w[2 + v].len != 1 ||
			    (unsigned char)s.w[2 + v].p[0] != v)
				bad++;
		is_int(bad, 0, "a one-byte word of every value");
		is_mem(s.w[258].p, s.w[258].len, "a\0b", 3, "NUL inside a word");
	}
	codec_free(&c);
	buf_free(&b);
}

/* Several sentences in one feed, with their stream offsets. */
static void
test_many_sentences(void)
{
	struct buf b;
	struct codec *c;
	struct sentence s;
	size_t off[3];

	buf_init(&b);
	off[0] = b.len;
	codec_put_str(&b, "!re");
	codec_put_str(&b, "=a=1");
	codec_put_word(&b, NULL, 0);
	off[1] = b.len;
	codec_put_str(&b, "!re");
	codec_put_str(&b, "=a=2");
	codec_put_word(&b, NULL, 0);
	off[2] = b.len;
	codec_put_str(&b, "!done");
	codec_put_word(&b, NULL, 0);
	codec_put_str(&b, "!re");	/* incomplete */

	c = codec_new(NULL);
	codec_feed(c, b.p, b.len);
	ok(codec_next(c, &s) == CODEC_SENTENCE && s.n == 2 &&
	    word_eq(&s.w[1], "=a=1") && s.off == off[0], "first sentence");
	ok(codec_next(c, &s) == CODEC_SENTENCE && s.n == 2 &&
	    word_eq(&s.w[1], "=a=2") && s.off == off[1],
	    "second sentence at offset %zu", off[1]);
	ok(codec_next(c, &s) == CODEC_SENTENCE && s.n == 1 &&
	    word_eq(&s.w[0], "!done") && s.off == off[2],
	    "third sentence at offset %zu", off[2]);
	is_int(codec_next(c, &s), CODEC_MORE, "partial fourth waits");
	is_int((long long)codec_pending(c), 4, "4 bytes pending");
	codec_feed(c, "\x00", 1);
	ok(codec_next(c, &s) == CODEC_SENTENCE && s.n == 1 &&
	    s.off == b.len - 4, "fourth completes");
	is_int((long long)codec_pending(c), 0, "nothing pending");
	is_int(codec_next(c, &s), CODEC_MORE, "then more is needed");
	codec_free(&c);
	buf_free(&b);

	c = codec_new(NULL);
	is_int(codec_next(c, &s), CODEC_MORE, "a fresh decoder needs bytes");
	ok(codec_error(c) == NULL, "and has no error");
	codec_free(&c);
	codec_free(&c);
	ok(c == NULL, "codec_free clears the pointer and takes NULL");
}

/* Bare terminators are skipped (GOR TestRunEmptySentence). */
static void
test_empty_sentences(void)
{
	struct codec *c = codec_new(NULL);
	struct sentence s;

	codec_feed(c, "\x00", 1);
	is_int(codec_next(c, &s), CODEC_MORE, "lone terminator is ignored");
	is_int((long long)codec_pending(c), 0, "and not left pending");
	codec_feed(c, "\x00\x00\x05!done\x00", 9);
	ok(codec_next(c, &s) == CODEC_SENTENCE && s.n == 1 &&
	    word_eq(&s.w[0], "!done") && s.off == 3,
	    "reply after empty sentences, at offset 3");
	is_int(codec_next(c, &s), CODEC_MORE, "nothing else");
	codec_free(&c);
}

/* max_word, max_sentence and max_words each stop the decoder with an
 * offset, as soon as the offending prefix arrives. */
static void
test_limits(void)
{
	struct codec_limits lim = { 10, 30, 3 };
	struct codec *c;
	struct sentence s;
	struct buf b;
	const char *msg;

	/* max_word: 10 bytes pass, 11 fail at the prefix */
	c = codec_new(&lim);
	buf_init(&b);
	codec_put_word(&b, "0123456789", 10);
	codec_put_word(&b, NULL, 0);
	put_raw(&b, "01 61 0B");
	codec_feed(c, b.p, b.len);
	ok(codec_next(c, &s) == CODEC_SENTENCE && s.w[0].len == 10,
	    "word at max_word is accepted");
	msg = next_error(c);
	ok(has_offset(msg, 14) && codec_error_offset(c) == 14,
	    "word over max_word: %s", msg != NULL ? msg : "no error");
	ok(msg != NULL && strstr(msg, "11") != NULL,
	    "message gives the length");
	codec_free(&c);
	buf_free(&b);

	/* a 5-byte length far over the limit fails without waiting */
	c = codec_new(NULL);
	codec_feed(c, "\xF0\xFF\xFF\xFF\xFF", 5);
	msg = next_error(c);
	ok(has_offset(msg, 0), "4 GiB word refused at once: %s",
	    msg != NULL ? msg : "no error");
	codec_free(&c);

	/* max_sentence: 30 bytes pass, more fail at the sentence start */
	c = codec_new(&lim);
	buf_init(&b);
	codec_put_word(&b, "0123456789", 10);
	codec_put_word(&b, "0123456789", 10);
	codec_put_word(&b, "0123456", 7);
	codec_put_word(&b, NULL, 0);
	ok(b.len == 31, "30 bytes of words plus terminator");
	put_raw(&b, "00");			/* empty sentence */
	codec_put_word(&b, "0123456789", 10);
	codec_put_word(&b, "0123456789", 10);
	put_raw(&b, "09");			/* 22 + 1 + 9 > 30 */
	codec_feed(c, b.p, b.len);
	ok(codec_next(c, &s) == CODEC_SENTENCE && s.n == 3,
	    "sentence of 30 bytes (plus terminator) is accepted");
	msg = next_error(c);
	ok(has_offset(msg, 32), "sentence over max_sentence fails at its "
	    "start: %s", msg != NULL ? msg : "no error");
	codec_free(&c);
	buf_free(&b);

	/* max_words: 3 pass, the 4th fails at its prefix */
	c = codec_new(&lim);
	codec_feed(c, "\x01" "a" "\x01" "b" "\x01" "c" "\x00"
	    "\x01" "a" "\x01" "b" "\x01" "c" "\x01", 14);
	ok(codec_next(c, &s) == CODEC_SENTENCE && s.n == 3,
	    "3 words at max_words pass");
	msg = next_error(c);
	ok(has_offset(msg, 13) && codec_error_offset(c) == 13,
	    "4th word fails: %s", msg != NULL ? msg : "no error");
	codec_feed(c, "d\x00", 2);
	is_int(codec_next(c, &s), CODEC_ERROR, "the error is sticky");
	codec_free(&c);
}

/* The encoders' exact bytes. */
static void
test_put(void)
{
	struct buf b;
	unsigned char want[64];
	size_t n;
	struct tword w[2];

	buf_init(&b);
	codec_put_str(&b, "/login");
	n = hex_decode("06 2F 6C 6F 67 69 6E", want);
	is_mem(b.p, b.len, want, n, "codec_put_str");
	buf_reset(&b);
	w[0] = word_str("/cancel");
	w[1] = word_str("=tag=2");
	codec_put_words(&b, w, 2);
	n = hex_decode("07 2F 63 61 6E 63 65 6C 06 3D 74 61 67 3D 32 00",
	    want);
	is_mem(b.p, b.len, want, n, "codec_put_words adds the terminator");
	buf_reset(&b);
	codec_put_words(&b, w, 0);
	is_mem(b.p, b.len, "\x00", 1, "an empty sentence is one zero byte");
	buf_free(&b);
}

/* Build a sentence from C strings and classify it. */
static void
test_reply_parse(void)
{
	static const struct {
		const char		*w[4];
		size_t			 n;
		enum reply_type		 type;
		const char		*tag;
	} v[] = {
		{ { "!re", "=a=b" }, 2, REPLY_RE, NULL },
		{ { "!done" }, 1, REPLY_DONE, NULL },
		{ { "!trap", "=message=x" }, 2, REPLY_TRAP, NULL },
		{ { "!fatal", "not logged in" }, 2, REPLY_FATAL, NULL },
		{ { "!empty", ".tag=5" }, 2, REPLY_EMPTY, "5" },
		{ { "!re", ".tag=abc", "=x=1" }, 3, REPLY_RE, "abc" },
		{ { "!done", "=ret=*1", ".tag=7" }, 3, REPLY_DONE, "7" },
		{ { "!trap", "=category=2", ".tag=r2", "=message=i" }, 4,
		    REPLY_TRAP, "r2" },
		{ { "!re", ".tag=" }, 2, REPLY_RE, "" },
		{ { "!re", "=.tag=x" }, 2, REPLY_RE, NULL },
		{ { "!bogus", ".tag=1" }, 2, REPLY_UNKNOWN, "1" },
		{ { "!RE" }, 1, REPLY_UNKNOWN, NULL },
		{ { "!done2" }, 1, REPLY_UNKNOWN, NULL },
		{ { "re" }, 1, REPLY_UNKNOWN, NULL },
		{ { "" }, 0, REPLY_UNKNOWN, NULL },
	};
	size_t i, k;

	for (i = 0; i < TD_ARRAY_LEN(v); i++) {
		struct tword w[4];
		struct sentence s;
		struct reply r;

		for (k = 0; k < v[i].n; k++)
			w[k] = word_str(v[i].w[k]);
		s.w = w;
		s.n = v[i].n;
		s.off = 0;
		memset(&r, 0xAA, sizeof r);
		reply_parse(&s, &r);
		is_int(r.type, v[i].type, "%s: type %s", v[i].n ? v[i].w[0] :
		    "(no words)", reply_type_name(v[i].type));
		if (v[i].tag == NULL)
			ok(!r.has_tag, "%s: no tag", v[i].n ? v[i].w[0] :
			    "(no words)");
		else
			ok(r.has_tag && r.tag.len == strlen(v[i].tag) &&
			    memcmp(r.tag.p, v[i].tag, r.tag.len) == 0,
			    "%s: tag \"%s\"", v[i].w[0], v[i].tag);
	}
	is_str(reply_type_name(REPLY_DONE), "!done", "reply_type_name done");
	is_str(reply_type_name(REPLY_EMPTY), "!empty", "reply_type_name empty");
	is_str(reply_type_name(REPLY_UNKNOWN), "unknown",
	    "reply_type_name unknown");
}

/* Attribute words split on the second '='. */
static void
test_word_attr(void)
{
	static const struct {
		const char	*word;
		int		 isattr;
		const char	*name;
		const char	*value;
	} v[] = {
		{ "=name=value", 1, "name", "value" },
		{ "=name==d===efault=a===123sadf=3=3===", 1, "name",
		    "=d===efault=a===123sadf=3=3===" },
		{ "=name=kjhasdrlkh=4rlkjh234=4=3", 1, "name",
		    "kjhasdrlkh=4rlkjh234=4=3" },
		{ "=comment=", 1, "comment", "" },
		{ "=only-key", 1, "only-key", "" },
		{ "=.id=*1", 1, ".id", "*1" },
		{ "=key=00", 1, "key", "00" },
		{ "==x", 1, "", "x" },
		{ "=", 0, NULL, NULL },
		{ "", 0, NULL, NULL },
		{ ".tag=1", 0, NULL, NULL },
		{ "/login", 0, NULL, NULL },
		{ "?name=x", 0, NULL, NULL },
	};
	size_t i;
	struct tword w, name, value;

	for (i = 0; i < TD_ARRAY_LEN(v); i++) {
		int r;

		w = word_str(v[i].word);
		r = word_attr(&w, &name, &value);
		is_int(r, v[i].isattr, "word_attr(\"%s\") %s", v[i].word,
		    v[i].isattr ? "is an attribute" : "is not an attribute");
		if (!r || !v[i].isattr)
			continue;
		is_mem(name.p, name.len, v[i].name, strlen(v[i].name),
		    "  name \"%s\"", v[i].name);
		is_mem(value.p, value.len, v[i].value, strlen(v[i].value),
		    "  value \"%s\"", v[i].value);
	}
	w.p = "=da\0ta=a\0b";
	w.len = 10;
	ok(word_attr(&w, &name, &value) && name.len == 5 && value.len == 3 &&
	    memcmp(value.p, "a\0b", 3) == 0, "NUL bytes in name and value");
}

/* Looking up attributes in a sentence. */
static void
test_sentence_attr(void)
{
	struct tword w[5], v;
	struct sentence s;

	w[0] = word_str("=ret=bogus");	/* the reply word is never an attr */
	w[1] = word_str(".tag=1");
	w[2] = word_str("=ret=abc");
	w[3] = word_str("=ret=second");
	w[4] = word_str("=flag");
	s.w = w;
	s.n = 5;
	s.off = 0;
	ok(sentence_attr(&s, "ret", &v) && v.len == 3 &&
	    memcmp(v.p, "abc", 3) == 0, "first =ret= after the reply word");
	ok(sentence_attr(&s, "flag", &v) && v.len == 0, "bare =flag");
	ok(!sentence_attr(&s, "tag", &v), ".tag is not an attribute");
	ok(!sentence_attr(&s, "re", &v), "names match whole");
}

/* word_eq, word_prefix, word_dup, word_str. */
static void
test_word_helpers(void)
{
	struct tword w = { "ab\0c", 4 };
	char *d;

	ok(!word_eq(&w, "ab"), "word_eq compares the length");
	ok(word_prefix(&w, "ab"), "word_prefix");
	ok(!word_prefix(&w, "abcde"), "word_prefix longer than the word");
	d = word_dup(&w);
	ok(memcmp(d, "ab\0c", 5) == 0, "word_dup copies and terminates");
	free(d);
	w = word_str("");
	d = word_dup(&w);
	is_str(d, "", "word_dup of an empty word");
	free(d);
}

/* codec_space/codec_commit: reading straight into the buffer, moving a
 * partial sentence down when the buffer's tail is too short. */
static void
test_zero_copy(void)
{
	struct codec *c = codec_new(NULL);
	struct sentence s;
	struct buf b;
	size_t avail, first, part, i;
	unsigned char *dst;
	const char *msg;
	char *big = xmalloc(60000);

	for (i = 0; i < 60000; i++)
		big[i] = (char)(i * 7);
	buf_init(&b);
	codec_put_str(&b, "!re");
	codec_put_word(&b, big, 1000);
	codec_put_word(&b, NULL, 0);
	first = b.len;
	codec_put_str(&b, "!re");
	codec_put_word(&b, big, 60000);
	codec_put_word(&b, NULL, 0);
	part = first + 60000 - 100;	/* sentence 1, most of sentence 2 */

	dst = codec_space(c, part, &avail);
	ok(avail >= part, "codec_space gives at least what was asked");
	memcpy(dst, b.p, part);
	codec_commit(c, part);
	ok(codec_next(c, &s) == CODEC_SENTENCE && s.n == 2 &&
	    s.w[1].len == 1000, "first sentence from the zero-copy buffer");
	is_int(codec_next(c, &s), CODEC_MORE, "second is partial");
	dst = codec_space(c, 5000, &avail);	/* forces a move down */
	ok(avail >= 5000, "room after compaction (%zu)", avail);
	memcpy(dst, b.p + part, b.len - part);
	codec_commit(c, b.len - part);
	ok(codec_next(c, &s) == CODEC_SENTENCE && s.n == 2 &&
	    s.off == first && s.w[1].len == 60000 &&
	    memcmp(s.w[1].p, big, 60000) == 0,
	    "partial sentence survives compaction, offset %zu", first);
	is_int((long long)codec_pending(c), 0, "nothing pending");

	/* Offsets keep counting across compactions and resets of the
	 * buffer. */
	codec_feed(c, "\x01x\x00\xF9", 4);
	ok(codec_next(c, &s) == CODEC_SENTENCE && s.off == b.len,
	    "offset continues at %zu", b.len);
	msg = next_error(c);
	ok(msg != NULL && codec_error_offset(c) == b.len + 3,
	    "error offset counts the whole stream: %s",
	    msg != NULL ? msg : "no error");
	codec_free(&c);
	buf_free(&b);
	free(big);
}

/* Multi-megabyte words through codec_space in socket-sized pieces. */
static void
test_large_word(void)
{
	static const uint32_t sizes[] = { 3u << 20, 0x200000, 0x1FFFFF };
	size_t i, k, n, off, avail, bad;
	struct buf b;
	struct codec *c;
	struct sentence s;
	unsigned char *dst;

	for (i = 0; i < TD_ARRAY_LEN(sizes); i++) {
		char *big = xmalloc(sizes[i]);
		int got = 0;

		for (k = 0; k < sizes[i]; k++)
			big[k] = (char)(k ^ (k >> 8));
		buf_init(&b);
		codec_put_str(&b, "!re");
		codec_put_str(&b, ".tag=9");
		codec_put_word(&b, big, sizes[i]);
		codec_put_word(&b, NULL, 0);
		codec_put_str(&b, "!done");
		codec_put_word(&b, NULL, 0);
		c = codec_new(NULL);
		off = 0;
		bad = 0;
		while (off < b.len) {
			dst = codec_space(c, 16384, &avail);
			n = b.len - off < 16384 ? b.len - off : 16384;
			if (avail < n)
				bad++;
			memcpy(dst, b.p + off, n);
			codec_commit(c, n);
			off += n;
			while (codec_next(c, &s) == CODEC_SENTENCE) {
				if (got == 0 && (s.n != 3 ||
				    s.w[2].len != sizes[i] ||
				    memcmp(s.w[2].p, big, sizes[i]) != 0))
					bad++;
				if (got == 1 && !word_eq(&s.w[0], "!done"))
					bad++;
				got++;
			}
		}
		ok(bad == 0 && got == 2, "word of %" PRIu32 " bytes in 16 KiB "
		    "pieces", sizes[i]);
		codec_free(&c);
		buf_free(&b);
		free(big);
	}
}

/* codec_reset clears an error and the stream offset. */
static void
test_reset(void)
{
	struct codec *c = codec_new(NULL);
	struct sentence s;

	codec_feed(c, "\x02" "ab" "\xFF", 4);
	is_int(codec_next(c, &s), CODEC_ERROR, "error before reset");
	codec_reset(c);
	ok(codec_error(c) == NULL, "reset clears the error");
	codec_feed(c, "\x02" "ab" "\x00", 4);
	ok(codec_next(c, &s) == CODEC_SENTENCE && s.off == 0 &&
	    word_eq(&s.w[0], "ab"), "decodes again from offset 0");
	codec_free(&c);
}

/* Run every group of checks. */
int
main(void)
{
	test_len_vectors();
	test_len_minimal();
	test_len_roundtrip();
	test_len_reserved();
	test_sentence_reserved();
	test_zero_in_prefix();
	test_split_everywhere();
	test_all_bytes();
	test_many_sentences();
	test_empty_sentences();
	test_limits();
	test_put();
	test_reply_parse();
	test_word_attr();
	test_sentence_attr();
	test_word_helpers();
	test_zero_copy();
	test_large_word();
	test_reset();
	return tap_done();
}
