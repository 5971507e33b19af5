/*
 * conntrack.c: a lazy /ip/firewall/connection table (--conntrack N).
 *
 * Entry i is a pure function of i and the seed, like the generated routes:
 * N entries cost no memory, count-only needs no rows and a print streams
 * them slice by slice.  Fields follow RouterOS 7: .id, protocol,
 * src-address and dst-address (ip:port), reply-src-address,
 * reply-dst-address, tcp-state (TCP only), timeout, orig/repl bytes,
 * packets and rates, assured, seen-reply, fasttrack, srcnat, dstnat,
 * confirmed, expected, dying, hw-offload.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "simint.h"

static const char *const tcp_states[] = {
	"established", "established", "established", "established",
	"time-wait", "syn-sent", "close", "fin-wait"
};

/* How many generated connections. */
uint64_t
conntrack_count(const struct sim *sim)
{
	return sim->o.conntrack;
}

/* Render entry i. */
void
conntrack_render(const struct sim *sim, uint64_t i, struct kvlist *l)
{
	uint64_t h = motion_hash(sim->seed, 0xC0AA, i);
	uint64_t g = motion_hash(sim->seed, 0xC0AB, i);
	unsigned host = 20 + (unsigned)(h % 200);
	unsigned sport = 1024 + (unsigned)((h >> 8) % 64000);
	unsigned nport = 1024 + (unsigned)((g >> 8) % 64000);
	unsigned proto = (unsigned)((h >> 24) % 10);
	const char *pn = proto < 7 ? "tcp" : proto < 9 ? "udp" : "icmp";
	unsigned dport = proto < 7 ? (unsigned[]){ 443, 443, 443, 80, 22,
	    993, 8443 }[proto] : proto < 9 ? (proto == 7 ? 53 : 123) : 0;
	uint32_t dst = (uint32_t)(g >> 32);
	unsigned d0 = 1 + (dst >> 24) % 222;
	uint64_t ob = 60 + (g % 50000000), rb = ob * (1 + h % 9);
	int assured = (h >> 40) % 10 != 0;
	char d[40];

	if (d0 == 10 || d0 == 127 || d0 == 192)
		d0 = 93;
	snprintf(d, sizeof d, "%u.%u.%u.%u", d0, (dst >> 16) & 0xFF,
	    (dst >> 8) & 0xFF, dst & 0xFF);
	kvl_reset(l);
	kvl_setf(l, ".id", "*%X", CONNTRACK_ID_BASE + (uint32_t)i);
	kvl_setf(l, "protocol", "%s", pn);
	if (dport != 0) {
		kvl_setf(l, "src-address", "192.168.88.%u:%u", host, sport);
		kvl_setf(l, "dst-address", "%s:%u", d, dport);
		kvl_setf(l, "reply-src-address", "%s:%u", d, dport);
		kvl_setf(l, "reply-dst-address", "198.51.100.23:%u", nport);
	} else {
		kvl_setf(l, "src-address", "192.168.88.%u", host);
		kvl_setf(l, "dst-address", "%s", d);
		kvl_setf(l, "reply-src-address", "%s", d);
		kvl_setf(l, "reply-dst-address", "198.51.100.23");
	}
	if (proto < 7) {
		const char *st = tcp_states[(h >> 44) % 8];

		kvl_setf(l, "tcp-state", "%s", st);
		kvl_setf(l, "timeout", "%s", strcmp(st, "established") == 0 ?
		    "23h59m" : "9s");
		if (strcmp(st, "established") == 0) {
			char t[24];

			motion_fmt_duration(86400 - 1 - (int64_t)(g % 86000),
			    t, sizeof t);
			kvl_setf(l, "timeout", "%s", t);
		}
	} else
		kvl_setf(l, "timeout", "%us", proto < 9 ? 10 +
		    (unsigned)(g % 170) : 1 + (unsigned)(g % 9));
	kvl_setf(l, "orig-packets", "%llu", (unsigned long long)(ob / 600 + 1));
	kvl_setf(l, "orig-bytes", "%llu", (unsigned long long)ob);
	kvl_setf(l, "orig-fasttrack-packets", "0");
	kvl_setf(l, "orig-fasttrack-bytes", "0");
	kvl_setf(l, "repl-packets", "%llu", (unsigned long long)(rb / 1200 +
	    1));
	kvl_setf(l, "repl-bytes", "%llu", (unsigned long long)rb);
	kvl_setf(l, "repl-fasttrack-packets", "0");
	kvl_setf(l, "repl-fasttrack-bytes", "0");
	kvl_setf(l, "orig-rate", "%llu", (unsigned long long)(h % 200000));
	kvl_setf(l, "repl-rate", "%llu", (unsigned long long)(g % 2000000));
	kvl_setf(l, "expected", "false");
	kvl_setf(l, "seen-reply", "%s", assured || proto >= 7 ? "true" :
	    "false");
	kvl_setf(l, "assured", "%s", assured ? "true" : "false");
	kvl_setf(l, "confirmed", "true");
	kvl_setf(l, "dying", "false");
	kvl_setf(l, "fasttrack", "%s", assured && proto < 7 ? "true" :
	    "false");
	kvl_setf(l, "hw-offload", "false");
	kvl_setf(l, "srcnat", "true");
	kvl_setf(l, "dstnat", "false");
}
