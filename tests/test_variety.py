"""The simulator's seeded real-world variety (simulator.variety) reaches the bundle, and the
diagnosis reads it right: each class of variation, a few faults on it, literal finding ids."""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import pytest

from authlab.corpus import write_corpus
from checks.bundle import BundleEvidence
from checks.engine import diagnose
from checks.readers.ldif import read_ldif
from checks.readers.secedit import read_secedit
from simulator.admin.shell import run
from simulator.bundle import BundleOptions, write_bundle
from simulator.factory import HostSpec, build_host
from simulator.faults import Fault, variants
from simulator.host import Host
from simulator.scenario import PLATFORMS
from simulator.variety import Variety, format_pattern

# -- helpers ---------------------------------------------------------------------------------------


def fault(label: str) -> Fault:
    """A fresh catalogue variant: the first whose label starts like ``label`` ("account-expired",
    "content-acl-denied[via=guests]", "logon-right-denied[via=account]")."""
    found = [f for f in variants() if f.label == label or f.label.startswith(label.rstrip("]"))]
    assert found, label
    return found[0]


def broken_host(platform: str, variety: Variety, label: str | None) -> Host:
    spec = attrs.evolve(PLATFORMS[platform], variety=variety)
    host = build_host(spec)
    host.iis.request("/")  # the site worked before it broke
    if label is not None:
        f = fault(label)
        assert f.applies_to(host), (platform, label)
        f.inject(host)
        if host.running:
            host.iis.iisreset()
    return host


def diagnosed(
    tmp_path: Path, platform: str, variety: Variety, label: str | None
) -> tuple[list[str], Path]:
    """The finding ids the diagnosis gives for the bundle of a host with ``variety`` and the
    fault ``label`` injected, and the bundle's directory."""
    host = broken_host(platform, variety, label)
    directory = tmp_path / "bundle"
    write_bundle(host, directory)
    result = diagnose(BundleEvidence(directory))
    return [f.id for f in result.findings], directory


def text(directory: Path, name: str) -> str:
    data = (directory / name).read_bytes()
    if data.startswith(b"\xff\xfe"):
        return data.decode("utf-16")
    return data.decode("utf-8")


# -- 1. sites ------------------------------------------------------------------------------------

IIS6_NEW_SITE = Variety(site_id=1962875481, site_name="SHOP", root_case="root")


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (None, []),
        ("account-disabled", ["account-disabled"]),
        ("anonymous-disabled", ["anonymous-disabled"]),
        ("content-acl-denied[via=account]", ["content-acl-denied"]),
    ],
)
def test_iis6_site_with_a_large_id_and_the_default_site_deleted(
    tmp_path: Path, label: str | None, expected: list[str]
) -> None:
    ids, bundle = diagnosed(tmp_path, "iis6-local", IIS6_NEW_SITE, label)
    assert ids == expected
    metabase = text(bundle, "MetaBase.xml")
    assert 'Location ="/LM/W3SVC/1962875481/root"' in metabase
    assert 'ServerComment="SHOP"' in metabase
    assert 'Location ="/LM/W3SVC/1"\r\n' not in metabase  # the Default Web Site is gone
    assert "Default Web Site" not in metabase
    assert list((bundle / "W3SVC1962875481").glob("*.log"))
    assert not (bundle / "W3SVC1").exists()


@pytest.mark.parametrize("case", ["ROOT", "root", "Root"])
def test_iis6_root_key_in_any_case(tmp_path: Path, case: str) -> None:
    ids, bundle = diagnosed(tmp_path, "iis6-domain", Variety(root_case=case), "account-expired")
    assert ids == ["account-expired"]
    assert f'Location ="/LM/W3SVC/1/{case}"' in text(bundle, "MetaBase.xml")


@pytest.mark.parametrize("site_id", [2, 7, 1962875481])
def test_iis10_site_with_any_id(tmp_path: Path, site_id: int) -> None:
    ids, bundle = diagnosed(tmp_path, "iis10-local", Variety(site_id=site_id), "anonymous-disabled")
    assert ids == ["anonymous-disabled"]
    assert f'<site name="Default Web Site" id="{site_id}">' in text(
        bundle, "applicationHost.config"
    )
    assert list((bundle / f"W3SVC{site_id}").glob("*.log"))


