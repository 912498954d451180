"""Compare two names part by part and say how well, and how, they agree.

A query and an alias are aligned in written order, after rotating the query (so ``Surname,
Given`` meets ``Given Surname``). A part may meet a part, or a run of up to ``MAX_MERGE``
adjacent parts written as one (Jong-un = Jongun). Alias parts the query lacks make the match
*partial*; a query part the alias lacks fails it, unless it is a patronymic. The alignment's
level is its weakest pair: one fuzzy part makes a fuzzy match.
"""

from __future__ import annotations

from functools import lru_cache

import jellyfish

from aliasdb.limits import (
    FUZZY_MIN_CHARS,
    FUZZY_TWO_EDITS_CHARS,
    MAX_MERGE,
    MAX_WRITTEN_KEYS,
    MERGE_PART_CHARS,
    MIN_LOAN_CHARS,
    PHONETIC_MIN_SIMILARITY,
    UNNAMED_FROM_PARTS,
)
from aliasdb.match.guards import same_numbers
from aliasdb.model import frozen
from aliasdb.names.parts import FUZZY, NORMALIZED, PHONETIC, TRANSLIT, Part, Spelling, lemmas, merge, merged_spelling
from aliasdb.translit import korean_keys, loan_keys, romanized_korean_keys, skeleton_loan_keys, slavic_keys

TYPE_CHECKING = False  # typing's, without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Alignment", "AsWritten", "compare", "align", "meets_as_written", "alias_written_keys", "as_written_keys",
           "max_edits", "mergeable", "near", "ascii_len"]



def mergeable(run: tuple[Part, ...], family: str | None) -> bool:
    """May this run of an alias's parts stand for one word of a query?"""
    return family != "sl" and all(len(p.norm) <= MERGE_PART_CHARS for p in run)




def _hangul(p: Part) -> bool:
    return "\uac00" <= p.text[:1] <= "\ud7a3"


def max_edits(length: int) -> int:
    """How many edits a part of this length may differ by and still match fuzzily."""
    if length < FUZZY_MIN_CHARS:
        return 0
    return 2 if length >= FUZZY_TWO_EDITS_CHARS else 1


@lru_cache(maxsize=262144)
def compare(q: Part, a: Part) -> tuple[int, int] | None:
    """How two parts agree: ``(level, edits)``, or None if they do not."""
    if q.norm == a.norm:
        return (NORMALIZED, 0)
    if q.keys & a.keys:
        return (TRANSLIT, 0)
    if _hangul(q) or _hangul(a):  # Hangul meets other scripts through its own keys, not by sound or edits
        if _hangul(q) == _hangul(a):
            return None
        hangul, other = (q, a) if _hangul(q) else (a, q)
        long = {k for k in loan_keys(hangul.text) if len(k) >= MIN_LOAN_CHARS}  # cheap: Hangul first
        # (the Korean press transcribes the Cyrillic: a Hangul query meets a Latin alias read as
        # English only, not by every convention: 부사 is no French Bucha, 소시 no French Sochi; issue 17)
        latin_alias = hangul is q and other.text.isascii()
        if long and long & (skeleton_loan_keys(frozenset({other.primary})) if latin_alias else loan_keys(other.text)):
            return (PHONETIC, 0)  # a Slavic name and its Hangul transcription (Путин, 푸틴)
        return None
    if not same_numbers(q.norm, a.norm):
        return None  # (issue 17) numbers are met as written: Penza-19 is not Penza
    if q.phonetic & a.phonetic and jellyfish.jaro_winkler_similarity(q.primary, a.primary) >= PHONETIC_MIN_SIMILARITY:
        return (PHONETIC, 0)
    shortest = min(len(q.primary), len(a.primary))
    allowed = max_edits(shortest)
    if allowed and q.primary[:1] == a.primary[:1]:
        d = jellyfish.damerau_levenshtein_distance(q.primary, a.primary)
        if q.norm.isascii() and a.norm.isascii():
            d = min(d, jellyfish.damerau_levenshtein_distance(q.norm, a.norm))
        if d <= allowed:
            return (FUZZY, d)
    return None


