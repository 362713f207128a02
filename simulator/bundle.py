"""Write an evidence bundle (contract section 3) from a simulated host, in the real formats.

This is what the project's collector does on a real server, in the same order: host facts,
configuration, policy and registry exports, the credential probe, account and group state,
then the logs (so the probe's own audit is in them). Files a real server of this generation
would not have are not written (no applicationHost.config on IIS 6, no wevtutil XML on 2003).
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs

from winfacts.errors import ModelError
from winfacts.iis_settings import Identity
from winfacts.metabase import MetabaseKey
from winfacts.sid import Sid

from . import registry as reg
from .accounts import Account, Group
from .admin import net_render
from .admin.shell import render_secedit, render_wevtutil_gl
from .apphost import AppHostConfig
from .export.apphost_config import write_applicationhost_config
from .export.auditpol_csv import write_auditpol_csv
from .export.ldif import write_ldif
from .export.metabase_xml import write_metabase_xml
from .export.reg_export import write_reg_export
from .host import Host
from .icacls import display
from .logon import Caller, logon_user
from .metabase import Metabase
from .render_events import legacy_csv, security_events_xml
from .variety import Variety, variety_of

#: Local groups the collector lists (those rights and ACLs name in the KB 909887 causes).
GROUPS = ("Administrators", "Guests", "Users", "IIS_IUSRS", "IIS_WPG")
_PROBE = Caller(r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", 3120)


@attrs.frozen
class BundleOptions:
    """Which files to write; ``evidence_only`` leaves out the account files (net user, net
    localgroup, ad.ldif) to test a diagnosis from configuration, events and logs alone."""

    url: str = "/"
    probe: bool = True
    evidence_only: bool = False
    include: frozenset[str] | None = None  # only these file names (case-insensitive), if set
    #: The shapes of the files (simulator.variety): a Variety, a seed for ``Variety.seeded``, or
    #: None for the variety the host was built with (none, unless its HostSpec had one).
    variety: Variety | int | None = None


def bundle_variety(host: Host, options: BundleOptions) -> Variety:
    """The variety a bundle of ``host`` is written with under ``options``."""
    chosen = options.variety
    if chosen is None:
        return variety_of(host)
    if isinstance(chosen, Variety):
        return chosen
    return Variety.seeded(chosen, legacy=host.iis.legacy, domain=host.domain is not None)


def write_bundle(
    host: Host, directory: Path, options: BundleOptions = BundleOptions()
) -> list[str]:
    """Write the bundle; returns the file names written, in the order they were."""
    if not host.running:
        raise ModelError(
            f"{host.computer_name} is stopped (bug check 0x{host.stop_code or 0:08X}): "
            "restart it before collecting"
        )
    directory.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    variety = bundle_variety(host, options)

    def put(name: str, data: bytes) -> None:
        if options.include is not None and name.lower() not in options.include:
            return
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(name)

    put("host.json", _host_json(host, variety))
    config = host.iis.config
    if isinstance(config, Metabase):
        put("MetaBase.xml", write_metabase_xml(_varied_metabase(config, variety)))
    elif isinstance(config, AppHostConfig):
        ids = {1: variety.site_id} if variety.site_id != 1 else None
        put("applicationHost.config", write_applicationhost_config(config, site_ids=ids))
    secedit = render_secedit(host)
    if variety.secedit_duplicate:
        secedit = _duplicate_key(secedit)
    put("secedit.inf", ("\ufeff" + secedit).encode("utf-16-le"))
    put("lsa.reg", write_reg_export(host.registry, reg.LSA))
    if not host.os.legacy_events:
        put("auditpol.csv", write_auditpol_csv(host))
    settings = host.iis.settings_for(options.url)
    account: Account | None = None
    if settings.identity is Identity.ACCOUNT:
        user, domain = settings.split_user()
        account = host.find_account(user, domain)
        if options.probe and _probe_is_safe(host):
            put("probe.json", _probe(host, options.url))
        if not options.evidence_only:
            # The collector runs `net user` with the account name (a UPN's part before the @).
            name = account.name if account is not None else user.split("@")[0]
            put(f"net-user-{name}.txt", _net_user(host, user, domain, account).encode("utf-8"))
            if account is not None and account.is_domain and host.domain is not None:
                ldif = write_ldif(
                    host.domain,
                    [account],
                    host.now(),
                    style=variety.ldif,
                    groups=not variety.unexported_groups,
                    builtin=_builtin_aliases(host, account) if variety.unexported_groups else None,
                )
                put("ad.ldif", ldif)
    if not options.evidence_only:
        for name in GROUPS:
            group = host.sam.find_group(name)
            if group is not None:
                text = net_render.render_net_localgroup(host, group)
                put(f"net-localgroup-{name}.txt", text.encode("utf-8"))
    events = list(host.security_log.records())
    if host.os.legacy_events:
        patterns = None
        if variety.regional != "en-US":
            patterns = (variety.date_format, variety.time_format)
        put("Security.csv", legacy_csv(events, host.clock.tz, patterns).encode("utf-8"))
    else:
        put("Security.xml", security_events_xml(events, host.os).encode("utf-8"))
    put("Security-log.txt", _log_text(host, with_gli=variety.gli).encode("utf-8"))
    for site, files in host.iis.log_files().items():
        folder = f"W3SVC{variety.site_id}" if site.upper() == "W3SVC1" else site
        for name, lines in files.items():
            if folder != site:
                lines = [_rename_site(line, site, folder) for line in lines]
            put(f"{folder}/{name}", ("\r\n".join(lines) + "\r\n").encode("utf-8"))
    put("icacls.txt", _icacls(host, settings.physical_path, settings.default_documents))
    return written


def _varied_metabase(metabase: Metabase, variety: Variety) -> Metabase:
    """The metabase as the variety spells it: site 1 under ``site_id`` (and, for a site other
    than 1, the Default Web Site deleted and a new site made under ``site_name``), its ROOT key
    spelled ``root_case``. Without variety, the metabase itself."""
    if variety.site_id == 1 and variety.root_case == "ROOT":
        return metabase

    def rename(location: str) -> str:
        parts = location.split("/")
        site_one = len(parts) > 3 and parts[1].upper() == "LM" and parts[2].upper() == "W3SVC"
        if site_one and parts[3] == "1":
            parts[3] = str(variety.site_id)
            if len(parts) > 4 and parts[4].upper() == "ROOT":
                parts[4] = variety.root_case
        return "/".join(parts)

    keys: list[MetabaseKey] = []
    for key in metabase.all_keys():
        location = rename(key.location)
        properties = {
            name: rename(value) if isinstance(value, str) and value.startswith("/") else value
            for name, value in key.properties.items()
        }
        renamed_site = location != key.location and key.location.upper() == "/LM/W3SVC/1"
        if renamed_site and variety.site_name:
            properties["ServerComment"] = variety.site_name
        keys.append(attrs.evolve(key, location=location, properties=properties))
    return Metabase(keys)


def _builtin_aliases(host: Host, account: Account) -> dict[Sid, list[str]]:
    """The BUILTIN aliases a domain controller's account is in (its SAM's are the domain's)."""
    if not host.is_dc:
        return {}
    names = [host.sam.by_sid(sid) for sid in host.sam.groups_containing(account.sid)]
    return {account.sid: sorted(g.name for g in names if isinstance(g, Group))}


