"""Worker processes that end with their parent: none is left running when the parent is killed.

A worker of ``aliasdb resolve -j`` or ``resolve_many(workers=N)`` calls ``die_with(parent)`` first.
On Linux it asks the kernel for SIGKILL when the thread that started it ends
(``prctl(PR_SET_PDEATHSIG)``; only when that thread is the parent's main thread, whose end is the
process's); everywhere, a daemon thread checks every ``WATCH_SECONDS`` that its parent is still
the same process, and ends the worker when not. With the workers gone, the last copies of the
multiprocessing resource tracker's pipe close, and the tracker ends too.
"""

from __future__ import annotations

import os
import threading
import time

from aliasdb.limits import WATCH_SECONDS

__all__ = ["die_with", "WATCH_SECONDS"]

_PR_SET_PDEATHSIG = 1


def _parent_death_signal() -> bool:
    """Ask Linux to kill this process when its parent (thread) ends; False where it cannot."""
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while True:
        time.sleep(WATCH_SECONDS)
        if os.getppid() != parent:
            os._exit(1)  # (no clean-up to do: the work it held is lost with the parent anyway)


def die_with(parent: int, main_thread: bool) -> None:
    """End this process when process ``parent`` ends. ``main_thread``: whether the parent started
    it from its main thread (else the kernel's signal would come when that thread ends)."""
    if main_thread:
        _parent_death_signal()
    if os.getppid() != parent:  # (it died before the signal was asked for)
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="aliasdb-orphan-watch", daemon=True).start()
