/*
 * data.c: the simulated routers' configuration.
 *
 * "soho" (the default) is the SOHO gateway of seed 002: a hAP ac^2 with a
 * bridge over ether2-ether5, ether1 as WAN with a DHCP client, DHCP server,
 * DNS, NTP, the default firewall and NAT, services, users and logs.  Some
 * comments are CP1252 and some UTF-8, as on real routers.  "chr" is a freshly
 * installed Cloud Hosted Router: identity MikroTik, only ether1, ASCII only.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "simint.h"

static struct srow *put(struct sim *sim, const char *path, const char *fmt,
    ...) TD_PRINTF(3, 4);
static struct srow *put_id(struct sim *sim, const char *path, uint32_t id,
    const char *fmt, ...) TD_PRINTF(4, 5);
static const char *version(const struct sim *sim);
static const char *build_time(const struct sim *sim);
static void ago(const struct sim *sim, int64_t secs, char *out, size_t len);
static void mac(const struct sim *sim, unsigned n, char *out, size_t len);
static void load_common(struct sim *sim);
static void load_soho(struct sim *sim);
static void load_soho_ip(struct sim *sim);
static void load_soho_fw(struct sim *sim);
static void load_soho_system(struct sim *sim);
static void load_chr(struct sim *sim);
static void load_log(struct sim *sim);
static void iface(struct sim *sim, const char *name, const char *type,
    unsigned macn, int running, const char *extra);

#define IFACE_COUNTERS \
	"rx-byte=0|tx-byte=0|rx-packet=0|tx-packet=0|rx-drop=0|tx-drop=0" \
	"|tx-queue-drop=0|rx-error=0|tx-error=0|fp-rx-byte=0|fp-tx-byte=0" \
	"|fp-rx-packet=0|fp-tx-packet=0"

#define POLICY_SCRIPT \
	"ftp,reboot,read,write,policy,test,password,sniff,sensitive,romon"

/* Add a row to the table at path from a formatted "k=v|k=v" spec. */
static struct srow *
put(struct sim *sim, const char *path, const char *fmt, ...)
{
	struct stable *t = sim_table(sim, path);
	va_list ap;
	char *spec;
	struct srow *r;

	if (t == NULL)
		fatalx("no table %s", path);
	va_start(ap, fmt);
	spec = xvasprintf(fmt, ap);
	va_end(ap);
	r = table_add(t, spec);
	free(spec);
	return r;
}

/* Add a row with a given id (dynamic rows live in their own id space). */
static struct srow *
put_id(struct sim *sim, const char *path, uint32_t id, const char *fmt, ...)
{
	struct stable *t = sim_table(sim, path);
	va_list ap;
	char *spec;
	struct srow *r;

	if (t == NULL)
		fatalx("no table %s", path);
	va_start(ap, fmt);
	spec = xvasprintf(fmt, ap);
	va_end(ap);
	r = row_new(id);
	row_parse(r, spec);
	free(spec);
	table_insert_at(t, t->n, r);
	return r;
}

/* The version string of the profile. */
static const char *
version(const struct sim *sim)
{
	switch (sim->prof) {
	case PROF_642:
		return "6.42.12 (long-term)";
	case PROF_649:
		return "6.49.10 (long-term)";
	case PROF_717:
		return "7.17.2 (stable)";
	case PROF_718:
	default:
		return "7.18.2 (stable)";
	}
}

/* The build time of the profile's version, in its date format. */
static const char *
build_time(const struct sim *sim)
{
	switch (sim->prof) {
	case PROF_642:
		return "feb/08/2019 13:38:21";
	case PROF_649:
		return "sep/06/2023 09:25:50";
	case PROF_717:
		return "2025-02-12 08:54:21";
	case PROF_718:
	default:
		return "2025-03-11 11:59:04";
	}
}

/* The router's date-time secs seconds ago. */
static void
ago(const struct sim *sim, int64_t secs, char *out, size_t len)
{
	motion_fmt_datetime(sim, sim->boot_wall - secs, out, len);
}

/* A MikroTik MAC address derived from the seed. */
static void
mac(const struct sim *sim, unsigned n, char *out, size_t len)
{
	uint64_t h = motion_hash(sim->seed, 0x3AC, 0);

	snprintf(out, len, "%s:%02X:%02X:%02X", sim->chr ? "0C:5E:9B" :
	    "48:A9:8A", (unsigned)(h >> 8) & 0xFF, (unsigned)(h >> 16) & 0xFF,
	    ((unsigned)h & 0xF0) + n);
}

/* Add an /interface row. */
static void
iface(struct sim *sim, const char *name, const char *type, unsigned macn,
    int running, const char *extra)
{
	char m[32], up[48];
	struct srow *r;

	mac(sim, macn, m, sizeof m);
	ago(sim, sim->uptime0 - 9 - (int64_t)macn, up, sizeof up);
	r = put(sim, "/interface",
	    "name=%s|default-name=%s|type=%s|mtu=1500|actual-mtu=1500"
	    "|l2mtu=1598|max-l2mtu=2028|mac-address=%s"
	    "|last-link-up-time=%s|link-downs=%d|" IFACE_COUNTERS
	    "|running=%s|slave=%s|disabled=false%s%s",
	    name, strcmp(type, "ether") == 0 ? name : "", type, m,
	    running ? up : "", running ? 0 : 1, running ? "true" : "false",
	    strncmp(name, "ether", 5) == 0 && strcmp(name, "ether1") != 0 &&
	    !sim->chr ? "true" : "false",
	    extra != NULL ? "|" : "", extra != NULL ? extra : "");
	if (strcmp(type, "ether") != 0)
		return;
	/* the port's settings: the same .id as its /interface row */
	put_id(sim, "/interface/ethernet", r->id,
	    "name=%s|default-name=%s|mtu=1500|l2mtu=1598|mac-address=%s"
	    "|orig-mac-address=%s|arp=enabled|arp-timeout=auto"
	    "|loop-protect=default|loop-protect-status=off"
	    "|auto-negotiation=true|advertise=10M-baseT-half,10M-baseT-full,"
	    "100M-baseT-half,100M-baseT-full,1G-baseT-full"
	    "|full-duplex=true|speed=1G-baseT-full|rx-flow-control=off"
	    "|tx-flow-control=off|bandwidth=unlimited/unlimited"
	    "|switch=switch1|running=%s|slave=%s|disabled=false%s%s",
	    name, name, m, m, running ? "true" : "false",
	    strcmp(name, "ether1") != 0 && !sim->chr ? "true" : "false",
	    extra != NULL ? "|" : "", extra != NULL ? extra : "");
}

