"""Loading a big table (100,000 routes in tikdeck-sim): the count from
=count-only= shows before the rows finish streaming, rows show and keys are
answered while they stream, Esc stops the load with a /cancel the router
sees (no rows after it; the rows so far stay, nothing stays pending), and a
full load counts every route with End on the last one.

The simulator sleeps --latency ms before each reply, and it sends the
generated routes in slices of 16,384 rows, each its own reply: the load
takes at least 7 x LATENCY however fast the machine is, a window to press
keys in.  The idle signal only comes with nothing pending, so while the
rows stream the test polls the screen, with deadlines."""
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import start_sim, Tui, TIKDECK  # noqa: E402

# Big enough for slices of 16,384 rows to stream for a while (7 of them),
# small enough for a sanitizer build (there, a full load of 150,000 rows
# takes about a minute: its realloc copies; 100,000 about 20 s).
ROUTES = 100000
LATENCY_MS = 300
SLICE = 16384           # generated routes per reply (src/sim/stream.c)
END = "\x1bOF"          # xterm's kend in keypad mode


def start_big_sim(args):
    """tikdeck-sim with ROUTES generated routes; (process, port)."""
    return start_sim(["--routes", str(ROUTES)] + args)

class BigTui(Tui):
    """Tui that remembers whether the last thing from tikdeck was its idle
    byte (written after a redraw with nothing pending): the polls below
    read the idle bytes too, so wait_idle() would wait for the next one."""

    idle_last = False

    def _pump(self, timeout):
        n = len(self.raw)
        idle = super()._pump(timeout)
        if idle:
            self.idle_last = True
        elif len(self.raw) != n:
            self.idle_last = False
        return idle

    def wait_idle_output(self):
        """After the idle byte: what output is still on its way."""
        while True:
            r, _, _ = select.select([self.master], [], [], 0.05)
            if not r:
                return
            self._pump(0)


def stop_sim(p):
    p.kill()
    p.wait()
    p.stdout.close()


def exec_count(port):
    out = subprocess.run(
        [TIKDECK, "exec", "--plain", "127.0.0.1:%d" % port,
         "/ip/route/print", "=count-only=", "--count"],
        capture_output=True, text=True, timeout=30,
        env=dict(os.environ, TIKDECK_PASSWORD=""))
    assert out.returncode == 0, out.stderr
    return int(out.stdout.strip())


def line(t, y):
    return t.screen.display[y]


def header(t):
    """The panel header (path, filter, count)."""
    return line(t, 1)


def style(t, y):
    c = t.screen.buffer[y][2]
    return (c.fg, c.bg, c.reverse, c.bold)


def until(t, what, pred, timeout=60, idle=False):
    """Pump the output until pred() is true (returns its value); with
    idle, also until tikdeck said it is idle with that screen."""
    end = time.time() + timeout
    while True:
        v = pred()
        if v and idle and t.idle_last:
            t.wait_idle_output()
        if v and (not idle or t.idle_last):
            return v
        if time.time() > end:
            raise AssertionError("%s: not within %s s:\n%s" %
                                 (what, timeout, t.text()))
        t._pump(0.05)


def loading(t, total):
    """The rows loaded so far while the header says loading N/total, or
    None; fails if the load of total rows has ended."""
    m = re.search(r"loading (\d+)/(\d+)\s*$", header(t))
    assert not re.search(r"\b%d rows\s*$" % total, header(t)), \
        "the load ended already:\n" + t.text()
    if m is None:
        return None
    assert int(m.group(2)) == total, header(t)
    return int(m.group(1))


def selected_row(t, sel):
    """Screen lines of the table rows drawn in the selection's style."""
    return [y for y in range(3, t.rows - 2)
            if style(t, y) == sel and line(t, y).strip()]


def read_trace(path):
    """Sentences of the trace: {conn: [(dir, [words])]}."""
    conns = {}
    cur = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for l in f:
            m = re.match(r"\S+ (#\d+) (<<<|>>>) (.*)$", l.rstrip("\n"))
            if not m:
                continue
            key = (m.group(1), m.group(2))
            if m.group(3) == "EOS":
                conns.setdefault(m.group(1), []).append(
                    (m.group(2), cur.pop(key, [])))
            else:
                cur.setdefault(key, []).append(m.group(3))
    return conns


def check_trace(path, total, shown):
    """The router saw /cancel of the route print and sent no row of it
    after that: fewer than total, at least what the console shows."""
    for conn in read_trace(path).values():
        tag = None
        for d, w in conn:
            if d == "<<<" and w and w[0] == "/ip/route/print" and \
                    "=count-only=" not in w:
                tag = [x[5:] for x in w if x.startswith(".tag=")][0]
        if tag is None:
            continue
        sent = after = 0
        cancel = trap = done = False
        for d, w in conn:
            if d == "<<<" and w and w[0] == "/cancel" and \
                    "=tag=" + tag in w:
                cancel = True
            if d != ">>>" or ".tag=" + tag not in w:
                continue
            if w[0] == "!re":
                sent += 1
                after += cancel
            elif w[0] == "!trap" and cancel:
                trap = "=message=interrupted" in w
            elif w[0] == "!done":
                done = cancel
        assert cancel, "the simulator got no /cancel of tag " + tag
        assert after == 0, "%d rows sent after /cancel" % after
        assert trap and done, "no !trap interrupted and !done after /cancel"
        # rows already on the way when Esc was pressed are dropped
        assert 0 < shown <= sent < total, (shown, sent, total)
        return
    raise AssertionError("no /ip/route/print in the trace")


