/*
 * views/routers.c: the router list (:routers, R): every router of
 * tikdeck.conf with its status (online, offline, auth failed, TLS
 * untrusted, password needed), latency and the device info of seed 003
 * (identity, board, version, uptime, CPU, memory, disk), checked in the
 * background for all routers at once: a short connection each, with the
 * router's own options and a password that needs no prompt (the
 * environment, password-command, the store once unlocked, the config).
 * t checks the selected router again (asking for its password when it has
 * no other source), r all of them; Enter connects (or switches to it when
 * it is connected already).  A + marks the routers connected.  a, e and
 * d add, edit and delete routers of tikdeck.conf (a form; the file is
 * written atomically with a backup, as tikdeck.conf(5) says).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "conffile.h"
#include "i18n.h"
#include "resolve.h"
#include "rows.h"
#include "secrets.h"
#include "units.h"
#include "../uiint.h"

#define ROUTERS_RECHECK_MS	60000	/* a background round every minute */

/* A router's entry in the form (the keys of tikdeck.conf(5) but the
 * password, which `tikdeck passwd` keeps in the encrypted store). */
#define ROUTER_FIELDS "*name:str *host:str port:int:1..65535 user:str " \
	"tls:bool " \
	"ca:str fingerprint:str jump:str proxy-command:str " \
	"charset:e:auto|utf-8|cp1252 units:e:bits|bytes kilo:e:1000|1024 " \
	"attempts:int:1..10 timeout:int:1..3600 first-screen:str theme:str " \
	"log-lines:int:100..1000000 password-command:str debug-log:str"
#define ROUTERS_TIMEOUT_S	5	/* per check, unless the router's own
					 * timeout is shorter */

enum rstatus {
	RST_UNKNOWN,
	RST_CHECKING,
	RST_ONLINE,
	RST_OFFLINE,
	RST_AUTH,
	RST_TLS,
	RST_NEEDPW,
	RST_CONFIG,
	RST_SESSION,	/* connected, not in tikdeck.conf (never checked) */
	RST_DEMO	/* the built-in simulated router, offered */
};

struct rrow {
	char		*name;
	char		*host;		/* host:port as reached */
	char		*transport;	/* TLS, plain, via jump */
	enum rstatus	 st;
	char		*msg;		/* why offline / config error */
	conn_id		 conn;		/* a check under way, else 0 */
	req_id		 res_req, id_req;
	int		 left;		/* replies still to come */
	int64_t		 sent_at;
	int		 latency;	/* -1 unknown */
	char		*identity, *board, *version, *uptime;
	char		*cpu, *mem, *disk;
	int		 adhoc;		/* a session not in tikdeck.conf */
};

struct rview {
	struct rrow	*r;
	size_t		 n;
	size_t		 sel;
	size_t		 top;
	int		 rows_shown;
	int64_t		 next_round;
	char		*editing;	/* the router the form edits, NULL: add */
	char		*deleting;	/* asked: delete it? (y) */
};

static void routers_view_open(struct app *a, struct view *v);
static void routers_view_close(struct app *a, struct view *v);
static void routers_view_draw(struct app *a, struct view *v, WINDOW *w);
static int routers_view_action(struct app *a, struct view *v,
    enum action_id id);
static int routers_view_can(struct app *a, struct view *v,
    enum action_id id);
static void routers_view_event(struct app *a, struct view *v,
    struct event *ev);
static void routers_view_conn(struct app *a, struct view *v,
    struct event *ev);
static int routers_view_tick(struct app *a, struct view *v);
static void routers_load(struct app *a, struct rview *rv);
static void routers_add_sessions(struct app *a, struct rview *rv);
static void routers_values(const struct rrow *r, const char **val,
    char *lat, size_t latlen);
static void routers_check(struct app *a, struct view *v, struct rrow *r,
    int ask);
static void routers_stop(struct app *a, struct rrow *r);
static void routers_row_clear(struct rrow *r);
static void routers_free_rows(struct app *a, struct rview *rv);
static const char *routers_status_name(enum rstatus st);
static char *routers_size(const char *used, const char *total, int kilo);
static int routers_key(struct app *a, struct view *v, int key);
static void routers_form(struct app *a, struct view *v, int edit);
static int routers_submit(struct app *a, void *ctx, char *const *names,
    char *const *vals, size_t n, char *err, size_t errlen);
