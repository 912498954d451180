"""Compiled indexes and their cache: the same answers as a fresh build, and never a damaged file trusted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aliasdb import AliasDB, Entity, TableError
from aliasdb.index.store import IndexFileError, read_index
from aliasdb.resolver.places import default_table_files

from conftest import SMALL_TABLE, run_cli

QUERIES = ["Andreï Biélooussov", "Belousov", "Андрей Белоусов", "Kim Jong Un", "Kim Jong-il", "김정은", "Moscou",
           "Moskva", "Pyongyang-si", "GRU", "HUR", "Shoigou", "Sergeï", "Kursk", "Kurks", "Nobody Atall", "", "  ",
           "Пак Чон Чхон", "Park Geunhye", "M. Lavrov"]


def answers(db: AliasDB) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for q in QUERIES:
        m = db.resolve(q)
        out.append((q, m.id if m else None, m.score if m else None, m.method if m else None,
                    tuple(c.id for c in db.candidates(q, limit=10))))
    return out


@pytest.fixture()
def table(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL_TABLE, encoding="utf-8")
    return path


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ALIASDB_CACHE", str(folder))
    return folder


def cached_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.adbx")) if folder.exists() else []


def test_cache_is_written_then_reused_with_the_same_answers(table: Path, cache: Path) -> None:
    built = AliasDB.load(table)
    assert built.index_path is not None and [Path(built.index_path)] == cached_files(cache)
    stamp = Path(built.index_path).stat().st_mtime_ns
    again = AliasDB.load(table)
    assert again.index_path == built.index_path
    assert Path(built.index_path).stat().st_mtime_ns == stamp  # read, not rebuilt
    memory = AliasDB(built.entities)
    assert answers(again) == answers(built) == answers(memory)
    assert again.explain("Beloussov")["result"] == memory.explain("Beloussov")["result"]
    assert again.get("person:andrei-belousov") == memory.get("person:andrei-belousov")
    assert len(again) == len(memory) == SMALL_TABLE.count("  - id:")


def test_a_changed_table_gets_a_new_index(table: Path, cache: Path) -> None:
    assert AliasDB.load(table).resolve("Gorbatchev").id == "person:mikhail-gorbachev"
    table.write_text(SMALL_TABLE.replace("name: Mikhail Gorbachev", "name: Mikhail Gorbachev\n    country: su")
                     .replace("aliases: [Михаил Горбачёв]", "aliases: [Михаил Горбачёв, Gorby]"), encoding="utf-8")
    changed = AliasDB.load(table)
    assert changed.resolve("Gorby").id == "person:mikhail-gorbachev"
    assert len(cached_files(cache)) == 2


def _with_header(data: bytearray, change: Callable[[str], str]) -> bytearray:
    """The file with its JSON header's text changed, at the same length (the header is outside the checksum)."""
    import re
    import struct

    hlen = struct.unpack_from("<8sII", data)[2]
    text = change(re.sub(r'"source": "[^"]*"', '"source": ""', data[16 : 16 + hlen].decode()))  # (room for the change)
    assert len(text) <= hlen
    data[16 : 16 + hlen] = text.encode().ljust(hlen)
    return data


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty", "header", "infinite body", "infinite section",
                                    "deep header"])
def test_a_damaged_cache_is_rebuilt_not_trusted(table: Path, cache: Path, damage: str) -> None:
    import re
    import struct

    path = Path(AliasDB.load(table).index_path or "")
    data = bytearray(path.read_bytes())
    if damage == "infinite body":  # (json reads Infinity as a float, which no int() takes)
        data = _with_header(data, lambda h: re.sub(r'"body": \d+', '"body": Infinity', h))
    elif damage == "infinite section":
        data = _with_header(data, lambda h: re.sub(r'"rec_ent": \[\d+', '"rec_ent": [Infinity', h))
    elif damage == "deep header":  # nested past the recursion limit, within the header size allowed
        data = bytearray(struct.pack("<8sII", b"ALIASDBX", 3, 400_000) + b"[" * 400_000)
    elif damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip":
        data[len(data) - 5000] ^= 0xFF
    elif damage == "garbage":
        data = bytearray(os.urandom(len(data)))
    elif damage == "empty":
        data = bytearray()
    else:
        data[20:40] = b"{" * 20
    path.write_bytes(bytes(data))
    with pytest.raises(IndexFileError):
        read_index(path)
    db = AliasDB.load(table)
    assert answers(db) == answers(AliasDB(db.entities))
    read_index(path)  # whole again


