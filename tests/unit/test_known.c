/* test_known.c: known_routers: add, look up, a changed certificate,
 * remove; the one-time plaintext warning. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "known.h"
#include "tap.h"
#include "util.h"

#define FP_A "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:" \
	"AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"
#define FP_B "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:" \
	"00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF"

static char tmpdir[] = "/tmp/tikdeck-test-known-XXXXXX";

int
main(void)
{
	char err[512] = "", fp[128], *path, *k;
	int line = 0;
	struct stat st;
	FILE *f;

	if (mkdtemp(tmpdir) == NULL)
		fatalx("mkdtemp");
	path = xasprintf("%s/state/tikdeck/known_routers", tmpdir);

	k = known_key("office", "192.0.2.1", "8729");
	is_str(k, "office", "key of a configured router: its name");
	free(k);
	k = known_key(NULL, "192.0.2.1", "8729");
	is_str(k, "192.0.2.1:8729", "key of host:port");
	free(k);
	k = known_key(NULL, "2001:db8::1", "8729");
	is_str(k, "[2001:db8::1]:8729", "key of an IPv6 address");
	free(k);

	is_int(known_lookup(path, "office", fp, sizeof fp, &line),
	    KNOWN_UNKNOWN, "a missing file: unknown");
	ok(known_add(path, "office", "abcdef0123456789abcdef0123456789"
	    "abcdef0123456789abcdef0123456789", err, sizeof err) == 0,
	    "pin office (lower case, no colons) (%s)", err);
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "the file is created with mode 0600");
	ok(known_add(path, "192.0.2.1:8729", FP_B, err, sizeof err) == 0,
	    "pin a host:port");
	is_int(known_lookup(path, "office", fp, sizeof fp, &line),
	    KNOWN_MATCH, "office is pinned");
	is_str(fp, FP_A, "  normalised fingerprint");
	is_int(line, 2, "  on line 2 (after the header comment)");
	is_int(known_check(path, "office", FP_A, fp, sizeof fp, &line),
	    KNOWN_MATCH, "the same certificate: match");
	is_int(known_check(path, "office", FP_B, fp, sizeof fp, &line),
	    KNOWN_CHANGED, "another certificate: changed");
	is_str(fp, FP_A, "  the old pin is returned");
	is_int(known_check(path, "offic", FP_A, fp, sizeof fp, &line),
	    KNOWN_UNKNOWN, "a prefix of a key is not that key");
	is_int(known_check(path, "192.0.2.1:8729", FP_B, fp, sizeof fp,
	    &line), KNOWN_MATCH, "host:port matches");

	/* re-pinning replaces; other lines and comments stay */
	f = fopen(path, "a");
	fputs("# my comment\n\nlab " FP_B "\n", f);
	fclose(f);
	ok(known_add(path, "office", FP_B, err, sizeof err) == 0, "re-pin");
	is_int(known_check(path, "office", FP_B, fp, sizeof fp, &line),
	    KNOWN_MATCH, "the new pin holds");
	is_int(known_check(path, "lab", FP_B, fp, sizeof fp, &line),
	    KNOWN_MATCH, "lab is kept");
	{
		char buf[2048];
		size_t n;

		f = fopen(path, "r");
		n = fread(buf, 1, sizeof buf - 1, f);
		buf[n] = '\0';
		fclose(f);
		ok(strstr(buf, "# my comment\n") != NULL, "comments are kept");
		ok(strstr(buf, FP_A) == NULL, "the old pin is gone");
	}
	is_int(known_remove(path, "office", err, sizeof err), 1, "remove");
	is_int(known_remove(path, "office", err, sizeof err), 0,
	    "remove again: none");
	is_int(known_lookup(path, "office", fp, sizeof fp, &line),
	    KNOWN_UNKNOWN, "removed: unknown");
	ok(known_add(path, "bad key", FP_A, err, sizeof err) == -1,
	    "a key with a space is refused");
	ok(known_add(path, "x", "AB:CD", err, sizeof err) == -1,
	    "a malformed fingerprint is refused");

	/* the plaintext warning, once per router */
	is_int(known_plaintext_first(path, "lab"), 1, "plaintext: first time");
	is_int(known_plaintext_first(path, "lab"), 0, "plaintext: not again");
	is_int(known_plaintext_first(path, "lab2"), 1, "another router: yes");
	is_int(known_plaintext_first(path, "lab"), 0, "lab: still not");

	free(path);
	{
		char *cmd = xasprintf("rm -rf %s", tmpdir);

		if (system(cmd) != 0)
			diag("cannot remove %s", tmpdir);
		free(cmd);
	}
	return tap_done();
}
