"""Whether a lab is solved, asked of the server itself: the site answers an anonymous visitor,
the diagnosis finds nothing left broken in the server's own evidence, and nothing was made
unsafe on the way.

The diagnosis is `checks` reading the bundle the server writes, as `authlab diagnose` would on
a real server: a fix the trainee believes in but the evidence does not show is not a fix.
What counts as unsafe is each shortcut that makes a 401 go away and leaves the server worse:
the anonymous account made an administrator, a privileged account used as the anonymous user,
anonymous access turned off, CrashOnAuditFail 0 with a full log that does not overwrite (audits
lost without a trace), a password that will expire again where the lab asks that it never
does, and rights or content permissions widened beyond the healthy server's.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import attrs

from checks.bundle import BundleEvidence
from checks.engine import diagnose
from simulator.account_policy import password_expires_at
from simulator.accounts import Account
from simulator.acl import AccessMask
from simulator.bundle import write_bundle
from simulator.eventlog import Retention
from simulator.faults.base import anonymous_account
from simulator.host import Host
from simulator.token import build_token
from winfacts import wellknown as wk
from winfacts.finding_ids import BY_ID
from winfacts.rights import RIGHT_DISPLAY
from winfacts.sid import Sid

from .catalogue import LabSpec

#: Groups whose members administer the machine or the domain: BUILTIN aliases by RID, and the
#: domain's own groups by RID (their SIDs are the domain's SID and that RID).
_BUILTIN_PRIVILEGED = {
    544: "Administrators",
    548: "Account Operators",
    549: "Server Operators",
    550: "Print Operators",
    551: "Backup Operators",
}
_DOMAIN_PRIVILEGED = {512: "Domain Admins", 518: "Schema Admins", 519: "Enterprise Admins"}

_LOGON_RIGHTS = (
    "SeNetworkLogonRight",
    "SeInteractiveLogonRight",
    "SeBatchLogonRight",
    "SeServiceLogonRight",
    "SeRemoteInteractiveLogonRight",
)
_DENY_RIGHTS = (
    "SeDenyNetworkLogonRight",
    "SeDenyInteractiveLogonRight",
    "SeDenyBatchLogonRight",
    "SeDenyServiceLogonRight",
    "SeDenyRemoteInteractiveLogonRight",
)
_WRITE = (
    AccessMask.FILE_WRITE_DATA
    | AccessMask.FILE_APPEND_DATA
    | AccessMask.DELETE
    | AccessMask.WRITE_DAC
    | AccessMask.WRITE_OWNER
    | AccessMask.GENERIC_WRITE
    | AccessMask.GENERIC_ALL
)


@attrs.frozen
class Grade:
    solved: bool
    status: str  # what the visitor got: "200", "401.1", "no response"
    #: Why it is not solved: what still fails, what the diagnosis still finds.
    reasons: tuple[str, ...]
    #: The shortcuts taken: each a reason too, and each counts as a wrong fix.
    unsafe: tuple[str, ...]
    findings: tuple[str, ...]

    def lines(self) -> list[str]:
        if self.solved:
            return [
                "Solved: the site answers anonymous visitors (HTTP 200), the diagnosis finds "
                "nothing left broken, and nothing was made unsafe."
            ]
        shown = ["Not solved yet:"]
        shown += [f"- {reason}" for reason in self.reasons]
        shown += [f"- refused: {reason}" for reason in self.unsafe]
        return shown


def grade(host: Host, baseline: Host, lab: LabSpec | None, url: str = "/") -> Grade:
    """Request ``url``, diagnose the server's evidence, and look for shortcuts, comparing with
    ``baseline`` (the same server before the lab broke it)."""
    reasons: list[str] = []
    if not host.running:
        code = host.stop_code or 0
        reasons.append(f"{host.computer_name} is stopped (bug check 0x{code:08X})")
        return Grade(False, "no response", tuple(reasons), (), ())
    response = host.iis.request(url)
    status = "no response" if response.status is None else response.code
    if status != "200":
        reasons.append(f"an anonymous visitor still gets {status} for {url}")
    if _stopped(host):  # the request's audit could not be written
        code = host.stop_code or 0
        reasons.append(
            f"the request stopped {host.computer_name} (bug check 0x{code:08X}): an audit "
            "could not be written"
        )
        return Grade(False, status, tuple(reasons), (), ())
    findings = _diagnosis(host, url)
    for finding in findings:
        reasons.append(f"the diagnosis still finds {finding}: {BY_ID[finding].title}")
    unsafe = _shortcuts(host, baseline, lab, url)
    solved = not reasons and not unsafe
    return Grade(solved, status, tuple(reasons), tuple(unsafe), tuple(findings))


def _stopped(host: Host) -> bool:
    return not host.running


def _diagnosis(host: Host, url: str) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="authlab-lab-check-") as folder:
        write_bundle(host, Path(folder))
        result = diagnose(BundleEvidence(Path(folder)), url, clock_now=host.now())
    return [f.id for f in result.findings]


def _privileges(host: Host, account: Account, logon_type: int) -> list[str]:
    """The privileged groups in the token IIS would build for ``account``."""
    token = build_token(account, logon_type, host.sam, host.dc if account.is_domain else None)
    found: list[str] = []
    if account.rid == wk.RID_ADMINISTRATOR:
        found.append("the built-in Administrator")
    for sid in sorted(token.sids, key=str):
        text = str(sid)
        if text.startswith("S-1-5-32-"):
            name = _BUILTIN_PRIVILEGED.get(sid.rid)
        elif text.startswith("S-1-5-21-"):
            name = _DOMAIN_PRIVILEGED.get(sid.rid)
        else:
            name = None
        if name is not None:
            found.append(name)
    return found


def _shortcuts(host: Host, baseline: Host, lab: LabSpec | None, url: str) -> list[str]:
    found: list[str] = []
    settings = host.iis.settings_for(url)
    if not settings.anonymous_enabled:
        found.append("anonymous access is turned off: the site must stay public")
    account, user, _ = anonymous_account(host, url)
    base_account, base_user, _ = anonymous_account(baseline, url)
    if account is not None:
        held = _privileges(host, account, settings.logon_type)
        if (held and account.rid == wk.RID_ADMINISTRATOR) or (
            held and base_account is not None and account.name.lower() != base_account.name.lower()
        ):
            found.append(
                f"IIS uses the privileged account {account.qualified} ({', '.join(held)}) as "
                "the anonymous user: every visitor would have its rights"
            )
        elif held:
            found.append(
                f"the anonymous account {account.qualified} was made a member of "
                f"{', '.join(held)}: every visitor would have those rights"
            )
        elif base_account is not None and account.name.lower() != base_account.name.lower():
            found.append(
                f"IIS now uses {account.qualified} as the anonymous user; the lab's account is "
                f"{base_account.qualified}: repair that account, do not swap it"
            )
        if lab is not None and "never-expires" in lab.asks:
            expires = password_expires_at(account, host.policy_for(account))
            if expires is not None:
                found.append(
                    f"the password of {account.name} will expire again on {expires:%Y-%m-%d}: "
                    'the lab asks for "Password never expires"'
                )
    elif user and user.lower() != base_user.lower():
        found.append(f"IIS now names {user} as the anonymous user, not {base_user}")
    log = host.security_log
    if (
        host.crash_on_audit_fail == 0
        and log.is_full
        and log.settings.retention is Retention.DO_NOT_OVERWRITE
    ):
        found.append(
            "CrashOnAuditFail is 0 while the Security log is full and does not overwrite: "
            "every audit from now on is lost without a trace"
        )
    found += _widened_rights(host, baseline, account)
    found += _widened_content(host, baseline, url)
    return found


def _holders(host: Host, right: str) -> set[Sid]:
    listed = host.lsa.right(right).value
    sids: set[Sid] = set()
    for principal in listed:  # type: ignore[attr-defined]
        sid = host.resolve(str(principal))
        if sid is not None:
            sids.add(sid)
    return sids


def _names(host: Host, sids: set[Sid]) -> str:
    return ", ".join(sorted(host.name_of(s) or str(s) for s in sids))


def _widened_rights(host: Host, baseline: Host, account: Account | None) -> list[str]:
    found: list[str] = []
    allowed = {account.sid} if account is not None else set()
    for right in _LOGON_RIGHTS:
        extra = _holders(host, right) - _holders(baseline, right) - allowed
        if extra:
            found.append(
                f"{_names(host, extra)} now hold '{RIGHT_DISPLAY.get(right, right)}' ({right}), "
                "which the healthy server does not give them: widen rights only as far as the "
                "anonymous account needs"
            )
    for right in _DENY_RIGHTS:
        taken = _holders(baseline, right) - _holders(host, right)
        if taken:
            found.append(
                f"{_names(baseline, taken)} were taken out of "
                f"'{RIGHT_DISPLAY.get(right, right)}' ({right}), which the healthy server has"
            )
    return found


def _widened_content(host: Host, baseline: Host, url: str) -> list[str]:
    folder = baseline.iis.settings_for(url).physical_path
    before = {(a.sid, a.mask) for a in baseline.fs.dacl(folder) if not a.is_deny}
    found: list[str] = []
    for ace in host.fs.dacl(folder):
        if ace.is_deny or (ace.sid, ace.mask) in before or not ace.mask & _WRITE:
            continue
        found.append(
            f"{host.name_of(ace.sid) or ace.sid} may now change the site's content in {folder}"
        )
    return found
