"""A killed ``aliasdb resolve -j 2`` leaves no process behind: neither its workers nor the
multiprocessing resource tracker."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import aliasdb_command

#: How long the orphans may outlive their parent, once started: the watch's period, and slack for a
#: loaded machine (0.05 s here when idle; a worker still starting up when its parent dies ends as
#: soon as it starts, which on a loaded machine can take seconds).
GRACE_SECONDS = 3.0


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                kids = {int(c) for c in (task / "children").read_text().split()}
                todo.extend(kids - found)
                found |= kids
        except OSError:
            pass
    return found


def _watching(pid: int) -> set[int]:
    """The descendants that run more than one thread: the workers, once started."""
    found = set()
    for p in _descendants(pid):
        try:
            if len(list(Path(f"/proc/{p}/task").iterdir())) > 1:
                found.add(p)
        except OSError:
            pass
    return found


def _running(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to find the workers")
def test_sigkill_of_the_parent_leaves_no_worker_or_tracker(tmp_path: Path, small_table_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with open(out, "wb") as sink:
        run = subprocess.Popen([aliasdb_command(), "resolve", "--no-progress", "-j", "2", "--aliases", str(small_table_path)],
                               stdin=subprocess.PIPE, stdout=sink, stderr=subprocess.DEVNULL)
        assert run.stdin is not None
        try:
            run.stdin.write(b"".join(b"Ivan Petrovich Sidorov%d\n" % i for i in range(5000)))
            run.stdin.flush()  # (and the pipe stays open: the run waits for more)
            deadline = time.monotonic() + 120
            # two workers past their start (each has its watch thread, a second thread; the tracker has one)
            while len(_watching(run.pid)) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            left = _descendants(run.pid)
            assert len(_watching(run.pid)) == 2 and len(left) >= 3, left
            run.kill()
            run.wait(10)
            killed = time.monotonic()
            while any(_running(p) for p in left) and time.monotonic() - killed < GRACE_SECONDS:
                time.sleep(0.05)
            took = time.monotonic() - killed
            alive = [p for p in left if _running(p)]
        finally:
            for p in _descendants(run.pid):  # (a failed run's own processes, by their ids)
                os.kill(p, signal.SIGKILL)
            run.stdin.close()
    for p in alive:
        os.kill(p, signal.SIGKILL)
    print(f"orphans gone {took:.2f} s after the parent was killed")
    assert not alive, f"still running {took:.1f} s after the parent was killed: {alive}"
