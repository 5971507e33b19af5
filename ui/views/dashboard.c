/*
 * views/dashboard.c: the device at a glance (:dashboard, and the first
 * screen unless first-screen says otherwise): identity, board, version,
 * uptime, CPU load with a sparkline of the last minute, memory and disk,
 * NTP status, the DHCP lease count, the running interfaces with their
 * live rates, and the last log lines.
 *
 * /system/resource/print is polled once a second (a tick, APP_QUIET)
 * while the dashboard is on top; the interfaces' rates come from one
 * /interface/monitor-traffic stream of the running interfaces, the log
 * lines from /log/print =follow= into a small ring.  Both streams are
 * cancelled when the view closes; after a reconnect (reload) the
 * one-shot requests are sent again and a stream that ended is started
 * again.  r refreshes.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "i18n.h"
#include "logring.h"
#include "rows.h"
#include "units.h"
#include "../uiint.h"

#define DASH_POLL_MS	1000	/* /system/resource */
#define DASH_CPU_SLOTS	60	/* the sparkline: a minute of samples */
#define DASH_IFS_MAX	32	/* interfaces monitored, at most */
#define DASH_LOG_LINES	64	/* the log ring */
#define DASH_VAL	32	/* a short value */
#define DASH_TWO_MIN	72	/* narrower: one pair a line */

/* The one-shot requests. */
enum dash_q { Q_ID, Q_RES, Q_NTP, Q_DHCP, Q_IFS, Q_N };

struct dview {
	req_id		 q[Q_N];	/* in flight, 0: none */
	struct pstream	 mon;		/* monitor-traffic */
	struct pstream	 log;		/* /log/print =follow= */
	int64_t		 next_poll;
	char		*err;		/* the last failure, or NULL */
	/* /system/identity, /system/resource */
	char		*identity;
	int		 have_res;
	char		 uptime[DASH_VAL];
	char		 version[DASH_VAL];
	char		 board[DASH_VAL * 2];
	char		 cpu[DASH_VAL];		/* "4 x ARM 716 MHz" */
	double		 cpu_load;
	double		 mem_free, mem_total, hdd_free, hdd_total;
	double		 cpu_hist[DASH_CPU_SLOTS];
	size_t		 cpu_head, cpu_n;
	/* /system/ntp/client */
	int		 have_ntp;
	char		 ntp_enabled[DASH_VAL];
	char		 ntp_status[DASH_VAL];
	char		 ntp_server[DASH_VAL * 2];
	char		 ntp_stratum[DASH_VAL];
	long		 leases;		/* -1 unknown */
	/* running interfaces, and the list being fetched */
	char		**ifs;
	size_t		 nifs;
	char		**newifs;
	size_t		 nnewifs;
	size_t		 more;		/* running beyond DASH_IFS_MAX */
	size_t		 newmore;
	int		 have_ifs;
	struct histset	*hs;
	struct logring	*ring;
	struct buf	 tmp;
};

static void dash_open(struct app *a, struct view *v);
static void dash_close(struct app *a, struct view *v);
static void dash_draw(struct app *a, struct view *v, WINDOW *w);
static int dash_action(struct app *a, struct view *v, enum action_id id);
static int dash_can(struct app *a, struct view *v, enum action_id id);
static void dash_event(struct app *a, struct view *v, struct event *ev);
static void dash_reload(struct app *a, struct view *v);
static int dash_tick(struct app *a, struct view *v);
static void dash_load(struct app *a, struct view *v);
static void dash_send(struct app *a, struct view *v, enum dash_q q,
    unsigned flags, const char *const *words, size_t n);
static void dash_mon_start(struct app *a, struct view *v);
static void dash_log_start(struct app *a, struct view *v);
static void dash_rows(struct dview *dv, enum dash_q q, struct event *ev);
static void dash_ifs_done(struct app *a, struct view *v);
static void dash_free_list(char ***list, size_t *n);
static void dash_spark(struct buf *b, const double *vals, size_t n,
    double max);
