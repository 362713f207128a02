"""icacls on the simulated file system: exact output, edits, errors, and reading output back.

Every expectation is literal: what icacls prints is written out as text (the layout of
Microsoft's icacls documentation and of the real transcripts in tests/fixtures/real/icacls, whose
provenance is in tests/fixtures/real/SOURCES.md), masks as the hexadecimal values of the
Windows file rights (FILE_ALL_ACCESS 0x1F01FF, Modify 0x1301BF, Read & execute 0x1200A9, Read
0x120089, Write 0x100116, Delete 0x110000 = DELETE | SYNCHRONIZE, as icacls's simple rights map
them), and SIDs as their strings.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.acl import (
    VALID_BITS,
    AccessMask,
    Ace,
    AceType,
    FileSystem,
    InheritFlags,
    allow,
)
from simulator.icacls import (
    ParsedAce,
    format_rights,
    parse_icacls_output,
    parse_perm,
    parse_rights,
    render_acl,
    run_icacls,
)
from winfacts import wellknown as wk
from winfacts.errors import ModelError
from winfacts.sid import Sid

OI, CI, IO, NP = InheritFlags.OI, InheritFlags.CI, InheritFlags.IO, InheritFlags.NP
NONE = InheritFlags.NONE
ALLOW, DENY = AceType.ALLOW, AceType.DENY

# The file rights as Windows defines them (winnt.h; icacls /? for the letters).
F = 0x1F01FF  # FILE_ALL_ACCESS
M = 0x1301BF  # Modify: F less WRITE_DAC, WRITE_OWNER, FILE_DELETE_CHILD
RX = 0x1200A9  # FILE_GENERIC_READ | FILE_GENERIC_EXECUTE
R = 0x120089  # FILE_GENERIC_READ
W = 0x100116  # FILE_GENERIC_WRITE less READ_CONTROL
GA = 0x10000000  # GENERIC_ALL
GR_GE = 0xA0000000  # GENERIC_READ | GENERIC_EXECUTE

IUSR = Sid.parse("S-1-5-21-1004336348-1177238915-682003330-1003")
IIS_WPG = Sid.parse("S-1-5-21-1004336348-1177238915-682003330-1004")
# An account deleted since: icacls can only print its SID.
ORPHAN = Sid.parse("S-1-5-21-1004336348-1177238915-682003330-1107")
TRUSTED_INSTALLER = Sid.parse("S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464")
SYSTEM = Sid.parse("S-1-5-18")
ADMINISTRATORS = Sid.parse("S-1-5-32-544")
USERS = Sid.parse("S-1-5-32-545")
GUESTS = Sid.parse("S-1-5-32-546")
IIS_IUSRS = Sid.parse("S-1-5-32-568")
CREATOR_OWNER = Sid.parse("S-1-3-0")
EVERYONE = Sid.parse("S-1-1-0")
BUILTIN_IUSR = Sid.parse("S-1-5-17")
NAMES = {
    IUSR: "WEB01\\IUSR_WEB01",
    IIS_WPG: "WEB01\\IIS_WPG",
    TRUSTED_INSTALLER: "NT SERVICE\\TrustedInstaller",
}
SUMMARY_OK = "Successfully processed 1 files; Failed processing 0 files"
SUMMARY_FAILED = "Successfully processed 0 files; Failed processing 1 files"


def resolve_name(sid: Sid) -> str | None:
    return NAMES.get(sid) or wk.display_name(sid)


def resolve_sid(name: str) -> Sid | None:
    wanted = name.lower()
    for sid, full in NAMES.items():
        if wanted in (full.lower(), full.split("\\")[1].lower()):
            return sid
    return wk.lookup_name(name)


def icacls(fs: FileSystem, *argv: str) -> tuple[int, str]:
    return run_icacls(fs, list(argv), resolve_name, resolve_sid)


def iis6() -> FileSystem:
    return FileSystem.default_iis("Windows Server 2003", anonymous=IUSR, worker_group=IIS_WPG)


def iis10() -> FileSystem:
    return FileSystem.default_iis("Windows Server 2022")


# -- display -----------------------------------------------------------------------------------

IIS10_WWWROOT = """\
C:\\inetpub\\wwwroot BUILTIN\\IIS_IUSRS:(RX)
                   BUILTIN\\IIS_IUSRS:(OI)(CI)(IO)(GR,GE)
                   NT SERVICE\\TrustedInstaller:(I)(F)
                   NT SERVICE\\TrustedInstaller:(I)(OI)(CI)(IO)(F)
                   NT AUTHORITY\\SYSTEM:(I)(F)
                   NT AUTHORITY\\SYSTEM:(I)(OI)(CI)(IO)(F)
                   BUILTIN\\Administrators:(I)(F)
                   BUILTIN\\Administrators:(I)(OI)(CI)(IO)(F)
                   BUILTIN\\Users:(I)(RX)
                   BUILTIN\\Users:(I)(OI)(CI)(IO)(GR,GE)
                   CREATOR OWNER:(I)(OI)(CI)(IO)(F)

