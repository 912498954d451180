"""The console examples of the docs this change added run, and print what the docs say they print."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = ("resolve-records.md", "cli-notes-18.md")


def _examples() -> list[tuple[str, str, str]]:
    """(page, command, expected output) for each ``$ `` line of a console block."""
    out = []
    for page in PAGES:
        path = DOCS / page
        if not path.exists():
            continue
        for block in re.findall(r"```console\n(.*?)```", path.read_text(encoding="utf-8"), re.S):
            command, expected = None, []  # type: ignore[var-annotated]
            for line in block.splitlines():
                if line.startswith("$ "):
                    if command is not None:
                        out.append((page, command, "\n".join(expected)))
                    command, expected = line[2:], []
                else:
                    expected.append(line)
            if command is not None:
                out.append((page, command, "\n".join(expected)))
    return out


@pytest.mark.parametrize(("page", "command", "expected"), _examples())
def test_console_example(page: str, command: str, expected: str, tmp_path: Path) -> None:
    shutil.copy(DOCS.parent / "aliases.yaml", tmp_path / "aliases.yaml")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    r = subprocess.run(["bash", "-c", command], capture_output=True, cwd=tmp_path, env=env, timeout=120)
    assert r.stdout.decode("utf-8", "backslashreplace").rstrip("\n") == expected, (page, command, r.stderr)
