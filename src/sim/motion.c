/*
 * motion.c: the simulated clock and everything that moves with it:
 * interface counters and rates, firewall counters, new log lines.
 * All of it is a pure function of the seed and the elapsed simulated time,
 * so --seed gives the same numbers on every run and --frozen stops them.
 */
#include "config.h"

#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "simint.h"

#define LOG_MAX		1000
#define TWO_PI		6.283185307179586

static void *motion_main(void *arg);
static void motion_random_line(struct sim *sim, uint64_t n);
static double motion_unit(uint64_t h);
static double motion_cos(double x);
static double motion_sin(double x);

static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};

/* Seconds of simulated time since start (frozen: --frozen-at or 0). */
double
motion_elapsed(const struct sim *sim)
{
	if (sim->o.frozen)
		return sim->o.frozen_at > 0 ? sim->o.frozen_at : 0;
	return (double)(now_ms() - sim->start_ms) / 1000.0 * sim->speed;
}

/* The router's wall clock. */
int64_t
motion_wall(const struct sim *sim)
{
	return sim->boot_wall + (int64_t)motion_elapsed(sim);
}

/* "2024-01-15 10:20:30" from 7.10, "jan/15/2024 10:20:30" before. */
void
motion_fmt_datetime(const struct sim *sim, int64_t t, char *out, size_t len)
{
	char d[32], h[16];

	motion_fmt_date(sim, t, d, sizeof d);
	motion_fmt_time(t, h, sizeof h);
	snprintf(out, len, "%s %s", d, h);
}

/* A date in the profile's format. */
void
motion_fmt_date(const struct sim *sim, int64_t t, char *out, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	if (sim->prof >= PROF_717)
		snprintf(out, len, "%04d-%02d-%02d", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday);
	else
		snprintf(out, len, "%s/%02d/%04d", months[tm.tm_mon],
		    tm.tm_mday, tm.tm_year + 1900);
}

