/*
 * rowtable.h: the table model of a menu: rows keyed by .id over compact row
 * stores, refreshed by mark -> upsert -> sweep, and an index array giving
 * the rows to show after the filter and the sort.  No curses here.
 *
 * A refresh opens a new row store (rowtable_begin); each row that arrives
 * replaces the row with the same .id or is appended (rowtable_add); when the
 * reply is complete, rows that did not come back are swept and the rows
 * take the router's order (rowtable_end).  The rows of older stores stay
 * valid until then, so the table never empties while it reloads.
 *
 * Memory during a refresh: rowtable_begin counts, per 2 MiB chunk of the
 * older stores, the slots whose row lies in it.  A row replaced by the
 * refresh (or removed) takes one off its chunk's count; a chunk whose count
 * reaches 0 is given back to the system at the start of the next
 * rowtable_add, rowtable_end or rowtable_begin, after checking through the
 * .id hash that no slot still points into it (a caller may have pointed a
 * slot back at an older row, as the live view does for a row that fades
 * out).  So while a reload returns the rows in about the order it had,
 * the old rows go as the new ones arrive: the table holds about one copy
 * of its rows, not two.  Rows that a caller copied out of slots[] stay
 * readable until the next call of those three functions.
 *
 * rowtable_end is cheap when the refresh returned every row in the same
 * order (the usual reload): no sweep, no hash rebuild; otherwise it
 * rebuilds the .id hash from the hashes kept per slot (no row decoding).
 */
#ifndef TIKDECK_ROWTABLE_H
#define TIKDECK_ROWTABLE_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "rows.h"

enum tfilter_kind {
	TF_NONE,
	TF_SUB,		/* substring of any value, ignoring ASCII case */
	TF_EQ,		/* col=value */
	TF_RE,		/* col~regex (POSIX extended) */
	TF_GT,		/* col>n */
	TF_LT		/* col<n */
};

struct tfilter {
	enum tfilter_kind kind;
	char		*col;
	char		*val;
	double		 num;
	regex_t		 re;
};

struct tslot {
	uint32_t	row;	/* row index in its store */
	uint16_t	store;	/* index in stores[] */
	uint16_t	mark;	/* seen in the refresh under way */
};

/* Per store: how many slots point into each chunk (older stores during a
 * refresh; see the top of this file). */
struct tstore {
	uint32_t	*live;		/* per chunk; NULL: not counted */
	size_t		 nlive;
	size_t		 nheld;		/* chunks not yet released */
};

/* A chunk that may have no referenced rows left. */
struct tchunkref {
	uint32_t	chunk;
	uint16_t	store;
};

struct table {
	struct rowstore	**stores;	/* the last one receives rows */
	size_t		 nstores;
	uint32_t	*seen_cols;	/* per store: columns merged into cols */
	struct tstore	*sinfo;		/* per store */
	struct tchunkref *pend;		/* chunks to check and release */
	size_t		 npend;
	size_t		 pend_cap;
	size_t		 released;	/* bytes of old chunks given back */
	struct tslot	*slots;		/* a caller may point one at another
					 * row of the same .id (an older
					 * copy), never at another .id */
	uint32_t	*slot_hash;	/* per slot: hash of its .id, 0: none */
	size_t		 nslots;
	size_t		 slots_cap;
	uint32_t	*hash;		/* .id -> slot + 1 */
	size_t		 hcap;
	size_t		 hused;
	uint32_t	*idx;		/* slots to show, in order */
	size_t		 nidx;
	size_t		 idx_cap;	/* entries idx has room for */
	char		**cols;		/* every column seen, first-seen order */
	size_t		 ncols;
	int		 loading;
	char		*sort_col;	/* NULL: the router's order */
	/* a number to sort a slot by instead of its value (NaN: use the
	 * value), e.g. a live counter's rate; NULL: none */
	double		(*sort_num)(void *ctx, uint32_t slot);
	void		*sort_ctx;
	int		 reverse;
	struct tfilter	 filter;
	int		 dirty;		/* idx needs rowtable_reindex() */
	struct buf	 scratch;
};

void rowtable_init(struct table *t);
void rowtable_free(struct table *t);
/* Drop every row. */
void rowtable_clear(struct table *t);
/* A refresh starts: rows arriving from now on go to a new store. */
void rowtable_begin(struct table *t);
/* Rows of the refresh (takes the batch).  Returns the rows added. */
size_t rowtable_add(struct table *t, struct rowbatch **b);
/* The refresh ended; complete: the reply was whole, sweep what did not
 * come back. */
void rowtable_end(struct table *t, int complete);
/* Drop the row in slot (later slots move down one); idx needs
 * rowtable_reindex(). */
void rowtable_remove(struct table *t, uint32_t slot);
/* Value of column name in slot; 0 when the row lacks it. */
int rowtable_get(const struct table *t, uint32_t slot, const char *name,
    struct tword *val);
/* Slot of the row with this .id, or -1. */
long rowtable_find(const struct table *t, const char *id, size_t idlen);
/* Position of slot in idx, or -1. */
long rowtable_pos(const struct table *t, uint32_t slot);
/* Parse a filter; returns 0, or -1 with a message.  An empty string is
 * TF_NONE. */
int rowtable_filter_parse(const char *s, struct tfilter *f, char *err,
    size_t errlen);
void rowtable_filter_free(struct tfilter *f);
/* The RouterOS query word for f (?col=v, ?>col=n, ?<col=n; malloc'd), or
 * NULL when the router cannot run it (substring, regex). */
char *rowtable_filter_query(const struct tfilter *f);
/* Does slot pass f? */
int rowtable_filter_match(struct table *t, const struct tfilter *f,
    uint32_t slot);
/* Set the filter (taken over) / the sort column (copied, NULL: none). */
void rowtable_set_filter(struct table *t, struct tfilter *f);
void rowtable_set_sort(struct table *t, const char *col, int reverse);
/* Rebuild idx from the filter and the sort. */
void rowtable_reindex(struct table *t);
/* Natural comparison: digit runs compare as numbers ("ether2" < "ether10",
 * "10.0.0.9" < "10.0.0.10"). */
int rowtable_natcmp(const char *a, size_t alen, const char *b, size_t blen);

#endif
