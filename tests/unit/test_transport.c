/*
 * test_transport.c: the transport layer against servers running in threads
 * on loopback: TCP (IPv4, IPv6, names), proxy commands through fake-ssh,
 * socket pairs, and TLS trust decisions against tlsgen certificates.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "tap.h"
#include "tlsgen.h"
#include "transport.h"
#include "util.h"

#define MAX_CONNS	64
#define TIMEOUT_MS	30000
#define BIG_TIMEOUT_MS	180000
#define BIG		(3 * 1024 * 1024)
#define ADH_SERVER_CIPHERS "ADH-AES256-GCM-SHA384:ADH-AES128-GCM-SHA256:" \
			"@SECLEVEL=0"

/* An echo server: plain, or TLS when ctx is set.  One thread per client. */
struct server {
	int		 lfd;
	int		 family;
	char		 port[16];
	SSL_CTX		*ctx;
	pthread_t	 acceptor;
	int		 have_acceptor;
	pthread_t	 conns[MAX_CONNS];
	int		 nconns;
	atomic_int	 stop;
	pthread_mutex_t	 lock;
	char		 sni[256];	/* server name of the last handshake */
	int		 handshakes;	/* successful SSL_accept()s */
};

struct conn {
	struct server	*srv;
	int		 fd;
};

static void server_init(struct server *s, SSL_CTX *ctx);
static int server_start(struct server *s, int family, SSL_CTX *ctx);
static void server_spawn(struct server *s, int fd);
static void server_stop(struct server *s);
static void *server_accept_main(void *arg);
static void *server_conn_main(void *arg);
static void server_echo_plain(int fd);
static void server_echo_tls(struct server *s, int fd);
static SSL_CTX *ctx_cert(EVP_PKEY *key, X509 *cert);
static SSL_CTX *ctx_adh(void);
static int closed_port(char *port, size_t len);
static void cfg_init(struct transport_cfg *c, enum transport_kind kind,
    const char *host, const char *port);
static struct transport *tr_open(const struct transport_cfg *c,
    char *err, size_t errlen, enum transport_errkind *kind);
static int tr_drive(struct transport *t, int timeout_ms);
static ssize_t tr_exchange(struct transport *t, const void *out,
    size_t outlen, void *in, size_t inlen, int timeout_ms);
static int tr_round_trip(struct transport *t, const char *msg);
static int tr_read_all(struct transport *t, struct buf *b, int timeout_ms);
static int tr_connect_fails(const struct transport_cfg *c,
    enum transport_errkind *kind, char *err, size_t errlen);
static void find_fake_ssh(const char *argv0);
static void test_fingerprint(void);
static void test_jump(void);
static void test_tcp(struct server *echo);
static void test_refused(void);
static void test_ipv6(void);
static void test_localhost(struct server *echo);
static void test_fallback(struct server *echo);
static void test_fd(void);
static void test_fd_tls(SSL_CTX *ctx);
static void test_proxy(struct server *echo, struct server *tls);
static void test_tls_default(struct server *tls);
static void test_tls_ca(struct server *tls);
static void test_tls_pin(struct server *tls);
static void test_tls_insecure(struct server *tls, struct server *plain);
static void test_adh(struct server *adh);
static void test_big(struct server *echo, struct server *tls);

/* Resolves to three addresses, only the last of which can listen. */
#define MULTI_HOST	"tikdeck-multi.test"

static char *fake_ssh;
static char fp[96];		/* the test certificate's fingerprint */
static char tmpdir[64];
static char ca_path[128];

/* ---- a name with several addresses ---------------------------------- */

/* /etc/hosts cannot be changed here, so MULTI_HOST is answered in-process:
 * 127.0.0.2 and ::1 (nobody listens there), then 127.0.0.1.  Everything
 * else goes to the C library. */
int
getaddrinfo(const char *node, const char *service,
    const struct addrinfo *hints, struct addrinfo **res)
{
	static const char *addrs[] = { "127.0.0.2", "::1", "127.0.0.1" };
	int (*real)(const char *, const char *, const struct addrinfo *,
	    struct addrinfo **);
	struct addrinfo h, *head = NULL, **tail = &head, *one;
	size_t i;
	int r;

	*(void **)&real = dlsym(RTLD_NEXT, "getaddrinfo");
	if (real == NULL)
		return EAI_FAIL;
	if (node == NULL || strcmp(node, MULTI_HOST) != 0)
		return real(node, service, hints, res);
	memset(&h, 0, sizeof h);
	if (hints != NULL)
		h = *hints;
	h.ai_family = AF_UNSPEC;
	h.ai_flags |= AI_NUMERICHOST;
	for (i = 0; i < TD_ARRAY_LEN(addrs); i++) {
		r = real(addrs[i], service, &h, &one);
		if (r != 0)
			continue;	/* no IPv6 at all: fine */
		*tail = one;
		while (one->ai_next != NULL)
			one = one->ai_next;
		tail = &one->ai_next;
	}
	if (head == NULL)
		return EAI_NONAME;
	*res = head;
	return 0;
}

/* ---- servers -------------------------------------------------------- */

static void
server_init(struct server *s, SSL_CTX *ctx)
{
	memset(s, 0, sizeof *s);
	s->lfd = -1;
	s->ctx = ctx;
	atomic_init(&s->stop, 0);
	pthread_mutex_init(&s->lock, NULL);
}

/* Listen on the loopback address of family, port 0. */
static int
server_start(struct server *s, int family, SSL_CTX *ctx)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	int on = 1;

	server_init(s, ctx);
	s->family = family;
	memset(&ss, 0, sizeof ss);
	if (family == AF_INET6) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = in6addr_loopback;
		len = sizeof *sin6;
	} else {
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof *sin;
	}
	s->lfd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s->lfd == -1)
		return -1;
	(void)setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	if (bind(s->lfd, (struct sockaddr *)&ss, len) == -1 ||
	    listen(s->lfd, 16) == -1 ||
	    getsockname(s->lfd, (struct sockaddr *)&ss, &len) == -1) {
		close(s->lfd);
		s->lfd = -1;
		return -1;
	}
	str_fmt(s->port, sizeof s->port, "%u", (unsigned)ntohs(
	    family == AF_INET6 ? sin6->sin6_port : sin->sin_port));
	if (pthread_create(&s->acceptor, NULL, server_accept_main, s) != 0) {
		close(s->lfd);
		s->lfd = -1;
		return -1;
	}
	s->have_acceptor = 1;
	return 0;
}

