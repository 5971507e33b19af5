/* tap.c: TAP output for the unit tests. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static int tap_n;
static int tap_failed;

static int tap_report(int cond, const char *fmt, va_list ap) TD_PRINTF(2, 0);

static int
tap_report(int cond, const char *fmt, va_list ap)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	return cond;
}

int
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_report(cond, fmt, ap);
	va_end(ap);
	return cond;
}

int
tap_is_int(long long got, long long want, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = tap_report(got == want, fmt, ap);
	va_end(ap);
	if (!r)
		printf("#   got: %lld\n#  want: %lld\n", got, want);
	return r;
}

int
tap_is_str(const char *got, const char *want, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = tap_report(got != NULL && want != NULL ? strcmp(got, want) == 0 :
	    got == want, fmt, ap);
	va_end(ap);
	if (!r)
		printf("#   got: \"%s\"\n#  want: \"%s\"\n",
		    got ? got : "(null)", want ? want : "(null)");
	return r;
}

int
tap_is_mem(const void *got, size_t gotlen, const void *want, size_t wantlen,
    const char *fmt, ...)
{
	va_list ap;
	int r;
	size_t i;

	va_start(ap, fmt);
	r = tap_report(gotlen == wantlen && (gotlen == 0 ||
	    memcmp(got, want, gotlen) == 0), fmt, ap);
	va_end(ap);
	if (!r) {
		printf("#   got (%zu):", gotlen);
		for (i = 0; i < gotlen && i < 32; i++)
			printf(" %02X", ((const unsigned char *)got)[i]);
		printf("\n#  want (%zu):", wantlen);
		for (i = 0; i < wantlen && i < 32; i++)
			printf(" %02X", ((const unsigned char *)want)[i]);
		putchar('\n');
	}
	return r;
}

void
tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

void
tap_skip_all(const char *why)
{
	printf("1..0 # SKIP %s\n", why);
	exit(0);
}

int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	if (tap_failed)
		printf("# %d of %d checks failed\n", tap_failed, tap_n);
	/* A sanitizer's exit-time report must not swallow the plan. */
	fflush(stdout);
	return tap_failed ? 1 : 0;
}
