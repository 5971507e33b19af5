"""ui_bench.py BUILDDIR: the console benchmarks of bench/README.md
("Console"), on the real tikdeck on a pty against tikdeck-sim.

Needs a --enable-test-hooks build (the idle byte on TIKDECK_TEST_IDLE_FD
tells when a key has been fully handled) and python3-pyte (the screen, to
see which row is selected).  Everything runs on loopback; the simulators
listen on port 0 and are stopped at the end.

  ROWS (default 1000000)  routes in the big table
  SECONDS (default 60)    length of the output-rate and idle-CPU runs
                          (and of the quiet-router panes run)
  LOADS (default 4)       loads of the big table the key latency runs over
  HANG (default 15)       seconds before a key is declared hung

Scenarios (arguments after BUILDDIR; default: big live panes):
  big     1M-row /ip/route: first screen, keys while loading, sorts,
          memory, idle CPU with the big table open
  live    20 interfaces, live (L): output rate
  panes   the dashboard + a traffic pane + the log pane against a quiet
          router (--frozen): tikdeck's CPU and output rate over SECONDS
"""
import os
import re
import select
import socket
import statistics
import subprocess
import sys
import time

B = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "tui"))
os.environ.setdefault("top_srcdir", os.path.join(HERE, ".."))
import tuitest  # noqa: E402  (pyte, RepScreen; exits 77 without them)

ROWS = int(os.environ.get("ROWS", "1000000"))
SECONDS = float(os.environ.get("SECONDS", "60"))
LOADS = int(os.environ.get("LOADS", "4"))
HANG = float(os.environ.get("HANG", "15"))
TIKDECK = os.path.join(B, "tikdeck")
SIM = os.path.join(B, "tikdeck-sim")
HZ = os.sysconf("SC_CLK_TCK")
ROUTE_PROPLIST = ("=.proplist=.id,disabled,invalid,dynamic,running,active,"
                  "slave,comment,dst-address,gateway,distance,routing-table")
now = time.monotonic
results = []


def say(*a):
    print(*a, flush=True)


def result(name, value, target, met):
    results.append((name, value, target, met))
    say("  %-46s %-26s target %-12s %s" %
        (name, value, target, verdict(target, met)))


def verdict(target, met):
    return "" if target == "-" else "met" if met else "NOT MET"


