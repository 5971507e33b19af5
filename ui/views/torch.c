/*
 * views/torch.c: the torch pane.  :torch IF [name=value ...] streams
 * /tool/torch =interface=IF with the classifiers that give each flow its
 * addresses, protocol and ports (=src-address=0.0.0.0/0
 * =dst-address=0.0.0.0/0 =port=any =ip-protocol=any; a word of the same
 * name typed after IF replaces the default, other words are passed on).
 * The pane shows the flows of the last complete frame (src/flows.h):
 * SRC, DST (address:port when the ports are known), PROTO, RX and TX
 * rates, sorted by the total rate; s cycles the sort key (total, rx, tx).
 * Under the flows the totals of the frame; an idle interface (the router
 * sends one all-zero row) says "no traffic".  The stream is cancelled
 * when the pane closes and started again when the connection drops it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "flows.h"
#include "i18n.h"
#include "rows.h"
#include "units.h"
#include "../uiint.h"

#define TORCH_MAXWORDS	16
#define TORCH_RATE_W	9	/* UNITS_WIDTH */
#define TORCH_PROTO_W	5
#define TORCH_ADDR_MIN	21	/* 255.255.255.255:65535 */
#define TORCH_ADDR_MAX	47	/* [IPv6]:port */

struct torchview {
	struct flows	*fl;
	char		 ifname[64];
	struct pstream	 st;		/* /tool/torch */
	size_t		 top;		/* first flow shown */
	int		 rows_shown;
	struct buf	 tmp;
};

static void torch_view_open(struct app *a, struct view *v);
static void torch_view_close(struct app *a, struct view *v);
static void torch_view_draw(struct app *a, struct view *v, WINDOW *w);
static int torch_view_action(struct app *a, struct view *v,
    enum action_id id);
static int torch_view_can(struct app *a, struct view *v, enum action_id id);
static void torch_view_event(struct app *a, struct view *v,
    struct event *ev);
static void torch_view_reload(struct app *a, struct view *v);
static void torch_view_label(struct app *a, struct view *v, char *buf,
    size_t len);
static void torch_view_start(struct app *a, struct view *v);
static int torch_idle(const struct flows *fl);
static size_t torch_nflows(const struct flows *fl);
static const char *torch_key_name(enum flows_key key);
static void torch_endpoint(char *buf, size_t len, const char *addr,
    int have_addr, unsigned port, int have_port);
static int torch_rcell(WINDOW *w, int y, int x, const char *s, int width);

const struct view_desc view_torch = {
	"torch", CTX_PANE,
	torch_view_open, torch_view_close, torch_view_draw, torch_view_action,
	torch_view_can, torch_view_event, torch_view_reload, NULL, NULL, NULL,
	torch_view_label
};

/* The classifiers asked for unless the user names them. */
static const char *const torch_defaults[][2] = {
	{ "src-address", "0.0.0.0/0" },
	{ "dst-address", "0.0.0.0/0" },
	{ "port", "any" },
	{ "ip-protocol", "any" },
};

/* :torch IF [name=value ...]: open (or focus) a torch pane. */
void
torch_pane_open(struct app *a, const char *arg)
{
	if (!pane_args_ok(arg, TORCH_MAXWORDS - 2)) {
		app_status(a, R_STATUS_ERROR, "%s", _("usage: :torch "
		    "INTERFACE [src-address=... dst-address=... port=... "
		    "ip-protocol=...]"));
		return;
	}
	app_pane_open(a, &view_torch, arg, NULL);
}

static void
torch_view_open(struct app *a, struct view *v)
{
	struct torchview *tv = xcalloc(1, sizeof *tv);
	const char *s = v->arg != NULL ? v->arg : "";
	size_t n;

	while (*s == ' ')
		s++;
	n = strcspn(s, " ");
	if (n >= sizeof tv->ifname)
		n = sizeof tv->ifname - 1;
	memcpy(tv->ifname, s, n);
	tv->ifname[n] = '\0';
	tv->fl = flows_new(0);
	buf_init(&tv->tmp);
	v->priv = tv;
	torch_view_start(a, v);
}

