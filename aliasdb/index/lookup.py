"""The index: every alias cut into parts, and every key of every part pointing back at its aliases.

Matching never scans the table. A query's candidates are the aliases that share a key with each
of its name parts (or with a run of them written as one); only those are aligned and scored.
Keys are namespaced by level: ``n`` normalized part, ``t`` transliteration skeleton, ``l`` sound
classes of a transcription, ``p`` phonetic code, ``d`` one-deletion neighbour of a skeleton (for
the bounded edit distance, in the manner of SymSpell).

Two levels keep it small: keys point at *forms* (a part or run of parts as one table spells it,
shared by every alias that spells it so), and forms point at aliases. Everything is a flat
array, so the same structure is built in memory or mapped from a compiled file (see store.py)
without reading it: a million entities open in the time it takes to check the file.
"""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache

from aliasdb.kinds import KIND, KINDS, PERSON_CODES
from aliasdb.limits import (
    ARRAY_RATIO,
    ARRAYS_FROM,
    FUZZY_MIN_CHARS,
    INTERSECT_RATIO,
    MAX_MERGE,
    MIN_LOAN_CHARS,
    SEARCH_BLOCK,
    SEARCHED_FROM,
    UNNAMED_FROM_PARTS,
    VERIFIED_FORMS,
)
from aliasdb.match.align import alias_written_keys, compare, mergeable
from aliasdb.model import Alias, Entity, frozen, replace
from aliasdb.names.language import FAMILIES, family_of  # (FAMILIES: which key family a country's names are read in)
from aliasdb.names.normalize import fold
from aliasdb.names.parts import Part, Spelling, exact_form, merge, merged_spelling, parts, strip_place_type
from aliasdb.translit import english_given_name_keys, korean_keys, loan_keys, ukrainian_given_name_keys

TYPE_CHECKING = False  # typing's, without importing typing
if TYPE_CHECKING:
    from typing import Any

try:  # the hash itself: hashlib would load OpenSSL first, a tenth of a one-shot lookup
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

__all__ = ["AliasRecord", "Index", "part_keys", "key_hash", "SECTIONS"]


@frozen
class AliasRecord:
    """One indexed alias of one entity."""

    entity: int  # position in the index's entities (sorted by id)
    text: str
    parts: tuple[Part, ...]
    surname: frozenset[int]  # which parts are the surname (persons only)
    family: str | None = None  # "ko" or "sl": the language the table says the name is in


def _with_keys(p: Part, extra: frozenset[str]) -> Part:
    return replace(p, keys=p.keys | extra) if extra else p


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def part_keys(p: Part, *, loose: bool = True, query: bool = False, run: bool = False, loans: bool = True) -> set[str]:
    """The index keys of one part; ``loose=False`` leaves out the phonetic and edit-distance ones.

    Sound classes (``l``) are for a Slavic name and its Hangul transcription, so an alias files
    them under its script (``lh`` Hangul, ``lx`` the others) and a query looks them up under the
    other one; a Latin or Cyrillic run of parts written as one has none, and neither has any part
    with ``loans=False`` (an alias in a Korean name, a query part when no alias is in Hangul)."""
    out = {"n" + p.norm}
    out.update("t" + k for k in p.keys)
    hangul = "\uac00" <= p.text[:1] <= "\ud7a3"
    if (hangul or not run) and (loans or (query and hangul)):  # (a Hangul word is cut into syllables: its run is the word)
        side = ("lx" if hangul else "lh") if query else ("lh" if hangul else "lx")
        out.update(side + k for k in loan_keys(p.text) if len(k) >= MIN_LOAN_CHARS)
    if not loose:
        return out
    out.update("p" + k for k in p.phonetic)
    for w in {p.primary, p.norm}:
        if len(w) >= FUZZY_MIN_CHARS:
            out.add("d" + w)
            out.update("d" + d for d in _deletions(w))
    return out


#: Where an alias with more spelled-out forms than ``score.MAX_WRITTEN_KEYS`` is filed: under
#: every one (no spelled-out form is a star: each is "w" and letters).
WRITTEN_ANY = "*"

#: A key no query looks up, filed when some alias is a Hangul transcription with sound classes:
#: without one, a query part's own sound classes (costly to make) are not looked up.
HANGUL_LOANS = "lh"
#: (issue #20) A key no query looks up, filed when some alias is weak: without one, no hit is checked for it.
WEAK_ALIASES = "!weak"


