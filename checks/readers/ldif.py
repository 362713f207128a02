"""LDIF exports of Active Directory (`ldifde -f ad.ldf`, `ldapsearch -LLL`, Samba's ldbsearch):
the anonymous account, its groups and the domain object with its lockout and password policy.

The format (RFC 2849, and real exports in public write-ups): records separated by blank lines,
each starting ``dn:``; ``attr: value`` or ``attr:: base64`` (binary values such as objectSid and
logonHours, or text that is not plain ASCII); a line starting with one space continues the line
before it (ldapsearch folds at 78 columns); ``#`` comment lines; an optional ``version: 1``;
ldifde adds ``changetype: add`` to every record; plain ldapsearch ends with ``search:`` /
``result:`` lines, ``ref:`` referral records ("# search reference") and ``# numEntries``
comments, which are skipped; ldifde starts with ``#`` lines naming the controls it used and
folds a long value onto the next line after an empty ``attr:`` (tests/fixtures/real/ldif). An
objectSid written as an ``S-1-5-...`` string (Samba's ldb tools use that form) is read too.
``attr:< URL`` values are refused, never fetched.

An export holds only what its filter matched, so a user's memberOf may name groups that have no
record (the builtin CN=Guests,CN=Builtin of every domain, in public ldapsearch transcripts).
Builtin groups are known by their well-known SID all the same, as is a primary group with a
well-known RID (514 Domain Guests); ``groups_of`` includes them, marked ``exported=False``,
and ``membership_partial`` says that groups above an unexported one can not be known.

The `ldif` package on PyPI was not used: it gives no line numbers, guesses text versus binary by
trying UTF-8 on every value, and validates DNs with a backtracking regular expression; this
reader keeps each value's line for evidence and decides binary-ness per attribute.

Attribute semantics (reference windows-logon.md 5, [MS-ADTS]): userAccountControl bits
(ACCOUNTDISABLE 0x2, PASSWD_NOTREQD 0x20, DONT_EXPIRE_PASSWORD 0x10000, SMARTCARD_REQUIRED
0x40000); accountExpires, pwdLastSet, lockoutTime, badPasswordTime, lastLogon are FILETIMEs (0
and 0x7FFFFFFFFFFFFFFF mean never; pwdLastSet 0 means must change); lockoutDuration,
lockOutObservationWindow, maxPwdAge and minPwdAge are negative 100-ns intervals, with
-9223372036854775808 (and 0) meaning forever / never; logonHours is 21 bytes of UTC hours.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import attrs

from winfacts.errors import ModelError
from winfacts.filetime import NEVER, from_ticks, interval_to_timedelta
from winfacts.logon_hours import LogonHours
from winfacts.sid import Sid
from winfacts.wellknown import (
    NAMES,
    RID_DOMAIN_ADMINS,
    RID_DOMAIN_COMPUTERS,
    RID_DOMAIN_CONTROLLERS,
    RID_DOMAIN_GUESTS,
    RID_DOMAIN_USERS,
    lookup_name,
)

from ..errors import BundleError, quote, quote_name, scrub
from .text import decode, read_bytes

MAX_LDIF_BYTES = 64 * 1024 * 1024

UF_ACCOUNTDISABLE = 0x2
UF_LOCKOUT = 0x10
UF_PASSWD_NOTREQD = 0x20
UF_NORMAL_ACCOUNT = 0x200
UF_DONT_EXPIRE_PASSWD = 0x10000
UF_SMARTCARD_REQUIRED = 0x40000
UF_PASSWORD_EXPIRED = 0x800000
#: The most negative 64-bit number: "forever" for lockoutDuration, "never" for maxPwdAge.
FOREVER = -(2**63)

_ATTR = re.compile(r"[A-Za-z0-9][A-Za-z0-9.;=_-]*")
_INT = re.compile(r"[+-]?[0-9]{1,20}")
_B64 = re.compile(r"[A-Za-z0-9+/=\s]*")
#: Records without a dn that plain ldapsearch prints after the entries.
_TRAILER_ATTRS = frozenset({"search", "result", "ref", "text", "matcheddn", "control"})


@attrs.frozen
class LdifValue:
    raw: bytes
    text: str | None  # None for a base64 value that is not UTF-8 text
    line: int
    base64: bool = False


@attrs.frozen
class LdifEntry:
    dn: str
    line: int
    attributes: dict[str, tuple[LdifValue, ...]]  # keyed by lower-case name, options removed

    def values(self, name: str) -> tuple[LdifValue, ...]:
        return self.attributes.get(name.lower(), ())

    def first(self, name: str) -> LdifValue | None:
        found = self.values(name)
        return found[0] if found else None

    def text(self, name: str) -> str | None:
        value = self.first(name)
        return None if value is None else value.text

    def texts(self, name: str) -> tuple[str, ...]:
        return tuple(v.text for v in self.values(name) if v.text is not None)

    def line_of(self, name: str) -> int | None:
        value = self.first(name)
        return None if value is None else value.line

    @property
    def object_classes(self) -> frozenset[str]:
        return frozenset(t.lower() for t in self.texts("objectClass"))

    @property
    def rdn_value(self) -> str:
        first = split_dn(self.dn)[0] if self.dn else ""
        return unescape_dn_value(first.partition("=")[2].strip())


@attrs.frozen
class AdUser:
    entry: LdifEntry
    sam_account_name: str
    sid: Sid | None
    user_account_control: int | None
    account_expires: datetime | None  # None: never (or absent: see entry.first)
    pwd_last_set_raw: int | None
    pwd_last_set: datetime | None
    lockout_time: datetime | None
    bad_pwd_count: int | None
    bad_password_time: datetime | None
    last_logon: datetime | None
    workstations: tuple[str, ...]
    logon_hours_raw: bytes | None
    member_of: tuple[str, ...]
    primary_group_id: int | None
    computed_uac: int | None  # msDS-User-Account-Control-Computed, when it was asked for

    @property
    def dn(self) -> str:
        return self.entry.dn

    @property
    def logon_hours(self) -> LogonHours | None:
        """AD semantics: a missing value or one of the wrong length restricts nothing."""
        return LogonHours.from_attribute(self.logon_hours_raw)

    def _flag(self, bit: int) -> bool | None:
        uac = self.user_account_control
        return None if uac is None else bool(uac & bit)

    @property
    def enabled(self) -> bool | None:
        disabled = self._flag(UF_ACCOUNTDISABLE)
        return None if disabled is None else not disabled

    @property
    def password_never_expires(self) -> bool | None:
        return self._flag(UF_DONT_EXPIRE_PASSWD)

    @property
    def password_not_required(self) -> bool | None:
        return self._flag(UF_PASSWD_NOTREQD)

    @property
    def smartcard_required(self) -> bool | None:
        return self._flag(UF_SMARTCARD_REQUIRED)

    @property
    def must_change_password(self) -> bool | None:
        return None if self.pwd_last_set_raw is None else self.pwd_last_set_raw == 0


@attrs.frozen
class AdGroup:
    entry: LdifEntry
    name: str
    sid: Sid | None
    members: tuple[str, ...]
    member_of: tuple[str, ...]
    group_type: int | None
    #: False for a group known only by its well-known SID: named in memberOf or by the
    #: primary group ID, with no record in the export (its own groups are then unknown).
    exported: bool = True

    @property
    def dn(self) -> str:
        return self.entry.dn


@attrs.frozen
class AdDomain:
    """The domain object; durations as AD stores them (negative 100-ns counts), None if absent."""

    entry: LdifEntry
    sid: Sid | None
    lockout_threshold: int | None
    lockout_duration_raw: int | None
    lockout_window_raw: int | None
    max_pwd_age_raw: int | None
    min_pwd_age_raw: int | None
    min_pwd_length: int | None
    pwd_history_length: int | None

    @property
    def dn(self) -> str:
        return self.entry.dn

    @property
    def dns_name(self) -> str:
        parts = [p.partition("=") for p in split_dn(self.dn)]
        return ".".join(
            unescape_dn_value(v.strip()) for k, _, v in parts if k.strip().lower() == "dc"
        )

    @property
    def lockout_forever(self) -> bool:
        """Locked accounts stay locked until an administrator unlocks them."""
        return self.lockout_duration_raw is not None and self.lockout_duration_raw in (0, FOREVER)

    @property
    def lockout_duration(self) -> timedelta | None:
        raw = self.lockout_duration_raw
        return None if raw is None else interval_to_timedelta(raw)

    @property
    def lockout_window(self) -> timedelta | None:
        raw = self.lockout_window_raw
        return None if raw is None else interval_to_timedelta(raw)

    @property
    def max_password_age(self) -> timedelta | None:
        """None for "never expires" (and when absent; see ``max_pwd_age_raw``)."""
        raw = self.max_pwd_age_raw
        return None if raw is None else interval_to_timedelta(raw)

    def impossible(self) -> str | None:
        """Why this lockout policy can not exist (Windows refuses it in the policy editor), or
        None. A file holding one was edited by hand or cut, so it is not read as evidence."""
        threshold = self.lockout_threshold
        if threshold is not None and not 0 <= threshold <= 999:
            return "the lockout threshold must be between 0 and 999"
        window = self.lockout_window
        duration = None if self.lockout_forever else self.lockout_duration
        if window is not None and duration is not None and window > duration:
            return "the lockout observation window can not exceed the lockout duration"
        return None


def _group_index(groups: tuple[AdGroup, ...]) -> dict[str, AdGroup]:
    index: dict[str, AdGroup] = {}
    for group in groups:
        index.setdefault(normalize_dn(group.dn), group)
    return index


def _container_index(groups: tuple[AdGroup, ...]) -> dict[str, tuple[AdGroup, ...]]:
    index: dict[str, list[AdGroup]] = {}
    for group in groups:
        for member in group.members:
            index.setdefault(normalize_dn(member), []).append(group)
    return {dn: tuple(found) for dn, found in index.items()}


@attrs.frozen
class LdifDocument:
    path: str
    entries: tuple[LdifEntry, ...]
    users: tuple[AdUser, ...]
    groups: tuple[AdGroup, ...]
    domains: tuple[AdDomain, ...]
    # Lookup tables by normalized DN, so large groups do not make membership walks quadratic.
    _groups_by_dn: dict[str, AdGroup] = attrs.field(
        default=attrs.Factory(lambda self: _group_index(self.groups), takes_self=True),
        repr=False,
        eq=False,
        init=False,
    )
    _containers: dict[str, tuple[AdGroup, ...]] = attrs.field(
        default=attrs.Factory(lambda self: _container_index(self.groups), takes_self=True),
        repr=False,
        eq=False,
        init=False,
    )

    @property
    def domain(self) -> AdDomain | None:
        """The domain object (the one carrying policy attributes when there are several)."""
        for found in self.domains:
            if found.lockout_threshold is not None or found.max_pwd_age_raw is not None:
                return found
        return self.domains[0] if self.domains else None

    def entry(self, dn: str) -> LdifEntry | None:
        wanted = normalize_dn(dn)
        for entry in self.entries:
            if normalize_dn(entry.dn) == wanted:
                return entry
        return None

    def user(self, name: str) -> AdUser | None:
        """By sAMAccountName (``DOMAIN\\`` prefix ignored), case-insensitively; a name with an
        "@" is also matched against userPrincipalName, since a UPN's user part need not be the
        account's sAMAccountName."""
        short = name.rpartition("\\")[2].lower()
        for user in self.users:
            if user.sam_account_name.lower() == short:
                return user
        if "@" in short:
            for user in self.users:
                upn = user.entry.text("userPrincipalName")
                if upn is not None and upn.lower() == short:
                    return user
        return None

    def group(self, dn: str) -> AdGroup | None:
        return self._groups_by_dn.get(normalize_dn(dn))

    def group_by_sid(self, sid: Sid) -> AdGroup | None:
        for group in self.groups:
            if group.sid == sid:
                return group
        return None

    def primary_group(self, user: AdUser) -> AdGroup | None:
        if user.primary_group_id is None or user.sid is None or not user.sid.subauthorities:
            return None
        try:
            return self.group_by_sid(user.sid.domain.child(user.primary_group_id))
        except ModelError:
            return None

    def groups_of(self, user: AdUser) -> tuple[AdGroup, ...]:
        """Every group the user is in as far as the export shows: memberOf, the primary group,
        groups whose member lists the user, and the groups above those, transitively. A
        memberOf DN under CN=Builtin that names a builtin group, and a primary group with a
        well-known RID, count even without a record (``exported`` False): their SIDs are the
        same in every domain, so rights granted to them apply."""
        found: dict[str, AdGroup] = {}
        frontier: list[AdGroup] = []

        def add(group: AdGroup | None) -> None:
            if group is None:
                return
            # A group is one record or one SID: an unexported builtin group has no DN to
            # compare, and the same SID must not be counted twice under two names.
            keys = [normalize_dn(group.dn)] if group.dn else []
            if group.sid is not None:
                keys.append(f"sid:{group.sid}")
            if any(key in found for key in keys):
                return
            for key in keys:
                found[key] = group
            frontier.append(group)

        def walk_up(holder: LdifEntry, dn: str, member_of: tuple[str, ...]) -> None:
            for parent in member_of:
                add(self.group(parent) or _builtin_by_dn(holder, parent))
            for container in self._containers.get(normalize_dn(dn), ()):
                add(container)

        walk_up(user.entry, user.dn, user.member_of)
        add(self.primary_group(user) or _well_known_primary(user))
        while frontier:
            current = frontier.pop()
            walk_up(current.entry, current.dn, current.member_of)
        unique = {id(group): group for group in found.values()}
        return tuple(unique.values())

    def membership_partial(self, user: AdUser) -> bool:
        """Whether the export leaves some of the user's groups unknown: a memberOf DN or the
        primary group without a record, so the groups above it (and, for a non-builtin one,
        its SID) are not in the bundle. Evidence then says "as far as the bundle shows"."""
        if self.unexported_groups(user):
            return True
        return user.primary_group_id is not None and self.primary_group(user) is None

    def unexported_groups(self, user: AdUser) -> tuple[str, ...]:
        """memberOf DNs (of the user and its groups) that have no record in the file."""
        missing: list[str] = []
        holders = [user.member_of, *(g.member_of for g in self.groups_of(user))]
        for member_of in holders:
            for dn in member_of:
                if self.group(dn) is None and dn not in missing:
                    missing.append(dn)
        return tuple(missing)


