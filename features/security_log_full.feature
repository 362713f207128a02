@security-log-full
Feature: The Security log is full and may not overwrite, with CrashOnAuditFail = 1
  "Shut down the system immediately if unable to log security audits" (CrashOnAuditFail = 1)
  with a Security log that may not overwrite events is a trap (KB 832981): once the log is
  full, the next audit the LSA can not write stops the server. The first anonymous visitor's
  logon is that audit, so nothing answers; after the restart Windows has set CrashOnAuditFail
  to 2 and only administrators may log on. The diagnosis has to come before the request: a
  stopped server can not be collected.

  Scenario Outline: The Security log fills up on Windows Server 2003 (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "reg add HKLM\SYSTEM\CurrentControlSet\Control\Lsa /v CrashOnAuditFail /t REG_DWORD /d 1 /f"
    And the server is restarted
    And the administrator runs "reg add HKLM\SYSTEM\CurrentControlSet\Services\Eventlog\Security /v Retention /t REG_DWORD /d 0xFFFFFFFF /f"
    And the administrator runs "reg add HKLM\SYSTEM\CurrentControlSet\Services\Eventlog\Security /v MaxSize /t REG_DWORD /d 1048576 /f"
    And the Security log fills up
    Then authlab diagnoses "security-log-full"
    When an anonymous visitor requests "/"
    Then the server does not answer
    When the server is restarted
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1329
    And the IIS log line ends with "401 1 1329"
    And authlab diagnoses "crash-on-audit-fail"
    When the administrator runs "reg add HKLM\SYSTEM\CurrentControlSet\Services\Eventlog\Security /v Retention /t REG_DWORD /d 0 /f"
    And the administrator runs "reg add HKLM\SYSTEM\CurrentControlSet\Control\Lsa /v CrashOnAuditFail /t REG_DWORD /d 1 /f"
    And the administrator runs "shutdown /r /t 0"
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

  Scenario Outline: The Security log fills up on Windows Server 2022 (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "reg add HKLM\SYSTEM\CurrentControlSet\Control\Lsa /v CrashOnAuditFail /t REG_DWORD /d 1 /f"
    And the server is restarted
    And the administrator runs "wevtutil sl Security /rt:true /ms:1048576"
    And the Security log fills up
    Then authlab diagnoses "security-log-full"
    When an anonymous visitor requests "/"
    Then the server does not answer
    When the server is restarted
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1329
    And the IIS log line ends with "401 1 1329"
    And authlab diagnoses "crash-on-audit-fail"
    When the administrator runs "wevtutil cl Security /bu:C:\Windows\Temp\Security-archive.evtx"
    And the administrator runs "wevtutil sl Security /rt:false"
    And the administrator runs "reg add HKLM\SYSTEM\CurrentControlSet\Control\Lsa /v CrashOnAuditFail /t REG_DWORD /d 1 /f"
    And the administrator runs "shutdown /r /t 0"
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

  Scenario Outline: A full log that may overwrite is harmless (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "reg add HKLM\SYSTEM\CurrentControlSet\Control\Lsa /v CrashOnAuditFail /t REG_DWORD /d 1 /f"
    And the server is restarted
    And the administrator runs "wevtutil sl Security /rt:false /ms:1048576"
    And the Security log fills up
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And authlab finds the server healthy

    @iis10
    Examples: a stand-alone server
      | platform                    |
      | IIS 10 with a local account |