Successfully processed 1 files; Failed processing 0 files
"""


def test_display_of_iis10_wwwroot_is_exact() -> None:
    # The entries a fresh IIS 10 wwwroot lists (serverfault 708178), in the display layout:
    # each ACE after the first starts one column past the path.
    code, out = icacls(iis10(), "C:\\inetpub\\wwwroot")
    assert code == 0
    assert out == IIS10_WWWROOT


def test_display_of_iis10_start_page_is_exact() -> None:
    code, out = icacls(iis10(), "C:\\inetpub\\wwwroot\\iisstart.htm")
    assert code == 0
    assert out == (
        "C:\\inetpub\\wwwroot\\iisstart.htm BUILTIN\\IIS_IUSRS:(I)(RX)\n"
        "                                NT SERVICE\\TrustedInstaller:(I)(F)\n"
        "                                NT AUTHORITY\\SYSTEM:(I)(F)\n"
        "                                BUILTIN\\Administrators:(I)(F)\n"
        "                                BUILTIN\\Users:(I)(RX)\n"
        "\n"
        "Successfully processed 1 files; Failed processing 0 files\n"
    )


def test_display_echoes_the_path_as_typed_and_names_unmapped_sids() -> None:
    fs = iis6()
    fs.set_dacl("C:\\Inetpub\\wwwroot\\iisstart.htm", [allow(ORPHAN, R)])
    code, out = icacls(fs, "c:\\inetpub\\WWWROOT\\iisstart.htm")
    assert code == 0
    assert out == (
        "c:\\inetpub\\WWWROOT\\iisstart.htm S-1-5-21-1004336348-1177238915-682003330-1107:(R)\n"
        "                                BUILTIN\\Administrators:(I)(F)\n"
        "                                NT AUTHORITY\\SYSTEM:(I)(F)\n"
        "                                WEB01\\IIS_WPG:(I)(RX)\n"
        "                                WEB01\\IUSR_WEB01:(I)(RX)\n"
        "\n"
        "Successfully processed 1 files; Failed processing 0 files\n"
    )


@pytest.mark.parametrize(
    ("mask", "text", "read_back"),
    [
        (F, "F", F),
        (M, "M", M),
        (RX, "RX", RX),
        (R, "R", R),
        (W, "W", W),
        (0x110000, "D", 0x110000),
        (RX | W, "RX,W", 0x1201BF),
        (R | W, "R,W", 0x12019F),
        (GR_GE, "GR,GE", GR_GE),
        # GENERIC_ALL prints as F (C:\Windows's (A;OICIIO;GA;;;SY) lists as (OI)(CI)(IO)(F)), and
        # DELETE|GR|GW|GE as M (the drive root's SDGXGWGR for Authenticated Users lists as M);
        # reading F or M back gives the file rights they map to.
        (GA, "F", F),
        (0xE0010000, "M", M),
        # Shapes captured from real deny entries (fixtures deny-sid-and-spaces, windows-dir).
        (0x130156, "W,D,Rc,DC", 0x130156),  # W | D | READ_CONTROL | FILE_DELETE_CHILD
        (0xD0042, "DE,WDAC,WO,WD,DC", 0xD0042),  # DELETE | WRITE_DAC | WRITE_OWNER | WD | DC
        (0x40130156, "W,D,Rc,GW,DC", 0x40130156),
        (0x100021, "S,RD,X", 0x100021),  # SYNCHRONIZE | FILE_READ_DATA | FILE_EXECUTE
        (0x4, "AD", 0x4),  # FILE_APPEND_DATA
        (0x0, "N", 0x0),
    ],
)
def test_rights_render_as_icacls_prints_them(mask: int, text: str, read_back: int) -> None:
    assert format_rights(mask) == text
    assert parse_rights(text) == read_back


def test_rights_and_permissions_parse() -> None:
    assert parse_rights("rd, x") == 0x21  # FILE_READ_DATA | FILE_EXECUTE
    assert parse_rights("RC") == 0x20000  # READ_CONTROL, which icacls prints as Rc
    assert parse_rights("Rc") == 0x20000
    assert parse_rights("WDAC,WO") == 0xC0000
    assert parse_rights("GA") == GA
    with pytest.raises(ModelError, match="not an icacls right"):
        parse_rights("RX,ZZ")
    assert parse_perm("(OI)(CI)(RX)") == (OI | CI, RX)
    assert parse_perm("(OI)(CI)RX") == (OI | CI, RX)
    assert parse_perm("F") == (NONE, F)
    assert parse_perm("(CI)(IO)(RD,X)") == (CI | IO, 0x21)
    assert parse_perm("(OI)(NP)(M)") == (OI | NP, M)
    for bad in ("", "(OI)", "RXW", "(OI)(XX)F"):
        with pytest.raises(ModelError):
            parse_perm(bad)


# -- display against real transcripts -----------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures" / "real" / "icacls"
KRAMPUS = Sid.parse("S-1-5-21-3623811015-3361044348-30300820-1105")  # SOCMAS\KrampusIIS
WEB_ADMIN = Sid.parse("S-1-5-21-3623811015-3361044348-30300820-1106")  # CITY\web_admin
HOMER = Sid.parse("S-1-5-21-3623811015-3361044348-30300820-1001")  # WIN-B5JHUDECH2P\homer
ALL_APP_PACKAGES = Sid.parse("S-1-15-2-1")
ALL_RESTRICTED_APP_PACKAGES = Sid.parse("S-1-15-2-2")
UNRESOLVED = Sid.parse("S-1-5-21-541253457-2268935619-321007557-692795393")
TRANSCRIPT_NAMES = {
    IIS_IUSRS: "BUILTIN\\IIS_IUSRS",
    SYSTEM: "NT AUTHORITY\\SYSTEM",
    ADMINISTRATORS: "BUILTIN\\Administrators",
    USERS: "BUILTIN\\Users",
    CREATOR_OWNER: "CREATOR OWNER",
    TRUSTED_INSTALLER: "NT SERVICE\\TrustedInstaller",
    ALL_APP_PACKAGES: "APPLICATION PACKAGE AUTHORITY\\ALL APPLICATION PACKAGES",
    ALL_RESTRICTED_APP_PACKAGES: (
        "APPLICATION PACKAGE AUTHORITY\\ALL RESTRICTED APPLICATION PACKAGES"
    ),
    KRAMPUS: "SOCMAS\\KrampusIIS",
    WEB_ADMIN: "CITY\\web_admin",
    HOMER: "WIN-B5JHUDECH2P\\homer",
}

# One row per ACE line of a transcript: the SID, the type, the inheritance flags, (I), the mask
# as Windows stores it (GENERIC_ALL in inherit-only entries, as setup writes them), the mask read
# back from the text, and the rights text as printed.
Row = tuple[Sid, AceType, InheritFlags, bool, int, int, str]
TRANSCRIPTS: dict[str, list[tuple[str, list[Row]]]] = {
    "wwwroot-iis10.txt": [
        (
            "C:\\inetpub\\wwwroot",
            [
                (IIS_IUSRS, ALLOW, NONE, False, RX, RX, "RX"),
                (IIS_IUSRS, ALLOW, OI | CI | IO, False, GR_GE, GR_GE, "GR,GE"),
                (SYSTEM, ALLOW, NONE, True, F, F, "F"),
                (CREATOR_OWNER, ALLOW, OI | CI | IO, True, GA, F, "F"),
                (SYSTEM, ALLOW, OI | CI | IO, True, GA, F, "F"),
                (KRAMPUS, ALLOW, OI | CI, True, 0x1201BF, 0x1201BF, "RX,W"),
                (ADMINISTRATORS, ALLOW, OI | CI, True, F, F, "F"),
                (USERS, ALLOW, OI | CI, True, RX, RX, "RX"),
                (TRUSTED_INSTALLER, ALLOW, OI | CI, True, F, F, "F"),
            ],
        )
    ],
    "wwwroot-default.txt": [
        (
            "C:\\inetpub\\wwwroot",
            [
                (IIS_IUSRS, ALLOW, NONE, False, RX, RX, "RX"),
                (IIS_IUSRS, ALLOW, OI | CI, False, RX, RX, "RX"),
                (WEB_ADMIN, ALLOW, OI | CI, False, M, M, "M"),
                (IIS_IUSRS, ALLOW, OI | CI | IO, False, GR_GE, GR_GE, "GR,GE"),
                (WEB_ADMIN, ALLOW, OI | CI, True, M, M, "M"),
                (TRUSTED_INSTALLER, ALLOW, NONE, True, F, F, "F"),
                (TRUSTED_INSTALLER, ALLOW, OI | CI | IO, True, GA, F, "F"),
                (SYSTEM, ALLOW, NONE, True, F, F, "F"),
                (SYSTEM, ALLOW, OI | CI | IO, True, GA, F, "F"),
                (ADMINISTRATORS, ALLOW, NONE, True, F, F, "F"),
                (ADMINISTRATORS, ALLOW, OI | CI | IO, True, GA, F, "F"),
                (USERS, ALLOW, NONE, True, RX, RX, "RX"),
                (USERS, ALLOW, OI | CI | IO, True, GR_GE, GR_GE, "GR,GE"),
                (CREATOR_OWNER, ALLOW, OI | CI | IO, True, GA, F, "F"),
            ],
        )
    ],
    "windows-dir.txt": [
        (
            "C:\\Windows",
            [
                (TRUSTED_INSTALLER, ALLOW, NONE, False, F, F, "F"),
                (TRUSTED_INSTALLER, ALLOW, CI | IO, False, GA, F, "F"),
                (SYSTEM, ALLOW, NONE, False, M, M, "M"),
                (SYSTEM, ALLOW, OI | CI | IO, False, GA, F, "F"),
                (ADMINISTRATORS, ALLOW, NONE, False, M, M, "M"),
                (ADMINISTRATORS, ALLOW, OI | CI | IO, False, GA, F, "F"),
                (USERS, ALLOW, NONE, False, RX, RX, "RX"),
                (USERS, ALLOW, OI | CI | IO, False, GR_GE, GR_GE, "GR,GE"),
                (CREATOR_OWNER, ALLOW, OI | CI | IO, False, GA, F, "F"),
                (ALL_APP_PACKAGES, ALLOW, NONE, False, RX, RX, "RX"),
                (ALL_APP_PACKAGES, ALLOW, OI | CI | IO, False, GR_GE, GR_GE, "GR,GE"),
                (ALL_RESTRICTED_APP_PACKAGES, ALLOW, NONE, False, RX, RX, "RX"),
                (ALL_RESTRICTED_APP_PACKAGES, ALLOW, OI | CI | IO, False, GR_GE, GR_GE, "GR,GE"),
            ],
        )
    ],
    "deny-sid-and-spaces.txt": [
        (
            "C:\\inetpub\\wwwroot\\app",
            [
                (UNRESOLVED, DENY, NONE, False, 0x130156, 0x130156, "W,D,Rc,DC"),
                (UNRESOLVED, DENY, OI | CI | IO, False, 0x40130156, 0x40130156, "W,D,Rc,GW,DC"),
                (ADMINISTRATORS, ALLOW, OI | CI, True, F, F, "F"),
                (SYSTEM, ALLOW, OI | CI, True, F, F, "F"),
                (USERS, ALLOW, OI | CI, True, RX, RX, "RX"),
            ],
        ),
        (
            "C:\\Program Files\\Common Files\\Microsoft Shared\\Source Engine\\OSE.EXE",
            [
                (USERS, ALLOW, NONE, True, F, F, "F"),
                (SYSTEM, ALLOW, NONE, True, F, F, "F"),
                (ADMINISTRATORS, ALLOW, NONE, True, F, F, "F"),
                (HOMER, ALLOW, NONE, True, F, F, "F"),
            ],
        ),
    ],
    "tempperms-puppet.txt": [
        (
            "c:\\tempperms",
            [
                (ADMINISTRATORS, ALLOW, OI | CI, False, F, F, "F"),
                (USERS, ALLOW, OI | CI, False, RX, RX, "RX"),
                (SYSTEM, ALLOW, OI | CI, False, F, F, "F"),
                (USERS, ALLOW, CI, False, 0x4, 0x4, "AD"),
                (CREATOR_OWNER, ALLOW, OI | CI | IO, False, GA, F, "F"),
            ],
        )
    ],
}
# The Puppet walk-through prints no blank line before the summary, which icacls always writes:
# the transcript is read, not reproduced.
RENDERED = [name for name in TRANSCRIPTS if name != "tempperms-puppet.txt"]


def _transcript_name(sid: Sid) -> str | None:
    return TRANSCRIPT_NAMES.get(sid)


@pytest.mark.parametrize("name", RENDERED)
def test_display_reproduces_a_real_transcript(name: str) -> None:
    expected = (FIXTURES / name).read_text(encoding="utf-8").replace("\r\n", "\n")
    text = ""
    for path, rows in TRANSCRIPTS[name]:
        aces = [Ace(kind, sid, mask, flags, inh) for sid, kind, flags, inh, mask, _, _ in rows]
        text += render_acl(path, aces, _transcript_name) + f"\n\n{SUMMARY_OK}\n"
    assert text == expected


@pytest.mark.parametrize("name", list(TRANSCRIPTS))
def test_a_real_transcript_parses_to_its_rows(name: str) -> None:
    parsed = parse_icacls_output((FIXTURES / name).read_text(encoding="utf-8"))
    assert list(parsed) == [path for path, _ in TRANSCRIPTS[name]]
    for path, rows in TRANSCRIPTS[name]:
        assert parsed[path] == [
            ParsedAce(TRANSCRIPT_NAMES.get(sid, str(sid)), kind, flags, inh, back, text)
            for sid, kind, flags, inh, _, back, text in rows
        ]
    if name == "deny-sid-and-spaces.txt":
        assert parsed["C:\\inetpub\\wwwroot\\app"][0].sid == UNRESOLVED


# -- edits -------------------------------------------------------------------------------------
def test_grant_adds_an_explicit_entry_and_reports_the_file() -> None:
    fs = iis10()
    code, out = icacls(fs, "C:\\inetpub\\wwwroot", "/grant", "IUSR:(OI)(CI)(RX)")
    assert (code, out) == (
        0,
        "processed file: C:\\inetpub\\wwwroot\n"
        "Successfully processed 1 files; Failed processing 0 files\n",
    )
    assert fs.dacl("C:\\inetpub\\wwwroot").explicit == (
        Ace(ALLOW, IIS_IUSRS, RX),
        Ace(ALLOW, IIS_IUSRS, GR_GE, OI | CI | IO),
        Ace(ALLOW, BUILTIN_IUSR, RX, OI | CI),
    )
    # Explicit entries first, the new grant after those already there, then the inherited ones.
    assert icacls(fs, "C:\\inetpub\\wwwroot")[1] == IIS10_WWWROOT.replace(
        "BUILTIN\\IIS_IUSRS:(OI)(CI)(IO)(GR,GE)\n",
        "BUILTIN\\IIS_IUSRS:(OI)(CI)(IO)(GR,GE)\n"
        "                   NT AUTHORITY\\IUSR:(OI)(CI)(RX)\n",
    )
    # The folder's files get it at once, as inherited.
    assert icacls(fs, "C:\\inetpub\\wwwroot\\iisstart.htm")[1] == (
        "C:\\inetpub\\wwwroot\\iisstart.htm BUILTIN\\IIS_IUSRS:(I)(RX)\n"
        "                                NT AUTHORITY\\IUSR:(I)(RX)\n"
        "                                NT SERVICE\\TrustedInstaller:(I)(F)\n"
        "                                NT AUTHORITY\\SYSTEM:(I)(F)\n"
        "                                BUILTIN\\Administrators:(I)(F)\n"
        "                                BUILTIN\\Users:(I)(RX)\n"
        "\n"
        "Successfully processed 1 files; Failed processing 0 files\n"
    )
    assert Ace(ALLOW, BUILTIN_IUSR, RX, NONE, True) in fs.dacl("C:\\inetpub\\wwwroot\\iisstart.htm")


def test_grant_adds_to_the_same_entry_and_grant_r_replaces() -> None:
    fs = iis6()
    folder = "C:\\Inetpub\\wwwroot"
    icacls(fs, folder, "/grant", "WEB01\\IUSR_WEB01:(OI)(CI)W")
    mine = [a for a in fs.dacl(folder).explicit if a.sid == IUSR]
    assert mine == [Ace(ALLOW, IUSR, 0x1201BF, OI | CI)]  # RX | W
    assert "\n                   WEB01\\IUSR_WEB01:(OI)(CI)(RX,W)\n" in icacls(fs, folder)[1]
    icacls(fs, folder, "/grant:r", "IUSR_WEB01:R")
    mine = [a for a in fs.dacl(folder).explicit if a.sid == IUSR]
    assert mine == [Ace(ALLOW, IUSR, R)]


def test_deny_goes_first_and_takes_the_rights_out_of_the_grant() -> None:
    fs = iis6()
    folder = "C:\\Inetpub\\wwwroot"
    code, _ = icacls(fs, folder, "/deny", "IUSR_WEB01:(OI)(CI)(R)")
    assert code == 0
    # "the same permissions in any explicit grant are removed": RX less R leaves X (0x20).
    assert fs.dacl(folder).explicit == (
        Ace(DENY, IUSR, R, OI | CI),
        Ace(ALLOW, ADMINISTRATORS, F, OI | CI),
        Ace(ALLOW, SYSTEM, F, OI | CI),
        Ace(ALLOW, IIS_WPG, RX, OI | CI),
        Ace(ALLOW, IUSR, 0x20, OI | CI),
    )
    assert icacls(fs, folder)[1] == (
        "C:\\Inetpub\\wwwroot WEB01\\IUSR_WEB01:(OI)(CI)(DENY)(R)\n"
        "                   BUILTIN\\Administrators:(OI)(CI)(F)\n"
        "                   NT AUTHORITY\\SYSTEM:(OI)(CI)(F)\n"
        "                   WEB01\\IIS_WPG:(OI)(CI)(RX)\n"
        "                   WEB01\\IUSR_WEB01:(OI)(CI)(X)\n"
        "\n"
        "Successfully processed 1 files; Failed processing 0 files\n"
    )
    file = "C:\\Inetpub\\wwwroot\\iisstart.htm"
    assert icacls(fs, file)[1] == (
        "C:\\Inetpub\\wwwroot\\iisstart.htm WEB01\\IUSR_WEB01:(I)(DENY)(R)\n"
        "                                BUILTIN\\Administrators:(I)(F)\n"
        "                                NT AUTHORITY\\SYSTEM:(I)(F)\n"
        "                                WEB01\\IIS_WPG:(I)(RX)\n"
        "                                WEB01\\IUSR_WEB01:(I)(X)\n"
        "\n"
        "Successfully processed 1 files; Failed processing 0 files\n"
    )


def test_a_guests_deny_by_sid_refuses_the_anonymous_account() -> None:
    fs = iis6()
    token = frozenset({IUSR, GUESTS, USERS, EVERYONE, Sid.parse("S-1-5-11")})
    page = "C:\\Inetpub\\wwwroot\\iisstart.htm"
    assert fs.access_check(page, token, R).granted
    assert icacls(fs, "C:\\Inetpub\\wwwroot", "/deny", "*S-1-5-32-546:(OI)(CI)(R)")[0] == 0
    assert Ace(DENY, GUESTS, R, NONE, True) in fs.dacl(page)
    result = fs.access_check(page, token, R)
    assert not result.granted and result.ace is not None and result.ace.sid == GUESTS
    assert icacls(fs, "C:\\Inetpub\\wwwroot", "/remove:d", "Guests")[0] == 0
    assert fs.access_check(page, token, R).granted


def test_remove_variants() -> None:
    fs = iis6()
    folder = "C:\\Inetpub\\wwwroot"
    icacls(fs, folder, "/deny", "IIS_WPG:(OI)(CI)(W)")
    icacls(fs, folder, "/remove:g", "IIS_WPG")
    assert [a for a in fs.dacl(folder).explicit if a.sid == IIS_WPG] == [
        Ace(DENY, IIS_WPG, W, OI | CI)
    ]
    icacls(fs, folder, "/grant", "IIS_WPG:(OI)(CI)RX")
    icacls(fs, folder, "/remove:d", "IIS_WPG")
    assert [a for a in fs.dacl(folder).explicit if a.sid == IIS_WPG] == [
        Ace(ALLOW, IIS_WPG, RX, OI | CI)
    ]
    icacls(fs, folder, "/remove", "IIS_WPG", "IUSR_WEB01")
    assert icacls(fs, folder)[1] == (
        "C:\\Inetpub\\wwwroot BUILTIN\\Administrators:(OI)(CI)(F)\n"
        "                   NT AUTHORITY\\SYSTEM:(OI)(CI)(F)\n"
        "\n"
        "Successfully processed 1 files; Failed processing 0 files\n"
    )
    # Inherited entries are not removed by /remove: they belong to the parent.
    icacls(fs, "C:\\Inetpub\\wwwroot\\iisstart.htm", "/remove", "Administrators")
    assert icacls(fs, "C:\\Inetpub\\wwwroot\\iisstart.htm")[1] == (
        "C:\\Inetpub\\wwwroot\\iisstart.htm BUILTIN\\Administrators:(I)(F)\n"
        "                                NT AUTHORITY\\SYSTEM:(I)(F)\n"
        "\n"
        "Successfully processed 1 files; Failed processing 0 files\n"
    )


PROCESSED_WWWROOT = (
    "processed file: C:\\inetpub\\wwwroot\n"
    "Successfully processed 1 files; Failed processing 0 files\n"
)
WWWROOT_INHERITED = (
    "NT SERVICE\\TrustedInstaller:(I)(F)",
    "NT SERVICE\\TrustedInstaller:(I)(OI)(CI)(IO)(F)",
    "NT AUTHORITY\\SYSTEM:(I)(F)",
    "NT AUTHORITY\\SYSTEM:(I)(OI)(CI)(IO)(F)",
    "BUILTIN\\Administrators:(I)(F)",
    "BUILTIN\\Administrators:(I)(OI)(CI)(IO)(F)",
    "BUILTIN\\Users:(I)(RX)",
    "BUILTIN\\Users:(I)(OI)(CI)(IO)(GR,GE)",
    "CREATOR OWNER:(I)(OI)(CI)(IO)(F)",
)
WWWROOT_COPIED = (
    "NT SERVICE\\TrustedInstaller:(F)",
    "NT SERVICE\\TrustedInstaller:(OI)(CI)(IO)(F)",
    "NT AUTHORITY\\SYSTEM:(F)",
    "NT AUTHORITY\\SYSTEM:(OI)(CI)(IO)(F)",
    "BUILTIN\\Administrators:(F)",
    "BUILTIN\\Administrators:(OI)(CI)(IO)(F)",
    "BUILTIN\\Users:(RX)",
    "BUILTIN\\Users:(OI)(CI)(IO)(GR,GE)",
    "CREATOR OWNER:(OI)(CI)(IO)(F)",
)


def _wwwroot(*aces: str) -> str:
    """``icacls C:\\inetpub\\wwwroot``'s output for these ACE texts (19 = the path's length + 1)."""
    first, *rest = aces
    lines = [f"C:\\inetpub\\wwwroot {first}", *(" " * 19 + ace for ace in rest)]
    return "\n".join(lines) + f"\n\n{SUMMARY_OK}\n"


def test_inheritance_switches_as_icacls_shows_them() -> None:
    fs = iis10()
    folder = "C:\\inetpub\\wwwroot"
    own = ("BUILTIN\\IIS_IUSRS:(RX)", "BUILTIN\\IIS_IUSRS:(OI)(CI)(IO)(GR,GE)")
    assert _wwwroot(*own, *WWWROOT_INHERITED) == IIS10_WWWROOT
    # /inheritance:d copies the inherited entries as explicit ones, in place.
    assert icacls(fs, folder, "/inheritance:d") == (0, PROCESSED_WWWROOT)
    assert icacls(fs, folder)[1] == _wwwroot(*own, *WWWROOT_COPIED)
    # /inheritance:e: the copies stay, the parent's entries come back after them.
    assert icacls(fs, folder, "/inheritance:e") == (0, PROCESSED_WWWROOT)
    assert icacls(fs, folder)[1] == _wwwroot(*own, *WWWROOT_COPIED, *WWWROOT_INHERITED)
    # /reset: only what the parent gives.
    assert icacls(fs, folder, "/reset") == (0, PROCESSED_WWWROOT)
    assert icacls(fs, folder)[1] == _wwwroot(*WWWROOT_INHERITED)
    # /inheritance:r: the inherited entries go and nothing is left.
    assert icacls(fs, folder, "/inheritance:r") == (0, PROCESSED_WWWROOT)
    assert icacls(fs, folder)[1] == f"{folder}\n\n{SUMMARY_OK}\n"
    assert parse_icacls_output(icacls(fs, folder)[1]) == {folder: []}


def test_recursion_and_quiet() -> None:
    fs = iis6()
    code, out = icacls(fs, "C:\\Inetpub\\wwwroot\\", "/grant", "IUSR_WEB01:(OI)(CI)RX", "/T")
    assert code == 0
    assert out == (
        "processed file: C:\\Inetpub\\wwwroot\\\n"
        "processed file: C:\\Inetpub\\wwwroot\\Default.htm\n"
        "processed file: C:\\Inetpub\\wwwroot\\iisstart.htm\n"
        "Successfully processed 3 files; Failed processing 0 files\n"
    )
    # /t put an explicit (flag-less) entry on each file.
    assert icacls(fs, "C:\\Inetpub\\wwwroot\\Default.htm")[1] == (
        "C:\\Inetpub\\wwwroot\\Default.htm WEB01\\IUSR_WEB01:(RX)\n"
        "                               BUILTIN\\Administrators:(I)(F)\n"
        "                               NT AUTHORITY\\SYSTEM:(I)(F)\n"
        "                               WEB01\\IIS_WPG:(I)(RX)\n"
        "                               WEB01\\IUSR_WEB01:(I)(RX)\n"
        "\n"
        "Successfully processed 1 files; Failed processing 0 files\n"
    )
    code, out = icacls(fs, "C:\\Inetpub\\wwwroot", "/remove", "IUSR_WEB01", "/t", "/q")
    assert (code, out) == (0, "Successfully processed 3 files; Failed processing 0 files\n")
    code, out = icacls(fs, "Inetpub", "/t")
    assert code == 0
    # Each block is followed by a blank line; one summary ends the run.
    assert out == (
        "Inetpub BUILTIN\\Administrators:(I)(OI)(CI)(F)\n"
        "        NT AUTHORITY\\SYSTEM:(I)(OI)(CI)(F)\n"
        "        CREATOR OWNER:(I)(OI)(CI)(IO)(F)\n"
        "        BUILTIN\\Users:(I)(OI)(CI)(RX)\n"
        "        BUILTIN\\Users:(I)(CI)(AD)\n"
        "        BUILTIN\\Users:(I)(CI)(WD)\n"
        "\n"
        "Inetpub\\wwwroot BUILTIN\\Administrators:(OI)(CI)(F)\n"
        "                NT AUTHORITY\\SYSTEM:(OI)(CI)(F)\n"
        "                WEB01\\IIS_WPG:(OI)(CI)(RX)\n"
        "\n"
        "Inetpub\\wwwroot\\Default.htm BUILTIN\\Administrators:(I)(F)\n"
        "                            NT AUTHORITY\\SYSTEM:(I)(F)\n"
        "                            WEB01\\IIS_WPG:(I)(RX)\n"
        "\n"
        "Inetpub\\wwwroot\\iisstart.htm BUILTIN\\Administrators:(I)(F)\n"
        "                             NT AUTHORITY\\SYSTEM:(I)(F)\n"
        "                             WEB01\\IIS_WPG:(I)(RX)\n"
        "\n"
        "Successfully processed 4 files; Failed processing 0 files\n"
    )
    assert list(parse_icacls_output(out)) == [
        "Inetpub",
        "Inetpub\\wwwroot",
        "Inetpub\\wwwroot\\Default.htm",
        "Inetpub\\wwwroot\\iisstart.htm",
    ]


def test_setowner_takes_a_name() -> None:
    fs = iis6()
    assert icacls(fs, "C:\\Inetpub\\wwwroot\\Default.htm", "/setowner", "IUSR_WEB01")[0] == 0
    owner = fs.entry("C:\\Inetpub\\wwwroot\\Default.htm").owner
    assert str(owner) == "S-1-5-21-1004336348-1177238915-682003330-1003"


# -- errors ------------------------------------------------------------------------------------
def test_unknown_account_changes_nothing_and_exits_1332() -> None:
    fs = iis6()
    version = fs.version
    code, out = icacls(fs, "C:\\Inetpub\\wwwroot", "/grant", "IUSR_WEB02:(OI)(CI)(RX)")
    assert code == 1332
    assert out == (
        "IUSR_WEB02: No mapping between account names and security IDs was done.\n"
        "Successfully processed 0 files; Failed processing 1 files\n"
    )
    assert fs.version == version


def test_missing_file_and_missing_folder() -> None:
    fs = iis6()
    code, out = icacls(fs, "C:\\Inetpub\\wwwroot\\nothere.htm")
    assert code == 2
    assert out == (
        "C:\\Inetpub\\wwwroot\\nothere.htm: The system cannot find the file specified.\n"
        "Successfully processed 0 files; Failed processing 1 files\n"
    )
    code, out = icacls(fs, "C:\\Inetpub\\nothere\\x.htm", "/grant", "Users:R")
    assert code == 3
    assert out == (
        "C:\\Inetpub\\nothere\\x.htm: The system cannot find the path specified.\n"
        "Successfully processed 0 files; Failed processing 1 files\n"
    )
    code, out = icacls(fs, "C:\\Inetpub\\bad|name")
    assert code == 123
    assert out == (
        "C:\\Inetpub\\bad|name: The filename, directory name, or volume label syntax is "
        "incorrect.\n"
        "Successfully processed 0 files; Failed processing 1 files\n"
    )


def test_bad_parameters() -> None:
    fs = iis6()
    assert icacls(fs, "C:\\Inetpub", "/frobnicate") == (87, 'Invalid parameter "/frobnicate"\n')
    assert icacls(fs, "C:\\Inetpub", "/grant", "Users") == (87, 'Invalid parameter "Users"\n')
    assert icacls(fs, "C:\\Inetpub", "/grant", "Users:QQ") == (87, 'Invalid parameter "Users:QQ"\n')
    assert icacls(fs, "C:\\Inetpub", "/grant")[0] == 87
    assert icacls(fs, "C:\\Inetpub", "/inheritance:x")[0] == 87
    assert icacls(fs)[0] == 87
    assert run_icacls(fs, ["icacls.exe", "C:\\Inetpub"], resolve_name, resolve_sid)[0] == 0
    code, out = icacls(fs, "C:\\", "/reset")
    assert code == 87 and out.startswith("C:\\: The parameter is incorrect.")


# -- the default file systems, listed and read back --------------------------------------------

# Each path of a fresh file system: what icacls lists, and the DACL it holds (on-disk masks).
Listing = tuple[str, list[tuple[AceType, Sid, int, InheritFlags, bool]]]
DEFAULT_LISTINGS: dict[str, dict[str, Listing]] = {
    "iis6": {
        "C:\\": (
            "C:\\ BUILTIN\\Administrators:(OI)(CI)(F)\n"
            "    NT AUTHORITY\\SYSTEM:(OI)(CI)(F)\n"
            "    CREATOR OWNER:(OI)(CI)(IO)(F)\n"
            "    BUILTIN\\Users:(OI)(CI)(RX)\n"
            "    BUILTIN\\Users:(CI)(AD)\n"
            "    BUILTIN\\Users:(CI)(IO)(WD)\n"
            "    Everyone:(RX)\n",
            [
                (ALLOW, ADMINISTRATORS, F, OI | CI, False),
                (ALLOW, SYSTEM, F, OI | CI, False),
                (ALLOW, CREATOR_OWNER, GA, OI | CI | IO, False),
                (ALLOW, USERS, RX, OI | CI, False),
                (ALLOW, USERS, 0x4, CI, False),
                (ALLOW, USERS, 0x2, CI | IO, False),
                (ALLOW, EVERYONE, RX, NONE, False),
            ],
        ),
        # A subfolder inherits (CI)(IO)(WD) as (CI)(WD): IO applies to the root only.
        "C:\\Inetpub": (
            "C:\\Inetpub BUILTIN\\Administrators:(I)(OI)(CI)(F)\n"
            "           NT AUTHORITY\\SYSTEM:(I)(OI)(CI)(F)\n"
            "           CREATOR OWNER:(I)(OI)(CI)(IO)(F)\n"
            "           BUILTIN\\Users:(I)(OI)(CI)(RX)\n"
            "           BUILTIN\\Users:(I)(CI)(AD)\n"
            "           BUILTIN\\Users:(I)(CI)(WD)\n",
            [
                (ALLOW, ADMINISTRATORS, F, OI | CI, True),
                (ALLOW, SYSTEM, F, OI | CI, True),
                (ALLOW, CREATOR_OWNER, GA, OI | CI | IO, True),
                (ALLOW, USERS, RX, OI | CI, True),
                (ALLOW, USERS, 0x4, CI, True),
                (ALLOW, USERS, 0x2, CI, True),
            ],
        ),
        "C:\\Inetpub\\wwwroot": (
            "C:\\Inetpub\\wwwroot BUILTIN\\Administrators:(OI)(CI)(F)\n"
            "                   NT AUTHORITY\\SYSTEM:(OI)(CI)(F)\n"
            "                   WEB01\\IIS_WPG:(OI)(CI)(RX)\n"
            "                   WEB01\\IUSR_WEB01:(OI)(CI)(RX)\n",
            [
                (ALLOW, ADMINISTRATORS, F, OI | CI, False),
                (ALLOW, SYSTEM, F, OI | CI, False),
                (ALLOW, IIS_WPG, RX, OI | CI, False),
                (ALLOW, IUSR, RX, OI | CI, False),
            ],
        ),
        "C:\\Inetpub\\wwwroot\\Default.htm": (
            "C:\\Inetpub\\wwwroot\\Default.htm BUILTIN\\Administrators:(I)(F)\n"
            "                               NT AUTHORITY\\SYSTEM:(I)(F)\n"
            "                               WEB01\\IIS_WPG:(I)(RX)\n"
            "                               WEB01\\IUSR_WEB01:(I)(RX)\n",
            [
                (ALLOW, ADMINISTRATORS, F, NONE, True),
                (ALLOW, SYSTEM, F, NONE, True),
                (ALLOW, IIS_WPG, RX, NONE, True),
                (ALLOW, IUSR, RX, NONE, True),
            ],
        ),
        "C:\\Inetpub\\wwwroot\\iisstart.htm": (
            "C:\\Inetpub\\wwwroot\\iisstart.htm BUILTIN\\Administrators:(I)(F)\n"
            "                                NT AUTHORITY\\SYSTEM:(I)(F)\n"
            "                                WEB01\\IIS_WPG:(I)(RX)\n"
            "                                WEB01\\IUSR_WEB01:(I)(RX)\n",
            [
                (ALLOW, ADMINISTRATORS, F, NONE, True),
                (ALLOW, SYSTEM, F, NONE, True),
                (ALLOW, IIS_WPG, RX, NONE, True),
                (ALLOW, IUSR, RX, NONE, True),
            ],
        ),
    },
    "iis10": {
        "C:\\": (
            "C:\\ NT AUTHORITY\\SYSTEM:(OI)(CI)(F)\n"
            "    BUILTIN\\Administrators:(OI)(CI)(F)\n"
            "    BUILTIN\\Users:(OI)(CI)(RX)\n"
            "    BUILTIN\\Users:(CI)(AD)\n"
            "    BUILTIN\\Users:(CI)(IO)(WD)\n"
            "    CREATOR OWNER:(OI)(CI)(IO)(F)\n",
            [
                (ALLOW, SYSTEM, F, OI | CI, False),
                (ALLOW, ADMINISTRATORS, F, OI | CI, False),
                (ALLOW, USERS, RX, OI | CI, False),
                (ALLOW, USERS, 0x4, CI, False),
                (ALLOW, USERS, 0x2, CI | IO, False),
                (ALLOW, CREATOR_OWNER, GA, OI | CI | IO, False),
            ],
        ),
        "C:\\inetpub": (
            "C:\\inetpub NT SERVICE\\TrustedInstaller:(F)\n"
            "           NT SERVICE\\TrustedInstaller:(OI)(CI)(IO)(F)\n"
            "           NT AUTHORITY\\SYSTEM:(F)\n"
            "           NT AUTHORITY\\SYSTEM:(OI)(CI)(IO)(F)\n"
            "           BUILTIN\\Administrators:(F)\n"
            "           BUILTIN\\Administrators:(OI)(CI)(IO)(F)\n"
            "           BUILTIN\\Users:(RX)\n"
            "           BUILTIN\\Users:(OI)(CI)(IO)(GR,GE)\n"
            "           CREATOR OWNER:(OI)(CI)(IO)(F)\n",
            [
                (ALLOW, TRUSTED_INSTALLER, F, NONE, False),
                (ALLOW, TRUSTED_INSTALLER, GA, OI | CI | IO, False),
                (ALLOW, SYSTEM, F, NONE, False),
                (ALLOW, SYSTEM, GA, OI | CI | IO, False),
                (ALLOW, ADMINISTRATORS, F, NONE, False),
                (ALLOW, ADMINISTRATORS, GA, OI | CI | IO, False),
                (ALLOW, USERS, RX, NONE, False),
                (ALLOW, USERS, GR_GE, OI | CI | IO, False),
                (ALLOW, CREATOR_OWNER, GA, OI | CI | IO, False),
            ],
        ),
        "C:\\inetpub\\wwwroot": (
            IIS10_WWWROOT.removesuffix(f"\n{SUMMARY_OK}\n"),
            [
                (ALLOW, IIS_IUSRS, RX, NONE, False),
                (ALLOW, IIS_IUSRS, GR_GE, OI | CI | IO, False),
                (ALLOW, TRUSTED_INSTALLER, F, NONE, True),
                (ALLOW, TRUSTED_INSTALLER, GA, OI | CI | IO, True),
                (ALLOW, SYSTEM, F, NONE, True),
                (ALLOW, SYSTEM, GA, OI | CI | IO, True),
                (ALLOW, ADMINISTRATORS, F, NONE, True),
                (ALLOW, ADMINISTRATORS, GA, OI | CI | IO, True),
                (ALLOW, USERS, RX, NONE, True),
                (ALLOW, USERS, GR_GE, OI | CI | IO, True),
                (ALLOW, CREATOR_OWNER, GA, OI | CI | IO, True),
            ],
        ),
        # On a file the generic (GR,GE) of the folder's inherit-only entries becomes RX.
        "C:\\inetpub\\wwwroot\\iisstart.htm": (
            "C:\\inetpub\\wwwroot\\iisstart.htm BUILTIN\\IIS_IUSRS:(I)(RX)\n"
            "                                NT SERVICE\\TrustedInstaller:(I)(F)\n"
            "                                NT AUTHORITY\\SYSTEM:(I)(F)\n"
            "                                BUILTIN\\Administrators:(I)(F)\n"
            "                                BUILTIN\\Users:(I)(RX)\n",
            [
                (ALLOW, IIS_IUSRS, RX, NONE, True),
                (ALLOW, TRUSTED_INSTALLER, F, NONE, True),
                (ALLOW, SYSTEM, F, NONE, True),
                (ALLOW, ADMINISTRATORS, F, NONE, True),
                (ALLOW, USERS, RX, NONE, True),
            ],
        ),
        "C:\\inetpub\\wwwroot\\iisstart.png": (
            "C:\\inetpub\\wwwroot\\iisstart.png BUILTIN\\IIS_IUSRS:(I)(RX)\n"
            "                                NT SERVICE\\TrustedInstaller:(I)(F)\n"
            "                                NT AUTHORITY\\SYSTEM:(I)(F)\n"
            "                                BUILTIN\\Administrators:(I)(F)\n"
            "                                BUILTIN\\Users:(I)(RX)\n",
            [
                (ALLOW, IIS_IUSRS, RX, NONE, True),
                (ALLOW, TRUSTED_INSTALLER, F, NONE, True),
                (ALLOW, SYSTEM, F, NONE, True),
                (ALLOW, ADMINISTRATORS, F, NONE, True),
                (ALLOW, USERS, RX, NONE, True),
            ],
        ),
    },
}
#: What reading a printed mask back gives where the text does not say the stored one: F for
#: GENERIC_ALL (the file-object mapping of GENERIC_ALL is FILE_ALL_ACCESS).
READ_BACK = {GA: F, 0xE0010000: M}
FACTORIES = {"iis6": iis6, "iis10": iis10}


@pytest.mark.parametrize("platform", list(DEFAULT_LISTINGS))
def test_every_default_path_lists_exactly(platform: str) -> None:
    fs = FACTORIES[platform]()
    listings = DEFAULT_LISTINGS[platform]
    assert list(fs.walk("C:\\")) == list(listings)
    for path, (block, aces) in listings.items():
        assert icacls(fs, path) == (0, f"{block}\n{SUMMARY_OK}\n"), path
        assert list(fs.dacl(path)) == [Ace(*ace) for ace in aces], path


@pytest.mark.parametrize("platform", list(DEFAULT_LISTINGS))
def test_every_default_listing_reads_back_to_its_dacl(platform: str) -> None:
    for path, (block, aces) in DEFAULT_LISTINGS[platform].items():
        parsed = parse_icacls_output(f"{block}\n{SUMMARY_OK}\n")
        assert list(parsed) == [path]
        back = [(a.type, resolve_sid(a.name), a.mask, a.flags, a.inherited) for a in parsed[path]]
        assert back == [
            (kind, sid, READ_BACK.get(mask, mask), flags, inherited)
            for kind, sid, mask, flags, inherited in aces
        ], path


# -- reading output ----------------------------------------------------------------------------

REAL_WORLD = (
    "\ufeffC:\\Program Files (x86)\\Site NT AUTHORITY\\Authenticated Users:(OI)(CI)(M)\r\n"
    "                                 S-1-5-21-1004336348-1177238915-682003330-1107:(DENY)(W)\r\n"
    "                                 BUILTIN\\Administrators:(I)(OI)(CI)(F)\r\n"
    "                                 Mandatory Label\\High Mandatory Level:(OI)(NP)(IO)(NW)\r\n"
    "\r\n"
    "Successfully processed 1 files; Failed processing 0 files\r\n"
    "C:\\Site Data\\a b.htm CONTOSO\\Domain Users:(I)(RX)\r\n"
    "\r\n"
    "Successfully processed 1 files; Failed processing 0 files\r\n"
    "C:\\Site Data\\gone.htm: The system cannot find the file specified.\r\n"
    "Successfully processed 0 files; Failed processing 1 files\r\n"
    "C:\\x y NT AUTHORITY\\SYSTEM:(OI)(CI)(IO)(F)\n"
    "C:\\x y z CREATOR OWNER:(OI)(CI)(IO)(F)\n"
    "C:\\q S-1-5-32-546:(I)(OI)(CI)(DENY)(DE,WDAC,WO,WD,DC)\n"
    "C:\\empty\n"
    "\n"
    "processed file: C:\\x y\n"
)


def test_real_world_variants_parse() -> None:
    parsed = parse_icacls_output(REAL_WORLD)
    # The integrity label is left out: it is no DACL entry.
    assert parsed == {
        "C:\\Program Files (x86)\\Site": [
            ParsedAce("NT AUTHORITY\\Authenticated Users", ALLOW, OI | CI, False, M, "M"),
            ParsedAce("S-1-5-21-1004336348-1177238915-682003330-1107", DENY, NONE, False, W, "W"),
            ParsedAce("BUILTIN\\Administrators", ALLOW, OI | CI, True, F, "F"),
        ],
        "C:\\Site Data\\a b.htm": [ParsedAce("CONTOSO\\Domain Users", ALLOW, NONE, True, RX, "RX")],
        "C:\\x y": [ParsedAce("NT AUTHORITY\\SYSTEM", ALLOW, OI | CI | IO, False, F, "F")],
        "C:\\x y z": [ParsedAce("CREATOR OWNER", ALLOW, OI | CI | IO, False, F, "F")],
        "C:\\q": [
            ParsedAce("S-1-5-32-546", DENY, OI | CI, True, 0xD0042, "DE,WDAC,WO,WD,DC"),
        ],
        "C:\\empty": [],
    }
    site = parsed["C:\\Program Files (x86)\\Site"]
    assert site[1].sid == ORPHAN
    assert site[0].sid is None
    assert parsed["C:\\q"][0].sid == GUESTS
    assert site[1].to_ace(ORPHAN) == Ace(DENY, ORPHAN, W)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("   BUILTIN\\Users:(RX)\n", 1),
        ("C:\\a BUILTIN\\Users:(RX)\n     BUILTIN\\Guests:(ZZ)\n", 2),
        ("C:\\a BUILTIN\\Users:(RX)\n\n     BUILTIN\\Guests:(XY)(R)\n", 3),
        ("C:\\a\n  BUILTIN\\Users:(RX)\n", 1),
        ("C:\\a BUILTIN\\Users:(IO)(RX)\n", 1),
        ("C:\\a BUILTIN\\Users:(RX)\n  not an ace\n", 2),
    ],
)
def test_bad_output_names_the_line(text: str, line: int) -> None:
    with pytest.raises(ModelError, match=f"line {line}:"):
        parse_icacls_output(text)


# -- round trip --------------------------------------------------------------------------------
_NAMED = (
    (Sid.parse("S-1-5-11"), "NT AUTHORITY\\Authenticated Users"),
    (ADMINISTRATORS, "BUILTIN\\Administrators"),
    (CREATOR_OWNER, "CREATOR OWNER"),
    (EVERYONE, "Everyone"),
    (TRUSTED_INSTALLER, "NT SERVICE\\TrustedInstaller"),
    (IUSR, "WEB01\\IUSR_WEB01"),
    (Sid.parse("S-1-5-21-1004336348-1177238915-682003330-1200"), "CONTOSO\\Domain Users"),
    (Sid.parse("S-1-5-82-1-2-3-4-5"), "IIS APPPOOL\\DefaultAppPool"),
    (ORPHAN, None),
    (Sid.parse("S-1-15-3-1024-1"), None),
)
_ROUND_TRIP_NAMES = {sid: name for sid, name in _NAMED if name}
_BITS = [AccessMask(1 << i) for i in range(32) if VALID_BITS & (1 << i)]
_FLAG_SETS = [InheritFlags(f) for f in range(16) if not (f & (IO | NP)) or f & (OI | CI)]
aces = st.builds(
    Ace,
    st.sampled_from(AceType),
    st.sampled_from([sid for sid, _ in _NAMED]),
    st.sets(st.sampled_from(_BITS)).map(lambda bits: AccessMask(sum(bits))),
    st.sampled_from(_FLAG_SETS),
    st.booleans(),
)
segments = st.from_regex(r"[A-Za-z0-9_()\-]{1,6}( [A-Za-z0-9_()\-]{1,6}){0,2}", fullmatch=True)
paths = st.lists(segments, min_size=1, max_size=4, unique_by=str.lower).map(
    lambda parts: "C:\\" + "\\".join(parts)
)


def _named(sid: Sid) -> str | None:
    return _ROUND_TRIP_NAMES.get(sid)


def _read_back(ace: Ace) -> Ace:
    """The ACE reading icacls gives back: the two generic masks printed as F and M come back as
    the file rights (literal table above), every other mask as itself."""
    return Ace(
        ace.type, ace.sid, READ_BACK.get(int(ace.mask), int(ace.mask)), ace.flags, ace.inherited
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(paths, st.lists(aces, max_size=6)),
        min_size=1,
        max_size=3,
        unique_by=lambda item: item[0],
    ),
    st.sampled_from(["\n", "\r\n"]),
)
def test_render_then_parse_gives_the_same_aces(
    listings: list[tuple[str, list[Ace]]], newline: str
) -> None:
    text = "".join(
        render_acl(path, acl, _named) + f"\n\n{SUMMARY_OK}\n" for path, acl in listings
    ).replace("\n", newline)
    parsed = parse_icacls_output(text)
    assert list(parsed) == [path for path, _ in listings]
    by_name = {name: sid for sid, name in _ROUND_TRIP_NAMES.items()}
    for path, acl in listings:
        back = [ace.to_ace(ace.sid or by_name[ace.name]) for ace in parsed[path]]
        assert back == [_read_back(ace) for ace in acl]
