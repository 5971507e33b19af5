/* text.c: UTF-8 validation, CP1252 decoding and display widths. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "text.h"

/* CP1252 0x80..0x9F; 0 marks the five undefined bytes. */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

static void put_codepoint(struct buf *out, unsigned cp);
static void put_control(struct buf *out, unsigned char ch);

size_t
utf8_seq_len(const unsigned char *p, size_t n)
{
	unsigned cp;
	size_t len, i;

	if (n == 0)
		return 0;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		len = 2, cp = p[0] & 0x1F;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		len = 3, cp = p[0] & 0x0F;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		len = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

int
utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t l;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((l = utf8_seq_len(p + i, n - i)) == 0)
			return 0;
		i += l;
	}
	return 1;
}

static void
put_codepoint(struct buf *out, unsigned cp)
{
	char b[4];

	if (cp < 0x80) {
		buf_addc(out, (char)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		buf_add(out, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		buf_add(out, b, 3);
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		buf_add(out, b, 4);
	}
}

static void
put_control(struct buf *out, unsigned char ch)
{
	switch (ch) {
	case '\n':
		buf_adds(out, "\\n");
		break;
	case '\t':
		buf_adds(out, "\\t");
		break;
	case '\r':
		buf_adds(out, "\\r");
		break;
	default:
		buf_printf(out, "\\x%02X", ch);
		break;
	}
}

void
text_to_utf8(struct buf *out, const char *s, size_t n, enum charset cs,
    int escape_controls)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	if (cs == CHARSET_AUTO)
		cs = utf8_valid(s, n) ? CHARSET_UTF8 : CHARSET_CP1252;
	while (i < n) {
		unsigned char ch = p[i];

		if (ch < 0x20 || ch == 0x7F) {
			if (escape_controls)
				put_control(out, ch);
			else
				buf_addc(out, (char)ch);
			i++;
		} else if (ch < 0x80) {
			buf_addc(out, (char)ch);
			i++;
		} else if (cs == CHARSET_UTF8) {
			size_t l = utf8_seq_len(p + i, n - i);

			if (l == 0) {
				put_codepoint(out, 0xFFFD);
				i++;
			} else {
				buf_add(out, p + i, l);
				i += l;
			}
		} else {
			unsigned cp = ch < 0xA0 ? cp1252_high[ch - 0x80] : ch;

			put_codepoint(out, cp ? cp : 0xFFFD);
			i++;
		}
	}
}

enum charset
text_charset_of(const char *p, size_t n, enum charset cs)
{
	if (cs == CHARSET_AUTO)
		cs = utf8_valid(p, n) ? CHARSET_UTF8 : CHARSET_CP1252;
	return cs;
}

int
text_from_utf8(struct buf *out, const char *s, enum charset cs,
    unsigned *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, l, k;

	if (cs != CHARSET_CP1252) {
		buf_add(out, s, n);
		return 0;
	}
	while (i < n) {
		unsigned cp;

		if (p[i] < 0x80) {
			buf_addc(out, (char)p[i++]);
			continue;
		}
		if ((l = utf8_seq_len(p + i, n - i)) == 0) {
			*bad = 0xFFFD;
			return -1;
		}
		cp = p[i] & (0xFF >> (l + 1));
		for (k = 1; k < l; k++)
			cp = (cp << 6) | (p[i + k] & 0x3F);
		i += l;
		if (cp >= 0xA0 && cp <= 0xFF) {
			buf_addc(out, (char)cp);
			continue;
		}
		for (k = 0; k < TD_ARRAY_LEN(cp1252_high); k++)
			if (cp1252_high[k] == cp && cp != 0)
				break;
		if (k == TD_ARRAY_LEN(cp1252_high)) {
			*bad = cp;
			return -1;
		}
		buf_addc(out, (char)(0x80 + k));
	}
	return 0;
}

size_t
text_width(const char *s)
{
	mbstate_t st;
	size_t w = 0, n = strlen(s);
	wchar_t wc;

	memset(&st, 0, sizeof st);
	while (n > 0) {
		size_t l = mbrtowc(&wc, s, n, &st);
		int cw;

		if (l == (size_t)-1 || l == (size_t)-2) {
			memset(&st, 0, sizeof st);
			w++;
			s++;
			n--;
			continue;
		}
		if (l == 0)
			break;
		cw = wcwidth(wc);
		w += cw > 0 ? (size_t)cw : 0;
		s += l;
		n -= l;
	}
	return w;
}

int
charset_parse(const char *s)
{
	if (strcasecmp(s, "auto") == 0)
		return CHARSET_AUTO;
	if (strcasecmp(s, "utf-8") == 0 || strcasecmp(s, "utf8") == 0)
		return CHARSET_UTF8;
	if (strcasecmp(s, "cp1252") == 0 || strcasecmp(s, "windows-1252") == 0)
		return CHARSET_CP1252;
	return -1;
}
