"""Resolve a column of a Dask DataFrame, partition by partition, on whatever cluster runs it.

    pip install aliasdb[dask]
    out = aliasdb.many.dask.resolve_column(ddf, "name")   # adds aliasdb_id, aliasdb_name, aliasdb_score, aliasdb_method

Loading a table is the expensive step (seconds for the shipped one; a resolver pickles to
megabytes), so the task graph carries only the path of the table, or of its compiled index
when the client's ``AliasDB`` has one, and each worker process loads it once into a
module-level cache shared by all its threads and partitions. The file must therefore be
readable at that path on every worker.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

try:
    import dask.dataframe as dd
    import pandas as pd
except ImportError as exc:
    raise ImportError(f"aliasdb.many.dask needs dask[dataframe] ({exc.name or exc} is missing): pip install aliasdb[dask]") \
        from exc

# loading by path lives in aliasdb.many.pool, shared with the local process pool; the names stay here for tests
from aliasdb.kinds import check_kind
from aliasdb.many.pool import Source, resolve_names
from aliasdb.many.pool import load as _load
from aliasdb.many.pool import loads as _loads  # noqa: F401
from aliasdb.many.pool import open_source as _open  # noqa: F401
from aliasdb.many.pool import source_of as _source
from aliasdb.resolver.front import AliasDB  # noqa: F401

__all__ = ["resolve_column"]

#: The columns added, after the prefix, and their dtypes: strings are None and the score NaN when unresolved.
FIELDS = (("id", "object"), ("name", "object"), ("score", "float64"), ("method", "object"))


def _resolve_partition(part: pd.DataFrame, *, column: Any, source: Source, kind: str | None,
                       names: tuple[str, ...]) -> pd.DataFrame:
    """Resolve one partition; a cell that is not a ``str`` (None, NaN, a number) is left unresolved."""
    matches = resolve_names(_load(source), part[column], kind)
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
    check_kind(kind)
    names = tuple(prefix + field for field, _ in FIELDS)
    taken = [n for n in names if n in columns]
    if taken:
        raise ValueError(f"the DataFrame already has column {taken[0]!r}; pass another prefix")
    meta = ddf._meta.assign(**{n: pd.Series(dtype=dtype) for n, (_, dtype) in zip(names, FIELDS, strict=True)})
    # One partial carries the arguments: dask does not look inside it for keys or tasks.
    resolve = functools.partial(_resolve_partition, column=column, source=_source(table), kind=kind, names=names)
    return ddf.map_partitions(resolve, meta=meta)
