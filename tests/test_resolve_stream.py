"""``aliasdb resolve`` on damaged input: a bad record is reported with its line, written unresolved,
never takes the records after it along, and nothing holds more than a bounded piece of the input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

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
def test_an_unclosed_quote_costs_its_record_only(small_table_path: Path, tmp_path: Path, jobs: str) -> None:
    # 700 records (three chunks, so several workers); record 600 (line 601) opens a quote never closed
    rows = [f"{i},{NAMES[i % 4]}" for i in range(700)]
    rows[1] = '1,"Kim\nJong-un"'  # a quoted field over two lines is one record still
    rows[600] = '600,"Poutine'
    (tmp_path / "u.csv").write_text("id,name\n" + "\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = _resolve(small_table_path, jobs, "--csv", "name", str(tmp_path / "u.csv"))
    assert code == 2
    got = _csv(out)[1:]
    assert len(got) == 700 and [row[0] for row in got] == [str(i) for i in range(700)]
    assert got[1][1:3] == ["Kim\nJong-un", "person:kim-jong-un"]
    assert got[600] == ["600", "Poutine", "", "", "", ""]  # its fields as far as they go, unresolved
    assert all(row[2] == IDS[i % 4] for i, row in enumerate(got) if i not in (1, 600))
    # (record 1 takes lines 3-4, so record 600 starts on line 603)
    assert err.count("\n") == 1 and "line 603: CSV error: a quoted field is never closed" in err
    assert "read on from line 604" in err


@JOBS
def test_a_runaway_quote_stops_at_the_field_limit_and_reading_resumes(small_table_path: Path, tmp_path: Path,
                                                                      jobs: str) -> None:
    rows = [f"{i},Moscou" for i in range(20_000)]
    rows[1] = '1,"Poutine'
    rows[15_000] = '15000,"Busan'  # a second one, after the first has been re-read
    (tmp_path / "big.csv").write_text("id,name\n" + "\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = _resolve(small_table_path, jobs, "--csv", "name", str(tmp_path / "big.csv"))
    assert code == 2
    got = _csv(out)[1:]
    assert len(got) == 20_000 and [row[0] for row in got] == [str(i) for i in range(20_000)]
    assert got[1] == ["1", "Poutine", "", "", "", ""] and got[15_000] == ["15000", "Busan", "", "", "", ""]
    assert sum(row[2] == "place:moscow" for row in got) == 19_998
    assert "line 3: CSV error: field larger than field limit" in err and "line 15002: CSV error:" in err
    assert err.count("\n") == 2


@JOBS
def test_a_field_over_the_limit_keeps_the_rows_other_fields(small_table_path: Path, tmp_path: Path, jobs: str) -> None:
    long = "x" * 200_000
    (tmp_path / "w.csv").write_text(f"id,name,note\n1,Moscou,{long}\n2,Busan,y\n" * 300, encoding="utf-8")
    code, out, err = _resolve(small_table_path, jobs, "--csv", "name", str(tmp_path / "w.csv"))
    assert code == 2
    got = _csv(out)
    assert len(got) == 1 + 600 + 299  # the repeated header rows are records too
    assert got[1] == ["1", "Moscou", long, "", "", "", ""] and got[2][3] == "place:busan"
    assert err.count("field larger than field limit") == 300 and "line 2: " in err and "line 5: " in err


@JOBS
def test_jsonl_output_is_strict_json(small_table_path: Path, jobs: str) -> None:
    lines = ['{"name": 1e999, "id": 1}', '{"name": "Moscou", "x": NaN, "y": -Infinity, "z": -1e400}',
             '{"name": "x", "name": "Moscou"}', '{"name": "Busan", "v": 1.5, "n": {"a": 1, "a": 2}}',
             '{"name": "Moscou", "v": 2.5e10}']
    code, out, err = _resolve(small_table_path, jobs, "--jsonl", "name", stdin="\n".join(lines * 120).encode() + b"\n")
    assert code == 2
    recs = _strict_jsonl(out)
    assert len(recs) == 600 and [bool(rec.get("aliasdb_error")) for rec in recs[:5]] == [True] * 4 + [False]
    assert recs[0]["name"] == "1e999" and recs[0]["id"] == 1 and recs[0]["aliasdb_id"] is None  # the text kept
    assert (recs[1]["x"], recs[1]["y"], recs[1]["z"]) == ("NaN", "-Infinity", "-1e400")
    assert recs[2]["aliasdb_id"] is None and "key 'name' appears twice" in recs[2]["aliasdb_error"]
    assert "key 'a' appears twice" in recs[3]["aliasdb_error"]
    assert recs[4]["aliasdb_id"] == "place:moscow" and recs[4]["v"] == 2.5e10 and recs[-1] == recs[4]
    assert err.count("\n") == 4 * 120 and "line 1: number 1e999 is out of range" in err
    assert "line 598: key 'name' appears twice" in err and "line 597: NaN is not a JSON number" in err


@pytest.mark.parametrize("fmt", [(), ("--csv", "name"), ("--jsonl", "name")])
@JOBS
def test_a_line_of_megabytes_is_one_bad_record(small_table_path: Path, tmp_path: Path, jobs: str,
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
    assert err == f"aliasdb: line {bad}: longer than {MAX_LINE_BYTES:,} bytes, read past; left unresolved" + (
        ", its first fields kept\n" if head else "\n")
    if head:
        got = _csv(out)[1:]
        assert got[300] == ["7", "", "", "", "", ""]
        ids = [row[2] for row in got]
    else:
        recs = _strict_jsonl(out)
        key = "line" if not fmt else "aliasdb_line"
        assert recs[300][key] == bad and recs[300]["aliasdb_id"] is None and "longer than" in recs[300]["aliasdb_error"]
        assert fmt or recs[300]["query"] is None  # the query of a cut line is null, not a piece of it
        ids = [rec["aliasdb_id"] for rec in recs]
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
