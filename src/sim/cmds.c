/*
 * cmds.c: command dispatch and the generic menu commands: print/getall,
 * add, set, unset, remove, enable, disable, comment, move, get, listen.
 * Trap texts follow the protocol reference section 4.3.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "simint.h"

#define MSG_NOITEM	"no such item (4)"
#define MSG_NOPERM	"not enough permissions (9)"
#define MSG_NOCMD	"no such command"
#define MSG_UNKPARAM	"unknown parameter"
#define MSG_BUILTIN	"cannot move builtin"

enum gen_cmd {
	G_PRINT, G_ADD, G_SET, G_UNSET, G_REMOVE, G_ENABLE, G_DISABLE,
	G_COMMENT, G_MOVE, G_GET, G_LISTEN, G_NONE
};

static const struct {
	const char	*name;
	enum gen_cmd	 cmd;
} gen_cmds[] = {
	{ "print", G_PRINT }, { "getall", G_PRINT }, { "add", G_ADD },
	{ "set", G_SET }, { "unset", G_UNSET }, { "remove", G_REMOVE },
	{ "enable", G_ENABLE }, { "disable", G_DISABLE },
	{ "comment", G_COMMENT }, { "move", G_MOVE }, { "get", G_GET },
	{ "listen", G_LISTEN },
};

static int dir_known(struct sim *sim, const char *dir);
static int dispatch_special(struct conn *c, struct req *r, const char *path);
static void unknown_menu(struct conn *c, struct req *r, const char *dir);
static int cmd_allowed(const struct menu *m, enum gen_cmd g);
static int need_policy(struct conn *c, struct req *r, const char *policy);
static int check_params(struct conn *c, struct req *r, const struct menu *m,
    const char *extra);
static void cmd_print(struct conn *c, struct req *r, int menu);
static void cmd_add(struct conn *c, struct req *r, int menu);
static void cmd_modify(struct conn *c, struct req *r, int menu,
    enum gen_cmd g);
static void cmd_remove(struct conn *c, struct req *r, int menu);
static void cmd_move(struct conn *c, struct req *r, int menu);
static void cmd_get(struct conn *c, struct req *r, int menu);
static struct srow **resolve_ids(struct sim *sim, struct stable *t,
    const struct tword *ids, size_t *n, int *generated);
static int check_ifrefs(struct conn *c, struct req *r,
    const struct menu *m);
static int check_dup(struct stable *t, const struct srow *cand,
    const struct srow *self);
static void apply_attrs(struct srow *row, struct req *r,
    const struct srow *defaults);
static void norm_value(const struct srow *row, const struct srow *defaults,
    const char *name, const struct tword *v, char **out, uint32_t *len);
static int is_true(const char *v);
static uint64_t count_matches(struct conn *c, int menu,
    const struct query *q);

/* Is dir a menu (or a directory above one) on this router? */
static int
dir_known(struct sim *sim, const char *dir)
{
	size_t i, n = strlen(dir);

	if (n == 0)
		return 1;
	for (i = 0; i < sim_nmenus; i++) {
		const char *p = sim_menus[i].path;

		if (!sim->tables[i].present)
			continue;
		if (strncmp(p, dir, n) == 0 && (p[n] == '\0' || p[n] == '/'))
			return 1;
	}
	return 0;
}

/* The two traps of an unknown menu, naming the first unknown segment. */
static void
unknown_menu(struct conn *c, struct req *r, const char *dir)
{
	char *d = xstrdup(dir), *p = d + 1, *msg;

	for (;;) {
		char *slash = strchr(p, '/'), save = '\0';

		if (slash != NULL) {
			save = *slash;
			*slash = '\0';
		}
		if (!dir_known(c->sim, d) || slash == NULL) {
			const char *seg = strrchr(d, '/') + 1;

			msg = xasprintf("no such command or directory (%s)",
			    seg);
			break;
		}
		*slash = save;
		p = slash + 1;
	}
	out_trap(c, r->tag, -1, msg);
	out_trap(c, r->tag, -1, "no such command prefix");
	out_done(c, r->tag);
	free(msg);
	free(d);
}

