"""appcmd (IIS 7 and later): set config and list config on the authentication sections.

- set config prints 'Applied configuration changes to section "S" for "PATH" at configuration
  commit path "MACHINE/WEBROOT/APPHOST"' (many wfastcgi-enable transcripts).
- A password is never printed: the real appcmd shows a decrypted password in `list config`;
  this one prints ``password="********"`` for a non-empty password, ``password=""`` for an empty
  one, and nothing when none is set.

Chosen without confirmation: appcmd's exit codes and the exact wording of its lock error.
"""

from __future__ import annotations

from winfacts.apphost import ANONYMOUS, SERVER_LEVEL
from winfacts.errors import ModelError
from winfacts.secret import Secret

from ...apphost import AppHostConfig
from ...host import Host
from .. import appcmd as appcmd_ops
from ..cmdline import parse_switches
from ..registry import iis7_or_later, register
from ..result import CommandResult
from ..result import fail as _fail
from ..result import ok as _ok
from . import appcmd_list

#: The schema order appcmd writes anonymousAuthentication's attributes in.
_ANONYMOUS_ORDER = ("enabled", "userName", "password", "defaultLogonDomain", "logonMethod")
_LOCK_ERROR = (
    "ERROR ( message:This configuration section cannot be used at this path. This happens when "
    "the section is locked at a parent level. Locking is either by default "
    '(overrideModeDefault="Deny"), or set explicitly by a location tag with overrideMode="Deny" '
    'or the legacy allowOverride="false". Add /commit:apphost to write it to '
    "applicationHost.config. )\n"
)


def _appcmd_error(text: str, code: int = 13) -> CommandResult:
    return _fail(code, f"ERROR ( message:{text} )\n")


def _section_name(text: str) -> str:
    """A section as appcmd accepts it (full path or the last element) -> its full path."""
    full = {
        "anonymousauthentication": ANONYMOUS,
        "windowsauthentication": ANONYMOUS.rsplit("/", 1)[0] + "/windowsAuthentication",
        "basicauthentication": ANONYMOUS.rsplit("/", 1)[0] + "/basicAuthentication",
    }
    found = full.get(text.rsplit("/", 1)[-1].lower())
    if found is None:
        raise ModelError(f'Unknown config section "{text}".')
    return found


_MODELLED = (
    "Only 'set config', 'list config' and 'list site|apppool|app|vdir' are modelled by this "
    "simulator."
)


@register("appcmd", "Administers IIS 7 and later.", iis7_or_later)
def _appcmd(host: Host, args: list[str]) -> CommandResult:
    positional, switches = parse_switches(args, prefixes="/-")
    if not positional or any(s.name == "?" for s in switches):
        return _ok(appcmd_list.USAGE)
    if (
        len(positional) == 2
        and positional[0].lower() == "list"
        and positional[1].lower() in appcmd_list.OBJECTS
    ):
        if switches:
            return _appcmd_error("Filters on appcmd list are not modelled by this simulator.", 1)
        config = appcmd_ops.apphost(host)
        return _ok(appcmd_list.render_list(host, config, positional[1]))
    if len(positional) < 2 or positional[1].lower() != "config":
        return _appcmd_error(
            _MODELLED,
            1,
        )
    verb = positional[0].lower()
    location = positional[2] if len(positional) > 2 else None
    if len(positional) > 3 or verb not in ("set", "list"):
        return _appcmd_error(
            _MODELLED,
            1,
        )
    opts: dict[str, str] = {}
    for switch in switches:
        raw_name = switch.raw[1:].partition(":")[0]
        opts[raw_name] = switch.value or ""
    section_text = next((v for k, v in opts.items() if k.lower() == "section"), None)
    commit = next((v for k, v in opts.items() if k.lower() == "commit"), None)
    attributes = {k: v for k, v in opts.items() if k.lower() not in ("section", "commit", "config")}
    if section_text is None:
        return _appcmd_error("Give the section with -section:NAME.", 1)
    try:
        section = _section_name(section_text)
        config = appcmd_ops.apphost(host)
        if location is not None:
            location = location.strip("/") or None
        if verb == "list":
            show_all = any(k.lower() == "config" and v == "*" for k, v in opts.items())
            if attributes:
                return _appcmd_error("list config takes no attributes in this simulator.", 1)
            return _ok(_render_list_config(config, section, location, show_all))
        if not attributes:
            return _appcmd_error("Give at least one attribute to set (/name:value).", 1)
        if location is not None and (commit or "").lower() not in ("apphost", SERVER_LEVEL.lower()):
            return _fail(33, _LOCK_ERROR)
        typed = {name: _appcmd_value(name, value) for name, value in attributes.items()}
        if section == ANONYMOUS:
            appcmd_ops.set_anonymous(host, location, **typed)
        else:
            config.set_section(section, location, **typed)
    except ModelError as exc:
        return _appcmd_error(_appcmd_message(exc))
    target = SERVER_LEVEL if location is None else f"{SERVER_LEVEL}/{location}"
    return _ok(
        f'Applied configuration changes to section "{section}" for "{target}" at configuration '
        f'commit path "{SERVER_LEVEL}"\n'
    )