/* Menus every router has: services, groups, resource, identity, clock. */
static void
load_common(struct sim *sim)
{
	int v7 = sim->prof >= PROF_717;
	const char *svc7 = "|vrf=main|max-sessions=20";
	const char *lan = sim->chr ? "" : "192.168.88.0/24";

	put(sim, "/ip/service", "name=telnet|port=23|address=%s%s|invalid=false"
	    "|disabled=%s", lan, v7 ? svc7 : "", sim->chr ? "false" : "true");
	put(sim, "/ip/service", "name=ftp|port=21|address=%s%s|invalid=false"
	    "|disabled=%s", lan, v7 ? svc7 : "", sim->chr ? "false" : "true");
	put(sim, "/ip/service", "name=www|port=80|address=%s%s|invalid=false"
	    "|disabled=false", lan, v7 ? svc7 : "");
	put(sim, "/ip/service", "name=ssh|port=22|address=%s%s|invalid=false"
	    "|disabled=false", lan, v7 ? svc7 : "");
	put(sim, "/ip/service", "name=www-ssl|port=443|address=%s"
	    "|certificate=none|tls-version=any%s|invalid=false|disabled=true",
	    lan, v7 ? svc7 : "");
	put(sim, "/ip/service", "name=api|port=8728|address=%s|invalid=false"
	    "|disabled=false", v7 ? "|vrf=main|max-sessions=20" : "");
	put(sim, "/ip/service", "name=winbox|port=8291|address=%s%s"
	    "|invalid=false|disabled=false", lan, v7 ? svc7 : "");
	put(sim, "/ip/service", "name=api-ssl|port=8729|address="
	    "|certificate=none|tls-version=any%s|invalid=false|disabled=false",
	    v7 ? svc7 : "");

	if (v7) {
		put(sim, "/user/group", "name=read|policy=local,telnet,ssh,"
		    "reboot,read,test,winbox,password,web,sniff,sensitive,api,"
		    "romon,rest-api,!ftp,!write,!policy|skin=default");
		put(sim, "/user/group", "name=write|policy=local,telnet,ssh,"
		    "reboot,read,write,test,winbox,password,web,sniff,"
		    "sensitive,api,romon,rest-api,!ftp,!policy|skin=default");
		put(sim, "/user/group", "name=full|policy=local,telnet,ssh,ftp,"
		    "reboot,read,write,policy,test,winbox,password,web,sniff,"
		    "sensitive,api,romon,rest-api|skin=default");
	} else {
		put(sim, "/user/group", "name=read|policy=local,telnet,ssh,"
		    "reboot,read,test,winbox,password,web,sniff,sensitive,api,"
		    "romon,tikapp,!ftp,!write,!policy,!dude|skin=default");
		put(sim, "/user/group", "name=write|policy=local,telnet,ssh,"
		    "reboot,read,write,test,winbox,password,web,sniff,"
		    "sensitive,api,romon,tikapp,!ftp,!policy,!dude"
		    "|skin=default");
		put(sim, "/user/group", "name=full|policy=local,telnet,ssh,ftp,"
		    "reboot,read,write,policy,test,winbox,password,web,sniff,"
		    "sensitive,api,romon,dude,tikapp|skin=default");
	}
	data_add_user(sim, "admin", "", "full");
	row_sets(sim_table(sim, "/user")->rows[0], "comment",
	    "system default user");

	if (sim->chr)
		put(sim, "/system/resource",
		    "uptime=0s|version=%s|build-time=%s|factory-software=%s"
		    "|free-memory=0|total-memory=268435456"
		    "|cpu=QEMU Virtual CPU version 2.5+|cpu-count=1"
		    "|cpu-frequency=2399|cpu-load=0|free-hdd-space=92180480"
		    "|total-hdd-space=134217728|write-sect-since-reboot=911"
		    "|write-sect-total=911|architecture-name=x86_64"
		    "|board-name=CHR QEMU Standard PC (i440FX + PIIX, 1996)"
		    "|platform=MikroTik", version(sim), build_time(sim),
		    version(sim));
	else
		put(sim, "/system/resource",
		    "uptime=0s|version=%s|build-time=%s|factory-software=6.44.6"
		    "|free-memory=0|total-memory=134217728|cpu=ARM|cpu-count=4"
		    "|cpu-frequency=716|cpu-load=0|free-hdd-space=3977216"
		    "|total-hdd-space=16777216|write-sect-since-reboot=5321"
		    "|write-sect-total=2174382|bad-blocks=0"
		    "|architecture-name=arm|board-name=hAP ac^2"
		    "|platform=MikroTik", version(sim), build_time(sim));
	put(sim, "/system/identity", "name=%s",
	    sim->chr ? "MikroTik" : "soho-gw");
	put(sim, "/system/clock", "time=00:00:00|date=|time-zone-autodetect=true"
	    "|time-zone-name=UTC|gmt-offset=+00:00|dst-active=false");
	{
		char v[32], *sp;

		str_copy(v, sizeof v, version(sim));
		sp = strchr(v, ' ');
		if (sp != NULL)
			*sp = '\0';
		put(sim, "/system/package", "name=%s|version=%s|build-time=%s"
		    "|scheduled=|disabled=false", v7 ? "routeros" :
		    sim->chr ? "routeros-x86" : "routeros-arm", v,
		    build_time(sim));
	}
}

