/* test_schema.c: schema from inspect rows, the catalogue, the cache. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "schema.h"
#include "tap.h"
#include "util.h"

/* The checks. */
int
main(void)
{
	struct schema *s, *l;
	struct sfield *f;
	char dir[] = "/tmp/tikdeck-schema-XXXXXX", *file;

	s = schema_new("/ip/firewall/filter");
	ok(!schema_is_field("numbers") && !schema_is_field("place-before"),
	    "numbers and place-before are not fields");
	schema_syntax(s, "numbers", "explanation", "numbers", "x");
	is_int(s->n, 0, "numbers ignored");
	schema_syntax(s, "dst-port", "explanation", "dst-port",
	    "Destination port");
	schema_syntax(s, "dst-port", "definition", "port range",
	    "N[-M][,N[-M]...]");
	schema_syntax(s, "chain", "definition", "input | forward | output",
	    "value");
	schema_syntax(s, "src-address", "definition", "IP address range",
	    "[!]A.B.C.D[/M | -A.B.C.D]");
	schema_finish(s);
	f = schema_find(s, "dst-port");
	ok(f != NULL && f->type.kind == VK_PORT, "dst-port is a port");
	is_str(f->help, "Destination port", "help text");
	ok(f->type.flags & VT_NEG, "firewall dst-port takes !");
	f = schema_find(s, "chain");
	ok(f->required && f->type.kind == VK_ENUM && f->type.nenums == 3,
	    "chain: required enum of 3");
	ok(schema_find(s, "src-address")->type.flags & VT_NEG,
	    "[!] in the form gives !");

	/* the cache round trip */
	ok(mkdtemp(dir) != NULL, "temp dir");
	setenv("XDG_CACHE_HOME", dir, 1);
	file = schema_cache_file("7.18.2", "/ip/firewall/filter");
	ok(strstr(file, "/tikdeck/inspect-7.18.2/ip_firewall_filter") != NULL,
	    "cache file %s", file);
	ok(schema_save(s, file) == 0, "saved");
	l = schema_load("/ip/firewall/filter", file);
	ok(l != NULL && l->n == s->n, "loaded");
	f = schema_find(l, "chain");
	ok(f != NULL && f->required && f->type.nenums == 3 &&
	    strcmp(f->type.enums[1], "forward") == 0, "chain survives");
	f = schema_find(l, "dst-port");
	ok(f != NULL && f->type.kind == VK_PORT && (f->type.flags & VT_NEG) &&
	    strcmp(f->help, "Destination port") == 0, "dst-port survives");
	schema_free(&l);
	ok(l == NULL, "free clears");
	ok(schema_load("/x", "/nonexistent/file") == NULL, "missing cache");
	unlink(file);
	*strrchr(file, '/') = '\0';
	rmdir(file);		/* inspect-7.18.2 */
	*strrchr(file, '/') = '\0';
	rmdir(file);		/* tikdeck */
	rmdir(dir);
	free(file);
	schema_free(&s);

	/* RouterOS 6: the catalogue */
	s = schema_builtin("/ip/firewall/address-list");
	ok(s != NULL, "address-list catalogued");
	f = schema_find(s, "address");
	ok(f->required && f->type.kind == VK_RANGE, "address: required range");
	ok(!(f->type.flags & VT_NEG), "address-list address takes no !");
	ok(schema_find(s, "timeout")->type.kind == VK_TIME, "timeout");
	schema_free(&s);
	s = schema_builtin("/interface/vlan");
	f = schema_find(s, "vlan-id");
	ok(f->type.kind == VK_INT && f->type.min == 1 && f->type.max == 4094,
	    "vlan-id 1..4094");
	schema_free(&s);
	s = schema_builtin("/ip/firewall/filter");
	ok(schema_find(s, "action")->type.nenums > 5, "filter actions");
	schema_free(&s);
	ok(schema_builtin("/no/such/menu") == NULL, "not catalogued");
	return tap_done();
}
