"""The index: every alias cut into parts, and every key of every part pointing back at its aliases.

Matching never scans the table. A query's candidates are the aliases that share a key with each
of its name parts (or with a run of them written as one); only those are aligned and scored.
Keys are namespaced by level: ``n`` normalized part, ``t`` transliteration skeleton, ``p``
phonetic code, ``d`` one-deletion neighbour of a skeleton (for the bounded edit distance).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from aliasdb.keys import Part, exact_form, in_language, merge, parts, strip_place_type
from aliasdb.model import Entity
from aliasdb.normalize import fold
from aliasdb.score import FUZZY_MIN_CHARS, MAX_MERGE
from aliasdb.translit import english_given_name_keys, korean_keys, loan_keys, ukrainian_given_name_keys

__all__ = ["AliasRecord", "Index", "part_keys"]


@dataclass(frozen=True)
class AliasRecord:
    """One indexed alias of one entity."""

    entity: int  # position in Index.entities
    text: str
    parts: tuple[Part, ...]
    surname: frozenset[int]  # which parts are the surname (persons only)
    family: str | None = None  # "ko" or "sl": the language the table says the name is in


def _with_keys(p: Part, extra: frozenset[str]) -> Part:
    return replace(p, keys=p.keys | extra) if extra else p


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def part_keys(p: Part, *, loose: bool = True) -> set[str]:
    """The index keys of one part; ``loose=False`` leaves out the phonetic and edit-distance ones."""
    out = {"n" + p.norm}
    out.update("t" + k for k in p.keys)
    out.update("l" + k for k in loan_keys(p.text) if len(k) >= 3)
    if not loose:
        return out
    out.update("p" + k for k in p.phonetic)
    for w in {p.primary, p.norm}:
        if len(w) >= FUZZY_MIN_CHARS:
            out.add("d" + w)
            out.update("d" + d for d in _deletions(w))
    return out


def _groups(ps: tuple[Part, ...]) -> Iterable[tuple[int, int, Part]]:
    """Each part and each run of adjacent parts written as one: (first part, run length, part)."""
    for i in range(len(ps)):
        yield i, 1, ps[i]
        for size in range(2, MAX_MERGE + 1):
            if i + size <= len(ps):
                yield i, size, merge(ps[i : i + size])


def _surname_keys(entity: Entity) -> frozenset[str]:
    """Keys that identify the surname of a person: the first syllable of a Hangul name; else in
    the name, the part before a comma (KHRUSHCHEV, Nikita), the first of three ending in a
    patronymic (Белоусов Андрей Рэмович), or the last (Andrei Belousov)."""
    for alias in entity.all_names:
        ps = parts(alias)
        if ps and any("\uac00" <= ch <= "\ud7a3" for ch in ps[0].text):
            return frozenset(korean_keys(ps[0].text)) | {ps[0].norm}
    ps = parts(entity.name)
    if not ps:
        return frozenset()
    first_is_surname = "," in entity.name or (len(ps) >= 3 and ps[-1].patronymic)
    surname = ps[0] if first_is_surname else ps[-1]
    return surname.keys | {surname.norm}


#: Which key family a country's names are read in.
FAMILIES = {"kp": "ko", "kr": "ko", "ru": "sl", "ua": "sl", "su": "sl"}


class Index:
    """Aliases of a list of entities, indexed by exact form and by part keys."""

    def __init__(self, entities: Iterable[Entity]):
        self.entities: list[Entity] = sorted(entities, key=lambda e: e.id)
        self.records: list[AliasRecord] = []
        self.exact: dict[str, list[int]] = defaultdict(list)
        self.postings: dict[str, list[int]] = defaultdict(list)
        for ei, entity in enumerate(self.entities):
            surname_keys = _surname_keys(entity) if entity.kind == "person" else frozenset()
            names = list(entity.all_names)
            if entity.kind == "place":  # Suwon-si is Suwon: index both
                names += [" ".join(w) for n in entity.all_names if (w := strip_place_type(fold(n).split()))]
            for text in dict.fromkeys(names):
                ps = parts(text)
                if not ps:
                    continue
                family = FAMILIES.get(entity.country or "")
                ps = tuple(in_language(p, family) for p in ps)
                if entity.kind == "person":  # for a Ukrainian, Mykola is Nikolai; for anyone, Nicholas is
                    if family == "sl":  # Ukrainian text writes Russians' names in Ukrainian forms too
                        ps = tuple(_with_keys(p, ukrainian_given_name_keys(p.keys)) for p in ps)
                    ps = tuple(_with_keys(p, english_given_name_keys(p.keys)) for p in ps)
                surname = frozenset(
                    i for i, p in enumerate(ps) if surname_keys and (p.norm in surname_keys or p.keys & surname_keys)
                )
                # a surname that looks like a patronymic (Yanukovych, Abramovich) is still the surname
                ps = tuple(replace(p, patronymic=False) if i in surname and p.patronymic else p for i, p in enumerate(ps))
                ri = len(self.records)
                self.records.append(AliasRecord(ei, text, ps, surname, family))
                self.exact[exact_form(text)].append(ri)
                keys: set[str] = set()
                for _, size, g in _groups(ps):
                    keys |= part_keys(g if size == 1 else in_language(g, family))
                for k in keys:
                    self.postings[k].append(ri)
        self.exact = dict(self.exact)
        self.postings = dict(self.postings)

    def lookup(self, p: Part, loose: bool = True) -> set[int]:
        """Aliases that share any key with this part."""
        found: set[int] = set()
        for k in part_keys(p, loose=loose):
            found.update(self.postings.get(k, ()))
        return found

    def candidates(self, q: tuple[Part, ...], loose: bool = True) -> set[int]:
        """Aliases that could align with the query: each required query part, alone or written
        together with a neighbour, shares a key with the alias."""
        per_part: list[set[int]] = [set() for _ in q]
        for start, size, g in _groups(q):
            found = self.lookup(g, loose)
            for i in range(start, start + size):
                per_part[i] |= found
        required = [s for s, p in zip(per_part, q, strict=True) if not (p.patronymic or p.initial)] or per_part
        required.sort(key=len)
        result = set(required[0])
        for s in required[1:]:
            result &= s
            if not result:
                break
        return result
