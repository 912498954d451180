"""Every transliteration rule pinned by real examples: tests/vectors/*.csv (written for this
project from the conventions themselves, one row a real name)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aliasdb import AliasDB, Entity
from aliasdb.names.normalize import fold, normalize
from aliasdb.translit import hanja_readings, korean_keys, slavic_keys, ukrainian_given_name_keys

VECTORS = Path(__file__).resolve().parent / "vectors"


def rows(name: str) -> list[dict[str, str]]:
    with (VECTORS / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def _id(row: dict[str, str]) -> str:
    return "/".join(row.values())


@pytest.mark.parametrize("row", rows("slavic.csv"), ids=_id)
def test_slavic_conventions_meet_the_cyrillic(row: dict[str, str]) -> None:
    latin, cyrillic = slavic_keys(fold(row["latin"])), slavic_keys(fold(row["cyrillic"]))
    assert latin & cyrillic, (sorted(latin), sorted(cyrillic))


@pytest.mark.parametrize("row", rows("korean.csv"), ids=_id)
def test_korean_romanizations_meet_the_hangul(row: dict[str, str]) -> None:
    latin = korean_keys(normalize(row["latin"]).replace(" ", ""))
    hangul = korean_keys(row["hangul"].replace(" ", ""))
    assert latin & hangul, (sorted(latin), sorted(hangul))


@pytest.mark.parametrize("row", rows("ru_uk_given_names.csv"), ids=_id)
def test_ukrainian_and_russian_given_names_meet(row: dict[str, str]) -> None:
    uk = slavic_keys(fold(row["ukrainian"]))
    assert (uk | ukrainian_given_name_keys(uk)) & slavic_keys(fold(row["russian"]))


def _single(name: str, country: str, decoy: str) -> AliasDB:
    """The name beside a decoy of the same script: the answer must be the name, not merely an answer."""
    return AliasDB([Entity(id="person:x", kind="person", name=name, country=country),
                    Entity(id="person:decoy", kind="person", name=decoy, country=country)])


def _met(found: object, methods: set[str]) -> bool:
    """Resolved to the name, at a tier no looser than the rule's."""
    return getattr(found, "id", None) == "person:x" and getattr(found, "method", None) in methods


@pytest.mark.parametrize("row", rows("korean_cyrillic.csv"), ids=_id)
def test_korean_names_in_cyrillic_resolve_to_the_hangul(row: dict[str, str]) -> None:
    # the Kontsevich and press tables read Cyrillic syllable by syllable: a transliteration
    assert _met(_single(row["hangul"], "kp", "김철수").resolve(row["cyrillic"]), {"normalized", "transliterated"})


#: Real spellings no rule reads yet, and why. Each must still fail, so that a fix is noticed.
KNOWN_GAPS = {
    "상트페테르부르크": "Korean drops the k of Sankt into the ㅇ of 상; the table lists this one as an alias",
}


@pytest.mark.parametrize("row", rows("hangul_slavic.csv"), ids=_id)
def test_slavic_names_in_hangul_resolve_to_the_cyrillic(row: dict[str, str]) -> None:
    # a Slavic name in Hangul meets its Cyrillic by sound classes: phonetic, never fuzzy
    found = _single(row["cyrillic"], "ru", "Пётр Сидоров").resolve(row["hangul"])
    if row["hangul"] in KNOWN_GAPS:
        assert found is None
    else:
        assert _met(found, {"transliterated", "phonetic"}), found


@pytest.mark.parametrize("row", rows("hanja.csv"), ids=_id)
def test_hanja_reads_as_the_hangul(row: dict[str, str]) -> None:
    assert row["hangul"] in hanja_readings(row["hanja"])
    assert _met(_single(row["hangul"], "kr", "김철수").resolve(row["hanja"]), {"normalized", "transliterated"})


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzáäčéëěíïñóöőšúüůýžćđłńśźżçğışõâăîţəĉĝĥĵŝŭ'-", max_size=14))
@settings(max_examples=500, deadline=None)
def test_own_conventions_are_the_conventions_whose_spellings_a_word_holds(word: str) -> None:
    # (a substring look-up in place of one regex per convention: the same answer)
    import re

    from aliasdb.translit import own_conventions
    from aliasdb.translit.conventions import OWN_SPELLINGS

    assert own_conventions(word) == {name for name, marks in OWN_SPELLINGS.items()
                                     if re.search("|".join(map(re.escape, marks)), word)}


def test_own_conventions_of_real_spellings() -> None:
    from aliasdb.translit import own_conventions

    assert {"german", "dutch"} <= own_conventions("schtschukin") and "polish" in own_conventions("szczukin")
    assert "passport" not in own_conventions("szczukin") and "polish" not in own_conventions("ivanov")
    assert own_conventions("") == frozenset()
