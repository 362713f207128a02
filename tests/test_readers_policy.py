"""Readers for secedit.inf and lsa.reg, against the simulator's own output and real-world quirks."""

from __future__ import annotations

import codecs
import contextlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.errors import BundleError
from checks.readers.lsa_reg import (
    REG_BINARY,
    REG_DWORD,
    REG_EXPAND_SZ,
    REG_MULTI_SZ,
    REG_QWORD,
    REG_SZ,
    parse_reg_export,
    read_reg_export,
)
from checks.readers.secedit import (
    PRIVILEGE_RIGHTS,
    REGISTRY_VALUES,
    SYSTEM_ACCESS,
    parse_secedit,
    read_secedit,
)
from simulator import registry as reg
from simulator.admin.shell import exported_files, render_secedit
from simulator.export.reg_export import reg_export_text, write_reg_export
from simulator.export.secedit_inf import secedit_text, write_secedit
from simulator.host import Host
from simulator.registry import Registry, RegType
from simulator.security_template import CRASH_ON_AUDIT_FAIL, SecurityTemplate
from tests.support.fuzzing import FUZZ, mutated
from tests.support.hosts import ok, secrets


def utf16(text: str) -> bytes:
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


# -- secedit: round trips with the simulator ------------------------------------------------------


# What `secedit /export` writes in [Privilege Rights] for each fixture host (seed 7, computer
# WEB42). Builtin and well-known principals are written as *SID; the machine's own accounts
# (IUSR_WEB42, IWAM_WEB42, SUPPORT_388945a0, Guest) by name, as in the real exports of
# tests/fixtures/real/secedit (ASPNET, Guest, Invitado); the domain's accounts as *SID.
PRIVILEGE_RIGHTS_EXPORTED: dict[str, dict[str, tuple[str, ...]]] = {
    "iis6": {
        "SeNetworkLogonRight": (
            "*S-1-1-0",
            "*S-1-5-32-544",
            "*S-1-5-32-547",
            "*S-1-5-32-545",
            "*S-1-5-32-551",
        ),
        "SeDenyNetworkLogonRight": ("SUPPORT_388945a0",),
        "SeInteractiveLogonRight": (
            "*S-1-5-32-544",
            "*S-1-5-32-551",
            "*S-1-5-32-547",
            "*S-1-5-32-545",
            "IUSR_WEB42",
            "IWAM_WEB42",
        ),
        "SeBatchLogonRight": (
            "*S-1-5-32-544",
            "*S-1-5-32-551",
            "*S-1-5-32-559",
            "IUSR_WEB42",
            "IWAM_WEB42",
        ),
        "SeServiceLogonRight": ("*S-1-5-20",),
    },
    "iis6_domain": {
        "SeNetworkLogonRight": (
            "*S-1-1-0",
            "*S-1-5-32-544",
            "*S-1-5-32-547",
            "*S-1-5-32-545",
            "*S-1-5-32-551",
        ),
        "SeDenyNetworkLogonRight": ("SUPPORT_388945a0",),
        "SeInteractiveLogonRight": (
            "*S-1-5-32-544",
            "*S-1-5-32-551",
            "*S-1-5-32-547",
            "*S-1-5-32-545",
            "*S-1-5-21-747892279-1795753998-2895742288-1116",
            "*S-1-5-21-747892279-1795753998-2895742288-1117",
        ),
        "SeBatchLogonRight": (
            "*S-1-5-32-544",
            "*S-1-5-32-551",
            "*S-1-5-32-559",
            "*S-1-5-21-747892279-1795753998-2895742288-1116",
            "*S-1-5-21-747892279-1795753998-2895742288-1117",
        ),
        "SeServiceLogonRight": ("*S-1-5-20",),
    },
    "iis10": {
        "SeNetworkLogonRight": ("*S-1-1-0", "*S-1-5-32-544", "*S-1-5-32-545", "*S-1-5-32-551"),
        "SeDenyNetworkLogonRight": ("Guest",),
        "SeInteractiveLogonRight": ("*S-1-5-32-544", "*S-1-5-32-551", "*S-1-5-32-545"),
        "SeBatchLogonRight": ("*S-1-5-32-544", "*S-1-5-32-551", "*S-1-5-32-559"),
        "SeServiceLogonRight": ("*S-1-5-20",),
    },
}

