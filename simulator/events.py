"""Event records as the model stores them; renderings live in `simulator.render_events`.

A record holds the facts of one event once (who, when, which outcome), so the same logon can be
shown as a Windows Server 2003 Security event (528-540), a 2008+ 4624/4625 with its EventData, a
line of the 2003 Event Viewer CSV, or a W3SVC warning in the System log, without the model knowing
about any of those formats.
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from winfacts.ntstatus import Outcome
from winfacts.sid import Sid

_LOCAL_SYSTEM = Sid(5, (18,))


class OsFamily(enum.Enum):
    """Which generation of Windows writes the logs: it decides event IDs and formats."""

    WS2003 = "Windows Server 2003"
    WS2016 = "Windows Server 2016"
    WS2019 = "Windows Server 2019"
    WS2022 = "Windows Server 2022"

    @property
    def legacy_events(self) -> bool:
        """True where the Security log uses the 5xx IDs and the .evt format."""
        return self is OsFamily.WS2003

    @property
    def build(self) -> str:
        return {
            OsFamily.WS2003: "5.2.3790",
            OsFamily.WS2016: "10.0.14393",
            OsFamily.WS2019: "10.0.17763",
            OsFamily.WS2022: "10.0.20348",
        }[self]


@attrs.frozen(slots=True)
class LogonEvent:
    """One audited logon attempt on the host (success or failure).

    ``target_sid`` is the account's SID on success and NULL SID (S-1-0-0) on failure, as 4625
    records it. ``process_name`` is the full image path of the caller (w3wp.exe or inetinfo.exe).
    """

    record_id: int
    time: datetime
    computer: str  # the host's NetBIOS name; 2008+ renders the FQDN where one is known
    outcome: Outcome
    target_user: str
    target_domain: str
    target_sid: Sid
    logon_type: int
    logon_process: str
    auth_package: str
    workstation: str
    process_id: int
    process_name: str
    ip_address: str = "-"
    ip_port: str = "-"
    subject_sid: Sid = _LOCAL_SYSTEM
    subject_user: str = ""
    subject_domain: str = ""
    subject_logon_id: int = 0x3E7
    logon_id: int = 0  # the new session's id on success
    computer_fqdn: str | None = None

    @property
    def success(self) -> bool:
        return self.outcome.ok

    def event_id(self, os: OsFamily) -> int:
        """The ID this event carries on ``os`` (5xx on 2003, 4624/4625 on 2008+)."""
        from winfacts import assumptions as A

        if not os.legacy_events:
            return 4624 if self.success else 4625
        if self.success:
            network: int = A.TYPE8_SUCCESS_EVENT_2003.value
            return 528 if self.logon_type in (2, 10) else network
        code = self.outcome.codes.event_2003
        return code if code is not None else 537


class EventType(enum.Enum):
    ERROR = "Error"
    WARNING = "Warning"
    INFORMATION = "Information"
    AUDIT_SUCCESS = "Success Audit"
    AUDIT_FAILURE = "Failure Audit"


@attrs.frozen(slots=True)
class SystemEvent:
    """A System-log event such as W3SVC 100 ("The server was unable to logon ...").

    ``insertions`` are the message's insertion strings; the message text is rendered from them.
    """

    record_id: int
    time: datetime
    computer: str
    source: str
    event_id: int
    type: EventType
    insertions: tuple[str, ...] = ()
    category: str = "None"
    user: str = "N/A"
