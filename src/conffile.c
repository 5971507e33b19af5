/* conffile.c: the configuration file: load, check, edit, save. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libconfig.h>
#include <limits.h>
#include <pwd.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conffile.h"
#include "i18n.h"
#include "menus.h"
#include "text.h"
#include "transport.h"
#include "util.h"

enum ktype {
	K_STR,
	K_INT,
	K_BOOL
};

/* Where a key may appear. */
#define KW_GLOBAL	0x1
#define KW_ROUTER	0x2
#define KW_BOTH		(KW_GLOBAL | KW_ROUTER)

struct conf_key {
	const char	*name;
	enum ktype	 type;
	size_t		 off;
	int		 where;
	long long	 lo, hi;	/* K_INT */
};

#define RC_OFF(f) offsetof(struct router_cfg, f)

/* Every key, in the order they are written. */
static const struct conf_key conf_keys[] = {
	{ "name", K_STR, RC_OFF(name), KW_ROUTER, 0, 0 },
	{ "host", K_STR, RC_OFF(host), KW_ROUTER, 0, 0 },
	{ "port", K_INT, RC_OFF(port), KW_BOTH, 1, 65535 },
	{ "user", K_STR, RC_OFF(user), KW_BOTH, 0, 0 },
	{ "tls", K_BOOL, RC_OFF(tls), KW_BOTH, 0, 0 },
	{ "ca", K_STR, RC_OFF(ca), KW_BOTH, 0, 0 },
	{ "fingerprint", K_STR, RC_OFF(fingerprint), KW_ROUTER, 0, 0 },
	{ "jump", K_STR, RC_OFF(jump), KW_BOTH, 0, 0 },
	{ "proxy-command", K_STR, RC_OFF(proxy_cmd), KW_BOTH, 0, 0 },
	{ "charset", K_STR, RC_OFF(charset), KW_BOTH, 0, 0 },
	{ "units", K_STR, RC_OFF(units), KW_BOTH, 0, 0 },
	{ "kilo", K_INT, RC_OFF(kilo), KW_BOTH, 1000, 1024 },
	{ "attempts", K_INT, RC_OFF(attempts), KW_BOTH, 1, 10 },
	{ "timeout", K_INT, RC_OFF(timeout), KW_BOTH, 1, 3600 },
	{ "debug-log", K_STR, RC_OFF(debug_log), KW_BOTH, 0, 0 },
	{ "first-screen", K_STR, RC_OFF(first_screen), KW_BOTH, 0, 0 },
	{ "theme", K_STR, RC_OFF(theme), KW_BOTH, 0, 0 },
	{ "log-lines", K_INT, RC_OFF(log_lines), KW_BOTH, 100, 1000000 },
	{ "password-command", K_STR, RC_OFF(password_cmd), KW_ROUTER, 0, 0 },
	{ "password", K_STR, RC_OFF(password), KW_ROUTER, 0, 0 },
};

static const struct conf_key *conf_key_find(const char *name);
static int conf_check_value(const struct conf_key *k, const char *path,
    config_setting_t *s, struct router_cfg *r, char *err, size_t errlen);
static int conf_read_group(const char *path, config_setting_t *g, int where,
    struct router_cfg *r, char *err, size_t errlen);
static int conf_read_routers(struct conffile *cf, config_setting_t *list,
    char *err, size_t errlen);
static int conf_load_parsed(const char *path, config_t *c, int ok,
    int check_private, struct conffile **out, char *err, size_t errlen);
static void conf_put_escaped(struct buf *b, const char *s);
static char *conf_shown(const char *v);
static void conf_write_group(struct buf *b, const struct router_cfg *r,
    const char *indent);
static char *conf_home(void);
static int file_copy(const char *from, const char *to);

/* The key table entry for name, or NULL. */
static const struct conf_key *
conf_key_find(const char *name)
{
	size_t i;

	for (i = 0; i < TD_ARRAY_LEN(conf_keys); i++)
		if (strcmp(conf_keys[i].name, name) == 0)
			return &conf_keys[i];
	return NULL;
}

