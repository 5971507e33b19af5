/* views/form.c: edit a row, add a row, change a singleton's settings or a
 * comment, in a form built from the menu's schema (inspect on RouterOS 7,
 * cached per version; the built-in catalogue on RouterOS 6).  Values are
 * checked as the cursor leaves a field and again before the preview. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "menus.h"
#include "rows.h"
#include "schema.h"
#include "text.h"
#include "../uiint.h"

struct ffield {
	char		*name;
	const struct sfield *sf;	/* NULL: plain text */
	char		*orig;		/* on the router; NULL: unset */
	struct buf	 val;
	size_t		 cur;		/* bytes into val */
	char		*err;
	int		 shown;
	int		 enc;		/* enum charset the router keeps it in */
};

struct fview {
	struct form_init in;
	struct schema	*schema;	/* NULL: none known, all text */
	int		 schema_ready;
	int		 values_ready;
	int		 built;
	req_id		 child_req;
	req_id		 row_req;
	req_id		*syn_reqs;
	char		**syn_args;
	size_t		 nsyn;
	size_t		 syn_left;
	struct schema	*inspect;	/* being filled from inspect */
	char		**rnames, **rvals;
	size_t		 rn;
	struct ffield	*f;
	size_t		 n;
	size_t		 sel;
	size_t		 top;
	int		 picking;
	size_t		 pick;
	char		*trap;
	int		 refused;	/* trap is the router's own refusal */
	char		*posted;	/* the field error in the status line */
	int		 closing;	/* Esc once with changes: again closes */
	int		 rows_shown;
};

static void form_view_open(struct app *a, struct view *v);
static void form_view_close(struct app *a, struct view *v);
static void form_draw(struct app *a, struct view *v, WINDOW *w);
static int form_action(struct app *a, struct view *v, enum action_id id);
static int form_can(struct app *a, struct view *v, enum action_id id);
static void form_event(struct app *a, struct view *v, struct event *ev);
static int form_key(struct app *a, struct view *v, int key);
static void form_schema_start(struct app *a, struct view *v);
static void form_schema_done(struct app *a, struct view *v);
static void form_inspect_path(struct buf *b, const char *path);
static void form_build(struct fview *fv, const char *path);
static void form_add_field(struct fview *fv, const char *name, int shown);
static const char *form_row_value(struct fview *fv, const char *name);
static int form_check(struct fview *fv, struct ffield *ff, int final);
static int form_encode(struct ffield *ff, struct buf *out);
static void form_word(struct wcmd *c, struct ffield *ff);
static void form_submit_local(struct app *a, struct view *v);
static void form_apply(struct app *a, struct view *v);
static void form_move(struct app *a, struct fview *fv, int dir);
static void form_set(struct ffield *ff, const char *s);
static char *form_get(const struct rowstore *rs, size_t i, const char *c);
static int form_is_bool(const struct ffield *ff);
static int form_is_enum(const struct ffield *ff);

const struct view_desc view_form = {
	"form", CTX_FORM,
	form_view_open, form_view_close, form_draw, form_action, form_can,
	form_event, NULL, form_key
};

/* Read-only properties: never form fields (without a schema). */
static const char *const form_ro[] = { ".id", ".nextid", "dynamic",
	"invalid", "running", "active", "slave", "builtin", "bytes",
	"packets", "default-name", "actual-mtu", "creation-time",
	"last-link-up-time", "link-downs", "rx-byte", "tx-byte",
	"rx-packet", "tx-packet", "status", "inactive", "static" };

/* Open a form on path. */
void
form_open(struct app *a, const char *path, const struct form_init *init)
{
	struct fview *fv = xcalloc(1, sizeof *fv);
	size_t i;

	fv->in = *init;
	fv->in.ids = init->ids != NULL ? xstrdup(init->ids) : NULL;
	fv->in.what = init->what != NULL ? xstrdup(init->what) : NULL;
	fv->in.title = init->title != NULL ? xstrdup(init->title) : NULL;
	fv->in.vals = NULL;
	for (i = 0; init->vals != NULL && init->vals[i] != NULL &&
	    init->vals[i + 1] != NULL; i += 2) {	/* the record's values */
		fv->rnames = xreallocarray(fv->rnames, fv->rn + 1,
		    sizeof *fv->rnames);
		fv->rvals = xreallocarray(fv->rvals, fv->rn + 1,
		    sizeof *fv->rvals);
		fv->rnames[fv->rn] = xstrdup(init->vals[i]);
		fv->rvals[fv->rn++] = xstrdup(init->vals[i + 1]);
	}
	app_push_init(a, &view_form, path, NULL, fv);
}