/* "10:20:30". */
void
motion_fmt_time(int64_t t, char *out, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	snprintf(out, len, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* A RouterOS duration: "2w1d23h34m57s", "0s". */
void
motion_fmt_duration(int64_t s, char *out, size_t len)
{
	static const struct {
		int64_t	 secs;
		char	 unit;
	} parts[] = {
		{ 604800, 'w' }, { 86400, 'd' }, { 3600, 'h' }, { 60, 'm' },
		{ 1, 's' }
	};
	size_t i, used = 0;

	if (len == 0)
		return;
	out[0] = '\0';
	if (s <= 0) {
		snprintf(out, len, "0s");
		return;
	}
	for (i = 0; i < TD_ARRAY_LEN(parts) && used < len; i++) {
		int64_t n = s / parts[i].secs;

		if (n == 0)
			continue;
		s -= n * parts[i].secs;
		used += (size_t)snprintf(out + used, len - used, "%lld%c",
		    (long long)n, parts[i].unit);
	}
}

/* splitmix64 over the seed and two values. */
uint64_t
motion_hash(uint64_t seed, uint64_t a, uint64_t b)
{
	uint64_t z = seed ^ (a * 0x9E3779B97F4A7C15ull) ^
	    (b * 0xC2B2AE3D27D4EB4Full);

	z += 0x9E3779B97F4A7C15ull;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* A hash mapped to [0, 1). */
static double
motion_unit(uint64_t h)
{
	return (double)(h >> 11) / 9007199254740992.0;
}

/* Cosine by range reduction and a Taylor polynomial (no libm needed). */
static double
motion_cos(double x)
{
	double x2, r;
	int64_t k;

	if (x < 0)
		x = -x;
	k = (int64_t)(x / TWO_PI);
	x -= (double)k * TWO_PI;
	if (x > TWO_PI / 2)
		x = TWO_PI - x;
	x2 = x * x;
	r = 1 - x2 / 2 * (1 - x2 / 12 * (1 - x2 / 30 * (1 - x2 / 56 *
	    (1 - x2 / 90 * (1 - x2 / 132 * (1 - x2 / 182))))));
	return r;
}

/* Sine through the cosine. */
static double
motion_sin(double x)
{
	return motion_cos(x - TWO_PI / 4);
}

/* Current rate of interface idx: a slow wave around a seeded base. */
void
motion_iface_rate(const struct sim *sim, uint32_t idx, int tx, double *bps,
    double *pps)
{
	uint64_t h = motion_hash(sim->seed, idx, (uint64_t)tx + 7);
	double base = 20000 + motion_unit(h) * 3000000;
	double period = 60 + motion_unit(h >> 7) * 240;
	double phase = motion_unit(h >> 13) * TWO_PI;
	double t = motion_elapsed(sim);
	double r = base * (1 + 0.6 * motion_sin(TWO_PI * t / period + phase));

	/* A little deterministic jitter per second. */
	r *= 0.95 + 0.1 * motion_unit(motion_hash(sim->seed, idx * 2 + tx,
	    (uint64_t)t));
	*bps = r * 8;
	*pps = r / (tx ? 420.0 : 910.0);
}

/* Monotonic counter of interface idx: the integral of the wave. */
uint64_t
motion_iface_counter(const struct sim *sim, uint32_t idx, int tx, int packets)
{
	uint64_t h = motion_hash(sim->seed, idx, (uint64_t)tx + 7);
	double base = 20000 + motion_unit(h) * 3000000;
	double period = 60 + motion_unit(h >> 7) * 240;
	double phase = motion_unit(h >> 13) * TWO_PI;
	double t = motion_elapsed(sim);
	double start = 4.0e9 + motion_unit(h >> 21) * 9.0e10;
	double v = start + base * t - 0.6 * base * period / TWO_PI *
	    (motion_cos(TWO_PI * t / period + phase) - motion_cos(phase));

	if (packets)
		v /= tx ? 420.0 : 910.0;
	return (uint64_t)v;
}

/* Append a log line; the caller holds the db write lock. */
void
motion_log(struct sim *sim, const char *topics, const char *fmt, ...)
{
	struct stable *t = sim_table(sim, "/log");
	struct srow *r;
	char when[48];
	va_list ap;
	char *msg;

	if (t == NULL)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	motion_fmt_datetime(sim, motion_wall(sim), when, sizeof when);
	r = row_new(t->next_id++);
	row_sets(r, "time", when);
	row_sets(r, "topics", topics);
	row_sets(r, "message", msg);
	free(msg);
	table_insert_at(t, t->n, r);
	while (t->n > LOG_MAX) {
		row_free(t->rows[0]);
		table_remove_at(t, 0);
	}
	sim_changed(sim, (int)(t->m - sim_menus), r->id, 0);
}

/* One plausible log line, chosen by n. */
static void
motion_random_line(struct sim *sim, uint64_t n)
{
	uint64_t h = motion_hash(sim->seed, n, 0x106);
	unsigned a = (unsigned)(h % 200) + 20, b = (unsigned)(h >> 8) % 250;
	unsigned port = 1024 + (unsigned)((h >> 16) % 60000);

	switch (h % 9) {
	case 0:
		motion_log(sim, "dhcp,info",
		    "dhcp-lan assigned 192.168.88.%u for 3C:22:FB:%02X:%02X:%02X"
		    " iPhone-von-Anna", a, (unsigned)(h >> 24) & 0xFF,
		    (unsigned)(h >> 32) & 0xFF, (unsigned)(h >> 40) & 0xFF);
		break;
	case 1:
		motion_log(sim, "dhcp,info",
		    "dhcp-lan deassigned 192.168.88.%u for 3C:22:FB:%02X:%02X:"
		    "%02X", a, (unsigned)(h >> 24) & 0xFF,
		    (unsigned)(h >> 32) & 0xFF, (unsigned)(h >> 40) & 0xFF);
		break;
	case 2:
	case 3:
		motion_log(sim, "firewall,info",
		    "input: in:ether1 out:(unknown 0), connection-state:new "
		    "src-mac 00:0c:42:1f:%02x:%02x, proto TCP (SYN), "
		    "185.220.%u.%u:%u->198.51.100.23:22, len 60",
		    (unsigned)(h >> 24) & 0xFF, (unsigned)(h >> 32) & 0xFF,
		    a, b, port);
		break;
	case 4:
		motion_log(sim, "system,error,critical",
		    "login failure for user admin from 45.134.%u.%u via ssh",
		    a, b);
		break;
	case 5:
		motion_log(sim, "system,info,account",
		    "user admin logged in from 192.168.88.%u via winbox", a);
		break;
	case 6:
		motion_log(sim, "system,info,account",
		    "user admin logged out from 192.168.88.%u via winbox", a);
		break;
	case 7:
		motion_log(sim, "interface,info", "ether4 link %s",
		    (h >> 20) & 1 ? "up (speed 1G, full duplex)" : "down");
		break;
	default:
		motion_log(sim, "dns,error",
		    "query from 192.168.88.%u: #%u tracker.example.net. A: "
		    "server failure", a, port);
		break;
	}
}

/* Log generator thread: a new line every few simulated seconds. */
static void *
motion_main(void *arg)
{
	struct sim *sim = arg;
	uint64_t n = 0;

	for (;;) {
		struct pollfd p;
		int wait = 2000 + (int)(motion_hash(sim->seed, n, 0x77) %
		    7000);

		wait = (int)(wait / sim->speed);
		if (wait < 10)
			wait = 10;
		p.fd = sim->motion_pipe[0];
		p.events = POLLIN;
		if (poll(&p, 1, wait) != 0)
			break;
		pthread_rwlock_wrlock(&sim->db);
		motion_random_line(sim, n++);
		pthread_rwlock_unlock(&sim->db);
	}
	return NULL;
}

/* Start the log generator unless frozen. */
void
motion_start(struct sim *sim)
{
	if (sim->o.frozen)
		return;
	if (pipe(sim->motion_pipe) != 0)
		return;
	if (pthread_create(&sim->motion, NULL, motion_main, sim) != 0) {
		close(sim->motion_pipe[0]);
		close(sim->motion_pipe[1]);
		return;
	}
	sim->motion_on = 1;
}

/* Stop the log generator. */
void
motion_stop(struct sim *sim)
{
	if (!sim->motion_on)
		return;
	if (write(sim->motion_pipe[1], "x", 1) < 0) {
		/* The thread then notices on its next timeout. */
	}
	pthread_join(sim->motion, NULL);
	close(sim->motion_pipe[0]);
	close(sim->motion_pipe[1]);
	sim->motion_on = 0;
}