/* Does the menu offer this generic command? */
static int
cmd_allowed(const struct menu *m, enum gen_cmd g)
{
	switch (g) {
	case G_PRINT:
	case G_LISTEN:
	case G_GET:
		return 1;
	case G_SET:
	case G_UNSET:
		return !(m->flags & MF_READONLY);
	case G_ADD:
		return !(m->flags & (MF_READONLY | MF_SINGLE | MF_NOADD));
	case G_REMOVE:
		return !(m->flags & (MF_READONLY | MF_SINGLE | MF_NOREMOVE));
	case G_ENABLE:
	case G_DISABLE:
	case G_COMMENT:
		return !(m->flags & (MF_READONLY | MF_SINGLE));
	case G_MOVE:
		return (m->flags & MF_MOVABLE) != 0;
	case G_NONE:
	default:
		return 0;
	}
}

/* Trap unless the user's group grants policy; returns 1 when allowed. */
static int
need_policy(struct conn *c, struct req *r, const char *policy)
{
	int ok;

	pthread_rwlock_rdlock(&c->sim->db);
	ok = sim_has_policy(c->sim, c->group, policy);
	pthread_rwlock_unlock(&c->sim->db);
	if (!ok) {
		out_trap(c, r->tag, -1, MSG_NOPERM);
		out_done(c, r->tag);
	}
	return ok;
}

/* Trap "unknown parameter" unless every argument is a field of m or one
 * of extra; returns 1 when all are known. */
static int
check_params(struct conn *c, struct req *r, const struct menu *m,
    const char *extra)
{
	size_t i;

	for (i = 0; i < r->na; i++) {
		char *n = word_dup(&r->a[i].name);
		int ok = (m != NULL && menu_field_ok(m, n)) ||
		    menu_field_in(extra, n);

		free(n);
		if (!ok) {
			out_trap(c, r->tag, -1, MSG_UNKPARAM);
			out_done(c, r->tag);
			return 0;
		}
	}
	return 1;
}

/* Does menu m offer the generic command name? */
int
cmds_menu_has(const struct menu *m, const char *name)
{
	size_t i;

	for (i = 0; i < TD_ARRAY_LEN(gen_cmds); i++)
		if (strcmp(gen_cmds[i].name, name) == 0)
			return cmd_allowed(m, gen_cmds[i].cmd);
	return strcmp(name, "export") == 0 && !(m->flags & MF_READONLY);
}

/* The i-th generic command name, NULL past the end. */
const char *
cmds_generic_name(size_t i)
{
	if (i < TD_ARRAY_LEN(gen_cmds))
		return gen_cmds[i].name;
	return i == TD_ARRAY_LEN(gen_cmds) ? "export" : NULL;
}

/* Exported wrappers for the command files. */
int
cmds_need_policy(struct conn *c, struct req *r, const char *policy)
{
	return need_policy(c, r, policy);
}

/* Trap "unknown parameter" unless every argument is in allowed. */
int
cmds_check_args(struct conn *c, struct req *r, const char *allowed)
{
	return check_params(c, r, NULL, allowed);
}

/* The unknown-menu traps. */
void
cmds_unknown_menu(struct conn *c, struct req *r, const char *dir)
{
	unknown_menu(c, r, dir);
}

/* Rows named by ids or names. */
struct srow **
cmds_resolve_ids(struct sim *sim, struct stable *t, const struct tword *ids,
    size_t *n, int *generated)
{
	return resolve_ids(sim, t, ids, n, generated);
}

