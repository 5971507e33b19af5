/* units.c: rates, counts, sizes and durations for the live panes. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"
#include "util.h"

#define NUM_MAX	64	/* longest number units_row_num() reads */

static char *units_scaled(char *buf, size_t len, double v, double base,
    const char *const *suf, size_t nsuf, int sep, int numw);
static int units_fit(char *out, size_t len, double x, int numw);
static int units_number(const char *s, size_t n, size_t *pos, double *v);
static int units_clock(const char *s, size_t n, size_t pos, double *secs);

static const char *const rate_bits_1000[] = {
	"bps", "kbps", "Mbps", "Gbps", "Tbps"
};
static const char *const rate_bits_1024[] = {
	"bps", "Kibps", "Mibps", "Gibps", "Tibps"
};
static const char *const rate_bytes_1000[] = {
	"B/s", "kB/s", "MB/s", "GB/s", "TB/s"
};
static const char *const rate_bytes_1024[] = {
	"B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s"
};
static const char *const short_1000[] = { "", "k", "M", "G", "T" };
static const char *const short_1024[] = { "", "K", "M", "G", "T" };
static const char *const pps_suf[] = {
	" pps", "k pps", "M pps", "G pps", "T pps"
};
static const char *const size_1000[] = { "B", "kB", "MB", "GB", "TB" };
static const char *const size_1024[] = { "B", "KiB", "MiB", "GiB", "TiB" };
static const char *const dur_suf[] = { "us", "ms", "s" };

/*
 * Format x with as many decimals as fit in numw characters, keeping it
 * below 1000; 1 when it fits, 0 when the value needs the next unit.
 */
static int
units_fit(char *out, size_t len, double x, int numw)
{
	int d;

	for (d = numw - 2; d >= 0; d--) {
		snprintf(out, len, "%.*f", d, x);
		if ((int)strlen(out) <= numw && strtod(out, NULL) < 1000)
			return 1;
	}
	return 0;
}

/*
 * v scaled by base into the first unit where it shows below 1000.  numw is
 * the width of the number (0: 8 - strlen(suffix), at least 3); the first
 * unit always shows whole numbers.  sep puts a space before the suffix.
 */
static char *
units_scaled(char *buf, size_t len, double v, double base,
    const char *const *suf, size_t nsuf, int sep, int numw)
{
	char num[48];
	double x = v;
	size_t u;

	if (len == 0)
		return buf;
	if (isnan(v) || v < 0) {
		str_copy(buf, len, "-");
		return buf;
	}
	for (u = 0; u < nsuf; u++) {
		int w = numw;

		if (w == 0) {
			w = 8 - (int)strlen(suf[u]);
			if (w < 3)
				w = 3;
		}
		if (u == 0) {
			snprintf(num, sizeof num, "%.0f", x);
			if (strtod(num, NULL) < 1000)
				break;
		} else if (units_fit(num, sizeof num, x, w))
			break;
		if (u + 1 == nsuf) {
			snprintf(num, sizeof num, "%.0f", x);
			break;
		}
		x /= base;
	}
	if (u == nsuf)
		u = nsuf - 1;
	snprintf(buf, len, "%s%s%s", num, sep ? " " : "", suf[u]);
	return buf;
}

char *
units_rate(char *buf, size_t len, double bits_per_s, enum units_mode mode,
    int kilo)
{
	const char *const *suf;
	double v = bits_per_s;

	if (mode == UNITS_BYTES) {
		v /= 8;
		suf = kilo == 1024 ? rate_bytes_1024 : rate_bytes_1000;
	} else
		suf = kilo == 1024 ? rate_bits_1024 : rate_bits_1000;
	return units_scaled(buf, len, v, kilo == 1024 ? 1024 : 1000, suf,
	    TD_ARRAY_LEN(rate_bits_1000), 1, 0);
}

char *
units_rate_short(char *buf, size_t len, double bits_per_s,
    enum units_mode mode, int kilo)
{
	double v = mode == UNITS_BYTES ? bits_per_s / 8 : bits_per_s;

	return units_scaled(buf, len, v, kilo == 1024 ? 1024 : 1000,
	    kilo == 1024 ? short_1024 : short_1000, TD_ARRAY_LEN(short_1000),
	    0, 3);
}

char *
units_pps(char *buf, size_t len, double pps)
{
	return units_scaled(buf, len, pps, 1000, pps_suf,
	    TD_ARRAY_LEN(pps_suf), 0, 4);
}

char *
units_count(char *buf, size_t len, double n)
{
	return units_scaled(buf, len, n, 1000, short_1000,
	    TD_ARRAY_LEN(short_1000), 0, 4);
}

char *
units_size(char *buf, size_t len, double bytes, int kilo)
{
	return units_scaled(buf, len, bytes, kilo == 1024 ? 1024 : 1000,
	    kilo == 1024 ? size_1024 : size_1000, TD_ARRAY_LEN(size_1000), 1,
	    4);
}

char *
units_duration(char *buf, size_t len, int64_t us)
{
	return units_scaled(buf, len, us < 0 ? -1.0 : (double)us, 1000,
	    dur_suf, TD_ARRAY_LEN(dur_suf), 0, 4);
}

