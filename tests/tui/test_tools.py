"""The console's tools on --demo (seed 1, frozen): :api (rows, !done
=ret=, !trap, !empty, a streaming command stopped with Esc, Tab
completion), y / Y copying rows as RouterOS CLI through OSC 52 (plain and
wrapped for tmux), the column chooser C (remembered across runs, asked for
in .proplist)."""
import base64
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import Tui  # noqa: E402

OSC52 = re.compile(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07")


def clipboard(t, since):
    """The text of the last OSC 52 after byte offset since."""
    found = OSC52.findall(bytes(t.raw[since:]))
    assert found, "no OSC 52 in the output"
    return base64.b64decode(found[-1]).decode()


def api(t):
    # Tab completes the path part
    t.keys(":", "api /ip/firewall/fil", "Tab")
    assert ":api /ip/firewall/filter/" in t.text(), t.text()
    t.keys("print ?chain=input", "Enter")
    t.wait_for("!done")
    t.check("api-print", title=False)
    t.keys("q")
    t.keys(":", 'api /ip/firewall/filter/add =chain=forward '
           '=comment="two words"', "Enter")
    t.wait_for("!done =ret=*")
    t.keys("q")
    t.keys(":", "api /ip/address/print ?interface=nothing", "Enter")
    t.wait_for("!empty")
    t.keys("q")
    t.keys(":", "api /ip/firewall/filter/remove =.id=*99", "Enter")
    t.wait_for("!trap:")
    t.keys("q")
    # streaming: rows keep coming (no idle signal while it runs)
    t.keys(":", "api /interface/monitor-traffic =interface=ether1",
           wait=True)
    t.keys("Enter", wait=False)
    t.wait_for("running: 2 rows")
    t.keys("Esc", wait=False)
    t.wait_for("stopped (/cancel)")
    t.wait_idle()
    t.keys("Esc")
    assert "/interface" in t.text().split("\n")[1], t.text()


def copy(t):
    t.keys(":", "ip firewall filter", "Enter")
    t.wait_for("rows")
    t.keys("g", "j", "j")
    mark = len(t.raw)
    t.keys("y")
    assert "copied 1 line" in t.text(), t.text()
    text = clipboard(t, mark)
    assert text.startswith("/ip firewall filter add chain=input "), text
    assert "comment=" in text and "bytes=" not in text, text
    assert ".id" not in text and "dynamic" not in text, text
    assert text.count("\n") == 1, text
    # Y: the filtered table
    t.keys("/", "chain=input", "Enter")
    mark = len(t.raw)
    t.keys("Y")
    text = clipboard(t, mark)
    lines = text.splitlines()
    assert all(l.startswith("/ip firewall filter add chain=input ")
               for l in lines), text
    assert "copied %d lines" % len(lines) in t.text(), t.text()
    t.keys("/", "BS" * 20, "Enter")


def copy_tmux():
    t = Tui(["--demo"], env={"TMUX": "/tmp/tmux-0/default,1,0"})
    try:
        t.wait_idle()
        t.wait_for("rows")
        mark = len(t.raw)
        t.keys("y")
        raw = bytes(t.raw[mark:])
        m = re.search(rb"\x1bPtmux;\x1b\x1b\]52;c;([A-Za-z0-9+/=]*)"
                      rb"\x07\x1b\\", raw)
        assert m, raw
        assert base64.b64decode(m.group(1)).decode().startswith(
            "/interface set [find name=ether1] "), m.group(1)
    finally:
        t.quit()


def columns(t):
    t.keys(":", "ip firewall filter", "Enter")
    t.wait_for("rows")
    t.keys("C")
    t.wait_for("Columns of /ip/firewall/filter")
    t.check("columns-chooser", title=False)
    # hide "action" (2nd), move "protocol" to the top
    t.keys("j", " ", "j", "K", "K")
    t.check("columns-chooser-edited", title=False)
    t.keys("Enter")
    t.wait_for("remembered for /ip/firewall/filter")
    t.check("columns-applied", title=False)
    with open(os.path.join(t.home, ".local", "state", "tikdeck",
                           "columns")) as f:
        saved = f.read()
    assert saved.startswith("/ip/firewall/filter protocol chain "), saved
    assert " action " not in saved, saved


def main():
    t = Tui(["--demo"])
    try:
        t.wait_idle()
        t.wait_for("rows")
        api(t)
        copy(t)
        columns(t)
        home = t.home
    finally:
        t.quit()
    # the choice is read at the next start
    t = Tui(["--demo"], env={"HOME": home})
    try:
        t.wait_idle()
        t.keys(":", "ip firewall filter", "Enter")
        t.wait_for("rows")
        header = t.text().split("\n")[2]
        assert re.match(r"\s*#\s+F\s+protocol\s+chain", header), t.text()
        assert "action" not in header, header
    finally:
        t.quit()
    copy_tmux()
    return 0


if __name__ == "__main__":
    sys.exit(main())
