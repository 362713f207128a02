"""The simulated member server's domain, written through to a real Samba AD DC.

The simulator keeps its domain (`simulator.directory.Domain`): its admin tools, faults and
bundle export read and change it as before. With the samba backend that domain is a mirror of
the DC's, and the DC is the one that decides logons:

- `DirectoryMirror.push` writes every difference between the mirror and what it last wrote:
  accounts and groups (with the simulator's own SIDs, so tokens, rights and ACLs need no
  translation), passwords (an administrator's reset, which the DC hashes and keeps in its
  history), userAccountControl, expiry, workstations, logon hours, the lockout state, group
  membership, and the domain's lockout and password policy.
- `DirectoryMirror.pull` reads back what a logon changed on the DC (badPwdCount,
  badPasswordTime, lockoutTime, lastLogon) into the mirror.

Everything the scenario creates lives under one OU (``OU=authlab``) that `reset` removes, so a
scenario starts from a clean domain on a DC that the whole test session shares.

Time: the DC runs on the wall clock, a scenario on its own clock. Every time-bearing attribute
is written as the scenario's moment plus `offset` (the wall clock minus the scenario clock,
taken at `reset` and moved back by each `advance`) and read back minus it, so the DC judges
lockout duration, the observation window, password age and expiry at the scenario's moment.
The DC runs ahead by the seconds the scenario has really taken, at most `MAX_DRIFT` before the
offset is taken again and every time is rewritten. logonHours is rotated so that the DC's
current hour of the week holds the bit of the scenario's (exact at the moment of each push,
which comes right before each logon). pwdLastSet is written through ldb's password-hash bypass
control, the only way a DC takes a moment other than "now" or "must change".
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Final

import attrs

from authlab.samba_dc import BYPASS_PASSWORD_HASH, RELAX, SambaDC
from simulator.accounts import Account, Group, GroupScope
from simulator.directory import Domain
from simulator.export.ldif import GROUP_TYPE, escape_dn_value, user_account_control
from winfacts import wellknown as wk
from winfacts.filetime import NEVER, from_ticks, timedelta_to_interval, to_ticks
from winfacts.ldif import attribute_line
from winfacts.logon_hours import HOURS_PER_WEEK, LogonHours, week_position
from winfacts.secret import Secret
from winfacts.sid import Sid

#: How far the DC may run ahead of the scenario before every time is rewritten.
MAX_DRIFT: Final = timedelta(seconds=20)
#: Objects the DC made itself and the mirror must not write: their passwords and memberships
#: are the DC's (Administrator's password is the harness's way in).
_DC_OWNED: Final = frozenset({wk.RID_ADMINISTRATOR, wk.RID_GUEST, 502})  # 502: krbtgt
#: userAccountControl of an account made disabled, until its password is set (MS-ADTS 2.2.16).
_NEW_ACCOUNT = 0x200 | 0x2
#: What the mirror reads back from the DC: what a logon changes there, and what an
#: administrator may change on the DC itself.
READ_BACK: Final = (
    "badPwdCount",
    "badPasswordTime",
    "lockoutTime",
    "lastLogon",
    "userAccountControl",
    "accountExpires",
    "pwdLastSet",
    "userWorkstations",
    "logonHours",
)

Values = dict[str, tuple[bytes, ...]]


@attrs.define
class _Written:
    """What the mirror last wrote for one principal (by SID)."""

    dn: str
    values: Values
    password: bytes | None = None  # a digest of the last password written, never the password


class DirectoryMirror:
    """Writes a simulated domain to a Samba DC and reads logon state back."""

    def __init__(self, dc: SambaDC, domain: Domain) -> None:
        self.dc = dc
        self.domain = domain
        self.ou = f"OU=authlab,{dc.base_dn}"
        self.offset = timedelta(0)
        self._written: dict[Sid, _Written] = {}
        self._policy: Values = {}
        self._builtin_dns: dict[Sid, str] = {}
        self._membership: dict[Sid, frozenset[bytes]] = {}  # group -> member DNs written
        self._hold_policy = False

    # -- time ---------------------------------------------------------------------------------
    def _take_offset(self, scenario_now: datetime) -> None:
        self.offset = _wall_clock() - scenario_now

    def advance(self, delta: timedelta) -> None:
        """The scenario's clock moved on by ``delta``: the DC's times move back by as much."""
        self.offset -= delta

    def to_dc(self, moment: datetime) -> int:
        return to_ticks(moment + self.offset)

    def from_dc(self, ticks: int) -> datetime | None:
        moment = from_ticks(ticks)
        return None if moment is None else moment - self.offset

    # -- lifecycle ----------------------------------------------------------------------------
    def reset(self, scenario_now: datetime) -> None:
        """Empty the scenario OU, write the whole mirror, and set the domain's policy."""
        self._take_offset(scenario_now)
        self._written.clear()
        self._membership.clear()
        self._policy = {}
        self._remove_ou()
        self.dc.expunge_deleted()
        self.dc.ldb("ldbadd", f"dn: {self.ou}\nobjectClass: organizationalUnit\n\n")
        _original_policy(self.dc)  # read once, before a scenario changes it
        self._builtin_dns = self._find_builtin_groups()
        # The accounts were made before the scenario began: their first passwords go into the
        # DC's history as the simulator keeps every one (a domain remembers 24 by default);
        # from then on the scenario's own policy decides.
        first: Values = {
            "pwdHistoryLength": (b"24",),
            "pwdProperties": (b"0",),
            "minPwdLength": (b"0",),
        }
        self.dc.ldb("ldbmodify", _record(self.dc.base_dn, "modify", first), RELAX)
        self._hold_policy = True
        try:
            self.push(scenario_now)
        finally:
            self._hold_policy = False
        self.push(scenario_now)

    def restore_policy(self) -> None:
        """Put back the domain policy the DC had before any scenario wrote its own, so the
        DC's other users (the fidelity states under their password settings object, a user's
        own tests) meet it as Samba made it."""
        original = _original_policy(self.dc)
        self.dc.ldb("ldbmodify", _record(self.dc.base_dn, "modify", original), RELAX)
        self._policy = {}

    def _remove_ou(self) -> None:
        import ldap3

        connection = self.dc.admin_connection()
        connection.search(self.dc.base_dn, f"(distinguishedName={self.ou})", ldap3.SUBTREE)
        if any(e.get("type") == "searchResEntry" for e in connection.response or []):
            connection.delete(self.ou, controls=[("1.2.840.113556.1.4.805", True, None)])

    def _find_builtin_groups(self) -> dict[Sid, str]:
        import ldap3

        connection = self.dc.admin_connection()
        found: dict[Sid, str] = {}
        for group in self.domain.groups():
            if group.sid.rid >= 1000:
                continue
            connection.search(
                self.dc.base_dn, f"(objectSid={group.sid})", ldap3.SUBTREE, attributes=["cn"]
            )
            for entry in connection.response or []:
                if entry.get("type") == "searchResEntry":
                    found[group.sid] = str(entry["dn"])
        return found

    # -- writing ------------------------------------------------------------------------------
    def push(self, scenario_now: datetime) -> None:
        """Write what changed since the last push; the times too if the offset has drifted."""
        if abs(scenario_now + self.offset - _wall_clock()) > MAX_DRIFT:
            self._take_offset(scenario_now)
        adds: list[str] = []
        passwords: list[tuple[str, Secret]] = []
        modifies: list[str] = []
        wanted_users = {a.sid: a for a in self.domain.users() if a.rid not in _DC_OWNED}
        wanted_groups = {g.sid: g for g in self.domain.groups() if g.sid.rid >= 1000}
        deletes = [
            w.dn for sid, w in self._written.items() if sid not in {*wanted_users, *wanted_groups}
        ]
        for dn in deletes:  # first: the membership diffs below must not name them
            self._delete(dn)
        for account in wanted_users.values():
            self._user(account, scenario_now, adds, passwords, modifies)
        for group in wanted_groups.values():
            self._group_object(group, adds)
        for group in self.domain.groups():
            self._members(group, modifies)
        policy: list[str] = []
        if not self._hold_policy:
            self._domain_policy(policy)
        if adds:
            self.dc.ldb("ldbadd", "".join(adds), RELAX)
        if policy:  # before the passwords, which the policy's length and history judge
            self.dc.ldb("ldbmodify", "".join(policy), RELAX)
        for dn, password in passwords:
            self._reset_password(dn, password)
        if modifies:
            self.dc.ldb("ldbmodify", "".join(modifies), RELAX, BYPASS_PASSWORD_HASH)

    def _reset_password(self, dn: str, password: Secret) -> None:
        """An administrator's reset over LDAPS, as Active Directory Users and Computers makes
        it: the DC hashes it, keeps the previous one in its history and, for an hour, still
        takes it over NTLM (a write straight into the database would not count as a reset)."""
        import ldap3

        quoted = f'"{password.reveal()}"'.encode("utf-16-le")
        connection = self.dc.admin_connection()
        connection.modify(dn, {"unicodePwd": [(ldap3.MODIFY_REPLACE, [quoted])]})

    def _delete(self, dn: str) -> None:
        """Remove an object; the DC drops its memberships with it, and so does the record."""
        self.dc.admin_connection().delete(dn)
        self.dc.expunge_deleted()  # its SID may come back (a rename makes the object again)
        for sid in [s for s, w in self._written.items() if w.dn == dn]:
            del self._written[sid]
        gone = dn.encode()
        for group, members in self._membership.items():
            self._membership[group] = members - {gone}

    def _dn(self, principal: Account | Group) -> str:
        return f"CN={escape_dn_value(principal.name)},{self.ou}"

    def _user(
        self,
        account: Account,
        now: datetime,
        adds: list[str],
        passwords: list[tuple[str, Secret]],
        modifies: list[str],
    ) -> None:
        dn = self._dn(account)
        written = self._written.get(account.sid)
        if written is not None and written.dn != dn:  # renamed: the DC's copy is made again
            self._delete(written.dn)
            written = None
        if written is None:
            adds.append(_new_object(dn, "user", account, {"userAccountControl": str(_NEW_ACCOUNT)}))
            written = self._written[account.sid] = _Written(dn, {})
        digest = hashlib.sha256(account.password.reveal().encode("utf-8")).digest()
        if written.password != digest:
            passwords.append((dn, account.password))
            written.password = digest
            written.values.pop("pwdLastSet", None)  # the DC set it to its now: write ours
        wanted = self._user_values(account, now)
        changed = {k: v for k, v in wanted.items() if written.values.get(k) != v}
        if changed:
            modifies.append(_record(dn, "modify", changed))
            written.values.update(changed)

    def _user_values(self, account: Account, now: datetime) -> Values:
        values: Values = {
            "userAccountControl": (str(user_account_control(account)).encode(),),
            "accountExpires": (
                str(NEVER if account.expires is None else self.to_dc(account.expires)).encode(),
            ),
            "pwdLastSet": (
                b"0"
                if account.password_last_set is None
                else str(self.to_dc(account.password_last_set)).encode(),
            ),
            "userWorkstations": (",".join(account.workstations).encode(),)
            if account.workstations
            else (),
            "logonHours": (self._hours(account.logon_hours, now),)
            if account.logon_hours is not None
            else (),
            "badPwdCount": (str(account.bad_pwd_count).encode(),),
            "badPasswordTime": (self._ticks(account.bad_pwd_time),),
            "lockoutTime": (self._ticks(account.lockout_time),),
        }
        if account.primary_group is not None:
            values["primaryGroupID"] = (str(account.primary_group.rid).encode(),)
        return values

    def _ticks(self, moment: datetime | None) -> bytes:
        return b"0" if moment is None else str(self.to_dc(moment)).encode()

    def _hours(self, hours: LogonHours, now: datetime) -> bytes:
        """The bitmap turned so the DC's hour of the week now carries the scenario's bit."""
        shift = week_position(_wall_clock()) - week_position(now)
        turned = {(p + shift) % HOURS_PER_WEEK for p in hours.positions()}
        return LogonHours.from_positions(turned).bits

    def _group_object(self, group: Group, adds: list[str]) -> None:
        dn = self._dn(group)
        written = self._written.get(group.sid)
        if written is not None and written.dn == dn:
            return
        if written is not None:
            self._delete(written.dn)
        scope = group.scope if group.scope is not GroupScope.LOCAL else GroupScope.DOMAIN_LOCAL
        adds.append(_new_object(dn, "group", group, {"groupType": str(GROUP_TYPE[scope])}))
        self._written[group.sid] = _Written(dn, {})

    def _members(self, group: Group, modifies: list[str]) -> None:
        """Membership of the mirror's own principals; the DC's built-in members stay as are."""
        dn = self._builtin_dns.get(group.sid)
        written = self._written.get(group.sid)
        if written is not None:
            dn = written.dn
        if dn is None:
            return
        after = frozenset(
            self._written[m].dn.encode()
            for m in group.members
            if m in self._written and not self._is_primary(m, group)
        )
        before = self._membership.get(group.sid, frozenset())
        if before == after:
            return
        lines = [f"dn: {dn}", "changetype: modify"]
        if before - after:
            lines += ["delete: member", *_lines("member", before - after), "-"]
        if after - before:
            lines += ["add: member", *_lines("member", after - before), "-"]
        modifies.append("\n".join(lines) + "\n\n")
        self._membership[group.sid] = after

    def _is_primary(self, member: Sid, group: Group) -> bool:
        principal = self.domain.by_sid(member)
        return isinstance(principal, Account) and principal.primary_group == group.sid

    def _domain_policy(self, modifies: list[str]) -> None:
        policy = self.domain.policy
        wanted: Values = {
            "lockoutThreshold": (str(policy.lockout_threshold).encode(),),
            "lockoutDuration": (str(timedelta_to_interval(policy.lockout_duration)).encode(),),
            "lockOutObservationWindow": (
                str(timedelta_to_interval(policy.lockout_window)).encode(),
            ),
            "maxPwdAge": (str(timedelta_to_interval(policy.max_password_age)).encode(),),
            "minPwdAge": (str(-int(policy.min_password_age.total_seconds() * 10**7)).encode(),),
            "minPwdLength": (str(policy.min_password_length).encode(),),
            "pwdHistoryLength": (str(policy.password_history).encode(),),
            # complexity off: the simulator does not model it, and its resets must not fail
            "pwdProperties": (b"0",),
        }
        changed = {k: v for k, v in wanted.items() if self._policy.get(k) != v}
        if changed:
            modifies.append(_record(self.dc.base_dn, "modify", changed))
            self._policy.update(changed)

    # -- reading back -------------------------------------------------------------------------
    def dn_of(self, account: Account) -> str:
        written = self._written.get(account.sid)
        return written.dn if written is not None else self._dn(account)

    def pull(self, account: Account, scenario_now: datetime) -> None:
        """Read what a logon changed on the DC into the mirror's account."""
        import ldap3

        connection = self.dc.admin_connection()
        connection.search(
            self.dn_of(account), "(objectClass=user)", ldap3.BASE, attributes=list(READ_BACK)
        )
        self._apply(account, connection.response[0]["raw_attributes"], scenario_now)

    def refresh(self, scenario_now: datetime) -> None:
        """Read every mirrored account as the DC holds it now, so what was changed on the DC
        itself (samba-tool, another administrator) is what the server's tools show and judge.
        Only values that differ from what the mirror last wrote are taken."""
        import ldap3

        connection = self.dc.admin_connection()
        connection.search(
            self.ou, "(objectClass=user)", ldap3.LEVEL, attributes=["objectSid", *READ_BACK]
        )
        for entry in connection.response or []:
            if entry.get("type") != "searchResEntry":
                continue
            raw = entry["raw_attributes"]
            found = self.domain.by_sid(Sid.from_bytes(raw["objectSid"][0]))
            if isinstance(found, Account):
                self._apply(found, raw, scenario_now)

    def _apply(self, account: Account, raw: dict[str, list[bytes]], now: datetime) -> None:
        written = self._written.setdefault(account.sid, _Written(self.dn_of(account), {}))
        for name in READ_BACK:
            value = tuple(raw.get(name) or ())
            if name in written.values and written.values[name] == value:
                continue  # as the mirror wrote it: nothing new
            self._take(account, name, value, now)
            if name != "lastLogon":
                written.values[name] = value

    def _take(self, account: Account, name: str, value: tuple[bytes, ...], now: datetime) -> None:
        """One attribute as the DC holds it, into the mirror's account."""
        first = value[0] if value else b""
        number = int(first) if first.lstrip(b"-").isdigit() else 0
        if name == "userAccountControl" and value:
            account.enabled = not number & 0x2
            account.password_required = not number & 0x20
            account.password_never_expires = bool(number & 0x10000)
        elif name == "accountExpires":
            account.expires = None if number in (0, NEVER) else self.from_dc(number)
        elif name == "pwdLastSet":
            account.password_last_set = None if number == 0 else self.from_dc(number)
        elif name == "userWorkstations":
            text = first.decode("utf-8", "replace")
            account.workstations = tuple(text.split(",")) if text else ()
        elif name == "logonHours":
            account.logon_hours = self._hours_back(first, now) if len(first) == 21 else None
        elif name == "badPwdCount":
            account.bad_pwd_count = number
        elif name == "badPasswordTime":
            account.bad_pwd_time = self.from_dc(number)
        elif name == "lockoutTime":
            account.lockout_time = self.from_dc(number)
        elif name == "lastLogon":
            last = self.from_dc(number)
            if last is not None:
                account.last_logon = last

    def _hours_back(self, bits: bytes, now: datetime) -> LogonHours:
        """The DC's bitmap turned back to the scenario's hours (the inverse of `_hours`)."""
        shift = week_position(_wall_clock()) - week_position(now)
        stored = LogonHours(bits).positions()
        return LogonHours.from_positions({(p - shift) % HOURS_PER_WEEK for p in stored})

    def token_groups(self, account: Account) -> set[Sid]:
        """The account and the domain's groups from the DC's constructed tokenGroups."""
        import ldap3

        connection = self.dc.admin_connection()
        connection.search(
            self.dn_of(account), "(objectClass=user)", ldap3.BASE, attributes=["tokenGroups"]
        )
        raw = connection.response[0]["raw_attributes"].get("tokenGroups", [])
        domain = self.domain.authority_sid
        sids = {account.sid}
        for value in raw:
            sid = Sid.from_bytes(value)
            if sid.domain == domain:  # BUILTIN aliases are the member server's own
                sids.add(sid)
        return sids


