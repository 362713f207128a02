"""The one exception the model raises for bad input.

Callers (steps, checks, the CLI) catch a single type and show its message; the model never lets a
KeyError or ValueError from its internals escape for something the caller got wrong.
"""

from __future__ import annotations


class ModelError(ValueError):
    """Bad input to the simulator's API: an unknown account, a malformed SID, an impossible time.

    The message is one sentence a person can act on. ``subject`` names what was wrong (an account
    name, a SID string, a command line) so callers can render it without parsing the message.
    """

    def __init__(self, message: str, *, subject: str | None = None) -> None:
        super().__init__(message)
        self.subject = subject
