"""The README and docs/ stay true: every Python example runs as a doctest, and every command of
a ``console`` block runs and prints what the page shows (``...`` stands for any text)."""

from __future__ import annotations

import doctest
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
#: Pages whose examples need a setting of their own (files, a server): each has its own test.
OWN_TEST = {"table.md": "test_docs_table.py", "places.md": "test_docs_places.py", "serve.md": "test_serve_docs.py"}
PAGES = [ROOT / "README.md", *sorted(p for p in (ROOT / "docs").glob("*.md") if p.name not in OWN_TEST)]
_SHELL = re.compile(r"[|;>$`]|&&")
_FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```", re.S | re.M)


def _blocks(kind: str) -> list[tuple[Path, str, str]]:
    """(page, the fence's info after the language, body) of every block of this language."""
    return [(page, info, body) for page in PAGES for lang, info, body in _FENCE.findall(page.read_text(encoding="utf-8"))
            if lang == kind]


def _files() -> dict[str, str]:
    """The files the pages' examples use: every block titled with a file name."""
    out = {}
    for page in PAGES:
        for _, info, body in _FENCE.findall(page.read_text(encoding="utf-8")):
            m = re.search(r'title="([^"]+)"', info)
            if m:
                assert out.get(m.group(1), body) == body, f"{page.name}: {m.group(1)} shown twice, differently"
                out[m.group(1)] = body
    return out


def _sessions() -> list[tuple[str, int, list[tuple[str, str]]]]:
    """(page, block number, [(command, expected output)]) of every console block: its commands run
    in order in one folder (a file one writes, the next reads)."""
    out = []
    for i, (page, _, body) in enumerate(_blocks("console")):
        steps: list[list[str]] = []
        for line in body.splitlines():
            if line.startswith("$ "):
                steps.append([line[2:]])
            elif steps:
                steps[-1].append(line)
        out.append((page.name, i, [(s[0], "\n".join(s[1:])) for s in steps]))
    return out


def test_the_other_pages_have_tests_of_their_own() -> None:
    here = Path(__file__).resolve().parent
    assert all((ROOT / "docs" / page).exists() and (here / test).exists() for page, test in OWN_TEST.items())


def test_every_page_has_examples() -> None:
    assert _blocks("python") and sum(len(steps) for _, _, steps in _sessions()) >= 20
    assert {page for page, _, _ in _sessions()} >= {"README.md", "cli.md", "annotate.md", "performance.md"}


@pytest.mark.parametrize("page", sorted({p for p, _, _ in _blocks("python")}), ids=lambda p: p.name)
def test_python_examples(page: Path) -> None:
    blocks = [body for p, _, body in _blocks("python") if p == page]
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    session: dict[str, object] = {}  # (a page is one session: a name imported in one block serves the next)
    for i, block in enumerate(blocks):
        test = parser.get_doctest(block, session, f"{page.name} block {i}", str(page), 0)
        runner.run(test, clear_globs=False)
        session.update(test.globs)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(("page", "block", "steps"), _sessions(), ids=lambda x: str(x) if isinstance(x, (str, int)) else "")
def test_console_examples(page: str, block: int, steps: list[tuple[str, str]], tmp_path: Path) -> None:
    shutil.copy(ROOT / "aliases.yaml", tmp_path / "aliases.yaml")
    for name, body in _files().items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    checker = doctest.OutputChecker()
    for command, expected in steps:
        if command.startswith("aliasdb ") and not _SHELL.search(command.replace(" < ", " ")):
            words, stdin = shlex.split(command), None
            if "<" in words:
                at = words.index("<")
                stdin, words = (tmp_path / words[at + 1]).read_bytes(), words[:at] + words[at + 2:]
            r = run_cli(*words[1:], stdin=stdin, cwd=tmp_path)
        else:  # a pipeline, a redirection, python -m: through a shell, the venv's commands first
            env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
            r = subprocess.run(["bash", "-c", command], capture_output=True, cwd=tmp_path, env=env, timeout=300)
        assert b"Traceback" not in r.stderr, r.stderr
        got = r.stdout.decode("utf-8", "backslashreplace")
        want = expected.rstrip("\n") + "\n" if expected.strip() else ""
        assert got == want or (want and checker.check_output(want, got, doctest.ELLIPSIS)), \
            f"{page}: {command}\nexpected:\n{expected}\ngot:\n{got}\nstderr: {r.stderr.decode()}"


def test_the_files_the_pages_name_exist() -> None:
    named = {m for page in PAGES for m in re.findall(r"`(aliasdb/[\w/]+\.py|tests/[\w/]+\.py|bench/\w+\.py)`",
                                                      page.read_text(encoding="utf-8"))}
    assert named and not {n for n in named if not (ROOT / n).exists()}, named
