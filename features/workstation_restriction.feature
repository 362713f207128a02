@workstation-restriction
Feature: "Log On To" does not include the web server
  "Log On To" (net user /workstations) limits the computers an account may log on at. When the
  list leaves out the web server itself, every anonymous logon fails with "user not allowed to
  log on to this computer" (KB 909887, "Error 5"). CrashOnAuditFail = 2 gives the same Win32
  error 1329; the Security event (533 or 4625 with %%2312) tells them apart.

  Scenario Outline: The anonymous account may log on only at OTHERPC (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "net user {account} /workstations:OTHERPC {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1329
    And the Security log shows event <event> for logon type 8
    And the Security log shows event <event> with reason "<reason>"
    And the IIS log line ends with "401 1 1329"
    And authlab diagnoses "workstation-restriction"
    When the administrator runs "net user {account} /workstations:OTHERPC,{computer} {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    When the administrator runs "net user {account} /workstations:* {/domain}"
    Then authlab finds the server healthy

    @iis6
    Examples: Windows Server 2003
      | platform                   | event | reason |
      | IIS 6 with a local account | 533   | -      |

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                    | event | reason |
      | IIS 6 with a domain account | 533   | -      |

    @iis6 @domain @dc
    Examples: Windows Server 2003 domain controller
      | platform                     | event | reason |
      | IIS 6 on a domain controller | 533   | -      |

    @iis10
    Examples: Windows Server 2022
      | platform                    | event | reason |
      | IIS 10 with a local account | 4625  | %%2312 |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     | event | reason |
      | IIS 10 with a domain account | 4625  | %%2312 |
