"""One record type for a Security-log event, whichever file it was read from.

The Security log reaches a bundle in three shapes (contract section 3): ``Security.xml``
(``wevtutil qe Security /f:xml``), ``Security.evtx`` and, from Windows Server 2003,
``Security.csv``. Their readers (`security_xml`, `security_evtx`, `security_csv`) all yield
`SecurityEventRecord`; the XML and .evtx readers share `record_from_element`, which reads one
``<Event>`` element.

Facts and their sources:

* 4624/4625 System and EventData names: MicrosoftDocs windows-itpro-docs
  ``windows/security/threat-protection/auditing/event-4624.md`` and ``event-4625.md``
  (reference windows-logon.md 1).
* 1102 ("The audit log was cleared", ``UserData/LogFileCleared``) and 1104 ("The security log is
  now full", ``UserData/FileIsFull``), provider Microsoft-Windows-Eventlog: the same
  repository, ``event-1102.md`` and ``event-1104.md``. 4719 (system audit policy was changed):
  ``event-4719.md``.
* Windows Server 2003 event IDs 528-540 and the order of their insertion strings
  (%1 User Name, %2 Domain, ...; 537 adds Status code %7 and Substatus code %8 before the caller
  fields): msaudite.dll's message table (libyal/winevt-kb
  ``docs/sources/message-files/MessageFile-msaudite.dll.md``) and the msaudite.h message
  definitions quoted in public Windows source mirrors. 517 (audit log cleared) and 612 (audit
  policy change) are the 2003 counterparts of 1102 and 4719.
* Time: ``TimeCreated/@SystemTime`` is UTC. wevtutil writes 7 or 9 fraction digits and "Z";
  the `evtx` package writes either ``2019-04-27T21:04:25.733401Z`` or, in older releases,
  ``2019-04-27 21:04:25.733401 UTC``. All are read.

A legacy (5xx) event exported as XML on a newer Windows carries its insertion strings as
unnamed ``<Data>`` elements; they are read by position (`LEGACY_POSITIONS`, assumption
``legacy_xml_positions`` in this module).

Channel: every rendered event names its log in ``System/Channel``. A file named Security.* that
holds another log is refused (`check_channel`) rather than read: the Application log holds
events whose IDs collide with the Security log's (Microsoft-Windows-EventSystem writes an
event 4625 there, seen in the DeepBlueCLI ``many-events-application.evtx`` sample), and an
empty result from the wrong log would read as "no logon failed".

Account names: a 4625 for a logon by user principal name carries the UPN whole in
TargetUserName and an empty TargetDomainName (``admmig@offsec.lan`` in the EVTX-to-MITRE-Attack
OpenSSH sample; LogonUser takes ``User@DNSDomainName`` with a NULL domain). The record keeps the
name as logged; `user_key` reduces ``DOMAIN\\user``, ``user@dns.domain`` and ``user`` to one
key, so the filters match the account however the event spelled it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from datetime import UTC, datetime, timedelta
from typing import Final, Literal

import attrs
from lxml import etree

from ..errors import BundleError, quote, quote_name

Rendering = Literal["4625-xml", "2003-csv", "evtx"]

#: 2008+ XML (4624/4625 family and the other events of ``wevtutil qe /f:xml``).
RENDERING_XML: Final[Rendering] = "4625-xml"
#: Windows Server 2003 Event Viewer CSV export.
RENDERING_CSV: Final[Rendering] = "2003-csv"
#: A record of a binary .evtx file.
RENDERING_EVTX: Final[Rendering] = "evtx"

#: Successful logons: 528 (interactive, 2003), 540 (network, 2003), 4624.
SUCCESS_IDS: Final = frozenset({528, 540, 4624})
#: Failed logons: 529-537 and 539 (2003), 4625.
FAILURE_IDS: Final = frozenset({*range(529, 538), 539, 4625})
#: Logon events: the ones whose target is an account.
LOGON_IDS: Final = SUCCESS_IDS | FAILURE_IDS | frozenset({538})
#: Log-level events: cleared (1102; 517 on 2003), full (1104), audit policy changed (4719; 612).
LOG_IDS: Final = frozenset({1102, 1104, 4719, 517, 612})
#: What the Security readers yield unless told otherwise.
DEFAULT_EVENT_IDS: Final = frozenset({*range(528, 541), 4624, 4625}) | LOG_IDS

EVENT_NS: Final = "http://schemas.microsoft.com/win/2004/08/events/event"

#: Assumption legacy_xml_positions: 0-based positions of the insertion strings of a 2003 logon
#: event (528-540) as unnamed ``<Data>`` elements, in msaudite.dll's %1, %2, ... order.
#: Keys: target_user, target_domain, logon_type, logon_process, auth_package, workstation,
#: status, substatus, process_id, ip.
LEGACY_POSITIONS: Final[dict[str, dict[str, int]]] = {
    "success": {  # 528, 540: User, Domain, Logon ID, Logon Type, Process, Package, Workstation,
        # Logon GUID, Caller User, Caller Domain, Caller Logon ID, Caller PID, Transited, Address
        "target_user": 0,
        "target_domain": 1,
        "logon_type": 3,
        "logon_process": 4,
        "auth_package": 5,
        "workstation": 6,
        "process_id": 11,
        "ip": 13,
    },
    "537": {  # ... Workstation, Status code, Substatus code, Caller User, ..., Caller PID (%12)
        "target_user": 0,
        "target_domain": 1,
        "logon_type": 2,
        "logon_process": 3,
        "auth_package": 4,
        "workstation": 5,
        "status": 6,
        "substatus": 7,
        "process_id": 11,
        "ip": 13,
    },
    "failure": {  # 529-536, 539: ... Workstation, Caller User, Domain, Logon ID, PID (%10), ...
        "target_user": 0,
        "target_domain": 1,
        "logon_type": 2,
        "logon_process": 3,
        "auth_package": 4,
        "workstation": 5,
        "process_id": 9,
        "ip": 11,
    },
}


#: A DNS domain name as a UPN suffix has it: labels of letters, digits and hyphens. A name with
#: an "@" whose tail is not one (a password typed into the user name field, say) is no UPN.
_LABEL: Final = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DNS_NAME: Final = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\Z", re.ASCII)


def split_upn(name: str) -> tuple[str, str] | None:
    """(user, DNS domain) of a ``user@dns.domain`` name; None for any other name."""
    user, at, domain = name.strip().rpartition("@")
    if not at or not user or "\\" in user or _DNS_NAME.match(domain) is None:
        return None
    return user, domain


def user_key(name: str) -> str:
    """The case-folded bare user name of ``DOMAIN\\user``, ``user@dns.domain`` or ``user``.

    Windows compares account names case-insensitively; the domain part is left to the checks
    (a local and a domain account may share a name)."""
    value = name.strip()
    if "\\" in value:
        value = value.rsplit("\\", 1)[1]
    else:
        upn = split_upn(value)
        if upn is not None:
            value = upn[0]
    return value.casefold()


def matches_keys(name: str, keys: frozenset[str]) -> bool:
    """Whether a logged target name is one of `account_keys` (the common bare name first: the
    scans call this once per event)."""
    folded = name.strip().casefold()
    if folded in keys:
        return True
    if "\\" in folded or "@" in folded:
        return user_key(folded) in keys
    return False


def check_channel(channel: str | None, path: str, where: str, line: int | None) -> None:
    """Refuse an event of another log than Security (see the module docs). An event without a
    Channel (hand-made, or cut by a tool) is let through: nothing says it is another log."""
    if channel is None:
        return
    name = channel.strip()
    if name.casefold() != "security":
        raise BundleError(
            path,
            f"holds the {quote_name(name, bare=True) if name else '(unnamed)'} log, not the "
            f"Security log ({where} has Channel {quote_name(name)}); export the Security log "
            "itself",
            line,
        )


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{value!r} has no time zone; event times are aware")
    return value.astimezone(UTC)


class LogonIdentity:
    """What the event's ID and target say about a logon, for a parsed record and for one read
    only as far as choosing it needs (`checks.readers.security_xml.PendingEvent`)."""

    __slots__ = ()
    event_id: int
    target_user: str | None

    @property
    def is_logon(self) -> bool:
        return self.event_id in LOGON_IDS

    @property
    def failed(self) -> bool:
        """A failed logon (4625, 529-537, 539)."""
        return self.event_id in FAILURE_IDS

    @property
    def succeeded(self) -> bool:
        """A successful logon (4624, 528, 540)."""
        return self.event_id in SUCCESS_IDS

    @property
    def upn_user(self) -> str | None:
        """The user part of a TargetUserName logged as ``user@dns.domain``; None otherwise."""
        upn = None if self.target_user is None else split_upn(self.target_user)
        return None if upn is None else upn[0]

    @property
    def upn_domain(self) -> str | None:
        """The DNS domain of a TargetUserName logged as ``user@dns.domain``; None otherwise."""
        upn = None if self.target_user is None else split_upn(self.target_user)
        return None if upn is None else upn[1]

    @property
    def user(self) -> str | None:
        """The bare user name of the target as logged (case kept): the UPN's user part, the
        part after a ``DOMAIN\\``, or the name itself."""
        if self.target_user is None:
            return None
        name = self.target_user.strip()
        if "\\" in name:
            return name.rsplit("\\", 1)[1]
        upn = split_upn(name)
        return name if upn is None else upn[0]


@attrs.frozen(slots=True, kw_only=True)
class SecurityEventRecord(LogonIdentity):
    """One Security-log event, as much of it as the diagnosis needs.

    ``status``/``substatus`` are NTSTATUS values (4625; 537 on 2003); ``failure_reason`` the 4625
    insertion string such as ``"%%2313"``. ``target_*`` are None for events without a target
    account (1102, 1104, 4719, 517, 612). Values logged as ``-`` are None. ``source`` is the file
    name and ``line`` the line the event starts on (None for .evtx records).
    """

    event_id: int
    time: datetime = attrs.field(converter=_utc)
    computer: str
    target_user: str | None = None
    target_domain: str | None = None
    target_sid: str | None = None
    logon_type: int | None = None
    status: int | None = None
    substatus: int | None = None
    failure_reason: str | None = None
    logon_process: str | None = None
    auth_package: str | None = None
    process_id: int | None = None
    process_name: str | None = None
    workstation: str | None = None
    ip: str | None = None
    record_id: int | None = None
    rendering: Rendering
    source: str
    line: int | None = None
    #: ``System/Channel`` of an XML or .evtx event; None for the 2003 CSV (one log a file).
    channel: str | None = None

    @property
    def user_key(self) -> str | None:
        """`user_key` of the target: what the account filters compare."""
        return None if self.target_user is None else user_key(self.target_user)

    @property
    def account(self) -> str | None:
        """``DOMAIN\\user`` (or just ``user``) of the logon's target."""
        if self.target_user is None:
            return None
        return (
            f"{self.target_domain}\\{self.target_user}" if self.target_domain else self.target_user
        )

    @property
    def where(self) -> str:
        """``file:line`` (or ``file record N``) for evidence."""
        if self.line is not None:
            return f"{self.source}:{self.line}"
        if self.record_id is not None:
            return f"{self.source} record {self.record_id}"
        return self.source


