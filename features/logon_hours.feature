@logon-hours
Feature: The anonymous account may not log on at this hour
  Logon hours (net user /times) copied from a template for office staff leave the anonymous
  account outside them: at night or at the weekend, or at every hour not listed, each page
  answers "401.1 Unauthorized: Logon failed" (KB 909887, "time restriction"). The servers here
  start on Tuesday 24 November 2026 at 08:30 UTC.

  Scenario Outline: Weekend-only logon hours on a Tuesday morning (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "net user {account} /times:Sa-Su,9AM-5PM {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1328
    And the Security log shows event <event> for logon type 8
    And the Security log shows event <event> with reason "<reason>"
    And the IIS log line ends with "401 1 1328"
    And authlab diagnoses "logon-hours"
    When the administrator runs "net user {account} /times:all {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"

    @iis6
    Examples: Windows Server 2003
      | platform                   | event | reason |
      | IIS 6 with a local account | 530   | -      |

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                    | event | reason |
      | IIS 6 with a domain account | 530   | -      |

    @iis6 @domain @dc
    Examples: Windows Server 2003 domain controller
      | platform                     | event | reason |
      | IIS 6 on a domain controller | 530   | -      |

    @iis10
    Examples: Windows Server 2022
      | platform                    | event | reason |
      | IIS 10 with a local account | 4625  | %%2311 |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     | event | reason |
      | IIS 10 with a domain account | 4625  | %%2311 |

  Scenario Outline: Office hours that include Tuesday morning let visitors in (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "net user {account} /times:M-F,8AM-6PM {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab finds the server healthy
    When 10 hours pass
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1328
    And authlab diagnoses "logon-hours"

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                    |
      | IIS 6 with a domain account |

    @iis10
    Examples: Windows Server 2022
      | platform                    |
      | IIS 10 with a local account |
