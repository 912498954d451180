"""First-level divisions from the ``iso3166-2`` package (MIT; ISO 3166-2 codes and names, with
local and other names tagged by language): oblasts, krais, republics, provinces (do), special
and metropolitan cities.

The English name is the division's usual one (*Belgorod Oblast*, *Primorsky Krai*, *Gyeonggi
Province*): the package's bare English name of an oblast or a krai is its capital's
(*Belgorod*), which would take the city's name, so it becomes the stem of the name instead.
Nicknames and literal translations (*Eastern gate of Ukraine*, *Large Hill*) are left out."""

from __future__ import annotations

import re

from aliasdb.table.importers.common import Place, require, script_of, source_entry
from aliasdb.table.read import slug

__all__ = ["COUNTRIES", "SOURCE", "divisions", "source"]

COUNTRIES = ("ru", "ua", "kr", "kp")
SOURCE = "iso3166-2"

#: The package's subdivision type → aliasdb's ``place_type``, per country.
TYPES = {
    "Republic": "republic", "Administrative region": "oblast", "Administrative territory": "krai",
    "Autonomous district": "autonomous-okrug", "Autonomous region": "autonomous-oblast", "Autonomous city": "federal-city",
    "Region": "oblast", "City": "special-status-city", "Special city": "special-city", "Metropolitan city": "metropolitan-city",
    "Capital city": "capital-city", "Province": "do", "Special self-governing province": "special-self-governing-province",
    "Special self-governing city": "special-self-governing-city",
}
#: The types of division that are one city (the places GeoNames lists in them are its districts).
CITY_TYPES = frozenset({"federal-city", "special-status-city", "special-city", "metropolitan-city", "capital-city",
                        "special-self-governing-city"})
#: The English suffix a type's name takes after its stem (types absent here use the stem alone).
SUFFIX = {"oblast": "Oblast", "krai": "Krai", "do": "Province", "special-self-governing-province": "Province"}
#: Usual English names the package's English names do not give (republics and okrugs are known by
#: a form of their own; two krais by the Russian adjective; a province it names in Korean only).
NAMES = {
    "RU-AD": "Adygea", "RU-AL": "Altai Republic", "RU-BA": "Bashkortostan", "RU-BU": "Buryatia", "RU-CE": "Chechnya",
    "RU-CU": "Chuvashia", "RU-DA": "Dagestan", "RU-IN": "Ingushetia", "RU-KB": "Kabardino-Balkaria",
    "RU-KC": "Karachay-Cherkessia", "RU-KK": "Khakassia", "RU-KL": "Kalmykia", "RU-KO": "Komi Republic",
    "RU-KR": "Karelia", "RU-ME": "Mari El", "RU-MO": "Mordovia", "RU-SA": "Sakha Republic",
    "RU-SE": "North Ossetia-Alania", "RU-TA": "Tatarstan", "RU-TY": "Tuva", "RU-UD": "Udmurtia",
    "RU-KHM": "Khanty-Mansi Autonomous Okrug", "RU-NEN": "Nenets Autonomous Okrug",
    "RU-YAN": "Yamalo-Nenets Autonomous Okrug", "RU-CHU": "Chukotka Autonomous Okrug",
    "RU-LEN": "Leningrad Oblast", "RU-PRI": "Primorsky Krai", "RU-ZAB": "Zabaykalsky Krai", "RU-MOW": "Moscow",
    "RU-SPE": "Saint Petersburg",
    "UA-43": "Autonomous Republic of Crimea", "UA-30": "Kyiv", "UA-40": "Sevastopol",
    "KP-03": "North Pyongan Province", "KP-14": "Nampo", "KP-01": "Pyongyang",
}
#: English names in the package that are epithets or literal translations, not names a text uses.
NOT_NAMES = frozenset({
    "Eastern gate of Ukraine", "Dawn of Ukraine", "Mother of Rus Cities", "Capital of Willows", "Large Hill", "Kind River",
    "Coastal territory", "The mountainous Altai", "South Yellow Sea Province", "North Yellow Sea Province",
    "Shevchenkiv krai", "Шевченків край", "Київщина",
    # former names or namesakes that denote something else alone: a city, a person, a river, a people,
    # a historical region wider than the division, an acronym
    "Kuybyshev", "Kalinin", "Petrograd", "Leningrad", "Luhan", "Udmurt", "JAO", "류경",
    "Halychyna", "Галичина", "Slobozhanshchyna", "Слобожанщина", "Прикарпаття", "Prykarpattia",
})
#: Misspellings in the package's names, corrected.
FIXES = {"Курганскаяа область": "Курганская область"}
#: ISO 639-3 codes of the package → the BCP 47 tags aliasdb knows (others are left out).
LANGS = {
    "rus": "ru", "ukr": "uk", "kor": "ko", "eng": "en", "kaz": "kk", "bak": "ba", "che": "ce", "chv": "cv", "tat": "tt",
    "fin": "fi", "hun": "hu", "kpv": "kv", "oss": "os", "ava": "av", "crh": "crh", "ady": "ady", "alt": "alt",
    "bua": "bua", "kbd": "kbd", "krc": "krc", "mdf": "mdf", "myv": "myv", "sah": "sah", "tyv": "tyv", "udm": "udm",
    "xal": "xal", "chm": "mhr",
}
#: The native language of each country's names.
NATIVE = {"ru": "ru", "ua": "uk", "kr": "ko", "kp": "ko"}


