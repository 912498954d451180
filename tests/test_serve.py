"""The HTTP service, in process: every endpoint's answer, the Reconciliation API 0.2 (each
response validated against the vendored schemas), bad input, limits, the API key and CORS."""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from serve_support import SPEC, check_reconciliation, client, schema_validator

import aliasdb
from aliasdb.serve.limits import Limits
from aliasdb.text.annotator import Annotator, Budget

NAMES = ["Andreï Biélooussov", "Sergueï Choïgou", "Kim Jong Il", "Choe", "Moscou", "Путин", "Белоусов", "김정은",
         "Poutine", "Nobody Atall", "", "Kim", "Pyongyang", "Beloussow", "최선희", "  ", "Jean Dupont"]


@pytest.fixture(scope="module")
def api() -> Any:
    return client()


def _reconcile(api: Any, queries: dict[str, Any], how: str = "post") -> dict[str, Any]:
    if how == "get":
        r = api.get("/reconcile", params={"queries": json.dumps(queries)})
    elif how == "json":
        r = api.post("/reconcile", content=json.dumps(queries), headers={"content-type": "application/json"})
    else:
        r = api.post("/reconcile", data={"queries": json.dumps(queries)})
    assert r.status_code == 200, r.text
    return check_reconciliation("reconciliation-result-batch", r.json())


# -- the vendored schemas themselves ------------------------------------------------------------
@pytest.mark.parametrize("name", ["manifest", "reconciliation-result-batch", "reconciliation-query-batch",
                                  "suggest-entities-response"])
def test_the_schemas_accept_the_valid_examples_and_reject_the_invalid(name: str) -> None:
    validator = schema_validator(name)
    examples = sorted((SPEC / "examples" / name).glob("*/*.json"))
    assert examples
    for f in examples:
        assert validator.is_valid(json.loads(f.read_text(encoding="utf-8"))) == (f.parent.name == "valid"), f


# -- the Reconciliation API ---------------------------------------------------------------------
def test_the_manifest_lets_openrefine_add_the_service_by_its_url(api: Any) -> None:
    m = check_reconciliation("manifest", api.get("/reconcile").json())
    assert m["versions"] == ["0.2"]
    assert [t["id"] for t in m["defaultTypes"]] == ["person", "place", "org"]
    assert m["identifierSpace"] == "http://testserver/entities/"
    assert m["view"]["url"] == "http://testserver/entities/{{id}}"
    assert m["preview"]["url"] == "http://testserver/reconcile/preview?id={{id}}"
    assert m["suggest"]["entity"] == {"service_url": "http://testserver", "service_path": "/reconcile/suggest/entity"}


