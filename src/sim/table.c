/* table.c: simulator rows, tables and rendered row views. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "simint.h"

#define KVBLOCK_SIZE	4096

struct kvblock {
	struct kvblock	*next;
	size_t		 used;
	size_t		 size;
	char		 data[];
};

static char *kvl_alloc(struct kvlist *l, size_t n);
static size_t row_rank(const struct srow *tmpl, const char *fields,
    const char *name);
static struct kv *kvl_slot(struct kvlist *l, const char *name);

/* Start an empty view. */
void
kvl_init(struct kvlist *l)
{
	memset(l, 0, sizeof *l);
}

/* Free a view and its arena. */
void
kvl_free(struct kvlist *l)
{
	struct kvblock *b, *nb;

	for (b = l->blocks; b != NULL; b = nb) {
		nb = b->next;
		free(b);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Empty a view, keeping its memory for the next row. */
void
kvl_reset(struct kvlist *l)
{
	struct kvblock *b;

	l->n = 0;
	for (b = l->blocks; b != NULL; b = b->next)
		b->used = 0;
	l->cur = l->blocks;
}

/* Bytes from the arena; blocks never move, so pointers stay valid. */
static char *
kvl_alloc(struct kvlist *l, size_t n)
{
	struct kvblock *b;
	size_t size;

	for (b = l->cur; b != NULL; b = b->next) {
		if (b->size - b->used >= n) {
			l->cur = b;
			b->used += n;
			return b->data + b->used - n;
		}
	}
	size = n > KVBLOCK_SIZE ? n : KVBLOCK_SIZE;
	b = xmalloc(sizeof *b + size);
	b->size = size;
	b->used = n;
	b->next = l->blocks;
	l->blocks = b;
	l->cur = b;
	return b->data;
}

/* The entry for name, appended when missing. */
static struct kv *
kvl_slot(struct kvlist *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n].name = name;
	return &l->v[l->n++];
}

/* Set a value that outlives the view. */
void
kvl_set(struct kvlist *l, const char *name, const char *val, uint32_t len)
{
	struct kv *e = kvl_slot(l, name);

	e->val = val;
	e->len = len;
}

/* Set a formatted value, copied into the arena. */
void
kvl_setf(struct kvlist *l, const char *name, const char *fmt, ...)
{
	char tmp[512], *p;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof tmp)
		n = sizeof tmp - 1;
	p = kvl_alloc(l, (size_t)n + 1);
	memcpy(p, tmp, (size_t)n + 1);
	kvl_set(l, name, p, (uint32_t)n);
}

/* Find an entry. */
const struct kv *
kvl_get(const struct kvlist *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

/* Drop an entry, keeping the order of the others. */
void
kvl_del(struct kvlist *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) == 0) {
			memmove(&l->v[i], &l->v[i + 1],
			    (l->n - i - 1) * sizeof *l->v);
			l->n--;
			return;
		}
	}
}

/* A row with no fields. */
struct srow *
row_new(uint32_t id)
{
	struct srow *r = xcalloc(1, sizeof *r);

	r->id = id;
	return r;
}

/* Free a row and its fields. */
void
row_free(struct srow *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->f[i].name);
		free(r->f[i].val);
	}
	free(r->f);
	free(r);
}

/* A field, or NULL. */
const struct sfield *
row_field(const struct srow *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->f[i].name, name) == 0)
			return &r->f[i];
	return NULL;
}

/* A field's value as a C string, or NULL. */
const char *
row_get(const struct srow *r, const char *name)
{
	const struct sfield *f = row_field(r, name);

	return f != NULL ? f->val : NULL;
}

/* Set a field (bytes, any content). */
void
row_set(struct srow *r, const char *name, const char *val, uint32_t len)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->f[i].name, name) == 0)
			break;
	if (i == r->n) {
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 8;
			r->f = xreallocarray(r->f, r->cap, sizeof *r->f);
		}
		r->f[i].name = xstrdup(name);
		r->f[i].val = NULL;
		r->n++;
	}
	free(r->f[i].val);
	r->f[i].val = xmalloc((size_t)len + 1);
	if (len)
		memcpy(r->f[i].val, val, len);
	r->f[i].val[len] = '\0';
	r->f[i].len = len;
}

/* Set a field from a C string. */
void
row_sets(struct srow *r, const char *name, const char *val)
{
	row_set(r, name, val, (uint32_t)strlen(val));
}