/* Commands outside the generic menu commands; 1 when handled. */
static int
dispatch_special(struct conn *c, struct req *r, const char *path)
{
	enum sim_profile prof = c->sim->prof;
	size_t n = strlen(path);

	if (strcmp(path, "/console/inspect") == 0) {
		if (prof < PROF_717)
			unknown_menu(c, r, "/console");
		else
			inspect_cmd(c, r);
	} else if (strncmp(path, "/safe-mode/", 11) == 0) {
		if (prof < PROF_718)
			unknown_menu(c, r, "/safe-mode");
		else
			safemode_cmd(c, r, path + 11);
	} else if (strcmp(path, "/export") == 0)
		export_cmd(c, r, "");
	else if (n > 7 && strcmp(path + n - 7, "/export") == 0) {
		char *dir = xstrndup(path, n - 7);
		int mi = menu_index(dir);

		if (!dir_known(c->sim, dir))
			unknown_menu(c, r, dir);
		else if (mi >= 0 && (sim_menus[mi].flags & MF_READONLY)) {
			out_trap(c, r->tag, -1, MSG_NOCMD);
			out_done(c, r->tag);
		} else
			export_cmd(c, r, dir);
		free(dir);
	} else if (strcmp(path, "/execute") == 0)
		script_execute(c, r);
	else if (strcmp(path, "/system/script/run") == 0)
		script_run_cmd(c, r);
	else if (strcmp(path, "/undo") == 0)
		undo_cmd(c, r);
	else if (strcmp(path, "/system/backup/save") == 0)
		files_backup_save(c, r);
	else if (strcmp(path, "/file/read") == 0) {
		if (prof < PROF_717) {
			out_trap(c, r->tag, -1, MSG_NOCMD);
			out_done(c, r->tag);
		} else
			files_read(c, r);
	} else if (strcmp(path, "/system/reboot") == 0) {
		if (check_params(c, r, NULL, "") &&
		    need_policy(c, r, "reboot"))
			sim_reboot(c->sim);
	} else if (strcmp(path, "/tool/torch") == 0) {
		if (need_policy(c, r, "read"))
			torch_start(c, r);
	} else if (strcmp(path, "/tool/traceroute") == 0 ||
	    strcmp(path, "/traceroute") == 0) {
		if (need_policy(c, r, "read"))
			trace_start(c, r);
	} else
		return 0;
	return 1;
}

/* Dispatch a request from a logged-in client. */
void
cmds_dispatch(struct conn *c, struct req *r)
{
	char *path = word_dup(&r->cmd), *slash, *dir, *name;
	enum gen_cmd g = G_NONE;
	int menu;
	size_t i;

	if (strcmp(path, "/ping") == 0 || strcmp(path, "/tool/ping") == 0) {
		stream_ping(c, r);
		free(path);
		return;
	}
	if (dispatch_special(c, r, path)) {
		free(path);
		return;
	}
	if (strcmp(path, "/interface/monitor-traffic") == 0) {
		if (need_policy(c, r, "read"))
			stream_monitor(c, r);
		free(path);
		return;
	}
	slash = strrchr(path, '/');
	name = slash + 1;
	dir = xstrndup(path, (size_t)(slash - path));
	if (!dir_known(c->sim, dir)) {
		unknown_menu(c, r, dir);
		goto out;
	}
	menu = menu_index(dir);
	for (i = 0; i < TD_ARRAY_LEN(gen_cmds); i++)
		if (strcmp(gen_cmds[i].name, name) == 0)
			g = gen_cmds[i].cmd;
	if (menu < 0 || !c->sim->tables[menu].present ||
	    !cmd_allowed(&sim_menus[menu], g)) {
		out_trap(c, r->tag, -1, MSG_NOCMD);
		out_done(c, r->tag);
		goto out;
	}
	switch (g) {
	case G_PRINT:
		cmd_print(c, r, menu);
		break;
	case G_LISTEN:
		if (check_params(c, r, NULL, ".proplist") &&
		    need_policy(c, r, "read"))
			stream_listen(c, r, menu, 0, 0);
		break;
	case G_ADD:
		cmd_add(c, r, menu);
		break;
	case G_REMOVE:
		cmd_remove(c, r, menu);
		break;
	case G_MOVE:
		cmd_move(c, r, menu);
		break;
	case G_GET:
		cmd_get(c, r, menu);
		break;
	case G_SET:
	case G_UNSET:
	case G_ENABLE:
	case G_DISABLE:
	case G_COMMENT:
		cmd_modify(c, r, menu, g);
		break;
	case G_NONE:
	default:
		break;
	}
out:
	free(dir);
	free(path);
}

/* Print every matching row of menu (db read lock taken here); returns the
 * number of !re sent.  Generated routes are not included. */
uint64_t
cmds_print_pass(struct conn *c, int menu, const char *tag,
    const struct query *q, char **prop, size_t nprop, int64_t section)
{
	struct sim *sim = c->sim;
	struct stable *t = &sim->tables[menu];
	struct kvlist l;
	uint64_t n = 0;
	size_t i;

	kvl_init(&l);
	pthread_rwlock_rdlock(&sim->db);
	for (i = 0; i < t->n; i++) {
		table_render(sim, t, t->rows[i], &l);
		if (!query_match(q, &l))
			continue;
		out_row(c, tag, &l, prop, nprop, section);
		n++;
	}
	pthread_rwlock_unlock(&sim->db);
	kvl_free(&l);
	return n;
}

