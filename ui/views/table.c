/* views/table.c: a menu as a table (print, stream, filter, sort). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "menus.h"
#include "rowtable.h"
#include "text.h"
#include "../uiint.h"

#define MAX_COLS	32
#define COL_MAX_W	28
#define SAMPLE_ROWS	300
#define RESORT_MS	1000
#define LIVE_CHANGED_MS	2000	/* a changed cell stays highlighted */
#define LIVE_DEAD_MS	2000	/* a removed row fades this long */
#define LIVE_HIT_MS	3000	/* a rule that matched stays lit */
#define LIVE_POLL_MS	1000	/* counter poll */
#define ROUTER_FILTER_ROWS	50000	/* above this, filters run as ?queries */

/* Counters a live table polls. */
enum live_counters { LC_NONE, LC_RULES, LC_IFACE };

/* What live mode knows of one row (by .id). */
struct liverow {
	char		*id;
	uint32_t	 changed;	/* bits: tv->cols[] highlighted */
	int64_t		 changed_until;
	int64_t		 dead_at;	/* 0: alive */
	int64_t		 hit_until;
	int64_t		 last_ms;	/* when last[] was read, 0: never */
	double		 last[2];	/* counter values */
	double		 rate[2];	/* per second */
	int		 have_rate;
};

struct tview {
	struct table		 t;
	const struct menu_info	*mi;
	char			*cols[MAX_COLS];
	size_t			 ncols;
	size_t			 curcol;
	size_t			 sel;
	size_t			 top;
	char			*sel_id;
	req_id			 req;
	req_id			 count_req;
	long			 total;	/* from =count-only=, -1 unknown */
	long			 all_total;	/* the same, without the query */
	int			 count_all;	/* the count in flight has no query */
	char			*query;		/* ?word the router filters by */
	int			 loading;
	char			*filter_text;
	int64_t			 last_index;
	double			*sortrate;	/* per slot: a counter's rate */
	size_t			 nsortrate;
	int			 rows_shown;	/* rows that fit last draw */
	struct buf		 tmp;
	int			 markmode;	/* v: Space marks rows */
	char			**marks;	/* marked .ids */
	size_t			 nmarks;
	char			*moving;	/* .ids being moved (m) */
	char			*moving_what;
	char			*want_id;	/* select after the reload */
	int			 live;		/* L: listening */
	req_id			 live_req;
	req_id			 live_stop;	/* the cancelled listen */
	req_id			 cnt_req;	/* counter poll in flight */
	int64_t			 next_poll;
	enum live_counters	 lc;
	const char		*lc_cols[2];	/* the polled counters */
	struct liverow		*lr;
	size_t			 nlr;
	size_t			 lr_hint;
	int			 loaded;	/* a load has ended well */
	req_id			 copy_req;	/* y/Y: the full rows */
	struct rowstore		 copy_rs;
};

static void table_view_open(struct app *a, struct view *v);
static void table_view_close(struct app *a, struct view *v);
static void table_view_draw(struct app *a, struct view *v, WINDOW *w);
static int table_view_action(struct app *a, struct view *v,
    enum action_id id);
static int table_view_can(struct app *a, struct view *v,
    enum action_id id);
static void table_view_event(struct app *a, struct view *v,
    struct event *ev);
static void table_view_load(struct app *a, struct view *v);
static void table_view_cols(struct tview *tv);
static void table_view_reindex(struct tview *tv);
static void table_view_remember(struct tview *tv);
static void table_view_flags(struct tview *tv, uint32_t slot, char *out);
static const char *table_view_cell(struct tview *tv, uint32_t slot,
    const char *col, char *num, size_t numlen);
static int table_view_is_flag(const char *col);
static int table_view_height(struct tview *tv, size_t pos);
static void table_view_scroll(struct tview *tv, int h);
static int table_view_marked(struct tview *tv, uint32_t slot);
static void table_view_unmark_all(struct tview *tv);
static size_t table_view_targets(struct tview *tv, struct buf *ids,
    struct buf *what, int *all_disabled);
static void table_view_row_what(struct tview *tv, uint32_t slot,
    struct buf *b);
static int table_view_write(struct app *a, struct view *v,
    enum action_id id);
static int table_view_readonly(const char *col);
static int table_view_settable(const char *fields, const char *col);
static int table_view_rs_get(const struct rowstore *rs, size_t row,
    const char *col, struct tword *val);
static void table_view_cli_row(const struct rowstore *rs, size_t row,
    const char *path, struct buf *out);
static void table_view_copy(struct app *a, struct view *v, int all);
/* Rows y/Y may copy: the clipboard takes 3/4 of APP_CLIP_MAX bytes of
 * text, and no line is shorter than 16 bytes. */
#define COPY_ROWS_MAX	(APP_CLIP_MAX * 3 / 4 / 16)
static void table_view_copy_end(struct app *a, struct tview *tv);
static void table_view_copy_event(struct app *a, struct view *v,
    struct event *ev);
static void table_view_copy_done(struct app *a, struct view *v);
static void table_view_choose(struct app *a, struct view *v);
static void table_view_reindex_keep(struct tview *tv);
static int table_view_tick(struct app *a, struct view *v);
static void table_view_live_start(struct app *a, struct view *v);
static void table_view_live_stop(struct app *a, struct view *v,
    const char *why);
static void table_view_live_rows(struct app *a, struct view *v,
    struct event *ev);
static void table_view_live_counts(struct tview *tv, struct event *ev);
static int table_view_rate_col(struct tview *tv);
static void table_view_sortrates(struct tview *tv);
static double table_view_sort_num(void *ctx, uint32_t slot);
static struct liverow *table_view_lr(struct tview *tv, const char *id,
    size_t len, int create);
static void table_view_lr_free(struct tview *tv);
static void table_view_rate(double d, char *out, size_t len);
static int table_view_big(struct tview *tv);
static const char *table_view_ifname(struct view *v);

const struct view_desc view_table = {
	"table", CTX_TABLE,
	table_view_open, table_view_close, table_view_draw,
	table_view_action, table_view_can, table_view_event,
	table_view_load, NULL, table_view_tick
};

static const char *const flag_cols[] = { "disabled", "invalid", "dynamic",
	"running", "active", "slave", "comment" };

/* Is this a column the flags column or the ;;; line shows? */
static int
table_view_is_flag(const char *col)
{
	size_t i;

	if (strcmp(col, ".id") == 0 || strcmp(col, ".nextid") == 0)
		return 1;
	for (i = 0; i < TD_ARRAY_LEN(flag_cols); i++)
		if (strcmp(col, flag_cols[i]) == 0)
			return 1;
	return 0;
}

/* Open: the catalogue's columns, then ask the router. */
static void
table_view_open(struct app *a, struct view *v)
{
	struct tview *tv = xcalloc(1, sizeof *tv);
	const char *p, *e;

	v->priv = tv;
	rowtable_init(&tv->t);
	buf_init(&tv->tmp);
	tv->total = -1;
	tv->all_total = -1;
	rowstore_init(&tv->copy_rs);
	tv->mi = menus_find(v->path);
	{
		char **saved;
		size_t ns = columns_load(v->path, &saved), i;

		for (i = 0; i < ns; i++) {
			if (tv->ncols < MAX_COLS)
				tv->cols[tv->ncols++] = saved[i];
			else
				free(saved[i]);
		}
		free(saved);
	}
	if (tv->mi != NULL && tv->ncols == 0)
		for (p = tv->mi->cols; *p != '\0' && tv->ncols < MAX_COLS;
		    p = e) {
			while (*p == ' ')
				p++;
			e = p + strcspn(p, " ");
			if (e > p)
				tv->cols[tv->ncols++] = xstrndup(p,
				    (size_t)(e - p));
		}
	table_view_load(a, v);
}

/* Send count-only and print (with the visible columns only). */
static void
table_view_load(struct app *a, struct view *v)
{
	struct tview *tv = v->priv;
	const char *words[3];
	char *print, *count;
	struct buf pl;
	size_t i, n;

	if (tv->loading && tv->req != 0)
		engine_cancel(a->e, tv->req);
	if (tv->copy_req != 0) {	/* its replies would be dropped */
		table_view_copy_end(a, tv);
		app_status(a, R_STATUS_INFO, "%s", _("copy stopped: the "
		    "table reloaded; nothing copied"));
	}
	v->gen++;	/* replies to an older load are dropped */
	print = xasprintf("%s/print", v->path);
	count = xasprintf("=count-only=");
	words[0] = print;
	words[1] = count;
	n = 2;
	if (tv->query != NULL)
		words[n++] = tv->query;
	tv->count_all = tv->query == NULL;
	tv->count_req = app_send(a, v, 0, (const char *const *)words, n);
	buf_init(&pl);
	if (tv->ncols > 0) {
		buf_adds(&pl, "=.proplist=.id");
		for (i = 0; i < TD_ARRAY_LEN(flag_cols); i++)
			buf_printf(&pl, ",%s", flag_cols[i]);
		for (i = 0; i < tv->ncols; i++)
			buf_printf(&pl, ",%s", tv->cols[i]);
	}
	n = 1;
	if (tv->ncols > 0)
		words[n++] = pl.p;
	if (tv->query != NULL)
		words[n++] = tv->query;
	tv->req = app_send(a, v, REQ_STREAM, (const char *const *)words, n);
	rowtable_begin(&tv->t);
	tv->loading = 1;
	tv->cnt_req = 0;	/* its replies carry the old generation */
	if (tv->live) {
		if (tv->live_req != 0)
			engine_cancel(a->e, tv->live_req);
		tv->live_req = 0;
		table_view_live_start(a, v);
	}
	buf_free(&pl);
	free(print);
	free(count);
}

