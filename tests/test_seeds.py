"""Every spelling of a Russian, Korean or Ukrainian entity in the seed articles resolves to it.
The spellings are recorded in seeds/spellings.tsv (data written here, not the articles' text)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import aliasdb

SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "spellings.tsv"


def _rows() -> list[tuple[str, str]]:
    with SEEDS.open(encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    return [(r["spelling"], r["id"]) for r in csv.DictReader(lines, delimiter="\t")]


def test_seed_file_is_complete() -> None:
    rows = _rows()
    assert len(rows) >= 40
    assert {"Andreï Biélooussov", "Andreï Belooussov", "Beloussov", "Choïgou", "Roustem Oumierov", "Séoul", "Kiev"} <= {
        s for s, _ in rows
    }


@pytest.mark.parametrize(("spelling", "expected"), _rows())
def test_seed_spelling_resolves(spelling: str, expected: str) -> None:
    m = aliasdb.resolve(spelling)
    assert m is not None, aliasdb.explain(spelling)["reason"]
    assert m.id == expected