def _appcmd_message(exc: ModelError) -> str:
    text = str(exc)
    if text.startswith("'") and "is not an attribute of" in text:
        return f'Unknown attribute "{exc.subject}".  Replace with -? for help.'
    return text


def _appcmd_value(name: str, value: str) -> object:
    low = name.lower()
    if low == "enabled":
        if value.lower() not in ("true", "false"):
            raise ModelError(f'The value "{value}" is not valid for enabled (true or false).')
        return value.lower() == "true"
    if low == "password":
        return Secret(value)
    return value


def _render_list_config(
    config: AppHostConfig, section: str, location: str | None, show_all: bool
) -> str:
    """`appcmd list config [LOCATION] -section:...`: the section as it applies there, wrapped in
    its parent elements, two spaces a level. Only attributes set at some level are shown unless
    /config:* asks for the defaults too. A password is never shown (see the module doc)."""
    if location is None:
        values = _server_values(config, section)
        found = {attr: (values.get(attr), attr in values) for attr in _attributes(section)}
    else:
        site, _, rest = location.partition("/")
        url = "/" + rest
        found = {}
        for attr in _attributes(section):
            effective = config.effective(section, site, url, attr)
            found[attr] = (effective.value, effective.set_at is not None)
    parts: list[str] = []
    for attr, (value, is_set) in found.items():
        if not (is_set or show_all):
            continue
        parts.append(f'{attr}="{_xml_value(attr, value)}"')
    path = section.split("/")
    lines = [f"{'  ' * depth}<{name}>" for depth, name in enumerate(path[:-1])]
    attributes = (" " + " ".join(parts)) if parts else ""
    lines.append(f"{'  ' * (len(path) - 1)}<{path[-1]}{attributes} />")
    lines += [f"{'  ' * depth}</{name}>" for depth, name in reversed(list(enumerate(path[:-1])))]
    return "\n".join(lines) + "\n"


def _attributes(section: str) -> tuple[str, ...]:
    return _ANONYMOUS_ORDER if section == ANONYMOUS else ("enabled",)


def _server_values(config: AppHostConfig, section: str) -> dict[str, object]:
    """What the server level itself sets. AppHostConfig has no public reader for one level yet,
    so this reads its table directly (reported to the lead: a `values_at(section, location)`
    accessor would replace it)."""
    block = config._sections[section].get("")
    return {} if block is None else dict(block.values)


def _xml_value(attr: str, value: object) -> str:
    if attr == "password":
        if isinstance(value, Secret) and not value.is_empty:
            return "********"
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = ""
    else:
        text = str(value)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
