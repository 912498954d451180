"""What a name's shape lets count as evidence: the rules that keep a wrong person out (issue 17).

A wrong match is worse than none, and the loosest evidence is found on the smallest names:

* a *short string* (one or two letters or digits, one Hangul syllable or Hanja) is met only by an
  alias as written, exactly or normalized: ``N`` is no NIS through a stripped Baltic ``-is``,
  ``\\N`` (a CSV null) nobody, 방 ("room") no Ban Ki-moon;
* a *name of one part* (a place, most often) met by transliteration alone has no other part to
  confirm the reading, so it must meet the entity's own name in its own script (Cyrillic,
  Hangul) by a strict reading of the query, not another Latin spelling by a second loose
  reading: Khasan is no Italian Kasan (Kazan), Tumen no Dutch Tyumen;
* an *acronym* (FSB) is met in its own script only as written (FSBB is not FSB), and a *former
  name* only by its spellings, never by sound or edits (Krasnoarmeysk, a town in Russia, is no
  Krasnoarmiisk, the former name of Pokrovsk).
"""

from __future__ import annotations

import re
from functools import lru_cache

from aliasdb.limits import MAX_ACRONYM_CHARS, MAX_SHORT_CHARS, SURNAME_TYPO_CHARS
from aliasdb.model import Entity
from aliasdb.names.normalize import fold, normalize, script_of
from aliasdb.names.parts import lemmas, parts
from aliasdb.translit import korean_keys, slavic_keys, strict_slavic_keys

__all__ = ["too_short", "one_part_coherent", "acronym", "as_written_only", "same_numbers", "transposed", "surname_typo",
           "MAX_SHORT_CHARS", "MAX_ACRONYM_CHARS"]



def _syllabic(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or script_of(ch) == "Hani"


def too_short(name: str) -> bool:
    """Is the name so short that only an alias as written may meet it?"""
    s = "".join(normalize(name).split())
    if not s:
        return False
    if any(_syllabic(ch) for ch in s):
        return len(s) == 1
    return len(s) <= MAX_SHORT_CHARS


@lru_cache(maxsize=4096)
def _native_keys(entity: Entity, family: str | None) -> frozenset[str]:
    """The keys of an entity's one-word names in Cyrillic or Hangul, read as the index reads
    them: what a one-part Latin spelling of it transcribes."""
    out: set[str] = set()
    for name in entity.all_names:
        ps = parts(name, family=family)
        if len(ps) == 1 and script_of(ps[0].text) in ("Cyrl", "Hang"):
            out |= ps[0].keys
    return frozenset(out)


@lru_cache(maxsize=65536)
def _strict_keys(word: str, family: str | None) -> frozenset[str]:
    """A query word's keys without loose readings (not read as Korean for a Russian or Ukrainian
    entity: Tumen is no Korean 트멘 of Tioumen); a Cyrillic word's with those of its nominatives."""
    words = [word, *lemmas(word)] if script_of(word) == "Cyrl" else [word]
    return frozenset().union(*(strict_slavic_keys(w) | (korean_keys(w) if family != "sl" else frozenset())
                               for w in words))


def one_part_coherent(query: str, alias: str, entity: Entity, family: str | None) -> bool:
    """May a one-part query meet a one-part alias by transliteration? Only by a strict reading of
    both (conventions.LOOSE left out), or by a strict reading of the query that meets the
    entity's own one-word name in Cyrillic or Hangul. Hangul and Hanja are read strictly already."""
    qs, as_ = script_of(query), script_of(alias)
    if qs not in ("Latn", "Cyrl") or as_ not in ("Latn", "Cyrl") or (qs == "Cyrl" and as_ == "Cyrl"):
        return True
    own = _strict_keys(query, family)
    ps = parts(alias, family=family)
    if len(ps) != 1:
        return True
    loose = slavic_keys(alias) - strict_slavic_keys(alias) if as_ == "Latn" else frozenset()
    return not own.isdisjoint(ps[0].keys - loose) or not own.isdisjoint(_native_keys(entity, family))


def acronym(alias: str) -> bool:
    """Is the alias an acronym: one word of capitals (ФСБ, SBU), at most MAX_ACRONYM_CHARS long?"""
    return 2 <= len(alias) <= MAX_ACRONYM_CHARS and alias.isalpha() and alias.isupper()


def as_written_only(query: str, alias: str, entity: Entity, loose: bool) -> bool:
    """Is this alias met only as written by this query: an acronym, by a query in its own
    script; a former name, by sound or edits (``loose``)?"""
    if acronym(alias) and script_of(fold(query).replace(" ", "")) == script_of(alias.lower()):
        return True
    return loose and any(alias == former for former, _ in entity.historical)


def transposed(a: str, b: str) -> bool:
    """Are two spellings one adjacent transposition apart, nothing else (Zelenksyy, Zelenskyy)?"""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def surname_typo(query: str, alias: str) -> bool:
    """May a lone surname meet a person's surname with this typo (issue 17)? Only a long one
    (``SURNAME_TYPO_CHARS``), and only one adjacent transposition, the commonest slip of typing:
    Zelenksyy is Zelenskyy; two persons so met tie, and the answer is None."""
    q, a = normalize(query), normalize(alias)
    return len(q) >= SURNAME_TYPO_CHARS and transposed(q, a)


_DIGITS = re.compile(r"\d+")


def same_numbers(a: str, b: str) -> bool:
    """Do two spellings hold the same numbers? Penza-19, a closed town, is not Penza: numbers are
    met as written, never by sound or edits."""
    return _DIGITS.findall(a) == _DIGITS.findall(b)
