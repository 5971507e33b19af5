/*
 * sched.c: the /system/scheduler runner.
 *
 * A thread looks at the scheduler table every 100 ms.  Each enabled entry
 * gets a due time when it is first seen or when its start-date, start-time
 * or interval change:
 *   - start-time=startup (the default): entries present at (re)boot run
 *     3 s after it, then every interval; entries added later first run
 *     one interval after they were added;
 *   - a start-date/start-time: that moment of the router clock (even when it
 *     is --frozen, the distance from the clock now is what counts), then
 *     every interval; a moment in the past with an interval runs at the next
 *     multiple, without one never;
 * A due entry's on-event (the name of a /system/script, or script source)
 * runs through script_run() as the entry's owner; run-count, last-started
 * and next-run are updated.  --frozen does not stop the scheduler.
 */
#include "config.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "simint.h"

#define SCHED_TICK_MS	100
#define STARTUP_DELAY	3000

struct sched_due {
	uint32_t	 id;
	char		*sig;		/* start-date|start-time|interval */
	int64_t		 due;		/* monotonic ms; -1: never */
	int64_t		 period;	/* ms; 0: once */
	int		 seen;
};

static void *sched_main(void *arg);
static void sched_scan(struct sim *sim);
static void sched_plan(struct sim *sim, int booting);
static int64_t sched_first(struct sim *sim, const struct srow *r,
    int64_t period, int booting);
static int64_t parse_when(struct sim *sim, const char *date,
    const char *tod);
static struct sched_due *due_find(struct sim *sim, uint32_t id);
static void sched_fire(struct sim *sim, uint32_t id);

/* The router wall time (s) of date + time of day, or -1. */
static int64_t
parse_when(struct sim *sim, const char *date, const char *tod)
{
	static const char *const mon[] = { "jan", "feb", "mar", "apr", "may",
	    "jun", "jul", "aug", "sep", "oct", "nov", "dec" };
	struct tm tm;
	unsigned y, m, d, hh, mm, ss;
	char ms[4];
	time_t now;
	size_t i;

	if (tod == NULL || sscanf(tod, "%u:%u:%u", &hh, &mm, &ss) != 3)
		return -1;
	memset(&tm, 0, sizeof tm);
	if (date != NULL && sscanf(date, "%u-%u-%u", &y, &m, &d) == 3) {
		tm.tm_year = (int)y - 1900;
		tm.tm_mon = (int)m - 1;
		tm.tm_mday = (int)d;
	} else if (date != NULL && sscanf(date, "%3s/%u/%u", ms, &d, &y) ==
	    3) {
		for (i = 0; i < 12; i++)
			if (strncasecmp(ms, mon[i], 3) == 0)
				tm.tm_mon = (int)i;
		tm.tm_year = (int)y - 1900;
		tm.tm_mday = (int)d;
	} else {
		now = (time_t)motion_wall(sim);
		gmtime_r(&now, &tm);
	}
	tm.tm_hour = (int)hh;
	tm.tm_min = (int)mm;
	tm.tm_sec = (int)ss;
	return (int64_t)timegm(&tm);
}

/* When an entry first runs (monotonic ms), or -1. */
static int64_t
sched_first(struct sim *sim, const struct srow *r, int64_t period,
    int booting)
{
	const char *st = row_get(r, "start-time");
	int64_t now = now_ms(), at, wall, delta;

	if (st == NULL || strcmp(st, "startup") == 0) {
		/* Entries there at boot run then; ones added later first
		 * run an interval from now. */
		if (booting)
			return sim->start_ms + STARTUP_DELAY;
		return period > 0 ? now + period : -1;
	}
	at = parse_when(sim, row_get(r, "start-date"), st);
	if (at < 0)
		return -1;
	wall = motion_wall(sim);
	delta = (at - wall) * 1000;
	if (delta >= 0)
		return now + (int64_t)((double)delta / sim->speed);
	if (period <= 0)
		return -1;
	delta = -delta % period;
	return now + (period - delta);
}

/* The due record of an entry, created on demand. */
static struct sched_due *
due_find(struct sim *sim, uint32_t id)
{
	size_t i;

	for (i = 0; i < sim->ndue; i++)
		if (sim->due[i].id == id)
			return &sim->due[i];
	sim->due = xreallocarray(sim->due, sim->ndue + 1, sizeof *sim->due);
	memset(&sim->due[sim->ndue], 0, sizeof *sim->due);
	sim->due[sim->ndue].id = id;
	sim->due[sim->ndue].due = -1;
	return &sim->due[sim->ndue++];
}

