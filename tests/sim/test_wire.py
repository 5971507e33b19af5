#!/usr/bin/env python3
"""Exact wire sequences of tikdeck-sim (reference sections 4-6, 9).

Driven by the minimal raw client in rawapi.py: sessions, tags, traps,
!empty by profile, count-only, .proplist, the query stack machine, item
addressing, permissions, listen with .dead, and /cancel sequences.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rawapi import Conn, Sim, check, rows  # noqa: E402

DONE = [b"!done"]


def trap(msg, cat=None, tag=None):
    s = [b"!trap"]
    if tag:
        s.append(b".tag=" + tag)
    if cat is not None:
        s.append(b"=category=%d" % cat)
    s.append(b"=message=" + msg)
    return s


def eq(got, want, what):
    check(got == want, "%s:\n got  %r\n want %r" % (what, got, want))


def test_session(sim):
    c = Conn(sim.port)
    c.send("/ip/address/print", ".tag=1")
    eq(c.read(), [b"!fatal", b"not logged in"], "command before login")
    check(c.closed(), "closed after !fatal not logged in")

    c = Conn(sim.port)
    eq(c.talk("/quit"), [[b"!fatal", b"session terminated on request"]],
       "/quit before login")
    check(c.closed(), "closed after /quit")

    c = Conn(sim.port)
    eq(c.talk("/login", "=name=admin", "=password=wrong"),
       [trap(b"invalid user name or password (6)"), DONE], "bad password")
    eq(c.talk("/login", "=name=nobody", "=password="),
       [trap(b"invalid user name or password (6)"), DONE], "bad user")
    # A bare /login gets a useless challenge whose response always fails.
    r = c.talk("/login")
    check(len(r) == 1 and r[0][0] == b"!done" and len(r[0]) == 2 and
          len(r[0][1]) == 5 + 32, "bare /login challenge: %r" % r)
    eq(c.talk("/login", "=name=admin", "=response=00" + "0" * 32),
       [trap(b"invalid user name or password (6)"), DONE], "md5 on 7.18")
    c.login()
    eq(c.talk("/login", "=name=admin", "=password=", ".tag=x"),
       [[b"!done", b".tag=x"]], "second login, tagged")
    c.close()


def test_tags_and_traps(c):
    eq(c.talk("/system/identity/print", ".tag=abc"),
       [[b"!re", b".tag=abc", b"=name=soho-gw"], [b"!done", b".tag=abc"]],
       "tag echo")
    eq(c.talk("/system/identity/print", ".tag="),
       [[b"!re", b"=name=soho-gw"], DONE], "empty tag = untagged")
    eq(c.talk("/ip/firewall/mangle/print", ".tag=7"),
       [[b"!empty", b".tag=7"], [b"!done", b".tag=7"]], "!empty + !done")
    eq(c.talk("/ip/address/print", "?address=10.99.0.1/24"),
       [[b"!empty"], DONE], "empty query result")
    eq(c.talk("/system/routerboard/frob"), [trap(b"no such command"), DONE],
       "unknown command")
    eq(c.talk("/system/bogus/print", ".tag=t"),
       [trap(b"no such command or directory (bogus)", tag=b"t"),
        trap(b"no such command prefix", tag=b"t"), [b"!done", b".tag=t"]],
       "unknown menu")
    eq(c.talk("/interface"), [trap(b"no such command"), DONE],
       "a menu as a command")
    eq(c.talk("ip/address/print"), [trap(b"no such command prefix"), DONE],
       "no leading slash")
    eq(c.talk("/ip/address/add", "=address=10.0.0.1/24",
              "=interface=bridge", "=colour=red"),
       [trap(b"unknown parameter"), DONE], "unknown parameter")
    eq(c.talk("/ip/address/set", "=.id=*77", "=comment=x"),
       [trap(b"no such item (4)"), DONE], "missing id")
    eq(c.talk("/ip/address/remove", "=.id=*1,*77"),
       [trap(b"no such item (4)"), DONE], "one of the ids missing")
    eq(c.talk("/ip/address/add", "=address=10.0.0.1/24",
              "=interface=ether9"),
       [trap(b"input does not match any value of interface", 1), DONE],
       "bad interface reference")
    eq(c.talk("/ip/dns/static/add", "=name=router.lan",
              "=address=192.168.88.1"),
       [trap(b"entry already exists"), DONE], "duplicate dns static")
    eq(c.talk("/ip/pool/add", "=name=dhcp_pool", "=ranges=10.0.0.2-10.0.0.9"),
       [trap(b"failure: already have such entry"), DONE], "duplicate pool")
    eq(c.talk("/ip/firewall/filter/move", "=numbers=*1",
              "=destination=*4"),
       [trap(b"cannot move builtin"), DONE], "move the dynamic rule")
    # Queries on non-print commands are ignored.
    eq(c.talk("/ip/address/remove", "?.id=*1"),
       [trap(b"missing value(s) of argument(s) numbers", 1), DONE],
       "query on remove is ignored")


def test_print(c):
    eq(c.talk("/interface/print", "=count-only="), [[b"!done", b"=ret=6"]],
       "count-only")
    eq(c.talk("/interface/print", "=count-only=", "?type=ether"),
       [[b"!done", b"=ret=5"]], "count-only with a query")
    r = c.talk("/ip/service/print", "=.proplist=comment")
    eq(r, [[b"!re"]] * 8 + [DONE], "proplist with no such property")
    r = c.talk("/interface/print", "=.proplist=.id,name", "?name=ether3")
    eq(r, [[b"!re", b"=.id=*3", b"=name=ether3"], DONE], "proplist + query")
    r = rows(c.talk("/system/resource/print"))
    check(len(r) == 1 and ".id" not in r[0] and
          r[0]["version"] == b"7.18.2 (stable)", "singleton resource")
    r = rows(c.talk("/ip/dhcp-server/lease/print", "=.proplist=comment"))
    check([b"Heimserver (Keller)", b"Drucker im B\xfcro"] ==
          [x["comment"] for x in r if "comment" in x], "lease comments")
    r = rows(c.talk("/ip/route/print"))
    check(len(r) == 3 and r[0]["dst-address"] == b"0.0.0.0/0", "routes")
    r = rows(c.talk("/log/print", "?topics=system,info"))
    check(r and r[0]["message"] == b"router rebooted", "log topics query")
    eq(c.talk("/system/identity/get", "=value-name=name"),
       [[b"!done", b"=ret=soho-gw"]], "get")


def names(c, *query):
    return [x["name"].decode() for x in
            rows(c.talk("/interface/print", "=.proplist=name", *query))]


def test_queries(c):
    # DOC: ?type=ether ?type=vlan ?#| -> ether OR vlan.
    eq(names(c, "?type=bridge", "?type=vlan", "?#|"), ["bridge"], "or")
    eq(len(names(c, "?type=ether", "?type=bridge", "?#|")), 6, "or all")
    # ?>comment= -> the comment is not empty.
    eq(names(c, "?>comment="), ["ether2", "ether3", "bridge"], "?>comment=")
    eq(names(c, "?comment"), ["ether2", "ether3", "bridge"], "?name")
    eq(names(c, "?-comment"), ["ether1", "ether4", "ether5"], "?-name")
    eq(names(c, "?=name=ether4"), ["ether4"], "?=name=v")
    eq(names(c, "?<name=ether3"), ["ether1", "ether2", "bridge"], "?<")
    eq(names(c, "?running=true", "?#!"), ["ether4", "ether5"], "not")
    # librouteros In(...): three ?= words then ?#| twice.
    eq(names(c, "?=name=ether1", "?=name=ether5", "?=name=bridge", "?#|",
             "?#|"), ["ether1", "ether5", "bridge"], "In")
    eq(names(c, "?type=ether", "?running=true", "?#&"),
       ["ether1", "ether2", "ether3"], "and")
    # NOT(distance>1 AND gateway=198.51.100.1): everything here.
    r = c.talk("/ip/route/print", "?>distance=1", "?gateway=198.51.100.1",
               "?#&!", "=count-only=")
    eq(r, [[b"!done", b"=ret=3"]], "DOC example 3")
    # Index operators: push a copy of the value at an index; digits at the
    # end replace the stack; '.' after an index is a no-op.
    eq(names(c, "?type=bridge", "?type=ether", "?#1"), ["bridge"],
       "index at the end")
    eq(names(c, "?type=bridge", "?type=ether", "?#1.&"), [], "index then &")
    eq(names(c, "?type=ether", "?#.!|"), names(c), "dup, not, or")


def test_items(c, c2):
    r = c.talk("/ip/address/add", "=address=10.7.0.1/24", "=interface=ether4",
               "=comment=test")
    check(r[0][0] == b"!done" and r[0][1].startswith(b"=ret=*"), "add ret")
    new = r[0][1][5:].decode()
    got = rows(c.talk("/ip/address/print", "?.id=" + new))
    eq(got[0]["network"], b"10.7.0.0", "derived network")
    eq(c.talk("/ip/address/disable", "=numbers=" + new), [DONE], "disable")
    eq(c.talk("/ip/address/comment", "=.id=" + new, "=comment=neu"),
       [DONE], "comment")
    got = rows(c.talk("/ip/address/print", "?.id=" + new))
    eq((got[0]["disabled"], got[0]["comment"]), (b"true", b"neu"),
       "disabled + comment")
    eq(c.talk("/ip/address/unset", "=.id=" + new, "=value-name=comment"),
       [DONE], "unset")
    check("comment" not in rows(c.talk("/ip/address/print", "?.id=" + new))[0],
          "unset comment")
    # Names work as ids where names are unique; comma lists.
    eq(c.talk("/interface/set", "=.id=ether4,ether5", "=comment=spare"),
       [DONE], "set by names")
    eq(names(c, "?comment=spare"), ["ether4", "ether5"], "comma list")
    # Singleton set takes no id.
    eq(c.talk("/system/identity/set", "=name=gw2"), [DONE], "singleton set")
    eq(rows(c2.talk("/system/identity/print"))[0]["name"], b"gw2",
       "seen on another connection")
    c.talk("/system/identity/set", "=name=soho-gw")
    # Move with destination.
    ids = [x[".id"] for x in rows(c.talk("/ip/firewall/filter/print",
                                         "=.proplist=.id"))]
    eq(c.talk("/ip/firewall/filter/move", "=numbers=" + ids[3].decode(),
              "=destination=" + ids[1].decode()), [DONE], "move")
    ids2 = [x[".id"] for x in rows(c.talk("/ip/firewall/filter/print",
                                          "=.proplist=.id"))]
    eq(ids2[:4], [ids[0], ids[3], ids[1], ids[2]], "order after move")
    # listen sees changes from another connection, .dead on removal.
    c.send("/ip/address/listen", ".tag=L")
    time.sleep(0.1)
    eq(c2.talk("/ip/address/remove", "=.id=" + new), [DONE], "remove")
    eq(c.read(), [b"!re", b".tag=L", b"=.id=" + new.encode(),
                  b"=.dead=true"], "listen .dead")
    c.send("/cancel", "=tag=L", ".tag=C")
    eq([c.read() for _ in range(3)],
       [trap(b"interrupted", 2, b"L"), [b"!done", b".tag=C"],
        [b"!done", b".tag=L"]], "cancel after rows: no !empty")


def test_cancel(port, profile):
    c = Conn(port).login()
    c.send("/interface/listen", ".tag=a")
    c.send("/ip/address/listen", ".tag=b")
    c.send("/cancel", "=tag=a", ".tag=c")
    want = [trap(b"interrupted", 2, b"a")]
    if profile == "7.18":
        want.append([b"!empty", b".tag=a"])
    want += [[b"!done", b".tag=c"], [b"!done", b".tag=a"]]
    eq([c.read() for _ in range(len(want))], want, "cancel " + profile)
    # Without =tag=: everything running; an untagged /cancel's !done is
    # untagged too.
    c.send("/cancel")
    want = [trap(b"interrupted", 2, b"b")]
    if profile == "7.18":
        want.append([b"!empty", b".tag=b"])
    want += [DONE, [b"!done", b".tag=b"]]
    eq([c.read() for _ in range(len(want))], want, "cancel all " + profile)
    c.close()


def test_profiles():
    with Sim("--frozen", "--profile", "7.17") as s:
        c = Conn(s.port).login()
        eq(c.talk("/ip/firewall/mangle/print"), [DONE], "no !empty on 7.17")
        r = rows(c.talk("/system/clock/print"))[0]
        eq(r["date"], b"2024-01-15", "ISO date on 7.17")
        test_cancel(s.port, "7.17")
    with Sim("--frozen", "--profile", "6.49") as s:
        c = Conn(s.port)
        eq(c.talk("/login", "=name=admin", "=password=x"),
           [trap(b"invalid user name or password (6)"), DONE], "6.49 fail")
        c = Conn(s.port).login()
        r = rows(c.talk("/system/clock/print"))[0]
        eq(r["date"], b"jan/15/2024", "old date format")
        r = rows(c.talk("/system/ntp/client/print"))[0]
        check("primary-ntp" in r and "servers" not in r, "v6 ntp fields")
    with Sim("--frozen", "--profile", "6.42", "--user",
             "bob:secret:read") as s:
        import hashlib
        c = Conn(s.port)
        r = c.talk("/login", "=name=bob", "=password=secret")
        check(r[0][0] == b"!done" and r[0][1].startswith(b"=ret="),
              "6.42 challenge for a plain login: %r" % r)
        chal = bytes.fromhex(r[0][1][5:].decode())
        check(len(chal) == 16, "16-byte challenge")
        bad = "00" + hashlib.md5(b"\0wrong" + chal).hexdigest()
        eq(c.talk("/login", "=name=bob", "=response=" + bad),
           [trap(b"cannot log in"), DONE], "md5 failure")
        good = "00" + hashlib.md5(b"\0secret" + chal).hexdigest()
        eq(c.talk("/login", "=name=bob", "=response=" + good), [DONE],
           "md5 login")
        r = rows(c.talk("/system/resource/print"))[0]
        eq(r["version"], b"6.42.12 (long-term)", "6.42 version")
        # bob is in group read: writes are refused.
        eq(c.talk("/ip/address/add", "=address=10.0.0.1/24",
                  "=interface=bridge"),
           [trap(b"not enough permissions (9)"), DONE], "no write policy")


def test_policies():
    with Sim("--frozen", "--group", "noapi:read,write,winbox",
             "--user", "carl:pw:noapi", "--user", "ro:pw:read") as s:
        c = Conn(s.port)
        eq(c.talk("/login", "=name=carl", "=password=pw"),
           [trap(b"invalid user name or password (6)"), DONE],
           "group without api policy")
        c.login("ro", "pw")
        check(rows(c.talk("/ip/address/print")), "read allowed")
        eq(c.talk("/system/identity/set", "=name=x"),
           [trap(b"not enough permissions (9)"), DONE], "write refused")
        a = Conn(s.port).login("admin", "")
        r = rows(a.talk("/user/active/print"))
        eq(sorted(x["name"] for x in r), [b"admin", b"ro"], "/user/active")
        r = rows(a.talk("/user/print", "?name=ro"))[0]
        check("password" not in r and r["group"] == b"read", "/user row")


def test_getall_and_names(c):
    """getall is print's older name; interface names are unique across
    interface types."""
    eq(c.talk("/system/identity/getall"),
       [[b"!re", b"=name=soho-gw"], DONE], "getall singleton")
    eq(c.talk("/ip/address/getall", "=.proplist=address",
              "?interface=bridge"),
       [[b"!re", b"=address=192.168.88.1/24"], DONE], "getall query")
    msg = b"failure: already have interface with such name"
    eq(c.talk("/interface/set", "=.id=ether2", "=name=ether1"),
       [trap(msg), DONE], "rename onto another interface")
    eq(c.talk("/interface/bridge/add", "=name=ether3"),
       [trap(msg), DONE], "bridge named like a port")


def main():
    with Sim("--frozen") as sim:
        test_session(sim)
        c = Conn(sim.port).login()
        c2 = Conn(sim.port).login()
        test_tags_and_traps(c)
        test_print(c)
        test_queries(c)
        test_items(c, c2)
        test_getall_and_names(c)
        test_cancel(sim.port, "7.18")
    test_profiles()
    test_policies()
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
