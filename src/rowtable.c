/* rowtable.c: the table model (mark -> upsert -> sweep, filter, sort). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "rowtable.h"
#include "util.h"

/* A sort key: 16 bytes; sorting 1M rows needs 16 MB of keys and an 8 MB
 * merge buffer (half the keys). */
struct skey {
	union {
		const char	*p;
		double		 num;
	} u;
	uint32_t	 len;		/* SKEY_NUM: u.num, else u.p, len */
	uint32_t	 slot;
};

#define SKEY_NUM	0x80000000u
#define SKEY_SMALL	16		/* insertion sort below this */
#define RANK_MAX	4096		/* distinct values worth ranking */

static uint32_t rowtable_hash_bytes(const char *p, size_t n);
static int rowtable_slot_id(const struct table *t, uint32_t slot,
    struct tword *id);
static long rowtable_find_h(const struct table *t, const char *id,
    size_t idlen, uint32_t h);
static void rowtable_hash_insert(struct table *t, uint32_t slot);
static void rowtable_hash_rebuild(struct table *t);
static void rowtable_free_stores(struct table *t, size_t keep);
static void rowtable_count_refs(struct table *t);
static void rowtable_unref(struct table *t, uint32_t store, uint32_t row);
static size_t rowtable_chunk_refs(const struct table *t, uint32_t store,
    size_t c);
static void rowtable_release(struct table *t, uint32_t store, size_t c);
static void rowtable_release_pending(struct table *t);
static void rowtable_merge_cols(struct table *t, size_t s);
static uint32_t rowtable_new_slot(struct table *t, uint32_t row);
static int rowtable_skey_vcmp(const struct skey *a, const struct skey *b);
static int rowtable_skey_cmp(const struct skey *a, const struct skey *b,
    int rev);
static int rowtable_skey_rank(struct skey *k, size_t n, uint32_t *di);
static void rowtable_skey_sort(struct skey *k, size_t n, struct skey *tmp,
    int rev);
static int rowtable_number(const char *p, size_t n, double *out);
static int rowtable_filter_number(const char *s, double *out);
static int rowtable_icontains(const char *h, size_t hn, const char *n,
    size_t nn);
static const char *rowtable_cstr(struct table *t, const struct tword *w);

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
	for (i = 0; i < t->nstores; i++)
		free(t->sinfo[i].live);
	free(t->stores);
	free(t->seen_cols);
	free(t->sinfo);
	free(t->pend);
	t->stores = NULL;
	t->seen_cols = NULL;
	t->sinfo = NULL;
	t->pend = NULL;
	t->npend = t->pend_cap = 0;
	t->nstores = 0;
	free(t->slots);
	free(t->slot_hash);
	t->slots = NULL;
	t->slot_hash = NULL;
	t->nslots = t->slots_cap = 0;
	free(t->hash);
	t->hash = NULL;
	t->hcap = t->hused = 0;
	free(t->idx);
	t->idx = NULL;
	t->nidx = 0;
	t->idx_cap = 0;
	for (i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	free(t->cols);
	t->cols = NULL;
	t->ncols = 0;
	t->loading = 0;
}

/* FNV-1a; never 0 (0 marks a slot without .id). */
static uint32_t
rowtable_hash_bytes(const char *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- > 0) {
		h ^= (unsigned char)*p++;
		h *= 16777619u;
	}
	return h != 0 ? h : 1;
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
	uint32_t h = t->slot_hash[slot];
	size_t i;

	if (h == 0)
		return;
	if ((t->hused + 1) * 2 > t->hcap) {
		t->hcap = t->hcap ? t->hcap * 2 : 1024;
		rowtable_hash_rebuild(t);	/* slot is already in slots[] */
		return;
	}
	i = h & (t->hcap - 1);
	while (t->hash[i] != 0)
		i = (i + 1) & (t->hcap - 1);
	t->hash[i] = slot + 1;
	t->hused++;
}

/* Rebuild the hash at its current capacity from the slots' hashes (no
 * row is decoded). */
