/*
 * simint.h: internals shared by the simulator's files.  Not a public
 * interface: only src/sim/ includes it.
 *
 * Locking: sim->db (a rwlock) guards every table, the user list and the log;
 * sim->mu guards the change ring and the connection list.  Take db before mu,
 * never the other way round, and never hold either while writing to a socket.
 */
#ifndef TIKDECK_SIMINT_H
#define TIKDECK_SIMINT_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include <openssl/ssl.h>

#include "codec.h"
#include "sim.h"
#include "util.h"

enum sim_profile { PROF_642, PROF_649, PROF_717, PROF_718 };

/* ---- rows, tables, rendered views (table.c) ------------------------- */

struct sfield {
	char		*name;
	char		*val;
	uint32_t	 len;
};

struct srow {
	uint32_t	 id;
	size_t		 n;
	size_t		 cap;
	struct sfield	*f;
};

/* Menu flags. */
#define MF_NAMED	0x01	/* "name" values work as ids */
#define MF_NOADD	0x02
#define MF_NOREMOVE	0x04
#define MF_MOVABLE	0x08
#define MF_READONLY	0x10	/* print/getall/listen only */
#define MF_SINGLE	0x20	/* singleton: one row, no .id */
#define MF_LOG		0x40	/* /log: rows appended by the router */
#define MF_ROUTES	0x80	/* /ip/route: plus the generated rows */
#define MF_DYNREMOVE	0x100	/* dynamic rows may be removed */
#define MF_CONNTRACK	0x200	/* /ip/firewall/connection: generated rows */
#define MF_V7		0x400	/* RouterOS 7 profiles only */

struct sim;
struct kvlist;
struct stable;

struct menu {
	const char	*path;
	unsigned	 flags;
	const char	*fields;	/* writable, space separated */
	const char	*keys;		/* unique together, space separated */
	const char	*dupmsg;
	const char	*ifrefs;	/* fields naming an interface */
	const char	*defaults;	/* "k=v|k=v" applied on add */
	const char	*hidden;	/* never printed (password) */
	const char	*label;		/* for log lines: "address" */
	/* Recompute derived fields after add/set. */
	void	(*fixup)(struct sim *, struct stable *, struct srow *);
	/* Add clock-driven fields to a rendered row. */
	void	(*render)(struct sim *, const struct srow *, struct kvlist *);
	/* Argument types for /console/inspect and export, "name:TYPE ..."
	 * over the defaults of menus.c (see the TYPE grammar there). */
	const char	*types;
};

struct stable {
	const struct menu *m;
	int		 present;
	struct srow	**rows;
	size_t		 n;
	size_t		 cap;
	uint32_t	 next_id;
};

/* A rendered row: names and values pointing into rows or a private arena. */
struct kv {
	const char	*name;
	const char	*val;
	uint32_t	 len;
};

struct kvblock;

struct kvlist {
	struct kv	*v;
	size_t		 n;
	size_t		 cap;
	struct kvblock	*blocks;	/* arena for formatted values */
	struct kvblock	*cur;
};

void kvl_init(struct kvlist *l);
void kvl_free(struct kvlist *l);
void kvl_reset(struct kvlist *l);
/* Set name (replacing an existing entry) to a value that outlives l. */
void kvl_set(struct kvlist *l, const char *name, const char *val,
    uint32_t len);
/* Set name to a formatted value copied into l's arena. */
void kvl_setf(struct kvlist *l, const char *name, const char *fmt, ...)
    TD_PRINTF(3, 4);
const struct kv *kvl_get(const struct kvlist *l, const char *name);
void kvl_del(struct kvlist *l, const char *name);

/* Row helpers. */
struct srow *row_new(uint32_t id);
void row_free(struct srow *r);
const char *row_get(const struct srow *r, const char *name);
const struct sfield *row_field(const struct srow *r, const char *name);
void row_set(struct srow *r, const char *name, const char *val, uint32_t len);
void row_sets(struct srow *r, const char *name, const char *val);
void row_setf(struct srow *r, const char *name, const char *fmt, ...)
    TD_PRINTF(3, 4);
void row_del(struct srow *r, const char *name);
/* Order a new row's fields like tmpl (or the menu's field list). */
void row_order_like(struct srow *r, const struct srow *tmpl,
    const char *fields);
