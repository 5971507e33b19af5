/* app.c: the console's main loop, view stack, command line and events. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conffile.h"
#include "exec.h"
#include "i18n.h"
#include "known.h"
#include "log.h"
#include "menus.h"
#include "resolve.h"
#include "secrets.h"
#include "sim/sim.h"
#include "target.h"
#include "selfpipe.h"
#include "text.h"
#include "ui.h"
#include "uiint.h"

#define DRAIN_BUDGET_MS	25	/* then redraw and read keys again (at
					 * once when a key comes) */
#define PING_MS		5000


static void app_layout(struct app *a);
static int app_pane_lines(struct app *a, int body);
static struct view *app_view_new(struct app *a, const struct view_desc *d,
    const char *path, const char *arg, void *init);
static void app_view_free(struct app *a, struct view *v);
static int app_command(struct app *a, const char *s);
static void app_free_all(struct app *a);
static void app_reap(struct app *a);
static int app_tick(struct app *a);
static void app_draw_panes(struct app *a);
static void app_draw(struct app *a);
static void app_key(struct app *a, int key);
static void app_prompt_key(struct app *a, int key);
static void app_prompt_submit(struct app *a);
static void app_complete(struct app *a);
static void app_complete_path(struct app *a);
static void app_complete_word(struct app *a, const char *head,
    const char **words, size_t n, const char *typed);
static int app_complete_command(struct app *a, const char *typed);
static void app_base64(struct buf *b, const unsigned char *p, size_t n);
static int app_write_all(int fd, const char *p, size_t n);
static void app_event(struct app *a, struct event *ev);
static void app_event_in(struct app *a, struct event *ev);
static void app_request_ended(struct app *a, const struct event *ev);
static void app_conn_state(struct app *a, struct event *ev);
static void app_title_fetch(struct app *a);
static void app_title_rows(struct app *a, struct event *ev);
static int app_status_for(enum conn_error err);
static void app_idle(struct app *a);
static void app_resize(struct app *a);
static int app_connect(struct app *a, struct cli_opts *o);

/* The ':' commands that open panes and screens (":api" and ":quit" are
 * handled before them). */
static const struct {
	const char	*name;
	void		(*open)(struct app *, const char *);
} app_cmds[] = {
	{ "dashboard", dashboard_open },
	{ "routers", routers_open },
	{ "router", router_command },
	{ "log", log_pane_open },
	{ "ping", ping_pane_open },
	{ "traceroute", traceroute_pane_open },
	{ "traffic", traffic_pane_open },
	{ "torch", torch_pane_open },
};

/* Mark the screen for a redraw. */
void
app_dirty(struct app *a)
{
	a->dirty = 1;
}

/* A message in the status line. */
void
app_status(struct app *a, enum role r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->status, sizeof a->status, fmt, ap);
	va_end(ap);
	a->status_role = r;
	a->dirty = 1;
}

/* Clear the status line if it still says msg (a problem now solved). */
void
app_status_withdraw(struct app *a, const char *msg)
{
	if (msg != NULL && strcmp(a->status, msg) == 0) {
		a->status[0] = '\0';
		a->dirty = 1;
	}
}

/* Standard base64 of n bytes, appended to b. */
static void
app_base64(struct buf *b, const unsigned char *p, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		unsigned long v = (unsigned long)p[i] << 16 |
		    (unsigned long)p[i + 1] << 8 | p[i + 2];

		buf_addc(b, tab[v >> 18 & 63]);
		buf_addc(b, tab[v >> 12 & 63]);
		buf_addc(b, tab[v >> 6 & 63]);
		buf_addc(b, tab[v & 63]);
	}
	if (n - i == 1) {
		buf_addc(b, tab[p[i] >> 2]);
		buf_addc(b, tab[(p[i] & 3) << 4]);
		buf_adds(b, "==");
	} else if (n - i == 2) {
		buf_addc(b, tab[p[i] >> 2]);
		buf_addc(b, tab[(p[i] & 3) << 4 | p[i + 1] >> 4]);
		buf_addc(b, tab[(p[i + 1] & 15) << 2]);
		buf_addc(b, '=');
	}
}

