"""The baseline snapshot of the container's security state, and the check of a repair against
it ("verify the repair against the snapshot": what differs, named).

A snapshot reads, with the tools an administrator would use (argv in `COMMANDS`):

- ``secedit /export /cfg FILE``: the security policy; the file is UTF-16LE with a BOM
  (learn.microsoft.com, "secedit /export"), read back through `powershell.read_file`;
- ``net user IUSR_AUTHLAB``: the account's state;
- ``net accounts``: the password and lockout policy;
- ``appcmd list config -section:...anonymousAuthentication``: IIS's anonymous settings. appcmd
  prints the password in clear (tests/fixtures/real/container/appcmd-anonymous-custom.txt
  shows the shape): it is kept only as whether it is the harness's, never as text;
- ``icacls C:\\inetpub\\wwwroot``: the content's ACL;
- ``net localgroup Guests``: who is a guest (two faults go through Guests);
- ``auditpol /get /subcategory:{Logon} /r``: whether failed logons are audited.

Each is parsed with the diagnosis's own reader (`checks.readers`); only ``net accounts`` has
none there, so its "label: value" lines are read here. `Snapshot.facts` names every value a
repair must put back; `compare` lists what differs. Left out on purpose: the dates net user
prints for the password and the last logon (a repair that resets the password moves them), and
the password's value itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Final

import attrs

from checks.readers.auditpol import AuditSetting, parse_auditpol_csv
from checks.readers.icacls import IcaclsTarget, parse_icacls
from checks.readers.net_localgroup import NetLocalGroupDocument, parse_net_localgroup
from checks.readers.net_user import NetUserDocument, parse_net_user
from checks.readers.secedit import SeceditDocument, parse_secedit
from checks.readers.text import decode
from checks.readers.xmlsafe import parse_bytes
from winfacts.secret import Secret

from . import faults as F
from .faults import Command, Context, Lockout, run
from .powershell import read_file
from .transport import ExecTransport, TransportError

SNAPSHOT_INF: Final = F.WORK + r"\snapshot.inf"

EXPORT: Final = run(F.SECEDIT, "/export", "/cfg", SNAPSHOT_INF, "/quiet", timeout=F.SLOW)
NET_USER: Final = run(F.NET, "user", F.ACCOUNT)
NET_ACCOUNTS: Final = run(F.NET, "accounts")
ANONYMOUS: Final = run(F.APPCMD, "list", "config", f"-section:{F.SECTION}")
ACL: Final = run(F.ICACLS, F.SITE_ROOT)
GUESTS: Final = run(F.NET, "localgroup", "Guests")
AUDIT: Final = run(F.AUDITPOL, "/get", f"/subcategory:{F.LOGON_SUBCATEGORY}", "/r")
#: In the order `take` runs them (the export's file is read between the first and the second).
COMMANDS: Final = (EXPORT, NET_USER, NET_ACCOUNTS, ANONYMOUS, ACL, GUESTS, AUDIT)

#: anonymousAuthentication's schema defaults (IIS_schema.xml), for attributes appcmd leaves out.
ANONYMOUS_DEFAULTS: Final = {"enabled": "false", "userName": "IUSR", "logonMethod": "ClearText"}
#: Who holds a right nobody is given: the export leaves it out, a template may write it empty.
NOBODY: Final = "(nobody)"


class SnapshotError(RuntimeError):
    """A command of the snapshot failed, or printed what its reader can not read."""


@attrs.frozen
class Difference:
    name: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.name}: {self.before} at the baseline, {self.after} now"


@attrs.frozen
class Snapshot:
    secedit: SeceditDocument
    net_user: NetUserDocument
    net_accounts: Mapping[str, str]
    #: anonymousAuthentication's attributes, the password as "the harness's", "another" or
    #: "none": never its text.
    anonymous: Mapping[str, str]
    acl: IcaclsTarget | None
    guests: NetLocalGroupDocument
    logon_audit: AuditSetting | None

    def facts(self) -> dict[str, str]:
        """Every value a repair must restore, by a name an administrator recognises."""
        found: dict[str, str] = {}
        user = self.net_user
        found["net user: exists"] = _yes(user.exists)
        found["net user: Account active"] = str(user.account_active)
        found["net user: Account expires"] = _when(user.account_expires)
        found["net user: Password expires"] = "Never" if user.password_expires is None else "set"
        found["net user: Password required"] = _yes(user.password_required)
        found["net user: User may change password"] = _yes(user.user_may_change_password)
        found["net user: Workstations allowed"] = ",".join(user.workstations or ()) or "All"
        hours = user.logon_hours
        found["net user: Logon hours allowed"] = (
            "?" if hours is None else "All" if hours.all else repr(hours.ranges)
        )
        found["net user: groups"] = ",".join(sorted(g.name for g in user.groups())) or "none"
        for label, value in self.net_accounts.items():
            found[f"net accounts: {label}"] = value
        for key, number in sorted(self.secedit.template.system_access.items()):
            found[f"secedit [System Access]: {key}"] = str(number)
        for key, number in sorted(self.secedit.template.event_audit.items()):
            found[f"secedit [Event Audit]: {key}"] = str(number)
        for right, principals in sorted(self.secedit.template.privilege_rights.items()):
            found[f"secedit [Privilege Rights]: {right}"] = _principals(principals)
        for attribute in ("enabled", "userName", "password", "logonMethod"):
            found[f"anonymousAuthentication: {attribute}"] = self.anonymous.get(attribute, "?")
        found[f"icacls {F.SITE_ROOT}"] = (
            "?" if self.acl is None else "; ".join(ace.text for ace in self.acl.aces)
        )
        members = sorted(m.name.lower() for m in self.guests.members)
        found["net localgroup Guests"] = ",".join(members) or "none"
        audit = self.logon_audit
        found["auditpol: Logon"] = "?" if audit is None else audit.inclusion
        return found

    def context(
        self,
        password: Secret,
        other_password: Secret,
        today: date,
        capabilities: Mapping[str, bool | None] | None = None,
    ) -> Context:
        """The faults' `Context` on this baseline."""
        return Context(
            password,
            other_password,
            today,
            rights=dict(self.secedit.template.privilege_rights),
            lockout=self.lockout,
            audit_logon=self.audit_logon,
            capabilities=dict(capabilities or {}),
        )

    @property
    def lockout(self) -> Lockout:
        def number(label: str, default: int) -> int:
            value = self.net_accounts.get(label, "")
            if value.lower() == "never":
                return 0
            return int(value) if value.isdigit() else default

        return Lockout(
            number("Lockout threshold", 0),
            number("Lockout duration (minutes)", 30),
            number("Lockout observation window (minutes)", 30),
        )

    @property
    def audit_logon(self) -> tuple[bool, bool]:
        audit = self.logon_audit
        if audit is None or audit.success is None or audit.failure is None:
            return (True, True)  # Windows Server's default for Logon
        return (audit.success, audit.failure)


