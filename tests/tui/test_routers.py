"""The router list and several routers at once, against two
tikdeck-sim routers (the SOHO gateway and a CHR) and a tikdeck.conf with
four routers: with no router named the list comes first and checks every
router in the background (online with identity and version, offline,
auth failed); Enter connects; :router NAME and R switch between
connected routers without losing their screens, and a router's log pane
keeps following while another is on screen; t checks one router again;
q in the list goes back; :router with an unknown name says so; a, e
and d add, edit and delete routers of tikdeck.conf through a form (bad
input keeps the form, the file keeps a backup); one configured router is
connected to directly."""
import os
import re
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import exec_, start_sim, Tui, wait_re  # noqa: E402


def free_port():
    """A loopback port nothing listens on."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def write_conf(home, text):
    d = os.path.join(home, ".config", "tikdeck")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "tikdeck.conf")
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o600)


def row(t, name):
    """The router list's line of name."""
    for line in t.text().split("\n"):
        if re.match(r"^[ *+] %s +" % re.escape(name), line):
            return line
    raise AssertionError("no row %s:\n%s" % (name, t.text()))


def wait_row(t, name, pattern, timeout=20):
    end = time.time() + timeout
    while True:
        try:
            if re.search(pattern, row(t, name)):
                return
        except AssertionError:
            pass            # not drawn yet
        assert time.time() < end, t.text()
        t._pump(0.2)


def title(t):
    return t.text().split("\n")[0]


def conf_text(home):
    with open(os.path.join(home, ".config", "tikdeck", "tikdeck.conf")) as f:
        return f.read()


def forms(home, gwport):
    """a, e, d in the router list."""
    write_conf(home, """routers = (
  { name = "gw"; host = "127.0.0.1"; port = %d; tls = false; },
  { name = "down"; host = "127.0.0.1"; port = %d; tls = false; }
);
""" % (gwport, free_port()))
    t = Tui([], env={"HOME": home})
    try:
        t.wait_for("2 routers")
        wait_row(t, "gw", r"online")
        # a: a new router, saved and checked
        t.keys("a")
        t.wait_for("New router in")
        assert "F10 save" in t.text() and "preview" not in t.text(), \
            t.text()
        # meanwhile someone adds a router with an editor: it stays
        write_conf(home, conf_text(home).replace(
            ");", ',{ name = "hand"; host = "127.0.0.1"; port = 1; }\n);'))
        t.keys("lab2", "Down", "127.0.0.1", "Down", str(gwport), "Down",
               "Down", "no", "F10")
        t.wait_for("lab2 saved in")
        wait_row(t, "lab2", r"online .* soho-gw")
        text = conf_text(home)
        assert 'name = "lab2"' in text and 'name = "hand"' in text, text
        assert "4 routers" in t.text(), t.text()
        t.keys("G", "k", "d")
        t.wait_for("Delete router hand from")
        t.keys("y")
        t.wait_for("hand deleted from")
        # e: a name taken already is refused, the input stays
        t.keys("G", "e")
        t.wait_for("Router lab2 in")
        t.keys("\x15", "gw", "F10")
        t.wait_for("Not saved: there is a router named gw already")
        assert "name*: gw" in t.text(), t.text()
        t.keys("\x15", "lab3", "F10")
        t.wait_for("lab3 saved in")
        text = conf_text(home)
        assert 'name = "lab3"' in text and '"lab2"' not in text, text
        assert os.path.exists(os.path.join(home, ".config", "tikdeck",
                                           "tikdeck.conf~"))
        # d: asks; n keeps, y deletes
        t.keys("G", "d")
        t.wait_for("Delete router lab3 from")
        t.keys("n")
        t.wait_for("lab3 kept")
        t.keys("d")
        t.wait_for("Delete router lab3 from")
        t.keys("y")
        t.wait_for("lab3 deleted from")
        assert '"lab3"' not in conf_text(home), conf_text(home)
        assert "2 routers" in t.text(), t.text()
        # a port range is not a port; a first screen must be one
        t.keys("a")
        t.wait_for("New router in")
        t.keys("lab4", "Down", "127.0.0.1", "Down", "8000-8080", "Down")
        t.wait_for('port: "8000-8080" is not valid')
        t.keys("Up", "\x15", "8728")
        for _ in range(20):
            if "\n first-screen: " in t.text():
                break
            t.keys("Down")
        t.keys("forever", "F10")
        t.wait_for('"first-screen" "forever" is not a screen')
        assert "name*: lab4" in t.text(), t.text()
        assert '"lab4"' not in conf_text(home), conf_text(home)
        t.keys("Esc")
    finally:
        t.quit()