/* write() until done; 0, or -1. */
static int
app_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t r = write(fd, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* OSC 52 to the terminal (wrapped for tmux or screen). */
int
app_clipboard(struct app *a, const char *text, size_t nlines)
{
	struct buf b64, seq;
	const char *tmux = getenv("TMUX"), *term = getenv("TERM");
	int rc = 0;

	if (!isatty(STDOUT_FILENO)) {
		app_status(a, R_STATUS_ERROR, "%s", _("cannot copy: the "
		    "output is not a terminal (OSC 52 needs one)"));
		return -1;
	}
	buf_init(&b64);
	buf_adds(&b64, "");
	app_base64(&b64, (const unsigned char *)text, strlen(text));
	if (b64.len > APP_CLIP_MAX) {
		app_status(a, R_STATUS_ERROR, _("not copied: %zu KB is too "
		    "much for a terminal's clipboard (about %d KB at most); "
		    "filter the table first"), b64.len / 1024,
		    APP_CLIP_MAX / 1000);
		buf_free(&b64);
		return -1;
	}
	buf_init(&seq);
	if (tmux != NULL && *tmux != '\0')
		buf_adds(&seq, "\033Ptmux;\033");
	else if (term != NULL && strncmp(term, "screen", 6) == 0)
		buf_adds(&seq, "\033P");
	buf_printf(&seq, "\033]52;c;%s\a", b64.p);
	if ((tmux != NULL && *tmux != '\0') ||
	    (term != NULL && strncmp(term, "screen", 6) == 0))
		buf_adds(&seq, "\033\\");
	fflush(stdout);
	if (app_write_all(STDOUT_FILENO, seq.p, seq.len) == -1) {
		app_status(a, R_STATUS_ERROR, _("not copied: %s"),
		    strerror(errno));
		rc = -1;
	} else
		app_status(a, R_STATUS_INFO, ngettext("copied %zu line as "
		    "RouterOS CLI to the clipboard (OSC 52)", "copied %zu "
		    "lines as RouterOS CLI to the clipboard (OSC 52)",
		    nlines), nlines);
	buf_free(&b64);
	buf_free(&seq);
	return rc;
}

/* The view on top of the stack. */
struct view *
app_top(struct app *a)
{
	return a->s->nstack > 0 ? a->s->stack[a->s->nstack - 1] : NULL;
}

/* The open view with this id. */
struct view *
app_find(struct app *a, uint32_t id)
{
	int i;

	for (i = 0; i < a->s->nstack; i++)
		if (a->s->stack[i]->id == id)
			return a->s->stack[i];
	for (i = 0; i < a->s->npanes; i++)
		if (a->s->panes[i]->id == id)
			return a->s->panes[i];
	return NULL;
}

/* Where keys go. */
struct view *
app_focused(struct app *a)
{
	if (a->s->focus_pane && a->s->npanes > 0)
		return a->s->panes[a->s->pane_cur];
	return app_top(a);
}

int
app_at_first_screen(struct app *a, unsigned ctx)
{
	struct view *v = app_focused(a);

	return ctx != CTX_PANE && ctx != CTX_TREE && a->s->nstack == 1 &&
	    v != NULL && !(v->desc->flags & VIEW_NOMENU);
}

/* A new view (not yet open). */
static struct view *
app_view_new(struct app *a, const struct view_desc *d, const char *path,
    const char *arg, void *init)
{
	struct view *v = xcalloc(1, sizeof *v);

	v->desc = d;
	v->id = ++a->next_view;
	v->gen = 1;
	v->path = path != NULL ? xstrdup(path) : NULL;
	v->arg = arg != NULL ? xstrdup(arg) : NULL;
	v->priv = init;
	return v;
}

/* Close and free a view. */
static void
app_view_free(struct app *a, struct view *v)
{
	v->desc->close(a, v);
	free(v->path);
	free(v->arg);
	free(v);
}

/* The router list is on screen, no router: say so (1). */
int
app_no_router(struct app *a)
{
	if (a->s->conn != 0 || a->s->demo)
		return 0;
	app_status(a, R_STATUS_ERROR, "%s", _("no router on screen: Enter "
	    "connects to the selected one, :router NAME to another"));
	return 1;
}

/* Open a pane in the bottom slot, or focus the same one. */
struct view *
app_pane_open(struct app *a, const struct view_desc *d, const char *arg,
    void *init)
{
	struct view *v;
	int i;

	if (app_no_router(a)) {
		free(init);
		return NULL;
	}
	for (i = 0; i < a->s->npanes; i++) {
		v = a->s->panes[i];
		if (v->desc == d && ((v->arg == NULL && arg == NULL) ||
		    (v->arg != NULL && arg != NULL &&
		    strcmp(v->arg, arg) == 0))) {
			free(init);
			a->s->pane_cur = i;
			a->s->focus_pane = 1;
			a->focus_tree = 0;
			a->dirty = 1;
			return v;
		}
	}
	if (a->s->npanes == UI_PANES_MAX)	/* the oldest goes */
		app_pane_close(a, a->s->panes[0]);
	v = app_view_new(a, d, NULL, arg, init);
	a->s->panes[a->s->npanes] = v;
	a->s->pane_cur = a->s->npanes++;
	a->s->focus_pane = 1;
	a->focus_tree = 0;
	d->open(a, v);
	a->dirty = 1;
	return v;
}

/* Close a pane; focus goes to the next one, or back to the table. */
void
app_pane_close(struct app *a, struct view *v)
{
	int i;

	for (i = 0; i < a->s->npanes && a->s->panes[i] != v; i++)
		;
	if (i == a->s->npanes)
		return;
	memmove(a->s->panes + i, a->s->panes + i + 1,
	    (size_t)(a->s->npanes - i - 1) * sizeof *a->s->panes);
	a->s->npanes--;
	app_view_free(a, v);
	if (a->s->pane_cur >= a->s->npanes)
		a->s->pane_cur = a->s->npanes > 0 ? a->s->npanes - 1 : 0;
	if (a->s->npanes == 0) {
		a->s->focus_pane = 0;
		a->s->pane_full = 0;
	}
	a->dirty = 1;
}

/* Open a view on top of the stack. */
struct view *
app_push(struct app *a, const struct view_desc *d, const char *path,
    const char *arg)
{
	return app_push_init(a, d, path, arg, NULL);
}

/* Open a view whose open() takes init from v->priv. */
struct view *
app_push_init(struct app *a, const struct view_desc *d, const char *path,
    const char *arg, void *init)
{
	struct view *v;

	if (a->s->nstack == UI_STACK_MAX) {	/* forget the oldest */
		app_view_free(a, a->s->stack[0]);
		memmove(a->s->stack, a->s->stack + 1,
		    (UI_STACK_MAX - 1) * sizeof *a->s->stack);
		a->s->nstack--;
	}
	v = app_view_new(a, d, path, arg, init);
	v->pane_focus = a->s->focus_pane && a->s->npanes > 0;
	a->s->stack[a->s->nstack++] = v;
	a->focus_tree = 0;
	a->s->focus_pane = 0;
	a->s->pane_full = 0;
	d->open(a, v);
	if (path != NULL && a->tree != NULL)
		tree_set_current(a->tree, path);
	a->dirty = 1;
	return v;
}

/* Close the top view. */
void
app_pop(struct app *a)
{
	struct view *v = app_top(a);

	if (v == NULL)
		return;
	a->s->focus_pane = v->pane_focus && a->s->npanes > 0;
	app_view_free(a, v);
	a->s->nstack--;
	if ((v = app_top(a)) != NULL && v->path != NULL && a->tree != NULL)
		tree_set_current(a->tree, v->path);
	a->dirty = 1;
}

/* Open a menu: singletons as a property sheet. */
void
app_open_path(struct app *a, const char *path)
{
	const struct menu_info *mi = menus_find(path);

	if (app_no_router(a))
		return;
	if (mi != NULL && (mi->flags & MENU_DIR)) {
		app_status(a, R_STATUS_INFO, _("%s is a directory of menus: "
		    "Tab after it lists them"), path);
		return;
	}
	if (mi != NULL && (mi->flags & MENU_SINGLE))
		app_push(a, &view_sheet, path, NULL);
	else
		app_push(a, &view_table, path, NULL);
}

/* Queue a request owned by view v (NULL: the app). */
req_id
app_send(struct app *a, struct view *v, unsigned flags,
    const char *const *words, size_t n)
{
	return app_send_conn(a, v, a->s->conn, flags, words, n);
}

/* The same on connection c. */
req_id
app_send_conn(struct app *a, struct view *v, conn_id c, unsigned flags,
    const char *const *words, size_t n)
{
	struct owner own;
	struct req_opts ro;
	req_id r;

	own.view = v != NULL ? v->id : 0;
	own.gen = v != NULL ? v->gen : 0;
	memset(&ro, 0, sizeof ro);
	ro.flags = flags & ~(unsigned)APP_QUIET;
	r = engine_send_strs(a->e, c, own, &ro, words, n);
	if (flags & APP_QUIET) {
		a->s->quiet = xreallocarray(a->s->quiet, a->s->nquiet + 1,
		    sizeof *a->s->quiet);
		a->s->quiet[a->s->nquiet++] = r;
	} else
		a->s->pending++;
	return r;
}

/* Lines of the bottom slot (its tab line included) in a body of body
 * lines: a third, at least 6; all of it when zoomed or too small. */
static int
app_pane_lines(struct app *a, int body)
{
	int ph = body / 3;

	if (a->s->npanes == 0)
		return 0;
	if (ph < 6)
		ph = 6;
	if (a->s->pane_full)
		ph = body;
	else if (body - ph < 4)		/* no room for both: the focused one */
		ph = a->s->focus_pane ? body : 0;
	return ph;
}

/* Place the windows for the terminal size. */
static void
app_layout(struct app *a)
{
	int tw = a->tree_shown ? (COLS >= 100 ? 20 : 16) : 0;
	int body = LINES - 3, ph, mh;

	if (body < 2)
		body = 2;
	ph = app_pane_lines(a, body);
	mh = body - ph > 0 ? body - ph : 1;
	if (ph == body || (app_top(a) != NULL &&
	    (app_top(a)->desc->flags & VIEW_NOMENU)))
		tw = 0;		/* no menus to show */
	if (a->wtitle == NULL) {
		a->wtitle = newwin(1, COLS, 0, 0);
		a->wtree = newwin(body, 16, 1, 0);
		a->wmain = newwin(body, COLS, 1, 0);
		a->wstatus = newwin(1, COLS, LINES - 2, 0);
		a->wfooter = newwin(1, COLS, LINES - 1, 0);
		a->ptitle = new_panel(a->wtitle);
		a->ptree = new_panel(a->wtree);
		a->pmain = new_panel(a->wmain);
		a->pstatus = new_panel(a->wstatus);
		a->pfooter = new_panel(a->wfooter);
		a->wpanehead = newwin(1, COLS, 1, 0);
		a->wpane = newwin(1, COLS, 2, 0);
		a->ppanehead = new_panel(a->wpanehead);
		a->ppane = new_panel(a->wpane);
		keypad(a->wmain, TRUE);
	}
	wresize(a->wtitle, 1, COLS);
	wresize(a->wtree, mh, tw > 0 ? tw : 1);
	wresize(a->wmain, mh, COLS - tw > 0 ? COLS - tw : 1);
	wresize(a->wpanehead, 1, COLS);
	wresize(a->wpane, ph > 1 ? ph - 1 : 1, COLS);
	move_panel(a->ppanehead, 1 + body - ph, 0);
	move_panel(a->ppane, 1 + body - ph + 1, 0);
	if (ph > 0) {
		show_panel(a->ppanehead);
		show_panel(a->ppane);
	} else {
		hide_panel(a->ppanehead);
		hide_panel(a->ppane);
	}
	if (ph == body)
		hide_panel(a->pmain);
	else
		show_panel(a->pmain);
	wresize(a->wstatus, 1, COLS);
	wresize(a->wfooter, 1, COLS);
	move_panel(a->ptitle, 0, 0);
	move_panel(a->ptree, 1, 0);
	move_panel(a->pmain, 1, tw);
	move_panel(a->pstatus, LINES - 2 > 1 ? LINES - 2 : 1, 0);
	move_panel(a->pfooter, LINES - 1 > 2 ? LINES - 1 : 2, 0);
	if (tw > 0)
		show_panel(a->ptree);
	else
		hide_panel(a->ptree);
}

/* The terminal changed size. */
static void
app_resize(struct app *a)
{
	struct winsize ws;

	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0 && (ws.ws_row != LINES || ws.ws_col != COLS)) {
		resizeterm(ws.ws_row, ws.ws_col);
		clearok(curscr, TRUE);
	}
	a->dirty = 1;
}

