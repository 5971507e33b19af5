/*
 * server.c: loopback listeners (api, api-ssl in certificate or anonymous-DH
 * mode), the accept loop, and one thread per connection.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef HAVE_SYS_EVENTFD_H
#include <sys/eventfd.h>
#endif

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "simint.h"
#include "tlsgen.h"

#define CONN_STACK	(512 * 1024)
#define BLACKHOLE_MS	60000
#define ADH_CIPHERS \
	"ADH-AES256-GCM-SHA384:ADH-AES128-GCM-SHA256:ADH-AES256-SHA256:" \
	"ADH-AES128-SHA256:ADH-AES256-SHA:ADH-AES128-SHA:@SECLEVEL=0"

static void *conn_main(void *arg);
static int conn_start(struct sim *sim, int fd, SSL_CTX *ctx);
static void conn_end(struct conn *c);
static void conn_blackhole(struct conn *c);
static int wake_open(int fds[2]);
static SSL_CTX *ctx_make(struct sim *sim, enum sim_ssl_mode mode, char *err,
    size_t errlen);

/* A wake-up channel: an eventfd where available, else a pipe. */
static int
wake_open(int fds[2])
{
#ifdef HAVE_SYS_EVENTFD_H
	int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);

	if (fd < 0)
		return -1;
	fds[0] = fds[1] = fd;
	return 0;
#else
	if (pipe(fds) != 0)
		return -1;
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	return 0;
#endif
}

/* Unregister, close and free a connection; the last step of its thread. */
static void
conn_end(struct conn *c)
{
	struct sim *sim = c->sim;
	struct conn **pp;

	pthread_mutex_lock(&sim->mu);
	for (pp = &sim->conns; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	pthread_mutex_unlock(&sim->mu);
	if (c->ssl != NULL) {
		SSL_shutdown(c->ssl);
		SSL_free(c->ssl);
	}
	close(c->fd);
	close(c->wakefd[0]);
	if (c->wakefd[1] != c->wakefd[0])
		close(c->wakefd[1]);
	if (sim->o.verbose)
		fprintf(stderr, "tikdeck-sim: %s: closed\n", c->peer);
	trace_event(c, "closed");
	free(c);
	/* Free OpenSSL's per-thread state before sim_free() can return and
	 * the program exit (and clean OpenSSL up) under our feet. */
	OPENSSL_thread_stop();
	pthread_mutex_lock(&sim->mu);
	sim->nthreads--;
	pthread_cond_broadcast(&sim->cond);
	pthread_mutex_unlock(&sim->mu);
}

/* A source address the service refuses: like a firewall drop, nothing is
 * ever answered; what the client sends is discarded until it gives up, the
 * router stops or BLACKHOLE_MS pass. */
static void
conn_blackhole(struct conn *c)
{
	int64_t end = now_ms() + BLACKHOLE_MS;
	char junk[4096];

	for (;;) {
		struct pollfd p[2];
		int64_t left = end - now_ms();
		int r;

		if (left <= 0)
			break;
		p[0].fd = c->fd;
		p[0].events = POLLIN;
		p[1].fd = c->wakefd[0];
		p[1].events = POLLIN;
		r = poll(p, 2, (int)left);
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;
		if (p[1].revents & POLLIN)
			break;
		if ((p[0].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    recv(c->fd, junk, sizeof junk, 0) <= 0)
			break;
	}
}

/* Connection thread: TLS handshake if any, then the session. */
static void *
conn_main(void *arg)
{
	struct conn *c = arg;
	SSL *ssl = c->ssl;

	if (c->blackhole) {
		conn_blackhole(c);
		conn_end(c);
		return NULL;
	}
	if (ssl != NULL && SSL_accept(ssl) != 1) {
		if (c->sim->o.verbose) {
			char e[256];

			ERR_error_string_n(ERR_get_error(), e, sizeof e);
			fprintf(stderr, "tikdeck-sim: %s: TLS handshake failed:"
			    " %s\n", c->peer, e);
		}
		trace_event(c, "TLS handshake failed");
		conn_end(c);
		return NULL;
	}
	session_run(c);
	conn_end(c);
	return NULL;
}

/* Register a connection and start its thread (fd is owned from here). */
static int
conn_start(struct sim *sim, int fd, SSL_CTX *ctx)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	struct conn *c;
	pthread_attr_t attr;
	pthread_t th;
	int one = 1;

	c = xcalloc(1, sizeof *c);
	c->sim = sim;
	c->fd = fd;
	c->rnd = (unsigned int)(now_ms() ^ (uintptr_t)c);
	str_copy(c->peer, sizeof c->peer, "127.0.0.1");
	if (getpeername(fd, (struct sockaddr *)&ss, &sl) == 0 &&
	    ss.ss_family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &in->sin_addr, c->peer, sizeof c->peer);
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		c->peer_ip = ntohl(in->sin_addr.s_addr);
		switch (sim_service_allows(sim, ctx != NULL ? "api-ssl" :
		    "api", c->peer_ip)) {
		case -1:
			/* Service disabled: refused by closing. */
			if (sim->o.verbose)
				fprintf(stderr, "tikdeck-sim: %s: service "
				    "disabled, closed\n", c->peer);
			close(fd);
			free(c);
			return -1;
		case 0:
			c->blackhole = 1;
			if (sim->o.verbose)
				fprintf(stderr, "tikdeck-sim: %s: not in the "
				    "service's address list, dropped\n",
				    c->peer);
			break;
		default:
			break;
		}
	}
	c->tls = ctx != NULL;
	if (wake_open(c->wakefd) != 0) {
		close(fd);
		free(c);
		return -1;
	}
	if (ctx != NULL) {
		c->ssl = SSL_new(ctx);
		SSL_set_fd(c->ssl, fd);
	}
	pthread_mutex_lock(&sim->mu);
	if (sim->stopping) {
		pthread_mutex_unlock(&sim->mu);
		if (c->ssl != NULL)
			SSL_free(c->ssl);
		close(c->wakefd[0]);
		if (c->wakefd[1] != c->wakefd[0])
			close(c->wakefd[1]);
		close(fd);
		free(c);
		return -1;
	}
	c->next = sim->conns;
	sim->conns = c;
	sim->nthreads++;
	c->num = ++sim->nconns;
	pthread_mutex_unlock(&sim->mu);
	trace_event(c, "connected from %s%s%s", c->peer, ctx != NULL ?
	    " (api-ssl)" : "", c->blackhole ? ", not in the service's address "
	    "list: dropped" : "");
	if (sim->o.verbose)
		fprintf(stderr, "tikdeck-sim: %s: connected%s\n", c->peer,
		    ctx != NULL ? " (api-ssl)" : "");
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, CONN_STACK);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&th, &attr, conn_main, c) != 0) {
		pthread_attr_destroy(&attr);
		conn_end(c);
		return -1;
	}
	pthread_attr_destroy(&attr);
	return 0;
}

