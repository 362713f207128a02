"""icacls on the simulated file system: exact output, edits, errors, and reading output back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.acl import (
    TRUSTED_INSTALLER,
    VALID_BITS,
    AccessMask,
    Ace,
    AceType,
    FileSystem,
    InheritFlags,
    allow,
    deny,
    map_generic,
)
from simulator.icacls import (
    GENERIC_ALIASES,
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
MACHINE = Sid.parse("S-1-5-21-1004336348-1177238915-682003330")
IUSR = MACHINE.child(1003)
IIS_WPG = MACHINE.child(1004)
ORPHAN = MACHINE.child(1107)  # an account deleted since: icacls can only print its SID
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


def block(path: str, *aces: str) -> str:
    """The display layout: the path, then ACEs aligned one column past it."""
    pad = " " * (len(path) + 1)
    return f"{path} {aces[0]}\n" + "".join(f"{pad}{ace}\n" for ace in aces[1:])


# -- display -----------------------------------------------------------------------------------
IIS10_WWWROOT = (
    "BUILTIN\\IIS_IUSRS:(RX)",
    "BUILTIN\\IIS_IUSRS:(OI)(CI)(IO)(GR,GE)",
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


def test_display_of_iis10_wwwroot_is_exact() -> None:
    # The entries a fresh IIS 10 wwwroot lists (serverfault 708178), in the display layout.
    code, out = icacls(iis10(), "C:\\inetpub\\wwwroot")
    assert code == 0
    assert out == block("C:\\inetpub\\wwwroot", *IIS10_WWWROOT) + f"\n{SUMMARY_OK}\n"
    assert out.splitlines()[1] == " " * 19 + "BUILTIN\\IIS_IUSRS:(OI)(CI)(IO)(GR,GE)"


def test_display_of_iis10_start_page_is_exact() -> None:
    code, out = icacls(iis10(), "C:\\inetpub\\wwwroot\\iisstart.htm")
    assert code == 0
    assert (
        out
        == block(
            "C:\\inetpub\\wwwroot\\iisstart.htm",
            "BUILTIN\\IIS_IUSRS:(I)(RX)",
            "NT SERVICE\\TrustedInstaller:(I)(F)",
            "NT AUTHORITY\\SYSTEM:(I)(F)",
            "BUILTIN\\Administrators:(I)(F)",
            "BUILTIN\\Users:(I)(RX)",
        )
        + f"\n{SUMMARY_OK}\n"
    )


def test_display_echoes_the_path_as_typed_and_names_unmapped_sids() -> None:
    fs = iis6()
    fs.set_dacl("C:\\Inetpub\\wwwroot\\iisstart.htm", [allow(ORPHAN, AccessMask.R)])
    code, out = icacls(fs, "c:\\inetpub\\WWWROOT\\iisstart.htm")
    assert code == 0
    assert (
        out
        == block(
            "c:\\inetpub\\WWWROOT\\iisstart.htm",
            f"{ORPHAN}:(R)",
            "BUILTIN\\Administrators:(I)(F)",
            "NT AUTHORITY\\SYSTEM:(I)(F)",
            "WEB01\\IIS_WPG:(I)(RX)",
            "WEB01\\IUSR_WEB01:(I)(RX)",
        )
        + f"\n{SUMMARY_OK}\n"
    )


@pytest.mark.parametrize(
    ("mask", "text"),
    [
        (AccessMask.F, "F"),
        (AccessMask.M, "M"),
        (AccessMask.RX, "RX"),
        (AccessMask.R, "R"),
        (AccessMask.W, "W"),
        (AccessMask.D, "D"),
        (AccessMask.RX | AccessMask.W, "RX,W"),
        (AccessMask.R | AccessMask.W, "R,W"),
        (AccessMask.GENERIC_READ | AccessMask.GENERIC_EXECUTE, "GR,GE"),
        (AccessMask.GENERIC_ALL, "F"),
        (
            AccessMask.DELETE
            | AccessMask.GENERIC_READ
            | AccessMask.GENERIC_WRITE
            | AccessMask.GENERIC_EXECUTE,
            "M",
        ),
        # Shapes captured from real deny entries.
        (
            AccessMask.W | AccessMask.D | AccessMask.READ_CONTROL | AccessMask.FILE_DELETE_CHILD,
            "W,D,Rc,DC",
        ),
        (
            AccessMask.DELETE
            | AccessMask.WRITE_DAC
            | AccessMask.WRITE_OWNER
            | AccessMask.FILE_WRITE_DATA
            | AccessMask.FILE_DELETE_CHILD,
            "DE,WDAC,WO,WD,DC",
        ),
        (AccessMask.SYNCHRONIZE | AccessMask.FILE_READ_DATA | AccessMask.FILE_EXECUTE, "S,RD,X"),
        (AccessMask.FILE_APPEND_DATA, "AD"),
        (AccessMask.NONE, "N"),
    ],
)
def test_rights_render_as_icacls_prints_them(mask: AccessMask, text: str) -> None:
    assert format_rights(mask) == text
    # Reading back gives the mask, except that a generic form comes back as its file rights.
    assert parse_rights(text) == (map_generic(mask) if mask in GENERIC_ALIASES else mask)


def test_rights_and_permissions_parse() -> None:
    assert parse_rights("rd, x") == AccessMask.FILE_READ_DATA | AccessMask.FILE_EXECUTE
    assert parse_rights("RC") == parse_rights("Rc") == AccessMask.READ_CONTROL
    with pytest.raises(ModelError, match="not an icacls right"):
        parse_rights("RX,ZZ")
    assert parse_perm("(OI)(CI)(RX)") == (OI | CI, AccessMask.RX)
    assert parse_perm("(OI)(CI)RX") == (OI | CI, AccessMask.RX)
    assert parse_perm("F") == (InheritFlags.NONE, AccessMask.F)
    assert parse_perm("(CI)(IO)(RD,X)") == (
        CI | IO,
        AccessMask.FILE_READ_DATA | AccessMask.FILE_EXECUTE,
    )
    for bad in ("", "(OI)", "RXW", "(OI)(XX)F"):
        with pytest.raises(ModelError):
            parse_perm(bad)


# -- edits -------------------------------------------------------------------------------------
def test_grant_adds_an_explicit_entry_and_reports_the_file() -> None:
    fs = iis10()
    code, out = icacls(fs, "C:\\inetpub\\wwwroot", "/grant", "IUSR:(OI)(CI)(RX)")
    assert (code, out) == (0, f"processed file: C:\\inetpub\\wwwroot\n{SUMMARY_OK}\n")
    explicit = fs.dacl("C:\\inetpub\\wwwroot").explicit
    assert explicit[-1] == allow(wk.IUSR_BUILTIN, AccessMask.RX, OI | CI)
    lines = icacls(fs, "C:\\inetpub\\wwwroot")[1].splitlines()
    assert lines[2] == " " * 19 + "NT AUTHORITY\\IUSR:(OI)(CI)(RX)"
    # The folder's files get it at once, as inherited.
    assert allow(wk.IUSR_BUILTIN, AccessMask.RX, inherited=True) in fs.dacl(
        "C:\\inetpub\\wwwroot\\iisstart.htm"
    )


def test_grant_adds_to_the_same_entry_and_grant_r_replaces() -> None:
    fs = iis6()
    folder = "C:\\Inetpub\\wwwroot"
    icacls(fs, folder, "/grant", "WEB01\\IUSR_WEB01:(OI)(CI)W")
    mine = [a for a in fs.dacl(folder).explicit if a.sid == IUSR]
    assert mine == [allow(IUSR, AccessMask.RX | AccessMask.W, OI | CI)]
    assert "WEB01\\IUSR_WEB01:(OI)(CI)(RX,W)" in icacls(fs, folder)[1]
    icacls(fs, folder, "/grant:r", "IUSR_WEB01:R")
    mine = [a for a in fs.dacl(folder).explicit if a.sid == IUSR]
    assert mine == [allow(IUSR, AccessMask.R)]


def test_deny_goes_first_and_takes_the_rights_out_of_the_grant() -> None:
    fs = iis6()
    folder = "C:\\Inetpub\\wwwroot"
    code, _ = icacls(fs, folder, "/deny", "IUSR_WEB01:(OI)(CI)(R)")
    assert code == 0
    explicit = fs.dacl(folder).explicit
    assert explicit[0] == deny(IUSR, AccessMask.R, OI | CI)
    # "the same permissions in any explicit grant are removed": RX less R leaves X.
    assert allow(IUSR, AccessMask.FILE_EXECUTE, OI | CI) in explicit
    out = icacls(fs, folder)[1]
    assert out.startswith(f"{folder} WEB01\\IUSR_WEB01:(OI)(CI)(DENY)(R)\n")
    file = "C:\\Inetpub\\wwwroot\\iisstart.htm"
    assert "WEB01\\IUSR_WEB01:(I)(DENY)(R)" in icacls(fs, file)[1]


def test_a_guests_deny_by_sid_refuses_the_anonymous_account() -> None:
    fs = iis6()
    token = frozenset({IUSR, wk.GUESTS, wk.USERS, wk.EVERYONE, wk.AUTHENTICATED_USERS})
    page = "C:\\Inetpub\\wwwroot\\iisstart.htm"
    assert fs.access_check(page, token, AccessMask.R).granted
    assert icacls(fs, "C:\\Inetpub\\wwwroot", "/deny", "*S-1-5-32-546:(OI)(CI)(R)")[0] == 0
    result = fs.access_check(page, token, AccessMask.R)
    assert not result.granted and result.ace is not None and result.ace.sid == wk.GUESTS
    assert icacls(fs, "C:\\Inetpub\\wwwroot", "/remove:d", "Guests")[0] == 0
    assert fs.access_check(page, token, AccessMask.R).granted


def test_remove_variants() -> None:
    fs = iis6()
    folder = "C:\\Inetpub\\wwwroot"
    icacls(fs, folder, "/deny", "IIS_WPG:(OI)(CI)(W)")
    icacls(fs, folder, "/remove:g", "IIS_WPG")
    assert [a.type for a in fs.dacl(folder).explicit if a.sid == IIS_WPG] == [AceType.DENY]
    icacls(fs, folder, "/grant", "IIS_WPG:(OI)(CI)RX")
    icacls(fs, folder, "/remove:d", "IIS_WPG")
    assert [a.type for a in fs.dacl(folder).explicit if a.sid == IIS_WPG] == [AceType.ALLOW]
    icacls(fs, folder, "/remove", "IIS_WPG", "IUSR_WEB01")
    assert all(a.sid not in (IIS_WPG, IUSR) for a in fs.dacl(folder))
    # Inherited entries are not removed by /remove: they belong to the parent.
    icacls(fs, "C:\\Inetpub\\wwwroot\\iisstart.htm", "/remove", "Administrators")
    assert any(a.sid == wk.ADMINISTRATORS for a in fs.dacl("C:\\Inetpub\\wwwroot\\iisstart.htm"))


def test_inheritance_switches_round_trip_through_display() -> None:
    fs = iis10()
    folder = "C:\\inetpub\\wwwroot"
    before = parse_icacls_output(icacls(fs, folder)[1])[folder]
    assert icacls(fs, folder, "/inheritance:d")[0] == 0
    copied = parse_icacls_output(icacls(fs, folder)[1])[folder]
    assert [attrs_without_inherited(a) for a in copied] == [
        attrs_without_inherited(a) for a in before
    ]
    assert not any(a.inherited for a in copied)
    assert icacls(fs, folder, "/inheritance:e")[0] == 0
    enabled = parse_icacls_output(icacls(fs, folder)[1])[folder]
    assert len(enabled) == 2 * len(before) - 2  # the copies stay, the parent's entries return
    assert icacls(fs, folder, "/reset")[0] == 0
    assert parse_icacls_output(icacls(fs, folder)[1])[folder] == before[2:]
    assert icacls(fs, folder, "/inheritance:r")[0] == 0
    assert parse_icacls_output(icacls(fs, folder)[1]) == {folder: []}
    assert icacls(fs, folder)[1] == f"{folder}\n\n{SUMMARY_OK}\n"


def attrs_without_inherited(ace: ParsedAce) -> tuple[str, AceType, InheritFlags, AccessMask]:
    return ace.name, ace.type, ace.flags, ace.mask


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
    assert allow(IUSR, AccessMask.RX) in fs.dacl("C:\\Inetpub\\wwwroot\\Default.htm").explicit
    code, out = icacls(fs, "C:\\Inetpub\\wwwroot", "/remove", "IUSR_WEB01", "/t", "/q")
    assert (code, out) == (0, "Successfully processed 3 files; Failed processing 0 files\n")
    code, out = icacls(fs, "Inetpub", "/t")
    assert code == 0 and out.count("\n\n") == 4  # four blocks, each followed by a blank line
    assert set(parse_icacls_output(out)) == {
        "Inetpub",
        "Inetpub\\wwwroot",
        "Inetpub\\wwwroot\\Default.htm",
        "Inetpub\\wwwroot\\iisstart.htm",
    }


def test_setowner_takes_a_name() -> None:
    fs = iis6()
    assert icacls(fs, "C:\\Inetpub\\wwwroot\\Default.htm", "/setowner", "IUSR_WEB01")[0] == 0
    assert fs.entry("C:\\Inetpub\\wwwroot\\Default.htm").owner == IUSR


# -- errors ------------------------------------------------------------------------------------
def test_unknown_account_changes_nothing_and_exits_1332() -> None:
    fs = iis6()
    version = fs.version
    code, out = icacls(fs, "C:\\Inetpub\\wwwroot", "/grant", "IUSR_WEB02:(OI)(CI)(RX)")
    assert code == 1332
    assert out == (
        "IUSR_WEB02: No mapping between account names and security IDs was done.\n"
        f"{SUMMARY_FAILED}\n"
    )
    assert fs.version == version


def test_missing_file_and_missing_folder() -> None:
    fs = iis6()
    code, out = icacls(fs, "C:\\Inetpub\\wwwroot\\nothere.htm")
    assert code == 2
    assert out == (
        "C:\\Inetpub\\wwwroot\\nothere.htm: The system cannot find the file specified.\n"
        f"{SUMMARY_FAILED}\n"
    )
    code, out = icacls(fs, "C:\\Inetpub\\nothere\\x.htm", "/grant", "Users:R")
    assert code == 3
    assert out.startswith("C:\\Inetpub\\nothere\\x.htm: The system cannot find the path specified.")
    code, out = icacls(fs, "C:\\Inetpub\\bad|name")
    assert code == 123 and out.endswith(f"{SUMMARY_FAILED}\n")


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


# -- reading output ----------------------------------------------------------------------------
@pytest.mark.parametrize("factory", [iis6, iis10], ids=["iis6", "iis10"])
def test_what_the_renderer_writes_parses_back_to_the_same_acl(factory: object) -> None:
    fs: FileSystem = factory()  # type: ignore[operator]
    for path in fs.walk("C:\\"):
        parsed = parse_icacls_output(icacls(fs, path)[1])
        assert list(parsed) == [path]
        back = [ace.to_ace(ace.sid or _must(resolve_sid(ace.name))) for ace in parsed[path]]
        assert back == [_aliased(ace) for ace in fs.dacl(path)]


def _must(sid: Sid | None) -> Sid:
    assert sid is not None
    return sid


def _aliased(ace: Ace) -> Ace:
    """What reading icacls gives back: GENERIC_ALL prints as F and comes back as F."""
    text = GENERIC_ALIASES.get(ace.mask)
    return ace if text is None else ace.evolve(mask=parse_rights(text))


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
    assert list(parsed) == [
        "C:\\Program Files (x86)\\Site",
        "C:\\Site Data\\a b.htm",
        "C:\\x y",
        "C:\\x y z",
        "C:\\q",
        "C:\\empty",
    ]
    site = parsed["C:\\Program Files (x86)\\Site"]
    assert [a.name for a in site] == [
        "NT AUTHORITY\\Authenticated Users",
        "S-1-5-21-1004336348-1177238915-682003330-1107",
        "BUILTIN\\Administrators",
    ]  # the integrity label is left out: it is no DACL entry
    assert site[0] == ParsedAce(
        "NT AUTHORITY\\Authenticated Users", AceType.ALLOW, OI | CI, False, AccessMask.M, "M"
    )
    assert site[1].sid == ORPHAN and site[1].type is AceType.DENY
    assert site[0].sid is None
    assert parsed["C:\\Site Data\\a b.htm"][0].name == "CONTOSO\\Domain Users"
    assert parsed["C:\\x y"][0].name == "NT AUTHORITY\\SYSTEM"
    assert parsed["C:\\x y z"][0].name == "CREATOR OWNER"
    q = parsed["C:\\q"][0]
    assert (q.inherited, q.type, q.flags, q.rights) == (
        True,
        AceType.DENY,
        OI | CI,
        "DE,WDAC,WO,WD,DC",
    )
    assert parsed["C:\\empty"] == []


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
    (wk.AUTHENTICATED_USERS, "NT AUTHORITY\\Authenticated Users"),
    (wk.ADMINISTRATORS, "BUILTIN\\Administrators"),
    (wk.CREATOR_OWNER, "CREATOR OWNER"),
    (wk.EVERYONE, "Everyone"),
    (TRUSTED_INSTALLER, "NT SERVICE\\TrustedInstaller"),
    (IUSR, "WEB01\\IUSR_WEB01"),
    (MACHINE.child(1200), "CONTOSO\\Domain Users"),
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
        assert back == [_aliased(ace) for ace in acl]