@pytest.mark.parametrize("how", ["get", "post", "json"])
def test_a_query_batch_by_get_form_post_and_json(api: Any, how: str) -> None:
    queries = {"q0": {"query": "Biélooussov", "type": "person", "limit": 3}, "q1": {"query": "Choe"},
               "q2": {"query": "Moscou", "type": ["place", "org"]}, "q3": {"query": "Jean Dupont", "type": "person"}}
    check_reconciliation("reconciliation-query-batch", queries)
    out = _reconcile(api, queries, how)
    assert list(out) == ["q0", "q1", "q2", "q3"]
    first = out["q0"]["result"][0]
    assert (first["id"], first["name"], first["match"], first["type"]) == (
        "person:andrei-belousov", "Andrei Belousov", True, [{"id": "person", "name": "Person"}])
    assert len(out["q0"]["result"]) <= 3
    assert {"person:choe-son-hui", "person:choe-ryong-hae"} <= {c["id"] for c in out["q1"]["result"]}
    assert not any(c["match"] for c in out["q1"]["result"])  # several Choes: no match
    assert out["q2"]["result"][0]["id"] == "place:moscow" and out["q2"]["result"][0]["match"] is True
    assert all(c["match"] is False for c in out["q3"]["result"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(NAMES) | st.text(max_size=20), kind=st.sampled_from([None, "person", "place", "org"]),
       limit=st.integers(0, 8))
def test_match_is_true_exactly_when_resolve_gives_that_entity(api: Any, name: str, kind: str | None, limit: int) -> None:
    query: dict[str, Any] = {"query": name, "limit": limit} | ({"type": kind} if kind else {})
    result = _reconcile(api, {"q": query})["q"]["result"]
    assert len(result) <= limit
    resolved = aliasdb.resolve(name, kind=kind)
    for c in result:
        assert c["match"] == (resolved is not None and resolved.id == c["id"])
        assert kind is None or c["type"][0]["id"] == kind
    if resolved is not None and limit:
        assert result[0]["id"] == resolved.id  # the answer comes first


def test_reconcile_refuses_an_unknown_type_and_a_malformed_batch(api: Any) -> None:
    r = api.post("/reconcile", data={"queries": json.dumps({"q0": {"query": "Poutine", "type": "Q5"}})})
    assert (r.status_code, r.json()["error"]) == (400, "queries['q0'].type: unknown type 'Q5'; the types are person, place, org")
    r = api.get("/reconcile", params={"queries": "{not json"})
    assert r.status_code == 400 and r.json()["error"].startswith("queries: malformed JSON")
    r = api.post("/reconcile", data={"queries": "[1]"})
    assert r.status_code == 400 and "queries must be a JSON object" in r.json()["error"]
    r = api.post("/reconcile", data={"queries": json.dumps({"q0": {"properties": [{"pid": "x", "v": "y"}]}})})
    assert r.status_code == 400 and "query must be a string" in r.json()["error"]


def test_suggest_completes_a_prefix_in_any_script(api: Any) -> None:
    for prefix in ("belo", "Белоус", "Andrei B"):
        out = check_reconciliation("suggest-entities-response", api.get("/reconcile/suggest/entity",
                                                                        params={"prefix": prefix}).json())
        assert "person:andrei-belousov" in [e["id"] for e in out["result"]], prefix
    out = api.get("/reconcile/suggest/entity", params={"prefix": "Moscou", "limit": 1}).json()
    assert check_reconciliation("suggest-entities-response", out)["result"][0]["id"] == "place:moscow"
    assert len(out["result"]) == 1


def test_preview_is_a_small_html_card(api: Any) -> None:
    r = api.get("/reconcile/preview", params={"id": "person:vladimir-putin"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<strong>Vladimir Putin</strong>" in r.text and "Владимир Путин" in r.text and "http" not in r.text
    assert api.get("/reconcile/preview", params={"id": "person:nobody"}).status_code == 404


# -- the plain API ------------------------------------------------------------------------------
def test_resolve_a_name(api: Any) -> None:
    assert api.get("/resolve", params={"name": "Andreï Biélooussov"}).json() == {
        "query": "Andreï Biélooussov", "candidates": [],
        "match": {"id": "person:andrei-belousov", "name": "Andrei Belousov", "kind": "person",
                  "score": aliasdb.resolve("Andreï Biélooussov").score, "method": "transliterated", "alias": "Andrei Belousov"}}
    out = api.get("/resolve", params={"name": "Choe"}).json()
    assert out["match"] is None
    assert [c["id"] for c in out["candidates"]] == [c.id for c in aliasdb.candidates("Choe")]
    assert api.get("/resolve", params={"name": "Moscou", "kind": "place"}).json()["match"]["id"] == "place:moscow"
    assert api.get("/resolve", params={"name": "Moscou", "kind": "person"}).json()["match"] is None
    assert api.get("/resolve", params={"name": "김정은"}).json()["match"]["id"] == "person:kim-jong-un"


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.sampled_from(NAMES) | st.text(max_size=12), max_size=12),
       kind=st.sampled_from([None, "person", "place"]))
def test_a_batch_keeps_the_order_and_answers_as_single_lookups_do(api: Any, names: list[str], kind: str | None) -> None:
    body: dict[str, Any] = {"names": names} | ({"kind": kind} if kind else {})
    results = api.post("/resolve", json=body).json()["results"]
    assert [r["query"] for r in results] == names
    singles = [api.get("/resolve", params={"name": n} | ({"kind": kind} if kind else {})).json() for n in names]
    assert results == singles
    assert [r["match"]["id"] if r["match"] else None for r in results] == [
        m.id if m else None for m in aliasdb.resolve_many(names, kind=kind)]


def test_candidates_explain_and_entities(api: Any) -> None:
    out = api.get("/candidates", params={"name": "Choe", "limit": 2}).json()
    assert out == {"query": "Choe", "candidates": [c.to_dict() for c in aliasdb.candidates("Choe", limit=2)]}
    trace = api.get("/explain", params={"name": "Sergueï Choïgou"}).json()
    assert trace == json.loads(json.dumps(aliasdb.explain("Sergueï Choïgou"), ensure_ascii=False))  # as explain --json
    assert trace["result"]["id"] == "person:sergei-shoigu"
    e = api.get("/entities/person:vladimir-putin").json()
    assert (e["id"], e["kind"], e["name"]) == ("person:vladimir-putin", "person", "Vladimir Putin")
    assert "Владимир Путин" in e["aliases"] and "Vladimir Poutine" in e["aliases"]
    r = api.get("/entities/person:nobody")
    assert (r.status_code, r.json()) == (404, {"error": "no entity with id 'person:nobody'"})


def test_annotate_gives_the_mentions_annotate_gives(api: Any) -> None:
    text = "M. Belooussov a rencontré Kim Jong-un à Pyongyang. Путин и 김정은은 говорили."
    out = api.post("/annotate", json={"text": text}).json()
    assert out == {"mentions": [m.to_dict() for m in aliasdb.annotate(text)], "complete": True}
    assert [(m["text"], m["id"]) for m in out["mentions"]][:3] == [
        ("Belooussov", "person:andrei-belousov"), ("Kim Jong-un", "person:kim-jong-un"), ("Pyongyang", "place:pyongyang")]
    places = api.post("/annotate", json={"text": text, "kinds": ["place"]}).json()["mentions"]
    assert [m["id"] for m in places] == ["place:pyongyang"]


def test_health_and_version(api: Any) -> None:
    assert api.get("/health").json() == {"status": "ok", "entities": len(aliasdb.AliasDB.default())}
    v = api.get("/version").json()
    path = aliasdb.default_table_path()
    assert v["aliasdb"] == aliasdb.__version__ and v["table"] == str(path)
    assert v["table_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_page_and_the_docs_are_served_with_no_external_asset(api: Any) -> None:
    for path in ("/", "/docs"):
        r = api.get(path)
        assert r.status_code == 200 and r.headers["content-type"] == "text/html; charset=utf-8"
        assert "<script src" not in r.text and "https://" not in r.text and "http://" not in r.text
    assert '<label class="grow" for="name">' in api.get("/").text
    doc = api.get("/openapi.json").json()
    assert doc["openapi"] == "3.1.0" and "/reconcile" in doc["paths"] and "/annotate" in doc["paths"]


# -- bad input ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("method", "path", "kwargs", "status", "error"), [
    ("post", "/resolve", {"content": b'{"names": ['}, 400, "malformed JSON: Expecting value at line 1 column 12"),
    ("post", "/resolve", {"content": b"[1, 2]"}, 400, "the body must be a JSON object, not an array"),
    ("post", "/resolve", {"json": {"names": "Poutine"}}, 400, "names must be an array of strings, not a string"),
    ("post", "/resolve", {"json": {"names": ["Poutine", 3]}}, 400, "names[1] must be a string, not a number"),
    ("post", "/resolve", {"json": {"names": ["Poutine"], "kind": "cat"}}, 400,
     "unknown kind 'cat'; the kinds are person, place, org"),
    ("post", "/resolve", {"content": b'{"names": ["\xff"]}'}, 400, "the body is not valid UTF-8 (byte 12)"),
    ("post", "/resolve", {"content": b"[" * 100_000}, 400, "malformed JSON: nested too deeply"),
    ("get", "/resolve?name=%ff%fe", {}, 400, "the query string is not valid UTF-8"),
    ("get", "/resolve", {}, 400, "give a name: /resolve?name=Poutine"),
    ("get", "/resolve?name=a&name=b", {}, 400, "parameter 'name' given twice"),
    ("get", "/resolve?name=Poutine&kind=Q5", {}, 400, "unknown kind 'Q5'; the kinds are person, place, org"),
    ("get", "/candidates?name=Choe&limit=x", {}, 400, "limit must be a whole number, not 'x'"),
    ("get", "/candidates?name=Choe&limit=1000", {}, 422, "limit must be between 0 and 100"),
    ("post", "/annotate", {"json": {"text": 5}}, 400, "text must be a string, not a number"),
    ("post", "/annotate", {"json": {"text": "x", "kinds": ["dog"]}}, 400, "unknown kind 'dog'; the kinds are person, place, org"),
    ("get", "/entities/%ff", {}, 400, "the entity id is not valid UTF-8"),
    ("get", "/nowhere", {}, 404, "no such endpoint: GET /nowhere; see /openapi.json"),
    ("delete", "/resolve", {}, 405, "method not allowed: DELETE /resolve; see /openapi.json"),
])
def test_bad_input_gets_a_4xx_saying_what_is_wrong(api: Any, method: str, path: str, kwargs: dict[str, Any], status: int,
                                                   error: str) -> None:
    r = getattr(api, method)(path, **kwargs)
    assert (r.status_code, r.json()) == (status, {"error": error})


