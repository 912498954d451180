"""The immutable values aliasdb hands out: entities and matches."""

from __future__ import annotations

from dataclasses import dataclass, field

__version__ = "0.1.0"

KINDS = ("person", "place", "org")


@dataclass(frozen=True)
class Entity:
    """One row of the alias table: a canonical id, its kind, its display name and its aliases."""

    id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    historical: tuple[tuple[str, str], ...] = ()  # (former name, period)
    ambiguous: tuple[str, ...] = ()  # aliases knowingly shared with another entity
    line: int = 0  # line of the entity in its table file, for error messages
    alias_lines: tuple[int, ...] = field(default=(), compare=False)  # line of each alias

    @property
    def all_names(self) -> tuple[str, ...]:
        """The name, the aliases and the former names: every string that denotes the entity."""
        return (self.name, *self.aliases, *(h for h, _ in self.historical))


@dataclass(frozen=True)
class Match:
    """A resolved name: which entity, how sure, how it was found, and through which alias."""

    id: str
    name: str
    kind: str
    score: float
    method: str
    alias: str
    query: str = field(default="", compare=False)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "score": round(self.score, 4),
            "method": self.method,
            "alias": self.alias,
        }
