"""The account states the simulator is compared on: a seeded, deterministic list.

A state is an account as AD stores it (some restrictions, each in one of several spellings or
moments relative to the logon), a few steps (logons with the right, a wrong or an earlier
password, over LDAP or SMB, by one of several names; password changes and resets; the
password growing older) and, implicitly, the end state the steps leave (badPwdCount, whether
the account is locked). Times are offsets from the moment the state is made, never dates, so
the list (and the report) is the same on every run. Nothing here talks to a DC or runs the
simulator.
"""

from __future__ import annotations

import itertools
import random
from typing import Final

import attrs

#: The account restrictions, in the order the report lists them.
RESTRICTIONS: Final = (
    "disabled",
    "expired",
    "must_change",
    "password_expired",
    "logon_hours",
    "workstation",
)
#: The lockout threshold of the accounts under test (a password settings object on the DC).
THRESHOLD: Final = 3
#: The name a client presents in an SMB session setup, and the simulated member's own name.
CLIENT: Final = "WEB01"
SEED: Final = 909887

#: userWorkstations as stored, each with whether it names CLIENT as a Samba DC reads it.
WORKSTATION_SPELLINGS: Final = (
    "WEB01",
    "web01",
    "Web01",
    "OTHER,WEB01",
    "OTHERPC,web01,THIRD",
    "WEB01,",
    "WEB01.lab.example",
    "web01.LAB.EXAMPLE",
    " WEB01",
    "WEB01 ",
    "OTHER, WEB01",
    "OTHER WEB01",
    "OTHER;WEB01",
    "OTHER",
    "WEB0",
    "WEB012",
    "*",
)
#: Spellings that refuse CLIENT, for the workstation restriction in combinations.
WORKSTATION_REFUSALS: Final = ("OTHER", "WEB0", "WEB01.lab.example", " WEB01", "OTHER, WEB01")
#: logonHours kinds: relative to the hour of the logon (UTC), or of an odd length.
HOURS_REFUSALS: Final = ("none", "previous_hour", "next_hour", "all_but_now")
HOURS_KINDS: Final = (*HOURS_REFUSALS, "all", "this_hour", "length_20", "length_22")
#: accountExpires relative to the logon, in seconds ("long_past" is FILETIME 1).
EXPIRED: Final = ("long_past", -86_400, -900)
EXPIRES_LATER: Final = (900, 86_400, "never_0", "never_max")
#: pwdLastSet age in seconds against the 42-day maximum age: past it, and not yet.
MAX_AGE: Final = 42 * 86_400
PASSWORD_EXPIRED: Final = (MAX_AGE + 86_400, MAX_AGE + 900)
PASSWORD_FRESH: Final = (MAX_AGE - 900, MAX_AGE - 86_400)
#: How a logon names the account.
NAMES: Final = ("netbios", "upn", "upn_lower", "unknown", "unknown_upn", "other_realm")


@attrs.frozen
class Logon:
    """One logon: which password (``current``, ``wrong``, ``n1`` the previous one, ``n2``,
    ``n3``), over which channel (``ldap`` simple bind, ``smb`` session setup), by which name
    form, presenting which workstation (SMB only)."""

    password: str = "current"
    channel: str = "ldap"
    name: str = "netbios"
    workstation: str | None = None

    def describe(self) -> str:
        ws = f" from {self.workstation}" if self.workstation else ""
        return f"{self.channel} logon ({self.name}) with the {self.password} password{ws}"


@attrs.frozen
class Change:
    """A new password: ``change`` (the user's own, over LDAP), ``reset`` (an administrator's),
    ``reset_must_change`` (a reset with "must change at next logon")."""

    kind: str

    def describe(self) -> str:
        return self.kind.replace("_", " ")


@attrs.frozen
class Age:
    """The current password made ``seconds`` old (pwdLastSet moved back), as time passing."""

    seconds: int

    def describe(self) -> str:
        return f"password aged {self.seconds // 60} minutes"


