#!/usr/bin/env python3
"""TLS (the default) against the plaintext api service, the "port 8728"
mistake: exit 3 with a clear message that says to use --plain.

The api service reads the TLS ClientHello as API words, and what it does
then depends on the random bytes of the hello: it answers !fatal, closes,
or waits for the rest of a word that never comes.  The client must give the
same answer each time, so the check runs several times (with --timeout 1,
so that a silent peer costs one second)."""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tikexec import Sim, done, expect, run  # noqa: E402

RUNS = 6


def main():
    with Sim("--frozen") as sim:
        for i in range(RUNS):
            r = run("--timeout", "1", sim.target(), "/system/identity/print")
            expect(r, "TLS client against the plain api port, run %d of %d: "
                   "exit 3, the TLS failure and a --plain hint" % (i + 1,
                                                                  RUNS),
                   rc=3, out="", err_has=["TLS", "--plain"], max_s=3)
        # the same port with --plain works
        expect(run("--plain", sim.target(), "/system/identity/print"),
               "the same port with --plain works", rc=0,
               out="name\nsoho-gw\n", err="")
    done()


if __name__ == "__main__":
    main()
