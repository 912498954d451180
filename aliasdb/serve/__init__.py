"""``aliasdb serve``: the HTTP service (``pip install "aliasdb[serve]"``; see docs/serve.md).

app.py, the Starlette application; reconcile.py, the W3C Reconciliation API 0.2; limits.py, every
bound on a request; table.py, the served table and its reload; server.py, the workers and their
signals; command.py, the command line. Nothing here is imported by the library itself: a lookup
never loads Starlette or uvicorn."""

__all__: list[str] = []
