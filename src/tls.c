/*
 * tls.c: the OpenSSL client layer.  The handshake runs non-blocking over
 * any lower transport (through a BIO that calls transport_read/write) with
 * SSL_VERIFY_NONE; the trust decision is made afterwards with the
 * certificate in hand, so the user always sees what was offered.
 */
#include "config.h"

#include <sys/types.h>
#include <arpa/inet.h>

#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "i18n.h"
#include "tls.h"
#include "tlsgen.h"
#include "transport.h"
#include "util.h"

/* Certificate-less api-ssl: anonymous DH, which OpenSSL only offers at
 * security level 0 and which exists only up to TLS 1.2. */
#define TLS_ADH_CIPHERS	"ADH-AES256-GCM-SHA384:ADH-AES128-GCM-SHA256:" \
			"ADH-AES256-SHA256:ADH-AES256-SHA:@SECLEVEL=0"

enum tls_state {
	TLS_HANDSHAKE,
	TLS_OPEN,
	TLS_FAILED
};

struct tls_conn {
	SSL_CTX		*ctx;
	SSL		*ssl;
	struct transport *lower;
	enum tls_state	 state;
	short		 hs_wants;	/* what the handshake waits for */
	short		 read_wants;	/* what SSL_read waits for */
	short		 write_wants;	/* what a blocked SSL_write waits for */
	int		 eof;		/* the lower stream ended */
	char		*name;		/* what the certificate must name */
	char		*pin;		/* normalised fingerprint, or NULL */
	int		 insecure;
	int		 adh;
	struct tls_peer	 peer;
	enum transport_errkind errkind;
	char		 err[512];
};

static int tls_fail(struct tls_conn *tc, enum transport_errkind kind,
    const char *fmt, ...) TD_PRINTF(3, 4);
static void tls_reason(char *out, size_t outlen);
static int tls_is_ip(const char *s);
static void tls_bio_init(void);
static int tls_bio_create(BIO *b);
static int tls_bio_write(BIO *b, const char *p, int n);
static int tls_bio_read(BIO *b, char *p, int n);
static long tls_bio_ctrl(BIO *b, int cmd, long num, void *ptr);
static int tls_ssl_failure(struct tls_conn *tc, int r, short *wants,
    int handshake);
static void tls_name_print(const X509_NAME *name, char *out, size_t outlen);
static void tls_time_print(const ASN1_TIME *t, char *out, size_t outlen);
static void tls_fill_peer(struct tls_conn *tc);
static int tls_decide(struct tls_conn *tc);
static int tls_hexval(char c);

static pthread_once_t tls_bio_once = PTHREAD_ONCE_INIT;
static BIO_METHOD *tls_bio_method;

/* Record a failure; later calls on tc return TR_ERROR. */
static int
tls_fail(struct tls_conn *tc, enum transport_errkind kind, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tc->err, sizeof tc->err, fmt, ap);
	va_end(ap);
	tc->errkind = kind;
	tc->state = TLS_FAILED;
	return TR_ERROR;
}

/* OpenSSL's reason for the most recent error, or the system error under
 * it ("No such file or directory" beats "system lib"); empties the
 * (per-thread) queue so that the next call starts clean. */
static void
tls_reason(char *out, size_t outlen)
{
	unsigned long e, last = 0;
	const char *r;
	int sys = 0;

	while ((e = ERR_get_error()) != 0) {
#ifdef ERR_SYSTEM_ERROR
		if (sys == 0 && ERR_SYSTEM_ERROR(e))
			sys = ERR_GET_REASON(e);
#else
		if (sys == 0 && ERR_GET_LIB(e) == ERR_LIB_SYS)
			sys = ERR_GET_REASON(e);
#endif
		last = e;
	}
	*out = '\0';
	if (sys != 0) {
		str_copy(out, outlen, strerror(sys));
		return;
	}
	if (last == 0)
		return;
	r = ERR_reason_error_string(last);
	if (r != NULL)
		str_copy(out, outlen, r);
	else
		ERR_error_string_n(last, out, outlen);
}

static int
tls_is_ip(const char *s)
{
	unsigned char a[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, s, a) == 1 || inet_pton(AF_INET6, s, a) == 1;
}