/* A key is waiting on the terminal: events can wait, the key not. */
static int
app_key_waiting(void)
{
	struct pollfd p;

	p.fd = STDIN_FILENO;
	p.events = POLLIN;
	p.revents = 0;
	return poll(&p, 1, 0) > 0;
}

/* Redraw everything that may have changed (ncurses sends the diff). */
static void
app_draw(struct app *a)
{
	struct view *v = app_top(a);

	app_layout(a);
	title_draw(a);
	if (a->tree_shown)
		tree_draw(a, a->wtree);
	werase(a->wmain);
	if (v != NULL)
		v->desc->draw(a, v, a->wmain);
	if (a->s->npanes > 0)
		app_draw_panes(a);
	status_draw(a);
	footer_draw(a);
	update_panels();
	if (a->prompt) {
		curs_set(1);
		/* status_draw left the cursor in the command line */
		wnoutrefresh(a->wstatus);
	} else
		curs_set(0);
	doupdate();
	a->dirty = 0;
}

/* The bottom slot: a tab line naming every pane (the current one
 * marked, reversed when it has the keys), then the current pane. */
static void
app_draw_panes(struct app *a)
{
	WINDOW *h = a->wpanehead;
	struct view *cur = a->s->panes[a->s->pane_cur];
	int i, x = 1, width = getmaxx(h);
	char label[128];

	/* the body first: a tab's label may tell what the body shows */
	werase(a->wpane);
	cur->desc->draw(a, cur, a->wpane);
	wattrset(h, theme_attr(R_BORDER));
	if (draw_is_ascii())
		mvwhline(h, 0, 0, '-', width);
	else
		mvwhline_set(h, 0, 0, WACS_HLINE, width);
	for (i = 0; i < a->s->npanes && x < width - 2; i++) {
		struct view *v = a->s->panes[i];

		if (v->desc->label != NULL)
			v->desc->label(a, v, label, sizeof label);
		else
			str_fmt(label, sizeof label, "%s%s%s", v->desc->name,
			    v->arg != NULL ? " " : "",
			    v->arg != NULL ? v->arg : "");
		wattrset(h, theme_attr(i != a->s->pane_cur ? R_BORDER :
		    a->s->focus_pane ? R_TABLE_SELECTED : R_PANEL_TITLE));
		x += draw_text(h, 0, x, " ", width - x, 0);
		x += draw_text(h, 0, x, label, width - x - 1, 0);
		x += draw_text(h, 0, x, " ", width - x, 0);
		x++;
	}
}

