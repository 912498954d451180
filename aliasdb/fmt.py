"""The one canonical form of a table file: entities sorted by id, keys in a fixed order, plain
scalars where YAML reads them back unchanged and double quotes elsewhere. ``aliasdb fmt``
writes it; ``aliasdb fmt --check`` fails on a file that is not in it, so diffs stay small.

fmt never loses or changes information: a file it cannot rewrite faithfully (a comment below
the header, a value that is not text, a nested list) is refused, with one line per problem."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from contextlib import suppress
from typing import Any

import yaml

from aliasdb.table import _loaders

__all__ = ["format_table", "format_file", "write_file", "FormatError", "KEY_ORDER", "canonical_alias"]

KEY_ORDER = ("id", "kind", "name", "country", "place_type", "part_of", "aliases", "historical", "ambiguous", "demonyms",
             "wikidata", "geonames", "iso3166_2", "note")
#: (issue #20) the key order of an alias mapping and of a source; scalars other than text that
#: the table allows where they stand: ``weak: true``, a GeoNames id, a date YAML reads unquoted.
ALIAS_ORDER = ("name", "lang", "weak", "from", "until", "source")
SOURCE_ORDER = ("title", "url", "licence", "retrieved")
_BOOL_KEYS, _INT_KEYS, _DATE_KEYS = ("weak",), ("geonames",), ("from", "until", "retrieved")

_LOADER = _loaders()[1]  # (the table reader's: libyaml's safe loader when the build has it)
_KEEP = "the file is left as it is"


class FormatError(ValueError):
    """fmt refused to rewrite a file (it would lose information, or cannot be written); the
    message is ready for the user, one line per problem."""


def _scalar(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if value and value == value.strip() and "\n" not in value:
        try:
            if yaml.load(f"k: {value}", Loader=_LOADER) == {"k": value} and yaml.load(f"- {value}", Loader=_LOADER) == [value]:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


def _flow(value: dict[str, Any]) -> str:
    """A flat mapping on one line, ``{name: Ленинград, lang: ru, from: "1924"}``, each scalar plain
    where YAML reads it back unchanged inside braces, else double-quoted."""
    def one(v: Any) -> str:
        if isinstance(v, (bool, int)):
            return _scalar(v)
        try:
            if v and "#" not in v and yaml.load(f"{{k: {v}}}", Loader=_LOADER) == {"k": v}:
                return str(v)
        except yaml.YAMLError:
            pass
        return json.dumps(v, ensure_ascii=False)

    return "{" + ", ".join(f"{one(k)}: {one(v)}" for k, v in value.items()) + "}"


def _scalar_ok(v: Any) -> bool:
    return isinstance(v, (str, int))  # (bool is an int)


def _plain(value: Any) -> bool:
    """Whether the canonical form writes ``value`` as it is: a scalar, a list of scalars or flat
    mappings (aliases), or a mapping of scalars or flat mappings (sources)."""
    def flat(v: Any) -> bool:
        return _scalar_ok(v) or (isinstance(v, dict) and all(isinstance(k, str) and _scalar_ok(x) for k, x in v.items()))

    if isinstance(value, list):
        return all(flat(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and flat(v) for k, v in value.items())
    return _scalar_ok(value)


def _ordered(value: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    return {k: value[k] for k in (*order, *sorted(k for k in value if k not in order)) if k in value}


def canonical_alias(value: Any) -> Any:
    """An alias in canonical form: a plain string when the table says nothing more of it (``weak:
    false`` is saying nothing), else a mapping in ALIAS_ORDER."""
    if not isinstance(value, dict):
        return value
    value = _ordered({k: v for k, v in value.items() if not (k == "weak" and v is False)}, ALIAS_ORDER)
    return value["name"] if list(value) == ["name"] and isinstance(value["name"], str) else value


def _field(lead: str, key: str, value: Any, indent: str) -> list[str]:
    if isinstance(value, (list, dict)) and not value:
        return [f"{lead}{_scalar(key)}: {'[]' if isinstance(value, list) else '{}'}"]  # a bare 'key:' is null
    if isinstance(value, list):
        return [f"{lead}{_scalar(key)}:", *(f"{indent}- {_flow(v) if isinstance(v, dict) else _scalar(v)}" for v in value)]
    if isinstance(value, dict):
        return [f"{lead}{_scalar(key)}:",
                *(f"{indent}{_scalar(k)}: {_flow(v) if isinstance(v, dict) else _scalar(v)}" for k, v in value.items())]
    return [f"{lead}{_scalar(key)}: {_scalar(value)}"]


def _entity(e: dict[str, Any]) -> list[str]:
    keys = [k for k in KEY_ORDER if k in e] + sorted(k for k in e if k not in KEY_ORDER)
    lines: list[str] = []
    for i, key in enumerate(keys):
        lines.extend(_field("  - " if i == 0 else "    ", key, e[key], "      "))
    return lines


def format_table(data: dict[str, Any], header: str = "") -> str:
    """The canonical text of a parsed table (``{'entities': [...]}``, other top-level keys written
    first), with an optional comment header. Raises FormatError rather than write a value that
    would read back differently."""
    entities = sorted(data.get("entities") or [], key=lambda e: str(e.get("id", "")))
    entities = [{**e, "aliases": [canonical_alias(a) for a in e["aliases"]]}
                if isinstance(e, dict) and isinstance(e.get("aliases"), list) else e for e in entities]
    others = {k: v for k, v in data.items() if k != "entities"}
    if isinstance(others.get("sources"), dict):
        others["sources"] = {k: _ordered(v, SOURCE_ORDER) if isinstance(v, dict) else v
                             for k, v in sorted(others["sources"].items())}
    if not all(isinstance(e, dict) and all(isinstance(k, str) and _plain(v) for k, v in e.items()) for e in entities) \
            or not all(isinstance(k, str) and _plain(v) for k, v in others.items()):
        raise FormatError(f"the table holds values other than text, lists of texts and text mappings; {_KEEP}")
    out = [line.rstrip() for line in header.splitlines()] if header else []
    for key in sorted(others):
        out.extend(_field("", key, others[key], "  "))
    out.append("entities:" if entities else "entities: []")
    for e in entities:
        out.extend(_entity(e))
        out.append("")
    text = "\n".join(out).rstrip("\n") + "\n"
    if yaml.load(text, Loader=_LOADER) != {**others, "entities": entities}:  # the last guard: never write a change
        raise FormatError(f"the canonical form would change a value (a bug in aliasdb fmt); {_KEEP}")
    return text


def _header_lines(lines: list[str]) -> int:
    n = 0
    while n < len(lines) and (not lines[n].strip() or lines[n].lstrip().startswith("#")):
        n += 1
    return n


def leading_comments(text: str) -> str:
    """The comment block at the top of a table file, kept by the formatter."""
    lines = [line.strip() for line in text.splitlines()[: _header_lines(text.splitlines())]]
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines).rstrip("\n") + ("\n" if lines else "")


def _lost_comments(text: str, path: str) -> list[str]:
    """Comments below the header: the canonical form has no place for them. A '#' outside every
    scalar token can only start a comment (anchors and tags are refused when the table loads)."""
    spans = [(t.start_mark.index, t.end_mark.index) for t in yaml.scan(text, Loader=_LOADER)
             if isinstance(t, yaml.ScalarToken)]
    lines = text.splitlines(keepends=True)
    pos, problems, s = sum(len(line) for line in lines[: _header_lines(lines)]), [], 0
    for lineno in range(_header_lines(lines), len(lines)):
        start, line = pos, lines[lineno]
        pos += len(line)
        for col in (i for i, ch in enumerate(line) if ch == "#"):
            while s < len(spans) and spans[s][1] <= start + col:
                s += 1
            if not (s < len(spans) and spans[s][0] <= start + col):
                problems.append(f"{path}:{lineno + 1}: this comment would be lost (fmt keeps only the comment "
                                "block at the top); move it to the top or remove it")
                break
    return problems


def _value(node: yaml.Node, key: str, path: str, problems: list[str], nested: bool | str = False) -> Any:
    """A node's value as the canonical form writes it; a problem for anything it cannot write as it is."""
    where = f"{path}:{node.start_mark.line + 1}:"
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        kind = node.tag.rsplit(":", 1)[-1]
        if key in _BOOL_KEYS and kind == "bool" and node.value.lower() in ("true", "false"):
            return node.value.lower() == "true"
        if key in _INT_KEYS and kind == "int" and node.value.isdigit():
            return int(node.value)
        if key in _DATE_KEYS and kind in ("int", "timestamp"):  # from: 1924, until: 2016-05-19: the date as written
            return node.value
        problems.append(f"{where} {key!r}: {node.value or '(empty)'} is read as {kind}, not text, and fmt would not "
                        f"write it back as it is; quote it if it is text, or remove it")
    elif nested == "flat" and isinstance(node, yaml.MappingNode):  # an alias mapping, a source (issue #20)
        return {_value(k, "key", path, problems, True): _value(v, str(k.value), path, problems, True) for k, v in node.value}
    elif nested:
        problems.append(f"{where} {key!r} holds a list or mapping inside a list or mapping, which fmt cannot write; "
                        f"flatten it or remove it")
    elif isinstance(node, yaml.SequenceNode):
        return [_value(n, key, path, problems, "flat" if key == "aliases" else True) for n in node.value]
    elif isinstance(node, yaml.MappingNode):
        return {_value(k, key, path, problems, True): _value(v, key, path, problems, "flat" if key == "sources" else True)
                for k, v in node.value}
    return None


