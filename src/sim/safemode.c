/*
 * safemode.c: the change journal behind /system/history, /undo and
 * /safe-mode (7.18 profile).
 *
 * Before a client command changes a table, journal_note() keeps a copy of
 * that table's rows; the entries of one command share a group and get one
 * /system/history row (action, by, policy, time, undoable, redoable).
 * /undo puts the tables of the newest group that is still undoable back as
 * they were.  While a session holds safe mode its entries are marked; when
 * the session is lost without /safe-mode/release (or on
 * /safe-mode/unroll) they are undone newest first.  Only one session can
 * hold safe mode; another one taking it gets a trap.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "simint.h"

#define JOURNAL_MAX	100

#define MSG_SAFE_TAKEN	"failure: safe mode already taken by another session"
#define MSG_NOTHING	"failure: nothing to undo"

struct journal {
	uint64_t	 group;
	int		 menu;
	struct srow	**rows;
	size_t		 n;
	uint32_t	 hist_id;
	struct conn	*safe;		/* safe-mode holder that made it */
	int		 undone;
};

static struct srow *row_copy(const struct srow *r);
static void journal_drop(struct journal *j);
static void journal_restore(struct sim *sim, struct journal *j);
static void history_mark(struct sim *sim, uint32_t id);
static void undo_group(struct sim *sim, uint64_t group);
static void unroll(struct sim *sim, struct conn *c);

/* A deep copy of a row. */
static struct srow *
row_copy(const struct srow *r)
{
	struct srow *n = row_new(r->id);
	size_t i;

	for (i = 0; i < r->n; i++)
		row_set(n, r->f[i].name, r->f[i].val, r->f[i].len);
	return n;
}

/* Free one entry's snapshot. */
static void
journal_drop(struct journal *j)
{
	size_t i;

	for (i = 0; i < j->n; i++)
		row_free(j->rows[i]);
	free(j->rows);
	j->rows = NULL;
	j->n = 0;
}

/* A new group: the entries of one client command. */
void
journal_begin(struct sim *sim)
{
	sim->journal_group++;
}

/* Snapshot t before a change (db write lock held). */
void
journal_note(struct sim *sim, struct conn *c, struct stable *t,
    const char *action)
{
	struct journal *j;
	struct stable *h = sim_table(sim, "/system/history");
	size_t i;

	if (sim->njournal == JOURNAL_MAX) {
		journal_drop(&sim->journal[0]);
		memmove(&sim->journal[0], &sim->journal[1],
		    (JOURNAL_MAX - 1) * sizeof *sim->journal);
		sim->njournal--;
	}
	sim->journal = xreallocarray(sim->journal, sim->njournal + 1,
	    sizeof *sim->journal);
	j = &sim->journal[sim->njournal++];
	memset(j, 0, sizeof *j);
	j->group = sim->journal_group;
	j->menu = (int)(t->m - sim_menus);
	j->rows = xcalloc(t->n + 1, sizeof *j->rows);
	for (i = 0; i < t->n; i++)
		j->rows[i] = row_copy(t->rows[i]);
	j->n = t->n;
	j->safe = c != NULL && sim->safe_conn == c ? c : NULL;
	if (sim->njournal > 1 &&
	    sim->journal[sim->njournal - 2].group == j->group) {
		j->hist_id = sim->journal[sim->njournal - 2].hist_id;
		return;
	}
	if (h != NULL) {
		struct srow *r;
		char when[48];

		motion_fmt_datetime(sim, motion_wall(sim), when, sizeof when);
		r = table_add(h, "");
		row_setf(r, "action", "%s %s", t->m->label, action);
		row_sets(r, "by", c != NULL && c->user != NULL ? c->user :
		    "admin");
		row_sets(r, "policy", "write");
		row_sets(r, "time", when);
		row_sets(r, "undoable", "true");
		row_sets(r, "redoable", "false");
		j->hist_id = r->id;
		while (h->n > JOURNAL_MAX) {
			row_free(h->rows[0]);
			table_remove_at(h, 0);
		}
		sim_changed(sim, (int)(h->m - sim_menus), r->id, 0);
	}
}

/* Put a table back as the entry saw it (db write lock held). */
static void
journal_restore(struct sim *sim, struct journal *j)
{
	struct stable *t = &sim->tables[j->menu];
	size_t i, k;

	for (i = 0; i < t->n; i++) {
		int kept = 0;

		for (k = 0; k < j->n; k++)
			if (j->rows[k]->id == t->rows[i]->id)
				kept = 1;
		if (!kept)
			sim_changed(sim, j->menu, t->rows[i]->id, 1);
		row_free(t->rows[i]);
	}
	t->n = 0;
	for (k = 0; k < j->n; k++) {
		table_insert_at(t, t->n, j->rows[k]);
		sim_changed(sim, j->menu, j->rows[k]->id, 0);
	}
	free(j->rows);
	j->rows = NULL;
	j->n = 0;
	j->undone = 1;
}

