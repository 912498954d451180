"""Records in and out of ``aliasdb resolve``: plain lines, CSV rows or JSON lines, one at a time.

Every input record gives exactly one output record, in input order. A record that cannot be
read (not UTF-8, not JSON, no such field, a value that is not a string) is still written,
unresolved, with the reason, so that line N of the output always answers record N of the input.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from aliasdb.model import Match, frozen
from aliasdb.table import csv_rows

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any, TextIO

__all__ = ["FIELDS", "Record", "read_lines", "Lines", "CsvRows", "JsonLines", "InputError"]

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
    text = json.dumps(obj, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a "\ud800" escape: keep the escape
        text = json.dumps(obj)
    return text


def read_lines(stream: IO[bytes]) -> Iterator[tuple[int, str | None, str]]:
    """(line number, text or None if undecodable, error) for each line of a binary stream.
    Only ``\\n`` ends a line; a byte-order mark at the very start is dropped."""
    for n, raw in enumerate(stream, 1):
        raw = raw.rstrip(b"\r\n")
        if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield n, raw.decode("utf-8"), ""
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


class JsonLines:
    """One JSON object per line in, with the name in ``field``; the same object out with the fields
    added (replaced if present). A line that is not an object is written as an object of the
    fields, ``aliasdb_line`` and ``aliasdb_error``."""

    def __init__(self, field: str):
        self.field = field

    def start(self, stream: IO[bytes], out: TextIO) -> Iterator[Record]:
        self.out = out
        for n, text, error in read_lines(stream):
            yield self._record(n, text, error)

    def _record(self, n: int, text: str | None, error: str) -> Record:
        if text is None:
            return Record(n, None, error)
        if not text.strip():
            return Record(n, None, f"line {n}: empty, not a JSON object; left unresolved")
        try:
            obj = json.loads(text)
        except RecursionError:
            return Record(n, None, f"line {n}: not valid JSON (nested too deeply); left unresolved")
        except ValueError as exc:  # JSONDecodeError, or an integer of thousands of digits
            why = f"{exc.msg} (column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else str(exc)
            return Record(n, None, f"line {n}: not valid JSON: {why}; left unresolved")
        if not isinstance(obj, dict):
            return Record(n, None, f"line {n}: not a JSON object but {type(obj).__name__}; left unresolved")
        if self.field not in obj:
            return Record(n, None, f"line {n}: no field {self.field!r}; left unresolved", obj)
        value = obj[self.field]
        if not isinstance(value, str):
            kind = "null" if value is None else type(value).__name__
            return Record(n, None, f"line {n}: field {self.field!r} is {kind}, not a string; left unresolved", obj)
        return Record(n, value, "", obj)

    def write(self, record: Record, match: Match | None) -> None:
        obj = record.data if record.data is not None else {"aliasdb_line": record.line}
        obj.update(zip(FIELDS, _values(match), strict=True))
        if record.error:
            obj[ERROR_FIELD] = record.error
        self.out.write(_json(obj) + "\n")


class CsvRows:
    """CSV with a header row in, the name in ``column``; the same rows out with the fields appended
    as four more columns. Short rows are padded with empty fields; a row that cannot be read keeps
    its place, its fields as far as they could be read."""

    def __init__(self, column: str):
        self.column = column

    def start(self, stream: IO[bytes], out: TextIO) -> Iterator[Record]:
        # undecodable bytes are kept as surrogates, so that the row is still split where it should be
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
        reader = csv.reader(text)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError(f"the input is empty: expected a CSV header row naming column {self.column!r}") from None
        except csv.Error as exc:
            raise InputError(f"line 1: the CSV header cannot be read: {exc}") from None
        if _undecodable(header):
            raise InputError("line 1: the CSV header is not valid UTF-8")
        if header.count(self.column) != 1:
            if self.column in header:
                raise InputError(f"the CSV header has {header.count(self.column)} columns named {self.column!r}")
            shown = ", ".join(repr(c) for c in header[:30]) + (f" and {len(header) - 30} more" if len(header) > 30 else "")
            raise InputError(f"no column {self.column!r} in the CSV header; its columns are: {shown}")
        taken = [f for f in FIELDS if f in header]
        if taken:
            raise InputError(f"the input already has a column {taken[0]!r}; remove the aliasdb_ columns first")
        self.width = len(header)
        self.writer = csv.writer(out, lineterminator="\n")
        self.writer.writerow(header + list(FIELDS))
        return self._rows(reader, header.index(self.column))

    def _rows(self, reader: Any, at: int) -> Iterator[Record]:
        for start, row, error in csv_rows(reader):
            if row is None:
                yield Record(start, None, f"line {start}: CSV error: {error}; left unresolved", [])
            elif _undecodable(row):
                row = [f.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for f in row]
                yield Record(start, None, f"line {start}: not valid UTF-8; left unresolved", row)
            elif len(row) > self.width:
                yield Record(start, None, f"line {start}: {len(row)} fields but the header has {self.width}; "
                             "fields beyond the header left out, left unresolved", row[: self.width])
            elif len(row) <= at:
                yield Record(start, None, f"line {start}: no value in column {self.column!r}; left unresolved", row)
            else:
                yield Record(start, row[at], "", row)

    def write(self, record: Record, match: Match | None) -> None:
        row = record.data + [""] * (self.width - len(record.data))
        self.writer.writerow(row + ["" if v is None else v for v in _values(match)])


def _undecodable(fields: list[str]) -> bool:
    try:
        "".join(fields).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