/* Serve an already connected socket. */
int
sim_serve_fd(struct sim *sim, int fd)
{
	return conn_start(sim, fd, NULL);
}

/* A TLS server context for the mode. */
static SSL_CTX *
ctx_make(struct sim *sim, enum sim_ssl_mode mode, char *err, size_t errlen)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

	if (ctx == NULL) {
		snprintf(err, errlen, "cannot create a TLS context");
		return NULL;
	}
	SSL_CTX_set_dh_auto(ctx, 1);
	SSL_CTX_set_mode(ctx, SSL_MODE_AUTO_RETRY);
	if (mode == SIM_SSL_ADH) {
		/* Like api-ssl without a certificate: anonymous DH only. */
		SSL_CTX_set_security_level(ctx, 0);
		SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
		SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
		if (SSL_CTX_set_cipher_list(ctx, ADH_CIPHERS) != 1) {
			snprintf(err, errlen, "OpenSSL offers no anonymous DH "
			    "cipher");
			SSL_CTX_free(ctx);
			return NULL;
		}
		return ctx;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	if (sim->cert == NULL && tlsgen_self_signed("tikdeck-sim", 365,
	    &sim->key, &sim->cert) != 0) {
		snprintf(err, errlen, "cannot generate a certificate");
		SSL_CTX_free(ctx);
		return NULL;
	}
	if (SSL_CTX_use_certificate(ctx, sim->cert) != 1 ||
	    SSL_CTX_use_PrivateKey(ctx, sim->key) != 1) {
		snprintf(err, errlen, "cannot load the certificate");
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* Open a loopback listener. */
int
sim_listen(struct sim *sim, int tls, enum sim_ssl_mode mode, int port,
    int *bound, char *err, size_t errlen)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof sin;
	int fd, one = 1;

	if (sim->nl >= (int)TD_ARRAY_LEN(sim->lfd)) {
		snprintf(err, errlen, "too many listeners");
		return -1;
	}
	if (tls) {
		SSL_CTX **pc = mode == SIM_SSL_ADH ? &sim->ctx_adh :
		    &sim->ctx_cert;

		if (*pc == NULL && (*pc = ctx_make(sim, mode, err,
		    errlen)) == NULL)
			return -1;
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((uint16_t)port);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) != 0 ||
	    listen(fd, 1024) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &sl) != 0) {
		snprintf(err, errlen, "127.0.0.1:%d: %s", port,
		    strerror(errno));
		close(fd);
		return -1;
	}
	sim->lfd[sim->nl] = fd;
	sim->ltls[sim->nl] = tls ? 1 + (int)mode : 0;
	sim->nl++;
	*bound = ntohs(sin.sin_port);
	return 0;
}

/* Write the api-ssl certificate as PEM. */
int
sim_write_cert(struct sim *sim, const char *path)
{
	if (sim->cert == NULL)
		return -1;
	return tlsgen_write_pem_cert(sim->cert, path);
}

/* Accept on every listener until stopfd is readable. */
int
sim_run(struct sim *sim, int stopfd)
{
	struct pollfd p[TD_ARRAY_LEN(sim->lfd) + 1];
	int i, n;

	for (;;) {
		n = 0;
		for (i = 0; i < sim->nl; i++) {
			p[n].fd = sim->lfd[i];
			p[n].events = POLLIN;
			n++;
		}
		p[n].fd = stopfd;
		p[n].events = POLLIN;
		if (poll(p, (nfds_t)n + 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (p[n].revents != 0)
			return 0;
		for (i = 0; i < sim->nl; i++) {
			SSL_CTX *ctx;
			int fd, down;

			if (!(p[i].revents & POLLIN))
				continue;
			fd = accept(sim->lfd[i], NULL, NULL);
			if (fd < 0)
				continue;
			pthread_mutex_lock(&sim->mu);
			down = sim->down_until > now_ms();
			pthread_mutex_unlock(&sim->mu);
			if (down) {
				/* Rebooting: nobody answers yet. */
				close(fd);
				continue;
			}
			fcntl(fd, F_SETFD, FD_CLOEXEC);
			ctx = sim->ltls[i] == 0 ? NULL :
			    sim->ltls[i] == 1 + (int)SIM_SSL_ADH ?
			    sim->ctx_adh : sim->ctx_cert;
			conn_start(sim, fd, ctx);
		}
	}
}
