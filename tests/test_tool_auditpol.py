"""auditpol /get /category:*, /get /category:NAME, /get /subcategory:NAMES, /list /category and
/list /subcategory:* [/v] (simulator.admin.tools.auditpol).

The expected texts are written by hand from `auditpol /get /category:*` on default Windows
Server 2016, 2019 and 2022 installs (github.com/cutaway-security/chaps,
claude-dev/review.local/WinServer20xx-Dev-cmd.md) and the GUID table "Edited from auditpol
/list /subcategory:* /v" in github.com/ephos/AuditPolicyDsc; only Logon follows the model.
"""

from __future__ import annotations

from simulator.admin.shell import run
from simulator.events import OsFamily
from simulator.factory import HostSpec, build_host
from simulator.host import Host
from simulator.scenario import PLATFORMS


def out(host: Host, line: str, code: int = 0) -> str:
    result = run(host, line)
    assert result.exit_code == code, result
    return result.output


HEAD = "System audit policy\nCategory/Subcategory                      Setting\n"

SYSTEM = """\
System
  Security System Extension               No Auditing
  System Integrity                        Success and Failure
  IPsec Driver                            No Auditing
  Other System Events                     Success and Failure
  Security State Change                   Success
"""

LOGON_LOGOFF = """\
Logon/Logoff
  Logon                                   {logon}
  Logoff                                  Success
  Account Lockout                         Success
  IPsec Main Mode                         No Auditing
  IPsec Quick Mode                        No Auditing
  IPsec Extended Mode                     No Auditing
  Special Logon                           Success
  Other Logon/Logoff Events               No Auditing
  Network Policy Server                   Success and Failure
  User / Device Claims                    No Auditing
  Group Membership                        No Auditing
"""

ACCESS_RIGHTS = "  Access Rights                           No Auditing\n"

REST = """\
Object Access
  File System                             No Auditing
  Registry                                No Auditing
  Kernel Object                           No Auditing
  SAM                                     No Auditing
  Certification Services                  No Auditing
  Application Generated                   No Auditing
  Handle Manipulation                     No Auditing
  File Share                              No Auditing
  Filtering Platform Packet Drop          No Auditing
  Filtering Platform Connection           No Auditing
  Other Object Access Events              No Auditing
  Detailed File Share                     No Auditing
  Removable Storage                       No Auditing
  Central Policy Staging                  No Auditing
Privilege Use
  Non Sensitive Privilege Use             No Auditing
  Other Privilege Use Events              No Auditing
  Sensitive Privilege Use                 No Auditing
Detailed Tracking
  Process Creation                        No Auditing
  Process Termination                     No Auditing
  DPAPI Activity                          No Auditing
  RPC Events                              No Auditing
  Plug and Play Events                    No Auditing
  Token Right Adjusted Events             No Auditing
Policy Change
  Audit Policy Change                     Success
  Authentication Policy Change            Success
  Authorization Policy Change             No Auditing
  MPSSVC Rule-Level Policy Change         No Auditing
  Filtering Platform Policy Change        No Auditing
  Other Policy Change Events              No Auditing
Account Management
  Computer Account Management             Success
  Security Group Management               Success
  Distribution Group Management           No Auditing
  Application Group Management            No Auditing
  Other Account Management Events         No Auditing
  User Account Management                 Success
DS Access
  Directory Service Access                Success
  Directory Service Changes               No Auditing
  Directory Service Replication           No Auditing
  Detailed Directory Service Replication  No Auditing
Account Logon
  Kerberos Service Ticket Operations      Success
  Other Account Logon Events              No Auditing
  Kerberos Authentication Service         Success
  Credential Validation                   Success
"""


def everything_2022(logon: str) -> str:
    return HEAD + SYSTEM + LOGON_LOGOFF.format(logon=logon) + ACCESS_RIGHTS + REST


def test_get_category_star_on_a_default_2022() -> None:
    host = build_host(PLATFORMS["iis10-local"])
    text = out(host, "auditpol /get /category:*")
    assert text == everything_2022("Success and Failure")
    assert text.count("\n  ") == 60


