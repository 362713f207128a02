"""A live Active Directory as the source of what a bundle's ``ad.ldif`` holds.

`LiveDirectory.document(user)` reads, over LDAPS with ldap3, what a diagnostic tool reads in
the field: the account (by sAMAccountName or userPrincipalName), the groups of its token and
the domain object with its lockout and password policy. It writes them as LDIF
(`winfacts.ldif`: RFC 2849's rule for plain and base64 values) and reads that with the
bundle's own LDIF reader (`checks.readers.ldif.parse_ldif`), so the facts and their rules are
the same whether the directory came in a file or over the wire.

The groups are the account's ``tokenGroups``: the directory's own expansion of every security
group the account is in, nested ones and the primary group included, which a walk up memberOf
misses (memberOf leaves the primary group out). Each SID is looked up by objectSid, and each
memberOf is cut down to the token's groups, so the reader's walk (memberOf, primaryGroupID)
arrives at exactly the token: a distribution group grants nothing and is left out, and a SID
with no group entry (another domain's group) stays in memberOf as ``<SID=...>``, so the reader
says the membership is known only in part. Where the bind account may not read tokenGroups the
memberOf walk is the fallback.

With ``LdapOptions.account`` the directory is all there is (no bundle): `anonymous` then names
that account, and every IIS setting is marked unresolved, since nothing here says what IIS
holds.

Every failure is a `BundleError` naming the URL in one sentence: a host that does not answer, a
certificate that does not verify, a bind refused, an account that is not there.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import attrs

from winfacts.ldif import attribute_line
from winfacts.secret import Secret
from winfacts.sid import Sid

from .errors import BundleError, quote, quote_name
from .facts import AnonymousFacts, IdentityKind
from .readers.events import split_upn
from .readers.ldif import LdifDocument, normalize_dn, parse_ldif

CONNECT_TIMEOUT: Final = 10
#: Groups read for one account; a Windows token holds at most 1,024 SIDs.
MAX_GROUPS: Final = 1000
#: objectSid values asked for in one search filter.
SIDS_PER_SEARCH: Final = 50
#: What the reader uses of a group. Not ``member``: Domain Users and the builtin groups can list
#: every account of the domain, and memberOf is what the walk follows.
GROUP_ATTRIBUTES: Final = (
    "objectClass",
    "cn",
    "name",
    "distinguishedName",
    "sAMAccountName",
    "sAMAccountType",
    "objectSid",
    "groupType",
    "memberOf",
)
#: The AnonymousFacts settings that only the IIS configuration could give.
IIS_SETTINGS: Final = (
    "anonymous_enabled",
    "password",
    "password_sync",
    "iis5_isolation",
    "logon_type",
    "physical_path",
)
#: IIS's default LogonMethod (ClearText, logon type 8), so the facts have a value; it is listed
#: as unresolved with the rest.
DEFAULT_LOGON_TYPE: Final = 8

Entry = dict[str, Any]


@attrs.frozen
class LdapOptions:
    """Where and how to read: an ``ldaps://`` URL, the account to bind as (None: anonymous),
    its password, the CA file that vouches for the DC's certificate (or ``insecure``), and the
    anonymous account to diagnose when no bundle names it."""

    url: str
    bind_user: str | None = None
    password: Secret | None = attrs.field(default=None, repr=False)
    ca_file: Path | None = None
    insecure: bool = False
    account: str | None = None


@attrs.frozen
class _Read:
    document: LdifDocument
    sam_account_name: str
    domain: str  # NetBIOS name, else the DNS name


class LiveDirectory:
    """Reads one account's part of a live directory as an `LdifDocument`, once per account."""

    def __init__(self, options: LdapOptions) -> None:
        self.options = options
        # The account's state is read during this run, so it is judged at this run's time.
        self.read_at = datetime.now(UTC)
        self._reads: dict[str, _Read] = {}

    @property
    def label(self) -> str:
        return self.options.url

    def document(self, user: str) -> LdifDocument:
        return self._read(user).document

    def anonymous(self, url: str) -> AnonymousFacts | None:
        """The account named by ``LdapOptions.account`` as the anonymous identity (None without
        one): its domain as the directory names it, every IIS setting unresolved."""
        given = self.options.account
        if given is None:
            return None
        found = self._read(given)
        return AnonymousFacts(
            url=url,
            enabled=True,
            other_methods=(),
            identity=IdentityKind.ACCOUNT,
            user=found.sam_account_name,
            domain=found.domain,
            configured_name=given,
            password_set=False,
            logon_type=DEFAULT_LOGON_TYPE,
            password_sync=False,
            iis5_isolation=False,
            app_pool="",
            app_pool_identity="",
            physical_path="",
            default_documents=(),
            # What would tell the settings marked unresolved.
            source_file="MetaBase.xml or applicationHost.config",
            unresolved=IIS_SETTINGS,
        )

    def _read(self, user: str) -> _Read:
        key = user.lower()
        if key not in self._reads:
            found = self._fetch(user)
            self._reads[key] = found
            self._reads.setdefault(found.sam_account_name.lower(), found)
        return self._reads[key]

    def _fetch(self, user: str) -> _Read:
        from ldap3.core import exceptions as errors

        connection = self._connect()
        try:
            base, config = _naming_contexts(connection)
            account = self._account(connection, base, user)
            groups, unresolved = _token_groups(connection, base, account)
            if groups is None:
                groups, unresolved = _member_of_walk(connection, account), []
            else:
                _keep_token_memberships(account, groups, unresolved)
            domain = _base_entries(connection, base)
            netbios = _netbios_name(connection, config, base)
        except _Refused as exc:
            who = self.options.bind_user or "anonymous"
            said = f": {quote(exc.message)}" if exc.message else ""
            hint = "; give --bind" if self.options.bind_user is None else ""
            raise BundleError(
                self.label,
                f"refused to search as {who!r} ({quote_name(exc.description)}{said}){hint}",
            ) from exc
        except errors.LDAPException as exc:
            raise BundleError(self.label, f"could not be read ({_reason(exc)})") from exc
        finally:
            connection.unbind()
        text = "".join(_ldif(entry) for entry in [*domain, account, *groups])
        document = parse_ldif(text, self.label)
        sam = document.users[0].sam_account_name if document.users else user
        dns = document.domain.dns_name if document.domain is not None else ""
        return _Read(document, sam, netbios or dns or _dns_of(base))

    def _account(self, connection: Any, base: str, user: str) -> Entry:
        import ldap3
        from ldap3.utils.conv import escape_filter_chars

        upn = split_upn(user)
        short = upn[0] if upn is not None else user.rpartition("\\")[2]
        connection.search(
            base,
            f"(&(objectClass=user)(|(sAMAccountName={escape_filter_chars(short)})"
            f"(userPrincipalName={escape_filter_chars(user)})))",
            attributes=ldap3.NO_ATTRIBUTES,
        )
        found = _entries(connection)
        if not found:
            raise BundleError(self.label, f"has no account {quote_name(user)}")
        # tokenGroups is constructed: the directory computes it only for a base-scope search.
        connection.search(
            found[0]["dn"], "(objectClass=*)", ldap3.BASE, attributes=["*", "tokenGroups"]
        )
        entries = _entries(connection)
        if not entries:
            raise BundleError(self.label, f"has no account {quote_name(user)}")
        return entries[0]

    def _connect(self) -> Any:
        import ldap3
        from ldap3.core import exceptions as errors

        options = self.options
        host, port, secure = _address(options.url)
        tls = None
        if secure:
            tls = ldap3.Tls(
                validate=ssl.CERT_NONE if options.insecure else ssl.CERT_REQUIRED,
                ca_certs_file=None if options.ca_file is None else str(options.ca_file),
            )
        server = ldap3.Server(
            host,
            port=port,
            use_ssl=secure,
            tls=tls,
            connect_timeout=CONNECT_TIMEOUT,
            get_info=ldap3.DSA,  # the RootDSE: where the domain's naming contexts are
        )
        password = None if options.password is None else options.password.reveal()
        connection = ldap3.Connection(
            server, user=options.bind_user, password=password, receive_timeout=60
        )
        try:
            bound = connection.bind()
        except errors.LDAPSocketOpenError as exc:
            raise BundleError(self.label, self._socket_failure(host, exc)) from exc
        except errors.LDAPException as exc:
            raise BundleError(self.label, f"could not be read ({_reason(exc)})") from exc
        if not bound:
            who = options.bind_user or "anonymous"
            result = str(connection.result.get("description", "refused"))
            raise BundleError(
                # the account is the user's own argument, not file text
                self.label,
                f"refused the bind as {who!r} ({quote_name(result)})",
            )
        return connection

    def _socket_failure(self, host: str, exc: BaseException) -> str:
        # ldap3 words a name mismatch after the whole certificate: look before cutting.
        lowered = str(exc).lower()
        if "doesn't match" in lowered or "hostname mismatch" in lowered:
            return (
                f"presents a certificate that is not issued to {host!r}; connect by a name "
                "the certificate holds, or --insecure to read it anyway"
            )
        if "certificate" in lowered or "ssl" in lowered:
            if self.options.ca_file is not None:
                return (
                    f"presents a certificate that {str(self.options.ca_file)!r} does not "
                    "vouch for; give the CA that issued it, or --insecure to read it anyway"
                )
            return (
                "presents a certificate that does not verify; give the CA with --ca-file, "
                "or --insecure to read it anyway"
            )
        return f"does not answer ({_reason(exc)})"


