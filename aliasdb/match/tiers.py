"""What an alignment is worth: its tier in the cascade, and its score.

This is the rule the decision rests on, stated once. The cascade (``resolver/cascade.py``) tries
the tiers strictest first; the first tier at which any entity matches decides. The pre-alignment
bounds (``match/bounds.py``) restate this rule on pairs of parts alone, for speed, and must agree
with it (``tests/test_fast_paths.py``).
"""

from __future__ import annotations

from aliasdb.limits import EDIT_PENALTY, LOOSE_SINGLE_PART_CHARS
from aliasdb.match.align import Alignment
from aliasdb.match.guards import surname_typo
from aliasdb.names.parts import FUZZY, NORMALIZED, PHONETIC, TRANSLIT

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["TIERS", "EXACT_TIER", "FULL_TIER", "PARTIAL_TIER", "LOOSE_TIER", "BEST_RANK", "REACH", "tier_of", "score_of",
           "is_hangul"]

#: (tier name, method reported, raw score) in the order the cascade tries them. The raw score
#: orders hits (fewer edits first); the score a ``Match`` reports is calibrated (``match/calibration.py``).
TIERS: tuple[tuple[str, str, float], ...] = (
    ("exact", "exact", 1.0),
    ("normalized", "normalized", 0.97),
    ("transliterated", "transliterated", 0.93),
    ("partial-normalized", "partial", 0.88),
    ("partial-transliterated", "partial", 0.85),
    ("phonetic", "phonetic", 0.8),
    ("fuzzy", "fuzzy", 0.78),
)
#: An alias as written (the exact tier is met before any alignment).
EXACT_TIER = 0
#: The tier of a full alignment at each level (its weakest pair's).
FULL_TIER = {NORMALIZED: 1, TRANSLIT: 2, PHONETIC: 5, FUZZY: 6}
#: The tier of a partial alignment (a person's surname alone, or initials and surname).
PARTIAL_TIER = {NORMALIZED: 3, TRANSLIT: 4}
#: The first tier found by sound or edits: never trusted in running text, nor for readings that
#: count only at the strict tiers (a foreign ending read off, a qualifier cut).
LOOSE_TIER = FULL_TIER[PHONETIC]
#: The best rank of a hit after an exact one (rank: the tier, and whether a shortened reading).
BEST_RANK = (FULL_TIER[NORMALIZED], False)
#: The best rank the name as written (False) and a shortened reading (True) can reach by
#: alignment.
REACH = {False: (FULL_TIER[NORMALIZED], False), True: (FULL_TIER[NORMALIZED], True)}


def is_hangul(text: str) -> bool:
    """Does the text begin with a Hangul syllable (a part of a name written in Hangul)?"""
    return "\uac00" <= text[:1] <= "\ud7a3"


def tier_of(al: Alignment, person: bool, surname: frozenset[int],
            coherent: Callable[[str, str], bool] | None = None) -> int | None:
    """The tier of an alignment with an alias of an entity (``person``: persons' names; ``surname``:
    the alias parts that are its surname), or None when it does not count at all. ``coherent``
    (``match.guards.one_part_coherent`` for the entity): may a one-part name meet a one-part alias
    by the transliteration it met by?"""
    if coherent is not None and al.level == TRANSLIT and len(al.pairs) == 1 and not al.partial and \
            not coherent(al.pairs[0][0], al.pairs[0][1]):
        return None  # (issue 17) a name of one part by a loose reading alone: Khasan is no Kasan (Kazan)
    if al.level >= PHONETIC and len(al.pairs) == 1:
        query, alias, _ = al.pairs[0]
        if len(query) < LOOSE_SINGLE_PART_CHARS and not (is_hangul(query) or is_hangul(alias)):
            return None  # a short one-word name by sound or edits alone: too many places look alike
    if al.level >= PHONETIC and len(al.pairs) > 1 and all(
            level >= PHONETIC and not (is_hangul(query) or is_hangul(alias)) for query, alias, level in al.pairs):
        return None  # no part spelled alike, every one only by sound or edits: Ilya is not Yuliya Tolstoborova
    if not al.partial:
        return FULL_TIER[al.level]
    if person and al.level >= PHONETIC and len(al.pairs) == 1 and al.matched and al.matched <= surname and \
            not al.initials and surname_typo(al.pairs[0][0], al.pairs[0][1]):
        return FULL_TIER[FUZZY]  # (issue 17) a lone long surname, one transposition: Zelenksyy
    if not person or al.level > TRANSLIT:
        return None
    named = al.matched
    if not named or not named <= surname:
        return None  # only a surname (with initials) may stand for the whole person
    return PARTIAL_TIER[TRANSLIT if al.initials else al.level]


def score_of(tier: int, edits: int = 0) -> float:
    """The score of a hit at this tier with this many edits."""
    return round(TIERS[tier][2] - EDIT_PENALTY * edits, 4)
