"""The dashboard and the first screen, against tikdeck-sim --seed 1
--frozen and --demo: without --first-screen the console opens the
dashboard; it shows the router's identity, board, version, uptime, CPU
load, memory and disk as /system/resource/print has them (tikdeck exec),
the running interfaces with rates, the NTP status, the DHCP lease count
(=count-only=) and the log's last lines (new ones as they come);
/system/resource is polled once a second; r refreshes; q closes it (the
streams are cancelled: /cancel in the simulator's trace) and leaves what
closing any root view leaves; :dashboard opens it over a table and q goes
back to the table; after the simulator restarts on the same port it fills
again; --first-screen /ip/firewall/filter, "ip firewall filter" and log
open those screens first, first-screen in the config too (the option
wins; the router's units apply to rates and sizes); a bad value opens the
dashboard with an error naming it.  The 80x24 screen of --demo is compared with
expected/dashboard.txt (sparklines and log times masked)."""
import json
import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import (exec_, start_sim,  # noqa: E402
                     trace_count, Tui, until)


class DashTui(Tui):
    """The screen with the sparklines (they grow each second) and the log
    times (the demo logs at the host's clock) masked."""

    def normalised(self):
        t = super().normalised()
        t = re.sub(r"[\u2581-\u2588]+ *", lambda m: "~" * len(m.group(0)),
                   t)
        t = re.sub(r"\b\d\d:\d\d:\d\d\b", "HH:MM:SS", t)
        return t


def rows(port, *words):
    return json.loads(exec_(port, "-o", "json", *words))


def line_with(t, text):
    for line in t.text().split("\n"):
        if text in line:
            return line
    raise AssertionError("%r not on screen:\n%s" % (text, t.text()))


def pct(used, total):
    return "(%d%%)" % int(used * 100 / total + 0.5)


def check_values(t, port):
    """What the dashboard shows is what the router says."""
    res = rows(port, "/system/resource/print")[0]
    ntp = rows(port, "/system/ntp/client/print")[0]
    ifs = rows(port, "/interface/print")
    leases = exec_(port, "/ip/dhcp-server/lease/print",
                   "=count-only=").strip()
    assert re.fullmatch(r"\d+", leases), leases

    assert "dashboard" in t.text(), t.text()
    assert re.search(r"identity\s+soho-gw", t.text()), t.text()
    assert "board     " + res["board-name"] in t.text(), t.text()
    assert "version   " + res["version"] in t.text(), t.text()
    assert "uptime    " + res["uptime"] in t.text(), t.text()
    assert re.search(r"cpu\s+%s%%" % res["cpu-load"], t.text()), t.text()
    assert "%s x %s %s MHz" % (res["cpu-count"], res["cpu"],
                               res["cpu-frequency"]) in t.text(), t.text()
    mem = line_with(t, "memory ")
    assert pct(int(res["total-memory"]) - int(res["free-memory"]),
               int(res["total-memory"])) in mem, mem
    disk = mem[mem.index("disk"):]
    assert pct(int(res["total-hdd-space"]) - int(res["free-hdd-space"]),
               int(res["total-hdd-space"])) in disk, disk
    assert re.search(r"ntp\s+%s, %s \(stratum %s\)" % (
        ntp["status"], re.escape(ntp["synced-server"]),
        ntp["synced-stratum"]), t.text()), t.text()
    assert re.search(r"dhcp\s+%s leases?\b" % leases, t.text()), t.text()
    running = [i["name"] for i in ifs if i.get("running") == "true" and
               i.get("disabled") != "true"]
    assert running, ifs
    for name in running:
        until(t, "rates of " + name, lambda: re.search(
            r"(?m)^ %s\s+[\d.]+ [kMGT]?bps\s+[\d.]+ [kMGT]?bps" %
            re.escape(name), t.text()))
    for i in ifs:
        if i["name"] not in running:
            assert not re.search(r"(?m)^ %s " % re.escape(i["name"]),
                                 t.text()), t.text()
    assert re.search(r"(?m)^ log$", t.text()), t.text()
    assert "user admin logged in from 127.0.0.1 via api" in t.text(), \
        t.text()


