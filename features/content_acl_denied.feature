@content-acl-denied
Feature: The file system denies the anonymous identity the content
  The anonymous account logs on, but an NTFS deny entry on the content folder (for the account,
  or for Guests, which IIS 6's IUSR_<machine> belongs to) refuses it the file, and IIS answers
  "401.3 Unauthorized: Access is denied due to an ACL set on the requested resource".

  Scenario Outline: A deny entry for IUSR on C:\Inetpub\wwwroot (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "icacls C:\Inetpub\wwwroot /deny {qualified}:(OI)(CI)(R)"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.3" with Win32 error 5
    And no logon failure is audited for the request
    And the IIS log line ends with "401 3 5"
    And authlab diagnoses "content-acl-denied"
    When the administrator runs "icacls C:\Inetpub\wwwroot /remove:d {qualified}"
    And an anonymous visitor requests "/"
    # icacls /deny also took read out of IUSR's own allow entry, leaving only traverse.
    Then the visitor gets "401.3" with Win32 error 5
    When the administrator runs "icacls C:\Inetpub\wwwroot /grant {qualified}:(OI)(CI)(RX)"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab finds the server healthy

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

  Scenario Outline: A deny entry for Guests reaches IIS 6's IUSR (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "icacls C:\Inetpub\wwwroot /deny Guests:(OI)(CI)(R)"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.3" with Win32 error 5
    And the IIS log line ends with "401 3 5"
    And authlab diagnoses "content-acl-denied"
    When the administrator runs "icacls C:\Inetpub\wwwroot /remove:d Guests"
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

  Scenario Outline: A deny entry for the anonymous account on C:\inetpub\wwwroot (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "icacls C:\inetpub\wwwroot /deny {qualified}:(OI)(CI)(R)"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.3" with Win32 error 5
    And no logon failure is audited for the request
    And the IIS log line ends with "401 3 5"
    And authlab diagnoses "content-acl-denied"
    When the administrator runs "icacls C:\inetpub\wwwroot /remove:d {qualified}"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab finds the server healthy

    @iis10
    Examples: a stand-alone server
      | platform                    |
      | IIS 10 with a local account |

    @iis10 @domain
    Examples: a domain account
      | platform                     |
      | IIS 10 with a domain account |