# --- account filter ------------------------------------------------------------------------------


def account_keys(accounts: Collection[str] | None) -> frozenset[str] | None:
    """The `user_key` of each account to keep: ``DOMAIN\\user``, ``user@dns.domain`` and
    ``user`` all name ``user``. The domain is left to the checks (a local and a domain account
    may share a name; both are kept). None keeps every account."""
    if accounts is None:
        return None
    return frozenset(key for key in (user_key(a) for a in accounts) if key)


def wanted_ids(event_ids: Iterable[int]) -> frozenset[int]:
    ids = frozenset(event_ids)
    for value in ids:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"event ids are non-negative integers, not {value!r}")
    return ids


# --- value parsing ------------------------------------------------------------------------------

#: ASCII digits only: ``\d`` alone would take other scripts' digits, which no writer uses.
_TIME_RE: Final = re.compile(
    r"\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*"
    r"(Z|UTC|[+-]\d{2}:?\d{2})?\s*\Z",
    re.ASCII,
)


_WEVTUTIL_TIME: Final = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z", re.ASCII)


def parse_system_time(text: str) -> datetime:
    """``TimeCreated/@SystemTime`` (UTC) in any of the renderings named in the module docs."""
    if len(text) == 28 and _WEVTUTIL_TIME.match(text):
        # wevtutil's own form, 2026-01-02T03:04:05.6789010Z: by slices, which is most of what
        # reading a log whose every event is kept costs
        return datetime(
            int(text[0:4]),
            int(text[5:7]),
            int(text[8:10]),
            int(text[11:13]),
            int(text[14:16]),
            int(text[17:19]),
            int(text[20:26]),
            tzinfo=UTC,
        )
    match = _TIME_RE.match(text)
    if match is None:
        raise ValueError(f"{quote(text)} is not a SystemTime")
    year, month, day, hour, minute, second = map(int, match.groups()[:6])
    fraction = (match.group(7) or "").ljust(6, "0")[:6]
    moment = datetime(year, month, day, hour, minute, second, int(fraction), tzinfo=UTC)
    # datetime() raises ValueError itself for a day or an hour that does not exist
    zone = match.group(8)
    if zone and zone not in ("Z", "UTC"):
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        try:
            moment -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        except OverflowError as exc:
            raise ValueError(f"{quote(text)} is out of range") from exc
    return moment


