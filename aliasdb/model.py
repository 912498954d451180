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

    _uncompared = ("alias_lines",)

    @property
    def all_names(self) -> tuple[str, ...]:
        """The name, the aliases and the former names: every string that denotes the entity."""
        return (self.name, *self.aliases, *(h for h, _ in self.historical))


@frozen
class Match:
    """A resolved name: which entity, how sure, how it was found, and through which alias."""

    id: str
    name: str
    kind: str
    score: float
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
