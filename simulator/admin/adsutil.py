"""`cscript adsutil.vbs ...` against the IIS 6 metabase (reference IIS 2)."""

from __future__ import annotations

from winfacts.errors import ModelError

from ..host import Host
from ..metabase import AdsutilResult, Metabase


def metabase(host: Host) -> Metabase:
    config = host.iis.config
    if not isinstance(config, Metabase):
        raise ModelError(
            f"{host.computer_name} runs IIS {host.iis.version}: adsutil.vbs needs IIS 6's metabase"
        )
    return config


def adsutil(host: Host, *args: str) -> AdsutilResult:
    return metabase(host).adsutil(*args)


def set_property(host: Host, path: str, prop: str, value: object) -> None:
    """`adsutil SET path/prop value` with a typed value (a Secret for a password)."""
    metabase(host).set(path, prop, value)


def delete_property(host: Host, path: str, prop: str) -> None:
    metabase(host).delete(path, prop)