/* The SOHO router's interfaces and bridge. */
static void
load_soho(struct sim *sim)
{
	char m[32];
	int i;

	iface(sim, "ether1", "ether", 1, 1, NULL);
	iface(sim, "ether2", "ether", 2, 1, "comment=B\xfcro-PC");
	iface(sim, "ether3", "ether", 3, 1,
	    "comment=K\xc3\xbc" "che \xe2\x80\x93 Sonos");
	iface(sim, "ether4", "ether", 4, 0, NULL);
	iface(sim, "ether5", "ether", 5, 0, NULL);
	iface(sim, "bridge", "bridge", 2, 1, "comment=defconf");
	row_sets(sim_table(sim, "/interface")->rows[5], "mtu", "auto");
	row_sets(sim_table(sim, "/interface")->rows[5], "l2mtu", "1596");
	row_sets(sim_table(sim, "/interface")->rows[5], "max-l2mtu", "");

	mac(sim, 2, m, sizeof m);
	put(sim, "/interface/bridge", "name=bridge|mtu=auto|actual-mtu=1500"
	    "|l2mtu=1596|arp=enabled|arp-timeout=auto|mac-address=%s"
	    "|protocol-mode=rstp|fast-forward=true|igmp-snooping=false"
	    "|auto-mac=true|ageing-time=5m|priority=0x8000"
	    "|max-message-age=20s|forward-delay=15s|transmit-hold-count=6"
	    "|vlan-filtering=false|dhcp-snooping=false|running=true"
	    "|disabled=false|comment=defconf", m);
	for (i = 2; i <= 5; i++)
		put(sim, "/interface/bridge/port", "interface=ether%d"
		    "|bridge=bridge|priority=0x80|path-cost=10|internal-path-cost=10"
		    "|edge=auto|point-to-point=auto|learn=auto|horizon=none"
		    "|hw=true|hw-offload=true|pvid=1|frame-types=admit-all"
		    "|status=%s|inactive=%s|dynamic=false|disabled=false"
		    "|comment=defconf", i, i <= 3 ? "in-bridge" : "inactive",
		    i <= 3 ? "false" : "true");

	put(sim, "/interface/list", "name=WAN|include=|exclude=|builtin=false"
	    "|dynamic=false|comment=defconf");
	put(sim, "/interface/list", "name=LAN|include=|exclude=|builtin=false"
	    "|dynamic=false|comment=defconf");
	put(sim, "/interface/list/member", "list=LAN|interface=bridge"
	    "|dynamic=false|disabled=false|comment=defconf");
	put(sim, "/interface/list/member", "list=WAN|interface=ether1"
	    "|dynamic=false|disabled=false|comment=defconf");
	load_soho_ip(sim);
	load_soho_fw(sim);
	load_soho_system(sim);
}