/* Close: stop the load. */
static void
table_view_close(struct app *a, struct view *v)
{
	struct tview *tv = v->priv;
	size_t i;

	if (tv->loading)
		engine_cancel(a->e, tv->req);
	if (tv->live_req != 0)
		engine_cancel(a->e, tv->live_req);
	if (tv->cnt_req != 0)
		engine_cancel(a->e, tv->cnt_req);
	table_view_copy_end(a, tv);
	table_view_lr_free(tv);
	rowtable_free(&tv->t);
	free(tv->sortrate);
	for (i = 0; i < tv->ncols; i++)
		free(tv->cols[i]);
	free(tv->sel_id);
	free(tv->filter_text);
	free(tv->query);
	buf_free(&tv->tmp);
	table_view_unmark_all(tv);
	free(tv->moving);
	free(tv->moving_what);
	free(tv->want_id);
	free(tv);
}

/* No catalogue entry: show what the rows have. */
static void
table_view_cols(struct tview *tv)
{
	size_t i;
	static const char *const first[] = { "name", "address",
	    "dst-address", "interface" };

	if (tv->mi != NULL)
		return;
	for (i = 0; i < tv->t.ncols && tv->ncols < MAX_COLS; i++) {
		size_t k;

		if (table_view_is_flag(tv->t.cols[i]))
			continue;
		for (k = 0; k < tv->ncols; k++)
			if (strcmp(tv->cols[k], tv->t.cols[i]) == 0)
				break;
		if (k == tv->ncols)
			tv->cols[tv->ncols++] = xstrdup(tv->t.cols[i]);
	}
	/* key-like columns first */
	for (i = TD_ARRAY_LEN(first); i-- > 0;) {
		size_t k;

		for (k = 1; k < tv->ncols; k++)
			if (strcmp(tv->cols[k], first[i]) == 0) {
				char *c = tv->cols[k];

				memmove(tv->cols + 1, tv->cols,
				    k * sizeof *tv->cols);
				tv->cols[0] = c;
				break;
			}
	}
}

/* Remember the selected row's .id. */
static void
table_view_remember(struct tview *tv)
{
	struct tword id;

	free(tv->sel_id);
	tv->sel_id = NULL;
	if (tv->sel < tv->t.nidx &&
	    rowtable_get(&tv->t, tv->t.idx[tv->sel], ".id", &id))
		tv->sel_id = xstrndup(id.p, id.len);
}

/* Rebuild the index, keeping the selection on the same .id. */
static void
table_view_reindex(struct tview *tv)
{
	table_view_remember(tv);
	table_view_reindex_keep(tv);
}

/* Rebuild the index, selecting the remembered .id. */
static void
table_view_reindex_keep(struct tview *tv)
{
	long slot, pos;

	table_view_sortrates(tv);
	rowtable_reindex(&tv->t);
	tv->last_index = now_ms();
	if (tv->sel_id != NULL &&
	    (slot = rowtable_find(&tv->t, tv->sel_id, strlen(tv->sel_id))) >= 0 &&
	    (pos = rowtable_pos(&tv->t, (uint32_t)slot)) >= 0)
		tv->sel = (size_t)pos;
	if (tv->sel >= tv->t.nidx)
		tv->sel = tv->t.nidx > 0 ? tv->t.nidx - 1 : 0;
}

/* Replies. */
static void
table_view_event(struct app *a, struct view *v, struct event *ev)
{
	struct tview *tv = v->priv;

	if (ev->req == tv->count_req) {
		if (ev->type == EV_DONE && ev->ret != NULL) {
			tv->total = strtol(ev->ret, NULL, 10);
			if (tv->count_all)
				tv->all_total = tv->total;
		}
		return;
	}
	if (ev->req != 0 && ev->req == tv->copy_req) {
		table_view_copy_event(a, v, ev);
		return;
	}
	if (ev->req != 0 && ev->req == tv->cnt_req) {
		if (ev->type == EV_ROWS) {
			table_view_live_counts(tv, ev);
			if (table_view_rate_col(tv) >= 0 && !tv->loading)
				table_view_reindex(tv);	/* new rates */
		} else if (ev->type == EV_DONE || ev->type == EV_ERROR)
			tv->cnt_req = 0;
		return;
	}
	if (ev->req != 0 && ev->req == tv->live_stop) {
		if (ev->type == EV_DONE || ev->type == EV_ERROR) {
			tv->live_stop = 0;
			app_status(a, R_STATUS_INFO, _("live updates of %s "
			    "stopped"), v->path);
		}
		return;
	}
	if (ev->req != 0 && ev->req == tv->live_req) {
		switch (ev->type) {
		case EV_ROWS:
			table_view_live_rows(a, v, ev);
			break;
		case EV_DONE:
		case EV_ERROR:
			tv->live_req = 0;
			tv->live = 0;
			app_status(a, R_STATUS_ERROR, _("%s: live updates "
			    "ended: %s"), v->path, ev->ntraps > 0 ?
			    ev->traps[0].message : ev->message != NULL ?
			    ev->message : _("the router ended the listen"));
			break;
		default:
			break;
		}
		return;
	}
	if (ev->req != tv->req)
		return;
	switch (ev->type) {
	case EV_ROWS:
		rowtable_add(&tv->t, &ev->rows);
		if (tv->ncols == 0)
			table_view_cols(tv);
		if (tv->t.dirty && now_ms() - tv->last_index > RESORT_MS)
			table_view_reindex(tv);
		break;
	case EV_RESTART:
		rowtable_begin(&tv->t);
		break;
	case EV_DONE:
		tv->loading = 0;
		rowtable_end(&tv->t, !ev->cancelled && ev->ntraps == 0);
		if (tv->ncols == 0)
			table_view_cols(tv);
		table_view_reindex(tv);
		if (tv->want_id != NULL) {
			long slot = rowtable_find(&tv->t, tv->want_id,
			    strlen(tv->want_id)), pos;

			if (slot >= 0 && (pos = rowtable_pos(&tv->t,
			    (uint32_t)slot)) >= 0)
				tv->sel = (size_t)pos;
			free(tv->want_id);
			tv->want_id = NULL;
		}
		if (ev->ntraps > 0 && !tv->loaded && tv->t.nslots == 0 &&
		    app_top(a) == v && a->s->nstack > 1) {
			/* not a menu of this router (":export", a typo):
			 * back where the user was, with the router's word */
			char *msg = xasprintf(_("%s: %s"), v->path,
			    ev->traps[0].message);

			app_pop(a);	/* frees v */
			app_status(a, R_STATUS_ERROR, "%s", msg);
			free(msg);
			return;
		}
		if (ev->ntraps > 0)
			app_status(a, R_STATUS_ERROR, _("%s: %s"), v->path,
			    ev->traps[0].message);
		else if (!ev->cancelled)
			tv->loaded = 1;
		if (ev->cancelled)
			app_status(a, R_STATUS_INFO, _("load stopped: %zu "
			    "rows loaded"), tv->t.nslots);
		break;
	case EV_ERROR:
		tv->loading = 0;
		rowtable_end(&tv->t, 0);
		table_view_reindex(tv);
		app_status(a, R_STATUS_ERROR, _("%s: %s"), v->path,
		    ev->message != NULL ? ev->message : _("request failed"));
		break;
	default:
		break;
	}
}

/* Flags of a row: X disabled, I invalid, D dynamic, R running ... */
static void
table_view_flags(struct tview *tv, uint32_t slot, char *out)
{
	static const struct { const char *col; char flag; } fl[] = {
		{ "disabled", 'X' }, { "invalid", 'I' }, { "dynamic", 'D' },
		{ "running", 'R' }, { "active", 'A' }, { "slave", 'S' } };
	size_t i, n = 0;
	struct tword v;

	if (tv->nmarks > 0 && table_view_marked(tv, slot))
		out[n++] = '+';
	for (i = 0; i < TD_ARRAY_LEN(fl); i++)
		if (rowtable_get(&tv->t, slot, fl[i].col, &v) && v.len == 4 &&
		    memcmp(v.p, "true", 4) == 0)
			out[n++] = fl[i].flag;
	out[n] = '\0';
}

/* A cell as display text; counters in k/M/G. */
static const char *
table_view_cell(struct tview *tv, uint32_t slot, const char *col, char *num,
    size_t numlen)
{
	struct tword v;
	static const char *const counters[] = { "bytes", "packets",
	    "rx-byte", "tx-byte", "rx-packet", "tx-packet" };
	size_t i;

	if (tv->live && tv->lc != LC_NONE &&
	    (strcmp(col, tv->lc_cols[0]) == 0 ||
	    strcmp(col, tv->lc_cols[1]) == 0) &&
	    rowtable_get(&tv->t, slot, ".id", &v)) {
		struct liverow *lr = table_view_lr(tv, v.p, v.len, 0);

		if (lr != NULL && lr->have_rate) {
			table_view_rate(lr->rate[strcmp(col,
			    tv->lc_cols[0]) == 0 ? 0 : 1], num, numlen);
			return num;
		}
	}
	if (!rowtable_get(&tv->t, slot, col, &v))
		return "";
	for (i = 0; i < TD_ARRAY_LEN(counters); i++)
		if (strcmp(col, counters[i]) == 0 && v.len > 4 &&
		    v.len < 20 && strspn(v.p, "0123456789") >= v.len) {
			double d = strtod(draw_value(&tv->tmp, v.p, v.len),
			    NULL);
			const char *u = " kMGTP";
			int k = 0;

			while (d >= 1000 && k < 5) {
				d /= 1000;
				k++;
			}
			str_fmt(num, numlen, d < 10 ? "%.1f%c" : "%.0f%c", d,
			    u[k]);
			return num;
		}
	return draw_value(&tv->tmp, v.p, v.len);
}

