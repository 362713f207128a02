"""Shared pieces of the reader tests: fuzz settings, mutated samples, and the host's secrets."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from simulator.admin.shell import run
from simulator.host import Host

FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

_NOISE = [*':{}[]",\n\r\t -09tfeZ+.\\\x00é', "\ufeff"]


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """``text`` with a few characters inserted, deleted or replaced: real files, slightly
    broken, are what a reader meets in the field."""
    chars = list(text)
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(chars)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        char = draw(st.sampled_from(_NOISE))
        if kind == "insert" or not chars:
            chars.insert(where, char)
        elif where < len(chars):
            if kind == "delete":
                del chars[where]
            else:
                chars[where] = char
    return "".join(chars)


def ok(host: Host, line: str) -> str:
    """Run an admin command that must succeed; its output."""
    result = run(host, line)
    assert result.exit_code == 0, result.output
    return result.output


def secrets(host: Host) -> set[str]:
    """Every password the host holds (accounts, domain accounts, IIS's anonymous password)."""
    found = {a.password.reveal() for a in host.sam.users()}
    if host.domain is not None:
        found |= {a.password.reveal() for a in host.domain.users()}
    configured = host.iis.settings_for("/").password
    if configured is not None:
        found.add(configured.reveal())
    return {s for s in found if len(s) >= 4}


@st.composite
def mutated_bytes(draw: st.DrawFn, bases: list[bytes]) -> bytes:
    """One of ``bases`` with up to six byte-level edits (overwrite, cut, insert)."""
    data = bytearray(draw(st.sampled_from(bases)))
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