static int dash_pair(struct app *a, WINDOW *w, int y, int x, int width,
    const char *name, const char *value);
static int dash_draw_ifs(struct app *a, struct dview *dv, WINDOW *w, int y,
    int rows);
static void dash_draw_log(struct dview *dv, WINDOW *w, int y, int rows);

const struct view_desc view_dashboard = {
	"dashboard", CTX_SHEET,
	dash_open, dash_close, dash_draw, dash_action, dash_can, dash_event,
	dash_reload, NULL, dash_tick, NULL, NULL
};

/* :dashboard: open it (a dashboard on top is refreshed instead). */
void
dashboard_open(struct app *a, const char *arg)
{
	struct view *top = app_top(a);

	(void)arg;
	if (app_no_router(a))
		return;
	if (top != NULL && top->desc == &view_dashboard) {
		dash_load(a, top);
		return;
	}
	app_push(a, &view_dashboard, NULL, NULL);
}

static void
dash_open(struct app *a, struct view *v)
{
	struct dview *dv = xcalloc(1, sizeof *dv);

	dv->leases = -1;
	dv->hs = histset_new();
	dv->ring = logring_new(DASH_LOG_LINES);
	buf_init(&dv->tmp);
	v->priv = dv;
	dash_load(a, v);
	dash_log_start(a, v);
}

/* Queue one of the one-shot requests (an older one in flight is left to
 * finish; its reply is ignored). */
static void
dash_send(struct app *a, struct view *v, enum dash_q q, unsigned flags,
    const char *const *words, size_t n)
{
	struct dview *dv = v->priv;

	dv->q[q] = app_send(a, v, flags, words, n);
}

/* Everything that is read once (and again on r or a reconnect). */
static void
dash_load(struct app *a, struct view *v)
{
	static const char *const id[] = { "/system/identity/print" };
	static const char *const res[] = { "/system/resource/print" };
	static const char *const ntp[] = { "/system/ntp/client/print" };
	static const char *const dhcp[] = { "/ip/dhcp-server/lease/print",
	    "=count-only=" };
	static const char *const ifs[] = { "/interface/print",
	    "=.proplist=name,running,disabled" };
	struct dview *dv = v->priv;

	free(dv->err);
	dv->err = NULL;
	dash_free_list(&dv->newifs, &dv->nnewifs);
	dv->newmore = 0;
	dash_send(a, v, Q_ID, 0, id, TD_ARRAY_LEN(id));
	dash_send(a, v, Q_RES, 0, res, TD_ARRAY_LEN(res));
	dash_send(a, v, Q_NTP, 0, ntp, TD_ARRAY_LEN(ntp));
	dash_send(a, v, Q_DHCP, 0, dhcp, TD_ARRAY_LEN(dhcp));
	dash_send(a, v, Q_IFS, 0, ifs, TD_ARRAY_LEN(ifs));
	dv->next_poll = now_ms() + DASH_POLL_MS;
}

/* /interface/monitor-traffic of the running interfaces. */
static void
dash_mon_start(struct app *a, struct view *v)
{
	struct dview *dv = v->priv;
	struct buf b;
	size_t i;
	const char *words[2];

	pstream_close(a, &dv->mon);
	if (dv->nifs == 0)
		return;
	buf_init(&b);
	buf_adds(&b, "=interface=");
	for (i = 0; i < dv->nifs; i++)
		buf_printf(&b, "%s%s", i > 0 ? "," : "", dv->ifs[i]);
	words[0] = "/interface/monitor-traffic";
	words[1] = b.p;
	pstream_start(a, v, &dv->mon, REQ_RESUME, words, 2);
	buf_free(&b);
}

/* /log/print =follow=: the backlog, then new lines. */
static void
dash_log_start(struct app *a, struct view *v)
{
	static const char *const words[] = { "/log/print", "=follow=" };
	struct dview *dv = v->priv;

	pstream_start(a, v, &dv->log, REQ_RESUME, words, TD_ARRAY_LEN(words));
}

