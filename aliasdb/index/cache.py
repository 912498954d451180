"""Where a table's compiled copy is cached (``store.cache_path``), and what happens when that
folder cannot be used: it is said once, on stderr, and the copy goes to a private folder in the
system's temporary folder instead, so that the next run is quick still; when that fails too, the
table is compiled in memory, run after run.

An entry already in the usual folder is read even when the folder is read-only (a cache shared
read-only); only writing needs the fallback.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache

from aliasdb.index import store
from aliasdb.index.lookup import blake2b
from aliasdb.model import __version__
from aliasdb.table.read import table_format

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from os import PathLike
    from typing import Any

__all__ = ["cache_entry", "write_entry", "fallback_folder", "code_version", "table_cache_digest", "stamped", "PACKAGE"]

_folders: dict[str, str | None] = {}  # each folder tried, and the one used instead (None: none)


#: The aliasdb package folder.
PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@lru_cache(maxsize=1)
def code_version() -> str:
    """The release and a fingerprint of the code: an index is reused only by the code that built it."""
    files = sorted(os.path.join(folder, name) for folder, _, names in os.walk(PACKAGE)
                   for name in names if name.endswith(".py"))

    def fingerprint() -> str:
        code = blake2b(digest_size=6)
        for f in files:  # their bytes, not their times: a reinstall of the same code keeps its cache
            with open(f, "rb") as src:
                code.update(f"{os.path.relpath(f, PACKAGE)}:".encode() + src.read() + b";")
        return code.hexdigest()

    return f"{__version__}+{stamped('code:' + PACKAGE, files, fingerprint)}"


def table_cache_digest(path: str | PathLike[str], raw: bytes) -> str:
    """What a table's cached index is filed under: its bytes, and its format (the same bytes
    read as CSV and as YAML are two tables)."""
    return store.table_digest(table_format(path).encode() + b"\n" + raw)


#: The file of stamps in the cache folder, and how many it keeps (the newest).
STAMPS, STAMPS_KEPT = "stamps.json", 256


def stamped(key: str, files: list[str], digest: Callable[[], str]) -> str:
    """``digest()`` of these files' bytes, remembered in the cache folder under what ``os.stat``
    says of each (size, times, inode): a one-shot lookup then reads no table and no code to know
    which cached index is its own (reading and hashing them was a tenth of it). The change time
    cannot be set back by a program, so an edited file has a new stamp; a file changed within the
    last two seconds is not stamped (an edit in the same clock tick would look unchanged), as
    git does for its index. Without a usable cache folder, ``digest()``."""
    folder = store.cache_dir()
    try:
        stats = [os.stat(f) for f in files]
    except OSError:
        return digest()
    if folder is None:
        return digest()
    seal = blake2b(repr([(os.path.abspath(f), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
                         for f, st in zip(files, stats, strict=True)]).encode(), digest_size=16).hexdigest()
    path = os.path.join(folder, STAMPS)
    stamps = _read_stamps(path)
    known = stamps.get(key)
    if isinstance(known, list) and len(known) == 2 and known[0] == seal and isinstance(known[1], str):
        return known[1]
    value = digest()
    import time

    if all(time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > 2_000_000_000 for st in stats):
        stamps.pop(key, None)
        stamps[key] = [seal, value]
        _write_stamps(path, dict(list(stamps.items())[-STAMPS_KEPT:]))
    return value


def _read_stamps(path: str) -> dict[str, Any]:
    import json

    try:
        with open(path, "rb") as f:
            stamps = json.loads(f.read(1 << 20))
    except (OSError, ValueError, RecursionError):
        return {}
    return stamps if isinstance(stamps, dict) else {}


def _write_stamps(path: str, stamps: dict[str, Any]) -> None:
    """Written whole or not at all (another process may be reading it); a failure costs time only."""
    import json

    temp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temp, "w", encoding="utf-8") as f:
            json.dump(stamps, f)
        os.replace(temp, path)
    except OSError:
        try:
            os.unlink(temp)
        except OSError:
            pass


def write_entry(index: Any, target: str, source: str, digest: str) -> bool:
    """Write a table's compiled index as its cache entry (and tidy the folder); False when it
    cannot be written, which costs time, never an answer."""
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        store.write_index(index, target, source=source, digest=digest, version=code_version())
        store.tidy_cache(os.path.dirname(target), code_version())
    except OSError:
        return False
    return True


def cache_entry(table: str, digest: str, version: str) -> str | None:
    """The cache file for this table's content and this code, in a folder that can be used; None
    when caching is off or no folder can be used."""
    path = store.cache_path(table, digest, version)
    if path is None or os.path.isfile(path):
        return path
    folder = os.path.dirname(path)
    if folder not in _folders:
        _folders[folder] = _usable(folder)
    use = _folders[folder]
    return None if use is None else os.path.join(use, os.path.basename(path))


def _usable(folder: str) -> str | None:
    why = _unusable(folder)
    if why is None:
        return folder
    fallback = fallback_folder()
    then = f"compiled tables are kept in {fallback} instead" if fallback else \
        "tables are compiled in memory on every run (set ALIASDB_CACHE to a writable folder, or to off)"
    print(f"aliasdb: the cache folder {folder} cannot be used ({why}); {then}", file=sys.stderr)
    return fallback


def _unusable(folder: str) -> str | None:
    """Why files cannot be written in ``folder`` (made if missing); None when they can."""
    if os.path.exists(folder) and not os.path.isdir(folder):
        return "not a folder"
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        return exc.strerror or str(exc)
    if not os.access(folder, os.W_OK | os.X_OK):
        return "not writable"
    return None


def fallback_folder() -> str | None:
    """A folder of this user's own in the temporary folder (made private; refused when another
    user owns it or may write in it: a planted index would be read)."""
    import stat
    import tempfile

    folder = os.path.join(tempfile.gettempdir(), f"aliasdb-cache-{os.getuid() if hasattr(os, 'getuid') else 'user'}")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_mode & 0o022 or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
        return None
    return folder if _unusable(folder) is None else None
