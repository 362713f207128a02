"""Reading a real applicationHost.config (IIS 7 and later) into an immutable tree (iis.md 5).

What is read: ``system.applicationHost/applicationPools`` (each ``<add>`` with its
``<processModel>``, and ``<applicationPoolDefaults>`` for what a pool leaves out), ``sites``
(sites, applications, virtual directories, bindings, ``<applicationDefaults applicationPool>``),
``system.webServer/defaultDocument`` at the server level, and the anonymous, basic and windows
authentication sections at the server level and in every ``<location path="Site/app">``.
Collections honour ``<clear/>`` and ``<remove>``; every other section, element and attribute is
ignored, and so are comments.

What is kept for evidence: the line of every section element, site and pool, and what each
authentication element sets as written (`SectionRecord`).

Passwords (anonymousAuthentication, processModel and virtualDirectory ``password``) are encrypted
with keys held by the server that wrote the file (``[enc:IISCngProvider:...:enc]`` and the like).
This reader never tries to decode one: it records that a password is set, in which state (see
`checks.readers.opaque.SecureState`) and with which provider, and the model gets
`OPAQUE_SECRET` (the empty Secret for ``password=""``). A diagnosis can never compare passwords
from this file (windows-logon.md 7); a clear-text password found in the file is withheld too.

``<location>`` blocks for a site the file does not define (left behind when a site was deleted)
are ignored with a note, as IIS ignores them. Anything IIS itself would refuse - a duplicate
section for one path, a pool or site defined twice, an application naming a pool that does not
exist, ``enabled="maybe"`` - is a `BundleError` naming the file and the line.
"""

from __future__ import annotations

import re
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import attrs
from lxml import etree

from winfacts.apphost import (
    ANONYMOUS,
    BASIC,
    CLIENT_CERTIFICATE,
    DIGEST,
    IIS_CLIENT_CERTIFICATE,
    SERVER_LEVEL,
    WINDOWS,
    AppHostTree,
    Application,
    AppPool,
    Binding,
    IdentityType,
    Site,
    VirtualDirectory,
    coerce_attributes,
    normal_url_path,
)
from winfacts.errors import ModelError
from winfacts.secret import Secret

from ..errors import BundleError, quote, quote_name, scrub
from . import xmlsafe
from .opaque import SecureState
from .text import read_bytes

#: Larger than the applicationHost.config of a server with thousands of sites.
MAX_APPHOST_BYTES: Final = 64 * 1024 * 1024

#: The computer name the model is built with when the caller does not know the real one
#: (applicationHost.config does not name its server; host.json does).
UNKNOWN_COMPUTER: Final = "UNKNOWN"

_SECTIONS: Final[Mapping[str, str]] = {
    "anonymousAuthentication": ANONYMOUS,
    "basicAuthentication": BASIC,
    "windowsAuthentication": WINDOWS,
    "digestAuthentication": DIGEST,
    "clientCertificateMappingAuthentication": CLIENT_CERTIFICATE,
    "iisClientCertificateMappingAuthentication": IIS_CLIENT_CERTIFICATE,
}
_SECTION_ATTRIBUTES: Final[Mapping[str, tuple[str, ...]]] = {
    ANONYMOUS: ("enabled", "userName", "password", "logonMethod", "defaultLogonDomain"),
    BASIC: ("enabled",),
    WINDOWS: ("enabled",),
    DIGEST: ("enabled",),
    CLIENT_CERTIFICATE: ("enabled",),
    IIS_CLIENT_CERTIFICATE: ("enabled",),
}
_ENCRYPTED: Final = re.compile(r"\[enc:([^:\]]*):.*:enc\]", re.DOTALL)


def _frozen_text(values: Mapping[str, str]) -> Mapping[str, str]:
    return types.MappingProxyType(dict(values))


def _frozen_lines(values: Mapping[str, int]) -> Mapping[str, int]:
    return types.MappingProxyType(dict(values))


@attrs.frozen
class PasswordRecord:
    """A password attribute as the file holds it. ``scope`` is the configuration path of an
    authentication section ("MACHINE/WEBROOT/APPHOST/Default Web Site/app"),
    "applicationPools/<pool>" or "sites/<site><app path>:<vdir path>"."""

    scope: str
    element: str  # "anonymousAuthentication", "processModel", "virtualDirectory"
    state: SecureState
    provider: str | None  # the [enc:<provider>:...] name, None when not encrypted
    line: int


