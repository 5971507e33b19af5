/* validate.c: form values checked before anything is sent. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"
#include "validate.h"

static int validate_digits(const char *s, size_t n, unsigned long long max,
    unsigned long long *out);
static int validate_ipv4_num(const char *s, size_t n, uint32_t *out);
static int validate_one(const struct vtype *t, const char *s, size_t n);
static const char *validate_expect(const struct vtype *t, char *buf,
    size_t len);

/* Decimal digits only, at most max. */
static int
validate_digits(const char *s, size_t n, unsigned long long max,
    unsigned long long *out)
{
	unsigned long long v = 0;
	size_t i;

	if (n == 0 || n > 19)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > max)
		return 0;
	if (out != NULL)
		*out = v;
	return 1;
}

/* A.B.C.D as a number. */
static int
validate_ipv4_num(const char *s, size_t n, uint32_t *out)
{
	size_t i, start = 0;
	int parts = 0;
	unsigned long long v;
	uint32_t a = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '.')
			continue;
		if (i - start > 3 || !validate_digits(s + start, i - start,
		    255, &v))
			return 0;
		a = (a << 8) | (uint32_t)v;
		parts++;
		start = i + 1;
	}
	if (parts != 4)
		return 0;
	if (out != NULL)
		*out = a;
	return 1;
}

/* Dotted-quad IPv4. */
int
validate_ipv4(const char *s, size_t n)
{
	return validate_ipv4_num(s, n, NULL);
}

/* IPv6, with :: and an optional trailing IPv4. */
int
validate_ipv6(const char *s, size_t n)
{
	size_t i = 0, start;
	int groups = 0, dbl = 0;

	if (n < 2)
		return 0;
	if (s[0] == ':') {
		if (s[1] != ':')
			return 0;
		dbl = 1;
		i = 2;
		if (n == 2)
			return 1;
	}
	while (i < n) {
		start = i;
		while (i < n && strchr("0123456789abcdefABCDEF", s[i]) != NULL &&
		    s[i] != '\0')
			i++;
		if (i < n && s[i] == '.') {	/* ::ffff:1.2.3.4 */
			if (!validate_ipv4(s + start, n - start))
				return 0;
			groups += 2;
			i = n;
			break;
		}
		if (i == start || i - start > 4)
			return 0;
		groups++;
		if (i == n)
			break;
		if (s[i] != ':')
			return 0;
		i++;
		if (i < n && s[i] == ':') {
			if (dbl)
				return 0;
			dbl = 1;
			i++;
			if (i == n)
				break;
		} else if (i == n)
			return 0;
	}
	return dbl ? groups < 8 : groups == 8;
}

/* address/len; host bits are allowed (RouterOS masks them). */
int
validate_prefix(const char *s, size_t n)
{
	const char *sl = memchr(s, '/', n);
	size_t an = sl != NULL ? (size_t)(sl - s) : n;
	int v4 = validate_ipv4(s, an);

	if (!v4 && !validate_ipv6(s, an))
		return 0;
	if (sl == NULL)
		return 1;
	return validate_digits(sl + 1, n - an - 1, v4 ? 32 : 128, NULL) &&
	    n - an - 1 <= 3;
}

/* Address, prefix, or first-last with first <= last. */
int
validate_range(const char *s, size_t n)
{
	const char *dash = memchr(s, '-', n);
	uint32_t a, b;

	if (dash == NULL)
		return validate_prefix(s, n);
	if (validate_ipv4_num(s, (size_t)(dash - s), &a) &&
	    validate_ipv4_num(dash + 1, n - (size_t)(dash - s) - 1, &b))
		return a <= b;
	return validate_ipv6(s, (size_t)(dash - s)) &&
	    validate_ipv6(dash + 1, n - (size_t)(dash - s) - 1);
}

/* AB:CD:EF:01:23:45 (or with dashes). */
int
validate_mac(const char *s, size_t n)
{
	size_t i;

	if (n != 17)
		return 0;
	for (i = 0; i < n; i++) {
		if (i % 3 == 2) {
			if (s[i] != s[2] || (s[i] != ':' && s[i] != '-'))
				return 0;
		} else if (strchr("0123456789abcdefABCDEF", s[i]) == NULL ||
		    s[i] == '\0')
			return 0;
	}
	return 1;
}