def parse_int(text: str | None) -> int | None:
    """A decimal or ``0x`` hex number as the Security log writes them; None for ``-``/empty or
    anything else (a field that can not be read is treated as absent, not as an error)."""
    if text is None:
        return None
    value = text.strip()
    if not value or value == "-" or not value.isascii() or "_" in value:
        return None  # int() would take "1_0" and other scripts' digits; no log writes them
    try:
        if value[:2] in ("0x", "0X"):
            return int(value[2:], 16)
        return int(value, 10)
    except ValueError:
        return None


def clean(text: str | None) -> str | None:
    """A text value: stripped, None for empty and for ``-``."""
    if text is None:
        return None
    value = text.strip()
    return None if not value or value == "-" else value


# --- one <Event> element -------------------------------------------------------------------------


#: Local names by tag: an event has the same two dozen tags, and splitting each one again
#: was most of the cost of reading a log whose every event is kept. Bounded, since a hostile
#: file can invent tags.
_LOCAL_NAMES: dict[str, str] = {}
_LOCAL_NAMES_MAX: Final = 4096


def _local(element: etree._Element) -> str:
    tag: object = element.tag  # a function, not a str, for comments and processing instructions
    if not isinstance(tag, str):
        return ""
    local = _LOCAL_NAMES.get(tag)
    if local is None:
        local = tag.rsplit("}", 1)[1] if tag.startswith("{") else tag
        if len(_LOCAL_NAMES) < _LOCAL_NAMES_MAX:
            _LOCAL_NAMES[tag] = local
    return local


