"""An index is validated, not trusted: a file with a right checksum and wrong content (crafted, or
a table zeroed) is one ``Error:`` line and exit 2, or a cache entry rebuilt; the cache is keyed by
content, and a folder that cannot hold it is said once and replaced."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aliasdb import AliasDB, TableError, cli
from aliasdb.index import cache as cache_module
from aliasdb.index import store, validate
from aliasdb.index.cache import code_version as _version
from aliasdb.index.lookup import SECTIONS
from aliasdb.index.store import FORMAT, read_index
from aliasdb.index.validate import CorruptIndex

from conftest import SMALL_TABLE, aliasdb_command, run_cli

NAMES = ["Poutine", "Moscou", "Kim Jong-un", "Choe", "Busan", "Сергей Шойгу", "Biélooussov", "GRU", "Kurks", "Nobody"]


def rewrite(path: Path, section: str, change: Callable[[bytearray], None]) -> None:
    """Change one section's bytes in place, then make the checksum right again (as a crafter would)."""
    data = bytearray(path.read_bytes())
    _, _, hlen = struct.unpack_from("<8sII", data)
    header = json.loads(data[16 : 16 + hlen])
    start = -(-(16 + hlen) // 64) * 64
    at, size = header["sections"][section]
    piece = bytearray(data[start + at : start + at + size])
    change(piece)
    data[start + at : start + at + size] = piece
    crc = 0
    for name in SECTIONS:
        off, n = header["sections"][name]
        crc = zlib.crc32(bytes(data[start + off : start + off + n]), crc)
    header["crc32"] = crc
    raw = json.dumps(header, separators=(",", ":")).encode()
    assert len(raw) <= hlen
    raw += b" " * (hlen - len(raw))  # (the same length: where the body starts follows from it)
    data[8:16] = struct.pack("<II", FORMAT, len(raw))
    data[16:start] = raw + b"\0" * (start - 16 - len(raw))
    path.write_bytes(bytes(data))


def _save(db: AliasDB, path: Path) -> None:
    """``db.save`` without its side effect (it points the session's resolver at the file, which is then damaged)."""
    store.write_index(db._index, path, source=db.source)


def zero(piece: bytearray) -> None:
    piece[:] = bytes(len(piece))


@pytest.fixture()
def built(tmp_path: Path, small: AliasDB) -> Path:
    path = tmp_path / "small.adbx"
    _save(small, path)
    return path


def test_a_crafted_index_with_a_right_checksum_is_one_error_line(built: Path) -> None:
    def bad_utf8(piece: bytearray) -> None:
        piece[5:9] = b"\xff\xfe\xff\xfe"

    rewrite(built, "rec_blob", bad_utf8)
    r = run_cli("lookup", "Poutine", "--aliases", str(built))
    err = r.stderr.decode()
    assert r.returncode == 2 and err.count("\n") == 1 and err.startswith("Error: the table cannot be loaded: "), err
    assert "corrupted content" in err and "Traceback" not in err


@pytest.mark.parametrize("section", ["x_hash", "k_hash", "x_rec", "f_rec", "k_form"])
def test_a_zeroed_table_is_refused_not_answered_from(built: Path, section: str) -> None:
    rewrite(built, section, zero)
    with pytest.raises(TableError, match="corrupted content"):
        AliasDB.load(built)


def test_a_zeroed_cache_entry_is_rebuilt_and_answers_right(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIASDB_CACHE", str(tmp_path / "cache"))
    table = tmp_path / "small.yaml"
    table.write_text(SMALL_TABLE, encoding="utf-8")
    entry = Path(AliasDB.load(table).index_path or "")
    rewrite(entry, "k_hash", zero)
    with pytest.raises(Exception, match="not sorted"):
        read_index(entry, digest=json.loads(entry.read_bytes()[16:2000].split(b"\0")[0])["digest"])
    db = AliasDB.load(table)
    assert db.index_path == str(entry) and [(db.resolve(n) or db).__dict__.get("id") for n in ("Poutine", "Choïgou")] == [
        "person:vladimir-putin", "person:sergei-shoigu"]
    read_index(entry)  # (whole again)


def test_a_cache_entry_that_fails_as_it_is_read_is_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Past the sample checked on opening, an entity is checked as it is read: one line, exit 2, and
    the entry is gone, so that the next run builds it anew."""
    monkeypatch.setenv("ALIASDB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(validate, "SAMPLE", 1)  # (only the first and last entity checked on opening)
    table = tmp_path / "small.yaml"
    table.write_text(SMALL_TABLE, encoding="utf-8")
    db = AliasDB.load(table)
    entry = Path(db.index_path or "")
    i = db._index.find("person:vladimir-putin")
    assert i is not None and 0 < i < len(db) - 1
    start, end = db._index._ent_off[i], db._index._ent_off[i + 1]

    def garble(piece: bytearray) -> None:
        piece[start:end] = b"[" + b" " * (end - start - 2) + b"]"

    rewrite(entry, "ent_blob", garble)
    assert cli.main(["lookup", "Poutine", "--aliases", str(table)]) == 2
    err = capsys.readouterr().err
    assert err == (f"Error: {entry}: corrupted content: an entity's record is malformed; it was a cached copy, now "
                   "removed: run the command again to rebuild it\n")
    assert not entry.exists()
    assert cli.main(["lookup", "Poutine", "--aliases", str(table)]) == 0 and entry.exists()


SECTION_NAMES = sorted(SECTIONS)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(SECTION_NAMES), st.lists(st.tuples(st.integers(0, 1 << 30), st.integers(0, 255)), min_size=1,
                                                 max_size=4), st.booleans())
def test_fuzz_a_rewritten_index_is_refused_or_answers_without_a_traceback(tmp_path_factory: pytest.TempPathFactory,
                                                                         small: AliasDB, section: str,
                                                                         edits: list[tuple[int, int]], cached: bool) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "small.adbx"
    _save(small, path)

    def edit(piece: bytearray) -> None:
        for at, value in edits:
            if piece:
                piece[at % len(piece)] = value

    rewrite(path, section, edit)
    saved = validate.SAMPLE
    validate.SAMPLE = 2  # (a sample far smaller than the table, as a large table's is)
    try:  # a cache entry (sampled checks) or a file passed by the user (every element checked)
        index, _ = read_index(path, digest="" if cached else None)
    except ValueError as exc:
        assert "corrupted" in str(exc) or "outside" in str(exc) or "inconsistent" in str(exc) or "order" in str(exc), exc
        return
    finally:
        validate.SAMPLE = saved
    db = AliasDB._from_index(index, str(path), str(path))
    try:
        for name in NAMES:
            db.resolve(name)
            db.candidates(name)
        for i in range(len(db)):
            db.get(db._index.entity_id(i))
    except CorruptIndex:
        pass
    except LookupError:  # (an id changed: the one looked for is not there)
        pass


def test_the_cache_key_is_the_code_not_its_file_times() -> None:
    model = Path(cli.__file__).with_name("model.py")
    before = _version.__wrapped__()  # type: ignore[attr-defined]
    st = model.stat()
    try:
        os.utime(model, ns=(st.st_atime_ns, st.st_mtime_ns + 10**12))
        assert _version.__wrapped__() == before  # type: ignore[attr-defined]
    finally:
        os.utime(model, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_an_unusable_cache_folder_is_said_once_and_a_private_one_used(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    table = tmp_path / "small.yaml"
    table.write_text(SMALL_TABLE, encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "ALIASDB_CACHE": str(blocked), "TMPDIR": str(temp)}
    runs = [subprocess.run([aliasdb_command(), "lookup", "Poutine", "--aliases", str(table)], capture_output=True, env=env,
                           timeout=120) for _ in range(2)]
    fallback = temp / f"aliasdb-cache-{os.getuid()}"
    for r in runs:
        assert r.returncode == 0 and r.stdout.startswith(b"person:vladimir-putin\t")
        assert r.stderr.decode() == (f"aliasdb: the cache folder {blocked} cannot be used (not a folder); compiled "
                                     f"tables are kept in {fallback} instead\n")
    entries = list(fallback.glob("small-*.adbx"))
    assert len(entries) == 1 and oct(fallback.stat().st_mode & 0o777) == "0o700"


def test_a_fallback_folder_another_user_may_write_in_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    shared = tmp_path / f"aliasdb-cache-{os.getuid()}"
    shared.mkdir()
    shared.chmod(0o777)
    assert cache_module.fallback_folder() is None
    shared.chmod(0o700)
    assert cache_module.fallback_folder() == str(shared)
