"""The collector scripts in collector/ hold to the bundle contract (CONTRACT.md section 3).

Neither script can run here: they need Windows, IIS and an administrator. These tests read them
as text instead. Each script lists the bundle files it writes in marked ``bundle-file:`` lines;
the tests hold that list to the names the code really writes, to `checks.bundle_files`, to the
JSON keys of the contract, and check that the anonymous password never reaches a file, the
console or a command line. The PowerShell parser checks the syntax where ``pwsh`` is installed
(it is not packaged for Debian); a tree-sitter grammar does where ``tree-sitter-powershell`` is.
Where ``wine`` is installed, the cmd collector runs under Wine's cmd.exe against stub IIS tools.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from checks.bundle_files import BUNDLE_FILES, accepted

ROOT = Path(__file__).resolve().parent.parent
PS1 = ROOT / "collector" / "Collect-AuthlabBundle.ps1"
CMD = ROOT / "collector" / "collect-2003.cmd"
DOC = ROOT / "docs" / "collector.md"
CONTRACT = ROOT.parent / "shared" / "CONTRACT.md"

HOST_KEYS = (
    "computer_name",
    "domain",
    "is_domain_controller",
    "iis_version",
    "os",
    "collected_at",
    "date_format",
    "time_format",
)
PROBE_KEYS = ("account", "logon_type", "win32_error")

#: BUNDLE_FILES entries the PowerShell collector does not write, and why (docs/collector.md).
#: ad.ldif is written, but only for a domain account.
PS1_NOT_WRITTEN = {
    "Security.evtx": "Security.xml carries the same events",
    "Security.csv": "Windows Server 2003 Event Viewer's Save Log File As is a GUI step",
}

#: Sample values for the placeholders in the scripts' file names.
_PS_SAMPLES = {"{0}": "IUSR_WEB01", "{1}": "u_ex261124.log"}
_CMD_SAMPLES = {"%ANONUSER%": "IUSR_WEB01", "%SITE%": "1", "%%~nxL": "ex261124.log", "%1": "Guests"}


def _text(path: Path) -> str:
    return path.read_text(encoding="ascii")


def _ps_code() -> list[str]:
    """The PowerShell script's lines without comments (``#`` lines and the ``<# #>`` help)."""
    lines, in_block = [], False
    for line in _text(PS1).splitlines():
        stripped = line.strip()
        if stripped.startswith("<#"):
            in_block = True
        if in_block:
            in_block = not stripped.endswith("#>")
            continue
        if stripped.startswith("#"):
            continue
        lines.append(line)
    return lines


def _cmd_code() -> list[str]:
    return [
        line
        for line in _text(CMD).splitlines()
        if not re.match(r"\s*(rem\b|::|@?echo off\s*$)", line, re.IGNORECASE)
    ]


def _marked(path: Path, mark: str) -> set[str]:
    pattern = re.compile(rf"^\s*(?:rem\s+)?{mark}:\s*(\S+)\s*$", re.IGNORECASE)
    return {m.group(1) for line in _text(path).splitlines() if (m := pattern.match(line))}


def _sample(name: str, samples: dict[str, str]) -> str:
    if samples:
        # The log folder's placeholder is the site id, whatever the others stand for.
        name = name.replace("W3SVC{0}", "W3SVC1")
    for placeholder, value in samples.items():
        name = name.replace(placeholder, value)
    return name.replace("\\", "/")


def _is_directory(name: str) -> bool:
    return "." not in name.rsplit("/", 1)[-1]


def _ps_written() -> set[str]:
    """Names the PowerShell code writes: literal first arguments of the bundle-path helpers."""
    pattern = re.compile(r"(?:Join-Bundle|Write-JsonFile|Write-TextFile)\s+\(?'([^']+)'")
    names = {m.group(1) for line in _ps_code() for m in pattern.finditer(line)}
    return {n for n in names if not _is_directory(_sample(n, _PS_SAMPLES))}


