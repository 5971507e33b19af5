/*
 * stream.c: commands that keep running after their first reply: listen and
 * print follow/follow-only, print =interval=, the slice-by-slice print of
 * generated routes, /interface/monitor-traffic and /ping.  They live on the
 * connection's list and stream_tick() runs whatever is due.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "simint.h"

#define GEN_SLICE	16384	/* generated rows per loop turn */
#define CHANGE_BATCH	256

static void tick_listen(struct conn *c, struct cmd *k);
static void tick_interval(struct conn *c, struct cmd *k);
static int tick_genprint(struct conn *c, struct cmd *k);
static int tick_monitor(struct conn *c, struct cmd *k);
static int tick_ping(struct conn *c, struct cmd *k);
static void conn_update_listening(struct conn *c);
static void fmt_rtt(const struct sim *sim, double ms, char *out, size_t len);

/* Parse "1s", "500ms", "2m", "1.5", "00:00:02" into ms. */
int64_t
parse_duration_ms(const char *s, int64_t dflt)
{
	double v, total = 0;
	char *end;
	unsigned h, m, sec;

	if (s == NULL || *s == '\0')
		return dflt;
	if (sscanf(s, "%u:%u:%u", &h, &m, &sec) == 3)
		return ((int64_t)h * 3600 + m * 60 + sec) * 1000;
	while (*s != '\0') {
		v = strtod(s, &end);
		if (end == s)
			return dflt;
		s = end;
		if (strncmp(s, "ms", 2) == 0) {
			total += v;
			s += 2;
		} else if (*s == 's') {
			total += v * 1000;
			s++;
		} else if (*s == 'm') {
			total += v * 60000;
			s++;
		} else if (*s == 'h') {
			total += v * 3600000;
			s++;
		} else if (*s == 'd') {
			total += v * 86400000;
			s++;
		} else if (*s == '\0')
			total += v * 1000;
		else
			return dflt;
	}
	return total < 1 ? 1 : (int64_t)total;
}

/* Split "a,b,c" into strings. */
char **
split_list(const char *s, size_t *n)
{
	char **v = NULL;
	size_t cnt = 0;

	while (s != NULL && *s != '\0') {
		const char *e = strchr(s, ',');
		size_t len = e != NULL ? (size_t)(e - s) : strlen(s);

		v = xreallocarray(v, cnt + 1, sizeof *v);
		v[cnt++] = xstrndup(s, len);
		s = e != NULL ? e + 1 : NULL;
	}
	*n = cnt;
	return v;
}

/* A command carrying the request's tag, query and .proplist. */
struct cmd *
cmd_new(struct req *r, enum cmd_kind kind, int menu)
{
	struct cmd *k = xcalloc(1, sizeof *k);
	const struct tword *pl = req_attr(r, ".proplist");

	k->kind = kind;
	k->tag = r->tag != NULL ? xstrdup(r->tag) : NULL;
	k->menu = menu;
	k->q = query_new(r->q, r->nq);
	if (pl != NULL) {
		char *s = word_dup(pl);

		k->prop = split_list(s, &k->nprop);
		if (k->prop == NULL)
			k->prop = xcalloc(1, sizeof *k->prop);
		free(s);
	}
	k->due = now_ms();
	return k;
}

/* Free a command. */
void
cmd_free(struct cmd *k)
{
	size_t i;

	free(k->tag);
	query_free(&k->q);
	for (i = 0; i < k->nprop; i++)
		free(k->prop[i]);
	free(k->prop);
	for (i = 0; i < k->nifaces; i++)
		free(k->ifaces[i]);
	free(k->ifaces);
	free(k->host);
	free(k->tport);
	free(k->tproto);
	free(k);
}

/* Append a command to the connection's list. */
void
cmd_attach(struct conn *c, struct cmd *k)
{
	struct cmd **pp = &c->cmds;

	while (*pp != NULL)
		pp = &(*pp)->next;
	*pp = k;
	conn_update_listening(c);
}

/* Tell the router whether this connection wants change wake-ups. */
static void
conn_update_listening(struct conn *c)
{
	struct cmd *k;
	int on = 0;

	for (k = c->cmds; k != NULL; k = k->next)
		if (k->kind == CMD_LISTEN)
			on = 1;
	pthread_mutex_lock(&c->sim->mu);
	c->listening = on;
	pthread_mutex_unlock(&c->sim->mu);
}

