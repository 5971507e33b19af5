/* secrets.c: the encrypted password store and password-command. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conffile.h"
#include "i18n.h"
#include "secrets.h"
#include "util.h"

#define SEC_MAGIC	"tikdeck-secrets 1 scrypt"
#define SEC_SALT	16
#define SEC_NONCE	12
#define SEC_TAG		16
#define SEC_KEY		32
#define SEC_LOG2N	15
#define SEC_R		8
#define SEC_P		1
#define SEC_MAXMEM	(256ULL * 1024 * 1024)
#define SEC_MAXFILE	(1024 * 1024)
#define SEC_CMD_MAX	65536

struct secret_entry {
	char	*name;
	char	*value;
};

struct secrets {
	char			*path;
	unsigned char		 salt[SEC_SALT];
	unsigned char		 key[SEC_KEY];
	int			 log2n, r, p;
	struct secret_entry	*e;
	size_t			 n;
};

static void sec_hex(struct buf *b, const unsigned char *p, size_t n);
static int sec_unhex(const char *s, size_t slen, unsigned char *out,
    size_t n);
static int sec_derive(struct secrets *s, const char *pass);
static int sec_seal(const unsigned char *key, const unsigned char *aad,
    size_t aadlen, const char *pt, size_t ptlen, unsigned char *nonce,
    struct buf *ct, unsigned char *tag);
static int sec_open_gcm(const unsigned char *key, const unsigned char *aad,
    size_t aadlen, const unsigned char *nonce, const unsigned char *ct,
    size_t ctlen, const unsigned char *tag, struct buf *pt);
static int sec_read(const char *path, struct buf *b, char *err,
    size_t errlen);
static int sec_parse(struct secrets *s, const char *pass, struct buf *file,
    enum secrets_error *why, char *err, size_t errlen);
static int sec_next_line(const char **p, const char *end, const char **l,
    size_t *len);
static void sec_integrity(const char *path, const char *why, char *err,
    size_t errlen);

/* Lower-case hex. */
static void
sec_hex(struct buf *b, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		buf_addc(b, hex[p[i] >> 4]);
		buf_addc(b, hex[p[i] & 15]);
	}
}

/* Exactly 2n lower-case hex digits into out. */
static int
sec_unhex(const char *s, size_t slen, unsigned char *out, size_t n)
{
	size_t i;

	if (slen != 2 * n)
		return -1;
	for (i = 0; i < 2 * n; i++) {
		int v;

		if (s[i] >= '0' && s[i] <= '9')
			v = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			v = s[i] - 'a' + 10;
		else
			return -1;
		if (i % 2 == 0)
			out[i / 2] = (unsigned char)(v << 4);
		else
			out[i / 2] |= (unsigned char)v;
	}
	return 0;
}

/* The key from the passphrase, the salt and the cost parameters. */
static int
sec_derive(struct secrets *s, const char *pass)
{
	uint64_t N = (uint64_t)1 << s->log2n;

	return EVP_PBE_scrypt(pass, strlen(pass), s->salt, sizeof s->salt, N,
	    (uint64_t)s->r, (uint64_t)s->p, SEC_MAXMEM, s->key,
	    sizeof s->key) == 1 ? 0 : -1;
}

/* AES-256-GCM with a fresh random nonce. */
static int
sec_seal(const unsigned char *key, const unsigned char *aad, size_t aadlen,
    const char *pt, size_t ptlen, unsigned char *nonce, struct buf *ct,
    unsigned char *tag)
{
	EVP_CIPHER_CTX *c;
	int len, ok = 0;

	if (RAND_bytes(nonce, SEC_NONCE) != 1)
		return -1;
	c = EVP_CIPHER_CTX_new();
	if (c == NULL)
		return -1;
	buf_reserve(ct, ptlen + 16);
	if (EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, SEC_NONCE,
	    NULL) == 1 &&
	    EVP_EncryptInit_ex(c, NULL, NULL, key, nonce) == 1 &&
	    EVP_EncryptUpdate(c, NULL, &len, aad, (int)aadlen) == 1 &&
	    (ptlen == 0 || EVP_EncryptUpdate(c, (unsigned char *)ct->p,
	    &len, (const unsigned char *)pt, (int)ptlen) == 1)) {
		ct->len = ptlen == 0 ? 0 : (size_t)len;
		if (EVP_EncryptFinal_ex(c, (unsigned char *)ct->p + ct->len,
		    &len) == 1 && EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG,
		    SEC_TAG, tag) == 1) {
			ct->len += (size_t)len;
			ok = 1;
		}
	}
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : -1;
}

