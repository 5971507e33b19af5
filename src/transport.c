/*
 * transport.c: byte streams to a router.  One vtable, three stream backends
 * (TCP, proxy command, a socket we were handed) and a TLS layer (tls.c) that
 * stacks on any of them.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "tls.h"
#include "transport.h"
#include "util.h"

/* Dead peers are noticed after about a minute (30 s + 3 * 10 s). */
#define KEEPALIVE_IDLE	30
#define KEEPALIVE_INTVL	10
#define KEEPALIVE_CNT	3

/* A failed proxy command gets this long to finish writing its stderr. */
#define PROXY_GRACE_MS	300
/* On close, SIGTERM, then SIGKILL if the command is still there after this. */
#define PROXY_REAP_MS	1000

extern char **environ;

struct transport_ops {
	int		(*open)(struct transport *,
			    const struct transport_cfg *);
	int		(*step)(struct transport *);
	ssize_t		(*read)(struct transport *, void *, size_t);
	ssize_t		(*write)(struct transport *, const void *, size_t);
	short		(*events)(const struct transport *);
	void		(*close)(struct transport *);
};

struct transport {
	const struct transport_ops *ops;
	int		 fd;
	int		 ready;
	int		 failed;
	int		 want_write;	/* the last write would have blocked */
	int		 notsock;	/* fd is not a socket: use write() */
	enum transport_errkind errkind;
	char		 err[512];
	char		 peer_addr[INET6_ADDRSTRLEN + 16];

	/* TCP */
	struct resolver	*resolver;	/* a name being resolved, or NULL */
	struct addrinfo	*ai_list;
	struct addrinfo	*ai_next;	/* next address to try */
	char		 cur_addr[INET6_ADDRSTRLEN];
	char		 cur_port[NI_MAXSERV];
	int		 last_errno;

	/* proxy command */
	pid_t		 pid;
	int		 errfd;		/* the command's stderr, or -1 */
	char		 errline[256];	/* last complete non-empty line */
	char		 errpart[256];	/* the line still being received */
	size_t		 errpartlen;
	int		 reaped;
	int		 status;	/* wait status once reaped */
	int		 got_data;	/* a byte arrived: the tunnel is up */

	/* TLS layer */
	struct transport *lower;
	struct tls_conn	*tls;
};

static struct transport *transport_new(const struct transport_ops *ops);
static int transport_fail(struct transport *t, enum transport_errkind kind,
    const char *fmt, ...) TD_PRINTF(3, 4);
static void transport_copy_error(struct transport *t,
    const struct transport *from);
static const struct transport *transport_bottom(const struct transport *t);
static void transport_report(const struct transport *t, char *err,
    size_t errlen, enum transport_errkind *kind);
static int shell_safe(const char *s, const char *extra);
static void sock_setopts(int fd);
static void sock_format_addr(const struct sockaddr *sa, socklen_t len,
    char *out, size_t outlen);
static ssize_t sock_read(struct transport *t, void *p, size_t n);
static ssize_t sock_write(struct transport *t, const void *p, size_t n);
static short sock_events(const struct transport *t);
static void sock_close(struct transport *t);
static int tcp_open(struct transport *t, const struct transport_cfg *cfg);
static int tcp_try_next(struct transport *t);
static int tcp_connected(struct transport *t);
static int tcp_step(struct transport *t);
static short tcp_events(const struct transport *t);
static void tcp_close(struct transport *t);
static char *proxy_expand(const char *cmd, const char *host,
    const char *port);
static int proxy_open(struct transport *t, const struct transport_cfg *cfg);
static int proxy_step(struct transport *t);
static void proxy_drain_stderr(struct transport *t);
static void proxy_reap(struct transport *t, int wait_ms);
static int proxy_fail(struct transport *t);
static ssize_t proxy_read(struct transport *t, void *p, size_t n);
static ssize_t proxy_write(struct transport *t, const void *p, size_t n);
static void proxy_close(struct transport *t);
static int fd_open(struct transport *t, const struct transport_cfg *cfg);
static int fd_step(struct transport *t);
static int tlsl_open(struct transport *t, const struct transport_cfg *cfg);
static int tlsl_step(struct transport *t);
static ssize_t tlsl_read(struct transport *t, void *p, size_t n);
static ssize_t tlsl_write(struct transport *t, const void *p, size_t n);
static short tlsl_events(const struct transport *t);
static void tlsl_close(struct transport *t);

