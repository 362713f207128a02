"""applicationHost.config as IIS 10 writes it, from an `AppHostConfig` (iis.md 5).

What is written, following files from real servers (a clean IIS 10 install and the appcmd
``/commit:apphost`` location blocks quoted in public repositories) and the IIS configuration
reference (https://learn.microsoft.com/en-us/iis/configuration/):

- ``<?xml version="1.0" encoding="UTF-8"?>``, UTF-8 without a byte order mark, CRLF line ends,
  four spaces per level, a blank line between the sections of a group, as IIS lays it out;
- ``<configSections>`` reduced to the groups and sections this file uses, with the real
  ``overrideModeDefault`` values (every authentication section is "Deny": locked at the server);
- ``<configProtectedData>`` naming the providers the passwords are "encrypted" with;
- ``<system.applicationHost>``: ``<applicationPools>`` (``<add name=...>``, a ``<processModel>``
  child when the identity is not the default ApplicationPoolIdentity, then
  ``<applicationPoolDefaults>``), ``<sites>`` (``<site name= id=>`` with its applications, their
  virtual directories and the bindings, then the site, application and virtual directory
  defaults);
- ``<system.webServer>``: ``<defaultDocument>`` and ``<security><authentication>`` with what the
  server level sets (an empty element where it sets nothing, as real files have);
- one ``<location path="Site/app">`` per level that sets something, as ``appcmd set config
  "Site/app" ... /commit:apphost`` leaves it (no overrideMode: that only matters for
  delegation to web.config).

Passwords. IIS 10 encrypts a password attribute with IISCngProvider (anonymousAuthentication)
or IISWASOnlyCngProvider (application pool identities); IIS 7 to 8.5 used AesProvider and
IISWASOnlyAesProvider (https://blogs.iis.net/iisteam/cng-data-encryption). The keys live in the
server's key containers, so the text is opaque to anyone holding only the file. This writer
writes ``[enc:<provider>:<base64>:enc]`` where the base64 is computed from where the password is
set (the configuration path or pool name and the attribute) and nothing else: never from the
password, so the bytes can not contain it, can not be reversed to it and do not reveal its
length. An empty password is written as ``password=""``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Final, Literal

from winfacts.apphost import ANONYMOUS, BASIC, WINDOWS, AppPool, IdentityType, Site
from winfacts.errors import ModelError
from winfacts.secret import Secret

from ..apphost import AppHostConfig

CRLF: Final = "\r\n"
INDENT: Final = "    "

#: Which protected-configuration providers the passwords claim to be encrypted with.
ProviderFamily = Literal["cng", "aes"]

_PROVIDERS: Final[Mapping[str, tuple[str, str]]] = {
    # family -> (provider for sections the worker process reads, provider for WAS-only data)
    "cng": ("IISCngProvider", "IISWASOnlyCngProvider"),
    "aes": ("AesProvider", "IISWASOnlyAesProvider"),
}
_PROVIDER_TYPES: Final = {
    "cng": "Microsoft.ApplicationHost.CngProtectedConfigurationProvider",
    "aes": "Microsoft.ApplicationHost.AesProtectedConfigurationProvider",
}
_CNG_KEY_CONTAINERS: Final = {
    "IISCngProvider": "iisCngConfigurationKey",
    "IISWASOnlyCngProvider": "iisCngWasKey",
}

#: The authentication sections, in the order real files list them; the model knows three.
_AUTH_SECTIONS: Final = (
    ("anonymousAuthentication", ANONYMOUS),
    ("basicAuthentication", BASIC),
    ("clientCertificateMappingAuthentication", None),
    ("digestAuthentication", None),
    ("iisClientCertificateMappingAuthentication", None),
    ("windowsAuthentication", WINDOWS),
)
#: anonymousAuthentication attributes in the order they are written.
_ANONYMOUS_ORDER: Final = ("enabled", "userName", "password", "logonMethod", "defaultLogonDomain")

_DEFAULT_POOL: Final = "DefaultAppPool"
_DEFAULT_RUNTIME: Final = "v4.0"

_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def write_applicationhost_config(
    config: AppHostConfig,
    *,
    providers: ProviderFamily = "cng",
    site_ids: Mapping[int, int] | None = None,
) -> bytes:
    """The bytes of applicationHost.config for this configuration: UTF-8, CRLF line ends, no
    password in any form (see the module doc). ``providers`` picks IIS 10's CNG providers or
    the AES ones of IIS 7 to 8.5. ``site_ids`` writes a site under another id (a server whose
    sites were made in another order: IIS 7+ takes any id)."""
    if providers not in _PROVIDERS:
        raise ModelError(f"providers must be 'cng' or 'aes', not {providers!r}")
    writer = _Writer(config, providers, dict(site_ids or {}))
    return (CRLF.join(writer.lines()) + CRLF).encode("utf-8")


def opaque_password(scope: str, attribute: str, provider: str) -> str:
    """The ``[enc:...:enc]`` text this writer puts where IIS would write an encrypted password.

    It depends on where the password is set and on the provider's name only: never on the
    password."""
    seed = f"authlab|applicationHost.config|{scope.lower()}|{attribute}|{provider}".encode()
    blob = base64.b64encode(hashlib.sha512(seed).digest()).decode("ascii")
    return f"[enc:{provider}:{blob}:enc]"


class _Writer:
    def __init__(
        self, config: AppHostConfig, family: str, site_ids: dict[int, int] | None = None
    ) -> None:
        self.config = config
        self.family = family
        self.site_ids = site_ids or {}
        self.section_provider, self.was_provider = _PROVIDERS[family]

    def lines(self) -> list[str]:
        out = ['<?xml version="1.0" encoding="UTF-8"?>', "<configuration>", ""]
        out += _indent(1, self._config_sections())
        out.append("")
        out += _indent(1, self._protected_data())
        out.append("")
        out += _indent(1, self._application_host())
        out.append("")
        out += _indent(1, self._web_server())
        for path in self._location_paths():
            out.append("")
            out += _indent(1, self._location(path))
        out += ["", "</configuration>"]
        return out

    # -- configSections -----------------------------------------------------------------------
    def _config_sections(self) -> list[str]:
        def section(name: str, override: str, app_host_only: bool = False) -> str:
            where = ' allowDefinition="AppHostOnly"' if app_host_only else ""
            return f'<section name="{name}"{where} overrideModeDefault="{override}" />'

        auth = [section(name, "Deny") for name, _ in _AUTH_SECTIONS]
        return [
            "<configSections>",
            *_indent(1, ['<sectionGroup name="system.applicationHost">']),
            *_indent(
                2,
                [
                    section("applicationPools", "Deny", app_host_only=True),
                    section("sites", "Deny", app_host_only=True),
                ],
            ),
            *_indent(1, ["</sectionGroup>", "", '<sectionGroup name="system.webServer">']),
            *_indent(2, [section("defaultDocument", "Allow"), '<sectionGroup name="security">']),
            *_indent(3, ['<sectionGroup name="authentication">']),
            *_indent(4, auth),
            *_indent(3, ["</sectionGroup>"]),
            *_indent(2, ["</sectionGroup>"]),
            *_indent(1, ["</sectionGroup>"]),
            "</configSections>",
        ]

    def _protected_data(self) -> list[str]:
        entries = []
        for name in (self.section_provider, self.was_provider):
            extra = ""
            if name in _CNG_KEY_CONTAINERS:
                extra = (
                    f' keyContainerName="{_CNG_KEY_CONTAINERS[name]}" useMachineContainer="true"'
                )
            entries.append(f'<add name="{name}" type="{_PROVIDER_TYPES[self.family]}"{extra} />')
        return [
            "<configProtectedData>",
            *_indent(1, ["<providers>", *_indent(1, entries), "</providers>"]),
            "</configProtectedData>",
        ]

    # -- system.applicationHost ----------------------------------------------------------------
    def _application_host(self) -> list[str]:
        pools: list[str] = []
        for pool in self.config.app_pools():
            pools += self._pool(pool)
        pools += [
            f'<applicationPoolDefaults managedRuntimeVersion="{_DEFAULT_RUNTIME}">',
            INDENT + '<processModel identityType="ApplicationPoolIdentity" '
            'loadUserProfile="true" setProfileEnvironment="false" />',
            "</applicationPoolDefaults>",
        ]
        sites: list[str] = []
        for site in self.config.sites():
            sites += self._site(site)
        sites += [
            "<siteDefaults>",
            INDENT
            + '<logFile logFormat="W3C" directory="%SystemDrive%\\inetpub\\logs\\LogFiles" />',
            "</siteDefaults>",
            f'<applicationDefaults applicationPool="{_DEFAULT_POOL}" />',
            '<virtualDirectoryDefaults allowSubDirConfig="true" />',
        ]
        return [
            "<system.applicationHost>",
            "",
            *_indent(1, ["<applicationPools>", *_indent(1, pools), "</applicationPools>"]),
            "",
            *_indent(1, ["<sites>", *_indent(1, sites), "</sites>"]),
            "",
            "</system.applicationHost>",
        ]

    def _pool(self, pool: AppPool) -> list[str]:
        head = f"<add{_attrs([('name', pool.name)])}"
        if pool.managed_runtime_version != _DEFAULT_RUNTIME:
            head += _attrs([("managedRuntimeVersion", pool.managed_runtime_version)])
        if (
            pool.identity_type is IdentityType.APPLICATION_POOL_IDENTITY
            and pool.user_name is None
            and pool.password is None
        ):
            return [head + " />"]
        model: list[tuple[str, str]] = [("identityType", pool.identity_type.value)]
        if pool.user_name is not None:
            model.append(("userName", pool.user_name))
        if pool.password is not None:
            text = self._password(pool.password, f"applicationPools/{pool.name}", self.was_provider)
            model.append(("password", text))
        return [head + ">", INDENT + f"<processModel{_attrs(model)} />", "</add>"]

    def _site(self, site: Site) -> list[str]:
        body: list[str] = []
        for app in site.applications:
            pool = (
                []
                if app.application_pool == _DEFAULT_POOL
                else [("applicationPool", app.application_pool)]
            )
            vdirs = [
                "<virtualDirectory"
                + _attrs([("path", v.path), ("physicalPath", v.physical_path)])
                + " />"
                for v in app.virtual_directories
            ]
            body += [
                f"<application{_attrs([('path', app.path), *pool])}>",
                *_indent(1, vdirs),
                "</application>",
            ]
        bindings = [
            "<binding"
            + _attrs([("protocol", b.protocol), ("bindingInformation", b.binding_information)])
            + " />"
            for b in site.bindings
        ]
        body += ["<bindings>", *_indent(1, bindings), "</bindings>"]
        site_id = self.site_ids.get(site.id, site.id)
        return [
            f"<site{_attrs([('name', site.name), ('id', str(site_id))])}>",
            *_indent(1, body),
            "</site>",
        ]

    # -- system.webServer ----------------------------------------------------------------------
    def _web_server(self) -> list[str]:
        files = [f"<add{_attrs([('value', doc)])} />" for doc in self.config.default_documents]
        default_document = [
            '<defaultDocument enabled="true">',
            *_indent(1, ["<files>", *_indent(1, files), "</files>"]),
            "</defaultDocument>",
        ]
        auth = self._authentication("", spaced=True, empty_elements=True)
        return [
            "<system.webServer>",
            "",
            *_indent(1, default_document),
            "",
            *_indent(1, ["<security>", "", *_indent(1, auth), "", "</security>"]),
            "",
            "</system.webServer>",
        ]

    def _authentication(self, path: str, *, spaced: bool, empty_elements: bool) -> list[str]:
        body: list[str] = []
        for element, section in _AUTH_SECTIONS:
            values = self._values(section, path) if section is not None else {}
            if not values and not empty_elements:
                continue
            if spaced:
                body.append("")
            body.append(f"<{element}{_attrs(self._attributes(section, path, values))} />")
        if spaced:
            body.append("")
        return ["<authentication>", *_indent(1, body), "</authentication>"]

    def _location(self, path: str) -> list[str]:
        auth = self._authentication(path, spaced=False, empty_elements=False)
        inner = ["<security>", *_indent(1, auth), "</security>"]
        return [
            f"<location{_attrs([('path', path)])}>",
            *_indent(1, ["<system.webServer>", *_indent(1, inner), "</system.webServer>"]),
            "</location>",
        ]

    # -- section values --------------------------------------------------------------------------
    def _values(self, section: str, path: str) -> dict[str, object]:
        """What one level itself sets in a section. AppHostConfig has no public reader for one
        level yet, so this reads its table directly, as simulator.admin.shell does (a
        ``values_at(section, location)`` accessor would replace both)."""
        block = self.config._sections[section].get(path.lower())
        return {} if block is None else dict(block.values)

    def _location_paths(self) -> list[str]:
        paths: dict[str, str] = {}
        for _, section in _AUTH_SECTIONS:
            if section is None:
                continue
            for path in self.config.locations(section):
                if path and self._values(section, path):
                    paths.setdefault(path.lower(), path)
        return [paths[key] for key in sorted(paths)]

    def _attributes(
        self, section: str | None, path: str, values: Mapping[str, object]
    ) -> list[tuple[str, str]]:
        if section is None:
            return []
        order = _ANONYMOUS_ORDER if section == ANONYMOUS else ("enabled",)
        out: list[tuple[str, str]] = []
        for attr in order:
            if attr not in values:
                continue
            value = values[attr]
            if attr == "password":
                scope = f"MACHINE/WEBROOT/APPHOST/{path}" if path else "MACHINE/WEBROOT/APPHOST"
                if not isinstance(value, Secret):
                    raise ModelError("a password in the model must be a Secret")
                out.append((attr, self._password(value, scope, self.section_provider)))
            elif isinstance(value, bool):
                out.append((attr, "true" if value else "false"))
            else:
                out.append((attr, str(value)))
        return out

    def _password(self, secret: Secret, scope: str, provider: str) -> str:
        return "" if secret.is_empty else opaque_password(scope, "password", provider)


def _indent(levels: int, lines: Iterable[str]) -> list[str]:
    pad = INDENT * levels
    return [pad + line if line else "" for line in lines]


def _attrs(pairs: Iterable[tuple[str, str]]) -> str:
    return "".join(f' {name}="{_escape(value)}"' for name, value in pairs)


def _escape(text: str) -> str:
    if _NOT_XML.search(text):
        raise ModelError(f"{text!r} holds a character applicationHost.config can not carry")
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\t", "&#x9;")
        .replace("\n", "&#xA;")
        .replace("\r", "&#xD;")
    )
