"""``aliasdb resolve --csv/--jsonl`` writes every record back as it was read, plus what it adds: a
CSV or JSON reader finds in the output the input's records, unchanged, one for one."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aliasdb import AliasDB, Entity
from aliasdb.many import passthrough as pt
from aliasdb.many.records import FIELDS

DB = AliasDB([Entity("place:moscow", "place", "Moscow", ("Moscou", "Москва")),
              Entity("person:vladimir-putin", "person", "Vladimir Putin", ("Poutine", "Путин"))])
#: The score columns written for an exact match of one word (calibrated: tests/test_calibration.py).
EXACT = str(round(DB.resolve("Moscou").score, 4))  # type: ignore[union-attr]
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def small_limits() -> Iterator[None]:
    """Limits of a few bytes, so that short examples cross them (and blocks cut records anywhere)."""
    saved = pt.SPOOL_FROM, pt.MAX_NAME_BYTES, pt.BLOCK
    pt.SPOOL_FROM, pt.MAX_NAME_BYTES, pt.BLOCK = 90, 24, 7
    try:
        yield
    finally:
        pt.SPOOL_FROM, pt.MAX_NAME_BYTES, pt.BLOCK = saved


def run(fmt: Any, data: bytes) -> tuple[bytes, list[Any]]:
    """What ``aliasdb resolve`` writes for ``data`` (one process), and the records read."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    records = list(fmt.start(io.BytesIO(data), out))
    for r in records:
        fmt.write(r, DB.resolve(r.name) if r.name is not None else None)
    fmt.close()
    out.flush()
    return out.buffer.getvalue(), records  # type: ignore[attr-defined]


def read_csv(data: bytes) -> list[list[str]]:
    old = csv.field_size_limit(1 << 30)
    try:
        return list(csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="surrogateescape", newline="")))
    finally:
        csv.field_size_limit(old)


# -- CSV -----------------------------------------------------------------------------------------
_piece = st.sampled_from([b"Moscou", b"Poutine", b"a", b" ", b",", b'"', b"\r", b"\n", b"\r\n", b"\0", b"\xe9", b"\xff",
                          "Москва".encode(), b"x" * 60])


@st.composite
def csv_field(draw: st.DrawFn) -> bytes:
    value = b"".join(draw(st.lists(_piece, max_size=4)))
    if draw(st.booleans()) or any(c in value for c in b',"\r\n'):
        return b'"' + value.replace(b'"', b'""') + b'"'
    return value


@st.composite
def csv_input(draw: st.DrawFn) -> bytes:
    width = draw(st.integers(1, 4))
    header = [b"name" if i == 0 else b"c%d" % i for i in range(width)]
    header = draw(st.permutations(header))
    out = [b",".join(header) + b"\n"]
    for _ in range(draw(st.integers(0, 8))):
        fields = draw(st.lists(csv_field(), min_size=0, max_size=width + 2))
        out.append(b",".join(fields) + draw(st.sampled_from([b"\n", b"\r\n", b"\r"])))
    if draw(st.booleans()):  # the last record without its line end, or a quote never closed
        out.append(draw(st.sampled_from([b"Moscou,1", b'"Pou\ntine', b'Moscou,"a,b\n'])))
    return b"".join(out)


@SETTINGS
@given(csv_input())
def test_csv_records_come_back_unchanged_plus_four_columns(data: bytes) -> None:
    with small_limits():
        out, records = run(pt.CsvPassThrough("name"), data)
    given_rows, got = read_csv(data), read_csv(out)
    assert len(got) == len(given_rows) == len(records) + 1
    header = given_rows[0]
    assert got[0] == header + list(FIELDS)
    width, at = len(header), header.index("name")
    for row, back, record in zip(given_rows[1:], got[1:], records, strict=True):
        kept = max(width, len(row))
        assert back[:kept] == row + [""] * (kept - len(row)) and len(back) == kept + 4
        name = row[at] if at < len(row) <= width else None
        readable = name is not None and len(name.encode("utf-8", "surrogateescape")) <= pt.MAX_NAME_BYTES
        try:
            name.encode("utf-8") if readable else None  # type: ignore[union-attr]
        except UnicodeEncodeError:
            readable = False
        last_open = record is records[-1] and data.endswith((b'"Pou\ntine', b'"a,b\n'))
        match = DB.resolve(name) if readable and not last_open else None  # type: ignore[arg-type]
        assert back[kept:] == ([match.id, match.name, str(round(match.score, 4)), match.method] if match else [""] * 4)


