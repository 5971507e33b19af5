/*
 * script.c: a small RouterOS CLI interpreter, shared by /execute,
 * /system/script/run and the scheduler (sched.c).
 *
 * It understands what on-router rollbacks and exports use:
 *   /ip firewall filter add chain=input action=drop comment="x y"
 *   /ip firewall filter remove [find comment="x"]      (also set, enable,
 *   disable, move 3 destination=0, comment, unset, numbers=...)
 *   /ip service set telnet disabled=yes address=10.0.0.0/8
 *   /system scheduler remove [find name=rollback]
 *   a path line ("/ip address") followed by relative lines ("add ..."),
 *   ";" separated commands, " \" line continuations, "#" comments,
 *   /export [file=x], /system backup save, /system script run x,
 *   :put "text", :log info "text", :delay 1s.
 * Each command line becomes an API request run by cmds_dispatch() on a
 * socket-less connection; the first !trap stops the script with its message.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "simint.h"

#define SCRIPT_DEPTH	4

struct tok {
	char		*s;
	int		 quoted;
	int		 bracket;	/* [ ... ] */
};

struct toks {
	struct tok	*v;
	size_t		 n;
};

struct runner {
	struct sim	*sim;
	struct conn	 vc;
	struct buf	*out;
	char		*cwd;
	int		 depth;
	char		*err;
	size_t		 errlen;
};

static char *join_continuations(const char *src);
static int tokenize(const char *line, struct toks *t);
static void toks_free(struct toks *t);
static char *unescape(const char *p, size_t n);
static int run_line(struct runner *ru, const char *line);
static int run_colon(struct runner *ru, struct toks *t);
static int run_request(struct runner *ru, const char *cmdpath,
    char **names, char **vals, size_t n);
static char *eval_find(struct runner *ru, const char *dir, const char *expr);
static char *positional(struct runner *ru, const char *dir, const char *v);
static int is_dir(struct sim *sim, const char *path);
static int script_lines(struct runner *ru, const char *src);

/* Join " \<newline>" continuations into single lines. */
static char *
join_continuations(const char *src)
{
	struct buf b;
	const char *p;

	buf_init(&b);
	for (p = src; *p != '\0'; p++) {
		if (*p == '\\' && p[1] == '\n') {
			p++;
			while (p[1] == ' ' || p[1] == '\t')
				p++;
			continue;
		}
		if (*p == '\\' && p[1] == '\r' && p[2] == '\n') {
			p += 2;
			while (p[1] == ' ' || p[1] == '\t')
				p++;
			continue;
		}
		buf_addc(&b, *p);
	}
	buf_adds(&b, "");
	return buf_steal(&b, NULL);
}

/* Undo CLI escapes inside a quoted value. */
static char *
unescape(const char *p, size_t n)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < n; i++) {
		if (p[i] != '\\' || i + 1 >= n) {
			buf_addc(&b, p[i]);
			continue;
		}
		i++;
		switch (p[i]) {
		case 'n':
			buf_addc(&b, '\n');
			break;
		case 'r':
			buf_addc(&b, '\r');
			break;
		case 't':
			buf_addc(&b, '\t');
			break;
		default:
			if (i + 1 < n && strchr("0123456789ABCDEFabcdef",
			    p[i]) != NULL && strchr("0123456789ABCDEFabcdef",
			    p[i + 1]) != NULL) {
				char hex[3] = { p[i], p[i + 1], '\0' };

				buf_addc(&b, (char)strtoul(hex, NULL, 16));
				i++;
			} else
				buf_addc(&b, p[i]);
		}
	}
	buf_adds(&b, "");
	return buf_steal(&b, NULL);
}

/* Split a line into words: quotes (with escapes) and [ ... ] groups are
 * kept together; name="value" becomes one word.  -1 on unbalanced input. */
