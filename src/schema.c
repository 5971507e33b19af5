/* schema.c: the fields of a menu from inspect, the catalogue or the cache. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "menus.h"
#include "schema.h"
#include "util.h"

static void schema_clean(char *s);
static int schema_mkdirs(char *dir);

/* Fields add needs, by menu (the router traps without them). */
static const struct {
	const char	*path;
	const char	*fields;
} schema_required[] = {
	{ "/ip/firewall/filter", "chain" },
	{ "/ip/firewall/nat", "chain" },
	{ "/ip/firewall/mangle", "chain" },
	{ "/ip/firewall/raw", "chain" },
	{ "/ip/firewall/address-list", "list address" },
	{ "/ip/address", "address interface" },
	{ "/ip/dns/static", "name" },
	{ "/ip/pool", "name ranges" },
	{ "/ip/route", "gateway" },
	{ "/ip/dhcp-server", "interface" },
	{ "/ip/dhcp-server/network", "address" },
	{ "/ip/dhcp-server/lease", "address mac-address" },
	{ "/interface/vlan", "name vlan-id interface" },
	{ "/interface/bridge/port", "interface bridge" },
	{ "/interface/list/member", "list interface" },
	{ "/ip/arp", "address interface" },
	{ "/user", "name group" },
};

/* Firewall matchers that take "!" (not). */
static const char *const schema_negatable[] = { "src-address",
	"dst-address", "src-port", "dst-port", "port", "protocol",
	"in-interface", "out-interface", "in-interface-list",
	"out-interface-list", "src-address-list", "dst-address-list",
	"connection-state", "connection-mark", "packet-mark",
	"routing-mark", "src-mac-address" };

/* An empty schema for path. */
struct schema *
schema_new(const char *path)
{
	struct schema *s = xcalloc(1, sizeof *s);

	s->path = xstrdup(path);
	return s;
}

/* Free a schema. */
void
schema_free(struct schema **sp)
{
	struct schema *s = *sp;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->f[i].name);
		free(s->f[i].help);
		vtype_free(&s->f[i].type);
	}
	free(s->f);
	free(s->path);
	free(s);
	*sp = NULL;
}

/* The field called name. */
struct sfield *
schema_find(const struct schema *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->f[i].name, name) == 0)
			return &s->f[i];
	return NULL;
}

/* Find or append. */
struct sfield *
schema_add(struct schema *s, const char *name)
{
	struct sfield *f = schema_find(s, name);

	if (f != NULL)
		return f;
	s->f = xreallocarray(s->f, s->n + 1, sizeof *s->f);
	f = &s->f[s->n++];
	memset(f, 0, sizeof *f);
	f->name = xstrdup(name);
	f->help = xstrdup("");
	f->type.min = 1;
	return f;
}

/* Arguments of set/add that are not properties. */
int
schema_is_field(const char *arg)
{
	static const char *const not[] = { "numbers", "copy-from",
	    "place-before", ".id", "value-name", "number", ".proplist" };
	size_t i;

	for (i = 0; i < TD_ARRAY_LEN(not); i++)
		if (strcmp(arg, not[i]) == 0)
			return 0;
	return *arg != '\0';
}

/* A request=syntax row. */
void
schema_syntax(struct schema *s, const char *arg, const char *symbol_type,
    const char *symbol, const char *text)
{
	struct sfield *f;

	if (!schema_is_field(arg))
		return;
	f = schema_add(s, arg);
	if (symbol_type != NULL && strcmp(symbol_type, "explanation") == 0 &&
	    text != NULL && *text != '\0') {
		free(f->help);
		f->help = xstrdup(text);
	} else if (symbol_type != NULL &&
	    strcmp(symbol_type, "definition") == 0 && symbol != NULL) {
		vtype_free(&f->type);
		vtype_parse(symbol, &f->type);
		if (text != NULL && strncmp(text, "[!]", 3) == 0)
			f->type.flags |= VT_NEG;
		f->typed = 1;
	}
}

/* Required fields and negation from the menu. */
void
schema_finish(struct schema *s)
{
	size_t i, k;
	const char *p, *e;
	struct sfield *f;

	for (i = 0; i < TD_ARRAY_LEN(schema_required); i++) {
		if (strcmp(schema_required[i].path, s->path) != 0)
			continue;
		for (p = schema_required[i].fields; *p != '\0'; p = e) {
			char *name;

			e = p + strcspn(p, " ");
			name = xstrndup(p, (size_t)(e - p));
			if ((f = schema_find(s, name)) != NULL)
				f->required = 1;
			free(name);
			while (*e == ' ')
				e++;
		}
	}
	if (strncmp(s->path, "/ip/firewall/", 13) != 0 &&
	    strncmp(s->path, "/ipv6/firewall/", 15) != 0)
		return;
	if (strstr(s->path, "address-list") != NULL)
		return;
	for (k = 0; k < TD_ARRAY_LEN(schema_negatable); k++)
		if ((f = schema_find(s, schema_negatable[k])) != NULL)
			f->type.flags |= VT_NEG;
}

