"""What the service tests share: an in-process client over a table, and the Reconciliation API
0.2 schemas (vendored in tests/data/reconciliation-0.2) to validate every response against."""

from __future__ import annotations

import json
import re
import subprocess
import time
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

import httpx
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

with warnings.catch_warnings():  # (starlette would have httpx2; httpx serves the same)
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from aliasdb.serve.app import create_app
from aliasdb.serve.limits import Limits
from aliasdb.serve.table import Tables, load

from conftest import aliasdb_command

SPEC = Path(__file__).resolve().parent / "data" / "reconciliation-0.2"


@lru_cache(maxsize=1)
def _registry() -> Registry:
    resources = []
    for f in sorted((SPEC / "schemas").glob("*.json")):
        doc = json.loads(f.read_text(encoding="utf-8"))
        resources.append((doc["$id"].rstrip("#"), Resource.from_contents(doc, default_specification=DRAFT7)))
    return Registry().with_resources(resources)


def schema_validator(name: str) -> Draft7Validator:
    doc = json.loads((SPEC / "schemas" / f"{name}.json").read_text(encoding="utf-8"))
    return Draft7Validator(doc, registry=_registry())


def check_reconciliation(name: str, document: Any) -> Any:
    """Fail unless ``document`` is valid against the 0.2 schema ``name``; give it back."""
    errors = sorted(schema_validator(name).iter_errors(document), key=str)
    assert not errors, f"{name}: {errors[0].message} at {list(errors[0].absolute_path)}"
    return document


def client(path: str | None = None, limits: Limits | None = None, **options: Any) -> TestClient:
    """A client of the service over the table at ``path`` (the shipped one when None)."""
    tables = Tables(load(path), path)
    return TestClient(create_app(tables, limits, **options), raise_server_exceptions=False)


class Served:
    def __init__(self, proc: subprocess.Popen[bytes], log: Path, url: str):
        self.proc, self.log, self.url = proc, log, url

    def get(self, path: str, **params: str) -> httpx.Response:
        return httpx.get(self.url + path, params=params, timeout=30)


def start(*args: str, log: Path) -> Served:
    """Start the command; wait for the line that says where it listens."""
    with log.open("wb") as out:
        proc = subprocess.Popen([aliasdb_command(), "serve", "--port", "0", *args], stdout=out, stderr=out)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = re.search(r"on (http://[\d.]+:\d+) ", log.read_text(encoding="utf-8", errors="replace"))
        if found:
            served = Served(proc, log, found.group(1))
            while time.monotonic() < deadline:  # (the workers may take a moment to accept)
                try:
                    if served.get("/health").status_code == 200:
                        return served
                except httpx.TransportError:
                    time.sleep(0.05)
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    raise AssertionError(log.read_text(encoding="utf-8", errors="replace"))
