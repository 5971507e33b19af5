/*
 * torch.c: /tool/torch and /tool/traceroute, streamed until /cancel.
 *
 * Torch sends one frame per freeze-frame-interval (default 1 s): a row per
 * flow with tx, rx (bits/s), tx-packets, rx-packets and the classifiers
 * that were asked for (src-address, dst-address, ip-protocol, port ->
 * src-port and dst-port), rows of one frame sharing a .section; flows that
 * differ only in columns not asked for are summed.  The flows are a pure
 * function of the seed, the interface and the frame number (frame 0 for
 * every frame when --frozen).
 *
 * Traceroute sends, once per interval (default 1 s), a row per hop with
 * address, loss, sent, last, avg, best, worst, std-dev, status, all rows of
 * a round sharing a .section; after =count= rounds it ends with !done.
 * Hops beyond the second toward TEST-NET-1 (192.0.2.0/24) time out.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "simint.h"

#define TORCH_FLOWS	8
#define COL_SRC		0x01
#define COL_DST		0x02
#define COL_PROTO	0x04
#define COL_PORT	0x08

struct flow {
	uint32_t	 src, dst;
	int		 proto;
	unsigned	 sport, dport;
	double		 tx, rx, txp, rxp;
};

static const uint32_t remote[] = {
	0x5DB8D70Eu,	/* 93.184.215.14 */
	0x08080808u,	/* 8.8.8.8 */
	0x8EFA4A2Eu,	/* 142.250.74.46 */
	0x9765C041u,	/* 151.101.192.65 */
	0x34D3B41Au,	/* 52.211.180.26 */
	0xA29FC801u,	/* 162.159.200.1 */
};

static const unsigned dports[] = { 443, 443, 80, 53, 123, 443, 22, 993 };

static int prefix_match(const char *pfx, uint32_t ip);
static void flow_make(const struct sim *sim, uint32_t ifidx, int wan,
    unsigned frame, unsigned f, struct flow *out);
static void fmt_ip(uint32_t ip, char *out, size_t len);
static void fmt_ms(double ms, char *out, size_t len);

/* Does ip fall in "a.b.c.d/len" (NULL or empty matches)? */
static int
prefix_match(const char *pfx, uint32_t ip)
{
	unsigned o[4], len = 32;
	uint32_t net, mask;

	if (pfx == NULL || *pfx == '\0')
		return 1;
	if (sscanf(pfx, "%u.%u.%u.%u/%u", &o[0], &o[1], &o[2], &o[3],
	    &len) < 4 || len > 32)
		return 1;
	net = (o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3];
	mask = len == 0 ? 0 : 0xFFFFFFFFu << (32 - len);
	return (ip & mask) == (net & mask);
}

/* "a.b.c.d". */
static void
fmt_ip(uint32_t ip, char *out, size_t len)
{
	snprintf(out, len, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xFF,
	    (ip >> 8) & 0xFF, ip & 0xFF);
}

/* Flow f of a frame on an interface. */
static void
flow_make(const struct sim *sim, uint32_t ifidx, int wan, unsigned frame,
    unsigned f, struct flow *out)
{
	uint64_t h = motion_hash(sim->seed, 0x70C4 + ifidx, f);
	uint64_t v = motion_hash(sim->seed, (uint64_t)ifidx << 16 | f, frame);
	double scale = 0.5 + (double)(v % 1000) / 1000.0;

	out->src = wan ? 0xC6336417u : 0xC0A85800u + 20 + (uint32_t)(h % 200);
	out->dst = remote[(h >> 8) % TD_ARRAY_LEN(remote)];
	out->dport = dports[f % TD_ARRAY_LEN(dports)];
	out->proto = out->dport == 53 || out->dport == 123 ? 17 : 6;
	out->sport = 32768 + (unsigned)((h >> 16) % 28000);
	out->rx = (double)(40000 + (h >> 24) % 4000000) * scale;
	out->tx = out->rx / (4.0 + (double)(h % 7));
	out->rxp = out->rx / 8 / 900;
	out->txp = out->tx / 8 / 120;
}