/* Tab in the ':' line: a menu path, also after "api ". */
static void
app_complete(struct app *a)
{
	char *typed = xstrndup(a->line.p != NULL ? a->line.p : "",
	    a->line.len), *rest;

	if (strncmp(typed, "router ", 7) == 0) {	/* a router's name */
		const char **names = xcalloc((a->cf != NULL ?
		    a->cf->nrouters : 0) + UI_SESSIONS_MAX + 1,
		    sizeof *names);
		size_t i, n = 0;
		int k;

		for (i = 0; a->cf != NULL && i < a->cf->nrouters; i++)
			names[n++] = a->cf->routers[i]->name;
		for (k = 0; k < a->nsess; k++)	/* connected, not configured */
			if (a->sess[k]->conn != 0 && a->sess[k]->name != NULL &&
			    (a->cf == NULL ||
			    conffile_find(a->cf, a->sess[k]->name) == NULL))
				names[n++] = a->sess[k]->name;
		app_complete_word(a, "router ", names, n, typed + 7);
		free(names);
		free(typed);
		return;
	}
	if (strchr(typed, ' ') == NULL && strchr(typed, '/') == NULL &&
	    app_complete_command(a, typed)) {
		free(typed);
		return;
	}
	if (strncmp(typed, "api ", 4) != 0) {
		free(typed);
		app_complete_path(a);
		return;
	}
	for (rest = typed + 4; *rest == ' '; rest++)
		;
	if (strchr(rest, ' ') != NULL) {
		app_status(a, R_STATUS_INFO, "%s", _("Tab completes the "
		    "command's path only"));
		free(typed);
		return;
	}
	buf_reset(&a->line);
	if (*rest != '/')
		buf_addc(&a->line, '/');
	buf_adds(&a->line, rest);
	app_complete_path(a);
	rest = xstrndup(a->line.p, a->line.len);
	buf_reset(&a->line);
	buf_printf(&a->line, "api %s", rest);
	a->cur = a->line.len;
	free(rest);
	free(typed);
}

/* The line becomes head + the longest common start of the words that
 * begin with typed; one: and a space; several: listed in the status
 * line. */
static void
app_complete_word(struct app *a, const char *head, const char **words,
    size_t n, const char *typed)
{
	size_t i, k, match = 0, common = 0, tl = strlen(typed);
	const char *first = NULL;
	struct buf list;

	buf_init(&list);
	for (i = 0; i < n; i++) {
		if (strncmp(words[i], typed, tl) != 0)
			continue;
		if (first == NULL) {
			first = words[i];
			common = strlen(first);
		} else {
			for (k = 0; k < common && words[i][k] == first[k]; k++)
				;
			common = k;
		}
		buf_printf(&list, "%s%s", match++ > 0 ? "  " : "", words[i]);
	}
	if (match == 0)
		app_status(a, R_STATUS_INFO, "%s", _("nothing completes this"));
	else {
		buf_reset(&a->line);
		buf_adds(&a->line, head);
		buf_add(&a->line, first, common);
		if (match == 1)
			buf_addc(&a->line, ' ');
		a->cur = a->line.len;
		if (match > 1)
			app_status(a, R_STATUS_INFO, "%s", list.p);
		else
			a->status[0] = '\0';
	}
	buf_free(&list);
}

/* Tab on a first word that starts a command's name and no menu's:
 * complete it; 1 when it did. */
static int
app_complete_command(struct app *a, const char *typed)
{
	const char *names[TD_ARRAY_LEN(app_cmds) + 2], *m[1];
	size_t i, n = 0, tl = strlen(typed);

	for (i = 0; i < TD_ARRAY_LEN(app_cmds); i++)
		if (strncmp(app_cmds[i].name, typed, tl) == 0)
			names[n++] = app_cmds[i].name;
	if (strncmp("api", typed, tl) == 0)
		names[n++] = "api";
	if (strncmp("quit", typed, tl) == 0)
		names[n++] = "quit";
	/* a word a menu starts with too ("log") is the menus' to complete:
	 * the command runs first anyway */
	if (n == 0 || menus_complete(typed, m, 1) > 0)
		return 0;
	app_complete_word(a, "", names, n, typed);
	return 1;
}

/* Complete a menu path in the ':' line. */
static void
app_complete_path(struct app *a)
{
	const char *m[64];
	size_t n, i, common;
	char *base, *typed = xstrndup(a->line.p != NULL ? a->line.p : "",
	    a->line.len);

	n = menus_complete(typed, m, TD_ARRAY_LEN(m));
	if (n == 0) {
		char *norm = menus_normalise(typed);
		int exact = norm != NULL && menus_find(norm) != NULL;

		free(norm);
		if (exact) {	/* a whole path: list what is below it */
			buf_addc(&a->line, strchr(typed, '/') != NULL ?
			    '/' : ' ');
			a->cur = a->line.len;
			free(typed);
			typed = xstrndup(a->line.p, a->line.len);
			n = menus_complete(typed, m, TD_ARRAY_LEN(m));
		} else
			app_status(a, R_STATUS_INFO, "%s",
			    _("no menu completes this"));
		if (n == 0) {
			free(typed);
			return;
		}
	}
	common = strlen(m[0]);
	for (i = 1; i < n && i < TD_ARRAY_LEN(m); i++) {
		size_t k = 0;

		while (k < common && m[i][k] == m[0][k])
			k++;
		common = k;
	}
	/* the line becomes the common prefix, in the user's spelling */
	base = xstrndup(m[0], common);
	buf_reset(&a->line);
	if (typed[0] == '/' || strchr(typed, '/') != NULL)
		buf_adds(&a->line, base);
	else {
		char *p;

		for (p = base + (base[0] == '/'); *p != '\0'; p++)
			buf_addc(&a->line, *p == '/' ? ' ' : *p);
	}
	if (n == 1)
		buf_addc(&a->line, typed[0] == '/' ||
		    strchr(typed, '/') != NULL ? '/' : ' ');
	a->cur = a->line.len;
	if (n > 1) {
		struct buf b;

		buf_init(&b);
		for (i = 0; i < n && i < TD_ARRAY_LEN(m); i++) {
			const char *last = strrchr(m[i], '/') + 1;

			buf_printf(&b, "%s%s", i ? "  " : "", last);
		}
		app_status(a, R_STATUS_INFO, "%s", b.p);
		buf_free(&b);
	} else
		a->status[0] = '\0';
	free(base);
	free(typed);
}

