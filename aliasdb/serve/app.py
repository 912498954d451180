"""The HTTP service: a Starlette application over one loaded table (see docs/serve.md).

Starlette rather than FastAPI: the service is a dozen small handlers whose inputs are checked by
hand anyway (every bad input must get its own 4xx and message, never a framework's 422 or 500),
the OpenAPI document is written out in openapi.py, and a request costs less without a validation
layer (/resolve is the hot path). uvicorn serves it (with uvloop and httptools when installed)."""

from __future__ import annotations

import json
import secrets
import time
from collections import OrderedDict
from importlib.resources import files
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from aliasdb.kinds import KINDS
from aliasdb.model import Entity, __version__
from aliasdb.serve import reconcile as rc
from aliasdb.serve.errors import BadRequest
from aliasdb.serve.limits import Limits
from aliasdb.serve.openapi import openapi
from aliasdb.serve.table import Loaded, Tables
from aliasdb.text.annotator import Budget

JSON = "application/json"
#: Answers to single-name look-ups kept per table (a column of names repeats them): name → bytes.
ANSWERS_KEPT = 50_000


def _dumps(value: Any) -> bytes:
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (sent as a JSON escape) goes back as one
        return json.dumps(value, separators=(",", ":")).encode("utf-8")


def _json(value: Any, status: int = 200) -> Response:
    return Response(_dumps(value), status_code=status, media_type=JSON)


def _error(message: str, status: int) -> Response:
    return _json({"error": message}, status)


def _query(request: Request) -> dict[str, str]:
    """The query string's parameters, decoded strictly: invalid UTF-8 is a 400, not U+FFFD."""
    return _params(request.scope.get("query_string", b""))


def _params(raw: bytes) -> dict[str, str]:
    """Parameters of a query string or a form body (``a=1&b=2``), each given once, in UTF-8."""
    out: dict[str, str] = {}
    for piece in raw.split(b"&"):
        if not piece:
            continue
        key, _, value = piece.partition(b"=")
        try:
            k = unquote_to_bytes(key.replace(b"+", b" ")).decode("utf-8")
            v = unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest("the query string is not valid UTF-8") from None
        if k in out:
            raise BadRequest(f"parameter {k!r} given twice")
        out[k] = v
    return out


