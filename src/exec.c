/* exec.c: batch mode: connect, send one command, print the reply. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "conffile.h"
#include "resolve.h"
#include "engine.h"
#include "exec.h"
#include "i18n.h"
#include "known.h"
#include "log.h"
#include "output.h"
#include "selfpipe.h"
#include "secrets.h"
#include "target.h"
#include "text.h"
#include "util.h"

/* How long a request error waits for its connection's failure event. */
#define EXEC_FAIL_WAIT_MS	2000



static int exec_status_for(enum conn_error err);
static int exec_run(struct cli_opts *o, const struct conffile *cf);
static int exec_start(int argc, char **argv, const char *who, int nargs,
    const char *expect, const char *usage, struct cli_opts *o,
    struct conffile **cf);
static int exec_tty_yes(const char *question);
static void exec_print_ret(struct output *out, const char *ret);
static int exec_has_word(int argc, char *const *words, const char *prefix);
static void exec_conn_hint(enum conn_error err, const char *port, int adh);
static void exec_raw_trap(struct output *out, const struct trap *t);

/* The exit status for a connection failure. */
static int
exec_status_for(enum conn_error err)
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

/* Is there a word after the command that starts with prefix? */
static int
exec_has_word(int argc, char *const *words, const char *prefix)
{
	int i;
	size_t n = strlen(prefix);

	for (i = 1; i < argc; i++)
		if (strncmp(words[i], prefix, n) == 0)
			return 1;
	return 0;
}

/* Does this command stream until cancelled? */
int
exec_is_streaming(int argc, char *const *words)
{
	const char *cmd = words[0], *last = strrchr(cmd, '/');

	if (exec_has_word(argc, words, "=follow=") ||
	    exec_has_word(argc, words, "=follow-only=") ||
	    exec_has_word(argc, words, "=interval="))
		return 1;
	if (last == NULL)
		return 0;
	last++;
	if (strcmp(last, "listen") == 0 || strcmp(last, "torch") == 0 ||
	    strcmp(last, "sniffer") == 0)
		return 1;
	if ((strcmp(last, "monitor-traffic") == 0 ||
	    strcmp(last, "monitor") == 0) &&
	    !exec_has_word(argc, words, "=once"))
		return 1;
	if ((strcmp(last, "ping") == 0 || strcmp(last, "traceroute") == 0) &&
	    !exec_has_word(argc, words, "=count="))
		return 1;
	return 0;
}

/* A !done =ret= with no rows: print it as a one-field result. */
static void
exec_print_ret(struct output *out, const char *ret)
{
	struct buf b;

	buf_init(&b);
	switch (out->fmt) {
	case OUT_TABLE:
		text_to_utf8(&b, ret, strlen(ret), out->cs, 1);
		buf_addc(&b, '\n');
		break;
	case OUT_JSON:
		buf_adds(&b, "[\n  {\"ret\": ");
		json_put_string(&b, ret, strlen(ret));
		buf_adds(&b, "}\n]\n");
		break;
	case OUT_CSV:
		buf_adds(&b, "ret\r\n");
		csv_put_field(&b, ret, strlen(ret));
		buf_adds(&b, "\r\n");
		break;
	case OUT_RAW:
		break;
	}
	fwrite(b.p != NULL ? b.p : "", 1, b.len, out->f);
	buf_free(&b);
}

/* The start of every subcommand: the options, --help, the configuration.
 * nargs: how many arguments it takes (0: any); expect says so, usage is
 * printed after an error.  Returns -1 to go on, else the exit status. */
static int
exec_start(int argc, char **argv, const char *who, int nargs,
    const char *expect, const char *usage, struct cli_opts *o,
    struct conffile **cf)
{
	char err[1024];

