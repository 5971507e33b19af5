#!/usr/bin/env python3
"""/safe-mode (7.18): changes undone when the session is lost or on
unroll, kept on release, one holder at a time; /system/history rows and
/undo; other profiles have no /safe-mode."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rawapi import Conn, Sim, check, rows  # noqa: E402


def addrs(c):
    return [r["address"] for r in rows(c.talk("/ip/address/print"))]


def wait_for(fn, what, secs=3):
    end = time.time() + secs
    while time.time() < end:
        if fn():
            return
        time.sleep(0.05)
    check(False, what)


def main():
    with Sim("--frozen") as s:
        a = Conn(s.port).login()
        b = Conn(s.port).login()
        check(b.talk("/safe-mode/take") == [[b"!done"]], "take")
        r = a.talk("/safe-mode/take")
        check(r[0][0] == b"!trap" and b"safe mode" in r[0][-1] and
              r[1] == [b"!done"], "second holder traps %r" % r)
        b.talk("/ip/address/add", "=address=10.9.9.1/24",
               "=interface=ether2")
        b.talk("/ip/firewall/filter/disable", "=numbers=*2")
        check(b"10.9.9.1/24" in addrs(a), "change visible")
        b.close()          # the session is lost without release
        wait_for(lambda: b"10.9.9.1/24" not in addrs(a), "unrolled on loss")
        check(rows(a.talk("/ip/firewall/filter/print", "?.id=*2"))[0]
              ["disabled"] == b"false", "disable unrolled")
        # Safe mode is free again; release keeps the changes.
        check(a.talk("/safe-mode/take") == [[b"!done"]], "take again")
        a.talk("/ip/address/add", "=address=10.9.8.1/24",
               "=interface=ether3")
        check(a.talk("/safe-mode/release") == [[b"!done"]], "release")
        a.close()
        c = Conn(s.port).login()
        check(b"10.9.8.1/24" in addrs(c), "kept after release")
        # unroll undoes and releases.
        c.talk("/safe-mode/take")
        c.talk("/ip/dns/static/add", "=name=x.lan", "=address=192.0.2.1")
        c.talk("/system/identity/set", "=name=renamed")
        check(c.talk("/safe-mode/unroll") == [[b"!done"]], "unroll")
        check(rows(c.talk("/system/identity/print")) ==
              [{"name": b"soho-gw"}], "identity back")
        check(rows(c.talk("/ip/dns/static/print", "?name=x.lan")) == [],
              "static entry gone")
        d = Conn(s.port).login()
        check(d.talk("/safe-mode/take") == [[b"!done"]], "free after unroll")
        d.talk("/safe-mode/release")
        # History and undo.
        h = rows(c.talk("/system/history/print"))
        check(len(h) >= 5 and all(set(x) >= {".id", "action", "by",
                                            "policy", "time", "undoable"}
                                  for x in h), "history rows %r" % h[:2])
        check(h[0]["action"] == b"address added" and h[0]["by"] ==
              b"admin" and h[0]["policy"] == b"write", "first %r" % h[0])
        c.talk("/ip/firewall/filter/add", "=chain=input", "=action=drop",
               "=comment=undo me")
        h = rows(c.talk("/system/history/print"))
        check(h[-1]["action"] == b"filter rule added" and
              h[-1]["undoable"] == b"true", "last %r" % h[-1])
        check(c.talk("/undo") == [[b"!done"]], "undo")
        check(rows(c.talk("/ip/firewall/filter/print", "?comment=undo me"))
              == [], "undone")
        h = rows(c.talk("/system/history/print"))
        check(h[-1]["undoable"] == b"false", "marked %r" % h[-1])
        check(c.talk("/undo") == [[b"!done"]], "undo the one before")
        check(b"10.9.8.1/24" not in addrs(c), "second undo")
    for prof in ("7.17", "6.49"):
        with Sim("--frozen", "--profile", prof) as s:
            c = Conn(s.port).login()
            r = c.talk("/safe-mode/take")
            check(r == [[b"!trap", b"=message=no such command or directory "
                         b"(safe-mode)"], [b"!trap", b"=message=no such "
                                           b"command prefix"], [b"!done"]],
                  "%s: no safe mode %r" % (prof, r))
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
