/*
 * export.c: a RouterOS CLI export of the live configuration, and the
 * /export commands.
 *
 * The text is generated from the tables each time, so every change made over
 * the API shows up: a "# <date> by RouterOS <version>" header, then one
 * section per menu ("/ip firewall filter" and its "add" lines in table order,
 * "set" lines for singletons, ethernet interfaces and services), arguments in
 * alphabetical order with only non-default values, yes/no booleans, values
 * quoted and escaped like RouterOS (non-ASCII bytes as \XX), long lines
 * wrapped with " \" continuations.  Dynamic rows are not exported.
 *
 * A plain /export over the API returns only !done on every profile (6.43+
 * behaviour, reference section 6.6); the text comes from /export =file= or,
 * on 7.x, from /execute =script=/export =as-string=.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "simint.h"

#define LINE_MAX_COLS	79

enum ex_mode { EX_ADD, EX_SET, EX_IFACE, EX_SERVICE, EX_GROUP };

static const struct {
	const char	*path;
	enum ex_mode	 mode;
	const char	*defaults;	/* EX_SET: factory values */
	const char	*skip;		/* never exported */
} ex_order[] = {
	{ "/interface/bridge", EX_ADD, NULL, NULL },
	{ "/interface", EX_IFACE, NULL, NULL },
	{ "/interface/list", EX_ADD, NULL, NULL },
	{ "/ip/pool", EX_ADD, NULL, NULL },
	{ "/ip/dhcp-server", EX_ADD, NULL, NULL },
	{ "/interface/bridge/port", EX_ADD, NULL, NULL },
	{ "/interface/list/member", EX_ADD, NULL, NULL },
	{ "/ip/address", EX_ADD, NULL, NULL },
	{ "/ip/dhcp-client", EX_ADD, NULL, NULL },
	{ "/ip/dhcp-server/lease", EX_ADD, NULL, NULL },
	{ "/ip/dhcp-server/network", EX_ADD, NULL, NULL },
	{ "/ip/dns", EX_SET, "servers=|allow-remote-requests=false"
	  "|cache-size=2048KiB|cache-max-ttl=1w|max-udp-packet-size=4096"
	  "|query-server-timeout=2s|query-total-timeout=10s"
	  "|max-concurrent-queries=100|max-concurrent-tcp-sessions=20"
	  "|use-doh-server=|verify-doh-cert=false", NULL },
	{ "/ip/dns/static", EX_ADD, NULL, NULL },
	{ "/ip/firewall/address-list", EX_ADD, NULL, NULL },
	{ "/ip/firewall/filter", EX_ADD, NULL, NULL },
	{ "/ip/firewall/nat", EX_ADD, NULL, NULL },
	{ "/ip/firewall/mangle", EX_ADD, NULL, NULL },
	{ "/ip/route", EX_ADD, NULL, NULL },
	{ "/ip/service", EX_SERVICE, NULL, NULL },
	{ "/system/clock", EX_SET, "time-zone-autodetect=true"
	  "|time-zone-name=manual", "time date" },
	{ "/system/identity", EX_SET, "name=MikroTik", NULL },
	{ "/system/ntp/client", EX_SET, "enabled=false|mode=unicast|servers="
	  "|vrf=main|primary-ntp=0.0.0.0|secondary-ntp=0.0.0.0"
	  "|server-dns-names=", NULL },
	{ "/system/scheduler", EX_ADD, NULL, NULL },
	{ "/system/script", EX_ADD, NULL, NULL },
	{ "/user/group", EX_GROUP, NULL, NULL },
};

static const struct {
	const char	*name;
	const char	*port;
	const char	*disabled;
} svc_defaults[] = {
	{ "telnet", "23", "false" }, { "ftp", "21", "false" },
	{ "www", "80", "false" }, { "ssh", "22", "false" },
	{ "www-ssl", "443", "true" }, { "api", "8728", "false" },
	{ "winbox", "8291", "false" }, { "api-ssl", "8729", "false" },
};

struct exline {
	struct buf	*out;
	size_t		 col;
};

static void put_value(struct buf *b, const char *v, size_t len);
static void line_start(struct exline *l, struct buf *out, const char *w);
static void line_arg(struct exline *l, const char *name, const char *v,
    size_t len);
static void line_end(struct exline *l);
static int arg_cmp(const void *a, const void *b);
static void export_row(struct buf *out, const struct menu *m,
    const struct srow *r, const char *verb, const char *target,
    const struct srow *defs, const char *skip);
static void export_menu(struct sim *sim, struct buf *out, size_t oi);
static void section(struct buf *out, const char *path, int *opened);

