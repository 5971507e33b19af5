/* views/preview.c: what a write will send, as API words and as the CLI
 * line; confirm, back to the form, or cancel.  Then it sends the commands
 * and reports: a trap goes back to the form with the input intact. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "../uiint.h"

struct pview {
	struct writereq	*w;
	req_id		*reqs;
	size_t		 left;		/* replies still to come */
	int		 sent;
	char		*trap;		/* the first refusal or failure */
	int		 refused;	/* trap is the router's refusal */
	char		*ret;		/* =ret= of an add */
	size_t		 top;
	int		 rows_shown;
	int		 nlines;
};

static void preview_view_open(struct app *a, struct view *v);
static void preview_view_close(struct app *a, struct view *v);
static void preview_draw(struct app *a, struct view *v, WINDOW *w);
static int preview_action(struct app *a, struct view *v, enum action_id id);
static int preview_can(struct app *a, struct view *v, enum action_id id);
static void preview_event(struct app *a, struct view *v, struct event *ev);
static void preview_send(struct app *a, struct view *v);
static void preview_finish(struct app *a, struct view *v);
static char *preview_failure(const struct event *ev);
static int preview_needs_quotes(const char *s);

const struct view_desc view_preview = {
	"preview", CTX_PREVIEW,
	preview_view_open, preview_view_close, preview_draw,
	preview_action, preview_can, preview_event, NULL, NULL
};

/* Add a command to a write. */
struct wcmd *
writereq_cmd(struct writereq *w, const char *cmd)
{
	struct wcmd *c;

	w->cmds = xreallocarray(w->cmds, w->ncmds + 1, sizeof *w->cmds);
	c = &w->cmds[w->ncmds++];
	c->w = NULL;
	c->n = 0;
	writereq_word(c, "%s", cmd);
	return c;
}

/* Add a word to a command. */
void
writereq_word(struct wcmd *c, const char *fmt, ...)
{
	va_list ap;

	c->w = xreallocarray(c->w, c->n + 1, sizeof *c->w);
	va_start(ap, fmt);
	c->w[c->n++] = xvasprintf(fmt, ap);
	va_end(ap);
}

/* Free a write. */
void
writereq_free(struct writereq **wp)
{
	struct writereq *w = *wp;
	size_t i, k;

	if (w == NULL)
		return;
	for (i = 0; i < w->ncmds; i++) {
		for (k = 0; k < w->cmds[i].n; k++)
			free(w->cmds[i].w[k]);
		free(w->cmds[i].w);
	}
	free(w->cmds);
	free(w->question);
	free(w->select);
	free(w);
	*wp = NULL;
}

