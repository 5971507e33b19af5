/*
 * text.h: turning router bytes into display text.  RouterOS stores bytes
 * as typed (UTF-8 or a Windows code page); show valid UTF-8 as it is and
 * decode anything else with the router's code page (default CP1252).
 */
#ifndef TIKDECK_TEXT_H
#define TIKDECK_TEXT_H

#include <stddef.h>

#include "util.h"

enum charset {
	CHARSET_AUTO,		/* UTF-8 when valid, else CP1252 */
	CHARSET_UTF8,
	CHARSET_CP1252
};

/* Is p[0..n) valid UTF-8 (no overlongs, no surrogates)? */
int utf8_valid(const char *p, size_t n);
/* Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid. */
size_t utf8_seq_len(const unsigned char *p, size_t n);
/* Append p[0..n) to out as UTF-8 per cs (invalid bytes in CHARSET_UTF8
 * become U+FFFD).  With escape_controls, control characters are shown as
 * \n \t \r or \xNN so a value stays on one line. */
void text_to_utf8(struct buf *out, const char *p, size_t n, enum charset cs,
    int escape_controls);
/* Append UTF-8 text s as the router should store it per cs: CP1252
 * bytes for CHARSET_CP1252, else s unchanged.  Returns 0, or -1 when a
 * character has no CP1252 byte (its code point in *bad; out then holds
 * the bytes up to it). */
int text_from_utf8(struct buf *out, const char *s, enum charset cs,
    unsigned *bad);
/* The charset a value the router holds was shown in: CHARSET_AUTO
 * resolves per value (CP1252 when p[0..n) is not valid UTF-8). */
enum charset text_charset_of(const char *p, size_t n, enum charset cs);
/* Display width of a UTF-8 string in terminal columns (wcwidth). */
size_t text_width(const char *s);
/* Parse "auto", "utf-8", "cp1252"; returns -1 if unknown. */
int charset_parse(const char *s);

#endif