def _cmd_written() -> set[str]:
    names = {m.group(1) for line in _cmd_code() for m in re.finditer(r'%OUT%\\([^"]+)"', line)}
    return {n for n in names if not _is_directory(_sample(n, _CMD_SAMPLES))}


def _function_body(name: str) -> tuple[int, int]:
    """Line span (0-based, end exclusive) of a top-level PowerShell function."""
    lines = _text(PS1).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"function {name}"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i] == "}")
    return start, end + 1


def _step(name: str) -> list[str]:
    """The code lines of the top-level ``Invoke-Step 'name' { ... }``."""
    code = _ps_code()
    start = next(i for i, line in enumerate(code) if line.startswith(f"Invoke-Step '{name}' {{"))
    end = next(i for i in range(start + 1, len(code)) if code[i] == "}")
    return code[start : end + 1]


# --- (a) the file names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "written"), [(PS1, _ps_written), (CMD, _cmd_written)], ids=["ps1", "cmd"]
)
def test_the_marked_list_is_what_the_code_writes(path, written) -> None:
    promised = _marked(path, "bundle-file")
    extras = _marked(path, "extra-file")
    assert promised, f"{path.name} lists no bundle-file"
    assert written() == promised | extras


@pytest.mark.parametrize(
    ("path", "samples"), [(PS1, _PS_SAMPLES), (CMD, _CMD_SAMPLES)], ids=["ps1", "cmd"]
)
def test_every_promised_name_is_a_bundle_file(path, samples) -> None:
    for name in _marked(path, "bundle-file"):
        assert accepted(_sample(name, samples)), f"{path.name}: {name} is not a bundle file"
    for name in _marked(path, "extra-file"):
        # An extra file must never be read as evidence by mistake.
        assert not accepted(_sample(name, samples)), f"{path.name}: {name} is a bundle file"


def test_the_powershell_collector_writes_every_bundle_file_but_the_documented_ones() -> None:
    samples = {_sample(n, _PS_SAMPLES).lower() for n in _marked(PS1, "bundle-file")}
    for pattern in BUNDLE_FILES:
        written = any(fnmatch.fnmatchcase(name, pattern.lower()) for name in samples)
        if pattern in PS1_NOT_WRITTEN:
            assert not written, f"{pattern} is written after all: drop it from PS1_NOT_WRITTEN"
        else:
            assert written, f"the PowerShell collector writes no {pattern}"
    assert set(PS1_NOT_WRITTEN) <= set(BUNDLE_FILES)


def test_the_exceptions_are_documented() -> None:
    head = _text(PS1).split("#>", 1)[0]
    doc = DOC.read_text(encoding="utf-8")
    for name in PS1_NOT_WRITTEN:
        assert name in head, f"the script's help does not say why it writes no {name}"
        assert name in doc, f"docs/collector.md does not mention {name}"
    assert "ad.ldif" in doc


def test_the_document_names_every_file_the_scripts_write() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for path in (PS1, CMD):
        for name in _marked(path, "bundle-file") | _marked(path, "extra-file"):
            stem = re.split(r"[{%*]", _sample(name, {}))[0]  # "net-user-", "W3SVC", "host.json"
            assert stem in doc, f"docs/collector.md does not mention {name}"


def test_the_cmd_collector_writes_no_probe_and_no_wevtutil_export() -> None:
    written = {_sample(n, _CMD_SAMPLES).lower() for n in _cmd_written()}
    assert not written & {"probe.json", "security.xml", "security.evtx", "security.csv"}
    # Windows Server 2003 has no auditpol.exe.
    assert "auditpol.csv" not in written
    assert not any("auditpol" in line.lower() for line in _cmd_code())


