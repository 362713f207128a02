"""gpresult: the GPOs applied at the last refresh and the GPO that wins each user right."""

from __future__ import annotations

from simulator.admin import secpol
from simulator.directory import SERVERS_OU, Gpo
from simulator.security_template import SecurityTemplate
from tests.support.hosts import output_of as out
from tests.support.hosts import platform_host as host

HEADER_2022 = (
    "\nMicrosoft (R) Windows (R) Operating System Group Policy Result tool v2.0\n"
    "© 2016 Microsoft Corporation. All rights reserved.\n\n"
    "Created on 11/24/2026 at 8:30:00 AM\n\n"
    "RSOP data for WEB18\\Administrator on WEB18 : Logging Mode\n"
    "----------------------------------------------------------\n\n"
)


def test_summary_of_a_member_server() -> None:
    assert out(host("iis10-domain"), "gpresult /r /scope computer") == HEADER_2022 + (
        "OS Configuration:            Member Server\n"
        "OS Version:                  10.0.20348\n"
        "Site Name:                   Default-First-Site-Name\n"
        "Roaming Profile:             N/A\n"
        "Local Profile:               C:\\Users\\Administrator\n"
        "Connected over a slow link?: No\n\n"
        "COMPUTER SETTINGS\n------------------\n"
        "    CN=WEB18,OU=Servers,DC=carroll,DC=example\n"
        "    Last time Group Policy was applied: 11/24/2026 at 8:30:00 AM\n"
        "    Group Policy was applied from:      DC03.carroll.example\n"
        "    Group Policy slow link threshold:   500 kbps\n"
        "    Domain Name:                        CARROLL\n"
        "    Domain Type:                        Windows 2008 or later\n\n"
        "    Applied Group Policy Objects\n    -----------------------------\n"
        "        Default Domain Policy\n\n"
        "    The following GPOs were not applied because they were filtered out\n"
        "    -------------------------------------------------------------------\n"
        "        Local Group Policy\n"
        "            Filtering:  Not Applied (Empty)\n\n"
        "    The computer is a part of the following security groups\n"
        "    -------------------------------------------------------\n"
        "        BUILTIN\\Administrators\n        Everyone\n        BUILTIN\\Users\n"
        "        NT AUTHORITY\\NETWORK\n        NT AUTHORITY\\Authenticated Users\n"
        "        This Organization\n        WEB18$\n        Domain Computers\n"
        "        Authentication authority asserted identity\n        System Mandatory Level\n\n"
    )


def test_workgroup_server_has_no_domain_policy() -> None:
    text = out(host("iis10-local"), "gpresult /r /scope computer")
    assert "OS Configuration:            Standalone Server\n" in text
    assert (
        "COMPUTER SETTINGS\n------------------\n"
        "    Last time Group Policy was applied: 11/24/2026 at 8:30:00 AM\n"
        "    Group Policy was applied from:      N/A\n"
        "    Group Policy slow link threshold:   500 kbps\n"
        "    Domain Name:                        WEB18\n"
        "    Domain Type:                        <Local Computer>\n\n"
        "    Applied Group Policy Objects\n    -----------------------------\n"
        "        N/A\n\n"
    ) in text
    verbose = out(host("iis10-local"), "gpresult /scope computer /v")
    assert "        User Rights\n        -----------\n            N/A\n\n" in verbose


def test_verbose_shows_the_gpo_that_wins_a_right_over_local_policy() -> None:
    h = host("iis10-domain")
    assert h.domain is not None
    out(h, "ntrights -u WebAnon +r SeDenyNetworkLogonRight")  # local policy: overridden
    secpol.gpo_set_right(h, "Default Domain Policy", "SeDenyNetworkLogonRight", ["Guests"])
    out(h, "gpupdate /force")
    text = out(h, "gpresult /scope computer /v")
    assert (
        "        User Rights\n"
        "        -----------\n"
        "            GPO: Default Domain Policy\n"
        "                Policy:            DenyNetworkLogonRight\n"
        "                Computer Setting:  Guests\n\n"
        "        Security Options\n"
    ) in text
    assert (
        "        Account Policies\n"
        "        ----------------\n"
        "            GPO: Default Domain Policy\n"
        "                Policy:            MaximumPasswordAge\n"
        "                Computer Setting:  42\n\n"
    ) in text
    assert "USER SETTINGS" not in text


