/*
 * known.h: TLS trust on first use.  The known-routers file,
 * $XDG_STATE_HOME/tikdeck/known_routers (default ~/.local/state), holds
 * one line per pinned router: "KEY SHA256-FINGERPRINT", where KEY is a
 * configured router's name or host:port ([v6addr]:port).  Lines starting
 * with '#' and empty lines are ignored.
 *
 * Next to it, plaintext_warned lists the keys of routers already warned
 * about an unencrypted connection (the warning is shown once).
 */
#ifndef TIKDECK_KNOWN_H
#define TIKDECK_KNOWN_H

#include <stddef.h>

enum known_result {
	KNOWN_ERROR = -1,	/* the file could not be read */
	KNOWN_UNKNOWN = 0,	/* no line for this key */
	KNOWN_MATCH,		/* pinned, same fingerprint */
	KNOWN_CHANGED		/* pinned, another fingerprint */
};

/* The default file.  The caller frees it. */
char *known_default_path(void);
/* The key of a router: its name when configured, else host:port. */
char *known_key(const char *name, const char *host, const char *port);

/* The pinned fingerprint of key into fp ("AB:CD:..."), and the line it is
 * on.  Returns KNOWN_UNKNOWN, KNOWN_MATCH (found), or KNOWN_ERROR. */
enum known_result known_lookup(const char *path, const char *key, char *fp,
    size_t fplen, int *line);
/* Compare fp with the pin of key: KNOWN_UNKNOWN, KNOWN_MATCH or
 * KNOWN_CHANGED (then pinned holds the old one). */
enum known_result known_check(const char *path, const char *key,
    const char *fp, char *pinned, size_t pinnedlen, int *line);
/* Pin fp for key (replacing an older pin); atomic write, mode 0600. */
int known_add(const char *path, const char *key, const char *fp, char *err,
    size_t errlen);
/* Remove the pin of key; returns 1 removed, 0 none, -1 error. */
int known_remove(const char *path, const char *key, char *err,
    size_t errlen);

/* Show the plaintext warning for key?  Returns 1 the first time (and
 * remembers it in the file next to known_routers), 0 after. */
int known_plaintext_first(const char *known_path, const char *key);

#endif
