/* test_validate.c: form value checks and inspect type texts. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "validate.h"

static int check(const char *typetext, const char *v);
static int S(int (*f)(const char *, size_t), const char *s);

/* validate_value with a type from its inspect text: 1 when valid. */
static int
check(const char *typetext, const char *v)
{
	struct vtype t;
	char err[512];
	int rc;

	vtype_parse(typetext, &t);
	rc = validate_value("f", &t, v, err, sizeof err);
	vtype_free(&t);
	return rc == 0;
}

/* A single check on a C string. */
static int
S(int (*f)(const char *, size_t), const char *s)
{
	return f(s, strlen(s));
}

/* The checks. */
int
main(void)
{
	struct vtype t;
	char err[512];
	char *txt;

	ok(S(validate_ipv4, "10.0.0.1"), "ipv4");
	ok(!S(validate_ipv4, "10.0.0.256"), "ipv4 octet > 255");
	ok(!S(validate_ipv4, "10.0.0"), "ipv4 three parts");
	ok(!S(validate_ipv4, "10.0.0.1."), "ipv4 trailing dot");
	ok(S(validate_ipv6, "2001:db8::1"), "ipv6 ::");
	ok(S(validate_ipv6, "::"), "ipv6 ::");
	ok(S(validate_ipv6, "fe80::1:2:3:4"), "ipv6 link-local");
	ok(S(validate_ipv6, "1:2:3:4:5:6:7:8"), "ipv6 full");
	ok(!S(validate_ipv6, "1:2:3:4:5:6:7"), "ipv6 short");
	ok(!S(validate_ipv6, "1::2::3"), "ipv6 two ::");
	ok(S(validate_ipv6, "::ffff:10.0.0.1"), "ipv6 with ipv4");
	ok(!S(validate_ipv6, "12345::"), "ipv6 group of 5");
	ok(S(validate_prefix, "10.0.0.0/8"), "prefix");
	ok(S(validate_prefix, "10.0.0.1/8"), "prefix with host bits");
	ok(!S(validate_prefix, "10.0.0.0/33"), "prefix /33");
	ok(S(validate_prefix, "2001:db8::/32"), "ipv6 prefix");
	ok(!S(validate_prefix, "2001:db8::/129"), "ipv6 prefix /129");
	ok(S(validate_range, "10.0.0.1-10.0.0.9"), "range");
	ok(!S(validate_range, "10.0.0.9-10.0.0.1"), "range backwards");
	ok(S(validate_port, "8000-8080"), "port range");
	ok(!S(validate_port, "65536"), "port too big");
	ok(!S(validate_port, "90-80"), "port range backwards");
	ok(S(validate_mac, "4C:5E:0C:12:34:56"), "mac");
	ok(!S(validate_mac, "4C:5E:0C:12:34"), "mac short");
	ok(!S(validate_mac, "4C:5E:0C:12:34:5G"), "mac bad hex");
	ok(S(validate_duration, "1d2h3m4s"), "duration units");
	ok(S(validate_duration, "30s"), "duration 30s");
	ok(S(validate_duration, "500ms"), "duration ms");
	ok(S(validate_duration, "00:05:00"), "duration hh:mm:ss");
	ok(S(validate_duration, "1d 02:00:00"), "duration d hh:mm:ss");
	ok(S(validate_duration, "90"), "duration seconds");
	ok(!S(validate_duration, "5x"), "duration unknown unit");
	ok(!S(validate_duration, "00:61:00"), "duration minutes > 59");
	ok(S(validate_bool, "yes") && S(validate_bool, "false"), "bool");
	ok(!S(validate_bool, "maybe"), "bool maybe");

	ok(check("integer 1..65535", "22"), "integer in range");
	ok(!check("integer 1..65535", "0"), "integer below");
	ok(!check("integer 1..65535", "65536"), "integer above");
	ok(!check("integer 1..65535", "2x"), "integer not a number");
	ok(check("port range", "22,80,8000-8080"), "port list");
	ok(!check("port range", "22,,80"), "port list empty item");
	ok(check("accept | drop | reject", "drop"), "enum");
	ok(!check("accept | drop | reject", "dorp"), "enum typo");
	ok(check("established | new [, ...]", "established,new"),
	    "enum list");
	ok(check("list of IP addresses", "8.8.8.8,1.1.1.1"), "ip list");
	ok(!check("IP address", "8.8.8.8,1.1.1.1"), "one ip only");
	ok(check("time interval", "1w"), "time type");
	ok(check("MAC address", "4c-5e-0c-12-34-56"), "mac with dashes");
	ok(check("interface name", "ether1"), "a name");
	ok(check("string", "anything at all"), "a string");
	ok(check("IP prefix", ""), "empty is unset");

	/* negation only where allowed, named in the error */
	vtype_parse("IP address range", &t);
	ok(validate_value("src-address", &t, "!10.0.0.0/8", err,
	    sizeof err) == -1, "! refused without VT_NEG");
	ok(strstr(err, "src-address") != NULL && strstr(err, "not allowed"),
	    "the error names the field: %s", err);
	t.flags |= VT_NEG;
	ok(validate_value("src-address", &t, "!10.0.0.0/8", err,
	    sizeof err) == 0, "! allowed with VT_NEG");
	ok(validate_value("src-address", &t, "!", err, sizeof err) == -1,
	    "! alone");
	vtype_free(&t);

	vtype_parse("integer 1..4094", &t);
	ok(validate_value("vlan-id", &t, "5000", err, sizeof err) == -1 &&
	    strstr(err, "vlan-id") != NULL && strstr(err, "1 to 4094"),
	    "range error: %s", err);
	txt = vtype_text(&t);
	is_str(txt, "integer 1..4094", "integer text round trip");
	free(txt);
	vtype_free(&t);
	vtype_parse("a | b [, ...]", &t);
	is_int(t.nenums, 2, "enum values");
	ok(t.flags & VT_LIST, "enum list flag");
	txt = vtype_text(&t);
	is_str(txt, "a | b [, ...]", "enum text round trip");
	free(txt);
	vtype_free(&t);
	return tap_done();
}
