/* test_fakesrv.c: the fake RouterOS server, driven by a raw socket client. */
#include "config.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codec.h"
#include "fakesrv.h"
#include "tap.h"

/* A test client: a blocking socket with a receive timeout and a decoder. */
struct client {
	int		 fd;
	struct codec	*codec;
	int		 reads;		/* recv calls that returned data */
	int		 eof;
};

struct cb_state {
	int	sentences;
	int	closes;
	int	conns_seen;
};

static void client_open(struct client *c, int port);
static void client_close(struct client *c);
static void client_send(struct client *c, ...);
static char *client_read(struct client *c);
static void render(struct buf *b, const struct sentence *s);
static int echo_cb(struct fakesrv_conn *conn, const struct sentence *s,
    void *arg);
static void test_script_login(void);
static void test_next_and_raw(void);
static void test_mismatch(void);
static void test_unexpected_tag(void);
static void test_timeout(void);
static void test_drop_mid(void);
static void test_delay(void);
static void test_callback(void);

/* Connect to the server on 127.0.0.1. */
static void
client_open(struct client *c, int port)
{
	struct sockaddr_in sin;
	struct timeval tv = { 5, 0 };

	memset(c, 0, sizeof *c);
	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (c->fd < 0)
		fatalx("socket: %s", strerror(errno));
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((uint16_t)port);
	if (connect(c->fd, (struct sockaddr *)&sin, sizeof sin) != 0)
		fatalx("connect: %s", strerror(errno));
	c->codec = codec_new(NULL);
}

/* Close the client. */
static void
client_close(struct client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	codec_free(&c->codec);
}

/* Send one sentence of C-string words (up to NULL). */
static void
client_send(struct client *c, ...)
{
	struct buf b;
	const char *w;
	va_list ap;

	buf_init(&b);
	va_start(ap, c);
	while ((w = va_arg(ap, const char *)) != NULL)
		codec_put_str(&b, w);
	va_end(ap);
	codec_put_word(&b, NULL, 0);
	if (send(c->fd, b.p, b.len, MSG_NOSIGNAL) != (ssize_t)b.len)
		diag("send failed: %s", strerror(errno));
	buf_free(&b);
}

/* The next sentence rendered as words (see render), or NULL at EOF or
 * timeout.  The caller frees it. */
static char *
client_read(struct client *c)
{
	struct sentence s;
	struct buf b;
	unsigned char *p;
	size_t avail;
	ssize_t n;

	for (;;) {
		if (codec_next(c->codec, &s) == CODEC_SENTENCE) {
			buf_init(&b);
			render(&b, &s);
			return buf_steal(&b, NULL);
		}
		if (codec_error(c->codec) != NULL)
			return NULL;
		p = codec_space(c->codec, 4096, &avail);
		n = recv(c->fd, p, avail, 0);
		if (n <= 0) {
			c->eof = 1;
			return NULL;
		}
		c->reads++;
		codec_commit(c->codec, (size_t)n);
	}
}

/* Words joined by '|', bytes outside printable ASCII as <NN>. */
static void
render(struct buf *b, const struct sentence *s)
{
	size_t i;
	uint32_t k;

	for (i = 0; i < s->n; i++) {
		if (i > 0)
			buf_addc(b, '|');
		for (k = 0; k < s->w[i].len; k++) {
			unsigned char ch = (unsigned char)s->w[i].p[k];

			if (ch < 0x20 || ch > 0x7E)
				buf_printf(b, "<%02X>", ch);
			else
				buf_addc(b, (char)ch);
		}
	}
}