static void routers_reload(struct app *a, struct view *v);

const struct view_desc view_routers = {
	"routers", CTX_ROUTERS,
	routers_view_open, routers_view_close, routers_view_draw,
	routers_view_action, routers_view_can, routers_view_event, NULL,
	routers_key, routers_view_tick, NULL, NULL, routers_view_conn,
	VIEW_NOMENU
};

/* :routers, R: the list (one is enough: focus it). */
void
routers_open(struct app *a, const char *arg)
{
	(void)arg;
	app_routers_show(a);
}

static void
routers_view_open(struct app *a, struct view *v)
{
	struct rview *rv = xcalloc(1, sizeof *rv);

	v->priv = rv;
	routers_load(a, rv);
	rv->next_round = 0;	/* the first tick checks them all */
}

/* One row per configured router, then the connected routers that are
 * not configured (given on the command line, --demo). */
static void
routers_load(struct app *a, struct rview *rv)
{
	size_t i, ncf = a->cf != NULL ? a->cf->nrouters : 0;

	rv->r = xcalloc(ncf + UI_SESSIONS_MAX + 1, sizeof *rv->r);
	for (i = 0; i < ncf; i++) {
		struct rrow *r = &rv->r[rv->n++];

		r->name = xstrdup(a->cf->routers[i]->name);
		r->latency = -1;
	}
	routers_add_sessions(a, rv);
}

/* The rows of connected routers not in the configuration. */
static void
routers_add_sessions(struct app *a, struct rview *rv)
{
	int i;

	for (i = 0; i < a->nsess; i++) {
		const struct session *s = a->sess[i];
		struct rrow *r;

		if (s->conn == 0 || s->name == NULL || (a->cf != NULL &&
		    conffile_find(a->cf, s->name) != NULL))
			continue;
		r = &rv->r[rv->n++];
		r->name = xstrdup(s->name);
		r->adhoc = 1;
		r->st = RST_SESSION;
		r->latency = s->state == CONN_READY ? s->latency : -1;
		r->host = s->port != NULL ? xasprintf("%s:%s", s->host,
		    s->port) : xstrdup(s->host != NULL ? s->host : "");
		r->identity = s->identity != NULL ? xstrdup(s->identity) :
		    NULL;
		r->version = s->version != NULL ? xstrdup(s->version) : NULL;
		r->board = s->board != NULL ? xstrdup(s->board) : NULL;
	}
	/* no router configured yet (the first run): the demo is offered */
	if ((a->cf == NULL || a->cf->nrouters == 0) &&
	    session_find(a, "demo") == NULL) {
		struct rrow *r = &rv->r[rv->n++];

		r->name = xstrdup("demo");
		r->adhoc = 1;
		r->st = RST_DEMO;
		r->latency = -1;
		r->host = xstrdup(_("built in, no network"));
	}
}

void
routers_sync_sessions(struct app *a, struct view *v)
{
	struct rview *rv = v->priv;

	while (rv->n > 0 && rv->r[rv->n - 1].adhoc) {
		struct rrow *r = &rv->r[--rv->n];

		routers_row_clear(r);
		free(r->name);
		free(r->host);
		free(r->transport);
		memset(r, 0, sizeof *r);
	}
	routers_add_sessions(a, rv);
	if (rv->sel >= rv->n)
		rv->sel = rv->n > 0 ? rv->n - 1 : 0;
	a->dirty = 1;
}

static void
routers_row_clear(struct rrow *r)
{
	free(r->msg);
	free(r->identity);
	free(r->board);
	free(r->version);
	free(r->uptime);
	free(r->cpu);
	free(r->mem);
	free(r->disk);
	r->msg = r->identity = r->board = r->version = r->uptime = NULL;
	r->cpu = r->mem = r->disk = NULL;
}

/* End a check: its connection goes. */
static void
routers_stop(struct app *a, struct rrow *r)
{
	if (r->conn != 0)
		engine_disconnect(a->e, r->conn);
	r->conn = 0;
	r->res_req = r->id_req = 0;
	r->left = 0;
}