/* Connected again: read everything again; streams the engine could not
 * resume start over. */
static void
dash_reload(struct app *a, struct view *v)
{
	struct dview *dv = v->priv;

	dash_load(a, v);
	if (dv->log.ended != NULL)
		dash_log_start(a, v);
	if (dv->mon.ended != NULL)
		dash_mon_start(a, v);
}

static void
dash_free_list(char ***list, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++)
		free((*list)[i]);
	free(*list);
	*list = NULL;
	*n = 0;
}

static void
dash_close(struct app *a, struct view *v)
{
	struct dview *dv = v->priv;
	size_t i;

	for (i = 0; i < Q_N; i++)
		if (dv->q[i] != 0)
			engine_cancel(a->e, dv->q[i]);
	pstream_close(a, &dv->mon);
	pstream_close(a, &dv->log);
	dash_free_list(&dv->ifs, &dv->nifs);
	dash_free_list(&dv->newifs, &dv->nnewifs);
	histset_free(&dv->hs);
	logring_free(&dv->ring);
	buf_free(&dv->tmp);
	free(dv->identity);
	free(dv->err);
	free(dv);
}

/* Once a second while on top (and connected): /system/resource. */
static int
dash_tick(struct app *a, struct view *v)
{
	static const char *const res[] = { "/system/resource/print" };
	struct dview *dv = v->priv;
	int64_t now;

	if (app_top(a) != v || a->s->state != CONN_READY)
		return -1;
	now = now_ms();
	if (dv->q[Q_RES] != 0)
		return -1;	/* its reply wakes the loop */
	if (now >= dv->next_poll) {
		dash_send(a, v, Q_RES, APP_QUIET, res, TD_ARRAY_LEN(res));
		dv->next_poll = now + DASH_POLL_MS;
		return -1;
	}
	return (int)(dv->next_poll - now);
}

