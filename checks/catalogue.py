"""The checks: one per finding id of the contract, in the order Windows reports them for one
anonymous request (the registry in `winfacts.finding_ids` holds both)."""

from __future__ import annotations

from winfacts.finding_ids import BY_ID, FINDINGS, LOGON_LEVEL, ORDER, PROBE_DECIDES, FindingSpec

#: What `authlab checks` lists and the engine runs: the registry's entries.
CheckInfo = FindingSpec
CHECKS: tuple[CheckInfo, ...] = FINDINGS

__all__ = ["BY_ID", "CHECKS", "LOGON_LEVEL", "ORDER", "PROBE_DECIDES", "CheckInfo"]