/* /tool/torch =interface= [classifiers] [=freeze-frame-interval=]. */
void
torch_start(struct conn *c, struct req *r)
{
	char *ifn = req_attr_dup(r, "interface"), *iv;
	struct stable *t;
	struct srow *row;
	struct cmd *k;
	uint32_t idx = 0;

	if (!cmds_check_args(c, r, "interface src-address dst-address port "
	    "ip-protocol freeze-frame-interval duration mac-protocol vlan-id "
	    "dscp src-address6 dst-address6 .proplist")) {
		free(ifn);
		return;
	}
	if (ifn == NULL) {
		out_missing(c, r->tag, "interface");
		return;
	}
	pthread_rwlock_rdlock(&c->sim->db);
	t = sim_table(c->sim, "/interface");
	row = table_find_name(t, ifn);
	if (row != NULL)
		idx = row->id;
	pthread_rwlock_unlock(&c->sim->db);
	if (row == NULL) {
		out_trap(c, r->tag, 1, "input does not match any value of "
		    "interface");
		out_done(c, r->tag);
		free(ifn);
		return;
	}
	k = cmd_new(r, CMD_TORCH, menu_index("/interface"));
	k->host = ifn;
	k->addr = idx;
	if (req_attr(r, "src-address") != NULL)
		k->tcols |= COL_SRC;
	if (req_attr(r, "dst-address") != NULL)
		k->tcols |= COL_DST;
	if (req_attr(r, "ip-protocol") != NULL)
		k->tcols |= COL_PROTO;
	if (req_attr(r, "port") != NULL)
		k->tcols |= COL_PORT;
	k->tport = req_attr_dup(r, "port");
	k->tproto = req_attr_dup(r, "ip-protocol");
	/* Keep the address filters in ifaces[0..1]. */
	k->ifaces = xcalloc(2, sizeof *k->ifaces);
	k->ifaces[0] = req_attr_dup(r, "src-address");
	k->ifaces[1] = req_attr_dup(r, "dst-address");
	k->nifaces = 2;
	iv = req_attr_dup(r, "freeze-frame-interval");
	k->period = parse_duration_ms(iv, 1000);
	free(iv);
	k->due = now_ms() + 5;
	cmd_attach(c, k);
}

/* One torch frame. */
int
torch_tick(struct conn *c, struct cmd *k)
{
	struct sim *sim = c->sim;
	struct flow fl[TORCH_FLOWS];
	size_t nf = 0, i, j;
	unsigned frame = sim->o.frozen ? 0 : (unsigned)k->section;
	int wan = k->host != NULL && strcmp(k->host, "ether1") == 0;
	int running = 1;
	struct kvlist l;
	char a[32];

	pthread_rwlock_rdlock(&sim->db);
	{
		struct srow *row = table_find_name(sim_table(sim,
		    "/interface"), k->host);
		const char *run = row != NULL ? row_get(row, "running") : NULL;

		running = run != NULL && strcmp(run, "true") == 0;
	}
	pthread_rwlock_unlock(&sim->db);
	for (i = 0; running && i < TORCH_FLOWS; i++) {
		struct flow f;
		int dup = 0;

		flow_make(sim, k->addr, wan, frame, (unsigned)i, &f);
		if (!prefix_match(k->ifaces[0], f.src) ||
		    !prefix_match(k->ifaces[1], f.dst))
			continue;
		if (k->tport != NULL && strcmp(k->tport, "any") != 0 &&
		    (unsigned)atoi(k->tport) != f.dport &&
		    (unsigned)atoi(k->tport) != f.sport)
			continue;
		if (k->tproto != NULL && strcmp(k->tproto, "any") != 0 &&
		    strcmp(k->tproto, f.proto == 6 ? "tcp" : "udp") != 0 &&
		    atoi(k->tproto) != f.proto)
			continue;
		if (!(k->tcols & COL_SRC))
			f.src = 0;
		if (!(k->tcols & COL_DST))
			f.dst = 0;
		if (!(k->tcols & COL_PROTO))
			f.proto = 0;
		if (!(k->tcols & COL_PORT))
			f.sport = f.dport = 0;
		for (j = 0; j < nf; j++) {
			if (fl[j].src == f.src && fl[j].dst == f.dst &&
			    fl[j].proto == f.proto && fl[j].sport == f.sport &&
			    fl[j].dport == f.dport) {
				fl[j].tx += f.tx;
				fl[j].rx += f.rx;
				fl[j].txp += f.txp;
				fl[j].rxp += f.rxp;
				dup = 1;
			}
		}
		if (!dup)
			fl[nf++] = f;
	}
	if (nf == 0) {
		memset(&fl[0], 0, sizeof fl[0]);
		nf = 1;
	}
	kvl_init(&l);
	for (i = 0; i < nf; i++) {
		kvl_reset(&l);
		if (k->tcols & COL_SRC) {
			fmt_ip(fl[i].src, a, sizeof a);
			kvl_setf(&l, "src-address", "%s", a);
		}
		if (k->tcols & COL_DST) {
			fmt_ip(fl[i].dst, a, sizeof a);
			kvl_setf(&l, "dst-address", "%s", a);
		}
		if (k->tcols & COL_PROTO)
			kvl_setf(&l, "ip-protocol", "%s", fl[i].proto == 6 ?
			    "tcp" : fl[i].proto == 17 ? "udp" : "any");
		if (k->tcols & COL_PORT) {
			kvl_setf(&l, "src-port", "%u", fl[i].sport);
			kvl_setf(&l, "dst-port", "%u", fl[i].dport);
		}
		kvl_setf(&l, "tx", "%.0f", fl[i].tx * 8);
		kvl_setf(&l, "rx", "%.0f", fl[i].rx * 8);
		kvl_setf(&l, "tx-packets", "%.0f", fl[i].txp);
		kvl_setf(&l, "rx-packets", "%.0f", fl[i].rxp);
		out_row(c, k->tag, &l, k->prop, k->nprop, (int64_t)k->section);
		k->sent++;
	}
	kvl_free(&l);
	k->section++;
	k->due += k->period;
	return 0;
}

