"""The rules over hand-made evidence: order, corroboration, missing evidence, time judging."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import attrs
import pytest

from checks.engine import diagnose
from checks.facts import (
    AccountFacts,
    AccountPolicyFacts,
    AclFacts,
    AnonymousFacts,
    AuditFacts,
    GroupFacts,
    HostFacts,
    IdentityKind,
    LogCapacity,
    LogonEventFact,
    LsaFacts,
    ProbeFacts,
    Retention,
    RightAssignment,
    Unknown,
    W3cFacts,
)
from checks.findings import Verdict
from winfacts.logon_hours import LogonHours

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
EVERYONE, USERS, GUESTS, ADMINS = "*S-1-1-0", "*S-1-5-32-545", "*S-1-5-32-546", "*S-1-5-32-544"


@attrs.define
class FakeEvidence:
    """Healthy IIS 6 evidence, every file present; tests break one fact at a time."""

    host_: HostFacts | Unknown = HostFacts("WEB01", None, False, "6.0", "Windows Server 2003", NOW)
    anon_: AnonymousFacts | Unknown = AnonymousFacts(
        url="/",
        enabled=True,
        other_methods=("NTLM",),
        identity=IdentityKind.ACCOUNT,
        user="IUSR_WEB01",
        domain=None,
        configured_name="IUSR_WEB01",
        password_set=True,
        logon_type=8,
        password_sync=False,
        iis5_isolation=False,
        app_pool="DefaultAppPool",
        app_pool_identity="NetworkService",
        physical_path=r"C:\Inetpub\wwwroot",
        default_documents=("iisstart.htm",),
        source_file="MetaBase.xml",
    )
    account_: AccountFacts | Unknown = AccountFacts(
        "IUSR_WEB01",
        "WEB01",
        True,
        "net-user-IUSR_WEB01.txt",
        enabled=True,
        locked_flag=False,
        expires=None,
        expires_known=True,
        must_change=False,
        password_never_expires=True,
        password_expires=None,
        password_expires_known=True,
        logon_hours_known=True,
        groups=("Guests",),
    )
    policy_: AccountPolicyFacts | Unknown = AccountPolicyFacts(
        0, timedelta(minutes=30), False, timedelta(minutes=30), timedelta(days=42), "secedit.inf"
    )
    rights_: dict[str, tuple[str, ...]] = attrs.Factory(
        lambda: {
            "SeNetworkLogonRight": (EVERYONE, ADMINS, USERS),
            "SeDenyNetworkLogonRight": ("Guest",),
            "SeInteractiveLogonRight": (ADMINS, USERS),
            "SeDenyInteractiveLogonRight": (),
        }
    )
    audit_: AuditFacts | Unknown = AuditFacts(True, True, "secedit.inf line 9")
    lsa_: LsaFacts | Unknown = LsaFacts(0, 1, True, "lsa.reg")
    capacity_: LogCapacity | Unknown = LogCapacity(
        16 * 2**20, Retention.OVERWRITE, False, 2**20, 900, "Security-log.txt"
    )
    events_: Sequence[LogonEventFact] | Unknown = ()
    w3c_: W3cFacts | Unknown = Unknown("W3SVC1/*.log")
    acl_: AclFacts | Unknown = Unknown("icacls.txt")
    probe_: ProbeFacts | Unknown = Unknown("probe.json")
    groups_: dict[str, GroupFacts] = attrs.Factory(dict)

    def host(self) -> HostFacts | Unknown:
        return self.host_

    def judged_at(self) -> datetime | None:
        return self.host_.collected_at if isinstance(self.host_, HostFacts) else None

    def anonymous(self, url: str) -> AnonymousFacts | Unknown:
        return self.anon_

    def account(self, user: str, domain: str | None) -> AccountFacts | Unknown:
        return self.account_

    def account_policy(self, domain_account: bool) -> AccountPolicyFacts | Unknown:
        return self.policy_

    def right(self, name: str) -> RightAssignment | Unknown:
        return RightAssignment(name, self.rights_.get(name, ()), "secedit.inf line 20")

    def local_group(self, name: str) -> GroupFacts | Unknown:
        return self.groups_.get(name, Unknown(f"net-localgroup-{name}.txt"))

    def audit(self) -> AuditFacts | Unknown:
        return self.audit_

    def lsa(self) -> LsaFacts | Unknown:
        return self.lsa_

    def security_log(self) -> LogCapacity | Unknown:
        return self.capacity_

    def log_full_events(self) -> Sequence[LogonEventFact] | Unknown:
        return ()

    def logon_events(self, user: str) -> Sequence[LogonEventFact] | Unknown:
        return self.events_

    def w3c(self, url: str) -> W3cFacts | Unknown:
        return self.w3c_

    def content_acl(self, path: str) -> AclFacts | Unknown:
        return self.acl_

    def probe(self) -> ProbeFacts | Unknown:
        return self.probe_


def ids(ev: FakeEvidence) -> list[str]:
    return [f.id for f in diagnose(ev).findings]


def broken_account(**changes: object) -> AccountFacts:
    base = FakeEvidence().account_
    assert isinstance(base, AccountFacts)
    return attrs.evolve(base, **changes)  # type: ignore[arg-type]


def test_healthy_evidence_is_healthy_apart_from_what_is_missing() -> None:
    result = diagnose(FakeEvidence())
    assert result.findings == ()
    assert {m.check for m in result.missing} == {"password-mismatch", "content-acl-denied"}
    assert result.verdict is Verdict.INCONCLUSIVE


def test_probe_and_acl_make_it_healthy() -> None:
    from checks.facts import AceFact

    ev = FakeEvidence(
        probe_=ProbeFacts("WEB01\\IUSR_WEB01", 8, 0),
        acl_=AclFacts(
            r"C:\Inetpub\wwwroot\iisstart.htm",
            (AceFact("WEB01\\IUSR_WEB01", False, "RX", True),),
            "icacls.txt line 1",
        ),
    )
    result = diagnose(ev)
    assert result.findings == () and result.missing == ()
    assert result.verdict is Verdict.HEALTHY


def test_several_account_faults_come_in_logon_order() -> None:
    ev = FakeEvidence(
        account_=broken_account(enabled=False, workstations=("OTHERPC",), locked_flag=True),
        lsa_=LsaFacts(2, 1, True, "lsa.reg"),
        rights_={"SeNetworkLogonRight": (ADMINS,), "SeDenyNetworkLogonRight": (GUESTS,)},
    )
    assert ids(ev) == [
        "account-locked-out",
        "account-disabled",
        "workstation-restriction",
        "crash-on-audit-fail",
        "logon-right-denied",
        "logon-right-missing",
    ]


def test_expiry_is_judged_at_collection_time() -> None:
    ev = FakeEvidence(account_=broken_account(expires=NOW + timedelta(minutes=1)))
    assert "account-expired" not in ids(ev)
    ev = FakeEvidence(account_=broken_account(expires=NOW))
    assert ids(ev) == ["account-expired"]


def test_a_stale_lockout_time_is_not_a_lockout() -> None:
    stale = broken_account(locked_flag=None, lockout_time=NOW - timedelta(minutes=31))
    assert "account-locked-out" not in ids(FakeEvidence(account_=stale))
    fresh = broken_account(locked_flag=None, lockout_time=NOW - timedelta(minutes=29))
    assert ids(FakeEvidence(account_=fresh)) == ["account-locked-out"]


def test_logon_hours_are_judged_in_utc() -> None:
    # Tuesday 09:30 UTC: allow only Tuesday 09:00-09:59 UTC, then only 10:00-10:59.
    pos = 2 * 24 + 9
    allowed = broken_account(logon_hours=LogonHours.from_positions({pos}))
    assert "logon-hours" not in ids(FakeEvidence(account_=allowed))
    denied = broken_account(logon_hours=LogonHours.from_positions({pos + 1}))
    assert ids(FakeEvidence(account_=denied)) == ["logon-hours"]


def test_deny_through_guests_names_the_membership() -> None:
    ev = FakeEvidence(
        rights_={"SeNetworkLogonRight": (EVERYONE,), "SeDenyNetworkLogonRight": (GUESTS,)}
    )
    (finding,) = diagnose(ev).findings
    assert finding.id == "logon-right-denied"
    assert "Guests" in finding.evidence[0].detail
    assert "ntrights" in (finding.remedy[0].command or "")


def test_interactive_logon_method_needs_the_interactive_right() -> None:
    anon = FakeEvidence().anon_
    assert isinstance(anon, AnonymousFacts)
    ev = FakeEvidence(
        anon_=attrs.evolve(anon, logon_type=2), rights_={"SeInteractiveLogonRight": (ADMINS,)}
    )
    assert ids(ev) == ["logon-right-missing"]


def test_events_alone_name_the_cause_when_account_files_are_missing() -> None:
    event = LogonEventFact(
        4625,
        NOW,
        "IUSR_WEB01",
        "WEB01",
        8,
        0xC000006E,
        0xC0000072,
        1331,
        False,
        "Security.xml line 7",
    )
    ev = FakeEvidence(account_=Unknown("net-user-IUSR_WEB01.txt"), events_=[event])
    result = diagnose(ev)
    assert [f.id for f in result.findings] == ["account-disabled"]
    assert result.findings[0].evidence[0].source == "Security.xml line 7"


def test_probe_corroborates_and_contradicts() -> None:
    ev = FakeEvidence(
        account_=broken_account(enabled=False), probe_=ProbeFacts("WEB01\\IUSR_WEB01", 8, 1331)
    )
    (finding,) = diagnose(ev).findings
    assert any(e.source == "probe.json" for e in finding.evidence)
    ev = FakeEvidence(
        account_=broken_account(enabled=False), probe_=ProbeFacts("WEB01\\IUSR_WEB01", 8, 0)
    )
    result = diagnose(ev)
    (finding,) = result.findings
    assert finding.contradicted_by and finding.contradicted_by[0].source == "probe.json"
    # net user says disabled, the probe logged on just now: listed, but not a confident fault.
    assert result.verdict is Verdict.INCONCLUSIVE
    assert result.to_json()["verdict"] == "inconclusive"


def test_password_mismatch_comes_from_the_probe() -> None:
    ev = FakeEvidence(probe_=ProbeFacts("WEB01\\IUSR_WEB01", 8, 1326))
    assert ids(ev) == ["password-mismatch"]


def test_sync_in_worker_process_mode_is_reported_with_the_mismatch_it_explains() -> None:
    anon = FakeEvidence().anon_
    assert isinstance(anon, AnonymousFacts)
    ev = FakeEvidence(
        anon_=attrs.evolve(anon, password_sync=True),
        probe_=ProbeFacts("WEB01\\IUSR_WEB01", 8, 1326),
    )
    assert ids(ev) == ["password-sync-unusable", "password-mismatch"]
    # In IIS 5.0 isolation with iissuba registered, subauthentication works: no finding.
    ev = FakeEvidence(
        anon_=attrs.evolve(anon, password_sync=True, iis5_isolation=True),
        probe_=ProbeFacts("WEB01\\IUSR_WEB01", 3, 0),
    )
    assert ids(ev) == []


@pytest.mark.parametrize(
    ("iis", "audit_failures", "expected_first"),
    [
        ("6.0", True, "security-log-full"),
        ("10.0", True, "anonymous-disabled"),
    ],
)
def test_a_full_log_and_disabled_anonymous(
    iis: str, audit_failures: bool, expected_first: str
) -> None:
    anon = FakeEvidence().anon_
    assert isinstance(anon, AnonymousFacts)
    ev = FakeEvidence(
        host_=HostFacts("WEB01", None, False, iis, "x", NOW),
        anon_=attrs.evolve(anon, enabled=False),
        lsa_=LsaFacts(1, 1, True, "lsa.reg"),
        capacity_=LogCapacity(
            2**20, Retention.DO_NOT_OVERWRITE, False, 2**20, 1000, "Security-log.txt"
        ),
        audit_=AuditFacts(True, audit_failures, "secedit.inf"),
    )
    assert ids(ev)[0] == expected_first


def test_a_full_log_waits_for_a_success_when_failures_are_not_audited() -> None:
    ev = FakeEvidence(
        account_=broken_account(enabled=False),
        lsa_=LsaFacts(1, 1, True, "lsa.reg"),
        capacity_=LogCapacity(
            2**20, Retention.DO_NOT_OVERWRITE, False, 2**20, 1000, "Security-log.txt"
        ),
        audit_=AuditFacts(True, False, "secedit.inf"),
    )
    assert ids(ev) == ["account-disabled", "security-log-full", "logon-audit-disabled"]


def test_without_collected_at_the_tool_says_which_clock_it_used() -> None:
    ev = FakeEvidence(host_=Unknown("host.json"))
    result = diagnose(ev, clock_now=NOW)
    assert any("tool's clock" in note for note in result.notes)


def test_handshake_lines_are_not_taken_for_failures() -> None:
    w3c = W3cFacts({}, 10, 50, None, None, NOW, "", ("W3SVC1/u_ex261124.log",))
    ev = FakeEvidence(w3c_=w3c, probe_=ProbeFacts("WEB01\\IUSR_WEB01", 8, 0))
    assert ids(ev) == []


def test_a_log_size_without_gli_is_missing_not_healthy() -> None:
    # `wevtutil gl` alone: retention and maximum, no fileSize; no event 1104 in the export.
    ev = FakeEvidence(
        lsa_=LsaFacts(1, 1, True, "lsa.reg"),
        capacity_=LogCapacity(
            2**20, Retention.DO_NOT_OVERWRITE, False, None, None, "Security-log.txt"
        ),
    )
    result = diagnose(ev)
    assert [f.id for f in result.findings] == []
    missing = {m.check: m.needs for m in result.missing}
    assert missing["security-log-full"] == "Security-log.txt with wevtutil gli's fileSize"


def test_an_audited_failure_rules_out_logon_audit_disabled() -> None:
    failure = LogonEventFact(
        4625, NOW, "IUSR_WEB01", "WEB01", 8, 0xC000006D, 0xC000006A, 1326, False, "Security.xml"
    )
    ev = FakeEvidence(audit_=AuditFacts(True, False, "auditpol.csv line 11"), events_=(failure,))
    assert "logon-audit-disabled" not in ids(ev)
    assert "logon-audit-disabled" in ids(FakeEvidence(audit_=AuditFacts(True, False, "x")))
