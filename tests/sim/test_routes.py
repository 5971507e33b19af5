#!/usr/bin/env python3
"""--routes: a lazy 1M-row BGP table.  Starts instantly with little memory,
count-only answers without rows, queries still work, a print can be
cancelled midway, and a full print streams fast (measured with the raw C
reader route_rate when it is built; the figure is printed)."""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rawapi import Conn, Sim, attrs, check, rows  # noqa: E402

N = 1000000


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    t = time.time()
    with Sim("--frozen", "--routes", str(N)) as s:
        check(time.time() - t < 2, "start-up took %.2f s" % (time.time() - t))
        c = Conn(s.port).login()
        t = time.time()
        r = c.talk("/ip/route/print", "=count-only=")
        dt = time.time() - t
        check(r == [[b"!done", b"=ret=%d" % (N + 3)]], "count %r" % r)
        check(dt < 0.2, "count-only took %.3f s" % dt)
        check(rss_kib(s.proc.pid) < 64 * 1024, "RSS %d KiB" %
              rss_kib(s.proc.pid))
        got = rows(c.talk("/ip/route/print", "?dst-address=1.0.4.0/24"))
        check(len(got) == 1 and got[0][".id"] == b"*40000004" and
              got[0]["bgp"] == b"true", "query dst-address %r" % got)
        check(len(got[0]) == 16, "16 attributes")
        got = rows(c.talk("/ip/route/print", "?.id=*40000010",
                          "=.proplist=dst-address,gateway"))
        check(len(got) == 1 and set(got[0]) == {"dst-address", "gateway"},
              "proplist on generated rows %r" % got)
        r = c.talk("/ip/route/print", "=count-only=",
                   "?gateway=198.51.100.2")
        n = int(attrs(r[0])["ret"])
        check(N // 8 < n < N // 2, "gateway count %d" % n)
        r = c.talk("/ip/route/remove", "=.id=*40000001")
        check(r[0][0] == b"!trap", "generated routes are read-only")
        # Cancel a full print midway.
        c.send("/ip/route/print", ".tag=p")
        c.send("/cancel", "=tag=p", ".tag=c")
        seen = 0
        tail = []
        while True:
            x = c.read()
            if x[0] == b"!re":
                seen += 1
                continue
            tail.append(x)
            if x == [b"!done", b".tag=p"]:
                break
        check(tail == [[b"!trap", b".tag=p", b"=category=2",
                        b"=message=interrupted"], [b"!done", b".tag=c"],
                       [b"!done", b".tag=p"]], "cancel tail %r" % tail)
        check(seen < N, "cancelled before the end (%d rows)" % seen)
        # Connection still usable.
        check(len(rows(c.talk("/interface/print"))) == 6, "still usable")
        rate = os.path.join(os.environ.get("top_builddir", "."),
                            "tests", "sim", "route_rate")
        if os.path.exists(rate):
            out = subprocess.run([rate, str(s.port)], capture_output=True,
                                 text=True, timeout=60, check=True).stdout
            print("route print: " + out.strip())
            f = out.split()
            check(int(f[1]) == N + 3, "all rows streamed")
            check(float(f[7]) > 300000, "rate far too low: " + out)
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
