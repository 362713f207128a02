"""The samba backend: the simulated web server in a real Samba AD domain.

These tests show that the DC, not the simulator's directory, decides: a change made on the DC
behind the web server's back changes what a visitor gets; ``net user ... /domain`` typed into
the simulated server lands in the real directory; the DC's lockout follows the scenario's
clock; the token's groups are the directory's tokenGroups."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import ldap3
import pytest

from authlab.backends import UnavailableBackend
from authlab.backends.samba import SambaBackend
from authlab.samba_dc import SambaDC
from simulator.accounts import GroupScope


@pytest.fixture
def backend(authlab_samba_backend: SambaBackend) -> SambaBackend:
    return authlab_samba_backend


def _entry(dc: SambaDC, user: str, *attributes: str) -> dict[str, list[bytes]]:
    connection = dc.admin_connection()
    connection.search(
        dc.base_dn, f"(sAMAccountName={user})", ldap3.SUBTREE, attributes=list(attributes)
    )
    found = [e for e in connection.response if e.get("type") == "searchResEntry"]
    assert len(found) == 1, found
    raw: dict[str, list[bytes]] = found[0]["raw_attributes"]
    return raw


def test_the_host_is_built_in_the_dcs_domain(backend: SambaBackend) -> None:
    info = backend.start("iis10-domain", seed=3)
    assert info.domain == "LAB"
    assert info.anonymous_authority == "LAB"
    assert backend.host.domain is not None
    assert backend.host.domain.dns_name == "lab.example"
    assert str(backend.host.domain.authority_sid) == backend.dc.domain_sid
    # the account exists on the DC with the simulator's own SID
    account = backend.host.domain.user(info.anonymous_user)
    raw = _entry(backend.dc, info.anonymous_user, "objectSid")
    assert raw["objectSid"][0] == account.sid.to_bytes()


def test_a_change_on_the_dc_behind_the_servers_back_decides_the_request(
    backend: SambaBackend,
) -> None:
    info = backend.start("iis10-domain", seed=4)
    done = backend.dc.samba_tool("user", "disable", info.anonymous_user)
    assert done.returncode == 0, done.stderr
    # the simulator's own copy still says enabled: only the DC knows
    assert backend.host.domain is not None
    assert backend.host.domain.user(info.anonymous_user).enabled
    response = backend.request("/")
    assert (response.status, response.substatus, response.win32) == (401, 1, 1331)
    # and net user on the server reads it from the DC, as the real one does
    code, output = backend.run(f"net user {info.anonymous_user} /domain")
    assert code == 0, output
    assert re.search(r"^Account active\s+No$", output, re.MULTILINE), output


def test_a_lockout_and_expiry_set_on_the_dc_show_in_the_servers_net_user(
    backend: SambaBackend,
) -> None:
    info = backend.start("iis10-domain", seed=8)
    done = backend.dc.samba_tool("user", "setexpiry", info.anonymous_user, "--days=2")
    assert done.returncode == 0, done.stderr
    code, output = backend.run(f"net user {info.anonymous_user} /domain")
    assert code == 0, output
    # the scenario starts on 2026-11-24 08:30 (the simulator's clock): two days on, in its time
    assert re.search(r"^Account expires\s+11/26/2026 8:30:0\d AM$", output, re.MULTILINE), output


def test_net_user_on_the_server_writes_the_real_directory(backend: SambaBackend) -> None:
    info = backend.start("iis10-domain", seed=5)
    code, output = backend.run(f"net user {info.anonymous_user} /workstations:OTHERPC /domain")
    assert code == 0, output
    raw = _entry(backend.dc, info.anonymous_user, "userWorkstations", "userAccountControl")
    assert raw["userWorkstations"] == [b"OTHERPC"]
    code, output = backend.run(f"net user {info.anonymous_user} /active:no /domain")
    assert code == 0, output
    raw = _entry(backend.dc, info.anonymous_user, "userAccountControl")
    assert int(raw["userAccountControl"][0]) & 0x2 == 0x2


def test_the_dcs_lockout_follows_the_scenarios_clock(backend: SambaBackend) -> None:
    info = backend.start("iis10-domain", seed=6)
    user = f"LAB\\{info.anonymous_user}"
    code, output = backend.run(
        "net accounts /lockoutthreshold:3 /lockoutwindow:30 /lockoutduration:30 /domain"
    )
    assert code == 0, output
    for _ in range(3):
        backend.run(f"net use \\\\{info.computer}\\IPC$ /user:{user} NotThePassword1")
    raw = _entry(backend.dc, info.anonymous_user, "badPwdCount", "lockoutTime")
    assert raw["badPwdCount"] == [b"3"]
    assert int(raw["lockoutTime"][0]) > 0
    assert backend.request("/").win32 == 1909
    backend.wait(timedelta(minutes=29))
    backend.run("iisreset")
    assert backend.request("/").win32 == 1909
    backend.wait(timedelta(minutes=2))
    backend.run("iisreset")
    assert backend.request("/").status == 200


def test_the_tokens_groups_come_from_tokengroups(backend: SambaBackend) -> None:
    info = backend.start("iis10-domain", seed=7)
    host = backend.host
    assert host.domain is not None
    outer = host.domain.new_group("Intranet Readers", GroupScope.GLOBAL)
    inner = host.domain.new_group("Intranet Staff", GroupScope.GLOBAL)
    host.domain.add_member(outer, inner.sid)
    code, output = backend.run(f'net group "Intranet Staff" {info.anonymous_user} /add /domain')
    assert code == 0, output
    account = host.domain.user(info.anonymous_user)
    backend.run("net user Administrator /domain")  # any command: the mirror is written after it
    assert host.dc is not None
    names = sorted(str(host.name_of(sid)) for sid in host.dc.token_groups(account))
    assert names == [
        "LAB\\Domain Users",
        "LAB\\Intranet Readers",
        "LAB\\Intranet Staff",
        f"LAB\\{info.anonymous_user}",
    ]


@pytest.mark.parametrize(
    ("platform", "reason"),
    [
        ("iis10-local", "the anonymous account is local"),
        ("iis6-dc", "IIS 6 on a domain controller"),
    ],
)
def test_what_the_dc_can_not_hold_is_refused_with_the_reason(
    backend: SambaBackend, platform: str, reason: str
) -> None:
    with pytest.raises(UnavailableBackend, match=reason):
        backend.start(platform)


_DOMAIN_ROW = re.compile(r"\|\s*IIS \d+ (with a domain account|on a domain controller)")


def test_every_example_on_a_domain_platform_is_tagged_domain() -> None:
    """The samba run picks scenarios by the ``domain`` tag: a domain platform without it would
    silently not run against the DC."""
    untagged = []
    for feature in sorted(Path("features").glob("*.feature")):
        tags = scenario_tags = block_tags = ""
        block_start = 0
        for number, line in enumerate(feature.read_text().splitlines(), 1):
            text = line.strip()
            if text.startswith("@"):
                tags = text
            elif text.startswith("Scenario"):
                scenario_tags, tags = tags, ""
            elif text.startswith("Examples"):
                block_tags, block_start = f"{scenario_tags} {tags}", number
                tags = ""
            elif _DOMAIN_ROW.match(text) and "@domain" not in block_tags:
                untagged.append(f"{feature.name}:{block_start}")
    assert untagged == []
