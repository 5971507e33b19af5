/* test_secrets.c: the encrypted store (round trip, tampering, a wrong
 * passphrase, permissions) and password-command. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/sha.h>

#include "secrets.h"
#include "tap.h"
#include "util.h"

static char tmpdir[] = "/tmp/tikdeck-test-secrets-XXXXXX";

static struct buf read_all(const char *path);
static void write_all(const char *path, const struct buf *b);
static void fix_checksum(struct buf *b);

/* Recompute the sha256 line, as a deliberate attacker would. */
static void
fix_checksum(struct buf *b)
{
	unsigned char d[SHA256_DIGEST_LENGTH];
	char *last = strstr(b->p, "sha256 ");
	size_t n = (size_t)(last - b->p), i;

	SHA256((unsigned char *)b->p, n, d);
	b->len = n;
	buf_adds(b, "sha256 ");
	for (i = 0; i < sizeof d; i++)
		buf_printf(b, "%02x", d[i]);
	buf_addc(b, '\n');
}

/* The bytes of a file. */
static struct buf
read_all(const char *path)
{
	struct buf b;
	char chunk[512];
	size_t n;
	FILE *f = fopen(path, "rb");

	buf_init(&b);
	if (f == NULL)
		return b;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return b;
}

/* Replace a file's bytes, keeping it private. */
static void
write_all(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		fatalx("cannot write %s", path);
	fwrite(b->p, 1, b->len, f);
	fclose(f);
	chmod(path, 0600);
}

