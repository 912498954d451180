"""Transliteration keys: every spelling of a name part → the set of skeletons it may stand for.

Two key families share one space. *Slavic* skeletons come from Cyrillic through ``CYRILLIC`` and
from Latin through each convention of ``CONVENTIONS``; *Korean* keys come from Hangul syllables
and from Latin spellings read as Korean. Two spellings are transliterations of each other when
their key sets meet.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import islice, product

from aliasdb.limits import MAX_COMBINATIONS, MAX_KEYS
from aliasdb.names.normalize import normalize, script_of
from aliasdb.translit.conventions import BASE, CONVENTIONS, LOOSE, OWN_SPELLINGS
from aliasdb.translit.cyrillic import BULGARIAN, BULGARIAN_MARK, CYRILLIC
from aliasdb.translit.hangul import (
    ASSIMILATION,
    CYRILLIC_SURNAMES,
    FINALS,
    FOREIGN,
    FOREIGN_MARKS,
    INITIALS,
    LATIN,
    LOAN_FINALS,
    LOAN_INITIALS,
    LOAN_LATIN,
    LOAN_VOWELS,
    SURNAMES,
    VOWELS,
)
from aliasdb.translit.hangul import CYRILLIC as CYRILLIC_KOREAN

__all__ = [
    "keys", "key_sources", "rules_between", "hanja_readings", "loan_keys", "skeleton_loan_keys",
    "primary_skeleton", "ukrainian_given_name_keys",
    "english_given_name_keys", "slavic_keys", "strict_slavic_keys", "korean_keys", "romanized_korean_keys", "hangul_key",
    "skeleton",
    "CONVENTIONS", "CYRILLIC",
]


_HANGUL_BASE = 0xAC00


_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_DOUBLED = re.compile(r"(.)\1+")


def skeleton(units: str) -> str:
    """Fold a transcription to its skeleton: letters only, no doubled letters (except in words of
    four letters or fewer, where СССР is not СР and GRU not GRUU), ``ie`` → ``e``."""
    s = units if units.isascii() and units.isalnum() and units.islower() else _NOT_ALNUM.sub("", units)
    if len(s) > 4 and _DOUBLED.search(s):  # (most have none: a search is cheaper than a substitution)
        s = _DOUBLED.sub(r"\1", s)
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


def _expand(spans: list[list[str]], fold: Callable[[str], str] = skeleton, limit: int = MAX_KEYS) -> set[str]:
    """The keys of a word's readings (one alternative per span, folded), at most ``limit``."""
    found: set[str] = set()
    for combo in islice(product(*spans), MAX_COMBINATIONS):
        found.add(fold("".join(combo)))
        if len(found) >= limit:
            break
    return found


@lru_cache(maxsize=64)
def _regex(pattern: str) -> re.Pattern[str]:
    """A pattern compiled on first use: compiling them all on import was a tenth of a one-shot
    lookup, which most often needs none (an alias as written)."""
    return re.compile(pattern)


#: The conventions each of their own spellings belongs to, and the lengths of those spellings.
_MARK_OWNERS: dict[str, frozenset[str]] = {
    mark: frozenset(name for name, marks in OWN_SPELLINGS.items() if mark in marks)
    for mark in {m for marks in OWN_SPELLINGS.values() for m in marks}
}
_MARK_LENGTHS = sorted({len(m) for m in _MARK_OWNERS})


@lru_cache(maxsize=65536)
def own_conventions(word: str) -> frozenset[str]:
    """The conventions one of whose own spellings ``word`` holds: those it may be written under.
    A look-up of its substrings (a regex per convention, compiled in every process, was a tenth
    of a one-shot lookup)."""
    found: set[str] = set()
    for n in _MARK_LENGTHS:
        for i in range(len(word) - n + 1):
            owners = _MARK_OWNERS.get(word[i : i + n])
            if owners:
                found |= owners
    return frozenset(found)


