"""Two faults on one host: which pairs a diagnosis can be held to, and which one shows first.

A pair is scored like a single fault, with one more demand: the findings must come in the order
one anonymous request meets the causes, the first being what a visitor sees now and the second
what appears once the first is fixed. The simulator is the judge of that order (`seen_first`).

Some pairs can not be judged at all, because on a real server too either both can not be
present at once or one of them can not be seen while the other is: those are `HIDDEN_PAIRS`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping

import attrs

from winfacts.errors import ModelError
from winfacts.finding_ids import OUTCOME_FINDINGS
from winfacts.ntstatus import Outcome

from .factory import HostSpec, build_host
from .faults import FAULT_IDS, Fault, fault_class, variants
from .host import Host
from .scenario import observe

#: Pairs that can not both be present, or not both be seen, on a real server either.
#:
#: - ``password-must-change`` + ``password-expired``: both live in one attribute (pwdLastSet), so
#:   making the second rewrites the first.
#: - ``crash-on-audit-fail`` + ``security-log-full``: both are the CrashOnAuditFail value (2 and
#:   1); whichever is set last is the only one there.
#: - ``password-mismatch`` + ``password-sync-unusable``: a wrong stored password is exactly what
#:   AnonymousPasswordSync leaves behind, so the one explains the other.
#: - ``password-mismatch`` + ``account-locked-out``: Windows checks lockout before the password,
#:   so nothing ever tries the wrong password while the account is locked out.
#: - ``password-mismatch`` + ``security-log-full``: the collector does not probe the password on
#:   a host whose next failure audit would stop it, so the mismatch leaves no evidence.
HIDDEN_PAIRS: frozenset[frozenset[str]] = frozenset(
    {
        frozenset({"password-must-change", "password-expired"}),
        frozenset({"crash-on-audit-fail", "security-log-full"}),
        frozenset({"password-mismatch", "password-sync-unusable"}),
        frozenset({"password-mismatch", "account-locked-out"}),
        frozenset({"password-mismatch", "security-log-full"}),
    }
)

#: For a 401.1, the finding ids LogonUser's outcome can stand for.
OUTCOME_IDS: Mapping[Outcome, tuple[str, ...]] = OUTCOME_FINDINGS


def seen_first(host: Host, pair: tuple[str, str]) -> str:
    """Which of the two faults one anonymous request meets, as the simulator shows it.

    The request is real: it adds to the host's logs and, with a full Security log, may stop it.
    Export a bundle before asking.
    """
    response = observe(host).response
    if response.status is None:
        return "security-log-full"
    if response.code == "401.2":
        return "anonymous-disabled"
    if response.code == "401.3":
        return "content-acl-denied"
    if response.code == "401.1":
        if response.logon is None:
            raise ModelError(f"{host.computer_name} answered 401.1 without a logon", subject="/")
        candidates = OUTCOME_IDS.get(response.logon.outcome, ())
        found = next((i for i in candidates if i in pair), None)
        if found is None:
            raise ModelError(
                f"a logon failing with {response.logon.outcome.name} is neither of {pair}",
                subject=" + ".join(pair),
            )
        return found
    return "logon-audit-disabled"


@attrs.frozen
class MadePair:
    """A host broken by two faults, and the fault objects (the variants used) that did it."""

    host: Host = attrs.field(repr=False)
    faults: tuple[Fault, Fault]


def make_pair(spec: HostSpec, a: str, b: str) -> MadePair | None:
    """A host of ``spec`` with both faults (the first variant of each that applies), IIS's token
    cache flushed; None when the second can not be made after the first (no account left to
    change once it is gone or misnamed)."""
    host = build_host(spec)
    fault_a = next((f for f in variants(a) if f.applies_to(host)), None)
    if fault_a is None:
        return None
    fault_a.inject(host)
    fault_b = next((f for f in variants(b) if f.applies_to(host)), None)
    if fault_b is None:
        return None
    try:
        fault_b.inject(host)
    except ModelError:
        return None
    if host.running:
        host.iis.iisreset()
    return MadePair(host, (fault_a, fault_b))


def candidate_pairs() -> Iterator[tuple[str, str]]:
    """Every pair of catalogue ids, in catalogue order, except the hidden ones."""
    for a, b in itertools.combinations(FAULT_IDS, 2):
        if frozenset({a, b}) not in HIDDEN_PAIRS:
            yield a, b


def windows_order(host: Host, pair: tuple[str, str]) -> list[str]:
    """The pair's ids in the order a diagnosis must give them: the error a request meets first,
    then the other; an informational finding (which fails no request) after every error.

    Makes a request (see `seen_first`)."""
    first = seen_first(host, pair)
    ordered = [first, *(i for i in pair if i != first)]
    ordered = sorted(ordered, key=lambda i: fault_class(i).severity == "info")
    # A fault that makes another finding true too is followed by it (they are neighbours in
    # Windows' order: AnonymousPasswordSync, then the password it leaves failing), unless the
    # pair's other fault hides that finding (nothing tries a password behind a lockout).
    return [
        found
        for i in ordered
        for found in fault_class(i).findings
        if found == i
        or not any(frozenset({found, other}) in HIDDEN_PAIRS for other in pair if other != i)
    ]
