#!/usr/bin/env python3
"""tikdeck exec login: the password from TIKDECK_PASSWORD (never argv), a
wrong password and a user without the api policy (exit 3, the router's
text), and the MD5 challenge login of RouterOS 6.42."""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tikexec import Sim, check, done, eq, expect, run, tmpdir  # noqa: E402

IDENTITY = "name\nsoho-gw\n"
BAD_LOGIN = "tikdeck: login failed: invalid user name or password (6)"


def first_line(r):
    return r.err.split("\n", 1)[0]


def main():
    users = ["--group", "noapi:local,read,write,test,!api",
             "--user", "bob:bob-pw:noapi",
             "--user", "rita:rita-pw:read",
             "--user", "wendy:wendy-pw:write"]
    with Sim("--frozen", *users) as sim:
        t = sim.target

        # the password comes from TIKDECK_PASSWORD
        expect(run("--plain", t("rita"), "/system/identity/print",
                   password="rita-pw"),
               "TIKDECK_PASSWORD logs rita in", rc=0, out=IDENTITY, err="")
        expect(run("--plain", "-u", "wendy", t(), "/system/identity/print",
                   password="wendy-pw"),
               "-u NAME with TIKDECK_PASSWORD", rc=0, out=IDENTITY, err="")
        expect(run("--plain", "-u", "rita", "-p", str(sim.api), "127.0.0.1",
                   "/system/identity/print", password="rita-pw"),
               "-u NAME -p PORT with a bare host", rc=0, out=IDENTITY,
               err="")
        expect(run("--plain", t(), "/system/identity/print", password=None),
               "no TIKDECK_PASSWORD and no terminal: the empty password "
               "(admin's default) is used, no prompt", rc=0, out=IDENTITY,
               err="", max_s=5)

        # wrong password: exit 3, the router's text
        r = run("--plain", t(), "/system/identity/print",
                password="not-the-password")
        expect(r, "wrong password: exit 3, nothing on stdout", rc=3, out="")
        eq(first_line(r), BAD_LOGIN, "wrong password: the router's text")
        check("not-the-password" not in r.err + r.text,
              "wrong password: the password is not shown", r.err)
        r = run("--plain", t("nobody"), "/system/identity/print",
                password="x")
        expect(r, "unknown user: exit 3", rc=3, out="")
        eq(first_line(r), BAD_LOGIN, "unknown user: the router's text")

        # a user whose group lacks the api policy
        r = run("--plain", t("bob"), "/system/identity/print",
                password="bob-pw")
        expect(r, "group without the api policy: exit 3, mentions the api "
               "policy", rc=3, out="", err_has=["api policy"])
        eq(first_line(r), BAD_LOGIN,
           "group without the api policy: the router's text")

        # never from argv: there is no option for it
        for opt in (["--password", "rita-pw"], ["--password=rita-pw"],
                    ["--pass", "rita-pw"]):
            r = run("--plain", *(opt + [t("rita"), "/system/identity/print"]),
                    password=None)
            expect(r, "%s is refused: exit 2, unknown option" % opt[0],
                   rc=2, out="", err_has=["unknown option --pass"])
            check("rita-pw" not in r.err, "%s: the password is not echoed"
                  % opt[0], r.err)
        r = run("--help")
        expect(r, "--help exits 0", rc=0, err="",
               out_has=["TIKDECK_PASSWORD", "never from the\ncommand line"])
        check("--password" not in r.text, "--help offers no --password",
              r.text)

    # RouterOS 6.42: the MD5 challenge login
    with Sim("--frozen", "--profile", "6.42", *users) as sim:
        log = os.path.join(tmpdir(), "md5.log")
        r = run("--plain", "--debug-log", log, sim.target("rita"),
                "/system/resource/print", "=.proplist=version",
                password="rita-pw")
        expect(r, "6.42 profile: MD5 challenge login works", rc=0,
               out="version\n6.42.12 (long-term)\n", err="")
        with open(log, encoding="utf-8", errors="replace") as f:
            text = f.read()
        check("<<< =ret=" in text and ">>> =response=<redacted>" in text,
              "6.42 profile: the log shows the challenge and the redacted "
              "response", text)
        check("rita-pw" not in text, "6.42 profile: no password in the log",
              text)
        expect(run("--plain", sim.target(), "/system/identity/print",
                   password=""),
               "6.42 profile: admin with the empty password", rc=0,
               out=IDENTITY, err="")
        r = run("--plain", sim.target("rita"), "/system/identity/print",
                password="wrong")
        expect(r, "6.42 profile: wrong password: exit 3", rc=3, out="")
        eq(first_line(r), "tikdeck: login failed: cannot log in",
           "6.42 profile: wrong password: the router's text")
    done()


if __name__ == "__main__":
    main()