def first_run():
    """tikdeck with no tikdeck.conf: the list offers the demo router and
    adding a router (it used to exit with a usage error)."""
    home = tempfile.mkdtemp(prefix="tikdeck-first-")
    t = Tui([], env={"HOME": home})
    try:
        t.wait_for("No routers are configured yet")
        assert "0 routers" in t.text(), t.text()
        assert re.search(r"\n  demo +Enter: try it +built in", t.text()), \
            t.text()
        assert "a add" in t.text(), t.text()
        t.keys("Enter")
        t.wait_for("6 rows")
        assert "soho-gw" in title(t) and "DEMO" in title(t), t.text()
        t.keys("R")
        t.wait_for("Routers")
        assert re.search(r"\n\+ demo +connected", t.text()), t.text()
        assert not os.path.exists(os.path.join(home, ".config", "tikdeck",
                                               "tikdeck.conf"))
    finally:
        t.quit()


def demo(home):
    """--demo: R lists and edits the user's routers; a file that does not
    load is shown and left alone."""
    write_conf(home, 'routers = ( { name = "mine"; host = "127.0.0.1"; '
               'port = %d; tls = false; } );\n' % free_port())
    t = Tui(["--demo"], env={"HOME": home})
    try:
        t.wait_for("6 rows")
        t.keys("R")
        t.wait_for("1 router")
        wait_row(t, "mine", r"offline|password needed")
        t.keys("a")
        t.wait_for("New router in")
        t.keys("demo2", "Down", "127.0.0.1", "Down", "1", "F10")
        t.wait_for("demo2 saved in")
        text = conf_text(home)
        assert 'name = "mine"' in text and 'name = "demo2"' in text, text
    finally:
        t.quit()
    broken = 'routers = ( { name = "x"; host = ; } );\n'
    write_conf(home, broken)
    t = Tui(["--demo"], env={"HOME": home})
    try:
        t.wait_for("6 rows")
        t.keys("R")
        t.wait_for("tikdeck.conf:1: syntax error")
        assert "a add" not in t.text(), t.text()
        t.keys("a")
        assert "New router" not in t.text(), t.text()
        assert conf_text(home) == broken, conf_text(home)
    finally:
        t.quit()


