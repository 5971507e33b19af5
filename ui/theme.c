/* theme.c: semantic colour roles from libconfig theme files. */
#include "config.h"

#include <libconfig.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <term.h>
#include <unistd.h>

#include "i18n.h"
#include "uiint.h"

#define COLOR_NONE	(-1)	/* the terminal's default */

struct role_def {
	const char	*name;		/* "table.selected" */
	const char	*fg;
	const char	*bg;
	const char	*attr;		/* with colours */
	const char	*mono;		/* without colours */
};

struct role_val {
	long	fg;		/* 0xRRGGBB, or 256 + index, or COLOR_NONE */
	long	bg;
	attr_t	attr;
	attr_t	mono;
};

static int theme_color(const char *s, long *out);
static attr_t theme_attrs(const char *s);
static short theme_nearest8(long rgb);
static int theme_nearest256(long rgb);
static int theme_map(long c, int ncolors, int direct);
static void theme_from_config(config_t *cfg);
static const char *theme_find(const char *name, char *path, size_t len);

/* The built-in fallback (also the default theme). */
static const struct role_def defs[R_COUNT] = {
	[R_NORMAL] = { "normal", "default", "default", "", "" },
	[R_TITLE] = { "title", "#e4e4e4", "#005f87", "", "reverse" },
	[R_TITLE_IDENTITY] = { "title.identity", "#ffffff", "#005f87",
	    "bold", "reverse bold" },
	[R_TITLE_BADGE_TLS] = { "title.badge.tls", "#87ff87", "#005f87",
	    "bold", "reverse" },
	[R_TITLE_BADGE_PLAIN] = { "title.badge.plaintext", "#ffffff",
	    "#d70000", "bold", "bold underline" },
	[R_TITLE_STATE] = { "title.state", "#ffd75f", "#005f87", "bold",
	    "reverse bold" },
	[R_BORDER] = { "border", "#5f87af", "default", "", "" },
	[R_PANEL_TITLE] = { "panel.title", "#87d7ff", "default", "bold",
	    "bold" },
	[R_TABLE_HEADER] = { "table.header", "#ffffff", "#3a3a3a", "bold",
	    "underline" },
	[R_TABLE_HEADER_CURRENT] = { "table.header.current", "#ffd75f",
	    "#3a3a3a", "bold underline", "underline bold" },
	[R_TABLE_SELECTED] = { "table.selected", "#000000", "#87afd7", "",
	    "reverse" },
	[R_TABLE_DISABLED] = { "table.disabled", "#808080", "default", "",
	    "dim" },
	[R_TABLE_DYNAMIC] = { "table.dynamic", "#87afaf", "default", "",
	    "" },
	[R_TABLE_INVALID] = { "table.invalid", "#ff5f5f", "default", "",
	    "bold" },
	[R_TABLE_COMMENT] = { "table.comment", "#87af87", "default", "",
	    "dim" },
	[R_TABLE_FLAGS] = { "table.flags", "#d7af5f", "default", "", "" },
	[R_TABLE_CHANGED] = { "table.changed", "#000000", "#ffd75f", "bold",
	    "reverse bold" },
	[R_TABLE_HIT] = { "table.hit", "#87ff87", "default", "bold", "bold" },
	[R_TABLE_DEAD] = { "table.dead", "#808080", "default", "dim",
	    "dim" },
	[R_SHEET_NAME] = { "sheet.name", "#87afd7", "default", "", "bold" },
	[R_SHEET_VALUE] = { "sheet.value", "default", "default", "", "" },
	[R_TREE] = { "tree", "#bcbcbc", "default", "", "" },
	[R_TREE_SELECTED] = { "tree.selected", "#000000", "#87afd7", "",
	    "reverse" },
	[R_TREE_CURRENT] = { "tree.current", "#ffd75f", "default", "bold",
	    "bold" },
	[R_STATUS] = { "status", "default", "default", "", "" },
	[R_STATUS_INFO] = { "status.info", "#87d7ff", "default", "", "" },
	[R_STATUS_ERROR] = { "status.error", "#ffffff", "#af0000", "bold",
	    "reverse bold" },
	[R_PROMPT] = { "prompt", "#ffffff", "default", "bold", "bold" },
	[R_FOOTER] = { "footer", "#bcbcbc", "#262626", "", "" },
	[R_FOOTER_KEY] = { "footer.key", "#ffd75f", "#262626", "bold",
	    "reverse" },
	[R_HELP_KEY] = { "help.key", "#ffd75f", "default", "bold", "bold" },
	[R_HELP_TEXT] = { "help.text", "default", "default", "", "" },
	[R_LOG_TIME] = { "log.time", "#87afaf", "default", "",
	    "" },
	[R_LOG_TOPICS] = { "log.topics", "#8787af", "default", "",
	    "dim" },
	[R_LOG_DEBUG] = { "log.debug", "#808080", "default", "",
	    "dim" },
	[R_LOG_INFO] = { "log.info", "default", "default", "",
	    "" },
	[R_LOG_WARNING] = { "log.warning", "#ffd75f", "default", "",
	    "bold" },
	[R_LOG_ERROR] = { "log.error", "#ff5f5f", "default", "bold",
	    "bold" },
	[R_LOG_CRITICAL] = { "log.critical", "#ffffff", "#af0000", "bold",
	    "reverse bold" },
	[R_GRAPH_RX] = { "graph.rx", "#5fd75f", "default", "",
	    "" },
	[R_GRAPH_TX] = { "graph.tx", "#5fafff", "default", "",
	    "bold" },
	[R_GRAPH_AXIS] = { "graph.axis", "#808080", "default", "",
	    "dim" },
};

