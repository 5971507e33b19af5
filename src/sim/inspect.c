/*
 * inspect.c: /console/inspect (RouterOS 7 profiles): request=child lists
 * the children of a menu path, request=syntax describes a command or an
 * argument, request=completion offers completions.  Everything is derived
 * from the menu table (sim_menus, sim_xcmds) and its argument TYPEs, so the
 * description follows the simulated tree exactly.
 *
 * Row shapes:
 *   child:      type=self|child name= node-type=dir|cmd|arg
 *   syntax:     type=syntax symbol= symbol-type=explanation|definition
 *               nested= nonorm= text=
 *               (an argument gets an explanation row with its help text,
 *               then a definition row whose symbol is the type, e.g.
 *               "IP prefix", "integer 0..65535", "accept | drop | reject",
 *               "interface name", and whose text is its form, "A.B.C.D/M")
 *   completion: type=completion completion= style=dir|cmd|arg|none|obj-name
 *               show= preference= text=
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "simint.h"

enum node_kind { N_NONE, N_DIR, N_CMD, N_ARG };

struct node {
	enum node_kind	 kind;
	char		*path;		/* "/ip/address" or "/ip/address/add" */
	int		 menu;		/* of a dir or generic cmd, else -1 */
	const char	*cmd;		/* generic command name */
	const struct xcmd *x;		/* special command */
	char		*arg;
	char		*bad;		/* first unknown segment */
};

struct names {
	char		**v;
	size_t		 n;
};

static int dir_visible(struct sim *sim, const char *dir);
static const struct xcmd *xcmd_find(struct sim *sim, const char *path);
static void node_resolve(struct sim *sim, const char *segs, struct node *nd);
static void node_free(struct node *nd);
static void names_add(struct names *l, const char *s, size_t n);
static void names_free(struct names *l);
static int names_cmp(const void *a, const void *b);
static void dir_children(struct sim *sim, const char *dir, struct names *dirs,
    struct names *cmds);
static void add_words(struct names *l, const char *list);
static void cmd_args(const struct node *nd, struct names *args);
static const char *arg_type(const struct node *nd, const char *arg,
    size_t *len);
static const char *type_form(const char *type, size_t len);
static void do_child(struct conn *c, struct req *r, const struct node *nd,
    uint64_t *sent);
static void do_syntax(struct conn *c, struct req *r, const struct node *nd,
    uint64_t *sent);
static void do_completion(struct conn *c, struct req *r,
    const struct node *nd, const char *prefix, uint64_t *sent);
static void complete_values(struct conn *c, struct req *r,
    const struct node *nd, const char *prefix, uint64_t *sent);
static void put_row(struct conn *c, struct req *r, uint64_t *sent, ...);
static char *input_to_path(const char *input, char **prefix);

/* Is dir a directory of this router (a present menu or above one)? */
static int
dir_visible(struct sim *sim, const char *dir)
{
	size_t i, n = strlen(dir);

	if (n == 0)
		return 1;
	for (i = 0; i < sim_nmenus; i++) {
		const char *p = sim_menus[i].path;

		if (sim->tables[i].present && strncmp(p, dir, n) == 0 &&
		    (p[n] == '\0' || p[n] == '/'))
			return 1;
	}
	for (i = 0; i < sim_nxcmds; i++) {
		const char *p = sim_xcmds[i].path;

		if ((int)sim->prof >= sim_xcmds[i].minprof &&
		    strncmp(p, dir, n) == 0 && p[n] == '/')
			return 1;
	}
	return 0;
}

/* The special command at path on this profile, or NULL. */
static const struct xcmd *
xcmd_find(struct sim *sim, const char *path)
{
	size_t i;

	for (i = 0; i < sim_nxcmds; i++)
		if (strcmp(sim_xcmds[i].path, path) == 0 &&
		    (int)sim->prof >= sim_xcmds[i].minprof)
			return &sim_xcmds[i];
	return NULL;
}

