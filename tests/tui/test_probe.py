"""The ping and traceroute panes against tikdeck-sim --seed 1 --frozen:
:ping alone says how to use it; :ping to an address that replies shows
probes with times and a 0% loss summary; count= ends it by itself and the
pane says so; an address in 192.0.2.0/24 (the simulator never gets a
reply from it) shows timeout lines in the error colour and 100% loss;
q closes the pane and the stream is cancelled (/cancel in the
simulator's trace); :traceroute shows the hop table (or the router's
error); z zooms the pane."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import (cancels, run_traced, Tui,  # noqa: E402
                     wait_cancel, wait_gone, wait_re)


def pane_lines(t, kind):
    """The lines below the pane's tab line."""
    lines = t.text().split("\n")
    for i, line in enumerate(lines):
        if re.match(r"^[─-] " + kind + " ", line):
            return lines[i + 1:-3]
    raise AssertionError("no %s pane:\n%s" % (kind, t.text()))


def run(port, trace):
    t = Tui(["--plain", "127.0.0.1:%d" % port])
    try:
        t.wait_idle()
        t.wait_for("6 rows")

        # :ping alone: how to use it, no pane
        t.keys(":", "ping", "Enter")
        t.wait_for("usage: :ping HOST")
        assert "SEQ" not in t.text(), t.text()

        # a router on the LAN replies: times, 0% loss
        t.keys(":", "ping 192.168.88.1", "Enter")
        wait_re(t, r"ping 192\.168\.88\.1 [3-9]/[3-9] 0% loss")
        assert "ether1" in t.text(), t.text()   # the table stays above
        lines = pane_lines(t, "ping")
        assert "SEQ" in lines[0] and "TIME" in lines[0], t.text()
        probes = [l for l in lines[1:] if re.match(r"^\s+\d+\s+192\.168",
                                                   l)]
        assert len(probes) >= 2, t.text()
        assert all(re.search(r"\s56\s+64\s+\d+(\.\d+)?(us|ms)$", l)
                   for l in probes), t.text()
        assert re.search(r"sent \d+  received \d+  loss 0%  rtt "
                         r"min/avg/max \S+(us|ms)/\S+/\S+", t.text()), \
            t.text()
        assert "timeout" not in t.text(), t.text()
        assert "q close" in t.text() and "p pause" not in t.text(), \
            t.text()

        # z: the whole body; z: back
        t.keys("z")
        assert "ether1 " not in t.text(), t.text()
        t.keys("z")
        t.wait_for("ether1")

        # q closes it and the router is told to stop
        before = cancels(trace)
        t.keys("q")
        wait_gone(t, "SEQ")
        wait_cancel(trace, before)

        # 192.0.2.0/24 never answers: timeouts, 100% loss
        t.keys(":", "ping 192.0.2.1 interval=200ms", "Enter")
        wait_re(t, r"ping 192\.0\.2\.1 0/[3-9] 100% loss")
        probes = [l for l in pane_lines(t, "ping")
                  if re.match(r"^\s+\d+\s+192\.0\.2\.1", l)]
        assert len(probes) >= 3, t.text()
        assert all(l.endswith("timeout") for l in probes), t.text()
        assert "loss 100%" in t.text(), t.text()
        y = next(i for i, l in enumerate(t.screen.display)
                 if re.match(r"^\s+\d+\s+192\.0\.2\.1.*timeout", l))
        x = t.screen.display[y].index("timeout")
        assert t.attr_at(y, x).fg != t.attr_at(y, 2).fg, \
            "timeout not in its colour"
        # Esc stops (/cancel) and the results stay; Esc again closes
        before = cancels(trace)
        t.keys("Esc")
        wait_cancel(trace, before)
        t.wait_for("(stopped)")
        assert "loss 100%" in t.text() and "SEQ" in t.text(), t.text()
        t.keys("Esc")
        wait_gone(t, "SEQ")

        # count=: the router ends it and the pane says so
        t.keys(":", "ping 192.168.88.1 count=3 interval=100ms", "Enter")
        t.wait_for("(ping finished)")
        # the tab line may be drawn before the summary arrives
        t.wait_for("sent 3  received 3  loss 0%")
        assert "ping 192.168.88.1 3/3 0% loss" in t.text(), t.text()
        t.keys("q")
        wait_gone(t, "SEQ")

        # traceroute: the hop table
        t.keys(":", "traceroute", "Enter")
        t.wait_for("usage: :traceroute HOST")
        t.keys(":", "traceroute 8.8.8.8", "Enter")
        wait_re(t, r"traceroute 8\.8\.8\.8 \d+ hops")
        lines = pane_lines(t, "traceroute")
        assert re.search(r"#\s+ADDRESS\s+LOSS\s+SENT\s+LAST\s+AVG\s+BEST"
                         r"\s+WORST", lines[0]), t.text()
        assert re.match(r"^\s+1\s+198\.51\.100\.1\s+0%\s+\d+\s+\S+ms",
                        lines[1]), t.text()
        t.keys("z")
        t.wait_for("8.8.8.8  ")
        hops = [l for l in pane_lines(t, "traceroute")
                if re.match(r"^\s+\d+\s", l)]
        assert len(hops) == 6 and "8.8.8.8" in hops[-1], t.text()
        assert "shown (j k)" not in t.text(), t.text()
        t.keys("z")
        # the slot holds 5 of the 6 hops: the tab says which, j scrolls
        wait_re(t, r"traceroute 8\.8\.8\.8 6 hops, 1-5 shown \(j k\)")
        t.keys("j")
        wait_re(t, r"6 hops, 2-6 shown")
        before = cancels(trace)
        t.keys("q")
        wait_gone(t, "ADDRESS")
        wait_cancel(trace, before)

        # the router's error, shown as it is
        t.keys(":", "traceroute nosuch.example", "Enter")
        t.wait_for("invalid value for argument address")
        t.keys("q")
        wait_gone(t, "ADDRESS")
        return t
    except BaseException:
        t.quit()
        raise


def main():
    return run_traced("probe", run)


if __name__ == "__main__":
    sys.exit(main())