/* Sorted by a polled counter in live mode: which of lc_cols (0, 1), or
 * -1.  Those columns show rates then, and sort by them. */
static int
table_view_rate_col(struct tview *tv)
{
	if (!tv->live || tv->lc == LC_NONE || tv->t.sort_col == NULL)
		return -1;
	if (strcmp(tv->t.sort_col, tv->lc_cols[0]) == 0)
		return 0;
	return strcmp(tv->t.sort_col, tv->lc_cols[1]) == 0 ? 1 : -1;
}

/* Before a reindex: the rates to sort by, per slot (0 until known). */
static void
table_view_sortrates(struct tview *tv)
{
	int j = table_view_rate_col(tv);
	size_t i;

	tv->t.sort_num = NULL;
	if (j < 0)
		return;
	if (tv->nsortrate < tv->t.nslots) {
		tv->nsortrate = tv->t.nslots;
		tv->sortrate = xreallocarray(tv->sortrate, tv->nsortrate,
		    sizeof *tv->sortrate);
	}
	memset(tv->sortrate, 0, tv->t.nslots * sizeof *tv->sortrate);
	for (i = 0; i < tv->nlr; i++) {
		long slot = rowtable_find(&tv->t, tv->lr[i].id,
		    strlen(tv->lr[i].id));

		if (slot >= 0 && tv->lr[i].have_rate)
			tv->sortrate[slot] = tv->lr[i].rate[j];
	}
	tv->t.sort_num = table_view_sort_num;
	tv->t.sort_ctx = tv;
}

static double
table_view_sort_num(void *ctx, uint32_t slot)
{
	struct tview *tv = ctx;

	return slot < tv->nsortrate ? tv->sortrate[slot] : 0;
}

/* Lines row pos takes (a comment adds one). */
static int
table_view_height(struct tview *tv, size_t pos)
{
	struct tword c;

	return rowtable_get(&tv->t, tv->t.idx[pos], "comment", &c) &&
	    c.len > 0 ? 2 : 1;
}

/* Keep the selection in the h lines of rows. */
static void
table_view_scroll(struct tview *tv, int h)
{
	size_t p, top;
	int used;

	if (tv->sel < tv->top) {
		tv->top = tv->sel;
		return;
	}
	if (tv->sel >= tv->t.nidx)
		return;
	/* Walk back from the selection until the window is full: the cost
	 * is one screen of rows, however far the selection jumped. */
	used = table_view_height(tv, tv->sel);
	top = tv->sel;
	for (p = tv->sel; p > tv->top; p--) {
		int hh = table_view_height(tv, p - 1);

		if (used + hh > h)
			break;
		used += hh;
		top = p - 1;
	}
	tv->top = top;
}

/* Draw the panel header, the column header and the rows. */
static void
table_view_draw(struct app *a, struct view *v, WINDOW *w)
{
	struct tview *tv = v->priv;
	int width = getmaxx(w), height = getmaxy(w), x, y, rows_h;
	int wid[MAX_COLS], cw[MAX_COLS], numw, flagw = 1, total_w;
	size_t p, k, ncols = tv->ncols;
	char right[128], num[32], flags[8];

	if (tv->t.dirty && !tv->loading)
		table_view_reindex(tv);
	/* panel header: path, filter, sort, count */
	wattrset(w, theme_attr(R_PANEL_TITLE));
	x = draw_text(w, 0, 0, v->path, width, 0);
	if (tv->loading && tv->total >= 0)
		str_fmt(right, sizeof right, _("loading %zu/%ld"),
		    tv->t.nslots, tv->total);
	else if (tv->loading)
		str_fmt(right, sizeof right, _("loading %zu"), tv->t.nslots);
	else if (tv->query != NULL && tv->all_total >= 0)
		str_fmt(right, sizeof right, "%zu/%ld", tv->t.nidx,
		    tv->all_total);
	else if (tv->t.filter.kind != TF_NONE)
		str_fmt(right, sizeof right, "%zu/%zu", tv->t.nidx,
		    tv->t.nslots);
	else
		str_fmt(right, sizeof right, ngettext("%zu row", "%zu rows",
		    tv->t.nslots), tv->t.nslots);
	if (tv->filter_text != NULL || tv->t.sort_col != NULL) {
		char mid[256];

		str_fmt(mid, sizeof mid, "%s%s%s%s%s%s%s",
		    tv->filter_text ? _("  filter: ") : "",
		    tv->filter_text ? tv->filter_text : "",
		    tv->query ? _(" (on the router)") : "",
		    tv->t.sort_col ? _("  sort: ") : "",
		    tv->t.sort_col ? tv->t.sort_col : "",
		    tv->t.sort_col ? " " : "",
		    tv->t.sort_col ? (tv->t.reverse ?
		    (draw_is_ascii() ? "v" : "\xe2\x96\xbc") :
		    (draw_is_ascii() ? "^" : "\xe2\x96\xb2")) : "");
		wattrset(w, theme_attr(R_NORMAL));
		x += draw_text(w, 0, x, mid, width - x - draw_width(right) -
		    1, 0);
	}
	if (tv->live) {
		char tmp[128];

		str_fmt(tmp, sizeof tmp, "%s  %s", _("LIVE"), right);
		str_copy(right, sizeof right, tmp);
	}
	wattrset(w, theme_attr(R_PANEL_TITLE));
	draw_text(w, 0, width - draw_width(right), right, width, 0);

	/* column widths from the header and a sample of the rows */
	str_fmt(num, sizeof num, "%zu", tv->t.nslots > 0 ?
	    tv->t.nslots - 1 : 0);
	numw = (int)strlen(num);
	if (numw < 1)
		numw = 1;
	for (k = 0; k < ncols; k++)
		cw[k] = 1;
	for (p = 0; p < SAMPLE_ROWS + (size_t)height; p++) {
		size_t pos = p < SAMPLE_ROWS ? p : tv->top + p - SAMPLE_ROWS;

		if (pos >= tv->t.nidx) {
			if (p < SAMPLE_ROWS)
				p = SAMPLE_ROWS - 1;
			else
				break;
			continue;
		}
		table_view_flags(tv, tv->t.idx[pos], flags);
		if ((int)strlen(flags) > flagw)
			flagw = (int)strlen(flags);
		for (k = 0; k < ncols; k++) {
			int w1 = draw_width(table_view_cell(tv,
			    tv->t.idx[pos], tv->cols[k], num, sizeof num));

			if (w1 > cw[k])
				cw[k] = w1 > COL_MAX_W ? COL_MAX_W : w1;
		}
	}
	for (k = 0; k < ncols; k++) {
		int hw = draw_width(tv->cols[k]);

		wid[k] = hw > cw[k] ? hw : cw[k];
	}
	/* shrink headers wider than their values, then the widest columns,
	 * until the table fits */
	for (;;) {
		int widest = -1, excess = -1;

		total_w = numw + 1 + flagw + 1;
		for (k = 0; k < ncols; k++)
			total_w += wid[k] + 1;
		if (total_w <= width)
			break;
		for (k = 0; k < ncols; k++)
			if (wid[k] > (cw[k] > 4 ? cw[k] : 4) && (excess < 0 ||
			    wid[k] - cw[k] > wid[excess] - cw[excess]))
				excess = (int)k;
		if (excess >= 0) {
			wid[excess]--;
			continue;
		}
		for (k = 0; k < ncols; k++)
			if (widest < 0 || wid[k] > wid[widest])
				widest = (int)k;
		if (widest < 0 || wid[widest] <= 5) {
			if (ncols == 0)
				break;
			ncols--;	/* no room: drop the last columns */
			continue;
		}
		wid[widest]--;
	}
	if (tv->curcol >= tv->ncols && tv->ncols > 0)
		tv->curcol = tv->ncols - 1;

	/* column header */
	wattrset(w, theme_attr(R_TABLE_HEADER));
	draw_fill(w, 1, 0, width);
	draw_text(w, 1, 0, "#", numw, 0);
	draw_text(w, 1, numw + 1, "F", flagw, 0);
	x = numw + 1 + flagw + 1;
	for (k = 0; k < ncols; k++) {
		int cur = k == tv->curcol;

		wattrset(w, theme_attr(cur ? R_TABLE_HEADER_CURRENT :
		    R_TABLE_HEADER));
		draw_text(w, 1, x, tv->cols[k], wid[k], 0);
		x += wid[k] + 1;
	}

	/* rows */
	rows_h = height - 2;
	tv->rows_shown = rows_h;
	if (tv->t.nidx == 0) {
		wattrset(w, theme_attr(R_STATUS_INFO));
		draw_text(w, 2, 1, tv->loading ? _("loading...") :
		    tv->t.filter.kind != TF_NONE || tv->query != NULL ?
		    _("no row matches the filter (/ and Enter clears it)") :
		    _("no items"), width - 1, 0);
		return;
	}
	table_view_scroll(tv, rows_h);
	y = 2;
	for (p = tv->top; p < tv->t.nidx && y < height; p++) {
		uint32_t slot = tv->t.idx[p];
		struct tword c;
		enum role r = R_NORMAL;
		struct liverow *lr = NULL;
		int64_t now = tv->live || tv->nlr > 0 ? now_ms() : 0;

		if (tv->nlr > 0 && rowtable_get(&tv->t, slot, ".id", &c))
			lr = table_view_lr(tv, c.p, c.len, 0);

		if (rowtable_get(&tv->t, slot, "comment", &c) && c.len > 0) {
			char *line = xasprintf(";;; %s",
			    draw_value(&tv->tmp, c.p, c.len));

			wattrset(w, theme_attr(R_TABLE_COMMENT));
			draw_text(w, y, numw + 1 + flagw + 1, line,
			    width - numw - flagw - 2, 0);
			free(line);
			if (++y >= height)
				break;
		}
		table_view_flags(tv, slot, flags);
		if (strchr(flags, 'X') != NULL)
			r = R_TABLE_DISABLED;
		else if (strchr(flags, 'I') != NULL)
			r = R_TABLE_INVALID;
		else if (strchr(flags, 'D') != NULL)
			r = R_TABLE_DYNAMIC;
		else if (lr != NULL && lr->hit_until > now)
			r = R_TABLE_HIT;
		if (p == tv->sel && !a->focus_tree)
			r = R_TABLE_SELECTED;
		if (lr != NULL && lr->dead_at != 0)
			r = R_TABLE_DEAD;
		wattrset(w, theme_attr(r));
		draw_fill(w, y, 0, width);
		str_fmt(num, sizeof num, "%*u", numw, slot);
		draw_text(w, y, 0, num, numw, 0);
		if (r != R_TABLE_SELECTED)
			wattrset(w, theme_attr(R_TABLE_FLAGS));
		draw_text(w, y, numw + 1, flags, flagw, 0);
		wattrset(w, theme_attr(r));
		x = numw + 1 + flagw + 1;
		for (k = 0; k < ncols; k++) {
			int hl = lr != NULL && lr->dead_at == 0 &&
			    lr->changed_until > now &&
			    (lr->changed & (1u << k));

			if (hl)
				wattrset(w, theme_attr(R_TABLE_CHANGED));
			draw_text(w, y, x, table_view_cell(tv, slot,
			    tv->cols[k], num, sizeof num), wid[k], 0);
			if (hl)
				wattrset(w, theme_attr(r));
			x += wid[k] + 1;
		}
		y++;
	}
}