Step = Logon | Change | Age
#: A state before it is numbered: family, restrictions, stored attributes, steps.
Raw = tuple[str, tuple[str, ...], tuple[tuple[str, object], ...], tuple[Step, ...]]


@attrs.frozen
class State:
    """One account state and what is done to it."""

    index: int
    family: str
    rules: tuple[str, ...]
    attributes: tuple[tuple[str, object], ...]
    steps: tuple[Step, ...]

    @property
    def combination(self) -> str:
        return "+".join(self.rules) or "none"

    @property
    def name(self) -> str:
        return f"fid{self.index:04d}"

    @property
    def channels(self) -> frozenset[str]:
        return frozenset(s.channel for s in self.steps if isinstance(s, Logon))

    def attribute(self, name: str) -> object:
        return dict(self.attributes).get(name)


def _restriction(rule: str, rng: random.Random) -> tuple[str, object]:
    """One restriction in one of its spellings, as (attribute, value)."""
    if rule == "disabled":
        return ("disabled", True)
    if rule == "expired":
        return ("expires", rng.choice(EXPIRED))
    if rule == "must_change":
        return ("password_age", "must_change")
    if rule == "password_expired":
        return ("password_age", rng.choice(PASSWORD_EXPIRED))
    if rule == "logon_hours":
        return ("hours", rng.choice(HOURS_REFUSALS))
    return ("workstations", rng.choice(WORKSTATION_REFUSALS))


def _unrestricted(rng: random.Random) -> tuple[tuple[str, object], ...]:
    """Attributes that restrict nothing, so the healthy states vary too."""
    extra: list[tuple[str, object]] = []
    if rng.random() < 0.5:
        extra.append(("expires", rng.choice(EXPIRES_LATER)))
    if rng.random() < 0.3:
        extra.append(("hours", rng.choice(("all", "this_hour", "length_20", "length_22"))))
    return tuple(extra)


def _logon(channel: str, password: str = "current", name: str = "netbios") -> Logon:
    return Logon(password, channel, name, CLIENT if channel == "smb" else None)


