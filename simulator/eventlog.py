"""Event logs with a maximum size and a retention policy (reference WL 6).

Capacity matters to the case: a Security log that is full and may not overwrite can not take the
next audit, and with CrashOnAuditFail = 1 that stops the machine. Records are kept as the model's
event objects and rendered only when someone reads the log.
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Generic, TypeVar

import attrs

from winfacts.errors import ModelError

R = TypeVar("R")


class Retention(enum.Enum):
    OVERWRITE_AS_NEEDED = "overwrite as needed"
    OVERWRITE_OLDER_THAN = "overwrite events older than N days"
    DO_NOT_OVERWRITE = "do not overwrite (clear log manually)"


@attrs.define
class LogSettings:
    max_size: int  # bytes
    retention: Retention = Retention.OVERWRITE_AS_NEEDED
    retention_days: int = 7  # only with OVERWRITE_OLDER_THAN
    auto_backup: bool = False

    def __attrs_post_init__(self) -> None:
        if self.max_size < 64 * 1024 or self.max_size % 65536:
            # Windows rounds log sizes to 64 KB units and refuses less than 64 KB.
            raise ModelError("an event log's maximum size is a multiple of 64 KB, at least 64 KB")


@attrs.frozen
class StoredRecord(Generic[R]):
    time: datetime
    size: int
    record: R


class EventLog(Generic[R]):
    """One channel ("Security", "System"). ``append`` returns False when the record can not be
    written because the log is full and its retention forbids overwriting what is there."""

    def __init__(self, name: str, settings: LogSettings, record_size: int) -> None:
        self.name = name
        self.settings = settings
        self.record_size = record_size
        self._records: deque[StoredRecord[R]] = deque()
        self._used = 0
        self._next_id = 1
        self.dropped = 0
        self.archives: list[str] = []

    @property
    def used(self) -> int:
        return self._used

    @property
    def is_full(self) -> bool:
        return self._used + self.record_size > self.settings.max_size

    def next_record_id(self) -> int:
        return self._next_id

    def can_write(self, now: datetime) -> bool:
        if not self.is_full or self.settings.auto_backup:
            return True
        return self._reclaimable(now)

    def append(self, record: R, now: datetime) -> bool:
        size = self.record_size
        while self._used + size > self.settings.max_size:
            if not self._reclaimable(now):
                if self.settings.auto_backup:
                    # "Archive the log when full": Windows saves the file and starts a new one.
                    self.clear(backup_name=f"Archive-{self.name}-{now:%Y-%m-%d-%H-%M-%S}")
                    continue
                self.dropped += 1
                return False
            oldest = self._records.popleft()
            self._used -= oldest.size
        self._records.append(StoredRecord(now, size, record))
        self._used += size
        self._next_id += 1
        return True

    def fill(self, make: object, now: datetime) -> int:
        """Append records from ``make(record_id)`` until the log refuses one; returns how many."""
        count = 0
        while not self.is_full:
            self.append(make(self._next_id), now)  # type: ignore[operator]
            count += 1
        return count

    def clear(self, backup_name: str | None = None) -> int:
        """`wevtutil cl` (with /bu:) or Event Viewer's Clear Log; returns how many were removed."""
        removed = len(self._records)
        if backup_name:
            self.archives.append(backup_name)
        self._records.clear()
        self._used = 0
        return removed

    def records(self) -> Iterator[R]:
        return (stored.record for stored in self._records)

    def __len__(self) -> int:
        return len(self._records)

    def _reclaimable(self, now: datetime) -> bool:
        if not self._records:
            return False
        retention = self.settings.retention
        if retention is Retention.OVERWRITE_AS_NEEDED:
            return True
        if retention is Retention.OVERWRITE_OLDER_THAN:
            age = now - self._records[0].time
            return age > timedelta(days=self.settings.retention_days)
        return False

    def __repr__(self) -> str:
        return (
            f"EventLog({self.name!r}, {len(self._records)} records, "
            f"{self._used}/{self.settings.max_size} bytes, {self.settings.retention.value})"
        )
