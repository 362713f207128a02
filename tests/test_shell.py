"""The simulated command prompt: real command lines change the host as the real tools would."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from simulator import registry as reg
from simulator.admin import net
from simulator.admin.registry import TOOLS, Tool
from simulator.admin.shell import (
    CommandResult,
    expand_variables,
    exported_files,
    run,
    split_command_line,
)
from simulator.apphost import AppHostConfig
from simulator.eventlog import Retention
from simulator.events import OsFamily
from simulator.factory import HostSpec, build_host
from simulator.host import Host
from simulator.metabase import Metabase
from winfacts.secret import Secret

LSA = r"HKLM\SYSTEM\CurrentControlSet\Control\Lsa"
TYPED_PASSWORDS = ("N3w-Passw0rd!", "Wrong-Guess-1", "Fresh#Secret9", "Typed-For-Alice7")


def known_secrets(host: Host) -> set[str]:
    """Every non-empty password the host holds, plus the ones these tests type."""
    found = set(TYPED_PASSWORDS)
    stores = [host.sam] + ([host.domain] if host.domain is not None else [])
    for store in stores:
        for account in store.users():
            found.add(account.password.reveal())
    settings = host.iis.settings_for("/")
    if settings.password is not None:
        found.add(settings.password.reveal())
    return {s for s in found if s}


class Console:
    """Runs command lines and checks every output for every password the host knows."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.outputs: list[str] = []

    def __call__(self, line: str, exit_code: int | None = 0) -> CommandResult:
        result = run(self.host, line)
        self.outputs.append(result.output)
        if exit_code is not None:
            assert result.exit_code == exit_code, (line, result)
        self.check()
        return result

    def check(self) -> None:
        secrets = known_secrets(self.host)
        for text in self.outputs:
            for secret in secrets:
                assert secret not in text


@pytest.fixture
def sh6(iis6: Host) -> Iterator[Console]:
    console = Console(iis6)
    yield console
    console.check()


@pytest.fixture
def sh10(iis10: Host) -> Iterator[Console]:
    console = Console(iis10)
    yield console
    console.check()


def anonymous_name(host: Host) -> str:
    user, _ = host.iis.settings_for("/").split_user()
    return user


def fresh_response(host: Host) -> tuple[str, int]:
    host.iis.iisreset()  # drop the cached anonymous token so the next request logs on again
    response = host.iis.request("/")
    return response.code, response.win32


# -- parsing --------------------------------------------------------------------------------------


def test_split_command_line_follows_windows_quoting() -> None:
    assert split_command_line('net user bob /fullname:"Bob Smith" /active:no') == [
        "net",
        "user",
        "bob",
        "/fullname:Bob Smith",
        "/active:no",
    ]
    assert split_command_line(r"net use \\WEB01\IPC$ /user:CORP\bob") == [
        "net",
        "use",
        r"\\WEB01\IPC$",
        r"/user:CORP\bob",
    ]
    assert split_command_line('a "" b') == ["a", "", "b"]
    assert split_command_line(r'x "a\"b" "c""d"') == ["x", 'a"b', 'c"d']
    assert split_command_line(r'x "C:\dir\\" y') == ["x", "C:\\dir\\", "y"]


def test_percent_variables_expand_like_cmd(iis6: Host, iis10: Host) -> None:
    assert expand_variables(iis6, r"%windir%\system32") == r"C:\WINDOWS\system32"
    assert expand_variables(iis10, r"%SystemRoot%\x %NOPE%") == r"C:\Windows\x %NOPE%"


def test_unknown_command_is_9009(sh6: Console) -> None:
    result = sh6("frobnicate /x", exit_code=9009)
    assert result.output == (
        "'frobnicate' is not recognized as an internal or external command,\n"
        "operable program or batch file.\n"
    )


def test_tools_a_generation_lacks_are_not_recognized(sh6: Console, sh10: Console) -> None:
    sh6('auditpol /get /subcategory:"Logon"', exit_code=9009)
    sh6("wevtutil gl Security", exit_code=9009)
    sh6(r"%windir%\system32\inetsrv\appcmd list config", exit_code=9009)
    result = sh10("cscript adsutil.vbs GET w3svc/AnonymousUserName", exit_code=1)
    assert "Input Error: Can not find script file" in result.output


def test_empty_line_does_nothing(sh6: Console) -> None:
    assert sh6("   ") == CommandResult(0, "")