/* Apply the filter typed after '/'. */
void
view_table_filter(struct app *a, struct view *v, const char *text)
{
	struct tview *tv = v->priv;
	struct tfilter f;
	char err[256], *q;

	if (rowtable_filter_parse(text, &f, err, sizeof err) == -1) {
		app_status(a, R_STATUS_ERROR, "%s", err);
		return;
	}
	if (f.kind != TF_NONE && f.col != NULL) {
		size_t i;
		int known = 0;

		for (i = 0; i < tv->t.ncols; i++)
			if (strcmp(tv->t.cols[i], f.col) == 0)
				known = 1;
		if (!known)
			app_status(a, R_STATUS_INFO, _("no row has a column "
			    "\"%s\""), f.col);
	}
	free(tv->filter_text);
	tv->filter_text = f.kind != TF_NONE ? xstrdup(text) : NULL;
	q = table_view_big(tv) ? rowtable_filter_query(&f) : NULL;
	if (q != NULL || tv->query != NULL) {
		/* the router filters: reload with (or without) the query */
		free(tv->query);
		tv->query = q;
		if (q != NULL) {
			rowtable_filter_free(&f);
			memset(&f, 0, sizeof f);
		}
		rowtable_set_filter(&tv->t, &f);
		rowtable_clear(&tv->t);
		tv->sel = tv->top = 0;
		tv->total = -1;
		table_view_load(a, v);
	} else {
		rowtable_set_filter(&tv->t, &f);
		table_view_reindex(tv);
	}
	if (q == NULL && table_view_big(tv) && tv->t.filter.kind == TF_RE)
		app_status(a, R_STATUS_INFO, "%s", _("regex filter applied "
		    "locally to the rows loaded"));
	else if (q == NULL && table_view_big(tv) &&
	    tv->t.filter.kind == TF_SUB)
		app_status(a, R_STATUS_INFO, "%s", _("substring filter "
		    "applied locally to the rows loaded"));
}

/* Is the table big enough that filters run on the router? */
static int
table_view_big(struct tview *tv)
{
	return tv->all_total > ROUTER_FILTER_ROWS;
}

/* What works now (for the footer and help). */
static int
table_view_can(struct app *a, struct view *v, enum action_id id)
{
	struct tview *tv = v->priv;

	int w = menu_writable(v->path);

	switch (id) {
	case ACT_STOP:
		return tv->loading || tv->moving != NULL ||
		    tv->copy_req != 0;
	case ACT_REMOVE:
		return w && tv->t.nidx > 0 && menus_removable(v->path);
	case ACT_EDIT:
	case ACT_DISABLE:
	case ACT_COMMENT:
		return w && tv->t.nidx > 0;
	case ACT_ADD:
		return w && menus_addable(v->path);
	case ACT_MOVE:
		return w && tv->t.nidx > 0 && menus_ordered(v->path);
	case ACT_MARKMODE:
		return w && tv->t.nidx > 0;
	case ACT_MARK:
		return tv->markmode && tv->t.nidx > 0;
	case ACT_OPEN:
		return !w && tv->t.nidx > 0;
	case ACT_SORT:
	case ACT_RSORT:
		return tv->t.nidx > 0;
	case ACT_NEXT:
	case ACT_PREV:
		return tv->filter_text != NULL && tv->t.nidx > 0;
	case ACT_COPY:
	case ACT_COPYALL:
		return tv->t.nidx > 0;
	case ACT_COLUMNS:
		return tv->ncols > 0 || tv->t.ncols > 0;
	case ACT_TOGGLE:
	case ACT_ITEMUP:
	case ACT_ITEMDOWN:
	case ACT_LISTAPPLY:
		return 0;
	case ACT_LIVE:
		return a->s->state == CONN_READY || tv->live;
	case ACT_TRAFFIC:
		return table_view_ifname(v) != NULL;
	default:
		return 1;
	}
}

/* The selected row's name on /interface and its submenus (for t), in a
 * static buffer; NULL: not there, no row, no name. */
static const char *
table_view_ifname(struct view *v)
{
	static char name[256];
	struct tview *tv = v->priv;
	struct tword w;

	if (strcmp(v->path, "/interface") != 0 &&
	    strncmp(v->path, "/interface/", 11) != 0)
		return NULL;
	if (tv->t.nidx == 0 || tv->sel >= tv->t.nidx ||
	    !rowtable_get(&tv->t, tv->t.idx[tv->sel], "name", &w) ||
	    w.len == 0 || w.len >= sizeof name)
		return NULL;
	memcpy(name, w.p, w.len);
	name[w.len] = '\0';
	return name;
}

/* Keys. */
static int
table_view_action(struct app *a, struct view *v, enum action_id id)
{
	struct tview *tv = v->priv;
	size_t n = tv->t.nidx, page = tv->rows_shown > 2 ?
	    (size_t)tv->rows_shown / 2 : 1;
	struct tword w;

	switch (id) {
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PGUP:
	case ACT_PGDN:
	case ACT_TOP:
	case ACT_BOTTOM:
		if (id == ACT_PGUP)
			tv->top = tv->top > page ? tv->top - page : 0;
		list_move(&tv->sel, n, page, id);
		break;
	case ACT_NEXT:
	case ACT_PREV:
		if (n == 0 || tv->filter_text == NULL) {
			app_status(a, R_STATUS_INFO, "%s", _("no filter: / "
			    "sets one"));
			break;
		}
		tv->sel = id == ACT_NEXT ? (tv->sel + 1) % n :
		    (tv->sel + n - 1) % n;
		app_status(a, R_STATUS_INFO, _("match %zu of %zu"),
		    tv->sel + 1, n);
		break;
	case ACT_COLPREV:
		if (tv->curcol > 0)
			tv->curcol--;
		break;
	case ACT_COLNEXT:
		if (tv->curcol + 1 < tv->ncols)
			tv->curcol++;
		break;
	case ACT_SORT:
	case ACT_RSORT:
		if (tv->ncols == 0)
			break;
		if (id == ACT_SORT && tv->t.sort_col != NULL &&
		    !tv->t.reverse &&
		    strcmp(tv->t.sort_col, tv->cols[tv->curcol]) == 0)
			rowtable_set_sort(&tv->t, NULL, 0);
		else
			rowtable_set_sort(&tv->t, tv->cols[tv->curcol],
			    id == ACT_RSORT);
		table_view_reindex(tv);
		break;
	case ACT_REFRESH:
		table_view_remember(tv);
		table_view_load(a, v);
		break;
	case ACT_FILTER:
		a->prompt = '/';
		buf_reset(&a->line);
		if (tv->filter_text != NULL)
			buf_adds(&a->line, tv->filter_text);
		a->cur = a->line.len;
		break;
	case ACT_OPEN:
		if (n == 0 || !rowtable_get(&tv->t, tv->t.idx[tv->sel], ".id",
		    &w)) {
			app_status(a, R_STATUS_INFO, "%s",
			    _("no row selected"));
			break;
		}
		{
			char *rid = xstrndup(w.p, w.len);

			app_push(a, &view_sheet, v->path, rid);
			free(rid);
		}
		break;
	case ACT_STOP:
		if (tv->moving != NULL) {
			free(tv->moving);
			free(tv->moving_what);
			tv->moving = tv->moving_what = NULL;
			app_status(a, R_STATUS_INFO, "%s", _("move cancelled"));
			break;
		}
		if (tv->copy_req != 0) {
			table_view_copy_end(a, tv);
			app_status(a, R_STATUS_INFO, "%s", _("copy cancelled"));
			break;
		}
		if (!tv->loading)
			return 0;	/* Esc: back */
		engine_cancel(a->e, tv->req);
		break;
	case ACT_EDIT:
	case ACT_ADD:
	case ACT_REMOVE:
	case ACT_DISABLE:
	case ACT_COMMENT:
	case ACT_MOVE:
	case ACT_MARKMODE:
	case ACT_MARK:
		return table_view_write(a, v, id);
	case ACT_COPY:
	case ACT_COPYALL:
		table_view_copy(a, v, id == ACT_COPYALL);
		break;
	case ACT_COLUMNS:
		table_view_choose(a, v);
		break;
	case ACT_LIVE:
		if (tv->live)
			table_view_live_stop(a, v, NULL);
		else if (a->s->state != CONN_READY)
			app_status(a, R_STATUS_INFO, "%s", _("not connected: "
			    "live updates start once the router answers"));
		else {
			table_view_live_start(a, v);
			app_status(a, R_STATUS_INFO, _("live: %s follows the "
			    "router (L stops)"), v->path);
		}
		break;
	case ACT_TRAFFIC:
		if (table_view_ifname(v) == NULL)
			app_status(a, R_STATUS_INFO, "%s", _("traffic: select "
			    "an interface row (with a name)"));
		else
			traffic_pane_open(a, table_view_ifname(v));
		break;
	case ACT_BACK:
		app_pop(a);
		break;
	default:
		return 0;
	}
	return 1;
}