/* Addresses, routes, DHCP, DNS, ARP. */
static void
load_soho_ip(struct sim *sim)
{
	static const struct {
		const char	*host;
		unsigned	 ip;
		const char	*mac;
	} leases[] = {
		{ "DESKTOP-4KQ2J1M", 254, "D4:5D:64:1A:2B:3C" },
		{ "iPhone-von-Anna", 23, "3C:22:FB:7E:01:9A" },
		{ "Living-Room-TV", 31, "A8:23:FE:44:10:C2" },
		{ "Galaxy-S21", 37, "F0:5B:7B:9C:33:81" },
		{ "raspberrypi", 100, "DC:A6:32:0B:55:E1" },
	};
	char exp[32], seen[32], m[32];
	size_t i;

	put(sim, "/ip/address", "address=192.168.88.1/24|network=192.168.88.0"
	    "|interface=bridge|actual-interface=bridge|invalid=false"
	    "|dynamic=false|disabled=false|comment=defconf");
	put(sim, "/ip/address", "address=198.51.100.23/24|network=198.51.100.0"
	    "|interface=ether1|actual-interface=ether1|invalid=false"
	    "|dynamic=true|disabled=false");

	put_id(sim, "/ip/route", 0x80000001u, "dst-address=0.0.0.0/0"
	    "|routing-table=main|pref-src=|gateway=198.51.100.1"
	    "|immediate-gw=198.51.100.1%%ether1|distance=1|scope=30"
	    "|target-scope=10|vrf-interface=ether1|suppress-hw-offload=false"
	    "|dynamic=true|inactive=false|active=true|dhcp=true"
	    "|disabled=false");
	put_id(sim, "/ip/route", 0x80000002u, "dst-address=192.168.88.0/24"
	    "|routing-table=main|gateway=bridge|immediate-gw=bridge"
	    "|distance=0|scope=10|suppress-hw-offload=false|dynamic=true"
	    "|inactive=false|active=true|connect=true"
	    "|local-address=192.168.88.1%%bridge|disabled=false");
	put_id(sim, "/ip/route", 0x80000003u, "dst-address=198.51.100.0/24"
	    "|routing-table=main|gateway=ether1|immediate-gw=ether1"
	    "|distance=0|scope=10|suppress-hw-offload=false|dynamic=true"
	    "|inactive=false|active=true|connect=true"
	    "|local-address=198.51.100.23%%ether1|disabled=false");

	put(sim, "/ip/pool", "name=dhcp_pool|ranges=192.168.88.10-192.168.88.254");
	motion_fmt_duration(83647 - (int64_t)(motion_hash(sim->seed, 5, 5) %
	    3600), exp, sizeof exp);
	put(sim, "/ip/dhcp-client", "interface=ether1|add-default-route=yes"
	    "|default-route-distance=1|use-peer-dns=yes|use-peer-ntp=yes"
	    "|dhcp-options=hostname,clientid|status=bound"
	    "|address=198.51.100.23/24|gateway=198.51.100.1"
	    "|dhcp-server=198.51.100.1|primary-dns=198.51.100.53"
	    "|secondary-dns=8.8.8.8|expires-after=%s|dynamic=false"
	    "|invalid=false|disabled=false|comment=defconf", exp);
	put(sim, "/ip/dhcp-server", "name=dhcp-lan|interface=bridge"
	    "|lease-time=10m|address-pool=dhcp_pool|authoritative=yes"
	    "|use-radius=no|lease-script=|dynamic=false|invalid=false"
	    "|disabled=false");
	put(sim, "/ip/dhcp-server/network", "address=192.168.88.0/24"
	    "|gateway=192.168.88.1|dns-server=192.168.88.1,8.8.8.8"
	    "|domain=soho.local|comment=defconf");
	for (i = 0; i < TD_ARRAY_LEN(leases); i++) {
		motion_fmt_duration(60 + (int64_t)(motion_hash(sim->seed, i,
		    6) % 500), exp, sizeof exp);
		motion_fmt_duration(10 + (int64_t)(motion_hash(sim->seed, i,
		    7) % 90), seen, sizeof seen);
		put(sim, "/ip/dhcp-server/lease", "address=192.168.88.%u"
		    "|mac-address=%s|client-id=1:%s|address-lists=|server=dhcp-lan"
		    "|dhcp-option=|status=bound|expires-after=%s|last-seen=%s"
		    "|active-address=192.168.88.%u|active-mac-address=%s"
		    "|active-client-id=1:%s|active-server=dhcp-lan|host-name=%s"
		    "|radius=false|dynamic=%s|blocked=false|disabled=false%s",
		    leases[i].ip, leases[i].mac, leases[i].mac, exp, seen,
		    leases[i].ip, leases[i].mac, leases[i].mac,
		    leases[i].host, leases[i].ip == 100 ? "false" : "true",
		    leases[i].ip == 100 ? "|comment=Heimserver (Keller)" : "");
		put(sim, "/ip/arp", "address=192.168.88.%u|mac-address=%s"
		    "|interface=bridge|published=false|invalid=false|DHCP=true"
		    "|dynamic=true|complete=true|disabled=false",
		    leases[i].ip, leases[i].mac);
	}
	put(sim, "/ip/dhcp-server/lease", "address=192.168.88.50"
	    "|mac-address=64:51:06:3A:7F:12|address-lists=|server=dhcp-lan"
	    "|dhcp-option=|status=waiting|last-seen=3d2h11m"
	    "|host-name=HP-LaserJet-M15w|radius=false|dynamic=false"
	    "|blocked=false|disabled=false|comment=Drucker im B\xfcro");
	mac(sim, 0xE, m, sizeof m);
	put(sim, "/ip/arp", "address=198.51.100.1|mac-address=00:0C:42:%s"
	    "|interface=ether1|published=false|invalid=false|DHCP=false"
	    "|dynamic=true|complete=true|disabled=false", m + 9);

	if (sim->prof >= PROF_717)
		put(sim, "/ip/dns", "servers=8.8.8.8,8.8.4.4"
		    "|dynamic-servers=198.51.100.53|use-doh-server="
		    "|verify-doh-cert=false|doh-max-server-connections=5"
		    "|doh-max-concurrent-queries=50|doh-timeout=5s"
		    "|allow-remote-requests=true|max-udp-packet-size=4096"
		    "|query-server-timeout=2s|query-total-timeout=10s"
		    "|max-concurrent-queries=100"
		    "|max-concurrent-tcp-sessions=20|cache-size=2048KiB"
		    "|cache-max-ttl=1w|address-list-extra-time=0s|vrf=main"
		    "|cache-used=38KiB");
	else
		put(sim, "/ip/dns", "servers=8.8.8.8,8.8.4.4"
		    "|dynamic-servers=198.51.100.53|allow-remote-requests=true"
		    "|max-udp-packet-size=4096|query-server-timeout=2s"
		    "|query-total-timeout=10s|max-concurrent-queries=100"
		    "|max-concurrent-tcp-sessions=20|cache-size=2048KiB"
		    "|cache-max-ttl=1w|cache-used=38KiB");
	put(sim, "/ip/dns/static", "name=router.lan|address=192.168.88.1"
	    "|ttl=1d|dynamic=false|disabled=false|comment=defconf");
	put(sim, "/ip/dns/static", "name=localserver.soho.local"
	    "|address=192.168.88.100|ttl=1d|dynamic=false|disabled=false"
	    "|comment=Local Server");
	put(sim, "/ip/dns/static", "name=drucker.soho.local"
	    "|address=192.168.88.50|ttl=1d|dynamic=false|disabled=false"
	    "|comment=Drucker B\xc3\xbcro (HP)");
}