static int
tokenize(const char *line, struct toks *t)
{
	const char *p = line;

	memset(t, 0, sizeof *t);
	while (*p != '\0') {
		struct buf b;
		struct tok tk;

		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		memset(&tk, 0, sizeof tk);
		buf_init(&b);
		if (*p == '[') {
			int depth = 0;

			do {
				if (*p == '[')
					depth++;
				else if (*p == ']')
					depth--;
				else if (*p == '\0') {
					buf_free(&b);
					return -1;
				}
				buf_addc(&b, *p++);
			} while (depth > 0);
			tk.bracket = 1;
		} else {
			while (*p != '\0' && *p != ' ' && *p != '\t' &&
			    *p != '\r') {
				if (*p == '"') {
					const char *q = ++p;
					char *u;

					while (*p != '\0' && *p != '"') {
						if (*p == '\\' && p[1] != '\0')
							p++;
						p++;
					}
					if (*p != '"') {
						buf_free(&b);
						return -1;
					}
					u = unescape(q, (size_t)(p - q));
					buf_adds(&b, u);
					free(u);
					p++;
					tk.quoted = 1;
				} else if (*p == '[') {
					int depth = 0;

					do {
						if (*p == '[')
							depth++;
						else if (*p == ']')
							depth--;
						else if (*p == '\0') {
							buf_free(&b);
							return -1;
						}
						buf_addc(&b, *p++);
					} while (depth > 0);
				} else
					buf_addc(&b, *p++);
			}
		}
		buf_adds(&b, "");
		tk.s = buf_steal(&b, NULL);
		t->v = xreallocarray(t->v, t->n + 1, sizeof *t->v);
		t->v[t->n++] = tk;
	}
	return 0;
}

/* Free tokens. */
static void
toks_free(struct toks *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].s);
	free(t->v);
	memset(t, 0, sizeof *t);
}

/* Is path a directory (menu or above one) or a special command's dir? */
static int
is_dir(struct sim *sim, const char *path)
{
	size_t i, n = strlen(path);

	if (n == 0)
		return 1;
	for (i = 0; i < sim_nmenus; i++) {
		const char *p = sim_menus[i].path;

		if (sim->tables[i].present && strncmp(p, path, n) == 0 &&
		    (p[n] == '\0' || p[n] == '/'))
			return 1;
	}
	for (i = 0; i < sim_nxcmds; i++) {
		const char *p = sim_xcmds[i].path;

		if (strncmp(p, path, n) == 0 && p[n] == '/')
			return 1;
	}
	return 0;
}

/* "[find comment=\"x\" ...]" in dir: the matching ids "*1,*2". */
static char *
eval_find(struct runner *ru, const char *dir, const char *expr)
{
	struct toks t;
	struct stable *tb;
	struct kvlist l;
	struct buf ids;
	char *inner = xstrndup(expr + 1, strlen(expr) - 2);
	size_t i, j, first = 0;

	buf_init(&ids);
	buf_adds(&ids, "");
	if (tokenize(inner, &t) != 0) {
		free(inner);
		return NULL;
	}
	free(inner);
	/* "[/ip firewall filter find ...]": an explicit path. */
	while (first < t.n && strcmp(t.v[first].s, "find") != 0)
		first++;
	if (first == t.n) {
		toks_free(&t);
		return NULL;
	}
	if (first > 0) {
		struct buf d;

		buf_init(&d);
		for (i = 0; i < first; i++) {
			const char *s = t.v[i].s;

			if (*s == '/')
				s++;
			if (*s != '\0') {
				buf_addc(&d, '/');
				buf_adds(&d, s);
			}
		}
		buf_adds(&d, "");
		dir = d.p;
		tb = sim_table(ru->sim, d.p);
		buf_free(&d);
	} else
		tb = sim_table(ru->sim, dir);
	first++;
	if (first < t.n && strcmp(t.v[first].s, "where") == 0)
		first++;
	kvl_init(&l);
	pthread_rwlock_rdlock(&ru->sim->db);
	for (i = 0; tb != NULL && i < tb->n; i++) {
		int ok = 1;

		table_render(ru->sim, tb, tb->rows[i], &l);
		for (j = first; j < t.n && ok; j++) {
			char *eq = strchr(t.v[j].s, '=');
			const struct kv *e;
			const char *want;

			if (eq == NULL) {
				/* A flag: "disabled", "dynamic". */
				e = kvl_get(&l, t.v[j].s);
				ok = e != NULL && e->len == 4 &&
				    memcmp(e->val, "true", 4) == 0;
				continue;
			}
			*eq = '\0';
			want = eq + 1;
			if (strcmp(want, "yes") == 0)
				want = "true";
			else if (strcmp(want, "no") == 0)
				want = "false";
			e = kvl_get(&l, t.v[j].s);
			ok = e != NULL ? (strlen(want) == e->len &&
			    memcmp(e->val, want, e->len) == 0) : *want == '\0';
			*eq = '=';
		}
		if (ok)
			buf_printf(&ids, "%s*%X", ids.len > 0 ? "," : "",
			    tb->rows[i]->id);
	}
	pthread_rwlock_unlock(&ru->sim->db);
	kvl_free(&l);
	toks_free(&t);
	return buf_steal(&ids, NULL);
}

/* A positional item reference: [find], CLI numbers "0,2" (table order),
 * ids and names pass through. */
