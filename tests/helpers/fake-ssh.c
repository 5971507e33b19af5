/*
 * fake-ssh.c: a stand-in for `ssh -W host:port jump` in the tests.  It
 * connects to host:port itself and relays stdin/stdout both ways until both
 * directions reach EOF.  Every other argument is ignored, as a jump host
 * would be.  Failures are reported on stderr like ssh does, with status 255.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int split_target(char *target, char **host, char **port);
static int dial(const char *host, const char *port);
static int write_all(int fd, const char *p, size_t n);
static void half_close(int fd);

/* "host:port", "[v6]:port" or bare "v6:port" (split at the last colon). */
static int
split_target(char *target, char **host, char **port)
{
	char *p;

	if (*target == '[') {
		p = strchr(target, ']');
		if (p == NULL || p[1] != ':')
			return -1;
		*p = '\0';
		*host = target + 1;
		*port = p + 2;
		return 0;
	}
	p = strrchr(target, ':');
	if (p == NULL)
		return -1;
	*p = '\0';
	*host = target;
	*port = p + 1;
	return 0;
}

static int
dial(const char *host, const char *port)
{
	struct addrinfo hints, *res, *ai;
	int fd = -1, r, e = ECONNREFUSED;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	r = getaddrinfo(host, port, &hints, &res);
	if (r != 0) {
		fprintf(stderr, "ssh: Could not resolve hostname %s: %s\n",
		    host, gai_strerror(r));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd == -1) {
			e = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		e = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1)
		fprintf(stderr, "ssh: connect to host %s port %s: %s\n", host,
		    port, strerror(e));
	return fd;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t r;

	while (n > 0) {
		r = write(fd, p, n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Pass EOF on: a socket gets a FIN, anything else is closed. */
static void
half_close(int fd)
{
	if (shutdown(fd, SHUT_WR) == -1)
		close(fd);
}

int
main(int argc, char **argv)
{
	char *target = NULL, *host, *port;
	struct pollfd pfd[2];
	char buf[65536];
	ssize_t n;
	int i, s;

	for (i = 1; i + 1 < argc; i++) {
		if (strcmp(argv[i], "-W") == 0) {
			target = argv[i + 1];
			break;
		}
	}
	if (target == NULL || split_target(target, &host, &port) == -1) {
		fprintf(stderr, "usage: fake-ssh -W host:port [ignored ...]\n");
		return 255;
	}
	s = dial(host, port);
	if (s == -1)
		return 255;
	signal(SIGPIPE, SIG_IGN);

	pfd[0].fd = 0;
	pfd[0].events = POLLIN;
	pfd[1].fd = s;
	pfd[1].events = POLLIN;
	while (pfd[0].fd != -1 || pfd[1].fd != -1) {
		if (poll(pfd, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			return 255;
		}
		if (pfd[0].fd != -1 && pfd[0].revents != 0) {
			n = read(0, buf, sizeof buf);
			if (n == -1 && errno == EINTR)
				continue;
			if (n <= 0) {
				half_close(s);
				pfd[0].fd = -1;
			} else if (write_all(s, buf, (size_t)n) == -1)
				return 255;
		}
		if (pfd[1].fd != -1 && pfd[1].revents != 0) {
			n = read(s, buf, sizeof buf);
			if (n == -1 && errno == EINTR)
				continue;
			if (n <= 0) {
				half_close(1);
				pfd[1].fd = -1;
			} else if (write_all(1, buf, (size_t)n) == -1)
				return 255;
		}
	}
	close(s);
	return 0;
}
