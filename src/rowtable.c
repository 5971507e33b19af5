/* rowtable.c: the table model (mark -> upsert -> sweep, filter, sort). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "rowtable.h"
#include "util.h"

struct skey {
	const char	*p;
	uint32_t	 len;
	uint32_t	 slot;
	int		 isnum;
	double		 num;
};

static uint32_t rowtable_hash_bytes(const char *p, size_t n);
static int rowtable_slot_id(const struct table *t, uint32_t slot,
    struct tword *id);
static void rowtable_hash_insert(struct table *t, uint32_t slot);
static void rowtable_hash_rebuild(struct table *t);
static void rowtable_merge_cols(struct table *t, size_t s);
static uint32_t rowtable_new_slot(struct table *t, uint32_t row);
static int rowtable_skey_cmp(const void *a, const void *b);
static int rowtable_number(const char *p, size_t n, double *out);
static int rowtable_icontains(const char *h, size_t hn, const char *n,
    size_t nn);
static const char *rowtable_cstr(struct table *t, const struct tword *w);

static int rowtable_sort_reverse;	/* qsort has no context argument */

/* An empty table. */
void
rowtable_init(struct table *t)
{
	memset(t, 0, sizeof *t);
	buf_init(&t->scratch);
}

/* Free everything. */
void
rowtable_free(struct table *t)
{
	rowtable_clear(t);
	rowtable_filter_free(&t->filter);
	free(t->sort_col);
	buf_free(&t->scratch);
	memset(t, 0, sizeof *t);
}

/* Drop every row and store. */
void
rowtable_clear(struct table *t)
{
	size_t i;

	for (i = 0; i < t->nstores; i++) {
		rowstore_clear(t->stores[i]);
		free(t->stores[i]);
	}
	free(t->stores);
	free(t->seen_cols);
	t->stores = NULL;
	t->seen_cols = NULL;
	t->nstores = 0;
	free(t->slots);
	t->slots = NULL;
	t->nslots = t->slots_cap = 0;
	free(t->hash);
	t->hash = NULL;
	t->hcap = t->hused = 0;
	free(t->idx);
	t->idx = NULL;
	t->nidx = 0;
	for (i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	free(t->cols);
	t->cols = NULL;
	t->ncols = 0;
	t->loading = 0;
}

/* FNV-1a. */
static uint32_t
rowtable_hash_bytes(const char *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- > 0) {
		h ^= (unsigned char)*p++;
		h *= 16777619u;
	}
	return h;
}

/* The .id of a slot's row. */
static int
rowtable_slot_id(const struct table *t, uint32_t slot, struct tword *id)
{
	const struct tslot *s = &t->slots[slot];
	const struct rowstore *rs = t->stores[s->store];
	int col = rowstore_col(rs, ".id");

	if (col < 0)
		return 0;
	return rowstore_get(rs, s->row, (uint32_t)col, id);
}

/* Add slot to the .id hash (grows it as needed). */
static void
rowtable_hash_insert(struct table *t, uint32_t slot)
{
	struct tword id;
	size_t i;

	if (!rowtable_slot_id(t, slot, &id))
		return;
	if ((t->hused + 1) * 2 > t->hcap) {
		t->hcap = t->hcap ? t->hcap * 2 : 1024;
		rowtable_hash_rebuild(t);	/* slot is already in slots[] */
		return;
	}
	i = rowtable_hash_bytes(id.p, id.len) & (t->hcap - 1);
	while (t->hash[i] != 0)
		i = (i + 1) & (t->hcap - 1);
	t->hash[i] = slot + 1;
	t->hused++;
}

/* Rebuild the hash at its current capacity from the slots. */
static void
rowtable_hash_rebuild(struct table *t)
{
	size_t s, i;
	struct tword id;

	free(t->hash);
	t->hash = xcalloc(t->hcap, sizeof *t->hash);
	t->hused = 0;
	for (s = 0; s < t->nslots; s++) {
		if (!rowtable_slot_id(t, (uint32_t)s, &id))
			continue;
		i = rowtable_hash_bytes(id.p, id.len) & (t->hcap - 1);
		while (t->hash[i] != 0)
			i = (i + 1) & (t->hcap - 1);
		t->hash[i] = (uint32_t)s + 1;
		t->hused++;
	}
}

