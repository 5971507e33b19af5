/*
 * resolve.h: a router as tikdeck reaches it: the configured entry (if
 * any), the global options and the command line merged, command line
 * first; the pinned certificate from known_routers; the engine's
 * connection options.  Shared by batch mode and the console.
 */
#ifndef TIKDECK_RESOLVE_H
#define TIKDECK_RESOLVE_H

#include <stddef.h>

#include "cli.h"
#include "conffile.h"
#include "engine.h"
#include "target.h"

struct router_target {
	const struct router_cfg	*r;		/* NULL: not configured */
	struct target		 t;		/* [user@]host[:port] */
	const char		*name;		/* for messages */
	const char		*host;
	const char		*port;
	const char		*user;
	int			 tls;
	const char		*ca;
	const char		*fingerprint;
	int			 insecure;
	int			 adh;
	const char		*jump;
	const char		*proxy_cmd;
	const char		*charset;
	const char		*debug_log;
	const char		*units;		/* "bits" / "bytes", NULL */
	int			 kilo;		/* 1000 / 1024, 0 unset */
	const char		*first_screen;
	const char		*theme;
	int			 log_lines;	/* 0: the default */
	int			 timeout_s;
	int			 attempts;
	char			*portbuf;
	char			*key;		/* known_routers key */
	char			*known_path;
	char			 pin[128];	/* from known_routers */
	int			 pinned;
	int			 pin_line;
};

/* The configuration file: -c FILE (must exist) or the default (may be
 * missing).  Prints the error; 0 or -1. */
int router_load_config(const struct cli_opts *o, struct conffile **cf);
/* The same, the error in err instead of printed. */
int router_load_config_quiet(const struct cli_opts *o, struct conffile **cf,
    char *err, size_t errlen);
/* Resolve arg (a configured name, or [user@]host[:port]); 0, or -1 with
 * the problem in err. */
int router_resolve(const struct cli_opts *o, const struct conffile *cf,
    const char *arg, struct router_target *x, char *err, size_t errlen);
void router_target_free(struct router_target *x);
/* The engine's options for x (no password; strings point into x and
 * *jumpcmd, which the caller frees).  0, or -1 with err (a bad jump). */
int router_conn_opts(const struct router_target *x, struct conn_opts *co,
    char **jumpcmd, char *err, size_t errlen);
/* The certificate's details, indented, on stderr. */
void router_print_cert(const struct tls_peer *pe);
/* A TLS trust failure on stderr: an unknown certificate (with how to pin
 * it), or a pinned one that changed (the warning OpenSSH gives for a
 * changed host key). */
void router_trust_failed(const struct router_target *x,
    const struct tls_peer *pe, const char *message, enum conn_error cerr);

#endif
