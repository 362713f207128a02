"""`appcmd set config ... -section:system.webServer/security/authentication/...` on IIS 7+."""

from __future__ import annotations

from winfacts.apphost import ANONYMOUS, SERVER_LEVEL
from winfacts.errors import ModelError

from ..apphost import AppHostConfig
from ..host import Host


def apphost(host: Host) -> AppHostConfig:
    config = host.iis.config
    if not isinstance(config, AppHostConfig):
        raise ModelError(
            f"{host.computer_name} runs IIS {host.iis.version}: appcmd needs IIS 7 or later"
        )
    return config


def set_anonymous(host: Host, location: str | None, **attributes: object) -> None:
    """`appcmd set config "LOCATION" -section:...anonymousAuthentication /attr:value
    /commit:apphost` (location None: the server level)."""
    apphost(host).set_anonymous(location, **attributes)


def clear_anonymous(host: Host, location: str | None, attribute: str) -> None:
    apphost(host).clear_anonymous(location, attribute)


def source_of(host: Host, attribute: str, site: int = 1, url: str = "/") -> str | None:
    """The location that sets ``attribute`` for the URL (None: the server level or schema)."""
    found = apphost(host).effective(ANONYMOUS, site, url, attribute)
    if found.set_at in (None, SERVER_LEVEL):
        return None
    return found.set_at.removeprefix(SERVER_LEVEL + "/")