# -- net user: each switch reaches the request pipeline -------------------------------------------


def test_active_no_then_iisreset_gives_401_1_with_1331(sh6: Console) -> None:
    name = anonymous_name(sh6.host)
    assert sh6(f"net user {name} /active:no").output == "The command completed successfully.\n\n"
    sh6("iisreset")
    response = sh6.host.iis.request("/")
    assert (response.code, response.win32) == ("401.1", 1331)
    sh6(f"NET USER {name} /ACT:YES")  # case-insensitive, abbreviations accepted
    assert fresh_response(sh6.host) == ("200", 0)


def test_iisreset_output_and_cache_flush(sh6: Console) -> None:
    resets = sh6.host.iis.resets
    assert sh6("iisreset").output == (
        "\nAttempting stop...\nInternet services successfully stopped\n"
        "Attempting start...\nInternet services successfully restarted\n\n"
    )
    assert sh6.host.iis.resets == resets + 1


def test_expires_times_workstations_and_logonpasswordchg(sh6: Console) -> None:
    host = sh6.host
    name = anonymous_name(host)
    sh6(f"net user {name} /expires:01/01/2020")
    assert fresh_response(host) == ("401.1", 1793)
    sh6(f"net user {name} /expires:never /workstations:OTHERPC,SECOND")
    assert fresh_response(host) == ("401.1", 1329)
    sh6(f"net user {name} /workstations:*")
    sh6(f"net user {name} /times:Sa,1AM-2AM")  # the clock says Tuesday morning
    assert fresh_response(host) == ("401.1", 1328)
    sh6(f"net user {name} /times:all")
    # "Password never expires" (set on IUSR by IIS setup) outranks "must change" (WL 5).
    net.set_password_never_expires(host, name, False)
    sh6(f"net user {name} /logonpasswordchg:yes")
    assert fresh_response(host) == ("401.1", 1907)
    sh6(f"net user {name} /logonpasswordchg:no")
    assert fresh_response(host) == ("200", 0)


def test_new_password_breaks_until_the_metabase_follows(sh6: Console) -> None:
    host = sh6.host
    name = anonymous_name(host)
    sh6(f"net user {name} {TYPED_PASSWORDS[0]}")
    assert fresh_response(host) == ("401.1", 1326)
    result = sh6(f'cscript adsutil.vbs SET w3svc/AnonymousUserPass "{TYPED_PASSWORDS[0]}"')
    assert result.output.endswith('AnonymousUserPass               : (STRING) "**********"\n')
    stored = host.iis.settings_for("/").password
    assert isinstance(stored, Secret) and stored.reveal() == TYPED_PASSWORDS[0]
    assert fresh_response(host) == ("200", 0)


def test_password_star_and_unknown_options_fail_cleanly(sh6: Console) -> None:
    name = anonymous_name(sh6.host)
    result = sh6(f"net user {name} *", exit_code=1)
    assert "can not ask for a password" in result.output
    result = sh6(f"net user {name} /frobnicate:yes", exit_code=1)
    assert result.output.startswith("The option /FROBNICATE is unknown.\n\nThe syntax")
    result = sh6(f"net user {name} /active:maybe", exit_code=2)
    assert "MAYBE is not a valid value for the /ACTIVE option" in result.output
    result = sh6(f"net user {name} /expires:13/45/2026", exit_code=2)
    assert result.output.startswith("You used an option with an invalid value.")
    assert "Traceback" not in result.output
    # One bad value and nothing on the line is applied, as with net.exe.
    account = sh6.host.account(name)
    sh6(f"net user {name} {TYPED_PASSWORDS[0]} /active:no /times:Funday,1AM", exit_code=2)
    assert account.enabled and account.password.reveal() != TYPED_PASSWORDS[0]
    sh6(f"net user {name} /workstations:A,B,C,D,E,F,G,H,I", exit_code=2)
    assert account.workstations == ()