/* Enter in the command line. */
static void
app_prompt_submit(struct app *a)
{
	char *line = xstrndup(a->line.p != NULL ? a->line.p : "",
	    a->line.len);
	int kind = a->prompt;

	a->prompt = 0;
	a->status[0] = '\0';
	if (kind == '/') {
		struct view *v = app_focused(a);

		if (v != NULL && v->desc->filter != NULL)
			v->desc->filter(a, v, line);
		else if (v != NULL && v->desc == &view_table)
			view_table_filter(a, v, line);
	} else {
		char *s = line, *path;

		while (*s == ' ')
			s++;
		if (strcmp(s, "quit") == 0 || strcmp(s, "q") == 0)
			a->quit = 1;
		else if (*s == '\0')
			;
		else if (strncmp(s, "api", 3) == 0 && (s[3] == ' ' ||
		    s[3] == '\0'))
			api_open(a, s + 3);
		else if (app_command(a, s))
			;
		else if ((path = menus_normalise(s)) == NULL)
			app_status(a, R_STATUS_ERROR, _("\"%s\" is not a menu "
			    "path: use words like ip firewall filter"), s);
		else {
			app_open_path(a, path);
			free(path);
		}
	}
	free(line);
	a->dirty = 1;
}

/* Run s if it is one of app_cmds; 1 when it was. */
static int
app_command(struct app *a, const char *s)
{
	size_t i, n;

	for (i = 0; i < TD_ARRAY_LEN(app_cmds); i++) {
		n = strlen(app_cmds[i].name);
		if (strncmp(s, app_cmds[i].name, n) != 0 ||
		    (s[n] != ' ' && s[n] != '\0'))
			continue;
		for (s += n; *s == ' '; s++)
			;
		app_cmds[i].open(a, *s != '\0' ? s : NULL);
		return 1;
	}
	return 0;
}

/* The first screen of a router (first-screen in the config,
 * --first-screen; s may be NULL): the
 * dashboard, "log" (the /interface table with the log pane), or a menu
 * path; anything else: the dashboard and an error naming the value. */
void
app_first_screen(struct app *a, const char *s)
{
	char *path;

	if (s != NULL && strcmp(s, "log") == 0) {
		app_push(a, &view_table, "/interface", NULL);
		log_pane_open(a, NULL);
		return;
	}
	if (!menus_screen(s, &path)) {
		dashboard_open(a, NULL);
		app_status(a, R_STATUS_ERROR, _("first-screen \"%s\" is not "
		    "a screen: use dashboard, log or a menu path like "
		    "/ip/firewall/filter"), s);
	} else if (path == NULL)
		dashboard_open(a, NULL);
	else
		app_open_path(a, path);
	free(path);
}

/* A key while the command line is open. */
static void
app_prompt_key(struct app *a, int key)
{
	a->dirty = 1;
	switch (key) {
	case 27:
		a->prompt = 0;
		a->status[0] = '\0';
		return;
	case '\n':
	case '\r':
	case KF(KEY_ENTER):
		app_prompt_submit(a);
		return;
	case '\t':
		if (a->prompt == ':')
			app_complete(a);
		return;
	case KF(KEY_BACKSPACE):
	case 127:
	case 8:
		if (a->cur > 0) {
			size_t k = a->cur - 1;

			while (k > 0 && ((unsigned char)a->line.p[k] &
			    0xc0) == 0x80)
				k--;
			memmove(a->line.p + k, a->line.p + a->cur,
			    a->line.len - a->cur + 1);
			a->line.len -= a->cur - k;
			a->cur = k;
		} else if (a->line.len == 0)
			a->prompt = 0;
		return;
	case KF(KEY_LEFT):
		while (a->cur > 0 && (((unsigned char)a->line.p[--a->cur]) &
		    0xc0) == 0x80)
			;
		return;
	case KF(KEY_RIGHT):
		while (a->cur < a->line.len && (((unsigned char)
		    a->line.p[++a->cur]) & 0xc0) == 0x80)
			;
		return;
	case KF(KEY_HOME):
	case KCTRL('a'):
		a->cur = 0;
		return;
	case KF(KEY_END):
	case KCTRL('e'):
		a->cur = a->line.len;
		return;
	case KCTRL('u'):
		buf_reset(&a->line);
		a->cur = 0;
		return;
	default:
		if (key >= 32 && !(key & 0x200000)) {
			char mb[8];
			int n = wctomb(mb, (wchar_t)key);

			if (n <= 0)
				return;
			buf_reserve(&a->line, (size_t)n + 1);
			memmove(a->line.p + a->cur + n, a->line.p + a->cur,
			    a->line.len - a->cur + 1);
			memcpy(a->line.p + a->cur, mb, (size_t)n);
			a->line.len += (size_t)n;
			a->line.p[a->line.len] = '\0';
			a->cur += (size_t)n;
		}
		return;
	}
}

/* A key: the command line, else the action table. */
static void
app_key(struct app *a, int key)
{
	size_t n, i, k;
	const struct action *acts = actions_table(&n);
	unsigned ctx;
	struct view *v;
	char name[32];

	if (key == KF(KEY_RESIZE)) {	/* ncurses has resized already */
		a->dirty = 1;
		return;
	}
	if (a->prompt) {
		app_prompt_key(a, key);
		return;
	}
	if (a->status_role != R_STATUS_ERROR)
		a->status[0] = '\0';
	a->dirty = 1;
	a->last_key = key;
	ctx = actions_ctx(a);
	v = app_focused(a);
	if (ctx != CTX_TREE && v != NULL && v->desc->key != NULL &&
	    v->desc->key(a, v, key))
		return;
	for (i = 0; i < n; i++) {
		const struct action *ac = &acts[i];

		if (!(ac->where & ctx))
			continue;
		for (k = 0; k < 4 && ac->keys[k] != 0; k++)
			if (ac->keys[k] == key)
				break;
		if (k == 4 || ac->keys[k] == 0)
			continue;
		if (ac->run != NULL) {
			if (ac->run(a, ac))
				return;
		} else if (ctx == CTX_TREE) {
			if (tree_action(a, ac->id))
				return;
		} else if (ac->id == ACT_BACK && app_at_first_screen(a, ctx)) {
			app_status(a, R_STATUS_INFO, "%s", _("this is the "
			    "first screen: Q quits, R lists the routers, : "
			    "goes to a menu"));
			return;
		} else if (v != NULL && v->desc->action(a, v, ac->id))
			return;
		else if (ac->id == ACT_BACK && ctx == CTX_PANE) {
			app_pane_close(a, v);
			return;
		} else if (v == NULL && ac->id == ACT_BACK) {
			a->quit = 1;
			return;
		}
	}
	app_status(a, R_STATUS_INFO, _("%s does nothing here; ? lists the "
	    "keys"), actions_key_name(key, name, sizeof name));
}