def test_logon_is_the_model_s_live_setting_and_nothing_else_moves() -> None:
    host = build_host(PLATFORMS["iis10-domain"])
    out(host, 'auditpol /set /subcategory:"Logon" /success:enable /failure:disable')
    assert out(host, "auditpol /get /category:*") == everything_2022("Success")
    out(host, "auditpol /set /subcategory:Logon /success:disable /failure:enable")
    assert out(host, "auditpol /get /category:*") == everything_2022("Failure")
    out(host, "auditpol /set /subcategory:Logon /failure:disable")
    assert out(host, "auditpol /get /category:*") == everything_2022("No Auditing")
    # Account Lockout is not in the model: it stays at its recorded default.
    assert "  Account Lockout                         Success\n" in out(
        host, "auditpol /get /category:*"
    )


def test_2016_has_no_access_rights() -> None:
    host = build_host(HostSpec(os=OsFamily.WS2016, account="local"))
    assert out(host, "auditpol /get /category:*") == (
        HEAD + SYSTEM + LOGON_LOGOFF.format(logon="Success and Failure") + REST
    )


def test_a_domain_controller_shows_the_member_defaults() -> None:
    host = build_host(HostSpec(os=OsFamily.WS2022, account="domain", domain_controller=True))
    assert out(host, "auditpol /get /category:*") == everything_2022("Success and Failure")


def test_get_one_category_and_named_subcategories() -> None:
    host = build_host(PLATFORMS["iis10-local"])
    assert out(host, 'auditpol /get /category:"Account Logon"') == HEAD + (
        "Account Logon\n"
        "  Kerberos Service Ticket Operations      Success\n"
        "  Other Account Logon Events              No Auditing\n"
        "  Kerberos Authentication Service         Success\n"
        "  Credential Validation                   Success\n"
    )
    assert out(
        host, 'auditpol /get /subcategory:"Account Lockout",Logon,"Credential Validation"'
    ) == (
        HEAD + "Logon/Logoff\n"
        "  Logon                                   Success and Failure\n"
        "  Account Lockout                         Success\n"
        "Account Logon\n"
        "  Credential Validation                   Success\n"
    )
    # The existing single-subcategory form keeps its exact text; a GUID names it too.
    logon = HEAD + "Logon/Logoff\n  Logon                                   Success and Failure\n"
    assert out(host, 'auditpol /get /subcategory:"Logon"') == logon
    assert out(host, "auditpol /get /subcategory:{0cce9215-69ae-11d9-bed3-505054503030}") == logon
    assert out(host, "auditpol /get /category:{69979849-797A-11D9-BED3-505054503030}").startswith(
        HEAD + "Logon/Logoff\n  Logon "
    )


def test_get_refuses_unknown_names_and_says_what_it_does_not_model() -> None:
    host = build_host(PLATFORMS["iis10-local"])
    bad = "Error 0x00000057 occurred:\nThe parameter is incorrect.\n"
    assert out(host, "auditpol /get /category:Nothing", 87) == bad
    assert out(host, "auditpol /get /subcategory:Logon,Nothing", 87) == bad
    assert out(host, "auditpol /get", 87) == bad
    assert out(host, "auditpol /get /category:* /subcategory:Logon", 87) == bad
    assert out(host, "auditpol /get /category:* /r", 1) == (
        "auditpol /get /r is not modelled by this simulator.\n"
    )