/* Count matching rows, generated routes included. */
static uint64_t
count_matches(struct conn *c, int menu, const struct query *q)
{
	struct sim *sim = c->sim;
	struct stable *t = &sim->tables[menu];
	struct kvlist l;
	uint64_t n = 0, i, gen;

	gen = (t->m->flags & MF_ROUTES) ? routes_count(sim) :
	    (t->m->flags & MF_CONNTRACK) ? conntrack_count(sim) : 0;
	pthread_rwlock_rdlock(&sim->db);
	if (query_empty(q))
		n = t->n;
	else {
		kvl_init(&l);
		for (i = 0; i < t->n; i++) {
			table_render(sim, t, t->rows[i], &l);
			n += query_match(q, &l);
		}
		kvl_free(&l);
	}
	pthread_rwlock_unlock(&sim->db);
	if (gen == 0)
		return n;
	if (query_empty(q))
		return n + gen;
	if (t->m->flags & MF_CONNTRACK) {
		kvl_init(&l);
		for (i = 0; i < gen; i++) {
			conntrack_render(sim, i, &l);
			n += query_match(q, &l);
		}
		kvl_free(&l);
		return n;
	}
	if (query_single_eq(q, "dst-address") != NULL)
		return n + (routes_find_dst(sim,
		    query_single_eq(q, "dst-address")) >= 0);
	kvl_init(&l);
	for (i = 0; i < gen; i++) {
		routes_render(sim, i, &l);
		n += query_match(q, &l);
	}
	kvl_free(&l);
	return n;
}

/* print / getall. */
static void
cmd_print(struct conn *c, struct req *r, int menu)
{
	struct sim *sim = c->sim;
	const struct menu *m = &sim_menus[menu];
	int logonly = (m->flags & MF_LOG) != 0;
	struct cmd *k;
	char *iv;

	if (!check_params(c, r, NULL, ".proplist count-only follow "
	    "follow-only interval detail stats without-paging terse brief "
	    "as-value value-list from where file append oid"))
		return;
	if (!need_policy(c, r, "read"))
		return;
	if (req_attr(r, "count-only") != NULL) {
		struct query *q = query_new(r->q, r->nq);
		char ret[24];

		snprintf(ret, sizeof ret, "%llu",
		    (unsigned long long)count_matches(c, menu, q));
		query_free(&q);
		out_done_ret(c, r->tag, ret);
		return;
	}
	if (req_attr(r, "follow-only") != NULL) {
		stream_listen(c, r, menu, 0, logonly);
		return;
	}
	if (req_attr(r, "follow") != NULL) {
		stream_listen(c, r, menu, 1, logonly);
		return;
	}
	if ((iv = req_attr_dup(r, "interval")) != NULL) {
		stream_interval(c, r, menu, parse_duration_ms(iv, 1000));
		free(iv);
		return;
	}
	k = cmd_new(r, CMD_GENPRINT, menu);
	k->sent = cmds_print_pass(c, menu, k->tag, k->q, k->prop, k->nprop,
	    -1);
	if (((m->flags & MF_ROUTES) && routes_count(sim) > 0) ||
	    ((m->flags & MF_CONNTRACK) && conntrack_count(sim) > 0)) {
		cmd_attach(c, k);
		return;
	}
	if (k->sent == 0 && sim->prof >= PROF_718)
		out_empty(c, k->tag);
	out_done(c, k->tag);
	cmd_free(k);
}

/* Is a value "true" (or yes)? */
static int
is_true(const char *v)
{
	return v != NULL && (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0);
}

/* yes/no become true/false where the field holds a boolean. */
static void
norm_value(const struct srow *row, const struct srow *defaults,
    const char *name, const struct tword *v, char **out, uint32_t *len)
{
	const char *cur = row != NULL ? row_get(row, name) : NULL;
	int boolean;

	if (cur == NULL && defaults != NULL)
		cur = row_get(defaults, name);
	boolean = strcmp(name, "disabled") == 0 || (cur != NULL &&
	    (strcmp(cur, "true") == 0 || strcmp(cur, "false") == 0));
	if (boolean && (word_eq(v, "yes") || word_eq(v, "true"))) {
		*out = xstrdup("true");
		*len = 4;
	} else if (boolean && (word_eq(v, "no") || word_eq(v, "false"))) {
		*out = xstrdup("false");
		*len = 5;
	} else {
		*out = word_dup(v);
		*len = v->len;
	}
}

