#!/usr/bin/env python3
"""Debian's python3-librouteros 3.1.0 drives tikdeck-sim.

Plain login (7.18) and token login (6.42), path CRUD, Key / In / And / Or
queries, a 256-byte comment, the wrong-password error texts, abandoning a
generator midway, and the expectations of librouteros's own integration
tests against a fresh CHR (--preset chr: identity MikroTik, one interface,
ASCII only so the default strict ASCII decoding works).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rawapi import Sim, check, skip  # noqa: E402

try:
    import librouteros
    from librouteros.exceptions import TrapError
    from librouteros.login import plain, token
    from librouteros.query import And, Key, Or
except ImportError:
    skip("python3-librouteros is not installed")


def connect(port, user="admin", password="", method=plain, **kw):
    return librouteros.connect("127.0.0.1", user, password, port=port,
                               login_method=method, **kw)


def login_error(port, method, password):
    try:
        connect(port, password=password, method=method).close()
    except TrapError as e:
        return str(e)
    return None


def soho_718():
    with Sim("--frozen", "--profile", "7.18") as s:
        api = connect(s.port, encoding="latin-1")
        ident = tuple(api.path("system", "identity"))
        check(ident == ({"name": "soho-gw"},), "identity %r" % (ident,))
        ifs = tuple(api.path("interface"))
        check([i["name"] for i in ifs] ==
              ["ether1", "ether2", "ether3", "ether4", "ether5", "bridge"],
              "interfaces")
        check(ifs[1]["comment"] == "B\xfcro-PC", "CP1252 comment")
        check(all("mtu" in i and "mac-address" in i for i in ifs),
              "mtu and mac-address")
        check(isinstance(ifs[0]["rx-byte"], int), "counters are numbers")

        addr = api.path("ip", "address")
        long_comment = "x" * 256
        new = addr.add(address="192.168.84.10/24", interface="ether2",
                       comment=long_comment)
        check(new.startswith("*"), "add returned %r" % new)
        got = tuple(addr.select(Key(".id"), Key("address"),
                                Key("comment")).where(
            Key(".id") == new, Key("address") == "192.168.84.10/24"))
        check(got == ({".id": new, "address": "192.168.84.10/24",
                       "comment": long_comment},), "select %r" % (got,))
        ip = Key("address")
        got = tuple(addr.select(ip).where(
            ip.In("192.168.88.1/24", "192.168.84.10/24")))
        check(sorted(r["address"] for r in got) ==
              ["192.168.84.10/24", "192.168.88.1/24"], "In %r" % (got,))
        name, typ = Key("name"), Key("type")
        got = tuple(api.path("interface").select(name).where(
            And(typ == "ether", Key("running") == True)))  # noqa: E712
        check([r["name"] for r in got] == ["ether1", "ether2", "ether3"],
              "And %r" % (got,))
        got = tuple(api.path("interface").select(name).where(
            Or(name == "ether5", typ == "bridge")))
        check([r["name"] for r in got] == ["ether5", "bridge"],
              "Or %r" % (got,))
        got = tuple(api.path("interface").select(name).where(
            name != "ether1", typ == "ether"))
        check(len(got) == 4, "!= %r" % (got,))
        addr.update(**{".id": new, "comment": "neu"})
        check([r["comment"] for r in addr if r[".id"] == new] == ["neu"],
              "update")
        addr.remove(new)
        check(all(r[".id"] != new for r in addr), "remove")
        try:
            addr.remove("*999")
            check(False, "remove of a missing id must trap")
        except TrapError as e:
            check(str(e) == "no such item (4)", "trap text %s" % e)
        # Abandon a generator midway, then keep using the connection
        # once its reply has been drained.
        gen = iter(api.path("log"))
        first = next(gen)
        check("message" in first, "log row")
        tuple(gen)
        check(len(tuple(api.path("ip", "route"))) == 3, "after generator")
        api.close()
        err = login_error(s.port, plain, "wrong")
        check(err == "invalid user name or password (6)", "plain: %r" % err)


def legacy_642():
    with Sim("--frozen", "--profile", "6.42", "--user",
             "api:s3cret:write") as s:
        api = connect(s.port, "api", "s3cret", method=token,
                      encoding="latin-1")
        res = tuple(api.path("system", "resource"))[0]
        check(res["version"] == "6.42.12 (long-term)", "version %r" % res)
        new = api.path("ip", "dns", "static").add(name="nas.lan",
                                                   address="192.168.88.9")
        try:
            api.path("ip", "dns", "static").add(name="nas.lan",
                                                address="192.168.88.9")
            check(False, "duplicate must trap")
        except TrapError as e:
            check(str(e) == "entry already exists", "dup text %s" % e)
        api.path("ip", "dns", "static").remove(new)
        api.close()
        err = login_error(s.port, token, "wrong")
        check(err == "cannot log in", "token: %r" % err)


def chr_preset():
    with Sim("--frozen", "--preset", "chr") as s:
        api = connect(s.port)    # default: strict ASCII
        check(tuple(api.path("system", "identity")) ==
              ({"name": "MikroTik"},), "CHR identity")
        ifs = tuple(api.path("interface"))
        check(len(ifs) == 1 and ifs[0]["name"] == "ether1", "one interface")
        for p in (("ip", "address"), ("ip", "route"), ("ip", "service"),
                  ("system", "resource"), ("user",), ("log",),
                  ("ip", "firewall", "filter"), ("ip", "dns")):
            tuple(api.path(*p))
        check(tuple(api.path("ip", "address")) == (), "nothing configured")
        try:
            tuple(api.path("system", "routerboard"))
            check(False, "CHR has no routerboard")
        except librouteros.exceptions.MultiTrapError as e:
            check("no such command or directory (routerboard)" in str(e),
                  "routerboard traps: %s" % e)
        api.close()


def main():
    soho_718()
    legacy_642()
    chr_preset()
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
