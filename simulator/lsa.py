"""The Local Security Authority's policy: user rights, audit policy and CrashOnAuditFail.

The LSA reads the registry's CrashOnAuditFail when the machine starts, not on every logon, which
is why KB 832981's fix ends with a restart: `effective_crash_on_audit_fail` is the boot-time copy.
Domain GPOs reach the machine as a snapshot taken at the last policy refresh (gpupdate, start-up,
or the background interval), so a GPO edited in the domain changes nothing until then.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import attrs

from winfacts import assumptions as A
from winfacts.rights import rights_for
from winfacts.sid import Sid

from .security_template import SecurityTemplate, Sourced, effective_template, merge
from .token import Token

LOCAL_POLICY = "Local Policy"
REFRESH_INTERVAL = timedelta(minutes=A.GPO_REFRESH.value)


@attrs.frozen
class RightDecision:
    """Why a token may or may not use a logon type, with the evidence a report needs."""

    allowed: bool
    right: str  # the right that decided: the deny right that matched, or the allow right
    matched: Sid | None  # the token SID named in the deciding right (None: nothing matched)
    source: str  # "Local Policy" or the GPO name the deciding assignment came from
    missing: bool = False  # True when no allow entry matched (as opposed to a deny)


@attrs.frozen
class AuditSetting:
    success: bool
    failure: bool
    source: str

    @classmethod
    def from_value(cls, value: int, source: str) -> AuditSetting:
        # secedit's AuditLogonEvents: 0 none, 1 success, 2 failure, 3 both.
        return cls(bool(value & 1), bool(value & 2), source)


class LsaPolicy:
    def __init__(self, local: SecurityTemplate, now: datetime) -> None:
        self.local = local
        self.applied: list[tuple[str, SecurityTemplate]] = []
        self.last_refresh = now
        self.effective_crash_on_audit_fail = 0
        self._cache: dict[tuple[str, str], Sourced] | None = None

    def invalidate(self) -> None:
        self._cache = None

    def apply_gpos(self, gpos: list[tuple[str, SecurityTemplate]], now: datetime) -> None:
        self.applied = [(name, template.copy()) for name, template in gpos]
        self.last_refresh = now
        self.invalidate()

    def refresh_due(self, now: datetime) -> bool:
        return now - self.last_refresh >= REFRESH_INTERVAL

    def layers(self) -> list[tuple[str, SecurityTemplate]]:
        return [(LOCAL_POLICY, self.local), *self.applied]

    def settings(self) -> dict[tuple[str, str], Sourced]:
        if self._cache is None:
            self._cache = merge(self.layers())
        return self._cache

    def effective(self) -> SecurityTemplate:
        return effective_template(self.layers())

    def right(self, name: str) -> Sourced:
        return self.settings().get(("Privilege Rights", name), Sourced((), LOCAL_POLICY))

    def audit_logon(self) -> AuditSetting:
        sourced = self.settings().get(("Event Audit", "AuditLogonEvents"))
        if sourced is None:
            return AuditSetting(False, False, LOCAL_POLICY)
        return AuditSetting.from_value(int(sourced.value), sourced.source)  # type: ignore[call-overload]

    def check_logon_right(
        self, token: Token, logon_type: int, resolve: Callable[[str], Sid | None]
    ) -> RightDecision:
        """Deny beats allow; with neither, the right is missing (reference WL 3 and WL 2.5)."""
        allow_name, deny_name = rights_for(logon_type)
        sids = token.sids
        deny = self.right(deny_name)
        for principal in deny.value:  # type: ignore[attr-defined]
            sid = resolve(principal)
            if sid is not None and sid in sids:
                return RightDecision(False, deny_name, sid, deny.source)
        allow = self.right(allow_name)
        for principal in allow.value:  # type: ignore[attr-defined]
            sid = resolve(principal)
            if sid is not None and sid in sids:
                return RightDecision(True, allow_name, sid, allow.source)
        return RightDecision(False, allow_name, None, allow.source, missing=True)