@lru_cache(maxsize=65536)
def slavic_keys(word: str) -> frozenset[str]:
    """Skeletons of one folded name part read as Russian or Ukrainian (Cyrillic or any convention)."""
    script = script_of(word)
    if script == "Cyrl":  # (a Bulgarian word, read so whole: cyrillic.BULGARIAN)
        return frozenset(_expand(_spans(word, BULGARIAN if _regex(BULGARIAN_MARK).search(word) else CYRILLIC)))
    if script != "Latn":
        return frozenset()
    found: set[str] = set()
    read: set[tuple[tuple[str, ...], ...]] = set()  # (conventions often cut a word alike: a third of the time)
    own = own_conventions(word)
    for table in [BASE] + [t for name, t in CONVENTIONS.items() if name in own]:
        spans = _spans(word, table)
        cut = tuple(map(tuple, spans))
        if cut not in read:
            read.add(cut)
            found |= _expand(spans)
    found.discard("")
    return frozenset(found)


#: Each convention without its LOOSE alternatives (see conventions.LOOSE).
_STRICT: dict[str, dict[str, str]] = {
    name: {k: "|".join(a for a in v.split("|") if a not in LOOSE.get(name, {}).get(k, ())) or v
           for k, v in table.items()}
    for name, table in CONVENTIONS.items()
}


@lru_cache(maxsize=65536)
def strict_slavic_keys(word: str) -> frozenset[str]:
    """``slavic_keys`` without the alternatives a convention allows only loosely: what a name of
    one part must meet by (Khasan is no Italian Kasan)."""
    own = own_conventions(word)
    if script_of(word) != "Latn" or not any(name in own for name in LOOSE):
        return slavic_keys(word)
    found: set[str] = set()
    for table in [BASE] + [t for name, t in _STRICT.items() if name in own]:
        found |= _expand(_spans(word, table))
    found.discard("")
    return frozenset(found)


