#!/usr/bin/env python3
"""/ip/service enforcement and /system/reboot.  A client outside the api
service's address list is accepted and never answered (like a firewall
drop); a disabled api service closes new plain connections at once; access
is restored through a connection made before the change and through the
TLS listener.  Reboot closes every connection without a reply; the router
answers again after ~1.5 s with its uptime reset."""
import os
import socket
import ssl
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rawapi import Conn, Sim, check, rows  # noqa: E402


def tls_conn(port):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    s = socket.create_connection(("127.0.0.1", port), 5)
    return Conn(sock=ctx.wrap_socket(s))


def silent(port):
    """Connect and log in: True when nothing at all comes back."""
    k = Conn(port, timeout=1)
    k.send("/login", "=name=admin", "=password=")
    try:
        k.read()
        return False
    except socket.timeout:
        return True
    finally:
        k.close()


def refused(port):
    k = Conn(port, timeout=2)
    k.send("/login", "=name=admin", "=password=")
    try:
        k.read()
        return False
    except (EOFError, ConnectionResetError):
        return True


def main():
    with Sim("--frozen", ssl=True) as s:
        keep = Conn(s.port).login()
        r = keep.talk("/ip/service/set", "=numbers=api",
                      "=address=10.0.0.0/8")
        check(r == [[b"!done"]], "restrict api")
        check(silent(s.port), "loopback client cut off (silently)")
        keep.talk("/system/identity/print")       # still served
        keep.talk("/ip/service/set", "=numbers=api",
                  "=address=10.0.0.0/8,127.0.0.0/8")
        Conn(s.port).login()
        keep.talk("/ip/service/set", "=numbers=api", "=address=")
        # Disabled: new plain connections are closed; api-ssl still works.
        keep.talk("/ip/service/disable", "=numbers=api")
        keep.close()
        check(refused(s.port), "disabled api closes")
        t = tls_conn(s.ports["api-ssl"]).login()
        t.talk("/ip/service/enable", "=numbers=api")
        Conn(s.port).login()
        # api-ssl restricted: TLS clients dropped, plain ones fine.
        t.talk("/ip/service/set", "=numbers=api-ssl", "=address=10.0.0.0/8")
        k = socket.create_connection(("127.0.0.1", s.ports["api-ssl"]), 5)
        k.settimeout(1)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        try:
            ctx.wrap_socket(k)
            check(False, "TLS handshake must not complete")
        except (socket.timeout, ssl.SSLError, OSError):
            pass
        k.close()
        # Reboot.
        a = Conn(s.port).login()
        b = Conn(s.port).login()
        b.send("/interface/listen", ".tag=l")
        up0 = rows(a.talk("/system/resource/print"))[0]["uptime"]
        check(up0 != b"0s", "uptime before %r" % up0)
        a.send("/system/reboot")
        check(a.closed(2) and b.closed(2) and t.closed(2),
              "every connection closed")
        check(a.buf == b"" and b.buf == b"", "no reply at all %r" % a.buf)
        check(refused(s.port), "nobody answers while rebooting")
        time.sleep(1.6)
        c = Conn(s.port).login()
        r = rows(c.talk("/system/resource/print"))[0]
        check(r["uptime"] == b"0s", "uptime reset %r" % r["uptime"])
        check(rows(c.talk("/ip/service/print", "?name=api-ssl"))[0]
              ["address"] == b"10.0.0.0/8", "configuration kept")
        check(any(x["message"] == b"router rebooted" for x in
                  rows(c.talk("/log/print"))), "log line")
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
