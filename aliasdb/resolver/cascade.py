"""The decision for a name, in named steps.

    name
      → exact step: the aliases written exactly so (the exact tier)
      → readings: the name read in every way it may be meant (``names/parts.query_variants``)
      → candidates: the aliases that share a key with every part of a reading (``Index.candidates``)
      → screening: cheap bounds that may only say "no" where alignment would (``match/bounds.py``)
      → alignment: ``align`` and what it is worth, ``tier_of`` (``match/align.py``, ``match/tiers.py``)
      → hits: the best hit per entity (``Hits``)
      → decision: the strictest rank decides; one entity there is the answer, two or more tie (None).

Each pass is a class that says how it runs these steps. ``StrictPass`` and then ``LoosePass``
decide a name (``resolve``): each stops as soon as nothing left could change the answer, and the
strict one first tries the name as written from its normalized forms alone (``as_written``).
``EveryHit`` finds every hit (``candidates``, ``check``'s rivals, running text's strict tiers),
and ``Trace`` does what ``EveryHit`` does with no shortcut, recording each step for ``explain``.
"""

from __future__ import annotations

from aliasdb.kinds import KIND, check_kind
from aliasdb.limits import BATCHED_KOREAN_FROM, UNNAMED_FROM_PARTS
from aliasdb.match.align import Alignment, AsWritten, align, as_written_keys, meets_as_written
from aliasdb.match.bounds import Runs, Spelled, korean_may_count, may_count, query_runs, spelled_alike
from aliasdb.match.guards import as_written_only, one_part_coherent, too_short
from aliasdb.match.tiers import BEST_RANK, EXACT_TIER, FULL_TIER, LOOSE_TIER, REACH, TIERS, score_of, tier_of
from aliasdb.model import frozen, replace
from aliasdb.names.normalize import normalize
from aliasdb.names.parts import LEVEL_NAMES, NORMALIZED, TRANSLIT, Query, as_written, exact_form, query_variants
from aliasdb.translit import rules_between

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aliasdb.index.lookup import Index

__all__ = ["Hit", "Hits", "StrictPass", "LoosePass", "EveryHit", "Trace", "exact_hits", "decide"]

#: A rank: the tier, and whether only a shortened reading of the name met it.
Rank = tuple[int, bool]
#: A phase of a reading's search: (normalized keys only, every part required, the rank that settles).
Phase = tuple[bool, bool, Rank]
_WHOLE: tuple[Phase, ...] = ((False, False, (0, False)),)


@frozen
class Hit:
    """An entity met by a name: at which tier, with what raw score (what orders hits; a Match's
    score is calibrated: ``match/calibration.py``), through which alias."""

    tier: int
    score: float
    entity: int
    alias: str
    alignment: Alignment | None
    reread: bool = False  # matched only once titles, particles, a place type or a patronymic were cut off
    weak: bool = False  # through a weak alias: listed by candidates, never an answer alone (issue #20)
    family: str | None = None  # the language of the alias's names ("ko", "sl"): its evidence class

    @property
    def rank(self) -> Rank:
        """What the decision compares: the tier, and the name as written before a shortened reading."""
        return (self.tier, self.reread)

    @property
    def order(self) -> tuple[int, bool, float, str]:
        return (self.tier, self.reread, -self.score, self.alias)


