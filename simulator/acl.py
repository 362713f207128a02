"""NTFS discretionary ACLs on the content IIS serves, and the access check that yields 401.3.

The model keeps what decides whether an anonymous token may read a file: each folder's and file's
owner, its DACL (explicit ACEs plus those inherited from its parent), and whether inheritance is
disabled ("protected"). Inheritable ACEs flow to children as Windows' inheritance rules say, and
flow again whenever a folder changes, as they do when icacls edits a folder.

Sources (facts only; no text copied):

- ACE order, inheritance and generic mapping: Microsoft Learn, "Order of ACEs in a DACL"
  (https://learn.microsoft.com/windows/win32/secauthz/order-of-aces-in-a-dacl) and "ACE
  Inheritance Rules" (https://learn.microsoft.com/windows/win32/secauthz/ace-inheritance-rules):
  explicit ACEs before inherited ones, deny before allow within each, inherited ACEs in the order
  of the generation they come from; an inheritable ACE holding generic rights or CREATOR OWNER
  reaches a child folder as two ACEs, one effective (mapped) and one inherit-only (unmapped).
- icacls's rights letters and their masks: ``icacls /?`` and
  https://learn.microsoft.com/windows-server/administration/windows-commands/icacls; the masks
  agree with .NET's FileSystemRights (Modify = ReadAndExecute | Write | Delete).
- Default ACLs: KB 812614 (IIS 6.0) and KB 981949 (IIS 7+), with the IIS 10 listings quoted in
  https://serverfault.com/questions/708178 (wwwroot) and a captured ``icacls`` of iisstart.htm;
  details in :meth:`FileSystem.default_iis`.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Final

import attrs

from winfacts import wellknown as wk
from winfacts.errors import ModelError
from winfacts.sid import Sid

#: NT SERVICE\TrustedInstaller, the owner of what Windows setup installs since Server 2008.
TRUSTED_INSTALLER: Final = wk.TRUSTED_INSTALLER
CREATOR_GROUP: Final = Sid.parse("S-1-3-1")
#: An ACE for OWNER RIGHTS replaces the owner's implicit READ_CONTROL | WRITE_DAC (Vista+).
OWNER_RIGHTS: Final = Sid.parse("S-1-3-4")

#: Resolves a SID to the name icacls prints (``BUILTIN\\Users``); None when it has none.
NameResolver = Callable[[Sid], str | None]


class AccessMask(enum.IntFlag):
    """File access rights (winnt.h) and icacls's simple rights, which are combinations of them."""

    NONE = 0
    FILE_READ_DATA = 0x1  # icacls RD; FILE_LIST_DIRECTORY on a folder
    FILE_WRITE_DATA = 0x2  # WD; FILE_ADD_FILE
    FILE_APPEND_DATA = 0x4  # AD; FILE_ADD_SUBDIRECTORY
    FILE_READ_EA = 0x8  # REA
    FILE_WRITE_EA = 0x10  # WEA
    FILE_EXECUTE = 0x20  # X; FILE_TRAVERSE
    FILE_DELETE_CHILD = 0x40  # DC
    FILE_READ_ATTRIBUTES = 0x80  # RA
    FILE_WRITE_ATTRIBUTES = 0x100  # WA
    DELETE = 0x10000  # DE
    READ_CONTROL = 0x20000  # RC
    WRITE_DAC = 0x40000  # WDAC
    WRITE_OWNER = 0x80000  # WO
    SYNCHRONIZE = 0x100000  # S
    ACCESS_SYSTEM_SECURITY = 0x1000000  # AS
    MAXIMUM_ALLOWED = 0x2000000  # MA
    GENERIC_ALL = 0x10000000  # GA
    GENERIC_EXECUTE = 0x20000000  # GE
    GENERIC_WRITE = 0x40000000  # GW
    GENERIC_READ = 0x80000000  # GR

    FILE_GENERIC_READ = 0x120089
    FILE_GENERIC_WRITE = 0x120116
    FILE_GENERIC_EXECUTE = 0x1200A0
    FILE_ALL_ACCESS = 0x1F01FF

    # icacls's simple rights. W leaves out READ_CONTROL (FILE_GENERIC_WRITE has it): icacls shows
    # a deny of W plus READ_CONTROL as "(W,...,Rc,...)", so W alone does not cover it. D is
    # DELETE with SYNCHRONIZE; DELETE alone prints as DE.
    F = 0x1F01FF
    M = 0x1301BF  # RX | W | DELETE
    RX = 0x1200A9  # FILE_GENERIC_READ | FILE_GENERIC_EXECUTE
    R = 0x120089
    W = 0x100116
    D = 0x110000


