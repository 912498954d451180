"""A kind is declared once (aliasdb/kinds.py), with its traits: nothing else names one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aliasdb import AliasDB, Entity
from aliasdb.kinds import ALL, KIND, KINDS, check_kind
from aliasdb.table.read import ID_RULE
from aliasdb.text.spacy_component import LABELS

PACKAGE = Path(__file__).resolve().parent.parent / "aliasdb"


def test_the_kinds_and_their_traits() -> None:
    assert KINDS == ("person", "place", "org")
    assert [(k.label, k.person_names, k.place_types) for k in ALL] == [("PER", True, False), ("LOC", False, True),
                                                                        ("ORG", False, False)]
    assert LABELS == {"person": "PER", "place": "LOC", "org": "ORG"}
    assert all(ID_RULE.match(f"{k}:x-1") for k in KINDS) and not ID_RULE.match("thing:x")
    with pytest.raises(ValueError, match="kind must be one of person, place, org"):
        check_kind("persons")


def test_no_module_but_kinds_compares_a_kind_by_its_name() -> None:
    name = r"""["'](person|place|org)["']"""
    pattern = re.compile(rf"[=!]= *{name}|{name} *[=!]=|kind={name}")
    found = [f"{p.relative_to(PACKAGE)}:{n}" for p in PACKAGE.rglob("*.py") if p.name != "kinds.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert not found, found


def test_a_kinds_traits_are_what_the_matching_reads() -> None:
    # a person's name may be met by its surname alone; a place's type word is read off; an
    # organization's name is neither
    db = AliasDB([Entity(id="person:ivan-sidorov", kind="person", name="Ivan Sidorov"),
                  Entity(id="place:suwon", kind="place", name="Suwon"),
                  Entity(id="org:sidorov-group", kind="org", name="Sidorov Group Holding")])
    assert KIND["person"].person_names and db.resolve("Sidorov").id == "person:ivan-sidorov"  # type: ignore[union-attr]
    assert KIND["place"].place_types and db.resolve("Suwon-si").id == "place:suwon"  # type: ignore[union-attr]
    assert db.resolve("Holding") is None