#: [Event Audit] AuditLogonEvents as each fixture's export writes it (3: success and failure).
EXPORTED_LOGON_AUDIT = {"iis6": 3, "iis6_domain": 3, "iis10": 0}

#: The lines every fixture's export shares before [Privilege Rights] (a fresh host: no lockout,
#: so secedit writes neither ResetLockoutCount nor LockoutDuration).
_SYSTEM_ACCESS = {
    "MinimumPasswordAge": 0,
    "MaximumPasswordAge": 42,
    "LockoutBadCount": 0,
    "MinimumPasswordLength": 0,
    "PasswordHistorySize": 0,
}
_REGISTRY_LINES = (
    "MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\CrashOnAuditFail=4,0",
    "MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\LimitBlankPasswordUse=4,1",
)


@pytest.mark.parametrize("fixture", ["iis6", "iis6_domain", "iis10"])
def test_secedit_export_round_trips(
    fixture: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    host: Host = request.getfixturevalue(fixture)
    text = render_secedit(host)
    path = tmp_path / "secedit.inf"
    path.write_bytes(utf16(text))
    doc = read_secedit(path)
    expected_rights = PRIVILEGE_RIGHTS_EXPORTED[fixture]
    # Local accounts by name, builtin, well-known and domain principals as *SID.
    assert doc.template.privilege_rights == expected_rights
    # 2003 exports its audit policy here; since 2008 the local policy is the subcategory
    # policy (auditpol), and the legacy categories show 0 (as the real Windows 10 export in
    # tests/fixtures/real/secedit/win10-export-aspnet.inf does).
    audit = EXPORTED_LOGON_AUDIT[fixture]
    assert doc.template.event_audit == {"AuditLogonEvents": audit}
    assert doc.template.system_access == _SYSTEM_ACCESS
    assert doc.registry_dword(CRASH_ON_AUDIT_FAIL) == 0
    assert doc.unicode is True and doc.signature == "$CHICAGO$" and doc.revision == 1
    lines = text.split("\r\n")
    assert lines[:3] == ["[Unicode]", "Unicode=yes", "[System Access]"]
    assert lines[8:14] == [
        "[Event Audit]",
        f"AuditLogonEvents = {audit}",
        "[Registry Values]",
        *_REGISTRY_LINES,
        "[Privilege Rights]",
    ]
    assert lines[14:] == [
        *(f"{right} = {','.join(holders)}" for right, holders in expected_rights.items()),
        "[Version]",
        'signature="$CHICAGO$"',
        "Revision=1",
        "",
    ]
    # The writer lays a template out exactly as the simulator's secedit does.
    assert secedit_text(doc.template) == text
    assert not any(secret in text for secret in secrets(host))


def test_secedit_export_of_iis6_privilege_rights_lines_are_literal(iis6: Host) -> None:
    lines = render_secedit(iis6).split("\r\n")
    start = lines.index("[Privilege Rights]")
    assert lines[start + 1 : start + 6] == [
        "SeNetworkLogonRight = *S-1-1-0,*S-1-5-32-544,*S-1-5-32-547,*S-1-5-32-545,*S-1-5-32-551",
        "SeDenyNetworkLogonRight = SUPPORT_388945a0",
        "SeInteractiveLogonRight = *S-1-5-32-544,*S-1-5-32-551,*S-1-5-32-547,*S-1-5-32-545,"
        "IUSR_WEB42,IWAM_WEB42",
        "SeBatchLogonRight = *S-1-5-32-544,*S-1-5-32-551,*S-1-5-32-559,IUSR_WEB42,IWAM_WEB42",
        "SeServiceLogonRight = *S-1-5-20",
    ]


def test_secedit_system_access_keys_come_in_secedit_order(iis6: Host) -> None:
    # Order as in real exports (tests/fixtures/real/secedit/win10-export-aspnet.inf,
    # gpo-spanish-export.inf): ages, length, complexity, history, then the lockout keys.
    lines = render_secedit(iis6).split("\r\n")
    assert lines[3:8] == [
        "MinimumPasswordAge = 0",
        "MaximumPasswordAge = 42",
        "MinimumPasswordLength = 0",
        "PasswordHistorySize = 0",
        "LockoutBadCount = 0",
    ]


def test_secedit_shows_a_deny_right_added_with_ntrights(iis6: Host, tmp_path: Path) -> None:
    ok(iis6, "ntrights -u Guests +r SeDenyNetworkLogonRight")
    ok(iis6, r"secedit /export /cfg C:\secpol.inf")
    path = tmp_path / "secedit.inf"
    exported = exported_files(iis6)[r"C:\secpol.inf"]
    path.write_bytes(utf16(exported))
    doc = read_secedit(path)
    # Guests is a builtin group: secedit writes it as *SID, after the holder already there.
    assert doc.right("SeDenyNetworkLogonRight") == ("SUPPORT_388945a0", "*S-1-5-32-546")
    assert doc.right("sedenynetworklogonright") == ("SUPPORT_388945a0", "*S-1-5-32-546")
    assert doc.lines[(PRIVILEGE_RIGHTS, "SeDenyNetworkLogonRight")] == 16
    assert exported.split("\r\n")[15] == "SeDenyNetworkLogonRight = SUPPORT_388945a0,*S-1-5-32-546"


def test_secedit_shows_crash_on_audit_fail_from_the_registry(iis6: Host) -> None:
    ok(iis6, rf"reg add {reg.LSA} /v CrashOnAuditFail /t REG_DWORD /d 2 /f")
    doc = parse_secedit(render_secedit(iis6))
    assert doc.registry_dword(CRASH_ON_AUDIT_FAIL) == 2
    assert doc.registry_dword(CRASH_ON_AUDIT_FAIL.lower()) == 2


def test_write_secedit_is_utf16_with_bom_and_crlf(tmp_path: Path) -> None:
    template = SecurityTemplate(
        system_access={"LockoutBadCount": 3, "ResetLockoutCount": 30, "LockoutDuration": -1},
        event_audit={"AuditLogonEvents": 2},
        registry_values={CRASH_ON_AUDIT_FAIL: (4, "1")},
    )
    template.set_right("SeDenyNetworkLogonRight", ["Guest", "*S-1-5-32-546"])
    template.set_right("SeBatchLogonRight", [])
    data = write_secedit(template)
    assert data.startswith(codecs.BOM_UTF16_LE)
    text = data[2:].decode("utf-16-le")
    assert text == (
        "[Unicode]\r\n"
        "Unicode=yes\r\n"
        "[System Access]\r\n"
        "LockoutBadCount = 3\r\n"
        "ResetLockoutCount = 30\r\n"
        "LockoutDuration = -1\r\n"
        "[Event Audit]\r\n"
        "AuditLogonEvents = 2\r\n"
        "[Registry Values]\r\n"
        "MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\CrashOnAuditFail=4,1\r\n"
        "[Privilege Rights]\r\n"
        "SeDenyNetworkLogonRight = Guest,*S-1-5-32-546\r\n"
        "[Version]\r\n"
        'signature="$CHICAGO$"\r\n'
        "Revision=1\r\n"
    )
    path = tmp_path / "s.inf"
    path.write_bytes(data)
    doc = read_secedit(path)
    assert doc.template.system_access == {
        "LockoutBadCount": 3,
        "ResetLockoutCount": 30,
        "LockoutDuration": -1,
    }
    assert doc.right("SeDenyNetworkLogonRight") == ("Guest", "*S-1-5-32-546")
    assert doc.right("SeBatchLogonRight") is None  # secedit leaves out rights nobody holds
    assert doc.registry_dword(CRASH_ON_AUDIT_FAIL) == 1


# -- secedit: real-world shapes -------------------------------------------------------------------

REAL_SECEDIT = """\
[Unicode]
Unicode=yes
; a comment line
[System Access]
MinimumPasswordAge = 1
MaximumPasswordAge = -1
LockoutBadCount = 3
ResetLockoutCount = 30
LockoutDuration = 30 ; minutes
NewAdministratorName = "Administrator"
NewGuestName = "Guest"
[event audit]
AuditLogonEvents = 3
AuditSystemEvents = 0
[Kerberos Policy]
MaxTicketAge = 10
[Registry Values]
MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\CrashOnAuditFail=4,2
MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\CachedLogonsCount=1,"10"
MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\LegalNoticeText=7,
MACHINE\\System\\CurrentControlSet\\Services\\LanManServer\\Parameters\\NullSessionPipes=7,a;b,c
[Privilege Rights]
seNetworkLogonRight = *S-1-1-0,*S-1-5-32-544, *S-1-5-32-545 ,*S-1-5-32-551
SeDenyNetworkLogonRight = Guest,*S-1-5-32-546,SUPPORT_388945a0
SeBatchLogonRight =
SeTcbPrivilege =
SeDebugPrivilege = *S-1-5-32-544
[Group Membership]
*S-1-5-32-544__Memberof =
[File Security]
"%SystemRoot%\\system32",2,"D:P(A;OICI;FA;;;BA)"
[Version]
signature="$CHICAGO$"
Revision=1
"""


def test_secedit_real_world_layout_in_utf8_with_crlf(tmp_path: Path) -> None:
    path = tmp_path / "secedit.inf"
    path.write_bytes(codecs.BOM_UTF8 + REAL_SECEDIT.replace("\n", "\r\n").encode("utf-8"))
    doc = read_secedit(path)
    access = doc.template.system_access
    assert access["MaximumPasswordAge"] == -1 and access["LockoutDuration"] == 30
    assert doc.other[(SYSTEM_ACCESS, "NewGuestName")] == "Guest"
    assert doc.template.event_audit["AuditLogonEvents"] == 3
    assert doc.other[("Kerberos Policy", "MaxTicketAge")] == "10"
    assert doc.right("SeNetworkLogonRight") == (
        "*S-1-1-0",
        "*S-1-5-32-544",
        "*S-1-5-32-545",
        "*S-1-5-32-551",
    )
    assert doc.right("SeDenyNetworkLogonRight") == ("Guest", "*S-1-5-32-546", "SUPPORT_388945a0")
    assert doc.right("SeBatchLogonRight") == ()
    assert doc.right("SeInteractiveLogonRight") is None
    assert doc.right("not a right") is None
    assert doc.right("SeDebugPrivilege") == ("*S-1-5-32-544",)
    assert doc.registry_dword(CRASH_ON_AUDIT_FAIL) == 2
    pipes = r"MACHINE\System\CurrentControlSet\Services\LanManServer\Parameters\NullSessionPipes"
    assert doc.registry_value(pipes) == (7, "a;b,c")
    cached = r"MACHINE\Software\Microsoft\Windows NT\CurrentVersion\Winlogon\CachedLogonsCount"
    assert doc.registry_value(cached) == (1, '"10"')
    assert doc.registry_dword(cached) is None
    assert doc.lines[(PRIVILEGE_RIGHTS, "SeNetworkLogonRight")] == 23
    assert doc.line_of("privilege rights", "sedenynetworklogonright") == 24
    assert doc.lines[(REGISTRY_VALUES, CRASH_ON_AUDIT_FAIL)] == 18
    assert doc.sections[:3] == ("Unicode", "System Access", "Event Audit")


def test_secedit_in_the_ansi_code_page(tmp_path: Path) -> None:
    path = tmp_path / "secedit.inf"
    text = "[Privilege Rights]\r\nSeDenyNetworkLogonRight = Gäste,*S-1-5-32-546\r\n"
    path.write_bytes(text.encode("cp1252"))
    assert read_secedit(path).right("SeDenyNetworkLogonRight") == ("Gäste", "*S-1-5-32-546")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("LockoutBadCount = 3\n", 1, "before the first"),
        ("[System Access]\n\nLockoutBadCount = three\n", 3, "not a number"),
        ("[Event Audit]\nAuditLogonEvents\n", 2, "KEY = VALUE"),
        ("[Privilege Rights]\nAccessThisComputer = *S-1-1-0\n", 2, "not a user right"),
        ("[Registry Values]\nMACHINE\\X=four,1\n", 2, "TYPE,VALUE"),
        ("[System Access]\n[System Access]\n", 2, "twice"),
        ("[]\n", 1, "empty section"),
    ],
)
def test_secedit_malformed_lines_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(BundleError) as caught:
        parse_secedit(text, "secedit.inf")
    assert caught.value.line == line
    assert words in caught.value.reason
    assert str(caught.value).startswith(f"secedit.inf:{line}: ")


