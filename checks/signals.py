"""What the running server itself reported: the latest failure audit for the anonymous account,
the IIS log's sc-win32-status, and the collector's credential probe.

Windows reports one cause per logon (the first in its order), so these signals name at most one
finding each; configuration and account files are what reveal the causes queued behind it.
"""

from __future__ import annotations

import attrs

from winfacts.ntstatus import (
    STATUS_ACCOUNT_DISABLED,
    STATUS_ACCOUNT_EXPIRED,
    STATUS_ACCOUNT_LOCKED_OUT,
    STATUS_INVALID_LOGON_HOURS,
    STATUS_INVALID_WORKSTATION,
    STATUS_LOGON_TYPE_NOT_GRANTED,
    STATUS_NO_SUCH_USER,
    STATUS_PASSWORD_EXPIRED,
    STATUS_PASSWORD_MUST_CHANGE,
    STATUS_WRONG_PASSWORD,
)

from .facts import LogonEventFact, ProbeFacts, W3cFacts
from .findings import EvidenceItem

#: A logon failure's Win32 code -> the finding it points at (1326 and 1329 are ambiguous and
#: resolved by the checks with the configuration; see `Signal.candidates`).
WIN32_TO_ID: dict[int, tuple[str, ...]] = {
    1326: ("password-mismatch", "account-not-found", "password-sync-unusable"),
    1331: ("account-disabled",),
    1909: ("account-locked-out",),
    1793: ("account-expired",),
    1907: ("password-must-change",),
    1330: ("password-expired",),
    1329: ("workstation-restriction", "crash-on-audit-fail"),
    1328: ("logon-hours",),
    1385: ("logon-right-denied", "logon-right-missing"),
}

#: 4625 SubStatus (or Status when SubStatus is 0) -> finding ids
STATUS_TO_ID: dict[int, tuple[str, ...]] = {
    STATUS_NO_SUCH_USER: ("account-not-found",),
    STATUS_WRONG_PASSWORD: ("password-mismatch", "password-sync-unusable"),
    STATUS_ACCOUNT_DISABLED: ("account-disabled",),
    STATUS_ACCOUNT_LOCKED_OUT: ("account-locked-out",),
    STATUS_ACCOUNT_EXPIRED: ("account-expired",),
    STATUS_PASSWORD_MUST_CHANGE: ("password-must-change",),
    STATUS_PASSWORD_EXPIRED: ("password-expired",),
    STATUS_INVALID_WORKSTATION: ("workstation-restriction",),
    STATUS_INVALID_LOGON_HOURS: ("logon-hours",),
    STATUS_LOGON_TYPE_NOT_GRANTED: ("logon-right-denied", "logon-right-missing"),
}

#: Windows Server 2003 failure events -> finding ids (529 covers unknown user and bad password).
EVENT_2003_TO_ID: dict[int, tuple[str, ...]] = {
    529: ("password-mismatch", "account-not-found", "password-sync-unusable"),
    530: ("logon-hours",),
    531: ("account-disabled",),
    532: ("account-expired",),
    533: ("workstation-restriction",),
    534: ("logon-right-denied", "logon-right-missing"),
    535: ("password-expired", "password-must-change"),
    539: ("account-locked-out",),
}


@attrs.frozen
class Signal:
    """One piece of runtime evidence and the findings it is consistent with."""

    candidates: tuple[str, ...]
    item: EvidenceItem
    current: bool  # the probe speaks for the moment of collection; logs may be stale


def from_event(event: LogonEventFact) -> Signal | None:
    if event.success:
        return None
    ids: tuple[str, ...] = ()
    if event.event_id == 4625:
        code = event.substatus or event.status
        ids = STATUS_TO_ID.get(code or 0, ()) or STATUS_TO_ID.get(event.status or 0, ())
    else:
        ids = EVENT_2003_TO_ID.get(event.event_id, ())
    if not ids:
        return None
    codes = ""
    if event.status is not None:
        codes = f" Status 0x{event.status:08X}"
        if event.substatus:
            codes += f" SubStatus 0x{event.substatus:08X}"
    detail = (
        f"event {event.event_id} at {event.time:%Y-%m-%d %H:%M:%S} UTC: logon type "
        f"{event.logon_type} for {event.domain}\\{event.user} failed{codes}"
    )
    return Signal(ids, EvidenceItem(event.source, detail), current=False)


def from_w3c(facts: W3cFacts) -> Signal | None:
    if facts.last_failure is None:
        return None
    status, substatus, win32 = facts.last_failure
    if status == 401 and substatus == 1:
        ids = WIN32_TO_ID.get(win32, ())
    elif status == 401 and substatus == 2:
        ids = ("anonymous-disabled",)
    elif status == 401 and substatus == 3:
        ids = ("content-acl-denied",)
    else:
        ids = ()
    if not ids:
        return None
    total = sum(facts.failures.values())
    detail = f"{total} anonymous request(s) failed; the latest: {facts.sample}"
    return Signal(ids, EvidenceItem(facts.files[0] if facts.files else "IIS log", detail), False)


def from_probe(probe: ProbeFacts) -> Signal | None:
    if probe.win32_error == 0:
        return None
    ids = WIN32_TO_ID.get(probe.win32_error, ())
    if not ids:
        return None
    detail = (
        f"LogonUser({probe.account}, logon type {probe.logon_type}) with the configured "
        f"password failed with Win32 error {probe.win32_error}"
    )
    return Signal(ids, EvidenceItem(probe.source, detail), current=True)
