/* sim.c: a simulated router: creation, users and groups, change records. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "simint.h"

#define REBOOT_MS	1500

static int sim_parse_profile(const char *name, enum sim_profile *p);
static int sim_apply_user(struct sim *sim, const char *spec, char *err,
    size_t errlen);
static int sim_apply_group(struct sim *sim, const char *spec, char *err,
    size_t errlen);
static int addr_in(const char *list, uint32_t ip);

static const struct {
	const char		*name;
	enum sim_profile	 prof;
} profiles[] = {
	{ "6.42", PROF_642 },
	{ "6.49", PROF_649 },
	{ "7.17", PROF_717 },
	{ "7.18", PROF_718 },
};

/* Map a profile name. */
static int
sim_parse_profile(const char *name, enum sim_profile *p)
{
	size_t i;

	if (name == NULL) {
		*p = PROF_718;
		return 0;
	}
	for (i = 0; i < TD_ARRAY_LEN(profiles); i++) {
		if (strcmp(profiles[i].name, name) == 0) {
			*p = profiles[i].prof;
			return 0;
		}
	}
	return -1;
}

/* Check a profile name. */
int
sim_profile_check(const char *name)
{
	enum sim_profile p;

	return sim_parse_profile(name, &p);
}

/* Apply "NAME:PASSWORD[:GROUP]". */
static int
sim_apply_user(struct sim *sim, const char *spec, char *err, size_t errlen)
{
	char *s = xstrdup(spec), *pass, *group;

	pass = strchr(s, ':');
	if (pass == NULL || pass == s) {
		snprintf(err, errlen, "bad --user '%s': want NAME:PASSWORD"
		    "[:GROUP]", spec);
		free(s);
		return -1;
	}
	*pass++ = '\0';
	group = strrchr(pass, ':');
	if (group != NULL)
		*group++ = '\0';
	if (group != NULL && table_find_name(sim_table(sim, "/user/group"),
	    group) == NULL) {
		snprintf(err, errlen, "bad --user '%s': no group '%s'", spec,
		    group);
		free(s);
		return -1;
	}
	data_add_user(sim, s, pass, group != NULL ? group : "full");
	free(s);
	return 0;
}

/* Apply "NAME:POLICY,POLICY...". */
static int
sim_apply_group(struct sim *sim, const char *spec, char *err, size_t errlen)
{
	char *s = xstrdup(spec), *pol;

	pol = strchr(s, ':');
	if (pol == NULL || pol == s) {
		snprintf(err, errlen, "bad --group '%s': want NAME:POLICIES",
		    spec);
		free(s);
		return -1;
	}
	*pol++ = '\0';
	data_add_group(sim, s, pol);
	free(s);
	return 0;
}

