"""Imported places beside the curated table (issue #20): the shipped set of tables, loading
several tables as one, namesakes, qualified place names, and imported places in running text.

* The shipped table is ``aliases.yaml`` (curated) and the imported files of ``places/``
  (``aliasdb import``), loaded together and cached as one compiled index.
* A name several entities share is theirs alike, except that the one curated entity among them
  that does not list it under ``ambiguous`` *holds* it against imported places that have it as a
  former name (Калининград of Korolev, written weak by the importer). Where it is an imported
  town's own name (the Donetsk of Rostov Oblast), the name alone is None; in running text the
  curated entity holds it. Four imported Kirovsks: "Kirovsk" alone is None.
* An imported place is met by its spellings only: not by sound or edits, nor through a reading
  that cuts letters off (*Boris* is not *Bor* with a Lithuanian ending).
* A place qualified by its division or country ("Kirovsk, Murmansk Oblast", "Kirovsk (Leningrad
  Oblast)", "Donetsk, Russia") resolves to the one namesake the qualifier fits.
* In running text an imported place is weak: it is a mention only when written with a capital
  (or in Hangul) and either written whole with its type (*Oblast*, *область*), after a place cue
  (*in*, *near*, *à*, *в*, *під*, Korean 에서 after it), or beside a curated place of its country
  or its own division (*Vuhledar and Pokrovsk*, *Kirovsk, Murmansk Oblast*). Small towns named like common words or given
  names stay out of the rest of the text.

Kept apart from the resolver (which is being restructured) behind four calls: ``holder``,
``refused``, ``qualified`` and ``weak_places``.
"""

from __future__ import annotations

import os
import re

from aliasdb.kinds import ALL, DIVISION_GENITIVES, KIND
from aliasdb.limits import BESIDE_CHARS
from aliasdb.model import replace
from aliasdb.resolver.cascade import every_hit

TYPE_CHECKING = False  # typing's, without importing typing: a one-shot lookup would pay for it
if TYPE_CHECKING:
    from aliasdb.model import Entity, Match
    from aliasdb.resolver.front import AliasDB
    from aliasdb.table.read import Problem
    from aliasdb.text.annotator import Mention

__all__ = ["IMPORT_SOURCES", "default_table_files", "load_tables", "check_tables", "holder", "refused", "qualified",
           "weak_places", "is_imported"]

#: The ``sources:`` keys the importers write: an entity all of whose aliases come from them is imported.
IMPORT_SOURCES = frozenset({"geonames", "iso3166-2"})
#: The countries a qualifier may name, by the id of their curated entity.
COUNTRY_IDS = {"place:russia": "ru", "place:ukraine": "ua", "place:south-korea": "kr", "place:north-korea": "kp"}


def default_table_files() -> list[str]:
    """The shipped tables: ``aliases.yaml`` and the imported ``places/*.yaml``, inside the
    installed package or at the root of a checkout."""
    from aliasdb.index.cache import PACKAGE

    here = os.path.realpath(PACKAGE)
    root = here if os.path.isfile(os.path.join(here, "aliases.yaml")) else os.path.dirname(here)
    folder = os.path.join(root, "places")
    places = sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".yaml")) if os.path.isdir(folder) else []
    return [os.path.join(root, "aliases.yaml"), *places]


