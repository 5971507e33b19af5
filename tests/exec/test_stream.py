#!/usr/bin/env python3
"""tikdeck exec with streaming commands: rows are printed as they arrive,
and SIGINT (Ctrl-C) cancels the command on the router and exits 0 at
once: /interface/monitor-traffic (table, -o json, -o raw) and
/log/print =follow-only=; a router that stops answering mid-stream ends
the command with exit 5."""
import json
import os
import re
import signal
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tikexec import Sim, Stream, check, done, eq, expect, run  # noqa: E402

ROW = re.compile(r"name=ether1( [a-z.-]+=\S+)+")


def monitor(sim, *opts):
    return Stream("--plain", sim.target(), "/interface/monitor-traffic",
                  "=interface=ether1", *opts)


def main():
    with Sim("--frozen") as sim:
        # table: one name=value line per row, as it arrives
        s = monitor(sim)
        ok = s.read_lines(2, timeout=6)
        check(ok, "monitor-traffic: two rows arrive", repr(s.lines))
        if ok:
            t1, t2 = s.lines[0][0], s.lines[1][0]
            check(t1 < 1.5, "the first row is printed at once (%.2f s)" % t1)
            check(0.5 < t2 - t1 < 2.0, "the second row about 1 s later "
                  "(%.2f s): rows are printed as they arrive" % (t2 - t1))
            rows = [ln.decode() for _, ln in s.lines]
            check(all(ROW.fullmatch(r) for r in rows),
                  "rows are name=value lines", "\n".join(rows))
            check(rows[0].endswith(" .section=0") and
                  rows[1].endswith(" .section=1"),
                  "rows carry .section 0 and 1", "\n".join(rows))
        r, took = s.stop(signal.SIGINT)
        expect(r, "SIGINT after two rows: exit 0, nothing on stderr", rc=0,
               err="")
        check(took < 1.0, "SIGINT: the cancel completes quickly (%.2f s)"
              % took)
        check(r.text == "" or all(ROW.fullmatch(ln) for ln in
                                  r.text.splitlines()),
              "after SIGINT: only whole rows, if any", repr(r.text))

        # -o json: the array is closed after the cancel
        s = monitor(sim, "-o", "json")
        ok = s.read_lines(3, timeout=6)       # "[", two rows
        r, took = s.stop(signal.SIGINT)
        expect(r, "-o json, SIGINT: exit 0", rc=0, err="")
        check(took < 1.0, "-o json: the cancel completes quickly (%.2f s)"
              % took)
        whole = b"\n".join(ln for _, ln in s.lines) + b"\n" + r.out
        try:
            doc = json.loads(whole.decode())
            check(isinstance(doc, list) and len(doc) >= 2 and
                  all(o.get("name") == "ether1" for o in doc),
                  "-o json after SIGINT is a complete array of the rows",
                  whole.decode())
        except ValueError as e:
            check(False, "-o json after SIGINT parses", "%s\n%s" % (
                e, whole.decode()))

        # -o raw: !re sentences, then the closing !done
        s = monitor(sim, "-o", "raw")
        s.read_lines(4, timeout=6)
        r, took = s.stop(signal.SIGINT)
        whole = b"\n".join(ln for _, ln in s.lines) + b"\n" + r.out
        expect(r, "-o raw, SIGINT: exit 0", rc=0, err="")
        check(whole.startswith(b"!re\n=name=ether1\n") and
              whole.endswith(b"\n\n!done\n\n"),
              "-o raw after SIGINT: !re sentences then !done", whole)

        # SIGTERM cancels the same way
        s = monitor(sim)
        s.read_lines(1, timeout=6)
        r, took = s.stop(signal.SIGTERM)
        expect(r, "SIGTERM: exit 0", rc=0, err="")
        check(took < 1.0, "SIGTERM: the cancel completes quickly (%.2f s)"
              % took)

        # =once= is not a stream: one round and done
        r = run("--plain", sim.target(), "/interface/monitor-traffic",
                "=interface=ether1", "=once=", "=.proplist=name")
        expect(r, "monitor-traffic =once= ends by itself", rc=0,
               out="name\nether1\n", err="", max_s=5)

        # /log/print =follow-only=: nothing old, new lines as they come
        s = Stream("--plain", sim.target(), "/log/print", "=follow-only=")
        got = s.read_lines(1, timeout=0.7)
        check(not got, "=follow-only= prints no old log lines",
              repr(s.lines))
        r = run("--plain", sim.target(), "/ip/dns/static/add",
                "=name=follow.lan", "=address=192.0.2.55")
        expect(r, "an add while following the log", rc=0, err="")
        ok = s.read_lines(2, timeout=5)
        check(ok, "=follow-only=: two new log lines arrive", repr(s.lines))
        if ok:
            text = "\n".join(ln.decode("utf-8", "replace")
                             for _, ln in s.lines)
            check("user admin logged in" in text and
                  "static dns entry added by admin" in text,
                  "the new lines are the login and the change", text)
            check(all(re.match(r"\.id=\*[0-9A-F]+ time=", ln.decode())
                      for _, ln in s.lines),
                  "log rows are printed as .id=... time=... lines", text)
        r, took = s.stop(signal.SIGINT)
        expect(r, "=follow-only=, SIGINT: exit 0", rc=0, err="")
        check(took < 1.0, "=follow-only=: the cancel completes quickly "
              "(%.2f s)" % took)
        if r.text:
            eq(r.text.count("\n"), len(r.text.splitlines()),
               "after SIGINT: whole lines only")

    # a router that stops answering mid-stream: exit 5 within about
    # twice --timeout (a cheap request every --timeout), not a hang
    with Sim("--frozen", "--stall-after", "3") as sim:
        r = run("--plain", "--timeout", "3", sim.target(),
                "/interface/monitor-traffic", "=interface=ether1",
                timeout=20)
        expect(r, "a stalled stream: exit 5, the router stopped answering",
               rc=5, err_has=("stopped answering",), max_s=8)
    done()


if __name__ == "__main__":
    main()
