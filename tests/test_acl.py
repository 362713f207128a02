"""The NTFS model: ACE order, inheritance, protection, the access check and its cache."""

from __future__ import annotations

import pytest

from simulator.acl import (
    TRUSTED_INSTALLER,
    AccessMask,
    Ace,
    AceType,
    Acl,
    Decision,
    FileSystem,
    InheritFlags,
    allow,
    deny,
    map_generic,
    parent_path,
    split_path,
)
from winfacts import wellknown as wk
from winfacts.errors import ModelError
from winfacts.sid import Sid

OI, CI, IO, NP = InheritFlags.OI, InheritFlags.CI, InheritFlags.IO, InheritFlags.NP
READ = AccessMask.FILE_GENERIC_READ
MACHINE = Sid.parse("S-1-5-21-1004336348-1177238915-682003330")
IUSR = MACHINE.child(1003)
IIS_WPG = MACHINE.child(1004)
ALICE = MACHINE.child(1010)
NAMES = {
    IUSR: "WEB01\\IUSR_WEB01",
    IIS_WPG: "WEB01\\IIS_WPG",
    ALICE: "WEB01\\alice",
    TRUSTED_INSTALLER: "NT SERVICE\\TrustedInstaller",
}

# Tokens as the logon engine builds them (reference WL 3): the user, its groups, Everyone,
# Authenticated Users (which puts it in BUILTIN\Users) and the logon type's group.
IUSR6_TOKEN = frozenset(
    {IUSR, wk.GUESTS, wk.USERS, wk.EVERYONE, wk.AUTHENTICATED_USERS, wk.NETWORK}
)
IUSR10_TOKEN = frozenset(
    {wk.IUSR_BUILTIN, wk.EVERYONE, wk.AUTHENTICATED_USERS, wk.USERS, wk.NETWORK}
)


def resolve_name(sid: Sid) -> str | None:
    return NAMES.get(sid) or wk.display_name(sid)


def tree(*, protected: bool = False) -> FileSystem:
    """C:\\ with one explicit Administrators entry, and C:\\site\\sub\\page.htm below it."""
    fs = FileSystem()
    fs.create_folder("C:\\", aces=[allow(wk.ADMINISTRATORS, AccessMask.F, OI | CI)])
    fs.create_folder("C:\\site", protected=protected)
    fs.create_folder("C:\\site\\sub")
    fs.create_file("C:\\site\\sub\\page.htm")
    return fs


def iis6() -> FileSystem:
    return FileSystem.default_iis("Windows Server 2003", anonymous=IUSR, worker_group=IIS_WPG)


# -- masks and ACEs ----------------------------------------------------------------------------
def test_icacls_simple_rights_have_their_windows_masks() -> None:
    values = {name: int(AccessMask[name]) for name in ("F", "M", "RX", "R", "W", "D")}
    assert values == {
        "F": 0x1F01FF,
        "M": 0x1301BF,
        "RX": 0x1200A9,
        "R": 0x120089,
        "W": 0x100116,
        "D": 0x110000,
    }
    assert int(AccessMask.F) == int(AccessMask.FILE_ALL_ACCESS)
    assert AccessMask.M == AccessMask.RX | AccessMask.W | AccessMask.DELETE
    assert AccessMask.RX == AccessMask.FILE_GENERIC_READ | AccessMask.FILE_GENERIC_EXECUTE
    assert int(AccessMask.R) == int(AccessMask.FILE_GENERIC_READ)
    assert not AccessMask.W & AccessMask.READ_CONTROL  # FILE_GENERIC_WRITE has it; W does not
    assert AccessMask.D == AccessMask.DELETE | AccessMask.SYNCHRONIZE


def test_generic_rights_map_to_file_rights() -> None:
    assert map_generic(AccessMask.GENERIC_ALL) == AccessMask.F
    assert map_generic(AccessMask.GENERIC_READ | AccessMask.GENERIC_EXECUTE) == AccessMask.RX
    sd_gr_gw_ge = (
        AccessMask.DELETE
        | AccessMask.GENERIC_READ
        | AccessMask.GENERIC_WRITE
        | AccessMask.GENERIC_EXECUTE
    )
    assert map_generic(sd_gr_gw_ge) == AccessMask.M
    assert map_generic(AccessMask.FILE_READ_DATA) == AccessMask.FILE_READ_DATA


