"""The local security policy as secedit sees it, and its merge with domain GPOs.

Windows keeps the effective policy in one database and `secedit /export` prints it in the
GptTmpl.inf format; GPOs carry the same format. Modelling local policy and each GPO as the same
`SecurityTemplate` makes precedence one rule: for each right (and each setting) the last source
that writes it replaces the list, local first, then site, domain and OU GPOs (reference WL 4).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

import attrs

from winfacts.rights import check_right_name

#: Registry values in [Registry Values] are keyed by this path form.
CRASH_ON_AUDIT_FAIL = r"MACHINE\System\CurrentControlSet\Control\Lsa\CrashOnAuditFail"
LIMIT_BLANK_PASSWORD_USE = r"MACHINE\System\CurrentControlSet\Control\Lsa\LimitBlankPasswordUse"


@attrs.define
class SecurityTemplate:
    """Sections of a GptTmpl.inf / secedit.inf. Principals are written as secedit writes them:
    ``*S-1-5-32-546`` for a SID, or a bare account name it could not map to one."""

    system_access: dict[str, int] = attrs.Factory(dict)
    event_audit: dict[str, int] = attrs.Factory(dict)
    privilege_rights: dict[str, tuple[str, ...]] = attrs.Factory(dict)
    registry_values: dict[str, tuple[int, str]] = attrs.Factory(dict)

    def set_right(self, right: str, principals: Iterable[str]) -> None:
        self.privilege_rights[check_right_name(right)] = tuple(principals)

    def add_to_right(self, right: str, principal: str) -> bool:
        right = check_right_name(right)
        current = self.privilege_rights.get(right, ())
        if any(p.lower() == principal.lower() for p in current):
            return False
        self.privilege_rights[right] = (*current, principal)
        return True

    def remove_from_right(self, right: str, principal: str) -> bool:
        right = check_right_name(right)
        current = self.privilege_rights.get(right, ())
        kept = tuple(p for p in current if p.lower() != principal.lower())
        if kept == current:
            return False
        self.privilege_rights[right] = kept
        return True

    def copy(self) -> SecurityTemplate:
        return copy.deepcopy(self)


@attrs.frozen
class Sourced:
    """A setting's effective value and the policy that put it there ("Local Policy" or a GPO)."""

    value: object
    source: str


def merge(layers: Iterable[tuple[str, SecurityTemplate]]) -> dict[tuple[str, str], Sourced]:
    """Effective settings keyed by (section, key); the last layer that writes a key wins."""
    result: dict[tuple[str, str], Sourced] = {}
    for source, template in layers:
        for key, int_value in template.system_access.items():
            result[("System Access", key)] = Sourced(int_value, source)
        for key, int_value in template.event_audit.items():
            result[("Event Audit", key)] = Sourced(int_value, source)
        for key, principals in template.privilege_rights.items():
            result[("Privilege Rights", key)] = Sourced(principals, source)
        for key, reg in template.registry_values.items():
            result[("Registry Values", key)] = Sourced(reg, source)
    return result


def effective_template(layers: Iterable[tuple[str, SecurityTemplate]]) -> SecurityTemplate:
    """What `secedit /export` prints after the layers apply."""
    merged = merge(layers)
    out = SecurityTemplate()
    for (section, key), sourced in merged.items():
        value = sourced.value
        if section == "System Access":
            out.system_access[key] = value  # type: ignore[assignment]
        elif section == "Event Audit":
            out.event_audit[key] = value  # type: ignore[assignment]
        elif section == "Privilege Rights":
            out.privilege_rights[key] = value  # type: ignore[assignment]
        else:
            out.registry_values[key] = value  # type: ignore[assignment]
    return out
