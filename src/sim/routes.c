/*
 * routes.c: a lazy BGP-like /ip/route table.
 *
 * Row i is a pure function of i and the seed, so a million routes cost no
 * memory and count-only needs no rows at all.  Prefixes walk the public /8s
 * upwards (10/8 and 127/8 skipped), /24s with some /23../21 aggregates whose
 * network addresses are all distinct; four BGP peers on the WAN subnet.
 * routes_encode() is the fast path of a full print: it writes the wire bytes
 * of one !re directly (every word is shorter than 128 bytes).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "simint.h"

#define SLOTS_PER_8	65536u

struct route {
	uint32_t	 net;
	unsigned	 len;
	unsigned	 peer;
	uint32_t	 as[5];
	unsigned	 nas;
};

static const struct {
	const char	*gw;
	uint32_t	 as;
} peers[] = {
	{ "198.51.100.1", 8280 },
	{ "198.51.100.2", 6762 },
	{ "198.51.100.3", 3356 },
	{ "198.51.100.4", 174 },
};

static const uint32_t transit[] = {
	1299, 2914, 3257, 6453, 6939, 9002, 1273, 3491, 6461, 7018, 12956,
	4637, 5511, 701, 3320
};

static unsigned route_octet(uint64_t slot8);
static void route_make(const struct sim *sim, uint64_t i, struct route *r);
static char *put_u32(char *p, uint32_t v);
static char *put_ip(char *p, uint32_t ip);
static char *put_hex(char *p, uint32_t v);
static char *put_lit(char *p, const char *s, size_t n);

/* How many generated rows this router has. */
uint64_t
routes_count(const struct sim *sim)
{
	uint64_t max = (uint64_t)(223 - 2) * SLOTS_PER_8;

	return sim->o.routes < max ? sim->o.routes : max;
}

/* The first octet of the n-th usable /8 (1..223 without 10 and 127). */
static unsigned
route_octet(uint64_t slot8)
{
	unsigned o = 1 + (unsigned)slot8;

	if (o >= 10)
		o++;
	if (o >= 127)
		o++;
	return o;
}

/* Compute row i. */
static void
route_make(const struct sim *sim, uint64_t i, struct route *r)
{
	uint64_t h = motion_hash(sim->seed, i, 0xB6B);
	uint32_t within = (uint32_t)(i % SLOTS_PER_8);
	unsigned k = 0, maxk = (unsigned)(h % 4), j;
	uint32_t origin;

	while (k < maxk && within != 0 && !(within & (1u << k)))
		k++;
	r->net = ((uint32_t)route_octet(i / SLOTS_PER_8) << 24) |
	    (within << 8);
	r->len = 24 - k;
	r->peer = (unsigned)((h >> 8) % TD_ARRAY_LEN(peers));
	r->as[0] = peers[r->peer].as;
	r->nas = 1 + (unsigned)((h >> 12) % 4);
	for (j = 1; j < r->nas; j++)
		r->as[j] = transit[(h >> (16 + 4 * j)) % TD_ARRAY_LEN(transit)];
	/* The origin AS stays the same across a /16. */
	origin = 13000 + (uint32_t)(motion_hash(sim->seed, i >> 8, 0x0A5) %
	    50000);
	r->as[r->nas++] = origin;
}

