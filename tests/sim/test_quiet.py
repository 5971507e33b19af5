#!/usr/bin/env python3
"""The simulator is quiet unless -v: during sessions with logins (good and
bad), prints, traps, a command before login, /quit, a client dropping the
connection, a failed TLS handshake and a reserved control byte, it writes
nothing but its listener lines; with -v it logs connections on stderr."""
import os
import socket
import ssl
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rawapi import SIM, Conn, check, rows, skip  # noqa: E402


def start(*args):
    p = subprocess.Popen([SIM, "--api-port", "0", "--api-ssl-port", "0",
                          "--speed", "50"] + list(args),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lines = [p.stdout.readline(), p.stdout.readline()]
    ports = {}
    for ln in lines:
        kind, addr = ln.decode().split()
        ports[kind] = int(addr.rsplit(":", 1)[1])
    return p, lines, ports


def session(ports):
    c = Conn(ports["api"]).login()
    check(len(rows(c.talk("/interface/print"))) == 6, "print")
    c.talk("/ip/nowhere/print")
    c.talk("/interface/frob")
    c.talk("/interface/set", "=.id=*99", "=comment=x")
    c.send("/interface/monitor-traffic", "=interface=ether1", ".tag=m")
    c.read()
    c.talk("/cancel", "=tag=m")
    c.talk("/quit")
    c.close()
    d = Conn(ports["api"])
    d.talk("/login", "=name=admin", "=password=bad")
    d.close()                                   # dropped mid-session
    e = Conn(ports["api"])
    e.talk("/system/identity/print")            # !fatal not logged in
    e.close()
    f = Conn(ports["api"])
    f.s.sendall(b"\xf8\x00")                    # reserved control byte
    f.closed()
    # TLS: one good session, one client that speaks plain API to it.
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    raw = socket.create_connection(("127.0.0.1", ports["api-ssl"]), 10)
    t = Conn(sock=ctx.wrap_socket(raw)).login()
    t.talk("/system/resource/print")
    t.close()
    g = Conn(ports["api-ssl"])
    g.send("/login", "=name=admin", "=password=")
    g.closed()
    time.sleep(0.3)                             # log lines move meanwhile


def stop(p):
    p.terminate()
    out, err = p.communicate(timeout=10)
    check(p.returncode == 0, "exit status %d" % p.returncode)
    return out, err


def main():
    if not os.path.exists(SIM):
        skip("no simulator at " + SIM)
    p, lines, ports = start()
    try:
        session(ports)
    finally:
        out, err = stop(p)
    check([ln.decode().split()[0] for ln in lines] == ["api", "api-ssl"],
          "listener lines %r" % lines)
    check(out == b"", "nothing more on stdout: %r" % out)
    check(err == b"", "nothing on stderr: %r" % err)

    p, lines, ports = start("-v")
    try:
        session(ports)
    finally:
        out, err = stop(p)
    check(out == b"", "-v: stdout still only the listener lines")
    check(b"connected" in err and b"closed" in err and
          b"TLS handshake failed" in err, "-v logs connections: %r" % err)
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
