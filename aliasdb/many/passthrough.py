"""``aliasdb resolve --csv`` and ``--jsonl``: each record written back as the very bytes it was read as.

A record is found in the input's bytes (a CSV record by the rules of Python's csv reader, a
JSON line by its newline), its name is read out of it, and it is written out unchanged with
only the new columns (CSV) or keys (JSON) appended. Nothing of the user's data is decoded and
encoded again, so no quoting, spacing, number or invalid byte of it can change, and a CSV or
JSON reader reads every output record as the input record plus what aliasdb added.

Memory stays bounded whatever the input: a record longer than ``SPOOL_FROM`` bytes is kept in
a temporary file until its turn to be written (whole: there is no size limit), and only the
first ``MAX_NAME_BYTES`` of its name are looked at.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator

from aliasdb.limits import BLOCK, MAX_NAME_BYTES, SPOOL_FROM
from aliasdb.many.records import ERROR_FIELD, FIELDS, InputError, Record
from aliasdb.model import Match

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any, TextIO

__all__ = ["CsvPassThrough", "JsonLinesPassThrough", "SPOOL_FROM", "MAX_NAME_BYTES"]


_QUOTE, _COMMA, _LF, _CR = 34, 44, 10, 13
_UNQUOTED_END = re.compile(rb"[,\r\n]")
_BOM = b"\xef\xbb\xbf"


class _Input:
    """The input stream as a buffer of bytes not yet consumed, refilled a block at a time."""

    def __init__(self, stream: IO[bytes]):
        self.stream = stream
        self.buf = b""
        self.pos = 0
        self.line = 1  # the line the next unconsumed byte is on
        self.ended = False

    def fill(self) -> bool:
        """More bytes after those not consumed yet; False at the end of the input."""
        if self.ended:
            return False
        block = self.stream.read(BLOCK)
        if not block:
            self.ended = True
            return False
        self.buf = self.buf[self.pos :] + block
        self.pos = 0
        return True

    def more(self) -> bool:
        """Is there a byte left to read?"""
        return self.pos < len(self.buf) or self.fill()


class _Spool:
    """One temporary file holding the long records read but not yet written, in input order
    (emptied whenever none is waiting)."""

    def __init__(self) -> None:
        self.fd: int | None = None
        self.end = 0
        self.waiting = 0

    def add(self, data: bytes) -> None:
        if self.fd is None:
            self.file = tempfile.TemporaryFile(prefix="aliasdb-record-", buffering=0)  # noqa: SIM115 (closed in close)
            self.fd = self.file.fileno()
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]
        self.end += len(data)

    def copy(self, at: int, size: int, out: IO[bytes]) -> None:
        assert self.fd is not None
        while size:
            block = os.pread(self.fd, min(size, BLOCK * 16), at)
            if not block:
                raise OSError("the temporary file holding a long record was cut short")
            out.write(block)
            at += len(block)
            size -= len(block)
        self.waiting -= 1
        if not self.waiting:  # every record in it written: start again at the beginning
            os.ftruncate(self.fd, 0)
            os.lseek(self.fd, 0, os.SEEK_SET)
            self.end = 0

    def close(self) -> None:
        if self.fd is not None:
            self.file.close()
            self.fd = None


class _Body:
    """The bytes of one record being read: in memory, then in the spool past ``SPOOL_FROM``."""

    __slots__ = ("pieces", "size", "spool", "at")

    def __init__(self, spool: _Spool):
        self.pieces: list[bytes] = []
        self.size = 0
        self.spool = spool
        self.at = -1  # where it starts in the spool; -1: in memory

    def add(self, data: bytes) -> None:
        if self.at >= 0:
            self.spool.add(data)
        else:
            self.pieces.append(data)
            if self.size + len(data) > SPOOL_FROM:
                self.at = self.spool.end
                self.spool.add(b"".join(self.pieces))
                self.pieces = []
        self.size += len(data)

    def done(self) -> bytes | tuple[int, int]:
        """The bytes, or (where, how many) in the spool."""
        if self.at < 0:
            return b"".join(self.pieces)
        self.spool.waiting += 1
        return (self.at, self.size)


def _read_csv(inp: _Input, spool: _Spool, at: int) -> Iterator[tuple[int, Any, bytes, int, bytes | None, bool]]:
    """Each CSV record: (its first line, its bytes (``_Body.done``), its line end, its number of
    fields, the raw bytes of field ``at`` (None when longer than ``MAX_NAME_BYTES``, empty when
    absent), whether the input ended inside a quoted field).

    The rules are those of Python's csv reader (quote ``"``, doubled inside a quoted field; a
    quote inside an unquoted field is a character; a record ends at LF, CR LF or a lone CR
    outside quotes; a blank line is a record of no fields), so that what a reader finds in the
    output is what it finds in the input."""
    while inp.more():
        line = inp.line
        body = _Body(spool)
        field, size, name, long_name = 0, 0, [], False
        quoted = False  # inside a quoted field
        start = True  # at the start of a field
        ending = b""
        while True:
            buf, pos = inp.buf, inp.pos
            if pos >= len(buf):
                if inp.fill():
                    continue
                break
            if start:
                start = False
                quoted = buf[pos] == _QUOTE
                if quoted:
                    take = pos + 1
                else:
                    continue
            elif quoted:
                i = buf.find(b'"', pos)
                if i < 0:
                    take = len(buf)
                elif i + 1 < len(buf):
                    take = i + 2 if buf[i + 1] == _QUOTE else i + 1  # a doubled quote, or the closing one
                    quoted = buf[i + 1] == _QUOTE
                elif inp.fill():
                    continue  # (the byte after the quote decides)
                else:
                    take, quoted = i + 1, False
            else:
                m = _UNQUOTED_END.search(buf, pos)
                if m is None:
                    take = len(buf)
                else:
                    i = m.start()
                    c = buf[i]
                    if c == _COMMA:
                        take = i
                    elif c == _LF:
                        ending, take = b"\n", i
                    elif i + 1 < len(buf):
                        ending, take = (b"\r\n" if buf[i + 1] == _LF else b"\r"), i
                    elif inp.fill():
                        continue  # (a CR: is an LF next?)
                    else:
                        ending, take = b"\r", i
                    if take > pos:
                        piece = buf[pos:take]
                        body.add(piece)
                        size += len(piece)
                        if field == at and not long_name:
                            name.append(piece)
                            long_name = sum(map(len, name)) > MAX_NAME_BYTES
                    if c == _COMMA:
                        body.add(b",")
                        size += 1
                        inp.pos = i + 1
                        field += 1
                        start = True
                        continue
                    inp.pos = i + len(ending)
                    inp.line += ending == b"\r\n" or ending == b"\n"
                    break
            piece = buf[pos:take]
            body.add(piece)
            size += len(piece)
            inp.line += piece.count(b"\n")
            if field == at and not long_name:
                name.append(piece)
                long_name = sum(map(len, name)) > MAX_NAME_BYTES
            inp.pos = take
        fields = field + 1 if size else 0
        value = None if long_name else b"".join(name) if field >= at else b""
        yield line, body.done(), ending, fields, value, quoted


def _unquoted(raw: bytes) -> bytes:
    """A field's value as a CSV reader reads it."""
    if raw[:1] != b'"':
        return raw
    out, i = [], 1
    while True:
        j = raw.find(b'"', i)
        if j < 0:  # (the input ended inside it)
            out.append(raw[i:])
            break
        out.append(raw[i:j])
        if raw[j + 1 : j + 2] == b'"':
            out.append(b'"')
            i = j + 2
            continue
        out.append(raw[j + 1 :])
        break
    return b"".join(out)