/* Walk a "ip,address,add,interface" path. */
static void
node_resolve(struct sim *sim, const char *segs, struct node *nd)
{
	char *s = xstrdup(segs), *p = s, *seg;
	struct buf path;

	memset(nd, 0, sizeof *nd);
	nd->kind = N_DIR;
	nd->menu = -1;
	buf_init(&path);
	buf_adds(&path, "");
	while ((seg = strsep(&p, ",/ ")) != NULL) {
		size_t mark = path.len;

		if (*seg == '\0')
			continue;
		if (nd->kind == N_ARG) {
			nd->bad = xstrdup(seg);
			break;
		}
		if (nd->kind == N_CMD) {
			struct names a = { NULL, 0 };
			size_t i;
			int found = 0;

			cmd_args(nd, &a);
			for (i = 0; i < a.n; i++)
				if (strcmp(a.v[i], seg) == 0)
					found = 1;
			names_free(&a);
			if (!found) {
				nd->bad = xstrdup(seg);
				break;
			}
			nd->kind = N_ARG;
			nd->arg = xstrdup(seg);
			continue;
		}
		buf_addc(&path, '/');
		buf_adds(&path, seg);
		if ((nd->x = xcmd_find(sim, path.p)) != NULL) {
			nd->kind = N_CMD;
			continue;
		}
		if (dir_visible(sim, path.p)) {
			nd->menu = menu_index(path.p);
			if (nd->menu >= 0 && !sim->tables[nd->menu].present)
				nd->menu = -1;
			continue;
		}
		if (nd->menu >= 0 &&
		    cmds_menu_has(&sim_menus[nd->menu], seg)) {
			nd->kind = N_CMD;
			nd->cmd = cmds_generic_name(0);
			for (size_t i = 0; cmds_generic_name(i) != NULL; i++)
				if (strcmp(cmds_generic_name(i), seg) == 0)
					nd->cmd = cmds_generic_name(i);
			continue;
		}
		path.len = mark;
		path.p[mark] = '\0';
		nd->bad = xstrdup(seg);
		break;
	}
	nd->path = buf_steal(&path, NULL);
	free(s);
}

/* Free a node. */
static void
node_free(struct node *nd)
{
	free(nd->path);
	free(nd->arg);
	free(nd->bad);
	memset(nd, 0, sizeof *nd);
}

/* Append a name unless present. */
static void
names_add(struct names *l, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strlen(l->v[i]) == n && strncmp(l->v[i], s, n) == 0)
			return;
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = xstrndup(s, n);
}

