/* test_config.c: the configuration file: valid files, every kind of
 * error with FILE:LINE, atomic save with a backup, round trips. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conffile.h"
#include "tap.h"
#include "util.h"

static char tmpdir[] = "/tmp/tikdeck-test-config-XXXXXX";

static char *write_file(const char *name, const char *text, int mode);
static char *slurp(const char *path);
static void expect_error(const char *text, const char *want, const char *name);

/* Write text to tmpdir/name with mode; returns the path. */
static char *
write_file(const char *name, const char *text, int mode)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");

	if (f == NULL)
		fatalx("cannot write %s", path);
	fputs(text, f);
	fclose(f);
	chmod(path, (mode_t)mode);
	return path;
}

/* The contents of a file, or NULL. */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	struct buf b;
	char chunk[512];
	size_t n;

	if (f == NULL)
		return NULL;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_steal(&b, NULL);
}

/* Loading text fails with exactly "PATH:" + want. */
static void
expect_error(const char *text, const char *want, const char *name)
{
	char *path = write_file("bad.conf", text, 0600), *full;
	struct conffile *cf = NULL;
	char err[1024];
	int rc;

	rc = conffile_load(path, 0, &cf, err, sizeof err);
	ok(rc == -1 && cf == NULL, "%s: refused", name);
	full = xasprintf("%s:%s", path, want);
	is_str(rc == -1 ? err : "", full, "%s: message", name);
	free(full);
	free(path);
}

