/* test_logring.c: the log pane's ring: bounds, severity, time keys,
 * topic filter, search, pause/resume and dedupe. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "logring.h"
#include "tap.h"

static void add_n(struct logring *lr, int from, int to, const char *topics);
static char *view_ids(const struct logring *lr, char *buf, size_t len);
static void test_severity(void);
static void test_time_keys(void);
static void test_bounds(void);
static void test_filters(void);
static void test_pause(void);
static void test_dedupe(void);
static void test_rows(void);
static void test_big(void);

/* Lines *from..*to (hex ids), message "line N". */
static void
add_n(struct logring *lr, int from, int to, const char *topics)
{
	char id[16], msg[32];
	int i;

	for (i = from; i <= to; i++) {
		snprintf(id, sizeof id, "*%X", i);
		snprintf(msg, sizeof msg, "line %d", i);
		logring_add(lr, id, "10:20:30", topics, msg);
	}
}

/* The view's ids, space separated. */
static char *
view_ids(const struct logring *lr, char *buf, size_t len)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < logring_view_count(lr) && used + 1 < len; i++) {
		const struct logline *l = logring_view_get(lr, i);
		int n = snprintf(buf + used, len - used, "%s%s",
		    i > 0 ? " " : "", l->id);

		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}

static void
test_severity(void)
{
	static const struct {
		const char	*topics;
		enum log_sev	 sev;
	} cases[] = {
		{ "system,error,critical", LOGSEV_CRITICAL },
		{ "critical,debug", LOGSEV_CRITICAL },
		{ "firewall,info", LOGSEV_INFO },
		{ "system,info,account", LOGSEV_INFO },
		{ "script,error", LOGSEV_ERROR },
		{ "wireless,warning", LOGSEV_WARNING },
		{ "warning,info", LOGSEV_WARNING },
		{ "dhcp,debug", LOGSEV_DEBUG },
		{ "debug,info", LOGSEV_INFO },
		{ "debug,packet", LOGSEV_DEBUG },
		{ "SYSTEM,ERROR", LOGSEV_ERROR },
		{ "system", LOGSEV_INFO },
		{ "errors,infos", LOGSEV_INFO },
		{ "", LOGSEV_INFO },
		{ NULL, LOGSEV_INFO },
	};
	size_t i;

	for (i = 0; i < TD_ARRAY_LEN(cases); i++)
		is_int(logring_severity(cases[i].topics), cases[i].sev,
		    "severity of \"%s\"", cases[i].topics != NULL ?
		    cases[i].topics : "(null)");
	is_str(logring_sev_name(LOGSEV_CRITICAL), "critical", "name: critical");
	is_str(logring_sev_name(LOGSEV_WARNING), "warning", "name: warning");
	is_str(logring_sev_name(LOGSEV_DEBUG), "debug", "name: debug");
}

static void
test_time_keys(void)
{
	struct logring *lr = logring_new(4);
	int64_t k;

	logring_set_today(lr, 2026, 11, 23);
	is_int(logring_time_key(lr, "1970-01-01 00:00:00"), 0, "epoch is 0");
	is_int(logring_time_key(lr, "2000-03-01 00:00:00"), 951868800,
	    "2000-03-01 (a leap year)");
	k = logring_time_key(lr, "2026-11-23 10:20:30");
	ok(k > 0, "7.x date and time");
	is_int(logring_time_key(lr, "nov/23/2026 10:20:30"), k,
	    "6.x with the year: same key");
	is_int(logring_time_key(lr, "Nov/23/2026 10:20:30"), k,
	    "month names in any case");
	is_int(logring_time_key(lr, "nov/23 10:20:30"), k,
	    "this year's date completed with the year");
	is_int(logring_time_key(lr, "10:20:30"), k,
	    "a plain time is today");
	ok(logring_time_key(lr, "2026-11-22 23:59:59") <
	    logring_time_key(lr, "00:00:00"), "yesterday sorts before today");
	ok(logring_time_key(lr, "jan/15/2024 10:20:31") <
	    logring_time_key(lr, "2024-01-15 10:20:32"),
	    "the formats sort together");
	ok(logring_time_key(lr, "dec/31 23:59:59") >
	    logring_time_key(lr, "jan/01 00:00:00"), "within a year");
	is_int(logring_time_key(lr, "2026-13-01 00:00:00"), -1, "month 13");
	is_int(logring_time_key(lr, "foo/01 00:00:00"), -1, "no such month");
	is_int(logring_time_key(lr, "10:20"), -1, "hours and minutes only");
	is_int(logring_time_key(lr, "10:20:30 x"), -1, "trailing junk");
	is_int(logring_time_key(lr, "25:00:00"), -1, "hour 25");
	is_int(logring_time_key(lr, ""), -1, "empty");
	is_int(logring_time_key(lr, NULL), -1, "NULL");
	logring_add(lr, "*1", "10:20:30", "system,info", "x");
	is_int(logring_get(lr, 0)->key, k, "a line gets its key");
	is_str(logring_get(lr, 0)->time, "10:20:30", "and keeps its text");
	logring_free(&lr);
}