/* Slot of the row with this .id, or -1. */
long
rowtable_find(const struct table *t, const char *id, size_t idlen)
{
	size_t i;
	struct tword w;

	if (t->hcap == 0)
		return -1;
	i = rowtable_hash_bytes(id, idlen) & (t->hcap - 1);
	while (t->hash[i] != 0) {
		uint32_t s = t->hash[i] - 1;

		if (rowtable_slot_id(t, s, &w) && w.len == idlen &&
		    memcmp(w.p, id, idlen) == 0)
			return (long)s;
		i = (i + 1) & (t->hcap - 1);
	}
	return -1;
}

/* Columns of store s not yet in cols. */
static void
rowtable_merge_cols(struct table *t, size_t s)
{
	const struct rowstore *rs = t->stores[s];
	uint32_t c;
	size_t i;

	for (c = t->seen_cols[s]; c < rs->ncols; c++) {
		for (i = 0; i < t->ncols; i++)
			if (strcmp(t->cols[i], rs->cols[c]) == 0)
				break;
		if (i < t->ncols)
			continue;
		t->cols = xreallocarray(t->cols, t->ncols + 1,
		    sizeof *t->cols);
		t->cols[t->ncols++] = xstrdup(rs->cols[c]);
	}
	t->seen_cols[s] = rs->ncols;
}

/* A refresh starts. */
void
rowtable_begin(struct table *t)
{
	size_t i;

	t->stores = xreallocarray(t->stores, t->nstores + 1,
	    sizeof *t->stores);
	t->seen_cols = xreallocarray(t->seen_cols, t->nstores + 1,
	    sizeof *t->seen_cols);
	t->stores[t->nstores] = xmalloc(sizeof **t->stores);
	rowstore_init(t->stores[t->nstores]);
	t->seen_cols[t->nstores] = 0;
	t->nstores++;
	for (i = 0; i < t->nslots; i++)
		t->slots[i].mark = 0;
	t->loading = 1;
}

/* Append a slot for row of the current store. */
static uint32_t
rowtable_new_slot(struct table *t, uint32_t row)
{
	if (t->nslots == t->slots_cap) {
		t->slots_cap = t->slots_cap ? t->slots_cap * 2 : 256;
		t->slots = xreallocarray(t->slots, t->slots_cap,
		    sizeof *t->slots);
	}
	t->slots[t->nslots].row = row;
	t->slots[t->nslots].store = (uint16_t)(t->nstores - 1);
	t->slots[t->nslots].mark = 1;
	return (uint32_t)t->nslots++;
}

/* Upsert the rows of a batch. */
size_t
rowtable_add(struct table *t, struct rowbatch **b)
{
	struct rowstore *rs;
	size_t first, i, added;
	int idcol;

	if (t->nstores == 0)
		rowtable_begin(t);
	rs = t->stores[t->nstores - 1];
	first = rs->nrows;
	added = rowstore_add(rs, b);
	rowtable_merge_cols(t, t->nstores - 1);
	idcol = rowstore_col(rs, ".id");
	for (i = first; i < rs->nrows; i++) {
		struct tword id;
		long s = -1;
		uint32_t slot;

		if (idcol >= 0 && rowstore_get(rs, i, (uint32_t)idcol, &id))
			s = rowtable_find(t, id.p, id.len);
		if (s >= 0) {
			t->slots[s].row = (uint32_t)i;
			t->slots[s].store = (uint16_t)(t->nstores - 1);
			t->slots[s].mark = 1;
			continue;
		}
		slot = rowtable_new_slot(t, (uint32_t)i);
		rowtable_hash_insert(t, slot);
		if (t->filter.kind == TF_NONE && t->sort_col == NULL &&
		    !t->dirty) {
			t->idx = xreallocarray(t->idx, t->nidx + 1,
			    sizeof *t->idx);
			t->idx[t->nidx++] = slot;
		} else
			t->dirty = 1;
	}
	return added;
}

