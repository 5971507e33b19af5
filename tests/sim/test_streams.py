#!/usr/bin/env python3
"""Streaming commands: monitor-traffic (.section, once, bad interface),
ping (TEST-NET timeouts, running totals), print follow / follow-only on
/log, print =interval= with .section, and counters that move (or not)."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rawapi import Conn, Sim, attrs, check, rows  # noqa: E402


def monitor(c):
    c.send("/interface/monitor-traffic", "=interface=ether1,ether2",
           "=interval=100ms", ".tag=m")
    got = [attrs(c.read()) for _ in range(4)]
    check([(r["name"], r[".section"]) for r in got] ==
          [(b"ether1", b"0"), (b"ether2", b"0"), (b"ether1", b"1"),
           (b"ether2", b"1")], "monitor sections %r" % got)
    check(int(got[0]["rx-bits-per-second"]) > 0, "moving traffic")
    c.send("/cancel", "=tag=m", ".tag=c")
    tail = []
    while True:
        s = c.read()
        if s[0] == b"!re":
            continue
        tail.append(s)
        if s == [b"!done", b".tag=m"]:
            break
    check(tail == [[b"!trap", b".tag=m", b"=category=2",
                    b"=message=interrupted"], [b"!done", b".tag=c"],
                   [b"!done", b".tag=m"]], "monitor cancel %r" % tail)
    r = c.talk("/interface/monitor-traffic", "=interface=ether4", "=once=")
    check(len(r) == 2 and r[1] == [b"!done"], "once")
    a = attrs(r[0])
    check(a["name"] == b"ether4" and a["rx-bits-per-second"] == b"0" and
          ".section" not in a, "once row %r" % a)
    r = c.talk("/interface/monitor-traffic", "=interface=ether1,nope",
               "=once=")
    check(r == [[b"!trap", b"=category=1", b"=message=input does not match "
                 b"any value of interface"], [b"!done"]], "bad iface %r" % r)


def ping(c):
    t = time.time()
    r = c.talk("/ping", "=address=192.0.2.77", "=count=3", "=interval=50ms")
    check(time.time() - t < 2, "ping interval honoured")
    check([x[0] for x in r] == [b"!re"] * 3 + [b"!done"], "ping replies")
    got = rows(r)
    check([x["status"] for x in got] == [b"timeout"] * 3, "timeouts")
    check([x["sent"] for x in got] == [b"1", b"2", b"3"] and
          all(x["received"] == b"0" and x["packet-loss"] == b"100" and
              "time" not in x and "ttl" not in x for x in got),
          "timeout rows %r" % got)
    got = rows(c.talk("/ping", "=address=192.168.88.254", "=count=2",
                      "=interval=50ms"))
    check(got[1]["received"] == b"2" and got[1]["packet-loss"] == b"0" and
          b"ms" in got[1]["avg-rtt"], "answered ping %r" % got)
    got = rows(c.talk("/ping", "=address=localserver.soho.local",
                      "=count=1"))
    check(got[0]["host"] == b"localserver.soho.local", "name %r" % got)


def follow(c, c2):
    c.send("/log/print", "=follow-only=", "?topics=system,info", ".tag=f")
    time.sleep(0.1)
    c2.talk("/ip/firewall/address-list/add", "=list=test",
            "=address=10.1.2.3")
    r = attrs(c.read())
    check(r["message"] == b"address list entry added by admin" and
          r["topics"] == b"system,info" and r["time"].startswith(b"2024-"),
          "follow-only log row %r" % r)
    c.talk("/cancel", "=tag=f")
    c.read()                        # the late !done of f
    # follow: the backlog first, then changes.
    c.send("/ip/dns/static/print", "=follow=", "=.proplist=name", ".tag=g")
    back = [c.read() for _ in range(3)]
    check([attrs(s)["name"] for s in back] ==
          [b"router.lan", b"localserver.soho.local", b"drucker.soho.local"],
          "follow backlog %r" % back)
    c2.talk("/ip/dns/static/add", "=name=new.lan", "=address=10.0.0.9")
    check(attrs(c.read())["name"] == b"new.lan", "follow change")
    c.talk("/cancel", "=tag=g")
    c.read()


def interval(c):
    c.send("/system/identity/print", "=interval=100ms", ".tag=i")
    got = [c.read() for _ in range(3)]
    check(got == [[b"!re", b".tag=i", b"=name=soho-gw", b"=.section=%d" % n]
                  for n in range(3)], "interval %r" % got)
    c.send("/cancel", "=tag=i")
    while c.read() != [b"!done", b".tag=i"]:
        pass


def movement():
    with Sim("--frozen") as s:
        c = Conn(s.port).login()
        a = rows(c.talk("/interface/print", "?name=ether1"))[0]
        time.sleep(1.1)
        b = rows(c.talk("/interface/print", "?name=ether1"))[0]
        check(a["rx-byte"] == b["rx-byte"], "frozen counters")
        check(rows(c.talk("/system/clock/print"))[0]["time"] == b"10:20:30",
              "frozen clock")
    with Sim("--seed", "7", "--speed", "20") as s:
        c = Conn(s.port).login()
        a = rows(c.talk("/interface/print", "?name=ether1"))[0]
        n0 = len(rows(c.talk("/log/print")))
        time.sleep(1.2)
        b = rows(c.talk("/interface/print", "?name=ether1"))[0]
        check(int(b["rx-byte"]) > int(a["rx-byte"]), "counters grow")
        check(len(rows(c.talk("/log/print"))) > n0 + 1, "new log lines")
    # The same seed gives the same data.
    macs = []
    for _ in range(2):
        with Sim("--frozen", "--seed", "42") as s:
            c = Conn(s.port).login()
            macs.append(c.talk("/interface/print"))
    check(macs[0] == macs[1], "deterministic by seed")


def main():
    with Sim("--frozen") as s:
        c = Conn(s.port).login()
        c2 = Conn(s.port).login()
        monitor(c)
        ping(c)
        follow(c, c2)
        interval(c)
    movement()
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
