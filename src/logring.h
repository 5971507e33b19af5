/*
 * logring.h: the log pane's buffer.
 *
 * A bounded ring of log lines (/log/print =follow= rows: .id, time,
 * topics, message).  When full the oldest line is dropped and counted.
 * Every line kept gets a sequence number (1, 2, ... in arrival order).
 *
 * Time: the text is kept as the router sent it; key is a sortable number
 * of seconds (a civil date and time counted from 1970-01-01, no time
 * zone) derived from "2026-11-23 10:20:30" (7.x), "nov/23/2026 10:20:30"
 * (6.x), "nov/23 10:20:30" (this year) or "10:20:30" (today), the last two
 * completed with the date of logring_set_today() (the host's local date
 * until it is called); -1 when the text is none of these.
 *
 * Severity comes from the topics: the highest of critical > error >
 * warning > info > debug present, info when none is.
 *
 * The view is the lines a pane shows, oldest first: those passing the
 * topic filter, the minimum severity and the search, and not held back
 * by pause.  logring_set_topics() takes a comma list of topics; a topic
 * prefixed with '!' or '-' excludes lines having it, the others include
 * (a line needs one of them when there is any).  The search is a
 * case-insensitive substring of the message or the topics.  Topics
 * compare without regard to case.
 *
 * Pause: lines keep arriving into the ring (still bounded: the oldest
 * still drop) but the view stays as it was until resume, when the held
 * lines that pass the filters are appended.
 *
 * Dedupe: a line whose .id is already in the ring with the same time and
 * message is a duplicate and is ignored (a re-issued /log/print =follow=
 * after a reconnect sends the backlog again).  A known .id with other
 * contents (the router rebooted and numbers restart) is a new line.
 */
#ifndef TIKDECK_LOGRING_H
#define TIKDECK_LOGRING_H

#include <stddef.h>
#include <stdint.h>

#include "rows.h"

#define LOGRING_DEFAULT	10000

enum log_sev {
	LOGSEV_DEBUG,
	LOGSEV_INFO,
	LOGSEV_WARNING,
	LOGSEV_ERROR,
	LOGSEV_CRITICAL
};

struct logline {
	uint64_t	 seq;
	char		*id;		/* "" when the row had none */
	char		*time;
	char		*topics;
	char		*message;
	int64_t		 key;		/* sortable time, -1 unknown */
	enum log_sev	 sev;
};

struct logring;

/* cap 0 means LOGRING_DEFAULT. */
struct logring *logring_new(size_t cap);
void logring_free(struct logring **lr);
/* Forget every line (the dropped count too); filters and pause stay. */
void logring_clear(struct logring *lr);
size_t logring_capacity(const struct logring *lr);
/* Lines held, view or not. */
size_t logring_count(const struct logring *lr);
/* Lines dropped because the ring was full. */
uint64_t logring_dropped(const struct logring *lr);
/* Duplicates ignored. */
uint64_t logring_duplicates(const struct logring *lr);
/* Line i of the ring, oldest first (i < logring_count). */
const struct logline *logring_get(const struct logring *lr, size_t i);

/* Add a line (any of the strings may be NULL); 1 added, 0 duplicate. */
int logring_add(struct logring *lr, const char *id, const char *time,
    const char *topics, const char *message);
/* A /log/print row from a rowstore, or from name, value, ..., NULL. */
int logring_add_row(struct logring *lr, const struct rowstore *rs,
    size_t i);
int logring_add_kv(struct logring *lr, const char *const *kv);

/* The date partial times are completed with. */
void logring_set_today(struct logring *lr, int year, int month, int day);
/* Sortable key of a time text, with the ring's date for partial forms. */
int64_t logring_time_key(const struct logring *lr, const char *time);
/* Severity of a topics list. */
enum log_sev logring_severity(const char *topics);
/* Its name for display ("critical", ...), translated. */
const char *logring_sev_name(enum log_sev sev);

/* Filters; NULL or "" clears.  Each rebuilds the view. */
void logring_set_topics(struct logring *lr, const char *spec);
void logring_set_minsev(struct logring *lr, enum log_sev sev);
void logring_set_search(struct logring *lr, const char *text);
/* Does a line pass the filters (pause aside)? */
int logring_match(const struct logring *lr, const struct logline *l);

void logring_pause(struct logring *lr);
void logring_resume(struct logring *lr);
int logring_paused(const struct logring *lr);
/* Lines that arrived while paused and are still in the ring. */
size_t logring_held(const struct logring *lr);

size_t logring_view_count(const struct logring *lr);
/* View line i, oldest first, or NULL. */
const struct logline *logring_view_get(const struct logring *lr, size_t i);
/* Bumped whenever the view is rebuilt (not when lines are appended or
 * drop off the top), so the pane knows to reset its scroll position. */
uint64_t logring_view_generation(const struct logring *lr);

#endif