def test_secedit_file_too_large_or_missing(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="can not be read"):
        read_secedit(tmp_path / "absent.inf")


@FUZZ
@given(st.text(max_size=400))
def test_secedit_fuzz_text(text: str) -> None:
    with contextlib.suppress(BundleError):
        parse_secedit(text)


@FUZZ
@given(st.binary(max_size=400))
def test_secedit_fuzz_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.inf"
    path.write_bytes(data)
    with contextlib.suppress(BundleError):
        read_secedit(path)


@FUZZ
@given(mutated(REAL_SECEDIT))
def test_secedit_fuzz_mutated(text: str) -> None:
    with contextlib.suppress(BundleError):
        parse_secedit(text)


# -- lsa.reg: round trips with the simulator ------------------------------------------------------


def test_reg_export_round_trips_the_lsa_key(iis6: Host, tmp_path: Path) -> None:
    path = tmp_path / "lsa.reg"
    path.write_bytes(write_reg_export(iis6.registry, reg.LSA))
    doc = read_reg_export(path)
    assert doc.version == "5.00"
    assert [k.path for k in doc.keys] == [
        r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa",
        r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa\MSV1_0",
    ]
    found = [(v.key, v.name, v.type_name, v.data) for v in doc]
    assert found == [
        (
            r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa",
            "CrashOnAuditFail",
            "REG_DWORD",
            0,
        ),
        (
            r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa",
            "LimitBlankPasswordUse",
            "REG_DWORD",
            1,
        ),
        (
            r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa\MSV1_0",
            "Auth132",
            "REG_SZ",
            "iissuba",
        ),
    ]
    assert doc.dword(r"hklm\system\currentcontrolset\control\LSA", "crashonauditfail") == 0
    assert doc.subkeys(reg.LSA) == [
        r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa\MSV1_0"
    ]
    text = path.read_bytes()[2:].decode("utf-16-le")
    assert not any(secret in text for secret in secrets(iis6))


