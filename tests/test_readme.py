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
            if line.startswith("aliasdb ") and "<" not in line and "my_table" not in line and " fmt " not in line:
                out.append(shlex.split(line)[1:])
    return out


@pytest.mark.parametrize("args", _cli_lines())
def test_cli_examples(args: list[str]) -> None:
    r = run_cli(*args)
    assert r.returncode in (0, 1), r.stderr
    assert b"Traceback" not in r.stderr