/* A value as the CLI writes it: quoted when needed, escaped. */
static void
put_value(struct buf *b, const char *v, size_t len)
{
	size_t i;
	int quote = len == 0;

	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)v[i];

		if (ch <= ' ' || ch >= 0x7F || strchr("\"$\\;[]{}()=?#'",
		    ch) != NULL)
			quote = 1;
	}
	if (len == 0) {
		buf_adds(b, "\"\"");
		return;
	}
	if (quote)
		buf_addc(b, '"');
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)v[i];

		if (ch == '"' || ch == '\\' || ch == '$' || ch == '?') {
			buf_addc(b, '\\');
			buf_addc(b, (char)ch);
		} else if (ch == '\n')
			buf_adds(b, "\\n");
		else if (ch == '\r')
			buf_adds(b, "\\r");
		else if (ch == '\t')
			buf_adds(b, "\\t");
		else if (ch < ' ' || ch >= 0x7F)
			buf_printf(b, "\\%02X", ch);
		else
			buf_addc(b, (char)ch);
	}
	if (quote)
		buf_addc(b, '"');
}

/* Begin a command line ("add", "set ..."). */
static void
line_start(struct exline *l, struct buf *out, const char *w)
{
	l->out = out;
	buf_adds(out, w);
	l->col = strlen(w);
}

/* Append " name=value", wrapping before it when the line gets long. */
static void
line_arg(struct exline *l, const char *name, const char *v, size_t len)
{
	struct buf a;

	buf_init(&a);
	buf_printf(&a, "%s=", name);
	put_value(&a, v, len);
	if (l->col + 1 + a.len > LINE_MAX_COLS && l->col > 4) {
		buf_adds(l->out, " \\\n    ");
		l->col = 4;
	} else {
		buf_addc(l->out, ' ');
		l->col++;
	}
	buf_add(l->out, a.p, a.len);
	l->col += a.len;
	buf_free(&a);
}

/* End a command line. */
static void
line_end(struct exline *l)
{
	buf_addc(l->out, '\n');
}

/* qsort order of fields by name. */
static int
arg_cmp(const void *a, const void *b)
{
	const struct sfield *x = *(const struct sfield *const *)a;
	const struct sfield *y = *(const struct sfield *const *)b;

	return strcmp(x->name, y->name);
}

/* One "add ..." or "set ..." line with the row's non-default values. */
static void
export_row(struct buf *out, const struct menu *m, const struct srow *r,
    const char *verb, const char *target, const struct srow *defs,
    const char *skip)
{
	const struct sfield **v = xcalloc(r->n + 1, sizeof *v);
	struct exline l;
	size_t i, n = 0;

	for (i = 0; i < r->n; i++) {
		const struct sfield *f = &r->f[i];
		const char *d = defs != NULL ? row_get(defs, f->name) : NULL;

		if (!menu_field_ok(m, f->name) || menu_field_in(skip, f->name))
			continue;
		if (m->hidden != NULL && menu_field_in(m->hidden, f->name))
			continue;
		if (d != NULL && strlen(d) == f->len &&
		    memcmp(d, f->val, f->len) == 0)
			continue;
		if (d == NULL && f->len == 0)
			continue;
		if (d == NULL && strcmp(f->name, "disabled") == 0 &&
		    strcmp(f->val, "false") == 0)
			continue;
		v[n++] = f;
	}
	if (n == 0 && strcmp(verb, "set") == 0) {
		free(v);
		return;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, arg_cmp);
	line_start(&l, out, verb);
	if (target != NULL) {
		buf_addc(out, ' ');
		buf_adds(out, target);
		l.col += 1 + strlen(target);
	}
	for (i = 0; i < n; i++) {
		const char *val = v[i]->val;
		size_t len = v[i]->len;

		if (len == 4 && memcmp(val, "true", 4) == 0)
			val = "yes", len = 3;
		else if (len == 5 && memcmp(val, "false", 5) == 0)
			val = "no", len = 2;
		line_arg(&l, v[i]->name, val, len);
	}
	line_end(&l);
	free(v);
}

/* Print the "/ip firewall filter" header once. */
static void
section(struct buf *out, const char *path, int *opened)
{
	const char *p;

	if (*opened)
		return;
	*opened = 1;
	buf_addc(out, '/');
	for (p = path + 1; *p != '\0'; p++)
		buf_addc(out, *p == '/' ? ' ' : *p);
	buf_addc(out, '\n');
}

