/* menus.c: the simulated menu tree: paths, writable fields, keys, hooks. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "simint.h"

static const char *type_in(const char *list, const char *name, size_t *len);

/* The matchers and settings every firewall table has; each adds the
 * properties of its own actions. */
#define FW_FIELDS \
	"chain action protocol src-address dst-address src-port dst-port " \
	"port any-port in-interface out-interface in-interface-list " \
	"out-interface-list src-address-list dst-address-list " \
	"connection-state connection-nat-state ipsec-policy " \
	"log log-prefix jump-target limit tcp-flags " \
	"icmp-options packet-mark connection-mark routing-mark " \
	"address-list address-list-timeout " \
	"src-mac-address layer7-protocol content dscp ttl disabled comment"
#define FW_FILTER_FIELDS	FW_FIELDS " reject-with hw-offload"
#define FW_NAT_FIELDS		FW_FIELDS " to-addresses to-ports"
#define FW_MANGLE_FIELDS	FW_FIELDS " new-connection-mark " \
	"new-packet-mark new-routing-mark passthrough"

#define FW_DEFAULTS	"log=false|log-prefix=|bytes=0|packets=0"

const struct menu sim_menus[] = {
	{ "/interface", MF_NAMED | MF_NOADD | MF_NOREMOVE,
	  "name mtu l2mtu arp mac-address disabled comment", "name",
	  "failure: already have interface with such name", NULL, NULL,
	  NULL, "interface", NULL, data_render_iface,
	  "mtu:int:0..65535 l2mtu:int:0..65535 arp:e:disabled|enabled|local-proxy-arp|proxy-arp|reply-only" },
	{ "/interface/bridge", MF_NAMED,
	  "name mtu arp protocol-mode vlan-filtering admin-mac auto-mac "
	  "igmp-snooping fast-forward disabled comment", "name",
	  "failure: already have interface with such name", NULL,
	  "mtu=auto|actual-mtu=1500|l2mtu=1514|arp=enabled|protocol-mode=rstp"
	  "|fast-forward=true|igmp-snooping=false|auto-mac=true"
	  "|vlan-filtering=false|running=true|disabled=false",
	  NULL, "bridge", NULL, NULL,
	  "mtu:str arp:e:disabled|enabled|local-proxy-arp|proxy-arp|reply-only protocol-mode:e:none|rstp|stp|mstp vlan-filtering:bool admin-mac:mac auto-mac:bool igmp-snooping:bool fast-forward:bool" },
	{ "/interface/bridge/port", 0,
	  "bridge interface pvid hw horizon edge disabled comment",
	  "interface", "failure: device already added as bridge port",
	  "interface bridge",
	  "pvid=1|hw=true|horizon=none|edge=auto|inactive=false"
	  "|dynamic=false|disabled=false",
	  NULL, "bridge port", NULL, NULL,
	  "bridge:ref:bridge pvid:int:1..4094 hw:bool horizon:str edge:e:auto|no|no-discover|yes|yes-discover" },
	{ "/interface/ethernet", MF_NAMED | MF_NOADD | MF_NOREMOVE,
	  "name mtu l2mtu arp mac-address auto-negotiation advertise speed "
	  "full-duplex rx-flow-control tx-flow-control loop-protect disabled "
	  "comment", "name",
	  "failure: already have interface with such name", NULL, NULL,
	  NULL, "ethernet", NULL, NULL,
	  "mtu:int:0..65535 l2mtu:int:0..65535 arp:e:disabled|enabled|local-proxy-arp|proxy-arp|reply-only mac-address:mac auto-negotiation:bool full-duplex:bool speed:e:10M-baseT-half|10M-baseT-full|100M-baseT-half|100M-baseT-full|1G-baseT-full rx-flow-control:e:auto|off|on tx-flow-control:e:auto|off|on loop-protect:e:default|off|on" },
	{ "/interface/list", MF_NAMED,
	  "name include exclude comment", "name",
	  "failure: already have such entry", NULL,
	  "include=|exclude=|builtin=false|dynamic=false", NULL,
	  "interface list", NULL, NULL,
	  "include:ref:interface-list exclude:ref:interface-list" },
	{ "/interface/list/member", 0,
	  "list interface disabled comment", "list interface",
	  "failure: already have such entry", "interface",
	  "dynamic=false|disabled=false", NULL, "interface list member",
	  NULL, NULL,
	  "list:ref:interface-list" },
	{ "/ip/address", 0,
	  "address network interface disabled comment", "address interface",
	  "failure: already have such address", "interface",
	  "invalid=false|dynamic=false|disabled=false", NULL, "address",
	  data_fixup_address, NULL,
	  "address:pfx network:ip" },
	{ "/ip/route", MF_ROUTES,
	  "dst-address gateway distance scope target-scope routing-table "
	  "pref-src check-gateway blackhole suppress-hw-offload vrf-interface "
	  "disabled comment", NULL, NULL, NULL,
	  "dst-address=0.0.0.0/0|routing-table=main|distance=1|scope=30"
	  "|target-scope=10|suppress-hw-offload=false|dynamic=false"
	  "|inactive=false|active=true|static=true|disabled=false",
	  NULL, "route", NULL, NULL,
	  "dst-address:pfx gateway:str distance:int:1..255 scope:int:0..255 target-scope:int:0..255 routing-table:str pref-src:ip check-gateway:e:arp|bfd|ping|none blackhole:bool suppress-hw-offload:bool vrf-interface:ref:interface" },
	{ "/ip/pool", MF_NAMED, "name ranges next-pool comment", "name",
	  "failure: already have such entry", NULL, NULL, NULL, "pool",
	  NULL, NULL,
	  "ranges:ipr next-pool:ref:pool" },
	{ "/ip/dhcp-client", 0,
	  "interface add-default-route default-route-distance use-peer-dns "
	  "use-peer-ntp dhcp-options disabled comment", "interface",
	  "failure: dhcp-client already exists on this interface",
	  "interface",
	  "add-default-route=yes|default-route-distance=1|use-peer-dns=yes"
	  "|use-peer-ntp=yes|dhcp-options=hostname,clientid|status=searching"
	  "|dynamic=false|invalid=false|disabled=false",
	  NULL, "dhcp client", NULL, NULL,
	  "add-default-route:e:yes|no|special-classless default-route-distance:int:0..255 use-peer-dns:bool use-peer-ntp:bool dhcp-options:str" },
	{ "/ip/dhcp-server", MF_NAMED,
	  "name interface address-pool lease-time authoritative add-arp "
	  "use-radius lease-script disabled comment", "name",
	  "failure: already have such entry", "interface",
	  "address-pool=static-only|lease-time=10m|authoritative=yes"
	  "|use-radius=no|lease-script=|dynamic=false|invalid=false"
	  "|disabled=false",
	  NULL, "dhcp server", NULL, NULL,
	  "address-pool:ref:pool lease-time:time authoritative:e:after-10sec-delay|after-2sec-delay|yes|no add-arp:bool use-radius:e:yes|no|accounting lease-script:script" },
	{ "/ip/dhcp-server/network", 0,
	  "address gateway dns-server domain ntp-server netmask comment",
	  "address", "failure: already have such entry", NULL, NULL, NULL,
	  "dhcp network", NULL, NULL,
	  "address:pfx gateway:ips dns-server:ips domain:str ntp-server:ips netmask:int:0..32" },
	{ "/ip/dhcp-server/lease", MF_DYNREMOVE,
	  "address mac-address client-id server lease-time address-lists "
	  "block-access rate-limit disabled comment", "mac-address server",
	  "failure: already have static lease for this client", NULL,
	  "server=all|dhcp-option=|status=waiting|last-seen=never"
	  "|radius=false|dynamic=false|blocked=false|disabled=false",
	  NULL, "dhcp lease", NULL, NULL,
	  "address:ip mac-address:mac client-id:str server:ref:dhcp-server lease-time:time address-lists:ref:address-list block-access:bool rate-limit:str" },
	{ "/ip/dns", MF_SINGLE,
	  "servers allow-remote-requests cache-size cache-max-ttl "
	  "max-udp-packet-size query-server-timeout query-total-timeout "
	  "max-concurrent-queries max-concurrent-tcp-sessions use-doh-server "
	  "verify-doh-cert", NULL, NULL, NULL, NULL, NULL, "dns settings",
	  NULL, NULL,
	  "servers:ips allow-remote-requests:bool cache-size:int:64..4294967295 cache-max-ttl:time max-udp-packet-size:int:50..65507 query-server-timeout:time query-total-timeout:time max-concurrent-queries:num max-concurrent-tcp-sessions:num use-doh-server:str verify-doh-cert:bool" },
	{ "/ip/dns/static", 0,
	  "name regexp type address cname forward-to text ttl "
	  "match-subdomain address-list disabled comment",
	  "name regexp address cname text forward-to",
	  "entry already exists", NULL,
	  "ttl=1d|dynamic=false|disabled=false", NULL, "static dns entry",
	  NULL, NULL,
	  "regexp:str type:e:A|AAAA|CNAME|FWD|MX|NS|NXDOMAIN|SRV|TXT address:ip cname:str forward-to:ips text:str ttl:time match-subdomain:bool address-list:ref:address-list" },
	{ "/ip/firewall/filter", MF_MOVABLE, FW_FILTER_FIELDS, NULL, NULL,
	  "in-interface out-interface", FW_DEFAULTS
	  "|invalid=false|dynamic=false|disabled=false", FW_HIDDEN,
	  "filter rule", data_fixup_fw, data_render_fw,
	  "chain:e:input|forward|output action:e:accept|add-dst-to-address-list|add-src-to-address-list|drop|fasttrack-connection|jump|log|passthrough|reject|return|tarpit" },
	{ "/ip/firewall/nat", MF_MOVABLE, FW_NAT_FIELDS, NULL, NULL,
	  "in-interface out-interface", FW_DEFAULTS
	  "|invalid=false|dynamic=false|disabled=false", FW_HIDDEN,
	  "nat rule", data_fixup_fw, data_render_fw,
	  "chain:e:srcnat|dstnat action:e:accept|add-dst-to-address-list|add-src-to-address-list|dst-nat|jump|log|masquerade|netmap|passthrough|redirect|return|same|src-nat" },
	{ "/ip/firewall/mangle", MF_MOVABLE, FW_MANGLE_FIELDS, NULL, NULL,
	  "in-interface out-interface", FW_DEFAULTS
	  "|invalid=false|dynamic=false|disabled=false", FW_HIDDEN,
	  "mangle rule", data_fixup_fw, data_render_fw,
	  "chain:e:prerouting|input|forward|output|postrouting action:e:accept|add-dst-to-address-list|add-src-to-address-list|change-dscp|change-mss|change-ttl|clear-df|fasttrack-connection|jump|log|mark-connection|mark-packet|mark-routing|passthrough|return|route|set-priority|sniff-pc|sniff-tzsp|strip-ipv4-options" },
	{ "/ip/firewall/address-list", MF_DYNREMOVE,
	  "list address timeout disabled comment", "list address",
	  "failure: already have such entry", NULL,
	  "dynamic=false|disabled=false", NULL, "address list entry", NULL,
	  NULL,
	  "address:ipr timeout:time" },
	{ "/ip/service", MF_NAMED | MF_NOADD | MF_NOREMOVE,
	  "port address certificate tls-version vrf max-sessions disabled",
	  NULL, NULL, NULL, NULL, NULL, "service", NULL, NULL,
	  "port:int:1..65535 address:m:pfx certificate:str tls-version:e:any|only-1.2 vrf:str max-sessions:int:1..1000" },
	{ "/ip/arp", MF_DYNREMOVE,
	  "address mac-address interface published disabled comment",
	  "address interface", "failure: already have such entry",
	  "interface",
	  "published=false|invalid=false|DHCP=false|dynamic=false"
	  "|complete=true|disabled=false",
	  NULL, "arp entry", NULL, NULL,
	  "address:ip published:bool" },
	{ "/system/resource", MF_SINGLE | MF_READONLY, "", NULL, NULL, NULL,
	  NULL, NULL, "resource", NULL, data_render_resource },
	{ "/system/identity", MF_SINGLE, "name", NULL, NULL, NULL, NULL,
	  NULL, "identity", NULL, NULL,
	  "" },
	{ "/system/clock", MF_SINGLE,
	  "time date time-zone-autodetect time-zone-name", NULL, NULL, NULL,
	  NULL, NULL, "clock", NULL, data_render_clock,
	  "time:tod date:date time-zone-autodetect:bool time-zone-name:str" },
	{ "/system/routerboard", MF_SINGLE | MF_READONLY, "", NULL, NULL,
	  NULL, NULL, NULL, "routerboard", NULL, NULL },
	{ "/system/ntp/client", MF_SINGLE,
	  "enabled mode servers vrf primary-ntp secondary-ntp "
	  "server-dns-names", NULL, NULL, NULL, NULL, NULL, "ntp client",
	  NULL, NULL,
	  "enabled:bool mode:e:unicast|broadcast|multicast|manycast servers:str vrf:str primary-ntp:ip secondary-ntp:ip server-dns-names:str" },
	{ "/system/scheduler", MF_NAMED,
	  "name start-date start-time interval on-event policy disabled "
	  "comment", "name", "failure: already have such entry", NULL,
	  "start-time=startup|interval=0s|owner=admin|run-count=0"
	  "|policy=ftp,reboot,read,write,policy,test,password,sniff,"
	  "sensitive,romon|disabled=false", NULL, "scheduler", NULL, NULL,
	  "start-date:date start-time:tod interval:time on-event:script policy:m:ftp|reboot|read|write|policy|test|password|sniff|sensitive|romon" },
	{ "/system/script", MF_NAMED,
	  "name source policy dont-require-permissions comment", "name",
	  "failure: already have such entry", NULL,
	  "owner=admin|policy=ftp,reboot,read,write,policy,test,password,"
	  "sniff,sensitive,romon|dont-require-permissions=false|run-count=0"
	  "|invalid=false|source=",
	  NULL, "script", NULL, NULL,
	  "source:script policy:m:ftp|reboot|read|write|policy|test|password|sniff|sensitive|romon dont-require-permissions:bool" },
	{ "/system/package", MF_NAMED | MF_READONLY, "", NULL, NULL, NULL,
	  NULL, NULL, "package", NULL, NULL },
	{ "/file", MF_NAMED | MF_NOADD, "contents", NULL, NULL, NULL, NULL,
	  NULL, "file", NULL, files_render,
	  "contents:str" },
	{ "/log", MF_LOG | MF_READONLY, "", NULL, NULL, NULL, NULL, NULL,
	  "log", NULL, NULL },
	{ "/user", MF_NAMED,
	  "name group password address disabled comment inactivity-timeout "
	  "inactivity-policy", "name",
	  "failure: user with the same name already exists", NULL,
	  "address=|last-logged-in=|disabled=false|expired=false"
	  "|inactivity-timeout=10m|inactivity-policy=none",
	  "password", "user", NULL, NULL,
	  "group:ref:group password:str address:m:pfx inactivity-timeout:time inactivity-policy:e:none|lockscreen|logout" },
	{ "/user/group", MF_NAMED, "name policy skin comment", "name",
	  "failure: already have such entry", NULL, "skin=default", NULL,
	  "group", NULL, NULL,
	  "policy:m:local|telnet|ssh|ftp|reboot|read|write|policy|test|winbox|password|web|sniff|sensitive|api|romon|rest-api skin:str" },
	{ "/system/history", MF_READONLY, "", NULL, NULL, NULL, NULL, NULL,
	  "history", NULL, NULL, "" },
	{ "/ip/firewall/connection", MF_READONLY | MF_CONNTRACK, "", NULL,
	  NULL, NULL, NULL, NULL, "connection", NULL, NULL, "" },
	{ "/user/active", MF_READONLY, "", NULL, NULL, NULL, NULL, NULL,
	  "active user", NULL, NULL },
};

