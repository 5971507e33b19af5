/* fakesrv.c: a scripted fake RouterOS API server on its own thread. */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fakesrv.h"

enum fs_kind {
	FS_EXPECT,
	FS_SEND,
	FS_CHUNK,
	FS_DELAY,
	FS_DROP,
	FS_DROP_MID,
	FS_RAW,
	FS_EXPECT_CLOSE,
	FS_NEXT
};

/* Outcome of a wait, a read or a write. */
enum {
	FS_IO_ERR = -1,
	FS_IO_OK = 0,
	FS_IO_CLOSED = 1,	/* the peer closed */
	FS_IO_STOP = 2		/* fakesrv_finish wants the thread to end */
};

/* Longest rendering of a sentence in a message. */
#define FS_RENDER_MAX	600

struct fs_line {
	int		 lineno;
	enum fs_kind	 kind;
	char		*text;		/* the line, for messages */
	char		**tok;		/* raw words after the directive */
	size_t		 ntok;
	long		 num;		/* chunk size, delay */
	long		 num2;		/* chunk spacing */
	struct buf	 raw;		/* raw bytes */
};

struct fs_var {
	char		*name;
	struct buf	 value;
};

struct fakesrv_conn {
	struct fakesrv	*srv;
	int		 fd;
	int		 index;
	struct codec	*codec;
	size_t		 chunk;
	int		 chunk_ms;
	int		 drop_mid;
	int		 closed_at;	/* script line that closed it */
};

struct fakesrv {
	int		 lfd;
	int		 port;
	int		 wake[2];
	pthread_t	 thread;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	int		 done;		/* under mu */
	int		 timeout_ms;	/* under mu, set by fakesrv_finish */
	struct fs_line	*lines;
	size_t		 nlines;
	struct fs_var	*vars;
	size_t		 nvars;
	fakesrv_cb	 cb;
	void		*arg;
	int		 conns;
	int		 failed;
	char		 err[2048];
};

static struct fakesrv *fs_new(void);
static void fs_start(struct fakesrv *s);
static void *fs_main(void *arg);
static void fs_parse(struct fakesrv *s, const char *script);
static void fs_parse_line(struct fakesrv *s, int lineno, char *line);
static long fs_number(const struct fs_line *ln, const char *tok);
static void fs_hex(struct fs_line *ln, const char *tok);
static int fs_varname(const char *p, size_t *len);
static struct fs_var *fs_var_find(struct fakesrv *s, const char *name,
    size_t len);
static int fs_expand(struct fakesrv *s, const char *raw, struct buf *out,
    int *wild, char *why, size_t whylen);
static const char *fs_capture(const char *raw);
static int fs_match(struct fakesrv *s, const char *raw, const struct tword *w,
    char *why, size_t whylen);
static void fs_render(struct buf *b, const struct sentence *snt);
static void fs_fail_line(struct fakesrv *s, const struct fs_line *ln,
    const char *fmt, ...) TD_PRINTF(3, 4);
static int fs_stop_timeout(struct fakesrv *s);
static int fs_wait(struct fakesrv *s, int fd, short ev, int timeout_ms);
static int fs_accept(struct fakesrv *s, struct fakesrv_conn *c);
static void fs_conn_close(struct fakesrv_conn *c);
static int fs_read_sentence(struct fakesrv_conn *c, struct sentence *out);
static int fs_write_all(struct fakesrv_conn *c, const char *p, size_t n);
static int fs_write(struct fakesrv_conn *c, const void *p, size_t n);
static int fs_expect(struct fakesrv *s, struct fakesrv_conn *c,
    const struct fs_line *ln);
static int fs_expect_close(struct fakesrv *s, struct fakesrv_conn *c,
    const struct fs_line *ln);
static int fs_send(struct fakesrv *s, struct fakesrv_conn *c,
    const struct fs_line *ln);
static int fs_write_line(struct fakesrv *s, struct fakesrv_conn *c,
    const struct fs_line *ln, const void *p, size_t n);
static int fs_run_line(struct fakesrv *s, struct fakesrv_conn *c,
    const struct fs_line *ln);
static void fs_run_script(struct fakesrv *s);
static void fs_run_cb(struct fakesrv *s);
static void fs_free(struct fakesrv *s);

