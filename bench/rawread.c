/*
 * rawread.c: the baseline: log in, send the print, and read the reply's
 * bytes from the socket without decoding them.
 *
 *   rawread PORT BYTES      prints "raw BYTES bytes in S s"
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "benchlib.h"
#include "codec.h"

int
main(int argc, char **argv)
{
	struct sockaddr_in sa;
	struct buf b;
	size_t want, got = 0;
	static char tmp[1 << 20];
	double t0;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: rawread PORT BYTES\n");
		return 2;
	}
	want = strtoull(argv[2], NULL, 10);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((uint16_t)atoi(argv[1]));
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		perror("rawread: connect");
		return 1;
	}
	buf_init(&b);
	codec_put_str(&b, "/login");
	codec_put_word(&b, NULL, 0);
	if (write(fd, b.p, b.len) != (ssize_t)b.len)
		return 1;
	if (read(fd, tmp, 7) != 7)	/* "!done" + terminator */
		return 1;
	buf_reset(&b);
	codec_put_str(&b, "/ip/route/print");
	codec_put_str(&b, ".tag=1");
	codec_put_word(&b, NULL, 0);
	t0 = seconds();
	if (write(fd, b.p, b.len) != (ssize_t)b.len)
		return 1;
	while (got < want) {
		ssize_t n = read(fd, tmp, sizeof tmp);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	printf("raw %zu bytes in %.3f s\n", got, seconds() - t0);
	buf_free(&b);
	close(fd);
	return got == want ? 0 : 1;
}
