/*
 * fuzz_conf.c: arbitrary bytes as a tikdeck.conf.
 *
 * The input (up to its first NUL byte, as a C string) is loaded with
 * conffile_load_string.  Refused, it must leave "PATH:LINE: problem" in
 * the error, printable.  Accepted, the configuration must hold only
 * values the loader allows; it is saved with conffile_save to a private
 * temporary file and loaded again with conffile_load, which must succeed
 * and give the same configuration; saving that gives the same bytes.
 * An input without NUL bytes is also loaded from a file with
 * conffile_load, which must give the same result as the string.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conffile.h"
#include "fuzz.h"
#include "util.h"

/* LeakSanitizer: libconfig before 1.7 leaks a string token's buffer when
 * a syntax error is recovered from (libconfig issue 142, fixed by pull
 * request 155); not tikdeck's to fix. */
const char *__lsan_default_suppressions(void);

static char *fuzz_dir;		/* private directory, made once */
static char *fuzz_conf;		/* fuzz_dir/tikdeck.conf: saves */
static char *fuzz_in;		/* fuzz_dir/in.conf: the input as a file */

static void fuzz_cleanup(void);
static void fuzz_setup(void);
static void fuzz_write(const char *path, const char *text, size_t len);
static char *fuzz_slurp(const char *path, size_t *len);
static void fuzz_check_error(const char *err, const char *path);
static int fuzz_str_eq(const char *a, const char *b);
static int fuzz_router_eq(const struct router_cfg *a,
    const struct router_cfg *b);
static int fuzz_conf_eq(const struct conffile *a, const struct conffile *b);
static void fuzz_check_valid(const struct router_cfg *r, int is_router);

const char *
__lsan_default_suppressions(void)
{
	return "leak:strbuf_append\nleak:libconfig_yylex\n";
}

/* Remove the temporary files at exit. */
static void
fuzz_cleanup(void)
{
	char *bak;

	if (fuzz_dir == NULL)
		return;
	bak = xasprintf("%s~", fuzz_conf);
	unlink(bak);
	unlink(fuzz_conf);
	unlink(fuzz_in);
	rmdir(fuzz_dir);
	free(bak);
	free(fuzz_conf);
	free(fuzz_in);
	free(fuzz_dir);
	fuzz_dir = NULL;
}

/* A private directory: /dev/shm when there is one (saves fsync), else
 * $TMPDIR or /tmp. */
static void
fuzz_setup(void)
{
	const char *t = getenv("TMPDIR");
	struct stat st;

	if (fuzz_dir != NULL)
		return;
	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
	    access("/dev/shm", W_OK) == 0)
		t = "/dev/shm";
	else if (t == NULL || *t != '/')
		t = "/tmp";
	fuzz_dir = xasprintf("%s/tikdeck-fuzz-conf-XXXXXX", t);
	if (mkdtemp(fuzz_dir) == NULL)
		fatalx("mkdtemp %s", fuzz_dir);
	fuzz_conf = xasprintf("%s/tikdeck.conf", fuzz_dir);
	fuzz_in = xasprintf("%s/in.conf", fuzz_dir);
	atexit(fuzz_cleanup);
}

/* Replace path with text, mode 0600. */
static void
fuzz_write(const char *path, const char *text, size_t len)
{
	FILE *f;

	unlink(path);
	f = fopen(path, "wx");
	if (f == NULL || chmod(path, 0600) == -1 ||
	    fwrite(text, 1, len, f) != len || fclose(f) != 0)
		fatalx("cannot write %s", path);
}

/* A file's contents, NUL-terminated. */
static char *
fuzz_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[4096];
	size_t n;

	FUZZ_CHECK(f != NULL);
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	buf_addc(&b, '\0');
	*len = b.len - 1;
	return buf_steal(&b, NULL);
}

/* A refusal: "PATH:LINE: problem", one line of printable text. */
static void
fuzz_check_error(const char *err, const char *path)
{
	size_t n = strlen(path), i;

	FUZZ_CHECK(strncmp(err, path, n) == 0 && err[n] == ':');
	FUZZ_CHECK(err[n + 1] >= '0' && err[n + 1] <= '9');
	FUZZ_CHECK(strstr(err + n, ": ") != NULL);
	for (i = 0; err[i] != '\0'; i++)
		FUZZ_CHECK((unsigned char)err[i] >= 0x20 && err[i] != 0x7f);
}

static int
fuzz_str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Every key equal (not the line). */
static int
fuzz_router_eq(const struct router_cfg *a, const struct router_cfg *b)
{
	return fuzz_str_eq(a->name, b->name) &&
	    fuzz_str_eq(a->host, b->host) && a->port == b->port &&
	    fuzz_str_eq(a->user, b->user) && a->tls == b->tls &&
	    fuzz_str_eq(a->ca, b->ca) &&
	    fuzz_str_eq(a->fingerprint, b->fingerprint) &&
	    fuzz_str_eq(a->jump, b->jump) &&
	    fuzz_str_eq(a->proxy_cmd, b->proxy_cmd) &&
	    fuzz_str_eq(a->charset, b->charset) &&
	    fuzz_str_eq(a->units, b->units) && a->kilo == b->kilo &&
	    a->attempts == b->attempts && a->timeout == b->timeout &&
	    fuzz_str_eq(a->debug_log, b->debug_log) &&
	    fuzz_str_eq(a->first_screen, b->first_screen) &&
	    fuzz_str_eq(a->theme, b->theme) &&
	    fuzz_str_eq(a->password_cmd, b->password_cmd) &&
	    fuzz_str_eq(a->password, b->password);
}

