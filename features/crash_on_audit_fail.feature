@crash-on-audit-fail
Feature: CrashOnAuditFail = 2: only administrators may log on
  With CrashOnAuditFail = 2 in HKLM\SYSTEM\CurrentControlSet\Control\Lsa (what Windows writes
  itself after the Security log filled up and stopped the server, KB 832981, or a value set
  by hand), the LSA lets only administrators log on. The anonymous account is refused with
  "user not allowed to log on to this computer" and no Security event, and every page answers
  "401.1 Unauthorized: Logon failed" (KB 909887, "crashonauditfail").

  Scenario Outline: CrashOnAuditFail = 2 after a restart (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "reg add HKLM\SYSTEM\CurrentControlSet\Control\Lsa /v CrashOnAuditFail /t REG_DWORD /d 2 /f"
    And the server is restarted
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1329
    And no logon failure is audited for the request
    And the IIS log line ends with "401 1 1329"
    And authlab diagnoses "crash-on-audit-fail"
    When the administrator runs "reg add HKLM\SYSTEM\CurrentControlSet\Control\Lsa /v CrashOnAuditFail /t REG_DWORD /d 0 /f"
    And the administrator runs "shutdown /r /t 0"
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
