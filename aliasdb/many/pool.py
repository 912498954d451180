"""Resolving in other processes, each of which loads the table once, by path.

Loading a table is the expensive step (seconds for the shipped one; a resolver pickles to
megabytes), so what crosses to another process is a ``Source``: the path of the table, or of
its compiled index, which loads in milliseconds. Each process loads it once into a module-level
cache shared by all its threads, and anew when the file changes. Dask workers (``aliasdb.many.dask``)
and the local process pool of ``AliasDB.resolve_many`` and ``aliasdb resolve -j`` both use it.

``map_chunks`` resolves chunks of names on such a pool, in input order, with a bounded number
of chunks in flight: a stream of any length goes through in constant memory.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple, TypeVar

from aliasdb.index import store
from aliasdb.index.cache import code_version
from aliasdb.limits import BATCH_GC_THRESHOLD, IN_FLIGHT_PER_WORKER, MAX_CACHED
from aliasdb.model import Match
from aliasdb.resolver.front import AliasDB

__all__ = ["Source", "source_of", "load", "map_chunks", "resolve_names", "WorkerError", "max_workers"]


T = TypeVar("T")


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


def source_of(table: str | Path | None) -> Source:
    """On the client: load the table once (so a broken one fails here, with its problems named)
    and say what the workers should load, preferring a compiled index."""
    if table is not None and not isinstance(table, (str, Path)):
        raise TypeError(f"table must be a path or None, not {type(table).__name__}")
    db = AliasDB.default() if table is None else AliasDB.load(table)
    index = getattr(db, "index_path", None)
    table_path = None if table is None else os.path.abspath(table)
    path = os.path.abspath(index) if index else table_path
    return Source(path, table_path, _stamp(path))


def open_source(source: Source) -> AliasDB:
    if source.path is not None and (source.path == source.table or os.path.isfile(source.path)):
        return AliasDB.load(source.path)
    return AliasDB.load(source.table) if source.table is not None else AliasDB.default()


def load(source: Source) -> AliasDB:
    """In a worker: the resolver for ``source``, loaded at most once per process (per version of the file)."""
    cached = _cache.get(source.path)
    if cached is not None and cached[0] == source.stamp:
        return cached[1]
    with _lock:
        cached = _cache.get(source.path)
        if cached is not None and cached[0] == source.stamp:
            return cached[1]
        db = open_source(source)
        _cache.pop(source.path, None)
        while len(_cache) >= MAX_CACHED:
            del _cache[next(iter(_cache))]
        _cache[source.path] = (source.stamp, db)
        _load_counts[source.path] = _load_counts.get(source.path, 0) + 1
        return db


def loads() -> dict[str | None, int]:
    """How many times this process has loaded each path (for tests)."""
    with _lock:
        return dict(_load_counts)


_gc_lock = threading.Lock()
_gc_batches = 0
_gc_saved: tuple[int, ...] = ()


@contextmanager
def _batch_gc() -> Iterator[None]:
    global _gc_batches, _gc_saved
    with _gc_lock:
        if _gc_batches == 0:
            _gc_saved = gc.get_threshold()
            if _gc_saved[0]:  # 0: the caller turned collection off; leave it so
                gc.set_threshold(max(_gc_saved[0], BATCH_GC_THRESHOLD), *_gc_saved[1:])
        _gc_batches += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_batches -= 1
            if _gc_batches == 0:
                gc.set_threshold(*_gc_saved)


def resolve_names(db: AliasDB, names: Iterable[object], kind: str | None) -> list[Match | None]:
    """``db.resolve`` of each name, each distinct name once; anything not a ``str`` is left unresolved (None)."""
    seen: dict[str, Match | None] = {}
    out: list[Match | None] = []
    with _batch_gc():
        for name in names:
            if not isinstance(name, str):
                out.append(None)
                continue
            if name not in seen:
                seen[name] = db.resolve(name, kind=kind)
            out.append(seen[name])
    return out


def _start_worker(source: Source, parent: int | None = None, main_thread: bool = False) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: no traceback per worker
    if parent is not None:  # a parent killed outright (SIGKILL, out of memory) leaves no worker running
        from aliasdb.many.orphans import die_with

        die_with(parent, main_thread)
    load(source)


def _resolve_chunk(source: Source, names: Sequence[object], kind: str | None) -> list[Match | None]:
    return resolve_names(load(source), names, kind)


@contextmanager
def _pool_source(db: AliasDB) -> Iterator[Source]:
    """A file the workers can load ``db`` from: its compiled index, or one written for the pool's lifetime."""
    if db.index_path and os.path.isfile(db.index_path):
        path = os.path.abspath(db.index_path)
        yield Source(path, path, _stamp(path))
        return
    with tempfile.TemporaryDirectory(prefix="aliasdb-pool-") as folder:
        path = os.path.join(folder, "table.adbx")
        store.write_index(db.index, path, source=db.source, version=code_version())
        yield Source(path, path, _stamp(path))


