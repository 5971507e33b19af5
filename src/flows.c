/* flows.c: torch frames, the last complete one sorted. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "flows.h"
#include "units.h"
#include "util.h"

#define SECTION_LEN	32

struct flows {
	size_t		 cap;
	struct flow	*shown;		/* the last complete frame */
	size_t		 nshown;
	uint64_t	 shown_trunc;
	struct flow	*pend;		/* the frame arriving */
	size_t		 npend;
	uint64_t	 pend_trunc;
	int		 open;
	char		 section[SECTION_LEN];
	enum flows_key	 key;
	uint64_t	 frames;
};

static int flows_add(struct flows *fl, const struct units_row *r);
static void flows_complete(struct flows *fl);
static int flows_same(const struct flow *a, const struct flow *b);
static double flows_value(const struct flow *f, enum flows_key key);
static int flows_cmp_total(const void *a, const void *b);
static int flows_cmp_rx(const void *a, const void *b);
static int flows_cmp_tx(const void *a, const void *b);
static int flows_cmp(const struct flow *a, const struct flow *b,
    enum flows_key key);
static unsigned flows_port(const struct units_row *r, const char *name,
    unsigned *port);

struct flows *
flows_new(size_t cap)
{
	struct flows *fl = xcalloc(1, sizeof *fl);

	fl->cap = cap != 0 ? cap : FLOWS_DEFAULT;
	fl->shown = xcalloc(fl->cap, sizeof *fl->shown);
	fl->pend = xcalloc(fl->cap, sizeof *fl->pend);
	fl->key = FLOWS_BY_TOTAL;
	return fl;
}

void
flows_free(struct flows **fl)
{
	if (*fl == NULL)
		return;
	free((*fl)->shown);
	free((*fl)->pend);
	free(*fl);
	*fl = NULL;
}

void
flows_reset(struct flows *fl)
{
	fl->nshown = 0;
	fl->shown_trunc = 0;
	fl->npend = 0;
	fl->pend_trunc = 0;
	fl->open = 0;
	fl->section[0] = '\0';
	fl->frames = 0;
}

static double
flows_value(const struct flow *f, enum flows_key key)
{
	switch (key) {
	case FLOWS_BY_RX:
		return f->rx;
	case FLOWS_BY_TX:
		return f->tx;
	case FLOWS_BY_TOTAL:
		break;
	}
	return f->rx + f->tx;
}

