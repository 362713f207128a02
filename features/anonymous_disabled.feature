@anonymous-disabled
Feature: Anonymous authentication is off for the URL
  With "Anonymous access" cleared for the site (IIS 6's AuthFlags without AuthAnonymous = 1,
  IIS 10's anonymousAuthentication enabled="false") and no other method a browser can use
  without credentials, IIS answers "401.2 Unauthorized: Logon failed due to server
  configuration" before any logon: the account is fine and the Security log shows nothing.

  Scenario Outline: Only Integrated Windows authentication is left on IIS 6 (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/1/root/AuthFlags 4"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.2" with Win32 error 5
    And no logon failure is audited for the request
    And the IIS log line ends with "401 2 5"
    And authlab diagnoses "anonymous-disabled"
    When the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/1/root/AuthFlags 5"
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

  Scenario Outline: Anonymous authentication disabled for the Default Web Site on IIS 10 (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "appcmd set config "Default Web Site" -section:system.webServer/security/authentication/anonymousAuthentication /enabled:false /commit:apphost"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.2" with Win32 error 5
    And no logon failure is audited for the request
    And the IIS log line ends with "401 2 5"
    And authlab diagnoses "anonymous-disabled"
    When the administrator runs "appcmd set config "Default Web Site" -section:system.webServer/security/authentication/anonymousAuthentication /enabled:true /commit:apphost"
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