/* Counters and state the router reports: never part of add. */
static int
table_view_readonly(const char *col)
{
	static const char *const ro[] = { ".id", ".nextid", "dynamic",
	    "invalid", "running", "active", "slave", "bytes", "packets",
	    "rx-byte", "tx-byte", "rx-packet", "tx-packet", "rx-drop",
	    "tx-drop", "rx-error", "tx-error", "tx-queue-drop",
	    "fp-rx-byte", "fp-tx-byte", "fp-rx-packet", "fp-tx-packet",
	    "link-downs", "last-link-up-time", "last-link-down-time",
	    "actual-mtu", "mac-address", "default-name", "type", "flags",
	    "log-prefix-stat", "rate", "total-bytes", "total-packets",
	    "queued-bytes", "queued-packets", "dropped", "borrows",
	    "lends", "pcq-queues", "creation-time", "uptime",
	    "network", "actual-interface", "gateway-status",
	    "immediate-gw", "distance-stat", "disabled", "comment",
	    /* a DHCP lease's state */
	    "status", "last-seen", "expires-after", "host-name",
	    "active-address", "active-mac-address", "active-client-id",
	    "active-server", "agent-circuit-id", "agent-remote-id",
	    "class-id", "src-mac-address", "radius", "blocked" };
	size_t i;

	if (col[0] == '.')	/* .id, .nextid, .about, ... */
		return 1;
	for (i = 0; i < TD_ARRAY_LEN(ro); i++)
		if (strcmp(col, ro[i]) == 0)
			return 1;
	return 0;
}

/* Is col one of the catalogue's "name:TYPE ..." fields? */
static int
table_view_settable(const char *fields, const char *col)
{
	size_t n = strlen(col);
	const char *p;

	for (p = fields; *p != '\0';) {
		size_t len = strcspn(p, ": ");

		if (len == n && memcmp(p, col, n) == 0)
			return 1;
		p += strcspn(p, " ");
		while (*p == ' ')
			p++;
	}
	return 0;
}

/* The value of column col in row of rs; 0 when the row lacks it. */
static int
table_view_rs_get(const struct rowstore *rs, size_t row, const char *col,
    struct tword *val)
{
	int c = rowstore_col(rs, col);

	return c >= 0 && rowstore_get(rs, row, (uint32_t)c, val);
}

/* One row (row of rs: every property, as print without .proplist gives
 * them) as "/ip firewall filter add chain=input ... comment=..." (no
 * read-only properties; for set, the catalogue's fields only; CLI
 * quoting), with a newline, appended to out.
 * Menus whose rows exist on their own (ethernet ports, services) get
 * "set [find default-name=ether1] ...", as /export writes them. */
static void
table_view_cli_row(const struct rowstore *rs, size_t row, const char *path,
    struct buf *out)
{
	static const char *const keys[] = { "default-name", "name" };
	const char *fields = menus_fields(path), *key = NULL;
	struct writereq *w = xcalloc(1, sizeof *w);
	struct wcmd *c;
	struct tword val, kv;
	struct buf b;
	int add = menus_addable(path);
	char *cmd = xasprintf("%s/%s", path, add ? "add" : "set"), *line;
	size_t i;

	buf_init(&b);
	c = writereq_cmd(w, cmd);
	for (i = 0; !add && key == NULL && i < TD_ARRAY_LEN(keys); i++)
		if (table_view_rs_get(rs, row, keys[i], &kv) && kv.len > 0)
			key = keys[i];
	if (!add && key == NULL && table_view_rs_get(rs, row, ".id", &kv))
		key = ".id";
	for (i = 0; i < rs->ncols; i++) {
		const char *col = rs->cols[i];
		const char *v;

		if (col[0] == '.' || strcmp(col, "disabled") == 0 ||
		    strcmp(col, "comment") == 0 ||	/* below */
		    (key != NULL && strcmp(col, key) == 0))
			continue;
		/* A field the catalogue knows is kept (mac-address of a
		 * lease, network of an address).  It lists the common
		 * fields only: for add, an unknown one is kept unless it is
		 * a known state property, so that no matcher goes missing
		 * (ipsec-policy=...: the paste would be a broader rule);
		 * for set, only the catalogue's. */
		if ((fields == NULL || !table_view_settable(fields, col)) &&
		    ((fields != NULL && !add) || table_view_readonly(col)))
			continue;
		if (!rowstore_get(rs, row, (uint32_t)i, &val) || val.len == 0)
			continue;
		buf_reset(&b);
		text_to_utf8(&b, val.p, val.len, draw_charset(), 0);
		v = b.p;
		writereq_word(c, "=%s=%s", col, strcmp(v, "true") == 0 ?
		    "yes" : strcmp(v, "false") == 0 ? "no" : v);
	}
	if (table_view_rs_get(rs, row, "disabled", &val) && val.len == 4 &&
	    memcmp(val.p, "true", 4) == 0)
		writereq_word(c, "=disabled=yes");
	if (table_view_rs_get(rs, row, "comment", &val) && val.len > 0) {
		buf_reset(&b);
		text_to_utf8(&b, val.p, val.len, draw_charset(), 0);
		writereq_word(c, "=comment=%s", b.p);
	}
	line = preview_cli(c);
	if (key != NULL) {	/* "/interface ethernet set" [find ...] */
		size_t head = strlen(path) + 4;

		buf_add(out, line, head);
		buf_printf(out, " [find %s=", key);
		buf_reset(&b);
		text_to_utf8(&b, kv.p, kv.len, draw_charset(), 0);
		preview_quote(out, b.p);
		buf_addc(out, ']');
		buf_adds(out, line + head);
	} else
		buf_adds(out, line);
	buf_addc(out, '\n');
	free(line);
	free(cmd);
	buf_free(&b);
	writereq_free(&w);
}

/* y: the selected or marked rows; Y: every row the filter shows.  The
 * table holds only the shown columns, so the full rows are asked for:
 * print without .proplist, limited by ?.id= words OR'd together (or by
 * the router's filter); table_view_copy_done() copies them. */
static void
table_view_copy(struct app *a, struct view *v, int all)
{
	struct tview *tv = v->priv;
	int byquery = all && tv->query != NULL;
	int byid = !byquery && !(all && tv->t.filter.kind == TF_NONE);
	char **words;
	size_t p, nw = 0, nid = 0, want = 0;

	table_view_copy_end(a, tv);	/* a newer y wins */
	words = xreallocarray(NULL, tv->t.nidx + 3, sizeof *words);
	words[nw++] = xasprintf("%s/print", v->path);
	if (byquery)
		words[nw++] = xstrdup(tv->query);
	for (p = 0; p < tv->t.nidx; p++) {
		uint32_t slot = tv->t.idx[p];
		struct tword id;

		if (!all && (tv->nmarks > 0 ? !table_view_marked(tv, slot) :
		    p != tv->sel))
			continue;
		want++;
		if (byid && rowtable_get(&tv->t, slot, ".id", &id) &&
		    id.len > 0) {
			words[nw++] = xasprintf("?.id=%.*s", (int)id.len, id.p);
			nid++;
		}
	}
	if (nid > 1) {		/* "?#|||": OR them all */
		char *ops = xmalloc(nid + 2);

		memcpy(ops, "?#", 2);
		memset(ops + 2, '|', nid - 1);
		ops[nid + 1] = '\0';
		words[nw++] = ops;
	}
	if (!byid && !byquery && tv->total > 0 && (size_t)tv->total > want)
		want = (size_t)tv->total;	/* still loading: all of them */
	if (want == 0 || (byid && nid == 0))
		app_status(a, R_STATUS_INFO, "%s", _("no row to copy"));
	else if (want > COPY_ROWS_MAX)	/* never fetch what cannot fit */
		app_status(a, R_STATUS_ERROR, _("not copied: %zu rows are too "
		    "many for a terminal's clipboard (%d at most); filter "
		    "the table first"), want, COPY_ROWS_MAX);
	else {
		tv->copy_req = app_send(a, v, 0, (const char *const *)words,
		    nw);
		app_status(a, R_STATUS_INFO, ngettext("copying %zu row...",
		    "copying %zu rows...", want), want);
	}
	for (p = 0; p < nw; p++)
		free(words[p]);
	free(words);
}