def source() -> dict[str, str]:
    from aliasdb.table.importers.common import PINNED

    return source_entry(f"ISO 3166-2 subdivisions via the iso3166-2 package {PINNED[SOURCE]}",
                        "https://github.com/amckenna41/iso3166-2", "MIT")


def _others(text: str) -> list[tuple[str, str]]:
    """The package's ``localOtherName``: 'name (lang), name (lang), ...' → [(name, iso639-3)]."""
    out = []
    for m in re.finditer(r"\s*([^,]+?)\s*\(([a-z]{3})\)\s*(?:,|$)", text or ""):
        for part in m.group(1).split("/"):
            name = part.strip().replace("\u0301", "")  # (stress marks: Кузба́сс)
            out.append((FIXES.get(name, name), m.group(2)))
    return out


def _lang(name: str, code: str, country: str) -> str | None:
    script = script_of(name)
    lang = LANGS.get(code)
    if lang is None or script == "other" or "[" in name or " — " in name or name in NOT_NAMES:
        return None
    if script == "Hang":
        return "ko" if lang == "ko" else None
    if lang == "en" and script == "Cyrl":  # (an untagged native name)
        return NATIVE[country]
    if lang in ("ko", "uk", "ru") and script == "Latn":
        return f"{lang}-Latn"  # a romanization the package tags by the language it writes
    return lang


def divisions(data: dict[str, dict[str, dict[str, object]]] | None = None, countries: tuple[str, ...] = COUNTRIES,
              *, unpinned: bool = False) -> list[Place]:
    """Every first-level division of ``countries``, from the package (or from ``data``, shaped as
    its JSON: country → code → fields, for tests)."""
    if data is None:
        mod = require("iso3166_2", SOURCE, unpinned=unpinned)
        import json
        import os

        with open(os.path.join(os.path.dirname(mod.__file__), "iso3166-2.json"), encoding="utf-8") as f:
            data = json.load(f)
    places = []
    for country in countries:
        for code, fields in sorted(data.get(country.upper(), {}).items()):
            ptype = TYPES.get(str(fields.get("type")), "division")
            named = [(n, lang) for n, c in _others(str(fields.get("localOtherName") or ""))
                     if (lang := _lang(n, c, country)) is not None]
            english = [n for n, lang in named if lang == "en"]
            stem = english[0] if english else str(fields.get("name"))
            name = NAMES.get(code) or (f"{stem} {SUFFIX[ptype]}" if ptype in SUFFIX else stem)
            aliases: list[tuple[str, str, str]] = []
            for n, lang in named:
                if lang == "en" and ptype in ("oblast", "krai") and n == stem:
                    continue  # the capital's name, not the division's
                aliases.append((n, lang, SOURCE))
            iso_name = str(fields.get("name") or "")
            if country in ("kr", "kp") and "," not in iso_name and script_of(iso_name) == "Latn":
                aliases.append((iso_name, "ko-Latn", SOURCE))  # the ISO romanization: RR in the south, MR in the north
            seen = {_key(name)}
            unique = []
            for a in aliases:
                if _key(a[0]) not in seen:
                    seen.add(_key(a[0]))
                    unique.append(a)
            places.append(Place(slug(name), "", name, country, unique, {"iso3166_2": code}, ptype))
    return places


def _key(text: str) -> str:
    from aliasdb.names.normalize import normalize

    return normalize(text)
