#!/usr/bin/env python3
"""tikdeck exec --debug-log FILE: every sentence in and out with a
timestamp, password values redacted (the login's and a command's), and
the file private (mode 0600)."""
import os
import stat
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tikexec import (LOG_STAMP, Sim, check, done, eq, expect,  # noqa: E402
                     run, tmpdir)

PASSWORD = "Dora-S3cret-%d-xyzzy" % os.getpid()
NEW_USER_PASSWORD = "Eve-Pw-%d-plugh" % os.getpid()


def read(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace")


def sentences(text, arrow):
    """The sentences logged in one direction, as lists of words."""
    out, cur = [], []
    for line in text.splitlines():
        m = LOG_STAMP.match(line)
        if not m:
            continue
        rest = line[m.end():]
        if not rest.startswith("127.0.0.1 " + arrow + " "):
            continue
        word = rest[len("127.0.0.1 " + arrow + " "):]
        if word == "(end of sentence)":
            out.append(cur)
            cur = []
        else:
            cur.append(word)
    return out


def main():
    os.umask(0o022)
    with Sim("--frozen", "--user", "dora:%s:full" % PASSWORD) as sim:
        log = os.path.join(tmpdir(), "debug.log")
        r = run("--plain", "--debug-log", log, sim.target("dora"),
                "/ip/address/print", "=.proplist=.id,address",
                "?disabled=false", password=PASSWORD)
        expect(r, "a print with --debug-log works", rc=0,
               out=".id  address\n*1   192.168.88.1/24\n*2   "
                   "198.51.100.23/24\n", err="")
        check(os.path.exists(log), "the debug log was written")
        if not os.path.exists(log):
            done()
        eq(stat.S_IMODE(os.stat(log).st_mode), 0o600,
           "the debug log's mode is 0600 (umask 022)")
        text = read(log)
        lines = text.splitlines()
        bad = [ln for ln in lines if not LOG_STAMP.match(ln)]
        check(lines and not bad, "every line starts with a timestamp",
              "\n".join(bad) or "(empty log)")

        sent = sentences(text, ">>>")
        got = sentences(text, "<<<")
        eq([s[0] for s in sent if s], ["/login", "/ip/address/print"],
           "sentences out: /login, then the command")
        login = next((s for s in sent if s and s[0] == "/login"), [])
        check("=password=<redacted>" in login,
              "the login's password word is logged as <redacted>",
              repr(login))
        check("=name=dora" in login,
              "the login sentence shows the user name (=name=dora)",
              repr(login))
        cmd = next((s for s in sent if s and s[0] == "/ip/address/print"),
                   [])
        check("=.proplist=.id,address" in cmd and "?disabled=false" in cmd
              and any(w.startswith(".tag=") for w in cmd),
              "the command is logged with every word (.proplist, query, "
              ".tag)", repr(cmd))
        eq([s[0] for s in got if s], ["!done", "!re", "!re", "!done"],
           "sentences in: the login's !done, two !re, !done")
        rows = [s for s in got if s and s[0] == "!re"]
        check(len(rows) == 2 and "=address=192.168.88.1/24" in rows[0] and
              "=address=198.51.100.23/24" in rows[1],
              "the rows are logged word by word", repr(rows))
        lacks_pw = PASSWORD not in text and PASSWORD.encode().hex() \
            not in text.lower()
        check(lacks_pw, "the password value never appears in the log",
              text)

        # a password in a command word is redacted too; appending to the
        # same file keeps it private
        r = run("--plain", "--debug-log", log, sim.target("dora"),
                "/user/add", "=name=eve", "=group=read",
                "=password=" + NEW_USER_PASSWORD, password=PASSWORD)
        expect(r, "/user/add with a =password= word", rc=0, err="")
        text = read(log)
        check(NEW_USER_PASSWORD not in text and PASSWORD not in text,
              "neither password appears in the log after the /user/add",
              text)
        add = [s for s in sentences(text, ">>>") if s and
               s[0] == "/user/add"]
        check(len(add) == 1 and "=password=<redacted>" in add[0] and
              "=name=eve" in add[0],
              "the /user/add is logged with =password=<redacted>",
              repr(add))
        eq(stat.S_IMODE(os.stat(log).st_mode), 0o600,
           "still 0600 after appending")
        expect(run("--plain", sim.target("eve"), "/system/identity/print",
                   password=NEW_USER_PASSWORD),
               "the new user logs in with the password that was sent", rc=0,
               out="name\nsoho-gw\n", err="")

        # a failed login: the password is not in the log either
        log2 = os.path.join(tmpdir(), "fail.log")
        r = run("--plain", "--debug-log", log2, sim.target("dora"),
                "/system/identity/print", password=PASSWORD + "-wrong")
        expect(r, "a failed login with --debug-log: exit 3", rc=3, out="")
        text = read(log2)
        check("<redacted>" in text and PASSWORD not in text,
              "a failed login's log has <redacted>, not the password", text)
        check("invalid user name or password (6)" in text,
              "the failed login's log has the router's trap", text)

        # an unwritable log is a usage error before anything is sent
        r = run("--plain", "--debug-log", os.path.join(tmpdir(), "no",
                                                       "such", "dir.log"),
                sim.target(), "/system/identity/print")
        expect(r, "--debug-log in a missing directory: exit 2", rc=2,
               out="", err_has=["cannot open the debug log"])
    done()


if __name__ == "__main__":
    main()