def sim_session(port, trace):
    t = Tui(["--plain", "127.0.0.1:%d" % port], first_screen=None)
    try:
        t.wait_idle()
        t.wait_for("soho-gw")
        t.wait_for("leases")
        check_values(t, port)
        # the first screen: q does not leave it, so the footer leaves q out
        assert "r refresh" in t.text(), t.text()
        assert "q back" not in t.text() and "Q quit" in t.text(), t.text()
        assert "edit" not in t.text().split("\n")[-2], t.text()

        # the CPU is polled once a second (while nothing else is sent)
        n0 = trace_count(trace, "/system/resource/print")
        time.sleep(3.2)
        t._pump(0.1)
        n1 = trace_count(trace, "/system/resource/print")
        assert 2 <= n1 - n0 <= 5, (n0, n1)
        assert trace_count(trace, "/interface/monitor-traffic") == 1
        assert trace_count(trace, "/log/print") == 1

        # a new log line shows up
        exec_(port, "/ip/firewall/filter/add", "=chain=input",
              "=action=drop", "=comment=dashtest")
        t.wait_for("filter rule added by admin")

        # r: everything read once is read again
        n0 = trace_count(trace, "/system/ntp/client/print")
        t.keys("r")
        t.wait_for("dashboard refreshed")
        until(t, "ntp again", lambda: trace_count(
            trace, "/system/ntp/client/print") == n0 + 1)

        # q on the first screen: it stays, the status says Q quits
        t.keys("q")
        t.wait_for("this is the first screen: Q quits")
        assert "leases" in t.text(), t.text()
        os.write(t.master, b"Q")
        t.proc.wait(5)
        assert t.proc.returncode == 0, t.proc.returncode
    finally:
        t.quit()

    # :dashboard over the /interface table; q goes back to the table
    t = Tui(["--plain", "127.0.0.1:%d" % port])
    try:
        t.wait_idle()
        t.wait_for("6 rows")
        t.keys(":", "dashboard", "Enter")
        t.wait_for("leases")
        check_values(t, port)
        # q: the dashboard closes, its streams are cancelled and the
        # polling stops
        c0 = trace_count(trace, "/cancel")
        t.keys("q")
        t.wait_for("6 rows")
        assert "dashboard" not in t.text(), t.text()
        until(t, "both streams cancelled",
              lambda: trace_count(trace, "/cancel") >= c0 + 2)
        n0 = trace_count(trace, "/system/resource/print")
        time.sleep(1.5)
        assert trace_count(trace, "/system/resource/print") == n0
    finally:
        t.quit()


def reconnect(port, trace):
    """The dashboard fills again after the router comes back."""
    sim, _ = start_sim(["--trace", trace], port=port)
    t = Tui(["--plain", "127.0.0.1:%d" % port], first_screen=None)
    try:
        t.wait_idle()
        t.wait_for("leases")
        sim.kill()
        sim.wait()
        os.unlink(trace)
        sim, _ = start_sim(["--trace", trace], port=port)
        until(t, "streams again", lambda: os.path.exists(trace) and
              trace_count(trace, "/interface/monitor-traffic") >= 1 and
              trace_count(trace, "/log/print") >= 1 and
              trace_count(trace, "/system/resource/print") >= 2,
              timeout=30)
        exec_(port, "/ip/address/add", "=address=192.0.2.1/24",
              "=interface=ether5")
        t.wait_for("address added by admin", timeout=20)
        check_values(t, port)
    finally:
        t.quit()
        sim.kill()
        sim.wait()


