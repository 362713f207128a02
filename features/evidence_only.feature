@evidence-only
Feature: A diagnosis from logs, events and configuration alone
  Often the administrator who reports the fault can send the IIS configuration, the IIS logs,
  the Security log, the exported security policy and the collector's credential probe, but
  not the account files (net user, net localgroup, an LDIF export of the domain account).
  For these causes that is enough: the Security event's reason (4625's SubStatus), the Win32
  code in the IIS log and the configuration name the cause. (On IIS 6 an account that does
  not exist and a wrong password leave the same event 529 and the same Win32 error 1326, so
  that pair needs the account files.)

  Scenario Outline: <cause> on <platform>, from the logs and the configuration
    Given a healthy web server running <platform>
    When the administrator runs "<command>"
    And an anonymous visitor requests "/"
    Then the visitor gets "<status>" with Win32 error <win32>
    When the administrator collects only the logs, events and configuration
    Then authlab diagnoses "<finding>"

    @iis6
    Examples: Windows Server 2003
      | platform                   | cause                     | command                                                                                | status | win32 | finding                 |
      | IIS 6 with a local account | a disabled account        | net user {account} /active:no                                                          | 401.1  | 1331  | account-disabled        |
      | IIS 6 with a local account | an expired account        | net user {account} /expires:11/01/2026                                                 | 401.1  | 1793  | account-expired         |
      | IIS 6 with a local account | "Log On To" elsewhere     | net user {account} /workstations:OTHERPC                                               | 401.1  | 1329  | workstation-restriction |
      | IIS 6 with a local account | weekend-only logon hours  | net user {account} /times:Sa-Su,9AM-5PM                                                | 401.1  | 1328  | logon-hours             |
      | IIS 6 with a local account | a wrong password in IIS   | cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/AnonymousUserPass Typ0 | 401.1  | 1326  | password-mismatch       |
      | IIS 6 with a local account | Guests denied the network | ntrights -u Guests +r SeDenyNetworkLogonRight                                          | 401.1  | 1385  | logon-right-denied      |
      | IIS 6 with a local account | anonymous access off      | cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/1/root/AuthFlags 4     | 401.2  | 5     | anonymous-disabled      |
      | IIS 6 with a local account | a deny ACL on the content | icacls C:\Inetpub\wwwroot /deny {qualified}:(OI)(CI)(R)                                | 401.3  | 5     | content-acl-denied      |

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                    | cause                     | command                                                                                | status | win32 | finding                 |
      | IIS 6 with a domain account | a disabled account        | net user {account} /active:no /domain                                                  | 401.1  | 1331  | account-disabled        |
      | IIS 6 with a domain account | an expired account        | net user {account} /expires:11/01/2026 /domain                                         | 401.1  | 1793  | account-expired         |
      | IIS 6 with a domain account | "Log On To" elsewhere     | net user {account} /workstations:OTHERPC /domain                                       | 401.1  | 1329  | workstation-restriction |
      | IIS 6 with a domain account | weekend-only logon hours  | net user {account} /times:Sa-Su,9AM-5PM /domain                                        | 401.1  | 1328  | logon-hours             |
      | IIS 6 with a domain account | a wrong password in IIS   | cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/AnonymousUserPass Typ0 | 401.1  | 1326  | password-mismatch       |
      | IIS 6 with a domain account | Guests denied the network | ntrights -u Guests +r SeDenyNetworkLogonRight                                          | 401.1  | 1385  | logon-right-denied      |
      | IIS 6 with a domain account | anonymous access off      | cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/1/root/AuthFlags 4     | 401.2  | 5     | anonymous-disabled      |
      | IIS 6 with a domain account | a deny ACL on the content | icacls C:\Inetpub\wwwroot /deny {qualified}:(OI)(CI)(R)                                | 401.3  | 5     | content-acl-denied      |

    @iis6 @domain @dc
    Examples: Windows Server 2003 domain controller
      | platform                     | cause                     | command                                                                                | status | win32 | finding                 |
      | IIS 6 on a domain controller | a disabled account        | net user {account} /active:no /domain                                                  | 401.1  | 1331  | account-disabled        |
      | IIS 6 on a domain controller | an expired account        | net user {account} /expires:11/01/2026 /domain                                         | 401.1  | 1793  | account-expired         |
      | IIS 6 on a domain controller | "Log On To" elsewhere     | net user {account} /workstations:OTHERPC /domain                                       | 401.1  | 1329  | workstation-restriction |
      | IIS 6 on a domain controller | weekend-only logon hours  | net user {account} /times:Sa-Su,9AM-5PM /domain                                        | 401.1  | 1328  | logon-hours             |
      | IIS 6 on a domain controller | a wrong password in IIS   | cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/AnonymousUserPass Typ0 | 401.1  | 1326  | password-mismatch       |
      | IIS 6 on a domain controller | Guests denied the network | ntrights -u Guests +r SeDenyNetworkLogonRight                                          | 401.1  | 1385  | logon-right-denied      |
      | IIS 6 on a domain controller | LogonMethod interactive   | cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/LogonMethod 0          | 401.1  | 1385  | logon-right-missing     |
      | IIS 6 on a domain controller | anonymous access off      | cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/1/root/AuthFlags 4     | 401.2  | 5     | anonymous-disabled      |

    @iis10
    Examples: Windows Server 2022
      | platform                    | cause                       | command                                                                                                                                    | status | win32 | finding                 |
      | IIS 10 with a local account | a disabled account          | net user {account} /active:no                                                                                                              | 401.1  | 1331  | account-disabled        |
      | IIS 10 with a local account | an expired account          | net user {account} /expires:11/01/2026                                                                                                     | 401.1  | 1793  | account-expired         |
      | IIS 10 with a local account | "Log On To" elsewhere       | net user {account} /workstations:OTHERPC                                                                                                   | 401.1  | 1329  | workstation-restriction |
      | IIS 10 with a local account | weekend-only logon hours    | net user {account} /times:Sa-Su,9AM-5PM                                                                                                    | 401.1  | 1328  | logon-hours             |
      | IIS 10 with a local account | a wrong password in IIS     | appcmd set config -section:system.webServer/security/authentication/anonymousAuthentication /password:Typ0 /commit:apphost                | 401.1  | 1326  | password-mismatch       |
      | IIS 10 with a local account | a misspelt account name     | appcmd set config -section:system.webServer/security/authentication/anonymousAuthentication /userName:{computer}\WebAnonymous /commit:apphost | 401.1  | 1326  | account-not-found       |
      | IIS 10 with a local account | the account denied          | ntrights -u {qualified} +r SeDenyNetworkLogonRight                                                                                         | 401.1  | 1385  | logon-right-denied      |
      | IIS 10 with a local account | anonymous access off        | appcmd set config "Default Web Site" -section:system.webServer/security/authentication/anonymousAuthentication /enabled:false /commit:apphost | 401.2  | 5     | anonymous-disabled      |
      | IIS 10 with a local account | a deny ACL on the content   | icacls C:\inetpub\wwwroot /deny {qualified}:(OI)(CI)(R)                                                                                    | 401.3  | 5     | content-acl-denied      |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     | cause                       | command                                                                                                                                    | status | win32 | finding                 |
      | IIS 10 with a domain account | a disabled account          | net user {account} /active:no /domain                                                                                                      | 401.1  | 1331  | account-disabled        |
      | IIS 10 with a domain account | an expired account          | net user {account} /expires:11/01/2026 /domain                                                                                             | 401.1  | 1793  | account-expired         |
      | IIS 10 with a domain account | "Log On To" elsewhere       | net user {account} /workstations:OTHERPC /domain                                                                                           | 401.1  | 1329  | workstation-restriction |
      | IIS 10 with a domain account | weekend-only logon hours    | net user {account} /times:Sa-Su,9AM-5PM /domain                                                                                            | 401.1  | 1328  | logon-hours             |
      | IIS 10 with a domain account | a wrong password in IIS     | appcmd set config -section:system.webServer/security/authentication/anonymousAuthentication /password:Typ0 /commit:apphost                | 401.1  | 1326  | password-mismatch       |
      | IIS 10 with a domain account | a deleted account           | net user {account} /delete /domain                                                                                                         | 401.1  | 1326  | account-not-found       |
      | IIS 10 with a domain account | the account denied          | ntrights -u {qualified} +r SeDenyNetworkLogonRight                                                                                         | 401.1  | 1385  | logon-right-denied      |
      | IIS 10 with a domain account | anonymous access off        | appcmd set config "Default Web Site" -section:system.webServer/security/authentication/anonymousAuthentication /enabled:false /commit:apphost | 401.2  | 5     | anonymous-disabled      |
      | IIS 10 with a domain account | a deny ACL on the content   | icacls C:\inetpub\wwwroot /deny {qualified}:(OI)(CI)(R)                                                                                    | 401.3  | 5     | content-acl-denied      |

  Scenario Outline: A locked-out account, from the logs and the configuration (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "net accounts /lockoutthreshold:5 /lockoutwindow:30 /lockoutduration:30 {/domain}"
    And someone tries a wrong password for the anonymous account 5 times
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1909
    When the administrator collects only the logs, events and configuration
    Then authlab diagnoses "account-locked-out"

    @iis6
    Examples: Windows Server 2003
      | platform                   |
      | IIS 6 with a local account |

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

  Scenario Outline: AnonymousPasswordSync and a changed password, from the metabase and the logs (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/AnonymousPasswordSync TRUE"
    And the administrator runs "net user {account} Dr1fted-Passw0rd {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1326
    When the administrator collects only the logs, events and configuration
    Then authlab diagnoses "password-sync-unusable" first and then "password-mismatch"

    @iis6
    Examples: Windows Server 2003
      | platform                   |
      | IIS 6 with a local account |

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                    |
      | IIS 6 with a domain account |

  Scenario Outline: Hardening that takes network logons away, from secedit and the logs (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "ntrights -u Everyone -r SeNetworkLogonRight"
    And the administrator runs "ntrights -u Users -r SeNetworkLogonRight"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1385
    When the administrator collects only the logs, events and configuration
    Then authlab diagnoses "logon-right-missing"

    @iis6
    Examples: Windows Server 2003
      | platform                   |
      | IIS 6 with a local account |

    @iis10
    Examples: Windows Server 2022
      | platform                    |
      | IIS 10 with a local account |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     |
      | IIS 10 with a domain account |

  Scenario Outline: "Password never expires" cleared, from the logs and the configuration (<platform>)
    Given a healthy web server running <platform>
    When the administrator clears "Password never expires" for the anonymous account
    And the administrator runs "<and then>"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error <win32>
    When the administrator collects only the logs, events and configuration
    Then authlab diagnoses "<finding>"

    @iis10
    Examples: Windows Server 2022
      | platform                    | and then                                | win32 | finding              |
      | IIS 10 with a local account | net user {account} /logonpasswordchg:yes | 1907  | password-must-change |
      | IIS 10 with a local account | net accounts /maxpwage:42                | 1330  | password-expired     |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     | and then                                         | win32 | finding              |
      | IIS 10 with a domain account | net user {account} /logonpasswordchg:yes /domain | 1907  | password-must-change |
      | IIS 10 with a domain account | net accounts /maxpwage:42 /domain                | 1330  | password-expired     |

  Scenario Outline: CrashOnAuditFail = 2, from lsa.reg and the IIS log (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "reg add HKLM\SYSTEM\CurrentControlSet\Control\Lsa /v CrashOnAuditFail /t REG_DWORD /d 2 /f"
    And the server is restarted
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1329
    When the administrator collects only the logs, events and configuration
    Then authlab diagnoses "crash-on-audit-fail"

    @iis6
    Examples: Windows Server 2003
      | platform                   |
      | IIS 6 with a local account |

    @iis6 @domain @dc
    Examples: Windows Server 2003 domain controller
      | platform                     |
      | IIS 6 on a domain controller |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     |
      | IIS 10 with a domain account |

  Scenario Outline: A full Security log that may not overwrite, before anyone visits (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "reg add HKLM\SYSTEM\CurrentControlSet\Control\Lsa /v CrashOnAuditFail /t REG_DWORD /d 1 /f"
    And the server is restarted
    And the administrator runs "wevtutil sl Security /rt:true /ms:1048576"
    And the Security log fills up
    And the administrator collects only the logs, events and configuration
    Then authlab diagnoses "security-log-full"

    @iis10
    Examples: Windows Server 2022
      | platform                    |
      | IIS 10 with a local account |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     |
      | IIS 10 with a domain account |

  Scenario Outline: Failure auditing turned off, from the exported policy (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "auditpol /set /subcategory:"Logon" /failure:disable"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    When the administrator collects only the logs, events and configuration
    Then authlab diagnoses "logon-audit-disabled"

    @iis10
    Examples: Windows Server 2022
      | platform                    |
      | IIS 10 with a local account |
