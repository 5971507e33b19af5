/*
 * pane.c: what the live panes share: the stream of a pane (sent quiet,
 * cancelled on close, why it ended) and the arguments typed after a
 * pane's command (":ping HOST count=4", ":torch ether1 port=443").
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "uiint.h"

static const char *pane_word(const char **p, size_t *len);
static size_t pane_args_words(const char *cmd, const char *head,
    const char *arg, const char *const (*defaults)[2], size_t ndefaults,
    char ***out);

void
pstream_start(struct app *a, struct view *v, struct pstream *ps,
    unsigned flags, const char *const *words, size_t n)
{
	free(ps->ended);
	ps->ended = NULL;
	ps->lost = ps->trap = 0;
	ps->req = app_send(a, v, REQ_STREAM | APP_QUIET | flags, words, n);
}

void
pstream_close(struct app *a, struct pstream *ps)
{
	if (ps->req != 0 && ps->ended == NULL)
		engine_cancel(a->e, ps->req);
	free(ps->ended);
	memset(ps, 0, sizeof *ps);
}

int
pstream_end(struct app *a, struct pstream *ps, const struct event *ev,
    const char *what, const char *done)
{
	if (ev->req != ps->req || (ev->type != EV_DONE &&
	    ev->type != EV_ERROR))
		return 0;
	free(ps->ended);
	if (ev->type == EV_ERROR) {
		ps->ended = xstrdup(ev->message != NULL ? ev->message :
		    _("request failed"));
		ps->lost = 1;
	} else if (ev->ntraps > 0) {
		ps->ended = xstrdup(ev->traps[0].message);
		ps->trap = 1;
	} else
		ps->ended = xstrdup(ev->cancelled ? _("stopped") :
		    done != NULL ? done : _("the router ended it"));
	if (what != NULL && (ps->lost || ps->trap))
		app_status(a, R_STATUS_ERROR, _("%s: %s"), what, ps->ended);
	return 1;
}

/* The next word of *p (spaces separate), or NULL; *p moves past it. */
static const char *
pane_word(const char **p, size_t *len)
{
	const char *s = *p;

	while (*s == ' ')
		s++;
	if (*s == '\0')
		return NULL;
	*len = strcspn(s, " ");
	*p = s + *len;
	return s;
}

int
pane_args_ok(const char *arg, size_t max)
{
	const char *p = arg, *w;
	size_t len, n = 0;

	if (arg == NULL)
		return 0;
	while ((w = pane_word(&p, &len)) != NULL) {
		const char *eq = memchr(w, '=', len);

		if (n == 0 ? eq != NULL : eq == NULL || eq == w)
			return 0;
		if (++n > max)
			return 0;
	}
	return n > 0;
}

/* The API words of arg (*out and its words are the caller's to free);
 * returns the count. */
static size_t
pane_args_words(const char *cmd, const char *head, const char *arg,
    const char *const (*defaults)[2], size_t ndefaults, char ***out)
{
	const char *p = arg != NULL ? arg : "", *w, *first;
	char **words, **typed;
	size_t len, flen = 0, ntyped = 0, n = 0, i, k;

	first = pane_word(&p, &flen);
	typed = xcalloc(strlen(p) / 2 + 1, sizeof *typed);
	while ((w = pane_word(&p, &len)) != NULL)
		typed[ntyped++] = xstrndup(w, len);
	words = xcalloc(2 + ndefaults + ntyped, sizeof *words);
	words[n++] = xstrdup(cmd);
	words[n++] = xasprintf("=%s=%.*s", head, (int)flen,
	    first != NULL ? first : "");
	for (k = 0; k < ndefaults; k++) {	/* typed ones take their place */
		size_t nl = strlen(defaults[k][0]);

		for (i = 0; i < ntyped; i++)
			if (typed[i] != NULL &&
			    strncmp(typed[i], defaults[k][0], nl) == 0 &&
			    typed[i][nl] == '=')
				break;
		if (i < ntyped) {
			words[n++] = xasprintf("=%s", typed[i]);
			free(typed[i]);
			typed[i] = NULL;
		} else
			words[n++] = xasprintf("=%s=%s", defaults[k][0],
			    defaults[k][1]);
	}
	for (i = 0; i < ntyped; i++)
		if (typed[i] != NULL) {
			words[n++] = xasprintf("=%s", typed[i]);
			free(typed[i]);
		}
	free(typed);
	*out = words;
	return n;
}

void
pstream_start_args(struct app *a, struct view *v, struct pstream *ps,
    unsigned flags, const char *cmd, const char *head,
    const char *const (*defaults)[2], size_t ndefaults)
{
	char **words;
	size_t n, i;

	n = pane_args_words(cmd, head, v->arg, defaults, ndefaults, &words);
	pstream_start(a, v, ps, flags, (const char *const *)words, n);
	for (i = 0; i < n; i++)
		free(words[i]);
	free(words);
}

void
pstream_label_end(const struct pstream *ps, char *buf, size_t len)
{
	size_t n = strlen(buf);

	if (ps->ended != NULL && n < len)
		str_fmt(buf + n, len - n, " (%s)", ps->ended);
}

void
pane_each_row(struct event *ev,
    void (*fn)(void *, const struct rowstore *, size_t), void *ctx)
{
	struct rowstore rs;
	size_t i;

	rowstore_init(&rs);
	rowstore_add(&rs, &ev->rows);
	for (i = 0; i < rs.nrows; i++)
		fn(ctx, &rs, i);
	rowstore_clear(&rs);
}
