"""`authlab lab`: a trainee's console on a simulated server.

The trainee types the same commands they would on the real server (`net user`, `adsutil.vbs`,
`reg query`, `icacls`, ...), plus a few that stand in for the world around it: `browse` sends an
anonymous request, `wait` moves the clock, `events` shows the Security log as Event Viewer would.
The fault, when one is injected, is not named: finding it is the exercise.

The session ends with `exit` and at the end of the input (Ctrl-D, or the end of a script); at a
terminal Ctrl-C cancels the line being typed, on piped input it ends the session. None of these
is an error, and nothing a trainee types ends it with a traceback.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from datetime import timedelta

from rich.console import Console
from rich.text import Text

from simulator.admin.cmdline import split_command_line
from simulator.admin.registry import tools_on
from simulator.admin.shell import run
from simulator.admin.tools.wevtutil_text import security_events_text
from simulator.host import Host
from simulator.render_events import legacy_description
from winfacts.errors import ModelError

from .consoles import CONSOLES
from .redact import masked

_DURATION = re.compile(r"^\+?(\d+)\s*(s|m|h|d)$", re.IGNORECASE)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}

#: The exit status of a session ended by Ctrl-C, as a shell reports a command SIGINT stopped.
INTERRUPTED = 130


class LabInputError(Exception):
    """The keyboard's input can not be read as text; the message says why."""


CONSOLES_HELP = "Stand-ins for the MMC consoles (what you would click):"

HELP = """\
Lab commands:
  browse [URL]     an anonymous visitor requests URL (default /)
  wait DURATION    let time pass: 30s, 15m, 2h, 1d
  events [N]       the last N logon audits in the Security log (default 3)
  log [N]          the last N lines of the site's IIS log (default 5)
  time             the server's local time
  power cycle      switch the server off and on (what a stopped server's console leaves you)
  help, exit"""


