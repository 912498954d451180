"""Limits where they belong: ``normalize`` returns the whole text, ``resolve`` reads no name longer
than ``MAX_NAME_CHARS``, and a table's alias past that length is a problem ``check`` reports and
loading refuses (it was indexed, and cached, at any size)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aliasdb import AliasDB, TableError
from aliasdb.names.normalize import MAX_NAME_CHARS, fold, normalize
from aliasdb.table.read import MAX_ALIAS_CHARS

from conftest import run_cli


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text("abcxyzABC", min_size=1, max_size=12), min_size=1, max_size=600))
def test_normalize_returns_the_whole_text(words: list[str]) -> None:
    text = "  ".join(words)
    assert normalize(text) == " ".join(words).lower() == fold(text)
    assert len(normalize(text)) == len(" ".join(words))  # (it was cut at 512 characters)


def test_normalize_of_a_long_cyrillic_text_is_whole() -> None:
    text = "Сергей Шойгу, " * 200
    assert normalize(text) == ("сергей шойгу " * 200).strip()  # (й keeps its mark)


def test_resolve_reads_no_name_longer_than_the_limit(small: AliasDB) -> None:
    long = "Moscou " + "x" * MAX_NAME_CHARS
    assert small.resolve(long) is None and small.candidates(long) == []
    assert small.explain(long)["reason"] == f"more than {MAX_NAME_CHARS} characters: no name is this long, nothing is read of it"
    padded = "Moscou" + " " * 2000  # (spacing is not length: a padded field still resolves)
    assert small.resolve(padded).id == "place:moscow"  # type: ignore[union-attr]


def test_check_reports_a_too_long_alias_and_loading_refuses_it(tmp_path: Path) -> None:
    table = tmp_path / "t.yaml"
    table.write_text("entities:\n  - id: place:kursk\n    kind: place\n    name: Kursk\n    aliases:\n"
                     f"      - Курск\n      - {'k' * (MAX_ALIAS_CHARS + 1)}\n", encoding="utf-8")
    r = run_cli("check", str(table))
    assert r.returncode == 2
    assert r.stdout.decode().splitlines()[0] == (f"{table}:7: place:kursk: a name of {MAX_ALIAS_CHARS + 1:,} characters, "
                                                 f"more than {MAX_ALIAS_CHARS} (a paste gone wrong?): shorten or delete it")
    with pytest.raises(TableError, match="more than 512"):
        AliasDB.load(table)
    r = run_cli("build", str(table), "-o", str(tmp_path / "t.adbx"))
    assert r.returncode == 2 and not (tmp_path / "t.adbx").exists() and r.stderr.count(b"\n") == 1
