/* history.c: traffic history at 1 s / 10 s / 60 s resolution. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "units.h"
#include "util.h"

#define NAME_MAX_LEN	128

struct histent {
	char		*name;
	struct history	 h;
};

struct histset {
	struct histent	*e[HISTSET_MAX];
	size_t		 n;
};

static const int64_t hist_periods[HIST_NWINDOW] = { 1000, 10000, 60000 };
static const char *const hist_fields[HIST_NMETRIC] = {
	"rx-bits-per-second", "tx-bits-per-second",
	"rx-packets-per-second", "tx-packets-per-second"
};

static int64_t history_bucket(int64_t t, int64_t period);
static void history_cell_clear(struct hist_cell *c);
static void history_cell_add(struct hist_cell *c, double v);
static void history_start(struct history *h, int64_t t);
static void history_advance(struct hist_level *lv, int64_t b);
static void history_cells(const struct history *h, enum hist_window win,
    enum hist_metric m, struct hist_cell *out);
static int histset_push(struct histset *s, const struct units_row *r,
    const char *dflt, int64_t now_ms);

int64_t
history_period(enum hist_window w)
{
	return w < HIST_NWINDOW ? hist_periods[w] : hist_periods[0];
}

/* floor(t / period), also for negative t. */
static int64_t
history_bucket(int64_t t, int64_t period)
{
	if (t >= 0)
		return t / period;
	return -((-t + period - 1) / period);
}

static void
history_cell_clear(struct hist_cell *c)
{
	c->sum = 0;
	c->max = 0;
	c->n = 0;
}

/* A sample into a bucket: sum, count and max; NaN is skipped. */
static void
history_cell_add(struct hist_cell *c, double v)
{
	if (isnan(v))
		return;
	c->n++;
	c->sum += v;
	if (c->n == 1 || v > c->max)
		c->max = v;
}

void
history_init(struct history *h)
{
	size_t m;

	memset(h, 0, sizeof *h);
	for (m = 0; m < HIST_NMETRIC; m++)
		h->last[m] = NAN;
}

/* Open the first buckets at t. */
static void
history_start(struct history *h, int64_t t)
{
	size_t l, m;

	for (l = 0; l < HIST_NWINDOW; l++) {
		h->lv[l].open = history_bucket(t, hist_periods[l]);
		for (m = 0; m < HIST_NMETRIC; m++)
			history_cell_clear(&h->lv[l].cur[m]);
	}
	h->started = 1;
}

/* Commit the open bucket and the missing ones before bucket b. */
static void
history_advance(struct hist_level *lv, int64_t b)
{
	int64_t gap;
	size_t m;

	if (b <= lv->open)
		return;
	memcpy(lv->ring[lv->head], lv->cur, sizeof lv->cur);
	lv->head = (lv->head + 1) % HIST_SLOTS;
	if (lv->count < HIST_SLOTS)
		lv->count++;
	gap = b - lv->open - 1;
	if (gap > HIST_SLOTS)
		gap = HIST_SLOTS;
	for (; gap > 0; gap--) {
		for (m = 0; m < HIST_NMETRIC; m++)
			history_cell_clear(&lv->ring[lv->head][m]);
		lv->head = (lv->head + 1) % HIST_SLOTS;
		if (lv->count < HIST_SLOTS)
			lv->count++;
	}
	lv->open = b;
	for (m = 0; m < HIST_NMETRIC; m++)
		history_cell_clear(&lv->cur[m]);
}

int
history_push(struct history *h, int64_t t_ms, const double v[HIST_NMETRIC])
{
	size_t l, m;

	if (!h->started)
		history_start(h, t_ms);
	if (history_bucket(t_ms, hist_periods[0]) < h->lv[0].open) {
		h->dropped++;
		return -1;
	}
	for (l = 0; l < HIST_NWINDOW; l++) {
		struct hist_level *lv = &h->lv[l];

		history_advance(lv, history_bucket(t_ms, hist_periods[l]));
		for (m = 0; m < HIST_NMETRIC; m++)
			history_cell_add(&lv->cur[m], v[m]);
	}
	for (m = 0; m < HIST_NMETRIC; m++)
		h->last[m] = v[m];
	h->last_ms = t_ms;
	h->samples++;
	return 0;
}

void
history_tick(struct history *h, int64_t now_ms)
{
	size_t l;

	if (!h->started) {
		history_start(h, now_ms);
		h->last_ms = now_ms - 2 * hist_periods[0];
		return;
	}
	for (l = 0; l < HIST_NWINDOW; l++)
		history_advance(&h->lv[l], history_bucket(now_ms,
		    hist_periods[l]));
}

/* The window's HIST_SLOTS buckets of metric m, oldest first. */
static void
history_cells(const struct history *h, enum hist_window win,
    enum hist_metric m, struct hist_cell *out)
{
	const struct hist_level *lv = &h->lv[win];
	size_t j;

