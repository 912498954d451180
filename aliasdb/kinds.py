"""The kinds of entity, declared once with their traits: nothing else names a kind.

A kind's traits say how its names are read: a person's name has a structure (surname, given
names, patronymic, initials), so it may be met in part (a surname alone, initials and surname);
a place's name may carry a place type (Suwon-si). ``label`` is the entity label of the usual
NER schemes (spaCy's PER, LOC, ORG). The order is the kind's code in a compiled index: add new
kinds at the end (and bump ``index.store.FORMAT``).
"""

from __future__ import annotations

from aliasdb.model import frozen

__all__ = ["Kind", "KINDS", "KIND", "PERSON_CODES", "PLACE_TYPES", "DIVISION_GENITIVES", "check_kind", "has_person_names"]


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


#: The place types a table may give a place (``place_type``), each with what it denotes; ``aliasdb
#: check`` reports any other. First-level divisions take the type ISO 3166-2 gives them (the
#: ``iso3166-2`` package's, aliasdb.table.importers.iso3166_2.TYPES); towns their size.
PLACE_TYPES: dict[str, str] = {
    # first-level divisions of Russia (federal subjects)
    "oblast": "an oblast (Russia, Ukraine): область",
    "krai": "a krai of Russia: край",
    "republic": "a republic of Russia, or the Autonomous Republic of Crimea: республика",
    "autonomous-okrug": "an autonomous okrug of Russia: автономный округ",
    "autonomous-oblast": "the Jewish Autonomous Oblast: автономная область",
    "federal-city": "a federal city of Russia (Moscow, Saint Petersburg): город федерального значения",
    # of Ukraine
    "special-status-city": "a city with special status of Ukraine (Kyiv, Sevastopol): місто зі спеціальним статусом",
    # of South and North Korea
    "do": "a province of Korea: 도",
    "special-self-governing-province": "a special self-governing province of South Korea (Jeju, Gangwon): 특별자치도",
    "special-city": "a special city (Seoul, Rason): 특별시",
    "special-self-governing-city": "the special self-governing city of South Korea (Sejong): 특별자치시",
    "metropolitan-city": "a metropolitan city (Busan, Nampo): 광역시, 직할시",
    "capital-city": "the capital city of North Korea (Pyongyang): 평양직할시",
    # below the first level
    "city": "a city: 100,000 inhabitants or more (imported towns)",
    "town": "a town: fewer than 100,000 inhabitants (imported towns)",
    "si": "a Korean city below the first level: 시",
    "gun": "a Korean county: 군",
}

#: The last word of a division named after a town in the genitive, as Russian and Ukrainian
#: write it (Донецк Ростовской области): such a name is read as the town qualified by its division
#: (aliasdb.resolver.places.qualified).
DIVISION_GENITIVES = ("области", "обл.", "края", "республики", "округа", "області", "краю", "республіки", "округу")
