#!/usr/bin/env python3
"""tikdeck exec through jump hosts: --proxy-command with fake-ssh (a
stand-in for `ssh -W host:port jump`), plain and TLS, and -J user@jump,
which must run `ssh -W` from PATH (here a logging wrapper of fake-ssh).
The same from tikdeck.conf: routers with `jump` and `proxy-command`,
reached by name with the host and port of their entry, and proxy
commands that exit at once."""
import os
import shlex
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tikexec import (FAKE_SSH, Sim, done, eq, expect,  # noqa: E402
                     make_env, need, refused_port, run, tmpdir)

IDENTITY = "name\nsoho-gw\n"


def ssh_wrapper():
    """A directory with an `ssh` that logs its argv to $TIKEXEC_SSH_ARGV
    and then runs fake-ssh."""
    d = os.path.join(tmpdir(), "bin")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "ssh")
    with open(path, "w") as f:
        f.write("#!/bin/sh\n"
                "printf '%%s\\n' \"$@\" > \"$TIKEXEC_SSH_ARGV\"\n"
                "exec %s \"$@\"\n" % shlex.quote(os.path.abspath(FAKE_SSH)))
    os.chmod(path, 0o755)
    return d


def read_argv(path):
    """The argv the ssh wrapper logged, and forget it."""
    if not os.path.exists(path):
        return None
    with open(path) as f:
        got = f.read().splitlines()
    os.unlink(path)
    return got


CONF = """timeout = 3;
routers = (
  { name = "via-jump"; host = "127.0.0.1"; port = %(ssl)d; ca = "%(ca)s";
    jump = "joe@bastion"; },
  { name = "via-jump-port"; host = "127.0.0.1"; port = %(api)d;
    tls = false; jump = "bastion:2222"; },
  { name = "via-proxy"; host = "localhost"; port = %(api)d; tls = false;
    proxy-command = "%(ssh)s -W %%h:%%p proxyhost"; },
  { name = "proxy-exits"; host = "127.0.0.1"; port = %(api)d; tls = false;
    proxy-command = "exit 0"; },
  { name = "proxy-fails"; host = "127.0.0.1"; port = %(api)d; tls = false;
    proxy-command = "echo no route to %%h:%%p >&2; exit 1"; }
);
"""


def config_routers(sim, bindir, argv_file):
    """Routers from tikdeck.conf, by name: jump and proxy-command get the
    host and port of the router's entry."""
    home = os.path.join(tmpdir(), "home")
    d = os.path.join(home, ".config", "tikdeck")
    os.makedirs(d, exist_ok=True)
    ssh = os.path.join(bindir, "ssh")
    conf = os.path.join(d, "tikdeck.conf")
    with open(conf, "w") as f:
        f.write(CONF % {"ssl": sim.ssl, "api": sim.api, "ca": sim.cert,
                        "ssh": shlex.quote(ssh)})
    os.chmod(conf, 0o600)
    env = make_env("", extra={"TIKEXEC_SSH_ARGV": argv_file, "HOME": home},
                   path_first=bindir)
    for v in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
        env.pop(v, None)

    r = run("via-jump", "/system/identity/print", env=env)
    expect(r, "config jump = \"joe@bastion\" with TLS (ca from the config)",
           rc=0, out=IDENTITY, err="", max_s=2)
    eq(read_argv(argv_file),
       ["-W", "127.0.0.1:%d" % sim.ssl, "--", "joe@bastion"],
       "config jump: ssh -W with the router's host and port from the "
       "config")

    r = run("via-jump-port", "/system/identity/print", env=env)
    expect(r, "config jump = \"bastion:2222\" with tls = false", rc=0,
           out=IDENTITY, err="", max_s=2)
    eq(read_argv(argv_file),
       ["-W", "127.0.0.1:%d" % sim.api, "-p", "2222", "--", "bastion"],
       "config jump host:port: ssh -W host:port -p 2222 -- bastion")

    r = run("via-proxy", "/system/identity/print", env=env)
    expect(r, "config proxy-command with %h %p", rc=0, out=IDENTITY,
           err="", max_s=2)
    eq(read_argv(argv_file), ["-W", "localhost:%d" % sim.api, "proxyhost"],
       "config proxy-command: %h and %p are the router's host and port "
       "from the config")

    # the command line overrides the router's jump
    r = run("--proxy-command", "%s -W %%h:%%p cli" % shlex.quote(ssh),
            "via-jump-port", "/system/identity/print", env=env)
    expect(r, "--proxy-command overrides the router's jump", rc=0,
           out=IDENTITY, err="", max_s=2)
    eq(read_argv(argv_file), ["-W", "127.0.0.1:%d" % sim.api, "cli"],
       "--proxy-command overrides: the configured host and port")

    r = run("proxy-exits", "/system/identity/print", env=env)
    expect(r, "config proxy-command that exits at once: exit 3 with its "
           "status", rc=3, out="",
           err="tikdeck: proxy command exited with status 0\n", max_s=2)
    r = run("proxy-fails", "/system/identity/print", env=env)
    expect(r, "config proxy-command that fails: exit 3 with its message",
           rc=3, out="",
           err="tikdeck: proxy command failed: no route to 127.0.0.1:%d\n"
           % sim.api, max_s=2)