class Hits:
    """The best hit per entity so far, the best rank among them, and how many entities hold it.
    A hit through a weak alias is kept aside (``weak``): it never decides alone, and ``decide``
    weighs it against the strong ones."""

    __slots__ = ("best", "top", "tied", "weak", "index", "name", "cap")

    def __init__(self, index: Index, name: str) -> None:
        self.best: dict[int, Hit] = {}
        self.top: Rank = (len(TIERS), True)
        self.tied = 0
        self.weak: dict[int, Hit] = {}
        self.index, self.name = index, name
        # (issue 17) a short string is met only by an alias as written: exact or normalized
        self.cap = FULL_TIER[NORMALIZED] if too_short(name) else len(TIERS)

    def offer(self, hit: Hit) -> None:
        if hit.tier > self.cap or (hit.tier > FULL_TIER[NORMALIZED] and as_written_only(
                self.name, hit.alias, self.index.entity(hit.entity), hit.tier >= LOOSE_TIER)):
            return  # (issue 17) an acronym in its script, or a former name by sound or edits
        if is_weak(self.index, hit.entity, hit.alias):
            hit = replace(hit, weak=True)
            if hit.entity not in self.weak or hit.order < self.weak[hit.entity].order:
                self.weak[hit.entity] = hit
            return
        old = self.best.get(hit.entity)
        if old is None or hit.order < old.order:
            self.best[hit.entity] = hit
            if hit.rank < self.top:
                self.top, self.tied = hit.rank, 1
            elif hit.rank == self.top and (old is None or old.rank != hit.rank):
                self.tied += 1

    def tie_holds(self, reach: Rank) -> bool:
        """Do two entities tie at a rank nothing within ``reach`` can beat (the answer is None)?"""
        return self.tied > 1 and self.top <= reach

    def settled(self, reach: Rank) -> bool:
        """Can nothing within ``reach`` change the decision any more?"""
        return self.top < reach or self.tie_holds(reach)

    def outranks(self, rank: Rank) -> bool:
        """Can a hit of this rank at best not change the decision? It is worse than the best yet,
        or as good while two entities or more tie there (and a tie is None)."""
        return rank > self.top or (rank == self.top and self.tied > 1)

    def ranked(self, index: Index) -> list[Hit]:
        """The hits, best first, ties broken by entity id (an entity's weak hit beside its strong one
        when it ranks better: ``decide`` weighs it)."""
        best = self.best
        kept = [*best.values(), *(h for e, h in self.weak.items() if e not in best or h.order < best[e].order)]
        return sorted(kept, key=lambda h: (h.order, index.entity_id(h.entity)))


def is_weak(index: Index, entity: int, alias: str) -> bool:
    """Is ``alias`` a weak alias of the entity (a bare surname, a short acronym, a metonym)?"""
    return index.has_weak and alias in index.weak_aliases(entity)


def exact_hits(index: Index, name: str, kind: str | None) -> list[Hit]:
    """The exact step: every alias written as the name is (after Unicode composition)."""
    return [Hit(EXACT_TIER, TIERS[EXACT_TIER][2], index.record_entity(ri), index.record_text(ri), None, False, False,
                index.record_family(ri))
            for ri in index.exact(exact_form(name))
            if kind is None or index.kind(index.record_entity(ri)) == kind]


def as_written_hits(index: Index, name: str, kind: str | None) -> tuple[list[Hit], bool]:
    """The shortcut of the strict pass: the hits of the name as written at the normalized tier,
    told from normalized forms alone (``meets_as_written``, which must agree with ``align``): when
    there are any, they decide, and no key need be made. They are the hits that the first phase
    of the strict pass would find there; and whether the name as written was tried (it has parts)."""
    q = AsWritten(*as_written(name))
    if not q.parts:
        return [], False
    hits = Hits(index, name)
    tier = FULL_TIER[NORMALIZED]
    spelled = as_written_keys(q)
    # (an alias met as written spells out what the query does: the few that do are all there is
    # to try; a query with too many ways of spelling out meets the first phase's aliases)
    for ri in index.written(spelled) if spelled is not None else index.candidates_as_written(q.parts):
        entity = index.record_entity(ri)
        if kind is not None and index.kind(entity) != kind:
            continue
        rec = index.record(ri)
        if is_weak(index, entity, rec.text):
            return [], False  # (issue #20) a weak alias met: the full search weighs it
        if meets_as_written(q, rec.parts, person=index.person(entity), family=rec.family):
            hits.offer(Hit(tier, score_of(tier), entity, rec.text, None, False, False, rec.family))
            if len(hits.best) > 1:
                break  # two entities tie where nothing can outrank them: the answer is None
    return hits.ranked(index), True


