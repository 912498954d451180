"""The command as a newcomer meets it: ``python -m aliasdb``, candidates for names on stdin, a
word when annotate waits on a terminal, one-line table errors, distinct exit statuses, and
``annotate --replace`` that writes a text with invalid UTF-8."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from aliasdb import cli
from aliasdb.resolver.front import AliasDB

from conftest import run_cli


def test_python_dash_m_runs_the_command(small_table_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "aliasdb", "lookup", "Moscou", "--aliases", str(small_table_path)],
                       capture_output=True, timeout=120)
    assert r.returncode == 0 and r.stdout.decode().split("\t")[:2] == ["place:moscow", "Moscow"]


def test_lookup_json_on_stdin_gives_the_candidates_as_the_single_name_form(small_table_path: Path) -> None:
    one = run_cli("lookup", "Kim", "--json", "--aliases", str(small_table_path))
    many = run_cli("lookup", "--json", "--aliases", str(small_table_path), stdin=b"Kim\nMoscou\n")
    single = json.loads(one.stdout)
    first, second = (json.loads(line) for line in many.stdout.splitlines())
    assert single["match"] is None and single["candidates"], single
    assert first["match"] is None and first["candidates"] == single["candidates"]
    assert second["match"]["id"] == "place:moscow" and "candidates" not in second


class _Terminal(io.BytesIO):
    def isatty(self) -> bool:
        return True


def test_annotate_on_a_terminal_says_what_to_give(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    terminal = io.TextIOWrapper(_Terminal())
    monkeypatch.setattr(sys, "stdin", terminal)
    assert cli.main(["annotate"]) == 2
    assert capsys.readouterr().err == "Error: give a FILE, or text on standard input\n"


def test_a_broken_table_is_one_error_line(tmp_path: Path) -> None:
    table = tmp_path / "t.yaml"
    table.write_text("entities:\n  - id: place:a\n    kind: plaace\n    name: A\n  - id: place:b\n    kind: place\n"
                     "  - id: place:c\n    kind: nope\n    name: C\n", encoding="utf-8")
    for command in (("lookup", "A", "--aliases", str(table)), ("fmt", str(table))):
        r = run_cli(*command)
        err = r.stderr.decode()
        assert r.returncode == 2 and err.count("\n") == 1 and err.startswith("Error: the table cannot be "), err
        assert err.endswith(f"(and 2 more problems: aliasdb check {table})\n"), err


def test_an_internal_error_is_one_line_and_exit_3(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str], small_table_path: Path) -> None:
    def broken(self: AliasDB, name: str, kind: str | None = None, threshold: float | None = None) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(AliasDB, "resolve", broken)
    monkeypatch.delenv("ALIASDB_TRACEBACK", raising=False)
    assert cli.main(["lookup", "Moscou", "--aliases", str(small_table_path)]) == cli.EXIT_INTERNAL == 3
    err = capsys.readouterr().err
    assert err.startswith("Error: internal error (RuntimeError: boom second line); this is a bug in aliasdb ")
    assert err.count("\n") == 1 and "please report it" in err


def test_exit_statuses_are_distinct(small_table_path: Path) -> None:
    assert len({cli.EXIT_OK, cli.EXIT_NONE, cli.EXIT_ERROR, cli.EXIT_INTERNAL}) == 4
    table = ("--aliases", str(small_table_path))
    assert [run_cli("lookup", name, *table).returncode for name in ("Moscou", "Zzyzx")] == [0, 1]
    assert run_cli("lookup", "--kind", "nope", "x", *table).returncode == 2
    assert b"Exit status: 0 a match" in run_cli("--help").stdout


def test_annotate_replace_writes_a_text_with_invalid_utf8(small_table_path: Path) -> None:
    text = "Poutine est à Moscou.\n".encode() + b"\xff\xfe Busan\n"
    r = run_cli("annotate", "--replace", "--aliases", str(small_table_path), stdin=text)
    assert r.returncode == 0
    assert r.stdout == "Vladimir Putin est à Moscow.\n".encode() + b"\xff\xfe Busan\n"
    assert r.stderr == b"aliasdb: -: line 2: not valid UTF-8 (byte 23); its invalid bytes are written back unchanged\n"
