"""Live mode (L) against tikdeck-sim: a listen on /ip/firewall/filter
shows an add, a set (the changed cell highlighted) and a remove (the row
fades, then goes) made through tikdeck exec; L again stops; live survives a
simulator restart on the same port; counters show per-second deltas while
the simulator's clock runs."""
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import (exec_, pump, start_sim,  # noqa: E402
                     TIKDECK_SIM, Tui, until, wait_gone, wait_re)


def find(t, text):
    """(row, col) of text on the screen."""
    for y, line in enumerate(t.screen.display):
        x = line.find(text)
        if x >= 0:
            return y, x
    raise AssertionError("%r not on screen:\n%s" % (text, t.text()))


def live_changes(port):
    t = Tui(["--plain", "127.0.0.1:%d" % port])
    t.wait_idle()
    t.wait_for("6 rows")
    t.keys(":", "ip firewall filter", "Enter")
    t.wait_for("12 rows")
    assert "LIVE" not in t.text()
    t.keys("L")
    t.wait_for("LIVE  12 rows")
    t.wait_for("0/s")
    t.wait_idle()
    t.check("live-filter", title=False)

    # set: the changed cell is highlighted, then not
    exec_(port, "/ip/firewall/filter/set", "=numbers=*3", "=action=reject")
    t.wait_for("input   reject")
    y, x = find(t, "reject")
    assert t.attr_at(y, x).bg != "default", t.attr_at(y, x)
    until(t, "the highlight stays",
          lambda: t.attr_at(y, x).bg == "default", 6)

    # add: a new row appears; remove: it fades, then goes
    exec_(port, "/ip/firewall/filter/add", "=chain=input", "=action=drop",
          "=protocol=udp", "=dst-port=9999", "=comment=livetest")
    t.wait_for("LIVE  13 rows")
    t.keys("G")
    t.wait_for("livetest")
    exec_(port, "/ip/firewall/filter/remove", "=numbers=*D")
    wait_gone(t, "livetest")
    t.wait_for("LIVE  12 rows")

    # the selection stays on its row when a row above it goes
    t.keys("g", "j", "j", "j")          # #3 input accept icmp (.id *4)
    exec_(port, "/ip/firewall/filter/remove", "=numbers=*2")
    t.wait_for("LIVE  11 rows")
    y, x = find(t, "icmp")
    assert t.attr_at(y, x).bg != "default", "selection lost"

    # L again: stopped (acknowledged), no more updates
    t.keys("L")
    t.wait_for("live updates of /ip/firewall/filter stopped")
    assert "LIVE" not in t.text()
    exec_(port, "/ip/firewall/filter/add", "=chain=input", "=action=drop",
          "=comment=notshown")
    pump(t, 1.5)
    assert "notshown" not in t.text() and "11 rows" in t.text(), t.text()
    t.keys("r")
    t.wait_for("12 rows")
    assert t.quit() == 0


def live_restart():
    sim, port = start_sim([])
    try:
        t = Tui(["--plain", "127.0.0.1:%d" % port])
        t.wait_idle()
        t.wait_for("6 rows")
        t.keys(":", "ip firewall filter", "Enter")
        t.wait_for("12 rows")
        t.keys("L")
        t.wait_for("LIVE  12 rows")
        sim.kill()
        sim.wait()
        sim, port = start_sim([], port)
        t.wait_for("LIVE  12 rows")
        # the title bar says the connection is back; the listen is again
        end = time.time() + 15
        while True:
            exec_(port, "/ip/firewall/filter/set", "=numbers=*3",
                  "=comment=after restart")
            pump(t, 0.5)
            if "after restart" in t.text():
                break
            assert time.time() < end, t.text()
            exec_(port, "/ip/firewall/filter/set", "=numbers=*3",
                  "=comment=")
        assert "LIVE" in t.text()
        assert t.quit() == 0
    finally:
        sim.kill()
        sim.wait()


def rate(text):
    """"1.2M" as a number."""
    mult = {"k": 1e3, "M": 1e6, "G": 1e9}
    if text[-1] in mult:
        return float(text[:-1]) * mult[text[-1]]
    return float(text)


def live_counters():
    sim = subprocess.Popen([TIKDECK_SIM, "--api-port", "0", "--seed", "1",
                            "--speed", "20"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
    try:
        m = re.search(r"127\.0\.0\.1:(\d+)", sim.stdout.readline())
        assert m
        port = int(m.group(1))
        t = Tui(["--plain", "127.0.0.1:%d" % port])
        t.wait_idle()
        t.wait_for("6 rows")
        t.keys(":", "ip firewall filter", "Enter")
        t.wait_for("12 rows")
        t.keys("L")
        wait_re(t, r"\d(\.\d)?[kMG]?/s +\d+(\.\d)?[kMG]?/s", 10)
        # rates that are not zero: the clock runs
        assert re.search(r"[1-9][\d.]*[kMG]?/s", t.text()), t.text()
        # /interface: rx-byte and tx-byte as rates
        t.keys(":", "interface", "Enter")
        t.wait_for("live updates of /ip/firewall/filter stopped")
        t.keys("L")
        t.wait_for("LIVE")
        wait_re(t, r"[1-9][\d.]*[kMG]?/s", 10)
        # sorted by rx-byte in live mode: by the rate, re-sorted as the
        # rates change
        t.keys(">", ">", ">", ">", ">", "S")
        t.wait_for("sort: rx-byte")
        pump(t, 2.5)
        rates = [rate(m.group(1)) for m in re.finditer(
            r"^\d+ .* (\d[\d.]*[kMG]?)/s +\d[\d.]*[kMG]?/s$",
            t.text(), re.M)]
        assert len(rates) == 6 and rates[0] > 0, t.text()
        assert rates == sorted(rates, reverse=True), (rates, t.text())
        assert t.quit() == 0
    finally:
        sim.kill()
        sim.wait()


def main():
    sim, port = start_sim([])
    try:
        live_changes(port)
    finally:
        sim.kill()
        sim.wait()
    live_restart()
    live_counters()
    return 0


if __name__ == "__main__":
    sys.exit(main())