def test_auditpol_csv_is_a_backup_with_the_report_as_fallback_and_never_on_2003() -> None:
    body = "\n".join(_step("auditpol.csv"))
    # By the version: an auditpol.exe on 2003 would be another tool of the same name.
    assert "if ([Environment]::OSVersion.Version.Major -lt 6) {" in body
    # Each result is kept only with the header width authlab's reader tells the two apart by.
    assert "(Get-CsvHeaderWidth $file) -eq 7" in body and "$width -ne 6" in body
    backup = body.index("auditpol /backup /file:")
    report = body.index("auditpol /get /category:* /r > ")
    assert backup < report
    # Whatever the fallback leaves on failure is removed: authlab refuses a file that is not
    # auditpol's CSV, and that would make the whole bundle unreadable.
    after = body[report:]
    assert "Remove-Item -LiteralPath $file" in after and "throw" in after


# --- (b) host.json and probe.json ---------------------------------------------------------------


def _ps_json_keys(name: str) -> tuple[str, ...]:
    text = "\n".join(_ps_code())
    block = re.search(rf"Write-JsonFile '{re.escape(name)}' @\((.*?)\n\s*\)\n", text, re.DOTALL)
    assert block, f"no Write-JsonFile '{name}' call"
    return tuple(re.findall(r"@\('([a-z0-9_]+)',", block.group(1)))


def _contract_keys(start: str, end: str) -> tuple[str, ...]:
    if not CONTRACT.exists():
        pytest.skip("shared/CONTRACT.md is not beside the repository")
    text = CONTRACT.read_text(encoding="utf-8")
    section = text[text.index(start) : text.index(end, text.index(start))]
    return tuple(re.findall(r'"([a-z0-9_]+)":', section))


def test_host_json_keys_are_the_contracts() -> None:
    assert _ps_json_keys("host.json") == HOST_KEYS
    cmd_lines = [line for line in _cmd_code() if '"%OUT%\\host.json"' in line]
    cmd_keys = tuple(k for line in cmd_lines for k in re.findall(r'"([a-z0-9_]+)":', line))
    assert cmd_keys == HOST_KEYS
    assert _contract_keys("`host.json` (facts", "`collected_at` is the time") == HOST_KEYS


def test_probe_json_keys_are_the_contracts() -> None:
    assert _ps_json_keys("probe.json") == PROBE_KEYS
    assert _contract_keys("`probe.json` (the result", "The project ships") == PROBE_KEYS


def test_the_date_formats_are_the_user_locales_patterns() -> None:
    start, end = _function_body("Get-NetUserDateFormats")
    body = "\n".join(_text(PS1).splitlines()[start:end])
    assert "$culture = Get-Culture" in body
    assert "$culture.DateTimeFormat.ShortDatePattern" in body
    assert "$culture.DateTimeFormat.LongTimePattern" in body
    # Compared case-sensitively: "M" is the month, "m" the minute.
    assert "-cne $system.ShortDatePattern" in body and "-cne $system.LongTimePattern" in body
    assert " -ne $system." not in body
    assert "[Globalization.GregorianCalendar]" in body
    text = "\n".join(_ps_code())
    assert "@('date_format', $formats.Date)" in text
    assert "@('time_format', $formats.Time)" in text


#: Patterns Windows ships or users type, and some no reader should take.
_PATTERN_SAMPLES = (
    "M/d/yyyy",
    "dd/MM/yyyy",
    "dd.MM.yyyy",
    "d.M.yyyy",
    "yyyy-MM-dd",
    "yyyy/M/d",
    "yyyy. MM. dd.",
    "dd-MMM-yy",
    "d/M/yyyy g",
    "d.M.yyyy 'r.'",
    "h:mm:ss tt",
    "hh:mm:ss tt",
    "HH:mm:ss",
    "H:mm:ss",
    "tt h:mm:ss",
    "HH.mm.ss",
    "H 'h' mm 'min' ss 's'",
    "DD/MM/YYYY",
    "dd/MM/yyyy\\",
    'dd"MM"yyyy',
    "dd&MM&yyyy",
    "d%M%y",
    "MM/yyyy",
    "mm:ss",
    " ",
    "d/M/yyyy" * 6,
)