_GENERIC: Final = (
    AccessMask.GENERIC_ALL
    | AccessMask.GENERIC_EXECUTE
    | AccessMask.GENERIC_WRITE
    | AccessMask.GENERIC_READ
)
#: Every bit an ACE in this model may hold; anything else has no icacls spelling.
VALID_BITS: Final = AccessMask(
    0x1FF
    | AccessMask.DELETE
    | AccessMask.READ_CONTROL
    | AccessMask.WRITE_DAC
    | AccessMask.WRITE_OWNER
    | AccessMask.SYNCHRONIZE
    | AccessMask.ACCESS_SYSTEM_SECURITY
    | AccessMask.MAXIMUM_ALLOWED
    | _GENERIC
)
_FILE_MAPPING: Final = (
    (AccessMask.GENERIC_READ, AccessMask.FILE_GENERIC_READ),
    (AccessMask.GENERIC_WRITE, AccessMask.FILE_GENERIC_WRITE),
    (AccessMask.GENERIC_EXECUTE, AccessMask.FILE_GENERIC_EXECUTE),
    (AccessMask.GENERIC_ALL, AccessMask.FILE_ALL_ACCESS),
)


def map_generic(mask: int) -> AccessMask:
    """``mask`` with its generic bits replaced by the file rights they stand for."""
    out = int(mask) & ~int(_GENERIC)
    for generic, specific in _FILE_MAPPING:
        if mask & generic:
            out |= specific
    return AccessMask(out)


def _to_mask(value: int) -> AccessMask:
    mask = AccessMask(int(value))
    if mask & ~VALID_BITS:
        raise ModelError(f"access mask 0x{int(mask):08X} has bits no file right uses")
    return mask


class AceType(enum.Enum):
    ALLOW = "allow"
    DENY = "deny"


class InheritFlags(enum.IntFlag):
    """ACE header inheritance flags, with their on-disk values (OBJECT_INHERIT_ACE = 1, ...)."""

    NONE = 0
    OI = 0x1  # object inherit: files created inside get it
    CI = 0x2  # container inherit: folders created inside get it
    NP = 0x4  # no propagate: children get it, grandchildren do not
    IO = 0x8  # inherit only: it does not apply to this folder itself


def _to_flags(value: int) -> InheritFlags:
    return InheritFlags(int(value))


@attrs.frozen(repr=False)
class Ace:
    """One access-control entry. ``inherited`` is the ACE header's INHERITED_ACE bit, (I)."""

    type: AceType
    sid: Sid
    mask: AccessMask = attrs.field(converter=_to_mask)
    flags: InheritFlags = attrs.field(default=InheritFlags.NONE, converter=_to_flags)
    inherited: bool = False

    def __attrs_post_init__(self) -> None:
        if self.flags & ~(InheritFlags.OI | InheritFlags.CI | InheritFlags.NP | InheritFlags.IO):
            raise ModelError(f"unknown inheritance flags 0x{int(self.flags):X}")
        # IO and NP only qualify inheritance; with neither OI nor CI there is nothing to qualify,
        # and Windows' ACL editors never write such an entry.
        if self.flags & (InheritFlags.IO | InheritFlags.NP) and not self.flags & (
            InheritFlags.OI | InheritFlags.CI
        ):
            raise ModelError("IO and NP need OI or CI on the same ACE")

    @property
    def is_deny(self) -> bool:
        return self.type is AceType.DENY

    @property
    def inherit_only(self) -> bool:
        return bool(self.flags & InheritFlags.IO)

    @property
    def inheritable(self) -> bool:
        return bool(self.flags & (InheritFlags.OI | InheritFlags.CI))

    def evolve(self, **changes: object) -> Ace:
        return attrs.evolve(self, **changes)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        flags = "".join(f"({f.name})" for f in InheritFlags if f and f in self.flags)
        marks = ("(I)" if self.inherited else "") + flags
        return (
            f"Ace({self.type.value} {self.sid} {marks + ' ' if marks else ''}0x{int(self.mask):X})"
        )


def allow(sid: Sid, mask: int, flags: int = 0, *, inherited: bool = False) -> Ace:
    return Ace(AceType.ALLOW, sid, AccessMask(mask), InheritFlags(flags), inherited)


def deny(sid: Sid, mask: int, flags: int = 0, *, inherited: bool = False) -> Ace:
    return Ace(AceType.DENY, sid, AccessMask(mask), InheritFlags(flags), inherited)


def name_of(sid: Sid, resolve_name: NameResolver) -> str:
    """The name icacls prints for ``sid``: the account name, or the SID string when none maps."""
    name = resolve_name(sid)
    return name if name else str(sid)