# -- 2. account names ----------------------------------------------------------------------------


@pytest.mark.parametrize("platform", ["iis6-domain", "iis10-domain"])
@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("account-disabled", ["account-disabled"]),
        ("password-mismatch[where=iis]", ["password-mismatch"]),
        ("logon-right-denied[via=account]", ["logon-right-denied"]),
    ],
)
def test_anonymous_user_as_a_upn(
    tmp_path: Path, platform: str, label: str, expected: list[str]
) -> None:
    ids, bundle = diagnosed(tmp_path, platform, Variety(account_form="upn"), label)
    assert ids == expected
    host = json.loads(text(bundle, "host.json"))
    dns = f"{host['domain'].lower()}.example"
    user = "WebAnon" if platform.startswith("iis10") else f"IUSR_{host['computer_name']}"
    config = text(
        bundle, "MetaBase.xml" if platform.startswith("iis6") else "applicationHost.config"
    )
    assert f'="{user}@{dns}"' in config
    assert (bundle / f"net-user-{user}.txt").is_file()
    if platform.startswith("iis10"):
        events = text(bundle, "Security.xml")
        assert f"<Data Name='TargetUserName'>{user}@{dns}</Data>" in events
        assert "<Data Name='TargetDomainName'></Data>" in events
    else:
        assert f"User Name:\t{user}@{dns}" in text(bundle, "Security.csv")
    assert json.loads(text(bundle, "probe.json"))["account"] == f"{user}@{dns}"


@pytest.mark.parametrize(
    ("platform", "form", "spelled"),
    [
        ("iis6-domain", "netbios", r"{DOMAIN}\{user}"),
        ("iis6-domain", "dns", r"{dns}\{user}"),
        ("iis10-domain", "dns", r"{dns}\{user}"),
        ("iis10-domain", "lower", r"{domain}\{user}"),
        ("iis6-local", "netbios", r"{COMPUTER}\{user}"),
        ("iis6-local", "lower", r"{computer}\{user}"),
        ("iis10-local", "mixed", r"{Computer}\{user}"),
        ("iis6-dc", "mixed", r"{Domain}\{user}"),
    ],
)
@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (None, []),
        ("account-locked-out", ["account-locked-out"]),
        ("workstation-restriction", ["workstation-restriction"]),
    ],
)
def test_anonymous_user_with_a_domain_or_computer_in_any_spelling(
    tmp_path: Path,
    platform: str,
    form: str,
    spelled: str,
    label: str | None,
    expected: list[str],
) -> None:
    ids, bundle = diagnosed(tmp_path, platform, Variety(account_form=form), label)
    assert ids == expected
    host = json.loads(text(bundle, "host.json"))
    computer = host["computer_name"]
    domain = host["domain"] or ""
    user = "WebAnon" if platform.startswith("iis10") else f"IUSR_{computer}"
    name = spelled.format(
        DOMAIN=domain,
        Domain=domain.capitalize(),
        domain=domain.lower(),
        dns=f"{domain.lower()}.example",
        COMPUTER=computer,
        Computer=computer.capitalize(),
        computer=computer.lower(),
        user=user,
    )
    config = text(
        bundle, "MetaBase.xml" if platform.startswith("iis6") else "applicationHost.config"
    )
    assert f'="{name}"' in config


# -- 3. dates by the server's regional settings ----------------------------------------------------

#: A date `net user` prints, by culture: the shape of "Password last set" on the host.
DATE_SHAPES = {
    "en-US": r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M",
    "en-GB": r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}",
    "zh-CN": r"\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d{2}:\d{2}",
    "sv-SE": r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}",
}
PATTERNS = {
    "en-US": ("M/d/yyyy", "h:mm:ss tt"),
    "en-GB": ("dd/MM/yyyy", "HH:mm:ss"),
    "zh-CN": ("yyyy/M/d", "H:mm:ss"),
    "sv-SE": ("yyyy-MM-dd", "HH:mm:ss"),
}