/* Fill r from "k=v|k=v". */
void row_parse(struct srow *r, const char *spec);

/* Table helpers (db lock held). */
struct srow *table_add(struct stable *t, const char *spec);
struct srow *table_find_id(const struct stable *t, uint32_t id);
struct srow *table_find_name(const struct stable *t, const char *name);
size_t table_index(const struct stable *t, const struct srow *r);
void table_remove_at(struct stable *t, size_t i);
void table_insert_at(struct stable *t, size_t i, struct srow *r);
/* Render a stored row: .id first (unless singleton), then the fields, then
 * the menu's clock-driven fields. */
void table_render(struct sim *sim, const struct stable *t,
    const struct srow *r, struct kvlist *out);

/* ---- menus (menus.c) ------------------------------------------------ */

extern const struct menu sim_menus[];
extern const size_t sim_nmenus;

int menu_index(const char *path);
int menu_is_dir(const char *path);
int menu_field_ok(const struct menu *m, const char *name);
int menu_field_in(const char *list, const char *name);
/* The TYPE of argument name of m ("str" when unknown); a pointer into a
 * static string, *len its length. */
const char *menu_field_type(const struct menu *m, const char *name,
    size_t *len);
/* The one-line help text of argument name. */
const char *menu_field_help(const char *name);
/* Human form of a TYPE: "IP prefix", "integer 0..65535", "yes | no". */
char *menu_type_text(const char *type, size_t len);

/* Commands that are not generic menu commands (menus.c). */
struct xcmd {
	const char	*path;
	const char	*args;		/* "name:TYPE ..." */
	int		 minprof;	/* enum sim_profile */
};

extern const struct xcmd sim_xcmds[];
extern const size_t sim_nxcmds;

/* ---- the router ----------------------------------------------------- */

struct sim_change {
	uint64_t	 seq;
	int		 menu;
	uint32_t	 id;
	int		 dead;
};

#define SIM_CHANGES	4096

struct conn;

struct sim {
	struct sim_opts	 o;
	enum sim_profile prof;
	int		 chr;
	uint64_t	 seed;
	double		 speed;

	pthread_rwlock_t db;
	struct stable	*tables;	/* parallel to sim_menus */
	uint32_t	 log_next;

	pthread_mutex_t	 mu;
	pthread_cond_t	 cond;
	struct sim_change ring[SIM_CHANGES];
	uint64_t	 seq;		/* last change number */
	struct conn	*conns;
	int		 nthreads;
	int		 stopping;

	int64_t		 start_ms;	/* monotonic start */
	int64_t		 boot_wall;	/* router wall clock at start, s */
	int64_t		 uptime0;	/* uptime at start, s */

	pthread_t	 motion;
	int		 motion_on;
	int		 motion_pipe[2];

	/* Change journal: /system/history, /undo, safe mode (safemode.c). */
	struct journal	*journal;
	size_t		 njournal;
	uint64_t	 journal_group;
	struct conn	*safe_conn;	/* holder of safe mode (db lock) */

	/* Scheduler thread (sched.c). */
	pthread_t	 sched;
	int		 sched_on;
	int		 sched_pipe[2];
	struct sched_due *due;
	size_t		 ndue;

	/* Reboot: listeners refuse until this monotonic ms (mu). */
	int64_t		 down_until;
	uint64_t	 boots;

	/* Listeners. */
	int		 lfd[4];
	int		 ltls[4];
	int		 nl;
	SSL_CTX		*ctx_cert;
	SSL_CTX		*ctx_adh;
	X509		*cert;
	EVP_PKEY	*key;

	/* --trace FILE (trace.c); trace_mu guards the stream. */
	FILE		*trace;
	pthread_mutex_t	 trace_mu;
	uint32_t	 nconns;	/* connections so far (mu) */
};

/* ---- clock and movement (motion.c) ---------------------------------- */

/* Seconds of simulated time since start (0 when frozen). */
double motion_elapsed(const struct sim *sim);
/* Router wall clock, s since the epoch. */
int64_t motion_wall(const struct sim *sim);
/* Date-time / date in the profile's format. */
void motion_fmt_datetime(const struct sim *sim, int64_t t, char *out,
    size_t len);
