"""rawapi.py: a minimal RouterOS API client for the simulator tests.

Its own codec (no third-party code), so tests see the exact wire sequence:
every reply sentence is a list of bytes words.  Also starts tikdeck-sim on a
free port and reads its listener lines.
"""
import os
import select
import socket
import subprocess
import sys
import time

SIM = os.environ.get("TIKDECK_SIM") or os.path.join(
    os.environ.get("top_builddir", "."), "tikdeck-sim")


def skip(msg):
    print("SKIP: " + msg)
    sys.exit(77)


def enc_len(n):
    if n < 0x80:
        return bytes([n])
    if n < 0x4000:
        return (n | 0x8000).to_bytes(2, "big")
    if n < 0x200000:
        return (n | 0xC00000).to_bytes(3, "big")
    if n < 0x10000000:
        return (n | 0xE0000000).to_bytes(4, "big")
    return b"\xf0" + n.to_bytes(4, "big")


def enc_sentence(words):
    out = b""
    for w in words:
        if isinstance(w, str):
            w = w.encode("utf-8")
        out += enc_len(len(w)) + w
    return out + b"\x00"


class Sim:
    """A running tikdeck-sim process."""

    def __init__(self, *args, ssl=False):
        if not os.path.exists(SIM):
            skip("no simulator at " + SIM)
        cmd = [SIM, "--api-port", "0"]
        if ssl:
            cmd += ["--api-ssl-port", "0"]
        cmd += list(args)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                     stderr=None, text=True)
        self.ports = {}
        want = 2 if ssl else 1
        while len(self.ports) < want:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("tikdeck-sim exited: %s" % " ".join(cmd))
            kind, addr = line.split()
            host, port = addr.rsplit(":", 1)
            assert host == "127.0.0.1", line
            self.ports[kind] = int(port)
        self.port = self.ports["api"]

    def close(self):
        self.proc.terminate()
        try:
            rc = self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise
        assert rc == 0, "tikdeck-sim exit status %d" % rc

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Conn:
    """One API connection with a sentence reader."""

    def __init__(self, port=None, sock=None, timeout=10):
        if sock is None:
            sock = socket.create_connection(("127.0.0.1", port), timeout)
        self.s = sock
        self.s.settimeout(timeout)
        self.buf = b""

    def send(self, *words):
        self.s.sendall(enc_sentence(words))

    def _need(self, n):
        while len(self.buf) < n:
            d = self.s.recv(1 << 16)
            if not d:
                raise EOFError("connection closed")
            self.buf += d

    def _len(self):
        self._need(1)
        b = self.buf[0]
        if b < 0x80:
            size = 1
        elif b < 0xC0:
            size = 2
        elif b < 0xE0:
            size = 3
        elif b < 0xF0:
            size = 4
        elif b == 0xF0:
            size = 5
        else:
            raise ValueError("control byte 0x%02X" % b)
        self._need(size)
        raw = self.buf[:size]
        self.buf = self.buf[size:]
        if size == 1:
            return raw[0]
        if size == 5:
            return int.from_bytes(raw[1:], "big")
        mask = {2: 0x3FFF, 3: 0x1FFFFF, 4: 0xFFFFFFF}[size]
        return int.from_bytes(raw, "big") & mask

    def read(self):
        """Next sentence as a list of bytes words."""
        words = []
        while True:
            n = self._len()
            if n == 0:
                if words:
                    return words
                continue
            self._need(n)
            words.append(self.buf[:n])
            self.buf = self.buf[n:]

    def read_until_done(self, tag=None):
        """Sentences up to and including the !done (of tag)."""
        out = []
        while True:
            s = self.read()
            out.append(s)
            if s[0] == b"!done" and (tag is None or
                                     b".tag=" + tag.encode() in s):
                return out
            if s[0] == b"!fatal":
                return out

    def closed(self, wait=3):
        """True when the peer closed the connection."""
        end = time.time() + wait
        while time.time() < end:
            r, _, _ = select.select([self.s], [], [], 0.2)
            if r:
                try:
                    d = self.s.recv(4096)
                except ConnectionResetError:
                    return True
                if not d:
                    return True
                self.buf += d
        return False

    def login(self, user="admin", password=""):
        self.send("/login", "=name=" + user, "=password=" + password)
        r = self.read_until_done()
        assert r == [[b"!done"]], r
        return self

    def talk(self, *words):
        self.send(*words)
        return self.read_until_done()

    def close(self):
        self.s.close()


def attrs(sentence):
    """The =name=value words of a sentence as a dict (bytes values)."""
    d = {}
    for w in sentence[1:]:
        if w.startswith(b"="):
            k, _, v = w[1:].partition(b"=")
            d[k.decode()] = v
    return d


def rows(sentences):
    return [attrs(s) for s in sentences if s[0] == b"!re"]


def check(cond, what):
    if not cond:
        raise AssertionError(what)