/* Decimal digits of v. */
static char *
put_u32(char *p, uint32_t v)
{
	char tmp[10];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

/* Dotted quad. */
static char *
put_ip(char *p, uint32_t ip)
{
	p = put_u32(p, ip >> 24);
	*p++ = '.';
	p = put_u32(p, (ip >> 16) & 0xFF);
	*p++ = '.';
	p = put_u32(p, (ip >> 8) & 0xFF);
	*p++ = '.';
	return put_u32(p, ip & 0xFF);
}

/* Uppercase hex, no leading zeros. */
static char *
put_hex(char *p, uint32_t v)
{
	static const char hex[] = "0123456789ABCDEF";
	char tmp[8];
	int n = 0;

	do {
		tmp[n++] = hex[v & 0xF];
		v >>= 4;
	} while (v != 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

/* Literal bytes. */
static char *
put_lit(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

#define LIT(p, s)	put_lit((p), (s), sizeof(s) - 1)
/* Start a word: remember where its length byte goes. */
#define WORD(p, w)	((w) = (p)++)
#define ENDWORD(p, w)	(*(w) = (char)((p) - (w) - 1))

/* Append the !re of row i (the fast path of a full print). */
size_t
routes_encode(const struct sim *sim, uint64_t i, const char *tag,
    size_t taglen, struct buf *out)
{
	struct route r;
	char *p, *w, *start;
	unsigned j;

	route_make(sim, i, &r);
	buf_reserve(out, 600 + taglen);
	start = p = out->p + out->len;
	p = LIT(p, "\003!re");
	if (tag != NULL) {
		unsigned char pre[CODEC_LEN_MAX];
		size_t n = codec_len_encode((uint32_t)taglen + 5, pre);

		p = put_lit(p, (const char *)pre, n);
		p = LIT(p, ".tag=");
		p = put_lit(p, tag, taglen);
	}
	WORD(p, w);
	p = LIT(p, "=.id=*");
	p = put_hex(p, ROUTES_ID_BASE + (uint32_t)i);
	ENDWORD(p, w);
	WORD(p, w);
	p = LIT(p, "=dst-address=");
	p = put_ip(p, r.net);
	*p++ = '/';
	p = put_u32(p, r.len);
	ENDWORD(p, w);
	p = LIT(p, "\023=routing-table=main");
	WORD(p, w);
	p = LIT(p, "=gateway=");
	p = put_lit(p, peers[r.peer].gw, strlen(peers[r.peer].gw));
	ENDWORD(p, w);
	WORD(p, w);
	p = LIT(p, "=immediate-gw=");
	p = put_lit(p, peers[r.peer].gw, strlen(peers[r.peer].gw));
	p = LIT(p, "%ether1");
	ENDWORD(p, w);
	p = LIT(p, "\014=distance=20");
	p = LIT(p, "\011=scope=40");
	p = LIT(p, "\020=target-scope=10");
	WORD(p, w);
	p = LIT(p, "=belongs-to=bgp-IP-");
	p = put_lit(p, peers[r.peer].gw, strlen(peers[r.peer].gw));
	ENDWORD(p, w);
	WORD(p, w);
	p = LIT(p, "=bgp.as-path=");
	for (j = 0; j < r.nas; j++) {
		if (j > 0)
			*p++ = ',';
		p = put_u32(p, r.as[j]);
	}
	ENDWORD(p, w);
	p = LIT(p, "\025=vrf-interface=ether1");
	p = LIT(p, "\032=suppress-hw-offload=false");
	p = LIT(p, "\015=dynamic=true");
	p = LIT(p, "\017=inactive=false");
	p = LIT(p, "\014=active=true");
	p = LIT(p, "\011=bgp=true");
	*p++ = '\0';
	out->len += (size_t)(p - start);
	out->p[out->len] = '\0';
	return (size_t)(p - start);
}

/* Render row i as a view (queries and .proplist). */
void
routes_render(const struct sim *sim, uint64_t i, struct kvlist *l)
{
	struct route r;
	char as[80], *p = as;
	unsigned j;

	route_make(sim, i, &r);
	for (j = 0; j < r.nas; j++) {
		if (j > 0)
			*p++ = ',';
		p = put_u32(p, r.as[j]);
	}
	*p = '\0';
	kvl_reset(l);
	kvl_setf(l, ".id", "*%X", ROUTES_ID_BASE + (uint32_t)i);
	kvl_setf(l, "dst-address", "%u.%u.%u.%u/%u", r.net >> 24,
	    (r.net >> 16) & 0xFF, (r.net >> 8) & 0xFF, r.net & 0xFF, r.len);
	kvl_set(l, "routing-table", "main", 4);
	kvl_setf(l, "gateway", "%s", peers[r.peer].gw);
	kvl_setf(l, "immediate-gw", "%s%%ether1", peers[r.peer].gw);
	kvl_set(l, "distance", "20", 2);
	kvl_set(l, "scope", "40", 2);
	kvl_set(l, "target-scope", "10", 2);
	kvl_setf(l, "belongs-to", "bgp-IP-%s", peers[r.peer].gw);
	kvl_setf(l, "bgp.as-path", "%s", as);
	kvl_set(l, "vrf-interface", "ether1", 6);
	kvl_set(l, "suppress-hw-offload", "false", 5);
	kvl_set(l, "dynamic", "true", 4);
	kvl_set(l, "inactive", "false", 5);
	kvl_set(l, "active", "true", 4);
	kvl_set(l, "bgp", "true", 4);
}

/* The generated row with this id, or -1. */
int64_t
routes_index_of(const struct sim *sim, uint32_t id)
{
	if (id < ROUTES_ID_BASE || id - ROUTES_ID_BASE >= routes_count(sim))
		return -1;
	return (int64_t)(id - ROUTES_ID_BASE);
}

/* The generated row holding a prefix, or -1: the inverse of route_make. */
int64_t
routes_find_dst(const struct sim *sim, const char *dst)
{
	unsigned o[4], len;
	uint64_t slot8, i;
	struct route r;
	char end;

	if (sscanf(dst, "%u.%u.%u.%u/%u%c", &o[0], &o[1], &o[2], &o[3], &len,
	    &end) != 5 || o[0] < 1 || o[0] > 223 || o[0] == 10 ||
	    o[0] == 127 || o[1] > 255 || o[2] > 255 || o[3] != 0)
		return -1;
	slot8 = o[0] - 1;
	if (o[0] > 10)
		slot8--;
	if (o[0] > 127)
		slot8--;
	i = slot8 * SLOTS_PER_8 + ((uint64_t)o[1] << 8) + o[2];
	if (i >= routes_count(sim))
		return -1;
	route_make(sim, i, &r);
	return r.len == len ? (int64_t)i : -1;
}
