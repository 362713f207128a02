"""The files of an evidence bundle (contract section 3) that the readers accept.

One list, shared by the bundle reader and the tests that hold the simulator's bundle writer and
the collector scripts to the same set. Patterns use `fnmatch` syntax, matched case-insensitively.
"""

from __future__ import annotations

import fnmatch

BUNDLE_FILES: tuple[str, ...] = (
    "MetaBase.xml",
    "applicationHost.config",
    "secedit.inf",
    "lsa.reg",
    "net-user-*.txt",
    "net-localgroup-*.txt",
    "ad.ldif",
    "Security.xml",
    "Security.evtx",
    "Security.csv",
    "Security-log.txt",
    "auditpol.csv",
    "W3SVC*/*.log",
    "icacls.txt",
    "host.json",
    "probe.json",
)


def accepted(name: str) -> bool:
    """Whether a path relative to the bundle (``W3SVC1/u_ex261124.log``) is a bundle file. Each
    "/"-separated part matches its part of a pattern, so ``W3SVC1/old/x.log`` is not one; a log
    folder is ``W3SVC`` and the site's digits."""
    parts = name.replace("\\", "/").lower().split("/")
    for pattern in BUNDLE_FILES:
        wanted = pattern.lower().split("/")
        if len(wanted) == len(parts) and all(
            fnmatch.fnmatchcase(part, want) for part, want in zip(parts, wanted, strict=True)
        ):
            if len(parts) == 2 and not parts[0][len("w3svc") :].isdecimal():
                continue
            return True
    return False
