/* menus.c: the simulated menu tree: paths, writable fields, keys, hooks. */
#include "config.h"

#include <string.h>

#include "simint.h"

#define FW_FIELDS \
	"chain action protocol src-address dst-address src-port dst-port " \
	"port any-port in-interface out-interface in-interface-list " \
	"out-interface-list src-address-list dst-address-list " \
	"connection-state connection-nat-state ipsec-policy hw-offload " \
	"log log-prefix jump-target reject-with limit tcp-flags " \
	"icmp-options packet-mark connection-mark routing-mark " \
	"new-connection-mark new-packet-mark new-routing-mark passthrough " \
	"to-addresses to-ports address-list address-list-timeout " \
	"src-mac-address layer7-protocol content dscp ttl disabled comment"

#define FW_DEFAULTS	"log=false|log-prefix=|bytes=0|packets=0"

const struct menu sim_menus[] = {
	{ "/interface", MF_NAMED | MF_NOADD | MF_NOREMOVE,
	  "name mtu l2mtu arp mac-address disabled comment", "name",
	  "failure: already have interface with such name", NULL, NULL,
	  NULL, "interface", NULL, data_render_iface },
	{ "/interface/bridge", MF_NAMED,
	  "name mtu arp protocol-mode vlan-filtering admin-mac auto-mac "
	  "igmp-snooping fast-forward disabled comment", "name",
	  "failure: already have interface with such name", NULL,
	  "mtu=auto|actual-mtu=1500|l2mtu=1514|arp=enabled|protocol-mode=rstp"
	  "|fast-forward=true|igmp-snooping=false|auto-mac=true"
	  "|vlan-filtering=false|running=true|disabled=false",
	  NULL, "bridge", NULL, NULL },
	{ "/interface/bridge/port", 0,
	  "bridge interface pvid hw horizon edge disabled comment",
	  "interface", "failure: device already added as bridge port",
	  "interface bridge",
	  "pvid=1|hw=true|horizon=none|edge=auto|inactive=false"
	  "|dynamic=false|disabled=false",
	  NULL, "bridge port", NULL, NULL },
	{ "/interface/list", MF_NAMED,
	  "name include exclude comment", "name",
	  "failure: already have such entry", NULL,
	  "include=|exclude=|builtin=false|dynamic=false", NULL,
	  "interface list", NULL, NULL },
	{ "/interface/list/member", 0,
	  "list interface disabled comment", "list interface",
	  "failure: already have such entry", "interface",
	  "dynamic=false|disabled=false", NULL, "interface list member",
	  NULL, NULL },
	{ "/ip/address", 0,
	  "address network interface disabled comment", "address interface",
	  "failure: already have such address", "interface",
	  "invalid=false|dynamic=false|disabled=false", NULL, "address",
	  data_fixup_address, NULL },
	{ "/ip/route", MF_ROUTES,
	  "dst-address gateway distance scope target-scope routing-table "
	  "pref-src check-gateway blackhole suppress-hw-offload vrf-interface "
	  "disabled comment", NULL, NULL, NULL,
	  "dst-address=0.0.0.0/0|routing-table=main|distance=1|scope=30"
	  "|target-scope=10|suppress-hw-offload=false|dynamic=false"
	  "|inactive=false|active=true|static=true|disabled=false",
	  NULL, "route", NULL, NULL },
	{ "/ip/pool", MF_NAMED, "name ranges next-pool comment", "name",
	  "failure: already have such entry", NULL, NULL, NULL, "pool",
	  NULL, NULL },
	{ "/ip/dhcp-client", 0,
	  "interface add-default-route default-route-distance use-peer-dns "
	  "use-peer-ntp dhcp-options disabled comment", "interface",
	  "failure: dhcp-client already exists on this interface",
	  "interface",
	  "add-default-route=yes|default-route-distance=1|use-peer-dns=yes"
	  "|use-peer-ntp=yes|dhcp-options=hostname,clientid|status=searching"
	  "|dynamic=false|invalid=false|disabled=false",
	  NULL, "dhcp client", NULL, NULL },
	{ "/ip/dhcp-server", MF_NAMED,
	  "name interface address-pool lease-time authoritative add-arp "
	  "use-radius lease-script disabled comment", "name",
	  "failure: already have such entry", "interface",
	  "address-pool=static-only|lease-time=10m|authoritative=yes"
	  "|use-radius=no|lease-script=|dynamic=false|invalid=false"
	  "|disabled=false",
	  NULL, "dhcp server", NULL, NULL },
	{ "/ip/dhcp-server/network", 0,
	  "address gateway dns-server domain ntp-server netmask comment",
	  "address", "failure: already have such entry", NULL, NULL, NULL,
	  "dhcp network", NULL, NULL },
	{ "/ip/dhcp-server/lease", MF_DYNREMOVE,
	  "address mac-address client-id server lease-time address-lists "
	  "block-access rate-limit disabled comment", "mac-address server",
	  "failure: already have static lease for this client", NULL,
	  "server=all|dhcp-option=|status=waiting|last-seen=never"
	  "|radius=false|dynamic=false|blocked=false|disabled=false",
	  NULL, "dhcp lease", NULL, NULL },
	{ "/ip/dns", MF_SINGLE,
	  "servers allow-remote-requests cache-size cache-max-ttl "
	  "max-udp-packet-size query-server-timeout query-total-timeout "
	  "max-concurrent-queries max-concurrent-tcp-sessions use-doh-server "
	  "verify-doh-cert", NULL, NULL, NULL, NULL, NULL, "dns settings",
	  NULL, NULL },
	{ "/ip/dns/static", 0,
	  "name regexp type address cname forward-to text ttl "
	  "match-subdomain address-list disabled comment",
	  "name regexp address cname text forward-to",
	  "entry already exists", NULL,
	  "ttl=1d|dynamic=false|disabled=false", NULL, "static dns entry",
	  NULL, NULL },
	{ "/ip/firewall/filter", MF_MOVABLE, FW_FIELDS, NULL, NULL,
	  "in-interface out-interface", FW_DEFAULTS
	  "|invalid=false|dynamic=false|disabled=false", NULL, "filter rule",
	  NULL, data_render_fw },
	{ "/ip/firewall/nat", MF_MOVABLE, FW_FIELDS, NULL, NULL,
	  "in-interface out-interface", FW_DEFAULTS
	  "|invalid=false|dynamic=false|disabled=false", NULL, "nat rule",
	  NULL, data_render_fw },
	{ "/ip/firewall/mangle", MF_MOVABLE, FW_FIELDS, NULL, NULL,
	  "in-interface out-interface", FW_DEFAULTS
	  "|invalid=false|dynamic=false|disabled=false", NULL,
	  "mangle rule", NULL, data_render_fw },
	{ "/ip/firewall/address-list", MF_DYNREMOVE,
	  "list address timeout disabled comment", "list address",
	  "failure: already have such entry", NULL,
	  "dynamic=false|disabled=false", NULL, "address list entry", NULL,
	  NULL },
	{ "/ip/service", MF_NAMED | MF_NOADD | MF_NOREMOVE,
	  "port address certificate tls-version vrf max-sessions disabled",
	  NULL, NULL, NULL, NULL, NULL, "service", NULL, NULL },
	{ "/ip/arp", MF_DYNREMOVE,
	  "address mac-address interface published disabled comment",
	  "address interface", "failure: already have such entry",
	  "interface",
	  "published=false|invalid=false|DHCP=false|dynamic=false"
	  "|complete=true|disabled=false",
	  NULL, "arp entry", NULL, NULL },
	{ "/system/resource", MF_SINGLE | MF_READONLY, "", NULL, NULL, NULL,
	  NULL, NULL, "resource", NULL, data_render_resource },
	{ "/system/identity", MF_SINGLE, "name", NULL, NULL, NULL, NULL,
	  NULL, "identity", NULL, NULL },
	{ "/system/clock", MF_SINGLE,
	  "time date time-zone-autodetect time-zone-name", NULL, NULL, NULL,
	  NULL, NULL, "clock", NULL, data_render_clock },
	{ "/system/routerboard", MF_SINGLE | MF_READONLY, "", NULL, NULL,
	  NULL, NULL, NULL, "routerboard", NULL, NULL },
	{ "/system/ntp/client", MF_SINGLE,
	  "enabled mode servers vrf primary-ntp secondary-ntp "
	  "server-dns-names", NULL, NULL, NULL, NULL, NULL, "ntp client",
	  NULL, NULL },
	{ "/system/scheduler", MF_NAMED,
	  "name start-date start-time interval on-event policy disabled "
	  "comment", "name", "failure: already have such entry", NULL,
	  "start-time=startup|interval=0s|owner=admin|run-count=0"
	  "|policy=ftp,reboot,read,write,policy,test,password,sniff,"
	  "sensitive,romon|disabled=false", NULL, "scheduler", NULL, NULL },
	{ "/system/script", MF_NAMED,
	  "name source policy dont-require-permissions comment", "name",
	  "failure: already have such entry", NULL,
	  "owner=admin|policy=ftp,reboot,read,write,policy,test,password,"
	  "sniff,sensitive,romon|dont-require-permissions=false|run-count=0"
	  "|invalid=false|source=",
	  NULL, "script", NULL, NULL },
	{ "/system/package", MF_NAMED | MF_READONLY, "", NULL, NULL, NULL,
	  NULL, NULL, "package", NULL, NULL },
	{ "/file", MF_NAMED | MF_NOADD, "contents", NULL, NULL, NULL, NULL,
	  NULL, "file", NULL, NULL },
	{ "/log", MF_LOG | MF_READONLY, "", NULL, NULL, NULL, NULL, NULL,
	  "log", NULL, NULL },
	{ "/user", MF_NAMED,
	  "name group password address disabled comment inactivity-timeout "
	  "inactivity-policy", "name",
	  "failure: user with the same name already exists", NULL,
	  "address=|last-logged-in=|disabled=false|expired=false"
	  "|inactivity-timeout=10m|inactivity-policy=none",
	  "password", "user", NULL, NULL },
	{ "/user/group", MF_NAMED, "name policy skin comment", "name",
	  "failure: already have such entry", NULL, "skin=default", NULL,
	  "group", NULL, NULL },
	{ "/user/active", MF_READONLY, "", NULL, NULL, NULL, NULL, NULL,
	  "active user", NULL, NULL },
};

const size_t sim_nmenus = TD_ARRAY_LEN(sim_menus);

/* Index of the menu at path, or -1. */
int
menu_index(const char *path)
{
	size_t i;

	for (i = 0; i < sim_nmenus; i++)
		if (strcmp(sim_menus[i].path, path) == 0)
			return (int)i;
	return -1;
}

/* Is path a menu or a directory above one? ("" is the root.) */
int
menu_is_dir(const char *path)
{
	size_t i, n = strlen(path);

	if (n == 0)
		return 1;
	for (i = 0; i < sim_nmenus; i++) {
		const char *p = sim_menus[i].path;

		if (strncmp(p, path, n) == 0 && (p[n] == '\0' || p[n] == '/'))
			return 1;
	}
	return 0;
}

/* Is name one of the space-separated words of list? */
int
menu_field_in(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	if (list == NULL || n == 0)
		return 0;
	while ((p = strstr(p, name)) != NULL) {
		if ((p == list || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' '))
			return 1;
		p += n;
	}
	return 0;
}

/* May add/set name a field of m? */
int
menu_field_ok(const struct menu *m, const char *name)
{
	return menu_field_in(m->fields, name);
}
