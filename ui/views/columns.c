/* views/columns.c: the column chooser of a table (Space shows / hides,
 * K J < > reorder, Enter applies) and the choices remembered per menu in
 * $XDG_STATE_HOME/tikdeck/columns ("path col col ..." lines). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "../uiint.h"

struct citem {
	char	*name;
	int	 on;
};

struct cview {
	uint32_t	 table;
	struct citem	*it;
	size_t		 n;
	size_t		 sel;
	size_t		 top;
};

static void columns_view_open(struct app *a, struct view *v);
static void columns_view_close(struct app *a, struct view *v);
static void columns_view_draw(struct app *a, struct view *v, WINDOW *w);
static int columns_view_action(struct app *a, struct view *v,
    enum action_id id);
static int columns_view_can(struct app *a, struct view *v,
    enum action_id id);
static void columns_view_event(struct app *a, struct view *v,
    struct event *ev);
static char *columns_dir(void);
static char *columns_file(void);
static char *columns_read(void);
static void columns_apply(struct app *a, struct view *v);

static const struct view_desc view_columns = {
	"columns", CTX_LIST,
	columns_view_open, columns_view_close, columns_view_draw,
	columns_view_action, columns_view_can, columns_view_event, NULL,
	NULL
};

/* Open the chooser (names copied). */
void
columns_open(struct app *a, uint32_t table, const char *path,
    char **names, size_t n, size_t nchosen)
{
	struct cview *cv = xcalloc(1, sizeof *cv);
	size_t i;

	cv->table = table;
	cv->it = xcalloc(n > 0 ? n : 1, sizeof *cv->it);
	for (i = 0; i < n; i++) {
		cv->it[i].name = xstrdup(names[i]);
		cv->it[i].on = i < nchosen;
	}
	cv->n = n;
	app_push_init(a, &view_columns, path, NULL, cv);
}

/* Open: the items came in v->priv. */
static void
columns_view_open(struct app *a, struct view *v)
{
}

/* Close. */
static void
columns_view_close(struct app *a, struct view *v)
{
	struct cview *cv = v->priv;
	size_t i;

	for (i = 0; i < cv->n; i++)
		free(cv->it[i].name);
	free(cv->it);
	free(cv);
}

/* No requests. */
static void
columns_view_event(struct app *a, struct view *v, struct event *ev)
{
}

/* The list with checkboxes. */
static void
columns_view_draw(struct app *a, struct view *v, WINDOW *w)
{
	struct cview *cv = v->priv;
	int width = getmaxx(w), height = getmaxy(w), y;
	size_t i, on = 0;
	char head[256];

	for (i = 0; i < cv->n; i++)
		on += cv->it[i].on != 0;
	str_fmt(head, sizeof head, _("Columns of %s: %zu of %zu shown"),
	    v->path, on, cv->n);
	wattrset(w, theme_attr(R_PANEL_TITLE));
	draw_text(w, 0, 0, head, width, 0);
	wattrset(w, theme_attr(R_STATUS_INFO));
	draw_text(w, 1, 0, _("Space shows / hides, K J (or < >) move, Enter "
	    "applies, Esc cancels"), width, 0);
	if (height <= 3)
		return;
	if (cv->sel < cv->top)
		cv->top = cv->sel;
	if (cv->sel >= cv->top + (size_t)(height - 3))
		cv->top = cv->sel - (size_t)(height - 3) + 1;
	for (i = cv->top, y = 3; i < cv->n && y < height; i++, y++) {
		char line[200];

		str_fmt(line, sizeof line, " [%c] %s", cv->it[i].on ? 'x' :
		    ' ', cv->it[i].name);
		wattrset(w, theme_attr(i == cv->sel ? R_TABLE_SELECTED :
		    R_NORMAL));
		draw_fill(w, y, 0, width < 40 ? width : 40);
		draw_text(w, y, 0, line, width < 40 ? width : 40, 0);
	}
}

/* What works here. */
static int
columns_view_can(struct app *a, struct view *v, enum action_id id)
{
	struct cview *cv = v->priv;

	switch (id) {
	case ACT_ITEMUP:
		return cv->sel > 0;
	case ACT_ITEMDOWN:
		return cv->sel + 1 < cv->n;
	default:
		return cv->n > 0 || id == ACT_BACK;
	}
}

/* Keys. */
static int
columns_view_action(struct app *a, struct view *v, enum action_id id)
{
	struct cview *cv = v->priv;
	struct citem t;

	switch (id) {
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PGUP:
	case ACT_PGDN:
	case ACT_TOP:
	case ACT_BOTTOM:
		list_move(&cv->sel, cv->n, 10, id);
		break;
	case ACT_TOGGLE:
		if (cv->n > 0)
			cv->it[cv->sel].on = !cv->it[cv->sel].on;
		break;
	case ACT_ITEMUP:
		if (cv->sel == 0)
			return 1;
		t = cv->it[cv->sel - 1];
		cv->it[cv->sel - 1] = cv->it[cv->sel];
		cv->it[cv->sel] = t;
		cv->sel--;
		break;
	case ACT_ITEMDOWN:
		if (cv->sel + 1 >= cv->n)
			return 1;
		t = cv->it[cv->sel + 1];
		cv->it[cv->sel + 1] = cv->it[cv->sel];
		cv->it[cv->sel] = t;
		cv->sel++;
		break;
	case ACT_LISTAPPLY:
		columns_apply(a, v);
		break;
	case ACT_BACK:
		app_pop(a);
		break;
	default:
		return 0;
	}
	return 1;
}