/* Serve fd in a new thread (called by the acceptor, or by the test for a
 * server without a listener). */
static void
server_spawn(struct server *s, int fd)
{
	struct conn *c;

	if (s->nconns == MAX_CONNS) {
		close(fd);
		return;
	}
	c = xmalloc(sizeof *c);
	c->srv = s;
	c->fd = fd;
	if (pthread_create(&s->conns[s->nconns], NULL, server_conn_main,
	    c) != 0) {
		close(fd);
		free(c);
		return;
	}
	s->nconns++;
}

static void
server_stop(struct server *s)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	int fd, i;

	if (s->have_acceptor) {
		/* Wake the acceptor with a connection it will drop. */
		atomic_store(&s->stop, 1);
		if (getsockname(s->lfd, (struct sockaddr *)&ss, &len) == 0) {
			fd = socket(s->family, SOCK_STREAM | SOCK_CLOEXEC, 0);
			if (fd != -1) {
				(void)connect(fd, (struct sockaddr *)&ss, len);
				close(fd);
			}
		}
		pthread_join(s->acceptor, NULL);
	}
	for (i = 0; i < s->nconns; i++)
		pthread_join(s->conns[i], NULL);
	if (s->lfd != -1)
		close(s->lfd);
	pthread_mutex_destroy(&s->lock);
	s->lfd = -1;
	s->nconns = 0;
	s->have_acceptor = 0;
}

static void *
server_accept_main(void *arg)
{
	struct server *s = arg;
	int fd;

	for (;;) {
		fd = accept(s->lfd, NULL, NULL);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			break;
		}
		if (atomic_load(&s->stop)) {
			close(fd);
			break;
		}
		server_spawn(s, fd);
	}
	return NULL;
}

static void *
server_conn_main(void *arg)
{
	struct conn *c = arg;
	struct timeval tv = { 60, 0 };
	sigset_t sigs;

	/* A client that goes away must not kill the test with SIGPIPE; the
	 * test thread keeps SIGPIPE fatal to catch the transport using it. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	/* Never hang the test on a client that vanished silently. */
	(void)setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	(void)setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	if (c->srv->ctx != NULL)
		server_echo_tls(c->srv, c->fd);
	else
		server_echo_plain(c->fd);
	close(c->fd);
	free(c);
	return NULL;
}

static void
server_echo_plain(int fd)
{
	char buf[16384];
	ssize_t n, w, off;

	while ((n = read(fd, buf, sizeof buf)) > 0) {
		for (off = 0; off < n; off += w) {
			w = write(fd, buf + off, (size_t)(n - off));
			if (w <= 0)
				return;
		}
	}
}

static void
server_echo_tls(struct server *s, int fd)
{
	char buf[16384];
	const char *sni;
	SSL *ssl;
	int n, w, off;

	ssl = SSL_new(s->ctx);
	if (ssl == NULL)
		return;
	SSL_set_fd(ssl, fd);
	if (SSL_accept(ssl) != 1) {
		ERR_clear_error();
		SSL_free(ssl);
		return;
	}
	sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
	pthread_mutex_lock(&s->lock);
	str_copy(s->sni, sizeof s->sni, sni != NULL ? sni : "");
	s->handshakes++;
	pthread_mutex_unlock(&s->lock);

	while ((n = SSL_read(ssl, buf, sizeof buf)) > 0) {
		for (off = 0; off < n; off += w) {
			w = SSL_write(ssl, buf + off, n - off);
			if (w <= 0)
				goto out;
		}
	}
	(void)SSL_shutdown(ssl);
out:
	ERR_clear_error();
	SSL_free(ssl);
}

static SSL_CTX *
ctx_cert(EVP_PKEY *key, X509 *cert)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

	if (ctx == NULL || SSL_CTX_use_certificate(ctx, cert) != 1 ||
	    SSL_CTX_use_PrivateKey(ctx, key) != 1)
		return NULL;
	return ctx;
}

/* A certificate-less api-ssl server, as RouterOS without a certificate. */
static SSL_CTX *
ctx_adh(void)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

	if (ctx == NULL ||
	    SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION) != 1 ||
	    SSL_CTX_set_cipher_list(ctx, ADH_SERVER_CIPHERS) != 1)
		return NULL;
	SSL_CTX_set_dh_auto(ctx, 1);
	return ctx;
}

/* A loopback port nobody listens on (bound, then released). */
static int
closed_port(char *port, size_t len)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof sin;
	int fd;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1 || bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &sl) == -1) {
		if (fd != -1)
			close(fd);
		return -1;
	}
	str_fmt(port, len, "%u", (unsigned)ntohs(sin.sin_port));
	close(fd);
	return 0;
}

/* ---- client helpers ------------------------------------------------- */

static void
cfg_init(struct transport_cfg *c, enum transport_kind kind, const char *host,
    const char *port)
{
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->host = host;
	c->port = port;
	c->fd = -1;
}

static struct transport *
tr_open(const struct transport_cfg *c, char *err, size_t errlen,
    enum transport_errkind *kind)
{
	return transport_open(c, err, errlen, kind);
}

/* Step until ready or failed, as the engine's poll loop would. */
static int
tr_drive(struct transport *t, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;
	struct pollfd pfd;
	int r;

	for (;;) {
		r = transport_step(t);
		if (r != TR_AGAIN)
			return r;
		if (now_ms() >= deadline) {
			diag("timed out stepping the transport");
			return TR_AGAIN;
		}
		pfd.fd = transport_fd(t);
		pfd.events = transport_events(t);
		pfd.revents = 0;
		(void)poll(&pfd, 1, 100);
	}
}

/* Write out while reading into in, non-blocking; returns the bytes read,
 * or TR_ERROR / TR_AGAIN (timeout). */
