"""The installed ``aliasdb`` command: output formats, exit statuses, and no tracebacks."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aliasdb import AliasDB

from conftest import run_cli


def test_lookup_json_from_another_directory(tmp_path: Path) -> None:
    r = run_cli("lookup", "Andreï Biélooussov", "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["match"]["id"] == "person:andrei-belousov"
    assert set(out["match"]) >= {"id", "name", "kind", "score", "method", "alias"}


def test_lookup_plain_and_no_match(small_table_path: Path) -> None:
    r = run_cli("lookup", "Sergueï Choïgou", "--aliases", str(small_table_path))
    assert r.returncode == 0
    assert r.stdout.decode().split("\t")[:3] == ["person:sergei-shoigu", "Sergei Shoigu", "person"]
    r = run_cli("lookup", "Ivan Petrov", "--aliases", str(small_table_path))
    assert r.returncode == 1
    assert "no confident match" in r.stdout.decode()


def test_ambiguous_lookup_lists_candidates(small_table_path: Path) -> None:
    r = run_cli("lookup", "Choe", "--json", "--aliases", str(small_table_path))
    assert r.returncode == 1
    out = json.loads(r.stdout)
    assert out["match"] is None
    assert {"person:choe-son-hui", "person:choe-ryong-hae"} <= {c["id"] for c in out["candidates"]}


def test_lookup_stdin_tsv_and_jsonl(small_table_path: Path) -> None:
    names = b"Poutine\nIvan Petrov\n\nKim Jong Un\n"
    r = run_cli("lookup", "--aliases", str(small_table_path), stdin=names)
    assert r.returncode == 0
    rows = [line.split("\t") for line in r.stdout.decode().splitlines()]
    assert [row[0] for row in rows] == ["Poutine", "Ivan Petrov", "", "Kim Jong Un"]
    assert [row[1] for row in rows] == ["person:vladimir-putin", "", "", "person:kim-jong-un"]
    r = run_cli("lookup", "--json", "--aliases", str(small_table_path), stdin=names)
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [rec["line"] for rec in recs] == [1, 2, 3, 4]
    assert recs[0]["match"]["id"] == "person:vladimir-putin" and recs[1]["match"] is None


def test_lookup_stdin_answers_a_repeated_name_as_it_answers_it_alone(small_table_path: Path) -> None:
    names = ["Poutine", "Ivan Petrov", "Kim Jong Un", "Moscou", "Choe", "Sergueï Choïgou"]
    alone = {}
    for name in names:
        r = run_cli("lookup", "--json", "--aliases", str(small_table_path), stdin=name.encode() + b"\n")
        alone[name] = json.loads(r.stdout)["match"]
    lines = [names[(i * 7) % len(names)] for i in range(3000)]
    r = run_cli("lookup", "--json", "--aliases", str(small_table_path), stdin="\n".join(lines).encode() + b"\n")
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [(rec["line"], rec["query"], rec["match"]) for rec in recs] == [
        (i + 1, name, alone[name]) for i, name in enumerate(lines)]


def test_invalid_utf8_on_stdin_is_reported_and_kept(small_table_path: Path) -> None:
    r = run_cli("lookup", "--json", "--aliases", str(small_table_path), stdin=b"Poutine\n\xff\xfe bad\nMoscou\n")
    assert r.returncode == 2
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(recs) == 3  # nothing lost
    assert recs[1]["match"] is None and "UTF-8" in recs[1]["error"]
    assert recs[2]["match"]["id"] == "place:moscow"
    assert b"line 2" in r.stderr and b"Traceback" not in r.stderr


def test_explain_shows_steps(small_table_path: Path) -> None:
    r = run_cli("explain", "Sergueï Choïgou", "--aliases", str(small_table_path))
    assert r.returncode == 0
    text = r.stdout.decode()
    for word in ("normalized:", "'serguei choigou'", "shoigu", "candidates:", "result:      person:sergei-shoigu"):
        assert word in text
    r = run_cli("explain", "Sergueï Choïgou", "--json", "--aliases", str(small_table_path))
    assert json.loads(r.stdout)["result"]["id"] == "person:sergei-shoigu"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("lookup", "x", "--aliases", "/nonexistent/table.yaml"), b"cannot read"),
        (("lookup", "x", "--kind", "city"), b"invalid choice"),
        (("frobnicate",), b"invalid choice"),
        ((), b"usage"),
    ],
)
def test_user_errors_exit_2_without_traceback(args: tuple[str, ...], words: bytes) -> None:
    r = run_cli(*args)
    assert r.returncode == 2
    assert words in r.stderr + r.stdout
    assert b"Traceback" not in r.stderr


def test_malformed_table_error_names_file_line_entity(tmp_path: Path) -> None:
    p = tmp_path / "bad.yaml"
    p.write_text("entities:\n  - id: place:kursk\n    kind: city\n    name: Kursk\n", encoding="utf-8")
    r = run_cli("lookup", "Kursk", "--aliases", str(p))
    assert r.returncode == 2
    assert f"{p}:3: place:kursk: kind 'city'".encode() in r.stderr
    assert b"Traceback" not in r.stderr


@pytest.mark.parametrize("command", ["lookup", "explain", "check"])
def test_every_command_has_help(command: str) -> None:
    r = run_cli(command, "--help")
    assert r.returncode == 0 and b"usage: aliasdb " + command.encode() in r.stdout
    assert b"--json" in r.stdout


def test_top_level_help_lists_every_command() -> None:
    # each command's parser is built alone when it is named; without one, all of them are
    from aliasdb.cli import COMMANDS

    r = run_cli("--help")
    assert r.returncode == 0
    listed = r.stdout.decode()
    assert all(f"    {c} " in listed for c in COMMANDS), listed
    assert set(COMMANDS) == {"lookup", "resolve", "explain", "check", "annotate", "build", "fmt", "show", "serve", "import"}


def test_huge_and_hostile_names_do_not_crash(small_table_path: Path) -> None:
    r = run_cli("lookup", "Я" * 60_000, "--aliases", str(small_table_path))
    assert r.returncode == 1 and b"Traceback" not in r.stderr
    r = run_cli("lookup", "\u202e\x01x\udcff", "--json", "--aliases", str(small_table_path))
    assert r.returncode in (1, 2) and b"Traceback" not in r.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="arguments of undecodable bytes")
def test_undecodable_arguments_are_written_back_under_a_strict_utf8_locale(monkeypatch: pytest.MonkeyPatch,
                                                                             small_table_path: Path) -> None:
    monkeypatch.setenv("PYTHONIOENCODING", "utf-8")  # (what en_US.UTF-8 gives: no surrogateescape on stdout)
    name = "Poutine\udcff"  # the argument's bytes: Poutine and 0xFF
    for args in (("lookup", "--json"), ("explain", "--json")):
        r = run_cli(*args, name, "--aliases", str(small_table_path))
        assert r.returncode in (0, 1) and b"Traceback" not in r.stderr, r.stderr
        assert json.loads(r.stdout)["query"] == name
    r = run_cli("lookup", "Nobody\udcff", "--aliases", str(small_table_path))  # (no match: the name is echoed)
    assert r.returncode == 1 and b"Traceback" not in r.stderr and b"Nobody\\udcff" in r.stdout, r.stdout + r.stderr


def test_check_and_lookup_on_csv_and_jsonl_tables(tmp_path: Path) -> None:
    csv_table = tmp_path / "t.csv"
    csv_table.write_text("id,kind,name,aliases\nplace:kursk,place,Kursk,Курск\nplace:oryol,place,Oryol,Орёл|Orel\n",
                         encoding="utf-8")
    r = run_cli("check", str(csv_table))
    assert r.returncode == 0 and b"2 entities" in r.stdout, r.stdout + r.stderr
    r = run_cli("lookup", "Kourssk", "--aliases", str(csv_table))
    assert r.stdout.decode().startswith("place:kursk\t")
    jsonl = tmp_path / "t.jsonl"
    jsonl.write_text('{"id": "place:kursk", "kind": "place", "name": "Kursk", "aliases": ["Курск"]}\n{"id": "place:x"\n',
                     encoding="utf-8")
    r = run_cli("check", str(jsonl))
    assert r.returncode == 2 and f"{jsonl}:2: not valid JSON".encode() in r.stdout
    r = run_cli("lookup", "Kursk", "--aliases", str(jsonl))
    assert r.returncode == 2 and f"{jsonl}:2: not valid JSON".encode() in r.stderr and b"Traceback" not in r.stderr
    r = run_cli("fmt", str(csv_table))
    assert r.returncode == 2 and b"YAML tables only" in r.stderr


@pytest.mark.parametrize(("text", "words"), [
    ("a: &a [x, x]\nb: [*a, *a]\nentities: []\n", b"t.yaml:1: YAML anchors and aliases (& and *) are not allowed"),
    ("entities: !!python/object/apply:os.system ['true']\n", b"t.yaml:1: YAML tag 'tag:yaml.org,2002:python/object/apply"),
])
def test_check_reports_refused_yaml_as_a_problem(tmp_path: Path, text: str, words: bytes) -> None:
    table = tmp_path / "t.yaml"
    table.write_text(text, encoding="utf-8")
    r = run_cli("check", str(table))
    assert r.returncode == 2 and words in r.stdout and b"Traceback" not in r.stderr, r.stdout + r.stderr
    r = run_cli("check", "--json", str(table))
    assert r.returncode == 2 and json.loads(r.stdout)["problems"][0]["line"] == 1, r.stdout + r.stderr


# -- aliasdb resolve: streams of records ---------------------------------------------------------

def _jsonl(out: bytes) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in out.decode("utf-8").splitlines()]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_resolve_lines_keeps_every_record_in_order(small_table_path: Path, jobs: str) -> None:
    lines = [b"Poutine", b"Ivan Petrov", b"", b"\xff\xfe bad", b"Kim Jong Un", b"Moscou"] * 300
    r = run_cli("resolve", "-j", jobs, "--aliases", str(small_table_path), stdin=b"\n".join(lines) + b"\n")
    assert r.returncode == 2 and b"Traceback" not in r.stderr
    recs = _jsonl(r.stdout)
    assert [rec["line"] for rec in recs] == list(range(1, len(lines) + 1))
    assert [rec["query"] for rec in recs[:6]] == ["Poutine", "Ivan Petrov", "", None, "Kim Jong Un", "Moscou"]
    assert [rec["aliasdb_id"] for rec in recs[-6:]] == ["person:vladimir-putin", None, None, None, "person:kim-jong-un",
                                                         "place:moscow"]
    assert set(recs[0]) == {"line", "query", "aliasdb_id", "aliasdb_name", "aliasdb_score", "aliasdb_method"}
    assert recs[3]["aliasdb_id"] is None and "UTF-8" in recs[3]["aliasdb_error"]
    assert r.stderr.decode().count("not valid UTF-8") == 300 and b"line 4:" in r.stderr and b"line 1798:" in r.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_resolve_answers_a_repeated_name_as_it_answers_it_alone(small_table_path: Path, jobs: str) -> None:
    # a name met again in a later chunk is answered from what the run already resolved: each
    # record gets the answer its name gets alone, whatever came before it
    import random

    from aliasdb import AliasDB

    names = ["Poutine", "Ivan Petrov", "Kim Jong Un", "Moscou", "Kim", "Pyongyang", "Belousov", "Zelensky", "Nobody Atall",
             "Poutin", "KIM JONG-UN", "Moskva", ""]
    lines = [random.Random(4).choice(names) for _ in range(3000)]
    r = run_cli("resolve", "-j", jobs, "--aliases", str(small_table_path), stdin="\n".join(lines).encode() + b"\n")
    assert r.returncode == 0, r.stderr
    db = AliasDB.load(small_table_path)
    alone = {n: (m.id, round(m.score, 4), m.method) if (m := db.resolve(n)) else (None, None, None) for n in names}
    recs = _jsonl(r.stdout)
    assert [rec["query"] for rec in recs] == lines
    assert [(rec["aliasdb_id"], rec["aliasdb_score"], rec["aliasdb_method"]) for rec in recs] == [alone[n] for n in lines]
    assert len({v for v in alone.values()}) > 4  # matches of several entities and methods, and none


def test_resolve_all_good_exits_0_even_without_matches(small_table_path: Path, tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_bytes("\ufeffIvan Petrov\nMoscou\r\n".encode())
    r = run_cli("resolve", str(names), "--aliases", str(small_table_path), "--kind", "person")
    assert r.returncode == 0 and r.stderr == b""
    assert [(rec["query"], rec["aliasdb_id"]) for rec in _jsonl(r.stdout)] == [("Ivan Petrov", None), ("Moscou", None)]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_resolve_csv_appends_four_columns(small_table_path: Path, tmp_path: Path, jobs: str) -> None:
    import csv
    import io

    rows = b'id,name,note\n1,Poutine,"a, b"\n2,"Kim\nJong Un",x\n3\n4,\xffbad,y\n5,Moscou,z,extra\n6,Moscou,\n'
    (tmp_path / "in.csv").write_bytes(rows * 50)
    r = run_cli("resolve", "--csv", "name", "-j", jobs, "--aliases", str(small_table_path), str(tmp_path / "in.csv"))
    assert r.returncode == 2 and b"Traceback" not in r.stderr
    out = list(csv.reader(io.StringIO(r.stdout.decode("utf-8", "surrogateescape"))))
    assert out[0] == ["id", "name", "note", "aliasdb_id", "aliasdb_name", "aliasdb_score", "aliasdb_method"]
    assert [row[0] for row in out[1:7]] == ["1", "2", "3", "4", "5", "6"]
    assert len(out) == 1 + 49 + 50 * 6  # a repeated header row is a record too
    assert all(len(row) == 7 for row in out if row[0] != "5")
    assert out[1][:5] == ["1", "Poutine", "a, b", "person:vladimir-putin", "Vladimir Putin"] and out[1][6] == "partial"
    assert 0 < float(out[1][5]) < 1
    assert out[2][3] == "person:kim-jong-un" and out[3] == ["3", "", "", "", "", "", ""]
    assert out[4][:2] == ["4", "\udcffbad"] and out[4][3:] == ["", "", "", ""]  # bad UTF-8: kept as it was, unresolved
    assert b"\n4,\xffbad,y,,,,\n" in r.stdout
    assert out[5] == ["5", "Moscou", "z", "extra", "", "", "", ""]  # too many fields: all kept, unresolved
    assert out[6][3] == "place:moscow"
    err = r.stderr.decode()
    assert "line 6: the value in column 'name' is not valid UTF-8" in err  # (row 2 is lines 3-4)
    assert "line 7: 4 fields but the header has 3; all kept" in err
    assert "line 5: no value in column 'name'" in err and "line 398: the value in column 'name' is not valid UTF-8" in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_resolve_jsonl_adds_fields(small_table_path: Path, jobs: str) -> None:
    lines = ['{"name": "Poutine", "n": 1}', '{"name": "Moscou", "n": 2, "aliasdb_id": "old"}', "not json", '{"name": 7}',
             '{"other": "Moscou"}', "[1, 2]", "", '{"name": "\\ud800"}', "[" * 10_000, '{"name": null}', '{"name": "Busan"}']
    r = run_cli("resolve", "--jsonl", "name", "-j", jobs, "--aliases", str(small_table_path),
                stdin="\n".join(lines * 40).encode() + b"\n")
    assert r.returncode == 2 and b"Traceback" not in r.stderr
    got = r.stdout.decode().split("\n")
    assert len(got) == len(lines) * 40 + 1 and got[-1] == ""
    assert [got[i] for i in (2, 5, 6, 8)] == [lines[i] for i in (2, 5, 6, 8)]  # no object: written unchanged
    recs = {i: json.loads(got[i]) for i in (0, 1, 3, 4, 7, 9, 10)}
    assert got[0] == ('{"name": "Poutine", "n": 1, "aliasdb_id": "person:vladimir-putin", "aliasdb_name": "Vladimir Putin", '
                      f'"aliasdb_score": {recs[0]["aliasdb_score"]}, "aliasdb_method": "partial"}}')
    assert isinstance(recs[0]["aliasdb_score"], float)
    assert recs[1]["aliasdb_id"] == "place:moscow" and recs[1]["n"] == 2  # (its own aliasdb_id replaced)
    assert [bool(rec.get("aliasdb_error")) for rec in recs.values()] == [False, False, True, True, True, True, False]
    assert recs[3]["name"] == 7 and "is int, not a string" in recs[3]["aliasdb_error"]
    assert "no field 'name'" in recs[4]["aliasdb_error"] and "is null" in recs[9]["aliasdb_error"]
    assert recs[7]["aliasdb_error"] == ("line 8: field 'name' is not valid text (invalid UTF-8, or a lone surrogate); "
                                        "left unresolved")
    assert recs[7]["aliasdb_id"] is None and recs[10]["aliasdb_id"] == "place:busan" and got[-2] == got[10]
    err = r.stderr.decode()
    assert "line 3: not valid JSON" in err and "line 9: not valid JSON (nested too deeply)" in err
    assert err.count("\n") == 8 * 40


@pytest.mark.parametrize(
    ("args", "stdin", "words"),
    [
        (("resolve", "/nonexistent/names.txt"), None, b"Error: /nonexistent/names.txt: cannot read"),
        (("resolve", "--aliases", "/nonexistent/table.yaml"), b"x\n", b"Error: the table cannot be loaded"),
        (("resolve", "--csv", "name"), b"id,title\n1,x\n", b"Error: <stdin>: no column 'name' in the CSV header; its "
                                                             b"columns are: 'id', 'title'"),
        (("resolve", "--csv", "name"), b"", b"Error: <stdin>: the input is empty"),
        (("resolve", "--csv", "name"), b"name,aliasdb_id\n", b"already has a column 'aliasdb_id'"),
        (("resolve", "--csv", "name"), b"name,name\n", b"2 columns named 'name'"),
        (("resolve", "-j", "0"), b"", b"1 or more"),
        (("resolve", "--csv", "a", "--jsonl", "b"), b"", b"not allowed with"),
        # an option is never guessed from its start: --json would be --jsonl and take the file for its field
        (("resolve", "--json", "/nonexistent/names.txt"), b"x\n", b"unrecognized arguments: --json"),
        (("lookup", "--jso", "Kim Jong-il"), None, b"unrecognized arguments: --jso"),
    ],
)
def test_resolve_input_errors_are_one_line(args: tuple[str, ...], stdin: bytes | None, words: bytes) -> None:
    r = run_cli(*args, stdin=stdin)
    assert r.returncode == 2 and words in r.stderr, r.stderr
    assert b"Traceback" not in r.stderr and r.stdout == b""


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_resolve_progress_bar_on_request_and_on_a_terminal(small_table_path: Path) -> None:
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import termios

    from conftest import aliasdb_command

    r = run_cli("resolve", "--progress", "--aliases", str(small_table_path), stdin=b"Moscou\nPoutine\n")
    assert r.returncode == 0 and b"2 names" in r.stderr
    assert [rec["aliasdb_id"] for rec in _jsonl(r.stdout)] == ["place:moscow", "person:vladimir-putin"]
    r = run_cli("resolve", "--aliases", str(small_table_path), stdin=b"Moscou\n")
    assert r.stderr == b""  # not a terminal: no bar
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))  # a terminal 80 columns wide
    try:
        p = subprocess.run([aliasdb_command(), "resolve", "--aliases", str(small_table_path)], input=b"Moscou\n",
                           stdout=subprocess.PIPE, stderr=follower, timeout=120)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert p.returncode == 0 and b"1 names" in shown
    assert _jsonl(p.stdout)[0]["aliasdb_id"] == "place:moscow"


def test_resolve_progress_of_a_file_knows_its_total(small_table_path: Path, tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_bytes(b"Moscou\nPoutine\n\xff\nChoe")  # no newline at the end: still four records
    r = run_cli("resolve", "--progress", "--aliases", str(small_table_path), str(names))
    assert r.returncode == 2 and b"4/4" in r.stderr and b"100%" in r.stderr
    assert len(_jsonl(r.stdout)) == 4
    people = tmp_path / "people.csv"
    people.write_text("name,age\nMoscou,1\nPoutine,2\n", encoding="utf-8")
    r = run_cli("resolve", "--progress", "--csv", "name", "--aliases", str(small_table_path), str(people))
    assert r.returncode == 0 and b"2/2" in r.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="an address-space limit")
def test_a_lookup_and_an_annotation_fit_in_little_address_space(small_table_path: Path) -> None:
    import resource
    import subprocess

    from conftest import aliasdb_command

    def limit() -> None:  # (reading up to the size limit at once reserved 512 MiB: a MemoryError here)
        resource.setrlimit(resource.RLIMIT_AS, (500 * 2**20, 500 * 2**20))

    for args, stdin in [(("lookup", "Poutine"), None), (("lookup", "Poutine", "--aliases", str(small_table_path)), None),
                        (("annotate",), b"Vladimir Poutine was there.")]:
        r = subprocess.run([aliasdb_command(), *args], input=stdin, capture_output=True, timeout=120, preexec_fn=limit)
        assert r.returncode == 0 and b"vladimir-putin" in r.stdout and b"Traceback" not in r.stderr, r.stderr


def test_the_installed_command_smoke(small_table_path: Path, tmp_path: Path) -> None:
    # the console script itself, in processes of its own (the rest of the CLI tests run cli.main in-process)
    from conftest import run_command

    r = run_command("lookup", "Beloussov", "--aliases", str(small_table_path))
    assert (r.returncode, r.stdout.decode().split("\t")[:2]) == (0, ["person:andrei-belousov", "Andrei Belousov"])
    r = run_command("lookup", "Nobody Atall", "--aliases", str(small_table_path))
    assert r.returncode == 1 and r.stdout.decode().startswith("no confident match")
    r = run_command("resolve", "-j", "2", "--aliases", str(small_table_path), stdin=b"Moscou\nPoutine\n")
    assert r.returncode == 0 and [json.loads(x)["aliasdb_id"] for x in r.stdout.splitlines()] == \
        ["place:moscow", "person:vladimir-putin"]
    assert run_command("lookup", "--threshold", "7", "x").returncode == 2


def test_threshold_on_lookup_resolve_and_annotate(small_table_path: Path, tmp_path: Path) -> None:
    table = ["--aliases", str(small_table_path)]
    db = AliasDB.load(small_table_path)
    partial, exact = db.resolve("Beloussov"), db.resolve("Moscou")  # (scores calibrated: tests/test_calibration.py)
    assert partial and exact and partial.score < exact.score
    above = f"{partial.score + 0.001:.3f}"  # a threshold that leaves out the partial match only
    r = run_cli("lookup", "Beloussov", *table)
    assert r.returncode == 0 and r.stdout.decode().split("\t")[3:5] == [f"{partial.score:.2f}", "partial"]
    r = run_cli("lookup", "Beloussov", "--threshold", above, *table)
    assert r.returncode == 1 and r.stdout.decode() == "no confident match for 'Beloussov'\n"
    r = run_cli("resolve", "--threshold", above, *table, stdin=b"Beloussov\n\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0\n")
    assert [json.loads(x)["aliasdb_id"] for x in r.stdout.splitlines()] == [None, "place:moscow"]
    news = tmp_path / "news.txt"
    news.write_text("Beloussov est arrivé à Moscou.", encoding="utf-8")
    r = run_cli("annotate", "--threshold", above, *table, str(news))
    assert [json.loads(x)["id"] for x in r.stdout.splitlines()] == ["place:moscow"]
    for bad in ("1.5", "-1", "high"):
        r = run_cli("lookup", "Beloussov", "--threshold", bad, *table)
        assert r.returncode == 2 and b"expected a score from 0 to 1" in r.stderr


@given(st.lists(st.sampled_from(["lookup", "resolve", "--json", "--kind", "person", "-", "--", "-h", "-1"])
                | st.text(max_size=12), max_size=4).map(lambda xs: ["lookup", *xs[:1]] if xs and xs[0] != "lookup" else xs)
       | st.tuples(st.just("lookup"), st.text(max_size=20)).map(list))
@settings(max_examples=300, deadline=None)
def test_one_shot_lookup_reads_arguments_as_the_parser_does(argv: list[str]) -> None:
    # `aliasdb lookup NAME` skips argparse (a tenth of a one-shot lookup): where it does, the
    # parser would have given the same arguments; anything else goes to the parser
    from aliasdb.cli import _parser, one_shot

    fast = one_shot(argv)
    if fast is None:
        assert not (len(argv) == 2 and argv[0] == "lookup" and not argv[1].startswith("-"))
        return
    assert vars(fast) == vars(_parser("lookup").parse_args(argv))


def test_one_shot_lookup_prints_what_the_parsed_command_prints() -> None:
    fast = run_cli("lookup", "Beloussov")
    parsed = run_cli("lookup", "Beloussov", "--threshold", "0")
    assert fast.returncode == parsed.returncode == 0
    assert fast.stdout == parsed.stdout and fast.stdout.startswith(b"person:andrei-belousov\t")