def _token_groups(
    connection: Any, base: str, account: Entry
) -> tuple[list[Entry] | None, list[Sid]]:
    """The group entries of the account's tokenGroups and the SIDs no entry was found for;
    None when the directory returned no tokenGroups (every token holds the primary group, so an
    empty answer means the bind account may not read it)."""
    from ldap3.utils.conv import escape_bytes

    values = _values(account, "tokenGroups")
    if not values:
        return None, []
    wanted: dict[Sid, bytes] = {}
    for value in values:
        try:
            wanted.setdefault(Sid.from_bytes(value), value)
        except ValueError:
            continue  # not a SID: nothing a right could name
    # Past the bound the groups are not looked up: they count as seen only in part.
    beyond = list(wanted)[MAX_GROUPS:]
    for sid in beyond:
        del wanted[sid]
    groups: list[Entry] = []
    found: set[Sid] = set()
    sids = list(wanted.items())
    for start in range(0, len(sids), SIDS_PER_SEARCH):
        chunk = sids[start : start + SIDS_PER_SEARCH]
        terms = "".join(f"(objectSid={escape_bytes(raw)})" for _, raw in chunk)
        connection.search(base, f"(&(objectClass=group)(|{terms}))", attributes=GROUP_ATTRIBUTES)
        for entry in _entries(connection):
            for raw in _values(entry, "objectSid"):
                try:
                    sid = Sid.from_bytes(raw)
                except ValueError:
                    continue
                if sid in wanted and sid not in found:
                    found.add(sid)
                    groups.append(entry)
    return groups, [*(sid for sid in wanted if sid not in found), *beyond]


