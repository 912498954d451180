"""Shared fixtures: a small table written here (logic tests never depend on the shipped data)
and a runner for the installed ``aliasdb`` command."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# compiled tables go to a cache of this run, never the user's (the CLI's processes inherit it)
_CACHE = tempfile.mkdtemp(prefix="aliasdb-test-cache-")
os.environ["ALIASDB_CACHE"] = _CACHE

from aliasdb import AliasDB  # noqa: E402

SMALL_TABLE = """\
entities:
  - id: person:andrei-belousov
    kind: person
    name: Andrei Belousov
    aliases:
      - Андрей Белоусов
      - Андрей Рэмович Белоусов
  - id: person:sergei-shoigu
    kind: person
    name: Sergei Shoigu
    aliases: [Сергей Шойгу]
  - id: person:sergei-lavrov
    kind: person
    name: Sergei Lavrov
    aliases: [Сергей Лавров]
  - id: person:dmitry-medvedev
    kind: person
    name: Dmitry Medvedev
    aliases: [Дмитрий Медведев]
  - id: person:dmitry-peskov
    kind: person
    name: Dmitry Peskov
    aliases: [Дмитрий Песков]
  - id: person:mikhail-mishustin
    kind: person
    name: Mikhail Mishustin
    aliases: [Михаил Мишустин]
  - id: person:mikhail-gorbachev
    kind: person
    name: Mikhail Gorbachev
    aliases: [Михаил Горбачёв]
  - id: person:vladimir-putin
    kind: person
    name: Vladimir Putin
    aliases: [Владимир Путин, Владимир Владимирович Путин]
  - id: person:kim-jong-un
    kind: person
    name: Kim Jong-un
    aliases: [김정은]
  - id: person:kim-jong-il
    kind: person
    name: Kim Jong-il
    aliases: [김정일]
  - id: person:kim-jong-nam
    kind: person
    name: Kim Jong-nam
    aliases: [김정남]
  - id: person:choe-son-hui
    kind: person
    name: Choe Son-hui
    aliases: [최선희]
  - id: person:choe-ryong-hae
    kind: person
    name: Choe Ryong-hae
    aliases: [최룡해]
  - id: person:pak-jong-chon
    kind: person
    name: Pak Jong-chon
    aliases: [박정천]
  - id: person:pak-thae-song
    kind: person
    name: Pak Thae-song
    aliases: [박태성]
  - id: person:park-chung-hee
    kind: person
    name: Park Chung-hee
    aliases: [박정희]
  - id: person:park-geun-hye
    kind: person
    name: Park Geun-hye
    aliases: [박근혜]
  - id: person:no-kwang-chol
    kind: person
    name: No Kwang-chol
    aliases: [노광철]
  - id: place:pyongyang
    kind: place
    name: Pyongyang
    aliases: [평양]
  - id: place:busan
    kind: place
    name: Busan
    aliases: [부산]
  - id: place:bucheon
    kind: place
    name: Bucheon
    aliases: [부천]
  - id: place:kursk
    kind: place
    name: Kursk
    aliases: [Курск]
  - id: place:kurgan
    kind: place
    name: Kurgan
    aliases: [Курган]
  - id: place:moscow
    kind: place
    name: Moscow
    aliases: [Москва, Moscou, Moskau]
  - id: org:gur
    kind: org
    name: Defence Intelligence of Ukraine
    aliases: [GUR, HUR, Головне управління розвідки]
  - id: org:gru
    kind: org
    name: GRU
    aliases: [ГРУ, Main Intelligence Directorate]
"""


@pytest.fixture(scope="session")
def small_table_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tables") / "small.yaml"
    path.write_text(SMALL_TABLE, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def small(small_table_path: Path) -> AliasDB:
    return AliasDB.load(small_table_path)


def aliasdb_command() -> str:
    """The installed console script: next to this interpreter, else on PATH."""
    here = Path(sys.executable).parent / "aliasdb"
    found = str(here) if here.exists() else shutil.which("aliasdb")
    assert found, "the aliasdb command is not installed: pip install -e '.[test]'"
    return found


def run_command(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """The installed ``aliasdb`` command in a process of its own: for what only a process shows
    (signals, worker processes, the locale, start-up, the console script itself)."""
    return subprocess.run([aliasdb_command(), *args], input=stdin, capture_output=True, cwd=cwd, timeout=120)


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """``aliasdb ARGS`` run in this process through ``cli.main(argv)`` (as sqlite-utils' tests use
    click's CliRunner): standard input, output and error are bytes, as from a process."""
    from aliasdb import cli

    jobs = [b for a, b in zip(args, args[1:], strict=False) if a in ("-j", "--jobs")]
    if any(j != "1" for j in jobs):  # worker processes, and the run's Ctrl-C handler: a process of its own
        return run_command(*args, stdin=stdin, cwd=cwd)
    out, err = io.BytesIO(), io.BytesIO()
    streams = (io.TextIOWrapper(io.BytesIO(stdin or b""), encoding="utf-8"),
               io.TextIOWrapper(out, encoding="utf-8", write_through=True),
               io.TextIOWrapper(err, encoding="utf-8", write_through=True))
    saved, here = (sys.stdin, sys.stdout, sys.stderr), os.getcwd()
    try:
        sys.stdin, sys.stdout, sys.stderr = streams
        if cwd is not None:
            os.chdir(cwd)
        code = cli.main(list(args))
    finally:
        streams[1].flush()
        streams[2].flush()
        sys.stdin, sys.stdout, sys.stderr = saved
        os.chdir(here)
    return subprocess.CompletedProcess(["aliasdb", *args], code, out.getvalue(), err.getvalue())


def pytest_unconfigure(config: pytest.Config) -> None:
    """The run's cache goes when the run ends: each run would otherwise leave megabytes in the temp folder."""
    shutil.rmtree(_CACHE, ignore_errors=True)
