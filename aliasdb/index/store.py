"""Compiled index files, and the cache of them that makes a table load fast the second time.

A compiled file is a short JSON header and the index's flat arrays, each at an aligned offset.
Reading it maps the file and checks it: magic, format, sizes, bounds, and a CRC-32 of every
byte after the header. Nothing in it is ever executed (no pickle); a file that fails a check is
refused with ``IndexFileError``, and a cached one is rebuilt.

The cache lives in the user's cache directory (``ALIASDB_CACHE`` overrides it; ``ALIASDB_CACHE=off``
turns it off), one file per table content and aliasdb version. A file is written under a
temporary name and renamed into place, so two processes building the same cache at once both
end with a whole, valid file, and a reader never sees half of one.
"""

from __future__ import annotations

import errno
import json
import mmap
import os
import struct
import sys
import zlib
from functools import lru_cache

from aliasdb.index.lookup import SECTIONS, Index, blake2b
from aliasdb.kinds import KINDS
from aliasdb.limits import STALE_ENTRY_SECONDS, STALE_TEMP_SECONDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from os import PathLike

__all__ = ["IndexFileError", "MAGIC", "write_index", "read_index", "is_index_file", "cache_path", "table_digest", "tidy_cache"]

MAGIC = b"ALIASDBX"
FORMAT = 4  # 4: entities carry per-alias facts and external ids (issue #20)
_ALIGN = 64
_HEAD = struct.Struct("<8sII")  # magic, format, header length


class IndexFileError(ValueError):
    """A compiled index file that cannot be trusted: truncated, corrupted, or from another format."""


def is_index_file(path: str | PathLike[str]) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def table_digest(raw: bytes) -> str:
    return blake2b(raw, digest_size=16).hexdigest()


def write_index(index: Index, path: str | PathLike[str], *, source: str = "", digest: str = "", version: str = "") -> None:
    """Write an index to ``path`` atomically (temporary file in the same folder, then rename).
    A link is followed (the link stays); what is not a regular file (a device, a pipe) is never
    replaced: ``OSError``."""
    path = os.path.realpath(os.fspath(path))
    if os.path.exists(path) and not os.path.isfile(path):
        raise OSError(errno.EEXIST, "it exists and is not a regular file: give a file's path", path)
    layout: dict[str, list[int]] = {}
    offset = 0
    for name in SECTIONS:
        size = index.sections[name].nbytes
        layout[name] = [offset, size]
        offset += -(-size // _ALIGN) * _ALIGN
    crc = 0
    for name in SECTIONS:
        crc = zlib.crc32(index.sections[name], crc)
    # (ASCII, escapes and all: a path of undecodable bytes holds lone surrogates, which UTF-8 cannot)
    header = json.dumps({"format": FORMAT, "aliasdb": version, "source": source, "digest": digest,
                         "entities": len(index), "body": offset, "crc32": crc, "sections": layout}).encode()
    start = -(-(_HEAD.size + len(header)) // _ALIGN) * _ALIGN
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=os.path.basename(path) + ".", suffix=".tmp", dir=os.path.dirname(path) or ".")
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # (mkstemp's file is private; an index is shared as a table is)
        with os.fdopen(fd, "wb") as f:
            f.write(_HEAD.pack(MAGIC, FORMAT, len(header)) + header)
            f.write(b"\0" * (start - _HEAD.size - len(header)))
            for name in SECTIONS:
                data = index.sections[name]
                f.write(data)
                f.write(b"\0" * (-data.nbytes % _ALIGN))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


@lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0o22)  # (read by setting it: there is no other portable way)
    os.umask(mask)
    return mask


