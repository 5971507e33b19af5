"""The console on --demo: start, go to, filter, sort, sheet, singleton,
resize, --ascii, mono and --no-color."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import Tui  # noqa: E402


def main():
    t = Tui(["--demo"])
    t.wait_idle()
    t.wait_for("6 rows")
    t.check("start")
    # : with Tab completion
    t.keys(":", "ip fi", "Tab")
    assert ":ip firewall" in t.text(), t.text()
    t.keys("f", "Tab")
    assert ":ip firewall filter" in t.text(), t.text()
    # commands complete too: several listed, one completed
    t.keys("\x15", "tr", "Tab")
    assert ":tra" in t.text() and "traceroute  traffic" in t.text(), \
        t.text()
    t.keys("\x15", "pi", "Tab")
    t.keys("8")
    assert "\n:ping 8\n" in t.text(), t.text()
    t.keys("\x15", "ip firewall filter")
    t.keys("Enter")
    t.wait_for("12 rows")
    t.check("filter-table")
    # filter and n
    t.keys("/", "chain=input", "Enter", "n")
    assert "5/12" in t.text() and "match 2 of 5" in t.text(), t.text()
    t.check("filter-chain-input")
    # sort by the current column (>, >: action), reversed
    t.keys("/", "\x15", "Enter", ">", "s")
    assert "sort: action" in t.text(), t.text()
    t.check("sort-action")
    t.keys("S")
    # help: long texts wrap under themselves; PgDn, End and Home page
    t.keys("?")
    lines = t.text().split("\n")
    assert re.search(r"Keys on this screen .* 1-\d+ of \d+$", lines[1]), \
        t.text()
    i = next(n for n, l in enumerate(lines) if l.startswith(" m "))
    assert lines[i].endswith(" m again on the row to put them") and \
        lines[i + 1] == " " * 14 + "before", t.text()
    assert "…" not in t.text() and "Q            quit" not in t.text(), \
        t.text()
    t.keys("PgDn")
    assert "Q            quit tikdeck" in t.text(), t.text()
    assert " a Ins " not in t.text(), t.text()
    t.keys("Home")
    assert " a Ins " in t.text(), t.text()
    t.keys("End")
    assert re.search(r" (\d+)-(\d+) of \2\n", t.text()), t.text()
    t.keys("q")
    t.wait_for("sort: action")
    assert "sort: action" in t.text(), t.text()
    # Enter on a writable menu: the row in the edit form
    t.keys("g", "Enter")
    t.wait_for("chain*:")
    t.check("sheet")
    t.keys("Esc")
    # singleton
    t.keys(":", "/ip/dns", "Enter")
    t.wait_for("servers:")
    t.check("dns")
    # help
    t.keys("?")
    assert "Keys on this screen" in t.text()
    t.keys("q", "q")
    # a bad path and a key that does nothing
    t.keys(":", "ip f!re", "Enter")
    assert "is not a menu path" in t.text(), t.text()
    # resize
    t.resize(100, 30)
    t.wait_idle()
    t.check("resize-100x30")
    t.resize(80, 24)
    t.wait_idle()
    # a path the router does not know: back on the table, its word shown
    t.keys(":", "nosuch", "Enter")
    t.wait_for("/nosuch: no such command or directory")
    assert t.text().split("\n")[1].startswith("/ip/firewall/filter "), \
        t.text()
    assert t.quit() == 0

    t = Tui(["--demo"], cols=132, rows=43)
    t.wait_idle()
    t.wait_for("6 rows")
    t.check("start-132x43")
    t.quit()

    t = Tui(["--demo", "--ascii", "--theme", "mono"])
    t.wait_idle()
    t.wait_for("6 rows")
    t.keys("F2")
    t.check("ascii-mono")
    assert "\u2502" not in t.text()
    t.quit()

    t = Tui(["--demo", "--no-color"])
    t.wait_idle()
    t.wait_for("6 rows")
    cell = t.attr_at(0, 2)
    assert cell.fg == "default" and cell.bg == "default", cell
    t.quit()
    t = Tui(["--demo"], env={"NO_COLOR": "1"})
    t.wait_idle()
    t.wait_for("6 rows")
    cell = t.attr_at(0, 2)
    assert cell.fg == "default" and cell.bg == "default", cell
    t.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
