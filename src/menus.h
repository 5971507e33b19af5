/*
 * menus.h: the built-in catalogue of common RouterOS menus (RouterOS 6 has
 * no /console/inspect).  For each menu: its path, the columns shown by
 * default (key fields first) and whether it is a singleton (one set of
 * properties, no rows).  Any other path can still be opened.
 */
#ifndef TIKDECK_MENUS_H
#define TIKDECK_MENUS_H

#include <stddef.h>

#define MENU_SINGLE	0x1	/* a property sheet, not a table */
#define MENU_DIR	0x2	/* only a directory of submenus */
#define MENU_BIG	0x4	/* may hold very many rows */
#define MENU_RO		0x8	/* read-only: no forms */
#define MENU_NOADD	0x10	/* rows exist on their own (ports, services):
				 * set, never add */
#define MENU_NOREMOVE	0x20	/* and cannot be removed */

struct menu_info {
	const char	*path;		/* "/ip/firewall/filter" */
	const char	*cols;		/* visible columns, space-separated */
	unsigned	 flags;
};

/* The catalogue entry for path, or NULL. */
const struct menu_info *menus_find(const char *path);
/* Entry i (0..), or NULL after the last: directories come before their
 * submenus, in tree order. */
const struct menu_info *menus_at(size_t i);
size_t menus_count(void);
/* Turn what the user typed ("ip firewall filter", "/ip/firewall/filter/",
 * "ip/route") into a path ("/ip/firewall/filter"); NULL when it is not a
 * plausible path (characters other than [a-z0-9-] in a segment).  The
 * caller frees the result. */
char *menus_normalise(const char *typed);
/* A first screen (the first-screen option): "dashboard", "log", or a
 * menu path that is a table (catalogued, or deeper than one word: the
 * router judges those); one unknown word is a misspelt screen name.
 * With path not NULL, *path is the normalised path (caller frees; NULL
 * for dashboard and log).  1 when it is one. */
int menus_screen(const char *s, char **path);
/* Paths completing prefix (as typed, either spelling), in catalogue order:
 * fills out[] with up to max entries and returns how many matched in all. */
size_t menus_complete(const char *typed, const char **out, size_t max);
/* Writable fields of a catalogued menu with their types, "name:TYPE ..."
 * (TYPE: str ip pfx ipr ips mac time bool port num int:A..B e:a|b m:a|b
 * ref:what), for forms on RouterOS 6; NULL when not catalogued. */
const char *menus_fields(const char *path);
/* Does the menu keep its rows in order (move works: firewall, queues)? */
int menus_ordered(const char *path);
/* May rows be added / removed (not a fixed list like /ip/service)? */
int menus_addable(const char *path);
int menus_removable(const char *path);
/* Depth of a path: "/ip" 0, "/ip/address" 1. */
int menus_depth(const char *path);

#endif
