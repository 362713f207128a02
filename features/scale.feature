@scale
Feature: A large generated domain
  The anonymous account is one of thousands in a real domain. With 5000 generated users around
  it, the diagnosis still finds the one account that matters, and finds it quickly.

  @account-disabled @iis10 @domain
  Scenario: A disabled anonymous account among 5000 domain users
    Given a domain of 5000 users generated from seed 42, with IIS 10 with a domain account
    When the administrator runs "net user {account} /active:no /domain"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1331
    And the Security log shows event 4625 with reason "%%2310"
    And authlab diagnoses "account-disabled"
    When the administrator runs "net user {account} /active:yes /domain"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab finds the server healthy

  @logon-right-denied @iis10 @domain
  Scenario: A domain GPO denies the anonymous account among 5000 domain users network logons
    Given a domain of 5000 users generated from seed 42, with IIS 10 with a domain account
    When the administrator adds "{qualified}" to "Deny access to this computer from the network" in the group policy "Default Domain Policy"
    And the administrator runs "gpupdate /force"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1385
    And authlab diagnoses "logon-right-denied"
