/* logring.c: the log pane's bounded ring, filters, pause and dedupe. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "i18n.h"
#include "logring.h"
#include "units.h"
#include "util.h"

struct logring {
	struct logline	*ring;
	size_t		 cap;
	size_t		 head;		/* slot of the oldest line */
	size_t		 count;
	uint64_t	 next_seq;
	uint64_t	 dropped;
	uint64_t	 dups;
	/* .id -> slot, chained through chain[] (slot + 1, 0 ends) */
	uint32_t	*bucket;
	uint32_t	 nbucket;	/* a power of two */
	uint32_t	*chain;
	/* the view: sequence numbers, a ring of cap */
	uint64_t	*view;
	size_t		 vhead;
	size_t		 vcount;
	uint64_t	 gen;
	/* filters */
	char		**inc;
	size_t		 ninc;
	char		**exc;
	size_t		 nexc;
	enum log_sev	 minsev;
	char		*search;
	int		 paused;
	uint64_t	 pause_seq;	/* the newest line shown at pause */
	int		 year, month, day;
};

static uint32_t logring_hash(const char *s);
static size_t logring_slot(const struct logring *lr, uint64_t seq);
static void logring_unhash(struct logring *lr, size_t slot);
static void logring_drop_oldest(struct logring *lr);
static void logring_view_push(struct logring *lr, uint64_t seq);
static void logring_rebuild(struct logring *lr);
static void logring_free_list(char ***v, size_t *n);
static int logring_has_topic(const char *topics, char *const *set,
    size_t n);
static int logring_icontains(const char *h, const char *n);
static int logring_month(const char *s);
static int64_t logring_days(int y, int m, int d);
static int logring_add_urow(struct logring *lr, const struct units_row *r);

/* FNV-1a. */
static uint32_t
logring_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

struct logring *
logring_new(size_t cap)
{
	struct logring *lr = xcalloc(1, sizeof *lr);
	time_t now = time(NULL);
	struct tm tm;

	if (cap == 0)
		cap = LOGRING_DEFAULT;
	lr->cap = cap;
	lr->ring = xcalloc(cap, sizeof *lr->ring);
	lr->view = xcalloc(cap, sizeof *lr->view);
	lr->chain = xcalloc(cap, sizeof *lr->chain);
	lr->nbucket = 16;
	while (lr->nbucket < cap * 2 && lr->nbucket < (1u << 30))
		lr->nbucket <<= 1;
	lr->bucket = xcalloc(lr->nbucket, sizeof *lr->bucket);
	lr->next_seq = 1;
	lr->minsev = LOGSEV_DEBUG;
	if (localtime_r(&now, &tm) != NULL)
		logring_set_today(lr, tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday);
	return lr;
}

void
logring_free(struct logring **plr)
{
	struct logring *lr = *plr;

	if (lr == NULL)
		return;
	logring_clear(lr);
	logring_free_list(&lr->inc, &lr->ninc);
	logring_free_list(&lr->exc, &lr->nexc);
	free(lr->search);
	free(lr->ring);
	free(lr->view);
	free(lr->chain);
	free(lr->bucket);
	free(lr);
	*plr = NULL;
}

void
logring_clear(struct logring *lr)
{
	while (lr->count > 0)
		logring_drop_oldest(lr);
	lr->dropped = 0;
	lr->dups = 0;
	lr->head = 0;
	lr->vhead = 0;
	lr->vcount = 0;
	lr->pause_seq = lr->next_seq - 1;
	lr->gen++;
}

size_t
logring_capacity(const struct logring *lr)
{
	return lr->cap;
}

size_t
logring_count(const struct logring *lr)
{
	return lr->count;
}

uint64_t
logring_dropped(const struct logring *lr)
{
	return lr->dropped;
}

uint64_t
logring_duplicates(const struct logring *lr)
{
	return lr->dups;
}

const struct logline *
logring_get(const struct logring *lr, size_t i)
{
	if (i >= lr->count)
		return NULL;
	return &lr->ring[(lr->head + i) % lr->cap];
}

/* Slot of a line in the ring (the caller knows it is there). */
static size_t
logring_slot(const struct logring *lr, uint64_t seq)
{
	uint64_t oldest = lr->next_seq - lr->count;

	return (lr->head + (size_t)(seq - oldest)) % lr->cap;
}

