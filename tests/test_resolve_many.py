"""``resolve_many``: the same answers as ``resolve`` one by one, in order, in one process or several."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aliasdb
from aliasdb import AliasDB
from aliasdb.table.read import parse_table

from conftest import SMALL_TABLE

SPELLINGS = ["Poutine", "Choe", "Moscou", "Kim Jong Il", "Kim Jong-un", "Chojgu", "Белоусов", "Ivan Petrov", "", "Busan",
             "평양", "Sergueï Choïgou", "Bucheon", "Kursk", "Kurgan", "Kourgane"]
names = st.lists(st.one_of(st.sampled_from(SPELLINGS), st.text(max_size=12)), max_size=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=names, kind=st.sampled_from([None, "person", "place", "org"]))
def test_equals_resolve_element_wise_in_order(small: AliasDB, names: list[str], kind: str | None) -> None:
    got = small.resolve_many(names, kind=kind)
    assert got == [small.resolve(n, kind=kind) for n in names]
    assert [m.query if m else n for m, n in zip(got, names, strict=True)] == names  # each answer is its own name's


def test_two_worker_processes_give_the_same_answers(small: AliasDB) -> None:
    batch = SPELLINGS * 40 + [f"{s} {i}" for i, s in enumerate(SPELLINGS * 5)]
    assert small.resolve_many(batch, workers=2) == [small.resolve(n) for n in batch]
    assert small.resolve_many(batch, kind="place", workers=2) == [small.resolve(n, kind="place") for n in batch]


def test_a_table_built_in_memory_goes_to_the_workers_too() -> None:
    entities, _ = parse_table(SMALL_TABLE)
    db = AliasDB(entities)
    assert db.index_path is None
    batch = SPELLINGS * 10
    assert db.resolve_many(batch, workers=2) == [db.resolve(n) for n in batch]
    assert db.index_path is None  # the pool's temporary index is gone with it


def test_module_level_resolve_many_uses_the_shipped_table() -> None:
    got = aliasdb.resolve_many(["Andreï Biélooussov", "Choe", "Moscou"])
    assert [m.id if m else None for m in got] == ["person:andrei-belousov", None, "place:moscow"]
    assert aliasdb.resolve_many(iter(["Moscou"]), kind="person") == [None]
    assert aliasdb.resolve_many([]) == [] and aliasdb.resolve_many([], workers=4) == []


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda db: db.resolve_many(["Moscou", 3, "Kursk"]), TypeError, "names[1] is int"),
        (lambda db: db.resolve_many(["Moscou", None]), TypeError, "names[1] is NoneType"),
        (lambda db: db.resolve_many("Moscou"), TypeError, "not a single str"),
        (lambda db: db.resolve_many(42), TypeError, "not iterable"),
        (lambda db: db.resolve_many(["Moscou"], kind="city"), ValueError, "kind must be one of"),
        (lambda db: db.resolve_many(["Moscou"], workers=0), ValueError, "workers must be 1 or more"),
        (lambda db: db.resolve_many(["Moscou"], workers=2.0), TypeError, "workers must be an int"),
        (lambda db: db.resolve_many(["Moscou"], workers=True), TypeError, "workers must be an int"),
    ],
)
def test_bad_arguments_fail_before_any_work(small: AliasDB, call: Callable[[AliasDB], object], error: type[Exception],
                                            words: str) -> None:
    with pytest.raises(error, match=words.replace("[", r"\[").replace("]", r"\]")):
        call(small)


def test_a_batch_relaxes_the_collector_and_puts_it_back() -> None:
    import gc

    from aliasdb.many import pool as parallel
    before = gc.get_threshold()
    seen: list[tuple[int, ...]] = []

    class Spy:
        def resolve(self, name: str, kind: str | None = None) -> None:
            seen.append(gc.get_threshold())

    parallel.resolve_names(Spy(), ["a", "b"], None)  # type: ignore[arg-type]
    assert seen and all(t[0] >= parallel.BATCH_GC_THRESHOLD for t in seen)
    assert gc.get_threshold() == before
    gc.set_threshold(0)  # collection turned off by the caller stays off
    try:
        parallel.resolve_names(Spy(), ["c"], None)  # type: ignore[arg-type]
        assert seen[-1][0] == 0
    finally:
        gc.set_threshold(*before)


def test_workers_are_capped_at_the_cpus(small: AliasDB, monkeypatch: pytest.MonkeyPatch) -> None:
    import aliasdb.many.pool as parallel

    asked: list[int] = []
    real = parallel.ProcessPoolExecutor

    def pool(workers: int, **kwargs: object) -> object:
        asked.append(workers)
        return real(workers, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", pool)
    names = [f"Name{i}" for i in range(40)]  # (a pool of 10**6 workers used to start one per name)
    assert small.resolve_many(names, workers=10**6) == small.resolve_many(names)
    assert asked == [parallel.max_workers()] and parallel.max_workers() >= 2


@pytest.mark.skipif(not __import__("os").path.exists("/proc/self/task"), reason="needs /proc to find the workers")
def test_a_worker_that_dies_is_a_worker_error(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "run.py"
    script.write_text("import aliasdb\n"
                      "from aliasdb.many.pool import WorkerError\n"
                      "if __name__ == '__main__':  # (a spawned worker imports this file again)\n"
                      "    try:\n"
                      "        aliasdb.resolve_many([f'Ivan Petrovich Sidorov{i}' for i in range(400_000)], workers=2)\n"
                      "    except WorkerError as exc:\n"
                      "        print('WorkerError:', exc)\n", encoding="utf-8")
    run = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    def workers() -> list[int]:
        found = []
        for task in Path(f"/proc/{run.pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                try:
                    if "spawn_main" in Path(f"/proc/{child}/cmdline").read_text():
                        found.append(int(child))
                except OSError:
                    pass  # (gone already)
        return found

    deadline = time.monotonic() + 60
    while len(workers()) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2)  # at work
    os.kill(workers()[0], signal.SIGKILL)
    out, err = run.communicate(timeout=60)
    assert b"WorkerError: a worker process stopped" in out and b"Traceback" not in err and b"ignored" not in err, (out, err)
