"""Running the service: one socket bound by the parent, ``workers`` processes forked to serve it
(each with the table the parent loaded, shared copy-on-write), SIGHUP passed on to them to reload
the table, SIGINT and SIGTERM to stop them gracefully (requests in flight are finished)."""

from __future__ import annotations

import gc
import logging
import os
import signal
import socket
import sys
import threading
from typing import Any

from aliasdb.many.pool import BATCH_GC_THRESHOLD
from aliasdb.serve.limits import Limits
from aliasdb.serve.table import Tables, load

log = logging.getLogger("aliasdb.serve")


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _serve(app: Any, sock: socket.socket, tables: Tables, access_log: bool) -> None:
    """Serve in this process until SIGINT or SIGTERM; SIGHUP reloads the table in a thread."""
    import uvicorn

    def hup(signum: int, frame: object) -> None:
        threading.Thread(target=tables.reload, name="aliasdb-reload", daemon=True).start()

    if hasattr(signal, "SIGHUP"):  # (Windows has none: no reload there)
        signal.signal(signal.SIGHUP, hup)
    config = uvicorn.Config(app, lifespan="off", access_log=access_log, log_config=None, timeout_graceful_shutdown=30)
    uvicorn.Server(config).run(sockets=[sock])


def run(path: str | None, host: str, port: int, workers: int, limits: Limits, *, cors: str | None = None,
        api_key: str | None = None, access_log: bool = False) -> int:
    """Load the table, bind, and serve until stopped. ``TableError``/``OSError`` if the table or
    the address cannot be had (before anything is served)."""
    from aliasdb.serve.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    tables = Tables(load(path), path)
    app = create_app(tables, limits, cors=cors, api_key=api_key)
    # The table's objects live as long as the service: out of the collector's sight (and, frozen
    # before the fork, their pages stay shared), and the first threshold raised as a batch raises
    # it (parallel.BATCH_GC_THRESHOLD): the caches a service fills are long-lived too.
    gc.collect()
    gc.freeze()
    gc.set_threshold(max(gc.get_threshold()[0], BATCH_GC_THRESHOLD), *gc.get_threshold()[1:])
    sock = _bind(host, port)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    print(f"aliasdb serve: {len(tables.current.db)} entities from {tables.current.path} on http://{shown}:{bound} "
          f"({workers} worker{'s' if workers > 1 else ''}, process {os.getpid()})", file=sys.stderr, flush=True)
    if workers == 1:
        _serve(app, sock, tables, access_log)
        return 0
    return _supervise(app, sock, tables, workers, access_log)


def _supervise(app: Any, sock: socket.socket, tables: Tables, workers: int, access_log: bool) -> int:
    """Fork the workers, pass signals on, restart a worker that dies; return when told to stop."""
    children: set[int] = set()
    stopping = False
    reloaded = False  # a worker started after a SIGHUP loads the table afresh

    def start() -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            if reloaded:
                tables.reload()
            try:
                _serve(app, sock, tables, access_log)
            finally:
                os._exit(0)
        children.add(pid)

    def forward(signum: int, frame: object) -> None:
        nonlocal stopping, reloaded
        if signum == signal.SIGHUP:
            reloaded = True
        else:
            stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM if signum != signal.SIGHUP else signal.SIGHUP)
            except ProcessLookupError:
                pass

    for sig in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, forward)
    for _ in range(workers):
        start()
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        children.discard(pid)
        if not stopping:
            log.error("aliasdb serve: worker %d stopped (status %d); starting another", pid, status)
            start()
    return 0
