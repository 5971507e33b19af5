"""tuitest: drive the real tikdeck on a pty, with pyte as the terminal.

Screens are compared with tests/tui/expected/NAME.txt; set
TIKDECK_TUI_REGEN=1 to write them instead (then review the diff).
The binary must be built with --enable-test-hooks: it writes a byte to
TIKDECK_TEST_IDLE_FD each time it is idle, so nothing here sleeps blindly.
"""
import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time

try:
    import pyte
except ImportError:
    print("python3-pyte is missing: skipping the screen tests")
    sys.exit(77)

if os.environ.get("TIKDECK_TEST_HOOKS", "yes") != "yes":
    # The screen tests wait for the UI's idle signal, which only a
    # --enable-test-hooks build sends (./build.sh and CI configure it so).
    print("tikdeck was configured without --enable-test-hooks: "
          "skipping the screen tests")
    sys.exit(77)

SRCDIR = os.environ.get("top_srcdir",
                        os.path.join(os.path.dirname(__file__), "..", ".."))
TIKDECK = os.environ.get("TIKDECK", "./tikdeck")
TIKDECK_SIM = os.environ.get("TIKDECK_SIM", "./tikdeck-sim")
EXPECTED = os.path.join(SRCDIR, "tests", "tui", "expected")


class RepScreen(pyte.Screen):
    """pyte.Screen with what ncurses uses on xterm and pyte lacks:
    REP (CSI n b), SU and SD (CSI n S, CSI n T)."""

    last = " "

    def draw(self, data):
        if data:
            self.last = data[-1]
        super().draw(data)

    def repeat_last(self, count=1, *args, **kwargs):
        super().draw(self.last * max(count, 1))


    def _margins(self):
        m = self.margins
        return (m.top, m.bottom) if m else (0, self.lines - 1)

    def scroll_up(self, count=1, *args, **kwargs):
        """SU (CSI n S): pyte lacks it; ncurses scrolls with it."""
        top, bottom = self._margins()
        y, x = self.cursor.y, self.cursor.x
        self.cursor.y = bottom
        for _ in range(max(count, 1)):
            self.index()
        self.cursor.y, self.cursor.x = y, x

    def scroll_down(self, count=1, *args, **kwargs):
        """SD (CSI n T)."""
        top, bottom = self._margins()
        y, x = self.cursor.y, self.cursor.x
        self.cursor.y = top
        for _ in range(max(count, 1)):
            self.reverse_index()
        self.cursor.y, self.cursor.x = y, x


class RepStream(pyte.ByteStream):
    csi = dict(pyte.ByteStream.csi, b="repeat_last", S="scroll_up",
               T="scroll_down")


KEYS = {"Enter": "\r", "Tab": "\t", "Esc": "\x1b", "Up": "\x1bOA",
        "Down": "\x1bOB", "PgDn": "\x1b[6~", "PgUp": "\x1b[5~",
        "Home": "\x1bOH", "End": "\x1bOF",
        "F1": "\x1bOP", "F2": "\x1bOQ", "F3": "\x1bOR",
        "F10": "\x1b[21~", "BS": "\x7f"}