def _to_aces(aces: Iterable[Ace]) -> tuple[Ace, ...]:
    return tuple(aces)


@attrs.frozen
class Acl(Sequence[Ace]):
    """An ordered DACL. Order matters: the access check stops at the first deciding ACE."""

    aces: tuple[Ace, ...] = attrs.field(default=(), converter=_to_aces)

    @classmethod
    def canonical(cls, explicit: Iterable[Ace], inherited: Iterable[Ace] = ()) -> Acl:
        """Explicit denies, explicit allows, then the inherited ACEs in the order given.

        Inherited ACEs are not re-sorted: Windows keeps them in generation order (the parent's
        first, each generation deny-first), so a parent's allow still overrides a grandparent's
        deny. Propagation builds them in that order already.
        """
        explicit = [a.evolve(inherited=False) if a.inherited else a for a in explicit]
        ordered = [a for a in explicit if a.is_deny] + [a for a in explicit if not a.is_deny]
        return cls((*ordered, *(a if a.inherited else a.evolve(inherited=True) for a in inherited)))

    @property
    def explicit(self) -> tuple[Ace, ...]:
        return tuple(a for a in self.aces if not a.inherited)

    @property
    def inherited(self) -> tuple[Ace, ...]:
        return tuple(a for a in self.aces if a.inherited)

    def is_canonical(self) -> bool:
        """Explicit before inherited, and deny before allow among the explicit ones.

        The inherited part can not be checked further: its generation boundaries are not
        recorded in the ACEs (Windows' own check has the same limit).
        """
        seen_inherited = seen_allow = False
        for ace in self.aces:
            if ace.inherited:
                seen_inherited = True
            elif seen_inherited or (ace.is_deny and seen_allow):
                return False
            elif not ace.is_deny:
                seen_allow = True
        return True

    def __len__(self) -> int:
        return len(self.aces)

    def __iter__(self) -> Iterator[Ace]:
        return iter(self.aces)

    def __getitem__(self, index: int) -> Ace:  # type: ignore[override]
        return self.aces[index]


# -- inheritance --------------------------------------------------------------------------------
def inherited_aces(parent: Iterable[Ace], *, folder: bool, owner: Sid) -> list[Ace]:
    """The ACEs a new (or re-propagated) child of a folder whose DACL is ``parent`` inherits.

    ``folder`` says whether the child is a folder (container) or a file; ``owner`` replaces
    CREATOR OWNER in the child's effective ACE.
    """
    out: list[Ace] = []
    from_creator: list[int] = []  # indexes in ``out`` of effective ACEs made from CREATOR OWNER
    for ace in parent:
        oi = bool(ace.flags & InheritFlags.OI)
        ci = bool(ace.flags & InheritFlags.CI)
        np_ = bool(ace.flags & InheritFlags.NP)
        creator = ace.sid == wk.CREATOR_OWNER
        effective = Ace(ace.type, owner if creator else ace.sid, map_generic(ace.mask), 0, True)
        if not folder:
            if oi:
                if creator:
                    from_creator.append(len(out))
                out.append(effective)
            continue
        if ci:
            if np_:
                if creator:
                    from_creator.append(len(out))
                out.append(effective)
            elif ace.mask & _GENERIC or creator:
                # Generic rights and CREATOR OWNER mean something only once mapped for a given
                # object, so the folder gets a mapped copy for itself and keeps the unmapped one
                # (inherit-only) for its own children.
                if creator:
                    from_creator.append(len(out))
                out.append(effective)
                out.append(ace.evolve(flags=ace.flags | InheritFlags.IO, inherited=True))
            else:
                flags = ace.flags & (InheritFlags.OI | InheritFlags.CI)
                out.append(ace.evolve(flags=flags, inherited=True))
        elif oi and not np_:
            # Object-inherit only: nothing for the folder itself, but its files still get it.
            out.append(ace.evolve(flags=InheritFlags.OI | InheritFlags.IO, inherited=True))
    # The owner's copy of a CREATOR OWNER entry is dropped where another entry for the same SID
    # from the same parent already grants it as much: the IIS 10 listings of wwwroot and of
    # iisstart.htm (owner TrustedInstaller) show no separate owner entry. Inferred, not
    # documented.
    drop = {
        i
        for i in from_creator
        if any(
            j != i
            and j not in from_creator
            and other.sid == out[i].sid
            and other.type is out[i].type
            and not other.inherit_only
            and out[i].mask & ~other.mask == 0
            for j, other in enumerate(out)
        )
    }
    return [ace for i, ace in enumerate(out) if i not in drop]