/* The exit status for a connection failure (as tikdeck exec). */
static int
app_status_for(enum conn_error err)
{
	switch (err) {
	case CERR_TLS_TRUST:
		return EXEC_TLS_TRUST;
	case CERR_TIMEOUT:
		return EXEC_TIMEOUT;
	default:
		return EXEC_CONNECT;
	}
}

/* Ask the router for what the title bar shows. */
static void
app_title_fetch(struct app *a)
{
	static const char *const id[] = { "/system/identity/print" };
	static const char *const res[] = { "/system/resource/print",
	    "=.proplist=board-name,version" };

	app_send(a, NULL, 0, id, 1);
	app_send(a, NULL, 0, res, 2);
}

/* Rows for the title bar's requests. */
static void
app_title_rows(struct app *a, struct event *ev)
{
	struct rowstore rs;
	int c;
	struct tword w;

	rowstore_init(&rs);
	rowstore_add(&rs, &ev->rows);
	if (rs.nrows > 0) {
		if ((c = rowstore_col(&rs, "name")) >= 0 &&
		    rowstore_get(&rs, 0, (uint32_t)c, &w)) {
			free(a->s->identity);
			a->s->identity = xstrndup(w.p, w.len);
		}
		if ((c = rowstore_col(&rs, "board-name")) >= 0 &&
		    rowstore_get(&rs, 0, (uint32_t)c, &w)) {
			free(a->s->board);
			a->s->board = xstrndup(w.p, w.len);
		}
		if ((c = rowstore_col(&rs, "version")) >= 0 &&
		    rowstore_get(&rs, 0, (uint32_t)c, &w)) {
			const char *sp = memchr(w.p, ' ', w.len);

			free(a->s->version);
			a->s->version = xstrndup(w.p, sp != NULL ?
			    (size_t)(sp - w.p) : w.len);
		}
	}
	rowstore_clear(&rs);
}

/* EV_CONN_STATE. */
static void
app_conn_state(struct app *a, struct event *ev)
{
	int i;

	if (ev->conn != a->s->conn)
		return;		/* one replaced by app_dial() */
	a->s->state = ev->state;
	a->s->cerr = ev->cerr;
	free(a->s->state_msg);
	a->s->state_msg = ev->message != NULL ? xstrdup(ev->message) : NULL;
	switch (ev->state) {
	case CONN_READY:
		a->s->backoff_ms = 0;
		a->s->retry_at = 0;
		app_title_fetch(a);
		if (a->s->was_ready || a->s->redial) {
			for (i = 0; i < a->s->nstack; i++)
				if (a->s->stack[i]->desc->reload != NULL)
					a->s->stack[i]->desc->reload(a,
					    a->s->stack[i]);
			for (i = 0; i < a->s->npanes; i++)
				if (a->s->panes[i]->desc->reload != NULL)
					a->s->panes[i]->desc->reload(a,
					    a->s->panes[i]);
		}
		a->s->was_ready = 1;
		a->s->redial = 0;
		break;
	case CONN_RECONNECTING:
		/* the engine's back-off: 0.5 s doubling up to 30 s */
		a->s->backoff_ms = a->s->backoff_ms == 0 ? 500 :
		    a->s->backoff_ms * 2 > 30000 ? 30000 : a->s->backoff_ms * 2;
		a->s->retry_at = now_ms() + a->s->backoff_ms;
		a->s->latency = -1;
		break;
	case CONN_FAILED:
		if (a->s->was_ready)
			break;
		if (ev->cerr == CERR_TLS_TRUST && ev->peer != NULL) {
			free(a->s->trust_peer);
			a->s->trust_peer = xmalloc(sizeof *a->s->trust_peer);
			*a->s->trust_peer = *ev->peer;
			/* an unknown certificate: ask; a changed pin: no */
			if (a->s->rt != NULL && !a->s->rt->pinned &&
			    a->s->rt->fingerprint == NULL &&
			    ev->peer->have_cert) {
				trust_open(a);
				break;
			}
		}
		app_session_failed(a, app_status_for(ev->cerr));
		break;
	default:
		break;
	}
}

/* The connection of a->s failed before it ever worked: the only
 * router ends tikdeck with status (the message printed after the screen
 * is gone); another router's session closes with the reason in the
 * status line. */
void
app_session_failed(struct app *a, int status)
{
	int routers = 0, i;

	for (i = 0; i < a->nsess; i++)
		routers += a->sess[i]->conn != 0;
	if (routers <= 1 && a->nsess == 1) {
		a->exit_code = status;
		a->quit = 1;
		return;
	}
	app_status(a, R_STATUS_ERROR, _("%s: %s"), a->s->name != NULL ?
	    a->s->name : a->s->host, a->s->state_msg != NULL ?
	    a->s->state_msg : conn_error_name(a->s->cerr));
	a->s->closing = 1;
}

/* Sessions marked closing go; the screen moves to another. */
static void
app_reap(struct app *a)
{
	int i;

	for (i = 0; i < a->nsess; i++) {
		struct session *s = a->sess[i];

		if (!s->closing)
			continue;
		if (a->s == s) {
			a->s = NULL;
			session_free(a, s);
			app_routers_show(a);
		} else
			session_free(a, s);
		i = -1;		/* the array moved */
	}
}

/* Route an event to its owner. */
static void
app_event(struct app *a, struct event *ev)
{
	struct session *keep = a->s, *s = app_session_of_conn(a, ev->conn);
	int i, k;

	for (i = 0; s == NULL && i < a->nsess; i++)
		if (ev->conn != 0 && a->sess[i]->replaced == ev->conn) {
			/* a redial replaced it: its requests end unseen */
			a->s = a->sess[i];
			app_request_ended(a, ev);
			a->s = keep;
			return;
		}
	if (s == NULL && (ev->type == EV_CONN_STATE ||
	    ev->type == EV_LATENCY)) {
		/* a connection of a view's own (the router list's checks) */
		for (i = 0; i < a->nsess; i++) {
			a->s = a->sess[i];
			for (k = 0; k < a->s->nstack; k++)
				if (a->s->stack[k]->desc->conn_event != NULL)
					a->s->stack[k]->desc->conn_event(a,
					    a->s->stack[k], ev);
		}
		a->s = keep;
		a->dirty = 1;
		return;
	}
	if (s == NULL)	/* a view's own connection: find the view */
		for (i = 0; i < a->nsess && s == NULL; i++) {
			a->s = a->sess[i];
			if (app_find(a, ev->owner.view) != NULL)
				s = a->sess[i];
		}
	if (s == NULL) {
		a->s = keep;
		return;		/* the view is gone */
	}
	a->s = s;
	app_event_in(a, ev);
	/* the handler may have switched sessions (Enter in the list) */
	if (a->s == s)
		a->s = keep;
}