def test_limits_are_enforced_and_configurable() -> None:
    small = client(limits=Limits(max_body_bytes=200, max_batch=3, max_name_chars=10, max_text_chars=50))
    r = small.post("/resolve", content=b'{"names": ["' + b"a" * 300 + b'"]}')
    assert (r.status_code, r.json()) == (413, {"error": "the body has 315 bytes; the limit is 200"})
    r = small.post("/annotate", content=(b"x" * 100 for _ in range(5)))  # no length given: counted as it comes
    assert (r.status_code, r.json()) == (413, {"error": "the body is over the limit of 200 bytes"})
    r = small.post("/resolve", json={"names": ["a", "b", "c", "d"]})
    assert (r.status_code, r.json()) == (422, {"error": "4 names in one batch; the limit is 3"})
    r = small.get("/resolve", params={"name": "x" * 11})
    assert (r.status_code, r.json()) == (422, {"error": "name has 11 characters; the limit is 10"})
    r = small.post("/annotate", json={"text": "Poutine " * 8})
    assert (r.status_code, r.json()) == (422, {"error": "the text has 64 characters; the limit is 50"})
    r = small.post("/reconcile", data={"queries": json.dumps({f"q{i}": {"query": "x"} for i in range(4)})})
    assert (r.status_code, r.json()) == (422, {"error": "4 queries in one batch; the limit is 3"})
    r = small.post("/resolve", json={"names": ["Poutine"]})
    assert r.status_code == 200 and r.json()["results"][0]["match"]["id"] == "person:vladimir-putin"


