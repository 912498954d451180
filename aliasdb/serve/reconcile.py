"""The W3C Reconciliation API, version 0.2, over a loaded table: the manifest, query batches,
entity suggestions and previews (what OpenRefine speaks).

Kinds are the types; a candidate's ``match`` is true exactly when ``resolve()`` gives that entity
for the query (with its type as the kind when it names one), so OpenRefine's auto-match keeps
aliasdb's rule: a wrong match is worse than none. Scores are aliasdb's, times 100."""

from __future__ import annotations

import html
import time
from bisect import bisect_left
from functools import lru_cache
from typing import Any

from aliasdb.kinds import ALL, KINDS
from aliasdb.model import Entity, Match, __version__
from aliasdb.names.normalize import normalize
from aliasdb.serve.errors import BadRequest
from aliasdb.serve.limits import Limits
from aliasdb.serve.table import Loaded

TYPE_NAMES = {k.name: k.title for k in ALL}
TYPES = [{"id": k, "name": TYPE_NAMES[k]} for k in KINDS]
#: Candidates per query when the query gives no ``limit``.
DEFAULT_LIMIT = 5


def manifest(base: str) -> dict[str, Any]:
    """The service manifest: all OpenRefine needs to add the service by its URL alone."""
    return {
        "versions": ["0.2"],
        "name": "aliasdb: Russian, Ukrainian and Korean names",
        "identifierSpace": f"{base}/entities/",
        "schemaSpace": f"{base}/types/",
        "serviceVersion": __version__,
        "documentation": f"{base}/docs",
        "defaultTypes": TYPES,
        "view": {"url": f"{base}/entities/{{{{id}}}}"},
        "preview": {"url": f"{base}/reconcile/preview?id={{{{id}}}}", "width": 400, "height": 120},
        "suggest": {"entity": {"service_url": base, "service_path": "/reconcile/suggest/entity"}},
    }


def _types(value: object, where: str) -> list[str] | None:
    """A query's ``type``: a kind or a list of kinds (None: any)."""
    if value is None:
        return None
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(t, str) for t in names):
        raise BadRequest(f"{where}.type must be a string or a list of strings")
    unknown = [t for t in names if t not in KINDS]
    if unknown:
        raise BadRequest(f"{where}.type: unknown type {unknown[0]!r}; the types are {', '.join(KINDS)}")
    return list(dict.fromkeys(names)) or None


def _candidate(m: Match, matched: bool) -> dict[str, Any]:
    return {"id": m.id, "name": m.name, "score": round(m.score * 100, 2), "match": matched,
            "type": [{"id": m.kind, "name": TYPE_NAMES[m.kind]}], "description": f"{m.method} via {m.alias}"}


def check_batch(queries: object, limits: Limits) -> dict[str, dict[str, Any]]:
    """The batch, checked: a JSON object of query objects, each with a ``query`` string."""
    if not isinstance(queries, dict):
        raise BadRequest("queries must be a JSON object of query objects, e.g. {\"q0\": {\"query\": \"Poutine\"}}")
    if len(queries) > limits.max_batch:
        raise BadRequest(f"{len(queries)} queries in one batch; the limit is {limits.max_batch}", status=422)
    for key, q in queries.items():
        where = f"queries[{key!r}]"
        if not isinstance(q, dict):
            raise BadRequest(f"{where} must be an object with a query string")
        text = q.get("query")
        if not isinstance(text, str):
            raise BadRequest(f"{where}.query must be a string (aliasdb matches names, not properties alone)")
        if len(text) > limits.max_name_chars:
            raise BadRequest(f"{where}.query has {len(text)} characters; the limit is {limits.max_name_chars}", status=422)
        _types(q.get("type"), where)
        limit = q.get("limit", DEFAULT_LIMIT)
        if isinstance(limit, bool) or not isinstance(limit, (int, float)) or not 0 <= limit < float("inf"):
            raise BadRequest(f"{where}.limit must be a number, 0 or more")
    return queries


