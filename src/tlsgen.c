/*
 * tlsgen.c: self-signed certificates made in memory with the OpenSSL API,
 * for the simulator's api-ssl listener and the TLS tests.
 */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "tlsgen.h"
#include "util.h"

static EVP_PKEY *tlsgen_rsa(int bits);
static int tlsgen_add_ext(X509 *cert, int nid, const char *value);
static int tlsgen_add_san(X509 *cert, const char *cn);
static int tlsgen_push_name(GENERAL_NAMES *gens, int type, const char *v);
static FILE *tlsgen_create(const char *path, mode_t mode);

static EVP_PKEY *
tlsgen_rsa(int bits)
{
	EVP_PKEY_CTX *ctx;
	EVP_PKEY *key = NULL;

	ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, NULL);
	if (ctx == NULL)
		return NULL;
	if (EVP_PKEY_keygen_init(ctx) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits) <= 0 ||
	    EVP_PKEY_keygen(ctx, &key) <= 0)
		key = NULL;
	EVP_PKEY_CTX_free(ctx);
	return key;
}

static int
tlsgen_add_ext(X509 *cert, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *ext;
	int ok;

	X509V3_set_ctx(&v3, cert, cert, NULL, NULL, 0);
	ext = X509V3_EXT_nconf_nid(NULL, &v3, nid, value);
	if (ext == NULL)
		return -1;
	ok = X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : -1;
}

/* DNS or IP entry; built directly so a cn with commas cannot inject
 * extra names through the config-string syntax. */
static int
tlsgen_push_name(GENERAL_NAMES *gens, int type, const char *v)
{
	GENERAL_NAME *gn;
	ASN1_IA5STRING *ia5;
	ASN1_OCTET_STRING *ip;

	if (type == GEN_IPADD) {
		ip = a2i_IPADDRESS(v);
		if (ip == NULL)
			return -1;
		gn = GENERAL_NAME_new();
		if (gn == NULL) {
			ASN1_OCTET_STRING_free(ip);
			return -1;
		}
		GENERAL_NAME_set0_value(gn, GEN_IPADD, ip);
	} else {
		ia5 = ASN1_IA5STRING_new();
		if (ia5 == NULL || !ASN1_STRING_set(ia5, v, (int)strlen(v))) {
			ASN1_IA5STRING_free(ia5);
			return -1;
		}
		gn = GENERAL_NAME_new();
		if (gn == NULL) {
			ASN1_IA5STRING_free(ia5);
			return -1;
		}
		GENERAL_NAME_set0_value(gn, GEN_DNS, ia5);
	}
	if (!sk_GENERAL_NAME_push(gens, gn)) {
		GENERAL_NAME_free(gn);
		return -1;
	}
	return 0;
}

static int
tlsgen_add_san(X509 *cert, const char *cn)
{
	GENERAL_NAMES *gens;
	int r = -1;

	gens = sk_GENERAL_NAME_new_null();
	if (gens == NULL)
		return -1;
	if (tlsgen_push_name(gens, GEN_IPADD, "127.0.0.1") == 0 &&
	    tlsgen_push_name(gens, GEN_IPADD, "::1") == 0 &&
	    tlsgen_push_name(gens, GEN_DNS, "localhost") == 0 &&
	    (strcmp(cn, "localhost") == 0 ||
	    tlsgen_push_name(gens, GEN_DNS, cn) == 0) &&
	    X509_add1_ext_i2d(cert, NID_subject_alt_name, gens, 0,
	    X509V3_ADD_DEFAULT) == 1)
		r = 0;
	sk_GENERAL_NAME_pop_free(gens, GENERAL_NAME_free);
	return r;
}

int
tlsgen_self_signed(const char *cn, int days, EVP_PKEY **keyp, X509 **certp)
{
	EVP_PKEY *key;
	X509 *cert;
	X509_NAME *name;
	BIGNUM *serial;
	int ok = 0;

	*keyp = NULL;
	*certp = NULL;
	if (cn == NULL || *cn == '\0' || days <= 0)
		return -1;
	key = tlsgen_rsa(2048);
	if (key == NULL)
		return -1;
	cert = X509_new();
	serial = BN_new();
	if (cert == NULL || serial == NULL)
		goto out;

	/* v3, random positive 63-bit serial, valid from yesterday so clock
	 * skew between test hosts does not matter. */
	if (!X509_set_version(cert, 2) ||
	    !BN_rand(serial, 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) ||
	    BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(cert)) == NULL ||
	    X509_gmtime_adj(X509_getm_notBefore(cert), -86400L) == NULL ||
	    X509_gmtime_adj(X509_getm_notAfter(cert), 86400L * days) == NULL)
		goto out;

	name = X509_get_subject_name(cert);
	if (!X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
	    (const unsigned char *)cn, -1, -1, 0) ||
	    !X509_set_issuer_name(cert, name) ||
	    !X509_set_pubkey(cert, key))
		goto out;

	/* CA:TRUE so that the certificate can be its own trust anchor in a
	 * --ca file, as RouterOS's self-signed ones are used. */
	if (tlsgen_add_ext(cert, NID_basic_constraints, "critical,CA:TRUE") ||
	    tlsgen_add_ext(cert, NID_key_usage, "critical,digitalSignature,"
	    "keyEncipherment,keyCertSign") ||
	    tlsgen_add_ext(cert, NID_subject_key_identifier, "hash") ||
	    tlsgen_add_ext(cert, NID_authority_key_identifier,
	    "keyid:always") ||
	    tlsgen_add_san(cert, cn))
		goto out;

	if (X509_sign(cert, key, EVP_sha256()) <= 0)
		goto out;
	ok = 1;

out:
	BN_free(serial);
	if (!ok) {
		X509_free(cert);
		EVP_PKEY_free(key);
		return -1;
	}
	*keyp = key;
	*certp = cert;
	return 0;
}

/* Create or truncate path with mode (also tightening an existing file). */
static FILE *
tlsgen_create(const char *path, mode_t mode)
{
	FILE *f;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd == -1)
		return NULL;
	if (fchmod(fd, mode) == -1 || (f = fdopen(fd, "w")) == NULL) {
		close(fd);
		return NULL;
	}
	return f;
}

int
tlsgen_write_pem_cert(X509 *cert, const char *path)
{
	FILE *f;
	int ok;

	f = tlsgen_create(path, 0644);
	if (f == NULL)
		return -1;
	ok = PEM_write_X509(f, cert);
	if (fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

int
tlsgen_write_pem_key(EVP_PKEY *key, const char *path)
{
	FILE *f;
	int ok;

	f = tlsgen_create(path, 0600);
	if (f == NULL)
		return -1;
	ok = PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
	if (fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

void
tlsgen_fingerprint(X509 *cert, char *out, size_t outlen)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;
	struct buf b;

	if (outlen == 0)
		return;
	*out = '\0';
	if (!X509_digest(cert, EVP_sha256(), md, &len))
		return;
	buf_init(&b);
	for (i = 0; i < len; i++) {
		if (i > 0)
			buf_addc(&b, ':');
		buf_addc(&b, hex[md[i] >> 4]);
		buf_addc(&b, hex[md[i] & 0x0f]);
	}
	str_copy(out, outlen, b.p);
	buf_free(&b);
}