def test_ace_validation() -> None:
    with pytest.raises(ModelError, match="IO and NP"):
        allow(wk.USERS, AccessMask.R, IO)
    with pytest.raises(ModelError, match="bits"):
        allow(wk.USERS, 0x200)  # FILE_WRITE_* stops at 0x100; 0x200 has no right
    assert repr(allow(wk.USERS, AccessMask.RX, OI | CI, inherited=True)) == (
        "Ace(allow S-1-5-32-545 (I)(OI)(CI) 0x1200A9)"
    )


def test_canonical_order_puts_explicit_denies_first_and_keeps_inherited_order() -> None:
    inherited = [
        allow(wk.USERS, AccessMask.RX, inherited=True),
        deny(wk.GUESTS, AccessMask.W, inherited=True),  # a grandparent's deny: stays after
    ]
    acl = Acl.canonical([allow(wk.USERS, AccessMask.R), deny(wk.GUESTS, AccessMask.R)], inherited)
    assert [a.type for a in acl.explicit] == [AceType.DENY, AceType.ALLOW]
    assert list(acl.inherited) == inherited
    assert acl.is_canonical()
    assert not Acl([allow(wk.USERS, AccessMask.R), deny(wk.GUESTS, AccessMask.R)]).is_canonical()
    assert not Acl(
        [allow(wk.USERS, AccessMask.R, inherited=True), deny(wk.GUESTS, 1)]
    ).is_canonical()


# -- the access check --------------------------------------------------------------------------
def test_deny_before_allow_refuses_a_member_of_both() -> None:
    fs = tree()
    # Given allow-first; the model stores them canonically, deny first, as icacls does.
    fs.set_dacl(
        "C:\\site",
        [allow(wk.USERS, AccessMask.RX, OI | CI), deny(wk.GUESTS, AccessMask.R, OI | CI)],
    )
    explicit = fs.dacl("C:\\site").explicit
    assert [a.type for a in explicit] == [AceType.DENY, AceType.ALLOW]
    result = fs.access_check("C:\\site\\sub\\page.htm", frozenset({wk.USERS, wk.GUESTS}), READ)
    assert not result.granted
    assert result.decision is Decision.DENIED_BY_ACE
    assert result.ace == deny(wk.GUESTS, AccessMask.R, inherited=True)
    assert result.index == 0
    assert "BUILTIN\\Guests" in result.explain(resolve_name)
    # Without Guests in the token the allow reads through.
    assert fs.access_check("C:\\site\\sub\\page.htm", frozenset({wk.USERS}), READ).granted


def test_an_allow_earlier_in_the_list_is_not_taken_back_by_a_later_deny() -> None:
    fs = tree()
    raw = [allow(wk.USERS, AccessMask.RX), deny(wk.USERS, AccessMask.R)]
    fs.set_dacl("C:\\site\\sub\\page.htm", raw, canonicalize=False)
    assert list(fs.dacl("C:\\site\\sub\\page.htm").explicit) == raw
    result = fs.access_check("C:\\site\\sub\\page.htm", frozenset({wk.USERS}), READ)
    assert result.granted and result.index == 0


def test_explicit_allow_comes_before_an_inherited_deny() -> None:
    fs = tree()
    fs.set_dacl("C:\\site", [deny(wk.GUESTS, AccessMask.R, OI | CI)])
    fs.set_dacl("C:\\site\\sub\\page.htm", [allow(wk.GUESTS, AccessMask.R)])
    acl = fs.dacl("C:\\site\\sub\\page.htm")
    assert acl[0] == allow(wk.GUESTS, AccessMask.R)
    assert acl[1] == deny(wk.GUESTS, AccessMask.R, inherited=True)
    assert fs.access_check("C:\\site\\sub\\page.htm", frozenset({wk.GUESTS}), READ).granted