/* The history row of an undone change: undoable=false, redoable=true. */
static void
history_mark(struct sim *sim, uint32_t id)
{
	struct stable *h = sim_table(sim, "/system/history");
	struct srow *r = h != NULL ? table_find_id(h, id) : NULL;

	if (r == NULL)
		return;
	row_sets(r, "undoable", "false");
	row_sets(r, "redoable", "true");
	sim_changed(sim, (int)(h->m - sim_menus), id, 0);
}

/* Undo every entry of a group, newest first (db write lock held). */
static void
undo_group(struct sim *sim, uint64_t group)
{
	size_t i;

	for (i = sim->njournal; i > 0; i--) {
		struct journal *j = &sim->journal[i - 1];

		if (j->group != group || j->undone)
			continue;
		journal_restore(sim, j);
		history_mark(sim, j->hist_id);
	}
}

/* Undo the safe-mode changes of c and release (db write lock held). */
static void
unroll(struct sim *sim, struct conn *c)
{
	size_t i;

	for (i = sim->njournal; i > 0; i--) {
		struct journal *j = &sim->journal[i - 1];

		if (j->safe == c && !j->undone)
			undo_group(sim, j->group);
	}
	for (i = 0; i < sim->njournal; i++)
		if (sim->journal[i].safe == c)
			sim->journal[i].safe = NULL;
	sim->safe_conn = NULL;
}

/* Free the journal. */
void
journal_free(struct sim *sim)
{
	size_t i;

	for (i = 0; i < sim->njournal; i++)
		journal_drop(&sim->journal[i]);
	free(sim->journal);
	sim->journal = NULL;
	sim->njournal = 0;
}

/* /undo: undo the newest change that is still undoable. */
void
undo_cmd(struct conn *c, struct req *r)
{
	struct sim *sim = c->sim;
	size_t i;
	int done = 0;

	if (!cmds_check_args(c, r, "") || !cmds_need_policy(c, r, "write"))
		return;
	pthread_rwlock_wrlock(&sim->db);
	for (i = sim->njournal; i > 0 && !done; i--) {
		struct journal *j = &sim->journal[i - 1];

		if (j->undone)
			continue;
		undo_group(sim, j->group);
		motion_log(sim, "system,info", "undo by %s", c->user);
		done = 1;
	}
	pthread_rwlock_unlock(&sim->db);
	if (!done)
		out_trap(c, r->tag, -1, MSG_NOTHING);
	out_done(c, r->tag);
}

/* /safe-mode/take, release, unroll. */
void
safemode_cmd(struct conn *c, struct req *r, const char *what)
{
	struct sim *sim = c->sim;
	size_t i;

	if (strcmp(what, "take") != 0 && strcmp(what, "release") != 0 &&
	    strcmp(what, "unroll") != 0) {
		out_trap(c, r->tag, -1, "no such command");
		out_done(c, r->tag);
		return;
	}
	if (!cmds_check_args(c, r, "") || !cmds_need_policy(c, r, "write"))
		return;
	pthread_rwlock_wrlock(&sim->db);
	if (strcmp(what, "take") == 0) {
		if (sim->safe_conn != NULL && sim->safe_conn != c) {
			pthread_rwlock_unlock(&sim->db);
			out_trap(c, r->tag, -1, MSG_SAFE_TAKEN);
			out_done(c, r->tag);
			return;
		}
		sim->safe_conn = c;
	} else if (sim->safe_conn == c && strcmp(what, "release") == 0) {
		for (i = 0; i < sim->njournal; i++)
			if (sim->journal[i].safe == c)
				sim->journal[i].safe = NULL;
		sim->safe_conn = NULL;
	} else if (sim->safe_conn == c) {
		unroll(sim, c);
		motion_log(sim, "system,info", "safe mode changes unrolled by "
		    "%s", c->user);
	}
	pthread_rwlock_unlock(&sim->db);
	out_done(c, r->tag);
}

/* A session ends: a safe mode it still holds is unrolled. */
void
safemode_session_end(struct conn *c)
{
	struct sim *sim = c->sim;

	pthread_rwlock_wrlock(&sim->db);
	if (sim->safe_conn == c) {
		unroll(sim, c);
		motion_log(sim, "system,info", "safe mode changes of %s "
		    "unrolled: session lost", c->user != NULL ? c->user : "");
	}
	pthread_rwlock_unlock(&sim->db);
}