class _Reading:
    """One reading of the query met with its candidates: the screening and the alignment of each
    candidate alias, with what is computed once per reading (its runs of parts, what it spells)."""

    def __init__(self, index: Index, q: Query, shortcuts: bool):
        self.index, self.q, self.shortcuts = index, q, shortcuts
        self.runs: Runs | None = None  # made for the first candidate: most readings have none
        self.spelled: Spelled | None = None
        # (aliases spelled alike align alike: namesakes, a million entities have many)
        self.met: dict[tuple[bytes, int, str | None, bool], tuple[Alignment, int | None] | None] = {}

    def _spelling(self) -> Spelled:
        if self.runs is None:
            self.runs = query_runs(self.q.parts)
        if self.spelled is None:
            self.spelled = Spelled(self.index, self.q.parts, self.runs)
        return self.spelled

    def korean_kept(self, found: list[int]) -> tuple[list[int], bool]:
        """Many candidates: those in a Korean name get the screening all at once (NumPy); and
        whether they did (then each is not screened again)."""
        if not self.shortcuts or len(found) < BATCHED_KOREAN_FROM or not self.index.korean(found):
            return found, False
        spelled = self._spelling()
        return self.index.korean_kept(found, spelled.met, spelled.must), True

    def aligned(self, ri: int, entity: int, batched: bool, outranked: Any) -> tuple[Alignment, int | None] | None:
        """The alignment of candidate ``ri`` and its tier (None for the tier: it does not count);
        None when screening shows that it cannot count, or (``outranked(rank)``) cannot change
        the decision."""
        index, q = self.index, self.q
        person = index.person(entity)
        family = index.record_family(ri)
        shape = (bytes(index.part_forms(ri)), index.surname_mask(ri), family, person) if self.shortcuts else None
        if shape is not None and shape in self.met:
            return self.met[shape]
        if self.shortcuts:
            if self.runs is None:
                self.runs = query_runs(q.parts)
            if family == "ko" and not batched:  # (what the query spells is read for the first Korean alias)
                spelled = self._spelling()
                if not (korean_may_count(spelled, index, ri, person)
                        and spelled_alike(spelled.must[person], index.forms_of(ri))):
                    self.met[shape] = None  # type: ignore[index]
                    return None
        rec = index.record(ri)
        result = None
        bound = BEST_RANK if self.runs is None else may_count(self.runs, q.parts, rec.parts, person, family, rec.surname)
        if bound is not None and (q.strict and bound[0] >= LOOSE_TIER or outranked(bound)):
            bound = None  # it would not count, or at best change no answer
        if bound is not None:
            al = align(q.parts, rec.parts, q.starts, person=person, family=family)
            if al is not None:
                result = (al, tier_of(al, person, rec.surname,
                                      lambda q, a: one_part_coherent(q, a, index.entity(entity), family)))
        if shape is not None:
            self.met[shape] = result
        return result


class EveryHit:
    """Every entity the name meets, with its best hit (``candidates``); ``loose=False`` keeps to
    the strict tiers (running text), ``exact=False`` leaves out the exact step (``check``)."""

    shortcuts = True  # screening, bulk Korean screening, one alignment per shape of alias

    def __init__(self, index: Index, *, loose: bool = True, exact: bool = True):
        self.index, self.loose, self.exact = index, loose, exact

    def reach(self, reading: int) -> Rank:
        """The best rank a hit of this reading can have."""
        return REACH[reading > 0]

    def stops_before(self, reading: int, hits: Hits) -> bool:
        """Is the search over before this reading?"""
        return False

    def skips(self, q: Query) -> bool:
        return False

    def phases(self, reading: int, q: Query, hits: Hits, checked: bool) -> tuple[Phase, ...]:
        return _WHOLE

    def candidates(self, reading: int, q: Query, phase: Phase) -> list[int]:
        return self.index.candidates(q.parts, self.loose, phase[0], phase[1])

    def outranked(self, hits: Hits, reading: int) -> Any:
        """A test of a bound's rank: True when a hit of it could change nothing."""
        return lambda bound: False

    def stops_after_hit(self, hits: Hits, reach: Rank) -> bool:
        return False

    def stops_after_phase(self, hits: Hits, reach: Rank, settles: Rank) -> bool:
        return hits.top <= settles

    def record(self, ri: int, entity: int, al: Alignment, tier: int | None) -> None:
        """(Where ``Trace`` writes down each alignment.)"""

    def run(self, name: str, kind: str | None) -> list[Hit]:
        """The hits of ``name``, best first."""
        return self.search(name, kind, Hits(self.index, name), self.exact)

    def search(self, name: str, kind: str | None, hits: Hits, exact: bool, checked: bool = False) -> list[Hit]:
        """The steps after the exact one (which runs here when ``exact``): readings, candidates,
        screening, alignment, hits."""
        index = self.index
        if exact:
            for hit in exact_hits(index, name, kind):
                hits.offer(hit)
        for reading, q in enumerate(self.readings(name)):
            reach = self.reach(reading)
            if self.stops_before(reading, hits):
                break  # no later reading can outrank what was found, or undo a tie
            if self.skips(q):
                continue
            meeting = _Reading(index, q, self.shortcuts)
            outranked = self.outranked(hits, reading)
            tried: set[int] = set()
            for phase in self.phases(reading, q, hits, checked):
                found = [ri for ri in self.candidates(reading, q, phase) if ri not in tried] if tried \
                    else self.candidates(reading, q, phase)
                tried.update(found)
                kept, batched = meeting.korean_kept(found)
                for ri in kept:
                    entity = index.record_entity(ri)
                    if kind is not None and index.kind(entity) != kind or q.place and not KIND[index.kind(entity)].place_types:
                        continue  # (a place type cut off names a place only: issue 17)
                    result = meeting.aligned(ri, entity, batched, outranked)
                    if result is None:
                        continue
                    al, tier = result
                    self.record(ri, entity, al, tier)
                    if tier is None or (q.strict and tier >= LOOSE_TIER):
                        continue
                    # (a patronymic of the query left out counts as a shortened reading of the name)
                    hits.offer(Hit(tier, score_of(tier, al.edits), entity, index.record_text(ri), al,
                                   reading > 0 or al.left_out, False, index.record_family(ri)))
                    if self.stops_after_hit(hits, reach):
                        break  # two entities tie where nothing can outrank them: the answer is None
                if self.stops_after_phase(hits, reach, phase[2]):
                    break  # what is left cannot change the answer
        return hits.ranked(index)

    def readings(self, name: str) -> list[Query]:
        return query_variants(name)