static void
test_bounds(void)
{
	struct logring *lr = logring_new(0);
	char b[256];

	is_int((long long)logring_capacity(lr), 10000, "default capacity");
	logring_free(&lr);
	lr = logring_new(5);
	add_n(lr, 1, 12, "system,info");
	is_int((long long)logring_count(lr), 5, "never more than capacity");
	is_int((long long)logring_dropped(lr), 7, "seven dropped");
	is_str(logring_get(lr, 0)->id, "*8", "the oldest kept is *8");
	is_str(logring_get(lr, 4)->id, "*C", "the newest is *C");
	is_int((long long)logring_get(lr, 0)->seq, 8, "sequence numbers");
	ok(logring_get(lr, 5) == NULL, "past the end");
	is_str(view_ids(lr, b, sizeof b), "*8 *9 *A *B *C",
	    "the view follows the ring");
	ok(logring_view_get(lr, 5) == NULL, "view past the end");
	logring_clear(lr);
	is_int((long long)logring_count(lr), 0, "clear empties");
	is_int((long long)logring_view_count(lr), 0, "and the view");
	is_int((long long)logring_dropped(lr), 0, "and the dropped count");
	add_n(lr, 1, 2, "system,info");
	is_str(view_ids(lr, b, sizeof b), "*1 *2", "usable after clear");
	logring_free(&lr);
	ok(lr == NULL, "free clears the pointer");
	logring_free(&lr);
}

