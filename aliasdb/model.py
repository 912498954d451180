"""The immutable values aliasdb hands out: entities and matches, and ``frozen``, which makes them.

``frozen`` does what ``@dataclass(frozen=True)`` does for these few classes, without importing
``dataclasses`` (which imports ``inspect``, ``ast`` and more): that alone was a fifth of the time
of a one-shot ``aliasdb lookup``.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing's, without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, dataclass_transform

    T = TypeVar("T")
else:
    def dataclass_transform(**_: object) -> Callable[[T], T]:
        return lambda f: f

__version__ = "0.1.0"


_set = object.__setattr__


class FrozenError(AttributeError):
    """An attempt to change an immutable value."""


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise FrozenError(f"{type(self).__name__} is immutable: cannot set {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenError(f"{type(self).__name__} is immutable: cannot delete {name!r}")


@dataclass_transform(frozen_default=True)
def frozen(cls: type[T] | None = None, /, *, eq: bool = True) -> Any:
    """Make a class of annotated fields an immutable value: an ``__init__`` taking the fields in
    order (class attributes are defaults), ``__repr__``, and, with ``eq``, equality and a hash over
    the fields not named in the class's ``_uncompared`` (without, identity: cheap as a cache key)."""

    def make(cls: Any) -> Any:
        names = tuple(cls.__dict__.get("__annotations__", {}))
        defaults = {n: cls.__dict__[n] for n in names if n in cls.__dict__}
        compared = tuple(n for n in names if n not in cls.__dict__.get("_uncompared", ()))
        title = cls.__name__

        def __init__(self: Any, *args: object, **kwargs: object) -> None:
            if len(args) == len(names) and not kwargs:  # the common case, kept cheap
                for name, value in zip(names, args, strict=True):
                    _set(self, name, value)  # (not __dict__.update: attributes set so read faster)
                return
            if len(args) > len(names):
                raise TypeError(f"{title}() takes {len(names)} arguments, {len(args)} given")
            values = dict(zip(names, args, strict=False))
            for name in names[len(args):]:
                if name in kwargs:
                    values[name] = kwargs.pop(name)
                elif name in defaults:
                    values[name] = defaults[name]
                else:
                    raise TypeError(f"{title}() missing argument {name!r}")
            if kwargs:
                raise TypeError(f"{title}() got unexpected arguments: {', '.join(map(repr, kwargs))}")
            for name, value in values.items():
                _set(self, name, value)

        def __repr__(self: Any) -> str:
            return f"{title}({', '.join(f'{n}={self.__dict__[n]!r}' for n in names)})"

        def __eq__(self: Any, other: object) -> bool:
            if other.__class__ is not self.__class__:
                return NotImplemented
            mine, theirs = self.__dict__, other.__dict__
            return all(mine[n] == theirs[n] for n in compared)

        def __hash__(self: Any) -> int:
            return hash(tuple(self.__dict__[n] for n in compared))

        if "__init__" not in cls.__dict__:
            cls.__init__ = __init__
        cls.__repr__ = __repr__
        if eq:
            cls.__eq__ = __eq__
            cls.__hash__ = __hash__
        cls.__setattr__ = _frozen_setattr
        cls.__delattr__ = _frozen_delattr
        cls._fields = names
        return cls

    return make if cls is None else make(cls)


def replace(obj: T, **changes: Any) -> T:
    """A copy of a ``frozen`` value with some fields changed (``dataclasses.replace``)."""
    unknown = changes.keys() - set(obj._fields)  # type: ignore[attr-defined]
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {', '.join(map(repr, sorted(unknown)))}")
    new = object.__new__(type(obj))
    for name in obj._fields:  # type: ignore[attr-defined]
        _set(new, name, changes[name] if name in changes else obj.__dict__[name])
    return new

@frozen
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
    alias_lines: tuple[int, ...] = ()  # line of each alias (not compared)
    # (below: issue #20, per-alias facts and external ids; every field optional, old tables unchanged)
    facts: tuple[Alias, ...] = ()  # the aliases the table says more of than their name, in table order
    wikidata: str | None = None  # Q-id
    geonames: int | None = None
    iso3166_2: str | None = None  # e.g. RU-SPE
    place_type: str | None = None  # oblast, krai, republic, do, si, city, town ...
    part_of: str | None = None  # the id of the division it lies in

    _uncompared = ("alias_lines",)

    @property
    def all_names(self) -> tuple[str, ...]:
        """The name, the aliases and the former names: every string that denotes the entity."""
        return (self.name, *self.aliases, *(h for h, _ in self.historical))

    def alias(self, text: str) -> Alias:
        """What the table says of one of this entity's names: its stated facts, a former name's
        period as dates; a name the entity does not have raises ``LookupError``."""
        for a in self.facts:
            if a.name == text:
                return a
        for former, period in self.historical:
            if former == text:
                from aliasdb.names.langs import period_dates

                since, until = period_dates(period)
                return Alias(text, since=since, until=until)
        if text == self.name or text in self.aliases:
            return Alias(text)
        raise LookupError(f"{self.id} has no name {text!r}")

    @property
    def weak_aliases(self) -> frozenset[str]:
        """Aliases never enough alone to resolve (a bare surname, a short acronym, a metonym)."""
        return frozenset(a.name for a in self.facts if a.weak)


@frozen
class Alias:
    """One name of an entity with what the table says of it (``lang`` as stated; the inferred one
    is ``aliasdb.names.langs.lang_of``). ``since``/``until`` are the table's ``from``/``until``."""

    name: str
    lang: str | None = None
    weak: bool = False
    since: str | None = None
    until: str | None = None
    source: str | None = None

    @property
    def plain(self) -> bool:
        """Whether the table says nothing of it but its name (fmt writes it as a plain string)."""
        return self.lang is None and not self.weak and self.since is None and self.until is None and self.source is None


@frozen
class Source:
    """Where names came from: a key of the table's ``sources:`` section and what it says."""

    key: str
    title: str = ""
    url: str = ""
    licence: str = ""
    retrieved: str = ""


@frozen
class Match:
    """A resolved name: which entity, how sure, how it was found, and through which alias."""

    id: str
    name: str
    kind: str
    score: float  # the precision measured for its evidence class (match/calibration.py)
    method: str
    alias: str
    query: str = ""  # what was asked (not compared)

    _uncompared = ("query",)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "score": round(self.score, 4),
            "method": self.method,
            "alias": self.alias,
        }