def compare(before: Snapshot, after: Snapshot) -> list[Difference]:
    """What differs between the baseline and now, named; [] when the repair restored it all."""
    old, new = before.facts(), after.facts()
    names = list(dict.fromkeys([*old, *new]))  # the baseline's order, then what is new

    def value(facts: Mapping[str, str], name: str) -> str:
        return facts.get(name, NOBODY if _is_right(name) else "(absent)")

    return [
        Difference(name, value(old, name), value(new, name))
        for name in names
        if value(old, name) != value(new, name)
    ]


def take(transport: ExecTransport, password: Secret) -> Snapshot:
    """Run the snapshot's commands and read their outputs; `SnapshotError` when one fails."""
    _output(transport, EXPORT)
    try:
        inf = read_file(transport, SNAPSHOT_INF, encoding="utf-16-le", timeout=F.TIMEOUT)
    except TransportError as exc:
        raise SnapshotError(f"the secedit export could not be read back: {exc}") from exc
    return read(
        inf,
        _output(transport, NET_USER, ok=(0, 2)),
        _output(transport, NET_ACCOUNTS),
        _output(transport, ANONYMOUS),
        _output(transport, ACL),
        _output(transport, GUESTS),
        _output(transport, AUDIT),
        password,
    )


def read(
    secedit: str,
    net_user: str,
    net_accounts: str,
    anonymous: str,
    acl: str,
    guests: str,
    audit: str,
    password: Secret,
) -> Snapshot:
    """A snapshot from the commands' outputs (text, as decoded)."""
    try:
        user = parse_net_user(net_user, f"net-user-{F.ACCOUNT}.txt")
        target = parse_icacls(acl, "icacls.txt", [F.SITE_ROOT]).target(F.SITE_ROOT)
        audited = parse_auditpol_csv(audit, "auditpol.csv").logon
        return Snapshot(
            secedit=parse_secedit(secedit.lstrip("\ufeff"), "snapshot.inf"),
            net_user=user,
            net_accounts=parse_net_accounts(net_accounts),
            anonymous=parse_anonymous(anonymous, password),
            acl=target,
            guests=parse_net_localgroup(guests, "net-localgroup-Guests.txt"),
            logon_audit=audited,
        )
    except ValueError as exc:  # BundleError: the reader names the file and the line
        raise SnapshotError(str(exc)) from exc


