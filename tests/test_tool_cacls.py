"""cacls on the NTFS model (simulator.admin.tools.cacls)."""

from __future__ import annotations

from tests.support.hosts import output_of as out
from tests.support.hosts import platform_host as host


def test_display_iis6_web_root() -> None:
    assert out(host("iis6-local"), r"cacls C:\Inetpub\wwwroot") == (
        "C:\\Inetpub\\wwwroot BUILTIN\\Administrators:(OI)(CI)F\n"
        "                   NT AUTHORITY\\SYSTEM:(OI)(CI)F\n"
        "                   WEB18\\IIS_WPG:(OI)(CI)R\n"
        "                   WEB18\\IUSR_WEB18:(OI)(CI)R\n\n"
    )


def test_deny_and_revoke_on_2003() -> None:
    h = host("iis6-local")
    assert out(h, r"cacls C:\Inetpub\wwwroot /E /D IUSR_WEB18") == (
        "processed dir: C:\\Inetpub\\wwwroot\n"
    )
    listing = out(h, r"cacls C:\Inetpub\wwwroot")
    assert listing.startswith("C:\\Inetpub\\wwwroot WEB18\\IUSR_WEB18:(OI)(CI)N\n")
    assert h.iis.request("/").code == "401.3"
    out(h, r"cacls C:\Inetpub\wwwroot /E /R IUSR_WEB18")
    assert "IUSR_WEB18" not in out(h, r"cacls C:\Inetpub\wwwroot")
    out(h, r"cacls C:\Inetpub\wwwroot /E /G IUSR_WEB18:R")
    assert out(h, r"cacls C:\Inetpub\wwwroot").endswith(
        "                   WEB18\\IUSR_WEB18:(OI)(CI)R\n\n"
    )
    assert h.iis.request("/").code == "200"


def test_inherited_entries_and_grant_on_2022() -> None:
    h = host("iis10-local")
    out(h, r"cacls C:\inetpub\wwwroot /E /G WebAnon:C")
    assert out(h, r"cacls C:\inetpub\wwwroot") == (
        "C:\\inetpub\\wwwroot BUILTIN\\IIS_IUSRS:R\n"
        "                   BUILTIN\\IIS_IUSRS:(OI)(CI)(IO)R\n"
        "                   WEB18\\WebAnon:(OI)(CI)C\n"
        "                   NT SERVICE\\TrustedInstaller:(ID)F\n"
        "                   NT SERVICE\\TrustedInstaller:(OI)(CI)(IO)(ID)F\n"
        "                   NT AUTHORITY\\SYSTEM:(ID)F\n"
        "                   NT AUTHORITY\\SYSTEM:(OI)(CI)(IO)(ID)F\n"
        "                   BUILTIN\\Administrators:(ID)F\n"
        "                   BUILTIN\\Administrators:(OI)(CI)(IO)(ID)F\n"
        "                   BUILTIN\\Users:(ID)R\n"
        "                   BUILTIN\\Users:(OI)(CI)(IO)(ID)R\n"
        "                   CREATOR OWNER:(OI)(CI)(IO)(ID)F\n\n"
    )


def test_errors() -> None:
    h = host("iis10-local")
    assert out(h, r"cacls C:\nope", 1) == "The system cannot find the file specified.\n"
    assert out(h, r"cacls C:\inetpub\wwwroot /E /G nobody:R", 1) == (
        "No mapping between account names and security IDs was done.\n"
    )
    assert out(h, r"cacls C:\inetpub\wwwroot /G WebAnon:R", 1) == (
        "cacls without /E (replacing the whole ACL) is not modelled by this simulator.\n"
    )


def test_the_deprecation_note_is_in_the_help_on_2008_and_later() -> None:
    assert out(host("iis10-local"), "cacls /?", 1).startswith(
        "NOTE: Cacls is now deprecated, please use Icacls.\n\n"
        "Displays or modifies access control lists (ACLs) of files\n"
    )
    assert out(host("iis6-local"), "cacls", 1).startswith(
        "Displays or modifies access control lists (ACLs) of files\n"
    )