static ssize_t
tr_exchange(struct transport *t, const void *out, size_t outlen, void *in,
    size_t inlen, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;
	const char *o = out;
	char *i = in;
	size_t off = 0, got = 0;
	struct pollfd pfd;
	int progress;
	ssize_t r;

	while (got < inlen) {
		progress = 0;
		while (off < outlen) {
			r = transport_write(t, o + off, outlen - off);
			if (r == TR_AGAIN)
				break;
			if (r <= 0) {
				diag("write: %s", transport_error(t));
				return TR_ERROR;
			}
			off += (size_t)r;
			progress = 1;
		}
		while (got < inlen) {
			r = transport_read(t, i + got, inlen - got);
			if (r == TR_AGAIN)
				break;
			if (r == TR_EOF)
				return (ssize_t)got;
			if (r < 0) {
				diag("read: %s", transport_error(t));
				return TR_ERROR;
			}
			got += (size_t)r;
			progress = 1;
		}
		if (got >= inlen || progress)
			continue;
		if (now_ms() >= deadline) {
			diag("timed out: %zu of %zu bytes out, %zu of %zu in",
			    off, outlen, got, inlen);
			return TR_AGAIN;
		}
		pfd.fd = transport_fd(t);
		pfd.events = transport_events(t) | (off < outlen ? POLLOUT : 0);
		pfd.revents = 0;
		(void)poll(&pfd, 1, 200);
	}
	return (ssize_t)got;
}

/* Send msg to an echo server and check that it comes back unchanged. */
static int
tr_round_trip(struct transport *t, const char *msg)
{
	size_t n = strlen(msg);
	char *back = xcalloc(1, n + 1);
	ssize_t r;
	int same;

	r = tr_exchange(t, msg, n, back, n, TIMEOUT_MS);
	same = r == (ssize_t)n && memcmp(back, msg, n) == 0;
	if (!same)
		diag("round trip: got %zd bytes \"%s\"", r, back);
	free(back);
	return same;
}

/* Read until the stream ends; returns TR_EOF, TR_ERROR or TR_AGAIN. */
static int
tr_read_all(struct transport *t, struct buf *b, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;
	struct pollfd pfd;
	char tmp[4096];
	ssize_t r;

	for (;;) {
		r = transport_read(t, tmp, sizeof tmp);
		if (r > 0) {
			buf_add(b, tmp, (size_t)r);
			continue;
		}
		if (r != TR_AGAIN)
			return (int)r;
		if (now_ms() >= deadline)
			return TR_AGAIN;
		pfd.fd = transport_fd(t);
		pfd.events = transport_events(t);
		pfd.revents = 0;
		(void)poll(&pfd, 1, 100);
	}
}

/* Open, connect and try a first exchange; 1 if that fails, with the
 * failure's class and message. */
static int
tr_connect_fails(const struct transport_cfg *c, enum transport_errkind *kind,
    char *err, size_t errlen)
{
	struct transport *t;
	char back[8];
	ssize_t r;

	t = tr_open(c, err, errlen, kind);
	if (t == NULL)
		return 1;
	r = tr_drive(t, TIMEOUT_MS);
	if (r == TR_READY)
		r = tr_exchange(t, "ping", 4, back, 4, TIMEOUT_MS);
	str_copy(err, errlen, transport_error(t));
	*kind = transport_errkind(t);
	transport_close(&t);
	return r == TR_ERROR;
}

/* fake-ssh is built next to us: $top_builddir/tests/helpers, or found
 * from argv[0] (tests/unit/test_transport). */
static void
find_fake_ssh(const char *argv0)
{
	const char *top = getenv("top_builddir");
	const char *slash;

	if (top != NULL && *top != '\0') {
		fake_ssh = xasprintf("%s/tests/helpers/fake-ssh", top);
		if (access(fake_ssh, X_OK) == 0)
			return;
		free(fake_ssh);
	}
	slash = strrchr(argv0, '/');
	if (slash != NULL)
		fake_ssh = xasprintf("%.*s/../helpers/fake-ssh",
		    (int)(slash - argv0), argv0);
	else
		fake_ssh = xstrdup("../helpers/fake-ssh");
}

/* ---- tests ---------------------------------------------------------- */

static void
test_fingerprint(void)
{
	const char *want = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
	    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
	char out[96], small[64];

	memset(out, 0, sizeof out);
	ok(tls_fingerprint_normalise("ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:"
	    "45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89", out,
	    sizeof out) == 1, "normalise: lower case with colons accepted");
	is_str(out, want, "normalise: lower case with colons");
	memset(out, 0, sizeof out);
	ok(tls_fingerprint_normalise("abcdef0123456789ABCDEF0123456789"
	    "abcdef0123456789ABCDEF0123456789", out, sizeof out) == 1,
	    "normalise: bare hex accepted");
	is_str(out, want, "normalise: bare hex, mixed case");
	memset(out, 0, sizeof out);
	ok(tls_fingerprint_normalise("ab cd ef 01 23 45 67 89 ab cd ef 01 23 "
	    "45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89", out,
	    sizeof out) == 1, "normalise: space separated accepted");
	is_str(out, want, "normalise: space separated");
	ok(tls_fingerprint_normalise(want, out, sizeof out) == 1 &&
	    strcmp(out, want) == 0, "normalise: already normal is unchanged");
	ok(tls_fingerprint_normalise("abcdef0123456789abcdef0123456789"
	    "abcdef0123456789abcdef01234567", out, sizeof out) == 0,
	    "normalise: 31 bytes refused");
	ok(tls_fingerprint_normalise("abcdef0123456789abcdef0123456789"
	    "abcdef0123456789abcdef0123456789ab", out, sizeof out) == 0,
	    "normalise: 33 bytes refused");
	ok(tls_fingerprint_normalise("abcdef0123456789abcdef0123456789"
	    "abcdef0123456789abcdef012345678g", out, sizeof out) == 0,
	    "normalise: non-hex refused");
	ok(tls_fingerprint_normalise("abcdef0123456789abcdef0123456789"
	    "abcdef0123456789abcdef012345678", out, sizeof out) == 0,
	    "normalise: odd digit count refused");
	ok(tls_fingerprint_normalise("", out, sizeof out) == 0,
	    "normalise: empty refused");
	ok(tls_fingerprint_normalise(want, small, sizeof small) == 0,
	    "normalise: short output buffer refused");
}

