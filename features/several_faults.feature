@several-faults
Feature: Several causes at once
  LogonUser reports one cause per logon, the first in Windows' order: the account is looked up,
  then a lockout, then the password, then the account's restrictions (disabled, expired,
  password must change or expired, "Log On To", logon hours), then CrashOnAuditFail, then the
  logon rights. IIS checks that anonymous access is on before it logs on, and the content's ACL
  after. So a visitor, the Security log and the IIS log show only the first cause, and each
  repair uncovers the next. authlab reads the configuration and the accounts too, and lists
  every cause in that order.

  @account-disabled @logon-right-denied
  Scenario Outline: A disabled account that is also denied network logons (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "ntrights -u <denied> +r SeDenyNetworkLogonRight"
    And the administrator runs "net user {account} /active:no {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1331
    And authlab diagnoses "account-disabled" first and then "logon-right-denied"
    When the administrator runs "net user {account} /active:yes {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1385
    And authlab diagnoses "logon-right-denied"
    When the administrator runs "ntrights -u <denied> -r SeDenyNetworkLogonRight"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"

    @iis6
    Examples: Windows Server 2003 (IUSR is a Guests member)
      | platform                   | denied |
      | IIS 6 with a local account | Guests |

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                    | denied |
      | IIS 6 with a domain account | Guests |

    @iis6 @domain @dc
    Examples: Windows Server 2003 domain controller
      | platform                     | denied |
      | IIS 6 on a domain controller | Guests |

    @iis10
    Examples: Windows Server 2022
      | platform                    | denied      |
      | IIS 10 with a local account | {qualified} |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     | denied      |
      | IIS 10 with a domain account | {qualified} |

  @account-expired @workstation-restriction @logon-hours
  Scenario Outline: Expired, limited to another computer, and outside its logon hours (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "net user {account} /times:Sa-Su,9AM-5PM {/domain}"
    And the administrator runs "net user {account} /workstations:OTHERPC {/domain}"
    And the administrator runs "net user {account} /expires:11/01/2026 {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1793
    And authlab diagnoses "account-expired" first and then "workstation-restriction"
    When the administrator runs "net user {account} /expires:never {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1329
    And authlab diagnoses "workstation-restriction" first and then "logon-hours"
    When the administrator runs "net user {account} /workstations:* {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1328
    And authlab diagnoses "logon-hours"
    When the administrator runs "net user {account} /times:all {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab finds the server healthy

    @iis6
    Examples: Windows Server 2003
      | platform                   |
      | IIS 6 with a local account |

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                    |
      | IIS 6 with a domain account |

    @iis6 @domain @dc
    Examples: Windows Server 2003 domain controller
      | platform                     |
      | IIS 6 on a domain controller |

    @iis10
    Examples: Windows Server 2022
      | platform                    |
      | IIS 10 with a local account |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     |
      | IIS 10 with a domain account |

  @account-locked-out @account-disabled
  Scenario Outline: A locked-out account that is also disabled (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "net accounts /lockoutthreshold:3 /lockoutwindow:30 /lockoutduration:30 {/domain}"
    And the administrator runs "net user {account} /active:no {/domain}"
    And someone tries a wrong password for the anonymous account 3 times
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1909
    And authlab diagnoses "account-locked-out" first and then "account-disabled"
    When 31 minutes pass
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1331
    And authlab diagnoses "account-disabled"
    When the administrator runs "net user {account} /active:yes {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"

    @iis6
    Examples: Windows Server 2003
      | platform                   |
      | IIS 6 with a local account |

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                    |
      | IIS 6 with a domain account |

    @iis6 @domain @dc
    Examples: Windows Server 2003 domain controller
      | platform                     |
      | IIS 6 on a domain controller |

    @iis10
    Examples: Windows Server 2022
      | platform                    |
      | IIS 10 with a local account |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     |
      | IIS 10 with a domain account |

  @crash-on-audit-fail @logon-right-missing
  Scenario Outline: CrashOnAuditFail = 2 hides a missing network logon right (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "ntrights -u Everyone -r SeNetworkLogonRight"
    And the administrator runs "ntrights -u Users -r SeNetworkLogonRight"
    And the administrator runs "reg add HKLM\SYSTEM\CurrentControlSet\Control\Lsa /v CrashOnAuditFail /t REG_DWORD /d 2 /f"
    And the server is restarted
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1329
    And no logon failure is audited for the request
    And authlab diagnoses "crash-on-audit-fail" first and then "logon-right-missing"
    When the administrator runs "reg add HKLM\SYSTEM\CurrentControlSet\Control\Lsa /v CrashOnAuditFail /t REG_DWORD /d 0 /f"
    And the administrator runs "shutdown /r /t 0"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1385
    And authlab diagnoses "logon-right-missing"
    When the administrator runs "ntrights -u {qualified} +r SeNetworkLogonRight"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"

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

  @anonymous-disabled @account-expired @content-acl-denied
  Scenario Outline: Anonymous access off, an expired account and a deny ACL on IIS 10 (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "icacls C:\inetpub\wwwroot /deny {qualified}:(OI)(CI)(R)"
    And the administrator runs "net user {account} /expires:11/01/2026 {/domain}"
    And the administrator runs "appcmd set config "Default Web Site" -section:system.webServer/security/authentication/anonymousAuthentication /enabled:false /commit:apphost"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.2" with Win32 error 5
    And authlab diagnoses "anonymous-disabled" first and then "account-expired"
    When the administrator runs "appcmd set config "Default Web Site" -section:system.webServer/security/authentication/anonymousAuthentication /enabled:true /commit:apphost"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1793
    And authlab diagnoses "account-expired" first and then "content-acl-denied"
    When the administrator runs "net user {account} /expires:never {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.3" with Win32 error 5
    And authlab diagnoses "content-acl-denied"
    When the administrator runs "icacls C:\inetpub\wwwroot /remove:d {qualified}"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"

    @iis10
    Examples: Windows Server 2022
      | platform                    |
      | IIS 10 with a local account |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     |
      | IIS 10 with a domain account |

  @anonymous-disabled @logon-right-denied
  Scenario Outline: Anonymous access off and Guests denied network logons on IIS 6 (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "ntrights -u Guests +r SeDenyNetworkLogonRight"
    And the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/1/root/AuthFlags 4"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.2" with Win32 error 5
    And authlab diagnoses "anonymous-disabled" first and then "logon-right-denied"
    When the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/1/root/AuthFlags 5"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1385
    And authlab diagnoses "logon-right-denied"
    When the administrator runs "ntrights -u Guests -r SeDenyNetworkLogonRight"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"

    @iis6
    Examples: Windows Server 2003
      | platform                   |
      | IIS 6 with a local account |

    @iis6 @domain @dc
    Examples: Windows Server 2003 domain controller
      | platform                     |
      | IIS 6 on a domain controller |
