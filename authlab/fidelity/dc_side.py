"""The real answers: each state made on a Samba AD DC and its steps run there.

Accounts are added over LDAPS by one administrator connection (``unicodePwd`` set in the add),
put under a password settings object with the lockout threshold, history and ages the states
assume, and given their stored attributes in the same add. A pwdLastSet other than 0 can not be
written over LDAP, so those go in one ``ldbmodify`` per batch, past the password module (a test
harness setting a stored value, as `SambaDC.set_attribute` does). Logons are LDAPS simple binds
on a reused connection (the ``data`` code) or SMB session setups with ``smbclient`` (the
NT_STATUS name); the end state is badPwdCount and lockoutTime read back over LDAP.

Several states run at once (a thread each, each with its own connections): smbclient's cost is
mostly its own start.
"""

from __future__ import annotations

import re
import secrets
import ssl
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import attrs

from authlab.samba_dc import BYPASS_PASSWORD_HASH, SambaDC, SambaUnavailable
from winfacts.filetime import NEVER, to_ticks
from winfacts.logon_hours import week_position
from winfacts.secret import Secret

from .states import MAX_AGE, THRESHOLD, Age, Change, Logon, State

GROUP: Final = "authlab-fidelity"
PSO: Final = "authlab-fidelity"
_MINUTE: Final = -600_000_000  # one minute as AD stores an interval
#: The ``data`` code in the message of a refused bind (AcceptSecurityContext's answer).
_DATA: Final = re.compile(r"\bdata ([0-9a-f]+)\b")


@attrs.frozen
class Passwords:
    """The passwords of one run: P0 at creation, P1.. after each change, and a wrong one.
    Random per run, never shown."""

    token: str = attrs.field(factory=lambda: secrets.token_hex(6), repr=False)

    def nth(self, n: int) -> Secret:
        return Secret(f"Fid-{n}-{self.token}!")

    @property
    def wrong(self) -> Secret:
        return Secret(f"Not-{self.token}?")


@attrs.frozen
class Observed:
    """What one state gave: each logon's answer, the moments of its logons and changes (for
    the simulator to replay at the same instants), the made-at moment and the end state."""

    index: int
    account: str
    answers: tuple[str, ...]
    moments: tuple[datetime, ...]
    made_at: datetime
    bad_count: int
    locked: bool


def _tls_server(dc: SambaDC) -> Any:
    import ldap3

    tls = ldap3.Tls(validate=ssl.CERT_NONE)  # the DC this harness started itself
    return ldap3.Server(dc.address, port=636, use_ssl=True, tls=tls, connect_timeout=10)


def _admin(dc: SambaDC) -> Any:
    import ldap3

    principal = f"Administrator@{dc.spec.realm}"
    connection = ldap3.Connection(
        _tls_server(dc), user=principal, password=dc.spec.admin_password.reveal()
    )
    if not connection.bind():
        raise SambaUnavailable("the DC refused the administrator's bind")
    return connection


def _quoted(password: Secret) -> bytes:
    return f'"{password.reveal()}"'.encode("utf-16-le")


