"""`icacls` on the host's file system, with the host's account names."""

from __future__ import annotations

from ..host import Host
from ..icacls import run_icacls


def icacls(host: Host, argv: list[str]) -> tuple[int, str]:
    return run_icacls(host.fs, argv, host.name_of, host.resolve)
