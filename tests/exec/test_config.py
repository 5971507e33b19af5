#!/usr/bin/env python3
"""tikdeck exec with the configuration file, secrets and TLS trust on first
use, against tikdeck-sim: a configured router by name (password-command,
command-line overrides), config errors with FILE:LINE, the permission
refusal, an unknown certificate (exit 4, its details, the trust command),
pinning with `tikdeck trust` on a pty, a pinned router without
--fingerprint, a changed certificate (exit 4, the changed-identity
warning), `tikdeck passwd` and the encrypted store, the one-time plaintext
warning.  Every run uses a private HOME and XDG directories."""
import os
import pty
import re
import select
import socket
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tikexec import (TIKDECK, Sim, check, done, expect, has, lacks,  # noqa
                     make_env, need, run, tmpdir)

IDENTITY = "name\nsoho-gw\n"


def home_env(home, password=None, extra=None):
    env = make_env(password=password)
    env["HOME"] = home
    for v in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME",
              "TIKDECK_MASTER_PASSPHRASE"):
        env.pop(v, None)
    env.update(extra or {})
    return env


def write_conf(home, text, mode=0o600):
    d = os.path.join(home, ".config", "tikdeck")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "tikdeck.conf")
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def on_pty(args, env, answers, timeout=20):
    """Run tikdeck ARGS on a new pty; each (prompt, reply) waits for the
    prompt and types the reply.  Returns (exit status, output)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(TIKDECK, [TIKDECK] + args, env)
    out = b""
    deadline = time.monotonic() + timeout
    pending = list(answers)
    status = None
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            os.kill(pid, 9)
            break
        r = select.select([fd], [], [], min(left, 0.2))[0]
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                break
            out += chunk
        while pending and pending[0][0].encode() in out:
            os.write(fd, pending[0][1].encode() + b"\n")
            out = out.replace(pending[0][0].encode(), b"<asked>", 1)
            pending.pop(0)
    _, st = os.waitpid(pid, 0)
    status = os.waitstatus_to_exitcode(st)
    os.close(fd)
    return status, out.decode("utf-8", "replace")


def main():
    need(TIKDECK)
    base = tmpdir()
    home = os.path.join(base, "home")
    os.makedirs(home)
    known = os.path.join(home, ".local", "state", "tikdeck", "known_routers")

    with Sim("--frozen", plain=True, ssl=True, cert=True) as sim:
        conf = write_conf(home, """# test