def max_workers() -> int:
    """Worker processes a pool takes at most: one per CPU (more only share them, and each loads the
    table), and 2 on a machine of one."""
    return max(os.cpu_count() or 1, 2)


def map_chunks(db: AliasDB, chunks: Iterable[tuple[T, Sequence[object]]], *, kind: str | None = None,
               workers: int = 1) -> Iterator[tuple[T, list[Match | None]]]:
    """For each (payload, names) chunk, in order: (payload, the match of each name), resolved on
    ``workers`` processes (in this one when 1). Chunks are read from ``chunks`` only as results are
    taken, so the payload (the records the names came from) never leaves this process."""
    workers = min(workers, max_workers())
    if workers <= 1:
        for payload, names in chunks:
            yield payload, resolve_names(db, names, kind)
        return
    # spawn, not fork: a forked copy of a process with threads (tqdm's, Dask's, the caller's) can hang
    context = multiprocessing.get_context("spawn")
    with _pool_source(db) as src:
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                   initargs=(src, os.getpid(), threading.current_thread() is threading.main_thread()))
        pending: deque[tuple[T, Future[list[Match | None]]]] = deque()
        try:
            for payload, names in chunks:
                pending.append((payload, pool.submit(_resolve_chunk, src, names, kind)))
                if len(pending) >= IN_FLIGHT_PER_WORKER * workers:
                    done, future = pending.popleft()
                    yield done, future.result()
            while pending:
                done, future = pending.popleft()
                yield done, future.result()
        except BrokenProcessPool as exc:
            _stop(pool)
            raise WorkerError(f"a worker process stopped ({exc}); the names it held were not resolved") from None
        except BaseException:  # Ctrl-C, a closed pipe, the caller's own error: stop, do not wait
            _stop(pool)
            raise
        pool.shutdown(wait=True)


class WorkerError(RuntimeError):
    """A worker process of ``resolve_many`` or ``aliasdb resolve -j`` ended before its work was done
    (killed, or out of memory)."""


def _stop(pool: ProcessPoolExecutor) -> None:
    """End a pool now: queued work dropped, workers terminated. A second Ctrl-C while this runs is
    ignored: landing inside the pool's own shutdown, it left the workers waiting and the exit hung."""
    main = threading.current_thread() is threading.main_thread()
    old = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        workers = list((getattr(pool, "_processes", None) or {}).values())  # (before shutdown forgets them)
        manager = getattr(pool, "_executor_manager_thread", None)
        pool.shutdown(wait=False, cancel_futures=True)
        for p in workers:
            p.terminate()
        for p in workers:
            p.join(5)
        if manager is not None:  # (left closing its pipe, it raced the exit's own wake-up of it: "Bad file descriptor")
            manager.join(5)
    finally:
        if main:
            signal.signal(signal.SIGINT, old)