/* /tool/torch =interface=IF, the classifiers, the user's words. */
static void
torch_view_start(struct app *a, struct view *v)
{
	struct torchview *tv = v->priv;

	pstream_start_args(a, v, &tv->st, REQ_RESUME, "/tool/torch",
	    "interface", torch_defaults, TD_ARRAY_LEN(torch_defaults));
}

/* Connected again: a stream the engine could not resume starts over. */
static void
torch_view_reload(struct app *a, struct view *v)
{
	struct torchview *tv = v->priv;

	if (tv->st.ended != NULL && tv->st.lost) {
		flows_reset(tv->fl);
		torch_view_start(a, v);
	}
}

static void
torch_view_close(struct app *a, struct view *v)
{
	struct torchview *tv = v->priv;

	pstream_close(a, &tv->st);
	flows_free(&tv->fl);
	buf_free(&tv->tmp);
	free(tv);
}

/* One flow of a frame. */
static void
torch_row(void *ctx, const struct rowstore *rs, size_t i)
{
	flows_add_row(ctx, rs, i);
}

static void
torch_view_event(struct app *a, struct view *v, struct event *ev)
{
	struct torchview *tv = v->priv;

	if (ev->req != tv->st.req)
		return;
	switch (ev->type) {
	case EV_ROWS:
		pane_each_row(ev, torch_row, tv->fl);
		break;
	default: {
		char what[128];

		if (ev->type == EV_DONE)
			flows_done(tv->fl);
		str_fmt(what, sizeof what, _("torch %s"), tv->ifname);
		pstream_end(a, &tv->st, ev, what, NULL);
		break;
	}
	}
}

/* A frame with no traffic: no flows, or only all-zero ones. */
static int
torch_idle(const struct flows *fl)
{
	size_t i, n = flows_count(fl);

	for (i = 0; i < n; i++) {
		const struct flow *f = flows_get(fl, i);

		if (f->rx > 0 || f->tx > 0)
			return 0;
	}
	return 1;
}

/* The flows of the shown frame; 0 when it is idle. */
static size_t
torch_nflows(const struct flows *fl)
{
	return torch_idle(fl) ? 0 : flows_count(fl);
}

static const char *
torch_key_name(enum flows_key key)
{
	switch (key) {
	case FLOWS_BY_RX:
		return _("rx");
	case FLOWS_BY_TX:
		return _("tx");
	case FLOWS_BY_TOTAL:
		break;
	}
	return _("total");
}

/* The tab: "torch ether1 12 flows". */
static void
torch_view_label(struct app *a, struct view *v, char *buf, size_t len)
{
	struct torchview *tv = v->priv;

	(void)a;
	if (flows_frames(tv->fl) > 0)
		str_fmt(buf, len, _("torch %s %zu flows"), tv->ifname,
		    torch_nflows(tv->fl));
	else
		str_fmt(buf, len, _("torch %s"), tv->ifname);
	pstream_label_end(&tv->st, buf, len);
}

/* "192.0.2.1:443", "[2001:db8::1]:443", "192.0.2.1", ":443" or "". */
static void
torch_endpoint(char *buf, size_t len, const char *addr, int have_addr,
    unsigned port, int have_port)
{
	if (!have_addr)
		addr = "";
	if (!have_port)
		str_copy(buf, len, addr);
	else if (strchr(addr, ':') != NULL)
		str_fmt(buf, len, "[%s]:%u", addr, port);
	else
		str_fmt(buf, len, "%s:%u", addr, port);
}

/* Right-aligned in width columns; returns width + 1. */
static int
torch_rcell(WINDOW *w, int y, int x, const char *s, int width)
{
	int n = draw_width(s);

	if (n < width)
		draw_text(w, y, x, "", width - n, 1);
	draw_text(w, y, x + (n < width ? width - n : 0), s,
	    n < width ? n : width, 1);
	return width + 1;
}

/*
 * SRC  DST  PROTO  RX  TX  by total
 * a flow per line
 * 8 flows  rx 155 Mbps  tx 28.9 Mbps
 */