/* The refresh ended. */
void
rowtable_end(struct table *t, int complete)
{
	struct rowstore *cur;
	uint32_t *byrow, i;
	size_t n = 0, s;

	t->loading = 0;
	if (!complete || t->nstores == 0) {
		t->dirty = 1;
		return;
	}
	cur = t->stores[t->nstores - 1];
	/* sweep, and take the router's order */
	byrow = xmalloc((cur->nrows + 1) * sizeof *byrow);
	memset(byrow, 0xff, (cur->nrows + 1) * sizeof *byrow);
	for (s = 0; s < t->nslots; s++)
		if (t->slots[s].mark &&
		    t->slots[s].store == t->nstores - 1)
			byrow[t->slots[s].row] = (uint32_t)s;
	for (i = 0; i < cur->nrows; i++) {
		if (byrow[i] == UINT32_MAX)
			continue;
		t->slots[n].row = i;
		t->slots[n].store = 0;
		t->slots[n].mark = 0;
		n++;
	}
	free(byrow);
	t->nslots = n;
	for (s = 0; s + 1 < t->nstores; s++) {
		rowstore_clear(t->stores[s]);
		free(t->stores[s]);
	}
	t->stores[0] = cur;
	t->seen_cols[0] = t->seen_cols[t->nstores - 1];
	t->nstores = 1;
	t->hcap = 1024;
	while (t->hcap < n * 2 + 2)
		t->hcap *= 2;
	rowtable_hash_rebuild(t);
	t->dirty = 1;
}

/* Drop one row: a listen reported it removed. */
void
rowtable_remove(struct table *t, uint32_t slot)
{
	if (slot >= t->nslots)
		return;
	memmove(t->slots + slot, t->slots + slot + 1,
	    (t->nslots - slot - 1) * sizeof *t->slots);
	t->nslots--;
	if (t->hcap == 0)
		t->hcap = 1024;
	rowtable_hash_rebuild(t);
	t->dirty = 1;
}

/* Value of a named column in a slot. */
int
rowtable_get(const struct table *t, uint32_t slot, const char *name,
    struct tword *val)
{
	const struct tslot *s = &t->slots[slot];
	const struct rowstore *rs = t->stores[s->store];
	int col = rowstore_col(rs, name);

	if (col < 0)
		return 0;
	return rowstore_get(rs, s->row, (uint32_t)col, val);
}

/* Position of slot in idx, or -1. */
long
rowtable_pos(const struct table *t, uint32_t slot)
{
	size_t i;

	for (i = 0; i < t->nidx; i++)
		if (t->idx[i] == slot)
			return (long)i;
	return -1;
}

/* Parse "text", "col=v", "col~re", "col>n", "col<n". */
int
rowtable_filter_parse(const char *s, struct tfilter *f, char *err,
    size_t errlen)
{
	size_t n, i;
	int colok;

	memset(f, 0, sizeof *f);
	while (*s == ' ')
		s++;
	if (*s == '\0')
		return 0;
	n = strcspn(s, "=~<>");
	colok = n > 0 && s[n] != '\0';
	for (i = 0; colok && i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '-' ||
		    s[i] == '.' || s[i] == '_'))
			colok = 0;
	if (!colok) {
		f->kind = TF_SUB;
		f->val = xstrdup(s);
		return 0;
	}
	f->col = xstrndup(s, n);
	f->val = xstrdup(s + n + 1);
	switch (s[n]) {
	case '=':
		f->kind = TF_EQ;
		break;
	case '~': {
		int rc = regcomp(&f->re, f->val, REG_EXTENDED | REG_NOSUB);

		if (rc != 0) {
			char m[160];

			regerror(rc, &f->re, m, sizeof m);
			str_fmt(err, errlen, _("bad regular expression "
			    "\"%s\": %s"), f->val, m);
			free(f->col);
			free(f->val);
			memset(f, 0, sizeof *f);
			return -1;
		}
		f->kind = TF_RE;
		break;
	}
	default:
		if (!rowtable_number(f->val, strlen(f->val), &f->num)) {
			str_fmt(err, errlen, _("\"%s\" is not a number: "
			    "%s%c needs one, e.g. bytes>1000"), f->val,
			    f->col, s[n]);
			free(f->col);
			free(f->val);
			memset(f, 0, sizeof *f);
			return -1;
		}
		f->kind = s[n] == '>' ? TF_GT : TF_LT;
		break;
	}
	return 0;
}

