/*
 * uiint.h: what the parts of ui/ share: the app (main loop, view stack,
 * connection state), view descriptors, the action table, themes and the
 * drawing helpers.
 */
#ifndef TIKDECK_UIINT_H
#define TIKDECK_UIINT_H

#include <curses.h>
#include <panel.h>
#include <stdint.h>

#include "cli.h"
#include "engine.h"
#include "util.h"

/* Semantic colour roles (themes name roles, never colours). */
enum role {
	R_NORMAL,
	R_TITLE,
	R_TITLE_IDENTITY,
	R_TITLE_BADGE_TLS,
	R_TITLE_BADGE_PLAIN,
	R_TITLE_STATE,
	R_BORDER,
	R_PANEL_TITLE,
	R_TABLE_HEADER,
	R_TABLE_HEADER_CURRENT,
	R_TABLE_SELECTED,
	R_TABLE_DISABLED,
	R_TABLE_DYNAMIC,
	R_TABLE_INVALID,
	R_TABLE_COMMENT,
	R_TABLE_FLAGS,
	R_TABLE_CHANGED,
	R_TABLE_HIT,
	R_TABLE_DEAD,
	R_SHEET_NAME,
	R_SHEET_VALUE,
	R_TREE,
	R_TREE_SELECTED,
	R_TREE_CURRENT,
	R_STATUS,
	R_STATUS_INFO,
	R_STATUS_ERROR,
	R_PROMPT,
	R_FOOTER,
	R_FOOTER_KEY,
	R_HELP_KEY,
	R_HELP_TEXT,
	R_LOG_TIME,
	R_LOG_TOPICS,
	R_LOG_DEBUG,
	R_LOG_INFO,
	R_LOG_WARNING,
	R_LOG_ERROR,
	R_LOG_CRITICAL,
	R_GRAPH_RX,
	R_GRAPH_TX,
	R_GRAPH_AXIS,
	R_COUNT
};

/* Where an action applies. */
#define CTX_TABLE	0x01
#define CTX_SHEET	0x02
#define CTX_HELP	0x04
#define CTX_TREE	0x08
#define CTX_ALL		0x0f
#define CTX_FORM	0x10
#define CTX_PREVIEW	0x20
#define CTX_LIST	0x40	/* the column chooser */
#define CTX_PANE	0x80	/* a live pane (log, traffic, ping ...) */
#define CTX_TRUST	0x100	/* the TLS trust dialog */
#define CTX_ROUTERS	0x200	/* the router list */

/* Function keys live above every Unicode character. */
#define KF(k)		(0x200000 | (k))
#define APP_CLIP_MAX	100000	/* base64 bytes terminals take in OSC 52 */
#define KCTRL(c)	((c) & 0x1f)

enum action_id {
	ACT_HELP,
	ACT_GOTO,
	ACT_FILTER,
	ACT_NEXT,
	ACT_PREV,
	ACT_OPEN,
	ACT_EDIT,
	ACT_ADD,
	ACT_REMOVE,
	ACT_DISABLE,
	ACT_COMMENT,
	ACT_MOVE,
	ACT_MARKMODE,
	ACT_MARK,
	ACT_NEXTFIELD,
	ACT_PREVFIELD,
	ACT_CHOOSE,
	ACT_MORE,
	ACT_APPLY,
	ACT_SAVE,
	ACT_CONFIRM,
	ACT_CANCEL,
	ACT_CLOSE,
	ACT_SORT,
	ACT_RSORT,
	ACT_COLPREV,
	ACT_COLNEXT,
	ACT_REFRESH,
	ACT_TREE,
	ACT_FOCUS,
	ACT_UP,
	ACT_DOWN,
	ACT_PGUP,
	ACT_PGDN,
	ACT_TOP,
	ACT_BOTTOM,
	ACT_STOP,
	ACT_BACK,
	ACT_QUIT,
	ACT_COPY,
	ACT_COPYALL,
	ACT_COLUMNS,
	ACT_TOGGLE,
	ACT_ITEMUP,
	ACT_ITEMDOWN,
	ACT_LISTAPPLY,
	ACT_LIVE,
	ACT_LOG,
	ACT_TEST,
	ACT_ROUTERS,
	ACT_TRUST_ONCE,
	ACT_TRUST_ALWAYS,
	ACT_REJECT,
	ACT_ZOOM,
	ACT_PAUSE,
	ACT_TRAFFIC,
	ACT_WRAP,
	ACT_COUNT
};

