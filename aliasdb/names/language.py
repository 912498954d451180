"""The language a table's name is in, when the table does not say (issue 17).

A table's ``country`` says in which language an entity's names are read (``kp``/``kr``: Korean,
``ru``/``ua``/``su``: Russian or Ukrainian), and a Korean name read as Korean only never meets
a near-namesake by a European j=y reading (Kim Yong-nam is not Kim Jong-nam). Real tables
(sanctions lists, exports) rarely carry ``country``; without it the language is inferred from
the entity's names by one documented rule:

* a name in Hangul or Hanja: Korean;
* else a Latin name of two parts or more, each a Korean syllable string (Jong-nam, Jongnam), one
  at either end a Korean surname (Kim, Pak, Ri, Choe), and none a Russian or Ukrainian given
  name (given_names: Kim Ilya is a Koryo-saram's Russian name): Korean;
* else: not known, and every convention reads the name.
"""

from __future__ import annotations

from functools import lru_cache

from aliasdb.model import Entity
from aliasdb.names.normalize import fold, script_of
from aliasdb.translit import romanized_korean_keys, slavic_keys
from aliasdb.translit.given_names import ENGLISH_RUSSIAN, UKRAINIAN_RUSSIAN
from aliasdb.translit.hangul import SURNAMES

__all__ = ["FAMILIES", "family_of", "inferred_family", "family_and_why"]

#: Which key family a country's names are read in.
FAMILIES = {"kp": "ko", "kr": "ko", "ru": "sl", "ua": "sl", "su": "sl"}


def _korean_latin(name: str) -> bool:
    words = fold(name).split()
    if len(words) < 2 or script_of("".join(words)) != "Latn":
        return False
    if words[0] not in SURNAMES and words[-1] not in SURNAMES:
        return False
    slavic = _slavic_given_names()
    return all(romanized_korean_keys(w) for w in words) and not any(slavic_keys(w) & slavic for w in words)


@lru_cache(maxsize=1)
def _slavic_given_names() -> frozenset[str]:
    names = {n for table in (UKRAINIAN_RUSSIAN, ENGLISH_RUSSIAN) for pair in table.items() for n in pair}
    return frozenset().union(*(slavic_keys(fold(n)) for n in names))


def _inferred(entity: Entity) -> tuple[str | None, str]:
    """The family of an entity's names by its letters alone, and why (the module's rule)."""
    for n in entity.all_names:
        for w in fold(n).split():
            if script_of(w) in ("Hang", "Hani"):
                return "ko", f"inferred: {n!r} is written in {'Hangul' if script_of(w) == 'Hang' else 'Hanja'}"
    if _korean_latin(entity.name):
        return "ko", f"inferred: {entity.name!r} is Korean syllables with a Korean surname"
    return None, "not inferred: every convention reads its names"


def inferred_family(entity: Entity) -> str | None:
    """The family of an entity's names by its letters alone (see the module's rule)."""
    return _inferred(entity)[0]


def family_of(entity: Entity) -> str | None:
    """``ko``, ``sl`` or None: from ``country`` when the table gives it, else inferred."""
    if entity.country:
        return FAMILIES.get(entity.country)
    return inferred_family(entity)


def family_and_why(entity: Entity) -> tuple[str | None, str]:
    """``family_of``, and why: for ``explain`` (issue 17)."""
    if entity.country:
        return FAMILIES.get(entity.country), f"country {entity.country!r}"
    return _inferred(entity)
