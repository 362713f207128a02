"""Passwords as opaque values.

The standards forbid a password, clear or encrypted, in any output or log. Holding every password
in a type whose repr and str never show it makes that the default rather than a discipline.
"""

from __future__ import annotations

import hmac


class Secret:
    """A password. Compares by value; never renders its value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The clear value, for the logon engine and credential probes only."""
        return self._value

    def matches(self, other: Secret | None) -> bool:
        if other is None:
            return False
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    @property
    def is_empty(self) -> bool:
        return self._value == ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and self.matches(other)

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __reduce__(self) -> str:  # pragma: no cover - pickling is not a way to leak it either
        raise TypeError("Secret values are not picklable")