/* "11.2ms". */
static void
fmt_ms(double ms, char *out, size_t len)
{
	snprintf(out, len, "%.1fms", ms);
}

/* /tool/traceroute =address= [=count=] [=max-hops=] [=interval=]. */
void
trace_start(struct conn *c, struct req *r)
{
	char *addr = req_attr_dup(r, "address"), *s;
	struct in_addr ia;
	struct cmd *k;

	if (!cmds_check_args(c, r, "address count max-hops timeout interval "
	    "interface src-address size protocol port use-dns vrf "
	    "routing-table dscp .proplist")) {
		free(addr);
		return;
	}
	if (addr == NULL || inet_pton(AF_INET, addr, &ia) != 1) {
		out_trap(c, r->tag, 1, addr == NULL ? "missing value(s) of "
		    "argument(s) address" : "invalid value for argument "
		    "address");
		out_done(c, r->tag);
		free(addr);
		return;
	}
	k = cmd_new(r, CMD_TRACE, -1);
	k->host = addr;
	k->addr = ntohl(ia.s_addr);
	s = req_attr_dup(r, "count");
	k->limit = s != NULL ? strtoull(s, NULL, 10) : 0;
	free(s);
	s = req_attr_dup(r, "max-hops");
	k->size = s != NULL ? atoi(s) : 30;
	if (k->size < 1 || k->size > 255)
		k->size = 30;
	free(s);
	s = req_attr_dup(r, "interval");
	k->period = parse_duration_ms(s, 1000);
	free(s);
	k->timeout = (k->addr & 0xFFFFFF00u) == 0xC0000200u;
	k->due = now_ms() + 5;
	cmd_attach(c, k);
}

/* One traceroute round; 1 when count rounds are done. */
int
trace_tick(struct conn *c, struct cmd *k)
{
	static const uint32_t path[] = {
		0xC6336401u,	/* 198.51.100.1 */
		0x64400001u,	/* 100.64.0.1 */
		0xCB007109u,	/* 203.0.113.9 */
		0xCB00712Du,	/* 203.0.113.45 */
		0xCB007181u,	/* 203.0.113.129 */
	};
	const struct sim *sim = c->sim;
	uint64_t round = k->section + 1;
	int lan = (k->addr & 0xFFFFFF00u) == 0xC0A85800u;
	int hops, h;
	struct kvlist l;
	char a[32], b[32];

	if (lan)
		hops = 1;
	else if (k->timeout)
		hops = k->size;
	else
		hops = (int)TD_ARRAY_LEN(path) + 1 < k->size ?
		    (int)TD_ARRAY_LEN(path) + 1 : k->size;
	kvl_init(&l);
	for (h = 0; h < hops; h++) {
		int last = h == hops - 1 && !k->timeout;
		uint32_t ip = lan || last ? k->addr :
		    path[h < (int)TD_ARRAY_LEN(path) ? h :
		    (int)TD_ARRAY_LEN(path) - 1];
		double base = lan ? 0.3 : 1.0 + 3.5 * h;
		double rtt = base * (0.9 + (double)(motion_hash(sim->seed,
		    (uint64_t)h, sim->o.frozen ? 0 : round) % 300) / 1000.0);

		kvl_reset(&l);
		kvl_setf(&l, "sent", "%llu", (unsigned long long)round);
		if (k->timeout && h >= 2) {
			kvl_setf(&l, "address", "%s", "");
			kvl_setf(&l, "loss", "100%%");
			kvl_setf(&l, "status", "timeout");
		} else {
			fmt_ip(ip, a, sizeof a);
			kvl_setf(&l, "address", "%s", a);
			kvl_setf(&l, "loss", "0%%");
			fmt_ms(rtt, b, sizeof b);
			kvl_setf(&l, "last", "%s", b);
			fmt_ms(base, b, sizeof b);
			kvl_setf(&l, "avg", "%s", b);
			fmt_ms(base * 0.9, b, sizeof b);
			kvl_setf(&l, "best", "%s", b);
			fmt_ms(base * 1.2, b, sizeof b);
			kvl_setf(&l, "worst", "%s", b);
			fmt_ms(base * 0.05, b, sizeof b);
			kvl_setf(&l, "std-dev", "%s", b);
			kvl_setf(&l, "status", "%s", "");
		}
		out_row(c, k->tag, &l, k->prop, k->nprop,
		    (int64_t)k->section);
		k->sent++;
	}
	kvl_free(&l);
	k->section++;
	k->due += k->period;
	if (k->limit != 0 && k->section >= k->limit) {
		out_done(c, k->tag);
		return 1;
	}
	return 0;
}
