/*
 * util.h: allocation that never fails, growable byte buffers, small string
 * helpers.  Allocation failure aborts with a message: callers never check.
 */
#ifndef TIKDECK_UTIL_H
#define TIKDECK_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define TD_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define TD_NORETURN __attribute__((noreturn))
#else
#define TD_PRINTF(a, b)
#define TD_NORETURN
#endif

#define TD_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void *xmemdup(const void *p, size_t n);
char *xasprintf(const char *fmt, ...) TD_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap) TD_PRINTF(1, 0);
TD_NORETURN void fatalx(const char *fmt, ...) TD_PRINTF(1, 2);

/* Growable byte buffer; p is always NUL-terminated for convenience. */
struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
/* Overwrite the bytes (secrets) and free them. */
void buf_wipe(struct buf *b);
void buf_reserve(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_addc(struct buf *b, char c);
void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) TD_PRINTF(2, 3);
/* Hand the bytes to the caller (NUL-terminated) and reset the buffer. */
char *buf_steal(struct buf *b, size_t *len);

/* snprintf into a fixed buffer, truncating; returns dst. */
char *str_copy(char *dst, size_t size, const char *src);
char *str_fmt(char *dst, size_t size, const char *fmt, ...) TD_PRINTF(3, 4);

/* Monotonic clock in milliseconds. */
int64_t now_ms(void);

#endif
