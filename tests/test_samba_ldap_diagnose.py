"""`authlab diagnose --ldap`: a live directory (the Samba DC) in place of the bundle's ad.ldif,
or on its own with --account."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from authlab.cli import main
from authlab.samba_dc import SambaDC
from checks.live_directory import LdapOptions, LiveDirectory
from simulator.bundle import write_bundle
from simulator.events import OsFamily
from simulator.factory import HostSpec, build_host
from winfacts.secret import Secret

ADMIN = "Administrator@LAB.EXAMPLE"
USER_PASSWORD = "Live-Pass-2026!"
WRONG_PASSWORD = "Not-The-Admin-Pass-77"
#: The account the simulated member server's IIS configuration names (CARROLL\WebAnon).
IIS_USER = "WebAnon"
#: Nothing listens here: the DCs of the harness take 127.0.0.10 and up, one per worker.
NOBODY = "ldaps://127.0.0.249:636"


@pytest.fixture(scope="module")
def dc(authlab_samba_dc: SambaDC) -> SambaDC:
    return authlab_samba_dc


def _user(dc: SambaDC, name: str) -> str:
    """A fresh enabled account ``name`` (another test may have left one behind)."""
    dc.samba_tool("user", "delete", name)
    done = dc.samba_tool("user", "create", name, USER_PASSWORD)
    assert done.returncode == 0, done.stderr
    return name


def _sid(dc: SambaDC, group: str) -> str:
    shown = dc.samba_tool("group", "show", group, "--attributes=objectSid").stdout
    return next(
        line.split(": ", 1)[1].strip() for line in shown.splitlines() if "objectSid" in line
    )


def _ticks(moment: datetime) -> str:
    """A FILETIME as AD stores it: 100-ns intervals since 1601-01-01 UTC."""
    return str((moment - datetime(1601, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1) * 10)


def _bundle(tmp_path: Path) -> Path:
    """A member server whose anonymous user is the domain account CARROLL\\WebAnon, with only
    its configuration and accounts: no logs or probe to say how logons went, so the directory
    decides."""
    host = build_host(HostSpec(os=OsFamily.WS2022, account="domain"))
    host.iis.request("/")
    folder = tmp_path / "bundle"
    write_bundle(host, folder)
    for name in ("ad.ldif", "probe.json", "Security.xml"):
        (folder / name).unlink(missing_ok=True)
    for log in folder.glob("W3SVC*/*.log"):
        log.unlink()
    assert host.iis.settings_for("/").user_name == f"CARROLL\\{IIS_USER}"
    return folder


def _deny_network_logon(folder: Path, sid: str) -> None:
    """secedit.inf with the SID added to SeDenyNetworkLogonRight, as secedit writes it."""
    path = folder / "secedit.inf"
    text = path.read_bytes().decode("utf-16")
    line = "SeDenyNetworkLogonRight = Guest"
    assert line in text
    path.write_bytes(text.replace(line, f"{line},*{sid}").encode("utf-16"))


def _run(
    dc: SambaDC, args: list[str], *, password: str | None = None, stdin: str | None = None
) -> tuple[int, str, str]:
    env: dict[str, str | None] = {
        "AUTHLAB_LDAP_PASSWORD": password or dc.spec.admin_password.reveal()
    }
    if stdin is not None:
        env["AUTHLAB_LDAP_PASSWORD"] = None  # the prompt is what asks
    result = CliRunner().invoke(main, ["diagnose", *args], env=env, input=stdin)
    shown = result.stdout + result.stderr
    for secret in (dc.spec.admin_password.reveal(), USER_PASSWORD, WRONG_PASSWORD):
        assert secret not in shown
    return result.exit_code, result.stdout, result.stderr


def _alone(dc: SambaDC, account: str, *extra: str, **kwargs: Any) -> tuple[int, str, str]:
    """The directory alone: no bundle, the account named with --account."""
    args = ["--format", "json", "--ldap", dc.ldaps_url, "--account", account, *extra]
    return _run(dc, args, **kwargs)


def _with_bundle(dc: SambaDC, folder: Path, *extra: str, **kwargs: Any) -> tuple[int, str, str]:
    args = ["--bundle", str(folder), "--format", "json", "--ldap", dc.ldaps_url, *extra]
    return _run(dc, args, **kwargs)


def _ids(out: str) -> list[str]:
    return [finding["id"] for finding in json.loads(out)["findings"]]


# -- groups: tokenGroups -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nested(dc: SambaDC) -> str:
    """iusr_nest: directly in TokInner, which is in TokOuter; also in TokDist, a distribution
    group (no part of a token); its primary group is Domain Users."""
    user = _user(dc, "iusr_nest")
    for group in ("TokInner", "TokOuter", "TokDist"):
        dc.samba_tool("group", "delete", group)
    assert dc.samba_tool("group", "add", "TokInner").returncode == 0
    assert dc.samba_tool("group", "add", "TokOuter").returncode == 0
    assert dc.samba_tool("group", "add", "TokDist", "--group-type=Distribution").returncode == 0
    assert dc.samba_tool("group", "addmembers", "TokInner", user).returncode == 0
    assert dc.samba_tool("group", "addmembers", "TokOuter", "TokInner").returncode == 0
    assert dc.samba_tool("group", "addmembers", "TokDist", user).returncode == 0
    return user


def test_the_groups_are_the_token_with_nesting_and_the_primary_group(
    dc: SambaDC, nested: str
) -> None:
    live = LiveDirectory(LdapOptions(dc.ldaps_url, ADMIN, dc.spec.admin_password, insecure=True))
    document = live.document(nested)
    user = document.user(nested)
    assert user is not None
    groups = document.groups_of(user)
    # Domain Users is the primary group (memberOf leaves it out) and is in BUILTIN\Users.
    assert sorted(g.name for g in groups) == ["Domain Users", "TokInner", "TokOuter", "Users"]
    assert all(g.exported for g in groups)
    assert not document.membership_partial(user)
    assert [str(g.sid) for g in groups if g.name == "Users"] == ["S-1-5-32-545"]


def test_a_group_the_bind_account_may_not_read_leaves_the_token_partial(dc: SambaDC) -> None:
    """tokenGroups names TokHidden's SID, but an ACL hides the group from the account itself
    (bound as itself, not as an administrator): the membership is known only in part."""
    user = _user(dc, "iusr_hidden")
    dc.samba_tool("group", "delete", "TokHidden")
    assert dc.samba_tool("group", "add", "TokHidden").returncode == 0
    assert dc.samba_tool("group", "addmembers", "TokHidden", user).returncode == 0
    hidden = _sid(dc, "TokHidden")
    shown = dc.samba_tool("user", "show", user, "--attributes=objectSid").stdout
    own = next(line.split(": ", 1)[1].strip() for line in shown.splitlines() if "objectSid" in line)
    deny = dc.samba_tool(
        "dsacl",
        "set",
        f"--objectdn=CN=TokHidden,CN=Users,{dc.base_dn}",
        f"--sddl=(D;;RPLCLORC;;;{own})",
    )
    assert deny.returncode == 0, deny.stderr
    options = LdapOptions(dc.ldaps_url, f"{user}@lab.example", Secret(USER_PASSWORD), insecure=True)
    document = LiveDirectory(options).document(user)
    found = document.user(user)
    assert found is not None
    assert sorted(g.name for g in document.groups_of(found)) == ["Domain Users", "Users"]
    assert document.membership_partial(found)
    assert document.unexported_groups(found) == (f"<SID={hidden}>",)


def test_a_right_denied_to_a_group_two_levels_up(dc: SambaDC, nested: str, tmp_path: Path) -> None:
    folder = _bundle(tmp_path)
    _user(dc, IIS_USER)
    assert dc.samba_tool("group", "addmembers", "TokInner", IIS_USER).returncode == 0
    outer = _sid(dc, "TokOuter")
    _deny_network_logon(folder, outer)
    code, out, err = _with_bundle(dc, folder, "--bind", ADMIN, "--insecure")
    assert (code, err) == (1, "")
    assert _ids(out) == ["logon-right-denied"]
    detail = json.loads(out)["findings"][0]["evidence"][0]["detail"]
    assert detail.endswith(f"lists *{outer}; {dc.ldaps_url} lists {outer} among its groups")


def test_a_right_denied_to_the_primary_group(dc: SambaDC, tmp_path: Path) -> None:
    folder = _bundle(tmp_path)
    _user(dc, IIS_USER)
    domain_users = _sid(dc, "Domain Users")
    assert domain_users.endswith("-513")
    _deny_network_logon(folder, domain_users)
    code, out, err = _with_bundle(dc, folder, "--bind", ADMIN, "--insecure")
    assert (code, err) == (1, "")
    assert _ids(out) == ["logon-right-denied"]
    assert f"lists *{domain_users}; " in json.loads(out)["findings"][0]["evidence"][0]["detail"]


def test_a_right_denied_to_a_primary_group_that_is_not_domain_users(
    dc: SambaDC, tmp_path: Path
) -> None:
    """memberOf never names the primary group, and TokPrimary's RID is not a well-known one:
    only tokenGroups says the account is in it."""
    folder = _bundle(tmp_path)
    _user(dc, IIS_USER)
    dc.samba_tool("group", "delete", "TokPrimary")
    assert dc.samba_tool("group", "add", "TokPrimary").returncode == 0
    assert dc.samba_tool("group", "addmembers", "TokPrimary", IIS_USER).returncode == 0
    assert dc.samba_tool("user", "setprimarygroup", IIS_USER, "TokPrimary").returncode == 0
    primary = _sid(dc, "TokPrimary")
    _deny_network_logon(folder, primary)
    code, out, err = _with_bundle(dc, folder, "--bind", ADMIN, "--insecure")
    assert (code, err) == (1, "")
    assert _ids(out) == ["logon-right-denied"]
    detail = json.loads(out)["findings"][0]["evidence"][0]["detail"]
    assert detail.endswith(f"lists *{primary}; {dc.ldaps_url} lists {primary} among its groups")


# -- a broken account ----------------------------------------------------------------------------


def test_a_disabled_account_with_a_bundle(dc: SambaDC, tmp_path: Path) -> None:
    folder = _bundle(tmp_path)
    _user(dc, IIS_USER)
    assert dc.samba_tool("user", "disable", IIS_USER).returncode == 0
    code, out, err = _with_bundle(dc, folder, "--bind", ADMIN, "--insecure")
    assert (code, err) == (1, "")
    assert _ids(out) == ["account-disabled"]
    assert json.loads(out)["findings"][0]["account"] == "CARROLL\\WebAnon"
    assert f'"source": "{dc.ldaps_url}' in out


def test_an_account_that_expired_after_the_bundle_was_collected(
    dc: SambaDC, tmp_path: Path
) -> None:
    """The directory is read now, so its account is judged now, not at host.json's
    collected_at (2026-11-24 08:30 UTC, when it had not expired yet)."""
    folder = _bundle(tmp_path)
    _user(dc, IIS_USER)
    yesterday = datetime.now(UTC) - timedelta(days=1)
    assert yesterday > datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
    dc.set_attribute(IIS_USER, "accountExpires", _ticks(yesterday))
    code, out, err = _with_bundle(dc, folder, "--bind", ADMIN, "--insecure")
    assert (code, err) == (1, "")
    assert _ids(out) == ["account-expired"]


def test_a_disabled_account_alone(dc: SambaDC) -> None:
    _user(dc, "iusr_off")
    assert dc.samba_tool("user", "disable", "iusr_off").returncode == 0
    code, out, err = _alone(dc, "iusr_off", "--bind", ADMIN, "--insecure")
    assert (code, err) == (1, "")
    found = json.loads(out)
    assert found["verdict"] == "faulty"
    assert _ids(out) == ["account-disabled"]
    assert found["findings"][0]["account"] == "LAB\\iusr_off"


def test_a_locked_out_account_alone(dc: SambaDC) -> None:
    """Locked a minute ago; the domain's lockoutDuration is Samba's default 30 minutes."""
    _user(dc, "iusr_locked")
    dc.set_attribute("iusr_locked", "lockoutTime", _ticks(datetime.now(UTC) - timedelta(minutes=1)))
    code, out, err = _alone(dc, "LAB\\iusr_locked", "--bind", ADMIN, "--insecure")
    assert (code, err) == (1, "")
    assert _ids(out) == ["account-locked-out"]


def test_an_expired_account_alone_by_its_upn(dc: SambaDC) -> None:
    _user(dc, "iusr_old")
    dc.set_attribute("iusr_old", "accountExpires", "132223104000000000")  # 2020-01-01 00:00 UTC
    code, out, err = _alone(dc, "iusr_old@lab.example", "--bind", ADMIN, "--insecure")
    assert (code, err) == (1, "")
    assert _ids(out) == ["account-expired"]
    assert "2020-01-01 00:00 UTC" in out


def test_a_password_that_must_change_alone(dc: SambaDC) -> None:
    _user(dc, "iusr_change")
    dc.set_attribute("iusr_change", "pwdLastSet", "0")
    code, out, err = _alone(dc, "iusr_change", "--bind", ADMIN, "--insecure")
    assert (code, err) == (1, "")
    assert _ids(out) == ["password-must-change"]


def test_a_healthy_account_alone_is_inconclusive(dc: SambaDC) -> None:
    """Nothing in the directory is wrong, and what a bundle would show (rights, the IIS
    configuration, the logs) is not there: no finding, and the checks that need it missing."""
    _user(dc, "iusr_fine")
    code, out, err = _alone(dc, "iusr_fine", "--bind", ADMIN, "--insecure")
    assert (code, err) == (3, "")
    found = json.loads(out)
    assert (found["verdict"], found["findings"]) == ("inconclusive", [])
    missing = {m["check"] for m in found["missing"]}
    assert {"password-mismatch", "logon-right-denied", "logon-right-missing"} <= missing
    assert {"crash-on-audit-fail", "content-acl-denied", "password-sync-unusable"} <= missing
    assert not {"account-disabled", "account-locked-out", "account-expired"} & missing


def test_the_password_from_the_prompt(dc: SambaDC) -> None:
    _user(dc, "iusr_prompt")
    assert dc.samba_tool("user", "disable", "iusr_prompt").returncode == 0
    secret = dc.spec.admin_password.reveal()
    code, out, err = _alone(dc, "iusr_prompt", "--bind", ADMIN, "--insecure", stdin=secret + "\n")
    assert code == 1
    assert err == f"Password for {ADMIN}: \n"
    assert _ids(out) == ["account-disabled"]


# -- what the directory does not allow: exit 2 in one line ---------------------------------------


def test_an_account_that_is_not_there(dc: SambaDC, tmp_path: Path) -> None:
    folder = _bundle(tmp_path)
    dc.samba_tool("user", "delete", IIS_USER)
    code, out, err = _with_bundle(dc, folder, "--bind", ADMIN, "--insecure")
    assert (code, out) == (2, "")
    assert err == f"authlab diagnose: {dc.ldaps_url}: has no account 'WebAnon'\n"


def test_an_account_that_is_not_there_alone(dc: SambaDC) -> None:
    dc.samba_tool("user", "delete", "iusr_nobody")
    code, out, err = _alone(dc, "iusr_nobody", "--bind", ADMIN, "--insecure")
    assert (code, out) == (2, "")
    assert err == f"authlab diagnose: {dc.ldaps_url}: has no account 'iusr_nobody'\n"


def test_a_wrong_bind_password(dc: SambaDC, tmp_path: Path) -> None:
    folder = _bundle(tmp_path)
    code, out, err = _with_bundle(
        dc, folder, "--bind", ADMIN, "--insecure", password=WRONG_PASSWORD
    )
    assert (code, out) == (2, "")
    assert err == (
        f"authlab diagnose: {dc.ldaps_url}: refused the bind as {ADMIN!r} ('invalidCredentials')\n"
    )


def test_a_wrong_bind_password_alone(dc: SambaDC) -> None:
    code, out, err = _alone(dc, "iusr_fine", "--bind", ADMIN, "--insecure", password=WRONG_PASSWORD)
    assert (code, out) == (2, "")
    assert err == (
        f"authlab diagnose: {dc.ldaps_url}: refused the bind as {ADMIN!r} ('invalidCredentials')\n"
    )


def test_an_anonymous_bind_the_directory_will_not_search_for(dc: SambaDC) -> None:
    """Samba, as AD, takes an anonymous bind and then refuses to search: that is not an
    account that is missing."""
    code, out, err = _alone(dc, "iusr_fine", "--insecure")
    assert (code, out) == (2, "")
    assert err == (
        f"authlab diagnose: {dc.ldaps_url}: refused to search as 'anonymous' ('operationsError': "
        "'00002020: Operation unavailable without authentication'); give --bind\n"
    )


def test_a_certificate_that_does_not_verify(dc: SambaDC, tmp_path: Path) -> None:
    folder = _bundle(tmp_path)
    code, out, err = _with_bundle(dc, folder, "--bind", ADMIN)
    assert (code, out) == (2, "")
    assert err == (
        f"authlab diagnose: {dc.ldaps_url}: presents a certificate that does not verify; give "
        "the CA with --ca-file, or --insecure to read it anyway\n"
    )


def test_a_ca_file_that_did_not_issue_the_certificate(dc: SambaDC, tmp_path: Path) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed (it makes the unrelated CA)")
    other = tmp_path / "other-ca.pem"
    made = subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=Another CA", "-keyout", str(tmp_path / "key.pem"), "-out", str(other)),
        ],
        capture_output=True,
        check=False,
    )
    assert made.returncode == 0
    code, out, err = _alone(dc, "iusr_fine", "--bind", ADMIN, "--ca-file", str(other))
    assert (code, out) == (2, "")
    assert err == (
        f"authlab diagnose: {dc.ldaps_url}: presents a certificate that {str(other)!r} does not "
        "vouch for; give the CA that issued it, or --insecure to read it anyway\n"
    )


def test_the_right_ca_but_not_the_name_the_certificate_holds(dc: SambaDC) -> None:
    """Samba's certificate is issued to DC1.lab.example; the harness reaches it by address."""
    assert dc.root is not None
    ca = dc.root / "private" / "tls" / "ca.pem"
    code, out, err = _alone(dc, "iusr_fine", "--bind", ADMIN, "--ca-file", str(ca))
    assert (code, out) == (2, "")
    assert err == (
        f"authlab diagnose: {dc.ldaps_url}: presents a certificate that is not issued to "
        f"{dc.address!r}; connect by a name the certificate holds, or --insecure to read it "
        "anyway\n"
    )