/* Catalogue type code to inspect's text. */
char *
schema_code_text(const char *code, size_t len)
{
	static const struct {
		const char	*code;
		const char	*text;
	} simple[] = {
		{ "str", "string" }, { "ip", "IP address" },
		{ "pfx", "IP prefix" }, { "ipr", "IP address range" },
		{ "ips", "list of IP addresses" }, { "mac", "MAC address" },
		{ "time", "time interval" }, { "bool", "yes | no" },
		{ "port", "port range" }, { "num", "integer" },
		{ "m:pfx", "list of IP prefixes" },
	};
	size_t i;
	struct buf b;

	for (i = 0; i < TD_ARRAY_LEN(simple); i++)
		if (strlen(simple[i].code) == len &&
		    strncmp(simple[i].code, code, len) == 0)
			return xstrdup(simple[i].text);
	buf_init(&b);
	if (len > 4 && strncmp(code, "int:", 4) == 0) {
		buf_adds(&b, "integer ");
		buf_add(&b, code + 4, len - 4);
	} else if (len > 4 && strncmp(code, "ref:", 4) == 0) {
		for (i = 4; i < len; i++)
			buf_addc(&b, code[i] == '-' ? ' ' : code[i]);
		buf_adds(&b, " name");
	} else if (len > 2 && (code[0] == 'e' || code[0] == 'm') &&
	    code[1] == ':') {
		for (i = 2; i < len; i++)
			if (code[i] == '|')
				buf_adds(&b, " | ");
			else
				buf_addc(&b, code[i]);
		if (code[0] == 'm')
			buf_adds(&b, " [, ...]");
	} else
		buf_adds(&b, "string");
	return buf_steal(&b, NULL);
}

/* The catalogue's fields. */
struct schema *
schema_builtin(const char *path)
{
	const char *p = menus_fields(path);

	return p != NULL ? schema_from_spec(path, p) : NULL;
}

struct schema *
schema_from_spec(const char *path, const char *p)
{
	const char *e, *colon;
	struct schema *s;
	int required;

	s = schema_new(path);
	for (; *p != '\0'; p = e) {
		struct sfield *f;
		char *name, *text;

		while (*p == ' ')
			p++;
		if ((required = *p == '*'))
			p++;
		e = p + strcspn(p, " ");
		colon = memchr(p, ':', (size_t)(e - p));
		if (e == p || colon == NULL)
			continue;
		name = xstrndup(p, (size_t)(colon - p));
		text = schema_code_text(colon + 1, (size_t)(e - colon - 1));
		f = schema_add(s, name);
		vtype_free(&f->type);
		vtype_parse(text, &f->type);
		f->typed = 1;
		f->required = required;
		free(name);
		free(text);
	}
	schema_finish(s);
	return s;
}

/* Tabs and newlines would break the cache's lines. */
static void
schema_clean(char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\t' || *s == '\n' || *s == '\r')
			*s = ' ';
}

/* mkdir -p. */
static int
schema_mkdirs(char *dir)
{
	char *p;

	for (p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return mkdir(dir, 0700) == -1 && errno != EEXIST ? -1 : 0;
}

/* $XDG_CACHE_HOME/tikdeck/inspect-<version>/<path with _>.schema */
char *
schema_cache_file(const char *version, const char *path)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char *base, *name, *p, *file, *v;

	if (xdg != NULL && *xdg == '/')
		base = xasprintf("%s/tikdeck", xdg);
	else if (home != NULL && *home != '\0')
		base = xasprintf("%s/.cache/tikdeck", home);
	else
		return NULL;
	v = xstrdup(version);
	for (p = v; *p != '\0'; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	name = xstrdup(path[0] == '/' ? path + 1 : path);
	for (p = name; *p != '\0'; p++)
		if (*p == '/')
			*p = '_';
	file = xasprintf("%s/inspect-%s/%s.schema", base, v, name);
	free(base);
	free(name);
	free(v);
	return file;
}

/* Lines: name TAB required TAB type text TAB help. */
int
schema_save(const struct schema *s, const char *file)
{
	char *dir = xstrdup(file), *tmp, *slash = strrchr(dir, '/');
	FILE *fp;
	size_t i;
	int rc = 0;

	if (slash != NULL) {
		*slash = '\0';
		if (schema_mkdirs(dir) == -1) {
			free(dir);
			return -1;
		}
	}
	free(dir);
	tmp = xasprintf("%s.tmp", file);
	if ((fp = fopen(tmp, "w")) == NULL) {
		free(tmp);
		return -1;
	}
	fprintf(fp, "# tikdeck schema of %s\n", s->path);
	for (i = 0; i < s->n; i++) {
		char *t = vtype_text(&s->f[i].type), *h = xstrdup(s->f[i].help);

		schema_clean(t);
		schema_clean(h);
		fprintf(fp, "%s\t%d\t%s%s\t%s\n", s->f[i].name,
		    s->f[i].required, s->f[i].type.flags & VT_NEG ? "!" : "",
		    t, h);
		free(t);
		free(h);
	}
	if (fclose(fp) != 0 || rename(tmp, file) == -1)
		rc = -1;
	if (rc == -1)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* Read a cache file; NULL when missing or unreadable. */
struct schema *
schema_load(const char *path, const char *file)
{
	FILE *fp = fopen(file, "r");
	struct schema *s;
	char line[4096];

	if (fp == NULL)
		return NULL;
	s = schema_new(path);
	while (fgets(line, sizeof line, fp) != NULL) {
		char *fld[4], *p = line;
		int k;
		struct sfield *f;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		for (k = 0; k < 4; k++) {
			fld[k] = p;
			if (k < 3 && (p = strchr(p, '\t')) == NULL)
				break;
			if (k < 3)
				*p++ = '\0';
		}
		if (k < 4) {	/* a damaged cache: ignore it */
			schema_free(&s);
			break;
		}
		f = schema_add(s, fld[0]);
		f->required = fld[1][0] == '1';
		vtype_free(&f->type);
		vtype_parse(fld[2] + (fld[2][0] == '!'), &f->type);
		if (fld[2][0] == '!')
			f->type.flags |= VT_NEG;
		f->typed = 1;
		free(f->help);
		f->help = xstrdup(fld[3]);
	}
	fclose(fp);
	return s;
}