int
main(void)
{
	struct secrets *s;
	enum secrets_error why;
	char err[1024] = "", *path, *out;
	struct buf orig, bad;
	struct stat st;
	size_t i, offs[8];

	if (mkdtemp(tmpdir) == NULL)
		fatalx("mkdtemp");
	path = xasprintf("%s/sub/secrets", tmpdir);

	/* ---- round trip */
	ok(!secrets_exists(path), "no store yet");
	s = secrets_open(path, "master pass", &why, err, sizeof err);
	ok(s != NULL, "a missing store opens empty");
	secrets_set(s, "office", "pa ss\"word");
	secrets_set(s, "lab", "x");
	secrets_set(s, "lab", "second");
	secrets_set(s, "gone", "y");
	ok(secrets_remove(s, "gone") == 0, "remove an entry");
	ok(secrets_save(s, err, sizeof err) == 0, "save (%s)", err);
	secrets_free(&s);
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "the store is mode 0600");
	orig = read_all(path);
	ok(strstr(orig.p, "pa ss") == NULL && strstr(orig.p, "second") ==
	    NULL, "no plaintext in the file");
	ok(secrets_lists(path, "office") && secrets_lists(path, "lab") &&
	    !secrets_lists(path, "gone") && !secrets_lists(path, "off"),
	    "secrets_lists sees the names");
	s = secrets_open(path, "master pass", &why, err, sizeof err);
	ok(s != NULL, "reopen (%s)", s == NULL ? err : "ok");
	if (s != NULL) {
		is_str(secrets_get(s, "office"), "pa ss\"word", "office");
		is_str(secrets_get(s, "lab"), "second", "lab (updated)");
		ok(secrets_get(s, "gone") == NULL, "gone is gone");
		/* a re-save uses new nonces: the bytes change */
		ok(secrets_save(s, err, sizeof err) == 0, "re-save");
		secrets_free(&s);
		bad = read_all(path);
		ok(bad.len == orig.len && memcmp(bad.p, orig.p, bad.len) != 0,
		    "a re-save changes every nonce");
		buf_free(&bad);
		write_all(path, &orig);
	}

	/* ---- a wrong passphrase */
	s = secrets_open(path, "master pas", &why, err, sizeof err);
	ok(s == NULL && why == SECERR_PASSPHRASE, "wrong passphrase: refused");
	ok(strstr(err, "wrong master passphrase") != NULL, "message: %s", err);

	/* ---- tampering: flip one bit at several places */
	offs[0] = 0;				/* the magic */
	offs[1] = 30;				/* parameters */
	offs[2] = 40;				/* the salt */
	offs[3] = strchr(orig.p, '\n') - orig.p + 10;	/* verify */
	offs[4] = strstr(orig.p, "entry ") - orig.p + 7;	/* a name */
	offs[5] = strstr(orig.p, "entry ") - orig.p + 60;	/* ciphertext */
	offs[6] = strstr(orig.p, "seal ") - orig.p + 8;	/* the seal */
	offs[7] = orig.len - 5;			/* the checksum */
	for (i = 0; i < TD_ARRAY_LEN(offs); i++) {
		int bit;

		for (bit = 0; bit < 8; bit += 5) {
			buf_init(&bad);
			buf_add(&bad, orig.p, orig.len);
			bad.p[offs[i]] ^= (char)(1 << bit);
			write_all(path, &bad);
			s = secrets_open(path, "master pass", &why, err,
			    sizeof err);
			ok(s == NULL && why == SECERR_INTEGRITY &&
			    strstr(err, "failed its integrity check") != NULL,
			    "byte %zu bit %d flipped: integrity failure (%s)",
			    offs[i], bit, err);
			secrets_free(&s);
			buf_free(&bad);
		}
	}
	/* an attacker who fixes the checksum: the GCM tags catch it */
	{
		const char *what[] = { "verify ", "entry ", "entry ", "seal " };
		size_t at[] = { 9, 7, 60, 8 };
		int want[] = { SECERR_PASSPHRASE, SECERR_INTEGRITY,
		    SECERR_INTEGRITY, SECERR_INTEGRITY };

		for (i = 0; i < TD_ARRAY_LEN(what); i++) {
			buf_init(&bad);
			buf_add(&bad, orig.p, orig.len);
			char *c = strstr(bad.p, what[i]) + at[i];

			*c = *c == '0' ? '1' : '0';	/* still hex */
			fix_checksum(&bad);
			write_all(path, &bad);
			s = secrets_open(path, "master pass", &why, err,
			    sizeof err);
			ok(s == NULL && (int)why == want[i], "%s+%zu changed, "
			    "checksum fixed: refused (%s)", what[i], at[i], err);
			secrets_free(&s);
			buf_free(&bad);
		}
		/* an entry removed */
		buf_init(&bad);
		{
			char *e = strstr(orig.p, "entry ");
			char *nl = strchr(e, '\n');

			buf_add(&bad, orig.p, (size_t)(e - orig.p));
			buf_adds(&bad, nl + 1);
		}
		fix_checksum(&bad);
		write_all(path, &bad);
		s = secrets_open(path, "master pass", &why, err, sizeof err);
		ok(s == NULL && why == SECERR_INTEGRITY &&
		    strstr(err, "integrity") != NULL,
		    "an entry removed, checksum fixed: the seal fails (%s)",
		    err);
		secrets_free(&s);
		buf_free(&bad);
	}
	/* truncated, and an entry removed with a fixed-up checksum is
	 * caught by the seal (checked in sec_parse; here: truncation) */
	buf_init(&bad);
	buf_add(&bad, orig.p, orig.len / 2);
	write_all(path, &bad);
	s = secrets_open(path, "master pass", &why, err, sizeof err);
	ok(s == NULL && why == SECERR_INTEGRITY, "truncated: integrity failure");
	buf_free(&bad);
	write_all(path, &orig);

	/* ---- permissions */
	chmod(path, 0644);
	s = secrets_open(path, "master pass", &why, err, sizeof err);
	ok(s == NULL && why == SECERR_IO, "a 0644 store is refused");
	out = xasprintf("chmod 600 %s", path);
	ok(strstr(err, out) != NULL, "with the chmod to run: %s", err);
	free(out);
	chmod(path, 0600);
	s = secrets_open(path, "master pass", &why, err, sizeof err);
	ok(s != NULL, "0600 again: opens");
	secrets_free(&s);

	/* ---- password-command */
	ok(secrets_run_command("printf 'hunter2\\nsecond line\\n'", "r1",
	    &out, err, sizeof err) == 0 && strcmp(out, "hunter2") == 0,
	    "password-command: the first line");
	secret_free(&out);
	ok(secrets_run_command("printf 'no-newline'", "r1", &out, err,
	    sizeof err) == 0 && strcmp(out, "no-newline") == 0,
	    "password-command: output without a newline");
	secret_free(&out);
	ok(secrets_run_command("echo \"$TIKDECK_ROUTER\"", "r9", &out, err,
	    sizeof err) == 0 && strcmp(out, "r9") == 0,
	    "password-command: TIKDECK_ROUTER is set");
	secret_free(&out);
	ok(secrets_run_command("echo leaked; exit 3", "r1", &out, err,
	    sizeof err) == -1 && out == NULL, "password-command: exit 3 fails");
	is_str(err, "the password-command of r1 failed (exit status 3); no "
	    "password", "  message");
	ok(strstr(err, "leaked") == NULL, "  the output is not in the message");
	ok(secrets_run_command("true", "r1", &out, err, sizeof err) == -1,
	    "password-command: empty output fails");
	is_str(err, "the password-command of r1 printed no password (its "
	    "first line of output is empty)", "  message");
	ok(secrets_run_command("echo; echo x", "r1", &out, err, sizeof err) ==
	    -1, "password-command: an empty first line fails");
	ok(secrets_run_command("kill -9 $$", "r1", &out, err, sizeof err) ==
	    -1 && strstr(err, "signal 9") != NULL,
	    "password-command: killed by a signal");

	buf_free(&orig);
	free(path);
	{
		char *cmd = xasprintf("rm -rf %s", tmpdir);

		if (system(cmd) != 0)
			diag("cannot remove %s", tmpdir);
		free(cmd);
	}
	return tap_done();
}
