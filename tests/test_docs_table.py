"""docs/table.md stays true: its tables load as it says, its Python examples run as doctests, and
every command it shows prints exactly the output shown beneath it.

A fenced block with a file name after its language (```yaml example.yaml) is written to that
file first; every block runs in the folder that holds them."""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

import pytest

from aliasdb.cli import main
from aliasdb.table import parse_csv, parse_jsonl, parse_table

DOC = Path(__file__).resolve().parent.parent / "docs" / "table.md"
_BLOCK = re.compile(r"```(\w+)(?: ([\w.]+))?\n(.*?)```", re.S)


def _blocks() -> list[tuple[str, str, str]]:
    return [(lang, name or "", body) for lang, name, body in _BLOCK.findall(DOC.read_text(encoding="utf-8"))]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for _, name, body in _blocks():
        if name:
            (tmp_path / name).write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_table_loads_except_the_bad_one() -> None:
    parsers = {"yaml": parse_table, "jsonl": parse_jsonl, "csv": parse_csv}
    named = [(lang, name, body) for lang, name, body in _blocks() if lang in parsers]
    assert [name for _, name, _ in named] == ["contract.yaml", "example.yaml", "example.jsonl", "example.csv",
                                              "bad.yaml", "lint.yaml"]
    for lang, name, body in named:
        entities, problems = parsers[lang](body, name)
        assert bool(problems) == (name == "bad.yaml"), (name, problems)
        assert entities or name == "bad.yaml"
    jsonl = parse_jsonl(named[2][2], "example.jsonl")[0][0]
    assert jsonl.geonames == 538560 and [(a.name, a.lang, a.weak, a.source) for a in jsonl.facts] == [
        ("Koursk", "fr", False, None), ("Kursk region", "en", True, "press")]
    csv = parse_csv(named[3][2], "example.csv")[0]
    assert csv[0].iso3166_2 == "RU-KRS" and csv[1].aliases == ("Курск", "Koursk") and csv[1].facts[0].lang == "fr"


def test_python_examples(folder: Path) -> None:
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    blocks = [body for lang, _, body in _blocks() if lang == "python"]
    assert len(blocks) == 3
    # (one namespace, as a reader has: a later block uses an earlier one's db)
    runner.run(parser.get_doctest("\n".join(blocks), {}, "docs/table.md", str(DOC), 0))
    result = runner.summarize(verbose=False)
    assert result.attempted >= 12 and result.failed == 0


def _commands() -> list[tuple[str, str]]:
    out = []
    for lang, _, body in _blocks():
        if lang != "console":
            continue
        for chunk in body.split("$ ")[1:]:
            command, _, printed = chunk.partition("\n")
            out.append((command, printed))
    return out


@pytest.mark.parametrize(("command", "printed"), _commands(), ids=[c for c, _ in _commands()])
def test_commands_print_what_the_page_shows(folder: Path, capsys: pytest.CaptureFixture[str], command: str,
                                            printed: str) -> None:
    words = shlex.split(command)
    assert words[0] == "aliasdb"
    code = main(words[1:])
    out, err = capsys.readouterr()
    assert out + err == printed
    assert code == (2 if "bad" in command or "lint" in command else 0)
