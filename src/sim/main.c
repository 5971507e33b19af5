/* main.c: tikdeck-sim, the RouterOS API simulator program. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "sim.h"
#include "util.h"

static void usage(FILE *f);
static void on_signal(int sig);
static long opt_num(const char *name, const char *v, long min, long max);
static void raise_fd_limit(void);

static int stop_pipe[2] = { -1, -1 };

enum {
	OPT_API_PORT = 256, OPT_SSL_PORT, OPT_SSL_MODE, OPT_CERT_OUT,
	OPT_PROFILE, OPT_PRESET, OPT_SEED, OPT_FROZEN, OPT_SPEED, OPT_ROUTES,
	OPT_USER, OPT_GROUP, OPT_CHUNK, OPT_LATENCY, OPT_DROP, OPT_GARBAGE,
	OPT_VERSION, OPT_STALL, OPT_NO_CANCEL, OPT_GARBAGE_AFTER, OPT_CONNTRACK,
	OPT_TRACE, OPT_FROZEN_AT
};

static const struct option longopts[] = {
	{ "api-port", required_argument, NULL, OPT_API_PORT },
	{ "api-ssl-port", required_argument, NULL, OPT_SSL_PORT },
	{ "api-ssl-mode", required_argument, NULL, OPT_SSL_MODE },
	{ "cert-out", required_argument, NULL, OPT_CERT_OUT },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "preset", required_argument, NULL, OPT_PRESET },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "frozen", no_argument, NULL, OPT_FROZEN },
	{ "frozen-at", required_argument, NULL, OPT_FROZEN_AT },
	{ "speed", required_argument, NULL, OPT_SPEED },
	{ "routes", required_argument, NULL, OPT_ROUTES },
	{ "user", required_argument, NULL, OPT_USER },
	{ "group", required_argument, NULL, OPT_GROUP },
	{ "chunk", required_argument, NULL, OPT_CHUNK },
	{ "latency", required_argument, NULL, OPT_LATENCY },
	{ "drop-after", required_argument, NULL, OPT_DROP },
	{ "garbage", no_argument, NULL, OPT_GARBAGE },
	{ "garbage-after", required_argument, NULL, OPT_GARBAGE_AFTER },
	{ "stall-after", required_argument, NULL, OPT_STALL },
	{ "no-cancel", no_argument, NULL, OPT_NO_CANCEL },
	{ "conntrack", required_argument, NULL, OPT_CONNTRACK },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* Print the option summary. */
static void
usage(FILE *f)
{
	fputs(
"usage: tikdeck-sim [options]\n"
"A RouterOS API simulator on loopback (see tikdeck-sim(1)).\n"
"\n"
"  --api-port P          plain API listener (0 = a free port; default 8728\n"
"                        when no listener is given)\n"
"  --api-ssl-port P      TLS API listener (0 = a free port)\n"
"  --api-ssl-mode M      cert (self-signed RSA, default) or adh (anonymous DH)\n"
"  --cert-out FILE       write the api-ssl certificate as PEM\n"
"  --profile V           6.42, 6.49, 7.17 or 7.18 (default)\n"
"  --preset P            soho (default) or chr\n"
"  --seed N              seed of all generated data (default 0)\n"
"  --frozen              stop clock-driven movement\n"
"  --frozen-at S         frozen, with the clock S simulated seconds after\n"
"                        start (counters and rates as they would be then)\n"
"  --speed X             run the simulated clock X times faster\n"
"  --routes N            add N generated BGP routes to /ip/route\n"
"  --conntrack N         N generated /ip/firewall/connection entries\n"
"  --user N:P[:G]        add a user (repeatable; group default full)\n"
"  --group N:POLICIES    add a group (repeatable)\n"
"  --chunk N|random      write replies in N-byte (or random) pieces\n"
"  --latency MS          delay every reply by MS milliseconds\n"
"  --drop-after N        close a connection after N reply sentences\n"
"  --garbage             send a reserved byte 0xF8 after login\n"
"  --garbage-after N     send a reserved byte 0xF8 after N reply sentences\n"
"  --stall-after N       stop answering after N reply sentences (socket\n"
"                        stays open)\n"
"  --no-cancel           never answer /cancel (the targets keep running)\n"
"  --trace FILE          write every word in and out to FILE (mode 0600;\n"
"                        passwords redacted)\n"
"  -v, --verbose         log connections (twice: and received words)\n"
"  -h, --help            this text\n"
"      --version         the version\n", f);
}

/* SIGINT / SIGTERM: wake the accept loop. */
static void
on_signal(int sig)
{
	int saved = errno;

	(void)sig;
	if (write(stop_pipe[1], "x", 1) < 0) {
		/* Nothing to do in a handler. */
	}
	errno = saved;
}

/* A numeric option in [min, max], or exit. */
static long
opt_num(const char *name, const char *v, long min, long max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || *end != '\0' || end == v || n < min || n > max) {
		fprintf(stderr, "tikdeck-sim: bad --%s '%s'\n", name, v);
		exit(2);
	}
	return n;
}

