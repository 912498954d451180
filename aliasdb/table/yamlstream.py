"""A YAML table read one entity at a time: memory for the entity being read, not for a node tree
of the whole file.

``yaml.compose`` builds every node of the document (each with two position marks) before the
first entity is checked: 4.5 GB for a 100 MB table. Here libyaml's parser gives the events, and
only one entity's nodes are composed at a time (by PyYAML's own composer), turned into values
by ``table._Reader`` and checked by ``table._entities``, exactly as before: the same entities,
the same problems. Anchors and aliases are refused as their events come, which a reader of one
entity at a time could not tell otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml
from yaml.composer import Composer
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from aliasdb.model import Entity
from aliasdb.table.read import Problem, TableError, _entities, _Reader, check_sources, parse_sources, yaml_loaders

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["parse_table_stream"]

_Parser: Any = yaml_loaders()[1]  # libyaml's safe loader when there is one


class _Stream(Composer, _Parser):
    """libyaml's events, PyYAML's composer (called one node at a time)."""

    def __init__(self, text: str, path: str):
        _Parser.__init__(self, text)
        Composer.__init__(self)
        self.path = path

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, AliasEvent) or (isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.anchor):
            assert event.start_mark is not None
            raise TableError([Problem(self.path, event.start_mark.line + 1, "",
                                      "YAML anchors and aliases (& and *) are not allowed in a table")])
        return Composer.compose_node(self, parent, index)

    def start(self) -> Any:
        """Take a collection's start event composed by hand, with the check the composer's nodes get."""
        event = self.get_event()
        assert event.start_mark is not None
        if event.anchor:
            raise TableError([Problem(self.path, event.start_mark.line + 1, "",
                                      "YAML anchors and aliases (& and *) are not allowed in a table")])
        if event.tag not in (None, "!", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"):
            raise TableError([Problem(self.path, event.start_mark.line + 1, "", f"YAML tag {event.tag!r} is not allowed "
                                      "in a table: use plain strings, lists and mappings")])
        return event


def parse_table_stream(text: str, path: str) -> tuple[list[Entity], list[Problem]]:
    """``table.parse_table``, one entity composed at a time."""
    s = _Stream(text, path)
    reader = _Reader(path)
    try:
        s.get_event()  # (the stream's start)
        if s.check_event(StreamEndEvent):
            return [], [Problem(path, 1, "", "the table is empty: expected a mapping with an 'entities' list")]
        s.get_event()  # (the document's start)
        found: tuple[list[Entity], list[Problem]] | None = None
        sources: dict[str, Any] = {}  # (checked once the whole mapping is read: it may follow the entities)
        if s.check_event(SequenceStartEvent):
            s.start()
            found = _entities(_items(s, reader), path, reader.problems, sources)
            s.get_event()  # (the sequence's end)
        elif s.check_event(MappingStartEvent):
            start = s.start()
            keys = set()
            while not s.check_event(MappingEndEvent):
                key_node = s.compose_node(None, None)
                key = _value(reader, key_node)
                line = key_node.start_mark.line + 1
                if key in keys:
                    reader.problems.append(Problem(path, line, "", f"key {key!r} appears twice"))
                keys.add(key)
                if key == "entities" and s.check_event(SequenceStartEvent):
                    s.start()
                    found = _entities(_items(s, reader), path, reader.problems, None)
                    s.get_event()
                elif key == "sources":
                    node = s.compose_node(None, None)
                    sources.update(parse_sources(_value(reader, node), node.start_mark.line + 1, path, reader.problems))
                elif key == "entities":
                    value_node = s.compose_node(None, None)
                    return _drained(s, [Problem(path, value_node.start_mark.line + 1, "",
                                                "'entities' must be a list of entities")])
                else:
                    _value(reader, s.compose_node(None, None))  # (checked, then dropped, as before)
            s.get_event()
            if found is None:
                return _drained(s, [Problem(path, start.start_mark.line + 1, "",
                                            "expected a mapping with an 'entities' list (see README, 'The table')")])
            check_sources(found[0], sources, path, found[1])
        else:
            node = s.compose_node(None, None)
            _value(reader, node)
            return _drained(s, [Problem(path, node.start_mark.line + 1, "",
                                        "expected a mapping with an 'entities' list (see README, 'The table')")])
        s.get_event()  # (the document's end)
        if s.check_event(DocumentStartEvent):
            event = s.peek_event()
            return [], [Problem(path, event.start_mark.line + 1, "",
                                "YAML syntax error: expected a single document in the stream")]
        return found if found is not None else ([], reader.problems)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 0
        why = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return [], [Problem(path, line, "", f"YAML syntax error: {why}")]
    except TableError as exc:  # an anchor or a tag: nothing of the file is read
        return [], exc.problems


def _drained(s: _Stream, problems: list[Problem]) -> tuple[list[Entity], list[Problem]]:
    """No entities and these problems, once the rest of the file is parsed (a syntax error in it
    is what is reported then, as when the whole file was composed first)."""
    while not s.check_event(StreamEndEvent):
        s.get_event()
    return [], problems


def _items(s: _Stream, reader: _Reader) -> Iterator[tuple[Any, int]]:
    """(value, line) of each item of the sequence being read, composed one at a time."""
    while not s.check_event(SequenceEndEvent):
        node = s.compose_node(None, None)
        yield _value(reader, node), node.start_mark.line + 1


def _value(reader: _Reader, node: Any) -> Any:
    """``reader.value`` of a node composed alone (the reader's memory of nodes it has seen, its
    own check for aliases, is of this node's only: ids of freed nodes are reused; aliases are
    refused as events here)."""
    reader._seen.clear()
    return reader.value(node)
