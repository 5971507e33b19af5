/*
 * views/traffic.c: the traffic pane: /interface/monitor-traffic of one or
 * more interfaces as a stream, kept in a client-side history
 * (src/history.h) and drawn per interface: rx/tx now, peak and average
 * over the window, and a graph of the window (rx up from the axis, tx
 * down from it) in braille dots, or ASCII with --ascii.  When the pane is
 * too low for a graph per interface, one line each with sparklines.
 * u: bits / bytes; w: the window (60 s, 10 min, 1 h).  The stream is
 * cancelled when the pane closes and re-issued after a reconnect.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "i18n.h"
#include "rows.h"
#include "units.h"
#include "../uiint.h"

#define TRAFFIC_GRAPH_MAX	512	/* graph columns (cells), at most */
#define TRAFFIC_LAG_MS		1500	/* the clock the graph is drawn at */

struct tview {
	struct histset	*hs;
	char		**ifs;		/* as requested */
	size_t		 nifs;
	char		*list;		/* "ether1,ether2" */
	struct pstream	 st;		/* monitor-traffic */
	size_t		 unnamed;	/* rows without a name so far */
	enum hist_window win;
	enum units_mode	 mode;
	int		 kilo;
};

static void traffic_view_open(struct app *a, struct view *v);
static void traffic_view_close(struct app *a, struct view *v);
static void traffic_view_draw(struct app *a, struct view *v, WINDOW *w);
static int traffic_view_action(struct app *a, struct view *v,
    enum action_id id);
static int traffic_view_can(struct app *a, struct view *v,
    enum action_id id);
static void traffic_view_event(struct app *a, struct view *v,
    struct event *ev);
static void traffic_view_reload(struct app *a, struct view *v);
static int traffic_view_key(struct app *a, struct view *v, int key);
static int traffic_view_tick(struct app *a, struct view *v);
static void traffic_view_label(struct app *a, struct view *v, char *buf,
    size_t len);
static void traffic_view_start(struct app *a, struct view *v);

const struct view_desc view_traffic = {
	"traffic", CTX_PANE,
	traffic_view_open, traffic_view_close, traffic_view_draw,
	traffic_view_action, traffic_view_can, traffic_view_event, traffic_view_reload,
	traffic_view_key, traffic_view_tick, NULL, traffic_view_label
};

static const char *const win_names[HIST_NWINDOW] = {
	N_("60 s"), N_("10 min"), N_("1 h")
};

/* t, :traffic IF[,IF...]: open (or focus) the traffic pane. */
void
traffic_pane_open(struct app *a, const char *arg)
{
	const char *p;
	char *list, *q;
	size_t n = 0;

	if (arg == NULL) {
		app_status(a, R_STATUS_ERROR, "%s", _("traffic: which "
		    "interfaces?  :traffic ether1[,ether2...]"));
		return;
	}
	/* "ether1, ether2" and "ether1 ether2" as "ether1,ether2" */
	list = xcalloc(1, strlen(arg) + 1);
	for (p = arg, q = list; *p != '\0'; p++) {
		if (*p == ' ' || *p == ',') {
			if (q > list && q[-1] != ',')
				*q++ = ',';
			continue;
		}
		*q++ = *p;
		n++;
	}
	if (q > list && q[-1] == ',')
		q[-1] = '\0';
	if (n == 0) {
		free(list);
		traffic_pane_open(a, NULL);
		return;
	}
	app_pane_open(a, &view_traffic, list, NULL);
	free(list);
}

static void
traffic_view_open(struct app *a, struct view *v)
{
	struct tview *tv = xcalloc(1, sizeof *tv);
	const char *s = v->arg, *e;

	tv->hs = histset_new();
	tv->list = xstrdup(s);
	tv->win = HIST_60S;
	/* the router's units and kilo options; u switches */
	tv->mode = a->s->units_bytes ? UNITS_BYTES : UNITS_BITS;
	tv->kilo = a->s->kilo == 1024 ? 1024 : 1000;
	while (s != NULL && *s != '\0') {
		e = strchr(s, ',');
		tv->ifs = xreallocarray(tv->ifs, tv->nifs + 1,
		    sizeof *tv->ifs);
		tv->ifs[tv->nifs++] = e != NULL ? xstrndup(s,
		    (size_t)(e - s)) : xstrdup(s);
		s = e != NULL ? e + 1 : NULL;
	}
	v->priv = tv;
	traffic_view_start(a, v);
}