@attrs.frozen
class SectionRecord:
    """One authentication element: its level ("" for the server), line and what it sets as
    written (a password as its state, never its text)."""

    section: str  # the full section name, simulator.apphost.ANONYMOUS etc.
    location: str  # "" for the server level, else the location path as written
    line: int
    written: Mapping[str, str] = attrs.field(converter=_frozen_text)

    @property
    def origin(self) -> str:
        """The configuration path IIS names this level by (what AppHostConfig reports)."""
        return f"{SERVER_LEVEL}/{self.location}" if self.location else SERVER_LEVEL


@attrs.frozen(eq=False)
class AppHostDocument:
    """An applicationHost.config as read: the model, and where each value came from.

    ``config`` is built for this document; treat it as read-only. Its passwords are
    `OPAQUE_SECRET` (or the empty Secret): see the module doc.
    """

    path: Path
    config: AppHostTree
    sections: tuple[SectionRecord, ...]
    passwords: tuple[PasswordRecord, ...]
    site_lines: Mapping[str, int] = attrs.field(converter=_frozen_lines)  # name.lower() -> line
    pool_lines: Mapping[str, int] = attrs.field(converter=_frozen_lines)  # name.lower() -> line
    notes: tuple[str, ...] = ()
    _by_level: dict[tuple[str, str], SectionRecord] = attrs.field(
        init=False, factory=dict, repr=False
    )
    _anonymous_passwords: dict[str, PasswordRecord] = attrs.field(
        init=False, factory=dict, repr=False
    )

    def __attrs_post_init__(self) -> None:
        for record in self.sections:
            self._by_level[(record.section, _level_key(record.location))] = record
        for password in self.passwords:
            if password.element == "anonymousAuthentication":
                self._anonymous_passwords.setdefault(_level_key(password.scope), password)

    def section_record(self, section: str, location: str | None) -> SectionRecord | None:
        """The element for a section at a level: ``location`` None or "" for the server, else
        "Site/app" or the origin AppHostConfig reports ("MACHINE/WEBROOT/APPHOST/Site/app")."""
        return self._by_level.get((_full_section(section), _level_key(location)))

    def line_of(self, section: str, location: str | None) -> int | None:
        record = self.section_record(section, location)
        return None if record is None else record.line

    def anonymous_password(self, location: str | None) -> PasswordRecord | None:
        """The anonymousAuthentication password set at exactly this level, if any."""
        return self._anonymous_passwords.get(_level_key(location))

    def pool_password(self, pool: str) -> PasswordRecord | None:
        scope = f"applicationPools/{pool}".lower()
        return next((p for p in self.passwords if p.scope.lower() == scope), None)

    def evidence(self, section: str, location: str | None, attribute: str) -> str:
        """'applicationHost.config line 210: anonymousAuthentication userName="X" at
        MACHINE/WEBROOT/APPHOST/Default Web Site/app'."""
        record = self.section_record(section, location)
        element = _full_section(section).rsplit("/", 1)[-1]
        if record is None or attribute not in record.written:
            where = f"{SERVER_LEVEL}/{location}" if location else SERVER_LEVEL
            if location and location.startswith(SERVER_LEVEL):
                where = location
            return f"{self.path.name}: {element} does not set {attribute} at {where}"
        head = f"{self.path.name} line {record.line}: {element}"
        if attribute == "password":
            return f"{head} password is {record.written[attribute]} at {record.origin}"
        return f'{head} {attribute}="{record.written[attribute]}" at {record.origin}'


def read_applicationhost_config(
    path: Path,
    *,
    computer_name: str | None = None,
    system_drive: str = "C:",
    limit: int = MAX_APPHOST_BYTES,
) -> AppHostDocument:
    """Parse an applicationHost.config safely (no DTD, no entities, no network, a size limit).

    ``computer_name`` (from host.json) names the model's server; ``system_drive`` is what
    %SystemDrive% expands to in physical paths.
    """
    data = read_bytes(path, limit)
    root = xmlsafe.parse_bytes(data, path)
    # host.json may name the server by its DNS name; the NetBIOS name is its first label.
    name = (computer_name or "").split(".", 1)[0] or UNKNOWN_COMPUTER
    try:
        return _Reader(path, root, name, system_drive).read()
    except ModelError as exc:  # a safety net: every model call below maps its own errors
        raise BundleError(path, scrub(str(exc), names=[exc.subject])) from exc


# -- what the file says, before the model is built ---------------------------------------------


@attrs.define
class _Password:
    state: SecureState
    provider: str | None
    line: int

    def secret(self) -> Secret:
        return self.state.as_secret()