/* The RouterOS query word for f (?col=v, ?>col=n, ?<col=n), or NULL when
 * the router cannot run it (substring, regex). */
char *
rowtable_filter_query(const struct tfilter *f)
{
	switch (f->kind) {
	case TF_EQ:
		return xasprintf("?%s=%s", f->col, f->val);
	case TF_GT:
		return xasprintf("?>%s=%s", f->col, f->val);
	case TF_LT:
		return xasprintf("?<%s=%s", f->col, f->val);
	default:
		return NULL;
	}
}

/* Free a filter's contents. */
void
rowtable_filter_free(struct tfilter *f)
{
	if (f->kind == TF_RE)
		regfree(&f->re);
	free(f->col);
	free(f->val);
	memset(f, 0, sizeof *f);
}

/* A word as a NUL-terminated string in the scratch buffer. */
static const char *
rowtable_cstr(struct table *t, const struct tword *w)
{
	buf_reset(&t->scratch);
	buf_add(&t->scratch, w->p, w->len);
	return t->scratch.p;
}

/* Does h contain n, ignoring ASCII case? */
static int
rowtable_icontains(const char *h, size_t hn, const char *n, size_t nn)
{
	size_t i, j;

	if (nn == 0)
		return 1;
	for (i = 0; i + nn <= hn; i++) {
		for (j = 0; j < nn; j++)
			if (tolower((unsigned char)h[i + j]) !=
			    tolower((unsigned char)n[j]))
				break;
		if (j == nn)
			return 1;
	}
	return 0;
}

/* Does slot pass the filter? */
int
rowtable_filter_match(struct table *t, const struct tfilter *f, uint32_t slot)
{
	const struct tslot *s = &t->slots[slot];
	const struct rowstore *rs = t->stores[s->store];
	struct tword v;
	struct rowcur c;
	struct field fl;
	double d;

	switch (f->kind) {
	case TF_NONE:
		return 1;
	case TF_SUB:
		rowcur_init(&c, rs->rows[s->row]);
		while (rowcur_next(&c, &fl))
			if (rowtable_icontains(fl.val.p, fl.val.len, f->val,
			    strlen(f->val)))
				return 1;
		return 0;
	case TF_EQ:
		if (!rowtable_get(t, slot, f->col, &v))
			return f->val[0] == '\0';
		return v.len == strlen(f->val) &&
		    memcmp(v.p, f->val, v.len) == 0;
	case TF_RE:
		if (!rowtable_get(t, slot, f->col, &v))
			return 0;
		return regexec(&f->re, rowtable_cstr(t, &v), 0, NULL, 0) == 0;
	case TF_GT:
	case TF_LT:
		if (!rowtable_get(t, slot, f->col, &v) ||
		    !rowtable_number(v.p, v.len, &d))
			return 0;
		return f->kind == TF_GT ? d > f->num : d < f->num;
	}
	return 0;
}

/* Take over a filter. */
void
rowtable_set_filter(struct table *t, struct tfilter *f)
{
	rowtable_filter_free(&t->filter);
	t->filter = *f;
	memset(f, 0, sizeof *f);
	t->dirty = 1;
}

/* Set the sort column. */
void
rowtable_set_sort(struct table *t, const char *col, int reverse)
{
	free(t->sort_col);
	t->sort_col = col != NULL ? xstrdup(col) : NULL;
	t->reverse = reverse;
	t->dirty = 1;
}