const size_t sim_nmenus = TD_ARRAY_LEN(sim_menus);

/*
 * Argument TYPEs (menu->types, field_defaults, sim_xcmds):
 *   str  ip  pfx (A.B.C.D/M)  ipr (address, prefix or range)  ips (list of
 *   addresses)  mac  time  bool  date  tod (time of day)  port (port
 *   ranges)  num  int:A..B  e:a|b|c (one of)  m:a|b|c (comma list of)
 *   m:pfx (list of prefixes)  ref:X (the name of an X: interface,
 *   interface-list, bridge, pool, dhcp-server, address-list, group, script)
 *   script (script source).
 * A menu's own "name:TYPE" entries win over these defaults.
 */
static const struct {
	const char	*name;
	const char	*type;
	const char	*help;
} field_defaults[] = {
	{ "name", "str", "Name of the item" },
	{ "comment", "str", "Short description of the item" },
	{ "disabled", "bool", "Defines whether the item is ignored or used" },
	{ "interface", "ref:interface", "Interface name" },
	{ "in-interface", "ref:interface", "Interface the packet came in" },
	{ "out-interface", "ref:interface", "Interface the packet leaves" },
	{ "in-interface-list", "ref:interface-list", "Interface list of the "
	  "incoming interface" },
	{ "out-interface-list", "ref:interface-list", "Interface list of the "
	  "outgoing interface" },
	{ "mac-address", "mac", "MAC address" },
	{ "address", "ip", "IP address" },
	{ "network", "ip", "Network address" },
	{ "gateway", "ip", "Gateway address" },
	{ "protocol", "e:tcp|udp|icmp|gre|ipsec-esp|ipsec-ah|ospf|igmp|"
	  "icmpv6|sctp|vrrp", "Matches the IP protocol" },
	{ "src-address", "ipr", "Source address" },
	{ "dst-address", "ipr", "Destination address" },
	{ "src-port", "port", "Source port" },
	{ "dst-port", "port", "Destination port" },
	{ "port", "port", "Source or destination port" },
	{ "any-port", "port", "Source or destination port" },
	{ "connection-state", "m:established|related|new|invalid|untracked",
	  "Connection tracking state" },
	{ "connection-nat-state", "m:srcnat|dstnat", "NAT state of the "
	  "connection" },
	{ "src-address-list", "ref:address-list", "Source address list" },
	{ "dst-address-list", "ref:address-list", "Destination address list" },
	{ "address-list", "ref:address-list", "Address list to add to" },
	{ "address-list-timeout", "time", "Time the address stays in the "
	  "list" },
	{ "ipsec-policy", "str", "Matches the IPsec policy direction" },
	{ "hw-offload", "bool", "Offload fasttracked connections to hardware" },
	{ "log", "bool", "Log matching packets" },
	{ "log-prefix", "str", "Prefix of the log lines" },
	{ "jump-target", "str", "Chain to jump to" },
	{ "reject-with", "e:icmp-admin-prohibited|icmp-host-prohibited|"
	  "icmp-host-unreachable|icmp-net-prohibited|icmp-network-unreachable|"
	  "icmp-port-unreachable|icmp-protocol-unreachable|tcp-reset",
	  "ICMP reply to send" },
	{ "limit", "str", "Rate limit: count/time,burst" },
	{ "tcp-flags", "m:ack|cwr|ece|fin|psh|rst|syn|urg", "TCP flags" },
	{ "icmp-options", "str", "ICMP type:code" },
	{ "packet-mark", "str", "Packet mark" },
	{ "connection-mark", "str", "Connection mark" },
	{ "routing-mark", "str", "Routing mark" },
	{ "new-connection-mark", "str", "New connection mark" },
	{ "new-packet-mark", "str", "New packet mark" },
	{ "new-routing-mark", "str", "New routing mark" },
	{ "passthrough", "bool", "Continue with the next rule" },
	{ "to-addresses", "ipr", "Address to translate to" },
	{ "to-ports", "port", "Port to translate to" },
	{ "src-mac-address", "mac", "Source MAC address" },
	{ "layer7-protocol", "str", "Layer 7 protocol name" },
	{ "content", "str", "Text the packet must contain" },
	{ "dscp", "int:0..63", "DSCP value" },
	{ "ttl", "str", "Time to live" },
	{ "chain", "str", "Chain name" },
	{ "action", "str", "Action to take" },
	{ "list", "ref:address-list", "Address list name" },
	{ "timeout", "time", "Time after which the item is removed" },
	{ "lease-time", "time", "Lease time" },
	{ "server", "ref:dhcp-server", "DHCP server" },
	{ "interval", "time", "Interval" },
	{ "policy", "m:ftp|reboot|read|write|policy|test|password|sniff|"
	  "sensitive|romon", "Policies" },
	{ "password", "str", "Password" },
	{ "group", "ref:group", "Group" },
	{ "file", "str", "File name" },
	{ "numbers", "str", "List of item numbers" },
	{ ".id", "str", "Item id" },
	{ "copy-from", "str", "Item to copy values from" },
	{ "place-before", "str", "Item to place the new item before" },
	{ "destination", "str", "Item before which to move" },
	{ "value-name", "str", "Property name" },
	{ ".proplist", "str", "Properties to return" },
	{ "count-only", "bool", "Return only the number of items" },
	{ "follow", "bool", "Print, then follow changes" },
	{ "follow-only", "bool", "Follow changes only" },
	{ "interval", "time", "Repeat every interval" },
	{ "on-event", "script", "Script name or source to run" },
	{ "source", "script", "Script source" },
	{ "start-time", "tod", "Time of the first run" },
	{ "start-date", "date", "Date of the first run" },
	{ "mtu", "int:0..65535", "Maximum transmission unit" },
	{ "l2mtu", "int:0..65535", "Layer 2 MTU" },
	{ "pvid", "int:1..4094", "Port VLAN id" },
	{ "servers", "ips", "Servers" },
	{ "ranges", "ipr", "Address ranges" },
	{ "dns-server", "ips", "DNS servers" },
	{ "ntp-server", "ips", "NTP servers" },
	{ "domain", "str", "Domain name" },
	{ "enabled", "bool", "Enabled" },
	{ "mode", "str", "Mode" },
	{ "type", "str", "Type" },
	{ "ttl", "time", "Time to live" },
	{ "dont-encrypt", "bool", "Save without encryption" },
	{ "as-string", "bool", "Return the output as a string" },
	{ "script", "script", "Script source" },
	{ "offset", "num", "Byte offset" },
	{ "chunk-size", "int:1..32768", "Bytes to read" },
	{ "compact", "bool", "Only non-default values" },
	{ "verbose", "bool", "All values" },
	{ "show-sensitive", "bool", "Include sensitive values" },
	{ "terse", "bool", "One line per item" },
	{ "count", "num", "How many probes" },
	{ "size", "int:28..65535", "Packet size" },
	{ "freeze-frame-interval", "time", "Frame interval" },
	{ "max-hops", "int:1..255", "Most hops" },
	{ "timeout", "time", "Timeout" },
	{ "request", "e:child|syntax|completion|highlight|self|error",
	  "What to inspect" },
	{ "path", "str", "Comma separated menu path" },
	{ "input", "str", "Console input" },
};

