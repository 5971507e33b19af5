"""Editing in the console against tikdeck-sim --seed 1 --frozen: edit a
rule's dst-port (seen through tikdeck exec), the preview, invalid input
(nothing sent), a valid add, a trap that keeps the form's input, remove,
disable, bulk disable of marked rows, move."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import (pump, start_sim, TIKDECK, Tui,  # noqa: E402
                     until)


def rows(port, path):
    out = subprocess.run(
        [TIKDECK, "exec", "--plain", "-o", "json", "127.0.0.1:%d" % port,
         path + "/print"], capture_output=True, text=True, timeout=20,
        env=dict(os.environ, TIKDECK_PASSWORD=""))
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def by_id(port, path, rid):
    return [r for r in rows(port, path) if r[".id"] == rid][0]


def main():
    sim, port = start_sim([])
    try:
        run(sim, port)
    finally:
        sim.kill()
        sim.wait()
    return disconnected()


def disconnected():
    """A write while the router is away is not sent, the form keeps its
    input, and nothing goes out behind the user's back once the router is
    back; sent again, it is done once."""
    sim, port = start_sim([])
    try:
        t = Tui(["--plain", "127.0.0.1:%d" % port])
        t.wait_idle()
        t.wait_for("6 rows")
        t.keys(":", "system identity", "Enter")
        t.wait_for("name: soho-gw")
        t.keys("Enter")
        t.wait_for("Settings of /system/identity")
        sim.kill()
        sim.wait()
        t.wait_for("reconnecting")
        # (reads wait for the router meanwhile: no idle signal, so the
        # keys do not wait for one)
        t.keys("\x15", "away-gw", "F10", wait=False)
        t.wait_for("RouterOS CLI:")
        t.keys("y", wait=False)
        t.wait_for("Not done: not sent: the router is not connected")
        assert "name: away-gw" in t.text(), t.text()
        sim, port = start_sim([], port=port)
        until(t, "not connected again",
              lambda: "reconnecting" not in t.text().split("\n")[0], 30)
        pump(t, 2)
        assert rows(port, "/system/identity")[0]["name"] == "soho-gw"
        t.keys("F10")
        t.wait_for("RouterOS CLI:")
        t.keys("y")
        t.wait_for("done")
        assert rows(port, "/system/identity")[0]["name"] == "away-gw"
        # the title bar follows the new name (the latency probe reads it)
        until(t, "the title keeps the old identity",
              lambda: t.text().startswith(" away-gw ("), 15)
        assert t.quit() == 0
    finally:
        sim.kill()
        sim.wait()
    return 0


def run(sim, port):
    t = Tui(["--plain", "127.0.0.1:%d" % port])
    t.wait_idle()
    t.wait_for("6 rows")
    t.keys(":", "ip firewall filter", "Enter")
    t.wait_for("12 rows")

    # edit #2 (input drop, .id *3): dst-port; the preview; send
    t.keys("g", "j", "j", "Enter")
    t.wait_for("dst-port:")
    t.check("edit-form", title=False)
    t.keys("Down", "Down", "Down", "Down", "Down", "22x", "Down")
    assert 'dst-port: "22x" is not valid' in t.text(), t.text()
    t.keys("Up", "BS", "F10")
    t.wait_for("RouterOS CLI:")
    t.check("edit-preview", title=False)
    assert "/ip firewall filter set [find .id=*3] dst-port=22" in t.text()
    t.keys("y")
    t.wait_for("done")
    assert by_id(port, "/ip/firewall/filter", "*3")["dst-port"] == "22"

    # disable the selected row (#2, still selected): confirmation names it
    t.keys("x")
    t.wait_for("Disable 1 row in /ip/firewall/filter: #2 input drop")
    t.keys("y")
    t.wait_for("done")
    assert by_id(port, "/ip/firewall/filter", "*3")["disabled"] == "true"

    # bulk: v, mark #3 and #4, x disables both in one command
    t.keys("v", "j", " ", " ", "x")
    t.wait_for("Disable 2 rows in /ip/firewall/filter: #3")
    assert "=numbers=*4,*5" in t.text(), t.text()
    t.check("bulk-disable", title=False)
    t.keys("y")
    t.wait_for("done")
    for rid in ("*4", "*5"):
        assert by_id(port, "/ip/firewall/filter", rid)["disabled"] == "true"

    # move #5 before #1
    t.keys("g", "j", "j", "j", "j", "j", "m")
    assert "moving #5" in t.text(), t.text()
    t.keys("g", "j", "m")
    t.wait_for("Move #5")
    assert "=destination=*2" in t.text(), t.text()
    t.keys("y")
    t.wait_for("done")
    ids = [r[".id"] for r in rows(port, "/ip/firewall/filter")]
    assert ids.index("*6") == ids.index("*2") - 1, ids
    # the dynamic rule: the router's refusal is shown
    t.keys("g", "m", "G", "m", "y")
    t.wait_for("the router refused")

    # remove with confirmation
    n = len(rows(port, "/ip/firewall/filter"))
    t.keys("G", "d")
    t.wait_for("Remove 1 row from /ip/firewall/filter")
    t.keys("y")
    t.wait_for("done")
    assert len(rows(port, "/ip/firewall/filter")) == n - 1

    # add with invalid input: the error, nothing sent
    t.keys(":", "ip firewall address-list", "Enter")
    t.wait_for("address")
    before = len(rows(port, "/ip/firewall/address-list"))
    t.keys("a")
    t.wait_for("list*:")
    t.keys("blocked", "Tab", "10.0.0.300", "F10")
    assert 'address: "10.0.0.300" is not valid' in t.text(), t.text()
    t.check("add-invalid", title=False)
    assert len(rows(port, "/ip/firewall/address-list")) == before
    # fixed: added, and selected in the table
    t.keys("\x15", "10.0.0.0/8", "F10")
    t.wait_for("RouterOS CLI:")
    assert "is not valid" not in t.text(), "the error outlives its fix"
    assert "/ip firewall address-list add list=blocked " \
        "address=10.0.0.0/8" in t.text(), t.text()
    t.keys("y")
    t.wait_for("done")
    al = rows(port, "/ip/firewall/address-list")
    assert len(al) == before + 1
    assert any(r.get("address") == "10.0.0.0/8" and r.get("list") ==
               "blocked" for r in al), al

    # a preview longer than the screen is wide: wrapped, nothing cut
    t.keys(":", "ip firewall filter", "Enter")
    t.wait_for("rows")
    t.keys("a")
    t.wait_for("chain*:")
    # a required field left empty: the error under it; Enter opens its
    # pick list in the error's place
    t.keys("F10")
    t.wait_for("chain: required; it cannot be empty when adding.")
    t.keys("Enter")
    lines = t.text().split("\n")
    i = next(n for n, l in enumerate(lines) if "chain*:" in l)
    assert lines[i + 1].endswith("  input"), t.text()
    assert lines[i + 3].endswith("  output"), t.text()
    t.keys("Esc")
    t.keys("input", "Down", "drop", "Down", "tcp", "Down", "10.0.0.0/8",
           "Down", "192.168.88.0/24", "Down", "22,80,443,8291,8728,8729",
           "Down", "WAN", "Down",
           "a long comment that goes past the end of the line for sure",
           "F10")
    t.wait_for("RouterOS CLI:")
    cli = t.text().split("RouterOS CLI:\n")[1].split("\n\n")[0]
    assert "…" not in cli, t.text()
    assert " ".join(cli.split()) == (
        "/ip firewall filter add chain=input action=drop protocol=tcp "
        "src-address=10.0.0.0/8 dst-address=192.168.88.0/24 "
        "dst-port=22,80,443,8291,8728,8729 in-interface-list=WAN "
        'comment="a long comment that goes past the end of the line for '
        'sure"'), t.text()
    assert all(l.startswith("     ") for l in cli.split("\n")[1:]), \
        t.text()
    t.keys("n")
    t.wait_for("rows")

    # a trap keeps the form's input
    t.keys(":", "ip dns static", "Enter")
    t.wait_for("router.lan")
    t.keys("a")
    t.wait_for("name*:")
    t.keys("router.lan", "Tab", "192.168.88.1", "F10")
    t.wait_for("RouterOS CLI:")
    t.keys("y")
    t.wait_for("The router refused: entry already exists")
    assert "router.lan" in t.text() and "192.168.88.1" in t.text()
    t.check("trap-form", title=False)
    # Esc with typed input asks first; another key keeps the form
    t.keys("Esc")
    assert "Esc again discards what you typed" in t.text(), t.text()
    assert "router.lan" in t.text(), t.text()
    t.keys("Down", "Esc")
    assert "Esc again discards" in t.text() and "name*:" in t.text(), \
        t.text()
    t.keys("Esc")
    assert "form closed" in t.text(), t.text()

    # singleton: /ip/dns edits with set and no id
    t.keys(":", "ip dns", "Enter")
    t.wait_for("servers:")
    t.keys("e")
    t.wait_for("Settings of /ip/dns")
    t.keys("F10")
    assert "nothing changed" in t.text(), t.text()
    # a field emptied (an unset), then one changed: one set, one unset
    for _ in range(30):     # the field's help line: " cache-size: ..."
        if "\n cache-size: " in t.text():
            break
        t.keys("Down")
    t.keys("\x15", "Down", "\x15", "1d", "F10")
    t.wait_for("RouterOS CLI:")
    text = t.text()
    assert text.count("/ip/dns/set") == 1, text
    assert "=cache-max-ttl=1d" in text, text
    assert "/ip/dns/unset\n     =value-name=cache-size" in text, text
    t.keys("n")
    t.keys("Esc")
    assert t.quit() == 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
