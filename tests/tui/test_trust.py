"""The console and the routers' config, TLS trust and plaintext warning,
against tikdeck-sim's api-ssl listener (a self-signed certificate):
reject ends with exit status 4 and how to pin; accept once connects and
pins nothing; accept always pins in known_routers and the next start
connects without asking; a changed certificate of a pinned router is
refused with the changed-identification warning; a plaintext router warns
once; a router named in tikdeck.conf is reached by its name with its
charset."""
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import Tui, TIKDECK_SIM  # noqa: E402


def start_tls_sim(args=()):
    """tikdeck-sim with api and api-ssl; returns (process, api, ssl)."""
    p = subprocess.Popen([TIKDECK_SIM, "--api-port", "0", "--api-ssl-port",
                          "0", "--seed", "1", "--frozen"] + list(args),
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    ports = {}
    while len(ports) < 2:
        line = p.stdout.readline()
        m = re.match(r"(api|api-ssl) 127\.0\.0\.1:(\d+)", line)
        if not m:
            p.kill()
            raise AssertionError("tikdeck-sim did not start: " + line)
        ports[m.group(1)] = int(m.group(2))
    return p, ports["api"], ports["api-ssl"]


def wait_exit(t, timeout=10):
    end = time.time() + timeout
    while t.proc.poll() is None:
        assert time.time() < end, t.text()
        t._pump(0.1)
    t._pump(0.2)
    return t.proc.returncode


def known(home):
    path = os.path.join(home, ".local", "state", "tikdeck",
                        "known_routers")
    if not os.path.exists(path):
        return ""
    with open(path) as f:
        return f.read()


def dialog(home, ssl):
    t = Tui(["127.0.0.1:%d" % ssl], env={"HOME": home})
    t.wait_for("The router's TLS certificate is not trusted")
    t.wait_for("r reject")
    t.wait_for("self-signed")
    text = t.text()
    assert "CN=tikdeck-sim" in text and "self-signed" in text, text
    assert re.search(r"SHA-256\s+([0-9A-F]{2}:){10}", text), text
    assert "o accept once" in text and "a accept always" in text, text
    return t


def main():
    home = tempfile.mkdtemp(prefix="tikdeck-trust-")
    sim, api, ssl = start_tls_sim()
    try:
        # reject: exit 4, and how to pin it
        t = dialog(home, ssl)
        t.keys("r", wait=False)
        assert wait_exit(t) == 4
        out = bytes(t.raw).decode("utf-8", "replace")
        assert "tikdeck trust 127.0.0.1:%d" % ssl in out, out[-2000:]
        t.quit()
        assert known(home) == "", known(home)

        # accept once: connected, nothing pinned
        t = dialog(home, ssl)
        t.keys("o")
        t.wait_for("certificate accepted for this session")
        t.wait_for("6 rows")
        assert " TLS" in t.text().split("\n")[0], t.text()
        t.quit()
        assert known(home) == "", known(home)

        # accept always: pinned; the next start does not ask
        t = dialog(home, ssl)
        t.keys("a")
        t.wait_for("6 rows")
        t.wait_for("pinned in")
        t.quit()
        assert re.search(r"^127\.0\.0\.1:%d ([0-9A-F]{2}:){31}[0-9A-F]{2}$"
                         % ssl, known(home), re.M), known(home)
        t = Tui(["127.0.0.1:%d" % ssl], env={"HOME": home})
        t.wait_idle()
        t.wait_for("6 rows")
        assert "not trusted" not in t.text(), t.text()
        t.quit()

        # plaintext: the warning once per router
        t = Tui(["--plain", "127.0.0.1:%d" % api], env={"HOME": home})
        t.wait_idle()
        t.wait_for("PLAINTEXT: 127.0.0.1: the api service sends the "
                   "password")
        t.quit()
        t = Tui(["--plain", "127.0.0.1:%d" % api], env={"HOME": home})
        t.wait_idle()
        t.wait_for("6 rows")
        assert "PLAINTEXT:" not in t.text(), t.text()
        t.quit()

        # a router by its name in tikdeck.conf, with its charset
        cfdir = os.path.join(home, ".config", "tikdeck")
        os.makedirs(cfdir, exist_ok=True)
        with open(os.path.join(cfdir, "tikdeck.conf"), "w") as f:
            f.write('routers = (\n  { name = "office"; host = "127.0.0.1";'
                    ' port = %d; tls = false; charset = "utf-8"; }\n);\n'
                    % api)
        t = Tui(["office"], env={"HOME": home})
        t.wait_idle()
        t.wait_for("6 rows")
        assert "B\ufffdro-PC" in t.text(), t.text()
        t.quit()
    finally:
        sim.kill()
        sim.wait()

    # a new certificate for the pinned router: refused, no dialog
    sim, api, ssl2 = start_tls_sim()
    try:
        with open(os.path.join(home, ".local", "state", "tikdeck",
                               "known_routers"), "a") as f:
            f.write(known(home).splitlines()[-1].replace(
                ":%d " % ssl, ":%d " % ssl2) + "\n")
        t = Tui(["127.0.0.1:%d" % ssl2], env={"HOME": home})
        assert wait_exit(t) == 4
        out = bytes(t.raw).decode("utf-8", "replace")
        assert "ROUTER IDENTIFICATION HAS CHANGED" in out, out[-2000:]
        assert "The router's TLS certificate is not trusted" not in \
            t.text(), t.text()
        t.quit()
    finally:
        sim.kill()
        sim.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
