#!/usr/bin/env python3
"""Scripts and the scheduler: the CLI-line interpreter behind /execute,
/system/script/run and /system/scheduler on-event, and an on-router timed
rollback end to end (fires when due; removed in time, it never fires)."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rawapi import Conn, Sim, check, rows  # noqa: E402


def comments(c):
    return [r.get("comment", b"").decode("latin-1") for r in
            rows(c.talk("/ip/firewall/filter/print", "=.proplist=comment"))]


def run(c, script):
    return c.talk("/execute", "=script=" + script, "=as-string=")


def main():
    with Sim("--frozen") as s:
        c = Conn(s.port).login()
        # The interpreter: add/set/enable/disable/move/remove, [find],
        # numbers=, relative lines after a path line, ";" and :put.
        r = run(c, '/ip firewall filter add chain=input action=drop '
                'comment="tmp one" disabled=yes\n'
                '/ip firewall filter\n'
                'add chain=input action=accept comment="tmp two"; '
                ':put "done two"\n'
                'enable [find comment="tmp one"]\n'
                'set [find comment="tmp two"] protocol=tcp dst-port=22\n'
                'move [find comment="tmp two"] destination=[find comment='
                '"defconf: accept ICMP"]')
        check(r == [[b"!done", b"=ret=done two\n"]], "script ran %r" % r)
        f = {x["comment"]: x for x in rows(c.talk(
            "/ip/firewall/filter/print", "?#"))}
        one, two = f[b"tmp one"], f[b"tmp two"]
        check(one["disabled"] == b"false" and one["action"] == b"drop",
              "enabled %r" % one)
        check(two["protocol"] == b"tcp" and two["dst-port"] == b"22",
              "set %r" % two)
        cm = comments(c)
        check(cm.index("tmp two") == cm.index("defconf: accept ICMP") - 1,
              "moved %r" % cm)
        r = run(c, '/ip firewall filter disable numbers=[find comment='
                '"tmp two"]; /ip firewall filter remove [find comment='
                '"tmp one"]')
        check(r[0][0] == b"!done", "numbers= %r" % r)
        check("tmp one" not in comments(c), "removed")
        check(rows(c.talk("/ip/firewall/filter/print", "?comment=tmp two"))
              [0]["disabled"] == b"true", "disabled")
        r = run(c, '/ip service set telnet disabled=no address=10.0.0.0/8')
        t = rows(c.talk("/ip/service/print", "?name=telnet"))[0]
        check(t["disabled"] == b"false" and t["address"] == b"10.0.0.0/8",
              "service set %r" % t)
        r = run(c, '/ip firewall filter remove [find comment="nope"]')
        check(r[0][0] == b"!done", "empty find is no error")
        r = run(c, '/ip firewall filter add chain=bogus-but-ok '
                'action=accept\n/ip address add address=10.1.1.1/24 '
                'interface=nope\n:put "not reached"')
        check(r[0] == [b"!trap", b"=category=3", b"=message=input does not "
                       b"match any value of interface"], "trap %r" % r)
        r = c.talk("/execute", "=script=/nosuch thing")
        check(r == [[b"!done", b"=ret=*1"]], "execute without as-string")
        # /system/script/run.
        c.talk("/system/script/add", "=name=mark",
               "=source=/ip firewall address-list add list=marks "
               "address=192.0.2.7")
        check(c.talk("/system/script/run", "=number=mark") == [[b"!done"]],
              "script run")
        check(len(rows(c.talk("/ip/firewall/address-list/print",
                              "?list=marks"))) == 1, "script ran")
        check(rows(c.talk("/system/script/print", "?name=mark"))[0]
              ["run-count"] == b"1", "run-count")
        # Timed rollback: a rule and a scheduler entry that removes it
        # (and itself) in 2 s.
        c.talk("/ip/firewall/filter/add", "=chain=input", "=action=drop",
               "=src-address=203.0.113.0/24", "=comment=risky")
        rb = ('/ip firewall filter remove [find comment="risky"]\n'
              '/system scheduler remove [find name=rollback]')
        r = c.talk("/system/scheduler/add", "=name=rollback",
                   "=interval=2s", "=on-event=" + rb)
        check(r[0][0] == b"!done", "scheduler add %r" % r)
        t0 = time.time()
        check("risky" in comments(c), "rule there")
        while "risky" in comments(c) and time.time() - t0 < 6:
            time.sleep(0.2)
        dt = time.time() - t0
        check("risky" not in comments(c) and 1.5 < dt < 4,
              "rolled back after %.1fs" % dt)
        check(rows(c.talk("/system/scheduler/print", "?name=rollback")) ==
              [], "scheduler entry removed itself")
        # Confirmed in time: the entry is removed before it fires.
        c.talk("/ip/firewall/filter/add", "=chain=input", "=action=drop",
               "=src-address=203.0.113.0/24", "=comment=kept")
        rb = rb.replace("risky", "kept")
        c.talk("/system/scheduler/add", "=name=rollback", "=interval=2s",
               "=on-event=" + rb)
        time.sleep(0.5)
        check(c.talk("/system/scheduler/remove", "=numbers=rollback") ==
              [[b"!done"]], "confirm")
        time.sleep(2.5)
        check("kept" in comments(c), "rule kept")
        # A start-date/start-time entry: 2 s after the (frozen) clock.
        clock = rows(c.talk("/system/clock/print"))[0]
        h, m, sec = map(int, clock["time"].split(b":"))
        at = h * 3600 + m * 60 + sec + 2
        c.talk("/system/scheduler/add", "=name=at", "=start-date=" +
               clock["date"].decode(), "=start-time=%02d:%02d:%02d" %
               (at // 3600, at // 60 % 60, at % 60),
               "=on-event=:log info \"fired at\"")
        time.sleep(2.6)
        r = rows(c.talk("/system/scheduler/print", "?name=at"))[0]
        check(r["run-count"] == b"1" and "last-started" in r,
              "start-time entry ran %r" % r)
        check(any(x["message"] == b"fired at" for x in
                  rows(c.talk("/log/print"))), ":log line")
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