struct app;
struct view;

struct action {
	enum action_id	 id;
	const char	*name;
	const char	*label;		/* the keys as shown */
	int		 keys[4];	/* 0-terminated when fewer */
	const char	*help;		/* N_() text */
	const char	*brief;		/* footer word, N_(); NULL: none */
	unsigned	 where;
	/* global actions run here; NULL: the focused view handles it */
	int		(*run)(struct app *, const struct action *);
};

/* A screen: one const descriptor per file under ui/views/. */
struct view_desc {
	const char	*name;
	unsigned	 ctx;
	void		(*open)(struct app *, struct view *);
	void		(*close)(struct app *, struct view *);
	void		(*draw)(struct app *, struct view *, WINDOW *);
	/* 1 when handled */
	int		(*action)(struct app *, struct view *, enum action_id);
	/* May the action run now (for the footer and help)?  NULL: yes. */
	int		(*can)(struct app *, struct view *, enum action_id);
	void		(*event)(struct app *, struct view *, struct event *);
	/* the connection came back: reload */
	void		(*reload)(struct app *, struct view *);
	/* keys before the action table (text entry); 1 when handled */
	int		(*key)(struct app *, struct view *, int);
	/* time passed: do what is due; returns the ms until it wants to
	 * run again, -1: never.  NULL: no timers. */
	int		(*tick)(struct app *, struct view *);
	/* the text typed after '/' (NULL: no filter here) */
	void		(*filter)(struct app *, struct view *, const char *);
	/* a pane's tab in the bottom slot, e.g. "ping 192.0.2.1" (into
	 * buf); NULL: the view's name and arg */
	void		(*label)(struct app *, struct view *, char *, size_t);
	/* state and latency events of connections no session owns (the
	 * view's own, e.g. the router list's checks) */
	void		(*conn_event)(struct app *, struct view *,
			    struct event *);
	unsigned	 flags;		/* VIEW_* */
};

/* The screen is not about a menu: no menu tree beside it, and q on it
 * is its own to handle even as a router's first screen. */
#define VIEW_NOMENU	0x1

struct view {
	const struct view_desc	*desc;
	uint32_t		 id;
	uint32_t		 gen;
	char			*path;
	char			*arg;
	void			*priv;
	int			 pane_focus;	/* a pane had the keys before */
};

#define UI_STACK_MAX	16
#define UI_PANES_MAX	8

struct tree;
struct conffile;
struct router_target;

/* One router the console is connected to (or the router list's place,
 * conn 0): its connection, its title-bar facts and its screens.  The
 * current one is a->s; events of the others are handled with a->s set
 * to them for the time. */
