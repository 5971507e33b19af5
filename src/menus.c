/* menus.c: the built-in catalogue of common RouterOS menus. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "menus.h"
#include "util.h"

static int menus_segment_ok(const char *s, size_t n);

/* Tree order: a directory before its submenus. */
static const struct menu_info menus[] = {
	{ "/interface", "name type mtu actual-mtu mac-address rx-byte tx-byte",
	    MENU_NOADD },
	{ "/interface/bridge", "name mtu protocol-mode vlan-filtering "
	    "mac-address", 0 },
	{ "/interface/bridge/port", "interface bridge pvid horizon", 0 },
	{ "/interface/bridge/vlan", "bridge vlan-ids tagged untagged", 0 },
	{ "/interface/ethernet", "name default-name mac-address speed",
	    MENU_NOADD | MENU_NOREMOVE },
	{ "/interface/list", "name include exclude", 0 },
	{ "/interface/list/member", "list interface", 0 },
	{ "/interface/vlan", "name vlan-id interface mtu", 0 },
	{ "/interface/wireguard", "name listen-port mtu public-key", 0 },
	{ "/ip", "", MENU_DIR },
	{ "/ip/address", "address network interface", 0 },
	{ "/ip/arp", "address mac-address interface", 0 },
	{ "/ip/dhcp-client", "interface status address", 0 },
	{ "/ip/dhcp-server", "name interface address-pool lease-time", 0 },
	{ "/ip/dhcp-server/lease", "address mac-address host-name server "
	    "status", 0 },
	{ "/ip/dhcp-server/network", "address gateway dns-server", 0 },
	{ "/ip/dns", "", MENU_SINGLE },
	{ "/ip/dns/static", "name address type ttl", 0 },
	{ "/ip/firewall", "", MENU_DIR },
	{ "/ip/firewall/address-list", "list address timeout creation-time",
	    0 },
	{ "/ip/firewall/connection", "protocol src-address dst-address "
	    "tcp-state timeout", MENU_BIG },
	{ "/ip/firewall/filter", "chain action protocol src-address "
	    "dst-address dst-port in-interface-list bytes packets", 0 },
	{ "/ip/firewall/mangle", "chain action new-connection-mark "
	    "new-packet-mark passthrough bytes packets", 0 },
	{ "/ip/firewall/nat", "chain action protocol dst-port "
	    "out-interface-list to-addresses to-ports bytes packets", 0 },
	{ "/ip/neighbor", "interface address mac-address identity platform "
	    "version", MENU_RO },
	{ "/ip/pool", "name ranges next-pool", 0 },
	{ "/ip/route", "dst-address gateway distance routing-table",
	    MENU_BIG },
	{ "/ip/service", "name port address certificate",
	    MENU_NOADD | MENU_NOREMOVE },
	{ "/log", "time topics message", MENU_BIG | MENU_RO },
	{ "/queue", "", MENU_DIR },
	{ "/queue/simple", "name target max-limit bytes packets", 0 },
	{ "/system", "", MENU_DIR },
	{ "/system/clock", "", MENU_SINGLE },
	{ "/system/history", "time action by policy", MENU_RO },
	{ "/system/identity", "", MENU_SINGLE },
	{ "/system/logging", "topics action prefix", 0 },
	{ "/system/ntp", "", MENU_DIR },
	{ "/system/ntp/client", "", MENU_SINGLE },
	{ "/system/package", "name version build-time",
	    MENU_NOADD | MENU_NOREMOVE },
	{ "/system/resource", "", MENU_SINGLE | MENU_RO },
	{ "/system/routerboard", "", MENU_SINGLE },
	{ "/system/scheduler", "name start-date start-time interval on-event",
	    0 },
	{ "/system/script", "name owner last-started run-count", 0 },
	{ "/file", "name type size creation-time", 0 },
	{ "/user", "name group address last-logged-in", 0 },
	{ "/user/active", "name when address via", MENU_RO },
	{ "/user/group", "name policy", 0 },
};

#define FW_TYPES \
	"chain:str action:str protocol:str src-address:ipr dst-address:ipr " \
	"src-port:port dst-port:port port:port in-interface:ref:interface " \
	"out-interface:ref:interface in-interface-list:ref:interface-list " \
	"out-interface-list:ref:interface-list " \
	"src-address-list:ref:address-list dst-address-list:ref:address-list " \
	"connection-state:m:established|invalid|new|related|untracked " \
	"connection-nat-state:str ipsec-policy:str connection-mark:str " \
	"packet-mark:str routing-mark:str tcp-flags:str icmp-options:str " \
	"limit:str log:bool log-prefix:str jump-target:str " \
	"address-list:str address-list-timeout:time " \
	"src-mac-address:mac disabled:bool comment:str"