/* A request of a->s ended (EV_DONE, EV_ERROR): no longer pending. */
static void
app_request_ended(struct app *a, const struct event *ev)
{
	size_t q;

	if (ev->type != EV_DONE && ev->type != EV_ERROR)
		return;
	for (q = 0; q < a->s->nquiet && a->s->quiet[q] != ev->req; q++)
		continue;
	if (q < a->s->nquiet)
		a->s->quiet[q] = a->s->quiet[--a->s->nquiet];
	else
		a->s->pending = a->s->pending > 0 ? a->s->pending - 1 : 0;
}

/* An event of the session a->s. */
static void
app_event_in(struct app *a, struct event *ev)
{
	struct view *v;

	app_request_ended(a, ev);
	a->dirty = 1;
	switch (ev->type) {
	case EV_CONN_STATE:
		app_conn_state(a, ev);
		return;
	case EV_LATENCY:
		a->s->latency = ev->latency_ms;
		if (ev->message != NULL && (a->s->identity == NULL ||
		    strcmp(a->s->identity, ev->message) != 0)) {
			free(a->s->identity);	/* renamed meanwhile */
			a->s->identity = xstrdup(ev->message);
		}
		return;
	default:
		break;
	}
	if (ev->owner.view == 0) {
		if (ev->type == EV_ROWS)
			app_title_rows(a, ev);
		return;
	}
	v = app_find(a, ev->owner.view);
	if (v != NULL && v->gen == ev->owner.gen)
		v->desc->event(a, v, ev);
	/* else the view is gone or reloaded: dropped */
}

/* Test hook: one byte each time the UI is idle. */
static void
app_idle(struct app *a)
{
	char c = 'i';

	if (a->idle_fd < 0 || a->s->pending > 0 ||
	    a->s->state == CONN_CONNECTING || a->s->state == CONN_LOGGING_IN)
		return;
	if (write(a->idle_fd, &c, 1) < 0) {
		/* the test went away */
	}
}

/* Connect session s to the built-in simulated router (started once, in
 * this process, no network).  0, or -1 with err. */
int
app_demo_start(struct app *a, struct session *s, int cs, char *err,
    size_t errlen)
{
	struct conn_opts co;
	struct sim_opts so;
	int sv[2];

	memset(&so, 0, sizeof so);
#ifdef TIKDECK_TEST_HOOKS
	if (getenv("TIKDECK_TEST_DEMO_FROZEN") != NULL) {
		so.frozen = 1;
		so.seed = 1;
	}
#endif
	if (a->sim == NULL && (a->sim = sim_new(&so, err, errlen)) == NULL)
		return -1;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1) {
		str_fmt(err, errlen, "socketpair: %s", strerror(errno));
		return -1;
	}
	sim_serve_fd(a->sim, sv[1]);
	memset(&co, 0, sizeof co);
	co.ping_interval_ms = PING_MS;
	co.tcfg.kind = TRANSPORT_FD;
	co.tcfg.fd = sv[0];
	co.user = "admin";
	co.password = "";
	s->demo = 1;
	s->name = xstrdup("demo");	/* :router demo, R */
	s->charset = cs;
	s->user = xstrdup("admin");
	s->host = xstrdup("demo");
	s->state = CONN_CONNECTING;
	s->conn = engine_connect(a->e, &co);
	return 0;
}

/* Start the connection (the simulator for --demo).  Returns 0 or an exit
 * status. */
static int
app_connect(struct app *a, struct cli_opts *o)
{
	struct router_target *x;
	char err[512];
	int cs = CHARSET_AUTO;

	if (o->charset != NULL && (cs = charset_parse(o->charset)) < 0) {
		fprintf(stderr, _("tikdeck: unknown charset \"%s\": use "
		    "auto, utf-8 or cp1252\n"), o->charset);
		return EXEC_USAGE;
	}
	draw_set_charset(cs);
	if (o->demo) {
		if (app_demo_start(a, a->s, cs, err, sizeof err) == -1) {
			fprintf(stderr, "tikdeck: %s\n", err);
			return EXEC_CONNECT;
		}
		/* the router list (R) shows and edits the user's routers;
		 * a file that does not load is left alone */
		if (router_load_config_quiet(o, &a->cf, err, sizeof err) == -1)
			a->cf_err = xstrdup(err);
		if (o->first_screen != NULL)
			a->first_screen = xstrdup(o->first_screen);
		return 0;
	}
	if (router_load_config(o, &a->cf) == -1)
		return EXEC_USAGE;
	if (o->argc < 1 && a->cf->nrouters != 1)
		return 0;	/* the router list first (none: first run) */
	if (session_resolve(a, a->s, o, o->argc > 0 ? o->argv[0] :
	    a->cf->routers[0]->name, err, sizeof err) == -1) {
		fprintf(stderr, "tikdeck: %s\n", err);
		return EXEC_USAGE;
	}
	x = a->s->rt;
	draw_set_charset(a->s->charset);
	if (x->debug_log != NULL && log_open(x->debug_log) == -1) {
		fprintf(stderr, _("tikdeck: cannot open the debug log %s: "
		    "%s\n"), x->debug_log, strerror(errno));
		return EXEC_USAGE;
	}
	if (x->first_screen != NULL)
		a->first_screen = xstrdup(x->first_screen);
	if (cli_router_password(x->r, x->user, x->host, &a->s->password, err,
	    sizeof err) == -1) {
		fprintf(stderr, "tikdeck: %s\n", err);
		return EXEC_CONNECT;
	}
	if (app_dial(a, NULL, err, sizeof err) == -1) {
		fprintf(stderr, "tikdeck: %s\n", err);
		return EXEC_USAGE;
	}
	return 0;
}