/*
 * Host names are resolved in a short-lived thread so a slow DNS server never
 * stalls the I/O thread (and with it every other router).  The transport
 * polls the read end of a pipe; whoever of the two lets go last frees.
 */
struct resolver {
	_Atomic int	 refs;
	int		 pipe[2];
	char		*host;
	char		*port;
	struct addrinfo	*res;
	int		 rc;
	int		 err;
};

static void *resolver_main(void *arg);
static void resolver_unref(struct resolver *r);
static int tcp_resolve_start(struct transport *t, const char *host,
    const char *port);
static int tcp_resolve_step(struct transport *t);

static const struct transport_ops tcp_ops = {
	tcp_open, tcp_step, sock_read, sock_write, tcp_events, tcp_close
};
static const struct transport_ops proxy_ops = {
	proxy_open, proxy_step, proxy_read, proxy_write, sock_events,
	proxy_close
};
static const struct transport_ops fd_ops = {
	fd_open, fd_step, sock_read, sock_write, sock_events, sock_close
};
static const struct transport_ops tls_ops = {
	tlsl_open, tlsl_step, tlsl_read, tlsl_write, tlsl_events,
	tlsl_close
};

/* ---- common --------------------------------------------------------- */

static struct transport *
transport_new(const struct transport_ops *ops)
{
	struct transport *t = xcalloc(1, sizeof *t);

	t->ops = ops;
	t->fd = -1;
	t->errfd = -1;
	t->pid = -1;
	return t;
}

/* Record a failure; every later call on t returns TR_ERROR. */
static int
transport_fail(struct transport *t, enum transport_errkind kind,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->err, sizeof t->err, fmt, ap);
	va_end(ap);
	t->errkind = kind;
	t->failed = 1;
	return TR_ERROR;
}

static void
transport_copy_error(struct transport *t, const struct transport *from)
{
	str_copy(t->err, sizeof t->err, from->err);
	t->errkind = from->errkind;
	t->failed = 1;
}

/* The stream at the bottom of a stack of layers: it owns the fd. */
static const struct transport *
transport_bottom(const struct transport *t)
{
	while (t->lower != NULL)
		t = t->lower;
	return t;
}

static void
transport_report(const struct transport *t, char *err, size_t errlen,
    enum transport_errkind *kind)
{
	if (err != NULL && errlen > 0)
		str_copy(err, errlen, t->err);
	if (kind != NULL)
		*kind = t->errkind;
}

struct transport *
transport_open(const struct transport_cfg *cfg, char *err, size_t errlen,
    enum transport_errkind *kind)
{
	const struct transport_ops *ops;
	struct transport_cfg c = *cfg;
	struct transport *t, *top;

	if (err != NULL && errlen > 0)
		*err = '\0';
	if (kind != NULL)
		*kind = TRERR_NONE;
	if (c.port == NULL || *c.port == '\0')
		c.port = c.tls ? "8729" : "8728";

	switch (c.kind) {
	case TRANSPORT_TCP:
		ops = &tcp_ops;
		break;
	case TRANSPORT_PROXY:
		ops = &proxy_ops;
		break;
	case TRANSPORT_FD:
		ops = &fd_ops;
		break;
	default:
		if (err != NULL && errlen > 0)
			str_copy(err, errlen, _("unknown transport"));
		if (kind != NULL)
			*kind = TRERR_CONNECT;
		return NULL;
	}

	t = transport_new(ops);
	if (ops->open(t, &c) == -1) {
		transport_report(t, err, errlen, kind);
		transport_close(&t);
		return NULL;
	}
	if (!c.tls)
		return t;

	top = transport_new(&tls_ops);
	top->lower = t;
	if (top->ops->open(top, &c) == -1) {
		transport_report(top, err, errlen, kind);
		transport_close(&top);
		return NULL;
	}
	return top;
}

void
transport_close(struct transport **tp)
{
	struct transport *t = *tp;

	if (t == NULL)
		return;
	t->ops->close(t);
	free(t);
	*tp = NULL;
}

int
transport_fd(const struct transport *t)
{
	return transport_bottom(t)->fd;
}

