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


# /ip/firewall/filter of --demo in the router's order
DEMO_FILTER = [
    "defconf: accept established,related,untracked",
    "defconf: drop invalid",
    "defconf: accept ICMP",
    "defconf: accept to local loopback (for CAPsMAN)",
    "defconf: drop all not coming from LAN",
    "defconf: accept in ipsec policy",
    "defconf: accept out ipsec policy",
    "defconf: fasttrack",
    "defconf: accept established,related, untracked",
    "defconf: drop invalid",
    "defconf: drop all from WAN not DSTNATed",
]
DYNAMIC = "special dummy rule to show fasttrack counters"


def copied(t, mark, status):
    """Wait for the copy (the full rows come from the router first), then
    the clipboard text."""
    t.wait_for(status)
    return clipboard(t, mark)


def unfilter(t):
    """Clear the filter (^U empties the prompt)."""
    t.keys("/", "\x15", "Enter")
    assert "filter:" not in t.text().split("\n")[1], t.text()


def copy_row(t, comment):
    """y on the row with this comment: its CLI line."""
    t.keys("/", "comment=" + comment, "Enter")
    t.keys("g")
    mark = len(t.raw)
    t.keys("y")
    text = copied(t, mark, "copied 1 line")
    unfilter(t)
    assert text.count("\n") == 1, text
    return text


def copy(t):
    t.keys(":", "ip firewall filter", "Enter")
    t.wait_for("rows")
    t.keys("g", "j", "j")
    mark = len(t.raw)
    t.keys("y")
    text = copied(t, mark, "copied 1 line")
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
    unfilter(t)
    # every property, not just the shown columns
    text = copy_row(t, "defconf: accept in ipsec policy")
    assert text.startswith("/ip firewall filter add chain=forward "
                           "action=accept "), text
    assert " ipsec-policy=in,ipsec " in text, text
    text = copy_row(t, "defconf: drop all from WAN not DSTNATed")
    assert " connection-nat-state=!dstnat " in text, text
    assert " in-interface-list=WAN " in text, text
    # the dynamic rule: nothing to copy
    t.keys("/", "dynamic=true", "Enter", "g", "y")
    t.wait_for("nothing copied: 1 dynamic row")
    unfilter(t)
    # Y in the router's order, not the sorted one; the dynamic rule left
    # out
    t.keys("g", ">", "s")
    t.wait_for("sort: ")
    mark = len(t.raw)
    t.keys("Y")
    text = copied(t, mark, "1 dynamic row left out")
    lines = text.splitlines()
    assert "copied %d lines; 1 dynamic row left out: the router makes " \
        "it" % len(lines) in t.text(), t.text()
    comments = re.findall(r' comment="?([^"\n]*)"?$', text, re.M)
    # api() added "two words" at the end
    assert comments == DEMO_FILTER + ["two words"], text
    assert DYNAMIC not in text, text
    t.keys("<", "s")
    # a DHCP lease: its MAC address (a field the catalogue knows) is
    # copied, its state (status, last-seen, host-name) is not
    t.keys(":", "ip dhcp-server lease", "Enter")
    t.wait_for("rows")
    text = copy_row(t, "Heimserver (Keller)")     # a static lease
    assert text.startswith("/ip dhcp-server lease add "), text
    assert re.search(r" mac-address=[0-9A-F:]{17}\b", text), text
    for state in ("status=", "last-seen=", "host-name=", "active-"):
        assert " " + state not in text, text


def copy_tmux():
    t = Tui(["--demo"], env={"TMUX": "/tmp/tmux-0/default,1,0"})
    try:
        t.wait_idle()
        t.wait_for("rows")
        mark = len(t.raw)
        t.keys("y")
        t.wait_for("copied 1 line")
        raw = bytes(t.raw[mark:])
        m = re.search(rb"\x1bPtmux;\x1b\x1b\]52;c;([A-Za-z0-9+/=]*)"
                      rb"\x07\x1b\\", raw)
        assert m, raw
        assert base64.b64decode(m.group(1)).decode().startswith(
            "/interface set [find default-name=ether1] name=ether1 "), \
            m.group(1)
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