void motion_fmt_date(const struct sim *sim, int64_t t, char *out, size_t len);
void motion_fmt_time(int64_t t, char *out, size_t len);
void motion_fmt_duration(int64_t s, char *out, size_t len);
/* Deterministic 64-bit hash of the seed and a few values. */
uint64_t motion_hash(uint64_t seed, uint64_t a, uint64_t b);
/* Interface traffic: bytes/s and packets/s now, and counters. */
void motion_iface_rate(const struct sim *sim, uint32_t idx, int tx,
    double *bps, double *pps);
uint64_t motion_iface_counter(const struct sim *sim, uint32_t idx, int tx,
    int packets);
/* Start / stop the background log generator. */
void motion_start(struct sim *sim);
void motion_stop(struct sim *sim);
/* Append a log line (db write lock held); notifies listeners. */
void motion_log(struct sim *sim, const char *topics, const char *fmt, ...)
    TD_PRINTF(3, 4);

/* ---- data (data.c) -------------------------------------------------- */

void data_load(struct sim *sim);
void data_add_user(struct sim *sim, const char *name, const char *pass,
    const char *group);
void data_add_group(struct sim *sim, const char *name, const char *policy);
/* Render hooks used by the menu table. */
void data_render_iface(struct sim *, const struct srow *, struct kvlist *);
void data_render_fw(struct sim *, const struct srow *, struct kvlist *);
/* Firewall counters: hidden fields of a rule, the simulated second its
 * stored bytes/packets were taken (present while it counts) and its
 * matching rate in bytes/s. */
#define FW_SINCE	".sim-since"
#define FW_RATE		".sim-rate"
#define FW_HIDDEN	FW_SINCE " " FW_RATE
void data_fixup_fw(struct sim *, struct stable *, struct srow *);
/* Set the counters up at boot (reset: from zero, after a reboot). */
void data_fw_boot(struct sim *sim, int reset);
void data_render_resource(struct sim *, const struct srow *, struct kvlist *);
void data_render_clock(struct sim *, const struct srow *, struct kvlist *);
void data_fixup_address(struct sim *, struct stable *, struct srow *);

/* ---- change notification (sim.c) ------------------------------------ */

/* Record a change (db write lock held) and wake listening connections. */
void sim_changed(struct sim *sim, int menu, uint32_t id, int dead);
struct stable *sim_table(struct sim *sim, const char *path);
int sim_has_policy(struct sim *sim, const char *group, const char *policy);

/* ---- generated routes (routes.c) ------------------------------------ */

uint64_t routes_count(const struct sim *sim);
/* Render generated row i into l. */
void routes_render(const struct sim *sim, uint64_t i, struct kvlist *l);
/* Append the full !re sentence of row i (fast path); returns bytes added. */
size_t routes_encode(const struct sim *sim, uint64_t i, const char *tag,
    size_t taglen, struct buf *out);
/* Generated row index holding prefix dst ("a.b.c.d/len"), or -1. */
int64_t routes_find_dst(const struct sim *sim, const char *dst);
/* Generated row index for an id, or -1. */
int64_t routes_index_of(const struct sim *sim, uint32_t id);
#define ROUTES_ID_BASE	0x40000000u

/* ---- queries (query.c) ---------------------------------------------- */

struct query;

struct query *query_new(const struct tword *w, size_t n);
void query_free(struct query **q);
int query_empty(const struct query *q);
/* The value of a query that is exactly one "?name=value", else NULL. */
const char *query_single_eq(const struct query *q, const char *name);
/* Evaluate against a rendered row. */
int query_match(const struct query *q, const struct kvlist *row);

/* ---- connections (session.c, server.c) ------------------------------ */

struct cmd;
struct journal;
struct sched_due;

struct conn {
	struct sim	*sim;
	uint32_t	 num;		/* 1, 2, ... in arrival order */
	int		 fd;
	SSL		*ssl;
	int		 wakefd[2];	/* [0] read, [1] write (eventfd: same) */
	int		 listening;	/* guarded by sim->mu */
	struct conn	*next;		/* sim->conns */
	char		 peer[64];
	struct codec	*codec;
	struct buf	 out;
	uint64_t	 nsent;		/* reply sentences written */
	int		 muted;		/* drop-after reached */
	int		 stalled;	/* stall-after reached */
	int		 blackhole;	/* service address refused: no answers */
	uint32_t	 peer_ip;	/* host order; 0 when not IPv4 */
	int		 tls;
	uint64_t	 npre;		/* sentences before login */
	int		 virt;		/* script runner: no socket */
	int		 closing;
	int		 logged_in;
	char		*user;
	char		*group;
	unsigned char	 challenge[16];
	int		 have_challenge;
	uint32_t	 active_id;	/* /user/active row */
	struct cmd	*cmds;
	unsigned int	 rnd;
};