/* Every row goes (its check stopped). */
static void
routers_free_rows(struct app *a, struct rview *rv)
{
	size_t i;

	for (i = 0; i < rv->n; i++) {
		routers_stop(a, &rv->r[i]);
		routers_row_clear(&rv->r[i]);
		free(rv->r[i].name);
		free(rv->r[i].host);
		free(rv->r[i].transport);
	}
	free(rv->r);
	rv->r = NULL;
	rv->n = 0;
}

static void
routers_view_close(struct app *a, struct view *v)
{
	struct rview *rv = v->priv;

	routers_free_rows(a, rv);
	free(rv->editing);
	free(rv->deleting);
	free(rv);
}

/* The configuration changed: the rows again (the checks too). */
static void
routers_reload(struct app *a, struct view *v)
{
	struct rview *rv = v->priv;

	routers_free_rows(a, rv);
	routers_load(a, rv);
	if (rv->sel >= rv->n)
		rv->sel = rv->n > 0 ? rv->n - 1 : 0;
	rv->next_round = 0;
	a->dirty = 1;
}

/* a / e: the router's entry in a form. */
static void
routers_form(struct app *a, struct view *v, int edit)
{
	struct rview *rv = v->priv;
	const struct router_cfg *r = NULL;
	struct form_init fi;
	char **vals = NULL, num[16][12];
	size_t n = 0, nn = 0;

	free(rv->editing);
	rv->editing = NULL;
	if (edit) {
		if (rv->n == 0 || (r = conffile_find(a->cf,
		    rv->r[rv->sel].name)) == NULL)
			return;
		rv->editing = xstrdup(r->name);
	}
	vals = xcalloc(2 * 20 + 1, sizeof *vals);
#define STR(key, f) do { \
		if (r != NULL && r->f != NULL) { \
			vals[n++] = (char *)(key); \
			vals[n++] = r->f; \
		} \
	} while (0)
#define NUM(key, f) do { \
		if (r != NULL && r->f != 0) { \
			str_fmt(num[nn], sizeof num[nn], "%d", r->f); \
			vals[n++] = (char *)(key); \
			vals[n++] = num[nn++]; \
		} \
	} while (0)
	STR("name", name);
	STR("host", host);
	NUM("port", port);
	STR("user", user);
	if (r != NULL && r->tls >= 0) {
		vals[n++] = (char *)"tls";
		vals[n++] = (char *)(r->tls ? "yes" : "no");
	}
	STR("ca", ca);
	STR("fingerprint", fingerprint);
	STR("jump", jump);
	STR("proxy-command", proxy_cmd);
	STR("charset", charset);
	STR("units", units);
	NUM("kilo", kilo);
	NUM("attempts", attempts);
	NUM("timeout", timeout);
	STR("first-screen", first_screen);
	STR("theme", theme);
	NUM("log-lines", log_lines);
	STR("password-command", password_cmd);
	STR("debug-log", debug_log);
#undef STR
#undef NUM
	memset(&fi, 0, sizeof fi);
	fi.mode = FORM_LOCAL;
	fi.fields = ROUTER_FIELDS;
	fi.vals = vals;
	fi.title = edit ? xasprintf(_("Router %s in %s"), r->name,
	    a->cf->path) : xasprintf(_("New router in %s"), a->cf->path);
	fi.submit = routers_submit;
	fi.ctx = (void *)(uintptr_t)v->id;
	form_open(a, "tikdeck.conf", &fi);
	app_status(a, R_STATUS_INFO, _("F10 checks the fields and saves them "
	    "in %s; Esc closes without saving; passwords: tikdeck passwd"),
	    a->cf->path);
	free(fi.title);
	free(vals);
}

/* One change to tikdeck.conf as it is on disk now (an editor or another
 * tikdeck may have changed it since it was read): drop the router named
 * drop, put put (either may be NULL), save, and use the result from now
 * on.  The configuration it replaces is kept: sessions connected with it
 * still point into it. */