/* Forget the copy in flight (cancelled), if any. */
static void
table_view_copy_end(struct app *a, struct tview *tv)
{
	if (tv->copy_req != 0)
		engine_cancel(a->e, tv->copy_req);
	tv->copy_req = 0;
	rowstore_clear(&tv->copy_rs);
}

/* Replies to the copy's print: rows, then copy them or say why not. */
static void
table_view_copy_event(struct app *a, struct view *v, struct event *ev)
{
	struct tview *tv = v->priv;

	switch (ev->type) {
	case EV_ROWS:
		if (ev->rows != NULL)
			rowstore_add(&tv->copy_rs, &ev->rows);
		break;
	case EV_RESTART:
		rowstore_clear(&tv->copy_rs);
		break;
	case EV_DONE:
		if (ev->ntraps > 0)
			app_status(a, R_STATUS_ERROR, _("not copied: %s: %s"),
			    v->path, ev->traps[0].message);
		else if (ev->cancelled)
			app_status(a, R_STATUS_INFO, "%s",
			    _("copy cancelled"));
		else
			table_view_copy_done(a, v);
		tv->copy_req = 0;
		rowstore_clear(&tv->copy_rs);
		break;
	case EV_ERROR:
		app_status(a, R_STATUS_ERROR, _("not copied: %s: %s"),
		    v->path, ev->message != NULL ? ev->message :
		    _("request failed"));
		tv->copy_req = 0;
		rowstore_clear(&tv->copy_rs);
		break;
	default:
		break;
	}
}

/* The full rows are in: CLI lines in the router's order (the order it
 * sent them), dynamic rows left out (the router makes those). */
static void
table_view_copy_done(struct app *a, struct view *v)
{
	struct tview *tv = v->priv;
	const struct rowstore *rs = &tv->copy_rs;
	struct buf text;
	struct tword d;
	size_t i, n = 0, ndyn = 0;

	buf_init(&text);
	buf_adds(&text, "");
	for (i = 0; i < rs->nrows; i++) {
		if (table_view_rs_get(rs, i, "dynamic", &d) &&
		    ((d.len == 4 && memcmp(d.p, "true", 4) == 0) ||
		    (d.len == 3 && memcmp(d.p, "yes", 3) == 0))) {
			ndyn++;
			continue;
		}
		table_view_cli_row(rs, i, v->path, &text);
		n++;
	}
	if (n == 0 && ndyn > 0)
		app_status(a, R_STATUS_INFO, ngettext("nothing copied: "
		    "%zu dynamic row, the router makes it", "nothing copied: "
		    "%zu dynamic rows, the router makes them", ndyn),
		    ndyn);
	else if (n == 0)
		app_status(a, R_STATUS_INFO, "%s", _("nothing copied: the "
		    "rows are no longer on the router"));
	else if (app_clipboard(a, text.p, n) == 0 && ndyn > 0) {
		char lines[128], dyn[256];

		str_fmt(lines, sizeof lines, ngettext("copied %zu line",
		    "copied %zu lines", n), n);
		str_fmt(dyn, sizeof dyn, ngettext("%zu dynamic row left "
		    "out: the router makes it", "%zu dynamic rows left out: "
		    "the router makes them", ndyn), ndyn);
		app_status(a, R_STATUS_INFO, _("%s; %s"), lines, dyn);
	}
	buf_free(&text);
}

/* C: the chooser with the shown columns first, then every other known
 * one (the catalogue's fields, the columns rows had). */
static void
table_view_choose(struct app *a, struct view *v)
{
	struct tview *tv = v->priv;
	const char *fields = menus_fields(v->path), *p;
	char **names = NULL;
	size_t n = 0, i, j, k;

#define ADD_NAME(s, len) do { \
		char *nm_ = xstrndup((s), (len)); \
		for (j = 0; j < n; j++) \
			if (strcmp(names[j], nm_) == 0) \
				break; \
		if (j < n || table_view_is_flag(nm_)) \
			free(nm_); \
		else { \
			names = xreallocarray(names, n + 1, sizeof *names); \
			names[n++] = nm_; \
		} \
	} while (0)
	for (i = 0; i < tv->ncols; i++)
		ADD_NAME(tv->cols[i], strlen(tv->cols[i]));
	if (tv->mi != NULL)
		for (p = tv->mi->cols; *p != '\0';) {
			size_t len = strcspn(p, " ");

			if (len > 0)
				ADD_NAME(p, len);
			p += len;
			while (*p == ' ')
				p++;
		}
	if (fields != NULL)
		for (p = fields; *p != '\0';) {
			size_t len = strcspn(p, ": ");

			if (len > 0)
				ADD_NAME(p, len);
			p += strcspn(p, " ");
			while (*p == ' ')
				p++;
		}
	for (i = 0; i < tv->t.ncols; i++)
		ADD_NAME(tv->t.cols[i], strlen(tv->t.cols[i]));
#undef ADD_NAME
	columns_open(a, v->id, v->path, names, n, tv->ncols);
	for (k = 0; k < n; k++)
		free(names[k]);
	free(names);
}

/* The chooser's columns (copied): show them, remember them, reload with
 * them in .proplist. */
void
view_table_set_cols(struct app *a, struct view *v, char **cols, size_t n)
{
	struct tview *tv = v->priv;
	size_t i;

	for (i = 0; i < tv->ncols; i++)
		free(tv->cols[i]);
	tv->ncols = 0;
	for (i = 0; i < n && i < MAX_COLS; i++)
		tv->cols[tv->ncols++] = xstrdup(cols[i]);
	tv->curcol = 0;
	if (columns_save(v->path, tv->cols, tv->ncols) == -1)
		app_status(a, R_STATUS_ERROR, _("columns shown but not "
		    "remembered: %s"), strerror(errno));
	else
		app_status(a, R_STATUS_INFO, ngettext("%zu column, "
		    "remembered for %s", "%zu columns, remembered for %s",
		    tv->ncols), tv->ncols, v->path);
	table_view_remember(tv);
	table_view_load(a, v);
}

/* May this menu be changed? */
int
menu_writable(const char *path)
{
	const struct menu_info *mi = menus_find(path);

	return mi == NULL || !(mi->flags & (MENU_RO | MENU_DIR));
}

/* Is the row in slot marked? */
static int
table_view_marked(struct tview *tv, uint32_t slot)
{
	struct tword id;
	size_t i;

	if (!rowtable_get(&tv->t, slot, ".id", &id))
		return 0;
	for (i = 0; i < tv->nmarks; i++)
		if (strlen(tv->marks[i]) == id.len &&
		    memcmp(tv->marks[i], id.p, id.len) == 0)
			return 1;
	return 0;
}

/* Forget the marks. */
static void
table_view_unmark_all(struct tview *tv)
{
	size_t i;

	for (i = 0; i < tv->nmarks; i++)
		free(tv->marks[i]);
	free(tv->marks);
	tv->marks = NULL;
	tv->nmarks = 0;
}

/* "#3 input drop tcp" for confirmations. */
static void
table_view_row_what(struct tview *tv, uint32_t slot, struct buf *b)
{
	size_t k, used = 0;
	char num[32];

	buf_printf(b, "#%u", slot);
	for (k = 0; k < tv->ncols && used < 3; k++) {
		const char *c = table_view_cell(tv, slot, tv->cols[k], num,
		    sizeof num);

		if (*c == '\0' || strcmp(tv->cols[k], "bytes") == 0 ||
		    strcmp(tv->cols[k], "packets") == 0)
			continue;
		buf_printf(b, " %s", c);
		used++;
	}
}

/* The marked rows, else the selected one: ids "*3,*5" and their
 * descriptions; returns how many. */
static size_t
table_view_targets(struct tview *tv, struct buf *ids, struct buf *what,
    int *all_disabled)
{
	size_t p, n = 0;
	struct tword id, d;

	*all_disabled = 1;
	for (p = 0; p < tv->t.nidx; p++) {
		uint32_t slot = tv->t.idx[p];

		if (tv->nmarks > 0 ? !table_view_marked(tv, slot) :
		    p != tv->sel)
			continue;
		if (!rowtable_get(&tv->t, slot, ".id", &id))
			continue;
		buf_printf(ids, "%s%.*s", n ? "," : "", (int)id.len, id.p);
		if (n < 4) {
			if (n)
				buf_adds(what, ", ");
			table_view_row_what(tv, slot, what);
		} else if (n == 4)
			buf_adds(what, ", ...");
		if (!rowtable_get(&tv->t, slot, "disabled", &d) ||
		    d.len != 4 || memcmp(d.p, "true", 4) != 0)
			*all_disabled = 0;
		n++;
	}
	return n;
}