#: The domain object's policy attributes a scenario writes.
POLICY: Final = (
    "lockoutThreshold",
    "lockoutDuration",
    "lockOutObservationWindow",
    "maxPwdAge",
    "minPwdAge",
    "minPwdLength",
    "pwdHistoryLength",
    "pwdProperties",
)
_ORIGINAL: dict[str, Values] = {}


def _original_policy(dc: SambaDC) -> Values:
    """The domain policy as the DC had it when a mirror first met it (per DC)."""
    import ldap3

    key = str(dc.sam_ldb)  # one DC: its own database
    if key not in _ORIGINAL:
        connection = dc.admin_connection()
        connection.search(dc.base_dn, "(objectClass=domain)", ldap3.BASE, attributes=list(POLICY))
        raw = connection.response[0]["raw_attributes"]
        _ORIGINAL[key] = {name: tuple(raw.get(name) or ()) for name in POLICY}
    return _ORIGINAL[key]


def _new_object(
    dn: str, object_class: str, principal: Account | Group, extra: dict[str, str]
) -> str:
    """The add of a user or group carrying the simulator's name and SID."""
    values: Values = {
        "objectClass": (object_class.encode(),),
        "sAMAccountName": (principal.name.encode(),),
        "objectSid": (str(principal.sid).encode(),),
        **{name: (value.encode(),) for name, value in extra.items()},
    }
    return _record(dn, "add", values)


def _record(dn: str, change: str, values: Values) -> str:
    lines = [f"dn: {dn}", f"changetype: {change}"]
    if change == "add":
        for name, items in values.items():
            lines += [attribute_line(name, item) for item in items]
    else:
        for name, items in values.items():
            lines.append(f"replace: {name}")
            lines += [attribute_line(name, item) for item in items]
            lines.append("-")
    return "\n".join(lines) + "\n\n"


def _lines(name: str, values: frozenset[bytes]) -> list[str]:
    return [attribute_line(name, value) for value in sorted(values)]


def _wall_clock() -> datetime:
    """The DC's clock: the one place the samba backend reads the wall clock, because the DC
    it talks to does."""
    return datetime.now(UTC)
