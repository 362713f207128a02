@logon-right-denied
Feature: The anonymous account is denied the logon type IIS uses
  IIS logs the anonymous account on with the logon type its LogonMethod names (IIS 6:
  0 interactive = type 2, 1 batch = type 4, 2 network = type 3, 3 network cleartext = type 8,
  the default). A deny right for that logon type on the account, or on a group it is in,
  beats every allow right: IIS 6's IUSR_<machine> is a Guests member, so hardening that denies
  Guests network logons (a STIG rule) denies IIS too, and every page answers "401.1
  Unauthorized: Logon failed" (KB 909887, "Deny access to this computer from the network").

  Scenario Outline: Guests denied <deny right> while IIS 6 uses LogonMethod <method> (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "cscript //nologo C:\Inetpub\AdminScripts\adsutil.vbs SET w3svc/LogonMethod <method>"
    And the administrator runs "ntrights -u Guests +r <deny right>"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1385
    And the Security log shows event 534 for logon type <logon type>
    And the IIS log line ends with "401 1 1385"
    And authlab diagnoses "logon-right-denied"
    When the administrator runs "ntrights -u Guests -r <deny right>"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"
    And the Security log shows event <success event> for logon type <logon type>

    @iis6
    Examples: a stand-alone server
      | platform                   | method | logon type | deny right                  | success event |
      | IIS 6 with a local account | 0      | 2          | SeDenyInteractiveLogonRight | 528           |
      | IIS 6 with a local account | 1      | 4          | SeDenyBatchLogonRight       | 540           |
      | IIS 6 with a local account | 2      | 3          | SeDenyNetworkLogonRight     | 540           |
      | IIS 6 with a local account | 3      | 8          | SeDenyNetworkLogonRight     | 540           |

    @iis6 @domain
    Examples: a domain account
      | platform                    | method | logon type | deny right                  | success event |
      | IIS 6 with a domain account | 0      | 2          | SeDenyInteractiveLogonRight | 528           |
      | IIS 6 with a domain account | 1      | 4          | SeDenyBatchLogonRight       | 540           |
      | IIS 6 with a domain account | 2      | 3          | SeDenyNetworkLogonRight     | 540           |
      | IIS 6 with a domain account | 3      | 8          | SeDenyNetworkLogonRight     | 540           |

    # On a domain controller only the network logon types are allowed to IUSR at all (the
    # Default Domain Controllers Policy grants it neither local nor batch logon).
    @iis6 @domain @dc
    Examples: a domain controller
      | platform                     | method | logon type | deny right              | success event |
      | IIS 6 on a domain controller | 2      | 3          | SeDenyNetworkLogonRight | 540           |
      | IIS 6 on a domain controller | 3      | 8          | SeDenyNetworkLogonRight | 540           |

  Scenario Outline: The IIS 10 anonymous account itself denied network logons (<platform>)
    Given a healthy web server running <platform>
    When the administrator runs "ntrights -u {qualified} +r SeDenyNetworkLogonRight"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1385
    And the Security log shows event 4625 for logon type 8
    And the Security log shows event 4625 with reason "%%2308"
    And the IIS log line ends with "401 1 1385"
    And authlab diagnoses "logon-right-denied"
    When the administrator runs "ntrights -u {qualified} -r SeDenyNetworkLogonRight"
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

  Scenario Outline: A domain GPO denies <principal> network logons (<platform>)
    Given a healthy web server running <platform>
    When the administrator adds "<principal>" to "Deny access to this computer from the network" in the group policy "<gpo>"
    And the administrator runs "gpupdate /force"
    And an anonymous visitor requests "/"
    Then the visitor gets "401.1" with Win32 error 1385
    And the Security log shows event <event> for logon type 8
    And the Security log shows event <event> with reason "<reason>"
    And authlab diagnoses "logon-right-denied"
    When the administrator removes "<principal>" from "Deny access to this computer from the network" in the group policy "<gpo>"
    And the administrator runs "gpupdate /force"
    And an anonymous visitor requests "/"
    Then the visitor gets "200"

    @iis6 @domain
    Examples: a member server
      | platform                    | principal | gpo                   | event | reason |
      | IIS 6 with a domain account | Guests    | Default Domain Policy | 534   | -      |

    @iis6 @domain @dc
    Examples: a domain controller
      | platform                     | principal | gpo                               | event | reason |
      | IIS 6 on a domain controller | Guests    | Default Domain Controllers Policy | 534   | -      |

    @iis10 @domain
    Examples: a member server
      | platform                     | principal   | gpo                   | event | reason |
      | IIS 10 with a domain account | {qualified} | Default Domain Policy | 4625  | %%2308 |
