@password-sync-unusable @iis6
Feature: AnonymousPasswordSync is on where subauthentication can not work
  IIS 5 let the anonymous account's password follow the account by itself
  (AnonymousPasswordSync, through the iissuba.dll subauthentication package). An upgrade to
  IIS 6 leaves the property set, but IIS 6 in worker process isolation mode can not use
  subauthentication: it logs on with the password stored in the metabase, which nothing keeps
  in step any more. The next time the account's password changes, every page answers
  "401.1 Unauthorized: Logon failed" (KB 909887, "subauthentication"). IIS 7 and later have no
  AnonymousPasswordSync, so this cause is IIS 6's alone.

  Scenario Outline: The password changes under AnonymousPasswordSync on <platform>
    Given a healthy web server running <platform>
    When the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/AnonymousPasswordSync TRUE"
    And the administrator runs "net user {account} Dr1fted-Passw0rd {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1326
    And the Security log shows event 529 for logon type 8
    And the IIS log line ends with "401 1 1326"
    # Synchronisation explains the failing password; the password fails all the same.
    And authlab diagnoses "password-sync-unusable" first and then "password-mismatch"
    # Turning synchronisation off is half of the repair: the stored password is still the old one.
    When the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/AnonymousPasswordSync FALSE"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1326
    And authlab diagnoses "password-mismatch"
    When the administrator runs "net user {account} Kn0wn-Passw0rd {/domain}"
    And the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/AnonymousUserPass Kn0wn-Passw0rd"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"

    Examples: a stand-alone server
      | platform                   |
      | IIS 6 with a local account |

    @domain
    Examples: a domain account
      | platform                    |
      | IIS 6 with a domain account |

    @domain @dc
    Examples: a domain controller
      | platform                     |
      | IIS 6 on a domain controller |

  Scenario Outline: AnonymousPasswordSync left on is found before the password changes (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/AnonymousPasswordSync TRUE"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab diagnoses "password-sync-unusable"
    When the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/AnonymousPasswordSync FALSE"
    Then authlab finds the server healthy

    Examples: a stand-alone server
      | platform                   |
      | IIS 6 with a local account |

    @domain
    Examples: a domain account
      | platform                    |
      | IIS 6 with a domain account |
