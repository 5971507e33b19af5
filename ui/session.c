/*
 * session.c: the routers the console is connected to.  Each has a
 * session (its connection, title-bar facts, view stack and panes); a->s is
 * the one on screen and :router NAME, the router list (R, :routers) and
 * Enter there switch between them without dropping the others, whose
 * streams keep running.  The router list has its own session without a
 * connection.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "conffile.h"
#include "i18n.h"
#include "known.h"
#include "log.h"
#include "resolve.h"
#include "secrets.h"
#include "text.h"
#include "uiint.h"

#define PING_MS		5000	/* the latency probe */


/* A new session (not on screen until switched to). */
struct session *
session_new(struct app *a)
{
	struct session *s;

	if (a->nsess == UI_SESSIONS_MAX)
		return NULL;
	s = xcalloc(1, sizeof *s);
	s->latency = -1;
	s->state = CONN_CONNECTING;
	s->kilo = 1000;
	s->charset = CHARSET_AUTO;
	a->sess[a->nsess++] = s;
	return s;
}

/* Close a session: its views, its connection, its memory. */
void
session_free(struct app *a, struct session *s)
{
	struct session *keep = a->s;
	int i;

	a->s = s;
	while (s->npanes > 0)
		app_pane_close(a, s->panes[s->npanes - 1]);
	while (s->nstack > 0)
		app_pop(a);
	a->s = keep == s ? NULL : keep;
	if (a->last == s)
		a->last = NULL;
	if (s->conn != 0)
		engine_disconnect(a->e, s->conn);
	if (s->rt != NULL) {
		router_target_free(s->rt);
		free(s->rt);
	}
	secret_free(&s->password);
	free(s->trust_peer);
	free(s->name);
	free(s->state_msg);
	free(s->user);
	free(s->host);
	free(s->port);
	free(s->identity);
	free(s->board);
	free(s->version);
	free(s->quiet);
	for (i = 0; i < a->nsess && a->sess[i] != s; i++)
		;
	if (i < a->nsess) {
		memmove(a->sess + i, a->sess + i + 1,
		    (size_t)(a->nsess - i - 1) * sizeof *a->sess);
		a->nsess--;
	}
	free(s);
}

/* Put s on screen. */
void
app_session_switch(struct app *a, struct session *s)
{
	struct view *top;

	if (a->s != NULL && a->s != s && a->s->conn != 0)
		a->last = a->s;		/* where q in the list goes back */
	a->s = s;
	draw_set_charset(s->charset);
	a->focus_tree = 0;
	if ((top = app_top(a)) != NULL && top->path != NULL && a->tree != NULL)
		tree_set_current(a->tree, top->path);
	a->dirty = 1;
}

/* The session of connection c, or NULL. */
struct session *
app_session_of_conn(struct app *a, conn_id c)
{
	int i;

	for (i = 0; i < a->nsess && c != 0; i++)
		if (a->sess[i]->conn == c)
			return a->sess[i];
	return NULL;
}

/* The session of configured router name, or NULL. */
struct session *
session_find(struct app *a, const char *name)
{
	int i;

	for (i = 0; i < a->nsess; i++)
		if (a->sess[i]->name != NULL &&
		    strcmp(a->sess[i]->name, name) == 0)
			return a->sess[i];
	return NULL;
}

/* For the router list's marker column: "+" connected, " " not. */
const char *
app_router_session(struct app *a, const char *name)
{
	return session_find(a, name) != NULL ? "+" : " ";
}

/* Resolve arg (a configured name or [user@]host[:port]) into s: the
 * merged options, the charset, the title's user@host:port, the
 * warnings.  0, or -1 with err. */
int
session_resolve(struct app *a, struct session *s, const struct cli_opts *o,
    const char *arg, char *err, size_t errlen)
{
	struct router_target *x;
	int cs = CHARSET_AUTO;

	x = s->rt = xcalloc(1, sizeof *s->rt);
	if (router_resolve(o, a->cf, arg, x, err, errlen) == -1)
		return -1;
	if (x->charset != NULL && (cs = charset_parse(x->charset)) < 0) {
		str_fmt(err, errlen, _("unknown charset \"%s\": use auto, "
		    "utf-8 or cp1252"), x->charset);
		return -1;
	}
	s->charset = cs;
	s->tls = x->tls;
	/* a router given as [user@]host[:port] goes by that */
	s->name = xstrdup(x->r != NULL ? x->r->name : arg);
	s->user = xstrdup(x->user);
	s->host = xstrdup(x->host);
	s->port = xstrdup(x->port);
	s->units_bytes = x->units != NULL && strcmp(x->units, "bytes") == 0;
	s->kilo = x->kilo != 0 ? x->kilo : 1000;
	s->log_lines = (size_t)x->log_lines;
	if (x->insecure)
		app_status(a, R_STATUS_ERROR, "%s", _("--insecure: the "
		    "router's certificate is not verified; anyone on the path "
		    "can read and change this session"));
	else if (!s->tls && known_plaintext_first(x->known_path, x->key))
		app_status(a, R_STATUS_ERROR, _("PLAINTEXT: %s: the api "
		    "service sends the password and everything else "
		    "unencrypted; use api-ssl where you can (shown once per "
		    "router)"), x->name);
	return 0;
}

