"""``aliasdb show ID --lang TAG --json`` and ``aliasdb.name_in`` answer for every entity of the
shipped set, curated and imported (issue #20)."""

from __future__ import annotations

import json

import pytest

import aliasdb
from aliasdb import AliasDB
from aliasdb.cli import main
from aliasdb.names.langs import language_only
from aliasdb.resolver.places import is_imported
from aliasdb.table.importers.common import script_of
from aliasdb.table.read import read_sources
from aliasdb.table.show import entity_record

TAGS = ("fr", "ko", "ru", "uk", "en", "de")
NATIVE = {"ru": ("ru", "Cyrl"), "ua": ("uk", "Cyrl"), "kr": ("ko", "Hang"), "kp": ("ko", "Hang")}


@pytest.fixture(scope="module")
def shipped() -> tuple[AliasDB, dict[str, object]]:
    db = AliasDB.default()
    return db, {k: v for path in db.source.split(" + ") for k, v in read_sources(path).items()}


def test_every_entity_has_a_name_in_every_language_and_its_names_grouped(shipped: tuple[AliasDB, dict[str, object]]) -> None:
    db, sources = shipped
    assert len(db.entities) >= 2600
    for e in db.entities:
        for tag in TAGS:
            record = entity_record(e, sources, tag)  # type: ignore[arg-type]
            name = record["name_in"]["name"]
            assert name == aliasdb.name_in(e.id, tag) and name in e.all_names, (e.id, tag)
            assert all(language_only(g["lang"]) == language_only(tag) for g in record["names"]), (e.id, tag)
            assert set(record["sources"]) == {g["source"] for g in record["names"] if g["source"]}
            assert all(record["sources"].values()), (e.id, "a source the table does not define")
            assert json.loads(json.dumps(record, ensure_ascii=False)) == record


def test_an_imported_town_is_named_in_its_own_language_and_script(shipped: tuple[AliasDB, dict[str, object]]) -> None:
    db, _ = shipped
    towns = [e for e in db.entities if is_imported(e) and e.country in NATIVE]
    named = [e for e in towns if any(f.lang == NATIVE[e.country or ""][0] and not f.weak for f in e.facts)]
    assert (len(towns), len(named)) == (1967, 1889)  # (69 have no native name in the data; 9 Ukrainian towns only a Russian one)
    for e in named:
        lang, script = NATIVE[e.country or ""]
        assert script_of(aliasdb.name_in(e.id, lang)) == script, e.id
    assert [aliasdb.name_in("place:kirov-kaluga", t) for t in ("ru", "fr")] == ["Киров", "Kirov"]
    assert aliasdb.name_in("place:gwangju-gyeonggi", "ko") == "광주"


def test_the_command_prints_the_same_record(shipped: tuple[AliasDB, dict[str, object]],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The command itself, on every 40th entity (each call reads the tables' sources again)."""
    db, sources = shipped
    for e in db.entities[::40]:
        assert main(["show", e.id, "--lang", "fr", "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == entity_record(e, sources, "fr")  # type: ignore[arg-type]