def _combinations(rng: random.Random, variants: int) -> list[Raw]:
    """Each restriction alone, in pairs and in triples (and none), right and wrong password.
    The workstation restriction needs SMB (an LDAP bind names no workstation)."""
    out: list[Raw] = []
    for size in range(4):
        for combo in itertools.combinations(RESTRICTIONS, size):
            must = "must_change" in combo and "password_expired" in combo
            if must:
                continue  # one pwdLastSet can not be both 0 and old
            # SMB costs a process start per logon: the workstation combinations (which need
            # it) get fewer variants, the others run over LDAP.
            smb = "workstation" in combo
            for _ in range(variants // 4 if smb else variants):
                attrs_ = dict(_unrestricted(rng))
                attrs_.update(_restriction(rule, rng) for rule in combo)
                channel = "smb" if smb else "ldap"
                for password in ("current", "wrong"):
                    steps = (_logon(channel, password),)
                    out.append(("restrictions", combo, tuple(sorted(attrs_.items())), steps))
    return out


def _lockouts(rng: random.Random) -> list[Raw]:
    """threshold-1, threshold and threshold+1 wrong passwords, then the right one, on a
    healthy account and on one with each restriction."""
    out: list[Raw] = []
    for rule in ("", *RESTRICTIONS):
        for wrong in (THRESHOLD - 1, THRESHOLD, THRESHOLD + 1):
            for channel in ("ldap", "smb"):
                if rule == "workstation" and channel == "ldap":
                    continue
                combo = (rule,) if rule else ()
                attrs_ = dict(_restriction(rule, rng) for rule in combo)
                steps = tuple(_logon(channel, "wrong") for _ in range(wrong))
                steps += (_logon(channel),)
                out.append(("lockout", combo, tuple(sorted(attrs_.items())), steps))
    return out


def _names(rng: random.Random) -> list[Raw]:
    out: list[Raw] = []
    for name in NAMES:
        for channel in ("ldap", "smb"):
            for rule in ("", "disabled", "expired", "logon_hours"):
                combo = (rule,) if rule else ()
                attrs_ = dict(_restriction(r, rng) for r in combo)
                for password in ("current", "wrong"):
                    steps = (_logon(channel, password, name),)
                    out.append(("names", combo, tuple(sorted(attrs_.items())), steps))
    return out


def _times(rng: random.Random) -> list[Raw]:
    """Logon hours and expiry around the logon: just before and just after."""
    out: list[Raw] = []
    cases: list[tuple[tuple[str, ...], tuple[str, object]]] = []
    cases += [(("logon_hours",) if k in HOURS_REFUSALS else (), ("hours", k)) for k in HOURS_KINDS]
    cases += [(("expired",), ("expires", v)) for v in EXPIRED]
    cases += [((), ("expires", v)) for v in EXPIRES_LATER]
    cases += [(("password_expired",), ("password_age", v)) for v in PASSWORD_EXPIRED]
    cases += [((), ("password_age", v)) for v in PASSWORD_FRESH]
    for combo, attribute in cases:
        for channel in ("ldap", "smb"):
            for password in ("current", "wrong"):
                steps = (_logon(channel, password),)
                out.append(("times", combo, (attribute,), steps))
    return out


def _workstations() -> list[Raw]:
    out: list[Raw] = []
    for stored in WORKSTATION_SPELLINGS:
        for presented in (CLIENT, CLIENT.lower()):
            for password in ("current", "wrong"):
                steps = (Logon(password, "smb", "netbios", presented),)
                out.append(("workstations", ("workstation",), (("workstations", stored),), steps))
    return out


#: Password histories: the changes made, then what is tried.
_HISTORIES: Final = (
    ((Change("change"),), ("n1", "current", "wrong")),
    ((Change("reset"),), ("n1", "current")),
    ((Change("reset_must_change"),), ("n1", "current")),
    ((Change("change"), Age(59 * 60)), ("n1",)),
    ((Change("change"), Age(61 * 60)), ("n1",)),
    ((Change("reset"), Age(61 * 60)), ("n1",)),
    ((Change("reset"), Change("reset")), ("n1", "n2")),
    ((Change("reset"), Change("reset"), Change("reset")), ("n3", "n2", "n1")),
    ((Change("change"), Change("reset")), ("n2", "n2", "n2", "n2", "current")),
    ((Change("reset"), Age(61 * 60)), ("n1", "n1", "n1", "n1", "current")),
    ((Change("reset"), Change("reset"), Change("reset")), ("n3", "n3", "n3", "n3", "current")),
    ((Change("reset"), Change("reset")), ("wrong", "n2", "wrong", "n1")),
)


def _histories(rng: random.Random) -> list[Raw]:
    """Password changes and resets followed by logons with the previous passwords."""
    out: list[Raw] = []
    for changes, tries in _HISTORIES:
        for channel in ("ldap", "smb"):
            for rule in ("", "disabled", "expired", "logon_hours"):
                if rule and Age in {type(c) for c in changes}:
                    continue
                combo = (rule,) if rule else ()
                attrs_ = dict(_restriction(r, rng) for r in combo)
                steps: tuple[Step, ...] = (*changes, *(_logon(channel, t) for t in tries))
                out.append(("history", combo, tuple(sorted(attrs_.items())), steps))
    return out


def generate(seed: int = SEED, variants: int = 34) -> list[State]:
    """Every state, numbered in a fixed order: the same list for the same seed."""
    rng = random.Random(seed)
    raw = (
        _combinations(rng, variants)
        + _lockouts(rng)
        + _names(rng)
        + _times(rng)
        + _workstations()
        + _histories(rng)
    )
    return [
        State(index, family, tuple(combo), attributes, steps)
        for index, (family, combo, attributes, steps) in enumerate(raw)
    ]


def chunk(states: list[State], part: int, parts: int) -> list[State]:
    """Every ``parts``-th state from ``part``: chunks of like mix, for several workers."""
    return states[part::parts]
