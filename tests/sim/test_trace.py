#!/usr/bin/env python3
"""--trace FILE: every word in and out of every connection, one a line with
a timestamp, the connection number and <<< / >>>; EOS ends a sentence;
bytes outside printable ASCII as \\xNN; secret values redacted; mode 0600."""
import hashlib
import os
import re
import stat
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rawapi import Conn, Sim, check, rows  # noqa: E402

PASSWORD = "Zebra-Quartz-7731!x"
LINE = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) #(\d+) "
                  r"(<<<|>>>|---) (.*)$")


def parse(path):
    """The trace as (conn, dir, text) triples; every line must match."""
    out = []
    with open(path, "rb") as f:
        data = f.read()
    check(all(b < 0x80 for b in data), "trace is pure ASCII")
    for line in data.decode("ascii").splitlines():
        m = LINE.match(line)
        check(m is not None, "trace line format: %r" % line)
        out.append((int(m.group(2)), m.group(3), m.group(4)))
    return data, out


def words(trace, conn, d):
    return [t for (n, dd, t) in trace if n == conn and dd == d]


def plain(tmp):
    path = os.path.join(tmp, "trace.log")
    # An existing, world-readable file is truncated and made private.
    with open(path, "w") as f:
        f.write("old contents\n")
    os.chmod(path, 0o644)
    with Sim("--frozen", "--trace", path, "--user",
             "carol:%s:full" % PASSWORD) as s:
        c = Conn(s.port).login("carol", PASSWORD)
        r = rows(c.talk("/interface/print", "?name=ether3",
                        "=.proplist=name,comment", ".tag=p"))
        check(r[0]["comment"] == b"K\xc3\xbcche \xe2\x80\x93 Sonos",
              "print %r" % r)
        c.talk("/ip/frobnicate/print")
        c.talk("/user/add", "=name=dave", "=group=read",
               "=password=" + PASSWORD)
        c.close()
        # A second connection that fails to log in.
        d = Conn(s.port)
        d.talk("/login", "=name=carol", "=password=wrong-" + PASSWORD)
        d.close()
        # A third that sends a reserved control byte.
        e = Conn(s.port)
        e.s.sendall(b"\xf8\x01")
        check(e.closed(), "closed on a control byte")
    mode = stat.S_IMODE(os.stat(path).st_mode)
    check(mode == 0o600, "trace mode %o" % mode)
    data, t = parse(path)
    check(b"old contents" not in data, "truncated")
    check(PASSWORD.encode() not in data, "password absent from the trace")
    check(b"wrong" not in data, "wrong password absent too")
    got = words(t, 1, "<<<")
    check(got[:4] == ["/login", "=name=carol", "=password=<redacted>", "EOS"],
          "login words %r" % got[:4])
    check(words(t, 1, ">>>")[:2] == ["!done", "EOS"], "login reply")
    check(got[4:10] == ["/interface/print", "?name=ether3",
                        "=.proplist=name,comment", ".tag=p", "EOS",
                        "/ip/frobnicate/print"], "print words %r" % got[4:10])
    check("=password=<redacted>" in got[10:], "add's password redacted")
    out = words(t, 1, ">>>")
    check(out[2:7] == ["!re", ".tag=p", "=name=ether3",
                       "=comment=K\\xC3\\xBCche \\xE2\\x80\\x93 Sonos",
                       "EOS"], "escaped row %r" % out[2:7])
    check(out[7:10] == ["!done", ".tag=p", "EOS"], "print !done")
    check(out[10:19] == ["!trap",
                         "=message=no such command or directory "
                         "(frobnicate)", "EOS", "!trap",
                         "=message=no such command prefix", "EOS",
                         "!done", "EOS", "!done"],
          "trap words %r" % out[10:19])
    ev = [x for (n, d, x) in t if d == "---"]
    check(ev.count("closed") == 3 and
          ev[0] == "connected from 127.0.0.1", "events %r" % ev)
    check(words(t, 2, "<<<") == ["/login", "=name=carol",
                                 "=password=<redacted>", "EOS"],
          "failed login words")
    check(words(t, 2, ">>>") == ["!trap", "=message=invalid user name or "
                                 "password (6)", "EOS", "!done", "EOS"],
          "failed login reply %r" % words(t, 2, ">>>"))
    ev3 = [x for (n, d, x) in t if n == 3 and d == "---"]
    check(len(ev3) == 3 and ev3[2] == "closed", "codec error event %r" % ev3)


def legacy(tmp):
    path = os.path.join(tmp, "legacy.log")
    with Sim("--frozen", "--profile", "6.42", "--trace", path,
             "--user", "carol:%s:full" % PASSWORD) as s:
        c = Conn(s.port)
        r = c.talk("/login")
        chal = bytes.fromhex(r[0][1].split(b"=", 2)[2].decode())
        resp = "00" + hashlib.md5(b"\0" + PASSWORD.encode() +
                                  chal).hexdigest()
        check(c.talk("/login", "=name=carol", "=response=" + resp) ==
              [[b"!done"]], "md5 login")
        c.close()
    data, t = parse(path)
    check(resp.encode() not in data, "MD5 response absent")
    check("=response=<redacted>" in words(t, 1, "<<<"), "response redacted")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        plain(tmp)
        legacy(tmp)
        # An unwritable trace path is refused at start.
        bad = os.path.join(tmp, "no", "such", "dir", "t.log")
        from rawapi import SIM
        import subprocess
        p = subprocess.run([SIM, "--api-port", "0", "--trace", bad],
                           capture_output=True, text=True, timeout=10)
        check(p.returncode == 2 and "trace file" in p.stderr and
              p.stdout == "", "bad trace path: %r" % (p,))
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
