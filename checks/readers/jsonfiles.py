"""The collector's own files, ``host.json`` and ``probe.json`` (contract section 3).

``host.json``: computer_name, domain (a NetBIOS name or null), is_domain_controller,
iis_version, os, collected_at (ISO 8601 with the server's UTC offset). ``probe.json``: account,
logon_type, win32_error (the LogonUser result for the configured anonymous credentials).

Decoded like every other bundle file (PowerShell 5 writes UTF-16LE with a BOM by default, later
versions UTF-8). A JSON syntax error names its line; a missing or wrong field names the field and
never quotes its value (a collector bug must not put a password in an error message). Unknown
keys are ignored and not kept. Duplicate keys, NaN and Infinity are refused.

Chosen here: ``collected_at`` may be absent or null (the contract says the tool then judges
against its own clock); every other field is required, ``domain`` as a key even when null.
``date_format`` and ``time_format`` (optional) are .NET short date and long time patterns
("M/d/yyyy", "dd/MM/yyyy", "yyyy/M/d", "h:mm:ss tt", "HH:mm:ss", as PowerShell's
``(Get-Culture).DateTimeFormat`` prints them); a pattern with other characters, or a date
pattern without day, month and year, is refused. A ``computer_name`` given as an FQDN
("web01.contoso.com", what ``[System.Net.Dns]::GetHostEntry`` answers) becomes the NetBIOS
name everything else in a bundle uses: its first label, upper case, at most 15 characters;
the rest is ``dns_suffix``.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any, TypeAlias

from ..errors import BundleError, parser_detail, quote_name
from ..facts import HostFacts, ProbeFacts
from .text import decode, read_bytes

MAX_JSON_BYTES = 1024 * 1024
#: Letters of .NET custom date and time patterns, separators, quotes and the CJK date
#: suffixes (zh-CN and ja-JP long forms) a short date or long time pattern may hold.
_PATTERN = re.compile(r"[dMyHhmstfFgKz/.\-:, '年月日]{1,40}")
_LABEL = re.compile(r"[A-Za-z0-9_-](?:[A-Za-z0-9_-]{0,62})")
_IPV4 = re.compile(r"[0-9]{1,3}(\.[0-9]{1,3}){3}")
NETBIOS_NAME_CHARS = 15
#: LogonUser logon types the collector's probe may use (IIS LogonMethod 0-3 give 2, 4, 3, 8).
PROBE_LOGON_TYPES = frozenset({2, 3, 4, 5, 8})
_VERSION = re.compile(r"[0-9]{1,2}(\.[0-9]{1,2}){0,2}")

#: The probe's result; the diagnosis model calls it ProbeFacts.
ProbeResult: TypeAlias = ProbeFacts


def read_host_json(path: Path) -> HostFacts:
    data = _load(path)
    collected = data.get("collected_at")
    computer, suffix = _computer_name(data, path)
    return HostFacts(
        computer_name=computer,
        domain=_optional_text(data, "domain", path),
        is_domain_controller=_bool(data, "is_domain_controller", path),
        iis_version=_version(data, path),
        os=_text(data, "os", path),
        collected_at=None if collected is None else _moment(collected, path),
        source=path.name,
        date_format=_pattern(data, "date_format", "dMy", path),
        time_format=_pattern(data, "time_format", "m", path),
        dns_suffix=suffix,
    )


def read_probe_json(path: Path) -> ProbeResult:
    data = _load(path)
    logon_type = _int(data, "logon_type", path)
    if logon_type not in PROBE_LOGON_TYPES:
        raise BundleError(path, "field 'logon_type' is not a LogonUser type (2, 3, 4, 5 or 8)")
    error = _int(data, "win32_error", path)
    if not 0 <= error <= 0xFFFFFFFF:
        raise BundleError(path, "field 'win32_error' is not a Win32 error code")
    return ProbeFacts(
        account=_text(data, "account", path),
        logon_type=logon_type,
        win32_error=error,
        source=path.name,
    )


def _load(path: Path) -> dict[str, Any]:
    text = decode(read_bytes(path, MAX_JSON_BYTES), path)
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        near = text.split("\n")[max(0, exc.lineno - 2) : exc.lineno]
        detail = parser_detail(exc.msg, near)
        raise BundleError(path, f"is not valid JSON ({detail})", exc.lineno) from exc
    except _Refused as exc:
        raise BundleError(path, str(exc)) from exc
    except ValueError as exc:  # e.g. a number too long for int()
        raise BundleError(path, "holds a value JSON can not represent here") from exc
    except RecursionError as exc:
        raise BundleError(path, "is nested too deeply to be a collector file") from exc
    if not isinstance(data, dict):
        raise BundleError(path, "is not a JSON object")
    return data


class _Refused(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"gives the key {quote_name(key)} twice")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise _Refused(f"holds {name}, which is not JSON")


def _missing(path: Path, field: str) -> BundleError:
    return BundleError(path, f"has no field {field!r}")


def _text(data: dict[str, Any], field: str, path: Path) -> str:
    if field not in data:
        raise _missing(path, field)
    value = data[field]
    if not isinstance(value, str) or not value.strip():
        raise BundleError(path, f"field {field!r} is not a non-empty string")
    return value.strip()


def _optional_text(data: dict[str, Any], field: str, path: Path) -> str | None:
    if field not in data:
        raise _missing(path, field)
    if data[field] is None:
        return None
    value = data[field]
    if not isinstance(value, str) or not value.strip():
        raise BundleError(path, f"field {field!r} is not a non-empty string or null")
    return value.strip()


def _bool(data: dict[str, Any], field: str, path: Path) -> bool:
    if field not in data:
        raise _missing(path, field)
    value = data[field]
    if not isinstance(value, bool):
        raise BundleError(path, f"field {field!r} is not true or false")
    return value


def _int(data: dict[str, Any], field: str, path: Path) -> int:
    if field not in data:
        raise _missing(path, field)
    value = data[field]
    if isinstance(value, bool) or not isinstance(value, int):
        raise BundleError(path, f"field {field!r} is not a whole number")
    return value


def _version(data: dict[str, Any], path: Path) -> str:
    value = _text(data, "iis_version", path)
    if not _VERSION.fullmatch(value):
        raise BundleError(path, "field 'iis_version' is not a version such as \"6.0\"")
    return value


def _computer_name(data: dict[str, Any], path: Path) -> tuple[str, str | None]:
    name = _text(data, "computer_name", path)
    if "." not in name:
        return name, None
    if _IPV4.fullmatch(name):
        raise BundleError(path, "field 'computer_name' is an IP address, not a computer name")
    labels = name.rstrip(".").split(".")
    if not all(_LABEL.fullmatch(label) for label in labels):
        raise BundleError(path, "field 'computer_name' is not a computer name or DNS name")
    # Windows derives the NetBIOS name from the host label: upper case, at most 15 characters
    # (learn.microsoft.com, "Naming conventions in Active Directory for computers").
    return labels[0][:NETBIOS_NAME_CHARS].upper(), ".".join(labels[1:]) or None


def _pattern(data: dict[str, Any], field: str, needs: str, path: Path) -> str | None:
    """An optional .NET date or time pattern; ``needs`` the letters it must hold."""
    value = data.get(field)
    if value is None:
        return None
    if not isinstance(value, str) or not _PATTERN.fullmatch(value.strip()):
        raise BundleError(path, f"field {field!r} is not a .NET date or time pattern")
    value = value.strip()
    if not all(letter in value for letter in needs):
        raise BundleError(path, f"field {field!r} lacks one of {', '.join(needs)}")
    if field == "time_format" and "H" not in value and "h" not in value:
        raise BundleError(path, f"field {field!r} lacks an hour (H or h)")
    return value


def _moment(value: Any, path: Path) -> datetime:
    if not isinstance(value, str):
        raise BundleError(path, "field 'collected_at' is not an ISO 8601 string")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise BundleError(path, "field 'collected_at' is not an ISO 8601 time") from exc
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise BundleError(path, "field 'collected_at' has no UTC offset")
    return moment
