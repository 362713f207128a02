"""Passwords in the command lines a trainee types: shown as asterisks in every transcript and
report, and kept for the replay only as a stand-in.

A trainee types a password where Windows takes one (`net user NAME PASSWORD`, adsutil's
`set .../AnonymousUserPass VALUE`, appcmd's `/password:VALUE`). The workspace has to replay
the session, so it needs a value that behaves like the password: the same typed password must
give the same stand-in (so the account and IIS still agree, or still disagree), and the stand-in
must be as long as the password and of the same kinds of characters (so a length or complexity
rule judges it alike). The stand-in is derived from the password with a keyed hash whose key is
random per workspace; the password itself is never written anywhere.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from simulator.admin.cmdline import split_command_line

MASK = "********"
_SYMBOLS = "#$*+-.=@_~"  # none of them means anything to cmd.exe or the tools' parsers
_KINDS = ("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789", _SYMBOLS)
_SECRET_PROPERTIES = re.compile(r"(pass|password|userpass)$", re.IGNORECASE)


def _kind(char: str) -> str:
    if char.islower():
        return _KINDS[0]
    if char.isupper():
        return _KINDS[1]
    if char.isdigit():
        return _KINDS[2]
    return _KINDS[3]


def stand_in(password: str, key: bytes) -> str:
    digest = hmac.new(key, password.encode("utf-8"), hashlib.sha256).digest()
    while len(digest) < len(password):
        digest += hashlib.sha256(digest).digest()
    return "".join(_kind(c)[b % len(_kind(c))] for c, b in zip(password, digest, strict=False))


def secrets_in(line: str) -> list[str]:
    """The passwords ``line`` types, as the tools will read them."""
    try:
        argv = split_command_line(line)
    except ValueError:
        return []
    if not argv:
        return []
    words = [a.lower() for a in argv]
    tool = words[0].replace("/", "\\").rsplit("\\", 1)[-1].removesuffix(".exe")
    found: list[str] = []
    if tool == "net" and len(argv) >= 4 and words[1] in ("user", "users"):
        plain = [a for a in argv[2:] if not a.startswith("/")]
        if len(plain) >= 2 and plain[1] != "*":
            found.append(plain[1])
    elif tool == "net" and len(argv) >= 3 and words[1] == "use":
        plain = [a for a in argv[2:] if not a.startswith("/")]
        found += [a for a in plain if not a.startswith("\\\\") and not re.fullmatch(r"\w:", a)]
    script = next((i for i, w in enumerate(words) if w.endswith("adsutil.vbs")), None)
    if script is not None and len(argv) > script + 3 and words[script + 1] == "set":
        prop = words[script + 2].rsplit("/", 1)[-1]
        if _SECRET_PROPERTIES.search(prop):
            found += argv[script + 3 :]
    for arg in argv[1:]:
        name, sep, value = arg.lstrip("/-").partition(":")
        if sep and name.lower() == "password" and value:
            found.append(value)
    return [s for s in found if s]


def masked(line: str) -> str:
    """``line`` with each password it types shown as asterisks."""
    return _replace(line, lambda _secret: MASK)


def for_replay(line: str, key: bytes) -> str:
    """``line`` with each password it types replaced by its stand-in."""
    return _replace(line, lambda secret: stand_in(secret, key))


def _replace(line: str, by: object) -> str:
    out = line
    for secret in secrets_in(line):
        out = out.replace(secret, by(secret), 1)  # type: ignore[operator]
    return out
