"""The one error a handler raises for anything a client sent wrong: a status and a message, sent
as ``{"error": message}``."""

from __future__ import annotations


class BadRequest(Exception):
    """A client's mistake: answered with ``status`` (a 4xx) and ``{"error": message}``."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status