@lru_cache(maxsize=65536)
def _korean_reading(text: str) -> frozenset[str]:
    """A query part's Korean keys, those of its Russian nominatives too (Ына → Ын)."""
    return korean_keys(text).union(*(korean_keys(lemma) for lemma in lemmas(text)))


def _by_keys(q: Part, a: Part) -> tuple[int, int] | None:
    """``compare`` at the normalized and transliterated levels only, a query part by its Korean
    keys alone: the alias is Korean, and a Slavic reading (French h is silent) must not make
    So-hae into So-ae."""
    if q.norm == a.norm:
        return (NORMALIZED, 0)
    # (Vasili of a North Korean list: any keys; a run of syllables, the keys its parts join to: merge)
    own = _korean_reading(q.text) | (q.keys - slavic_keys(q.text)) if romanized_korean_keys(a.text) else q.keys
    return (TRANSLIT, 0) if own & a.keys else None


@frozen
class Alignment:
    """How a query lined up with one alias."""

    level: int  # the weakest pair's level
    edits: int
    skipped: int  # alias parts the query did not name (patronymics not counted)
    initials: int  # query initials that stood for a whole alias part
    matched: frozenset[int]  # alias parts the query named in full
    pairs: tuple[tuple[str, str, int], ...]  # (query text, alias text, level) for explain
    left_out: bool = False  # a patronymic of the query went unnamed (the alias has none to meet it)

    @property
    def partial(self) -> bool:
        return bool(self.skipped or self.initials)

    @property
    def rank(self) -> tuple[int, int, int, int]:
        return (self.level, self.edits, self.skipped, self.initials)


#: (rank, pairs, alias parts named, whether a patronymic of the query went unnamed)
_Best = tuple[tuple[int, int, int, int], tuple[tuple[str, str, int], ...], frozenset[int], bool]
def _order(best: _Best) -> tuple[tuple[int, int, int, int], bool]:
    """Alignments compare by rank, then by leaving out no patronymic of the query (met by
    transliteration, it outranks being left out at the same level)."""
    return best[0], best[3]


#: A run of parts that may be written as one: (the parts, their letters if all ASCII, else -1).
_Run = tuple[tuple[Part, ...], int]


def ascii_len(run: tuple[Part | Spelling, ...]) -> int:
    """The letters of a run of parts, or -1 if it is not all ASCII (then lengths say nothing:
    a Hangul syllable stands for several letters)."""
    return sum(len(p.norm) for p in run) if all(p.norm.isascii() for p in run) else -1


