"""An entity's names by language (issue #20): ``name_in`` picks the one a reader of a language
expects, ``names_by_group`` lays them out for ``aliasdb show``.

The fallback order of ``name_in(entity, tag)``, first found wins (docs/table.md, "Names in a language"):

1. a current, strong alias whose language is the tag itself (``ko-Hani`` asks for Hanja);
2. one whose language is the tag's language alone (``ko`` for ``ko-KR`` or ``ko-Hani``);
3. one whose language is that language in another script or region (``ru-Latn`` for ``ru``);
4. the entity's canonical name, which is English.

An alias's language is the one the table states, else the one its letters state (``langs.infer_lang``).
Never chosen: weak aliases (a bare surname or acronym is no name to print) and names of a past
period (``until`` set, or listed under ``historical``). Among several, the first in table order:
the table lists the usual spelling first. The canonical name is English, so ``en`` gives it unless
an alias is stated ``en-GB`` (or such) and that very tag is asked for.
"""

from __future__ import annotations

from aliasdb.langs import infer_lang, language_only, tag_problem
from aliasdb.model import Alias, Entity

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["name_in", "entity_names", "names_by_group", "CANONICAL_LANG"]

#: The language of every entity's ``name``: the table's contract writes it in English.
CANONICAL_LANG = "en"


def entity_names(entity: Entity) -> list[tuple[Alias, str | None, bool]]:
    """Every name of the entity with its facts, its language (stated or inferred) and whether
    the language is stated: the name first, then the aliases and the former names in table order."""
    out: list[tuple[Alias, str | None, bool]] = [(Alias(entity.name, lang=CANONICAL_LANG), CANONICAL_LANG, False)]
    for text in (*entity.aliases, *(h for h, _ in entity.historical)):
        a = entity.alias(text)
        out.append((a, a.lang or infer_lang(text), a.lang is not None))
    return out


def name_in(entity: Entity, tag: str) -> str:
    """The entity's name for a reader of language ``tag`` (see the module's fallback order)."""
    if not isinstance(tag, str):
        raise TypeError(f"lang must be a str, not {type(tag).__name__}")
    why = tag_problem(tag)
    if why:
        raise ValueError(why)
    former = {h for h, _ in entity.historical}
    usable = [(a, lang) for a, lang, _ in entity_names(entity)[1:]
              if lang and not a.weak and a.until is None and a.name not in former]
    want = language_only(tag)
    if want == CANONICAL_LANG:  # the canonical name is English: only a stated en-GB (or such), asked for, beats it
        return next((a.name for a, lang in usable if lang == tag != CANONICAL_LANG), entity.name)
    for test in (lambda lang: lang == tag,
                 lambda lang: lang == want,
                 lambda lang: language_only(lang) == want):
        for a, lang in usable:
            if test(lang):
                return a.name
    return entity.name


def _period(a: Alias) -> str:
    if a.since and a.until:
        return f"{a.since}–{a.until}"
    if a.until:
        return f"until {a.until}"
    return f"from {a.since}" if a.since else ""


def names_by_group(entity: Entity, tag: str | None = None) -> list[dict[str, Any]]:
    """The entity's names grouped by (language, source, period), in the order first met; with
    ``tag``, only the names in that language (any script or region of it)."""
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    for a, lang, stated in entity_names(entity):
        if tag is not None and (lang is None or language_only(lang) != language_only(tag)):
            continue
        key = (lang or "", a.source or "", _period(a))
        group = groups.setdefault(key, {"lang": lang, "source": a.source, "from": a.since, "until": a.until,
                                        "names": []})
        group["names"].append({"name": a.name, "lang_stated": stated, "weak": a.weak})
    return list(groups.values())