/* Start: the schema, and the row's values unless adding. */
static void
form_view_open(struct app *a, struct view *v)
{
	struct fview *fv = v->priv;
	const char *words[2];
	char *print, *q = NULL, *first;

	if (fv->in.mode == FORM_LOCAL) {	/* nothing to ask the router */
		fv->schema = schema_from_spec(v->path, fv->in.fields);
		fv->schema_ready = fv->values_ready = 1;
		form_build(fv, v->path);
		return;
	}
	if (fv->in.mode == FORM_COMMENT) {
		fv->schema_ready = 1;
	} else
		form_schema_start(a, v);
	if (fv->in.mode == FORM_ADD) {
		fv->values_ready = 1;
	} else {
		print = xasprintf("%s/print", v->path);
		words[0] = print;
		first = fv->in.ids != NULL ? xstrndup(fv->in.ids,
		    strcspn(fv->in.ids, ",")) : NULL;
		if (first != NULL)
			words[1] = q = xasprintf("?.id=%s", first);
		fv->row_req = app_send(a, v, 0, words, first != NULL ? 2 : 1);
		free(print);
		free(q);
		free(first);
	}
	if (fv->schema_ready && fv->values_ready)
		form_build(fv, v->path);
}

/* "/ip/firewall/filter" as inspect's "ip,firewall,filter,set". */
static void
form_inspect_path(struct buf *b, const char *path)
{
	const char *p;

	buf_adds(b, "=path=");
	for (p = path + (path[0] == '/'); *p != '\0'; p++)
		buf_addc(b, *p == '/' ? ',' : *p);
	buf_adds(b, ",set");
}

/* The schema: RouterOS 6 the catalogue, else the cache, else inspect. */
static void
form_schema_start(struct app *a, struct view *v)
{
	struct fview *fv = v->priv;
	char *file;
	const char *words[3];
	struct buf b;

	if (a->s->version != NULL && a->s->version[0] == '6') {
		fv->schema = schema_builtin(v->path);
		fv->schema_ready = 1;
		return;
	}
	if (a->s->version != NULL &&
	    (file = schema_cache_file(a->s->version, v->path)) != NULL) {
		fv->schema = schema_load(v->path, file);
		free(file);
		if (fv->schema != NULL) {
			fv->schema_ready = 1;
			return;
		}
	}
	buf_init(&b);
	form_inspect_path(&b, v->path);
	words[0] = "/console/inspect";
	words[1] = "=request=child";
	words[2] = b.p;
	fv->inspect = schema_new(v->path);
	fv->child_req = app_send(a, v, 0, words, 3);
	buf_free(&b);
}

/* Inspect finished (or failed): cache it, or fall back. */
static void
form_schema_done(struct app *a, struct view *v)
{
	struct fview *fv = v->priv;
	char *file;

	if (fv->inspect != NULL && fv->inspect->n > 0) {
		schema_finish(fv->inspect);
		fv->schema = fv->inspect;
		fv->inspect = NULL;
		if (a->s->version != NULL &&
		    (file = schema_cache_file(a->s->version, v->path)) != NULL) {
			if (schema_save(fv->schema, file) == -1)
				app_status(a, R_STATUS_INFO, _("cannot write "
				    "the schema cache %s"), file);
			free(file);
		}
	} else {
		schema_free(&fv->inspect);
		fv->schema = schema_builtin(v->path);
	}
	fv->schema_ready = 1;
	if (fv->values_ready)
		form_build(fv, v->path);
}

/* Close. */
static void
form_view_close(struct app *a, struct view *v)
{
	struct fview *fv = v->priv;
	size_t i;

	for (i = 0; i < fv->n; i++) {
		free(fv->f[i].name);
		free(fv->f[i].orig);
		free(fv->f[i].err);
		buf_free(&fv->f[i].val);
	}
	free(fv->f);
	for (i = 0; i < fv->rn; i++) {
		free(fv->rnames[i]);
		free(fv->rvals[i]);
	}
	free(fv->rnames);
	free(fv->rvals);
	for (i = 0; i < fv->nsyn; i++)
		free(fv->syn_args[i]);
	free(fv->syn_args);
	free(fv->syn_reqs);
	schema_free(&fv->schema);
	schema_free(&fv->inspect);
	free(fv->in.ids);
	free(fv->in.what);
	free(fv->in.title);
	free(fv->trap);
	app_status_withdraw(a, fv->posted);	/* about a form now gone */
	free(fv->posted);
	free(fv);
}

/* A column of row i as a string, or NULL. */
static char *
form_get(const struct rowstore *rs, size_t i, const char *c)
{
	int col = rowstore_col(rs, c);
	struct tword w;

	if (col < 0 || !rowstore_get(rs, i, (uint32_t)col, &w))
		return NULL;
	return xstrndup(w.p, w.len);
}