def load_tables(cls: type[AliasDB], paths: list[str], *, cache: bool = True) -> AliasDB:
    """Several tables read as one (ids unique across them), compiled and cached as ``AliasDB.load``
    caches one: under the digest of every file's bytes, so that a change to any rebuilds it."""
    from aliasdb.index import store
    from aliasdb.index.cache import stamped, table_cache_digest
    from aliasdb.table.read import MAX_TABLE_BYTES, Problem, TableError, read_at_most, table_from_bytes

    names = [p if isinstance(p, str) else os.fsdecode(p) for p in paths]
    if not names:
        raise TableError([Problem("", 0, "", "no table given")])

    def read_all() -> list[bytes]:
        raws = []
        for p in names:
            try:
                with open(p, "rb") as f:
                    raws.append(read_at_most(f, MAX_TABLE_BYTES))
            except OSError as exc:
                raise TableError([Problem(p, 0, "", f"cannot read the table ({exc.strerror or exc})")]) from None
        return raws

    raws: list[bytes] = []
    source = " + ".join(names)

    def digest_of() -> str:
        raws[:] = read_all()
        return store.table_digest("\n".join(table_cache_digest(p, raw) for p, raw in zip(names, raws, strict=True)).encode())

    # (a stamp of the files' stat stands for their bytes: a cached index found is used without reading them)
    digest = stamped("tables:" + "\n".join(map(os.path.abspath, names)), names, digest_of) if cache else ""

    def build() -> list[Entity]:
        if not raws:
            raws[:] = read_all()
        entities, problems, per_file = [], [], []
        for p, raw in zip(names, raws, strict=True):
            found, bad = table_from_bytes(raw, p)
            entities.extend(found)
            problems.extend(bad)
            per_file.append(found)
        raws.clear()  # (not held while the index is built)
        owner: dict[str, str] = {}
        for p, found_in in zip(names, per_file, strict=True):  # (each file checks its own ids; these are across files)
            for e in found_in:
                if owner.setdefault(e.id, p) != p:
                    problems.append(Problem(p, e.line, e.id, f"id is also an id of {owner[e.id]}; rename one"))
        if problems:
            raise TableError(problems)
        return entities

    return cls.cached(names[0], source, digest if cache else "", build)


def check_tables(paths: list[str]) -> tuple[list[Problem], list[Entity]]:
    """``aliasdb check`` on several tables as one (collisions, part_of and ids across them); each
    problem names the file of its entity."""
    from aliasdb.model import replace
    from aliasdb.table.check import check_entities
    from aliasdb.table.read import read_table

    entities: list[Entity] = []
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for p in paths:
        found, bad = read_table(p)
        entities.extend(found)
        problems.extend(bad)
        for e in found:
            if owner.setdefault(e.id, p) != p:
                from aliasdb.table.read import Problem

                problems.append(Problem(p, e.line, e.id, f"id is also an id of {owner[e.id]}; rename one"))
    if not problems:
        problems = [replace(x, path=owner.get(x.entity, x.path)) for x in check_entities(entities, paths[0])]
    return problems, entities


def _marks(entity: Entity, alias: str) -> bool:
    from aliasdb.names.normalize import normalize

    key = normalize(alias)
    return any(normalize(a) == key for a in entity.ambiguous)


def holder(db: AliasDB, tied: list[tuple[int, str]], *, text: bool = False) -> int | None:
    """Of entities tied on a name (entity index, the alias each met), the one that holds it: the
    only one that is curated (not imported), met through a strong alias that it does not list under
    ``ambiguous``, and only when no imported place is met through its own name (a strong alias:
    the importer writes a former name, Калининград for Korolev, weak). A real town of the same
    name (the Donetsk of Rostov Oblast) makes the name alone None, but in running text
    (``text``), where an imported place is weak, the curated entity keeps it. None when there is
    no such one (namesakes alike, or a tie the table does not know of)."""
    from aliasdb.resolver.cascade import is_weak

    index = db.index
    if len({ei for ei, _ in tied}) < 2:
        return None
    free = set()
    for ei, alias in tied:
        e = index.entity(ei)
        if is_imported(e):
            if not text and not is_weak(index, ei, alias):
                return None  # its own name: a namesake as real as the curated entity
        elif is_weak(index, ei, alias):
            return None  # (a curated weak alias is weighed by cascade.decide)
        elif not _marks(e, alias):
            free.add(ei)
    return free.pop() if len(free) == 1 else None


def refused(entity: Entity, match: Match, shortened: bool) -> str | None:
    """Why a match on an imported place is not trusted, or None: an imported place is met by its
    spellings only, not by sound or edits, nor through a reading that cuts two Latin letters or
    more off the name (a shortened reading, ``shortened``, or an ending its keys read off) (Boris is no Bor with a Lithuanian
    ending; Russian case endings and Korean particles are still read off). A spelling of the name
    in another convention is no cut: Atschinsk is Achinsk written in German."""
    if not is_imported(entity):
        return None
    if match.method in ("phonetic", "fuzzy"):
        return "imported places are not met by sound or edits"
    from aliasdb.names.normalize import normalize, script_of

    query, alias = normalize(match.query), normalize(match.alias)
    letters_q, letters_a = "".join(filter(str.isalpha, query)), "".join(filter(str.isalpha, alias))
    cut = shortened or letters_q.startswith(letters_a)  # (an ending read off: Boris is Bor and -is)
    if cut and script_of(query) == script_of(alias) == "Latn" and len(letters_q) - len(letters_a) >= 2:
        return "imported places are not met through a reading that cuts letters off"
    return None


