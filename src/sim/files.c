/*
 * files.c: /file contents, /system/backup/save and /file/read.
 *
 * A file's bytes live in its row's "contents" field (binary safe).  Only
 * 6.x profiles print "contents", and only for files under 4096 bytes, like
 * real routers; 7.13+ profiles read files with /file/read in chunks of at
 * most 32768 bytes, returned raw in =data=.  A .backup is not a real
 * RouterOS backup: a 4-byte magic (88 AC A1 B1 unencrypted, EF A8 91 72
 * encrypted), a length, a block of NUL bytes, then the export text mixed
 * with a seeded key stream, so it is binary (NULs, bytes >= 0x80).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "simint.h"

#define CONTENTS_MAX_V6	4096
#define READ_CHUNK_MAX	32768

static char *backup_bytes(struct sim *sim, int encrypt, size_t *len);

/* Create or replace a file (db write lock held). */
void
files_put(struct sim *sim, const char *name, const char *type,
    const char *data, size_t len)
{
	struct stable *t = sim_table(sim, "/file");
	struct srow *r = table_find_name(t, name);
	char when[48];

	motion_fmt_datetime(sim, motion_wall(sim), when, sizeof when);
	if (r == NULL) {
		r = table_add(t, "");
		row_sets(r, "name", name);
	}
	row_sets(r, "type", type);
	row_setf(r, "size", "%zu", len);
	row_sets(r, "creation-time", when);
	row_set(r, "contents", data, (uint32_t)len);
	sim_changed(sim, (int)(t->m - sim_menus), r->id, 0);
}

/* contents: printed on 6.x for small files only. */
void
files_render(struct sim *sim, const struct srow *r, struct kvlist *l)
{
	const struct sfield *f = row_field(r, "contents");

	if (f == NULL)
		return;
	if (sim->prof >= PROF_717 || f->len >= CONTENTS_MAX_V6)
		kvl_del(l, "contents");
}

/* The bytes of a simulated backup. */
static char *
backup_bytes(struct sim *sim, int encrypt, size_t *len)
{
	char *text = export_text(sim, "");
	size_t tl = strlen(text), n = 8 + 64 + tl, i;
	unsigned char *b = xcalloc(1, n);
	static const unsigned char plain[4] = { 0x88, 0xAC, 0xA1, 0xB1 };
	static const unsigned char enc[4] = { 0xEF, 0xA8, 0x91, 0x72 };

	memcpy(b, encrypt ? enc : plain, 4);
	b[4] = (unsigned char)(n & 0xFF);
	b[5] = (unsigned char)((n >> 8) & 0xFF);
	b[6] = (unsigned char)((n >> 16) & 0xFF);
	b[7] = (unsigned char)((n >> 24) & 0xFF);
	/* 64 NUL bytes, then the mixed text. */
	for (i = 0; i < tl; i++)
		b[72 + i] = (unsigned char)text[i] ^ (unsigned char)
		    (motion_hash(sim->seed, 0xBAC, i / 8) >> (i % 8 * 8));
	free(text);
	*len = n;
	return (char *)b;
}

/* /system/backup/save =name= [=dont-encrypt=] [=password=]. */
void
files_backup_save(struct conn *c, struct req *r)
{
	char *name = req_attr_dup(r, "name"), *file, *data;
	char *pw = req_attr_dup(r, "password");
	const struct tword *de = req_attr(r, "dont-encrypt");
	int encrypt;
	size_t len;

	if (!cmds_check_args(c, r, "name password dont-encrypt encryption"))
		goto out;
	if (!cmds_need_policy(c, r, "write") ||
	    !cmds_need_policy(c, r, "sensitive"))
		goto out;
	if (name == NULL || *name == '\0') {
		struct stable *id;
		char d[32];

		pthread_rwlock_rdlock(&c->sim->db);
		id = sim_table(c->sim, "/system/identity");
		motion_fmt_date(c->sim, motion_wall(c->sim), d, sizeof d);
		free(name);
		name = xasprintf("%s-%s", id != NULL && id->n > 0 ?
		    row_get(id->rows[0], "name") : "MikroTik", d);
		pthread_rwlock_unlock(&c->sim->db);
	}
	/* 6.43+ encrypts unless told not to; older ones only with a
	 * password. */
	encrypt = !(de != NULL && (word_eq(de, "yes") || word_eq(de, "true") ||
	    de->len == 0));
	if (c->sim->prof < PROF_649 && (pw == NULL || *pw == '\0'))
		encrypt = 0;
	file = strlen(name) > 7 && strcmp(name + strlen(name) - 7,
	    ".backup") == 0 ? xstrdup(name) : xasprintf("%s.backup", name);
	data = backup_bytes(c->sim, encrypt, &len);
	pthread_rwlock_wrlock(&c->sim->db);
	files_put(c->sim, file, "backup", data, len);
	motion_log(c->sim, "system,info", "configuration backup saved by %s",
	    c->user != NULL ? c->user : "admin");
	pthread_rwlock_unlock(&c->sim->db);
	out_done(c, r->tag);
	free(data);
	free(file);
out:
	free(name);
	free(pw);
}

/* /file/read =file= =offset= =chunk-size= (7.13+). */
void
files_read(struct conn *c, struct req *r)
{
	char *name = req_attr_dup(r, "file");
	char *off = req_attr_dup(r, "offset");
	char *cs = req_attr_dup(r, "chunk-size");
	unsigned long long o = off != NULL ? strtoull(off, NULL, 10) : 0;
	unsigned long long n = cs != NULL ? strtoull(cs, NULL, 10) : 4096;
	struct stable *t;
	struct srow *row;
	const struct sfield *f;

	if (!cmds_check_args(c, r, "file offset chunk-size .proplist"))
		goto out;
	if (!cmds_need_policy(c, r, "read"))
		goto out;
	if (name == NULL) {
		out_missing(c, r->tag, "file");
		goto out;
	}
	if (n > READ_CHUNK_MAX) {
		out_trap(c, r->tag, 1, "value of chunk-size out of range "
		    "(0..32768)");
		out_done(c, r->tag);
		goto out;
	}
	pthread_rwlock_rdlock(&c->sim->db);
	t = sim_table(c->sim, "/file");
	row = table_find_name(t, name);
	f = row != NULL ? row_field(row, "contents") : NULL;
	if (row == NULL || (row_get(row, "type") != NULL &&
	    strcmp(row_get(row, "type"), "directory") == 0)) {
		pthread_rwlock_unlock(&c->sim->db);
		out_trap(c, r->tag, -1, "failure: no such file");
		out_done(c, r->tag);
		goto out;
	}
	out_begin(c, "!re", r->tag);
	if (f == NULL || o >= f->len)
		out_attr(c, "data", "", 0);
	else
		out_attr(c, "data", f->val + o, (size_t)(o + n > f->len ?
		    f->len - o : n));
	out_end(c);
	pthread_rwlock_unlock(&c->sim->db);
	out_done(c, r->tag);
out:
	free(name);
	free(off);
	free(cs);
}