static int
routers_commit(struct app *a, const char *drop, const struct router_cfg *put,
    char *err, size_t errlen)
{
	struct conffile *cur = NULL;
	char *path;
	int rc = -1;

	if (a->cf == NULL) {
		str_copy(err, errlen, a->cf_err != NULL ? a->cf_err :
		    _("no configuration file"));
		return -1;
	}
	path = xstrdup(a->cf->path);
	if (conffile_load(path, 1, &cur, err, errlen) == -1)
		goto out;
	if (put != NULL && (drop == NULL || strcmp(drop, put->name) != 0) &&
	    conffile_find(cur, put->name) != NULL) {
		str_fmt(err, errlen, _("there is a router named %s already"),
		    put->name);
		goto out;
	}
	if (drop != NULL && conffile_delete(cur, drop) == -1 && put == NULL) {
		str_fmt(err, errlen, _("%s is no longer in %s"), drop, path);
		goto out;
	}
	if (put != NULL)
		conffile_put(cur, put);
	if (conffile_save(cur, err, errlen) == -1)
		goto out;
	a->cf_old = xreallocarray(a->cf_old, a->ncf_old + 1,
	    sizeof *a->cf_old);
	a->cf_old[a->ncf_old++] = a->cf;
	a->cf = cur;
	cur = NULL;
	rc = 0;
out:
	conffile_free(&cur);
	free(path);
	return rc;
}

/* The form's fields as one router of a tikdeck.conf, checked by the same
 * code that reads the file; saved atomically. */
static int
routers_submit(struct app *a, void *ctx, char *const *names,
    char *const *vals, size_t n, char *err, size_t errlen)
{
	static const char *const ints[] = { "port", "kilo", "attempts",
	    "timeout", "log-lines" };
	struct view *v = app_find(a, (uint32_t)(uintptr_t)ctx);
	struct rview *rv = v != NULL ? v->priv : NULL;
	struct conffile *one = NULL;
	struct buf b;
	const char *msg;
	size_t i, k;
	int rc = -1;

	if (rv == NULL) {
		str_copy(err, errlen, _("the router list is gone"));
		return -1;
	}
	buf_init(&b);
	buf_adds(&b, "routers = ( {\n");
	for (i = 0; i < n; i++) {
		buf_printf(&b, "%s = ", names[i]);
		for (k = 0; k < TD_ARRAY_LEN(ints) &&
		    strcmp(ints[k], names[i]) != 0; k++)
			;
		if (k < TD_ARRAY_LEN(ints))
			buf_printf(&b, "%ld", strtol(vals[i], NULL, 10));
		else if (strcmp(names[i], "tls") == 0)
			buf_adds(&b, strcmp(vals[i], "yes") == 0 ||
			    strcmp(vals[i], "true") == 0 ? "true" : "false");
		else
			conffile_put_string(&b, vals[i]);
		buf_adds(&b, ";\n");
	}
	buf_adds(&b, "} );\n");
	if (conffile_load_string(a->cf->path, b.p, &one, err, errlen) == -1) {
		/* "PATH:LINE: problem": the problem is enough here */
		if ((msg = strstr(err, ": ")) != NULL)
			memmove(err, msg + 2, strlen(msg + 2) + 1);
		goto out;
	}
	if (routers_commit(a, rv->editing, one->routers[0], err, errlen) == -1)
		goto out;
	app_status(a, R_STATUS_INFO, _("%s saved in %s"),
	    one->routers[0]->name, a->cf->path);
	routers_reload(a, v);
	rc = 0;
out:
	conffile_free(&one);
	buf_free(&b);
	return rc;
}

/* y after d deletes; any other key keeps the router. */
static int
routers_key(struct app *a, struct view *v, int key)
{
	struct rview *rv = v->priv;
	char err[512];

	if (rv->deleting == NULL)
		return 0;
	if (key == 'y') {
		if (routers_commit(a, rv->deleting, NULL, err,
		    sizeof err) == 0) {
			app_status(a, R_STATUS_INFO, _("%s deleted from %s"),
			    rv->deleting, a->cf->path);
			routers_reload(a, v);
		} else
			app_status(a, R_STATUS_ERROR, "%s", err);
	} else
		app_status(a, R_STATUS_INFO, _("%s kept"), rv->deleting);
	free(rv->deleting);
	rv->deleting = NULL;
	return 1;
}