static char *
positional(struct runner *ru, const char *dir, const char *v)
{
	struct stable *tb;
	struct buf b;
	const char *p;

	if (v[0] == '[')
		return eval_find(ru, dir, v);
	for (p = v; *p != '\0'; p++)
		if (strchr("0123456789,", *p) == NULL)
			return xstrdup(v);
	tb = sim_table(ru->sim, dir);
	buf_init(&b);
	buf_adds(&b, "");
	pthread_rwlock_rdlock(&ru->sim->db);
	for (p = v; *p != '\0';) {
		unsigned long n = strtoul(p, (char **)&p, 10);

		if (tb == NULL || n >= tb->n) {
			pthread_rwlock_unlock(&ru->sim->db);
			buf_free(&b);
			return xstrdup("*FFFFFFF");
		}
		buf_printf(&b, "%s*%X", b.len > 0 ? "," : "", tb->rows[n]->id);
		if (*p == ',')
			p++;
	}
	pthread_rwlock_unlock(&ru->sim->db);
	return buf_steal(&b, NULL);
}

/* Run one request on the socket-less connection; -1 on a trap. */
static int
run_request(struct runner *ru, const char *cmdpath, char **names,
    char **vals, size_t n)
{
	struct req r;
	struct codec *dec;
	struct sentence s;
	unsigned char *space;
	size_t i, avail;
	int rc = 0;

	memset(&r, 0, sizeof r);
	r.cmd = word_str(cmdpath);
	r.a = xcalloc(n + 1, sizeof *r.a);
	for (i = 0; i < n; i++) {
		r.a[i].name = word_str(names[i]);
		r.a[i].val = word_str(vals[i]);
	}
	r.na = n;
	cmds_dispatch(&ru->vc, &r);
	free(r.a);
	while (ru->vc.cmds != NULL) {
		struct cmd *k = ru->vc.cmds;

		ru->vc.cmds = k->next;
		cmd_free(k);
	}
	dec = codec_new(NULL);
	space = codec_space(dec, ru->vc.out.len, &avail);
	memcpy(space, ru->vc.out.p, ru->vc.out.len);
	codec_commit(dec, ru->vc.out.len);
	while (codec_next(dec, &s) == CODEC_SENTENCE) {
		if (s.n == 0 || !word_eq(&s.w[0], "!trap") || rc != 0)
			continue;
		struct tword v;

		if (sentence_attr(&s, "message", &v))
			snprintf(ru->err, ru->errlen, "%.*s", (int)v.len,
			    v.p);
		rc = -1;
	}
	codec_free(&dec);
	buf_reset(&ru->vc.out);
	return rc;
}

/* ":put", ":log", ":delay"; other scripting commands are ignored. */
static int
run_colon(struct runner *ru, struct toks *t)
{
	const char *w = t->v[0].s;

	if (strcmp(w, ":put") == 0 && t->n > 1) {
		buf_adds(ru->out, t->v[1].s);
		buf_addc(ru->out, '\n');
	} else if (strcmp(w, ":log") == 0 && t->n > 2) {
		char *topics = xasprintf("script,%s", t->v[1].s);

		pthread_rwlock_wrlock(&ru->sim->db);
		motion_log(ru->sim, topics, "%s", t->v[2].s);
		pthread_rwlock_unlock(&ru->sim->db);
		free(topics);
	} else if (strcmp(w, ":delay") == 0 && t->n > 1) {
		int64_t ms = parse_duration_ms(t->v[1].s, 0);
		struct timespec ts;

		if (ms > 10000)
			ms = 10000;
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (long)(ms % 1000) * 1000000L;
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			continue;
	}
	return 0;
}

