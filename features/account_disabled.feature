@account-disabled
Feature: The anonymous account is disabled
  IIS logs every anonymous visitor on as one account. When someone disables that account,
  every page answers "401.1 Unauthorized: Logon failed" (KB 909887, "account disabled").

  Scenario Outline: A disabled anonymous account on <platform>
    Given a healthy web server running <platform>
    When the administrator runs "net user {account} /active:no {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1331
    And the Security log shows event <event> for logon type 8
    And the Security log shows event <event> with reason "<reason>"
    And the IIS log line ends with "401 1 1331"
    And authlab diagnoses "account-disabled"
    When the administrator runs "net user {account} /active:yes {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"

    @iis6
    Examples: Windows Server 2003
      | platform                     | event | reason |
      | IIS 6 with a local account   | 531   | -      |

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                     | event | reason |
      | IIS 6 with a domain account  | 531   | -      |

    @iis6 @domain @dc
    Examples: Windows Server 2003 domain controller
      | platform                     | event | reason |
      | IIS 6 on a domain controller | 531   | -      |

    @iis10
    Examples: Windows Server 2022
      | platform                     | event | reason |
      | IIS 10 with a local account  | 4625  | %%2310 |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     | event | reason |
      | IIS 10 with a domain account | 4625  | %%2310 |
