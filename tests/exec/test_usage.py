#!/usr/bin/env python3
"""tikdeck exec usage errors: exit 2 with a clear message on stderr,
nothing on stdout, and no connection attempted."""
import os
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tikexec import Silent, check, done, expect, run  # noqa: E402

TRY = "Try 'tikdeck --help'.\n"


def main():
    with Silent() as s:
        tgt = "127.0.0.1:%d" % s.port
        cases = [
            ("no router and no command", [],
             "tikdeck exec: expected ROUTER and COMMAND, e.g. tikdeck exec "
             "admin@192.0.2.1 /system/resource/print\n"),
            ("no command", [tgt],
             "tikdeck exec: expected ROUTER and COMMAND, e.g. tikdeck exec "
             "admin@192.0.2.1 /system/resource/print\n"),
            ("a command without a leading /",
             [tgt, "system/identity/print"],
             "tikdeck exec: \"system/identity/print\" is not an API "
             "command: commands start with '/', e.g. /ip/address/print\n"),
            ("a port above 65535 in the target",
             ["127.0.0.1:99999", "/system/identity/print"],
             "tikdeck exec: invalid port \"99999\": expected a number from "
             "1 to 65535\n"),
            ("a port that is not a number",
             ["admin@127.0.0.1:api", "/system/identity/print"],
             "tikdeck exec: invalid port \"api\": expected a number from 1 "
             "to 65535\n"),
            ("an empty port", ["127.0.0.1:", "/system/identity/print"],
             "tikdeck exec: invalid port \"\": expected a number from 1 to "
             "65535\n"),
            ("port 0", ["127.0.0.1:0", "/system/identity/print"],
             "tikdeck exec: invalid port \"0\": expected a number from 1 to "
             "65535\n"),
            ("an empty user name", ["@127.0.0.1", "/system/identity/print"],
             "tikdeck exec: empty user name in \"@127.0.0.1\"\n"),
            ("an unterminated IPv6 address",
             ["[::1", "/system/identity/print"],
             "tikdeck exec: unterminated IPv6 address in \"[::1\"\n"),
            ("--attempts 0", ["--attempts", "0", tgt, "/x"],
             "tikdeck exec: invalid --attempts \"0\": expected a number from "
             "1 to 10\n" + TRY),
            ("--attempts 11", ["--attempts", "11", tgt, "/x"],
             "tikdeck exec: invalid --attempts \"11\": expected a number "
             "from 1 to 10\n" + TRY),
            ("--timeout 0", ["--timeout", "0", tgt, "/x"],
             "tikdeck exec: invalid --timeout \"0\": expected seconds from 1 "
             "to 3600\n" + TRY),
            ("-p 70000", ["-p", "70000", "127.0.0.1", "/x"],
             "tikdeck exec: invalid port \"70000\": expected a number from "
             "1 to 65535\n" + TRY),
            ("-o xml", ["-o", "xml", tgt, "/x"],
             "tikdeck exec: unknown output format \"xml\": use table, json, "
             "csv or raw\n" + TRY),
            ("an unknown long option", ["--frobnicate", tgt, "/x"],
             "tikdeck exec: unknown option --frobnicate\n" + TRY),
            ("an unknown short option", ["-Z", tgt, "/x"],
             "tikdeck exec: unknown option -Z\n" + TRY),
            ("an option without its value", [tgt, "/x", "--timeout"],
             "tikdeck exec: option --timeout needs a value\n" + TRY),
            ("--plain with --insecure", ["--plain", "--insecure", tgt, "/x"],
             "tikdeck exec: --plain cannot be combined with --ca, "
             "--fingerprint, --insecure or --adh\n" + TRY),
            ("an unknown --charset", ["--charset", "latin9", tgt, "/x"],
             "tikdeck exec: unknown charset \"latin9\": use auto, utf-8 or "
             "cp1252\n"),
        ]
        for name, args, err in cases:
            r = run(*args, password=None)
            expect(r, "%s: exit 2" % name, rc=2, out="", err=err, max_s=2)
        time.sleep(0.1)
        check(not s.conns, "no usage error opened a connection",
              "%d connections" % len(s.conns))
        r = run("--help")
        expect(r, "--help: usage on stdout, exit 0", rc=0, err="",
               out_has=["tikdeck exec [OPTION]... ROUTER COMMAND [WORD]...",
                        "2 usage"])
    done()


if __name__ == "__main__":
    main()
