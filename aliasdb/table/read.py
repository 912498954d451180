"""Reading alias tables: YAML through the safe loader, every problem named by file, line and entity.

The contract (README, "The table") is a mapping with ``entities:``, a list of mappings with
``id``, ``kind``, ``name`` and ``aliases``. Optional keys are kept when aliasdb knows them
(``country``, ``historical``, ``ambiguous``) and ignored otherwise (``note``, ``wikidata``, …).

Large tables may also be JSON lines (``.jsonl``: one entity object per line, the same keys)
or CSV (``.csv``: a header row, one entity per row, list cells split at ``|``), which read
faster than YAML and are what other tools export. All three go through the same checks.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from functools import lru_cache

from aliasdb.kinds import KINDS
from aliasdb.limits import MAX_TABLE_BYTES
from aliasdb.model import Alias, Entity, Source, frozen
from aliasdb.names.normalize import MAX_NAME_CHARS

#: A longer name or alias is a table problem (``check`` reports it; loading and ``build`` refuse
#: the table): ``resolve`` reads no name past ``normalize.MAX_NAME_CHARS`` characters.
MAX_ALIAS_CHARS = MAX_NAME_CHARS

TYPE_CHECKING = False  # typing's, without importing typing: a one-shot lookup would pay for it
if TYPE_CHECKING:
    from os import PathLike
    from typing import Any, BinaryIO

    import yaml

__all__ = ["TableError", "Problem", "read_table", "parse_table", "parse_jsonl", "parse_csv", "csv_rows", "table_format",
           "read_at_most", "table_from_bytes", "slug", "ID_RULE", "ALIAS_KEYS", "parse_sources", "read_sources"]

#: ids are ``kind:slug``, the slug lowercase ASCII words joined by single hyphens.
ID_RULE = re.compile(rf"^({'|'.join(KINDS)}):[a-z0-9]+(?:-[a-z0-9]+)*$")


@frozen
class Problem:
    """One thing wrong with a table, where it is, and how to fix it."""

    path: str
    line: int
    entity: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        who = f" {self.entity}:" if self.entity else ""
        return f"{where}:{who} {self.message}"


class TableError(ValueError):
    """A table that cannot be loaded; ``problems`` lists everything found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


def slug(name: str) -> str:
    """The id slug of an English name: ASCII, lowercase, apostrophes dropped, hyphen-joined."""
    from unidecode import unidecode  # (it imports typing: not for a lookup)

    s = unidecode(name).lower().replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