def _first_children(parent: etree._Element) -> dict[str, etree._Element]:
    """The first child of each local name, in one pass over the children."""
    found: dict[str, etree._Element] = {}
    for element in parent:
        name = _local(element)
        if name not in found:
            found[name] = element
    return found


def _child(parent: etree._Element, name: str) -> etree._Element | None:
    for element in parent:
        if _local(element) == name:
            return element
    return None


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    if not len(element):  # no children: the text is the element's own (most Data elements)
        text = element.text
        return "" if text is None else text
    return "".join(t if isinstance(t, str) else t.decode() for t in element.itertext())


_DATA_TAGS: Final = frozenset({"Data", f"{{{EVENT_NS}}}Data"})  # the common spellings, first

_NAMED: Final = {
    "TargetUserName": "target_user",
    "TargetDomainName": "target_domain",
    "TargetUserSid": "target_sid",
    "LogonType": "logon_type",
    "Status": "status",
    "SubStatus": "substatus",
    "FailureReason": "failure_reason",
    "LogonProcessName": "logon_process",
    "AuthenticationPackageName": "auth_package",
    "ProcessId": "process_id",
    "ProcessName": "process_name",
    "WorkstationName": "workstation",
    "IpAddress": "ip",
}


def _fields(root: etree._Element, event_id: int) -> dict[str, str | None]:
    """Raw text of the record's fields, by `SecurityEventRecord` attribute name."""
    if event_id not in LOGON_IDS:
        return {}
    data = _child(root, "EventData")
    if data is None:
        return {}
    values: dict[str, str | None] = {}
    unnamed: list[str | None] = []
    for element in data:
        if element.tag not in _DATA_TAGS and _local(element) != "Data":
            continue
        name = element.get("Name")
        if name is None:
            unnamed.append(_text(element))
        elif name in _NAMED:
            values[_NAMED[name]] = _text(element)
    if not values and unnamed and event_id < 1000:
        if event_id in SUCCESS_IDS:
            positions = LEGACY_POSITIONS["success"]
        elif event_id == 537:
            positions = LEGACY_POSITIONS["537"]
        else:
            positions = LEGACY_POSITIONS["failure"]
        for key, index in positions.items():
            if index < len(unnamed):
                values[key] = unnamed[index]
    return values


