"""docs/places.md stays true: its Python examples run as doctests, and its console commands print
exactly what it shows."""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

import pytest

from aliasdb.cli import main

DOC = Path(__file__).resolve().parent.parent / "docs" / "places.md"
_BLOCK = re.compile(r"```(\w*)\n(.*?)```", re.S)
NEWS = "Les combats se poursuivent près de Vuhledar. Mirny a voté.\n"


def _blocks(lang: str) -> list[str]:
    return [body for kind, body in _BLOCK.findall(DOC.read_text(encoding="utf-8")) if kind == lang]


def test_python_examples() -> None:
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(doctest.DocTestParser().get_doctest("\n".join(_blocks("python")), {}, "docs/places.md", str(DOC), 0))
    result = runner.summarize(verbose=False)
    assert result.attempted >= 7 and result.failed == 0


def test_console_examples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert f"*{NEWS.strip()}*" in DOC.read_text(encoding="utf-8")  # the file the page describes
    (tmp_path / "news.txt").write_text(NEWS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    commands = [chunk.partition("\n") for body in _blocks("console") for chunk in body.split("$ ")[1:]]
    assert len(commands) == 1
    for command, _, printed in commands:
        assert main(shlex.split(command)[1:]) == 0
        out, err = capsys.readouterr()
        assert out + err == printed


def test_the_review_line_is_what_the_importer_writes() -> None:
    from aliasdb.table.importers.common import Review

    line = str(Review("geonames", "place:odesa", "Odesa", "place:odesa", "same name 'Odesa' in ua"))
    assert _blocks("") == [line + "\n"]