static int
fuzz_conf_eq(const struct conffile *a, const struct conffile *b)
{
	size_t i;

	if (!fuzz_router_eq(&a->global, &b->global) ||
	    a->nrouters != b->nrouters)
		return 0;
	for (i = 0; i < a->nrouters; i++)
		if (!fuzz_router_eq(a->routers[i], b->routers[i]))
			return 0;
	return 1;
}

/* What the loader accepted is within its rules. */
static void
fuzz_check_valid(const struct router_cfg *r, int is_router)
{
	FUZZ_CHECK(r->port >= 0 && r->port <= 65535);
	FUZZ_CHECK(r->tls >= -1 && r->tls <= 1);
	FUZZ_CHECK(r->kilo == 0 || r->kilo == 1000 || r->kilo == 1024);
	FUZZ_CHECK(r->attempts >= 0 && r->attempts <= 10);
	FUZZ_CHECK(r->timeout >= 0 && r->timeout <= 3600);
	FUZZ_CHECK(r->units == NULL || strcmp(r->units, "bits") == 0 ||
	    strcmp(r->units, "bytes") == 0);
	FUZZ_CHECK(r->jump == NULL || r->proxy_cmd == NULL);
	if (is_router) {
		FUZZ_CHECK(conffile_name_valid(r->name));
		FUZZ_CHECK(r->host != NULL && *r->host != '\0');
		FUZZ_CHECK(r->line > 0);
	} else
		FUZZ_CHECK(r->name == NULL && r->host == NULL &&
		    r->fingerprint == NULL && r->password == NULL &&
		    r->password_cmd == NULL);
}

/* One input: load, check, save, load again, compare. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conffile *cf = NULL, *cf2 = NULL, *cf3 = NULL;
	char *text = xmalloc(size + 1), *saved, *saved2, err[2048],
	    err2[2048];
	size_t i, len, len2;
	struct stat st;
	int rc, rc2;

	fuzz_setup();
	memcpy(text, data, size);
	text[size] = '\0';
	err[0] = err2[0] = '\0';
	rc = conffile_load_string(fuzz_conf, text, &cf, err, sizeof err);

	/* the same bytes from a file: the same result */
	if (memchr(data, '\0', size) == NULL) {
		fuzz_write(fuzz_in, text, size);
		rc2 = conffile_load(fuzz_in, 0, &cf3, err2, sizeof err2);
		FUZZ_CHECK(rc2 == rc);
		if (rc == 0) {
			FUZZ_CHECK(fuzz_conf_eq(cf, cf3));
			for (i = 0; i < cf->nrouters; i++)
				FUZZ_CHECK(cf->routers[i]->line ==
				    cf3->routers[i]->line);
		} else {
			FUZZ_CHECK(cf3 == NULL);
			fuzz_check_error(err2, fuzz_in);
			FUZZ_CHECK(strcmp(err2 + strlen(fuzz_in),
			    err + strlen(fuzz_conf)) == 0);
		}
		conffile_free(&cf3);
	}
	free(text);
	if (rc == -1) {
		FUZZ_CHECK(cf == NULL);
		fuzz_check_error(err, fuzz_conf);
		return 0;
	}
	FUZZ_CHECK(cf != NULL);
	fuzz_check_valid(&cf->global, 0);
	for (i = 0; i < cf->nrouters; i++) {
		fuzz_check_valid(cf->routers[i], 1);
		FUZZ_CHECK(conffile_find(cf, cf->routers[i]->name) ==
		    cf->routers[i]);
	}

	/* save and load again: the same configuration */
	if (conffile_save(cf, err, sizeof err) == -1)
		fatalx("save: %s", err);
	FUZZ_CHECK(stat(fuzz_conf, &st) == 0 && (st.st_mode & 0777) == 0600);
	if (conffile_load(fuzz_conf, 0, &cf2, err, sizeof err) == -1) {
		saved = fuzz_slurp(fuzz_conf, &len);
		fatalx("the saved file does not load: %s\n%s", err, saved);
	}
	FUZZ_CHECK(fuzz_conf_eq(cf, cf2));
	saved = fuzz_slurp(fuzz_conf, &len);

	/* and saving that writes the same bytes */
	if (conffile_save(cf2, err, sizeof err) == -1)
		fatalx("save: %s", err);
	saved2 = fuzz_slurp(fuzz_conf, &len2);
	FUZZ_CHECK(len == len2 && memcmp(saved, saved2, len) == 0);
	FUZZ_CHECK(strlen(saved) == len);
	free(saved);
	free(saved2);
	conffile_free(&cf);
	conffile_free(&cf2);
	return 0;
}
