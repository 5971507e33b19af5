#!/usr/bin/env python3
"""Export, backup and files: /export (plain: only !done), /export =file=,
menu exports, /execute =as-string= (7.x; v6 traps), a live export that
follows changes, /system/backup/save, /file/read of binary bytes (7.13+),
/file/print contents (v6), /file/remove."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rawapi import Conn, Sim, attrs, check, rows  # noqa: E402


def read_file(c, name, chunk=700):
    data, off = b"", 0
    while True:
        r = c.talk("/file/read", "=file=" + name, "=offset=%d" % off,
                   "=chunk-size=%d" % chunk)
        check(len(r) == 2 and r[0][0] == b"!re" and r[1] == [b"!done"],
              "read reply %r" % r[:1])
        d = r[0][1]
        check(d.startswith(b"=data="), "data word")
        d = d[6:]
        data += d
        off += len(d)
        if len(d) < chunk:
            return data


def main():
    with Sim("--frozen") as s:
        c = Conn(s.port).login()
        check(c.talk("/export") == [[b"!done"]], "plain export")
        r = c.talk("/execute", "=script=/export", "=as-string=")
        check(len(r) == 1 and r[0][0] == b"!done", "as-string %r" % r)
        text = attrs(r[0])["ret"].decode("ascii")
        lines = text.split("\n")
        check(lines[0] == "# 2024-01-15 10:20:30 by RouterOS 7.18.2",
              "header %r" % lines[0])
        for want in ["/interface bridge", "add comment=defconf name=bridge",
                     "/ip address",
                     "/ip firewall filter", "/ip firewall nat",
                     "set telnet address=192.168.88.0/24 disabled=yes",
                     "/system identity", "set name=soho-gw",
                     "set [ find default-name=ether2 ] comment=\"B\\FCro-PC\""]:
            check(want in lines, "export has %r" % want)
        check("add address=192.168.88.1/24 comment=defconf interface=bridge "
              "\\" in lines and "    network=192.168.88.0" in lines,
              "address line")
        fw = text[text.index("/ip firewall filter"):text.index(
            "/ip firewall nat")]
        check(fw.index("drop invalid") < fw.index("accept ICMP") <
              fw.index("fasttrack"), "rules in order")
        check("special dummy rule" not in text and "198.51.100.23" not in
              text, "dynamic entries are not exported")
        # Changes show up.
        c.talk("/ip/firewall/filter/add", "=chain=input", "=action=accept",
               "=protocol=tcp", "=dst-port=8291",
               "=comment=winbox from LAN", "=place-before=*2")
        text2 = attrs(c.talk("/execute", "=script=/ip firewall filter "
                             "export", "=as-string=")[0])["ret"].decode()
        check("/ip address" not in text2 and "/ip firewall nat" not in text2,
              "menu export only %r" % text2[:300])
        fw = text2[text2.index("/ip firewall filter"):].replace(
            " \\\n    ", " ")
        check("add action=accept chain=input comment=\"winbox from LAN\" "
              "dst-port=8291 protocol=tcp" in fw and
              fw.index("winbox from LAN") < fw.index("drop invalid"),
              "new rule placed %r" % fw[:400])
        # /export =file= and /ip/firewall/export =file=.
        check(c.talk("/export", "=file=cfg") == [[b"!done"]], "export file")
        f = rows(c.talk("/file/print", "?name=cfg.rsc"))
        check(len(f) == 1 and f[0]["type"] == b"script" and
              "contents" not in f[0], "cfg.rsc row %r" % f)
        data = read_file(c, "cfg.rsc")
        check(int(f[0]["size"]) == len(data) and
              b"winbox from LAN" in data, "read back export")
        check(c.talk("/ip/firewall/export", "=file=fw.rsc") == [[b"!done"]],
              "menu export to file")
        check(b"/ip address" not in read_file(c, "fw.rsc"), "menu file")
        r = c.talk("/ip/firewall/nosuch/export")
        check(r[0][0] == b"!trap", "unknown menu export")
        # Backups are binary.
        check(c.talk("/system/backup/save", "=name=x",
                     "=dont-encrypt=yes") == [[b"!done"]], "backup save")
        f = rows(c.talk("/file/print", "?name=x.backup"))
        check(len(f) == 1 and f[0]["type"] == b"backup", "backup row %r" % f)
        data = read_file(c, "x.backup", 32768)
        check(len(data) == int(f[0]["size"]) and
              data[:4] == b"\x88\xac\xa1\xb1" and b"\x00" * 16 in data and
              any(b >= 0x80 for b in data), "binary backup")
        try:
            data.decode("utf-8")
            check(False, "backup must not be UTF-8")
        except UnicodeDecodeError:
            pass
        c.talk("/system/backup/save", "=name=enc")
        check(read_file(c, "enc.backup")[:4] != b"\x88\xac\xa1\xb1",
              "encrypted by default")
        r = c.talk("/file/read", "=file=x.backup", "=offset=10",
                   "=chunk-size=5")
        check(r[0][1] == b"=data=" + data[10:15], "offset read")
        r = c.talk("/file/read", "=file=nope", "=chunk-size=5")
        check(r[0][0] == b"!trap" and r[1] == [b"!done"], "no such file")
        r = c.talk("/file/read", "=file=x.backup", "=chunk-size=40000")
        check(r[0][0] == b"!trap", "chunk too big")
        check(c.talk("/file/remove", "=numbers=x.backup") == [[b"!done"]],
              "remove")
        check(rows(c.talk("/file/print", "?name=x.backup")) == [],
              "removed")
        # A user without write may not export to a file.
        c.talk("/user/add", "=name=ro", "=group=read", "=password=ro")
        ro = Conn(s.port).login("ro", "ro")
        r = ro.talk("/export", "=file=y")
        check(r == [[b"!trap", b"=message=not enough permissions (9)"],
                    [b"!done"]], "export needs write %r" % r)
    with Sim("--frozen", "--profile", "6.49") as s:
        c = Conn(s.port).login()
        check(c.talk("/export") == [[b"!done"]], "v6 plain export")
        r = c.talk("/execute", "=script=/export", "=as-string=")
        check(r == [[b"!trap", b"=message=unknown parameter"], [b"!done"]],
              "v6 as-string %r" % r)
        c.talk("/ip/firewall/export", "=file=fw")
        f = rows(c.talk("/file/print", "?name=fw.rsc"))
        check(len(f) == 1 and f[0]["contents"].startswith(b"# jan/15/2024 "
              b"10:20:30 by RouterOS 6.49.10\n") and
              b"/ip firewall filter\n" in f[0]["contents"],
              "v6 contents %r" % f)
        c.talk("/system/backup/save", "=name=big")
        f = rows(c.talk("/file/print", "?name=big.backup"))
        check("contents" not in f[0], "no contents for big files")
        r = c.talk("/file/read", "=file=fw.rsc")
        check(r == [[b"!trap", b"=message=no such command"], [b"!done"]],
              "no /file/read on v6 %r" % r)
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