class _Reader:
    """Turns a composed YAML node tree into plain values, refusing anchors and odd types."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def value(self, node: yaml.Node) -> Any:
        import yaml  # (loaded when a table is parsed, not for a lookup on a compiled one)

        if id(node) in self._seen:
            raise TableError([Problem(self.path, node.start_mark.line + 1, "",
                                      "YAML anchors and aliases (& and *) are not allowed in a table")])
        self._seen.add(id(node))
        if node.tag.rsplit(":", 1)[-1] not in _PLAIN_TAGS or not node.tag.startswith("tag:yaml.org,2002:"):
            raise TableError([Problem(self.path, node.start_mark.line + 1, "",
                                      f"YAML tag {node.tag!r} is not allowed in a table: use plain strings, lists and mappings")])
        if isinstance(node, yaml.ScalarNode):
            loader = yaml_loaders()[0]
            if node.tag.endswith((":str", ":int", ":float")):  # a number as written: 012 is no 10, 0x1F no 31
                return yaml.SafeLoader.construct_scalar(loader, node)
            return loader.construct_object(node)
        if isinstance(node, yaml.SequenceNode):
            return [(self.value(n), n.start_mark.line + 1) for n in node.value]
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for k, v in node.value:
                key = self.value(k)
                if not isinstance(key, str):
                    self.problems.append(Problem(self.path, k.start_mark.line + 1, "",
                                                 f"a key is read as {_what(key)}, not text; quote it"))
                    key = str(key)
                if key in out:
                    self.problems.append(Problem(self.path, k.start_mark.line + 1, "", f"key {key!r} appears twice"))
                out[key] = (self.value(v), v.start_mark.line + 1)
            return out
        raise TableError([Problem(self.path, node.start_mark.line + 1, "", "unsupported YAML node")])


@lru_cache(maxsize=1)
def yaml_loaders() -> tuple[Any, Any]:
    """A safe loader to build scalars with, and the loader class to compose with: libyaml's safe
    loader when the build has it (five times faster), else the pure-Python one; never an unsafe loader."""
    import yaml

    return yaml.SafeLoader(""), getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS = {"str", "int", "float", "bool", "null", "seq", "map", "timestamp"}


def _text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int)):  # (a number in JSON or CSV; YAML's are read as written)
        return str(value)
    return None


def _what(value: Any) -> str:
    """What YAML or JSON made of a value that is not text, for a message."""
    if isinstance(value, bool):
        return "a boolean (yes, no, on, off, true and false are)"
    if value is None:
        return "null (~ and null are)"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _surrogate(text: str) -> str | None:
    """A lone surrogate in the text (from a "\\ud800" escape): no Unicode text holds one."""
    try:
        text.encode("utf-8")  # (in C: a table of millions of names is read at once)
    except UnicodeEncodeError as exc:
        return f"U+{ord(text[exc.start]):04X}"
    return None


def parse_table(text: str, path: str = "<table>") -> tuple[list[Entity], list[Problem]]:
    """Parse a table's text. Returns the entities that are well formed and every problem found;
    an entity with a problem is left out of the list. (Read one entity at a time: yamlstream.py.)"""
    from aliasdb.table.yamlstream import parse_table_stream

    return parse_table_stream(text, path)


def _entities(items: Iterable[tuple[Any, int]], path: str, problems: list[Problem],
              sources: dict[str, Source] | None = None) -> tuple[list[Entity], list[Problem]]:
    """Check each (item, line) read from a table, in order; an id seen before is a problem, and so
    is an alias whose ``source`` the table's ``sources`` (known once every item is read) lacks."""
    entities: list[Entity] = []
    seen: dict[str, int] = {}
    for item, line in items:
        entity, found = _entity(item, line, path)
        problems.extend(found)
        if entity is None:
            continue
        if entity.id in seen:
            problems.append(Problem(path, line, entity.id,
                                    f"duplicate id (first at line {seen[entity.id]}); give each entity its own id"))
            continue
        seen[entity.id] = line
        entities.append(entity)
    if sources is not None:
        check_sources(entities, sources, path, problems)
    return entities, problems


def check_sources(entities: list[Entity], known: dict[str, Source], path: str, problems: list[Problem]) -> None:
    """An alias whose ``source`` the table's ``sources`` section lacks is a problem."""
    for e in entities:
        for a in e.facts:
            if a.source is not None and a.source not in known:
                defined = f"defined: {', '.join(sorted(known))}" if known else "the table has no 'sources:' section"
                problems.append(Problem(path, _alias_line(e, a.name), e.id,
                                        f"alias {a.name!r} names source {a.source!r}, which is not defined ({defined})"))


def _alias_line(e: Entity, name: str) -> int:
    try:
        return e.alias_lines[e.aliases.index(name)]
    except (ValueError, IndexError):
        return e.line