def key_hash(key: str) -> int:
    """A key's 64-bit address, the same in every process (Python's own hash is salted)."""
    return int.from_bytes(blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def _query_hashes(p: Part, loose: bool, run: bool, loans: bool) -> list[int]:
    """(Not cached: what they find is, ``Index._forms``.)"""
    return [key_hash(k) for k in part_keys(p, loose=loose, query=True, run=run, loans=loans)]


def _groups(ps: tuple[Part, ...], alias: bool = False, family: str | None = None) -> Iterable[tuple[int, int, Part]]:
    """Each part and each run of adjacent parts written as one: (first part, run length, part);
    of an alias, only the runs that ``mergeable`` allows."""
    for i in range(len(ps)):
        yield i, 1, ps[i]
        for size in range(2, MAX_MERGE + 1):
            if i + size <= len(ps) and (not alias or mergeable(ps[i : i + size], family)):
                yield i, size, merge(ps[i : i + size], family if alias else "run")


def _surname_keys(entity: Entity) -> frozenset[str]:
    """Keys that identify the surname of a person: the first syllable of a Hangul name; else in
    the name, the part before a comma (KHRUSHCHEV, Nikita), the first of three ending in a
    patronymic (Белоусов Андрей Рэмович), or the last (Andrei Belousov)."""
    # (a Russian or Ukrainian person's name written in Hangul, 안드레이 벨로우소프, has its surname last)
    for alias in entity.all_names if FAMILIES.get(entity.country or "") != "sl" else ():
        ps = parts(alias)
        if ps and any("\uac00" <= ch <= "\ud7a3" for ch in ps[0].text):
            return frozenset(korean_keys(ps[0].text)) | {ps[0].norm}
    ps = parts(entity.name)
    if not ps:
        return frozenset()
    first_is_surname = "," in entity.name or (len(ps) >= 3 and ps[-1].patronymic)
    surname = ps[0] if first_is_surname else ps[-1]
    return surname.keys | {surname.norm}


_FAMILY_CODES: tuple[str | None, ...] = (None, "ko", "sl")


def alias_parts(text: str, family: str | None, person: bool, surname: int) -> tuple[Part, ...]:
    """The parts of an alias as the index reads them: in its table language, a person's given
    names with their other-language forms, and the surname (a bit mask) never a patronymic."""
    ps = parts(text, family=family)
    if person:  # for a Ukrainian, Mykola is Nikolai; for anyone, Nicholas is
        if family == "sl":  # Ukrainian text writes Russians' names in Ukrainian forms too
            ps = tuple(_with_keys(p, ukrainian_given_name_keys(p.keys)) for p in ps)
        ps = tuple(_with_keys(p, english_given_name_keys(p.keys)) for p in ps)
    # a surname that looks like a patronymic (Yanukovych, Abramovich) is still the surname
    return tuple(replace(p, patronymic=False) if surname >> i & 1 and p.patronymic else p for i, p in enumerate(ps))


def _entity_json(e: Entity) -> bytes:
    # (the last two items, issue #20: per-alias facts and external ids; they survive a compiled index)
    return json.dumps([e.id, e.kind, e.name, list(e.aliases), e.country, [list(h) for h in e.historical],
                       list(e.ambiguous), e.line, [[a.name, a.lang, a.weak, a.since, a.until, a.source] for a in e.facts],
                       [e.wikidata, e.geonames, e.iso3166_2, e.place_type, e.part_of]],
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def _part_json(p: Part) -> bytes:
    return json.dumps([p.text, p.norm, sorted(p.keys), p.primary, sorted(p.phonetic), p.patronymic, p.initial],
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def _part_from_json(raw: bytes, path: str = "index") -> Part:
    from aliasdb.index.validate import part_row

    text, norm, keys, primary, phonetic, patronymic, initial = part_row(json.loads(raw.decode("utf-8", "surrogatepass")), path)
    return Part(text, norm, frozenset(keys), primary, frozenset(phonetic), bool(patronymic), bool(initial))


def _entity_from_json(raw: bytes, path: str = "index") -> Entity:
    from aliasdb.index.validate import entity_row

    eid, kind, name, aliases, country, historical, ambiguous, line, facts, ids = entity_row(
        json.loads(raw.decode("utf-8", "surrogatepass")), path)
    wikidata, geonames, iso3166_2, place_type, part_of = ids
    return Entity(id=eid, kind=kind, name=name, aliases=tuple(aliases), country=country,
                  historical=tuple((a, b) for a, b in historical), ambiguous=tuple(ambiguous), line=line,
                  facts=tuple(Alias(*f) for f in facts), wikidata=wikidata, geonames=geonames, iso3166_2=iso3166_2,
                  place_type=place_type, part_of=part_of)


#: The arrays an index is made of, with their element types: what a compiled file holds.
SECTIONS: dict[str, str] = {
    "ent_kind": "B", "ent_off": "Q", "ent_blob": "B", "id_off": "Q", "id_blob": "B",
    "rec_ent": "I", "rec_fam": "B", "rec_sur": "Q", "rec_off": "Q", "rec_blob": "B",
    "x_hash": "Q", "x_off": "Q", "x_rec": "I", "w_hash": "Q", "w_off": "Q", "w_rec": "I",
    "k_hash": "Q", "k_off": "Q", "k_form": "I",
    "f_off": "Q", "f_rec": "I", "r_off": "Q", "r_form": "I",
    "form_off": "Q", "form_blob": "B", "p_off": "Q", "p_form": "I", "g_off": "Q", "g_form": "I", "g_bits": "Q",
}


class Index:
    """Aliases of a list of entities, indexed by exact form and by part keys.

    Built in memory or mapped from a compiled file, it is the same flat arrays read the same
    way, so a resolver gives the same answers either way. Reading never changes it: one index
    serves any number of threads."""

    def __init__(self, entities: Iterable[Entity]):
        self._load({name: memoryview(raw).cast(SECTIONS[name]) for name, raw in build_sections(entities).items()})  # type: ignore[call-overload]

    @classmethod
    def from_sections(cls, sections: dict[str, memoryview]) -> Index:
        """An index over sections read back from a compiled file (see store.py)."""
        index = cls.__new__(cls)
        index._load(sections)
        return index

    def _load(self, a: dict[str, memoryview]) -> None:
        self.sections = a
        self.path = "index"  # the compiled file it was read from, for error messages (store.read_index sets it)
        (self._ent_kind, self._ent_off, self._ent_blob, self._id_off, self._id_blob, self._rec_ent, self._rec_fam,
         self._rec_sur, self._rec_off, self._rec_blob, self._x_hash, self._x_off, self._x_rec, self._w_hash, self._w_off,
         self._w_rec, self._k_hash, self._k_off,
         self._k_form, self._f_off, self._f_rec, self._r_off, self._r_form, self._form_off, self._form_blob, self._p_off,
         self._p_form, self._g_off, self._g_form, self._g_bits) = (a[name] for name in SECTIONS)
        self._form_part = lru_cache(maxsize=262144)(self._stored_part)
        self.entity = lru_cache(maxsize=65536)(self._entity)
        # no cache for records: most are read once per query, and a cache of millions of small
        # objects would make every full garbage collection scan them
        self.record = self._record
        self._forms = lru_cache(maxsize=65536)(self._part_forms)
        self.normalized_forms = lru_cache(maxsize=65536)(self._normalized_forms)
        self.spelled_forms = lru_cache(maxsize=65536)(self._spelled_forms)
        self._hangul_loans = self.has_key(HANGUL_LOANS)
        self.has_weak = self.has_key(WEAK_ALIASES)  # (issue #20)
        self.weak_aliases = lru_cache(maxsize=65536)(self._weak_aliases)
        self._arrays: dict[str, Any] = {}  # sections as NumPy arrays, made on first use
        self._fence: Any = None
        self._marks: list[Any] = []  # a bit per alias for _meeting_arrays, one per thread at work (list ops are atomic)

    # -- entities ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._ent_kind)

    def _entity(self, i: int) -> Entity:
        try:  # (a compiled file is checked as it is read: see validate.py)
            return _entity_from_json(bytes(self._ent_blob[self._ent_off[i] : self._ent_off[i + 1]]), self.path)
        except (ValueError, IndexError, RecursionError) as exc:
            raise _corrupt(self.path, f"entity {i}", exc) from None

    def _weak_aliases(self, i: int) -> frozenset[str]:
        return self.entity(i).weak_aliases

    def entities(self) -> Iterator[Entity]:
        return (self.entity(i) for i in range(len(self)))

    def kind(self, i: int) -> str:
        return KINDS[self._ent_kind[i]]

    def person(self, i: int) -> bool:
        """Are entity ``i``'s names persons' names (``kinds.Kind.person_names``)?"""
        return PERSON_CODES[self._ent_kind[i]]

    def entity_id(self, i: int) -> str:
        try:
            return bytes(self._id_blob[self._id_off[i] : self._id_off[i + 1]]).decode("utf-8", "surrogatepass")
        except (ValueError, IndexError) as exc:
            raise _corrupt(self.path, f"id {i}", exc) from None

    def find(self, entity_id: str) -> int | None:
        """The position of an entity by id (entities are sorted by id)."""
        lo, hi = 0, len(self)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.entity_id(mid) < entity_id:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < len(self) and self.entity_id(lo) == entity_id else None

    # -- aliases -------------------------------------------------------------------------------
    def _stored_part(self, fi: int) -> Part:
        try:
            return _part_from_json(bytes(self._form_blob[self._form_off[fi] : self._form_off[fi + 1]]), self.path)
        except (ValueError, IndexError, RecursionError) as exc:
            raise _corrupt(self.path, f"form {fi}", exc) from None

    def _record(self, ri: int) -> AliasRecord:
        """An alias with its parts as they were indexed (read back, not transliterated again)."""
        text = self.record_text(ri)
        mask = self._rec_sur[ri]
        ps = tuple(self._form_part(fi) for fi in self._p_form[self._p_off[ri] : self._p_off[ri + 1]])
        ps = tuple(replace(p, patronymic=False) if mask >> i & 1 and p.patronymic else p for i, p in enumerate(ps))
        surname = frozenset(i for i in range(len(ps)) if mask >> i & 1)
        return AliasRecord(self._rec_ent[ri], text, ps, surname, _FAMILY_CODES[self._rec_fam[ri]])

    def record_text(self, ri: int) -> str:
        try:
            return bytes(self._rec_blob[self._rec_off[ri] : self._rec_off[ri + 1]]).decode("utf-8", "surrogatepass")
        except (ValueError, IndexError) as exc:
            raise _corrupt(self.path, f"alias {ri}", exc) from None

    def record_entity(self, ri: int) -> int:
        return self._rec_ent[ri]

    def record_family(self, ri: int) -> str | None:
        return _FAMILY_CODES[self._rec_fam[ri]]

    def exact(self, form: str) -> list[int]:
        """Aliases whose exact form is this one."""
        found = _lookup(self._x_hash, self._x_off, self._x_rec, key_hash(form))
        return [ri for ri in found if exact_form(self.record_text(ri)) == form]

    def written(self, spelled: Iterable[str]) -> list[int]:
        """Aliases that spell out one of these (``score.as_written_keys``), and those filed under
        every spelling (``WRITTEN_ANY``)."""
        found: set[int] = set(_lookup(self._w_hash, self._w_off, self._w_rec, key_hash(WRITTEN_ANY)))
        for k in spelled:
            found.update(_lookup(self._w_hash, self._w_off, self._w_rec, key_hash("w" + k)))
        return sorted(found)

    def has_key(self, key: str) -> bool:
        return bool(_lookup(self._k_hash, self._k_off, self._k_form, key_hash(key)))

    def _normalized_forms(self, norm: str) -> frozenset[int]:
        """Forms whose normalized part (or run of parts) is this one."""
        return frozenset(_lookup(self._k_hash, self._k_off, self._k_form, key_hash("n" + norm)))

    def _part_forms(self, p: Part, loose: bool, run: bool) -> frozenset[int]:
        """Forms that share any key with this part; with ``loose``, of the forms of one part only
        those it meets (``compare``): an edit-distance key is shared by many spellings the bounded
        edit distance keeps apart, and each would bring its aliases to be tested one by one."""
        found = self._key_forms(_query_hashes(p, loose, run, self._hangul_loans))
        if loose and len(found) <= VERIFIED_FORMS:
            form_off, part = self._form_off, self._form_part
            found = {f for f in found if form_off[f] == form_off[f + 1] or compare(p, part(f)) is not None}
        return frozenset(found)

    def _spelled_forms(self, p: Part) -> frozenset[int]:
        """Forms that share the normalized part or a transliteration key with this part: what a
        pair of parts needs to meet at the normalized or transliterated level."""
        return frozenset(self._key_forms([key_hash(k) for k in {"n" + p.norm, *("t" + k for k in p.keys)}]))

    def _key_forms(self, hashes: list[int]) -> set[int]:
        """The forms filed under any of these key hashes. In a large index, a part's dozen keys
        are found in one NumPy search, not one bisection each (each step of which makes an int)."""
        k_off, k_form = self._k_off, self._k_form
        found: set[int] = set()
        if len(self._k_hash) < SEARCHED_FROM or len(hashes) < 4:
            for h in hashes:
                found.update(_lookup(self._k_hash, k_off, k_form, h))
            return found
        import numpy as np

        k_hash, fence = self.array("k_hash"), self._fence
        if fence is None:  # every SEARCH_BLOCK-th key hash, in memory: a search in it touches no mapped page
            fence = self._fence = np.ascontiguousarray(k_hash[::SEARCH_BLOCK])
        wanted = np.array(hashes, dtype=np.uint64)
        # each hash's block of SEARCH_BLOCK hashes (one or two pages of the mapped file), searched at once
        first = np.maximum(np.searchsorted(fence, wanted, side="right") - 1, 0) * SEARCH_BLOCK
        at = np.minimum(first[:, None] + np.arange(SEARCH_BLOCK), len(k_hash) - 1)
        for i in at[k_hash[at] == wanted[:, None]].tolist():
            found.update(k_form[k_off[i] : k_off[i + 1]])
        return found

    def part_forms(self, ri: int) -> memoryview:
        """The forms of an alias's parts, in order."""
        return self._p_form[self._p_off[ri] : self._p_off[ri + 1]]

    def run_forms(self, ri: int) -> tuple[memoryview, memoryview]:
        """The forms of an alias's runs of parts written as one, and which parts each holds (bits)."""
        lo, hi = self._g_off[ri], self._g_off[ri + 1]
        return self._g_form[lo:hi], self._g_bits[lo:hi]

    def surname_mask(self, ri: int) -> int:
        return self._rec_sur[ri]

    def forms_of(self, ri: int) -> memoryview:
        """The forms (parts and runs of parts) an alias is filed under."""
        return self._r_form[self._r_off[ri] : self._r_off[ri + 1]]

    def candidates(self, q: tuple[Part, ...], loose: bool = True, normalized: bool = False,
                   every: bool = False) -> list[int]:
        """Aliases that could align with the query, in index order: each required query part,
        alone or written together with a neighbour, shares a key with the alias (``normalized``:
        its normalized form, which every alias met at the normalized level shares; ``every``:
        a patronymic is required too, as it is by every match that does not leave it out).

        The part with the fewest aliases picks the first candidates; each other part then only
        filters them, through the forms of each candidate, so a common name part (Kim, Ivan)
        never costs a pass over all its aliases."""
        if normalized:
            return self._meeting(self._normalized_per_part(q), q, every)
        per_part: list[set[int]] = [set() for _ in q]
        for start, size, g in _groups(q):
            found = self._forms(g, loose, size > 1)
            if found:
                for i in range(start, start + size):
                    per_part[i] |= found
        return self._meeting(per_part, q, every)

    def spelled_candidates(self, q: tuple[Part, ...], alias: bool = False, family: str | None = None) -> list[int]:
        """``candidates(q, loose=False, every=True)`` narrowed to what a match at the transliterated
        level at best needs (``resolver/shared.py``): each part, alone or written together with a
        neighbour, shares its normalized form or a transliteration key with the alias; no sound
        classes, which cost the most to make and meet at the phonetic level only. ``q`` may be an
        alias's parts (``alias``, in its ``family``): then only the runs it may be written as."""
        per_part: list[set[int]] = [set() for _ in q]
        for start, size, g in _groups(q, alias, family):
            found = self.spelled_forms(g)
            if found:
                for i in range(start, start + size):
                    per_part[i] |= found
        return self._meeting(per_part, q, True)

    def candidates_as_written(self, q: tuple[Spelling, ...]) -> list[int]:
        """``candidates(parts, normalized=True, every=True)`` for a query's spellings alone
        (``keys.as_written``): no key but the normalized form is needed."""
        return self._meeting(self._normalized_per_part(q), q, True)

    def _normalized_per_part(self, q: tuple[Part | Spelling, ...]) -> list[set[int]]:
        """The forms each query part meets at the normalized level, alone or in a run written as one."""
        per_part: list[set[int]] = [set() for _ in q]
        for start in range(len(q)):
            for size in range(1, MAX_MERGE + 1):
                if start + size <= len(q):
                    norm = q[start].norm if size == 1 else merged_spelling(q[start : start + size]).norm
                    found = self.normalized_forms(norm)
                    if found:
                        for i in range(start, start + size):
                            per_part[i] |= found
        return per_part

    def _meeting(self, per_part: list[set[int]], q: tuple[Part | Spelling, ...], every: bool) -> list[int]:
        """The aliases that hold a form of each required part (``per_part``: the forms each part meets)."""
        free_patronymic = len(q) >= UNNAMED_FROM_PARTS and not every  # as align has it
        required = [f for f, p in zip(per_part, q, strict=True)
                    if not (p.initial or (p.patronymic and free_patronymic))] or per_part
        f_off, f_rec = self._f_off, self._f_rec
        sizes = [sum(f_off[f + 1] - f_off[f] for f in forms) for forms in required]
        order = sorted(range(len(required)), key=sizes.__getitem__)
        if not order or not sizes[order[0]]:
            return []
        rest = order[1:]
        if sizes[order[0]] >= ARRAYS_FROM:
            recs, rest = self._meeting_arrays(required, order, sizes)
        else:
            recs = set()
            for f in required[order[0]]:
                recs.update(f_rec[f_off[f] : f_off[f + 1]])
        r_off, r_form = self._r_off, self._r_form
        for j in rest:
            forms = required[j]
            if sizes[j] <= INTERSECT_RATIO * len(recs):
                kept: set[int] = set()
                for f in forms:  # (each posting list checked against the candidates, in C)
                    kept |= recs.intersection(f_rec[f_off[f] : f_off[f + 1]])
                recs = kept
            else:
                recs = {r for r in recs if not forms.isdisjoint(r_form[r_off[r] : r_off[r + 1]])}
            if not recs:
                return []
        return sorted(recs)

    def _meeting_arrays(self, required: list[set[int]], order: list[int], sizes: list[int]) -> tuple[set[int], list[int]]:
        """``_meeting``'s first steps for parts with thousands of aliases each (Korean syllables,
        common given names), in NumPy: each part's posting lists gathered at once and filtered
        through a bit per alias, not an int per alias in a set. Returns the candidates, and the
        parts still to check (those whose posting lists far outnumber the candidates)."""
        import numpy as np

        f_off, f_rec = self._f_off, self.array("f_rec")

        def gather(forms: set[int]) -> Any:
            return np.concatenate([f_rec[f_off[f] : f_off[f + 1]] for f in forms])

        recs = gather(required[order[0]])
        k = 1
        if k < len(order) and sizes[order[k]] <= ARRAY_RATIO * len(recs):
            try:  # (taken from the pool and put back clean; lost with an exception, and made anew)
                marks = self._marks.pop()
            except IndexError:
                marks = np.zeros(len(self._rec_ent), dtype=bool)
            while k < len(order) and sizes[order[k]] <= ARRAY_RATIO * len(recs) and len(recs):
                marks[recs] = True
                other = gather(required[order[k]])
                kept = other[marks[other]]
                marks[recs] = False
                recs = kept
                k += 1
            self._marks.append(marks)
        return set(recs.tolist()), order[k:]

    def array(self, name: str) -> Any:
        """A section as a NumPy array (a view of it, not a copy)."""
        got = self._arrays.get(name)
        if got is None:
            import numpy as np

            got = self._arrays[name] = np.frombuffer(self.sections[name], dtype=_DTYPES[SECTIONS[name]])
        return got

    def korean(self, records: list[int]) -> bool:
        """Is any of these aliases in a Korean name?"""
        return bool((self.array("rec_fam")[records] == _KOREAN).any())

    def korean_kept(self, records: list[int], met: set[int], must: dict[bool, list[set[int]]]) -> list[int]:
        """These aliases, but for those in a Korean name that no query meeting these forms can
        count for: what ``db._korean_may_count`` and ``db._spelled_alike`` tell one alias at a
        time, told for hundreds at once in NumPy (a Korean query of one-syllable parts meets that
        many). ``met``: every form the query meets by spelling; ``must[person]``: the forms each
        part it cannot leave out meets, for an alias of a person or of anything else."""
        import numpy as np

        # every form wanted, with a bit for each set that holds it: met, then must[True], must[False]
        wanted = [met, *must[True], *must[False]]
        if len(wanted) > 64:
            return records  # (a name of dozens of parts: tested one alias at a time)
        recs = np.asarray(records, dtype=np.int64)
        ko = recs[self.array("rec_fam")[recs] == _KOREAN]
        if not len(ko):
            return records
        person = np.array(PERSON_CODES, dtype=bool)[self.array("ent_kind")[self.array("rec_ent")[ko]]]
        single, s_row, s_at, count = _rows(self.array("p_form"), self.array("p_off"), ko)
        s_pos = (s_at - np.repeat(self.array("p_off")[ko].astype(np.int64), count)).astype(np.uint64)
        runs, r_row, r_at, _ = _rows(self.array("g_form"), self.array("g_off"), ko)
        run_bits = self.array("g_bits")[r_at]
        bits_by_form: dict[int, int] = {}
        for b, forms in enumerate(wanted):
            for f in forms:
                bits_by_form[f] = bits_by_form.get(f, 0) | 1 << b
        keys = np.fromiter(bits_by_form, dtype=np.uint32, count=len(bits_by_form))
        order = np.argsort(keys)
        keys, key_bits = keys[order], np.fromiter(bits_by_form.values(), dtype=np.uint64, count=len(keys))[order]

        def bits_of(forms: Any) -> Any:
            if not len(keys):
                return np.zeros(len(forms), dtype=np.uint64)
            at = np.minimum(np.searchsorted(keys, forms), len(keys) - 1)
            return np.where(keys[at] == forms, key_bits[at], np.uint64(0))

        def held(forms_bits: Any, b: int) -> Any:
            return forms_bits & np.uint64(1 << b) != 0

        def any_per_row(rows: Any) -> Any:
            out = np.zeros(len(ko), dtype=bool)
            out[rows] = True
            return out

        single_bits, run_met_bits = bits_of(single), bits_of(runs)
        # the alias parts met, alone or in runs written as one: all, or a person's surname
        # standing for the whole
        named = np.zeros(len(ko), dtype=np.uint64)
        hit = held(single_bits, 0)
        np.bitwise_or.at(named, s_row[hit], np.left_shift(np.uint64(1), s_pos[hit]))
        hit = held(run_met_bits, 0)
        np.bitwise_or.at(named, r_row[hit], run_bits[hit])
        wide = count >= 64  # (kept: a mask of their parts would not fit)
        full = named == np.left_shift(np.uint64(1), np.minimum(count, 63).astype(np.uint64)) - np.uint64(1)
        mask = self.array("rec_sur")[ko]
        s_surname = np.right_shift(mask[s_row], s_pos) & np.uint64(1) == 1
        r_surname = run_bits & ~mask[r_row] == 0
        partial = person.copy()
        for i in range(len(must[True])):
            partial &= any_per_row(s_row[s_surname & held(single_bits, 1 + i)]) | \
                any_per_row(r_row[r_surname & held(run_met_bits, 1 + i)])
        # and each part the query cannot leave out meets a form of the alias
        every, a_row, _, _ = _rows(self.array("r_form"), self.array("r_off"), ko)
        every_bits = bits_of(every)
        alike = np.ones(len(ko), dtype=bool)
        for first, who, rows in ((1, True, person), (1 + len(must[True]), False, ~person)):
            for i in range(len(must[who])):
                alike &= any_per_row(a_row[held(every_bits, first + i)]) | ~rows
        dropped = set(ko[~wide & ~((full | partial) & alike)].tolist())
        return [ri for ri in records if ri not in dropped] if dropped else records


def _corrupt(path: str, what: str, exc: Exception) -> Exception:
    from aliasdb.index.validate import CorruptIndex

    if isinstance(exc, CorruptIndex):
        return exc
    return CorruptIndex(f"{path}: corrupted content: {what} cannot be read ({type(exc).__name__})")

#: NumPy's name of each element type of SECTIONS.
_DTYPES = {"B": "uint8", "I": "uint32", "Q": "uint64"}
#: The family code of an alias in a Korean name (``rec_fam``).
_KOREAN = _FAMILY_CODES.index("ko")





def _rows(values: Any, off: Any, rows: Any) -> tuple[Any, Any, Any, Any]:
    """The values of each of these rows of a (values, offsets) section, all in one array: the
    values, the row each came from (its place in ``rows``), where each is in ``values``, and how
    many each row has."""
    import numpy as np

    lo = off[rows].astype(np.int64)
    count = off[rows + 1].astype(np.int64) - lo
    row = np.repeat(np.arange(len(rows)), count)
    first = np.cumsum(count) - count  # where each row's values begin in the result
    at = np.arange(int(count.sum()), dtype=np.int64) - np.repeat(first - lo, count)
    return values[at], row, at, count


def _lookup(hashes: memoryview, off: memoryview, values: memoryview, h: int) -> memoryview:
    """The postings of one hash (empty if absent)."""
    i = bisect_left(hashes, h)
    if i < len(hashes) and hashes[i] == h:
        return values[off[i] : off[i + 1]]
    return values[0:0]


def build_sections(entities: Iterable[Entity]) -> dict[str, bytes]:
    """Index a table: every section of SECTIONS as bytes. (NumPy sorts the postings; it is
    needed only here, so a lookup on a compiled index never imports it.)"""
    import numpy as np

    def packed(chunks: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
        off = np.zeros(len(chunks) + 1, dtype=np.uint64)
        np.cumsum([len(c) for c in chunks], out=off[1:])
        return off, np.frombuffer(b"".join(chunks), dtype=np.uint8)

    def postings(keys: np.ndarray, values: np.ndarray, n: int | None = None) -> tuple[np.ndarray, ...]:
        """(key, value) pairs → distinct keys, offsets and values, sorted; with ``n`` the keys
        are 0..n-1, and only offsets and values are returned."""
        order = np.lexsort((values, keys))
        keys, values = keys[order], values[order]
        if len(keys):
            keep = np.ones(len(keys), dtype=bool)
            keep[1:] = (keys[1:] != keys[:-1]) | (values[1:] != values[:-1])
            keys, values = keys[keep], values[keep]
        if n is not None:
            off = np.zeros(n + 1, dtype=np.uint64)
            np.cumsum(np.bincount(keys.astype(np.int64), minlength=n), out=off[1:])
            return off, values
        distinct, starts = np.unique(keys, return_index=True)
        return distinct, np.append(starts, len(keys)).astype(np.uint64), values

    ents: list[Entity] = sorted(entities, key=lambda e: e.id)
    # compact arrays, not lists: a million entities make tens of millions of postings
    rec_ent, rec_fam, rec_sur = array("I"), array("B"), array("Q")
    rec_texts: list[bytes] = []
    x_hash, k_hash, k_form, fr_form, fr_rec = array("Q"), array("Q"), array("I"), array("I"), array("I")
    w_hash, w_rec = array("Q"), array("I")
    form_ids: dict[tuple[str, int, bool, bool], int] = {}
    form_json: list[bytes] = []
    p_form, p_count = array("I"), array("Q")
    g_form, g_bits, g_count = array("I"), array("Q"), array("Q")
    hangul_loans = weak_filed = False
    for ei, entity in enumerate(ents):
        person = KIND[entity.kind].person_names
        surname_keys = _surname_keys(entity) if person else frozenset()
        names = list(entity.all_names)
        if KIND[entity.kind].place_types:  # Suwon-si is Suwon: index both
            names += [" ".join(w) for n in entity.all_names if (w := strip_place_type(fold(n).split()))]
        family = family_of(entity)  # (issue 17: inferred when the table has no country)
        fam = _FAMILY_CODES.index(family)
        korean = family == "ko"
        for text in dict.fromkeys(names):
            plain = alias_parts(text, family, person, 0)
            if not plain:
                continue
            mask = sum(1 << i for i, p in enumerate(plain[:64])
                       if surname_keys and (p.norm in surname_keys or p.keys & surname_keys))
            ps = alias_parts(text, family, person, mask)
            ri, runs = len(rec_ent), 0
            rec_ent.append(ei)
            rec_fam.append(fam)
            rec_sur.append(mask)
            rec_texts.append(text.encode("utf-8", "surrogatepass"))
            x_hash.append(key_hash(exact_form(text)))
            spelled = alias_written_keys(ps, person=person, family=family)
            for k in spelled if spelled is not None else (None,):
                w_hash.append(key_hash(WRITTEN_ANY if k is None else "w" + k))
                w_rec.append(ri)
            for start, size, g in _groups(ps, alias=True, family=family):
                form = (g.text, fam, person and size == 1, size > 1)
                fi = form_ids.get(form)
                if fi is None:
                    fi = form_ids[form] = len(form_ids)
                    form_json.append(_part_json(plain[start]) if size == 1 else b"")
                    # a run written as one is found by its spellings, not by sound or edits, and
                    # so is a Korean name (``align``: keys or nothing)
                    for k in part_keys(g, loose=not korean, loans=not korean) if size == 1 else \
                            part_keys(g, loose=False, run=True, loans=not korean):
                        k_hash.append(key_hash(k))
                        k_form.append(fi)
                        if not hangul_loans and k.startswith(HANGUL_LOANS):
                            hangul_loans = True
                            k_hash.append(key_hash(HANGUL_LOANS))
                            k_form.append(fi)
                fr_form.append(fi)
                fr_rec.append(ri)
                if size == 1:
                    p_form.append(fi)
                else:
                    g_form.append(fi)
                    g_bits.append(((1 << size) - 1) << start if start + size <= 64 else 0)
                    runs += 1
            p_count.append(len(ps))
            g_count.append(runs)
        if not weak_filed and fr_form and any(a.weak for a in entity.facts):
            weak_filed = True
            k_hash.append(key_hash(WEAK_ALIASES))  # (filed under a form: any one; only its presence is read)
            k_form.append(fr_form[0])
    a: dict[str, np.ndarray] = {}
    a["ent_kind"] = np.array([KINDS.index(e.kind) for e in ents], dtype=np.uint8)
    a["ent_off"], a["ent_blob"] = packed([_entity_json(e) for e in ents])
    a["id_off"], a["id_blob"] = packed([e.id.encode("utf-8", "surrogatepass") for e in ents])
    a["rec_ent"] = np.frombuffer(rec_ent, dtype=np.uint32)
    a["rec_fam"] = np.frombuffer(rec_fam, dtype=np.uint8)
    a["rec_sur"] = np.frombuffer(rec_sur, dtype=np.uint64)
    a["rec_off"], a["rec_blob"] = packed(rec_texts)
    del rec_texts  # (each Python list let go once packed: a million entities' are gigabytes at the peak)
    a["x_hash"], a["x_off"], a["x_rec"] = postings(np.frombuffer(x_hash, dtype=np.uint64),
                                                   np.arange(len(rec_ent), dtype=np.uint32))
    a["k_hash"], a["k_off"], a["k_form"] = postings(np.frombuffer(k_hash, dtype=np.uint64),
                                                    np.frombuffer(k_form, dtype=np.uint32))
    del k_hash, k_form  # (the largest: tens of millions of keys at a million entities)
    a["w_hash"], a["w_off"], a["w_rec"] = postings(np.frombuffer(w_hash, dtype=np.uint64),
                                                   np.frombuffer(w_rec, dtype=np.uint32))
    forms, recs = np.frombuffer(fr_form, dtype=np.uint32), np.frombuffer(fr_rec, dtype=np.uint32)
    a["f_off"], a["f_rec"] = postings(forms, recs, len(form_ids))
    a["r_off"], a["r_form"] = postings(recs, forms, len(rec_ent))
    del forms, recs, fr_form, fr_rec
    a["form_off"], a["form_blob"] = packed(form_json)
    del form_json, form_ids
    a["p_off"] = np.zeros(len(rec_ent) + 1, dtype=np.uint64)
    np.cumsum(np.frombuffer(p_count, dtype=np.uint64), out=a["p_off"][1:])
    a["p_form"] = np.frombuffer(p_form, dtype=np.uint32)
    a["g_off"] = np.zeros(len(rec_ent) + 1, dtype=np.uint64)
    np.cumsum(np.frombuffer(g_count, dtype=np.uint64), out=a["g_off"][1:])
    a["g_form"], a["g_bits"] = np.frombuffer(g_form, dtype=np.uint32), np.frombuffer(g_bits, dtype=np.uint64)
    dtypes = {"B": np.uint8, "I": np.uint32, "Q": np.uint64}
    # one section at a time, each array let go once copied: not every section held twice at the end
    return {name: np.ascontiguousarray(a.pop(name), dtype=dtypes[SECTIONS[name]]).tobytes() for name in SECTIONS}


__all__ += ["alias_parts", "FAMILIES"]