/* AES-256-GCM decryption; -1 when the tag does not match. */
static int
sec_open_gcm(const unsigned char *key, const unsigned char *aad,
    size_t aadlen, const unsigned char *nonce, const unsigned char *ct,
    size_t ctlen, const unsigned char *tag, struct buf *pt)
{
	EVP_CIPHER_CTX *c;
	int len = 0, fin, ok = 0;

	c = EVP_CIPHER_CTX_new();
	if (c == NULL)
		return -1;
	buf_reserve(pt, ctlen + 16);
	if (EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, SEC_NONCE,
	    NULL) == 1 &&
	    EVP_DecryptInit_ex(c, NULL, NULL, key, nonce) == 1 &&
	    EVP_DecryptUpdate(c, NULL, &len, aad, (int)aadlen) == 1 &&
	    (ctlen == 0 || EVP_DecryptUpdate(c, (unsigned char *)pt->p, &len,
	    ct, (int)ctlen) == 1)) {
		pt->len = ctlen == 0 ? 0 : (size_t)len;
		if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, SEC_TAG,
		    (void *)(uintptr_t)tag) == 1 &&
		    EVP_DecryptFinal_ex(c, (unsigned char *)pt->p + pt->len,
		    &fin) == 1) {
			pt->len += (size_t)fin;
			pt->p[pt->len] = '\0';
			ok = 1;
		}
	}
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : -1;
}

/* The integrity failure message. */
static void
sec_integrity(const char *path, const char *why, char *err, size_t errlen)
{
	str_fmt(err, errlen, _("the secrets store %s failed its integrity "
	    "check (%s): it was changed or damaged; restore it from a backup "
	    "or remove it and store the passwords again with tikdeck passwd"),
	    path, why);
}

/* Read the store (private files only). */
static int
sec_read(const char *path, struct buf *b, char *err, size_t errlen)
{
	char chunk[4096];
	ssize_t n;
	int fd;

	buf_init(b);
	if (file_check_private(path, _("secrets store"), err, errlen) == -1)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		str_fmt(err, errlen, _("cannot read the secrets store %s: %s"),
		    path, strerror(errno));
		return -1;
	}
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		buf_add(b, chunk, (size_t)n);
		if (b->len > SEC_MAXFILE)
			break;
	}
	close(fd);
	if (n < 0) {
		str_fmt(err, errlen, _("cannot read the secrets store %s: %s"),
		    path, strerror(errno));
		buf_free(b);
		return -1;
	}
	return 0;
}

/* The next line of [*p, end): l and len without the newline; every line
 * must end with one.  0 at the end, 1 a line, -1 malformed. */
static int
sec_next_line(const char **p, const char *end, const char **l, size_t *len)
{
	const char *nl;

	if (*p >= end)
		return 0;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	if (nl == NULL)
		return -1;
	*l = *p;
	*len = (size_t)(nl - *p);
	*p = nl + 1;
	return 1;
}

/* Split a line into at most max space-separated fields. */
static size_t sec_fields(const char *l, size_t len, const char **f,
    size_t *fl, size_t max);

static size_t
sec_fields(const char *l, size_t len, const char **f, size_t *fl, size_t max)
{
	size_t n = 0, i = 0;

	while (i < len) {
		size_t s = i;

		while (i < len && l[i] != ' ')
			i++;
		if (i == s || n == max)
			return max + 1;		/* empty field or too many */
		f[n] = l + s;
		fl[n++] = i - s;
		if (i < len)
			i++;
		if (i == len && l[len - 1] == ' ')
			return max + 1;
	}
	return n;
}

/* Check and decrypt the file's bytes. */
static int
sec_parse(struct secrets *s, const char *pass, struct buf *file,
    enum secrets_error *why, char *err, size_t errlen)
{
	const char *p = file->p, *end = file->p + file->len, *l, *f[7];
	const char *line1, *seal_at = NULL;
	size_t len, fl[7], line1len, nf;
	unsigned char digest[SHA256_DIGEST_LENGTH], want[SHA256_DIGEST_LENGTH];
	unsigned char nonce[SEC_NONCE], tag[SEC_TAG];
	struct buf ct, pt;
	int r;

