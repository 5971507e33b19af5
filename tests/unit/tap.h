/*
 * tap.h: a small TAP producer for the C unit tests (run by automake's
 * tap-driver.sh).  Each check prints "ok N - name" or "not ok N - name".
 */
#ifndef TIKDECK_TAP_H
#define TIKDECK_TAP_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

int tap_ok(int cond, const char *fmt, ...) TD_PRINTF(2, 3);
int tap_is_int(long long got, long long want, const char *fmt, ...)
    TD_PRINTF(3, 4);
int tap_is_str(const char *got, const char *want, const char *fmt, ...)
    TD_PRINTF(3, 4);
int tap_is_mem(const void *got, size_t gotlen, const void *want,
    size_t wantlen, const char *fmt, ...) TD_PRINTF(5, 6);
void tap_diag(const char *fmt, ...) TD_PRINTF(1, 2);
/* Skip the whole file: prints "1..0 # SKIP why" and exits 0. */
TD_NORETURN void tap_skip_all(const char *why);
/* Print the plan and return the exit status (non-zero if any failed). */
int tap_done(void);

#define ok tap_ok
#define is_int tap_is_int
#define is_str tap_is_str
#define is_mem tap_is_mem
#define diag tap_diag

#endif