def _mapping(node: yaml.Node, path: str, problems: list[str]) -> dict[str, Any]:
    if not isinstance(node, yaml.MappingNode):  # (read_table refuses it first)
        problems.append(f"{path}:{node.start_mark.line + 1}: an entity must be a mapping")
        return {}
    return {_value(k, "key", path, problems, True): _value(v, str(k.value), path, problems) for k, v in node.value}


def format_file(path: str) -> tuple[str, str]:
    """(text, canonical text) of a YAML table that loads (check it with read_table first).
    Raises FormatError, naming file:line for each problem, when the canonical form would lose
    or change anything, so neither fmt nor fmt --check answers on a file it cannot keep."""
    try:
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    problems = _lost_comments(text, path)
    root = yaml.compose(text, Loader=_LOADER)
    data: dict[str, Any] = {}
    if isinstance(root, yaml.SequenceNode):
        data["entities"] = [_mapping(n, path, problems) for n in root.value]
    elif isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            key = _value(k, "key", path, problems, True)
            data[key] = [_mapping(n, path, problems) for n in v.value] if key == "entities" and \
                isinstance(v, yaml.SequenceNode) else _value(v, str(k.value), path, problems)
    if problems:
        problems.sort(key=lambda p: int(p[len(path) + 1 :].split(":", 1)[0]))  # in the file's order
        raise FormatError(f"fmt would lose or change information, so {_KEEP}:\n  " + "\n  ".join(problems))
    return text, format_table(data, leading_comments(text))


def write_file(path: str, text: str) -> None:
    """Replace the file at ``path`` (a symlink's target, not the link) with ``text``, atomically,
    keeping its permission bits. A uniquely named temporary file in the same folder is written
    and renamed over it, and removed on any failure; an OSError becomes a one-line FormatError."""
    target = os.path.realpath(path)
    tmp = ""
    try:
        st = os.stat(target)
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".aliasdb-fmt.tmp",
                                   dir=os.path.dirname(target))
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        with suppress(OSError):
            os.chown(tmp, st.st_uid, st.st_gid)  # only root may give a file away; the mode is set after (chown clears setuid)
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        os.replace(tmp, target)
    except BaseException as exc:
        if tmp:
            with suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            raise FormatError(f"{path}: cannot write the formatted table ({exc.strerror or exc}); {_KEEP}; "
                              "check that the file and its folder are writable") from None
        raise