/* listen, print follow (backlog first) and follow-only. */
void
stream_listen(struct conn *c, struct req *r, int menu, int backlog,
    int logonly)
{
	struct cmd *k = cmd_new(r, CMD_LISTEN, menu);

	k->logonly = logonly;
	pthread_mutex_lock(&c->sim->mu);
	k->seq = c->sim->seq;
	pthread_mutex_unlock(&c->sim->mu);
	if (backlog)
		k->sent = cmds_print_pass(c, menu, k->tag, k->q, k->prop,
		    k->nprop, -1);
	cmd_attach(c, k);
}

/* print =interval=: a full pass per cycle, .section numbered. */
void
stream_interval(struct conn *c, struct req *r, int menu, int64_t ms)
{
	struct cmd *k = cmd_new(r, CMD_INTERVAL, menu);

	k->period = ms;
	cmd_attach(c, k);
}

/* The generated part of an /ip/route print. */
void
stream_genprint(struct conn *c, struct req *r, int menu, uint64_t sent)
{
	struct cmd *k = cmd_new(r, CMD_GENPRINT, menu);

	k->sent = sent;
	cmd_attach(c, k);
}

/* /interface/monitor-traffic =interface=a,b [=once=] [=interval=]. */
void
stream_monitor(struct conn *c, struct req *r)
{
	const struct tword *w = req_attr(r, "interface");
	char *list = w != NULL ? word_dup(w) : xstrdup("");
	struct stable *t;
	struct cmd *k;
	size_t i;
	int bad = 0;
	char *iv;

	if (!cmds_check_args(c, r, "interface once interval duration "
	    ".proplist without-paging aggregate numbers")) {
		free(list);
		return;
	}
	k = cmd_new(r, CMD_MONITOR, menu_index("/interface"));
	k->ifaces = split_list(list, &k->nifaces);
	free(list);
	pthread_rwlock_rdlock(&c->sim->db);
	t = sim_table(c->sim, "/interface");
	for (i = 0; i < k->nifaces; i++)
		if (strcmp(k->ifaces[i], "aggregate") != 0 &&
		    table_find_name(t, k->ifaces[i]) == NULL)
			bad = 1;
	pthread_rwlock_unlock(&c->sim->db);
	if (bad || k->nifaces == 0) {
		out_trap(c, r->tag, 1, k->nifaces == 0 ?
		    "missing value(s) of argument(s) interface" :
		    "input does not match any value of interface");
		out_done(c, r->tag);
		cmd_free(k);
		return;
	}
	iv = req_attr_dup(r, "interval");
	k->period = parse_duration_ms(iv, 1000);
	free(iv);
	if (req_attr(r, "once") != NULL) {
		k->limit = 1;
		tick_monitor(c, k);
		out_done(c, k->tag);
		cmd_free(k);
		return;
	}
	cmd_attach(c, k);
}

/* /ping =address= [=count=] [=interval=] [=size=]; nothing is sent. */
void
stream_ping(struct conn *c, struct req *r)
{
	char *addr = req_attr_dup(r, "address"), *cnt, *iv, *sz;
	struct in_addr ia;
	struct cmd *k;
	uint32_t ip = 0;

	if (!cmds_check_args(c, r, "address count interval size ttl "
	    "interface src-address routing-table do-not-fragment arp-ping vrf "
	    "dscp .proplist")) {
		free(addr);
		return;
	}
	if (addr == NULL || *addr == '\0') {
		out_missing(c, r->tag, "address");
		free(addr);
		return;
	}
	if (inet_pton(AF_INET, addr, &ia) == 1)
		ip = ntohl(ia.s_addr);
	else {
		/* A name: resolve through the static DNS entries. */
		struct stable *t;
		size_t j;

		pthread_rwlock_rdlock(&c->sim->db);
		t = sim_table(c->sim, "/ip/dns/static");
		for (j = 0; t != NULL && j < t->n; j++) {
			const char *n = row_get(t->rows[j], "name");
			const char *a = row_get(t->rows[j], "address");

			if (n != NULL && a != NULL && strcmp(n, addr) == 0 &&
			    inet_pton(AF_INET, a, &ia) == 1)
				ip = ntohl(ia.s_addr);
		}
		pthread_rwlock_unlock(&c->sim->db);
		if (ip == 0) {
			out_trap(c, r->tag, -1, "failure: could not resolve "
			    "dns name");
			out_done(c, r->tag);
			free(addr);
			return;
		}
	}
	k = cmd_new(r, CMD_PING, -1);
	k->host = addr;
	k->addr = ip;
	k->timeout = (ip & 0xFFFFFF00u) == 0xC0000200u;	/* 192.0.2.0/24 */
	cnt = req_attr_dup(r, "count");
	iv = req_attr_dup(r, "interval");
	sz = req_attr_dup(r, "size");
	k->limit = cnt != NULL ? strtoull(cnt, NULL, 10) : 0;
	k->period = parse_duration_ms(iv, 1000);
	k->size = sz != NULL ? atoi(sz) : 56;
	free(cnt);
	free(iv);
	free(sz);
	k->due = now_ms() + (k->timeout ? k->period : 1 + (int64_t)(
	    motion_hash(c->sim->seed, ip, 0) % 20));
	cmd_attach(c, k);
}

