"""The bottom pane slot and the log pane against tikdeck-sim --seed 1
--frozen: l opens the log (backlog, then new lines as the router logs
them), severity colours, pause holds new lines and counts them, / searches,
:log TOPICS filters, z zooms, Tab moves between the table and the pane,
help lists the pane's keys, q closes it and the stream is cancelled
(/cancel in the simulator's trace), and the pane follows again after the
simulator restarts on the same port."""
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import (exec_, run_traced, start_sim, Tui,  # noqa: E402
                     wait_gone, wait_re)


def pane_lines(t):
    """The lines below the pane's tab line."""
    lines = t.text().split("\n")
    for i, line in enumerate(lines):
        if re.match(r"^[─-] log", line):
            return lines[i + 1:-3]
    raise AssertionError("no log pane:\n" + t.text())


def row_of(t, text):
    for y, line in enumerate(t.screen.display):
        if text in line:
            return y, line.find(text)
    raise AssertionError("%r not on screen:\n%s" % (text, t.text()))


def run(port, trace):
    t = Tui(["--plain", "127.0.0.1:%d" % port])
    try:
        t.wait_idle()
        t.wait_for("6 rows")
        t.keys("l")
        t.wait_for("user admin logged in from 127.0.0.1 via api")
        assert "p pause" in t.text() and "q close" in t.text(), t.text()
        # the table is still above the pane
        assert "ether1" in t.text(), t.text()

        # a change on the router shows up as a new line
        exec_(port, "/ip/firewall/filter/add", "=chain=input",
              "=action=drop", "=comment=panetest")
        t.wait_for("filter rule added by admin")
        assert any(l.endswith("filter rule added by admin")
                   for l in pane_lines(t)[-3:]), t.text()

        # pause: new lines wait and are counted; p again shows them
        t.keys("p")
        t.wait_for("log PAUSED +0")
        exec_(port, "/ip/firewall/filter/add", "=chain=input",
              "=action=drop", "=comment=paused")
        wait_re(t, r"log PAUSED \+[1-9]", 10)
        assert "\n".join(pane_lines(t)).count("filter rule added") == 1, \
            t.text()
        t.keys("p")
        t.wait_for("log resumed")
        assert "log PAUSED" not in t.text(), t.text()
        assert "\n".join(pane_lines(t)).count("filter rule added") == 2, \
            t.text()

        # / searches the lines
        t.keys("/", "logged out", "Enter")
        t.wait_for('lines with "logged out"')
        shown = [l for l in pane_lines(t) if l.strip()]
        assert shown and all("logged out" in l for l in shown), t.text()
        t.keys("/", "Enter")
        t.wait_for("filter rule added by admin")

        # :log TOPICS: only those topics
        t.keys(":", "log account", "Enter")
        t.wait_for("log: only topics account")
        shown = [l for l in pane_lines(t) if l.strip()]
        assert shown and all("logged" in l for l in shown), t.text()
        t.keys(":", "log", "Enter")

        # z: the pane takes the whole body; z again: back
        t.keys("z")
        assert "ether1 " not in t.text(), t.text()
        assert len([l for l in pane_lines(t) if l.strip()]) > 8, t.text()
        t.keys("z")
        t.wait_for("ether1")

        # Tab: the table has the keys again (its footer), Tab: the pane
        t.keys("Tab")
        assert "s sort" in t.text() and "p pause" not in t.text(), t.text()
        t.keys("Tab")
        assert "p pause" in t.text(), t.text()

        # w: long lines go on under themselves; w again: cut at the edge
        # (60 columns leave the message 25: "user admin logged in from
        # 127.0.0.1 via api" does not fit)
        t.resize(60, 24)
        t.wait_idle()
        assert not re.search(r"\n {20,}\S", t.text()), t.text()
        t.keys("w")
        t.wait_for("log: long lines wrapped")
        assert re.search(r"\n {35}127\.0\.0\.1 via api\n", t.text()), \
            t.text()
        assert "w wrap" in t.text(), t.text()
        t.keys("w")
        t.wait_for("log: long lines cut")
        assert not re.search(r"\n {20,}\S", t.text()), t.text()
        t.resize(80, 24)
        t.wait_idle()

        # too short for both: the focused one is shown, Tab swaps them
        t.resize(40, 10)
        t.wait_idle()
        assert "─ log" in t.text() and "p pause" in t.text(), t.text()
        t.keys("Enter")
        assert "Enter does nothing here" in t.text(), t.text()
        t.keys("Tab")
        assert "rows" in t.text() and "─ log" not in t.text(), t.text()
        assert "Enter edit" in t.text(), t.text()
        t.keys("Tab")
        assert "─ log" in t.text() and "p pause" in t.text(), t.text()
        t.resize(80, 24)
        t.wait_idle()
        t.wait_for("ether1")

        # help for the pane
        t.keys("?")
        t.wait_for("Keys on this screen")
        assert "pause / resume" in t.text(), t.text()
        t.keys("q")

        # q closes the pane: the stream is cancelled on the router
        t.keys("q")
        wait_gone(t, "p pause")
        assert "user admin logged in" not in t.text(), t.text()
        end = time.time() + 10
        while True:
            with open(trace) as f:
                tr = f.read()
            if re.search(r"<<< /cancel\n.*<<< =tag=", tr, re.S):
                break
            assert time.time() < end, tr[-3000:]
            time.sleep(0.2)

        # open again for the reconnect below
        t.keys("l")
        t.wait_for("filter rule added by admin")
        return t
    except BaseException:
        t.quit()
        raise


def reconnect(t, sims, port):
    """The router restarts: the log pane follows the new one."""
    sims[0].kill()
    sims[0].wait()
    sims[0], _ = start_sim([], port=port)
    t.wait_for("soho-gw", timeout=30)
    exec_(port, "/ip/address/add", "=address=192.0.2.1/24",
          "=interface=ether5")
    t.wait_for("address added by admin", timeout=20)
    assert any("address added by admin" in l
               for l in pane_lines(t)[-3:]), t.text()


def main():
    return run_traced("panes", run, reconnect)


if __name__ == "__main__":
    sys.exit(main())