/* /interface/monitor-traffic =interface=IF1,IF2: a row per interface
 * every second. */
static void
traffic_view_start(struct app *a, struct view *v)
{
	struct tview *tv = v->priv;
	char *iface = xasprintf("=interface=%s", tv->list);
	const char *words[] = { "/interface/monitor-traffic", iface };

	tv->unnamed = 0;
	pstream_start(a, v, &tv->st, REQ_RESUME, words, TD_ARRAY_LEN(words));
	free(iface);
}

static void
traffic_view_reload(struct app *a, struct view *v)
{
	struct tview *tv = v->priv;

	if (tv->st.ended != NULL)
		traffic_view_start(a, v);
}

static void
traffic_view_close(struct app *a, struct view *v)
{
	struct tview *tv = v->priv;
	size_t i;

	pstream_close(a, &tv->st);
	histset_free(&tv->hs);
	for (i = 0; i < tv->nifs; i++)
		free(tv->ifs[i]);
	free(tv->ifs);
	free(tv->list);
	free(tv);
}

static void
traffic_view_event(struct app *a, struct view *v, struct event *ev)
{
	struct tview *tv = v->priv;
	struct rowstore rs;
	struct tword w;
	int64_t now = now_ms();
	size_t i;
	int namec;

	if (ev->req != tv->st.req)
		return;
	switch (ev->type) {
	case EV_ROWS:
		rowstore_init(&rs);
		rowstore_add(&rs, &ev->rows);
		namec = rowstore_col(&rs, "name");
		for (i = 0; i < rs.nrows; i++) {
			const char *dflt = NULL;

			if (namec < 0 || !rowstore_get(&rs, i,
			    (uint32_t)namec, &w) || w.len == 0)
				dflt = tv->ifs[tv->unnamed++ % tv->nifs];
			histset_push_row(tv->hs, &rs, i, dflt, now);
		}
		rowstore_clear(&rs);
		break;
	default: {
		char what[300];

		str_fmt(what, sizeof what, _("traffic %s"), tv->list);
		pstream_end(a, &tv->st, ev, what, NULL);
		break;
	}
	}
}

/* Every second: the graphs move on (a stalled stream shows as a gap). */
static int
traffic_view_tick(struct app *a, struct view *v)
{
	struct tview *tv = v->priv;
	int64_t now = now_ms();

	(void)a;
	if (tv->st.ended == NULL)
		histset_tick(tv->hs, now - TRAFFIC_LAG_MS);
	return tv->st.ended != NULL ? -1 : (int)(1000 - now % 1000);
}

static void
traffic_view_label(struct app *a, struct view *v, char *buf, size_t len)
{
	struct tview *tv = v->priv;

	(void)a;
	if (tv->st.ended != NULL)
		str_fmt(buf, len, _("traffic %s (ended: %s)"), tv->list,
		    tv->st.ended);
	else
		str_fmt(buf, len, _("traffic %s  %s, %s  (w window, u units)"),
		    tv->list, _(win_names[tv->win]),
		    tv->mode == UNITS_BITS ? _("bits") : _("bytes"));
}

/* u, w: keys of this pane only. */
static int
traffic_view_key(struct app *a, struct view *v, int key)
{
	struct tview *tv = v->priv;

	switch (key) {
	case 'u':
		tv->mode = tv->mode == UNITS_BITS ? UNITS_BYTES : UNITS_BITS;
		app_status(a, R_STATUS_INFO, _("traffic in %s per second"),
		    tv->mode == UNITS_BITS ? _("bits") : _("bytes"));
		return 1;
	case 'w':
		tv->win = (enum hist_window)((tv->win + 1) % HIST_NWINDOW);
		app_status(a, R_STATUS_INFO, _("traffic: the last %s"),
		    _(win_names[tv->win]));
		return 1;
	default:
		return 0;
	}
}

static int
traffic_view_action(struct app *a, struct view *v, enum action_id id)
{
	(void)a;
	(void)v;
	(void)id;
	return 0;
}

