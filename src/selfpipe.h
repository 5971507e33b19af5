/*
 * selfpipe.h: signals turned into bytes on a pipe, so a poll() loop (the
 * console, batch mode) wakes up for them.  One per process.
 */
#ifndef TIKDECK_SELFPIPE_H
#define TIKDECK_SELFPIPE_H

#include <signal.h>

/* Create the pipe (non-blocking, close-on-exec); 0, or -1 with errno. */
int selfpipe_open(void);
/* The read end, for poll(). */
int selfpipe_fd(void);
/* Send sig to the pipe; the previous action goes to *old unless NULL. */
void selfpipe_catch(int sig, struct sigaction *old);
/* The next signal that arrived, or 0 when none is waiting. */
int selfpipe_next(void);
void selfpipe_close(void);

#endif