def _ps_pattern_filter():
    """The .ps1's Test-NetPattern as a Python predicate: its character class, then the needs."""
    start, end = _function_body("Test-NetPattern")
    body = "\n".join(_text(PS1).splitlines()[start:end])
    regex = re.search(r'-cnotmatch "(\^\[[^"]+\$)"', body)
    assert regex, "Test-NetPattern has no -cnotmatch character class"
    allowed = re.compile(regex.group(1))
    return lambda value, needs: (
        bool(allowed.fullmatch(value)) and all(re.search(n, value) for n in needs)
    )


def test_no_pattern_the_collectors_write_makes_host_json_unreadable(tmp_path: Path) -> None:
    # host.json with a pattern the reader refuses can not be read at all (exit 2): whatever
    # the collectors let through must be a pattern the reader takes.
    from checks.readers.jsonfiles import read_host_json

    keep = _ps_pattern_filter()
    passed = 0
    for value in _PATTERN_SAMPLES:
        for field, needs in (("date_format", ("d", "M", "y")), ("time_format", ("m", "[Hh]"))):
            if not keep(value, needs):
                continue
            passed += 1
            host = {"computer_name": "WEB01", "domain": None, "is_domain_controller": False}
            host |= {"iis_version": "6.0", "os": "Windows Server 2003", field: value}
            path = tmp_path / "host.json"
            path.write_text(json.dumps(host), encoding="utf-8")
            assert getattr(read_host_json(path), field) == value, (field, value)
    assert passed >= 10, "the filter takes hardly any real pattern"


def test_the_cmd_collector_filters_patterns_as_the_powershell_one_does() -> None:
    start, _ = _function_body("Test-NetPattern")
    ps_class = re.search(r"\^\[([^\]]+)\]", _text(PS1).splitlines()[start + 1]).group(1)
    code = _cmd_code()
    allowed: set[str] = set()
    for line in code:
        if line.endswith('set "FMTOK=1"'):
            if m := re.match(r"for %%C in \(([^)]*)\) do ", line):
                allowed |= set(m.group(1).split())
            elif m := re.match(r'if "%FMTCHAR%"=="(.)" ', line):
                allowed.add(m.group(1))
    assert allowed == set(ps_class)
    # What each marker of FMTHAS stands for, compared case-sensitively, and what each field needs.
    marks = dict(
        re.findall(r'^if "%FMTCHAR%"=="(.)" set "FMTHAS=%FMTHAS%(.)"$', "\n".join(code), re.M)
    )
    assert marks == {"d": "D", "M": "O", "y": "Y", "m": "I", "h": "H", "H": "H"}
    text = "\n".join(code)
    for variable, needs in (("DFMT", "DOY"), ("TFMT", "IH")):
        for mark in needs:
            assert f'if "%FMTHAS:{mark}=%"=="%FMTHAS%" set "{variable}="' in text
    # The values are read from the user's regional settings, and only Gregorian calendars.
    assert r'reg query "HKCU\Control Panel\International" /v %1' in text
    assert "call :intlformat sShortDate" in text and "call :intlformat sTimeFormat" in text
    assert 'if not "%CALTYPE%"=="1" if not "%CALTYPE%"=="2" goto :formats_done' in text


def test_json_values_have_the_contracts_types() -> None:
    text = "\n".join(_ps_code())
    assert "@('is_domain_controller', [bool]" in text
    assert "@('logon_type', [int]" in text
    assert "@('win32_error', [int]" in text
    # collected_at: local time with its offset, whatever the server's culture.
    assert (
        """ToString("yyyy-MM-dd'T'HH:mm:sszzz", [Globalization.CultureInfo]::InvariantCulture)"""
        in text
    )
    # cmd: the boolean unquoted, the strings and null chosen before the echo.
    dc_line = next(line for line in _cmd_code() if '"is_domain_controller":' in line)
    assert dc_line.rstrip().endswith('"is_domain_controller": %ISDC%,')
    assert any(re.search(r'set "ISDC=true"', line) for line in _cmd_code())