short
transport_events(const struct transport *t)
{
	if (t->failed)
		return 0;
	return t->ops->events(t);
}

int
transport_step(struct transport *t)
{
	int r;

	if (t->failed)
		return TR_ERROR;
	if (t->ready)
		return TR_READY;
	r = t->ops->step(t);
	if (r == TR_READY)
		t->ready = 1;
	return r;
}

int
transport_link_up(const struct transport *t)
{
	return t->lower != NULL ? t->lower->ready : t->ready;
}

ssize_t
transport_read(struct transport *t, void *p, size_t n)
{
	int r;

	if (!t->ready || t->failed) {
		r = transport_step(t);
		if (r != TR_READY)
			return r;
	}
	return t->ops->read(t, p, n);
}

ssize_t
transport_write(struct transport *t, const void *p, size_t n)
{
	int r;

	if (!t->ready || t->failed) {
		r = transport_step(t);
		if (r != TR_READY)
			return r;
	}
	return t->ops->write(t, p, n);
}

int
transport_pending(const struct transport *t)
{
	if (t->tls == NULL || t->failed)
		return 0;
	return tls_conn_pending(t->tls);
}

const char *
transport_error(const struct transport *t)
{
	return t->err;
}

enum transport_errkind
transport_errkind(const struct transport *t)
{
	return t->errkind;
}

const struct tls_peer *
transport_peer(const struct transport *t)
{
	return t->tls != NULL ? tls_conn_peer(t->tls) : NULL;
}

int
transport_is_tls(const struct transport *t)
{
	return t->tls != NULL;
}

const char *
transport_peer_addr(const struct transport *t)
{
	return transport_bottom(t)->peer_addr;
}

/* Is s free of anything a shell would interpret?  Letters, digits, "._-"
 * and the characters in extra only. */
static int
shell_safe(const char *s, const char *extra)
{
	for (; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("._-", *s) != NULL)
			continue;
		if (strchr(extra, *s) == NULL)
			return 0;
	}
	return 1;
}

/* ---- sockets, shared by every stream backend ------------------------ */

/* Low latency for small API sentences, and notice dead routers. */
static void
sock_setopts(int fd)
{
	int on = 1;
	int v;

	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
	(void)setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
#ifdef TCP_KEEPIDLE
	v = KEEPALIVE_IDLE;
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &v, sizeof v);
#endif
#ifdef TCP_KEEPINTVL
	v = KEEPALIVE_INTVL;
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &v, sizeof v);
#endif
#ifdef TCP_KEEPCNT
	v = KEEPALIVE_CNT;
	(void)setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &v, sizeof v);
#endif
	(void)v;
}