/* The user's home directory. */
static char *
conf_home(void)
{
	const char *h = getenv("HOME");
	struct passwd *pw;

	if (h != NULL && *h == '/')
		return xstrdup(h);
	pw = getpwuid(getuid());
	return xstrdup(pw != NULL && pw->pw_dir != NULL ? pw->pw_dir : "/");
}

char *
xdg_path(const char *var, const char *fallback, const char *leaf)
{
	const char *v = getenv(var);
	char *home, *p;

	if (v != NULL && *v == '/')
		return xasprintf("%s/tikdeck/%s", v, leaf);
	home = conf_home();
	p = xasprintf("%s/%s/tikdeck/%s", strcmp(home, "/") == 0 ? "" : home,
	    fallback, leaf);
	free(home);
	return p;
}

char *
conffile_default_path(void)
{
	return xdg_path("XDG_CONFIG_HOME", ".config", "tikdeck.conf");
}

int
conffile_name_valid(const char *name)
{
	const char *p;

	if (name == NULL || *name == '\0' || strlen(name) > 64)
		return 0;
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		    *p == '-'))
			return 0;
	return 1;
}

/* Check one setting against its key and store it in r. */
static int
conf_check_value(const struct conf_key *k, const char *path,
    config_setting_t *s, struct router_cfg *r, char *err, size_t errlen)
{
	int line = config_setting_source_line(s), type;
	char *base = (char *)r + k->off;
	const char *v;
	char *shown;
	long long n;
	char fp[128];

	type = config_setting_type(s);
	switch (k->type) {
	case K_STR:
		if (type != CONFIG_TYPE_STRING) {
			str_fmt(err, errlen, _("%s:%d: \"%s\" must be a "
			    "string in double quotes"), path, line, k->name);
			return -1;
		}
		v = config_setting_get_string(s);
		if (*v == '\0') {
			str_fmt(err, errlen, _("%s:%d: \"%s\" is empty"),
			    path, line, k->name);
			return -1;
		}
		if (strcmp(k->name, "name") == 0 && !conffile_name_valid(v)) {
			shown = conf_shown(v);
			str_fmt(err, errlen, _("%s:%d: invalid router name "
			    "\"%s\": use letters, digits, '.', '_' and '-' "
			    "(at most 64)"), path, line, shown);
			free(shown);
			return -1;
		}
		if (strcmp(k->name, "fingerprint") == 0 &&
		    !tls_fingerprint_normalise(v, fp, sizeof fp)) {
			str_fmt(err, errlen, _("%s:%d: \"fingerprint\" must be "
			    "a SHA-256 fingerprint, 32 bytes of hex such as "
			    "AB:CD:..."), path, line);
			return -1;
		}
		if (strcmp(k->name, "first-screen") == 0 &&
		    !menus_screen(v, NULL)) {
			shown = conf_shown(v);
			str_fmt(err, errlen, _("%s:%d: \"first-screen\" \"%s\" "
			    "is not a screen: use dashboard, log or a menu path "
			    "like /ip/firewall/filter"), path, line, shown);
			free(shown);
			return -1;
		}
		if (strcmp(k->name, "charset") == 0 && charset_parse(v) < 0) {
			shown = conf_shown(v);
			str_fmt(err, errlen, _("%s:%d: unknown charset \"%s\": "
			    "use auto, utf-8 or cp1252"), path, line, shown);
			free(shown);
			return -1;
		}
		if (strcmp(k->name, "units") == 0 && strcmp(v, "bits") != 0 &&
		    strcmp(v, "bytes") != 0) {
			shown = conf_shown(v);
			str_fmt(err, errlen, _("%s:%d: \"units\" must be "
			    "\"bits\" or \"bytes\", not \"%s\""), path, line,
			    shown);
			free(shown);
			return -1;
		}
		free(*(char **)base);
		*(char **)base = xstrdup(v);
		return 0;
	case K_INT:
		if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64) {
			str_fmt(err, errlen, _("%s:%d: \"%s\" must be a whole "
			    "number"), path, line, k->name);
			return -1;
		}
		n = config_setting_get_int64(s);
		if (strcmp(k->name, "kilo") == 0 && n != 1000 && n != 1024) {
			str_fmt(err, errlen, _("%s:%d: \"kilo\" must be 1000 "
			    "or 1024, not %lld"), path, line, n);
			return -1;
		}
		if (n < k->lo || n > k->hi) {
			str_fmt(err, errlen, _("%s:%d: \"%s\" is out of range: "
			    "%lld is not from %lld to %lld"), path, line,
			    k->name, n, k->lo, k->hi);
			return -1;
		}
		*(int *)base = (int)n;
		return 0;
	case K_BOOL:
		if (type != CONFIG_TYPE_BOOL) {
			str_fmt(err, errlen, _("%s:%d: \"%s\" must be true or "
			    "false"), path, line, k->name);
			return -1;
		}
		*(int *)base = config_setting_get_bool(s) ? 1 : 0;
		return 0;
	}
	return -1;
}