	*why = SECERR_INTEGRITY;
	/* 1. the SHA-256 of everything before the last line */
	if (file->len < 2 || file->p[file->len - 1] != '\n') {
		sec_integrity(s->path, _("truncated"), err, errlen);
		return -1;
	}
	for (l = end - 2; l > file->p && *l != '\n'; l--)
		;
	if (*l == '\n')
		l++;
	if ((size_t)(end - l) != 7 + 2 * SHA256_DIGEST_LENGTH + 1 ||
	    memcmp(l, "sha256 ", 7) != 0 ||
	    sec_unhex(l + 7, 2 * SHA256_DIGEST_LENGTH, want, sizeof want) ==
	    -1) {
		sec_integrity(s->path, _("no checksum"), err, errlen);
		return -1;
	}
	SHA256((const unsigned char *)file->p, (size_t)(l - file->p), digest);
	if (CRYPTO_memcmp(digest, want, sizeof want) != 0) {
		sec_integrity(s->path, _("checksum mismatch"), err, errlen);
		return -1;
	}
	end = l;

	/* 2. the header and the passphrase check */
	if (sec_next_line(&p, end, &line1, &line1len) != 1 ||
	    (nf = sec_fields(line1, line1len, f, fl, 7)) != 7 ||
	    line1len < sizeof SEC_MAGIC ||
	    memcmp(line1, SEC_MAGIC " ", sizeof SEC_MAGIC) != 0 ||
	    sec_unhex(f[6], fl[6], s->salt, sizeof s->salt) == -1 ||
	    fl[3] != 2 || fl[4] > 2 || fl[5] != 1) {
		sec_integrity(s->path, _("bad header"), err, errlen);
		return -1;
	}
	s->log2n = atoi(f[3]);
	s->r = atoi(f[4]);
	s->p = atoi(f[5]);
	if (s->log2n < 10 || s->log2n > 20 || s->r < 1 || s->r > 16 ||
	    s->p < 1 || s->p > 4) {
		sec_integrity(s->path, _("bad header"), err, errlen);
		return -1;
	}
	if (sec_derive(s, pass) == -1) {
		*why = SECERR_IO;
		str_copy(err, errlen, _("cannot derive the key of the secrets "
		    "store (scrypt failed)"));
		return -1;
	}
	if (sec_next_line(&p, end, &l, &len) != 1 ||
	    sec_fields(l, len, f, fl, 3) != 3 || fl[0] != 6 ||
	    memcmp(f[0], "verify", 6) != 0 ||
	    sec_unhex(f[1], fl[1], nonce, sizeof nonce) == -1 ||
	    sec_unhex(f[2], fl[2], tag, sizeof tag) == -1) {
		sec_integrity(s->path, _("bad passphrase check"), err, errlen);
		return -1;
	}
	buf_init(&pt);
	if (sec_open_gcm(s->key, (const unsigned char *)line1, line1len,
	    nonce, NULL, 0, tag, &pt) == -1) {
		buf_free(&pt);
		*why = SECERR_PASSPHRASE;
		str_fmt(err, errlen, _("wrong master passphrase for the "
		    "secrets store %s"), s->path);
		return -1;
	}

	/* 3. the entries, then the seal over all of them */
	buf_init(&ct);
	while ((r = sec_next_line(&p, end, &l, &len)) == 1) {
		struct buf aad;

		nf = sec_fields(l, len, f, fl, 5);
		if (nf == 3 && fl[0] == 4 && memcmp(f[0], "seal", 4) == 0) {
			seal_at = l;
			break;
		}
		if (nf != 5 || fl[0] != 5 || memcmp(f[0], "entry", 5) != 0 ||
		    sec_unhex(f[2], fl[2], nonce, sizeof nonce) == -1 ||
		    fl[3] % 2 != 0 || fl[3] > 4096 ||
		    sec_unhex(f[4], fl[4], tag, sizeof tag) == -1)
			break;
		buf_reset(&ct);
		buf_reserve(&ct, fl[3] / 2 + 1);
		if (sec_unhex(f[3], fl[3], (unsigned char *)ct.p,
		    fl[3] / 2) == -1)
			break;
		ct.len = fl[3] / 2;
		buf_init(&aad);
		buf_add(&aad, line1, line1len);
		buf_addc(&aad, '\n');
		buf_add(&aad, f[1], fl[1]);
		buf_reset(&pt);
		if (sec_open_gcm(s->key, (unsigned char *)aad.p, aad.len,
		    nonce, (unsigned char *)ct.p, ct.len, tag, &pt) == -1) {
			buf_free(&aad);
			break;
		}
		buf_free(&aad);
		s->e = xreallocarray(s->e, s->n + 1, sizeof *s->e);
		s->e[s->n].name = xstrndup(f[1], fl[1]);
		s->e[s->n].value = xstrndup(pt.p, pt.len);
		s->n++;
	}
	buf_free(&ct);
	buf_wipe(&pt);
	if (seal_at == NULL) {
		sec_integrity(s->path, _("bad entry"), err, errlen);
		return -1;
	}
	buf_init(&pt);
	if (sec_unhex(f[1], fl[1], nonce, sizeof nonce) == -1 ||
	    sec_unhex(f[2], fl[2], tag, sizeof tag) == -1 ||
	    sec_next_line(&p, end, &l, &len) != 0 ||
	    sec_open_gcm(s->key, (const unsigned char *)file->p,
	    (size_t)(seal_at - file->p), nonce, NULL, 0, tag, &pt) == -1) {
		buf_free(&pt);
		sec_integrity(s->path, _("bad seal"), err, errlen);
		return -1;
	}
	buf_free(&pt);
	*why = SECERR_NONE;
	return 0;
}

