"""Comments in UTF-8 and CP1252 against tikdeck-sim --seed 1 --frozen (the
SOHO router keeps "Büro-PC" in CP1252 and "Küche – Sonos" in UTF-8):
shown right with the default charset (auto), written back in the charset
the router keeps them in, a character CP1252 lacks refused next to the
field, --charset utf-8 / cp1252 forcing one, an unknown charset refused;
and y on a menu whose rows cannot be added (ethernet ports) copies
"set [find default-name=...]"."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import Tui, TIKDECK, start_sim  # noqa: E402
from test_tools import clipboard  # noqa: E402


def raw_comment(port, name):
    """The comment bytes of interface name, as the router holds them."""
    out = subprocess.run(
        [TIKDECK, "exec", "--plain", "-o", "raw", "127.0.0.1:%d" % port,
         "/interface/print", "?name=" + name, "=.proplist=comment"],
        capture_output=True, timeout=20,
        env=dict(os.environ, TIKDECK_PASSWORD=""))
    assert out.returncode == 0, out.stderr
    for w in out.stdout.split(b"\n"):
        if w.startswith(b"=comment="):
            return w[len(b"=comment="):]
    return None


def auto(port):
    t = Tui(["--plain", "127.0.0.1:%d" % port])
    try:
        t.wait_idle()
        t.wait_for("6 rows")
        assert ";;; Büro-PC" in t.text(), t.text()
        assert ";;; Küche – Sonos" in t.text(), t.text()

        # ether2's CP1252 comment: edited as text, written back in CP1252
        t.keys("g", "j", "c")
        t.wait_for("comment:")
        assert "Büro-PC" in t.text(), t.text()
        t.keys("2", "F10")
        t.wait_for("RouterOS CLI:")
        assert "=comment=Büro-PC2" in t.text(), t.text()
        t.keys("y")
        t.wait_for(";;; Büro-PC2")
        assert raw_comment(port, "ether2") == b"B\xfcro-PC2"

        # a character CP1252 has no byte for: refused, input kept
        t.keys("c")
        t.wait_for("comment:")
        t.keys("Ω", "F10")
        t.wait_for("U+03A9 cannot be stored")
        assert "Büro-PC2Ω" in t.text(), t.text()
        assert "RouterOS CLI:" not in t.text(), t.text()
        t.keys("Esc")               # typed input: Esc asks first
        t.wait_for("Esc again discards")
        t.keys("Esc")
        t.wait_for("form closed")
        assert raw_comment(port, "ether2") == b"B\xfcro-PC2"

        # ether3's UTF-8 comment stays UTF-8, any character goes
        t.keys("j", "c")
        t.wait_for("comment:")
        t.keys("Ω", "F10")
        t.wait_for("RouterOS CLI:")
        t.keys("y")
        t.wait_for(";;; Küche – SonosΩ")
        assert raw_comment(port, "ether3") == \
            "Küche – SonosΩ".encode("utf-8")

        # y on ethernet ports: set, never add; add/remove not offered
        t.keys(":", "interface ethernet", "Enter")
        t.wait_for("5 rows")
        assert "a add" not in t.text() and "d remove" not in t.text(), \
            t.text()
        t.keys("g", "j")
        mark = len(t.raw)
        t.keys("y")
        text = clipboard(t, mark)
        assert text.startswith(
            "/interface ethernet set [find default-name=ether2] "), text
        assert " name=ether2" in text and 'comment="Büro-PC"' in text, text
        assert "default-name=ether2 " not in text.split("]", 1)[1], text
        t.keys("a")
        assert "Add to" not in t.text(), t.text()
    finally:
        t.quit()


def forced(port, charset, present, absent):
    t = Tui(["--plain", "--charset", charset, "127.0.0.1:%d" % port])
    try:
        t.wait_idle()
        t.wait_for("6 rows")
        assert present in t.text(), (charset, t.text())
        assert absent not in t.text(), (charset, t.text())
    finally:
        t.quit()


def main():
    sim, port = start_sim([])
    try:
        auto(port)
        forced(port, "utf-8", "B\ufffdro-PC", "Büro-PC")
        forced(port, "cp1252", "KÃ¼che", "Küche")
    finally:
        sim.kill()
        sim.wait()
    out = subprocess.run([TIKDECK, "--charset", "latin9", "--demo"],
                         capture_output=True, text=True, timeout=20)
    assert out.returncode == 2, out
    assert 'unknown charset "latin9": use auto, utf-8 or cp1252' in \
        out.stderr, out.stderr
    return 0


if __name__ == "__main__":
    sys.exit(main())