/* No pause or search here (the log's keys), no sort (torch's). */
static int
traffic_view_can(struct app *a, struct view *v, enum action_id id)
{
	(void)a;
	(void)v;
	return id != ACT_PAUSE && id != ACT_FILTER && id != ACT_SORT &&
	    id != ACT_WRAP;
}

/* A rate, or "-" when there is none. */
static const char *
traffic_rate(struct tview *tv, char *buf, size_t len, double bps)
{
	return units_rate(buf, len, bps, tv->mode, tv->kilo);
}

/*
 * "rx  1.23 Mbps  123 pps   peak 2.34 Mbps  avg 1.11 Mbps" at y, x in
 * width columns; the later parts only when they fit.
 */
static void
traffic_draw_stats(struct tview *tv, WINDOW *w, int y, int x, int width,
    const struct history *h, int tx)
{
	struct hist_stats bs, ps;
	char r[32], p[32], pk[32], av[32], line[160];
	int used;

	if (h != NULL) {
		history_stats(h, tv->win, tx ? HIST_TX_BPS : HIST_RX_BPS, &bs);
		history_stats(h, tv->win, tx ? HIST_TX_PPS : HIST_RX_PPS, &ps);
	} else
		bs.cur = bs.peak = bs.avg = ps.cur = NAN;
	wattrset(w, theme_attr(tx ? R_GRAPH_TX : R_GRAPH_RX));
	used = draw_text(w, y, x, tx ? "tx" : "rx", width, 0);
	x += used + 1;
	width -= used + 1;
	if (width <= 0)
		return;
	wattrset(w, theme_attr(R_NORMAL));
	str_fmt(line, sizeof line, "%9s %11s", traffic_rate(tv, r, sizeof r,
	    bs.cur), units_pps(p, sizeof p, ps.cur));
	used = draw_text(w, y, x, line, width, 0);
	x += used;
	width -= used;
	str_fmt(line, sizeof line, "   %s %s", _("peak"),
	    traffic_rate(tv, pk, sizeof pk, bs.peak));
	if (width < draw_width(line))
		return;
	wattrset(w, theme_attr(R_GRAPH_AXIS));
	x += draw_text(w, y, x, line, width, 0);
	width -= draw_width(line);
	str_fmt(line, sizeof line, "  %s %s", _("avg"),
	    traffic_rate(tv, av, sizeof av, bs.avg));
	if (width >= draw_width(line))
		draw_text(w, y, x, line, width, 0);
}

/* The largest value of rx and tx over the window (the graph's scale). */
static double
traffic_scale(struct tview *tv, const struct history *h)
{
	struct hist_stats s;
	double m = 0;

	history_stats(h, tv->win, HIST_RX_BPS, &s);
	if (!isnan(s.peak) && s.peak > m)
		m = s.peak;
	history_stats(h, tv->win, HIST_TX_BPS, &s);
	if (!isnan(s.peak) && s.peak > m)
		m = s.peak;
	return m;
}

/* Dots (0..rows*4) of value v on a scale of max. */
static int
traffic_dots(double v, double max, int dots)
{
	int d;

	if (isnan(v) || v <= 0 || max <= 0)
		return 0;
	d = (int)(v / max * dots + 0.5);
	if (d == 0)
		d = 1;		/* something, not nothing */
	return d > dots ? dots : d;
}

/* One cell of a braille graph: two columns of dots, lo..hi of 4 rows
 * (0 = top) filled in each. */
static void
traffic_braille(WINDOW *w, int y, int x, int t0, int b0, int t1, int b1)
{
	static const unsigned left[4] = { 0x01, 0x02, 0x04, 0x40 };
	static const unsigned right[4] = { 0x08, 0x10, 0x20, 0x80 };
	unsigned bits = 0;
	char s[4];
	int r;
	unsigned cp;

	for (r = t0; r < b0; r++)
		bits |= left[r];
	for (r = t1; r < b1; r++)
		bits |= right[r];
	if (bits == 0) {
		mvwaddstr(w, y, x, " ");
		return;
	}
	cp = 0x2800 + bits;
	s[0] = (char)(0xe0 | (cp >> 12));
	s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	s[2] = (char)(0x80 | (cp & 0x3f));
	s[3] = '\0';
	mvwaddstr(w, y, x, s);
}

/*
 * The graph of one interface in rows lines from y: rx upwards from the
 * middle, tx downwards, the scale on the left.
 */
