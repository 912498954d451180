"""Loading tables: the contract's four keys suffice; every malformed table fails with file, line
and entity named; nothing in a table can execute code."""

from __future__ import annotations

from pathlib import Path

import pytest

from aliasdb import AliasDB, TableError
from aliasdb.table.read import parse_table, read_table, slug


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


# -- JSON lines and CSV tables -------------------------------------------------------------------

JSONL = (
    '{"id": "place:volgograd", "kind": "place", "name": "Volgograd", "country": "ru", "wikidata": "Q914",\n'
    '  "aliases": ["Волгоград"], "historical": {"Stalingrad": "1925–1961"}, "note": "ignored"}\n'
).replace(",\n  ", ", ")
CSV = "id,kind,name,aliases,country,note\nplace:volgograd,place,Volgograd,Волгоград|Volgogradas,ru,\"a note, with a comma\"\n"


@pytest.mark.parametrize(("name", "text"), [("t.jsonl", JSONL), ("t.csv", CSV), ("t.CSV", CSV)])
def test_jsonl_and_csv_tables_load(tmp_path: Path, name: str, text: str) -> None:
    db = AliasDB.load(write(tmp_path, "\ufeff" + text, name))
    e = db.get("place:volgograd")
    assert e.country == "ru" and "Волгоград" in e.aliases
    assert db.resolve("Волгоград").id == "place:volgograd"  # type: ignore[union-attr]
    if name == "t.jsonl":
        assert db.resolve("Stalingrad").id == "place:volgograd"  # type: ignore[union-attr]
    else:
        assert e.aliases == ("Волгоград", "Volgogradas")


