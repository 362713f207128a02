"""type and dir: the files an administrator reads (today the IIS log folder, `iis_log_root`).

- "The system cannot find the file specified.", "The system cannot find the path specified.",
  "Access is denied." (a folder), "File Not Found" (dir /b with nothing to list): cmd.exe's
  messages as commonly transcribed.
- `type /?`: "Displays the contents of a text file or files.", a blank line, "TYPE
  [drive:][path]filename"; `dir /?` begins "Displays a list of files and subdirectories in a
  directory." (cmd.exe's HELP texts, in many transcripts and console emulators).

Chosen without confirmation (from memory): dir's two syntax lines, with /R only from Windows
Server 2008 on, and that `dir /?` stops after them (the real help describes every switch).
"""

from __future__ import annotations

from ...events import OsFamily
from ...host import Host
from ..cmdline import windows_dir
from ..registry import register
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok
from .secedit import exported_files


def iis_log_root(host: Host) -> str:
    """Where IIS writes its W3C logs by default: %windir%\\system32\\LogFiles on IIS 6,
    %SystemDrive%\\inetpub\\logs\\LogFiles on IIS 7 and later, one W3SVC<site id> folder
    a site."""
    if host.iis.legacy:
        return windows_dir(host) + r"\system32\LogFiles"
    return r"C:\inetpub\logs\LogFiles"


def _disk(host: Host) -> dict[str, dict[str, list[str] | None]]:
    """The folders commands can read, lower-cased full path -> entry name -> the file's lines
    (None for a folder). A site's folder appears with its first log file, as IIS creates it."""
    root = iis_log_root(host)
    folders: dict[str, dict[str, list[str] | None]] = {root.lower(): {}}
    for site, files in host.iis.log_files().items():
        folders[root.lower()][site] = None
        folders[f"{root}\\{site}".lower()] = dict(files)
    # What a command wrote (secedit /export /cfg FILE) reads back where it was written.
    for typed, text in exported_files(host).items():
        folder, _, name = _full_path(host, typed).rpartition("\\")
        folders.setdefault(folder.lower(), {})[name] = text.replace("\r\n", "\n").splitlines()
    return folders


def _full_path(host: Host, path: str) -> str:
    """A path as cmd.exe resolves it: "/" as "\\", relative to an administrator's prompt
    (%windir%\\system32), no trailing backslash."""
    text = path.replace("/", "\\").rstrip("\\")
    if not (len(text) >= 2 and text[1] == ":"):
        text = windows_dir(host) + r"\system32" + ("\\" + text if text else "")
    return text


_TYPE_HELP = "Displays the contents of a text file or files.\n\nTYPE [drive:][path]filename\n"
_DIR_HELP = (
    "Displays a list of files and subdirectories in a directory.\n"
    "\n"
    "DIR [drive:][path][filename] [/A[[:]attributes]] [/B] [/C] [/D] [/L] [/N]\n"
    "  [/O[[:]sortorder]] [/P] [/Q] {r}[/S] [/T[[:]timefield]] [/W] [/X] [/4]\n"
)


@register("type", "Displays the contents of a text file.")
def _type(host: Host, args: list[str]) -> CommandResult:
    """`type FILE`: the file's text as it is stored (one file; wildcards are not modelled)."""
    if args == ["/?"]:
        return _ok(_TYPE_HELP)
    if len(args) != 1 or args[0].startswith("/"):
        return _fail(1, "The syntax of the command is incorrect.")
    folder, _, name = _full_path(host, args[0]).rpartition("\\")
    entries = _disk(host).get(folder.lower())
    if entries is None:
        return _fail(1, "The system cannot find the path specified.")
    found = {key.lower(): lines for key, lines in entries.items()}
    if name.lower() not in found:
        return _fail(1, "The system cannot find the file specified.")
    lines = found[name.lower()]
    if lines is None:
        return _fail(1, "Access is denied.")
    return _ok("".join(line + "\n" for line in lines))


@register("dir", "Lists the files and folders in a folder.")
def _dir(host: Host, args: list[str]) -> CommandResult:
    """`dir /b [/o:n|/o:d|/o:-n|/o:-d] FOLDER`: the entry names, one a line. IIS log names
    carry their date (exYYMMDD, u_exYYMMDD), so date order is name order here. Without /b
    (dates and sizes) is not modelled."""
    if args == ["/?"]:
        return _ok(_DIR_HELP.format(r="" if host.os is OsFamily.WS2003 else "[/R] "))
    paths = [a for a in args if not a.startswith("/")]
    switches = [a.lower().replace(":", "") for a in args if a.startswith("/")]
    if "/b" not in switches or len(paths) > 1:
        return _fail(1, "Only dir /b [/o:n|/o:d|/o:-n|/o:-d] FOLDER is modelled by this simulator.")
    newest_last = True
    for switch in switches:
        if switch in ("/on", "/od", "/o"):
            newest_last = True
        elif switch in ("/o-n", "/o-d"):
            newest_last = False
        elif switch != "/b":
            return _fail(1, f"dir {switch} is not modelled by this simulator.")
    folder = _full_path(host, paths[0] if paths else "")
    entries = _disk(host).get(folder.lower())
    if not entries:
        return _fail(1, "File Not Found")
    names = sorted(entries, key=str.lower, reverse=not newest_last)
    return _ok("".join(name + "\n" for name in names))