def test_format_pattern_writes_net_user_dates() -> None:
    from datetime import datetime

    moment = datetime(2026, 9, 13, 7, 47, 15)
    assert format_pattern(moment, "dd/MM/yyyy HH:mm:ss") == "13/09/2026 07:47:15"
    assert format_pattern(moment, "M/d/yyyy h:mm:ss tt") == "9/13/2026 7:47:15 AM"
    assert format_pattern(moment, "yyyy/M/d H:mm:ss") == "2026/9/13 7:47:15"
    assert format_pattern(moment, "yyyy-MM-dd HH:mm:ss") == "2026-09-13 07:47:15"


@pytest.mark.parametrize("regional", sorted(DATE_SHAPES))
@pytest.mark.parametrize("platform", ["iis6-local", "iis10-domain"])
@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("account-expired", ["account-expired"]),
        ("password-expired", ["password-expired"]),
        ("logon-hours", ["logon-hours"]),
    ],
)
def test_net_user_dates_by_regional_settings(
    tmp_path: Path, regional: str, platform: str, label: str, expected: list[str]
) -> None:
    ids, bundle = diagnosed(tmp_path, platform, Variety(regional=regional), label)
    assert ids == expected
    host = json.loads(text(bundle, "host.json"))
    assert (host["date_format"], host["time_format"]) == PATTERNS[regional]
    user = "WebAnon" if platform.startswith("iis10") else f"IUSR_{host['computer_name']}"
    net_user = text(bundle, f"net-user-{user}.txt")
    assert re.search(r"Password last set +" + DATE_SHAPES[regional] + r"\n", net_user)
    if platform.startswith("iis6"):
        # The 2003 Event Viewer CSV writes its Date and Time columns by the same settings.
        first = text(bundle, "Security.csv").splitlines()[0].split(",")
        assert re.fullmatch(DATE_SHAPES[regional], f"{first[0]} {first[1]}")


def test_en_gb_dates_read_day_first(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    spec = attrs.evolve(
        PLATFORMS["iis6-local"],
        variety=Variety(regional="en-GB"),
        start=datetime(2026, 9, 13, 7, 47, 15, tzinfo=UTC),
    )
    host = build_host(spec)
    account = host.find_account(f"IUSR_{host.computer_name}")
    assert account is not None
    account.last_logon = host.now()
    write_bundle(host, tmp_path)
    assert "Last logon                   13/09/2026 07:47:15\n" in text(
        tmp_path, f"net-user-{account.name}.txt"
    )
    assert diagnose(BundleEvidence(tmp_path)).findings == ()


def test_the_console_prints_net_user_by_the_regional_settings() -> None:
    host = build_host(HostSpec(variety=Variety(regional="sv-SE")))
    result = run(host, f"net user IUSR_{host.computer_name}")
    assert re.search(r"Password last set +\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\n", result.output)
    plain = run(build_host(HostSpec()), f"net user IUSR_{host.computer_name}")
    assert re.search(r"Password last set +\d{1,2}/\d{1,2}/\d{4} .* [AP]M\n", plain.output)


# -- 4. LDIF styles --------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["ldifde", "ldifde-comments", "ldapsearch"])
@pytest.mark.parametrize("platform", ["iis6-domain", "iis10-domain", "iis6-dc"])
@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (None, []),
        ("account-disabled", ["account-disabled"]),
        ("password-must-change", ["password-must-change"]),
        ("logon-hours", ["logon-hours"]),
    ],
)
def test_ldif_styles_with_groups_not_exported(
    tmp_path: Path, style: str, platform: str, label: str | None, expected: list[str]
) -> None:
    variety = Variety(ldif=style, extra_group=True, unexported_groups=True)
    ids, bundle = diagnosed(tmp_path, platform, variety, label)
    assert ids == expected
    ldif = text(bundle, "ad.ldif")
    assert re.search(r"^memberOf: CN=Web Editors,CN=Users,DC=", ldif, re.M)
    assert "dn: CN=Web Editors," not in ldif  # named, not exported
    if platform == "iis6-dc":
        # A DC's BUILTIN aliases are the domain's: IUSR's Guests membership shows, unexported.
        assert re.search(r"^memberOf: CN=Guests,CN=Builtin,DC=", ldif, re.M)
        assert "dn: CN=Guests," not in ldif
    lines = ldif.replace("\r\n", "\n").split("\n")
    if style == "ldapsearch":
        assert lines[0] == "# extended LDIF"
        assert "\r\n" not in ldif
        assert "ref: ldap://ForestDnsZones." in ldif
        assert "result: 0 Success" in ldif
        assert "changetype: add" not in ldif
    elif style == "ldifde-comments":
        assert lines[0].startswith("#CN=NTDS Settings,CN=DC01,")
        assert lines[1] == "#1.2.840.113556.1.4.417"
        assert "changetype: add\r\n" in ldif
    if style != "ldifde":
        assert max(len(line) for line in lines if not line.startswith(("dn:", "#"))) <= 76
    host = json.loads(text(bundle, "host.json"))
    user = "WebAnon" if platform.startswith("iis10") else f"IUSR_{host['computer_name']}"
    assert read_ldif(bundle / "ad.ldif").user(user) is not None
    if style == "ldapsearch":
        assert re.search(r"^ref: ldap://\S{64}\n \S", ldif, re.M)  # folded at 76