static void
test_jump(void)
{
	static const char *const good[][3] = {	/* spec, command, what */
		{ "bastion", "ssh -W %H:%p -- bastion", "host" },
		{ "admin@bastion.example.net",
		    "ssh -W %H:%p -- admin@bastion.example.net", "user@host" },
		{ "admin@bastion:2222", "ssh -W %H:%p -p 2222 -- admin@bastion",
		    "user@host:port" },
		{ "10.0.0.1:22", "ssh -W %H:%p -p 22 -- 10.0.0.1",
		    "address:port" },
		{ "ops@[2001:db8::1]:2200",
		    "ssh -W %H:%p -p 2200 -- ops@2001:db8::1",
		    "user@[v6]:port" },
		{ "2001:db8::1", "ssh -W %H:%p -- 2001:db8::1", "bare IPv6" },
	};
	static const char *bad[] = {
		"bastion;id", "bastion id", "bast$(id)", "`id`", "a|b", "a&b",
		"host'", "host\"", "a\tb", "a\nb", "%h", "host:abc", "host:0",
		"host:70000", "host:", "", "-oProxyCommand=x", "user@",
		"@host", "a@b@c", "-u@host", "[::1", "[::1]x", "host>x",
		"h*st", "~user@host", "[]:22"
	};
	char *s;
	size_t i;
	int rejected = 0;

	for (i = 0; i < TD_ARRAY_LEN(good); i++) {
		s = transport_jump_command(good[i][0]);
		is_str(s, good[i][1], "jump: %s", good[i][2]);
		free(s);
	}
	s = transport_jump_command(NULL);
	ok(s == NULL, "jump: NULL refused");

	for (i = 0; i < TD_ARRAY_LEN(bad); i++) {
		s = transport_jump_command(bad[i]);
		if (s == NULL)
			rejected++;
		else
			diag("jump: \"%s\" gave \"%s\"", bad[i], s);
		free(s);
	}
	is_int(rejected, (long long)TD_ARRAY_LEN(bad),
	    "jump: metacharacters, whitespace and malformed specs refused");
}

static void
test_tcp(struct server *echo)
{
	struct transport_cfg c;
	struct transport *t;
	enum transport_errkind kind;
	char err[256], want[64];

	cfg_init(&c, TRANSPORT_TCP, "127.0.0.1", echo->port);
	t = tr_open(&c, err, sizeof err, &kind);
	ok(t != NULL, "tcp: open 127.0.0.1:%s", echo->port);
	if (t == NULL) {
		diag("%s", err);
		return;
	}
	is_int(tr_drive(t, TIMEOUT_MS), TR_READY, "tcp: connected");
	str_fmt(want, sizeof want, "127.0.0.1:%s", echo->port);
	is_str(transport_peer_addr(t), want, "tcp: peer address");
	ok(!transport_is_tls(t) && transport_peer(t) == NULL,
	    "tcp: plain transport has no TLS details");
	ok(transport_events(t) & POLLIN, "tcp: waits for input when idle");
	ok(tr_round_trip(t, "/system/resource/print"), "tcp: round trip");
	is_int(transport_errkind(t), TRERR_NONE, "tcp: no error recorded");
	transport_close(&t);
	ok(t == NULL, "tcp: close clears the pointer");
}

static void
test_refused(void)
{
	struct transport_cfg c;
	struct transport *t;
	enum transport_errkind kind = TRERR_NONE;
	char port[16], err[256], want[128];
	int r;

	if (closed_port(port, sizeof port) == -1) {
		ok(0, "refused: find a closed port");
		return;
	}
	cfg_init(&c, TRANSPORT_TCP, "127.0.0.1", port);
	t = tr_open(&c, err, sizeof err, &kind);
	str_fmt(want, sizeof want, "connect to 127.0.0.1 port %s: "
	    "Connection refused", port);
	if (t == NULL) {
		/* Allowed by the contract, but we promise a deferred error. */
		ok(0, "refused: open defers the failure to step (%s)", err);
		return;
	}
	r = tr_drive(t, TIMEOUT_MS);
	is_int(r, TR_ERROR, "refused: step fails");
	is_int(transport_errkind(t), TRERR_CONNECT, "refused: TRERR_CONNECT");
	is_str(transport_error(t), want, "refused: message");
	is_int(transport_read(t, err, sizeof err), TR_ERROR,
	    "refused: read after failure is an error");
	transport_close(&t);
}

static void
test_ipv6(void)
{
	struct server srv;
	struct transport_cfg c;
	struct transport *t;
	char want[64];

	if (server_start(&srv, AF_INET6, NULL) == -1) {
		diag("cannot listen on [::1]: %s", strerror(errno));
		ok(1, "ipv6: round trip # SKIP ::1 unavailable");
		return;
	}
	cfg_init(&c, TRANSPORT_TCP, "::1", srv.port);
	t = tr_open(&c, NULL, 0, NULL);
	ok(t != NULL && tr_drive(t, TIMEOUT_MS) == TR_READY,
	    "ipv6: connected to [::1]:%s", srv.port);
	if (t != NULL) {
		str_fmt(want, sizeof want, "[::1]:%s", srv.port);
		is_str(transport_peer_addr(t), want, "ipv6: peer address");
		ok(tr_round_trip(t, "ipv6 hello"), "ipv6: round trip");
		transport_close(&t);
	}
	server_stop(&srv);
}

static void
test_localhost(struct server *echo)
{
	struct transport_cfg c;
	struct transport *t;
	char want[64];

	/* localhost may also name ::1, where nobody listens: that address
	 * must be skipped for the next. */
	cfg_init(&c, TRANSPORT_TCP, "localhost", echo->port);
	t = tr_open(&c, NULL, 0, NULL);
	ok(t != NULL && tr_drive(t, TIMEOUT_MS) == TR_READY,
	    "localhost: resolved and connected");
	if (t == NULL)
		return;
	str_fmt(want, sizeof want, "127.0.0.1:%s", echo->port);
	is_str(transport_peer_addr(t), want, "localhost: reached 127.0.0.1");
	ok(tr_round_trip(t, "by name"), "localhost: round trip");
	transport_close(&t);
}

/* Refused addresses are skipped for the next; the fd number stays put;
 * when all fail, the last address's error is the message. */