/* Read the members of a group (the root, or one router). */
static int
conf_read_group(const char *path, config_setting_t *g, int where,
    struct router_cfg *r, char *err, size_t errlen)
{
	int i, n = config_setting_length(g);

	for (i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(s);
		const struct conf_key *k;

		if (name == NULL)
			continue;
		if (where == KW_GLOBAL && strcmp(name, "routers") == 0)
			continue;
		k = conf_key_find(name);
		if (k == NULL) {
			str_fmt(err, errlen, _("%s:%d: unknown key \"%s\""),
			    path, config_setting_source_line(s), name);
			return -1;
		}
		if (!(k->where & where)) {
			str_fmt(err, errlen, _("%s:%d: \"%s\" belongs in a "
			    "router's entry, not among the global options"),
			    path, config_setting_source_line(s), name);
			return -1;
		}
		if (conf_check_value(k, path, s, r, err, errlen) == -1)
			return -1;
	}
	if (r->jump != NULL && r->proxy_cmd != NULL) {
		str_fmt(err, errlen, _("%s:%d: use either \"jump\" or "
		    "\"proxy-command\", not both"), path,
		    config_setting_source_line(g));
		return -1;
	}
	return 0;
}

/* The routers list: ( { name = ...; host = ...; }, ... ). */
static int
conf_read_routers(struct conffile *cf, config_setting_t *list, char *err,
    size_t errlen)
{
	int i, n, line = config_setting_source_line(list);

	if (config_setting_type(list) != CONFIG_TYPE_LIST &&
	    !(config_setting_type(list) == CONFIG_TYPE_ARRAY &&
	    config_setting_length(list) == 0)) {
		str_fmt(err, errlen, _("%s:%d: \"routers\" must be a list of "
		    "groups: routers = ( { name = \"office\"; host = "
		    "\"192.0.2.1\"; } );"), cf->path, line);
		return -1;
	}
	n = config_setting_length(list);
	for (i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(list,
		    (unsigned)i);
		struct router_cfg *r;
		const struct router_cfg *dup;

		line = config_setting_source_line(g);
		if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
			str_fmt(err, errlen, _("%s:%d: each router must be a "
			    "group in braces: { name = ...; host = ...; }"),
			    cf->path, line);
			return -1;
		}
		r = xcalloc(1, sizeof *r);
		r->tls = -1;
		r->line = line;
		cf->routers = xreallocarray(cf->routers, cf->nrouters + 1,
		    sizeof *cf->routers);
		cf->routers[cf->nrouters++] = r;
		if (conf_read_group(cf->path, g, KW_ROUTER, r, err,
		    errlen) == -1)
			return -1;
		if (r->name == NULL) {
			str_fmt(err, errlen, _("%s:%d: this router has no "
			    "\"name\""), cf->path, line);
			return -1;
		}
		if (r->host == NULL) {
			str_fmt(err, errlen, _("%s:%d: router \"%s\" has no "
			    "\"host\""), cf->path, line, r->name);
			return -1;
		}
		cf->nrouters--;		/* look for an earlier one */
		dup = conffile_find(cf, r->name);
		cf->nrouters++;
		if (dup != NULL) {
			str_fmt(err, errlen, _("%s:%d: duplicate router name "
			    "\"%s\" (first defined on line %d)"), cf->path,
			    line, r->name, dup->line);
			return -1;
		}
	}
	return 0;
}

