/*
 * views/log.c: the log pane: the router's log, the backlog and then new
 * lines as they come (/log/print =follow=), in a bounded ring
 * (src/logring.h).  Severity colours from the topics, a topic filter
 * (:log TOPICS, e.g. "firewall,!debug"), a search (/), pause (p: new lines
 * wait, counted, until p again).  The stream is cancelled when the pane
 * closes and re-issued by the engine after a reconnect (the ring drops
 * the repeated backlog).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "logring.h"
#include "rows.h"
#include "../uiint.h"

struct lview {
	struct logring	*ring;
	struct pstream	 st;		/* /log/print =follow= */
	size_t		 top;		/* first view line shown */
	int		 follow;	/* at the end: new lines scroll in */
	uint64_t	 gen;		/* the ring's view generation seen */
	int		 rows_shown;	/* log lines on screen */
	int		 wrap;		/* w: long lines go on under themselves */
	struct buf	 tmp;
};

static void log_view_open(struct app *a, struct view *v);
static void log_view_close(struct app *a, struct view *v);
static void log_view_draw(struct app *a, struct view *v, WINDOW *w);
static int log_view_action(struct app *a, struct view *v,
    enum action_id id);
static int log_view_can(struct app *a, struct view *v, enum action_id id);
static int log_line_rows(struct lview *lv, size_t i, int width, int max);
static void log_view_event(struct app *a, struct view *v, struct event *ev);
static void log_view_filter(struct app *a, struct view *v,
    const char *text);
static void log_view_label(struct app *a, struct view *v, char *buf,
    size_t len);
static void log_view_start(struct app *a, struct view *v);
static void log_view_reload(struct app *a, struct view *v);

const struct view_desc view_log = {
	"log", CTX_PANE,
	log_view_open, log_view_close, log_view_draw, log_view_action,
	log_view_can, log_view_event, log_view_reload, NULL, NULL, log_view_filter,
	log_view_label
};

/* l, :log [TOPICS]: open (or focus) the log pane; TOPICS filters. */
void
log_pane_open(struct app *a, const char *arg)
{
	struct view *v = app_pane_open(a, &view_log, NULL, NULL);
	struct lview *lv = v != NULL ? v->priv : NULL;

	if (lv != NULL && arg != NULL) {
		logring_set_topics(lv->ring, arg);
		app_status(a, R_STATUS_INFO, _("log: only topics %s"), arg);
	}
}

static void
log_view_open(struct app *a, struct view *v)
{
	struct lview *lv = xcalloc(1, sizeof *lv);

	lv->ring = logring_new(a->s->log_lines);
	lv->follow = 1;
	buf_init(&lv->tmp);
	v->priv = lv;
	log_view_start(a, v);
}

/* /log/print =follow=: the backlog, then every new line. */
static void
log_view_start(struct app *a, struct view *v)
{
	static const char *const words[] = { "/log/print", "=follow=" };
	struct lview *lv = v->priv;

	pstream_start(a, v, &lv->st, REQ_RESUME, words, TD_ARRAY_LEN(words));
}

/* Connected again: a stream the engine could not resume starts over
 * (the ring drops the lines it has already). */
static void
log_view_reload(struct app *a, struct view *v)
{
	struct lview *lv = v->priv;

	if (lv->st.ended != NULL)
		log_view_start(a, v);
}

static void
log_view_close(struct app *a, struct view *v)
{
	struct lview *lv = v->priv;

	pstream_close(a, &lv->st);
	logring_free(&lv->ring);
	buf_free(&lv->tmp);
	free(lv);
}

/* One line of the log. */
static void
log_row(void *ctx, const struct rowstore *rs, size_t i)
{
	logring_add_row(ctx, rs, i);
}

static void
log_view_event(struct app *a, struct view *v, struct event *ev)
{
	struct lview *lv = v->priv;

	if (ev->req != lv->st.req)
		return;
	if (ev->type == EV_ROWS)
		pane_each_row(ev, log_row, lv->ring);
	else
		pstream_end(a, &lv->st, ev, NULL, NULL);
}

/* The tab: "log", then what limits it. */
static void
log_view_label(struct app *a, struct view *v, char *buf, size_t len)
{
	struct lview *lv = v->priv;
	size_t held = logring_held(lv->ring);

	(void)a;
	if (logring_paused(lv->ring))
		str_fmt(buf, len, _("log PAUSED +%zu"), held);
	else if (lv->st.ended != NULL)
		str_fmt(buf, len, _("log (ended: %s)"), lv->st.ended);
	else
		str_copy(buf, len, _("log"));
}

enum role
log_sev_role(int sev)
{
	switch (sev) {
	case LOGSEV_CRITICAL:
		return R_LOG_CRITICAL;
	case LOGSEV_ERROR:
		return R_LOG_ERROR;
	case LOGSEV_WARNING:
		return R_LOG_WARNING;
	case LOGSEV_DEBUG:
		return R_LOG_DEBUG;
	default:
		return R_LOG_INFO;
	}
}