static void
torch_view_draw(struct app *a, struct view *v, WINDOW *w)
{
	struct torchview *tv = v->priv;
	const struct flows *fl = tv->fl;
	int width = getmaxx(w), height = getmaxy(w), y, x, aw, rows;
	enum flows_key key = flows_sort_key(fl);
	enum units_mode mode = a->s->units_bytes ? UNITS_BYTES : UNITS_BITS;
	int kilo = a->s->kilo != 0 ? a->s->kilo : 1000;
	size_t n = flows_count(fl), i;
	int idle = torch_idle(fl), framed = flows_frames(fl) > 0;
	char b1[64], b2[64], line[256];
	attr_t hdr = theme_attr(R_TABLE_HEADER),
	    cur = theme_attr(R_TABLE_HEADER_CURRENT);

	if (height < 1)
		return;
	/* two addresses, then PROTO, RX, TX and "by total" */
	aw = (width - (TORCH_PROTO_W + 1) - 2 * (TORCH_RATE_W + 1) - 9) / 2 -
	    1;
	if (aw > TORCH_ADDR_MAX)
		aw = TORCH_ADDR_MAX;
	if (aw < 8)
		aw = 8;

	x = 0;
	wattrset(w, hdr);
	x += draw_text(w, 0, x, _("SRC"), aw, 1) + 1;
	x += draw_text(w, 0, x, _("DST"), aw, 1) + 1;
	x += draw_text(w, 0, x, _("PROTO"), TORCH_PROTO_W, 1) + 1;
	wattrset(w, key != FLOWS_BY_TX ? cur : hdr);
	x += torch_rcell(w, 0, x, _("RX"), TORCH_RATE_W);
	wattrset(w, key != FLOWS_BY_RX ? cur : hdr);
	x += torch_rcell(w, 0, x, _("TX"), TORCH_RATE_W);
	wattrset(w, hdr);
	if (x < width) {
		str_fmt(line, sizeof line, _("by %s"), torch_key_name(key));
		draw_text(w, 0, x, line, width - x, 1);
	}

	/* header, flows, totals, and why it ended */
	rows = height - 1 - (height > 2) - (tv->st.ended != NULL && framed &&
	    height > 3);
	if (rows < 0)
		rows = 0;
	tv->rows_shown = rows;
	if (!framed || idle) {
		tv->top = 0;
		if (rows > 0 || height > 1) {
			if (!framed && tv->st.ended != NULL)
				wattrset(w, theme_attr(tv->st.trap || tv->st.lost ?
				    R_STATUS_ERROR : R_STATUS_INFO));
			else
				wattrset(w, theme_attr(R_STATUS_INFO));
			if (framed)
				str_fmt(line, sizeof line,
				    _("no traffic on %s"), tv->ifname);
			else
				str_copy(line, sizeof line, tv->st.ended != NULL ?
				    tv->st.ended : _("waiting for the first "
				    "frame..."));
			draw_text(w, 1, 1, line, width - 1, 0);
		}
	} else {
		if (tv->top + (size_t)rows > n)
			tv->top = n > (size_t)rows ? n - (size_t)rows : 0;
		for (y = 1, i = tv->top; y < 1 + rows && i < n; y++, i++) {
			const struct flow *f = flows_get(fl, i);

			x = 0;
			wattrset(w, theme_attr(R_NORMAL));
			torch_endpoint(b1, sizeof b1, f->src,
			    (f->have & FLOW_SRC) != 0, f->sport,
			    (f->have & FLOW_SPORT) != 0);
			x += draw_text(w, y, x, draw_value(&tv->tmp, b1,
			    strlen(b1)), aw, 1) + 1;
			torch_endpoint(b1, sizeof b1, f->dst,
			    (f->have & FLOW_DST) != 0, f->dport,
			    (f->have & FLOW_DPORT) != 0);
			x += draw_text(w, y, x, draw_value(&tv->tmp, b1,
			    strlen(b1)), aw, 1) + 1;
			x += draw_text(w, y, x, draw_value(&tv->tmp, f->proto,
			    strlen(f->proto)), TORCH_PROTO_W, 1) + 1;
			wattrset(w, theme_attr(R_GRAPH_RX));
			x += torch_rcell(w, y, x, units_rate(b1, sizeof b1,
			    f->rx, mode, kilo), TORCH_RATE_W);
			wattrset(w, theme_attr(R_GRAPH_TX));
			torch_rcell(w, y, x, units_rate(b1, sizeof b1, f->tx,
			    mode, kilo), TORCH_RATE_W);
		}
	}
	if (height < 3)
		return;
	y = height - 1;
	if (tv->st.ended != NULL && framed && height > 3) {
		wattrset(w, theme_attr(tv->st.trap || tv->st.lost ?
		    R_STATUS_ERROR : R_STATUS_INFO));
		draw_text(w, y, 0, tv->st.ended, width, 1);
		y--;
	}
	if (!framed)
		return;
	{
		double tx, rx;

		flows_totals(fl, &tx, &rx);
		units_rate(b1, sizeof b1, rx, mode, kilo);
		units_rate(b2, sizeof b2, tx, mode, kilo);
		str_fmt(line, sizeof line, _("%zu flows  total rx %s  tx %s"),
		    torch_nflows(fl), b1, b2);
		if (flows_truncated(fl) > 0) {
			size_t l = strlen(line);

			str_fmt(line + l, sizeof line - l,
			    _("  (%llu more not kept)"),
			    (unsigned long long)flows_truncated(fl));
		}
		if (!idle && n > (size_t)rows && rows > 0) {
			size_t l = strlen(line);

			str_fmt(line + l, sizeof line - l,
			    _("  showing %zu-%zu"), tv->top + 1,
			    tv->top + (size_t)rows < n ?
			    tv->top + (size_t)rows : n);
		}
		wattrset(w, theme_attr(R_STATUS_INFO));
		draw_text(w, y, 0, line, width, 1);
	}
}