def test_formats_agree_with_yaml(tmp_path: Path) -> None:
    """The same entities written as YAML, JSON lines and CSV load to the same table."""
    import csv
    import json

    from conftest import SMALL_TABLE

    entities, problems = parse_table(SMALL_TABLE)
    assert not problems
    rows = [{"id": e.id, "kind": e.kind, "name": e.name, "aliases": list(e.aliases)} for e in entities]
    jsonl = write(tmp_path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "t.jsonl")
    with open(tmp_path / "t.csv", "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["id", "kind", "name", "aliases"])
        out.writerows([r["id"], r["kind"], r["name"], "|".join(r["aliases"])] for r in rows)
    for path in (jsonl, tmp_path / "t.csv"):
        got, problems = read_table(path)
        assert not problems
        assert [(e.id, e.kind, e.name, e.aliases) for e in got] == [(e.id, e.kind, e.name, e.aliases) for e in entities]


def test_same_bytes_as_csv_and_yaml_are_two_tables(tmp_path: Path) -> None:
    """The compiled-index cache keys on the format too, not only on the bytes."""
    text = "id,kind,name,aliases\nplace:kursk,place,Kursk,Курск\n"
    assert len(AliasDB.load(write(tmp_path, text, "t.csv"))) == 1
    with pytest.raises(TableError):
        AliasDB.load(write(tmp_path, text, "t.yaml"))


@pytest.mark.parametrize(
    ("name", "text", "line", "entity", "words"),
    [
        ("t.jsonl", "", 1, "", "the table is empty"),
        ("t.jsonl", "\n  \n", 1, "", "the table is empty"),
        ("t.jsonl", '{"id": "place:a", "kind": "place", "name": "A"}\n{"id": "place:b",\n', 2, "", "not valid JSON"),
        ("t.jsonl", '\n\n{"id": "place:a", "kind": "city", "name": "A"}\n', 3, "place:a", "kind 'city'"),
        ("t.jsonl", '{"id": "place:a", "kind": "place"}\n', 1, "place:a", "missing or empty 'name'"),
        ("t.jsonl", '{"id": "place:a", "kind": "place", "name": "A", "aliases": "B"}\n', 1, "place:a", "must be a list"),
        ("t.jsonl", '{"id": "place:a", "kind": "place", "name": "A", "aliases": [1.5, null]}\n', 1, "place:a",
         "None is not a string"),
        ("t.jsonl", '{"id": "place:a", "id": "place:b", "kind": "place", "name": "A"}\n', 1, "", "'id' appears twice"),
        ("t.jsonl", '["place:a", "place", "A"]\n', 1, "", "must be a mapping"),
        ("t.jsonl", '{"id": "place:a", "kind": "place", "name": "A"}\n{"id": "place:a", "kind": "place", "name": "B"}\n',
         2, "place:a", "duplicate id (first at line 1)"),
        ("t.jsonl", "[" * 100_000 + "\n", 1, "", "nested too deeply"),
        ("t.jsonl", '{"id": "place:a", "kind": "place", "name": ' + "9" * 5000 + "}\n", 1, "", "not valid JSON"),
        ("t.csv", "", 1, "", "the table is empty"),
        ("t.csv", "id,kind,name\nplace:a,place,A\n", 1, "", "missing column 'aliases'"),
        ("t.csv", "id,kind,name,aliases,id\n", 1, "", "column 'id' appears twice"),
        ("t.csv", "id,kind,name,aliases\nplace:a,place,A,B\nplace:b,place,B,C,D\n", 3, "place:b", "5 fields but the header has"),
        ("t.csv", "id,kind,name,aliases\nplace:a,city,A,\n", 2, "place:a", "kind 'city'"),
        ("t.csv", "id,kind,name,aliases\nplace:a,place,,B\n", 2, "place:a", "missing or empty 'name'"),
        ("t.csv", "id,kind,name,aliases\nplace:a,place,A,B||C\n", 2, "place:a", "empty or whitespace alias"),
        ("t.csv", 'id,kind,name,aliases\nplace:a,place,"A\nstill A",B\nplace:b,place,"B"x,C\n', 4, "", "CSV error"),
        ("t.csv", 'id,kind,name,aliases\nplace:a,place,A,"B\n', 2, "", "CSV error"),
        ("t.csv", "id,kind,name,aliases\nplace:a,place,A,\nplace:a,place,B,\n", 3, "place:a", "duplicate id"),
    ],
)
def test_malformed_jsonl_and_csv_name_file_line_entity(tmp_path: Path, name: str, text: str, line: int, entity: str,
                                                       words: str) -> None:
    p = write(tmp_path, text, name)
    with pytest.raises(TableError) as err:
        AliasDB.load(p)
    first = err.value.problems[0]
    assert (first.path, first.line, first.entity) == (str(p), line, entity), first
    assert words in first.message
    assert str(p) in str(err.value)


def test_every_bad_line_is_reported_and_good_lines_still_read(tmp_path: Path) -> None:
    good = '{"id": "place:a", "kind": "place", "name": "A"}'
    entities, problems = read_table(write(tmp_path, f"{good}\nnot json\n{good.replace(':a', ':b')}\n{{\n", "t.jsonl"))
    assert [e.id for e in entities] == ["place:a", "place:b"]
    assert [p.line for p in problems] == [2, 4]


def test_huge_csv_field_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    p = write(tmp_path, "id,kind,name,aliases\nplace:a,place,A," + "x" * 200_000 + "\nplace:b,place,B,\n", "t.csv")
    entities, problems = read_table(p)
    assert [e.id for e in entities] == ["place:b"]
    assert problems[0].line == 2 and "field larger than field limit" in problems[0].message


def test_invalid_utf8_jsonl_names_its_line(tmp_path: Path) -> None:
    p = tmp_path / "t.jsonl"
    p.write_bytes(b'{"id": "place:a", "kind": "place", "name": "A"}\n{"id": "place:b", "name": "\xff"}\n')
    with pytest.raises(TableError) as err:
        AliasDB.load(p)
    assert err.value.problems[0].line == 2 and "UTF-8" in str(err.value)


def test_values_are_read_as_written_or_refused_with_what_yaml_made_of_them(tmp_path: Path) -> None:
    head = "entities:\n  - id: person:x\n    kind: person\n"
    # numbers as written: YAML 1.1 would make 0x1F 31, 012 10 and 1:20 80
    entities, problems = read_table(write(tmp_path, head + "    name: Xx Yy\n    aliases: [0x1F, 012, 1_000, 1:20, 1.50]\n"))
    assert problems == [] and entities[0].aliases == ("0x1F", "012", "1_000", "1:20", "1.50")
    for text, line, words in [
        ("    name: yes\n", 4, "'name' is a boolean"),
        ("    name: 2001-01-01\n", 4, "'name' is a date"),
        ("    name: [Xx]\n", 4, "'name' is a list"),
        ("    name: Xx\n    country: [ru, ua]\n", 5, "'country' is a list"),
        ("    name: Xx\n    historical: {~: 1900}\n", 5, "a key is read as null"),
        ("    name: Xx\n    historical: {'': 1900}\n", 5, "an empty historical name"),
    ]:
        path = write(tmp_path, head + text)
        problems = read_table(path)[1]
        assert [(p.line, words in p.message) for p in problems][:1] == [(line, True)], problems
        with pytest.raises(TableError):
            AliasDB.load(path)


def test_jsonl_numbers_as_written_and_lone_surrogates_refused(tmp_path: Path) -> None:
    row = '{"id": "person:x", "kind": "person", "name": "Xx", "aliases": [%s]}\n'
    entities, problems = read_table(write(tmp_path, row % "1e999, 1.50", "t.jsonl"))
    assert problems == [] and entities[0].aliases == ("1e999", "1.50")
    _, problems = read_table(write(tmp_path, row % '"Yy"' + row % "NaN", "t.jsonl"))
    assert [(p.line, p.message) for p in problems] == [(2, "not valid JSON: NaN is no JSON value; write one entity "
                                                            "object per line")]
    _, problems = read_table(write(tmp_path, row % '"Yy"' + row % '"Y\\ud800y"', "t.jsonl"))
    assert [(p.line, p.entity) for p in problems] == [(2, "person:x")] and "lone surrogate (U+D800)" in problems[0].message


def test_the_api_names_a_wrong_argument_and_keeps_what_a_table_would_refuse(tmp_path: Path) -> None:
    from aliasdb import Entity

    with pytest.raises(TypeError, match=r"entities\[1\] is int"):
        AliasDB([Entity(id="person:x", kind="person", name="X"), 1])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="not a single str"):
        AliasDB("person:x")  # type: ignore[arg-type]
    p = write(tmp_path, "entities:\n  - id: place:kursk\n    kind: place\n    name: Kursk\n")
    assert AliasDB.load(bytes(p)).resolve("Kursk").id == "place:kursk"  # type: ignore[union-attr]
    # in memory, a lone surrogate is kept, compiled and read back
    db = AliasDB([Entity(id="person:x", kind="person", name="X Yy", aliases=("Y\ud800y",))])
    db.save(tmp_path / "x.adbx")
    assert AliasDB.load(tmp_path / "x.adbx").get("person:x").aliases == ("Y\ud800y",)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs an endless file")
def test_endless_tables_and_texts_are_read_no_further_than_their_limit(monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    import aliasdb.cli
    import aliasdb.resolver.front
    import aliasdb.table.read

    with monkeypatch.context() as patch:
        for module in (aliasdb.table.read, aliasdb.resolver.front):
            patch.setattr(module, "MAX_TABLE_BYTES", 1000)
        assert [p.message for p in read_table("/dev/zero")[1]] == ["more than 1,000 bytes, the limit of a table: split it"]
        with pytest.raises(TableError, match="more than 1,000 bytes"):
            AliasDB.load("/dev/zero")
    monkeypatch.setattr(aliasdb.cli, "MAX_TEXT_BYTES", 1000)
    assert aliasdb.cli.main(["annotate", "/dev/zero"]) == 2
    assert "/dev/zero: more than 1,000 bytes; file skipped" in capsys.readouterr().err