/* A decimal number at s[*pos] ("12", "1.5", ".5"); 0, or -1 if none. */
static int
units_number(const char *s, size_t n, size_t *pos, double *v)
{
	size_t p = *pos;
	double x = 0, scale = 0.1;
	int digits = 0;

	while (p < n && s[p] >= '0' && s[p] <= '9') {
		x = x * 10 + (s[p] - '0');
		p++;
		digits++;
	}
	if (p < n && s[p] == '.') {
		p++;
		while (p < n && s[p] >= '0' && s[p] <= '9') {
			x += (s[p] - '0') * scale;
			scale /= 10;
			p++;
			digits++;
		}
	}
	if (digits == 0)
		return -1;
	*pos = p;
	*v = x;
	return 0;
}

/* "hh:mm:ss[.frac]" from pos to the end; 0, or -1. */
static int
units_clock(const char *s, size_t n, size_t pos, double *secs)
{
	double h, m, sec;

	if (units_number(s, n, &pos, &h) != 0 || pos >= n || s[pos] != ':')
		return -1;
	pos++;
	if (units_number(s, n, &pos, &m) != 0 || pos >= n || s[pos] != ':')
		return -1;
	pos++;
	if (units_number(s, n, &pos, &sec) != 0 || pos != n)
		return -1;
	if (m >= 60 || sec >= 61)
		return -1;
	*secs = h * 3600 + m * 60 + sec;
	return 0;
}

int
units_duration_us(const char *s, size_t n, int64_t *us)
{
	double total = 0;	/* microseconds */
	size_t pos = 0;

	if (s == NULL || n == 0)
		return -1;
	while (pos < n) {
		size_t start = pos;
		double v, mult;

		if (units_number(s, n, &pos, &v) != 0)
			return -1;
		if (pos < n && s[pos] == ':') {
			double c;

			if (units_clock(s, n, start, &c) != 0)
				return -1;
			total += c * 1e6;
			break;
		}
		if (pos == n) {
			mult = 1e6;	/* a bare number: seconds */
		} else if (pos + 1 < n && s[pos] == 'm' && s[pos + 1] == 's') {
			mult = 1e3;
			pos += 2;
		} else if (pos + 1 < n && s[pos] == 'u' && s[pos + 1] == 's') {
			mult = 1;
			pos += 2;
		} else if (pos + 1 < n && s[pos] == 'n' && s[pos + 1] == 's') {
			mult = 1e-3;
			pos += 2;
		} else {
			switch (s[pos]) {
			case 's':
				mult = 1e6;
				break;
			case 'm':
				mult = 60e6;
				break;
			case 'h':
				mult = 3600e6;
				break;
			case 'd':
				mult = 86400e6;
				break;
			case 'w':
				mult = 604800e6;
				break;
			default:
				return -1;
			}
			pos++;
		}
		total += v * mult;
	}
	if (!(total < 9.2e18))
		return -1;
	*us = (int64_t)(total + 0.5);
	return 0;
}

int
units_duration_str(const char *s, int64_t *us)
{
	return units_duration_us(s, s != NULL ? strlen(s) : 0, us);
}

void
units_row_store(struct units_row *r, const struct rowstore *rs, size_t i)
{
	r->rs = rs;
	r->i = i;
	r->kv = NULL;
}

void
units_row_kv(struct units_row *r, const char *const *kv)
{
	r->rs = NULL;
	r->i = 0;
	r->kv = kv;
}

int
units_row_get(const struct units_row *r, const char *name,
    struct tword *val)
{
	size_t k;

	if (r->rs != NULL) {
		int col = rowstore_col(r->rs, name);

		if (col < 0)
			return 0;
		return rowstore_get(r->rs, r->i, (uint32_t)col, val);
	}
	if (r->kv == NULL)
		return 0;
	for (k = 0; r->kv[k] != NULL && r->kv[k + 1] != NULL; k += 2) {
		if (strcmp(r->kv[k], name) == 0) {
			val->p = r->kv[k + 1];
			val->len = (uint32_t)strlen(r->kv[k + 1]);
			return 1;
		}
	}
	return 0;
}

int
units_row_has(const struct units_row *r, const char *name)
{
	struct tword w;

	return units_row_get(r, name, &w);
}

char *
units_row_str(const struct units_row *r, const char *name, char *buf,
    size_t len)
{
	struct tword w;
	size_t n;

	if (!units_row_get(r, name, &w) || len == 0)
		return NULL;
	n = w.len < len - 1 ? w.len : len - 1;
	memcpy(buf, w.p, n);
	buf[n] = '\0';
	return buf;
}

int
units_row_num(const struct units_row *r, const char *name, double *v)
{
	char tmp[NUM_MAX];
	struct tword w;
	size_t pos = 0, n;
	double x;
	int neg = 0;

	if (!units_row_get(r, name, &w) || w.len == 0 || w.len >= NUM_MAX)
		return -1;
	memcpy(tmp, w.p, w.len);
	n = w.len;
	tmp[n] = '\0';
	if (tmp[0] == '-') {
		neg = 1;
		pos = 1;
	}
	if (units_number(tmp, n, &pos, &x) != 0)
		return -1;
	if (pos < n && tmp[pos] == '%')
		pos++;
	if (pos != n)
		return -1;
	*v = neg ? -x : x;
	return 0;
}