/* Replies: inspect rows, syntax rows, the row's values. */
static void
form_event(struct app *a, struct view *v, struct event *ev)
{
	struct fview *fv = v->priv;
	struct rowstore rs;
	size_t i, k;

	rowstore_init(&rs);
	if (ev->type == EV_ROWS)
		rowstore_add(&rs, &ev->rows);
	if (ev->req == fv->row_req && ev->type == EV_ROWS && fv->rn == 0 &&
	    rs.nrows > 0) {
		struct rowcur c;
		struct field f;

		rowcur_init(&c, rs.rows[0]);
		while (rowcur_next(&c, &f)) {
			fv->rnames = xreallocarray(fv->rnames, fv->rn + 1,
			    sizeof *fv->rnames);
			fv->rvals = xreallocarray(fv->rvals, fv->rn + 1,
			    sizeof *fv->rvals);
			fv->rnames[fv->rn] = xstrdup(rs.cols[f.col]);
			fv->rvals[fv->rn] = xstrndup(f.val.p, f.val.len);
			fv->rn++;
		}
	} else if (ev->req == fv->row_req && ev->type != EV_ROWS) {
		fv->values_ready = 1;
		if (ev->type == EV_ERROR || ev->ntraps > 0)
			app_status(a, R_STATUS_ERROR, _("%s: %s"), v->path,
			    ev->type == EV_ERROR ? (ev->message != NULL ?
			    ev->message : _("request failed")) :
			    ev->traps[0].message);
		if (fv->schema_ready)
			form_build(fv, v->path);
	} else if (ev->req == fv->child_req && ev->type == EV_ROWS) {
		for (i = 0; i < rs.nrows; i++) {
			char *type = form_get(&rs, i, "type");
			char *nt = form_get(&rs, i, "node-type");
			char *name = form_get(&rs, i, "name");

			if (type != NULL && strcmp(type, "child") == 0 &&
			    nt != NULL && strcmp(nt, "arg") == 0 &&
			    name != NULL && schema_is_field(name)) {
				fv->syn_args = xreallocarray(fv->syn_args,
				    fv->nsyn + 1, sizeof *fv->syn_args);
				fv->syn_args[fv->nsyn++] = name;
				name = NULL;
			}
			free(type);
			free(nt);
			free(name);
		}
	} else if (ev->req == fv->child_req) {
		if (ev->type == EV_ERROR || ev->ntraps > 0 || fv->nsyn == 0) {
			form_schema_done(a, v);
		} else {	/* one syntax request per argument */
			fv->syn_reqs = xcalloc(fv->nsyn, sizeof *fv->syn_reqs);
			for (k = 0; k < fv->nsyn; k++) {
				struct buf b;
				const char *words[3];

				buf_init(&b);
				form_inspect_path(&b, v->path);
				buf_printf(&b, ",%s", fv->syn_args[k]);
				words[0] = "/console/inspect";
				words[1] = "=request=syntax";
				words[2] = b.p;
				schema_add(fv->inspect, fv->syn_args[k]);
				fv->syn_reqs[k] = app_send(a, v, 0, words, 3);
				buf_free(&b);
			}
			fv->syn_left = fv->nsyn;
		}
	} else {
		for (k = 0; k < fv->nsyn && fv->syn_reqs != NULL; k++)
			if (fv->syn_reqs[k] == ev->req)
				break;
		if (k < fv->nsyn && fv->syn_reqs != NULL) {
			for (i = 0; i < rs.nrows; i++) {
				char *st = form_get(&rs, i, "symbol-type");
				char *sym = form_get(&rs, i, "symbol");
				char *text = form_get(&rs, i, "text");

				schema_syntax(fv->inspect, fv->syn_args[k], st,
				    sym, text);
				free(st);
				free(sym);
				free(text);
			}
			if (ev->type != EV_ROWS && --fv->syn_left == 0)
				form_schema_done(a, v);
		}
	}
	rowstore_clear(&rs);
}

/* The row's value of name, or NULL. */
static const char *
form_row_value(struct fview *fv, const char *name)
{
	size_t i;

	for (i = 0; i < fv->rn; i++)
		if (strcmp(fv->rnames[i], name) == 0)
			return fv->rvals[i];
	return NULL;
}

/* Append a field unless it is there (then maybe show it). */
static void
form_add_field(struct fview *fv, const char *name, int shown)
{
	size_t i;
	struct ffield *ff;
	const char *val;

	for (i = 0; i < fv->n; i++)
		if (strcmp(fv->f[i].name, name) == 0) {
			fv->f[i].shown |= shown;
			return;
		}
	fv->f = xreallocarray(fv->f, fv->n + 1, sizeof *fv->f);
	ff = &fv->f[fv->n++];
	memset(ff, 0, sizeof *ff);
	ff->name = xstrdup(name);
	ff->sf = fv->schema != NULL ? schema_find(fv->schema, name) : NULL;
	buf_init(&ff->val);
	buf_adds(&ff->val, "");
	val = fv->in.mode != FORM_ADD ? form_row_value(fv, name) : NULL;
	ff->enc = draw_charset() == CHARSET_CP1252 &&
	    fv->in.mode != FORM_LOCAL ? CHARSET_CP1252 : CHARSET_UTF8;
	if (val != NULL && fv->in.mode == FORM_LOCAL) {	/* our own text */
		ff->orig = xstrdup(val);
		buf_adds(&ff->val, val);
	} else if (val != NULL) {
		/* edited as UTF-8, written back in the router's charset */
		ff->enc = text_charset_of(val, strlen(val), draw_charset());
		text_to_utf8(&ff->val, val, strlen(val), ff->enc, 0);
		ff->orig = xstrdup(ff->val.p);
	}
	ff->cur = ff->val.len;
	ff->shown = shown;
}

