"""Resolve a column of a Dask DataFrame, partition by partition, on whatever cluster runs it.

    pip install aliasdb[dask]
    out = aliasdb.dask.resolve_column(ddf, "name")   # adds aliasdb_id, aliasdb_name, aliasdb_score, aliasdb_method

Loading a table is the expensive step (seconds for the shipped one; a resolver pickles to
megabytes), so the task graph carries only the path of the table, or of its compiled index
when the client's ``AliasDB`` has one, and each worker process loads it once into a
module-level cache shared by all its threads and partitions. The file must therefore be
readable at that path on every worker.
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path
from typing import Any, NamedTuple

try:
    import dask.dataframe as dd
    import pandas as pd
except ImportError as exc:
    raise ImportError(f"aliasdb.dask needs dask[dataframe] ({exc.name or exc} is missing): pip install aliasdb[dask]") \
        from exc

from aliasdb.db import AliasDB, _check_kind
from aliasdb.model import Match

__all__ = ["resolve_column"]

#: The columns added, after the prefix, and their dtypes: strings are None and the score NaN when unresolved.
FIELDS = (("id", "object"), ("name", "object"), ("score", "float64"), ("method", "object"))
#: Tables a worker keeps loaded at once; the oldest loaded is dropped beyond this.
MAX_CACHED = 4


class Source(NamedTuple):
    """What a worker loads, as plain data that pickles to a few bytes."""

    path: str | None  # the compiled index or table to load; None is the shipped table of the worker's aliasdb
    table: str | None  # the table, loaded when ``path`` is an index the worker does not have (None: shipped)
    stamp: tuple[int, int] | None  # (mtime_ns, size) of the file on the client: an edited table is loaded anew


_lock = threading.Lock()
_cache: dict[str | None, tuple[tuple[int, int] | None, AliasDB]] = {}
_load_counts: dict[str | None, int] = {}


def _stamp(path: str | None) -> tuple[int, int] | None:
    if path is None:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _source(table: str | Path | None) -> Source:
    """On the client: load the table once (so a broken one fails here, with its problems named)
    and say what the workers should load, preferring a compiled index."""
    if table is not None and not isinstance(table, (str, Path)):
        raise TypeError(f"table must be a path or None, not {type(table).__name__}")
    db = AliasDB.default() if table is None else AliasDB.load(table)
    index = getattr(db, "index_path", None)
    table_path = None if table is None else os.path.abspath(table)
    path = os.path.abspath(index) if index else table_path
    return Source(path, table_path, _stamp(path))


def _open(source: Source) -> AliasDB:
    if source.path is not None and (source.path == source.table or os.path.isfile(source.path)):
        return AliasDB.load(source.path)
    return AliasDB.load(source.table) if source.table is not None else AliasDB.default()


def _load(source: Source) -> AliasDB:
    """On a worker: the resolver for ``source``, loaded at most once per process (per version of the file)."""
    cached = _cache.get(source.path)
    if cached is not None and cached[0] == source.stamp:
        return cached[1]
    with _lock:
        cached = _cache.get(source.path)
        if cached is not None and cached[0] == source.stamp:
            return cached[1]
        db = _open(source)
        _cache.pop(source.path, None)
        while len(_cache) >= MAX_CACHED:
            del _cache[next(iter(_cache))]
        _cache[source.path] = (source.stamp, db)
        _load_counts[source.path] = _load_counts.get(source.path, 0) + 1
        return db


def _loads() -> dict[str | None, int]:
    """How many times this process has loaded each path (for tests: ``client.run(aliasdb.dask._loads)``)."""
    with _lock:
        return dict(_load_counts)


def _resolve_partition(part: pd.DataFrame, *, column: Any, source: Source, kind: str | None,
                       names: tuple[str, ...]) -> pd.DataFrame:
    """Resolve one partition; a cell that is not a ``str`` (None, NaN, a number) is left unresolved."""
    db = _load(source)
    seen: dict[str, Match | None] = {}
    matches: list[Match | None] = []
    for value in part[column]:
        if isinstance(value, str):
            if value not in seen:
                seen[value] = db.resolve(value, kind=kind)
            matches.append(seen[value])
        else:
            matches.append(None)
    values = (
        [m.id if m else None for m in matches],
        [m.name if m else None for m in matches],
        [m.score if m else float("nan") for m in matches],
        [m.method if m else None for m in matches],
    )
    return part.assign(**{name: pd.Series(v, index=part.index, dtype=dtype)
                          for name, v, (_, dtype) in zip(names, values, FIELDS, strict=True)})


def resolve_column(ddf: dd.DataFrame, column: Any, *, table: str | Path | None = None, kind: str | None = None,
                   prefix: str = "aliasdb_") -> dd.DataFrame:
    """A new Dask DataFrame with ``{prefix}id``, ``{prefix}name``, ``{prefix}score`` and ``{prefix}method``
    added: the match of each cell of ``column`` (None and NaN where nothing, or several entities, match).

    ``table`` is a table or compiled index file, readable at the same path on every worker
    (None: the shipped table). The client loads it here, so a broken table fails at once; the
    workers resolve the partitions when you call ``.compute()`` or ``.persist()``.
    """
    if not isinstance(ddf, dd.DataFrame):
        raise TypeError(f"expected a dask DataFrame, not {type(ddf).__name__} (dask.dataframe.from_pandas makes one)")
    columns = list(ddf.columns)
    if column not in columns:
        shown = ", ".join(repr(c) for c in columns[:50]) + (f" and {len(columns) - 50} more" if len(columns) > 50 else "")
        raise KeyError(f"no column {column!r} in the DataFrame; its columns are: {shown or 'none'}")
    if columns.count(column) > 1:
        raise ValueError(f"the DataFrame has {columns.count(column)} columns named {column!r}; rename them first")
    if not isinstance(prefix, str):
        raise TypeError(f"prefix must be a str, not {type(prefix).__name__}")
    _check_kind(kind)
    names = tuple(prefix + field for field, _ in FIELDS)
    taken = [n for n in names if n in columns]
    if taken:
        raise ValueError(f"the DataFrame already has column {taken[0]!r}; pass another prefix")
    meta = ddf._meta.assign(**{n: pd.Series(dtype=dtype) for n, (_, dtype) in zip(names, FIELDS, strict=True)})
    # One partial carries the arguments: dask does not look inside it for keys or tasks.
    resolve = functools.partial(_resolve_partition, column=column, source=_source(table), kind=kind, names=names)
    return ddf.map_partitions(resolve, meta=meta)
