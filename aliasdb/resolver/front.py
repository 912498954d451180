"""AliasDB: the front door. It loads a table (or its compiled index) and answers for names.

The decision itself is made in ``resolver/cascade.py``, in named steps; what an alignment is
worth is ``match/tiers.py``; every threshold is in ``limits.py``.
"""

from __future__ import annotations

import os
from _thread import allocate_lock
from collections.abc import Iterable
from itertools import islice

from aliasdb.index import store
from aliasdb.index.cache import PACKAGE, cache_entry, code_version, table_cache_digest, write_entry
from aliasdb.index.lookup import Index
from aliasdb.kinds import DIVISION_GENITIVES, check_kind
from aliasdb.limits import MAX_QUERY_PARTS, RESOLVE_CHUNK, SHARED_KEPT
from aliasdb.match.calibration import calibration, evidence_class
from aliasdb.match.calibration import score as calibrated
from aliasdb.match.tiers import FULL_TIER, LOOSE_TIER, TIERS
from aliasdb.model import Entity, Match
from aliasdb.names.normalize import MAX_NAME_CHARS
from aliasdb.names.parts import NORMALIZED, too_long, too_many_parts
from aliasdb.resolver.cascade import Hit, Trace, decide, every_hit, exact_hits, is_weak, resolve_hits
from aliasdb.resolver.shared import holds, one_name, sharers
from aliasdb.table.read import MAX_TABLE_BYTES, Problem, TableError, read_at_most, read_table, table_from_bytes

TYPE_CHECKING = False  # typing's, without importing typing: a one-shot lookup would pay for it
if TYPE_CHECKING:
    from collections.abc import Callable
    from os import PathLike
    from pathlib import Path
    from typing import Any

    from aliasdb.text.annotator import Annotator, Mention

__all__ = ["AliasDB", "check_threshold"]


