"""``aliasdb show ID [--lang TAG] [--json]``: an entity with its names by language, source and period
(issue #20). The CLI's parser is in cli.py; what is shown is built here."""

from __future__ import annotations

import argparse
import json
import sys

from aliasdb.cli import EXIT_OK, UserError, _emit, _open_db
from aliasdb.model import Entity, Source
from aliasdb.names.by_language import name_in, names_by_group
from aliasdb.names.langs import tag_problem
from aliasdb.table.read import read_sources

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["cmd_show", "entity_record", "format_entity"]

#: The entity's facts shown, in order, when the table gives them.
_FACTS = ("country", "place_type", "part_of", "wikidata", "geonames", "iso3166_2")


def entity_record(e: Entity, sources: dict[str, Source], tag: str | None = None) -> dict[str, Any]:
    """What ``show --json`` prints: the entity's facts, its names grouped, the sources they name."""
    record: dict[str, Any] = {"id": e.id, "kind": e.kind, "name": e.name}
    record.update({k: getattr(e, k) for k in _FACTS if getattr(e, k) is not None})
    if tag is not None:
        record["name_in"] = {"lang": tag, "name": name_in(e, tag)}
    groups = names_by_group(e, tag)
    record["names"] = groups
    used = sorted({g["source"] for g in groups if g["source"]})
    record["sources"] = {k: {f: v for f, v in sources[k].__dict__.items() if v and f != "key"} if k in sources else {}
                         for k in used}
    return record


def format_entity(record: dict[str, Any]) -> list[str]:
    """``show``'s text: a line per fact, then a line per group of names."""
    lines = [f"{record['id']}  {record['name']}  ({record['kind']})"]
    lines += [f"  {k}: {record[k]}" for k in _FACTS if k in record]
    if "name_in" in record:
        lines.append(f"  name in {record['name_in']['lang']}: {record['name_in']['name']}")
    lines.append("  names:")
    for g in record["names"]:
        label = g["lang"] or "?"
        if g["until"] or g["from"]:
            label += " " + (f"{g['from']}–{g['until']}" if g["from"] and g["until"] else
                            f"until {g['until']}" if g["until"] else f"from {g['from']}")
        if g["source"]:
            title = record["sources"].get(g["source"], {}).get("title")
            label += f" [{g['source']}{': ' + title if title else ''}]"
        names = "; ".join(n["name"] + (" (weak)" if n["weak"] else "") for n in g["names"])
        lines.append(f"    {label}: {names}")
    if not record["names"]:
        lines.append("    none in this language")
    return lines


def cmd_show(args: argparse.Namespace) -> int:
    if args.lang is not None and tag_problem(args.lang):
        raise UserError(tag_problem(args.lang))
    db = _open_db(args.aliases)
    try:
        e = db.get(args.id)
    except LookupError:
        raise UserError(f"no entity with id {args.id!r} in {db.source}; find ids with 'aliasdb lookup NAME'") from None
    sources = {k: v for path in db.source.split(" + ") if path for k, v in read_sources(path).items()}  # (issue #20: the
    record = entity_record(e, sources, args.lang)                                                    # shipped set is two files)
    if args.json:
        _emit(sys.stdout, json.dumps(record, ensure_ascii=False))
    else:
        for line in format_entity(record):
            _emit(sys.stdout, line)
    return EXIT_OK