/* Fields: key columns, required, set, then the rest (hidden). */
static void
form_build(struct fview *fv, const char *path)
{
	const struct menu_info *mi = menus_find(path);
	const char *p, *e;
	size_t i, k;

	fv->built = 1;
	if (fv->in.mode == FORM_COMMENT) {
		form_add_field(fv, "comment", 1);
		return;
	}
	if (fv->in.mode == FORM_LOCAL) {	/* every field, in order */
		for (i = 0; i < fv->schema->n; i++)
			form_add_field(fv, fv->schema->f[i].name, 1);
		fv->sel = 0;
		return;
	}
	if (mi != NULL)
		for (p = mi->cols; *p != '\0'; p = e) {
			char *name;

			while (*p == ' ')
				p++;
			e = p + strcspn(p, " ");
			if (e == p)
				break;
			name = xstrndup(p, (size_t)(e - p));
			if (fv->schema == NULL ? form_row_value(fv, name) !=
			    NULL : schema_find(fv->schema, name) != NULL)
				form_add_field(fv, name, 1);
			free(name);
		}
	if (fv->schema != NULL)
		for (i = 0; i < fv->schema->n; i++)
			if (fv->schema->f[i].required)
				form_add_field(fv, fv->schema->f[i].name, 1);
	for (i = 0; i < fv->rn; i++) {
		int ro = 0;

		for (k = 0; k < TD_ARRAY_LEN(form_ro); k++)
			if (strcmp(form_ro[k], fv->rnames[i]) == 0)
				ro = 1;
		if (fv->schema != NULL ? schema_find(fv->schema,
		    fv->rnames[i]) != NULL : !ro)
			form_add_field(fv, fv->rnames[i], 1);
	}
	if (fv->schema != NULL) {
		if (fv->in.mode == FORM_ADD &&
		    schema_find(fv->schema, "comment") != NULL)
			form_add_field(fv, "comment", 1);
		for (i = 0; i < fv->schema->n; i++)
			form_add_field(fv, fv->schema->f[i].name, 0);
	}
	for (i = 0; i < fv->n && !fv->f[i].shown; i++)
		;
	fv->sel = i < fv->n ? i : 0;
}

/* A yes/no field? */
static int
form_is_bool(const struct ffield *ff)
{
	return ff->sf != NULL && ff->sf->type.kind == VK_BOOL;
}

/* A pick-list field? */
static int
form_is_enum(const struct ffield *ff)
{
	return ff->sf != NULL && ff->sf->type.kind == VK_ENUM &&
	    ff->sf->type.nenums > 0;
}

/* Replace a field's value. */
static void
form_set(struct ffield *ff, const char *s)
{
	buf_reset(&ff->val);
	buf_adds(&ff->val, s);
	ff->cur = ff->val.len;
	free(ff->err);
	ff->err = NULL;
}

/* Check one field; final: also required-ness.  0 when fine. */
static int
form_check(struct fview *fv, struct ffield *ff, int final)
{
	char err[512];
	const char *v = ff->val.p != NULL ? ff->val.p : "";

	free(ff->err);
	ff->err = NULL;
	if (ff->orig != NULL && strcmp(ff->orig, v) == 0)
		return 0;	/* the router's own value, as it prints it */
	if (*v == '\0' && final && fv->in.mode == FORM_ADD && ff->sf != NULL &&
	    ff->sf->required) {
		ff->err = xasprintf(_("%s: required; it cannot be empty when "
		    "adding."), ff->name);
		return -1;
	}
	if (ff->sf != NULL && validate_value(ff->name, &ff->sf->type, v, err,
	    sizeof err) == -1) {
		ff->err = xstrdup(err);
		return -1;
	}
	return form_encode(ff, NULL);
}

/* The field's value as the router keeps it, appended to out (NULL: only
 * check).  0, or -1 with the error set on the field. */
static int
form_encode(struct ffield *ff, struct buf *out)
{
	struct buf b;
	unsigned bad = 0;
	int rc;

	buf_init(&b);
	rc = text_from_utf8(out != NULL ? out : &b,
	    ff->val.p != NULL ? ff->val.p : "", (enum charset)ff->enc, &bad);
	buf_free(&b);
	if (rc == -1) {
		free(ff->err);
		ff->err = xasprintf(_("%s: U+%04X cannot be stored: the "
		    "router keeps this text in CP1252 (see the charset "
		    "option)"), ff->name, bad);
	}
	return rc;
}