/* A login, then a tagged print answered byte by byte. */
static void
test_script_login(void)
{
	static const char script[] =
	    "# modern login, then a print\n"
	    "expect /login =name=admin =password=*\n"
	    "send !done\n"
	    "expect /interface/print .tag=$T =.proplist=name,comment\n"
	    "chunk 1\n"
	    "send !re .tag=$T =name=ether1 =comment=a\\sb\\x00c\n"
	    "send !done .tag=$T   # trailing comment\n"
	    "\n"
	    "expect-close\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	struct client c;
	char err[1024], *s;

	ok(fakesrv_port(srv) > 0, "server has a port (%d)",
	    fakesrv_port(srv));
	client_open(&c, fakesrv_port(srv));
	client_send(&c, "/login", "=name=admin", "=password=hunter2", NULL);
	s = client_read(&c);
	is_str(s, "!done", "login answered");
	free(s);
	client_send(&c, ".tag=42", "/interface/print", "=.proplist=name,comment",
	    NULL);
	s = client_read(&c);
	is_str(s, "!re|.tag=42|=name=ether1|=comment=a b<00>c",
	    "captured tag sent back, escapes decoded");
	free(s);
	s = client_read(&c);
	is_str(s, "!done|.tag=42", "!done with the tag");
	free(s);
	ok(c.reads > 2, "chunk 1: the reply came in several reads (%d)",
	    c.reads);
	client_close(&c);
	is_int(fakesrv_finish(&srv, 5000, err, sizeof err), 0,
	    "script ran to the end");
	is_str(err, "", "no error");
	ok(srv == NULL, "fakesrv_finish clears the pointer");
}

/* Two connections: the first dropped, the second with raw bytes. */
static void
test_next_and_raw(void)
{
	static const char script[] =
	    "expect /a\n"
	    "drop\n"
	    "next\n"
	    "expect /b *\n"
	    "send !done =ret=*1\n"
	    "raw 00 05 21 64 6F 6E 65 00\n"
	    "raw 05216e6f6e65\n"
	    "raw 00\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	struct client c;
	char err[1024], *s;

	client_open(&c, fakesrv_port(srv));
	client_send(&c, "/a", NULL);
	s = client_read(&c);
	ok(s == NULL && c.eof, "first connection dropped");
	free(s);
	client_close(&c);
	client_open(&c, fakesrv_port(srv));
	client_send(&c, "/b", "=anything=at all", NULL);
	s = client_read(&c);
	is_str(s, "!done|=ret=*1", "second connection answered");
	free(s);
	s = client_read(&c);
	is_str(s, "!done", "raw bytes: empty sentence, then !done");
	free(s);
	s = client_read(&c);
	is_str(s, "!none", "raw hex without spaces");
	free(s);
	s = client_read(&c);
	ok(s == NULL && c.eof, "closed at the end of the script");
	free(s);
	client_close(&c);
	is_int(fakesrv_finish(&srv, 5000, err, sizeof err), 0,
	    "two-connection script passes: %s", err);
}

/* A wrong word is reported with the line and what arrived. */
static void
test_mismatch(void)
{
	static const char script[] =
	    "# comment line\n"
	    "expect /login =name=admin =password=*\n"
	    "send !done\n";
	struct fakesrv *srv = fakesrv_start_script(script);
	struct client c;
	char err[1024], *s;

	client_open(&c, fakesrv_port(srv));
	client_send(&c, "/login", "=name=root user", "=password=x", NULL);
	s = client_read(&c);
	ok(s == NULL, "no reply after a mismatch");
	free(s);
	client_close(&c);
	is_int(fakesrv_finish(&srv, 5000, err, sizeof err), -1,
	    "mismatch fails the script");
	ok(strstr(err, "line 2") != NULL, "names line 2: %s", err);
	ok(strstr(err, "=name=root\\suser") != NULL,
	    "shows what arrived instead");

	/* too many words */
	srv = fakesrv_start_script("expect /x\n");
	client_open(&c, fakesrv_port(srv));
	client_send(&c, "/x", "=extra=1", NULL);
	client_close(&c);
	is_int(fakesrv_finish(&srv, 5000, err, sizeof err), -1,
	    "extra word fails");
	ok(strstr(err, "line 1") != NULL && strstr(err, "=extra=1") != NULL,
	    "%s", err);

	/* an unset variable in a send */
	srv = fakesrv_start_script("expect /x\nsend !done .tag=$NOPE\n");
	client_open(&c, fakesrv_port(srv));
	client_send(&c, "/x", NULL);
	client_close(&c);
	is_int(fakesrv_finish(&srv, 5000, err, sizeof err), -1,
	    "unset variable fails");
	ok(strstr(err, "$NOPE is not set") != NULL, "%s", err);

	/* the client closes instead of sending */
	srv = fakesrv_start_script("expect /x\n");
	client_open(&c, fakesrv_port(srv));
	client_close(&c);
	is_int(fakesrv_finish(&srv, 5000, err, sizeof err), -1,
	    "close instead of a sentence fails");
	ok(strstr(err, "closed") != NULL, "%s", err);

	/* expect-close, but a sentence comes */
	srv = fakesrv_start_script("expect-close\n");
	client_open(&c, fakesrv_port(srv));
	client_send(&c, "/quit", NULL);
	is_int(fakesrv_finish(&srv, 5000, err, sizeof err), -1,
	    "sentence instead of a close fails");
	ok(strstr(err, "/quit") != NULL, "%s", err);
	client_close(&c);
}