struct session {
	conn_id		 conn;		/* 0: none (the router list) */
	conn_id		 replaced;	/* the connection a redial replaced */
	enum conn_state	 state;
	enum conn_error	 cerr;
	char		*state_msg;
	int		 was_ready;
	int		 demo;
	int		 tls;
	char		*name;		/* the configured router's name, else
					 * [user@]host[:port] as given, or
					 * "demo" */
	struct router_target *rt;	/* NULL: --demo, the router list */
	char		*password;	/* for a redial after the trust dialog */
	int		 redial;	/* reload the views when ready */
	struct tls_peer	*trust_peer;	/* the certificate that failed */
	int		 units_bytes;	/* traffic in bytes, not bits */
	int		 kilo;		/* 1000 or 1024 */
	int		 charset;	/* enum charset of the router's text */
	size_t		 log_lines;	/* the log pane's ring, 0: default */
	char		*user;
	char		*host;
	char		*port;
	char		*identity;
	char		*board;
	char		*version;
	int		 latency;	/* -1 unknown */
	int		 pending;	/* requests in flight */
	int		 backoff_ms;	/* mirrors the engine's back-off */
	int64_t		 retry_at;
	struct view	*stack[UI_STACK_MAX];
	int		 nstack;
	/* live panes: the bottom slot shows panes[pane_cur] (all of the
	 * body when pane_full); focus_pane: keys go to it */
	struct view	*panes[UI_PANES_MAX];
	int		 npanes;
	int		 pane_cur;
	int		 focus_pane;
	int		 pane_full;
	int		 title_req;	/* title requests in flight */
	req_id		*quiet;		/* streams not counted in pending */
	size_t		 nquiet;
	int		 closing;	/* failed: goes after the events */
};

#define UI_SESSIONS_MAX	16

struct app {
	struct cli_opts	*o;
	struct engine	*e;
	struct session	*s;		/* the router on screen */
	struct session	*last;		/* the router on screen before */
	struct session	*sess[UI_SESSIONS_MAX];
	int		 nsess;
	struct sim	*sim;		/* the demo router, once started */
	struct conffile	*cf;		/* NULL: --demo could not read it */
	char		*cf_err;	/* why not */
	/* configurations the router list replaced: sessions may still
	 * point into them (freed at the end) */
	struct conffile	**cf_old;
	size_t		 ncf_old;
	char		*first_screen;
	uint32_t	 next_view;
	struct tree	*tree;
	int		 tree_shown;
	int		 focus_tree;
	uint32_t	 help_for;	/* the view help describes */
	int		 last_key;	/* the key being handled */
	WINDOW		*wtitle, *wtree, *wmain, *wstatus, *wfooter;
	WINDOW		*wpanehead, *wpane;
	PANEL		*ptitle, *ptree, *pmain, *pstatus, *pfooter;
	PANEL		*ppanehead, *ppane;
	char		 status[512];
	enum role	 status_role;
	int		 prompt;	/* ':' or '/' when editing, else 0 */
	struct buf	 line;
	size_t		 cur;		/* cursor, bytes into line */
	int		 quit;
	int		 exit_code;
	int		 ascii;
	int		 color;
	int		 idle_fd;
	int		 dirty;
};

/* app_send flag (not the engine's): a long-running stream that does not
 * keep the UI from being idle. */
#define APP_QUIET	0x100

/* app.c */
struct view *app_push(struct app *a, const struct view_desc *d,
    const char *path, const char *arg);
void app_pop(struct app *a);
struct view *app_top(struct app *a);
/* As app_push, with v->priv set to init before open() runs. */
struct view *app_push_init(struct app *a, const struct view_desc *d,
    const char *path, const char *arg, void *init);
/* The open view with this id (stack or panes), or NULL. */
struct view *app_find(struct app *a, uint32_t id);
/* No router on screen (the router list): says so and returns 1. */
int app_no_router(struct app *a);
/* The view keys go to: the focused pane, else the top of the stack. */
struct view *app_focused(struct app *a);
/* Keys go to a router's first screen, which q does not leave. */
int app_at_first_screen(struct app *a, unsigned ctx);
/* Open a live pane in the bottom slot (focused).  A pane of the same
 * kind and arg already open is focused instead; returns the pane, or
 * NULL when no router is on screen (said in the status line). */
struct view *app_pane_open(struct app *a, const struct view_desc *d,
    const char *arg, void *init);
/* Close pane v (its close() cancels its streams). */
void app_pane_close(struct app *a, struct view *v);
/* Connect (again) to the resolved router; fingerprint pins the
 * certificate (accepted in the trust dialog).  0, or -1 with err. */
int app_dial(struct app *a, const char *fingerprint, char *err,
    size_t errlen);