# -- paths --------------------------------------------------------------------------------------
_DRIVE_RE: Final = re.compile(r"^([A-Za-z]):(?:\\(.*))?$", re.DOTALL)
_BAD_CHARS: Final = re.compile(r'[<>:"|?*\x00-\x1f]')


@functools.lru_cache(maxsize=4096)
def split_path(path: str) -> tuple[str, tuple[str, ...]]:
    """``"c:/Inetpub\\\\wwwroot\\\\"`` -> ``("C", ("Inetpub", "wwwroot"))``.

    Windows paths: a drive letter, backslashes (forward slashes are accepted as Win32 accepts
    them), ``.`` and ``..`` resolved. Relative and UNC paths are not modelled.
    """
    text = path.strip().replace("/", "\\")
    match = _DRIVE_RE.match(text)
    if match is None:
        raise ModelError(f"{path!r} is not an absolute path such as C:\\Inetpub", subject=path)
    parts: list[str] = []
    for part in (match.group(2) or "").split("\\"):
        part = part.rstrip(" .") if part not in (".", "..") else part
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        if _BAD_CHARS.search(part):
            raise ModelError(f"{path!r} has a character Windows forbids in names", subject=path)
        parts.append(part)
    return match.group(1).upper(), tuple(parts)


def join_path(drive: str, parts: Sequence[str]) -> str:
    return f"{drive}:\\" + "\\".join(parts)


def parent_path(path: str) -> str | None:
    """The folder that holds ``path``, or None for a drive root."""
    drive, parts = split_path(path)
    return join_path(drive, parts[:-1]) if parts else None


# -- the file system ----------------------------------------------------------------------------
class EntryKind(enum.Enum):
    FOLDER = "folder"
    FILE = "file"


@attrs.frozen
class Entry:
    """A snapshot of one folder or file, as ``FileSystem.entry`` returns it."""

    path: str
    kind: EntryKind
    owner: Sid
    dacl: Acl
    protected: bool

    @property
    def is_folder(self) -> bool:
        return self.kind is EntryKind.FOLDER


@attrs.define(eq=False)
class _Node:
    path: str
    kind: EntryKind
    owner: Sid
    dacl: Acl
    protected: bool
    parent: _Node | None
    children: dict[str, _Node] = attrs.Factory(dict)

    @property
    def is_folder(self) -> bool:
        return self.kind is EntryKind.FOLDER


class Decision(enum.Enum):
    GRANTED = "granted"
    DENIED_BY_ACE = "denied by an ACE"  # a deny ACE matched a bit not yet granted
    NOT_GRANTED = "not granted"  # no deny matched, but allow ACEs did not cover every bit


@attrs.frozen
class AccessResult:
    """The outcome of one access check, with the ACE that decided it for evidence.

    ``ace``/``index`` is the deny ACE that refused, or the allow ACE that completed the grant; it
    is None when nothing in the DACL decided (no ACE granted enough, or nothing was asked).
    ``granted_mask`` holds the desired bits granted before the decision.
    """

    path: str
    desired: AccessMask
    decision: Decision
    granted_mask: AccessMask
    ace: Ace | None = None
    index: int | None = None

    @property
    def granted(self) -> bool:
        return self.decision is Decision.GRANTED

    @property
    def missing(self) -> AccessMask:
        return AccessMask(self.desired & ~self.granted_mask)

    def explain(self, resolve_name: NameResolver) -> str:
        """One sentence for a finding's evidence, naming accounts as icacls would."""
        where = f"ACE #{self.index + 1}" if self.index is not None else "the DACL"
        if self.decision is Decision.GRANTED:
            if self.ace is None:
                return f"{self.path}: access 0x{int(self.desired):X} is granted"
            who = name_of(self.ace.sid, resolve_name)
            return f"{self.path}: {where} (allow {who}) completes access 0x{int(self.desired):X}"
        if self.decision is Decision.DENIED_BY_ACE and self.ace is not None:
            who = name_of(self.ace.sid, resolve_name)
            return (
                f"{self.path}: {where} denies {who} access 0x{int(self.ace.mask & self.desired):X}"
                " and the token holds that SID"
            )
        return (
            f"{self.path}: no ACE grants the token access 0x{int(self.missing):X}"
            f" (of 0x{int(self.desired):X} asked)"
        )


