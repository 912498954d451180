"""The OpenAPI 3.1 document of the service, written out (the handlers check their input by hand;
this says what they accept and answer, and the fuzz test holds them to it)."""

from __future__ import annotations

from typing import Any

from aliasdb.kinds import KINDS
from aliasdb.model import __version__
from aliasdb.serve.limits import Limits

_STR = {"type": "string"}
_REF = {"$ref": "#/components/schemas/Match"}
_MATCH = {"type": "object", "required": ["id", "name", "kind", "score", "method", "alias"],
          "properties": {"id": _STR, "name": _STR, "kind": {"enum": list(KINDS)}, "score": {"type": "number"},
                         "method": _STR, "alias": _STR}}
_ERR_REF = {"$ref": "#/components/schemas/Error"}
_ERROR = {"type": "object", "required": ["error"], "properties": {"error": _STR}}
_LOOKUP = {"type": "object", "required": ["query", "match", "candidates"],
           "properties": {"query": _STR, "match": {"oneOf": [{"$ref": "#/components/schemas/Match"}, {"type": "null"}]},
                          "candidates": {"type": "array", "items": {"$ref": "#/components/schemas/Match"}}}}
_CANDIDATE = {"type": "object", "required": ["id", "name", "score", "match", "type"],
              "properties": {"id": _STR, "name": _STR, "score": {"type": "number"}, "match": {"type": "boolean"},
                             "description": _STR,
                             "type": {"type": "array", "items": {"type": "object", "required": ["id"],
                                                                 "properties": {"id": _STR, "name": _STR}}}}}


def _errors(*codes: int) -> dict[str, Any]:
    reasons = {400: "malformed request: bad JSON, wrong type, unknown kind, invalid UTF-8", 401: "missing or wrong API key",
               404: "no such entity", 413: "body over the size limit", 422: "over a limit (batch, name, text)",
               503: "time budget spent"}
    return {str(c): {"description": reasons[c], "content": {"application/json": {"schema": _ERR_REF}}}
            for c in codes}


def _ok(schema: dict[str, Any], media: str = "application/json") -> dict[str, Any]:
    return {"200": {"description": "OK", "content": {media: {"schema": schema}}}}


def _q(name: str, schema: dict[str, Any], required: bool = False, about: str = "") -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": about}


