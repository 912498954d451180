"""Cheap tests before the costly alignment: can this alias count at all, and at best at which rank?

Every test here restates, on pairs of parts alone, what ``align`` (``match/align.py``) and
``tier_of`` (``match/tiers.py``) require: it may only say "no" where they would, and its best rank
is never worse than theirs. ``tests/test_fast_paths.py`` compares the two on the shipped table and
on dense generated tables. The bulk form of ``korean_may_count`` over many aliases at once is
``Index.korean_kept`` (NumPy), checked against it the same way.
"""

from __future__ import annotations

from aliasdb.limits import BOUND_ALIAS_PARTS, BOUND_QUERY_PARTS, MAX_MERGE, SURNAME_TYPO_CHARS, UNNAMED_FROM_PARTS
from aliasdb.match.align import ascii_len, compare, mergeable, near
from aliasdb.match.tiers import BEST_RANK, FULL_TIER, PARTIAL_TIER, is_hangul
from aliasdb.names.parts import FUZZY, NORMALIZED, PHONETIC, TRANSLIT, Part, merge

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aliasdb.index.lookup import Index

__all__ = ["Runs", "Spelled", "query_runs", "must_meet", "korean_may_count", "spelled_alike", "may_count"]

#: A query's parts and runs of parts: (parts, as one part, positions, letters if all ASCII else -1).
Runs = list[tuple[tuple[Part, ...], Part, tuple[int, ...], int]]


def query_runs(q: tuple[Part, ...]) -> Runs:
    """A query's parts, and its runs of parts written as one (never across the end of the name:
    see ``align``)."""
    n = len(q)
    out: Runs = []
    for size in range(1, min(MAX_MERGE, n) + 1):
        for start in range(n - size + 1):
            members = tuple(range(start, start + size))
            run = tuple(q[i] for i in members)
            out.append((run, run[0] if size == 1 else merge(run), members, ascii_len(run)))
    return out


def must_meet(q: tuple[Part, ...], person: bool) -> list[int]:
    """The query parts an alignment cannot leave out (``align``: a person's patronymic or
    initial may go unnamed in a query of three parts or more; an initial may stand for a part)."""
    return [i for i in range(len(q)) if not q[i].initial and not (person and len(q) >= UNNAMED_FROM_PARTS and q[i].patronymic)]


class Spelled:
    """What a query meets by spelling: ``must[person]``, for an alias of a person (True) or of
    anything else, the forms met by each part the query cannot leave out (alone or in a run of
    parts holding it, all in one set); ``met``, every form some part or run of the query meets."""

    __slots__ = ("must", "met")

    def __init__(self, index: Index, q: tuple[Part, ...], runs: Runs):
        by_part: list[set[int]] = [set() for _ in q]
        self.met: set[int] = set()
        for _, qp, members, _ in runs:
            forms = index.spelled_forms(qp)
            self.met |= forms
            for i in members:
                by_part[i] |= forms
        self.must = {person: [by_part[i] for i in must_meet(q, person)] for person in (False, True)}


def korean_may_count(spelled: Spelled, index: Index, ri: int, person: bool) -> bool:
    """``may_count`` for an alias in a Korean name, read off form sets without the record (a
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


def spelled_alike(must: list[set[int]], forms: memoryview) -> bool:
    """Does each part that must meet an alias meet one of its forms by spelling? A Korean name
    is met by nothing else (``align``: keys or nothing), so an alias where one does not is no match."""
    return all(not met.isdisjoint(forms) for met in must)


def may_count(runs: Runs, q: tuple[Part, ...], a: tuple[Part, ...], person: bool, family: str | None,
               surname: frozenset[int]) -> tuple[int, bool] | None:
    """None only when no alignment of the query with this alias can reach a tier, by what
    ``align`` and ``tier_of`` require, read off the pairs of parts alone (a cheap test before the
    costly alignment); else the best rank a hit of it can have: the strictest tier, and whether
    it must leave out a patronymic of the query (``Hit.rank``; ``BEST_RANK`` when unsure).
    Each query part that cannot be left out must meet an alias part (or a run of them), and the
    alignment is as weak as the weakest of these (a patronymic left out: transliterated); an
    alias part no query part meets makes the match partial, and a partial match needs a person
    whose surname is all the query names, at most transliterated. Pairs are tried as ``align``
    tries them (lengths must be plausible)."""
    n, m = len(q), len(a)
    if n > BOUND_QUERY_PARTS or m > BOUND_ALIAS_PARTS:
        return BEST_RANK
    # per query part: the strictest level it meets anything at, and whether it meets the surname
    # alone at a level a partial match allows; over all: which alias parts some query part meets
    level, names_surname, named = [UNMET] * n, [False] * n, 0
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
                    alike = alike or hit[0] < PHONETIC or is_hangul(qp.text) or is_hangul(a[j].text)
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
                        alike = alike or hit[0] < PHONETIC or is_hangul(qp.text) or is_hangul(ap.text)
                        whole = whole or len(members) == n
                        level[members[0]] = min(level[members[0]], hit[0])
                        if hit[0] <= TRANSLIT and not bits & others:
                            names_surname[members[0]] = True
    must = must_meet(q, person)
    weakest = max((level[i] for i in must), default=NORMALIZED)
    if weakest == UNMET:
        return None
    if n >= 2 and len(must) == n and not whole and not alike:
        return None  # two pairs or more, each by sound or edits alone: ``tier_of`` counts none such
    left_out = False  # a patronymic the alias cannot meet goes unnamed, at the transliterated level
    for i in set(range(n)).difference(must):
        if q[i].patronymic and not q[i].initial:  # (in a Korean name, keys may meet what compare does not)
            left_out = left_out or (level[i] == UNMET and not korean)
            weakest = max(weakest, min(level[i], TRANSLIT))
    if person:
        named |= sum(1 << j for j in range(m) if a[j].patronymic or a[j].initial)
    if named == (1 << m) - 1:
        return FULL_TIER[weakest], left_out  # a full match is possible
    if person and weakest <= TRANSLIT and all(names_surname[i] for i in must):
        return PARTIAL_TIER[weakest], left_out
    if person and n == 1 and weakest >= PHONETIC and len(q[0].norm) >= SURNAME_TYPO_CHARS:
        return FULL_TIER[FUZZY], left_out  # (a lone surname with a typo: ``tier_of`` says if it counts)
    return None


#: A level past every level: a query part that meets nothing.
UNMET = FUZZY + 1
