"""The shipped table: the catalogue is in it with its native names, it is large enough, and it
lints clean. tests/data/catalogue.tsv is the project's catalogue of must-have entities."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

import aliasdb
from aliasdb import AliasDB
from aliasdb.resolver.places import is_imported
from aliasdb.table.read import slug

CATALOGUE = Path(__file__).resolve().parent / "data" / "catalogue.tsv"


def _catalogue() -> list[dict[str, str]]:
    with CATALOGUE.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.mark.parametrize("row", _catalogue(), ids=lambda r: r["name"])
def test_catalogue_entity_present_and_resolvable(row: dict[str, str]) -> None:
    db = AliasDB.default()
    eid = f"{row['kind']}:{slug(row['name'])}"
    entity = db.get(eid)
    assert entity.name == row["name"]
    assert row["native"] in entity.aliases
    for query in (row["name"], row["native"]):
        m = aliasdb.resolve(query)
        if m is None:  # (a real imported town of the same name: None alone, docs/places.md)
            near = [c.id for c in aliasdb.candidates(query)]
            assert near[0] == eid and any(is_imported(db.get(c)) for c in near[1:]), query
            if not entity.part_of:  # (a city that is a division: Gwangju)
                continue
            m = aliasdb.resolve(f"{query} ({db.get(entity.part_of).name})")
        assert m is not None and m.id == eid, query


def test_size_and_coverage() -> None:
    db = AliasDB.default()
    kinds = Counter(e.kind for e in db.entities)
    assert len(db) >= 300
    assert set(kinds) == {"person", "place", "org"}  # every kind is used (how many of each is the data's affair)
    countries = Counter(e.country for e in db.entities)
    assert all(countries[c] >= 50 for c in ("ru", "ua", "kp", "kr")) or countries["kp"] + countries["kr"] >= 100


# Entities with no native-script name, and why.
NO_NATIVE_NAME = {
    "org:kyiv-independent": "an English-language outlet; it has no Cyrillic name",
    "org:sputnik": "its Cyrillic name Спутник is the common word for satellite, so it is left out",
}


def test_native_scripts_present() -> None:
    """Russian and Ukrainian entities carry Cyrillic; Korean ones Hangul."""
    db = AliasDB.default()
    missing = []
    for e in db.entities:
        if e.id in NO_NATIVE_NAME or is_imported(e):  # (an imported town: the data may have no native name)
            continue
        names = " ".join(e.all_names)
        if e.country in ("ru", "ua", "su") and not any("\u0400" <= ch <= "\u04ff" for ch in names):
            missing.append(e.id)
        if e.country in ("kp", "kr") and not any("\uac00" <= ch <= "\ud7a3" for ch in names):
            missing.append(e.id)
    assert not missing, missing


def test_shipped_table_lints_clean() -> None:
    from aliasdb.resolver.places import check_tables, default_table_files

    problems, entities = check_tables(default_table_files())
    assert len(entities) == len(AliasDB.default())
    assert not problems, [str(p) for p in problems[:10]]


def test_no_two_entities_share_a_key_at_the_strictest_levels() -> None:
    """Besides its own entry, every alias reads first as its own entity: no rule (a convention, a
    rotation, a merge of parts) joins two entities of the table unless they mark the alias shared."""
    db = AliasDB.default()
    clashes = []
    for e in db.entities:
        shared = {aliasdb.normalize(a) for a in e.ambiguous}
        for alias in e.all_names:
            if is_imported(e) or aliasdb.normalize(alias) in shared:
                continue  # (imported namesakes tie, or yield to the curated entity: aliasdb/imported.py)
            if [r for r in db.rivals(alias, e.id) if not is_imported(db.get(r))]:
                clashes.append((e.id, alias, db.rivals(alias, e.id)))
    assert not clashes, clashes[:10]