class FileSystem:
    """Folders and files on lettered drives, each with an owner and a DACL.

    Every change bumps :attr:`version`; the access-check cache is dropped when it moves, so a
    repeated check (one per request) costs a dictionary lookup until something changes.
    """

    def __init__(self) -> None:
        self._roots: dict[str, _Node] = {}
        self._version = 0
        self._cache: dict[tuple[str, frozenset[Sid], int], AccessResult] = {}
        self._cache_version = 0

    @property
    def version(self) -> int:
        return self._version

    # -- lookups ----------------------------------------------------------------------------
    def _find(self, path: str) -> _Node | None:
        drive, parts = split_path(path)
        node = self._roots.get(drive)
        for part in parts:
            if node is None or not node.is_folder:
                return None
            node = node.children.get(part.lower())
        return node

    def _get(self, path: str) -> _Node:
        node = self._find(path)
        if node is None:
            raise ModelError(f"{path} does not exist", subject=path)
        return node

    def exists(self, path: str) -> bool:
        return self._find(path) is not None

    def is_folder(self, path: str) -> bool:
        node = self._find(path)
        return node is not None and node.is_folder

    def entry(self, path: str) -> Entry:
        node = self._get(path)
        return Entry(node.path, node.kind, node.owner, node.dacl, node.protected)

    def dacl(self, path: str) -> Acl:
        return self._get(path).dacl

    def children(self, path: str) -> list[str]:
        """Paths directly inside a folder, in NTFS's (case-insensitive name) order."""
        node = self._get(path)
        return [node.children[key].path for key in sorted(node.children)]

    def walk(self, path: str) -> Iterator[str]:
        """``path`` and everything beneath it, each folder before its contents."""
        stack = [self._get(path)]
        while stack:
            node = stack.pop()
            yield node.path
            stack.extend(node.children[key] for key in sorted(node.children, reverse=True))

    # -- creation and deletion --------------------------------------------------------------
    def create_folder(
        self,
        path: str,
        *,
        owner: Sid | None = None,
        aces: Iterable[Ace] = (),
        protected: bool = False,
    ) -> Entry:
        """A new folder (a drive root when ``path`` is ``X:\\``); its parent must exist."""
        return self._create(path, EntryKind.FOLDER, owner, aces, protected)

    def create_file(
        self,
        path: str,
        *,
        owner: Sid | None = None,
        aces: Iterable[Ace] = (),
        protected: bool = False,
    ) -> Entry:
        return self._create(path, EntryKind.FILE, owner, aces, protected)

    def _create(
        self,
        path: str,
        kind: EntryKind,
        owner: Sid | None,
        aces: Iterable[Ace],
        protected: bool,
    ) -> Entry:
        drive, parts = split_path(path)
        explicit = _explicit_only(aces, kind, path)
        # Objects an administrator creates on a server are owned by the Administrators group.
        owner = owner if owner is not None else wk.ADMINISTRATORS
        if not parts:
            if kind is EntryKind.FILE:
                raise ModelError(f"{path} is a drive root, not a file name", subject=path)
            if drive in self._roots:
                raise ModelError(f"{drive}:\\ already exists", subject=path)
            root = _Node(f"{drive}:\\", kind, owner, Acl.canonical(explicit), True, None)
            self._roots[drive] = root
            self._changed()
            return self.entry(root.path)
        parent = self._find(join_path(drive, parts[:-1]))
        if parent is None or not parent.is_folder:
            raise ModelError(f"the folder that would hold {path} does not exist", subject=path)
        key = parts[-1].lower()
        if key in parent.children:
            raise ModelError(f"{parent.children[key].path} already exists", subject=path)
        node = _Node(join_path(drive, parts), kind, owner, Acl(), protected, parent)
        node.dacl = self._compose(node, explicit)
        parent.children[key] = node
        self._changed()
        return self.entry(node.path)

    def delete(self, path: str, *, recursive: bool = False) -> None:
        node = self._get(path)
        if node.children and not recursive:
            raise ModelError(f"{node.path} is not empty", subject=path)
        if node.parent is None:
            del self._roots[node.path[0]]
        else:
            del node.parent.children[node.path.rsplit("\\", 1)[1].lower()]
        self._changed()

    # -- changes ----------------------------------------------------------------------------
    def set_dacl(
        self,
        path: str,
        aces: Iterable[Ace],
        *,
        protected: bool | None = None,
        canonicalize: bool = True,
    ) -> None:
        """Replace the explicit ACEs (inherited ones come from the parent) and propagate.

        ``canonicalize=False`` keeps the given order, for faults such as a deny placed after an
        allow by a tool that writes raw ACLs.
        """
        node = self._get(path)
        explicit = _explicit_only(aces, node.kind, path)
        if protected is not None:
            node.protected = protected or node.parent is None
        node.dacl = self._compose(node, explicit, canonicalize=canonicalize)
        self._propagate(node)
        self._changed()

    def set_protected(self, path: str, protected: bool, *, copy_inherited: bool = True) -> None:
        """Disable (``protected=True``) or re-enable inheritance from the parent.

        Disabling keeps the inherited ACEs as explicit copies when ``copy_inherited`` (icacls
        /inheritance:d) or drops them (/inheritance:r).
        """
        node = self._get(path)
        explicit = list(node.dacl.explicit)
        if protected and copy_inherited:
            explicit += [a.evolve(inherited=False) for a in node.dacl.inherited]
        node.protected = protected or node.parent is None
        node.dacl = self._compose(node, explicit)
        self._propagate(node)
        self._changed()

    def reset(self, path: str) -> None:
        """icacls /reset: drop the explicit ACEs and inherit everything from the parent."""
        node = self._get(path)
        if node.parent is None:
            raise ModelError(
                f"{node.path} is a drive root: it has nothing to inherit", subject=path
            )
        node.protected = False
        node.dacl = self._compose(node, ())
        self._propagate(node)
        self._changed()

    def set_owner(self, path: str, owner: Sid) -> None:
        """Change the owner, and the ACEs it holds in place of CREATOR OWNER."""
        node = self._get(path)
        node.owner = owner
        node.dacl = self._compose(node, node.dacl.explicit, canonicalize=False)
        self._propagate(node)
        self._changed()

    def _compose(self, node: _Node, explicit: Iterable[Ace], *, canonicalize: bool = True) -> Acl:
        inherited: list[Ace] = []
        if node.parent is not None and not node.protected:
            inherited = inherited_aces(node.parent.dacl, folder=node.is_folder, owner=node.owner)
        if canonicalize:
            return Acl.canonical(explicit, inherited)
        return Acl((*explicit, *inherited))

    def _propagate(self, node: _Node) -> None:
        # Windows rewrites every descendant's inherited part when a folder's DACL changes
        # (SetNamedSecurityInfo's propagation); explicit ACEs and their order stay as they are.
        stack = list(node.children.values())
        while stack:
            child = stack.pop()
            child.dacl = self._compose(child, child.dacl.explicit, canonicalize=False)
            stack.extend(child.children.values())

    def _changed(self) -> None:
        self._version += 1

    # -- the access check -------------------------------------------------------------------
    def access_check(self, path: str, token_sids: frozenset[Sid], desired: int) -> AccessResult:
        """Whether a token holding ``token_sids`` gets ``desired`` on ``path``, and why.

        AccessCheck's DACL walk: inherit-only ACEs are skipped; a deny ACE for a token SID
        refuses when it names any desired bit not yet granted; allow ACEs add their bits until
        every desired bit is granted. Generic bits (asked or in ACEs) are mapped to file rights
        first. The owner holds READ_CONTROL and WRITE_DAC without an ACE unless the DACL has an
        OWNER RIGHTS entry. Traverse checks on parent folders are not made: every account holds
        SeChangeNotifyPrivilege (bypass traverse checking) by default.
        """
        if self._cache_version != self._version:
            self._cache.clear()
            self._cache_version = self._version
        key = (_cache_key(path), token_sids, int(desired))
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        result = self._check(self._get(path), token_sids, map_generic(desired))
        self._cache[key] = result
        return result

    def _check(self, node: _Node, sids: frozenset[Sid], desired: AccessMask) -> AccessResult:
        if desired & (AccessMask.MAXIMUM_ALLOWED | AccessMask.ACCESS_SYSTEM_SECURITY):
            raise ModelError("MAXIMUM_ALLOWED and ACCESS_SYSTEM_SECURITY are not modelled")
        granted = 0
        if node.owner in sids and not any(a.sid == OWNER_RIGHTS for a in node.dacl):
            granted = desired & (AccessMask.READ_CONTROL | AccessMask.WRITE_DAC)
        if not desired & ~granted:
            return AccessResult(node.path, desired, Decision.GRANTED, AccessMask(granted))
        for index, ace in enumerate(node.dacl):
            if ace.inherit_only or ace.sid not in sids:
                continue
            rights = map_generic(ace.mask)
            if ace.is_deny:
                if rights & desired & ~granted:
                    return AccessResult(
                        node.path, desired, Decision.DENIED_BY_ACE, AccessMask(granted), ace, index
                    )
                continue
            if rights & desired & ~granted:
                granted |= rights & desired
                if not desired & ~granted:
                    return AccessResult(
                        node.path, desired, Decision.GRANTED, AccessMask(granted), ace, index
                    )
        return AccessResult(node.path, desired, Decision.NOT_GRANTED, AccessMask(granted))

    # -- platform defaults ------------------------------------------------------------------
    @classmethod
    def default_iis(
        cls,
        os_family: str,
        *,
        anonymous: Sid | None = None,
        worker_group: Sid | None = None,
        aspnet: Sid | None = None,
    ) -> FileSystem:
        """C:\\, the Inetpub folder, wwwroot and its start page as a fresh IIS install has them.

        ``os_family`` names the platform: "Windows Server 2003" (IIS 6) or a later server
        ("Windows Server 2016"/"2019"/"2022", IIS 10; 2008 and 2012 get the same IIS 7+
        defaults); the IIS version ("6.0", "10.0") or a short form ("2003", "iis6") works too.

        IIS 6 (Windows Server 2003) - KB 812614 lists, for Inetpub\\wwwroot, Administrators and
        System Full control, IIS_WPG and IUSR_<machine> Read & execute, ASPNET Read & execute
        (only where ASP.NET runs in IIS 5 isolation). Those two accounts are local to the machine,
        so ``anonymous`` (IUSR_<machine>) and ``worker_group`` (IIS_WPG) are required and
        ``aspnet`` is added when given. Not confirmed, and chosen here: that setup protects
        wwwroot (the KB's list is the whole DACL: nothing from C:\\, so no Users), that each entry
        is (OI)(CI), that Inetpub inherits C:\\'s DACL unchanged, and C:\\'s DACL itself (the
        Windows 2003 root as formatting tools reproduce it: Administrators and SYSTEM (OI)(CI)F,
        CREATOR OWNER (OI)(CI)(IO)F, Users (OI)(CI)RX, Users (CI)AD and (CI)(IO)WD, Everyone RX on
        the root only). The start pages are iisstart.htm and Default.htm; everything is owned by
        Administrators.

        IIS 10 (Windows Server 2016+) - KB 981949: \\inetpub has CREATOR OWNER (subfolders and
        files only), SYSTEM, Administrators and TrustedInstaller Full control, Users Read &
        execute, none inherited; wwwroot adds IIS_IUSRS Read & execute and inherits the rest. The
        exact entries follow a real ``icacls C:\\inetpub\\wwwroot`` (serverfault 708178): each
        right is an effective ACE plus an (OI)(CI)(IO) generic copy, which is why inetpub's own
        DACL is written as such pairs here (inferred from what wwwroot inherits; not seen
        directly). C:\\ is the Windows Server root (SYSTEM, Administrators (OI)(CI)F, Users
        (OI)(CI)RX, (CI)AD, (CI)(IO)WD, CREATOR OWNER) - not confirmed, and not inherited by
        inetpub anyway. inetpub, wwwroot, iisstart.htm and iisstart.png are owned by
        TrustedInstaller, C:\\ by TrustedInstaller too.

        The built-in IUSR (S-1-5-17) appears in no default ACL: it reads wwwroot through
        BUILTIN\\Users, as every authenticated token is in Users through Authenticated Users.
        """
        generation = _iis_generation(os_family)
        fs = cls()
        if generation == 6:
            if anonymous is None or worker_group is None:
                raise ModelError(
                    "IIS 6's default ACLs name the machine's IUSR_<machine> and IIS_WPG accounts:"
                    " pass their SIDs as anonymous= and worker_group=",
                    subject=os_family,
                )
            _build_iis6(fs, anonymous, worker_group, aspnet)
        else:
            _build_iis10(fs)
        return fs


