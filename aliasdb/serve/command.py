"""The ``aliasdb serve`` command: its options (built without importing Starlette) and its run."""

from __future__ import annotations

import argparse
import os
from typing import Any

from aliasdb.serve.limits import Limits

#: The environment variable that may hold the API key (kept out of ``ps`` and shell history).
API_KEY_ENV = "ALIASDB_API_KEY"

_LIMIT_FLAGS = {
    "max_body_bytes": (int, "largest request body in bytes (413 past it)"),
    "max_batch": (int, "names in one POST /resolve, queries in one /reconcile batch"),
    "max_name_chars": (int, "characters in one name"),
    "max_text_chars": (int, "characters of text in one POST /annotate"),
    "time_budget": (float, "seconds a batch or an annotation may run"),
    "annotate_resolves_per_kchar": (float, "new runs of words resolved per 1,000 characters annotated"),
}


def add_arguments(sp: argparse.ArgumentParser, positive: Any) -> None:
    sp.add_argument("--aliases", metavar="TABLE_OR_INDEX", help="table or compiled index to serve (default: the shipped table)")
    sp.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    sp.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any free port, printed on start)")
    sp.add_argument("--workers", type=positive, default=1, metavar="N", help="worker processes (default 1)")
    sp.add_argument("--cors", metavar="ORIGIN", help="allow browser pages from this origin (default: no CORS)")
    sp.add_argument("--api-key", metavar="KEY", help=f"require this key in the X-API-Key header (or set ${API_KEY_ENV})")
    sp.add_argument("--access-log", action="store_true", help="log every request")
    defaults = Limits()
    for name, (kind, about) in _LIMIT_FLAGS.items():
        sp.add_argument("--" + name.replace("_", "-"), type=kind, default=getattr(defaults, name), metavar="N",
                        help=f"{about} (default {getattr(defaults, name):g})")


def run(args: argparse.Namespace) -> int:
    from aliasdb.cli import UserError

    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise UserError('the service needs its extra: pip install "aliasdb[serve]"') from None
    values = {name: getattr(args, name) for name in _LIMIT_FLAGS}
    bad = [n for n, v in values.items() if not v > 0]
    if bad:
        raise UserError(f"--{bad[0].replace('_', '-')} must be more than 0")
    if not 0 <= args.port <= 65535:
        raise UserError(f"--port must be between 0 and 65535, not {args.port}")
    if args.workers > 1 and not hasattr(os, "fork"):
        raise UserError("--workers above 1 needs fork (Linux, macOS): run one process per port instead")
    limits = Limits(**values)
    key = args.api_key or os.environ.get(API_KEY_ENV) or None
    from aliasdb.serve.server import run as serve
    from aliasdb.serve.table import describe
    from aliasdb.table.read import TableError

    try:
        return serve(args.aliases, args.host, args.port, args.workers, limits, cors=args.cors, api_key=key,
                     access_log=args.access_log)
    except (TableError, OSError) as exc:
        what = "the table cannot be loaded" if isinstance(exc, TableError) or args.aliases and getattr(
            exc, "filename", None) == args.aliases else f"cannot listen on {args.host}:{args.port}"
        raise UserError(f"{what}: {describe(exc)}") from None
