"""The exec transport on docker-py's low-level API (a fake API client here: no engine runs), and
PowerShell through a transport: the encoded command, files read and written as base64."""

from __future__ import annotations

import base64
import re
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from authlab.backends.container.docker_transport import DockerExecTransport
from authlab.backends.container.powershell import CHUNK, encoded, quoted, read_file, write_file
from authlab.backends.container.transport import ExecResult, ExecTimeout, TransportError


class FakeAPI:
    """docker-py's APIClient as the transport uses it: records each call and the socket
    timeout in force when ``exec_create`` ran."""

    def __init__(self, output: bytes = b"", exit_codes: Sequence[int | None] = (0,)) -> None:
        self.timeout = 60
        self.output = output
        self.exit_codes = list(exit_codes)
        self.created: list[tuple[str, Any, dict[str, Any]]] = []
        self.timeouts: list[int] = []
        self.release = threading.Event()
        self.block = False
        self.fail: BaseException | None = None

    def exec_create(self, container: str, cmd: Any, **kwargs: Any) -> dict[str, str]:
        if self.fail is not None:
            raise self.fail
        self.created.append((container, cmd, kwargs))
        self.timeouts.append(self.timeout)
        return {"Id": "e7ec1d"}

    def exec_start(self, exec_id: str) -> bytes:
        assert exec_id == "e7ec1d"
        if self.block:
            self.release.wait(30)
        return self.output

    def exec_inspect(self, exec_id: str) -> dict[str, Any]:
        code = self.exit_codes.pop(0) if len(self.exit_codes) > 1 else self.exit_codes[0]
        return {"ID": exec_id, "Running": code is None, "ExitCode": code}


class FakeClient:
    def __init__(self, api: FakeAPI) -> None:
        self.api = api


@pytest.fixture
def api() -> Iterator[FakeAPI]:
    fake = FakeAPI()
    yield fake
    fake.release.set()  # a blocked worker thread ends with the test


def transport(api: FakeAPI) -> DockerExecTransport:
    return DockerExecTransport("c0ffee", FakeClient(api))  # type: ignore[arg-type]


def test_the_argv_list_reaches_exec_create_as_it_is(api: FakeAPI) -> None:
    api.output = b"Volume in drive C has no label.\r\n"
    result = transport(api).exec(["cmd.exe", "/c", r"dir C:\inetpub\wwwroot"], timeout=5)
    assert result == ExecResult(0, b"Volume in drive C has no label.\r\n")
    assert api.created == [
        ("c0ffee", ["cmd.exe", "/c", "dir C:\\inetpub\\wwwroot"], {"stdout": True, "stderr": True})
    ]


def test_a_string_command_is_refused_before_anything_runs(api: FakeAPI) -> None:
    with pytest.raises(TypeError, match="never one string"):
        transport(api).exec(r"cmd.exe /c dir C:\inetpub", timeout=5)  # type: ignore[arg-type]
    assert api.created == []


def test_the_exit_code_is_asked_again_until_the_engine_has_it(api: FakeAPI) -> None:
    api.exit_codes = [None, None, 9009]
    result = transport(api).exec(["cmd.exe", "/c", "nosuch"], timeout=5)
    assert result.exit_code == 9009


def test_the_socket_timeout_is_raised_for_the_call_and_restored(api: FakeAPI) -> None:
    transport(api).exec(["cmd.exe", "/c", "ver"], timeout=120)
    assert (api.timeouts, api.timeout) == ([151], 60)


def test_a_command_past_its_timeout_raises_exec_timeout(api: FakeAPI) -> None:
    api.block = True
    began = time.monotonic()
    with pytest.raises(ExecTimeout, match=r"^powershell\.exe did not finish within 0\.3 s$"):
        transport(api).exec(["powershell.exe", "-Command", "Start-Sleep 60"], timeout=0.3)
    assert time.monotonic() - began < 20
    assert api.timeout == 60


def test_a_container_that_is_gone_is_a_transport_error(api: FakeAPI) -> None:
    from docker.errors import NotFound

    api.fail = NotFound("No such container: c0ffee")
    with pytest.raises(TransportError) as caught:
        transport(api).exec(["cmd.exe", "/c", "ver"], timeout=5)
    assert str(caught.value) == "container c0ffee is gone: No such container: c0ffee"
    assert not isinstance(caught.value, ExecTimeout)


def test_an_engine_that_refuses_is_a_transport_error(api: FakeAPI) -> None:
    from docker.errors import APIError

    api.fail = APIError("500 Server Error", explanation="container c0ffee is not running")
    with pytest.raises(TransportError) as caught:
        transport(api).exec(["cmd.exe", "/c", "ver"], timeout=5)
    assert str(caught.value) == (
        "the engine refused to run cmd.exe in c0ffee: container c0ffee is not running"
    )


def test_an_engine_that_stops_answering_is_a_transport_error(api: FakeAPI) -> None:
    from requests.exceptions import ConnectionError

    api.fail = ConnectionError("Connection aborted.")
    with pytest.raises(TransportError, match=r"^the engine did not answer running cmd\.exe in"):
        transport(api).exec(["cmd.exe", "/c", "ver"], timeout=5)


def test_a_bug_is_not_disguised_as_a_transport_error(api: FakeAPI) -> None:
    api.fail = KeyError("Id")
    with pytest.raises(KeyError):
        transport(api).exec(["cmd.exe", "/c", "ver"], timeout=5)


# -- PowerShell -------------------------------------------------------------------------------


