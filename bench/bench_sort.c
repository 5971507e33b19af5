/*
 * bench_sort.c: the table model alone (src/rowtable.h, no curses) on a big
 * /ip/route reply: load every row as the console's table view does (same
 * .proplist, rowtable_add per batch, rowtable_end), reload it once (what
 * `r` does: begin, add, end, with the old rows shown until replaced), then
 * time rowtable_reindex for each sort the console offers, to separate the
 * model's sort from drawing (bench/ui_bench.py times the whole key).
 *
 *   bench-sort PORT     one line per measurement
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "benchlib.h"
#include "engine.h"
#include "rowtable.h"

static double peak_mb(void);
static void time_sort(struct table *t, const char *col, int reverse);
static size_t model_bytes(const struct table *t);

/* What ui/views/table.c asks for on /ip/route (flag columns, then the
 * catalogue's columns). */
static const char proplist[] = "=.proplist=.id,disabled,invalid,dynamic,"
    "running,active,slave,comment,dst-address,gateway,distance,"
    "routing-table";

static double
peak_mb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

/* Bytes the model holds: row stores, slots, .id hash, index. */
static size_t
model_bytes(const struct table *t)
{
	size_t s, n = 0;

	for (s = 0; s < t->nstores; s++)
		n += rowstore_memory(t->stores[s]);
	return n + t->slots_cap * (sizeof *t->slots + sizeof *t->slot_hash) +
	    t->hcap * sizeof *t->hash + (t->nidx + 1) * sizeof *t->idx;
}

/* Sort by col (NULL: the router's order) and rebuild the index. */
static void
time_sort(struct table *t, const char *col, int reverse)
{
	double t0, t1;

	t0 = seconds();
	rowtable_set_sort(t, col, reverse);
	rowtable_reindex(t);
	t1 = seconds();
	printf("model sort %-14s %-8s %zu rows: %.3f s (peak RSS %.1f MB)\n",
	    col != NULL ? col : "(none)", reverse ? "reverse" : "", t->nidx,
	    t1 - t0, peak_mb());
}

int
main(int argc, char **argv)
{
	struct engine *e;
	struct owner own = { 1, 1 };
	struct table t;
	const char *cmd[] = { "/ip/route/print", proplist };
	double t0 = 0, t1, t2, tb = 0, peak0 = 0;
	size_t store = 0, s, maxbytes = 0;
	conn_id c;
	req_id r = 0;
	int rc = 1, load = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: bench-sort PORT\n");
		return 2;
	}
	rowtable_init(&t);
	e = engine_new();
	c = bench_connect(e, argv[1]);
	for (;;) {
		struct event *ev = engine_wait_event(e, 60000);

		if (ev == NULL) {
			fprintf(stderr, "bench-sort: no event in 60 s\n");
			break;
		}
		if (ev->type == EV_CONN_STATE && ev->state == CONN_READY &&
		    load == 0) {
			load = 1;
			t0 = seconds();
			rowtable_begin(&t);
			r = engine_send_strs(e, c, own, NULL, cmd, 2);
		} else if (ev->type == EV_CONN_STATE &&
		    ev->state == CONN_FAILED) {
			fprintf(stderr, "bench-sort: %s\n", ev->message);
			event_free(&ev);
			break;
		} else if (ev->type == EV_ROWS && ev->req == r) {
			rowtable_add(&t, &ev->rows);
			if (model_bytes(&t) > maxbytes)
				maxbytes = model_bytes(&t);
		} else if ((ev->type == EV_DONE || ev->type == EV_ERROR) &&
		    ev->req == r) {
			if (ev->type != EV_DONE) {
				event_free(&ev);
				break;
			}
			t1 = seconds();
			rowtable_end(&t, 1);
			rowtable_reindex(&t);
			t2 = seconds();
			if (load == 1) {
				store = 0;
				for (s = 0; s < t.nstores; s++)
					store += rowstore_memory(t.stores[s]);
				printf("model load %zu rows: %.3f s, end+reindex "
				    "%.3f s; row store %.1f MB, slots %.1f MB, "
				    "hash %.1f MB, idx %.1f MB; peak RSS %.1f MB"
				    "\n", t.nslots, t1 - t0, t2 - t1,
				    (double)store / 1e6, (double)t.slots_cap *
				    (sizeof *t.slots + sizeof *t.slot_hash) /
				    1e6, (double)t.hcap * sizeof *t.hash / 1e6,
				    (double)(t.nslots + 1) * sizeof *t.idx /
				    1e6, peak_mb());
				peak0 = peak_mb();
				maxbytes = 0;
				load = 2;
				t0 = seconds();
				rowtable_begin(&t);
				tb = seconds();
				r = engine_send_strs(e, c, own, NULL, cmd, 2);
				event_free(&ev);
				continue;
			}
			printf("model reload %zu rows: %.3f s, begin %.3f s, "
			    "end+reindex %.3f s; model at most %.1f MB during "
			    "the reload (%.1f MB of old rows released as "
			    "replaced), %.1f MB after; peak RSS %.1f MB "
			    "(%.1f after the first load)\n", t.nslots, t1 - t0,
			    tb - t0, t2 - t1, (double)maxbytes / 1e6,
			    (double)t.released / 1e6,
			    (double)model_bytes(&t) / 1e6, peak_mb(), peak0);
			rc = 0;
			event_free(&ev);
			break;
		}
		event_free(&ev);
	}
	engine_free(&e);
	if (rc != 0)
		return rc;
	time_sort(&t, "dst-address", 0);
	time_sort(&t, "gateway", 1);
	time_sort(&t, "distance", 0);
	time_sort(&t, "routing-table", 0);
	time_sort(&t, NULL, 0);
	rowtable_free(&t);
	return 0;
}