_QUALIFIED = re.compile(r"^\s*(?P<head>[^,()]+?)\s*(?:,\s*(?P<after>[^,]+?)|\(\s*(?P<within>[^,]+?)\s*\))\s*$")
#: The words a division's name adds to its stem, in the languages of the table ("Luhansk" stands
#: for "Luhansk Oblast").
_DIVISION_WORDS = re.compile(r"(?i)\b(oblast|oblast'|krai|kray|province|region|republic|autonomous okrug|okrug|"
                             r"область|обл|край|республика|республіка|округ|do|도)\b\.?")


#: A town and its division in the genitive after it: Донецк Ростовской области, Кировськ Луганської області.
_GENITIVE = re.compile(r"^\s*(?P<head>\S+(?:[ -]\S+)?)\s+(?P<division>\S+(?:\s+автономного)?\s+\S+)\s*$")
#: Ukrainian genitive endings of a division's name, and their nominative (Луганської області:
#: Луганська область; Russian ones are read as case endings already).
_UK_GENITIVE = ((re.compile(r"ої(?=\s)"), "а"), (re.compile(r"області$"), "область"), (re.compile(r"краю$"), "край"))


def _nominative(division: str) -> str:
    for rule, nominative in _UK_GENITIVE:
        division = rule.sub(nominative, division)
    return division


def _stems(entity: Entity) -> set[str]:
    from aliasdb.names.normalize import normalize

    return {normalize(_DIVISION_WORDS.sub(" ", n)) for n in entity.all_names} - {""}


def qualified(db: AliasDB, name: str, kind: str | None) -> Match | None:
    """A place name with its division or country after a comma or in brackets, resolved to the
    one namesake that lies there; None when the name has no such form, or none or several fit."""
    place = next(k.name for k in ALL if k.place_types)
    if kind not in (None, place):
        return None
    m = _QUALIFIED.match(name) if "," in name or "(" in name else None
    g = _GENITIVE.match(name) if m is None and name.endswith(DIVISION_GENITIVES) else None
    if m is not None:
        head, qual = m["head"], m["after"] or m["within"]
    elif g is not None:
        head, qual = g["head"], g["division"]
    else:
        return None
    hits = every_hit(db.index, head, place, loose=False)
    if not hits:
        return None
    from aliasdb.names.normalize import normalize

    top = [h for h in hits if db.match(h, head).method in ("exact", "normalized", "transliterated")]
    said = db.resolve(qual, kind=place) or (db.resolve(_nominative(qual), kind=place) if g else None)
    country = COUNTRY_IDS.get(said.id) if said else None
    key = normalize(qual)
    fits = []
    for h in top:
        e = db.index.entity(h.entity)
        if country is not None:
            if e.country == country:
                fits.append(h)
            continue
        if e.part_of is None:
            continue
        if said is not None and said.id == e.part_of:
            fits.append(h)
            continue
        try:
            division = db.get(e.part_of)
        except LookupError:
            continue
        if key in _stems(division):
            fits.append(h)
    # (every strict tier: a former name, Kirovsk for Holubivka, is met at a lower tier than the
    # namesakes' own; of those that fit, the best tier decides, as it does for a name alone)
    best = [h for h in fits if h.rank == fits[0].rank] if fits else []
    if len({h.entity for h in best}) != 1:
        return None
    return db.match(best[0], name)


def is_imported(entity: Entity) -> bool:
    """Whether every name of an entity comes from an importer (an imported place; one with no
    alias: its external id says so)."""
    if not all(a.source in IMPORT_SOURCES for a in entity.facts) or len(entity.facts) != len(entity.aliases):
        return False
    return bool(entity.facts) or entity.geonames is not None or entity.iso3166_2 is not None


#: Words right before a name that say it is a place (normalized: près is pres), and pairs of them.
_CUES = frozenset("""in near outside around a pres dans vers bei nahe nach
    в во под около возле город городе поселок у під біля місто місті""".split())
