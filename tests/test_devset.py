"""Regression guard on the development set (bench/devset.tsv, written for this project): the
figures bench/accuracy.py prints may not fall below the issue's targets. Not a timing test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from aliasdb import AliasDB

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import accuracy  # noqa: E402


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return accuracy.load_devset(BENCH / "devset.tsv")


@pytest.mark.parametrize(("table", "min_recall"), [("shipped", 0.97), ("minimal", 0.90)])
def test_devset_targets(rows: list[dict[str, str]], table: str, min_recall: float) -> None:
    shipped = AliasDB.default()
    entities = list(shipped.entities) if table == "shipped" else accuracy.minimal(shipped.entities)
    db = AliasDB(entities)
    result = accuracy.evaluate(rows, lambda q: getattr(db.resolve(q), "id", None), table == "minimal")
    recall, merges, rejected, npos, nneg = accuracy.totals(result["per"])
    assert npos >= 300 and nneg >= 150
    assert recall >= min_recall
    assert merges <= 0.01
    assert rejected >= 0.95


def test_every_category_is_covered(rows: list[dict[str, str]]) -> None:
    categories = {r["category"] for r in rows}
    for needed in ("ru-french", "ru-german", "ru-polish", "ru-czech", "ko-rr", "ko-mr", "ko-cyrillic", "hangul-slavic",
                   "ko-hanja", "uk-forms", "structure", "inflection-ru", "particles-ko", "typo", "neg-sibling",
                   "neg-ambiguous", "neg-acronym", "neg-place-alike"):
        assert needed in categories
