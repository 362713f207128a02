@password-expired
Feature: The anonymous account's password has expired
  The anonymous account is made with "Password never expires". Clear that box and the account
  falls under the maximum password age (42 days by default); its password, set months ago when
  IIS was installed, has expired at once, and every page answers "401.1 Unauthorized: Logon
  failed" until the password is changed in both places or the box is ticked again.

  Scenario Outline: "Password never expires" is cleared on <platform>
    Given a healthy web server running <platform>
    When the administrator runs "net accounts /maxpwage:42 {/domain}"
    And the administrator clears "Password never expires" for the anonymous account
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1330
    And the Security log shows event <event> for logon type 8
    And the Security log shows event <event> with reason "<reason>"
    And the IIS log line ends with "401 1 1330"
    And authlab diagnoses "password-expired"
    When the administrator sets "Password never expires" for the anonymous account
    And an anonymous visitor requests "/"
    Then the visitor gets "200"

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

  Scenario Outline: A new password, in the account and in IIS 6, on <platform>
    Given a healthy web server running <platform>
    When the administrator clears "Password never expires" for the anonymous account
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1330
    And authlab diagnoses "password-expired"
    When the administrator runs "net user {account} Fr3sh-Passw0rd {/domain}"
    And the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/AnonymousUserPass Fr3sh-Passw0rd"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"

    @iis6
    Examples: a stand-alone server
      | platform                   |
      | IIS 6 with a local account |

    @iis6 @domain
    Examples: a domain account
      | platform                    |
      | IIS 6 with a domain account |

    @iis6 @domain @dc
    Examples: a domain controller
      | platform                     |
      | IIS 6 on a domain controller |

  Scenario Outline: A new password, in the account and in IIS 10, on <platform>
    Given a healthy web server running <platform>
    When the administrator clears "Password never expires" for the anonymous account
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1330
    And authlab diagnoses "password-expired"
    When the administrator runs "net user {account} Fr3sh-Passw0rd {/domain}"
    And the administrator runs "appcmd set config -section:system.webServer/security/authentication/anonymousAuthentication /password:Fr3sh-Passw0rd /commit:apphost"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"

    @iis10
    Examples: a stand-alone server
      | platform                    |
      | IIS 10 with a local account |

    @iis10 @domain
    Examples: a domain account
      | platform                     |
      | IIS 10 with a domain account |

  Scenario Outline: No maximum password age, no expired password (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "net accounts /maxpwage:unlimited {/domain}"
    And the administrator clears "Password never expires" for the anonymous account
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab finds the server healthy

    @iis6 @domain @dc
    Examples: Windows Server 2003 domain controller
      | platform                     |
      | IIS 6 on a domain controller |

    @iis10
    Examples: Windows Server 2022
      | platform                    |
      | IIS 10 with a local account |