def _csv_field(value: object) -> bytes:
    text = "" if value is None else str(value)
    if any(c in text for c in ',"\r\n'):  # (CR too: a lone CR ends a record for a reader)
        text = '"' + text.replace('"', '""') + '"'
    return text.encode("utf-8", "surrogatepass")


def _values(m: Match | None) -> list[Any]:
    return [m.id, m.name, round(m.score, 4), m.method] if m else [None] * len(FIELDS)


def _output(out: TextIO) -> IO[bytes]:
    """The binary stream under ``out`` (what was written to it as text goes first)."""
    out.flush()
    return out.buffer


class _Writer:
    def __init__(self, out: TextIO, spool: _Spool):
        self.out = _output(out)
        self.spool = spool

    def body(self, body: bytes | tuple[int, int]) -> None:
        if isinstance(body, bytes):
            self.out.write(body)
        else:
            self.spool.copy(body[0], body[1], self.out)


class CsvPassThrough:
    """CSV with a header row in, the name in ``column``; each record out as its bytes, then four
    columns: ``aliasdb_id``, ``aliasdb_name``, ``aliasdb_score``, ``aliasdb_method``.

    A record shorter than the header gets empty fields up to its width first (so that the four
    line up under their names); a longer one keeps all its fields, and is left unresolved (its
    columns do not match the header's). A quoted field the input never closes runs to the end of
    the input (as for any CSV reader): that record is closed with a quote, and left unresolved."""

    def __init__(self, column: str):
        self.column = column

    def start(self, stream: IO[bytes], out: TextIO) -> Iterator[Record]:
        self.spool = _Spool()
        self.writer = _Writer(out, self.spool)
        inp = _Input(stream)
        while len(inp.buf) < 3 and inp.fill():
            pass
        bom = inp.buf[:3] == _BOM
        inp.pos = 3 if bom else 0
        got = next(_read_csv(inp, self.spool, -1), None)
        if got is None:
            raise InputError(f"the input is empty: expected a CSV header row naming column {self.column!r}")
        _, raw, ending, _, _, open_quote = got
        if not isinstance(raw, bytes):
            raise InputError(f"the CSV header is longer than {SPOOL_FROM:,} bytes")
        if open_quote:
            raise InputError("line 1: the CSV header opens a quoted field that is never closed")
        try:
            import csv

            header = next(csv.reader([raw.decode("utf-8")]), [])
        except UnicodeDecodeError:
            raise InputError("line 1: the CSV header is not valid UTF-8") from None
        except csv.Error as exc:
            raise InputError(f"line 1: the CSV header cannot be read: {exc}") from None
        if header.count(self.column) != 1:
            if self.column in header:
                raise InputError(f"the CSV header has {header.count(self.column)} columns named {self.column!r}")
            shown = ", ".join(repr(c) for c in header[:30]) + (f" and {len(header) - 30} more" if len(header) > 30 else "")
            raise InputError(f"no column {self.column!r} in the CSV header; its columns are: {shown}")
        taken = [f for f in FIELDS if f in header]
        if taken:
            raise InputError(f"the input already has a column {taken[0]!r}; remove the aliasdb_ columns first")
        self.width = len(header)
        self.at = header.index(self.column)
        self.writer.out.write((_BOM if bom else b"") + raw + b"," + b",".join(_csv_field(f) for f in FIELDS)
                              + (ending or b"\n"))
        return self._records(inp)

    def _records(self, inp: _Input) -> Iterator[Record]:
        for line, body, ending, fields, value, open_quote in _read_csv(inp, self.spool, self.at):
            data = (body, ending, fields, open_quote)
            if open_quote:
                yield Record(line, None, f"line {line}: a quoted field opened in this record is never closed: the "
                             "rest of the input is read as this one record (as a CSV reader reads it); passed through, "
                             "unresolved", data)
            elif fields > self.width:
                yield Record(line, None, f"line {line}: {fields} fields but the header has {self.width}; all kept, "
                             "left unresolved", data)
            elif value is None:
                yield Record(line, None, f"line {line}: the value in column {self.column!r} is longer than "
                             f"{MAX_NAME_BYTES:,} bytes; left unresolved", data)
            elif fields <= self.at:
                yield Record(line, None, f"line {line}: no value in column {self.column!r}; left unresolved", data)
            else:
                try:
                    name = _unquoted(value).decode("utf-8")
                except UnicodeDecodeError:
                    yield Record(line, None, f"line {line}: the value in column {self.column!r} is not valid UTF-8; "
                                 "left unresolved (the record is passed through as it is)", data)
                else:
                    yield Record(line, name, "", data)

    def write(self, record: Record, match: Match | None) -> None:
        body, ending, fields, open_quote = record.data
        w = self.writer
        w.body(body)
        tail = [b'"'] if open_quote else []  # (closed, so that the columns are not read as part of it)
        if fields == 0:  # a blank line: no field yet
            tail.append(b"," * (self.width - 1))
        else:
            tail.append(b"," * max(self.width - fields, 0))
        tail.append(b"," + b",".join(_csv_field(v) for v in _values(match)))
        tail.append(ending or b"\n")
        w.out.write(b"".join(tail))

    def close(self) -> None:
        self.spool.close()


