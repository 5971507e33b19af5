/*
 * views/probe.c: the ping and traceroute panes.  :ping HOST streams
 * /ping =address=HOST until the pane closes (or count= is reached): one
 * line per probe (seq, host, size, ttl, time; a lost probe shows its
 * status, e.g. timeout, in the error colour) under a summary of sent,
 * received, loss and min/avg/max round trip (src/pingstat.h).
 * :traceroute HOST streams /tool/traceroute =address=HOST: the hop table,
 * replaced by each round.  More words after HOST are passed on as
 * arguments (":ping 8.8.8.8 count=4 size=1400").  The stream is cancelled
 * when the pane closes; a stream the connection dropped starts again
 * when it is back.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pingstat.h"
#include "rows.h"
#include "units.h"
#include "../uiint.h"

#define PROBE_MAXWORDS	16

struct pview {
	int		 trace;		/* traceroute, else ping */
	struct pingstat	*ps;
	struct tracestat *ts;
	struct pstream	 st;
	size_t		 top;		/* first probe / hop shown */
	int		 follow;	/* ping: the newest probes */
	int		 rows_shown;
	struct buf	 tmp;
};

static void probe_view_open(struct app *a, struct view *v);
static void probe_view_close(struct app *a, struct view *v);
static void probe_view_draw(struct app *a, struct view *v, WINDOW *w);
static int probe_view_action(struct app *a, struct view *v,
    enum action_id id);
static int probe_view_can(struct app *a, struct view *v, enum action_id id);
static void probe_view_event(struct app *a, struct view *v,
    struct event *ev);
static void probe_view_reload(struct app *a, struct view *v);
static void probe_view_label(struct app *a, struct view *v, char *buf,
    size_t len);
static void probe_view_start(struct app *a, struct view *v);

const struct view_desc view_ping = {
	"ping", CTX_PANE,
	probe_view_open, probe_view_close, probe_view_draw, probe_view_action,
	probe_view_can, probe_view_event, probe_view_reload, NULL, NULL, NULL,
	probe_view_label
};

const struct view_desc view_traceroute = {
	"traceroute", CTX_PANE,
	probe_view_open, probe_view_close, probe_view_draw, probe_view_action,
	probe_view_can, probe_view_event, probe_view_reload, NULL, NULL, NULL,
	probe_view_label
};

/* :ping HOST [name=value ...]: open (or focus) a ping pane. */
void
ping_pane_open(struct app *a, const char *arg)
{
	if (!pane_args_ok(arg, PROBE_MAXWORDS - 2)) {
		app_status(a, R_STATUS_ERROR, "%s", _("usage: :ping HOST "
		    "[count=N size=N interval=1s ...]"));
		return;
	}
	app_pane_open(a, &view_ping, arg, NULL);
}

/* :traceroute HOST [name=value ...]: open (or focus) a traceroute pane. */
void
traceroute_pane_open(struct app *a, const char *arg)
{
	if (!pane_args_ok(arg, PROBE_MAXWORDS - 2)) {
		app_status(a, R_STATUS_ERROR, "%s", _("usage: :traceroute "
		    "HOST [count=N max-hops=N ...]"));
		return;
	}
	app_pane_open(a, &view_traceroute, arg, NULL);
}

static void
probe_view_open(struct app *a, struct view *v)
{
	struct pview *pv = xcalloc(1, sizeof *pv);

	pv->trace = v->desc == &view_traceroute;
	if (pv->trace)
		pv->ts = tracestat_new();
	else
		pv->ps = pingstat_new(0);
	pv->follow = 1;
	buf_init(&pv->tmp);
	v->priv = pv;
	probe_view_start(a, v);
}

/* /ping or /tool/traceroute =address=HOST and the other words as
 * =name=value. */
static void
probe_view_start(struct app *a, struct view *v)
{
	struct pview *pv = v->priv;

	pstream_start_args(a, v, &pv->st, 0, pv->trace ? "/tool/traceroute" :
	    "/ping", "address", NULL, 0);
}

/* Connected again: a stream the connection dropped starts over. */
static void
probe_view_reload(struct app *a, struct view *v)
{
	struct pview *pv = v->priv;

	if (pv->st.ended != NULL && pv->st.lost) {
		if (pv->trace)
			tracestat_reset(pv->ts);
		probe_view_start(a, v);
	}
}

static void
probe_view_close(struct app *a, struct view *v)
{
	struct pview *pv = v->priv;

	pstream_close(a, &pv->st);
	pingstat_free(&pv->ps);
	tracestat_free(&pv->ts);
	buf_free(&pv->tmp);
	free(pv);
}

