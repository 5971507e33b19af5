/* log.c: debug log to a private file, secrets redacted. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "login.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_file;
static volatile int log_on;

static void log_stamp(char *out, size_t len);
static void log_word(FILE *f, const struct tword *w);

int
log_open(const char *path)
{
	int fd;
	FILE *f;

	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd == -1)
		return -1;
	f = fdopen(fd, "a");
	if (f == NULL) {
		close(fd);
		return -1;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	pthread_mutex_lock(&log_lock);
	if (log_file != NULL)
		fclose(log_file);
	log_file = f;
	log_on = 1;
	pthread_mutex_unlock(&log_lock);
	return 0;
}

void
log_close(void)
{
	pthread_mutex_lock(&log_lock);
	if (log_file != NULL)
		fclose(log_file);
	log_file = NULL;
	log_on = 0;
	pthread_mutex_unlock(&log_lock);
}

int
log_enabled(void)
{
	return log_on;
}

static void
log_stamp(char *out, size_t len)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	snprintf(out, len, "%04d-%02d-%02d %02d:%02d:%02d.%03ld",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
}

void
log_printf(const char *func, const char *fmt, ...)
{
	va_list ap;
	char stamp[64];

	if (!log_on)
		return;
	log_stamp(stamp, sizeof stamp);
	pthread_mutex_lock(&log_lock);
	if (log_file != NULL) {
		fprintf(log_file, "%s %s: ", stamp, func);
		va_start(ap, fmt);
		vfprintf(log_file, fmt, ap);
		va_end(ap);
		fputc('\n', log_file);
	}
	pthread_mutex_unlock(&log_lock);
}

/* Print a word with control and non-ASCII bytes escaped. */
static void
log_word(FILE *f, const struct tword *w)
{
	uint32_t i;

	for (i = 0; i < w->len; i++) {
		unsigned char ch = (unsigned char)w->p[i];

		if (ch >= 0x20 && ch < 0x7F && ch != '\\')
			fputc(ch, f);
		else
			fprintf(f, "\\x%02X", ch);
	}
}

void
log_sentence(const char *name, int out, const struct tword *w, size_t n)
{
	char stamp[64];
	size_t i;

	if (!log_on)
		return;
	log_stamp(stamp, sizeof stamp);
	pthread_mutex_lock(&log_lock);
	if (log_file == NULL) {
		pthread_mutex_unlock(&log_lock);
		return;
	}
	for (i = 0; i < n; i++) {
		struct tword an, av;

		fprintf(log_file, "%s %s %s ", stamp, name, out ? ">>>" : "<<<");
		if (word_attr(&w[i], &an, &av) && login_is_secret_attr(&an)) {
			fputc('=', log_file);
			log_word(log_file, &an);
			fputs("=<redacted>", log_file);
		} else
			log_word(log_file, &w[i]);
		fputc('\n', log_file);
	}
	fprintf(log_file, "%s %s %s (end of sentence)\n", stamp, name,
	    out ? ">>>" : "<<<");
	pthread_mutex_unlock(&log_lock);
}
