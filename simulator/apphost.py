"""The simulator's applicationHost.config: sites, applications, application pools and the
authentication sections in memory, with appcmd's operations on them (reference: iis.md 5). How IIS
resolves them for a URL is `winfacts.apphost.AppHostView`, the same a reader of a real file uses.
"""

from __future__ import annotations

import attrs

from winfacts.apphost import (
    ANONYMOUS,
    BASIC,
    BUILTIN_IUSR_NAME,
    DEFAULT_DOCUMENTS,
    SECTION_DEFAULTS,
    WINDOWS,
    AppHostView,
    Application,
    AppPool,
    Binding,
    IdentityType,
    SectionBlock,
    Site,
    VirtualDirectory,
    as_secret,
    attribute_name,
    coerce_attributes,
    location_text,
    normal_url_path,
    origin,
    section_name,
)
from winfacts.errors import ModelError
from winfacts.metabase import check_computer_name
from winfacts.secret import Secret


class AppHostConfig(AppHostView):
    """applicationHost.config in memory, with appcmd's operations on it.

    ``version`` goes up on every change, so callers may cache effective lookups by it.
    """

    def __init__(self, computer_name: str, *, system_drive: str = "C:") -> None:
        self.computer_name = check_computer_name(computer_name)
        self.system_drive = system_drive
        self.default_documents: tuple[str, ...] = DEFAULT_DOCUMENTS
        self._pools: dict[str, AppPool] = {}
        self._sites: dict[str, Site] = {}
        self._sections: dict[str, dict[str, SectionBlock]] = {name: {} for name in SECTION_DEFAULTS}
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
            as_secret(password),
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
            password=as_secret(password),
        )
        self._pools[name.lower()] = pool
        self._changed()
        return pool

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
        path = normal_url_path(path)
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
        vdir = VirtualDirectory(normal_url_path(vdir_path), physical_path)
        if any(v.path.lower() == vdir.path.lower() for v in app.virtual_directories):
            raise ModelError(
                f"application {app.path!r} already has virtual directory {vdir.path!r}"
            )
        new_app = attrs.evolve(app, virtual_directories=(*app.virtual_directories, vdir))
        apps = tuple(new_app if a is app else a for a in current.applications)
        self._replace_site(attrs.evolve(current, applications=apps))
        return vdir

    def set_section(self, section: str, location: str | None, **attributes: object) -> None:
        """appcmd set config [location] -section:X /attr:value ... /commit:apphost.

        ``location`` None is the server level; otherwise "Site" or "Site/path".
        """
        name = section_name(section)
        if not attributes:
            raise ModelError("give at least one attribute to set", subject=name)
        checked = coerce_attributes(name, attributes)
        block = self._block(name, location, create=True)
        assert block is not None  # created on demand
        block.values.update(checked)
        self._changed()

    def clear_section(self, section: str, location: str | None, attribute: str) -> None:
        """Remove an attribute from one level, so the next level up applies again."""
        name = section_name(section)
        attr = attribute_name(name, attribute)
        block = self._block(name, location, create=False)
        if block is None or attr not in block.values:
            where = origin(block.path if block else location_text(location))
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

    def _block(self, section: str, location: str | None, *, create: bool) -> SectionBlock | None:
        path = self._location_path(location)
        blocks = self._sections[section]
        block = blocks.get(path.lower())
        if block is None and create:
            block = blocks[path.lower()] = SectionBlock(path)
        return block

    def _replace_site(self, site: Site) -> None:
        self._sites[site.name.lower()] = site
        self._changed()

    def _changed(self) -> None:
        self._version += 1

    def __repr__(self) -> str:
        return f"AppHostConfig({self.computer_name!r}, {len(self._sites)} sites, v{self._version})"