def reconcile(loaded: Loaded, queries: dict[str, dict[str, Any]], limits: Limits,
              deadline: float | None = None) -> dict[str, Any]:
    """Answer a checked batch: for each query, its candidates, best first (503 past ``deadline``,
    a ``time.monotonic()`` value)."""
    db = loaded.db
    out: dict[str, Any] = {}
    for key, q in queries.items():
        if deadline is not None and time.monotonic() > deadline:
            raise BadRequest(f"time budget of {limits.time_budget:g} s spent after {len(out)} queries; "
                             "send smaller batches", 503)
        kinds = _types(q.get("type"), f"queries[{key!r}]")
        kind = kinds[0] if kinds and len(kinds) == 1 else None
        limit = max(0, min(int(q.get("limit", DEFAULT_LIMIT)), limits.max_limit))
        name = q["query"]
        match = db.resolve(name, kind=kind)
        found = [c for c in db.candidates(name, kind=kind, limit=limits.max_limit if kinds and kind is None else limit)
                 if kinds is None or c.kind in kinds][:limit]
        if match is not None and (kinds is None or match.kind in kinds) and match.id not in {c.id for c in found} and limit:
            found = [match, *found][:limit]  # (the answer is always among the candidates)
        out[key] = {"result": [_candidate(c, match is not None and c.id == match.id) for c in found]}
    return out


@lru_cache(maxsize=4)
def _sorted_names(loaded: Loaded) -> tuple[list[str], list[int]]:
    """Every name of every entity, normalized, and each from every word on (Belo finds Andrei
    Belousov), sorted, for prefix search."""
    found: set[tuple[str, int]] = set()
    for i, e in enumerate(loaded.db.entities):
        for n in e.all_names:
            words = normalize(n).split()
            found.update((" ".join(words[k:]), i) for k in range(len(words)))
    pairs = sorted(found)
    return [p[0] for p in pairs], [p[1] for p in pairs]


def suggest(loaded: Loaded, prefix: str, limit: int) -> dict[str, Any]:
    """Entities whose name or an alias begins with ``prefix`` (normalized), then, to fill up, the
    candidates for the prefix read as a whole name (any script or spelling)."""
    names, owners = _sorted_names(loaded)
    entities = loaded.db.entities
    key = normalize(prefix)
    chosen: dict[str, Entity] = {}
    if key:
        i = bisect_left(names, key)
        while i < len(names) and names[i].startswith(key) and len(chosen) < limit:
            e = entities[owners[i]]
            chosen.setdefault(e.id, e)
            i += 1
    if len(chosen) < limit and prefix.strip():
        for c in loaded.db.candidates(prefix, limit=limit):
            chosen.setdefault(c.id, loaded.db.get(c.id))
    return {"result": [{"id": e.id, "name": e.name, "description": _describe(e),
                        "notable": [{"id": e.kind, "name": TYPE_NAMES[e.kind]}]} for e in list(chosen.values())[:limit]]}


def _describe(e: Entity) -> str:
    others = [a for a in e.aliases if a != e.name][:4]
    return f"{TYPE_NAMES[e.kind]}{', ' + e.country if e.country else ''}" + (f"; also {', '.join(others)}" if others else "")


def preview(e: Entity) -> str:
    """A small HTML card of an entity, for OpenRefine's preview pane (no external assets)."""
    names = ", ".join(html.escape(a) for a in e.aliases[:12])
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
            f"{html.escape(e.name)}</title></head><body style=\"font:14px sans-serif;margin:6px\">"
            f"<strong>{html.escape(e.name)}</strong> <small>{html.escape(e.kind)}"
            f"{' · ' + html.escape(e.country) if e.country else ''}</small><br><code>{html.escape(e.id)}</code>"
            f"<p style=\"margin:4px 0\">{names}</p></body></html>")