/* Allocate a server listening on 127.0.0.1, port 0. */
static struct fakesrv *
fs_new(void)
{
	struct fakesrv *s = xcalloc(1, sizeof *s);
	struct sockaddr_in sin;
	socklen_t slen = sizeof sin;
	pthread_condattr_t ca;
	int one = 1;

	s->lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (s->lfd < 0)
		fatalx("fakesrv: socket: %s", strerror(errno));
	setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = 0;
	if (bind(s->lfd, (struct sockaddr *)&sin, sizeof sin) != 0 ||
	    listen(s->lfd, 16) != 0 ||
	    getsockname(s->lfd, (struct sockaddr *)&sin, &slen) != 0)
		fatalx("fakesrv: listen: %s", strerror(errno));
	s->port = ntohs(sin.sin_port);
	fcntl(s->lfd, F_SETFL, fcntl(s->lfd, F_GETFL) | O_NONBLOCK);
	if (pipe(s->wake) != 0)
		fatalx("fakesrv: pipe: %s", strerror(errno));
	fcntl(s->wake[0], F_SETFD, FD_CLOEXEC);
	fcntl(s->wake[1], F_SETFD, FD_CLOEXEC);
	fcntl(s->lfd, F_SETFD, FD_CLOEXEC);
	pthread_mutex_init(&s->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cv, &ca);
	pthread_condattr_destroy(&ca);
	return s;
}

/* Start the server thread. */
static void
fs_start(struct fakesrv *s)
{
	int e = pthread_create(&s->thread, NULL, fs_main, s);

	if (e != 0)
		fatalx("fakesrv: pthread_create: %s", strerror(e));
}

/* The server thread. */
static void *
fs_main(void *arg)
{
	struct fakesrv *s = arg;

	if (s->cb != NULL)
		fs_run_cb(s);
	else
		fs_run_script(s);
	pthread_mutex_lock(&s->mu);
	s->done = 1;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

/* Parse the script and start serving it. */
struct fakesrv *
fakesrv_start_script(const char *script)
{
	struct fakesrv *s = fs_new();

	fs_parse(s, script);
	fs_start(s);
	return s;
}

/* Start serving connections through a callback. */
struct fakesrv *
fakesrv_start_cb(fakesrv_cb cb, void *arg)
{
	struct fakesrv *s = fs_new();

	s->cb = cb;
	s->arg = arg;
	fs_start(s);
	return s;
}

/* The listening port. */
int
fakesrv_port(struct fakesrv *s)
{
	return s->port;
}

/* Split the script into lines and parse each. */
static void
fs_parse(struct fakesrv *s, const char *script)
{
	char *copy = xstrdup(script), *line = copy, *nl;
	int lineno = 0;

	while (line != NULL) {
		nl = strchr(line, '\n');
		if (nl != NULL)
			*nl++ = '\0';
		fs_parse_line(s, ++lineno, line);
		line = nl;
	}
	free(copy);
}

/* One directive; a syntax error aborts (the test is wrong). */
static void
fs_parse_line(struct fakesrv *s, int lineno, char *line)
{
	static const struct {
		const char	*name;
		enum fs_kind	 kind;
		size_t		 min, max;
	} dirs[] = {
		{ "expect", FS_EXPECT, 1, (size_t)-1 },
		{ "send", FS_SEND, 1, (size_t)-1 },
		{ "chunk", FS_CHUNK, 1, 2 },
		{ "delay", FS_DELAY, 1, 1 },
		{ "drop", FS_DROP, 0, 0 },
		{ "drop-mid", FS_DROP_MID, 0, 0 },
		{ "raw", FS_RAW, 1, (size_t)-1 },
		{ "expect-close", FS_EXPECT_CLOSE, 0, 0 },
		{ "next", FS_NEXT, 0, 0 },
	};
	struct fs_line ln;
	char *tok, *save = NULL, why[256];
	size_t len = strlen(line), i;
	struct buf tmp;
	int wild;

	while (len > 0 && line[len - 1] == '\r')
		line[--len] = '\0';
	memset(&ln, 0, sizeof ln);
	ln.lineno = lineno;
	ln.text = xstrdup(line + strspn(line, " \t"));
	buf_init(&ln.raw);
	tok = strtok_r(line, " \t", &save);
	if (tok == NULL || tok[0] == '#') {
		free(ln.text);
		return;
	}
	for (i = 0; i < TD_ARRAY_LEN(dirs); i++)
		if (strcmp(tok, dirs[i].name) == 0)
			break;
	if (i == TD_ARRAY_LEN(dirs))
		fatalx("fakesrv: script line %d: unknown directive \"%s\"",
		    lineno, tok);
	ln.kind = dirs[i].kind;
	while ((tok = strtok_r(NULL, " \t", &save)) != NULL &&
	    tok[0] != '#') {
		ln.tok = xreallocarray(ln.tok, ln.ntok + 1, sizeof *ln.tok);
		ln.tok[ln.ntok++] = xstrdup(tok);
	}
	if (ln.ntok < dirs[i].min || ln.ntok > dirs[i].max)
		fatalx("fakesrv: script line %d: wrong number of arguments to "
		    "%s", lineno, dirs[i].name);
	switch (ln.kind) {
	case FS_EXPECT:
	case FS_SEND:
		for (i = 0; i < ln.ntok; i++) {
			buf_init(&tmp);
			if (fs_expand(NULL, ln.tok[i], &tmp,
			    ln.kind == FS_EXPECT ? &wild : NULL, why,
			    sizeof why) != 0)
				fatalx("fakesrv: script line %d: %s", lineno,
				    why);
			if (ln.kind == FS_SEND && tmp.len == 0 &&
			    strchr(ln.tok[i], '$') == NULL)
				fatalx("fakesrv: script line %d: empty word",
				    lineno);
			buf_free(&tmp);
		}
		break;
	case FS_CHUNK:
		ln.num = fs_number(&ln, ln.tok[0]);
		if (ln.ntok > 1)
			ln.num2 = fs_number(&ln, ln.tok[1]);
		break;
	case FS_DELAY:
		ln.num = fs_number(&ln, ln.tok[0]);
		break;
	case FS_RAW:
		for (i = 0; i < ln.ntok; i++)
			fs_hex(&ln, ln.tok[i]);
		break;
	case FS_DROP:
	case FS_DROP_MID:
	case FS_EXPECT_CLOSE:
	case FS_NEXT:
		break;
	}
	s->lines = xreallocarray(s->lines, s->nlines + 1, sizeof *s->lines);
	s->lines[s->nlines++] = ln;
}

/* A non-negative decimal argument. */
static long
fs_number(const struct fs_line *ln, const char *tok)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(tok, &end, 10);
	if (errno != 0 || *end != '\0' || end == tok || v < 0 ||
	    v > 100000000)
		fatalx("fakesrv: script line %d: bad number \"%s\"",
		    ln->lineno, tok);
	return v;
}