def test_add_display_fullname_delete(sh6: Console) -> None:
    host = sh6.host
    sh6(f'net user alice {TYPED_PASSWORDS[3]} /add /fullname:"Alice Example" /active:no')
    alice = host.account("alice")
    assert alice.full_name == "Alice Example" and not alice.enabled
    assert alice.password.reveal() == TYPED_PASSWORDS[3]
    result = sh6("net user alice /add", exit_code=2)
    assert result.output.startswith("The account already exists.")
    assert "*Users" in sh6("net user alice").output
    sh6('net user alice /fullname:"Alice B. Example" /comment:"temp" /passwordchg:no')
    assert (alice.full_name, alice.description, alice.user_may_change_password) == (
        "Alice B. Example",
        "temp",
        False,
    )
    sh6("net user alice /delete")
    result = sh6("net user alice", exit_code=2)
    assert result.output == (
        "The user name could not be found.\n\nMore help is available by typing NET HELPMSG 2221.\n"
    )


def test_domain_switch_without_a_domain(sh6: Console) -> None:
    result = sh6("net user Administrator /domain", exit_code=2)
    assert result.output.startswith("System error 1355 has occurred.")


def test_domain_user_changes_through_slash_domain(iis6_domain: Host) -> None:
    sh = Console(iis6_domain)
    name = anonymous_name(iis6_domain)
    result = sh(f"net user {name} /active:no /domain")
    assert result.output.startswith("The request will be processed at a domain controller")
    assert fresh_response(iis6_domain) == ("401.1", 1331)
    sh(f"net user {name} /active:yes /domain")
    assert fresh_response(iis6_domain) == ("200", 0)


# -- groups ---------------------------------------------------------------------------------------


def test_localgroup_add_delete_and_errors(sh6: Console) -> None:
    host = sh6.host
    name = anonymous_name(host)
    guests = host.sam.group("Guests")
    sid = host.account(name).sid
    result = sh6(f"net localgroup Guests {name} /add", exit_code=2)
    assert result.output == (
        "System error 1378 has occurred.\n\n"
        "The specified account name is already a member of the group.\n"
    )
    sh6(f"net localgroup Guests {name} /delete")
    assert sid not in guests.members
    result = sh6(f"net localgroup Guests {name} /delete", exit_code=2)
    assert "System error 1377" in result.output
    sh6(f"net localgroup Guests {name} /add")
    assert sid in guests.members
    assert "System error 1376" in sh6("net localgroup NoSuchGroup", exit_code=2).output
    assert "System error 1332" in sh6("net localgroup Guests nobody /add", exit_code=2).output


def test_adding_the_anonymous_account_to_a_denied_group_via_ntrights(sh6: Console) -> None:
    host = sh6.host
    result = sh6("ntrights -u Guests +r SeDenyNetworkLogonRight")
    assert result.output == "Granting SeDenyNetworkLogonRight to Guests ... successful\n"
    assert fresh_response(host) == ("401.1", 1385)
    result = sh6("ntrights -u Guests -r SeDenyNetworkLogonRight")
    assert result.output == "Revoking SeDenyNetworkLogonRight from Guests ... successful\n"
    assert fresh_response(host) == ("200", 0)
    assert sh6("ntrights -u nobody +r SeNetworkLogonRight", exit_code=1332).output
    assert sh6("ntrights -u Guests +r NotARight", exit_code=1).output


def test_net_group_add_domain(iis6_domain: Host) -> None:
    sh = Console(iis6_domain)
    domain = iis6_domain.domain
    assert domain is not None
    name = anonymous_name(iis6_domain)
    group = domain.group("Web Editors")
    sid = iis6_domain.account(name, domain.authority).sid
    result = sh(f'net group "Web Editors" {name} /add /domain')
    assert result.output == (
        "The request will be processed at a domain controller for domain "
        f"{domain.dns_name}.\n\nThe command completed successfully.\n\n"
    )
    assert sid in group.members
    again = sh(f'net group "Web Editors" {name} /add /domain', exit_code=2)
    assert "The user already belongs to this group." in again.output
    assert f"{name}" in sh('net group "Web Editors" /domain').output
    sh(f'net group "Web Editors" {name} /delete /domain')
    assert sid not in group.members
    assert (
        "only on a Windows Domain Controller"
        in sh(f'net group "Web Editors" {name} /add', exit_code=2).output
    )


# -- net accounts and net use ---------------------------------------------------------------------