static void
traffic_draw_graph(struct tview *tv, WINDOW *w, int y, int rows,
    int width, const struct history *h)
{
	double rx[2 * TRAFFIC_GRAPH_MAX], txv[2 * TRAFFIC_GRAPH_MAX];
	double max = traffic_scale(tv, h);
	int ascii = draw_is_ascii(), up = (rows + 1) / 2, down = rows - up;
	int lw = 5, gw = width - lw - 1, per = ascii ? 1 : 2, c, r, k;
	char lab[16];

	if (gw > TRAFFIC_GRAPH_MAX)
		gw = TRAFFIC_GRAPH_MAX;
	if (gw < 4 || rows < 2)
		return;
	history_window(h, tv->win, HIST_RX_BPS, rx, (size_t)(gw * per), 0);
	history_window(h, tv->win, HIST_TX_BPS, txv, (size_t)(gw * per), 0);
	/* the scale */
	wattrset(w, theme_attr(R_GRAPH_AXIS));
	units_rate_short(lab, sizeof lab, max, tv->mode, tv->kilo);
	draw_text(w, y, 0, max > 0 ? lab : "", lw, 1);
	if (down > 0)
		draw_text(w, y + rows - 1, 0, max > 0 ? lab : "", lw, 1);
	if (up >= 2 && down >= 2) {	/* which half is which */
		wattrset(w, theme_attr(R_GRAPH_RX));
		draw_text(w, y + up - 1, 0, ascii ? "rx ^" : "rx \u2191", lw, 1);
		wattrset(w, theme_attr(R_GRAPH_TX));
		draw_text(w, y + up, 0, ascii ? "tx v" : "tx \u2193", lw, 1);
		wattrset(w, theme_attr(R_GRAPH_AXIS));
	}
	for (r = 0; r < rows; r++)	/* rx above the middle, tx below */
		mvwaddstr(w, y + r, lw, ascii ? "|" : "\u2502");
	/* rx: up rows above the axis, filled from the bottom */
	wattrset(w, theme_attr(R_GRAPH_RX));
	for (r = 0; r < up; r++) {
		int base = (up - 1 - r) * 4;	/* dots below this row */

		for (c = 0; c < gw; c++) {
			int d[2];

			for (k = 0; k < per; k++) {
				d[k] = traffic_dots(rx[c * per + k], max,
				    up * 4) - base;
				d[k] = d[k] < 0 ? 0 : d[k] > 4 ? 4 : d[k];
			}
			if (ascii)
				mvwaddstr(w, y + r, lw + 1 + c, d[0] == 4 ?
				    "#" : d[0] >= 2 ? ":" : d[0] > 0 ? "." :
				    " ");
			else
				traffic_braille(w, y + r, lw + 1 + c,
				    4 - d[0], 4, 4 - d[1], 4);
		}
	}
	/* tx: down rows below it, filled from the top */
	wattrset(w, theme_attr(R_GRAPH_TX));
	for (r = 0; r < down; r++) {
		int base = r * 4;

		for (c = 0; c < gw; c++) {
			int d[2];

			for (k = 0; k < per; k++) {
				d[k] = traffic_dots(txv[c * per + k], max,
				    down * 4) - base;
				d[k] = d[k] < 0 ? 0 : d[k] > 4 ? 4 : d[k];
			}
			if (ascii)
				mvwaddstr(w, y + up + r, lw + 1 + c,
				    d[0] == 4 ? "#" : d[0] >= 2 ? ":" :
				    d[0] > 0 ? "'" : " ");
			else
				traffic_braille(w, y + up + r, lw + 1 + c,
				    0, d[0], 0, d[1]);
		}
	}
}

/* A one-line sparkline of metric m in width cells. */
static void
traffic_sparkline(struct tview *tv, WINDOW *w, int y, int x, int width,
    const struct history *h, enum hist_metric m, double max)
{
	static const char *const blocks[9] = { " ", "\u2581", "\u2582",
	    "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588" };
	static const char ascii_lv[] = " ._-=#";
	double vals[TRAFFIC_GRAPH_MAX];
	int c, d, ascii = draw_is_ascii();
	char s[2];

	if (width <= 0)
		return;
	if (width > TRAFFIC_GRAPH_MAX)
		width = TRAFFIC_GRAPH_MAX;
	history_window(h, tv->win, m, vals, (size_t)width, 0);
	for (c = 0; c < width; c++) {
		if (ascii) {
			d = traffic_dots(vals[c], max, 5);
			s[0] = ascii_lv[d];
			s[1] = '\0';
			mvwaddstr(w, y, x + c, s);
		} else {
			d = traffic_dots(vals[c], max, 8);
			mvwaddstr(w, y, x + c, blocks[d]);
		}
	}
}

