"""Records in and out of ``aliasdb resolve``: plain lines, CSV rows or JSON lines, one at a time.

Every input record gives exactly one output record, in input order. A record that cannot be
read (not UTF-8, not JSON, no such field, a value that is not a string) is still written,
unresolved, with the reason, so that line N of the output always answers record N of the input.
Memory stays bounded whatever the input: a line is cut at ``MAX_LINE_BYTES`` and a CSV record
(its lines held so that a bad one can be re-read) at as many bytes.
"""

from __future__ import annotations

import csv
import json
import math
from collections import deque
from collections.abc import Iterator

from aliasdb.model import Match, frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any, TextIO

__all__ = ["FIELDS", "Record", "read_lines", "Lines", "CsvRows", "JsonLines", "InputError"]

#: What is added to each record: the match's id, canonical name, score and method (empty or null when none).
FIELDS = ("aliasdb_id", "aliasdb_name", "aliasdb_score", "aliasdb_method")
#: Added (JSON) beside the fields when a record could not be read; in CSV the reason goes to stderr only.
ERROR_FIELD = "aliasdb_error"
#: A longer line is a bad record (read past, never held whole): no name is this long, and an
#: endless input without newlines (``/dev/zero``) would otherwise fill the memory.
MAX_LINE_BYTES = 1 << 20
#: What is kept of a cut line to salvage a CSV row's first fields: enough for ids, not a megabyte a row.
SALVAGE_CHARS = 1 << 16


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


class JsonLines:
    """One JSON object per line in, with the name in ``field``; the same object out with the fields
    added (replaced if present). A line that is not an object is written as an object of the
    fields, ``aliasdb_line`` and ``aliasdb_error``."""

    def __init__(self, field: str):
        self.field = field
        self._odd: list[str] = []  # what the decoder's hooks found wrong in the line being read
        # one decoder for all lines (json.loads with hooks would build one per line)
        self._decoder = json.JSONDecoder(object_pairs_hook=self._object, parse_float=self._float,
                                         parse_constant=self._constant)

    def _object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) < len(pairs):  # a key given twice: one value would be lost unseen
            seen: set[str] = set()
            twice = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
            self._odd.append(f"key {twice!r} appears twice (the last value kept)")
        return obj

    # A number that is not finite (1e999 overflows to inf; NaN and Infinity are no JSON) cannot be
    # written back as strict JSON: the record is a bad one, its object kept with the number's
    # original text as a string, so that no data is lost and the output stays valid JSON.
    def _float(self, text: str) -> float | str:
        value = float(text)
        if math.isfinite(value):
            return value
        self._odd.append(f"number {text[:40]} is out of range (written as a string)")
        return text

    def _constant(self, text: str) -> str:
        self._odd.append(f"{text} is not a JSON number (written as a string)")
        return text

    def start(self, stream: IO[bytes], out: TextIO) -> Iterator[Record]:
        self.out = out
        for n, text, error in read_lines(stream):
            yield self._record(n, text, error)

    def _record(self, n: int, text: str | None, error: str) -> Record:
        if text is None:
            return Record(n, None, error)
        if not text.strip():
            return Record(n, None, f"line {n}: empty, not a JSON object; left unresolved")
        self._odd.clear()
        try:
            obj = self._decoder.decode(text)
        except RecursionError:
            return Record(n, None, f"line {n}: not valid JSON (nested too deeply); left unresolved")
        except ValueError as exc:  # JSONDecodeError, or an integer of thousands of digits
            why = f"{exc.msg} (column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else str(exc)
            return Record(n, None, f"line {n}: not valid JSON: {why}; left unresolved")
        if not isinstance(obj, dict):
            return Record(n, None, f"line {n}: not a JSON object but {type(obj).__name__}; left unresolved")
        if self._odd:
            return Record(n, None, f"line {n}: {'; '.join(self._odd[:3])}; left unresolved", obj)
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


def _chain(first: deque[Any], then: Iterator[Any]) -> Iterator[Any]:
    """``first`` emptied, then ``then`` (not ``yield from``: closing this must not close ``then``)."""
    while first:
        yield first.popleft()
    for item in then:  # noqa: UP028 (see above)
        yield item


class _TooLong(Exception):
    """From the lines fed to ``csv.reader``: a cut line, or a record past ``MAX_LINE_BYTES``."""