/* Send the changes since k->seq. */
static void
tick_listen(struct conn *c, struct cmd *k)
{
	struct sim *sim = c->sim;
	struct sim_change ch[CHANGE_BATCH];
	struct kvlist l;
	size_t n = 0, i;

	pthread_mutex_lock(&sim->mu);
	if (sim->seq - k->seq > SIM_CHANGES)
		k->seq = sim->seq - SIM_CHANGES;
	while (k->seq < sim->seq && n < CHANGE_BATCH) {
		const struct sim_change *e = &sim->ring[(k->seq + 1) %
		    SIM_CHANGES];

		k->seq++;
		if (e->menu == k->menu)
			ch[n++] = *e;
	}
	pthread_mutex_unlock(&sim->mu);
	if (n == 0)
		return;
	kvl_init(&l);
	pthread_rwlock_rdlock(&sim->db);
	for (i = 0; i < n; i++) {
		struct stable *t = &sim->tables[k->menu];
		struct srow *row = table_find_id(t, ch[i].id);

		if (row == NULL || ch[i].dead) {
			char id[16];

			if (k->logonly)
				continue;
			snprintf(id, sizeof id, "*%X", ch[i].id);
			out_begin(c, "!re", k->tag);
			out_attrs(c, ".id", id);
			out_attrs(c, ".dead", "true");
			out_end(c);
			k->sent++;
			continue;
		}
		table_render(sim, t, row, &l);
		if (!query_match(k->q, &l))
			continue;
		out_row(c, k->tag, &l, k->prop, k->nprop, -1);
		k->sent++;
	}
	pthread_rwlock_unlock(&sim->db);
	kvl_free(&l);
}

/* One cycle of print =interval=. */
static void
tick_interval(struct conn *c, struct cmd *k)
{
	k->sent += cmds_print_pass(c, k->menu, k->tag, k->q, k->prop,
	    k->nprop, (int64_t)k->section);
	k->section++;
	k->due += k->period;
}