def test_a_bare_cr_is_quoted_in_what_aliasdb_adds_and_kept_as_it_was_in_the_record() -> None:
    # 2,000 records with a CR in a quoted field: 2,000 records back (they were 2,010 when re-written unquoted)
    data = b"id,name,note\n" + b'1,Moscou,"a\rb"\n' * 2000
    out, _ = run(pt.CsvPassThrough("name"), data)
    rows = read_csv(out)
    assert len(rows) == 2001 and rows[1] == ["1", "Moscou", "a\rb", "place:moscow", "Moscow", EXACT, "exact"]
    assert out.count(b'"a\rb"') == 2000
    assert pt._csv_field("a\rb") == b'"a\rb"'


def test_a_multiline_field_over_128_kib_stays_one_record() -> None:
    big = "line\n" * 60_000  # 300 KB over 60,000 lines; csv's own field limit is 128 KiB
    data = f'id,name,note\n1,Moscou,"{big}"\n2,Poutine,x\n3,Moscou,"{big}"\n'.encode()
    out, records = run(pt.CsvPassThrough("name"), data)
    rows = read_csv(out)
    assert [r[:2] + r[3:4] for r in rows[1:]] == [["1", "Moscou", "place:moscow"], ["2", "Poutine", "person:vladimir-putin"],
                                                  ["3", "Moscou", "place:moscow"]]
    assert rows[1][2] == big and [r.line for r in records] == [2, 60_003, 60_004]


def test_huge_unquoted_fields_are_kept_whole_and_a_valid_name_is_resolved() -> None:
    note = b"y" * (3 * pt.SPOOL_FROM)  # held in the temporary file, not in memory
    data = b"id,name,note\n1,Moscou," + note + b"\n2," + b"n" * (2 * pt.MAX_NAME_BYTES) + b",z\n3,Poutine,w\n"
    out, records = run(pt.CsvPassThrough("name"), data)
    assert out.split(b"\n")[1:4] == [b"1,Moscou," + note + f",place:moscow,Moscow,{EXACT},exact".encode(),
                                     b"2," + b"n" * (2 * pt.MAX_NAME_BYTES) + b",z,,,,",
                                     f"3,Poutine,w,person:vladimir-putin,Vladimir Putin,{EXACT},exact".encode()]
    assert records[1].error == f"line 3: the value in column 'name' is longer than {pt.MAX_NAME_BYTES:,} bytes; left unresolved"


def test_fields_beyond_the_header_and_latin1_bytes_are_kept_as_they_were() -> None:
    data = b"id,name,note\n1,Moscou,\xe9t\xe9\n2,Poutine,x,extra,more\n3,Mosc\xf4u,x\n"
    out, records = run(pt.CsvPassThrough("name"), data)
    assert out == (b"id,name,note,aliasdb_id,aliasdb_name,aliasdb_score,aliasdb_method\n"
                   b"1,Moscou,\xe9t\xe9,place:moscow,Moscow," + EXACT.encode() + b",exact\n"  # the side column's byte left alone
                   b"2,Poutine,x,extra,more,,,,\n3,Mosc\xf4u,x,,,,\n")
    assert [r.error for r in records] == ["", "line 3: 5 fields but the header has 3; all kept, left unresolved",
                                          "line 4: the value in column 'name' is not valid UTF-8; left unresolved "
                                          "(the record is passed through as it is)"]


