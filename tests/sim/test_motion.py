#!/usr/bin/env python3
"""Movement (issue 3 section 6): firewall filter/NAT rule counters grow while
rules are enabled (and keep what they counted when disabled), interface
counters and monitor-traffic rates are a pure function of the seed and the
simulated time (--frozen-at), log lines appear over time, and --frozen stops
everything.  --speed keeps it fast."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rawapi import Conn, Sim, attrs, check, rows  # noqa: E402

FW = ("/ip/firewall/filter", "/ip/firewall/nat")


def counters(c, menu):
    return {r[".id"]: (int(r["bytes"]), int(r["packets"]),
                       r["disabled"] == b"true")
            for r in rows(c.talk(menu + "/print",
                                 "=.proplist=.id,bytes,packets,disabled"))}


def snapshot(c):
    """Everything that moves, as the client sees it."""
    snap = {m: counters(c, m) for m in FW}
    snap["iface"] = rows(c.talk("/interface/print", "=.proplist=name,"
                                "rx-byte,tx-byte,rx-packet,tx-packet"))
    snap["monitor"] = rows(c.talk("/interface/monitor-traffic",
                                  "=interface=ether1,ether2,bridge",
                                  "=once="))
    snap["resource"] = rows(c.talk("/system/resource/print",
                                   "=.proplist=uptime"))
    snap["clock"] = rows(c.talk("/system/clock/print"))
    return snap


def firewall_grows():
    with Sim("--seed", "7", "--speed", "100") as s:
        c = Conn(s.port).login()
        ret = c.talk("/ip/firewall/filter/add", "=chain=input",
                     "=action=drop", "=comment=new")[0]
        new = ret[1].split(b"=", 2)[2]
        a = {m: counters(c, m) for m in FW}
        # It starts at zero; at --speed 100 a slow (sanitizer) build may
        # see a few simulated seconds of traffic before the print, never
        # the history the old rules carry.
        oldest = max(v[0] for i, v in a[FW[0]].items() if i != new)
        check(a[FW[0]][new][0] * 1000 < oldest,
              "a new rule starts at zero (%d bytes vs %d on the oldest)"
              % (a[FW[0]][new][0], oldest))
        time.sleep(0.6)
        b = {m: counters(c, m) for m in FW}
        for m in FW:
            for i, (bb, bp, dis) in b[m].items():
                ab, ap, _ = a[m][i]
                if dis:
                    check((bb, bp) == (ab, ap), "%s %s disabled: still" %
                          (m, i))
                else:
                    check(bb > ab and bp > ap, "%s %s grows: %r -> %r" %
                          (m, i, a[m][i], b[m][i]))
        check(sum(not d for (_, _, d) in b[FW[1]].values()) == 1 and
              sum(d for (_, _, d) in b[FW[1]].values()) == 1,
              "one NAT rule enabled, one disabled")
        # Disabled, a rule keeps its count; enabled again, it goes on.
        c.talk("/ip/firewall/filter/disable", "=.id=" + new.decode())
        d1 = counters(c, FW[0])[new]
        check(d1[0] >= b[FW[0]][new][0], "no step back on disable")
        time.sleep(0.3)
        check(counters(c, FW[0])[new] == d1, "disabled rule stands still")
        c.talk("/ip/firewall/filter/set", "=.id=" + new.decode(),
               "=disabled=no")
        time.sleep(0.3)
        e = counters(c, FW[0])[new]
        check(e[0] > d1[0] and e[1] >= d1[1], "counts again: %r" % (e,))
        # The NAT rule that was disabled counts once enabled.
        off = [i for i, v in b[FW[1]].items() if v[2]][0]
        c.talk("/ip/firewall/nat/enable", "=.id=" + off.decode())
        time.sleep(0.3)
        check(counters(c, FW[1])[off][0] > b[FW[1]][off][0],
              "enabled NAT rule counts")
        # The bookkeeping of the counters is never printed.
        r = rows(c.talk("/ip/firewall/filter/print", "?.id=" +
                        new.decode()))[0]
        check(not any(k.startswith(".sim") for k in r), "fields %r" % r)


def frozen():
    with Sim("--frozen", "--seed", "7") as s:
        c = Conn(s.port).login()
        a = snapshot(c)
        n0 = len(rows(c.talk("/log/print")))
        time.sleep(0.6)
        b = snapshot(c)
        check(a == b, "--frozen: nothing moves")
        check(len(rows(c.talk("/log/print"))) == n0, "no new log lines")
        c.send("/interface/monitor-traffic", "=interface=ether1",
               "=interval=50ms", ".tag=m")
        got = [attrs(c.read()) for _ in range(3)]
        c.send("/cancel", "=tag=m")
        while c.read() != [b"!done", b".tag=m"]:
            pass
        check(len({g["rx-bits-per-second"] for g in got}) == 1,
              "frozen rates stand still %r" % got)
        return a


def deterministic(at0):
    snaps = []
    for args in (("--seed", "7", "--frozen-at", "3600"),
                 ("--seed", "7", "--frozen-at", "3600"),
                 ("--seed", "7", "--frozen-at", "7200"),
                 ("--seed", "8", "--frozen-at", "3600")):
        with Sim(*args) as s:
            snaps.append(snapshot(Conn(s.port).login()))
    a, b, later, other = snaps
    check(a == b, "same seed, same simulated time: same values")
    check(a["clock"][0]["time"] == b"11:20:30" and
          later["clock"][0]["time"] == b"12:20:30", "clock %r %r" %
          (a["clock"], later["clock"]))
    check(a["monitor"] != other["monitor"], "another seed, other rates")
    check(a["iface"] != other["iface"], "another seed, other counters")
    running = 0
    for x, y in zip(a["iface"], later["iface"]):
        if int(x.get("rx-byte", b"0")) > 0:         # running links
            running += 1
            check(int(y["rx-byte"]) > int(x["rx-byte"]) and
                  int(y["tx-packet"]) > int(x["tx-packet"]),
                  "interface counters grow %r %r" % (x, y))
    check(running >= 3, "running interfaces %d" % running)
    for m in FW:
        for i, (b0, p0, dis) in at0[m].items():
            b1, p1, _ = a[m][i]
            b2, p2, _ = later[m][i]
            if dis:
                check(b0 == b1 == b2, "disabled %s %s" % (m, i))
                continue
            # Traffic matches at a steady rate: twice the time, twice the
            # growth (up to rounding).
            check(b2 > b1 > b0 and p2 > p1 > p0, "%s %s grows" % (m, i))
            check(abs((b2 - b0) - 2 * (b1 - b0)) <= 2,
                  "%s %s steady: %d %d %d" % (m, i, b0, b1, b2))
    rates = [int(r["rx-bits-per-second"]) for r in a["monitor"]]
    check(rates[0] > 0 and rates[1] > 0, "monitor rates %r" % rates)


def rates_move():
    with Sim("--seed", "7", "--speed", "100") as s:
        c = Conn(s.port).login()
        c.send("/interface/monitor-traffic", "=interface=ether1",
               "=interval=100ms", ".tag=m")
        got = [attrs(c.read()) for _ in range(5)]
        c.send("/cancel", "=tag=m")
        while c.read() != [b"!done", b".tag=m"]:
            pass
        check([g[".section"] for g in got] ==
              [b"%d" % i for i in range(5)], "sections")
        check(len({g["rx-bits-per-second"] for g in got}) > 1,
              "rates move %r" % [g["rx-bits-per-second"] for g in got])


def log_lines():
    topics = {b"dhcp,info", b"firewall,info", b"system,error,critical",
              b"system,info,account", b"interface,info", b"dns,error"}
    with Sim("--seed", "7", "--speed", "100") as s:
        c = Conn(s.port).login()
        c.send("/log/print", "=follow-only=", ".tag=f")
        got = []
        t = time.time()
        while len(got) < 3 and time.time() - t < 5:
            r = c.read()
            if r[0] == b"!re":
                got.append(attrs(r))
        c.send("/cancel", "=tag=f")
        while c.read() != [b"!done", b".tag=f"]:
            pass
        check(len(got) == 3, "log lines appear by themselves")
        check(all(g["topics"] in topics and g["message"] and
                  g["time"].startswith(b"20") for g in got),
              "realistic log rows %r" % got)
        ids = [int(g[".id"][1:], 16) for g in got]
        check(ids == sorted(ids) and len(set(ids)) == 3, "ids %r" % ids)


def main():
    firewall_grows()
    at0 = frozen()
    deterministic(at0)
    rates_move()
    log_lines()
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
