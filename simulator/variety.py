"""Seeded variety: the shapes real servers show that a fresh simulated host does not.

One knob, ``Variety``, holds a choice per class of real-world variation; ``Variety.seeded(seed)``
picks them deterministically, and the default ``Variety()`` (or no variety at all) changes
nothing, so every existing output stays byte for byte.

Model variants (``HostSpec(variety=...)``, applied by the factory):

- ``account_form``: how the anonymous user is typed into IIS: ``plain`` (the platform's own:
  ``IUSR_WEB01`` on IIS 6 local, ``DOMAIN\\user`` otherwise), ``netbios`` (``DOMAIN\\user`` or
  ``WEB01\\user``), ``dns`` (``dns.domain\\user``), ``upn`` (``user@dns.domain``), ``lower`` or
  ``mixed`` (the computer or domain name in another case: ``web01\\user``, ``Web01\\user``);
- ``regional``: the server's short date and long time patterns (``net user`` prints dates by
  them, host.json records them): ``en-US``, ``en-GB``, ``zh-CN`` (ISO-like ``yyyy/M/d``),
  ``sv-SE`` (dashed ``yyyy-MM-dd``);
- ``inherit_only``: the content folder's DACL gets inherit-only entries (``(IO)``): CREATOR OWNER
  ``(OI)(CI)(IO)(F)`` and a Guests deny ``(CI)(IO)(DENY)(RX)`` that reaches subfolders only;
- ``extra_group``: a domain anonymous account is also in a domain group no right names.

Export variants (read by ``simulator.bundle.write_bundle``):

- ``site_id``: the site's id in the configuration and its log folder (``W3SVC<id>``); on IIS 6 a
  site other than 1 also stands for the Default Web Site deleted and a new site made (IIS 6 gives
  new sites large random ids), with ``site_name`` as its ServerComment. This is the bundle's
  view only: inside the simulator (adsutil, appcmd, the faults) the site stays 1, which the
  fault catalogue's helpers address by that id and by "Default Web Site";
- ``root_case``: how IIS 6 spells the ``/LM/W3SVC/<id>/ROOT`` key (ROOT, root, Root); IIS 7+
  has no such key, and keeps its "Default Web Site" name under another id;
- ``ldif``: ``ldifde`` (the default), ``ldifde-comments`` (leading ``#`` lines, 76-column folds)
  or ``ldapsearch`` (``# extended LDIF`` comments, no changetype, ``ref:`` records, the search
  result trailer); ``unexported_groups`` leaves group records out, so memberOf names groups the
  file does not hold (and, on a domain controller, adds the BUILTIN aliases the account is in:
  ``memberOf: CN=Guests,CN=Builtin,...``);
- ``gli``: False writes Security-log.txt as ``wevtutil gl`` alone, as a collector that can not
  run ``gli`` does;
- ``secedit_duplicate``: the secedit export was hand-edited: a registry value is appended again
  with its key in another case (the later line is the one in effect).
"""

from __future__ import annotations

import random
import weakref
from datetime import datetime
from typing import Final

import attrs

from winfacts.errors import ModelError

ACCOUNT_FORMS: Final = ("plain", "netbios", "dns", "upn", "lower", "mixed")
LOCAL_FORMS: Final = ("plain", "netbios", "lower", "mixed")
ROOT_CASES: Final = ("ROOT", "root", "Root")
LDIF_STYLES: Final = ("ldifde", "ldifde-comments", "ldapsearch")

#: .NET short date, long time and short time patterns of the cultures the simulator knows.
REGIONAL: Final[dict[str, tuple[str, str, str]]] = {
    "en-US": ("M/d/yyyy", "h:mm:ss tt", "h:mm tt"),
    "en-GB": ("dd/MM/yyyy", "HH:mm:ss", "HH:mm"),
    "zh-CN": ("yyyy/M/d", "H:mm:ss", "H:mm"),
    "sv-SE": ("yyyy-MM-dd", "HH:mm:ss", "HH:mm"),
}

_SITE_NAMES: Final = ("SHOP", "Intranet", "Portal", "WebApp", "Extranet", "Public")


