"""The lab catalogue as a trainer relies on it: every lab solvable at the root by its own
solution on every platform it names, none solved at the start, every shortcut refused with its
reason, and the score and report of a session."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from authlab.labs.catalogue import LABS, lab_named
from authlab.labs.session import LabSession, solution_lines

PASSWORD = "Lab-Passw0rd-2026x"
COMBINATIONS = [(lab.id, platform) for lab in LABS for platform in lab.platforms]


def session(lab_id: str, platform: str, seed: int = 1) -> LabSession:
    return LabSession.start(lab_named(lab_id), platform, seed, None, Console(file=io.StringIO()))


def typed(s: LabSession, *lines: str) -> str:
    """Type each line (placeholders filled from the lab's healthy server); the last output."""
    values = {**s.values, "password": PASSWORD}
    for line in lines:
        s.execute(line.format(**values))
    return s.workspace.entries[-1].output


def test_the_catalogue_has_forty_labs_covering_every_finding() -> None:
    assert len(LABS) == 40
    made = {label.split("[", 1)[0] for lab in LABS for label in lab.faults}
    assert made == {
        "security-log-full", "anonymous-disabled", "account-not-found", "account-locked-out",
        "password-sync-unusable", "password-mismatch", "account-disabled", "account-expired",
        "password-must-change", "password-expired", "workstation-restriction", "logon-hours",
        "crash-on-audit-fail", "logon-right-denied", "logon-right-missing",
        "content-acl-denied", "logon-audit-disabled",
    }  # fmt: skip
    assert sum(1 for lab in LABS if len(lab.faults) > 1) == 10
    assert {"beginner", "intermediate", "advanced"} == {lab.difficulty for lab in LABS}
    timed = {lab.id for lab in LABS if lab.after_minutes or lab.warm_cache}
    assert timed == {"locked-until-unlocked", "stale-password", "token-cache", "lockout-waits"}
    assert len({lab.id for lab in LABS}) == 40


@pytest.mark.parametrize(("lab_id", "platform"), COMBINATIONS)
def test_no_lab_starts_solved(lab_id: str, platform: str) -> None:
    output = typed(session(lab_id, platform), "check")
    assert output.startswith("Not solved yet:\n- ")


@pytest.mark.parametrize(("lab_id", "platform"), COMBINATIONS)
def test_the_solution_typed_into_the_console_solves_the_lab(lab_id: str, platform: str) -> None:
    s = session(lab_id, platform)
    for line in solution_lines(s.spec, s.baseline, PASSWORD):
        s.execute(line)
        entry = s.workspace.entries[-1]
        assert entry.exit_code == 0, f"{line}\n{entry.output}"
    assert typed(s, "check") == (
        "Solved: the site answers anonymous visitors (HTTP 200), the diagnosis finds nothing "
        "left broken, and nothing was made unsafe.\n"
    )


def refused(s: LabSession) -> list[str]:
    output = typed(s, "check")
    assert output.startswith("Not solved yet:")
    assert s.workspace.entries[-1].unsafe > 0
    return [line for line in output.splitlines() if line.startswith("- refused: ")]


def test_the_anonymous_account_made_an_administrator_is_refused() -> None:
    s = session("disabled-account", "iis6-local")
    typed(s, "net user {user} /active:yes", "net localgroup Administrators {user} /add")
    assert refused(s) == [
        "- refused: the anonymous account WEB18\\IUSR_WEB18 was made a member of "
        "Administrators: every visitor would have those rights"
    ]


def test_administrator_as_the_anonymous_user_is_refused() -> None:
    s = session("typo-in-user", "iis10-local")
    typed(
        s,
        "net user Administrator {password}",
        "{appcmd} set config {location}-section:system.webServer/security/authentication/"
        "anonymousAuthentication /userName:Administrator /password:{password} /commit:apphost",
    )
    assert refused(s) == [
        "- refused: IIS uses the privileged account WEB18\\Administrator (the built-in "
        "Administrator, Administrators) as the anonymous user: every visitor would have its "
        "rights"
    ]


def test_another_account_swapped_in_is_refused() -> None:
    s = session("typo-in-user", "iis10-local")
    typed(
        s,
        "net user webvisitor {password} /add",
        "{appcmd} set config {location}-section:system.webServer/security/authentication/"
        "anonymousAuthentication /userName:webvisitor /password:{password} /commit:apphost",
    )
    assert refused(s) == [
        "- refused: IIS now uses WEB18\\webvisitor as the anonymous user; the lab's account is "
        "WEB18\\WebAnon: repair that account, do not swap it"
    ]


def test_anonymous_access_turned_off_is_refused() -> None:
    s = session("disabled-account", "iis6-local")
    typed(s, "net user {user} /active:yes", "{adsutil} set W3SVC/1/ROOT/AuthFlags 4")
    assert refused(s) == ["- refused: anonymous access is turned off: the site must stay public"]


def test_crash_on_audit_fail_0_with_a_full_log_that_does_not_overwrite_is_refused() -> None:
    s = session("crashed-full-log", "iis10-local")
    typed(s, "reg add {lsa} /v CrashOnAuditFail /t REG_DWORD /d 0 /f", "shutdown /r /t 0")
    assert refused(s) == [
        "- refused: CrashOnAuditFail is 0 while the Security log is full and does not "
        "overwrite: every audit from now on is lost without a trace"
    ]
    assert s.host.iis.request("/").code == "200"  # the shortcut works, which is the danger


def test_a_password_that_will_expire_again_is_refused_where_the_lab_asks_never() -> None:
    s = session("password-expired", "iis10-local")
    typed(
        s,
        "net user {user} {password}",
        "{appcmd} set config {pass_location}-section:system.webServer/security/authentication/"
        "anonymousAuthentication /password:{password} /commit:apphost",
    )
    assert refused(s) == [
        "- refused: the password of WebAnon will expire again on 2027-01-05: the lab asks for "
        '"Password never expires"'
    ]


def test_everyone_in_log_on_locally_is_refused() -> None:
    s = session("disabled-account", "iis10-local")
    typed(s, "net user {user} /active:yes", "ntrights -u Everyone +r SeInteractiveLogonRight")
    assert refused(s) == [
        "- refused: Everyone now hold 'Allow log on locally' (SeInteractiveLogonRight), which "
        "the healthy server does not give them: widen rights only as far as the anonymous "
        "account needs"
    ]


def test_content_opened_to_everyone_is_refused() -> None:
    s = session("acl-deny", "iis10-local")
    typed(s, "icacls {folder} /remove:d {qualified}", "icacls {folder} /grant Everyone:(OI)(CI)F")
    assert refused(s) == [
        "- refused: Everyone may now change the site's content in C:\\inetpub\\wwwroot"
    ]


def test_the_score_counts_hints_failed_checks_wrong_fixes_and_the_solution() -> None:
    s = session("disabled-account", "iis6-local")
    typed(s, "hint", "check", "net user {user} /active:yes", "check")
    assert typed(s, "score") == (
        "disabled-account: solved; hints 1, checks 2 (1 failed), wrong fixes 0, solution "
        "shown: no; score 85/100\n"
    )
    s = session("disabled-account", "iis6-local")
    typed(s, "net localgroup Administrators {user} /add", "net user {user} /active:yes", "check")
    typed(s, "net localgroup Administrators {user} /delete", "check", "solution")
    assert typed(s, "score") == (
        "disabled-account: solved; hints 0, checks 2 (1 failed), wrong fixes 1, solution "
        "shown: yes; score 30/100\n"
    )


def test_hints_go_from_where_to_look_to_the_exact_commands() -> None:
    s = session("disabled-account", "iis6-local")
    shown = [typed(s, "hint") for _ in range(5)]
    assert shown[0] == (
        "Hint 1 of 4: Reproduce it (browse), then read the newest failure in the Security log "
        "(events).\n"
    )
    assert shown[1] == (
        "Hint 2 of 4: Look at the anonymous account's properties: net user IUSR_WEB18.\n"
    )
    assert shown[3] == "Hint 4 of 4: The commands:\n  net user IUSR_WEB18 /active:yes\n"
    assert shown[4] == shown[3]  # the last hint stays the last


def test_reset_puts_the_server_back_and_keeps_the_count() -> None:
    s = session("disabled-account", "iis6-local")
    typed(s, "hint", "net user {user} /active:yes")
    assert typed(s, "browse") == "GET /: HTTP 200 OK\n"
    typed(s, "reset")
    assert typed(s, "browse") == "GET /: HTTP 401.1 Unauthorized\n"
    assert s.score.hints == 1


#: Shortcuts that make any lab's 401 go away or leave the server worse, and what check says.
SHORTCUTS = {
    "administrator": (
        ("net localgroup Administrators {user} /add",),
        "- refused: the anonymous account {qualified} was made a member of Administrators",
        ("local",),
    ),
    "everyone-logs-on-locally": (
        (
            "ntrights -u Everyone +r SeInteractiveLogonRight",
            # on a domain controller the GPO defines the right; local policy does not count
            'gpme.msc "{gpo}" /right:SeInteractiveLogonRight /add:Everyone',
            "gpupdate /force",
        ),
        "- refused: Everyone now hold 'Allow log on locally' (SeInteractiveLogonRight)",
        ("local", "domain"),
    ),
}


@pytest.mark.parametrize("shortcut", sorted(SHORTCUTS))
@pytest.mark.parametrize("lab_id", [lab.id for lab in LABS])
def test_a_shortcut_on_top_of_the_solution_is_refused_in_every_lab(
    lab_id: str, shortcut: str
) -> None:
    lines, told, accounts = SHORTCUTS[shortcut]
    spec = lab_named(lab_id)
    platform = next(
        (p for p in spec.platforms if any(p.endswith(a) for a in accounts)), spec.platforms[0]
    )
    s = session(lab_id, platform)
    for line in solution_lines(s.spec, s.baseline, PASSWORD):
        s.execute(line)
    typed(s, *lines)
    assert any(line.startswith(told.format(**s.values)) for line in refused(s))


def _variant_platforms() -> list[tuple[str, str]]:
    from simulator.faults.catalogue import variants
    from simulator.scenario import PLATFORMS, applicable

    return [
        (fault.label, platform)
        for platform, spec in PLATFORMS.items()
        for fault in applicable(spec, variants())
    ]


@pytest.mark.parametrize(("label", "platform"), _variant_platforms())
def test_every_fault_variant_on_every_platform_is_repaired_from_the_console(
    label: str, platform: str
) -> None:
    from authlab.labs.catalogue import LabSpec

    spec = LabSpec(label, label, "ticket", (platform,), (label,), "beginner", ())
    s = LabSession.start(spec, platform, 1, None, Console(file=io.StringIO()))
    for line in solution_lines(spec, s.baseline, PASSWORD):
        s.execute(line)
        assert s.workspace.entries[-1].exit_code == 0, line
    assert typed(s, "check").startswith("Solved: ")


@pytest.mark.parametrize("lab_id", ["log-full", "full-log-and-expired", "crashed-full-log"])
def test_a_full_log_lab_is_solved_also_after_the_first_request_stopped_the_server(
    lab_id: str,
) -> None:
    s = session(lab_id, "iis10-local")
    first = typed(s, "browse")
    if lab_id != "crashed-full-log":
        assert first == "GET /: no response (the server does not answer)\n"
        assert typed(s, "wait 3m") == "It is now Tue Nov 24 08:33:00 2026.\n"
    for line in solution_lines(s.spec, s.baseline, PASSWORD):
        s.execute(line)
    assert typed(s, "check").startswith("Solved: ")
