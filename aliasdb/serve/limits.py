"""The bounds of the HTTP service, in one place: each a default with its reason, each changeable
with a flag of ``aliasdb serve`` (see docs/serve.md).

A request that exceeds one gets a 4xx JSON error naming the limit; none can hold a worker for
long: a batch stops at its time budget, and annotation resolves a bounded number of new runs of
words per kilobyte (what costs ~39 s/MB on a text made only of capitalized name parts)."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Limits:
    #: Largest request body read, in bytes (413 past it): room for a full batch or annotate text.
    max_body_bytes: int = 2 * 1024 * 1024
    #: Names in one POST /resolve batch (and queries in one /reconcile batch): a batch answers in well under a second.
    max_batch: int = 1000
    #: Characters in one name: no name is longer; a longer string is text, not a name.
    max_name_chars: int = 500
    #: Characters of text in one POST /annotate.
    max_text_chars: int = 1_000_000
    #: Seconds a batch may run before it stops with 503: no request holds a worker for long.
    time_budget: float = 10.0
    #: New runs of words (not yet in the caches) resolved per 1,000 characters of annotated text,
    #: plus ``annotate_resolves_base``: news needs ~1 per 1,000 characters cold; a text of name
    #: parts alone wants ~250, and past the bound its remaining runs go unread (``complete``: false).
    #: 2.5 keeps such a text within ~5x the time of news per MB (bench/serve.py).
    annotate_resolves_per_kchar: float = 2.5
    annotate_resolves_base: int = 200
    #: Candidates asked for at most (``limit`` of /candidates, /reconcile, /suggest).
    max_limit: int = 100

    def annotate_resolves(self, chars: int) -> int:
        """The new runs a text of ``chars`` characters may resolve."""
        return self.annotate_resolves_base + int(self.annotate_resolves_per_kchar * chars / 1000)

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]
