"""MetaBase.xml as IIS 6 writes it, from a `Metabase` (iis.md 1).

Layout, as real files show it (the IIS 6 Resource Kit sample of a fresh install, Microsoft's
"Metabase Structure in IIS 6.0" page and files quoted in public repositories):

    <?xml version ="1.0"?>
    <configuration xmlns="urn:microsoft-catalog:XML_Metabase_V64_0">
    <MBProperty>
    <IIsWebService\tLocation ="/LM/W3SVC"
    \t\tAnonymousPasswordSync="FALSE"
    \t\tAuthFlags="AuthAnonymous"
    \t>
    \t<Custom
    \t\tName="..."
    \t\t...
    \t/>
    </IIsWebService>
    </MBProperty>
    </configuration>

- every line ends CRLF; a key's start tag takes one line per attribute, two TABs in, and closes
  with a TAB and ">" on a line of its own; the end tag is at column 0;
- a TAB between the element name and ``Location``, a space before its "=";
- the properties of the key's class are attributes, sorted by name; a key with no class is an
  ``IIsConfigObject`` whose properties are all ``<Custom>`` children (Name, ID, Value, Type,
  UserType, Attributes, one per line);
- flags by name joined with " | " ("0" for none), booleans TRUE/FALSE, DWORDs in decimal, the
  entries of a MULTISZ one per line (CRLF and three TABs between them);
- SECURE properties as hex text.

Sources: https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2003/cc784572(v=ws.10)
(structure), https://learn.microsoft.com/en-us/previous-versions/aa670789(v=vs.71) (configuration
file), http://flylib.com/books/en/3.372.1.90/1/ (annotated sample of a fresh install:
``XML_Metabase_V54_0``, IIS_Global with SessionKey and time stamps); samples of real files quoted
in public code show the TAB/CRLF layout, lower-case ``/root`` locations and
``NOLONGERVALID...`` secure values.

Secure values. A real MetaBase.xml holds each SECURE value encrypted with a session key that the
machine's own key protects (the ``SessionKey`` of IIS_Global); nobody holding only the file can
recover it. This writer never encrypts anything: it writes, for each (location, property), a
fixed hex string computed from those two names alone. The password is not an input, so the bytes
can not contain it, can not be reversed to it and do not even reveal its length. Readers treat
the value as "set, value unknown" (checks.readers.opaque). An empty password is written as an
empty value, as real files show for an unset UNCPassword.

Nothing reads the ``UserType`` of a ``<Custom>`` element back; the user types written for the
model's properties follow the IIS 6 property reference where it gives one (AuthFlags,
AnonymousUserName, AnonymousUserPass, AnonymousPasswordSync: IIS_MD_UT_FILE).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Final

from winfacts.errors import ModelError
from winfacts.metabase import (
    KeyClass,
    MetabaseKey,
    PropertySpec,
    PropType,
    PropValue,
    property_spec,
    render_flags,
)
from winfacts.secret import Secret

from ..metabase import Metabase

CRLF: Final = "\r\n"

#: The namespace version real IIS 6 files on Windows Server 2003 SP1 and later carry; the digits
#: vary between builds (the Resource Kit's fresh install shows V54_0), so readers match a prefix.
SCHEMA_VERSION: Final = "64_0"
NAMESPACE_PREFIX: Final = "urn:microsoft-catalog:XML_Metabase_V"

#: The first bytes of the hex text IIS 6 writes for a SECURE value ("IcDb" in ASCII), as public
#: samples show; what follows is this writer's own filler.
_SECURE_PREFIX: Final = "49634462"
#: Likewise "IcKb" for the IIS_Global SessionKey.
_SESSION_KEY_PREFIX: Final = "49634b62"

#: Where the IIS 6 property reference gives a property's user type; the rest are this writer's
#: choice (only Custom elements carry one, and no reader uses it).
_USER_TYPES: Final = {
    "ServerComment": "IIS_MD_UT_SERVER",
    "ServerBindings": "IIS_MD_UT_SERVER",
    "WAMUserName": "IIS_MD_UT_WAM",
    "WAMUserPass": "IIS_MD_UT_WAM",
    "AppPoolId": "IIS_MD_UT_SERVER",
    "AppPoolIdentityType": "IIS_MD_UT_SERVER",
    "IIs5IsolationModeEnabled": "IIS_MD_UT_SERVER",
}
_DEFAULT_USER_TYPE: Final = "IIS_MD_UT_FILE"

# Characters XML 1.0 can not carry at all, even as character references.
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def write_metabase_xml(metabase: Metabase, *, schema_version: str = SCHEMA_VERSION) -> bytes:
    """The bytes of MetaBase.xml for this metabase: UTF-8, CRLF line ends, no password in any
    form (see the module doc)."""
    if not re.fullmatch(r"\d+_\d+", schema_version):
        raise ModelError(f"{schema_version!r} is not a metabase schema version like '64_0'")
    lines = [
        '<?xml version ="1.0"?>',
        f'<configuration xmlns="{NAMESPACE_PREFIX}{schema_version}">',
        "<MBProperty>",
    ]
    lines += _global_key(metabase)
    # IIS_ROOT (Location "/") sits between IIS_Global and /LM; the model keeps nothing there.
    lines += _key_lines("IIS_ROOT", "/", [], [])
    for key in metabase.all_keys():
        lines += _model_key(key)
    lines += ["</MBProperty>", "</configuration>"]
    return (CRLF.join(lines) + CRLF).encode("utf-8")


def opaque_secure_value(location: str, prop: str) -> str:
    """The hex text this writer puts where IIS would write an encrypted SECURE value.

    It depends on the key's location (case-insensitively, as IIS matches locations) and the
    property name only: never on the password.
    """
    seed = f"authlab|MetaBase.xml|{location.upper()}|{property_spec(prop).name}".encode()
    return _SECURE_PREFIX + hashlib.sha512(seed).hexdigest()


# -- keys ------------------------------------------------------------------------------------------


def _global_key(metabase: Metabase) -> list[str]:
    """IIS_Global as a fresh install writes it: time stamps, a change number and the session key
    that protects the secure values. All values here are fixed stand-ins."""
    session = _SESSION_KEY_PREFIX + hashlib.sha512(b"authlab|MetaBase.xml|SessionKey").hexdigest()
    attributes = [
        ("BINSchemaTimeStamp", "248e296f33bfc201"),
        ("ChangeNumber", str(metabase.version)),
        ("HistoryMajorVersionNumber", "1"),
        ("SessionKey", session),
        ("XMLSchemaTimeStamp", "a4c7356f33bfc201"),
    ]
    return _key_lines(KeyClass.IIS_GLOBAL.value, metabase.global_key.location, attributes, [])


def _model_key(key: MetabaseKey) -> list[str]:
    if key.key_class is KeyClass.CONFIG_OBJECT:
        # A key without a class: every property is a Custom element.
        customs = [_custom(key.location, name, value) for name, value in key.properties.items()]
        return _key_lines(key.key_class.value, key.location, [], customs)
    attributes = [
        (name, _value_text(key.location, property_spec(name), value))
        for name, value in key.properties.items()
    ]
    return _key_lines(key.key_class.value, key.location, attributes, [])


def _key_lines(
    element: str,
    location: str,
    attributes: Iterable[tuple[str, str]],
    customs: Iterable[list[str]],
) -> list[str]:
    # IIS drops a trailing "/" from a location (but "/" itself stays).
    written = location.rstrip("/") if location != "/" else location
    lines = [f'<{element}\tLocation ="{_escape(written)}"']
    lines += [f'\t\t{name}="{text}"' for name, text in attributes]
    lines.append("\t>")
    for custom in customs:
        lines += custom
    lines.append(f"</{element}>")
    return lines


def _custom(location: str, name: str, value: PropValue) -> list[str]:
    spec = property_spec(name)
    kind = {PropType.STRING: "STRING", PropType.MULTISZ: "MULTISZ"}.get(spec.type, "DWORD")
    flags = [flag for flag, on in (("INHERIT", spec.inherit), ("SECURE", spec.secure)) if on]
    return [
        "\t<Custom",
        f'\t\tName="{spec.name}"',
        f'\t\tID="{spec.id}"',
        f'\t\tValue="{_value_text(location, spec, value)}"',
        f'\t\tType="{kind}"',
        f'\t\tUserType="{_USER_TYPES.get(spec.name, _DEFAULT_USER_TYPE)}"',
        f'\t\tAttributes="{" | ".join(flags) or "NO_ATTRIBUTES"}"',
        "\t/>",
    ]


# -- values ----------------------------------------------------------------------------------------


def _value_text(location: str, spec: PropertySpec, value: PropValue) -> str:
    """A property value as MetaBase.xml spells it, escaped for an attribute."""
    if spec.secure or isinstance(value, Secret):
        if isinstance(value, Secret) and value.is_empty:
            return ""
        return opaque_secure_value(location, spec.name)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return render_flags(spec.name, value) if spec.flags is not None else str(value)
    if isinstance(value, tuple):
        # MULTISZ entries go one per line, as IIS writes them (raw, not as character references).
        return "\r\n\t\t\t".join(_escape(item) for item in value)
    return _escape(value)


def _escape(text: str) -> str:
    if _NOT_XML.search(text):
        raise ModelError(f"{text!r} holds a character MetaBase.xml (XML 1.0) can not carry")
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\t", "&#x9;")
        .replace("\n", "&#xA;")
        .replace("\r", "&#xD;")
    )
