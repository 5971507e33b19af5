/*
 * target.h: "[user@]host[:port]" as typed on the command line.  IPv6
 * literals go in brackets when a port follows: [2001:db8::1]:8729.
 */
#ifndef TIKDECK_TARGET_H
#define TIKDECK_TARGET_H

#include <stddef.h>

struct target {
	char	*user;		/* NULL when not given */
	char	*host;
	char	*port;		/* NULL when not given */
};

/* Returns 0, or -1 with a message in err. */
int target_parse(const char *s, struct target *t, char *err, size_t errlen);
void target_free(struct target *t);

#endif
