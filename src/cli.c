/* cli.c: option parsing and password prompt. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "conffile.h"
#include "i18n.h"
#include "secrets.h"
#include "transport.h"
#include "util.h"

enum {
	OPT_TLS = 256,
	OPT_PLAIN,
	OPT_CA,
	OPT_FINGERPRINT,
	OPT_INSECURE,
	OPT_ADH,
	OPT_PROXY,
	OPT_THEME,
	OPT_FIRST_SCREEN,
	OPT_ASCII,
	OPT_NOCOLOR,
	OPT_DEBUGLOG,
	OPT_TIMEOUT,
	OPT_ATTEMPTS,
	OPT_CHARSET,
	OPT_COUNT,
	OPT_DEMO,
	OPT_VERSION
};

static const struct option cli_longopts[] = {
	{ "user", required_argument, NULL, 'u' },
	{ "port", required_argument, NULL, 'p' },
	{ "tls", no_argument, NULL, OPT_TLS },
	{ "plain", no_argument, NULL, OPT_PLAIN },
	{ "ca", required_argument, NULL, OPT_CA },
	{ "fingerprint", required_argument, NULL, OPT_FINGERPRINT },
	{ "insecure", no_argument, NULL, OPT_INSECURE },
	{ "adh", no_argument, NULL, OPT_ADH },
	{ "jump", required_argument, NULL, 'J' },
	{ "proxy-command", required_argument, NULL, OPT_PROXY },
	{ "config", required_argument, NULL, 'c' },
	{ "theme", required_argument, NULL, OPT_THEME },
	{ "first-screen", required_argument, NULL, OPT_FIRST_SCREEN },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "no-color", no_argument, NULL, OPT_NOCOLOR },
	{ "debug-log", required_argument, NULL, OPT_DEBUGLOG },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "attempts", required_argument, NULL, OPT_ATTEMPTS },
	{ "charset", required_argument, NULL, OPT_CHARSET },
	{ "output", required_argument, NULL, 'o' },
	{ "count", no_argument, NULL, OPT_COUNT },
	{ "demo", no_argument, NULL, OPT_DEMO },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

static char *cli_master;	/* the master passphrase, once asked */

static int parse_int(const char *s, int lo, int hi, int *out);

static int
parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