def main():
    need(FAKE_SSH)
    proxy = "%s -W %%h:%%p jumphost" % shlex.quote(os.path.abspath(FAKE_SSH))
    with Sim("--frozen", ssl=True, cert=True) as sim:
        # --proxy-command, plain: --timeout 3 bounds a hang
        expect(run("--plain", "--timeout", "3", "--proxy-command", proxy,
                   sim.target(), "/system/identity/print"),
               "--proxy-command with --plain", rc=0, out=IDENTITY, err="",
               max_s=2)
        expect(run("--timeout", "3", "--ca", sim.cert, "--proxy-command",
                   proxy, sim.target(tls=True), "/system/identity/print"),
               "--proxy-command with TLS (--ca)", rc=0, out=IDENTITY,
               err="", max_s=2)
        expect(run("--timeout", "3", "--ca", sim.cert, "--proxy-command",
                   proxy, sim.target(tls=True), "/ip/address/print",
                   "--count"),
               "--proxy-command with TLS: a print with --count", rc=0,
               out="2\n", err="", max_s=2)

        # the proxy cannot reach the router: its stderr line is shown
        port = refused_port()
        r = run("--timeout", "3", "--ca", sim.cert, "--proxy-command", proxy,
                "127.0.0.1:%d" % port, "/system/identity/print")
        expect(r, "--proxy-command to a refused port: exit 3 with the "
               "proxy's message", rc=3, out="",
               err="tikdeck: proxy command failed: ssh: connect to host "
                   "127.0.0.1 port %d: Connection refused\n" % port,
               max_s=2)
        r = run("--timeout", "3", "--plain", "--proxy-command",
                "/nonexistent/ssh -W %h:%p j", sim.target(),
                "/system/identity/print")
        expect(r, "a proxy command that does not exist: exit 3", rc=3,
               out="", err_has=["proxy command failed", "/nonexistent/ssh"],
               max_s=2)

        # -J: `ssh -W host:port -- user@jump` from PATH
        bindir = ssh_wrapper()
        argv_file = os.path.join(tmpdir(), "ssh-argv")
        env = make_env("", extra={"TIKEXEC_SSH_ARGV": argv_file},
                       path_first=bindir)
        r = run("--timeout", "3", "--ca", sim.cert, "-J", "joe@jumphost",
                sim.target(tls=True), "/system/identity/print", env=env)
        expect(r, "-J joe@jumphost with TLS (--ca)", rc=0, out=IDENTITY,
               err="", max_s=2)
        got = open(argv_file).read().splitlines() \
            if os.path.exists(argv_file) else None
        eq(got, ["-W", "127.0.0.1:%d" % sim.ssl, "--", "joe@jumphost"],
           "-J ran ssh from PATH as ssh -W host:port -- joe@jumphost")
        if os.path.exists(argv_file):
            os.unlink(argv_file)
        r = run("--timeout", "3", "--plain", "--jump", "jumphost:2222",
                sim.target(), "/system/identity/print", env=env)
        expect(r, "--jump jumphost:2222 with --plain", rc=0, out=IDENTITY,
               err="", max_s=2)
        got = open(argv_file).read().splitlines() \
            if os.path.exists(argv_file) else None
        eq(got, ["-W", "127.0.0.1:%d" % sim.api, "-p", "2222", "--",
                 "jumphost"],
           "--jump host:port passes -p to ssh")

        # %h and %p, and the default ports: 8729 with TLS, 8728 --plain
        show = "echo %h:%p >&2; exit 1"
        for opts, tgt, hp in ((["--plain"], "127.0.0.1", "127.0.0.1:8728"),
                              ([], "admin@localhost", "localhost:8729"),
                              (["--plain", "-p", "2000"], "127.0.0.1",
                               "127.0.0.1:2000")):
            r = run(*(opts + ["--proxy-command", show, tgt,
                              "/system/identity/print"]))
            expect(r, "%s %s: the proxy command gets %s" % (
                " ".join(opts), tgt, hp), rc=3, out="",
                err="tikdeck: proxy command failed: %s\n" % hp, max_s=2)

        # usage: -J and --proxy-command together, a malformed jump host
        r = run("-J", "jumphost", "--proxy-command", proxy, sim.target(),
                "/system/identity/print", env=env)
        expect(r, "-J with --proxy-command: exit 2", rc=2, out="",
               err_has=["either -J or --proxy-command"])
        r = run("-J", "joe@", sim.target(), "/system/identity/print",
                env=env)
        expect(r, "-J joe@ (no host): exit 2", rc=2, out="",
               err_has=["invalid jump host"])

        config_routers(sim, bindir, argv_file)
    done()


if __name__ == "__main__":
    main()
