"""Healthy hosts built from a seed: the starting point of every scenario.

The same HostSpec (seed included) gives the same host, down to SIDs, passwords, names of the
surrounding population and process ids, so scenarios, events and reports reproduce exactly.
Faker supplies the people; `random.Random(seed)` supplies everything else.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import attrs
from faker import Faker

from winfacts import assumptions as A
from winfacts import wellknown as wk
from winfacts.errors import ModelError
from winfacts.secret import Secret
from winfacts.sid import Sid

from . import registry as reg
from .account_policy import AccountPolicy
from .accounts import Account, GroupScope
from .acl import CREATOR_OWNER_IO, GUESTS_SUBFOLDERS_DENY, FileSystem
from .apphost import AppHostConfig
from .clock import DEFAULT_START, SimClock
from .directory import DC_OU, DOMAIN, SERVERS_OU, Domain, Gpo
from .eventlog import EventLog, LogSettings, Retention
from .events import LogonEvent, OsFamily, SystemEvent
from .host import Host
from .iis import IisServer
from .lsa import LsaPolicy
from .metabase import Metabase
from .sam import Sam
from .security_template import CRASH_ON_AUDIT_FAIL, LIMIT_BLANK_PASSWORD_USE, SecurityTemplate
from .variety import Variety, attach

_LOG_SIZE = A.SECURITY_LOG_DEFAULTS.value
SECURITY_LOG_SIZE = {True: _LOG_SIZE["2003"], False: _LOG_SIZE["2008"]}
SYSTEM_LOG_SIZE = SECURITY_LOG_SIZE


@attrs.frozen
class HostSpec:
    """What kind of healthy server to build.

    ``account`` is where the anonymous account lives ("local" or "domain"); on IIS 10 the
    anonymous identity is a custom account (``custom_account``) since the KB 909887 causes do
    not apply to the built-in IUSR; ``builtin_iusr`` keeps IIS 10's default instead.
    """

    seed: int = 1
    os: OsFamily = OsFamily.WS2003
    account: str = "local"
    domain_controller: bool = False
    timezone: str = "UTC"
    start: datetime = DEFAULT_START
    computer_name: str | None = None
    custom_account: str = "WebAnon"
    builtin_iusr: bool = False
    population: int = 12  # other users in the SAM or the domain, for realistic evidence
    #: A named domain (NetBIOS name, DNS name, domain SID) instead of a generated one: a host
    #: joined to a real domain controller's domain, or a test that needs fixed names.
    domain_name: str | None = None
    domain_dns: str | None = None
    domain_sid: Sid | None = None
    #: The first RID the domain hands out (a real DC joined by the host allocates its own).
    domain_first_rid: int = 1103
    #: Real-world variety (simulator.variety): the account's spelling, regional settings, ACL
    #: entries and the bundle's shapes. None (the default) builds the plain host.
    variety: Variety | None = None

    def __attrs_post_init__(self) -> None:
        if self.account not in ("local", "domain"):
            raise ModelError(f"account must be 'local' or 'domain', not {self.account!r}")
        if self.domain_controller and self.account != "domain":
            raise ModelError("a domain controller has no local accounts: use account='domain'")

    @property
    def iis_version(self) -> str:
        return "6.0" if self.os is OsFamily.WS2003 else "10.0"

    @property
    def in_domain(self) -> bool:
        return self.account == "domain" or self.domain_controller


def _machine_sid(rng: random.Random) -> Sid:
    return Sid(5, (21, *(rng.randrange(10**8, 4 * 10**9) for _ in range(3))))


def _password(rng: random.Random) -> Secret:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+"
    return Secret("".join(rng.choice(alphabet) for _ in range(16)))


def _p(sid: Sid) -> str:
    """A SID as secedit writes a principal."""
    return "*" + str(sid)


def _local_template(legacy: bool, iusr: str | None, iwam: str | None) -> SecurityTemplate:
    """Default [Privilege Rights] of a member server (reference WL 4 and rights_2003_defaults),
    plus the healthy audit policy."""
    network = [_p(wk.EVERYONE), _p(wk.ADMINISTRATORS), _p(wk.USERS), _p(wk.BACKUP_OPERATORS)]
    interactive = [_p(wk.ADMINISTRATORS), _p(wk.BACKUP_OPERATORS), _p(wk.USERS)]
    batch = [_p(wk.ADMINISTRATORS), _p(wk.BACKUP_OPERATORS), _p(wk.PERFORMANCE_LOG_USERS)]
    if legacy:
        network.insert(2, _p(wk.POWER_USERS))
        interactive.insert(2, _p(wk.POWER_USERS))
        # IIS 6 setup grants its accounts log on locally and batch (reference WL 4).
        interactive += [p for p in (iusr, iwam) if p]
        batch += [p for p in (iusr, iwam) if p]
    template = SecurityTemplate(
        system_access={"MinimumPasswordAge": 0, "MaximumPasswordAge": 42, "LockoutBadCount": 0},
        event_audit={"AuditLogonEvents": 3 if all(A.CRASH_DEFAULT_AUDIT.value) else 1},
        registry_values={
            CRASH_ON_AUDIT_FAIL: (4, "0"),
            LIMIT_BLANK_PASSWORD_USE: (4, "1"),
        },
    )
    template.set_right("SeNetworkLogonRight", network)
    template.set_right("SeDenyNetworkLogonRight", ["Guest"] if not legacy else ["SUPPORT_388945a0"])
    template.set_right("SeInteractiveLogonRight", interactive)
    template.set_right("SeBatchLogonRight", batch)
    template.set_right("SeServiceLogonRight", [_p(wk.NETWORK_SERVICE)])
    return template


def _dc_policy_template() -> SecurityTemplate:
    template = SecurityTemplate()
    template.set_right(
        "SeNetworkLogonRight",
        [
            _p(wk.EVERYONE),
            _p(wk.ADMINISTRATORS),
            _p(wk.AUTHENTICATED_USERS),
            _p(wk.ENTERPRISE_DOMAIN_CONTROLLERS),
            _p(wk.PRE_WINDOWS_2000),
        ],
    )
    template.set_right(
        "SeInteractiveLogonRight",
        [
            _p(wk.ADMINISTRATORS),
            _p(wk.BACKUP_OPERATORS),
            "*S-1-5-32-548",
            "*S-1-5-32-549",
            "*S-1-5-32-550",
        ],
    )
    template.set_right(
        "SeBatchLogonRight",
        [_p(wk.ADMINISTRATORS), _p(wk.BACKUP_OPERATORS), _p(wk.PERFORMANCE_LOG_USERS)],
    )
    template.event_audit["AuditLogonEvents"] = 3
    return template


def _build_domain(spec: HostSpec, rng: random.Random, fake: Faker, now: datetime) -> Domain:
    # The generated name and SID are drawn even when the spec names the domain, so the rest of
    # the host (population, passwords) is the same for a seed either way.
    word = fake.unique.domain_word().replace("-", "")[:12].upper() or "CONTOSO"
    generated_sid = _machine_sid(rng)
    netbios = spec.domain_name or word
    domain = Domain(
        netbios,
        spec.domain_dns or f"{netbios.lower()}.example",
        spec.domain_sid or generated_sid,
        administrator_password=_password(rng),
        created=now - timedelta(days=900),
        policy=AccountPolicy(lockout_threshold=0, max_password_age=timedelta(days=42)),
        first_rid=spec.domain_first_rid,
    )
    ddp = Gpo(
        "Default Domain Policy",
        "{31B2F340-016D-11D2-945F-00C04FB984F9}",
        SecurityTemplate(
            system_access={"LockoutBadCount": 0, "MaximumPasswordAge": 42},
        ),
    )
    ddcp = Gpo(
        "Default Domain Controllers Policy",
        "{6AC1786C-016F-11D2-945F-00C04FB984F9}",
        _dc_policy_template(),
    )
    domain.link_gpo(ddp, DOMAIN)
    domain.link_gpo(ddcp, DC_OU)
    for _ in range(spec.population):
        first, last = fake.first_name(), fake.last_name()
        name = f"{first[0]}{last}".lower()[:20]
        if domain.find(name) is None:
            domain.new_user(
                name,
                _password(rng),
                now - timedelta(days=rng.randrange(1, 40)),
                full_name=f"{first} {last}",
            )
    staff = domain.new_group("Web Editors", GroupScope.GLOBAL)
    for account in list(domain.users())[2:6]:
        domain.add_member(staff, account.sid)
    return domain


def build_host(spec: HostSpec = HostSpec()) -> Host:
    rng = random.Random(spec.seed)
    fake = Faker("en_US")
    fake.seed_instance(spec.seed)
    legacy = spec.os is OsFamily.WS2003
    clock = SimClock(spec.start, spec.timezone)
    now = clock.now()
    name = (spec.computer_name or f"WEB{rng.randrange(1, 99):02d}").upper()
    if spec.domain_controller:
        name = spec.computer_name.upper() if spec.computer_name else f"DC{rng.randrange(1, 9):02d}"
    domain = _build_domain(spec, rng, fake, now) if spec.in_domain else None
    if domain is not None:
        domain.computer_ou[name] = DC_OU if spec.domain_controller else SERVERS_OU
        if spec.domain_controller:
            domain.controller = name
    sam = Sam(
        name,
        _machine_sid(rng),
        legacy=legacy,
        administrator_password=_password(rng),
        created=now - timedelta(days=400),
        policy=AccountPolicy(lockout_threshold=0, max_password_age=timedelta(days=42)),
        with_local_accounts=not spec.domain_controller,
    )
    if domain is not None and not spec.domain_controller:
        # Joining a domain puts Domain Users in Users and Domain Admins in Administrators.
        sam.add_member(sam.group("Users"), domain.domain_users.sid)
        sam.add_member(sam.group("Administrators"), domain.group("Domain Admins").sid)
    if not spec.domain_controller:
        for _ in range(max(0, spec.population // 3)):
            first, last = fake.first_name(), fake.last_name()
            uname = f"{first}.{last}".lower()[:20]
            if sam.find(uname) is None:
                account = sam.new_user(
                    uname, _password(rng), now - timedelta(days=30), full_name=f"{first} {last}"
                )
                sam.add_member(sam.group("Users"), account.sid)

    anon_name, anon_password, iwam_password = _anonymous_identity(spec, name)
    store = domain if spec.account == "domain" else sam
    assert store is not None
    anon_account: Account | None = None
    iwam_account: Account | None = None
    if not spec.builtin_iusr or legacy:
        anon_account = store.new_user(
            anon_name,
            anon_password,
            now - timedelta(days=200),
            full_name="Internet Guest Account" if legacy else "Anonymous web visitors",
            description="Built-in account for anonymous access to Internet Information Services"
            if legacy
            else "",
            password_never_expires=True,
            user_may_change_password=False,
        )
        if legacy:
            # IIS 6 setup makes IUSR_<machine> a Guests member (reference WL 4).
            sam.add_member(sam.group("Guests"), anon_account.sid)
        elif store is sam:
            sam.add_member(sam.group("Users"), anon_account.sid)
        if legacy:
            iwam_account = store.new_user(
                f"IWAM_{name}",
                iwam_password,
                now - timedelta(days=200),
                full_name="Launch IIS Process Account",
                password_never_expires=True,
            )
            wpg = sam.new_group("IIS_WPG", GroupScope.LOCAL)
            sam.add_member(wpg, iwam_account.sid)
            sam.add_member(wpg, wk.NETWORK_SERVICE)
            sam.add_member(wpg, wk.LOCAL_SERVICE)
            sam.add_member(wpg, wk.LOCAL_SYSTEM)

    iusr_ref = f"*{anon_account.sid}" if (anon_account and legacy) else None
    iwam_ref = f"*{iwam_account.sid}" if iwam_account else None
    local = _local_template(legacy, iusr_ref, iwam_ref)
    if spec.domain_controller:
        # A DC's rights live in the Default Domain Controllers Policy.
        local.privilege_rights.clear()
    lsa = LsaPolicy(local, now)
    registry = reg.Registry()
    registry.set(reg.LSA, "CrashOnAuditFail", reg.RegType.REG_DWORD, 0)
    registry.set(reg.LSA, "LimitBlankPasswordUse", reg.RegType.REG_DWORD, 1)
    registry.set(reg.CRASH_CONTROL, "AutoReboot", reg.RegType.REG_DWORD, 1)
    if legacy:
        # IIS 6 still supports IIS 5.0 isolation mode, so iissuba.dll stays registered.
        value_name, dll = A.SUBAUTH_REGISTRATION.value
        registry.set(reg.MSV1_0, value_name, reg.RegType.REG_SZ, dll)
    sizes = A.EVENT_RECORD_SIZE.value
    security: EventLog[LogonEvent] = EventLog(
        "Security", LogSettings(SECURITY_LOG_SIZE[legacy]), sizes["2003" if legacy else "2008"]
    )
    system: EventLog[SystemEvent] = EventLog(
        "System",
        LogSettings(SYSTEM_LOG_SIZE[legacy], Retention.OVERWRITE_AS_NEEDED),
        sizes["2003" if legacy else "2008"],
    )
    if legacy:
        assert anon_account is not None
        fs = FileSystem.default_iis(
            "6.0", anonymous=anon_account.sid, worker_group=sam.group("IIS_WPG").sid
        )
    else:
        fs = FileSystem.default_iis("10.0")
    host = Host(
        computer_name=name,
        os=spec.os,
        clock=clock,
        sam=sam,
        lsa=lsa,
        registry=registry,
        security_log=security,
        system_log=system,
        fs=fs,
        domain=domain,
        is_dc=spec.domain_controller,
        ip_address=f"10.0.{rng.randrange(0, 255)}.{rng.randrange(10, 250)}",
    )
    if legacy:
        metabase = Metabase.default(name, iusr_password=anon_password, iwam_password=iwam_password)
        if spec.account == "domain":
            assert domain is not None
            metabase.set("/LM/W3SVC", "AnonymousUserName", f"{domain.authority}\\{anon_name}")
        config: object = metabase
    else:
        apphost = AppHostConfig.default(name)
        if not spec.builtin_iusr:
            authority = domain.authority if spec.account == "domain" and domain else name
            apphost.set_anonymous(
                None, userName=f"{authority}\\{anon_name}", password=anon_password
            )
        config = apphost
    if legacy:
        from .admin.system import log_to_registry

        log_to_registry(host, "Security")
        log_to_registry(host, "System")
    host.iis = IisServer(host, config, version=spec.iis_version, fs=fs)  # type: ignore[arg-type]
    if spec.variety is not None and not spec.variety.is_plain:
        _apply_variety(host, spec.variety, anon_account, anon_password)
    return host


def _apply_variety(host: Host, variety: Variety, account: Account | None, password: Secret) -> None:
    """The model's share of the variety; the bundle writer reads the rest from ``variety``."""
    attach(host, variety)
    if account is not None and variety.account_form != "plain":
        typed = _typed_name(host, account, variety.account_form)
        config = host.iis.config
        if isinstance(config, Metabase):
            config.set("/LM/W3SVC", "AnonymousUserName", typed)
        elif isinstance(config, AppHostConfig):
            config.set_anonymous(None, userName=typed, password=password)
    if variety.extra_group and account is not None and account.is_domain and host.domain:
        host.domain.add_member(host.domain.group("Web Editors"), account.sid)
    if variety.inherit_only:
        folder = host.iis.settings_for("/").physical_path
        explicit = [ace for ace in host.fs.dacl(folder) if not ace.inherited]
        host.fs.set_dacl(folder, [*explicit, CREATOR_OWNER_IO, GUESTS_SUBFOLDERS_DENY])


def _typed_name(host: Host, account: Account, form: str) -> str:
    """The anonymous user as typed into IIS in ``form`` (simulator.variety)."""
    domain = host.domain if account.is_domain else None
    authority = account.authority
    if form == "upn" and domain is not None:
        return f"{account.name}@{domain.dns_name}"
    if form == "dns" and domain is not None:
        return f"{domain.dns_name}\\{account.name}"
    if form == "lower":
        return f"{authority.lower()}\\{account.name}"
    if form == "mixed":
        return f"{authority.capitalize()}\\{account.name}"
    return f"{authority}\\{account.name}"


def _anonymous_identity(spec: HostSpec, computer: str) -> tuple[str, Secret, Secret]:
    rng = random.Random(f"anonymous-{spec.seed}")
    if spec.os is OsFamily.WS2003:
        return f"IUSR_{computer}", _password(rng), _password(rng)
    return spec.custom_account, _password(rng), _password(rng)