/* Unlink a slot from the .id hash. */
static void
logring_unhash(struct logring *lr, size_t slot)
{
	const struct logline *l = &lr->ring[slot];
	uint32_t *pp;

	if (l->id == NULL || *l->id == '\0')
		return;
	pp = &lr->bucket[logring_hash(l->id) & (lr->nbucket - 1)];
	while (*pp != 0) {
		if (*pp - 1 == slot) {
			*pp = lr->chain[slot];
			lr->chain[slot] = 0;
			return;
		}
		pp = &lr->chain[*pp - 1];
	}
}

/* Drop the oldest line (from the view too). */
static void
logring_drop_oldest(struct logring *lr)
{
	uint64_t seq = lr->next_seq - lr->count;
	struct logline *l = &lr->ring[lr->head];

	logring_unhash(lr, lr->head);
	free(l->id);
	free(l->time);
	free(l->topics);
	free(l->message);
	memset(l, 0, sizeof *l);
	if (lr->vcount > 0 && lr->view[lr->vhead] == seq) {
		lr->vhead = (lr->vhead + 1) % lr->cap;
		lr->vcount--;
	}
	lr->head = (lr->head + 1) % lr->cap;
	lr->count--;
}

static void
logring_view_push(struct logring *lr, uint64_t seq)
{
	lr->view[(lr->vhead + lr->vcount) % lr->cap] = seq;
	lr->vcount++;
}

/* The view from scratch. */
static void
logring_rebuild(struct logring *lr)
{
	size_t i;

	lr->vhead = 0;
	lr->vcount = 0;
	for (i = 0; i < lr->count; i++) {
		const struct logline *l = &lr->ring[(lr->head + i) % lr->cap];

		if (lr->paused && l->seq > lr->pause_seq)
			break;
		if (logring_match(lr, l))
			logring_view_push(lr, l->seq);
	}
	lr->gen++;
}

int
logring_add(struct logring *lr, const char *id, const char *time,
    const char *topics, const char *message)
{
	struct logline *l;
	size_t slot;
	uint32_t h = 0, s;

	if (id == NULL)
		id = "";
	if (time == NULL)
		time = "";
	if (topics == NULL)
		topics = "";
	if (message == NULL)
		message = "";
	if (*id != '\0') {
		h = logring_hash(id) & (lr->nbucket - 1);
		for (s = lr->bucket[h]; s != 0; s = lr->chain[s - 1]) {
			const struct logline *o = &lr->ring[s - 1];

			if (strcmp(o->id, id) == 0 &&
			    strcmp(o->time, time) == 0 &&
			    strcmp(o->message, message) == 0) {
				lr->dups++;
				return 0;
			}
		}
	}
	if (lr->count == lr->cap) {
		logring_drop_oldest(lr);
		lr->dropped++;
	}
	slot = (lr->head + lr->count) % lr->cap;
	l = &lr->ring[slot];
	l->seq = lr->next_seq++;
	l->id = xstrdup(id);
	l->time = xstrdup(time);
	l->topics = xstrdup(topics);
	l->message = xstrdup(message);
	l->key = logring_time_key(lr, time);
	l->sev = logring_severity(topics);
	lr->count++;
	if (*id != '\0') {
		lr->chain[slot] = lr->bucket[h];
		lr->bucket[h] = (uint32_t)slot + 1;
	}
	if (!lr->paused && logring_match(lr, l))
		logring_view_push(lr, l->seq);
	return 1;
}

/* A row through the field reader; rows of removed lines are ignored. */
static int
logring_add_urow(struct logring *lr, const struct units_row *r)
{
	static const char *const names[] = {
		".id", "time", "topics", "message"
	};
	char *v[4];
	struct tword w;
	size_t k;
	int ret;

	if (units_row_has(r, ".dead"))
		return 0;
	for (k = 0; k < 4; k++)
		v[k] = units_row_get(r, names[k], &w) ?
		    xstrndup(w.p, w.len) : NULL;
	ret = logring_add(lr, v[0], v[1], v[2], v[3]);
	for (k = 0; k < 4; k++)
		free(v[k]);
	return ret;
}