def _jamo(word: str) -> list[list[str]]:
    """Each Hangul syllable as its [initial, vowel, final] units."""
    out = []
    for ch in word:
        o = ord(ch) - _HANGUL_BASE
        if 0 <= o < 11172:
            out.append([INITIALS[o // 588], VOWELS[(o % 588) // 28], FINALS[o % 28]])
    return out


def hangul_key(word: str) -> tuple[str, ...]:
    """One coarse key per Hangul syllable (``김정은`` → ``('kim', 'chong', 'un')``)."""
    return tuple("".join(units) for units in _jamo(word))


def _hangul_keys(word: str) -> frozenset[str]:
    """A Hangul word's key, and its key with RR's sound changes between syllables where they differ."""
    units = _jamo(word)
    plain = "".join("".join(u) for u in units)
    for left, right in zip(units, units[1:], strict=False):
        changed = ASSIMILATION.get((left[2], right[0]))
        if changed:
            left[2], right[0] = changed
    return frozenset({plain, "".join("".join(u) for u in units)})


_KOREAN_SYLLABLES = (
    r"^(?:(?:kk|gg|tt|pp|ss|jj|ch|tch|chh|kh|th|ph|sh|ts|[kgndtrlmbpsjh])?"
    r"(?:yeo|yae|wae|eui|ae|ya|eo|ye|yo|wa|oe|wo|we|wi|yu|eu|ui|oo|ee|oi|ai|ea|[aeiouwy])"
    r"(?:ng|ck|[kgnlmpbtr]|h$)?)+$"
)


_KOREAN_CYRILLIC_SYLLABLES = (
    r"^(?:(?:кк|кх|тт|тх|пп|пх|сс|чч|чх|чж|дж|[кгнтдрлмпбсчжх])?"
    r"(?:ва|вэ|ве|во|ви|ый|йо|йе|йа|йу|[аэяеёоуыию])"
    r"(?:нъ|нь|ль|[кнлмптр])?)+$"
)


_KOREAN_FOREIGN_SYLLABLES = (
    r"^(?:(?:dzh|dsch|tsch|chkh|čch|cch|tkh|pkh|pch|kkh|kh|zh|dz|dž|dż|cz|sz|sch|ch|tch|tj|čh|[čćĉĝĵŝšśžżç]"
    r"|[kgndtrlmbpsjhvcz])?(?:eh|[wjv]?[aeiouyŏŭöüéèêôûâàî]{1,3})(?:ng|nj|[kgnlmpbtr])?)+$"
)



@lru_cache(maxsize=65536)
def korean_keys(word: str) -> frozenset[str]:
    """Coarse Korean keys of a name part: Hangul read syllable by syllable, Latin and Cyrillic read
    with the alternatives of every romanization (and, where a word shows it, of the spellings of
    hangul.FOREIGN); an irregular surname (Lee, Park, Choi) also through its Hangul."""
    return romanized_korean_keys(word) | _foreign_korean_keys(word)


@lru_cache(maxsize=65536)
def romanized_korean_keys(word: str) -> frozenset[str]:
    """Korean keys by Hangul, Hanja and the romanizations of Korean only: a word with none is no
    Korean spelling, and a Korean entity reads it by every convention (Vasili, Aleksandrovich)."""
    script = script_of(word)
    if script == "Hang":
        return _hangul_keys(word)
    if script == "Hani":
        return frozenset().union(*(_hangul_keys(h) for h in hanja_readings(word)))
    if script == "Latn":
        table, surnames, pattern = LATIN, SURNAMES, _KOREAN_SYLLABLES
    elif script == "Cyrl":
        table, surnames, pattern = CYRILLIC_KOREAN, CYRILLIC_SURNAMES, _KOREAN_CYRILLIC_SYLLABLES
    else:
        return frozenset()
    plain = normalize(word)
    found: set[str] = set()
    for hangul in surnames.get(plain, "").split():
        found.add("".join(hangul_key(hangul)))
    # read with the breves of McCune-Reischauer (ŏ, ŭ) and the Cyrillic ё kept
    if _regex(pattern).match(plain if script == "Latn" else word):
        found |= _expand(_spans(word, table), str)
    return frozenset(found)


def _foreign_korean_keys(word: str) -> frozenset[str]:
    if not (script_of(word) == "Latn" and _regex(FOREIGN_MARKS).search(word) and _regex(_KOREAN_FOREIGN_SYLLABLES).match(word)):
        return frozenset()
    # these spellings leave more open (c: ㅈ or ㅊ, n: ㄴ or ㅇ): twice the keys
    return frozenset(_expand(_spans(word, FOREIGN), str, 2 * MAX_KEYS))


def hanja_readings(word: str) -> list[str]:
    """The Hangul readings of a word in Hanja (朴正熙 → 박정희), every combination of the readings
    of its characters, at most MAX_KEYS; empty if a character has no known reading."""
    from aliasdb.translit.hanja import READINGS  # a large table, loaded only when Hanja is read

    options = [READINGS.get(ch, "").split() for ch in word]
    if not all(options):
        return []
    return ["".join(combo) for combo in islice(product(*options), MAX_KEYS)]


def _squeeze(s: str) -> str:
    return re.sub(r"(.)\1+", r"\1", s)


@lru_cache(maxsize=65536)
def loan_keys(word: str) -> frozenset[str]:
    """Consonant classes and plain vowels of a name part: the level at which a Russian or
    Ukrainian name and its Korean Hangul transcription meet (Путин, 푸틴: putin; Лавров, 라브로프:
    lapolp). Empty for other scripts."""
    script = script_of(word)
    if script == "Hang":
        out = []
        syllables = [ord(ch) - _HANGUL_BASE for ch in word if 0 <= ord(ch) - _HANGUL_BASE < 11172]
        for i, o in enumerate(syllables):
            ini, vow, fin = o // 588, (o % 588) // 28, o % 28
            if ini == 11 and vow == 13 and not fin and i == len(syllables) - 1 and i:
                out.append("p")  # final 우 = в
                continue
            out.append(LOAN_INITIALS[ini] + LOAN_VOWELS[vow] + LOAN_FINALS[fin])
        return frozenset({_squeeze("".join(out))})
    if script not in ("Latn", "Cyrl"):
        return frozenset()
    return skeleton_loan_keys(slavic_keys(word))


def skeleton_loan_keys(skeletons: frozenset[str]) -> frozenset[str]:
    """The sound classes of skeletons (see ``loan_keys``), at most MAX_KEYS."""
    found: set[str] = set()
    for k in sorted(skeletons):
        spans = [[a for a in alts if a in _LOAN_UNITS] or [""] for alts in _spans(k, LOAN_LATIN)]
        for combo in islice(product(*spans), MAX_COMBINATIONS):
            found.add(_squeeze("".join(combo)))
            if len(found) >= MAX_KEYS:
                return frozenset(found)
    return frozenset(found)


_LOAN_UNITS = frozenset(a for alts in LOAN_LATIN.values() for a in alts.split("|"))


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


@lru_cache(maxsize=2)
def _given_name_classes(table: str) -> dict[str, frozenset[str]]:
    from aliasdb.names.normalize import fold
    from aliasdb.translit import given_names

    classes: dict[str, frozenset[str]] = {}
    for other, ru in getattr(given_names, table).items():
        both = slavic_keys(fold(other)) | slavic_keys(fold(ru))
        for k in both:
            classes[k] = classes.get(k, frozenset()) | both
    return classes


def _other_forms(found: frozenset[str], table: str) -> frozenset[str]:
    classes = _given_name_classes(table)
    out: set[str] = set()
    for k in found:
        out |= classes.get(k, frozenset())
    return frozenset(out - found)


def ukrainian_given_name_keys(found: frozenset[str]) -> frozenset[str]:
    """The skeletons of the other form (Ukrainian or Russian) of a given name, for Ukrainian entities."""
    return _other_forms(found, "UKRAINIAN_RUSSIAN")


def english_given_name_keys(found: frozenset[str]) -> frozenset[str]:
    """The skeletons of the English and Russian forms of a given name (Nicholas, Nikolai)."""
    return _other_forms(found, "ENGLISH_RUSSIAN")


def key_sources(word: str) -> dict[str, set[str]]:
    """Which table produced each key of a word (for ``explain``; not used in matching)."""
    out: dict[str, set[str]] = {}
    script = script_of(word)
    if script == "Cyrl":
        for k in _expand(_spans(word, CYRILLIC)):
            out.setdefault(k, set()).add("cyrillic")
    elif script == "Latn":
        for name, table in CONVENTIONS.items():
            for k in _expand(_spans(word, table)):
                out.setdefault(k, set()).add(name)
    korean = {"Latn": "korean romanization", "Cyrl": "korean in cyrillic", "Hang": "hangul", "Hani": "hanja"}
    for k in korean_keys(word):
        out.setdefault(k, set()).add(korean.get(script, "korean"))
    for k in keys(word) - out.keys():
        out.setdefault(k, set()).add("given names")
    return out


def rules_between(a: str, b: str) -> str:
    """The tables under which two spellings of a name part meet, shortly: Choïgou and Шойгу meet
    as ``french ~ cyrillic``."""
    sa, sb = key_sources(a), key_sources(b)
    left: set[str] = set()
    right: set[str] = set()
    for k in sa.keys() & sb.keys():
        left |= sa[k]
        right |= sb[k]

    def short(names: set[str]) -> str:
        ordered = sorted(names)
        return ", ".join(ordered[:3]) + (f" +{len(ordered) - 3}" if len(ordered) > 3 else "")

    return f"{short(left)} ~ {short(right)}" if left else ""


def keys(word: str) -> frozenset[str]:
    """All transliteration keys of one folded name part."""
    return slavic_keys(word) | korean_keys(word)
