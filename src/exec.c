/* exec.c: batch mode: connect, send one command, print the reply. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "engine.h"
#include "exec.h"
#include "i18n.h"
#include "log.h"
#include "output.h"
#include "target.h"
#include "text.h"
#include "util.h"

/* How long a request error waits for its connection's failure event. */
#define EXEC_FAIL_WAIT_MS	2000

static int exec_sigpipe[2] = { -1, -1 };

static void exec_on_signal(int sig);
static int exec_status_for(enum conn_error err);
static int exec_run(struct cli_opts *o);
static void exec_print_ret(struct output *out, const char *ret);
static int exec_has_word(int argc, char *const *words, const char *prefix);
static void exec_conn_hint(enum conn_error err, const char *port, int adh);
static void exec_raw_trap(struct output *out, const struct trap *t);

/* SIGINT/SIGTERM: wake the event loop through the self-pipe. */
static void
exec_on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (write(exec_sigpipe[1], &c, 1) < 0) {
		/* the pipe is full: a cancel is already on its way */
	}
	errno = saved;
}

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

/* tikdeck exec: parse the options and run. */
int
exec_main(int argc, char **argv)
{
	struct cli_opts o;
	char err[512];
	int rc;

	if (cli_parse(argc, argv, 1, &o, err, sizeof err) == -1) {
		fprintf(stderr, "tikdeck exec: %s\n", err);
		fprintf(stderr, _("Try 'tikdeck --help'.\n"));
		free(o.argv);
		return EXEC_USAGE;
	}
	if (o.help) {
		cli_usage(stdout);
		free(o.argv);
		return EXEC_OK;
	}
	rc = exec_run(&o);
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
exec_run(struct cli_opts *o)
{
	struct target t;
	struct conn_opts co;
	struct engine *e;
	struct rowstore rs;
	struct output out;
	struct owner own = { 1, 1 };
	struct req_opts ro;
	char err[512], *password, *jumpcmd = NULL, *failed = NULL;
	const char *user, *port;
	int tls, rc = EXEC_OK, streaming, cs = CHARSET_AUTO, cancels = 0, r;
	size_t counted = 0;
	conn_id conn;
	req_id req;
	struct sigaction sa, old_int, old_term;

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
	if (o->charset != NULL && (cs = charset_parse(o->charset)) < 0) {
		fprintf(stderr, _("tikdeck exec: unknown charset \"%s\": use "
		    "auto, utf-8 or cp1252\n"), o->charset);
		return EXEC_USAGE;
	}
	if (target_parse(o->argv[0], &t, err, sizeof err) == -1) {
		fprintf(stderr, "tikdeck exec: %s\n", err);
		return EXEC_USAGE;
	}
	if (o->jump != NULL &&
	    (jumpcmd = transport_jump_command(o->jump)) == NULL) {
		fprintf(stderr, _("tikdeck exec: invalid jump host \"%s\": "
		    "expected [user@]host[:port]\n"), o->jump);
		target_free(&t);
		return EXEC_USAGE;
	}
	if (o->debug_log != NULL && log_open(o->debug_log) == -1) {
		fprintf(stderr, _("tikdeck exec: cannot open the debug log "
		    "%s: %s\n"), o->debug_log, strerror(errno));
		target_free(&t);
		free(jumpcmd);
		return EXEC_USAGE;
	}
	tls = o->tls != 0;
	user = t.user != NULL ? t.user : o->user != NULL ? o->user : "admin";
	port = t.port != NULL ? t.port : o->port != NULL ? o->port :
	    tls ? "8729" : "8728";
	if (o->insecure)
		fprintf(stderr, _("tikdeck: warning: --insecure: the router's "
		    "certificate is not verified; anyone on the path can read "
		    "and change this session\n"));
	if (o->adh)
		fprintf(stderr, _("tikdeck: warning: --adh: anonymous TLS has "
		    "no certificate; it encrypts but cannot tell the router "
		    "from a man in the middle\n"));

	password = cli_password(user, t.host);
	memset(&co, 0, sizeof co);
	co.tcfg.kind = jumpcmd != NULL || o->proxy_cmd != NULL ?
	    TRANSPORT_PROXY : TRANSPORT_TCP;
	co.tcfg.host = t.host;
	co.tcfg.port = port;
	co.tcfg.proxy_cmd = jumpcmd != NULL ? jumpcmd : o->proxy_cmd;
	co.tcfg.tls = tls;
	co.tcfg.ca_file = o->ca_file;
	co.tcfg.fingerprint = o->fingerprint;
	co.tcfg.insecure = o->insecure;
	co.tcfg.adh = o->adh;
	co.user = user;
	co.password = password;
	co.connect_timeout_ms = (o->timeout_s ? o->timeout_s : 10) * 1000;
	co.attempts = o->attempts ? o->attempts : 1;
	co.request_timeout_ms = (o->timeout_s ? o->timeout_s : 30) * 1000;

	streaming = exec_is_streaming(o->argc - 1, o->argv + 1);
	memset(&ro, 0, sizeof ro);
	ro.flags = streaming ? REQ_STREAM : 0;
	if (o->count)
		ro.flags |= REQ_COUNT;	/* rows are counted, not kept */

	if (pipe(exec_sigpipe) == -1) {
		perror("pipe");
		exit(EXEC_CONNECT);
	}
	fcntl(exec_sigpipe[0], F_SETFL, O_NONBLOCK);
	fcntl(exec_sigpipe[1], F_SETFL, O_NONBLOCK);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = exec_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	e = engine_new();
	conn = engine_connect(e, &co);
	{	/* the engine has its own copy */
		size_t n = strlen(password);

		memset(password, 0, n);
		free(password);
	}
	req = engine_send_strs(e, conn, own, &ro,
	    (const char *const *)o->argv + 1, (size_t)o->argc - 1);
	rowstore_init(&rs);
	output_init(&out, stdout, o->format, (enum charset)cs, streaming);

	for (;;) {
		struct pollfd pfd[2];
		struct event *ev;

		pfd[0].fd = engine_event_fd(e);
		pfd[0].events = POLLIN;
		pfd[1].fd = exec_sigpipe[0];
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
			char c;

			while (read(exec_sigpipe[0], &c, 1) > 0)
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
					fprintf(stderr, "tikdeck: %s\n",
					    ev->message ? ev->message :
					    conn_error_name(ev->cerr));
					if (tls || ev->cerr == CERR_LOGIN)
						exec_conn_hint(ev->cerr, port,
						    o->adh);
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
	target_free(&t);
	free(jumpcmd);
	log_close();
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	close(exec_sigpipe[0]);
	close(exec_sigpipe[1]);
	exec_sigpipe[0] = exec_sigpipe[1] = -1;
	return rc;
}
