/* actions.c: the one action table: keys, footer, help and dispatch. */
#include "config.h"

#include <string.h>

#include "i18n.h"
#include "uiint.h"

static int actions_global(struct app *a, const struct action *ac);
static int actions_focus(struct app *a, const struct action *ac);

#define MOVE	(CTX_TABLE | CTX_SHEET | CTX_HELP | CTX_TREE | CTX_LIST | \
		CTX_PANE | CTX_ROUTERS)
#define SCREENS	(CTX_ALL | CTX_PANE | CTX_ROUTERS)

/* In footer order: the most useful first. */
static const struct action actions[] = {
	{ ACT_EDIT, "edit", "Enter e", { '\n', '\r', KF(KEY_ENTER), 'e' },
	    N_("edit the selected row (or the settings) in a form"),
	    N_("edit"), CTX_TABLE | CTX_SHEET, NULL },
	{ ACT_OPEN, "open", "Enter", { '\n', '\r', KF(KEY_ENTER) },
	    N_("show the selected row's properties / open the menu"),
	    N_("open"), CTX_TABLE | CTX_TREE, NULL },
	{ ACT_OPEN, "connect", "Enter", { '\n', '\r', KF(KEY_ENTER) },
	    N_("connect to the router (or switch to it when connected)"),
	    N_("connect"), CTX_ROUTERS, NULL },
	{ ACT_ADD, "add-router", "a", { 'a', KF(KEY_IC) },
	    N_("add a router to tikdeck.conf (form)"), N_("add"),
	    CTX_ROUTERS, NULL },
	{ ACT_EDIT, "edit-router", "e", { 'e' },
	    N_("edit the router's entry in tikdeck.conf (form)"), N_("edit"),
	    CTX_ROUTERS, NULL },
	{ ACT_REMOVE, "delete-router", "d", { 'd', KF(KEY_DC) },
	    N_("delete the router from tikdeck.conf (asks first)"),
	    N_("delete"), CTX_ROUTERS, NULL },
	{ ACT_TEST, "test", "t", { 't' },
	    N_("check the router's connection now (asks for a password "
	    "when it has no other source)"), N_("test"), CTX_ROUTERS, NULL },
	{ ACT_ADD, "add", "a Ins", { 'a', KF(KEY_IC) },
	    N_("add a row (form)"), N_("add"), CTX_TABLE, NULL },
	{ ACT_REMOVE, "remove", "d Del", { 'd', KF(KEY_DC) },
	    N_("remove the selected or marked rows (asks first)"),
	    N_("remove"), CTX_TABLE, NULL },
	{ ACT_MARK, "mark", "Space", { ' ' },
	    N_("mark or unmark the row (multi-select, v)"), NULL, CTX_TABLE,
	    NULL },
	{ ACT_DISABLE, "disable", "x", { 'x', ' ' },
	    N_("disable / enable the selected or marked rows (asks first)"),
	    N_("disable"), CTX_TABLE, NULL },
	{ ACT_MOVE, "move", "m", { 'm' },
	    N_("move the selected or marked rows: m again on the row to put "
	    "them before"), N_("move"), CTX_TABLE, NULL },
	{ ACT_COMMENT, "comment", "c", { 'c' },
	    N_("comment the selected or marked rows"), NULL, CTX_TABLE,
	    NULL },
	{ ACT_MARKMODE, "multi-select", "v", { 'v' },
	    N_("multi-select on / off: Space marks rows for d x m c"), NULL,
	    CTX_TABLE, NULL },
	{ ACT_LISTAPPLY, "apply-columns", "Enter", { '\n', '\r',
	    KF(KEY_ENTER) }, N_("show the checked columns in this order"),
	    N_("apply"), CTX_LIST, NULL },
	{ ACT_TOGGLE, "toggle", "Space", { ' ' },
	    N_("show / hide the column"), N_("toggle"), CTX_LIST, NULL },
	{ ACT_ITEMUP, "item-up", "K <", { 'K', '<' },
	    N_("move the column up (further left)"), N_("up"), CTX_LIST,
	    NULL },
	{ ACT_ITEMDOWN, "item-down", "J >", { 'J', '>' },
	    N_("move the column down (further right)"), N_("down"), CTX_LIST,
	    NULL },
	{ ACT_APPLY, "apply", "F10 ^S", { KF(KEY_F(10)), KCTRL('s') },
	    N_("check every field and preview the change"), N_("preview"),
	    CTX_FORM, NULL },
	{ ACT_SAVE, "save", "F10 ^S", { KF(KEY_F(10)), KCTRL('s') },
	    N_("check every field and save"), N_("save"), CTX_FORM, NULL },
	{ ACT_CHOOSE, "choose", "Enter", { '\n', '\r', KF(KEY_ENTER) },
	    N_("pick from the list / toggle yes-no / next field"),
	    N_("choose"), CTX_FORM, NULL },
	{ ACT_NEXTFIELD, "next-field", "Tab Down", { '\t', KF(KEY_DOWN) },
	    N_("next field (the value is checked as you leave)"), NULL,
	    CTX_FORM, NULL },
	{ ACT_PREVFIELD, "prev-field", "S-Tab Up", { KF(KEY_BTAB),
	    KF(KEY_UP) }, N_("previous field"), NULL, CTX_FORM, NULL },
	{ ACT_MORE, "all-fields", "F3", { KF(KEY_F(3)) },
	    N_("show every field of the menu, not only the usual ones"),
	    N_("all fields"), CTX_FORM, NULL },
	{ ACT_CLOSE, "close", "Esc", { 27 },
	    N_("close the form; nothing is sent"), N_("close"), CTX_FORM,
	    NULL },
	{ ACT_CONFIRM, "send", "y Enter", { 'y', '\n', '\r', KF(KEY_ENTER) },
	    N_("send these words to the router"), N_("send"), CTX_PREVIEW,
	    NULL },
	{ ACT_CANCEL, "cancel", "n", { 'n' },
	    N_("cancel: send nothing, close the preview and the form"),
	    N_("cancel"), CTX_PREVIEW, NULL },
	{ ACT_TRUST_ONCE, "accept-once", "o", { 'o' },
	    N_("accept the certificate for this session only"),
	    N_("accept once"), CTX_TRUST, NULL },
	{ ACT_TRUST_ALWAYS, "accept-always", "a", { 'a' },
	    N_("accept the certificate and pin it in known_routers"),
	    N_("accept always"), CTX_TRUST, NULL },
	{ ACT_REJECT, "reject", "r q Esc", { 'r', 'q', 27 },
	    N_("reject the certificate: do not connect"), N_("reject"),
	    CTX_TRUST, NULL },
	{ ACT_FILTER, "filter", "/", { '/' },
	    N_("filter: text, col=value, col~regex, col>n, col<n; empty "
	    "clears"), N_("filter"), CTX_TABLE, NULL },
	{ ACT_PAUSE, "pause", "p", { 'p' },
	    N_("pause / resume: new lines wait (kept) until resumed"),
	    N_("pause"), CTX_PANE, NULL },
	{ ACT_FILTER, "search", "/", { '/' },
	    N_("show only lines with this text; empty clears"),
	    N_("search"), CTX_PANE, NULL },
	{ ACT_WRAP, "wrap", "w", { 'w' },
	    N_("long lines: wrapped under themselves / cut at the edge"),
	    N_("wrap"), CTX_PANE, NULL },
	{ ACT_SORT, "sort", "s", { 's' },
	    N_("sort the flows by total, rx or tx rate (cycles)"),
	    N_("sort"), CTX_PANE, NULL },
	{ ACT_ZOOM, "zoom", "z", { 'z' },
	    N_("the pane full screen / back to the bottom slot"), N_("zoom"),
	    CTX_PANE, actions_global },
	{ ACT_NEXT, "next", "n", { 'n' }, N_("next match of the filter"),
	    NULL, CTX_TABLE, NULL },
	{ ACT_PREV, "prev", "N", { 'N' }, N_("previous match of the filter"),
	    NULL, CTX_TABLE, NULL },
	{ ACT_GOTO, "goto", ":", { ':' },
	    N_("go to a menu (ip firewall filter) or run a command (log, "
	    "traffic IF, ping HOST, router NAME ...); Tab completes"),
	    N_("go to"), SCREENS, actions_global },
	{ ACT_SORT, "sort", "s", { 's' },
	    N_("sort by the current column; again: the router's order"),
	    N_("sort"), CTX_TABLE, NULL },
	{ ACT_RSORT, "rsort", "S", { 'S' },
	    N_("sort by the current column, reversed"), NULL, CTX_TABLE,
	    NULL },
	{ ACT_COLPREV, "column-left", "<", { '<' },
	    N_("make the column to the left current"), NULL, CTX_TABLE,
	    NULL },
	{ ACT_COLNEXT, "column-right", ">", { '>' },
	    N_("make the column to the right current"), NULL, CTX_TABLE,
	    NULL },
	{ ACT_REFRESH, "refresh", "r F5", { 'r', KF(KEY_F(5)) },
	    N_("reload from the router"), N_("refresh"),
	    CTX_TABLE | CTX_SHEET, NULL },
	{ ACT_REFRESH, "check-all", "r F5", { 'r', KF(KEY_F(5)) },
	    N_("check every router again"), N_("check all"), CTX_ROUTERS,
	    NULL },
	{ ACT_ROUTERS, "routers", "R", { 'R' },
	    N_("the router list: status of every configured router; switch "
	    "between connected ones"), NULL, SCREENS, actions_global },
	{ ACT_STOP, "stop", "Esc", { 27 },
	    N_("stop loading (the rows so far stay)"), N_("stop"),
	    CTX_TABLE, NULL },
	{ ACT_TREE, "tree", "F2 T", { KF(KEY_F(2)), 'T' },
	    N_("show or hide the menu tree"), N_("tree"), CTX_ALL,
	    actions_global },
	{ ACT_FOCUS, "focus", "Tab S-Tab", { '\t', KF(KEY_BTAB) },
	    N_("next / previous panel: the menu tree, the table, the panes"),
	    NULL, SCREENS, actions_global },
	{ ACT_LOG, "log", "l", { 'l' },
	    N_("the router's log in the bottom pane (follows new lines)"),
	    NULL, CTX_TABLE | CTX_SHEET | CTX_TREE | CTX_PANE,
	    actions_global },
	{ ACT_TRAFFIC, "traffic", "t", { 't' },
	    N_("live traffic of the selected interface in the bottom pane"),
	    NULL, CTX_TABLE, NULL },
	{ ACT_COPY, "copy", "y", { 'y' },
	    N_("copy the selected or marked rows as RouterOS CLI commands "
	    "(OSC 52 clipboard)"), N_("copy"), CTX_TABLE, NULL },
	{ ACT_COPYALL, "copy-all", "Y", { 'Y' },
	    N_("copy the whole (filtered) table as RouterOS CLI commands"),
	    NULL, CTX_TABLE, NULL },
	{ ACT_COLUMNS, "columns", "C", { 'C' },
	    N_("choose and order the columns (remembered per menu)"),
	    N_("columns"), CTX_TABLE, NULL },
	{ ACT_LIVE, "live", "L", { 'L' },
	    N_("live on / off: listen for changes (highlighted), counters "
	    "per second"), NULL, CTX_TABLE, NULL },
	{ ACT_UP, "up", "Up k", { KF(KEY_UP), 'k' }, N_("move up"), NULL,
	    MOVE, NULL },
	{ ACT_DOWN, "down", "Down j", { KF(KEY_DOWN), 'j' }, N_("move down"),
	    NULL, MOVE, NULL },
	{ ACT_PGUP, "page-up", "PgUp", { KF(KEY_PPAGE), KCTRL('b') },
	    N_("one screen up"), NULL, MOVE, NULL },
	{ ACT_PGDN, "page-down", "PgDn", { KF(KEY_NPAGE), KCTRL('f') },
	    N_("one screen down"), NULL, MOVE, NULL },
	{ ACT_TOP, "top", "g Home", { 'g', KF(KEY_HOME) }, N_("first row"),
	    NULL, MOVE, NULL },
	{ ACT_BOTTOM, "bottom", "G End", { 'G', KF(KEY_END) },
	    N_("last row"), NULL, MOVE, NULL },
	{ ACT_HELP, "help", "? F1", { '?', KF(KEY_F(1)) },
	    N_("the keys that work here"), N_("help"),
	    SCREENS | CTX_FORM | CTX_PREVIEW | CTX_LIST | CTX_TRUST,
	    actions_global },
	{ ACT_STOP, "stop-stream", "Esc", { 27 },
	    N_("ping, traceroute: stop (the results stay; Esc again or q "
	    "closes); other panes: close"), NULL, CTX_PANE, NULL },
	{ ACT_BACK, "close", "q Esc", { 'q', 27 },
	    N_("close the pane (its stream is cancelled)"), N_("close"),
	    CTX_PANE, NULL },
	{ ACT_BACK, "back", "q Esc", { 'q', 27 },
	    N_("close this view (back to the previous one)"), N_("back"),
	    CTX_ALL | CTX_PREVIEW | CTX_LIST, NULL },
	{ ACT_BACK, "back-router", "q Esc", { 'q', 27 },
	    N_("back to the router on screen before (quit when none)"),
	    N_("back"), CTX_ROUTERS, NULL },
	{ ACT_QUIT, "quit", "Q", { 'Q' }, N_("quit tikdeck"), N_("quit"),
	    SCREENS | CTX_PREVIEW | CTX_TRUST, actions_global },
};

