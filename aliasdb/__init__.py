"""aliasdb: one canonical id for every spelling of a Russian, Ukrainian or Korean name.

    >>> import aliasdb
    >>> aliasdb.resolve("Andreï Biélooussov").id
    'person:andrei-belousov'
"""

from __future__ import annotations

from collections.abc import Iterable

from aliasdb.db import AliasDB, default_table_path
from aliasdb.model import Entity, Match, __version__
from aliasdb.normalize import normalize
from aliasdb.table import Problem, TableError

TYPE_CHECKING = False  # typing's, without importing typing: a one-shot lookup would pay for it
if TYPE_CHECKING:
    from typing import Any

    from aliasdb.annotator import Mention


def __getattr__(name: str) -> Any:
    if name == "Mention":  # imported on first use: a lookup needs no text annotation
        from aliasdb.annotator import Mention

        return Mention
    raise AttributeError(f"module 'aliasdb' has no attribute {name!r}")


__all__ = ["AliasDB", "Entity", "Match", "Mention", "Problem", "TableError", "annotate", "candidates",
           "default_table_path", "explain", "name_in", "normalize", "resolve", "resolve_many", "__version__"]


def resolve(name: str, *, kind: str | None = None) -> Match | None:
    """Resolve a name on the shipped table: the one entity it denotes, or None."""
    return AliasDB.default().resolve(name, kind=kind)


def resolve_many(names: Iterable[str], *, kind: str | None = None, workers: int = 1) -> list[Match | None]:
    """Resolve many names on the shipped table, in order; ``workers`` > 1 uses that many processes."""
    return AliasDB.default().resolve_many(names, kind=kind, workers=workers)


def candidates(name: str, *, kind: str | None = None, limit: int = 5) -> list[Match]:
    """The entities of the shipped table that a name could denote, best first."""
    return AliasDB.default().candidates(name, kind=kind, limit=limit)


def annotate(text: str, *, kinds: Iterable[str] | None = None) -> list[Mention]:
    """Every mention of an entity of the shipped table in running text, in text order."""
    return AliasDB.default().annotate(text, kinds=kinds)


def explain(name: str, *, kind: str | None = None) -> dict[str, object]:
    """How the shipped table decides for a name, step by step."""
    return AliasDB.default().explain(name, kind=kind)


def name_in(entity_id: str, lang: str) -> str:
    """The name of a shipped table's entity for a reader of ``lang`` (a BCP 47 tag: fr, ko, ko-Hani...),
    falling back to the same language in any script, then to the English name (aliasdb/names.py).
    ``LookupError`` for an unknown id, ``ValueError`` for a malformed tag."""
    from aliasdb.names import name_in as pick

    return pick(AliasDB.default().get(entity_id), lang)
