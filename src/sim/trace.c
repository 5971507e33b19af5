/*
 * trace.c: --trace FILE, every word in and out of every connection.
 *
 * One word a line, in the style of librouteros's api_analysis logs:
 *
 *   2025-06-01T12:00:00.123Z #1 <<< /login
 *   2025-06-01T12:00:00.123Z #1 <<< =name=admin
 *   2025-06-01T12:00:00.123Z #1 <<< =password=<redacted>
 *   2025-06-01T12:00:00.123Z #1 <<< EOS
 *   2025-06-01T12:00:00.124Z #1 >>> !done
 *   2025-06-01T12:00:00.124Z #1 >>> EOS
 *
 * The timestamp is the host's UTC wall clock, #N numbers connections from 1
 * in the order they arrived, <<< is received and >>> is sent, EOS is the
 * empty word that ends a sentence and "---" lines are connection events.
 * Bytes outside printable ASCII and the backslash are written as \xNN.
 * Values of secret attributes (login_is_secret_attr(): password, response,
 * ...) are replaced by <redacted>, in attribute and query words alike.
 * The file is created (or truncated) with mode 0600.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "login.h"
#include "simint.h"

#define TRACE_REDACTED	"<redacted>"

static void trace_prefix(struct buf *b, const struct conn *c,
    const char *dir);
static void trace_escape(struct buf *b, const char *p, size_t n);
static void trace_word(struct buf *b, const struct conn *c, const char *dir,
    const char *p, size_t n);
static void trace_write(struct sim *sim, struct buf *b);
static size_t trace_secret_at(const char *p, size_t n);

/* Open the trace file; 0, or -1 with a message. */
int
trace_open(struct sim *sim, const char *path, char *err, size_t errlen)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY,
	    0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open the trace file %s: %s",
		    path, strerror(errno));
		return -1;
	}
	/* An existing file keeps its mode on O_TRUNC: tighten it. */
	if (fchmod(fd, 0600) != 0 && errno != EPERM) {
		snprintf(err, errlen, "cannot restrict the trace file %s: %s",
		    path, strerror(errno));
		close(fd);
		return -1;
	}
	sim->trace = fdopen(fd, "w");
	if (sim->trace == NULL) {
		snprintf(err, errlen, "cannot open the trace file %s: %s",
		    path, strerror(errno));
		close(fd);
		return -1;
	}
	return 0;
}

/* Close the trace file. */
void
trace_close(struct sim *sim)
{
	if (sim->trace != NULL) {
		fclose(sim->trace);
		sim->trace = NULL;
	}
}

/* "TIMESTAMP #N DIR " */
static void
trace_prefix(struct buf *b, const struct conn *c, const char *dir)
{
	struct timespec ts;
	struct tm tm;
	time_t t;

	clock_gettime(CLOCK_REALTIME, &ts);
	t = ts.tv_sec;
	gmtime_r(&t, &tm);
	buf_printf(b, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ #%u %s ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000L, c->num, dir);
}

/* Append bytes with everything but printable ASCII as \xNN. */
static void
trace_escape(struct buf *b, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];

		if (ch < 0x20 || ch >= 0x7F || ch == '\\')
			buf_printf(b, "\\x%02X", ch);
		else
			buf_addc(b, (char)ch);
	}
}

/* Where the value of a secret attribute or query word starts (0: the word
 * carries no secret). */
static size_t
trace_secret_at(const char *p, size_t n)
{
	const char *eq;
	struct tword name;
	size_t start;

	if (n < 2)
		return 0;
	if (p[0] == '=')
		start = 1;
	else if (p[0] == '?')
		start = n > 2 && strchr("=<>", p[1]) != NULL ? 2 : 1;
	else
		return 0;
	eq = memchr(p + start, '=', n - start);
	if (eq == NULL)
		return 0;
	name.p = p + start;
	name.len = (uint32_t)(eq - (p + start));
	if (!login_is_secret_attr(&name))
		return 0;
	return (size_t)(eq - p) + 1;
}

/* One line for one word (n == 0: the end of a sentence). */
static void
trace_word(struct buf *b, const struct conn *c, const char *dir,
    const char *p, size_t n)
{
	size_t sec;

	trace_prefix(b, c, dir);
	if (n == 0)
		buf_adds(b, "EOS");
	else if ((sec = trace_secret_at(p, n)) > 0) {
		trace_escape(b, p, sec);
		buf_adds(b, TRACE_REDACTED);
	} else
		trace_escape(b, p, n);
	buf_addc(b, '\n');
}

/* Write a block of lines at once, so connections do not interleave
 * within a sentence. */
static void
trace_write(struct sim *sim, struct buf *b)
{
	if (b->len == 0)
		return;
	pthread_mutex_lock(&sim->trace_mu);
	if (sim->trace != NULL) {
		fwrite(b->p, 1, b->len, sim->trace);
		fflush(sim->trace);
	}
	pthread_mutex_unlock(&sim->trace_mu);
}

/* A connection event ("connected from ...", "closed"). */
void
trace_event(struct conn *c, const char *fmt, ...)
{
	struct buf b;
	va_list ap;
	char *msg;

	if (c->sim->trace == NULL || c->virt)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	buf_init(&b);
	trace_prefix(&b, c, "---");
	trace_escape(&b, msg, strlen(msg));
	buf_addc(&b, '\n');
	trace_write(c->sim, &b);
	buf_free(&b);
	free(msg);
}

/* A sentence received. */
void
trace_in(struct conn *c, const struct sentence *s)
{
	struct buf b;
	size_t i;

	if (c->sim->trace == NULL || c->virt)
		return;
	buf_init(&b);
	for (i = 0; i < s->n; i++)
		trace_word(&b, c, "<<<", s->w[i].p, s->w[i].len);
	trace_word(&b, c, "<<<", NULL, 0);
	trace_write(c->sim, &b);
	buf_free(&b);
}

/* Wire bytes about to be sent: whole sentences, maybe a reserved control
 * byte (--garbage). */
void
trace_out(struct conn *c, const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	struct buf b;
	size_t off = 0;

	if (c->sim->trace == NULL || c->virt || n == 0)
		return;
	buf_init(&b);
	while (off < n) {
		uint32_t len;
		int k = codec_len_decode(u + off, n - off, &len);

		if (k < 0) {
			trace_prefix(&b, c, ">>>");
			buf_printf(&b, "(control byte \\x%02X)\n", u[off]);
			off++;
			continue;
		}
		if (k == 0 || len > n - off - (size_t)k) {
			trace_prefix(&b, c, ">>>");
			buf_printf(&b, "(%zu bytes of an incomplete word)\n",
			    n - off);
			break;
		}
		off += (size_t)k;
		trace_word(&b, c, ">>>", p + off, len);
		off += len;
	}
	trace_write(c->sim, &b);
	buf_free(&b);
}