/* One command line (no ";" or newline inside). */
static int
run_line(struct runner *ru, const char *line)
{
	struct toks t;
	struct buf path;
	char **names = NULL, **vals = NULL, *cmd = NULL, *cmdpath;
	size_t i = 0, n = 0, npos = 0;
	int rc = 0;

	if (tokenize(line, &t) != 0) {
		snprintf(ru->err, ru->errlen, "syntax error (line %s)", line);
		return -1;
	}
	if (t.n == 0) {
		toks_free(&t);
		return 0;
	}
	if (t.v[0].s[0] == ':') {
		rc = run_colon(ru, &t);
		toks_free(&t);
		return rc;
	}
	buf_init(&path);
	if (t.v[0].s[0] == '/')
		buf_adds(&path, "");
	else
		buf_adds(&path, ru->cwd);
	/* Path segments ("/ip", "firewall", or "/ip/firewall/filter"). */
	for (; i < t.n && !t.v[i].bracket && strchr(t.v[i].s, '=') == NULL;
	    i++) {
		char *s = xstrdup(t.v[i].s), *p = s, *seg;
		size_t mark = path.len;
		int isdir = 1;

		while ((seg = strsep(&p, "/")) != NULL) {
			if (*seg == '\0')
				continue;
			if (cmd != NULL) {
				isdir = 0;
				break;
			}
			buf_addc(&path, '/');
			buf_adds(&path, seg);
			if (!is_dir(ru->sim, path.p)) {
				path.len -= strlen(seg) + 1;
				path.p[path.len] = '\0';
				cmd = xstrdup(seg);
			}
		}
		free(s);
		(void)mark;
		if (!isdir || cmd != NULL) {
			i++;
			break;
		}
	}
	if (cmd == NULL) {
		/* A path line: the following relative lines run there. */
		free(ru->cwd);
		ru->cwd = buf_steal(&path, NULL);
		toks_free(&t);
		return 0;
	}
	cmdpath = xasprintf("%s/%s", path.p, cmd);
	if (strcmp(cmdpath, "/export") == 0 ||
	    (strlen(cmdpath) > 7 && strcmp(cmdpath + strlen(cmdpath) - 7,
	    "/export") == 0)) {
		int hasfile = 0;

		for (size_t j = i; j < t.n; j++)
			if (strncmp(t.v[j].s, "file=", 5) == 0)
				hasfile = 1;
		if (!hasfile) {
			char *text = export_text(ru->sim, path.p);

			buf_adds(ru->out, text);
			free(text);
			goto out;
		}
	}
	if (strcmp(cmdpath, "/system/script/run") == 0 && i < t.n &&
	    strchr(t.v[i].s, '=') == NULL) {
		struct stable *st;
		struct srow *sr;
		char *src = NULL;

		pthread_rwlock_rdlock(&ru->sim->db);
		st = sim_table(ru->sim, "/system/script");
		sr = st != NULL ? table_find_name(st, t.v[i].s) : NULL;
		if (sr != NULL)
			src = xstrdup(row_get(sr, "source") != NULL ?
			    row_get(sr, "source") : "");
		pthread_rwlock_unlock(&ru->sim->db);
		if (src == NULL) {
			snprintf(ru->err, ru->errlen, "no such item");
			rc = -1;
		} else if (ru->depth >= SCRIPT_DEPTH) {
			snprintf(ru->err, ru->errlen, "scripts nested too "
			    "deep");
			rc = -1;
		} else {
			char *save = ru->cwd;

			ru->cwd = xstrdup("");
			ru->depth++;
			rc = script_lines(ru, src);
			ru->depth--;
			free(ru->cwd);
			ru->cwd = save;
		}
		free(src);
		goto out;
	}
	names = xcalloc(t.n + 1, sizeof *names);
	vals = xcalloc(t.n + 1, sizeof *vals);
	for (; i < t.n; i++) {
		char *eq = t.v[i].bracket ? NULL : strchr(t.v[i].s, '=');

		if (eq != NULL) {
			names[n] = xstrndup(t.v[i].s, (size_t)(eq - t.v[i].s));
			if (eq[1] == '[')
				vals[n] = positional(ru, path.p, eq + 1);
			else
				vals[n] = xstrdup(eq + 1);
			if (strcmp(names[n], "numbers") == 0 &&
			    vals[n] != NULL && eq[1] != '[') {
				char *pv = positional(ru, path.p, vals[n]);

				free(vals[n]);
				vals[n] = pv;
			}
		} else {
			names[n] = xstrdup(npos == 0 ? (strcmp(cmd, "get") ==
			    0 ? "number" : "numbers") : strcmp(cmd, "move") ==
			    0 ? "destination" : "value-name");
			vals[n] = positional(ru, path.p, t.v[i].s);
			npos++;
		}
		if (vals[n] == NULL) {
			snprintf(ru->err, ru->errlen, "syntax error (%s)",
			    t.v[i].s);
			free(names[n]);
			rc = -1;
			goto out;
		}
		n++;
	}
	rc = run_request(ru, cmdpath, names, vals, n);
out:
	for (i = 0; i < n; i++) {
		free(names[i]);
		free(vals[i]);
	}
	free(names);
	free(vals);
	free(cmdpath);
	free(cmd);
	buf_free(&path);
	toks_free(&t);
	return rc;
}

