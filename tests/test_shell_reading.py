"""The commands an administrator reads the logs with: wevtutil qe (2008+), eventquery.vbs
(Windows Server 2003), dir /b and type of the IIS log folder."""

from __future__ import annotations

from simulator.admin.shell import run
from simulator.host import Host

EVENTQUERY = r"cscript //nologo %windir%\system32\eventquery.vbs /l security /fo csv"
HEADER = '"Type","Event","Date Time","Source","ComputerName"'


def disabled_request(host: Host) -> None:
    """One anonymous request that fails: the account disabled, the cached token dropped."""
    user, _ = host.iis.settings_for("/").split_user()
    assert run(host, f"net user {user} /active:no").exit_code == 0
    run(host, "iisreset")
    assert host.iis.request("/").code == "401.1"


def test_eventquery_lists_the_newest_audit_first_in_csv(iis6: Host) -> None:
    assert run(iis6, f"{EVENTQUERY} /r 1").output == (
        "INFO: No records available for the 'security' log.\n"
    )
    iis6.iis.request("/")
    disabled_request(iis6)
    result = run(iis6, f"{EVENTQUERY} /r 2")
    assert result.exit_code == 0
    assert result.output == (
        f"{HEADER}\n"
        '"audit failure","531","11/24/2026 8:30:00 AM","Security","WEB42"\n'
        '"audit success","540","11/24/2026 8:30:00 AM","Security","WEB42"\n'
    )
    oldest = run(iis6, f"{EVENTQUERY} /nh /r -1").output
    assert oldest == '"audit success","540","11/24/2026 8:30:00 AM","Security","WEB42"\n'


def test_eventquery_verbose_adds_category_user_and_the_description_on_one_line(
    iis6: Host,
) -> None:
    disabled_request(iis6)
    lines = run(iis6, f"{EVENTQUERY} /v /r 1").output.splitlines()
    assert lines[0] == f'{HEADER},"Category","User","Description"'
    assert lines[1].startswith(
        '"audit failure","531","11/24/2026 8:30:00 AM","Security","WEB42","Logon/Logoff",'
        '"NT AUTHORITY\\SYSTEM","Logon Failure:  \tReason:\t\tAccount currently disabled  \t'
        "User Name:\tIUSR_WEB42  \tDomain:\t\tWEB42  \tLogon Type:\t8  \t"
    )
    assert lines[1].endswith('Source Port:\t-"')


def test_eventquery_refuses_what_the_script_refuses(iis6: Host, iis10: Host) -> None:
    result = run(iis6, r"cscript //nologo eventquery.vbs /l application /fo csv")
    assert (result.exit_code, result.output) == (
        254,
        "ERROR: The log file 'application' does not exist.\n",
    )
    result = run(iis6, f"{EVENTQUERY} /r x")
    assert result.output == (
        "ERROR: Invalid 'RANGE' 'x' specified.\nType \"eventquery.vbs /?\" for usage.\n"
    )
    assert run(iis6, f"{EVENTQUERY} /r 5-9").output == (
        "INFO: No records available for the 'security' log.\n"
    )
    iis6.iis.request("/")
    assert run(iis6, f"{EVENTQUERY} /r 5-9").output == (
        "INFO: No records available for the 'security' log with the specified criteria.\n"
    )
    # Windows Server 2008 dropped the script.
    result = run(iis10, f"{EVENTQUERY} /r 1")
    assert (result.exit_code, result.output) == (
        1,
        'Input Error: Can not find script file "C:\\Windows\\system32\\eventquery.vbs".\n',
    )


def test_wevtutil_qe_prints_the_newest_events_as_xml_without_a_root(iis10: Host) -> None:
    assert run(iis10, "wevtutil qe Security /c:1 /rd:true /f:xml").output == ""
    iis10.iis.request("/")
    disabled_request(iis10)
    output = run(iis10, "wevtutil qe Security /c:2 /rd:true /f:xml").output
    events = output.splitlines()
    assert len(events) == 2
    assert events[0].startswith(
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
    )
    assert (
        "<EventID>4625</EventID>" in events[0] and "<EventRecordID>2</EventRecordID>" in events[0]
    )
    assert (
        "<EventID>4624</EventID>" in events[1] and "<EventRecordID>1</EventRecordID>" in events[1]
    )
    oldest_first = run(iis10, "wevtutil qe Security /c:1").output
    assert oldest_first == events[1] + "\n"


def test_wevtutil_qe_refuses_what_is_not_modelled(iis10: Host) -> None:
    assert run(iis10, "wevtutil qe Security /c:0").output == "The parameter is incorrect.\n"
    assert run(iis10, "wevtutil qe Security /f:renderedxml").output == (
        "wevtutil qe /f:renderedxml is not modelled by this simulator.\n"
    )
    assert run(iis10, "wevtutil qe Application").exit_code == 15007


def test_dir_and_type_read_the_iis_6_log(iis6: Host) -> None:
    assert run(iis6, r"dir /b %windir%\system32\LogFiles\W3SVC1").output == "File Not Found\n"
    iis6.iis.request("/")
    assert run(iis6, r"dir /b %windir%\system32\LogFiles").output == "W3SVC1\n"
    assert run(iis6, r"dir /b /o:d LogFiles\W3SVC1").output == "ex261124.log\n"
    text = run(iis6, r'type "%windir%\system32\LogFiles\W3SVC1\ex261124.log"').output
    assert text.splitlines()[0] == "#Software: Microsoft Internet Information Services 6.0"
    entry = text.splitlines()[-1]
    assert entry.startswith("2026-11-24 08:30:00 W3SVC1 ")
    assert entry.endswith(" 200 0 0")


def test_type_says_what_it_can_not_find(iis6: Host) -> None:
    iis6.iis.request("/")
    folder = r"C:\WINDOWS\system32\LogFiles"
    assert run(iis6, rf"type {folder}\W3SVC1\ex000101.log").output == (
        "The system cannot find the file specified.\n"
    )
    assert run(iis6, rf"type {folder}\W3SVC9\ex261124.log").output == (
        "The system cannot find the path specified.\n"
    )
    assert run(iis6, rf"type {folder}\W3SVC1").output == "Access is denied.\n"
    assert run(iis6, "dir C:\\").exit_code == 1


def test_the_iis_10_log_folder_is_under_inetpub(iis10: Host) -> None:
    iis10.iis.request("/")
    folder = r"%SystemDrive%\inetpub\logs\LogFiles\W3SVC1"
    assert run(iis10, f"dir /b {folder}").output == "u_ex261124.log\n"
    lines = run(iis10, rf"type {folder}\u_ex261124.log").output.splitlines()
    assert lines[0] == "#Software: Microsoft Internet Information Services 10.0"
    assert " GET / - 80 - " in lines[-1]