static struct role_val vals[R_COUNT];
static attr_t attrs[R_COUNT];
static int loaded;

/* "#rrggbb", a colour name, a number 0..255 or "default". */
static int
theme_color(const char *s, long *out)
{
	static const char *const names[] = { "black", "red", "green",
	    "yellow", "blue", "magenta", "cyan", "white" };
	size_t i;
	char *end;

	if (strcasecmp(s, "default") == 0 || *s == '\0') {
		*out = COLOR_NONE;
		return 0;
	}
	if (s[0] == '#' && strlen(s) == 7) {
		*out = strtol(s + 1, &end, 16);
		return *end == '\0' ? 0 : -1;
	}
	for (i = 0; i < TD_ARRAY_LEN(names); i++)
		if (strcasecmp(s, names[i]) == 0) {
			*out = 0x1000000 + (long)i;
			return 0;
		}
	*out = strtol(s, &end, 10);
	if (*end != '\0' || *out < 0 || *out > 255)
		return -1;
	*out += 0x1000000;
	return 0;
}

/* "bold underline" -> attributes. */
static attr_t
theme_attrs(const char *s)
{
	attr_t a = A_NORMAL;

	if (strstr(s, "bold") != NULL)
		a |= A_BOLD;
	if (strstr(s, "underline") != NULL)
		a |= A_UNDERLINE;
	if (strstr(s, "reverse") != NULL)
		a |= A_REVERSE;
	if (strstr(s, "dim") != NULL)
		a |= A_DIM;
	if (strstr(s, "italic") != NULL)
		a |= A_ITALIC;
	return a;
}

/* Where a theme name lives: a path as given, else the theme dirs. */
static const char *
theme_find(const char *name, char *path, size_t len)
{
	const char *dirs[3];
	size_t i;

	if (strchr(name, '/') != NULL) {
		str_copy(path, len, name);
		return access(path, R_OK) == 0 ? path : NULL;
	}
	dirs[0] = getenv("TIKDECK_THEMEDIR");
	dirs[1] = PKGDATADIR "/themes";
	dirs[2] = NULL;
	for (i = 0; i < 2; i++) {
		if (dirs[i] == NULL)
			continue;
		str_fmt(path, len, "%s/%s.conf", dirs[i], name);
		if (access(path, R_OK) == 0)
			return path;
	}
	return NULL;
}

/* Read the roles a config file sets. */
static void
theme_from_config(config_t *cfg)
{
	size_t i;

	for (i = 0; i < R_COUNT; i++) {
		char key[96];
		const char *s;
		config_setting_t *g;
		long c;

		str_fmt(key, sizeof key, "roles.%s", defs[i].name);
		if ((g = config_lookup(cfg, key)) == NULL ||
		    !config_setting_is_group(g))
			continue;
		if (config_setting_lookup_string(g, "fg", &s) &&
		    theme_color(s, &c) == 0)
			vals[i].fg = c;
		if (config_setting_lookup_string(g, "bg", &s) &&
		    theme_color(s, &c) == 0)
			vals[i].bg = c;
		if (config_setting_lookup_string(g, "attr", &s))
			vals[i].attr = theme_attrs(s);
		if (config_setting_lookup_string(g, "mono", &s))
			vals[i].mono = theme_attrs(s);
	}
}