def near(joined: int, other: str) -> bool:
    """Could a run of parts of ``joined`` letters (``ascii_len``) written as one be the other
    part? Only if their lengths are close: checked before reading the run, the costly step."""
    if joined < 0 or not other.isascii():
        return True
    return abs(joined - len(other)) <= max(3, len(other) // 3)


def _align_once(q: tuple[Part, ...], a: tuple[Part, ...], person: bool, family: str | None,
                q_runs: dict[tuple[int, int], _Run], a_runs: dict[tuple[int, int], _Run],
                merged: dict[tuple[Part, ...], Part]) -> _Best | None:
    """The best alignment of one rotation of the query; ``q_runs`` and ``a_runs`` hold its runs
    of 2 and more parts and the alias's mergeable ones, by (start, length); ``merged``, the runs
    read as one part so far (read only once a run's length makes it plausible: reading is costly)."""
    n, m = len(q), len(a)
    memo: dict[tuple[int, int], _Best | None] = {}
    korean = family == "ko"
    unnamed_ok = person and n >= UNNAMED_FROM_PARTS and not korean  # (issue 17: in a Korean name O and E are syllables)

    def best(i: int, j: int) -> _Best | None:
        if (i, j) in memo:
            return memo[(i, j)]
        if i == n and j == m:
            return ((NORMALIZED, 0, 0, 0), (), frozenset(), False)
        options: list[_Best] = []

        def add(rest: _Best | None, level: int, edits: int, skip: int, init: int,
                pair: tuple[str, str, int] | None, used: range | None, left_out: bool = False) -> None:
            if rest is None:
                return
            (lv, ed, sk, it), prs, mt, lo = rest
            options.append((
                (max(lv, level), ed + edits, sk + skip, it + init),
                ((pair,) + prs) if pair else prs,
                (mt | frozenset(used)) if used else mt,
                lo or left_out,
            ))

        if i < n and j < m:
            for qi in range(1, MAX_MERGE + 1):
                if i + qi > n:
                    break
                if qi > 1:
                    got = q_runs.get((i, qi))
                    if got is None or not near(got[1], a[j].norm):
                        continue
                    qrun = got[0]
                    qp = merged.get(qrun) or merged.setdefault(qrun, merge(qrun))
                else:
                    qp = q[i]
                for aj in range(1, MAX_MERGE + 1 if qi == 1 else 2):
                    if j + aj > m:
                        break
                    if aj > 1:
                        arun = a_runs.get((j, aj))
                        if arun is None or not near(arun[1], qp.norm):
                            continue
                        ap = merged.get(arun[0]) or merged.setdefault(arun[0], merge(arun[0], family))
                    else:
                        ap = a[j]
                    if qp.initial and aj == 1 and not ap.initial:
                        if ap.primary[:1] and ap.primary[:1] in qp.keys | {qp.primary}:
                            add(best(i + 1, j + 1), TRANSLIT, 0, 0, 1, (qp.text, ap.text, TRANSLIT), None)
                        if not korean:
                            continue  # in a Korean name, I and O are surnames, not initials
                    # Korean names differ by one letter (Jong-un, Jong-il): keys or nothing, and no
                    # sound classes to compute
                    hit = _by_keys(qp, ap) if korean else compare(qp, ap)
                    if hit:
                        add(best(i + qi, j + aj), hit[0], hit[1], 0, 0, (qp.text, ap.text, hit[0]),
                            range(j, j + aj))
        if j < m:  # the query does not name this alias part (free for a person's patronymic or initial)
            free = person and (a[j].patronymic or a[j].initial)
            add(best(i, j + 1), NORMALIZED, 0, 0 if free else 1, 0, None, None)
        if i < n and unnamed_ok and (q[i].patronymic or q[i].initial):  # one the alias lacks
            # (a patronymic left out: the name was met without it, never at the normalized level,
            # and a twin whose alias names it outranks this one: Wadim Skorow for Wadim
            # Dmitrijewitsch Skorow loses to Скоров Вадим Дмитриевич)
            add(best(i + 1, j), TRANSLIT if q[i].patronymic else NORMALIZED, 0, 0, 0, None, None, q[i].patronymic)
        result = min(options, key=_order) if options else None
        memo[(i, j)] = result
        return result

    return best(0, 0)


def align(q: tuple[Part, ...], a: tuple[Part, ...], starts: frozenset[int] | None = None, *,
          person: bool = True, family: str | None = None) -> Alignment | None:
    """The best alignment of a query's parts with an alias's parts, over every rotation of the
    query at a word start (all parts when ``starts`` is None); None if some query part has no
    counterpart."""
    if not q or not a:
        return None
    n, m = len(q), len(a)
    a_runs: dict[tuple[int, int], _Run] = {}
    for j in range(m):
        for size in range(2, MAX_MERGE + 1):
            run = a[j : j + size]
            if j + size <= m and mergeable(run, family):
                a_runs[(j, size)] = (run, ascii_len(run))
    # a run of parts written as one is a run of the query as written: a rotation does not join
    # its last part to its first (Yeon In-se is not In Se-yeon)
    runs_of = {(start, size): (q[start : start + size], ascii_len(q[start : start + size]))
               for size in range(2, MAX_MERGE + 1) for start in range(n - size + 1)}
    merged: dict[tuple[Part, ...], Part] = {}
    found: _Best | None = None
    for r in range(n):
        if starts is not None and r not in starts:
            continue
        q_runs = {(i, size): runs_of[((r + i) % n, size)] for i in range(n) for size in range(2, MAX_MERGE + 1)
                  if i + size <= n and ((r + i) % n, size) in runs_of}
        got = _align_once(q[r:] + q[:r], a, person, family, q_runs, a_runs, merged)
        if got is not None and (found is None or _order(got) < _order(found)):
            found = got
    if found is None:
        return None
    (level, edits, skipped, initials), pairs, matched, left_out = found
    return Alignment(level, edits, skipped, initials, matched, pairs, left_out)


class AsWritten:
    """A query's spellings ready for ``meets_as_written``: its parts, where words begin, and its
    runs of parts written as one (read once per query, when an alias first needs them)."""

    __slots__ = ("parts", "starts", "_runs")

    def __init__(self, parts: tuple[Spelling, ...], starts: frozenset[int]):
        self.parts, self.starts = parts, starts
        self._runs: dict[tuple[int, int], tuple[str, int, bool]] = {}

    def run(self, start: int, size: int) -> tuple[str, int, bool]:
        """The run of ``size`` parts from ``start``: (normalized, ``ascii_len``, initial)."""
        got = self._runs.get((start, size))
        if got is None:
            run = self.parts[start : start + size]
            s = merged_spelling(run)
            got = self._runs[(start, size)] = (s.norm, ascii_len(run), s.initial)
        return got


def meets_as_written(query: AsWritten, a: tuple[Part, ...], *, person: bool, family: str | None) -> bool:
    """Does ``align`` meet the query in full at the normalized level, leaving out no patronymic
    of the query (the strictest tier after an exact match)? Told from normalized forms alone, so
    no transliteration key is made. Tried as ``align`` tries: each rotation at a word start, runs
    of parts written as one where their lengths make them plausible, a person's patronymics and
    initials free to go unnamed."""
    if not query.parts or not a:
        return False
    korean = family == "ko"
    a_runs: dict[tuple[int, int], tuple[str, bool] | None] = {}

    def alias_run(j: int, size: int, other: str) -> tuple[str, bool] | None:
        """The alias's run of ``size`` parts from ``j`` as one (normalized, initial), if it may
        stand for ``other``, the query part: read only once its length makes that plausible."""
        run = a[j : j + size]
        if not mergeable(run, family) or not near(ascii_len(run), other):
            return None
        if (j, size) not in a_runs:
            s = merged_spelling(run)
            a_runs[(j, size)] = (s.norm, s.initial and not korean)  # (in a Korean name nothing is an initial)
        return a_runs[(j, size)]

    return any(_meets_rotated(query, r, a, person, korean, alias_run) for r in query.starts)


def _meets_rotated(query: AsWritten, r: int, a: tuple[Part, ...], person: bool, korean: bool,
                   alias_run: Callable[[int, int, str], tuple[str, bool] | None]) -> bool:
    """``meets_as_written`` for the query rotated to begin at part ``r``."""
    q = query.parts
    n, m = len(q), len(a)
    unnamed_ok = person and n >= UNNAMED_FROM_PARTS and not korean  # (as align: issue 17)
    memo: dict[tuple[int, int], bool] = {}

    def meets(i: int, j: int) -> bool:
        if i == n and j == m:
            return True
        key = (i, j)
        if key in memo:
            return memo[key]
        found = False
        qp = q[(r + i) % n] if i < n else None
        if qp is not None and j < m:
            for qi in range(1, min(MAX_MERGE, n - i) + 1):
                if qi > 1:
                    if (r + i) % n + qi > n:
                        break  # (no run across the rotation: see align)
                    qnorm, qlen, qinitial = query.run((r + i) % n, qi)
                    if not near(qlen, a[j].norm):
                        continue
                else:
                    qnorm, qinitial = qp.norm, qp.initial
                for aj in range(1, min(MAX_MERGE if qi == 1 else 1, m - j) + 1):
                    if aj > 1:
                        arun = alias_run(j, aj, qnorm)
                        if arun is None:
                            continue
                        anorm, ainitial = arun
                    else:
                        anorm, ainitial = a[j].norm, a[j].initial
                    if qinitial and aj == 1 and not ainitial and not korean:
                        continue  # an initial meets a whole part by transliteration at best
                    if qnorm == anorm and meets(i + qi, j + aj):
                        found = True
                        break
                if found:
                    break
        if not found and j < m and person and (a[j].patronymic or a[j].initial):
            found = meets(i, j + 1)
        if not found and qp is not None and unnamed_ok and qp.initial and not qp.patronymic:
            found = meets(i + 1, j)
        memo[key] = found
        return found

    return meets(0, 0)




def _spelled_out(norms: list[str], droppable: list[bool], run: Callable[[int, int], str | None]) -> set[str] | None:
    """Every string parts spell out in order, their normalized forms joined: each droppable part
    left out or not, and runs of parts written as one (``run(i, size)``: its normalized form, or
    None where no run may be read). None past MAX_WRITTEN_KEYS."""
    n = len(norms)
    tails: list[set[str]] = [set() for _ in range(n)] + [{""}]  # what parts i.. spell out
    for i in range(n - 1, -1, -1):
        out = {norms[i] + tail for tail in tails[i + 1]}
        if droppable[i]:
            out |= tails[i + 1]
        for size in range(2, min(MAX_MERGE, n - i) + 1):
            joined = run(i, size)
            if joined is not None:
                out |= {joined + tail for tail in tails[i + size]}
        if len(out) > MAX_WRITTEN_KEYS:
            return None
        tails[i] = out
    return tails[0]


def alias_written_keys(a: tuple[Part, ...], *, person: bool, family: str | None) -> set[str] | None:
    """What an alias spells out, each way ``meets_as_written`` may read it (a person's patronymic
    or initial left out or not, a run of parts as one): a query met as written spells out one of
    them too (``as_written_keys``). None past MAX_WRITTEN_KEYS."""
    if not a:
        return None
    return _spelled_out([p.norm for p in a], [person and (p.patronymic or p.initial) for p in a],
                        lambda j, size: merged_spelling(a[j : j + size]).norm if mergeable(a[j : j + size], family)
                        else None)


def as_written_keys(query: AsWritten) -> set[str] | None:
    """What a query spells out, each way ``meets_as_written`` may read it (rotated at a word
    start, a run of parts as one, an initial left out): every alias it meets so spells out one of
    them too (``alias_written_keys``). None past MAX_WRITTEN_KEYS."""
    q = query.parts
    n = len(q)
    if not n or n > MAX_WRITTEN_KEYS:
        return None
    skip = n >= UNNAMED_FROM_PARTS
    found: set[str] = set()
    for r in query.starts:
        rotated = q[r:] + q[:r]
        got = _spelled_out([p.norm for p in rotated], [skip and p.initial and not p.patronymic for p in rotated],
                           _rotated_runs(query, r))
        if got is None:
            return None
        found |= got
        if len(found) > MAX_WRITTEN_KEYS:
            return None
    return found


def _rotated_runs(query: AsWritten, r: int) -> Callable[[int, int], str | None]:
    """The runs of the query rotated to begin at part ``r``, as ``_spelled_out`` reads them (none
    across the rotation: see ``align``)."""
    n = len(query.parts)

    def run(i: int, size: int) -> str | None:
        start = (r + i) % n
        return query.run(start, size)[0] if start + size <= n else None

    return run
