/*
 * validate.h: checking form values before anything is sent to the router.
 * Pure: no I/O, no curses.  A field's type comes from the definition text
 * of /console/inspect request=syntax ("IP prefix", "integer 1..65535",
 * "accept | drop", "time interval" ...) or from the built-in catalogue.
 * Every error is one sentence naming the field and what is expected.
 */
#ifndef TIKDECK_VALIDATE_H
#define TIKDECK_VALIDATE_H

#include <stddef.h>

enum vkind {
	VK_STR,		/* any text */
	VK_NAME,	/* a reference to another object by name */
	VK_IP,		/* IPv4 or IPv6 address */
	VK_PREFIX,	/* address[/len], host bits allowed */
	VK_RANGE,	/* address, prefix or first-last range */
	VK_MAC,
	VK_TIME,	/* 1d2h3m4s, 30s, 500ms, 00:05:00, seconds */
	VK_BOOL,	/* yes no true false */
	VK_INT,		/* with bounds */
	VK_PORT,	/* N or N-M, 0..65535 */
	VK_ENUM
};

#define VT_LIST		0x1	/* a comma-separated list */
#define VT_NEG		0x2	/* may start with ! */

struct vtype {
	enum vkind	 kind;
	unsigned	 flags;
	long long	 min, max;	/* VK_INT; min > max: unbounded */
	char		**enums;	/* VK_ENUM values */
	size_t		 nenums;
};

/* Type from an inspect definition text; unknown text is VK_STR. */
void vtype_parse(const char *text, struct vtype *t);
/* The type's description as inspect writes it (caller frees). */
char *vtype_text(const struct vtype *t);
void vtype_free(struct vtype *t);

/* Check value v of field against t: 0, or -1 with a sentence in err.
 * An empty value is accepted (the field is unset). */
int validate_value(const char *field, const struct vtype *t, const char *v,
    char *err, size_t errlen);

/* The single checks, on s[0..n). */
int validate_ipv4(const char *s, size_t n);
int validate_ipv6(const char *s, size_t n);
/* address/len with len within the family's bits; host bits allowed. */
int validate_prefix(const char *s, size_t n);
int validate_range(const char *s, size_t n);
int validate_mac(const char *s, size_t n);
int validate_duration(const char *s, size_t n);
int validate_bool(const char *s, size_t n);
/* A decimal integer within [min, max] (min > max: any). */
int validate_int(const char *s, size_t n, long long min, long long max);
/* N or N-M with N <= M, each 0..65535. */
int validate_port(const char *s, size_t n);

#endif