def test_the_nearer_generation_wins_over_the_farther() -> None:
    fs = tree()
    fs.set_dacl("C:\\site", [deny(wk.GUESTS, AccessMask.R, OI | CI)])
    fs.set_dacl("C:\\site\\sub", [allow(wk.GUESTS, AccessMask.R, OI | CI)])
    acl = fs.dacl("C:\\site\\sub\\page.htm")
    # The parent's allow is inherited ahead of the grandparent's deny.
    assert [a.type for a in acl.inherited][:2] == [AceType.ALLOW, AceType.DENY]
    assert fs.access_check("C:\\site\\sub\\page.htm", frozenset({wk.GUESTS}), READ).granted


def test_grants_accumulate_across_aces_and_a_shortfall_is_reported() -> None:
    fs = tree()
    page = "C:\\site\\sub\\page.htm"
    fs.set_dacl(
        page, [allow(wk.USERS, AccessMask.FILE_READ_DATA), allow(wk.EVERYONE, AccessMask.R)]
    )
    both = fs.access_check(page, frozenset({wk.USERS, wk.EVERYONE}), READ)
    assert both.granted and both.ace is not None and both.ace.sid == wk.EVERYONE
    only_users = fs.access_check(page, frozenset({wk.USERS}), READ)
    assert only_users.decision is Decision.NOT_GRANTED
    assert only_users.ace is None
    assert only_users.granted_mask == AccessMask.FILE_READ_DATA
    assert only_users.missing == READ & ~AccessMask.FILE_READ_DATA
    assert "no ACE grants" in only_users.explain(resolve_name)


def test_inherit_only_aces_do_not_apply_to_the_folder_itself() -> None:
    fs = tree()
    fs.set_dacl("C:\\site", [allow(wk.USERS, AccessMask.RX, OI | CI | IO)])
    assert not fs.access_check("C:\\site", frozenset({wk.USERS}), READ).granted
    assert fs.access_check("C:\\site\\sub", frozenset({wk.USERS}), READ).granted


def test_generic_rights_in_the_request_are_mapped() -> None:
    fs = tree()
    fs.set_dacl("C:\\site", [allow(wk.USERS, AccessMask.RX)])
    assert fs.access_check("C:\\site", frozenset({wk.USERS}), AccessMask.GENERIC_READ).granted
    with pytest.raises(ModelError):
        fs.access_check("C:\\site", frozenset({wk.USERS}), AccessMask.MAXIMUM_ALLOWED)


def test_the_owner_may_read_the_acl_without_an_ace() -> None:
    fs = tree()
    fs.create_file("C:\\site\\mine.txt", owner=ALICE)
    fs.set_protected("C:\\site\\mine.txt", True, copy_inherited=False)
    assert fs.access_check(
        "C:\\site\\mine.txt", frozenset({ALICE}), AccessMask.READ_CONTROL
    ).granted
    assert not fs.access_check("C:\\site\\mine.txt", frozenset({ALICE}), READ).granted


# -- inheritance -------------------------------------------------------------------------------
def test_new_children_inherit_by_kind() -> None:
    fs = tree()
    fs.set_dacl(
        "C:\\site",
        [
            allow(wk.USERS, AccessMask.RX, OI | CI),
            allow(wk.IIS_IUSRS, AccessMask.R, OI),
            allow(wk.BACKUP_OPERATORS, AccessMask.R, CI),
            allow(wk.POWER_USERS, AccessMask.R, CI | NP),
        ],
    )
    fs.create_folder("C:\\site\\new")
    fs.create_file("C:\\site\\new.htm")
    folder = fs.dacl("C:\\site\\new")
    assert allow(wk.USERS, AccessMask.RX, OI | CI, inherited=True) in folder
    assert allow(wk.IIS_IUSRS, AccessMask.R, OI | IO, inherited=True) in folder  # for its files
    assert allow(wk.BACKUP_OPERATORS, AccessMask.R, CI, inherited=True) in folder
    assert allow(wk.POWER_USERS, AccessMask.R, inherited=True) in folder  # NP: no further
    file = fs.dacl("C:\\site\\new.htm")
    assert allow(wk.USERS, AccessMask.RX, inherited=True) in file
    assert allow(wk.IIS_IUSRS, AccessMask.R, inherited=True) in file
    assert all(a.sid not in (wk.BACKUP_OPERATORS, wk.POWER_USERS) for a in file)
    # NP stops at the first generation.
    fs.create_folder("C:\\site\\new\\deeper")
    assert all(a.sid != wk.POWER_USERS for a in fs.dacl("C:\\site\\new\\deeper"))


