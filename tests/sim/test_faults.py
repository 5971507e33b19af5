#!/usr/bin/env python3
"""Fault injection: --chunk, --latency, --drop-after, --garbage, and a
reserved control byte from the client."""
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rawapi import Conn, Sim, check, enc_sentence, rows  # noqa: E402


def main():
    with Sim("--frozen", "--chunk", "1") as s:
        c = Conn(s.port).login()
        r = rows(c.talk("/interface/print"))
        check(len(r) == 6 and r[2]["comment"] == b"K\xc3\xbcche \xe2\x80\x93 "
              b"Sonos", "chunked replies decode")
    with Sim("--frozen", "--chunk", "7", "--latency", "150") as s:
        c = Conn(s.port).login()
        t = time.time()
        c.talk("/system/identity/print")
        check(time.time() - t >= 0.14, "latency")
    with Sim("--frozen", "--drop-after", "3") as s:
        c = Conn(s.port).login()          # sentence 1
        c.send("/interface/print")
        got = [c.read(), c.read()]        # sentences 2 and 3
        check([g[0] for g in got] == [b"!re", b"!re"], "two rows")
        try:
            c.read()
            check(False, "connection must close mid-reply")
        except (EOFError, ConnectionResetError):
            pass
    with Sim("--frozen", "--garbage") as s:
        c = Conn(s.port).login()
        c.s.settimeout(5)
        while len(c.buf) < 1:
            c.buf += c.s.recv(10)
        check(c.buf[:1] == b"\xf8", "control byte after login %r" % c.buf)
    with Sim("--frozen") as s:
        # A reserved control byte from the client closes the connection.
        c = Conn(s.port).login()
        c.s.sendall(b"\xf8\x01\x02")
        check(c.closed(), "closed on a control byte")
        # Words split across writes, one byte at a time, are reassembled.
        c = Conn(s.port)
        for b in enc_sentence(["/login", "=name=admin", "=password="]):
            c.s.sendall(bytes([b]))
            c.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        check(c.read_until_done() == [[b"!done"]], "split request")
        # Hundreds of concurrent connections.
        conns = [Conn(s.port) for _ in range(300)]
        for k in conns:
            k.send("/login", "=name=admin", "=password=")
        for k in conns:
            check(k.read_until_done() == [[b"!done"]], "login of many")
        for k in conns:
            k.send("/system/identity/print")
        for k in conns:
            check(rows(k.read_until_done()) == [{"name": b"soho-gw"}],
                  "print on many")
        a = Conn(s.port).login()
        n = len(rows(a.talk("/user/active/print")))
        check(n == 302, "active sessions %d" % n)
        for k in conns:
            k.close()
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