def read_index(path: str | PathLike[str], *, digest: str | None = None, version: str | None = None) -> tuple[Index, dict]:
    """Map and check a compiled index: (index, header). ``digest``/``version``, when given, must
    match the header's (a cache entry for another table or release is stale); a cache entry,
    written here and whole by its checksum, skips the slower check of its structure."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size < _HEAD.size:
                raise IndexFileError(f"{path}: not an aliasdb index (file too short)")
            magic, fmt, hlen = _HEAD.unpack(f.read(_HEAD.size))
            if magic != MAGIC:
                raise IndexFileError(f"{path}: not an aliasdb index (run 'aliasdb build TABLE -o INDEX' to make one)")
            if fmt != FORMAT:
                raise IndexFileError(f"{path}: index format {fmt}, this aliasdb reads format {FORMAT}; rebuild it")
            if hlen > min(size, 1 << 20):
                raise IndexFileError(f"{path}: truncated or corrupted header")
            try:
                header = json.loads(f.read(hlen))
                start = -(-(_HEAD.size + hlen) // _ALIGN) * _ALIGN
                body, crc, layout = int(header["body"]), int(header["crc32"]), header["sections"]
            except (ValueError, KeyError, TypeError, OverflowError, RecursionError):  # (Infinity; [[[...)
                raise IndexFileError(f"{path}: corrupted header") from None
            if digest is not None and header.get("digest") != digest:
                raise IndexFileError(f"{path}: built from another table")
            if version is not None and header.get("aliasdb") != version:
                raise IndexFileError(f"{path}: built by aliasdb {header.get('aliasdb')}, not {version}")
            if size != start + body:
                raise IndexFileError(f"{path}: {size} bytes, expected {start + body}: truncated or padded")
            mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except OSError as exc:
        raise IndexFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    whole = memoryview(mm)
    sections: dict[str, memoryview] = {}
    found = 0
    try:
        for name, typecode in SECTIONS.items():
            at, nbytes = (int(v) for v in layout[name])
            width = struct.calcsize(typecode)
            if at < 0 or nbytes < 0 or at + nbytes > body or nbytes % width:
                raise IndexFileError(f"{path}: section {name} out of bounds")
            view = whole[start + at : start + at + nbytes]
            found = zlib.crc32(view, found)
            sections[name] = view.cast(typecode)  # type: ignore[call-overload]
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        if isinstance(exc, IndexFileError):
            raise
        raise IndexFileError(f"{path}: corrupted section table") from None
    if found != crc:
        raise IndexFileError(f"{path}: checksum mismatch: the file is corrupted")
    if digest is None:
        _check_shape(sections, path)
    from aliasdb.index.validate import CorruptIndex, check

    try:  # (the content, checksum or not: a crafted or zeroed table is refused, see validate.py)
        check(sections, os.fspath(path), full=digest is None)
    except CorruptIndex as exc:
        raise IndexFileError(str(exc)) from None
    index = Index.from_sections(sections)
    index.path = os.fspath(path)
    return index, header


def _check_shape(s: dict[str, memoryview], path: str | PathLike[str]) -> None:
    """Offsets and ids stay inside their arrays, so that a crafted file can't make a lookup fail."""
    entities, records = len(s["ent_kind"]), len(s["rec_ent"])
    forms = len(s["f_off"]) - 1

    def offsets(name: str, count: int, values: str) -> None:
        off = s[name]
        if len(off) != count + 1 or off[0] != 0 or off[-1] != len(s[values]):
            raise IndexFileError(f"{path}: section {name} is inconsistent")

    for name, count, values in (("ent_off", entities, "ent_blob"), ("id_off", entities, "id_blob"),
                                ("rec_off", records, "rec_blob"), ("x_off", len(s["x_hash"]), "x_rec"),
                                ("w_off", len(s["w_hash"]), "w_rec"),
                                ("k_off", len(s["k_hash"]), "k_form"), ("f_off", forms, "f_rec"),
                                ("r_off", records, "r_form"), ("form_off", forms, "form_blob"),
                                ("p_off", records, "p_form"), ("g_off", records, "g_form")):
        offsets(name, count, values)
    for name, bound in (("rec_ent", entities), ("x_rec", records), ("w_rec", records), ("k_form", forms), ("f_rec", records),
                        ("r_form", forms), ("p_form", forms), ("g_form", forms), ("ent_kind", len(KINDS)), ("rec_fam", 3)):
        if len(s[name]) and max(s[name]) >= bound:
            raise IndexFileError(f"{path}: section {name} points outside the index")
    if len(s["g_bits"]) != len(s["g_form"]):
        raise IndexFileError(f"{path}: section g_bits is inconsistent")
    for name in ("ent_off", "id_off", "rec_off", "x_off", "w_off", "k_off", "f_off", "r_off", "form_off", "p_off", "g_off"):
        off = s[name]
        if any(off[i] > off[i + 1] for i in range(len(off) - 1)) if len(off) < 4096 else not _sorted(off):
            raise IndexFileError(f"{path}: section {name} is not in order")


def _sorted(view: memoryview) -> bool:
    """Non-decreasing, checked in C where NumPy is there (it always is: it builds indexes)."""
    import numpy as np

    a = np.frombuffer(view, dtype=np.uint64)
    return bool((a[1:] >= a[:-1]).all())


def cache_dir() -> str | None:
    """Where compiled tables are kept: ``ALIASDB_CACHE``, else the platform's user cache folder.
    (Paths are strings here: pathlib costs a one-shot lookup more than its lookup.)"""
    env = os.environ.get("ALIASDB_CACHE")
    if env:
        return None if env.lower() in ("off", "0", "no", "none") else env
    home = os.path.expanduser("~")
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local")
    elif sys.platform == "darwin":
        base = os.path.join(home, "Library", "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")
    return os.path.join(base, "aliasdb")


def cache_path(table: str | PathLike[str], digest: str, version: str) -> str | None:
    folder = cache_dir()
    if folder is None:
        return None
    name = os.path.basename(os.fspath(table))
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in os.path.splitext(name)[0])[:40]
    return os.path.join(folder, f"{stem}-{digest[:20]}-{version}.adbx")




def tidy_cache(folder: str, version: str) -> None:
    """Remove what killed builds and other versions left in the cache folder (never the entries of
    this version, whatever their age: another process may be reading one)."""
    import time

    now = time.time()
    try:
        names = os.listdir(folder)
    except OSError:
        return
    import re

    # (only names cache_path gives, and their temporary files: the folder may hold a user's own files)
    ours = re.compile(r"[\w-]{0,40}-[0-9a-f]{20}-(.+)\.adbx(\.\w+\.tmp)?")
    for name in names:
        path = os.path.join(folder, name)
        found = ours.fullmatch(name)
        if found is None or (not found[2] and found[1] == version):
            continue
        temp = bool(found[2])
        try:
            if now - os.stat(path).st_mtime > (STALE_TEMP_SECONDS if temp else STALE_ENTRY_SECONDS):
                os.unlink(path)
        except OSError:
            pass  # (gone already, or not ours to remove)