static void
test_fallback(struct server *echo)
{
	struct transport_cfg c;
	struct transport *t;
	struct pollfd pfd;
	char want[128], port[16];
	int r, fd0, moved = 0;

	cfg_init(&c, TRANSPORT_TCP, MULTI_HOST, echo->port);
	t = tr_open(&c, NULL, 0, NULL);
	ok(t != NULL, "fallback: open %s", MULTI_HOST);
	if (t == NULL)
		return;
	fd0 = transport_fd(t);
	while ((r = transport_step(t)) == TR_AGAIN) {
		pfd.fd = transport_fd(t);
		pfd.events = transport_events(t);
		moved |= pfd.fd != fd0;
		(void)poll(&pfd, 1, 100);
	}
	is_int(r, TR_READY, "fallback: refused addresses skipped");
	str_fmt(want, sizeof want, "127.0.0.1:%s", echo->port);
	is_str(transport_peer_addr(t), want, "fallback: reached the last one");
	ok(!moved && transport_fd(t) == fd0,
	    "fallback: fd number stable across attempts");
	ok(tr_round_trip(t, "third time lucky"), "fallback: round trip");
	transport_close(&t);

	if (closed_port(port, sizeof port) == -1) {
		ok(0, "fallback: find a closed port");
		return;
	}
	cfg_init(&c, TRANSPORT_TCP, MULTI_HOST, port);
	t = tr_open(&c, NULL, 0, NULL);
	r = t != NULL ? tr_drive(t, TIMEOUT_MS) : TR_ERROR;
	str_fmt(want, sizeof want, "connect to 127.0.0.1 port %s: "
	    "Connection refused", port);
	ok(r == TR_ERROR && transport_errkind(t) == TRERR_CONNECT,
	    "fallback: all refused is TRERR_CONNECT");
	is_str(t != NULL ? transport_error(t) : "", want,
	    "fallback: the last address's error is reported");
	transport_close(&t);
}

static void
test_fd(void)
{
	struct transport_cfg c;
	struct transport *t;
	char buf[64];
	ssize_t r;
	int sv[2], i;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1) {
		ok(0, "fd: socketpair: %s", strerror(errno));
		return;
	}
	cfg_init(&c, TRANSPORT_FD, NULL, NULL);
	c.fd = sv[0];
	t = tr_open(&c, NULL, 0, NULL);
	ok(t != NULL, "fd: open over a socketpair");
	if (t == NULL)
		return;
	is_int(transport_step(t), TR_READY, "fd: ready at once");
	is_int(transport_fd(t), sv[0], "fd: uses the given socket");
	is_int(transport_read(t, buf, sizeof buf), TR_AGAIN,
	    "fd: read with nothing there would block");
	is_int(transport_write(t, "to-peer", 7), 7, "fd: write");
	memset(buf, 0, sizeof buf);
	r = read(sv[1], buf, sizeof buf);
	ok(r == 7 && memcmp(buf, "to-peer", 7) == 0, "fd: peer got it");
	if (write(sv[1], "to-us", 5) != 5)
		diag("socketpair write: %s", strerror(errno));
	memset(buf, 0, sizeof buf);
	r = transport_read(t, buf, sizeof buf);
	ok(r == 5 && memcmp(buf, "to-us", 5) == 0, "fd: read");
	close(sv[1]);
	is_int(transport_read(t, buf, sizeof buf), TR_EOF, "fd: EOF");

	/* SIGPIPE is fatal in this thread: a write to the closed peer must
	 * come back as an error instead. */
	for (i = 0, r = 0; i < 4 && r != TR_ERROR; i++)
		r = transport_write(t, "x", 1);
	is_int(r, TR_ERROR, "fd: write to a closed peer fails, no SIGPIPE");
	is_int(transport_errkind(t), TRERR_IO, "fd: TRERR_IO");
	transport_close(&t);
}

static void
test_fd_tls(SSL_CTX *ctx)
{
	struct server srv;
	struct transport_cfg c;
	struct transport *t;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		ok(0, "fd+tls: socketpair: %s", strerror(errno));
		return;
	}
	server_init(&srv, ctx);
	server_spawn(&srv, sv[1]);
	cfg_init(&c, TRANSPORT_FD, "127.0.0.1", NULL);
	c.fd = sv[0];
	c.tls = 1;
	c.fingerprint = fp;
	t = tr_open(&c, NULL, 0, NULL);
	ok(t != NULL && tr_drive(t, TIMEOUT_MS) == TR_READY,
	    "fd+tls: pinned handshake over a socketpair");
	if (t != NULL) {
		ok(tr_round_trip(t, "demo router"), "fd+tls: round trip");
		is_str(transport_peer_addr(t), "", "fd+tls: no peer address");
		transport_close(&t);
	}
	server_stop(&srv);
}