def test_net_accounts_changes_policy_and_refuses_bad_combinations(sh6: Console) -> None:
    policy = sh6.host.sam.policy
    sh6("net accounts /lockoutthreshold:3 /lockoutduration:30 /lockoutwindow:30")
    assert policy.lockout_threshold == 3
    result = sh6("net accounts /lockoutwindow:60", exit_code=2)
    assert result.output.startswith("System error 87 has occurred.\n\nThe parameter is incorrect.")
    assert policy.lockout_window == timedelta(minutes=30)
    result = sh6("net accounts /lockoutthreshold:lots", exit_code=2)
    assert "whole number" in result.output
    sh6("net accounts /maxpwage:unlimited /minpwlen:8")
    assert policy.max_password_age is None and policy.min_password_length == 8


def test_net_use_locks_the_anonymous_account_out(sh6: Console) -> None:
    host = sh6.host
    name = anonymous_name(host)
    sh6("net accounts /lockoutthreshold:3 /lockoutduration:30 /lockoutwindow:30")
    target = rf"\\{host.computer_name}\IPC$"
    for _ in range(3):
        result = sh6(
            f"net use {target} /user:{host.computer_name}\\{name} {TYPED_PASSWORDS[1]}", exit_code=2
        )
        assert result.output == (
            "System error 1326 has occurred.\n\nLogon failure: unknown user name or bad password.\n"
        )
    result = sh6(f"net use {target} /user:{name} {TYPED_PASSWORDS[1]}", exit_code=2)
    assert result.output.startswith("System error 1909 has occurred.")
    assert "Locked" in sh6(f"net user {name}").output
    host.iis.iisreset()  # a cached token would hide the lockout for up to 15 minutes
    response = host.iis.request("/")
    assert (response.code, response.win32) == ("401.1", 1909)


def test_net_use_success_modern_texts_and_bad_server(sh10: Console) -> None:
    host = sh10.host
    name = anonymous_name(host)
    password = host.account(name).password.reveal()
    result = run(host, rf"net use \\localhost\IPC$ /user:.\{name} {password}")
    assert result == CommandResult(0, "The command completed successfully.\n\n")
    result = sh10(rf"net use \\localhost\IPC$ /u:.\{name} {TYPED_PASSWORDS[1]}", exit_code=2)
    assert result.output == (
        "System error 1326 has occurred.\n\nThe user name or password is incorrect.\n"
    )
    sh10(f"net user {name} /active:no")
    result = sh10(rf"net use \\localhost\IPC$ /user:{name} {password}", exit_code=2)
    assert "This user can't sign in because this account is currently disabled." in result.output
    result = sh10(rf"net use \\ELSEWHERE\IPC$ /user:{name} x", exit_code=2)
    assert result.output.startswith("System error 53 has occurred.")


# -- policy tools ---------------------------------------------------------------------------------


def test_secedit_export_stores_the_file(sh6: Console) -> None:
    host = sh6.host
    result = sh6(r"secedit /export /cfg C:\secpol.inf")
    assert result.output == (
        "\nThe task has completed successfully.\n"
        "See log %windir%\\security\\logs\\scesrv.log for detail info.\n"
    )
    text = exported_files(host)[r"C:\secpol.inf"]
    assert text.startswith("[Unicode]\r\nUnicode=yes\r\n")
    assert "[Privilege Rights]\r\nSeNetworkLogonRight = *S-1-1-0," in text
    assert "MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\CrashOnAuditFail=4,0\r\n" in text
    assert text.endswith('[Version]\r\nsignature="$CHICAGO$"\r\nRevision=1\r\n')
    sh6(rf"reg add {LSA} /v CrashOnAuditFail /t REG_DWORD /d 1 /f")
    sh6(r"secedit /export /cfg C:\rights.inf /areas USER_RIGHTS")
    rights = exported_files(host)[r"C:\rights.inf"]
    assert "[System Access]" not in rights and "[Privilege Rights]" in rights
    sh6(r"secedit /export /cfg C:\all.inf")
    assert "CrashOnAuditFail=4,1\r\n" in exported_files(host)[r"C:\all.inf"]
    assert exported_files(build_host(HostSpec(seed=1))) == {}
    assert sh6("secedit /export", exit_code=1).output.startswith("Usage")


def test_auditpol_set_and_get(sh10: Console) -> None:
    result = sh10('auditpol /set /subcategory:"Logon" /success:enable /failure:disable')
    assert result.output == "The command was successfully executed.\n"
    setting = sh10.host.lsa.audit_logon()
    assert (setting.success, setting.failure) == (True, False)
    result = sh10('auditpol /get /subcategory:"Logon"')
    assert result.output == (
        "System audit policy\n"
        "Category/Subcategory                      Setting\n"
        "Logon/Logoff\n"
        "  Logon                                   Success\n"
    )
    sh10("auditpol /set /subcategory:Logon /success:disable")
    assert "No Auditing" in sh10("auditpol /get /subcategory:logon").output
    assert sh10('auditpol /set /subcategory:"Logoff" /failure:enable', exit_code=87).output