/* Copy the request's field arguments into row. */
static void
apply_attrs(struct srow *row, struct req *r, const struct srow *defaults)
{
	size_t i;

	for (i = 0; i < r->na; i++) {
		char *n = word_dup(&r->a[i].name), *v;
		uint32_t len;

		if (strcmp(n, ".id") == 0 || strcmp(n, "numbers") == 0 ||
		    strcmp(n, "copy-from") == 0 ||
		    strcmp(n, "place-before") == 0) {
			free(n);
			continue;
		}
		norm_value(row, defaults, n, &r->a[i].val, &v, &len);
		row_set(row, n, v, len);
		free(v);
		free(n);
	}
}

/* Trap for an interface reference that names no interface (category 1);
 * returns 1 when all references are fine.  db lock held. */
static int
check_ifrefs(struct conn *c, struct req *r, const struct menu *m)
{
	struct stable *ifs = sim_table(c->sim, "/interface");
	size_t i;

	for (i = 0; i < r->na; i++) {
		char *n = word_dup(&r->a[i].name), *v, *msg;
		const char *name;

		if (!menu_field_in(m->ifrefs, n)) {
			free(n);
			continue;
		}
		v = word_dup(&r->a[i].val);
		name = v[0] == '!' ? v + 1 : v;
		if (*name == '\0' || table_find_name(ifs, name) != NULL) {
			free(v);
			free(n);
			continue;
		}
		msg = xasprintf("input does not match any value of %s", n);
		out_trap(c, r->tag, 1, msg);
		out_done(c, r->tag);
		free(msg);
		free(v);
		free(n);
		return 0;
	}
	return 1;
}

/* Would cand duplicate another row's key fields?  1 if so. */
static int
check_dup(struct stable *t, const struct srow *cand, const struct srow *self)
{
	const char *keys = t->m->keys;
	size_t i;

	if (keys == NULL)
		return 0;
	for (i = 0; i < t->n; i++) {
		const struct srow *o = t->rows[i];
		const char *p = keys;
		int same = 1;

		if (o == self || o->id == cand->id)
			continue;
		while (*p != '\0' && same) {
			size_t n = strcspn(p, " ");
			char *k = xstrndup(p, n);
			const char *a = row_get(cand, k), *b = row_get(o, k);

			if ((a == NULL) != (b == NULL) ||
			    (a != NULL && strcmp(a, b) != 0))
				same = 0;
			free(k);
			p += n;
			while (*p == ' ')
				p++;
		}
		if (same)
			return 1;
	}
	return 0;
}