/* The console. */
int
ui_main(struct cli_opts *o)
{
	struct app app, *a = &app;
	char err[512];
	int rc;

	err[0] = '\0';
	memset(a, 0, sizeof *a);
	a->o = o;
	a->s = session_new(a);
	a->idle_fd = -1;
	buf_init(&a->line);
#ifdef TIKDECK_TEST_HOOKS
	if (getenv("TIKDECK_TEST_IDLE_FD") != NULL)
		a->idle_fd = atoi(getenv("TIKDECK_TEST_IDLE_FD"));
#endif
	if (o->demo && o->debug_log != NULL && log_open(o->debug_log) == -1) {
		fprintf(stderr, _("tikdeck: cannot open the debug log %s: "
		    "%s\n"), o->debug_log, strerror(errno));
		return EXEC_USAGE;
	}
	a->e = engine_new();
	if ((rc = app_connect(a, o)) != 0 ||
	    (rc = theme_load(a->s->rt != NULL ? a->s->rt->theme : o->theme, err,
	    sizeof err) == -1 ? EXEC_USAGE : 0) != 0) {
		if (rc == EXEC_USAGE && err[0] != '\0')
			fprintf(stderr, "tikdeck: %s\n", err);
		app_free_all(a);
		engine_free(&a->e);
		sim_free(&a->sim);
		log_close();
		return rc;
	}
	if (selfpipe_open() == -1) {
		perror("pipe");
		return EXEC_CONNECT;
	}
	selfpipe_catch(SIGWINCH, NULL);
	selfpipe_catch(SIGTERM, NULL);
	selfpipe_catch(SIGHUP, NULL);

	set_escdelay(25);
	initscr();
	/* ncurses installs its own SIGWINCH handler: ours wakes poll */
	selfpipe_catch(SIGWINCH, NULL);
	raw();
	noecho();
	nonl();
	a->ascii = o->ascii;
	draw_set_ascii(o->ascii);
	a->color = !o->no_color && getenv("NO_COLOR") == NULL &&
	    has_colors();
	if (a->color) {
		start_color();
		use_default_colors();
	}
	theme_apply(a->color);
	a->tree = tree_new();
	a->tree_shown = COLS >= 100;
	app_layout(a);
	nodelay(a->wmain, TRUE);
	if (a->s->conn == 0) {		/* several routers: the list */
		a->s->state = CONN_CLOSED;
		app_push(a, &view_routers, NULL, NULL);
	} else
		app_first_screen(a, a->first_screen);
	a->dirty = 1;

	while (!a->quit) {
		struct pollfd pfd[3];
		int64_t until;
		int timeout = -1, r;
		wint_t wc;
		struct event *ev;

		if (a->dirty) {
			app_draw(a);
			app_idle(a);
		}
		if (a->s->state == CONN_RECONNECTING)
			timeout = 1000;
		r = app_tick(a);
		if (r >= 0 && (timeout < 0 || r < timeout))
			timeout = r;
		if (a->dirty)
			timeout = 0;
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[1].fd = engine_event_fd(a->e);
		pfd[1].events = POLLIN;
		pfd[2].fd = selfpipe_fd();
		pfd[2].events = POLLIN;
		pfd[0].revents = pfd[1].revents = pfd[2].revents = 0;
		r = poll(pfd, 3, timeout);
		if (r == -1 && errno != EINTR)
			break;
		if (r == 0)
			a->dirty = 1;	/* a countdown moved */
		if (pfd[2].revents & POLLIN) {
			int sig;

			while ((sig = selfpipe_next()) != 0) {
				if (sig == SIGWINCH)
					app_resize(a);
				else
					a->quit = 1;
			}
		}
		for (;;) {
			int k = wget_wch(a->wmain, &wc);

			if (k == ERR)
				break;
			app_key(a, k == KEY_CODE_YES ? KF((int)wc) : (int)wc);
		}
		until = now_ms() + DRAIN_BUDGET_MS;
		while (now_ms() < until && !app_key_waiting() &&
		    (ev = engine_next_event(a->e)) != NULL) {
			app_event(a, ev);
			event_free(&ev);
		}
		app_reap(a);
	}
	for (rc = 0; rc < a->nsess; rc++) {	/* every view closes */
		struct session *keep = a->s;

		a->s = a->sess[rc];
		while (a->s->npanes > 0)
			app_pane_close(a, a->s->panes[a->s->npanes - 1]);
		while (a->s->nstack > 0)
			app_pop(a);
		a->s = keep;
	}
	if (a->wtitle != NULL) {
		/* Panels and windows go before endwin (no leak at exit). */
		PANEL *pp[] = { a->ptitle, a->ptree, a->pmain, a->pstatus,
		    a->pfooter, a->ppanehead, a->ppane };
		WINDOW *ww[] = { a->wtitle, a->wtree, a->wmain, a->wstatus,
		    a->wfooter, a->wpanehead, a->wpane };
		size_t k;

		for (k = 0; k < TD_ARRAY_LEN(pp); k++) {
			del_panel(pp[k]);
			delwin(ww[k]);
		}
		a->wtitle = NULL;
	}
	endwin();
	if (a->exit_code == EXEC_TLS_TRUST && a->s->rt != NULL)
		router_trust_failed(a->s->rt, a->s->trust_peer, a->s->state_msg,
		    a->s->cerr);
	else if (a->exit_code != 0)
		fprintf(stderr, "tikdeck: %s\n", a->s->state_msg != NULL ?
		    a->s->state_msg : conn_error_name(a->s->cerr));
	if (a->exit_code != 0 && a->s->cerr == CERR_LOGIN)
		fprintf(stderr, _("tikdeck: hint: check the user name and "
		    "the password (TIKDECK_PASSWORD), and that the user's "
		    "group has the api policy\n"));
	app_free_all(a);
	engine_free(&a->e);
	sim_free(&a->sim);
	tree_free(&a->tree);
	buf_free(&a->line);
	log_close();
	return a->exit_code;
}

/* Every session, the configuration. */
static void
app_free_all(struct app *a)
{
	while (a->nsess > 0)
		session_free(a, a->sess[a->nsess - 1]);
	a->s = NULL;
	conffile_free(&a->cf);
	while (a->ncf_old > 0)
		conffile_free(&a->cf_old[--a->ncf_old]);
	free(a->cf_old);
	a->cf_old = NULL;
	free(a->cf_err);
	a->cf_err = NULL;
	free(a->first_screen);
	a->first_screen = NULL;
}

/* Timers of every session's views (the others' too: their live panes
 * keep running); the ms until the next, -1: none. */
static int
app_tick(struct app *a)
{
	struct session *keep = a->s;
	int i, r, t, timeout = -1;

	for (i = 0; i < a->nsess; i++) {
		a->s = a->sess[i];
		for (r = 0; r < a->s->nstack + a->s->npanes; r++) {
			struct view *sv = r < a->s->nstack ? a->s->stack[r] :
			    a->s->panes[r - a->s->nstack];

			if (sv->desc->tick == NULL ||
			    (t = sv->desc->tick(a, sv)) < 0)
				continue;
			if (timeout < 0 || t < timeout)
				timeout = t;
		}
	}
	a->s = keep;
	return timeout;
}