/* Every field is fine again: the status line no longer says otherwise. */
static void
form_unpost(struct app *a, struct fview *fv)
{
	size_t i;

	if (fv->posted == NULL)
		return;
	for (i = 0; i < fv->n; i++)
		if (fv->f[i].err != NULL)
			return;
	app_status_withdraw(a, fv->posted);
	free(fv->posted);
	fv->posted = NULL;
}

/* To the next / previous shown field, checking the one left. */
static void
form_move(struct app *a, struct fview *fv, int dir)
{
	size_t i = fv->sel;

	if (fv->n == 0)
		return;
	if (form_check(fv, &fv->f[fv->sel], 0) == 0)
		form_unpost(a, fv);
	for (;;) {
		if (dir > 0 && i + 1 >= fv->n)
			return;
		if (dir < 0 && i == 0)
			return;
		i = dir > 0 ? i + 1 : i - 1;
		if (fv->f[i].shown) {
			fv->sel = i;
			return;
		}
	}
}

/* Every field checked; then the preview of what changes. */
static void
form_apply(struct app *a, struct view *v)
{
	struct fview *fv = v->priv;
	struct writereq *w;
	struct wcmd *set = NULL;
	size_t i, bad = fv->n, changed = 0;
	char *cmd;

	for (i = 0; i < fv->n; i++)
		if ((fv->f[i].shown || fv->f[i].val.len > 0) &&
		    form_check(fv, &fv->f[i], 1) == -1 && bad == fv->n)
			bad = i;
	if (bad < fv->n) {
		fv->f[bad].shown = 1;
		fv->sel = bad;
		app_status(a, R_STATUS_ERROR, "%s", fv->f[bad].err);
		free(fv->posted);
		fv->posted = xstrdup(fv->f[bad].err);
		return;
	}
	form_unpost(a, fv);
	if (fv->in.mode == FORM_LOCAL) {
		form_submit_local(a, v);
		return;
	}
	w = xcalloc(1, sizeof *w);
	w->form = v->id;
	w->table = fv->in.table;
	if (fv->in.mode == FORM_EDIT && fv->in.ids != NULL)
		w->select = xstrdup(fv->in.ids);
	if (fv->in.mode == FORM_COMMENT) {
		cmd = xasprintf("%s/comment", v->path);
		set = writereq_cmd(w, cmd);
		free(cmd);
		writereq_word(set, "=numbers=%s", fv->in.ids);
		form_word(set, &fv->f[0]);
		preview_open(a, w);
		return;
	}
	cmd = xasprintf("%s/%s", v->path, fv->in.mode == FORM_ADD ? "add" :
	    "set");
	set = writereq_cmd(w, cmd);
	free(cmd);
	if (fv->in.mode == FORM_EDIT)
		writereq_word(set, "=.id=%s", fv->in.ids);
	for (i = 0; i < fv->n; i++) {
		struct ffield *ff = &fv->f[i];

		if (fv->in.mode == FORM_ADD ? ff->val.len == 0 :
		    strcmp(ff->val.p, ff->orig != NULL ? ff->orig : "") == 0)
			continue;
		changed++;
		if (ff->val.len > 0 || fv->in.mode == FORM_ADD) {
			/* the set is the first command; an unset added
			 * since may have moved it */
			form_word(&w->cmds[0], ff);
			continue;
		}
		cmd = xasprintf("%s/unset", v->path);
		{
			struct wcmd *u = writereq_cmd(w, cmd);

			if (fv->in.mode == FORM_EDIT)
				writereq_word(u, "=numbers=%s", fv->in.ids);
			writereq_word(u, "=value-name=%s", ff->name);
		}
		free(cmd);
	}
	if (changed == 0 && fv->in.mode != FORM_ADD) {
		writereq_free(&w);
		app_status(a, R_STATUS_INFO, "%s", _("nothing changed: there "
		    "is nothing to send"));
		return;
	}
	set = &w->cmds[0];
	if (set->n == (fv->in.mode == FORM_EDIT ? 2u : 1u) &&
	    fv->in.mode != FORM_ADD) {	/* only unsets */
		size_t k;

		for (k = 0; k < set->n; k++)
			free(set->w[k]);
		free(set->w);
		memmove(w->cmds, w->cmds + 1, (w->ncmds - 1) * sizeof *w->cmds);
		w->ncmds--;
	}
	preview_open(a, w);
}

/* =name=value with the value in the router's charset (checked). */
static void
form_word(struct wcmd *c, struct ffield *ff)
{
	struct buf b;

	buf_init(&b);
	form_encode(ff, &b);
	writereq_word(c, "=%s=%s", ff->name, b.p != NULL ? b.p : "");
	buf_free(&b);
}

/* FORM_LOCAL: hand the filled fields to the record's owner; it saves,
 * or says why not (the form stays). */