/* Commands that are not generic menu commands, with their arguments. */
const struct xcmd sim_xcmds[] = {
	{ "/console/inspect", "request path input", PROF_717 },
	{ "/export", "file compact verbose terse show-sensitive", PROF_642 },
	{ "/execute", "script as-string file", PROF_642 },
	{ "/undo", "", PROF_642 },
	{ "/system/backup/save", "name:str password dont-encrypt "
	  "encryption:e:aes-sha256|rc4", PROF_642 },
	{ "/system/reboot", "", PROF_642 },
	{ "/system/script/run", "number:ref:script", PROF_642 },
	{ "/file/read", "file:str offset chunk-size", PROF_717 },
	{ "/safe-mode/take", "", PROF_718 },
	{ "/safe-mode/release", "", PROF_718 },
	{ "/safe-mode/unroll", "", PROF_718 },
	{ "/ping", "address:str count interval size ttl:int:1..255 "
	  "interface src-address:ip routing-table:str", PROF_642 },
	{ "/tool/torch", "interface src-address:pfx dst-address:pfx port:str "
	  "ip-protocol:str freeze-frame-interval", PROF_642 },
	{ "/tool/traceroute", "address:ip count max-hops timeout "
	  "interface src-address:ip", PROF_642 },
	{ "/interface/monitor-traffic", "interface once interval:time",
	  PROF_642 },
};