/* "192.0.2.1:8729" or "[2001:db8::1]:8729"; empty for other families. */
static void
sock_format_addr(const struct sockaddr *sa, socklen_t len, char *out,
    size_t outlen)
{
	char host[INET6_ADDRSTRLEN], serv[NI_MAXSERV];

	*out = '\0';
	if (sa->sa_family != AF_INET && sa->sa_family != AF_INET6)
		return;
	if (getnameinfo(sa, len, host, sizeof host, serv, sizeof serv,
	    NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		return;
	if (sa->sa_family == AF_INET6)
		str_fmt(out, outlen, "[%s]:%s", host, serv);
	else
		str_fmt(out, outlen, "%s:%s", host, serv);
}

static ssize_t
sock_read(struct transport *t, void *p, size_t n)
{
	ssize_t r;

	for (;;) {
		r = read(t->fd, p, n);
		if (r >= 0)
			return r > 0 ? r : TR_EOF;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return TR_AGAIN;
		return transport_fail(t, TRERR_IO, _("read error: %s"),
		    strerror(errno));
	}
}

/* send(MSG_NOSIGNAL): a closed peer is an error, not a SIGPIPE. */
static ssize_t
sock_write(struct transport *t, const void *p, size_t n)
{
	ssize_t r;

	for (;;) {
		if (t->notsock)
			r = write(t->fd, p, n);
		else
			r = send(t->fd, p, n, MSG_NOSIGNAL);
		if (r >= 0) {
			t->want_write = 0;
			return r;
		}
		if (errno == EINTR)
			continue;
		if (errno == ENOTSOCK && !t->notsock) {
			t->notsock = 1;
			continue;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			t->want_write = 1;
			return TR_AGAIN;
		}
		return transport_fail(t, TRERR_IO, _("write error: %s"),
		    strerror(errno));
	}
}

static short
sock_events(const struct transport *t)
{
	return POLLIN | (t->want_write ? POLLOUT : 0);
}

static void
sock_close(struct transport *t)
{
	if (t->fd != -1)
		close(t->fd);
	t->fd = -1;
}

/* ---- TCP ------------------------------------------------------------ */

static int
tcp_open(struct transport *t, const struct transport_cfg *cfg)
{
	struct addrinfo hints;
	int r;

	if (cfg->host == NULL || *cfg->host == '\0')
		return transport_fail(t, TRERR_RESOLVE, "%s",
		    _("no host name given"));

	str_copy(t->cur_addr, sizeof t->cur_addr, cfg->host);
	str_copy(t->cur_port, sizeof t->cur_port, cfg->port);
	t->last_errno = EHOSTUNREACH;
	/* An address literal needs no lookup. */
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	hints.ai_flags = AI_NUMERICHOST;
	r = getaddrinfo(cfg->host, cfg->port, &hints, &t->ai_list);
	if (r != 0) {
		t->ai_list = NULL;
		if (r != EAI_NONAME)
			return transport_fail(t, TRERR_RESOLVE,
			    _("cannot resolve %s port %s: %s"), cfg->host,
			    cfg->port, r == EAI_SYSTEM ? strerror(errno) :
			    gai_strerror(r));
		return tcp_resolve_start(t, cfg->host, cfg->port);
	}
	t->ai_next = t->ai_list;

	/* Refusals are reported by transport_step(), like slow ones. */
	(void)tcp_try_next(t);
	return 0;
}

/* Start connecting to the next address; the fd number stays the same so
 * the owner's poll set need not change. */
static int
tcp_try_next(struct transport *t)
{
	struct addrinfo *ai;
	int s;

	while ((ai = t->ai_next) != NULL) {
		t->ai_next = ai->ai_next;
		if (getnameinfo(ai->ai_addr, ai->ai_addrlen, t->cur_addr,
		    sizeof t->cur_addr, t->cur_port, sizeof t->cur_port,
		    NI_NUMERICHOST | NI_NUMERICSERV) != 0)
			t->cur_addr[0] = t->cur_port[0] = '\0';

		s = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, ai->ai_protocol);
		if (s == -1) {
			t->last_errno = errno;
			continue;
		}
		if (t->fd == -1)
			t->fd = s;
		else {
			if (dup3(s, t->fd, O_CLOEXEC) == -1) {
				t->last_errno = errno;
				close(s);
				continue;
			}
			close(s);
		}
		sock_setopts(t->fd);

		if (connect(t->fd, ai->ai_addr, ai->ai_addrlen) == 0)
			return tcp_connected(t);
		if (errno == EINPROGRESS || errno == EINTR)
			return TR_AGAIN;
		t->last_errno = errno;
	}

	if (t->fd != -1)
		close(t->fd);
	t->fd = -1;
	return transport_fail(t, TRERR_CONNECT, _("connect to %s port %s: %s"),
	    t->cur_addr, t->cur_port, strerror(t->last_errno));
}

static int
tcp_connected(struct transport *t)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	if (getpeername(t->fd, (struct sockaddr *)&ss, &len) == 0)
		sock_format_addr((struct sockaddr *)&ss, len, t->peer_addr,
		    sizeof t->peer_addr);
	freeaddrinfo(t->ai_list);
	t->ai_list = t->ai_next = NULL;
	t->ready = 1;
	return TR_READY;
}

static int
tcp_step(struct transport *t)
{
	struct pollfd pfd;
	socklen_t len;
	int e, r;

	if (t->resolver != NULL)
		return tcp_resolve_step(t);
	if (t->fd == -1)
		return tcp_try_next(t);

	/* Callers may step without polling first: ask the kernel. */
	pfd.fd = t->fd;
	pfd.events = POLLOUT;
	pfd.revents = 0;
	do
		r = poll(&pfd, 1, 0);
	while (r == -1 && errno == EINTR);
	if (r == 0)
		return TR_AGAIN;

	e = 0;
	len = sizeof e;
	if (getsockopt(t->fd, SOL_SOCKET, SO_ERROR, &e, &len) == -1)
		e = errno;
	if (e == 0)
		return tcp_connected(t);
	if (e == EINPROGRESS || e == EALREADY)
		return TR_AGAIN;
	t->last_errno = e;
	return tcp_try_next(t);
}