def _iis_generation(os_family: str) -> int:
    """6 for Windows Server 2003, 7 for 2008 and later (KB 981949 covers IIS 7.0 to 10.0)."""
    text = os_family.strip().lower().replace(" ", "")
    if "2003" in text or text in ("iis6", "iis6.0", "6", "6.0"):
        return 6
    if any(year in text for year in ("2008", "2012", "2016", "2019", "2022", "2025")):
        return 7
    version = text.removeprefix("iis")
    if version in ("7", "7.0", "7.5", "8", "8.0", "8.5", "10", "10.0"):
        return 7
    raise ModelError(
        f"{os_family!r} is not a platform with modelled defaults (Windows Server 2003, 2008+)",
        subject=os_family,
    )


_OICI: Final = InheritFlags.OI | InheritFlags.CI
_OICIIO: Final = InheritFlags.OI | InheritFlags.CI | InheritFlags.IO
_CIIO: Final = InheritFlags.CI | InheritFlags.IO

#: Inherit-only entries real content folders carry (simulator.variety's ``inherit_only``): the
#: CREATOR OWNER full control every new child gets, ``(OI)(CI)(IO)(F)`` as icacls shows it on
#: real wwwroot folders (tests/fixtures/real/SOURCES.policy.md), and a Guests deny that reaches
#: subfolders only (``(CI)(IO)``: not the folder itself, not the files in it).
CREATOR_OWNER_IO: Final = Ace(AceType.ALLOW, wk.CREATOR_OWNER, AccessMask.F, _OICIIO)
GUESTS_SUBFOLDERS_DENY: Final = Ace(AceType.DENY, wk.GUESTS, AccessMask.RX, _CIIO)
# SDGXGWGR and GXGR: the generic forms Windows setup writes in inherit-only ACEs.
_GR_GE: Final = AccessMask.GENERIC_READ | AccessMask.GENERIC_EXECUTE


