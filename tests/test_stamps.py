"""The stamps that stand for a file's bytes in a one-shot lookup (index/cache.py ``stamped``)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from aliasdb.index.cache import STAMPS, stamped


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ALIASDB_CACHE", str(folder))
    return folder


def _old(path: Path, text: str) -> str:
    """A file written long enough ago to be stamped (its change time is now: wait it out)."""
    path.write_text(text, encoding="utf-8")
    return str(path)


def _digests(files: list[str]) -> tuple[list[str], object]:
    made: list[str] = []

    def digest() -> str:
        made.append("".join(Path(f).read_text(encoding="utf-8") for f in files))
        return made[-1]

    return made, digest


def test_a_stamped_file_is_not_read_again_and_an_edit_is_seen(cache: Path, tmp_path: Path) -> None:
    f = _old(tmp_path / "t.yaml", "one")
    time.sleep(2.1)  # (a file changed in the last two seconds is never stamped)
    made, digest = _digests([f])
    assert stamped("t", [f], digest) == "one" and stamped("t", [f], digest) == "one"
    assert made == ["one"]  # the second answer came from the stamp
    Path(f).write_text("two", encoding="utf-8")  # same size: the times and change time tell
    assert stamped("t", [f], digest) == "two"
    assert made == ["one", "two"]


def test_a_file_changed_just_now_is_read_every_time(cache: Path, tmp_path: Path) -> None:
    f = _old(tmp_path / "t.yaml", "one")
    made, digest = _digests([f])
    assert stamped("t", [f], digest) == "one" and stamped("t", [f], digest) == "one"
    assert made == ["one", "one"]
    assert not (cache / STAMPS).exists()


@pytest.mark.parametrize("content", [b"", b"{", b"[1, 2]", b'{"t": "x"}', b'{"t": [1, 2]}', b"\xff\xfe", b"[" * 100_000])
def test_a_damaged_stamps_file_costs_a_read_never_an_answer(cache: Path, tmp_path: Path, content: bytes) -> None:
    f = _old(tmp_path / "t.yaml", "one")
    os.utime(f, (time.time() - 10, time.time() - 10))
    cache.mkdir()
    (cache / STAMPS).write_bytes(content)
    made, digest = _digests([f])
    assert stamped("t", [f], digest) == "one"
    assert made == ["one"]


def test_no_cache_folder_no_stamps(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ALIASDB_CACHE", "off")
    f = _old(tmp_path / "t.yaml", "one")
    made, digest = _digests([f])
    assert [stamped("t", [f], digest) for _ in range(2)] == ["one", "one"] and len(made) == 2


def test_a_missing_file_is_the_digests_to_report(cache: Path, tmp_path: Path) -> None:
    def digest() -> str:
        raise FileNotFoundError("gone")

    with pytest.raises(FileNotFoundError):
        stamped("t", [str(tmp_path / "missing.yaml")], digest)


def test_the_shipped_set_edited_after_its_stamp_is_read_anew(cache: Path, tmp_path: Path) -> None:
    # a copy of a table, stamped, then edited: the next load answers from the edit
    from aliasdb import AliasDB

    table = tmp_path / "t.yaml"
    table.write_text("entities:\n  - id: place:kursk\n    kind: place\n    name: Kursk\n", encoding="utf-8")
    old = time.time() - 10
    os.utime(table, (old, old))
    time.sleep(2.1)  # (its change time, which utime cannot set back, must be old too)
    assert AliasDB.load([str(table)]).resolve("Kursk").id == "place:kursk"
    assert (cache / STAMPS).exists()
    table.write_text("entities:\n  - id: place:kursq\n    kind: place\n    name: Kursk\n", encoding="utf-8")
    os.utime(table, (old, old))  # even with its old times put back
    assert AliasDB.load([str(table)]).resolve("Kursk").id == "place:kursq"