int
cli_parse(int argc, char **argv, int batch, struct cli_opts *o, char *err,
    size_t errlen)
{
	char fp[3 * 32];
	int ch;

	memset(o, 0, sizeof *o);
	o->tls = -1;
	optind = 1;
	opterr = 0;
	/* '-' in front: keep going after positional words, which we collect
	 * in order; RouterOS words never start with '-'.  ':' next: a
	 * missing value is reported as such, not as an unknown option. */
	o->argv = xcalloc((size_t)argc + 1, sizeof *o->argv);
	while ((ch = getopt_long(argc, argv, "-:u:p:J:c:o:h", cli_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 1:
			o->argv[o->argc++] = optarg;
			break;
		case 'u':
			o->user = optarg;
			break;
		case 'p':
			if (parse_int(optarg, 1, 65535, &(int){ 0 }) == -1) {
				str_fmt(err, errlen, _("invalid port \"%s\": "
				    "expected a number from 1 to 65535"),
				    optarg);
				return -1;
			}
			o->port = optarg;
			break;
		case OPT_TLS:
			o->tls = 1;
			break;
		case OPT_PLAIN:
			o->tls = 0;
			break;
		case OPT_CA:
			o->ca_file = optarg;
			break;
		case OPT_FINGERPRINT:
			if (!tls_fingerprint_normalise(optarg, fp, sizeof fp)) {
				str_fmt(err, errlen, _("invalid --fingerprint "
				    "\"%s\": expected a SHA-256 fingerprint, 32 "
				    "bytes of hex such as AB:CD:..."), optarg);
				return -1;
			}
			o->fingerprint = optarg;
			break;
		case OPT_INSECURE:
			o->insecure = 1;
			break;
		case OPT_ADH:
			o->adh = 1;
			break;
		case 'J':
			o->jump = optarg;
			break;
		case OPT_PROXY:
			o->proxy_cmd = optarg;
			break;
		case 'c':
			o->config = optarg;
			break;
		case OPT_THEME:
			o->theme = optarg;
			break;
		case OPT_FIRST_SCREEN:
			o->first_screen = optarg;
			break;
		case OPT_ASCII:
			o->ascii = 1;
			break;
		case OPT_NOCOLOR:
			o->no_color = 1;
			break;
		case OPT_DEBUGLOG:
			o->debug_log = optarg;
			break;
		case OPT_TIMEOUT:
			if (parse_int(optarg, 1, 3600, &o->timeout_s) == -1) {
				str_fmt(err, errlen, _("invalid --timeout "
				    "\"%s\": expected seconds from 1 to 3600"),
				    optarg);
				return -1;
			}
			break;
		case OPT_ATTEMPTS:
			if (parse_int(optarg, 1, 10, &o->attempts) == -1) {
				str_fmt(err, errlen, _("invalid --attempts "
				    "\"%s\": expected a number from 1 to 10"),
				    optarg);
				return -1;
			}
			break;
		case OPT_CHARSET:
			o->charset = optarg;
			break;
		case 'o':
			if (strcmp(optarg, "table") == 0)
				o->format = OUT_TABLE;
			else if (strcmp(optarg, "json") == 0)
				o->format = OUT_JSON;
			else if (strcmp(optarg, "csv") == 0)
				o->format = OUT_CSV;
			else if (strcmp(optarg, "raw") == 0)
				o->format = OUT_RAW;
			else {
				str_fmt(err, errlen, _("unknown output format "
				    "\"%s\": use table, json, csv or raw"),
				    optarg);
				return -1;
			}
			break;
		case OPT_COUNT:
			o->count = 1;
			break;
		case OPT_DEMO:
			o->demo = 1;
			break;
		case 'h':
			o->help = 1;
			break;
		case OPT_VERSION:
			o->version = 1;
			break;
		case ':':
			str_fmt(err, errlen, _("option %s needs a value"),
			    argv[optind - 1]);
			return -1;
		default:
			if (optopt != 0 && optopt < 256)
				str_fmt(err, errlen, _("unknown option -%c"),
				    optopt);
			else	/* without "=value": it may be a password */
				str_fmt(err, errlen, _("unknown option %.*s"),
				    (int)strcspn(argv[optind - 1], "="),
				    argv[optind - 1]);
			return -1;
		}
	}
	while (optind < argc)		/* words after "--" */
		o->argv[o->argc++] = argv[optind++];
	if (o->tls == 0 && (o->ca_file || o->fingerprint || o->adh ||
	    o->insecure)) {
		str_copy(err, errlen, _("--plain cannot be combined with "
		    "--ca, --fingerprint, --insecure or --adh"));
		return -1;
	}
	if (o->jump != NULL && o->proxy_cmd != NULL) {
		str_copy(err, errlen, _("use either -J or --proxy-command, "
		    "not both"));
		return -1;
	}
	(void)batch;
	return 0;
}

char *
cli_read_password(const char *prompt)
{
	struct termios old, raw;
	char line[1024];
	size_t n = 0;
	int fd, echo_off = 0;

	fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd == -1)
		return NULL;
	if (tcgetattr(fd, &old) == 0) {
		raw = old;
		raw.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		raw.c_lflag |= ICANON;
		echo_off = tcsetattr(fd, TCSAFLUSH, &raw) == 0;
	}
	if (write(fd, prompt, strlen(prompt)) < 0) {
		/* nothing to do: we still read the answer */
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
	if (echo_off)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0) {
		/* the newline is cosmetic */
	}
	close(fd);
	{
		char *p = xstrdup(line);

		memset(line, 0, sizeof line);
		return p;
	}
}

char *
cli_password(const char *user, const char *host)
{
	const char *env = getenv("TIKDECK_PASSWORD");
	char *prompt, *p;

	if (env != NULL)
		return xstrdup(env);
	prompt = xasprintf(_("Password for %s@%s: "), user, host);
	p = cli_read_password(prompt);
	free(prompt);
	return p != NULL ? p : xstrdup("");
}

/* The master passphrase: from the environment or asked once. */
const char *
cli_master_passphrase(int confirm, char *err, size_t errlen)
{
	const char *env = getenv("TIKDECK_MASTER_PASSPHRASE");

	if (cli_master != NULL)
		return cli_master;
	if (env != NULL && *env != '\0') {
		cli_master = xstrdup(env);
		return cli_master;
	}
	if (confirm) {
		if (cli_read_new_secret(_("New master passphrase for the "
		    "secrets store: "), _("Repeat the master passphrase: "),
		    &cli_master, err, errlen) == -1)
			return NULL;
		return cli_master;
	}
	cli_master = cli_read_password(_("Master passphrase for the secrets "
	    "store: "));
	if (cli_master == NULL) {
		str_copy(err, errlen, _("the secrets store needs the master "
		    "passphrase, and there is no terminal to ask it on (set "
		    "TIKDECK_MASTER_PASSPHRASE for automation)"));
		return NULL;
	}
	return cli_master;
}

/* Wipe the cached master passphrase. */
void
cli_forget_secrets(void)
{
	secret_free(&cli_master);
}

/* A new secret, typed twice. */
int
cli_read_new_secret(const char *prompt, const char *again, char **out,
    char *err, size_t errlen)
{
	char *a, *b;

	*out = NULL;
	a = cli_read_password(prompt);
	if (a == NULL) {
		str_copy(err, errlen, _("no terminal to ask on"));
		return -1;
	}
	b = cli_read_password(again);
	if (b == NULL || strcmp(a, b) != 0) {
		secret_free(&a);
		secret_free(&b);
		str_copy(err, errlen, _("the two entries differ; nothing was "
		    "changed"));
		return -1;
	}
	secret_free(&b);
	*out = a;
	return 0;
}