/* Firewall filter, NAT and address lists. */
static void
load_soho_fw(struct sim *sim)
{
	static const char *const filter[] = {
		"chain=input|action=accept|connection-state=established,"
		"related,untracked|comment=defconf: accept established,"
		"related,untracked",
		"chain=input|action=drop|connection-state=invalid"
		"|comment=defconf: drop invalid",
		"chain=input|action=accept|protocol=icmp"
		"|comment=defconf: accept ICMP",
		"chain=input|action=accept|dst-address=127.0.0.1"
		"|comment=defconf: accept to local loopback (for CAPsMAN)",
		"chain=input|action=drop|in-interface-list=!LAN"
		"|comment=defconf: drop all not coming from LAN",
		"chain=forward|action=accept|ipsec-policy=in,ipsec"
		"|comment=defconf: accept in ipsec policy",
		"chain=forward|action=accept|ipsec-policy=out,ipsec"
		"|comment=defconf: accept out ipsec policy",
		"chain=forward|action=fasttrack-connection"
		"|connection-state=established,related|hw-offload=true"
		"|comment=defconf: fasttrack",
		"chain=forward|action=accept|connection-state=established,"
		"related,untracked|comment=defconf: accept established,"
		"related, untracked",
		"chain=forward|action=drop|connection-state=invalid"
		"|comment=defconf: drop invalid",
		"chain=forward|action=drop|connection-state=new"
		"|connection-nat-state=!dstnat|in-interface-list=WAN"
		"|comment=defconf: drop all from WAN not DSTNATed",
	};
	char t[48];
	size_t i;

	put(sim, "/ip/firewall/filter", "chain=forward|action=passthrough"
	    "|bytes=50507925242|packets=50048246|invalid=false|dynamic=true"
	    "|disabled=false|comment=special dummy rule to show fasttrack "
	    "counters");
	for (i = 0; i < TD_ARRAY_LEN(filter); i++) {
		uint64_t h = motion_hash(sim->seed, i, 0xF1);
		uint64_t bytes = (h % 4000000000ull) >> (i % 5 * 3);

		put(sim, "/ip/firewall/filter", "%s|log=false|log-prefix="
		    "|bytes=%llu|packets=%llu|invalid=false|dynamic=false"
		    "|disabled=false", filter[i], (unsigned long long)bytes,
		    (unsigned long long)(bytes / 620));
	}
	put(sim, "/ip/firewall/nat", "chain=srcnat|action=masquerade"
	    "|out-interface-list=WAN|ipsec-policy=out,none|log=false"
	    "|log-prefix=|bytes=2719403771|packets=21093876|invalid=false"
	    "|dynamic=false|disabled=false|comment=defconf: masquerade");
	put(sim, "/ip/firewall/nat", "chain=dstnat|action=dst-nat"
	    "|protocol=tcp|dst-port=8443|in-interface-list=WAN"
	    "|to-addresses=192.168.88.100|to-ports=443|log=false|log-prefix="
	    "|bytes=1048932|packets=9133|invalid=false|dynamic=false"
	    "|disabled=true|comment=Heimserver \xe2\x80\x93 Fernzugriff");

	ago(sim, 86400 * 12, t, sizeof t);
	put(sim, "/ip/firewall/address-list", "list=blocklist"
	    "|address=45.134.26.0/24|creation-time=%s|dynamic=false"
	    "|disabled=false|comment=SSH-Scanner", t);
	put(sim, "/ip/firewall/address-list", "list=blocklist"
	    "|address=185.220.101.0/24|creation-time=%s|dynamic=false"
	    "|disabled=false|comment=Tor-Ausg\xe4nge", t);
	put(sim, "/ip/firewall/address-list", "list=allowed-admin"
	    "|address=192.168.88.254|creation-time=%s|dynamic=false"
	    "|disabled=false|comment=Admin-PC", t);
	put(sim, "/ip/firewall/address-list", "list=cloud|address=example.com"
	    "|creation-time=%s|dynamic=false|disabled=false", t);
	ago(sim, 3600 * 5, t, sizeof t);
	put(sim, "/ip/firewall/address-list", "list=cloud"
	    "|address=93.184.215.14|creation-time=%s|dynamic=true"
	    "|disabled=false|comment=example.com", t);
	ago(sim, 1200, t, sizeof t);
	put(sim, "/ip/firewall/address-list", "list=port-scanners"
	    "|address=203.0.113.77|creation-time=%s|timeout=23h39m12s"
	    "|dynamic=true|disabled=false", t);
}