struct conffile *
conffile_new(const char *path)
{
	struct conffile *cf = xcalloc(1, sizeof *cf);

	cf->path = xstrdup(path);
	cf->global.tls = -1;
	return cf;
}

/* Check what libconfig read (ok: config_read*() succeeded) and build the
 * configuration of path; with check_private, a file holding a password
 * must be private.  The caller destroys c. */
static int
conf_load_parsed(const char *path, config_t *c, int ok, int check_private,
    struct conffile **out, char *err, size_t errlen)
{
	struct conffile *cf;
	config_setting_t *root, *routers;
	size_t i;
	int has_password = 0;

	*out = NULL;
	if (!ok) {
		str_fmt(err, errlen, _("%s:%d: %s"), path,
		    config_error_line(c), config_error_text(c));
		return -1;
	}
	cf = conffile_new(path);
	root = config_root_setting(c);
	if (conf_read_group(path, root, KW_GLOBAL, &cf->global, err,
	    errlen) == -1)
		goto fail;
	routers = config_setting_get_member(root, "routers");
	if (routers != NULL &&
	    conf_read_routers(cf, routers, err, errlen) == -1)
		goto fail;
	for (i = 0; i < cf->nrouters; i++)
		if (cf->routers[i]->password != NULL)
			has_password = 1;
	if (check_private && has_password && file_check_private(path,
	    _("configuration file"), err, errlen) == -1)
		goto fail;
	*out = cf;
	return 0;
fail:
	conffile_free(&cf);
	return -1;
}

int
conffile_load(const char *path, int missing_ok, struct conffile **out,
    char *err, size_t errlen)
{
	config_t c;
	FILE *f;
	int rc;

	*out = NULL;
	f = fopen(path, "r");
	if (f == NULL) {
		if (errno == ENOENT && missing_ok) {
			*out = conffile_new(path);
			return 0;
		}
		str_fmt(err, errlen, _("cannot read the configuration file "
		    "%s: %s"), path, strerror(errno));
		return -1;
	}
	config_init(&c);
	rc = conf_load_parsed(path, &c, config_read(&c, f) == CONFIG_TRUE, 1,
	    out, err, errlen);
	config_destroy(&c);
	fclose(f);
	return rc;
}

int
conffile_load_string(const char *path, const char *text,
    struct conffile **out, char *err, size_t errlen)
{
	config_t c;
	int rc;

	config_init(&c);
	rc = conf_load_parsed(path, &c, config_read_string(&c, text) ==
	    CONFIG_TRUE, 0, out, err, errlen);
	config_destroy(&c);
	return rc;
}

void
router_cfg_clear(struct router_cfg *r)
{
	size_t i;

	if (r->password != NULL)
		memset(r->password, 0, strlen(r->password));
	for (i = 0; i < TD_ARRAY_LEN(conf_keys); i++)
		if (conf_keys[i].type == K_STR)
			free(*(char **)((char *)r + conf_keys[i].off));
	memset(r, 0, sizeof *r);
	r->tls = -1;
}

void
router_cfg_copy(struct router_cfg *dst, const struct router_cfg *src)
{
	size_t i;

	*dst = *src;
	for (i = 0; i < TD_ARRAY_LEN(conf_keys); i++)
		if (conf_keys[i].type == K_STR) {
			char **p = (char **)((char *)dst + conf_keys[i].off);

			if (*p != NULL)
				*p = xstrdup(*p);
		}
}

