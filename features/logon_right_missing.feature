@logon-right-missing
Feature: Nothing in the anonymous account's token holds the logon right
  Hardening that narrows the allow right for IIS's logon type (for network logons "Access this
  computer from the network", which lists Everyone and Users out of the box) to administrators
  leaves the anonymous account without it, and every page answers "401.1 Unauthorized: Logon
  failed" (KB 909887, "Access this computer from the network"). Which right counts depends on
  IIS 6's LogonMethod: 0 interactive (type 2, "Allow log on locally"), 1 batch (type 4,
  "Log on as a batch job"), 2 network (type 3) and 3 network cleartext (type 8, the default),
  both "Access this computer from the network".

  Scenario Outline: Hardening takes <right> from IIS 6's anonymous account, LogonMethod <method> (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/LogonMethod <method>"
    And the administrator runs "ntrights -u Everyone -r <right>"
    And the administrator runs "ntrights -u Users -r <right>"
    And the administrator runs "ntrights -u "Power Users" -r <right>"
    And the administrator runs "ntrights -u {qualified} -r <right>"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1385
    And the Security log shows event 534 for logon type <logon type>
    And the IIS log line ends with "401 1 1385"
    And authlab diagnoses "logon-right-missing"
    When the administrator runs "ntrights -u {qualified} +r <right>"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"

    @iis6
    Examples: a stand-alone server
      | platform                   | method | logon type | right                   |
      | IIS 6 with a local account | 0      | 2          | SeInteractiveLogonRight |
      | IIS 6 with a local account | 1      | 4          | SeBatchLogonRight       |
      | IIS 6 with a local account | 2      | 3          | SeNetworkLogonRight     |
      | IIS 6 with a local account | 3      | 8          | SeNetworkLogonRight     |

    @iis6 @domain
    Examples: a domain account
      | platform                    | method | logon type | right                   |
      | IIS 6 with a domain account | 0      | 2          | SeInteractiveLogonRight |
      | IIS 6 with a domain account | 1      | 4          | SeBatchLogonRight       |
      | IIS 6 with a domain account | 2      | 3          | SeNetworkLogonRight     |
      | IIS 6 with a domain account | 3      | 8          | SeNetworkLogonRight     |

  Scenario Outline: LogonMethod <method> on a domain controller needs a right only the GPO can give
    Given a healthy web server running IIS 6 on a domain controller
    When the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/LogonMethod <method>"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1385
    And the Security log shows event 534 for logon type <logon type>
    And authlab diagnoses "logon-right-missing"
    # ntrights edits the local policy; the Default Domain Controllers Policy defines the right
    # and wins at the next refresh.
    When the administrator runs "ntrights -u {qualified} +r <right>"
    And the administrator runs "gpupdate /force"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1385
    When the administrator adds "{qualified}" to "<right>" in the group policy "Default Domain Controllers Policy"
    And the administrator runs "gpupdate /force"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And the Security log shows event <success event> for logon type <logon type>

    @iis6 @domain @dc
    Examples: a domain controller
      | method | logon type | right                   | success event |
      | 0      | 2          | SeInteractiveLogonRight | 528           |
      | 1      | 4          | SeBatchLogonRight       | 540           |

  Scenario Outline: LogonMethod <method> on a domain controller, put back to network cleartext
    Given a healthy web server running IIS 6 on a domain controller
    When the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/LogonMethod <method>"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1385
    And authlab diagnoses "logon-right-missing"
    When the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/LogonMethod 3"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And the Security log shows event 540 for logon type 8

    @iis6 @domain @dc
    Examples: a domain controller
      | method |
      | 0      |
      | 1      |

  Scenario Outline: Hardening takes network logons from IIS 10's anonymous account (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "ntrights -u Everyone -r SeNetworkLogonRight"
    And the administrator runs "ntrights -u Users -r SeNetworkLogonRight"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1385
    And the Security log shows event 4625 for logon type 8
    And the Security log shows event 4625 with reason "%%2308"
    And the IIS log line ends with "401 1 1385"
    And authlab diagnoses "logon-right-missing"
    When the administrator runs "ntrights -u {qualified} +r SeNetworkLogonRight"
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
