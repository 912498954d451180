"""A YAML table read one entity at a time gives what composing the whole file gave: the same
entities and problems, on the shipped table and on generated ones; anchors and tags are refused
wherever they are."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from aliasdb import default_table_path
from aliasdb.table.read import Problem, TableError, _entities, _Reader, parse_table, yaml_loaders


def composed(text: str, path: str) -> tuple[list[Any], list[Problem]]:
    """The reading this replaced: the whole document composed, then read (kept here to compare with)."""
    try:
        root = yaml.compose(text, Loader=yaml_loaders()[1])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        return [], [Problem(path, mark.line + 1 if mark else 0, "", f"YAML syntax error: {getattr(exc, 'problem', None)}")]
    if root is None:
        return [], [Problem(path, 1, "", "the table is empty: expected a mapping with an 'entities' list")]
    reader = _Reader(path)
    try:
        data = reader.value(root)
    except TableError as exc:
        return [], exc.problems
    if isinstance(data, dict) and "entities" in data:
        items, line = data["entities"]
    elif isinstance(data, list):
        items, line = data, 1
    else:
        return [], [Problem(path, root.start_mark.line + 1, "",
                            "expected a mapping with an 'entities' list (see README, 'The table')")]
    if not isinstance(items, list):
        return [], [Problem(path, line, "", "'entities' must be a list of entities")]
    return _entities(items, path, reader.problems)


def same(text: str) -> None:
    """The same entities, and the same problems (in another order: an item's key given twice now
    comes with that item's other problems, not before every item's)."""
    (got, got_problems), (want, want_problems) = parse_table(text, "t"), composed(text, "t")
    assert got == want
    assert sorted(got_problems, key=str) == sorted(want_problems, key=str)


def test_the_shipped_table_reads_the_same() -> None:
    same(Path(default_table_path()).read_text(encoding="utf-8"))


_value = st.sampled_from(["Kursk", "Курск", "person:a-b", "place:kursk", "place", "person", "12", "yes", "~", "''", "[x, y]",
                          "{a: b}", "ru"])


@st.composite
def tables(draw: st.DrawFn) -> str:
    lines = [draw(st.sampled_from(["entities:", "version: 2\nentities:", "entities: []", "", "- x", "entities: 3"]))]
    for _ in range(draw(st.integers(0, 5))):
        keys = draw(st.lists(st.sampled_from(["id", "kind", "name", "aliases", "country", "note", "id"]), max_size=6))
        item = [f"{k}: {draw(_value)}" for k in keys] or ["{}"]
        lines.append("  - " + "\n    ".join(item))
    if draw(st.booleans()):
        lines.append("other: {a: [1, 2]}")
    return "\n".join(lines) + "\n"


@settings(max_examples=int(os.environ.get("YAML_EXAMPLES", "100")), deadline=None)
@given(tables())
def test_generated_tables_read_the_same(text: str) -> None:
    same(text)


@pytest.mark.parametrize("text", [
    "entities:\n  - &a {id: place:a, kind: place, name: A}\n  - *a\n",
    "entities:\n  - {id: place:a, kind: place, name: A, aliases: &x [B]}\n  - {id: place:b, kind: place, name: B, aliases: *x}\n",
    "entities: &e\n  - {id: place:a, kind: place, name: A}\n",
    "entities: !!python/object/apply:os.system ['true']\n",
    "entities:\n  - !!python/object:os.system {id: place:a}\n",
])
def test_anchors_and_tags_are_refused_anywhere(text: str) -> None:
    entities, problems = parse_table(text, "t")
    assert entities == [] and len(problems) == 1
    assert "anchors and aliases" in problems[0].message or "YAML tag" in problems[0].message
