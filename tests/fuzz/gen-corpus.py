#!/usr/bin/env python3
"""Write the seed corpora for tests/fuzz (codec/, login/ and conf/).

Run from anywhere: python3 tests/fuzz/gen-corpus.py.  The outputs are
committed; rerun after changing this script.  A codec or login seed is a
byte stream as a router would send it (protocol reference sections 2, 4
and 5); a conf seed is a tikdeck.conf (doc/tikdeck.conf.5), valid or
typically broken.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def enc_len(n):
    """Minimal length prefix (reference section 2.1)."""
    if n < 0x80:
        return bytes([n])
    if n < 0x4000:
        return (n | 0x8000).to_bytes(2, "big")
    if n < 0x200000:
        return (n | 0xC00000).to_bytes(3, "big")
    if n < 0x10000000:
        return (n | 0xE0000000).to_bytes(4, "big")
    return b"\xF0" + n.to_bytes(4, "big")


def word(w):
    if isinstance(w, str):
        w = w.encode("latin-1")
    return enc_len(len(w)) + w


def sentence(*words):
    return b"".join(word(w) for w in words) + b"\x00"


def stream(*sentences):
    return b"".join(sentences)


CHAL = "259e0bc05acd6f46926dc2f809ed1bba"

LOGIN = {
    "modern-ok": sentence("!done"),
    "modern-fail": stream(
        sentence("!trap", "=message=invalid user name or password (6)"),
        sentence("!done")),
    "legacy-ok": stream(sentence("!done", "=ret=" + CHAL),
                        sentence("!done")),
    "legacy-fail": stream(sentence("!done", "=ret=" + CHAL),
                          sentence("!trap", "=message=cannot log in"),
                          sentence("!done")),
    "legacy-gor": stream(sentence("!done", "=ret=abc123"),
                         sentence("!done")),
    "nonhex": sentence("!done", "=ret=Invalid Hex String"),
    "empty-ret": sentence("!done", "=ret="),
    "odd-ret": sentence("!done", "=ret=abc"),
    "upper-ret": stream(sentence("!done", "=ret=" + CHAL.upper()),
                        sentence("!done")),
    "fatal": sentence("!fatal", "not logged in"),
    "fatal-message": sentence("!fatal", "=message=too many commands"),
    "fatal-bare": sentence("!fatal"),
    "two-traps": stream(
        sentence("!trap", "=message=no such command or directory (login)"),
        sentence("!trap", "=category=0", "=message=no such command prefix"),
        sentence("!done")),
    "trap-nomessage": stream(sentence("!trap", "=category=4"),
                             sentence("!done")),
    "unknown-word": sentence("!bogus", "=a=b"),
    "re-during-login": stream(sentence("!re", "=a=b"), sentence("!done")),
    "empty-during-login": stream(sentence("!empty"), sentence("!done")),
    "tagged": stream(b"\x00", sentence("!done", ".tag=1", "=ret=" + CHAL),
                     sentence("!done", ".tag=1")),
    "ret-twice": stream(sentence("!done", "=ret=" + CHAL),
                        sentence("!done", "=ret=" + CHAL)),
    "control-in-trap": stream(sentence("!trap", "=message=a\x00b\x1b[31m"),
                              sentence("!done")),
    "after-ok": stream(sentence("!done"), sentence("!trap", "=message=x"),
                       sentence("!done")),
}

BIG = bytes(range(256))

CODEC = {
    "print": stream(
        sentence("!re", ".tag=3", "=.id=*1", "=name=ether1",
                 "=mtu=1500", "=mac-address=4C:5E:0C:00:00:01",
                 "=running=true", "=disabled=false", "=comment="),
        sentence("!re", ".tag=3", "=.id=*2", "=name=ether2",
                 "=comment=caf\xe9 \xc3\xa9"),
        sentence("!done", ".tag=3")),
    "empty-print": stream(sentence("!empty", ".tag=5"),
                          sentence("!done", ".tag=5")),
    "cancel-tail": stream(
        sentence("!trap", "=category=2", "=message=interrupted", ".tag=2"),
        sentence("!done", ".tag=7"),
        sentence("!done", ".tag=2")),
    "fatal-quit": sentence("!fatal", "session terminated on request"),
    "add-ret": sentence("!done", "=ret=*A6"),
    "empty-sentences": stream(b"\x00\x00", sentence("!done"), b"\x00"),
    "trap-category": stream(
        sentence("!trap", "=category=1",
                 "=message=input does not match any value of interface"),
        sentence("!done")),
    "hostile-attrs": sentence("!re", "=name==d===efault=a===123sadf=3=3===",
                              "=only-key", "=", "==", "=comment=",
                              ".tag=", ".tag=x=y", "=.id=*1"),
    "word-256": sentence("!re", "=comment=" + "x" * 247),
    "word-0x4000": sentence("!re", b"=data=" + BIG * 64),
    "word-0x10000": sentence("!re", b"=data=" + b"\x00" * (0x10000 - 6)),
    "all-bytes": sentence("!re", b"=data=" + BIG, b"\x00", b"\xff\xf8"),
    "monitor-section": stream(
        sentence("!re", ".tag=4", "=.section=0", "=name=ether1",
                 "=rx-bits-per-second=12345"),
        sentence("!re", ".tag=4", "=.section=1", "=name=ether1",
                 "=rx-bits-per-second=23456")),
    "listen-dead": sentence("!re", "=.id=*5", "=.dead=true"),
    "prefix-2byte-nonminimal": b"\x80\x05!done\x00",
    "prefix-5byte-small": b"\xF0\x00\x00\x00\x05!done\x00",
    "prefix-5byte-huge": b"\xF0\xFF\xFF\xFF\xFF" + b"A" * 16,
    "prefix-4byte-big": b"\xEF\xFF\xFF\xFF" + b"B" * 16,
    "truncated-prefix": b"\x03!re\xC0\x40",
    "truncated-word": b"\x03!re\x0A=na",
    "control-f1": b"\x03!re\xF1\x00",
    "control-f8": sentence("!re") + b"\xF8",
    "control-ff": b"\xFF",
    "many-words": sentence("!re", *(["=a=b"] * 40)),
}


FP = ":".join(["AB", "CD", "EF", "01", "23", "45", "67", "89"] * 4)

# Every key of tikdeck.conf(5), globally and in a router.
CONF_ALL = """# globals: every key allowed outside a router
port = 8729;
user = "ops";
tls = true;
ca = "/etc/ssl/certs/ca.pem";
proxy-command = "nc -X 5 -x socks:1080 %h %p";
charset = "auto";
units = "bytes";
kilo = 1024;
attempts = 3;
timeout = 30;
debug-log = "/tmp/tikdeck.log";
first-screen = "/interface";
theme = "mono";
routers = (
\t{ name = "office"; host = "192.0.2.1"; port = 8729; user = "admin";
\t  tls = true; ca = "/etc/ca.pem";
\t  fingerprint = "FP";
\t  jump = "me@bastion:2222"; charset = "cp1252"; units = "bits";
\t  kilo = 1000; attempts = 10; timeout = 5;
\t  debug-log = "/tmp/office.log"; first-screen = "/ip/address";
\t  theme = "light"; password-command = "pass show office"; },
\t{ name = "lab-2"; host = "2001:db8::1"; tls = false; port = 8728;
\t  proxy-command = "ssh -W %h:%p lab-jump"; password = "s3\\"cret"; },
\t{ name = "x_y.z"; host = "router.example.net"; charset = "utf-8"; }
);
""".replace('"FP"', '"%s"' % FP)

CONF = {
    "all-keys": CONF_ALL,
    "man-example": """user = "admin";
routers = (
\t{ name = "office"; host = "192.0.2.1"; password-command = "pass show office"; },
\t{ name = "lab"; host = "192.168.88.1"; tls = false; }
);
""",
    "empty": "",
    "comments-only": "# nothing\n// c++ comment\n/* block */\n",
    "globals-only": 'user = "ops"; tls = false; timeout = 3600;\n',
    "routers-empty-list": "routers = ();\n",
    "routers-empty-array": "routers = [];\n",
    "saved-form": """# tikdeck configuration: see tikdeck.conf(5).

user = "ops";

routers = (
\t{
\t\tname = "a";
\t\thost = "192.0.2.9";
\t\tjump = "bastion";
\t}
);
""",
    "escapes": 'routers = ( { name = "esc"; host = "h"; '
               'password = "q\\"b\\\\s\\n\\t\\r\\x01\\x7f\xc3\xa9"; '
               'proxy-command = "nc \\"%h\\" %p"; } );\n',
    "colon-int64-hex": 'port: 0x2000L; kilo = 1000L;\n'
                       'routers = ( { name: "h"; host = "h"; port = 65535; '
                       'attempts = 1; timeout = 1; } );\n',
    "adjacent-strings": 'routers = ( { name = "n" "m"; host = "a" "b"; } );\n',
    "fingerprint-lower": 'routers = ( { name = "f"; host = "h"; '
                         'fingerprint = "%s"; } );\n' % FP.lower(),
    # broken: syntax
    "bad-syntax-semicolon": 'user = "ops"\ntls = true;\n',
    "bad-syntax-unterminated": 'user = "ops;\n',
    "bad-syntax-paren": 'routers = ( { name = "a"; host = "b"; } ;\n',
    "bad-duplicate-setting": 'user = "a"; user = "b";\n',
    # broken: semantic
    "bad-unknown-key": 'colour = "red";\n',
    "bad-unknown-router-key": 'routers = ( { name = "a"; host = "b"; '
                              'hots = "c"; } );\n',
    "bad-router-key-global": 'password = "x";\n',
    "bad-name-global": 'name = "x";\n',
    "bad-type-string": 'user = admin;\n',
    "bad-type-int": 'port = "8728";\n',
    "bad-type-float": 'timeout = 1.5;\n',
    "bad-type-bool": 'tls = 1;\n',
    "bad-port-range": 'port = 65536;\n',
    "bad-port-zero": 'port = 0;\n',
    "bad-kilo": 'kilo = 1023;\n',
    "bad-attempts": 'attempts = 11;\n',
    "bad-timeout": 'timeout = 0;\n',
    "bad-timeout-int64": 'timeout = 99999999999L;\n',
    "bad-units": 'units = "nibbles";\n',
    "bad-charset": 'charset = "latin-9";\n',
    "bad-empty-string": 'user = "";\n',
    "bad-jump-and-proxy": 'jump = "j"; proxy-command = "nc %h %p";\n',
    "bad-jump-and-proxy-router": 'routers = ( { name = "a"; host = "b"; '
                                 'jump = "j"; proxy-command = "p"; } );\n',
    "bad-routers-group": 'routers = { name = "a"; host = "b"; };\n',
    "bad-routers-string": 'routers = "office";\n',
    "bad-routers-array": 'routers = [ "a", "b" ];\n',
    "bad-router-not-group": 'routers = ( "a" );\n',
    "bad-router-no-name": 'routers = ( { host = "b"; } );\n',
    "bad-router-no-host": 'routers = ( { name = "a"; } );\n',
    "bad-router-name": 'routers = ( { name = "a b"; host = "b"; } );\n',
    "bad-router-name-control": 'routers = ( { name = "a\\x1b[31m"; '
                               'host = "b"; } );\n',
    "bad-router-name-long": 'routers = ( { name = "%s"; host = "b"; } );\n'
                            % ("n" * 65),
    "bad-router-duplicate": 'routers = ( { name = "a"; host = "b"; },\n'
                            '  { name = "a"; host = "c"; } );\n',
    "bad-fingerprint": 'routers = ( { name = "a"; host = "b"; '
                       'fingerprint = "AB:CD"; } );\n',
    "bad-nested-group": 'routers = ( { name = "a"; host = "b"; '
                        'sub = { x = 1; }; } );\n',
    "bad-binary": "\x00\xff\xfe{}=;\"",
}


def write(sub, seeds):
    d = os.path.join(HERE, "corpus", sub)
    os.makedirs(d, exist_ok=True)
    for name, data in sorted(seeds.items()):
        if isinstance(data, str):
            data = data.encode("latin-1")
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


def main():
    write("login", LOGIN)
    # every login seed is also a plain reply stream for the codec
    codec = dict(CODEC)
    for name, data in LOGIN.items():
        codec["login-" + name] = data
    write("codec", codec)
    write("conf", CONF)
    return 0


if __name__ == "__main__":
    sys.exit(main())
