import pytest
from hypothesis import given
from hypothesis import strategies as st

from winfacts import wellknown as wk
from winfacts.errors import ModelError
from winfacts.sid import Sid


def test_parse_and_render_domain_sid() -> None:
    sid = Sid.parse("S-1-5-21-3623811015-3361044348-30300820-1013")
    assert sid.authority == 5
    assert sid.rid == 1013
    assert str(sid.domain) == "S-1-5-21-3623811015-3361044348-30300820"
    assert str(sid) == "S-1-5-21-3623811015-3361044348-30300820-1013"


def test_binary_form_matches_ms_dtyp_layout() -> None:
    # S-1-5-32-544: revision 1, 2 sub-authorities, authority 5 big-endian, 32 and 544 LE.
    assert wk.ADMINISTRATORS.to_bytes() == bytes.fromhex("010200000000000520000000" + "20020000")
    assert Sid.from_bytes(wk.ADMINISTRATORS.to_bytes()) == wk.ADMINISTRATORS


@given(
    st.integers(0, (1 << 48) - 1),
    st.lists(st.integers(0, (1 << 32) - 1), max_size=15),
)
def test_string_and_binary_round_trip(authority: int, subs: list[int]) -> None:
    sid = Sid(authority, tuple(subs))
    assert Sid.from_bytes(sid.to_bytes()) == sid
    assert Sid.parse(str(sid)) == sid if authority < (1 << 32) else True


@pytest.mark.parametrize("text", ["S-1", "S-2-5-32", "X-1-5", "S-1-5-abc", "", "S-1-5-99999999999"])
def test_malformed_sids_raise_model_error(text: str) -> None:
    with pytest.raises(ModelError):
        Sid.parse(text)


def test_binary_length_mismatch_is_an_error() -> None:
    with pytest.raises(ModelError, match="sub-authorities"):
        Sid.from_bytes(bytes.fromhex("0103000000000005200000002002"))


def test_well_known_names_resolve_both_ways() -> None:
    assert wk.lookup_name("Guests") == wk.GUESTS
    assert wk.lookup_name("builtin\\guests") == wk.GUESTS
    assert wk.lookup_name("NT AUTHORITY\\Authenticated Users") == wk.AUTHENTICATED_USERS
    assert wk.display_name(wk.NETWORK) == "NT AUTHORITY\\NETWORK"
    assert wk.display_name(wk.EVERYONE) == "Everyone"