/* Does the CLI need "..." around this value? */
static int
preview_needs_quotes(const char *s)
{
	if (*s == '\0')
		return 1;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= ' ' || strchr("\"\\$;[]{}?=", *s) !=
		    NULL || (unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/* A value as the CLI reads it. */
void
preview_quote(struct buf *b, const char *s)
{
	if (!preview_needs_quotes(s)) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		if (strchr("\"\\$?", *s) != NULL)
			buf_addc(b, '\\');
		if (*s == '\n')
			buf_adds(b, "\\n");
		else if (*s == '\t')
			buf_adds(b, "\\t");
		else
			buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

/* "/ip/firewall/filter/set =.id=*5 =dst-port=22" as
 * "/ip firewall filter set [find .id=*5] dst-port=22". */
char *
preview_cli(const struct wcmd *c)
{
	struct buf b;
	const char *p;
	size_t i;

	buf_init(&b);
	for (p = c->w[0]; *p != '\0'; p++)
		buf_addc(&b, *p == '/' && p != c->w[0] ? ' ' : *p);
	for (i = 1; i < c->n; i++) {
		const char *wd = c->w[i], *eq;

		if (wd[0] != '=' || (eq = strchr(wd + 1, '=')) == NULL)
			continue;
		buf_addc(&b, ' ');
		if (strncmp(wd, "=.id=", 5) == 0) {
			buf_printf(&b, "[find .id=%s]", eq + 1);
			continue;
		}
		buf_add(&b, wd + 1, (size_t)(eq - wd - 1));
		buf_addc(&b, '=');
		preview_quote(&b, eq + 1);
	}
	return buf_steal(&b, NULL);
}

/* Push the preview of w. */
void
preview_open(struct app *a, struct writereq *w)
{
	struct pview *pv = xcalloc(1, sizeof *pv);

	pv->w = w;
	app_push_init(a, &view_preview, NULL, NULL, pv);
}

/* Open: the write came in v->priv. */
static void
preview_view_open(struct app *a, struct view *v)
{
}

/* Close: replies still to come are dropped with the view. */
static void
preview_view_close(struct app *a, struct view *v)
{
	struct pview *pv = v->priv;

	writereq_free(&pv->w);
	free(pv->reqs);
	free(pv->trap);
	free(pv->ret);
	free(pv);
}

/* The question, the API words, the CLI lines. */
static void
preview_draw(struct app *a, struct view *v, WINDOW *w)
{
	struct pview *pv = v->priv;
	int width = getmaxx(w), height = getmaxy(w), y = 0, line = 0;
	size_t i, k;
	struct buf b;

	wattrset(w, theme_attr(R_PANEL_TITLE));
	draw_text(w, 0, 0, pv->sent ? _("Sending...") :
	    _("Preview: exactly this will be sent"), width, 0);
	y = 2;
	pv->rows_shown = height - 2;
	/* a line longer than the screen goes on under itself: what will be
	 * sent is never cut off */
#define LINE(role, x, text) do { \
		if (line++ >= (int)pv->top && y < height) { \
			int n_; \
			wattrset(w, theme_attr(role)); \
			n_ = draw_wrap_hang(w, y, (x), 2, (text), \
			    width - (x), height - y); \
			y += n_ > 0 ? n_ : 1; \
		} \
	} while (0)
	if (pv->w->question != NULL) {	/* wrapped, not scrolled */
		wattrset(w, theme_attr(R_STATUS_ERROR));
		y += draw_wrap(w, y, 1, pv->w->question, width - 2, 4);
		y++;
	}
	LINE(R_SHEET_NAME, 1, _("API words:"));
	buf_init(&b);	/* words are router bytes (the charset) */
	for (i = 0; i < pv->w->ncmds; i++) {
		for (k = 0; k < pv->w->cmds[i].n; k++)
			LINE(R_SHEET_VALUE, k == 0 ? 3 : 5, draw_value(&b,
			    pv->w->cmds[i].w[k], strlen(pv->w->cmds[i].w[k])));
	}
	LINE(R_NORMAL, 0, "");
	LINE(R_SHEET_NAME, 1, _("RouterOS CLI:"));
	for (i = 0; i < pv->w->ncmds; i++) {
		char *cli = preview_cli(&pv->w->cmds[i]);

		LINE(R_SHEET_VALUE, 3, draw_value(&b, cli, strlen(cli)));
		free(cli);
	}
	buf_free(&b);
	LINE(R_NORMAL, 0, "");
	LINE(R_HELP_TEXT, 1, pv->w->form != 0 ?
	    _("y or Enter sends it; q or Esc goes back to the form; n "
	    "cancels") : _("y or Enter sends it; q, Esc or n cancels"));
#undef LINE
	pv->nlines = line;
}

/* Send every command; the replies come to this view. */
static void
preview_send(struct app *a, struct view *v)
{
	struct pview *pv = v->priv;
	size_t i;

	pv->reqs = xcalloc(pv->w->ncmds, sizeof *pv->reqs);
	for (i = 0; i < pv->w->ncmds; i++)
		pv->reqs[i] = app_send(a, v, REQ_NOW,
		    (const char *const *)pv->w->cmds[i].w, pv->w->cmds[i].n);
	pv->left = pv->w->ncmds;
	pv->sent = 1;
}

/* What a write that failed without the router's answer means. */
static char *
preview_failure(const struct event *ev)
{
	switch (ev->rerr) {
	case RERR_NOT_CONNECTED:
		return xstrdup(_("not sent: the router is not connected"));
	case RERR_DISCONNECTED:
	case RERR_TIMEOUT:
		return xasprintf(_("%s: it may or may not have been "
		    "applied"),
		    ev->message != NULL ? ev->message : _("no answer"));
	default:
		return xstrdup(ev->message != NULL ? ev->message :
		    _("request failed"));
	}
}

/* Every reply is in: back to the form with the trap, or done. */
static void
preview_finish(struct app *a, struct view *v)
{
	struct pview *pv = v->priv;
	uint32_t form = pv->w->form, table = pv->w->table;
	char *trap = pv->trap, *sel;
	int refused = pv->refused;
	struct view *f, *t;

	pv->trap = NULL;
	sel = pv->w->select != NULL ? xstrdup(pv->w->select) :
	    pv->ret != NULL ? xstrdup(pv->ret) : NULL;
	app_pop(a);	/* frees pv */
	if (trap != NULL) {
		if (form != 0 && (f = app_find(a, form)) != NULL &&
		    app_top(a) == f)
			form_trap(a, f, trap, refused);
		if (refused)
			app_status(a, R_STATUS_ERROR, _("the router refused: "
			    "%s"), trap);
		else
			app_status(a, R_STATUS_ERROR, "%s", trap);
	} else {
		if (form != 0 && (f = app_find(a, form)) != NULL &&
		    app_top(a) == f)
			app_pop(a);
		app_status(a, R_STATUS_INFO, "%s", _("done"));
	}
	/* refresh either way: part of a bulk change may have applied */
	if (table != 0 && (t = app_find(a, table)) != NULL) {
		if (t->desc == &view_table)
			view_table_changed(a, t, trap == NULL ? sel : NULL);
		else if (t->desc->reload != NULL)
			t->desc->reload(a, t);
	}
	free(trap);
	free(sel);
}

/* Replies to the commands. */
static void
preview_event(struct app *a, struct view *v, struct event *ev)
{
	struct pview *pv = v->priv;
	size_t i;

	for (i = 0; i < pv->w->ncmds; i++)
		if (pv->reqs != NULL && pv->reqs[i] == ev->req)
			break;
	if (i == pv->w->ncmds)
		return;
	if (ev->type == EV_DONE) {
		if (ev->ntraps > 0 && pv->trap == NULL) {
			pv->trap = xstrdup(ev->traps[0].message != NULL ?
			    ev->traps[0].message : _("failure"));
			pv->refused = 1;
		}
		if (ev->ret != NULL && pv->ret == NULL)
			pv->ret = xstrdup(ev->ret);
	} else if (ev->type == EV_ERROR) {
		if (pv->trap == NULL)
			pv->trap = preview_failure(ev);
	} else
		return;
	if (--pv->left == 0)
		preview_finish(a, v);
}

/* While sending, only waiting works. */
static int
preview_can(struct app *a, struct view *v, enum action_id id)
{
	struct pview *pv = v->priv;

	return !pv->sent || id == ACT_HELP || id == ACT_QUIT;
}

/* Keys. */
static int
preview_action(struct app *a, struct view *v, enum action_id id)
{
	struct pview *pv = v->priv;
	uint32_t form = pv->w->form;
	struct view *f;

	if (pv->sent) {
		app_status(a, R_STATUS_INFO, "%s", _("waiting for the "
		    "router's answer"));
		return 1;
	}
	switch (id) {
	case ACT_CONFIRM:
		preview_send(a, v);
		break;
	case ACT_BACK:
		app_pop(a);
		break;
	case ACT_CANCEL:
		app_pop(a);
		if (form != 0 && (f = app_find(a, form)) != NULL &&
		    app_top(a) == f)
			app_pop(a);
		app_status(a, R_STATUS_INFO, "%s", _("cancelled: nothing was "
		    "sent"));
		break;
	default:
		return 0;
	}
	return 1;
}