/* The rows of a one-shot request. */
static void
dash_rows(struct dview *dv, enum dash_q q, struct event *ev)
{
	struct rowstore rs;
	struct units_row r;
	char s[DASH_VAL * 2], run[8], dis[8];
	double d;
	size_t i;

	rowstore_init(&rs);
	rowstore_add(&rs, &ev->rows);
	for (i = 0; i < rs.nrows; i++) {
		units_row_store(&r, &rs, i);
		switch (q) {
		case Q_ID:
			if (units_row_str(&r, "name", s, sizeof s) != NULL) {
				free(dv->identity);
				dv->identity = xstrdup(s);
			}
			break;
		case Q_RES:
			dv->have_res = 1;
			if (units_row_str(&r, "uptime", dv->uptime,
			    sizeof dv->uptime) == NULL)
				dv->uptime[0] = '\0';
			if (units_row_str(&r, "version", dv->version,
			    sizeof dv->version) == NULL)
				dv->version[0] = '\0';
			if (units_row_str(&r, "board-name", dv->board,
			    sizeof dv->board) == NULL)
				dv->board[0] = '\0';
			dv->cpu[0] = '\0';
			if (units_row_str(&r, "cpu", s, sizeof s) != NULL) {
				double n = 0, f = 0;

				units_row_num(&r, "cpu-count", &n);
				units_row_num(&r, "cpu-frequency", &f);
				if (n > 1)
					str_fmt(dv->cpu, sizeof dv->cpu,
					    "%.0f x %s", n, s);
				else
					str_copy(dv->cpu, sizeof dv->cpu, s);
				if (f > 0)
					str_fmt(dv->cpu + strlen(dv->cpu),
					    sizeof dv->cpu - strlen(dv->cpu),
					    " %.0f MHz", f);
			}
			dv->cpu_load = units_row_num(&r, "cpu-load", &d) == 0 ?
			    d : NAN;
			dv->cpu_hist[dv->cpu_head] = dv->cpu_load;
			dv->cpu_head = (dv->cpu_head + 1) % DASH_CPU_SLOTS;
			if (dv->cpu_n < DASH_CPU_SLOTS)
				dv->cpu_n++;
			dv->mem_free = units_row_num(&r, "free-memory", &d) ==
			    0 ? d : NAN;
			dv->mem_total = units_row_num(&r, "total-memory",
			    &d) == 0 ? d : NAN;
			dv->hdd_free = units_row_num(&r, "free-hdd-space",
			    &d) == 0 ? d : NAN;
			dv->hdd_total = units_row_num(&r, "total-hdd-space",
			    &d) == 0 ? d : NAN;
			break;
		case Q_NTP:
			dv->have_ntp = 1;
			if (units_row_str(&r, "enabled", dv->ntp_enabled,
			    sizeof dv->ntp_enabled) == NULL)
				dv->ntp_enabled[0] = '\0';
			if (units_row_str(&r, "status", dv->ntp_status,
			    sizeof dv->ntp_status) == NULL)
				dv->ntp_status[0] = '\0';
			if (units_row_str(&r, "synced-server", dv->ntp_server,
			    sizeof dv->ntp_server) == NULL &&
			    units_row_str(&r, "servers", dv->ntp_server,
			    sizeof dv->ntp_server) == NULL &&
			    units_row_str(&r, "primary-ntp", dv->ntp_server,
			    sizeof dv->ntp_server) == NULL)
				dv->ntp_server[0] = '\0';
			if (units_row_str(&r, "synced-stratum",
			    dv->ntp_stratum, sizeof dv->ntp_stratum) == NULL)
				dv->ntp_stratum[0] = '\0';
			break;
		case Q_IFS:
			if (units_row_str(&r, "name", s, sizeof s) == NULL ||
			    units_row_str(&r, "running", run,
			    sizeof run) == NULL || strcmp(run, "true") != 0)
				break;
			if (units_row_str(&r, "disabled", dis,
			    sizeof dis) != NULL && strcmp(dis, "true") == 0)
				break;
			if (dv->nnewifs == DASH_IFS_MAX) {
				dv->newmore++;
				break;
			}
			dv->newifs = xreallocarray(dv->newifs,
			    dv->nnewifs + 1, sizeof *dv->newifs);
			dv->newifs[dv->nnewifs++] = xstrdup(s);
			break;
		default:
			break;
		}
	}
	rowstore_clear(&rs);
}

/* The interface list is in: (re)start monitoring when it changed. */
static void
dash_ifs_done(struct app *a, struct view *v)
{
	struct dview *dv = v->priv;
	int same = dv->have_ifs && dv->nnewifs == dv->nifs;
	size_t i;

	for (i = 0; same && i < dv->nifs; i++)
		same = strcmp(dv->ifs[i], dv->newifs[i]) == 0;
	dv->have_ifs = 1;
	dv->more = dv->newmore;
	dv->newmore = 0;
	if (same && dv->mon.req != 0 && dv->mon.ended == NULL) {
		dash_free_list(&dv->newifs, &dv->nnewifs);
		return;
	}
	dash_free_list(&dv->ifs, &dv->nifs);
	dv->ifs = dv->newifs;
	dv->nifs = dv->nnewifs;
	dv->newifs = NULL;
	dv->nnewifs = 0;
	dash_mon_start(a, v);
}

