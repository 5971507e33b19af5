"""Filters on a big table (80,000 routes in tikdeck-sim) run on the
router: gateway=X becomes ?gateway=X (count-only first, then the print),
the header shows matched/total and that the router filtered; clearing the
filter reloads everything; a regex filter stays local and says so; Y on
a filter the router runs copies the rows that filter gives."""
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tuitest import Tui, TIKDECK, start_sim  # noqa: E402
from test_tools import copied  # noqa: E402

GATEWAY = "198.51.100.3"
STATIC = "10.99.0.0/16"


def exec_count(port, *words):
    out = subprocess.run(
        [TIKDECK, "exec", "--plain", "127.0.0.1:%d" % port] + list(words) +
        ["=count-only=", "--count"],
        capture_output=True, text=True, timeout=20,
        env=dict(os.environ, TIKDECK_PASSWORD=""))
    assert out.returncode == 0, out.stderr
    return int(out.stdout.strip())



def wait_loaded(t, pattern, timeout=90):
    """Wait until the panel header matches pattern and nothing loads."""
    end = time.time() + timeout
    while True:
        text = t.text()
        if re.search(pattern, text) and "loading" not in text:
            return text
        if time.time() > end:
            raise AssertionError("%r not on screen:\n%s" % (pattern, text))
        t._pump(0.1)


def main():
    # Just above the 50,000-row threshold: big enough to filter on the
    # router, small enough for a sanitizer build.
    sim, port = start_sim(["--routes", "80000"])
    try:
        # the BGP routes are dynamic (not copied): one static route
        subprocess.run([TIKDECK, "exec", "--plain", "127.0.0.1:%d" % port,
                        "/ip/route/add", "=dst-address=" + STATIC,
                        "=gateway=" + GATEWAY], check=True, timeout=20,
                       capture_output=True,
                       env=dict(os.environ, TIKDECK_PASSWORD=""))
        total = exec_count(port, "/ip/route/print")
        matched = exec_count(port, "/ip/route/print", "?gateway=" + GATEWAY)
        assert 0 < matched < total, (matched, total)
        t = Tui(["--plain", "127.0.0.1:%d" % port])
        t.wait_idle()
        t0 = time.time()
        t.keys(":", "ip route", "Enter", wait=False)
        wait_loaded(t, r"\b%d rows\b" % total)
        full = time.time() - t0

        # col=value: the router filters (?gateway=X)
        t0 = time.time()
        t.keys("/", "gateway=" + GATEWAY, "Enter", wait=False)
        text = wait_loaded(t, r"\b%d/%d\b" % (matched, total))
        took = time.time() - t0
        assert "filter: gateway=%s (on the router)" % GATEWAY in text, text
        assert took < max(full, 2.0), (took, full)

        # Y on a filter the router runs: the copy asks with the same
        # query (the one static route), not with every row's .id
        t.keys("/", "\x15", "dst-address=" + STATIC, "Enter", wait=False)
        wait_loaded(t, r"\b1/%d\b" % total)
        mark = len(t.raw)
        t.keys("Y")
        text = copied(t, mark, "copied 1 line")
        assert text.startswith("/ip route add dst-address=%s " % STATIC), \
            text
        assert "gateway=%s" % GATEWAY in text, text

        # cleared: the whole table again, no query
        t.keys("/", "\x15", "Enter", wait=False)
        text = wait_loaded(t, r"\b%d rows\b" % total)
        assert "on the router" not in text, text
        # Y on every row: refused at once, nothing fetched for it
        t.keys("Y")
        assert "not copied: %d rows are too many" % total in t.text(), \
            t.text()
        assert "copying" not in t.text(), t.text()

        # col~regex: the router cannot, so it stays local
        t.keys("/", "dst-address~^10\\.1\\.", "Enter")
        text = t.text()
        assert "regex filter applied locally to the rows loaded" in text, \
            text
        assert "on the router" not in text, text
        assert t.quit() == 0
    finally:
        sim.kill()
        sim.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