class JsonLinesPassThrough:
    """One JSON object per line in, the name in ``field``; each line out as its bytes, with
    ``aliasdb_id``, ``aliasdb_name``, ``aliasdb_score`` and ``aliasdb_method`` inserted before its
    closing brace (and ``aliasdb_error`` when it was left unresolved for a reason).

    A line no JSON reader can read as an object (not JSON, not an object, empty, longer than
    ``SPOOL_FROM`` bytes) is written unchanged, byte for byte, and its error goes to stderr with its
    line number: output line N is always input line N. A line that is an object but for raw
    control characters inside its strings (a NUL) is written unchanged with the keys and the
    error inserted. An object that already has aliasdb_ keys is written anew (``json.dumps``)
    with their values replaced."""

    def __init__(self, field: str):
        self.field = field
        self._twice: list[str] = []
        self._decoder = json.JSONDecoder(object_pairs_hook=self._object)
        self._lenient = json.JSONDecoder(object_pairs_hook=self._object, strict=False)

    def _object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) < len(pairs):
            seen: set[str] = set()
            self._twice.extend(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        return obj

    def start(self, stream: IO[bytes], out: TextIO) -> Iterator[Record]:
        self.spool = _Spool()
        self.writer = _Writer(out, self.spool)
        return self._records(_Input(stream))

    def _lines(self, inp: _Input) -> Iterator[tuple[int, Any, bytes]]:
        while inp.more():
            body = _Body(self.spool)
            ending = b""
            while inp.pos < len(inp.buf) or inp.fill():
                buf, pos = inp.buf, inp.pos
                i = buf.find(b"\n", pos)
                if i < 0:
                    body.add(buf[pos:])
                    inp.pos = len(buf)
                    continue
                body.add(buf[pos:i])
                inp.pos, ending = i + 1, b"\n"
                break
            yield inp.line, body.done(), ending
            inp.line += 1

    def _records(self, inp: _Input) -> Iterator[Record]:
        for n, body, ending in self._lines(inp):
            if not isinstance(body, bytes):
                yield Record(n, None, f"line {n}: {body[1]:,} bytes, longer than {SPOOL_FROM:,}: not read; written "
                             "unchanged, unresolved", (body, ending, _RAW))
                continue
            yield self._record(n, body, ending)

    def _record(self, n: int, body: bytes, ending: bytes) -> Record:
        def unchanged(why: str) -> Record:
            return Record(n, None, f"line {n}: {why}; written unchanged, unresolved", (body, ending, _RAW))

        text = body.decode("utf-8", "surrogateescape")
        if not text.strip():
            return unchanged("empty, not a JSON object")
        self._twice.clear()
        raw_controls = False
        try:
            obj = self._decoder.decode(text)
        except RecursionError:
            return unchanged("not valid JSON (nested too deeply)")
        except ValueError as exc:
            why = f"{exc.msg} (column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else str(exc)
            try:
                obj = self._lenient.decode(text)
            except (ValueError, RecursionError):
                return unchanged(f"not valid JSON: {why}")
            if not isinstance(obj, dict):
                return unchanged(f"not valid JSON: {why}")
            raw_controls = True
        if not isinstance(obj, dict):
            return unchanged(f"not a JSON object but {type(obj).__name__}")
        how: Any = obj if any(k in obj for k in (*FIELDS, ERROR_FIELD)) else _EMPTY if not obj else _SPLICE
        data = (body, ending, how)
        if raw_controls:
            return Record(n, None, f"line {n}: a raw control character inside a string (not valid JSON); "
                          "left unresolved", data)
        if self.field in self._twice:
            return Record(n, None, f"line {n}: key {self.field!r} appears twice; left unresolved", data)
        if self.field not in obj:
            return Record(n, None, f"line {n}: no field {self.field!r}; left unresolved", data)
        value = obj[self.field]
        if not isinstance(value, str):
            kind = "null" if value is None else type(value).__name__
            return Record(n, None, f"line {n}: field {self.field!r} is {kind}, not a string; left unresolved", data)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return Record(n, None, f"line {n}: field {self.field!r} is not valid text (invalid UTF-8, or a lone "
                          "surrogate); left unresolved", data)
        return Record(n, value, "", data)

    def write(self, record: Record, match: Match | None) -> None:
        body, ending, how = record.data
        w = self.writer
        if how is _RAW:
            w.body(body)
            w.out.write(ending or b"\n")
            return
        added: dict[str, Any] = dict(zip(FIELDS, _values(match), strict=True))
        if record.error:
            added[ERROR_FIELD] = record.error
        if isinstance(how, dict):  # it has aliasdb_ keys already: written anew, with them replaced
            w.out.write(_json({**how, **added}).encode("utf-8", "surrogateescape") + (ending or b"\n"))
            return
        end = len(body.rstrip())  # (its closing brace, then what spaces or CR follow it)
        inner = _json(added).encode("utf-8")[1:]  # (the opening brace off: the object's own is kept)
        w.out.write(body[: end - 1] + (b"" if how is _EMPTY else b", ") + inner + body[end:] + (ending or b"\n"))

    def close(self) -> None:
        self.spool.close()


#: How a JSON line is written: unchanged; with the keys inserted; with them inserted in an empty object.
_RAW, _SPLICE, _EMPTY = "raw", "splice", "empty"


def _json(obj: dict[str, Any]) -> str:
    text = json.dumps(obj, ensure_ascii=False)  # (NaN as it was read: the record is otherwise the input's)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a "\ud800" escape: keep the escape
        text = json.dumps(obj)
    return text
