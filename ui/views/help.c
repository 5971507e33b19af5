/* views/help.c: the keys that work on the screen below, from the action
 * table. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "../uiint.h"

struct hview {
	unsigned	ctx;	/* the screen the help is for */
	uint32_t	for_id;	/* that screen's view */
	size_t		top;
	int		rows_shown;
	size_t		nlines;
};

static void help_open(struct app *a, struct view *v);
static void help_close(struct app *a, struct view *v);
static void help_draw(struct app *a, struct view *v, WINDOW *w);
static int help_action(struct app *a, struct view *v, enum action_id id);
static void help_event(struct app *a, struct view *v, struct event *ev);

const struct view_desc view_help = {
	"help", CTX_HELP,
	help_open, help_close, help_draw, help_action, NULL, help_event,
	NULL
};

/* Open: remember which screen asked. */
static void
help_open(struct app *a, struct view *v)
{
	struct hview *hv = xcalloc(1, sizeof *hv);
	struct view *f = app_find(a, a->help_for);

	/* the focused view: a pane, or the one below us on the stack */
	if (f == NULL && a->s->nstack >= 2)
		f = a->s->stack[a->s->nstack - 2];
	hv->for_id = f != NULL ? f->id : 0;
	hv->ctx = f != NULL ? f->desc->ctx : CTX_TABLE;
	v->priv = hv;
}

/* Close. */
static void
help_close(struct app *a, struct view *v)
{
	free(v->priv);
}

/* No requests. */
static void
help_event(struct app *a, struct view *v, struct event *ev)
{
}

/* keys  what they do */
static void
help_draw(struct app *a, struct view *v, WINDOW *w)
{
	struct hview *hv = v->priv;
	size_t n, i, line = 0;
	const struct action *acts = actions_table(&n);
	int width = getmaxx(w), height = getmaxy(w), y = 2, kw = 12;

	wattrset(w, theme_attr(R_PANEL_TITLE));
	draw_text(w, 0, 0, _("Keys on this screen (q or Esc closes)"), width,
	    0);
	hv->rows_shown = height - 2;
	for (i = 0; i < n; i++) {
		struct view *below = app_find(a, hv->for_id);

		if (!(acts[i].where & hv->ctx))
			continue;
		/* only what works on that screen now */
		if (below != NULL && acts[i].run == NULL &&
		    below->desc->can != NULL &&
		    !below->desc->can(a, below, acts[i].id))
			continue;
		if (line++ < hv->top || y >= height)
			continue;
		wattrset(w, theme_attr(R_HELP_KEY));
		draw_text(w, y, 1, acts[i].label, kw, 0);
		wattrset(w, theme_attr(R_HELP_TEXT));
		draw_text(w, y, kw + 2, _(acts[i].help), width - kw - 2, 0);
		y++;
	}
	hv->nlines = line;
}

/* Scroll, close. */
static int
help_action(struct app *a, struct view *v, enum action_id id)
{
	struct hview *hv = v->priv;

	switch (id) {
	case ACT_UP:
	case ACT_PGUP:
		hv->top = hv->top > 0 ? hv->top - 1 : 0;
		break;
	case ACT_DOWN:
	case ACT_PGDN:
		if (hv->top + (size_t)hv->rows_shown < hv->nlines)
			hv->top++;
		break;
	case ACT_TOP:
		hv->top = 0;
		break;
	case ACT_BOTTOM:
		if (hv->nlines > (size_t)hv->rows_shown)
			hv->top = hv->nlines - (size_t)hv->rows_shown;
		break;
	case ACT_BACK:
		app_pop(a);
		break;
	default:
		return 0;
	}
	return 1;
}
