/* title.c: the title bar, the status line and the footer. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "uiint.h"

struct seg {
	const char	*s;
	enum role	 role;
};

static int title_segs_width(const struct seg *sg, size_t n);

/* Total width of segments, a space between them. */
static int
title_segs_width(const struct seg *sg, size_t n)
{
	size_t i;
	int w = 0;

	for (i = 0; i < n; i++)
		w += draw_width(sg[i].s) + 1;
	return w;
}

/* identity (board version) user@host:port ... badge latency pending state */
void
title_draw(struct app *a)
{
	WINDOW *w = a->wtitle;
	struct seg right[5];
	size_t nr = 0, i;
	char where[300], lat[32], pend[64], state[300], who[200], more[32];
	int x, width = COLS, rw, others = 0;

	wattrset(w, theme_attr(R_TITLE));
	draw_fill(w, 0, 0, width);
	for (i = 0; i < (size_t)a->nsess; i++)
		others += a->sess[i] != a->s && a->sess[i]->conn != 0;
	if (others > 0) {	/* R lists them */
		str_fmt(more, sizeof more, ngettext("+%d router",
		    "+%d routers", (unsigned long)others), others);
		right[nr++] = (struct seg){ more, R_TITLE };
	}
	if (a->s->conn == 0 && !a->s->demo) {	/* the router list */
		x = 1;
		wattrset(w, theme_attr(R_TITLE_IDENTITY));
		x += draw_text(w, 0, x, "tikdeck", width - x, 0);
		wattrset(w, theme_attr(R_TITLE));
		x += draw_text(w, 0, x, _(" routers"), width - x, 0);
		rw = title_segs_width(right, nr);
		for (i = 0, x = width - rw; i < nr && x > 0; i++)
			x += draw_text(w, 0, x, right[i].s, width - x, 0) + 1;
		wnoutrefresh(w);
		return;
	}
	if (a->s->demo)
		right[nr++] = (struct seg){ _("DEMO"), R_TITLE_BADGE_TLS };
	else if (a->s->tls)
		right[nr++] = (struct seg){ "TLS", R_TITLE_BADGE_TLS };
	else
		right[nr++] = (struct seg){ _("PLAINTEXT"),
		    R_TITLE_BADGE_PLAIN };
	if (a->s->state == CONN_READY && a->s->latency >= 0) {
		str_fmt(lat, sizeof lat, _("%d ms"), a->s->latency);
		right[nr++] = (struct seg){ lat, R_TITLE };
	}
	if (a->s->pending > 0) {
		str_fmt(pend, sizeof pend, ngettext("%d pending",
		    "%d pending", (unsigned long)a->s->pending), a->s->pending);
		right[nr++] = (struct seg){ pend, R_TITLE };
	}
	if (a->s->state == CONN_RECONNECTING) {
		int64_t left = a->s->retry_at - now_ms();
		int s = left > 0 ? (int)((left + 999) / 1000) : 0;

		if (s > 0)
			str_fmt(state, sizeof state, ngettext(
			    "reconnecting in %d s", "reconnecting in %d s",
			    (unsigned long)s), s);
		else
			str_copy(state, sizeof state, _("reconnecting"));
		right[nr++] = (struct seg){ state, R_TITLE_STATE };
	} else if (a->s->state == CONN_FAILED) {
		str_fmt(state, sizeof state, _("failed: %s"),
		    a->s->state_msg != NULL ? a->s->state_msg :
		    conn_error_name(a->s->cerr));
		right[nr++] = (struct seg){ state, R_TITLE_STATE };
	} else if (a->s->state != CONN_READY) {
		str_copy(state, sizeof state, conn_state_name(a->s->state));
		right[nr++] = (struct seg){ state, R_TITLE_STATE };
	}
	/* the right side first: it must not be cut off */
	rw = title_segs_width(right, nr);
	if (rw > width - 10)
		rw = width - 10;
	x = width - rw;
	for (i = 0; i < nr && x < width; i++) {
		wattrset(w, theme_attr(right[i].role));
		x += draw_text(w, 0, x, right[i].s, width - x, 0);
		wattrset(w, theme_attr(R_TITLE));
		x++;
	}
	/* the left side in what remains */
	x = 1;
	wattrset(w, theme_attr(R_TITLE_IDENTITY));
	x += draw_text(w, 0, x, a->s->identity != NULL ? a->s->identity :
	    a->s->host, width - rw - x - 1, 0);
	wattrset(w, theme_attr(R_TITLE));
	if (a->s->board != NULL || a->s->version != NULL) {
		str_fmt(who, sizeof who, " (%s%s%s)", a->s->board ? a->s->board : "",
		    a->s->board && a->s->version ? " " : "",
		    a->s->version ? a->s->version : "");
		if (x + draw_width(who) < width - rw - 12)
			x += draw_text(w, 0, x, who, width - rw - x - 1, 0);
	}
	if (a->s->port != NULL)
		str_fmt(where, sizeof where, " %s@%s:%s", a->s->user, a->s->host,
		    a->s->port);
	else
		str_fmt(where, sizeof where, " %s@%s", a->s->user, a->s->host);
	draw_text(w, 0, x, where, width - rw - x - 1, 0);
	wnoutrefresh(w);
}

