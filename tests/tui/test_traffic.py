"""The traffic pane against tikdeck-sim --seed 1 --frozen (constant rates):
:traffic ether1 shows the rx/tx rates the simulator sends (read with
tikdeck exec ... =once=), the graph fills with braille dots, u shows bytes,
w cycles the window, z zooms, :traffic ether1,ether2 shows both (one line
each with sparklines in the bottom slot), t on an /interface row opens
traffic for it, :traffic nosuch shows the router's trap, q closes the pane
and the simulator sees /cancel; --ascii draws without braille."""
import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import (exec_, start_sim, Tui, until,  # noqa: E402
                     wait_cancel)


def sim_rates(port, iface):
    """rx/tx bits and packets per second the simulator sends for iface."""
    out = exec_(port, "/interface/monitor-traffic", "=interface=" + iface,
                "=once=")
    lines = [l.split() for l in out.splitlines() if l.strip()]
    assert len(lines) >= 2 and len(lines[0]) == len(lines[1]), out
    row = dict(zip(lines[0], lines[1]))
    vals = {}
    for k in ("rx-bits-per-second", "tx-bits-per-second",
              "rx-packets-per-second", "tx-packets-per-second"):
        assert k in row, out
        vals[k] = int(row[k])
    return vals


def fmt(v, unit):
    """units_rate() for base 1000: "1.23 Mbps", "157 kB/s", "512 bps"."""
    steps = ["", "k", "M", "G", "T"]
    i = 0
    while v >= 1000 and i < 4:
        v /= 1000.0
        i += 1
    suffix = steps[i] + unit
    if i == 0:
        return "%d %s" % (round(v), suffix)
    room = 8 - len(suffix)
    digits = len(str(int(v)))
    dec = max(0, room - digits - 1)
    s = "%.*f" % (dec, v)
    return "%s %s" % (s, suffix)


def braille(t):
    return sum(1 for ch in t.text() if 0x2801 <= ord(ch) <= 0x28ff)


def wait_braille(t, n, timeout=15):
    until(t, "fewer than %d braille cells" % n, lambda: braille(t) >= n,
          timeout)