def _entity(item: Any, line: int, path: str) -> tuple[Entity | None, list[Problem]]:
    problems: list[Problem] = []
    if not isinstance(item, dict):
        return None, [Problem(path, line, "", "an entity must be a mapping with id, kind, name and aliases")]
    eid = _text(item.get("id", (None, 0))[0]) or ""

    def bad(message: str, at: int = line) -> None:
        problems.append(Problem(path, at, eid, message))

    for key in ("id", "kind", "name"):
        value, at = item.get(key, (None, line))
        if key in item and value is not None and _text(value) is None:
            bad(f"'{key}' is {_what(value)}, not text; quote it", at)
        elif not (_text(value) or "").strip():
            bad(f"missing or empty '{key}'", at)
    if problems:
        return None, problems
    kind = _text(item["kind"][0]) or ""
    name = (_text(item["name"][0]) or "").strip()
    if kind not in KINDS:
        bad(f"kind {kind!r} is not one of {', '.join(KINDS)}", item["kind"][1])
    if not ID_RULE.match(eid):
        bad(f"id {eid!r} does not follow the rule kind:slug (lowercase ASCII words joined by '-'), "
            f"for example {kind if kind in KINDS else 'person'}:{slug(name) or 'name'}", item["id"][1])
    elif kind in KINDS and eid.split(":", 1)[0] != kind:
        bad(f"id prefix {eid.split(':', 1)[0]!r} does not match kind {kind!r}", item["id"][1])
    aliases: list[str] = []
    alias_lines: list[int] = []
    raw, at = item.get("aliases", ([], line))
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        bad("'aliases' must be a list of strings", at)
        raw = []
    facts: list[Alias] = []
    for value, vline in raw:
        if isinstance(value, dict):  # (issue #20) a mapping: the name and what the table says of it
            fact = _alias_mapping(value, vline, bad)
            if fact is not None:
                aliases.append(fact.name)
                alias_lines.append(vline)
                if not fact.plain:
                    facts.append(fact)
            continue
        text = _text(value)
        if text is None:
            bad(f"alias {value!r} is not a string", vline)
        elif not text.strip():
            bad("empty or whitespace alias; delete it", vline)
        else:
            aliases.append(text.strip())
            alias_lines.append(vline)
    historical: list[tuple[str, str]] = []
    hraw, hat = item.get("historical", ({}, line))
    if isinstance(hraw, dict):  # (a key that is not text is the reader's problem)
        for former, (period, pline) in hraw.items():
            if former.strip():
                historical.append((former.strip(), _text(period) or ""))
            else:
                bad("an empty historical name; delete it", pline)
    elif isinstance(hraw, list):
        for value, vline in hraw:
            if _text(value):
                historical.append(((_text(value) or "").strip(), ""))
            else:
                bad("historical names must be strings or 'name: period' pairs", vline)
    elif hraw is not None:
        bad("'historical' must map former names to periods", hat)
    ambiguous: list[str] = []
    araw, aat = item.get("ambiguous", ([], line))
    if isinstance(araw, list):
        ambiguous = [(_text(v) or "").strip() for v, _ in araw if _text(v)]
    elif araw not in (None, False):
        bad("'ambiguous' must be a list of this entity's aliases that other entities share too", aat)
    craw, cat = item.get("country", (None, line))
    country = _text(craw)
    if craw is not None and country is None:
        bad(f"'country' is {_what(craw)}; give one ISO code as text, such as ru, ua or kp", cat)
    texts = [(eid, line), (name, item["name"][1]), *zip(aliases, alias_lines, strict=True),
             *((h, line) for h, _ in historical), *((a, line) for a in ambiguous), *([(country, cat)] if country else [])]
    for text, at in texts:
        found = _surrogate(text)
        if found:
            bad(f"a name holds a lone surrogate ({found}), which is no text: fix the escape that wrote it", at)
        elif len(text) > MAX_ALIAS_CHARS:  # (never indexed: resolve reads no longer name, and its keys would be megabytes)
            bad(f"a name of {len(text):,} characters, more than {MAX_ALIAS_CHARS} (a paste gone wrong?): shorten or "
                "delete it", at)
    ids = _external_ids(item, bad, line)
    if problems:
        return None, problems
    return Entity(id=eid, kind=kind, name=name, aliases=tuple(aliases), country=country,
                  historical=tuple(historical), ambiguous=tuple(ambiguous), line=line,
                  alias_lines=tuple(alias_lines), facts=tuple(facts), **ids), problems