/* Split a script into lines and ";" separated commands and run them. */
static int
script_lines(struct runner *ru, const char *src)
{
	char *s = join_continuations(src), *p = s;
	int rc = 0;

	while (*p != '\0' && rc == 0) {
		char *start = p;
		int inq = 0, depth = 0;

		for (; *p != '\0'; p++) {
			if (*p == '\\' && inq && p[1] != '\0') {
				p++;
				continue;
			}
			if (*p == '"')
				inq = !inq;
			else if (!inq && *p == '[')
				depth++;
			else if (!inq && *p == ']')
				depth--;
			else if (!inq && depth == 0 && (*p == '\n' ||
			    *p == ';'))
				break;
		}
		if (*p != '\0')
			*p++ = '\0';
		while (*start == ' ' || *start == '\t')
			start++;
		if (*start == '#' || *start == '\0')
			continue;
		if (*start == '{') {
			/* "{ ... }" blocks: run their body. */
			size_t n = strlen(start);

			start++;
			if (n > 1 && start[n - 2] == '}')
				start[n - 2] = '\0';
		}
		rc = run_line(ru, start);
	}
	free(s);
	return rc;
}

/* Run a script. */
int
script_run(struct sim *sim, const char *user, const char *group,
    const char *src, struct buf *out, char *err, size_t errlen)
{
	struct runner ru;
	int rc;

	memset(&ru, 0, sizeof ru);
	ru.sim = sim;
	ru.out = out;
	ru.err = err;
	ru.errlen = errlen;
	ru.cwd = xstrdup("");
	ru.vc.sim = sim;
	ru.vc.fd = -1;
	ru.vc.virt = 1;
	ru.vc.logged_in = 1;
	ru.vc.user = (char *)user;
	ru.vc.group = (char *)group;
	str_copy(ru.vc.peer, sizeof ru.vc.peer, "script");
	buf_init(&ru.vc.out);
	if (errlen > 0)
		err[0] = '\0';
	rc = script_lines(&ru, src);
	buf_free(&ru.vc.out);
	free(ru.cwd);
	return rc;
}

/* /execute =script= [=as-string=]: 7.x returns the output in =ret=. */
void
script_execute(struct conn *c, struct req *r)
{
	char *src = req_attr_dup(r, "script"), err[256];
	int as_string = req_attr(r, "as-string") != NULL;
	struct buf out;
	int rc;

	if (c->sim->prof < PROF_717 && as_string) {
		out_trap(c, r->tag, -1, "unknown parameter");
		out_done(c, r->tag);
		free(src);
		return;
	}
	if (!cmds_check_args(c, r, "script as-string file")) {
		free(src);
		return;
	}
	if (src == NULL) {
		out_missing(c, r->tag, "script");
		return;
	}
	buf_init(&out);
	rc = script_run(c->sim, c->user, c->group, src, &out, err,
	    sizeof err);
	buf_adds(&out, "");
	if (rc != 0 && as_string) {
		out_trap(c, r->tag, 3, err);
		out_done(c, r->tag);
	} else if (as_string)
		out_done_ret(c, r->tag, out.p);
	else
		out_done_ret(c, r->tag, "*1");
	buf_free(&out);
	free(src);
}

/* /system/script/run =number=: run a stored script now. */
void
script_run_cmd(struct conn *c, struct req *r)
{
	char *num = req_attr_dup(r, "number"), *src = NULL, err[256];
	struct stable *t;
	struct srow *row = NULL;
	struct buf out;

	if (num == NULL)
		num = req_attr_dup(r, ".id");
	if (!cmds_check_args(c, r, "number .id"))
		goto out;
	pthread_rwlock_wrlock(&c->sim->db);
	t = sim_table(c->sim, "/system/script");
	if (num != NULL && num[0] == '*')
		row = table_find_id(t, (uint32_t)strtoul(num + 1, NULL, 16));
	else if (num != NULL)
		row = table_find_name(t, num);
	if (row != NULL) {
		const char *rc = row_get(row, "run-count");
		char when[48];

		src = xstrdup(row_get(row, "source") != NULL ?
		    row_get(row, "source") : "");
		row_setf(row, "run-count", "%llu", (unsigned long long)
		    (rc != NULL ? strtoull(rc, NULL, 10) + 1 : 1));
		motion_fmt_datetime(c->sim, motion_wall(c->sim), when,
		    sizeof when);
		row_sets(row, "last-started", when);
		sim_changed(c->sim, (int)(t->m - sim_menus), row->id, 0);
	}
	pthread_rwlock_unlock(&c->sim->db);
	if (src == NULL) {
		out_trap(c, r->tag, -1, "no such item (4)");
		out_done(c, r->tag);
		goto out;
	}
	buf_init(&out);
	if (script_run(c->sim, c->user, c->group, src, &out, err,
	    sizeof err) != 0) {
		out_trap(c, r->tag, 3, err);
		out_done(c, r->tag);
	} else
		out_done(c, r->tag);
	buf_free(&out);
out:
	free(num);
	free(src);
}