def test_a_damaged_index_file_is_a_clear_error(tmp_path: Path, small: AliasDB) -> None:
    index = tmp_path / "small.adbx"
    small.save(index)
    data = bytearray(index.read_bytes())
    data[-100] ^= 1
    index.write_bytes(bytes(data))
    with pytest.raises(TableError, match="checksum"):
        AliasDB.load(index)
    result = run_cli("lookup", "Beloussov", "--aliases", str(index))
    assert result.returncode == 2 and b"checksum" in result.stderr and b"Traceback" not in result.stderr


def test_an_index_file_with_pointers_outside_it_is_refused(tmp_path: Path, small: AliasDB) -> None:
    """A crafted file whose checksum is right but whose arrays point nowhere: refused on load."""
    import struct
    import zlib

    index = tmp_path / "small.adbx"
    small.save(index)
    data = bytearray(index.read_bytes())
    magic, fmt, hlen = struct.unpack_from("<8sII", data)
    header = json.loads(data[16 : 16 + hlen])
    start = -(-(16 + hlen) // 64) * 64
    at, _ = header["sections"]["rec_ent"]
    struct.pack_into("<I", data, start + at, 10**6)
    crc = 0
    for off, size in header["sections"].values():
        crc = zlib.crc32(bytes(data[start + off : start + off + size]), crc)
    header["crc32"] = crc
    raw = json.dumps(header, separators=(",", ":")).encode()
    assert len(raw) <= hlen
    data[16 : 16 + hlen] = raw + b" " * (hlen - len(raw))
    index.write_bytes(bytes(data))
    with pytest.raises(TableError, match="outside"):
        AliasDB.load(index)


def test_build_command_writes_an_index_that_loads(tmp_path: Path, table: Path) -> None:
    out = tmp_path / "out.adbx"
    result = run_cli("build", str(table), "-o", str(out), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["entities"] == SMALL_TABLE.count("  - id:")
    looked = run_cli("lookup", "Biélooussov", "--aliases", str(out), "--json")
    assert json.loads(looked.stdout)["match"]["id"] == "person:andrei-belousov"
    assert answers(AliasDB.load(out)) == answers(AliasDB.load(table, cache=False))


def test_build_command_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entities:\n  - id: person:x\n    kind: person\n", encoding="utf-8")
    result = run_cli("build", str(bad), "-o", str(tmp_path / "x.adbx"))
    assert result.returncode == 2 and b"bad.yaml:2" in result.stderr and b"Traceback" not in result.stderr
    assert not (tmp_path / "x.adbx").exists()
    result = run_cli("build", str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "x.adbx"))
    assert result.returncode == 2 and b"missing.yaml" in result.stderr
    good = tmp_path / "good.yaml"
    good.write_text(SMALL_TABLE, encoding="utf-8")
    result = run_cli("build", str(good), "-o", str(tmp_path))
    assert result.returncode == 2 and b"folder" in result.stderr
    result = run_cli("build", str(good), "-o", str(tmp_path / "no" / "such" / "dir" / "x.adbx"))
    assert result.returncode == 2 and b"cannot write" in result.stderr
    # what is not a regular file is never replaced, nor the table itself, nor a folder named with a slash
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for output, words in [(str(fifo), b"not a regular file"), (str(good), b"is the table itself"),
                          (str(tmp_path / "newdir") + "/", b"names a folder")]:
        result = run_cli("build", str(good), "-o", output)
        assert result.returncode == 2 and words in result.stderr and b"Traceback" not in result.stderr, result.stderr
    assert fifo.is_fifo() and good.read_text(encoding="utf-8") == SMALL_TABLE and not (tmp_path / "newdir").exists()


def test_build_follows_a_link_and_makes_files_as_the_umask_says(tmp_path: Path, table: Path) -> None:
    target, link = tmp_path / "real.adbx", tmp_path / "link.adbx"
    target.write_bytes(b"old")
    link.symlink_to(target)
    assert run_cli("build", str(table), "-o", str(link)).returncode == 0
    assert link.is_symlink() and AliasDB.load(target).resolve("Beloussov").id == "person:andrei-belousov"
    mask = os.umask(0o22)
    os.umask(mask)
    fresh = tmp_path / "fresh.adbx"
    assert run_cli("build", str(table), "-o", str(fresh)).returncode == 0
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system of bytes")
def test_a_table_under_a_path_of_undecodable_bytes_builds_and_loads(tmp_path: Path, cache: Path) -> None:
    folder = os.path.join(os.fsencode(tmp_path), b"d\xff")
    os.mkdir(folder)
    path = os.fsdecode(os.path.join(folder, b"t.yaml"))  # (a lone surrogate in the str)
    Path(path).write_text(SMALL_TABLE, encoding="utf-8")
    assert AliasDB.load(path).resolve("Beloussov").id == "person:andrei-belousov"  # built and cached
    cached = cached_files(cache)
    assert len(cached) == 1 and AliasDB.load(path).index_path == str(cached[0])  # read back from the cache
    stamp = cached[0].stat().st_mtime_ns
    assert AliasDB.load(path).resolve("Beloussov").id == "person:andrei-belousov"
    assert cached[0].stat().st_mtime_ns == stamp  # read, not rebuilt
    result = run_cli("build", path, "-o", str(tmp_path / "x.adbx"))
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr


def test_cache_off_and_unwritable_cache_still_load(table: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIASDB_CACHE", "off")
    db = AliasDB.load(table)
    assert db.index_path is None and db.resolve("Beloussov") is not None
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("ALIASDB_CACHE", str(blocked))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # (the fallback: a private folder in the temporary one)
    db = AliasDB.load(table)
    assert db.index_path is not None and db.index_path.startswith(str(tmp_path / "aliasdb-cache-"))
    assert db.resolve("Beloussov") is not None


BUILD_ONE = """
import sys
from aliasdb import AliasDB
db = AliasDB.load(sys.argv[1])
print(db.index_path, db.resolve("Biélooussov").id)
"""


def test_processes_building_the_same_cache_at_once_all_end_valid(table: Path, cache: Path) -> None:
    env = dict(os.environ, ALIASDB_CACHE=str(cache))
    procs = [subprocess.Popen([sys.executable, "-c", BUILD_ONE, str(table)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for _ in range(4)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
    assert {o.split()[1] for o, _ in outs} == {"person:andrei-belousov"}
    files = cached_files(cache)
    assert len(files) == 1 and not [f for f in cache.iterdir() if f.suffix == ".tmp"]
    read_index(files[0])


def test_threads_share_one_resolver(table: Path, cache: Path) -> None:
    db = AliasDB.load(table)
    AliasDB.load(table)
    shared = AliasDB.load(table)  # from the cache: records decoded lazily, while the threads run
    expected = answers(db)
    results: list[list[tuple[object, ...]]] = []

    def work() -> None:
        results.append(answers(shared))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 8


def test_threads_share_the_bulk_steps_of_one_resolver() -> None:
    # in a large index, candidates are gathered, looked up and tested in bulk (NumPy, with a pool
    # of scratch bitmaps): forced on every query of the shipped table, eight threads at once get
    # the answers one thread gets without them
    from unittest import mock

    import aliasdb.index.lookup
    import aliasdb.resolver.front

    db = AliasDB.default()
    names = sorted({n for e in db.entities for n in e.all_names})
    # (every 19th name: the shipped set has four times the names since places/)
    queries = [v for n in names[::19] for v in (n, n.lower(), n[:-1] + "x", " ".join(reversed(n.split())))]
    expected = [(m.id, m.score, m.method) if (m := db.resolve(q)) else None for q in queries]
    fresh = AliasDB.load(default_table_files())  # (the shipped set: aliases.yaml and places/)
    results: list[list[object]] = []

    def work() -> None:
        results.append([(m.id, m.score, m.method) if (m := fresh.resolve(q)) else None for q in queries])

    with mock.patch.object(aliasdb.index.lookup, "ARRAYS_FROM", 0), \
            mock.patch.object(aliasdb.index.lookup, "SEARCHED_FROM", 0), \
            mock.patch.object(aliasdb.resolver.cascade, "BATCHED_KOREAN_FROM", 0):
        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(queries) > 500 and results == [expected] * 8


GIVEN = ["Ivan", "Sergei", "Oleksandr", "Mykola", "Andrei", "Jong", "Kwang", "Min"]
SURNAMES = ["Petrov", "Shevchenko", "Kim", "Pak", "Lee", "Ivanov", "Kovalenko", "Choe", "Belousov"]


@st.composite
def tables(draw: st.DrawFn) -> list[Entity]:
    n = draw(st.integers(min_value=1, max_value=12))
    out = []
    for i in range(n):
        given, surname = draw(st.sampled_from(GIVEN)), draw(st.sampled_from(SURNAMES))
        extra = draw(st.lists(st.sampled_from([f"{surname} {given}", f"{given[0]}. {surname}", f"{surname}, {given}"]),
                              max_size=2, unique=True))
        out.append(Entity(id=f"person:p-{i}", kind="person", name=f"{given} {surname}", aliases=tuple(extra),
                          country=draw(st.sampled_from([None, "ru", "ua", "kr"]))))
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables(), st.lists(st.sampled_from(GIVEN + SURNAMES + ["Pietrov", "Shevtchenko", "Kovalenco", "x"]), max_size=3))
def test_property_compiled_index_answers_as_the_fresh_one(tmp_path: Path, entities: list[Entity], words: list[str]) -> None:
    fresh = AliasDB(entities)
    path = tmp_path / "p.adbx"
    fresh.save(path)
    loaded = AliasDB.load(path)
    for q in [" ".join(words), *(e.name for e in entities)]:
        assert loaded.resolve(q) == fresh.resolve(q)
        assert loaded.candidates(q) == fresh.candidates(q)


def test_writing_a_cache_removes_what_killed_builds_and_old_versions_left(table: Path, cache: Path) -> None:
    from aliasdb.index.cache import code_version as _version

    cache.mkdir()
    week, hours = 8 * 24 * 3600, 7 * 3600
    aged = {  # name → age in seconds, and whether it must stay
        f"small-{'a' * 20}-0.0.1+0123456789ab.adbx": (week, False),  # another version, unread for a week
        f"small-{'a' * 20}-0.0.1+0123456789ab.adbx.k2j4_x.tmp": (hours, False),  # a killed build
        f"small-{'b' * 20}-0.0.1+0123456789ab.adbx": (60, True),  # another version, recent
        f"small-{'b' * 20}-0.0.1+0123456789ab.adbx.zz9.tmp": (60, True),  # a build under way
        f"small-{'c' * 20}-{_version()}.adbx": (week, True),  # this version's: never removed
        "mine.adbx": (week, True), "notes.tmp": (week, True),  # not the cache's own names
    }
    for name, (age, _) in aged.items():
        path = cache / name
        path.write_bytes(b"x")
        os.utime(path, (path.stat().st_atime - age, path.stat().st_mtime - age))
    built = AliasDB.load(table)
    assert built.index_path is not None
    assert sorted(p.name for p in cache.iterdir()) == sorted([Path(built.index_path).name] +
                                                             [n for n, (_, stays) in aged.items() if stays])


def test_a_resolver_pickles_as_where_it_loads_from(table: Path, cache: Path) -> None:
    import multiprocessing
    import pickle
    from operator import methodcaller

    from aliasdb import Entity

    loaded = AliasDB.load(table)
    memory = AliasDB([Entity(id="person:ivan-sidorov", kind="person", name="Ivan Sidorov", aliases=("Иван Сидоров",))])
    again = pickle.loads(pickle.dumps(loaded))  # (a mapped index cannot be pickled as it is)
    assert len(pickle.dumps(loaded)) < 1000 and again.index_path == loaded.index_path and answers(again) == answers(loaded)
    assert pickle.loads(pickle.dumps(memory)).resolve("Ivan Sidorov").id == "person:ivan-sidorov"
    with multiprocessing.get_context("spawn").Pool(1) as pool:  # what spaCy's n_process does on macOS and Windows
        assert pool.apply(methodcaller("resolve", "Beloussov"), (loaded,)).id == "person:andrei-belousov"
        assert pool.apply(methodcaller("resolve", "Иван Сидоров"), (memory,)).id == "person:ivan-sidorov"
