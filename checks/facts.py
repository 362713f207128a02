"""What a diagnosis knows about a server, whatever file it came from.

Readers turn files into these; checks read only these (through `checks.evidence.Evidence`). Each
fact says where it came from (``source``: "secedit.inf line 14"), so a finding can cite it, and a
fact that could not be collected is an `Unknown` naming what would have told, never a default.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import attrs

from winfacts.logon_hours import LogonHours


@attrs.frozen
class Unknown:
    """A fact the bundle does not hold. ``needs`` names the file(s) that would."""

    needs: str

    def __bool__(self) -> bool:
        return False


@attrs.frozen
class HostFacts:
    computer_name: str
    domain: str | None
    is_domain_controller: bool
    iis_version: str
    os: str
    collected_at: datetime | None
    source: str = "host.json"
    #: The server's short date and long time patterns in .NET notation ("dd/MM/yyyy",
    #: "h:mm:ss tt"), by which `net user` prints dates; None when the collector did not say.
    date_format: str | None = None
    time_format: str | None = None
    #: The DNS suffix when host.json named the computer by its FQDN ("contoso.com");
    #: ``computer_name`` is then the first label, the NetBIOS name Windows uses.
    dns_suffix: str | None = None

    @property
    def legacy(self) -> bool:
        return self.iis_version.startswith(("5", "6"))


class IdentityKind(enum.Enum):
    ACCOUNT = "account"
    BUILTIN_IUSR = "builtin IUSR"
    APP_POOL = "application pool identity"


@attrs.frozen
class AnonymousFacts:
    """Effective anonymous settings for one URL, as the IIS configuration file says."""

    url: str
    enabled: bool
    other_methods: tuple[str, ...]
    identity: IdentityKind
    user: str  # without domain
    domain: str | None  # as configured (or DefaultLogonDomain); None = the local machine
    configured_name: str  # as written in the file
    password_set: bool
    logon_type: int
    password_sync: bool
    iis5_isolation: bool
    app_pool: str
    app_pool_identity: str
    physical_path: str
    default_documents: tuple[str, ...]
    source_file: str
    #: setting -> where it was set, as evidence ("MetaBase.xml line 42 (/LM/W3SVC)")
    sources: dict[str, str] = attrs.field(factory=dict, eq=False)
    #: setting -> the configuration location that sets it ("/LM/W3SVC/1", "Default Web Site"),
    #: for remedies that must change it where it is set
    locations: dict[str, str] = attrs.field(factory=dict, eq=False)
    site_id: int = 1
    #: settings the file leaves to a level it does not hold (a MetaBase.xml fragment without
    #: its IIsWebService key): their values are schema defaults, not what the server holds
    unresolved: tuple[str, ...] = ()

    @property
    def qualified(self) -> str:
        return f"{self.domain}\\{self.user}" if self.domain else self.user


@attrs.frozen
class AccountFacts:
    """An account's state as `net user` or an LDIF export shows it."""

    name: str
    authority: str | None
    exists: bool
    source: str
    sid: str | None = None
    is_domain: bool = False
    enabled: bool | None = None
    locked_flag: bool | None = None  # net user's "Account active: Locked"
    lockout_time: datetime | None = None
    bad_pwd_count: int | None = None
    expires: datetime | None = None
    expires_known: bool = False
    password_last_set: datetime | None = None
    must_change: bool | None = None
    password_never_expires: bool | None = None
    password_expires: datetime | None = None  # net user's "Password expires" (None: Never)
    password_expires_known: bool = False
    workstations: tuple[str, ...] = ()
    logon_hours: LogonHours | None = None  # None: all hours
    logon_hours_known: bool = False
    groups: tuple[str, ...] = ()  # names as the source shows them ("Guests", "Domain Users")
    group_sids: tuple[str, ...] = ()
    groups_may_be_truncated: bool = False
    #: source line per field, for evidence ("net-user-IUSR_WEB01.txt line 7")
    lines: dict[str, str] = attrs.field(factory=dict, eq=False)


@attrs.frozen
class AccountPolicyFacts:
    lockout_threshold: int | None
    lockout_duration: timedelta | None  # None with ``forever``: until an administrator unlocks
    lockout_forever: bool
    lockout_window: timedelta | None
    max_password_age: timedelta | None
    source: str


@attrs.frozen
class RightAssignment:
    right: str
    principals: tuple[str, ...]  # as written: "*S-1-5-32-546" or "Guests"
    source: str  # "secedit.inf line 31"
    defined: bool = True  # False: the right does not appear in the export at all


@attrs.frozen
class AuditFacts:
    success: bool
    failure: bool
    source: str


@attrs.frozen
class LsaFacts:
    crash_on_audit_fail: int | None
    limit_blank_password_use: int | None
    subauth_registered: bool
    source: str
    lines: dict[str, str] = attrs.field(factory=dict, eq=False)


class Retention(enum.Enum):
    OVERWRITE = "overwrite as needed"
    DO_NOT_OVERWRITE = "do not overwrite"
    OLDER_THAN = "overwrite events older than N days"


@attrs.frozen
class LogCapacity:
    max_size: int | None
    retention: Retention
    auto_backup: bool
    file_size: int | None
    records: int | None
    source: str

    @property
    def may_not_overwrite(self) -> bool:
        return self.retention is not Retention.OVERWRITE and not self.auto_backup


@attrs.frozen
class LogonEventFact:
    """One logon audit about the anonymous account, in either rendering."""

    event_id: int
    time: datetime
    user: str
    domain: str
    logon_type: int | None
    status: int | None
    substatus: int | None
    win32: int | None  # derived from the codes, for comparison with the IIS log and probe
    success: bool
    source: str  # "Security.xml line 1234" or "Security.csv line 5"


@attrs.frozen
class W3cFacts:
    """Anonymous requests for the URL in the IIS logs, handshakes set apart."""

    failures: dict[tuple[int, int, int], int]  # (status, substatus, win32) -> count
    successes: int
    handshake_like: int  # 401.2/5 and 401.x/2148074254 lines, which are not anonymous failures
    last_failure: tuple[int, int, int] | None
    last_failure_time: datetime | None
    last_success_time: datetime | None
    sample: str  # "W3SVC1/u_ex261124.log line 5: ... 401 1 1331"
    files: tuple[str, ...]


@attrs.frozen
class AceFact:
    principal: str
    deny: bool
    rights: str  # as icacls prints them: "R", "RX", "(R,W)"
    reads: bool  # whether it covers reading data


@attrs.frozen
class AclFacts:
    path: str
    aces: tuple[AceFact, ...]
    source: str


@attrs.frozen
class ProbeFacts:
    account: str
    logon_type: int
    win32_error: int
    source: str = "probe.json"


@attrs.frozen
class GroupFacts:
    name: str
    members: tuple[str, ...]
    source: str
