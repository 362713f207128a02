"""The error every reader raises for input it can not use, and what its message may quote.

Contract section 1: unreadable input is exit status 2 with a message naming the file and, where
there is one, the line. Readers raise this one type; the command line prints ``str(error)``.

What a message may quote
------------------------

A bundle holds passwords: MetaBase.xml's AnonymousUserPass and WAMUserPass, applicationHost.config's
``password`` attributes (clear or ``[enc:...:enc]``), a logged ``?password=`` query string,
DefaultPassword in a registry export, userPassword and unicodePwd in an LDIF export, a password
typed into a comment or a user-name field. The contract says none of them may ever appear in any
output, and an error message or a reader's note is output: it reaches terminals, CI logs and bug
reports. So every piece of file text a message shows goes through one of the functions below, and
the rule they keep is this:

- A **value** (`quote`) is withheld, shown as ``(withheld)``, when

  1. its field could hold a secret: the field's ``name`` (given when the reader does not know the
     field from the format, as for an unmodelled attribute or a registry value) contains ``pass``,
     ``pwd``, ``secret``, ``key``, ``credential``, ``sessionkey`` or ``adminacl``
     (`names_secret`), or is one that carries secrets whatever it is called (`SECRET_FIELDS`:
     the W3C query string, cookie and referrer);
  2. the ``line`` it was cut from (given when the reader could not take the line apart) names a
     secret in the same way;
  3. the value itself does: it names one of those words, looks like an encrypted value
     (``[enc:...:enc]``, ``NOLONGERVALID``, a run of 32 or more hex digits: `looks_encrypted`),
     or holds a word that could be a password a domain accepts - 7 characters or more from three
     of the four classes (upper case, lower case, digits, others) that the default domain
     policy's complexity rule asks for (`could_be_password`).

  Otherwise it is shown as Python's ``repr`` (control characters, escapes and lone surrogates
  come out as visible escapes), cut to `QUOTE_LIMIT` characters with ``...`` after the quote.

- A **name** (`quote_name`: a key, attribute, value name, site, pool or location the format puts
  before a value) is not a secret in itself, so ``MinimumPasswordAge`` is shown. It is withheld
  when it is not shaped like a name at all (characters beyond letters, digits, spaces and
  ``_ . : - $ \\ / ( ) { } '``, which is what a value spilling into a name's place looks like), or
  looks encrypted; else it is shown like a value, cut the same way.

- A **parser's own message** (`parser_detail`: lxml, json) can quote names and fragments of the
  text near the error (``Entity 'plantedPW' not defined`` for a clear password holding ``&``). It is
  shown only when neither it nor the text near the error (``context``) names a secret or looks
  encrypted.

- A **message another layer composed** from a value (a `winfacts.errors.ModelError`) is passed
  through `scrub`, which puts each quotation of the values and names it was given in the form the
  rule above allows.

A reader that knows from the format what a field holds (MetaBase.xml's schema types AuthFlags as
flags and AnonymousPasswordSync as a BOOL; ``net user`` prints dates after its labels) passes no
``name``: its value is then judged by point 3 alone. What the rule can not see is a password of
fewer than three character classes in a field and on a line that say nothing of secrets; such a
value is quoted, cut. Whatever a message holds, `BundleError` cuts it at `MAX_REASON` characters,
so a reader that forgot the rule still can not echo a whole file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

#: How many characters of a value or name a message shows.
QUOTE_LIMIT: Final = 60

#: How long a message (after ``<file>:<line>: ``) may be.
MAX_REASON: Final = 500

#: How many characters of a parser's own message are shown.
PARSER_LIMIT: Final = 200

#: What a message shows in place of a withheld value (as reports show an unmodelled secret).
WITHHELD: Final = "(withheld)"

#: What a message shows in place of a parser's message that may quote a secret.
PARSER_WITHHELD: Final = "the parser's message is withheld: the text near it may hold a password"

#: Parts of a field name (compared in lower case) that say its value may be a secret.
#: AdminACL and SessionKey are SECURE properties in IIS 6's MBSchema.xml.
SECRET_NAME_PARTS: Final = ("pass", "pwd", "secret", "key", "credential", "sessionkey", "adminacl")

#: Fields (lower case) whose values can carry a password whatever they are called: a query
#: string (``?user=x&password=y``), a cookie, a referring URL with its own query string.
SECRET_FIELDS: Final = frozenset({"cs-uri-query", "cs(cookie)", "cs(referer)"})

#: The default domain policy's minimum password length.
_PASSWORD_MIN_LENGTH: Final = 7

_HEX_RUN: Final = re.compile(r"[0-9a-fA-F]{32,}")
_NAME: Final = re.compile(r"[\w .:$\\/(){}'-]+")


class BundleError(ValueError):
    """A bundle file that can not be read: ``<file>:<line>: <what is wrong>``."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = _cut_reason(message)
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {self.reason}")


def names_secret(text: str) -> bool:
    """Whether a name or a line says that a value beside it may be a secret."""
    lowered = text.lower()
    return any(part in lowered for part in SECRET_NAME_PARTS)


