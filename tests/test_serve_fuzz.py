"""Every endpoint of the OpenAPI document, fuzzed with schemathesis (bounded: a fixed number of
examples, no shrinking past a few seconds): no 5xx, and every response matches its own schema."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import HealthCheck, Phase, settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    from serve_support import check_reconciliation, client

from aliasdb.serve.limits import Limits

app = client(limits=Limits(max_batch=20, max_text_chars=2000)).app
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=25, deadline=None, phases=[Phase.explicit, Phase.generate], derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_every_endpoint_answers_within_its_schema(case: schemathesis.Case) -> None:
    # (schemathesis writes a form field's object as key[sub]=..., not as the JSON its `encoding` names:
    # what it sends to POST /reconcile is not the valid batch it means, so that check is off there)
    form = case.path == "/reconcile" and case.method == "POST"
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance] if form else None)
    assert response.status_code < 500, response.text
    if case.path == "/reconcile" and response.status_code == 200:
        body = response.json()
        check_reconciliation("manifest" if "versions" in body else "reconciliation-result-batch", body)
    if case.path == "/reconcile/suggest/entity" and response.status_code == 200:
        check_reconciliation("suggest-entities-response", response.json())


def test_the_fuzz_covers_every_endpoint() -> None:
    paths = {op.path for op in (r.ok() for r in schema.get_all_operations())}
    assert paths >= {"/resolve", "/candidates", "/explain", "/entities/{id}", "/annotate", "/health", "/version", "/reconcile",
                     "/reconcile/suggest/entity", "/reconcile/preview"}
    pytest.importorskip("schemathesis")
