"""IIS 7+ configuration as applicationHost.config holds it: sites, applications, application
pools and the authentication sections, in memory (reference: iis.md 5).

IIS 7 replaced the metabase's key inheritance with `<location path="Site/app">` blocks: a value
set for "Default Web Site/app" applies to every URL under /app, the most specific location that
sets an attribute wins, then the server level, then the schema default. The model stores only what
each level sets, so "where did this value come from" has a true answer for evidence.

Origins are named as IIS names configuration paths ("MACHINE/WEBROOT/APPHOST" for the server
level, "MACHINE/WEBROOT/APPHOST/Default Web Site/app" for a location), which is what appcmd and
the WebAdministration provider show.
"""

from __future__ import annotations

import enum
import re
import types
from collections.abc import Mapping
from typing import Final

import attrs

from winfacts import assumptions
from winfacts import wellknown as wk
from winfacts.errors import ModelError
from winfacts.iis_settings import AnonymousConfig, Identity
from .metabase import check_computer_name
from winfacts.secret import Secret
from winfacts.sid import Sid

SERVER_LEVEL: Final = "MACHINE/WEBROOT/APPHOST"

ANONYMOUS: Final = "system.webServer/security/authentication/anonymousAuthentication"
WINDOWS: Final = "system.webServer/security/authentication/windowsAuthentication"
BASIC: Final = "system.webServer/security/authentication/basicAuthentication"

#: logonMethod names -> the LogonUser logon type IIS asks for.
LOGON_METHOD_TO_LOGON_TYPE: Final[Mapping[str, int]] = types.MappingProxyType(
    {"Interactive": 2, "Batch": 4, "Network": 3, "ClearText": 8}
)
# The schema's enum numbers, which appcmd also accepts in place of the names.
_LOGON_METHOD_NUMBERS: Final = {0: "Interactive", 1: "Batch", 2: "Network", 3: "ClearText"}

#: The name IIS 7+ gives its built-in anonymous identity (S-1-5-17).
BUILTIN_IUSR_NAME: Final = "IUSR"

#: What a clean IIS 10 install lists in system.webServer/defaultDocument (without ASP.NET).
DEFAULT_DOCUMENTS: Final = ("Default.htm", "Default.asp", "index.htm", "index.html", "iisstart.htm")


_SECTION_ALIASES: Final = {
    "anonymous": ANONYMOUS,
    "anonymousauthentication": ANONYMOUS,
    "windows": WINDOWS,
    "windowsauthentication": WINDOWS,
    "basic": BASIC,
    "basicauthentication": BASIC,
}
_SECTION_DEFAULTS: Final[Mapping[str, Mapping[str, object]]] = {
    ANONYMOUS: {
        "enabled": bool(assumptions.AUTH_SCHEMA_DEFAULTS.value["anonymous_enabled"]),
        "userName": BUILTIN_IUSR_NAME,
        "password": None,
        "logonMethod": "ClearText",
        "defaultLogonDomain": "",
    },
    WINDOWS: {"enabled": bool(assumptions.AUTH_SCHEMA_DEFAULTS.value["windows_enabled"])},
    BASIC: {"enabled": bool(assumptions.AUTH_SCHEMA_DEFAULTS.value["basic_enabled"])},
}
# Python-style spellings callers may use for the config attributes.
_ATTR_ALIASES: Final = {
    "user_name": "userName",
    "logon_method": "logonMethod",
    "default_logon_domain": "defaultLogonDomain",
}
_METHOD_NAMES: Final = ((ANONYMOUS, "Anonymous"), (WINDOWS, "Windows"), (BASIC, "Basic"))


class IdentityType(enum.Enum):
    """applicationPools/add/processModel identityType."""

    APPLICATION_POOL_IDENTITY = "ApplicationPoolIdentity"
    NETWORK_SERVICE = "NetworkService"
    LOCAL_SYSTEM = "LocalSystem"
    LOCAL_SERVICE = "LocalService"
    SPECIFIC_USER = "SpecificUser"

    @classmethod
    def parse(cls, text: str | IdentityType) -> IdentityType:
        if isinstance(text, IdentityType):
            return text
        for member in cls:
            if member.value.lower() == str(text).strip().lower():
                return member
        choices = ", ".join(member.value for member in cls)
        raise ModelError(f"{text!r} is not an identityType (one of {choices})", subject=str(text))


