/*
 * conffile.h: the configuration file (libconfig): global options and the
 * list of routers.  $XDG_CONFIG_HOME/tikdeck/tikdeck.conf, or -c FILE.
 *
 * Loading checks every key: syntax errors and semantic errors (unknown
 * key, wrong type, value out of range, duplicate router name) come back
 * as "FILE:LINE: problem".  A file that holds a password and is readable
 * by group or others is refused with the chmod that fixes it.  Saving is
 * atomic (temporary file in the same directory, fsync, rename) and keeps
 * the previous file as FILE~.
 *
 * Also the small file helpers the other state files share (XDG paths,
 * atomic writes, the "private file" check).
 */
#ifndef TIKDECK_CONFFILE_H
#define TIKDECK_CONFFILE_H

#include <stddef.h>

/* One router, or the global defaults (name and host NULL).  Unset
 * strings are NULL, unset numbers 0, unset booleans -1. */
struct router_cfg {
	char	*name;
	char	*host;
	int	 port;
	char	*user;
	int	 tls;			/* -1 unset */
	char	*ca;
	char	*fingerprint;
	char	*jump;
	char	*proxy_cmd;
	char	*charset;
	char	*units;			/* "bits" or "bytes" */
	int	 kilo;			/* 1000 or 1024, 0 unset */
	int	 attempts;		/* 1..10, 0 unset */
	int	 timeout;		/* seconds 1..3600, 0 unset */
	char	*debug_log;
	char	*first_screen;
	char	*theme;
	int	 log_lines;		/* the log pane's ring, 0 unset */
	char	*password_cmd;
	char	*password;		/* discouraged; private files only */
	int	 line;			/* where it was defined, 0 if new */
};

struct conffile {
	char			 *path;
	struct router_cfg	  global;
	struct router_cfg	**routers;
	size_t			  nrouters;
};

/* The default path: $XDG_CONFIG_HOME/tikdeck/tikdeck.conf (default
 * ~/.config).  The caller frees it. */
char *conffile_default_path(void);

/* Load path.  A missing file gives an empty configuration when
 * missing_ok, else an error.  Returns 0, or -1 with "FILE:LINE: problem"
 * in err. */
int conffile_load(const char *path, int missing_ok, struct conffile **out,
    char *err, size_t errlen);
/* Parse text (the contents of a configuration file) as if it had been
 * read from path: the same checks and messages as conffile_load, except
 * that no file permissions are checked.  path is where conffile_save
 * writes.  Returns 0, or -1 with "PATH:LINE: problem" in err. */
int conffile_load_string(const char *path, const char *text,
    struct conffile **out, char *err, size_t errlen);
/* Append s as a libconfig string ("..." with escapes). */
struct buf;
void conffile_put_string(struct buf *b, const char *s);
/* An empty configuration that will be saved to path. */
struct conffile *conffile_new(const char *path);
void conffile_free(struct conffile **cf);

const struct router_cfg *conffile_find(const struct conffile *cf,
    const char *name);
/* Add r, or replace the router with the same name.  r is copied. */
void conffile_put(struct conffile *cf, const struct router_cfg *r);
/* Remove the router; returns 0, or -1 if there is none of that name. */
int conffile_delete(struct conffile *cf, const char *name);
/* Write the file atomically, keeping the old one as FILE~. */
int conffile_save(const struct conffile *cf, char *err, size_t errlen);
/* Is this a valid router name (letters, digits, '.', '_', '-')? */
int conffile_name_valid(const char *name);

void router_cfg_copy(struct router_cfg *dst, const struct router_cfg *src);
void router_cfg_clear(struct router_cfg *r);

/* ---- helpers shared by the state files ---------------------------- */

/* $VAR/tikdeck/leaf, or $HOME/fallback/tikdeck/leaf when VAR is unset or
 * not absolute.  The caller frees it. */
char *xdg_path(const char *var, const char *fallback, const char *leaf);
/* Create the directory holding path (and its parents), mode 0700. */
int file_mkdir_parent(const char *path);
/* Replace path with data atomically: temporary file in the same
 * directory, fsync, rename, fsync of the directory.  With backup, the
 * previous file is kept as path~.  Returns 0 or -1 with err set. */
int file_write_atomic(const char *path, const void *data, size_t len,
    int mode, int backup, char *err, size_t errlen);
/* Refuse a file holding secrets that group or others can read: returns
 * 0 when private (or missing), -1 with the chmod to run in err. */
int file_check_private(const char *path, const char *what, char *err,
    size_t errlen);

#endif