/* Append the bytes of a hex token to ln->raw. */
static void
fs_hex(struct fs_line *ln, const char *tok)
{
	unsigned int v;
	size_t i, n = strlen(tok);

	if (n % 2 != 0)
		fatalx("fakesrv: script line %d: odd hex \"%s\"", ln->lineno,
		    tok);
	for (i = 0; i < n; i += 2) {
		char pair[3] = { tok[i], tok[i + 1], '\0' };

		if (strspn(pair, "0123456789abcdefABCDEF") != 2 ||
		    sscanf(pair, "%2x", &v) != 1)
			fatalx("fakesrv: script line %d: bad hex \"%s\"",
			    ln->lineno, tok);
		buf_addc(&ln->raw, (char)v);
	}
}

/* Length of a variable name at p (letters, digits, '_'); 0 if none. */
static int
fs_varname(const char *p, size_t *len)
{
	size_t n = 0;

	while ((p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= 'a' && p[n] <= 'z') ||
	    (p[n] >= '0' && p[n] <= '9') || p[n] == '_')
		n++;
	*len = n;
	return n > 0;
}

/* The variable called name[0..len), or NULL. */
static struct fs_var *
fs_var_find(struct fakesrv *s, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < s->nvars; i++)
		if (strlen(s->vars[i].name) == len &&
		    memcmp(s->vars[i].name, name, len) == 0)
			return &s->vars[i];
	return NULL;
}

/* Decode escapes and variables of a raw word into out.  With wild, a
 * trailing unescaped '*' sets *wild instead of being copied.  With s NULL
 * only the syntax is checked.  Returns 0, or -1 with a reason in why. */