char *
secrets_default_path(void)
{
	return xdg_path("XDG_DATA_HOME", ".local/share", "secrets");
}

int
secrets_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

int
secrets_lists(const char *path, const char *name)
{
	char err[512];
	struct buf b;
	const char *p, *end, *l;
	size_t len, nl = strlen(name);
	int found = 0;

	if (!secrets_exists(path) || sec_read(path, &b, err, sizeof err) == -1)
		return 0;
	p = b.p;
	end = b.p + b.len;
	while (sec_next_line(&p, end, &l, &len) == 1)
		if (len > 7 + nl && memcmp(l, "entry ", 6) == 0 &&
		    memcmp(l + 6, name, nl) == 0 && l[6 + nl] == ' ')
			found = 1;
	buf_free(&b);
	return found;
}

struct secrets *
secrets_open(const char *path, const char *passphrase,
    enum secrets_error *why, char *err, size_t errlen)
{
	struct secrets *s = xcalloc(1, sizeof *s);
	struct buf file;

	s->path = xstrdup(path);
	*why = SECERR_NONE;
	if (!secrets_exists(path)) {
		s->log2n = SEC_LOG2N;
		s->r = SEC_R;
		s->p = SEC_P;
		if (RAND_bytes(s->salt, sizeof s->salt) != 1 ||
		    sec_derive(s, passphrase) == -1) {
			*why = SECERR_IO;
			str_copy(err, errlen, _("cannot derive the key of the "
			    "secrets store (scrypt failed)"));
			secrets_free(&s);
		}
		return s;
	}
	if (sec_read(path, &file, err, errlen) == -1) {
		*why = SECERR_IO;
		secrets_free(&s);
		return NULL;
	}
	if (sec_parse(s, passphrase, &file, why, err, errlen) == -1)
		secrets_free(&s);
	buf_free(&file);
	return s;
}

const char *
secrets_get(const struct secrets *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->e[i].name, name) == 0)
			return s->e[i].value;
	return NULL;
}

void
secrets_set(struct secrets *s, const char *name, const char *password)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->e[i].name, name) == 0) {
			secret_free(&s->e[i].value);
			s->e[i].value = xstrdup(password);
			return;
		}
	s->e = xreallocarray(s->e, s->n + 1, sizeof *s->e);
	s->e[s->n].name = xstrdup(name);
	s->e[s->n].value = xstrdup(password);
	s->n++;
}

int
secrets_remove(struct secrets *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->e[i].name, name) == 0) {
			free(s->e[i].name);
			secret_free(&s->e[i].value);
			memmove(s->e + i, s->e + i + 1,
			    (s->n - i - 1) * sizeof *s->e);
			s->n--;
			return 0;
		}
	return -1;
}

