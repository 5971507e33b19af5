#!/usr/bin/env python3
"""api-ssl: certificate mode (the --cert-out PEM verifies as a CA, TLS >= 1.2)
and the certificate-less anonymous-DH mode (ADH suites, TLS 1.2)."""
import os
import socket
import ssl
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rawapi import Conn, Sim, check, rows  # noqa: E402


def talk_over(sock):
    c = Conn(sock=sock).login()
    r = rows(c.talk("/system/identity/print"))
    check(r == [{"name": b"soho-gw"}], "identity over TLS %r" % r)
    r = c.talk("/quit")
    check(r == [[b"!fatal", b"session terminated on request"]], "quit")
    c.close()


def cert_mode(tmp):
    pem = os.path.join(tmp, "sim.pem")
    with Sim("--frozen", "--api-ssl-mode", "cert", "--cert-out", pem,
             ssl=True) as s:
        ctx = ssl.create_default_context(cafile=pem)
        raw = socket.create_connection(("127.0.0.1", s.ports["api-ssl"]), 10)
        tls = ctx.wrap_socket(raw, server_hostname="localhost")
        check(tls.version() in ("TLSv1.2", "TLSv1.3"), tls.version())
        talk_over(tls)
        # TLS 1.1 is refused.
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        try:
            ctx.minimum_version = ssl.TLSVersion.TLSv1
            ctx.maximum_version = ssl.TLSVersion.TLSv1_1
            ctx.set_ciphers("ALL:@SECLEVEL=0")
        except (ValueError, ssl.SSLError):
            return
        raw = socket.create_connection(("127.0.0.1", s.ports["api-ssl"]), 10)
        try:
            ctx.wrap_socket(raw).close()
            check(False, "TLS 1.1 must fail")
        except (ssl.SSLError, OSError):
            pass
        # The plain listener still works next to it.
        Conn(s.port).login().close()


def adh_mode():
    with Sim("--frozen", "--api-ssl-mode", "adh", ssl=True) as s:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        ctx.set_ciphers("ADH-AES256-GCM-SHA384:@SECLEVEL=0")
        raw = socket.create_connection(("127.0.0.1", s.ports["api-ssl"]), 10)
        tls = ctx.wrap_socket(raw)
        check(tls.version() == "TLSv1.2", tls.version())
        check(tls.cipher()[0] == "ADH-AES256-GCM-SHA384", str(tls.cipher()))
        talk_over(tls)
        # A client that wants a certificate gets no handshake.
        ctx = ssl.create_default_context()
        raw = socket.create_connection(("127.0.0.1", s.ports["api-ssl"]), 10)
        try:
            ctx.wrap_socket(raw, server_hostname="localhost").close()
            check(False, "a verifying client must fail against ADH")
        except (ssl.SSLError, OSError):
            pass


def main():
    with tempfile.TemporaryDirectory() as tmp:
        cert_mode(tmp)
    adh_mode()
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