def test_reg_export_after_reg_add(iis10: Host) -> None:
    ok(iis10, f"reg add {reg.LSA} /v CrashOnAuditFail /t REG_DWORD /d 2 /f")
    doc = parse_reg_export(reg_export_text(iis10.registry, reg.LSA))
    value = doc.get(reg.LSA, "CrashOnAuditFail")
    assert value is not None and value.type == REG_DWORD and value.data == 2
    assert value.line == 4
    assert doc.get(reg.MSV1_0, "Auth132") is None


def test_reg_export_bytes_are_what_reg_exe_writes(iis6: Host) -> None:
    data = write_reg_export(iis6.registry, reg.LSA)
    assert data.startswith(codecs.BOM_UTF16_LE)
    text = data[2:].decode("utf-16-le")
    assert text == (
        "Windows Registry Editor Version 5.00\r\n"
        "\r\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa]\r\n"
        '"CrashOnAuditFail"=dword:00000000\r\n'
        '"LimitBlankPasswordUse"=dword:00000001\r\n'
        "\r\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\MSV1_0]\r\n"
        '"Auth132"="iissuba"\r\n'
        "\r\n"
    )


def test_reg_export_wraps_hex_as_reg_exe_does() -> None:
    registry = Registry()
    service = r"HKLM\SYSTEM\CurrentControlSet\Services\RasAuto"
    registry.set(
        service, "ImagePath", RegType.REG_EXPAND_SZ, r"%SystemRoot%\System32\svchost.exe -k netsvcs"
    )
    registry.set(reg.LSA, "Authentication Packages", RegType.REG_MULTI_SZ, ("msv1_0",))
    registry.set(reg.LSA, "Blob", RegType.REG_BINARY, bytes(range(30)))
    registry.set(reg.LSA, "", RegType.REG_SZ, 'say "hi" C:\\temp')
    text = reg_export_text(registry, r"HKLM\SYSTEM\CurrentControlSet")
    lines = text.split("\r\n")
    start = lines.index(
        '"ImagePath"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,\\'
    )
    assert (
        lines[start + 1]
        == "  74,00,25,00,5c,00,53,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,73,\\"
    )
    assert (
        lines[start + 2]
        == "  00,76,00,63,00,68,00,6f,00,73,00,74,00,2e,00,65,00,78,00,65,00,20,00,2d,00,\\"
    )
    assert lines[start + 3] == "  6b,00,20,00,6e,00,65,00,74,00,73,00,76,00,63,00,73,00,00,00"
    # 15 bytes bring this line to 78 characters, so the 16th goes on the next one.
    packages_at = lines.index(
        '"Authentication Packages"=hex(7):6d,00,73,00,76,00,31,00,5f,00,30,00,00,00,00,\\'
    )
    assert lines[packages_at + 1] == "  00"
    assert '@="say \\"hi\\" C:\\\\temp"' in lines
    # Parents come first, with empty headers for keys that hold no values of their own.
    headers = [line for line in lines if line.startswith("[")]
    assert headers == [
        r"[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet]",
        r"[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control]",
        r"[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa]",
        r"[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services]",
        r"[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\RasAuto]",
    ]
    doc = parse_reg_export(text)
    image = doc.get(service, "imagepath")
    assert image is not None and image.type == REG_EXPAND_SZ
    assert image.data == r"%SystemRoot%\System32\svchost.exe -k netsvcs"
    packages = doc.get(reg.LSA, "Authentication Packages")
    assert packages is not None and packages.data == ("msv1_0",) and packages.type == REG_MULTI_SZ
    blob = doc.get(reg.LSA, "Blob")
    assert blob is not None and blob.data == bytes(range(30)) and blob.type == REG_BINARY
    default = doc.get(reg.LSA, "")
    assert default is not None and default.data == 'say "hi" C:\\temp'