/* add: =ret=*ID, or the menu's duplicate trap. */
static void
cmd_add(struct conn *c, struct req *r, int menu)
{
	struct sim *sim = c->sim;
	struct stable *t = &sim->tables[menu];
	const struct menu *m = t->m;
	struct srow *row, *defs, *before = NULL;
	const struct tword *pb = req_attr(r, "place-before");
	char ret[24];

	if (!check_params(c, r, m, "copy-from place-before"))
		return;
	if (!need_policy(c, r, "write"))
		return;
	pthread_rwlock_wrlock(&sim->db);
	if (!check_ifrefs(c, r, m))
		goto out;
	defs = row_new(0);
	row_parse(defs, m->defaults);
	row = row_new(t->next_id);
	row_parse(row, m->defaults);
	apply_attrs(row, r, defs);
	row_free(defs);
	if (m->fixup != NULL)
		m->fixup(sim, t, row);
	row_order_like(row, t->n > 0 ? t->rows[t->n - 1] : NULL, m->fields);
	if (check_dup(t, row, NULL) || (strcmp(m->path,
	    "/interface/bridge") == 0 && row_get(row, "name") != NULL &&
	    table_find_name(sim_table(sim, "/interface"),
	    row_get(row, "name")) != NULL)) {
		/* A bridge's name must be free among all interfaces. */
		out_trap(c, r->tag, -1, m->dupmsg != NULL ? m->dupmsg :
		    "failure: already have such entry");
		out_done(c, r->tag);
		row_free(row);
		goto out;
	}
	if (pb != NULL && (m->flags & MF_MOVABLE)) {
		size_t n = 0;
		int gen = 0;
		struct srow **v = resolve_ids(sim, t, pb, &n, &gen);

		if (v == NULL || n != 1) {
			out_trap(c, r->tag, -1, MSG_NOITEM);
			out_done(c, r->tag);
			row_free(row);
			free(v);
			goto out;
		}
		before = v[0];
		free(v);
	}
	journal_begin(sim);
	journal_note(sim, c, t, "added");
	t->next_id++;
	table_insert_at(t, before != NULL ? table_index(t, before) : t->n,
	    row);
	if (strcmp(m->path, "/interface/bridge") == 0) {
		/* A bridge is an interface too. */
		struct stable *ifs = sim_table(sim, "/interface");
		struct srow *ir;

		journal_note(sim, c, ifs, "added");
		ir = table_add(ifs, "type=bridge|mtu=auto"
		    "|actual-mtu=1500|l2mtu=65535|running=true|slave=false"
		    "|disabled=false");

		row_sets(ir, "name", row_get(row, "name"));
		sim_changed(sim, (int)(ifs->m - sim_menus), ir->id, 0);
	}
	sim_changed(sim, menu, row->id, 0);
	motion_log(sim, "system,info", "%s added by %s", m->label, c->user);
	snprintf(ret, sizeof ret, "*%X", row->id);
	out_done_ret(c, r->tag, ret);
out:
	pthread_rwlock_unlock(&sim->db);
}

/* Rows named by a comma list of ids (or names); NULL if any is unknown.
 * Generated routes count in *generated and are not returned. */
static struct srow **
resolve_ids(struct sim *sim, struct stable *t, const struct tword *ids,
    size_t *n, int *generated)
{
	char *s = word_dup(ids), *p = s, *tok;
	struct srow **v = NULL;
	size_t cnt = 0;

	*generated = 0;
	while ((tok = strsep(&p, ",")) != NULL) {
		struct srow *row = NULL;

		if (*tok == '\0')
			continue;
		if (tok[0] == '*') {
			char *end;
			unsigned long id = strtoul(tok + 1, &end, 16);

			if (*end == '\0' && end != tok + 1) {
				row = table_find_id(t, (uint32_t)id);
				if (row == NULL && (t->m->flags & MF_ROUTES) &&
				    routes_index_of(sim, (uint32_t)id) >= 0) {
					(*generated)++;
					continue;
				}
			}
		} else if (t->m->flags & MF_NAMED)
			row = table_find_name(t, tok);
		if (row == NULL) {
			free(v);
			free(s);
			return NULL;
		}
		v = xreallocarray(v, cnt + 1, sizeof *v);
		v[cnt++] = row;
	}
	free(s);
	*n = cnt;
	if (v == NULL)
		v = xcalloc(1, sizeof *v);
	return v;
}