/* Open a menu path: a table, or a property sheet for singletons. */
void app_open_path(struct app *a, const char *path);
req_id app_send(struct app *a, struct view *v, unsigned flags,
    const char *const *words, size_t n);
/* The same on connection c (a view's own connection). */
req_id app_send_conn(struct app *a, struct view *v, conn_id c,
    unsigned flags, const char *const *words, size_t n);
/* The first screen of a router: "dashboard" (also NULL), "log", or a
 * menu path; anything else: the dashboard and an error. */
void app_first_screen(struct app *a, const char *first);
/* a->s's connection failed before it ever worked. */
void app_session_failed(struct app *a, int status);

/* session.c: the routers the console is connected to. */
struct session *session_new(struct app *a);
/* The session of the router named name (configured, as given, "demo"). */
struct session *session_find(struct app *a, const char *name);
void session_free(struct app *a, struct session *s);
int session_resolve(struct app *a, struct session *s,
    const struct cli_opts *o, const char *arg, char *err, size_t errlen);
int session_dial(struct app *a, struct session *s, const char *fingerprint,
    char *err, size_t errlen);
void app_session_switch(struct app *a, struct session *s);
struct session *app_session_of_conn(struct app *a, conn_id c);
/* "+" connected, " " not (the router list's marker). */
const char *app_router_session(struct app *a, const char *name);
/* The password of x, asking on the terminal when it has no other
 * source: 1 (in out) or -1 with err. */
int app_router_password(struct app *a, const struct router_target *x,
    char **out, char *err, size_t errlen);
/* Switch to configured router name, or connect to it; 0 or -1 (the
 * reason in the status line). */
int app_router_open(struct app *a, const char *name);
/* Connect session s to the built-in simulated router; 0 or -1 with err. */
int app_demo_start(struct app *a, struct session *s, int cs, char *err,
    size_t errlen);
void app_routers_show(struct app *a);
void app_routers_back(struct app *a);
/* :router [NAME], :routers. */
void router_command(struct app *a, const char *arg);
void routers_open(struct app *a, const char *arg);
/* The list's rows of connected routers tikdeck.conf lacks, again. */
void routers_sync_sessions(struct app *a, struct view *v);
extern const struct view_desc view_routers;
void app_status(struct app *a, enum role r, const char *fmt, ...)
    TD_PRINTF(3, 4);
/* Clear the status line if it still says msg (a problem now solved). */
void app_status_withdraw(struct app *a, const char *msg);
void app_dirty(struct app *a);
/* Put text (nlines lines) on the terminal's clipboard with OSC 52 and say
 * so in the status line; 0, or -1 with the reason in the status line. */
int app_clipboard(struct app *a, const char *text, size_t nlines);

/* actions.c */
const struct action *actions_table(size_t *n);
const struct action *actions_find(unsigned ctx, int key);
const char *actions_key_name(int key, char *buf, size_t len);
int actions_available(struct app *a, const struct action *ac,
    unsigned ctx);
unsigned actions_ctx(struct app *a);

/* theme.c */
/* Load a theme before curses starts (name or path); NULL: default. */
int theme_load(const char *name, char *err, size_t errlen);
/* After start_color(): make the colour pairs. */
void theme_apply(int color);
attr_t theme_attr(enum role r);

/* draw.c */
/* Draw s (UTF-8) at y,x in at most width columns: elided with an ellipsis
 * when longer, padded with spaces when pad.  Returns the columns used. */
int draw_text(WINDOW *w, int y, int x, const char *s, int width, int pad);
/* Move a list selection for ACT_UP/DOWN/PGUP/PGDN/TOP/BOTTOM over n items,
 * page at a time; returns 0 for any other action. */
int list_move(size_t *sel, size_t n, size_t page, enum action_id id);
/* Draw s word-wrapped in width columns on at most maxlines lines from y;
 * returns the lines used. */
int draw_wrap(WINDOW *w, int y, int x, const char *s, int width,
    int maxlines);
