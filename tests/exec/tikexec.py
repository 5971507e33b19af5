"""tikexec.py: shared helpers of the `tikdeck exec` end-to-end tests.

Starts tikdeck-sim on free ports and reads its listener lines, runs the real
tikdeck binary with a chosen environment and no terminal (its own session,
stdin from /dev/null), and checks results, printing one line per check and
what differed.  Standard library only.  A test ends with `done()`, which
exits 0 when every check passed and 1 otherwise (77: a binary is missing).
"""
import atexit
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

BUILDDIR = os.environ.get("top_builddir") or "."
TIKDECK = os.environ.get("TIKDECK") or os.path.join(BUILDDIR, "tikdeck")
SIM = os.environ.get("TIKDECK_SIM") or os.path.join(BUILDDIR, "tikdeck-sim")
FAKE_SSH = os.path.join(BUILDDIR, "tests", "helpers", "fake-ssh")

# "2024-01-15 10:20:30.123 " at the start of every debug-log line
LOG_STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} ")

_failed = []
_count = 0
_sims = []
_procs = []
_tmp = None


def skip(msg):
    print("SKIP: " + msg)
    sys.exit(77)


def need(*paths):
    """Skip the test when a binary it needs has not been built."""
    for p in paths:
        if not os.access(p, os.X_OK):
            skip("%s is not built" % p)


def tmpdir():
    """A private temporary directory, removed at exit."""
    global _tmp
    if _tmp is None:
        _tmp = tempfile.mkdtemp(prefix="tikexec-")
        atexit.register(shutil.rmtree, _tmp, True)
    return _tmp


# ---- checks ------------------------------------------------------------

def _short(v, limit=2000):
    s = v if isinstance(v, str) else repr(v)
    return s if len(s) <= limit else s[:limit] + "... (%d more)" % (
        len(s) - limit)


def check(cond, name, detail=None):
    """One check: prints 'ok - name' or 'FAIL - name' and the detail."""
    global _count
    _count += 1
    if cond:
        print("ok %d - %s" % (_count, name))
    else:
        print("FAIL %d - %s" % (_count, name))
        if detail:
            for line in str(detail).splitlines():
                print("    " + line)
        _failed.append(name)
    sys.stdout.flush()
    return bool(cond)


def eq(actual, expected, name):
    """actual == expected, showing both when they differ."""
    if actual == expected:
        return check(True, name)
    detail = "expected: %s\n  actual: %s" % (_short(repr(expected)),
                                              _short(repr(actual)))
    if isinstance(actual, (str, bytes)) and isinstance(expected,
                                                      type(actual)):
        al = actual.splitlines()
        el = expected.splitlines()
        for i in range(max(len(al), len(el))):
            a = al[i] if i < len(al) else None
            e = el[i] if i < len(el) else None
            if a != e:
                detail += "\nfirst difference at line %d:\n  expected " \
                    "%r\n    actual %r" % (i + 1, e, a)
                break
    return check(False, name, detail)


def has(haystack, needle, name):
    """needle occurs in haystack."""
    return check(needle in haystack, name, "expected to find %r in:\n%s" % (
        needle, _short(haystack)))


def lacks(haystack, needle, name):
    """needle does not occur in haystack."""
    return check(needle not in haystack, name, "did not expect %r in:\n%s" %
                 (needle, _short(haystack)))


def expect(r, name, rc=None, out=None, err=None, err_has=(), out_has=(),
           err_lacks=(), max_s=None):
    """Check a Result: exit status, exact stdout/stderr, fragments of
    stderr/stdout, and the run time.  One line for the whole expectation,
    listing every difference."""
    diffs = []
    if rc is not None and r.rc != rc:
        diffs.append("exit status %r, expected %r" % (r.rc, rc))
    if out is not None and r.text != out:
        diffs.append("stdout differs:\n--- expected\n%s--- actual\n%s---" % (
            out, r.text))
    if err is not None and r.err != err:
        diffs.append("stderr differs:\n--- expected\n%s--- actual\n%s---" % (
            err, r.err))
    for n in err_has:
        if n not in r.err:
            diffs.append("stderr lacks %r" % n)
    for n in err_lacks:
        if n in r.err:
            diffs.append("stderr has %r" % n)
    for n in out_has:
        if n not in r.text:
            diffs.append("stdout lacks %r" % n)
    if max_s is not None and r.elapsed > max_s:
        diffs.append("took %.2f s, more than %.1f s" % (r.elapsed, max_s))
    if diffs:
        diffs.append("command: %s" % " ".join(r.args))
        if out is None:
            diffs.append("stdout: %s" % _short(r.text))
        if err is None:
            diffs.append("stderr: %s" % _short(r.err))
    return check(not diffs, name, "\n".join(diffs))


def done():
    """Exit 0 when every check passed."""
    if _failed:
        print("%d of %d checks failed:" % (len(_failed), _count))
        for n in _failed:
            print("  - " + n)
        sys.exit(1)
    print("all %d checks passed" % _count)
    sys.exit(0)


# ---- the simulator -----------------------------------------------------