@attrs.frozen
class AppPool:
    """One application pool. userName and password matter only for SpecificUser."""

    name: str
    identity_type: IdentityType = IdentityType.APPLICATION_POOL_IDENTITY
    user_name: str | None = None
    password: Secret | None = None
    managed_runtime_version: str = "v4.0"

    def __attrs_post_init__(self) -> None:
        if not self.name.strip() or "/" in self.name:
            raise ModelError(f"{self.name!r} is not an application pool name", subject=self.name)
        if self.identity_type is IdentityType.SPECIFIC_USER and not self.user_name:
            raise ModelError(
                f"application pool {self.name!r} runs as SpecificUser but names no userName",
                subject=self.name,
            )
        if self.password is not None and not isinstance(self.password, Secret):
            raise ModelError("an application pool password must be a Secret", subject=self.name)


@attrs.frozen
class VirtualDirectory:
    path: str  # relative to its application: "/" or "/images"
    physical_path: str

    def __attrs_post_init__(self) -> None:
        _check_url_path(self.path, "virtual directory path")
        if not self.physical_path.strip():
            raise ModelError(f"virtual directory {self.path!r} needs a physical path")


@attrs.frozen
class Application:
    path: str  # relative to the site: "/" or "/app"
    application_pool: str
    virtual_directories: tuple[VirtualDirectory, ...]

    def __attrs_post_init__(self) -> None:
        _check_url_path(self.path, "application path")
        if not any(vdir.path == "/" for vdir in self.virtual_directories):
            raise ModelError(f"application {self.path!r} needs a root virtual directory '/'")


@attrs.frozen
class Binding:
    protocol: str
    binding_information: str  # "*:80:" = any address, port 80, any host header


@attrs.frozen
class Site:
    name: str
    id: int
    bindings: tuple[Binding, ...]
    applications: tuple[Application, ...]

    def __attrs_post_init__(self) -> None:
        if not self.name.strip() or "/" in self.name:
            raise ModelError(f"{self.name!r} is not a site name", subject=self.name)
        if self.id < 1:
            raise ModelError(f"site id {self.id} is not positive", subject=self.name)
        if not any(app.path == "/" for app in self.applications):
            raise ModelError(f"site {self.name!r} needs a root application '/'", subject=self.name)

    def application(self, path: str) -> Application:
        for app in self.applications:
            if app.path.lower() == _normal_url_path(path).lower():
                return app
        raise ModelError(f"site {self.name!r} has no application {path!r}", subject=path)


@attrs.frozen
class Effective:
    """One attribute's value for a URL and the configuration path that set it (None: schema)."""

    value: object
    set_at: str | None


def _frozen_sources(sources: Mapping[str, str | None]) -> Mapping[str, str | None]:
    return types.MappingProxyType(dict(sources))


@attrs.frozen(repr=False)
class AppHostAnonymousSettings:
    """anonymousAuthentication as it applies to one URL, with where each attribute was set.

    ``set_at`` is keyed by the config attribute names (enabled, userName, password, logonMethod,
    defaultLogonDomain).
    """

    site_id: int
    site_name: str
    url_path: str
    enabled: bool
    user_name: str
    password: Secret | None
    logon_method: str
    default_logon_domain: str
    app_pool: AppPool
    physical_path: str
    set_at: Mapping[str, str | None] = attrs.field(converter=_frozen_sources, hash=False)

    @property
    def logon_type(self) -> int:
        return LOGON_METHOD_TO_LOGON_TYPE[self.logon_method]

    @property
    def uses_pool_identity(self) -> bool:
        """userName "" means the request runs as the application pool's identity."""
        return self.user_name == ""

    @property
    def uses_builtin_iusr(self) -> bool:
        """ "IUSR" with no password is the built-in identity, not a SAM account of that name."""
        no_password = self.password is None or self.password.is_empty
        return self.user_name.upper() == BUILTIN_IUSR_NAME and no_password

    @property
    def builtin_sid(self) -> Sid | None:
        return wk.IUSR_BUILTIN if self.uses_builtin_iusr else None

    def __repr__(self) -> str:
        password = "not set" if self.password is None else "set"
        return (
            f"AppHostAnonymousSettings({self.site_name!r}, {self.url_path!r}, "
            f"enabled={self.enabled}, userName={self.user_name!r}, password {password}, "
            f"logonMethod={self.logon_method})"
        )