/* The next slice of generated routes; 1 when the print is complete. */
static int
tick_genprint(struct conn *c, struct cmd *k)
{
	const struct sim *sim = c->sim;
	int ct = (sim_menus[k->menu].flags & MF_CONNTRACK) != 0;
	uint64_t total = ct ? conntrack_count(sim) : routes_count(sim);
	uint64_t end = k->cursor + GEN_SLICE;
	size_t taglen = k->tag != NULL ? strlen(k->tag) : 0;
	int fast = !ct && query_empty(k->q) && k->prop == NULL && !c->muted &&
	    sim->o.drop_after == 0 && sim->o.stall_after == 0 &&
	    sim->o.garbage_after == 0;
	struct kvlist l;

	if (end > total)
		end = total;
	if (ct) {
		kvl_init(&l);
		for (; k->cursor < end && !c->muted; k->cursor++) {
			conntrack_render(sim, k->cursor, &l);
			if (!query_match(k->q, &l))
				continue;
			out_row(c, k->tag, &l, k->prop, k->nprop, -1);
			k->sent++;
		}
		kvl_free(&l);
	} else if (k->cursor == 0 &&
	    query_single_eq(k->q, "dst-address") != NULL) {
		/* One prefix: look it up instead of scanning. */
		int64_t i = routes_find_dst(sim,
		    query_single_eq(k->q, "dst-address"));

		if (i >= 0) {
			kvl_init(&l);
			routes_render(sim, (uint64_t)i, &l);
			out_row(c, k->tag, &l, k->prop, k->nprop, -1);
			kvl_free(&l);
			k->sent++;
		}
		k->cursor = total;
	} else if (fast) {
		uint64_t n = end - k->cursor;

		buf_reserve(&c->out, (size_t)n * 400);
		for (; k->cursor < end; k->cursor++)
			routes_encode(sim, k->cursor, k->tag, taglen,
			    &c->out);
		k->sent += n;
		c->nsent += n;
	} else {
		kvl_init(&l);
		for (; k->cursor < end && !c->muted; k->cursor++) {
			routes_render(sim, k->cursor, &l);
			if (!query_match(k->q, &l))
				continue;
			out_row(c, k->tag, &l, k->prop, k->nprop, -1);
			k->sent++;
		}
		kvl_free(&l);
	}
	if (k->cursor < total && !c->muted)
		return 0;
	if (k->sent == 0 && sim->prof >= PROF_718)
		out_empty(c, k->tag);
	out_done(c, k->tag);
	return 1;
}

/* One monitor-traffic round; 1 when the command is finished. */
static int
tick_monitor(struct conn *c, struct cmd *k)
{
	struct sim *sim = c->sim;
	struct stable *t;
	struct kvlist l;
	size_t i;

	kvl_init(&l);
	pthread_rwlock_rdlock(&sim->db);
	t = sim_table(sim, "/interface");
	for (i = 0; i < k->nifaces; i++) {
		struct srow *row = table_find_name(t, k->ifaces[i]);
		const char *run = row != NULL ? row_get(row, "running") : "true";
		double rxb = 0, rxp = 0, txb = 0, txp = 0;
		uint32_t idx = row != NULL ? row->id : 999;

		if (run != NULL && strcmp(run, "true") == 0) {
			motion_iface_rate(sim, idx, 0, &rxb, &rxp);
			motion_iface_rate(sim, idx, 1, &txb, &txp);
		}
		kvl_reset(&l);
		kvl_set(&l, "name", k->ifaces[i],
		    (uint32_t)strlen(k->ifaces[i]));
		kvl_setf(&l, "rx-packets-per-second", "%.0f", rxp);
		kvl_setf(&l, "rx-bits-per-second", "%.0f", rxb);
		kvl_setf(&l, "fp-rx-packets-per-second", "%.0f", rxp * 0.9);
		kvl_setf(&l, "fp-rx-bits-per-second", "%.0f", rxb * 0.9);
		kvl_setf(&l, "rx-drops-per-second", "0");
		kvl_setf(&l, "rx-errors-per-second", "0");
		kvl_setf(&l, "tx-packets-per-second", "%.0f", txp);
		kvl_setf(&l, "tx-bits-per-second", "%.0f", txb);
		kvl_setf(&l, "fp-tx-packets-per-second", "%.0f", txp * 0.9);
		kvl_setf(&l, "fp-tx-bits-per-second", "%.0f", txb * 0.9);
		kvl_setf(&l, "tx-drops-per-second", "0");
		kvl_setf(&l, "tx-queue-drops-per-second", "0");
		kvl_setf(&l, "tx-errors-per-second", "0");
		out_row(c, k->tag, &l, k->prop, k->nprop,
		    k->limit == 0 ? (int64_t)k->section : -1);
		k->sent++;
	}
	pthread_rwlock_unlock(&sim->db);
	kvl_free(&l);
	k->section++;
	k->due += k->period;
	return 0;
}

/* A round-trip time: "11ms283us" on 7.x, "11ms" on 6.x. */
static void
fmt_rtt(const struct sim *sim, double ms, char *out, size_t len)
{
	unsigned whole = (unsigned)ms, us = (unsigned)((ms - whole) * 1000);

	if (sim->prof >= PROF_717)
		snprintf(out, len, "%ums%uus", whole, us);
	else
		snprintf(out, len, "%ums", whole);
}

