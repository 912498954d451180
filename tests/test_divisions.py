"""The first-level divisions of Russia, Ukraine and the two Koreas carry their ISO 3166-2 code and
type (issue #20), and ``aliasdb check`` validates both."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import aliasdb
from aliasdb.kinds import PLACE_TYPES
from aliasdb.table.check import check_table
from aliasdb.table.read import read_table

CURATED = [e for e in read_table(aliasdb.default_table_path())[0] if e.iso3166_2]
BY_CODE = {e.iso3166_2: e for e in CURATED}


def test_every_division_of_the_four_countries_has_its_code_and_type() -> None:
    assert len(CURATED) == len(BY_CODE) == 140
    assert Counter(e.country for e in CURATED) == {"ru": 83, "ua": 27, "kr": 17, "kp": 13}
    assert all(e.kind == "place" and e.iso3166_2.startswith(e.country.upper() + "-") for e in CURATED)
    assert Counter(e.place_type for e in CURATED) == {
        "oblast": 70, "republic": 22, "do": 16, "krai": 9, "metropolitan-city": 8, "autonomous-okrug": 4,
        "federal-city": 2, "special-status-city": 2, "special-city": 2, "special-self-governing-province": 2,
        "autonomous-oblast": 1, "capital-city": 1, "special-self-governing-city": 1}
    assert {e.place_type for e in CURATED} <= set(PLACE_TYPES)


def test_annexation_claimed_divisions_keep_their_ukrainian_codes() -> None:
    claimed = {c: (BY_CODE[c].id, BY_CODE[c].country, BY_CODE[c].place_type)
               for c in ("UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65")}
    assert claimed == {"UA-43": ("place:autonomous-republic-of-crimea", "ua", "republic"),
                       "UA-40": ("place:sevastopol", "ua", "special-status-city"),
                       "UA-14": ("place:donetsk-oblast", "ua", "oblast"), "UA-09": ("place:luhansk-oblast", "ua", "oblast"),
                       "UA-23": ("place:zaporizhzhia-oblast", "ua", "oblast"), "UA-65": ("place:kherson-oblast", "ua", "oblast")}
    assert [BY_CODE[c].id for c in ("RU-MOW", "RU-SPE", "KR-11", "KR-50", "KP-01")] == [
        "place:moscow", "place:saint-petersburg", "place:seoul", "place:sejong-city", "place:pyongyang"]


def test_codes_and_types_are_the_pinned_packages() -> None:
    """Each curated division is the one the iso3166-2 package gives that code (its native name is
    one of the entity's names, up to a type word: 부산시 and 부산), with the package's type."""
    pytest.importorskip("iso3166_2")
    from aliasdb.names.normalize import normalize
    from aliasdb.table.importers import iso3166_2
    from aliasdb.table.importers.common import meet_curated

    divisions = iso3166_2.divisions()
    _, reviews, stands = meet_curated(divisions, list(CURATED), "iso3166-2")
    assert len(reviews) == 140 and all(r.why.startswith("same iso3166_2") for r in reviews)
    native = {"ru": "ru", "ua": "uk", "kr": "ko", "kp": "ko"}
    for p in divisions:
        code = p.external["iso3166_2"]
        e = BY_CODE[code]
        assert stands[code] == e.id and (e.place_type, e.country) == (p.place_type, p.country), code
        names = {normalize(n) for n in e.all_names}
        natives = [normalize(n) for n, lang, _ in p.aliases if lang == native[p.country]]
        assert any(n in names or n.removesuffix("시") in names or n.removeprefix("республика ") in names
                   for n in natives), (code, natives)


BAD = """\
entities:
  - {id: place:x, kind: place, name: X, country: ru, place_type: oblast, iso3166_2: RU-XX}
  - {id: place:y, kind: place, name: Y, country: ua, place_type: voivodeship, iso3166_2: RU-YY}
  - {id: place:z, kind: place, name: Z, country: ru, iso3166_2: RU-XX}
  - {id: person:w, kind: person, name: W, iso3166_2: RU-WW}
  - {id: place:v, kind: place, name: V, iso3166_2: ru-1}
"""


def test_check_reports_unknown_place_types_and_wrong_codes(tmp_path: Path) -> None:
    p = tmp_path / "t.yaml"
    p.write_text(BAD, encoding="utf-8")
    problems, _ = check_table(p)
    assert [(x.entity, x.message.split(";")[0]) for x in problems] == [
        ("place:v", "'iso3166_2' 'ru-1' is not an ISO 3166-2 code such as RU-SPE or KR-11")]
    p.write_text(BAD.replace("iso3166_2: ru-1", "iso3166_2: RU-VV"), encoding="utf-8")
    problems, _ = check_table(p)
    assert [(x.line, x.entity, x.message.split(";")[0]) for x in problems] == [
        (3, "place:y", "iso3166_2 'RU-YY' is a code of RU, but the country is 'ua'"),
        (3, "place:y", "place_type 'voivodeship' is not one of " + ", ".join(PLACE_TYPES) + " (aliasdb/kinds.py)"),
        (4, "place:z", "iso3166_2 'RU-XX' is also the code of place:x"),
        (5, "person:w", "iso3166_2 'RU-WW' on a person: only a place has one")]