def test_generic_and_creator_owner_entries_split_on_a_child_folder() -> None:
    fs = tree()
    fs.set_dacl(
        "C:\\site",
        [
            allow(wk.CREATOR_OWNER, AccessMask.GENERIC_ALL, OI | CI | IO),
            allow(wk.USERS, AccessMask.GENERIC_READ | AccessMask.GENERIC_EXECUTE, OI | CI | IO),
        ],
    )
    fs.create_folder("C:\\site\\alices", owner=ALICE)
    acl = fs.dacl("C:\\site\\alices")
    assert allow(ALICE, AccessMask.F, inherited=True) in acl
    assert allow(wk.CREATOR_OWNER, AccessMask.GENERIC_ALL, OI | CI | IO, inherited=True) in acl
    assert allow(wk.USERS, AccessMask.RX, inherited=True) in acl
    generic = AccessMask.GENERIC_READ | AccessMask.GENERIC_EXECUTE
    assert allow(wk.USERS, generic, OI | CI | IO, inherited=True) in acl
    fs.create_file("C:\\site\\alices\\a.txt", owner=ALICE)
    assert list(fs.dacl("C:\\site\\alices\\a.txt")) == [
        allow(ALICE, AccessMask.F, inherited=True),
        allow(wk.USERS, AccessMask.RX, inherited=True),
        allow(wk.ADMINISTRATORS, AccessMask.F, inherited=True),  # from C:\\, a generation up
    ]


def test_a_change_on_a_folder_reaches_existing_descendants() -> None:
    fs = tree()
    page = "C:\\site\\sub\\page.htm"
    assert not fs.access_check(page, IUSR6_TOKEN, READ).granted
    fs.set_dacl("C:\\site", [allow(IUSR, AccessMask.RX, OI | CI)])
    assert allow(IUSR, AccessMask.RX, OI | CI, inherited=True) in fs.dacl("C:\\site\\sub")
    assert allow(IUSR, AccessMask.RX, inherited=True) in fs.dacl(page)
    assert fs.access_check(page, IUSR6_TOKEN, READ).granted
    fs.set_dacl("C:\\site", [])
    assert all(a.sid != IUSR for a in fs.dacl(page))
    assert not fs.access_check(page, IUSR6_TOKEN, READ).granted


def test_a_protected_folder_stops_inheritance() -> None:
    fs = tree(protected=True)
    assert fs.dacl("C:\\site") == Acl()
    assert fs.entry("C:\\site").protected
    fs.set_dacl("C:\\", [allow(wk.USERS, AccessMask.RX, OI | CI)])
    assert all(a.sid != wk.USERS for a in fs.dacl("C:\\site\\sub\\page.htm"))
    fs.set_protected("C:\\site", False)
    assert allow(wk.USERS, AccessMask.RX, inherited=True) in fs.dacl("C:\\site\\sub\\page.htm")


def test_disabling_inheritance_copies_or_drops_the_inherited_entries() -> None:
    fs = tree()
    inherited = fs.dacl("C:\\site").inherited
    assert inherited == (allow(wk.ADMINISTRATORS, AccessMask.F, OI | CI, inherited=True),)
    fs.set_protected("C:\\site", True)
    assert fs.dacl("C:\\site").explicit == (allow(wk.ADMINISTRATORS, AccessMask.F, OI | CI),)
    fs.reset("C:\\site")
    assert fs.dacl("C:\\site").inherited == inherited and not fs.entry("C:\\site").protected
    fs.set_protected("C:\\site", True, copy_inherited=False)
    assert len(fs.dacl("C:\\site")) == 0
    # ... and the children lose what came through it.
    assert len(fs.dacl("C:\\site\\sub\\page.htm")) == 0


def test_reset_drops_explicit_entries_and_reinherits() -> None:
    fs = tree(protected=True)
    fs.set_dacl("C:\\site\\sub", [deny(wk.USERS, AccessMask.R)], protected=True)
    fs.reset("C:\\site\\sub")
    assert fs.dacl("C:\\site\\sub").explicit == ()
    assert not fs.entry("C:\\site\\sub").protected
    with pytest.raises(ModelError, match="drive root"):
        fs.reset("C:\\")