/* Create a router. */
struct sim *
sim_new(const struct sim_opts *opts, char *err, size_t errlen)
{
	struct sim *sim;
	size_t i;

	sim = xcalloc(1, sizeof *sim);
	sim->o = *opts;
	if (sim_parse_profile(opts->profile, &sim->prof) != 0) {
		snprintf(err, errlen, "unknown profile '%s' (want 6.42, 6.49, "
		    "7.17 or 7.18)", opts->profile);
		free(sim);
		return NULL;
	}
	if (opts->preset != NULL && strcmp(opts->preset, "chr") != 0 &&
	    strcmp(opts->preset, "soho") != 0) {
		snprintf(err, errlen, "unknown preset '%s' (want soho or chr)",
		    opts->preset);
		free(sim);
		return NULL;
	}
	sim->chr = opts->preset != NULL && strcmp(opts->preset, "chr") == 0;
	sim->seed = opts->seed;
	sim->speed = opts->speed > 0 ? opts->speed : 1.0;
	pthread_rwlock_init(&sim->db, NULL);
	pthread_mutex_init(&sim->mu, NULL);
	pthread_cond_init(&sim->cond, NULL);
	pthread_mutex_init(&sim->trace_mu, NULL);
	sim->start_ms = now_ms();
	/* Frozen: a fixed clock, 2024-01-15 10:20:30 UTC. */
	sim->boot_wall = opts->frozen ? 1705314030 : (int64_t)time(NULL);
	sim->uptime0 = 3 * 86400 + 4 * 3600 + 12 * 60 + 33 +
	    (int64_t)(motion_hash(sim->seed, 1, 2) % 86400);
	if (sim->chr)
		sim->uptime0 = 47 + (int64_t)(motion_hash(sim->seed, 1, 2) %
		    60);
	sim->tables = xcalloc(sim_nmenus, sizeof *sim->tables);
	for (i = 0; i < sim_nmenus; i++) {
		sim->tables[i].m = &sim_menus[i];
		sim->tables[i].present = 1;
		sim->tables[i].next_id = 1;
	}
	for (i = 0; i < TD_ARRAY_LEN(sim->lfd); i++)
		sim->lfd[i] = -1;
	data_load(sim);
	for (i = 0; i < opts->ngroups; i++) {
		if (sim_apply_group(sim, opts->groups[i], err, errlen) != 0) {
			sim_free(&sim);
			return NULL;
		}
	}
	for (i = 0; i < opts->nusers; i++) {
		if (sim_apply_user(sim, opts->users[i], err, errlen) != 0) {
			sim_free(&sim);
			return NULL;
		}
	}
	if (opts->trace != NULL && trace_open(sim, opts->trace, err,
	    errlen) != 0) {
		sim_free(&sim);
		return NULL;
	}
	motion_start(sim);
	sched_start(sim);
	return sim;
}

/* The table at path, or NULL when the menu is absent on this router. */
struct stable *
sim_table(struct sim *sim, const char *path)
{
	int i = menu_index(path);

	if (i < 0 || !sim->tables[i].present)
		return NULL;
	return &sim->tables[i];
}

