/*
 * engine.h: the connection engine.
 *
 * One background I/O thread serves every router connection with poll().
 * The caller's thread (the UI, or batch mode) queues commands; the I/O thread
 * owns sockets, SSL, codec buffers, the tag table and timers, and answers
 * with events.  The two threads share only the two queues.
 *
 * A request is identified by a req_id allocated in the caller's thread and
 * names its owner by (view, generation), never by pointer.  Every request
 * ends with exactly one EV_DONE or EV_ERROR event; nothing waits forever.
 */
#ifndef TIKDECK_ENGINE_H
#define TIKDECK_ENGINE_H

#include <stdint.h>

#include "codec.h"
#include "rows.h"
#include "transport.h"

typedef uint32_t conn_id;	/* 0 is never a connection */
typedef uint64_t req_id;	/* 0 is never a request */

struct owner {
	uint32_t	view;
	uint32_t	gen;
};

struct conn_opts {
	struct transport_cfg	 tcfg;		/* strings are copied */
	const char		*user;
	const char		*password;	/* copied, wiped on close */
	int			 connect_timeout_ms;	/* per attempt, default 10 s */
	int			 attempts;	/* 1..10, default 1 */
	int			 request_timeout_ms;	/* default for requests; 0 none */
	int			 reconnect;	/* reconnect after a drop */
	int			 ping_interval_ms; /* latency probe / dead peer; 0 off */
	const char		*name;		/* for messages; default host */
};

enum conn_state {
	CONN_CONNECTING,
	CONN_LOGGING_IN,
	CONN_READY,
	CONN_RECONNECTING,	/* dropped, waiting to retry */
	CONN_FAILED,		/* gave up; see err and message */
	CONN_CLOSED		/* engine_disconnect() finished */
};

enum conn_error {
	CERR_NONE,
	CERR_CONNECT,		/* refused, unreachable, resolve */
	CERR_TIMEOUT,		/* connect or login timed out */
	CERR_TLS,		/* handshake failure */
	CERR_TLS_TRUST,		/* certificate not trusted */
	CERR_LOGIN,		/* the router refused the login */
	CERR_PROTOCOL,		/* malformed reply */
	CERR_FATAL,		/* the router sent !fatal */
	CERR_CLOSED		/* the peer closed the connection */
};

/* Request options. */
#define REQ_STREAM	0x1	/* long-running: no default timeout */
#define REQ_RESUME	0x2	/* re-issue after a reconnect */
#define REQ_COUNT	0x8	/* only count !re: EV_ROWS batches carry nrows
				 * and no data */
#define REQ_NOW		0x10	/* fails (RERR_NOT_CONNECTED) instead of
				 * waiting when the connection is not ready:
				 * writes, never sent later behind the
				 * user's back */

struct req_opts {
	unsigned	flags;
	int		timeout_ms;	/* 0: the connection's default */
};

enum req_error {
	RERR_NONE,
	RERR_DISCONNECTED,	/* connection dropped while in flight */
	RERR_TIMEOUT,
	RERR_FATAL,		/* router sent !fatal */
	RERR_NOT_CONNECTED,	/* connection failed or was closed */
	RERR_PROTOCOL
};

struct trap {
	char	*message;
	int	 category;	/* -1 when absent */
};

enum event_type {
	EV_CONN_STATE,	/* conn, state, err, message, peer */
	EV_ROWS,	/* req, rows: a batch of !re */
	EV_DONE,	/* req: !done arrived; ret, traps, empty, cancelled */
	EV_ERROR,	/* req: failed without !done; rerr, message */
	EV_RESTART,	/* req: re-issued after a reconnect, rows start over */
	EV_LATENCY	/* conn: latency_ms of the last probe; message: the
			 * router's identity it returned (or NULL) */
};

struct event {
	enum event_type	 type;
	conn_id		 conn;
	req_id		 req;
	struct owner	 owner;

	enum conn_state	 state;
	enum conn_error	 cerr;
	struct tls_peer	*peer;		/* TLS details, when known */

	struct rowbatch	*rows;

	char		*ret;		/* !done =ret=, or NULL */
	struct trap	*traps;
	size_t		 ntraps;
	int		 empty;		/* !empty was seen */
	int		 cancelled;	/* ended by engine_cancel() */

	enum req_error	 rerr;
	char		*message;	/* human-readable, may be NULL */
	int		 latency_ms;
};

void event_free(struct event **e);

struct engine;

struct engine *engine_new(void);
/* Stops the I/O thread; pending requests are dropped silently. */
void engine_free(struct engine **e);

/* Readable when events are queued (poll it with POLLIN). */
int engine_event_fd(struct engine *e);
/* Next queued event or NULL.  The caller frees it with event_free(). */
struct event *engine_next_event(struct engine *e);
/* Wait up to timeout_ms (-1: forever) for the next event. */
struct event *engine_wait_event(struct engine *e, int timeout_ms);

conn_id engine_connect(struct engine *e, const struct conn_opts *o);
void engine_disconnect(struct engine *e, conn_id c);

/* Send a command: words[0] is the command word, the rest attribute, query
 * and API words; .tag is added by the engine.  Words are copied. */
req_id engine_send(struct engine *e, conn_id c, struct owner owner,
    const struct req_opts *ro, const struct tword *words, size_t n);
req_id engine_send_strs(struct engine *e, conn_id c, struct owner owner,
    const struct req_opts *ro, const char *const *words, size_t n);
/* /cancel a request; it ends with EV_DONE cancelled=1 (or EV_ERROR). */
void engine_cancel(struct engine *e, req_id r);

/* Human-readable names, for messages. */
const char *conn_state_name(enum conn_state s);
const char *conn_error_name(enum conn_error e);

#endif