/* 1w2d3h4m5s6ms, 30s, plain seconds, HH:MM:SS, 1d 02:00:00. */
int
validate_duration(const char *s, size_t n)
{
	size_t i = 0, d;
	int units = 0;

	if (n == 0)
		return 0;
	if (n == 4 && memcmp(s, "none", 4) == 0)
		return 1;
	while (i < n) {
		const char *colon;

		d = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return 0;
		if (i == n)	/* a bare number: seconds */
			return units == 0;
		if (s[i] == ':' || s[i] == '.') {
			/* HH:MM:SS[.frac] from d to the end */
			colon = s + i;
			if (colon - (s + d) > 3 || n - i != 6 ||
			    s[i] != ':' || s[i + 3] != ':' ||
			    !validate_digits(s + i + 1, 2, 59, NULL) ||
			    !validate_digits(s + i + 4, 2, 59, NULL))
				return 0;
			return 1;
		}
		if (s[i] == 'm' && i + 1 < n && s[i + 1] == 's')
			i += 2;
		else if (strchr("wdhms", s[i]) != NULL)
			i++;
		else
			return 0;
		units++;
		if (i < n && s[i] == ' ')	/* "1d 02:00:00" */
			i++;
	}
	return 1;
}

/* yes no true false. */
int
validate_bool(const char *s, size_t n)
{
	return (n == 3 && memcmp(s, "yes", 3) == 0) ||
	    (n == 2 && memcmp(s, "no", 2) == 0) ||
	    (n == 4 && memcmp(s, "true", 4) == 0) ||
	    (n == 5 && memcmp(s, "false", 5) == 0);
}

/* A decimal integer in [min, max]. */
int
validate_int(const char *s, size_t n, long long min, long long max)
{
	unsigned long long v;
	int neg = n > 0 && s[0] == '-';
	long long x;

	if (!validate_digits(s + neg, n - (size_t)neg, (unsigned long long)
	    INT64_MAX, &v))
		return 0;
	x = neg ? -(long long)v : (long long)v;
	return min > max || (x >= min && x <= max);
}

/* N or N-M, ports 0..65535. */
int
validate_port(const char *s, size_t n)
{
	const char *dash = memchr(s, '-', n);
	unsigned long long a, b;

	if (dash == NULL)
		return validate_digits(s, n, 65535, NULL);
	return validate_digits(s, (size_t)(dash - s), 65535, &a) &&
	    validate_digits(dash + 1, n - (size_t)(dash - s) - 1, 65535,
	    &b) && a <= b;
}

/* One element (no list, no !). */
static int
validate_one(const struct vtype *t, const char *s, size_t n)
{
	size_t i;

	switch (t->kind) {
	case VK_IP:
		return validate_ipv4(s, n) || validate_ipv6(s, n);
	case VK_PREFIX:
		return validate_prefix(s, n);
	case VK_RANGE:
		return validate_range(s, n);
	case VK_MAC:
		return validate_mac(s, n);
	case VK_TIME:
		return validate_duration(s, n);
	case VK_BOOL:
		return validate_bool(s, n);
	case VK_INT:
		return validate_int(s, n, t->min, t->max);
	case VK_PORT:
		return validate_port(s, n);
	case VK_ENUM:
		for (i = 0; i < t->nenums; i++)
			if (strlen(t->enums[i]) == n &&
			    memcmp(t->enums[i], s, n) == 0)
				return 1;
		return 0;
	case VK_NAME:
		return n > 0;
	default:
		return 1;
	}
}

