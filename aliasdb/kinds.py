"""The kinds of entity, declared once with their traits: nothing else names a kind.

A kind's traits say how its names are read: a person's name has a structure (surname, given
names, patronymic, initials), so it may be met in part (a surname alone, initials and surname);
a place's name may carry a place type (Suwon-si). ``label`` is the entity label of the usual
NER schemes (spaCy's PER, LOC, ORG). The order is the kind's code in a compiled index: add new
kinds at the end (and bump ``index.store.FORMAT``).
"""

from __future__ import annotations

from aliasdb.model import frozen

__all__ = ["Kind", "KINDS", "KIND", "PERSON_CODES", "check_kind", "has_person_names"]


@frozen
class Kind:
    """One kind of entity and its traits."""

    name: str  # as tables and ids write it: person:andrei-belousov
    label: str  # the NER label (spaCy's PER, LOC, ORG)
    person_names: bool  # names of persons: surname, given names, patronymic; met in part
    place_types: bool  # a place type may follow the name (Suwon-si, 수원시): read it off too
    title: str  # how a person reads it (the type's name in the reconciliation service)


#: Every kind, in code order.
ALL: tuple[Kind, ...] = (
    Kind("person", "PER", True, False, "Person"),
    Kind("place", "LOC", False, True, "Place"),
    Kind("org", "ORG", False, False, "Organization"),
)
#: The kinds' names, in code order.
KINDS: tuple[str, ...] = tuple(k.name for k in ALL)
#: A kind by its name.
KIND: dict[str, Kind] = {k.name: k for k in ALL}
#: For each kind code of an index: whether its names are persons' names.
PERSON_CODES: tuple[bool, ...] = tuple(k.person_names for k in ALL)


def check_kind(kind: str | None) -> None:
    """``ValueError`` for a kind that is not one of ``KINDS`` (None means any kind)."""
    if kind is not None and kind not in KIND:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")


def has_person_names(kind: str) -> bool:
    return KIND[kind].person_names