def test_a_failing_gli_keeps_gl() -> None:
    # gli's part of Security-log.txt is optional (contract section 3): its failure must cost
    # only its own lines, and the probe must then treat the log's fill level as unknown.
    start, end = _function_body("Get-SecurityLogState")
    lines = _text(PS1).splitlines()[start:end]
    gli = next(i for i, line in enumerate(lines) if "gli Security)" in line)
    assert lines[gli - 1].strip() == "try {", "wevtutil gli is not inside a try"
    assert not any("throw" in line for line in lines[gli:]), "a gli failure still throws"
    assert any("$lines = $gl + $gli" in line for line in lines)
    assert any("HasInfo" in line and "'fileSize'" in line for line in lines)
    start, end = _function_body("Test-ProbeIsSafe")
    assert any(
        "if (-not $Log.HasInfo) { return $false }" in line
        for line in _text(PS1).splitlines()[start:end]
    )


def test_both_collectors_write_the_security_log_fields_in_wevtutil_form() -> None:
    # A 2003 Security-log.txt is read like `wevtutil gl` (indented under logging:) followed by
    # `wevtutil gli` (fileSize at the margin).
    fields = ("name: Security", "logging:", "  retention: ", "  autoBackup: ", "  maxSize: ")
    cmd = [line for line in _cmd_code() if '"%OUT%\\Security-log.txt" echo' in line]
    echoed = [line.split(" echo ", 1)[1] for line in cmd]
    for field in (*fields, "fileSize: "):
        assert any(e.startswith(field) for e in echoed), f"collect-2003.cmd writes no {field!r}"
    ps = "\n".join(_ps_code())
    for field in (*fields, "fileSize: "):
        assert f"'{field}" in ps or f"('{field}" in ps, f"the .ps1 2003 branch writes no {field!r}"


# --- (c) the password ---------------------------------------------------------------------------

#: Every line that may touch the anonymous password, and nothing else: read it from the IIS
#: configuration, pass it to LogonUser, clear it.
_PASSWORD_LINES = (
    r"\$anonPassword = \$null",
    r"\$anonPassword = \[string\]\$node\.psbase\.InvokeGet\('AnonymousUserPass'\)",
    r"\$anonPassword = \[string\]\$section\.GetAttributeValue\('password'\)",
    r"\$error32 = \[AuthlabNative\]::TryLogon\(\$Account\.User, \$Account\.Domain, "
    r"\$anonPassword, \$Iis\.LogonType\)",
    r"Remove-Variable anonPassword -ErrorAction SilentlyContinue",
)
_SINKS = re.compile(
    r"Out-File|Set-Content|Add-Content|Write-(Host|Output|Verbose|Warning|Debug|Error|"
    r"Information|Progress|JsonFile|TextFile)|ConvertTo-(Json|Csv|Xml|Html)|Export-|Tee-Object|"
    r"\becho\b|Add-Note|Invoke-Cmd|Start-Process|cmd(\.exe)?\b|Start-Transcript|\bthrow\b|"
    r"\[Console\]|>",
    re.IGNORECASE,
)


def test_the_password_lives_in_one_variable_of_one_function() -> None:
    lines = _text(PS1).splitlines()
    start, end = _function_body("Invoke-Probe")
    code = set(_ps_code())
    touching = [
        (i, line)
        for i, line in enumerate(lines)
        if line in code and re.search(r"anonPassword|AnonymousUserPass|'password'", line, re.I)
    ]
    assert touching, "the probe reads no password: the test is out of date"
    for i, line in touching:
        assert start <= i < end, f"line {i + 1} touches the password outside Invoke-Probe"
        assert any(re.fullmatch(rf"\s*{p}\s*", line) for p in _PASSWORD_LINES), (
            f"line {i + 1} uses the password in a way this test has not reviewed: {line.strip()}"
        )


def test_the_password_never_reaches_an_output_or_a_command_line() -> None:
    for number, line in enumerate(_ps_code(), 1):
        if re.search(r"anonPassword", line, re.IGNORECASE):
            assert not _SINKS.search(line), f"code line {number}: {line.strip()}"
    # The only native code that sees it returns a number and prints nothing.
    native = _text(PS1).split("$NativeSource = @'", 1)[1].split("'@", 1)[0]
    assert not re.search(r"Console|Trace|Debug|File|Process", native)
    assert "Start-Transcript" not in _text(PS1)