/* Compact: "ether1  rx 1.23 Mbps ▂▃▅▆  tx 456 kbps ▆▅▃▂" per line. */
static void
traffic_draw_line(struct tview *tv, WINDOW *w, int y, int nw, int width,
    const char *name, const struct history *h)
{
	struct hist_stats s;
	char r[32], f[40];
	int x, half, spark, t;
	double max = h != NULL ? traffic_scale(tv, h) : 0;

	wattrset(w, theme_attr(R_SHEET_NAME));
	x = draw_text(w, y, 0, name, nw, 1) + 1;
	half = (width - x) / 2;
	spark = half - 3 - UNITS_WIDTH - 2;
	for (t = 0; t < 2; t++) {
		int x0 = x + t * half;

		if (h != NULL)
			history_stats(h, tv->win, t ? HIST_TX_BPS :
			    HIST_RX_BPS, &s);
		else
			s.cur = NAN;
		wattrset(w, theme_attr(t ? R_GRAPH_TX : R_GRAPH_RX));
		draw_text(w, y, x0, t ? "tx" : "rx", 2, 0);
		wattrset(w, theme_attr(R_NORMAL));
		str_fmt(f, sizeof f, "%9s", traffic_rate(tv, r, sizeof r,
		    s.cur));
		draw_text(w, y, x0 + 3, f, UNITS_WIDTH, 0);
		if (h != NULL && spark >= 4) {
			wattrset(w, theme_attr(t ? R_GRAPH_TX : R_GRAPH_RX));
			traffic_sparkline(tv, w, y, x0 + 3 + UNITS_WIDTH + 1,
			    spark, h, t ? HIST_TX_BPS : HIST_RX_BPS, max);
		}
	}
}

static void
traffic_view_draw(struct app *a, struct view *v, WINDOW *w)
{
	struct tview *tv = v->priv;
	int width = getmaxx(w), height = getmaxy(w), nw = 6, y, per, g;
	size_t i, shown;

	(void)a;
	for (i = 0; i < tv->nifs; i++)
		if ((int)strlen(tv->ifs[i]) > nw)
			nw = (int)strlen(tv->ifs[i]);
	if (nw > 16)
		nw = 16;
	if (tv->st.ended != NULL && histset_count(tv->hs) == 0) {
		wattrset(w, theme_attr(R_STATUS_ERROR));
		draw_wrap(w, 0, 1, tv->st.ended, width - 2, height);
		return;
	}
	if (histset_count(tv->hs) == 0 && tv->st.ended == NULL) {
		wattrset(w, theme_attr(R_STATUS_INFO));
		draw_text(w, 0, 1, _("waiting for traffic..."), width - 1, 0);
		return;
	}
	per = height / (int)tv->nifs;
	if (per >= 4) {
		/* two lines of numbers and a graph per interface */
		g = per - 2;
		for (i = 0, y = 0; i < tv->nifs; i++, y += per) {
			const struct history *h = histset_find(tv->hs,
			    tv->ifs[i]);

			wattrset(w, theme_attr(R_SHEET_NAME));
			draw_text(w, y, 0, tv->ifs[i], nw, 1);
			traffic_draw_stats(tv, w, y, nw + 1, width - nw - 1, h,
			    0);
			traffic_draw_stats(tv, w, y + 1, nw + 1,
			    width - nw - 1, h, 1);
			if (h != NULL)
				traffic_draw_graph(tv, w, y + 2, g, width, h);
		}
		return;
	}
	/* one line each */
	shown = (size_t)height < tv->nifs ? (size_t)height : tv->nifs;
	for (i = 0; i < shown; i++)
		traffic_draw_line(tv, w, (int)i, nw, width, tv->ifs[i],
		    histset_find(tv->hs, tv->ifs[i]));
}