def test_gpupdate_texts_per_generation(sh6: Console, sh10: Console) -> None:
    assert sh10("gpupdate /force").output == (
        "Updating policy...\n\n"
        "Computer Policy update has completed successfully.\n"
        "User Policy update has completed successfully.\n\n"
    )
    assert sh6("gpupdate").output.startswith(
        "Refreshing Policy...\n\nUser Policy Refresh has completed.\n"
        "Computer Policy Refresh has completed.\n"
    )


def test_gpupdate_applies_an_edited_gpo(iis6_domain: Host) -> None:
    sh = Console(iis6_domain)
    from simulator.admin import secpol

    assert iis6_domain.domain is not None
    name = anonymous_name(iis6_domain)
    secpol.gpo_set_right(
        iis6_domain,
        "Default Domain Policy",
        "SeDenyNetworkLogonRight",
        [f"{iis6_domain.domain.authority}\\{name}"],
    )
    assert fresh_response(iis6_domain) == ("200", 0)  # not applied until the next refresh
    sh("gpupdate /force")
    assert fresh_response(iis6_domain) == ("401.1", 1385)


def test_wmic_useraccount_sets_password_never_expires(sh6: Console) -> None:
    name = anonymous_name(sh6.host)
    account = sh6.host.sam.user(name)
    account.password_never_expires = False
    result = sh6(f"wmic useraccount where name='{name}' set PasswordExpires=false")
    assert result.output == (
        f"Updating property(s) of '\\\\{sh6.host.computer_name}\\ROOT\\CIMV2:"
        f'Win32_UserAccount.Domain="{sh6.host.computer_name}",Name="{name}"\'\n'
        "Property(s) update successful.\n"
    )
    assert account.password_never_expires
    sh6(f"wmic useraccount where \"name='{name}'\" set PasswordExpires=TRUE")
    assert not sh6.host.sam.user(name).password_never_expires
    missing = sh6("wmic useraccount where name='nobody' set PasswordExpires=false")
    assert missing.output == "No Instance(s) Available.\n"
    sh6(f"wmic useraccount where name='{name}' set Lockout=false", exit_code=1)
    sh6(f"wmic useraccount where name='{name}' set PasswordExpires=maybe", exit_code=1)
    sh6("wmic useraccount list brief", exit_code=1)


def test_wmic_on_a_domain_controller_reaches_the_domain_account() -> None:
    host = build_host(
        HostSpec(seed=7, os=OsFamily.WS2003, account="domain", domain_controller=True)
    )
    assert host.domain is not None
    name = anonymous_name(host)
    host.domain.user(name).password_never_expires = False
    Console(host)(f"wmic useraccount where name='{name}' set PasswordExpires=false")
    assert host.domain.user(name).password_never_expires


# -- registry, restart, event log -----------------------------------------------------------------


def test_crash_on_audit_fail_two_after_a_restart(sh6: Console) -> None:
    host = sh6.host
    assert sh6(f"reg add {LSA} /v CrashOnAuditFail /t REG_DWORD /d 2 /f").output == (
        "The operation completed successfully.\n"
    )
    assert fresh_response(host) == ("200", 0)  # the LSA reads it at start-up
    assert sh6("shutdown /r /t 0").output == ""
    assert host.boot_count == 2
    code, win32 = fresh_response(host)
    assert code == "401.1"
    sh6(f"reg add {LSA} /v CrashOnAuditFail /t REG_DWORD /d 0x0 /f")
    sh6("shutdown -r -t 0")
    assert fresh_response(host) == ("200", 0)
    assert win32 != 0


def test_reg_query_formats(sh6: Console, sh10: Console) -> None:
    assert sh10(f"reg query {LSA} /v CrashOnAuditFail").output == (
        "\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\n"
        "    CrashOnAuditFail    REG_DWORD    0x0\n\n"
    )
    sh10(f"reg add {LSA} /v CrashOnAuditFail /t REG_DWORD /d 2 /f")
    assert "    CrashOnAuditFail    REG_DWORD    0x2\n" in sh10(f"reg query {LSA}").output
    assert sh6(f"reg query {LSA} /v crashonauditfail").output == (
        "\n! REG.EXE VERSION 3.0\n\n"
        "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\n"
        "    CrashOnAuditFail\tREG_DWORD\t0x0\n\n"
    )
    listing = sh6(f"reg query {LSA}").output
    assert listing.endswith(
        "\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\MSV1_0\n\n"
    )