def test_a_host_that_does_not_answer(dc: SambaDC, tmp_path: Path) -> None:
    folder = _bundle(tmp_path)
    code, out, err = _run(dc, ["--bundle", str(folder), "--ldap", NOBODY, "--insecure"])
    assert (code, out) == (2, "")
    assert err.startswith(f"authlab diagnose: {NOBODY}: does not answer (")
    assert err.count("\n") == 1


def test_a_host_that_does_not_answer_alone(dc: SambaDC) -> None:
    code, out, err = _run(dc, ["--ldap", NOBODY, "--account", "iusr_fine", "--bind", ADMIN])
    assert (code, out) == (2, "")
    assert err.startswith(f"authlab diagnose: {NOBODY}: does not answer (")
    assert err.count("\n") == 1


# -- usage: no directory needed ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give --bundle DIR, or --ldap with --account to read the directory alone"),
        (
            ["--ldap", NOBODY],
            "give --bundle DIR, or --ldap with --account to read the directory alone",
        ),
        (
            ["--bundle", ".", "--ldap", NOBODY, "--account", "iusr"],
            "--account is for --ldap without --bundle: the bundle's IIS configuration names the "
            "anonymous account",
        ),
        (
            ["--bundle", ".", "--account", "iusr"],
            "--account is for --ldap without --bundle: the bundle's IIS configuration names the "
            "anonymous account",
        ),
        (
            ["--ldap", NOBODY, "--account", "iusr", "--insecure", "--ca-file", "."],
            None,
        ),
    ],
)
def test_usage(args: list[str], message: str | None, tmp_path: Path) -> None:
    if message is None:
        ca = tmp_path / "ca.pem"
        ca.write_text("")
        args = [*args[:-1], str(ca)]
        message = "--ca-file and --insecure: choose one"
    result = CliRunner().invoke(main, ["diagnose", *args])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(f"{message}\n")
