"""`auditpol /backup /file:auditpol.csv` as a Windows Server 2008+ host writes it: the header,
then one row per subcategory of the Logon/Logoff category the host holds, then its options.

The shape follows real backups: the machine name, "System" as the policy target, the
subcategory's English name and GUID, the inclusion setting spelled out ("Success and
Failure"), an empty exclusion setting and the Setting Value 0-3 (1 success, 2 failure).
"""

from __future__ import annotations

from typing import Final

from winfacts import assumptions as A

from ..host import Host

HEADER: Final = (
    "Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,"
    "Exclusion Setting,Setting Value"
)
GUIDS: Final = {
    "Logon": "{0CCE9215-69AE-11D9-BED3-505054503030}",
    "Logoff": "{0CCE9216-69AE-11D9-BED3-505054503030}",
    "Account Lockout": "{0CCE9217-69AE-11D9-BED3-505054503030}",
    "Credential Validation": "{0CCE923F-69AE-11D9-BED3-505054503030}",
}
_SETTING: Final = {0: "No Auditing", 1: "Success", 2: "Failure", 3: "Success and Failure"}


def write_auditpol_csv(host: Host) -> bytes:
    logon = host.lsa.audit_logon()
    values = dict(A.ADVANCED_AUDIT_DEFAULTS.value)
    values["Logon"] = int(logon.success) | (2 * int(logon.failure))
    rows = [HEADER]
    for name in ("Logon", "Logoff", "Account Lockout", "Credential Validation"):
        value = values[name]
        rows.append(f"{host.computer_name},System,{name},{GUIDS[name]},{_SETTING[value]},,{value}")
    crash = host.crash_on_audit_fail
    rows.append(
        f"{host.computer_name},,Option:CrashOnAuditFail,,{'Enabled' if crash else 'Disabled'},,"
        f"{1 if crash else 0}"
    )
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")
