"""`wevtutil gl Security` (the bundle's ``Security-log.txt``), optionally followed by the output of
`wevtutil gli Security`, which the project's collector appends so a diagnosis can tell how full
the log is.

`wevtutil gl` prints ``key: value`` lines: name, enabled, type, owningPublisher, isolation,
channelAccess, then ``logging:`` with indented logFileName, retention, autoBackup and maxSize,
and ``publishing:`` with indented fileMax (and, for other channel types, level, keywords,
controlGuid, bufferSize, ...). Transcripts: the "wevtutil get-log Security" sample in
Microsoft's PowerShell documentation (about_Logging_Windows) and many public notes. retention
true means old events are kept (the log does not overwrite); autoBackup true archives a full log.

`wevtutil gli` prints creationTime, lastAccessTime, lastWriteTime (ISO 8601, UTC "Z"), fileSize
(bytes), attributes (file attributes, 32 = archive), numberOfLogRecords and oldestRecordNumber:
the EVT_LOG_PROPERTY_ID values
(learn.microsoft.com/windows/win32/api/winevt/ne-winevt-evt_log_property_id); output seen in
3gstudent's public notes on clearing Windows logs.

The gli part is optional (contract section 3: the collector appends it where it can). When it is
missing, every gli field of `LogConfig` stays None, which means "not known", never "empty" or
"zero": how full the log is can not be told from ``wevtutil gl`` alone, and nothing here
estimates it from maxSize. ``has_info`` says whether gli's figures are there.

Keys are matched case-insensitively and indentation may be any width (copies in translated pages
keep one space). Unknown keys are kept in ``other``. wevtutil's own error text ("Failed to read
configuration for log Security. ...") gives a document with ``error`` set and no settings.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import attrs

from ..errors import BundleError, quote_name
from .text import decode, read_bytes

MAX_WEVTUTIL_BYTES = 1024 * 1024

_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_]*)\s*:(.*)")
_INT = re.compile(r"[0-9]{1,20}")
_SECTIONS = ("logging", "publishing")
_GL_TOP = ("name", "enabled", "type", "owningpublisher", "isolation", "channelaccess")
_GLI = (
    "creationtime",
    "lastaccesstime",
    "lastwritetime",
    "filesize",
    "attributes",
    "numberoflogrecords",
    "oldestrecordnumber",
)


@attrs.frozen
class LogConfig:
    """A channel's configuration (gl) and, when present, its file's state (gli)."""

    path: str
    name: str | None = None
    enabled: bool | None = None
    type: str | None = None
    owning_publisher: str | None = None
    isolation: str | None = None
    channel_access: str | None = None
    log_file_name: str | None = None
    retention: bool | None = None  # True: keep events (do not overwrite)
    auto_backup: bool | None = None
    max_size: int | None = None  # bytes
    publishing: dict[str, str] = attrs.field(factory=dict)
    # wevtutil gli, when appended
    creation_time: datetime | None = None
    last_access_time: datetime | None = None
    last_write_time: datetime | None = None
    file_size: int | None = None
    attributes: int | None = None
    number_of_log_records: int | None = None
    oldest_record_number: int | None = None
    error: str | None = None
    other: dict[str, str] = attrs.field(factory=dict)
    lines: dict[str, int] = attrs.field(factory=dict)  # lower-case key -> line

    @property
    def has_info(self) -> bool:
        """Whether `wevtutil gli` output was appended (fileSize or numberOfLogRecords given);
        when False, file_size and number_of_log_records are None: unknown."""
        return self.file_size is not None or self.number_of_log_records is not None


def read_wevtutil_gl(path: Path) -> LogConfig:
    return parse_wevtutil_gl(decode(read_bytes(path, MAX_WEVTUTIL_BYTES), path), path)


def parse_wevtutil_gl(text: str, path: Path | str = "Security-log.txt") -> LogConfig:
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    publishing: dict[str, str] = {}
    other: dict[str, str] = {}
    errors: list[str] = []
    section: str | None = None
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        line = raw.rstrip().lstrip("\ufeff")
        if not line.strip():
            continue
        indented = line[0] in " \t"
        stripped = line.strip()
        if stripped.lower().startswith("failed to "):
            errors.append(stripped)
            continue
        match = _LINE.fullmatch(stripped)
        if match is None:
            if errors:
                errors.append(stripped)
                continue
            raise BundleError(path, "has a line that is not 'key: value'", number)
        key = match.group(1).lower()
        value = match.group(2).strip()
        if not indented:
            section = key if key in _SECTIONS else None
            if section is not None:
                if value:
                    shown = quote_name(match.group(1), bare=True)
                    raise BundleError(path, f"{shown}: should start a block", number)
                _remember(lines, key, number, path)
                continue
            qualified = key
        elif section is None:
            raise BundleError(path, "has an indented line outside logging: or publishing:", number)
        else:
            qualified = f"{section}.{key}"
        _remember(lines, qualified, number, path)
        if section == "publishing" and indented:
            publishing[match.group(1)] = value
        elif qualified in (*_GL_TOP, *_GLI) or qualified.startswith("logging."):
            values[qualified] = value
        else:
            other[match.group(1) if not indented else qualified] = value
    if not values and not publishing:
        if errors:
            return LogConfig(str(path), error=" ".join(errors))
        raise BundleError(path, "is not the output of wevtutil gl", 1)
    return LogConfig(
        path=str(path),
        name=values.get("name"),
        enabled=_bool(values, lines, "enabled", path),
        type=values.get("type"),
        owning_publisher=values.get("owningpublisher") or None,
        isolation=values.get("isolation"),
        channel_access=values.get("channelaccess"),
        log_file_name=values.get("logging.logfilename"),
        retention=_bool(values, lines, "logging.retention", path),
        auto_backup=_bool(values, lines, "logging.autobackup", path),
        max_size=_number(values, lines, "logging.maxsize", path),
        publishing=publishing,
        creation_time=_time(values, lines, "creationtime", path),
        last_access_time=_time(values, lines, "lastaccesstime", path),
        last_write_time=_time(values, lines, "lastwritetime", path),
        file_size=_number(values, lines, "filesize", path),
        attributes=_number(values, lines, "attributes", path),
        number_of_log_records=_number(values, lines, "numberoflogrecords", path),
        oldest_record_number=_number(values, lines, "oldestrecordnumber", path),
        error=" ".join(errors) or None,
        other=other,
        lines=lines,
    )


def _remember(lines: dict[str, int], key: str, number: int, path: Path | str) -> None:
    if key in lines:
        raise BundleError(path, f"gives {quote_name(key, bare=True)} twice", number)
    lines[key] = number


def _bool(values: dict[str, str], lines: dict[str, int], key: str, path: Path | str) -> bool | None:
    value = values.get(key)
    if value is None:
        return None
    if value.lower() not in ("true", "false"):
        raise BundleError(path, f"{key} is neither true nor false", lines[key])
    return value.lower() == "true"


def _number(
    values: dict[str, str], lines: dict[str, int], key: str, path: Path | str
) -> int | None:
    value = values.get(key)
    if value is None:
        return None
    if not _INT.fullmatch(value):
        raise BundleError(path, f"{key} is not a whole number", lines[key])
    return int(value)


def _time(
    values: dict[str, str], lines: dict[str, int], key: str, path: Path | str
) -> datetime | None:
    value = values.get(key)
    if value is None or value == "":
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise BundleError(path, f"{key} is not an ISO 8601 time", lines[key]) from exc
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise BundleError(path, f"{key} has no UTC offset", lines[key])
    return moment