/* One probe or hop. */
static void
probe_row(void *ctx, const struct rowstore *rs, size_t i)
{
	struct pview *pv = ctx;

	if (pv->trace)
		tracestat_add_row(pv->ts, rs, i);
	else
		pingstat_add_row(pv->ps, rs, i);
}

static void
probe_view_event(struct app *a, struct view *v, struct event *ev)
{
	struct pview *pv = v->priv;
	struct ping_totals t;

	if (ev->req != pv->st.req)
		return;
	switch (ev->type) {
	case EV_ROWS:
		pane_each_row(ev, probe_row, pv);
		break;
	default:
		if (ev->type == EV_DONE && pv->trace)
			tracestat_done(pv->ts);
		if (!pstream_end(a, &pv->st, ev, NULL, pv->trace ?
		    _("traceroute finished") : _("ping finished")) ||
		    pv->trace || ev->type != EV_DONE || pv->st.trap ||
		    ev->cancelled)
			break;
		pingstat_totals(pv->ps, &t);
		app_status(a, R_STATUS_INFO, _("ping %s finished: %llu sent, "
		    "%llu received"), v->arg, (unsigned long long)t.sent,
		    (unsigned long long)t.received);
		break;
	}
}

/* The host: the first word of the arg. */
static void
probe_host(const struct view *v, char *buf, size_t len)
{
	const char *s = v->arg != NULL ? v->arg : "";
	size_t n = strcspn(s, " ");

	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
}

/* The tab: "ping HOST 3/4 25% loss", "traceroute HOST 6 hops". */
static void
probe_view_label(struct app *a, struct view *v, char *buf, size_t len)
{
	struct pview *pv = v->priv;
	struct ping_totals t;
	char host[64];
	size_t n;

	(void)a;
	probe_host(v, host, sizeof host);
	if (pv->trace) {
		n = tracestat_count(pv->ts);
		if (n > 0)
			str_fmt(buf, len, _("traceroute %s %zu hops"), host,
			    n);
		else
			str_fmt(buf, len, _("traceroute %s"), host);
	} else {
		pingstat_totals(pv->ps, &t);
		if (t.sent > 0)
			str_fmt(buf, len, _("ping %s %llu/%llu %d%% loss"),
			    host, (unsigned long long)t.received,
			    (unsigned long long)t.sent,
			    isnan(t.loss) ? 0 : (int)t.loss);
		else
			str_fmt(buf, len, _("ping %s"), host);
	}
	n = pv->trace ? tracestat_count(pv->ts) : pingstat_count(pv->ps);
	if (pv->rows_shown > 0 && n > (size_t)pv->rows_shown) {
		size_t k = strlen(buf);	/* more than fit: which are shown */

		str_fmt(buf + k, len - k, _(", %zu-%zu shown (j k)"),
		    pv->top + 1, pv->top + (size_t)pv->rows_shown);
	}
	pstream_label_end(&pv->st, buf, len);
}

/* A number or "" when absent (-1). */
static const char *
probe_num(char *buf, size_t len, int64_t n)
{
	if (n < 0)
		str_copy(buf, len, "");
	else
		str_fmt(buf, len, "%lld", (long long)n);
	return buf;
}

/* Right-aligned in width columns; returns width + 1. */
static int
probe_rcell(WINDOW *w, int y, int x, const char *s, int width)
{
	int n = (int)strlen(s);

	if (n < width)
		draw_text(w, y, x, "", width - n, 1);
	draw_text(w, y, x + (n < width ? width - n : 0), s,
	    n < width ? n : width, 1);
	return width + 1;
}