/* set, unset, enable, disable, comment. */
static void
cmd_modify(struct conn *c, struct req *r, int menu, enum gen_cmd g)
{
	struct sim *sim = c->sim;
	struct stable *t = &sim->tables[menu];
	const struct menu *m = t->m;
	const struct tword *ids = req_attr(r, ".id");
	const struct tword *vn = req_attr(r, "value-name");
	struct srow **rows = NULL, *single;
	size_t n = 0, i;
	int gen = 0;
	const char *extra = g == G_SET ? ".id numbers" :
	    g == G_UNSET ? ".id numbers value-name" :
	    g == G_COMMENT ? ".id numbers comment" : ".id numbers";

	if (!check_params(c, r, g == G_SET ? m : NULL, extra))
		return;
	if (!need_policy(c, r, "write"))
		return;
	if (ids == NULL)
		ids = req_attr(r, "numbers");
	pthread_rwlock_wrlock(&sim->db);
	if (m->flags & MF_SINGLE) {
		single = t->n > 0 ? t->rows[0] : NULL;
		if (single == NULL) {
			out_trap(c, r->tag, -1, MSG_NOITEM);
			out_done(c, r->tag);
			goto out;
		}
		rows = xcalloc(1, sizeof *rows);
		rows[0] = single;
		n = 1;
	} else {
		if (ids == NULL) {
			out_trap(c, r->tag, 1, "missing value(s) of "
			    "argument(s) numbers");
			out_done(c, r->tag);
			goto out;
		}
		rows = resolve_ids(sim, t, ids, &n, &gen);
		if (rows == NULL) {
			out_trap(c, r->tag, -1, MSG_NOITEM);
			out_done(c, r->tag);
			goto out;
		}
		if (gen > 0) {
			out_trap(c, r->tag, -1, "failure: can not change "
			    "dynamic route");
			out_done(c, r->tag);
			goto out;
		}
	}
	if (g == G_SET && !check_ifrefs(c, r, m))
		goto out;
	if (g == G_UNSET && vn == NULL) {
		out_missing(c, r->tag, "value-name");
		goto out;
	}
	journal_begin(sim);
	journal_note(sim, c, t, g == G_ENABLE ? "enabled" : g == G_DISABLE ?
	    "disabled" : "changed");
	for (i = 0; i < n; i++) {
		struct srow *row = rows[i];

		switch (g) {
		case G_SET: {
			struct srow *cand = row_new(row->id);
			size_t j;

			for (j = 0; j < row->n; j++)
				row_set(cand, row->f[j].name, row->f[j].val,
				    row->f[j].len);
			apply_attrs(cand, r, NULL);
			if (m->fixup != NULL)
				m->fixup(sim, t, cand);
			if (check_dup(t, cand, row)) {
				row_free(cand);
				out_trap(c, r->tag, -1, m->dupmsg != NULL ?
				    m->dupmsg :
				    "failure: already have such entry");
				out_done(c, r->tag);
				goto out;
			}
			row_free(cand);
			apply_attrs(row, r, NULL);
			if (m->fixup != NULL)
				m->fixup(sim, t, row);
			break;
		}
		case G_UNSET: {
			char *name = word_dup(vn);

			row_del(row, name);
			free(name);
			break;
		}
		case G_ENABLE:
		case G_DISABLE:
			row_sets(row, "disabled", g == G_ENABLE ? "false" :
			    "true");
			if (m->fixup != NULL)
				m->fixup(sim, t, row);
			break;
		case G_COMMENT: {
			const struct tword *cm = req_attr(r, "comment");

			if (cm != NULL)
				row_set(row, "comment", cm->p, cm->len);
			else
				row_del(row, "comment");
			break;
		}
		default:
			break;
		}
		sim_changed(sim, menu, row->id, 0);
	}
	motion_log(sim, "system,info", "%s changed by %s", m->label, c->user);
	out_done(c, r->tag);
out:
	free(rows);
	pthread_rwlock_unlock(&sim->db);
}

/* remove. */
static void
cmd_remove(struct conn *c, struct req *r, int menu)
{
	struct sim *sim = c->sim;
	struct stable *t = &sim->tables[menu];
	const struct tword *ids = req_attr(r, ".id");
	struct srow **rows;
	size_t n = 0, i;
	int gen = 0;

	if (!check_params(c, r, NULL, ".id numbers"))
		return;
	if (!need_policy(c, r, "write"))
		return;
	if (ids == NULL)
		ids = req_attr(r, "numbers");
	if (ids == NULL) {
		out_missing(c, r->tag, "numbers");
		return;
	}
	pthread_rwlock_wrlock(&sim->db);
	rows = resolve_ids(sim, t, ids, &n, &gen);
	if (rows == NULL) {
		out_trap(c, r->tag, -1, MSG_NOITEM);
		out_done(c, r->tag);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (is_true(row_get(rows[i], "dynamic")) &&
		    !(t->m->flags & MF_DYNREMOVE))
			gen++;
	}
	if (gen > 0) {
		out_trap(c, r->tag, -1, "failure: can not remove dynamic "
		    "entry");
		out_done(c, r->tag);
		goto out;
	}
	journal_begin(sim);
	journal_note(sim, c, t, "removed");
	for (i = 0; i < n; i++) {
		size_t at = table_index(t, rows[i]);
		uint32_t id = rows[i]->id;

		if (at == t->n)
			continue;	/* listed twice */
		table_remove_at(t, at);
		row_free(rows[i]);
		sim_changed(sim, menu, id, 1);
	}
	motion_log(sim, "system,info", "%s removed by %s", t->m->label,
	    c->user);
	out_done(c, r->tag);
out:
	free(rows);
	pthread_rwlock_unlock(&sim->db);
}

