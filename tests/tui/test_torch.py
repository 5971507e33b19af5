"""The torch pane against tikdeck-sim --seed 1 --frozen (every frame is
the same frame, so the flows are fixed): :torch alone says how to use it;
:torch ether1 sends /tool/torch with the classifiers for addresses,
ports and protocol and shows the flows the simulator sends (compared with
its own reply through tikdeck exec), as address:port, protocol and rates,
sorted by total rate; s sorts by rx, then tx, then total again and the
header says which; the totals line sums the frame; z zooms to all flows;
words after the interface replace a classifier (port=443); an idle
interface (ether4: not running, one all-zero row) says "no traffic"; an
unknown interface shows the router's trap in the pane and the status
line; q closes the pane and the stream is cancelled (/cancel in the
simulator's trace)."""
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import (cancels, run_traced, TIKDECK,  # noqa: E402
                     Tui, until, wait_cancel, wait_gone, wait_re)

CLASSIFIERS = ["=src-address=0.0.0.0/0", "=dst-address=0.0.0.0/0",
               "=port=any", "=ip-protocol=any"]
UNITS = {"bps": 1, "kbps": 1e3, "Mbps": 1e6, "Gbps": 1e9}
RATE = r"([\d.]+ (?:bps|kbps|Mbps|Gbps))"
ROW = re.compile(r"^(\S+)\s+(\S+)\s+(tcp|udp)\s+" + RATE + r"\s+" + RATE +
                 "$")


def torch_frame(port, iface, extra):
    """The first frame of the simulator's own torch reply: a dict per
    row."""
    env = dict(os.environ, TIKDECK_PASSWORD="", HOME=tempfile.mkdtemp())
    p = subprocess.Popen([TIKDECK, "exec", "--plain", "127.0.0.1:%d" % port,
                          "/tool/torch", "=interface=" + iface] + extra,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, text=True, env=env)
    rows = []
    try:
        end = time.time() + 10
        for line in p.stdout:
            row = dict(w.split("=", 1) for w in line.split())
            if row.get(".section") != "0":
                break
            rows.append(row)
            assert time.time() < end, rows
    finally:
        p.kill()
        p.wait()
    assert rows, "no torch rows from the simulator"
    return rows


def rate(s):
    n, u = s.split()
    return float(n) * UNITS[u]


def near(shown, bits):
    return abs(rate(shown) - float(bits)) <= 0.006 * float(bits) + 1


def pane_lines(t, kind):
    """The lines below the pane's tab line (up to the status line)."""
    lines = t.text().split("\n")
    for i, line in enumerate(lines):
        if re.match(r"^[─-] " + kind + " ", line):
            return lines[i + 1:-3]
    raise AssertionError("no %s pane:\n%s" % (kind, t.text()))


def flows_shown(t):
    return [ROW.match(l).groups() for l in pane_lines(t, "torch")
            if ROW.match(l)]


def wait_flows(t, n, timeout=15):
    """Wait for n whole flow lines in the pane; returns them."""
    until(t, "not %d flows" % n, lambda: len(flows_shown(t)) == n, timeout)
    return flows_shown(t)


def check_rows(t, shown, want):
    """Rows on screen against the simulator's rows, in order."""
    assert len(shown) == len(want), t.text()
    for s, w in zip(shown, want):
        assert s[0] == "%s:%s" % (w["src-address"], w["src-port"]), \
            (s, w, t.text())
        assert s[1] == "%s:%s" % (w["dst-address"], w["dst-port"]), \
            (s, w, t.text())
        assert s[2] == w["ip-protocol"], (s, w)
        assert near(s[3], w["rx"]) and near(s[4], w["tx"]), (s, w)


def by(rows, key):
    f = {"total": lambda r: -(int(r["rx"]) + int(r["tx"])),
         "rx": lambda r: -int(r["rx"]), "tx": lambda r: -int(r["tx"])}[key]
    return sorted(rows, key=f)     # stable: ties in arrival order


def trace_text(trace, since=0):
    """The words in and out from offset since, as "<<< word" lines."""
    with open(trace) as f:
        f.seek(since)
        return re.sub(r"(?m)^\S+ #\d+ ", "", f.read())


def trace_len(trace):
    return os.path.getsize(trace)


def header(t):
    return pane_lines(t, "torch")[0]


