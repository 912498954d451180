"""``aliasdb serve`` as a process: it starts, answers, reloads its table on SIGHUP without dropping
a request, keeps the old table when the new one does not load, and stops on SIGTERM."""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from conftest import SMALL_TABLE, run_cli
from serve_support import Served, start

NEW_ENTITY = """  - id: person:sergei-kiriyenko
    kind: person
    name: Sergei Kiriyenko
    aliases: [Сергей Кириенко]
"""


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "table.yaml"
    path.write_text(SMALL_TABLE, encoding="utf-8")
    return path


@pytest.fixture
def served(table: Path, tmp_path: Path) -> Iterator[Served]:
    s = start("--aliases", str(table), "--workers", "2", log=tmp_path / "serve.log")
    yield s
    if s.proc.poll() is None:
        s.proc.kill()
        s.proc.wait()


def _until(check: object, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_sighup_reloads_without_dropping_a_request_and_a_bad_table_keeps_the_old(served: Served, table: Path) -> None:
    assert served.get("/resolve", name="Kiriyenko").json()["match"] is None
    statuses: list[int] = []
    stop = threading.Event()

    def load() -> None:  # requests in flight all along the reloads
        with httpx.Client(timeout=30) as c:
            while not stop.is_set():
                statuses.append(c.get(served.url + "/resolve", params={"name": "Moskau"}).status_code)
                statuses.append(c.post(served.url + "/annotate", json={"text": "Poutine à Moscou. " * 200}).status_code)

    worker = threading.Thread(target=load)
    worker.start()
    try:
        table.write_text(SMALL_TABLE + NEW_ENTITY, encoding="utf-8")
        served.proc.send_signal(signal.SIGHUP)
        new_hash = hashlib.sha256(table.read_bytes()).hexdigest()
        _until(lambda: all(served.get("/version").json()["table_sha256"] == new_hash for _ in range(10)))
        assert served.get("/resolve", name="Kiriyenko").json()["match"]["id"] == "person:sergei-kiriyenko"

        table.write_text("entities: [\n", encoding="utf-8")  # broken: the old table must go on serving
        served.proc.send_signal(signal.SIGHUP)
        _until(lambda: served.log.read_text(encoding="utf-8").count("reload of") == 2)
        for _ in range(10):
            assert served.get("/resolve", name="Kiriyenko").json()["match"]["id"] == "person:sergei-kiriyenko"
            assert served.get("/version").json()["table_sha256"] == new_hash
    finally:
        stop.set()
        worker.join()
    assert statuses and set(statuses) == {200}, sorted(set(statuses))
    errors = [line for line in served.log.read_text(encoding="utf-8").splitlines() if "reload of" in line]
    assert len(errors) == 2  # one line per worker
    assert all(f"reload of {table} failed, still serving the table loaded before: {table}:" in e for e in errors), errors
    served.proc.send_signal(signal.SIGTERM)
    assert served.proc.wait(timeout=30) == 0
    assert "Traceback" not in served.log.read_text(encoding="utf-8")


def test_a_table_that_cannot_load_or_an_address_in_use_is_one_error_line(tmp_path: Path) -> None:
    r = run_cli("serve", "--aliases", str(tmp_path / "missing.yaml"), "--port", "0")
    assert r.returncode == 2 and r.stdout == b""
    assert r.stderr.decode().startswith("Error: the table cannot be loaded: ") and r.stderr.count(b"\n") == 1
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        r = run_cli("serve", "--port", str(port))
    assert r.returncode == 2 and r.stderr.decode().startswith(f"Error: cannot listen on 127.0.0.1:{port}: ")
    r = run_cli("serve", "--max-batch", "0")
    assert (r.returncode, r.stderr) == (2, b"Error: --max-batch must be more than 0\n")


def test_it_binds_the_loopback_by_default(tmp_path: Path) -> None:
    s = start(log=tmp_path / "serve.log")
    try:
        assert s.url.startswith("http://127.0.0.1:")
        assert s.get("/resolve", name="Andreï Biélooussov").json()["match"]["id"] == "person:andrei-belousov"
        assert s.get("/health").json()["status"] == "ok"
    finally:
        s.proc.send_signal(signal.SIGINT)  # Ctrl-C: requests in flight finished, then exit 130 as every command
        assert s.proc.wait(timeout=30) == 130


def test_the_library_does_not_import_the_web_stack() -> None:
    probe = "import sys, aliasdb; aliasdb.resolve('Poutine'); import aliasdb.cli; print(sorted(sys.modules))"
    out = subprocess.run([os.environ.get("PYTHON", __import__("sys").executable), "-c", probe], capture_output=True,
                         text=True, check=True).stdout
    assert "starlette" not in out and "uvicorn" not in out and "aliasdb.serve" not in out


def test_without_the_extra_serve_says_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from aliasdb import cli

    monkeypatch.setitem(__import__("sys").modules, "uvicorn", None)  # (as if not installed: import fails)
    assert cli.main(["serve", "--port", "0"]) == 2
    assert capsys.readouterr().err == 'Error: the service needs its extra: pip install "aliasdb[serve]"\n'