static void
test_proxy(struct server *echo, struct server *tls)
{
	struct transport_cfg c;
	struct transport *t;
	enum transport_errkind kind;
	char cmd[512], err[512], port[16];
	struct buf b;
	int r;

	/* %h %p %% substitution, and EOF after data is a plain EOF. */
	cfg_init(&c, TRANSPORT_PROXY, "router.example", "8729");
	c.proxy_cmd = "echo '%h %p %% %x'";
	t = tr_open(&c, NULL, 0, NULL);
	ok(t != NULL, "proxy: open echo command");
	if (t != NULL) {
		buf_init(&b);
		r = tr_read_all(t, &b, TIMEOUT_MS);
		is_int(r, TR_EOF, "proxy: output then EOF");
		is_str(b.p != NULL ? b.p : "", "router.example 8729 % %x\n",
		    "proxy: %%h %%p %%%% substituted, others kept");
		buf_free(&b);
		transport_close(&t);
	}

	/* %H brackets an IPv6 address for ssh -W and leaves names alone. */
	cfg_init(&c, TRANSPORT_PROXY, "2001:db8::1", "8729");
	c.proxy_cmd = "echo '%H:%p %h'";
	t = tr_open(&c, NULL, 0, NULL);
	ok(t != NULL, "proxy: open echo command for %%H");
	if (t != NULL) {
		buf_init(&b);
		tr_read_all(t, &b, TIMEOUT_MS);
		is_str(b.p != NULL ? b.p : "", "[2001:db8::1]:8729 2001:db8::1\n",
		    "proxy: %%H brackets an IPv6 address");
		buf_free(&b);
		transport_close(&t);
	}
	cfg_init(&c, TRANSPORT_PROXY, "router.example", "8729");
	c.proxy_cmd = "echo '%H:%p'";
	t = tr_open(&c, NULL, 0, NULL);
	if (t != NULL) {
		buf_init(&b);
		tr_read_all(t, &b, TIMEOUT_MS);
		is_str(b.p != NULL ? b.p : "", "router.example:8729\n",
		    "proxy: %%H leaves a name alone");
		buf_free(&b);
		transport_close(&t);
	}

	/* The command line is built for sh: hosts cannot inject. */
	cfg_init(&c, TRANSPORT_PROXY, "a;touch /tmp/x", "8728");
	c.proxy_cmd = "nc %h %p";
	kind = TRERR_NONE;
	t = tr_open(&c, err, sizeof err, &kind);
	ok(t == NULL && kind == TRERR_CONNECT && err[0] != '\0',
	    "proxy: host with shell metacharacters refused");
	transport_close(&t);

	/* A plain tunnel through fake-ssh. */
	str_fmt(cmd, sizeof cmd, "'%s' -W %%h:%%p -- bastion", fake_ssh);
	cfg_init(&c, TRANSPORT_PROXY, "127.0.0.1", echo->port);
	c.proxy_cmd = cmd;
	t = tr_open(&c, err, sizeof err, &kind);
	ok(t != NULL && tr_drive(t, TIMEOUT_MS) == TR_READY,
	    "proxy: fake-ssh tunnel up");
	if (t != NULL) {
		ok(tr_round_trip(t, "through the jump host"),
		    "proxy: round trip through fake-ssh");
		ok(tr_round_trip(t, "and again"), "proxy: second round trip");
		transport_close(&t);
	}

	/* TLS on top of the tunnel. */
	cfg_init(&c, TRANSPORT_PROXY, "127.0.0.1", tls->port);
	c.proxy_cmd = cmd;
	c.tls = 1;
	c.fingerprint = fp;
	t = tr_open(&c, err, sizeof err, &kind);
	r = t != NULL ? tr_drive(t, TIMEOUT_MS) : TR_ERROR;
	ok(r == TR_READY, "proxy+tls: handshake through fake-ssh");
	if (r != TR_READY)
		diag("%s", t != NULL ? transport_error(t) : err);
	if (t != NULL) {
		ok(transport_is_tls(t), "proxy+tls: is TLS");
		ok(tr_round_trip(t, "tls through the jump host"),
		    "proxy+tls: round trip");
		transport_close(&t);
	}

	/* ssh's own complaint reaches the user. */
	cfg_init(&c, TRANSPORT_PROXY, "10.0.0.1", "8728");
	c.proxy_cmd = "echo 'ssh: Could not resolve hostname bastion: "
	    "Name or service not known' >&2; exit 255";
	ok(tr_connect_fails(&c, &kind, err, sizeof err),
	    "proxy: dying command fails the connection");
	is_int(kind, TRERR_CONNECT, "proxy: dying command is TRERR_CONNECT");
	is_str(err, "proxy command failed: ssh: Could not resolve hostname "
	    "bastion: Name or service not known",
	    "proxy: message is the command's last stderr line");

	/* The same under TLS: the tunnel's failure, not a TLS one. */
	c.tls = 1;
	c.insecure = 1;
	ok(tr_connect_fails(&c, &kind, err, sizeof err) &&
	    kind == TRERR_CONNECT && strstr(err, "Could not resolve") != NULL,
	    "proxy+tls: dying command is TRERR_CONNECT with its stderr (%s)",
	    err);

	/* fake-ssh itself failing to reach the target. */
	if (closed_port(port, sizeof port) == 0) {
		cfg_init(&c, TRANSPORT_PROXY, "127.0.0.1", port);
		c.proxy_cmd = cmd;
		ok(tr_connect_fails(&c, &kind, err, sizeof err) &&
		    kind == TRERR_CONNECT &&
		    strstr(err, "proxy command failed: ssh: connect to host "
		    "127.0.0.1") != NULL &&
		    strstr(err, "Connection refused") != NULL,
		    "proxy: fake-ssh refused (%s)", err);
	} else
		ok(0, "proxy: find a closed port");

	/* Silent failure: the exit status is all there is. */
	cfg_init(&c, TRANSPORT_PROXY, "10.0.0.1", "8728");
	c.proxy_cmd = "exit 3";
	ok(tr_connect_fails(&c, &kind, err, sizeof err),
	    "proxy: silent command fails");
	is_str(err, "proxy command exited with status 3",
	    "proxy: silent command reports its status");
}

static void
test_tls_default(struct server *tls)
{
	struct transport_cfg c;
	struct transport *t;
	const struct tls_peer *pe;
	char err[512];
	int r;

	cfg_init(&c, TRANSPORT_TCP, "127.0.0.1", tls->port);
	c.tls = 1;
	t = tr_open(&c, err, sizeof err, NULL);
	ok(t != NULL, "tls default: open");
	if (t == NULL)
		return;
	ok(transport_is_tls(t), "tls default: is TLS");
	r = tr_drive(t, TIMEOUT_MS);
	is_int(r, TR_ERROR, "tls default: self-signed refused");
	is_int(transport_errkind(t), TRERR_TLS_TRUST,
	    "tls default: TRERR_TLS_TRUST");
	pe = transport_peer(t);
	ok(pe != NULL && pe->have_cert, "tls default: certificate seen");
	if (pe != NULL) {
		is_str(pe->sha256, fp, "tls default: fingerprint filled");
		is_str(pe->verify_error, "self-signed certificate",
		    "tls default: verify error");
		is_str(pe->subject, "CN=tikdeck-test", "tls default: subject");
		is_str(pe->issuer, "CN=tikdeck-test", "tls default: issuer");
		ok(pe->not_before[0] != '\0' && pe->not_after[0] != '\0' &&
		    strcmp(pe->not_before, pe->not_after) < 0,
		    "tls default: validity %s .. %s", pe->not_before,
		    pe->not_after);
		is_str(pe->protocol, "TLSv1.3", "tls default: protocol");
		ok(pe->cipher[0] != '\0', "tls default: cipher %s",
		    pe->cipher);
	}
	ok(strstr(transport_error(t), fp) != NULL,
	    "tls default: message carries the fingerprint");
	ok(strstr(transport_error(t), "--fingerprint") != NULL &&
	    strstr(transport_error(t), "self-signed certificate") != NULL,
	    "tls default: message says why and how to trust");
	diag("%s", transport_error(t));
	transport_close(&t);
}

