"""User rights and audit policy edits: `ntrights` / secedit for local policy, the Group Policy
Management Editor for a domain GPO, `auditpol` for the logon audit."""

from __future__ import annotations

from winfacts.errors import ModelError
from winfacts.rights import check_right_name

from ..directory import Gpo
from ..host import Host
from ..security_template import SecurityTemplate


def _principal(host: Host, principal: str) -> str:
    """secedit stores a SID as ``*S-...`` when it can map the name, the name otherwise."""
    if principal.startswith("*"):
        return principal
    sid = host.resolve(principal)
    return f"*{sid}" if sid is not None else principal


def ntrights(host: Host, principal: str, right: str, *, grant: bool) -> bool:
    """`ntrights -u NAME +r RIGHT` / `-r RIGHT` on the local policy; True if it changed."""
    entry = _principal(host, principal)
    template = host.lsa.local
    changed = (
        template.add_to_right(right, entry) if grant else _remove(host, template, right, entry)
    )
    host.lsa.invalidate()
    return changed


def _remove(host: Host, template: SecurityTemplate, right: str, entry: str) -> bool:
    target = host.resolve(entry)
    right = check_right_name(right)
    current = template.privilege_rights.get(right, ())
    kept = tuple(p for p in current if host.resolve(p) != target and p.lower() != entry.lower())
    template.privilege_rights[right] = kept
    return kept != current


def set_local_right(host: Host, right: str, principals: list[str]) -> None:
    """`secedit /configure` with a template holding this one right: replaces its list."""
    host.lsa.local.set_right(right, [_principal(host, p) for p in principals])
    host.lsa.invalidate()


def gpo_set_right(host: Host, gpo_name: str, right: str, principals: list[str] | None) -> Gpo:
    """Edit a domain GPO's [Privilege Rights]; None removes the right from the GPO ("Not
    Defined"). Member servers see it at their next policy refresh."""
    if host.domain is None:
        raise ModelError("there is no domain, so no GPO to edit")
    gpo = host.domain.find_gpo(gpo_name)
    if principals is None:
        gpo.template.privilege_rights.pop(check_right_name(right), None)
    else:
        gpo.template.set_right(right, [_principal(host, p) for p in principals])
    gpo.version += 1
    return gpo


def gpo_audit_logon(
    host: Host, gpo_name: str, *, success: bool | None = None, failure: bool | None = None
) -> int:
    """The GPO editor's Audit Policy > "Audit logon events" for a domain GPO."""
    if host.domain is None:
        raise ModelError("there is no domain, so no GPO to edit")
    gpo = host.domain.find_gpo(gpo_name)
    value = gpo.template.event_audit.get("AuditLogonEvents", 0)
    if success is not None:
        value = (value | 1) if success else (value & ~1)
    if failure is not None:
        value = (value | 2) if failure else (value & ~2)
    gpo.template.event_audit["AuditLogonEvents"] = value
    gpo.version += 1
    return value


def auditpol_logon(host: Host, *, success: bool | None = None, failure: bool | None = None) -> int:
    """`auditpol /set /subcategory:"Logon" /success:enable /failure:disable` (2008+) or the
    "Audit logon events" policy (2003): both land on AuditLogonEvents, 0-3."""
    current = host.lsa.local.event_audit.get("AuditLogonEvents", 0)
    value = current
    if success is not None:
        value = (value | 1) if success else (value & ~1)
    if failure is not None:
        value = (value | 2) if failure else (value & ~2)
    host.lsa.local.event_audit["AuditLogonEvents"] = value
    host.lsa.invalidate()
    return value
