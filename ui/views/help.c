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
	size_t		top;	/* the first entry shown */
	size_t		shown;	/* entries on screen */
	size_t		n;	/* entries in all */
	int		to_end;	/* End: show the last page */
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

#define HELP_KEY_W	12
#define HELP_MAX	128	/* entries: above the action table's length */

/* The entries for the screen below: indexes into the action table. */
static size_t
help_entries(struct app *a, struct hview *hv, size_t *idx, size_t max)
{
	size_t n, i, k = 0;
	const struct action *acts = actions_table(&n);
	struct view *below = app_find(a, hv->for_id);

	for (i = 0; i < n && k < max; i++) {
		if (!(acts[i].where & hv->ctx))
			continue;
		/* only what works on that screen now */
		if (below != NULL && acts[i].run == NULL &&
		    below->desc->can != NULL &&
		    !below->desc->can(a, below, acts[i].id))
			continue;
		idx[k++] = i;
	}
	return k;
}

/* keys  what they do, the text wrapped under itself */
static void
help_draw(struct app *a, struct view *v, WINDOW *w)
{
	struct hview *hv = v->priv;
	size_t n, i, idx[HELP_MAX];
	const struct action *acts = actions_table(&n);
	int width = getmaxx(w), height = getmaxy(w), y = 2;
	int tw = width - HELP_KEY_W - 2, rows = height - 2, used;
	char range[48];

	hv->n = help_entries(a, hv, idx, TD_ARRAY_LEN(idx));
	if (hv->to_end) {	/* the last entries that fit */
		hv->to_end = 0;
		hv->top = hv->n;
		for (used = 0; hv->top > 0; hv->top--) {
			used += draw_wrap_lines(_(acts[idx[hv->top - 1]].help),
			    tw, rows);
			if (used > rows)
				break;
		}
	}
	if (hv->top >= hv->n)
		hv->top = hv->n > 0 ? hv->n - 1 : 0;
	hv->shown = 0;
	for (i = hv->top; i < hv->n; i++) {
		const char *text = _(acts[idx[i]].help);

		if (y + draw_wrap_lines(text, tw, rows) > height &&
		    hv->shown > 0)
			break;
		wattrset(w, theme_attr(R_HELP_KEY));
		draw_text(w, y, 1, acts[idx[i]].label, HELP_KEY_W, 0);
		wattrset(w, theme_attr(R_HELP_TEXT));
		y += draw_wrap(w, y, HELP_KEY_W + 2, text, tw, height - y);
		hv->shown++;
	}
	wattrset(w, theme_attr(R_PANEL_TITLE));
	range[0] = '\0';
	if (hv->shown < hv->n)
		snprintf(range, sizeof range, _("%zu-%zu of %zu"),
		    hv->top + 1, hv->top + hv->shown, hv->n);
	draw_text(w, 0, 0, _("Keys on this screen (q or Esc closes)"),
	    width - draw_width(range) - 1, 0);
	if (range[0] != '\0')
		draw_text(w, 0, width - draw_width(range), range, width, 0);
}

/* Scroll, close. */
static int
help_action(struct app *a, struct view *v, enum action_id id)
{
	struct hview *hv = v->priv;

	switch (id) {
	case ACT_UP:
		hv->top = hv->top > 0 ? hv->top - 1 : 0;
		break;
	case ACT_DOWN:
		if (hv->top + hv->shown < hv->n)
			hv->top++;
		break;
	case ACT_PGUP:
		hv->top = hv->top > hv->shown ? hv->top - hv->shown : 0;
		break;
	case ACT_PGDN:
		if (hv->top + hv->shown < hv->n)
			hv->top += hv->shown;
		break;
	case ACT_TOP:
		hv->top = 0;
		break;
	case ACT_BOTTOM:
		hv->to_end = 1;
		break;
	case ACT_BACK:
		app_pop(a);
		break;
	default:
		return 0;
	}
	return 1;
}