@attrs.define
class _ProcessModel:
    identity: str | None = None
    user: str | None = None
    password: _Password | None = None


@attrs.define
class _Pool:
    name: str
    line: int
    runtime: str | None = None
    model: _ProcessModel = attrs.field(factory=_ProcessModel)


@attrs.define
class _VDir:
    path: str
    physical: str
    line: int


@attrs.define
class _App:
    path: str
    pool: str | None
    line: int
    vdirs: list[_VDir] = attrs.field(factory=list)


@attrs.define
class _Site:
    name: str
    id: int
    line: int
    apps: list[_App] = attrs.field(factory=list)
    bindings: list[Binding] = attrs.field(factory=list)


@attrs.define
class _Section:
    section: str
    location: str | None  # None: the server level
    line: int
    values: dict[str, object]
    written: dict[str, str]


class _Reader:
    def __init__(
        self, path: Path, root: etree._Element, computer_name: str, system_drive: str
    ) -> None:
        self.path = path
        self.root = root
        self.computer_name = computer_name
        self.system_drive = system_drive
        self.notes: list[str] = []
        self.pools: dict[str, _Pool] = {}
        self.pool_defaults = _Pool("(applicationPoolDefaults)", 0)
        self.sites: dict[str, _Site] = {}
        self.default_app_pool: str | None = None
        self.sections: list[_Section] = []
        self.passwords: list[PasswordRecord] = []
        self.default_documents: tuple[str, ...] | None = None

    def fail(self, message: str, line: int | None) -> BundleError:
        return BundleError(self.path, message, line)

    def read(self) -> AppHostDocument:
        self._check_root()
        for child in _elements(self.root):
            name = _local(child)
            if name == "system.applicationHost":
                self._application_host(child)
            elif name == "system.webServer":
                self._web_server(child, None)
            elif name == "location":
                self._location(child)
        pools = self._build_pools()
        sites = self._build_sites()
        records, sections = self._check_sections()
        try:
            config = AppHostTree(
                self.computer_name,
                pools=pools,
                sites=sites,
                sections=sections,
                system_drive=self.system_drive,
                **(
                    {"default_documents": self.default_documents}
                    if self.default_documents is not None
                    else {}
                ),
            )
        except ModelError as exc:
            # The tree quotes pools, sites and locations (names) and a section's values.
            values = [v for found in self.sections for v in found.values.values()]
            message = scrub(str(exc), [v for v in values if isinstance(v, str)], [exc.subject])
            raise self.fail(message, self._line_of_subject(exc.subject)) from exc
        return AppHostDocument(
            path=self.path,
            config=config,
            sections=tuple(records),
            passwords=tuple(self.passwords),
            site_lines={key: site.line for key, site in self.sites.items()},
            pool_lines={key: pool.line for key, pool in self.pools.items()},
            notes=tuple(self.notes),
        )

    def _check_root(self) -> None:
        name = etree.QName(self.root)
        line = xmlsafe.line_of(self.root)
        if name.namespace and name.namespace.startswith("urn:microsoft-catalog:XML_Metabase"):
            raise self.fail("is an IIS 6 MetaBase.xml, not an applicationHost.config", line)
        if name.localname != "configuration" or name.namespace:
            raise self.fail(
                f"has root element <{quote_name(name.text, bare=True)}>, not the <configuration> "
                "of an "
                "applicationHost.config",
                line,
            )

    # -- system.applicationHost ----------------------------------------------------------------
    def _application_host(self, element: etree._Element) -> None:
        for child in _elements(element):
            name = _local(child)
            if name == "applicationPools":
                self._application_pools(child)
            elif name == "sites":
                self._sites(child)

    def _application_pools(self, element: etree._Element) -> None:
        for child in _elements(element):
            name = _local(child)
            line = _line(child)
            if name == "add":
                pool_name = self._required(child, "name")
                if pool_name.lower() in self.pools:
                    first = self.pools[pool_name.lower()].line
                    raise self.fail(
                        f"application pool {quote_name(pool_name)} is added twice (first at line "
                        f"{first}); "
                        "IIS refuses a duplicate collection entry",
                        line,
                    )
                pool = _Pool(pool_name, line, child.get("managedRuntimeVersion"))
                self._process_model(child, pool, f"applicationPools/{pool_name}")
                self.pools[pool_name.lower()] = pool
            elif name == "remove":
                self.pools.pop((child.get("name") or "").strip().lower(), None)
            elif name == "clear":
                self.pools.clear()
            elif name == "applicationPoolDefaults":
                self.pool_defaults.runtime = child.get("managedRuntimeVersion")
                self.pool_defaults.line = line
                self._process_model(child, self.pool_defaults, "applicationPools/(defaults)")

    def _process_model(self, element: etree._Element, pool: _Pool, scope: str) -> None:
        for child in _elements(element):
            if _local(child) != "processModel":
                continue
            pool.model.identity = child.get("identityType", pool.model.identity)
            pool.model.user = child.get("userName", pool.model.user)
            text = child.get("password")
            if text is not None:
                pool.model.password = self._password(text, _line(child), scope, "processModel")

    def _sites(self, element: etree._Element) -> None:
        for child in _elements(element):
            name = _local(child)
            line = _line(child)
            if name == "site":
                site = self._site(child)
                if site.name.lower() in self.sites:
                    first = self.sites[site.name.lower()].line
                    raise self.fail(
                        f"site {quote_name(site.name)} is defined twice (first at line {first})",
                        line,
                    )
                self.sites[site.name.lower()] = site
            elif name == "applicationDefaults":
                self.default_app_pool = child.get("applicationPool", self.default_app_pool)
            elif name == "remove":
                self.sites.pop((child.get("name") or "").strip().lower(), None)
            elif name == "clear":
                self.sites.clear()

    def _site(self, element: etree._Element) -> _Site:
        line = _line(element)
        name = self._required(element, "name")
        ident = (element.get("id") or "").strip()
        if not ident.isdecimal() or len(ident) > 10:
            raise self.fail(f"site {quote_name(name)} has no numeric id (id={quote(ident)})", line)
        site = _Site(name, int(ident), line)
        for child in _elements(element):
            kind = _local(child)
            if kind == "application":
                site.apps.append(self._application(child, site))
            elif kind == "bindings":
                for entry in _elements(child):
                    if _local(entry) == "binding":
                        protocol = self._required(entry, "protocol")
                        info = entry.get("bindingInformation", "")
                        site.bindings.append(Binding(protocol, info))
                    elif _local(entry) == "clear":
                        site.bindings.clear()
                    elif _local(entry) == "remove":
                        gone = entry.get("bindingInformation")
                        site.bindings = [b for b in site.bindings if b.binding_information != gone]
        return site

    def _application(self, element: etree._Element, site: _Site) -> _App:
        app = _App(self._required(element, "path"), element.get("applicationPool"), _line(element))
        for child in _elements(element):
            kind = _local(child)
            if kind == "virtualDirectory":
                vdir = _VDir(
                    self._required(child, "path"),
                    self._required(child, "physicalPath"),
                    _line(child),
                )
                app.vdirs = [v for v in app.vdirs if v.path.lower() != vdir.path.lower()]
                app.vdirs.append(vdir)
                text = child.get("password")
                if text is not None:
                    scope = f"sites/{site.name}{app.path}:{vdir.path}"
                    self._password(text, vdir.line, scope, "virtualDirectory")
            elif kind == "clear":
                app.vdirs.clear()
            elif kind == "remove":
                gone = (child.get("path") or "").lower()
                app.vdirs = [v for v in app.vdirs if v.path.lower() != gone]
        return app

    # -- system.webServer ----------------------------------------------------------------------
    def _location(self, element: etree._Element) -> None:
        path = (element.get("path") or "").strip().strip("/")
        if element.get("inheritInChildApplications", "").strip().lower() == "false":
            self.notes.append(
                f"line {_line(element)}: location {quote_name(path)} sets "
                "inheritInChildApplications=false, which this reader does not model (its values "
                "are read as inherited)"
            )
        for child in _elements(element):
            if _local(child) == "system.webServer":
                self._web_server(child, path if path not in ("", ".") else None)

    def _web_server(self, element: etree._Element, location: str | None) -> None:
        for child in _elements(element):
            name = _local(child)
            if name == "security":
                for group in _elements(child):
                    if _local(group) == "authentication":
                        for section in _elements(group):
                            if _local(section) in _SECTIONS:
                                self._section(section, location)
            elif name == "defaultDocument" and location is None:
                self._default_document(child)

    def _default_document(self, element: etree._Element) -> None:
        for child in _elements(element):
            if _local(child) != "files":
                continue
            docs = list(self.default_documents or ())
            for entry in _elements(child):
                kind = _local(entry)
                value = (entry.get("value") or "").strip()
                if kind == "add" and value and value.lower() not in (d.lower() for d in docs):
                    docs.append(value)
                elif kind == "remove":
                    docs = [d for d in docs if d.lower() != value.lower()]
                elif kind == "clear":
                    docs = []
            self.default_documents = tuple(docs)

    def _section(self, element: etree._Element, location: str | None) -> None:
        section = _SECTIONS[_local(element)]
        line = _line(element)
        known = _SECTION_ATTRIBUTES[section]
        values: dict[str, object] = {}
        written: dict[str, str] = {}
        for raw_name, raw_value in element.attrib.items():
            name, text = str(raw_name), str(raw_value)
            if name not in known:
                near = next((k for k in known if k.lower() == name.lower()), None)
                if near is not None:
                    self.notes.append(
                        f"line {line}: attribute {quote_name(name)} is not {near!r} (configuration "
                        "attribute names are case-sensitive); IIS does not read it"
                    )
                continue
            if name == "enabled":
                values[name] = self._boolean(text, line)
                written[name] = text
            elif name == "password":
                scope = f"{SERVER_LEVEL}/{location}" if location else SERVER_LEVEL
                password = self._password(text, line, scope, "anonymousAuthentication")
                values[name] = password.secret()
                written[name] = password.state.value
            elif name == "logonMethod" and text.strip().isdecimal():
                # The schema's enum numbers (0-3) are accepted where names usually stand.
                values[name] = int(text.strip()[:3])
                written[name] = text
            else:
                values[name] = text
                written[name] = text
        self.sections.append(_Section(section, location, line, values, written))

    # -- building the model ----------------------------------------------------------------------
    def _build_pools(self) -> list[AppPool]:
        defaults = self.pool_defaults
        built: list[AppPool] = []
        for pool in self.pools.values():
            identity = pool.model.identity or defaults.model.identity or "ApplicationPoolIdentity"
            password = pool.model.password or defaults.model.password
            runtime = pool.runtime if pool.runtime is not None else defaults.runtime
            user = pool.model.user if pool.model.user is not None else defaults.model.user
            try:
                built.append(
                    AppPool(
                        pool.name,
                        IdentityType.parse(identity),
                        user,
                        password.secret() if password is not None else None,
                        runtime if runtime is not None else "v4.0",
                    )
                )
            except ModelError as exc:
                message = scrub(str(exc), [identity], [pool.name, exc.subject])
                raise self.fail(
                    f"application pool {quote_name(pool.name)}: {message}", pool.line
                ) from exc
        return built

    def _build_sites(self) -> list[Site]:
        fallback_pool = self.default_app_pool or "DefaultAppPool"
        built: list[Site] = []
        for site in self.sites.values():
            root = next((app for app in site.apps if app.path.strip() == "/"), None)
            if root is None:
                raise self.fail(
                    f'site {quote_name(site.name)} has no root application path="/"', site.line
                )
            apps = [root, *[a for a in site.apps if a is not root]]
            applications = [
                self._build_application(site, app, app.pool or fallback_pool) for app in apps
            ]
            seen: dict[str, int] = {}
            for app, built_app in zip(apps, applications, strict=True):
                if built_app.path.lower() in seen:
                    raise self.fail(
                        f"site {quote_name(site.name)} defines application "
                        f"{quote_name(built_app.path)} twice "
                        f"(first at line {seen[built_app.path.lower()]})",
                        app.line,
                    )
                seen[built_app.path.lower()] = app.line
            try:
                built.append(Site(site.name, site.id, tuple(site.bindings), tuple(applications)))
            except ModelError as exc:
                raise self.fail(scrub(str(exc), names=[site.name]), site.line) from exc
        return built

    def _build_application(self, site: _Site, app: _App, pool: str) -> Application:
        base = next((v for v in app.vdirs if v.path.strip() == "/"), None)
        if base is None:
            raise self.fail(
                f"application {quote_name(app.path)} of site {quote_name(site.name)} has no root "
                "virtual directory "
                'path="/"',
                app.line,
            )
        if pool.lower() not in self.pools:
            raise self.fail(
                f"application {quote_name(app.path)} of site {quote_name(site.name)} runs in "
                f"application pool {quote_name(pool)}, which applicationPools does not define",
                app.line,
            )
        vdirs: list[VirtualDirectory] = []
        seen: set[str] = set()
        for vdir in [base, *[v for v in app.vdirs if v is not base]]:
            try:
                built = VirtualDirectory(normal_url_path(vdir.path), vdir.physical)
            except ModelError as exc:
                paths = [vdir.path, "/" + vdir.path]
                raise self.fail(scrub(str(exc), names=paths), vdir.line) from exc
            if built.path.lower() in seen:
                raise self.fail(
                    f"application {quote_name(app.path)} already has virtual directory "
                    f"{quote_name(built.path)}",
                    vdir.line,
                )
            seen.add(built.path.lower())
            vdirs.append(built)
        try:
            return Application(
                normal_url_path(app.path), self.pools[pool.lower()].name, tuple(vdirs)
            )
        except ModelError as exc:
            raise self.fail(scrub(str(exc), names=[app.path, "/" + app.path]), app.line) from exc

    def _check_sections(
        self,
    ) -> tuple[list[SectionRecord], list[tuple[str, str | None, dict[str, object]]]]:
        seen: dict[tuple[str, str], int] = {}
        records: list[SectionRecord] = []
        sections: list[tuple[str, str | None, dict[str, object]]] = []
        for found in self.sections:
            level = _level_key(found.location)
            first = seen.get((found.section, level))
            element = found.section.rsplit("/", 1)[-1]
            if first is not None:
                level = (
                    quote_name(found.location, bare=True) if found.location else "the server level"
                )
                raise self.fail(
                    f"{element} is defined twice for {level} "
                    f"(first at line {first}); IIS refuses a duplicate section",
                    found.line,
                )
            seen[(found.section, level)] = found.line
            if found.location is not None:
                site_name = found.location.split("/", 1)[0]
                if site_name.lower() not in self.sites:
                    self.notes.append(
                        f"line {found.line}: location {quote_name(found.location)} names no "
                        f"site this file defines; its {element} is ignored, as IIS ignores it"
                    )
                    continue
            if found.values:
                try:
                    sections.append(
                        (
                            found.section,
                            found.location,
                            coerce_attributes(found.section, found.values),
                        )
                    )
                except ModelError as exc:
                    values = [v for v in found.values.values() if isinstance(v, str)]
                    message = scrub(str(exc), values, [found.location])
                    raise self.fail(message, found.line) from exc
            records.append(
                SectionRecord(found.section, found.location or "", found.line, found.written)
            )
        return records, sections

    def _line_of_subject(self, subject: str | None) -> int | None:
        """The line of the pool, site or location a ModelError names."""
        key = (subject or "").lower()
        for table in (self.sites, self.pools):
            if key in table:
                return table[key].line
        for found in self.sections:
            if (found.location or "").lower() == key:
                return found.line
        return None

    # -- values ------------------------------------------------------------------------------------
    def _required(self, element: etree._Element, attribute: str) -> str:
        value = element.get(attribute)
        if value is None or not value.strip():
            raise self.fail(f"<{_local(element)}> has no {attribute}", _line(element))
        return value.strip()

    def _boolean(self, text: str, line: int) -> bool:
        lowered = text.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        raise self.fail(f"enabled={quote(text)} is neither true nor false", line)

    def _password(self, text: str, line: int, scope: str, element: str) -> _Password:
        stripped = text.strip()
        match = _ENCRYPTED.fullmatch(stripped)
        if not stripped:
            state, provider = SecureState.EMPTY, None
        elif match is not None:
            state, provider = SecureState.ENCRYPTED, match.group(1)
        else:
            state, provider = SecureState.CLEARTEXT, None
            self.notes.append(
                f"line {line}: a {element} password is stored unencrypted (value withheld)"
            )
        self.passwords.append(PasswordRecord(scope, element, state, provider, line))
        return _Password(state, provider, line)


# -- helpers ---------------------------------------------------------------------------------------


def _elements(element: etree._Element) -> list[etree._Element]:
    """Child elements only: no comments, processing instructions or entity references."""
    return [child for child in element if isinstance(child.tag, str)]


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _line(element: etree._Element) -> int:
    return xmlsafe.line_of(element) or 1


def _full_section(section: str) -> str:
    name = section.rsplit("/", 1)[-1]
    for element, full in _SECTIONS.items():
        if element.lower() == name.lower() or full.lower() == section.lower():
            return full
    aliases = {"anonymous": ANONYMOUS, "basic": BASIC, "windows": WINDOWS}
    return aliases.get(name.lower(), section)


def _level_key(location: str | None) -> str:
    """One spelling for a level: "" for the server, else "site/app" in lower case."""
    if not location:
        return ""
    text = location.strip()
    if text.upper().startswith(SERVER_LEVEL):
        text = text[len(SERVER_LEVEL) :]
    parts = [part for part in text.split("/") if part and part != "."]
    return "/".join(parts).lower()