/* ---- a BIO over the lower transport --------------------------------- */

/* BIO type indexes are a small finite pool: make the method once. */
static void
tls_bio_init(void)
{
	BIO_METHOD *m;

	m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK,
	    "tikdeck transport");
	if (m == NULL)
		fatalx("cannot create the TLS transport BIO");
	BIO_meth_set_write(m, tls_bio_write);
	BIO_meth_set_read(m, tls_bio_read);
	BIO_meth_set_ctrl(m, tls_bio_ctrl);
	BIO_meth_set_create(m, tls_bio_create);
	tls_bio_method = m;
}

static int
tls_bio_create(BIO *b)
{
	BIO_set_init(b, 1);
	return 1;
}

static int
tls_bio_write(BIO *b, const char *p, int n)
{
	struct tls_conn *tc = BIO_get_data(b);
	ssize_t r;

	BIO_clear_retry_flags(b);
	if (n <= 0)
		return 0;
	r = transport_write(tc->lower, p, (size_t)n);
	if (r == TR_AGAIN) {
		BIO_set_retry_write(b);
		return -1;
	}
	if (r <= 0)
		return -1;
	return (int)r;
}

static int
tls_bio_read(BIO *b, char *p, int n)
{
	struct tls_conn *tc = BIO_get_data(b);
	ssize_t r;

	BIO_clear_retry_flags(b);
	if (n <= 0)
		return 0;
	r = transport_read(tc->lower, p, (size_t)n);
	if (r == TR_AGAIN) {
		BIO_set_retry_read(b);
		return -1;
	}
	if (r == TR_EOF) {
		tc->eof = 1;
		return 0;
	}
	if (r < 0)
		return -1;
	return (int)r;
}

static long
tls_bio_ctrl(BIO *b, int cmd, long num, void *ptr)
{
	struct tls_conn *tc = BIO_get_data(b);

	switch (cmd) {
	case BIO_CTRL_FLUSH:
		return 1;	/* every write went straight down */
	case BIO_CTRL_EOF:
		return tc != NULL && tc->eof;
	default:
		return 0;
	}
}

/* ---- the connection ------------------------------------------------- */