/* Set a formatted field. */
void
row_setf(struct srow *r, const char *name, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	row_sets(r, name, s);
	free(s);
}

/* Remove a field. */
void
row_del(struct srow *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		if (strcmp(r->f[i].name, name) == 0) {
			free(r->f[i].name);
			free(r->f[i].val);
			memmove(&r->f[i], &r->f[i + 1],
			    (r->n - i - 1) * sizeof *r->f);
			r->n--;
			return;
		}
	}
}

/* Fill a row from "k=v|k=v" (values may hold '=' but not '|'). */
void
row_parse(struct srow *r, const char *spec)
{
	const char *p = spec;

	while (p != NULL && *p != '\0') {
		const char *end = strchr(p, '|');
		const char *eq;
		size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
		char *name;

		eq = memchr(p, '=', n);
		if (eq != NULL) {
			name = xstrndup(p, (size_t)(eq - p));
			row_set(r, name, eq + 1, (uint32_t)(p + n - eq - 1));
			free(name);
		}
		p = end != NULL ? end + 1 : NULL;
	}
}

/* Append a row parsed from spec with the next free id. */
struct srow *
table_add(struct stable *t, const char *spec)
{
	struct srow *r = row_new(t->next_id++);

	row_parse(r, spec);
	table_insert_at(t, t->n, r);
	return r;
}

/* Find a row by its id. */
struct srow *
table_find_id(const struct stable *t, uint32_t id)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->rows[i]->id == id)
			return t->rows[i];
	return NULL;
}

/* Find a row by its name field. */
struct srow *
table_find_name(const struct stable *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		const char *v = row_get(t->rows[i], "name");

		if (v != NULL && strcmp(v, name) == 0)
			return t->rows[i];
	}
	return NULL;
}

/* Position of a row in its table. */
size_t
table_index(const struct stable *t, const struct srow *r)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->rows[i] == r)
			return i;
	return t->n;
}

/* Unlink the row at i (the caller frees or reinserts it). */
void
table_remove_at(struct stable *t, size_t i)
{
	memmove(&t->rows[i], &t->rows[i + 1],
	    (t->n - i - 1) * sizeof *t->rows);
	t->n--;
}

/* Insert a row before position i. */
void
table_insert_at(struct stable *t, size_t i, struct srow *r)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->rows = xreallocarray(t->rows, t->cap, sizeof *t->rows);
	}
	if (i > t->n)
		i = t->n;
	memmove(&t->rows[i + 1], &t->rows[i], (t->n - i) * sizeof *t->rows);
	t->rows[i] = r;
	t->n++;
}

/* Render a stored row into a view. */
void
table_render(struct sim *sim, const struct stable *t, const struct srow *r,
    struct kvlist *out)
{
	size_t i;

	kvl_reset(out);
	if (!(t->m->flags & MF_SINGLE))
		kvl_setf(out, ".id", "*%X", r->id);
	for (i = 0; i < r->n; i++) {
		if (t->m->hidden != NULL &&
		    menu_field_in(t->m->hidden, r->f[i].name))
			continue;
		kvl_set(out, r->f[i].name, r->f[i].val, r->f[i].len);
	}
	if (t->m->render != NULL)
		t->m->render(sim, r, out);
}

/* Where a field goes: its place in the template row, else in the menu's
 * field list; "comment" always last. */
static size_t
row_rank(const struct srow *tmpl, const char *fields, const char *name)
{
	size_t i;
	const char *p;

	if (strcmp(name, "comment") == 0)
		return 100000;
	if (tmpl != NULL) {
		for (i = 0; i < tmpl->n; i++)
			if (strcmp(tmpl->f[i].name, name) == 0)
				return i;
	}
	if (fields != NULL && (p = strstr(fields, name)) != NULL)
		return 1000 + (size_t)(p - fields);
	return 50000;
}

/* Order a new row's fields like an existing row of its table. */
void
row_order_like(struct srow *r, const struct srow *tmpl, const char *fields)
{
	size_t i, j;

	/* Insertion sort: rows have a few dozen fields at most. */
	for (i = 1; i < r->n; i++) {
		struct sfield f = r->f[i];
		size_t rank = row_rank(tmpl, fields, f.name);

		for (j = i; j > 0 && row_rank(tmpl, fields,
		    r->f[j - 1].name) > rank; j--)
			r->f[j] = r->f[j - 1];
		r->f[j] = f;
	}
}