/* Check one router: connect with its options; ask: a prompt on the
 * terminal may give the password (t), else a router without another
 * source shows "password needed". */
static void
routers_check(struct app *a, struct view *v, struct rrow *r, int ask)
{
	struct cli_opts none;
	struct router_target x;
	struct conn_opts co;
	char err[512], *jumpcmd = NULL, *pw = NULL;
	int rc;

	if (r->adhoc)
		return;		/* its session shows how it is */
	routers_stop(a, r);
	memset(&none, 0, sizeof none);	/* the config alone */
	none.tls = -1;
	if (router_resolve(&none, a->cf, r->name, &x, err, sizeof err) == -1 ||
	    router_conn_opts(&x, &co, &jumpcmd, err, sizeof err) == -1) {
		routers_row_clear(r);
		r->st = RST_CONFIG;
		r->msg = xstrdup(err);
		router_target_free(&x);
		return;
	}
	free(r->host);
	free(r->transport);
	r->host = xasprintf("%s:%s", x.host, x.port);
	r->transport = xstrdup(x.jump != NULL || x.proxy_cmd != NULL ?
	    (x.tls ? _("TLS, jump") : _("plain, jump")) :
	    x.tls ? "TLS" : _("plain"));
	rc = ask ? app_router_password(a, &x, &pw, err, sizeof err) :
	    cli_router_password_from(x.r, 0, &pw, err, sizeof err);
	if (rc <= 0) {
		routers_row_clear(r);
		r->st = rc == 0 ? RST_NEEDPW : RST_CONFIG;
		r->msg = rc == 0 ? NULL : xstrdup(err);
		router_target_free(&x);
		free(jumpcmd);
		return;
	}
	co.password = pw;
	co.reconnect = 0;
	co.attempts = 1;
	if (co.connect_timeout_ms > ROUTERS_TIMEOUT_S * 1000)
		co.connect_timeout_ms = ROUTERS_TIMEOUT_S * 1000;
	co.request_timeout_ms = co.connect_timeout_ms;
	r->st = RST_CHECKING;
	r->conn = engine_connect(a->e, &co);
	secret_free(&pw);
	free(jumpcmd);
	router_target_free(&x);
	(void)v;
}

/* Connection events of the checks (no session owns them). */
static void
routers_view_conn(struct app *a, struct view *v, struct event *ev)
{
	static const char *const res[] = { "/system/resource/print" };
	static const char *const id[] = { "/system/identity/print" };
	struct rview *rv = v->priv;
	struct rrow *r = NULL;
	size_t i;

	for (i = 0; i < rv->n; i++)
		if (rv->r[i].conn != 0 && rv->r[i].conn == ev->conn)
			r = &rv->r[i];
	if (r == NULL || ev->type != EV_CONN_STATE)
		return;
	switch (ev->state) {
	case CONN_READY:
		r->sent_at = now_ms();
		r->res_req = app_send_conn(a, v, r->conn, APP_QUIET, res, 1);
		r->id_req = app_send_conn(a, v, r->conn, APP_QUIET, id, 1);
		r->left = 2;
		break;
	case CONN_FAILED:
		routers_row_clear(r);
		r->st = ev->cerr == CERR_LOGIN ? RST_AUTH :
		    ev->cerr == CERR_TLS_TRUST ? RST_TLS : RST_OFFLINE;
		r->msg = xstrdup(ev->message != NULL ? ev->message :
		    conn_error_name(ev->cerr));
		r->latency = -1;
		routers_stop(a, r);
		break;
	default:
		break;
	}
}

/* A field of the first row, or NULL. */
static char *
routers_get(struct rowstore *rs, const char *col)
{
	int c = rowstore_col(rs, col);
	struct tword w;

	if (c < 0 || rs->nrows == 0 || !rowstore_get(rs, 0, (uint32_t)c, &w))
		return NULL;
	return xstrndup(w.p, w.len);
}

/* "used/total", from free and total bytes. */
static char *
routers_size(const char *freestr, const char *total, int kilo)
{
	char a[16], b[16];
	double f, t;

	if (freestr == NULL || total == NULL)
		return NULL;
	f = strtod(freestr, NULL);
	t = strtod(total, NULL);
	if (t <= 0)
		return NULL;
	units_size(a, sizeof a, t - f, kilo);
	units_size(b, sizeof b, t, kilo);
	return xasprintf("%s/%s", a, b);
}