struct tls_conn *
tls_conn_new(const struct transport_cfg *cfg, struct transport *lower,
    char *err, size_t errlen, enum transport_errkind *kind)
{
	struct tls_conn *tc;
	X509_VERIFY_PARAM *param;
	const char *name;
	char fp[96], reason[256];
	BIO *bio;

	tc = xcalloc(1, sizeof *tc);
	tc->lower = lower;
	tc->insecure = cfg->insecure;
	tc->adh = cfg->adh;
	tc->hs_wants = POLLOUT;
	tc->read_wants = POLLIN;
	name = cfg->verify_name != NULL && *cfg->verify_name != '\0' ?
	    cfg->verify_name : cfg->host;
	tc->name = xstrdup(name != NULL ? name : "");
	ERR_clear_error();

	if (cfg->fingerprint != NULL && *cfg->fingerprint != '\0') {
		if (!tls_fingerprint_normalise(cfg->fingerprint, fp,
		    sizeof fp)) {
			tls_fail(tc, TRERR_TLS_TRUST,
			    _("invalid SHA-256 fingerprint \"%s\" "
			    "(expected 32 bytes of hex)"), cfg->fingerprint);
			goto fail;
		}
		tc->pin = xstrdup(fp);
	}

	tc->ctx = SSL_CTX_new(TLS_client_method());
	if (tc->ctx == NULL) {
		tls_reason(reason, sizeof reason);
		tls_fail(tc, TRERR_TLS, _("cannot set up TLS: %s"), reason);
		goto fail;
	}
	SSL_CTX_set_min_proto_version(tc->ctx, TLS1_2_VERSION);
	SSL_CTX_set_mode(tc->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
	    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
	/* Routers drop the connection without close_notify (after /quit);
	 * API sentences are self-delimiting, so truncation is detectable. */
	SSL_CTX_set_options(tc->ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
	/* Decide after the handshake, with the certificate in hand. */
	SSL_CTX_set_verify(tc->ctx, SSL_VERIFY_NONE, NULL);

	if (tc->adh) {
		SSL_CTX_set_max_proto_version(tc->ctx, TLS1_2_VERSION);
		if (!SSL_CTX_set_cipher_list(tc->ctx, TLS_ADH_CIPHERS)) {
			tls_reason(reason, sizeof reason);
			tls_fail(tc, TRERR_TLS,
			    _("anonymous DH is not available: %s"), reason);
			goto fail;
		}
	} else if (cfg->ca_file != NULL && *cfg->ca_file != '\0') {
		if (!SSL_CTX_load_verify_locations(tc->ctx, cfg->ca_file,
		    NULL)) {
			tls_reason(reason, sizeof reason);
			tls_fail(tc, TRERR_TLS_TRUST,
			    _("cannot load CA file %s: %s"), cfg->ca_file,
			    reason);
			goto fail;
		}
	} else if (!SSL_CTX_set_default_verify_paths(tc->ctx))
		ERR_clear_error();	/* then nothing verifies: said later */

	tc->ssl = SSL_new(tc->ctx);
	if (tc->ssl == NULL) {
		tls_reason(reason, sizeof reason);
		tls_fail(tc, TRERR_TLS, _("cannot set up TLS: %s"), reason);
		goto fail;
	}
	if (*tc->name != '\0') {
		param = SSL_get0_param(tc->ssl);
		if (tls_is_ip(tc->name))
			X509_VERIFY_PARAM_set1_ip_asc(param, tc->name);
		else {
			SSL_set_tlsext_host_name(tc->ssl, tc->name);
			X509_VERIFY_PARAM_set_hostflags(param,
			    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
			X509_VERIFY_PARAM_set1_host(param, tc->name, 0);
		}
	}

	pthread_once(&tls_bio_once, tls_bio_init);
	bio = BIO_new(tls_bio_method);
	if (bio == NULL) {
		tls_reason(reason, sizeof reason);
		tls_fail(tc, TRERR_TLS, _("cannot set up TLS: %s"), reason);
		goto fail;
	}
	BIO_set_data(bio, tc);
	SSL_set_bio(tc->ssl, bio, bio);
	SSL_set_connect_state(tc->ssl);
	ERR_clear_error();
	return tc;

fail:
	if (err != NULL && errlen > 0)
		str_copy(err, errlen, tc->err);
	if (kind != NULL)
		*kind = tc->errkind;
	ERR_clear_error();
	tls_conn_free(&tc);
	return NULL;
}

void
tls_conn_free(struct tls_conn **tcp)
{
	struct tls_conn *tc = *tcp;

	if (tc == NULL)
		return;
	if (tc->ssl != NULL) {
		/* A courtesy close_notify; never wait for it. */
		if (tc->state == TLS_OPEN &&
		    transport_errkind(tc->lower) == TRERR_NONE) {
			ERR_clear_error();
			(void)SSL_shutdown(tc->ssl);
			ERR_clear_error();
		}
		SSL_free(tc->ssl);
	}
	SSL_CTX_free(tc->ctx);
	free(tc->name);
	free(tc->pin);
	free(tc);
	*tcp = NULL;
}

/* Map a failed SSL call to TR_AGAIN (noting what it waits for), TR_EOF or
 * TR_ERROR with a message. */
static int
tls_ssl_failure(struct tls_conn *tc, int r, short *wants, int handshake)
{
	char reason[256];
	int e;

	e = SSL_get_error(tc->ssl, r);
	switch (e) {
	case SSL_ERROR_WANT_READ:
		*wants = POLLIN;
		return TR_AGAIN;
	case SSL_ERROR_WANT_WRITE:
		*wants = POLLOUT;
		return TR_AGAIN;
	case SSL_ERROR_ZERO_RETURN:
		if (!handshake) {
			ERR_clear_error();
			return TR_EOF;
		}
		break;
	default:
		break;
	}

	/* A dead lower stream is the real story (e.g. the proxy's stderr). */
	if (transport_errkind(tc->lower) != TRERR_NONE) {
		ERR_clear_error();
		return tls_fail(tc, transport_errkind(tc->lower), "%s",
		    transport_error(tc->lower));
	}
	tls_reason(reason, sizeof reason);
	if (!handshake) {
		if (reason[0] == '\0' && tc->eof)
			return TR_EOF;
		return tls_fail(tc, TRERR_IO, _("TLS connection failed: %s"),
		    reason[0] != '\0' ? reason : _("connection lost"));
	}
	if (reason[0] == '\0' || tc->eof)
		return tls_fail(tc, TRERR_TLS,
		    _("TLS handshake with %s failed: %s"), tc->name,
		    tc->eof ? _("the server closed the connection") :
		    _("unknown error"));
	return tls_fail(tc, TRERR_TLS, _("TLS handshake with %s failed: %s"),
	    tc->name, reason);
}

int
tls_conn_handshake(struct tls_conn *tc)
{
	int r;

	if (tc->state == TLS_OPEN)
		return TR_READY;
	if (tc->state == TLS_FAILED)
		return TR_ERROR;

	ERR_clear_error();
	r = SSL_connect(tc->ssl);
	if (r <= 0)
		return tls_ssl_failure(tc, r, &tc->hs_wants, 1);

	tls_fill_peer(tc);
	if (tls_decide(tc) == TR_ERROR)
		return TR_ERROR;
	tc->state = TLS_OPEN;
	return TR_READY;
}

ssize_t
tls_conn_read(struct tls_conn *tc, void *p, size_t n)
{
	int r;

	if (tc->state != TLS_OPEN) {
		r = tls_conn_handshake(tc);
		if (r != TR_READY)
			return r;
	}
	if (n == 0)
		return 0;
	if (n > INT_MAX)
		n = INT_MAX;
	ERR_clear_error();
	r = SSL_read(tc->ssl, p, (int)n);
	if (r > 0) {
		tc->read_wants = POLLIN;
		return r;
	}
	return tls_ssl_failure(tc, r, &tc->read_wants, 0);
}

/* After TR_AGAIN, call again with the same bytes first (more may follow):
 * OpenSSL resumes the record it had started. */
ssize_t
tls_conn_write(struct tls_conn *tc, const void *p, size_t n)
{
	int r;

	if (tc->state != TLS_OPEN) {
		r = tls_conn_handshake(tc);
		if (r != TR_READY)
			return r;
	}
	if (n == 0)
		return 0;
	if (n > INT_MAX)
		n = INT_MAX;
	ERR_clear_error();
	r = SSL_write(tc->ssl, p, (int)n);
	if (r > 0) {
		tc->write_wants = 0;
		return r;
	}
	r = tls_ssl_failure(tc, r, &tc->write_wants, 0);
	return r == TR_EOF ? TR_ERROR : r;
}

short
tls_conn_events(const struct tls_conn *tc)
{
	switch (tc->state) {
	case TLS_HANDSHAKE:
		return tc->hs_wants;
	case TLS_OPEN:
		return tc->read_wants | tc->write_wants;
	default:
		return 0;
	}
}

int
tls_conn_pending(const struct tls_conn *tc)
{
	int n;

	if (tc->state != TLS_OPEN)
		return 0;
	n = SSL_pending(tc->ssl);
	if (n > 0)
		return n;
	/* Undecrypted bytes already read from the socket count too. */
	return SSL_has_pending(tc->ssl) ? 1 : 0;
}

const struct tls_peer *
tls_conn_peer(const struct tls_conn *tc)
{
	return &tc->peer;
}

const char *
tls_conn_error(const struct tls_conn *tc, enum transport_errkind *kind)
{
	if (kind != NULL)
		*kind = tc->errkind;
	return tc->err;
}

/* ---- what the peer showed us, and whether we trust it --------------- */

static void
tls_name_print(const X509_NAME *name, char *out, size_t outlen)
{
	BIO *m;
	char *data;
	long len;

	*out = '\0';
	m = BIO_new(BIO_s_mem());
	if (m == NULL)
		return;
	/* RFC 2253 order (CN first), UTF-8 kept, control bytes escaped. */
	if (X509_NAME_print_ex(m, name, 0,
	    XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
		len = BIO_get_mem_data(m, &data);
		if (len > 0) {
			if ((size_t)len >= outlen)
				len = (long)outlen - 1;
			memcpy(out, data, (size_t)len);
			out[len] = '\0';
		}
	}
	BIO_free(m);
}

static void
tls_time_print(const ASN1_TIME *t, char *out, size_t outlen)
{
	struct tm tm;

	*out = '\0';
	if (t == NULL || !ASN1_TIME_to_tm(t, &tm))
		return;
	strftime(out, outlen, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

static void
tls_fill_peer(struct tls_conn *tc)
{
	struct tls_peer *pe = &tc->peer;
	const char *s;
	X509 *cert;
	long v;

	memset(pe, 0, sizeof *pe);
	s = SSL_get_version(tc->ssl);
	str_copy(pe->protocol, sizeof pe->protocol, s != NULL ? s : "");
	s = SSL_get_cipher_name(tc->ssl);
	str_copy(pe->cipher, sizeof pe->cipher, s != NULL ? s : "");

#if OPENSSL_VERSION_NUMBER >= 0x30000000L
	cert = SSL_get1_peer_certificate(tc->ssl);
#else
	cert = SSL_get_peer_certificate(tc->ssl);
#endif
	if (cert == NULL) {
		str_copy(pe->verify_error, sizeof pe->verify_error,
		    _("no certificate"));
		return;
	}
	pe->have_cert = 1;
	tls_name_print(X509_get_subject_name(cert), pe->subject,
	    sizeof pe->subject);
	tls_name_print(X509_get_issuer_name(cert), pe->issuer,
	    sizeof pe->issuer);
	tls_time_print(X509_get0_notBefore(cert), pe->not_before,
	    sizeof pe->not_before);
	tls_time_print(X509_get0_notAfter(cert), pe->not_after,
	    sizeof pe->not_after);
	tlsgen_fingerprint(cert, pe->sha256, sizeof pe->sha256);
	v = SSL_get_verify_result(tc->ssl);
	if (v != X509_V_OK)
		str_copy(pe->verify_error, sizeof pe->verify_error,
		    X509_verify_cert_error_string(v));
	X509_free(cert);
}

/* A pin beats the CA check (that is what pins are for); --insecure and
 * --adh were the user's explicit choice. */
static int
tls_decide(struct tls_conn *tc)
{
	const struct tls_peer *pe = &tc->peer;

	if (tc->insecure || tc->adh)
		return TR_READY;
	if (!pe->have_cert)
		return tls_fail(tc, TRERR_TLS_TRUST,
		    _("%s sent no certificate"), tc->name);
	if (tc->pin != NULL) {
		if (strcmp(tc->pin, pe->sha256) != 0)
			return tls_fail(tc, TRERR_TLS_TRUST,
			    _("certificate fingerprint mismatch: expected %s, "
			    "got %s"), tc->pin, pe->sha256);
		return TR_READY;
	}
	if (pe->verify_error[0] != '\0')
		return tls_fail(tc, TRERR_TLS_TRUST,
		    _("certificate of %s is not trusted (%s); SHA-256 "
		    "fingerprint %s; to trust it, pass --fingerprint %s"),
		    tc->name, pe->verify_error, pe->sha256, pe->sha256);
	return TR_READY;
}

static int
tls_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
tls_fingerprint_normalise(const char *in, char *out, size_t outlen)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char bytes[32];
	size_t nd = 0, i;
	int v;

	if (in == NULL || outlen < 3 * sizeof bytes)
		return 0;
	for (; *in != '\0'; in++) {
		if (strchr(": \t-", *in) != NULL)
			continue;
		v = tls_hexval(*in);
		if (v < 0 || nd >= 2 * sizeof bytes)
			return 0;
		if (nd % 2 == 0)
			bytes[nd / 2] = (unsigned char)(v << 4);
		else
			bytes[nd / 2] |= (unsigned char)v;
		nd++;
	}
	if (nd != 2 * sizeof bytes)
		return 0;
	for (i = 0; i < sizeof bytes; i++) {
		out[3 * i] = hex[bytes[i] >> 4];
		out[3 * i + 1] = hex[bytes[i] & 0x0f];
		out[3 * i + 2] = i + 1 < sizeof bytes ? ':' : '\0';
	}
	return 1;
}
