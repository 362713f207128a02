"""``Security.csv``: Windows Server 2003 Event Viewer's "Save Log File As" CSV of the Security log.

Columns (no header row): Date, Time, Source, Type, Category, Event, User, Computer,
Description ("File formats for archived logs", learn.microsoft.com cc780824). Date and time are
the en-US ``M/D/YYYY`` and ``h:mm:ss AM``/``PM`` in the *server's* local time: the caller
passes that zone (from host.json's ``collected_at`` offset, contract section 3) and the records
carry UTC. A 24-hour ``HH:MM:SS`` is read too.

The Description is the event's message as Event Viewer shows it: a title line, then
``Label:<tabs>value`` lines, each after the first starting with a blank and a tab (msaudite.dll
5.2 message table, libyal/winevt-kb; simulator/render_events.legacy_description writes the
same). The labels read are User Name, Domain, Logon Type, Logon Process, Authentication
Package, Workstation Name, Caller Process ID, Source Network Address and, for 537, Status code
and Substatus code. Other 2003 events have no Status/SubStatus/FailureReason: the event ID is
the cause (529 unknown user or bad password, 531 disabled, ...).

Assumptions (this module): legacy_csv_encoding - a file with a UTF-16 or UTF-8 byte-order mark
is read in that encoding, one without is UTF-8 when its first 64 KiB decode as UTF-8 and the
ANSI code page (cp1252) otherwise; legacy_csv_extra_columns - a row with more than nine
columns is an unquoted Description that held commas, and its columns from the ninth on are
joined again with commas.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Collection, Iterator
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Final

from ..errors import BundleError
from .events import (
    DEFAULT_EVENT_IDS,
    LOGON_IDS,
    RENDERING_CSV,
    SecurityEventRecord,
    account_keys,
    clean,
    keep,
    parse_int,
    wanted_ids,
)

COLUMNS: Final = 9
SNIFF_BYTES: Final = 64 * 1024
#: The csv module's own limit (128 KiB a field) stays: no real Description comes near it.

_LABELS: Final = {
    "user name": "target_user",
    "domain": "target_domain",
    "logon type": "logon_type",
    "logon process": "logon_process",
    "authentication package": "auth_package",
    "workstation name": "workstation",
    "caller process id": "process_id",
    "source network address": "ip",
    "status code": "status",
    "substatus code": "substatus",
}


def iter_security_csv(
    path: str | os.PathLike[str],
    *,
    tz: tzinfo,
    accounts: Collection[str] | None = None,
    event_ids: Collection[int] = DEFAULT_EVENT_IDS,
) -> Iterator[SecurityEventRecord]:
    """The rows of a 2003 Event Viewer Security CSV whose event ID is in ``event_ids`` and, for
    logon events, whose User Name is one of ``accounts`` (compared case-insensitively; None
    keeps all). ``tz`` is the server's local time zone. A malformed row raises `BundleError`
    naming the line it starts on."""
    file = Path(path)
    ids = wanted_ids(event_ids)
    keys = account_keys(accounts)
    try:
        raw = open(file, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise BundleError(file, f"can not be read ({exc.strerror or exc})") from exc
    with raw:
        try:
            encoding, errors = _sniff(raw.read(SNIFF_BYTES))
            raw.seek(0)
            text = io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="")
            yield from _rows(file, text, tz, ids, keys)
        except OSError as exc:
            raise BundleError(file, f"can not be read ({exc.strerror or exc})") from exc


def _sniff(head: bytes) -> tuple[str, str]:
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16", "strict"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "strict"
    if len(head) >= 4 and head[1] == 0 and head[3] == 0 and head[0] != 0:
        return "utf-16-le", "strict"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252", "replace"
    return "utf-8", "strict"


def _rows(
    path: Path,
    text: io.TextIOWrapper,
    tz: tzinfo,
    ids: frozenset[int],
    keys: frozenset[str] | None,
) -> Iterator[SecurityEventRecord]:
    reader = csv.reader(text, strict=True)  # a truncated or mis-quoted row is an error
    name = path.name
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise BundleError(path, f"is not a readable CSV row ({exc})", start) from exc
        except UnicodeDecodeError as exc:
            raise BundleError(path, f"is not valid {text.encoding}", start) from exc
        line = start
        start = reader.line_num + 1
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) < COLUMNS:
            raise BundleError(
                path,
                f"{len(row)} columns where the Event Viewer CSV has {COLUMNS} (Date, Time, "
                "Source, Type, Category, Event, User, Computer, Description)",
                line,
            )
        description = row[8] if len(row) == COLUMNS else ",".join(row[8:])
        event_id = parse_int(row[5])
        if event_id is None or not row[5].strip().isdecimal():
            raise BundleError(path, f"Event {row[5]!r} is not an event ID", line)
        if event_id not in ids:
            continue
        fields = _description(description) if event_id in LOGON_IDS else {}
        user = clean(fields.get("target_user"))
        if (
            keys is not None
            and event_id in LOGON_IDS
            and (user is None or user.casefold() not in keys)
        ):
            continue
        record = SecurityEventRecord(
            event_id=event_id,
            time=_local_time(row[0], row[1], tz, path, line),
            computer=row[7].strip(),
            target_user=user,
            target_domain=clean(fields.get("target_domain")),
            logon_type=parse_int(fields.get("logon_type")),
            status=parse_int(fields.get("status")),
            substatus=parse_int(fields.get("substatus")),
            logon_process=clean(fields.get("logon_process")),
            auth_package=clean(fields.get("auth_package")),
            process_id=parse_int(fields.get("process_id")),
            workstation=clean(fields.get("workstation")),
            ip=clean(fields.get("ip")),
            rendering=RENDERING_CSV,
            source=name,
            line=line,
        )
        if keep(record, ids, keys):
            yield record


def _description(text: str) -> dict[str, str]:
    """``Label:<tabs>value`` lines of a 2003 Description, by record attribute (first wins)."""
    fields: dict[str, str] = {}
    for raw in text.splitlines():
        label, colon, value = raw.strip(" \t").partition(":")
        if not colon:
            continue
        key = _LABELS.get(label.strip().lower())
        if key is not None and key not in fields:
            fields[key] = value.strip(" \t")
    return fields


def _local_time(day: str, clock: str, tz: tzinfo, path: Path, line: int) -> datetime:
    try:
        month, mday, year = (int(part) for part in day.strip().split("/"))
        parts = clock.strip().split()
        hour, minute, second = (int(part) for part in parts[0].split(":"))
        if len(parts) == 2:
            suffix = parts[1].upper()
            if suffix not in ("AM", "PM") or not 1 <= hour <= 12:
                raise ValueError(clock)
            hour = hour % 12 + (12 if suffix == "PM" else 0)
        elif len(parts) != 1:
            raise ValueError(clock)
        local = datetime(year, month, mday, hour, minute, second, tzinfo=tz).astimezone(UTC)
    except (ValueError, IndexError, OverflowError) as exc:
        raise BundleError(
            path,
            f"{day!r} {clock!r} is not an en-US Event Viewer date and time "
            "(M/D/YYYY h:mm:ss AM|PM)",
            line,
        ) from exc
    return local


__all__ = ["COLUMNS", "iter_security_csv"]