static void
test_filters(void)
{
	struct logring *lr = logring_new(100);
	char b[256];
	uint64_t gen;

	logring_add(lr, "*1", "10:00:00", "system,info", "router rebooted");
	logring_add(lr, "*2", "10:00:01", "firewall,info",
	    "input: in:ether1 proto TCP (SYN)");
	logring_add(lr, "*3", "10:00:02", "system,error,critical",
	    "login failure for user admin from 45.134.26.10 via ssh");
	logring_add(lr, "*4", "10:00:03", "dhcp,debug", "dhcp-lan offering");
	logring_add(lr, "*5", "10:00:04", "system,info,account",
	    "user admin logged in from 192.168.88.254 via winbox");
	logring_add(lr, "*6", "10:00:05", "wireless,warning",
	    "wlan1: LOGIN retry");
	is_str(view_ids(lr, b, sizeof b), "*1 *2 *3 *4 *5 *6",
	    "no filter: all");
	gen = logring_view_generation(lr);
	logring_set_topics(lr, "firewall");
	is_str(view_ids(lr, b, sizeof b), "*2", "only firewall");
	ok(logring_view_generation(lr) > gen, "a filter rebuilds the view");
	logring_set_topics(lr, "system,dhcp");
	is_str(view_ids(lr, b, sizeof b), "*1 *3 *4 *5", "system or dhcp");
	logring_set_topics(lr, "!debug,-firewall");
	is_str(view_ids(lr, b, sizeof b), "*1 *3 *5 *6",
	    "excluding debug and firewall");
	logring_set_topics(lr, " System , !account ");
	is_str(view_ids(lr, b, sizeof b), "*1 *3",
	    "system but not account; case and spaces ignored");
	logring_add(lr, "*7", "10:00:06", "system,info", "new");
	logring_add(lr, "*8", "10:00:07", "dns,info", "other");
	is_str(view_ids(lr, b, sizeof b), "*1 *3 *7",
	    "new lines pass the filter as they come");
	logring_set_topics(lr, NULL);
	is_int((long long)logring_view_count(lr), 8, "NULL clears the filter");
	logring_set_minsev(lr, LOGSEV_WARNING);
	is_str(view_ids(lr, b, sizeof b), "*3 *6", "warning and worse");
	logring_set_minsev(lr, LOGSEV_DEBUG);
	logring_set_search(lr, "login");
	is_str(view_ids(lr, b, sizeof b), "*3 *6",
	    "search is a case-insensitive substring");
	logring_set_search(lr, "ACCOUNT");
	is_str(view_ids(lr, b, sizeof b), "*5", "search matches topics too");
	logring_set_search(lr, "admin");
	logring_set_topics(lr, "!critical");
	is_str(view_ids(lr, b, sizeof b), "*5", "search and topics together");
	logring_set_search(lr, "no such text");
	is_int((long long)logring_view_count(lr), 0, "nothing matches");
	logring_set_search(lr, "");
	logring_set_topics(lr, "");
	is_int((long long)logring_view_count(lr), 8, "empty strings clear");
	ok(logring_match(lr, logring_get(lr, 0)), "match without filters");
	logring_free(&lr);
}

static void
test_pause(void)
{
	struct logring *lr = logring_new(5);
	char b[256];

	add_n(lr, 1, 3, "system,info");
	logring_pause(lr);
	ok(logring_paused(lr), "paused");
	add_n(lr, 4, 5, "system,info");
	is_str(view_ids(lr, b, sizeof b), "*1 *2 *3",
	    "while paused the view does not grow");
	is_int((long long)logring_held(lr), 2, "two held");
	is_int((long long)logring_count(lr), 5, "but they are in the ring");
	logring_pause(lr);
	is_int((long long)logring_held(lr), 2, "pausing twice changes "
	    "nothing");
	add_n(lr, 6, 8, "system,info");
	is_int((long long)logring_count(lr), 5, "still bounded while paused");
	is_str(view_ids(lr, b, sizeof b), "", "held lines push the shown "
	    "ones out of the ring");
	is_int((long long)logring_held(lr), 5, "the ring is all held lines");
	logring_set_topics(lr, "system");
	is_str(view_ids(lr, b, sizeof b), "", "a filter change while paused "
	    "does not show held lines");
	logring_resume(lr);
	ok(!logring_paused(lr), "resumed");
	is_str(view_ids(lr, b, sizeof b), "*4 *5 *6 *7 *8",
	    "resume shows the held lines");
	is_int((long long)logring_held(lr), 0, "nothing held");
	logring_resume(lr);
	is_int((long long)logring_view_count(lr), 5, "resuming twice adds "
	    "nothing");

	logring_clear(lr);
	add_n(lr, 1, 2, "system,info");
	logring_pause(lr);
	add_n(lr, 3, 3, "firewall,info");
	add_n(lr, 4, 4, "system,info");
	is_str(view_ids(lr, b, sizeof b), "*1 *2", "paused, filtered");
	logring_resume(lr);
	is_str(view_ids(lr, b, sizeof b), "*1 *2 *4",
	    "resume applies the filter to the held lines");
	logring_free(&lr);
}

