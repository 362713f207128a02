"""powershell -Command with the account cmdlets (simulator.admin.tools.powershell)."""

from __future__ import annotations

from simulator.admin import net
from simulator.admin.shell import run
from tests.support.hosts import platform_host as host


def test_steps_form_of_set_aduser_works_for_a_domain_account_on_2022() -> None:
    h = host("iis10-domain")
    assert h.domain is not None
    account = h.domain.user("WebAnon")
    assert account.password_never_expires
    line = (
        "powershell -NoProfile -Command "
        "\"Set-ADUser -Identity 'WebAnon' -PasswordNeverExpires $false\""
    )
    result = run(h, line)
    assert (result.exit_code, result.output) == (0, "")
    assert not account.password_never_expires
    assert run(h, line.replace("$false", "$true")).exit_code == 0
    assert account.password_never_expires


def test_set_localuser_changes_a_local_account() -> None:
    h = host("iis10-local")
    account = h.sam.user("WebAnon")
    result = run(
        h, 'powershell -Command "Set-LocalUser -Name WebAnon -PasswordNeverExpires $false"'
    )
    assert (result.exit_code, result.output) == (0, "")
    assert not account.password_never_expires
    # parameter names may be abbreviated and take the -Name:value form
    assert run(h, 'powershell -c "Set-LocalUser webanon -PasswordNever:$true"').exit_code == 0
    assert account.password_never_expires


def test_set_localuser_unknown_user() -> None:
    result = run(
        host("iis10-local"),
        'powershell -Command "Set-LocalUser -Name Nobody -PasswordNeverExpires $true"',
    )
    assert (result.exit_code, result.output) == (
        1,
        "Set-LocalUser : User Nobody was not found.\n"
        "At line:1 char:1\n"
        "+ Set-LocalUser -Name Nobody -PasswordNeverExpires $true\n"
        "+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
        "    + CategoryInfo          : ObjectNotFound: (Nobody:String) [Set-LocalUser], "
        "UserNotFoundException\n"
        "    + FullyQualifiedErrorId : UserNotFound,Microsoft.PowerShell.Commands."
        "SetLocalUserCommand\n\n",
    )


def test_a_domain_account_is_no_local_user() -> None:
    result = run(
        host("iis10-domain"),
        'powershell -Command "Set-LocalUser WebAnon -PasswordNeverExpires $true"',
    )
    assert result.exit_code == 1
    assert result.output.startswith("Set-LocalUser : User WebAnon was not found.\n")


def test_enable_and_disable_localuser() -> None:
    h = host("iis10-local")
    account = h.sam.user("WebAnon")
    assert run(h, 'powershell -Command "Disable-LocalUser -Name WebAnon"').exit_code == 0
    assert not account.enabled
    assert run(h, 'powershell -Command "Enable-LocalUser -Name WebAnon"').exit_code == 0
    assert account.enabled


def test_unlock_adaccount_clears_a_lockout() -> None:
    h = host("iis10-domain")
    assert h.domain is not None
    account = h.domain.user("WebAnon")
    account.lockout_time = h.now()
    account.bad_pwd_count = 5
    assert run(h, 'powershell -Command "Unlock-ADAccount -Identity WebAnon"').output == ""
    assert account.lockout_time is None


def test_unknown_ad_identity() -> None:
    result = run(host("iis10-domain"), 'powershell -Command "Unlock-ADAccount -Identity nobody"')
    assert (result.exit_code, result.output) == (
        1,
        "Unlock-ADAccount : Cannot find an object with identity: 'nobody' under: "
        "'DC=carroll,DC=example'.\n"
        "At line:1 char:1\n"
        "+ Unlock-ADAccount -Identity nobody\n"
        "+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
        "    + CategoryInfo          : ObjectNotFound: (nobody:ADUser) [Unlock-ADAccount], "
        "ADIdentityNotFoundException\n"
        "    + FullyQualifiedErrorId : ActiveDirectoryCmdlet:Microsoft.ActiveDirectory."
        "Management.ADIdentityNotFoundException,Microsoft.ActiveDirectory.Management.Commands."
        "UnlockADAccount\n\n",
    )


def test_a_workgroup_server_has_no_ad_module() -> None:
    result = run(
        host("iis10-local"),
        'powershell -Command "Set-ADUser -Identity WebAnon -PasswordNeverExpires $true"',
    )
    assert result.exit_code == 1
    assert result.output.startswith(
        "Set-ADUser : The term 'Set-ADUser' is not recognized as the name of a cmdlet, "
        "function, script file, or operable program."
    )


def test_a_real_cmdlet_not_modelled_says_so_with_9009() -> None:
    result = run(host("iis10-local"), "powershell -Command Get-Service")
    assert (result.exit_code, result.output) == (
        9009,
        "'Get-Service' is a real PowerShell cmdlet, but this simulator does not model it.\n",
    )


def test_a_boolean_needs_true_or_false() -> None:
    result = run(
        host("iis10-local"), 'powershell -Command "Set-LocalUser WebAnon -PasswordNeverExpires yes"'
    )
    assert result.exit_code == 1
    assert result.output.startswith(
        "Set-LocalUser : Cannot process argument transformation on parameter "
        "'PasswordNeverExpires'."
    )


def test_no_powershell_on_2003() -> None:
    result = run(host("iis6-domain"), 'powershell -Command "Set-ADUser -Identity x"')
    assert (result.exit_code, result.output) == (
        9009,
        "'powershell' is not recognized as an internal or external command,\n"
        "operable program or batch file.\n",
    )


def test_typed_operation_and_cmdlet_agree() -> None:
    h = host("iis10-local")
    net.user_set(h, "WebAnon", active=False)
    assert run(h, 'powershell -Command "Enable-LocalUser WebAnon"').exit_code == 0
    assert h.sam.user("WebAnon").enabled