static void
test_tls_ca(struct server *tls)
{
	struct transport_cfg c;
	struct transport *t;
	enum transport_errkind kind;
	char err[512], sni[256];
	int r;

	/* --ca with an address: IP SAN check, no SNI. */
	cfg_init(&c, TRANSPORT_TCP, "127.0.0.1", tls->port);
	c.tls = 1;
	c.ca_file = ca_path;
	c.verify_name = "127.0.0.1";
	t = tr_open(&c, err, sizeof err, &kind);
	r = t != NULL ? tr_drive(t, TIMEOUT_MS) : TR_ERROR;
	is_int(r, TR_READY, "tls ca: verified against the CA file");
	if (r != TR_READY)
		diag("%s", t != NULL ? transport_error(t) : err);
	if (t != NULL) {
		is_str(transport_peer(t)->verify_error, "",
		    "tls ca: no verify error");
		ok(tr_round_trip(t, "/login"), "tls ca: round trip");
		pthread_mutex_lock(&tls->lock);
		str_copy(sni, sizeof sni, tls->sni);
		pthread_mutex_unlock(&tls->lock);
		is_str(sni, "", "tls ca: no SNI for an address");
		transport_close(&t);
	}

	/* --ca with a name: DNS SAN check and SNI. */
	cfg_init(&c, TRANSPORT_TCP, "localhost", tls->port);
	c.tls = 1;
	c.ca_file = ca_path;
	t = tr_open(&c, err, sizeof err, &kind);
	r = t != NULL ? tr_drive(t, TIMEOUT_MS) : TR_ERROR;
	is_int(r, TR_READY, "tls ca: verified by name localhost");
	if (t != NULL) {
		ok(tr_round_trip(t, "by name"), "tls ca: round trip by name");
		pthread_mutex_lock(&tls->lock);
		str_copy(sni, sizeof sni, tls->sni);
		pthread_mutex_unlock(&tls->lock);
		is_str(sni, "localhost", "tls ca: SNI sent for a name");
		transport_close(&t);
	}

	cfg_init(&c, TRANSPORT_TCP, "127.0.0.1", tls->port);
	c.tls = 1;
	c.ca_file = ca_path;
	c.verify_name = "router.wrong.example";
	ok(tr_connect_fails(&c, &kind, err, sizeof err) &&
	    kind == TRERR_TLS_TRUST, "tls ca: wrong name refused");
	ok(strstr(err, "hostname mismatch") != NULL &&
	    strstr(err, "router.wrong.example") != NULL,
	    "tls ca: wrong name message (%s)", err);

	c.verify_name = "127.0.0.2";
	ok(tr_connect_fails(&c, &kind, err, sizeof err) &&
	    kind == TRERR_TLS_TRUST && strstr(err, "IP address mismatch"),
	    "tls ca: wrong address refused (%s)", err);

	c.verify_name = NULL;
	c.ca_file = "/nonexistent/ca.pem";
	kind = TRERR_NONE;
	t = tr_open(&c, err, sizeof err, &kind);
	ok(t == NULL && kind == TRERR_TLS_TRUST &&
	    strstr(err, "/nonexistent/ca.pem") != NULL &&
	    strstr(err, strerror(ENOENT)) != NULL,
	    "tls ca: missing CA file refused at open (%s)", err);
	transport_close(&t);
}

static void
test_tls_pin(struct server *tls)
{
	struct transport_cfg c;
	struct transport *t;
	enum transport_errkind kind;
	char err[512], loose[96], wrong[96], want[300];
	size_t i, j;
	int r;

	cfg_init(&c, TRANSPORT_TCP, "127.0.0.1", tls->port);
	c.tls = 1;
	c.fingerprint = fp;
	t = tr_open(&c, err, sizeof err, &kind);
	r = t != NULL ? tr_drive(t, TIMEOUT_MS) : TR_ERROR;
	is_int(r, TR_READY, "tls pin: exact pin accepted");
	if (t != NULL) {
		ok(tr_round_trip(t, "pinned"), "tls pin: round trip");
		transport_close(&t);
	}

	/* The same pin as a user might paste it. */
	for (i = j = 0; fp[i] != '\0'; i++)
		if (fp[i] != ':')
			loose[j++] = (char)(fp[i] >= 'A' && fp[i] <= 'F' ?
			    fp[i] - 'A' + 'a' : fp[i]);
	loose[j] = '\0';
	c.fingerprint = loose;
	t = tr_open(&c, err, sizeof err, &kind);
	r = t != NULL ? tr_drive(t, TIMEOUT_MS) : TR_ERROR;
	is_int(r, TR_READY, "tls pin: lower case, no colons accepted");
	transport_close(&t);

	str_copy(wrong, sizeof wrong, fp);
	wrong[0] = wrong[0] == '0' ? '1' : '0';
	c.fingerprint = wrong;
	ok(tr_connect_fails(&c, &kind, err, sizeof err),
	    "tls pin: wrong pin refused");
	is_int(kind, TRERR_TLS_TRUST, "tls pin: wrong pin is TRERR_TLS_TRUST");
	str_fmt(want, sizeof want, "certificate fingerprint mismatch: "
	    "expected %s, got %s", wrong, fp);
	is_str(err, want, "tls pin: mismatch message");

	c.fingerprint = "not-a-fingerprint";
	kind = TRERR_NONE;
	t = tr_open(&c, err, sizeof err, &kind);
	ok(t == NULL && kind == TRERR_TLS_TRUST,
	    "tls pin: malformed pin refused at open (%s)", err);
	transport_close(&t);
}

static void
test_tls_insecure(struct server *tls, struct server *plain)
{
	struct transport_cfg c;
	struct transport *t;
	enum transport_errkind kind;
	char err[512], port[16], one;
	ssize_t r;

	cfg_init(&c, TRANSPORT_TCP, "127.0.0.1", tls->port);
	c.tls = 1;
	c.insecure = 1;
	c.verify_name = "anything.example";
	t = tr_open(&c, err, sizeof err, &kind);
	ok(t != NULL && tr_drive(t, TIMEOUT_MS) == TR_READY,
	    "tls insecure: accepted");
	if (t != NULL) {
		is_str(transport_peer(t)->sha256, fp,
		    "tls insecure: details still filled");
		ok(transport_peer(t)->verify_error[0] != '\0',
		    "tls insecure: verify error still reported");
		/* Read one byte of a record: the rest waits in OpenSSL. */
		ok(tr_exchange(t, "pending bytes", 13, &one, 1, TIMEOUT_MS) == 1
		    && one == 'p', "tls insecure: first byte back");
		ok(transport_pending(t) > 0,
		    "tls insecure: pending reports buffered bytes (%d)",
		    transport_pending(t));
		r = transport_read(t, err, 12);
		ok(r == 12 && memcmp(err, "ending bytes", 12) == 0,
		    "tls insecure: rest read without polling");
		transport_close(&t);
	}

	/* A connect failure under TLS stays a connect failure. */
	if (closed_port(port, sizeof port) == 0) {
		cfg_init(&c, TRANSPORT_TCP, "127.0.0.1", port);
		c.tls = 1;
		c.insecure = 1;
		ok(tr_connect_fails(&c, &kind, err, sizeof err) &&
		    kind == TRERR_CONNECT &&
		    strstr(err, "Connection refused") != NULL,
		    "tls: refused port is TRERR_CONNECT (%s)", err);
	} else
		ok(0, "tls: find a closed port");

	/* TLS to something that is not TLS is a handshake failure. */
	cfg_init(&c, TRANSPORT_TCP, "127.0.0.1", plain->port);
	c.tls = 1;
	c.insecure = 1;
	ok(tr_connect_fails(&c, &kind, err, sizeof err) && kind == TRERR_TLS,
	    "tls: plain echo server is TRERR_TLS (%s)", err);
}

