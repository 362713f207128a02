@time
Feature: The clock decides the outcome
  Logon hours are stored as 168 UTC hours from the week's start (Sunday 00:00 UTC); net user
  /times converts the local hours typed on the server, so a restriction typed in Berlin,
  New York or Tokyo moves in UTC, and an hour near midnight can belong to another day, or
  another week, in UTC than on the server's clock. An account expiry date ends the account at
  00:00 local time that day. A lockout ends by itself after its duration, and bad passwords
  count only within the observation window. And IIS caches the anonymous token for
  UserTokenTTL (15 minutes): a cached token is used without a logon, so a new fault, or a
  repair, shows only after iisreset or when the token has aged out.

  @logon-hours
  Scenario Outline: Monday's first hours typed in Berlin begin at local midnight (<platform>)
    Given a healthy web server running <platform> in time zone "Europe/Berlin" at "2026-11-29 23:30"
    When the administrator runs "net user {account} /times:M,12AM-6AM {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1328
    And authlab diagnoses "logon-hours"
    # 00:01 on Monday in Berlin is 23:01 on Sunday in UTC: the hour is stored in Sunday's bits.
    When 31 minutes pass
    Then the server's local time is "2026-11-30 00:01 Mon"
    When an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab finds the server healthy
    When 6 hours pass
    Then the server's local time is "2026-11-30 06:01 Mon"
    When an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1328

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                    |
      | IIS 6 with a domain account |

    @iis10
    Examples: Windows Server 2022
      | platform                    |
      | IIS 10 with a local account |

  @logon-hours
  Scenario Outline: Sunday evening hours end at local midnight in Berlin (<platform>)
    Given a healthy web server running <platform> in time zone "Europe/Berlin" at "2026-11-29 23:30"
    When the administrator runs "net user {account} /times:Su,6PM-12AM {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab finds the server healthy
    When 31 minutes pass
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1328
    And authlab diagnoses "logon-hours"

    @iis6
    Examples: Windows Server 2003
      | platform                   |
      | IIS 6 with a local account |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     |
      | IIS 10 with a domain account |

  @logon-hours
  Scenario Outline: Sunday's first hours in Berlin are the last hour of the UTC week (<platform>)
    Given a healthy web server running <platform> in time zone "Europe/Berlin" at "2026-11-28 23:30"
    When the administrator runs "net user {account} /times:Su,12AM-6AM {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1328
    # 00:01 on Sunday in Berlin is 23:01 on Saturday in UTC, the week's last stored hour.
    When 31 minutes pass
    Then the server's local time is "2026-11-29 00:01 Sun"
    When an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab finds the server healthy

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

  @logon-hours
  Scenario Outline: Office hours in Tokyo begin while it is still Sunday in UTC (<platform>)
    Given a healthy web server running <platform> in time zone "Asia/Tokyo" at "2026-11-30 07:30"
    When the administrator runs "net user {account} /times:M-F,8AM-6PM {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1328
    And authlab diagnoses "logon-hours"
    When 31 minutes pass
    Then the server's local time is "2026-11-30 08:01 Mon"
    When an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab finds the server healthy

    @iis6
    Examples: Windows Server 2003
      | platform                   |
      | IIS 6 with a local account |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     |
      | IIS 10 with a domain account |

  @logon-hours
  Scenario Outline: Office hours in New York end on Friday while it is nearly Saturday in UTC (<platform>)
    Given a healthy web server running <platform> in time zone "America/New_York" at "2026-11-27 17:30"
    When the administrator runs "net user {account} /times:M-F,8AM-6PM {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    When 31 minutes pass
    Then the server's local time is "2026-11-27 18:01 Fri"
    When an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1328
    And authlab diagnoses "logon-hours"
    When 2 days pass
    And 14 hours pass
    Then the server's local time is "2026-11-30 08:01 Mon"
    When an anonymous visitor requests "/"
    Then the visitor gets "200"

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                    |
      | IIS 6 with a domain account |

    @iis10
    Examples: Windows Server 2022
      | platform                    |
      | IIS 10 with a local account |

  @account-expired
  Scenario Outline: An account expires at 00:00 local time on its expiry date (<platform>)
    Given a healthy web server running <platform> in time zone "Europe/Berlin" at "2026-11-24 23:30"
    When the administrator runs "net user {account} /expires:11/25/2026 {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab finds the server healthy
    # 00:01 in Berlin, still 24 November (23:01) in UTC.
    When 31 minutes pass
    Then the server's local time is "2026-11-25 00:01 Wed"
    When an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1793
    And authlab diagnoses "account-expired"

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

  @account-locked-out
  Scenario Outline: A lockout ends by itself after its duration (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "net accounts /lockoutthreshold:3 /lockoutwindow:30 /lockoutduration:30 {/domain}"
    And someone tries a wrong password for the anonymous account 3 times
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1909
    When 29 minutes pass
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1909
    And authlab diagnoses "account-locked-out"
    When 2 minutes pass
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab finds the server healthy

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

  @account-locked-out
  Scenario Outline: Bad passwords spread beyond the observation window do not lock (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "net accounts /lockoutthreshold:3 /lockoutwindow:10 /lockoutduration:30 {/domain}"
    And someone tries a wrong password for the anonymous account 2 times
    And 11 minutes pass
    And someone tries a wrong password for the anonymous account 2 times
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab finds the server healthy

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                    |
      | IIS 6 with a domain account |

    @iis10
    Examples: Windows Server 2022
      | platform                    |
      | IIS 10 with a local account |

  @account-locked-out
  Scenario Outline: Bad passwords inside the observation window lock (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "net accounts /lockoutthreshold:3 /lockoutwindow:10 /lockoutduration:30 {/domain}"
    And someone tries a wrong password for the anonymous account 2 times
    And 9 minutes pass
    And someone tries a wrong password for the anonymous account 1 times
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1909
    And authlab diagnoses "account-locked-out"

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                    |
      | IIS 6 with a domain account |

    @iis10
    Examples: Windows Server 2022
      | platform                    |
      | IIS 10 with a local account |

  @account-disabled
  Scenario Outline: The token cache hides a disabled account for 15 minutes (<platform>)
    Given a healthy web server running <platform>
    When an anonymous visitor requests "/"
    Then the visitor gets "200"
    When the administrator runs "net user {account} /active:no {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab diagnoses "account-disabled"
    When 14 minutes pass
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    When 1 minute passes
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1331

    @iis6
    Examples: Windows Server 2003
      | platform                   |
      | IIS 6 with a local account |

    @iis10 @domain
    Examples: Windows Server 2022 with a domain account
      | platform                     |
      | IIS 10 with a domain account |

  @password-mismatch
  Scenario Outline: iisreset shows a password reset behind IIS's back at once (<platform>)
    Given a healthy web server running <platform>
    When an anonymous visitor requests "/"
    Then the visitor gets "200"
    When the administrator runs "net user {account} R0tated-Passw0rd {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    When the administrator runs "iisreset"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1326
    And authlab diagnoses "password-mismatch"

    @iis6 @domain @dc
    Examples: Windows Server 2003 domain controller
      | platform                     |
      | IIS 6 on a domain controller |

    @iis10
    Examples: Windows Server 2022
      | platform                    |
      | IIS 10 with a local account |

  @account-expired
  Scenario Outline: A token cached just before midnight outlives the account's expiry (<platform>)
    Given a healthy web server running <platform> in time zone "Europe/Berlin" at "2026-11-24 23:59"
    When the administrator runs "net user {account} /expires:11/25/2026 {/domain}"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    When 2 minutes pass
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab diagnoses "account-expired"
    When the administrator runs "iisreset"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1793

    @iis6 @domain
    Examples: Windows Server 2003 with a domain account
      | platform                    |
      | IIS 6 with a domain account |

    @iis10
    Examples: Windows Server 2022
      | platform                    |
      | IIS 10 with a local account |

  @content-acl-denied
  Scenario Outline: The token cache hides a repair until iisreset (<platform>)
    Given a healthy web server running <platform>
    When an anonymous visitor requests "/"
    Then the visitor gets "200"
    When the administrator runs "icacls C:\Inetpub\wwwroot /deny Guests:(OI)(CI)(R)"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.3" with Win32 error 5
    And authlab diagnoses "content-acl-denied"
    # Taking IUSR out of Guests mends it, but the cached token still lists Guests.
    When the administrator runs "net localgroup Guests {qualified} /delete"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.3" with Win32 error 5
    When the administrator runs "iisreset"
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

  @content-acl-denied
  Scenario Outline: The token cache hides a repair for 15 minutes (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "icacls C:\Inetpub\wwwroot /deny Guests:(OI)(CI)(R)"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.3" with Win32 error 5
    When the administrator runs "net localgroup Guests {qualified} /delete"
    And 10 minutes pass
    And an anonymous visitor requests "/"
    Then the visitor gets "401.3" with Win32 error 5
    When 5 minutes pass
    And an anonymous visitor requests "/"
    Then the visitor gets "200"

    @iis6 @domain @dc
    Examples: Windows Server 2003 domain controller
      | platform                     |
      | IIS 6 on a domain controller |
