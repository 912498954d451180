"""Loading tables: the contract's four keys suffice; every malformed table fails with file, line
and entity named; nothing in a table can execute code."""

from __future__ import annotations

from pathlib import Path

import pytest

from aliasdb import AliasDB, TableError
from aliasdb.table import parse_table, read_table, slug


def write(tmp_path: Path, text: str, name: str = "t.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_four_keys_load(tmp_path: Path) -> None:
    p = write(tmp_path, "entities:\n  - id: place:kursk\n    kind: place\n    name: Kursk\n    aliases: [Курск]\n")
    db = AliasDB.load(p)
    assert db.resolve("Курск").id == "place:kursk"  # type: ignore[union-attr]


def test_optional_keys_are_kept_or_ignored(tmp_path: Path) -> None:
    p = write(tmp_path, """entities:
  - id: place:volgograd
    kind: place
    name: Volgograd
    country: ru
    wikidata: Q914
    note: city on the Volga
    aliases: [Волгоград]
    historical:
      Stalingrad: 1925–1961
      Tsaritsyn: until 1925
""")
    db = AliasDB.load(p)
    e = db.get("place:volgograd")
    assert e.country == "ru" and ("Stalingrad", "1925–1961") in e.historical
    assert db.resolve("Stalingrad").id == "place:volgograd"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "line", "entity", "words"),
    [
        ("entities:\n  - id: place:kursk\n    kind: place\n    name: [Kursk\n", 5, "", "YAML syntax error"),
        ("entities:\n  - id: place:kursk\n    kind: place\n    aliases: [Курск]\n", 2, "place:kursk", "missing or empty 'name'"),
        ("entities:\n  - id: place:kursk\n    kind: city\n    name: Kursk\n", 3, "place:kursk", "kind 'city'"),
        ("entities:\n  - id: Place:Kursk\n    kind: place\n    name: Kursk\n", 2, "Place:Kursk", "place:kursk"),
        ("entities:\n  - id: org:kursk\n    kind: place\n    name: Kursk\n", 2, "org:kursk", "does not match kind"),
        ("entities:\n  - {id: place:a, kind: place, name: A}\n  - {id: place:a, kind: place, name: B}\n",
         3, "place:a", "duplicate id (first at line 2)"),
        ("entities:\n  - id: place:a\n    kind: place\n    name: A\n    aliases: ['  ']\n", 5, "place:a", "empty"),
        ("entities:\n  - id: place:a\n    kind: place\n    name: A\n    aliases: Kursk\n", 5, "place:a", "must be a list"),
        ("- just a list item\n", 1, "", "must be a mapping"),
        ("{}\n", 1, "", "expected a mapping with an 'entities' list"),
        ("", 1, "", "empty"),
    ],
)
def test_malformed_tables_name_file_line_entity(tmp_path: Path, text: str, line: int, entity: str, words: str) -> None:
    p = write(tmp_path, text)
    with pytest.raises(TableError) as err:
        AliasDB.load(p)
    first = err.value.problems[0]
    assert first.path == str(p)
    assert first.line == line
    assert first.entity == entity
    assert words in first.message
    assert str(p) in str(err.value) and words in str(err.value)


def test_python_tags_are_refused(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    p = write(tmp_path, f"entities: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(TableError) as err:
        AliasDB.load(p)
    assert not marker.exists()
    assert "YAML" in str(err.value)


def test_anchor_bombs_are_refused(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ) + "entities: []\n"
    with pytest.raises(TableError) as err:
        AliasDB.load(write(tmp_path, bomb))
    assert "anchors" in str(err.value)


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(TableError) as err:
        AliasDB.load(tmp_path / "missing.yaml")
    assert "cannot read" in str(err.value)
    p = tmp_path / "latin1.yaml"
    p.write_bytes("entities:\n  - id: place:a\n    kind: place\n    name: Ã\xa9\n".encode("latin-1") + b"\xff\n")
    with pytest.raises(TableError) as err:
        AliasDB.load(p)
    assert "UTF-8" in str(err.value) and err.value.problems[0].line == 5


def test_problems_are_all_collected() -> None:
    _, problems = parse_table("entities:\n  - {id: place:a, kind: nope, name: A}\n  - {id: bad, kind: place, name: B}\n")
    assert [p.line for p in problems] == [2, 3]


def test_slug_rule() -> None:
    assert slug("Korean People's Army") == "korean-peoples-army"
    assert slug("Rostov-on-Don") == "rostov-on-don"
    assert slug("Kim Jong-un") == "kim-jong-un"
    assert slug("Zaporizhzhia") == "zaporizhzhia"


def test_bare_list_table_loads(tmp_path: Path) -> None:
    entities, problems = read_table(write(tmp_path, "- {id: place:a, kind: place, name: A, aliases: [Б]}\n"))
    assert not problems and entities[0].aliases == ("Б",)