/* Load the built-in roles, then the theme file (if any). */
int
theme_load(const char *name, char *err, size_t errlen)
{
	config_t cfg;
	char path[1024];
	size_t i;

	for (i = 0; i < R_COUNT; i++) {
		theme_color(defs[i].fg, &vals[i].fg);
		theme_color(defs[i].bg, &vals[i].bg);
		vals[i].attr = theme_attrs(defs[i].attr);
		vals[i].mono = theme_attrs(defs[i].mono);
	}
	loaded = 1;
	if (name == NULL)
		return 0;
	if (theme_find(name, path, sizeof path) == NULL) {
		if (strcmp(name, "default") == 0)
			return 0;	/* the built-in one */
		str_fmt(err, errlen, _("theme \"%s\" not found (looked in "
		    "%s/themes)"), name, PKGDATADIR);
		return -1;
	}
	config_init(&cfg);
	if (config_read_file(&cfg, path) != CONFIG_TRUE) {
		str_fmt(err, errlen, _("%s:%d: %s"), config_error_file(&cfg) ?
		    config_error_file(&cfg) : path, config_error_line(&cfg),
		    config_error_text(&cfg));
		config_destroy(&cfg);
		return -1;
	}
	theme_from_config(&cfg);
	config_destroy(&cfg);
	return 0;
}

/* Nearest of the 8 basic colours. */
static short
theme_nearest8(long rgb)
{
	int r = (int)(rgb >> 16) & 0xff, g = (int)(rgb >> 8) & 0xff,
	    b = (int)rgb & 0xff;
	int hi = r > 127 || g > 127 || b > 127 ? 128 : 64;
	short c = 0;

	if (r >= hi)
		c |= COLOR_RED;
	if (g >= hi)
		c |= COLOR_GREEN;
	if (b >= hi)
		c |= COLOR_BLUE;
	return c;
}

/* Nearest xterm-256 colour (the 6x6x6 cube or the grey ramp). */
static int
theme_nearest256(long rgb)
{
	static const int lv[6] = { 0, 95, 135, 175, 215, 255 };
	int c[3], q[3], i, j, grey, gi, dc = 0, dg;

	c[0] = (int)(rgb >> 16) & 0xff;
	c[1] = (int)(rgb >> 8) & 0xff;
	c[2] = (int)rgb & 0xff;
	for (i = 0; i < 3; i++) {
		int best = 0;

		for (j = 1; j < 6; j++)
			if (abs(lv[j] - c[i]) < abs(lv[best] - c[i]))
				best = j;
		q[i] = best;
		dc += (lv[best] - c[i]) * (lv[best] - c[i]);
	}
	grey = (c[0] + c[1] + c[2]) / 3;
	gi = grey < 8 ? 0 : grey > 238 ? 23 : (grey - 8) / 10;
	dg = 0;
	for (i = 0; i < 3; i++)
		dg += (8 + gi * 10 - c[i]) * (8 + gi * 10 - c[i]);
	if (dg < dc)
		return 232 + gi;
	return 16 + 36 * q[0] + 6 * q[1] + q[2];
}

/* A role colour as a terminal colour number. */
static int
theme_map(long c, int ncolors, int direct)
{
	if (c == COLOR_NONE)
		return -1;
	if (c >= 0x1000000) {	/* a palette index */
		int i = (int)(c - 0x1000000);

		return i < ncolors ? i : i % 8;
	}
	if (direct)
		return (int)c;
	if (ncolors >= 256)
		return theme_nearest256(c);
	return theme_nearest8(c);
}

/* Make the colour pairs (color: colours wanted and available). */
void
theme_apply(int color)
{
	size_t i;
	int direct;

	if (!loaded)
		theme_load(NULL, NULL, 0);
	direct = COLORS >= 0x1000000 || tigetflag("RGB") > 0;
	for (i = 0; i < R_COUNT; i++) {
		if (!color) {
			attrs[i] = vals[i].mono;
			continue;
		}
		init_extended_pair((int)i + 1,
		    theme_map(vals[i].fg, COLORS, direct),
		    theme_map(vals[i].bg, COLORS, direct));
		attrs[i] = COLOR_PAIR((int)i + 1) | vals[i].attr;
	}
}

/* The attributes of a role. */
attr_t
theme_attr(enum role r)
{
	return attrs[r];
}