#define FW_FILTER_ACTIONS \
	"accept|add-dst-to-address-list|add-src-to-address-list|drop|" \
	"fasttrack-connection|jump|log|passthrough|reject|return|tarpit"

/* Field types of the common menus (RouterOS 6 has no inspect). */
static const struct {
	const char	*path;
	const char	*fields;
} menu_fields[] = {
	{ "/interface", "name:str mtu:int:0..65535 l2mtu:int:0..65535 "
	    "mac-address:mac disabled:bool comment:str" },
	{ "/interface/bridge", "name:str mtu:str "
	    "protocol-mode:e:none|rstp|stp|mstp vlan-filtering:bool "
	    "admin-mac:mac auto-mac:bool disabled:bool comment:str" },
	{ "/interface/bridge/port", "interface:ref:interface "
	    "bridge:ref:bridge pvid:int:1..4094 horizon:str disabled:bool "
	    "comment:str" },
	{ "/interface/ethernet", "name:str mtu:int:0..65535 "
	    "l2mtu:int:0..65535 mac-address:mac "
	    "arp:e:disabled|enabled|local-proxy-arp|proxy-arp|reply-only "
	    "auto-negotiation:bool full-duplex:bool "
	    "speed:e:10M-baseT-half|10M-baseT-full|100M-baseT-half|"
	    "100M-baseT-full|1G-baseT-full rx-flow-control:e:auto|off|on "
	    "tx-flow-control:e:auto|off|on disabled:bool comment:str" },
	{ "/interface/list/member", "list:ref:interface-list "
	    "interface:ref:interface disabled:bool comment:str" },
	{ "/interface/vlan", "name:str vlan-id:int:1..4094 "
	    "interface:ref:interface mtu:int:0..65535 disabled:bool "
	    "comment:str" },
	{ "/ip/address", "address:pfx network:ip interface:ref:interface "
	    "disabled:bool comment:str" },
	{ "/ip/arp", "address:ip mac-address:mac interface:ref:interface "
	    "disabled:bool comment:str" },
	{ "/ip/dhcp-server", "name:str interface:ref:interface "
	    "address-pool:ref:pool lease-time:time disabled:bool comment:str" },
	{ "/ip/dhcp-server/lease", "address:ip mac-address:mac "
	    "server:ref:dhcp-server lease-time:time block-access:bool "
	    "disabled:bool comment:str" },
	{ "/ip/dhcp-server/network", "address:pfx gateway:ips "
	    "dns-server:ips domain:str netmask:int:0..32 comment:str" },
	{ "/ip/dns", "servers:ips allow-remote-requests:bool "
	    "cache-size:int:64..4294967295 cache-max-ttl:time" },
	{ "/ip/dns/static", "name:str address:ip type:e:A|AAAA|CNAME|FWD|MX|"
	    "NS|NXDOMAIN|SRV|TXT cname:str ttl:time disabled:bool comment:str" },
	{ "/ip/firewall/address-list", "list:str address:ipr timeout:time "
	    "disabled:bool comment:str" },
	{ "/ip/firewall/filter", FW_TYPES " chain:e:input|forward|output "
	    "action:e:" FW_FILTER_ACTIONS " reject-with:str hw-offload:bool" },
	{ "/ip/firewall/nat", FW_TYPES " to-addresses:ipr to-ports:port "
	    "chain:e:srcnat|dstnat "
	    "action:e:accept|dst-nat|jump|log|masquerade|netmap|passthrough|"
	    "redirect|return|same|src-nat" },
	{ "/ip/firewall/mangle", FW_TYPES " new-connection-mark:str "
	    "new-packet-mark:str passthrough:bool" },
	{ "/ip/firewall/raw", FW_TYPES " chain:e:prerouting|output "
	    "action:e:accept|add-dst-to-address-list|add-src-to-address-list|"
	    "drop|jump|log|notrack|passthrough|return" },
	{ "/ip/pool", "name:str ranges:ipr next-pool:ref:pool comment:str" },
	{ "/ip/route", "dst-address:pfx gateway:str distance:int:1..255 "
	    "routing-mark:str disabled:bool comment:str" },
	{ "/ip/service", "port:int:1..65535 address:m:pfx disabled:bool" },
	{ "/queue/simple", "name:str target:str max-limit:str "
	    "disabled:bool comment:str" },
	{ "/system/identity", "name:str" },
	{ "/system/ntp/client", "enabled:bool primary-ntp:ip "
	    "secondary-ntp:ip server-dns-names:str" },
	{ "/system/scheduler", "name:str start-time:str interval:time "
	    "on-event:str disabled:bool comment:str" },
	{ "/user", "name:str group:ref:group address:m:pfx disabled:bool "
	    "comment:str" },
};