def main():
    home = tempfile.mkdtemp(prefix="tikdeck-routers-")
    gw, gwport = start_sim([])
    lab, labport = start_sim(["--preset", "chr"])
    down = free_port()
    write_conf(home, """routers = (
  { name = "gw"; host = "127.0.0.1"; port = %d; tls = false; },
  { name = "lab"; host = "127.0.0.1"; port = %d; tls = false; },
  { name = "down"; host = "127.0.0.1"; port = %d; tls = false; },
  { name = "badpw"; host = "127.0.0.1"; port = %d; tls = false;
    user = "nobody"; }
);
""" % (gwport, labport, down, gwport))
    try:
        t = Tui([], cols=100, env={"HOME": home})
        try:
            # the list first, every router checked
            t.wait_for("4 routers")
            assert "tikdeck routers" in title(t), t.text()
            wait_row(t, "gw", r"online +127\.0\.0\.1:%d +soho-gw +7\.18"
                     % gwport)
            wait_row(t, "lab", r"online .* MikroTik ")
            wait_row(t, "down", r"offline")
            wait_row(t, "badpw", r"auth failed")
            assert "Enter connect" in t.text(), t.text()
            # what the columns leave out: the selected router's facts
            # below the list
            wait_re(t, r"\n MEMORY \S+ .*UPTIME \S+.*BOARD hAP", 10)
            # no router on screen yet: menus and panes say so
            t.keys(":", "ip address", "Enter")
            t.wait_for("no router on screen: Enter connects")
            t.keys(":", "log", "Enter")
            t.wait_for("no router on screen: Enter connects")
            assert "Routers" in t.text(), t.text()
            # the selected row's reason under the list
            t.keys("j", "j")
            t.wait_for("onnect")    # "connection refused"-like text
            t.keys("t")
            t.wait_for("checking down")
            wait_row(t, "down", r"offline")

            # Enter connects: gw's first screen, the filter table
            t.keys("g", "Enter")
            t.wait_for("6 rows")
            assert "soho-gw" in title(t), t.text()
            t.keys(":", "ip firewall filter", "Enter")
            t.wait_for("12 rows")
            t.keys("l")
            t.wait_for("logged in from 127.0.0.1")

            # :router lab: a second connection on screen
            t.keys(":", "router lab", "Enter")
            t.wait_for("MikroTik")
            t.wait_for("+1 router")
            assert "soho-gw" not in title(t), t.text()

            # gw's log pane keeps following meanwhile
            exec_(gwport, "/ip/address/add", "=address=192.0.2.7/24",
                  "=interface=ether5")

            # R: the list marks the connected routers with +
            t.keys("R")
            t.wait_for("+2 routers")
            assert row(t, "lab").startswith("+"), t.text()
            assert row(t, "gw").startswith("+"), t.text()
            assert row(t, "down").startswith(" "), t.text()

            # Enter on gw: back to its table and its pane as they were
            t.keys("g", "Enter")
            t.wait_for("12 rows")
            assert "soho-gw" in title(t) and "+1 router" in title(t), \
                t.text()
            t.wait_for("address added by admin")

            # q in the list: back to the router before (gw, not lab)
            t.keys("R")
            t.wait_for("Routers")
            t.keys("q")
            t.wait_for("12 rows")
            assert "soho-gw" in title(t), t.text()

            # Tab completes routers' names
            t.keys(":", "router ", "Tab")
            assert "gw  lab  down  badpw" in t.text(), t.text()
            t.keys("l", "Tab")
            assert "\n:router lab\n" in t.text(), t.text()
            t.keys("Esc")
            # an unknown name
            t.keys(":", "router nosuch", "Enter")
            t.wait_for('no router "nosuch" in the configuration')
            assert "soho-gw" in title(t), t.text()
        finally:
            t.quit()

        forms(home, gwport)
        demo(home)
        first_run()

        # one configured router: connected to directly
        write_conf(home, 'routers = ( { name = "gw"; host = "127.0.0.1"; '
                   'port = %d; tls = false; } );\n' % gwport)
        t = Tui([], env={"HOME": home})
        try:
            t.wait_idle()
            t.wait_for("6 rows")
            assert "soho-gw" in title(t), t.text()
        finally:
            t.quit()

        # a router given on the command line (not in tikdeck.conf) is in
        # the list too, and :router switches back to it by that name
        target = "127.0.0.1:%d" % labport
        t = Tui(["--plain", target], env={"HOME": home,
                                          "TIKDECK_PASSWORD": ""})
        try:
            t.wait_idle()
            t.wait_for("1 row")         # the CHR: one port
            t.keys(":", "router gw", "Enter")
            t.wait_for("soho-gw")
            t.keys("R")
            t.wait_for("2 routers")
            assert re.search(r"\+ 127\.0\.0\.1:\S* +connected +%s +MikroTik"
                             % re.escape(target), t.text()), t.text()
            t.keys("G", "e")
            t.wait_for("is not in")
            t.keys(":", "router 127", "Tab")
            assert "\n:router %s\n" % target in t.text(), t.text()
            t.keys("Enter")
            t.wait_for("MikroTik")
            assert "soho-gw" not in title(t), t.text()
        finally:
            t.quit()
    finally:
        for p in (gw, lab):
            p.kill()
            p.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
