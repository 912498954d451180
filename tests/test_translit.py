"""Every transliteration rule pinned by real examples: tests/vectors/*.csv (written for this
project from the conventions themselves, one row a real name)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

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


def _single(name: str, country: str) -> AliasDB:
    return AliasDB([Entity(id="person:x", kind="person", name=name, country=country)])


@pytest.mark.parametrize("row", rows("korean_cyrillic.csv"), ids=_id)
def test_korean_names_in_cyrillic_resolve_to_the_hangul(row: dict[str, str]) -> None:
    assert _single(row["hangul"], "kp").resolve(row["cyrillic"]) is not None


#: Real spellings no rule reads yet, and why. Each must still fail, so that a fix is noticed.
KNOWN_GAPS = {
    "상트페테르부르크": "Korean drops the k of Sankt into the ㅇ of 상; the table lists this one as an alias",
}


@pytest.mark.parametrize("row", rows("hangul_slavic.csv"), ids=_id)
def test_slavic_names_in_hangul_resolve_to_the_cyrillic(row: dict[str, str]) -> None:
    found = _single(row["cyrillic"], "ru").resolve(row["hangul"])
    assert (found is None) if row["hangul"] in KNOWN_GAPS else (found is not None)


@pytest.mark.parametrize("row", rows("hanja.csv"), ids=_id)
def test_hanja_reads_as_the_hangul(row: dict[str, str]) -> None:
    assert row["hangul"] in hanja_readings(row["hanja"]) or _single(row["hangul"], "kr").resolve(row["hanja"])
