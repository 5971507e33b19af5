/* draw.c: drawing helpers: width-aware text with elision, lines. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"
#include "uiint.h"

static int draw_wrap_do(WINDOW *w, int y, int x, int hang, const char *s,
    int width, int maxlines);

static int draw_ascii;
static enum charset draw_cs = CHARSET_AUTO;

/* ASCII line drawing and elision (--ascii). */
void
draw_set_ascii(int ascii)
{
	draw_ascii = ascii;
}

/* The router's charset for values (--charset, the config's charset). */
void
draw_set_charset(int cs)
{
	draw_cs = (enum charset)cs;
}

int
draw_charset(void)
{
	return draw_cs;
}

/* Is --ascii on? */
int
draw_is_ascii(void)
{
	return draw_ascii;
}

/* The elision mark. */
const char *
draw_ellipsis(void)
{
	return draw_ascii ? "~" : "\xe2\x80\xa6";
}

/* Display width of UTF-8 text. */
int
draw_width(const char *s)
{
	return (int)text_width(s);
}

/* Router bytes as one line of display text. */
const char *
draw_value(struct buf *b, const char *p, size_t n)
{
	buf_reset(b);
	text_to_utf8(b, p, n, draw_cs, 1);
	return b->p != NULL ? b->p : "";
}

/* Spaces. */
void
draw_fill(WINDOW *w, int y, int x, int width)
{
	if (width > 0)
		mvwhline(w, y, x, ' ', width);
}

/* A vertical line. */
void
draw_vline(struct app *a, WINDOW *w, int x, int y, int h)
{
	wattrset(w, theme_attr(R_BORDER));
	if (draw_ascii)
		mvwvline(w, y, x, '|', h);
	else
		mvwvline_set(w, y, x, WACS_VLINE, h);
}

/* Text in at most width columns, elided, optionally padded. */
int
draw_text(WINDOW *w, int y, int x, const char *s, int width, int pad)
{
	mbstate_t st;
	const char *p = s;
	int used = 0, total = draw_width(s);
	size_t n = strlen(s);

	if (width > getmaxx(w) - x)	/* never wrapped to the next line */
		width = getmaxx(w) - x;
	if (width <= 0 || wmove(w, y, x) == ERR)
		return 0;	/* outside the window */
	memset(&st, 0, sizeof st);
	while (n > 0) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, p, n, &st);
		int cw;

		if (k == (size_t)-1 || k == (size_t)-2) {
			wc = L'?';
			k = 1;
			memset(&st, 0, sizeof st);
		} else if (k == 0)
			break;
		cw = wcwidth(wc);
		if (cw < 0)
			cw = 1, wc = L'?';
		if (total > width && used + cw > width - 1) {
			waddstr(w, draw_ellipsis());
			used++;
			break;
		}
		if (used + cw > width)
			break;
		waddnwstr(w, &wc, 1);
		used += cw;
		p += k;
		n -= k;
	}
	if (pad && used < width) {
		draw_fill(w, y, x + used, width - used);
		used = width;
	}
	return used;
}

/* Word-wrap s; draws when w is not NULL.  Lines after the first are
 * indented by hang more.  Returns the lines. */
static int
draw_wrap_do(WINDOW *w, int y, int x, int hang, const char *s, int width0,
    int maxlines)
{
	int lines = 0, width;
	struct buf line;

	buf_init(&line);
	while (*s != '\0' && lines < maxlines) {
		const char *p = s, *cut = NULL;

		width = lines > 0 ? width0 - hang : width0;
		if (width < 8)
			width = 8;

		buf_reset(&line);
		buf_adds(&line, "");
		/* take words while they fit */
		for (;;) {
			const char *e = p + strcspn(p, " ");
			char *try = xstrndup(s, (size_t)(e - s));
			int fits = draw_width(try) <= width;

			free(try);
			if (!fits)
				break;
			cut = e;
			if (*e == '\0')
				break;
			p = e + 1;
		}
		if (cut == NULL || lines == maxlines - 1)
			cut = s + strlen(s);	/* one long word: elide */
		buf_add(&line, s, (size_t)(cut - s));
		if (w != NULL)
			draw_text(w, y + lines, lines > 0 ? x + hang : x,
			    line.p, width, 0);
		lines++;
		s = cut;
		while (*s == ' ')
			s++;
	}
	buf_free(&line);
	return lines;
}

/* Word-wrapped text. */
int
draw_wrap(WINDOW *w, int y, int x, const char *s, int width, int maxlines)
{
	return draw_wrap_do(w, y, x, 0, s, width, maxlines);
}

/* Word-wrapped text, the lines after the first indented by hang. */
int
draw_wrap_hang(WINDOW *w, int y, int x, int hang, const char *s, int width,
    int maxlines)
{
	return draw_wrap_do(w, y, x, hang, s, width, maxlines);
}

/* Lines the wrapped text takes. */
int
draw_wrap_lines(const char *s, int width, int maxlines)
{
	return draw_wrap_do(NULL, 0, 0, 0, s, width, maxlines);
}

int
list_move(size_t *sel, size_t n, size_t page, enum action_id id)
{
	switch (id) {
	case ACT_UP:
		if (*sel > 0)
			(*sel)--;
		return 1;
	case ACT_DOWN:
		if (*sel + 1 < n)
			(*sel)++;
		return 1;
	case ACT_PGUP:
		*sel = *sel > page ? *sel - page : 0;
		return 1;
	case ACT_PGDN:
		*sel = *sel + page < n ? *sel + page : n > 0 ? n - 1 : 0;
		return 1;
	case ACT_TOP:
		*sel = 0;
		return 1;
	case ACT_BOTTOM:
		*sel = n > 0 ? n - 1 : 0;
		return 1;
	default:
		return 0;
	}
}