/* The lines of one menu of ex_order. */
static void
export_menu(struct sim *sim, struct buf *out, size_t oi)
{
	struct stable *t = sim_table(sim, ex_order[oi].path);
	struct srow *defs;
	size_t i;
	int opened = 0;

	if (t == NULL || t->n == 0)
		return;
	defs = row_new(0);
	row_parse(defs, ex_order[oi].mode == EX_SET ?
	    ex_order[oi].defaults : t->m->defaults);
	for (i = 0; i < t->n; i++) {
		const struct srow *r = t->rows[i];
		const char *dyn = row_get(r, "dynamic");
		char *target;

		if (dyn != NULL && strcmp(dyn, "true") == 0)
			continue;
		switch (ex_order[oi].mode) {
		case EX_ADD:
			section(out, t->m->path, &opened);
			export_row(out, t->m, r, "add", NULL, defs, NULL);
			break;
		case EX_SET: {
			struct buf tmp;

			buf_init(&tmp);
			export_row(&tmp, t->m, r, "set", NULL, defs,
			    ex_order[oi].skip);
			if (tmp.len > 0) {
				section(out, t->m->path, &opened);
				buf_add(out, tmp.p, tmp.len);
			}
			buf_free(&tmp);
			break;
		}
		case EX_IFACE: {
			const char *type = row_get(r, "type");
			const char *dn = row_get(r, "default-name");
			struct srow *d;
			struct buf tmp;

			if (type == NULL || strcmp(type, "ether") != 0 ||
			    dn == NULL)
				break;
			d = row_new(0);
			row_parse(d, "mtu=1500|l2mtu=1598|arp=enabled"
			    "|disabled=false");
			row_sets(d, "name", dn);
			row_sets(d, "mac-address", row_get(r, "mac-address"));
			target = xasprintf("[ find default-name=%s ]", dn);
			buf_init(&tmp);
			export_row(&tmp, t->m, r, "set", target, d, NULL);
			if (tmp.len > 0) {
				if (!opened) {
					buf_adds(out, "/interface ethernet\n");
					opened = 1;
				}
				buf_add(out, tmp.p, tmp.len);
			}
			buf_free(&tmp);
			free(target);
			row_free(d);
			break;
		}
		case EX_SERVICE: {
			const char *name = row_get(r, "name");
			struct srow *d = row_new(0);
			struct buf tmp;
			size_t j;

			row_parse(d, "address=|certificate=none"
			    "|tls-version=any|vrf=main|max-sessions=20");
			for (j = 0; j < TD_ARRAY_LEN(svc_defaults); j++) {
				if (name == NULL ||
				    strcmp(svc_defaults[j].name, name) != 0)
					continue;
				row_sets(d, "port", svc_defaults[j].port);
				row_sets(d, "disabled",
				    svc_defaults[j].disabled);
			}
			buf_init(&tmp);
			export_row(&tmp, t->m, r, "set", name, d, NULL);
			if (tmp.len > 0) {
				section(out, t->m->path, &opened);
				buf_add(out, tmp.p, tmp.len);
			}
			buf_free(&tmp);
			row_free(d);
			break;
		}
		case EX_GROUP: {
			const char *name = row_get(r, "name");

			if (name == NULL || strcmp(name, "read") == 0 ||
			    strcmp(name, "write") == 0 ||
			    strcmp(name, "full") == 0)
				break;
			section(out, t->m->path, &opened);
			export_row(out, t->m, r, "add", NULL, defs, NULL);
			break;
		}
		}
	}
	row_free(defs);
}

/* The export of every menu under prefix ("" = the whole configuration). */
char *
export_text(struct sim *sim, const char *prefix)
{
	struct buf out;
	struct stable *res, *rb;
	char when[48], ver[32];
	size_t i, pl = strlen(prefix);

	buf_init(&out);
	pthread_rwlock_rdlock(&sim->db);
	res = sim_table(sim, "/system/resource");
	rb = sim_table(sim, "/system/routerboard");
	str_copy(ver, sizeof ver, res != NULL && res->n > 0 ?
	    row_get(res->rows[0], "version") : "7.18.2");
	ver[strcspn(ver, " ")] = '\0';
	motion_fmt_datetime(sim, motion_wall(sim), when, sizeof when);
	buf_printf(&out, "# %s by RouterOS %s\n", when, ver);
	if (rb != NULL && rb->n > 0) {
		const struct srow *r = rb->rows[0];

		buf_printf(&out, "# software id = %04llX-%04llX\n#\n",
		    (unsigned long long)(motion_hash(sim->seed, 0x50F7, 1) &
		    0xFFFF), (unsigned long long)(motion_hash(sim->seed,
		    0x50F7, 2) & 0xFFFF));
		buf_printf(&out, "# model = %s\n# serial number = %s\n",
		    row_get(r, "model"), row_get(r, "serial-number"));
	} else
		buf_adds(&out, "# software id =\n#\n");
	for (i = 0; i < TD_ARRAY_LEN(ex_order); i++) {
		const char *p = ex_order[i].path;

		if (strncmp(p, prefix, pl) != 0 || (p[pl] != '\0' &&
		    p[pl] != '/' && pl > 0))
			continue;
		export_menu(sim, &out, i);
	}
	pthread_rwlock_unlock(&sim->db);
	return buf_steal(&out, NULL);
}

/* /export [=file=] and /<menu>/export. */
void
export_cmd(struct conn *c, struct req *r, const char *prefix)
{
	char *file = req_attr_dup(r, "file"), *text, *name;

	if (!cmds_check_args(c, r, "file compact verbose terse "
	    "show-sensitive hide-sensitive"))
		goto out;
	if (!cmds_need_policy(c, r, file != NULL ? "write" : "read"))
		goto out;
	if (file == NULL) {
		/* The text would go to a console the API does not have. */
		out_done(c, r->tag);
		goto out;
	}
	text = export_text(c->sim, prefix);
	name = strlen(file) > 4 && strcmp(file + strlen(file) - 4, ".rsc") ==
	    0 ? xstrdup(file) : xasprintf("%s.rsc", file);
	pthread_rwlock_wrlock(&c->sim->db);
	files_put(c->sim, name, "script", text, strlen(text));
	pthread_rwlock_unlock(&c->sim->db);
	out_done(c, r->tag);
	free(name);
	free(text);
out:
	free(file);
}