def test_reg_export_of_a_missing_key_fails_as_reg_does() -> None:
    from winfacts.errors import ModelError

    with pytest.raises(ModelError, match="unable to find"):
        write_reg_export(Registry(), reg.LSA)


# -- lsa.reg: real-world shapes -------------------------------------------------------------------

REAL_REG = """\
Windows Registry Editor Version 5.00

; exported on a test server
[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa]
"auditbaseobjects"=dword:00000000
"Authentication Packages"=hex(7):6d,00,73,00,76,00,31,00,5f,00,30,00,00,00,74,\\
  00,65,00,6c,00,65,00,70,00,6f,00,72,00,74,00,00,00,00,00
"crashonauditfail"=dword:00000002
"Security Packages"=hex(7):22,00,22,00,00,00,00,00
"LsaPid"=dword:0000026C
"Qw"=hex(b):ff,ff,ff,ff,ff,ff,ff,ff
"None"=hex(0):
"Blob"=hex:de,ad,be,ef,  \\
  01
@="Default \\"data\\""
"Path"="C:\\\\Windows\\\\"
[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\JD]

[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\MSV1_0]
"Auth132"="iissuba"
"""


def test_reg_real_world_export(tmp_path: Path) -> None:
    path = tmp_path / "lsa.reg"
    path.write_bytes(utf16(REAL_REG.replace("\n", "\r\n")))
    doc = read_reg_export(path)
    lsa = r"HKLM\SYSTEM\CurrentControlSet\Control\Lsa"
    assert doc.dword(lsa, "CrashOnAuditFail") == 2
    assert doc.get(lsa, "crashonauditfail") is not None
    crash = doc.get(lsa, "CRASHONAUDITFAIL")
    assert crash is not None and crash.line == 8
    packages = doc.get(lsa, "Authentication Packages")
    assert packages is not None and packages.data == ("msv1_0", "teleport") and packages.line == 6
    assert doc.get(lsa, "Security Packages").data == ('""',)  # type: ignore[union-attr]
    assert doc.dword(lsa, "LsaPid") == 0x26C
    qword = doc.get(lsa, "Qw")
    assert qword is not None and qword.type == REG_QWORD and qword.data == 2**64 - 1
    assert qword.type_name == "REG_QWORD"
    assert doc.get(lsa, "None").data == b""  # type: ignore[union-attr]
    assert doc.get(lsa, "Blob").data == bytes.fromhex("deadbeef01")  # type: ignore[union-attr]
    assert doc.get(lsa, "").data == 'Default "data"'  # type: ignore[union-attr]
    assert doc.get(lsa, "Path").data == "C:\\Windows\\"  # type: ignore[union-attr]
    assert doc.values(lsa + r"\JD") == () and doc.has_key(lsa + r"\JD")
    assert doc.get(lsa + r"\MSV1_0", "Auth132").type == REG_SZ  # type: ignore[union-attr]
    assert doc.get(lsa, "absent") is None and doc.dword(lsa, "Path") is None
    assert len(list(doc)) == 11