def _keep_token_memberships(account: Entry, groups: list[Entry], unresolved: list[Sid]) -> None:
    """memberOf of the account and its groups cut down to the token's groups, and each SID
    without an entry added to the account's memberOf, so that the reader's walk finds the
    token and says where it could not see all of it."""
    token = {normalize_dn(str(g["dn"])) for g in groups}
    for entry in [account, *groups]:
        raw = entry.setdefault("raw_attributes", {})
        for key in [k for k in raw if k.lower() == "memberof"]:
            raw[key] = [v for v in raw[key] if normalize_dn(_text(v)) in token]
    extra = [f"<SID={sid}>".encode() for sid in unresolved]
    if extra:
        raw = account["raw_attributes"]
        key = next((k for k in raw if k.lower() == "memberof"), "memberOf")
        raw[key] = [*raw.get(key, []), *extra]


def _member_of_walk(connection: Any, account: Entry) -> list[Entry]:
    """Every group above the account through memberOf, each read once."""
    import ldap3

    seen: set[str] = set()
    groups: list[Entry] = []
    waiting = [_text(v) for v in _values(account, "memberOf")]
    while waiting and len(seen) < MAX_GROUPS:
        dn = waiting.pop()
        if normalize_dn(dn) in seen:
            continue
        seen.add(normalize_dn(dn))
        connection.search(dn, "(objectClass=*)", ldap3.BASE, attributes=GROUP_ATTRIBUTES)
        for entry in _entries(connection):
            groups.append(entry)
            waiting.extend(_text(v) for v in _values(entry, "memberOf"))
    return groups


