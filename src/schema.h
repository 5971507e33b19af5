/*
 * schema.h: the fields of a menu (names, types, enums, ranges, required-ness,
 * help) for building forms.  RouterOS 7 describes itself through
 * /console/inspect: request=child of "<menu>,set" lists the arguments, then
 * request=syntax per argument gives its help (symbol-type=explanation) and
 * its type (symbol-type=definition, e.g. "integer 1..65535").  The UI issues
 * those requests and feeds the rows here; the result is cached per RouterOS
 * version in $XDG_CACHE_HOME/tikdeck/inspect-<version>/.  RouterOS 6 has no
 * inspect: the built-in catalogue (menus.c) serves.  No I/O but the cache.
 */
#ifndef TIKDECK_SCHEMA_H
#define TIKDECK_SCHEMA_H

#include <stddef.h>

#include "validate.h"

struct sfield {
	char		*name;
	char		*help;		/* may be empty */
	struct vtype	 type;
	int		 required;	/* add needs it */
	int		 typed;		/* a definition arrived */
};

struct schema {
	char		*path;
	struct sfield	*f;
	size_t		 n;
};

struct schema *schema_new(const char *path);
void schema_free(struct schema **s);
/* The field called name, or NULL. */
struct sfield *schema_find(const struct schema *s, const char *name);
/* Find or append the field called name. */
struct sfield *schema_add(struct schema *s, const char *name);
/* Is this argument of set/add a form field (not numbers, copy-from ...)? */
int schema_is_field(const char *arg);
/* One request=syntax row for argument arg. */
void schema_syntax(struct schema *s, const char *arg,
    const char *symbol_type, const char *symbol, const char *text);
/* Required fields and "!" from what is known of the menu; call once all
 * fields are in. */
void schema_finish(struct schema *s);
/* The built-in catalogue's schema for path, or NULL when not catalogued. */
struct schema *schema_builtin(const char *path);
/* A schema from a "name:TYPE ..." spec (the catalogue's grammar; '*'
 * before a name: required). */
struct schema *schema_from_spec(const char *path, const char *spec);
/* Type text for a catalogue type code ("pfx", "int:1..4094", "e:a|b"). */
char *schema_code_text(const char *code, size_t len);

/* The cache file of path for a RouterOS version (caller frees), or NULL
 * without a home directory. */
char *schema_cache_file(const char *version, const char *path);
/* Write / read the cache: 0, or -1 (errno set). */
int schema_save(const struct schema *s, const char *file);
struct schema *schema_load(const char *path, const char *file);

#endif
