#!/usr/bin/env python3
"""tikdeck exec connection failures: refused (exit 3), a peer that never
answers (exit 5 after --timeout), --attempts with back-off, a malformed
reply (the reserved byte and its offset) and a drop in the middle of a
reply (exit 3)."""
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tikexec import (LOG_STAMP, Silent, Sim, check, done, eq,  # noqa: E402
                     expect, refused_port, run, tmpdir)


def main():
    # connection refused, plain and TLS, one attempt: immediate
    port = refused_port()
    refused = "tikdeck: connect to 127.0.0.1 port %d: Connection " \
        "refused\n" % port
    expect(run("--plain", "127.0.0.1:%d" % port, "/system/identity/print"),
           "refused (--plain): exit 3, Connection refused", rc=3, out="",
           err=refused, max_s=2)
    expect(run("127.0.0.1:%d" % port, "/system/identity/print"),
           "refused (TLS): exit 3, Connection refused", rc=3, out="",
           err=refused, max_s=2)

    # --attempts 3: three tries, 0.5 s then 1 s apart
    log = os.path.join(tmpdir(), "attempts.log")
    r = run("--plain", "--attempts", "3", "--debug-log", log,
            "127.0.0.1:%d" % port, "/system/identity/print")
    expect(r, "--attempts 3 against a refused port: exit 3", rc=3, out="",
           err=refused, max_s=5)
    check(r.elapsed >= 1.3, "--attempts 3: back-off between the tries "
          "(took %.2f s, expected about 1.5 s)" % r.elapsed)
    with open(log, encoding="utf-8", errors="replace") as f:
        text = f.read()
    eq(len(re.findall(r"port %d: Connection refused" % port, text)), 3,
       "--attempts 3: the debug log has three refusals")
    check("attempt 2 of 3" in text and "attempt 3 of 3" in text and
          "attempt 4" not in text,
          "--attempts 3: the debug log names attempts 2 and 3 of 3", text)

    # a listener that accepts and never answers
    with Silent() as s:
        r = run("--plain", "--timeout", "1", "127.0.0.1:%d" % s.port,
                "/system/identity/print")
        expect(r, "--plain, silent peer, --timeout 1: exit 5, timed out "
               "logging in", rc=5, out="",
               err="tikdeck: timed out after 1 s logging in to 127.0.0.1 "
                   "port %d: the router accepted the connection but did "
                   "not answer\n" % s.port, max_s=3)
        check(r.elapsed >= 0.9, "--timeout 1 waits about 1 s (%.2f s)" %
              r.elapsed)
        r = run("--timeout", "1", "127.0.0.1:%d" % s.port,
                "/system/identity/print")
        # TCP is up but TLS never answers: the same failure as TLS against
        # the plaintext api service (tests/exec/test_tls_plain_port.py)
        expect(r, "TLS, silent peer, --timeout 1: exit 3, no TLS answer",
               rc=3, out="", err_has=["no TLS answer", "--plain"], max_s=3)
        check(r.elapsed >= 0.9, "TLS --timeout 1 waits about 1 s (%.2f s)"
              % r.elapsed)
        r = run("--plain", "--timeout", "1", "--attempts", "2",
                "127.0.0.1:%d" % s.port, "/system/identity/print")
        expect(r, "--timeout 1 --attempts 2: exit 5 after two tries", rc=5,
               out="", err_has=["timed out after 1 s"], max_s=5)
        check(r.elapsed >= 2.3, "--timeout 1 --attempts 2 takes two "
              "timeouts and a back-off (%.2f s)" % r.elapsed)

    # a malformed reply: 0xF8 right after the login's !done, which is the
    # 7 bytes 05 '!done' 00, so at byte offset 7
    with Sim("--frozen", "--garbage", ssl=True, cert=True) as sim:
        bad = "tikdeck: malformed reply from 127.0.0.1: reserved control " \
            "byte 0xF8 in a length prefix at byte 7\n"
        expect(run("--plain", sim.target(), "/system/identity/print"),
               "--garbage (plain): exit 3, names 0xF8 and byte 7", rc=3,
               out="", err=bad)
        expect(run("--ca", sim.cert, sim.target(tls=True),
                   "/system/identity/print"),
               "--garbage (TLS): exit 3, names 0xF8 and byte 7", rc=3,
               out="", err=bad)

    # a drop in the middle of a reply: login !done, then two !re of three
    with Sim("--frozen", "--drop-after", "3") as sim:
        closed = "tikdeck: the router closed the connection\n"
        expect(run("--plain", sim.target(), "/interface/print"),
               "--drop-after 3 mid-reply: exit 3, the router closed the "
               "connection", rc=3, out="", err=closed, max_s=5)
        expect(run("--plain", sim.target(), "/interface/print", "-o",
                   "json"),
               "--drop-after 3 mid-reply -o json: exit 3", rc=3,
               err=closed, max_s=5)
        log = os.path.join(tmpdir(), "drop.log")
        run("--plain", "--debug-log", log, sim.target(), "/interface/print")
        with open(log, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
        eq(sum(1 for ln in lines if ln.endswith("<<< !re")), 2,
           "--drop-after 3: the log shows the two rows before the drop")
        check(all(LOG_STAMP.match(ln) for ln in lines),
              "--drop-after 3: every log line has a timestamp",
              "\n".join(lines))
    done()


if __name__ == "__main__":
    main()
