"""net's messages by number, net help / helpmsg, and net start / stop of W3SVC."""

from __future__ import annotations

from simulator.admin.shell import run
from simulator.host import Host


def test_an_unknown_option_points_to_its_message_number(iis10: Host) -> None:
    result = run(iis10, "net user bob /frob")
    assert result.exit_code == 1
    assert result.output.startswith("The option /FROB is unknown.\n\nThe syntax of this command")
    assert result.output.endswith(
        "         username [/ACTIVE: {YES | NO}]\n\n"
        "More help is available by typing NET HELPMSG 3506.\n"
    )


def test_helpmsg_prints_the_text_of_a_net_message_and_of_a_win32_error(
    iis10: Host, iis6: Host
) -> None:
    assert run(iis10, "net helpmsg 2221").output == "\nThe user name could not be found.\n\n"
    assert run(iis10, "net helpmsg 3506").output == "\nThe option *** is unknown.\n\n"
    assert run(iis10, "net helpmsg 1326").output == (
        "\nThe user name or password is incorrect.\n\n"
    )
    assert run(iis6, "net helpmsg 1326").output == (
        "\nLogon failure: unknown user name or bad password.\n\n"
    )
    unknown = run(iis10, "net helpmsg 9999")
    assert (unknown.exit_code, unknown.output) == (
        2,
        "9999 is not a valid Windows network message number.\n\n"
        "More help is available by typing NET HELPMSG 9999.\n",
    )


def test_net_help_lists_the_commands_and_help_for_one_command(iis10: Host) -> None:
    text = run(iis10, "net help").output
    assert "  Commands available are:\n\n" in text
    assert "  NET ACCOUNTS             NET HELPMSG              NET STOP\n" in text
    assert run(iis10, "net help start").output == (
        "The syntax of this command is:\n\nNET START\n[service]\n\n"
        "NET START starts a service, or lists the started services.\n\n"
    )
    assert run(iis10, "net user /?").output.startswith(
        "The syntax of this command is:\n\nNET USER\n"
    )


def test_stopping_w3svc_leaves_requests_without_a_response_until_it_starts(
    iis10: Host,
) -> None:
    stopped = run(iis10, "net stop w3svc")
    assert stopped.output == (
        "The World Wide Web Publishing Service service is stopping.\n"
        "The World Wide Web Publishing Service service was stopped successfully.\n\n"
    )
    assert iis10.iis.request("/").code == "no response"
    again = run(iis10, "net stop w3svc")
    assert (again.exit_code, again.output) == (
        2,
        "The World Wide Web Publishing Service service is not started.\n\n"
        "More help is available by typing NET HELPMSG 3521.\n",
    )
    assert "World Wide Web Publishing Service" not in run(iis10, "net start").output
    started = run(iis10, "net start w3svc")
    assert started.output == (
        "The World Wide Web Publishing Service service is starting.\n"
        "The World Wide Web Publishing Service service was started successfully.\n\n"
    )
    assert iis10.iis.request("/").code != "no response"
    assert run(iis10, "net start w3svc").output == (
        "The requested service has already been started.\n\n"
        "More help is available by typing NET HELPMSG 2182.\n"
    )


def test_net_start_lists_the_iis_services_of_each_generation(iis6: Host, iis10: Host) -> None:
    legacy = run(iis6, "net start").output
    assert legacy.startswith("These Windows services are started:\n\n   Automatic Updates\n")
    assert "\n   IIS Admin Service\n" in legacy
    assert legacy.endswith(
        "   World Wide Web Publishing Service\n\nThe command completed successfully.\n\n"
    )
    modern = run(iis10, "net start").output
    assert "\n   Windows Process Activation Service\n" in modern
    assert "IIS Admin Service" not in modern
    assert run(iis10, "net start frob").output == (
        "The service name is invalid.\n\nMore help is available by typing NET HELPMSG 2185.\n"
    )
