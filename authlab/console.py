"""The terminal every command prints to."""

from __future__ import annotations

from rich.console import Console


def console() -> Console:
    """Rich's own width in a terminal; wide enough for a row per fault when piped."""
    probe = Console()
    return probe if probe.is_terminal else Console(width=160)