/* The same, the lines after the first indented by hang more. */
int draw_wrap_hang(WINDOW *w, int y, int x, int hang, const char *s,
    int width, int maxlines);
/* Lines draw_wrap would use. */
int draw_wrap_lines(const char *s, int width, int maxlines);
/* Display width of UTF-8 text. */
int draw_width(const char *s);
void draw_fill(WINDOW *w, int y, int x, int width);
void draw_vline(struct app *a, WINDOW *w, int x, int y, int h);
const char *draw_ellipsis(void);
void draw_set_ascii(int ascii);
/* The router's charset (enum charset, src/text.h) for draw_value(). */
void draw_set_charset(int cs);
int draw_charset(void);
int draw_is_ascii(void);
/* Router bytes as display text (UTF-8, controls escaped), in b. */
const char *draw_value(struct buf *b, const char *p, size_t n);

/* title.c: the title bar, the status line, the footer. */
void title_draw(struct app *a);
void status_draw(struct app *a);
void footer_draw(struct app *a);

/* views */
extern const struct view_desc view_table;
extern const struct view_desc view_sheet;
extern const struct view_desc view_help;
/* Apply a filter typed after / to a table view. */
void view_table_filter(struct app *a, struct view *v, const char *text);

/* A write: one or more commands, previewed, then sent together. */
struct wcmd {
	char		**w;
	size_t		  n;
};

struct writereq {
	struct wcmd	*cmds;
	size_t		 ncmds;
	char		*question;	/* the confirmation, or NULL */
	uint32_t	 form;		/* the form it came from, 0: none */
	uint32_t	 table;		/* the table to refresh, 0: none */
	char		*select;	/* .id to select after; NULL: =ret= */
};

/* views/preview.c */
extern const struct view_desc view_preview;
extern const struct view_desc view_form;
struct wcmd *writereq_cmd(struct writereq *w, const char *cmd);
void writereq_word(struct wcmd *c, const char *fmt, ...) TD_PRINTF(2, 3);
void writereq_free(struct writereq **w);
/* The RouterOS CLI line for one command's API words (caller frees). */
char *preview_cli(const struct wcmd *c);
/* Append s as the CLI reads a value (quoted and escaped when needed). */
void preview_quote(struct buf *b, const char *s);
/* Open the preview of w (taken over). */
void preview_open(struct app *a, struct writereq *w);

/* views/form.c */
enum form_mode { FORM_EDIT, FORM_ADD, FORM_SINGLE, FORM_COMMENT,
    FORM_LOCAL };

struct form_init {
	enum form_mode	 mode;
	uint32_t	 table;		/* view id to refresh, 0: none */
	char		*ids;		/* .id (edit) or a comma list (comment) */
	char		*what;		/* for the title: "#3 input drop" */
	/* FORM_LOCAL: a record of tikdeck's own (a router of
	 * tikdeck.conf), not a router's menu: its fields as "name:TYPE
	 * ..." ('*' before a name: required), its values (name, value, ...,
	 * NULL), the title, and what saves it: 0, or -1 with err (the form
	 * stays, with its input).  names/vals: the fields with a value. */
	const char	*fields;
	char *const	*vals;
	char		*title;
	int		(*submit)(struct app *a, void *ctx, char *const *names,
			    char *const *vals, size_t n, char *err,
			    size_t errlen);
	void		*ctx;
};

/* Open a form on path (init is copied). */
void form_open(struct app *a, const char *path,
    const struct form_init *init);
/* The router refused the write: show why, keep the input. */
void form_trap(struct app *a, struct view *v, const char *msg, int refused);
/* views/table.c: after a write, reload and select id (NULL: keep). */
void view_table_changed(struct app *a, struct view *v, const char *id);
/* May this menu be changed (forms, remove ...)? */
int menu_writable(const char *path);

/* views/table.c: the chooser's result: the columns to show, in order. */
void view_table_set_cols(struct app *a, struct view *v, char **cols,
    size_t n);