static short
tcp_events(const struct transport *t)
{
	if (t->resolver != NULL)
		return POLLIN;
	if (!t->ready)
		return POLLOUT;
	return sock_events(t);
}

static void
tcp_close(struct transport *t)
{
	if (t->resolver != NULL) {
		t->fd = -1;	/* the pipe belongs to the resolver */
		resolver_unref(t->resolver);
		t->resolver = NULL;
	}
	if (t->ai_list != NULL)
		freeaddrinfo(t->ai_list);
	t->ai_list = t->ai_next = NULL;
	sock_close(t);
}

/* ---- proxy command -------------------------------------------------- */

/* Substitute %h, %p and %% as ssh's ProxyCommand does; other %x stay. */
/* The resolver thread: look the name up, then say so through the pipe. */
static void *
resolver_main(void *arg)
{
	struct resolver *r = arg;
	struct addrinfo hints;
	ssize_t n;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	r->rc = getaddrinfo(r->host, r->port, &hints, &r->res);
	r->err = errno;
	do
		n = write(r->pipe[1], "r", 1);
	while (n == -1 && errno == EINTR);
	resolver_unref(r);
	return NULL;
}

static void
resolver_unref(struct resolver *r)
{
	if (atomic_fetch_sub(&r->refs, 1) != 1)
		return;
	if (r->res != NULL)
		freeaddrinfo(r->res);
	close(r->pipe[0]);
	close(r->pipe[1]);
	free(r->host);
	free(r->port);
	free(r);
}

/* Start resolving host in the background; the pipe becomes our fd. */
static int
tcp_resolve_start(struct transport *t, const char *host, const char *port)
{
	struct resolver *r = xcalloc(1, sizeof *r);
	pthread_attr_t attr;
	pthread_t tid;
	sigset_t all, old;
	int rc;

	if (pipe2(r->pipe, O_CLOEXEC | O_NONBLOCK) == -1) {
		free(r);
		return transport_fail(t, TRERR_RESOLVE, "pipe: %s",
		    strerror(errno));
	}
	r->host = xstrdup(host);
	r->port = xstrdup(port);
	atomic_init(&r->refs, 2);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&tid, &attr, resolver_main, r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		atomic_store(&r->refs, 1);
		resolver_unref(r);
		return transport_fail(t, TRERR_RESOLVE,
		    _("cannot resolve %s: %s"), host, strerror(rc));
	}
	t->resolver = r;
	t->fd = r->pipe[0];
	return 0;
}

/* Has the lookup finished?  Then start connecting. */
static int
tcp_resolve_step(struct transport *t)
{
	struct resolver *r = t->resolver;
	char c;
	int rc;

	if (read(r->pipe[0], &c, 1) != 1)
		return TR_AGAIN;
	t->resolver = NULL;
	t->fd = -1;
	rc = r->rc;
	if (rc != 0) {
		int err = r->err;

		resolver_unref(r);
		return transport_fail(t, TRERR_RESOLVE,
		    _("cannot resolve %s port %s: %s"), t->cur_addr,
		    t->cur_port, rc == EAI_SYSTEM ? strerror(err) :
		    gai_strerror(rc));
	}
	t->ai_list = t->ai_next = r->res;
	r->res = NULL;
	resolver_unref(r);
	return tcp_try_next(t);
}

static char *
proxy_expand(const char *cmd, const char *host, const char *port)
{
	struct buf b;

	buf_init(&b);
	for (; *cmd != '\0'; cmd++) {
		if (cmd[0] != '%' || cmd[1] == '\0') {
			buf_addc(&b, *cmd);
			continue;
		}
		switch (cmd[1]) {
		case 'h':
			buf_adds(&b, host);
			break;
		case 'H':	/* host, an IPv6 address in brackets (ssh -W) */
			if (strchr(host, ':') != NULL) {
				buf_addc(&b, '[');
				buf_adds(&b, host);
				buf_addc(&b, ']');
			} else
				buf_adds(&b, host);
			break;
		case 'p':
			buf_adds(&b, port);
			break;
		case '%':
			buf_addc(&b, '%');
			break;
		default:
			buf_addc(&b, '%');
			buf_addc(&b, cmd[1]);
			break;
		}
		cmd++;
	}
	return buf_steal(&b, NULL);
}

