#!/usr/bin/env python3
"""tikdeck exec and router errors (!trap): exit 1 with the router's text
on stderr: unknown commands, a write without the write policy, bad
arguments; and the trap words in -o raw."""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tikexec import Sim, done, expect, run  # noqa: E402


def main():
    with Sim("--frozen", "--user", "rita:rita-pw:read") as sim:
        def tk(*words, user=None, password=""):
            return run("--plain", sim.target(user), *words,
                       password=password)

        expect(tk("/foo/bar"), "unknown menu: exit 1, the router's two "
               "traps", rc=1, out="",
               err="tikdeck: router error: no such command or directory "
                   "(foo)\ntikdeck: router error: no such command prefix\n")
        expect(tk("/ip/frob/print"), "unknown sub-menu: exit 1", rc=1,
               out="",
               err="tikdeck: router error: no such command or directory "
                   "(frob)\ntikdeck: router error: no such command prefix\n")
        expect(tk("/foo/bar", "--count"), "unknown menu with --count: "
               "exit 1, no count printed", rc=1, out="",
               err="tikdeck: router error: no such command or directory "
                   "(foo)\ntikdeck: router error: no such command prefix\n")
        expect(tk("/foo/bar", "-o", "json"), "unknown menu with -o json: "
               "exit 1, nothing on stdout", rc=1, out="")
        expect(tk("/ip/address/frob"), "unknown command in a menu: exit 1",
               rc=1, out="", err="tikdeck: router error: no such command\n")
        expect(tk("/foo/bar", "-o", "raw"), "unknown menu -o raw: the trap "
               "words then !done", rc=1,
               out="!trap\n=message=no such command or directory (foo)\n\n"
                   "!trap\n=message=no such command prefix\n\n!done\n\n")
        expect(tk("/ip/address/print", "=frob=1"), "unknown parameter: "
               "exit 1", rc=1, out="",
               err="tikdeck: router error: unknown parameter\n")
        expect(tk("/ip/address/add", "=address=10.9.9.9/24",
                  "=interface=nope", "-o", "raw"),
               "a bad value: exit 1, -o raw keeps =category=1", rc=1,
               out="!trap\n=category=1\n=message=input does not match any "
                   "value of interface\n\n!done\n\n",
               err="tikdeck: router error: input does not match any value "
                   "of interface\n")
        expect(tk("/ip/address/print", "?interface=none", "-o", "raw"),
               "an empty print on 7.18: -o raw shows !empty", rc=0,
               out="!empty\n\n!done\n\n", err="")

        # the read group has api and read but not write
        r = tk("/ip/dns/static/add", "=name=ro.lan", "=address=192.0.2.9",
               user="rita", password="rita-pw")
        expect(r, "a write without the write policy: exit 1, not enough "
               "permissions (9)", rc=1, out="",
               err="tikdeck: router error: not enough permissions (9)\n")
        expect(tk("/ip/dns/static/print", "?name=ro.lan", "--count"),
               "... and nothing was added", rc=0, out="0\n", err="")
        expect(tk("/ip/address/print", "--count", user="rita",
                  password="rita-pw"),
               "the read group can print", rc=0, out="2\n", err="")
    done()


if __name__ == "__main__":
    main()
