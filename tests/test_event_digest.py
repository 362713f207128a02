"""The Security log digest: counts and bounded samples answer what the checks ask."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.errors import BundleError
from checks.event_digest import EventDigest
from checks.readers.events import RENDERING_XML, SecurityEventRecord
from checks.readers.security_xml import PendingEvent, iter_security_xml, iter_security_xml_lazy

START = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
PATH = Path("/bundle/Security.xml")


def record(
    event_id: int, minute: int, *, user: str = "IUSR_WEB01", logon_type: int = 8, line: int = 1
) -> SecurityEventRecord:
    return SecurityEventRecord(
        event_id=event_id,
        time=START + timedelta(minutes=minute),
        computer="WEB01",
        target_user=user if event_id != 1104 else None,
        target_domain="WEB01" if event_id != 1104 else None,
        logon_type=logon_type if event_id != 1104 else None,
        rendering=RENDERING_XML,
        source="Security.xml",
        line=line,
    )


def test_ten_thousand_audits_keep_sixteen_and_the_newest_failure() -> None:
    digest = EventDigest(PATH, ["WEB01\\IUSR_WEB01"])
    digest.add(record(4625, 0, line=1))  # the one failure, older than everything else
    for minute in range(1, 10_001):
        digest.add(record(4624, minute, line=minute + 1))
    kept = digest.logon_events("iusr_web01")
    assert digest.logon_count("IUSR_WEB01") == 10_001
    assert len(kept) == 17
    assert [(r.event_id, r.line) for r in kept[:2]] == [(4625, 1), (4624, 9986)]
    assert kept[-1].line == 10_001
    assert kept[-1].time == datetime(2026, 12, 1, 6, 40, tzinfo=UTC)


def test_newest_is_by_time_then_place_in_the_file() -> None:
    digest = EventDigest(PATH, ["IUSR_WEB01"])
    # wevtutil /rd:true writes the newest first: the file runs backwards in time
    for line, minute in enumerate(range(40, 0, -1), start=1):
        digest.add(record(4625 if minute == 40 else 4624, minute, line=line))
    digest.add(record(4624, 40, line=41))  # same time as the failure, later in the file
    kept = digest.logon_events("IUSR_WEB01")
    assert [(r.event_id, r.line) for r in kept[-3:]] == [(4624, 2), (4625, 1), (4624, 41)]
    assert len(kept) == 16


def test_each_logon_type_keeps_its_own_newest() -> None:
    digest = EventDigest(PATH, ["IUSR_WEB01"])
    digest.add(record(4625, 0, logon_type=8, line=1))
    for minute in range(1, 101):
        digest.add(record(4624, minute, logon_type=3, line=minute + 1))
    kept = digest.logon_events("IUSR_WEB01")
    assert [(r.logon_type, r.line) for r in kept if r.logon_type == 8] == [(8, 1)]
    assert len(kept) == 17


def test_event_1104_keeps_the_newest_and_a_count() -> None:
    digest = EventDigest(PATH, ["IUSR_WEB01"])
    for line, minute in enumerate((5, 50, 7), start=1):
        digest.add(record(1104, minute, line=line))
    assert digest.full_count == 3
    assert digest.newest_full is not None and digest.newest_full.line == 2


def test_a_log_read_for_another_account_is_not_about_this_one() -> None:
    digest = EventDigest(PATH, ["IUSR_WEB01"])
    digest.add(record(4625, 1, user="IUSR_OTHER"))
    assert digest.asked_about("WEB01\\iusr_web01") is True
    assert digest.asked_about("IUSR_OTHER") is False
    assert digest.logon_events("IUSR_WEB01") == []
    unfiltered = EventDigest(PATH, None)
    unfiltered.add(record(4625, 1))
    assert unfiltered.asked_about("IUSR_WEB01") is False
    assert unfiltered.logon_events("IUSR_WEB01") == []


def test_more_pairs_of_account_and_logon_type_than_a_log_has_is_refused() -> None:
    digest = EventDigest(PATH, ["IUSR_WEB01"])
    for kind in range(256):
        digest.add(record(4625, 1, logon_type=kind, line=kind + 1))
    with pytest.raises(BundleError) as refused:
        digest.add(record(4625, 1, logon_type=1000, line=257))
    assert str(refused.value) == (
        "/bundle/Security.xml:257: names more than 256 pairs of account and logon type "
        "for the anonymous account; no real Security log does"
    )


def _pending(event_id: int, minute: int, line: int, data: bytes) -> PendingEvent:
    return PendingEvent(
        event_id=event_id,
        target_user="IUSR_WEB01",
        time=START + timedelta(minutes=minute),
        logon_type=8,
        line=line,
        path=PATH,
        data=data,
    )


def test_pending_events_hold_bytes_only_while_kept() -> None:
    digest = EventDigest(PATH, ["IUSR_WEB01"])
    for minute in range(1, 1001):
        digest.add(_pending(4624, minute, minute, b"x" * 1000))
    # sixteen newest plus the newest success, which is one of them
    assert digest._pending_bytes == 16_000


REAL = Path(__file__).parent / "fixtures" / "real" / "security-xml" / "wevtutil-ntlm-scan.xml"


def _log(tmp_path: Path) -> Path:
    """The real 4625 thirteen times: a minute apart, logon types 3 and 10 in turn."""
    line = REAL.read_bytes().split(b"\n")[0]
    events = [
        line.replace(b"17:27:33.608596000Z", b"17:%02d:33.608596000Z" % minute).replace(
            b"<Data Name='LogonType'>3<", b"<Data Name='LogonType'>%d<" % (3 if minute % 2 else 10)
        )
        for minute in range(13)
    ]
    path = tmp_path / "Security.xml"
    path.write_bytes(b"\r\n".join(events) + b"\r\n")
    return path


def test_the_lazy_reader_parses_what_the_full_reader_reads(tmp_path: Path) -> None:
    log = _log(tmp_path)
    lazy = list(iter_security_xml_lazy(log, accounts=["ADMINISTRATOR"]))
    full = list(iter_security_xml(log, accounts=["ADMINISTRATOR"]))
    assert len(full) == 13
    assert [type(e).__name__ for e in lazy] == ["PendingEvent"] * 13
    assert [e.parsed() for e in lazy if isinstance(e, PendingEvent)] == full
    last = lazy[-1]
    assert (last.event_id, last.target_user, last.logon_type, last.line) == (
        4625,
        "ADMINISTRATOR",
        10,
        13,
    )


def _both(path: Path, account: str) -> tuple[EventDigest, EventDigest]:
    """Digests of the lazy and of the full reader."""
    lazy = EventDigest(path, [account])
    for event in iter_security_xml_lazy(path, accounts=[account]):
        lazy.add(event)
    full = EventDigest(path, [account])
    for parsed in iter_security_xml(path, accounts=[account]):
        full.add(parsed)
    return lazy, full


def test_a_digest_of_pending_events_answers_as_one_of_records(tmp_path: Path) -> None:
    lazy, full = _both(_log(tmp_path), "ADMINISTRATOR")
    assert lazy.logon_events("administrator") == full.logon_events("administrator")
    assert lazy.logon_count("administrator") == 13


def test_an_event_whose_text_is_not_its_bytes_is_refused_when_read(tmp_path: Path) -> None:
    line = REAL.read_bytes().split(b"\n")[0]
    odd = line.replace(b"<Data Name='LogonType'>3</Data>", b"<Data Name='LogonType'>3<b/>1</Data>")
    path = tmp_path / "Security.xml"
    path.write_bytes(odd + b"\n")
    (event,) = iter_security_xml_lazy(path, accounts=["ADMINISTRATOR"])
    assert isinstance(event, PendingEvent) and event.logon_type == 3
    with pytest.raises(BundleError) as refused:
        event.parsed()
    assert str(refused.value) == f"{path}:1: an event whose text is not what its bytes say"


_ODDITIES = (
    b"",  # plain: pending
    b"entity",  # the logon type as a character reference: parsed at once
    b"cdata",
    b"comment",
    b"double",  # double-quoted attributes, as python-evtx writes them
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, 59),  # minute
            st.sampled_from([3, 8, 10]),
            st.sampled_from([b"4625", b"4624"]),
            st.sampled_from([b"ADMINISTRATOR", b"administrator", b"CONTOSO\\Administrator"]),
            st.sampled_from(_ODDITIES),
        ),
        max_size=60,
    )
)
def test_lazy_and_full_digests_agree(events: list[tuple[int, int, bytes, bytes, bytes]]) -> None:
    line = REAL.read_bytes().split(b"\n")[0]
    out = []
    for minute, logon_type, event_id, name, oddity in events:
        text = (
            line.replace(b"17:27:33", b"17:%02d:33" % minute)
            .replace(b"<EventID>4625<", b"<EventID>" + event_id + b"<")
            .replace(b"'>ADMINISTRATOR<", b"'>" + name + b"<")
        )
        kind = b"%d" % logon_type
        if oddity == b"entity":
            kind = b"&#%d;" % kind[0] + kind[1:]
        elif oddity == b"cdata":
            kind = b"<![CDATA[" + kind + b"]]>"
        elif oddity == b"comment":
            kind = kind + b"<!-- -->"
        text = text.replace(b"<Data Name='LogonType'>3<", b"<Data Name='LogonType'>" + kind + b"<")
        if oddity == b"double":
            text = text.replace(b"'", b'"')
        out.append(text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Security.xml"
        path.write_bytes(b"\r\n".join(out) + b"\r\n")
        lazy, full = _both(path, "Administrator")
        assert lazy.logon_events("administrator") == full.logon_events("administrator")
        assert lazy.logon_count("administrator") == len(events)