class DcRunner:
    """Runs states on one DC. `prepare` once, then `run` for any number of states."""

    def __init__(self, dc: SambaDC, passwords: Passwords, workers: int = 4) -> None:
        self.dc = dc
        self.passwords = passwords
        self.workers = workers
        # Account names of their own per run: several runs can share a DC.
        self.prefix = "f" + secrets.token_hex(2)
        self._lock = threading.Lock()
        self._local = threading.local()

    @property
    def users(self) -> str:
        return f"CN=Users,{self.dc.base_dn}"

    def dn(self, name: str) -> str:
        return f"CN={name},{self.users}"

    def account(self, state: State) -> str:
        return f"{self.prefix}{state.index:04d}"

    def prepare(self) -> None:
        """The group and the password settings object the states' accounts are under: lockout
        after THRESHOLD bad passwords in 30 minutes for 30 minutes, a 24-password history, no
        minimum age or complexity, a 42-day maximum age. The domain's own policy is left alone
        for the other tests on this DC."""
        admin = _admin(self.dc)
        group = self.dn(GROUP)
        admin.add(group, ["top", "group"], {"sAMAccountName": GROUP})
        pso = f"CN={PSO},CN=Password Settings Container,CN=System,{self.dc.base_dn}"
        admin.add(
            pso,
            ["top", "msDS-PasswordSettings"],
            {
                "msDS-PasswordSettingsPrecedence": 1,
                "msDS-PasswordReversibleEncryptionEnabled": "FALSE",
                "msDS-PasswordHistoryLength": 24,
                "msDS-PasswordComplexityEnabled": "FALSE",
                "msDS-MinimumPasswordLength": 0,
                "msDS-MinimumPasswordAge": 0,
                "msDS-MaximumPasswordAge": _MINUTE * MAX_AGE // 60,
                "msDS-LockoutThreshold": THRESHOLD,
                "msDS-LockoutObservationWindow": _MINUTE * 30,
                "msDS-LockoutDuration": _MINUTE * 30,
                "msDS-PSOAppliesTo": [group],
            },
        )
        if admin.result["description"] not in ("success", "entryAlreadyExists"):
            raise SambaUnavailable(f"the password settings object: {admin.result['message']}")
        admin.unbind()

    def run(self, states: list[State], batch: int = 48) -> Iterator[Observed]:
        with ThreadPoolExecutor(self.workers) as pool:
            for start in range(0, len(states), batch):
                part = states[start : start + batch]
                made_at = datetime.now(UTC).replace(microsecond=0)
                self._make(part, made_at)
                yield from pool.map(self._steps, part, [made_at] * len(part))

    # -- making the accounts -------------------------------------------------------------------
    def _make(self, states: list[State], made_at: datetime) -> None:
        import ldap3

        admin = self._connection("admin")
        aged = []
        for state in states:
            attributes = stored_attributes(state, made_at)
            attributes["sAMAccountName"] = self.account(state)
            attributes["unicodePwd"] = _quoted(self.passwords.nth(0))
            if not admin.add(
                self.dn(self.account(state)),
                ["top", "person", "organizationalPerson", "user"],
                attributes,
            ):
                raise SambaUnavailable(f"adding {state.name}: {admin.result['message']}")
            age = state.attribute("password_age")
            if isinstance(age, int):
                aged.append((self.account(state), made_at - timedelta(seconds=age)))
        members = [self.dn(self.account(state)) for state in states]
        admin.modify(self.dn(GROUP), {"member": [(ldap3.MODIFY_ADD, members)]})
        self._set_pwd_last_set(aged)

    def _set_pwd_last_set(self, moments: list[tuple[str, datetime]]) -> None:
        if not moments:
            return
        change = "".join(
            f"dn: {self.dn(name)}\nchangetype: modify\nreplace: pwdLastSet\n"
            f"pwdLastSet: {to_ticks(moment)}\n\n"
            for name, moment in moments
        )
        self.dc.ldb("ldbmodify", change, BYPASS_PASSWORD_HASH)

    # -- running the steps ---------------------------------------------------------------------
    def _steps(self, state: State, made_at: datetime) -> Observed:
        import ldap3

        name = self.account(state)
        answers: list[str] = []
        moments: list[datetime] = []
        generation = 0
        for step in state.steps:
            moment = datetime.now(UTC)
            moments.append(moment)
            if isinstance(step, Change):
                new = self.passwords.nth(generation + 1)
                admin = self._connection("admin")
                dn = self.dn(name)
                if step.kind == "change":
                    old = self.passwords.nth(generation)
                    value = [
                        (ldap3.MODIFY_DELETE, [_quoted(old)]),
                        (ldap3.MODIFY_ADD, [_quoted(new)]),
                    ]
                else:
                    value = [(ldap3.MODIFY_REPLACE, [_quoted(new)])]
                changes: dict[str, Any] = {"unicodePwd": value}
                if step.kind == "reset_must_change":
                    changes["pwdLastSet"] = [(ldap3.MODIFY_REPLACE, ["0"])]
                if not admin.modify(dn, changes):
                    raise SambaUnavailable(
                        f"{step.kind} of {state.name}: {admin.result['message']}"
                    )
                generation += 1
            elif isinstance(step, Age):
                self._set_pwd_last_set([(name, moment - timedelta(seconds=step.seconds))])
            else:
                answers.append(self._logon(state, step, generation))
        bad, locked = self._end_state(name)
        return Observed(state.index, name, tuple(answers), tuple(moments), made_at, bad, locked)

    def _logon(self, state: State, logon: Logon, generation: int) -> str:
        password = self._password(logon.password, generation)
        spec = self.dc.spec
        principal = principal_for(self.account(state), logon.name, spec.domain, spec.realm)
        if logon.channel == "smb":
            return self._smb(principal, password, logon.workstation)
        user = self._connection("user")
        user.user = principal
        user.password = password.reveal()
        if user.bind():
            return "0"
        found = _DATA.search(str(user.result.get("message", "")))
        if found is None:
            raise SambaUnavailable(f"a bind of {state.name} was refused without a data code")
        return found.group(1)

    def _smb(self, principal: str, password: Secret, workstation: str | None) -> str:
        return self.dc.logon(principal, password, workstation)

    def _password(self, which: str, generation: int) -> Secret:
        if which == "current":
            return self.passwords.nth(generation)
        if which == "wrong":
            return self.passwords.wrong
        back = int(which[1:])
        return self.passwords.nth(generation - back) if generation >= back else self.passwords.wrong

    def _end_state(self, name: str) -> tuple[int, bool]:
        import ldap3

        admin = self._connection("admin")
        admin.search(
            self.dn(name),
            "(objectClass=user)",
            ldap3.BASE,
            attributes=["badPwdCount", "lockoutTime"],
        )
        entry = admin.response[0]["raw_attributes"]
        bad = int((entry.get("badPwdCount") or [b"0"])[0])
        lockout = int((entry.get("lockoutTime") or [b"0"])[0])
        return bad, lockout != 0

    def _connection(self, kind: str) -> Any:
        """One admin and one user connection per thread, opened once and reused."""
        import ldap3

        found = getattr(self._local, kind, None)
        if found is None:
            if kind == "admin":
                found = _admin(self.dc)
            else:
                found = ldap3.Connection(_tls_server(self.dc), user="nobody", password="-")
                found.open()
            setattr(self._local, kind, found)
        return found


