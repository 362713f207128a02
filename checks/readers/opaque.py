"""Passwords read from a foreign configuration file: set or not, never their value.

MetaBase.xml keeps AnonymousUserPass, WAMUserPass and UNCPassword encrypted with a key of the
machine that wrote it (iis.md 1), and applicationHost.config keeps its passwords as
``[enc:Provider:...:enc]`` blobs whose keys live in that machine's key containers (iis.md 5). A
reader of a copied file can not recover either, so every password such a reader meets becomes
`OPAQUE_SECRET`: a `Secret` that says "set, value unknown" and that no real password can equal.

A diagnosis can therefore never compare a password from one of these files with anything: two
opaque values compare equal to each other whatever the real passwords are, and unequal to every
real password. Whether the configured password logs the account on is a question for the
credential probe (probe.json) or for the Security log and the W3C log (windows-logon.md 7).

Even a password written in clear text (a hand-edited applicationHost.config) becomes the same
sentinel: the contract forbids any output to contain a password, and a value the tool never
holds can not leak. An empty value is kept as the empty `Secret`, since "no password" is a fact,
not a secret.
"""

from __future__ import annotations

import enum
from typing import Final

from winfacts.secret import Secret

from ..errors import WITHHELD, looks_encrypted, names_secret

#: The sentinel's text. It holds NUL characters, which LogonUser's NUL-terminated strings can
#: never carry, so it can not be any account's real password.
OPAQUE_SECRET_TEXT: Final = "\x00authlab:secure value from a configuration file; never known\x00"

#: "A password is set here; its value is unknown". Compare with `is_opaque`, never by value.
OPAQUE_SECRET: Final = Secret(OPAQUE_SECRET_TEXT)


def is_opaque(secret: Secret | None) -> bool:
    """True for the sentinel a reader puts where a file holds a password it can not read."""
    return secret is not None and secret.matches(OPAQUE_SECRET)


class SecureState(enum.Enum):
    """What a file says about one secure value, the only thing a reader may keep of it."""

    ENCRYPTED = "set (encrypted with the server's key; value unknown)"
    #: MetaBase.xml: "NOLONGERVALID..." - IIS could not carry the value over (for example a
    #: metabase restored or imported without the machine's key); the value is unusable.
    INVALID = "set but invalid (NOLONGERVALID: the value can not be decrypted)"
    #: applicationHost.config: a value not wrapped in [enc:...:enc]; withheld all the same.
    CLEARTEXT = "set in clear text in the file (value withheld)"
    EMPTY = "set to an empty string"

    @property
    def usable(self) -> bool:
        """False when IIS itself can not use the value (it can not decrypt it)."""
        return self is not SecureState.INVALID

    def as_secret(self) -> Secret:
        """What the model holds for a value in this state."""
        return Secret("") if self is SecureState.EMPTY else OPAQUE_SECRET


#: What an unmodelled secret is kept as (the same marker error messages show).
MASK: Final = WITHHELD


def looks_secret(name: str, value: str) -> bool:
    """Whether an attribute the readers do not model must not be kept as written: its name says
    password or key, or its value looks like an encrypted blob (the rule of `checks.errors`)."""
    return names_secret(name) or looks_encrypted(value)


def mask_unmodelled(name: str, value: str) -> str:
    """An unmodelled attribute's value as a reader may keep it."""
    return MASK if looks_secret(name, value) else value