static void
ping_draw(struct pview *pv, WINDOW *w, int width, int height)
{
	struct ping_totals t;
	size_t n = pingstat_count(pv->ps), i;
	int y, rows, hw;
	char b1[32], b2[32], b3[32];

	pingstat_totals(pv->ps, &t);
	/* header, probes, summary, and why it ended */
	rows = height - 2 - (pv->st.ended != NULL);
	if (rows < 0)
		rows = 0;
	pv->rows_shown = rows;
	if (pv->follow || pv->top > n)
		pv->top = n > (size_t)rows ? n - (size_t)rows : 0;
	hw = width - 6 - 6 - 5 - 10 - 12;
	if (hw > 40)
		hw = 40;
	if (hw < 8)
		hw = 8;

	wattrset(w, theme_attr(R_TABLE_HEADER));
	y = 0;
	if (height > 0) {
		int x = 0;

		x += probe_rcell(w, y, x, _("SEQ"), 5);
		x += draw_text(w, y, x, _("HOST"), hw, 1) + 1;
		x += probe_rcell(w, y, x, _("SIZE"), 5);
		x += probe_rcell(w, y, x, _("TTL"), 4);
		draw_text(w, y, x, _("TIME"), width - x, 1);
		y++;
	}
	if (n == 0 && rows > 0) {
		wattrset(w, theme_attr(R_STATUS_INFO));
		draw_text(w, y, 1, pv->st.ended != NULL ? pv->st.ended :
		    _("waiting for replies..."), width - 1, 0);
	}
	for (i = pv->top; y < 1 + rows && i < n; y++, i++) {
		const struct ping_probe *p = pingstat_get(pv->ps, i);
		int x = 0;

		wattrset(w, theme_attr(R_NORMAL));
		x += probe_rcell(w, y, x, probe_num(b1, sizeof b1, p->seq), 5);
		x += draw_text(w, y, x, draw_value(&pv->tmp, p->host,
		    strlen(p->host)), hw, 1) + 1;
		x += probe_rcell(w, y, x, probe_num(b1, sizeof b1, p->size), 5);
		x += probe_rcell(w, y, x, p->ttl >= 0 ?
		    probe_num(b1, sizeof b1, p->ttl) : "", 4);
		if (p->status[0] != '\0') {
			wattrset(w, theme_attr(R_LOG_ERROR));
			draw_text(w, y, x, draw_value(&pv->tmp, p->status,
			    strlen(p->status)), width - x, 1);
		} else {
			wattrset(w, theme_attr(R_LOG_INFO));
			draw_text(w, y, x, units_duration(b1, sizeof b1,
			    p->rtt_us), width - x, 1);
		}
	}
	if (height < 2)
		return;
	y = height - 1 - (pv->st.ended != NULL);
	wattrset(w, theme_attr(t.sent > t.received ? R_LOG_WARNING :
	    R_STATUS_INFO));
	{
		char line[256];

		str_fmt(line, sizeof line, _("sent %llu  received %llu  "
		    "loss %d%%  rtt min/avg/max %s/%s/%s"),
		    (unsigned long long)t.sent,
		    (unsigned long long)t.received,
		    isnan(t.loss) ? 0 : (int)t.loss,
		    units_duration(b1, sizeof b1, t.min_us),
		    units_duration(b2, sizeof b2, t.avg_us),
		    units_duration(b3, sizeof b3, t.max_us));
		draw_text(w, y, 0, line, width, 1);
	}
	if (pv->st.ended != NULL) {
		wattrset(w, theme_attr(pv->st.lost ? R_STATUS_ERROR :
		    R_STATUS_INFO));
		draw_text(w, height - 1, 0, pv->st.ended, width, 1);
	}
}