/* Edit, add, remove, disable, comment, move, marks. */
static int
table_view_write(struct app *a, struct view *v, enum action_id id)
{
	struct tview *tv = v->priv;
	struct buf ids, what;
	size_t n;
	int all_disabled;
	struct form_init fi;
	struct writereq *w;
	struct wcmd *c;
	char *cmd;

	if (!table_view_can(a, v, id))
		return id == ACT_EDIT ? 0 : (app_status(a, R_STATUS_INFO,
		    "%s", id == ACT_MOVE && !menus_ordered(v->path) ?
		    _("this menu has no order: rows cannot be moved") :
		    _("not here: the menu is read-only or empty")), 1);
	if (id == ACT_MARKMODE) {
		tv->markmode = !tv->markmode;
		if (!tv->markmode)
			table_view_unmark_all(tv);
		app_status(a, R_STATUS_INFO, "%s", tv->markmode ?
		    _("multi-select on: Space marks rows; d x m c act on "
		    "them") : _("multi-select off"));
		return 1;
	}
	if (id == ACT_MARK) {
		struct tword rid;
		size_t i;

		if (!rowtable_get(&tv->t, tv->t.idx[tv->sel], ".id", &rid))
			return 1;
		for (i = 0; i < tv->nmarks; i++)
			if (strlen(tv->marks[i]) == rid.len &&
			    memcmp(tv->marks[i], rid.p, rid.len) == 0)
				break;
		if (i < tv->nmarks) {
			free(tv->marks[i]);
			tv->marks[i] = tv->marks[--tv->nmarks];
		} else {
			tv->marks = xreallocarray(tv->marks, tv->nmarks + 1,
			    sizeof *tv->marks);
			tv->marks[tv->nmarks++] = xstrndup(rid.p, rid.len);
		}
		if (tv->sel + 1 < tv->t.nidx)
			tv->sel++;
		app_status(a, R_STATUS_INFO, ngettext("%zu row marked",
		    "%zu rows marked", tv->nmarks), tv->nmarks);
		return 1;
	}
	memset(&fi, 0, sizeof fi);
	fi.table = v->id;
	if (id == ACT_ADD) {
		fi.mode = FORM_ADD;
		form_open(a, v->path, &fi);
		return 1;
	}
	buf_init(&ids);
	buf_init(&what);
	buf_adds(&ids, "");
	buf_adds(&what, "");
	n = table_view_targets(tv, &ids, &what, &all_disabled);
	if (n == 0) {
		app_status(a, R_STATUS_INFO, "%s", _("no row selected"));
		goto out;
	}
	if (id == ACT_EDIT || id == ACT_COMMENT) {
		if (id == ACT_EDIT && n > 1) {
			app_status(a, R_STATUS_INFO, "%s", _("edit works on "
			    "one row: v turns multi-select off"));
			goto out;
		}
		fi.mode = id == ACT_EDIT ? FORM_EDIT : FORM_COMMENT;
		fi.ids = ids.p;
		fi.what = what.p;
		form_open(a, v->path, &fi);
		goto out;
	}
	if (id == ACT_MOVE && tv->moving == NULL) {
		tv->moving = buf_steal(&ids, NULL);
		tv->moving_what = buf_steal(&what, NULL);
		app_status(a, R_STATUS_INFO, _("moving %s: select the row to "
		    "put it before and press m (Esc cancels)"),
		    tv->moving_what);
		goto out;
	}
	w = xcalloc(1, sizeof *w);
	w->table = v->id;
	switch (id) {
	case ACT_REMOVE:
		cmd = xasprintf("%s/remove", v->path);
		w->question = xasprintf(ngettext("Remove %zu row from %s: "
		    "%s?", "Remove %zu rows from %s: %s?", n), n, v->path,
		    what.p);
		break;
	case ACT_DISABLE:
		cmd = xasprintf("%s/%s", v->path, all_disabled ? "enable" :
		    "disable");
		w->question = all_disabled ?
		    xasprintf(ngettext("Enable %zu row in %s: %s?", "Enable "
		    "%zu rows in %s: %s?", n), n, v->path, what.p) :
		    xasprintf(ngettext("Disable %zu row in %s: %s?", "Disable "
		    "%zu rows in %s: %s?", n), n, v->path, what.p);
		break;
	default:	/* ACT_MOVE, the destination selected */
		{
			/* exact match in the comma list, not a substring */
			char *pat = xasprintf(",%s,", ids.p);
			char *list = xasprintf(",%s,", tv->moving);
			int self = strstr(list, pat) != NULL;

			free(pat);
			free(list);
			if (self)
				n = 0;
		}
		if (n != 1) {
			app_status(a, R_STATUS_ERROR, "%s", _("select one row "
			    "that is not being moved: they go before it"));
			writereq_free(&w);
			goto out;
		}
		cmd = xasprintf("%s/move", v->path);
		w->question = xasprintf(_("Move %s before %s in %s?"),
		    tv->moving_what, what.p, v->path);
		break;
	}
	c = writereq_cmd(w, cmd);
	free(cmd);
	if (id == ACT_MOVE) {
		writereq_word(c, "=numbers=%s", tv->moving);
		writereq_word(c, "=destination=%s", ids.p);
		w->select = xstrndup(tv->moving, strcspn(tv->moving, ","));
		free(tv->moving);
		free(tv->moving_what);
		tv->moving = tv->moving_what = NULL;
	} else {
		writereq_word(c, "=numbers=%s", ids.p);
		if (id == ACT_DISABLE)
			w->select = xstrndup(ids.p, strcspn(ids.p, ","));
	}
	preview_open(a, w);
out:
	buf_free(&ids);
	buf_free(&what);
	return 1;
}

/* After a write: reload, select id, drop the marks. */
void
view_table_changed(struct app *a, struct view *v, const char *id)
{
	struct tview *tv = v->priv;

	free(tv->want_id);
	tv->want_id = id != NULL ? xstrdup(id) : NULL;
	table_view_unmark_all(tv);
	tv->markmode = 0;
	table_view_remember(tv);
	table_view_load(a, v);
}

/* The live state of the row with this .id (created when asked), or NULL. */
static struct liverow *
table_view_lr(struct tview *tv, const char *id, size_t len, int create)
{
	size_t i;

	for (i = 0; i < tv->nlr; i++) {
		size_t k = (tv->lr_hint + i) % tv->nlr;

		if (strlen(tv->lr[k].id) == len &&
		    memcmp(tv->lr[k].id, id, len) == 0) {
			tv->lr_hint = k + 1;
			return &tv->lr[k];
		}
	}
	if (!create)
		return NULL;
	tv->lr = xreallocarray(tv->lr, tv->nlr + 1, sizeof *tv->lr);
	memset(&tv->lr[tv->nlr], 0, sizeof *tv->lr);
	tv->lr[tv->nlr].id = xstrndup(id, len);
	tv->lr_hint = tv->nlr + 1;
	return &tv->lr[tv->nlr++];
}

/* Forget every row's live state. */
static void
table_view_lr_free(struct tview *tv)
{
	size_t i;

	for (i = 0; i < tv->nlr; i++)
		free(tv->lr[i].id);
	free(tv->lr);
	tv->lr = NULL;
	tv->nlr = tv->lr_hint = 0;
}

/* A per-second rate as "850/s", "1.2k/s", "35M/s". */
static void
table_view_rate(double d, char *out, size_t len)
{
	const char *u = " kMGTP";
	int k = 0;

	while (d >= 1000 && k < 5) {
		d /= 1000;
		k++;
	}
	if (k == 0)
		str_fmt(out, len, "%.0f/s", d);
	else
		str_fmt(out, len, d < 10 ? "%.1f%c/s" : "%.0f%c/s", d, u[k]);
}

/* L: listen on the menu; counters are polled for rule and interface
 * tables. */
static void
table_view_live_start(struct app *a, struct view *v)
{
	struct tview *tv = v->priv;
	static const char *const rules[] = { "/ip/firewall/filter",
	    "/ip/firewall/nat", "/ip/firewall/mangle", "/ip/firewall/raw",
	    "/ipv6/firewall/filter", "/ipv6/firewall/nat",
	    "/ipv6/firewall/mangle", "/ipv6/firewall/raw", "/queue/simple",
	    "/queue/tree" };
	const char *words[1];
	char *cmd = xasprintf("%s/listen", v->path);
	size_t i;

	words[0] = cmd;
	tv->live_req = app_send(a, v, REQ_STREAM | REQ_RESUME | APP_QUIET,
	    words, 1);
	free(cmd);
	if (tv->live)
		return;
	tv->live = 1;
	tv->next_poll = 0;
	tv->lc = LC_NONE;
	for (i = 0; i < TD_ARRAY_LEN(rules); i++)
		if (strcmp(v->path, rules[i]) == 0) {
			tv->lc = LC_RULES;
			tv->lc_cols[0] = "bytes";
			tv->lc_cols[1] = "packets";
		}
	if (strcmp(v->path, "/interface") == 0) {
		tv->lc = LC_IFACE;
		tv->lc_cols[0] = "rx-byte";
		tv->lc_cols[1] = "tx-byte";
	}
	a->dirty = 1;
}

/* Stop listening (the router acknowledges the cancel); why: the status
 * message, NULL for the usual one. */
