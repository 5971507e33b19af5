/* views/api.c: ":api /path/cmd =a=b ?q=v": a raw API command and its
 * reply: the rows as a table (whatever columns they have), !done =ret=,
 * the router's message for a !trap, !empty.  Streaming commands (follow,
 * listen, monitor) keep adding rows until Esc sends /cancel. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "rows.h"
#include "../uiint.h"

#define API_MAX_COLS	64
#define API_COL_MAX_W	30

struct aview {
	char		**w;
	size_t		  n;
	req_id		  req;
	int		  running;
	struct rowstore	  rs;
	char		 *ret;
	char		 *trap;
	char		 *err;
	int		  empty;
	int		  cancelled;
	size_t		  sel;
	size_t		  top;
	int		  rows_shown;
	struct buf	  tmp;
};

static void api_view_open(struct app *a, struct view *v);
static void api_view_close(struct app *a, struct view *v);
static void api_view_draw(struct app *a, struct view *v, WINDOW *w);
static int api_view_action(struct app *a, struct view *v,
    enum action_id id);
static int api_view_can(struct app *a, struct view *v, enum action_id id);
static void api_view_event(struct app *a, struct view *v, struct event *ev);
static void api_send(struct app *a, struct view *v);
static void api_reset(struct aview *av);
static int api_streams(struct aview *av);
static void api_free_words(char **w, size_t n);

const struct view_desc view_api = {
	"api", CTX_TABLE,
	api_view_open, api_view_close, api_view_draw,
	api_view_action, api_view_can, api_view_event, NULL, NULL
};

/* Free n words and the array. */
static void
api_free_words(char **w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(w[i]);
	free(w);
}

/* Words like a shell: spaces separate, "..." groups. */
long
api_split(const char *line, char ***words)
{
	const char *p = line;
	char **w = NULL;
	size_t n = 0;
	struct buf b;

	*words = NULL;
	buf_init(&b);
	for (;;) {
		int quoted = 0, any = 0;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		buf_reset(&b);
		buf_adds(&b, "");
		while (*p != '\0' && (quoted || (*p != ' ' && *p != '\t'))) {
			if (*p == '"') {
				quoted = !quoted;
				any = 1;
				p++;
				continue;
			}
			if (quoted && *p == '\\' && (p[1] == '"' ||
			    p[1] == '\\'))
				p++;
			buf_addc(&b, *p++);
			any = 1;
		}
		if (quoted) {
			buf_free(&b);
			api_free_words(w, n);
			return -1;
		}
		if (any) {
			w = xreallocarray(w, n + 1, sizeof *w);
			w[n++] = xstrdup(b.p);
		}
	}
	buf_free(&b);
	*words = w;
	return (long)n;
}

/* Open the view for what followed ":api". */
void
api_open(struct app *a, const char *line)
{
	char **w;
	long n;
	struct aview *av;

	while (*line == ' ')
		line++;
	n = api_split(line, &w);

	if (n < 0) {
		app_status(a, R_STATUS_ERROR, "%s", _("api: a \" is not "
		    "closed"));
		return;
	}
	if (n == 0) {
		app_status(a, R_STATUS_ERROR, "%s", _("api: expected a "
		    "command, e.g. :api /ip/address/print ?interface=ether1"));
		api_free_words(w, 0);
		return;
	}
	if (w[0][0] != '/') {
		char *c = xasprintf("/%s", w[0]);

		free(w[0]);
		w[0] = c;
	}
	av = xcalloc(1, sizeof *av);
	av->w = w;
	av->n = (size_t)n;
	app_push_init(a, &view_api, NULL, line, av);
}

/* Does the command keep replying (follow, listen, monitor ...)? */
static int
api_streams(struct aview *av)
{
	size_t i;

	if (strstr(av->w[0], "listen") != NULL ||
	    strstr(av->w[0], "monitor") != NULL ||
	    strstr(av->w[0], "/ping") != NULL ||
	    strstr(av->w[0], "/torch") != NULL)
		return 1;
	for (i = 1; i < av->n; i++)
		if (strncmp(av->w[i], "=follow", 7) == 0 ||
		    strncmp(av->w[i], "=interval=", 10) == 0)
			return 1;
	return 0;
}

