"""The installed ``aliasdb`` command: output formats, exit statuses, and no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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


def test_huge_and_hostile_names_do_not_crash(small_table_path: Path) -> None:
    r = run_cli("lookup", "Я" * 60_000, "--aliases", str(small_table_path))
    assert r.returncode == 1 and b"Traceback" not in r.stderr
    r = run_cli("lookup", "\u202e\x01x\udcff", "--json", "--aliases", str(small_table_path))
    assert r.returncode in (1, 2) and b"Traceback" not in r.stderr


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