/* Hundreds of connections need more than the default 1024 fds. */
static void
raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* Parse options, open the listeners, print them, serve until a signal. */
int
main(int argc, char **argv)
{
	struct sim_opts o;
	struct sim *sim;
	const char **users = NULL, **groups = NULL;
	const char *cert_out = NULL;
	enum sim_ssl_mode mode = SIM_SSL_CERT;
	int api_port = -1, ssl_port = -1, bound, ch, rc;
	char err[256];
	struct sigaction sa;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_API_PORT:
			api_port = (int)opt_num("api-port", optarg, 0, 65535);
			break;
		case OPT_SSL_PORT:
			ssl_port = (int)opt_num("api-ssl-port", optarg, 0,
			    65535);
			break;
		case OPT_SSL_MODE:
			if (strcmp(optarg, "cert") == 0)
				mode = SIM_SSL_CERT;
			else if (strcmp(optarg, "adh") == 0)
				mode = SIM_SSL_ADH;
			else {
				fprintf(stderr, "tikdeck-sim: bad --api-ssl-mode"
				    " '%s' (want cert or adh)\n", optarg);
				return 2;
			}
			break;
		case OPT_CERT_OUT:
			cert_out = optarg;
			break;
		case OPT_PROFILE:
			if (sim_profile_check(optarg) != 0) {
				fprintf(stderr, "tikdeck-sim: unknown profile "
				    "'%s' (want 6.42, 6.49, 7.17 or 7.18)\n",
				    optarg);
				return 2;
			}
			o.profile = optarg;
			break;
		case OPT_PRESET:
			o.preset = optarg;
			break;
		case OPT_SEED:
			o.seed = strtoull(optarg, NULL, 0);
			break;
		case OPT_FROZEN:
			o.frozen = 1;
			break;
		case OPT_FROZEN_AT:
			o.frozen = 1;
			o.frozen_at = (double)opt_num("frozen-at", optarg, 0,
			    1L << 30);
			break;
		case OPT_TRACE:
			o.trace = optarg;
			break;
		case OPT_SPEED:
			o.speed = strtod(optarg, NULL);
			if (o.speed <= 0) {
				fprintf(stderr, "tikdeck-sim: bad --speed "
				    "'%s'\n", optarg);
				return 2;
			}
			break;
		case OPT_ROUTES:
			o.routes = strtoull(optarg, NULL, 10);
			break;
		case OPT_USER:
			users = xreallocarray(users, o.nusers + 1,
			    sizeof *users);
			users[o.nusers++] = optarg;
			break;
		case OPT_GROUP:
			groups = xreallocarray(groups, o.ngroups + 1,
			    sizeof *groups);
			groups[o.ngroups++] = optarg;
			break;
		case OPT_CHUNK:
			if (strcmp(optarg, "random") == 0)
				o.chunk_random = 1;
			else
				o.chunk = (size_t)opt_num("chunk", optarg, 1,
				    1 << 30);
			break;
		case OPT_GARBAGE_AFTER:
			o.garbage_after = (uint64_t)opt_num("garbage-after",
			    optarg, 1, 1L << 30);
			break;
		case OPT_STALL:
			o.stall_after = (uint64_t)opt_num("stall-after",
			    optarg, 1, 1L << 30);
			break;
		case OPT_NO_CANCEL:
			o.no_cancel = 1;
			break;
		case OPT_CONNTRACK:
			o.conntrack = strtoull(optarg, NULL, 10);
			break;
		case OPT_LATENCY:
			o.latency_ms = (int)opt_num("latency", optarg, 0,
			    600000);
			break;
		case OPT_DROP:
			o.drop_after = (uint64_t)opt_num("drop-after", optarg,
			    1, 1L << 30);
			break;
		case OPT_GARBAGE:
			o.garbage = 1;
			break;
		case 'v':
			o.verbose++;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case OPT_VERSION:
			printf("tikdeck-sim %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return 2;
	}
	o.users = users;
	o.groups = groups;
	if (api_port < 0 && ssl_port < 0)
		api_port = 8728;
	raise_fd_limit();
	signal(SIGPIPE, SIG_IGN);
	if (pipe(stop_pipe) != 0) {
		perror("tikdeck-sim: pipe");
		return 1;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	sim = sim_new(&o, err, sizeof err);
	if (sim == NULL) {
		fprintf(stderr, "tikdeck-sim: %s\n", err);
		return 2;
	}
	rc = 0;
	if (api_port >= 0) {
		if (sim_listen(sim, 0, SIM_SSL_CERT, api_port, &bound, err,
		    sizeof err) != 0) {
			fprintf(stderr, "tikdeck-sim: api: %s\n", err);
			rc = 1;
			goto out;
		}
		api_port = bound;
	}
	if (ssl_port >= 0) {
		if (sim_listen(sim, 1, mode, ssl_port, &bound, err,
		    sizeof err) != 0) {
			fprintf(stderr, "tikdeck-sim: api-ssl: %s\n", err);
			rc = 1;
			goto out;
		}
		ssl_port = bound;
	}
	if (cert_out != NULL && sim_write_cert(sim, cert_out) != 0) {
		fprintf(stderr, "tikdeck-sim: cannot write the certificate to "
		    "%s (it needs --api-ssl-port in cert mode)\n", cert_out);
		rc = 1;
		goto out;
	}
	if (api_port >= 0)
		printf("api 127.0.0.1:%d\n", api_port);
	if (ssl_port >= 0)
		printf("api-ssl 127.0.0.1:%d\n", ssl_port);
	fflush(stdout);
	if (sim_run(sim, stop_pipe[0]) != 0)
		rc = 1;
out:
	sim_free(&sim);
	free(users);
	free(groups);
	return rc;
}