const size_t sim_nxcmds = TD_ARRAY_LEN(sim_xcmds);

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

/* Find "name:" in a "name:TYPE ..." list; returns the TYPE and its length. */
static const char *
type_in(const char *list, const char *name, size_t *len)
{
	size_t n = strlen(name);
	const char *p = list;

	while (p != NULL && *p != '\0') {
		size_t w = strcspn(p, " ");

		if (w > n && strncmp(p, name, n) == 0 && p[n] == ':') {
			*len = w - n - 1;
			return p + n + 1;
		}
		p += w;
		while (*p == ' ')
			p++;
	}
	return NULL;
}

/* The TYPE of an argument: the menu's own, else the default, else str. */
const char *
menu_field_type(const struct menu *m, const char *name, size_t *len)
{
	const char *t;
	size_t i;

	if (m != NULL && m->types != NULL &&
	    (t = type_in(m->types, name, len)) != NULL)
		return t;
	for (i = 0; i < TD_ARRAY_LEN(field_defaults); i++) {
		if (strcmp(field_defaults[i].name, name) == 0) {
			*len = strlen(field_defaults[i].type);
			return field_defaults[i].type;
		}
	}
	*len = 3;
	return "str";
}

/* Help for an argument. */
const char *
menu_field_help(const char *name)
{
	size_t i;

	for (i = 0; i < TD_ARRAY_LEN(field_defaults); i++)
		if (strcmp(field_defaults[i].name, name) == 0)
			return field_defaults[i].help;
	return "";
}