def openapi(limits: Limits) -> dict[str, Any]:
    name = _q("name", {"type": "string", "maxLength": limits.max_name_chars}, True, "a name, in any script")
    kind = _q("kind", {"enum": list(KINDS)}, False, "only entities of this kind")
    limit = _q("limit", {"type": "integer", "minimum": 0, "maximum": limits.max_limit}, False, "at most this many")
    json_body = {"required": True, "content": {"application/json": {"schema": None}}}

    def body(schema: dict[str, Any]) -> dict[str, Any]:
        return {**json_body, "content": {"application/json": {"schema": schema}}}

    lookup_ref = {"$ref": "#/components/schemas/Lookup"}
    batch = {"type": "object", "maxProperties": limits.max_batch, "additionalProperties": {
        "type": "object", "required": ["query"], "properties": {
            "query": {"type": "string", "maxLength": limits.max_name_chars},
            "type": {"oneOf": [{"enum": [*KINDS, None]}, {"type": "array", "items": {"enum": list(KINDS)}}]},
            "limit": {"type": "number", "minimum": 0}}}}
    paths: dict[str, Any] = {
        "/health": {"get": {"summary": "Alive, with a table loaded", "responses": _ok(
            {"type": "object", "required": ["status", "entities"],
             "properties": {"status": {"const": "ok"}, "entities": {"type": "integer"}}})}},
        "/version": {"get": {"summary": "aliasdb's version and the loaded table's content hash", "responses": {**_ok(
            {"type": "object", "required": ["aliasdb", "table", "table_sha256", "entities"],
             "properties": {"aliasdb": _STR, "table": _STR, "table_sha256": _STR, "entities": {"type": "integer"},
                            "reloads": {"type": "integer"}}}), **_errors(401)}}},
        "/resolve": {
            "get": {"summary": "The one entity a name denotes, or null with the candidates", "parameters": [name, kind],
                    "responses": {**_ok(lookup_ref), **_errors(400, 401, 422)}},
            "post": {"summary": "A batch of names, answered in order",
                     "requestBody": body({"type": "object", "required": ["names"], "properties": {
                         "names": {"type": "array", "maxItems": limits.max_batch,
                                   "items": {"type": "string", "maxLength": limits.max_name_chars}},
                         "kind": {"enum": [*KINDS, None]}}}),
                     "responses": {**_ok({"type": "object", "required": ["results"],
                                          "properties": {"results": {"type": "array", "items": lookup_ref}}}),
                                   **_errors(400, 401, 413, 422, 503)}}},
        "/candidates": {"get": {"summary": "What a name could denote, best first", "parameters": [name, kind, limit],
                                "responses": {**_ok({"type": "object", "required": ["query", "candidates"], "properties": {
                                    "query": _STR, "candidates": {"type": "array", "items": _REF}}}),
                                    **_errors(400, 401, 422)}}},
        "/explain": {"get": {"summary": "Every step of the decision (as `aliasdb explain --json`)", "parameters": [name, kind],
                             "responses": {**_ok({"type": "object", "required": ["query", "candidates", "result", "reason"]}),
                                           **_errors(400, 401, 422)}}},
        "/entities/{id}": {"get": {"summary": "An entity with all its names",
                                   "parameters": [{"name": "id", "in": "path", "required": True, "schema": _STR}],
                                   "responses": {**_ok({"type": "object", "required": ["id", "kind", "name", "aliases"],
                                                        "properties": {"id": _STR, "kind": {"enum": list(KINDS)}, "name": _STR,
                                                                       "aliases": {"type": "array", "items": _STR}}}),
                                                 **_errors(400, 401, 404)}}},
        "/annotate": {"post": {"summary": "The mentions of the table's entities in a text",
                               "requestBody": body({"type": "object", "required": ["text"], "properties": {
                                   "text": {"type": "string", "maxLength": limits.max_text_chars},
                                   "kinds": {"type": ["array", "null"], "items": {"enum": list(KINDS)}}}}),
                               "responses": {**_ok({"type": "object", "required": ["mentions", "complete"], "properties": {
                                   "complete": {"type": "boolean"},
                                   "mentions": {"type": "array", "items": {"type": "object", "required": [
                                       "start", "end", "text", "id", "name", "kind", "score", "method"]}}}}),
                                   **_errors(400, 401, 413, 422)}}},
        "/reconcile": {
            "get": {"summary": "W3C Reconciliation API 0.2: the manifest, or a batch of queries",
                    "parameters": [{"name": "queries", "in": "query", "required": False,
                                    "description": 'a JSON object: {"q0": {"query": "Poutine", "type": "person"}}; '
                                                   'without it, the service manifest',
                                    "content": {"application/json": {"schema": batch}}}],
                    "responses": {**_ok({"type": "object"}), **_errors(400, 401, 422, 503)}},
            "post": {"summary": "W3C Reconciliation API 0.2: a batch of queries (form field `queries`)",
                     "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {
                         "schema": {"type": "object", "required": ["queries"], "properties": {"queries": batch}},
                         "encoding": {"queries": {"contentType": "application/json"}}}}},
                     "responses": {**_ok({"type": "object", "additionalProperties": {
                         "type": "object", "required": ["result"],
                         "properties": {"result": {"type": "array", "items": _CANDIDATE}}}}),
                                   **_errors(400, 401, 413, 422, 503)}}},
        "/reconcile/suggest/entity": {"get": {"summary": "Entities for autocompletion",
                                              "parameters": [_q("prefix", {"type": "string", "maxLength": limits.max_name_chars},
                                                                True), limit],
                                              "responses": {**_ok({"type": "object", "required": ["result"]}),
                                                            **_errors(400, 401, 422)}}},
        "/reconcile/preview": {"get": {"summary": "An HTML card of an entity", "parameters": [_q("id", _STR, True)],
                                       "responses": {**_ok(_STR, "text/html"), **_errors(400, 401, 404)}}},
    }
    return {"openapi": "3.1.0",
            "info": {"title": "aliasdb", "version": __version__,
                     "description": "Canonical ids for Russian, Ukrainian and Korean names. Limits: body "
                                    f"{limits.max_body_bytes:,} bytes, {limits.max_batch} names a batch, "
                                    f"{limits.max_name_chars} characters a name, {limits.max_text_chars:,} a text."},
            "paths": paths,
            "components": {"schemas": {"Match": _MATCH, "Error": _ERROR, "Lookup": _LOOKUP},
                           "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}}}}