static int
fs_expand(struct fakesrv *s, const char *raw, struct buf *out, int *wild,
    char *why, size_t whylen)
{
	const char *p = raw;
	struct fs_var *v;
	unsigned int x;
	size_t n;

	if (wild != NULL)
		*wild = 0;
	while (*p != '\0') {
		if (*p == '\\') {
			p++;
			switch (*p) {
			case 'x':
				if (strspn(p + 1, "0123456789abcdefABCDEF") < 2 ||
				    sscanf(p + 1, "%2x", &x) != 1) {
					snprintf(why, whylen, "bad \\x escape "
					    "in \"%s\"", raw);
					return -1;
				}
				buf_addc(out, (char)x);
				p += 3;
				continue;
			case 's':
				buf_addc(out, ' ');
				break;
			case 't':
				buf_addc(out, '\t');
				break;
			case 'n':
				buf_addc(out, '\n');
				break;
			case 'r':
				buf_addc(out, '\r');
				break;
			case '\\':
			case '$':
			case '*':
				buf_addc(out, *p);
				break;
			default:
				snprintf(why, whylen, "bad escape in \"%s\"",
				    raw);
				return -1;
			}
			p++;
		} else if (*p == '$') {
			if (!fs_varname(p + 1, &n)) {
				snprintf(why, whylen, "'$' without a name in "
				    "\"%s\" (use \\$)", raw);
				return -1;
			}
			if (s != NULL) {
				v = fs_var_find(s, p + 1, n);
				if (v == NULL) {
					snprintf(why, whylen, "$%.*s is not "
					    "set", (int)n, p + 1);
					return -1;
				}
				buf_add(out, v->value.p, v->value.len);
			}
			p += 1 + n;
		} else if (*p == '*' && p[1] == '\0' && wild != NULL) {
			*wild = 1;
			p++;
		} else
			buf_addc(out, *p++);
	}
	return 0;
}

/* For ".tag=$NAME" the variable name; otherwise NULL. */
static const char *
fs_capture(const char *raw)
{
	size_t n;

	if (strncmp(raw, ".tag=$", 6) != 0)
		return NULL;
	if (!fs_varname(raw + 6, &n) || raw[6 + n] != '\0')
		return NULL;
	return raw + 6;
}

/* Does the received word w match the pattern raw?  -1 on a pattern error
 * (reason in why). */
static int
fs_match(struct fakesrv *s, const char *raw, const struct tword *w, char *why,
    size_t whylen)
{
	struct buf b;
	int wild, r;

	buf_init(&b);
	if (fs_expand(s, raw, &b, &wild, why, whylen) != 0) {
		buf_free(&b);
		return -1;
	}
	if (wild)
		r = w->len >= b.len && (b.len == 0 ||
		    memcmp(w->p, b.p, b.len) == 0);
	else
		r = w->len == b.len && (b.len == 0 ||
		    memcmp(w->p, b.p, b.len) == 0);
	buf_free(&b);
	return r;
}

/* A sentence as script words: escapes for spaces and odd bytes. */
static void
fs_render(struct buf *b, const struct sentence *snt)
{
	size_t i, start = b->len;
	uint32_t k;

	for (i = 0; i < snt->n; i++) {
		if (i > 0)
			buf_addc(b, ' ');
		for (k = 0; k < snt->w[i].len; k++) {
			unsigned char c = (unsigned char)snt->w[i].p[k];

			if (b->len - start > FS_RENDER_MAX) {
				buf_adds(b, "...");
				return;
			}
			if (c == ' ')
				buf_adds(b, "\\s");
			else if (c == '\\')
				buf_adds(b, "\\\\");
			else if (c < 0x21 || c > 0x7E)
				buf_printf(b, "\\x%02X", c);
			else
				buf_addc(b, (char)c);
		}
	}
}