/* NTP, routerboard, scheduler, scripts, files, users. */
static void
load_soho_system(struct sim *sim)
{
	char t[48], d[32], next[48];
	uint64_t h = motion_hash(sim->seed, 0x5E, 0);

	if (sim->prof >= PROF_717)
		put(sim, "/system/ntp/client", "enabled=true|mode=unicast"
		    "|servers=pool.ntp.org,time.google.com|vrf=main"
		    "|freq-drift=-7.523 PPM|status=synchronized"
		    "|synced-server=pool.ntp.org|synced-stratum=2"
		    "|system-offset=0.214 ms");
	else
		put(sim, "/system/ntp/client", "enabled=true"
		    "|primary-ntp=0.0.0.0|secondary-ntp=0.0.0.0"
		    "|server-dns-names=pool.ntp.org,time.google.com"
		    "|mode=unicast|poll-interval=15m"
		    "|active-server=162.159.200.1"
		    "|last-update-from=162.159.200.1"
		    "|last-update-before=7m12s640ms|last-adjustment=1ms371us");
	put(sim, "/system/routerboard", "routerboard=true|board-name=hAP ac^2"
	    "|model=RBD52G-5HacD2HnD|serial-number=%08llX%04X"
	    "|firmware-type=ipq4000L|factory-firmware=6.44.6"
	    "|current-firmware=%.*s|upgrade-firmware=%.*s",
	    (unsigned long long)(h >> 32), (unsigned)h & 0xFFFF,
	    (int)strcspn(version(sim), " "), version(sim),
	    (int)strcspn(version(sim), " "), version(sim));

	motion_fmt_date(sim, sim->boot_wall - 86400 * 40, d, sizeof d);
	ago(sim, -(86400 - (sim->boot_wall % 86400) + 3 * 3600), next,
	    sizeof next);
	put(sim, "/system/scheduler", "name=nightly-backup|start-date=%s"
	    "|start-time=03:00:00|interval=1d|on-event=backup-script"
	    "|owner=admin|policy=" POLICY_SCRIPT "|run-count=40"
	    "|next-run=%s|disabled=false"
	    "|comment=N\xc3\xa4" "chtliche Sicherung", d, next);
	ago(sim, (sim->boot_wall % 86400) - 3 * 3600, t, sizeof t);
	put(sim, "/system/script", "name=backup-script|owner=admin"
	    "|policy=" POLICY_SCRIPT "|dont-require-permissions=false"
	    "|run-count=40|last-started=%s|invalid=false"
	    "|source=/system backup save name=auto-backup dont-encrypt=yes\n"
	    "/export file=config_backup", t);
	put(sim, "/system/script", "name=wan-check|owner=admin"
	    "|policy=read,write,test|dont-require-permissions=false"
	    "|run-count=0|invalid=false|source=:if ([/ping 8.8.8.8 count=3]"
	    " = 0) do={ :log warning \"WAN down\" }"
	    "|comment=Pr\xfc" "ft die Verbindung");

	ago(sim, 86400 * 200, t, sizeof t);
	put(sim, "/file", "name=skins|type=directory|creation-time=%s", t);
	put(sim, "/file", "name=pub|type=directory|creation-time=%s", t);
	put(sim, "/file", "name=auto-before-reset.backup|type=backup"
	    "|size=35328|creation-time=%s", t);
	ago(sim, (sim->boot_wall % 86400) - 3 * 3600, t, sizeof t);
	put(sim, "/file", "name=auto-backup.backup|type=backup|size=40960"
	    "|creation-time=%s", t);
	if (sim->prof < PROF_717)
		put(sim, "/file", "name=config_backup.rsc|type=script|size=212"
		    "|creation-time=%s|contents=# by RouterOS %s\n"
		    "/system identity\nset name=soho-gw\n", t, version(sim));
	else
		put(sim, "/file", "name=config_backup.rsc|type=script|size=4213"
		    "|creation-time=%s", t);

	data_add_group(sim, "monitor", "local,read,test,winbox,web,api,"
	    "!telnet,!ssh,!ftp,!reboot,!write,!policy,!password,!sniff,"
	    "!sensitive,!romon");
	data_add_user(sim, "api_user", "api_password", "monitor");
	row_sets(table_find_name(sim_table(sim, "/user"), "api_user"),
	    "comment", "tikdeck monitoring");
}

/* A freshly installed CHR. */
static void
load_chr(struct sim *sim)
{
	struct stable *t;

	iface(sim, "ether1", "ether", 1, 1, NULL);
	if (sim->prof >= PROF_717)
		put(sim, "/ip/dns", "servers=|dynamic-servers="
		    "|use-doh-server=|verify-doh-cert=false"
		    "|allow-remote-requests=false|max-udp-packet-size=4096"
		    "|query-server-timeout=2s|query-total-timeout=10s"
		    "|max-concurrent-queries=100"
		    "|max-concurrent-tcp-sessions=20|cache-size=2048KiB"
		    "|cache-max-ttl=1w|vrf=main|cache-used=11KiB");
	else
		put(sim, "/ip/dns", "servers=|dynamic-servers="
		    "|allow-remote-requests=false|max-udp-packet-size=4096"
		    "|query-server-timeout=2s|query-total-timeout=10s"
		    "|max-concurrent-queries=100"
		    "|max-concurrent-tcp-sessions=20|cache-size=2048KiB"
		    "|cache-max-ttl=1w|cache-used=11KiB");
	if (sim->prof >= PROF_717)
		put(sim, "/system/ntp/client", "enabled=false|mode=unicast"
		    "|servers=|vrf=main|status=stopped");
	else
		put(sim, "/system/ntp/client", "enabled=false|primary-ntp=0.0.0.0"
		    "|secondary-ntp=0.0.0.0|server-dns-names=|mode=unicast");
	put(sim, "/file", "name=skins|type=directory|creation-time=%s", "");
	t = sim_table(sim, "/system/routerboard");
	t->present = 0;
}