def _kind(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRequest("kind must be a string: person, place or org")
    if value not in KINDS:
        raise BadRequest(f"unknown kind {value!r}; the kinds are {', '.join(KINDS)}")
    return value


def _name(value: object, limits: Limits, what: str = "name") -> str:
    if not isinstance(value, str):
        raise BadRequest(f"{what} must be a string, not {_type(value)}")
    if len(value) > limits.max_name_chars:
        raise BadRequest(f"{what} has {len(value)} characters; the limit is {limits.max_name_chars}", 422)
    return value


def _type(value: object) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def _limit(params: dict[str, str], limits: Limits, default: int) -> int:
    text = params.get("limit")
    if text is None:
        return default
    try:
        n = int(text)
    except ValueError:
        raise BadRequest(f"limit must be a whole number, not {text!r}") from None
    if not 0 <= n <= limits.max_limit:
        raise BadRequest(f"limit must be between 0 and {limits.max_limit}", 422)
    return n


async def _body(request: Request, limits: Limits) -> bytes:
    """The request body, read no further than the limit (413 past it)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limits.max_body_bytes:
        raise BadRequest(f"the body has {int(declared):,} bytes; the limit is {limits.max_body_bytes:,}", 413)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limits.max_body_bytes:
            raise BadRequest(f"the body is over the limit of {limits.max_body_bytes:,} bytes", 413)
        chunks.append(chunk)
    return b"".join(chunks)


def _text(raw: bytes, what: str = "the body") -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"{what} is not valid UTF-8 (byte {exc.start})") from None


async def _json_body(request: Request, limits: Limits) -> dict[str, Any]:
    text = _text(await _body(request, limits))
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadRequest(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise BadRequest("malformed JSON: nested too deeply") from None
    if not isinstance(value, dict):
        raise BadRequest(f"the body must be a JSON object, not {_type(value)}")
    return value


def _entity(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "kind": e.kind, "name": e.name, "aliases": list(e.aliases), "country": e.country,
            "historical": [{"name": n, "period": p} for n, p in e.historical], "ambiguous": list(e.ambiguous)}


class _Answers:
    """The answers of look-ups for one table (a column of names repeats them), each encoded once;
    the oldest dropped past ``ANSWERS_KEPT``; a reload starts afresh. Shared by the event loop and
    the batch threads: each dict operation is atomic, and a name computed twice at once is harmless."""

    def __init__(self) -> None:
        self.table: Loaded | None = None
        self.kept: OrderedDict[tuple[str, str | None], bytes] = OrderedDict()

    def get(self, loaded: Loaded, name: str, kind: str | None) -> bytes:
        if self.table is not loaded:  # a reload: answers of the old table are not this one's
            self.table, self.kept = loaded, OrderedDict()
        key = (name, kind)
        body = self.kept.get(key)
        if body is None:
            body = _dumps(_lookup(loaded, name, kind))
            self.kept[key] = body
            if len(self.kept) > ANSWERS_KEPT:
                self.kept.popitem(last=False)
        return body


def _lookup(loaded: Loaded, name: str, kind: str | None) -> dict[str, Any]:
    match = loaded.db.resolve(name, kind=kind)
    near = [] if match else [c.to_dict() for c in loaded.db.candidates(name, kind=kind)]
    return {"query": name, "match": match.to_dict() if match else None, "candidates": near}


class _Guard:
    """Outermost middleware: the API key, and a JSON 500 that never leaks a traceback."""

    OPEN = ("/", "/docs", "/openapi.json", "/health", "/static/")

    def __init__(self, app: ASGIApp, api_key: str | None):
        self.app = app
        self.key = api_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if self.key and scope.get("method") != "OPTIONS" and not (path in self.OPEN or path.startswith("/static/")):
            given = dict(scope.get("headers") or []).get(b"x-api-key", b"")
            auth = dict(scope.get("headers") or []).get(b"authorization", b"")
            if auth.lower().startswith(b"bearer "):
                given = auth[7:].strip()
            if not secrets.compare_digest(given, self.key.encode()):
                await _error("missing or wrong API key: send it in the X-API-Key header", 401)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(tables: Tables, limits: Limits | None = None, *, cors: str | None = None,
               api_key: str | None = None) -> Starlette:
    """The application over ``tables`` (whose ``current`` may be swapped by a reload at any time:
    each request takes it once, at its start)."""
    lim = limits or Limits()
    answers = _Answers()
    static = files("aliasdb.serve") / "static"
    page = (static / "index.html").read_bytes()
    docs = (static / "docs.html").read_bytes()
    document = _dumps(openapi(lim))

    async def index(request: Request) -> Response:
        return Response(page, media_type="text/html; charset=utf-8")

    async def docs_page(request: Request) -> Response:
        return Response(docs, media_type="text/html; charset=utf-8")

    async def openapi_json(request: Request) -> Response:
        return Response(document, media_type=JSON)

    async def health(request: Request) -> Response:
        loaded = tables.current
        return _json({"status": "ok", "entities": len(loaded.db)})

    async def version(request: Request) -> Response:
        loaded = tables.current
        return _json({"aliasdb": __version__, "table": loaded.path, "table_sha256": loaded.sha256,
                      "entities": len(loaded.db), "reloads": tables.reloads})

    async def resolve_get(request: Request) -> Response:
        params = _query(request)
        if "name" not in params:
            raise BadRequest("give a name: /resolve?name=Poutine")
        name, kind = _name(params["name"], lim), _kind(params.get("kind"))
        return Response(answers.get(tables.current, name, kind), media_type=JSON)

    async def resolve_post(request: Request) -> Response:
        data = await _json_body(request, lim)
        names = data.get("names")
        if not isinstance(names, list):
            raise BadRequest(f"names must be an array of strings, not {_type(names)}")
        if len(names) > lim.max_batch:
            raise BadRequest(f"{len(names)} names in one batch; the limit is {lim.max_batch}", 422)
        checked = [_name(n, lim, f"names[{i}]") for i, n in enumerate(names)]
        kind = _kind(data.get("kind"))
        loaded = tables.current
        deadline = time.monotonic() + lim.time_budget

        def work() -> bytes:
            out = []
            for i, n in enumerate(checked):
                if time.monotonic() > deadline:
                    raise BadRequest(f"time budget of {lim.time_budget:g} s spent after {i} names; send smaller batches", 503)
                out.append(answers.get(loaded, n, kind))
            return b'{"results":[' + b",".join(out) + b"]}"

        return Response(await run_in_threadpool(work), media_type=JSON)

    async def resolve(request: Request) -> Response:
        return await (resolve_get if request.method in ("GET", "HEAD") else resolve_post)(request)

    async def candidates(request: Request) -> Response:
        params = _query(request)
        if "name" not in params:
            raise BadRequest("give a name: /candidates?name=Choe")
        name, kind = _name(params["name"], lim), _kind(params.get("kind"))
        limit = _limit(params, lim, 5)
        found = tables.current.db.candidates(name, kind=kind, limit=limit)
        return _json({"query": name, "candidates": [c.to_dict() for c in found]})

    async def explain(request: Request) -> Response:
        params = _query(request)
        if "name" not in params:
            raise BadRequest("give a name: /explain?name=Choigou")
        name, kind = _name(params["name"], lim), _kind(params.get("kind"))
        db = tables.current.db
        return _json(await run_in_threadpool(db.explain, name, kind=kind))

    async def entity(request: Request) -> Response:
        raw = request.scope.get("raw_path") or request.url.path.encode()
        try:
            ident = unquote_to_bytes(raw.split(b"?")[0][len(b"/entities/"):]).decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest("the entity id is not valid UTF-8") from None
        try:
            return _json(_entity(tables.current.db.get(ident)))
        except LookupError:
            raise BadRequest(f"no entity with id {ident!r}", 404) from None

    async def annotate(request: Request) -> Response:
        data = await _json_body(request, lim)
        text = data.get("text")
        if not isinstance(text, str):
            raise BadRequest(f"text must be a string, not {_type(text)}")
        if len(text) > lim.max_text_chars:
            raise BadRequest(f"the text has {len(text):,} characters; the limit is {lim.max_text_chars:,}", 422)
        kinds = data.get("kinds")
        if kinds is not None:
            if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
                raise BadRequest("kinds must be an array of kinds: person, place, org")
            for k in kinds:
                _kind(k)
        loaded = tables.current
        budget = Budget(lim.annotate_resolves(len(text)), time.monotonic() + lim.time_budget)

        def work() -> list[dict[str, Any]]:
            with loaded.lock:  # (the budget counts the annotator's cache misses: one text at a time)
                return [m.to_dict() for m in loaded.annotator.annotate(text, kinds or None, budget)]

        mentions = await run_in_threadpool(work)
        return _json({"mentions": mentions, "complete": not budget.exhausted})

    async def reconcile_endpoint(request: Request) -> Response:
        base = str(request.base_url).rstrip("/")
        if request.method == "GET":
            params = _query(request)
        else:
            raw = _text(await _body(request, lim))
            ctype = request.headers.get("content-type", "")
            if ctype.startswith(JSON):
                params = {"queries": raw}
            else:
                params = _params(raw.encode("utf-8"))
        if "queries" not in params:
            if request.method == "GET":
                return _json(rc.manifest(base))
            raise BadRequest('give the queries: a form field queries={"q0": {"query": "Poutine"}}')
        try:
            queries = json.loads(params["queries"])
        except json.JSONDecodeError as exc:
            raise BadRequest(f"queries: malformed JSON: {exc.msg} at column {exc.colno}") from None
        except RecursionError:
            raise BadRequest("queries: nested too deeply") from None
        checked = rc.check_batch(queries, lim)
        loaded = tables.current
        deadline = time.monotonic() + lim.time_budget
        return _json(await run_in_threadpool(rc.reconcile, loaded, checked, lim, deadline))

    async def suggest(request: Request) -> Response:
        params = _query(request)
        if "prefix" not in params:
            raise BadRequest("give a prefix: /reconcile/suggest/entity?prefix=Belo")
        prefix = _name(params["prefix"], lim, "prefix")
        return _json(rc.suggest(tables.current, prefix, _limit(params, lim, 10)))

    async def preview(request: Request) -> Response:
        params = _query(request)
        ident = params.get("id")
        if ident is None:
            raise BadRequest("give an id: /reconcile/preview?id=person:vladimir-putin")
        try:
            e = tables.current.db.get(ident)
        except LookupError:
            raise BadRequest(f"no entity with id {ident!r}", 404) from None
        return Response(rc.preview(e), media_type="text/html; charset=utf-8")

    async def bad_request(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BadRequest)
        return _error(exc.message, exc.status)

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        what = "no such endpoint" if status == 404 else "method not allowed" if status == 405 else "bad request"
        response = _error(f"{what}: {request.method} {request.url.path}; see /openapi.json", status)
        response.headers.update(getattr(exc, "headers", None) or {})  # (a 405 says what is allowed)
        return response

    async def server_error(request: Request, exc: Exception) -> Response:
        return _error("internal error (logged)", 500)

    routes = [
        Route("/", index), Route("/docs", docs_page), Route("/openapi.json", openapi_json),
        Route("/health", health), Route("/version", version),
        Route("/resolve", resolve, methods=["GET", "POST"]),
        Route("/candidates", candidates), Route("/explain", explain),
        Route("/entities/{id:path}", entity), Route("/annotate", annotate, methods=["POST"]),
        Route("/reconcile", reconcile_endpoint, methods=["GET", "POST"]),
        Route("/reconcile/suggest/entity", suggest), Route("/reconcile/preview", preview),
    ]
    middleware = [Middleware(_Guard, api_key=api_key)]
    if cors:  # (outermost: a 401 carries the CORS headers too, so a page can read it)
        middleware.insert(0, Middleware(CORSMiddleware, allow_origins=[cors], allow_methods=["GET", "POST"],
                                        allow_headers=["Content-Type", "X-API-Key", "Authorization"]))
    return Starlette(routes=routes, middleware=middleware,
                     exception_handlers={BadRequest: bad_request, 404: not_found, 405: not_found, 500: server_error,
                                         Exception: server_error})