static void
test_adh(struct server *adh)
{
	struct transport_cfg c;
	struct transport *t;
	const struct tls_peer *pe;
	enum transport_errkind kind;
	char err[512];
	int r;

	cfg_init(&c, TRANSPORT_TCP, "127.0.0.1", adh->port);
	c.tls = 1;
	c.adh = 1;
	t = tr_open(&c, err, sizeof err, &kind);
	r = t != NULL ? tr_drive(t, TIMEOUT_MS) : TR_ERROR;
	is_int(r, TR_READY, "adh: certificate-less handshake");
	if (r != TR_READY)
		diag("%s", t != NULL ? transport_error(t) : err);
	if (t != NULL) {
		pe = transport_peer(t);
		ok(!pe->have_cert, "adh: no certificate");
		is_str(pe->protocol, "TLSv1.2", "adh: TLS 1.2");
		ok(strncmp(pe->cipher, "ADH-", 4) == 0, "adh: cipher %s",
		    pe->cipher);
		ok(tr_round_trip(t, "anonymous"), "adh: round trip");
		transport_close(&t);
	}

	c.adh = 0;
	ok(tr_connect_fails(&c, &kind, err, sizeof err),
	    "adh: normal client fails");
	is_int(kind, TRERR_TLS, "adh: normal client gets TRERR_TLS");
	ok(strstr(err, "handshake") != NULL, "adh: reason given (%s)", err);

	c.insecure = 1;
	ok(tr_connect_fails(&c, &kind, err, sizeof err) && kind == TRERR_TLS,
	    "adh: insecure is not enough without --adh");
}

static void
test_big(struct server *echo, struct server *tls)
{
	struct transport_cfg c;
	struct transport *t;
	unsigned char *out, *in;
	uint32_t x = 2463534242u;
	ssize_t r;
	size_t i;

	out = xmalloc(BIG);
	in = xmalloc(BIG);
	for (i = 0; i < BIG; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		out[i] = (unsigned char)x;
	}

	cfg_init(&c, TRANSPORT_TCP, "127.0.0.1", tls->port);
	c.tls = 1;
	c.fingerprint = fp;
	t = tr_open(&c, NULL, 0, NULL);
	ok(t != NULL && tr_drive(t, TIMEOUT_MS) == TR_READY,
	    "big tls: connected");
	if (t != NULL) {
		memset(in, 0, BIG);
		r = tr_exchange(t, out, BIG, in, BIG, BIG_TIMEOUT_MS);
		is_int(r, BIG, "big tls: %d bytes each way", BIG);
		ok(memcmp(in, out, BIG) == 0, "big tls: bytes identical");
		transport_close(&t);
	}

	cfg_init(&c, TRANSPORT_TCP, "127.0.0.1", echo->port);
	t = tr_open(&c, NULL, 0, NULL);
	ok(t != NULL && tr_drive(t, TIMEOUT_MS) == TR_READY,
	    "big tcp: connected");
	if (t != NULL) {
		memset(in, 0, BIG);
		r = tr_exchange(t, out, BIG, in, BIG, BIG_TIMEOUT_MS);
		ok(r == BIG && memcmp(in, out, BIG) == 0,
		    "big tcp: %d bytes each way, identical", BIG);
		transport_close(&t);
	}
	free(out);
	free(in);
}

int
main(int argc, char **argv)
{
	struct server echo, tls, adh;
	SSL_CTX *tls_ctx, *adh_ctx;
	EVP_PKEY *key = NULL;
	X509 *cert = NULL;
	const char *td;
	char norm[96];
	int r;

	find_fake_ssh(argv[0]);
	td = getenv("TMPDIR");
	str_fmt(tmpdir, sizeof tmpdir, "%s/tikdeck-transport-XXXXXX",
	    td != NULL && *td != '\0' && strlen(td) < 32 ? td : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		tap_skip_all("cannot create a temporary directory");
	str_fmt(ca_path, sizeof ca_path, "%s/ca.pem", tmpdir);

	test_fingerprint();
	test_jump();

	r = tlsgen_self_signed("tikdeck-test", 30, &key, &cert);
	is_int(r, 0, "tlsgen: self-signed certificate");
	if (r != 0)
		return tap_done();
	tlsgen_fingerprint(cert, fp, sizeof fp);
	ok(strlen(fp) == 95 && tls_fingerprint_normalise(fp, norm,
	    sizeof norm) && strcmp(norm, fp) == 0, "tlsgen: fingerprint %s",
	    fp);
	is_int(tlsgen_write_pem_cert(cert, ca_path), 0,
	    "tlsgen: certificate written as PEM");

	tls_ctx = ctx_cert(key, cert);
	adh_ctx = ctx_adh();
	if (tls_ctx == NULL || adh_ctx == NULL ||
	    server_start(&echo, AF_INET, NULL) == -1 ||
	    server_start(&tls, AF_INET, tls_ctx) == -1 ||
	    server_start(&adh, AF_INET, adh_ctx) == -1) {
		ok(0, "start the loopback servers");
		return tap_done();
	}

	test_tcp(&echo);
	test_refused();
	test_ipv6();
	test_localhost(&echo);
	test_fallback(&echo);
	test_fd();
	test_fd_tls(tls_ctx);
	test_proxy(&echo, &tls);
	test_tls_default(&tls);
	test_tls_ca(&tls);
	test_tls_pin(&tls);
	test_tls_insecure(&tls, &echo);
	test_adh(&adh);
	test_big(&echo, &tls);

	server_stop(&echo);
	server_stop(&tls);
	server_stop(&adh);
	SSL_CTX_free(tls_ctx);
	SSL_CTX_free(adh_ctx);
	X509_free(cert);
	EVP_PKEY_free(key);
	unlink(ca_path);
	rmdir(tmpdir);
	free(fake_ssh);
	return tap_done();
}