def test_the_cmd_collector_reads_no_password() -> None:
    # It reads metabase properties only through :adsfind, and none of them is SECURE.
    read = {m.group(1) for line in _cmd_code() for m in re.finditer(r"call :adsfind (\w+)", line)}
    assert read == {
        "AnonymousUserName",
        "DefaultLogonDomain",
        "LogFileDirectory",
        "Path",
        "DefaultDoc",
    }
    for line in _cmd_code():
        assert not re.search(r"AnonymousUserPass|UNCPassword|WAMUserPass", line, re.I), line


# --- (d) syntax ---------------------------------------------------------------------------------


@pytest.mark.skipif(
    shutil.which("pwsh") is None,
    reason="pwsh is not installed (PowerShell 7 is not in Debian's repositories): "
    "the PowerShell parser check runs where it is",
)
def test_the_powershell_parser_accepts_the_script(tmp_path: Path) -> None:
    checker = tmp_path / "parse.ps1"
    checker.write_text(
        "param([string]$Path)\n"
        "$tokens = $null; $errors = $null\n"
        "[void][System.Management.Automation.Language.Parser]::ParseFile("
        "$Path, [ref]$tokens, [ref]$errors)\n"
        "foreach ($e in $errors) { Write-Output $e.ToString() }\n"
        "exit $errors.Count\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        ["pwsh", "-NoProfile", "-NonInteractive", "-File", str(checker), "-Path", str(PS1)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_powershell_grammar_accepts_the_script() -> None:
    tree_sitter = pytest.importorskip("tree_sitter", reason="tree-sitter is not installed")
    grammar = pytest.importorskip(
        "tree_sitter_powershell", reason="tree-sitter-powershell is not installed"
    )
    parser = tree_sitter.Parser(tree_sitter.Language(grammar.language()))
    source = PS1.read_bytes()
    errors: list[str] = []

    def walk(node) -> None:
        if node.type == "ERROR" or node.is_missing:
            row = node.start_point[0] + 1
            errors.append(f"line {row}: {source[node.start_byte : node.end_byte][:60]!r}")
        for child in node.children:
            walk(child)

    walk(parser.parse(source).root_node)
    assert not errors


#: PowerShell 3.0+ syntax and cmdlets, which Windows Server 2008 R2's 2.0 does not have.
_NOT_IN_POWERSHELL_2 = (
    "[ordered]",
    "[pscustomobject]",
    "ConvertTo-Json",
    "ConvertFrom-Json",
    " -in ",
    " -notin ",
    "$PSItem",
    "::new(",
    "Get-CimInstance",
    "-ErrorAction Ignore",
    ".Where(",
    ".ForEach(",
    "$PSScriptRoot",
    "$using:",
    " -shl ",
    " -shr ",
    "Invoke-WebRequest",
)


def test_the_script_keeps_to_powershell_2_syntax() -> None:
    for number, line in enumerate(_ps_code(), 1):
        for token in _NOT_IN_POWERSHELL_2:
            assert token.lower() not in line.lower(), f"code line {number} uses {token}"
    assert "Set-StrictMode -Version 1" in _text(PS1)


def test_cmd_labels_exist() -> None:
    code = _cmd_code()
    labels = {m.group(1).lower() for line in code if (m := re.match(r"^:(\w+)\s*$", line))}
    targets = {
        m.group(1).lower()
        for line in code
        for m in re.finditer(r"\b(?:goto|call)\s+:(\w+)", line, re.IGNORECASE)
    }
    assert targets - {"eof"} <= labels


@pytest.mark.parametrize("path", [PS1, CMD], ids=["ps1", "cmd"])
def test_scripts_are_ascii_with_crlf_line_ends(path: Path) -> None:
    # PowerShell 2.0 reads a script without a BOM in the ANSI code page, and cmd.exe in the OEM
    # one: ASCII reads the same in all. cmd.exe mis-finds labels in a file with bare LF ends.
    data = path.read_bytes()
    data.decode("ascii")
    assert data.count(b"\n") == data.count(b"\r\n"), f"{path.name} has bare LF line ends"


# --- the cmd collector under Wine ----------------------------------------------------------------

#: adsutil.vbs GET as iis.md section 2 shows it; AnonymousUserName is set only at /W3SVC, so the
#: script must walk up from the site's root to find it.
_ADSUTIL_STUB = """\
Set args = WScript.Arguments
p = LCase(args(1))
q = Chr(34)
If p = "w3svc/anonymoususername" Then
  WScript.Echo "AnonymousUserName               : (STRING) " & q & "WEB01\\IUSR_WEB01" & q
ElseIf p = "w3svc/1/root/path" Then
  WScript.Echo "Path                            : (STRING) " & q & "C:\\inetpub\\wwwroot" & q
ElseIf p = "w3svc/1/root/defaultdoc" Then
  WScript.Echo "DefaultDoc                      : (STRING) " & q & "Default.htm,index.htm" & q
ElseIf p = "w3svc/1/logfiledirectory" Then
  WScript.Echo "LogFileDirectory                : (EXPANDSZ) " & q & _
    "%windir%\\system32\\LogFiles" & q
Else
  WScript.Echo "The parameter " & q & args(1) & q & " is not set at this node."
End If
"""

#: wmic ... /value as it reaches a pipe on Windows: blank lines and CR CR LF ends (Wine's own
#: wmic ignores /value, so a stub in the current directory stands in for it).
_WMIC_VALUES = {
    "LocalDateTime": "20261124093000.123000+060",
    "DomainRole": "3",
    "Caption": "Microsoft(R) Windows(R) Server 2003, Standard Edition",
}


@pytest.mark.skipif(
    shutil.which("wine") is None or os.environ.get("AUTHLAB_WINE_TESTS") != "1",
    reason="runs where wine is installed and AUTHLAB_WINE_TESTS=1 (about 30 s)",
)
def test_the_cmd_collector_runs_under_wine(tmp_path: Path) -> None:
    env = {**os.environ, "WINEPREFIX": str(tmp_path / "prefix"), "WINEDEBUG": "-all"}

    def wine(*args: str, cwd: Path | None = None) -> str:
        result = subprocess.run(
            ["wine", *args], env=env, cwd=cwd, capture_output=True, timeout=300, check=False
        )
        return result.stdout.decode("latin-1").replace("\r", "")

    subprocess.run(["wineboot", "-i"], env=env, capture_output=True, timeout=300, check=True)
    drive = tmp_path / "prefix" / "drive_c"
    for folder in ("Inetpub/AdminScripts", "windows/system32/LogFiles/W3SVC1", "inetpub/wwwroot"):
        (drive / folder).mkdir(parents=True, exist_ok=True)
    (drive / "Inetpub/AdminScripts/adsutil.vbs").write_text(_ADSUTIL_STUB, newline="\r\n")
    (drive / "windows/system32/inetsrv").mkdir(parents=True, exist_ok=True)
    (drive / "windows/system32/inetsrv/MetaBase.xml").write_text("<configuration/>\n")
    (drive / "windows/system32/LogFiles/W3SVC1/ex261124.log").write_text("#Version: 1.0\n")
    (drive / "inetpub/wwwroot/index.htm").write_text("hello\n")
    (drive / "windows/system32/config").mkdir(parents=True, exist_ok=True)
    (drive / "windows/system32/config/SecEvent.Evt").write_bytes(bytes(65536))
    stub = ["@echo off"]
    for name, value in _WMIC_VALUES.items():
        (drive / f"wmic-{name}.txt").write_bytes(f"\r\r\n{name}={value}\r\r\n\r\r\n".encode())
        stub.append(f'if /i "%3"=="{name}" type C:\\wmic-{name}.txt')
    (drive / "wmic.cmd").write_text("\r\n".join(stub) + "\r\n")
    values = [
        ("SOFTWARE\\Microsoft\\InetStp", "MajorVersion", "REG_DWORD", "6"),
        ("SOFTWARE\\Microsoft\\InetStp", "MinorVersion", "REG_DWORD", "0"),
        (
            "SYSTEM\\CurrentControlSet\\Control\\TimeZoneInformation",
            "ActiveTimeBias",
            "REG_DWORD",
            str(2**32 - 60),
        ),
        (
            "SYSTEM\\CurrentControlSet\\Services\\Eventlog\\Security",
            "MaxSize",
            "REG_DWORD",
            "131072",
        ),
        (
            "SYSTEM\\CurrentControlSet\\Services\\Eventlog\\Security",
            "Retention",
            "REG_DWORD",
            str(2**32 - 1),
        ),
        (
            "SYSTEM\\CurrentControlSet\\Services\\Eventlog\\Security",
            "File",
            "REG_EXPAND_SZ",
            "%SystemRoot%\\system32\\config\\SecEvent.Evt",
        ),
    ]
    for key, name, kind, data in values:
        wine("reg", "add", f"HKLM\\{key}", "/v", name, "/t", kind, "/d", data, "/f")
    international = "HKCU\\Control Panel\\International"
    for name, data in (("iCalendarType", "1"), ("sShortDate", "M/d/yyyy")):
        wine("reg", "add", international, "/v", name, "/t", "REG_SZ", "/d", data, "/f")
    wine("reg", "add", international, "/v", "sTimeFormat", "/t", "REG_SZ", "/d", "h:mm:ss tt", "/f")
    shutil.copy(CMD, drive / "collect-2003.cmd")

    # A path with spaces and parentheses: nothing may break a parenthesised block.
    output = wine("cmd", "/c", "C:\\collect-2003.cmd", "C:\\out (x86) dir", "1", cwd=drive)
    bundle = drive / "out (x86) dir"
    assert "anonymous account: WEB01\\IUSR_WEB01" in output, output

    host = json.loads((bundle / "host.json").read_text(encoding="ascii"))
    assert tuple(host) == HOST_KEYS
    assert host["iis_version"] == "6.0"
    assert host["os"] == _WMIC_VALUES["Caption"]
    assert host["collected_at"] == "2026-11-24T09:30:00+01:00"  # ActiveTimeBias -60 minutes
    assert host["is_domain_controller"] is False
    assert host["date_format"] == "M/d/yyyy"
    assert host["time_format"] == "h:mm:ss tt"

    log = (bundle / "Security-log.txt").read_text(encoding="ascii").splitlines()
    assert "  maxSize: 131072" in log
    assert "  retention: true" in log  # Retention 0xFFFFFFFF: never overwrite
    assert "  autoBackup: false" in log
    assert "fileSize: 65536" in log
    assert (bundle / "net-user-IUSR_WEB01.txt").exists()
    assert (bundle / "W3SVC1" / "ex261124.log").read_text() == "#Version: 1.0\n"
    for path in bundle.rglob("*"):
        if path.is_file():
            name = path.relative_to(bundle).as_posix()
            assert accepted(name) or name == "cacls.txt", name

    # A second run refuses the directory it filled.
    again = wine("cmd", "/c", "C:\\collect-2003.cmd", "C:\\out (x86) dir", "1", cwd=drive)
    assert "is not empty" in again

    # Formats authlab can not read, or that cmd could not echo, are left out (null), and the
    # file is still valid JSON.
    for name, data in (("sShortDate", 'dd"&echo x&"MM'), ("sTimeFormat", "HH:mm:ss 'Uhr'")):
        wine("reg", "add", international, "/v", name, "/t", "REG_SZ", "/d", data, "/f")
    wine("cmd", "/c", "C:\\collect-2003.cmd", "C:\\out2", "1", cwd=drive)
    host = json.loads((drive / "out2" / "host.json").read_text(encoding="ascii"))
    assert (host["date_format"], host["time_format"]) == (None, None)