def _base_entries(connection: Any, base: str) -> list[Entry]:
    import ldap3

    connection.search(base, "(objectClass=domain)", ldap3.BASE, attributes=["*"])
    return _entries(connection)


def _netbios_name(connection: Any, config: str | None, base: str) -> str | None:
    """The domain's NetBIOS name, from its crossRef under CN=Partitions (None where it can not
    be read), as Windows names domain accounts (LAB\\user)."""
    from ldap3.utils.conv import escape_filter_chars

    if config is None:
        return None
    connection.search(
        f"CN=Partitions,{config}",
        f"(&(objectClass=crossRef)(nCName={escape_filter_chars(base)}))",
        attributes=["nETBIOSName"],
    )
    try:
        found = _entries(connection)
    except _Refused:
        return None  # the DNS name serves
    for entry in found:
        for value in _values(entry, "nETBIOSName"):
            name = _text(value).strip()
            if name:
                return name
    return None


def _address(url: str) -> tuple[str, int, bool]:
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in ("ldaps", "ldap"):
        raise BundleError(url, "is not an ldaps:// (or ldap://) URL")
    secure = scheme.lower() == "ldaps"
    host, _, port = rest.rstrip("/").partition(":")
    if not host:
        raise BundleError(url, "names no host")
    if port and not (port.isascii() and port.isdecimal() and 0 < int(port) < 65536):
        raise BundleError(url, "has a port that is not a number from 1 to 65535")
    return host, int(port) if port else (636 if secure else 389), secure


def _naming_contexts(connection: Any) -> tuple[str, str | None]:
    """The domain's naming context and the configuration's (None where the RootDSE does not
    name it)."""
    info = connection.server.info
    other = getattr(info, "other", {}) if info else {}
    config = other.get("configurationNamingContext")
    config_dn = str(config[0]) if config else None
    contexts = other.get("defaultNamingContext")
    if contexts:
        return str(contexts[0]), config_dn
    naming = getattr(info, "naming_contexts", None) if info else None
    if naming:
        return str(naming[0]), config_dn
    raise BundleError(connection.server.host, "names no default naming context in its RootDSE")


def _dns_of(base: str) -> str:
    parts = [p.partition("=") for p in base.split(",")]
    return ".".join(v.strip() for k, _, v in parts if k.strip().lower() == "dc")


class _Refused(Exception):
    """A search the directory answered with an error: an empty answer would read as an account
    or a group that is not there."""

    def __init__(self, result: dict[str, Any]) -> None:
        super().__init__(str(result.get("description", "refused")))
        self.description = str(result.get("description", "refused"))
        self.message = str(result.get("message", "")).strip()


def _entries(connection: Any) -> list[Entry]:
    """The entries of the search just made; `_Refused` for any result but success and
    noSuchObject (a DN that is not there is an empty answer)."""
    result = connection.result or {}
    if result.get("result", 0) not in (0, 32):
        raise _Refused(result)
    return [e for e in connection.response or [] if e.get("type") == "searchResEntry"]


def _values(entry: Entry, name: str) -> list[bytes]:
    for key, values in entry.get("raw_attributes", {}).items():
        if key.lower() == name.lower():
            return list(values)
    return []


def _text(value: bytes) -> str:
    return value.decode("utf-8", "replace")


def _ldif(entry: Entry) -> str:
    lines = [attribute_line("dn", str(entry["dn"]).encode("utf-8"))]
    attributes: Iterable[tuple[str, list[bytes]]] = sorted(entry.get("raw_attributes", {}).items())
    for attribute, values in attributes:
        lines += [attribute_line(attribute, value) for value in values]
    return "\n".join(lines) + "\n\n"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."