def _build_iis6(fs: FileSystem, iusr: Sid, wpg: Sid, aspnet: Sid | None) -> None:
    fs.create_folder(
        "C:\\",
        aces=[
            allow(wk.ADMINISTRATORS, AccessMask.F, _OICI),
            allow(wk.LOCAL_SYSTEM, AccessMask.F, _OICI),
            allow(wk.CREATOR_OWNER, AccessMask.GENERIC_ALL, _OICIIO),
            allow(wk.USERS, AccessMask.RX, _OICI),
            allow(wk.USERS, AccessMask.FILE_APPEND_DATA, InheritFlags.CI),
            allow(wk.USERS, AccessMask.FILE_WRITE_DATA, _CIIO),
            allow(wk.EVERYONE, AccessMask.RX),
        ],
    )
    fs.create_folder("C:\\Inetpub")
    content = [
        allow(wk.ADMINISTRATORS, AccessMask.F, _OICI),
        allow(wk.LOCAL_SYSTEM, AccessMask.F, _OICI),
        allow(wpg, AccessMask.RX, _OICI),
        allow(iusr, AccessMask.RX, _OICI),
    ]
    if aspnet is not None:
        content.append(allow(aspnet, AccessMask.RX, _OICI))
    fs.create_folder("C:\\Inetpub\\wwwroot", aces=content, protected=True)
    fs.create_file("C:\\Inetpub\\wwwroot\\iisstart.htm")
    fs.create_file("C:\\Inetpub\\wwwroot\\Default.htm")