/* The log since boot: realistic topics and messages. */
static void
load_log(struct sim *sim)
{
	static const struct {
		int		 at;	/* seconds after boot */
		const char	*topics;
		const char	*msg;
	} boot[] = {
		{ 0, "system,info", "router rebooted" },
		{ 2, "interface,info", "ether1 link up (speed 1G, full duplex)" },
		{ 3, "interface,info", "ether2 link up (speed 1G, full duplex)" },
		{ 3, "interface,info", "ether3 link up (speed 100M, full duplex)" },
		{ 5, "dhcp,info", "dhcp-client on ether1 got IP address "
		    "198.51.100.23" },
		{ 9, "system,info", "ntp change time Jan/15/2024 10:20:30 => "
		    "Jan/15/2024 10:20:31" },
		{ 31, "dhcp,info", "dhcp-lan assigned 192.168.88.254 for "
		    "D4:5D:64:1A:2B:3C DESKTOP-4KQ2J1M" },
		{ 44, "dhcp,info", "dhcp-lan assigned 192.168.88.23 for "
		    "3C:22:FB:7E:01:9A iPhone-von-Anna" },
		{ 70, "system,info,account", "user admin logged in from "
		    "192.168.88.254 via winbox" },
		{ 95, "system,info", "dns changed by admin" },
		{ 120, "system,info,account", "user admin logged out from "
		    "192.168.88.254 via winbox" },
		{ 380, "dhcp,info", "dhcp-lan assigned 192.168.88.31 for "
		    "A8:23:FE:44:10:C2 Living-Room-TV" },
		{ 902, "system,error,critical", "login failure for user admin "
		    "from 45.134.26.10 via ssh" },
		{ 903, "system,error,critical", "login failure for user root "
		    "from 45.134.26.10 via ssh" },
		{ 1800, "firewall,info", "input: in:ether1 out:(unknown 0), "
		    "connection-state:new src-mac 00:0c:42:1f:3a:9b, proto TCP "
		    "(SYN), 185.220.101.34:51234->198.51.100.23:22, len 60" },
		{ 3600, "dhcp,info", "dhcp-lan assigned 192.168.88.37 for "
		    "F0:5B:7B:9C:33:81 Galaxy-S21" },
		{ 7200, "interface,info", "ether4 link up (speed 1G, full "
		    "duplex)" },
		{ 7260, "interface,info", "ether4 link down" },
		{ 10800, "script,info", "backup-script: configuration backup "
		    "saved" },
		{ 14400, "system,info,account", "user api_user logged in from "
		    "192.168.88.254 via api" },
		{ 14460, "system,info,account", "user api_user logged out from "
		    "192.168.88.254 via api" },
	};
	struct stable *t = sim_table(sim, "/log");
	int64_t b = sim->boot_wall - sim->uptime0;
	size_t i;

	t->next_id = 0x1A00 + (uint32_t)(motion_hash(sim->seed, 9, 9) % 0x400);
	for (i = 0; i < TD_ARRAY_LEN(boot); i++) {
		char when[48];
		struct srow *r;

		if (sim->chr && i > 1 && strstr(boot[i].msg, "ether2") == NULL)
			break;
		if (boot[i].at > sim->uptime0)
			break;
		motion_fmt_datetime(sim, b + boot[i].at, when, sizeof when);
		r = row_new(t->next_id++);
		row_sets(r, "time", when);
		row_sets(r, "topics", boot[i].topics);
		row_sets(r, "message", boot[i].msg);
		table_insert_at(t, t->n, r);
	}
}

/* Build the router's tables for the preset and profile. */
void
data_load(struct sim *sim)
{
	load_common(sim);
	if (sim->chr)
		load_chr(sim);
	else
		load_soho(sim);
	load_log(sim);
	data_fw_boot(sim, 0);
}

/* Add or update a user. */
void
data_add_user(struct sim *sim, const char *name, const char *pass,
    const char *group)
{
	struct stable *t = sim_table(sim, "/user");
	struct srow *r = table_find_name(t, name);

	if (r == NULL) {
		r = table_add(t, "");
		row_sets(r, "name", name);
		row_sets(r, "group", group);
		row_sets(r, "address", "");
		row_sets(r, "last-logged-in", "");
		row_sets(r, "disabled", "false");
		if (sim->prof >= PROF_717) {
			row_sets(r, "expired", "false");
			row_sets(r, "inactivity-timeout", "10m");
			row_sets(r, "inactivity-policy", "none");
		}
	} else
		row_sets(r, "group", group);
	row_sets(r, "password", pass);
}

/* Add or update a group. */
void
data_add_group(struct sim *sim, const char *name, const char *policy)
{
	struct stable *t = sim_table(sim, "/user/group");
	struct srow *r = table_find_name(t, name);

	if (r == NULL) {
		r = table_add(t, "");
		row_sets(r, "name", name);
	}
	row_sets(r, "policy", policy);
	row_sets(r, "skin", "default");
}

/* Interface counters that keep growing while the link runs. */
void
data_render_iface(struct sim *sim, const struct srow *r, struct kvlist *l)
{
	const char *run = row_get(r, "running");
	uint64_t rxb, txb, rxp, txp;

	if (run == NULL || strcmp(run, "true") != 0)
		return;
	rxb = motion_iface_counter(sim, r->id, 0, 0);
	txb = motion_iface_counter(sim, r->id, 1, 0);
	rxp = motion_iface_counter(sim, r->id, 0, 1);
	txp = motion_iface_counter(sim, r->id, 1, 1);
	kvl_setf(l, "rx-byte", "%llu", (unsigned long long)rxb);
	kvl_setf(l, "tx-byte", "%llu", (unsigned long long)txb);
	kvl_setf(l, "rx-packet", "%llu", (unsigned long long)rxp);
	kvl_setf(l, "tx-packet", "%llu", (unsigned long long)txp);
	kvl_setf(l, "rx-drop", "%llu", (unsigned long long)(rxp / 250000));
	kvl_setf(l, "tx-queue-drop", "%llu",
	    (unsigned long long)(txp / 900000));
	kvl_setf(l, "fp-rx-byte", "%llu", (unsigned long long)(rxb / 10 * 9));
	kvl_setf(l, "fp-tx-byte", "%llu", (unsigned long long)(txb / 10 * 9));
	kvl_setf(l, "fp-rx-packet", "%llu",
	    (unsigned long long)(rxp / 10 * 9));
	kvl_setf(l, "fp-tx-packet", "%llu",
	    (unsigned long long)(txp / 10 * 9));
}

/* Firewall rule counters as of simulated second t: the stored bytes and
 * packets (their values at FW_SINCE) plus what matched since, at the
 * rule's FW_RATE bytes/s with its mean packet size; nothing while the rule
 * is disabled. */