class StrictPass(EveryHit):
    """The first pass of ``resolve``: the strict tiers only, stopping as soon as nothing left could
    change the answer. ``seen`` keeps, per reading, the aliases it tried (the loose pass skips them)."""

    def __init__(self, index: Index, seen: dict[int, set[int]]):
        super().__init__(index, loose=False)
        self.seen = seen

    def run(self, name: str, kind: str | None) -> list[Hit]:
        hits = Hits(self.index, name)
        for hit in exact_hits(self.index, name, kind):
            hits.offer(hit)
        checked = False  # whether the name as written is known to meet no alias in full at the normalized tier
        if not hits.best:
            written, checked = as_written_hits(self.index, name, kind)
            if written:
                return written
        return self.search(name, kind, hits, False, checked)

    def stops_before(self, reading: int, hits: Hits) -> bool:
        return hits.settled(self.reach(reading))

    def phases(self, reading: int, q: Query, hits: Hits, checked: bool) -> tuple[Phase, ...]:
        # the name as written meets first the aliases that share its normalized parts, patronymic
        # included: one met there in full settles the answer; then those that share a key with
        # every part: one met so (transliterated) settles it too; then the rest. A shortened
        # reading, once only a normalized hit of it could count, meets only the first.
        if reading == 0:
            phases = ((True, True, (FULL_TIER[NORMALIZED], False)), (False, True, (FULL_TIER[TRANSLIT], False)),
                      *_WHOLE)[checked:]  # (the second phase's aliases hold the first's)
            if not (len(q.parts) >= UNNAMED_FROM_PARTS and any(p.patronymic and not p.initial for p in q.parts)):
                phases = phases[:-2] + phases[-1:]  # every part is required anyway: the last phase is the second's
            return phases
        best_tier, best_reread = hits.top  # a shortened reading's hit counts up to this tier:
        counts_up_to = best_tier if best_reread else best_tier - 1  # (t, True) loses to (t, False)
        return ((True, False, (0, False)),) if counts_up_to <= FULL_TIER[NORMALIZED] else _WHOLE

    def candidates(self, reading: int, q: Query, phase: Phase) -> list[int]:
        found = super().candidates(reading, q, phase)
        if not phase[0] and not phase[1]:
            self.seen[reading] = set(found)
        return found

    def outranked(self, hits: Hits, reading: int) -> Any:
        return lambda bound: hits.outranks((bound[0], reading > 0 or bound[1]))

    def stops_after_hit(self, hits: Hits, reach: Rank) -> bool:
        return hits.tie_holds(reach)

    def stops_after_phase(self, hits: Hits, reach: Rank, settles: Rank) -> bool:
        return hits.top <= settles or hits.tie_holds(reach)