/* time  topics  message, newest at the bottom while following. */
static void
log_view_draw(struct app *a, struct view *v, WINDOW *w)
{
	struct lview *lv = v->priv;
	int width = getmaxx(w), height = getmaxy(w), y, tw = 19, pw = 22, mx;
	size_t n = logring_view_count(lv->ring), i;

	(void)a;
	lv->rows_shown = height;
	if (logring_view_generation(lv->ring) != lv->gen) {
		lv->gen = logring_view_generation(lv->ring);
		lv->follow = 1;
	}
	if (lv->follow || lv->top > n)
		lv->top = n > (size_t)height ? n - (size_t)height : 0;
	if (n == 0) {
		wattrset(w, theme_attr(R_STATUS_INFO));
		draw_text(w, 0, 1, logring_count(lv->ring) > 0 ?
		    _("no line matches the filter (/ with nothing clears "
		    "the search)") : lv->st.ended != NULL ? lv->st.ended :
		    _("waiting for log lines..."), width - 1, 0);
		return;
	}
	if (width < 120)
		pw = 14;
	if (width < 60) {
		tw = 8;		/* the clock only */
		pw = 0;
	}
	mx = tw + 1 + (pw > 0 ? pw + 1 : 0);	/* the message's column */
	if (lv->wrap && lv->follow) {	/* the last lines that fit */
		int used = 0, h;

		for (lv->top = n; lv->top > 0; lv->top--) {
			h = log_line_rows(lv, lv->top - 1, width - mx, height);
			if (used + h > height)
				break;
			used += h;
		}
	}
	for (y = 0, i = lv->top; y < height && i < n; i++) {
		const struct logline *l = logring_view_get(lv->ring, i);
		const char *t = l->time != NULL ? l->time : "";
		int x = 0, rows = 1;

		if (tw == 8 && strlen(t) > 8)
			t += strlen(t) - 8;
		wattrset(w, theme_attr(R_LOG_TIME));
		x += draw_text(w, y, x, t, tw, 1) + 1;
		if (pw > 0) {
			wattrset(w, theme_attr(R_LOG_TOPICS));
			x += draw_text(w, y, x, draw_value(&lv->tmp,
			    l->topics, strlen(l->topics)), pw, 1) + 1;
		}
		wattrset(w, theme_attr(log_sev_role(l->sev)));
		draw_value(&lv->tmp, l->message, strlen(l->message));
		if (lv->wrap)
			rows = draw_wrap(w, y, x, lv->tmp.p, width - x,
			    height - y);
		else
			draw_text(w, y, x, lv->tmp.p, width - x, 1);
		y += rows > 0 ? rows : 1;
	}
	lv->rows_shown = (int)(i - lv->top);
}

/* The rows line i takes when wrapped in width columns (1 at least). */
static int
log_line_rows(struct lview *lv, size_t i, int width, int max)
{
	const struct logline *l = logring_view_get(lv->ring, i);
	int rows;

	draw_value(&lv->tmp, l->message, strlen(l->message));
	rows = draw_wrap_lines(lv->tmp.p, width, max);
	return rows > 0 ? rows : 1;
}

/* No sort here (torch's). */
static int
log_view_can(struct app *a, struct view *v, enum action_id id)
{
	(void)a;
	(void)v;
	return id != ACT_SORT;	/* w wraps */
}

static int
log_view_action(struct app *a, struct view *v, enum action_id id)
{
	struct lview *lv = v->priv;
	size_t n = logring_view_count(lv->ring), page;

	page = lv->rows_shown > 1 ? (size_t)lv->rows_shown - 1 : 1;
	switch (id) {
	case ACT_PAUSE:
		if (logring_paused(lv->ring)) {
			logring_resume(lv->ring);
			app_status(a, R_STATUS_INFO, "%s", _("log resumed"));
		} else {
			logring_pause(lv->ring);
			app_status(a, R_STATUS_INFO, "%s", _("log paused: "
			    "new lines wait until p"));
		}
		return 1;
	case ACT_FILTER:
		a->prompt = '/';
		buf_reset(&a->line);
		a->cur = 0;
		return 1;
	case ACT_UP:
	case ACT_PGUP:
		lv->follow = 0;
		lv->top -= lv->top < (id == ACT_UP ? 1 : page) ? lv->top :
		    (id == ACT_UP ? 1 : page);
		return 1;
	case ACT_DOWN:
	case ACT_PGDN:
		lv->top += id == ACT_DOWN ? 1 : page;
		if (lv->top + (size_t)lv->rows_shown >= n)
			lv->follow = 1;
		return 1;
	case ACT_TOP:
		lv->follow = 0;
		lv->top = 0;
		return 1;
	case ACT_BOTTOM:
		lv->follow = 1;
		return 1;
	case ACT_WRAP:
		lv->wrap = !lv->wrap;
		app_status(a, R_STATUS_INFO, "%s", lv->wrap ? _("log: long "
		    "lines wrapped (w cuts them again)") : _("log: long lines "
		    "cut at the edge (w wraps them)"));
		return 1;
	default:
		return 0;
	}
}

/* / in the pane: the search. */
static void
log_view_filter(struct app *a, struct view *v, const char *text)
{
	struct lview *lv = v->priv;

	logring_set_search(lv->ring, *text != '\0' ? text : NULL);
	if (*text != '\0')
		app_status(a, R_STATUS_INFO, _("log: %zu lines with \"%s\""),
		    logring_view_count(lv->ring), text);
}