static void
dash_event(struct app *a, struct view *v, struct event *ev)
{
	struct dview *dv = v->priv;
	struct rowstore rs;
	size_t i;
	int q;

	if (ev->req == dv->mon.req && dv->mon.req != 0) {
		if (ev->type == EV_ROWS) {
			int64_t now = now_ms();

			rowstore_init(&rs);
			rowstore_add(&rs, &ev->rows);
			for (i = 0; i < rs.nrows; i++)
				histset_push_row(dv->hs, &rs, i,
				    i < dv->nifs ? dv->ifs[i] : NULL, now);
			rowstore_clear(&rs);
		} else
			pstream_end(a, &dv->mon, ev, NULL, NULL);
		return;
	}
	if (ev->req == dv->log.req && dv->log.req != 0) {
		if (ev->type == EV_ROWS) {
			rowstore_init(&rs);
			rowstore_add(&rs, &ev->rows);
			for (i = 0; i < rs.nrows; i++)
				logring_add_row(dv->ring, &rs, i);
			rowstore_clear(&rs);
		} else
			pstream_end(a, &dv->log, ev, NULL, NULL);
		return;
	}
	for (q = 0; q < Q_N && (dv->q[q] == 0 || dv->q[q] != ev->req); q++)
		;
	if (q == Q_N)
		return;		/* an older request */
	switch (ev->type) {
	case EV_ROWS:
		dash_rows(dv, (enum dash_q)q, ev);
		break;
	case EV_DONE:
		dv->q[q] = 0;
		if (ev->ntraps > 0) {
			free(dv->err);
			dv->err = xstrdup(ev->traps[0].message);
		} else if (q == Q_DHCP && ev->ret != NULL)
			dv->leases = strtol(ev->ret, NULL, 10);
		if (q == Q_IFS) {
			if (ev->ntraps > 0)
				dash_free_list(&dv->newifs, &dv->nnewifs);
			else
				dash_ifs_done(a, v);
		}
		break;
	case EV_ERROR:
		dv->q[q] = 0;
		if (q == Q_IFS)
			dash_free_list(&dv->newifs, &dv->nnewifs);
		free(dv->err);
		dv->err = xstrdup(ev->message != NULL ? ev->message :
		    _("request failed"));
		break;
	default:
		break;
	}
}

/* n values (NaN: missing, drawn as a space) as block characters scaled
 * to max, or ASCII. */
static void
dash_spark(struct buf *b, const double *vals, size_t n, double max)
{
	static const char *const blocks[] = { "\u2581", "\u2582", "\u2583",
	    "\u2584", "\u2585", "\u2586", "\u2587", "\u2588" };
	static const char ascii[] = "_.-:=+*#";
	size_t i;

	for (i = 0; i < n; i++) {
		int l;

		if (isnan(vals[i])) {
			buf_addc(b, ' ');
			continue;
		}
		l = max > 0 ? (int)(vals[i] / max * 7 + 0.5) : 0;
		l = l < 0 ? 0 : l > 7 ? 7 : l;
		if (draw_is_ascii())
			buf_addc(b, ascii[l]);
		else
			buf_adds(b, blocks[l]);
	}
}

/* "name  value" in width columns from x; returns the columns used. */
static int
dash_pair(struct app *a, WINDOW *w, int y, int x, int width,
    const char *name, const char *value)
{
	int nw = 10;

	(void)a;
	if (width <= nw)
		return 0;
	wattrset(w, theme_attr(R_SHEET_NAME));
	draw_text(w, y, x, name, nw - 1, 0);
	wattrset(w, theme_attr(R_SHEET_VALUE));
	return nw + draw_text(w, y, x + nw, value, width - nw, 0);
}

/* Two pairs side by side, or one under the other when narrow; returns
 * the lines used. */
static int
dash_two(struct app *a, WINDOW *w, int y, const char *n1, const char *v1,
    const char *n2, const char *v2)
{
	int width = getmaxx(w), half = width / 2;

	if (width < DASH_TWO_MIN) {
		dash_pair(a, w, y, 1, width - 1, n1, v1);
		dash_pair(a, w, y + 1, 1, width - 1, n2, v2);
		return 2;
	}
	dash_pair(a, w, y, 1, half - 2, n1, v1);	/* a space between */
	dash_pair(a, w, y, half, width - half, n2, v2);
	return 1;
}

/* The interfaces: name, rx, tx (and graphs of the last minute when
 * wide); returns the lines used. */
