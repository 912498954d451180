"""aliasdb.many.dask on a real LocalCluster of two worker processes: the same answers as ``resolve``,
row by row, and one load of the table per worker process however many partitions it runs."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cloudpickle
import dask
import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import aliasdb
import aliasdb.many.dask
from aliasdb import AliasDB, Match, TableError
from aliasdb.many.dask import Source, resolve_column

from conftest import SMALL_TABLE

TESTOV = """\
  - id: person:ivan-testov
    kind: person
    name: Ivan Testov
    aliases: [Иван Тестов]
"""
COLUMNS = ["aliasdb_id", "aliasdb_name", "aliasdb_score", "aliasdb_method"]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


def expected_row(m: Match | None) -> tuple[Any, ...]:
    return (m.id, m.name, m.score, m.method) if m else (None, None, None, None)


def rows(out: pd.DataFrame, prefix: str = "aliasdb_") -> list[tuple[Any, ...]]:
    score = [None if pd.isna(s) else s for s in out[prefix + "score"]]
    return list(zip(out[prefix + "id"], out[prefix + "name"], score, out[prefix + "method"], strict=True))


def loads_on_workers(client: Client, table: str | Path | None) -> list[int]:
    key = aliasdb.many.dask._source(table).path
    return [counts.get(key, 0) for counts in client.run(aliasdb.many.dask._loads).values()]


def shipped_names() -> list[Any]:
    """About 200 cells: names and aliases of the shipped table as written and altered, names it
    does not know, a tie, and cells that are not names at all."""
    names: list[Any] = []
    for i, e in enumerate(AliasDB.default().entities[::10]):
        names.append(e.name)
        names.append(e.aliases[i % len(e.aliases)] if e.aliases else e.name.lower())
        altered = (e.name.upper(), "  " + e.name.lower() + " ", e.name[:3] + e.name[4:])[i % 3]
        names.append(altered)
    return names + ["Jean Dupont", "Zzyzx Qwerty", "Choe", "", "   ", None, float("nan"), 42, "Ким", "x" * 5000]


def test_shipped_table_row_by_row_and_one_load_per_worker(client: Client) -> None:
    names = shipped_names()
    db = AliasDB.default()
    want = [expected_row(db.resolve(n) if isinstance(n, str) else None) for n in names]
    resolved = [w for w in want if w[0]]
    assert len(names) >= 200 and len(resolved) >= 150 and len(names) - len(resolved) >= 10
    assert len({w[3] for w in resolved}) >= 3  # several tiers, not only exact aliases
    with dask.config.set({"dataframe.convert-string": False}):  # keep None, NaN and 42 as they are
        ddf = dd.from_pandas(pd.DataFrame({"name": pd.Series(names, dtype=object), "n": range(len(names))}),
                             npartitions=8)
        out = resolve_column(ddf, "name")
        assert ddf.npartitions == 8
        got = out.compute()
    assert list(got.columns) == ["name", "n", *COLUMNS]
    assert list(got["n"]) == list(range(len(names)))
    assert rows(got) == want
    assert [str(t) for t in got.dtypes[COLUMNS]] == ["object", "object", "float64", "object"]
    loads = loads_on_workers(client, None)
    assert len(loads) == 2 and max(loads) == 1, loads  # 8 partitions, yet each process loaded the table once at most


def test_the_graph_carries_a_path_not_the_resolver(client: Client) -> None:
    ddf = dd.from_pandas(pd.DataFrame({"name": ["Moscou"] * 50}), npartitions=8)
    out = resolve_column(ddf, "name")
    grown = len(cloudpickle.dumps(dict(out.__dask_graph__()))) - len(cloudpickle.dumps(dict(ddf.__dask_graph__())))
    assert grown < 100_000  # the shipped resolver pickles to megabytes


def test_custom_table_with_kind_and_prefix(client: Client, tmp_path: Path) -> None:
    table = tmp_path / "custom.yaml"
    table.write_text(SMALL_TABLE + TESTOV, encoding="utf-8")
    assert aliasdb.resolve("Iwan Testow") is None  # only the custom table knows him
    names = ["Iwan Testow", "Иван Тестов", "Andreï Belooussov", "Белоусова", "Kim Jong Un", "Kim Jong-il", "Choe",
             "Moscou", "Moskva", "Kursk", "Pjongjang", "ГРУ", "Путина", "Nobody Atall", "", None] * 3
    db = AliasDB.load(table)
    ddf = dd.from_pandas(pd.DataFrame({"who": names}), npartitions=4)  # default config: a string column
    got = resolve_column(ddf, "who", table=str(table)).compute()
    assert rows(got) == [expected_row(db.resolve(n) if isinstance(n, str) else None) for n in names]
    assert got["aliasdb_id"].iloc[0] == "person:ivan-testov"
    places = resolve_column(ddf, "who", table=table, kind="place", prefix="p_").compute()
    assert rows(places, "p_") == [expected_row(db.resolve(n, kind="place") if isinstance(n, str) else None) for n in names]
    assert {i for i in places["p_id"] if i} == {"place:moscow", "place:kursk", "place:pyongyang"}
    assert max(loads_on_workers(client, table)) == 1


def test_an_edited_table_is_loaded_anew(client: Client, tmp_path: Path) -> None:
    table = tmp_path / "edited.yaml"
    table.write_text("entities:\n" + TESTOV, encoding="utf-8")
    ddf = dd.from_pandas(pd.DataFrame({"name": ["Ivan Testov", "Pyotr Testov"] * 4}), npartitions=4)
    before = resolve_column(ddf, "name", table=table).compute()
    table.write_text("entities:\n" + TESTOV.replace("ivan", "pyotr").replace("Ivan", "Pyotr").replace("Иван", "Пётр"),
                     encoding="utf-8")
    st = table.stat()
    os.utime(table, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    after = resolve_column(ddf, "name", table=table).compute()
    assert list(before["aliasdb_id"]) == ["person:ivan-testov", None] * 4
    assert list(after["aliasdb_id"]) == [None, "person:pyotr-testov"] * 4


def test_empty_frame(client: Client) -> None:
    ddf = dd.from_pandas(pd.DataFrame({"name": pd.Series([], dtype=object)}), npartitions=1)
    got = resolve_column(ddf, "name").compute()
    assert list(got.columns) == ["name", *COLUMNS] and len(got) == 0


def test_user_errors_before_anything_runs(tmp_path: Path) -> None:
    ddf = dd.from_pandas(pd.DataFrame({"name": ["Moscou"], "city": ["x"]}), npartitions=1)
    with pytest.raises(KeyError, match=r"no column 'nom'.*columns are: 'name', 'city'"):
        resolve_column(ddf, "nom")
    with pytest.raises(TypeError, match="expected a dask DataFrame, not DataFrame"):
        resolve_column(pd.DataFrame({"name": ["Moscou"]}), "name")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="kind must be one of"):
        resolve_column(ddf, "name", kind="city")
    with pytest.raises(ValueError, match="already has column 'x_id'"):
        resolve_column(ddf.assign(x_id=1), "name", prefix="x_")
    with pytest.raises(ValueError, match="2 columns named 'name'"):
        resolve_column(dd.from_pandas(pd.DataFrame([["a", "b"]], columns=["name", "name"]), npartitions=1), "name")
    with pytest.raises(TypeError, match="prefix must be a str"):
        resolve_column(ddf, "name", prefix=None)  # type: ignore[arg-type]
    with pytest.raises(TableError, match="cannot read"):
        resolve_column(ddf, "name", table=tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("entities:\n  - {id: person:x, kind: ghost, name: X}\n", encoding="utf-8")
    with pytest.raises(TableError, match="kind 'ghost'"):
        resolve_column(ddf, "name", table=bad)


def test_load_is_once_per_process_under_threads(small_table_path: Path, tmp_path: Path) -> None:
    table = tmp_path / "threads.yaml"
    table.write_text(SMALL_TABLE, encoding="utf-8")
    source = aliasdb.many.dask._source(table)
    got: list[AliasDB] = []
    threads = [threading.Thread(target=lambda: got.append(aliasdb.many.dask._load(source))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 8 and all(db is got[0] for db in got)
    assert aliasdb.many.dask._loads()[source.path] == 1


def test_workers_prefer_the_index_and_fall_back_to_the_table(small_table_path: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    index = tmp_path / "small.index"
    index.write_text(SMALL_TABLE, encoding="utf-8")  # any file AliasDB.load reads stands in for a compiled index

    class WithIndex:
        index_path = str(index)

    monkeypatch.setattr(aliasdb.many.dask.AliasDB, "load", classmethod(lambda cls, path: WithIndex()))
    source = aliasdb.many.dask._source(small_table_path)
    assert source.path == str(index) and source.table == str(small_table_path)
    monkeypatch.undo()
    assert aliasdb.many.dask._open(source).source == str(index)
    assert aliasdb.many.dask._open(source._replace(path=str(tmp_path / "not-on-this-worker.index"))).source \
        == str(small_table_path)
    assert aliasdb.many.dask._open(Source(None, None, None)) is AliasDB.default()


def test_importing_aliasdb_does_not_import_dask() -> None:
    code = "import sys, aliasdb, aliasdb.cli; print('dask' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["False", "False"], out.stderr


def test_without_dask_the_import_error_says_what_to_install() -> None:
    code = "import sys; sys.modules['dask'] = None\nimport aliasdb.many.dask"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert out.stderr.strip().splitlines()[-1].startswith("ImportError: aliasdb.many.dask needs")
    assert "pip install aliasdb[dask]" in out.stderr