class Lab:
    def __init__(
        self,
        host: Host,
        console: Console,
        extra: dict[str, Callable[[list[str]], None]] | None = None,
        extra_help: str = "",
    ) -> None:
        self.host = host
        self.console = console
        self._extra_help = extra_help
        #: The exit status of the last line: the tool's, 1 for what a lab command refused.
        self.last_exit = 0
        #: What runs each line read (a lab session records and saves around `execute`).
        self.on_line: Callable[[str], bool] = self.execute
        self._builtins: dict[str, Callable[[list[str]], None]] = {
            "browse": self._browse,
            "wait": self._wait,
            "events": self._events,
            "log": self._log,
            "time": lambda _args: self._say(self.host.clock.local_now().strftime("%c %Z")),
            "help": self._help,
            "power": self._power,
            **(extra or {}),
        }

    def prompt(self) -> str:
        return r"C:\> "

    def execute(self, line: str) -> bool:
        """Run one line; False when the trainee asked to leave."""
        text = line.strip()
        self.last_exit = 0
        if not text:
            return True
        word, *args = text.split()
        if word.lower() in ("exit", "quit", "logoff"):
            return False
        builtin = self._builtins.get(word.lower())
        console = CONSOLES.get(word.lower())
        try:
            if builtin is not None:
                builtin(args)
            elif console is not None:
                if not self.host.running:
                    raise ModelError(f"{self.host.computer_name} is not running")
                self._say(console[0](self.host, split_command_line(text)[1:]))
            else:
                result = run(self.host, text)
                self.last_exit = result.exit_code
                self._say(result.output.rstrip("\n"))
        except (ModelError, ValueError, OverflowError) as exc:
            self.last_exit = 1
            # A value no tool can take (a number past its range) is the trainee's typo, not the
            # end of their session: say so and give the prompt back.
            self.console.print(Text(str(exc), style="red"), soft_wrap=True)
        except Exception as exc:
            self.last_exit = 1
            # A bug of the simulator's, not the trainee's: named by its type only (its message
            # could quote the command line, a password in it), and the session goes on.
            self.console.print(
                Text(
                    f"internal error in the simulator ({type(exc).__name__}): the session goes on",
                    style="red",
                ),
                soft_wrap=True,
            )
        return True

    def loop(self, lines: Iterable[str] | None = None) -> int:
        """Read and run lines until the trainee leaves; the exit status: 0, or `INTERRUPTED`
        after Ctrl-C on input that is not a terminal. At a terminal the line editor keeps a
        history (arrow keys) and Ctrl-C cancels the line, as it does in cmd.exe, without
        ending the lab. Input that is not text raises `LabInputError`."""
        try:
            if lines is None:
                read = _line_editor()
                while True:
                    try:
                        line = read(self.prompt()) if read else self.console.input(self.prompt())
                        if not self.on_line(line):
                            return 0
                    except KeyboardInterrupt:
                        if read is None:
                            raise
                        self.console.print("^C", markup=False, highlight=False)
                    except EOFError:
                        self.console.print()  # the shell's prompt starts on a line of its own
                        return 0
                    except UnicodeDecodeError as exc:
                        self.console.print()
                        raise LabInputError("standard input is not UTF-8 text") from exc
            else:
                for line in lines:
                    shown = self.prompt() + masked(line.rstrip("\n"))
                    # as typed: plain text, never wrapped at the terminal's width
                    self.console.print(shown, markup=False, highlight=False, soft_wrap=True)
                    if not self.on_line(line):
                        return 0
        except KeyboardInterrupt:
            self.console.print()
            return INTERRUPTED
        return 0

    def _say(self, text: str) -> None:
        self.console.print(text, markup=False, highlight=False, soft_wrap=True)

    say = _say

    def _help(self, _args: list[str]) -> None:
        """The server's tools (only those this server has), then the lab's own commands."""
        tools = tools_on(self.host)
        width = max((len(t.name) for t in tools), default=0) + 2
        lines = ["Commands of the server:"]
        lines += [f"  {t.name.ljust(width)}{t.summary}" for t in tools]
        lines.append(CONSOLES_HELP)
        lines += [f"  {name} {usage}" for name, (_, usage) in CONSOLES.items()]
        lines.append(HELP)
        if self._extra_help:
            lines.append(self._extra_help)
        self._say("\n".join(lines))

    def _browse(self, args: list[str]) -> None:
        url = args[0] if args else "/"
        response = self.host.iis.request(url)
        if response.status is None:
            self._say(f"GET {url}: no response (the server does not answer)")
            return
        reason = {200: "OK", 401: "Unauthorized", 404: "Not Found"}.get(response.status, "")
        self._say(f"GET {url}: HTTP {response.code} {reason}".rstrip())

    def _power(self, args: list[str]) -> None:
        """The power button: a server stopped by a bug check takes no command, so this is how
        a trainee who turned automatic restart off brings it back."""
        if [a.lower() for a in args] != ["cycle"]:
            raise ModelError("power takes one word: power cycle")
        self.host.restart()
        self._say(f"{self.host.computer_name} was switched off and on; it is running again.")

    def _wait(self, args: list[str]) -> None:
        match = _DURATION.match("".join(args))
        if match is None:
            raise ModelError("wait takes a duration such as 30s, 15m, 2h or 1d")
        amount, unit = int(match.group(1)), _UNITS[match.group(2).lower()]
        try:
            self.host.clock.advance(timedelta(**{unit: amount}))
        except OverflowError as exc:
            raise ModelError(
                f"wait {match.group(0)}: the clock can not go past the year 9999"
            ) from exc
        self._say(f"It is now {self.host.clock.local_now():%c}.")

    def _events(self, args: list[str]) -> None:
        count = int(args[0]) if args and args[0].isdigit() else 3
        events = list(self.host.security_log.records())[-count:]
        if not events:
            self._say("The Security log is empty.")
        os = self.host.os
        if not os.legacy_events:
            # Event Viewer's General tab, as wevtutil qe /f:text prints it, oldest first.
            self._say(security_events_text(events, self.host.clock.tz).rstrip("\n"))
            return
        for event in events:
            self._say(f"Event ID {event.event_id(os)}, {event.time:%Y-%m-%d %H:%M:%S} UTC")
            self._say(legacy_description(event))
            self._say("")

    def _log(self, args: list[str]) -> None:
        count = int(args[0]) if args and args[0].isdigit() else 5
        lines: list[str] = []
        for files in self.host.iis.log_files().values():
            for name in sorted(files):
                lines.extend(files[name])
        self._say("\n".join(lines[-count:]) if lines else "The IIS log is empty.")


def _line_editor() -> Callable[[str], str] | None:
    """prompt_toolkit's line editor with an in-memory history where a person types at a
    terminal; None for piped input, which is read as it comes."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return None
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import InMemoryHistory

    session: PromptSession[str] = PromptSession(history=InMemoryHistory())
    return session.prompt