def first_screens(port):
    for arg, want in (("/ip/firewall/filter", "/ip/firewall/filter"),
                      ("ip firewall filter", "/ip/firewall/filter"),
                      ("dashboard", "leases")):
        t = Tui(["--plain", "--first-screen", arg, "127.0.0.1:%d" % port])
        try:
            t.wait_idle()
            t.wait_for(want)
            if want != "leases":
                t.wait_for("forward")
                assert "dashboard" not in t.text(), t.text()
        finally:
            t.quit()
    # log: the /interface table with the log pane
    t = Tui(["--plain", "--first-screen", "log", "127.0.0.1:%d" % port])
    try:
        t.wait_idle()
        t.wait_for("6 rows")
        t.wait_for("user admin logged in from 127.0.0.1 via api")
        assert "p pause" in t.text(), t.text()
    finally:
        t.quit()
    # first-screen in the config; --first-screen wins over it; the
    # router's units (bytes, 1024) show in the rates
    conf = os.path.join(tempfile.mkdtemp(prefix="tikdeck-dash-"), "c.conf")
    with open(conf, "w") as f:
        f.write('first-screen = "/ip/address";\nunits = "bytes";\n'
                'kilo = 1024;\nrouters = ({ name = "lab"; host = '
                '"127.0.0.1"; port = %d; tls = false; });\n' % port)
    t = Tui(["-c", conf, "lab"], first_screen=None)
    try:
        t.wait_idle()
        t.wait_for("/ip/address")
        t.wait_for("192.168.88.1/24")
        assert "dashboard" not in t.text(), t.text()
    finally:
        t.quit()
    t = Tui(["-c", conf, "--first-screen", "dashboard", "lab"])
    try:
        t.wait_idle()
        t.wait_for("leases")
        until(t, "rates in bytes", lambda: re.search(
            r"(?m)^ ether1\s+[\d.]+ [KMG]iB/s\s+[\d.]+ [KMG]iB/s",
            t.text()))
        assert "MiB" in line_with(t, "memory"), t.text()
    finally:
        t.quit()
    # a bad value: the dashboard, and the error names it
    for bad in ("bogus", "ip", "f!lter"):
        t = Tui(["--plain", "--first-screen", bad, "127.0.0.1:%d" % port])
        try:
            t.wait_idle()
            t.wait_for("leases")
            t.wait_for('first-screen "%s" is not a screen' % bad)
        finally:
            t.quit()


def demo():
    t = DashTui(["--demo"], first_screen=None)
    try:
        t.wait_idle()
        t.wait_for("leases")
        until(t, "rates", lambda: len(re.findall(r"\d Mbps", t.text())) >=
              8)
        t.wait_for("logged in")
        t.wait_idle()
        assert "soho-gw" in t.text(), t.text()
        t.check("dashboard")
        # narrow: one pair a line; short: what fits, nothing run together
        t.resize(60, 12)
        t.wait_idle()
        body = t.text().split("\n")[2:10]
        labels = ["identity", "board", "version", "uptime", "cpu",
                  "memory", "disk", "ntp"]
        for line, label in zip(body, labels):
            assert re.match(r" %s +\S" % label, line), t.text()
        assert "dhcp" not in t.text(), t.text()
        t.resize(30, 8)
        t.wait_idle()
        assert all(len(l) <= 30 for l in t.text().split("\n")), t.text()
        assert re.search(r"\n uptime +\d", t.text()), t.text()
        assert t.text().split("\n")[7].startswith(" : go to"), t.text()
    finally:
        t.quit()
    t = DashTui(["--demo", "--first-screen", "/ip/firewall/filter"])
    try:
        t.wait_idle()
        t.wait_for("/ip/firewall/filter")
        assert "dashboard" not in t.text(), t.text()
    finally:
        t.quit()
    t = DashTui(["--demo", "--first-screen", "nonsense"])
    try:
        t.wait_idle()
        t.wait_for("leases")
        t.wait_for('first-screen "nonsense" is not a screen')
    finally:
        t.quit()


def main():
    trace = os.path.join(tempfile.mkdtemp(prefix="tikdeck-dash-"), "tr")
    sim, port = start_sim(["--trace", trace])
    try:
        sim_session(port, trace)
        first_screens(port)
    finally:
        sim.kill()
        sim.wait()
    reconnect(port, trace)
    demo()
    return 0


if __name__ == "__main__":
    sys.exit(main())
