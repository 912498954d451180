"""AliasDB: a loaded table and the decision it makes for a name.

The decision is a cascade of tiers, strictest first. The first tier at which any entity matches
decides: one entity there is the answer; two or more is an ambiguity, and ``resolve`` returns
None while ``candidates`` shows them. Partial matches (a person's surname alone, or initials and
surname) count only for persons, only at the normalized and transliterated levels, and only
when the query names the surname.
"""

from __future__ import annotations

import os
from _thread import allocate_lock
from collections.abc import Iterable
from functools import lru_cache

from aliasdb import store
from aliasdb.guards import as_written_only, one_part_coherent, too_short
from aliasdb.index import Index, blake2b
from aliasdb.keys import (
    FUZZY,
    LEVEL_NAMES,
    MAX_QUERY_PARTS,
    NORMALIZED,
    PHONETIC,
    TRANSLIT,
    Part,
    as_written,
    exact_form,
    merge,
    query_variants,
    too_many_parts,
)
from aliasdb.model import KINDS, Entity, Match, __version__, frozen
from aliasdb.normalize import normalize
from aliasdb.score import (
    MAX_MERGE,
    UNNAMED_FROM_PARTS,
    Alignment,
    AsWritten,
    align,
    as_written_keys,
    ascii_len,
    compare,
    meets_as_written,
    mergeable,
    near,
)
from aliasdb.table import MAX_TABLE_BYTES, Problem, TableError, read_at_most, read_table, table_format, table_from_bytes
from aliasdb.translit import rules_between

TYPE_CHECKING = False  # typing's, without importing typing: a one-shot lookup would pay for it
if TYPE_CHECKING:
    from os import PathLike
    from pathlib import Path
    from typing import Any

    from aliasdb.annotator import Annotator, Mention

__all__ = ["AliasDB", "TIERS"]

#: (tier name, method reported, score) in the order the cascade tries them.
TIERS: tuple[tuple[str, str, float], ...] = (
    ("exact", "exact", 1.0),
    ("normalized", "normalized", 0.97),
    ("transliterated", "transliterated", 0.93),
    ("partial-normalized", "partial", 0.88),
    ("partial-transliterated", "partial", 0.85),
    ("phonetic", "phonetic", 0.8),
    ("fuzzy", "fuzzy", 0.78),
)
#: Names sent to a worker process at a time by ``resolve_many``.
RESOLVE_CHUNK = 1000
#: From this many candidates on, those in a Korean name are tested all at once (``Index.korean_kept``).
_BATCHED_FROM = 64
#: Each edit of a fuzzy match lowers its score by this much.
EDIT_PENALTY = 0.04

#: A one-word name matched only by sound or by edits must be at least this long
#: (Kicho is not Kanash, Condzu is not Gongju); transcriptions to and from Hangul excepted.
LOOSE_SINGLE_PART_CHARS = 7


def _is_hangul(text: str) -> bool:
    return "\uac00" <= text[:1] <= "\ud7a3"


_FULL_TIER = {NORMALIZED: 1, TRANSLIT: 2, PHONETIC: 5, FUZZY: 6}
_PARTIAL_TIER = {NORMALIZED: 3, TRANSLIT: 4}
_LOOSE_TIER = _FULL_TIER[PHONETIC]
#: The best rank of a hit after an exact one.
_BEST_RANK = (_FULL_TIER[NORMALIZED], False)
#: The best rank the name as written (False) and a shortened reading (True) can reach by
#: alignment (an exact hit is found before any alignment).
_REACH = {False: (_FULL_TIER[NORMALIZED], False), True: (_FULL_TIER[NORMALIZED], True)}


@frozen
class _Hit:
    tier: int
    score: float
    entity: int
    alias: str
    alignment: Alignment | None
    reread: bool = False  # matched only once titles, particles, a place type or a patronymic were cut off

    @property
    def rank(self) -> tuple[int, bool]:
        """What the decision compares: the tier, and the name as written before a shortened reading."""
        return (self.tier, self.reread)

    @property
    def order(self) -> tuple[int, bool, float, str]:
        return (self.tier, self.reread, -self.score, self.alias)


def _outranked(rank: tuple[int, bool], top: tuple[int, bool], tied: int) -> bool:
    """Can a hit of this rank at best not change the decision? It is worse than the best yet,
    or as good while two entities or more tie there (and a tie is None)."""
    return rank > top or (rank == top and tied > 1)


