#!/usr/bin/env python3
"""/console/inspect: request=child, syntax and completion describe the menu
tree and every argument's type; 7.17 has no !empty; 6.x has no /console."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rawapi import Conn, Sim, check, rows  # noqa: E402


def inspect(c, request, path=None, **kw):
    words = ["/console/inspect", "=request=" + request]
    if path is not None:
        words.append("=path=" + path)
    for k, v in kw.items():
        words.append("=%s=%s" % (k, v))
    return c.talk(*words)


def syntax_type(c, path):
    r = rows(inspect(c, "syntax", path))
    check(len(r) == 2 and r[0]["symbol-type"] == b"explanation" and
          r[1]["symbol-type"] == b"definition", "syntax rows %r" % r)
    return r[1]["symbol"].decode()


def main():
    with Sim("--frozen") as s:
        c = Conn(s.port).login()
        r = rows(inspect(c, "child", "ip,address"))
        check(r[0] == {"type": b"self", "name": b"address",
                       "node-type": b"dir"}, "self row %r" % r[0])
        kids = {x["name"]: x["node-type"] for x in r[1:]}
        check(all(x["type"] == b"child" for x in r[1:]), "child rows")
        for cmd in (b"add", b"set", b"remove", b"print", b"export"):
            check(kids.get(cmd) == b"cmd", "ip/address has %s" % cmd)
        check(b"move" not in kids, "ip/address cannot move")
        r = rows(inspect(c, "child", "ip,firewall"))
        kids = {x["name"]: x["node-type"] for x in r[1:]}
        check(kids.get(b"filter") == b"dir" and
              kids.get(b"connection") == b"dir", "firewall dirs %r" % kids)
        r = rows(inspect(c, "child", "ip,firewall,filter,add"))
        check(r[0]["node-type"] == b"cmd", "cmd self")
        args = {x["name"] for x in r[1:]}
        check({b"chain", b"action", b"src-address", b"dst-port",
               b"place-before", b"comment", b"disabled"} <= args,
              "filter add args %r" % args)
        check(all(x["node-type"] == b"arg" for x in r[1:]), "arg nodes")
        # each table has the arguments of its own actions only
        check({b"ipsec-policy", b"connection-nat-state", b"reject-with"}
              <= args, "filter add matchers %r" % args)
        check(not args & {b"to-addresses", b"to-ports",
                          b"new-connection-mark", b"passthrough"},
              "filter add has no nat/mangle args %r" % args)
        nat = {x["name"] for x in
               rows(inspect(c, "child", "ip,firewall,nat,add"))[1:]}
        check({b"to-addresses", b"to-ports"} <= nat and
              b"reject-with" not in nat and b"new-packet-mark" not in nat,
              "nat add args %r" % nat)
        mangle = {x["name"] for x in
                  rows(inspect(c, "child", "ip,firewall,mangle,add"))[1:]}
        check({b"new-connection-mark", b"passthrough"} <= mangle and
              b"to-addresses" not in mangle, "mangle add args %r" % mangle)
        root = {x["name"] for x in rows(inspect(c, "child", ""))[1:]}
        check({b"ip", b"interface", b"system", b"safe-mode", b"export",
               b"console", b"tool"} <= root, "root %r" % root)
        # Types of arguments, enough to build typed forms.
        for path, want in [
                ("ip,address,add,address", "IP prefix"),
                ("ip,address,add,interface", "interface name"),
                ("ip,address,add,disabled", "yes | no"),
                ("ip,address,add,comment", "string"),
                ("ip,service,set,port", "integer 1..65535"),
                ("ip,dhcp-server,lease,add,mac-address", "MAC address"),
                ("ip,dhcp-server,add,lease-time", "time interval"),
                ("ip,dns,static,add,address", "IP address"),
                ("ip,firewall,filter,add,in-interface-list",
                 "interface list name"),
                ("ip,firewall,filter,add,chain", "input | forward | output"),
                ("interface,set,mtu", "integer 0..65535")]:
            got = syntax_type(c, path)
            check(got == want, "%s: %r != %r" % (path, got, want))
        act = syntax_type(c, "ip,firewall,filter,add,action")
        check(act.startswith("accept | ") and "drop" in act and
              "reject" in act, "action enum %r" % act)
        r = rows(inspect(c, "syntax", "ip,address,add"))
        check({x["symbol"] for x in r} >= {b"address", b"interface",
                                             b"network", b"comment"},
              "command syntax %r" % r)
        check(rows(inspect(c, "syntax", "ip,address,add,address"))[0]
              ["text"] != b"", "help text")
        # Completion: values of an enum, names of referenced items.
        r = rows(inspect(c, "completion", "ip,firewall,filter,add,action"))
        comp = [x["completion"] for x in r]
        check(b"drop" in comp and all(x["style"] == b"none" for x in r),
              "action completion %r" % comp)
        r = rows(inspect(c, "completion", input="/ip firewall filter add "
                         "in-interface=eth"))
        check([x["completion"] for x in r] ==
              [b"ether1", b"ether2", b"ether3", b"ether4", b"ether5"] and
              r[0]["style"] == b"obj-name", "interface names %r" % r)
        r = rows(inspect(c, "completion", input="/ip fire"))
        check([x["completion"] for x in r] == [b"firewall"] and
              r[0]["style"] == b"dir", "dir completion %r" % r)
        r = rows(inspect(c, "completion", "ip,address,add"))
        check(b"interface" in [x["completion"] for x in r] and
              r[0]["style"] == b"arg", "arg completion")
        # Unknown path: trap; nothing to report: !empty on 7.18.
        r = inspect(c, "child", "ip,nosuch")
        check(r[0][0] == b"!trap" and r[-1] == [b"!done"],
              "unknown path %r" % r)
        r = inspect(c, "completion", "ip,address,add,address")
        check(rows(r)[0]["style"] == b"syntax-meta", "free-form value")
        r = inspect(c, "child", "ip,address,add,address")
        check(rows(r) == [{"type": b"self", "name": b"address",
                           "node-type": b"arg"}], "arg child")
        r = inspect(c, "completion", input="/ip zzz")
        check(r == [[b"!empty"], [b"!done"]], "empty completion %r" % r)
    with Sim("--frozen", "--profile", "7.17") as s:
        c = Conn(s.port).login()
        r = inspect(c, "completion", input="/ip zzz")
        check(r == [[b"!done"]], "7.17 has no !empty %r" % r)
        check(b"safe-mode" not in {x["name"] for x in rows(
            inspect(c, "child", ""))}, "no safe-mode on 7.17")
    with Sim("--frozen", "--profile", "6.49") as s:
        c = Conn(s.port).login()
        r = inspect(c, "child", "ip")
        check(r == [[b"!trap", b"=message=no such command or directory "
                     b"(console)"], [b"!trap", b"=message=no such command "
                                     b"prefix"], [b"!done"]],
              "v6 has no /console/inspect %r" % r)
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