static void
table_view_live_stop(struct app *a, struct view *v, const char *why)
{
	struct tview *tv = v->priv;
	size_t i;
	int removed = 0;

	if (tv->live_req != 0) {
		engine_cancel(a->e, tv->live_req);
		tv->live_stop = tv->live_req;
		tv->live_req = 0;
	}
	if (tv->cnt_req != 0) {
		engine_cancel(a->e, tv->cnt_req);
		tv->cnt_req = 0;
	}
	tv->live = 0;
	tv->lc = LC_NONE;
	if (!tv->loading) {
		table_view_remember(tv);
		for (i = 0; i < tv->nlr; i++) {
			long slot;

			if (tv->lr[i].dead_at == 0)
				continue;
			slot = rowtable_find(&tv->t, tv->lr[i].id,
			    strlen(tv->lr[i].id));
			if (slot >= 0) {
				rowtable_remove(&tv->t, (uint32_t)slot);
				removed = 1;
			}
		}
		if (removed)
			table_view_reindex_keep(tv);
	}
	table_view_lr_free(tv);
	app_status(a, R_STATUS_INFO, "%s", why != NULL ? why :
	    _("live updates stopping..."));
	a->dirty = 1;
}

/* !re from the listen: upsert by .id, note the changed cells; .dead rows
 * keep their last values while they fade. */
static void
table_view_live_rows(struct app *a, struct view *v, struct event *ev)
{
	struct tview *tv = v->priv;
	struct rowbatch *copy;
	struct rowstore rs;
	struct tslot *old;
	long *oldslot;
	int idc, deadc;
	size_t i, k, n;
	int64_t now = now_ms();

	(void)a;
	if (ev->rows == NULL)
		return;
	copy = xcalloc(1, sizeof *copy);
	copy->nrows = ev->rows->nrows;
	copy->len = copy->cap = ev->rows->len;
	copy->data = xmalloc(copy->len + 1);
	memcpy(copy->data, ev->rows->data, copy->len);
	rowstore_init(&rs);
	rowstore_add(&rs, &copy);
	n = rs.nrows;
	idc = rowstore_col(&rs, ".id");
	deadc = rowstore_col(&rs, ".dead");
	old = xcalloc(n + 1, sizeof *old);
	oldslot = xcalloc(n + 1, sizeof *oldslot);
	for (i = 0; i < n; i++) {
		struct tword id;

		oldslot[i] = -1;
		if (idc >= 0 && rowstore_get(&rs, i, (uint32_t)idc, &id) &&
		    (oldslot[i] = rowtable_find(&tv->t, id.p, id.len)) >= 0)
			old[i] = tv->t.slots[oldslot[i]];
	}
	table_view_remember(tv);
	rowtable_add(&tv->t, &ev->rows);
	for (i = 0; i < n; i++) {
		struct tword id, d;
		struct liverow *lr;
		long slot;
		int dead;

		if (idc < 0 || !rowstore_get(&rs, i, (uint32_t)idc, &id))
			continue;
		dead = deadc >= 0 && rowstore_get(&rs, i, (uint32_t)deadc,
		    &d) && ((d.len == 4 && memcmp(d.p, "true", 4) == 0) ||
		    (d.len == 3 && memcmp(d.p, "yes", 3) == 0));
		if ((slot = rowtable_find(&tv->t, id.p, id.len)) < 0)
			continue;
		if (dead && oldslot[i] < 0) {
			/* never shown: nothing to fade */
			rowtable_remove(&tv->t, (uint32_t)slot);
			continue;
		}
		lr = table_view_lr(tv, id.p, id.len, 1);
		if (dead) {
			tv->t.slots[slot].row = old[i].row;
			tv->t.slots[slot].store = old[i].store;
			lr->dead_at = now;
			continue;
		}
		lr->dead_at = 0;
		if (oldslot[i] < 0) {
			lr->changed = UINT32_MAX;
			lr->changed_until = now + LIVE_CHANGED_MS;
			continue;
		}
		for (k = 0; k < tv->ncols && k < 32; k++) {
			const struct rowstore *os = tv->t.stores[old[i].store];
			int oc = rowstore_col(os, tv->cols[k]);
			struct tword ov = { "", 0 }, nv = { "", 0 };

			if (tv->lc != LC_NONE &&
			    (strcmp(tv->cols[k], tv->lc_cols[0]) == 0 ||
			    strcmp(tv->cols[k], tv->lc_cols[1]) == 0))
				continue;
			if (oc >= 0)
				rowstore_get(os, old[i].row, (uint32_t)oc, &ov);
			rowtable_get(&tv->t, (uint32_t)slot, tv->cols[k], &nv);
			if (ov.len != nv.len || memcmp(ov.p, nv.p, nv.len) != 0) {
				lr->changed |= 1u << k;
				lr->changed_until = now + LIVE_CHANGED_MS;
			}
		}
	}
	if (tv->ncols == 0)
		table_view_cols(tv);
	if (tv->t.dirty && !tv->loading)
		table_view_reindex_keep(tv);
	free(old);
	free(oldslot);
	rowstore_clear(&rs);
}

/* Rows of the counter poll: per-second deltas; rules that matched light
 * up. */
static void
table_view_live_counts(struct tview *tv, struct event *ev)
{
	struct rowstore rs;
	int idc, c0, c1;
	size_t i;
	int64_t now = now_ms();

	if (ev->rows == NULL || tv->lc == LC_NONE)
		return;
	rowstore_init(&rs);
	rowstore_add(&rs, &ev->rows);
	idc = rowstore_col(&rs, ".id");
	c0 = rowstore_col(&rs, tv->lc_cols[0]);
	c1 = rowstore_col(&rs, tv->lc_cols[1]);
	for (i = 0; i < rs.nrows && idc >= 0; i++) {
		struct tword id, w;
		struct liverow *lr;
		double val[2] = { 0, 0 };
		char nb[32];
		int j;

		if (!rowstore_get(&rs, i, (uint32_t)idc, &id))
			continue;
		lr = table_view_lr(tv, id.p, id.len, 1);
		for (j = 0; j < 2; j++) {
			int c = j == 0 ? c0 : c1;

			if (c >= 0 && rowstore_get(&rs, i, (uint32_t)c, &w) &&
			    w.len < sizeof nb) {
				memcpy(nb, w.p, w.len);
				nb[w.len] = '\0';
				val[j] = strtod(nb, NULL);
			}
		}
		if (lr->last_ms != 0 && now > lr->last_ms) {
			double dt = (double)(now - lr->last_ms) / 1000.0;

			for (j = 0; j < 2; j++)
				lr->rate[j] = val[j] > lr->last[j] ?
				    (val[j] - lr->last[j]) / dt : 0;
			lr->have_rate = 1;
			if (tv->lc == LC_RULES && val[1] > lr->last[1])
				lr->hit_until = now + LIVE_HIT_MS;
		}
		lr->last[0] = val[0];
		lr->last[1] = val[1];
		lr->last_ms = now;
	}
	rowstore_clear(&rs);
}

/* Timers of live mode: the counter poll, highlights that end, removed
 * rows that go; stop when the user left the menu. */
static int
table_view_tick(struct app *a, struct view *v)
{
	struct tview *tv = v->priv;
	struct view *top = app_top(a);
	int64_t now, next = -1;
	size_t i;
	int removed = 0;

	if (!tv->live && tv->nlr == 0)
		return -1;
	if (tv->live && top != NULL && top != v && top->path != NULL &&
	    strcmp(top->path, v->path) != 0) {
		table_view_live_stop(a, v, _("live updates stopped: you left "
		    "the menu"));
		return -1;
	}
	now = now_ms();
	if (tv->live && tv->lc != LC_NONE) {
		if (tv->cnt_req == 0 && now >= tv->next_poll &&
		    a->s->state == CONN_READY) {
			const char *words[2];
			char *cmd = xasprintf("%s/print", v->path);
			char *pl = xasprintf("=.proplist=.id,%s,%s",
			    tv->lc_cols[0], tv->lc_cols[1]);

			words[0] = cmd;
			words[1] = pl;
			tv->cnt_req = app_send(a, v, APP_QUIET, words, 2);
			tv->next_poll = now + LIVE_POLL_MS;
			free(cmd);
			free(pl);
		}
		next = tv->next_poll > now ? tv->next_poll - now :
		    LIVE_POLL_MS;
	}
#define DUE(t) do { \
		if (next < 0 || (t) - now < next) \
			next = (t) - now; \
	} while (0)
	for (i = 0; i < tv->nlr;) {
		struct liverow *lr = &tv->lr[i];

		if (lr->dead_at != 0 && !tv->loading &&
		    now - lr->dead_at >= LIVE_DEAD_MS) {
			long slot = rowtable_find(&tv->t, lr->id,
			    strlen(lr->id));

			if (slot >= 0) {
				if (!removed)
					table_view_remember(tv);
				rowtable_remove(&tv->t, (uint32_t)slot);
				removed = 1;
			}
			free(lr->id);
			tv->lr[i] = tv->lr[--tv->nlr];
			a->dirty = 1;
			continue;
		}
		if (lr->dead_at != 0)
			DUE(lr->dead_at + LIVE_DEAD_MS);
		if (lr->changed_until != 0) {
			if (lr->changed_until <= now) {
				lr->changed_until = 0;
				lr->changed = 0;
				a->dirty = 1;
			} else
				DUE(lr->changed_until);
		}
		if (lr->hit_until != 0) {
			if (lr->hit_until <= now) {
				lr->hit_until = 0;
				a->dirty = 1;
			} else
				DUE(lr->hit_until);
		}
		i++;
	}
#undef DUE
	if (removed)
		table_view_reindex_keep(tv);
	if (next >= 0 && next > 60000)
		next = 60000;
	return (int)next;
}