@attrs.frozen
class AuthMethods:
    """Which authentication methods are enabled for a URL."""

    anonymous: bool
    windows: bool
    basic: bool

    @property
    def any_enabled(self) -> bool:
        return self.anonymous or self.windows or self.basic


@attrs.define
class _Block:
    """What one level (server or one location path) sets in one section."""

    path: str  # "" for the server level, else the location path in its stored case
    values: dict[str, object] = attrs.field(factory=dict)


class AppHostConfig:
    """applicationHost.config in memory, with appcmd's operations on it.

    ``version`` goes up on every change, so callers may cache effective lookups by it.
    """

    def __init__(self, computer_name: str, *, system_drive: str = "C:") -> None:
        self.computer_name = check_computer_name(computer_name)
        self.system_drive = system_drive
        self.default_documents: tuple[str, ...] = DEFAULT_DOCUMENTS
        self._pools: dict[str, AppPool] = {}
        self._sites: dict[str, Site] = {}
        self._sections: dict[str, dict[str, _Block]] = {name: {} for name in _SECTION_DEFAULTS}
        self._version = 0

    @classmethod
    def default(cls, computer_name: str) -> AppHostConfig:
        """A clean IIS 10 install: DefaultAppPool, "Default Web Site" (id 1) on port 80, and the
        authentication lines setup writes at the server level."""
        config = cls(computer_name)
        config.add_app_pool("DefaultAppPool")
        config.add_site("Default Web Site", "%SystemDrive%\\inetpub\\wwwroot", site_id=1)
        config.set_anonymous(None, enabled=True, userName=BUILTIN_IUSR_NAME)
        config.set_section(WINDOWS, None, enabled=False)
        config.set_section(BASIC, None, enabled=False)
        config._version = 0
        return config

    @property
    def version(self) -> int:
        return self._version

    # -- application pools --------------------------------------------------------------------
    def add_app_pool(
        self,
        name: str,
        identity_type: IdentityType | str = IdentityType.APPLICATION_POOL_IDENTITY,
        *,
        user_name: str | None = None,
        password: Secret | str | None = None,
        managed_runtime_version: str = "v4.0",
    ) -> AppPool:
        if name.lower() in self._pools:
            raise ModelError(f"application pool {name!r} already exists", subject=name)
        pool = AppPool(
            name,
            IdentityType.parse(identity_type),
            user_name,
            _secret(password),
            managed_runtime_version,
        )
        self._pools[name.lower()] = pool
        self._changed()
        return pool

    def set_app_pool_identity(
        self,
        name: str,
        identity_type: IdentityType | str,
        *,
        user_name: str | None = None,
        password: Secret | str | None = None,
    ) -> AppPool:
        pool = attrs.evolve(
            self.app_pool(name),
            identity_type=IdentityType.parse(identity_type),
            user_name=user_name,
            password=_secret(password),
        )
        self._pools[name.lower()] = pool
        self._changed()
        return pool

    def app_pool(self, name: str) -> AppPool:
        pool = self._pools.get(name.lower())
        if pool is None:
            raise ModelError(f"there is no application pool {name!r}", subject=name)
        return pool

    def app_pools(self) -> tuple[AppPool, ...]:
        return tuple(self._pools.values())

    # -- sites --------------------------------------------------------------------------------
    def add_site(
        self,
        name: str,
        physical_path: str,
        *,
        site_id: int | None = None,
        bindings: tuple[Binding, ...] = (Binding("http", "*:80:"),),
        app_pool: str = "DefaultAppPool",
    ) -> Site:
        if name.lower() in self._sites:
            raise ModelError(f"site {name!r} already exists", subject=name)
        taken = {site.id for site in self._sites.values()}
        new_id = site_id if site_id is not None else max(taken, default=0) + 1
        if new_id in taken:
            raise ModelError(f"site id {new_id} is already in use", subject=name)
        self.app_pool(app_pool)
        root = Application(
            "/", self.app_pool(app_pool).name, (VirtualDirectory("/", physical_path),)
        )
        site = Site(name, new_id, bindings, (root,))
        self._sites[name.lower()] = site
        self._changed()
        return site

    def add_application(
        self, site: str | int, path: str, physical_path: str, *, app_pool: str | None = None
    ) -> Application:
        current = self.site(site)
        path = _normal_url_path(path)
        if any(app.path.lower() == path.lower() for app in current.applications):
            raise ModelError(f"site {current.name!r} already has an application {path!r}")
        pool = self.app_pool(app_pool or current.application("/").application_pool).name
        app = Application(path, pool, (VirtualDirectory("/", physical_path),))
        self._replace_site(attrs.evolve(current, applications=(*current.applications, app)))
        return app

    def add_virtual_directory(
        self, site: str | int, app_path: str, vdir_path: str, physical_path: str
    ) -> VirtualDirectory:
        current = self.site(site)
        app = current.application(app_path)
        vdir = VirtualDirectory(_normal_url_path(vdir_path), physical_path)
        if any(v.path.lower() == vdir.path.lower() for v in app.virtual_directories):
            raise ModelError(
                f"application {app.path!r} already has virtual directory {vdir.path!r}"
            )
        new_app = attrs.evolve(app, virtual_directories=(*app.virtual_directories, vdir))
        apps = tuple(new_app if a is app else a for a in current.applications)
        self._replace_site(attrs.evolve(current, applications=apps))
        return vdir

    def sites(self) -> tuple[Site, ...]:
        return tuple(sorted(self._sites.values(), key=lambda site: site.id))

    def site_ids(self) -> list[int]:
        return [site.id for site in self.sites()]

    def site(self, name_or_id: str | int) -> Site:
        """A site by its id (int or digits) or its name, matched case-insensitively."""
        if isinstance(name_or_id, int) or name_or_id.strip().isdigit():
            wanted = int(name_or_id)
            for site in self._sites.values():
                if site.id == wanted:
                    return site
        else:
            found = self._sites.get(name_or_id.strip().lower())
            if found is not None:
                return found
        raise ModelError(f"there is no site {name_or_id!r}", subject=str(name_or_id))

    # -- URL mapping ----------------------------------------------------------------------------
    def application_for(self, site: str | int, url_path: str) -> Application:
        """The application serving a URL: the longest application path that prefixes it."""
        current = self.site(site)
        segments = _segments(url_path)
        return max(
            (app for app in current.applications if _is_prefix(_segments(app.path), segments)),
            key=lambda app: len(_segments(app.path)),
        )

    def physical_path(self, site: str | int, url_path: str, *, expand: bool = True) -> str:
        """The file a URL maps to: the longest application, then the longest virtual directory
        inside it, then the rest of the URL joined with backslashes.

        ``expand`` replaces %SystemDrive% (what a clean install writes) with ``system_drive``.
        """
        app = self.application_for(site, url_path)
        rest = _segments(url_path)[len(_segments(app.path)) :]
        vdir = max(
            (v for v in app.virtual_directories if _is_prefix(_segments(v.path), rest)),
            key=lambda v: len(_segments(v.path)),
        )
        below = rest[len(_segments(vdir.path)) :]
        base = vdir.physical_path
        if expand:
            base = re.sub("%SystemDrive%", lambda _: self.system_drive, base, flags=re.IGNORECASE)
        return "\\".join([base.rstrip("\\"), *below]) if below else base

    # -- authentication sections ------------------------------------------------------------
    def set_section(self, section: str, location: str | None, **attributes: object) -> None:
        """appcmd set config [location] -section:X /attr:value ... /commit:apphost.

        ``location`` None is the server level; otherwise "Site" or "Site/path".
        """
        name = _section(section)
        if not attributes:
            raise ModelError("give at least one attribute to set", subject=name)
        checked = {
            attr: _coerce(name, attr, value)
            for attr, value in ((_attr(name, raw), value) for raw, value in attributes.items())
        }
        block = self._block(name, location, create=True)
        assert block is not None  # created on demand
        block.values.update(checked)
        self._changed()

    def clear_section(self, section: str, location: str | None, attribute: str) -> None:
        """Remove an attribute from one level, so the next level up applies again."""
        name = _section(section)
        attr = _attr(name, attribute)
        block = self._block(name, location, create=False)
        if block is None or attr not in block.values:
            where = _origin(block.path if block else _location_text(location))
            raise ModelError(f"{attr} is not set at {where}", subject=attr)
        del block.values[attr]
        if not block.values:
            del self._sections[name][block.path.lower()]
        self._changed()

    def set_anonymous(self, location: str | None, **attributes: object) -> None:
        """Set anonymousAuthentication attributes (enabled, userName, password, logonMethod,
        defaultLogonDomain; snake_case spellings work too)."""
        self.set_section(ANONYMOUS, location, **attributes)

    def clear_anonymous(self, location: str | None, attribute: str) -> None:
        self.clear_section(ANONYMOUS, location, attribute)

    def set_auth_enabled(self, method: str, location: str | None, enabled: bool) -> None:
        """Turn anonymous, windows or basic authentication on or off at one level."""
        self.set_section(method, location, enabled=enabled)

    def effective(self, section: str, site: str | int, url_path: str, attribute: str) -> Effective:
        """The most specific location path covering the URL that sets the attribute, then the
        server level, then the schema default."""
        name = _section(section)
        attr = _attr(name, attribute)
        current = self.site(site)
        segments = _segments(url_path)
        blocks = self._sections[name]
        for depth in range(len(segments), -1, -1):
            path = "/".join([current.name, *segments[:depth]])
            block = blocks.get(path.lower())
            if block is not None and attr in block.values:
                return Effective(block.values[attr], _origin(block.path))
        server = blocks.get("")
        if server is not None and attr in server.values:
            return Effective(server.values[attr], SERVER_LEVEL)
        return Effective(_SECTION_DEFAULTS[name][attr], None)

    def auth_methods(self, site: str | int, url_path: str) -> AuthMethods:
        def on(section: str) -> bool:
            return bool(self.effective(section, site, url_path, "enabled").value)

        return AuthMethods(anonymous=on(ANONYMOUS), windows=on(WINDOWS), basic=on(BASIC))

    def anonymous_settings(self, site: str | int, url_path: str) -> AppHostAnonymousSettings:
        current = self.site(site)
        found = {
            attr: self.effective(ANONYMOUS, current.id, url_path, attr)
            for attr in _SECTION_DEFAULTS[ANONYMOUS]
        }
        password = found["password"].value
        return AppHostAnonymousSettings(
            site_id=current.id,
            site_name=current.name,
            url_path=url_path,
            enabled=bool(found["enabled"].value),
            user_name=str(found["userName"].value),
            password=password if isinstance(password, Secret) else None,
            logon_method=str(found["logonMethod"].value),
            default_logon_domain=str(found["defaultLogonDomain"].value),
            app_pool=self.app_pool(self.application_for(current.id, url_path).application_pool),
            physical_path=self.physical_path(current.id, url_path),
            set_at={attr: value.set_at for attr, value in found.items()},
        )

    def anonymous_config(self, site: int | str, url_path: str) -> AnonymousConfig:
        """The generation-neutral view the request pipeline uses (winfacts.iis_settings)."""
        s = self.anonymous_settings(site, url_path)
        methods = self.auth_methods(s.site_id, url_path)
        app = self.application_for(s.site_id, url_path)
        if s.uses_pool_identity:
            identity = Identity.APP_POOL
        elif s.uses_builtin_iusr:
            identity = Identity.BUILTIN_IUSR
        else:
            identity = Identity.ACCOUNT
        others = tuple(
            label
            for enabled, label in ((methods.windows, "Windows"), (methods.basic, "Basic"))
            if enabled
        )
        app_origin = _origin("/".join([s.site_name, *_segments(app.path)]))

        def source(attr: str) -> str:
            return s.set_at[attr] or "schema default"

        return AnonymousConfig(
            site_id=s.site_id,
            site_name=f"W3SVC{s.site_id}",
            anonymous_enabled=s.enabled,
            other_methods=others,
            identity=identity,
            user_name=s.user_name,
            password=None if identity is Identity.BUILTIN_IUSR else s.password,
            logon_type=s.logon_type,
            password_sync=False,  # IIS 7+ has no subauthentication
            iis5_isolation=False,
            app_pool=s.app_pool.name,
            app_pool_identity=s.app_pool.identity_type.value,
            default_logon_domain=s.default_logon_domain,
            physical_path=s.physical_path,
            default_documents=self.default_documents,
            sources={
                "anonymous_enabled": source("enabled"),
                "user_name": source("userName"),
                "password": source("password"),
                "logon_type": source("logonMethod"),
                "default_logon_domain": source("defaultLogonDomain"),
                "app_pool": app_origin,
                "physical_path": app_origin,
            },
        )

    def locations(self, section: str) -> tuple[str, ...]:
        """The location paths that set something in a section ("" is the server level)."""
        return tuple(block.path for block in self._sections[_section(section)].values())

    # -- internals ------------------------------------------------------------------------------
    def _block(self, section: str, location: str | None, *, create: bool) -> _Block | None:
        path = self._location_path(location)
        blocks = self._sections[section]
        block = blocks.get(path.lower())
        if block is None and create:
            block = blocks[path.lower()] = _Block(path)
        return block

    def _location_path(self, location: str | None) -> str:
        """'' for the server level, else 'Site/rest' with the site's stored name."""
        if location is None:
            return ""
        parts = [part for part in location.strip().split("/") if part]
        if not parts or parts == ["."]:
            return ""  # <location path=""> and path="." both mean the server level
        site = self._sites.get(parts[0].lower())
        if site is None:
            raise ModelError(
                f"location {location!r} must start with an existing site's name", subject=location
            )
        _segments("/" + "/".join(parts[1:]))  # rejects '..' and friends
        return "/".join([site.name, *parts[1:]])

    def _replace_site(self, site: Site) -> None:
        self._sites[site.name.lower()] = site
        self._changed()

    def _changed(self) -> None:
        self._version += 1

    def __repr__(self) -> str:
        return f"AppHostConfig({self.computer_name!r}, {len(self._sites)} sites, v{self._version})"


