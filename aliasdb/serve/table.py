"""The table a service answers from, and its reload: loaded whole, then swapped in one assignment,
so a request in flight keeps the table it started with and a table that fails to load leaves the
old one serving."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from dataclasses import dataclass, field

from aliasdb.resolver.front import AliasDB, default_table_path
from aliasdb.table.read import TableError
from aliasdb.text.annotator import Annotator

log = logging.getLogger("aliasdb.serve")


@dataclass(frozen=True)
class Loaded:
    """One loaded table: the resolver, its annotator, and what /version reports."""

    db: AliasDB
    annotator: Annotator
    path: str
    sha256: str
    #: held while annotating: the annotate budget counts this annotator's cache misses
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)


def load(path: str | None) -> Loaded:
    """Load a table or compiled index (the shipped table when ``path`` is None); ``TableError`` or
    ``OSError`` when it cannot be."""
    where = path or str(default_table_path())
    with open(where, "rb") as f:  # the content hash of what is served: a screening decision can be reproduced
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    db = AliasDB.load(where) if path else AliasDB.default()
    return Loaded(db, Annotator(db), where, digest)


def describe(exc: BaseException) -> str:
    """One line saying why a table did not load."""
    if isinstance(exc, TableError):
        first = exc.problems[0] if exc.problems else "unknown problem"
        more = f" (and {len(exc.problems) - 1} more problems)" if len(exc.problems) > 1 else ""
        return f"{first}{more}"
    if isinstance(exc, OSError):
        return f"{exc.filename or ''}: {exc.strerror or exc}"
    return f"{type(exc).__name__}: {exc}"


class Tables:
    """The table being served; ``reload()`` swaps in a fresh load of the same path."""

    def __init__(self, loaded: Loaded, path: str | None):
        self.current = loaded
        self._path = path
        self._reloading = threading.Lock()
        self.reloads = 0

    def reload(self) -> bool:
        """Load the table again; on failure keep the old one and log one error. True if swapped."""
        with self._reloading:
            try:
                if self._path is None:
                    fresh = self.current  # the shipped table does not change under a running service
                else:
                    db = AliasDB.load(self._path)
                    with open(self._path, "rb") as f:
                        digest = hashlib.file_digest(f, "sha256").hexdigest()
                    fresh = Loaded(db, Annotator(db), self._path, digest)
            except Exception as exc:  # noqa: BLE001 (any failure keeps the old table serving)
                log.error("aliasdb serve: reload of %s failed, still serving the table loaded before: %s",
                          self._path, describe(exc))
                return False
            self.current = fresh
            self.reloads += 1
            log.warning("aliasdb serve: reloaded %s (%d entities, sha256 %s) in process %d",
                        fresh.path, len(fresh.db), fresh.sha256[:12], os.getpid())
            return True