/* Enter: hand the checked columns to the table, close. */
static void
columns_apply(struct app *a, struct view *v)
{
	struct cview *cv = v->priv;
	struct view *t = app_find(a, cv->table);
	char **cols = xcalloc(cv->n > 0 ? cv->n : 1, sizeof *cols);
	size_t i, n = 0;

	for (i = 0; i < cv->n; i++)
		if (cv->it[i].on)
			cols[n++] = xstrdup(cv->it[i].name);
	if (n == 0) {
		app_status(a, R_STATUS_ERROR, "%s", _("check at least one "
		    "column (Space)"));
		free(cols);
		return;
	}
	app_pop(a);	/* frees cv */
	if (t != NULL)
		view_table_set_cols(a, t, cols, n);
	for (i = 0; i < n; i++)
		free(cols[i]);
	free(cols);
}

/* $XDG_STATE_HOME/tikdeck (default ~/.local/state/tikdeck), or NULL. */
static char *
columns_dir(void)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/tikdeck", xdg);
	if (home != NULL && *home != '\0')
		return xasprintf("%s/.local/state/tikdeck", home);
	return NULL;
}

/* The state file, or NULL without a home. */
static char *
columns_file(void)
{
	char *d = columns_dir(), *f;

	if (d == NULL)
		return NULL;
	f = xasprintf("%s/columns", d);
	free(d);
	return f;
}

/* The whole state file (caller frees), or NULL. */
static char *
columns_read(void)
{
	char *f = columns_file(), buf[4096];
	FILE *fp;
	struct buf b;
	size_t r;

	if (f == NULL || (fp = fopen(f, "r")) == NULL) {
		free(f);
		return NULL;
	}
	buf_init(&b);
	buf_adds(&b, "");
	while ((r = fread(buf, 1, sizeof buf, fp)) > 0 && b.len < 1 << 20)
		buf_add(&b, buf, r);
	fclose(fp);
	free(f);
	return buf_steal(&b, NULL);
}

/* The columns remembered for path. */
size_t
columns_load(const char *path, char ***cols)
{
	char *all = columns_read(), *line, *next;
	size_t n = 0, plen = strlen(path);

	*cols = NULL;
	if (all == NULL)
		return 0;
	for (line = all; *line != '\0'; line = next) {
		char *p;

		next = line + strcspn(line, "\n");
		if (*next == '\n')
			*next++ = '\0';
		if (strncmp(line, path, plen) != 0 || line[plen] != ' ')
			continue;
		for (p = line + plen; *p != '\0';) {
			size_t len;

			while (*p == ' ')
				p++;
			len = strcspn(p, " ");
			if (len > 0) {
				*cols = xreallocarray(*cols, n + 1,
				    sizeof **cols);
				(*cols)[n++] = xstrndup(p, len);
			}
			p += len;
		}
		break;
	}
	free(all);
	return n;
}

/* Rewrite the state file with path's line replaced (temp + rename). */
int
columns_save(const char *path, char *const *cols, size_t n)
{
	char *dir = columns_dir(), *file, *tmp, *all, *line, *next;
	struct buf b;
	size_t i, plen = strlen(path);
	int fd, rc = 0, saved;

	if (dir == NULL) {
		errno = ENOENT;
		return -1;
	}
	/* the parent (~/.local/state) may be missing too */
	{
		char *p;

		for (p = dir + 1; *p != '\0'; p++)
			if (*p == '/') {
				*p = '\0';
				mkdir(dir, 0700);
				*p = '/';
			}
		mkdir(dir, 0700);
	}
	file = xasprintf("%s/columns", dir);
	tmp = xasprintf("%s/columns.%ld.tmp", dir, (long)getpid());
	free(dir);
	buf_init(&b);
	buf_adds(&b, "");
	if ((all = columns_read()) != NULL) {
		for (line = all; *line != '\0'; line = next) {
			next = line + strcspn(line, "\n");
			if (*next == '\n')
				*next++ = '\0';
			if (*line == '\0' || (strncmp(line, path, plen) == 0 &&
			    line[plen] == ' '))
				continue;
			buf_printf(&b, "%s\n", line);
		}
		free(all);
	}
	buf_adds(&b, path);
	for (i = 0; i < n; i++)
		buf_printf(&b, " %s", cols[i]);
	buf_addc(&b, '\n');
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1)
		rc = -1;
	else {
		const char *p = b.p;
		size_t left = b.len;

		while (left > 0 && rc == 0) {
			ssize_t r = write(fd, p, left);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				rc = -1;
			else {
				p += r;
				left -= (size_t)r;
			}
		}
		if (rc == 0 && fsync(fd) == -1)
			rc = -1;
		saved = errno;
		if (close(fd) == -1 && rc == 0)
			rc = -1;
		else
			errno = saved;
		if (rc == 0 && rename(tmp, file) == -1)
			rc = -1;
		if (rc == -1) {
			saved = errno;
			unlink(tmp);
			errno = saved;
		}
	}
	free(file);
	free(tmp);
	buf_free(&b);
	return rc;
}