# -- 5. Security-log.txt from wevtutil gl alone ----------------------------------------------------


@pytest.mark.parametrize("platform", ["iis6-local", "iis10-local", "iis10-domain"])
@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (None, []),
        ("crash-on-audit-fail", ["crash-on-audit-fail"]),
        ("account-disabled", ["account-disabled"]),
        ("logon-audit-disabled", ["logon-audit-disabled"]),
    ],
)
def test_security_log_text_without_gli(
    tmp_path: Path, platform: str, label: str | None, expected: list[str]
) -> None:
    ids, bundle = diagnosed(tmp_path, platform, Variety(gli=False), label)
    assert ids == expected
    log = text(bundle, "Security-log.txt")
    assert "  maxSize: " in log
    assert "fileSize" not in log and "numberOfLogRecords" not in log


def test_a_full_log_without_gli_is_inconclusive(tmp_path: Path) -> None:
    """Without gli's fileSize nothing in the bundle shows the log is full: the diagnosis says
    what it lacks (so the corpus keeps gli for this fault)."""
    host = broken_host("iis10-local", Variety(gli=False), "security-log-full[max_size=1048576]")
    write_bundle(host, tmp_path)
    result = diagnose(BundleEvidence(tmp_path))
    assert [f.id for f in result.findings] == []
    assert [m.check for m in result.missing] == ["security-log-full"]
    assert result.verdict.value == "inconclusive"


# -- 6. inherit-only ACL entries -------------------------------------------------------------------


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (None, []),
        ("content-acl-denied[via=account]", ["content-acl-denied"]),
        ("content-acl-denied[via=guests]", ["content-acl-denied"]),
        ("account-expired", ["account-expired"]),
    ],
)
def test_inherit_only_entries_in_the_content_acl(
    tmp_path: Path, platform: str, label: str | None, expected: list[str]
) -> None:
    variety = Variety(inherit_only=True)
    if label == "content-acl-denied[via=guests]":
        probe = build_host(attrs.evolve(PLATFORMS[platform], variety=variety))
        if not fault(label).applies_to(probe):
            pytest.skip("the anonymous account is not in Guests here")
    ids, bundle = diagnosed(tmp_path, platform, variety, label)
    assert ids == expected
    acl = text(bundle, "icacls.txt")
    assert "CREATOR OWNER:(OI)(CI)(IO)(F)" in acl
    if label != "content-acl-denied[via=guests]":
        assert "BUILTIN\\Guests:(CI)(IO)(DENY)(RX)" in acl


# -- 7. a hand-edited secedit export ---------------------------------------------------------------


@pytest.mark.parametrize("platform", ["iis6-local", "iis10-domain", "iis6-dc"])
@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (None, []),
        ("crash-on-audit-fail", ["crash-on-audit-fail"]),
        ("logon-right-denied[via=account]", ["logon-right-denied"]),
    ],
)
def test_secedit_with_a_key_duplicated_in_another_case(
    tmp_path: Path, platform: str, label: str | None, expected: list[str]
) -> None:
    ids, bundle = diagnosed(tmp_path, platform, Variety(secedit_duplicate=True), label)
    assert ids == expected
    secedit = text(bundle, "secedit.inf")
    first = re.search(
        r"MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\CrashOnAuditFail=4,(\d)", secedit
    )
    later = re.search(
        r"MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\crashonauditfail=4,(\d)", secedit
    )
    assert first is not None and later is not None
    assert first.start() < later.start() and first.group(1) != later.group(1)
    # The reader keeps the later line (the value in effect) and warns about the earlier one.
    doc = read_secedit(bundle / "secedit.inf")
    path = r"MACHINE\System\CurrentControlSet\Control\Lsa\CrashOnAuditFail"
    assert doc.registry_dword(path) == int(later.group(1))
    assert len(doc.warnings) == 1