	if (cli_parse(argc, argv, 1, o, err, sizeof err) == -1 ||
	    (nargs > 0 && o->argc != nargs && !o->help)) {
		if (nargs > 0 && o->argc != nargs)
			str_copy(err, sizeof err, expect);
		fprintf(stderr, "tikdeck %s: %s\n", who, err);
		fputs(usage, stderr);
		free(o->argv);
		return EXEC_USAGE;
	}
	if (o->help) {
		cli_usage(stdout);
		free(o->argv);
		return EXEC_OK;
	}
	if (router_load_config(o, cf) == -1) {
		free(o->argv);
		return EXEC_USAGE;
	}
	return -1;
}

/* tikdeck exec: parse the options and run. */
int
exec_main(int argc, char **argv)
{
	struct cli_opts o;
	struct conffile *cf = NULL;
	int rc;

	if ((rc = exec_start(argc, argv, "exec", 0, NULL,
	    _("Try 'tikdeck --help'.\n"), &o, &cf)) >= 0)
		return rc;
	rc = exec_run(&o, cf);
	conffile_free(&cf);
	cli_forget_secrets();
	free(o.argv);
	return rc;
}

/* -o raw: a !trap with its =category= (when it had one) and =message=. */
static void
exec_raw_trap(struct output *out, const struct trap *t)
{
	fputs("!trap\n", out->f);
	if (t->category >= 0)
		fprintf(out->f, "=category=%d\n", t->category);
	fprintf(out->f, "=message=%s\n\n", t->message);
	fflush(out->f);
}

/* A hint after a failed connection, for the usual mistakes. */
static void
exec_conn_hint(enum conn_error err, const char *port, int adh)
{
	if (err == CERR_TLS && strcmp(port, "8728") == 0)
		fprintf(stderr, _("tikdeck: hint: port 8728 is the plaintext "
		    "api service; use --plain, or port 8729 for api-ssl\n"));
	else if (err == CERR_TLS && !adh)
		fprintf(stderr, _("tikdeck: hint: if port %s is the plaintext "
		    "api service, use --plain; if the router's api-ssl has no "
		    "certificate, use --adh\n"), port);
	else if (err == CERR_LOGIN)
		fprintf(stderr, _("tikdeck: hint: check the user name and the "
		    "password (TIKDECK_PASSWORD), and that the user's group "
		    "has the api policy\n"));
}

