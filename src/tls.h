/*
 * tls.h: the OpenSSL client layer behind transport.c's TLS backend.  Private
 * to the transport module: everything else uses transport.h.
 *
 * A tls_conn speaks TLS over any other transport through a custom BIO that
 * calls transport_read() and transport_write() on the lower stream, so it
 * works the same over TCP, a proxy command or a socketpair.
 */
#ifndef TIKDECK_TLS_H
#define TIKDECK_TLS_H

#include <sys/types.h>

#include "transport.h"

struct tls_conn;

/* Prepare a client for cfg over lower (not owned).  NULL with a message in
 * err and the failure class in kind on a bad option or CA file. */
struct tls_conn *tls_conn_new(const struct transport_cfg *cfg,
    struct transport *lower, char *err, size_t errlen,
    enum transport_errkind *kind);
/* Send close_notify if we can without blocking, then free. */
void tls_conn_free(struct tls_conn **tc);

/* Drive the handshake and the trust decision: TR_READY, TR_AGAIN, TR_ERROR. */
int tls_conn_handshake(struct tls_conn *tc);
/* Same conventions as transport_read() / transport_write(). */
ssize_t tls_conn_read(struct tls_conn *tc, void *p, size_t n);
ssize_t tls_conn_write(struct tls_conn *tc, const void *p, size_t n);
/* POLLIN / POLLOUT the last SSL call asked for. */
short tls_conn_events(const struct tls_conn *tc);
int tls_conn_pending(const struct tls_conn *tc);

const struct tls_peer *tls_conn_peer(const struct tls_conn *tc);
/* The message of the last failure and its class. */
const char *tls_conn_error(const struct tls_conn *tc,
    enum transport_errkind *kind);

#endif