# -- the knob --------------------------------------------------------------------------------------


def test_seeded_variety_is_deterministic_and_the_default_changes_nothing(tmp_path: Path) -> None:
    assert Variety.seeded(5) == Variety.seeded(5)
    assert len({Variety.seeded(seed) for seed in range(20)}) > 10
    assert Variety.seeded(3, domain=False).account_form in ("plain", "netbios", "lower", "mixed")
    assert Variety().to_json() == {}
    for platform in ("iis6-local", "iis10-domain"):
        plain, varied = tmp_path / f"{platform}-plain", tmp_path / f"{platform}-default"
        write_bundle(build_host(PLATFORMS[platform]), plain)
        write_bundle(build_host(attrs.evolve(PLATFORMS[platform], variety=Variety())), varied)
        for path in plain.rglob("*"):
            if path.is_file():
                assert path.read_bytes() == (varied / path.relative_to(plain)).read_bytes()


def test_bundle_options_take_a_variety_seed(tmp_path: Path) -> None:
    variety = Variety.seeded(11, legacy=True, domain=True)
    host = build_host(PLATFORMS["iis6-domain"])
    write_bundle(host, tmp_path / "a", BundleOptions(variety=11))
    host = build_host(PLATFORMS["iis6-domain"])
    write_bundle(host, tmp_path / "b", BundleOptions(variety=variety))
    for path in (tmp_path / "a").rglob("*"):
        if path.is_file():
            assert (
                path.read_bytes()
                == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()
            )
    assert (tmp_path / "a" / f"W3SVC{variety.site_id}").is_dir() or not host.iis.log_files()


@pytest.mark.parametrize("platform", ["iis6-domain", "iis10-local"])
def test_a_corpus_with_variety_is_diagnosed_as_its_index_says(
    tmp_path: Path, platform: str
) -> None:
    entries = write_corpus(tmp_path, seed=3, platforms=[platform], variety=9)
    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    assert index["variety"] == 9
    assert all("variety" in item for item in index["bundles"])
    assert len({json.dumps(item["variety"], sort_keys=True) for item in index["bundles"]}) > 5
    wrong = []
    for entry in entries:
        result = diagnose(BundleEvidence(tmp_path / entry.bundle))
        found = tuple(f.id for f in result.findings)
        if found != entry.expected.expected_findings:
            wrong.append((entry.bundle, entry.expected.variety, found))
    assert wrong == []
    assert len(entries) > 20


def test_the_corpus_command_takes_a_variety_seed(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from authlab.cli import main

    root = tmp_path / "c"
    args = ["corpus", str(root), "--platform", "iis10-local", "--variety", "4"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    index = json.loads((root / "index.json").read_text(encoding="utf-8"))
    assert index["variety"] == 4
    first = index["bundles"][0]
    expected = json.loads((root / first["bundle"] / "expected.json").read_text(encoding="utf-8"))
    assert expected["variety"] == first["variety"]
    host = json.loads((root / first["bundle"] / "host.json").read_text(encoding="utf-8"))
    assert host["date_format"] == Variety(**first["variety"]).date_format


@pytest.mark.parametrize("style", ["ldifde", "ldapsearch"])
@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("logon-right-denied[via=guests]", ["logon-right-denied"]),
        ("logon-right-denied[via=account,layer=gpo]", ["logon-right-denied"]),
        ("logon-right-missing", ["logon-right-missing"]),
    ],
)
def test_a_dc_export_naming_builtin_groups_it_does_not_hold(
    tmp_path: Path, style: str, label: str, expected: list[str]
) -> None:
    variety = Variety(ldif=style, unexported_groups=True)
    ids, bundle = diagnosed(tmp_path, "iis6-dc", variety, label)
    assert ids == expected
    assert re.search(r"^memberOf: CN=Guests,CN=Builtin,DC=", text(bundle, "ad.ldif"), re.M)
