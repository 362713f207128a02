"""Which files are the bundle: the contract's names directly in the directory, the .log files
directly in a W3SVC<n> folder, and nothing else; names that clash by case, links out of the
bundle and bundle names that are not regular files are errors naming them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checks.bundle_files import accepted
from checks.bundle_walk import bundle_files
from checks.errors import BundleError


def _touch(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("W3SVC1/u_ex261124.log", True),
        ("w3svc1962875481/ex061124.LOG", True),
        ("W3SVC1/old/u_ex261124.log", False),
        ("W3SVC/u_ex261124.log", False),
        ("W3SVCx/u_ex261124.log", False),
        ("logs/W3SVC1/u_ex261124.log", False),
        ("net-user-IUSR_WEB01.txt", True),
        ("sub/secedit.inf", False),
        ("auditpol.csv", True),
    ],
)
def test_only_the_contracts_names_count(name: str, expected: bool) -> None:
    assert accepted(name) is expected


def test_the_walk_takes_logs_directly_in_their_folder_only(tmp_path: Path) -> None:
    _touch(tmp_path / "secedit.inf")
    _touch(tmp_path / "W3SVC1" / "u_ex261124.log")
    _touch(tmp_path / "W3SVC1" / "archive" / "u_ex251124.log")
    _touch(tmp_path / "notes" / "MetaBase.xml")
    _touch(tmp_path / "readme.txt")
    assert sorted(bundle_files(tmp_path)) == ["secedit.inf", "w3svc1/u_ex261124.log"]


def test_names_that_differ_only_in_case_are_an_error_naming_both(tmp_path: Path) -> None:
    _touch(tmp_path / "host.json")
    _touch(tmp_path / "HOST.JSON")
    if len(list(tmp_path.iterdir())) < 2:
        pytest.skip("this file system folds case")
    with pytest.raises(BundleError) as caught:
        bundle_files(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path / 'host.json'}: and HOST.JSON differ only in case; keep one of them in the "
        "bundle"
    )


def test_a_link_out_of_the_bundle_is_refused_by_name(tmp_path: Path) -> None:
    outside = _touch(tmp_path / "elsewhere" / "secret.txt")
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "secedit.inf").symlink_to(outside)
    with pytest.raises(BundleError, match=r"secedit\.inf: is a link that leads out of the bundle"):
        bundle_files(bundle)


def test_a_link_inside_the_bundle_is_followed(tmp_path: Path) -> None:
    _touch(tmp_path / "copies" / "lsa-2026.reg")
    (tmp_path / "lsa.reg").symlink_to(tmp_path / "copies" / "lsa-2026.reg")
    assert list(bundle_files(tmp_path)) == ["lsa.reg"]


def test_a_link_loop_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "lsa.reg").symlink_to(tmp_path / "lsa.reg")
    with pytest.raises(BundleError, match=r"lsa\.reg: can not be resolved"):
        bundle_files(tmp_path)


def test_a_directory_or_a_fifo_under_a_bundle_name_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "secedit.inf").mkdir()
    with pytest.raises(BundleError, match=r"secedit\.inf: is a directory, not the file"):
        bundle_files(tmp_path)
    other = tmp_path / "b"
    other.mkdir()
    os.mkfifo(other / "Security.xml")
    with pytest.raises(BundleError, match=r"Security\.xml: is not a regular file"):
        bundle_files(other)


def test_the_walk_is_bounded(tmp_path: Path) -> None:
    for index in range(30):
        _touch(tmp_path / f"file{index}.txt")
    with pytest.raises(BundleError, match="holds more than 25 entries; it is not an evidence"):
        bundle_files(tmp_path, limit=25)