static void
fw_counters(struct sim *sim, const struct srow *r, double t,
    uint64_t *bytes, uint64_t *packets)
{
	const char *b = row_get(r, "bytes"), *p = row_get(r, "packets");
	const char *since = row_get(r, FW_SINCE), *rate = row_get(r, FW_RATE);
	double dt, grow, size;

	(void)sim;
	*bytes = b != NULL ? strtoull(b, NULL, 10) : 0;
	*packets = p != NULL ? strtoull(p, NULL, 10) : 0;
	if (since == NULL || rate == NULL)
		return;
	dt = t - strtod(since, NULL);
	if (dt <= 0)
		return;
	grow = strtod(rate, NULL) * dt;
	size = *packets > 0 && *bytes > *packets ? (double)*bytes /
	    (double)*packets : 620.0;
	*bytes += (uint64_t)grow;
	*packets += (uint64_t)(grow / size);
}

/* Firewall counters that grow while simulated traffic matches the rule. */
void
data_render_fw(struct sim *sim, const struct srow *r, struct kvlist *l)
{
	uint64_t bytes, packets;

	if (row_get(r, "bytes") == NULL)
		return;
	fw_counters(sim, r, motion_elapsed(sim), &bytes, &packets);
	kvl_setf(l, "bytes", "%llu", (unsigned long long)bytes);
	kvl_setf(l, "packets", "%llu", (unsigned long long)packets);
}

/* Start or stop a rule's counting after add, set, enable or disable: a rule
 * counting since FW_SINCE that is now disabled keeps what it counted; an
 * enabled rule that was not counting starts now. */
void
data_fixup_fw(struct sim *sim, struct stable *t, struct srow *r)
{
	const char *d = row_get(r, "disabled");
	int on = d == NULL || strcmp(d, "true") != 0;
	double now = motion_elapsed(sim);
	uint64_t bytes, packets;

	(void)t;
	if (row_get(r, "bytes") == NULL)
		return;
	if (row_get(r, FW_RATE) == NULL)
		row_setf(r, FW_RATE, "%llu", (unsigned long long)(40 +
		    motion_hash(sim->seed, r->id, 0xF2) % 3000 +
		    strtoull(row_get(r, "bytes"), NULL, 10) / 2600000));
	if (row_get(r, FW_SINCE) != NULL && !on) {
		fw_counters(sim, r, now, &bytes, &packets);
		row_setf(r, "bytes", "%llu", (unsigned long long)bytes);
		row_setf(r, "packets", "%llu", (unsigned long long)packets);
		row_del(r, FW_SINCE);
	} else if (row_get(r, FW_SINCE) == NULL && on)
		row_setf(r, FW_SINCE, "%.3f", now);
}

/* Counters as they are at boot (and after a reboot): every enabled rule
 * counting from simulated second 0; reset says from zero bytes. */
void
data_fw_boot(struct sim *sim, int reset)
{
	static const char *const paths[] = { "/ip/firewall/filter",
	    "/ip/firewall/nat", "/ip/firewall/mangle" };
	size_t i, j;

	for (i = 0; i < TD_ARRAY_LEN(paths); i++) {
		struct stable *t = sim_table(sim, paths[i]);

		for (j = 0; t != NULL && j < t->n; j++) {
			struct srow *r = t->rows[j];

			if (row_get(r, "bytes") == NULL)
				continue;
			if (reset) {
				row_sets(r, "bytes", "0");
				row_sets(r, "packets", "0");
			}
			row_del(r, FW_SINCE);
			data_fixup_fw(sim, t, r);
			if (row_get(r, FW_SINCE) != NULL)
				row_sets(r, FW_SINCE, "0");
		}
	}
}

/* Uptime, CPU load and free memory. */
void
data_render_resource(struct sim *sim, const struct srow *r, struct kvlist *l)
{
	double t = motion_elapsed(sim);
	char up[48];
	uint64_t h = motion_hash(sim->seed, (uint64_t)t, 0xC9);
	uint64_t total = strtoull(row_get(r, "total-memory"), NULL, 10);

	motion_fmt_duration(sim->uptime0 + (int64_t)t, up, sizeof up);
	kvl_setf(l, "uptime", "%s", up);
	kvl_setf(l, "cpu-load", "%u", sim->chr ? (unsigned)(h % 3) :
	    2 + (unsigned)(h % 14));
	kvl_setf(l, "free-memory", "%llu", (unsigned long long)(total / 100 *
	    (sim->chr ? 81 : 63) - (h % 2000) * 512));
}

/* The router clock. */
void
data_render_clock(struct sim *sim, const struct srow *r, struct kvlist *l)
{
	int64_t now = motion_wall(sim);
	char d[32], t[16];

	motion_fmt_date(sim, now, d, sizeof d);
	motion_fmt_time(now, t, sizeof t);
	kvl_setf(l, "time", "%s", t);
	kvl_setf(l, "date", "%s", d);
}

/* Derive network and actual-interface of an /ip/address row. */
void
data_fixup_address(struct sim *sim, struct stable *t, struct srow *r)
{
	const char *a = row_get(r, "address"), *ifn = row_get(r, "interface");
	unsigned o[4], len = 32;
	uint32_t ip, mask;
	char net[20];

	if (ifn != NULL)
		row_sets(r, "actual-interface", ifn);
	if (a == NULL || sscanf(a, "%u.%u.%u.%u/%u", &o[0], &o[1], &o[2],
	    &o[3], &len) < 4 || len > 32)
		return;
	ip = (o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3];
	mask = len == 0 ? 0 : 0xFFFFFFFFu << (32 - len);
	ip &= mask;
	snprintf(net, sizeof net, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xFF,
	    (ip >> 8) & 0xFF, ip & 0xFF);
	row_sets(r, "network", net);
	if (strchr(a, '/') == NULL)
		row_setf(r, "address", "%s/32", a);
}