def stop_while_loading(tmp):
    """(1) count first, (2) rows and keys while loading, (3) Esc stops."""
    trace = os.path.join(tmp, "trace")
    sim, port = start_big_sim(["--latency", str(LATENCY_MS), "--trace",
                               trace])
    try:
        total = exec_count(port)
        assert total >= ROUTES, total
        t = BigTui(["--plain", "127.0.0.1:%d" % port])
        t.wait_idle(30)
        t.keys(":", "ip route", "Enter", wait=False)

        # (1) the total from =count-only= before the rows are in
        until(t, "loading N/%d" % total,
              lambda: loading(t, total) is not None)
        n = loading(t, total)
        assert n < total, t.text()
        assert "pending" in line(t, 0), t.text()

        # (2) rows on the screen while loading: the first reply has the
        # static routes, the next ones a slice of generated routes each
        until(t, "the first slice of rows while loading",
              lambda: (loading(t, total) or 0) > SLICE and
              "0.0.0.0/0" in line(t, 3))
        n = loading(t, total)
        assert re.match(r"\s*0 ", line(t, 3)), t.text()
        assert re.match(r"\s*1 ", line(t, 4)), t.text()
        sel = style(t, 3)
        assert style(t, 4) != sel, "row 1 looks selected:\n" + t.text()

        # a key while loading: Down moves the selection to row 1
        t.keys("Down", wait=False)
        until(t, "Down while loading", lambda: selected_row(t, sel) == [4])
        assert loading(t, total) is not None, t.text()

        # help while loading lists Esc as stop; q closes it
        t.keys("?", wait=False)
        until(t, "help while loading",
              lambda: "Keys on this screen" in t.text() and
              "stop loading" in t.text())
        t.keys("q", wait=False)
        until(t, "the table again",
              lambda: loading(t, total) is not None and
              "Keys on this screen" not in t.text() and
              selected_row(t, sel) == [4])
        # more rows came while the keys were handled, and still come
        until(t, "more rows while loading",
              lambda: (loading(t, total) or 0) > n)
        n = loading(t, total)
        assert n < total, t.text()

        # (3) Esc stops the load: /cancel, the rows so far stay
        t.keys("Esc", wait=False)

        def stopped():
            assert not re.search(r"\b%d rows\s*$" % total, header(t)), \
                "Esc did not stop the load:\n" + t.text()
            return "load stopped" in t.text() and "loading" not in header(t)

        # the idle byte comes only with nothing pending
        until(t, "load stopped, nothing pending", stopped, idle=True)
        text = t.text()
        m = re.search(r"load stopped: (\d+) rows loaded", text)
        assert m, text
        shown = int(m.group(1))
        assert n <= shown < total, (n, shown, total)
        assert "pending" not in line(t, 0), text
        assert re.search(r"\b%d rows\s*$" % shown, header(t)), t.text()
        assert selected_row(t, sel) == [4], t.text()
        print("stopped at %d of %d rows (%d on screen at Esc)" %
              (shown, total, n))
        check_trace(trace, total, shown)
        assert t.quit() == 0
    finally:
        stop_sim(sim)


def full_load():
    """(4) a full load counts every route; End goes to the last one."""
    sim, port = start_big_sim([])
    try:
        total = exec_count(port)
        t = BigTui(["--plain", "127.0.0.1:%d" % port])
        t.wait_idle(30)
        t.keys(":", "ip route", "Enter", wait=False)
        until(t, "%d rows" % total,
              lambda: re.search(r"^/ip/route\s.*\b%d rows\s*$" % total,
                                header(t)), timeout=150, idle=True)
        sel = style(t, 3)
        assert re.match(r"\s*0 .*0\.0\.0\.0/0", line(t, 3)), t.text()
        t.keys(END)
        ys = selected_row(t, sel)
        assert len(ys) == 1, t.text()
        y = ys[0]
        assert re.match(r"\s*%d " % (total - 1), line(t, y)), t.text()
        # the last row: nothing under it
        assert all(not line(t, k).strip() for k in range(y + 1, t.rows - 2)
                   if not line(t, k).lstrip().startswith(";;;")), t.text()
        assert re.search(r"\b%d rows\s*$" % total, header(t)), t.text()
        assert t.quit() == 0
    finally:
        stop_sim(sim)


def main():
    tmp = tempfile.mkdtemp(prefix="tikdeck-bigload-")
    try:
        t0 = time.time()
        stop_while_loading(tmp)
        t1 = time.time()
        print("count, keys while loading, Esc: %.1f s" % (t1 - t0))
        full_load()
        print("full load, End: %.1f s" % (time.time() - t1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
