/*
 * cli.h: command-line options shared by the console and batch mode, and
 * the password prompt.  Passwords never come from argv.
 */
#ifndef TIKDECK_CLI_H
#define TIKDECK_CLI_H

#include <stddef.h>
#include <stdio.h>

enum out_format {
	OUT_TABLE,
	OUT_JSON,
	OUT_CSV,
	OUT_RAW
};

struct cli_opts {
	const char	*user;
	const char	*port;
	int		 tls;		/* -1 unset, 0 --plain, 1 --tls */
	const char	*ca_file;
	const char	*fingerprint;
	int		 insecure;
	int		 adh;
	const char	*jump;
	const char	*proxy_cmd;
	const char	*config;
	const char	*theme;
	const char	*first_screen;	/* --first-screen, NULL: config */
	int		 ascii;
	int		 no_color;
	const char	*debug_log;
	int		 timeout_s;	/* 0: default */
	int		 attempts;	/* 0: default */
	const char	*charset;
	enum out_format	 format;
	int		 count;
	int		 demo;
	int		 help;
	int		 version;
	/* positional arguments left after the options */
	int		 argc;
	char		**argv;
};

/* Parse argv (after the program or "exec" word).  Returns 0, or -1 with a
 * message in err (usage error, exit status 2). */
int cli_parse(int argc, char **argv, int batch, struct cli_opts *o,
    char *err, size_t errlen);

/* Read a password from the controlling terminal without echo.  Returns a
 * malloc'd string, or NULL when there is no terminal. */
char *cli_read_password(const char *prompt);

/* The password for user@host: TIKDECK_PASSWORD, else the terminal prompt,
 * else empty (a fresh router's admin has no password). */
char *cli_password(const char *user, const char *host);

struct router_cfg;

/* The password of a router, from the first source that has one:
 * TIKDECK_PASSWORD, the router's password-command, its password key, the
 * encrypted store (asks the master passphrase), the terminal prompt, or
 * empty.  r may be NULL (a router that is not configured).  Returns 0
 * with a malloc'd password in out, or -1 with a message in err. */
int cli_router_password(const struct router_cfg *r, const char *user,
    const char *host, char **out, char *err, size_t errlen);
/* The same without the last resort of a prompt: 1 with the password in
 * out, 0 when only a prompt would give it, -1 with err.  interactive: the
 * store's master passphrase may still be asked for. */
int cli_router_password_from(const struct router_cfg *r, int interactive,
    char **out, char *err, size_t errlen);

/* The master passphrase of the secrets store: TIKDECK_MASTER_PASSPHRASE
 * (tests, automation), else asked on the terminal once per run (twice
 * when confirm, for a new store).  NULL with a message in err when there
 * is neither.  Owned by cli.c; cli_forget_secrets() wipes it. */
const char *cli_master_passphrase(int confirm, char *err, size_t errlen);
void cli_forget_secrets(void);

/* Ask for a new secret twice on the terminal; 0 with a malloc'd string in
 * out, or -1 with a message (no terminal, or the two differ). */
int cli_read_new_secret(const char *prompt, const char *again, char **out,
    char *err, size_t errlen);

void cli_usage(FILE *f);

#endif
