"""`BundleEvidence`: the evidence interface over a directory of real Windows files.

Files are found case-insensitively (contract section 3), read lazily, each at most once, and
every fact cites the file and line it came from. A file that is absent makes the facts it would
have given `Unknown`; a file that is present but unreadable raises `BundleError` (exit 2).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar, cast

import attrs

from winfacts.errors import ModelError
from winfacts.iis_settings import AnonymousConfig, Identity
from winfacts.metabase import W3SVC, KeyClass
from winfacts.ntstatus import BY_WIN32, Outcome

from .bundle_walk import bundle_files
from .errors import BundleError, quote_name, scrub_quoted
from .event_digest import EventDigest
from .facts import (
    AccountFacts,
    AccountPolicyFacts,
    AceFact,
    AclFacts,
    AnonymousFacts,
    AuditFacts,
    GroupFacts,
    HostFacts,
    IdentityKind,
    LogCapacity,
    LogonEventFact,
    LsaFacts,
    ProbeFacts,
    Retention,
    RightAssignment,
    Unknown,
    W3cFacts,
)
from .live_directory import LiveDirectory
from .readers.apphost_config import AppHostDocument, read_applicationhost_config
from .readers.auditpol import AuditpolDocument, read_auditpol_csv
from .readers.events import SecurityEventRecord, split_upn
from .readers.icacls import read_icacls
from .readers.jsonfiles import read_host_json, read_probe_json
from .readers.ldif import LdifDocument, read_ldif
from .readers.lsa_reg import RegExport, read_reg_export
from .readers.metabase_xml import MetabaseDocument, read_metabase_xml
from .readers.net_localgroup import read_net_localgroup
from .readers.net_user import NetUserDocument, read_net_user
from .readers.secedit import SeceditDocument, read_secedit
from .readers.security_csv import iter_security_csv
from .readers.security_xml import PendingEvent, iter_security_xml, iter_security_xml_lazy
from .readers.w3c import summarize_w3c
from .readers.wevtutil_gl import LogConfig, read_wevtutil_gl

Progress = Callable[[str, int, int], None]

_LSA = r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa"
_READ_DATA = 0x1 | 0x80000000 | 0x10000000  # FILE_READ_DATA, GENERIC_READ, GENERIC_ALL
_HANDSHAKE_WIN32 = 2148074254
#: Metabase property behind each AnonymousConfig setting, for citing MetaBase.xml lines.
_IIS6_PROPS = {
    "anonymous_enabled": "AuthFlags",
    "user_name": "AnonymousUserName",
    "password": "AnonymousUserPass",
    "password_sync": "AnonymousPasswordSync",
    "logon_type": "LogonMethod",
    "iis5_isolation": "IIs5IsolationModeEnabled",
    "default_logon_domain": "DefaultLogonDomain",
    "physical_path": "Path",
}
_IIS7_ATTRS = {
    "anonymous_enabled": "enabled",
    "user_name": "userName",
    "password": "password",
    "logon_type": "logonMethod",
    "default_logon_domain": "defaultLogonDomain",
}
_ANON_SECTION = "system.webServer/security/authentication/anonymousAuthentication"


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _reading(files: str) -> Callable[[_Method], _Method]:
    """Readers name the file and line of what they can not use; this is the net under the
    conversions after them (a time beyond what datetime holds, a value a resolver refuses), so
    that no bundle ends in a traceback. ``files`` may name the method's arguments in braces."""

    def wrap(method: _Method) -> _Method:
        @functools.wraps(method)
        def run(self: BundleEvidence, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except BundleError:
                raise
            except (ModelError, ValueError, OverflowError) as exc:
                names = inspect.signature(method).bind(self, *args, **kwargs).arguments
                where = files.format(**{k: v for k, v in names.items() if k != "self"})
                reason = scrub_quoted(str(exc))
                raise BundleError(self.directory / where, f"can not be used: {reason}") from exc

        return cast(_Method, run)

    return wrap


class BundleEvidence:
    """``site``: the web site whose URLs are diagnosed, by id or name (IIS 6 ServerComment, IIS
    7+ site name). Without it: site 1, else the only site; several sites and none of them 1 is a
    `BundleError` listing them, since guessing would diagnose the wrong site."""

    def __init__(
        self,
        directory: Path,
        *,
        progress: Progress | None = None,
        site: str | None = None,
        live: LiveDirectory | None = None,
    ) -> None:
        """``live``: a directory read over LDAP in place of the bundle's ad.ldif; where no IIS
        configuration names the anonymous account, the account it was told to read."""
        self.directory = directory
        self._live = live
        self._progress = progress
        self._site_wanted = site.strip() if site is not None else None
        self._files: dict[str, Path] = bundle_files(directory)

    # -- files -------------------------------------------------------------------------------
    def file(self, name: str) -> Path | None:
        return self._files.get(name.lower())

    def names(self) -> list[str]:
        return sorted(p.relative_to(self.directory).as_posix() for p in self._files.values())

    @cached_property
    def _host(self) -> HostFacts | Unknown:
        path = self.file("host.json")
        return Unknown("host.json") if path is None else read_host_json(path)

    @cached_property
    def _metabase(self) -> MetabaseDocument | None:
        path = self.file("MetaBase.xml")
        return None if path is None else read_metabase_xml(path)

    @cached_property
    def _apphost(self) -> AppHostDocument | None:
        path = self.file("applicationHost.config")
        if path is None:
            return None
        host = self._host
        name = host.computer_name if isinstance(host, HostFacts) else None
        return read_applicationhost_config(path, computer_name=name)

    @cached_property
    def _secedit(self) -> SeceditDocument | None:
        path = self.file("secedit.inf")
        return None if path is None else read_secedit(path)

    @cached_property
    def _lsa(self) -> RegExport | None:
        path = self.file("lsa.reg")
        return None if path is None else read_reg_export(path)

    @cached_property
    def _ldif(self) -> LdifDocument | None:
        if self._live is not None:
            anon = self.anonymous("/")
            return self._live.document(anon.user) if isinstance(anon, AnonymousFacts) else None
        path = self.file("ad.ldif")
        return None if path is None else read_ldif(path)

    @property
    def _ldif_name(self) -> str:
        """What evidence from the directory cites: the file, or the live directory's URL."""
        return self._live.label if self._live is not None else "ad.ldif"

    @cached_property
    def _log_config(self) -> LogConfig | None:
        path = self.file("Security-log.txt")
        return None if path is None else read_wevtutil_gl(path)

    @cached_property
    def _acls(self) -> dict[str, AclFacts]:
        path = self.file("icacls.txt")
        if path is None:
            return {}
        found: dict[str, AclFacts] = {}
        for target in read_icacls(path).targets:
            facts = tuple(
                AceFact(ace.trustee, ace.deny, ",".join(ace.rights), ace.grants_read_data)
                for ace in target.aces
                # An inherit-only entry is there for the children: it does not apply here.
                if ace.applies_to_object and not ace.is_label
            )
            where = f"icacls.txt line {target.line}" if target.line else "icacls.txt"
            found[target.path.lower()] = AclFacts(target.path, facts, where)
        return found

    def _offset(self) -> tzinfo:
        """The server's UTC offset when the bundle was collected: `net user` and the 2003
        Event Viewer print local times without one."""
        host = self._host
        if isinstance(host, HostFacts) and host.collected_at is not None:
            offset = host.collected_at.utcoffset()
            if offset is not None:
                return timezone(offset)
        return UTC

    def _aware(self, moment: datetime | None) -> datetime | None:
        if moment is None or moment.tzinfo is not None:
            return moment
        return moment.replace(tzinfo=self._offset()).astimezone(UTC)

    # -- the evidence interface ---------------------------------------------------------------
    def host(self) -> HostFacts | Unknown:
        return self._host

    def judged_at(self) -> datetime | None:
        if self._live is not None:
            anon = self.anonymous("/")
            if isinstance(anon, AnonymousFacts) and not self._is_local(anon.domain):
                # The account's state comes from the directory as it is now, not as it was
                # when the bundle was collected.
                return self._live.read_at
        host = self._host
        return host.collected_at if isinstance(host, HostFacts) else None

    def sites(self) -> list[tuple[int, str]]:
        """(id, name) of every site the IIS configuration defines (IIS 6: name = ServerComment,
        or "" when the key has none)."""
        if self._metabase is not None:
            try:
                found = self._metabase.metabase.sites()
            except ModelError as exc:
                raise BundleError(self._metabase.path, scrub_quoted(str(exc))) from exc
            return [(s.site_id, s.server_comment or "") for s in found]
        if self._apphost is not None:
            return [(s.id, s.name) for s in self._apphost.config.sites()]
        return []

    @cached_property
    def _site_id(self) -> int | None:
        """The chosen site's id; None when the configuration defines no site at all."""
        doc: MetabaseDocument | AppHostDocument | None = self._metabase or self._apphost
        if doc is None:
            return None
        sites = self.sites()
        listing = ", ".join(
            f"{sid} ({quote_name(name, bare=True)})" if name else str(sid) for sid, name in sites
        )
        wanted = self._site_wanted
        if wanted is not None:
            for sid, name in sites:
                if wanted == str(sid) or (name and wanted.lower() == name.lower()):
                    return sid
            raise BundleError(
                doc.path, f"no site {quote_name(wanted)} here; the sites are: {listing or 'none'}"
            )
        if not sites:
            return None
        ids = [sid for sid, _ in sites]
        if 1 in ids:
            return 1
        if len(ids) == 1:
            return ids[0]
        raise BundleError(
            doc.path, f"several sites and none is site 1; choose one with --site: {listing}"
        )

    def anonymous(self, url: str) -> AnonymousFacts | Unknown:
        try:
            return self._anonymous_for(url)
        except ModelError as exc:
            # The resolvers' own checks (a URL IIS refuses, a site that is not there): the
            # configuration file is what could not be used.
            path = self._metabase.path if self._metabase is not None else None
            if path is None and self._apphost is not None:
                path = self._apphost.path
            raise BundleError(path or self.directory, scrub_quoted(str(exc))) from exc

    def _anonymous_for(self, url: str) -> AnonymousFacts | Unknown:
        site = self._site_id
        if self._metabase is not None:
            doc = self._metabase
            if site is None:
                return Unknown("MetaBase.xml (it defines no web site)")
            config = doc.metabase.anonymous_config(site, url)
            sources, locations = {}, {}
            for setting, where in config.sources.items():
                prop = _IIS6_PROPS.get(setting)
                if prop is None or where == "schema default":
                    continue
                line = doc.line_of(where, prop)
                sources[setting] = f"MetaBase.xml line {line}" if line else "MetaBase.xml"
                locations[setting] = where
            service = doc.metabase.find_key(W3SVC)
            if service is None or service.key_class is not KeyClass.WEB_SERVICE:
                # A fragment (an exported site): what the service level sets is not in it, so a
                # schema default there is a guess, not what the server holds.
                if not config.user_name:
                    return Unknown(
                        "MetaBase.xml with its IIsWebService key (the file is a "
                        "fragment and names no anonymous account)"
                    )
                unresolved = tuple(
                    s for s in ("password_sync", "iis5_isolation", "logon_type") if s not in sources
                )
            else:
                unresolved = ()
            if not config.user_name:
                return Unknown("MetaBase.xml (no AnonymousUserName applies to the URL)")
            facts = _anonymous(config, url, "MetaBase.xml", sources, locations)
            return attrs.evolve(facts, unresolved=unresolved)
        if self._apphost is not None:
            app = self._apphost
            if site is None:
                return Unknown("applicationHost.config (it defines no site)")
            config = app.config.anonymous_config(site, url)
            sources, locations = {}, {}
            for setting, where in config.sources.items():
                if setting not in _IIS7_ATTRS or where == "schema default":
                    continue
                location = where.removeprefix("MACHINE/WEBROOT/APPHOST").lstrip("/")
                line = app.line_of(_ANON_SECTION, location or None)
                sources[setting] = (
                    f"applicationHost.config line {line}" if line else "applicationHost.config"
                )
                locations[setting] = location
            return _anonymous(config, url, "applicationHost.config", sources, locations)
        named = self._live.anonymous(url) if self._live is not None else None
        return named or Unknown("MetaBase.xml or applicationHost.config")

    def _is_local(self, domain: str | None) -> bool:
        """Whether an account's authority is this machine: no domain, ".", or the computer's
        name in any case (NetBIOS or, where host.json gives its DNS suffix, the FQDN)."""
        host = self._host
        if not isinstance(host, HostFacts):
            return domain in (None, ".")
        if host.is_domain_controller:
            return False
        if domain is None:
            return True
        names = {".", host.computer_name.upper()}
        if host.dns_suffix:
            names.add(f"{host.computer_name}.{host.dns_suffix}".upper())
        return domain.upper() in names

    @_reading("net-user-{user}.txt or ad.ldif")
    def account(self, user: str, domain: str | None) -> AccountFacts | Unknown:
        local = self._is_local(domain)
        if not local and self._ldif is not None:
            name = user
            if self._ldif.user(name) is None and domain is not None and "." in domain:
                name = f"{user}@{domain}"  # a UPN whose user part is not the sAMAccountName
            if self._ldif.user(name) is None:
                return AccountFacts(user, domain, False, self._ldif_name, is_domain=True)
            return self._from_ldif(name, domain)
        path = self.file(f"net-user-{user}.txt")
        if path is None:
            return Unknown(f"net-user-{user}.txt" + ("" if local else " or ad.ldif"))
        host = self._host
        patterns = (
            {"date_format": host.date_format, "time_format": host.time_format}
            if isinstance(host, HostFacts)
            else {}
        )
        return self._from_net_user(read_net_user(path, **patterns), user, domain, local)

    def _from_net_user(
        self, doc: NetUserDocument, user: str, domain: str | None, local: bool
    ) -> AccountFacts | Unknown:
        name = Path(doc.path).name
        if doc.exists is None:
            return Unknown(f"{name} (net user reported an error)")
        if not doc.exists:
            return AccountFacts(user, domain, False, name, is_domain=not local)
        lines = {field: f"line {n}" for field, n in doc.lines.items()}
        rename = {"account_active": "active", "account_expires": "expires"}
        lines.update({rename[k]: v for k, v in list(lines.items()) if k in rename})
        hours = doc.logon_hours
        logon_hours = None
        if hours is not None and not hours.all:
            logon_hours = hours.to_logon_hours(self._offset())
        groups = doc.groups()
        return AccountFacts(
            name=doc.user_name or user,
            authority=domain,
            exists=True,
            source=name,
            is_domain=doc.domain_request or not local,
            enabled=doc.enabled,
            locked_flag=doc.locked,
            expires=self._aware(doc.account_expires),
            expires_known=doc.has("account_expires"),
            password_last_set=self._aware(doc.password_last_set),
            must_change=(
                None
                if "password_last_set" in doc.unknown
                else doc.has("password_last_set") and doc.password_last_set is None
            ),
            password_expires=self._aware(doc.password_expires),
            password_expires_known=doc.has("password_expires"),
            workstations=doc.workstations or (),
            logon_hours=logon_hours,
            logon_hours_known=hours is not None,
            groups=tuple(g.name for g in groups),
            groups_may_be_truncated=doc.groups_may_be_truncated,
            lines=lines,
        )

    def _from_ldif(self, user: str, domain: str | None) -> AccountFacts:
        doc = self._ldif
        assert doc is not None
        found = doc.user(user)
        assert found is not None
        line = f"line {found.entry.line}" if getattr(found.entry, "line", None) else ""
        groups = doc.groups_of(found)
        return AccountFacts(
            name=found.sam_account_name,
            authority=domain,
            exists=True,
            source=self._ldif_name,
            sid=str(found.sid) if found.sid else None,
            is_domain=True,
            enabled=found.enabled,
            lockout_time=found.lockout_time,
            bad_pwd_count=found.bad_pwd_count,
            expires=found.account_expires,
            expires_known=True,
            password_last_set=found.pwd_last_set,
            must_change=found.must_change_password,
            password_never_expires=bool(found.password_never_expires)
            or bool(found.smartcard_required),
            workstations=found.workstations,
            logon_hours=found.logon_hours,
            logon_hours_known=True,
            groups=tuple(g.name for g in groups),
            group_sids=tuple(str(g.sid) for g in groups if g.sid),
            groups_may_be_truncated=doc.membership_partial(found),
            lines={
                k: line
                for k in (
                    "active",
                    "lockout_time",
                    "expires",
                    "password_last_set",
                    "workstations",
                    "logon_hours",
                )
            },
        )

    @_reading("ad.ldif or secedit.inf")
    def account_policy(self, domain_account: bool) -> AccountPolicyFacts | Unknown:
        if domain_account:
            if self._ldif is None or self._ldif.domain is None:
                return Unknown("ad.ldif with the domain object")
            dom = self._ldif.domain
            return AccountPolicyFacts(
                dom.lockout_threshold,
                None if dom.lockout_forever else dom.lockout_duration,
                dom.lockout_forever,
                dom.lockout_window,
                dom.max_password_age,
                self._ldif_name,
            )
        doc = self._secedit
        if doc is None:
            return Unknown("secedit.inf")
        access = doc.template.system_access
        duration = access.get("LockoutDuration")
        max_age = access.get("MaximumPasswordAge")
        return AccountPolicyFacts(
            access.get("LockoutBadCount"),
            None if duration in (None, -1) else timedelta(minutes=duration),
            duration == -1,
            None
            if access.get("ResetLockoutCount") is None
            else timedelta(minutes=access["ResetLockoutCount"]),
            None if max_age in (None, -1, 0) else timedelta(days=max_age),
            "secedit.inf",
        )

    @_reading("secedit.inf")
    def right(self, name: str) -> RightAssignment | Unknown:
        doc = self._secedit
        if doc is None:
            return Unknown("secedit.inf")
        principals = doc.right(name)
        line = doc.line_of("Privilege Rights", name)
        source = f"secedit.inf line {line}" if line else "secedit.inf"
        return RightAssignment(name, principals or (), source, defined=principals is not None)

    @_reading("net-localgroup-{name}.txt")
    def local_group(self, name: str) -> GroupFacts | Unknown:
        path = self.file(f"net-localgroup-{name}.txt")
        if path is None:
            return Unknown(f"net-localgroup-{name}.txt")
        doc = read_net_localgroup(path)
        if not doc.exists:
            return Unknown(f"net-localgroup-{name}.txt (no such group)")
        return GroupFacts(doc.alias_name or name, tuple(m.name for m in doc.members), path.name)

    @cached_property
    def _auditpol(self) -> AuditpolDocument | None:
        path = self.file("auditpol.csv")
        return None if path is None else read_auditpol_csv(path)

    @_reading("auditpol.csv or secedit.inf")
    def audit(self) -> AuditFacts | Unknown:
        policy = self._auditpol
        if policy is not None:
            logon = policy.logon
            if logon is None or logon.success is None or logon.failure is None:
                return Unknown("auditpol.csv with the Logon subcategory")
            return AuditFacts(logon.success, logon.failure, f"auditpol.csv line {logon.line}")
        host = self._host
        if isinstance(host, HostFacts) and not host.legacy:
            # Since Windows Server 2008 the advanced audit policy decides, and secedit's legacy
            # [Event Audit] usually shows 0 on a server that audits logon failures.
            return Unknown("auditpol.csv")
        doc = self._secedit
        if doc is None:
            return Unknown("secedit.inf")
        value = doc.event_audit_value("AuditLogonEvents")
        if value is None:
            return Unknown("secedit.inf with AuditLogonEvents in [Event Audit]")
        line = doc.line_of("Event Audit", "AuditLogonEvents")
        return AuditFacts(bool(value & 1), bool(value & 2), f"secedit.inf line {line}")

    @_reading("lsa.reg")
    def lsa(self) -> LsaFacts | Unknown:
        doc = self._lsa
        if doc is None:
            return Unknown("lsa.reg")
        lines: dict[str, str] = {}
        caf = doc.get(_LSA, "CrashOnAuditFail")
        if caf is not None:
            lines["CrashOnAuditFail"] = f"lsa.reg line {caf.line}"
        auth = doc.get(_LSA + r"\MSV1_0", "Auth132")
        registered = auth is not None and "iissuba" in str(auth.data).lower()
        return LsaFacts(
            doc.dword(_LSA, "CrashOnAuditFail"),
            doc.dword(_LSA, "LimitBlankPasswordUse"),
            registered,
            "lsa.reg",
            lines,
        )

    @_reading("Security-log.txt")
    def security_log(self) -> LogCapacity | Unknown:
        config = self._log_config
        if config is None:
            return Unknown("Security-log.txt")
        if config.retention is None:
            return Unknown("Security-log.txt (no retention line)")
        return LogCapacity(
            config.max_size,
            Retention.DO_NOT_OVERWRITE if config.retention else Retention.OVERWRITE,
            bool(config.auto_backup),
            config.file_size,
            config.number_of_log_records,
            "Security-log.txt",
        )

    @cached_property
    def _events(self) -> EventDigest | None:
        anon = self.anonymous("/")
        accounts = [anon.user] if isinstance(anon, AnonymousFacts) else None
        xml = self.file("Security.xml")
        if xml is not None:
            progress = self._report("Security.xml")
            if accounts is None:
                return _digest(xml, None, iter_security_xml(xml, progress=progress))
            lazy = iter_security_xml_lazy(xml, accounts=accounts, progress=progress)
            return _digest(xml, accounts, lazy)
        evtx = self.file("Security.evtx")
        if evtx is not None:
            from .readers.security_evtx import iter_security_evtx

            return _digest(evtx, accounts, iter_security_evtx(evtx, accounts=accounts))
        csv = self.file("Security.csv")
        if csv is not None:
            host = self._host
            rows = iter_security_csv(
                csv,
                tz=self._offset(),
                accounts=accounts,
                date_format=host.date_format if isinstance(host, HostFacts) else None,
                time_format=host.time_format if isinstance(host, HostFacts) else None,
            )
            return _digest(csv, accounts, rows)
        return None

    def _report(self, name: str) -> Callable[[int, int], None] | None:
        progress = self._progress
        if progress is None:
            return None
        return lambda done, total: progress(name, done, total)

    @_reading("Security.xml, Security.evtx or Security.csv")
    def logon_events(self, user: str) -> Sequence[LogonEventFact] | Unknown:
        digest = self._events
        if digest is None:
            return Unknown("Security.xml, Security.evtx or Security.csv")
        if not digest.asked_about(user):
            return Unknown(f"{digest.path.name} read for {user}")
        return [_event_fact(r) for r in digest.logon_events(user)]

    @_reading("Security.xml, Security.evtx or Security.csv")
    def log_full_events(self) -> Sequence[LogonEventFact] | Unknown:
        digest = self._events
        if digest is None:
            return Unknown("Security.xml, Security.evtx or Security.csv")
        r = digest.newest_full
        if r is None:
            return []
        return [LogonEventFact(1104, r.time, "", "", None, None, None, None, False, r.where)]

    @_reading("the W3SVC logs")
    def w3c(self, url: str) -> W3cFacts | Unknown:
        anon = self.anonymous(url)
        site = self._site_id or 1
        logs = [p for name, p in sorted(self._files.items()) if name.startswith(f"w3svc{site}/")]
        if not logs:
            return Unknown(f"W3SVC{site}/*.log")
        summary = summarize_w3c(logs, url=url, progress=self._report(f"W3SVC{site} logs"))
        failures: dict[tuple[int, int, int], int] = {}
        last_failure = None
        last_failure_time = last_success_time = None
        sample = ""
        for bucket in summary.anonymous.values():
            status, sub, win32 = bucket.status or 0, bucket.substatus or 0, bucket.win32_status or 0
            if status >= 400:
                failures[(status, sub, win32)] = bucket.count
                if bucket.last and (last_failure_time is None or bucket.last > last_failure_time):
                    last_failure_time, last_failure = bucket.last, (status, sub, win32)
                    if bucket.samples:
                        s = bucket.samples[-1]
                        sample = f"{s.source} line {s.line}: {s.text}"
            elif bucket.last and (last_success_time is None or bucket.last > last_success_time):
                last_success_time = bucket.last
        # 401.2 with Win32 5 is a handshake's first leg or a disabled anonymous access; the
        # configuration decides which, so it counts as a failure only when no other method
        # could have been offered.
        handshake_like = sum(b.count for b in summary.handshake_like.values())
        handshakes = sum(b.count for b in summary.handshakes.values())
        if isinstance(anon, AnonymousFacts) and not anon.enabled and not anon.other_methods:
            for bucket in summary.handshake_like.values():
                failures[(401, 2, 5)] = failures.get((401, 2, 5), 0) + bucket.count
        return W3cFacts(
            failures,
            sum(b.count for b in summary.anonymous.values() if (b.status or 0) < 400),
            handshake_like + handshakes,
            last_failure,
            last_failure_time,
            last_success_time,
            sample,
            tuple(p.relative_to(self.directory).as_posix() for p in logs),
        )

    @_reading("icacls.txt")
    def content_acl(self, path: str) -> AclFacts | Unknown:
        if self.file("icacls.txt") is None:
            return Unknown("icacls.txt")
        found = self._acls.get(path.lower())
        return found if found is not None else Unknown(f"icacls.txt (no entry for {path})")

    @_reading("probe.json")
    def probe(self) -> ProbeFacts | Unknown:
        path = self.file("probe.json")
        if path is None:
            return Unknown("probe.json")
        found = read_probe_json(path)
        anon = self.anonymous("/")
        if isinstance(anon, AnonymousFacts) and not self._same_account(found.account, anon):
            # A logon of another account says nothing about this one.
            return Unknown(f"probe.json for {anon.qualified} (it tried {found.account})")
        if found.win32_error != 0 and found.win32_error not in BY_WIN32:
            # A code no outcome here stands for: neither a success nor a known cause.
            return Unknown(f"probe.json with a Win32 error this tool knows ({found.win32_error})")
        return found

    def _same_account(self, probed: str, anon: AnonymousFacts) -> bool:
        """Whether the probe's ``DOMAIN\\user``, ``user@dns`` or bare name is the anonymous
        account (the machine's name, ".", NetBIOS and DNS domain names compared as one)."""
        upn = split_upn(probed)
        if upn is not None:
            user, authority = upn
        else:
            authority, _, user = probed.rpartition("\\")
        if user.lower() != anon.user.lower():
            return False
        if not authority or authority == ".":
            return self._is_local(anon.domain)
        if self._is_local(authority):
            return self._is_local(anon.domain)
        if anon.domain is None or self._is_local(anon.domain):
            return False
        host = self._host
        names = {anon.domain.upper()}
        if isinstance(host, HostFacts) and host.domain:
            names.add(host.domain.upper())
        if isinstance(host, HostFacts) and host.dns_suffix:
            names.add(host.dns_suffix.upper())
        ldif = self._ldif
        if ldif is not None and ldif.domain is not None:
            names.add(ldif.domain.dns_name.upper())
        return authority.upper() in names


def _anonymous(
    config: AnonymousConfig,
    url: str,
    source_file: str,
    sources: dict[str, str],
    locations: dict[str, str],
) -> AnonymousFacts:
    user, domain = config.split_user()
    upn = split_upn(user) if domain is None else None
    if upn is not None:
        # user@dns.domain: LogonUser takes the UPN whole; the account is the domain's.
        user, domain = upn
    kind = {
        Identity.ACCOUNT: IdentityKind.ACCOUNT,
        Identity.BUILTIN_IUSR: IdentityKind.BUILTIN_IUSR,
        Identity.APP_POOL: IdentityKind.APP_POOL,
    }[config.identity]
    return AnonymousFacts(
        url=url,
        enabled=config.anonymous_enabled,
        other_methods=config.other_methods,
        identity=kind,
        user=user,
        domain=domain,
        configured_name=config.user_name,
        password_set=config.password is not None and not config.password.is_empty,
        logon_type=config.logon_type,
        password_sync=config.password_sync,
        iis5_isolation=config.iis5_isolation,
        app_pool=config.app_pool,
        app_pool_identity=config.app_pool_identity,
        physical_path=config.physical_path,
        default_documents=config.default_documents,
        source_file=source_file,
        sources=sources,
        locations=locations,
        site_id=config.site_id,
    )


def _digest(
    path: Path, accounts: list[str] | None, records: Iterable[SecurityEventRecord | PendingEvent]
) -> EventDigest:
    digest = EventDigest(path, accounts)
    for record in records:
        digest.add(record)
    return digest


def _event_fact(record: SecurityEventRecord) -> LogonEventFact:
    win32: int | None = None
    if record.event_id == 4625:
        for outcome in Outcome:
            codes = outcome.codes
            if codes.status == record.status and codes.substatus == (record.substatus or 0):
                win32 = codes.win32
                break
    elif record.failed:
        match = [o for o in Outcome if o.codes.event_2003 == record.event_id]
        win32 = match[0].codes.win32 if match else None
    where = f"{record.source} line {record.line}" if record.line else record.where
    return LogonEventFact(
        record.event_id,
        record.time,
        record.user or "",
        # A UPN logon leaves TargetDomainName empty; its DNS suffix names the domain.
        record.target_domain or record.upn_domain or "",
        record.logon_type,
        record.status,
        record.substatus,
        win32,
        record.succeeded,
        where,
    )