def _section(section: str) -> str:
    name = _SECTION_ALIASES.get(section.rsplit("/", 1)[-1].lower())
    if name is None:
        raise ModelError(f"{section!r} is not an authentication section this model knows")
    return name


def _attr(section: str, attribute: str) -> str:
    wanted = _ATTR_ALIASES.get(attribute, attribute)
    for attr in _SECTION_DEFAULTS[section]:
        if attr.lower() == wanted.lower():
            return attr
    known = ", ".join(_SECTION_DEFAULTS[section])
    raise ModelError(
        f"{attribute!r} is not an attribute of {section.rsplit('/', 1)[-1]} (one of {known})",
        subject=attribute,
    )


def _coerce(section: str, attr: str, value: object) -> object:
    if attr == "enabled":
        if not isinstance(value, bool):
            raise ModelError(f"enabled must be True or False, not {value!r}", subject=attr)
        return value
    if attr == "password":
        secret = _secret(value)
        if secret is None:
            raise ModelError("password must be a Secret or str; clear it to unset", subject=attr)
        return secret
    if attr == "logonMethod":
        return _logon_method(value)
    if not isinstance(value, str):
        raise ModelError(f"{attr} must be a string, not {type(value).__name__}", subject=attr)
    return value


def _logon_method(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value in _LOGON_METHOD_NUMBERS:
        return _LOGON_METHOD_NUMBERS[value]
    if isinstance(value, str):
        for name in LOGON_METHOD_TO_LOGON_TYPE:
            if name.lower() == value.strip().lower():
                return name
    choices = ", ".join(LOGON_METHOD_TO_LOGON_TYPE)
    raise ModelError(f"logonMethod must be one of {choices} (or 0-3), not {value!r}")


def _secret(value: object) -> Secret | None:
    if value is None or isinstance(value, Secret):
        return value
    if isinstance(value, str):
        return Secret(value)
    raise ModelError(f"a password must be a Secret or str, not {type(value).__name__}")


def _origin(path: str) -> str:
    return f"{SERVER_LEVEL}/{path}" if path else SERVER_LEVEL


def _location_text(location: str | None) -> str:
    return (location or "").strip("/")


def _check_url_path(path: str, what: str) -> None:
    if not path.startswith("/"):
        raise ModelError(f"{what} {path!r} must start with '/'", subject=path)
    _segments(path)


def _normal_url_path(path: str) -> str:
    return "/" + "/".join(_segments(path if path.startswith("/") else "/" + path))


def _segments(url_path: str) -> list[str]:
    if not isinstance(url_path, str) or not url_path.startswith("/"):
        raise ModelError(f"{url_path!r} is not a URL path (it must start with '/')")
    path = url_path.split("?", 1)[0].split("#", 1)[0]
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") or "\\" in part for part in parts):
        raise ModelError(f"{url_path!r} climbs out of its directory; IIS refuses it")
    return parts


def _is_prefix(prefix: list[str], segments: list[str]) -> bool:
    """Whole-segment, case-insensitive: /app covers /app/x but not /apple."""
    if len(prefix) > len(segments):
        return False
    return all(a.lower() == b.lower() for a, b in zip(prefix, segments, strict=False))
