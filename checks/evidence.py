"""The one read-only interface checks read.

An implementation answers each question from what it collected (`checks.bundle.BundleEvidence`
reads a directory of real Windows files) and answers `Unknown` when it did not collect what the
question needs. Checks never see more than this: not the files, not the simulator, not which
fault was injected.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from .facts import (
    AccountFacts,
    AccountPolicyFacts,
    AclFacts,
    AnonymousFacts,
    AuditFacts,
    GroupFacts,
    HostFacts,
    LogCapacity,
    LogonEventFact,
    LsaFacts,
    ProbeFacts,
    RightAssignment,
    Unknown,
    W3cFacts,
)


class Evidence(Protocol):
    def host(self) -> HostFacts | Unknown: ...

    def judged_at(self) -> datetime | None:
        """The time to judge expiry, lockout and logon hours against (host.json's
        collected_at), or None when the bundle does not say."""
        ...

    def anonymous(self, url: str) -> AnonymousFacts | Unknown: ...

    def account(self, user: str, domain: str | None) -> AccountFacts | Unknown: ...

    def account_policy(self, domain_account: bool) -> AccountPolicyFacts | Unknown: ...

    def right(self, name: str) -> RightAssignment | Unknown: ...

    def local_group(self, name: str) -> GroupFacts | Unknown: ...

    def audit(self) -> AuditFacts | Unknown: ...

    def lsa(self) -> LsaFacts | Unknown: ...

    def security_log(self) -> LogCapacity | Unknown: ...

    def log_full_events(self) -> Sequence[LogonEventFact] | Unknown:
        """ "The security log is now full" records (event 1104), newest last."""
        ...

    def logon_events(self, user: str) -> Sequence[LogonEventFact] | Unknown:
        """Logon audits (528-540, 4624, 4625) naming ``user``, oldest first."""
        ...

    def w3c(self, url: str) -> W3cFacts | Unknown: ...

    def content_acl(self, path: str) -> AclFacts | Unknown: ...

    def probe(self) -> ProbeFacts | Unknown: ...