class _Feed:
    """Lines for ``csv.reader``, keeping those of the record being read: a bad record is re-read
    from its second line, so that a stray quote costs one record, not the rest of the file."""

    def __init__(self, stream: IO[bytes]):
        self.source = _physical(stream)
        self.replay: deque[tuple[int, bytes, bool]] = deque()
        self.taken: list[tuple[int, bytes, bool]] = []
        self.eof = False  # the input ended inside a record

    def lines(self) -> Iterator[str]:
        # (replay is only refilled after a bad record, and then a new generator is started)
        taken, size = self.taken, 0
        for item in _chain(self.replay, self.source):
            taken.append(item)
            size = size + len(item[1]) if len(taken) > 1 else len(item[1])
            if item[2] or size > MAX_LINE_BYTES:
                raise _TooLong
            # undecodable bytes are kept as surrogates, so that the row is still split where it should be
            yield item[1].decode("utf-8", "surrogateescape")
        self.eof = bool(taken)

    def reader(self) -> Any:
        # strict: a quote that does not close a field is an error, not a field that runs on
        return csv.reader(self.lines(), strict=True)


class CsvRows:
    """CSV with a header row in, the name in ``column``; the same rows out with the fields appended
    as four more columns. Short rows are padded with empty fields; a row that cannot be read keeps
    its place, its fields as far as they could be read, and reading goes on at its second line."""

    def __init__(self, column: str):
        self.column = column

    def start(self, stream: IO[bytes], out: TextIO) -> Iterator[Record]:
        feed = _Feed(stream)
        reader = feed.reader()
        try:
            header = next(reader)
        except StopIteration:
            raise InputError(f"the input is empty: expected a CSV header row naming column {self.column!r}") from None
        except csv.Error as exc:
            raise InputError(f"line 1: the CSV header cannot be read: {exc}") from None
        except _TooLong:
            raise InputError(f"the CSV header is longer than {MAX_LINE_BYTES:,} bytes") from None
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
        return self._rows(feed, reader, header.index(self.column))

    def _rows(self, feed: _Feed, reader: Any, at: int) -> Iterator[Record]:
        while True:
            feed.taken.clear()
            try:
                row = next(reader)
            except StopIteration:
                if not feed.taken:
                    return
                why = "the input ends inside a quoted field"
            except csv.Error as exc:
                why = "a quoted field is never closed (the input ends inside it)" if feed.eof else str(exc)
            except _TooLong:
                why = f"a record longer than {MAX_LINE_BYTES:,} bytes (a quote never closed?)"
            else:
                start = feed.taken[0][0]
                if at < len(row) <= self.width and not _undecodable(row):  # the usual case first
                    yield Record(start, row[at], "", row)
                else:
                    yield self._record(start, row, at)
                continue
            yield self._bad(feed, why)
            feed.eof = False
            reader = feed.reader()  # a fresh parser, reading on from the bad record's second line

    def _record(self, start: int, row: list[str], at: int) -> Record:
        if _undecodable(row):
            return Record(start, None, f"line {start}: not valid UTF-8; left unresolved", _replaced(row))
        if len(row) > self.width:
            return Record(start, None, f"line {start}: {len(row)} fields but the header has {self.width}; "
                          "fields beyond the header left out, left unresolved", row[: self.width])
        if len(row) <= at:
            return Record(start, None, f"line {start}: no value in column {self.column!r}; left unresolved", row)
        return Record(start, row[at], "", row)

    def _bad(self, feed: _Feed, why: str) -> Record:
        """The record the feed holds could not be read: its first line's fields, as far as they can
        be read, go out unresolved, and its other lines go back to be read as records of their own."""
        (start, raw, cut), rest = feed.taken[0], feed.taken[1:]
        feed.replay.extendleft(reversed(rest))
        if cut:
            error = _too_long(start) + ", its first fields kept"
        else:
            error = f"line {start}: CSV error: {why}; left unresolved"
            if rest:
                error += f", read on from line {start + 1}"
        text = (raw[:SALVAGE_CHARS] if cut else raw).decode("utf-8", "surrogateescape").rstrip("\r\n")
        try:  # the first line alone, its quotes taken leniently
            fields = next(csv.reader([text]), [])
        except csv.Error:  # (a field over csv's limit) split at the commas as they are
            fields = text.split(",")
        fields = fields[:-1] if cut else fields  # a cut line's last field is cut
        return Record(start, None, error, _replaced(fields)[: self.width])

    def write(self, record: Record, match: Match | None) -> None:
        row = record.data + [""] * (self.width - len(record.data))
        self.writer.writerow(row + ["" if v is None else v for v in _values(match)])


def _replaced(fields: list[str]) -> list[str]:
    """Fields with undecodable bytes (kept as surrogates) shown as U+FFFD."""
    if not _undecodable(fields):
        return fields
    return [f.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for f in fields]


def _undecodable(fields: list[str]) -> bool:
    try:
        "".join(fields).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
