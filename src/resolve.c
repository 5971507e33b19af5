/* resolve.c: a router from the config, the options and the command line. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "known.h"
#include "resolve.h"
#include "transport.h"
#include "util.h"

/* The configuration file: -c FILE (must exist) or the default (may be
 * missing).  Prints the error. */
int
router_load_config(const struct cli_opts *o, struct conffile **cf)
{
	char err[1024];
	int rc = router_load_config_quiet(o, cf, err, sizeof err);

	if (rc == -1)
		fprintf(stderr, "tikdeck: %s\n", err);
	return rc;
}

int
router_load_config_quiet(const struct cli_opts *o, struct conffile **cf,
    char *err, size_t errlen)
{
	char *path;
	int rc;

	path = o->config != NULL ? xstrdup(o->config) :
	    conffile_default_path();
	rc = conffile_load(path, o->config == NULL, cf, err, errlen);
	free(path);
	return rc;
}

/* Merge the router's entry, the global options and the command line. */
int
router_resolve(const struct cli_opts *o, const struct conffile *cf,
    const char *arg, struct router_target *x, char *err, size_t errlen)
{
	const struct router_cfg *r, *g = &cf->global;
	int port;

	memset(x, 0, sizeof *x);
	r = x->r = conffile_find(cf, arg);
	if (r != NULL) {
		x->name = r->name;
		x->host = r->host;
	} else {
		if (target_parse(arg, &x->t, err, errlen) == -1)
			return -1;
		x->name = x->host = x->t.host;
	}
#define PICK(field) (r != NULL && r->field ? r->field : g->field)
	x->user = x->t.user != NULL ? x->t.user : o->user != NULL ? o->user :
	    PICK(user) != NULL ? PICK(user) : "admin";
	x->tls = o->tls >= 0 ? o->tls :
	    (o->ca_file || o->fingerprint || o->insecure || o->adh) ? 1 :
	    r != NULL && r->tls >= 0 ? r->tls : g->tls >= 0 ? g->tls : 1;
	port = PICK(port);
	if (x->t.port != NULL)
		x->port = x->t.port;
	else if (o->port != NULL)
		x->port = o->port;
	else if (port != 0)
		x->port = x->portbuf = xasprintf("%d", port);
	else
		x->port = x->tls ? "8729" : "8728";
	if (x->tls) {
		x->ca = o->ca_file != NULL ? o->ca_file : PICK(ca);
		x->fingerprint = o->fingerprint != NULL ? o->fingerprint :
		    r != NULL ? r->fingerprint : NULL;
		x->insecure = o->insecure;
		x->adh = o->adh;
	}
	if (o->jump != NULL || o->proxy_cmd != NULL) {
		x->jump = o->jump;
		x->proxy_cmd = o->proxy_cmd;
	} else if (r != NULL && (r->jump != NULL || r->proxy_cmd != NULL)) {
		x->jump = r->jump;
		x->proxy_cmd = r->proxy_cmd;
	} else {
		x->jump = g->jump;
		x->proxy_cmd = g->proxy_cmd;
	}
	x->charset = o->charset != NULL ? o->charset : PICK(charset);
	x->debug_log = o->debug_log != NULL ? o->debug_log : PICK(debug_log);
	x->units = PICK(units);
	x->kilo = PICK(kilo);
	x->first_screen = o->first_screen != NULL ? o->first_screen :
	    PICK(first_screen);
	x->log_lines = PICK(log_lines);
	x->theme = o->theme != NULL ? o->theme : PICK(theme);
	x->timeout_s = o->timeout_s ? o->timeout_s : PICK(timeout);
	x->attempts = o->attempts ? o->attempts : PICK(attempts);
#undef PICK
	x->key = known_key(r != NULL ? r->name : NULL, x->host, x->port);
	x->known_path = known_default_path();
	if (x->tls && !x->insecure && !x->adh && x->fingerprint == NULL &&
	    known_lookup(x->known_path, x->key, x->pin, sizeof x->pin,
	    &x->pin_line) == KNOWN_MATCH) {
		x->pinned = 1;
		x->fingerprint = x->pin;
	}
	return 0;
}