/* Record the first failure, naming the script line. */
static void
fs_fail_line(struct fakesrv *s, const struct fs_line *ln, const char *fmt,
    ...)
{
	va_list ap;
	char what[1536];

	if (s->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	s->failed = 1;
	if (ln != NULL)
		snprintf(s->err, sizeof s->err, "line %d (%s): %s", ln->lineno,
		    ln->text, what);
	else
		snprintf(s->err, sizeof s->err, "%s", what);
}

/* The timeout fakesrv_finish gave up after. */
static int
fs_stop_timeout(struct fakesrv *s)
{
	int t;

	pthread_mutex_lock(&s->mu);
	t = s->timeout_ms;
	pthread_mutex_unlock(&s->mu);
	return t;
}

/* Wait for ev on fd (fd -1: just sleep timeout_ms; -1: no limit).  Returns
 * FS_IO_OK when ready or slept, FS_IO_STOP when asked to stop. */
static int
fs_wait(struct fakesrv *s, int fd, short ev, int timeout_ms)
{
	struct pollfd pfd[2];
	int64_t end = timeout_ms >= 0 ? now_ms() + timeout_ms : 0;
	int n, left;

	for (;;) {
		pfd[0].fd = s->wake[0];
		pfd[0].events = POLLIN;
		pfd[0].revents = 0;
		pfd[1].fd = fd;
		pfd[1].events = ev;
		pfd[1].revents = 0;
		left = -1;
		if (timeout_ms >= 0) {
			int64_t d = end - now_ms();

			left = d > 0 ? (int)d : 0;
		}
		n = poll(pfd, fd >= 0 ? 2 : 1, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			fatalx("fakesrv: poll: %s", strerror(errno));
		if (pfd[0].revents != 0)
			return FS_IO_STOP;
		if (fd >= 0 && pfd[1].revents != 0)
			return FS_IO_OK;
		if (timeout_ms >= 0 && now_ms() >= end)
			return FS_IO_OK;
	}
}

/* Accept the next client. */
static int
fs_accept(struct fakesrv *s, struct fakesrv_conn *c)
{
	int fd, r, one = 1;

	for (;;) {
		r = fs_wait(s, s->lfd, POLLIN, -1);
		if (r != FS_IO_OK)
			return r;
		fd = accept(s->lfd, NULL, NULL);
		if (fd >= 0)
			break;
		if (errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR && errno != ECONNABORTED)
			return FS_IO_ERR;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	memset(c, 0, sizeof *c);
	c->srv = s;
	c->fd = fd;
	c->index = s->conns++;
	c->codec = codec_new(NULL);
	return FS_IO_OK;
}

/* Close a connection (it may already be closed). */
static void
fs_conn_close(struct fakesrv_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	codec_free(&c->codec);
}

/* The client's next sentence.  FS_IO_ERR means bad bytes (codec_error). */
static int
fs_read_sentence(struct fakesrv_conn *c, struct sentence *out)
{
	enum codec_result r;
	unsigned char *p;
	size_t avail;
	ssize_t n;
	int w;

	for (;;) {
		r = codec_next(c->codec, out);
		if (r == CODEC_SENTENCE)
			return FS_IO_OK;
		if (r == CODEC_ERROR)
			return FS_IO_ERR;
		w = fs_wait(c->srv, c->fd, POLLIN, -1);
		if (w != FS_IO_OK)
			return w;
		p = codec_space(c->codec, 65536, &avail);
		n = recv(c->fd, p, avail, 0);
		if (n > 0)
			codec_commit(c->codec, (size_t)n);
		else if (n == 0)
			return FS_IO_CLOSED;
		else if (errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR)
			return FS_IO_CLOSED;
	}
}

/* Write everything, waiting for room. */
static int
fs_write_all(struct fakesrv_conn *c, const char *p, size_t n)
{
	ssize_t w;
	int r;

	while (n > 0) {
		w = send(c->fd, p, n, MSG_NOSIGNAL);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == EINTR)) {
			r = fs_wait(c->srv, c->fd, POLLOUT, -1);
			if (r != FS_IO_OK)
				return r;
			continue;
		}
		return FS_IO_CLOSED;
	}
	return FS_IO_OK;
}

/* Write in the connection's chunk size. */
static int
fs_write(struct fakesrv_conn *c, const void *p, size_t n)
{
	const char *q = p;
	size_t piece;
	int r;

	if (c->fd < 0)
		return FS_IO_CLOSED;
	if (c->chunk == 0)
		return fs_write_all(c, q, n);
	while (n > 0) {
		piece = n < c->chunk ? n : c->chunk;
		r = fs_write_all(c, q, piece);
		if (r != FS_IO_OK)
			return r;
		q += piece;
		n -= piece;
		if (n > 0 && c->chunk_ms > 0) {
			r = fs_wait(c->srv, -1, 0, c->chunk_ms);
			if (r != FS_IO_OK)
				return r;
		}
	}
	return FS_IO_OK;
}

/* expect: read a sentence and match it against the line's words. */
static int
fs_expect(struct fakesrv *s, struct fakesrv_conn *c, const struct fs_line *ln)
{
	struct sentence snt;
	struct buf got;
	char why[512];
	size_t i, wi, ntag = 0, ngot_tag = 0, nord = 0, *cap_word;
	int r, m, *used, bad = 0;

	r = fs_read_sentence(c, &snt);
	if (r == FS_IO_CLOSED) {
		fs_fail_line(s, ln, "the client closed the connection instead"
		    " (%zu bytes of a partial sentence buffered)",
		    codec_pending(c->codec));
		return -1;
	}
	if (r == FS_IO_STOP) {
		fs_fail_line(s, ln, "timed out after %d ms waiting for a "
		    "sentence (%zu bytes of a partial sentence buffered)",
		    fs_stop_timeout(s), codec_pending(c->codec));
		return -1;
	}
	if (r == FS_IO_ERR) {
		fs_fail_line(s, ln, "bad bytes from the client: %s",
		    codec_error(c->codec));
		return -1;
	}
	used = xcalloc(snt.n + 1, sizeof *used);
	cap_word = xcalloc(ln->ntok + 1, sizeof *cap_word);
	for (i = 0; i < snt.n; i++)
		if (word_prefix(&snt.w[i], ".tag="))
			ngot_tag++;
	/* tag patterns first: any unused received tag word that fits */
	for (i = 0; i < ln->ntok && !bad; i++) {
		if (strncmp(ln->tok[i], ".tag=", 5) != 0)
			continue;
		ntag++;
		for (wi = 0; wi < snt.n; wi++) {
			if (used[wi] || !word_prefix(&snt.w[wi], ".tag="))
				continue;
			if (fs_capture(ln->tok[i]) != NULL)
				m = 1;
			else
				m = fs_match(s, ln->tok[i], &snt.w[wi], why,
				    sizeof why);
			if (m < 0)
				goto pattern_error;
			if (m)
				break;
		}
		if (wi == snt.n)
			bad = 1;
		else {
			used[wi] = 1;
			cap_word[i] = wi;
		}
	}
	if (ntag != ngot_tag)
		bad = 1;
	/* the other words in order */
	wi = 0;
	for (i = 0; i < ln->ntok && !bad; i++) {
		if (strncmp(ln->tok[i], ".tag=", 5) == 0)
			continue;
		nord++;
		while (wi < snt.n && word_prefix(&snt.w[wi], ".tag="))
			wi++;
		if (wi == snt.n) {
			bad = 1;
			break;
		}
		m = fs_match(s, ln->tok[i], &snt.w[wi], why, sizeof why);
		if (m < 0)
			goto pattern_error;
		if (!m)
			bad = 1;
		wi++;
	}
	if (!bad && nord != snt.n - ngot_tag)
		bad = 1;
	if (bad) {
		buf_init(&got);
		fs_render(&got, &snt);
		fs_fail_line(s, ln, "got: %s", got.p != NULL ? got.p : "");
		buf_free(&got);
		goto fail;
	}
	/* a match: store the captured tags */
	for (i = 0; i < ln->ntok; i++) {
		const char *name = fs_capture(ln->tok[i]);
		const struct tword *w;
		struct fs_var *v;

		if (name == NULL)
			continue;
		w = &snt.w[cap_word[i]];
		v = fs_var_find(s, name, strlen(name));
		if (v == NULL) {
			s->vars = xreallocarray(s->vars, s->nvars + 1,
			    sizeof *s->vars);
			v = &s->vars[s->nvars++];
			v->name = xstrdup(name);
			buf_init(&v->value);
		}
		buf_reset(&v->value);
		buf_add(&v->value, w->p + 5, w->len - 5);
	}
	free(used);
	free(cap_word);
	return 0;

pattern_error:
	fs_fail_line(s, ln, "%s", why);
fail:
	free(used);
	free(cap_word);
	return -1;
}

/* expect-close: the client must close without sending anything. */
static int
fs_expect_close(struct fakesrv *s, struct fakesrv_conn *c,
    const struct fs_line *ln)
{
	struct sentence snt;
	struct buf got;
	int r = fs_read_sentence(c, &snt);

	if (r == FS_IO_CLOSED)
		return 0;
	if (r == FS_IO_STOP)
		fs_fail_line(s, ln, "timed out after %d ms waiting for the "
		    "client to close", fs_stop_timeout(s));
	else if (r == FS_IO_ERR)
		fs_fail_line(s, ln, "bad bytes from the client: %s",
		    codec_error(c->codec));
	else {
		buf_init(&got);
		fs_render(&got, &snt);
		fs_fail_line(s, ln, "the client sent a sentence instead of "
		    "closing: %s", got.p != NULL ? got.p : "");
		buf_free(&got);
	}
	return -1;
}

/* Write bytes for a script line, reporting trouble against it. */
static int
fs_write_line(struct fakesrv *s, struct fakesrv_conn *c,
    const struct fs_line *ln, const void *p, size_t n)
{
	int r = fs_write(c, p, n);

	if (r == FS_IO_OK)
		return 0;
	if (r == FS_IO_STOP)
		fs_fail_line(s, ln, "timed out after %d ms while writing",
		    fs_stop_timeout(s));
	else
		fs_fail_line(s, ln, "the client closed the connection");
	return -1;
}

/* send: encode the words (variables expanded) and write them. */
static int
fs_send(struct fakesrv *s, struct fakesrv_conn *c, const struct fs_line *ln)
{
	struct buf out, w;
	char why[512];
	size_t i, half;
	int r;

	buf_init(&out);
	for (i = 0; i < ln->ntok; i++) {
		buf_init(&w);
		if (fs_expand(s, ln->tok[i], &w, NULL, why, sizeof why) != 0) {
			fs_fail_line(s, ln, "%s", why);
			buf_free(&w);
			buf_free(&out);
			return -1;
		}
		codec_put_word(&out, w.p, (uint32_t)w.len);
		buf_free(&w);
	}
	codec_put_word(&out, NULL, 0);
	if (c->drop_mid) {
		half = out.len / 2 > 0 ? out.len / 2 : 1;
		r = fs_write_line(s, c, ln, out.p, half);
		c->drop_mid = 0;
		c->closed_at = ln->lineno;
		if (c->fd >= 0)
			close(c->fd);
		c->fd = -1;
	} else
		r = fs_write_line(s, c, ln, out.p, out.len);
	buf_free(&out);
	return r;
}

/* Run one directive on connection c. */
static int
fs_run_line(struct fakesrv *s, struct fakesrv_conn *c,
    const struct fs_line *ln)
{
	int needs_conn = ln->kind == FS_EXPECT || ln->kind == FS_SEND ||
	    ln->kind == FS_RAW || ln->kind == FS_EXPECT_CLOSE ||
	    ln->kind == FS_DROP;

	if (needs_conn && c->fd < 0) {
		fs_fail_line(s, ln, "the connection was closed on line %d",
		    c->closed_at);
		return -1;
	}
	switch (ln->kind) {
	case FS_EXPECT:
		return fs_expect(s, c, ln);
	case FS_SEND:
		return fs_send(s, c, ln);
	case FS_CHUNK:
		c->chunk = (size_t)ln->num;
		c->chunk_ms = (int)ln->num2;
		return 0;
	case FS_DELAY:
		if (fs_wait(s, -1, 0, (int)ln->num) != FS_IO_OK) {
			fs_fail_line(s, ln, "timed out after %d ms during the "
			    "delay", fs_stop_timeout(s));
			return -1;
		}
		return 0;
	case FS_DROP:
		close(c->fd);
		c->fd = -1;
		c->closed_at = ln->lineno;
		return 0;
	case FS_DROP_MID:
		c->drop_mid = 1;
		return 0;
	case FS_RAW:
		return fs_write_line(s, c, ln, ln->raw.p, ln->raw.len);
	case FS_EXPECT_CLOSE:
		return fs_expect_close(s, c, ln);
	case FS_NEXT:
		break;
	}
	return 0;
}

/* Serve the script: one connection per section between `next` lines. */
static void
fs_run_script(struct fakesrv *s)
{
	struct fakesrv_conn c;
	size_t i = 0;
	int r;

	while (i < s->nlines) {
		r = fs_accept(s, &c);
		if (r == FS_IO_STOP) {
			fs_fail_line(s, &s->lines[i], "timed out after %d ms "
			    "waiting for connection %d", fs_stop_timeout(s),
			    s->conns + 1);
			return;
		}
		if (r != FS_IO_OK) {
			fs_fail_line(s, &s->lines[i], "accept: %s",
			    strerror(errno));
			return;
		}
		for (; i < s->nlines && s->lines[i].kind != FS_NEXT; i++) {
			if (fs_run_line(s, &c, &s->lines[i]) != 0) {
				fs_conn_close(&c);
				return;
			}
		}
		fs_conn_close(&c);
		if (i < s->nlines)
			i++;
	}
}

/* Serve connections, handing every sentence to the callback. */
static void
fs_run_cb(struct fakesrv *s)
{
	struct fakesrv_conn c;
	struct sentence snt;
	int r;

	for (;;) {
		if (fs_accept(s, &c) != FS_IO_OK)
			return;
		for (;;) {
			r = fs_read_sentence(&c, &snt);
			if (r == FS_IO_OK) {
				if (s->cb(&c, &snt, s->arg) == FAKESRV_CLOSE ||
				    c.fd < 0)
					break;
				continue;
			}
			if (r == FS_IO_CLOSED)
				s->cb(&c, NULL, s->arg);
			else if (r == FS_IO_ERR)
				fs_fail_line(s, NULL, "connection %d: bad bytes "
				    "from the client: %s", c.index,
				    codec_error(c.codec));
			if (r == FS_IO_STOP) {
				fs_conn_close(&c);
				return;
			}
			break;
		}
		fs_conn_close(&c);
	}
}

/* Send a sentence of C strings from a callback. */
void
fakesrv_reply(struct fakesrv_conn *c, ...)
{
	struct buf out;
	const char *w;
	va_list ap;

	buf_init(&out);
	va_start(ap, c);
	while ((w = va_arg(ap, const char *)) != NULL)
		codec_put_str(&out, w);
	va_end(ap);
	codec_put_word(&out, NULL, 0);
	(void)fs_write(c, out.p, out.len);
	buf_free(&out);
}

/* Send a sentence of byte words from a callback. */
void
fakesrv_reply_words(struct fakesrv_conn *c, const struct tword *w, size_t n)
{
	struct buf out;

	buf_init(&out);
	codec_put_words(&out, w, n);
	(void)fs_write(c, out.p, out.len);
	buf_free(&out);
}

/* Send raw bytes from a callback. */
void
fakesrv_write(struct fakesrv_conn *c, const void *p, size_t n)
{
	(void)fs_write(c, p, n);
}

/* Set the write piece size and spacing. */
void
fakesrv_chunk(struct fakesrv_conn *c, size_t n, int ms)
{
	c->chunk = n;
	c->chunk_ms = ms;
}

/* Record a callback-detected failure. */
void
fakesrv_fail(struct fakesrv_conn *c, const char *fmt, ...)
{
	va_list ap;
	char what[1536];

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	fs_fail_line(c->srv, NULL, "connection %d: %s", c->index, what);
}

/* The 0-based number of this connection. */
int
fakesrv_conn_index(const struct fakesrv_conn *c)
{
	return c->index;
}

/* Release everything once the thread has ended. */
static void
fs_free(struct fakesrv *s)
{
	size_t i, k;

	for (i = 0; i < s->nlines; i++) {
		for (k = 0; k < s->lines[i].ntok; k++)
			free(s->lines[i].tok[k]);
		free(s->lines[i].tok);
		free(s->lines[i].text);
		buf_free(&s->lines[i].raw);
	}
	free(s->lines);
	for (i = 0; i < s->nvars; i++) {
		free(s->vars[i].name);
		buf_free(&s->vars[i].value);
	}
	free(s->vars);
	close(s->lfd);
	close(s->wake[0]);
	close(s->wake[1]);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s);
}

/* Wait for the script, stop the thread, report, free. */
int
fakesrv_finish(struct fakesrv **sp, int timeout_ms, char *err, size_t errlen)
{
	struct fakesrv *s = *sp;
	struct timespec ts;
	int rc;

	if (s == NULL)
		return -1;
	pthread_mutex_lock(&s->mu);
	if (s->cb == NULL) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += timeout_ms / 1000;
		ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		while (!s->done)
			if (pthread_cond_timedwait(&s->cv, &s->mu, &ts) ==
			    ETIMEDOUT)
				break;
	}
	s->timeout_ms = timeout_ms;
	pthread_mutex_unlock(&s->mu);
	if (write(s->wake[1], "x", 1) != 1)
		fatalx("fakesrv: write: %s", strerror(errno));
	pthread_join(s->thread, NULL);
	rc = s->failed ? -1 : 0;
	if (err != NULL && errlen > 0)
		str_copy(err, errlen, s->failed ? s->err : "");
	fs_free(s);
	*sp = NULL;
	return rc;
}