def test_reg_errors_and_delete(sh6: Console) -> None:
    host = sh6.host
    missing = sh6(f"reg query {LSA} /v NoSuchValue", exit_code=1)
    assert missing.output == (
        "ERROR: The system was unable to find the specified registry key or value.\n"
    )
    assert "Invalid key name" in sh6(r"reg query HKCU\Software", exit_code=1).output
    assert (
        "add /f" in sh6(f"reg add {LSA} /v CrashOnAuditFail /t REG_DWORD /d 1", exit_code=1).output
    )
    assert (
        "Invalid syntax"
        in sh6(f"reg add {LSA} /v CrashOnAuditFail /t REG_DWORD /d lots /f", exit_code=1).output
    )
    sh6(f"reg add {LSA} /v TestValue /d hello")
    assert host.registry.get(LSA, "TestValue") == reg.RegValue(
        "TestValue", reg.RegType.REG_SZ, "hello"
    )
    sh6(f"reg delete {LSA} /v TestValue /f")
    assert host.registry.get(LSA, "TestValue") is None
    sh6(f"reg delete {LSA} /v TestValue /f", exit_code=1)


def test_wevtutil_gl_sl_cl(sh10: Console) -> None:
    host = sh10.host
    text = sh10("wevtutil gl Security").output
    assert text.splitlines()[:5] == [
        "name: Security",
        "enabled: true",
        "type: Admin",
        "owningPublisher:",
        "isolation: Custom",
    ]
    assert "logging:\n  logFileName: %SystemRoot%\\System32\\Winevt\\Logs\\Security.evtx\n" in text
    assert "  retention: false\n  autoBackup: false\n  maxSize: 20971520\n" in text
    assert text.endswith("publishing:\n  fileMax: 1\n")
    assert sh10("wevtutil sl Security /ms:1048576 /rt:true").output == ""
    settings = host.security_log.settings
    assert (settings.max_size, settings.retention) == (1048576, Retention.DO_NOT_OVERWRITE)
    assert "  retention: true\n" in sh10("wevtutil gl security").output
    assert sh10("wevtutil sl Security /ms:1000", exit_code=87).output.startswith("Failed to save")
    assert settings.max_size == 1048576
    sh10("wevtutil sl Security /rt:false /ab:true")
    assert settings.auto_backup and settings.retention is Retention.OVERWRITE_AS_NEEDED
    host.iis.request("/")
    sh10(r"wevtutil cl Security /bu:C:\sec-archive.evtx")
    assert len(host.security_log) == 0 and host.security_log.archives == [r"C:\sec-archive.evtx"]
    assert sh10("wevtutil gl Nonesuch", exit_code=15007).output


# -- IIS configuration tools ----------------------------------------------------------------------


def test_adsutil_forms_and_masking(sh6: Console) -> None:
    host = sh6.host
    banner = sh6("cscript adsutil.vbs GET w3svc/AnonymousUserPass").output
    assert banner.startswith("Microsoft (R) Windows Script Host Version 5.6\n")
    assert banner.endswith('AnonymousUserPass               : (STRING) "**********"\n')
    nologo = sh6(
        r"cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs GET w3svc/AnonymousUserPass"
    )
    assert nologo.output == 'AnonymousUserPass               : (STRING) "**********"\n'
    bare = sh6("adsutil.vbs get w3svc/AnonymousUserName")
    assert bare.output == f'AnonymousUserName               : (STRING) "{anonymous_name(host)}"\n'
    sh6("cscript adsutil.vbs SET w3svc/1/root/AnonymousUserName NOBODY_HERE")
    assert fresh_response(host) == ("401.1", 1326)
    not_set = sh6("cscript //nologo adsutil.vbs GET w3svc/1/AnonymousUserName", exit_code=None)
    assert not_set.exit_code != 0 and "not set at this node" in not_set.output
    bad = sh6("cscript //nologo adsutil.vbs SET w3svc/1/root/LogonMethod lots", exit_code=1)
    assert "not a number" in bad.output
    metabase = host.iis.config
    assert isinstance(metabase, Metabase)


