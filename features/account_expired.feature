@account-expired
Feature: The anonymous account has expired
  An account expiry date set on the anonymous account (by a template for temporary accounts, or
  by mistake) ends every anonymous visit on that day with "401.1 Unauthorized: Logon failed"
  (KB 909887, "expired").

  Scenario Outline: The anonymous account expired last month on <platform>
    Given a healthy web server running <platform>
    When the administrator runs "net user {account} /expires:11/01/2026 {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1793
    And the Security log shows event <event> for logon type 8
    And the Security log shows event <event> with reason "<reason>"
    And the IIS log line ends with "401 1 1793"
    And authlab diagnoses "account-expired"
    When the administrator runs "net user {account} /expires:never {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"

    @iis6
    Examples: Windows Server 2003
      | platform                   | event | reason |
      | IIS 6 with a local account | 532   | -      |

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                    | event | reason |
      | IIS 6 with a domain account | 532   | -      |

    @iis6 @domain @dc
    Examples: Windows Server 2003 domain controller
      | platform                     | event | reason |
      | IIS 6 on a domain controller | 532   | -      |

    @iis10
    Examples: Windows Server 2022
      | platform                    | event | reason |
      | IIS 10 with a local account | 4625  | %%2305 |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     | event | reason |
      | IIS 10 with a domain account | 4625  | %%2305 |

  Scenario Outline: An expiry date next month changes nothing today (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "net user {account} /expires:12/31/2026 {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab finds the server healthy

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                    |
      | IIS 6 with a domain account |

    @iis10
    Examples: Windows Server 2022
      | platform                    |
      | IIS 10 with a local account |
