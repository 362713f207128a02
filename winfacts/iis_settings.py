"""Effective anonymous-access settings for one URL, the same shape for IIS 6 and IIS 7+.

The request pipeline should not care whether a value came from MetaBase.xml inheritance or from
an applicationHost.config location block; it cares what applies to this URL and, for evidence,
where that was set. Each IIS generation has an adapter that produces this object.
"""

from __future__ import annotations

import enum
from typing import Protocol

import attrs

from .secret import Secret


class Identity(enum.Enum):
    ACCOUNT = "a configured account"  # IUSR_<machine> or any custom user: LogonUser decides
    BUILTIN_IUSR = "the built-in IUSR"  # IIS 7+, S-1-5-17, no password
    APP_POOL = "the application pool identity"  # IIS 7+ userName=""


@attrs.frozen
class AnonymousConfig:
    site_id: int
    site_name: str  # "W3SVC1" style for logs
    anonymous_enabled: bool
    other_methods: tuple[str, ...]  # methods that could authenticate a visitor who has creds
    identity: Identity
    user_name: str  # as configured: "WEB01\\IUSR_WEB01", "IUSR_WEB01", "IUSR"
    password: Secret | None
    logon_type: int  # LogonMethod / logonMethod mapped to a LogonUser type
    password_sync: bool  # IIS 6 AnonymousPasswordSync (False on IIS 7+)
    iis5_isolation: bool  # IIS 6 in IIS 5.0 isolation mode: requests run in inetinfo as SYSTEM
    app_pool: str
    app_pool_identity: str  # "NetworkService", "LocalSystem", "ApplicationPoolIdentity", ...
    default_logon_domain: str
    physical_path: str
    default_documents: tuple[str, ...]
    #: setting name -> where it was set ("/LM/W3SVC/1/ROOT", "Default Web Site", "schema default")
    sources: dict[str, str] = attrs.field(factory=dict, eq=False)

    def split_user(self) -> tuple[str, str | None]:
        """(user, domain) as IIS hands them to LogonUser."""
        if "\\" in self.user_name:
            domain, user = self.user_name.split("\\", 1)
            return user, domain
        return self.user_name, (self.default_logon_domain or None)


class IisConfig(Protocol):
    """What the pipeline needs from either configuration store."""

    @property
    def version(self) -> int: ...

    def anonymous_config(self, site: int | str, url_path: str) -> AnonymousConfig: ...

    def site_ids(self) -> list[int]: ...