def looks_encrypted(text: str) -> bool:
    """Whether text holds what IIS writes for an encrypted value: ``[enc:...:enc]``
    (applicationHost.config), ``NOLONGERVALID...`` or a long hex string (MetaBase.xml)."""
    lowered = text.lower()
    return "[enc:" in lowered or "nolongervalid" in lowered or _HEX_RUN.search(text) is not None


def could_be_password(text: str) -> bool:
    """Whether a word of the text could be a password a domain with the default policy accepts:
    7 characters or more, from three of upper case, lower case, digits and other characters."""
    for word in text.split():
        if len(word) < _PASSWORD_MIN_LENGTH:
            continue
        classes = (
            any(c.isupper() for c in word)
            + any(c.islower() for c in word)
            + any(c.isdigit() for c in word)
            + any(not c.isalnum() for c in word)
        )
        if classes >= 3:
            return True
    return False


def value_withheld(text: str, *, name: str | None = None, line: str | None = None) -> bool:
    """Whether `quote` withholds ``text`` (see the module doc for the rule)."""
    if name is not None and (names_secret(name) or name.strip().lower() in SECRET_FIELDS):
        return True
    if line is not None and (names_secret(line) or looks_encrypted(line)):
        return True
    return names_secret(text) or looks_encrypted(text) or could_be_password(text)


def quote(text: str, *, name: str | None = None, line: str | None = None) -> str:
    """A value from a bundle file as a message may show it: ``(withheld)`` when it, its field's
    ``name`` or the ``line`` it was cut from could hold a secret, else its repr, cut to
    `QUOTE_LIMIT` characters. Pass ``name`` when the reader does not know the field from the
    format, ``line`` when it could not take the line apart."""
    if value_withheld(text, name=name, line=line):
        return WITHHELD
    return _cut(text)


def quote_name(text: str, *, bare: bool = False) -> str:
    """A name from a bundle file (a key, attribute, value name, site, pool, location) as a
    message may show it: its repr, cut, unless it is not shaped like a name or looks encrypted.
    ``bare`` leaves the quotes out, for messages that show a name as the format writes it
    (``<IIsWebServer>``, ``[Privilege Rights]``)."""
    if not _NAME.fullmatch(text) or looks_encrypted(text):
        return WITHHELD
    if bare:
        return text if len(text) <= QUOTE_LIMIT else text[:QUOTE_LIMIT] + "..."
    return _cut(text)


def parser_detail(detail: str, context: Iterable[str] = ()) -> str:
    """A parser's own message about a file, as a message may show it: `PARSER_WITHHELD` when it,
    or the text near the error (``context``), names a secret or looks encrypted; else the
    message, cut to `PARSER_LIMIT` characters."""
    texts = [detail, *context]
    if any(names_secret(text) or looks_encrypted(text) for text in texts):
        return PARSER_WITHHELD
    detail = detail.strip()
    return detail if len(detail) <= PARSER_LIMIT else detail[: PARSER_LIMIT - 3] + "..."


def scrub(
    message: str,
    values: Iterable[str | None] = (),
    names: Iterable[str | None] = (),
    *,
    name: str | None = None,
) -> str:
    """A message another layer composed (a ModelError's) with file text in it: each quotation
    (repr) of one of ``values`` is replaced by what `quote` shows (with the field ``name``), each
    of ``names`` by what `quote_name` shows. A withheld value that still appears unquoted is
    withheld there too."""
    for value in values:
        if not value:
            continue
        shown = quote(value, name=name)
        for form in {value, value.strip()}:
            if form:
                message = message.replace(repr(form), shown)
        stripped = value.strip()
        if shown == WITHHELD and len(stripped) >= 4:
            message = message.replace(stripped, WITHHELD)
    for text in names:
        if text:
            message = message.replace(repr(text), quote_name(text))
    return message


_QUOTED: Final = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


def scrub_quoted(message: str) -> str:
    """A message of unknown origin (Python's own ValueError, a layer that did not say which
    values it quoted) as a message may show it: each quotation in it is shown as `quote` shows
    the value; every one is withheld when the words around them name a secret; the whole is
    withheld when those words look encrypted."""
    rest = _QUOTED.sub("", message)
    if looks_encrypted(rest) or could_be_password(rest):
        return PARSER_WITHHELD
    if names_secret(rest):
        return _QUOTED.sub(WITHHELD, message)
    return _QUOTED.sub(lambda m: quote(_unquoted(m.group(0))), message)


def without_quotations(message: str) -> str:
    """A parser's message with every quotation in it withheld, for files in which any text
    could be a password typed into the wrong field (a Security log's user names)."""
    return _QUOTED.sub(WITHHELD, message)


def _unquoted(text: str) -> str:
    body = text[1:-1]
    try:
        return body.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError:
        return body


def _cut(text: str) -> str:
    if len(text) <= QUOTE_LIMIT:
        return repr(text)
    return repr(text[:QUOTE_LIMIT]) + "..."


def _cut_reason(message: str) -> str:
    if len(message) <= MAX_REASON:
        return message
    return message[: MAX_REASON - 3] + "..."
