/*
 * fakesrv.h: a scripted fake RouterOS API server for connection tests.
 *
 * It listens on 127.0.0.1 (port chosen by the kernel) in its own thread and
 * serves connections one after another, each driven by a section of a text
 * script or by a C callback.
 *
 * Script language: one directive per line; blank lines and lines whose
 * first word starts with '#' are ignored.
 *
 *   expect WORD...   Wait for the client's next sentence and match it.
 *                    Words match in order, except API words ".tag=..." which
 *                    may sit anywhere in the sentence (and must all be
 *                    accounted for).  ".tag=$A" matches any tag and stores
 *                    it in variable A.  A word ending in '*' matches any
 *                    word starting with what comes before it: "*" is any
 *                    one word, "=password=*" any password.
 *   send WORD...     Send one sentence.
 *   chunk N [MS]     Write what follows in N-byte pieces (0: whole), with
 *                    MS milliseconds between pieces.
 *   delay MS         Sleep.
 *   drop             Close the connection now.
 *   drop-mid         The next send writes only the first half of its
 *                    sentence, then closes the connection.
 *   raw HEX...       Send raw bytes ("00 05 21", "000521").
 *   expect-close     Wait for the client to close the connection.
 *   next             End of this connection: accept the next connection and
 *                    go on with the following lines.
 *
 * In words, "$NAME" expands to a variable captured by ".tag=$NAME" (names
 * are letters, digits and '_'); escapes are \xNN, \s (space), \t, \n, \r,
 * \\, \$ and \* (a literal star, even at the end).  A syntax error in a
 * script is a bug in the test: fakesrv_start_script aborts with a message.
 */
#ifndef TIKDECK_FAKESRV_H
#define TIKDECK_FAKESRV_H

#include <stddef.h>

#include "codec.h"

#if defined(__GNUC__)
#define FAKESRV_SENTINEL __attribute__((sentinel))
#else
#define FAKESRV_SENTINEL
#endif

struct fakesrv;
struct fakesrv_conn;

/* What a callback returns. */
enum {
	FAKESRV_CONTINUE = 0,	/* keep reading this connection */
	FAKESRV_CLOSE = 1	/* close it and wait for the next one */
};

/* Called on the server thread for each sentence a client sends, and once
 * with s == NULL when the client closes the connection.  s is valid only
 * during the call. */
typedef int (*fakesrv_cb)(struct fakesrv_conn *conn,
    const struct sentence *s, void *arg);

/* Start a server running script (copied). */
struct fakesrv *fakesrv_start_script(const char *script);
/* Start a server calling cb for every sentence, until fakesrv_finish. */
struct fakesrv *fakesrv_start_cb(fakesrv_cb cb, void *arg);
/* The TCP port on 127.0.0.1. */
int fakesrv_port(struct fakesrv *srv);

/* Wait up to timeout_ms for the script to run to its end (a callback
 * server is stopped at once), stop the thread and free the server.
 * Returns 0 if every script line ran and matched and no callback called
 * fakesrv_fail; otherwise -1 with a message in err naming the failed line
 * and what arrived instead. */
int fakesrv_finish(struct fakesrv **srv, int timeout_ms, char *err,
    size_t errlen);

/* For callbacks: reply with one sentence of C-string words (up to NULL). */
void fakesrv_reply(struct fakesrv_conn *conn, ...) FAKESRV_SENTINEL;
/* Reply with one sentence of byte-string words. */
void fakesrv_reply_words(struct fakesrv_conn *conn, const struct tword *w,
    size_t n);
/* Write raw bytes. */
void fakesrv_write(struct fakesrv_conn *conn, const void *p, size_t n);
/* Write in pieces of n bytes (0: whole), ms apart. */
void fakesrv_chunk(struct fakesrv_conn *conn, size_t n, int ms);
/* Record a failure for fakesrv_finish to report (the first one wins). */
void fakesrv_fail(struct fakesrv_conn *conn, const char *fmt, ...)
    TD_PRINTF(2, 3);
/* Which connection this is, counting from 0. */
int fakesrv_conn_index(const struct fakesrv_conn *conn);

#endif