/* Tags must be accounted for, wherever they sit. */
static void
test_unexpected_tag(void)
{
	struct fakesrv *srv;
	struct client c;
	char err[1024], *s;

	srv = fakesrv_start_script("expect /x =a=1\n");
	client_open(&c, fakesrv_port(srv));
	client_send(&c, "/x", "=a=1", ".tag=9", NULL);
	client_close(&c);
	is_int(fakesrv_finish(&srv, 5000, err, sizeof err), -1,
	    "an unexpected tag fails");
	ok(strstr(err, ".tag=9") != NULL, "%s", err);

	srv = fakesrv_start_script(
	    "expect /cancel .tag=$C =tag=7\n"
	    "send !done .tag=$C\n"
	    "expect /x .tag=5\n"
	    "send !done .tag=5\n");
	client_open(&c, fakesrv_port(srv));
	client_send(&c, "/cancel", "=tag=7", ".tag=c1", NULL);
	s = client_read(&c);
	is_str(s, "!done|.tag=c1", "tag at the end captured");
	free(s);
	client_send(&c, ".tag=5", "/x", NULL);
	s = client_read(&c);
	is_str(s, "!done|.tag=5", "literal tag first in the sentence");
	free(s);
	client_close(&c);
	is_int(fakesrv_finish(&srv, 5000, err, sizeof err), 0,
	    "tags anywhere: %s", err);
}

/* A script that never completes is stopped and reported. */
static void
test_timeout(void)
{
	struct fakesrv *srv;
	struct client c;
	char err[1024];
	int64_t t0;

	srv = fakesrv_start_script("expect /one\nexpect /two\n");
	client_open(&c, fakesrv_port(srv));
	client_send(&c, "/one", NULL);
	t0 = now_ms();
	is_int(fakesrv_finish(&srv, 300, err, sizeof err), -1,
	    "missing sentence times out");
	ok(now_ms() - t0 >= 250, "after the timeout");
	ok(strstr(err, "line 2") != NULL && strstr(err, "timed out") != NULL,
	    "%s", err);
	client_close(&c);

	srv = fakesrv_start_script("expect /one\nnext\nexpect /two\n");
	client_open(&c, fakesrv_port(srv));
	client_send(&c, "/one", NULL);
	is_int(fakesrv_finish(&srv, 300, err, sizeof err), -1,
	    "missing second connection times out");
	ok(strstr(err, "line 3") != NULL &&
	    strstr(err, "connection 2") != NULL, "%s", err);
	client_close(&c);
}

/* drop-mid: half a sentence, then the close. */
static void
test_drop_mid(void)
{
	struct fakesrv *srv;
	struct client c;
	char err[1024], *s;

	srv = fakesrv_start_script("expect /x\ndrop-mid\n"
	    "send !re =name=ether1 =comment=0123456789\n");
	client_open(&c, fakesrv_port(srv));
	client_send(&c, "/x", NULL);
	s = client_read(&c);
	ok(s == NULL && c.eof, "no sentence, then EOF");
	is_int((long long)codec_pending(c.codec), 19,
	    "half of the 38-byte sentence arrived");
	free(s);
	client_close(&c);
	is_int(fakesrv_finish(&srv, 5000, err, sizeof err), 0, "%s", err);

	srv = fakesrv_start_script("drop\nsend !done\n");
	client_open(&c, fakesrv_port(srv));
	is_int(fakesrv_finish(&srv, 5000, err, sizeof err), -1,
	    "send after drop fails");
	ok(strstr(err, "closed on line 1") != NULL, "%s", err);
	client_close(&c);
}

