"""A live Active Directory as the source of what a bundle's ``ad.ldif`` holds.

`LiveDirectory.document(user)` reads, over LDAPS with ldap3, what a diagnostic tool reads in
the field: the account (by sAMAccountName or userPrincipalName), every group above it through
memberOf, and the domain object with its lockout and password policy. It writes them as LDIF
(`winfacts.ldif`: RFC 2849's rule for plain and base64 values) and
reads that with the bundle's own LDIF reader (`checks.readers.ldif.parse_ldif`), so the facts
and their rules are the same whether the directory came in a file or over the wire.

Every failure is a `BundleError` naming the URL in one sentence: a host that does not answer, a
certificate that does not verify, a bind refused, an account that is not there.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

import attrs

from winfacts.ldif import attribute_line
from winfacts.secret import Secret

from .errors import BundleError, quote_name
from .readers.ldif import LdifDocument, parse_ldif

CONNECT_TIMEOUT: Final = 10
#: Groups followed up the memberOf chain; no real nesting comes near it.
MAX_GROUPS: Final = 1000


@attrs.frozen
class LdapOptions:
    """Where and how to read: an ``ldaps://`` URL, the account to bind as (None: anonymous),
    its password, and the CA file that vouches for the DC's certificate (or ``insecure``)."""

    url: str
    bind_user: str | None = None
    password: Secret | None = attrs.field(default=None, repr=False)
    ca_file: Path | None = None
    insecure: bool = False


class LiveDirectory:
    """Reads one account's part of a live directory as an `LdifDocument`."""

    def __init__(self, options: LdapOptions) -> None:
        self.options = options

    @property
    def label(self) -> str:
        return self.options.url

    def document(self, user: str) -> LdifDocument:
        import ldap3
        from ldap3.core import exceptions as errors
        from ldap3.utils.conv import escape_filter_chars

        connection = self._connect()
        try:
            base = _naming_context(connection)
            name = escape_filter_chars(user)
            connection.search(
                base,
                f"(&(objectClass=user)(|(sAMAccountName={name})(userPrincipalName={name})))",
                attributes=["*"],
            )
            found = list(connection.response or [])
            users = [e for e in found if e.get("type") == "searchResEntry"]
            if not users:
                raise BundleError(self.label, f"has no account {quote_name(user)}")
            entries = [users[0]]
            entries += self._groups(connection, users[0])
            connection.search(base, "(objectClass=domain)", ldap3.BASE, attributes=["*"])
            entries += [e for e in connection.response or [] if e.get("type") == "searchResEntry"]
        except errors.LDAPException as exc:
            raise BundleError(self.label, f"could not be read ({_reason(exc)})") from exc
        finally:
            connection.unbind()
        return parse_ldif("".join(_ldif(entry) for entry in entries), self.label)

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
            get_info=ldap3.DSA,  # the RootDSE: where the domain's naming context is
        )
        password = None if options.password is None else options.password.reveal()
        connection = ldap3.Connection(
            server, user=options.bind_user, password=password, receive_timeout=60
        )
        try:
            bound = connection.bind()
        except errors.LDAPSocketOpenError as exc:
            text = _reason(exc)
            if "certificate" in text.lower() or "ssl" in text.lower():
                raise BundleError(
                    self.label,
                    "presents a certificate that does not verify; give the CA with --ca-file, "
                    "or --insecure to read it anyway",
                ) from exc
            raise BundleError(self.label, f"does not answer ({text})") from exc
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

    def _groups(self, connection: Any, user: dict[str, Any]) -> list[dict[str, Any]]:
        """Every group above the account through memberOf, each read once."""
        import ldap3

        seen: set[str] = set()
        groups: list[dict[str, Any]] = []
        waiting = list(_member_of(user))
        while waiting and len(seen) < MAX_GROUPS:
            dn = waiting.pop()
            if dn.lower() in seen:
                continue
            seen.add(dn.lower())
            connection.search(dn, "(objectClass=*)", ldap3.BASE, attributes=["*"])
            for entry in connection.response or []:
                if entry.get("type") == "searchResEntry":
                    groups.append(entry)
                    waiting.extend(_member_of(entry))
        return groups


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


def _naming_context(connection: Any) -> str:
    info = connection.server.info
    contexts = getattr(info, "other", {}).get("defaultNamingContext") if info else None
    if contexts:
        return str(contexts[0])
    naming = getattr(info, "naming_contexts", None) if info else None
    if naming:
        return str(naming[0])
    raise BundleError(connection.server.host, "names no default naming context in its RootDSE")


def _member_of(entry: dict[str, Any]) -> Iterable[str]:
    raw = entry.get("raw_attributes", {})
    for key, values in raw.items():
        if key.lower() == "memberof":
            yield from (v.decode("utf-8", "replace") for v in values)


def _ldif(entry: dict[str, Any]) -> str:
    lines = [attribute_line("dn", str(entry["dn"]).encode("utf-8"))]
    for attribute, values in sorted(entry.get("raw_attributes", {}).items()):
        lines += [attribute_line(attribute, value) for value in values]
    return "\n".join(lines) + "\n\n"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."
