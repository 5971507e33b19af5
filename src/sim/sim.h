/*
 * sim.h: tikdeck-sim, a RouterOS API simulator.
 *
 * A struct sim is one simulated router: its tables, users, log and moving
 * counters.  Connections reach it through loopback listeners (plain "api" and
 * TLS "api-ssl", see sim_listen() and sim_run()) or through an fd the caller
 * already holds, e.g. one end of a socketpair (sim_serve_fd()), which is how
 * `tikdeck --demo` embeds it.  Every connection is served by its own thread;
 * the router state is shared by all of them, so a change made on one
 * connection is seen by the others and by their `listen` commands.
 */
#ifndef TIKDECK_SIM_H
#define TIKDECK_SIM_H

#include <stddef.h>
#include <stdint.h>

/* How api-ssl authenticates itself. */
enum sim_ssl_mode {
	SIM_SSL_CERT,	/* self-signed RSA certificate, TLS >= 1.2 */
	SIM_SSL_ADH	/* anonymous Diffie-Hellman only, TLS 1.2 at most */
};

struct sim_opts {
	const char	*profile;	/* "6.42", "6.49", "7.17", "7.18"; NULL = 7.18 */
	const char	*preset;	/* NULL or "soho" (seed 002), "chr" */
	uint64_t	 seed;		/* drives all generated data */
	int		 frozen;	/* no clock-driven movement */
	double		 frozen_at;	/* frozen: the clock stands this many
					 * simulated seconds after start */
	double		 speed;		/* clock multiplier; 0 = 1 */
	uint64_t	 routes;	/* generated BGP-like /ip/route rows */
	/* "NAME:PASSWORD[:GROUP]" and "NAME:POLICY,POLICY..." specs. */
	const char *const *users;
	size_t		 nusers;
	const char *const *groups;
	size_t		 ngroups;
	/* Fault injection. */
	size_t		 chunk;		/* write replies in pieces of this size */
	int		 latency_ms;	/* delay before each reply is written */
	uint64_t	 drop_after;	/* close after this many reply sentences */
	int		 garbage;	/* send a reserved byte 0xF8 after login */
	uint64_t	 garbage_after;	/* ... or after this many replies */
	uint64_t	 stall_after;	/* stop answering after N replies */
	int		 no_cancel;	/* ignore /cancel */
	int		 chunk_random;	/* write replies in random pieces */
	uint64_t	 conntrack;	/* generated /ip/firewall/connection rows */
	int		 verbose;	/* log connections and words to stderr */
	const char	*trace;		/* file of every word in and out (0600),
					 * secrets redacted; NULL: none */
};

struct sim;

/* Parse a profile name; returns 0, or -1 if unknown. */
int sim_profile_check(const char *name);

/* Create a router.  On a bad option (unknown profile or preset, bad user or
 * group spec) returns NULL and writes a message to err. */
struct sim *sim_new(const struct sim_opts *opts, char *err, size_t errlen);

/* Serve an already connected stream socket (plain API) in a background
 * thread; the simulator owns fd from now on and closes it.  Returns 0, or -1
 * if the router is shutting down (fd is then closed). */
int sim_serve_fd(struct sim *sim, int fd);

/* Open a loopback listener on port (0 = a free one); tls selects api-ssl in
 * the given mode.  Returns 0 and the bound port, or -1 with a message. */
int sim_listen(struct sim *sim, int tls, enum sim_ssl_mode mode, int port,
    int *bound, char *err, size_t errlen);

/* Write the api-ssl certificate (cert mode) as PEM.  Returns 0 or -1. */
int sim_write_cert(struct sim *sim, const char *path);

/* Accept connections on the listeners until stopfd becomes readable. */
int sim_run(struct sim *sim, int stopfd);

/* Stop every connection, wait for their threads and free the router. */
void sim_free(struct sim **sim);

#endif