/* Connect, send the command, print the reply; returns the exit status. */
static int
exec_run(struct cli_opts *o, const struct conffile *cf)
{
	struct router_target x;
	struct conn_opts co;
	struct engine *e;
	struct rowstore rs;
	struct output out;
	struct owner own = { 1, 1 };
	struct req_opts ro;
	char err[1024], *password, *jumpcmd = NULL, *failed = NULL;
	const char *port;
	int tls, rc = EXEC_OK, streaming, cs = CHARSET_AUTO, cancels = 0, r;
	size_t counted = 0;
	conn_id conn;
	req_id req;
	struct sigaction old_int, old_term;

	if (o->argc < 2) {
		fprintf(stderr, _("tikdeck exec: expected ROUTER and COMMAND, "
		    "e.g. tikdeck exec admin@192.0.2.1 /system/resource/print\n"));
		return EXEC_USAGE;
	}
	if (o->argv[1][0] != '/') {
		fprintf(stderr, _("tikdeck exec: \"%s\" is not an API command: "
		    "commands start with '/', e.g. /ip/address/print\n"),
		    o->argv[1]);
		return EXEC_USAGE;
	}
	if (router_resolve(o, cf, o->argv[0], &x, err, sizeof err) == -1) {
		fprintf(stderr, "tikdeck exec: %s\n", err);
		return EXEC_USAGE;
	}
	if (x.charset != NULL && (cs = charset_parse(x.charset)) < 0) {
		fprintf(stderr, _("tikdeck exec: unknown charset \"%s\": use "
		    "auto, utf-8 or cp1252\n"), x.charset);
		router_target_free(&x);
		return EXEC_USAGE;
	}
	if (router_conn_opts(&x, &co, &jumpcmd, err, sizeof err) == -1) {
		fprintf(stderr, "tikdeck exec: %s\n", err);
		router_target_free(&x);
		return EXEC_USAGE;
	}
	if (x.debug_log != NULL && log_open(x.debug_log) == -1) {
		fprintf(stderr, _("tikdeck exec: cannot open the debug log "
		    "%s: %s\n"), x.debug_log, strerror(errno));
		router_target_free(&x);
		free(jumpcmd);
		return EXEC_USAGE;
	}
	tls = x.tls;
	port = x.port;
	if (x.insecure)
		fprintf(stderr, _("tikdeck: warning: --insecure: the router's "
		    "certificate is not verified; anyone on the path can read "
		    "and change this session\n"));
	if (x.adh)
		fprintf(stderr, _("tikdeck: warning: --adh: anonymous TLS has "
		    "no certificate; it encrypts but cannot tell the router "
		    "from a man in the middle\n"));
	/* once per router, for the person at the terminal: scripts' stderr
	 * stays as it was */
	if (!tls && isatty(STDERR_FILENO) &&
	    known_plaintext_first(x.known_path, x.key))
		fprintf(stderr, _("tikdeck: warning: %s: the plaintext api "
		    "service sends the password and everything else "
		    "unencrypted; use api-ssl (--tls) where you can.  This "
		    "warning is shown once per router.\n"), x.name);

	if (cli_router_password(x.r, x.user, x.host, &password, err,
	    sizeof err) == -1) {
		fprintf(stderr, "tikdeck: %s\n", err);
		router_target_free(&x);
		free(jumpcmd);
		log_close();
		return EXEC_CONNECT;
	}
	co.password = password;

	streaming = exec_is_streaming(o->argc - 1, o->argv + 1);
	/* A stream may be quiet for long (a log with nothing new): a cheap
	 * request every --timeout tells a quiet router from a dead one. */
	if (streaming)
		co.ping_interval_ms = co.request_timeout_ms;
	memset(&ro, 0, sizeof ro);
	ro.flags = streaming ? REQ_STREAM : 0;
	if (o->count)
		ro.flags |= REQ_COUNT;	/* rows are counted, not kept */

	/* Ctrl-C and SIGTERM wake the loop, which sends /cancel. */
	if (selfpipe_open() == -1) {
		perror("pipe");
		exit(EXEC_CONNECT);
	}
	selfpipe_catch(SIGINT, &old_int);
	selfpipe_catch(SIGTERM, &old_term);

	e = engine_new();
	conn = engine_connect(e, &co);
	secret_free(&password);	/* the engine has its own copy */
	req = engine_send_strs(e, conn, own, &ro,
	    (const char *const *)o->argv + 1, (size_t)o->argc - 1);
	rowstore_init(&rs);
	output_init(&out, stdout, o->format, (enum charset)cs, streaming);

	for (;;) {
		struct pollfd pfd[2];
		struct event *ev;

		pfd[0].fd = engine_event_fd(e);
		pfd[0].events = POLLIN;
		pfd[1].fd = selfpipe_fd();
		pfd[1].events = POLLIN;
		pfd[0].revents = pfd[1].revents = 0;
		r = poll(pfd, 2, failed != NULL ? EXEC_FAIL_WAIT_MS : -1);
		if (r == -1 && errno != EINTR)
			break;
		if (r == 0 && failed != NULL) {
			/* no connection event followed the request's error */
			fprintf(stderr, "tikdeck: %s\n", failed);
			rc = EXEC_CONNECT;
			break;
		}
		if (pfd[1].revents & POLLIN) {
			while (selfpipe_next() != 0)
				;
			if (++cancels > 1) {
				rc = 130;
				break;
			}
			engine_cancel(e, req);
		}
		while ((ev = engine_next_event(e)) != NULL) {
			int stop = 0;

			switch (ev->type) {
			case EV_CONN_STATE:
				if (ev->state == CONN_FAILED) {
					if (ev->cerr == CERR_TLS_TRUST)
						router_trust_failed(&x, ev->peer, ev->message, ev->cerr);
					else
						fprintf(stderr, "tikdeck: %s\n",
						    ev->message ? ev->message :
						    conn_error_name(ev->cerr));
					if (tls || ev->cerr == CERR_LOGIN)
						exec_conn_hint(ev->cerr, port,
						    x.adh);
					rc = exec_status_for(ev->cerr);
					stop = 1;
				}
				break;
			case EV_ROWS:
				if (ev->req != req)
					break;
				if (o->count) {
					counted += ev->rows->nrows;
					break;
				}
				rowstore_add(&rs, &ev->rows);
				output_rows(&out, &rs);
				break;
			case EV_DONE:
				if (ev->req != req)
					break;
				if (ev->message != NULL)
					fprintf(stderr, "tikdeck: %s\n",
					    ev->message);
				if (ev->ntraps > 0) {
					size_t i;

					for (i = 0; i < ev->ntraps; i++)
						fprintf(stderr, _("tikdeck: "
						    "router error: %s\n"),
						    ev->traps[i].message);
					rc = EXEC_TRAP;
				}
				if (o->count) {
					/* an error with no rows counts nothing:
					 * no "0" that a script could trust */
					if (counted == 0 && ev->ret != NULL &&
					    exec_has_word(o->argc - 1,
					    o->argv + 1, "=count-only"))
						printf("%s\n", ev->ret);
					else if (counted > 0 ||
					    ev->ntraps == 0)
						printf("%zu\n", counted);
				} else if (o->format == OUT_RAW) {
					output_finish(&out, &rs);
					if (ev->empty)
						output_raw_reply(&out,
						    "!empty", NULL, NULL);
					{
						size_t i;

						for (i = 0; i < ev->ntraps;
						    i++)
							exec_raw_trap(&out,
							    &ev->traps[i]);
					}
					output_raw_reply(&out, "!done",
					    ev->ret ? "ret" : NULL, ev->ret);
				} else if (rs.nrows == 0 && ev->ret != NULL)
					exec_print_ret(&out, ev->ret);
				else if (!(ev->ntraps > 0 && rs.nrows == 0))
					output_finish(&out, &rs);
				stop = 1;
				break;
			case EV_ERROR:
				if (ev->req != req)
					break;
				if (ev->rerr != RERR_TIMEOUT) {
					/* The connection failed: its event,
					 * with the cause, follows. */
					free(failed);
					failed = xstrdup(ev->message ?
					    ev->message :
					    _("request failed"));
					break;
				}
				fprintf(stderr, "tikdeck: %s\n", ev->message ?
				    ev->message : _("request failed"));
				rc = EXEC_TIMEOUT;
				stop = 1;
				break;
			case EV_RESTART:
			case EV_LATENCY:
				break;
			}
			event_free(&ev);
			if (stop)
				goto out;
		}
	}
out:
	free(failed);
	fflush(stdout);
	engine_free(&e);
	rowstore_clear(&rs);
	router_target_free(&x);
	free(jumpcmd);
	log_close();
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	selfpipe_close();
	return rc;
}