def check_threshold(threshold: float | None) -> float:
    """The lowest score a caller accepts (0.0 for None); ``TypeError`` or ``ValueError`` when it
    is not a number from 0 to 1."""
    if threshold is None:
        return 0.0
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        raise TypeError(f"threshold must be a number from 0 to 1, not {type(threshold).__name__}")
    if not 0.0 <= threshold <= 1.0:  # (NaN fails this too)
        raise ValueError(f"threshold must be from 0 to 1, not {threshold!r}")
    return float(threshold)

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
        #: (issue 17) whether a name met as written is shared, per name, kind and entity: a name
        #: asked again (a column of repeated names) is not searched again
        self._shared: dict[tuple[str, str | None, int], bool] = {}
        self._entities: tuple[Entity, ...] | None = None
        self._annotator: Annotator | None = None

    # -- loading -------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | PathLike[str] | list[str] | tuple[str, ...], *, cache: bool = True) -> AliasDB:
        """Load a table (.yaml, .yml, .jsonl, .csv) or a compiled index (``aliasdb build``).

        A list of tables is read as one (the shipped set: aliases.yaml and places/, see
        resolver/places.py). A table's compiled index is cached (see store.py) and reused while the table, and
        aliasdb, stay the same. Raises ``TableError`` naming file, line and entity of each problem."""
        if isinstance(path, (list, tuple)):  # several tables read as one: the shipped set
            from aliasdb.resolver.places import load_tables

            return load_tables(cls, list(path), cache=cache)
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

        def build() -> list[Entity]:
            nonlocal raw
            entities, problems = read_table(p) if raw is None else table_from_bytes(raw, p)
            raw = None  # (not held while the index is built: a 250 MB table is 250 MB more at the peak)
            if problems:
                raise TableError(problems)
            return entities

        return cls.cached(p, p, digest if cache else "", build)

    @classmethod
    def cached(cls, first: str, source: str, digest: str, build: Callable[[], list[Entity]]) -> AliasDB:
        """The table's compiled index from the cache (filed beside ``first`` under ``digest``) when
        it is there and sound; else the entities ``build`` gives (it raises ``TableError``),
        indexed and cached. No digest: no cache."""
        target = cache_entry(first, digest, code_version()) if digest else None
        if target is not None and os.path.isfile(target):
            try:
                return cls._from_index(store.read_index(target, digest=digest)[0], source, target)
            except store.IndexFileError:
                pass  # stale or damaged: build it again
        db = cls(build(), source=source)
        if target is not None and write_entry(db._index, target, source, digest):
            db.index_path = target
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
        store.write_index(self._index, path, source=self.source, version=code_version())
        self.index_path = os.fspath(path)

    @classmethod
    def default(cls) -> AliasDB:
        """The shipped table, loaded once on first use."""
        if cls._default is None:
            with cls._lock:
                if cls._default is None:
                    from aliasdb.resolver.places import default_table_files  # (with the imported places)

                    cls._default = cls.load(default_table_files())
        return cls._default

    # -- reading -------------------------------------------------------------------------------
    @property
    def entities(self) -> tuple[Entity, ...]:
        if self._entities is None:
            self._entities = tuple(self._index.entities())
        return self._entities

    @property
    def index(self) -> Index:
        """The compiled index: what the annotator, worker pools and tests query directly."""
        return self._index

    def match(self, hit: Hit, query: str) -> Match:
        """The ``Match`` a hit of the cascade stands for."""
        return self._match(hit, query)

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

    # -- answers (the steps of the decision are in cascade.py) -----------------------------------
    def resolve(self, name: str, *, kind: str | None = None, threshold: float | None = None) -> Match | None:
        """The one entity the name denotes, or None when nothing matches, several tie, or the
        match scores below ``threshold``."""
        floor = check_threshold(threshold)
        if isinstance(name, str) and too_long(name):
            check_kind(kind)
            return None  # no name is this long: nothing is read of it
        if isinstance(name, str):  # fast path: an alias as written is the strictest tier
            check_kind(kind)
            exact = exact_hits(self._index, name, kind)
            entities = {h.entity for h in exact}
            said_where = "," in name or "(" in name or name.endswith(DIVISION_GENITIVES)
            if len(entities) > 1 or said_where:  # a name's holder, a qualified place
                from aliasdb.resolver.places import holder, qualified

                if not entities and (q := qualified(self, name, kind)) is not None:
                    return q if q.score >= floor else None
                if len(entities) > 1:
                    ei = holder(self, [(h.entity, h.alias) for h in exact])
                    held = None if ei is None else self._match(next(h for h in exact if h.entity == ei), name)
                    return None if held is None or held.score < floor else held
            strong = [h for h in exact if not is_weak(self._index, h.entity, h.alias)]
            if strong:  # (issue #20: a weak alias alone is no answer; the search below weighs it)
                if self._shared_name(strong[0], name, kind):
                    return None
                found = self._match(strong[0], name)
                return found if found.score >= floor else None
        match = self.decision(resolve_hits(self._index, name, kind), name, kind)[0]
        return None if match is None or match.score < floor else match

    def candidates(self, name: str, *, kind: str | None = None, limit: int = 5,
                   threshold: float | None = None) -> list[Match]:
        """Entities that the name could denote, best first (by the cascade's rank: tier, then raw
        score, then alias; ties by id), whatever their calibrated scores; at most ``limit``, none
        scoring below ``threshold``."""
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise TypeError("limit must be an int")
        floor = check_threshold(threshold)
        if isinstance(name, str) and too_long(name):
            check_kind(kind)
            return []
        hits = every_hit(self._index, name, kind)
        listed = {h.entity: h for h in reversed(hits)}  # (issue #20: an entity's weak and strong hit, its best one)
        found = (m for m in (self._match(h, name) for h in hits if listed[h.entity] is h) if m.score >= floor)
        return list(islice(found, max(limit, 0)))  # (a Match is made only for what is returned, and what it passed)

    def resolve_strict(self, name: str, kind: str | None = None) -> Match | None:
        """``resolve`` at the strict tiers only: what running text can trust. A hit by sound or
        edits (``LOOSE_TIER`` on) is never one, in any script (issue 17: random Hangul met Kyiv by
        sound); the annotator asks nothing else of the table."""
        if too_long(name):
            return None
        hits = [h for h in every_hit(self._index, name, kind, loose=False) if h.tier < LOOSE_TIER]
        return self.decision(hits, name, kind, text=True)[0]

    def decision(self, hits: list[Hit], name: str, kind: str | None = None, *, text: bool = False) -> tuple[Match | None, str]:
        """``cascade.decide``, with the rules of imported places (resolver/places.py): of namesakes
        tied, the one curated entity that holds the name wins it (in running text, ``text``, against
        imported namesakes too); an imported place is met by its spellings only."""
        top = [h for h in hits if h.rank == hits[0].rank]
        # (before weak aliases are weighed: a former name of an imported place is weak; two entities
        # met through two different names by a reading are no namesakes for a holder to settle)
        if len(top) > 1 and (top[0].tier <= FULL_TIER[NORMALIZED] or one_name(h.alias for h in top)):
            from aliasdb.resolver.places import holder

            ei = holder(self, [(h.entity, h.alias) for h in top], text=text)
            if ei is not None:
                return self._match(next(h for h in top if h.entity == ei), name), f"held at tier {TIERS[top[0].tier][0]}"
        if any(h.weak for h in top):
            hit, reason = decide(self._index, hits)  # (a weak alias is weighed there)
            return (None if hit is None else self._match(hit, name)), reason
        hit, reason = decide(self._index, hits)
        if hit is None:
            return None, reason
        if hit.tier <= FULL_TIER[NORMALIZED] and self._shared_name(hit, name, kind):
            return None, f"{self._index.entity_id(hit.entity)} met as written, but another entity shares the name"
        match = self._match(hit, name)
        if match.method != "exact":
            from aliasdb.resolver.places import refused

            why = refused(self._index.entity(hit.entity), match, hit.reread)
            if why:
                return None, f"{match.id} met at tier {match.method}, but {why}"
        return match, reason

    def _shared_name(self, hit: Hit, name: str, kind: str | None) -> bool:
        """Does another entity share the name this hit met as written (resolver/shared.py), the
        hit's entity not holding it?"""
        key = (name, kind, hit.entity)
        shared = self._shared.get(key)
        if shared is None:
            others = sharers(self._index, name, kind, hit)
            shared = bool(others) and not holds(self, hit, others)
            if len(self._shared) >= SHARED_KEPT:
                self._shared.clear()
            self._shared[key] = shared
        return shared

    def _alias_facts(self, hit: Hit) -> dict[str, Any]:
        """For explain: the language of the alias a hit went through (stated, else inferred), its
        weakness, and in which language the entity's names are read (from ``country``, else inferred,
        and why: issue 17)."""
        from aliasdb.names.langs import infer_lang
        from aliasdb.names.language import family_and_why

        try:
            stated = self._index.entity(hit.entity).alias(hit.alias).lang
        except LookupError:  # (a place's name without its type word: Suwon of Suwon-si)
            stated = None
        family, why = family_and_why(self._index.entity(hit.entity))
        return {"lang": stated or infer_lang(hit.alias), "weak": hit.weak,
                "language": {"ko": "Korean", "sl": "Russian or Ukrainian"}.get(family or "", "any"), "language_why": why}

    def _match(self, hit: Hit, query: str) -> Match:
        e = self._index.entity(hit.entity)
        method = TIERS[hit.tier][1]
        return Match(id=e.id, name=e.name, kind=e.kind, score=calibrated(method, hit.family, query, hit.alias),
                     method=method, alias=hit.alias, query=query)

    def resolve_many(self, names: Iterable[str], *, kind: str | None = None, workers: int = 1,
                     threshold: float | None = None) -> list[Match | None]:
        """``[self.resolve(n, kind=kind, threshold=threshold) for n in names]``, each distinct name resolved once, on
        ``workers`` processes when more than 1 (each loads this table once, from its compiled index).

        Every name is checked before any is resolved: one that is not a ``str`` raises ``TypeError``
        naming its position. A pool costs about a second to start: worth it for thousands of names."""
        if isinstance(names, (str, bytes)):
            raise TypeError(f"names must be an iterable of str, not a single {type(names).__name__}")
        names = list(names)
        for i, name in enumerate(names):
            if not isinstance(name, str):
                raise TypeError(f"names[{i}] is {type(name).__name__}, expected str")
        check_kind(kind)
        if isinstance(workers, bool) or not isinstance(workers, int):
            raise TypeError(f"workers must be an int, not {type(workers).__name__}")
        if workers < 1:
            raise ValueError(f"workers must be 1 or more, not {workers}")
        floor = check_threshold(threshold)
        from aliasdb.many.pool import map_chunks, max_workers

        workers = min(workers, max_workers())
        distinct = list(dict.fromkeys(names))
        size = max(1, min(RESOLVE_CHUNK, -(-len(distinct) // (workers * 4))))
        chunks = ((None, distinct[i : i + size]) for i in range(0, len(distinct), size))
        workers = min(workers, -(-len(distinct) // size))
        found = [m for _, matches in map_chunks(self, chunks, kind=kind, workers=workers) for m in matches]
        answer = dict(zip(distinct, found, strict=True))
        if floor:
            answer = {n: m if m is None or m.score >= floor else None for n, m in answer.items()}
        return [answer[name] for name in names]

    def annotate(self, text: str, *, kinds: Iterable[str] | None = None, threshold: float | None = None) -> list[Mention]:
        """Every mention of an entity of this table in running text, in text order (see annotator.py),
        none scoring below ``threshold``."""
        floor = check_threshold(threshold)
        if self._annotator is None:
            with self._lock:
                if self._annotator is None:
                    from aliasdb.text.annotator import Annotator

                    self._annotator = Annotator(self)
        found = self._annotator.annotate(text, kinds)
        return [m for m in found if m.score >= floor] if floor else found

    def rivals(self, alias: str, entity_id: str) -> list[str]:
        """Other entities that read an alias of ``entity_id`` as well as it does, at the strictest
        tier where it matches besides its exact entry (used by ``aliasdb check``)."""
        hits = every_hit(self._index, alias, None, exact=False)
        if not hits:
            return []
        top = [self._index.entity_id(h.entity) for h in hits if h.rank == hits[0].rank]
        return sorted(i for i in top if i != entity_id) if entity_id in top else sorted(top)

    def explain(self, name: str, *, kind: str | None = None) -> dict[str, Any]:
        """Every step of the decision for ``name``: forms, parts and keys, aligned aliases, result."""
        if not isinstance(name, str):
            raise TypeError(f"expected str, got {type(name).__name__}")
        check_kind(kind)
        steps = Trace(self._index)
        if too_long(name):  # nothing is read of it
            steps.trace.update(query=name, variants=[], aligned=[])
            hits = []
        else:
            hits = steps.run(name, kind)
        trace = steps.trace
        match, reason = self.decision(hits, name, kind)
        trace["candidates"] = [self._match(h, name).to_dict() | {"tier": TIERS[h.tier][0]} | self._alias_facts(h)
                               | {"calibration": calibration(evidence_class(TIERS[h.tier][1], h.family, name, h.alias)).to_dict()}
                               for h in hits[:10]]
        trace["result"] = match.to_dict() if match else None
        if not hits and too_long(name):
            reason = f"more than {MAX_NAME_CHARS} characters: no name is this long, nothing is read of it"
        elif not hits and too_many_parts(name):
            reason = f"more than {MAX_QUERY_PARTS} parts: not read as a name, only met as written"
        trace["reason"] = reason
        return trace


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
    here = os.path.realpath(PACKAGE)
    packaged = os.path.join(here, "aliases.yaml")
    return packaged if os.path.isfile(packaged) else os.path.join(os.path.dirname(here), "aliases.yaml")


__all__ += ["default_table_path"]
