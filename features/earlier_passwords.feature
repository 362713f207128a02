@password-mismatch
Feature: A stale password in IIS keeps working for an hour after the account's password changes
  A domain controller still accepts a domain account's previous password over NTLM for an hour
  after the password is changed or reset (KB 906305, OldPasswordAllowedPeriod, 60 minutes).
  An IIS site whose metabase kept the old password therefore goes on working after the reset
  and breaks about an hour later with "unknown user name or bad password". Those failures
  never lock the account out: a wrong password that is one of the two previous passwords is
  not counted. An older password is counted like any other wrong one.

  Scenario Outline: The site breaks an hour after the reset on <platform>
    Given a healthy web server running <platform>
    When the administrator runs "net accounts /uniquepw:24 /domain"
    And the administrator runs "net user {account} N3w-Passw0rd-1 {/domain}"
    And the administrator runs "iisreset"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    When 59 minutes pass
    And the administrator runs "iisreset"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    When 2 minutes pass
    And the administrator runs "iisreset"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1326
    And authlab diagnoses "password-mismatch"

    @iis6 @domain
    Examples: a domain account
      | platform                    |
      | IIS 6 with a domain account |

  Scenario Outline: The previous password fails with 1326 for ever and never locks the account on <platform>
    Given a healthy web server running <platform>
    When the administrator runs "net accounts /uniquepw:24 /lockoutthreshold:3 /domain"
    And the administrator runs "net user {account} N3w-Passw0rd-1 {/domain}"
    And 61 minutes pass
    And the administrator runs "iisreset"
    And an anonymous visitor requests "/"
    And the administrator runs "iisreset"
    And an anonymous visitor requests "/"
    And the administrator runs "iisreset"
    And an anonymous visitor requests "/"
    And the administrator runs "iisreset"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1326
    And authlab diagnoses "password-mismatch"

    @iis6 @domain
    Examples: a domain account
      | platform                    |
      | IIS 6 with a domain account |

  Scenario Outline: A password three changes old is counted and locks the account on <platform>
    Given a healthy web server running <platform>
    When the administrator runs "net accounts /uniquepw:24 /lockoutthreshold:3 /domain"
    And the administrator runs "net user {account} N3w-Passw0rd-1 {/domain}"
    And the administrator runs "net user {account} N3w-Passw0rd-2 {/domain}"
    And the administrator runs "net user {account} N3w-Passw0rd-3 {/domain}"
    And the administrator runs "iisreset"
    And an anonymous visitor requests "/"
    And the administrator runs "iisreset"
    And an anonymous visitor requests "/"
    And the administrator runs "iisreset"
    And an anonymous visitor requests "/"
    And the administrator runs "iisreset"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1909

    @iis6 @domain
    Examples: a domain account
      | platform                    |
      | IIS 6 with a domain account |