def test_list_categories() -> None:
    host = build_host(PLATFORMS["iis10-local"])
    assert out(host, "auditpol /list /category") == (
        "Category/Subcategory\n"
        "System\n"
        "Logon/Logoff\n"
        "Object Access\n"
        "Privilege Use\n"
        "Detailed Tracking\n"
        "Policy Change\n"
        "Account Management\n"
        "DS Access\n"
        "Account Logon\n"
    )
    assert out(host, "auditpol /list /category /v") == (
        "Category/Subcategory                      GUID\n"
        "System                                    {69979848-797A-11D9-BED3-505054503030}\n"
        "Logon/Logoff                              {69979849-797A-11D9-BED3-505054503030}\n"
        "Object Access                             {6997984A-797A-11D9-BED3-505054503030}\n"
        "Privilege Use                             {6997984B-797A-11D9-BED3-505054503030}\n"
        "Detailed Tracking                         {6997984C-797A-11D9-BED3-505054503030}\n"
        "Policy Change                             {6997984D-797A-11D9-BED3-505054503030}\n"
        "Account Management                        {6997984E-797A-11D9-BED3-505054503030}\n"
        "DS Access                                 {6997984F-797A-11D9-BED3-505054503030}\n"
        "Account Logon                             {69979850-797A-11D9-BED3-505054503030}\n"
    )


