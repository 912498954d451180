"""The pages of docs/ stay true: their Python examples run as doctests."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda p: p.name)
def test_python_examples(page: Path) -> None:
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    session: dict[str, object] = {}  # (a page is one session: a name imported in one block serves the next)
    for i, block in enumerate(blocks):
        test = parser.get_doctest(block, session, f"{page.name} block {i}", str(page), 0)
        runner.run(test, clear_globs=False)
        session.update(test.globs)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0 and result.failed == 0