def _rename_site(line: str, old: str, new: str) -> str:
    """A W3C line with the site's log name (s-sitename, W3SVC<id>) as the new id gives it."""
    if line.startswith("#"):
        return line
    return " ".join(new if word.upper() == old.upper() else word for word in line.split(" "))


def _duplicate_key(text: str) -> str:
    """secedit.inf after a hand edit: CrashOnAuditFail appended again under a differently cased
    key; the earlier line keeps a stale value, the later one (the one in effect) the real value.
    """
    lines = text.split("\n")
    marker = "\\control\\lsa\\crashonauditfail="
    found = [i for i, line in enumerate(lines) if marker in line.lower()]
    if not found:
        return text
    index = found[0]
    key, _, value = lines[index].rstrip("\r").partition("=")
    kind, _, data = value.partition(",")
    stale = "0" if data.strip() != "0" else "2"
    ending = "\r" if lines[index].endswith("\r") else ""
    lines[index] = f"{key}={kind},{stale}{ending}"
    last = index
    while last + 1 < len(lines) and lines[last + 1].upper().startswith("MACHINE\\"):
        last += 1
    upper_key = key.replace("\\System\\", "\\SYSTEM\\").replace(
        "CrashOnAuditFail", "crashonauditfail"
    )
    lines.insert(last + 1, f"{upper_key}={value}{ending}")
    return "\n".join(lines)