def _check(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ModelError(f"{what} must be one of {', '.join(allowed)}, not {value!r}")


@attrs.frozen
class Variety:
    """What differs from a fresh simulated host; the defaults differ in nothing."""

    account_form: str = "plain"
    regional: str = "en-US"
    inherit_only: bool = False
    extra_group: bool = False
    site_id: int = 1
    site_name: str | None = None
    root_case: str = "ROOT"
    ldif: str = "ldifde"
    unexported_groups: bool = False
    gli: bool = True
    secedit_duplicate: bool = False

    def __attrs_post_init__(self) -> None:
        _check(self.account_form, ACCOUNT_FORMS, "account_form")
        _check(self.regional, tuple(REGIONAL), "regional")
        _check(self.root_case, ROOT_CASES, "root_case")
        _check(self.ldif, LDIF_STYLES, "ldif")
        if not 1 <= self.site_id <= 0xFFFFFFFF:
            raise ModelError(f"a site id is a number from 1 to 4294967295, not {self.site_id}")

    @classmethod
    def seeded(cls, seed: int | str, *, legacy: bool = True, domain: bool = True) -> Variety:
        """A choice per class, the same for the same seed. ``legacy`` (IIS 6) draws the large
        random site ids IIS 6 gives new sites; ``domain`` allows the domain spellings."""
        rng = random.Random(f"variety-{seed}")
        forms = ACCOUNT_FORMS if domain else LOCAL_FORMS
        if legacy:
            site_id = rng.choice((1, rng.randrange(10**8, 2**31)))
        else:
            site_id = rng.choice((1, rng.randrange(2, 40)))
        return cls(
            account_form=rng.choice(forms),
            regional=rng.choice(tuple(REGIONAL)),
            inherit_only=rng.random() < 0.5,
            extra_group=domain and rng.random() < 0.5,
            site_id=site_id,
            site_name=rng.choice(_SITE_NAMES) if site_id != 1 and legacy else None,
            root_case=rng.choice(ROOT_CASES) if legacy else "ROOT",
            ldif=rng.choice(LDIF_STYLES),
            unexported_groups=rng.random() < 0.5,
            gli=rng.random() < 0.5,
            secedit_duplicate=rng.random() < 0.5,
        )

    @property
    def is_plain(self) -> bool:
        return self == Variety()

    def to_json(self) -> dict[str, object]:
        """What differs from the default, for a corpus index."""
        plain = Variety()
        return {
            field.name: getattr(self, field.name)
            for field in attrs.fields(Variety)
            if getattr(self, field.name) != getattr(plain, field.name)
        }

    @property
    def date_format(self) -> str:
        return REGIONAL[self.regional][0]

    @property
    def time_format(self) -> str:
        return REGIONAL[self.regional][1]

    @property
    def short_time_format(self) -> str:
        return REGIONAL[self.regional][2]


_HOSTS: weakref.WeakKeyDictionary[object, Variety] = weakref.WeakKeyDictionary()


def attach(host: object, variety: Variety) -> None:
    """Record a host's variety (the factory does, for a spec that has one)."""
    _HOSTS[host] = variety


def variety_of(host: object) -> Variety:
    """The variety a host was built with; the default for any other host."""
    return _HOSTS.get(host, _PLAIN)


def format_pattern(moment: datetime, pattern: str) -> str:
    """``moment`` written by a .NET date/time pattern (the tokens short dates and times use:
    d, dd, M, MM, yy, yyyy, h, hh, H, HH, mm, ss, tt; anything else is copied)."""
    tokens = {
        "yyyy": f"{moment.year:04d}",
        "yy": f"{moment.year % 100:02d}",
        "MM": f"{moment.month:02d}",
        "M": str(moment.month),
        "dd": f"{moment.day:02d}",
        "d": str(moment.day),
        "HH": f"{moment.hour:02d}",
        "H": str(moment.hour),
        "hh": f"{moment.hour % 12 or 12:02d}",
        "h": str(moment.hour % 12 or 12),
        "mm": f"{moment.minute:02d}",
        "ss": f"{moment.second:02d}",
        "tt": "AM" if moment.hour < 12 else "PM",
    }
    out: list[str] = []
    index = 0
    while index < len(pattern):
        for token in ("yyyy", "yy", "MM", "M", "dd", "d", "HH", "H", "hh", "h", "mm", "ss", "tt"):
            if pattern.startswith(token, index):
                out.append(tokens[token])
                index += len(token)
                break
        else:
            out.append(pattern[index])
            index += 1
    return "".join(out)


_PLAIN: Final = Variety()

__all__ = ["REGIONAL", "Variety", "attach", "format_pattern", "variety_of"]