/* A parsed request sentence. */
struct attr {
	struct tword	 name;
	struct tword	 val;
};

struct req {
	struct tword	 cmd;
	char		*tag;		/* NULL: untagged */
	struct attr	*a;
	size_t		 na;
	struct tword	*q;		/* query words, '?' stripped */
	size_t		 nq;
	int		 badword;	/* a word without a known prefix */
};

/* Per-connection entry point (own thread). */
void session_run(struct conn *c);

/* Reply output (session.c). */
void out_begin(struct conn *c, const char *word, const char *tag);
void out_attr(struct conn *c, const char *name, const char *val,
    size_t len);
void out_attrs(struct conn *c, const char *name, const char *val);
void out_end(struct conn *c);
void out_done(struct conn *c, const char *tag);
void out_done_ret(struct conn *c, const char *tag, const char *ret);
void out_empty(struct conn *c, const char *tag);
void out_trap(struct conn *c, const char *tag, int category,
    const char *msg);
/* "missing value(s) of argument(s) ARGS" as a trap, then !done. */
void out_missing(struct conn *c, const char *tag, const char *args);
/* Print one rendered row as !re, filtered by proplist (may be NULL). */
void out_row(struct conn *c, const char *tag, const struct kvlist *row,
    char **proplist, size_t nprop, int64_t section);
/* Write out what is buffered; returns -1 when the connection must close. */
int out_flush(struct conn *c);

const struct tword *req_attr(const struct req *r, const char *name);
char *req_attr_dup(const struct req *r, const char *name);

/* ---- commands (cmds.c, stream.c) ------------------------------------ */

enum cmd_kind {
	CMD_LISTEN,	/* listen, print follow / follow-only */
	CMD_INTERVAL,	/* print =interval= */
	CMD_GENPRINT,	/* print of generated routes, in slices */
	CMD_MONITOR,	/* /interface/monitor-traffic */
	CMD_PING,	/* /ping */
	CMD_TORCH,	/* /tool/torch */
	CMD_TRACE,	/* /tool/traceroute */
	CMD_TAIL	/* cancelled: the late !done still to come */
};

struct cmd {
	enum cmd_kind	 kind;
	char		*tag;
	int		 menu;
	struct query	*q;
	char		**prop;
	size_t		 nprop;
	int64_t		 due;		/* monotonic ms */
	int64_t		 period;	/* ms */
	uint64_t	 section;
	uint64_t	 sent;		/* !re sent */
	uint64_t	 seq;		/* change ring position */
	uint64_t	 cursor;	/* generated rows */
	uint64_t	 limit;		/* ping count, 0 = forever */
	int		 logonly;	/* follow: additions only (/log) */
	char		**ifaces;	/* monitor-traffic */
	size_t		 nifaces;
	/* ping */
	char		*host;
	uint32_t	 addr;
	int		 timeout;
	int		 size;
	uint64_t	 received;
	double		 rtt_min, rtt_max, rtt_sum;
	/* torch filters */
	char		*tport;
	char		*tproto;
	int		 tcols;		/* bit set of classifier columns */
	struct cmd	*next;
};

/* Dispatch one request (a complete sentence from a logged-in client). */
void cmds_dispatch(struct conn *c, struct req *r);
/* Start the streaming commands. */
void stream_monitor(struct conn *c, struct req *r);
void stream_ping(struct conn *c, struct req *r);
void stream_listen(struct conn *c, struct req *r, int menu, int backlog,
    int logonly);
void stream_interval(struct conn *c, struct req *r, int menu, int64_t ms);
void stream_genprint(struct conn *c, struct req *r, int menu,
    uint64_t sentstatic);
/* Run what is due; returns the ms until the next due stream (-1: none). */
int64_t stream_tick(struct conn *c);
/* Print one full pass of menu (for interval and follow backlogs). */
uint64_t cmds_print_pass(struct conn *c, int menu, const char *tag,
    const struct query *q, char **prop, size_t nprop, int64_t section);