_CUE_PAIRS = frozenset({"town of", "city of", "village of", "pres de", "ville de", "commune de", "nahe bei", "in der"})
#: Korean particles and place words right after a Hangul name that say it is a place.
_KO_CUE = re.compile(r"^(에서|에|으로|로|시|군|읍|지역)")
_KO_CUE_END = re.compile(r"(에서|에|으로|시|군|읍)$")
_SENTENCE = re.compile(r"[.!?。\n]\s")
_BESIDE_WORDS = frozenset("and et und и і та or ou oder или або in à en im в у near".split())


def weak_places(db: AliasDB, text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions, less those of imported places that the text does not confirm as places."""
    cache = db.__dict__.setdefault("_imported", {})

    def imported(eid: str) -> bool:
        if eid not in cache:
            cache[eid] = is_imported(db.get(eid))
        return bool(cache[eid])

    places = _Near([m for m in mentions if KIND[m.kind].place_types])
    mentions = [_namesake(db, text, m, places, imported) for m in mentions]
    if not any(imported(m.id) for m in places):
        return mentions
    out = []
    for m in mentions:
        if not KIND[m.kind].place_types or not imported(m.id) or _confirmed(db, text, m, places, imported):
            out.append(m)
    return out


class _Near(list["Mention"]):
    """The place mentions of a text in its order, and those that may stand beside one: within
    ``BESIDE_CHARS`` of it (a long text has thousands: each against every other was quadratic,
    and sliced the text between them)."""

    def __init__(self, places: list[Mention]):
        super().__init__(sorted(places, key=lambda o: o.start))
        self.starts = [o.start for o in self]
        self.longest = max((o.end - o.start for o in self), default=0)

    def around(self, m: Mention) -> list[Mention]:
        from bisect import bisect_left, bisect_right

        lo = bisect_left(self.starts, m.start - BESIDE_CHARS - self.longest)
        return [o for o in self[lo : bisect_right(self.starts, m.end + BESIDE_CHARS)]
                if (m.start - o.end if o.end <= m.start else o.start - m.end) <= BESIDE_CHARS]


def _namesake(db: AliasDB, text: str, m: Mention, places: _Near, imported: object) -> Mention:
    """A curated place's mention, or the imported namesake's when the text writes the name beside
    that namesake's own division (Donetsk, Rostov Oblast): the curated entity holds the name in
    text only where nothing says it is the other place."""
    if not KIND[m.kind].place_types or not callable(imported) or imported(m.id):
        return m
    divisions = {o.id for o in places.around(m) if o is not m and _beside(text[o.end : m.start] if o.end <= m.start
                                                                              else text[m.end : o.start])}
    if not divisions:
        return m
    hits = every_hit(db.index, m.text, m.kind, loose=False)
    top = [h for h in hits if h.rank == hits[0].rank] if hits else []
    fits = {h.entity for h in top if imported(db.index.entity_id(h.entity)) and db.index.entity(h.entity).part_of in divisions}
    if len(fits) != 1:
        return m
    found = db.match(next(h for h in top if h.entity in fits), m.text)
    return replace(m, id=found.id, name=found.name, score=found.score, method=found.method)


def _beside(gap: str) -> bool:
    words = gap.strip(" ,;()").split()
    return len(gap) <= BESIDE_CHARS and not _SENTENCE.search(gap + " ") and all(w in _BESIDE_WORDS for w in words)


def _confirmed(db: AliasDB, text: str, m: Mention, places: _Near, imported: object) -> bool:
    from aliasdb.names.normalize import normalize, script_of

    surface = m.text
    hangul = script_of(surface) == "Hang"
    if not hangul and not surface[:1].isupper():
        return False
    if _DIVISION_WORDS.search(surface):
        return True  # written whole with its type: Belgorod Oblast, Белгородская область
    if hangul and (_KO_CUE.match(text[m.end : m.end + 3]) or _KO_CUE_END.search(surface)):
        return True  # (the annotator's surface keeps a particle: 구미에서)
    before = normalize(text[max(0, m.start - 30) : m.start]).split()
    if before and (before[-1] in _CUES or " ".join(before[-2:]) in _CUE_PAIRS):
        return True
    e = db.get(m.id)
    for other in places.around(m):  # beside another place: "Vuhledar and Pokrovsk", "Kirovsk, Murmansk Oblast"
        gap = text[other.end : m.start] if other.end <= m.start else text[m.end : other.start]
        if other is m or not _beside(gap):
            continue
        if other.id == e.part_of:
            return True
        if callable(imported) and not imported(other.id) and db.get(other.id).country == e.country:
            return True
    return False
