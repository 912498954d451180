"""Transliteration keys: every spelling of a name part → the set of skeletons it may stand for.

Two key families share one space. *Slavic* skeletons come from Cyrillic through ``CYRILLIC`` and
from Latin through each convention of ``CONVENTIONS``; *Korean* keys come from Hangul syllables
and from Latin spellings read as Korean. Two spellings are transliterations of each other when
their key sets meet.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from aliasdb.normalize import normalize, script_of
from aliasdb.translit.conventions import CONVENTIONS
from aliasdb.translit.cyrillic import CYRILLIC
from aliasdb.translit.hangul import FINALS, INITIALS, LATIN, SURNAMES, VOWELS

__all__ = ["keys", "primary_skeleton", "slavic_keys", "korean_keys", "hangul_key", "skeleton", "CONVENTIONS", "CYRILLIC"]

#: At most this many keys per name part and convention: bounds the work of a pathological word.
MAX_KEYS = 24

_HANGUL_BASE = 0xAC00


def skeleton(units: str) -> str:
    """Fold a transcription to its skeleton: letters only, no doubled letters, ``ie`` → ``e``."""
    s = re.sub(r"[^a-z0-9]", "", units)
    s = re.sub(r"(.)\1+", r"\1", s)
    return s.replace("ie", "e")


@lru_cache(maxsize=4096)
def _plain(ch: str) -> str:
    return normalize(ch)


class _Table:
    """A spelling table indexed by first letter, longest spelling first."""

    def __init__(self, table: dict[str, str]):
        self.by_first: dict[str, list[tuple[str, bool, bool, list[str]]]] = {}
        entries = sorted(table.items(), key=lambda kv: (-len(kv[0].strip("^$")), -len(kv[0]), kv[0]))
        for spelling, output in entries:
            core = spelling.strip("^$")
            self.by_first.setdefault(core[0], []).append(
                (core, spelling.startswith("^"), spelling.endswith("$"), output.split("|")))

    def spans(self, word: str) -> list[list[str]]:
        out: list[list[str]] = []
        i, n = 0, len(word)
        while i < n:
            for core, at_start, at_end, alts in self.by_first.get(word[i], ()):
                if (at_start and i) or not word.startswith(core, i) or (at_end and i + len(core) != n):
                    continue
                out.append(alts)
                i += len(core)
                break
            else:
                out.append([_plain(word[i])])
                i += 1
        return out


_COMPILED: dict[int, _Table] = {}


def _spans(word: str, table: dict[str, str]) -> list[list[str]]:
    """Greedy longest-match segmentation of ``word`` by ``table``; each span's alternatives."""
    compiled = _COMPILED.get(id(table))
    if compiled is None:
        compiled = _COMPILED[id(table)] = _Table(table)
    return compiled.spans(word)


def _expand(spans: list[list[str]]) -> set[str]:
    found: set[str] = set()
    for combo in product(*spans):
        found.add(skeleton("".join(combo)))
        if len(found) >= MAX_KEYS:
            break
    return found


@lru_cache(maxsize=65536)
def slavic_keys(word: str) -> frozenset[str]:
    """Skeletons of one folded name part read as Russian or Ukrainian (Cyrillic or any convention)."""
    script = script_of(word)
    if script == "Cyrl":
        return frozenset(_expand(_spans(word, CYRILLIC)))
    if script != "Latn":
        return frozenset()
    found: set[str] = set()
    for table in CONVENTIONS.values():
        found |= _expand(_spans(word, table))
    found.discard("")
    return frozenset(found)


def hangul_key(word: str) -> tuple[str, ...]:
    """One coarse key per Hangul syllable (``김정은`` → ``('kim', 'chong', 'un')``)."""
    out = []
    for ch in word:
        o = ord(ch) - _HANGUL_BASE
        if 0 <= o < 11172:
            out.append(INITIALS[o // 588] + VOWELS[(o % 588) // 28] + FINALS[o % 28])
    return tuple(out)


_KOREAN_SYLLABLES = re.compile(
    r"^(?:(?:kk|gg|tt|pp|ss|jj|ch|tch|chh|kh|th|ph|sh|ts|[kgndtrlmbpsjh])?"
    r"(?:yeo|yae|wae|ae|ya|eo|ye|yo|wa|oe|wo|we|wi|yu|eu|ui|oo|ee|oi|ai|ea|[aeiouw])"
    r"(?:ng|ck|[kgnlmpbtr])?)+$"
)


@lru_cache(maxsize=65536)
def korean_keys(word: str) -> frozenset[str]:
    """Coarse Korean keys of a name part: Hangul read syllable by syllable, Latin read with the
    alternatives of every romanization; an irregular surname (Lee, Park, Choi) also through its Hangul."""
    script = script_of(word)
    if script == "Hang":
        return frozenset({"".join(hangul_key(word))})
    if script != "Latn":
        return frozenset()
    plain = normalize(word)
    found: set[str] = set()
    for hangul in SURNAMES.get(plain, "").split():
        found.add("".join(hangul_key(hangul)))
    if _KOREAN_SYLLABLES.match(plain):
        for combo in product(*_spans(plain, LATIN)):
            found.add("".join(combo))
            if len(found) >= MAX_KEYS:
                break
    return frozenset(found)


def primary_skeleton(word: str) -> str:
    """One representative key: Cyrillic and Latin read by their first alternatives (Latin as
    English), Hangul by its Korean key. Edit distance is measured between these."""
    script = script_of(word)
    if script == "Hang":
        return "".join(hangul_key(word))
    table = CYRILLIC if script == "Cyrl" else CONVENTIONS["english"] if script == "Latn" else None
    if table is None:
        return ""
    return skeleton("".join(alts[0] for alts in _spans(word, table)))


def keys(word: str) -> frozenset[str]:
    """All transliteration keys of one folded name part."""
    return slavic_keys(word) | korean_keys(word)
