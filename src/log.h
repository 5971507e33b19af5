/*
 * log.h: the debug log.  Off by default; goes to a file (--debug-log FILE,
 * mode 0600), never to the terminal.  Thread-safe.  Password values in
 * logged sentences are redacted.
 */
#ifndef TIKDECK_LOG_H
#define TIKDECK_LOG_H

#include "codec.h"
#include "util.h"

/* Open the log file; returns 0 or -1 with errno set. */
int log_open(const char *path);
void log_close(void);
int log_enabled(void);

void log_printf(const char *func, const char *fmt, ...) TD_PRINTF(2, 3);
#define log_debug(...) do {						\
	if (log_enabled())						\
		log_printf(__func__, __VA_ARGS__);			\
} while (0)

/* Log a sentence, one word a line, prefixed ">>>" (out) or "<<<" (in);
 * name is the connection's name.  Secrets are replaced by "<redacted>". */
void log_sentence(const char *name, int out, const struct tword *w, size_t n);

#endif