def record_from_element(
    root: etree._Element,
    *,
    rendering: Rendering,
    source: str,
    line: int | None,
    path: str,
) -> SecurityEventRecord:
    """The record of one parsed ``<Event>`` element; `BundleError` when it is not an event."""
    if _local(root) != "Event":
        raise BundleError(path, f"expected an <Event> element, found <{_local(root)}>", line)
    system = _child(root, "System")
    if system is None:
        raise BundleError(path, "an <Event> without <System>", line)
    fields = _first_children(system)
    event_id = parse_int(_text(fields.get("EventID")))
    if event_id is None:
        raise BundleError(path, "an <Event> without a numeric <EventID>", line)
    created = fields.get("TimeCreated")
    stamp = None if created is None else created.get("SystemTime")
    if stamp is None:
        raise BundleError(path, f"event {event_id} has no TimeCreated/@SystemTime", line)
    try:
        moment = parse_system_time(stamp)
    except ValueError as exc:
        raise BundleError(path, f"event {event_id}: {exc}", line) from exc
    computer = (_text(fields.get("Computer")) or "").strip()
    record_id = parse_int(_text(fields.get("EventRecordID")))
    channel = _text(fields.get("Channel"))
    where = f"event {event_id}" + (f" (record {record_id})" if record_id is not None else "")
    check_channel(channel, path, where, line)
    raw = _fields(root, event_id)
    status = parse_int(raw.get("status"))
    substatus = parse_int(raw.get("substatus"))
    if event_id == 4624:
        status = substatus = None  # 4624 has neither; never read a stray value as one
    return SecurityEventRecord(
        event_id=event_id,
        time=moment,
        computer=computer,
        target_user=clean(raw.get("target_user")),
        target_domain=clean(raw.get("target_domain")),
        target_sid=clean(raw.get("target_sid")),
        logon_type=parse_int(raw.get("logon_type")),
        status=status,
        substatus=substatus,
        failure_reason=clean(raw.get("failure_reason")),
        logon_process=clean(raw.get("logon_process")),
        auth_package=clean(raw.get("auth_package")),
        process_id=parse_int(raw.get("process_id")),
        process_name=clean(raw.get("process_name")),
        workstation=clean(raw.get("workstation")),
        ip=clean(raw.get("ip")),
        record_id=record_id,
        rendering=rendering,
        source=source,
        line=line,
        channel=None if channel is None else channel.strip(),
    )


def keep(record: SecurityEventRecord, ids: frozenset[int], keys: frozenset[str] | None) -> bool:
    """The filters every Security reader applies: wanted ID, and for logon events a wanted
    target account (`user_key`, so a UPN or ``DOMAIN\\user`` matches its account)."""
    if record.event_id not in ids:
        return False
    if keys is None or record.event_id not in LOGON_IDS:
        return True
    return record.target_user is not None and matches_keys(record.target_user, keys)


__all__ = [
    "DEFAULT_EVENT_IDS",
    "FAILURE_IDS",
    "LEGACY_POSITIONS",
    "LOGON_IDS",
    "LOG_IDS",
    "RENDERING_CSV",
    "RENDERING_EVTX",
    "RENDERING_XML",
    "SUCCESS_IDS",
    "Rendering",
    "SecurityEventRecord",
    "account_keys",
    "check_channel",
    "keep",
    "matches_keys",
    "parse_int",
    "parse_system_time",
    "record_from_element",
    "split_upn",
    "user_key",
]