static void
test_dedupe(void)
{
	struct logring *lr = logring_new(10);
	char b[256];

	add_n(lr, 1, 5, "system,info");
	/* A reconnect: the backlog again, then a new line. */
	add_n(lr, 3, 6, "system,info");
	is_int((long long)logring_count(lr), 6, "the backlog overlap is "
	    "ignored");
	is_int((long long)logring_duplicates(lr), 3, "three duplicates");
	is_str(view_ids(lr, b, sizeof b), "*1 *2 *3 *4 *5 *6", "view in order");
	is_int(logring_add(lr, "*6", "10:20:30", "system,info", "line 6"), 0,
	    "logring_add says 0 for a duplicate");
	is_int(logring_add(lr, "*2", "00:00:01", "system,info",
	    "router rebooted"), 1, "a known .id with other contents is new");
	is_int(logring_add(lr, NULL, "10:20:30", "system,info", "x"), 1,
	    "a line without .id");
	is_int(logring_add(lr, "", "10:20:30", "system,info", "x"), 1,
	    "is never a duplicate");
	is_int((long long)logring_count(lr), 9, "nine lines");
	is_str(logring_get(lr, 7)->id, "", "a missing .id is empty");

	/* Dedupe follows the ring as it drops lines. */
	logring_free(&lr);
	lr = logring_new(3);
	add_n(lr, 1, 5, "system,info");
	is_int(logring_add(lr, "*5", "10:20:30", "system,info", "line 5"), 0,
	    "a line in the ring is a duplicate");
	is_int(logring_add(lr, "*3", "10:20:30", "system,info", "line 3"), 0,
	    "the oldest too");
	add_n(lr, 6, 8, "system,info");
	is_str(view_ids(lr, b, sizeof b), "*6 *7 *8", "after more lines");
	is_int(logring_add(lr, "*5", "10:20:30", "system,info", "line 5"), 1,
	    "a line no longer in the ring is added again");
	is_int(logring_add(lr, "*8", "10:20:30", "system,info", "line 8"), 0,
	    "the hash survives the ring wrapping");
	logring_free(&lr);
}

static void
test_rows(void)
{
	struct logring *lr = logring_new(10);
	const struct logline *l;

	is_int(logring_add_kv(lr, (const char *const[]){ ".id", "*1A3F",
	    "time", "2026-11-23 10:20:30", "topics", "system,error,critical",
	    "message", "login failure for user admin", NULL }), 1, "a kv row");
	l = logring_get(lr, 0);
	ok(l != NULL && strcmp(l->id, "*1A3F") == 0 &&
	    strcmp(l->topics, "system,error,critical") == 0 &&
	    l->sev == LOGSEV_CRITICAL && l->key > 0, "its fields");
	is_int(logring_add_kv(lr, (const char *const[]){ ".id", "*1A3F",
	    ".dead", "true", NULL }), 0, "a .dead row is ignored");
	is_int(logring_add_kv(lr, (const char *const[]){ "message", "bare",
	    NULL }), 1, "a row with only a message");
	l = logring_get(lr, 1);
	ok(l != NULL && strcmp(l->time, "") == 0 && l->key == -1 &&
	    l->sev == LOGSEV_INFO, "missing fields are empty, info");
	logring_free(&lr);
}

static void
test_big(void)
{
	struct logring *lr = logring_new(0);
	char b[64];
	uint64_t gen;

	add_n(lr, 1, 25000, "system,info");
	is_int((long long)logring_count(lr), 10000, "25000 lines into 10000");
	is_int((long long)logring_dropped(lr), 15000, "15000 dropped");
	is_int((long long)logring_view_count(lr), 10000, "the view is full");
	gen = logring_view_generation(lr);
	add_n(lr, 24990, 25001, "system,info");
	is_int((long long)logring_duplicates(lr), 11, "the overlap found "
	    "by .id");
	snprintf(b, sizeof b, "%s", logring_view_get(lr, 9999)->id);
	is_str(b, "*61A9", "the newest line is *61A9 (25001)");
	is_int((long long)logring_view_generation(lr), (long long)gen,
	    "appending does not rebuild the view");
	logring_free(&lr);
}

int
main(void)
{
	test_severity();
	test_time_keys();
	test_bounds();
	test_filters();
	test_pause();
	test_dedupe();
	test_rows();
	test_big();
	return tap_done();
}