static void
form_submit_local(struct app *a, struct view *v)
{
	struct fview *fv = v->priv;
	char **names = xcalloc(fv->n + 1, sizeof *names);
	char **vals = xcalloc(fv->n + 1, sizeof *vals);
	char err[512];
	size_t i, n = 0;

	for (i = 0; i < fv->n; i++)
		if (fv->f[i].val.len > 0) {
			names[n] = fv->f[i].name;
			vals[n++] = fv->f[i].val.p;
		}
	err[0] = '\0';
	if (fv->in.submit(a, fv->in.ctx, names, vals, n, err,
	    sizeof err) == -1)
		form_trap(a, v, err, 0);
	else
		app_pop(a);
	free(names);
	free(vals);
}

/* The router refused, or the write failed: keep everything, show why. */
void
form_trap(struct app *a, struct view *v, const char *msg, int refused)
{
	struct fview *fv = v->priv;

	free(fv->trap);
	fv->trap = xstrdup(msg);
	fv->refused = refused;
	app_dirty(a);
}

/* Title, the router's refusal, the fields, the current field's help. */
static void
form_draw(struct app *a, struct view *v, WINDOW *w)
{
	struct fview *fv = v->priv;
	int width = getmaxx(w), height = getmaxy(w), nw = 0, y, vx;
	size_t i;
	char *head;
	struct ffield *cur = NULL;
	int cur_y = -1;

	switch (fv->in.mode) {
	case FORM_ADD:
		head = xasprintf(_("Add to %s"), v->path);
		break;
	case FORM_SINGLE:
		head = xasprintf(_("Settings of %s"), v->path);
		break;
	case FORM_COMMENT:
		head = xasprintf(_("Comment %s: %s"), v->path,
		    fv->in.what != NULL ? fv->in.what : "");
		break;
	case FORM_LOCAL:
		head = xstrdup(fv->in.title != NULL ? fv->in.title : "");
		break;
	default:
		head = xasprintf(_("Edit %s %s"), v->path,
		    fv->in.what != NULL ? fv->in.what : fv->in.ids);
	}
	wattrset(w, theme_attr(R_PANEL_TITLE));
	draw_text(w, 0, 0, head, width, 0);
	free(head);
	if (fv->trap != NULL) {
		char *m = fv->in.mode == FORM_LOCAL ? xasprintf(_("Not saved: "
		    "%s (your input is kept)"), fv->trap) : fv->refused ?
		    xasprintf(_("The router refused: %s (your input is "
		    "kept)"), fv->trap) : xasprintf(_("Not done: %s (your "
		    "input is kept)"), fv->trap);

		wattrset(w, theme_attr(R_STATUS_ERROR));
		draw_text(w, 1, 1, m, width - 1, 0);
		free(m);
	}
	if (!fv->built) {
		wattrset(w, theme_attr(R_STATUS_INFO));
		draw_text(w, 2, 1, _("loading the menu's fields..."),
		    width - 1, 0);
		return;
	}
	for (i = 0; i < fv->n; i++)
		if (fv->f[i].shown && draw_width(fv->f[i].name) + 1 > nw)
			nw = draw_width(fv->f[i].name) + 1;
	if (nw > width * 2 / 5)		/* the value keeps most of the line */
		nw = width * 2 / 5;
	vx = nw + 3;
	fv->rows_shown = height - 4;
	if (fv->sel < fv->top)
		fv->top = fv->sel;
	while (fv->top < fv->sel) {	/* the selection and its error fit */
		int lines = 0;

		for (i = fv->top; i <= fv->sel; i++)
			if (fv->f[i].shown)
				lines += 1 + (fv->f[i].err != NULL ?
				    draw_wrap_lines(fv->f[i].err, width - vx,
				    3) : 0);
		if (lines <= fv->rows_shown)
			break;
		fv->top++;
	}
	for (i = fv->top, y = 2; i < fv->n && y < height - 2; i++) {
		struct ffield *ff = &fv->f[i];
		int sel = i == fv->sel, req = ff->sf != NULL &&
		    ff->sf->required;
		char *label;
		const char *hint = NULL;

		if (!ff->shown)
			continue;
		label = xasprintf("%s%s", ff->name, req ? "*" : "");
		wattrset(w, theme_attr(sel ? R_TABLE_SELECTED : R_SHEET_NAME));
		draw_fill(w, y, 0, vx - 1);
		draw_text(w, y, 1 + (nw - draw_width(label) > 0 ?
		    nw - draw_width(label) : 0), label, nw, 0);
		draw_text(w, y, nw + 1, ":", 1, 0);
		free(label);
		wattrset(w, theme_attr(R_SHEET_VALUE));
		draw_text(w, y, vx, ff->val.p, width - vx - 1, 0);
		if (form_is_enum(ff))
			hint = draw_is_ascii() ? " v" : " \xe2\x96\xbe";
		else if (form_is_bool(ff))
			hint = _(" (Space toggles)");
		if (hint != NULL && sel) {
			wattrset(w, theme_attr(R_HELP_TEXT));
			draw_text(w, y, vx + draw_width(ff->val.p), hint,
			    width - vx - draw_width(ff->val.p), 0);
		}
		if (sel) {	/* the cursor: a reversed cell */
			char *before = xstrndup(ff->val.p, ff->cur);
			int cx = vx + draw_width(before);
			const char *c = ff->val.p + ff->cur;
			size_t cl = *c != '\0' ? 1 : 0;

			while (cl > 0 && c[cl] != '\0' &&
			    ((unsigned char)c[cl] & 0xc0) == 0x80)
				cl++;
			free(before);
			if (cx < width) {
				char *ch = *c != '\0' ? xstrndup(c, cl) :
				    xstrdup(" ");

				wattrset(w, theme_attr(R_SHEET_VALUE) |
				    A_REVERSE);
				draw_text(w, y, cx, ch, 1, 0);
				free(ch);
			}
			cur = ff;
			cur_y = y;
		}
		y++;
		if (ff->err != NULL && y < height - 2) {
			wattrset(w, theme_attr(R_STATUS_ERROR));
			y += draw_wrap(w, y, vx, ff->err, width - vx,
			    height - 2 - y < 3 ? height - 2 - y : 3);
		}
	}
	if (cur != NULL) {	/* help of the current field */
		char *t = cur->sf != NULL ? vtype_text(&cur->sf->type) :
		    xstrdup("string");
		char *line = xasprintf("%s: %s%s%s", cur->name, t,
		    cur->sf != NULL && *cur->sf->help != '\0' ? " - " : "",
		    cur->sf != NULL ? cur->sf->help : "");

		wattrset(w, theme_attr(R_HELP_TEXT));
		draw_text(w, height - 1, 1, line, width - 1, 0);
		free(line);
		free(t);
	}
	if (fv->picking && cur != NULL) {	/* the pick list under it */
		const struct vtype *t = &cur->sf->type;
		int py = cur_y + 1, lw = 0;
		size_t k, first = 0, rows;

		for (k = 0; k < t->nenums; k++)
			if (draw_width(t->enums[k]) > lw)
				lw = draw_width(t->enums[k]);
		lw += 2;
		if (vx + lw > width)
			lw = width - vx;
		if (py + (int)t->nenums > height - 1)
			py = height - 1 - (int)t->nenums;
		if (py < 1)
			py = 1;
		rows = (size_t)(height - 1 - py);
		if (fv->pick >= rows)
			first = fv->pick - rows + 1;
		for (k = first; k < t->nenums && py < height - 1; k++, py++) {
			wattrset(w, theme_attr(k == fv->pick ?
			    R_TABLE_SELECTED : R_TABLE_HEADER));
			draw_fill(w, py, vx, lw);
			draw_text(w, py, vx + 1, t->enums[k], lw - 1, 0);
		}
	}
}

