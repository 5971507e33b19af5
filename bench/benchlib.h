/* benchlib.h: what the benchmark programs share. */
#ifndef TIKDECK_BENCHLIB_H
#define TIKDECK_BENCHLIB_H

#include "engine.h"

/* Monotonic seconds. */
double seconds(void);
/* Connect e to the router on 127.0.0.1:port as admin, no password. */
conn_id bench_connect(struct engine *e, const char *port);

#endif
