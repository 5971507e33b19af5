/* benchlib.c: what the benchmark programs share (benchlib.h). */
#include "config.h"

#include <string.h>
#include <time.h>

#include "benchlib.h"

double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

conn_id
bench_connect(struct engine *e, const char *port)
{
	struct conn_opts co;

	memset(&co, 0, sizeof co);
	co.tcfg.kind = TRANSPORT_TCP;
	co.tcfg.host = "127.0.0.1";
	co.tcfg.port = port;
	co.user = "admin";
	co.password = "";
	return engine_connect(e, &co);
}
