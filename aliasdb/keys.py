"""A name → its parts, and each part → the keys it is compared and indexed by.

The levels of comparison, strictest first, are the ``Level`` constants: the whole string as
written, the normalized part, the transliteration skeletons, a phonetic code, and a bounded
edit distance. Titles are dropped, patronymics and initials are marked, and Hangul words are cut
into syllables, so that 김정은 lines up with Kim Jong-un part by part.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import jellyfish

from aliasdb.normalize import MAX_NAME_CHARS, fold, normalize, script_of
from aliasdb.translit import keys, primary_skeleton

__all__ = ["Part", "parts", "strip_titles", "exact_form", "merge", "EXACT", "NORMALIZED", "TRANSLIT",
           "PHONETIC", "FUZZY", "LEVEL_NAMES", "TITLES"]

EXACT, NORMALIZED, TRANSLIT, PHONETIC, FUZZY = 0, 1, 2, 3, 4
LEVEL_NAMES = ("exact", "normalized", "transliterated", "phonetic", "fuzzy")

#: Phonetic codes are only trusted on parts at least this long (GUR and GRU share one).
MIN_PHONETIC_CHARS = 4

#: Words that stand before (or, in Korean, after) a name without being part of it.
TITLES = frozenset(
    """m mr mrs ms mme mlle dr prof sir herr frau madame monsieur messieurs comrade camarade genosse
    president presidente prasident premier minister ministre ministro general gen marshal marechal
    colonel col lieutenant lt admiral amiral chairman chairwoman leader dirigeant chef chief
    mayor maire burgermeister secretary secretaire sekretar spokesman spokeswoman porte parole
    le la les l the der die das el il lo de du des of von
    president-elect acting former ex late feu
    г господин госпожа товарищ тов президент премьер министр генерал маршал председатель лидер мэр
    пан пані президент прем'єр міністр генерал голова
    대통령 위원장 국무위원장 총비서 장군 동지 장관 총리 여사 씨 님 원수 부부장 부위원장""".split()
)

_PATRONYMIC = re.compile(r"(?:ovich|evich|ovitch|evitch|owitsch|ewitsch|ovna|evna|ichna|ovic|evic|ovych|evych|ivna|yivna"
                         r"|ович|евич|овна|евна|ична|инична|івна|ївна)$")
_COMPOUND_SURNAMES = frozenset("남궁 황보 제갈 선우 독고 사공 서문 동방 어금 망절".split())


@dataclass(frozen=True)
class Part:
    """One name part with everything it is compared by."""

    text: str  # folded: case and punctuation gone, diacritics kept
    norm: str  # normalized
    keys: frozenset[str]  # transliteration skeletons
    primary: str  # one representative skeleton, for edit distance
    phonetic: frozenset[str]
    patronymic: bool = False
    initial: bool = False


def exact_form(text: str) -> str:
    """The form compared at the exact level: NFC, spacing collapsed, nothing else touched."""
    return " ".join(unicodedata.normalize("NFC", text[: MAX_NAME_CHARS * 2]).split())[:MAX_NAME_CHARS]


@lru_cache(maxsize=131072)
def _part(text: str) -> Part:
    norm = normalize(text)
    script = script_of(text)
    ks = keys(text)
    primary = primary_skeleton(text) or norm
    phon = frozenset({jellyfish.metaphone(primary)}) if len(norm) >= MIN_PHONETIC_CHARS and primary.isascii() else frozenset()
    return Part(
        text=text,
        norm=norm,
        keys=ks,
        primary=primary,
        phonetic=phon,
        patronymic=len(norm) >= 6 and bool(_PATRONYMIC.search(norm)),
        initial=len(norm) == 1 and script in ("Latn", "Cyrl"),
    )


def merge(group: tuple[Part, ...]) -> Part:
    """Adjacent parts written as one (Jong + un = Jongun)."""
    return _part("".join(p.text for p in group))


def _words(text: str) -> list[str]:
    out: list[str] = []
    for word in fold(text).split():
        if script_of(word) == "Hang" and len(word) > 1:
            # surname, then the given name syllable by syllable: 김정은 → 김 정 은
            head = 2 if word[:2] in _COMPOUND_SURNAMES else 1
            out.append(word[:head])
            out.extend(word[head:])
        else:
            out.append(word)
    return out


def strip_titles(words: list[str]) -> list[str]:
    """Drop title words at either end, keeping at least one word."""
    lo, hi = 0, len(words)
    while hi - lo > 1 and normalize(words[lo]) in TITLES:
        lo += 1
    while hi - lo > 1 and normalize(words[hi - 1]) in TITLES:
        hi -= 1
    return words[lo:hi]


def parts(text: str, *, titles: bool = False) -> tuple[Part, ...]:
    """The parts of a name, in written order; ``titles=True`` drops leading and trailing titles."""
    words = _words(text)
    if titles:
        words = strip_titles(words)
    return tuple(_part(w) for w in words)