/* What a value of t looks like, for the error. */
static const char *
validate_expect(const struct vtype *t, char *buf, size_t len)
{
	size_t i;
	struct buf b;

	switch (t->kind) {
	case VK_IP:
		return _("an IP address such as 192.168.88.1 or 2001:db8::1");
	case VK_PREFIX:
		return _("an address or prefix such as 10.0.0.0/8");
	case VK_RANGE:
		return _("an address, a prefix such as 10.0.0.0/8 or a range "
		    "such as 10.0.0.1-10.0.0.9");
	case VK_MAC:
		return _("a MAC address such as 4C:5E:0C:12:34:56");
	case VK_TIME:
		return _("a duration such as 30s, 1d2h3m4s or 00:05:00");
	case VK_BOOL:
		return _("yes or no (true or false)");
	case VK_INT:
		if (t->min <= t->max) {
			str_fmt(buf, len, _("a whole number from %lld to "
			    "%lld"), t->min, t->max);
			return buf;
		}
		return _("a whole number");
	case VK_PORT:
		return _("a port or range such as 22, 8000-8080 or a list "
		    "such as 22,80,443");
	case VK_ENUM:
		buf_init(&b);
		buf_adds(&b, _("one of: "));
		for (i = 0; i < t->nenums; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", t->enums[i]);
		str_copy(buf, len, b.p);
		buf_free(&b);
		return buf;
	case VK_NAME:
		return _("a name");
	default:
		return _("text");
	}
}

/* Check a value: !, comma lists, then each element. */
int
validate_value(const char *field, const struct vtype *t, const char *v,
    char *err, size_t errlen)
{
	size_t n = strlen(v), i, start;
	char exp[512];
	const char *p = v;

	if (n == 0 || t->kind == VK_STR)
		return 0;
	if (*p == '!') {
		if (!(t->flags & VT_NEG)) {
			str_fmt(err, errlen, _("%s: \"!\" (not) is not allowed "
			    "here; expected %s."), field,
			    validate_expect(t, exp, sizeof exp));
			return -1;
		}
		p++;
		n--;
	}
	if (n == 0) {
		str_fmt(err, errlen, _("%s: \"!\" needs a value after it: "
		    "expected %s."), field, validate_expect(t, exp, sizeof exp));
		return -1;
	}
	for (i = start = 0; i <= n; i++) {
		if (i < n && (p[i] != ',' || (!(t->flags & VT_LIST) &&
		    t->kind != VK_PORT)))
			continue;
		if (!validate_one(t, p + start, i - start)) {
			char *bad = xstrndup(p + start, i - start);

			if (i - start == 0)
				str_fmt(err, errlen, _("%s: an empty item in "
				    "the list; expected %s."), field,
				    validate_expect(t, exp, sizeof exp));
			else
				str_fmt(err, errlen, _("%s: \"%s\" is not "
				    "valid; expected %s."), field, bad,
				    validate_expect(t, exp, sizeof exp));
			free(bad);
			return -1;
		}
		start = i + 1;
	}
	return 0;
}

/* From inspect's definition text. */
void
vtype_parse(const char *text, struct vtype *t)
{
	static const struct {
		const char	*text;
		enum vkind	 kind;
		unsigned	 flags;
	} simple[] = {
		{ "IP address", VK_IP, 0 },
		{ "IPv6 address", VK_IP, 0 },
		{ "IP prefix", VK_PREFIX, 0 },
		{ "IPv6 prefix", VK_PREFIX, 0 },
		{ "IP address range", VK_RANGE, 0 },
		{ "list of IP addresses", VK_IP, VT_LIST },
		{ "list of IP prefixes", VK_PREFIX, VT_LIST },
		{ "MAC address", VK_MAC, 0 },
		{ "time interval", VK_TIME, 0 },
		{ "yes | no", VK_BOOL, 0 },
		{ "port range", VK_PORT, VT_LIST },
		{ "integer", VK_INT, 0 },
	};
	size_t i, n = strlen(text);
	const char *p;

	memset(t, 0, sizeof *t);
	t->min = 1;
	t->max = 0;
	for (i = 0; i < TD_ARRAY_LEN(simple); i++)
		if (strcmp(text, simple[i].text) == 0) {
			t->kind = simple[i].kind;
			t->flags = simple[i].flags;
			return;
		}
	if (strncmp(text, "integer ", 8) == 0 &&
	    (p = strstr(text, "..")) != NULL) {
		t->kind = VK_INT;
		t->min = strtoll(text + 8, NULL, 10);
		t->max = strtoll(p + 2, NULL, 10);
		return;
	}
	if (n > 5 && strcmp(text + n - 5, " name") == 0) {
		t->kind = VK_NAME;
		return;
	}
	if (strstr(text, " | ") != NULL) {
		const char *e;

		t->kind = VK_ENUM;
		if (n > 8 && strcmp(text + n - 8, " [, ...]") == 0) {
			t->flags |= VT_LIST;
			n -= 8;
		}
		for (p = text; p < text + n; p = e) {
			e = strstr(p, " | ");
			if (e == NULL || e > text + n)
				e = text + n;
			t->enums = xreallocarray(t->enums, t->nenums + 1,
			    sizeof *t->enums);
			t->enums[t->nenums++] = xstrndup(p, (size_t)(e - p));
			if (e < text + n)
				e += 3;
		}
		return;
	}
	t->kind = VK_STR;
}

/* The inspect text of a type. */
char *
vtype_text(const struct vtype *t)
{
	struct buf b;
	size_t i;

	switch (t->kind) {
	case VK_IP:
		return xstrdup(t->flags & VT_LIST ? "list of IP addresses" :
		    "IP address");
	case VK_PREFIX:
		return xstrdup(t->flags & VT_LIST ? "list of IP prefixes" :
		    "IP prefix");
	case VK_RANGE:
		return xstrdup("IP address range");
	case VK_MAC:
		return xstrdup("MAC address");
	case VK_TIME:
		return xstrdup("time interval");
	case VK_BOOL:
		return xstrdup("yes | no");
	case VK_PORT:
		return xstrdup("port range");
	case VK_INT:
		return t->min <= t->max ? xasprintf("integer %lld..%lld",
		    t->min, t->max) : xstrdup("integer");
	case VK_NAME:
		return xstrdup("object name");
	case VK_ENUM:
		buf_init(&b);
		for (i = 0; i < t->nenums; i++)
			buf_printf(&b, "%s%s", i ? " | " : "", t->enums[i]);
		if (t->flags & VT_LIST)
			buf_adds(&b, " [, ...]");
		return buf_steal(&b, NULL);
	default:
		return xstrdup("string");
	}
}

/* Free the enum values. */
void
vtype_free(struct vtype *t)
{
	size_t i;

	for (i = 0; i < t->nenums; i++)
		free(t->enums[i]);
	free(t->enums);
	t->enums = NULL;
	t->nenums = 0;
}
