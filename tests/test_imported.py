"""Imported places beside the curated table (aliasdb/imported.py): namesakes, qualified names,
the shipped set of tables, and imported places in running text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aliasdb
from aliasdb import AliasDB, Entity
from aliasdb.model import Alias
from aliasdb.resolver.places import default_table_files, is_imported
from aliasdb.table.read import TableError

G = "geonames"


def town(eid: str, name: str, native: str, country: str, part_of: str | None, ambiguous: tuple[str, ...] = ()) -> Entity:
    return Entity(eid, "place", name, (native,), country, ambiguous=ambiguous, facts=(Alias(native, "ru", source=G),),
                  geonames=abs(hash(eid)) % 10**6, place_type="town", part_of=part_of)


def division(eid: str, name: str, native: str, country: str) -> Entity:
    return Entity(eid, "place", name, (native,), country)


SMALL = [
    division("place:murmansk-oblast", "Murmansk Oblast", "Мурманская область", "ru"),
    division("place:leningrad-oblast", "Leningrad Oblast", "Ленинградская область", "ru"),
    division("place:luhansk-oblast", "Luhansk Oblast", "Луганская область", "ua"),
    division("place:russia", "Russia", "Россия", "ru"),
    division("place:ukraine", "Ukraine", "Украина", "ua"),
    division("place:rostov-oblast", "Rostov Oblast", "Ростовская область", "ru"),
    division("place:donetsk-oblast", "Donetsk Oblast", "Донецкая область", "ua"),
    # curated; a real town of the same name makes the name alone None
    Entity("place:donetsk", "place", "Donetsk", ("Донецк", "Донецьк", "Donezk"), "ua", part_of="place:donetsk-oblast"),
    town("place:donetsk-rostov", "Donetsk", "Донецк", "ru", "place:rostov-oblast", ("Donetsk", "Донецк")),
    # curated; an imported town has its name as a former name (weak): the curated one holds it
    Entity("place:kaliningrad", "place", "Kaliningrad", ("Калининград",), "ru"),
    Entity("place:korolev", "place", "Korolev", ("Королёв", "Калининград"), "ru", ambiguous=("Калининград",),
           facts=(Alias("Королёв", "ru", source=G), Alias("Калининград", "ru", weak=True, source=G)), geonames=554233,
           place_type="city", part_of="place:moscow-oblast"),
    division("place:moscow-oblast", "Moscow Oblast", "Московская область", "ru"),
    town("place:kirovsk-murmansk", "Kirovsk", "Кировск", "ru", "place:murmansk-oblast", ("Kirovsk", "Кировск")),
    town("place:kirovsk-leningrad", "Kirovsk", "Кировск", "ru", "place:leningrad-oblast", ("Kirovsk", "Кировск")),
    Entity("place:holubivka", "place", "Holubivka", ("Голубівка", "Кировск"), "ua", ambiguous=("Кировск",),
           facts=(Alias("Голубівка", "uk", source=G), Alias("Кировск", "ru", source=G)), geonames=705809,
           place_type="town", part_of="place:luhansk-oblast"),
    town("place:bor", "Bor", "Бор", "ru", None),
    town("place:mirny", "Mirny", "Мирный", "ru", None),
    Entity("person:boris-gryzlov", "person", "Boris Gryzlov", ("Борис Грызлов",), "ru"),
]


@pytest.fixture(scope="module")
def small() -> AliasDB:
    return AliasDB(SMALL)


def ids(db: AliasDB, names: list[str]) -> list[str | None]:
    return [m.id if (m := db.resolve(n)) else None for n in names]


def test_a_curated_entity_holds_a_former_name_of_an_imported_place(small: AliasDB) -> None:
    assert ids(small, ["Калининград", "Калининграде", "Kaliningrad", "Королёв", "Korolev"]) == [
        "place:kaliningrad", "place:kaliningrad", "place:kaliningrad", "place:korolev", "place:korolev"]
    assert small.explain("Калининграде")["reason"].startswith("held at tier")
    # a spelling the namesake does not have is no name of it: Donezk is the curated city's alone
    assert ids(small, ["Donezk", "Донецьк"]) == ["place:donetsk", "place:donetsk"]


def test_a_real_town_of_the_same_name_makes_the_name_alone_none(small: AliasDB) -> None:
    assert ids(small, ["Donetsk", "Донецк", "Донецке", "donetsk"]) == [None] * 4
    assert [c.id for c in small.candidates("Donetsk")] == ["place:donetsk", "place:donetsk-rostov"]
    assert ids(small, ["Donetsk, Ukraine", "Donetsk (Donetsk Oblast)", "Donetsk, Rostov Oblast", "Донецк Ростовской области",
                       "Донецк Донецкой области", "Донецьк Донецької області", "Donetsk (Russia)", "Донецк, Россия"]) == [
        "place:donetsk", "place:donetsk", "place:donetsk-rostov", "place:donetsk-rostov",
        "place:donetsk", "place:donetsk", "place:donetsk-rostov", "place:donetsk-rostov"]
    m = small.resolve("Донецк Ростовской области")
    assert m is not None and (m.method, m.alias) == ("exact", "Донецк")
    # a genitive that names no division, or one where no namesake lies, is no qualifier
    assert ids(small, ["Донецк Мурманской области", "Донецк Белой области"]) == [None, None]


def test_in_running_text_the_curated_place_holds_the_name_unless_the_text_names_the_namesakes_division(
        small: AliasDB) -> None:
    texts = ["Les séparatistes de Donetsk ont tiré.", "Обстрел Донецка продолжается.",
             "Donetsk, Rostov Oblast, is a town near the border.", "In Donetsk (Rostov Oblast) a fire broke out.",
             "Donetsk and Donetsk Oblast were shelled.", "Калининград и Королёв."]
    assert [[(m.text, m.id) for m in small.annotate(t)] for t in texts] == [
        [("Donetsk", "place:donetsk")], [("Донецка", "place:donetsk")],
        [("Donetsk", "place:donetsk-rostov"), ("Rostov Oblast", "place:rostov-oblast")],
        [("Donetsk", "place:donetsk-rostov"), ("Rostov Oblast", "place:rostov-oblast")],
        [("Donetsk", "place:donetsk"), ("Donetsk Oblast", "place:donetsk-oblast")],
        [("Калининград", "place:kaliningrad"), ("Королёв", "place:korolev")]]  # (beside a curated place of its country)


def test_imported_namesakes_alone_are_none(small: AliasDB) -> None:
    assert ids(small, ["Kirovsk", "Кировск", "Kirowsk"]) == [None, None, None]
    assert {c.id for c in small.candidates("Kirovsk")} >= {"place:kirovsk-murmansk", "place:kirovsk-leningrad"}


def test_a_division_or_country_after_a_comma_or_in_brackets_picks_the_namesake(small: AliasDB) -> None:
    assert ids(small, ["Kirovsk, Murmansk Oblast", "Kirovsk (Murmansk Oblast)", "Kirovsk (Murmansk)",
                       "Кировск, Мурманская область", "Kirovsk, Leningrad Oblast", "Kirovsk (Luhansk)",
                       "Kirovsk, Luhansk Oblast", "Donetsk, Russia", "Donetsk (Ukraine)", "Donetsk, Ukraine",
                       "Кировск Мурманской области", "Кіровськ Луганської області"]) == [
        "place:kirovsk-murmansk", "place:kirovsk-murmansk", "place:kirovsk-murmansk", "place:kirovsk-murmansk",
        "place:kirovsk-leningrad", "place:holubivka", "place:holubivka", "place:donetsk-rostov", "place:donetsk",
        "place:donetsk", "place:kirovsk-murmansk", "place:holubivka"]
    m = small.resolve("Kirovsk, Murmansk Oblast")
    assert m is not None and (m.method, m.alias, m.query) == ("exact", "Kirovsk", "Kirovsk, Murmansk Oblast")


def test_a_qualifier_that_fits_none_or_several_is_none(small: AliasDB) -> None:
    assert ids(small, ["Kirovsk, Ukraine", "Kirovsk, Russia", "Kirovsk (Texas)", "Kirovsk, Luhansk, Ukraine",
                       "Kirovsk (", "Kirovsk,", "Nowhere, Murmansk Oblast"]) == [
        "place:holubivka", None, None, None, None, None, None]


def test_imported_places_are_met_by_their_spellings_only(small: AliasDB) -> None:
    # Boris read with a Lithuanian ending is Bor; Mirnyy by sound is Mirny: neither is trusted
    assert ids(small, ["Boris", "Bor", "Бора", "Mirnyy", "Mirnyi", "Mirnu"]) == [
        None, "place:bor", "place:bor", "place:mirny", "place:mirny", None]


def test_is_imported_reads_the_sources_of_the_names() -> None:
    by_id = {e.id: e for e in SMALL}
    assert is_imported(by_id["place:donetsk-rostov"]) and is_imported(by_id["place:holubivka"])
    assert not is_imported(by_id["place:donetsk"]) and not is_imported(by_id["place:murmansk-oblast"])
    bare = Entity("place:x", "place", "X", (), "ru", geonames=1, place_type="town")
    mixed = Entity("place:y", "place", "Y", ("Игрек", "Ygrek"), "ru", facts=(Alias("Игрек", "ru", source=G),))
    assert is_imported(bare) and not is_imported(mixed)


TEXT = ("Les forces russes ont frappé Vuhledar et Pokrovsk. Mirny a dit non. Le quartier Mirny est calme. "
        "Une usine près de Mirny a brûlé. À Kirovsk, Murmansk Oblast, il neige. Bor est un mot.")


def test_imported_places_are_weak_in_text() -> None:
    db = AliasDB([*SMALL, town("place:vuhledar", "Vuhledar", "Вугледар", "ua", "place:donetsk-oblast"),
                  Entity("place:pokrovsk", "place", "Pokrovsk", ("Покровськ",), "ua")])
    found = [(m.text, m.id, TEXT[: m.start].count(".")) for m in db.annotate(TEXT)]
    # Vuhledar beside the curated Pokrovsk; Mirny only after a cue (près de); Kirovsk after a cue
    # (À) and beside its division; a bare Mirny or Bor at a sentence start is no mention
    assert found == [("Vuhledar", "place:vuhledar", 0), ("Pokrovsk", "place:pokrovsk", 0), ("Mirny", "place:mirny", 3),
                     ("Murmansk Oblast", "place:murmansk-oblast", 4)] or found == [
        ("Vuhledar", "place:vuhledar", 0), ("Pokrovsk", "place:pokrovsk", 0), ("Mirny", "place:mirny", 3),
        ("Kirovsk", "place:kirovsk-murmansk", 4), ("Murmansk Oblast", "place:murmansk-oblast", 4)]


def test_an_imported_place_written_whole_with_its_type_or_a_korean_cue_is_a_mention() -> None:
    db = AliasDB([division("place:x", "X", "Икс", "ru"),
                  Entity("place:gumi", "place", "Gumi", ("구미",), "kr", facts=(Alias("구미", "ko", source=G),),
                         geonames=1842225, place_type="city"),
                  Entity("place:belaya-oblast", "place", "Belaya Oblast", ("Белая область",), "ru",
                         facts=(Alias("Белая область", "ru", source="iso3166-2"),), iso3166_2="RU-XX",
                         place_type="oblast")])
    found = [(m.text, m.id) for m in db.annotate("Он живёт: Белая область. 구미에서 불이 났다. 구미 사람.")]
    assert found == [("Белая область", "place:belaya-oblast"), ("구미에서", "place:gumi")]


def test_the_shipped_set_is_loaded_together_and_cached_as_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = default_table_files()
    assert [os.path.basename(f) for f in files] == ["aliases.yaml", "towns.yaml"]
    assert AliasDB.default().source == " + ".join(files)
    monkeypatch.setenv("ALIASDB_CACHE", str(tmp_path))
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text("entities:\n  - {id: 'place:kirovsk', kind: place, name: Kirovsk, aliases: [Кировск], country: ru}\n")
    b.write_text("entities:\n  - {id: 'place:apatity', kind: place, name: Apatity, aliases: [Апатиты], country: ru}\n")
    db = AliasDB.load([str(a), str(b)])
    assert ids(db, ["Кировск", "Апатиты"]) == ["place:kirovsk", "place:apatity"]
    assert db.index_path and os.path.dirname(db.index_path) == str(tmp_path)
    again = AliasDB.load([str(a), str(b)])
    assert again.index_path == db.index_path and len(again) == 2
    b.write_text("entities:\n  - {id: 'place:kirovsk', kind: place, name: Kirovsk, aliases: [Kirowsk], country: ru}\n")
    with pytest.raises(TableError, match="id is also an id of"):
        AliasDB.load([str(a), str(b)])
    with pytest.raises(TableError, match="cannot read the table"):
        AliasDB.load([str(a), str(tmp_path / "missing.yaml")])


def test_the_shipped_set_links_every_town_to_its_division() -> None:
    # (that it checks clean: tests/test_shipped_table.py)
    entities = AliasDB.default().entities
    imported = [e for e in entities if is_imported(e)]
    assert len(imported) >= 1900 and all(e.part_of and e.country and e.place_type in ("town", "city") for e in imported)
    assert {e.part_of for e in imported} <= {e.id for e in entities}


def test_curated_answers_stay_as_they_were() -> None:
    """Curated entities keep priority: every name of the curated table, as written and in lower
    case, resolves on the shipped set as on the curated table alone, but for the names that are a
    real imported town's own (Donetsk of Rostov Oblast, Kirov of Kaluga Oblast): those are None alone."""
    full, curated = AliasDB.default(), AliasDB.load(aliasdb.default_table_path())
    changed = [(q, getattr(full.resolve(q), "id", None), getattr(curated.resolve(q), "id", None))
               for e in curated.entities for n in e.all_names for q in (n, n.lower())
               if getattr(full.resolve(q), "id", None) != getattr(curated.resolve(q), "id", None)]
    names = {"place:blagoveshchensk": ["Blagoveshchensk", "Благовещенск"], "place:donetsk": ["Donetsk", "Донецк"],
             "place:gwangju": ["Gwangju", "광주"], "place:kirov": ["Kirov", "Киров"], "place:mykolaiv": ["Миколаїв", "Mykolayiv"],
             "place:rivne": ["Rivne", "Рівне"], "place:samara": ["Kuybyshev", "Куйбышев"]}
    assert sorted(set(changed)) == sorted({(q, None, eid) for eid, ns in names.items() for n in ns for q in (n, n.lower())})