def test_encoded_is_base64_of_utf16le() -> None:
    assert encoded("Get-Date") == [
        "powershell.exe",
        "-NoProfile",
        "-NonInteractive",
        "-ExecutionPolicy",
        "Bypass",
        "-EncodedCommand",
        "RwBlAHQALQBEAGEAdABlAA==",
    ]


def test_quoted_doubles_every_single_quote_powershell_knows() -> None:
    assert quoted("C:\\O'Brien\u2019s\\a.txt") == "'C:\\O''Brien\u2019\u2019s\\a.txt'"


class ScriptTransport:
    """A transport that answers PowerShell commands with a given result and keeps each
    script, decoded back from its ``-EncodedCommand``."""

    def __init__(self, *results: ExecResult) -> None:
        self.results = list(results)
        self.scripts: list[str] = []
        self.argvs: list[list[str]] = []

    def exec(self, argv: Sequence[str], *, timeout: float) -> ExecResult:
        assert list(argv[:6]) == [
            "powershell.exe",
            "-NoProfile",
            "-NonInteractive",
            "-ExecutionPolicy",
            "Bypass",
            "-EncodedCommand",
        ]
        self.argvs.append(list(argv))
        self.scripts.append(base64.b64decode(argv[6]).decode("utf-16-le"))
        return self.results.pop(0) if len(self.results) > 1 else self.results[0]


SECEDIT_EXPORT_BASE64 = "//5bAFUAbgBpAGMAbwBkAGUAXQANAAoAVQBuAGkAYwBvAGQAZQA9AHkAZQBzAA0ACgA="


def test_read_file_decodes_utf16le_and_drops_the_bom() -> None:
    # What PowerShell 5.1 prints for a secedit export, with a CLIXML progress record before it.
    printed = (
        b"#< CLIXML\r\nAUTHLAB-BASE64-BEGIN"
        + SECEDIT_EXPORT_BASE64.encode()
        + b"AUTHLAB-BASE64-END"
    )
    shell = ScriptTransport(ExecResult(0, printed))
    text = read_file(shell, r"C:\Windows\Temp\secpol.inf", encoding="utf-16-le", timeout=30)
    assert text == "[Unicode]\r\nUnicode=yes\r\n"
    assert "$p = 'C:\\Windows\\Temp\\secpol.inf'" in shell.scripts[0]
    assert "[IO.File]::ReadAllBytes($p)" in shell.scripts[0]


def test_read_file_decodes_utf8_without_a_bom() -> None:
    shell = ScriptTransport(ExecResult(0, b"AUTHLAB-BASE64-BEGINY2Fmw6k=AUTHLAB-BASE64-END\r\n"))
    assert read_file(shell, r"C:\site\note.txt", encoding="utf-8", timeout=30) == "café"


def test_a_missing_file_is_a_transport_error_naming_it() -> None:
    shell = ScriptTransport(ExecResult(3, b""))
    with pytest.raises(TransportError) as caught:
        read_file(shell, r"C:\nope\secpol.inf", encoding="utf-16-le", timeout=30)
    assert str(caught.value) == "C:\\nope\\secpol.inf: no such file in the container"


def test_a_read_that_fails_says_what_powershell_said() -> None:
    shell = ScriptTransport(ExecResult(1, b"authlab: Access to the path is denied.\r\n"))
    with pytest.raises(TransportError) as caught:
        read_file(shell, r"C:\pagefile.sys", encoding="utf-8", timeout=30)
    assert str(caught.value) == (
        "reading C:\\pagefile.sys failed (exit 1): authlab: Access to the path is denied."
    )


def _payloads(scripts: list[str]) -> bytes:
    found = [re.search(r"FromBase64String\('([^']*)'\)", s) for s in scripts]
    return b"".join(base64.b64decode(m.group(1)) for m in found if m)


def test_write_file_goes_in_chunks_that_fit_a_command_line() -> None:
    data = bytes(range(256)) * 40  # 10,240 bytes: chunks of 4,096, 4,096 and 2,048
    shell = ScriptTransport(ExecResult(0, b""))
    write_file(shell, r"C:\inetpub\wwwroot\web.config", data, timeout=30)
    assert CHUNK == 4096
    assert len(shell.scripts) == 3
    assert all(len(" ".join(argv)) < 20_000 for argv in shell.argvs)
    assert _payloads(shell.scripts) == data
    part = "'C:\\inetpub\\wwwroot\\web.config.authlab-part'"
    assert all(f"$p = {part}" in s for s in shell.scripts)
    assert "[IO.File]::WriteAllBytes($p, $b)" in shell.scripts[0]
    assert "[IO.FileMode]::Append" in shell.scripts[1]
    assert "Move-Item" not in shell.scripts[1]
    assert (
        "Move-Item -LiteralPath $p -Destination 'C:\\inetpub\\wwwroot\\web.config' -Force"
        in shell.scripts[2]
    )


def test_an_empty_file_is_one_command() -> None:
    shell = ScriptTransport(ExecResult(0, b""))
    write_file(shell, r"C:\empty.txt", b"", timeout=30)
    assert len(shell.scripts) == 1
    assert "FromBase64String('')" in shell.scripts[0]
    assert "Move-Item" in shell.scripts[0]


def test_a_write_that_fails_names_the_file_and_the_byte() -> None:
    shell = ScriptTransport(ExecResult(0, b""), ExecResult(1, b"authlab: disk full\r\n"))
    with pytest.raises(TransportError) as caught:
        write_file(shell, r"C:\big.bin", b"x" * 5000, timeout=30)
    assert (
        str(caught.value) == "writing C:\\big.bin failed at byte 4096 (exit 1): authlab: disk full"
    )
