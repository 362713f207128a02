"""`secedit /export /cfg FILE` for a `SecurityTemplate`: UTF-16LE with a BOM, CRLF line ends.

The layout is the one `simulator.admin.shell.render_secedit` prints for a whole host ([Unicode],
[System Access], [Event Audit], [Registry Values], [Privilege Rights], [Version]); that function
is not reused because it reads a host (the account policy and live registry values), not a
template. A test checks that both give the same text for a host's effective template.

As secedit does, a right nobody holds is left out of [Privilege Rights].
"""

from __future__ import annotations

import codecs

from ..security_template import SecurityTemplate

CRLF = "\r\n"


def secedit_text(template: SecurityTemplate) -> str:
    """The decoded text, CRLF line ends."""
    lines = ["[Unicode]", "Unicode=yes", "[System Access]"]
    lines += [f"{key} = {value}" for key, value in template.system_access.items()]
    lines.append("[Event Audit]")
    lines += [f"{key} = {value}" for key, value in template.event_audit.items()]
    lines.append("[Registry Values]")
    lines += [f"{path}={kind},{value}" for path, (kind, value) in template.registry_values.items()]
    lines.append("[Privilege Rights]")
    lines += [
        f"{right} = {','.join(holders)}"
        for right, holders in template.privilege_rights.items()
        if holders
    ]
    lines += ["[Version]", 'signature="$CHICAGO$"', "Revision=1"]
    return CRLF.join(lines) + CRLF


def write_secedit(template: SecurityTemplate) -> bytes:
    """The file's bytes: a UTF-16LE byte order mark, then the text in UTF-16LE."""
    return codecs.BOM_UTF16_LE + secedit_text(template).encode("utf-16-le")
