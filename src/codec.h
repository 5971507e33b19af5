/*
 * codec.h: the RouterOS API wire format, pure (no I/O).
 *
 * A word is a length prefix (1 to 5 bytes, big-endian, see the protocol
 * reference section 2.1) and that many bytes; a sentence is a run of words
 * ended by a zero-length word.  Words are byte strings with a length: they
 * may hold any byte, NUL included.
 */
#ifndef TIKDECK_CODEC_H
#define TIKDECK_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* A word: bytes and length.  Not NUL-terminated. */
struct tword {
	const char	*p;
	uint32_t	 len;
};

/* A decoded sentence.  Word pointers point into the decoder's buffer and stay
 * valid until the next codec_space() or codec_feed() on that decoder. */
struct sentence {
	struct tword	*w;
	size_t		 n;
	uint64_t	 off;	/* stream offset of the sentence's first byte */
	const char	*raw;	/* the encoded sentence, terminator included */
	size_t		 raw_len;	/* (NULL/0 when not from a decoder) */
};

#define CODEC_LEN_MAX	5

/* Encode a length in its minimal form; returns the number of bytes (1..5). */
size_t codec_len_encode(uint32_t len, unsigned char out[CODEC_LEN_MAX]);

/* Decode a length prefix from p[0..n).  Returns the number of prefix bytes
 * used (1..5), 0 if more bytes are needed, -1 for a reserved first byte
 * (0xF1..0xFF). */
int codec_len_decode(const unsigned char *p, size_t n, uint32_t *len);

/* Append one word / one sentence (words plus terminator) to b. */
void codec_put_word(struct buf *b, const void *p, uint32_t len);
void codec_put_words(struct buf *b, const struct tword *w, size_t n);
/* Append a word from a C string. */
void codec_put_str(struct buf *b, const char *s);

struct codec_limits {
	uint32_t	max_word;	/* longest word accepted, bytes */
	uint64_t	max_sentence;	/* longest sentence, bytes */
	uint32_t	max_words;	/* most words in one sentence */
};

/* Defaults: 64 MiB words, 256 MiB sentences, 1M words. */
extern const struct codec_limits codec_default_limits;

enum codec_result {
	CODEC_MORE = 0,		/* need more bytes */
	CODEC_SENTENCE = 1,	/* *out holds a sentence */
	CODEC_ERROR = -1	/* protocol error; see codec_error() */
};

struct codec;

struct codec *codec_new(const struct codec_limits *lim);
void codec_free(struct codec **c);
void codec_reset(struct codec *c);

/* Zero-copy input: a writable area of at least want bytes (*avail gets the
 * real size), then codec_commit() with the number of bytes written. */
unsigned char *codec_space(struct codec *c, size_t want, size_t *avail);
void codec_commit(struct codec *c, size_t n);
/* Copying input, for tests and small peers. */
void codec_feed(struct codec *c, const void *p, size_t n);

/* Next complete sentence.  Empty sentences are skipped. */
enum codec_result codec_next(struct codec *c, struct sentence *out);

/* After CODEC_ERROR: a message naming the problem and the byte offset in the
 * stream.  The decoder stays in the error state until codec_reset(). */
const char *codec_error(const struct codec *c);
uint64_t codec_error_offset(const struct codec *c);
/* Bytes buffered but not yet returned as sentences. */
size_t codec_pending(const struct codec *c);

/* ---- reply sentences ------------------------------------------------- */

enum reply_type {
	REPLY_RE,
	REPLY_DONE,
	REPLY_TRAP,
	REPLY_FATAL,
	REPLY_EMPTY,
	REPLY_UNKNOWN		/* first word is not a known reply word */
};

/* Classify a reply sentence and find its .tag (wherever it sits). */
struct reply {
	enum reply_type	 type;
	int		 has_tag;
	struct tword	 tag;
};

void reply_parse(const struct sentence *s, struct reply *r);
const char *reply_type_name(enum reply_type t);

/* Split an attribute word "=name=value" on the second '='.  A bare "=name"
 * gives an empty value.  Returns 0 if w is not an attribute word. */
int word_attr(const struct tword *w, struct tword *name, struct tword *value);
/* Find attribute name in sentence s; returns 1 and sets *value if present. */
int sentence_attr(const struct sentence *s, const char *name, struct tword *value);
/* Word equals a C string. */
int word_eq(const struct tword *w, const char *s);
/* Word starts with a C string. */
int word_prefix(const struct tword *w, const char *s);
/* NUL-terminated copy of a word. */
char *word_dup(const struct tword *w);
/* Word from a C string (no copy). */
struct tword word_str(const char *s);

#endif