/* Free a name list. */
static void
names_free(struct names *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* qsort order of names. */
static int
names_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Subdirectories and commands directly under dir. */
static void
dir_children(struct sim *sim, const char *dir, struct names *dirs,
    struct names *cmds)
{
	size_t i, n = strlen(dir);
	int mi = menu_index(dir);
	const char *g;

	for (i = 0; i < sim_nmenus; i++) {
		const char *p = sim_menus[i].path;

		if (!sim->tables[i].present || strncmp(p, dir, n) != 0 ||
		    p[n] != '/')
			continue;
		p += n + 1;
		names_add(dirs, p, strcspn(p, "/"));
	}
	for (i = 0; i < sim_nxcmds; i++) {
		const char *p = sim_xcmds[i].path;

		if ((int)sim->prof < sim_xcmds[i].minprof ||
		    strncmp(p, dir, n) != 0 || p[n] != '/')
			continue;
		p += n + 1;
		if (strchr(p, '/') != NULL)
			names_add(dirs, p, strcspn(p, "/"));
		else
			names_add(cmds, p, strlen(p));
	}
	if (mi >= 0 && sim->tables[mi].present)
		for (i = 0; (g = cmds_generic_name(i)) != NULL; i++)
			if (cmds_menu_has(&sim_menus[mi], g))
				names_add(cmds, g, strlen(g));
	if (dirs->n > 1)
		qsort(dirs->v, dirs->n, sizeof *dirs->v, names_cmp);
	if (cmds->n > 1)
		qsort(cmds->v, cmds->n, sizeof *cmds->v, names_cmp);
}

/* Add the words of a space separated list ("name" or "name:TYPE"). */
static void
add_words(struct names *l, const char *list)
{
	const char *p = list;

	while (p != NULL && *p != '\0') {
		size_t w = strcspn(p, " ");

		if (w > 0)
			names_add(l, p, strcspn(p, ": "));
		p += w;
		while (*p == ' ')
			p++;
	}
}

/* The arguments of a command node. */
static void
cmd_args(const struct node *nd, struct names *args)
{
	const struct menu *m = nd->menu >= 0 ? &sim_menus[nd->menu] : NULL;
	const char *g = nd->cmd;

	if (nd->x != NULL) {
		add_words(args, nd->x->args);
		return;
	}
	if (m == NULL || g == NULL)
		return;
	if (strcmp(g, "print") == 0 || strcmp(g, "getall") == 0)
		add_words(args, ".proplist count-only follow follow-only "
		    "interval detail without-paging");
	else if (strcmp(g, "add") == 0) {
		add_words(args, m->fields);
		add_words(args, "copy-from");
		if (m->flags & MF_MOVABLE)
			add_words(args, "place-before");
	} else if (strcmp(g, "set") == 0) {
		if (!(m->flags & MF_SINGLE))
			add_words(args, "numbers");
		add_words(args, m->fields);
	} else if (strcmp(g, "unset") == 0)
		add_words(args, "numbers value-name");
	else if (strcmp(g, "comment") == 0)
		add_words(args, "numbers comment");
	else if (strcmp(g, "move") == 0)
		add_words(args, "numbers destination");
	else if (strcmp(g, "get") == 0)
		add_words(args, "number value-name");
	else if (strcmp(g, "listen") == 0)
		add_words(args, ".proplist");
	else if (strcmp(g, "export") == 0)
		add_words(args, "file compact verbose terse show-sensitive");
	else
		add_words(args, "numbers");
	if (args->n > 1)
		qsort(args->v, args->n, sizeof *args->v, names_cmp);
}

/* The TYPE of an argument of a command node. */
static const char *
arg_type(const struct node *nd, const char *arg, size_t *len)
{
	if (nd->x != NULL) {
		size_t n = strlen(arg);
		const char *p = nd->x->args;

		while (*p != '\0') {
			size_t w = strcspn(p, " ");

			if (w > n + 1 && strncmp(p, arg, n) == 0 &&
			    p[n] == ':') {
				*len = w - n - 1;
				return p + n + 1;
			}
			p += w;
			while (*p == ' ')
				p++;
		}
		return menu_field_type(NULL, arg, len);
	}
	return menu_field_type(nd->menu >= 0 ? &sim_menus[nd->menu] : NULL,
	    arg, len);
}

/* How a value of a TYPE is written. */
static const char *
type_form(const char *type, size_t len)
{
	static const struct {
		const char	*code;
		const char	*form;
	} forms[] = {
		{ "ip", "A.B.C.D" }, { "pfx", "A.B.C.D/M" },
		{ "ipr", "[!]A.B.C.D[/M | -A.B.C.D]" },
		{ "ips", "A.B.C.D[,A.B.C.D...]" }, { "mac", "AB:CD:EF:01:23:45" },
		{ "time", "[Nw][Nd][Nh][Nm][Ns][Nms]" }, { "bool", "yes | no" },
		{ "date", "YYYY-MM-DD" }, { "tod", "HH:MM:SS | startup" },
		{ "port", "N[-M][,N[-M]...]" }, { "num", "N" },
		{ "script", "text" }, { "str", "text" },
		{ "m:pfx", "A.B.C.D/M[,A.B.C.D/M...]" },
	};
	size_t i;

	for (i = 0; i < TD_ARRAY_LEN(forms); i++)
		if (strlen(forms[i].code) == len &&
		    strncmp(forms[i].code, type, len) == 0)
			return forms[i].form;
	if (len > 4 && strncmp(type, "int:", 4) == 0)
		return "N";
	if (len > 4 && strncmp(type, "ref:", 4) == 0)
		return "name";
	return "value";
}

/* One !re of "name", "value" pairs ending in NULL. */
static void
put_row(struct conn *c, struct req *r, uint64_t *sent, ...)
{
	va_list ap;
	const char *n, *v;

	out_begin(c, "!re", r->tag);
	va_start(ap, sent);
	while ((n = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		out_attrs(c, n, v);
	}
	va_end(ap);
	out_end(c);
	(*sent)++;
}

/* request=child. */
static void
do_child(struct conn *c, struct req *r, const struct node *nd,
    uint64_t *sent)
{
	struct names dirs = { NULL, 0 }, cmds = { NULL, 0 };
	const char *self = strrchr(nd->path, '/');
	size_t i;

	if (nd->kind == N_ARG) {
		put_row(c, r, sent, "type", "self", "name", nd->arg,
		    "node-type", "arg", NULL);
		return;
	}
	put_row(c, r, sent, "type", "self", "name", self != NULL ? self + 1 :
	    "", "node-type", nd->kind == N_CMD ? "cmd" : "dir", NULL);
	if (nd->kind == N_CMD) {
		cmd_args(nd, &cmds);
		for (i = 0; i < cmds.n; i++)
			put_row(c, r, sent, "type", "child", "name", cmds.v[i],
			    "node-type", "arg", NULL);
		names_free(&cmds);
		return;
	}
	dir_children(c->sim, nd->path, &dirs, &cmds);
	for (i = 0; i < dirs.n; i++)
		put_row(c, r, sent, "type", "child", "name", dirs.v[i],
		    "node-type", "dir", NULL);
	for (i = 0; i < cmds.n; i++)
		put_row(c, r, sent, "type", "child", "name", cmds.v[i],
		    "node-type", "cmd", NULL);
	names_free(&dirs);
	names_free(&cmds);
}

/* request=syntax. */
static void
do_syntax(struct conn *c, struct req *r, const struct node *nd,
    uint64_t *sent)
{
	struct names args = { NULL, 0 };
	const char *self = strrchr(nd->path, '/');
	size_t i, tl;

	if (nd->kind == N_ARG) {
		const char *t = arg_type(nd, nd->arg, &tl);
		char *text = menu_type_text(t, tl);

		put_row(c, r, sent, "type", "syntax", "symbol", nd->arg,
		    "symbol-type", "explanation", "nested", "0", "nonorm",
		    "false", "text", menu_field_help(nd->arg), NULL);
		put_row(c, r, sent, "type", "syntax", "symbol", text,
		    "symbol-type", "definition", "nested", "1", "nonorm",
		    "true", "text", type_form(t, tl), NULL);
		free(text);
		return;
	}
	if (nd->kind == N_DIR) {
		put_row(c, r, sent, "type", "syntax", "symbol", self != NULL ?
		    self + 1 : "", "symbol-type", "explanation", "nested",
		    "0", "nonorm", "false", "text", "", NULL);
		return;
	}
	cmd_args(nd, &args);
	for (i = 0; i < args.n; i++)
		put_row(c, r, sent, "type", "syntax", "symbol", args.v[i],
		    "symbol-type", "explanation", "nested", "1", "nonorm",
		    "false", "text", menu_field_help(args.v[i]), NULL);
	names_free(&args);
}

/* Completions of an argument's value. */
static void
complete_values(struct conn *c, struct req *r, const struct node *nd,
    const char *prefix, uint64_t *sent)
{
	static const struct {
		const char	*ref;
		const char	*menu;
		const char	*field;
	} refs[] = {
		{ "interface", "/interface", "name" },
		{ "interface-list", "/interface/list", "name" },
		{ "bridge", "/interface/bridge", "name" },
		{ "pool", "/ip/pool", "name" },
		{ "dhcp-server", "/ip/dhcp-server", "name" },
		{ "address-list", "/ip/firewall/address-list", "list" },
		{ "group", "/user/group", "name" },
		{ "script", "/system/script", "name" },
	};
	size_t tl, i, pl = strlen(prefix);
	const char *t = arg_type(nd, nd->arg, &tl);
	struct names vals = { NULL, 0 };
	const char *style = "none";

	if (tl == 4 && strncmp(t, "bool", 4) == 0)
		add_words(&vals, "no yes");
	else if (tl > 2 && (t[0] == 'e' || t[0] == 'm') && t[1] == ':' &&
	    strncmp(t, "m:pfx", tl) != 0) {
		char *s = xstrndup(t + 2, tl - 2), *p;

		for (p = s; *p != '\0'; p++)
			if (*p == '|')
				*p = ' ';
		add_words(&vals, s);
		free(s);
	} else if (tl > 4 && strncmp(t, "ref:", 4) == 0) {
		pthread_rwlock_rdlock(&c->sim->db);
		for (i = 0; i < TD_ARRAY_LEN(refs); i++) {
			struct stable *tb;
			size_t j;

			if (strlen(refs[i].ref) != tl - 4 ||
			    strncmp(refs[i].ref, t + 4, tl - 4) != 0)
				continue;
			tb = sim_table(c->sim, refs[i].menu);
			for (j = 0; tb != NULL && j < tb->n; j++) {
				const char *v = row_get(tb->rows[j],
				    refs[i].field);

				if (v != NULL && *v != '\0')
					names_add(&vals, v, strlen(v));
			}
		}
		pthread_rwlock_unlock(&c->sim->db);
		style = "obj-name";
	} else {
		char *text = menu_type_text(t, tl);

		put_row(c, r, sent, "type", "completion", "completion", "",
		    "style", "syntax-meta", "show", "false", "preference",
		    "-1", "text", text, NULL);
		free(text);
		return;
	}
	for (i = 0; i < vals.n; i++)
		if (strncmp(vals.v[i], prefix, pl) == 0)
			put_row(c, r, sent, "type", "completion",
			    "completion", vals.v[i], "style", style, "show",
			    "true", "preference", "96", "text", "", NULL);
	names_free(&vals);
}

/* request=completion. */
static void
do_completion(struct conn *c, struct req *r, const struct node *nd,
    const char *prefix, uint64_t *sent)
{
	struct names dirs = { NULL, 0 }, cmds = { NULL, 0 };
	size_t i, pl = strlen(prefix);

	if (nd->kind == N_ARG) {
		complete_values(c, r, nd, prefix, sent);
		return;
	}
	if (nd->kind == N_CMD) {
		cmd_args(nd, &cmds);
		for (i = 0; i < cmds.n; i++)
			if (strncmp(cmds.v[i], prefix, pl) == 0)
				put_row(c, r, sent, "type", "completion",
				    "completion", cmds.v[i], "style", "arg",
				    "show", "true", "preference", "96", "text",
				    menu_field_help(cmds.v[i]), NULL);
		names_free(&cmds);
		return;
	}
	dir_children(c->sim, nd->path, &dirs, &cmds);
	for (i = 0; i < dirs.n; i++)
		if (strncmp(dirs.v[i], prefix, pl) == 0)
			put_row(c, r, sent, "type", "completion", "completion",
			    dirs.v[i], "style", "dir", "show", "true",
			    "preference", "96", "text", "", NULL);
	for (i = 0; i < cmds.n; i++)
		if (strncmp(cmds.v[i], prefix, pl) == 0)
			put_row(c, r, sent, "type", "completion", "completion",
			    cmds.v[i], "style", "cmd", "show", "true",
			    "preference", "80", "text", "", NULL);
	names_free(&dirs);
	names_free(&cmds);
}

/* Console input "/ip firewall filter add action=dr" as the path
 * "ip,firewall,filter,add,action" and the prefix "dr". */
static char *
input_to_path(const char *input, char **prefix)
{
	struct buf b;
	char *s = xstrdup(input), *p = s, *w, *last = NULL;
	size_t n = strlen(s);
	int trailing = n > 0 && s[n - 1] == ' ';

	buf_init(&b);
	buf_adds(&b, "");
	while ((w = strsep(&p, " ")) != NULL) {
		if (*w == '\0')
			continue;
		if (last != NULL) {
			buf_addc(&b, ',');
			buf_adds(&b, last);
		}
		last = w;
	}
	*prefix = xstrdup("");
	if (last != NULL) {
		char *eq = strchr(last, '=');

		if (trailing && eq == NULL) {
			buf_addc(&b, ',');
			buf_adds(&b, last);
		} else if (eq != NULL) {
			*eq = '\0';
			buf_addc(&b, ',');
			buf_adds(&b, last);
			free(*prefix);
			*prefix = xstrdup(eq + 1);
		} else {
			free(*prefix);
			*prefix = xstrdup(last);
		}
	}
	free(s);
	return buf_steal(&b, NULL);
}

/* /console/inspect =request= =path= [=input=]. */
void
inspect_cmd(struct conn *c, struct req *r)
{
	char *req = req_attr_dup(r, "request");
	char *path = req_attr_dup(r, "path");
	char *input = req_attr_dup(r, "input"), *prefix = NULL, *msg;
	struct node nd;
	uint64_t sent = 0;

	if (!cmds_check_args(c, r, "request path input .proplist"))
		goto out;
	if (req == NULL) {
		out_missing(c, r->tag, "request");
		goto out;
	}
	if (input != NULL && path == NULL)
		path = input_to_path(input, &prefix);
	node_resolve(c->sim, path != NULL ? path : "", &nd);
	if (nd.bad != NULL) {
		msg = xasprintf("no such command or directory (%s)", nd.bad);
		out_trap(c, r->tag, 0, msg);
		out_done(c, r->tag);
		free(msg);
		node_free(&nd);
		goto out;
	}
	if (strcmp(req, "child") == 0)
		do_child(c, r, &nd, &sent);
	else if (strcmp(req, "syntax") == 0)
		do_syntax(c, r, &nd, &sent);
	else if (strcmp(req, "completion") == 0)
		do_completion(c, r, &nd, prefix != NULL ? prefix : "", &sent);
	else if (strcmp(req, "self") == 0)
		put_row(c, r, &sent, "type", "self", "name",
		    strrchr(nd.path, '/') != NULL ? strrchr(nd.path, '/') + 1 :
		    "", "node-type", nd.kind == N_CMD ? "cmd" :
		    nd.kind == N_ARG ? "arg" : "dir", NULL);
	else {
		out_trap(c, r->tag, 1, "input does not match any value of "
		    "request");
		out_done(c, r->tag);
		node_free(&nd);
		goto out;
	}
	node_free(&nd);
	if (sent == 0 && c->sim->prof >= PROF_718)
		out_empty(c, r->tag);
	out_done(c, r->tag);
out:
	free(req);
	free(path);
	free(input);
	free(prefix);
}