static void
trace_draw(struct pview *pv, WINDOW *w, int width, int height)
{
	size_t n = tracestat_count(pv->ts), i;
	int y, x, rows, aw;
	char b[32];

	rows = height - 1;
	if (pv->st.ended != NULL && n > 0 && (size_t)rows > n)
		rows--;		/* room for why it ended */
	if (rows < 0)
		rows = 0;
	pv->rows_shown = rows;
	if (pv->top + (size_t)rows > n)
		pv->top = n > (size_t)rows ? n - (size_t)rows : 0;
	aw = width - 3 - 5 - 5 - 4 * 8 - 1;
	if (aw > 20)
		aw = 20;
	if (aw < 7)
		aw = 7;
	if (height < 1)
		return;
	x = 0;
	wattrset(w, theme_attr(R_TABLE_HEADER));
	x += probe_rcell(w, 0, x, "#", 2);
	x += draw_text(w, 0, x, _("ADDRESS"), aw, 1) + 1;
	x += probe_rcell(w, 0, x, _("LOSS"), 4);
	x += probe_rcell(w, 0, x, _("SENT"), 4);
	x += probe_rcell(w, 0, x, _("LAST"), 7);
	x += probe_rcell(w, 0, x, _("AVG"), 7);
	x += probe_rcell(w, 0, x, _("BEST"), 7);
	x += probe_rcell(w, 0, x, _("WORST"), 7);
	if (x < width)
		draw_text(w, 0, x, _("STATUS"), width - x, 1);
	if (n == 0) {
		wattrset(w, theme_attr(pv->st.ended != NULL && !pv->st.lost &&
		    tracestat_rounds(pv->ts) == 0 ? R_STATUS_ERROR :
		    R_STATUS_INFO));
		if (height > 1)
			draw_text(w, 1, 1, pv->st.ended != NULL ? pv->st.ended :
			    _("tracing..."), width - 1, 0);
		return;
	}
	for (y = 1, i = pv->top; y < 1 + rows && i < n; y++, i++) {
		const struct trace_hop *h = tracestat_hop(pv->ts, i);
		int bad = h->address[0] == '\0' || h->status[0] != '\0';

		x = 0;
		wattrset(w, theme_attr(R_NORMAL));
		x += probe_rcell(w, y, x, probe_num(b, sizeof b, h->hop), 2);
		x += draw_text(w, y, x, h->address[0] != '\0' ?
		    draw_value(&pv->tmp, h->address, strlen(h->address)) :
		    "*", aw, 1) + 1;
		if (isnan(h->loss))
			str_copy(b, sizeof b, "");
		else
			str_fmt(b, sizeof b, "%d%%", (int)h->loss);
		if (h->loss > 0)
			wattrset(w, theme_attr(R_LOG_WARNING));
		x += probe_rcell(w, y, x, b, 4);
		wattrset(w, theme_attr(R_NORMAL));
		x += probe_rcell(w, y, x, probe_num(b, sizeof b, h->sent), 4);
		x += probe_rcell(w, y, x, h->last_us >= 0 ?
		    units_duration(b, sizeof b, h->last_us) : "", 7);
		x += probe_rcell(w, y, x, h->avg_us >= 0 ?
		    units_duration(b, sizeof b, h->avg_us) : "", 7);
		x += probe_rcell(w, y, x, h->best_us >= 0 ?
		    units_duration(b, sizeof b, h->best_us) : "", 7);
		x += probe_rcell(w, y, x, h->worst_us >= 0 ?
		    units_duration(b, sizeof b, h->worst_us) : "", 7);
		if (x < width) {
			if (bad)
				wattrset(w, theme_attr(R_LOG_ERROR));
			draw_text(w, y, x, draw_value(&pv->tmp, h->status,
			    strlen(h->status)), width - x, 1);
		}
	}
	if (pv->st.ended != NULL && y < height) {
		wattrset(w, theme_attr(pv->st.lost ? R_STATUS_ERROR :
		    R_STATUS_INFO));
		draw_text(w, y, 0, pv->st.ended, width, 1);
	}
}

static void
probe_view_draw(struct app *a, struct view *v, WINDOW *w)
{
	struct pview *pv = v->priv;

	(void)a;
	if (pv->trace)
		trace_draw(pv, w, getmaxx(w), getmaxy(w));
	else
		ping_draw(pv, w, getmaxx(w), getmaxy(w));
}

/* No pause, search or sort here. */
static int
probe_view_can(struct app *a, struct view *v, enum action_id id)
{
	(void)a;
	(void)v;
	return id != ACT_PAUSE && id != ACT_FILTER && id != ACT_SORT &&
	    id != ACT_WRAP;
}

static int
probe_view_action(struct app *a, struct view *v, enum action_id id)
{
	struct pview *pv = v->priv;
	size_t n = pv->trace ? tracestat_count(pv->ts) :
	    pingstat_count(pv->ps), page;

	page = pv->rows_shown > 1 ? (size_t)pv->rows_shown - 1 : 1;
	switch (id) {
	case ACT_UP:
	case ACT_PGUP:
		pv->follow = 0;
		pv->top -= pv->top < (id == ACT_UP ? 1 : page) ? pv->top :
		    (id == ACT_UP ? 1 : page);
		return 1;
	case ACT_DOWN:
	case ACT_PGDN:
		pv->top += id == ACT_DOWN ? 1 : page;
		if (pv->top + (size_t)pv->rows_shown >= n) {
			pv->top = n > (size_t)pv->rows_shown ?
			    n - (size_t)pv->rows_shown : 0;
			pv->follow = 1;
		}
		return 1;
	case ACT_TOP:
		pv->follow = 0;
		pv->top = 0;
		return 1;
	case ACT_BOTTOM:
		pv->follow = 1;
		pv->top = n > (size_t)pv->rows_shown ?
		    n - (size_t)pv->rows_shown : 0;
		return 1;
	case ACT_STOP:		/* Esc: stop, keep what came */
		if (pv->st.ended != NULL)
			return 0;	/* stopped already: Esc closes */
		engine_cancel(a->e, pv->st.req);
		return 1;
	case ACT_PAUSE:
	case ACT_FILTER:
		return 1;	/* not here (can() says so) */
	default:
		return 0;
	}
}