void cmd_free(struct cmd *k);
void cmd_attach(struct conn *c, struct cmd *k);
/* Build a cmd with the request's tag, query and proplist. */
struct cmd *cmd_new(struct req *r, enum cmd_kind kind, int menu);
int64_t parse_duration_ms(const char *s, int64_t dflt);
char **split_list(const char *s, size_t *n);
/* Generic checks shared with the new command files (cmds.c). */
int cmds_menu_has(const struct menu *m, const char *name);
const char *cmds_generic_name(size_t i);
int cmds_need_policy(struct conn *c, struct req *r, const char *policy);
int cmds_check_args(struct conn *c, struct req *r, const char *allowed);
void cmds_unknown_menu(struct conn *c, struct req *r, const char *dir);
/* Rows named by a comma list of ids or names (db lock held). */
struct srow **cmds_resolve_ids(struct sim *sim, struct stable *t,
    const struct tword *ids, size_t *n, int *generated);

/* ---- /console/inspect (inspect.c) ----------------------------------- */

void inspect_cmd(struct conn *c, struct req *r);

/* ---- export, backup, files (export.c, files.c) ---------------------- */

/* The export text of the menus under prefix ("" for all); free it. */
char *export_text(struct sim *sim, const char *prefix);
void export_cmd(struct conn *c, struct req *r, const char *prefix);
void files_backup_save(struct conn *c, struct req *r);
void files_read(struct conn *c, struct req *r);
/* Create or replace a /file row with contents (db write lock held). */
void files_put(struct sim *sim, const char *name, const char *type,
    const char *data, size_t len);
void files_render(struct sim *, const struct srow *, struct kvlist *);

/* ---- scripts and the scheduler (script.c, sched.c) ------------------ */

/* Run a CLI script as user/group; output (":put", export) goes to out.
 * Returns 0, or -1 with a message in err (first failing line). */
int script_run(struct sim *sim, const char *user, const char *group,
    const char *src, struct buf *out, char *err, size_t errlen);
void script_execute(struct conn *c, struct req *r);
void script_run_cmd(struct conn *c, struct req *r);
void sched_start(struct sim *sim);
void sched_stop(struct sim *sim);
/* Reschedule after a reboot: startup entries run again (db lock held). */
void sched_reboot(struct sim *sim);

/* ---- journal, history, undo, safe mode (safemode.c) ----------------- */

/* Before changing table t: snapshot it for undo (db write lock held). */
void journal_note(struct sim *sim, struct conn *c, struct stable *t,
    const char *action);
/* A new group of journal entries (one client command). */
void journal_begin(struct sim *sim);
void journal_free(struct sim *sim);
void safemode_cmd(struct conn *c, struct req *r, const char *what);
void undo_cmd(struct conn *c, struct req *r);
/* The session ends: unroll its safe-mode changes if it holds safe mode. */
void safemode_session_end(struct conn *c);

/* ---- services, reboot (server.c, sim.c) ----------------------------- */

/* May a new connection from ip reach service ("api" / "api-ssl")?
 * 1 yes, 0 silently dropped, -1 refused (service disabled). */
int sim_service_allows(struct sim *sim, const char *service, uint32_t ip);
void sim_reboot(struct sim *sim);

/* ---- torch, traceroute, connection tracking (torch.c, conntrack.c) -- */

void torch_start(struct conn *c, struct req *r);
void trace_start(struct conn *c, struct req *r);
int torch_tick(struct conn *c, struct cmd *k);
int trace_tick(struct conn *c, struct cmd *k);
uint64_t conntrack_count(const struct sim *sim);
void conntrack_render(const struct sim *sim, uint64_t i, struct kvlist *l);
#define CONNTRACK_ID_BASE	0x60000000u

/* ---- --trace FILE (trace.c) ---------------------------------------- */

int trace_open(struct sim *sim, const char *path, char *err, size_t errlen);
void trace_close(struct sim *sim);
/* A connection event line ("---"). */
void trace_event(struct conn *c, const char *fmt, ...) TD_PRINTF(2, 3);
/* A received sentence ("<<<"). */
void trace_in(struct conn *c, const struct sentence *s);
/* Encoded reply bytes about to be written (">>>"). */
void trace_out(struct conn *c, const char *p, size_t n);

#endif