#: Names of the domain groups whose RID is the same in every domain (primaryGroupID).
_DOMAIN_GROUP_NAMES = {
    RID_DOMAIN_ADMINS: "Domain Admins",
    RID_DOMAIN_USERS: "Domain Users",
    RID_DOMAIN_GUESTS: "Domain Guests",
    RID_DOMAIN_COMPUTERS: "Domain Computers",
    RID_DOMAIN_CONTROLLERS: "Domain Controllers",
}


def _builtin_by_dn(holder: LdifEntry, dn: str) -> AdGroup | None:
    """An unexported ``CN=<name>,CN=Builtin,DC=...`` group known by its well-known SID; the
    entry is the memberOf line that names it, so evidence can point there."""
    rdns = [rdn.partition("=") for rdn in split_dn(dn)]
    if len(rdns) < 3 or rdns[0][0].strip().lower() != "cn":
        return None
    if rdns[1][0].strip().lower() != "cn" or rdns[1][2].strip().lower() != "builtin":
        return None
    if not all(key.strip().lower() == "dc" for key, _, _ in rdns[2:]):
        return None
    name = unescape_dn_value(rdns[0][2].strip())
    sid = lookup_name(f"BUILTIN\\{name}")
    if sid is None or NAMES[sid][0] != "BUILTIN":
        return None
    wanted = normalize_dn(dn)
    lines = [v.line for v in holder.values("memberOf") if normalize_dn(v.text or "") == wanted]
    line = lines[0] if lines else holder.line
    entry = LdifEntry(dn, line, {})
    return AdGroup(entry, NAMES[sid][1], sid, (), (), None, exported=False)


