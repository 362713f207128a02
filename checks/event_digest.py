"""What the diagnosis keeps of a Security log: counts and bounded samples, never every event.

A busy server's log can hold millions of audits naming the anonymous account (every anonymous
request is a logon when the token cache is off). Keeping them all would make memory grow with
the log. The checks ask three things of it: the newest audit of the logon types IIS uses,
whether any failure was audited, and the newest "the security log is now full" record. For
each (account, logon type) the digest therefore keeps the newest `SAMPLE` audits, the newest
failure and the newest success, and a count; for event 1104 the newest record and a count.
Those answer the questions exactly as the whole log would.

Events may arrive pending (`checks.readers.security_xml.PendingEvent`: read from their bytes
only as far as choosing them needs); the kept ones are parsed in full when asked for, so a
log whose every event names the anonymous account is not parsed event by event. The bytes the
pending events hold are bounded by `PENDING_BYTES`; past it an event is parsed as it arrives.

Order: "newest" is by the event's time and, among equal times, by its place in the file (a
later record counts as newer), which is what a stable sort of the whole log by time gives.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection
from datetime import datetime
from pathlib import Path
from typing import Final

import attrs

from .errors import BundleError
from .readers.events import SecurityEventRecord, user_key
from .readers.security_xml import PendingEvent

#: Newest audits kept for each (account, logon type).
SAMPLE: Final = 16
#: (account, logon type) pairs one log may hold for the accounts asked about. Windows has a
#: dozen logon types; a log with more pairs than this for one account is not a real log.
MAX_KINDS: Final = 256
#: The raw bytes pending events may hold in all (a real event is about 1.5 KB).
PENDING_BYTES: Final = 32 * 1024 * 1024

_Event = SecurityEventRecord | PendingEvent
_Entry = tuple[datetime, int, _Event]


@attrs.define
class _Kind:
    count: int = 0
    newest: list[_Entry] = attrs.Factory(list)  # a min-heap of the SAMPLE newest
    failure: _Entry | None = None
    success: _Entry | None = None


def _newer(entry: _Entry, than: _Entry | None) -> bool:
    return than is None or entry[:2] > than[:2]


class EventDigest:
    """The part of a Security log the checks read, built one record at a time with `add`.

    ``accounts`` are the accounts the log was filtered for (None: none were, and logon audits
    are not kept, since no account was asked about)."""

    def __init__(self, path: Path, accounts: Collection[str] | None) -> None:
        self.path = path
        self.accounts = None if accounts is None else frozenset(map(user_key, accounts))
        self._kinds: dict[tuple[str, int | None], _Kind] = {}
        self._seq = 0
        self.full_count = 0
        self._full: _Entry | None = None
        self._pending_bytes = 0

    def add(self, record: _Event) -> None:
        self._seq += 1
        if isinstance(record, PendingEvent):
            if self._pending_bytes + len(record.data) > PENDING_BYTES:
                record = record.parsed()
            else:
                self._pending_bytes += len(record.data)  # counted once, even if kept twice
        entry: _Entry = (record.time, self._seq, record)
        if record.event_id == 1104:
            self.full_count += 1
            if _newer(entry, self._full):
                self._full = entry
            return
        if not record.is_logon or self.accounts is None:
            return
        key = ((record.user or "").casefold(), record.logon_type)
        kind = self._kinds.get(key)
        if kind is None:
            if len(self._kinds) >= MAX_KINDS:
                raise BundleError(
                    self.path,
                    f"names more than {MAX_KINDS} pairs of account and logon type for the "
                    "anonymous account; no real Security log does",
                    record.line,
                )
            kind = self._kinds[key] = _Kind()
        kind.count += 1
        newest = kind.newest
        evicted: _Entry | None = None
        if len(newest) < SAMPLE:
            heapq.heappush(newest, entry)
        elif entry[:2] > newest[0][:2]:
            evicted = heapq.heapreplace(newest, entry)
        else:
            evicted = entry
        replaced: list[_Entry] = []
        if record.failed and _newer(entry, kind.failure):
            if kind.failure is not None:
                replaced.append(kind.failure)
            kind.failure = entry
        if record.succeeded and _newer(entry, kind.success):
            if kind.success is not None:
                replaced.append(kind.success)
            kind.success = entry
        if evicted is not None and evicted is not kind.failure and evicted is not kind.success:
            self._release(evicted)
        for old in replaced:
            # The heap holds the SAMPLE newest of the kind: an entry is in it when it is not
            # older than the heap's oldest (or the heap is not full yet).
            in_heap = len(newest) < SAMPLE or old[:2] >= newest[0][:2]
            if not in_heap and old is not kind.failure and old is not kind.success:
                self._release(old)

    def _release(self, entry: _Entry) -> None:
        """Give back a pending event's bytes: no slot of its kind holds it any more."""
        event = entry[2]
        if isinstance(event, PendingEvent):
            self._pending_bytes -= len(event.data)

    def asked_about(self, user: str) -> bool:
        """Whether the log was read for ``user`` (a log filtered for another account says
        nothing about this one)."""
        return self.accounts is not None and user_key(user) in self.accounts

    def logon_events(self, user: str) -> list[SecurityEventRecord]:
        """The kept audits naming ``user`` (the bare name, any case), oldest first."""
        wanted = user.casefold()
        kept: dict[int, _Entry] = {}
        for (name, _), kind in self._kinds.items():
            if name != wanted:
                continue
            for entry in (*kind.newest, kind.failure, kind.success):
                if entry is not None:
                    kept[entry[1]] = entry
        return [_parsed(entry[2]) for entry in sorted(kept.values(), key=lambda e: e[:2])]

    def logon_count(self, user: str) -> int:
        """How many audits naming ``user`` the log holds (kept or not)."""
        wanted = user.casefold()
        return sum(kind.count for (name, _), kind in self._kinds.items() if name == wanted)

    @property
    def newest_full(self) -> SecurityEventRecord | None:
        """The newest event 1104 ("The security log is now full")."""
        return None if self._full is None else _parsed(self._full[2])


def _parsed(event: _Event) -> SecurityEventRecord:
    return event.parsed() if isinstance(event, PendingEvent) else event