/* s sorts; no pause or search here. */
static int
torch_view_can(struct app *a, struct view *v, enum action_id id)
{
	(void)a;
	(void)v;
	return id != ACT_PAUSE && id != ACT_FILTER && id != ACT_WRAP;
}

static int
torch_view_action(struct app *a, struct view *v, enum action_id id)
{
	struct torchview *tv = v->priv;
	size_t n = torch_nflows(tv->fl), page;
	enum flows_key key;

	page = tv->rows_shown > 1 ? (size_t)tv->rows_shown - 1 : 1;
	switch (id) {
	case ACT_SORT:
		switch (flows_sort_key(tv->fl)) {
		case FLOWS_BY_TOTAL:
			key = FLOWS_BY_RX;
			break;
		case FLOWS_BY_RX:
			key = FLOWS_BY_TX;
			break;
		default:
			key = FLOWS_BY_TOTAL;
			break;
		}
		flows_sort(tv->fl, key);
		tv->top = 0;
		app_status(a, R_STATUS_INFO, _("torch: sorted by %s rate"),
		    torch_key_name(key));
		return 1;
	case ACT_UP:
	case ACT_PGUP:
		tv->top -= tv->top < (id == ACT_UP ? 1 : page) ? tv->top :
		    (id == ACT_UP ? 1 : page);
		return 1;
	case ACT_DOWN:
	case ACT_PGDN:
		tv->top += id == ACT_DOWN ? 1 : page;
		if (tv->top + (size_t)tv->rows_shown > n)
			tv->top = n > (size_t)tv->rows_shown ?
			    n - (size_t)tv->rows_shown : 0;
		return 1;
	case ACT_TOP:
		tv->top = 0;
		return 1;
	case ACT_BOTTOM:
		tv->top = n > (size_t)tv->rows_shown ?
		    n - (size_t)tv->rows_shown : 0;
		return 1;
	case ACT_PAUSE:
	case ACT_FILTER:
		return 1;	/* not here (can() says so) */
	default:
		return 0;
	}
}