static int
dash_draw_ifs(struct app *a, struct dview *dv, WINDOW *w, int y, int rows)
{
	int width = getmaxx(w), used = 0, gw = 0, x;
	enum units_mode mode = a->s->units_bytes ? UNITS_BYTES : UNITS_BITS;
	char rx[32], tx[32];
	size_t i, shown;

	if (rows < 2)
		return 0;
	if (width >= 100)
		gw = (width - 40) / 2 - 2 > HIST_SLOTS ? HIST_SLOTS :
		    (width - 40) / 2 - 2;
	wattrset(w, theme_attr(R_TABLE_HEADER));
	draw_fill(w, y, 0, width);
	draw_text(w, y, 1, _("interface"), 16, 0);
	draw_text(w, y, 18, "rx", 10, 0);
	draw_text(w, y, 29, "tx", 10, 0);
	if (gw > 0) {
		draw_text(w, y, 40, _("rx, last minute"), gw, 0);
		draw_text(w, y, 42 + gw, _("tx, last minute"), gw, 0);
	}
	used++;
	if (!dv->have_ifs || dv->nifs == 0) {
		wattrset(w, theme_attr(R_STATUS_INFO));
		draw_text(w, y + used, 1, !dv->have_ifs ? _("loading...") :
		    _("no running interfaces"), width - 1, 0);
		return used + 1;
	}
	shown = dv->nifs;
	if (shown > (size_t)(rows - used))
		shown = (size_t)(rows - used - 1);
	for (i = 0; i < shown; i++, used++) {
		const struct history *h = histset_find(dv->hs, dv->ifs[i]);
		int have = h != NULL && h->samples > 0;

		wattrset(w, theme_attr(R_NORMAL));
		draw_text(w, y + used, 1, draw_value(&dv->tmp, dv->ifs[i],
		    strlen(dv->ifs[i])), 16, 0);
		units_rate(rx, sizeof rx, have ? h->last[HIST_RX_BPS] : NAN,
		    mode, a->s->kilo);
		units_rate(tx, sizeof tx, have ? h->last[HIST_TX_BPS] : NAN,
		    mode, a->s->kilo);
		wattrset(w, theme_attr(R_GRAPH_RX));
		draw_text(w, y + used, 18, rx, 10, 0);
		wattrset(w, theme_attr(R_GRAPH_TX));
		draw_text(w, y + used, 29, tx, 10, 0);
		if (gw > 0 && have) {
			double win[HIST_SLOTS], peak = 0;
			int m;

			for (m = 0, x = 40; m < 2; m++, x += gw + 2) {
				enum hist_metric hm = m == 0 ? HIST_RX_BPS :
				    HIST_TX_BPS;
				size_t k;

				history_window(h, HIST_60S, hm, win,
				    (size_t)gw, 1);
				for (k = 0, peak = 0; k < (size_t)gw; k++)
					if (!isnan(win[k]) && win[k] > peak)
						peak = win[k];
				buf_reset(&dv->tmp);
				buf_adds(&dv->tmp, "");
				dash_spark(&dv->tmp, win, (size_t)gw, peak);
				wattrset(w, theme_attr(m == 0 ? R_GRAPH_RX :
				    R_GRAPH_TX));
				draw_text(w, y + used, x, dv->tmp.p, gw, 0);
			}
		}
	}
	if (shown < dv->nifs || dv->more > 0) {
		char more[64];

		str_fmt(more, sizeof more, _("+%zu more running"),
		    dv->nifs - shown + dv->more);
		wattrset(w, theme_attr(R_STATUS_INFO));
		draw_text(w, y + used++, 1, more, width - 1, 0);
	}
	return used;
}


