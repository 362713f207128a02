"""The lab's MMC stand-ins: what each box shows and changes, and what the real snap-in
refuses."""

from __future__ import annotations

import io

from rich.console import Console

from authlab.labs.catalogue import lab_named
from authlab.labs.session import LabSession


def typed(lab_id: str, platform: str, *lines: str) -> list[tuple[int, str]]:
    s = LabSession.start(lab_named(lab_id), platform, 1, None, Console(file=io.StringIO()))
    for line in lines:
        s.execute(line)
    return [(e.exit_code, e.output) for e in s.workspace.entries]


GENERAL = (
    "WEB18\\IUSR_WEB18 Properties, General tab:\n"
    "  [ ] User must change password at next logon\n"
    "  [x] User cannot change password\n"
    "  [x] Password never expires\n"
    "  [ ] Account is disabled\n"
    "  [{locked}] Account is locked out\n"
)


def test_local_users_and_groups_shows_and_clears_a_lockout() -> None:
    assert typed(
        "locked-out", "iis6-local",
        "lusrmgr.msc IUSR_WEB18", "lusrmgr.msc IUSR_WEB18 /unlock",
        "lusrmgr.msc IUSR_WEB18 /unlock", "browse",
    ) == [
        (0, GENERAL.format(locked="x")),
        (0, '"Account is locked out" cleared.\n' + GENERAL.format(locked=" ")),
        (0, "The account was not locked.\n" + GENERAL.format(locked=" ")),
        (0, "GET /: HTTP 200 OK\n"),
    ]  # fmt: skip


def test_the_stand_ins_refuse_what_the_snap_ins_refuse() -> None:
    assert typed(
        "locked-out", "iis6-local",
        "lusrmgr.msc nobody", "lusrmgr.msc IUSR_WEB18 /lock", "dsa.msc IUSR_WEB18", "gpme.msc x",
    ) == [
        (1, "Local Users and Groups: there is no account 'nobody'\n"),
        (1, "Local Users and Groups: /lock is no box here (/unlock, /neverexpires:yes|no, "
            "/disabled:yes|no)\n"),
        (1, "WEB18 is in no domain: there is no directory to open\n"),
        (1, "WEB18 is in no domain, so it has no GPO\n"),
    ]  # fmt: skip
    assert typed("gpo-deny", "iis6-dc", "lusrmgr.msc IUSR_DC02") == [
        (
            1,
            "This computer is a domain controller. This snap-in cannot be used on a domain "
            "controller. Domain accounts are managed with the Active Directory Users and "
            "Computers snap-in.\n",
        )
    ]


def test_the_gpo_editor_edits_a_right_and_only_looking_changes_nothing() -> None:
    gpo = '"Default Domain Controllers Policy"'
    seen = typed(
        "gpo-deny", "iis6-dc",
        f"gpme.msc {gpo} /right:SeDenyInteractiveLogonRight",
        "gpresult /scope computer /v",
        f"gpme.msc {gpo} /right:SeDenyNetworkLogonRight /remove:Guests",
    )  # fmt: skip
    assert seen[0] == (
        0,
        "Default Domain Controllers Policy > Computer Configuration > Policies > Windows "
        'Settings > Security Settings > Local Policies > User Rights Assignment > "Deny log '
        'on locally": (nobody)\nMembers apply it at their next policy refresh (gpupdate).\n',
    )
    assert "DenyInteractiveLogonRight" not in seen[1][1]
    assert seen[2] == (
        1,
        "Guests is not listed in Deny access to this computer from the network of 'Default "
        "Domain Controllers Policy'\n",
    )


def test_event_viewer_clears_the_log_and_sets_what_happens_when_it_is_full() -> None:
    seen = typed(
        "log-full", "iis6-local",
        "eventvwr.msc Security /clear /saveas:C:\\old.evt", "eventvwr.msc Security /overwrite:yes",
    )  # fmt: skip
    assert seen[0][0] == 0
    assert seen[0][1].startswith("Clear all events: ")
    assert seen[0][1].endswith(
        " events removed from Security after saving them to C:\\old.evt.\nSecurity "
        "Properties: 0 KB of 1024 KB used; when full: do not overwrite (clear log manually).\n"
    )
    assert seen[1] == (
        0,
        '"Overwrite events as needed" chosen.\nSecurity Properties: 0 KB of 1024 KB used; '
        "when full: overwrite as needed.\n",
    )


def test_local_security_policy_sets_audit_logon_events() -> None:
    assert typed("audit-off", "iis6-local", "secpol.msc /audit:logon /failure:yes") == [
        (
            0,
            'Local Security Policy > Local Policies > Audit Policy: "Audit logon events" is '
            "now Success, Failure.\n",
        )
    ]