void
conffile_free(struct conffile **cfp)
{
	struct conffile *cf = *cfp;
	size_t i;

	if (cf == NULL)
		return;
	for (i = 0; i < cf->nrouters; i++) {
		router_cfg_clear(cf->routers[i]);
		free(cf->routers[i]);
	}
	free(cf->routers);
	router_cfg_clear(&cf->global);
	free(cf->path);
	free(cf);
	*cfp = NULL;
}

const struct router_cfg *
conffile_find(const struct conffile *cf, const char *name)
{
	size_t i;

	for (i = 0; i < cf->nrouters; i++)
		if (strcmp(cf->routers[i]->name, name) == 0)
			return cf->routers[i];
	return NULL;
}

void
conffile_put(struct conffile *cf, const struct router_cfg *r)
{
	size_t i;
	struct router_cfg *n = xmalloc(sizeof *n);

	router_cfg_copy(n, r);
	for (i = 0; i < cf->nrouters; i++)
		if (strcmp(cf->routers[i]->name, r->name) == 0) {
			router_cfg_clear(cf->routers[i]);
			free(cf->routers[i]);
			cf->routers[i] = n;
			return;
		}
	cf->routers = xreallocarray(cf->routers, cf->nrouters + 1,
	    sizeof *cf->routers);
	cf->routers[cf->nrouters++] = n;
}

int
conffile_delete(struct conffile *cf, const char *name)
{
	size_t i;

	for (i = 0; i < cf->nrouters; i++)
		if (strcmp(cf->routers[i]->name, name) == 0) {
			router_cfg_clear(cf->routers[i]);
			free(cf->routers[i]);
			memmove(cf->routers + i, cf->routers + i + 1,
			    (cf->nrouters - i - 1) * sizeof *cf->routers);
			cf->nrouters--;
			return 0;
		}
	return -1;
}

/* The inside of a libconfig string literal: s escaped. */
static void
conf_put_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"':
			buf_adds(b, "\\\"");
			break;
		case '\\':
			buf_adds(b, "\\\\");
			break;
		case '\n':
			buf_adds(b, "\\n");
			break;
		case '\t':
			buf_adds(b, "\\t");
			break;
		case '\r':
			buf_adds(b, "\\r");
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				buf_printf(b, "\\x%02x", c);
			else
				buf_addc(b, (char)c);
		}
	}
}

/* A libconfig string literal. */
void
conffile_put_string(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	conf_put_escaped(b, s);
	buf_addc(b, '"');
}

/* A value for a message, escaped as in the file (no control bytes reach
 * the terminal).  The caller frees it. */
static char *
conf_shown(const char *v)
{
	struct buf b;

	buf_init(&b);
	conf_put_escaped(&b, v);
	return buf_steal(&b, NULL);
}

/* The set keys of r, one per line. */
static void
conf_write_group(struct buf *b, const struct router_cfg *r,
    const char *indent)
{
	size_t i;

	for (i = 0; i < TD_ARRAY_LEN(conf_keys); i++) {
		const struct conf_key *k = &conf_keys[i];
		const char *base = (const char *)r + k->off;

		switch (k->type) {
		case K_STR:
			if (*(char *const *)base == NULL)
				continue;
			buf_printf(b, "%s%s = ", indent, k->name);
			conffile_put_string(b, *(char *const *)base);
			buf_adds(b, ";\n");
			break;
		case K_INT:
			if (*(const int *)base == 0)
				continue;
			buf_printf(b, "%s%s = %d;\n", indent, k->name,
			    *(const int *)base);
			break;
		case K_BOOL:
			if (*(const int *)base < 0)
				continue;
			buf_printf(b, "%s%s = %s;\n", indent, k->name,
			    *(const int *)base ? "true" : "false");
			break;
		}
	}
}