/* Forget the last reply. */
static void
api_reset(struct aview *av)
{
	rowstore_clear(&av->rs);
	rowstore_init(&av->rs);
	free(av->ret);
	free(av->trap);
	free(av->err);
	av->ret = av->trap = av->err = NULL;
	av->empty = av->cancelled = 0;
	av->sel = av->top = 0;
}

/* Send the command (again). */
static void
api_send(struct app *a, struct view *v)
{
	struct aview *av = v->priv;

	if (av->running)
		engine_cancel(a->e, av->req);
	v->gen++;
	api_reset(av);
	av->req = app_send(a, v, api_streams(av) ? REQ_STREAM : 0,
	    (const char *const *)av->w, av->n);
	av->running = 1;
}

/* Open: the words came in v->priv. */
static void
api_view_open(struct app *a, struct view *v)
{
	struct aview *av = v->priv;

	rowstore_init(&av->rs);
	buf_init(&av->tmp);
	api_send(a, v);
}

/* Close: a command still running is cancelled. */
static void
api_view_close(struct app *a, struct view *v)
{
	struct aview *av = v->priv;

	if (av->running)
		engine_cancel(a->e, av->req);
	rowstore_clear(&av->rs);
	api_free_words(av->w, av->n);
	free(av->ret);
	free(av->trap);
	free(av->err);
	buf_free(&av->tmp);
	free(av);
}

/* The reply. */
static void
api_view_event(struct app *a, struct view *v, struct event *ev)
{
	struct aview *av = v->priv;

	if (ev->req != av->req)
		return;
	switch (ev->type) {
	case EV_ROWS:
		rowstore_add(&av->rs, &ev->rows);
		break;
	case EV_DONE:
		av->running = 0;
		av->cancelled = ev->cancelled;
		av->empty = ev->empty;
		if (ev->ret != NULL)
			av->ret = xstrdup(ev->ret);
		if (ev->ntraps > 0)
			av->trap = xstrdup(ev->traps[0].message != NULL ?
			    ev->traps[0].message : "");
		break;
	case EV_ERROR:
		av->running = 0;
		av->err = xstrdup(ev->message != NULL ? ev->message :
		    _("request failed"));
		break;
	default:
		break;
	}
}

