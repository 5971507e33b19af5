/*
 * tlsgen.h: in-memory self-signed certificates (OpenSSL API, no openssl CLI)
 * for the simulator's api-ssl listener and the TLS tests.
 */
#ifndef TIKDECK_TLSGEN_H
#define TIKDECK_TLSGEN_H

#include <openssl/evp.h>
#include <openssl/x509.h>

/* Generate an RSA-2048 key and a self-signed certificate for common name cn
 * with subjectAltNames "IP:127.0.0.1, IP:::1, DNS:localhost" plus DNS:cn,
 * valid from now-1d for days days.  Returns 0 on success. */
int tlsgen_self_signed(const char *cn, int days, EVP_PKEY **key, X509 **cert);

/* Write a certificate / key as PEM to path (mode 0600 for keys). */
int tlsgen_write_pem_cert(X509 *cert, const char *path);
int tlsgen_write_pem_key(EVP_PKEY *key, const char *path);

/* SHA-256 fingerprint as "AB:CD:..." into out (at least 96 bytes). */
void tlsgen_fingerprint(X509 *cert, char *out, size_t outlen);

#endif
