"""The request pipeline for an anonymous GET, and IIS's anonymous token cache.

Order (issue 2, reference IIS 3-4): effective settings for the URL -> 401.2 when anonymous is off
-> the subauthentication path only when all its conditions hold -> LogonUser with the effective
LogonMethod -> 401.1 with the Win32 code -> content ACL -> 401.3 (Win32 5) or 200. Every response
writes a W3C line; IIS 6 also writes W3SVC event 100 to the System log when the logon fails.

The token cache is why a repair (or a new fault) can take up to UserTokenTTL to show: a cached
token is used without calling LogonUser, so nothing is checked and nothing is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

import attrs

from winfacts import assumptions as A
from winfacts import wellknown as wk
from winfacts.iis_settings import AnonymousConfig, Identity, IisConfig
from winfacts.ntstatus import ERROR_ACCESS_DENIED, Outcome

from . import registry as reg
from .acl import FileSystem
from .directory import Domain
from .events import EventType, SystemEvent
from .logon import Caller, LogonMachine, LogonResult, logon_user
from .token import Token, app_pool_sid, app_pool_token, builtin_iusr_token
from .w3c import W3cLogWriter, W3cRecord

DEFAULT_TOKEN_TTL = 900  # seconds: UserTokenTTL's default (KB 152526)
ERROR_FILE_NOT_FOUND = 2
_ACCESS_READ = 0x120089  # FILE_GENERIC_READ


@attrs.frozen
class Response:
    """What the visitor got, or ``status`` None when nothing answered (the host was down)."""

    status: int | None
    substatus: int = 0
    win32: int = 0
    token: Token | None = None
    logon: LogonResult | None = None
    from_cache: bool = False
    url: str = "/"

    @property
    def code(self) -> str:
        """ "401.1", "200", or "no response"."""
        if self.status is None:
            return "no response"
        return f"{self.status}.{self.substatus}" if self.substatus else str(self.status)


@attrs.frozen
class _CacheKey:
    user: str
    domain: str
    password_id: int
    logon_type: int
    subauth: bool


class IisHost(Protocol):
    """What IIS uses of the machine it runs on (the host is the one implementation)."""

    computer_name: str
    domain: Domain | None
    registry: reg.Registry
    ip_address: str
    on_restart: list[Callable[[], None]]

    @property
    def running(self) -> bool: ...

    @property
    def logon_machine(self) -> LogonMachine: ...

    def now(self) -> datetime: ...

    def system_event(self, make: Callable[[int], SystemEvent]) -> None: ...


class IisServer:
    def __init__(
        self,
        host: IisHost,
        config: IisConfig,
        *,
        version: str,
        fs: FileSystem,
        log_fields: tuple[str, ...] | None = None,
    ) -> None:
        self.host = host
        self.config = config
        self.version = version
        self.fs = fs
        self._cache: dict[_CacheKey, tuple[Token, datetime]] = {}
        self._settings: dict[tuple[int | str, str], AnonymousConfig] = {}
        self._settings_version = -1
        self._writers: dict[str, W3cLogWriter] = {}
        self._log_fields = log_fields
        self._worker_pid = 0
        self._pid_seed = 1800
        self.resets = 0
        # The World Wide Web Publishing Service (W3SVC): while it is stopped nothing answers
        # on port 80, so a request gets no response at all.
        self.w3svc_running = True
        host.on_restart.append(self._on_host_restart)
        self._new_worker()

    @property
    def legacy(self) -> bool:
        return self.version.startswith("6")

    # -- operations admins run -----------------------------------------------------------------
    def iisreset(self) -> None:
        """Stop and start IIS: the token cache and the worker processes go away."""
        self._cache.clear()
        self.resets += 1
        self.w3svc_running = True
        self._new_worker()

    def stop_w3svc(self) -> None:
        """`net stop w3svc`: the worker processes end with the service, and their cached
        tokens with them."""
        self.w3svc_running = False
        self._cache.clear()

    def start_w3svc(self) -> None:
        """`net start w3svc`: a new worker process logs the anonymous account on afresh."""
        if not self.w3svc_running:
            self.w3svc_running = True
            self._new_worker()

    def flush_expired(self) -> None:
        now = self.host.now()
        for key in [k for k, (_, expires) in self._cache.items() if expires <= now]:
            del self._cache[key]

    def cached_accounts(self) -> list[str]:
        now = self.host.now()
        return [tok.account for tok, expires in self._cache.values() if expires > now]

    def log_files(self) -> dict[str, dict[str, list[str]]]:
        """site log folder (W3SVC1) -> file name -> lines."""
        return {site: writer.files() for site, writer in self._writers.items()}

    # -- the pipeline -------------------------------------------------------------------------
    def settings_for(self, url: str, site: int | str = 1) -> AnonymousConfig:
        if self.config.version != self._settings_version:
            self._settings.clear()
            self._settings_version = self.config.version
        key = (site, url)
        found = self._settings.get(key)
        if found is None:
            found = self._settings[key] = self.config.anonymous_config(site, url)
        return found

    def request(
        self,
        url: str = "/",
        *,
        site: int | str = 1,
        client_ip: str = "192.0.2.10",
        user_agent: str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
        method: str = "GET",
    ) -> Response:
        if not (self.host.running and self.w3svc_running):
            return Response(None, url=url)
        settings = self.settings_for(url, site)
        response = self._decide(settings, url, client_ip)
        if response.status is None:  # the request's audit stopped the machine
            return response
        return self._log(settings, url, method, client_ip, user_agent, response)

    def _decide(self, settings: AnonymousConfig, url: str, client_ip: str) -> Response:
        if not settings.anonymous_enabled:
            if self.legacy and settings.identity is Identity.ACCOUNT:
                # IIS 6 builds (and caches) the anonymous token for the URL's level even where
                # anonymous access is off, so a wrong password there still counts against the
                # account and can lock it out (Microsoft support case, reference IIS 1).
                _, attempt, _ = self._anonymous_token(settings, client_ip)
                if attempt is not None and attempt.stopped_host:
                    return Response(None, logon=attempt, url=url)
            return Response(401, 2, A.ANONYMOUS_DISABLED_WIN32.value, url=url)
        token, result, cached = self._anonymous_token(settings, client_ip)
        if result is not None and result.stopped_host:
            return Response(None, logon=result, url=url)
        if token is None:
            assert result is not None
            if self.legacy:
                self._w3svc_event(settings, result)
            return Response(401, 1, result.win32, logon=result, url=url)
        path = self._physical_file(settings, url)
        if path is None:
            return Response(404, 0, ERROR_FILE_NOT_FOUND, token, result, cached, url)
        if not self.fs.access_check(path, token.sids, _ACCESS_READ).granted:
            return Response(401, 3, ERROR_ACCESS_DENIED, token, result, cached, url)
        return Response(200, 0, 0, token, result, cached, url)

    def _anonymous_token(
        self, settings: AnonymousConfig, client_ip: str
    ) -> tuple[Token | None, LogonResult | None, bool]:
        if settings.identity is Identity.BUILTIN_IUSR:
            return builtin_iusr_token(settings.logon_type), None, False
        if settings.identity is Identity.APP_POOL:
            return app_pool_token(settings.app_pool), None, False
        user, domain = settings.split_user()
        subauth = self._subauth_usable(settings)
        key = _CacheKey(
            user.lower(),
            (domain or "").lower(),
            hash(settings.password) if settings.password is not None else 0,
            settings.logon_type,
            subauth,
        )
        now = self.host.now()
        hit = self._cache.get(key)
        if hit is not None:
            if hit[1] > now:
                return hit[0], None, True
            del self._cache[key]
        result = logon_user(
            self.host.logon_machine,
            user,
            domain,
            settings.password,
            settings.logon_type,
            self._caller(settings),
            subauthentication=subauth,
        )
        if result.token is None:
            return None, result, False
        ttl = self.token_ttl()
        if ttl > 0:
            self._cache[key] = (result.token, now + timedelta(seconds=ttl))
        return result.token, result, False

    def token_ttl(self) -> int:
        return self.host.registry.dword(reg.INETINFO, "UserTokenTTL", DEFAULT_TOKEN_TTL)

    def _subauth_usable(self, settings: AnonymousConfig) -> bool:
        """Subauthentication needs all three: the property, IIS 5 isolation (LocalSystem) and
        iissuba.dll registered with MSV1_0 (reference IIS 3)."""
        if not (settings.password_sync and settings.iis5_isolation):
            return False
        return subauth_registered(self.host.registry)

    def _caller(self, settings: AnonymousConfig) -> Caller:
        """The process calling LogonUser and the identity 4625's Subject fields show for it."""
        machine = (f"{self.host.computer_name}$", self._machine_domain())
        if self.legacy and settings.iis5_isolation:
            # IIS 5.0 isolation: requests run in inetinfo.exe as LocalSystem.
            image = r"C:\WINDOWS\system32\inetsrv\inetinfo.exe"
            return Caller(image, self._worker_pid, wk.LOCAL_SYSTEM, *machine, 0x3E7)
        folder = r"C:\WINDOWS\system32" if self.legacy else r"C:\Windows\System32"
        image = folder + r"\inetsrv\w3wp.exe"
        identity = settings.app_pool_identity
        if identity == "ApplicationPoolIdentity":
            pool = settings.app_pool
            return Caller(image, self._worker_pid, app_pool_sid(pool), pool, "IIS APPPOOL", 0x3E4)
        if identity == "LocalSystem":
            return Caller(image, self._worker_pid, wk.LOCAL_SYSTEM, *machine, 0x3E7)
        return Caller(image, self._worker_pid, wk.NETWORK_SERVICE, *machine, 0x3E4)

    def _machine_domain(self) -> str:
        return self.host.domain.authority if self.host.domain else "WORKGROUP"

    def _physical_file(self, settings: AnonymousConfig, url: str) -> str | None:
        path = settings.physical_path.rstrip("\\")
        if url.endswith("/"):
            for doc in settings.default_documents:
                candidate = f"{path}\\{doc}"
                if self.fs.exists(candidate):
                    return candidate
            return None
        return path if self.fs.exists(path) else None

    def _w3svc_event(self, settings: AnonymousConfig, result: LogonResult) -> None:
        if not A.W3SVC_EVENT_EVERY_FAILURE.value:
            return
        host = self.host
        account = settings.user_name
        message = result.outcome.codes.message
        make: Callable[[int], SystemEvent] = lambda rid: SystemEvent(  # noqa: E731
            rid,
            host.now(),
            host.computer_name,
            "W3SVC",
            100,
            EventType.WARNING,
            (account, message),
        )
        host.system_event(make)

    def _log(
        self,
        settings: AnonymousConfig,
        url: str,
        method: str,
        client_ip: str,
        user_agent: str,
        response: Response,
    ) -> Response:
        writer = self._writers.get(settings.site_name)
        if writer is None:
            writer = self._writers[settings.site_name] = W3cLogWriter(
                "6.0" if self.legacy else "10.0", self._log_fields
            )
        path, _, query = url.partition("?")
        writer.write(
            W3cRecord(
                time=self.host.now(),
                site_name=settings.site_name,
                server_ip=self.host.ip_address,
                method=method,
                uri_stem=path,
                uri_query=query,
                port=80,
                username="",
                client_ip=client_ip,
                user_agent=user_agent,
                referer="",
                status=response.status or 0,
                substatus=response.substatus,
                win32_status=response.win32,
                time_taken_ms=15,
            )
        )
        return response

    def _new_worker(self) -> None:
        self._pid_seed += 412
        self._worker_pid = self._pid_seed

    def _on_host_restart(self) -> None:
        self.w3svc_running = True  # W3SVC starts automatically at boot
        self._cache.clear()
        self._new_worker()


def subauth_registered(registry: reg.Registry) -> bool:
    """iissuba.dll registered as MSV1_0 subauthentication package 132."""
    name, dll = A.SUBAUTH_REGISTRATION.value
    value = registry.get(reg.MSV1_0, name)
    return value is not None and isinstance(value.data, str) and dll in value.data.lower()


def outcome_of(response: Response) -> Outcome | None:
    return response.logon.outcome if response.logon else None