/* The command, what came back, the rows. */
static void
api_view_draw(struct app *a, struct view *v, WINDOW *w)
{
	struct aview *av = v->priv;
	int width = getmaxx(w), height = getmaxy(w), x, y;
	int wid[API_MAX_COLS], total;
	uint32_t ncols = av->rs.ncols, k;
	size_t i, nr = av->rs.nrows;
	char right[128], state[512];
	struct tword t;

	wattrset(w, theme_attr(R_PANEL_TITLE));
	x = draw_text(w, 0, 0, "api ", width, 0);
	str_fmt(right, sizeof right, av->running ? ngettext("running: %zu "
	    "row (Esc stops)", "running: %zu rows (Esc stops)", nr) :
	    ngettext("%zu row", "%zu rows", nr), nr);
	wattrset(w, theme_attr(R_NORMAL));
	draw_text(w, 0, x, v->arg, width - x - draw_width(right) - 1, 0);
	wattrset(w, theme_attr(R_PANEL_TITLE));
	draw_text(w, 0, width - draw_width(right), right, width, 0);

	/* the outcome */
	state[0] = '\0';
	if (av->err != NULL)
		str_fmt(state, sizeof state, _("failed: %s"), av->err);
	else if (av->trap != NULL)
		str_fmt(state, sizeof state, _("!trap: %s"), av->trap);
	else if (av->cancelled)
		str_fmt(state, sizeof state, "%s", _("stopped (/cancel)"));
	else if (!av->running && av->ret != NULL)
		str_fmt(state, sizeof state, "!done =ret=%s", av->ret);
	else if (!av->running && av->empty)
		str_fmt(state, sizeof state, "%s", _("!empty: nothing "
		    "matched"));
	else if (!av->running)
		str_fmt(state, sizeof state, "%s", "!done");
	if (state[0] != '\0') {
		wattrset(w, theme_attr(av->err != NULL || av->trap != NULL ?
		    R_STATUS_ERROR : R_STATUS_INFO));
		draw_text(w, 1, 0, state, width, 0);
	}
	if (ncols > API_MAX_COLS)
		ncols = API_MAX_COLS;
	if (nr == 0 || ncols == 0)
		return;

	/* widths from the header and the first rows */
	for (k = 0; k < ncols; k++) {
		wid[k] = draw_width(av->rs.cols[k]);
		for (i = 0; i < nr && i < 300; i++)
			if (rowstore_get(&av->rs, i, k, &t)) {
				int w1 = draw_width(draw_value(&av->tmp, t.p,
				    t.len));

				if (w1 > wid[k])
					wid[k] = w1 > API_COL_MAX_W ?
					    API_COL_MAX_W : w1;
			}
	}
	for (;;) {
		int widest = -1;

		total = 0;
		for (k = 0; k < ncols; k++)
			total += wid[k] + 1;
		if (total <= width)
			break;
		for (k = 0; k < ncols; k++)
			if (widest < 0 || wid[k] > wid[widest])
				widest = (int)k;
		if (wid[widest] <= 6) {
			ncols--;
			if (ncols == 0)
				return;
			continue;
		}
		wid[widest]--;
	}
	wattrset(w, theme_attr(R_TABLE_HEADER));
	draw_fill(w, 2, 0, width);
	for (k = 0, x = 0; k < ncols; k++) {
		draw_text(w, 2, x, av->rs.cols[k], wid[k], 0);
		x += wid[k] + 1;
	}
	av->rows_shown = height - 3;
	if (av->sel >= nr)
		av->sel = nr - 1;
	if (av->sel < av->top)
		av->top = av->sel;
	if (av->rows_shown > 0 && av->sel >= av->top +
	    (size_t)av->rows_shown)
		av->top = av->sel - (size_t)av->rows_shown + 1;
	for (i = av->top, y = 3; i < nr && y < height; i++, y++) {
		wattrset(w, theme_attr(i == av->sel ? R_TABLE_SELECTED :
		    R_NORMAL));
		draw_fill(w, y, 0, width);
		for (k = 0, x = 0; k < ncols; k++) {
			if (rowstore_get(&av->rs, i, k, &t))
				draw_text(w, y, x, draw_value(&av->tmp, t.p,
				    t.len), wid[k], 0);
			x += wid[k] + 1;
		}
	}
}

/* What works here. */
static int
api_view_can(struct app *a, struct view *v, enum action_id id)
{
	struct aview *av = v->priv;

	switch (id) {
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PGUP:
	case ACT_PGDN:
	case ACT_TOP:
	case ACT_BOTTOM:
		return av->rs.nrows > 0;
	case ACT_STOP:
		return av->running;
	case ACT_REFRESH:
	case ACT_BACK:
		return 1;
	default:
		return 0;
	}
}

/* Keys. */
static int
api_view_action(struct app *a, struct view *v, enum action_id id)
{
	struct aview *av = v->priv;
	size_t n = av->rs.nrows, page = av->rows_shown > 2 ?
	    (size_t)av->rows_shown / 2 : 1;

	switch (id) {
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PGUP:
	case ACT_PGDN:
	case ACT_TOP:
	case ACT_BOTTOM:
		list_move(&av->sel, n, page, id);
		break;
	case ACT_STOP:
		if (!av->running)
			return 0;	/* Esc: back */
		engine_cancel(a->e, av->req);
		break;
	case ACT_REFRESH:
		api_send(a, v);
		break;
	case ACT_BACK:
		app_pop(a);
		break;
	default:
		return 0;
	}
	return 1;
}
