"""IIS 7+ configuration as applicationHost.config holds it: sites, applications, application
pools and the authentication sections, and how IIS resolves them for a URL (reference: iis.md 5).

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
from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from winfacts import assumptions
from winfacts import wellknown as wk
from winfacts.errors import ModelError
from winfacts.iis_settings import AnonymousConfig, Identity
from winfacts.secret import Secret
from winfacts.sid import Sid

from .metabase import check_computer_name

SERVER_LEVEL: Final = "MACHINE/WEBROOT/APPHOST"

ANONYMOUS: Final = "system.webServer/security/authentication/anonymousAuthentication"
WINDOWS: Final = "system.webServer/security/authentication/windowsAuthentication"
BASIC: Final = "system.webServer/security/authentication/basicAuthentication"
DIGEST: Final = "system.webServer/security/authentication/digestAuthentication"
#: Active Directory client certificate mapping, and IIS's own one-to-one / many-to-one mapping:
#: either lets a client with a mapped certificate in when anonymous access is off.
CLIENT_CERTIFICATE: Final = (
    "system.webServer/security/authentication/clientCertificateMappingAuthentication"
)
IIS_CLIENT_CERTIFICATE: Final = (
    "system.webServer/security/authentication/iisClientCertificateMappingAuthentication"
)
#: The methods other than anonymous, as a person names them when told which one could let a
#: visitor in.
OTHER_METHODS: Final = (
    (WINDOWS, "Windows"),
    (BASIC, "Basic"),
    (DIGEST, "Digest"),
    (CLIENT_CERTIFICATE, "Active Directory Client Certificate Mapping"),
    (IIS_CLIENT_CERTIFICATE, "IIS Client Certificate Mapping"),
)

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
    "digest": DIGEST,
    "digestauthentication": DIGEST,
    "clientcertificatemappingauthentication": CLIENT_CERTIFICATE,
    "iisclientcertificatemappingauthentication": IIS_CLIENT_CERTIFICATE,
}
SECTION_DEFAULTS: Final[Mapping[str, Mapping[str, object]]] = {
    ANONYMOUS: {
        "enabled": bool(assumptions.AUTH_SCHEMA_DEFAULTS.value["anonymous_enabled"]),
        "userName": BUILTIN_IUSR_NAME,
        "password": None,
        "logonMethod": "ClearText",
        "defaultLogonDomain": "",
    },
    WINDOWS: {"enabled": bool(assumptions.AUTH_SCHEMA_DEFAULTS.value["windows_enabled"])},
    BASIC: {"enabled": bool(assumptions.AUTH_SCHEMA_DEFAULTS.value["basic_enabled"])},
    # IIS_schema.xml gives enabled="false" for these three.
    DIGEST: {"enabled": False},
    CLIENT_CERTIFICATE: {"enabled": False},
    IIS_CLIENT_CERTIFICATE: {"enabled": False},
}
# Python-style spellings callers may use for the config attributes.
_ATTR_ALIASES: Final = {
    "user_name": "userName",
    "logon_method": "logonMethod",
    "default_logon_domain": "defaultLogonDomain",
}


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
        check_url_path(self.path, "virtual directory path")
        if not self.physical_path.strip():
            raise ModelError(f"virtual directory {self.path!r} needs a physical path")


@attrs.frozen
class Application:
    path: str  # relative to the site: "/" or "/app"
    application_pool: str
    virtual_directories: tuple[VirtualDirectory, ...]

    def __attrs_post_init__(self) -> None:
        check_url_path(self.path, "application path")
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
            if app.path.lower() == normal_url_path(path).lower():
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
    #: every enabled method other than anonymous, by its name in `OTHER_METHODS`
    others: tuple[str, ...] = ()

    @property
    def any_enabled(self) -> bool:
        return self.anonymous or bool(self.others)


@attrs.define
class SectionBlock:
    """What one level (server or one location path) sets in one section."""

    path: str  # "" for the server level, else the location path in its stored case
    values: dict[str, object] = attrs.field(factory=dict)


class AppHostView:
    """IIS's reading of one applicationHost.config: sites and URL mapping, and the
    authentication sections resolved for a URL. Subclasses own the stores below; every query
    here is a pure function of them."""

    computer_name: str
    system_drive: str
    default_documents: tuple[str, ...]
    _pools: dict[str, AppPool]
    _sites: dict[str, Site]
    _sections: dict[str, dict[str, SectionBlock]]

    def app_pool(self, name: str) -> AppPool:
        pool = self._pools.get(name.lower())
        if pool is None:
            raise ModelError(f"there is no application pool {name!r}", subject=name)
        return pool

    def app_pools(self) -> tuple[AppPool, ...]:
        return tuple(self._pools.values())

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

    def application_for(self, site: str | int, url_path: str) -> Application:
        """The application serving a URL: the longest application path that prefixes it."""
        current = self.site(site)
        segments = url_segments(url_path)
        return max(
            (app for app in current.applications if is_prefix(url_segments(app.path), segments)),
            key=lambda app: len(url_segments(app.path)),
        )

    def physical_path(self, site: str | int, url_path: str, *, expand: bool = True) -> str:
        """The file a URL maps to: the longest application, then the longest virtual directory
        inside it, then the rest of the URL joined with backslashes.

        ``expand`` replaces %SystemDrive% (what a clean install writes) with ``system_drive``.
        """
        app = self.application_for(site, url_path)
        rest = url_segments(url_path)[len(url_segments(app.path)) :]
        vdir = max(
            (v for v in app.virtual_directories if is_prefix(url_segments(v.path), rest)),
            key=lambda v: len(url_segments(v.path)),
        )
        below = rest[len(url_segments(vdir.path)) :]
        base = vdir.physical_path
        if expand:
            base = re.sub("%SystemDrive%", lambda _: self.system_drive, base, flags=re.IGNORECASE)
        return "\\".join([base.rstrip("\\"), *below]) if below else base

    def effective(self, section: str, site: str | int, url_path: str, attribute: str) -> Effective:
        """The most specific location path covering the URL that sets the attribute, then the
        server level, then the schema default."""
        name = section_name(section)
        attr = attribute_name(name, attribute)
        current = self.site(site)
        segments = url_segments(url_path)
        blocks = self._sections[name]
        for depth in range(len(segments), -1, -1):
            path = "/".join([current.name, *segments[:depth]])
            block = blocks.get(path.lower())
            if block is not None and attr in block.values:
                return Effective(block.values[attr], origin(block.path))
        server = blocks.get("")
        if server is not None and attr in server.values:
            return Effective(server.values[attr], SERVER_LEVEL)
        return Effective(SECTION_DEFAULTS[name][attr], None)

    def auth_methods(self, site: str | int, url_path: str) -> AuthMethods:
        def on(section: str) -> bool:
            return bool(self.effective(section, site, url_path, "enabled").value)

        others = tuple(label for section, label in OTHER_METHODS if on(section))
        return AuthMethods(
            anonymous=on(ANONYMOUS), windows=on(WINDOWS), basic=on(BASIC), others=others
        )

    def anonymous_settings(self, site: str | int, url_path: str) -> AppHostAnonymousSettings:
        current = self.site(site)
        found = {
            attr: self.effective(ANONYMOUS, current.id, url_path, attr)
            for attr in SECTION_DEFAULTS[ANONYMOUS]
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
        others = methods.others
        app_origin = origin("/".join([s.site_name, *url_segments(app.path)]))

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
        return tuple(block.path for block in self._sections[section_name(section)].values())

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
        url_segments("/" + "/".join(parts[1:]))  # rejects '..' and friends
        return "/".join([site.name, *parts[1:]])


class AppHostTree(AppHostView):
    """An immutable applicationHost.config: what a reader found in a real file.

    ``sections`` are (section, location, attributes) as written: location None is the server
    level, else "Site" or "Site/path". Values are checked as IIS checks them, and any conflict
    (a pool or site twice, two sites with one id, an application in a pool that is not defined,
    a location for no site) is a ModelError whose ``subject`` names the pool, site or location.
    """

    def __init__(
        self,
        computer_name: str,
        *,
        pools: Iterable[AppPool],
        sites: Iterable[Site],
        sections: Iterable[tuple[str, str | None, Mapping[str, object]]] = (),
        system_drive: str = "C:",
        default_documents: tuple[str, ...] = DEFAULT_DOCUMENTS,
    ) -> None:
        self.computer_name = check_computer_name(computer_name)
        self.system_drive = system_drive
        self.default_documents = default_documents
        self._pools = {}
        self._sites = {}
        self._sections = {name: {} for name in SECTION_DEFAULTS}
        for pool in pools:
            if pool.name.lower() in self._pools:
                raise ModelError(
                    f"application pool {pool.name!r} is defined twice", subject=pool.name
                )
            self._pools[pool.name.lower()] = pool
        ids: dict[int, str] = {}
        for site in sites:
            if site.name.lower() in self._sites:
                raise ModelError(f"site {site.name!r} is defined twice", subject=site.name)
            if site.id in ids:
                raise ModelError(
                    f"site id {site.id} of {site.name!r} is already in use by {ids[site.id]!r}",
                    subject=site.name,
                )
            for app in site.applications:
                if app.application_pool.lower() not in self._pools:
                    raise ModelError(
                        f"application {app.path!r} of site {site.name!r} runs in application "
                        f"pool {app.application_pool!r}, which is not defined",
                        subject=site.name,
                    )
            ids[site.id] = site.name
            self._sites[site.name.lower()] = site
        for section, location, values in sections:
            name = section_name(section)
            try:
                path = self._location_path(location)
                checked = coerce_attributes(name, values)
            except ModelError as exc:
                raise ModelError(str(exc), subject=location or "") from exc
            block = self._sections[name].setdefault(path.lower(), SectionBlock(path))
            block.values.update(checked)

    def __repr__(self) -> str:
        return f"AppHostTree({self.computer_name!r}, {len(self._sites)} sites)"


def section_name(section: str) -> str:
    name = _SECTION_ALIASES.get(section.rsplit("/", 1)[-1].lower())
    if name is None:
        raise ModelError(f"{section!r} is not an authentication section this model knows")
    return name


def attribute_name(section: str, attribute: str) -> str:
    wanted = _ATTR_ALIASES.get(attribute, attribute)
    for attr in SECTION_DEFAULTS[section]:
        if attr.lower() == wanted.lower():
            return attr
    known = ", ".join(SECTION_DEFAULTS[section])
    raise ModelError(
        f"{attribute!r} is not an attribute of {section.rsplit('/', 1)[-1]} (one of {known})",
        subject=attribute,
    )


def coerce_attributes(section: str, values: Mapping[str, object]) -> dict[str, object]:
    """A section's attributes as IIS stores them, keyed by their schema names."""
    name = section_name(section)
    return {
        attr: coerce_attribute(name, attr, value)
        for attr, value in ((attribute_name(name, raw), value) for raw, value in values.items())
    }