/* Global actions. */
static int
actions_global(struct app *a, const struct action *ac)
{
	switch (ac->id) {
	case ACT_QUIT:
		a->quit = 1;
		return 1;
	case ACT_HELP:
		if (app_top(a) != NULL && app_top(a)->desc == &view_help &&
		    !a->s->focus_pane)
			return 1;
		a->help_for = app_focused(a) != NULL ? app_focused(a)->id : 0;
		app_push(a, &view_help, NULL, NULL);
		return 1;
	case ACT_LOG:
		log_pane_open(a, NULL);
		return 1;
	case ACT_ROUTERS:
		app_routers_show(a);
		return 1;
	case ACT_ZOOM:
		a->s->pane_full = !a->s->pane_full;
		return 1;
	case ACT_GOTO:
		a->prompt = ':';
		buf_reset(&a->line);
		a->cur = 0;
		a->status[0] = '\0';
		return 1;
	case ACT_TREE:
		a->tree_shown = !a->tree_shown;
		a->focus_tree = a->tree_shown;
		return 1;
	case ACT_FOCUS:
		return actions_focus(a, ac);
	default:
		return 0;
	}
}

/* Tab / S-Tab: the next / previous panel in the order tree, table,
 * panes (the tree only when shown, the table only when visible). */
static int
actions_focus(struct app *a, const struct action *ac)
{
	int n = 0, cur = 0, i, back = 0;
	int order[2 + UI_PANES_MAX];	/* -2 tree, -1 table, i pane i */

	(void)ac;
	if (a->tree_shown && !a->s->pane_full)
		order[n++] = -2;
	if (!a->s->pane_full || a->s->npanes == 0)
		order[n++] = -1;
	for (i = 0; i < a->s->npanes; i++)
		order[n++] = i;
	if (n < 2) {
		app_status(a, R_STATUS_INFO, "%s", _("only one panel is "
		    "shown: F2 or T shows the menu tree, l the log"));
		return 1;
	}
	for (i = 0; i < n; i++)
		if ((order[i] == -2 && a->focus_tree && a->tree_shown) ||
		    (order[i] == -1 && !a->focus_tree && !a->s->focus_pane) ||
		    (order[i] >= 0 && a->s->focus_pane &&
		    order[i] == a->s->pane_cur))
			cur = i;
	/* S-Tab is KF(KEY_BTAB); the action only says "focus" */
	back = a->last_key == KF(KEY_BTAB);
	cur = (cur + (back ? n - 1 : 1)) % n;
	a->focus_tree = order[cur] == -2;
	a->s->focus_pane = order[cur] >= 0;
	if (order[cur] >= 0)
		a->s->pane_cur = order[cur];
	return 1;
}

