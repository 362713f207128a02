@account-locked-out
Feature: The anonymous account is locked out
  A script with an old password, or someone guessing, tries the anonymous account over the
  network until the account lockout threshold. From then on IIS's right password meets a locked
  account and every page answers "401.1 Unauthorized: Logon failed" (KB 909887, "locked out")
  until the lockout duration has passed or an administrator unlocks the account.

  Scenario Outline: Five wrong passwords lock the anonymous account on <platform>
    Given a healthy web server running <platform>
    When the administrator runs "net accounts /lockoutthreshold:5 /lockoutwindow:30 /lockoutduration:30 {/domain}"
    And someone tries a wrong password for the anonymous account 5 times
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1909
    And the Security log shows event <event> for logon type 8
    And the Security log shows event <event> with reason "<reason>"
    And the IIS log line ends with "401 1 1909"
    And authlab diagnoses "account-locked-out"
    When 31 minutes pass
    And an anonymous visitor requests "/"
    Then the visitor gets "200"

    @iis6
    Examples: Windows Server 2003
      | platform                   | event | reason |
      | IIS 6 with a local account | 539   | -      |

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                    | event | reason |
      | IIS 6 with a domain account | 539   | -      |

    @iis6 @domain @dc
    Examples: Windows Server 2003 domain controller
      | platform                     | event | reason |
      | IIS 6 on a domain controller | 539   | -      |

    @iis10
    Examples: Windows Server 2022
      | platform                    | event | reason |
      | IIS 10 with a local account | 4625  | %%2307 |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     | event | reason |
      | IIS 10 with a domain account | 4625  | %%2307 |

  Scenario Outline: Fewer wrong passwords than the threshold do not lock the account (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "net accounts /lockoutthreshold:5 /lockoutwindow:30 /lockoutduration:30 {/domain}"
    And someone tries a wrong password for the anonymous account 4 times
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab finds the server healthy

    @iis6
    Examples: Windows Server 2003
      | platform                   |
      | IIS 6 with a local account |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     |
      | IIS 10 with a domain account |