def coerce_attribute(section: str, attr: str, value: object) -> object:
    if attr == "enabled":
        if not isinstance(value, bool):
            raise ModelError(f"enabled must be True or False, not {value!r}", subject=attr)
        return value
    if attr == "password":
        secret = as_secret(value)
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


def as_secret(value: object) -> Secret | None:
    if value is None or isinstance(value, Secret):
        return value
    if isinstance(value, str):
        return Secret(value)
    raise ModelError(f"a password must be a Secret or str, not {type(value).__name__}")


def origin(path: str) -> str:
    return f"{SERVER_LEVEL}/{path}" if path else SERVER_LEVEL


def location_text(location: str | None) -> str:
    return (location or "").strip("/")


def check_url_path(path: str, what: str) -> None:
    if not path.startswith("/"):
        raise ModelError(f"{what} {path!r} must start with '/'", subject=path)
    url_segments(path)


def normal_url_path(path: str) -> str:
    return "/" + "/".join(url_segments(path if path.startswith("/") else "/" + path))


def url_segments(url_path: str) -> list[str]:
    if not isinstance(url_path, str) or not url_path.startswith("/"):
        raise ModelError(f"{url_path!r} is not a URL path (it must start with '/')")
    path = url_path.split("?", 1)[0].split("#", 1)[0]
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") or "\\" in part for part in parts):
        raise ModelError(f"{url_path!r} climbs out of its directory; IIS refuses it")
    return parts


def is_prefix(prefix: list[str], segments: list[str]) -> bool:
    """Whole-segment, case-insensitive: /app covers /app/x but not /apple."""
    if len(prefix) > len(segments):
        return False
    return all(a.lower() == b.lower() for a, b in zip(prefix, segments, strict=False))