def test_shipped_namesakes() -> None:
    assert ids(AliasDB.default(), ["Donetsk, Ukraine", "Kirovsk", "Kirovsk, Murmansk Oblast", "Kirovsk (Leningrad Oblast)",
                                   "Kirovsk (Luhansk)", "Donetsk, Rostov Oblast", "Pervomaisk", "Vuhledar"]) == [
        "place:donetsk", None, "place:kirovsk-murmansk", "place:kirovsk-leningrad", "place:holubivka",
        "place:donetsk-rostov", None, "place:vuhledar"]
    db = AliasDB.default()
    assert ids(db, ["Donetsk", "Донецк", "Донецке", "Donetsk (Donetsk Oblast)", "Донецк Ростовской области",
                    "Калининград", "Владимир", "Кировск Мурманской области", "Kirov", "Kirov, Kaluga Oblast",
                    "Kirov (Kirov Oblast)", "Миколаїв", "Миколаїв (Mykolaiv Oblast)", "Mykolaiv, Lviv Oblast", "Mykolaiv",
                    "Gwangju", "Gwangju, Gyeonggi", "광주광역시"]) == [
        None, None, None, "place:donetsk", "place:donetsk-rostov", "place:kaliningrad", "place:vladimir",
        "place:kirovsk-murmansk", None, "place:kirov-kaluga", "place:kirov", None, "place:mykolaiv", "place:mykolayiv-lviv",
        "place:mykolaiv", None, "place:gwangju-gyeonggi", "place:gwangju"]
    assert [c.id for c in db.candidates("Donetsk", kind="place")][:2] == ["place:donetsk", "place:donetsk-rostov"]
    assert [[(m.text, m.id) for m in db.annotate(t)] for t in ("Les séparatistes de Donetsk ont tiré.",
                                                                "À Donetsk (oblast de Rostov), il pleut.")] == [
        [("Donetsk", "place:donetsk")], [("Donetsk", "place:donetsk-rostov"), ("oblast de Rostov", "place:rostov-oblast")]]