_ACCOUNTS_LINE: Final = re.compile(r"^(?P<label>[^:]+?)\??:\s{2,}(?P<value>\S.*?)\s*$")


def parse_net_accounts(text: str) -> dict[str, str]:
    """``net accounts``' "label: value" lines (the label padded to column 54), as label ->
    value; the closing "The command completed successfully." is not one."""
    found: dict[str, str] = {}
    for line in re.split(r"\r\n|\r|\n", text):
        match = _ACCOUNTS_LINE.match(line)
        if match:
            found[match.group("label").strip()] = match.group("value")
    if not found:
        raise SnapshotError(f"net accounts printed no policy: {text.strip()[:200]!r}")
    return found


def parse_anonymous(text: str, password: Secret) -> dict[str, str]:
    """``appcmd list config`` of anonymousAuthentication: its attributes, the schema's defaults
    for those left out, the password only as whether it is ``password``."""
    root = parse_bytes(text.encode("utf-8"), Path("appcmd-anonymous.txt"))
    found = [e for e in root.iter() if isinstance(e.tag, str) and e.tag.endswith("Authentication")]
    element = next((e for e in found if e.tag == "anonymousAuthentication"), None)
    if element is None:
        raise SnapshotError("appcmd printed no anonymousAuthentication element")
    values = dict(ANONYMOUS_DEFAULTS)
    values.update({str(k): str(v) for k, v in element.attrib.items() if k != "password"})
    typed = element.attrib.get("password")
    if not typed:
        values["password"] = "none"
    else:
        values["password"] = "the harness's" if Secret(str(typed)).matches(password) else "another"
    return values


def _output(transport: ExecTransport, command: Command, ok: tuple[int, ...] = (0,)) -> str:
    try:
        result = transport.exec(list(command.argv), timeout=command.timeout)
    except TransportError as exc:
        raise SnapshotError(f"{' '.join(command.shown)}: {exc}") from exc
    text = decode(result.output, Path(command.program))
    if result.exit_code not in ok:
        raise SnapshotError(
            f"{' '.join(command.shown)} exited {result.exit_code}: {text.strip()[:300]}"
        )
    return text


def _principals(principals: tuple[str, ...]) -> str:
    return ",".join(sorted(p.lower() for p in principals)) or NOBODY


def _is_right(name: str) -> bool:
    return name.startswith("secedit [Privilege Rights]")


def _yes(value: bool | None) -> str:
    return "?" if value is None else "Yes" if value else "No"


def _when(value: object) -> str:
    return "Never" if value is None else str(value)
