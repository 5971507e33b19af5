#!/usr/bin/env python3
"""tikdeck exec over TLS: certificate verification failures (exit 4) with
the SHA-256 fingerprint and the option to pin it, pinning, a wrong pin,
--insecure and --adh (both warn), and handshake failures (exit 3)."""
import hashlib
import os
import re
import ssl
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tikexec import Sim, check, done, eq, expect, run  # noqa: E402

IDENTITY = "name\nsoho-gw\n"
INSECURE_WARNING = (
    "tikdeck: warning: --insecure: the router's certificate is not "
    "verified; anyone on the path can read and change this session\n")
ADH_WARNING = (
    "tikdeck: warning: --adh: anonymous TLS has no certificate; it "
    "encrypts but cannot tell the router from a man in the middle\n")


def fingerprint(pem_file):
    """SHA-256 of the DER certificate as AB:CD:..."""
    with open(pem_file) as f:
        der = ssl.PEM_cert_to_DER_cert(f.read())
    return ":".join("%02X" % b for b in hashlib.sha256(der).digest())


def main():
    with Sim("--frozen", plain=False, ssl=True, cert=True) as sim, \
            Sim("--frozen", plain=False, ssl=True, cert=True) as other, \
            Sim("--frozen", "--api-ssl-mode", "adh", plain=False,
                ssl=True) as adh:
        tgt = sim.target(tls=True)
        fp = fingerprint(sim.cert)

        # default verification (system CAs) refuses the self-signed cert
        r = run(tgt, "/system/identity/print")
        want = re.compile(
            r"tikdeck: certificate of 127\.0\.0\.1 is not trusted "
            r"\([^)]*self.signed[^)]*\); SHA-256 fingerprint %s; to trust "
            r"it, pass --fingerprint %s\n" % (re.escape(fp), re.escape(fp)))
        expect(r, "self-signed certificate refused: exit 4, nothing on "
               "stdout", rc=4, out="")
        check(want.match(r.err) is not None,
              "the refusal names the SHA-256 fingerprint and the exact "
              "--fingerprint option", "fingerprint %s\nstderr: %r" % (
                  fp, r.err))

        # pin it, as the message says
        expect(run("--fingerprint", fp, tgt, "/system/identity/print"),
               "--fingerprint with the printed value works", rc=0,
               out=IDENTITY, err="")
        expect(run("--fingerprint", fp.replace(":", "").lower(), tgt,
                   "/system/identity/print"),
               "--fingerprint in lower case without colons works", rc=0,
               out=IDENTITY, err="")

        # a wrong pin: the other simulator's certificate
        ofp = fingerprint(other.cert)
        expect(run("--fingerprint", ofp, tgt, "/system/identity/print"),
               "a wrong --fingerprint: exit 4", rc=4, out="",
               err="tikdeck: certificate fingerprint mismatch: expected "
                   "%s, got %s\n" % (ofp, fp))
        r = run("--fingerprint", "AB:CD", tgt, "/system/identity/print")
        expect(r, "a malformed --fingerprint is a usage error (exit 2)",
               rc=2, out="", err_has=['"AB:CD"', "SHA-256"])

        # --ca: the right certificate works, another one does not
        expect(run("--ca", sim.cert, tgt, "/system/identity/print"),
               "--ca with the router's certificate works", rc=0,
               out=IDENTITY, err="")
        expect(run("--ca", sim.cert, "localhost:%d" % sim.ssl,
                   "/system/identity/print"),
               "--ca and the host name localhost (in the certificate) work",
               rc=0, out=IDENTITY, err="")
        r = run("--ca", other.cert, tgt, "/system/identity/print")
        expect(r, "--ca with another certificate: exit 4 with the "
               "fingerprint to pin", rc=4, out="",
               err_has=["is not trusted", "--fingerprint " + fp])

        # --insecure works and warns
        expect(run("--insecure", tgt, "/system/identity/print"),
               "--insecure works and warns on stderr", rc=0, out=IDENTITY,
               err=INSECURE_WARNING)

        # --adh against a certificate-less api-ssl
        atgt = adh.target(tls=True)
        expect(run("--adh", atgt, "/system/identity/print"),
               "--adh against --api-ssl-mode adh works and warns", rc=0,
               out=IDENTITY, err=ADH_WARNING)
        expect(run("--adh", atgt, "/ip/address/print", "--count"),
               "--adh: a print with --count", rc=0, out="2\n",
               err=ADH_WARNING)
        r = run(atgt, "/system/identity/print")
        expect(r, "certificate verification against an adh api-ssl: exit "
               "3, handshake failure, hint --adh", rc=3, out="",
               err_has=["TLS handshake with 127.0.0.1 failed", "--adh"])
        r = run("--adh", tgt, "/system/identity/print")
        expect(r, "--adh against a certificate api-ssl: exit 3, handshake "
               "failure", rc=3, out="",
               err_has=[ADH_WARNING, "TLS handshake with 127.0.0.1 failed"])
        eq(r.err.count("\n"), 2, "--adh failure: the warning and one "
           "message line")
    done()


if __name__ == "__main__":
    main()
