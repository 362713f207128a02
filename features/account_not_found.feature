@account-not-found
Feature: The anonymous account named in IIS does not exist
  IIS logs every anonymous visitor on with the user name in its configuration. When no account
  has that name (the server was renamed after IIS was installed, the name was mistyped, or
  someone deleted the account), LogonUser answers "unknown user name or bad password" and every
  page answers "401.1 Unauthorized: Logon failed" (KB 909887, "wrong user name").

  Scenario Outline: IIS 6 still names the account of the server's old name (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/AnonymousUserName {domain}\IUSR_OLDWEB"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1326
    And the Security log shows event 529 for logon type 8 naming "IUSR_OLDWEB"
    And the IIS log line ends with "401 1 1326"
    And authlab diagnoses "account-not-found"
    When the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/AnonymousUserName {qualified}"
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

  Scenario Outline: IIS 10 names a mistyped anonymous account (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "appcmd set config -section:system.webServer/security/authentication/anonymousAuthentication /userName:{domain}\WebAnonymous /commit:apphost"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1326
    And the Security log shows event 4625 for logon type 8 naming "WebAnonymous"
    And the Security log shows event 4625 with reason "%%2313"
    And the IIS log line ends with "401 1 1326"
    And authlab diagnoses "account-not-found"
    When the administrator runs "appcmd set config -section:system.webServer/security/authentication/anonymousAuthentication /userName:{qualified} /commit:apphost"
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

  Scenario Outline: Someone deletes IUSR on <platform>, and it is made again
    Given a healthy web server running <platform>
    When the administrator runs "net user {account} /delete {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1326
    And the Security log shows event 529 for logon type 8
    And the IIS log line ends with "401 1 1326"
    And authlab diagnoses "account-not-found"
    When the administrator runs "net user {account} Recr3ated-Passw0rd /add {/domain}"
    And the administrator runs "net localgroup Guests {qualified} /add"
    And the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/AnonymousUserPass Recr3ated-Passw0rd"
    And an anonymous visitor requests "/"
    # A new account is a new SID: the content's ACL still names the old one.
    Then the visitor gets "401.3" with Win32 error 5
    When the administrator runs "icacls C:\Inetpub\wwwroot /grant {qualified}:(OI)(CI)(RX)"
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

  Scenario Outline: Someone deletes the anonymous account on <platform>, and it is made again
    Given a healthy web server running <platform>
    When the administrator runs "net user {account} /delete {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1326
    And the Security log shows event 4625 for logon type 8
    And the Security log shows event 4625 with reason "%%2313"
    And the IIS log line ends with "401 1 1326"
    And authlab diagnoses "account-not-found"
    When the administrator runs "net user {account} Recr3ated-Passw0rd /add {/domain}"
    And the administrator runs "appcmd set config -section:system.webServer/security/authentication/anonymousAuthentication /password:Recr3ated-Passw0rd /commit:apphost"
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
