/* known.c: the known-routers file (TLS trust on first use). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conffile.h"
#include "i18n.h"
#include "known.h"
#include "transport.h"
#include "util.h"

static int known_read(const char *path, struct buf *b);
static int known_line_key(const char *line, size_t n, const char *key,
    const char **rest);
static int known_rewrite(const char *path, const char *key, const char *fp,
    int *removed, char *err, size_t errlen);

/* Read the whole file into b; a missing file is empty.  0 or -1. */
static int
known_read(const char *path, struct buf *b)
{
	char chunk[4096];
	ssize_t n;
	int fd;

	buf_init(b);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return errno == ENOENT ? 0 : -1;
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(b, chunk, (size_t)n);
	close(fd);
	return n < 0 ? -1 : 0;
}

/* Is this line (n bytes, no newline) the entry of key?  rest: after the
 * key and its blanks. */
static int
known_line_key(const char *line, size_t n, const char *key,
    const char **rest)
{
	size_t kl = strlen(key);

	if (n <= kl || memcmp(line, key, kl) != 0 ||
	    (line[kl] != ' ' && line[kl] != '\t'))
		return 0;
	line += kl;
	while (*line == ' ' || *line == '\t')
		line++;
	*rest = line;
	return 1;
}

char *
known_default_path(void)
{
	return xdg_path("XDG_STATE_HOME", ".local/state", "known_routers");
}

char *
known_key(const char *name, const char *host, const char *port)
{
	if (name != NULL)
		return xstrdup(name);
	if (strchr(host, ':') != NULL)
		return xasprintf("[%s]:%s", host, port);
	return xasprintf("%s:%s", host, port);
}

enum known_result
known_lookup(const char *path, const char *key, char *fp, size_t fplen,
    int *line)
{
	struct buf b;
	const char *p, *end, *rest;
	int lineno = 0;
	enum known_result res = KNOWN_UNKNOWN;

	if (known_read(path, &b) == -1)
		return KNOWN_ERROR;
	for (p = b.p; p != NULL && p < b.p + b.len; p = end + 1) {
		end = memchr(p, '\n', (size_t)(b.p + b.len - p));
		if (end == NULL)
			end = b.p + b.len;
		lineno++;
		if (*p == '#')
			continue;
		if (known_line_key(p, (size_t)(end - p), key, &rest)) {
			char word[160];
			size_t wl = strcspn(rest, " \t\n");

			if (wl >= sizeof word)
				continue;
			memcpy(word, rest, wl);
			word[wl] = '\0';
			if (!tls_fingerprint_normalise(word, fp, fplen))
				continue;
			if (line != NULL)
				*line = lineno;
			res = KNOWN_MATCH;
			break;
		}
	}
	buf_free(&b);
	return res;
}

enum known_result
known_check(const char *path, const char *key, const char *fp,
    char *pinned, size_t pinnedlen, int *line)
{
	char want[128];
	enum known_result r;

	r = known_lookup(path, key, pinned, pinnedlen, line);
	if (r != KNOWN_MATCH)
		return r;
	if (!tls_fingerprint_normalise(fp, want, sizeof want))
		return KNOWN_CHANGED;
	return strcmp(want, pinned) == 0 ? KNOWN_MATCH : KNOWN_CHANGED;
}

/* Rewrite the file without key's lines, adding "key fp" when fp. */
static int
known_rewrite(const char *path, const char *key, const char *fp,
    int *removed, char *err, size_t errlen)
{
	struct buf b, out;
	const char *p, *end, *rest;
	int rc;

	*removed = 0;
	if (known_read(path, &b) == -1) {
		str_fmt(err, errlen, _("cannot read %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	buf_init(&out);
	if (b.len == 0)
		buf_adds(&out, "# tikdeck known routers: NAME-or-HOST:PORT "
		    "SHA-256-FINGERPRINT\n");
	for (p = b.p; p != NULL && p < b.p + b.len; p = end + 1) {
		end = memchr(p, '\n', (size_t)(b.p + b.len - p));
		if (end == NULL)
			end = b.p + b.len;
		if (*p != '#' && known_line_key(p, (size_t)(end - p), key,
		    &rest)) {
			*removed = 1;
			continue;
		}
		buf_add(&out, p, (size_t)(end - p));
		buf_addc(&out, '\n');
	}
	if (fp != NULL)
		buf_printf(&out, "%s %s\n", key, fp);
	buf_free(&b);
	if (file_mkdir_parent(path) == -1) {
		str_fmt(err, errlen, _("cannot create the directory of %s: "
		    "%s"), path, strerror(errno));
		buf_free(&out);
		return -1;
	}
	rc = file_write_atomic(path, out.p != NULL ? out.p : "", out.len,
	    0600, 0, err, errlen);
	buf_free(&out);
	return rc;
}

int
known_add(const char *path, const char *key, const char *fp, char *err,
    size_t errlen)
{
	char norm[128];
	int removed;

	if (!tls_fingerprint_normalise(fp, norm, sizeof norm)) {
		str_fmt(err, errlen, _("invalid SHA-256 fingerprint \"%s\""),
		    fp);
		return -1;
	}
	if (strpbrk(key, " \t\n") != NULL || *key == '\0' || *key == '#') {
		str_fmt(err, errlen, _("invalid router key \"%s\""), key);
		return -1;
	}
	return known_rewrite(path, key, norm, &removed, err, errlen);
}

int
known_remove(const char *path, const char *key, char *err, size_t errlen)
{
	int removed;

	if (known_rewrite(path, key, NULL, &removed, err, errlen) == -1)
		return -1;
	return removed;
}

int
known_plaintext_first(const char *known_path, const char *key)
{
	char *path, *slash, err[256];
	struct buf b;
	const char *p, *end;
	int seen = 0;

	path = xstrdup(known_path);
	slash = strrchr(path, '/');
	if (slash != NULL) {
		char *n;

		*slash = '\0';
		n = xasprintf("%s/plaintext_warned", path);
		free(path);
		path = n;
	} else {
		free(path);
		path = xstrdup("plaintext_warned");
	}
	if (known_read(path, &b) == -1) {
		free(path);
		return 1;
	}
	for (p = b.p; p != NULL && p < b.p + b.len; p = end + 1) {
		end = memchr(p, '\n', (size_t)(b.p + b.len - p));
		if (end == NULL)
			end = b.p + b.len;
		if ((size_t)(end - p) == strlen(key) &&
		    memcmp(p, key, (size_t)(end - p)) == 0)
			seen = 1;
	}
	if (!seen) {
		buf_adds(&b, key);
		buf_addc(&b, '\n');
		if (file_mkdir_parent(path) == 0)
			(void)file_write_atomic(path, b.p, b.len, 0600, 0, err,
			    sizeof err);
	}
	buf_free(&b);
	free(path);
	return !seen;
}