/* The status line, or the command line while editing. */
void
status_draw(struct app *a)
{
	WINDOW *w = a->wstatus;
	char pfx[2] = { 0, 0 };
	int x, cx;

	wattrset(w, theme_attr(R_STATUS));
	werase(w);
	if (a->prompt) {
		char *before;

		pfx[0] = (char)a->prompt;
		wattrset(w, theme_attr(R_PROMPT));
		x = draw_text(w, 0, 0, pfx, 1, 0);
		before = xstrndup(a->line.p != NULL ? a->line.p : "", a->cur);
		cx = x + draw_width(before);
		free(before);
		/* keep the cursor on screen: show the end of a long line */
		draw_text(w, 0, x, a->line.p != NULL ? a->line.p : "",
		    COLS - x, 0);
		if (a->status[0] != '\0' && cx + 4 < COLS - 20) {
			int sx = COLS / 2 > cx + 2 ? COLS / 2 : cx + 2;

			wattrset(w, theme_attr(R_STATUS_INFO));
			draw_text(w, 0, sx, a->status, COLS - sx, 0);
		}
		wmove(w, 0, cx < COLS ? cx : COLS - 1);
		return;
	}
	if (a->status[0] != '\0') {
		wattrset(w, theme_attr(a->status_role));
		draw_text(w, 0, 0, a->status, COLS, a->status_role ==
		    R_STATUS_ERROR);
	}
}

/* The keys that work here, from the action table. */
void
footer_draw(struct app *a)
{
	WINDOW *w = a->wfooter;
	size_t n, i;
	const struct action *acts = actions_table(&n);
	unsigned ctx = actions_ctx(a);
	int x = 0;

	wattrset(w, theme_attr(R_FOOTER));
	draw_fill(w, 0, 0, COLS);
	if (a->prompt) {
		const char *hint = a->prompt == ':' ?
		    _(" Enter go  Tab complete  Esc cancel") :
		    _(" Enter apply  Esc cancel  text, col=value, col~regex, "
		    "col>n, col<n");

		draw_text(w, 0, 0, hint, COLS, 0);
		wnoutrefresh(w);
		return;
	}
	for (i = 0; i < n; i++) {
		char key[16];
		const char *brief;
		int need;

		if (acts[i].brief == NULL ||
		    !actions_available(a, &acts[i], ctx))
			continue;
		str_copy(key, sizeof key, acts[i].label);
		key[strcspn(key, " ")] = '\0';
		brief = _(acts[i].brief);
		need = 1 + draw_width(key) + 1 + draw_width(brief) + 1;
		if (x + need > COLS)
			break;
		x++;
		wattrset(w, theme_attr(R_FOOTER_KEY));
		x += draw_text(w, 0, x, key, COLS - x, 0);
		wattrset(w, theme_attr(R_FOOTER));
		x++;
		x += draw_text(w, 0, x, brief, COLS - x, 0);
		x++;
	}
	wnoutrefresh(w);
}