/* Text entry and the pick list, before the action table. */
static int
form_key(struct app *a, struct view *v, int key)
{
	struct fview *fv = v->priv;
	struct ffield *ff;

	if (!fv->built || fv->n == 0)
		return 0;
	ff = &fv->f[fv->sel];
	app_dirty(a);
	if (key != 27)
		fv->closing = 0;
	if (fv->picking) {
		size_t n = ff->sf->type.nenums;

		switch (key) {
		case KF(KEY_UP):
		case 'k':
			fv->pick = fv->pick > 0 ? fv->pick - 1 : 0;
			break;
		case KF(KEY_DOWN):
		case 'j':
			if (fv->pick + 1 < n)
				fv->pick++;
			break;
		case '\n':
		case '\r':
		case ' ':
		case KF(KEY_ENTER):
			form_set(ff, ff->sf->type.enums[fv->pick]);
			fv->picking = 0;
			break;
		case 27:
		case 'q':
			fv->picking = 0;
			break;
		default:
			break;
		}
		return 1;
	}
	if (key == ' ' && form_is_bool(ff)) {
		const char *s = ff->val.p;
		int on = strcmp(s, "yes") == 0 || strcmp(s, "true") == 0;
		int tf = strcmp(s, "true") == 0 || strcmp(s, "false") == 0;

		form_set(ff, on ? (tf ? "false" : "no") : (tf ? "true" : "yes"));
		return 1;
	}
	switch (key) {
	case KF(KEY_BACKSPACE):
	case 127:
	case 8:
		if (ff->cur > 0) {
			size_t k = ff->cur - 1;

			while (k > 0 && ((unsigned char)ff->val.p[k] & 0xc0) ==
			    0x80)
				k--;
			memmove(ff->val.p + k, ff->val.p + ff->cur,
			    ff->val.len - ff->cur + 1);
			ff->val.len -= ff->cur - k;
			ff->cur = k;
		}
		return 1;
	case KF(KEY_DC):
		if (ff->cur < ff->val.len) {
			size_t k = ff->cur + 1;

			while (k < ff->val.len && ((unsigned char)ff->val.p[k] &
			    0xc0) == 0x80)
				k++;
			memmove(ff->val.p + ff->cur, ff->val.p + k,
			    ff->val.len - k + 1);
			ff->val.len -= k - ff->cur;
		}
		return 1;
	case KF(KEY_LEFT):
		while (ff->cur > 0 && (((unsigned char)ff->val.p[--ff->cur]) &
		    0xc0) == 0x80)
			;
		return 1;
	case KF(KEY_RIGHT):
		while (ff->cur < ff->val.len && (((unsigned char)
		    ff->val.p[++ff->cur]) & 0xc0) == 0x80)
			;
		return 1;
	case KF(KEY_HOME):
	case KCTRL('a'):
		ff->cur = 0;
		return 1;
	case KF(KEY_END):
	case KCTRL('e'):
		ff->cur = ff->val.len;
		return 1;
	case KCTRL('u'):
		form_set(ff, "");
		return 1;
	default:
		break;
	}
	if (key >= 32 && key != 127 && !(key & 0x200000)) {
		char mb[8];
		int n = wctomb(mb, (wchar_t)key);

		if (n <= 0)
			return 1;
		buf_reserve(&ff->val, (size_t)n + 1);
		memmove(ff->val.p + ff->cur + n, ff->val.p + ff->cur,
		    ff->val.len - ff->cur + 1);
		memcpy(ff->val.p + ff->cur, mb, (size_t)n);
		ff->val.len += (size_t)n;
		ff->val.p[ff->val.len] = '\0';
		ff->cur += (size_t)n;
		return 1;
	}
	return 0;
}

