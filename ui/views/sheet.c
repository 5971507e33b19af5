/* views/sheet.c: one row, or a singleton menu, as a property sheet. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "menus.h"
#include "../uiint.h"

struct sview {
	char	**names;
	char	**values;
	size_t	  n;
	size_t	  sel;
	size_t	  top;
	req_id	  req;
	int	  loading;
	int	  found;
	int	  rows_shown;
};

static void sheet_open(struct app *a, struct view *v);
static void sheet_close(struct app *a, struct view *v);
static void sheet_draw(struct app *a, struct view *v, WINDOW *w);
static int sheet_action(struct app *a, struct view *v, enum action_id id);
static void sheet_event(struct app *a, struct view *v, struct event *ev);
static void sheet_load(struct app *a, struct view *v);
static void sheet_clear(struct sview *sv);
static int sheet_can(struct app *a, struct view *v, enum action_id id);

const struct view_desc view_sheet = {
	"sheet", CTX_SHEET,
	sheet_open, sheet_close, sheet_draw, sheet_action, sheet_can,
	sheet_event, sheet_load, NULL
};

/* Open: ask for the whole row (all its properties). */
static void
sheet_open(struct app *a, struct view *v)
{
	v->priv = xcalloc(1, sizeof(struct sview));
	sheet_load(a, v);
}

/* Drop the fields. */
static void
sheet_clear(struct sview *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++) {
		free(sv->names[i]);
		free(sv->values[i]);
	}
	free(sv->names);
	free(sv->values);
	sv->names = sv->values = NULL;
	sv->n = 0;
}

/* print (with ?.id= for one row of a table). */
static void
sheet_load(struct app *a, struct view *v)
{
	struct sview *sv = v->priv;
	const char *words[2];
	char *print = xasprintf("%s/print", v->path), *q = NULL;

	v->gen++;
	words[0] = print;
	if (v->arg != NULL)
		words[1] = q = xasprintf("?.id=%s", v->arg);
	sv->req = app_send(a, v, 0, words, v->arg != NULL ? 2 : 1);
	sv->loading = 1;
	free(print);
	free(q);
}

/* Close. */
static void
sheet_close(struct app *a, struct view *v)
{
	struct sview *sv = v->priv;

	if (sv->loading)
		engine_cancel(a->e, sv->req);
	sheet_clear(sv);
	free(sv);
}

/* The reply: the first row's fields, in the router's order. */
static void
sheet_event(struct app *a, struct view *v, struct event *ev)
{
	struct sview *sv = v->priv;
	struct rowstore rs;
	struct rowcur c;
	struct field f;
	struct buf b;

	if (ev->req != sv->req)
		return;
	switch (ev->type) {
	case EV_ROWS:
		if (sv->found)
			break;
		rowstore_init(&rs);
		buf_init(&b);
		rowstore_add(&rs, &ev->rows);
		if (rs.nrows > 0) {
			sheet_clear(sv);
			sv->found = 1;
			rowcur_init(&c, rs.rows[0]);
			while (rowcur_next(&c, &f)) {
				sv->names = xreallocarray(sv->names,
				    sv->n + 1, sizeof *sv->names);
				sv->values = xreallocarray(sv->values,
				    sv->n + 1, sizeof *sv->values);
				sv->names[sv->n] = xstrdup(rs.cols[f.col]);
				sv->values[sv->n] = xstrdup(draw_value(&b,
				    f.val.p, f.val.len));
				sv->n++;
			}
		}
		buf_free(&b);
		rowstore_clear(&rs);
		break;
	case EV_DONE:
		sv->loading = 0;
		if (ev->ntraps > 0)
			app_status(a, R_STATUS_ERROR, _("%s: %s"), v->path,
			    ev->traps[0].message);
		else if (!sv->found && v->arg != NULL)
			app_status(a, R_STATUS_INFO, _("%s: row %s is gone"),
			    v->path, v->arg);
		sv->found = 0;
		break;
	case EV_ERROR:
		sv->loading = 0;
		sv->found = 0;
		app_status(a, R_STATUS_ERROR, _("%s: %s"), v->path,
		    ev->message != NULL ? ev->message : _("request failed"));
		break;
	default:
		break;
	}
}

/* name: value lines, names right-aligned as in the RouterOS CLI. */
static void
sheet_draw(struct app *a, struct view *v, WINDOW *w)
{
	struct sview *sv = v->priv;
	int width = getmaxx(w), height = getmaxy(w), nw = 0, y;
	size_t i;
	char *head;

	head = v->arg != NULL ? xasprintf("%s  %s", v->path, v->arg) :
	    xstrdup(v->path);
	wattrset(w, theme_attr(R_PANEL_TITLE));
	draw_text(w, 0, 0, head, width, 0);
	free(head);
	if (sv->n == 0) {
		wattrset(w, theme_attr(R_STATUS_INFO));
		draw_text(w, 2, 1, sv->loading ? _("loading...") :
		    _("no properties"), width - 1, 0);
		return;
	}
	for (i = 0; i < sv->n; i++)
		if (draw_width(sv->names[i]) > nw)
			nw = draw_width(sv->names[i]);
	if (nw > width / 2)
		nw = width / 2;
	sv->rows_shown = height - 2;
	if (sv->sel < sv->top)
		sv->top = sv->sel;
	if (sv->rows_shown > 0 && sv->sel >= sv->top +
	    (size_t)sv->rows_shown)
		sv->top = sv->sel - (size_t)sv->rows_shown + 1;
	for (i = sv->top, y = 2; i < sv->n && y < height; i++, y++) {
		int sel = i == sv->sel && !a->focus_tree;
		int pad = nw - draw_width(sv->names[i]);

		wattrset(w, theme_attr(sel ? R_TABLE_SELECTED : R_SHEET_NAME));
		draw_fill(w, y, 0, width);
		draw_text(w, y, 1 + (pad > 0 ? pad : 0), sv->names[i], nw, 0);
		draw_text(w, y, nw + 1, ":", 1, 0);
		if (!sel)
			wattrset(w, theme_attr(R_SHEET_VALUE));
		draw_text(w, y, nw + 3, sv->values[i], width - nw - 3, 0);
	}
}

/* Keys. */
static int
sheet_action(struct app *a, struct view *v, enum action_id id)
{
	struct sview *sv = v->priv;
	size_t page = sv->rows_shown > 2 ? (size_t)sv->rows_shown / 2 : 1;

	switch (id) {
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PGUP:
	case ACT_PGDN:
	case ACT_TOP:
	case ACT_BOTTOM:
		list_move(&sv->sel, sv->n, page, id);
		break;
	case ACT_REFRESH:
		sheet_load(a, v);
		break;
	case ACT_EDIT: {
		struct form_init fi;

		if (!menu_writable(v->path))
			return 0;
		memset(&fi, 0, sizeof fi);
		fi.mode = v->arg != NULL ? FORM_EDIT : FORM_SINGLE;
		fi.ids = v->arg;
		fi.table = v->id;
		form_open(a, v->path, &fi);
		break;
	}
	case ACT_BACK:
		app_pop(a);
		break;
	default:
		return 0;
	}
	return 1;
}

/* Editing only where the menu can be changed. */
static int
sheet_can(struct app *a, struct view *v, enum action_id id)
{
	return id != ACT_EDIT || menu_writable(v->path);
}