#: The keys an alias mapping may hold (issue #20), in the order fmt writes them.
ALIAS_KEYS = ("name", "lang", "weak", "from", "until", "source")
#: The shapes of external ids, and of the other per-entity facts of issue #20.
_WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
_GEONAMES = re.compile(r"^[1-9][0-9]{0,9}$")
_ISO3166_2 = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
_PLACE_TYPE = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
_SOURCE_KEY = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
_SOURCE_FIELDS = ("title", "url", "licence", "retrieved")


def _date(value: Any) -> str | None:
    """A date as the table writes it: text, a bare year, or a date YAML read unquoted."""
    if hasattr(value, "isoformat") and not isinstance(value, (str, int)):
        return str(value.isoformat())[:10]
    return _text(value)


def _alias_mapping(value: dict[str, Any], line: int, bad: Any) -> Alias | None:
    """An alias written as a mapping: ``name`` and any of lang, weak, from, until, source."""
    from aliasdb.names.langs import before, date_problem, tag_problem

    ok = True

    def wrong(message: str, at: int) -> None:
        nonlocal ok
        ok = False
        bad(message, at)

    unknown = [k for k in value if k not in ALIAS_KEYS]
    for k in unknown:
        wrong(f"alias key {k!r} is unknown: an alias mapping holds {', '.join(ALIAS_KEYS)}", value[k][1])
    raw, at = value.get("name", (None, line))
    name = (_text(raw) or "").strip()
    if not name:
        wrong("an alias mapping needs a non-empty 'name'" if raw is None or _text(raw) is not None else
              f"an alias's 'name' is {_what(raw)}, not text", at)
        return None
    out: dict[str, Any] = {}
    lang, at = value.get("lang", (None, line))
    if lang is not None:
        lang = _unlined(lang)
        why = tag_problem(lang)
        if why:
            wrong(f"alias {name!r}: {why}", at)
        out["lang"] = lang
    weak, at = value.get("weak", (False, line))
    if not isinstance(weak, bool):
        what = repr(weak) if isinstance(weak, (str, int)) else _what(_unlined(weak))
        wrong(f"alias {name!r}: 'weak' is {what}; write true or false", at)
    out["weak"] = weak is True
    for key, field in (("from", "since"), ("until", "until")):
        raw, at = value.get(key, (None, line))
        if raw is None:
            continue
        date = _date(raw)
        why = date_problem(date) if date is not None else f"'{key}' is {_what(raw)}"
        if why:
            wrong(f"alias {name!r}: {why}; write a quoted ISO date, \"1924\", \"1991-12\" or \"2016-05-19\"", at)
        out[field] = date
    if ok and out.get("since") and out.get("until") and before(out["until"], out["since"]):
        wrong(f"alias {name!r}: 'until' {out['until']} is before 'from' {out['since']}", line)
    raw, at = value.get("source", (None, line))
    if raw is not None:
        if _text(raw) is None or not _SOURCE_KEY.match(_text(raw) or ""):
            wrong(f"alias {name!r}: 'source' must be a key of the table's 'sources:' section", at)
        out["source"] = _text(raw)
    return Alias(name, **out) if ok else None


def _external_ids(item: dict[str, Any], bad: Any, line: int) -> dict[str, Any]:
    """wikidata, geonames, iso3166_2, place_type and part_of, checked for their shapes."""
    out: dict[str, Any] = {}
    shapes = (("wikidata", _WIKIDATA, "a Wikidata item id such as Q656"),
              ("geonames", _GEONAMES, "a GeoNames id: digits, such as 498817"),
              ("iso3166_2", _ISO3166_2, "an ISO 3166-2 code such as RU-SPE or KR-11"),
              ("place_type", _PLACE_TYPE, "a lower-case word such as oblast, krai, republic, do, si, city"),
              ("part_of", ID_RULE, "the id of the division it lies in, such as place:leningrad-oblast"))
    for key, rule, what in shapes:
        if key not in item or item[key][0] is None:
            continue
        raw, at = item[key]
        text = _text(raw)
        if text is None or not rule.match(text.strip()):
            bad(f"'{key}' {raw!r} is not {what}", at)
            continue
        out[key] = int(text) if key == "geonames" else text.strip()
    return out


