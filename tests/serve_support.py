"""What the service tests share: an in-process client over a table, and the Reconciliation API
0.2 schemas (vendored in tests/data/reconciliation-0.2) to validate every response against."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7
from starlette.testclient import TestClient

from aliasdb.serve.app import create_app
from aliasdb.serve.limits import Limits
from aliasdb.serve.table import Tables, load

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