/* Field types of a catalogued menu. */
const char *
menus_fields(const char *path)
{
	size_t i;

	for (i = 0; i < TD_ARRAY_LEN(menu_fields); i++)
		if (strcmp(menu_fields[i].path, path) == 0)
			return menu_fields[i].fields;
	return NULL;
}

int
menus_addable(const char *path)
{
	const struct menu_info *mi = menus_find(path);

	return mi == NULL || !(mi->flags & MENU_NOADD);
}

int
menus_removable(const char *path)
{
	const struct menu_info *mi = menus_find(path);

	return mi == NULL || !(mi->flags & MENU_NOREMOVE);
}

/* Menus whose order matters. */
int
menus_ordered(const char *path)
{
	static const char *const ordered[] = { "/ip/firewall/filter",
	    "/ip/firewall/nat", "/ip/firewall/mangle", "/ip/firewall/raw",
	    "/ipv6/firewall/filter", "/ipv6/firewall/nat",
	    "/ipv6/firewall/mangle", "/ipv6/firewall/raw", "/queue/simple",
	    "/queue/tree" };
	size_t i;

	for (i = 0; i < TD_ARRAY_LEN(ordered); i++)
		if (strcmp(ordered[i], path) == 0)
			return 1;
	return 0;
}

/* The catalogue entry for path, or NULL. */
const struct menu_info *
menus_find(const char *path)
{
	size_t i;

	for (i = 0; i < TD_ARRAY_LEN(menus); i++)
		if (strcmp(menus[i].path, path) == 0)
			return &menus[i];
	return NULL;
}

/* Entry i, or NULL after the last. */
const struct menu_info *
menus_at(size_t i)
{
	return i < TD_ARRAY_LEN(menus) ? &menus[i] : NULL;
}

/* Number of catalogue entries. */
size_t
menus_count(void)
{
	return TD_ARRAY_LEN(menus);
}

/* Is s[0..n) a plausible menu segment? */
static int
menus_segment_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		    s[i] == '_' || s[i] == '.'))
			return 0;
	return 1;
}

/* Typed menu path to "/a/b/c", or NULL. */
int
menus_screen(const char *s, char **path)
{
	const struct menu_info *mi;
	char *p;
	int ok;

	if (path != NULL)
		*path = NULL;
	if (s == NULL || *s == '\0' || strcmp(s, "dashboard") == 0 ||
	    strcmp(s, "log") == 0)
		return 1;
	p = menus_normalise(s);
	mi = p != NULL ? menus_find(p) : NULL;
	ok = p != NULL && !(mi != NULL && (mi->flags & MENU_DIR)) &&
	    !(mi == NULL && strchr(p + 1, '/') == NULL);
	if (ok && path != NULL)
		*path = p;
	else
		free(p);
	return ok;
}

char *
menus_normalise(const char *typed)
{
	struct buf b;
	const char *p = typed, *start;

	buf_init(&b);
	for (;;) {
		while (*p == ' ' || *p == '/' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && *p != ' ' && *p != '/' && *p != '\t')
			p++;
		if (!menus_segment_ok(start, (size_t)(p - start))) {
			buf_free(&b);
			return NULL;
		}
		buf_addc(&b, '/');
		buf_add(&b, start, (size_t)(p - start));
	}
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b, NULL);
}

/* Catalogue paths one level below what was typed that complete it. */
size_t
menus_complete(const char *typed, const char **out, size_t max)
{
	char *norm;
	size_t i, n = 0, len;

	len = strlen(typed);
	if (strspn(typed, " /") == len)
		norm = xstrdup("/");
	else if ((norm = menus_normalise(typed)) == NULL)
		return 0;
	else if (typed[len - 1] == ' ' || typed[len - 1] == '/') {
		char *t = xasprintf("%s/", norm);

		free(norm);
		norm = t;
	}
	len = strlen(norm);
	for (i = 0; i < TD_ARRAY_LEN(menus); i++) {
		const char *p = menus[i].path;

		if (strncmp(p, norm, len) != 0 || p[len] == '\0' ||
		    strchr(p + len, '/') != NULL)
			continue;
		if (n < max)
			out[n] = p;
		n++;
	}
	free(norm);
	return n;
}

/* Depth of a path: number of '/' minus one. */
int
menus_depth(const char *path)
{
	int d = -1;

	for (; *path != '\0'; path++)
		if (*path == '/')
			d++;
	return d;
}