int
secrets_save(struct secrets *s, char *err, size_t errlen)
{
	struct buf out, ct, aad;
	unsigned char nonce[SEC_NONCE], tag[SEC_TAG];
	unsigned char digest[SHA256_DIGEST_LENGTH];
	size_t line1len, i;
	int rc = -1;

	buf_init(&out);
	buf_init(&ct);
	buf_printf(&out, SEC_MAGIC " %d %d %d ", s->log2n, s->r, s->p);
	sec_hex(&out, s->salt, sizeof s->salt);
	line1len = out.len;
	buf_addc(&out, '\n');
	if (sec_seal(s->key, (unsigned char *)out.p, line1len, "", 0, nonce,
	    &ct, tag) == -1)
		goto fail;
	buf_adds(&out, "verify ");
	sec_hex(&out, nonce, sizeof nonce);
	buf_addc(&out, ' ');
	sec_hex(&out, tag, sizeof tag);
	buf_addc(&out, '\n');
	for (i = 0; i < s->n; i++) {
		buf_init(&aad);
		buf_add(&aad, out.p, line1len);
		buf_addc(&aad, '\n');
		buf_adds(&aad, s->e[i].name);
		buf_reset(&ct);
		if (sec_seal(s->key, (unsigned char *)aad.p, aad.len,
		    s->e[i].value, strlen(s->e[i].value), nonce, &ct,
		    tag) == -1) {
			buf_free(&aad);
			goto fail;
		}
		buf_free(&aad);
		buf_printf(&out, "entry %s ", s->e[i].name);
		sec_hex(&out, nonce, sizeof nonce);
		buf_addc(&out, ' ');
		sec_hex(&out, (unsigned char *)ct.p, ct.len);
		buf_addc(&out, ' ');
		sec_hex(&out, tag, sizeof tag);
		buf_addc(&out, '\n');
	}
	buf_reset(&ct);
	if (sec_seal(s->key, (unsigned char *)out.p, out.len, "", 0, nonce,
	    &ct, tag) == -1)
		goto fail;
	buf_adds(&out, "seal ");
	sec_hex(&out, nonce, sizeof nonce);
	buf_addc(&out, ' ');
	sec_hex(&out, tag, sizeof tag);
	buf_addc(&out, '\n');
	SHA256((unsigned char *)out.p, out.len, digest);
	buf_adds(&out, "sha256 ");
	sec_hex(&out, digest, sizeof digest);
	buf_addc(&out, '\n');
	if (file_mkdir_parent(s->path) == -1) {
		str_fmt(err, errlen, _("cannot create the directory of %s: "
		    "%s"), s->path, strerror(errno));
		goto out;
	}
	rc = file_write_atomic(s->path, out.p, out.len, 0600, 0, err, errlen);
	goto out;
fail:
	str_copy(err, errlen, _("encryption failed (OpenSSL)"));
out:
	buf_free(&out);
	buf_wipe(&ct);
	return rc;
}

void
secrets_free(struct secrets **sp)
{
	struct secrets *s = *sp;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->e[i].name);
		secret_free(&s->e[i].value);
	}
	free(s->e);
	free(s->path);
	OPENSSL_cleanse(s, sizeof *s);
	free(s);
	*sp = NULL;
}

void
secret_free(char **p)
{
	if (*p == NULL)
		return;
	OPENSSL_cleanse(*p, strlen(*p));
	free(*p);
	*p = NULL;
}

int
secrets_run_command(const char *cmd, const char *router, char **out,
    char *err, size_t errlen)
{
	int fds[2], status;
	pid_t pid;
	struct buf b;
	char chunk[1024];
	ssize_t n;
	size_t len;

	*out = NULL;
	if (pipe(fds) == -1) {
		str_fmt(err, errlen, _("cannot run the password-command of "
		    "%s: %s"), router, strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid == -1) {
		str_fmt(err, errlen, _("cannot run the password-command of "
		    "%s: %s"), router, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		if (dup2(fds[1], STDOUT_FILENO) == -1)
			_exit(127);
		close(fds[0]);
		close(fds[1]);
		setenv("TIKDECK_ROUTER", router, 1);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	buf_init(&b);
	while ((n = read(fds[0], chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (b.len < SEC_CMD_MAX)
			buf_add(&b, chunk, (size_t)n);
	}
	OPENSSL_cleanse(chunk, sizeof chunk);
	close(fds[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (WIFSIGNALED(status)) {
		buf_wipe(&b);
		str_fmt(err, errlen, _("the password-command of %s was killed "
		    "by signal %d"), router, WTERMSIG(status));
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		buf_wipe(&b);
		str_fmt(err, errlen, _("the password-command of %s failed "
		    "(exit status %d); no password"), router,
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	len = b.p != NULL ? strcspn(b.p, "\r\n") : 0;
	if (len == 0 || memchr(b.p, '\0', len) != NULL) {
		buf_wipe(&b);
		str_fmt(err, errlen, _("the password-command of %s printed no "
		    "password (its first line of output is empty)"), router);
		return -1;
	}
	*out = xstrndup(b.p, len);
	buf_wipe(&b);
	return 0;
}
