/*
 * transport.h: byte streams to a router.  One small vtable with TCP, TLS
 * (OpenSSL, non-blocking, layered on any of the others), proxy-command
 * (`ssh -W %h:%p jump`) and socketpair (in-process peers) backends.
 *
 * Every transport is non-blocking and is driven by its owner's poll loop:
 * poll transport_fd() for transport_events(), then call transport_step()
 * until it returns TR_READY, then read and write.  Only the I/O thread
 * touches a transport.
 */
#ifndef TIKDECK_TRANSPORT_H
#define TIKDECK_TRANSPORT_H

#include <sys/types.h>

enum transport_kind {
	TRANSPORT_TCP,		/* getaddrinfo + non-blocking connect */
	TRANSPORT_PROXY,	/* sh -c COMMAND with %h %p substituted */
	TRANSPORT_FD		/* an already connected socket (socketpair) */
};

/* Results of transport_step(), transport_read() and transport_write(). */
#define TR_READY	1
#define TR_AGAIN	(-2)	/* would block: poll for transport_events() */
#define TR_ERROR	(-1)	/* see transport_error() */
#define TR_EOF		0	/* read only: the peer closed */

/* Why a transport failed. */
enum transport_errkind {
	TRERR_NONE,
	TRERR_RESOLVE,		/* host name did not resolve */
	TRERR_CONNECT,		/* refused, unreachable, proxy died ... */
	TRERR_TLS,		/* handshake failed (protocol, ciphers) */
	TRERR_TLS_TRUST,	/* certificate not trusted / pin mismatch */
	TRERR_IO		/* read/write failure after connecting */
};

struct transport_cfg {
	enum transport_kind	 kind;
	const char		*host;		/* name or address literal */
	const char		*port;		/* service or number */
	const char		*proxy_cmd;	/* TRANSPORT_PROXY */
	int			 fd;		/* TRANSPORT_FD: taken over */

	int			 tls;		/* layer TLS on top */
	const char		*ca_file;	/* NULL: system CAs */
	const char		*fingerprint;	/* SHA-256 pin, hex, ':' allowed */
	int			 insecure;	/* no verification at all */
	int			 adh;		/* anonymous DH, TLS 1.2 only */
	const char		*verify_name;	/* NULL: host */
};

/* What we learned of the peer's certificate (TLS only). */
struct tls_peer {
	int	 have_cert;
	char	 subject[256];
	char	 issuer[256];
	char	 not_before[64];
	char	 not_after[64];
	char	 sha256[96];	/* "AB:CD:..." upper-case hex */
	char	 verify_error[160];	/* empty when it verified */
	char	 protocol[32];	/* "TLSv1.3" */
	char	 cipher[64];
};

struct transport;

/* Start opening a transport.  Returns NULL with a message in err on an
 * immediate failure (bad option, resolve failure, fork failure). */
struct transport *transport_open(const struct transport_cfg *cfg,
    char *err, size_t errlen, enum transport_errkind *kind);
void transport_close(struct transport **t);

int transport_fd(const struct transport *t);
/* POLLIN / POLLOUT the transport waits for now. */
short transport_events(const struct transport *t);
/* Drive connect and handshake: TR_READY, TR_AGAIN or TR_ERROR. */
int transport_step(struct transport *t);
/* >0 bytes, TR_EOF, TR_AGAIN or TR_ERROR. */
ssize_t transport_read(struct transport *t, void *p, size_t n);
/* >0 bytes written, TR_AGAIN or TR_ERROR. */
ssize_t transport_write(struct transport *t, const void *p, size_t n);
/* Is the byte stream under any TLS layer connected (TCP up, proxy running)?
 * Tells a TLS handshake that gets no answer from a connect that never
 * completes. */
int transport_link_up(const struct transport *t);
/* Bytes the transport has already buffered (TLS): read again before poll. */
int transport_pending(const struct transport *t);

const char *transport_error(const struct transport *t);
enum transport_errkind transport_errkind(const struct transport *t);
/* TLS details; NULL for plain transports. */
const struct tls_peer *transport_peer(const struct transport *t);
/* "TLS" / "plain", for the title bar. */
int transport_is_tls(const struct transport *t);
/* Numeric address actually connected to ("192.0.2.1:8729"); may be empty. */
const char *transport_peer_addr(const struct transport *t);

/* Normalise a fingerprint ("ab cd", "AB:CD", "abcd") to "AB:CD:..."; returns
 * 0 if it is not 32 bytes of hex. */
int tls_fingerprint_normalise(const char *in, char *out, size_t outlen);

/* The proxy command for `-J [user@]host[:port]`:
 * "ssh -W %H:%p [-p port] -- [user@]host".  NULL if jump is malformed or
 * holds whitespace or shell metacharacters.  The caller frees the result. */
char *transport_jump_command(const char *jump);

#endif