/* The password of a router, from the first source that has one. */
int
cli_router_password(const struct router_cfg *r, const char *user,
    const char *host, char **out, char *err, size_t errlen)
{
	int rc = cli_router_password_from(r, 1, out, err, errlen);

	if (rc == 0)
		*out = cli_password(user, host);
	return rc < 0 ? -1 : 0;
}

/* The password from the router's sources; interactive: the master
 * passphrase may be asked.  1 found, 0 none (a prompt would be next),
 * -1 error. */
int
cli_router_password_from(const struct router_cfg *r, int interactive,
    char **out, char *err, size_t errlen)
{
	const char *env = getenv("TIKDECK_PASSWORD");

	*out = NULL;
	if (env != NULL) {
		*out = xstrdup(env);
		return 1;
	}
	if (r != NULL && r->password_cmd != NULL)
		return secrets_run_command(r->password_cmd, r->name, out, err,
		    errlen) == -1 ? -1 : 1;
	if (r != NULL && r->password != NULL) {
		*out = xstrdup(r->password);
		return 1;
	}
	if (r != NULL) {
		char *path = secrets_default_path();

		if (secrets_lists(path, r->name)) {
			const char *master;
			struct secrets *s;
			enum secrets_error why;

			if (!interactive && cli_master == NULL &&
			    getenv("TIKDECK_MASTER_PASSPHRASE") == NULL) {
				free(path);
				return 0;
			}
			master = cli_master_passphrase(0, err, errlen);
			s = master != NULL ? secrets_open(path, master, &why,
			    err, errlen) : NULL;
			free(path);
			if (s == NULL)
				return -1;
			if (secrets_get(s, r->name) != NULL)
				*out = xstrdup(secrets_get(s, r->name));
			secrets_free(&s);
			if (*out != NULL)
				return 1;
		} else {
			/* a store that is not private is refused even
			 * when it does not list this router */
			if (secrets_exists(path) && file_check_private(path,
			    _("secrets store"), err, errlen) == -1) {
				free(path);
				return -1;
			}
			free(path);
		}
	}
	return 0;
}

void
cli_usage(FILE *f)
{
	fprintf(f, _(
"Usage: tikdeck [OPTION]... [ROUTER]\n"
"       tikdeck exec [OPTION]... ROUTER COMMAND [WORD]...\n"
"       tikdeck passwd [-c CONFIG] ROUTER\n"
"       tikdeck trust [OPTION]... ROUTER\n"
"\n"
"A terminal console for MikroTik RouterOS routers (RouterOS API).\n"
"ROUTER is a configured router name or [user@]host[:port].\n"
"\n"
"Batch mode (exec) sends one API command, e.g.\n"
"  tikdeck exec admin@192.0.2.1 /ip/address/print =.proplist=address ?disabled=false\n"
"and prints the reply.  Exit status: 0 done, 1 router error (trap),\n"
"2 usage, 3 connect or login failure, 4 TLS trust failure, 5 timeout.\n"
"\n"
"Connection:\n"
"  -u, --user NAME         user name (default admin)\n"
"  -p, --port PORT         API port (default 8729 with TLS, 8728 with --plain)\n"
"      --tls               use TLS (api-ssl; the default)\n"
"      --plain             use the unencrypted api service\n"
"      --ca FILE           trust the CA certificates in FILE\n"
"      --fingerprint SHA256  trust the certificate with this SHA-256 fingerprint\n"
"      --insecure          do not verify the certificate (dangerous)\n"
"      --adh               certificate-less api-ssl (anonymous DH; no\n"
"                          protection against a man in the middle)\n"
"  -J, --jump [USER@]HOST  tunnel through ssh -W via a jump host\n"
"      --proxy-command CMD connect through CMD (%%h host, %%p port)\n"
"      --timeout SECONDS   connect and request timeout (default 10)\n"
"      --attempts N        connection attempts, 1-10 (default 1)\n"
"      --debug-log FILE    log every sentence (passwords redacted)\n"
"      --charset CS        comment charset: auto, utf-8, cp1252\n"
"\n"
"Batch mode:\n"
"  -o, --output FORMAT     table (default), json, csv or raw\n"
"      --count             print only the number of rows\n"
"\n"
"Console:\n"
"      --demo              run against the built-in simulated router\n"
"  -c, --config FILE       configuration file\n"
"      --theme NAME        colour theme\n"
"      --first-screen SCREEN  the screen after connecting: dashboard\n"
"                          (default), log, or a menu path\n"
"      --ascii             ASCII line drawing\n"
"      --no-color          no colours (also NO_COLOR)\n"
"\n"
"  -h, --help              this help\n"
"      --version           version\n"
"\n"
"passwd stores a router's password in the encrypted secrets store;\n"
"trust shows a router's TLS certificate and pins it (known_routers).\n"
"\n"
"The password comes from TIKDECK_PASSWORD, a password-command, the\n"
"secrets store or a prompt on the terminal, never from the\n"
"command line.\n"));
}
