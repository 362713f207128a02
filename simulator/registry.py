"""The slice of HKLM the case reads: Lsa (CrashOnAuditFail, LimitBlankPasswordUse, MSV1_0
subauthentication packages), InetInfo (UserTokenTTL) and the Security event log's settings."""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterator

import attrs

from winfacts.errors import ModelError

LSA = r"HKLM\SYSTEM\CurrentControlSet\Control\Lsa"
MSV1_0 = LSA + r"\MSV1_0"
INETINFO = r"HKLM\SYSTEM\CurrentControlSet\Services\InetInfo\Parameters"
EVENTLOG = r"HKLM\SYSTEM\CurrentControlSet\Services\Eventlog"
#: Startup and Recovery's "System failure" settings (AutoReboot: restart after a bug check).
CRASH_CONTROL = r"HKLM\SYSTEM\CurrentControlSet\Control\CrashControl"
SECURITY_EVENTLOG = EVENTLOG + r"\Security"

_ROOT_ALIASES = {"HKEY_LOCAL_MACHINE": "HKLM", "MACHINE": "HKLM"}


class RegType(enum.Enum):
    REG_DWORD = "REG_DWORD"
    REG_SZ = "REG_SZ"
    REG_MULTI_SZ = "REG_MULTI_SZ"
    REG_EXPAND_SZ = "REG_EXPAND_SZ"
    REG_BINARY = "REG_BINARY"


@attrs.frozen
class RegValue:
    name: str
    type: RegType
    data: int | str | tuple[str, ...] | bytes


@functools.lru_cache(maxsize=1024)
def normalize_key(path: str) -> str:
    parts = path.strip().strip("\\").split("\\")
    if not parts or not parts[0]:
        raise ModelError(f"{path!r} is not a registry key path", subject=path)
    root = _ROOT_ALIASES.get(parts[0].upper(), parts[0].upper())
    if root != "HKLM":
        raise ModelError(f"the model holds only HKLM, not {parts[0]!r}", subject=path)
    return "\\".join([root, *parts[1:]])


class Registry:
    """Keys are case-insensitive, as in Windows; stored names keep their first spelling."""

    def __init__(self) -> None:
        self._keys: dict[str, tuple[str, dict[str, RegValue]]] = {}
        self.version = 0

    def set(
        self, key: str, name: str, type_: RegType, data: int | str | tuple[str, ...] | bytes
    ) -> None:
        if type_ is RegType.REG_DWORD and (
            not isinstance(data, int) or not 0 <= data <= 0xFFFFFFFF
        ):
            raise ModelError(
                f"{name}: a REG_DWORD takes a number from 0 to 4294967295", subject=name
            )
        spelled = normalize_key(key)
        _, values = self._keys.setdefault(spelled.lower(), (spelled, {}))
        values[name.lower()] = RegValue(name, type_, data)
        self.version += 1

    def get(self, key: str, name: str) -> RegValue | None:
        entry = self._keys.get(normalize_key(key).lower())
        return None if entry is None else entry[1].get(name.lower())

    def dword(self, key: str, name: str, default: int = 0) -> int:
        value = self.get(key, name)
        if value is None or not isinstance(value.data, int):
            return default
        return value.data

    def delete(self, key: str, name: str) -> bool:
        entry = self._keys.get(normalize_key(key).lower())
        if entry is None or name.lower() not in entry[1]:
            return False
        del entry[1][name.lower()]
        self.version += 1
        return True

    def values(self, key: str) -> list[RegValue]:
        entry = self._keys.get(normalize_key(key).lower())
        return [] if entry is None else list(entry[1].values())

    def subkeys(self, key: str) -> list[str]:
        prefix = normalize_key(key).lower() + "\\"
        return sorted(
            spelled for lowered, (spelled, _) in self._keys.items() if lowered.startswith(prefix)
        )

    def keys(self) -> Iterator[str]:
        return (spelled for spelled, _ in self._keys.values())