/* Human form of a TYPE. */
char *
menu_type_text(const char *type, size_t len)
{
	static const struct {
		const char	*code;
		const char	*text;
	} simple[] = {
		{ "str", "string" }, { "ip", "IP address" },
		{ "pfx", "IP prefix" }, { "ipr", "IP address range" },
		{ "ips", "list of IP addresses" }, { "mac", "MAC address" },
		{ "time", "time interval" }, { "bool", "yes | no" },
		{ "date", "date" }, { "tod", "time of day" },
		{ "port", "port range" }, { "num", "integer" },
		{ "script", "script" }, { "m:pfx", "list of IP prefixes" },
	};
	char *t = xstrndup(type, len), *out, *p;
	size_t i;

	for (i = 0; i < TD_ARRAY_LEN(simple); i++) {
		if (strcmp(simple[i].code, t) == 0) {
			free(t);
			return xstrdup(simple[i].text);
		}
	}
	if (strncmp(t, "int:", 4) == 0)
		out = xasprintf("integer %s", t + 4);
	else if (strncmp(t, "ref:", 4) == 0) {
		out = xasprintf("%s name", t + 4);
		for (p = out; *p != '\0'; p++)
			if (*p == '-')
				*p = ' ';
	} else if (strncmp(t, "e:", 2) == 0 || strncmp(t, "m:", 2) == 0) {
		struct buf b;

		buf_init(&b);
		for (p = t + 2; *p != '\0'; p++) {
			if (*p == '|')
				buf_adds(&b, " | ");
			else
				buf_addc(&b, *p);
		}
		if (t[0] == 'm')
			buf_adds(&b, " [, ...]");
		out = buf_steal(&b, NULL);
	} else
		out = xstrdup("string");
	free(t);
	return out;
}
