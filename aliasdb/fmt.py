"""The one canonical form of a table file: entities sorted by id, keys in a fixed order, plain
scalars where YAML reads them back unchanged and double quotes elsewhere. ``aliasdb fmt``
writes it; ``aliasdb fmt --check`` fails on a file that is not in it, so diffs stay small."""

from __future__ import annotations

import json
from typing import Any

import yaml

__all__ = ["format_table", "KEY_ORDER"]

KEY_ORDER = ("id", "kind", "name", "country", "aliases", "historical", "ambiguous", "demonyms", "wikidata", "note")


def _scalar(value: Any) -> str:
    text = str(value)
    if text and text == text.strip() and "\n" not in text:
        try:
            if yaml.safe_load(f"k: {text}") == {"k": text} and yaml.safe_load(f"- {text}") == [text]:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def _entity(e: dict[str, Any]) -> list[str]:
    keys = [k for k in KEY_ORDER if k in e] + sorted(k for k in e if k not in KEY_ORDER)
    lines: list[str] = []
    for i, key in enumerate(keys):
        lead = "  - " if i == 0 else "    "
        value = e[key]
        if isinstance(value, list):
            lines.append(f"{lead}{key}:")
            lines.extend(f"      - {_scalar(v)}" for v in value)
        elif isinstance(value, dict):
            lines.append(f"{lead}{key}:")
            lines.extend(f"      {_scalar(k)}: {_scalar(v)}" for k, v in value.items())
        else:
            lines.append(f"{lead}{key}: {_scalar(value)}")
    return lines


def format_table(data: dict[str, Any], header: str = "") -> str:
    """The canonical text of a parsed table (``{'entities': [...]}``), with an optional comment header."""
    out = [line.rstrip() for line in header.splitlines()] if header else []
    out.append("entities:")
    for e in sorted(data.get("entities") or [], key=lambda e: str(e.get("id", ""))):
        out.extend(_entity(e))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def leading_comments(text: str) -> str:
    """The comment block at the top of a table file, kept by the formatter."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("#") or (not line.strip() and lines):
            lines.append(line)
        else:
            break
    return "\n".join(lines).rstrip("\n") + ("\n" if lines else "")
