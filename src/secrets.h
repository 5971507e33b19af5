/*
 * secrets.h: router passwords kept out of the configuration file.
 *
 * The encrypted store, $XDG_DATA_HOME/tikdeck/secrets (default
 * ~/.local/share), mode 0600, written atomically.  A text file:
 *
 *   tikdeck-secrets 1 scrypt LOG2N R P SALT      key = scrypt(passphrase)
 *   verify NONCE TAG             AES-256-GCM of "", AAD line 1: passphrase
 *   entry NAME NONCE CIPHERTEXT TAG   AAD: line 1, "\n", NAME
 *   seal NONCE TAG               AES-256-GCM of "", AAD: all lines above
 *   sha256 DIGEST                of all lines above
 *
 * (hex everywhere; a random 16-byte salt per file and a fresh 12-byte
 * nonce for every encryption).  Any changed byte fails the SHA-256 or
 * one of the GCM tags and is reported as a failed integrity check; a
 * verify tag that fails on an intact file means a wrong passphrase.
 *
 * Also the password-command runner.
 */
#ifndef TIKDECK_SECRETS_H
#define TIKDECK_SECRETS_H

#include <stddef.h>

/* Why secrets_open() failed. */
enum secrets_error {
	SECERR_NONE,
	SECERR_IO,		/* cannot read, or not private */
	SECERR_INTEGRITY,	/* changed or damaged */
	SECERR_PASSPHRASE	/* wrong master passphrase */
};

struct secrets;

/* The default store.  The caller frees it. */
char *secrets_default_path(void);
/* Does the store at path exist? */
int secrets_exists(const char *path);
/* Does the store list name (read without the passphrase; integrity is
 * checked when it is opened)? */
int secrets_lists(const char *path, const char *name);

/* Open the store with the passphrase; a missing file is an empty store
 * (with a new salt).  Returns NULL with a message in err and the kind of
 * failure in why. */
struct secrets *secrets_open(const char *path, const char *passphrase,
    enum secrets_error *why, char *err, size_t errlen);
/* The password of name, or NULL.  Owned by the store. */
const char *secrets_get(const struct secrets *s, const char *name);
void secrets_set(struct secrets *s, const char *name, const char *password);
int secrets_remove(struct secrets *s, const char *name);
/* Encrypt and write the store atomically (mode 0600). */
int secrets_save(struct secrets *s, char *err, size_t errlen);
/* Wipes every secret it held. */
void secrets_free(struct secrets **s);

/* Run cmd with /bin/sh -c; the password is the first line of its
 * output.  router names it in messages (never the output).  Returns 0
 * with a malloc'd password in out, or -1 with a message in err. */
int secrets_run_command(const char *cmd, const char *router, char **out,
    char *err, size_t errlen);

/* Overwrite and free a string. */
void secret_free(char **p);

#endif
