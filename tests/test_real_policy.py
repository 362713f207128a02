"""The policy, audit, log-size, ACL and LSA-registry readers on files shaped like real ones.

Each fixture under tests/fixtures/real/{secedit,auditpol,wevtutil,icacls,reg} is described in
tests/fixtures/real/SOURCES.md; the expected values here were written by hand from the
real file named there, not produced by the readers.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.errors import BundleError
from checks.readers.auditpol import (
    ACCOUNT_LOCKOUT,
    LOGON,
    parse_auditpol_csv,
    read_auditpol_csv,
)
from checks.readers.icacls import parse_icacls, read_icacls, rights_mask
from checks.readers.lsa_reg import REG_BINARY, REG_DWORD, REG_EXPAND_SZ, REG_SZ, read_reg_export
from checks.readers.secedit import DUPLICATE_KEY_RULE, parse_secedit, read_secedit
from checks.readers.wevtutil_gl import read_wevtutil_gl
from tests.support.fuzzing import mutated

REAL = Path(__file__).parent / "fixtures" / "real"
LSA = r"HKLM\SYSTEM\CurrentControlSet\Control\Lsa"
CRASH = r"MACHINE\System\CurrentControlSet\Control\Lsa\CrashOnAuditFail"
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def fixture(*parts: str) -> Path:
    return REAL.joinpath(*parts)


# -- secedit ---------------------------------------------------------------------------------------


def test_secedit_windows10_export_with_event_audit_all_zero() -> None:
    path = fixture("secedit", "win10-export-aspnet.inf")
    assert path.read_bytes()[:2] == b"\xff\xfe"  # UTF-16LE with BOM, as secedit writes it
    doc = read_secedit(path)
    assert doc.sections == (
        "Unicode",
        "System Access",
        "Event Audit",
        "Registry Values",
        "Privilege Rights",
        "Version",
    )
    assert doc.unicode is True and doc.signature == "$CHICAGO$" and doc.revision == 1
    audit = doc.template.event_audit
    assert audit["AuditLogonEvents"] == 0
    assert set(audit.values()) == {0} and len(audit) == 9
    assert doc.template.system_access["LockoutBadCount"] == 10
    assert doc.template.system_access["LockoutDuration"] == 5
    assert doc.other[("System Access", "NewGuestName")] == "Guest"
    assert doc.right("SeNetworkLogonRight") == (
        "*S-1-1-0",
        "ASPNET",
        "*S-1-5-32-544",
        "*S-1-5-32-545",
        "*S-1-5-32-551",
    )
    assert doc.right("SeDenyNetworkLogonRight") == ("Guest",)
    assert doc.right("SeDenyInteractiveLogonRight") == ("ASPNET", "Guest")
    assert doc.registry_dword(CRASH) == 0
    legal = r"MACHINE\Software\Microsoft\Windows\CurrentVersion\Policies\System\LegalNoticeText"
    assert doc.registry_value(legal) == (7, "")
    assert doc.warnings == ()


def test_secedit_spanish_gpo_export() -> None:
    doc = read_secedit(fixture("secedit", "gpo-spanish-export.inf"))
    assert doc.other[("System Access", "NewAdministratorName")] == "Administrador"
    assert doc.other[("System Access", "NewGuestName")] == "Invitado"
    assert doc.template.system_access["AllowAdministratorLockout"] == 1
    assert doc.template.system_access["LockoutBadCount"] == 10
    assert doc.template.event_audit["AuditLogonEvents"] == 0
    assert doc.sections.index("Registry Values") < doc.sections.index("Privilege Rights")
    assert doc.right("SeDenyNetworkLogonRight") == ("Invitado",)
    assert doc.right("SeInteractiveLogonRight") == (
        "Invitado",
        "*S-1-5-32-544",
        "*S-1-5-32-545",
        "*S-1-5-32-551",
    )
    assert doc.right("SeTcbPrivilege") == () and doc.right("SeDenyBatchLogonRight") == ()
    assert doc.right("SeLockMemoryPrivilege") is None  # not in the file at all
    assert doc.registry_dword(CRASH) == 0


def test_secedit_security_guide_template_with_unquoted_signature() -> None:
    doc = read_secedit(fixture("secedit", "scm2008-gpttmpl.inf"))
    assert doc.sections == (
        "Unicode",
        "Version",
        "Registry Values",
        "System Access",
        "Privilege Rights",
    )
    assert doc.signature == "$CHICAGO$" and doc.revision == 1
    assert doc.template.event_audit == {}
    assert doc.right("SeDenyNetworkLogonRight") == ("*S-1-5-32-546", "*S-1-5-114")
    assert doc.right("SeNetworkLogonRight") == ("*S-1-5-32-544", "*S-1-5-11")
    # written SeSystemTimePrivilege; the right's real name has a lower-case t
    assert doc.right("SeSystemtimePrivilege") == ("*S-1-5-19", "*S-1-5-32-544")
    assert doc.right("SeRelabelPrivilege") == ()
    assert doc.template.system_access["ForceLogoffWhenHourExpire"] == 1
    scena = r"MACHINE\System\CurrentControlSet\Control\Lsa\SCENoApplyLegacyAuditPolicy"
    assert doc.registry_dword(scena) == 1
    assert doc.registry_dword(CRASH) == 0
    level = (
        r"MACHINE\Software\Microsoft\Windows NT\CurrentVersion\Setup\RecoveryConsole\SecurityLevel"
    )
    assert doc.registry_dword(level) == 0  # written ...\securitylevel


def test_secedit_disa_stig_gpo() -> None:
    doc = read_secedit(fixture("secedit", "dod-stig-gpttmpl.inf"))
    assert doc.sections == (
        "Unicode",
        "System Access",
        "Version",
        "Privilege Rights",
        "Service General Setting",
        "Registry Values",
    )
    access = doc.template.system_access
    assert (access["LockoutBadCount"], access["LockoutDuration"], access["ResetLockoutCount"]) == (
        3,
        15,
        15,
    )
    assert doc.other[("System Access", "NewGuestName")] == "Visitor"
    assert doc.right("SeDenyNetworkLogonRight") == ("*S-1-5-113", "*S-1-5-32-546")
    assert doc.right("SeNetworkLogonRight") == ("*S-1-5-32-544", "*S-1-5-32-555")
    assert doc.right("SeTcbPrivilege") == ()
    assert doc.template.event_audit == {} and doc.template.registry_values == {}


def test_secedit_key_twice_in_another_case_keeps_the_later_line_with_a_warning() -> None:
    doc = read_secedit(fixture("secedit", "duplicate-key-case.inf"))
    assert DUPLICATE_KEY_RULE == "last"
    audit = r"MACHINE\System\CurrentControlSet\Control\Lsa\MSV1_0\AuditReceivingNTLMTraffic"
    restrict = r"MACHINE\System\CurrentControlSet\Control\Lsa\MSV1_0\RestrictSendingNTLMTraffic"
    assert doc.registry_dword(audit) == 2
    assert doc.registry_dword(restrict) == 1
    assert doc.line_of("Registry Values", audit) == 13
    assert [(w.line, w.first_line) for w in doc.warnings] == [(13, 10), (14, 11)]
    assert doc.warnings[0].key.startswith("MACHINE\\SYSTEM\\")
    assert "line 13" in doc.warnings[0].message and "line 10" in doc.warnings[0].message
    # one entry per key remains: the earlier spelling is gone
    assert sum(k.lower() == audit.lower() for k in doc.template.registry_values) == 1
    # the rest of the file is read as usual
    assert doc.registry_dword(CRASH) == 0 and doc.line_of("Registry Values", CRASH) == 9
    assert doc.right("SeDenyNetworkLogonRight") == ("Guest",)
    assert doc.template.event_audit["AuditLogonEvents"] == 0


@pytest.mark.parametrize(
    "text",
    [
        "[Privilege Rights]\nSeNetworkLogonRight = a\nsenetworklogonright = b\n",
        "[System Access]\nLockoutBadCount = 5\nlockoutbadcount = 0\n",
        "[Event Audit]\nAuditLogonEvents = 0\nAUDITLOGONEVENTS = 3\n",
        "[Registry Values]\nMACHINE\\A\\B=4,0\nmachine\\a\\b=4,1\n",
    ],
)
def test_secedit_duplicates_in_each_section(text: str) -> None:
    doc = parse_secedit(text)
    assert len(doc.warnings) == 1 and doc.warnings[0].line == 3
    assert doc.warnings[0].first_line == 2


def test_secedit_duplicate_values_are_the_later_ones() -> None:
    doc = parse_secedit(
        "[Privilege Rights]\nSeNetworkLogonRight = a\nsenetworklogonright = b\n"
        "[System Access]\nLockoutBadCount = 5\nlockoutbadcount = 0\n"
        "[Event Audit]\nAuditLogonEvents = 0\nAUDITLOGONEVENTS = 3\n"
    )
    assert doc.right("SeNetworkLogonRight") == ("b",)
    assert doc.template.system_access == {"lockoutbadcount": 0}
    assert doc.template.event_audit == {"AUDITLOGONEVENTS": 3}
    assert doc.line_of("Event Audit", "AuditLogonEvents") == 9
    # the keys as the checks ask for them, whatever case the file used
    assert doc.event_audit_value("AuditLogonEvents") == 3
    assert doc.system_access_value("LockoutBadCount") == 0
    assert doc.event_audit_value("AuditSystemEvents") is None


# -- auditpol --------------------------------------------------------------------------------------


def test_auditpol_gpo_backup_in_english() -> None:
    doc = read_auditpol_csv(fixture("auditpol", "gpo-backup-en.csv"))
    assert doc.shape == "backup" and len(doc.settings) == 12
    assert doc.system_target == "System"
    logon = doc.logon
    assert logon is not None and logon.guid == LOGON == "{0CCE9215-69AE-11D9-BED3-505054503030}"
    assert logon.name == "Logon" and logon.english_name == "Logon" and logon.machine == ""
    assert logon.inclusion == "Success and Failure" and logon.value == 3
    assert (logon.success, logon.failure, logon.audited) == (True, True, 3)
    lockout = doc.account_lockout
    assert lockout is not None and lockout.guid == ACCOUNT_LOCKOUT
    assert (lockout.inclusion, lockout.value, lockout.success, lockout.failure) == (
        "Success",
        1,
        True,
        False,
    )
    assert doc.get("Logoff").value == 1  # type: ignore[union-attr]
    assert doc.get("Credential Validation").value == 3  # type: ignore[union-attr]
    assert doc.options == () and doc.other == ()


def test_auditpol_spanish_backup_in_the_ansi_code_page() -> None:
    path = fixture("auditpol", "backup-es-ansi.csv")
    assert "ría".encode("cp1252") in path.read_bytes()
    doc = read_auditpol_csv(path)
    assert doc.shape == "backup" and len(doc.settings) == 5
    assert doc.system_target == "Sistema"
    logon = doc.logon
    assert logon is not None and logon.name == "Inicio de sesión" and logon.machine == "AIT-MPENA"
    assert logon.inclusion == "Sin auditoría" and logon.value == 0
    assert (logon.success, logon.failure) == (False, False)
    lockout = doc.account_lockout
    assert lockout is not None and lockout.name == "Bloqueo de cuenta"
    assert (lockout.success, lockout.failure) == (False, False)
    assert [o.name for o in doc.options] == [
        "CrashOnAuditFail",
        "FullPrivilegeAuditing",
        "AuditBaseObjects",
        "AuditBaseDirectories",
    ]
    crash = doc.option("crashonauditfail")
    assert crash is not None and crash.text == "Deshabilitado" and crash.value == 0
    assert crash.line == 7
    assert doc.other == (("FileGlobalSacl", 11), ("RegistryGlobalSacl", 12))


def test_auditpol_disa_gpo_with_audit_prefix_and_lower_case_guids() -> None:
    doc = read_auditpol_csv(fixture("auditpol", "dod-stig-audit.csv"))
    assert doc.shape == "backup" and len(doc.settings) == 8
    logon = doc.logon
    assert logon is not None and logon.name == "Audit Logon" and logon.guid == LOGON
    assert (logon.success, logon.failure) == (True, True)
    assert doc.account_lockout is None
    assert doc.get("Audit Logon") is logon and doc.get("logon") is logon
    assert doc.get("{0cce9215-69ae-11d9-bed3-505054503030}") is logon
    assert doc.get("0CCE9215-69AE-11D9-BED3-505054503030") is logon
    assert doc.get("Credential Validation").value == 3  # type: ignore[union-attr]
    assert doc.get("No Such Subcategory") is None


def test_auditpol_get_report_shape() -> None:
    doc = read_auditpol_csv(fixture("auditpol", "get-category-r.csv"))
    assert doc.shape == "report" and len(doc.settings) == 8
    logon = doc.logon
    assert logon is not None and logon.machine == "WEB01" and logon.value is None
    assert logon.line == 4  # the header, the blank row, Security State Change, then Logon
    assert (logon.inclusion, logon.success, logon.failure) == ("Success", True, False)
    lockout = doc.account_lockout
    assert lockout is not None and (lockout.success, lockout.failure) == (True, False)
    creds = doc.get("Credential Validation")
    assert creds is not None and (creds.success, creds.failure) == (False, False)


def test_auditpol_translated_report_text_is_unknown_not_guessed() -> None:
    text = (
        "Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,"
        "Exclusion Setting\r\n\r\nHOST,System,Logon,{0CCE9215-69AE-11D9-BED3-505054503030},"
        "Réussite,\r\n"
    )
    logon = parse_auditpol_csv(text).logon
    assert logon is not None and logon.success is None and logon.failure is None
    assert logon.audited is None


def test_auditpol_setting_value_numbers() -> None:
    header = (
        "Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,"
        "Exclusion Setting,Setting Value\n"
    )
    rows = "".join(
        f",System,X,{{0CCE92{n:02X}-69AE-11D9-BED3-505054503030}},t,,{v}\n"
        for n, v in ((0x15, 0), (0x16, 1), (0x17, 2), (0x1B, 3))
    )
    doc = parse_auditpol_csv(header + rows)
    got = [(s.english_name, s.success, s.failure) for s in doc.settings]
    assert got == [
        ("Logon", False, False),
        ("Logoff", True, False),
        ("Account Lockout", False, True),
        ("Special Logon", True, True),
    ]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "empty"),
        ("a,b,c\n", 1, "3 columns"),
        (",System,Logon,{0CCE9215-69AE-11D9-BED3-505054503030},Success,,1\n", 1, "no header"),
        (
            "M,P,S,G,I,E,V\n,System,Logon,{0CCE9215-69AE-11D9-BED3-505054503030},x,,1\n\n,a\n",
            4,
            "2 columns",
        ),
        ("M,P,S,G,I,E,V\n,System,Logon,{0CCE9215},Success,,1\n", 2, "GUID"),
        ("M,P,S,G,I,E,V\n,System,Logon,{0CCE9215-69AE-11D9-BED3-505054503030},x,,7\n", 2, "0 to 3"),
        ("M,P,S,G,I,E,V\n,System,,,x,,1\n", 2, "neither"),
        (
            "M,P,S,G,I,E,V\n,System,Logon,{0CCE9215-69AE-11D9-BED3-505054503030},x,,1\n"
            ",System,Logon,{0cce9215-69ae-11d9-bed3-505054503030},x,,3\n",
            3,
            "again",
        ),
        (
            'M,P,S,G,I,E,V\n,System,"Logon,{0CCE9215-69AE-11D9-BED3-505054503030},x,,1\n',
            2,
            "columns",
        ),
        (
            "M,P,S,G,I,E,V\n,Sys\x00tem,Logon,{0CCE9215-69AE-11D9-BED3-505054503030},x,,1\n",
            2,
            "NUL",
        ),
    ],
)
def test_auditpol_bad_input_names_file_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(BundleError) as caught:
        parse_auditpol_csv(text, "auditpol.csv")
    assert caught.value.path == "auditpol.csv" and caught.value.line == line
    assert words in caught.value.reason


def test_auditpol_report_redirected_by_powershell_is_utf16(tmp_path: Path) -> None:
    text = fixture("auditpol", "get-category-r.csv").read_text(encoding="ascii")
    path = tmp_path / "auditpol.csv"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    logon = read_auditpol_csv(path).logon
    assert logon is not None and (logon.success, logon.failure) == (True, False)


def test_auditpol_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="can not be read"):
        read_auditpol_csv(tmp_path / "auditpol.csv")


# -- wevtutil gl / gli ----------------------------------------------------------------------------


def test_wevtutil_gl_only_leaves_the_file_state_unknown() -> None:
    doc = read_wevtutil_gl(fixture("wevtutil", "gl-only-security.txt"))
    assert doc.name == "security" and doc.enabled is True and doc.type == "Admin"
    assert doc.isolation == "Custom" and doc.owning_publisher is None
    assert doc.channel_access is not None and doc.channel_access.endswith("(A;;0x1;;;S-1-5-32-573)")
    assert doc.log_file_name == r"%SystemRoot%\System32\Winevt\Logs\security.evtx"
    assert (doc.retention, doc.auto_backup, doc.max_size) == (False, False, 134217728)
    assert doc.publishing == {"fileMax": "1"}
    assert doc.has_info is False
    assert doc.file_size is None and doc.number_of_log_records is None
    assert doc.creation_time is None and doc.oldest_record_number is None
    assert doc.attributes is None and doc.last_write_time is None


def test_wevtutil_gl_then_gli_after_a_blank_line() -> None:
    doc = read_wevtutil_gl(fixture("wevtutil", "gl-gli-windows-powershell.txt"))
    assert doc.name == "Windows PowerShell" and doc.isolation == "Application"
    assert (doc.retention, doc.max_size) == (False, 15728640)
    assert doc.has_info is True
    assert (doc.file_size, doc.attributes) == (11603968, 32)
    assert (doc.number_of_log_records, doc.oldest_record_number) == (9496, 1)
    assert doc.creation_time == datetime(2020, 10, 6, 16, 57, 38, 617000, tzinfo=UTC)
    assert doc.last_write_time == datetime(2022, 10, 26, 19, 5, 21, 533000, tzinfo=UTC)


def test_wevtutil_gl_and_gli_in_utf16() -> None:
    path = fixture("wevtutil", "gl-gli-utf16.txt")
    assert path.read_bytes()[:2] == b"\xff\xfe"
    doc = read_wevtutil_gl(path)
    assert doc.name == "Security" and doc.retention is True and doc.auto_backup is False
    assert doc.max_size == 20971520
    assert (doc.file_size, doc.number_of_log_records, doc.oldest_record_number) == (
        1118208,
        1228,
        1,
    )
    assert doc.creation_time == datetime(2016, 11, 28, 6, 1, 37, 986000, tzinfo=UTC)
    assert doc.last_write_time == datetime(2017, 8, 8, 8, 1, 20, 979000, tzinfo=UTC)


# -- icacls --------------------------------------------------------------------------------------


def test_icacls_rights_masks_follow_the_windows_file_rights() -> None:
    assert rights_mask(["F"]) == 0x1F01FF
    assert rights_mask(["M"]) == 0x1301BF
    assert rights_mask(["RX"]) == 0x1200A9
    assert rights_mask(["R"]) == 0x120089
    assert rights_mask(["W"]) == 0x100116
    assert rights_mask(["D"]) == 0x110000
    assert rights_mask(["N"]) == 0
    assert rights_mask(["RD", "WD"]) == 0x3
    assert rights_mask(["GR", "GE"]) == 0xA0000000
    assert rights_mask(["rc"]) == rights_mask(["Rc"]) == 0x20000
    with pytest.raises(ValueError, match="not an icacls right"):
        rights_mask(["Q"])


def test_icacls_iis10_web_root_inherit_only_entry_is_not_on_the_folder() -> None:
    doc = read_icacls(fixture("icacls", "wwwroot-iis10.txt"))
    assert (doc.processed, doc.failed) == (1, 0)
    assert len(doc.targets) == 1
    root = doc.target(r"c:\inetpub\wwwroot\\")
    assert root is not None and root.path == r"C:\inetpub\wwwroot" and root.line == 1
    assert len(root.aces) == 9
    on_folder, below_only = root.entries_for(r"BUILTIN\IIS_IUSRS")
    assert on_folder.rights == ("RX",) and on_folder.flags == ()
    assert on_folder.applies_to_object and on_folder.grants_read_data and not on_folder.deny
    assert below_only.flags == ("OI", "CI", "IO") and below_only.rights == ("GR", "GE")
    assert below_only.inherit_only and not below_only.applies_to_object
    assert below_only.grants_read_data  # generic read, for the files below
    writer = root.entries_for("KrampusIIS")[0]
    assert writer.trustee == r"SOCMAS\KrampusIIS" and writer.inherited
    assert writer.rights == ("RX", "W") and writer.grants_read_data and writer.line == 6
    owner = root.entries_for("CREATOR OWNER")[0]
    assert owner.flags == ("I", "OI", "CI", "IO") and not owner.applies_to_object
    assert not any(ace.deny for ace in root.aces)


def test_icacls_default_web_root() -> None:
    root = read_icacls(fixture("icacls", "wwwroot-default.txt")).target(r"C:\inetpub\wwwroot")
    assert root is not None and len(root.aces) == 14
    iusrs = root.entries_for(r"BUILTIN\IIS_IUSRS")
    assert [a.flags for a in iusrs] == [(), ("OI", "CI"), ("OI", "CI", "IO")]
    assert [a.applies_to_object for a in iusrs] == [True, True, False]
    admin = root.entries_for(r"CITY\web_admin")
    assert [(a.flags, a.rights) for a in admin] == [
        (("OI", "CI"), ("M",)),
        (("I", "OI", "CI"), ("M",)),
    ]
    users = root.entries_for(r"BUILTIN\Users")
    assert [a.text for a in users] == [
        r"BUILTIN\Users:(I)(RX)",
        r"BUILTIN\Users:(I)(OI)(CI)(IO)(GR,GE)",
    ]
    assert sum(a.applies_to_object for a in root.aces) == 8


def test_icacls_puppet_folder_without_blank_line_before_the_summary() -> None:
    doc = read_icacls(fixture("icacls", "tempperms-puppet.txt"))
    target = doc.target("C:\\TEMPPERMS\\")
    assert target is not None and target.path == "c:\\tempperms" and len(target.aces) == 5
    assert not any(a.inherited for a in target.aces)
    add = target.aces[3]
    assert add.trustee == r"BUILTIN\Users" and add.flags == ("CI",) and add.rights == ("AD",)
    assert add.applies_to_object and add.mask == 0x4 and not add.grants_read_data
    owner = target.aces[4]
    assert owner.trustee == "CREATOR OWNER" and owner.inherit_only
    reader = target.aces[1]
    assert reader.flags == ("OI", "CI") and reader.rights == ("RX",) and reader.grants_read_data


def test_icacls_deny_for_an_unresolved_sid_and_a_path_with_spaces() -> None:
    doc = read_icacls(fixture("icacls", "deny-sid-and-spaces.txt"))
    assert (doc.processed, doc.failed) == (2, 0) and len(doc.targets) == 2
    app = doc.target(r"C:\inetpub\wwwroot\app")
    assert app is not None and len(app.aces) == 5
    sid = "S-1-5-21-541253457-2268935619-321007557-692795393"
    first, second = app.entries_for(sid)
    assert first.trustee == sid and first.sid == sid
    assert first.deny and first.flags == ("DENY",) and first.rights == ("W", "D", "Rc", "DC")
    assert first.applies_to_object and not first.grants_read_data
    assert second.deny and second.inherit_only and not second.applies_to_object
    assert second.flags == ("OI", "CI", "IO", "DENY")
    assert second.rights == ("W", "D", "Rc", "GW", "DC")
    users = app.entries_for("Users")[0]
    assert users.flags == ("I", "OI", "CI") and users.rights == ("RX",) and users.grants_read_data
    assert users.sid is None
    ose = doc.target(r"C:\Program Files\Common Files\Microsoft Shared\Source Engine\OSE.EXE")
    assert ose is not None and ose.line == 8
    assert [a.trustee for a in ose.aces] == [
        r"BUILTIN\Users",
        r"NT AUTHORITY\SYSTEM",
        r"BUILTIN\Administrators",
        r"WIN-B5JHUDECH2P\homer",
    ]
    assert all(a.flags == ("I",) and a.rights == ("F",) for a in ose.aces)


def test_icacls_windows_folder() -> None:
    target = read_icacls(fixture("icacls", "windows-dir.txt")).target(r"C:\Windows")
    assert target is not None and len(target.aces) == 13
    installer = target.entries_for(r"NT SERVICE\TrustedInstaller")
    assert [(a.flags, a.rights) for a in installer] == [((), ("F",)), (("CI", "IO"), ("F",))]
    system = target.entries_for(r"NT AUTHORITY\SYSTEM")
    assert system[0].rights == ("M",) and system[0].mask == 0x1301BF
    assert system[0].applies_to_object and system[1].inherit_only
    users = target.entries_for(r"BUILTIN\Users")
    assert users[1].mask == 0xA0000000
    packages = target.entries_for(r"APPLICATION PACKAGE AUTHORITY\ALL APPLICATION PACKAGES")
    assert packages[0].rights == ("RX",) and packages[0].applies_to_object


def test_icacls_single_entry_targets_with_spaces_and_errors() -> None:
    text = (
        "C:\\Program Files\\App\\index.htm NT AUTHORITY\\SYSTEM:(I)(F)\r\n"
        "C:\\inetpub\\wwwroot\\x y.htm WEB01\\IUSR_WEB01:(R)\r\n"
        "C:\\inetpub\\wwwroot\\gone.htm: The system cannot find the file specified.\r\n"
        "C:\\inetpub\\wwwroot\\lbl.htm Mandatory Label\\High Mandatory Level:(NW)\r\n"
        "Successfully processed 3 files; Failed processing 1 files\r\n"
    )
    doc = parse_icacls(text)
    assert [t.path for t in doc.targets] == [
        "C:\\Program Files\\App\\index.htm",
        "C:\\inetpub\\wwwroot\\x y.htm",
        "C:\\inetpub\\wwwroot\\gone.htm",
        "C:\\inetpub\\wwwroot\\lbl.htm",
    ]
    assert doc.targets[1].aces[0].trustee == "WEB01\\IUSR_WEB01"
    assert doc.targets[2].error == "The system cannot find the file specified."
    label = doc.targets[3].aces[0]
    assert label.is_label and not label.applies_to_object and not label.grants_read_data
    assert (doc.processed, doc.failed) == (3, 1)


def test_icacls_translated_summary_ends_the_block_with_counts_unknown() -> None:
    # a German server's listing (trustees and summary translated; wording illustrative)
    text = (
        "C:\\inetpub\\wwwroot VORDEFINIERT\\IIS_IUSRS:(RX)\r\n"
        "                   NT-AUTORIT\u00c4T\\SYSTEM:(I)(OI)(CI)(F)\r\n"
        "\r\n"
        "1 Dateien erfolgreich verarbeitet, bei 0 Dateien ist ein Fehler aufgetreten.\r\n"
    )
    doc = parse_icacls(text)
    root = doc.target("C:\\inetpub\\wwwroot")
    assert root is not None and [a.trustee for a in root.aces] == [
        "VORDEFINIERT\\IIS_IUSRS",
        "NT-AUTORIT\u00c4T\\SYSTEM",
    ]
    assert doc.processed is None and doc.failed is None


def test_icacls_where_a_single_entry_path_ends() -> None:
    domain = parse_icacls("C:\\Program Files\\x.htm CONTOSO\\Domain Users:(R)\n").targets[0]
    assert domain.path == "C:\\Program Files\\x.htm"
    assert domain.aces[0].trustee == "CONTOSO\\Domain Users"
    # a bare name after a path with spaces is ambiguous; the expected path settles it
    text = "C:\\a b\\c.htm bob:(R)\n"
    assert parse_icacls(text, expected=["c:\\A B\\c.htm"]).targets[0].aces[0].trustee == "bob"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "no icacls output"),
        ("   BUILTIN\\Users:(RX)\n", 1, "no path above"),
        ("C:\\x BUILTIN\\Users:(RX)\n     BUILTIN\\Users:(Q)\n", 2, "not an icacls right"),
        ("C:\\x BUILTIN\\Users:(XX)(RX)\n", 1, "flag"),
        ("C:\\x BUILTIN\\Users:RX\n", 1, "neither"),
        ("C:\\x BUILTIN\\Users:(RX)\n     just words\n", 2, "TRUSTEE"),
        ("C:\\x BUILTIN\\Users:(RX,)\n", 1, "empty right"),
    ],
)
def test_icacls_bad_input_names_file_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(BundleError) as caught:
        parse_icacls(text, "icacls.txt")
    assert caught.value.path == "icacls.txt" and caught.value.line == line
    assert words in caught.value.reason


# -- reg export of the Lsa key -------------------------------------------------------------------


def test_reg_lsa_export_server_2016() -> None:
    doc = read_reg_export(fixture("reg", "lsa-ws2016.reg"))
    assert doc.version == "5.00"
    assert [k.path.rpartition("\\Control\\")[2] for k in doc.keys] == [
        "Lsa",
        "Lsa\\AccessProviders",
        "Lsa\\AccessProviders\\Windows NT Access Provider",
        "Lsa\\Audit",
        "Lsa\\FipsAlgorithmPolicy",
        "Lsa\\JD",
        "Lsa\\MSV1_0",
    ]
    assert doc.dword(LSA, "CrashOnAuditFail") == 0
    crash = doc.get(LSA, "CRASHONAUDITFAIL")
    assert crash is not None and crash.name == "crashonauditfail" and crash.type == REG_DWORD
    assert crash.line == 7
    assert doc.dword(LSA, "LimitBlankPasswordUse") == 1
    assert doc.dword(LSA, "restrictanonymoussam") == 1
    assert doc.dword(LSA, "LsaPid") == 0x26C
    assert doc.get(LSA, "Authentication Packages").data == ("msv1_0",)  # type: ignore[union-attr]
    assert doc.get(LSA, "Notification Packages").data == ("scecli",)  # type: ignore[union-attr]
    assert doc.get(LSA, "Security Packages").data == ('""',)  # type: ignore[union-attr]
    full = doc.get(LSA, "fullprivilegeauditing")
    assert full is not None and full.type == REG_BINARY and full.data == b"\x00"
    assert doc.get(LSA, "Bounds").data == bytes.fromhex("0030000000200000")  # type: ignore[union-attr]
    provider = doc.get(LSA + r"\AccessProviders\Windows NT Access Provider", "ProviderPath")
    assert provider is not None and provider.type == REG_EXPAND_SZ
    assert provider.data == r"%SystemRoot%\System32\ntmarta.dll"
    assert doc.dword(LSA + r"\MSV1_0", "NTLMMinClientSec") == 0x20000000
    assert doc.values(LSA + r"\Audit") == () and doc.has_key(LSA + r"\JD")
    assert len(list(doc)) == 23


def test_reg_lsa_export_server_2003_after_a_full_log() -> None:
    doc = read_reg_export(fixture("reg", "lsa-ws2003-crash2.reg"))
    assert [k.path.rpartition("\\")[2] for k in doc.keys] == [
        "Lsa",
        "AccessProviders",
        "Audit",
        "MSV1_0",
    ]
    assert doc.dword(LSA, "CrashOnAuditFail") == 2
    assert doc.get(LSA, "Security Packages").data == (  # type: ignore[union-attr]
        "kerberos",
        "msv1_0",
        "schannel",
        "wdigest",
    )
    assert doc.dword(LSA, "lmcompatibilitylevel") == 0
    auth = doc.get(LSA + r"\MSV1_0", "Auth132")
    assert auth is not None and auth.type == REG_SZ and auth.data == "iissuba"
    assert len(list(doc)) == 16


# -- bad input is a BundleError, never another exception ----------------------------------------

_NOISE = [*':{}[]",\n\r\t -09()IOCFRXDNY=+.\\\x00é', "\ufeff"]


def _mutated(text: str) -> st.SearchStrategy[str]:
    return mutated(text, _NOISE)


def _text(*parts: str) -> str:
    data = fixture(*parts).read_bytes()
    return data.decode("utf-16") if data[:2] == b"\xff\xfe" else data.decode("cp1252")


@FUZZ
@given(
    _mutated(_text("auditpol", "backup-es-ansi.csv"))
    | _mutated(_text("auditpol", "get-category-r.csv"))
)
def test_auditpol_fuzz_mutated(text: str) -> None:
    with contextlib.suppress(BundleError):
        parse_auditpol_csv(text)


@FUZZ
@given(
    _mutated(_text("icacls", "deny-sid-and-spaces.txt"))
    | _mutated(_text("icacls", "wwwroot-default.txt"))
)
def test_icacls_fuzz_mutated(text: str) -> None:
    with contextlib.suppress(BundleError):
        parse_icacls(text)


@FUZZ
@given(st.binary(max_size=300))
def test_auditpol_and_icacls_fuzz_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.txt"
    path.write_bytes(data)
    with contextlib.suppress(BundleError):
        read_auditpol_csv(path)
    with contextlib.suppress(BundleError):
        read_icacls(path)


@FUZZ
@given(_mutated(_text("secedit", "duplicate-key-case.inf")))
def test_secedit_duplicates_fuzz_mutated(text: str) -> None:
    with contextlib.suppress(BundleError):
        parse_secedit(text)
