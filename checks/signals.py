"""What the running server itself reported: the latest failure audit for the anonymous account,
the IIS log's sc-win32-status, and the collector's credential probe.

Windows reports one cause per logon (the first in its order), so these signals name at most one
finding each; configuration and account files are what reveal the causes queued behind it.
"""

from __future__ import annotations

import attrs

from winfacts.finding_ids import findings_by_code

from .facts import LogonEventFact, ProbeFacts, W3cFacts
from .findings import EvidenceItem

#: A logon failure's Win32 code -> the findings it points at (1326 and 1329 are ambiguous and
#: resolved by the checks with the configuration; see `Signal.candidates`).
WIN32_TO_ID: dict[int, tuple[str, ...]] = findings_by_code(lambda codes: codes.win32)
#: 4625 SubStatus (or Status when SubStatus is 0) -> finding ids
STATUS_TO_ID: dict[int, tuple[str, ...]] = findings_by_code(
    lambda codes: codes.substatus or codes.status, audited=True
)
#: Windows Server 2003 failure events -> finding ids (529 covers unknown user and bad password).
EVENT_2003_TO_ID: dict[int, tuple[str, ...]] = findings_by_code(
    lambda codes: codes.event_2003, audited=True
)


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