class LoosePass(StrictPass):
    """The second pass of ``resolve``, run only when the strict one found nothing: all it can find
    is by sound or edits, so it skips the readings that count only at the strict tiers and the
    aliases the strict pass already tried."""

    def __init__(self, index: Index, seen: dict[int, set[int]]):
        EveryHit.__init__(self, index, loose=True)
        self.seen = seen

    def run(self, name: str, kind: str | None) -> list[Hit]:
        return self.search(name, kind, Hits(self.index, name), True)

    def reach(self, reading: int) -> Rank:
        return (LOOSE_TIER, reading > 0)

    def skips(self, q: Query) -> bool:
        return q.strict

    def phases(self, reading: int, q: Query, hits: Hits, checked: bool) -> tuple[Phase, ...]:
        return _WHOLE

    def candidates(self, reading: int, q: Query, phase: Phase) -> list[int]:
        found = EveryHit.candidates(self, reading, q, phase)
        tried_strictly = self.seen.get(reading, set())
        return [ri for ri in found if ri not in tried_strictly]


class Trace(EveryHit):
    """``EveryHit`` with no shortcut, writing each step down for ``explain``."""

    shortcuts = False

    def __init__(self, index: Index):
        super().__init__(index)
        self.trace: dict[str, Any] = {}
        self.aligned: list[dict[str, Any]] = []

    def run(self, name: str, kind: str | None) -> list[Hit]:
        self.trace.update(query=name, exact_form=exact_form(name), normalized=normalize(name))
        hits = super().run(name, kind)
        self.trace["aligned"] = self.aligned
        return hits

    def readings(self, name: str) -> list[Query]:
        variants = super().readings(name)
        self.trace["variants"] = [[_part_info(p) for p in q.parts] for q in variants]
        return variants

    def record(self, ri: int, entity: int, al: Alignment, tier: int | None) -> None:
        self.aligned.append({"alias": self.index.record_text(ri), "id": self.index.entity_id(entity),
                             "tier": TIERS[tier][0] if tier is not None else "rejected",
                             "pairs": [[p[0], p[1], LEVEL_NAMES[p[2]]] + _rules(p) for p in al.pairs],
                             "partial": al.partial})


def resolve_hits(index: Index, name: str, kind: str | None) -> list[Hit]:
    """The hits ``resolve`` decides on: the strict pass, then, if it found nothing, the loose one."""
    if not isinstance(name, str):
        raise TypeError(f"expected str, got {type(name).__name__}")
    check_kind(kind)
    seen: dict[int, set[int]] = {}
    hits = StrictPass(index, seen).run(name, kind)
    if not hits:  # (the strict pass found nothing: every alias it tried fails again)
        hits = LoosePass(index, seen).run(name, kind)
    return hits


def every_hit(index: Index, name: str, kind: str | None, *, loose: bool = True, exact: bool = True) -> list[Hit]:
    if not isinstance(name, str):
        raise TypeError(f"expected str, got {type(name).__name__}")
    check_kind(kind)
    return EveryHit(index, loose=loose, exact=exact).run(name, kind)


def decide(index: Index, hits: list[Hit]) -> tuple[Hit | None, str]:
    """The decision: the best hit when one entity holds the best rank, else None; and why."""
    if not hits:
        return None, "no entity matched"
    top = [h for h in hits if h.rank == hits[0].rank]
    if any(h.weak for h in top):  # (issue #20) a weak alias is never enough alone, nor outranked by a weaker answer
        return _decide_weak(index, hits)
    if len(top) > 1:
        ids = ", ".join(index.entity_id(h.entity) for h in top)
        return None, f"ambiguous at tier {TIERS[top[0].tier][0]}: {ids}"
    return top[0], f"matched at tier {TIERS[top[0].tier][0]}"


def _decide_weak(index: Index, hits: list[Hit]) -> tuple[Hit | None, str]:
    """The decision when a weak hit ranks first: the best strong hit decides as ``decide`` does,
    unless another entity's weak hit ranks as well or better (then nobody is sure)."""
    strong = [h for h in hits if not h.weak]
    if not strong:
        h = hits[0]
        return None, f"only a weak alias ({h.alias!r} of {index.entity_id(h.entity)}) matched: never enough alone"
    found = [h for h in strong if h.rank == strong[0].rank]
    rivals = {h.entity for h in hits if h.weak and h.rank <= found[0].rank} - {found[0].entity}
    if len(found) > 1 or rivals:
        ids = ", ".join(sorted({index.entity_id(h.entity) for h in found} | {index.entity_id(e) for e in rivals}))
        return None, f"ambiguous at tier {TIERS[found[0].tier][0]} (weak aliases counted): {ids}"
    return found[0], f"matched at tier {TIERS[found[0].tier][0]} (a weak alias ranked above)"


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
