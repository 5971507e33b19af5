/*
 * standalone.c: run a fuzz target over seed files without libFuzzer, so
 * `make check` replays every seed as a plain test (TAP, one line a file).
 *
 * Arguments are files or directories; with none, the target's corpus
 * $top_srcdir/tests/fuzz/corpus/FUZZ_CORPUS is used.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "tap.h"

static int standalone_file(const char *path);
static void standalone_dir(const char *dir);
static void standalone_path(const char *path);

/* Read one file and run the target on it; returns 0 if it was unreadable. */
static int
standalone_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char tmp[65536];
	size_t n;

	if (f == NULL)
		return 0;
	buf_init(&b);
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&b, tmp, n);
	if (ferror(f)) {
		fclose(f);
		buf_free(&b);
		return 0;
	}
	fclose(f);
	/* An exact-size copy so ASan sees reads past the end. */
	{
		uint8_t *data = xmemdup(b.p != NULL ? b.p : "", b.len);

		LLVMFuzzerTestOneInput(data, b.len);
		free(data);
	}
	buf_free(&b);
	return 1;
}

/* Every regular file of dir, in name order. */
static void
standalone_dir(const char *dir)
{
	struct dirent **ents;
	const char *base = strrchr(dir, '/') != NULL ? strrchr(dir, '/') + 1 :
	    dir;
	int n, i, files = 0;

	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0) {
		ok(0, "%s: %s", dir, strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		char *path;
		struct stat st;

		if (ents[i]->d_name[0] != '.') {
			path = xasprintf("%s/%s", dir, ents[i]->d_name);
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				ok(standalone_file(path), "%s/%s", base,
				    ents[i]->d_name);
				files++;
			}
			free(path);
		}
		free(ents[i]);
	}
	free(ents);
	ok(files > 0, "%s holds %d seeds", dir, files);
}

/* A file or a directory. */
static void
standalone_path(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		standalone_dir(path);
	else
		ok(standalone_file(path), "%s", path);
}

/* Replay the named seeds, or the default corpus. */
int
main(int argc, char **argv)
{
	int i;

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			standalone_path(argv[i]);
	} else {
#ifdef FUZZ_CORPUS
		const char *top = getenv("top_srcdir");
		char *dir = xasprintf("%s/tests/fuzz/corpus/%s",
		    top != NULL ? top : ".", FUZZ_CORPUS);

		standalone_dir(dir);
		free(dir);
#else
		fprintf(stderr, "usage: %s file-or-directory...\n", argv[0]);
		return 2;
#endif
	}
	return tap_done();
}
