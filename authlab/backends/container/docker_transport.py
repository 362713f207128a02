"""`ExecTransport` on a real engine: docker-py's low-level exec API (``exec_create`` with the
argv list, ``exec_start``, ``exec_inspect`` for the exit code).

Why each piece (checked in docker-py 7.1):

- The argv goes to ``exec_create`` as a list: given a string, docker-py splits it with
  `shlex` (docker/api/exec_api.py), which eats the backslashes of Windows paths.
- ``exec_start`` disables the socket's timeout before reading the output
  (``APIClient._disable_socket_timeout``): nothing on docker-py's side would stop a command
  that never ends. So the whole exchange runs in a worker thread and the caller waits for it
  only until the deadline, then raises `ExecTimeout`. The command may still run in the
  container (the Engine API has no call to kill an exec); the thread ends with it.
- The client's socket timeout (60 s by default) bounds ``exec_create`` and the response to
  ``exec_start``; a Windows container can take longer than that to start a process under load,
  so it is raised to outlast the call's own timeout while the call runs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .transport import ExecResult, ExecTimeout, TransportError, checked_argv

if TYPE_CHECKING:
    from docker import DockerClient
    from docker.models.containers import Container

#: How much longer than the call's timeout the socket may wait: the deadline decides, not it.
_SOCKET_SLACK = 30.0
#: The exit code can lag the end of the output by a moment (the engine records it after the
#: stream closes); how long to ask again for it.
_EXIT_CODE_WAIT = 2.0


class DockerExecTransport:
    """Runs programs in ``container`` (a docker-py `Container` or its id) through ``client``'s
    low-level API; the contract is `authlab.backends.container.transport`'s."""

    def __init__(self, container: Container | str, client: DockerClient) -> None:
        self._container = container if isinstance(container, str) else str(container.id)
        self._api = client.api
        self._lock = threading.Lock()  # the socket timeout is the client's, shared by calls
        self._raised = 0  # calls running, each with the timeout raised
        self._saved = self._api.timeout

    @property
    def container(self) -> str:
        return self._container

    def exec(self, argv: Sequence[str], *, timeout: float) -> ExecResult:
        command = checked_argv(argv)
        done: list[ExecResult] = []
        failure: list[BaseException] = []

        def work() -> None:
            try:
                done.append(self._run(command, timeout))
            except BaseException as exc:  # carried to the caller's thread
                failure.append(exc)

        self._raise_timeout(timeout + _SOCKET_SLACK)
        try:
            worker = threading.Thread(target=work, name=f"authlab-exec-{command[0]}", daemon=True)
            worker.start()
            worker.join(timeout)
        finally:
            self._restore_timeout()
        if failure:
            error = _transport_error(failure[0], self._container, command[0])
            if error is None or error is failure[0]:
                raise failure[0]
            raise error from failure[0]
        if not done:
            raise ExecTimeout(command[0], timeout)
        return done[0]

    def _run(self, command: list[str], timeout: float) -> ExecResult:
        created = self._api.exec_create(self._container, command, stdout=True, stderr=True)
        exec_id = str(created["Id"])
        # demux=False: stdout and stderr interleaved as the program wrote them (the contract).
        output = self._api.exec_start(exec_id)
        deadline = time.monotonic() + min(_EXIT_CODE_WAIT, timeout)
        while True:
            code = self._api.exec_inspect(exec_id).get("ExitCode")
            if code is not None:
                return ExecResult(int(code), bytes(output))
            if time.monotonic() > deadline:
                raise TransportError(f"{command[0]} ended without an exit code (exec {exec_id})")
            time.sleep(0.05)

    def _raise_timeout(self, seconds: float) -> None:
        with self._lock:
            if self._raised == 0:
                self._saved = self._api.timeout
            self._raised += 1
            self._api.timeout = max(self._api.timeout, int(seconds) + 1)

    def _restore_timeout(self) -> None:
        with self._lock:
            self._raised -= 1
            if self._raised == 0:
                self._api.timeout = self._saved


def _transport_error(exc: BaseException, container: str, program: str) -> TransportError | None:
    """docker's errors as the contract's: a container that is gone, an engine that refused or
    stopped answering is `TransportError`; None for anything else (a bug here, raised as is)."""
    if isinstance(exc, TransportError):
        return exc
    from docker.errors import APIError, DockerException, NotFound
    from requests.exceptions import RequestException

    if isinstance(exc, NotFound):
        return TransportError(f"container {container} is gone: {_explained(exc)}")
    if isinstance(exc, APIError):
        return TransportError(
            f"the engine refused to run {program} in {container}: {_explained(exc)}"
        )
    if isinstance(exc, (DockerException, RequestException, OSError)):
        return TransportError(f"the engine did not answer running {program} in {container}: {exc}")
    return None


def _explained(exc: Any) -> str:
    return str(getattr(exc, "explanation", None) or exc)
