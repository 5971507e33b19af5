/*
 * route_rate.c: a raw-socket reader that measures how fast tikdeck-sim
 * streams a full /ip/route print.
 *
 * usage: route_rate PORT [USER [PASSWORD]]
 * Logs in on 127.0.0.1:PORT, sends /ip/route/print and walks every word's
 * length prefix (no copying, no decoding of values), counting sentences that
 * start with "!re" until the !done.  Prints one line:
 *   rows N bytes B seconds S rows_per_s R
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUFSZ	(8u << 20)

static double mono(void);
static void put_word(char *out, size_t *n, const char *w);
static int send_all(int fd, const char *p, size_t n);

/* Seconds on the monotonic clock. */
static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Append a short word (< 128 bytes). */
static void
put_word(char *out, size_t *n, const char *w)
{
	size_t len = strlen(w);

	out[(*n)++] = (char)len;
	memcpy(out + *n, w, len);
	*n += len;
}

/* Write everything. */
static int
send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sin;
	char req[512], *buf;
	size_t n = 0, have = 0, pos = 0;
	unsigned long long rows = 0, bytes = 0;
	int fd, first = 1, done = 0, stage = 0;
	char name[140], pass[140];
	double t0 = 0, dt;

	if (argc < 2) {
		fprintf(stderr, "usage: route_rate PORT [USER [PASSWORD]]\n");
		return 2;
	}
	snprintf(name, sizeof name, "=name=%s", argc > 2 ? argv[2] : "admin");
	snprintf(pass, sizeof pass, "=password=%s", argc > 3 ? argv[3] : "");
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)atoi(argv[1]));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof sin) != 0) {
		perror("route_rate: connect");
		return 1;
	}
	put_word(req, &n, "/login");
	put_word(req, &n, name);
	put_word(req, &n, pass);
	req[n++] = 0;
	put_word(req, &n, "/ip/route/print");
	req[n++] = 0;
	if (send_all(fd, req, n) != 0)
		return 1;
	buf = malloc(BUFSZ);
	if (buf == NULL)
		return 1;
	/* Walk words; stage 0 is the login reply, stage 1 the print. */
	while (!done) {
		ssize_t r;

		if (pos > 0) {
			memmove(buf, buf + pos, have - pos);
			have -= pos;
			pos = 0;
		}
		r = read(fd, buf + have, BUFSZ - have);
		if (r <= 0) {
			fprintf(stderr, "route_rate: connection closed\n");
			return 1;
		}
		if (stage == 1)
			bytes += (unsigned long long)r;
		have += (size_t)r;
		for (;;) {
			unsigned char b;
			size_t pre, len;

			if (pos >= have)
				break;
			b = (unsigned char)buf[pos];
			if (b < 0x80) {
				pre = 1;
				len = b;
			} else if (b < 0xC0) {
				if (have - pos < 2)
					break;
				pre = 2;
				len = ((size_t)(b & 0x3F) << 8) |
				    (unsigned char)buf[pos + 1];
			} else if (b < 0xE0) {
				if (have - pos < 3)
					break;
				pre = 3;
				len = ((size_t)(b & 0x1F) << 16) |
				    ((size_t)(unsigned char)buf[pos + 1] << 8) |
				    (unsigned char)buf[pos + 2];
			} else {
				fprintf(stderr, "route_rate: unexpected long "
				    "word\n");
				return 1;
			}
			if (have - pos < pre + len)
				break;
			if (len == 0) {
				first = 1;
				pos += pre;
				continue;
			}
			if (first) {
				const char *w = buf + pos + pre;

				if (len == 3 && memcmp(w, "!re", 3) == 0)
					rows++;
				else if (len == 5 && memcmp(w, "!done", 5) == 0) {
					if (stage == 0) {
						stage = 1;
						t0 = mono();
						/* Count bytes from here on. */
						bytes = have - pos - pre - len;
					} else
						done = 1;
				} else if (len == 5 &&
				    memcmp(w, "!trap", 5) == 0) {
					fprintf(stderr, "route_rate: trap\n");
					return 1;
				}
				first = 0;
			}
			pos += pre + len;
		}
	}
	dt = mono() - t0;
	printf("rows %llu bytes %llu seconds %.3f rows_per_s %.0f\n", rows,
	    bytes, dt, (double)rows / dt);
	free(buf);
	close(fd);
	return 0;
}