/* The replies of a check. */
static void
routers_view_event(struct app *a, struct view *v, struct event *ev)
{
	struct rview *rv = v->priv;
	struct rowstore rs;
	struct rrow *r = NULL;
	size_t i;

	for (i = 0; i < rv->n; i++)
		if (rv->r[i].left > 0 && (rv->r[i].res_req == ev->req ||
		    rv->r[i].id_req == ev->req))
			r = &rv->r[i];
	if (r == NULL)
		return;
	if (ev->type == EV_ROWS) {
		rowstore_init(&rs);
		rowstore_add(&rs, &ev->rows);
		if (ev->req == r->id_req) {
			free(r->identity);
			r->identity = routers_get(&rs, "name");
		} else {
			char *fm = routers_get(&rs, "free-memory");
			char *tm = routers_get(&rs, "total-memory");
			char *fh = routers_get(&rs, "free-hdd-space");
			char *th = routers_get(&rs, "total-hdd-space");
			char *cpu = routers_get(&rs, "cpu-load");

			free(r->board);
			free(r->version);
			free(r->uptime);
			free(r->cpu);
			free(r->mem);
			free(r->disk);
			r->board = routers_get(&rs, "board-name");
			r->version = routers_get(&rs, "version");
			r->uptime = routers_get(&rs, "uptime");
			r->cpu = cpu != NULL ? xasprintf("%s%%", cpu) : NULL;
			r->mem = routers_size(fm, tm, 1024);
			r->disk = routers_size(fh, th, 1024);
			free(fm);
			free(tm);
			free(fh);
			free(th);
			free(cpu);
		}
		rowstore_clear(&rs);
		return;
	}
	if (ev->type != EV_DONE && ev->type != EV_ERROR)
		return;
	if (ev->req == r->res_req)
		r->latency = (int)(now_ms() - r->sent_at);
	if (--r->left > 0)
		return;
	free(r->msg);
	r->msg = NULL;
	if (ev->type == EV_ERROR || ev->ntraps > 0) {
		r->st = RST_OFFLINE;
		r->msg = xstrdup(ev->type == EV_ERROR ? (ev->message != NULL ?
		    ev->message : _("request failed")) :
		    ev->traps[0].message);
	} else
		r->st = RST_ONLINE;
	routers_stop(a, r);
}

/* A round every minute; the first one at once. */
static int
routers_view_tick(struct app *a, struct view *v)
{
	struct rview *rv = v->priv;
	int64_t now = now_ms();
	size_t i;

	if (now >= rv->next_round) {
		for (i = 0; i < rv->n; i++)
			if (rv->r[i].conn == 0 && rv->r[i].st != RST_NEEDPW)
				routers_check(a, v, &rv->r[i], 0);
		rv->next_round = now + ROUTERS_RECHECK_MS;
		a->dirty = 1;
	}
	return (int)(rv->next_round - now);
}

static const char *
routers_status_name(enum rstatus st)
{
	switch (st) {
	case RST_CHECKING:
		return _("checking");
	case RST_ONLINE:
		return _("online");
	case RST_OFFLINE:
		return _("offline");
	case RST_AUTH:
		return _("auth failed");
	case RST_TLS:
		return _("TLS untrusted");
	case RST_NEEDPW:
		return _("password needed");
	case RST_CONFIG:
		return _("config error");
	case RST_SESSION:
		return _("connected");
	case RST_DEMO:
		return _("Enter: try it");
	default:
		return "";
	}
}