/* views/columns.c: the column chooser and the remembered choices. */
/* Open the chooser for table view id: names[0..nchosen) shown now, in
 * order, then the other known columns (all copied). */
void columns_open(struct app *a, uint32_t table, const char *path,
    char **names, size_t n, size_t nchosen);
/* The remembered columns of path (caller frees each and the array), or
 * 0 when none. */
size_t columns_load(const char *path, char ***cols);
/* Remember cols for path; 0, or -1 (errno set). */
int columns_save(const char *path, char *const *cols, size_t n);

/* pane.c: what live panes share.  A pane's stream: */
struct pstream {
	req_id		 req;
	char		*ended;		/* why it stopped; NULL: running */
	int		 lost;		/* the connection ended it */
	int		 trap;		/* the router refused it */
};
/* Send words as the stream (REQ_STREAM | APP_QUIET | flags). */
void pstream_start(struct app *a, struct view *v, struct pstream *ps,
    unsigned flags, const char *const *words, size_t n);
/* The pane closes: cancel it if it still runs. */
void pstream_close(struct app *a, struct pstream *ps);
/* ev ended the stream (EV_DONE, EV_ERROR of ps->req): note why (done: the
 * text for a normal end, NULL: "the router ended it"); with what, e.g.
 * "torch ether1", a trap or an error also goes to the status line.
 * 1 when it ended. */
int pstream_end(struct app *a, struct pstream *ps, const struct event *ev,
    const char *what, const char *done);
/* "HEAD name=value ..." typed after a pane's command: HEAD without '=',
 * then name=value words, at most max words in all? */
int pane_args_ok(const char *arg, size_t max);
/* Start ps as cmd with v->arg's words: =head=HEAD, each default
 * {name, value} unless it was typed, then the other typed words. */
void pstream_start_args(struct app *a, struct view *v, struct pstream *ps,
    unsigned flags, const char *cmd, const char *head,
    const char *const (*defaults)[2], size_t ndefaults);
/* Why it ended, as " (why)" after the tab's label in buf (if it did). */
void pstream_label_end(const struct pstream *ps, char *buf, size_t len);
/* fn(ctx, rows, i) for each row of an EV_ROWS event. */
void pane_each_row(struct event *ev,
    void (*fn)(void *, const struct rowstore *, size_t), void *ctx);

/* Live panes (one file each under ui/views/): open from a key or a
 * command; arg as typed after the command. */
void log_pane_open(struct app *a, const char *arg);
/* The theme role of a log line's severity (enum log_sev, logring.h). */
enum role log_sev_role(int sev);
/* views/dashboard.c: :dashboard (identity, resources, rates, log). */
void dashboard_open(struct app *a, const char *arg);
/* views/torch.c: :torch IF [name=value ...]. */
void torch_pane_open(struct app *a, const char *arg);
/* views/probe.c: :ping HOST, :traceroute HOST. */
void ping_pane_open(struct app *a, const char *arg);
void traceroute_pane_open(struct app *a, const char *arg);
void traffic_pane_open(struct app *a, const char *arg);

/* views/trust.c: the router's certificate did not verify: accept once,
 * accept always (pin it), or reject (a->trust_peer has it). */
void trust_open(struct app *a);

/* views/api.c: :api /path/cmd =a=b ?q=v: a raw command and its reply. */
extern const struct view_desc view_api;
void api_open(struct app *a, const char *line);
/* Split a line like a shell: spaces separate words, "..." groups (with
 * \" and \\ inside); returns the word count (caller frees), -1 when a
 * quote is not closed. */
long api_split(const char *line, char ***words);

/* views/tree.c: the menu tree side panel. */
struct tree *tree_new(void);
void tree_free(struct tree **t);
void tree_draw(struct app *a, WINDOW *w);
int tree_action(struct app *a, enum action_id id);
void tree_set_current(struct tree *t, const char *path);

#endif