	for (j = 0; j < HIST_SLOTS; j++)
		history_cell_clear(&out[j]);
	if (!h->started)
		return;
	out[HIST_SLOTS - 1] = lv->cur[m];
	for (j = 1; j < HIST_SLOTS && j <= lv->count; j++)
		out[HIST_SLOTS - 1 - j] = lv->ring[(lv->head + HIST_SLOTS - j) %
		    HIST_SLOTS][m];
}

size_t
history_window(const struct history *h, enum hist_window win,
    enum hist_metric m, double *out, size_t w, int use_max)
{
	struct hist_cell c[HIST_SLOTS];
	size_t col;

	if (win >= HIST_NWINDOW || m >= HIST_NMETRIC) {
		for (col = 0; col < w; col++)
			out[col] = NAN;
		return w;
	}
	history_cells(h, win, m, c);
	for (col = 0; col < w; col++) {
		size_t lo, hi, k;
		double sum = 0, mx = 0;
		uint64_t n = 0;

		if (w > HIST_SLOTS) {
			lo = col * HIST_SLOTS / w;
			hi = lo + 1;
		} else {
			lo = col * HIST_SLOTS / w;
			hi = (col + 1) * HIST_SLOTS / w;
		}
		for (k = lo; k < hi; k++) {
			if (c[k].n == 0)
				continue;
			if (n == 0 || c[k].max > mx)
				mx = c[k].max;
			sum += c[k].sum;
			n += c[k].n;
		}
		if (n == 0)
			out[col] = NAN;
		else
			out[col] = use_max ? mx : sum / (double)n;
	}
	return w;
}

void
history_stats(const struct history *h, enum hist_window win,
    enum hist_metric m, struct hist_stats *st)
{
	struct hist_cell c[HIST_SLOTS];
	double sum = 0;
	size_t k;

	st->cur = NAN;
	st->peak = NAN;
	st->avg = NAN;
	st->n = 0;
	if (win >= HIST_NWINDOW || m >= HIST_NMETRIC || !h->started)
		return;
	if (h->samples > 0 && history_bucket(h->last_ms, hist_periods[0]) >=
	    h->lv[0].open - 1)
		st->cur = h->last[m];
	history_cells(h, win, m, c);
	for (k = 0; k < HIST_SLOTS; k++) {
		if (c[k].n == 0)
			continue;
		if (st->n == 0 || c[k].max > st->peak)
			st->peak = c[k].max;
		sum += c[k].sum;
		st->n += c[k].n;
	}
	if (st->n > 0)
		st->avg = sum / (double)st->n;
}

struct histset *
histset_new(void)
{
	return xcalloc(1, sizeof(struct histset));
}

void
histset_free(struct histset **s)
{
	size_t i;

	if (*s == NULL)
		return;
	for (i = 0; i < (*s)->n; i++) {
		free((*s)->e[i]->name);
		free((*s)->e[i]);
	}
	free(*s);
	*s = NULL;
}

struct history *
histset_find(const struct histset *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->e[i]->name, name) == 0)
			return &s->e[i]->h;
	return NULL;
}

struct history *
histset_get(struct histset *s, const char *name)
{
	struct history *h = histset_find(s, name);
	struct histent *e;

	if (h != NULL)
		return h;
	if (s->n == HISTSET_MAX)
		return NULL;
	e = xmalloc(sizeof *e);
	e->name = xstrdup(name);
	history_init(&e->h);
	s->e[s->n++] = e;
	return &e->h;
}

void
histset_remove(struct histset *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (strcmp(s->e[i]->name, name) != 0)
			continue;
		free(s->e[i]->name);
		free(s->e[i]);
		memmove(&s->e[i], &s->e[i + 1], (s->n - i - 1) *
		    sizeof s->e[0]);
		s->n--;
		return;
	}
}

size_t
histset_count(const struct histset *s)
{
	return s->n;
}

const char *
histset_name(const struct histset *s, size_t i)
{
	return i < s->n ? s->e[i]->name : NULL;
}

/* One row into its series. */
static int
histset_push(struct histset *s, const struct units_row *r, const char *dflt,
    int64_t now_ms)
{
	char name[NAME_MAX_LEN];
	double v[HIST_NMETRIC];
	struct history *h;
	const char *n;
	size_t m;

	n = units_row_str(r, "name", name, sizeof name);
	if (n == NULL || *n == '\0')
		n = dflt;
	if (n == NULL || (h = histset_get(s, n)) == NULL)
		return -1;
	for (m = 0; m < HIST_NMETRIC; m++)
		if (units_row_num(r, hist_fields[m], &v[m]) != 0)
			v[m] = NAN;
	return history_push(h, now_ms, v);
}

int
histset_push_row(struct histset *s, const struct rowstore *rs, size_t i,
    const char *dflt, int64_t now_ms)
{
	struct units_row r;

	units_row_store(&r, rs, i);
	return histset_push(s, &r, dflt, now_ms);
}

int
histset_push_kv(struct histset *s, const char *const *kv, const char *dflt,
    int64_t now_ms)
{
	struct units_row r;

	units_row_kv(&r, kv);
	return histset_push(s, &r, dflt, now_ms);
}

void
histset_tick(struct histset *s, int64_t now_ms)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		history_tick(&s->e[i]->h, now_ms);
}