def _host_json(host: Host, variety: Variety | None = None) -> bytes:
    facts = {
        "computer_name": host.computer_name,
        "domain": host.domain.authority if host.domain else None,
        "is_domain_controller": host.is_dc,
        "iis_version": host.iis.version,
        "os": host.os.value,
        "collected_at": host.clock.local_now().isoformat(timespec="seconds"),
        # `net user` prints dates by the server's regional settings (simulator.admin.net_render).
        "date_format": (variety or Variety()).date_format,
        "time_format": (variety or Variety()).time_format,
    }
    return (json.dumps(facts, indent=2) + "\n").encode("utf-8")


def _probe_is_safe(host: Host) -> bool:
    """The collector skips the probe when its audit could stop the server (CrashOnAuditFail = 1
    and a Security log that is full and may not overwrite): diagnosing must not crash a host."""
    log = host.security_log
    return not (host.lsa.effective_crash_on_audit_fail == 1 and not log.can_write(host.now()))


def _probe(host: Host, url: str) -> bytes:
    settings = host.iis.settings_for(url)
    user, domain = settings.split_user()
    result = logon_user(
        host.logon_machine, user, domain, settings.password, settings.logon_type, _PROBE
    )
    shown = f"{domain}\\{user}" if domain else f"{host.computer_name}\\{user}"
    if domain is None and "@" in user:
        shown = user  # a UPN is handed to LogonUser whole
    facts = {"account": shown, "logon_type": settings.logon_type, "win32_error": result.win32}
    return (json.dumps(facts, indent=2) + "\n").encode("utf-8")


def _net_user(host: Host, user: str, domain: str | None, account: Account | None) -> str:
    if account is None:
        # What `net user NAME` prints for an account that does not exist.
        return (
            "The user name could not be found.\n\n"
            "More help is available by typing NET HELPMSG 2221.\n\n"
        )
    remote = account.is_domain and not host.is_dc
    return net_render.render_net_user(host, account, domain_request=remote)


def _log_text(host: Host, *, with_gli: bool = True) -> str:
    """`wevtutil gl Security` then `wevtutil gli Security`, as the collector writes them (on
    2003, the same fields from the Eventlog registry key and the .evt file's size);
    ``with_gli`` False leaves gli's part out, as a collector that could not run it."""
    if not with_gli:
        return render_wevtutil_gl(host, "Security")
    log = host.security_log
    # An .evtx file grows in 64 KB chunks after a 4 KB header, up to its maximum size.
    size = min(log.settings.max_size, 4096 + -(-log.used // 65536) * 65536)
    gli = [
        "creationTime: 2026-01-01T00:00:00.000Z",
        f"lastWriteTime: {host.now():%Y-%m-%dT%H:%M:%S}.000Z",
        f"fileSize: {size}",
        "attributes: 32",
        f"numberOfLogRecords: {len(log)}",
        "oldestRecordNumber: 1",
    ]
    return render_wevtutil_gl(host, "Security").rstrip("\n") + "\n" + "\n".join(gli) + "\n"


def _icacls(host: Host, folder: str, documents: tuple[str, ...]) -> bytes:
    parts = []
    if host.fs.exists(folder):
        parts.append(display(host.fs, folder, host.name_of))
    for doc in documents:
        path = f"{folder.rstrip(chr(92))}\\{doc}"
        if host.fs.exists(path):
            parts.append(display(host.fs, path, host.name_of))
            break
    return "".join(parts).encode("utf-8")