def _unlined(value: Any) -> Any:
    """A value read by the YAML reader (or ``_lined``) without its lines."""
    if isinstance(value, tuple):
        value = value[0]
    if isinstance(value, dict):
        return {k: _unlined(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unlined(v) for v in value]
    return value


def parse_sources(raw: Any, line: int, path: str, problems: list[Problem]) -> dict[str, Source]:
    """The ``sources:`` section: key → {title, url, licence, retrieved}; problems for what is wrong."""
    from aliasdb.names.langs import date_problem

    out: dict[str, Source] = {}
    if raw is None:
        return out
    if not isinstance(raw, dict):
        problems.append(Problem(path, line, "", "'sources' must map source keys to {title, url, licence, retrieved}"))
        return out
    for key, (fields, at) in raw.items():
        if not _SOURCE_KEY.match(key):
            problems.append(Problem(path, at, "", f"source key {key!r} must be lower-case letters and digits "
                                    "joined by '-', '_' or '.'"))
            continue
        fields = _unlined(fields)
        if not isinstance(fields, dict):
            problems.append(Problem(path, at, "", f"source {key!r} must be a mapping of {', '.join(_SOURCE_FIELDS)}"))
            continue
        values: dict[str, str] = {}
        for name, value in fields.items():
            text = _date(value) if name == "retrieved" else _text(value)
            if name not in _SOURCE_FIELDS:
                problems.append(Problem(path, at, "", f"source {key!r}: key {name!r} is unknown "
                                        f"(a source holds {', '.join(_SOURCE_FIELDS)})"))
            elif text is None:
                problems.append(Problem(path, at, "", f"source {key!r}: {name!r} is {_what(value)}, not text"))
            elif name == "retrieved" and date_problem(text):
                problems.append(Problem(path, at, "", f"source {key!r}: {date_problem(text)}"))
            else:
                values[name] = text
        out[key] = Source(key, **values)
    return out


def _lined(value: Any, line: int) -> Any:
    """A JSON or CSV value in the shape the YAML reader gives: values paired with their line."""
    if isinstance(value, list):
        return [(_lined(v, line) if isinstance(v, dict) else v, line) for v in value]
    if isinstance(value, dict):
        return {k: (v, line) for k, v in value.items()}
    return value


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"key {key!r} appears twice")
        out[key] = value
    return out


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is no JSON value")


def parse_jsonl(text: str, path: str = "<table>") -> tuple[list[Entity], list[Problem]]:
    """Parse JSON lines: one entity object per line, keys as in YAML. Blank lines are skipped;
    a line that is not JSON is a problem of that line, and the other lines are still read."""
    problems: list[Problem] = []

    def items() -> Iterator[tuple[Any, int]]:
        for n, line in enumerate(text.split("\n"), 1):  # only \n ends a line: U+2028 may stand in a JSON string
            if not line.strip():
                continue
            try:
                value = json.loads(line, object_pairs_hook=_json_object, parse_float=str,  # (1e999 as written, as YAML has it)
                                   parse_constant=_no_constant)
            except RecursionError:
                problems.append(Problem(path, n, "", "not valid JSON: nested too deeply"))
                continue
            except ValueError as exc:  # JSONDecodeError, a repeated key, an integer of thousands of digits
                where = f" (column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
                why = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
                problems.append(Problem(path, n, "", f"not valid JSON: {why}{where}; write one entity object per line"))
                continue
            if isinstance(value, dict) and "sources" in value and "id" not in value:  # the table's sources: one line
                if len(value) > 1:
                    problems.append(Problem(path, n, "", "a sources line holds only 'sources'"))
                sources.update(parse_sources(_lined(value["sources"], n), n, path, problems))
                continue
            if isinstance(value, dict):
                value = {k: (_lined(v, n), n) for k, v in value.items()}
            yield value, n

    sources: dict[str, Source] = {}
    entities, _ = _entities(items(), path, problems, sources)
    if not entities and not problems and not text.strip():
        problems.append(Problem(path, 1, "", "the table is empty: expected one JSON object per line, "
                                "with id, kind, name and aliases"))
    problems.sort(key=lambda p: p.line)
    return entities, problems