/* The newest log lines in rows lines from y (a heading first). */
static void
dash_draw_log(struct dview *dv, WINDOW *w, int y, int rows)
{
	int width = getmaxx(w), tw = width >= 100 ? 19 : 8,
	    pw = width >= 100 ? 22 : 0, i;
	size_t n = logring_view_count(dv->ring), first;

	if (rows < 2)
		return;
	wattrset(w, theme_attr(R_TABLE_HEADER));
	draw_fill(w, y, 0, width);
	draw_text(w, y, 1, _("log"), width - 1, 0);
	rows--;
	y++;
	if (n == 0) {
		wattrset(w, theme_attr(R_STATUS_INFO));
		draw_text(w, y, 1, dv->log.ended != NULL ? _("the log stream ended") :
		    _("waiting for log lines..."), width - 1, 0);
		return;
	}
	first = n > (size_t)rows ? n - (size_t)rows : 0;
	for (i = 0; first + (size_t)i < n; i++) {
		const struct logline *l = logring_view_get(dv->ring,
		    first + (size_t)i);
		const char *t = l->time != NULL ? l->time : "";
		int x = 1;

		if (tw == 8 && strlen(t) > 8)
			t += strlen(t) - 8;
		wattrset(w, theme_attr(R_LOG_TIME));
		x += draw_text(w, y + i, x, t, tw, 1) + 1;
		if (pw > 0) {
			wattrset(w, theme_attr(R_LOG_TOPICS));
			x += draw_text(w, y + i, x, draw_value(&dv->tmp,
			    l->topics, strlen(l->topics)), pw, 1) + 1;
		}
		wattrset(w, theme_attr(log_sev_role(l->sev)));
		draw_text(w, y + i, x, draw_value(&dv->tmp, l->message,
		    strlen(l->message)), width - x, 0);
	}
}

/* Two columns of name / value pairs, the CPU with its sparkline, the
 * interfaces, the log lines below. */