def test_appcmd_set_and_list_never_show_the_password(sh10: Console) -> None:
    host = sh10.host
    config = host.iis.config
    assert isinstance(config, AppHostConfig)
    section = "-section:system.webServer/security/authentication/anonymousAuthentication"
    name = anonymous_name(host)
    sh10(f"net user {name} {TYPED_PASSWORDS[2]}")
    assert fresh_response(host) == ("401.1", 1326)
    result = sh10(
        rf'%windir%\system32\inetsrv\appcmd set config "Default Web Site" {section} '
        f"/password:{TYPED_PASSWORDS[2]} /commit:apphost"
    )
    assert result.output == (
        'Applied configuration changes to section "system.webServer/security/authentication/'
        'anonymousAuthentication" for "MACHINE/WEBROOT/APPHOST/Default Web Site" at '
        'configuration commit path "MACHINE/WEBROOT/APPHOST"\n'
    )
    assert fresh_response(host) == ("200", 0)
    listing = sh10(f'appcmd list config "Default Web Site" {section}').output
    assert listing == (
        "<system.webServer>\n"
        "  <security>\n"
        "    <authentication>\n"
        f'      <anonymousAuthentication enabled="true" userName="{host.computer_name}\\{name}" '
        'password="********" />\n'
        "    </authentication>\n"
        "  </security>\n"
        "</system.webServer>\n"
    )
    everything = sh10(f'appcmd list config "Default Web Site" {section} /config:*').output
    assert 'logonMethod="ClearText"' in everything and 'defaultLogonDomain=""' in everything
    sh10(f"appcmd set config {section} /logonMethod:Network")
    assert host.iis.settings_for("/").logon_type == 3


def test_appcmd_errors(sh10: Console) -> None:
    section = "-section:anonymousAuthentication"
    locked = sh10(f'appcmd set config "Default Web Site" {section} /enabled:false', exit_code=33)
    assert locked.output.startswith("ERROR ( message:This configuration section cannot be used")
    assert sh10.host.iis.settings_for("/").anonymous_enabled
    bad = sh10(f"appcmd set config {section} /enabled:maybe", exit_code=13)
    assert bad.output.startswith("ERROR ( message:")
    unknown = sh10(f"appcmd set config {section} /colour:blue", exit_code=13)
    assert 'Unknown attribute "colour"' in unknown.output
    site = sh10(
        f'appcmd set config "No Such Site" {section} /enabled:false /commit:apphost', exit_code=13
    )
    assert site.output.startswith("ERROR ( message:")
    assert sh10("appcmd list wp", exit_code=1).output.startswith("ERROR")


def test_appcmd_disables_anonymous_for_the_site(sh10: Console) -> None:
    sh10(
        'appcmd set config "Default Web Site" -section:anonymousAuthentication '
        "/enabled:false -commit:apphost"
    )
    assert sh10.host.iis.request("/").code == "401.2"


def test_icacls_is_delegated(sh10: Console) -> None:
    result = sh10(r"icacls C:\inetpub\wwwroot")
    assert result.output.startswith("C:\\inetpub\\wwwroot ")
    assert result.output.endswith("Successfully processed 1 files; Failed processing 0 files\n")
    denied = sh10(r"icacls C:\inetpub\wwwroot /deny Users:(OI)(CI)(R)")
    assert "processed file" in denied.output
    assert fresh_response(sh10.host)[0] == "401.3"
    assert sh10(r"icacls C:\nope", exit_code=2).output


# -- a stopped host and stray exceptions ----------------------------------------------------------


def test_a_stopped_host_refuses_commands_cleanly(sh6: Console) -> None:
    host = sh6.host
    host.crash(0xC0000244)
    result = sh6("net user Administrator", exit_code=1)
    assert "stopped with bug check 0xC0000244" in result.output
    host.restart()
    sh6("net user Administrator")