class Tui:
    """One tikdeck on a pty of cols x rows.  The console opens the
    dashboard first; the tests were written against the /interface table,
    so --first-screen FIRST_SCREEN (/interface) is added unless args have
    their own --first-screen or first_screen is None."""

    def __init__(self, args, cols=80, rows=24, env=None,
                 first_screen="/interface"):
        if first_screen is not None and not any(
                a == "--first-screen" or a.startswith("--first-screen=")
                for a in args):
            args = ["--first-screen", first_screen] + list(args)
        self.cols, self.rows = cols, rows
        self.screen = RepScreen(cols, rows)
        self.stream = RepStream(self.screen)
        self.master, slave = os.openpty()
        self.resize_pty(cols, rows)
        self.raw = bytearray()      # every byte the terminal got
        self.idle_r, idle_w = os.pipe()
        self.home = tempfile.mkdtemp(prefix="tikdeck-tui-")
        e = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
             "TERM": "xterm-256color", "LANG": "C.UTF-8",
             "LC_ALL": "C.UTF-8", "TZ": "UTC", "HOME": self.home,
             "NCURSES_NO_UTF8_ACS": "1",
             "TIKDECK_THEMEDIR": os.path.join(SRCDIR, "themes"),
             "TIKDECK_TEST_IDLE_FD": str(idle_w),
             "TIKDECK_TEST_DEMO_FROZEN": "1", "TIKDECK_PASSWORD": ""}
        e.update(env or {})
        self.proc = subprocess.Popen(
            [TIKDECK] + args, stdin=slave, stdout=slave, stderr=slave,
            env=e, pass_fds=(idle_w,), start_new_session=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
        os.close(slave)
        os.close(idle_w)

    def resize_pty(self, cols, rows):
        fcntl.ioctl(self.master, termios.TIOCSWINSZ,
                    struct.pack("HHHH", rows, cols, 0, 0))

    def resize(self, cols, rows):
        """Resize the terminal (the kernel sends SIGWINCH)."""
        self.cols, self.rows = cols, rows
        self.screen.resize(rows, cols)
        self.resize_pty(cols, rows)

    def _pump(self, timeout):
        """Read output and idle bytes for up to timeout s; True if idle."""
        idle = False
        r, _, _ = select.select([self.master, self.idle_r], [], [], timeout)
        if self.master in r:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                data = b""
            if data:
                self.raw += data
                self.stream.feed(data)
        if self.idle_r in r:
            if os.read(self.idle_r, 4096):
                idle = True
        return idle

    def wait_idle(self, timeout=10):
        """Wait for the next idle byte, then for the output to settle."""
        end = time.time() + timeout
        while time.time() < end:
            if self._pump(end - time.time()):
                break
        else:
            raise AssertionError("no idle signal within %s s:\n%s" %
                                 (timeout, self.text()))
        while self._pump(0.05):
            pass
        self.settle()

    def settle(self):
        """Read output until none arrives for 50 ms: the rest of a redraw
        whose first part a test has just seen."""
        while True:
            r, _, _ = select.select([self.master], [], [], 0.05)
            if not r:
                break
            self._pump(0)

    def drain_idle(self):
        """Forget idle bytes from before a key."""
        while True:
            r, _, _ = select.select([self.master, self.idle_r], [], [], 0)
            if not r:
                return
            self._pump(0)

    def keys(self, *seq, wait=True):
        """Send keys (names from KEYS or literal text), then wait."""
        for k in seq:
            self.drain_idle()
            os.write(self.master, KEYS.get(k, k).encode())
            if wait:
                self.wait_idle()

    def wait_for(self, text, timeout=15):
        """Wait until the screen shows text, then for the rest of that
        redraw (the output settles for 50 ms)."""
        end = time.time() + timeout
        while text not in self.text():
            if time.time() > end:
                raise AssertionError("%r not on screen:\n%s" %
                                     (text, self.text()))
            self._pump(0.2)
        self.settle()

    def text(self):
        lines = [l.rstrip() for l in self.screen.display]
        return "\n".join(lines) + "\n"

    def normalised(self):
        """The screen with what varies run to run masked."""
        t = self.text()
        t = re.sub(r"\b\d+ ms\b", "N ms", t)
        t = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", t)
        return t

    def attr_at(self, row, col):
        return self.screen.buffer[row][col]

    def check(self, name, title=True):
        """Compare with expected/NAME.txt (TIKDECK_TUI_REGEN=1 writes);
        title=False leaves out the title bar (its latency comes and goes
        against a real simulator)."""
        path = os.path.join(EXPECTED, name + ".txt")
        got = self.normalised()
        if not title:
            got = "(title bar)\n" + got.split("\n", 1)[1]
        if os.environ.get("TIKDECK_TUI_REGEN"):
            with open(path, "w") as f:
                f.write(got)
            return
        with open(path) as f:
            want = f.read()
        if got != want:
            import difflib
            sys.stdout.writelines(difflib.unified_diff(
                want.splitlines(True), got.splitlines(True),
                "expected/" + name, "screen"))
            raise AssertionError("screen %s differs" % name)

    def quit(self):
        if self.proc.poll() is None:
            os.write(self.master, b"Q")
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        while True:     # what it wrote last (a sanitizer's report)
            r, _, _ = select.select([self.master], [], [], 0.2)
            try:
                data = os.read(self.master, 65536) if r else b""
            except OSError:
                data = b""
            if not data:
                break
            self.raw += data
        os.close(self.master)
        os.close(self.idle_r)
        report = bytes(self.raw).find(b"Sanitizer")
        if report >= 0:
            raise AssertionError("sanitizer report:\n" + bytes(
                self.raw[report - 40:report + 3000]).decode("utf-8",
                                                            "replace"))
        return self.proc.returncode


def start_sim(args, port=0):
    """tikdeck-sim on loopback; returns (process, port)."""
    p = subprocess.Popen([TIKDECK_SIM, "--api-port", str(port), "--seed",
                          "1", "--frozen"] + args,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    line = p.stdout.readline()
    m = re.search(r"127\.0\.0\.1:(\d+)", line)
    if not m:
        p.kill()
        raise AssertionError("tikdeck-sim did not start: " + line)
    return p, int(m.group(1))


def run_traced(name, run, after=None):
    """run(port, trace) against a simulator whose words go to trace
    (--trace); run returns its Tui, quit here as the simulator stops.
    after(t, sims, port), if given, runs next; it may replace sims[0]
    (a restarted simulator), which is stopped here too."""
    trace = os.path.join(tempfile.mkdtemp(prefix="tikdeck-%s-" % name),
                         "tr")
    sim, port = start_sim(["--trace", trace])
    sims = [sim]
    t = None
    try:
        t = run(port, trace)
        if after is not None:
            after(t, sims, port)
    finally:
        if t is not None:
            t.quit()
        sims[0].kill()
        sims[0].wait()
    return 0


def exec_(port, *words):
    """tikdeck exec against the simulator on port; its output."""
    out = subprocess.run(
        [TIKDECK, "exec", "--plain", "127.0.0.1:%d" % port] + list(words),
        capture_output=True, text=True, timeout=20,
        env=dict(os.environ, TIKDECK_PASSWORD=""))
    assert out.returncode == 0, out.stderr
    return out.stdout


def pump(t, seconds):
    """Let the console run for a while (output keeps arriving)."""
    end = time.time() + seconds
    while time.time() < end:
        t._pump(0.1)


def until(t, what, cond, timeout=10):
    """Pump the output until cond() holds, then let that redraw finish."""
    end = time.time() + timeout
    while not cond():
        assert time.time() < end, "%s:\n%s" % (what, t.text())
        t._pump(0.2)
    t.settle()


def wait_re(t, pattern, timeout=15):
    """Pump the output until the screen matches pattern (re.search)."""
    until(t, "%r not on screen" % pattern,
          lambda: re.search(pattern, t.text()), timeout)


def wait_gone(t, text, timeout=10):
    """Pump the output until text is off the screen."""
    until(t, "%r stays" % text, lambda: text not in t.text(), timeout)


def trace_count(trace, word):
    """How often the simulator's --trace FILE received word."""
    with open(trace) as f:
        return f.read().count("<<< " + word + "\n")


def cancels(trace):
    """The /cancel words the simulator received so far."""
    return trace_count(trace, "/cancel")


def wait_cancel(trace, before, timeout=10):
    """Wait until the simulator received more than before /cancels."""
    end = time.time() + timeout
    while cancels(trace) <= before:
        if time.time() > end:
            with open(trace) as f:
                raise AssertionError(f.read()[-3000:])
        time.sleep(0.2)