static void
dash_draw(struct app *a, struct view *v, WINDOW *w)
{
	struct dview *dv = v->priv;
	int width = getmaxx(w), height = getmaxy(w), y = 0, x, sw, rows;
	char s[160], s2[160], u[32], t[32];
	struct buf idb;
	const char *id = dv->identity != NULL ? dv->identity : a->s->identity;

	wattrset(w, theme_attr(R_PANEL_TITLE));
	draw_text(w, y, 0, _("dashboard"), width, 0);
	if (dv->err != NULL) {
		wattrset(w, theme_attr(R_STATUS_ERROR));
		draw_text(w, y, 12, dv->err, width - 12, 0);
	}
	y += 1;
	if (!dv->have_res) {
		wattrset(w, theme_attr(R_STATUS_INFO));
		draw_text(w, y + 1, 1, _("loading..."), width - 1, 0);
		return;
	}
	/* draw_value's text lives in the buffer given: one each */
	buf_init(&idb);
	y += dash_two(a, w, y, _("identity"), id != NULL ? draw_value(&idb,
	    id, strlen(id)) : "-", _("board"), draw_value(&dv->tmp,
	    dv->board, strlen(dv->board)));
	buf_free(&idb);
	y += dash_two(a, w, y, _("version"), dv->version, _("uptime"),
	    dv->uptime);
	/* cpu: the load, the last minute, what it is */
	if (isnan(dv->cpu_load))
		str_copy(s, sizeof s, "-");
	else
		str_fmt(s, sizeof s, "%.0f%%", dv->cpu_load);
	x = 1 + dash_pair(a, w, y, 1, width - 1, _("cpu"), s) + 1;
	sw = width - x - 1 - (dv->cpu[0] != '\0' ? draw_width(dv->cpu) + 2 :
	    0);
	if (sw > DASH_CPU_SLOTS)
		sw = DASH_CPU_SLOTS;
	if (sw >= 10) {
		double vals[DASH_CPU_SLOTS];
		size_t k, n = dv->cpu_n < (size_t)sw ? dv->cpu_n : (size_t)sw;

		for (k = 0; k < n; k++)
			vals[k] = dv->cpu_hist[(dv->cpu_head + DASH_CPU_SLOTS -
			    n + k) % DASH_CPU_SLOTS];
		buf_reset(&dv->tmp);
		buf_adds(&dv->tmp, "");
		dash_spark(&dv->tmp, vals, n, 100);
		wattrset(w, theme_attr(R_GRAPH_RX));
		draw_text(w, y, x, dv->tmp.p, sw, 0);
		x += sw + 2;
	}
	if (dv->cpu[0] != '\0' && x < width) {
		wattrset(w, theme_attr(R_SHEET_VALUE));
		draw_text(w, y, x, dv->cpu, width - x, 0);
	}
	y++;
	/* memory and disk: used / total (percent used) */
	if (isnan(dv->mem_total) || isnan(dv->mem_free) || dv->mem_total <= 0)
		str_copy(s, sizeof s, "-");
	else
		str_fmt(s, sizeof s, "%s / %s (%.0f%%)", units_size(u,
		    sizeof u, dv->mem_total - dv->mem_free, a->s->kilo),
		    units_size(t, sizeof t, dv->mem_total, a->s->kilo),
		    (dv->mem_total - dv->mem_free) * 100 / dv->mem_total);
	if (isnan(dv->hdd_total) || isnan(dv->hdd_free) || dv->hdd_total <= 0)
		str_copy(s2, sizeof s2, "-");
	else
		str_fmt(s2, sizeof s2, "%s / %s (%.0f%%)", units_size(u,
		    sizeof u, dv->hdd_total - dv->hdd_free, a->s->kilo),
		    units_size(t, sizeof t, dv->hdd_total, a->s->kilo),
		    (dv->hdd_total - dv->hdd_free) * 100 / dv->hdd_total);
	y += dash_two(a, w, y, _("memory"), s, _("disk"), s2);
	/* ntp and dhcp */
	if (!dv->have_ntp)
		str_copy(s, sizeof s, "-");
	else if (strcmp(dv->ntp_enabled, "true") != 0 &&
	    strcmp(dv->ntp_enabled, "yes") != 0)
		str_copy(s, sizeof s, _("disabled"));
	else if (dv->ntp_status[0] != '\0' && dv->ntp_stratum[0] != '\0')
		str_fmt(s, sizeof s, _("%s, %s (stratum %s)"), dv->ntp_status,
		    dv->ntp_server, dv->ntp_stratum);
	else if (dv->ntp_status[0] != '\0')
		str_fmt(s, sizeof s, "%s, %s", dv->ntp_status,
		    dv->ntp_server);
	else
		str_fmt(s, sizeof s, _("enabled, %s"), dv->ntp_server);
	dash_pair(a, w, y++, 1, width - 1, _("ntp"), draw_value(&dv->tmp, s,
	    strlen(s)));
	if (dv->leases < 0)
		str_copy(s, sizeof s, "-");
	else
		str_fmt(s, sizeof s, ngettext("%ld lease", "%ld leases",
		    (unsigned long)dv->leases), dv->leases);
	dash_pair(a, w, y++, 1, width - 1, _("dhcp"), s);
	y++;
	/* the interfaces get what the log leaves them (3 lines at least) */
	rows = height - y - 1 - 4;
	if (rows > (int)dv->nifs + 2)
		rows = (int)dv->nifs + 2;
	if (rows < 3)
		rows = 3;
	if (rows > height - y)		/* a short window: what fits */
		rows = height - y;
	y += dash_draw_ifs(a, dv, w, y, rows) + 1;
	if (y < height)
		dash_draw_log(dv, w, y, height - y);
}

static int
dash_action(struct app *a, struct view *v, enum action_id id)
{
	switch (id) {
	case ACT_REFRESH:
		dash_load(a, v);
		app_status(a, R_STATUS_INFO, "%s", _("dashboard refreshed"));
		return 1;
	case ACT_BACK:
		app_pop(a);
		return 1;
	default:
		return 0;
	}
}

/* Only refresh and back of the sheet's actions work here. */
static int
dash_can(struct app *a, struct view *v, enum action_id id)
{
	(void)a;
	(void)v;
	switch (id) {
	case ACT_EDIT:
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PGUP:
	case ACT_PGDN:
	case ACT_TOP:
	case ACT_BOTTOM:
		return 0;
	default:
		return 1;
	}
}
