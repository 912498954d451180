"""``aliasdb resolve`` on damaged input: a bad record is reported with its line, written unresolved,
never takes the records after it along, and nothing holds more than a bounded piece of the input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from aliasdb import AliasDB
from aliasdb.many.records import MAX_LINE_BYTES

from conftest import run_cli

JOBS = pytest.mark.parametrize("jobs", ["1", "2"])
NAMES = ["Poutine", "Moscou", "Kim Jong-un", "Busan"]
IDS = ["person:vladimir-putin", "place:moscow", "person:kim-jong-un", "place:busan"]


def _csv(out: bytes) -> list[list[str]]:
    old = csv.field_size_limit(1 << 24)  # (to read back the fields aliasdb kept; the limit is the process's)
    try:
        return list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
    finally:
        csv.field_size_limit(old)


def _strict_jsonl(out: bytes) -> list[dict]:  # type: ignore[type-arg]
    def refuse(text: str) -> None:
        raise AssertionError(f"not strict JSON: {text}")

    return [json.loads(line, parse_constant=refuse) for line in out.decode("utf-8").splitlines()]


def _resolve(table: Path, jobs: str, *args: str, stdin: bytes | None = None) -> tuple[int, bytes, str]:
    r = run_cli("resolve", "--no-progress", "-j", jobs, "--aliases", str(table), *args, stdin=stdin)
    err = r.stderr.decode()
    assert "Traceback" not in err
    return r.returncode, r.stdout, err


@JOBS
def test_an_unclosed_quote_runs_to_the_end_as_for_any_csv_reader(small_table_path: Path, tmp_path: Path, jobs: str) -> None:
    # 700 records (three chunks, so several workers); record 600 (line 603) opens a quote never closed:
    # a CSV reader reads the rest of the file as that field, and so does aliasdb, which passes it through
    rows = [f"{i},{NAMES[i % 4]}" for i in range(700)]
    rows[1] = '1,"Kim\nJong-un"'  # a quoted field over two lines is one record still
    rows[600] = '600,"Poutine'
    data = ("id,name\n" + "\n".join(rows) + "\n").encode()
    (tmp_path / "u.csv").write_bytes(data)
    code, out, err = _resolve(small_table_path, jobs, "--csv", "name", str(tmp_path / "u.csv"))
    assert code == 2
    given, got = _csv(data), _csv(out)
    assert len(got) == len(given) == 602 and [row[:-4] for row in got[1:]] == given[1:]
    assert got[2][1:3] == ["Kim\nJong-un", "person:kim-jong-un"]
    assert got[601][1].startswith("Poutine\n601,Moscou\n") and got[601][2:] == ["", "", "", ""]
    assert all(row[2] == IDS[i % 4] for i, row in enumerate(got[1:-1]) if i != 1)
    assert err == ("aliasdb: line 603: a quoted field opened in this record is never closed: the rest of the input is "
                   "read as this one record (as a CSV reader reads it); passed through, unresolved\n")
    assert out.endswith(b"699,Busan\n\",,,,\n")  # closed, then the four columns


@JOBS
def test_a_field_over_the_csv_modules_limit_is_kept_and_its_row_resolved(small_table_path: Path, tmp_path: Path,
                                                                          jobs: str) -> None:
    long = "x" * 200_000
    (tmp_path / "w.csv").write_text(f"id,name,note\n1,Moscou,{long}\n2,Busan,y\n" * 300, encoding="utf-8")
    code, out, err = _resolve(small_table_path, jobs, "--csv", "name", str(tmp_path / "w.csv"))
    got = _csv(out)
    assert len(got) == 1 + 600 + 299  # the repeated header rows are records too
    exact = str(round(AliasDB.load(small_table_path).resolve("Moscou").score, 4))  # type: ignore[union-attr]
    assert got[1] == ["1", "Moscou", long, "place:moscow", "Moscow", exact, "exact"] and got[2][3] == "place:busan"
    assert got[3] == ["id", "name", "note", "", "", "", ""]
    assert code == 0 and err == ""


@JOBS
def test_jsonl_numbers_and_repeated_keys_are_written_as_they_were(small_table_path: Path, jobs: str) -> None:
    lines = ['{"name": 1e999, "id": 1}', '{"name": "Moscou", "x": NaN, "y": -Infinity, "z": -1e400}',
             '{"name": "x", "name": "Moscou"}', '{"name": "Busan", "v": 1.50, "n": {"a": 1, "a": 2}}',
             '{"name": "Moscou", "v": 2.5e10}']
    code, out, err = _resolve(small_table_path, jobs, "--jsonl", "name", stdin="\n".join(lines * 120).encode() + b"\n")
    assert code == 2
    got = out.decode().splitlines()
    assert len(got) == 600
    assert [g[: len(line) - 1] for g, line in zip(got, lines * 120, strict=True)] == [line[:-1] for line in lines * 120]
    recs = [json.loads(g) for g in got[:5]]
    assert [r["aliasdb_id"] for r in recs] == [None, "place:moscow", None, "place:busan", "place:moscow"]
    assert recs[0]["aliasdb_error"] == "line 1: field 'name' is float, not a string; left unresolved"
    assert recs[2]["aliasdb_error"] == "line 3: key 'name' appears twice; left unresolved"
    assert got[1].startswith('{"name": "Moscou", "x": NaN, "y": -Infinity, "z": -1e400, "aliasdb_id"')
    assert err.count("\n") == 2 * 120 and "line 598: key 'name' appears twice" in err


@pytest.mark.parametrize("fmt", [(), ("--csv", "name"), ("--jsonl", "name")])
@JOBS
def test_a_line_of_megabytes_is_kept_and_left_unresolved(small_table_path: Path, tmp_path: Path, jobs: str,
                                                        fmt: tuple[str, ...]) -> None:
    def record(i: int) -> str:
        name = NAMES[i % 4]
        return {(): name, ("--csv", "name"): f"{i},{name}"}.get(fmt, json.dumps({"i": i, "name": name}))

    head = ["id,name"] if fmt and fmt[0] == "--csv" else []
    good = [record(i) for i in range(600)]
    huge = ("7," if head else "") + "a" * 5_000_000
    assert len(huge) > 4 * MAX_LINE_BYTES
    path = tmp_path / "in"
    path.write_text("\n".join(head + good[:300] + [huge] + good[300:]) + "\n", encoding="utf-8")
    code, out, err = _resolve(small_table_path, jobs, *fmt, str(path))
    assert code == 2
    bad = 301 + len(head)
    if not fmt:  # plain names: a line is cut at MAX_LINE_BYTES
        assert err == f"aliasdb: line {bad}: longer than {MAX_LINE_BYTES:,} bytes, read past; left unresolved\n"
        recs = _strict_jsonl(out)
        assert recs[300]["line"] == bad and recs[300]["query"] is None and "longer than" in recs[300]["aliasdb_error"]
        ids = [rec["aliasdb_id"] for rec in recs]
    elif head:  # the record kept whole, its name too long to be one
        assert err == f"aliasdb: line {bad}: the value in column 'name' is longer than 65,536 bytes; left unresolved\n"
        got = _csv(out)[1:]
        assert got[300] == ["7", "a" * 5_000_000, "", "", "", ""]
        ids = [row[2] for row in got]
    else:  # not read as JSON: passed through unchanged
        assert err == f"aliasdb: line {bad}: 5,000,000 bytes, longer than 1,048,576: not read; written unchanged, unresolved\n"
        lines = out.split(b"\n")
        assert lines[300] == huge.encode()
        ids = [None] * 301 + [json.loads(line)["aliasdb_id"] for line in lines[301:-1]]
        ids[:300] = [json.loads(line)["aliasdb_id"] for line in lines[:300]]
    assert len(ids) == 601 and ids[:300] + ids[301:] == [IDS[i % 4] for i in range(600)] and ids[300] in ("", None)


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to find the workers")
@pytest.mark.parametrize("presses", [1, 2, 3])
def test_ctrl_c_stops_a_run_with_workers_at_once_however_often_pressed(tmp_path: Path, small_table_path: Path,
                                                                        presses: int) -> None:
    import os
    import signal
    import subprocess
    import time

    from conftest import aliasdb_command

    names = tmp_path / "names.txt"
    names.write_text("".join(f"Ivan Petrovich Sidorov{i}\n" for i in range(300_000)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with open(out, "wb") as sink:
        run = subprocess.Popen([aliasdb_command(), "resolve", "--no-progress", "-j", "2", "--aliases", str(small_table_path),
                                str(names)], stdout=sink, stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # (a shell's & ignores it)
        deadline = time.monotonic() + 60
        while out.stat().st_size < 100_000 and time.monotonic() < deadline:  # the workers are at work
            time.sleep(0.05)
        workers = _children(run.pid)
        for _ in range(presses):  # (a second press used to land in the pool's shutdown and hang the exit)
            os.killpg(run.pid, signal.SIGINT)
            time.sleep(0.02)
        try:
            code = run.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
            raise AssertionError("the run did not stop") from None
    err = run.stderr.read().decode() if run.stderr else ""
    assert code == 130 and "Traceback" not in err and "Exception ignored" not in err, err
    time.sleep(0.5)
    assert workers and not [w for w in workers if Path(f"/proc/{w}").exists()
                            and "zombie" not in Path(f"/proc/{w}/status").read_text()]