/* Ask a yes/no question on the terminal: 1 yes, 0 no, -1 no terminal. */
static int
exec_tty_yes(const char *question)
{
	char line[64];
	size_t n = 0;
	int fd;

	fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd == -1)
		return -1;
	if (write(fd, question, strlen(question)) < 0) {
		close(fd);
		return -1;
	}
	for (;;) {
		char c;
		ssize_t r = read(fd, &c, 1);

		if (r <= 0 || c == '\n' || c == '\r')
			break;
		if (n < sizeof line - 1)
			line[n++] = c;
	}
	line[n] = '\0';
	close(fd);
	return strcmp(line, "yes") == 0 || strcmp(line, _("yes")) == 0;
}

/* tikdeck trust ROUTER: show the certificate and pin it on request. */
int
exec_trust_main(int argc, char **argv)
{
	struct cli_opts o;
	struct conffile *cf = NULL;
	struct router_target x;
	struct conn_opts co;
	struct transport_cfg tc;
	struct transport *t = NULL;
	enum transport_errkind kind;
	const struct tls_peer *pe;
	char err[1024], *jumpcmd = NULL, *q, old[128];
	int rc = EXEC_TLS_TRUST, r, fd, oldline = 0;
	int64_t deadline;
	enum known_result kr;

	if ((rc = exec_start(argc, argv, "trust", 1, _("expected one ROUTER"),
	    _("Usage: tikdeck trust [OPTION]... ROUTER\n"), &o, &cf)) >= 0)
		return rc;
	rc = EXEC_TLS_TRUST;
	if (router_resolve(&o, cf, o.argv[0], &x, err, sizeof err) == -1) {
		fprintf(stderr, "tikdeck trust: %s\n", err);
		rc = EXEC_USAGE;
		goto out;
	}
	if (!x.tls) {
		fprintf(stderr, _("tikdeck trust: %s uses the plaintext api "
		    "service: there is no certificate to trust\n"), x.name);
		rc = EXEC_USAGE;
		goto out;
	}
	if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) == -1) {
		fprintf(stderr, _("tikdeck trust: a certificate is pinned only "
		    "after you confirm it on a terminal, and there is none; in "
		    "a script, pass --fingerprint or add the line \"%s "
		    "FINGERPRINT\" to %s\n"), x.key, x.known_path);
		rc = EXEC_USAGE;
		goto out;
	}
	close(fd);
	if (router_conn_opts(&x, &co, &jumpcmd, err, sizeof err) == -1) {
		fprintf(stderr, "tikdeck trust: %s\n", err);
		rc = EXEC_USAGE;
		goto out;
	}
	tc = co.tcfg;
	tc.tls = 1;
	tc.fingerprint = NULL;
	tc.adh = 0;
	tc.insecure = 1;	/* we only look at the certificate */
	t = transport_open(&tc, err, sizeof err, &kind);
	if (t == NULL) {
		fprintf(stderr, "tikdeck trust: %s\n", err);
		rc = EXEC_CONNECT;
		goto out;
	}
	deadline = now_ms() + (x.timeout_s ? x.timeout_s : 10) * 1000;
	while ((r = transport_step(t)) == TR_AGAIN) {
		struct pollfd pfd;
		int64_t left = deadline - now_ms();

		if (left <= 0)
			break;
		pfd.fd = transport_fd(t);
		pfd.events = transport_events(t);
		pfd.revents = 0;
		(void)poll(&pfd, 1, (int)left);
	}
	pe = transport_peer(t);
	if (r != TR_READY || pe == NULL || !pe->have_cert) {
		fprintf(stderr, _("tikdeck trust: cannot get the certificate of "
		    "%s: %s\n"), x.name, r == TR_AGAIN ? _("timed out") :
		    r == TR_ERROR ? transport_error(t) : _("no certificate"));
		rc = r == TR_AGAIN ? EXEC_TIMEOUT : EXEC_CONNECT;
		goto out;
	}
	printf(_("The TLS certificate of %s (%s:%s):\n"), x.name, x.host,
	    x.port);
	printf(_("  subject:  %s\n"), pe->subject);
	printf(_("  issuer:   %s\n"), pe->issuer);
	printf(_("  valid:    from %s to %s\n"), pe->not_before, pe->not_after);
	printf(_("  SHA-256:  %s\n"), pe->sha256);
	if (pe->verify_error[0] != '\0')
		printf(_("  It does not verify: %s.\n"), pe->verify_error);
	else
		printf(_("  It verifies against the trusted CAs.\n"));
	kr = known_check(x.known_path, x.key, pe->sha256, old, sizeof old,
	    &oldline);
	if (kr == KNOWN_MATCH) {
		printf(_("It is already pinned for %s in %s.\n"), x.key,
		    x.known_path);
		rc = EXEC_OK;
		goto out;
	}
	if (kr == KNOWN_CHANGED)
		printf(_("WARNING: %s has another certificate pinned (line %d "
		    "of %s):\n  %s\nPinning this one replaces it.\n"), x.key,
		    oldline, x.known_path, old);
	printf(_("Compare the fingerprint with the router's (/certificate "
	    "print detail) before you accept it.\n"));
	fflush(stdout);
	q = xasprintf(_("Pin this certificate for %s? Type yes to pin it: "),
	    x.key);
	r = exec_tty_yes(q);
	free(q);
	if (r != 1) {
		printf(_("Not pinned.\n"));
		goto out;
	}
	if (known_add(x.known_path, x.key, pe->sha256, err, sizeof err) ==
	    -1) {
		fprintf(stderr, "tikdeck trust: %s\n", err);
		goto out;
	}
	printf(_("Pinned %s in %s.\n"), x.key, x.known_path);
	rc = EXEC_OK;