/* The whole table. */
const struct action *
actions_table(size_t *n)
{
	*n = TD_ARRAY_LEN(actions);
	return actions;
}

/* Where keys go now. */
unsigned
actions_ctx(struct app *a)
{
	struct view *v = app_focused(a);

	if (a->focus_tree && a->tree_shown)
		return CTX_TREE;
	return v != NULL ? v->desc->ctx : CTX_TABLE;
}

/* Can ac run now in ctx (for the footer and help)? */
int
actions_available(struct app *a, const struct action *ac, unsigned ctx)
{
	struct view *v = app_focused(a);

	if (!(ac->where & ctx))
		return 0;
	if (ac->id == ACT_FOCUS && !a->tree_shown && a->s->npanes == 0)
		return 0;
	if (ac->id == ACT_BACK && app_at_first_screen(a, ctx))
		return 0;	/* the status line says why when pressed */
	if (ctx == CTX_TREE || ac->run != NULL || v == NULL ||
	    v->desc->can == NULL)
		return 1;
	return v->desc->can(a, v, ac->id);
}

/* The first action for key in ctx (NULL: none). */
const struct action *
actions_find(unsigned ctx, int key)
{
	size_t i, k;

	for (i = 0; i < TD_ARRAY_LEN(actions); i++) {
		if (!(actions[i].where & ctx))
			continue;
		for (k = 0; k < 4 && actions[i].keys[k] != 0; k++)
			if (actions[i].keys[k] == key)
				return &actions[i];
	}
	return NULL;
}