#: CSV columns a table must have, those it may have (list columns split at ``|``), and the separator.
CSV_COLUMNS = ("id", "kind", "name", "aliases")
CSV_OPTIONAL = ("country", "historical", "ambiguous", "wikidata", "geonames", "iso3166_2", "place_type", "part_of")
CSV_LISTS = ("aliases", "historical", "ambiguous")
CSV_SEPARATOR = "|"


def _csv_error() -> type[Exception]:
    import csv

    return csv.Error


def csv_rows(reader: Any) -> Iterator[tuple[int, list[str] | None, str]]:
    """(first line, fields, "") for each row of a ``csv.reader``, or (first line, None, why) for
    one it cannot read; it reads on from the next line. A quoted field may span lines."""
    end = reader.line_num
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except _csv_error() as exc:
            end = reader.line_num
            yield start, None, str(exc)
            continue
        end = reader.line_num
        yield start, row, ""


def parse_csv(text: str, path: str = "<table>") -> tuple[list[Entity], list[Problem]]:
    """Parse a CSV table: a header row naming the columns (``id, kind, name, aliases`` needed,
    ``country``, ``historical``, ``ambiguous`` optional, others ignored), then one entity per row.
    ``aliases`` (and the other list columns) hold several names separated by ``|``."""
    import csv  # (imported here: a lookup that reads no CSV table does not pay for it)
    import io

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return [], [Problem(path, 1, "", "the table is empty: expected a header row: " + ",".join(CSV_COLUMNS))]
    except csv.Error as exc:
        return [], [Problem(path, 1, "", f"CSV error in the header row: {exc}")]
    missing = [c for c in CSV_COLUMNS if c not in header]
    twice = sorted({c for c in header if header.count(c) > 1 and c in CSV_COLUMNS + CSV_OPTIONAL})
    if missing or twice:
        what = [f"missing column {c!r}" for c in missing] + [f"column {c!r} appears twice" for c in twice]
        return [], [Problem(path, 1, "", "; ".join(what) + f" in the header row (it needs {', '.join(CSV_COLUMNS)})")]
    known = [(i, c) for i, c in enumerate(header) if c in CSV_COLUMNS + CSV_OPTIONAL]

    def items() -> Iterator[tuple[Any, int]]:
        for start, row, error in csv_rows(reader):
            if row is None:
                problems.append(Problem(path, start, "", f"CSV error: {error}"))
                continue
            if not row or row == [""]:
                continue  # a blank line
            if len(row) != len(header):
                eid = row[header.index("id")].strip() if len(row) > header.index("id") else ""
                problems.append(Problem(path, start, eid, f"the row has {len(row)} fields but the header has "
                                        f"{len(header)}; quote fields that hold a comma, and keep empty fields"))
                continue
            item: dict[str, Any] = {}
            for i, column in known:
                cell = row[i].strip()
                if column == "aliases" and cell.startswith("[") and cell.endswith("]"):  # (issue #20) a JSON list
                    listed = _json_cell(cell)
                    if listed is not None:
                        item[column] = ([(_lined(a, start) if isinstance(a, dict) else a, start) for a in listed], start)
                        continue
                if column in CSV_LISTS:
                    item[column] = ([(a, start) for a in cell.split(CSV_SEPARATOR)] if cell else [], start)
                elif cell:
                    item[column] = (cell, start)
            yield item, start

    entities, _ = _entities(items(), path, problems)
    problems.sort(key=lambda p: p.line)
    return entities, problems


