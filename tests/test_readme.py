"""The README stays true: its Python examples run as doctests, and the CLI lines it shows work."""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

import pytest

from conftest import run_cli

README = Path(__file__).resolve().parent.parent / "README.md"


def test_python_examples() -> None:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for i, block in enumerate(blocks):
        runner.run(parser.get_doctest(block, {}, f"README block {i}", str(README), 0))
    result = runner.summarize(verbose=False)
    assert result.attempted > 0 and result.failed == 0


def _cli_lines() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("aliasdb ") and "my_table" not in line and " fmt " not in line:
                out.append(line)
    return out


@pytest.mark.parametrize("line", _cli_lines())
def test_cli_examples(line: str, tmp_path: Path) -> None:
    """Each command line the README shows, run in a folder holding the files it names."""
    (tmp_path / "news.txt").write_text("Sergueï Choïgou est arrivé à Pyongyang.", encoding="utf-8")
    (tmp_path / "names.txt").write_text("Poutine\nKim Jong Un\n", encoding="utf-8")
    (tmp_path / "people.csv").write_text("id,name\n1,Poutine\n2,Kim Jong Un\n", encoding="utf-8")
    (tmp_path / "people.jsonl").write_text('{"name": "Poutine"}\n{"name": "Kim Jong Un"}\n', encoding="utf-8")
    (tmp_path / "aliases.yaml").write_text(README.with_name("aliases.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    words = shlex.split(line.split("<")[0])
    stdin = (tmp_path / line.split("<")[1].strip()).read_bytes() if "<" in line else None
    r = run_cli(*words[1:], stdin=stdin, cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    assert b"Traceback" not in r.stderr