def stored_attributes(state: State, made_at: datetime) -> dict[str, Any]:
    """The attributes the add writes for ``state`` (pwdLastSet ages apart: see `_make`)."""
    out: dict[str, Any] = {"userAccountControl": 0x202 if state.attribute("disabled") else 0x200}
    expires = state.attribute("expires")
    if expires is not None:
        out["accountExpires"] = str(expiry_ticks(expires, made_at))
    if state.attribute("password_age") == "must_change":
        out["pwdLastSet"] = "0"
    hours = state.attribute("hours")
    if hours is not None:
        out["logonHours"] = hours_bytes(str(hours), made_at)
    workstations = state.attribute("workstations")
    if workstations is not None:
        out["userWorkstations"] = str(workstations)
    return out


def expiry_ticks(value: object, made_at: datetime) -> int:
    if value == "long_past":
        return 1
    if value == "never_0":
        return 0
    if value == "never_max":
        return NEVER
    assert isinstance(value, int)
    return to_ticks(made_at + timedelta(seconds=value))


def hours_bytes(kind: str, made_at: datetime) -> bytes:
    """The logonHours value of ``kind`` for a logon at about ``made_at``."""
    if kind == "length_20":
        return b"\xff" * 20
    if kind == "length_22":
        return b"\xff" * 22
    now = week_position(made_at)
    positions: set[int]
    if kind == "all":
        positions = set(range(168))
    elif kind == "none":
        positions = set()
    elif kind == "this_hour":
        positions = {now}
    elif kind == "previous_hour":
        positions = {(now - 1) % 168}
    elif kind == "next_hour":
        positions = {(now + 1) % 168}
    else:  # all_but_now
        positions = set(range(168)) - {now}
    data = bytearray(21)
    for position in positions:
        data[position // 8] |= 1 << (position % 8)
    return bytes(data)


def principal_for(name: str, form: str, domain: str, realm: str) -> str:
    """How the logon names the account (``unknown`` forms name one that does not exist)."""
    if form in ("unknown", "unknown_upn"):
        name = f"{name}x"
    if form in ("upn", "unknown_upn"):
        return f"{name}@{realm}"
    if form == "upn_lower":
        return f"{name}@{realm.lower()}"
    if form == "other_realm":
        return f"{name}@other.example"
    return f"{domain}\\{name}"