int
conffile_save(const struct conffile *cf, char *err, size_t errlen)
{
	struct buf b;
	size_t i;
	int rc;

	buf_init(&b);
	buf_adds(&b, "# tikdeck configuration: see tikdeck.conf(5).\n"
	    "# Written by tikdeck; the previous version is in the same "
	    "directory,\n# with a ~ after its name.\n\n");
	conf_write_group(&b, &cf->global, "");
	if (b.len > 0 && b.p[b.len - 1] != '\n')
		buf_addc(&b, '\n');
	buf_adds(&b, "\nrouters = (");
	for (i = 0; i < cf->nrouters; i++) {
		buf_adds(&b, i == 0 ? "\n\t{\n" : ",\n\t{\n");
		conf_write_group(&b, cf->routers[i], "\t\t");
		buf_adds(&b, "\t}");
	}
	buf_adds(&b, cf->nrouters > 0 ? "\n);\n" : ");\n");
	if (file_mkdir_parent(cf->path) == -1) {
		str_fmt(err, errlen, _("cannot create the directory of %s: "
		    "%s"), cf->path, strerror(errno));
		buf_wipe(&b);
		return -1;
	}
	rc = file_write_atomic(cf->path, b.p, b.len, 0600, 1, err, errlen);
	buf_wipe(&b);
	return rc;
}

/* ---- files ---------------------------------------------------------- */

int
file_mkdir_parent(const char *path)
{
	char *d = xstrdup(path), *p;

	p = strrchr(d, '/');
	if (p == NULL || p == d) {
		free(d);
		return 0;
	}
	*p = '\0';
	for (p = d + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(d, 0700) == -1 && errno != EEXIST) {
			free(d);
			return -1;
		}
		*p = '/';
	}
	if (mkdir(d, 0700) == -1 && errno != EEXIST) {
		free(d);
		return -1;
	}
	free(d);
	return 0;
}

/* Copy a file (the backup, when a hard link is not possible). */
static int
file_copy(const char *from, const char *to)
{
	char buf[8192];
	int in, out, rc = 0;
	ssize_t n;
	struct stat st;

	if ((in = open(from, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(in, &st) == -1 || (out = open(to, O_WRONLY | O_CREAT |
	    O_TRUNC | O_CLOEXEC, st.st_mode & 0777)) == -1) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n) {
			rc = -1;
			break;
		}
	if (n < 0 || fsync(out) == -1)
		rc = -1;
	close(in);
	if (close(out) == -1)
		rc = -1;
	return rc;
}

int
file_write_atomic(const char *path, const void *data, size_t len, int mode,
    int backup, char *err, size_t errlen)
{
	char *tmp = xasprintf("%s.tmp-XXXXXX", path), *dir, *slash;
	const char *p = data;
	size_t off = 0;
	int fd, dfd;

	fd = mkstemp(tmp);
	if (fd == -1) {
		str_fmt(err, errlen, _("cannot write %s: %s"), path,
		    strerror(errno));
		free(tmp);
		return -1;
	}
	if (fchmod(fd, (mode_t)mode) == -1)
		goto fail;
	while (off < len) {
		ssize_t n = write(fd, p + off, len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)n;
	}
	if (fsync(fd) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (backup && access(path, F_OK) == 0) {
		char *bak = xasprintf("%s~", path);

		if (unlink(bak) == -1 && errno != ENOENT) {
			free(bak);
			goto fail;
		}
		if (link(path, bak) == -1 && file_copy(path, bak) == -1) {
			free(bak);
			goto fail;
		}
		free(bak);
	}
	if (rename(tmp, path) == -1)
		goto fail;
	free(tmp);
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash != NULL) {
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
		if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
			(void)fsync(dfd);
			close(dfd);
		}
	}
	free(dir);
	return 0;
fail:
	str_fmt(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	return -1;
}

int
file_check_private(const char *path, const char *what, char *err,
    size_t errlen)
{
	struct stat st;

	if (stat(path, &st) == -1)
		return 0;
	if ((st.st_mode & 077) == 0 && st.st_uid == getuid())
		return 0;
	if (st.st_uid != getuid())
		str_fmt(err, errlen, _("the %s %s holds secrets and belongs to "
		    "another user; refusing to use it"), what, path);
	else
		str_fmt(err, errlen, _("the %s %s holds secrets and is "
		    "readable by group or others; refusing to use it.  Fix it "
		    "with: chmod 600 %s"), what, path, path);
	return -1;
}