/* A key as the user would name it. */
const char *
actions_key_name(int key, char *buf, size_t len)
{
	static const struct {
		int		 key;
		const char	*name;
	} names[] = {
		{ '\r', "Enter" }, { '\n', "Enter" }, { '\t', "Tab" },
		{ 27, "Esc" }, { ' ', "Space" }, { 127, "Backspace" },
		{ KF(KEY_ENTER), "Enter" }, { KF(KEY_BTAB), "S-Tab" },
		{ KF(KEY_UP), "Up" }, { KF(KEY_DOWN), "Down" },
		{ KF(KEY_LEFT), "Left" }, { KF(KEY_RIGHT), "Right" },
		{ KF(KEY_PPAGE), "PgUp" }, { KF(KEY_NPAGE), "PgDn" },
		{ KF(KEY_HOME), "Home" }, { KF(KEY_END), "End" },
		{ KF(KEY_IC), "Ins" }, { KF(KEY_DC), "Del" },
		{ KF(KEY_BACKSPACE), "Backspace" },
	};
	size_t i;

	for (i = 0; i < TD_ARRAY_LEN(names); i++)
		if (names[i].key == key) {
			str_copy(buf, len, names[i].name);
			return buf;
		}
	if ((key & 0x200000) && (key & 0xffff) >= KEY_F(1) &&
	    (key & 0xffff) <= KEY_F(24))
		str_fmt(buf, len, "F%d", (key & 0xffff) - KEY_F0);
	else if (key & 0x200000)
		str_copy(buf, len, keyname(key & 0xffff));
	else if (key < 32)
		str_fmt(buf, len, "^%c", key + '@');
	else
		str_fmt(buf, len, "%lc", (wint_t)key);
	return buf;
}