/* move =numbers= [=destination=]. */
static void
cmd_move(struct conn *c, struct req *r, int menu)
{
	struct sim *sim = c->sim;
	struct stable *t = &sim->tables[menu];
	const struct tword *ids = req_attr(r, "numbers");
	const struct tword *dst = req_attr(r, "destination");
	struct srow **rows = NULL, **d = NULL, *dest = NULL;
	size_t n = 0, nd = 0, i, at;
	int gen = 0;

	if (!check_params(c, r, NULL, ".id numbers destination"))
		return;
	if (!need_policy(c, r, "write"))
		return;
	if (ids == NULL)
		ids = req_attr(r, ".id");
	if (ids == NULL) {
		out_missing(c, r->tag, "numbers");
		return;
	}
	pthread_rwlock_wrlock(&sim->db);
	rows = resolve_ids(sim, t, ids, &n, &gen);
	if (dst != NULL && dst->len > 0)
		d = resolve_ids(sim, t, dst, &nd, &gen);
	if (rows == NULL || (dst != NULL && dst->len > 0 &&
	    (d == NULL || nd != 1))) {
		out_trap(c, r->tag, -1, MSG_NOITEM);
		out_done(c, r->tag);
		goto out;
	}
	if (d != NULL)
		dest = d[0];
	for (i = 0; i < n; i++)
		if (is_true(row_get(rows[i], "dynamic")))
			gen++;
	if (dest != NULL && is_true(row_get(dest, "dynamic")))
		gen++;
	if (gen > 0) {
		out_trap(c, r->tag, -1, MSG_BUILTIN);
		out_done(c, r->tag);
		goto out;
	}
	journal_begin(sim);
	journal_note(sim, c, t, "moved");
	for (i = 0; i < n; i++) {
		if (rows[i] == dest)
			continue;
		at = table_index(t, rows[i]);
		if (at < t->n)
			table_remove_at(t, at);
	}
	at = dest != NULL ? table_index(t, dest) : t->n;
	for (i = 0; i < n; i++) {
		if (rows[i] == dest || table_index(t, rows[i]) < t->n)
			continue;
		table_insert_at(t, at++, rows[i]);
		sim_changed(sim, menu, rows[i]->id, 0);
	}
	motion_log(sim, "system,info", "%s moved by %s", t->m->label,
	    c->user);
	out_done(c, r->tag);
out:
	free(rows);
	free(d);
	pthread_rwlock_unlock(&sim->db);
}

/* get =value-name= [=number=]: the value in !done =ret=. */
static void
cmd_get(struct conn *c, struct req *r, int menu)
{
	struct sim *sim = c->sim;
	struct stable *t = &sim->tables[menu];
	const struct tword *vn = req_attr(r, "value-name");
	const struct tword *ids = req_attr(r, "number");
	struct srow *row = NULL, **rows = NULL;
	struct kvlist l;
	const struct kv *e;
	size_t n = 0;
	int gen = 0;

	if (!check_params(c, r, NULL, ".id number numbers value-name"))
		return;
	if (!need_policy(c, r, "read"))
		return;
	if (ids == NULL)
		ids = req_attr(r, ".id");
	if (ids == NULL)
		ids = req_attr(r, "numbers");
	kvl_init(&l);
	pthread_rwlock_rdlock(&sim->db);
	if (t->m->flags & MF_SINGLE)
		row = t->n > 0 ? t->rows[0] : NULL;
	else if (ids != NULL) {
		rows = resolve_ids(sim, t, ids, &n, &gen);
		row = rows != NULL && n == 1 ? rows[0] : NULL;
	}
	if (row == NULL) {
		out_trap(c, r->tag, -1, MSG_NOITEM);
		out_done(c, r->tag);
		goto out;
	}
	table_render(sim, t, row, &l);
	if (vn == NULL) {
		out_missing(c, r->tag, "value-name");
		goto out;
	} else {
		char *name = word_dup(vn);

		e = kvl_get(&l, name);
		free(name);
		out_begin(c, "!done", r->tag);
		out_attr(c, "ret", e != NULL ? e->val : "",
		    e != NULL ? e->len : 0);
		out_end(c);
	}
out:
	pthread_rwlock_unlock(&sim->db);
	kvl_free(&l);
	free(rows);
}