/* Descending by key, then arrival order. */
static int
flows_cmp(const struct flow *a, const struct flow *b, enum flows_key key)
{
	double va = flows_value(a, key), vb = flows_value(b, key);

	if (va > vb)
		return -1;
	if (va < vb)
		return 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static int
flows_cmp_total(const void *a, const void *b)
{
	return flows_cmp(a, b, FLOWS_BY_TOTAL);
}

static int
flows_cmp_rx(const void *a, const void *b)
{
	return flows_cmp(a, b, FLOWS_BY_RX);
}

static int
flows_cmp_tx(const void *a, const void *b)
{
	return flows_cmp(a, b, FLOWS_BY_TX);
}

void
flows_sort(struct flows *fl, enum flows_key key)
{
	int (*cmp)(const void *, const void *);

	fl->key = key;
	switch (key) {
	case FLOWS_BY_RX:
		cmp = flows_cmp_rx;
		break;
	case FLOWS_BY_TX:
		cmp = flows_cmp_tx;
		break;
	default:
		fl->key = FLOWS_BY_TOTAL;
		cmp = flows_cmp_total;
		break;
	}
	if (fl->nshown > 1)
		qsort(fl->shown, fl->nshown, sizeof *fl->shown, cmp);
}

enum flows_key
flows_sort_key(const struct flows *fl)
{
	return fl->key;
}

/* The frame in progress becomes the shown one. */
static void
flows_complete(struct flows *fl)
{
	struct flow *t;

	if (!fl->open)
		return;
	t = fl->shown;
	fl->shown = fl->pend;
	fl->pend = t;
	fl->nshown = fl->npend;
	fl->shown_trunc = fl->pend_trunc;
	fl->npend = 0;
	fl->pend_trunc = 0;
	fl->open = 0;
	fl->frames++;
	flows_sort(fl, fl->key);
}

/* Same classifiers and values? */
static int
flows_same(const struct flow *a, const struct flow *b)
{
	return a->have == b->have && strcmp(a->src, b->src) == 0 &&
	    strcmp(a->dst, b->dst) == 0 && strcmp(a->proto, b->proto) == 0 &&
	    a->sport == b->sport && a->dport == b->dport;
}

/* A port field; FLOW_* bit when present. */
static unsigned
flows_port(const struct units_row *r, const char *name, unsigned *port)
{
	double v;

	*port = 0;
	if (units_row_num(r, name, &v) != 0 || v < 0 || v > 65535)
		return 0;
	*port = (unsigned)v;
	return 1;
}

static int
flows_add(struct flows *fl, const struct units_row *r)
{
	char sec[SECTION_LEN];
	struct flow f;
	int completed = 0;
	size_t k;

	memset(&f, 0, sizeof f);
	if (units_row_str(r, "src-address", f.src, sizeof f.src) != NULL ||
	    units_row_str(r, "src-address6", f.src, sizeof f.src) != NULL)
		f.have |= FLOW_SRC;
	if (units_row_str(r, "dst-address", f.dst, sizeof f.dst) != NULL ||
	    units_row_str(r, "dst-address6", f.dst, sizeof f.dst) != NULL)
		f.have |= FLOW_DST;
	if (units_row_str(r, "ip-protocol", f.proto, sizeof f.proto) != NULL)
		f.have |= FLOW_PROTO;
	if (flows_port(r, "src-port", &f.sport))
		f.have |= FLOW_SPORT;
	if (flows_port(r, "dst-port", &f.dport))
		f.have |= FLOW_DPORT;
	if (units_row_num(r, "tx", &f.tx) != 0 || f.tx < 0)
		f.tx = 0;
	if (units_row_num(r, "rx", &f.rx) != 0 || f.rx < 0)
		f.rx = 0;
	if (units_row_num(r, "tx-packets", &f.tx_packets) != 0 ||
	    f.tx_packets < 0)
		f.tx_packets = 0;
	if (units_row_num(r, "rx-packets", &f.rx_packets) != 0 ||
	    f.rx_packets < 0)
		f.rx_packets = 0;
	if (units_row_str(r, ".section", sec, sizeof sec) == NULL)
		sec[0] = '\0';
	if (fl->open && strcmp(sec, fl->section) != 0) {
		flows_complete(fl);
		completed = 1;
	} else if (fl->open && sec[0] == '\0') {
		for (k = 0; k < fl->npend; k++) {
			if (flows_same(&fl->pend[k], &f)) {
				flows_complete(fl);
				completed = 1;
				break;
			}
		}
	}
	if (!fl->open) {
		fl->open = 1;
		str_copy(fl->section, sizeof fl->section, sec);
	}
	if (fl->npend == fl->cap) {
		fl->pend_trunc++;
		return -1;
	}
	f.order = (uint32_t)fl->npend;
	fl->pend[fl->npend++] = f;
	return completed;
}

int
flows_add_row(struct flows *fl, const struct rowstore *rs, size_t i)
{
	struct units_row r;

	units_row_store(&r, rs, i);
	return flows_add(fl, &r);
}

int
flows_add_kv(struct flows *fl, const char *const *kv)
{
	struct units_row r;

	units_row_kv(&r, kv);
	return flows_add(fl, &r);
}

void
flows_done(struct flows *fl)
{
	flows_complete(fl);
}

size_t
flows_count(const struct flows *fl)
{
	return fl->nshown;
}

const struct flow *
flows_get(const struct flows *fl, size_t i)
{
	return i < fl->nshown ? &fl->shown[i] : NULL;
}

unsigned
flows_columns(const struct flows *fl)
{
	unsigned have = 0;
	size_t i;

	for (i = 0; i < fl->nshown; i++)
		have |= fl->shown[i].have;
	return have;
}

void
flows_totals(const struct flows *fl, double *tx, double *rx)
{
	size_t i;

	*tx = 0;
	*rx = 0;
	for (i = 0; i < fl->nshown; i++) {
		*tx += fl->shown[i].tx;
		*rx += fl->shown[i].rx;
	}
}

uint64_t
flows_truncated(const struct flows *fl)
{
	return fl->shown_trunc;
}

uint64_t
flows_frames(const struct flows *fl)
{
	return fl->frames;
}