def test_a_lone_surrogate_goes_back_as_an_escape(api: Any) -> None:
    r = api.post("/resolve", content=b'{"names": ["\\ud800x"]}')
    assert r.status_code == 200 and r.json()["results"][0]["query"] == "\ud800x" and b"\\ud800" in r.content


# -- bounded annotation -------------------------------------------------------------------------
def _name_parts_only(words: int) -> str:
    """A text made only of capitalized name parts: every run of it is resolved (the worst case)."""
    parts = sorted({w for e in aliasdb.AliasDB.load(aliasdb.default_table_path()).entities for a in e.all_names for w in a.split()
                    if w[:1].isupper() and w.isalpha()})
    return " ".join(parts[(i * 7919) % len(parts)] for i in range(words))


def test_a_budget_bounds_the_runs_resolved_and_never_adds_a_mention() -> None:
    db = aliasdb.AliasDB.load(aliasdb.default_table_path())  # (the curated table: its runs are all resolved anew)
    text = _name_parts_only(300) + ". Andreï Biélooussov"  # (a name only the candidate pass finds, after the budget runs out)
    full = Annotator(db).annotate(text)
    annotator = Annotator(db)  # (fresh caches: every run is new)
    budget = Budget(20)
    cut = annotator.annotate(text, None, budget)
    assert budget.exhausted
    assert set(cut) < set(full)  # fewer mentions, none that the whole reading would not give
    assert annotator._resolve.cache_info().misses + annotator._surname_of.cache_info().misses <= 20 + 4
    roomy = Budget(100_000)
    assert Annotator(db).annotate(text, None, roomy) == full and not roomy.exhausted


def test_the_service_says_when_a_text_was_cut() -> None:
    api = client(limits=Limits(annotate_resolves_per_kchar=0.0, annotate_resolves_base=5))
    out = api.post("/annotate", json={"text": _name_parts_only(200)}).json()
    assert out["complete"] is False
    news = api.post("/annotate", json={"text": "M. Belooussov a rencontré Kim Jong-un à Pyongyang."}).json()
    assert news["complete"] is True and len(news["mentions"]) == 3


