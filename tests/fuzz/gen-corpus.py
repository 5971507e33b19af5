#!/usr/bin/env python3
"""Write the seed corpora for tests/fuzz (codec/ and login/).

Run from anywhere: python3 tests/fuzz/gen-corpus.py.  The outputs are
committed; rerun after changing this script.  Each seed is a byte stream
as a router would send it (protocol reference sections 2, 4 and 5).
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


def write(sub, seeds):
    d = os.path.join(HERE, "corpus", sub)
    os.makedirs(d, exist_ok=True)
    for name, data in sorted(seeds.items()):
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


def main():
    write("login", LOGIN)
    # every login seed is also a plain reply stream for the codec
    codec = dict(CODEC)
    for name, data in LOGIN.items():
        codec["login-" + name] = data
    write("codec", codec)
    return 0


if __name__ == "__main__":
    sys.exit(main())
