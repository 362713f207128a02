"""cmd.exe's built-in commands and the small console tools (simulator.admin.tools.cmdbuiltins)."""

from __future__ import annotations

from tests.support.hosts import output_of as out
from tests.support.hosts import platform_host as host


def test_ver_names_the_build() -> None:
    assert out(host("iis6-local"), "ver") == "\nMicrosoft Windows [Version 5.2.3790]\n"
    assert out(host("iis10-local"), "ver") == "\nMicrosoft Windows [Version 10.0.20348.2340]\n"


def test_hostname_cd_echo() -> None:
    h = host("iis10-domain")
    assert out(h, "hostname") == "WEB18\n"
    assert out(h, "cd") == "C:\\Windows\\system32\n"
    assert out(h, r"cd C:\inetpub") == ""
    assert out(h, "echo hello   world") == "hello world\n"
    assert out(h, "echo") == "ECHO is on.\n"
    assert out(host("iis6-local"), "cd") == "C:\\WINDOWS\\system32\n"


def test_set_lists_the_environment_and_a_prefix() -> None:
    h = host("iis10-domain")
    assert out(h, "set") == (
        "COMPUTERNAME=WEB18\n"
        "ProgramFiles=C:\\Program Files\n"
        "SystemDrive=C:\n"
        "SystemRoot=C:\\Windows\n"
        "USERDOMAIN=CARROLL\n"
        "windir=C:\\Windows\n"
    )
    assert out(h, "set sys") == "SystemDrive=C:\nSystemRoot=C:\\Windows\n"
    assert out(h, "set nothing", 1) == "Environment variable nothing not defined\n"


def test_whoami_is_the_local_administrator_in_lower_case() -> None:
    assert out(host("iis10-domain"), "whoami") == "web18\\administrator\n"


def test_whoami_does_not_exist_on_2003() -> None:
    assert out(host("iis6-local"), "whoami /groups", 9009) == (
        "'whoami' is not recognized as an internal or external command,\n"
        "operable program or batch file.\n"
    )


def test_whoami_groups_table() -> None:
    attrs = "Mandatory group, Enabled by default, Enabled group"
    name_w = "NT AUTHORITY\\Local account and member of Administrators group"
    assert out(host("iis10-local"), "whoami /groups") == (
        "\nGROUP INFORMATION\n-----------------\n\n"
        f"{'Group Name':61} Type             SID          Attributes\n"
        f"{'=' * 61} ================ ============ {'=' * 63}\n"
        f"{'Everyone':61} Well-known group S-1-1-0      {attrs}\n"
        f"{name_w} Well-known group S-1-5-114    {attrs}\n"
        f"{'BUILTIN' + chr(92) + 'Administrators':61} Alias            S-1-5-32-544 {attrs}, "
        "Group owner\n"
        f"{'BUILTIN' + chr(92) + 'Users':61} Alias            S-1-5-32-545 {attrs}\n"
        f"{'NT AUTHORITY' + chr(92) + 'INTERACTIVE':61} Well-known group S-1-5-4      {attrs}\n"
        f"{'CONSOLE LOGON':61} Well-known group S-1-2-1      {attrs}\n"
        f"{'NT AUTHORITY' + chr(92) + 'Authenticated Users':61} Well-known group S-1-5-11     "
        f"{attrs}\n"
        f"{'NT AUTHORITY' + chr(92) + 'This Organization':61} Well-known group S-1-5-15     "
        f"{attrs}\n"
        f"{'NT AUTHORITY' + chr(92) + 'Local account':61} Well-known group S-1-5-113    {attrs}\n"
        f"{'LOCAL':61} Well-known group S-1-2-0      {attrs}\n"
        f"{'NT AUTHORITY' + chr(92) + 'NTLM Authentication':61} Well-known group S-1-5-64-10  "
        f"{attrs}\n"
        f"{'Mandatory Label' + chr(92) + 'High Mandatory Level':61} Label            "
        "S-1-16-12288\n"
    )


def test_whoami_switches_not_modelled() -> None:
    assert out(host("iis10-local"), "whoami /priv", 1) == (
        "whoami /priv is not modelled by this simulator.\n"
    )


def test_ipconfig_on_both_generations() -> None:
    assert out(host("iis6-local"), "ipconfig") == (
        "\nWindows IP Configuration\n\n\nEthernet adapter Local Area Connection:\n\n"
        "        Connection-specific DNS Suffix  . : \n"
        "        IP Address. . . . . . . . . . . . : 192.0.2.239\n"
        "        Subnet Mask . . . . . . . . . . . : 255.255.255.0\n"
        "        Default Gateway . . . . . . . . . : 192.0.2.1\n"
    )
    assert out(host("iis10-domain"), "ipconfig") == (
        "\nWindows IP Configuration\n\n\nEthernet adapter Ethernet0:\n\n"
        "   Connection-specific DNS Suffix  . : \n"
        "   IPv4 Address. . . . . . . . . . . : 192.0.2.25\n"
        "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\n"
        "   Default Gateway . . . . . . . . . : 192.0.2.1\n"
    )
    assert out(host("iis10-domain"), "ipconfig /all", 9009) == (
        "'ipconfig' is a real Windows command, but this simulator does not model it.\n"
    )


def test_more_and_findstr_read_the_iis_log() -> None:
    h = host("iis10-local")
    h.iis.request("/")
    log = r"C:\inetpub\logs\LogFiles\W3SVC1\u_ex261124.log"
    text = out(h, f"type {log}")
    assert out(h, f"more {log}") == text
    assert out(h, f'findstr "#Fields:" {log}') == "".join(
        line + "\n" for line in text.splitlines() if "#Fields:" in line
    )
    assert out(h, f'findstr /i "#FIELDS:" {log}').startswith("#Fields: date time ")
    assert out(h, f'findstr "no-such-text" {log}', 1) == ""
    assert (
        out(h, r"more C:\inetpub\nothing.log", 1) == "Cannot access file C:\\inetpub\\nothing.log\n"
    )
    assert out(h, r'findstr "x" C:\nothing.log', 1) == "FINDSTR: Cannot open C:\\nothing.log\n"


def test_findstr_reads_a_secedit_export() -> None:
    h = host("iis6-local")
    out(h, r"secedit /export /cfg C:\sec.inf")
    assert out(h, r'findstr /c:"[Privilege Rights]" C:\sec.inf') == "[Privilege Rights]\n"