out:
	fflush(stdout);
	transport_close(&t);
	free(jumpcmd);
	if (x.known_path != NULL || x.key != NULL)
		router_target_free(&x);
	conffile_free(&cf);
	free(o.argv);
	return rc;
}

/* tikdeck passwd ROUTER: store a router's password in the secrets store;
 * the password is typed twice on the terminal, never taken from argv. */
int
exec_passwd_main(int argc, char **argv)
{
	struct cli_opts o;
	struct conffile *cf = NULL;
	const struct router_cfg *r;
	struct secrets *s = NULL;
	enum secrets_error why;
	const char *master;
	char err[1024], *path = NULL, *pw = NULL, *p1, *p2;
	int rc = 1;

	if ((rc = exec_start(argc, argv, "passwd", 1, _("expected one ROUTER "
	    "(the password is asked on the terminal)"), _("Usage: tikdeck "
	    "passwd [-c CONFIG] ROUTER\n"), &o, &cf)) >= 0)
		return rc;
	rc = 1;
	r = conffile_find(cf, o.argv[0]);
	if (r == NULL) {
		fprintf(stderr, _("tikdeck passwd: there is no router \"%s\" "
		    "in %s; add it there first\n"), o.argv[0], cf->path);
		rc = EXEC_USAGE;
		goto out;
	}
	path = secrets_default_path();
	if (secrets_exists(path) && file_check_private(path,
	    _("secrets store"), err, sizeof err) == -1) {
		fprintf(stderr, "tikdeck passwd: %s\n", err);
		goto out;
	}
	master = cli_master_passphrase(!secrets_exists(path), err,
	    sizeof err);
	if (master == NULL) {
		fprintf(stderr, "tikdeck passwd: %s\n", err);
		goto out;
	}
	s = secrets_open(path, master, &why, err, sizeof err);
	if (s == NULL) {
		fprintf(stderr, "tikdeck passwd: %s\n", err);
		goto out;
	}
	p1 = xasprintf(_("Password for %s (%s@%s): "), r->name,
	    r->user != NULL ? r->user : "admin", r->host);
	p2 = xstrdup(_("Repeat the password: "));
	if (cli_read_new_secret(p1, p2, &pw, err, sizeof err) == -1) {
		fprintf(stderr, "tikdeck passwd: %s\n", err);
		free(p1);
		free(p2);
		goto out;
	}
	free(p1);
	free(p2);
	secrets_set(s, r->name, pw);
	if (secrets_save(s, err, sizeof err) == -1) {
		fprintf(stderr, "tikdeck passwd: %s\n", err);
		goto out;
	}
	printf(_("Stored the password of %s in %s.\n"), r->name, path);
	rc = EXEC_OK;
out:
	secret_free(&pw);
	secrets_free(&s);
	cli_forget_secrets();
	free(path);
	conffile_free(&cf);
	free(o.argv);
	return rc;
}