static int
proxy_open(struct transport *t, const struct transport_cfg *cfg)
{
	const char *host = cfg->host != NULL ? cfg->host : "";
	char *cmd, *argv[4];
	sigset_t none;
	int sv[2], ep[2], in, er;
	pid_t pid;

	if (cfg->proxy_cmd == NULL || *cfg->proxy_cmd == '\0')
		return transport_fail(t, TRERR_CONNECT, "%s",
		    _("no proxy command given"));
	/* The host lands in a shell command line: no metacharacters. */
	if (!shell_safe(host, ":") || !shell_safe(cfg->port, ""))
		return transport_fail(t, TRERR_CONNECT,
		    _("host \"%s\" port \"%s\" cannot be passed to a proxy "
		    "command"), host, cfg->port);

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
		return transport_fail(t, TRERR_CONNECT, "socketpair: %s",
		    strerror(errno));
#ifdef HAVE_PIPE2
	if (pipe2(ep, O_CLOEXEC) == -1) {
#else
	if (pipe(ep) == -1 || fcntl(ep[0], F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(ep[1], F_SETFD, FD_CLOEXEC) == -1) {
#endif
		close(sv[0]);
		close(sv[1]);
		return transport_fail(t, TRERR_CONNECT, "pipe: %s",
		    strerror(errno));
	}

	/* Everything the child needs is ready before fork: after it, only
	 * async-signal-safe calls until exec. */
	cmd = proxy_expand(cfg->proxy_cmd, host, cfg->port);
	argv[0] = (char *)"sh";
	argv[1] = (char *)"-c";
	argv[2] = cmd;
	argv[3] = NULL;
	sigemptyset(&none);

	pid = fork();
	if (pid == -1) {
		free(cmd);
		close(sv[0]);
		close(sv[1]);
		close(ep[0]);
		close(ep[1]);
		return transport_fail(t, TRERR_CONNECT,
		    _("cannot start proxy command: %s"), strerror(errno));
	}
	if (pid == 0) {
		/* Move our ends above 2 first, so dup2 never meets itself. */
		in = fcntl(sv[1], F_DUPFD, 3);
		er = fcntl(ep[1], F_DUPFD, 3);
		if (in == -1 || er == -1 || dup2(in, 0) == -1 ||
		    dup2(in, 1) == -1 || dup2(er, 2) == -1)
			_exit(127);
		close(in);
		close(er);
		signal(SIGPIPE, SIG_DFL);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execve("/bin/sh", argv, environ);
		_exit(127);
	}

	free(cmd);
	close(sv[1]);
	close(ep[1]);
	(void)fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
	(void)fcntl(ep[0], F_SETFL, fcntl(ep[0], F_GETFL) | O_NONBLOCK);
	t->fd = sv[0];
	t->errfd = ep[0];
	t->pid = pid;
	t->ready = 1;
	return 0;
}

/* Nothing to wait for: whether the tunnel works shows on the first read. */
static int
proxy_step(struct transport *t)
{
	proxy_drain_stderr(t);
	return TR_READY;
}

/* Keep the command's last stderr line; reading often also stops a chatty
 * command from blocking on a full pipe. */
static void
proxy_drain_stderr(struct transport *t)
{
	char buf[1024];
	ssize_t r, i;
	char c;

	while (t->errfd != -1) {
		r = read(t->errfd, buf, sizeof buf);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (r <= 0) {
			close(t->errfd);
			t->errfd = -1;
			return;
		}
		for (i = 0; i < r; i++) {
			c = buf[i];
			if (c == '\n') {
				if (t->errpartlen > 0) {
					t->errpart[t->errpartlen] = '\0';
					str_copy(t->errline, sizeof t->errline,
					    t->errpart);
				}
				t->errpartlen = 0;
			} else if (c != '\r' &&
			    t->errpartlen < sizeof t->errpart - 1)
				t->errpart[t->errpartlen++] = c;
		}
	}
}

/* Collect the command's exit status, waiting at most wait_ms. */
static void
proxy_reap(struct transport *t, int wait_ms)
{
	int64_t deadline = now_ms() + wait_ms;
	pid_t r;

	while (t->pid != -1 && !t->reaped) {
		r = waitpid(t->pid, &t->status, WNOHANG);
		if (r == t->pid || (r == -1 && errno != EINTR)) {
			t->reaped = 1;
			if (r == -1)
				t->status = 0;
			break;
		}
		if (now_ms() >= deadline)
			break;
		(void)poll(NULL, 0, 5);
	}
}

/* The tunnel died before it carried a byte: explain with the command's own
 * last words ("ssh: Could not resolve hostname bastion ..."). */
static int
proxy_fail(struct transport *t)
{
	int64_t deadline = now_ms() + PROXY_GRACE_MS;
	struct pollfd pfd;
	int64_t left;

	for (;;) {
		proxy_drain_stderr(t);
		left = deadline - now_ms();
		if (t->errfd == -1 || left <= 0)
			break;
		pfd.fd = t->errfd;
		pfd.events = POLLIN;
		(void)poll(&pfd, 1, (int)left);
	}
	left = deadline - now_ms();
	proxy_reap(t, left > 0 ? (int)left : 0);

	if (t->errpartlen > 0) {
		t->errpart[t->errpartlen] = '\0';
		str_copy(t->errline, sizeof t->errline, t->errpart);
	}
	if (t->errline[0] != '\0')
		return transport_fail(t, TRERR_CONNECT,
		    _("proxy command failed: %s"), t->errline);
	if (t->reaped && WIFEXITED(t->status))
		return transport_fail(t, TRERR_CONNECT,
		    _("proxy command exited with status %d"),
		    WEXITSTATUS(t->status));
	if (t->reaped && WIFSIGNALED(t->status))
		return transport_fail(t, TRERR_CONNECT,
		    _("proxy command killed by signal %d"),
		    WTERMSIG(t->status));
	return transport_fail(t, TRERR_CONNECT, "%s",
	    _("proxy command closed the connection"));
}

static ssize_t
proxy_read(struct transport *t, void *p, size_t n)
{
	ssize_t r;

	proxy_drain_stderr(t);
	r = sock_read(t, p, n);
	if (r > 0)
		t->got_data = 1;
	else if ((r == TR_EOF || r == TR_ERROR) && !t->got_data)
		return proxy_fail(t);
	return r;
}

static ssize_t
proxy_write(struct transport *t, const void *p, size_t n)
{
	ssize_t r;

	proxy_drain_stderr(t);
	r = sock_write(t, p, n);
	if (r == TR_ERROR && !t->got_data)
		return proxy_fail(t);
	return r;
}

/* Closing our end first lets a well-behaved command exit on its own. */
static void
proxy_close(struct transport *t)
{
	sock_close(t);
	if (t->pid != -1 && !t->reaped) {
		proxy_reap(t, 0);
		if (!t->reaped) {
			(void)kill(t->pid, SIGTERM);
			proxy_reap(t, PROXY_REAP_MS);
		}
		if (!t->reaped) {
			(void)kill(t->pid, SIGKILL);
			while (waitpid(t->pid, &t->status, 0) == -1 &&
			    errno == EINTR)
				;
			t->reaped = 1;
		}
	}
	if (t->errfd != -1)
		close(t->errfd);
	t->errfd = -1;
}

/* ---- an already connected socket ------------------------------------ */

static int
fd_open(struct transport *t, const struct transport_cfg *cfg)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	int fl;

	if (cfg->fd < 0)
		return transport_fail(t, TRERR_CONNECT, "%s",
		    _("no connected socket given"));
	t->fd = cfg->fd;
	fl = fcntl(t->fd, F_GETFL);
	if (fl == -1 || fcntl(t->fd, F_SETFL, fl | O_NONBLOCK) == -1)
		return transport_fail(t, TRERR_CONNECT, "fcntl: %s",
		    strerror(errno));
	(void)fcntl(t->fd, F_SETFD, FD_CLOEXEC);
	if (getpeername(t->fd, (struct sockaddr *)&ss, &len) == 0)
		sock_format_addr((struct sockaddr *)&ss, len, t->peer_addr,
		    sizeof t->peer_addr);
	t->ready = 1;
	return 0;
}

static int
fd_step(struct transport *t)
{
	return TR_READY;
}

/* ---- TLS on top of any of the above --------------------------------- */

static int
tlsl_open(struct transport *t, const struct transport_cfg *cfg)
{
	t->tls = tls_conn_new(cfg, t->lower, t->err, sizeof t->err,
	    &t->errkind);
	if (t->tls == NULL) {
		t->failed = 1;
		return -1;
	}
	return 0;
}

static int
tlsl_step(struct transport *t)
{
	enum transport_errkind kind;
	const char *msg;
	int r;

	r = transport_step(t->lower);
	if (r == TR_ERROR)
		transport_copy_error(t, t->lower);
	if (r != TR_READY)
		return r;

	r = tls_conn_handshake(t->tls);
	if (r == TR_ERROR) {
		msg = tls_conn_error(t->tls, &kind);
		transport_fail(t, kind, "%s", msg);
	}
	return r;
}

static ssize_t
tlsl_read(struct transport *t, void *p, size_t n)
{
	enum transport_errkind kind;
	const char *msg;
	ssize_t r;

	r = tls_conn_read(t->tls, p, n);
	if (r == TR_ERROR) {
		msg = tls_conn_error(t->tls, &kind);
		transport_fail(t, kind, "%s", msg);
	}
	return r;
}

static ssize_t
tlsl_write(struct transport *t, const void *p, size_t n)
{
	enum transport_errkind kind;
	const char *msg;
	ssize_t r;

	r = tls_conn_write(t->tls, p, n);
	if (r == TR_ERROR) {
		msg = tls_conn_error(t->tls, &kind);
		transport_fail(t, kind, "%s", msg);
	}
	return r;
}

static short
tlsl_events(const struct transport *t)
{
	if (!t->lower->ready)
		return transport_events(t->lower);
	return tls_conn_events(t->tls);
}

static void
tlsl_close(struct transport *t)
{
	tls_conn_free(&t->tls);
	transport_close(&t->lower);
}

/* ---- ssh jump hosts ------------------------------------------------- */

char *
transport_jump_command(const char *jump)
{
	const char *at, *hp, *rb, *colon;
	char *user = NULL, *host = NULL, *port = NULL, *out = NULL;
	long n;
	char *end;

	/* Only what a user@host:port can contain: the result goes to sh. */
	if (jump == NULL || *jump == '\0' || !shell_safe(jump, "@:[]"))
		return NULL;

	at = strchr(jump, '@');
	if (at != NULL) {
		if (at == jump || strchr(at + 1, '@') != NULL)
			return NULL;
		user = xstrndup(jump, at - jump);
		hp = at + 1;
	} else
		hp = jump;

	if (*hp == '[') {
		rb = strchr(hp, ']');
		if (rb == NULL)
			goto out;
		host = xstrndup(hp + 1, rb - hp - 1);
		if (rb[1] == ':')
			port = xstrdup(rb + 2);
		else if (rb[1] != '\0')
			goto out;
	} else {
		colon = strchr(hp, ':');
		if (colon != NULL && strchr(colon + 1, ':') == NULL) {
			host = xstrndup(hp, colon - hp);
			port = xstrdup(colon + 1);
		} else
			host = xstrdup(hp);	/* a name, or bare IPv6 */
	}

	if (*host == '\0' || *host == '-' || strpbrk(host, "[]") != NULL)
		goto out;
	if (user != NULL && (*user == '-' || strpbrk(user, "[]:") != NULL))
		goto out;
	if (port != NULL) {
		if (*port < '0' || *port > '9')
			goto out;
		errno = 0;
		n = strtol(port, &end, 10);
		if (*end != '\0' || errno != 0 || n < 1 || n > 65535)
			goto out;
	}

	out = xasprintf("ssh -W %%H:%%p%s%s -- %s%s%s",
	    port != NULL ? " -p " : "", port != NULL ? port : "",
	    user != NULL ? user : "", user != NULL ? "@" : "", host);
out:
	free(user);
	free(host);
	free(port);
	return out;
}
