"""An `ldifde -f ad.ldif` export of the anonymous account(s), their groups and the domain object.

What is written, per record (facts: reference windows-logon.md 5, real exports in public
write-ups; see `checks.readers.ldif`):

- Users (``CN=NAME,CN=Users,DC=...``): objectClass top/person/organizationalPerson/user,
  userAccountControl (NORMAL_ACCOUNT 0x200, ACCOUNTDISABLE 0x2, PASSWD_NOTREQD 0x20,
  DONT_EXPIRE_PASSWORD 0x10000, SMARTCARD_REQUIRED 0x40000), accountExpires
  (9223372036854775807 for never), pwdLastSet (0 = must change), lockoutTime when set,
  badPwdCount, badPasswordTime, lastLogon, userWorkstations, logonHours, primaryGroupID, memberOf
  (direct groups, without the primary group, as AD leaves it out), objectSid, sAMAccountName.
- Every domain group the accounts are in, transitively, with member and memberOf, groupType and
  sAMAccountType. Members outside the domain are named as foreign security principals.
- The domain object with lockoutThreshold, lockoutDuration, lockOutObservationWindow, maxPwdAge,
  minPwdAge (negative 100-ns counts; -9223372036854775808 for forever / never), minPwdLength,
  pwdHistoryLength.

Binary values (objectSid, logonHours) and any value that is not plain ASCII are base64 (``::``).
Passwords are never written: AD does not export them and neither does this.

Chosen without a source: ldifde's layout is taken as a blank first line, ``changetype: add`` after
each dn (ldifde's default for an export, per public ldifde notes), CRLF line ends, and lines
folded at 78 columns as ldapsearch folds them (ldifde's own width is unconfirmed); records come
domain first, then the accounts, then the groups by name. msDS-User-Account-Control-Computed is
added, computed at ``now`` (LOCKOUT 0x10 while locked out; PASSWORD_EXPIRED 0x800000 when the
password has expired or must be changed), as `ldifde -l` returns it when asked for by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from winfacts.errors import ModelError
from winfacts.filetime import NEVER, timedelta_to_interval, to_ticks
from winfacts.ldif import attribute_line
from winfacts.sid import Sid

from .. import account_policy as rules
from ..accounts import Account, Group, GroupScope
from ..directory import Domain

FOLD_AT = 78
CRLF = "\r\n"

UF_ACCOUNTDISABLE = 0x2
UF_LOCKOUT = 0x10
UF_PASSWD_NOTREQD = 0x20
UF_NORMAL_ACCOUNT = 0x200
UF_DONT_EXPIRE_PASSWD = 0x10000
UF_SMARTCARD_REQUIRED = 0x40000
UF_PASSWORD_EXPIRED = 0x800000

#: groupType: security group flag 0x80000000 plus the scope bit (MS-ADTS 2.2.12).
GROUP_TYPE = {
    GroupScope.GLOBAL: -0x80000000 + 0x2,
    GroupScope.LOCAL: -0x80000000 + 0x1 + 0x4,
    GroupScope.DOMAIN_LOCAL: -0x80000000 + 0x4,
    GroupScope.UNIVERSAL: -0x80000000 + 0x8,
}
#: sAMAccountType (MS-SAMR 2.2.1.9): user, security group, security alias.
SAM_USER_OBJECT = 0x30000000
SAM_GROUP_OBJECT = 0x10000000
SAM_ALIAS_OBJECT = 0x20000000


def base_dn(domain: Domain) -> str:
    return ",".join(f"DC={escape_dn_value(label)}" for label in domain.dns_name.split("."))


def escape_dn_value(value: str) -> str:
    """RFC 4514 escaping of an attribute value inside a DN."""
    out = []
    for index, char in enumerate(value):
        if char in ',+"\\<>;=' or (char == "#" and index == 0):
            out.append("\\" + char)
        elif char == " " and index in (0, len(value) - 1):
            out.append("\\ ")
        else:
            out.append(char)
    return "".join(out)


def dn_of(domain: Domain, sid: Sid) -> str:
    found = domain.by_sid(sid)
    if found is not None:
        return f"CN={escape_dn_value(found.name)},CN=Users,{base_dn(domain)}"
    return f"CN={sid},CN=ForeignSecurityPrincipals,{base_dn(domain)}"


def _fold(line: str, width: int = FOLD_AT) -> list[str]:
    if len(line) <= width:
        return [line]
    out = [line[:width]]
    rest = line[width:]
    while rest:
        out.append(" " + rest[: width - 1])
        rest = rest[width - 1 :]
    return out


def attribute_lines(name: str, value: str | bytes, width: int = FOLD_AT) -> list[str]:
    data = value if isinstance(value, bytes) else value.encode("utf-8")
    return _fold(attribute_line(name, data), width)


Attributes = list[tuple[str, str | bytes]]
Record = tuple[str, Attributes]


def _record(dn: str, attributes: Iterable[tuple[str, str | bytes]]) -> str:
    lines = [*attribute_lines("dn", dn), "changetype: add"]
    for name, value in attributes:
        lines += attribute_lines(name, value)
    return CRLF.join(lines) + CRLF


def _ticks(moment: datetime | None, empty: int = 0) -> str:
    return str(empty if moment is None else to_ticks(moment))


def user_account_control(account: Account) -> int:
    value = UF_NORMAL_ACCOUNT
    if not account.enabled:
        value |= UF_ACCOUNTDISABLE
    if not account.password_required:
        value |= UF_PASSWD_NOTREQD
    if account.password_never_expires:
        value |= UF_DONT_EXPIRE_PASSWD
    if account.smartcard_required:
        value |= UF_SMARTCARD_REQUIRED
    return value


def computed_account_control(account: Account, domain: Domain, now: datetime) -> int:
    value = 0
    if rules.is_locked(account, domain.policy, now):
        value |= UF_LOCKOUT
    if rules.password_state(account, domain.policy, now) is not rules.PasswordState.OK:
        value |= UF_PASSWORD_EXPIRED
    return value


def _direct_groups(domain: Domain, sid: Sid, exclude: Sid | None = None) -> list[Group]:
    found = [domain.by_sid(g) for g in domain.groups_containing(sid) if g != exclude]
    return sorted((g for g in found if isinstance(g, Group)), key=lambda g: g.name.lower())


def _user_record(
    domain: Domain, account: Account, now: datetime, builtin: Iterable[str] = ()
) -> Record:
    attributes: list[tuple[str, str | bytes]] = [
        ("objectClass", "top"),
        ("objectClass", "person"),
        ("objectClass", "organizationalPerson"),
        ("objectClass", "user"),
        ("cn", account.name),
    ]
    if account.description:
        attributes.append(("description", account.description))
    attributes.append(("distinguishedName", dn_of(domain, account.sid)))
    if account.full_name:
        attributes.append(("displayName", account.full_name))
    member_of = [
        dn_of(domain, g.sid) for g in _direct_groups(domain, account.sid, account.primary_group)
    ]
    member_of += [f"CN={escape_dn_value(name)},CN=Builtin,{base_dn(domain)}" for name in builtin]
    attributes += [("memberOf", dn) for dn in member_of]
    attributes += [
        ("name", account.name),
        ("userAccountControl", str(user_account_control(account))),
        ("badPwdCount", str(account.bad_pwd_count)),
        ("badPasswordTime", _ticks(account.bad_pwd_time)),
        ("lastLogon", _ticks(account.last_logon)),
    ]
    if account.logon_hours is not None:
        attributes.append(("logonHours", account.logon_hours.bits))
    attributes.append(("pwdLastSet", _ticks(account.password_last_set)))
    if account.primary_group is not None:
        attributes.append(("primaryGroupID", str(account.primary_group.rid)))
    attributes += [
        ("objectSid", account.sid.to_bytes()),
        ("accountExpires", _ticks(account.expires, NEVER)),
        ("sAMAccountName", account.name),
        ("sAMAccountType", str(SAM_USER_OBJECT)),
    ]
    if account.workstations:
        attributes.append(("userWorkstations", ",".join(account.workstations)))
    if account.lockout_time is not None:
        attributes.append(("lockoutTime", _ticks(account.lockout_time)))
    attributes.append(
        ("msDS-User-Account-Control-Computed", str(computed_account_control(account, domain, now)))
    )
    return dn_of(domain, account.sid), attributes


def _group_record(domain: Domain, group: Group) -> Record:
    attributes: list[tuple[str, str | bytes]] = [
        ("objectClass", "top"),
        ("objectClass", "group"),
        ("cn", group.name),
    ]
    if group.description:
        attributes.append(("description", group.description))
    members = sorted((dn_of(domain, sid) for sid in group.members), key=str.lower)
    attributes += [("member", dn) for dn in members]
    attributes.append(("distinguishedName", dn_of(domain, group.sid)))
    attributes += [("memberOf", dn_of(domain, g.sid)) for g in _direct_groups(domain, group.sid)]
    sam_type = SAM_GROUP_OBJECT
    if group.scope in (GroupScope.DOMAIN_LOCAL, GroupScope.LOCAL):
        sam_type = SAM_ALIAS_OBJECT
    attributes += [
        ("name", group.name),
        ("objectSid", group.sid.to_bytes()),
        ("sAMAccountName", group.name),
        ("sAMAccountType", str(sam_type)),
        ("groupType", str(GROUP_TYPE[group.scope])),
    ]
    return dn_of(domain, group.sid), attributes


def _domain_record(domain: Domain) -> Record:
    policy = domain.policy
    dn = base_dn(domain)
    attributes: list[tuple[str, str | bytes]] = [
        ("objectClass", "top"),
        ("objectClass", "domain"),
        ("objectClass", "domainDNS"),
        ("distinguishedName", dn),
        ("dc", domain.dns_name.split(".")[0]),
        ("name", domain.dns_name.split(".")[0]),
        ("objectSid", domain.authority_sid.to_bytes()),
        ("lockoutDuration", str(timedelta_to_interval(policy.lockout_duration))),
        ("lockOutObservationWindow", str(timedelta_to_interval(policy.lockout_window))),
        ("lockoutThreshold", str(policy.lockout_threshold)),
        ("maxPwdAge", str(timedelta_to_interval(policy.max_password_age))),
        ("minPwdAge", str(-int(policy.min_password_age.total_seconds() * 10_000_000))),
        ("minPwdLength", str(policy.min_password_length)),
        ("pwdHistoryLength", str(policy.password_history)),
    ]
    return dn, attributes


def groups_for(domain: Domain, accounts: Iterable[Account]) -> list[Group]:
    """Every domain group the accounts are in, directly, by primary group, or by nesting."""
    start: set[Sid] = set()
    for account in accounts:
        start |= domain.token_groups(account)
    found = [domain.by_sid(sid) for sid in start]
    return sorted((g for g in found if isinstance(g, Group)), key=lambda g: g.name.lower())


def ldif_text(
    domain: Domain,
    accounts: list[Account],
    now: datetime,
    *,
    style: str = "ldifde",
    groups: bool = True,
    builtin: Mapping[Sid, Sequence[str]] | None = None,
) -> str:
    """The export in ``style``: ``ldifde`` (a blank first line, ``changetype: add``, CRLF,
    78-column folds), ``ldifde-comments`` (the same after ldifde's two ``#`` lines, the server's
    NTDS Settings DN and the control OID, as ``-x`` exports show them, folded at 76) or
    ``ldapsearch`` (OpenLDAP's ``# extended LDIF`` comments, a ``# name, parent`` line before
    each entry, no changetype, LF, 76-column folds, the three ``ref:`` search references a domain
    controller returns for a subtree search of the domain, and the ``# search result`` trailer).
    ``groups`` False leaves the group records out, as an export filtered to the accounts and
    the domain object: memberOf then names groups the file does not hold. ``builtin`` names,
    per account, the BUILTIN aliases of a domain controller it is in (CN=...,CN=Builtin, as real
    exports list them in memberOf); their records are not written."""
    if style not in STYLES:
        raise ModelError(f"an LDIF style is one of {', '.join(STYLES)}, not {style!r}")
    for account in accounts:
        if domain.by_sid(account.sid) is not account:
            raise ModelError(
                f"{account.qualified} is not an account of {domain.dns_name}",
                subject=account.name,
            )
    records = [_domain_record(domain)]
    records += [
        _user_record(domain, account, now, (builtin or {}).get(account.sid, ()))
        for account in accounts
    ]
    if groups:
        records += [_group_record(domain, group) for group in groups_for(domain, accounts)]
    if style == "ldapsearch":
        return _ldapsearch(domain, records)
    texts = [_record(dn, attributes) for dn, attributes in records]
    if style == "ldifde":
        return CRLF + CRLF.join(texts)
    width = 76
    texts = []
    for dn, attributes in records:
        lines = [f"dn: {dn}", "changetype: add"]  # ldifde never folds the dn line
        for name, value in attributes:
            lines += attribute_lines(name, value, width)
        texts.append(CRLF.join(lines) + CRLF)
    site = f"CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,{base_dn(domain)}"
    header = [f"#CN=NTDS Settings,CN=DC01,{site}", "#1.2.840.113556.1.4.417"]
    return CRLF.join(header) + CRLF + CRLF.join(texts)


STYLES = ("ldifde", "ldifde-comments", "ldapsearch")


def _ldapsearch(domain: Domain, records: list[Record]) -> str:
    base = base_dn(domain)
    dns = domain.dns_name
    lines = [
        "# extended LDIF",
        "#",
        "# LDAPv3",
        f"# base <{base}> with scope subtree",
        "# filter: (objectclass=*)",
        "# requesting: ALL",
        "#",
        "",
    ]
    for dn, attributes in records:
        parts = [p.split("=", 1)[-1] for p in dn.split(",") if not p.upper().startswith("DC=")]
        lines.append("# " + ", ".join([*parts, dns]))
        lines += attribute_lines("dn", dn, 76)
        for name, value in attributes:
            lines += attribute_lines(name, value, 76)
        lines.append("")
    refs = [
        f"ldap://ForestDnsZones.{dns}/DC=ForestDnsZones,{base}",
        f"ldap://DomainDnsZones.{dns}/DC=DomainDnsZones,{base}",
        f"ldap://{dns}/CN=Configuration,{base}",
    ]
    for ref in refs:
        lines += ["# search reference", *attribute_lines("ref", ref, 76), ""]
    responses = len(records) + len(refs) + 1
    lines += [
        "# search result",
        "search: 2",
        "result: 0 Success",
        "",
        f"# numResponses: {responses}",
        f"# numEntries: {len(records)}",
        f"# numReferences: {len(refs)}",
    ]
    return "\n".join(lines) + "\n"


def write_ldif(
    domain: Domain,
    accounts: list[Account],
    now: datetime,
    *,
    style: str = "ldifde",
    groups: bool = True,
    builtin: Mapping[Sid, Sequence[str]] | None = None,
) -> bytes:
    """The export's bytes (ASCII: anything else is base64); see ``ldif_text`` for the styles."""
    text = ldif_text(domain, accounts, now, style=style, groups=groups, builtin=builtin)
    return text.encode("ascii")