# -- deployment options -------------------------------------------------------------------------
def test_an_api_key_guards_the_api_but_not_the_page_or_health() -> None:
    api = client(api_key="s3cret")
    r = api.get("/resolve", params={"name": "Poutine"})
    assert (r.status_code, r.json()) == (401, {"error": "missing or wrong API key: send it in the X-API-Key header"})
    assert api.get("/resolve", params={"name": "Poutine"}, headers={"X-API-Key": "wrong"}).status_code == 401
    assert api.get("/resolve", params={"name": "Poutine"}, headers={"X-API-Key": "s3cret"}).json()["match"]["id"] == (
        "person:vladimir-putin")
    assert api.get("/version", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert api.get("/health").status_code == 200 and api.get("/").status_code == 200


def test_cors_is_off_unless_an_origin_is_given(api: Any) -> None:
    r = api.get("/health", headers={"Origin": "https://newsroom.example"})
    assert "access-control-allow-origin" not in r.headers
    allowed = client(cors="https://newsroom.example")
    r = allowed.get("/health", headers={"Origin": "https://newsroom.example"})
    assert r.headers["access-control-allow-origin"] == "https://newsroom.example"
    r = allowed.get("/health", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in r.headers
    guarded = client(cors="https://newsroom.example", api_key="k")
    r = guarded.get("/resolve", params={"name": "Poutine"}, headers={"Origin": "https://newsroom.example"})
    assert r.status_code == 401 and r.headers["access-control-allow-origin"] == "https://newsroom.example"
    r = guarded.options("/resolve", headers={"Origin": "https://newsroom.example", "Access-Control-Request-Method": "GET",
                                             "Access-Control-Request-Headers": "X-API-Key"})
    assert r.status_code == 200 and "x-api-key" in r.headers["access-control-allow-headers"].lower()


def test_no_endpoint_writes_files() -> None:
    """The service's own code opens nothing for writing (the table's cache is the library's, on load)."""
    source = Path(aliasdb.__file__).parent / "serve"
    for f in source.glob("*.py"):
        text = f.read_text(encoding="utf-8")
        for needle in ('"w"', '"wb"', '"a"', "'w'", ".write_text", ".write_bytes", "os.remove", "unlink"):
            assert needle not in text, (f.name, needle)


def test_a_small_table_of_ones_own(small_table_path: Path) -> None:
    api = client(str(small_table_path))
    assert api.get("/health").json() == {"status": "ok", "entities": 26}
    assert api.get("/resolve", params={"name": "Moskau"}).json()["match"]["id"] == "place:moscow"
    v = api.get("/version").json()
    assert v["table"] == str(small_table_path) and v["table_sha256"] == hashlib.sha256(small_table_path.read_bytes()).hexdigest()


def test_a_time_budget_stops_a_batch_and_cuts_an_annotation() -> None:
    api = client(limits=Limits(time_budget=1e-9))
    r = api.post("/resolve", json={"names": ["Poutine", "Moscou"]})
    assert (r.status_code, r.json()) == (503, {"error": "time budget of 1e-09 s spent after 0 names; send smaller batches"})
    r = api.post("/reconcile", data={"queries": json.dumps({"q0": {"query": "Poutine"}})})
    assert (r.status_code, r.json()) == (503, {"error": "time budget of 1e-09 s spent after 0 queries; send smaller batches"})
    out = api.post("/annotate", json={"text": "Belooussov et Poutine à Moscou."}).json()
    assert out["complete"] is False and [m["id"] for m in out["mentions"]] == ["place:moscow"]  # the exact pass still ran


_SHARED: list[Annotator] = []


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000), resolves=st.integers(0, 40))
def test_property_a_budget_only_ever_drops_mentions(seed: int, resolves: int) -> None:
    db = aliasdb.AliasDB.default()
    if not _SHARED:
        _SHARED.append(Annotator(db))
    parts = _name_parts_only(400).split()
    words = [parts[(seed * 31 + i * 17) % len(parts)] for i in range(40)]
    text = " ".join(words[:20]) + ". Moscou. " + " ".join(words[20:])
    budget = Budget(resolves)
    cut = _SHARED[0].annotate(text, None, budget)
    assert set(cut) <= set(aliasdb.annotate(text))
    assert "place:moscow" in {m.id for m in cut}  # the exact pass is never cut