/* The password of x once the screen is up: its own sources first, then a
 * prompt on the terminal (the screen is put aside meanwhile).  1 with
 * the password in out, -1 with err. */
int
app_router_password(struct app *a, const struct router_target *x,
    char **out, char *err, size_t errlen)
{
	int rc = cli_router_password_from(x->r, 0, out, err, errlen);

	if (rc != 0)
		return rc;
	def_prog_mode();
	endwin();
	rc = cli_router_password_from(x->r, 1, out, err, errlen);
	if (rc == 0) {
		*out = cli_password(x->user, x->host);
		rc = 1;
	}
	reset_prog_mode();
	refresh();
	a->dirty = 1;
	return rc;
}

/* Connect s (its resolved router), with fingerprint pinning the
 * certificate when not NULL (accepted in the trust dialog). */
int
session_dial(struct app *a, struct session *s, const char *fingerprint,
    char *err, size_t errlen)
{
	struct conn_opts co;
	char *jumpcmd = NULL;

	if (router_conn_opts(s->rt, &co, &jumpcmd, err, errlen) == -1)
		return -1;
	if (fingerprint != NULL)
		co.tcfg.fingerprint = fingerprint;
	co.ping_interval_ms = PING_MS;
	co.password = s->password;
	co.reconnect = 1;
	if (s->conn != 0)
		engine_disconnect(a->e, s->conn);
	s->replaced = s->conn;	/* its late replies are dropped */
	s->conn = engine_connect(a->e, &co);
	s->state = CONN_CONNECTING;
	s->was_ready = 0;
	free(jumpcmd);
	return 0;
}

int
app_dial(struct app *a, const char *fingerprint, char *err, size_t errlen)
{
	return session_dial(a, a->s, fingerprint, err, errlen);
}

/* :router NAME, Enter in the router list: switch to the router's
 * session, or connect to it in a new one (its first screen). */
int
app_router_open(struct app *a, const char *name)
{
	struct session *s = session_find(a, name), *keep = a->s;
	struct cli_opts none;
	char err[512];

	if (s != NULL) {
		app_session_switch(a, s);
		return 0;
	}
	if (strcmp(name, "demo") == 0 && (a->cf == NULL ||
	    conffile_find(a->cf, name) == NULL)) {	/* the built-in one */
		if ((s = session_new(a)) == NULL) {
			app_status(a, R_STATUS_ERROR, _("%d routers are open: "
			    "close one first"), UI_SESSIONS_MAX);
			return -1;
		}
		a->s = s;
		if (app_demo_start(a, s, CHARSET_AUTO, err, sizeof err) ==
		    -1) {
			session_free(a, s);
			a->s = keep;
			app_status(a, R_STATUS_ERROR, "demo: %s", err);
			return -1;
		}
		app_session_switch(a, s);
		app_first_screen(a, a->o->first_screen);
		return 0;
	}
	if (a->cf == NULL || conffile_find(a->cf, name) == NULL) {
		app_status(a, R_STATUS_ERROR, _("no router \"%s\" in the "
		    "configuration: R lists them"), name);
		return -1;
	}
	if ((s = session_new(a)) == NULL) {
		app_status(a, R_STATUS_ERROR, _("%d routers are open: close "
		    "one first"), UI_SESSIONS_MAX);
		return -1;
	}
	memset(&none, 0, sizeof none);	/* the config, not the command line */
	none.tls = -1;
	a->s = s;
	if (session_resolve(a, s, &none, name, err, sizeof err) == -1 ||
	    app_router_password(a, s->rt, &s->password, err,
	    sizeof err) == -1 ||
	    session_dial(a, s, NULL, err, sizeof err) == -1) {
		session_free(a, s);
		a->s = keep;
		app_status(a, R_STATUS_ERROR, "%s: %s", name, err);
		return -1;
	}
	app_session_switch(a, s);
	/* --first-screen holds for the whole run, over the config */
	app_first_screen(a, a->o->first_screen != NULL ?
	    a->o->first_screen : s->rt->first_screen);
	return 0;
}

/* R, :routers: the router list's session (made when needed). */
void
app_routers_show(struct app *a)
{
	int i;
	struct session *s;

	for (i = 0; i < a->nsess; i++)
		if (a->sess[i]->conn == 0 && a->sess[i]->rt == NULL &&
		    !a->sess[i]->demo) {
			app_session_switch(a, a->sess[i]);
			if (app_top(a) != NULL &&
			    app_top(a)->desc == &view_routers)
				routers_sync_sessions(a, app_top(a));
			return;
		}
	if ((s = session_new(a)) == NULL)
		return;
	s->state = CONN_CLOSED;
	app_session_switch(a, s);
	app_push(a, &view_routers, NULL, NULL);
}

/* q in the router list: back to the last router, or quit if none. */
void
app_routers_back(struct app *a)
{
	int i;

	for (i = 0; i < a->nsess; i++)
		if (a->sess[i] == a->last && a->last != a->s) {
			app_session_switch(a, a->last);
			return;
		}
	for (i = a->nsess - 1; i >= 0; i--)
		if (a->sess[i] != a->s) {
			app_session_switch(a, a->sess[i]);
			return;
		}
	a->quit = 1;
}

/* :router [NAME]: switch or connect; without a name, the list. */
void
router_command(struct app *a, const char *arg)
{
	if (arg == NULL)
		app_routers_show(a);
	else
		app_router_open(a, arg);
}
