@logon-audit-disabled
Feature: Logon failures are not audited
  Without failure auditing of logon events the Security log can not show why the anonymous
  logon fails (KB 909887: "enable security logging" is its first step). The site still works,
  so authlab reports it as information, not as a fault.

  Scenario Outline: auditpol turns off failure auditing on IIS 10 (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "auditpol /set /subcategory:"Logon" /failure:disable"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab diagnoses "logon-audit-disabled"
    And authlab finds the server healthy
    When the administrator runs "auditpol /set /subcategory:"Logon" /failure:enable"
    Then authlab reports nothing at all

    @iis10
    Examples: a stand-alone server
      | platform                    |
      | IIS 10 with a local account |

    @iis10 @domain
    Examples: a domain account
      | platform                     |
      | IIS 10 with a domain account |

  Scenario Outline: "Audit logon events" set to success only on Windows Server 2003 (<platform>)
    Given a healthy web server running <platform>
    When the administrator sets "Audit logon events" to "Success" in the local security policy
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab diagnoses "logon-audit-disabled"
    When the administrator sets "Audit logon events" to "Success, Failure" in the local security policy
    Then authlab reports nothing at all

    @iis6
    Examples: a stand-alone server
      | platform                   |
      | IIS 6 with a local account |

    @iis6 @domain
    Examples: a domain account
      | platform                    |
      | IIS 6 with a domain account |

  @iis6 @domain @dc
  Scenario: The Default Domain Controllers Policy stops auditing failed logons (IIS 6 on a domain controller)
    Given a healthy web server running IIS 6 on a domain controller
    When the administrator sets "Audit logon events" to "Success" in the group policy "Default Domain Controllers Policy"
    And the administrator runs "gpupdate /force"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab diagnoses "logon-audit-disabled"
    When the administrator sets "Audit logon events" to "Success, Failure" in the group policy "Default Domain Controllers Policy"
    And the administrator runs "gpupdate /force"
    Then authlab reports nothing at all

  Scenario Outline: A disabled account leaves no Security event when failures are not audited (<platform>)
    Given a healthy web server running <platform>
    When the administrator sets "Audit logon events" to "Success" in the local security policy
    And the administrator runs "net user {account} /active:no {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1331
    And no logon failure is audited for the request
    And the IIS log line ends with "401 1 1331"
    And authlab diagnoses "account-disabled"

    @iis6
    Examples: Windows Server 2003
      | platform                   |
      | IIS 6 with a local account |

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                    |
      | IIS 6 with a domain account |

    @iis10
    Examples: Windows Server 2022
      | platform                    |
      | IIS 10 with a local account |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     |
      | IIS 10 with a domain account |
