#!/usr/bin/env python3
"""tikdeck exec prints, over the plain api service and over TLS (--ca with
the simulator's certificate): the aligned table, -o json/csv/raw, --count,
.proplist, queries, =count-only=, and an add that prints its *ID."""
import csv
import io
import json
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tikexec import Sim, check, done, eq, expect, run  # noqa: E402

IP_ADDRESS_TABLE = (
    ".id  address           network       interface  actual-interface  "
    "invalid  dynamic  disabled  comment\n"
    "*1   192.168.88.1/24   192.168.88.0  bridge     bridge            "
    "false    false    false     defconf\n"
    "*2   198.51.100.23/24  198.51.100.0  ether1     ether1            "
    "false    true     false\n")


def parse_raw(out):
    """-o raw output as [(reply word, [(name, value bytes)...])...];
    None when it is not one word a line with a blank line after each
    sentence."""
    if not out.endswith(b"\n\n"):
        return None
    sentences = []
    for block in out[:-2].split(b"\n\n"):
        lines = block.split(b"\n")
        if not lines[0].startswith(b"!"):
            return None
        attrs = []
        for w in lines[1:]:
            if not w.startswith(b"=") or b"=" not in w[1:]:
                return None
            name, value = w[1:].split(b"=", 1)
            attrs.append((name.decode(), value))
        sentences.append((lines[0].decode(), attrs))
    return sentences