def test_a_gpo_edited_after_the_refresh_shows_only_after_gpupdate() -> None:
    h = host("iis10-domain")
    secpol.gpo_set_right(h, "Default Domain Policy", "SeDenyNetworkLogonRight", ["Guests"])
    assert "DenyNetworkLogonRight" not in out(h, "gpresult /scope computer /v")
    out(h, "gpupdate")
    assert "DenyNetworkLogonRight" in out(h, "gpresult /scope computer /v")


def test_two_gpos_precedence_one_in_v_and_both_in_z() -> None:
    h = host("iis10-domain")
    assert h.domain is not None
    template = SecurityTemplate()
    template.set_right("SeDenyNetworkLogonRight", [f"*{h.domain.user('WebAnon').sid}"])
    h.domain.link_gpo(Gpo("Web Servers Hardening", "{0}", template), SERVERS_OU)
    secpol.gpo_set_right(h, "Default Domain Policy", "SeDenyNetworkLogonRight", ["Guests"])
    out(h, "gpupdate")
    winner = (
        "            GPO: Web Servers Hardening\n"
        "                Policy:            DenyNetworkLogonRight\n"
        "                Computer Setting:  CARROLL\\WebAnon\n\n"
    )
    loser = (
        "            GPO: Default Domain Policy\n"
        "                Policy:            DenyNetworkLogonRight\n"
        "                Computer Setting:  Guests\n\n"
    )
    verbose = out(h, "gpresult /scope computer /v")
    assert winner in verbose and loser not in verbose
    assert winner + loser in out(h, "gpresult /scope computer /z")
    assert (
        "    Applied Group Policy Objects\n    -----------------------------\n"
        "        Web Servers Hardening\n        Default Domain Policy\n\n"
    ) in verbose


def test_user_part_of_a_local_administrator() -> None:
    text = out(host("iis10-domain"), "gpresult /r")
    assert (
        "USER SETTINGS\n--------------\n"
        "    Last time Group Policy was applied: 11/24/2026 at 8:30:00 AM\n"
        "    Group Policy was applied from:      N/A\n"
        "    Group Policy slow link threshold:   500 kbps\n"
        "    Domain Name:                        WEB18\n"
        "    Domain Type:                        <Local Computer>\n\n"
    ) in text
    assert text.endswith("        High Mandatory Level\n\n")


def test_windows_server_2003() -> None:
    h = host("iis6-dc")
    text = out(h, "gpresult /scope computer")
    assert text.startswith(
        "\nMicrosoft (R) Windows (R) Operating System Group Policy Result tool v2.0\n"
        "Copyright (C) Microsoft Corp. 1981-2001\n\n"
        "Created On 11/24/2026 at 8:30:00 AM\n\n"
        "RSOP results for CARROLL\\Administrator on DC02 : Logging Mode\n"
    )
    assert (
        "    Applied Group Policy Objects\n    -----------------------------\n"
        "        Default Domain Controllers Policy\n        Default Domain Policy\n\n"
    ) in text
    verbose = out(h, "gpresult /SCOPE COMPUTER /V")
    assert (
        "            GPO: Default Domain Controllers Policy\n"
        "                Policy:            BatchLogonRight\n"
        "                Computer Setting:  Administrators\n"
        "                                   Backup Operators\n"
        "                                   Performance Log Users\n\n"
    ) in verbose
    assert out(h, "gpresult /r", 1) == (
        "ERROR: Invalid argument/option - '/r'.\nType \"GPRESULT /?\" for usage.\n"
    )


def test_bad_syntax() -> None:
    h = host("iis10-local")
    assert out(h, "gpresult /scope:computer /r", 1) == (
        "ERROR: Invalid argument/option - '/scope:computer'.\nType \"GPRESULT /?\" for usage.\n"
    )
    assert out(h, "gpresult", 1) == 'ERROR: Invalid Syntax.\nType "GPRESULT /?" for usage.\n'
    assert out(h, "gpresult /scope nobody /r", 1) == (
        "ERROR: Invalid argument/option - 'nobody'.\nType \"GPRESULT /?\" for usage.\n"
    )
