"""An Active Directory domain: accounts, nested groups, domain policy and GPOs.

One domain is enough for KB 909887: the anonymous account may be a domain account, its groups may
nest, the domain's lockout and password policy govern it, and GPOs carry the user rights a member
server or a domain controller applies.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from winfacts import wellknown as wk
from winfacts.errors import ModelError
from winfacts.secret import Secret
from winfacts.sid import Sid

from .account_policy import AccountPolicy
from .accounts import Account, Group, GroupScope
from .principals import PrincipalStore
from .security_template import SecurityTemplate

#: Containers a GPO can be linked to, outermost first: the order GPOs apply in.
SITE = "site"
DOMAIN = "domain"
DC_OU = "OU=Domain Controllers"
SERVERS_OU = "OU=Servers"
COMPUTERS = "CN=Computers"  # a container, not an OU: no GPO links (real AD forbids them)
LINK_ORDER = (SITE, DOMAIN, SERVERS_OU, DC_OU)


@attrs.define(eq=False)
class Gpo:
    """A group policy object's security settings (its GptTmpl.inf)."""

    name: str
    guid: str
    template: SecurityTemplate
    version: int = 1

    def __repr__(self) -> str:
        return f"Gpo({self.name!r})"


class Domain(PrincipalStore):
    def __init__(
        self,
        netbios: str,
        dns_name: str,
        domain_sid: Sid,
        *,
        administrator_password: Secret,
        created: datetime,
        policy: AccountPolicy | None = None,
        first_rid: int = 1103,
    ) -> None:
        super().__init__(netbios.upper(), domain_sid)
        self.dns_name = dns_name.lower()
        #: The domain controller's computer name, which `net ... /domain` names; a member
        #: server's domain gets one from its SID (no draw from the seed's stream, so every
        #: other name a seed gives stays the same), a DC's host sets its own.
        self.controller = f"DC{domain_sid.subauthorities[-1] % 9 + 1:02d}"
        self.policy = policy or AccountPolicy(lockout_threshold=0, max_password_age=None)
        self.links: dict[str, list[Gpo]] = {container: [] for container in LINK_ORDER}
        self.computer_ou: dict[str, str] = {}
        for rid, name, scope in (
            (wk.RID_DOMAIN_ADMINS, "Domain Admins", GroupScope.GLOBAL),
            (wk.RID_DOMAIN_USERS, "Domain Users", GroupScope.GLOBAL),
            (wk.RID_DOMAIN_GUESTS, "Domain Guests", GroupScope.GLOBAL),
            (wk.RID_DOMAIN_COMPUTERS, "Domain Computers", GroupScope.GLOBAL),
            (wk.RID_DOMAIN_CONTROLLERS, "Domain Controllers", GroupScope.GLOBAL),
        ):
            self.add_group(Group(name, domain_sid.child(rid), self.authority, scope))
        admin = self.add_user(
            Account(
                "Administrator",
                domain_sid.child(wk.RID_ADMINISTRATOR),
                self.authority,
                administrator_password,
                created,
                is_domain=True,
                primary_group=self.domain_users.sid,
            )
        )
        self.add_member(self.group("Domain Admins"), admin.sid)
        self.add_user(
            Account(
                "Guest",
                domain_sid.child(wk.RID_GUEST),
                self.authority,
                Secret(""),
                created,
                enabled=False,
                password_required=False,
                password_never_expires=True,
                is_domain=True,
                primary_group=self.group("Domain Guests").sid,
            )
        )
        # 1103: the first RID AD hands out to an object an admin creates; a domain whose real DC
        # hands out RIDs itself gives the simulator a range of its own.
        self._next_rid = first_rid

    @property
    def domain_users(self) -> Group:
        return self.group("Domain Users")

    def new_user(self, name: str, password: Secret, now: datetime, **state: object) -> Account:
        sid = self.authority_sid.child(self.allocate_rid())
        account = Account(
            name,
            sid,
            self.authority,
            password,
            now,
            is_domain=True,
            primary_group=self.domain_users.sid,
            **state,  # type: ignore[arg-type]
        )
        return self.add_user(account)

    def token_groups(self, account: Account) -> set[Sid]:
        """The account's SID, its primary group and every domain group above them."""
        start = {account.sid}
        if account.primary_group is not None:
            start.add(account.primary_group)
        return self.expand(start)

    # -- group policy ------------------------------------------------------------------------
    def link_gpo(self, gpo: Gpo, container: str) -> None:
        if container not in self.links:
            raise ModelError(
                f"GPOs can be linked to {', '.join(LINK_ORDER)}, not {container!r}",
                subject=container,
            )
        self.links[container].append(gpo)

    def find_gpo(self, name: str) -> Gpo:
        for gpos in self.links.values():
            for gpo in gpos:
                if gpo.name.lower() == name.lower():
                    return gpo
        raise ModelError(f"no GPO named {name!r} is linked in {self.dns_name}", subject=name)

    def gpos_for(self, computer: str) -> list[Gpo]:
        """GPOs that apply to ``computer``, in the order they apply (the last writer wins)."""
        ou = self.computer_ou.get(computer.upper(), COMPUTERS)
        result: list[Gpo] = []
        for container in LINK_ORDER:
            if container in (SITE, DOMAIN) or container == ou:
                result.extend(self.links[container])
        return result