def _well_known_primary(user: AdUser) -> AdGroup | None:
    """The primary group when the export has no record of it but its RID is well known."""
    name = _DOMAIN_GROUP_NAMES.get(user.primary_group_id or -1)
    if name is None or user.sid is None or len(user.sid.subauthorities) < 2:
        return None
    try:
        sid = user.sid.domain.child(user.primary_group_id or 0)
    except ModelError:
        return None
    line = user.entry.line_of("primaryGroupID") or user.entry.line
    return AdGroup(LdifEntry("", line, {}), name, sid, (), (), None, exported=False)


# -- DNs --------------------------------------------------------------------------------------


def split_dn(dn: str) -> list[str]:
    """RDNs of a DN, split at commas that are not escaped with a backslash."""
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for char in dn:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == ",":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def normalize_dn(dn: str) -> str:
    out = []
    for rdn in split_dn(dn):
        key, _, value = rdn.partition("=")
        out.append(f"{key.strip().lower()}={value.strip().lower()}")
    return ",".join(out)


def unescape_dn_value(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


# -- reading ----------------------------------------------------------------------------------


def read_ldif(path: Path) -> LdifDocument:
    return parse_ldif(decode(read_bytes(path, MAX_LDIF_BYTES), path), path)


def parse_ldif(text: str, path: Path | str = "ad.ldif") -> LdifDocument:
    entries: list[LdifEntry] = []
    first_record = True
    for record in _records(text, path):
        entry = _entry(record, first_record, path)
        first_record = False
        if entry is not None:
            entries.append(entry)
    users: list[AdUser] = []
    groups: list[AdGroup] = []
    domains: list[AdDomain] = []
    for entry in entries:
        kind = _kind(entry)
        if kind == "user":
            users.append(_user(entry, path))
        elif kind == "group":
            groups.append(_group(entry, path))
        elif kind == "domain":
            domains.append(_domain(entry, path))
    return LdifDocument(str(path), tuple(entries), tuple(users), tuple(groups), tuple(domains))


def _records(text: str, path: Path | str) -> Iterator[list[tuple[int, str]]]:
    """Records of unfolded (line number, line) pairs, comments dropped."""
    record: list[tuple[int, str]] = []
    in_comment = False
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if line.startswith(" "):
            if in_comment:
                continue
            if not record:
                raise BundleError(path, "has a continuation line with no line to continue", number)
            start, previous = record[-1]
            record[-1] = (start, previous + line[1:])
            continue
        in_comment = False
        if line.startswith("#"):
            in_comment = True
            continue
        if not line.strip():
            if record:
                yield record
                record = []
            continue
        record.append((number, line))
    if record:
        yield record


def _attribute(line: str, number: int, path: Path | str) -> tuple[str, LdifValue]:
    name, sep, rest = line.partition(":")
    name = name.strip()
    if not sep or not _ATTR.fullmatch(name):
        raise BundleError(path, "has a line that is not 'attribute: value'", number)
    base = name.split(";", 1)[0].lower()
    if rest.startswith(":"):
        encoded = rest[1:].strip()
        if not _B64.fullmatch(encoded):
            raise BundleError(
                path, f"has a {quote_name(base, bare=True)}:: value that is not base64", number
            )
        try:
            raw = base64.b64decode("".join(encoded.split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            shown = quote_name(base, bare=True)
            raise BundleError(path, f"has a {shown}:: value that is not base64", number) from exc
        try:
            text: str | None = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        return base, LdifValue(raw, text, number, base64=True)
    if rest.startswith("<"):
        shown = quote_name(base, bare=True)
        raise BundleError(path, f"gives {shown} as a URL (:<), which is not read", number)
    value = rest.lstrip(" ")
    return base, LdifValue(value.encode("utf-8", errors="surrogatepass"), value, number)


def _entry(record: list[tuple[int, str]], first_record: bool, path: Path | str) -> LdifEntry | None:
    pairs = [_attribute(line, number, path) for number, line in record]
    if first_record and pairs and pairs[0][0] == "version":
        if pairs[0][1].text != "1":
            raise BundleError(path, "declares an LDIF version other than 1", pairs[0][1].line)
        pairs = pairs[1:]
        if not pairs:
            return None
    name, dn_value = pairs[0]
    if name != "dn":
        if all(n in _TRAILER_ATTRS for n, _ in pairs):
            _check_result(pairs, path)
            return None
        raise BundleError(path, "has a record that does not start with dn:", dn_value.line)
    if dn_value.text is None:
        raise BundleError(path, "has a dn that is not UTF-8 text", dn_value.line)
    attributes: dict[str, list[LdifValue]] = {}
    for attr, value in pairs[1:]:
        if attr == "dn":
            raise BundleError(path, "has two dn: lines in one record", value.line)
        if attr == "changetype":
            if (value.text or "").strip().lower() != "add":
                raise BundleError(path, "is a change file (changetype other than add)", value.line)
            continue
        attributes.setdefault(attr, []).append(value)
    return LdifEntry(
        dn_value.text.strip(),
        dn_value.line,
        {key: tuple(values) for key, values in attributes.items()},
    )


def _check_result(pairs: list[tuple[str, LdifValue]], path: Path | str) -> None:
    """ldapsearch's closing ``result: N text``. Anything but 0 means the export stopped short
    (no bind, a size limit, a referral): an account missing from it would read as an account
    that does not exist, so the file is refused instead."""
    for name, value in pairs:
        if name != "result" or value.text is None:
            continue
        code = value.text.strip().split(" ", 1)[0]
        if code.isascii() and code.isdecimal() and int(code) != 0:
            # The code alone is always shown; ldapsearch's text after it goes through the rule.
            text = " ".join(value.text.split()[1:])
            shown = f"{code} {quote(text)}" if text else code
            raise BundleError(path, f"records a search that failed (result: {shown})", value.line)


def _kind(entry: LdifEntry) -> str | None:
    classes = entry.object_classes
    if "group" in classes:
        return "group"
    if "user" in classes or "person" in classes:
        return "user"
    if "domaindns" in classes or "domain" in classes:
        return "domain"
    if classes:
        return None
    # An export limited with -l may leave objectClass out: guess from the attributes.
    if entry.first("userAccountControl") is not None or entry.first("pwdLastSet") is not None:
        return "user"
    if entry.first("groupType") is not None or entry.first("member") is not None:
        return "group"
    rdns = [r.partition("=")[0].strip().lower() for r in split_dn(entry.dn)]
    if rdns and all(r == "dc" for r in rdns):
        return "domain"
    return None


# -- typed values -----------------------------------------------------------------------------


def _int(entry: LdifEntry, name: str, path: Path | str) -> int | None:
    value = entry.first(name)
    if value is None:
        return None
    text = (value.text or "").strip()
    if not _INT.fullmatch(text):
        raise BundleError(path, f"{name} is not a number", value.line)
    number = int(text)
    if not -(2**63) <= number < 2**64:
        raise BundleError(path, f"{name} is out of the 64-bit range", value.line)
    return number


def _filetime(entry: LdifEntry, name: str, path: Path | str) -> tuple[int | None, datetime | None]:
    raw = _int(entry, name, path)
    if raw is None or raw in (0, NEVER):
        return raw, None
    try:
        return raw, from_ticks(raw)
    except ModelError as exc:
        line = entry.line_of(name)
        raise BundleError(path, f"{name} is not a FILETIME ({exc})", line) from exc


def _sid(entry: LdifEntry, path: Path | str) -> Sid | None:
    value = entry.first("objectSid")
    if value is None:
        return None
    try:
        if value.base64:
            return Sid.from_bytes(value.raw)
        return Sid.parse(value.text or "")
    except ModelError as exc:
        message = scrub(str(exc), [value.text, exc.subject], name="objectSid")
        raise BundleError(path, f"objectSid is not a SID ({message})", value.line) from exc


def _user(entry: LdifEntry, path: Path | str) -> AdUser:
    pwd_raw, pwd_when = _filetime(entry, "pwdLastSet", path)
    hours = entry.first("logonHours")
    workstations = entry.text("userWorkstations") or ""
    return AdUser(
        entry=entry,
        sam_account_name=entry.text("sAMAccountName") or entry.rdn_value,
        sid=_sid(entry, path),
        user_account_control=_int(entry, "userAccountControl", path),
        account_expires=_filetime(entry, "accountExpires", path)[1],
        pwd_last_set_raw=pwd_raw,
        pwd_last_set=pwd_when,
        lockout_time=_filetime(entry, "lockoutTime", path)[1],
        bad_pwd_count=_int(entry, "badPwdCount", path),
        bad_password_time=_filetime(entry, "badPasswordTime", path)[1],
        last_logon=_filetime(entry, "lastLogon", path)[1],
        workstations=tuple(w.strip() for w in workstations.split(",") if w.strip()),
        logon_hours_raw=None if hours is None else hours.raw,
        member_of=entry.texts("memberOf"),
        primary_group_id=_int(entry, "primaryGroupID", path),
        computed_uac=_int(entry, "msDS-User-Account-Control-Computed", path),
    )


def _group(entry: LdifEntry, path: Path | str) -> AdGroup:
    return AdGroup(
        entry=entry,
        name=entry.text("sAMAccountName") or entry.text("cn") or entry.rdn_value,
        sid=_sid(entry, path),
        members=entry.texts("member"),
        member_of=entry.texts("memberOf"),
        group_type=_int(entry, "groupType", path),
    )


def _domain(entry: LdifEntry, path: Path | str) -> AdDomain:
    domain = AdDomain(
        entry=entry,
        sid=_sid(entry, path),
        lockout_threshold=_int(entry, "lockoutThreshold", path),
        lockout_duration_raw=_int(entry, "lockoutDuration", path),
        lockout_window_raw=_int(entry, "lockOutObservationWindow", path),
        max_pwd_age_raw=_int(entry, "maxPwdAge", path),
        min_pwd_age_raw=_int(entry, "minPwdAge", path),
        min_pwd_length=_int(entry, "minPwdLength", path),
        pwd_history_length=_int(entry, "pwdHistoryLength", path),
    )
    reason = domain.impossible()
    if reason is not None:
        raise BundleError(path, f"the domain's account policy is impossible ({reason})", entry.line)
    return domain