# -- JSON lines ----------------------------------------------------------------------------------
_value = st.sampled_from(["Moscou", "Poutine", "", "a\0b", "Москва", "x" * 70, 'q"\\', 1, 1.5, None, [1, {"k": "v"}]])


@st.composite
def jsonl_line(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["object", "object", "raw control", "latin-1", "garbage", "empty", "list", "cr"]))
    keys = draw(st.lists(st.sampled_from(["name", "a", "b", "aliasdb_id"]), unique=True, max_size=3))
    obj = {k: draw(_value) for k in keys}
    text = json.dumps(obj, ensure_ascii=False, separators=draw(st.sampled_from([(",", ":"), (", ", ": ")]))).encode()
    if kind == "raw control":
        return text.replace(b"\\u0000", b"\0")
    if kind == "latin-1":
        return text.replace("Москва".encode(), b"Mosc\xf4u").replace(b'"a"', b'"\xe9"')
    if kind == "cr":
        return b"  " + text + b" \r"
    return {"garbage": b'{"name": "Mos', "empty": b"", "list": b"[1, 2]"}.get(kind, text)


def _lenient(line: bytes) -> Any:
    try:
        return json.loads(line.decode("utf-8", "surrogateescape"), strict=False)
    except ValueError:
        return None


@SETTINGS
@given(st.lists(jsonl_line(), max_size=8), st.booleans())
def test_jsonl_lines_come_back_unchanged_plus_the_keys(lines: list[bytes], last_newline: bool) -> None:
    data = b"\n".join(lines) + (b"\n" if last_newline or not lines else b"")
    with small_limits():
        out, records = run(pt.JsonLinesPassThrough("name"), data)
        limit = pt.SPOOL_FROM
    back = out.split(b"\n")
    given = data.split(b"\n")[: len(records)]
    assert back[-1] == b"" and len(back) - 1 == len(records) == len(data.split(b"\n")) - (data.endswith(b"\n") or not data)
    for line, got, record in zip(given, back[:-1], records, strict=True):
        obj = _lenient(line) if len(line) <= limit else None  # (longer: not read)
        if not isinstance(obj, dict):
            assert got == line  # byte for byte
            continue
        added = _lenient(got)
        assert isinstance(added, dict)
        extra = set(FIELDS) | ({"aliasdb_error"} if record.error else set())
        assert set(added) == set(obj) | extra and {k: v for k, v in added.items() if k not in extra} == \
            {k: v for k, v in obj.items() if k not in extra}
        if not any(k.startswith("aliasdb_") for k in obj):  # the object's bytes, then the keys before its brace
            end = len(line.rstrip())
            assert got.startswith(line[: end - 1]) and got.endswith(b"}" + line[end:])
        name = obj.get("name")
        try:
            json.loads(line.decode("utf-8", "surrogateescape"))
            strict = True
        except ValueError:
            strict = False
        readable = strict and isinstance(name, str) and name.encode("utf-8", "surrogatepass") == name.encode(
            "utf-8", "surrogateescape")
        assert record.name == (name if readable else None)
        match = DB.resolve(name) if readable else None
        assert added["aliasdb_id"] == (match.id if match else None)


def test_a_raw_nul_line_is_kept_byte_for_byte_with_the_error_beside_it() -> None:
    data = b'{"name": "Poutine", "x": "a\0b"}\nnot json at all\n{"name": "Moscou", "s": "\xe9"}\n'
    out, records = run(pt.JsonLinesPassThrough("name"), data)
    lines = out.split(b"\n")
    assert lines[0] == (b'{"name": "Poutine", "x": "a\0b", "aliasdb_id": null, "aliasdb_name": null, "aliasdb_score": null, '
                        b'"aliasdb_method": null, "aliasdb_error": "line 1: a raw control character inside a string '
                        b'(not valid JSON); left unresolved"}')
    assert lines[1] == b"not json at all"
    assert records[1].error == "line 2: not valid JSON: Expecting value (column 1); written unchanged, unresolved"
    assert lines[2].startswith(b'{"name": "Moscou", "s": "\xe9", "aliasdb_id": "place:moscow"')