/* Does group grant policy? (db lock held) */
int
sim_has_policy(struct sim *sim, const char *group, const char *policy)
{
	struct stable *t = sim_table(sim, "/user/group");
	struct srow *r;
	const char *pol, *p;
	size_t n = strlen(policy);

	if (t == NULL || group == NULL)
		return 0;
	r = table_find_name(t, group);
	if (r == NULL || (pol = row_get(r, "policy")) == NULL)
		return 0;
	for (p = pol; *p != '\0';) {
		const char *end = strchr(p, ',');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);

		if (len == n && strncmp(p, policy, n) == 0)
			return 1;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* Record a change and wake the connections that listen. */
void
sim_changed(struct sim *sim, int menu, uint32_t id, int dead)
{
	struct sim_change *c;
	struct conn *k;
	uint64_t one = 1;

	pthread_mutex_lock(&sim->mu);
	sim->seq++;
	c = &sim->ring[sim->seq % SIM_CHANGES];
	c->seq = sim->seq;
	c->menu = menu;
	c->id = id;
	c->dead = dead;
	for (k = sim->conns; k != NULL; k = k->next) {
		if (k->listening && write(k->wakefd[1], &one,
		    sizeof one) < 0) {
			/* Full: a wake-up is already pending. */
		}
	}
	pthread_mutex_unlock(&sim->mu);
}

/* Stop everything and free the router. */
void
sim_free(struct sim **simp)
{
	struct sim *sim = *simp;
	struct conn *k;
	uint64_t one = 1;
	size_t i, j;

	if (sim == NULL)
		return;
	motion_stop(sim);
	sched_stop(sim);
	pthread_mutex_lock(&sim->mu);
	sim->stopping = 1;
	for (k = sim->conns; k != NULL; k = k->next) {
		shutdown(k->fd, SHUT_RDWR);
		if (write(k->wakefd[1], &one, sizeof one) < 0) {
			/* Already pending. */
		}
	}
	while (sim->nthreads > 0)
		pthread_cond_wait(&sim->cond, &sim->mu);
	pthread_mutex_unlock(&sim->mu);
	for (i = 0; i < TD_ARRAY_LEN(sim->lfd); i++)
		if (sim->lfd[i] >= 0)
			close(sim->lfd[i]);
	if (sim->ctx_cert != NULL)
		SSL_CTX_free(sim->ctx_cert);
	if (sim->ctx_adh != NULL)
		SSL_CTX_free(sim->ctx_adh);
	if (sim->cert != NULL)
		X509_free(sim->cert);
	if (sim->key != NULL)
		EVP_PKEY_free(sim->key);
	for (i = 0; i < sim_nmenus; i++) {
		for (j = 0; j < sim->tables[i].n; j++)
			row_free(sim->tables[i].rows[j]);
		free(sim->tables[i].rows);
	}
	free(sim->tables);
	journal_free(sim);
	pthread_rwlock_destroy(&sim->db);
	pthread_mutex_destroy(&sim->mu);
	pthread_cond_destroy(&sim->cond);
	trace_close(sim);
	pthread_mutex_destroy(&sim->trace_mu);
	free(sim);
	*simp = NULL;
}

/* Is ip in a comma list of addresses and prefixes? */
static int
addr_in(const char *list, uint32_t ip)
{
	const char *p = list;

	while (p != NULL && *p != '\0') {
		unsigned o[4], len = 32;
		uint32_t net, mask;
		int n = sscanf(p, "%u.%u.%u.%u/%u", &o[0], &o[1], &o[2], &o[3],
		    &len);

		if (n >= 4 && len <= 32) {
			net = (o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3];
			mask = len == 0 ? 0 : 0xFFFFFFFFu << (32 - len);
			if ((ip & mask) == (net & mask))
				return 1;
		}
		p = strchr(p, ',');
		if (p != NULL)
			p++;
	}
	return 0;
}

/* May a new connection from ip use the service (/ip/service row)? */
int
sim_service_allows(struct sim *sim, const char *service, uint32_t ip)
{
	struct stable *t;
	struct srow *r;
	const char *dis, *addr;
	int ok = 1;

	pthread_rwlock_rdlock(&sim->db);
	t = sim_table(sim, "/ip/service");
	r = t != NULL ? table_find_name(t, service) : NULL;
	if (r != NULL) {
		dis = row_get(r, "disabled");
		addr = row_get(r, "address");
		if (dis != NULL && strcmp(dis, "true") == 0)
			ok = -1;
		else if (addr != NULL && *addr != '\0' && !addr_in(addr, ip))
			ok = 0;
	}
	pthread_rwlock_unlock(&sim->db);
	return ok;
}

/* /system/reboot: every connection closes without a reply, listeners
 * refuse for REBOOT_MS, then the router is back with its uptime reset
 * (the configuration survives; safe-mode changes are unrolled). */
void
sim_reboot(struct sim *sim)
{
	struct conn *k;
	uint64_t one = 1;
	int64_t wall;

	pthread_mutex_lock(&sim->mu);
	sim->down_until = now_ms() + REBOOT_MS;
	for (k = sim->conns; k != NULL; k = k->next) {
		shutdown(k->fd, SHUT_RDWR);
		if (write(k->wakefd[1], &one, sizeof one) < 0) {
			/* Already pending. */
		}
	}
	pthread_mutex_unlock(&sim->mu);
	pthread_rwlock_wrlock(&sim->db);
	wall = motion_wall(sim) + REBOOT_MS / 1000;
	sim->start_ms = now_ms() + REBOOT_MS;
	if (!sim->o.frozen)
		sim->boot_wall = wall;
	sim->uptime0 = 0;
	data_fw_boot(sim, 1);
	motion_log(sim, "system,info", "router rebooted");
	sim->boots++;
	sched_reboot(sim);
	pthread_rwlock_unlock(&sim->db);
}