def test_model_errors_never_escape(sh6: Console) -> None:
    for line in (
        "net user",
        "net",
        "net bogus",
        "net user a b c d",
        "net localgroup Guests",
        "net localgroup Guests x y",
        "net accounts /forcelogoff:5",
        "net use",
        "net use \\\\x",
        "ntrights",
        "secedit /configure /db x /cfg y",
        "reg",
        "reg query",
        "reg add HKLM\\X",
        "shutdown /s",
        "gpupdate /bogus",
        "iisreset /stop",
        "cscript",
        "cscript other.vbs",
        "adsutil.vbs",
        "adsutil.vbs FROB x",
        'net user "" /add',
        "net user x /times:Funday,1AM",
        "net user x /delete",
        "icacls",
    ):
        result = run(sh6.host, line)
        assert isinstance(result.exit_code, int)
        assert "Traceback" not in result.output
        assert result.output == "" or result.output.endswith("\n")


def test_a_simulator_bug_raises_instead_of_passing_as_a_failed_command(
    sh6: Console, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exit status of 1 would hide a bug as a refusal a real tool could give."""

    def broken(host: Host, args: list[str]) -> CommandResult:
        raise RuntimeError("a bug")

    monkeypatch.setitem(TOOLS, "net", Tool("net", broken, "broken"))
    with pytest.raises(RuntimeError, match="a bug"):
        run(sh6.host, "net user x")


def test_the_lab_reports_a_simulator_bug_and_goes_on(
    iis6: Host, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.console import Console as Terminal

    from authlab.labs.console import Lab

    def broken(host: Host, args: list[str]) -> CommandResult:
        raise RuntimeError(f"leaked {TYPED_PASSWORDS[0]}")

    monkeypatch.setitem(TOOLS, "net", Tool("net", broken, "broken"))
    terminal = Terminal(record=True, width=200)
    lab = Lab(iis6, terminal)
    assert lab.execute(f"net user x {TYPED_PASSWORDS[0]}")
    assert lab.execute("browse")
    text = terminal.export_text()
    assert "internal error in the simulator (RuntimeError): the session goes on" in text
    assert TYPED_PASSWORDS[0] not in text
    assert "GET /: HTTP 200 OK" in text


def test_every_output_in_a_session_is_free_of_passwords(iis6_domain: Host) -> None:
    sh = Console(iis6_domain)
    name = anonymous_name(iis6_domain)
    for line in (
        f"net user {name} /domain",
        "cscript adsutil.vbs GET w3svc/AnonymousUserPass",
        "cscript adsutil.vbs GET w3svc/WAMUserPass",
        "cscript adsutil.vbs ENUM w3svc",
        "cscript adsutil.vbs ENUM_ALL w3svc",
        "cscript adsutil.vbs FIND AnonymousUserPass",
        r"secedit /export /cfg C:\s.inf",
        "net localgroup Guests",
        "net accounts /domain",
    ):
        sh(line, exit_code=None)
    for text in exported_files(iis6_domain).values():
        for secret in known_secrets(iis6_domain):
            assert secret not in text


def test_platforms_2016_and_2019_have_the_modern_tools() -> None:
    for os in (OsFamily.WS2016, OsFamily.WS2019):
        host = build_host(HostSpec(seed=2, os=os))
        assert run(host, "wevtutil gl Security").exit_code == 0
        assert run(host, 'auditpol /get /subcategory:"Logon"').exit_code == 0


def test_typed_operations_and_commands_agree(iis6: Host) -> None:
    name = anonymous_name(iis6)
    net.user_set(iis6, name, active=False)
    assert "Account active               No\n" in run(iis6, f"net user {name}").output


@pytest.mark.parametrize(
    ("os_family", "line", "output"),
    [
        (
            OsFamily.WS2003,
            "ipconfig /all",
            "'ipconfig' is a real Windows command, but this simulator does not model it.\n",
        ),
        (
            OsFamily.WS2022,
            "robocopy a b",
            "'robocopy' is a real Windows command, but this simulator does not model it.\n",
        ),
        (
            # Windows Server 2003 had whoami only in the Support Tools
            OsFamily.WS2003,
            "whoami",
            "'whoami' is not recognized as an internal or external command,\n"
            "operable program or batch file.\n",
        ),
        (
            OsFamily.WS2022,
            "frobnicate",
            "'frobnicate' is not recognized as an internal or external command,\n"
            "operable program or batch file.\n",
        ),
    ],
)
def test_a_real_command_that_is_not_modelled_says_so(
    os_family: OsFamily, line: str, output: str
) -> None:
    from simulator.factory import HostSpec, build_host

    result = run(build_host(HostSpec(seed=7, os=os_family)), line)
    assert (result.exit_code, result.output) == (9009, output)