class Sim:
    """A running tikdeck-sim; killed at the end of the test at the latest.

    Sim(plain=True, ssl=False, cert=False, *opts): cert=True writes the
    api-ssl certificate (--cert-out) to self.cert.  self.api and self.ssl
    are the ports."""

    def __init__(self, *opts, plain=True, ssl=False, cert=False):
        need(SIM)
        cmd = [SIM]
        if plain:
            cmd += ["--api-port", "0"]
        if ssl:
            cmd += ["--api-ssl-port", "0"]
        self.cert = None
        if cert:
            fd, self.cert = tempfile.mkstemp(suffix=".pem", dir=tmpdir())
            os.close(fd)
            cmd += ["--cert-out", self.cert]
        cmd += list(opts)
        self.cmd = cmd
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                     stdin=subprocess.DEVNULL)
        _sims.append(self)
        self.ports = {}
        want = int(plain) + int(ssl)
        buf = b""
        deadline = time.monotonic() + 15
        while len(self.ports) < want:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [],
                                              left)[0]:
                raise RuntimeError("tikdeck-sim printed no listener lines: "
                                   + " ".join(cmd))
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                raise RuntimeError("tikdeck-sim exited: " + " ".join(cmd))
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                kind, addr = line.decode().split()
                host, port = addr.rsplit(":", 1)
                if host != "127.0.0.1":
                    raise RuntimeError("listener not on loopback: %r" % line)
                self.ports[kind] = int(port)
        self.api = self.ports.get("api")
        self.ssl = self.ports.get("api-ssl")

    def target(self, user=None, tls=False):
        port = self.ssl if tls else self.api
        return ("%s@" % user if user else "") + "127.0.0.1:%d" % port

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
            self.proc.stdout = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _cleanup():
    for p in _procs:
        if p.poll() is None:
            p.kill()
            p.wait()
    for s in _sims:
        s.close()


atexit.register(_cleanup)


# ---- running tikdeck ---------------------------------------------------

class Result:
    def __init__(self, args, rc, out, err, elapsed):
        self.args = args
        self.rc = rc
        self.out = out                  # bytes
        self.text = out.decode("utf-8", "surrogateescape")
        self.err = err.decode("utf-8", "replace")
        self.elapsed = elapsed

    def __repr__(self):
        return "Result(rc=%r, out=%r, err=%r, %.2fs)" % (
            self.rc, self.text, self.err, self.elapsed)


def make_env(password="", extra=None, path_first=None):
    """The environment of a tikdeck run: password None leaves
    TIKDECK_PASSWORD unset."""
    env = dict(os.environ)
    env["LC_ALL"] = "C.UTF-8"
    env["TZ"] = "UTC"
    env.pop("TIKDECK_PASSWORD", None)
    if password is not None:
        env["TIKDECK_PASSWORD"] = password
    if path_first:
        env["PATH"] = path_first + os.pathsep + env.get("PATH", "")
    if extra:
        env.update(extra)
    return env


def argv(*args):
    return [TIKDECK, "exec"] + [str(a) for a in args]


def run(*args, password="", env=None, timeout=30):
    """Run `tikdeck exec ARGS...` without a terminal (new session, stdin
    /dev/null).  Returns a Result; a run over the timeout is killed and
    reported with rc None."""
    need(TIKDECK)
    cmd = argv(*args)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=env if env is not None else make_env(password),
                         start_new_session=True)
    _procs.append(p)
    try:
        out, err = p.communicate(timeout=timeout)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        rc = None
        err += b"\n[killed by the test after %d s]" % timeout
    _procs.remove(p)
    return Result(cmd, rc, out, err, time.monotonic() - t0)


class Stream:
    """A tikdeck exec left running (streaming commands): read its stdout
    line by line as it comes, then signal it and collect the rest."""

    def __init__(self, *args, password="", env=None):
        need(TIKDECK)
        self.args = argv(*args)
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(
            self.args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env if env is not None else make_env(password),
            start_new_session=True)
        _procs.append(self.proc)
        self.buf = b""
        self.lines = []                 # (seconds since start, bytes)

    def read_lines(self, n, timeout):
        """Wait until n complete lines arrived in total; False on timeout
        or end of output."""
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while len(self.lines) < n:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return False
            chunk = os.read(fd, 65536)
            if not chunk:
                return False
            self.buf += chunk
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                self.lines.append((time.monotonic() - self.t0, line))
        return True

    def stop(self, sig=signal.SIGINT, timeout=10):
        """Send sig, wait for the exit; returns (Result of the rest,
        seconds from the signal to the exit)."""
        t = time.monotonic()
        self.proc.send_signal(sig)
        try:
            out, err = self.proc.communicate(timeout=timeout)
            rc = self.proc.returncode
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            rc = None
        _procs.remove(self.proc)
        took = time.monotonic() - t
        rest = self.buf + out
        return Result(self.args, rc, rest, err, time.monotonic() - self.t0), \
            took


# ---- sockets -----------------------------------------------------------

def refused_port():
    """A loopback port that refuses connections: bound, then closed."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Silent:
    """A listener on loopback that accepts connections and never answers,
    like a router whose API hangs."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.conns = []
        self.received = b""
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(c)
            threading.Thread(target=self._drain, args=(c,),
                             daemon=True).start()

    def _drain(self, c):
        while True:
            try:
                d = c.recv(4096)
            except OSError:
                return
            if not d:
                return
            self.received += d

    def close(self):
        self.sock.close()
        for c in self.conns:
            c.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
