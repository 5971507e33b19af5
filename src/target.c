/* target.c: parse [user@]host[:port]. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "target.h"
#include "util.h"

static int port_valid(const char *p);

static int
port_valid(const char *p)
{
	long v = 0;

	if (*p == '\0' || strlen(p) > 5)
		return 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v >= 1 && v <= 65535;
}

int
target_parse(const char *s, struct target *t, char *err, size_t errlen)
{
	const char *at, *h, *colon;

	memset(t, 0, sizeof *t);
	if (s == NULL || *s == '\0') {
		str_copy(err, errlen, _("no router given"));
		return -1;
	}
	at = strrchr(s, '@');
	h = s;
	if (at != NULL) {
		if (at == s) {
			str_fmt(err, errlen, _("empty user name in \"%s\""), s);
			return -1;
		}
		t->user = xstrndup(s, (size_t)(at - s));
		h = at + 1;
	}
	if (*h == '[') {
		const char *end = strchr(h, ']');

		if (end == NULL || end == h + 1) {
			str_fmt(err, errlen, _("unterminated IPv6 address "
			    "in \"%s\""), s);
			goto fail;
		}
		t->host = xstrndup(h + 1, (size_t)(end - h - 1));
		if (end[1] == ':')
			t->port = xstrdup(end + 2);
		else if (end[1] != '\0') {
			str_fmt(err, errlen, _("unexpected \"%s\" after the "
			    "address"), end + 1);
			goto fail;
		}
	} else {
		colon = strchr(h, ':');
		if (colon != NULL && strchr(colon + 1, ':') == NULL) {
			t->host = xstrndup(h, (size_t)(colon - h));
			t->port = xstrdup(colon + 1);
		} else
			t->host = xstrdup(h);	/* no port, or bare IPv6 */
	}
	if (*t->host == '\0') {
		str_fmt(err, errlen, _("no host name in \"%s\""), s);
		goto fail;
	}
	if (t->port != NULL && !port_valid(t->port)) {
		str_fmt(err, errlen, _("invalid port \"%s\": expected a number "
		    "from 1 to 65535"), t->port);
		goto fail;
	}
	return 0;
fail:
	target_free(t);
	return -1;
}

void
target_free(struct target *t)
{
	free(t->user);
	free(t->host);
	free(t->port);
	memset(t, 0, sizeof *t);
}