static void
rowtable_hash_rebuild(struct table *t)
{
	size_t s, i;

	free(t->hash);
	t->hash = xcalloc(t->hcap, sizeof *t->hash);
	t->hused = 0;
	for (s = 0; s < t->nslots; s++) {
		uint32_t h = t->slot_hash[s];

		if (h == 0)
			continue;
		i = h & (t->hcap - 1);
		while (t->hash[i] != 0)
			i = (i + 1) & (t->hcap - 1);
		t->hash[i] = (uint32_t)s + 1;
		t->hused++;
	}
}

/* Slot of the row with this .id (whose hash is h), or -1. */
static long
rowtable_find_h(const struct table *t, const char *id, size_t idlen,
    uint32_t h)
{
	size_t i;
	struct tword w;

	if (t->hcap == 0)
		return -1;
	i = h & (t->hcap - 1);
	while (t->hash[i] != 0) {
		uint32_t s = t->hash[i] - 1;

		if (t->slot_hash[s] == h && rowtable_slot_id(t, s, &w) &&
		    w.len == idlen && memcmp(w.p, id, idlen) == 0)
			return (long)s;
		i = (i + 1) & (t->hcap - 1);
	}
	return -1;
}

/* Slot of the row with this .id, or -1. */
long
rowtable_find(const struct table *t, const char *id, size_t idlen)
{
	return rowtable_find_h(t, id, idlen, rowtable_hash_bytes(id, idlen));
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

/* Free stores [0, keep) and their counts. */
static void
rowtable_free_stores(struct table *t, size_t keep)
{
	size_t s;

	for (s = 0; s < keep; s++) {
		rowstore_clear(t->stores[s]);
		free(t->stores[s]);
		free(t->sinfo[s].live);
	}
	memmove(t->stores, t->stores + keep,
	    (t->nstores - keep) * sizeof *t->stores);
	memmove(t->seen_cols, t->seen_cols + keep,
	    (t->nstores - keep) * sizeof *t->seen_cols);
	memmove(t->sinfo, t->sinfo + keep,
	    (t->nstores - keep) * sizeof *t->sinfo);
	t->nstores -= keep;
	t->npend = 0;
}

/* Count the slots pointing into each chunk of every store but the last
 * (the older ones), and release the chunks nothing points into. */
static void
rowtable_count_refs(struct table *t)
{
	size_t s, c, old = t->nstores - 1;
	uint32_t cst = UINT32_MAX;
	size_t cc = 0, r0 = 0, r1 = 0;

	for (s = 0; s < old; s++) {
		struct tstore *si = &t->sinfo[s];
		const struct rowstore *rs = t->stores[s];

		free(si->live);
		si->live = xcalloc(rs->nchunks + 1, sizeof *si->live);
		si->nlive = rs->nchunks;
		si->nheld = 0;
		for (c = 0; c < rs->nchunks; c++)
			if (rs->chunks[c].mem != NULL)
				si->nheld++;
	}
	for (s = 0; s < t->nslots; s++) {
		const struct tslot *sl = &t->slots[s];

		if (sl->store >= old)
			continue;
		if (sl->store != cst || sl->row < r0 || sl->row >= r1) {
			const struct rowstore *rs = t->stores[sl->store];

			if (sl->row >= rs->nrows)
				continue;
			cst = sl->store;
			cc = rowstore_chunk_of(rs, sl->row);
			r0 = rs->chunks[cc].row0;
			r1 = rowstore_chunk_end(rs, cc);
		}
		t->sinfo[cst].live[cc]++;
	}
	t->npend = 0;
	for (s = 0; s < old; s++)
		for (c = 0; c < t->sinfo[s].nlive; c++)
			if (t->sinfo[s].live[c] == 0)
				rowtable_release(t, (uint32_t)s, c);
}

/* A slot stopped pointing at row of an older store. */
static void
rowtable_unref(struct table *t, uint32_t store, uint32_t row)
{
	struct tstore *si;
	size_t c;

	if (store + 1 >= t->nstores)
		return;		/* the store being filled is not counted */
	si = &t->sinfo[store];
	if (si->live == NULL || row >= t->stores[store]->nrows)
		return;
	c = rowstore_chunk_of(t->stores[store], row);
	if (c >= si->nlive || si->live[c] == 0 || --si->live[c] > 0)
		return;
	if (t->npend == t->pend_cap) {
		t->pend_cap = t->pend_cap ? t->pend_cap * 2 : 16;
		t->pend = xreallocarray(t->pend, t->pend_cap,
		    sizeof *t->pend);
	}
	t->pend[t->npend].store = (uint16_t)store;
	t->pend[t->npend].chunk = (uint32_t)c;
	t->npend++;
}

/* Rows of chunk c of store that a slot points at.  A slot pointing at a
 * row has that row's .id, so it is on the hash chain of the row's .id
 * hash: walk the chain, comparing (store, row), no other row decoded.  A
 * row without .id counts as pointed at. */
static size_t
rowtable_chunk_refs(const struct table *t, uint32_t store, size_t c)
{
	const struct rowstore *rs = t->stores[store];
	int idcol = rowstore_col(rs, ".id");
	size_t r, end = rowstore_chunk_end(rs, c), refs = 0;

	for (r = rs->chunks[c].row0; r < end; r++) {
		struct tword id;
		uint32_t h;
		size_t i;

		if (idcol < 0 || !rowstore_get(rs, r, (uint32_t)idcol, &id) ||
		    t->hcap == 0) {
			refs++;
			continue;
		}
		h = rowtable_hash_bytes(id.p, id.len);
		for (i = h & (t->hcap - 1); t->hash[i] != 0;
		    i = (i + 1) & (t->hcap - 1)) {
			const struct tslot *sl = &t->slots[t->hash[i] - 1];

			if (t->slot_hash[t->hash[i] - 1] == h &&
			    sl->store == store && sl->row == r) {
				refs++;
				break;
			}
		}
	}
	return refs;
}

/* Give chunk c of an older store back; the whole store once empty. */
static void
rowtable_release(struct table *t, uint32_t store, size_t c)
{
	struct rowstore *rs = t->stores[store];
	struct tstore *si = &t->sinfo[store];

	if (rs->chunks[c].mem == NULL)
		return;
	t->released += rowstore_release_chunk(rs, c);
	if (si->nheld > 0 && --si->nheld == 0) {
		/* nothing points into it: its row array goes too */
		rowstore_clear(rs);
		free(si->live);
		si->live = NULL;
		si->nlive = 0;
	}
}

/* Release the chunks whose count reached 0, once checked. */
static void
rowtable_release_pending(struct table *t)
{
	size_t i;

	for (i = 0; i < t->npend; i++) {
		uint32_t st = t->pend[i].store;
		size_t c = t->pend[i].chunk, refs;
		struct tstore *si;

		if (st + 1 >= t->nstores)
			continue;
		si = &t->sinfo[st];
		if (si->live == NULL || c >= si->nlive || si->live[c] != 0 ||
		    c >= t->stores[st]->nchunks ||
		    t->stores[st]->chunks[c].mem == NULL)
			continue;
		if ((refs = rowtable_chunk_refs(t, st, c)) > 0)
			si->live[c] = (uint32_t)refs;	/* pointed at again */
		else
			rowtable_release(t, st, c);
	}
	t->npend = 0;
}

/* A refresh starts. */
void
rowtable_begin(struct table *t)
{
	size_t i;

	rowtable_release_pending(t);
	t->stores = xreallocarray(t->stores, t->nstores + 1,
	    sizeof *t->stores);
	t->seen_cols = xreallocarray(t->seen_cols, t->nstores + 1,
	    sizeof *t->seen_cols);
	t->sinfo = xreallocarray(t->sinfo, t->nstores + 1,
	    sizeof *t->sinfo);
	t->stores[t->nstores] = xmalloc(sizeof **t->stores);
	rowstore_init(t->stores[t->nstores]);
	t->seen_cols[t->nstores] = 0;
	memset(&t->sinfo[t->nstores], 0, sizeof *t->sinfo);
	t->nstores++;
	for (i = 0; i < t->nslots; i++)
		t->slots[i].mark = 0;
	rowtable_count_refs(t);
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
		t->slot_hash = xreallocarray(t->slot_hash, t->slots_cap,
		    sizeof *t->slot_hash);
	}
	t->slot_hash[t->nslots] = 0;
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
	uint16_t cur;
	int idcol;

	if (t->nstores == 0)
		rowtable_begin(t);
	rowtable_release_pending(t);
	cur = (uint16_t)(t->nstores - 1);
	rs = t->stores[cur];
	first = rs->nrows;
	added = rowstore_add(rs, b);
	rowtable_merge_cols(t, cur);
	idcol = rowstore_col(rs, ".id");
	for (i = first; i < rs->nrows; i++) {
		struct tword id;
		long s = -1;
		uint32_t slot, h = 0;

		if (idcol >= 0 && rowstore_get(rs, i, (uint32_t)idcol, &id)) {
			h = rowtable_hash_bytes(id.p, id.len);
			s = rowtable_find_h(t, id.p, id.len, h);
		}
		if (s >= 0) {
			struct tslot *sl = &t->slots[s];

			if (sl->store != cur)
				rowtable_unref(t, sl->store, sl->row);
			sl->row = (uint32_t)i;
			sl->store = cur;
			sl->mark = 1;
			continue;
		}
		slot = rowtable_new_slot(t, (uint32_t)i);
		t->slot_hash[slot] = h;
		rowtable_hash_insert(t, slot);
		if (t->filter.kind == TF_NONE && t->sort_col == NULL &&
		    !t->dirty) {
			if (t->nidx == t->idx_cap) {	/* doubling */
				t->idx_cap = t->idx_cap < 1024 ? 1024 :
				    t->idx_cap * 2;
				t->idx = xreallocarray(t->idx, t->idx_cap,
				    sizeof *t->idx);
			}
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
	uint32_t *byrow, *nh, i;
	size_t n = 0, s, last;
	int inorder = 1;
	int64_t prev = -1;

	t->loading = 0;
	if (!complete || t->nstores == 0) {
		/* keep every store: rows that did not come back stay */
		rowtable_release_pending(t);
		t->dirty = 1;
		return;
	}
	last = t->nstores - 1;
	cur = t->stores[last];
	for (s = 0; s < t->nslots; s++) {
		const struct tslot *sl = &t->slots[s];

		if (!sl->mark || sl->store != last)
			continue;
		if ((int64_t)sl->row <= prev)
			inorder = 0;
		prev = sl->row;
		n++;
	}
	if (n == t->nslots && inorder) {
		/* every row came back, in the same order (the usual
		 * reload): slots and hash stay as they are */
		for (s = 0; s < t->nslots; s++) {
			t->slots[s].store = 0;
			t->slots[s].mark = 0;
		}
	} else {
		/* sweep, and take the router's order */
		byrow = xmalloc((cur->nrows + 1) * sizeof *byrow);
		memset(byrow, 0xff, (cur->nrows + 1) * sizeof *byrow);
		for (s = 0; s < t->nslots; s++)
			if (t->slots[s].mark && t->slots[s].store == last)
				byrow[t->slots[s].row] = (uint32_t)s;
		nh = xreallocarray(NULL, t->slots_cap + 1, sizeof *nh);
		n = 0;
		for (i = 0; i < cur->nrows; i++) {
			if (byrow[i] == UINT32_MAX)
				continue;
			nh[n] = t->slot_hash[byrow[i]];
			t->slots[n].row = i;
			t->slots[n].store = 0;
			t->slots[n].mark = 0;
			n++;
		}
		free(byrow);
		free(t->slot_hash);
		t->slot_hash = nh;
		t->nslots = n;
		t->hcap = 1024;
		while (t->hcap < n * 2 + 2)
			t->hcap *= 2;
		rowtable_hash_rebuild(t);
	}
	rowtable_free_stores(t, last);
	free(t->sinfo[0].live);
	memset(&t->sinfo[0], 0, sizeof *t->sinfo);
	t->dirty = 1;
}

/* Drop one row: a listen reported it removed. */
void
rowtable_remove(struct table *t, uint32_t slot)
{
	if (slot >= t->nslots)
		return;
	rowtable_unref(t, t->slots[slot].store, t->slots[slot].row);
	memmove(t->slots + slot, t->slots + slot + 1,
	    (t->nslots - slot - 1) * sizeof *t->slots);
	memmove(t->slot_hash + slot, t->slot_hash + slot + 1,
	    (t->nslots - slot - 1) * sizeof *t->slot_hash);
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
		if (!rowtable_filter_number(f->val, &f->num)) {
			str_fmt(err, errlen, _("\"%s\" is not a number: "
			    "%s%c needs one, e.g. bytes>1000 or bytes>1.5G"),
			    f->val, f->col, s[n]);
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
	case TF_GT:	/* the number itself: 1G goes as 1000000000 */
	case TF_LT:
		return xasprintf("?%c%s=%.15g", f->kind == TF_GT ? '>' : '<',
		    f->col, f->num);
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

/* A filter's number: a plain decimal, or with k, M, G or T after it
 * (thousands, as the table shows counters: bytes>1G). */
static int
rowtable_filter_number(const char *s, double *out)
{
	static const char units[] = "kMGT";
	size_t n = strlen(s), i;
	const char *u;
	double scale = 1;

	if (n > 1 && (u = strchr(units, s[n - 1] == 'K' ? 'k' :
	    s[n - 1])) != NULL) {
		for (i = 0; i <= (size_t)(u - units); i++)
			scale *= 1000;
		n--;
	}
	if (!rowtable_number(s, n, out))
		return 0;
	*out *= scale;
	return 1;
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

/* Numbers before text, numbers by value, text naturally. */
static int
rowtable_skey_vcmp(const struct skey *a, const struct skey *b)
{
	uint32_t an = a->len & SKEY_NUM, bn = b->len & SKEY_NUM;

	if (an && bn)
		return a->u.num < b->u.num ? -1 : a->u.num > b->u.num ? 1 : 0;
	if (an != bn)
		return an ? -1 : 1;
	if (a->len == b->len && memcmp(a->u.p, b->u.p, a->len) == 0)
		return 0;
	return rowtable_natcmp(a->u.p, a->len, b->u.p, b->len);
}

/* The value order, rev reversing it; equal values keep the router's order
 * (the slot). */
static int
rowtable_skey_cmp(const struct skey *a, const struct skey *b, int rev)
{
	int c = rowtable_skey_vcmp(a, b);

	if (rev)
		c = -c;
	if (c == 0)
		c = a->slot < b->slot ? -1 : a->slot > b->slot ? 1 : 0;
	return c;
}

/* A column with few distinct values (6 gateways over 1M routes): sort the
 * distinct values once and give every key its value's rank as a number,
 * so the big sort compares numbers, not strings.  di: n entries of
 * scratch.  Returns 0 (keys untouched) past RANK_MAX distinct values. */
static int
rowtable_skey_rank(struct skey *k, size_t n, uint32_t *di)
{
	struct skey *dv, *tmp;
	uint32_t *hash, *rank, nd = 0, r = 0;
	size_t i, hcap = RANK_MAX * 4;
	int done = 0;

	hash = xcalloc(hcap, sizeof *hash);
	dv = xreallocarray(NULL, RANK_MAX, sizeof *dv);
	for (i = 0; i < n; i++) {
		uint32_t h;
		size_t j;

		if (k[i].len & SKEY_NUM)
			h = rowtable_hash_bytes((const char *)&k[i].u.num,
			    sizeof k[i].u.num);
		else
			h = rowtable_hash_bytes(k[i].u.p, k[i].len);
		for (j = h & (hcap - 1); hash[j] != 0; j = (j + 1) & (hcap - 1)) {
			const struct skey *d = &dv[hash[j] - 1];

			if (d->len != k[i].len)
				continue;
			if (d->len & SKEY_NUM ? memcmp(&d->u.num, &k[i].u.num,
			    sizeof d->u.num) == 0 : memcmp(d->u.p, k[i].u.p,
			    d->len) == 0)
				break;
		}
		if (hash[j] == 0) {
			if (nd == RANK_MAX)
				goto out;
			dv[nd] = k[i];
			dv[nd].slot = nd;
			hash[j] = ++nd;
		}
		di[i] = hash[j] - 1;
	}
	tmp = xreallocarray(NULL, nd / 2 + 1, sizeof *tmp);
	rowtable_skey_sort(dv, nd, tmp, 0);
	free(tmp);
	/* values the order calls equal ("1", "01") share a rank */
	rank = xreallocarray(NULL, nd + 1, sizeof *rank);
	for (i = 0; i < nd; i++) {
		if (i > 0 && rowtable_skey_vcmp(&dv[i - 1], &dv[i]) != 0)
			r++;
		rank[dv[i].slot] = r;
	}
	for (i = 0; i < n; i++) {
		k[i].u.num = (double)rank[di[i]];
		k[i].len = SKEY_NUM;
	}
	free(rank);
	done = 1;
out:
	free(hash);
	free(dv);
	return done;
}

/* Merge sort of k[0..n) with tmp holding n / 2 keys: sort both halves,
 * move the left one to tmp, merge back into k.  Halves already in order
 * (a column the router sorts by) cost one comparison. */
static void
rowtable_skey_sort(struct skey *k, size_t n, struct skey *tmp, int rev)
{
	size_t h, i, j, o;
	struct skey x;

	if (n <= SKEY_SMALL) {
		for (i = 1; i < n; i++) {
			x = k[i];
			for (j = i; j > 0 &&
			    rowtable_skey_cmp(&x, &k[j - 1], rev) < 0; j--)
				k[j] = k[j - 1];
			k[j] = x;
		}
		return;
	}
	h = n / 2;
	rowtable_skey_sort(k, h, tmp, rev);
	rowtable_skey_sort(k + h, n - h, tmp, rev);
	if (rowtable_skey_cmp(&k[h - 1], &k[h], rev) <= 0)
		return;
	memcpy(tmp, k, h * sizeof *k);
	/* o = i + (j - h) < j while i < h: k[j] is read before overwritten */
	for (i = 0, j = h, o = 0; i < h && j < n; o++)
		k[o] = rowtable_skey_cmp(&k[j], &tmp[i], rev) < 0 ? k[j++] :
		    tmp[i++];
	while (i < h)
		k[o++] = tmp[i++];
}

/* Rebuild idx: filter, then sort on decoded keys. */
void
rowtable_reindex(struct table *t)
{
	size_t i, n = 0, s;
	int *cols = NULL, given;
	double d;

	if (t->nslots + 1 > t->idx_cap) {
		t->idx_cap = t->nslots + 1;
		t->idx = xreallocarray(t->idx, t->idx_cap, sizeof *t->idx);
	}
	for (i = 0; i < t->nslots; i++)
		if (t->filter.kind == TF_NONE ||
		    rowtable_filter_match(t, &t->filter, (uint32_t)i))
			t->idx[n++] = (uint32_t)i;
	t->nidx = n;
	t->dirty = 0;
	if (t->sort_col != NULL && n > 1) {
		struct skey *k = xreallocarray(NULL, n, sizeof *k), *tmp;

		cols = xreallocarray(NULL, t->nstores, sizeof *cols);
		for (s = 0; s < t->nstores; s++)
			cols[s] = rowstore_col(t->stores[s], t->sort_col);
		for (i = 0; i < n; i++) {
			const struct tslot *sl = &t->slots[t->idx[i]];
			struct tword v = { "", 0 };

			if (cols[sl->store] >= 0)
				rowstore_get(t->stores[sl->store], sl->row,
				    (uint32_t)cols[sl->store], &v);
			k[i].slot = t->idx[i];
			given = 0;
			if (t->sort_num != NULL) {
				d = t->sort_num(t->sort_ctx, t->idx[i]);
				given = d == d;		/* not NaN */
			}
			if (given) {
				k[i].u.num = d;
				k[i].len = SKEY_NUM;
			} else if (rowtable_number(v.p, v.len, &d) && d == d) {
				k[i].u.num = d;		/* not NaN */
				k[i].len = SKEY_NUM;
			} else {
				k[i].u.p = v.p;
				k[i].len = v.len < SKEY_NUM ?
				    (uint32_t)v.len : SKEY_NUM - 1;
			}
		}
		/* n / 2 keys of merge buffer; first n ranks' scratch */
		tmp = xreallocarray(NULL, n / 2 + 1, sizeof *tmp);
		rowtable_skey_rank(k, n, (uint32_t *)(void *)tmp);
		rowtable_skey_sort(k, n, tmp, t->reverse);
		free(tmp);
		for (i = 0; i < n; i++)
			t->idx[i] = k[i].slot;
		free(k);
		free(cols);
	}
}