int
logring_add_row(struct logring *lr, const struct rowstore *rs, size_t i)
{
	struct units_row r;

	units_row_store(&r, rs, i);
	return logring_add_urow(lr, &r);
}

int
logring_add_kv(struct logring *lr, const char *const *kv)
{
	struct units_row r;

	units_row_kv(&r, kv);
	return logring_add_urow(lr, &r);
}

void
logring_set_today(struct logring *lr, int year, int month, int day)
{
	lr->year = year;
	lr->month = month;
	lr->day = day;
}

/* "jan".."dec" (any case) -> 1..12, or 0. */
static int
logring_month(const char *s)
{
	static const char *const names[] = {
		"jan", "feb", "mar", "apr", "may", "jun",
		"jul", "aug", "sep", "oct", "nov", "dec"
	};
	size_t i;

	for (i = 0; i < TD_ARRAY_LEN(names); i++)
		if (strncasecmp(s, names[i], 3) == 0)
			return (int)i + 1;
	return 0;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t
logring_days(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t
logring_time_key(const struct logring *lr, const char *time)
{
	int y = lr->year, mo = lr->month, d = lr->day, h, mi, s, end = -1;
	char mon[4];

	if (time == NULL || *time == '\0')
		return -1;
	if (sscanf(time, "%4d-%2d-%2d %2d:%2d:%2d%n", &y, &mo, &d, &h, &mi,
	    &s, &end) == 6 && end == (int)strlen(time)) {
		/* 7.x */
	} else if (end = -1, sscanf(time, "%3[A-Za-z]/%2d/%4d %2d:%2d:%2d%n",
	    mon, &d, &y, &h, &mi, &s, &end) == 6 &&
	    end == (int)strlen(time)) {
		mo = logring_month(mon);
	} else if (end = -1, sscanf(time, "%3[A-Za-z]/%2d %2d:%2d:%2d%n",
	    mon, &d, &h, &mi, &s, &end) == 5 && end == (int)strlen(time)) {
		mo = logring_month(mon);
		y = lr->year;
	} else if (end = -1, sscanf(time, "%2d:%2d:%2d%n", &h, &mi, &s,
	    &end) == 3 && end == (int)strlen(time)) {
		y = lr->year;	/* today */
		mo = lr->month;
		d = lr->day;
	} else
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 ||
	    mi < 0 || mi > 59 || s < 0 || s > 60)
		return -1;
	return logring_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

enum log_sev
logring_severity(const char *topics)
{
	static const struct {
		const char	*name;
		enum log_sev	 sev;
	} map[] = {
		{ "critical", LOGSEV_CRITICAL },
		{ "error", LOGSEV_ERROR },
		{ "warning", LOGSEV_WARNING },
		{ "info", LOGSEV_INFO },
		{ "debug", LOGSEV_DEBUG },
	};
	enum log_sev best = LOGSEV_DEBUG;
	int found = 0;
	const char *p = topics;

	while (p != NULL && *p != '\0') {
		const char *e = strchr(p, ',');
		size_t n = e != NULL ? (size_t)(e - p) : strlen(p), k;

		for (k = 0; k < TD_ARRAY_LEN(map); k++) {
			if (strlen(map[k].name) == n &&
			    strncasecmp(p, map[k].name, n) == 0 &&
			    (!found || map[k].sev > best)) {
				best = map[k].sev;
				found = 1;
			}
		}
		p = e != NULL ? e + 1 : NULL;
	}
	return found ? best : LOGSEV_INFO;
}

const char *
logring_sev_name(enum log_sev sev)
{
	switch (sev) {
	case LOGSEV_DEBUG:
		return _("debug");
	case LOGSEV_INFO:
		return _("info");
	case LOGSEV_WARNING:
		return _("warning");
	case LOGSEV_ERROR:
		return _("error");
	case LOGSEV_CRITICAL:
		return _("critical");
	}
	return _("info");
}

static void
logring_free_list(char ***v, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++)
		free((*v)[i]);
	free(*v);
	*v = NULL;
	*n = 0;
}

void
logring_set_topics(struct logring *lr, const char *spec)
{
	const char *p = spec;

	logring_free_list(&lr->inc, &lr->ninc);
	logring_free_list(&lr->exc, &lr->nexc);
	while (p != NULL && *p != '\0') {
		const char *e = strchr(p, ',');
		size_t n = e != NULL ? (size_t)(e - p) : strlen(p);
		int ex = 0;

		while (n > 0 && isspace((unsigned char)*p)) {
			p++;
			n--;
		}
		if (n > 0 && (*p == '!' || *p == '-')) {
			ex = 1;
			p++;
			n--;
		}
		while (n > 0 && isspace((unsigned char)p[n - 1]))
			n--;
		if (n > 0) {
			if (ex) {
				lr->exc = xreallocarray(lr->exc, lr->nexc + 1,
				    sizeof *lr->exc);
				lr->exc[lr->nexc++] = xstrndup(p, n);
			} else {
				lr->inc = xreallocarray(lr->inc, lr->ninc + 1,
				    sizeof *lr->inc);
				lr->inc[lr->ninc++] = xstrndup(p, n);
			}
		}
		p = e != NULL ? e + 1 : NULL;
	}
	logring_rebuild(lr);
}

void
logring_set_minsev(struct logring *lr, enum log_sev sev)
{
	lr->minsev = sev;
	logring_rebuild(lr);
}

void
logring_set_search(struct logring *lr, const char *text)
{
	free(lr->search);
	lr->search = text != NULL && *text != '\0' ? xstrdup(text) : NULL;
	logring_rebuild(lr);
}

/* Is one of topics (a comma list) in set? */
static int
logring_has_topic(const char *topics, char *const *set, size_t n)
{
	const char *p = topics;

	while (p != NULL && *p != '\0') {
		const char *e = strchr(p, ',');
		size_t len = e != NULL ? (size_t)(e - p) : strlen(p), k;

		for (k = 0; k < n; k++)
			if (strlen(set[k]) == len &&
			    strncasecmp(p, set[k], len) == 0)
				return 1;
		p = e != NULL ? e + 1 : NULL;
	}
	return 0;
}

/* Case-insensitive (ASCII) substring. */
static int
logring_icontains(const char *h, const char *n)
{
	size_t nl = strlen(n), i;

	if (nl == 0)
		return 1;
	for (; *h != '\0'; h++) {
		for (i = 0; i < nl && h[i] != '\0'; i++)
			if (tolower((unsigned char)h[i]) !=
			    tolower((unsigned char)n[i]))
				break;
		if (i == nl)
			return 1;
		if (h[i] == '\0')
			return 0;
	}
	return 0;
}

int
logring_match(const struct logring *lr, const struct logline *l)
{
	if (l->sev < lr->minsev)
		return 0;
	if (lr->ninc > 0 && !logring_has_topic(l->topics, lr->inc, lr->ninc))
		return 0;
	if (lr->nexc > 0 && logring_has_topic(l->topics, lr->exc, lr->nexc))
		return 0;
	if (lr->search != NULL && !logring_icontains(l->message, lr->search) &&
	    !logring_icontains(l->topics, lr->search))
		return 0;
	return 1;
}

void
logring_pause(struct logring *lr)
{
	if (lr->paused)
		return;
	lr->paused = 1;
	lr->pause_seq = lr->next_seq - 1;
}

void
logring_resume(struct logring *lr)
{
	size_t i;

	if (!lr->paused)
		return;
	lr->paused = 0;
	for (i = 0; i < lr->count; i++) {
		const struct logline *l = &lr->ring[(lr->head + i) % lr->cap];

		if (l->seq > lr->pause_seq && logring_match(lr, l))
			logring_view_push(lr, l->seq);
	}
}

int
logring_paused(const struct logring *lr)
{
	return lr->paused;
}

size_t
logring_held(const struct logring *lr)
{
	uint64_t oldest = lr->next_seq - lr->count, from;

	if (!lr->paused)
		return 0;
	from = lr->pause_seq + 1 > oldest ? lr->pause_seq + 1 : oldest;
	return (size_t)(lr->next_seq - from);
}

size_t
logring_view_count(const struct logring *lr)
{
	return lr->vcount;
}

const struct logline *
logring_view_get(const struct logring *lr, size_t i)
{
	if (i >= lr->vcount)
		return NULL;
	return &lr->ring[logring_slot(lr, lr->view[(lr->vhead + i) %
	    lr->cap])];
}

uint64_t
logring_view_generation(const struct logring *lr)
{
	return lr->gen;
}