routers = (
  { name = "lab"; host = "127.0.0.1"; port = %d;
    password-command = "echo ''"; },
  { name = "plain"; host = "127.0.0.1"; port = %d; tls = false;
    password-command = "printf ''; exit 0"; },
  { name = "cmdok"; host = "127.0.0.1"; port = %d; tls = false;
    user = "ops"; password-command = "echo s3cret-pw"; },
  { name = "cmdbad"; host = "127.0.0.1"; port = %d; tls = false;
    password-command = "echo s3cret-pw; exit 7"; },
  { name = "wrongport"; host = "127.0.0.1"; port = 1; tls = false; }
);
""" % (sim.ssl, sim.api, sim.api, sim.api))
        env = home_env(home, password="")

        # unknown certificate: exit 4, details, the fingerprint, trust
        r = run("lab", "/system/identity/print", env=env)
        expect(r, "an unknown certificate: exit 4", rc=4, out="",
               err_has=["is not trusted", "--fingerprint ",
                        "subject:  CN=", "issuer:   CN=", "valid:    from ",
                        "tikdeck trust lab"])
        m = re.search(r"SHA-256:  ([0-9A-F:]{95})", r.err)
        check(m is not None, "the refusal shows the SHA-256 fingerprint",
              r.err)
        fp = m.group(1) if m else ""

        # trust needs a terminal
        p = subprocess.run([TIKDECK, "trust", "lab"], env=env,
                           stdin=subprocess.DEVNULL, capture_output=True,
                           start_new_session=True, timeout=30)
        check(p.returncode == 2 and b"terminal" in p.stderr and
              not os.path.exists(known),
              "tikdeck trust without a terminal: refused, nothing pinned",
              p)

        # trust on a pty: "no" pins nothing, "yes" pins
        st, out = on_pty(["trust", "lab"], env,
                         [("Type yes to pin it: ", "no")])
        check(st == 4 and "Not pinned." in out and fp in out and
              not os.path.exists(known), "trust, answered no: not pinned",
              out)
        st, out = on_pty(["trust", "lab"], env,
                         [("Type yes to pin it: ", "yes")])
        check(st == 0 and "Pinned lab in " in out and "CN=" in out,
              "trust, answered yes: pinned", out)
        with open(known) as f:
            kr = f.read()
        has(kr, "lab %s\n" % fp, "known_routers has the pin")

        # a pinned router connects without --fingerprint
        expect(run("lab", "/system/identity/print", env=env),
               "the pinned router connects", rc=0, out=IDENTITY, err="")

        # by host:port the pin does not apply (another key)
        r = run(sim.target(tls=True), "/system/identity/print", env=env)
        expect(r, "host:port is another key: not trusted", rc=4,
               err_has=["is not trusted"])

        # password-command
        expect(run("cmdok", "/system/identity/print",
                   env=home_env(home, password=None)),
               "password-command that fails login (ops has no such "
               "password): exit 3", rc=3, out="",
               err_lacks=["s3cret-pw"])
        r = run("cmdbad", "/system/identity/print",
                env=home_env(home, password=None))
        expect(r, "a failing password-command: exit 3, clear message",
               rc=3, out="", err="tikdeck: the password-command of cmdbad "
               "failed (exit status 7); no password\n")
        r = run("plain", "/system/identity/print",
                env=home_env(home, password=None))
        expect(r, "a password-command with no output: exit 3", rc=3,
               out="", err_has=["printed no password"])

        # command-line options override the router's settings
        expect(run("-p", sim.api, "wrongport", "/system/identity/print",
                   env=env), "-p overrides the configured port", rc=0,
               out=IDENTITY, err="")
        r = run("--debug-log", os.path.join(base, "dbg.log"), "cmdok",
                "/system/identity/print",
                env=home_env(home, password=None))
        with open(os.path.join(base, "dbg.log")) as f:
            lacks(f.read(), "s3cret-pw",
                  "the debug log does not hold the password")
        # not configured: [user@]host[:port]
        expect(run(sim.target(), "--plain", "/system/identity/print",
                   env=env), "a name that is not configured is a host",
               rc=0, out=IDENTITY, err="")

    # the router restarts with a new certificate on the same port
    port = None
    with open(conf) as f:
        port = int(re.search(r"port = (\d+);", f.read()).group(1))
    with Sim("--frozen", "--api-ssl-port", str(port), plain=False,
             ssl=False, cert=True):
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:     # listening yet?
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                time.sleep(0.05)
        r = run("lab", "/system/identity/print", env=env)
        expect(r, "a changed certificate: exit 4 with the warning", rc=4,
               out="", err_has=["ROUTER IDENTIFICATION HAS CHANGED",
                                "pinned fingerprint:    " + fp,
                                "presented fingerprint: ",
                                "remove line", known, "tikdeck trust lab"])

    # config errors name the file and line; exit 2
    home2 = os.path.join(base, "home2")
    os.makedirs(home2)
    env2 = home_env(home2, password="")
    c2 = write_conf(home2, "routers = (\n  { name = \"a\"; host = \"h\"; "
                    "colour = \"red\"; }\n);\n")
    expect(run("a", "/system/identity/print", env=env2),
           "an unknown key: exit 2 with FILE:LINE", rc=2, out="",
           err="tikdeck: %s:2: unknown key \"colour\"\n" % c2)
    write_conf(home2, "routers = (\n  { name = \"a\"; host = \"h\";\n")
    r = run("a", "/system/identity/print", env=env2)
    expect(r, "a syntax error: exit 2 with FILE:LINE", rc=2, out="",
           err_has=["%s:3: syntax error" % c2])
    other = os.path.join(base, "other.conf")
    expect(run("-c", other, "a", "/x", env=env2),
           "-c with a missing file: exit 2", rc=2, err_has=[other])
    write_conf(home2, "routers = ( { name = \"a\"; host = \"h\"; "
               "password = \"pw-in-file\"; } );\n", mode=0o644)
    r = run("a", "/system/identity/print", env=env2)
    expect(r, "a 0644 config with a password: refused with the chmod",
           rc=2, out="", err_has=["chmod 600 " + c2],
           err_lacks=["pw-in-file"])

    # tikdeck passwd + the store, and the plaintext warning (on a pty)
    with Sim("--frozen", "--user", "ops:St0re-pw", plain=True,
             ssl=False) as sim3:
        home3 = os.path.join(base, "home3")
        os.makedirs(home3)
        write_conf(home3, "routers = ( { name = \"st\"; host = "
                   "\"127.0.0.1\"; port = %d; tls = false; user = \"ops\"; "
                   "} );\n" % sim3.api)
        env3 = home_env(home3, password=None,
                        extra={"TIKDECK_MASTER_PASSPHRASE": "m4ster"})
        st, out = on_pty(["passwd", "st"], env3,
                         [("Password for st (ops@127.0.0.1): ", "St0re-pw"),
                          ("Repeat the password: ", "St0re-pw")])
        store = os.path.join(home3, ".local", "share", "tikdeck",
                             "secrets")
        check(st == 0 and "Stored the password of st" in out and
              os.path.exists(store) and
              (os.stat(store).st_mode & 0o777) == 0o600,
              "tikdeck passwd stores the password (mode 0600)", out)
        with open(store, "rb") as f:
            lacks(f.read().decode(), "St0re-pw", "the store is encrypted")
        st, out = on_pty(["passwd", "st"], env3,
                         [("Password for st (ops@127.0.0.1): ", "a"),
                          ("Repeat the password: ", "b")])
        check(st != 0 and "differ" in out,
              "passwd: two different entries change nothing", out)
        expect(run("st", "/system/identity/print", env=env3),
               "exec uses the stored password", rc=0, out=IDENTITY, err="")
        bad = dict(env3, TIKDECK_MASTER_PASSPHRASE="wrong")
        expect(run("st", "/system/identity/print", env=bad),
               "a wrong master passphrase: exit 3", rc=3, out="",
               err_has=["wrong master passphrase"])
        os.chmod(store, 0o644)
        expect(run("st", "/system/identity/print", env=env3),
               "a 0644 store is refused with the chmod", rc=3, out="",
               err_has=["chmod 600 " + store])
        os.chmod(store, 0o600)

        # plaintext: warned once per router, on a terminal
        st, out = on_pty(["exec", "st", "/system/identity/print"], env3, [])
        check(st == 0 and "plaintext api" in out and "soho-gw" in out,
              "the first plaintext connection warns", out)
        st, out = on_pty(["exec", "st", "/system/identity/print"], env3, [])
        check(st == 0 and "plaintext api" not in out and "soho-gw" in out,
              "the second one does not", out)
    done()


if __name__ == "__main__":
    main()