/* Run one entry's on-event (no lock held). */
static void
sched_fire(struct sim *sim, uint32_t id)
{
	struct stable *t;
	struct srow *r, *sr;
	char *src = NULL, *owner = NULL, *name = NULL, err[256], when[48];
	const char *ev, *rc;
	struct buf out;

	pthread_rwlock_wrlock(&sim->db);
	t = sim_table(sim, "/system/scheduler");
	r = t != NULL ? table_find_id(t, id) : NULL;
	if (r != NULL) {
		ev = row_get(r, "on-event");
		sr = ev != NULL ? table_find_name(sim_table(sim,
		    "/system/script"), ev) : NULL;
		src = xstrdup(sr != NULL ? (row_get(sr, "source") != NULL ?
		    row_get(sr, "source") : "") : ev != NULL ? ev : "");
		owner = xstrdup(row_get(r, "owner") != NULL ?
		    row_get(r, "owner") : "admin");
		name = xstrdup(row_get(r, "name") != NULL ? row_get(r, "name") :
		    "");
		rc = row_get(r, "run-count");
		row_setf(r, "run-count", "%llu", (unsigned long long)
		    (rc != NULL ? strtoull(rc, NULL, 10) + 1 : 1));
		motion_fmt_datetime(sim, motion_wall(sim), when, sizeof when);
		row_sets(r, "last-started", when);
		sim_changed(sim, (int)(t->m - sim_menus), r->id, 0);
	}
	pthread_rwlock_unlock(&sim->db);
	if (src == NULL)
		return;
	buf_init(&out);
	if (script_run(sim, owner, "full", src, &out, err, sizeof err) != 0) {
		pthread_rwlock_wrlock(&sim->db);
		motion_log(sim, "system,error", "error while running "
		    "scheduled script %s: %s", name, err);
		pthread_rwlock_unlock(&sim->db);
	}
	if (sim->o.verbose)
		fprintf(stderr, "tikdeck-sim: scheduler: ran %s\n", name);
	buf_free(&out);
	free(src);
	free(owner);
	free(name);
}

/* Plan every entry whose timing changed (db write lock held); booting:
 * the router just (re)started, so startup entries run. */
static void
sched_plan(struct sim *sim, int booting)
{
	struct stable *t = sim_table(sim, "/system/scheduler");
	size_t i, j;

	for (i = 0; i < sim->ndue; i++)
		sim->due[i].seen = 0;
	for (i = 0; t != NULL && i < t->n; i++) {
		struct srow *r = t->rows[i];
		const char *dis = row_get(r, "disabled");
		const char *iv = row_get(r, "interval");
		struct sched_due *d = due_find(sim, r->id);
		char *sig = xasprintf("%s|%s|%s|%s", row_get(r, "start-date") ?
		    row_get(r, "start-date") : "", row_get(r, "start-time") ?
		    row_get(r, "start-time") : "", iv != NULL ? iv : "",
		    dis != NULL ? dis : "");

		d->seen = 1;
		if (d->sig != NULL && strcmp(d->sig, sig) == 0) {
			free(sig);
			continue;
		}
		free(d->sig);
		d->sig = sig;
		d->period = (int64_t)((double)parse_duration_ms(iv, 0) /
		    sim->speed);
		if (iv == NULL || strcmp(iv, "0s") == 0 ||
		    strcmp(iv, "00:00:00") == 0)
			d->period = 0;
		d->due = dis != NULL && strcmp(dis, "true") == 0 ? -1 :
		    sched_first(sim, r, d->period, booting);
	}
	for (i = j = 0; i < sim->ndue; i++) {
		if (sim->due[i].seen)
			sim->due[j++] = sim->due[i];
		else
			free(sim->due[i].sig);
	}
	sim->ndue = j;
}

/* Find due entries and run them. */
static void
sched_scan(struct sim *sim)
{
	uint32_t *fire = NULL;
	size_t nfire = 0, i;
	int64_t now = now_ms();

	pthread_rwlock_wrlock(&sim->db);
	sched_plan(sim, 0);
	for (i = 0; i < sim->ndue; i++) {
		struct sched_due *d = &sim->due[i];

		if (d->due < 0 || d->due > now)
			continue;
		fire = xreallocarray(fire, nfire + 1, sizeof *fire);
		fire[nfire++] = d->id;
		d->due = d->period > 0 ? d->due + d->period : -1;
		if (d->due >= 0 && d->due < now)
			d->due = now + d->period;
	}
	pthread_rwlock_unlock(&sim->db);
	for (i = 0; i < nfire; i++)
		sched_fire(sim, fire[i]);
	free(fire);
}

/* Scheduler thread. */
static void *
sched_main(void *arg)
{
	struct sim *sim = arg;

	for (;;) {
		struct pollfd p;

		p.fd = sim->sched_pipe[0];
		p.events = POLLIN;
		if (poll(&p, 1, SCHED_TICK_MS) != 0)
			break;
		sched_scan(sim);
	}
	return NULL;
}

/* Start the scheduler. */
void
sched_start(struct sim *sim)
{
	pthread_rwlock_wrlock(&sim->db);
	sched_plan(sim, 1);
	pthread_rwlock_unlock(&sim->db);
	if (pipe(sim->sched_pipe) != 0)
		return;
	if (pthread_create(&sim->sched, NULL, sched_main, sim) != 0) {
		close(sim->sched_pipe[0]);
		close(sim->sched_pipe[1]);
		return;
	}
	sim->sched_on = 1;
}

/* Stop the scheduler and forget the due times. */
void
sched_stop(struct sim *sim)
{
	size_t i;

	if (sim->sched_on) {
		if (write(sim->sched_pipe[1], "x", 1) < 0) {
			/* The thread notices on its next tick. */
		}
		pthread_join(sim->sched, NULL);
		close(sim->sched_pipe[0]);
		close(sim->sched_pipe[1]);
		sim->sched_on = 0;
	}
	for (i = 0; i < sim->ndue; i++)
		free(sim->due[i].sig);
	free(sim->due);
	sim->due = NULL;
	sim->ndue = 0;
}

/* After a reboot every entry is planned again, startup ones run (db write
 * lock held). */
void
sched_reboot(struct sim *sim)
{
	size_t i;

	for (i = 0; i < sim->ndue; i++) {
		free(sim->due[i].sig);
		sim->due[i].sig = NULL;
	}
	sched_plan(sim, 1);
}
