/*
 * units.h: numbers for the live panes (rates, packet counts, sizes,
 * RouterOS durations) and field access on streamed rows.
 *
 * Formatting.  Rates arrive from the router in bits per second; the pane
 * shows them in bits or bytes with a 1000 or 1024 base (a per-router
 * option).  Suffixes:
 *
 *             bits             bytes
 *   1000   bps kbps Mbps Gbps Tbps    B/s kB/s MB/s GB/s TB/s
 *   1024   bps Kibps Mibps Gibps Tibps    B/s KiB/s MiB/s GiB/s TiB/s
 *
 * The long forms ("1.23 Mbps", "157 kB/s", "1.2 MiB/s", "512 bps") never
 * exceed UNITS_WIDTH (9) columns: the number gets 8 - strlen(suffix)
 * characters (at least 3) and as many decimals as fit; below the first
 * step the value is a whole number.  A value that would round up to 1000
 * moves to the next unit ("0.98 MiB/s", not "1000 KiB/s").  The short
 * forms ("1.2M", "157k", "12") are at most 4 columns, for graph axes.
 * Packet rates are always base 1000: "0 pps", "987 pps", "12.3k pps".
 * NaN and negative values print as "-" (a missing sample).
 *
 * Every function writes a NUL-terminated string into buf (truncated to
 * len) and returns buf.
 *
 * Durations.  units_duration_us() parses what RouterOS prints for times:
 * "12ms", "1ms345us" (7.x ping), "0ms", "11.2ms" (traceroute), "1s5ms",
 * "1w2d3h4m5s", "00:00:01", "1d02:03:04" and a bare number of seconds.
 *
 * Rows.  A struct units_row reads fields by name from either a rowstore row
 * (what the UI holds after rowstore_add() of an EV_ROWS batch) or a
 * NULL-terminated list of name, value strings (tests, simple callers): the
 * live-pane modules take both through it.
 */
#ifndef TIKDECK_UNITS_H
#define TIKDECK_UNITS_H

#include <stddef.h>
#include <stdint.h>

#include "rows.h"

#define UNITS_WIDTH	9	/* columns of the long forms, at most */
#define UNITS_SHORT	4	/* columns of the short forms, at most */

enum units_mode {
	UNITS_BITS,
	UNITS_BYTES
};

/* A rate given in bits/s, long form; kilo is 1000 or 1024 (anything else
 * counts as 1000). */
char *units_rate(char *buf, size_t len, double bits_per_s,
    enum units_mode mode, int kilo);
/* The same without the unit: "1.2M", "157k" ("K" with base 1024). */
char *units_rate_short(char *buf, size_t len, double bits_per_s,
    enum units_mode mode, int kilo);
/* Packets per second: "12.3k pps". */
char *units_pps(char *buf, size_t len, double pps);
/* A plain count, base 1000: "987", "12.3k", "4.56M". */
char *units_count(char *buf, size_t len, double n);
/* A size in bytes (memory, disk): "12.3 MiB" (1024) or "12.3 MB" (1000). */
char *units_size(char *buf, size_t len, double bytes, int kilo);
/* A duration for display: "345us", "1.23ms", "12.3ms", "123ms", "1.23s",
 * "12.3s", "123s"; negative prints "-". */
char *units_duration(char *buf, size_t len, int64_t us);

/* Parse a RouterOS duration of n bytes into microseconds; 0, or -1 when
 * it is not one (empty, junk, overflow). */
int units_duration_us(const char *s, size_t n, int64_t *us);
/* The same for a NUL-terminated string. */
int units_duration_str(const char *s, int64_t *us);

/* A row's fields by name. */
struct units_row {
	const struct rowstore	*rs;	/* a rowstore row, or */
	size_t			 i;
	const char *const	*kv;	/* name, value, ..., NULL */
};

void units_row_store(struct units_row *r, const struct rowstore *rs,
    size_t i);
void units_row_kv(struct units_row *r, const char *const *kv);
/* The value of field name; 0 when the row lacks it. */
int units_row_get(const struct units_row *r, const char *name,
    struct tword *val);
/* Does the row have field name? */
int units_row_has(const struct units_row *r, const char *name);
/* Copy the value into buf (truncated, NUL-terminated); NULL when absent. */
char *units_row_str(const struct units_row *r, const char *name, char *buf,
    size_t len);
/* The value as a number ("123", "1.5", "12%"); 0, or -1 when absent or not
 * a number. */
int units_row_num(const struct units_row *r, const char *name, double *v);

#endif
