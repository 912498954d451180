"""A name two entities share is nobody's (issue 17).

A name met as written (exactly or normalized) is most often the answer, but not when it is also a
spelling of another entity's name: Dzerzhinsk is a town and the former name of Toretsk
(Дзержинск), Kosong a North Korean county and Goseong (고성, Косон) a South Korean one, HYON
KWANG IL and HYON, Gwang Il two listings of 현광일. The table holds both; a name alone cannot
choose, and a wrong place or person is worse than none. So a match as written stands only when
no other entity meets the name as written in full by transliteration, the strictest tier after
it, its words read as written (a partial match, a shortened reading, a case form, sound or edits
do not count: they are no shared name; nor does an acronym, met by its letters: СБУ is not SBS).
The entity still wins the name when every other one lists it under ``ambiguous``, or when it is
the one curated entity among imported places (``holds``).
"""

from __future__ import annotations

from aliasdb.match.align import align
from aliasdb.match.guards import acronym
from aliasdb.match.tiers import FULL_TIER, is_hangul
from aliasdb.names.normalize import normalize, script_of
from aliasdb.names.parts import TRANSLIT, Query, as_written, exact_form, parts, written_query
from aliasdb.resolver.cascade import EveryHit, Hit, Hits, Phase, Rank
from aliasdb.translit import key_sources

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from aliasdb.index.lookup import Index
    from aliasdb.resolver.front import AliasDB

__all__ = ["sharers", "holds", "one_name"]

#: Only the aliases that share a key with every part of the name, met in full: the
#: transliterated tier at best.
_SHARED_PHASE: tuple[Phase, ...] = ((False, True, (FULL_TIER[TRANSLIT], False)),)


class _Sharers(EveryHit):
    """The strict tiers, the name as written only, stopping at the first other entity met."""

    def __init__(self, index: Index, holder: int, hangul: bool, alias: int | None):
        super().__init__(index, loose=False)
        self.holder, self.hangul, self.alias = holder, hangul, alias

    def readings(self, name: str) -> list[Query]:
        if self.alias is None:
            return written_query(name)
        # (the alias met as written spells the name: its parts, read when the index was built, in
        # the alias's language, need no key made again)
        return [Query(self.index.record(self.alias).parts, as_written(self.index.record_text(self.alias))[1])]

    def stops_before(self, reading: int, hits: Hits) -> bool:
        return self._found(hits)

    def phases(self, reading: int, q: Query, hits: Hits, checked: bool) -> tuple[Phase, ...]:
        return _SHARED_PHASE

    def candidates(self, reading: int, q: Query, phase: Phase) -> list[int]:
        index, holder = self.index, self.holder  # (the holder's own aliases need no alignment)
        found = index.spelled_candidates(q.parts) if self.alias is None else \
            index.spelled_candidates(q.parts, True, index.record_family(self.alias))
        return [ri for ri in found if index.record_entity(ri) != holder]

    def stops_after_hit(self, hits: Hits, reach: Rank) -> bool:
        return self._found(hits)

    def _found(self, hits: Hits) -> bool:
        return any(_shares(h, self.holder, self.hangul) for h in hits.best.values())


def _shares(h: Hit, holder: int, hangul: bool) -> bool:
    return h.entity != holder and not h.reread and h.tier <= FULL_TIER[TRANSLIT] and not acronym(h.alias) \
        and (not hangul or is_hangul(h.alias))


def sharers(index: Index, name: str, kind: str | None, hit: Hit) -> list[Hit]:
    """The other entities that bear the name ``hit`` met as written (the alias it met, read as the
    index read it; the name as written when only a shortened reading met it, a place type or a
    qualifier cut off, or the alias is not a record of its own): each one's hit,
    in full and by transliteration at best; a name written in Hangul is Korean as written, and
    shared only by another Hangul name (청주 is not Chŏngju, 정주)."""
    hangul = is_hangul(name.strip())
    alias = None if hit.reread else \
        next((ri for ri in index.exact(exact_form(hit.alias)) if index.record_entity(ri) == hit.entity), None)
    if alias is not None and all(index.record_entity(ri) == hit.entity for ri in
                                 index.spelled_candidates(index.record(alias).parts, True, index.record_family(alias))):
        return []  # (the search's one reading would have no candidate: most names, at a fifth of its cost)
    return [h for h in _Sharers(index, hit.entity, hangul, alias).run(name, kind) if _shares(h, hit.entity, hangul)]


def one_name(aliases: Iterable[str]) -> bool:
    """Are the aliases spellings of one name, each meeting the first in full by transliteration at
    best? Namesakes tied by a spelling of their name (Kirowsk: a curated Kirovsk and imported ones)
    may be held by the curated one; entities tied by two different names, each met through a
    reading of its own (Donec: Донец by Czech c, Donieck, a Polish Донецк, by English ck), are not
    (issue 17)."""
    first, *rest = [parts(a) for a in aliases]
    for other in rest:
        al = align(first, other, person=False)
        if al is None or al.partial or al.level > TRANSLIT or not all(_one_reading(a, b) for a, b, _ in al.pairs):
            return False
    return True


def _one_reading(a: str, b: str) -> bool:
    """Do two Latin spellings of a part meet under one convention, not each under its own (Oufa,
    French ou, and Uva, German v=f, are not one name)? Other scripts are read one way already."""
    if script_of(a) != "Latn" or script_of(b) != "Latn" or normalize(a) == normalize(b):
        return True
    sa, sb = key_sources(a), key_sources(b)
    return any(sa[k] & sb[k] for k in sa.keys() & sb.keys())


def holds(db: AliasDB, hit: Hit, others: list[Hit]) -> bool:
    """Does the hit's entity hold the name it shares with ``others``? When each of them lists its
    alias under ``ambiguous`` (the table says another holds it: Березовка of Berezivka, Донецк of
    the Rostov town) and the entity does not, or when it is the one curated entity among imported
    places (``places.holder``: Ufa, not the imported Uva read as German)."""
    from aliasdb.names.normalize import normalize
    from aliasdb.resolver.places import holder

    def marks(entity: int, alias: str) -> bool:
        return normalize(alias) in {normalize(a) for a in db.index.entity(entity).ambiguous}

    if all(marks(h.entity, h.alias) and not marks(hit.entity, h.alias) for h in others) and \
            not marks(hit.entity, hit.alias):
        return True  # (where both list the name, Дзержинск of Dzerzhinsk and of Toretsk, neither holds it)
    # (the name shared is the others' alias: the entity must not list it either). An imported
    # place is a namesake as real as the curated entity only where its own name is the name as
    # written (the Donetsk of Rostov Oblast); met by a reading of another spelling (Uva read as
    # German for Ufa, a second GeoNames record Narian-Mar for Naryan-Mar), the curated entity holds it.
    written = normalize(hit.alias)
    same = all(normalize(h.alias) == written for h in others)
    return holder(db, [(hit.entity, others[0].alias), *((h.entity, h.alias) for h in others)], text=not same) == hit.entity