_TOWNS = [e for e in AliasDB.default().entities if is_imported(e) and e.part_of]


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(_TOWNS), st.sampled_from([", {}", " ({})", ", {} "]))
def test_a_town_qualified_by_its_division_resolves_there_or_nowhere(e: Entity, form: str) -> None:
    """Invariant: a town written with its division resolves to a town of that division (itself,
    when no namesake shares it), never to a place elsewhere."""
    db = AliasDB.default()
    division = db.get(e.part_of or "")
    m = db.resolve(e.name + form.format(division.name))
    if m is not None:
        assert db.get(m.id).part_of == division.id, (e.id, m)
    namesakes = [c for c in _TOWNS if aliasdb.normalize(c.name) == aliasdb.normalize(e.name) and c.part_of == e.part_of]
    if len(namesakes) == 1:
        assert m is not None and m.id == e.id, (e.id, division.name)


def test_show_names_the_source_of_an_imported_town(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from aliasdb.cli import main

    assert main(["show", "place:kirovsk-murmansk", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["part_of"] == "place:murmansk-oblast" and record["geonames"] == 548391
    assert record["sources"]["geonames"]["licence"] == "CC BY 4.0"
    assert [(g["lang"], g["source"], [n["name"] for n in g["names"]]) for g in record["names"]] == [
        ("en", None, ["Kirovsk"]), ("ru", "geonames", ["Кировск"])]


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=30), st.integers(0, 80), st.integers(1, 12))
@settings(max_examples=300, deadline=None)
def test_the_places_beside_a_mention_are_those_within_reach(layout: list[tuple[int, int]], at: int, width: int) -> None:
    # (weak_places looks at the mentions near each one, not at every other: the same ones a
    # scan of all of them finds whose gap is short enough)
    from aliasdb.limits import BESIDE_CHARS
    from aliasdb.resolver.places import _Near
    from aliasdb.text.annotator import Mention

    def mention(start: int, n: int) -> Mention:
        return Mention(start, start + n, "x" * n, "place:x", "X", "place", 1.0, "exact")

    places, end = [], 0
    for gap, n in layout:  # (mentions do not overlap)
        places.append(mention(end + gap, n))
        end += gap + n
    m = mention(at, width)
    near = _Near(places)
    every = [o for o in places if len("." * (m.start - o.end) if o.end <= m.start else "." * (o.start - m.end)) <= BESIDE_CHARS]
    assert near.around(m) == every


def test_a_long_text_full_of_places_is_annotated_in_one_pass() -> None:
    # each place against every other was quadratic: 80 kB of news took 108 s; the mentions are the same
    db = AliasDB.default()
    text = "Les frappes ont touché Pokrovsk, Vuhledar et Toretsk, puis Kramatorsk. " * 400
    found = db.annotate(text)
    assert len(found) == 1200 and {m.id for m in found} == {"place:pokrovsk", "place:vuhledar", "place:kramatorsk"}
    # (Toretsk, imported, stands beside Vuhledar, imported too: no cue confirms it, as in a shorter text)
    assert [m.text for m in db.annotate(text[:72])] == ["Pokrovsk", "Vuhledar", "Kramatorsk"]
