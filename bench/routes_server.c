/*
 * routes_server.c: a benchmark peer that answers a print with a
 * pre-encoded reply of N /ip/route rows (shaped as a RouterOS 7 BGP table),
 * so the client under test is the only thing measured.
 *
 *   routes-server [--rows N] [--port P]
 * prints "port P bytes B rows N" and serves connections one after another:
 * /login gets !done, any other command gets the rows and !done.  The rows
 * carry .tag=T when the command had tag T (T must be 1 to use the
 * pre-encoded buffer; other tags are re-encoded on the fly).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "codec.h"

static void route_row(struct buf *b, uint32_t i, const char *tag);
static int write_all(int fd, const char *p, size_t n);
static void serve(int fd, const struct buf *pre, uint32_t rows);

/* One row, deterministic from its index. */
static void
route_row(struct buf *b, uint32_t i, const char *tag)
{
	char w[128];
	uint32_t net = 0x01000000u + i * 256u;
	unsigned gw = 1 + i % 4;

	codec_put_str(b, "!re");
	if (tag != NULL) {
		snprintf(w, sizeof w, ".tag=%s", tag);
		codec_put_str(b, w);
	}
	snprintf(w, sizeof w, "=.id=*%X", 0x30000000u + i);
	codec_put_str(b, w);
	snprintf(w, sizeof w, "=dst-address=%u.%u.%u.0/24", net >> 24,
	    (net >> 16) & 255, (net >> 8) & 255);
	codec_put_str(b, w);
	codec_put_str(b, "=routing-table=main");
	snprintf(w, sizeof w, "=gateway=185.1.%u.%u", 10 + gw, 200 + gw);
	codec_put_str(b, w);
	snprintf(w, sizeof w, "=immediate-gw=185.1.%u.%u%%sfp-sfpplus%u",
	    10 + gw, 200 + gw, gw);
	codec_put_str(b, w);
	codec_put_str(b, "=distance=20");
	codec_put_str(b, "=scope=40");
	codec_put_str(b, "=target-scope=10");
	snprintf(w, sizeof w, "=vrf-interface=sfp-sfpplus%u", gw);
	codec_put_str(b, w);
	codec_put_str(b, "=suppress-hw-offload=false");
	codec_put_str(b, "=dynamic=true");
	codec_put_str(b, i % 4 == 0 ? "=active=true" : "=active=false");
	codec_put_str(b, i % 4 == 0 ? "=inactive=false" : "=inactive=true");
	codec_put_str(b, "=bgp=true");
	codec_put_str(b, "=hw-offloaded=false");
	snprintf(w, sizeof w, "=debug.fwp-ptr=0x%08X", 0x20240000u + i * 64u);
	codec_put_str(b, w);
	codec_put_word(b, NULL, 0);
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n > (1 << 22) ? (1 << 22) : n,
		    MSG_NOSIGNAL);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
serve(int fd, const struct buf *pre, uint32_t rows)
{
	struct codec *c = codec_new(NULL);
	struct sentence s;
	struct buf out;
	char tmp[65536];

	buf_init(&out);
	for (;;) {
		ssize_t n = read(fd, tmp, sizeof tmp);
		enum codec_result r;

		if (n <= 0)
			break;
		codec_feed(c, tmp, (size_t)n);
		while ((r = codec_next(c, &s)) == CODEC_SENTENCE) {
			struct reply rp;
			char *tag = NULL;

			reply_parse(&s, &rp);	/* finds .tag in any sentence */
			if (rp.has_tag)
				tag = word_dup(&rp.tag);
			buf_reset(&out);
			if (word_eq(&s.w[0], "/login")) {
				codec_put_str(&out, "!done");
				codec_put_word(&out, NULL, 0);
				write_all(fd, out.p, out.len);
			} else if (tag != NULL && strcmp(tag, "1") == 0) {
				write_all(fd, pre->p, pre->len);
			} else {
				uint32_t i;

				for (i = 0; i < rows; i++) {
					route_row(&out, i, tag);
					if (out.len > (1 << 22)) {
						write_all(fd, out.p, out.len);
						buf_reset(&out);
					}
				}
				codec_put_str(&out, "!done");
				if (tag != NULL) {
					char w[64];

					snprintf(w, sizeof w, ".tag=%s", tag);
					codec_put_str(&out, w);
				}
				codec_put_word(&out, NULL, 0);
				write_all(fd, out.p, out.len);
			}
			free(tag);
		}
		if (r == CODEC_ERROR)
			break;
	}
	buf_free(&out);
	codec_free(&c);
}

int
main(int argc, char **argv)
{
	uint32_t rows = 1000000, i;
	int port = 0, ls, one = 1;
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	struct buf pre;

	for (i = 1; i < (uint32_t)argc; i++) {
		if (strcmp(argv[i], "--rows") == 0 && i + 1 < (uint32_t)argc)
			rows = (uint32_t)strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--port") == 0 &&
		    i + 1 < (uint32_t)argc)
			port = atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: routes-server [--rows N] "
			    "[--port P]\n");
			return 2;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	buf_init(&pre);
	for (i = 0; i < rows; i++)
		route_row(&pre, i, "1");
	codec_put_str(&pre, "!done");
	codec_put_str(&pre, ".tag=1");
	codec_put_word(&pre, NULL, 0);

	ls = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((uint16_t)port);
	if (bind(ls, (struct sockaddr *)&sa, sizeof sa) == -1 ||
	    listen(ls, 16) == -1) {
		perror("routes-server: bind");
		return 1;
	}
	getsockname(ls, (struct sockaddr *)&sa, &sl);
	printf("port %d bytes %zu rows %u\n", ntohs(sa.sin_port), pre.len,
	    rows);
	fflush(stdout);
	for (;;) {
		int fd = accept(ls, NULL, NULL);

		if (fd == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		serve(fd, &pre, rows);
		close(fd);
	}
	buf_free(&pre);
	return 0;
}