def start_sim(args):
    p = subprocess.Popen([SIM, "--api-port", "0", "--seed", "1"] + args,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    line = p.stdout.readline()
    m = re.search(r"127\.0\.0\.1:(\d+)", line)
    if not m:
        p.kill()
        raise SystemExit("tikdeck-sim did not start: " + line)
    return p, int(m.group(1))


def stop(p):
    p.stdout.close()
    if p.poll() is None:
        p.terminate()
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def proc_status(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])  # kB
    return 0


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        s = f.read()
    fields = s[s.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def task_ticks(pid):
    """{thread name (tid): utime + stime} of every thread of pid."""
    out = {}
    for tid in sorted(os.listdir("/proc/%d/task" % pid), key=int):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                s = f.read()
        except OSError:
            continue
        name = s[s.index("(") + 1:s.rindex(")")]
        fields = s[s.rindex(")") + 2:].split()
        out["%s (%s)" % (name, tid)] = int(fields[11]) + int(fields[12])
    return out


def run_ns(pid):
    """Nanoseconds on a CPU of every thread of pid (schedstat: finer than
    the clock ticks of /proc/PID/stat)."""
    total = 0
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                total += int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return total


def sockets(pid):
    """Inodes of the sockets pid has open (a reconnect changes them)."""
    out = set()
    for fd in os.listdir("/proc/%d/fd" % pid):
        try:
            link = os.readlink("/proc/%d/fd/%s" % (pid, fd))
        except OSError:
            continue
        if link.startswith("socket:"):
            out.add(link)
    return out


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


class Term(tuitest.Tui):
    """tuitest.Tui that timestamps and counts what the pty gives."""

    def __init__(self, args, cols=80, rows=24, env=None, **kw):
        self.nbytes = 0
        self.idles = 0
        self.last_read = 0.0
        self.last_idle = 0.0
        # experiments: GLIBC_TUNABLES (e.g. glibc.malloc.mmap_threshold)
        env = dict(env or {})
        if "GLIBC_TUNABLES" in os.environ:
            env["GLIBC_TUNABLES"] = os.environ["GLIBC_TUNABLES"]
        super().__init__(args, cols, rows, env, **kw)

    def _pump(self, timeout):
        idle = False
        r, _, _ = select.select([self.master, self.idle_r], [], [],
                                max(timeout, 0))
        if self.master in r:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                data = b""
            if data:
                self.last_read = now()
                self.nbytes += len(data)
                self.stream.feed(data)
        if self.idle_r in r:
            n = len(os.read(self.idle_r, 4096))
            self.idles += n
            self.last_idle = now()
            idle = n > 0
        return idle

    def until(self, pred, timeout):
        """Pump until pred(); returns the time of the read that made it
        true, or None."""
        end = now() + timeout
        while not pred():
            if now() > end:
                return None
            self._pump(min(0.05, end - now()))
        return self.last_read

    def send(self, s):
        os.write(self.master, s.encode())
        return now()

    def line(self, y):
        return "".join(self.screen.buffer[y][x].data
                       for x in range(self.cols))

    def style(self, y, x=1):
        c = self.screen.buffer[y][x]
        return (c.fg, c.bg, c.reverse, c.bold)

    def selected(self, sel_style):
        """Number in the '#' column of the selected row, or None."""
        for y in range(3, self.rows - 2):
            if self.style(y) == sel_style:
                m = re.match(r"\s*(\d+)", self.line(y))
                if m:
                    return int(m.group(1))
        return None

    def header(self):
        return self.line(1)


def api_word(w):
    b = w.encode()
    n = len(b)
    if n < 0x80:
        return bytes([n]) + b
    if n < 0x4000:
        return (n | 0x8000).to_bytes(2, "big") + b
    return (n | 0xC00000).to_bytes(3, "big") + b


def api_wire_bytes(port, words):
    """Bytes of the reply to words on the wire (login with the empty
    admin password first; counted from the first reply byte to !done)."""
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(api_word("/login") + api_word("=name=admin") +
              api_word("=password=") + b"\0")
    buf = b""
    while not buf.endswith(b"\x05!done\x00"):
        buf += s.recv(65536)
    s.sendall(b"".join(api_word(w) for w in words) + b"\0")
    total, tail = 0, b""
    while True:
        d = s.recv(1 << 20)
        if not d:
            break
        total += len(d)
        tail = (tail + d)[-16:]
        if tail.endswith(b"\x05!done\x00"):
            break
    s.close()
    return total


def timed_key(t, key, timeout):
    """Seconds from sending key to the idle byte after its redraw (the
    idle byte is written after doupdate(), so the screen is out)."""
    t.drain_idle()
    i0 = t.idles
    k0 = t.send(key)
    if t.until(lambda: t.idles > i0, timeout) is None:
        return float("inf")
    return t.last_idle - k0


def big_table():
    say("== big table: tikdeck-sim --routes %d --seed 1 --frozen, "
        "80x24" % ROWS)
    sim, port = start_sim(["--routes", str(ROWS), "--frozen"])
    t = None
    try:
        wire_pl = api_wire_bytes(port, ["/ip/route/print", ROUTE_PROPLIST])
        wire_all = api_wire_bytes(port, ["/ip/route/print"])
        say("  wire: %d bytes with the console's .proplist, %d bytes "
            "for every attribute" % (wire_pl, wire_all))
        t = Term(["--plain", "127.0.0.1:%d" % port])
        t.wait_idle(15)
        t.until(lambda: "ether1" in t.text(), 10)
        sel_style = t.style(3)
        rss0 = proc_status(t.proc.pid, "VmRSS")
        say("  /interface open; RSS %.1f MB before the big table" %
            (rss0 / 1024))
        t.keys(":", *"ip route")
        t.drain_idle()

        # 1 and 2: first screen, then keys while the rows stream
        firsts, lat, lat_any, loads, slow, straddle = [], [], [], [], [], []
        hwms, rsss = [], []
        expect = 0
        for load in range(LOADS):
            b0 = t.nbytes
            t0 = t.send("\r" if load == 0 else "r")
            ok = (lambda: "0.0.0.0/0" in t.text()) if load == 0 else \
                (lambda: "loading" in t.header())
            t1 = t.until(ok, 10 if load == 0 else 2)
            if t1 is None and load == 0:
                raise SystemExit("no rows within 10 s:\n" + t.text())
            if load == 0:
                firsts.append(t1 - t0)
                say("  first screen of rows %.1f ms after Enter (%d "
                    "bytes)" % ((t1 - t0) * 1e3, t.nbytes - b0))
            n_keys = 0
            while "loading" in t.header():
                k0 = t.send("j")
                expect += 1
                n0 = t.nbytes
                got_any = t.until(lambda: t.nbytes > n0, 2)
                got = t.until(lambda: t.selected(sel_style) == expect, 2)
                if got is None:
                    # the load ended or the key was lost: resync
                    expect = t.selected(sel_style) or expect
                    continue
                m = re.search(r"loading (\d+)", t.header())
                if m:
                    lat.append(got - k0)
                    slow.append((got - k0, int(m.group(1))))
                    if got_any is not None:
                        lat_any.append(got_any - k0)
                    n_keys += 1
                else:
                    straddle.append(got - k0)
                wait = k0 + 0.075 - now()
                if wait > 0:
                    t.until(lambda: False, wait)
            done = now()
            loads.append(done - t0)
            say("  load %d: %.2f s, %d keys answered while loading" %
                (load + 1, done - t0, n_keys))
            t.wait_idle(30)
            hwms.append(proc_status(t.proc.pid, "VmHWM"))
            rsss.append(proc_status(t.proc.pid, "VmRSS"))
            if load == 0:
                hwm = proc_status(t.proc.pid, "VmHWM")
                rss = proc_status(t.proc.pid, "VmRSS")
        result("1. first screen of rows after Enter",
               "%.0f ms" % (firsts[0] * 1e3), "< 100 ms", firsts[0] < 0.1)
        if lat:
            lat.sort()
            med = statistics.median(lat)
            say("  %d keys: selection moved after median %.1f ms, p90 "
                "%.1f ms, max %.1f ms; first output byte median %.1f ms" %
                (len(lat), med * 1e3, lat[int(len(lat) * 0.9)] * 1e3,
                 lat[-1] * 1e3, statistics.median(lat_any) * 1e3))
            say("  keys slower than 25 ms (ms at rows loaded): " +
                ", ".join("%.0f@%d" % (d * 1e3, n)
                          for d, n in sorted(slow, key=lambda x: x[1])
                          if d > 0.025))
            if straddle:
                say("  keys answered just after a load ended: " +
                    ", ".join("%.0f ms" % (d * 1e3) for d in straddle))
            result("2. key while rows stream (median)",
                   "%.1f ms" % (med * 1e3), "< 50 ms", med < 0.05)
            result("2. key while rows stream (max of %d)" % len(lat),
                   "%.1f ms" % (lat[-1] * 1e3), "< 50 ms", lat[-1] < 0.05)
        else:
            result("2. key while rows stream", "no key answered",
                   "< 50 ms", False)

        # 4: memory after the first load
        ratio_pl = hwm * 1024 / wire_pl
        say("  after the first load: VmHWM %.1f MB, VmRSS %.1f MB (%.1f "
            "MB before opening the table)" %
            (hwm / 1024, rss / 1024, rss0 / 1024))
        result("4. peak RSS / wire bytes of its rows",
               "%.2f (%.0f/%.0f MB)" % (ratio_pl, hwm / 1024,
                                        wire_pl / 1e6),
               "<= 1.25", ratio_pl <= 1.25)
        say("     (RSS growth %.2f of those wire bytes; VmHWM is %.2f of "
            "every attribute's %.0f MB)" %
            ((rss - rss0) * 1024 / wire_pl, hwm * 1024 / wire_all,
             wire_all / 1e6))

        # 3: sorts (ascending ones keep the selected first row near the
        # top; see the end for the ones that move it far)
        t.keys("g")
        for keys, col in (("s", "dst-address"), (">s", "gateway"),
                          (">s", "distance"), ("s", "(none)")):
            for k in keys[:-1]:
                t.keys(k)
            dt = timed_key(t, keys[-1], 30)
            if col == "(none)":
                say("  back to the router's order: %.0f ms" % (dt * 1e3))
                continue
            result("3. sort 1M rows by %s (key to screen)" % col,
                   "%.0f ms" % (dt * 1e3), "< 1 s", dt < 1.0)
        say("  VmHWM after each load: " + ", ".join(
            "%.0f MB" % (h / 1024) for h in hwms) + "; VmRSS after each "
            "load: " + ", ".join("%.0f MB" % (r / 1024) for r in rsss) +
            "; VmHWM after the sorts: "
            "%.0f MB" % (proc_status(t.proc.pid, "VmHWM") / 1024))
        result("4. peak RSS over reloads and sorts / wire bytes",
               "%.2f" % (proc_status(t.proc.pid, "VmHWM") * 1024 / wire_pl),
               "<= 1.25",
               proc_status(t.proc.pid, "VmHWM") * 1024 / wire_pl <= 1.25)

        # 6: idle CPU with the 1M-row table open, router quiet
        t.wait_idle(10)
        c0, b0, w0 = cpu_ticks(t.proc.pid), t.nbytes, now()
        t.until(lambda: False, SECONDS)
        c1, b1, w1 = cpu_ticks(t.proc.pid), t.nbytes, now()
        pct = (c1 - c0) / HZ / (w1 - w0) * 100
        say("  idle %.0f s: %d ticks of CPU, %d bytes of output" %
            (w1 - w0, c1 - c0, b1 - b0))
        result("6. idle CPU, 1M-row table open, --frozen",
               "%.2f %% of a core" % pct, "< 1 %", pct < 1.0)

        # keys that move the selection far from the top row: G (last row)
        # and a reversed sort.  Bounded: the console is killed if they hang.
        for key, what in (("G", "G (last of 1M rows)"),
                          ("S", "reverse sort by distance")):
            dt = timed_key(t, key, HANG)
            if dt == float("inf"):
                result("key %s" % what, "no answer in %.0f s" % HANG,
                       "< 50 ms" if key == "G" else "< 1 s", False)
                t.proc.kill()
                break
            result("key %s" % what, "%.0f ms" % (dt * 1e3),
                   "< 50 ms" if key == "G" else "< 1 s",
                   dt < (0.05 if key == "G" else 1.0))
    finally:
        if t is not None:
            t.quit()
        stop(sim)


def live_table():
    say("== 20 interfaces: tikdeck-sim --seed 1 (clock running) + 14 "
        "bridges, 80x24")
    sim, port = start_sim([])
    t = None
    try:
        env = dict(os.environ, TIKDECK_PASSWORD="")
        for i in range(14):
            subprocess.run([TIKDECK, "exec", "--plain",
                            "127.0.0.1:%d" % port, "/interface/bridge/add",
                            "=name=bench%d" % i], env=env, check=True,
                           stdout=subprocess.DEVNULL)
        n = subprocess.run([TIKDECK, "exec", "--plain", "127.0.0.1:%d" %
                            port, "/interface/print", "--count"], env=env,
                           check=True, capture_output=True, text=True)
        say("  /interface has %s rows" % n.stdout.strip())
        t = Term(["--plain", "127.0.0.1:%d" % port])
        t.wait_idle(15)
        t.until(lambda: "bench13" in t.text() or "20 rows" in t.header(),
                5)
        say("  screen: " + t.header().strip())
        # L: live (listen, and rx-byte/tx-byte as rates each second)
        t.send("L")
        if t.until(lambda: "LIVE" in t.text() and
                   re.search(r"[1-9][\d.]*[kMG]?/s", t.text()), 15) is None:
            raise SystemExit("live mode showed no rates:\n" + t.text())
        c0, b0, w0 = cpu_ticks(t.proc.pid), t.nbytes, now()
        t.until(lambda: False, SECONDS)
        c1, b1, w1 = cpu_ticks(t.proc.pid), t.nbytes, now()
        rate = (b1 - b0) / (w1 - w0)
        assert "LIVE" in t.text(), t.text()
        say("  live for %.0f s: %d bytes, CPU %.2f %% of a core" %
            (w1 - w0, b1 - b0, (c1 - c0) / HZ / (w1 - w0) * 100))
        result("5. live 20-interface table (L)",
               "%.0f bytes/s" % rate, "< 2048 B/s", rate < 2048)
    finally:
        if t is not None:
            t.quit()
        stop(sim)


def panes():
    """The issue's quiet-router figure: the dashboard (resource poll once
    a second, a monitor-traffic and a log stream), :traffic ether1 (another
    monitor-traffic stream, the graph redrawn once a second) and l (the
    log pane, /log/print =follow=) against tikdeck-sim --frozen (no new
    log lines; monitor-traffic still sends a row a second per interface,
    constant values)."""
    say("== panes: tikdeck-sim --seed 1 --frozen; dashboard, "
        ":traffic ether1, l; 80x24, %.0f s" % SECONDS)
    sim, port = start_sim(["--frozen"])
    t = None
    try:
        t = Term(["--plain", "--first-screen", "dashboard",
                  "127.0.0.1:%d" % port], first_screen=None)
        if t.until(lambda: "identity" in t.text() and
                   re.search(r"ether1 +[\d.]+ [kMG]?bps", t.text()),
                   15) is None:
            raise SystemExit("no dashboard within 15 s:\n" + t.text())
        t.wait_idle(10)
        t.keys(":", *"traffic ether1", "Enter")
        if t.until(lambda: "traffic ether1" in t.text() and
                   re.search(r"rx +[\d.]+ [kMG]?bps", t.text()),
                   10) is None:
            raise SystemExit("no traffic pane within 10 s:\n" + t.text())
        # l from the traffic pane opens the log pane in the same bottom
        # slot (the traffic pane stays open behind its tab); a build from
        # before 05b8196 ignores l in a pane: Tab to the dashboard first
        def log_shown():
            return re.search(r"─ log ", t.text()) and "logged in from" in \
                "".join(t.line(y) for y in range(14, t.rows - 2))
        t.keys("l")
        if t.until(log_shown, 3) is None:
            t.keys("Tab", "l")
        if t.until(log_shown, 10) is None:
            raise SystemExit("no log pane within 10 s:\n" + t.text())
        t.until(lambda: False, 3)       # everything has had a tick
        screen = t.text()
        tabs = [l for l in screen.splitlines() if "traffic ether1" in l]
        say("  open: dashboard; panes: " + (tabs[-1].strip("─ ")
                                             if tabs else "?"))
        pid = t.proc.pid
        la0 = loadavg()
        so0 = sockets(pid)
        tk0, ns0 = task_ticks(pid), run_ns(pid)
        c0, s0 = cpu_ticks(pid), cpu_ticks(sim.pid)
        b0, i0, w0 = t.nbytes, t.idles, now()
        me0 = os.times()
        t.until(lambda: False, SECONDS)
        c1, s1 = cpu_ticks(pid), cpu_ticks(sim.pid)
        b1, i1, w1 = t.nbytes, t.idles, now()
        tk1, ns1 = task_ticks(pid), run_ns(pid)
        me1 = os.times()
        la1 = loadavg()
        if sockets(pid) != so0 or "onnect" in t.line(0):
            say("  WARNING: the connection changed during the run "
                "(reconnect?): " + t.line(0).strip())
        dt = w1 - w0
        pct = (c1 - c0) / HZ / dt * 100
        say("  %.1f s: tikdeck %d ticks (%d Hz) = %.2f %% of a core "
            "(schedstat %.3f %%); per thread: %s" %
            (dt, c1 - c0, HZ, pct, (ns1 - ns0) / 1e9 / dt * 100,
             ", ".join("%s %d" % (k, tk1[k] - tk0.get(k, 0))
                       for k in tk1)))
        say("  output %d bytes = %.0f bytes/s; %d idle bytes (one per "
            "redraw with nothing pending) = %.2f/s" %
            (b1 - b0, (b1 - b0) / dt, i1 - i0, (i1 - i0) / dt))
        say("  not counted: tikdeck-sim %d ticks = %.2f %% of a core; "
            "this driver %.2f %% (pyte)" %
            (s1 - s0, (s1 - s0) / HZ / dt * 100,
             ((me1.user - me0.user) + (me1.system - me0.system)) /
             dt * 100))
        say("  load average before / after: %s / %s" % (la0, la1))
        if not re.search(r"─ log ", t.text()):
            say("  WARNING: the log pane is no longer on screen:\n" +
                t.text())
        result("7. quiet router: dashboard + traffic + log",
               "%.2f %% of a core" % pct, "< 1 %", pct < 1.0)
        result("7. same, terminal output",
               "%.0f bytes/s" % ((b1 - b0) / dt), "-", True)
    finally:
        if t is not None:
            t.quit()
        stop(sim)


def main():
    for p in (TIKDECK, SIM):
        if not os.access(p, os.X_OK):
            raise SystemExit("missing " + p)
    tuitest.TIKDECK = TIKDECK
    what = sys.argv[2:] or ["big", "live", "panes"]
    for w in what:
        if w not in ("big", "live", "panes"):
            raise SystemExit("unknown scenario %s (big, live, panes)" % w)
    if "big" in what:
        big_table()
    if "live" in what:
        live_table()
    if "panes" in what:
        panes()
    say("== summary")
    for name, value, target, met in results:
        say("  %-46s %-26s target %-12s %s" %
            (name, value, target, verdict(target, met)))


main()
