@password-must-change
Feature: The anonymous account must change its password at next logon
  "User must change password at next logon" ticked on the anonymous account (Windows only lets
  it take effect once "Password never expires" is cleared) stops every anonymous logon: IIS can
  not change a password, so every page answers "401.1 Unauthorized: Logon failed".

  Scenario Outline: "User must change password at next logon" on <platform>
    Given a healthy web server running <platform>
    When the administrator clears "Password never expires" for the anonymous account
    And the administrator runs "net user {account} /logonpasswordchg:yes {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1907
    And the Security log shows event <event> for logon type 8
    And the Security log shows event <event> with reason "<reason>"
    And the IIS log line ends with "401 1 1907"
    And authlab diagnoses "password-must-change"
    When the administrator runs "net user {account} /logonpasswordchg:no {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    When the administrator sets "Password never expires" for the anonymous account
    Then authlab finds the server healthy

    @iis6
    Examples: Windows Server 2003
      | platform                   | event | reason |
      | IIS 6 with a local account | 535   | -      |

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                    | event | reason |
      | IIS 6 with a domain account | 535   | -      |

    @iis6 @domain @dc
    Examples: Windows Server 2003 domain controller
      | platform                     | event | reason |
      | IIS 6 on a domain controller | 535   | -      |

    @iis10
    Examples: Windows Server 2022
      | platform                    | event | reason |
      | IIS 10 with a local account | 4625  | %%2309 |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     | event | reason |
      | IIS 10 with a domain account | 4625  | %%2309 |