def run(port, trace):
    want = torch_frame(port, "ether1", CLASSIFIERS)
    assert len(want) == 8, want
    idle = torch_frame(port, "ether4", CLASSIFIERS)
    assert len(idle) == 1 and idle[0]["rx"] == "0" and \
        idle[0]["tx"] == "0", idle
    only443 = [r for r in want if "443" in (r["src-port"], r["dst-port"])]

    t = Tui(["--plain", "127.0.0.1:%d" % port])
    try:
        t.wait_idle()
        t.wait_for("6 rows")

        # :torch alone: how to use it, no pane
        t.keys(":", "torch", "Enter")
        t.wait_for("usage: :torch INTERFACE")
        assert "PROTO" not in t.text(), t.text()

        # the flows of a frame, by total rate, in the 6-line slot
        mark = trace_len(trace)
        t.keys(":", "torch ether1", "Enter")
        t.wait_for("torch ether1 8 flows")
        assert "ether2" in t.text(), t.text()    # the table stays above
        assert re.match(r"^SRC\s+DST\s+PROTO\s+RX\s+TX by total$",
                        header(t)), t.text()
        check_rows(t, wait_flows(t, 4), by(want, "total")[:4])
        rx = sum(int(r["rx"]) for r in want)
        tx = sum(int(r["tx"]) for r in want)
        wait_re(t, r"(?m)^8 flows  total rx .* showing 1-4$")
        m = re.search(r"^8 flows  total rx (\S+ \S+)  tx (\S+ \S+)  "
                      r"showing 1-4$", t.text(), re.M)
        assert m and near(m.group(1), rx) and near(m.group(2), tx), \
            t.text()
        assert "s sort" in t.text() and "q close" in t.text(), t.text()
        sent = trace_text(trace, mark)
        assert re.search(r"<<< /tool/torch\n<<< =interface=ether1\n" +
                         "".join(r"<<< %s\n" % re.escape(w)
                                 for w in CLASSIFIERS), sent), sent[-2000:]

        # z: all eight flows; s: by rx, by tx, by total again
        t.keys("z")
        assert "ether2" not in t.text(), t.text()
        check_rows(t, flows_shown(t), by(want, "total"))
        for key in ("rx", "tx", "total"):
            t.keys("s")
            wait_re(t, r"TX by %s\n" % key)
            assert "torch: sorted by %s rate" % key in t.text(), t.text()
            check_rows(t, flows_shown(t), by(want, key))
        assert by(want, "tx")[0] != by(want, "total")[0]  # s did sort
        t.keys("z")
        t.wait_for("ether2")

        # q closes it and the router is told to stop
        before = cancels(trace)
        t.keys("q")
        wait_gone(t, "PROTO")
        wait_cancel(trace, before)

        # a word after the interface replaces its classifier
        mark = trace_len(trace)
        t.keys(":", "torch ether1 port=443", "Enter")
        t.wait_for("torch ether1 %d flows" % len(only443))
        check_rows(t, wait_flows(t, len(only443)), by(only443, "total"))
        sent = trace_text(trace, mark)
        assert ("<<< =interface=ether1\n<<< =src-address=0.0.0.0/0\n"
                "<<< =dst-address=0.0.0.0/0\n<<< =port=443\n"
                "<<< =ip-protocol=any\n") in sent, sent[-2000:]
        before = cancels(trace)
        t.keys("Esc")
        wait_gone(t, "PROTO")
        wait_cancel(trace, before)

        # an idle interface: one all-zero row, "no traffic"
        t.keys(":", "torch ether4", "Enter")
        t.wait_for("no traffic on ether4")
        assert "torch ether4 0 flows" in t.text(), t.text()
        assert flows_shown(t) == [], t.text()
        wait_re(t, r"(?m)^0 flows  total rx 0 bps  tx 0 bps$")
        before = cancels(trace)
        t.keys("q")
        wait_gone(t, "PROTO")
        wait_cancel(trace, before)

        # no such interface: the router's trap, in the pane and below
        t.keys(":", "torch nosuch", "Enter")
        msg = "input does not match any value of interface"
        t.wait_for("torch nosuch: " + msg)
        lines = pane_lines(t, "torch")
        assert lines[1].strip() == msg, t.text()
        t.keys("q")
        wait_gone(t, "PROTO")
        return t
    except BaseException:
        t.quit()
        raise


def main():
    return run_traced("torch", run)


if __name__ == "__main__":
    sys.exit(main())