def display(value):
    """What the table shows for a value: UTF-8 as is, other bytes read as
    CP1252 (the sim's comments are one or the other)."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("cp1252")


def check_table(name, text, rows):
    """text is an aligned table of rows (the -o raw rows): a header with
    every column, .id first, and each value starting under its column's
    name."""
    lines = text.split("\n")
    if not check(text.endswith("\n") and len(lines) == len(rows) + 2,
                 name + ": header and one line a row",
                 "%d rows, output:\n%s" % (len(rows), text)):
        return
    cols = []
    for _, attrs in rows:
        for k, _ in attrs:
            if k not in cols:
                cols.append(k)
    if ".id" in cols:
        cols.remove(".id")
        cols.insert(0, ".id")
    header = lines[0]
    starts = [m.start() for m in re.finditer(r"\S+", header)]
    names = header.split()
    eq(names, cols, name + ": header names every column, .id first")
    if names != cols:
        return
    bad = []
    for i, (_, attrs) in enumerate(rows):
        line = lines[i + 1]
        for k, v in attrs:
            s = starts[cols.index(k)]
            d = display(v)
            if line[s:s + len(d)] != d or (s > 0 and line[s - 1] != " "):
                bad.append("row %d column %s: %r not at offset %d in %r" %
                           (i + 1, k, d, s, line))
        if line != line.rstrip():
            bad.append("row %d has trailing blanks: %r" % (i + 1, line))
    check(not bad, name + ": every value starts under its column name",
          "\n".join(bad))
    gaps = all(header[s - 2:s] == "  " for s in starts[1:])
    check(gaps, name + ": columns separated by two spaces or more", header)


def check_json(name, r, raw_rows):
    """-o json is an array of objects, in wire order, with the exact bytes
    of the raw rows (non-UTF-8 as \\udcXX escapes)."""
    try:
        doc = json.loads(r.text)
    except ValueError as e:
        check(False, name + ": -o json parses", "%s\n%s" % (e, r.text))
        return
    check(True, name + ": -o json parses")
    got = [[(k, v.encode("utf-8", "surrogateescape")) for k, v in o.items()]
           for o in doc]
    want = [attrs for _, attrs in raw_rows]
    eq(got, want, name + ": -o json objects hold the exact bytes of -o raw")


def check_csv(name, r, raw_rows):
    """-o csv: a header (.id first, then as first seen) and one record a
    row, values byte for byte as in -o raw, CRLF line ends."""
    recs = list(csv.reader(io.StringIO(r.text, newline="")))
    cols = []
    for _, attrs in raw_rows:
        for k, _ in attrs:
            if k not in cols:
                cols.append(k)
    if ".id" in cols:
        cols.remove(".id")
        cols.insert(0, ".id")
    want = [cols] + [[dict(a).get(k, b"").decode("utf-8", "surrogateescape")
                      for k in cols] for _, a in raw_rows]
    eq(recs, want, name + ": -o csv header and records match -o raw")
    check(r.out.count(b"\r\n") == len(raw_rows) + 1 and
          r.out.count(b"\n") == len(raw_rows) + 1,
          name + ": -o csv lines end in CRLF", repr(r.out[:300]))


def suite(tag, sim, conn):
    """Every print check over one transport; conn is the options and
    target."""
    def tk(*words, **kw):
        return run(*(conn + list(words)), **kw)

    r = tk("/system/identity/print")
    expect(r, tag + " /system/identity/print", rc=0, out="name\nsoho-gw\n",
           err="")

    r = tk("/ip/address/print")
    expect(r, tag + " /ip/address/print table", rc=0, out=IP_ADDRESS_TABLE,
           err="")
    raw = tk("/ip/address/print", "-o", "raw")
    expect(raw, tag + " /ip/address/print -o raw exits 0", rc=0, err="")
    rows = parse_raw(raw.out)
    check(rows is not None and [s[0] for s in rows] == ["!re", "!re",
                                                         "!done"],
          tag + " -o raw: one word a line, !re !re !done, blank line after "
          "each sentence", raw.text)
    rows = [s for s in rows or [] if s[0] == "!re"]
    check(b".tag=" not in raw.out, tag + " -o raw hides the engine's .tag",
          raw.text)
    if rows:
        eq(rows[0][1][0], (".id", b"*1"), tag + " -o raw: first word .id")
        check_table(tag + " /ip/address table", r.text, rows)

    r = tk("/ip/address/print", "-o", "json")
    expect(r, tag + " /ip/address/print -o json exits 0", rc=0, err="")
    check_json(tag + " /ip/address", r, rows)
    r = tk("/ip/address/print", "-o", "csv")
    expect(r, tag + " /ip/address/print -o csv exits 0", rc=0, err="")
    check_csv(tag + " /ip/address", r, rows)

    # /interface: CP1252 and UTF-8 comments, rows without some columns
    raw = tk("/interface/print", "-o", "raw")
    rows = [s for s in parse_raw(raw.out) or [] if s[0] == "!re"]
    comments = [dict(a).get("comment") for _, a in rows]
    eq(comments, [None, b"B\xfcro-PC",
                  b"K\xc3\xbcche \xe2\x80\x93 Sonos", None, None,
                  b"defconf"],
       tag + " /interface -o raw: comments byte for byte (CP1252 0xFC "
       "kept)")
    r = tk("/interface/print")
    expect(r, tag + " /interface/print table exits 0", rc=0, err="",
           out_has=["*2   ether2", "B\u00fcro-PC", "K\u00fcche \u2013 Sonos"])
    check_table(tag + " /interface table", r.text, rows)
    r = tk("/interface/print", "-o", "json")
    expect(r, tag + " /interface -o json exits 0, \\udcfc escape", rc=0,
           err="", out_has=['"comment": "B\\udcfcro-PC"'])
    check_json(tag + " /interface", r, rows)
    r = tk("/interface/print", "-o", "csv")
    check_csv(tag + " /interface", r, rows)

    # --count, .proplist, queries
    expect(tk("/ip/address/print", "--count"), tag + " --count", rc=0,
           out="2\n", err="")
    expect(tk("/interface/print", "--count"), tag + " --count /interface",
           rc=0, out="6\n", err="")
    expect(tk("/ip/address/print", "=.proplist=address,interface"),
           tag + " =.proplist= picks and orders the columns", rc=0,
           out="address           interface\n"
               "192.168.88.1/24   bridge\n"
               "198.51.100.23/24  ether1\n", err="")
    expect(tk("/interface/print", "=.proplist=name,comment,.id"),
           tag + " =.proplist= with .id last: .id shown first", rc=0,
           out=".id  name    comment\n"
               "*1   ether1\n"
               "*2   ether2  B\u00fcro-PC\n"
               "*3   ether3  K\u00fcche \u2013 Sonos\n"
               "*4   ether4\n"
               "*5   ether5\n"
               "*6   bridge  defconf\n", err="")
    expect(tk("/ip/address/print", "?interface=ether1",
              "=.proplist=.id,address"),
           tag + " ?interface=ether1 query", rc=0,
           out=".id  address\n*2   198.51.100.23/24\n", err="")
    expect(tk("/interface/print", "?name=ether1", "?name=bridge", "?#|",
              "=.proplist=name", "-o", "raw"),
           tag + " ?name= ?name= ?#| query (-o raw)", rc=0,
           out="!re\n=name=ether1\n\n!re\n=name=bridge\n\n!done\n\n",
           err="")
    expect(tk("/interface/print", "?type=ether", "--count"),
           tag + " ?type=ether --count", rc=0, out="5\n", err="")
    expect(tk("/ip/address/print", "?interface=none", "-o", "json"),
           tag + " no rows: -o json is []", rc=0, out="[]\n", err="")

    # =count-only=: the ret value, with and without --count
    expect(tk("/ip/address/print", "=count-only="),
           tag + " =count-only= prints the ret value", rc=0, out="2\n",
           err="")
    expect(tk("/ip/address/print", "=count-only=", "--count"),
           tag + " =count-only= --count prints the ret value", rc=0,
           out="2\n", err="")
    expect(tk("/ip/address/print", "=count-only=", "-o", "raw"),
           tag + " =count-only= -o raw", rc=0, out="!done\n=ret=2\n\n",
           err="")

    # add prints *ID, the row is there, remove, gone
    name = "e2e-%s.lan" % tag
    r = tk("/ip/dns/static/add", "=name=" + name, "=address=192.0.2.77")
    ok = expect(r, tag + " add prints *ID", rc=0, err="")
    m = re.fullmatch(r"(\*[0-9A-F]+)\n", r.text)
    check(ok and m is not None, tag + " add output is exactly one *ID line",
          repr(r.text))
    if m:
        rid = m.group(1)
        expect(tk("/ip/dns/static/print", "?name=" + name,
                  "=.proplist=.id,name,address"),
               tag + " the added row is there", rc=0,
               out=".id  %s  address\n%s  %s  192.0.2.77\n" % (
                   "name".ljust(len(name)), rid.ljust(3), name), err="")
        expect(tk("/ip/dns/static/remove", "=.id=" + rid),
               tag + " remove =.id=" + rid, rc=0, out="", err="")
        expect(tk("/ip/dns/static/print", "?name=" + name, "--count"),
               tag + " the removed row is gone", rc=0, out="0\n", err="")
        r = tk("/ip/dns/static/remove", "=.id=" + rid)
        expect(r, tag + " removing it again traps no such item", rc=1,
               out="", err="tikdeck: router error: no such item (4)\n")


def main():
    with Sim("--frozen", ssl=True, cert=True) as sim:
        suite("plain", sim, ["--plain", sim.target()])
        suite("tls", sim, ["--ca", sim.cert, sim.target(tls=True)])
    done()


if __name__ == "__main__":
    main()
