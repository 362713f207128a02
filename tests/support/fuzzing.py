"""Shared pieces of the reader tests: fuzz settings and mutated samples (no simulator here, so
tests that must not see the simulator use them too)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

_NOISE = [*':{}[]",\n\r\t -09tfeZ+.\\\x00é', "\ufeff"]


@st.composite
def mutated(draw: st.DrawFn, text: str, noise: list[str] | None = None) -> str:
    """``text`` with a few characters inserted, deleted or replaced: real files, slightly
    broken, are what a reader meets in the field."""
    chars = list(text)
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(chars)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        char = draw(st.sampled_from(noise or _NOISE))
        if kind == "insert" or not chars:
            chars.insert(where, char)
        elif where < len(chars):
            if kind == "delete":
                del chars[where]
            else:
                chars[where] = char
    return "".join(chars)


@st.composite
def mutated_bytes(draw: st.DrawFn, bases: list[bytes]) -> bytes:
    """One of ``bases`` with up to six byte-level edits (overwrite, cut, insert)."""
    return edited(draw, draw(st.sampled_from(bases)))


def edited(draw: st.DrawFn, original: bytes) -> bytes:
    """``original`` with up to six byte-level edits: what a copy cut short, a bad disk or a
    hand edit leaves."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(min_value=0)) % (len(data) + 1)
        operation = draw(st.sampled_from(["set", "cut", "insert"]))
        chunk = draw(st.binary(max_size=8))
        if operation == "set":
            data[at : at + len(chunk)] = chunk
        elif operation == "cut":
            del data[at : at + 1 + len(chunk)]
        else:
            data[at:at] = chunk
    return bytes(data)
