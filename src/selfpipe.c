/* selfpipe.c: signals as bytes on a pipe for poll() loops. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "selfpipe.h"

static int selfpipe[2] = { -1, -1 };

static void selfpipe_handler(int sig);

/* The handler: one byte per signal; a full pipe already means "wake up". */
static void
selfpipe_handler(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (write(selfpipe[1], &c, 1) < 0) {
		/* full: a wake-up is already queued */
	}
	errno = saved;
}

int
selfpipe_open(void)
{
	int i;

	if (selfpipe[0] != -1)
		return 0;
	if (pipe(selfpipe) == -1)
		return -1;
	for (i = 0; i < 2; i++) {
		fcntl(selfpipe[i], F_SETFL, O_NONBLOCK);
		fcntl(selfpipe[i], F_SETFD, FD_CLOEXEC);
	}
	return 0;
}

int
selfpipe_fd(void)
{
	return selfpipe[0];
}

void
selfpipe_catch(int sig, struct sigaction *old)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = selfpipe_handler;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, old);
}

int
selfpipe_next(void)
{
	unsigned char c;

	if (selfpipe[0] == -1 || read(selfpipe[0], &c, 1) != 1)
		return 0;
	return c;
}

void
selfpipe_close(void)
{
	if (selfpipe[0] != -1) {
		close(selfpipe[0]);
		close(selfpipe[1]);
	}
	selfpipe[0] = selfpipe[1] = -1;
}