def _build_iis10(fs: FileSystem) -> None:
    ti = TRUSTED_INSTALLER
    fs.create_folder(
        "C:\\",
        owner=ti,
        aces=[
            allow(wk.LOCAL_SYSTEM, AccessMask.F, _OICI),
            allow(wk.ADMINISTRATORS, AccessMask.F, _OICI),
            allow(wk.USERS, AccessMask.RX, _OICI),
            allow(wk.USERS, AccessMask.FILE_APPEND_DATA, InheritFlags.CI),
            allow(wk.USERS, AccessMask.FILE_WRITE_DATA, _CIIO),
            allow(wk.CREATOR_OWNER, AccessMask.GENERIC_ALL, _OICIIO),
        ],
    )
    fs.create_folder(
        "C:\\inetpub",
        owner=ti,
        protected=True,
        aces=[
            allow(ti, AccessMask.F),
            allow(ti, AccessMask.GENERIC_ALL, _OICIIO),
            allow(wk.LOCAL_SYSTEM, AccessMask.F),
            allow(wk.LOCAL_SYSTEM, AccessMask.GENERIC_ALL, _OICIIO),
            allow(wk.ADMINISTRATORS, AccessMask.F),
            allow(wk.ADMINISTRATORS, AccessMask.GENERIC_ALL, _OICIIO),
            allow(wk.USERS, AccessMask.RX),
            allow(wk.USERS, _GR_GE, _OICIIO),
            allow(wk.CREATOR_OWNER, AccessMask.GENERIC_ALL, _OICIIO),
        ],
    )
    fs.create_folder(
        "C:\\inetpub\\wwwroot",
        owner=ti,
        aces=[allow(wk.IIS_IUSRS, AccessMask.RX), allow(wk.IIS_IUSRS, _GR_GE, _OICIIO)],
    )
    fs.create_file("C:\\inetpub\\wwwroot\\iisstart.htm", owner=ti)
    fs.create_file("C:\\inetpub\\wwwroot\\iisstart.png", owner=ti)


def _explicit_only(aces: Iterable[Ace], kind: EntryKind, path: str) -> list[Ace]:
    out = list(aces)
    for ace in out:
        if ace.inherited:
            raise ModelError(
                "inherited ACEs come from the parent folder; give only explicit ones", subject=path
            )
        if kind is EntryKind.FILE and ace.flags:
            raise ModelError(
                "inheritance flags (OI, CI, IO, NP) apply only to folders", subject=path
            )
    return out


@functools.lru_cache(maxsize=4096)
def _cache_key(path: str) -> str:
    drive, parts = split_path(path)
    return join_path(drive, parts).lower()