def test_setting_the_owner_rewrites_its_creator_owner_entry() -> None:
    fs = tree()
    fs.set_dacl("C:\\site", [allow(wk.CREATOR_OWNER, AccessMask.GENERIC_ALL, OI | CI | IO)])
    fs.set_owner("C:\\site\\sub\\page.htm", ALICE)
    assert allow(ALICE, AccessMask.F, inherited=True) in fs.dacl("C:\\site\\sub\\page.htm")
    assert fs.entry("C:\\site\\sub\\page.htm").owner == ALICE


# -- the IIS defaults --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fs_factory", "root", "documents", "token"),
    [
        (iis6, "C:\\Inetpub\\wwwroot", ("iisstart.htm", "Default.htm"), IUSR6_TOKEN),
        (
            lambda: FileSystem.default_iis("Windows Server 2022"),
            "C:\\inetpub\\wwwroot",
            ("iisstart.htm", "iisstart.png"),
            IUSR10_TOKEN,
        ),
    ],
    ids=["iis6", "iis10"],
)
def test_the_anonymous_identity_reads_the_default_content(
    fs_factory: object, root: str, documents: tuple[str, ...], token: frozenset[Sid]
) -> None:
    fs = fs_factory()  # type: ignore[operator]
    assert fs.children(root) == sorted((f"{root}\\{doc}" for doc in documents), key=str.lower)
    for doc in documents:
        result = fs.access_check(f"{root}\\{doc}", token, READ)
        assert result.granted, result.explain(resolve_name)


def test_iis6_content_is_read_through_the_anonymous_accounts_own_entry() -> None:
    fs = iis6()
    result = fs.access_check("C:\\Inetpub\\wwwroot\\iisstart.htm", IUSR6_TOKEN, READ)
    assert result.ace == allow(IUSR, AccessMask.RX, inherited=True)
    assert fs.entry("C:\\Inetpub\\wwwroot").protected
    # Users is not on the protected wwwroot, so a token without the account's entry is refused.
    stranger = frozenset({ALICE, wk.USERS, wk.EVERYONE, wk.AUTHENTICATED_USERS})
    assert not fs.access_check("C:\\Inetpub\\wwwroot\\iisstart.htm", stranger, READ).granted


def test_iis10_builtin_iusr_reads_through_users() -> None:
    fs = FileSystem.default_iis("2016")
    result = fs.access_check("C:\\inetpub\\wwwroot\\iisstart.htm", IUSR10_TOKEN, READ)
    assert result.ace == allow(wk.USERS, AccessMask.RX, inherited=True)
    assert fs.entry("C:\\inetpub\\wwwroot\\iisstart.htm").owner == TRUSTED_INSTALLER
    assert fs.entry("C:\\inetpub").protected and not fs.entry("C:\\inetpub\\wwwroot").protected


def test_a_guests_deny_catches_the_iis6_anonymous_account() -> None:
    fs = iis6()
    fs.set_dacl(
        "C:\\Inetpub\\wwwroot",
        [*fs.dacl("C:\\Inetpub\\wwwroot").explicit, deny(wk.GUESTS, AccessMask.R, OI | CI)],
    )
    result = fs.access_check("C:\\Inetpub\\wwwroot\\iisstart.htm", IUSR6_TOKEN, READ)
    assert result.decision is Decision.DENIED_BY_ACE
    assert result.ace == deny(wk.GUESTS, AccessMask.R, inherited=True)
    assert result.explain(resolve_name).startswith(
        "C:\\Inetpub\\wwwroot\\iisstart.htm: ACE #1 denies BUILTIN\\Guests access 0x120089"
    )


def test_default_iis_needs_the_iis6_machine_accounts_and_a_known_platform() -> None:
    with pytest.raises(ModelError, match="IIS_WPG"):
        FileSystem.default_iis("Windows Server 2003")
    with pytest.raises(ModelError, match="modelled defaults"):
        FileSystem.default_iis("Windows NT 4.0")
    for later in ("Windows Server 2008 R2", "iis7.5", "10.0", "Windows Server 2025"):
        assert FileSystem.default_iis(later).exists("C:\\inetpub\\wwwroot\\iisstart.png")
    assert FileSystem.default_iis("6.0", anonymous=IUSR, worker_group=IIS_WPG).exists(
        "C:\\Inetpub\\wwwroot\\Default.htm"
    )
    aspnet = MACHINE.child(1005)
    fs = FileSystem.default_iis("iis6", anonymous=IUSR, worker_group=IIS_WPG, aspnet=aspnet)
    assert allow(aspnet, AccessMask.RX, OI | CI) in fs.dacl("C:\\Inetpub\\wwwroot")