def _check_kind(kind: str | None) -> None:
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")


class AliasDB:
    """An alias table, indexed, with ``resolve``, ``candidates`` and ``explain``."""

    _default: AliasDB | None = None
    _lock = allocate_lock()  # (threading's Lock, without importing threading)

    def __init__(self, entities: Iterable[Entity], *, source: str = "<memory>"):
        if isinstance(entities, (str, bytes, Entity)):
            raise TypeError(f"entities must be an iterable of Entity, not a single {type(entities).__name__}")
        entities = list(entities)
        for i, e in enumerate(entities):
            if not isinstance(e, Entity):
                raise TypeError(f"entities[{i}] is {type(e).__name__}, expected Entity")
        self._setup(Index(entities), source, None)

    def _setup(self, index: Index, source: str, index_path: str | None) -> None:
        self.source = source
        #: A compiled index file that holds this very resolver (another process loads it cheaply).
        self.index_path = index_path
        self._index = index
        self._entities: tuple[Entity, ...] | None = None
        self._annotator: Annotator | None = None

    # -- loading -------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | PathLike[str], *, cache: bool = True) -> AliasDB:
        """Load a table (.yaml, .yml, .jsonl, .csv) or a compiled index (``aliasdb build``).

        A table's compiled index is cached (see store.py) and reused while the table, and
        aliasdb, stay the same. Raises ``TableError`` naming file, line and entity of each problem."""
        p = path if isinstance(path, str) else os.fsdecode(path)  # (a str, not a Path: pathlib costs a one-shot lookup more)
        if store.is_index_file(p):
            try:
                index, header = store.read_index(p)
            except store.IndexFileError as exc:
                raise TableError([Problem(str(p), 0, "", str(exc).removeprefix(f"{p}: "))]) from None
            return cls._from_index(index, str(header.get("source") or p), p)
        try:
            with open(p, "rb") as f:
                raw = read_at_most(f, MAX_TABLE_BYTES)
        except OSError:
            raw = None  # read_table says what is wrong with it
        digest = table_cache_digest(p, raw) if raw is not None and len(raw) <= MAX_TABLE_BYTES else ""
        target = store.cache_path(p, digest, _version()) if digest and cache else None
        if target is not None and os.path.isfile(target):
            try:
                return cls._from_index(store.read_index(target, digest=digest)[0], p, target)
            except store.IndexFileError:
                pass  # stale or damaged: build it again
        entities, problems = read_table(p) if raw is None else table_from_bytes(raw, p)
        if problems:
            raise TableError(problems)
        db = cls(entities, source=p)
        if target is not None:
            try:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                store.write_index(db._index, target, source=p, digest=digest, version=_version())
                db.index_path = target
                store.tidy_cache(os.path.dirname(target), _version())
            except OSError:
                pass  # a cache that cannot be written costs time, never an answer
        return db

    @classmethod
    def _from_index(cls, index: Index, source: str, index_path: str) -> AliasDB:
        db = cls.__new__(cls)
        db._setup(index, source, index_path)
        return db

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as where it loads from (its compiled index), or as its entities when it has no
        file: a spawned process (spaCy's ``n_process``) gets a resolver, not a mapped file."""
        if self.index_path and os.path.isfile(self.index_path):
            return _reloaded, (self.index_path, self.source)
        return _rebuilt, (list(self.entities), self.source)

    def save(self, path: str | PathLike[str]) -> None:
        """Write this resolver's compiled index to ``path`` (what ``aliasdb build`` does)."""
        store.write_index(self._index, path, source=self.source, version=_version())
        self.index_path = os.fspath(path)

    @classmethod
    def default(cls) -> AliasDB:
        """The shipped table, loaded once on first use."""
        if cls._default is None:
            with cls._lock:
                if cls._default is None:
                    cls._default = cls.load(_default_table_file())
        return cls._default

    # -- reading -------------------------------------------------------------------------------
    @property
    def entities(self) -> tuple[Entity, ...]:
        if self._entities is None:
            self._entities = tuple(self._index.entities())
        return self._entities

    def __len__(self) -> int:
        return len(self._index)

    def get(self, entity_id: str) -> Entity:
        """The entity with this id; ``LookupError`` if there is none."""
        if not isinstance(entity_id, str):
            raise TypeError(f"expected str, got {type(entity_id).__name__}")
        i = self._index.find(entity_id)
        if i is None:
            raise LookupError(f"no entity with id {entity_id!r}")
        return self._index.entity(i)

    # -- matching ------------------------------------------------------------------------------
    def _hits(self, name: str, kind: str | None, *, exact: bool = True, explain: bool = False,
              loose: bool = True, decide: bool = False, seen: dict[int, set[int]] | None = None,
              ) -> tuple[list[_Hit], dict[str, Any]]:
        """Every entity the name meets, with its best hit. With ``decide`` only what the decision
        needs: a reading is skipped once it cannot outrank what was found, and the search stops
        once two entities tie at a rank nothing else can beat. ``seen`` holds, per reading, the
        aliases already tried (filled by a strict pass, skipped by the loose one after it)."""
        if not isinstance(name, str):
            raise TypeError(f"expected str, got {type(name).__name__}")
        _check_kind(kind)
        index = self._index
        trace: dict[str, Any] = {"query": name, "exact_form": exact_form(name), "normalized": normalize(name)} \
            if explain else {}
        best: dict[int, _Hit] = {}
        top: list[tuple[int, bool]] = [(len(TIERS), True)]  # the best rank yet
        tied = [0]  # how many entities hold it
        # (issue 17) a short string is met only by an alias as written: exact or normalized
        cap_written = _FULL_TIER[NORMALIZED]
        cap = cap_written if too_short(name) else len(TIERS)

        def offer(hit: _Hit) -> None:
            if hit.tier > cap or (hit.tier > cap_written and as_written_only(
                    name, hit.alias, index.entity(hit.entity), hit.tier >= _LOOSE_TIER)):
                return  # (issue 17) an acronym in its script, or a former name by sound or edits
            old = best.get(hit.entity)
            if old is None or hit.order < old.order:
                best[hit.entity] = hit
                if hit.rank < top[0]:
                    top[0], tied[0] = hit.rank, 1
                elif hit.rank == top[0] and (old is None or old.rank != hit.rank):
                    tied[0] += 1

        for ri in index.exact(exact_form(name)) if exact else ():
            if kind is None or index.kind(index.record_entity(ri)) == kind:
                offer(_Hit(0, TIERS[0][2], index.record_entity(ri), index.record_text(ri), None))

        checked = False  # whether the name as written is known to meet no alias in full at the normalized tier
        if decide and not loose and not explain and not best:
            written, checked = self._as_written(name, kind)
            if written:
                return written, trace
        variants = query_variants(name)
        if explain:
            trace["variants"] = [[_part_info(p) for p in q.parts] for q in variants]
        aligned: list[dict[str, Any]] = []
        for reading, q in enumerate(variants):
            # (the loose pass runs only when the strict one found nothing: all it can find is by
            # sound or edits, and a reading that counts only at the strict tiers finds nothing)
            reach = (_LOOSE_TIER, reading > 0) if decide and loose else _REACH[reading > 0]
            if decide and (top[0] < reach or (tied[0] > 1 and top[0] <= reach)):
                break  # no later reading can outrank what was found, or undo a tie
            if decide and loose and q.strict:
                continue
            runs: _Runs | None = None  # made for the first candidate: most readings have none
            spelled: _Spelled | None = None
            met: dict[tuple[bytes, int, str | None, bool] | None, tuple[Alignment, int | None] | None] = {}
            # when deciding, the name as written meets first the aliases that share its normalized
            # parts, patronymic included: one met there in full settles the answer; then those
            # that share a key with every part: one met so (transliterated) settles it too; then
            # the rest. A shortened reading, once only a normalized hit of it could count, meets
            # only the first (a phase: normalized keys, every part, and the rank that settles).
            phases: tuple[tuple[bool, bool, tuple[int, bool]], ...] = ((False, False, (0, False)),)
            if decide and not loose and reading == 0:
                phases = ((True, True, (_FULL_TIER[NORMALIZED], False)), (False, True, (_FULL_TIER[TRANSLIT], False)),
                          (False, False, (0, False)))[checked:]  # (the second phase's aliases hold the first's)
                if not (len(q.parts) >= UNNAMED_FROM_PARTS and any(p.patronymic and not p.initial for p in q.parts)):
                    phases = phases[:-2] + phases[-1:]  # every part is required anyway: the last phase is the second's
            elif decide and not loose:
                best_tier, best_reread = top[0]  # a shortened reading's hit counts up to this tier:
                counts_up_to = best_tier if best_reread else best_tier - 1  # (t, True) loses to (t, False)
                if counts_up_to <= _FULL_TIER[NORMALIZED]:
                    phases = ((True, False, (0, False)),)
            tried: set[int] = set()
            for normalized, every, settles in phases:
                found = index.candidates(q.parts, loose, normalized, every)
                if seen is not None and not normalized and not every:
                    if loose:
                        tried_strictly = seen.get(reading, set())
                        found = [ri for ri in found if ri not in tried_strictly]
                    else:
                        seen[reading] = set(found)
                if tried:
                    found = [ri for ri in found if ri not in tried]
                tried.update(found)
                # many candidates: those in a Korean name get the spelling tests below all at once
                batched = not explain and len(found) >= _BATCHED_FROM and index.korean(found)
                if batched:
                    if runs is None:
                        runs = _query_runs(q.parts)
                    if spelled is None:
                        spelled = _Spelled(index, q.parts, runs)
                    found = index.korean_kept(found, spelled.met, spelled.must)
                for ri in found:
                    entity = index.record_entity(ri)
                    if kind is not None and index.kind(entity) != kind or q.place and index.kind(entity) != "place":
                        continue  # (a place type cut off names a place only: issue 17)
                    person = index.kind(entity) == "person"
                    family = index.record_family(ri)
                    # (aliases spelled alike align alike: namesakes, a million entities have many)
                    shape = None if explain else (bytes(index.part_forms(ri)), index.surname_mask(ri), family, person)
                    if shape is not None and shape in met:
                        result = met[shape]
                    else:
                        if not explain:
                            if runs is None:
                                runs = _query_runs(q.parts)
                            if family == "ko" and not batched:  # (what the query spells is read for the first Korean alias)
                                if spelled is None:
                                    spelled = _Spelled(index, q.parts, runs)
                                if not (_korean_may_count(spelled, index, ri, person)
                                        and _spelled_alike(spelled.must[person], index.forms_of(ri))):
                                    met[shape] = None
                                    continue
                        rec = index.record(ri)
                        result = None
                        bound = _BEST_RANK if runs is None else \
                            _may_count(runs, q.parts, rec.parts, person, family, rec.surname)
                        if bound is not None and (q.strict and bound[0] >= _LOOSE_TIER or decide and _outranked(
                                (bound[0], reading > 0 or bound[1]), top[0], tied[0])):
                            bound = None  # it would not count, or at best change no answer
                        if bound is not None:
                            al = align(q.parts, rec.parts, q.starts, person=person, family=family)
                            if al is not None:
                                result = (al, self._tier(al, entity, rec.surname, family))
                        if shape is not None:
                            met[shape] = result
                    if result is None:
                        continue
                    al, tier = result
                    if explain:
                        aligned.append({"alias": index.record_text(ri), "id": index.entity_id(entity),
                                        "tier": TIERS[tier][0] if tier is not None else "rejected",
                                        "pairs": [[p[0], p[1], LEVEL_NAMES[p[2]]] + _rules(p) for p in al.pairs],
                                        "partial": al.partial})
                    if tier is None or (q.strict and tier >= _LOOSE_TIER):
                        continue
                    score = TIERS[tier][2] - EDIT_PENALTY * al.edits
                    # (a patronymic of the query left out counts as a shortened reading of the name)
                    offer(_Hit(tier, round(score, 4), entity, index.record_text(ri), al, reading > 0 or al.left_out))
                    if decide and tied[0] > 1 and top[0] <= reach:
                        break  # two entities tie where nothing can outrank them: the answer is None
                if top[0] <= settles or (decide and tied[0] > 1 and top[0] <= reach):
                    break  # what is left cannot change the answer
        if explain:
            trace["aligned"] = aligned
        hits = sorted(best.values(), key=lambda h: (h.order, index.entity_id(h.entity)))
        return hits, trace

    def _as_written(self, name: str, kind: str | None) -> tuple[list[_Hit], bool]:
        """The hits of the name as written at the normalized tier, told from normalized forms
        alone (``meets_as_written``): when there are any, they decide, and no key need be made.
        They are the hits that the first phase of ``_hits`` would find there; and whether the
        name as written was tried (it has parts)."""
        q = AsWritten(*as_written(name))
        if not q.parts:
            return [], False
        index = self._index
        best: dict[int, _Hit] = {}
        tier = _FULL_TIER[NORMALIZED]
        spelled = as_written_keys(q)
        # (an alias met as written spells out what the query does: the few that do are all there is
        # to try; a query with too many ways of spelling out meets the first phase's aliases)
        for ri in index.written(spelled) if spelled is not None else index.candidates_as_written(q.parts):
            entity = index.record_entity(ri)
            if kind is not None and index.kind(entity) != kind:
                continue
            rec = index.record(ri)
            if meets_as_written(q, rec.parts, person=index.kind(entity) == "person", family=rec.family):
                hit = _Hit(tier, round(TIERS[tier][2], 4), entity, rec.text, None)
                old = best.get(entity)
                if old is None or hit.order < old.order:
                    best[entity] = hit
                if len(best) > 1:
                    break  # two entities tie where nothing can outrank them: the answer is None
        return sorted(best.values(), key=lambda h: (h.order, index.entity_id(h.entity))), True

    def _tier(self, al: Alignment, entity: int, surname: frozenset[int], family: str | None = None) -> int | None:
        if al.level == TRANSLIT and len(al.pairs) == 1 and not al.partial and not one_part_coherent(
                al.pairs[0][0], al.pairs[0][1], self._index.entity(entity), family):
            return None  # (issue 17) a name of one part by a loose reading alone: Khasan is no Kasan (Kazan)
        if al.level >= PHONETIC and len(al.pairs) == 1:
            query, alias, _ = al.pairs[0]
            if len(query) < LOOSE_SINGLE_PART_CHARS and not (_is_hangul(query) or _is_hangul(alias)):
                return None  # a short one-word name by sound or edits alone: too many places look alike
        if al.level >= PHONETIC and len(al.pairs) > 1 and all(
                level >= PHONETIC and not (_is_hangul(query) or _is_hangul(alias)) for query, alias, level in al.pairs):
            return None  # no part spelled alike, every one only by sound or edits: Ilya is not Yuliya Tolstoborova
        if not al.partial:
            return _FULL_TIER[al.level]
        if self._index.kind(entity) != "person" or al.level > TRANSLIT:
            return None
        named = al.matched
        if not named or not named <= surname:
            return None  # only a surname (with initials) may stand for the whole person
        return _PARTIAL_TIER[TRANSLIT if al.initials else al.level]

    def _match(self, hit: _Hit, query: str) -> Match:
        e = self._index.entity(hit.entity)
        return Match(id=e.id, name=e.name, kind=e.kind, score=hit.score, method=TIERS[hit.tier][1],
                     alias=hit.alias, query=query)

    def candidates(self, name: str, *, kind: str | None = None, limit: int = 5) -> list[Match]:
        """Entities that the name could denote, best first (ties by id); at most ``limit``."""
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise TypeError("limit must be an int")
        hits, _ = self._hits(name, kind)
        return [self._match(h, name) for h in hits[: max(limit, 0)]]

    def resolve_strict(self, name: str, kind: str | None = None) -> Match | None:
        """``resolve`` without the phonetic and fuzzy tiers: what running text can trust."""
        hits, _ = self._hits(name, kind, loose=False)
        match = self._decide(hits, name)[0]
        trusted = {"exact", "normalized", "transliterated", "partial"}
        if any("\uac00" <= ch <= "\ud7a3" for ch in name):
            trusted.add("phonetic")  # a Slavic name in Hangul meets its Cyrillic by sound classes only
        return match if match is None or match.method in trusted else None

    def resolve(self, name: str, *, kind: str | None = None) -> Match | None:
        """The one entity the name denotes, or None when nothing matches or several tie."""
        if isinstance(name, str):  # fast path: an alias as written is the strictest tier
            _check_kind(kind)
            index = self._index
            found = [ri for ri in index.exact(exact_form(name))
                     if kind is None or index.kind(index.record_entity(ri)) == kind]
            entities = {index.record_entity(ri) for ri in found}
            if len(entities) > 1:
                return None  # namesakes tie where nothing can outrank them
            if entities:
                return self._match(_Hit(0, TIERS[0][2], index.record_entity(found[0]), index.record_text(found[0]), None),
                                   name)
        # the strict tiers first: any hit there outranks every phonetic or fuzzy one
        seen: dict[int, set[int]] = {}
        hits, _ = self._hits(name, kind, loose=False, decide=True, seen=seen)
        if not hits:  # (the strict pass found nothing: every alias it tried fails again)
            hits, _ = self._hits(name, kind, decide=True, seen=seen)
        return self._decide(hits, name)[0]

    def resolve_many(self, names: Iterable[str], *, kind: str | None = None, workers: int = 1) -> list[Match | None]:
        """``[self.resolve(n, kind=kind) for n in names]``, each distinct name resolved once, on
        ``workers`` processes when more than 1 (each loads this table once, from its compiled index).

        Every name is checked before any is resolved: one that is not a ``str`` raises ``TypeError``
        naming its position. A pool costs about a second to start: worth it for thousands of names."""
        if isinstance(names, (str, bytes)):
            raise TypeError(f"names must be an iterable of str, not a single {type(names).__name__}")
        names = list(names)
        for i, name in enumerate(names):
            if not isinstance(name, str):
                raise TypeError(f"names[{i}] is {type(name).__name__}, expected str")
        _check_kind(kind)
        if isinstance(workers, bool) or not isinstance(workers, int):
            raise TypeError(f"workers must be an int, not {type(workers).__name__}")
        if workers < 1:
            raise ValueError(f"workers must be 1 or more, not {workers}")
        from aliasdb.parallel import map_chunks, max_workers

        workers = min(workers, max_workers())
        distinct = list(dict.fromkeys(names))
        size = max(1, min(RESOLVE_CHUNK, -(-len(distinct) // (workers * 4))))
        chunks = ((None, distinct[i : i + size]) for i in range(0, len(distinct), size))
        workers = min(workers, -(-len(distinct) // size))
        found = [m for _, matches in map_chunks(self, chunks, kind=kind, workers=workers) for m in matches]
        answer = dict(zip(distinct, found, strict=True))
        return [answer[name] for name in names]

    def _decide(self, hits: list[_Hit], name: str) -> tuple[Match | None, str]:
        if not hits:
            return None, "no entity matched"
        top = [h for h in hits if h.rank == hits[0].rank]
        if len(top) > 1:
            ids = ", ".join(self._index.entity_id(h.entity) for h in top)
            return None, f"ambiguous at tier {TIERS[top[0].tier][0]}: {ids}"
        return self._match(top[0], name), f"matched at tier {TIERS[top[0].tier][0]}"

    def annotate(self, text: str, *, kinds: Iterable[str] | None = None) -> list[Mention]:
        """Every mention of an entity of this table in running text, in text order (see annotator.py)."""
        if self._annotator is None:
            with self._lock:
                if self._annotator is None:
                    from aliasdb.annotator import Annotator

                    self._annotator = Annotator(self)
        return self._annotator.annotate(text, kinds)

    def rivals(self, alias: str, entity_id: str) -> list[str]:
        """Other entities that read an alias of ``entity_id`` as well as it does, at the strictest
        tier where it matches besides its exact entry (used by ``aliasdb check``)."""
        hits = self._hits(alias, None, exact=False)[0]
        if not hits:
            return []
        top = [self._index.entity_id(h.entity) for h in hits if h.rank == hits[0].rank]
        return sorted(i for i in top if i != entity_id) if entity_id in top else sorted(top)

    def explain(self, name: str, *, kind: str | None = None) -> dict[str, Any]:
        """Every step of the decision for ``name``: forms, parts and keys, aligned aliases, result."""
        hits, trace = self._hits(name, kind, explain=True)
        match, reason = self._decide(hits, name)
        trace["candidates"] = [self._match(h, name).to_dict() | {"tier": TIERS[h.tier][0]} for h in hits[:10]]
        trace["result"] = match.to_dict() if match else None
        if not hits and too_many_parts(name):
            reason = f"more than {MAX_QUERY_PARTS} parts: not read as a name, only met as written"
        trace["reason"] = reason
        return trace


#: A query's parts and runs of parts: (parts, as one part, positions, letters if all ASCII else -1).
_Runs = list[tuple[tuple[Part, ...], Part, tuple[int, ...], int]]


def _query_runs(q: tuple[Part, ...]) -> _Runs:
    """A query's parts, and its runs of parts written as one (never across the end of the name:
    see ``align``)."""
    n = len(q)
    out: _Runs = []
    for size in range(1, min(MAX_MERGE, n) + 1):
        for start in range(n - size + 1):
            members = tuple(range(start, start + size))
            run = tuple(q[i] for i in members)
            out.append((run, run[0] if size == 1 else merge(run), members, ascii_len(run)))
    return out


def _must(q: tuple[Part, ...], person: bool) -> list[int]:
    """The query parts an alignment cannot leave out (``align``: a person's patronymic or
    initial may go unnamed in a query of three parts or more; an initial may stand for a part)."""
    return [i for i in range(len(q)) if not q[i].initial and not (person and len(q) >= UNNAMED_FROM_PARTS and q[i].patronymic)]


class _Spelled:
    """What a query meets by spelling: ``must[person]``, for an alias of a person (True) or of
    anything else, the forms met by each part the query cannot leave out (alone or in a run of
    parts holding it, all in one set); ``met``, every form some part or run of the query meets."""

    __slots__ = ("must", "met")

    def __init__(self, index: Index, q: tuple[Part, ...], runs: _Runs):
        by_part: list[set[int]] = [set() for _ in q]
        self.met: set[int] = set()
        for _, qp, members, _ in runs:
            forms = index.spelled_forms(qp)
            self.met |= forms
            for i in members:
                by_part[i] |= forms
        self.must = {person: [by_part[i] for i in _must(q, person)] for person in (False, True)}


def _korean_may_count(spelled: _Spelled, index: Index, ri: int, person: bool) -> bool:
    """``_may_count`` for an alias in a Korean name, read off form sets without the record (a
    Korean name's parts meet by spelling or not at all, and are never patronymics or initials):
    the alias parts met, alone or in runs written as one; if some are not, the partial match a
    person's surname allows."""
    met = spelled.met
    single = index.part_forms(ri)
    named = 0
    for j, f in enumerate(single):
        if f in met:
            named |= 1 << j
    runs, bits = index.run_forms(ri)
    for f, b in zip(runs, bits, strict=True):
        if f in met:
            named |= b
    if named == (1 << len(single)) - 1:
        return True
    if not person:
        return False
    mask = index.surname_mask(ri)
    surname = {f for j, f in enumerate(single) if mask >> j & 1} | {f for f, b in zip(runs, bits, strict=True) if not b & ~mask}
    return all(not forms.isdisjoint(surname) for forms in spelled.must[True])


def _spelled_alike(must: list[set[int]], forms: memoryview) -> bool:
    """Does each part that must meet an alias meet one of its forms by spelling? A Korean name
    is met by nothing else (``align``: keys or nothing), so an alias where one does not is no match."""
    return all(not met.isdisjoint(forms) for met in must)


def _may_count(runs: _Runs, q: tuple[Part, ...], a: tuple[Part, ...], person: bool, family: str | None,
               surname: frozenset[int]) -> tuple[int, bool] | None:
    """None only when no alignment of the query with this alias can reach a tier, by what
    ``align`` and ``_tier`` require, read off the pairs of parts alone (a cheap test before the
    costly alignment); else the best rank a hit of it can have: the strictest tier, and whether
    it must leave out a patronymic of the query (``_Hit.rank``; ``_BEST_RANK`` when unsure).
    Each query part that cannot be left out must meet an alias part (or a run of them), and the
    alignment is as weak as the weakest of these (a patronymic left out: transliterated); an
    alias part no query part meets makes the match partial, and a partial match needs a person
    whose surname is all the query names, at most transliterated. Pairs are tried as ``align``
    tries them (lengths must be plausible)."""
    n, m = len(q), len(a)
    if n > 6 or m > 8:
        return _BEST_RANK
    # per query part: the strictest level it meets anything at, and whether it meets the surname
    # alone at a level a partial match allows; over all: which alias parts some query part meets
    level, names_surname, named = [_UNMET] * n, [False] * n, 0
    alike, whole = False, False  # some pair spelled alike (or in Hangul); some run of every part met
    others = ~sum(1 << j for j in surname) if person else -1
    alias_runs = [(((1 << size) - 1) << j, arun, ascii_len(arun))
                  for size in range(2, MAX_MERGE + 1) for j in range(m - size + 1)
                  if mergeable(arun := a[j : j + size], family)] if family != "sl" and m > 1 else []
    korean = family == "ko"
    for parts, qp, members, joined in runs:
        single = len(parts) == 1
        for j in range(m):
            if single or near(joined, a[j].norm):
                hit = compare(qp, a[j])
                if hit and not (korean and hit[0] >= PHONETIC):
                    named |= 1 << j
                    alike = alike or hit[0] < PHONETIC or _is_hangul(qp.text) or _is_hangul(a[j].text)
                    whole = whole or len(members) == n
                    for i in members:
                        level[i] = min(level[i], hit[0])
                        if hit[0] <= TRANSLIT and not (1 << j) & others:
                            names_surname[i] = True
        if single:
            for bits, arun, alen in alias_runs:
                if near(alen, qp.norm):
                    ap = merge(arun, family)
                    hit = compare(qp, ap)
                    if hit and not (korean and hit[0] >= PHONETIC):
                        named |= bits
                        alike = alike or hit[0] < PHONETIC or _is_hangul(qp.text) or _is_hangul(ap.text)
                        whole = whole or len(members) == n
                        level[members[0]] = min(level[members[0]], hit[0])
                        if hit[0] <= TRANSLIT and not bits & others:
                            names_surname[members[0]] = True
    must = _must(q, person)
    weakest = max((level[i] for i in must), default=NORMALIZED)
    if weakest == _UNMET:
        return None
    if n >= 2 and len(must) == n and not whole and not alike:
        return None  # two pairs or more, each by sound or edits alone: ``_tier`` counts none such
    left_out = False  # a patronymic the alias cannot meet goes unnamed, at the transliterated level
    for i in set(range(n)).difference(must):
        if q[i].patronymic and not q[i].initial:  # (in a Korean name, keys may meet what compare does not)
            left_out = left_out or (level[i] == _UNMET and not korean)
            weakest = max(weakest, min(level[i], TRANSLIT))
    if person:
        named |= sum(1 << j for j in range(m) if a[j].patronymic or a[j].initial)
    if named == (1 << m) - 1:
        return _FULL_TIER[weakest], left_out  # a full match is possible
    if person and weakest <= TRANSLIT and all(names_surname[i] for i in must):
        return _PARTIAL_TIER[weakest], left_out
    return None


#: A level past every level: a query part that meets nothing.
_UNMET = FUZZY + 1


def _rules(pair: tuple[str, str, int]) -> list[str]:
    """For explain: the conventions under which a transliterated pair met."""
    if pair[2] != TRANSLIT:
        return []
    return [rules_between(pair[0], pair[1]) or "case ending or given-name form"]


def _part_info(p: Any) -> dict[str, Any]:
    info = {"text": p.text, "normalized": p.norm, "keys": sorted(p.keys), "skeleton": p.primary,
            "phonetic": sorted(p.phonetic)}
    if p.patronymic:
        info["patronymic"] = True
    if p.initial:
        info["initial"] = True
    return info


@lru_cache(maxsize=1)
def _version() -> str:
    """The release and a fingerprint of the code: an index is reused only by the code that built it."""
    code = blake2b(digest_size=6)
    files = sorted(os.path.join(folder, name) for folder, _, names in os.walk(os.path.dirname(__file__))
                   for name in names if name.endswith(".py"))
    for f in files:
        st = os.stat(f)  # as Python's own bytecode cache does: size and modification time
        code.update(f"{os.path.basename(f)}:{st.st_size}:{st.st_mtime_ns};".encode())
    return f"{__version__}+{code.hexdigest()}"


def table_cache_digest(path: str | PathLike[str], raw: bytes) -> str:
    """What a table's cached index is filed under: its bytes, and its format (the same bytes
    read as CSV and as YAML are two tables)."""
    return store.table_digest(table_format(path).encode() + b"\n" + raw)


def _reloaded(index_path: str, source: str) -> AliasDB:
    db = AliasDB.load(index_path)
    db.source = source
    return db


def _rebuilt(entities: list[Entity], source: str) -> AliasDB:
    return AliasDB(entities, source=source)


def default_table_path() -> Path:
    """Where the shipped table is: inside the installed package, or at the root of a checkout."""
    from pathlib import Path

    return Path(_default_table_file())


def _default_table_file() -> str:
    here = os.path.dirname(os.path.realpath(__file__))
    packaged = os.path.join(here, "aliases.yaml")
    return packaged if os.path.isfile(packaged) else os.path.join(os.path.dirname(here), "aliases.yaml")


__all__ += ["default_table_path"]