def _json_cell(cell: str) -> list[Any] | None:
    """An aliases cell written as a JSON list (strings and alias mappings, as in JSON lines), or
    None when it is not one (an old table's names, split at ``|``)."""
    try:
        value = json.loads(cell, object_pairs_hook=_json_object, parse_float=str, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, list) else None


#: How each table format is parsed; a file's ending names its format, and any other ending is YAML.
_PARSERS = {"yaml": parse_table, "jsonl": parse_jsonl, "csv": parse_csv}


def table_format(path: str | PathLike[str]) -> str:
    """``yaml``, ``jsonl`` or ``csv``: how the file at ``path`` is read, by its ending."""
    ending = os.path.splitext(os.fspath(path))[1].lower().lstrip(".")
    return ending if ending in _PARSERS else "yaml"


def read_at_most(f: BinaryIO, limit: int) -> bytes:
    """The file's bytes, or its first ``limit`` + 1 when it holds more: read in blocks, for a device
    or an endless pipe has no size to check first (and ``read(limit)`` reserves all of it at once)."""
    try:
        st = os.fstat(f.fileno())
    except (OSError, ValueError):  # (a stream of no file: io.BytesIO, a wrapped socket)
        st = None
    if st is not None and stat.S_ISREG(st.st_mode) and st.st_size <= limit:
        return f.read()
    blocks, n = [], 0
    while n <= limit:
        block = f.read(min(1 << 20, limit + 1 - n))
        if not block:
            break
        blocks.append(block)
        n += len(block)
    return b"".join(blocks)


def read_table(path: str | PathLike[str]) -> tuple[list[Entity], list[Problem]]:
    """Read a table file (YAML; ``.jsonl`` or ``.csv`` by its ending): (entities, problems).
    A file that cannot be read is one problem."""
    p = os.fspath(path)
    try:
        with open(p, "rb") as f:
            raw = read_at_most(f, MAX_TABLE_BYTES)
    except OSError as exc:
        return [], [Problem(str(p), 0, "", f"cannot read: {exc.strerror or exc}")]
    return table_from_bytes(raw, p)


def table_from_bytes(raw: bytes, path: str) -> tuple[list[Entity], list[Problem]]:
    """``read_table`` of bytes already read (``read_at_most``): a loader that hashed them reads them once."""
    p = path
    if len(raw) > MAX_TABLE_BYTES:
        return [], [Problem(str(p), 0, "", f"more than {MAX_TABLE_BYTES:,} bytes, the limit of a table: split it")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [], [Problem(str(p), line, "", f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8")]
    return _PARSERS[table_format(p)](text, str(p))


def read_sources(path: str | PathLike[str]) -> dict[str, Source]:
    """The ``sources:`` section of a table file (a JSON line ``{"sources": ...}`` in JSON lines; a
    CSV table has none), read alone: the entities of a large table are not parsed again."""
    p = os.fspath(path)
    try:
        with open(p, encoding="utf-8-sig") as f:
            text = f.read(MAX_TABLE_BYTES)
    except (OSError, UnicodeDecodeError):
        return {}
    problems: list[Problem] = []
    fmt = table_format(p)
    if fmt == "jsonl":
        for n, line in enumerate(text.split("\n"), 1):
            if line.lstrip().startswith('{"sources"'):
                try:
                    value = json.loads(line)
                except ValueError:
                    return {}
                return parse_sources(_lined(value.get("sources"), n), n, p, problems)
        return {}
    if fmt != "yaml":
        return {}
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("sources:")), None)
    if start is None:
        return {}
    stop = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in ("", " ", "#")), len(lines))
    import yaml

    reader = _Reader(p)
    try:
        root = yaml.compose("\n".join(lines[start:stop]), Loader=yaml_loaders()[1])
        data = reader.value(root) if root is not None else None
    except (TableError, yaml.YAMLError):
        return {}
    if not isinstance(data, dict) or "sources" not in data:
        return {}
    raw, line = data["sources"]
    return parse_sources(raw, line + start, p, [])