LIST_V = """\
Category/Subcategory                      GUID
System                                    {69979848-797A-11D9-BED3-505054503030}
  Security State Change                   {0CCE9210-69AE-11D9-BED3-505054503030}
  Security System Extension               {0CCE9211-69AE-11D9-BED3-505054503030}
  System Integrity                        {0CCE9212-69AE-11D9-BED3-505054503030}
  IPsec Driver                            {0CCE9213-69AE-11D9-BED3-505054503030}
  Other System Events                     {0CCE9214-69AE-11D9-BED3-505054503030}
Logon/Logoff                              {69979849-797A-11D9-BED3-505054503030}
  Logon                                   {0CCE9215-69AE-11D9-BED3-505054503030}
  Logoff                                  {0CCE9216-69AE-11D9-BED3-505054503030}
  Account Lockout                         {0CCE9217-69AE-11D9-BED3-505054503030}
  IPsec Main Mode                         {0CCE9218-69AE-11D9-BED3-505054503030}
  IPsec Quick Mode                        {0CCE9219-69AE-11D9-BED3-505054503030}
  IPsec Extended Mode                     {0CCE921A-69AE-11D9-BED3-505054503030}
  Special Logon                           {0CCE921B-69AE-11D9-BED3-505054503030}
  Other Logon/Logoff Events               {0CCE921C-69AE-11D9-BED3-505054503030}
  Network Policy Server                   {0CCE9243-69AE-11D9-BED3-505054503030}
  User / Device Claims                    {0CCE9247-69AE-11D9-BED3-505054503030}
  Group Membership                        {0CCE9249-69AE-11D9-BED3-505054503030}
  Access Rights                           {0CCE924B-69AE-11D9-BED3-505054503030}
Object Access                             {6997984A-797A-11D9-BED3-505054503030}
  File System                             {0CCE921D-69AE-11D9-BED3-505054503030}
  Registry                                {0CCE921E-69AE-11D9-BED3-505054503030}
  Kernel Object                           {0CCE921F-69AE-11D9-BED3-505054503030}
  SAM                                     {0CCE9220-69AE-11D9-BED3-505054503030}
  Certification Services                  {0CCE9221-69AE-11D9-BED3-505054503030}
  Application Generated                   {0CCE9222-69AE-11D9-BED3-505054503030}
  Handle Manipulation                     {0CCE9223-69AE-11D9-BED3-505054503030}
  File Share                              {0CCE9224-69AE-11D9-BED3-505054503030}
  Filtering Platform Packet Drop          {0CCE9225-69AE-11D9-BED3-505054503030}
  Filtering Platform Connection           {0CCE9226-69AE-11D9-BED3-505054503030}
  Other Object Access Events              {0CCE9227-69AE-11D9-BED3-505054503030}
  Detailed File Share                     {0CCE9244-69AE-11D9-BED3-505054503030}
  Removable Storage                       {0CCE9245-69AE-11D9-BED3-505054503030}
  Central Policy Staging                  {0CCE9246-69AE-11D9-BED3-505054503030}
Privilege Use                             {6997984B-797A-11D9-BED3-505054503030}
  Sensitive Privilege Use                 {0CCE9228-69AE-11D9-BED3-505054503030}
  Non Sensitive Privilege Use             {0CCE9229-69AE-11D9-BED3-505054503030}
  Other Privilege Use Events              {0CCE922A-69AE-11D9-BED3-505054503030}
Detailed Tracking                         {6997984C-797A-11D9-BED3-505054503030}
  Process Creation                        {0CCE922B-69AE-11D9-BED3-505054503030}
  Process Termination                     {0CCE922C-69AE-11D9-BED3-505054503030}
  DPAPI Activity                          {0CCE922D-69AE-11D9-BED3-505054503030}
  RPC Events                              {0CCE922E-69AE-11D9-BED3-505054503030}
  Plug and Play Events                    {0CCE9248-69AE-11D9-BED3-505054503030}
  Token Right Adjusted Events             {0CCE924A-69AE-11D9-BED3-505054503030}
Policy Change                             {6997984D-797A-11D9-BED3-505054503030}
  Audit Policy Change                     {0CCE922F-69AE-11D9-BED3-505054503030}
  Authentication Policy Change            {0CCE9230-69AE-11D9-BED3-505054503030}
  Authorization Policy Change             {0CCE9231-69AE-11D9-BED3-505054503030}
  MPSSVC Rule-Level Policy Change         {0CCE9232-69AE-11D9-BED3-505054503030}
  Filtering Platform Policy Change        {0CCE9233-69AE-11D9-BED3-505054503030}
  Other Policy Change Events              {0CCE9234-69AE-11D9-BED3-505054503030}
Account Management                        {6997984E-797A-11D9-BED3-505054503030}
  User Account Management                 {0CCE9235-69AE-11D9-BED3-505054503030}
  Computer Account Management             {0CCE9236-69AE-11D9-BED3-505054503030}
  Security Group Management               {0CCE9237-69AE-11D9-BED3-505054503030}
  Distribution Group Management           {0CCE9238-69AE-11D9-BED3-505054503030}
  Application Group Management            {0CCE9239-69AE-11D9-BED3-505054503030}
  Other Account Management Events         {0CCE923A-69AE-11D9-BED3-505054503030}
DS Access                                 {6997984F-797A-11D9-BED3-505054503030}
  Directory Service Access                {0CCE923B-69AE-11D9-BED3-505054503030}
  Directory Service Changes               {0CCE923C-69AE-11D9-BED3-505054503030}
  Directory Service Replication           {0CCE923D-69AE-11D9-BED3-505054503030}
  Detailed Directory Service Replication  {0CCE923E-69AE-11D9-BED3-505054503030}
Account Logon                             {69979850-797A-11D9-BED3-505054503030}
  Credential Validation                   {0CCE923F-69AE-11D9-BED3-505054503030}
  Kerberos Service Ticket Operations      {0CCE9240-69AE-11D9-BED3-505054503030}
  Other Account Logon Events              {0CCE9241-69AE-11D9-BED3-505054503030}
  Kerberos Authentication Service         {0CCE9242-69AE-11D9-BED3-505054503030}
"""


def test_list_subcategories_with_and_without_guids() -> None:
    host = build_host(PLATFORMS["iis10-local"])
    assert out(host, "auditpol /list /subcategory:* /v") == LIST_V
    names = "".join(line[:42].rstrip() + "\n" for line in LIST_V.splitlines())
    assert names.startswith("Category/Subcategory\nSystem\n  Security State Change\n")
    assert out(host, "auditpol /list /subcategory:*") == names
    assert out(host, 'auditpol /list /subcategory:"Account Logon"') == (
        "Category/Subcategory\n"
        "Account Logon\n"
        "  Credential Validation\n"
        "  Kerberos Service Ticket Operations\n"
        "  Other Account Logon Events\n"
        "  Kerberos Authentication Service\n"
    )


def test_list_on_2016_and_2003() -> None:
    host = build_host(HostSpec(os=OsFamily.WS2016, account="local"))
    assert "Access Rights" not in out(host, "auditpol /list /subcategory:*")
    iis6 = build_host(PLATFORMS["iis6-local"])
    for line in ("auditpol /get /category:*", "auditpol /list /subcategory:*"):
        assert run(iis6, line).exit_code == 9009