/* delay holds the reply back. */
static void
test_delay(void)
{
	struct fakesrv *srv;
	struct client c;
	char err[1024], *s;
	int64_t t0;

	srv = fakesrv_start_script("expect /x\ndelay 150\nchunk 2 5\n"
	    "send !done\n");
	client_open(&c, fakesrv_port(srv));
	t0 = now_ms();
	client_send(&c, "/x", NULL);
	s = client_read(&c);
	is_str(s, "!done", "reply after the delay");
	ok(now_ms() - t0 >= 150, "took at least 150 ms (%lld)",
	    (long long)(now_ms() - t0));
	free(s);
	client_close(&c);
	is_int(fakesrv_finish(&srv, 5000, err, sizeof err), 0, "%s", err);
}

/* The callback echoes each command's tag, closing on /quit. */
static int
echo_cb(struct fakesrv_conn *conn, const struct sentence *s, void *arg)
{
	struct cb_state *st = arg;
	struct reply r;

	if (fakesrv_conn_index(conn) + 1 > st->conns_seen)
		st->conns_seen = fakesrv_conn_index(conn) + 1;
	if (s == NULL) {
		st->closes++;
		return FAKESRV_CONTINUE;
	}
	st->sentences++;
	if (word_eq(&s->w[0], "/quit")) {
		fakesrv_reply(conn, "!fatal", "session terminated on request",
		    NULL);
		return FAKESRV_CLOSE;
	}
	if (word_eq(&s->w[0], "/bad"))
		fakesrv_fail(conn, "got /bad");
	reply_parse(s, &r);
	if (r.has_tag) {
		struct tword w[2];
		char *tag = xasprintf(".tag=%.*s", (int)r.tag.len, r.tag.p);

		w[0] = word_str("!done");
		w[1] = word_str(tag);
		fakesrv_chunk(conn, 3, 0);
		fakesrv_reply_words(conn, w, 2);
		free(tag);
	} else
		fakesrv_write(conn, "\x05!done\x00", 7);
	return FAKESRV_CONTINUE;
}

/* Callback mode over two connections. */
static void
test_callback(void)
{
	struct cb_state st = { 0, 0, 0 };
	struct fakesrv *srv = fakesrv_start_cb(echo_cb, &st);
	struct client c;
	char err[1024], *s;

	client_open(&c, fakesrv_port(srv));
	client_send(&c, "/a", ".tag=1", NULL);
	client_send(&c, "/b", NULL);
	client_send(&c, "/quit", NULL);
	s = client_read(&c);
	is_str(s, "!done|.tag=1", "tag echoed");
	free(s);
	s = client_read(&c);
	is_str(s, "!done", "raw reply");
	free(s);
	s = client_read(&c);
	is_str(s, "!fatal|session terminated on request", "!fatal");
	free(s);
	s = client_read(&c);
	ok(s == NULL && c.eof, "closed after /quit");
	client_close(&c);

	client_open(&c, fakesrv_port(srv));
	client_send(&c, "/c", NULL);
	s = client_read(&c);
	is_str(s, "!done", "second connection served");
	free(s);
	client_close(&c);
	usleep(100000);		/* let the server see the close */
	is_int(fakesrv_finish(&srv, 1000, err, sizeof err), 0,
	    "callback server: %s", err);
	is_int(st.sentences, 4, "4 sentences seen");
	is_int(st.conns_seen, 2, "2 connections");
	is_int(st.closes, 1, "client close reported once");

	memset(&st, 0, sizeof st);
	srv = fakesrv_start_cb(echo_cb, &st);
	client_open(&c, fakesrv_port(srv));
	client_send(&c, "/bad", NULL);
	s = client_read(&c);
	free(s);
	client_close(&c);
	is_int(fakesrv_finish(&srv, 1000, err, sizeof err), -1,
	    "fakesrv_fail is reported");
	is_str(err, "connection 0: got /bad", "with its message");
}

/* Run every group of checks. */
int
main(void)
{
	test_script_login();
	test_next_and_raw();
	test_mismatch();
	test_unexpected_tag();
	test_timeout();
	test_drop_mid();
	test_delay();
	test_callback();
	return tap_done();
}
