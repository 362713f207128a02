"""One simulated Windows server: the aggregate every other piece hangs from.

The host owns the clock, its SAM, its view of the domain, the LSA policy, the registry, the event
logs, the file system and IIS. Admin tools and the logon engine act on it; checks never see it
directly (they read an evidence bundle or the evidence interface built from it).
"""

from __future__ import annotations

import enum
import functools
import itertools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from winfacts import assumptions as A
from winfacts import wellknown as wk
from winfacts.errors import ModelError
from winfacts.ntstatus import STATUS_AUDIT_FAILED
from winfacts.sid import Sid

from . import registry as reg
from .account_policy import AccountPolicy
from .accounts import Account, Group
from .clock import SimClock
from .directory import Domain
from .domain_controller import DomainController, InMemoryDomainController
from .eventlog import EventLog
from .events import EventType, LogonEvent, OsFamily, SystemEvent
from .logon import LogonMachine
from .lsa import LsaPolicy
from .sam import Sam

if TYPE_CHECKING:
    from .acl import FileSystem
    from .iis import IisServer


class HostState(enum.Enum):
    RUNNING = "running"
    STOPPED = "stopped"  # a bug check; nothing answers until someone restarts it


class Host:
    def __init__(
        self,
        *,
        computer_name: str,
        os: OsFamily,
        clock: SimClock,
        sam: Sam,
        lsa: LsaPolicy,
        registry: reg.Registry,
        security_log: EventLog[LogonEvent],
        system_log: EventLog[SystemEvent],
        fs: FileSystem,
        domain: Domain | None = None,
        is_dc: bool = False,
        ip_address: str = "10.0.0.10",
    ) -> None:
        self.computer_name = computer_name.upper()
        self.os = os
        self.clock = clock
        self.sam = sam
        self.lsa = lsa
        self.registry = registry
        self.security_log = security_log
        self.system_log = system_log
        self.fs = fs
        self.domain = domain
        #: Who checks this host's domain accounts: the in-memory directory's rules, or a real
        #: DC a backend puts here.
        self.dc: DomainController | None = InMemoryDomainController(domain) if domain else None
        self.is_dc = is_dc
        self.ip_address = ip_address
        self.state = HostState.RUNNING
        self.stop_code: int | None = None
        self.stopped_at: datetime | None = None
        self.boot_count = 1
        self.iis: IisServer  # attached by the factory once the host exists
        self.on_restart: list[Callable[[], None]] = []
        # Logon session ids come from the host, not a global, so runs reproduce per seed.
        self._logon_ids = itertools.count(0x3E7000)
        self._boot()

    # -- identity -----------------------------------------------------------------------------
    @property
    def fqdn(self) -> str | None:
        return f"{self.computer_name.lower()}.{self.domain.dns_name}" if self.domain else None

    @property
    def local_authority(self) -> str:
        """The authority a bare account name belongs to: the domain on a DC, else the machine."""
        if self.is_dc and self.domain is not None:
            return self.domain.authority
        return self.computer_name

    @functools.cached_property
    def logon_machine(self) -> LogonMachine:
        """What LogonUser needs of this machine (its stores never change identity)."""
        return LogonMachine(
            computer_name=self.computer_name,
            fqdn=self.fqdn,
            sam=self.sam,
            domain=self.domain,
            dc=lambda: self.dc,
            lsa=self.lsa,
            registry=self.registry,
            security_log=self.security_log,
            now=self.now,
            stop_code=lambda: None if self.running else self.stop_code,
            refresh_policy=self.refresh_policy_if_due,
            find_account=self.find_account,
            policy_for=self.policy_for,
            resolve=self.resolve,
            audit=self.audit,
            next_logon_id=self.next_logon_id,
        )

    def next_logon_id(self) -> int:
        return next(self._logon_ids)

    def now(self) -> datetime:
        return self.clock.now()

    def find_account(self, name: str, authority: str | None = None) -> Account | None:
        """An account as LogonUser finds it: ``DOMAIN\\user``, ``user@dns``, or a bare name.

        A bare name (or authority "." or the machine's own name) is looked up locally, which on
        a domain controller means the domain.
        """
        if "\\" in name:
            authority, name = name.split("\\", 1)
        elif "@" in name:
            # A user principal name belongs to the domain whose DNS name it ends in; local
            # accounts have none, so any other suffix names no account.
            name, suffix = name.split("@", 1)
            if self.domain is None or suffix.lower() != self.domain.dns_name.lower():
                return None
            authority = self.domain.authority
        auth = (authority or "").upper()
        if auth in ("", ".", self.computer_name):
            auth = self.local_authority
        if self.domain is not None and auth in (
            self.domain.authority,
            self.domain.dns_name.upper(),
        ):
            return self.domain.find_user(name)
        if auth == self.computer_name and not self.is_dc:
            return self.sam.find_user(name)
        return None

    def account(self, name: str, authority: str | None = None) -> Account:
        found = self.find_account(name, authority)
        if found is None:
            where = authority or self.local_authority
            raise ModelError(f"there is no account {name!r} in {where}", subject=name)
        return found

    def policy_for(self, account: Account) -> AccountPolicy:
        if account.is_domain:
            assert self.domain is not None
            return self.domain.policy
        return self.sam.policy

    def resolve(self, principal: str) -> Sid | None:
        """A secedit-style principal (``*S-1-5-32-546``, ``Guests``, ``DOM\\user``) to a SID."""
        text = principal.strip()
        if text.startswith("*"):
            try:
                return Sid.parse(text[1:])
            except ModelError:
                return None
        if text.upper().startswith("S-1-"):
            try:
                return Sid.parse(text)
            except ModelError:
                return None
        known = wk.lookup_name(text)
        if known is not None:
            return known
        authority, _, short = text.rpartition("\\")
        for store in self._stores(authority):
            found = store.find(short)
            if found is not None:
                return found.sid
        return None

    def name_of(self, sid: Sid) -> str | None:
        """``AUTHORITY\\name`` for a SID, as LookupAccountSid would print it."""
        known = wk.display_name(sid)
        if known is not None:
            return known
        for store in self._stores(""):
            found = store.by_sid(sid)
            if found is not None:
                return found.qualified
        return None

    def principal(self, sid: Sid) -> Account | Group | None:
        for store in self._stores(""):
            found = store.by_sid(sid)
            if found is not None:
                return found
        return None

    def _stores(self, authority: str) -> list[Sam | Domain]:
        auth = authority.upper()
        stores: list[Sam | Domain] = []
        if auth in ("", ".", "BUILTIN", self.computer_name):
            stores.append(self.sam)
        if self.domain is not None and (
            auth in ("", self.domain.authority, self.domain.dns_name.upper())
            or (self.is_dc and auth == self.computer_name)
        ):
            stores.append(self.domain)
        return stores

    # -- policy -------------------------------------------------------------------------------
    def refresh_policy_if_due(self) -> None:
        if self.domain is not None and self.lsa.refresh_due(self.now()):
            self.gpupdate()

    def gpupdate(self) -> None:
        if self.domain is None:
            self.lsa.apply_gpos([], self.now())
            return
        gpos = [(g.name, g.template) for g in self.domain.gpos_for(self.computer_name)]
        self.lsa.apply_gpos(gpos, self.now())

    @property
    def crash_on_audit_fail(self) -> int:
        """The registry's value (what `reg query` shows); the LSA acts on the boot-time copy."""
        return self.registry.dword(reg.LSA, "CrashOnAuditFail", 0)

    # -- auditing -----------------------------------------------------------------------------
    def audit(self, event: LogonEvent) -> bool:
        """Write a logon audit. When it can not be written and CrashOnAuditFail is 1, Windows
        records 2 and stops with STATUS_AUDIT_FAILED (KB 832981); with 0 the audit is lost."""
        if self.security_log.append(event, self.now()):
            return True
        if self.lsa.effective_crash_on_audit_fail == 1:
            self.registry.set(reg.LSA, "CrashOnAuditFail", reg.RegType.REG_DWORD, 2)
            self.crash(STATUS_AUDIT_FAILED)
        return False

    def system_event(self, make: Callable[[int], SystemEvent]) -> None:
        self.system_log.append(make(self.system_log.next_record_id()), self.now())

    # -- power --------------------------------------------------------------------------------
    def crash(self, code: int) -> None:
        self.state = HostState.STOPPED
        self.stop_code = code
        self.stopped_at = self.now()

    def restart(self) -> None:
        crashed = (self.stop_code, self.stopped_at) if self.stop_code is not None else None
        self.state = HostState.RUNNING
        self.stop_code = None
        self.stopped_at = None
        self.boot_count += 1
        self._boot()
        if crashed is not None and crashed[1] is not None:
            self._record_bug_check(crashed[0], crashed[1])
        for hook in self.on_restart:
            hook()

    def _record_bug_check(self, code: int, at: datetime) -> None:
        """What the next boot writes after a bug check: EventLog 6008 (the shutdown was
        unexpected) and 1001 with the stop code ("Save Dump" on 2003; "BugCheck" on 2008+),
        which is how an administrator learns why the server stopped."""
        local = at.astimezone(self.clock.tz)
        clock_text = f"{local.hour % 12 or 12}:{local:%M:%S} {'AM' if local.hour < 12 else 'PM'}"
        date_text = f"{local.month}/{local.day}/{local.year}"
        legacy = self.os is OsFamily.WS2003
        dump = r"C:\WINDOWS\MEMORY.DMP" if legacy else r"C:\Windows\MEMORY.DMP"
        arguments = ", ".join(["0x00000000" if legacy else "0x0000000000000000"] * 4)
        events = (
            ("EventLog", 6008, EventType.ERROR, (clock_text, date_text)),
            (
                "Save Dump" if legacy else "BugCheck",
                1001,
                EventType.INFORMATION if legacy else EventType.ERROR,
                (f"0x{code:08x} ({arguments})", dump),
            ),
        )
        for source, event_id, kind, insertions in events:
            self.system_event(
                functools.partial(
                    SystemEvent,
                    time=self.now(),
                    computer=self.computer_name,
                    source=source,
                    event_id=event_id,
                    type=kind,
                    insertions=insertions,
                )
            )

    def _boot(self) -> None:
        self.lsa.effective_crash_on_audit_fail = self.crash_on_audit_fail
        self.gpupdate()

    @property
    def running(self) -> bool:
        """Whether the server answers. A server stopped by a bug check restarts by itself
        when Startup and Recovery's "Automatically restart" is on (CrashControl\\AutoReboot,
        the default; KB 307973), once the reboot_after_bug_check time has passed."""
        if self.state is HostState.STOPPED and self._reboots_by_itself():
            self.restart()
        return self.state is HostState.RUNNING

    def _reboots_by_itself(self) -> bool:
        if self.stopped_at is None or self.registry.dword(reg.CRASH_CONTROL, "AutoReboot", 1) != 1:
            return False
        return self.now() >= self.stopped_at + timedelta(seconds=A.REBOOT_AFTER_BUG_CHECK.value)

    def __repr__(self) -> str:
        role = "DC" if self.is_dc else ("member" if self.domain else "workgroup")
        return f"Host({self.computer_name!r}, {self.os.value}, {role}, {self.state.value})"