/* Free what router_resolve() allocated. */
void
router_target_free(struct router_target *x)
{
	target_free(&x->t);
	free(x->portbuf);
	free(x->key);
	free(x->known_path);
	memset(x, 0, sizeof *x);
}

int
router_conn_opts(const struct router_target *x, struct conn_opts *co,
    char **jumpcmd, char *err, size_t errlen)
{
	*jumpcmd = NULL;
	if (x->jump != NULL &&
	    (*jumpcmd = transport_jump_command(x->jump)) == NULL) {
		str_fmt(err, errlen, _("invalid jump host \"%s\": expected "
		    "[user@]host[:port]"), x->jump);
		return -1;
	}
	memset(co, 0, sizeof *co);
	co->tcfg.kind = *jumpcmd != NULL || x->proxy_cmd != NULL ?
	    TRANSPORT_PROXY : TRANSPORT_TCP;
	co->tcfg.host = x->host;
	co->tcfg.port = x->port;
	co->tcfg.proxy_cmd = *jumpcmd != NULL ? *jumpcmd : x->proxy_cmd;
	co->tcfg.tls = x->tls;
	co->tcfg.ca_file = x->ca;
	co->tcfg.fingerprint = x->fingerprint;
	co->tcfg.insecure = x->insecure;
	co->tcfg.adh = x->adh;
	co->user = x->user;
	co->connect_timeout_ms = (x->timeout_s ? x->timeout_s : 10) * 1000;
	co->attempts = x->attempts ? x->attempts : 1;
	co->request_timeout_ms = (x->timeout_s ? x->timeout_s : 30) * 1000;
	if (x->r != NULL)
		co->name = x->r->name;
	return 0;
}

/* The certificate's details, indented, on stderr. */
void
router_print_cert(const struct tls_peer *pe)
{
	fprintf(stderr, _("tikdeck:   subject:  %s\n"), pe->subject);
	fprintf(stderr, _("tikdeck:   issuer:   %s\n"), pe->issuer);
	fprintf(stderr, _("tikdeck:   valid:    from %s to %s\n"),
	    pe->not_before, pe->not_after);
	fprintf(stderr, _("tikdeck:   SHA-256:  %s\n"), pe->sha256);
}

/* A TLS trust failure: an unknown certificate, or a pinned one that
 * changed (the warning OpenSSH gives for a changed host key). */
void
router_trust_failed(const struct router_target *x, const struct tls_peer *pe,
    const char *message, enum conn_error cerr)
{
	if (x->pinned && pe != NULL && pe->have_cert &&
	    strcmp(pe->sha256, x->pin) != 0) {
		fprintf(stderr, _(
"tikdeck: @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
"tikdeck: @    WARNING: ROUTER IDENTIFICATION HAS CHANGED!           @\n"
"tikdeck: @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
"tikdeck: The TLS certificate of %s (%s:%s) is not the one you pinned.\n"
"tikdeck: Someone could be intercepting this connection (a man in the\n"
"tikdeck: middle), or the router's certificate was replaced (reset,\n"
"tikdeck: upgrade, new certificate).  The connection was refused.\n"),
		    x->name, x->host, x->port);
		fprintf(stderr, _("tikdeck: pinned fingerprint:    %s (%s, "
		    "line %d)\n"), x->pin, x->known_path, x->pin_line);
		fprintf(stderr, _("tikdeck: presented fingerprint: %s\n"),
		    pe->sha256);
		router_print_cert(pe);
		fprintf(stderr, _("tikdeck: if you know why it changed, remove "
		    "line %d (\"%s ...\") from %s and pin the new certificate "
		    "with: tikdeck trust %s\n"), x->pin_line, x->key,
		    x->known_path, x->r != NULL ? x->r->name : x->key);
		return;
	}
	fprintf(stderr, "tikdeck: %s\n", message ? message :
	    conn_error_name(cerr));
	if (x->fingerprint == NULL && pe != NULL && pe->have_cert &&
	    pe->verify_error[0] != '\0') {
		router_print_cert(pe);
		fprintf(stderr, _("tikdeck: to pin it for good, check the "
		    "fingerprint on the router (/certificate print detail) and "
		    "run on a terminal: tikdeck trust %s\n"),
		    x->r != NULL ? x->r->name : x->key);
	}
}