/* Columns in order of importance: the narrow screen keeps the first. */
static void
routers_view_draw(struct app *a, struct view *v, WINDOW *w)
{
	struct rview *rv = v->priv;
	static const struct {
		const char	*head;
		int		 width;
	} cols[] = {
		{ N_("NAME"), 14 }, { N_("STATUS"), 15 }, { N_("HOST"), 21 },
		{ N_("IDENTITY"), 14 }, { N_("VERSION"), 10 }, { N_("RTT"), 6 },
		{ N_("CPU"), 5 }, { N_("MEMORY"), 17 }, { N_("UPTIME"), 12 },
		{ N_("BOARD"), 16 }, { N_("DISK"), 17 }, { N_("VIA"), 10 },
	};
	int width = getmaxx(w), height = getmaxy(w), x, ncols, y = 0, y0 = 1;
	int hidden;
	size_t i, k;
	char lat[16];

	wattrset(w, theme_attr(R_PANEL_TITLE));
	draw_text(w, 0, 0, _("Routers"), width, 0);
	wattrset(w, theme_attr(R_STATUS_INFO));
	{
		char right[64];
		size_t ir, nr = 0;

		for (ir = 0; ir < rv->n; ir++)	/* the demo offered is none */
			nr += rv->r[ir].st != RST_DEMO;
		str_fmt(right, sizeof right, ngettext("%zu router",
		    "%zu routers", nr), nr);
		draw_text(w, 0, width - draw_width(right), right,
		    draw_width(right), 0);
	}
	if (a->cf == NULL) {	/* --demo and a file that does not load */
		wattrset(w, theme_attr(R_STATUS_ERROR));
		y0 += draw_wrap(w, 1, 1, a->cf_err != NULL ? a->cf_err : "",
		    width - 2, 3) + 1;
	}
	if (a->cf != NULL && a->cf->nrouters == 0) {	/* the first run */
		wattrset(w, theme_attr(R_STATUS_INFO));
		y0 += draw_wrap(w, 2, 1, _("No routers are configured yet: a "
		    "adds one (saved in tikdeck.conf, see tikdeck.conf(5)); "
		    "Enter on demo tries the built-in simulated router; or "
		    "start tikdeck [user@]host[:port]."), width - 2, 4) + 2;
	}
	if (rv->n == 0)
		return;
	for (ncols = 0, x = 2; ncols < (int)TD_ARRAY_LEN(cols) &&
	    x + cols[ncols].width <= width; ncols++)
		x += cols[ncols].width + 1;
	wattrset(w, theme_attr(R_TABLE_HEADER));
	draw_fill(w, y0, 0, width);
	for (k = 0, x = 2; k < (size_t)ncols; k++) {
		draw_text(w, y0, x, _(cols[k].head), cols[k].width, 0);
		x += cols[k].width + 1;
	}
	/* the selected router's facts the columns leave out: 2 lines */
	hidden = ncols < (int)TD_ARRAY_LEN(cols) ? 2 : 0;
	rv->rows_shown = height - y0 - 1 - hidden;
	if (rv->sel < rv->top)
		rv->top = rv->sel;
	if (rv->rows_shown > 0 && rv->sel >= rv->top + (size_t)rv->rows_shown)
		rv->top = rv->sel - (size_t)rv->rows_shown + 1;
	for (i = rv->top, y = y0 + 1; i < rv->n && y < height - hidden;
	    i++, y++) {
		struct rrow *r = &rv->r[i];
		const char *val[TD_ARRAY_LEN(cols)];
		const char *mark = app_router_session(a, r->name);
		enum role role = i == rv->sel ? R_TABLE_SELECTED :
		    r->st == RST_ONLINE || r->st == RST_SESSION ||
		    r->st == RST_DEMO ? R_NORMAL :
		    r->st == RST_CHECKING || r->st == RST_UNKNOWN ||
		    r->st == RST_NEEDPW ? R_TABLE_DISABLED : R_TABLE_INVALID;

		routers_values(r, val, lat, sizeof lat);
		wattrset(w, theme_attr(role));
		draw_fill(w, y, 0, width);
		draw_text(w, y, 0, mark, 1, 0);
		for (k = 0, x = 2; k < (size_t)ncols; k++) {
			draw_text(w, y, x, val[k] != NULL ? val[k] : "",
			    cols[k].width, 0);
			x += cols[k].width + 1;
		}
	}
	if (hidden > 0 && rv->sel < rv->n) {	/* "RTT 3 ms  CPU 4%  ..." */
		const char *val[TD_ARRAY_LEN(cols)];
		struct buf b;

		routers_values(&rv->r[rv->sel], val, lat, sizeof lat);
		buf_init(&b);
		buf_adds(&b, "");
		for (k = (size_t)ncols; k < TD_ARRAY_LEN(cols); k++)
			if (val[k] != NULL && *val[k] != '\0')
				buf_printf(&b, "%s%s %s", b.len > 0 ? "  " : "",
				    _(cols[k].head), val[k]);
		wattrset(w, theme_attr(R_STATUS_INFO));
		draw_wrap(w, height - 2, 1, b.p, width - 2, 2);
		buf_free(&b);
	}
	if (rv->sel < rv->n && rv->r[rv->sel].msg != NULL &&
	    y + 1 < height - hidden) {
		wattrset(w, theme_attr(R_STATUS_INFO));
		draw_wrap(w, y + 1, 1, rv->r[rv->sel].msg, width - 2, 2);
	}
}

