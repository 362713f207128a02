"""PowerShell through an `ExecTransport`: a script as ``-EncodedCommand`` argv, and files read
and written as base64 of their bytes.

Why so:

- ``-EncodedCommand`` takes the script as base64 of its UTF-16LE text (``powershell.exe -?``):
  no quoting of the script survives both docker-py and CreateProcess's command-line parsing
  as reliably as text with no quotes, spaces or backslashes in it.
- ``docker cp``'s API (``get_archive``) fails on a running Hyper-V-isolated container, so a
  file comes back through exec: PowerShell prints base64 of the file's bytes between two
  markers, and the bytes are decoded here by the encoding the caller knows (secedit exports
  are UTF-16LE with a BOM). The markers keep anything else PowerShell writes to the merged
  output (a progress record as CLIXML on a redirected stderr) out of the base64.
- A file is written in chunks: a process's command line is at most 32,767 characters
  (CreateProcess's limit; cmd.exe's own is 8,191, but exec does not go through cmd), and a
  chunk of `CHUNK` bytes becomes about 15,000 characters of ``-EncodedCommand``. The chunks go
  to a temporary file beside the target, renamed over it by the last one, so nothing ever
  reads a half-written file.
"""

from __future__ import annotations

import base64
import codecs
import re

from .transport import ExecTransport, TransportError

POWERSHELL = [
    "powershell.exe",
    "-NoProfile",
    "-NonInteractive",
    "-ExecutionPolicy",
    "Bypass",
    "-EncodedCommand",
]
#: Bytes of a file per command when writing: base64 (4/3), in a UTF-16LE script (x2), in base64
#: again (4/3) is about 3.6 characters a byte, ~15,000 for a chunk: well under 32,767.
CHUNK = 4096
_BEGIN, _END = "AUTHLAB-BASE64-BEGIN", "AUTHLAB-BASE64-END"
#: The exit code the read script gives for a file that is not there.
_NO_FILE = 3
# Stop at the first error, and no progress records (PowerShell 5.1 writes them to a redirected
# stderr as CLIXML, which would land in the merged output).
_PRELUDE = "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'\n"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def encoded(script: str) -> list[str]:
    """The argv that runs ``script`` in Windows PowerShell, as ``-EncodedCommand``."""
    text = base64.b64encode(script.encode("utf-16-le")).decode("ascii")
    return [*POWERSHELL, text]


def quoted(text: str) -> str:
    """``text`` as a PowerShell single-quoted literal. PowerShell takes the typographic single
    quotes (U+2018 to U+201B) for ' as well, so each of them is doubled too."""
    return "'" + re.sub("(['\u2018\u2019\u201a\u201b])", r"\1\1", text) + "'"


def _guarded(body: str) -> str:
    # One line on stderr and exit 1 for any error, instead of PowerShell's multi-line record.
    return (
        f"{_PRELUDE}try {{\n{body}\n}} catch {{\n"
        "[Console]::Error.WriteLine('authlab: ' + $_.Exception.Message); exit 1\n}\n"
    )


def read_file(transport: ExecTransport, path: str, *, encoding: str, timeout: float) -> str:
    """The text of the file at ``path`` in the container: its bytes decoded by ``encoding``,
    or by its byte order mark when it has one (which is then dropped). A file that is not there
    is `TransportError` naming the path."""
    body = (
        f"$p = {quoted(path)}\n"
        f"if (-not (Test-Path -LiteralPath $p -PathType Leaf)) {{ exit {_NO_FILE} }}\n"
        f"$b = [Convert]::ToBase64String([IO.File]::ReadAllBytes($p))\n"
        f"[Console]::Out.Write('{_BEGIN}' + $b + '{_END}')"
    )
    result = transport.exec(encoded(_guarded(body)), timeout=timeout)
    output = result.output.decode("ascii", errors="replace")
    if result.exit_code == _NO_FILE:
        raise TransportError(f"{path}: no such file in the container")
    found = re.search(f"{_BEGIN}([A-Za-z0-9+/=\\s]*){_END}", output)
    if result.exit_code != 0 or found is None:
        raise TransportError(
            f"reading {path} failed (exit {result.exit_code}): {output.strip()[:500]}"
        )
    data = base64.b64decode("".join(found.group(1).split()), validate=True)
    return decoded(data, encoding)


def decoded(data: bytes, encoding: str) -> str:
    """``data`` as text: its BOM, when it has one, decides the encoding (and is dropped);
    otherwise ``encoding`` does."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name)
    return data.decode(encoding)


def write_file(transport: ExecTransport, path: str, data: bytes, *, timeout: float) -> None:
    """Write ``data`` to ``path`` in the container, replacing the file, in commands that each
    fit a command line (`CHUNK` bytes each); ``timeout`` bounds each command."""
    part = path + ".authlab-part"
    chunks = [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)] or [b""]
    for index, chunk in enumerate(chunks):
        text = base64.b64encode(chunk).decode("ascii")
        lines = [f"$p = {quoted(part)}", f"$b = [Convert]::FromBase64String('{text}')"]
        if index == 0:
            lines.append("[IO.File]::WriteAllBytes($p, $b)")
        else:
            lines += [
                "$f = [IO.File]::Open($p, [IO.FileMode]::Append)",
                "try { $f.Write($b, 0, $b.Length) } finally { $f.Close() }",
            ]
        if index == len(chunks) - 1:
            lines.append(f"Move-Item -LiteralPath $p -Destination {quoted(path)} -Force")
        result = transport.exec(encoded(_guarded("\n".join(lines))), timeout=timeout)
        if result.exit_code != 0:
            output = result.output.decode("utf-8", errors="replace").strip()
            raise TransportError(
                f"writing {path} failed at byte {index * CHUNK} (exit {result.exit_code}): "
                f"{output[:500]}"
            )