/* One ping probe; 1 when count probes have been sent. */
static int
tick_ping(struct conn *c, struct cmd *k)
{
	const struct sim *sim = c->sim;
	char seq[24], s[32], buf[32];
	uint64_t n = k->sent + 1;

	snprintf(seq, sizeof seq, "%llu", (unsigned long long)k->sent);
	out_begin(c, "!re", k->tag);
	out_attrs(c, "seq", seq);
	out_attrs(c, "host", k->host);
	snprintf(s, sizeof s, "%d", k->size);
	out_attrs(c, "size", s);
	if (k->timeout) {
		out_attrs(c, "status", "timeout");
	} else {
		uint32_t net = k->addr >> 8;
		double base = net == 0xC0A858 || (k->addr >> 24) == 127 ?
		    0.3 : 9.0 + (double)(motion_hash(sim->seed, k->addr, 1) %
		    20);
		double rtt = base * (0.9 + (double)(motion_hash(sim->seed,
		    k->addr, n) % 400) / 1000.0);

		k->received++;
		if (k->received == 1 || rtt < k->rtt_min)
			k->rtt_min = rtt;
		if (rtt > k->rtt_max)
			k->rtt_max = rtt;
		k->rtt_sum += rtt;
		out_attrs(c, "ttl", net == 0xC0A858 ? "64" : "117");
		fmt_rtt(sim, rtt, buf, sizeof buf);
		out_attrs(c, "time", buf);
	}
	snprintf(s, sizeof s, "%llu", (unsigned long long)n);
	out_attrs(c, "sent", s);
	snprintf(s, sizeof s, "%llu", (unsigned long long)k->received);
	out_attrs(c, "received", s);
	snprintf(s, sizeof s, "%llu", (unsigned long long)
	    ((n - k->received) * 100 / n));
	out_attrs(c, "packet-loss", s);
	if (k->received > 0) {
		fmt_rtt(sim, k->rtt_min, buf, sizeof buf);
		out_attrs(c, "min-rtt", buf);
		fmt_rtt(sim, k->rtt_sum / (double)k->received, buf,
		    sizeof buf);
		out_attrs(c, "avg-rtt", buf);
		fmt_rtt(sim, k->rtt_max, buf, sizeof buf);
		out_attrs(c, "max-rtt", buf);
	}
	out_end(c);
	k->sent = n;
	k->due += k->period;
	if (k->limit != 0 && n >= k->limit) {
		out_done(c, k->tag);
		return 1;
	}
	return 0;
}

/* Run the due streams; returns ms until the next one is due, -1 if none. */
int64_t
stream_tick(struct conn *c)
{
	struct cmd **pp = &c->cmds, *k;
	int64_t now = now_ms(), next = -1;
	int changed = 0;

	while ((k = *pp) != NULL) {
		int finished = 0;

		switch (k->kind) {
		case CMD_LISTEN:
			tick_listen(c, k);
			break;
		case CMD_INTERVAL:
			if (k->due <= now)
				tick_interval(c, k);
			break;
		case CMD_GENPRINT:
			finished = tick_genprint(c, k);
			if (!finished)
				next = 0;
			break;
		case CMD_MONITOR:
			if (k->due <= now)
				finished = tick_monitor(c, k);
			break;
		case CMD_PING:
			if (k->due <= now)
				finished = tick_ping(c, k);
			break;
		case CMD_TORCH:
			if (k->due <= now)
				finished = torch_tick(c, k);
			break;
		case CMD_TRACE:
			if (k->due <= now)
				finished = trace_tick(c, k);
			break;
		case CMD_TAIL:
			if (k->due <= now) {
				out_done(c, k->tag);
				finished = 1;
			}
			break;
		}
		if (finished) {
			*pp = k->next;
			cmd_free(k);
			changed = 1;
			continue;
		}
		if (k->kind != CMD_LISTEN && k->kind != CMD_GENPRINT) {
			int64_t d = k->due - now;

			if (d < 0)
				d = 0;
			if (next < 0 || d < next)
				next = d;
		}
		pp = &k->next;
	}
	if (changed)
		conn_update_listening(c);
	return next;
}