/* A row's values in column order (lat: room for the RTT's text). */
static void
routers_values(const struct rrow *r, const char **val, char *lat,
    size_t latlen)
{
	lat[0] = '\0';
	if (r->latency >= 0)
		str_fmt(lat, latlen, "%d ms", r->latency);
	val[0] = r->name;
	val[1] = routers_status_name(r->st);
	val[2] = r->host;
	val[3] = r->identity;
	val[4] = r->version;
	val[5] = r->latency >= 0 && (r->st == RST_ONLINE ||
	    r->st == RST_SESSION) ? lat : NULL;
	val[6] = r->cpu;
	val[7] = r->mem;
	val[8] = r->uptime;
	val[9] = r->board;
	val[10] = r->disk;
	val[11] = r->transport;
}

static int
routers_view_can(struct app *a, struct view *v, enum action_id id)
{
	struct rview *rv = v->priv;

	switch (id) {
	case ACT_OPEN:
		return rv->n > 0;
	case ACT_TEST:
	case ACT_EDIT:
	case ACT_REMOVE:	/* not for a router tikdeck.conf lacks */
		return rv->n > 0 && !rv->r[rv->sel].adhoc;
	case ACT_ADD:
		return a->cf != NULL;	/* not while the file is broken */
	default:
		return 1;
	}
}

static int
routers_view_action(struct app *a, struct view *v, enum action_id id)
{
	struct rview *rv = v->priv;
	size_t i;

	if (list_move(&rv->sel, rv->n, rv->rows_shown > 0 ?
	    (size_t)rv->rows_shown : 1, id))
		return 1;
	switch (id) {
	case ACT_OPEN:
		if (rv->n > 0)
			app_router_open(a, rv->r[rv->sel].name);
		return 1;
	case ACT_TEST:
		if (rv->n > 0 && !rv->r[rv->sel].adhoc) {
			routers_check(a, v, &rv->r[rv->sel], 1);
			app_status(a, R_STATUS_INFO, _("checking %s"),
			    rv->r[rv->sel].name);
		}
		return 1;
	case ACT_REFRESH:
		for (i = 0; i < rv->n; i++)
			routers_check(a, v, &rv->r[i], 0);
		rv->next_round = now_ms() + ROUTERS_RECHECK_MS;
		return 1;
	case ACT_BACK:
		app_routers_back(a);
		return 1;
	case ACT_ADD:
	case ACT_EDIT:
		if (a->cf == NULL) {	/* --demo, and the file is broken */
			app_status(a, R_STATUS_ERROR, "%s", a->cf_err);
			return 1;
		}
		if (id == ACT_EDIT && rv->n > 0 && rv->r[rv->sel].adhoc) {
			app_status(a, R_STATUS_INFO, _("%s is not in %s: a "
			    "adds it"), rv->r[rv->sel].name, a->cf->path);
			return 1;
		}
		routers_form(a, v, id == ACT_EDIT);
		return 1;
	case ACT_REMOVE:
		if (rv->n == 0 || rv->r[rv->sel].adhoc)
			return 1;
		free(rv->deleting);
		rv->deleting = xstrdup(rv->r[rv->sel].name);
		app_status(a, R_STATUS_ERROR, _("Delete router %s from %s? y "
		    "deletes it, any other key keeps it"), rv->deleting,
		    a->cf->path);
		return 1;
	default:
		return 0;
	}
}