def test_reg_regedit4_strings_are_single_byte() -> None:
    text = (
        "REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]\r\n"
        '"Multi"=hex(7):61,62,00,63,00,00\r\n"Exp"=hex(2):25,41,25,00\r\n'
    )
    doc = parse_reg_export(text)
    assert doc.version == "4"
    assert doc.get(r"HKLM\SOFTWARE\Test", "Multi").data == ("ab", "c")  # type: ignore[union-attr]
    assert doc.get(r"HKLM\SOFTWARE\Test", "Exp").data == "%A%"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("[HKEY_LOCAL_MACHINE\\X]\n", 1, "does not start"),
        ("", 1, "empty"),
        ('REGEDIT4\n\n"a"=dword:1\n', 3, "before the first"),
        ("REGEDIT4\n[-HKEY_LOCAL_MACHINE\\X]\n", 2, "deletes a key"),
        ('REGEDIT4\n[HKEY_LOCAL_MACHINE\\X]\n"a"=-\n', 3, "deletes a value"),
        ('REGEDIT4\n[HKEY_LOCAL_MACHINE\\X]\n"a"=hex:zz\n', 3, "hex data"),
        ('REGEDIT4\n[HKEY_LOCAL_MACHINE\\X]\n"a=dword:1\n', 3, "closing quote"),
        ('REGEDIT4\n[HKEY_LOCAL_MACHINE\\X]\n"a"=1\n"A"=2\n', 3, "not a string"),
        ('REGEDIT4\n[HKEY_LOCAL_MACHINE\\X]\n"a"=dword:1\n"A"=dword:2\n', 4, "twice"),
        (
            'Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\X]\n"a"=hex(7):61\n',
            3,
            "odd",
        ),
        ('REGEDIT4\n[HKEY_LOCAL_MACHINE\\X]\n"a"=hex:01,\\\n', 3, "ends inside"),
        ("REGEDIT4\n[NOT_A_ROOT\\X]\n", 2, "root key"),
        ("REGEDIT4\n[HKEY_LOCAL_MACHINE\\X\n", 2, "closing ]"),
        ("REGEDIT4\n[HKEY_LOCAL_MACHINE\\X]\nname=1\n", 3, "neither [key]"),
        ('REGEDIT4\n[HKEY_LOCAL_MACHINE\\X]\n"a"=hex(4):01,02\n', 3, "4 bytes"),
    ],
)
def test_reg_malformed_lines_name_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(BundleError) as caught:
        parse_reg_export(text, "lsa.reg")
    assert caught.value.line == line
    assert words in caught.value.reason


@FUZZ
@given(st.text(max_size=400))
def test_reg_fuzz_text(text: str) -> None:
    with contextlib.suppress(BundleError):
        parse_reg_export(text)


@FUZZ
@given(st.binary(max_size=400))
def test_reg_fuzz_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.reg"
    path.write_bytes(data)
    with contextlib.suppress(BundleError):
        read_reg_export(path)


@FUZZ
@given(mutated(REAL_REG))
def test_reg_fuzz_mutated(text: str) -> None:
    try:
        doc = parse_reg_export(text)
    except BundleError:
        return
    for value in doc:
        assert value.type_name.startswith("REG_")