/* Only what works now. */
static int
form_can(struct app *a, struct view *v, enum action_id id)
{
	struct fview *fv = v->priv;
	size_t i;

	switch (id) {
	case ACT_APPLY:		/* a router's menu: preview first */
		return fv->built && fv->n > 0 && fv->in.mode != FORM_LOCAL;
	case ACT_SAVE:		/* a local record: saved at once */
		return fv->built && fv->n > 0 && fv->in.mode == FORM_LOCAL;
	case ACT_CHOOSE:
	case ACT_NEXTFIELD:
	case ACT_PREVFIELD:
		return fv->built && fv->n > 0;
	case ACT_MORE:
		for (i = 0; i < fv->n; i++)
			if (!fv->f[i].shown)
				return 1;
		return 0;
	default:
		return 1;
	}
}

/* Has the user typed anything that would be lost? */
static int
form_changed(const struct fview *fv)
{
	size_t i;

	for (i = 0; i < fv->n; i++) {
		const struct ffield *ff = &fv->f[i];
		const char *v = ff->val.p != NULL ? ff->val.p : "";

		if (strcmp(v, ff->orig != NULL ? ff->orig : "") != 0)
			return 1;
	}
	return 0;
}

/* Keys from the action table. */
static int
form_action(struct app *a, struct view *v, enum action_id id)
{
	struct fview *fv = v->priv;
	struct ffield *ff = fv->built && fv->n > 0 ? &fv->f[fv->sel] : NULL;
	size_t i;

	if (id != ACT_CLOSE)
		fv->closing = 0;
	switch (id) {
	case ACT_CLOSE:
		if (form_changed(fv) && !fv->closing) {
			fv->closing = 1;	/* typed input is not lost by a slip */
			app_status(a, R_STATUS_ERROR, "%s", _("Esc again "
			    "discards what you typed; F10 goes on"));
			return 1;
		}
		app_pop(a);
		app_status(a, R_STATUS_INFO, "%s", _("form closed: nothing "
		    "was sent"));
		return 1;
	case ACT_MORE:
		for (i = 0; i < fv->n; i++)
			fv->f[i].shown = 1;
		return 1;
	default:
		break;
	}
	if (ff == NULL)
		return id == ACT_HELP ? 0 : 1;
	switch (id) {
	case ACT_NEXTFIELD:
		form_move(a, fv, 1);
		break;
	case ACT_PREVFIELD:
		form_move(a, fv, -1);
		break;
	case ACT_CHOOSE:
		if (form_is_enum(ff)) {
			fv->picking = 1;
			fv->pick = 0;
			free(ff->err);	/* a value is being chosen: the list */
			ff->err = NULL;	/* takes the error's place */
			for (i = 0; i < ff->sf->type.nenums; i++)
				if (strcmp(ff->sf->type.enums[i],
				    ff->val.p) == 0)
					fv->pick = i;
		} else if (form_is_bool(ff))
			form_key(a, v, ' ');
		else
			form_move(a, fv, 1);
		break;
	case ACT_APPLY:
	case ACT_SAVE:
		form_apply(a, v);
		break;
	default:
		return 0;
	}
	return 1;
}