def run(port, trace):
    r1 = sim_rates(port, "ether1")
    r2 = sim_rates(port, "ether2")
    assert r1["rx-bits-per-second"] > 0, r1
    rx_bits = fmt(r1["rx-bits-per-second"], "bps")
    tx_bits = fmt(r1["tx-bits-per-second"], "bps")
    rx_bytes = fmt(r1["rx-bits-per-second"] / 8.0, "B/s")
    rx2 = fmt(r2["rx-bits-per-second"], "bps")
    t = Tui(["--plain", "127.0.0.1:%d" % port])
    try:
        t.wait_idle()
        t.wait_for("6 rows")

        # :traffic ether1: the rates the simulator sends, then a graph
        t.keys(":", "traffic ether1", "Enter")
        t.wait_for(rx_bits)
        t.wait_for(tx_bits)
        assert "traffic ether1" in t.text(), t.text()
        assert "%d pps" % r1["rx-packets-per-second"] in t.text() or \
            r1["rx-packets-per-second"] >= 1000, t.text()
        assert "peak " + rx_bits in t.text(), t.text()
        assert "avg " + rx_bits in t.text(), t.text()
        # the table is still above the pane
        assert "ether3" in t.text(), t.text()
        # after a few seconds the graph has filled a good part
        wait_braille(t, 10)
        first = braille(t)
        time.sleep(3)
        t._pump(1.2)
        assert braille(t) > first, t.text()
        # rx above the middle, tx below, each half named
        lines = t.text().split("\n")
        i = next(n for n, l in enumerate(lines) if l.startswith("rx \u2191 "))
        assert lines[i + 1].startswith("tx \u2193 "), t.text()
        # only the keys that work here in the footer
        assert "/ search" not in t.text() and "q close" in t.text(), \
            t.text()

        # u: bytes; u again: bits
        t.keys("u")
        t.wait_for(rx_bytes)
        assert "bytes" in t.text(), t.text()
        t.keys("u")
        t.wait_for(rx_bits)

        # w: the window cycles
        t.keys("w")
        t.wait_for("10 min")
        t.keys("w")
        t.wait_for("1 h")
        t.keys("w")
        t.wait_for("60 s")

        # z: the whole body, a taller graph
        small = braille(t)
        t.keys("z")
        assert "ether3" not in t.text(), t.text()
        assert braille(t) > small, t.text()
        t.keys("z")
        t.wait_for("ether3")

        # q closes: the simulator sees /cancel
        t.keys("q")
        assert "traffic ether1" not in t.text(), t.text()
        wait_cancel(trace, 0)

        # two interfaces: one line each in the bottom slot
        t.keys(":", "traffic ether1,ether2", "Enter")
        t.wait_for(rx2)
        t.wait_for(rx_bits)
        lines = t.text().split("\n")
        l1 = [l for l in lines if l.startswith("ether1 ") and "rx" in l]
        l2 = [l for l in lines if l.startswith("ether2 ") and "rx" in l]
        assert l1 and l2 and rx_bits in l1[0] and rx2 in l2[0], t.text()
        # zoomed: room for a graph each
        t.keys("z")
        wait_braille(t, 10)
        assert "peak " + rx2 in t.text(), t.text()
        t.keys("z")
        t.keys("q")
        wait_cancel(trace, 1)

        # t on the selected /interface row (ether1 is first)
        t.wait_for("ether3")
        t.keys("t")
        t.wait_for(rx_bits)
        assert "traffic ether1" in t.text(), t.text()
        t.keys("q")
        wait_cancel(trace, 2)

        # an unknown interface: the router's trap, in the pane and status
        t.keys(":", "traffic nosuch", "Enter")
        t.wait_for("input does not match any value of interface")
        assert t.text().count("input does not match any value") >= 2, \
            t.text()
        t.keys("q")
        assert "─ traffic nosuch" not in t.text(), t.text()
    finally:
        t.quit()

    # --ascii: no braille, ASCII graph
    t = Tui(["--plain", "--ascii", "127.0.0.1:%d" % port])
    try:
        t.wait_idle()
        t.wait_for("6 rows")
        t.keys(":", "traffic ether1", "Enter")
        t.wait_for(rx_bits)
        until(t, "no ASCII graph", lambda: t.text().count("#") >= 10, 15)
        assert braille(t) == 0, t.text()
        assert re.search(r"\nrx \^ \|.*\ntx v \|", t.text()), t.text()
    finally:
        t.quit()


def router_units(port):
    """A router configured with units = bytes and kilo = 1024 starts the
    pane in KiB/s or MiB/s."""
    home = tempfile.mkdtemp(prefix="tikdeck-traffic-home-")
    d = os.path.join(home, ".config", "tikdeck")
    os.makedirs(d)
    with open(os.path.join(d, "tikdeck.conf"), "w") as f:
        f.write('routers = ( { name = "gw"; host = "127.0.0.1"; '
                'port = %d; tls = false; units = "bytes"; kilo = 1024; '
                '} );\n' % port)
    t = Tui(["gw"], env={"HOME": home})
    try:
        t.wait_idle()
        t.wait_for("6 rows")
        t.keys(":", "traffic ether1", "Enter")
        t.wait_for("rx")
        until(t, "byte units", lambda: re.search(
            r"rx +[\d.]+ (KiB|MiB)/s", t.text()))
        assert "bps" not in t.text().split("traffic ether1")[1], t.text()
    finally:
        t.quit()


def main():
    trace = os.path.join(tempfile.mkdtemp(prefix="tikdeck-traffic-"), "tr")
    sim, port = start_sim(["--trace", trace])
    try:
        run(port, trace)
        router_units(port)
    finally:
        sim.kill()
        sim.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
