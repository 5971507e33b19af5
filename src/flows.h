/*
 * flows.h: torch frames (/tool/torch).
 *
 * Torch streams one frame per interval: a row per flow with tx, rx
 * (bits/s), tx-packets, rx-packets (packets/s) and whichever classifiers
 * were asked for (src-address, dst-address, ip-protocol, src-port,
 * dst-port; src-address6 and dst-address6 count as the addresses), the
 * rows of a frame sharing a .section.  A row with a new .section value
 * starts a new frame and completes the one before; flows_done() (on
 * !done) completes the frame in progress.  Only the last complete frame
 * is shown: its flows, sorted by the chosen key (descending, ties in
 * arrival order), at most cap of them (the rest are counted in
 * flows_truncated()).  Rows without .section (old routers): a row whose
 * flow is already in the frame in progress starts a new frame.
 */
#ifndef TIKDECK_FLOWS_H
#define TIKDECK_FLOWS_H

#include <stddef.h>
#include <stdint.h>

#include "rows.h"

#define FLOWS_DEFAULT	1000

/* Which classifiers a flow (or a frame) has. */
#define FLOW_SRC	0x01
#define FLOW_DST	0x02
#define FLOW_PROTO	0x04
#define FLOW_SPORT	0x08
#define FLOW_DPORT	0x10

enum flows_key {
	FLOWS_BY_TOTAL,		/* rx + tx */
	FLOWS_BY_RX,
	FLOWS_BY_TX
};

struct flow {
	unsigned	 have;		/* FLOW_* present */
	char		 src[48];
	char		 dst[48];
	char		 proto[16];
	unsigned	 sport;
	unsigned	 dport;
	double		 tx;		/* bits/s */
	double		 rx;
	double		 tx_packets;	/* packets/s */
	double		 rx_packets;
	uint32_t	 order;		/* arrival in its frame */
};

struct flows;

/* cap 0 means FLOWS_DEFAULT flows per frame. */
struct flows *flows_new(size_t cap);
void flows_free(struct flows **fl);
/* Forget both frames; the sort key stays. */
void flows_reset(struct flows *fl);
/* A torch row; 1 when it completed the previous frame, 0 otherwise, -1
 * when it was dropped (frame full). */
int flows_add_row(struct flows *fl, const struct rowstore *rs, size_t i);
int flows_add_kv(struct flows *fl, const char *const *kv);
/* The reply ended (!done). */
void flows_done(struct flows *fl);
/* Sort the shown frame (and the later ones) by key. */
void flows_sort(struct flows *fl, enum flows_key key);
enum flows_key flows_sort_key(const struct flows *fl);
/* The last complete frame, in sort order. */
size_t flows_count(const struct flows *fl);
const struct flow *flows_get(const struct flows *fl, size_t i);
/* Classifiers present in the shown frame (FLOW_* bits, or-ed). */
unsigned flows_columns(const struct flows *fl);
/* Sums over the shown frame. */
void flows_totals(const struct flows *fl, double *tx, double *rx);
/* Flows of the shown frame beyond cap. */
uint64_t flows_truncated(const struct flows *fl);
/* Frames completed. */
uint64_t flows_frames(const struct flows *fl);

#endif
