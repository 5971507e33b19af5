/* views/tree.c: the menu tree side panel (from the built-in catalogue). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "menus.h"
#include "../uiint.h"

struct tree {
	unsigned char	*open;		/* per catalogue entry: expanded */
	size_t		 n;
	size_t		 sel;		/* catalogue index */
	size_t		 top;		/* visible line */
	char		*current;	/* path of the open view */
};

static int tree_visible(struct tree *t, size_t i);
static int tree_has_children(size_t i);
static size_t tree_step(struct tree *t, size_t i, int dir);

/* A tree with everything folded. */
struct tree *
tree_new(void)
{
	struct tree *t = xcalloc(1, sizeof *t);

	t->n = menus_count();
	t->open = xcalloc(t->n, 1);
	return t;
}

/* Free the tree. */
void
tree_free(struct tree **tp)
{
	struct tree *t = *tp;

	if (t == NULL)
		return;
	free(t->open);
	free(t->current);
	free(t);
	*tp = NULL;
}

/* Does entry i have submenus (the next entry is below it)? */
static int
tree_has_children(size_t i)
{
	const struct menu_info *m = menus_at(i), *nx = menus_at(i + 1);
	size_t len = strlen(m->path);

	return nx != NULL && strncmp(nx->path, m->path, len) == 0 &&
	    nx->path[len] == '/';
}

/* Is entry i shown (every ancestor expanded)? */
static int
tree_visible(struct tree *t, size_t i)
{
	const char *p = menus_at(i)->path;
	size_t j;

	for (j = 0; j < i; j++) {
		const char *q = menus_at(j)->path;
		size_t len = strlen(q);

		if (strncmp(p, q, len) == 0 && p[len] == '/' && !t->open[j])
			return 0;
	}
	return 1;
}

/* The next (dir 1) or previous (-1) visible entry from i. */
static size_t
tree_step(struct tree *t, size_t i, int dir)
{
	size_t j = i;

	for (;;) {
		if (dir > 0 && j + 1 >= t->n)
			return i;
		if (dir < 0 && j == 0)
			return i;
		j = dir > 0 ? j + 1 : j - 1;
		if (tree_visible(t, j))
			return j;
	}
}

/* The open view's path: unfold to it. */
void
tree_set_current(struct tree *t, const char *path)
{
	size_t i;

	free(t->current);
	t->current = xstrdup(path);
	for (i = 0; i < t->n; i++) {
		const char *q = menus_at(i)->path;
		size_t len = strlen(q);

		if (strncmp(path, q, len) == 0 && path[len] == '/')
			t->open[i] = 1;
		if (strcmp(path, q) == 0)
			t->sel = i;
	}
}

/* Draw the tree and its right border. */
void
tree_draw(struct app *a, WINDOW *w)
{
	struct tree *t = a->tree;
	int width = getmaxx(w) - 1, height = getmaxy(w), y;
	size_t i, line = 0, selline = 0;
	const char *fold = draw_is_ascii() ? "+" : "\xe2\x96\xb8";
	const char *unfold = draw_is_ascii() ? "-" : "\xe2\x96\xbe";

	werase(w);
	wattrset(w, theme_attr(R_PANEL_TITLE));
	draw_text(w, 0, 0, _("menus"), width, 0);
	for (i = 0; i < t->n; i++)
		if (tree_visible(t, i)) {
			if (i == t->sel)
				selline = line;
			line++;
		}
	if (selline < t->top)
		t->top = selline;
	if (height > 1 && selline >= t->top + (size_t)(height - 1))
		t->top = selline - (size_t)(height - 1) + 1;
	line = 0;
	y = 1;
	for (i = 0; i < t->n && y < height; i++) {
		const struct menu_info *m = menus_at(i);
		int depth = menus_depth(m->path);
		char *label;
		enum role r = R_TREE;

		if (!tree_visible(t, i))
			continue;
		if (line++ < t->top)
			continue;
		label = xasprintf("%*s%s %s", depth * 2, "",
		    tree_has_children(i) ? (t->open[i] ? unfold : fold) : " ",
		    strrchr(m->path, '/') + 1);
		if (i == t->sel && a->focus_tree)
			r = R_TREE_SELECTED;
		else if (t->current != NULL &&
		    strcmp(t->current, m->path) == 0)
			r = R_TREE_CURRENT;
		wattrset(w, theme_attr(r));
		draw_text(w, y, 0, label, width, 1);
		free(label);
		y++;
	}
	draw_vline(a, w, width, 0, height);
}

/* Keys while the tree has the focus. */
int
tree_action(struct app *a, enum action_id id)
{
	struct tree *t = a->tree;
	int k;

	switch (id) {
	case ACT_UP:
		t->sel = tree_step(t, t->sel, -1);
		break;
	case ACT_DOWN:
		t->sel = tree_step(t, t->sel, 1);
		break;
	case ACT_PGUP:
	case ACT_PGDN:
		for (k = 0; k < 10; k++)
			t->sel = tree_step(t, t->sel, id == ACT_PGUP ? -1 : 1);
		break;
	case ACT_TOP:
		t->sel = 0;
		break;
	case ACT_BOTTOM:
		while (tree_step(t, t->sel, 1) != t->sel)
			t->sel = tree_step(t, t->sel, 1);
		break;
	case ACT_OPEN:
		if (tree_has_children(t->sel) &&
		    (!t->open[t->sel] || (menus_at(t->sel)->flags &
		    MENU_DIR))) {
			t->open[t->sel] = !t->open[t->sel];
			break;
		}
		app_open_path(a, menus_at(t->sel)->path);
		break;
	case ACT_BACK:
		if (tree_has_children(t->sel) && t->open[t->sel])
			t->open[t->sel] = 0;
		else
			a->focus_tree = 0;
		break;
	default:
		return 0;
	}
	return 1;
}
