/*
 * bench_engine.c: the connection engine reading a big reply into a row
 * store that keeps every row (what a table view does).
 *
 *   bench-engine PORT     prints rows, seconds, rows/s, store and peak RSS
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "benchlib.h"
#include "engine.h"

int
main(int argc, char **argv)
{
	struct engine *e;
	struct owner own = { 1, 1 };
	struct rowstore rs;
	const char *cmd[] = { "/ip/route/print" };
	struct rusage ru;
	double t0 = 0, t1 = 0;
	conn_id c;
	req_id r = 0;
	int rc = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: bench-engine PORT\n");
		return 2;
	}
	rowstore_init(&rs);
	e = engine_new();
	c = bench_connect(e, argv[1]);
	for (;;) {
		struct event *ev = engine_wait_event(e, 60000);

		if (ev == NULL) {
			fprintf(stderr, "bench-engine: no event in 60 s\n");
			break;
		}
		if (ev->type == EV_CONN_STATE && ev->state == CONN_READY) {
			t0 = seconds();
			r = engine_send_strs(e, c, own, NULL, cmd, 1);
		} else if (ev->type == EV_CONN_STATE &&
		    ev->state == CONN_FAILED) {
			fprintf(stderr, "bench-engine: %s\n", ev->message);
			event_free(&ev);
			break;
		} else if (ev->type == EV_ROWS && ev->req == r)
			rowstore_add(&rs, &ev->rows);
		else if ((ev->type == EV_DONE || ev->type == EV_ERROR) &&
		    ev->req == r) {
			t1 = seconds();
			rc = ev->type == EV_DONE ? 0 : 1;
			event_free(&ev);
			break;
		}
		event_free(&ev);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("engine %zu rows in %.3f s (%.2f M rows/s); store %.1f MB; "
	    "peak RSS %.1f MB\n", rs.nrows, t1 - t0,
	    t1 > t0 ? (double)rs.nrows / (t1 - t0) / 1e6 : 0.0,
	    (double)rowstore_memory(&rs) / 1e6, (double)ru.ru_maxrss / 1024.0);
	engine_free(&e);
	rowstore_clear(&rs);
	return rc;
}
