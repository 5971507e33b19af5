#!/usr/bin/env python3
"""/tool/torch and /tool/traceroute streams (.section, cancel, determinism),
the lazy /ip/firewall/connection table (--conntrack), and the fault knobs
--stall-after, --no-cancel, --chunk random, --garbage-after and the
pre-login limits."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rawapi import Conn, Sim, attrs, check, enc_sentence, rows  # noqa: E402


def frames(port, n, *args):
    c = Conn(port).login()
    c.send("/tool/torch", "=interface=ether2", "=freeze-frame-interval=100ms",
           ".tag=t", *args)
    got = []
    while True:
        a = attrs(c.read())
        if int(a[".section"]) >= n:
            break
        got.append(a)
    c.send("/cancel", "=tag=t", ".tag=c")
    tail = []
    while not tail or tail[-1] != [b"!done", b".tag=t"]:
        s = c.read()
        if s[0] != b"!re":
            tail.append(s)
    check(tail == [[b"!trap", b".tag=t", b"=category=2",
                    b"=message=interrupted"], [b"!done", b".tag=c"],
                   [b"!done", b".tag=t"]], "torch cancel %r" % tail)
    return got


def cancel_tail(c, tag):
    c.send("/cancel", "=tag=" + tag, ".tag=c")
    while c.read() != [b"!done", b".tag=" + tag.encode()]:
        pass


def main():
    with Sim("--frozen", "--seed", "7", "--conntrack", "200000") as s:
        f = frames(s.port, 2, "=src-address=0.0.0.0/0",
                   "=dst-address=0.0.0.0/0", "=port=any",
                   "=ip-protocol=any")
        check(len(f) >= 2 and {"src-address", "dst-address", "ip-protocol",
                               "src-port", "dst-port", "tx", "rx",
                               "tx-packets", "rx-packets", ".section"}
              == set(f[0]), "torch row %r" % f[0])
        check(f[0]["src-address"].startswith(b"192.168.88."), "LAN source")
        s0 = [x for x in f if x[".section"] == b"0"]
        s1 = [x for x in f if x[".section"] == b"1"]
        check(len(s0) == len(s1) and
              [{k: v for k, v in x.items() if k != ".section"} for x in s0]
              == [{k: v for k, v in x.items() if k != ".section"}
                  for x in s1], "frozen frames repeat")
        f2 = frames(s.port, 1)
        check(len(f2) == 1 and set(f2[0]) == {"tx", "rx", "tx-packets",
                                               "rx-packets", ".section"},
              "no classifier: one total row %r" % f2)
        f3 = frames(s.port, 1, "=port=any")
        check(all(set(x) == {"src-port", "dst-port", "tx", "rx",
                             "tx-packets", "rx-packets", ".section"}
                  for x in f3), "port columns only")
        c = Conn(s.port).login()
        r = c.talk("/tool/torch", "=interface=nope")
        check(r == [[b"!trap", b"=category=1", b"=message=input does not "
                     b"match any value of interface"], [b"!done"]],
              "bad interface %r" % r)
        # Traceroute: TEST-NET hops time out beyond the second.
        r = c.talk("/tool/traceroute", "=address=192.0.2.9", "=count=2",
                   "=max-hops=5", "=interval=100ms")
        hops = rows(r)
        check(r[-1] == [b"!done"] and len(hops) == 10, "two rounds")
        check([h[".section"] for h in hops] == [b"0"] * 5 + [b"1"] * 5,
              "sections")
        check(hops[0]["address"] == b"198.51.100.1" and
              hops[0]["status"] == b"" and hops[4]["status"] == b"timeout"
              and hops[4]["loss"] == b"100%", "timeouts %r" % hops[:5])
        r = rows(c.talk("/tool/traceroute", "=address=93.184.215.14",
                        "=count=1"))
        check(r[-1]["address"] == b"93.184.215.14" and "avg" in r[-1],
              "destination reached")
        c.send("/tool/traceroute", "=address=192.0.2.9", ".tag=tr")
        check(attrs(c.read())[".section"] == b"0", "streaming")
        cancel_tail(c, "tr")
        # Connection tracking: lazy and deterministic.
        t = time.time()
        r = c.talk("/ip/firewall/connection/print", "=count-only=")
        check(r == [[b"!done", b"=ret=200000"]] and time.time() - t < 1,
              "count-only %r" % r)
        c.send("/ip/firewall/connection/print", ".tag=p")
        first = attrs(c.read())
        for k in ("protocol", "src-address", "dst-address",
                  "reply-src-address", "reply-dst-address", "timeout",
                  "orig-bytes", "repl-bytes", "orig-packets",
                  "repl-packets", "assured", "seen-reply", "fasttrack"):
            check(k in first, "connection field %s" % k)
        check(first[".id"] == b"*60000000" and b":" in first["src-address"],
              "first %r" % first)
        cancel_tail(c, "p")
        r = rows(c.talk("/ip/firewall/connection/print",
                        "?.id=*60000000"))
        check(r == [first], "same row again")
        r = c.talk("/ip/firewall/connection/print", "=count-only=",
                   "?protocol=udp")
        n = int(attrs(r[0])["ret"])
        check(20000 < n < 60000, "udp share %d" % n)
    with Sim("--frozen") as s:
        c = Conn(s.port).login()
        check(c.talk("/ip/firewall/connection/print") ==
              [[b"!empty"], [b"!done"]], "no conntrack by default")
    # --stall-after: replies stop, the socket stays open.
    with Sim("--frozen", "--stall-after", "3") as s:
        c = Conn(s.port, timeout=1).login()       # 1
        c.send("/interface/print")
        got = [c.read(), c.read()]                # 2, 3
        check([g[0] for g in got] == [b"!re", b"!re"], "two rows")
        try:
            c.read()
            check(False, "must stall")
        except OSError:
            pass
        check(not c.closed(0.5), "socket stays open")
    # --no-cancel: /cancel is never answered, the stream goes on.
    with Sim("--frozen", "--no-cancel") as s:
        c = Conn(s.port, timeout=2).login()
        c.send("/interface/monitor-traffic", "=interface=ether1",
               "=interval=100ms", ".tag=m")
        c.read()
        c.send("/cancel", "=tag=m", ".tag=c")
        words = [c.read()[0] for _ in range(5)]
        check(words == [b"!re"] * 5, "still streaming %r" % words)
    # --chunk random and --garbage-after.
    with Sim("--frozen", "--chunk", "random") as s:
        c = Conn(s.port).login()
        check(len(rows(c.talk("/ip/firewall/filter/print"))) == 12,
              "random chunks decode")
    with Sim("--frozen", "--garbage-after", "2") as s:
        c = Conn(s.port).login()
        c.send("/system/identity/print")
        check(c.read()[0] == b"!re", "reply 2")
        try:
            c.read()
            check(False, "control byte expected")
        except ValueError:
            pass
    # Pre-login limits: 16 sentences, 16 KiB.
    with Sim("--frozen") as s:
        c = Conn(s.port)
        for _ in range(16):
            c.send("/login")
            c.read()
        c.send("/login")
        r = c.read()
        check(r == [b"!fatal", b"too many commands before login"],
              "too many %r" % r)
        check(c.closed(), "closed")
        c = Conn(s.port)
        c.s.sendall(enc_sentence(["/login", "=name=" + "x" * 20000]))
        check(c.read() == [b"!fatal", b"too big sentence before login"],
              "too big")
        check(c.closed(), "closed")
        c = Conn(s.port).login()
        for _ in range(40):
            c.talk("/system/identity/print")     # no limit after login
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