int
main(void)
{
	struct conffile *cf = NULL, *cf2 = NULL;
	const struct router_cfg *r;
	struct router_cfg nr;
	char err[1024] = "", *path, *bak, *text, *text2;
	struct stat st;
	char name_new[] = "new", host7[] = "198.51.100.7";
	char host8[] = "198.51.100.8";

	if (mkdtemp(tmpdir) == NULL)
		fatalx("mkdtemp");
	setenv("HOME", tmpdir, 1);

	/* ---- a valid file with every key */
	path = write_file("tikdeck.conf",
	    "# globals\n"
	    "user = \"ops\";\n"
	    "tls = true;\n"
	    "attempts = 3;\n"
	    "kilo = 1024;\n"
	    "units = \"bytes\";\n"
	    "theme = \"mono\"; log-lines = 5000;\n"
	    "routers = (\n"
	    "  { name = \"office\"; host = \"192.0.2.1\"; port = 8729;\n"
	    "    user = \"admin\"; tls = true; ca = \"/etc/ca.pem\";\n"
	    "    fingerprint = \"AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:"
	    "89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89\";\n"
	    "    jump = \"me@bastion\"; charset = \"cp1252\"; units = \"bits\";\n"
	    "    kilo = 1000; attempts = 10; timeout = 5;\n"
	    "    debug-log = \"/tmp/office.log\"; first-screen = \"/ip/address\";\n"
	    "    theme = \"light\"; password-command = \"pass show office\"; },\n"
	    "  { name = \"lab-2\"; host = \"2001:db8::1\"; tls = false;\n"
	    "    proxy-command = \"nc -X 5 %h %p\"; password = \"s3\\\"cret\"; }\n"
	    ");\n", 0600);
	ok(conffile_load(path, 0, &cf, err, sizeof err) == 0,
	    "a valid file loads (%s)", cf == NULL ? err : "ok");
	if (cf == NULL)
		return tap_done();
	is_int((long long)cf->nrouters, 2, "two routers");
	is_str(cf->global.user, "ops", "global user");
	is_int(cf->global.attempts, 3, "global attempts");
	is_int(cf->global.kilo, 1024, "global kilo");
	is_int(cf->global.log_lines, 5000, "global log-lines");
	r = conffile_find(cf, "office");
	ok(r != NULL, "office found");
	if (r != NULL) {
		is_str(r->host, "192.0.2.1", "office host");
		is_int(r->port, 8729, "office port");
		is_int(r->tls, 1, "office tls");
		is_str(r->jump, "me@bastion", "office jump");
		is_str(r->charset, "cp1252", "office charset");
		is_int(r->kilo, 1000, "office kilo");
		is_int(r->attempts, 10, "office attempts");
		is_int(r->timeout, 5, "office timeout");
		is_str(r->password_cmd, "pass show office", "password-command");
		is_int(r->line, 9, "office defined on line 9");
	}
	r = conffile_find(cf, "lab-2");
	ok(r != NULL && r->tls == 0 && strcmp(r->password, "s3\"cret") == 0,
	    "lab-2: tls false, password with a quote");
	ok(conffile_find(cf, "nope") == NULL, "an unknown name is not found");

	/* ---- save: atomic, 0600, a backup of the previous file, round trip */
	text = slurp(path);
	ok(conffile_save(cf, err, sizeof err) == 0, "save (%s)", err);
	bak = xasprintf("%s~", path);
	text2 = slurp(bak);
	is_str(text2, text, "the backup holds the previous file");
	free(text2);
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "the saved file is mode 0600");
	ok(conffile_load(path, 0, &cf2, err, sizeof err) == 0,
	    "the saved file loads (%s)", cf2 == NULL ? err : "ok");
	if (cf2 != NULL) {
		is_int((long long)cf2->nrouters, 2, "round trip: two routers");
		r = conffile_find(cf2, "lab-2");
		ok(r != NULL && strcmp(r->password, "s3\"cret") == 0 &&
		    strcmp(r->proxy_cmd, "nc -X 5 %h %p") == 0 && r->tls == 0,
		    "round trip: lab-2 intact");
		r = conffile_find(cf2, "office");
		ok(r != NULL && r->kilo == 1000 && r->timeout == 5 &&
		    strcmp(r->first_screen, "/ip/address") == 0,
		    "round trip: office intact");
		is_str(cf2->global.units, "bytes", "round trip: globals");
		conffile_free(&cf2);
	}
	ok(access(path, F_OK) == 0, "no temporary file left behind: %s",
	    path);
	{
		char *cmd = xasprintf("ls %s | grep -c tmp- >/dev/null", tmpdir);

		ok(system(cmd) != 0, "no temporary files in the directory");
		free(cmd);
	}

	/* ---- add, update, delete; the others survive */
	memset(&nr, 0, sizeof nr);
	nr.tls = -1;
	nr.name = name_new;
	nr.host = host7;
	nr.port = 8728;
	conffile_put(cf, &nr);
	nr.host = host8;
	conffile_put(cf, &nr);
	is_int((long long)cf->nrouters, 3, "put twice: added once");
	ok(conffile_delete(cf, "office") == 0, "delete office");
	ok(conffile_delete(cf, "office") == -1, "delete again: none");
	ok(conffile_save(cf, err, sizeof err) == 0, "save after edits");
	ok(conffile_load(path, 0, &cf2, err, sizeof err) == 0,
	    "reload after edits");
	if (cf2 != NULL) {
		is_int((long long)cf2->nrouters, 2, "two routers left");
		ok(conffile_find(cf2, "lab-2") != NULL, "lab-2 kept");
		r = conffile_find(cf2, "new");
		ok(r != NULL && strcmp(r->host, "198.51.100.8") == 0,
		    "new: the updated host");
		ok(conffile_find(cf2, "office") == NULL, "office deleted");
		conffile_free(&cf2);
	}
	text2 = slurp(bak);
	ok(text2 != NULL && strstr(text2, "office") != NULL,
	    "the backup still has the deleted router");
	free(text2);
	free(text);
	conffile_free(&cf);

	/* ---- a missing file */
	free(path);
	path = xasprintf("%s/none.conf", tmpdir);
	ok(conffile_load(path, 1, &cf, err, sizeof err) == 0 && cf != NULL &&
	    cf->nrouters == 0, "a missing default file: empty");
	conffile_free(&cf);
	ok(conffile_load(path, 0, &cf, err, sizeof err) == -1 &&
	    strstr(err, "none.conf") != NULL, "a missing -c file: an error");
	/* saving creates the directories */
	free(path);
	path = xasprintf("%s/a/b/tikdeck.conf", tmpdir);
	cf = conffile_new(path);
	ok(conffile_save(cf, err, sizeof err) == 0, "save creates the "
	    "directories (%s)", err);
	conffile_free(&cf);
	ok(conffile_load(path, 0, &cf, err, sizeof err) == 0 &&
	    cf->nrouters == 0, "an empty saved file loads");
	conffile_free(&cf);

	/* ---- errors: FILE:LINE: problem */
	expect_error("routers = (\n  { name = \"a\"; host = \"h\";\n);\n",
	    "3: syntax error", "syntax error: unclosed group");
	expect_error("user = \"a\";\ntls = ;\n", "2: syntax error",
	    "syntax error: no value");
	expect_error("colour = 1;\n", "1: unknown key \"colour\"",
	    "unknown global key");
	expect_error("routers = (\n { name = \"a\"; host = \"h\";\n"
	    "   passwd = \"x\"; }\n);\n", "3: unknown key \"passwd\"",
	    "unknown router key");
	expect_error("tls = \"yes\";\n", "1: \"tls\" must be true or false",
	    "wrong type: bool");
	expect_error("routers = ( { name = \"a\"; host = \"h\";\n"
	    " port = \"8728\"; } );\n",
	    "2: \"port\" must be a whole number", "wrong type: int");
	expect_error("user = 7;\n", "1: \"user\" must be a string in double "
	    "quotes", "wrong type: string");
	expect_error("attempts = 11;\n", "1: \"attempts\" is out of range: 11 "
	    "is not from 1 to 10", "out of range: attempts");
	expect_error("routers = ( { name = \"a\"; host = \"h\"; port = 0; "
	    "} );\n", "1: \"port\" is out of range: 0 is not from 1 to 65535",
	    "out of range: port");
	expect_error("log-lines = 50;\n", "1: \"log-lines\" is out of range: "
	    "50 is not from 100 to 1000000", "out of range: log-lines");
	expect_error("kilo = 1010;\n", "1: \"kilo\" must be 1000 or 1024, "
	    "not 1010", "kilo");
	expect_error("units = \"nibbles\";\n", "1: \"units\" must be \"bits\" "
	    "or \"bytes\", not \"nibbles\"", "units");
	expect_error("charset = \"latin9\";\n", "1: unknown charset "
	    "\"latin9\": use auto, utf-8 or cp1252", "charset");
	expect_error("first-screen = \"forever\";\n", "1: \"first-screen\" "
	    "\"forever\" is not a screen: use dashboard, log or a menu path "
	    "like /ip/firewall/filter", "first-screen: one unknown word");
	expect_error("routers = ( { name = \"a\"; host = \"h\"; "
	    "first-screen = \"/ip/firewall\"; } );\n", "1: \"first-screen\" "
	    "\"/ip/firewall\" is not a screen: use dashboard, log or a menu "
	    "path like /ip/firewall/filter", "first-screen: a menu "
	    "directory");
	expect_error("routers = (\n { name = \"a\"; host = \"h\"; },\n"
	    " { name = \"b\"; host = \"h\"; },\n { name = \"a\"; host = "
	    "\"i\"; }\n);\n", "4: duplicate router name \"a\" (first defined "
	    "on line 2)", "duplicate name");
	expect_error("routers = (\n { host = \"h\"; }\n);\n",
	    "2: this router has no \"name\"", "no name");
	expect_error("routers = (\n { name = \"x\"; }\n);\n",
	    "2: router \"x\" has no \"host\"", "no host");
	expect_error("routers = ( { name = \"a b\"; host = \"h\"; } );\n",
	    "1: invalid router name \"a b\": use letters, digits, '.', '_' "
	    "and '-' (at most 64)", "bad name");
	expect_error("routers = ( { name = \"a\"; host = \"h\";\n"
	    "fingerprint = \"AB:CD\"; } );\n", "2: \"fingerprint\" must be a "
	    "SHA-256 fingerprint, 32 bytes of hex such as AB:CD:...",
	    "bad fingerprint");
	expect_error("password = \"x\";\n", "1: \"password\" belongs in a "
	    "router's entry, not among the global options",
	    "password among globals");
	expect_error("routers = ( { name = \"a\"; host = \"h\"; jump = \"j\";\n"
	    "proxy-command = \"nc %h %p\"; } );\n", "1: use either \"jump\" "
	    "or \"proxy-command\", not both", "jump and proxy-command");
	expect_error("routers = { name = \"a\"; };\n", "1: \"routers\" must be "
	    "a list of groups: routers = ( { name = \"office\"; host = "
	    "\"192.0.2.1\"; } );", "routers not a list");
	expect_error("routers = ( { name = \"a\"; host = \"\"; } );\n",
	    "1: \"host\" is empty", "empty host");

	/* ---- permissions: a password in a readable file is refused */
	free(path);
	path = write_file("open.conf", "routers = ( { name = \"a\"; host = "
	    "\"h\"; password = \"x\"; } );\n", 0644);
	ok(conffile_load(path, 0, &cf, err, sizeof err) == -1,
	    "0644 with a password: refused");
	text = xasprintf("chmod 600 %s", path);
	ok(strstr(err, text) != NULL, "the message has \"%s\": %s", text, err);
	ok(strstr(err, "\"x\"") == NULL && strstr(err, "password = ") == NULL,
	    "the message does not show the password");
	free(text);
	chmod(path, 0600);
	ok(conffile_load(path, 0, &cf, err, sizeof err) == 0,
	    "0600 with a password: accepted");
	conffile_free(&cf);
	chmod(path, 0640);
	ok(conffile_load(path, 0, &cf, err, sizeof err) == -1,
	    "0640 (group-readable) with a password: refused");
	free(path);
	path = write_file("open2.conf", "routers = ( { name = \"a\"; host = "
	    "\"h\"; password-command = \"pass a\"; } );\n", 0644);
	ok(conffile_load(path, 0, &cf, err, sizeof err) == 0,
	    "0644 without a password: accepted");
	conffile_free(&cf);

	/* ---- XDG paths */
	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	text = conffile_default_path();
	is_str(text, "/x/conf/tikdeck/tikdeck.conf", "XDG_CONFIG_HOME");
	free(text);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	text = conffile_default_path();
	text2 = xasprintf("%s/.config/tikdeck/tikdeck.conf", tmpdir);
	is_str(text, text2, "a relative XDG_CONFIG_HOME is ignored");
	free(text);
	free(text2);

	free(path);
	free(bak);
	{
		char *cmd = xasprintf("rm -rf %s", tmpdir);

		if (system(cmd) != 0)
			diag("cannot remove %s", tmpdir);
		free(cmd);
	}
	return tap_done();
}