# -- paths and the tree ------------------------------------------------------------------------
def test_paths_are_case_insensitive_and_keep_their_created_case() -> None:
    fs = FileSystem.default_iis("2019")
    assert fs.exists("c:/INETPUB/wwwroot/IISSTART.htm")
    assert fs.exists("C:\\inetpub\\logs\\..\\wwwroot\\.\\iisstart.htm")
    assert fs.entry("c:\\inetpub\\WWWROOT\\").path == "C:\\inetpub\\wwwroot"
    assert not fs.exists("C:\\inetpub\\wwwroot\\missing.htm")
    assert not fs.exists("D:\\inetpub")
    assert split_path("c:\\a\\\\b\\") == ("C", ("a", "b"))
    assert parent_path("C:\\a\\b") == "C:\\a" and parent_path("C:\\") is None
    for bad in ("inetpub\\wwwroot", "\\\\server\\share", "C:\\a*b"):
        with pytest.raises(ModelError):
            fs.exists(bad)


def test_create_and_delete_rules() -> None:
    fs = tree()
    with pytest.raises(ModelError, match="does not exist"):
        fs.create_file("C:\\nowhere\\x.htm")
    with pytest.raises(ModelError, match="already exists"):
        fs.create_folder("C:\\SITE")
    with pytest.raises(ModelError, match="does not exist"):
        fs.create_file("C:\\site\\sub\\page.htm\\x")  # a file holds nothing
    with pytest.raises(ModelError, match="only to folders"):
        fs.create_file("C:\\site\\x.htm", aces=[allow(wk.USERS, AccessMask.R, OI)])
    with pytest.raises(ModelError, match="inherited ACEs"):
        fs.set_dacl("C:\\site", [allow(wk.USERS, AccessMask.R, inherited=True)])
    with pytest.raises(ModelError, match="not empty"):
        fs.delete("C:\\site")
    assert list(fs.walk("C:\\site")) == ["C:\\site", "C:\\site\\sub", "C:\\site\\sub\\page.htm"]
    fs.delete("C:\\site", recursive=True)
    assert not fs.exists("C:\\site\\sub\\page.htm")
    with pytest.raises(ModelError):
        fs.entry("C:\\site")


# -- the cache ---------------------------------------------------------------------------------
def test_repeated_checks_are_cached_until_something_changes() -> None:
    fs = iis6()
    page = "C:\\Inetpub\\wwwroot\\iisstart.htm"
    first = fs.access_check(page, IUSR6_TOKEN, READ)
    assert first.granted
    assert fs.access_check(page.lower(), IUSR6_TOKEN, READ) is first
    version = fs.version
    fs.set_dacl("C:\\Inetpub\\wwwroot", [deny(wk.GUESTS, AccessMask.R, OI | CI)], protected=True)
    assert fs.version > version
    after = fs.access_check(page, IUSR6_TOKEN, READ)
    assert after is not first and not after.granted
    # Every kind of change moves the version.
    for change in (
        lambda: fs.create_file("C:\\Inetpub\\wwwroot\\new.htm"),
        lambda: fs.set_owner(page, ALICE),
        lambda: fs.set_protected(page, True),
        lambda: fs.reset(page),
        lambda: fs.delete("C:\\Inetpub\\wwwroot\\new.htm"),
    ):
        before = fs.version
        change()
        assert fs.version == before + 1


def test_entries_are_snapshots() -> None:
    fs = tree()
    before = fs.entry("C:\\site")
    fs.set_dacl("C:\\site", [allow(wk.USERS, AccessMask.R)])
    assert before.dacl != fs.entry("C:\\site").dacl
    assert isinstance(fs.dacl("C:\\site")[0], Ace)
    assert fs.is_folder("C:\\site") and not fs.is_folder("C:\\site\\sub\\page.htm")
