"""``aliasdb check``: the linter that keeps a table trustworthy.

Beyond the schema (which loading already enforces) it looks for what makes answers wrong:
an alias that normalizes to another entity's alias (a collision, allowed only when both
entities list it under ``ambiguous``), an alias that resolves to a different entity or to
none (self-inconsistency), and aliases that merely repeat the name or each other (not one with ё
beside one with е: they read differently).
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from aliasdb.model import Entity
from aliasdb.names.normalize import normalize, script_of
from aliasdb.resolver.front import AliasDB
from aliasdb.table.read import Problem, read_table

__all__ = ["check_table", "check_entities", "summary"]


#: Format characters a name may rightly hold: the joiners some scripts need.
_JOINERS = "\u200c\u200d"


def _line(e: Entity, alias: str) -> int:
    try:
        return e.alias_lines[e.aliases.index(alias)]
    except (ValueError, IndexError):
        return e.line


def _yo_and_ye(a: str, b: str) -> bool:
    """Do two aliases differ only by ё written е (Ковалёв, Ковалев)? Both are kept: the ё lets
    Kovaljov and Kovalyov meet, the е is how Russian prints most names (issue 17)."""
    return a != b and a.replace("ё", "е").replace("Ё", "Е") == b.replace("ё", "е").replace("Ё", "Е")


def check_entities(entities: list[Entity], path: str) -> list[Problem]:
    """Problems of well-formed entities: collisions, self-inconsistency, repeats."""
    problems: list[Problem] = []
    owners: dict[str, set[str]] = defaultdict(set)
    by_id = {e.id: e for e in entities}
    for e in entities:
        seen: dict[str, str] = {normalize(e.name): e.name}
        for alias in e.aliases:
            key = normalize(alias)
            if not any(ch.isalnum() for ch in key):  # (nothing, or marks with no letter to stand on)
                problems.append(Problem(path, _line(e, alias), e.id,
                                        f"alias {alias!r} has no letters or digits; delete it"))
                continue
            hidden = next((ch for ch in alias if unicodedata.category(ch) in ("Cc", "Cf") and ch not in _JOINERS), None)
            if hidden is not None:
                problems.append(Problem(path, _line(e, alias), e.id, f"alias {alias!r} holds the invisible character "
                                        f"U+{ord(hidden):04X}; remove it"))
            if alias == e.name:
                problems.append(Problem(path, _line(e, alias), e.id,
                                        f"alias {alias!r} repeats the name; delete it"))
            elif key in seen and not _yo_and_ye(alias, seen[key]):
                problems.append(Problem(path, _line(e, alias), e.id,
                                        f"alias {alias!r} is {seen[key]!r} again after normalization; delete one"))
            seen.setdefault(key, alias)
        for text in e.all_names:
            if normalize(text):
                owners[normalize(text)].add(e.id)
    for key, ids in sorted(owners.items()):
        if len(ids) < 2:
            continue
        unmarked = [eid for eid in ids if key not in {normalize(a) for a in by_id[eid].ambiguous}]
        if len(unmarked) == 1 and _holds(by_id, unmarked[0], ids):
            continue  # (issue #20) a curated entity holds a name its imported namesakes list as shared
        for eid in sorted(ids):
            e = by_id[eid]
            marked = {normalize(a) for a in e.ambiguous}
            if key in marked:
                continue
            alias = next((a for a in e.all_names if normalize(a) == key), key)
            others = ", ".join(sorted(ids - {eid}))
            problems.append(Problem(path, _line(e, alias), eid,
                                    f"alias {alias!r} collides with {others}; remove it, or list it under "
                                    f"'ambiguous:' in every entity that shares it"))
    problems.extend(_fact_problems(entities, by_id, path))
    collided = {k for k, ids in owners.items() if len(ids) > 1}
    db = AliasDB(entities, source=path)
    for e in entities:
        for text in e.all_names:
            if normalize(text) in collided:
                continue  # reported above, or deliberately shared
            rivals = db.rivals(text, e.id)
            if rivals and _yields(by_id, e, rivals):
                continue  # (issue #20) imported namesakes: a tie is None, a curated one holds the name
            if rivals:
                problems.append(Problem(path, _line(e, text), e.id,
                                        f"alias {text!r} reads as {', '.join(rivals)} too (same order, other spelling "
                                        "or a transliteration); make it more specific, correct it, or mark it "
                                        "'ambiguous:' in each entity"))
    return problems


def _holds(by_id: dict[str, Entity], holder: str, ids: set[str]) -> bool:
    from aliasdb.resolver.places import is_imported

    return not is_imported(by_id[holder]) and all(is_imported(by_id[i]) for i in ids if i != holder)


def _yields(by_id: dict[str, Entity], e: Entity, rivals: list[str]) -> bool:
    """Whether a clash is between an imported place and namesakes (imported, or a curated
    entity that holds the name): resolve answers None, or the curated one, as it should."""
    from aliasdb.resolver.places import is_imported

    return is_imported(e) or all(is_imported(by_id[r]) for r in rivals if r in by_id)


def _fact_problems(entities: list[Entity], by_id: dict[str, Entity], path: str) -> list[Problem]:
    """Issue #20: a language tag of no known language or script; a stated language the letters
    contradict; a part_of that names no entity of the table, or the entity itself; a place type or
    an ISO 3166-2 code that is wrong (``_division_problems``), or a code given twice."""
    from aliasdb.names.langs import infer_lang, language_only, tag_unknown

    problems: list[Problem] = []
    for e in entities:
        for a in e.facts:
            if a.lang is None:
                continue
            why = tag_unknown(a.lang)
            if why:
                problems.append(Problem(path, _line(e, a.name), e.id, f"alias {a.name!r}: {why}; correct it"))
                continue
            letters = infer_lang(a.name)
            if letters is not None and language_only(letters) != language_only(a.lang):
                problems.append(Problem(path, _line(e, a.name), e.id, f"alias {a.name!r} is stated {a.lang!r} but its "
                                        f"letters say {letters!r} (docs/table.md, 'Languages'); correct one of them"))
        problems.extend(_division_problems(e, path))
        if e.part_of is not None and (e.part_of == e.id or e.part_of not in by_id):
            what = "the entity itself" if e.part_of == e.id else "no entity of the table"
            problems.append(Problem(path, e.line, e.id, f"part_of {e.part_of!r} names {what}; give the id of the "
                                    "division it lies in, or remove it"))
    codes: dict[str, str] = {}
    for e in entities:
        if e.iso3166_2 is not None and codes.setdefault(e.iso3166_2, e.id) != e.id:
            problems.append(Problem(path, e.line, e.id, f"iso3166_2 {e.iso3166_2!r} is also the code of "
                                    f"{codes[e.iso3166_2]}; one division has one code"))
    return problems


def _division_problems(e: Entity, path: str) -> list[Problem]:
    """A place type not in ``kinds.PLACE_TYPES``; an ISO 3166-2 code of another country than the
    entity's (the code's shape is checked on reading), or on an entity that is not a place."""
    from aliasdb.kinds import KIND, PLACE_TYPES

    out = []
    if e.place_type is not None and e.place_type not in PLACE_TYPES:
        out.append(Problem(path, e.line, e.id, f"place_type {e.place_type!r} is not one of {', '.join(PLACE_TYPES)} "
                           "(aliasdb/kinds.py); correct it"))
    if e.iso3166_2 is not None and not KIND[e.kind].place_types:
        out.append(Problem(path, e.line, e.id, f"iso3166_2 {e.iso3166_2!r} on a {e.kind}: only a place has one; remove it"))
    elif e.iso3166_2 is not None and e.country is not None and e.iso3166_2[:2].lower() != e.country:
        out.append(Problem(path, e.line, e.id, f"iso3166_2 {e.iso3166_2!r} is a code of {e.iso3166_2[:2]}, but the "
                           f"country is {e.country!r}; correct one of them"))
    return out


def check_table(path: str | Path) -> tuple[list[Problem], list[Entity]]:
    """Every problem of a table file (file:line, entity, what and how to fix), and its entities."""
    entities, problems = read_table(path)
    if not problems:
        problems = check_entities(entities, str(path))
    return sorted(problems, key=lambda p: (p.line, p.entity, p.message)), entities


def _script(text: str) -> str:
    found = {script_of(t) for t in normalize(text).split()} - {"Zyyy"}
    return found.pop() if len(found) == 1 else ("mixed" if found else "other")


def summary(entities: list[Entity]) -> dict[str, Any]:
    """Counts for the curator: entities per kind, names per script."""
    kinds = Counter(e.kind for e in entities)
    scripts = Counter(_script(a) for e in entities for a in e.all_names)
    out = {"entities": len(entities), "kinds": dict(sorted(kinds.items())),
           "aliases": sum(scripts.values()), "scripts": dict(scripts.most_common())}
    return out | _fact_counts(entities)


def _fact_counts(entities: list[Entity]) -> dict[str, Any]:
    """(issue #20) Names per language (stated, else inferred; '?' for none; a name is English),
    per source, and how many are weak; entities per country."""
    from aliasdb.names.by_language import entity_names

    langs: Counter[str] = Counter()
    stated: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    for e in entities:
        for a, lang, said in entity_names(e):
            langs[lang or "?"] += 1
            stated["stated" if said else "inferred" if lang and a.name != e.name else "name" if lang else "none"] += 1
            if a.source:
                sources[a.source] += 1
    return {"languages": dict(langs.most_common()), "language_from": dict(stated.most_common()),
            "sources": dict(sources.most_common()), "weak": sum(len(e.weak_aliases) for e in entities),
            "countries": dict(Counter(e.country or "?" for e in entities).most_common())}