/* A whole value as a number (a plain decimal, optionally signed). */
static int
rowtable_number(const char *p, size_t n, double *out)
{
	char tmp[64], *end;

	if (n == 0 || n >= sizeof tmp)
		return 0;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	if (!(isdigit((unsigned char)tmp[0]) || tmp[0] == '-' ||
	    tmp[0] == '+' || tmp[0] == '.'))
		return 0;
	errno = 0;
	*out = strtod(tmp, &end);
	return *end == '\0' && errno == 0;
}

/* Natural comparison of two byte strings. */
int
rowtable_natcmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	while (i < alen && j < blen) {
		unsigned char ca = (unsigned char)a[i], cb = (unsigned char)b[j];

		if (isdigit(ca) && isdigit(cb)) {
			size_t si, sj, ni, nj;
			int c;

			while (i < alen && a[i] == '0')
				i++;
			while (j < blen && b[j] == '0')
				j++;
			si = i;
			sj = j;
			while (i < alen && isdigit((unsigned char)a[i]))
				i++;
			while (j < blen && isdigit((unsigned char)b[j]))
				j++;
			ni = i - si;
			nj = j - sj;
			if (ni != nj)
				return ni < nj ? -1 : 1;
			if ((c = memcmp(a + si, b + sj, ni)) != 0)
				return c < 0 ? -1 : 1;
			continue;
		}
		if (ca != cb)
			return ca < cb ? -1 : 1;
		i++;
		j++;
	}
	if (i < alen)
		return 1;
	if (j < blen)
		return -1;
	return 0;
}

/* qsort comparator: numbers before text, numbers by value. */
static int
rowtable_skey_cmp(const void *pa, const void *pb)
{
	const struct skey *a = pa, *b = pb;
	int c;

	if (a->isnum && b->isnum)
		c = a->num < b->num ? -1 : a->num > b->num ? 1 : 0;
	else if (a->isnum != b->isnum)
		c = a->isnum ? -1 : 1;
	else if (a->len == b->len && memcmp(a->p, b->p, a->len) == 0)
		c = 0;	/* equal values are common (6 gateways, 1M routes) */
	else
		c = rowtable_natcmp(a->p, a->len, b->p, b->len);
	if (rowtable_sort_reverse)
		c = -c;
	if (c == 0)
		c = a->slot < b->slot ? -1 : a->slot > b->slot ? 1 : 0;
	return c;
}

/* Rebuild idx: filter, then sort on decoded keys. */
void
rowtable_reindex(struct table *t)
{
	size_t i, n = 0, s;
	int *cols = NULL;

	t->idx = xreallocarray(t->idx, t->nslots + 1, sizeof *t->idx);
	for (i = 0; i < t->nslots; i++)
		if (t->filter.kind == TF_NONE ||
		    rowtable_filter_match(t, &t->filter, (uint32_t)i))
			t->idx[n++] = (uint32_t)i;
	t->nidx = n;
	t->dirty = 0;
	if (t->sort_col != NULL && n > 1) {
		struct skey *k = xreallocarray(NULL, n, sizeof *k);

		cols = xreallocarray(NULL, t->nstores, sizeof *cols);
		for (s = 0; s < t->nstores; s++)
			cols[s] = rowstore_col(t->stores[s], t->sort_col);
		for (i = 0; i < n; i++) {
			const struct tslot *sl = &t->slots[t->idx[i]];
			struct tword v = { "", 0 };

			if (cols[sl->store] >= 0)
				rowstore_get(t->stores[sl->store], sl->row,
				    (uint32_t)cols[sl->store], &v);
			k[i].p = v.p;
			k[i].len = (uint32_t)v.len;
			k[i].slot = t->idx[i];
			k[i].isnum = rowtable_number(v.p, v.len, &k[i].num);
		}
		rowtable_sort_reverse = t->reverse;
		qsort(k, n, sizeof *k, rowtable_skey_cmp);
		for (i = 0; i < n; i++)
			t->idx[i] = k[i].slot;
		free(k);
		free(cols);
	}
}
