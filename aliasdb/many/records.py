"""Records in and out of ``aliasdb resolve``: plain lines here; CSV rows and JSON lines, passed
through as their bytes, in passthrough.py.

Every input record gives exactly one output record, in input order. A record that cannot be
read (not UTF-8, too long) is still written, unresolved, with the reason, so that line N of the
output always answers record N of the input. Memory stays bounded whatever the input: a line is
cut at ``MAX_LINE_BYTES``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from aliasdb.limits import MAX_LINE_BYTES
from aliasdb.model import Match, frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any, TextIO

__all__ = ["FIELDS", "Record", "read_lines", "Lines", "InputError"]

#: What is added to each record: the match's id, canonical name, score and method (empty or null when none).
FIELDS = ("aliasdb_id", "aliasdb_name", "aliasdb_score", "aliasdb_method")
#: Added (JSON) beside the fields when a record could not be read; in CSV the reason goes to stderr only.
ERROR_FIELD = "aliasdb_error"


class InputError(ValueError):
    """The input as a whole cannot be read (no header, no such column): nothing to resolve."""


@frozen
class Record:
    """One input record: where it starts, the name to resolve (None when it could not be read),
    why not, and what the writer needs to write it out again."""

    line: int
    name: str | None
    error: str = ""
    data: Any = None


def _values(m: Match | None) -> list[Any]:
    return [m.id, m.name, round(m.score, 4), m.method] if m else [None] * len(FIELDS)


def _json(obj: dict[str, Any]) -> str:
    # allow_nan=False: the output is strict JSON (the reader never lets a NaN or infinity through)
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a "\ud800" escape: keep the escape
        text = json.dumps(obj, allow_nan=False)
    return text


def _physical(stream: IO[bytes]) -> Iterator[tuple[int, bytes, bool]]:
    """(line number, bytes with the line end, cut) for each line: only ``\\n`` ends one; a line
    longer than ``MAX_LINE_BYTES`` gives its first bytes and cut=True, and the rest is read past
    a block at a time (never held). A byte-order mark at the very start is dropped."""
    limit = MAX_LINE_BYTES + 1
    for n, raw in enumerate(iter(lambda: stream.readline(limit), b""), 1):
        if len(raw) < limit or raw[-1] == 10:  # 10: b"\n"
            yield n, raw[3:] if n == 1 and raw.startswith(b"\xef\xbb\xbf") else raw, False
            continue
        yield n, raw, True
        while raw[-1] != 10 and (raw := stream.readline(MAX_LINE_BYTES)):
            pass


def _too_long(n: int) -> str:
    return f"line {n}: longer than {MAX_LINE_BYTES:,} bytes, read past; left unresolved"


def read_lines(stream: IO[bytes]) -> Iterator[tuple[int, str | None, str]]:
    """(line number, text or None if undecodable or too long, error) for each line of a binary stream."""
    for n, raw, cut in _physical(stream):
        if cut:
            yield n, None, _too_long(n)
            continue
        try:
            yield n, raw.rstrip(b"\r\n").decode("utf-8"), ""
        except UnicodeDecodeError as exc:
            yield n, None, f"line {n}: not valid UTF-8 (byte {exc.start}); left unresolved"


class Lines:
    """One name per line in; one JSON object per line out: ``line``, ``query`` and the fields."""

    def start(self, stream: IO[bytes], out: TextIO) -> Iterator[Record]:
        self.out = out
        for n, name, error in read_lines(stream):
            yield Record(n, name, error)

    def write(self, record: Record, match: Match | None) -> None:
        obj: dict[str, Any] = {"line": record.line, "query": record.name, **dict(zip(FIELDS, _values(match), strict=True))}
        if record.error:
            obj[ERROR_FIELD] = record.error
        self.out.write(_json(obj) + "\n")
