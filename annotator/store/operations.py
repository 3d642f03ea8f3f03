"""What each public operation of ``Corpus`` is: a read, a write, or a session step.

Callers that stand between a window and a team server (the GUI's ``TeamLink``) must know,
for every operation, whether it changes the corpus and what happens to it while the server is
away. That is declared on the operation itself, never kept as a list of names elsewhere:

* ``@read``: changes nothing stored (it may fill this process's caches);
* ``@write(Outage.QUEUE)``: an annotator's own edit; while the server is away it is kept and
  applied, in order, once it is back;
* ``@write(Outage.REFUSE, why=...)``: refused while the server is away, nothing changed, and
  ``why`` is what the user is told (a gold decision, a schema edit, an import);
* ``@session``: opens, closes or names the user of this process's connection.

``tests/unit/test_operations.py`` fails when a public method of ``Corpus`` has no declaration,
when a method that returns ``Changes`` is not a write, and when a declared read changes the
tables. Plain Python: no Qt, no peewee.
"""

from __future__ import annotations

import enum
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

ATTRIBUTE = "__corpus_operation__"


class Kind(enum.Enum):
    READ = "read"
    WRITE = "write"
    SESSION = "session"


class Outage(enum.Enum):
    """What a write does while the team server is away."""

    QUEUE = "queue"  # kept, applied in order once the server is back
    REFUSE = "refuse"  # refused with its reason; nothing is changed, the user is told


@dataclass(frozen=True)
class Operation:
    kind: Kind
    outage: Outage | None = None
    why: str = ""  # a refused write: what the user is told
    returns_changes: bool = False  # a write that hands back a Changes record


# The reasons shown to the user when a write is refused while the server is away.
GOLD_WAITS = (
    "The team server is away: this gold decision was not saved. Make it again once the "
    "connection is back."
)
SCHEMA_WAITS = (
    "The team server is away: this change to the labels was not saved. Make it again once "
    "the connection is back."
)
UNDO_WAITS = "Undo and redo wait for the team server: press it again once the connection is back."
SERVER_WAITS = (
    "The team server is away: this change was not saved. Do it again once the connection is back."
)


def _returns_changes(func: Callable[..., Any]) -> bool:
    annotation = inspect.signature(func).return_annotation
    return annotation == "Changes" or getattr(annotation, "__name__", "") == "Changes"


def write(outage: Outage, *, why: str = "") -> Callable[[F], F]:
    """Declare a write and what it does while the team server is away."""
    if outage is Outage.REFUSE and not why:
        raise ValueError("a write refused while the server is away says why")

    def mark(func: F) -> F:
        setattr(func, ATTRIBUTE, Operation(Kind.WRITE, outage, why, _returns_changes(func)))
        return func

    return mark


def read(func: F) -> F:
    """Declare a read: it changes nothing stored."""
    setattr(func, ATTRIBUTE, Operation(Kind.READ))
    return func


def session(func: F) -> F:
    """Declare a step of this process's session (open, close, who is using it)."""
    setattr(func, ATTRIBUTE, Operation(Kind.SESSION))
    return func


def operation_of(member: object) -> Operation | None:
    """The declaration of a ``Corpus`` member (a function, classmethod or bound method)."""
    if isinstance(member, (classmethod, staticmethod)):
        member = member.__func__
    member = getattr(member, "__func__", member)
    found = getattr(member, ATTRIBUTE, None)
    return found if isinstance(found, Operation) else None


def declared(cls: type) -> dict[str, Operation | None]:
    """Every public method of ``cls`` (all its bases) with its declaration (None: none)."""
    out: dict[str, Operation | None] = {}
    for name in dir(cls):
        if name.startswith("_"):
            continue
        raw = inspect.getattr_static(cls, name)
        if isinstance(raw, property):
            continue  # an attribute, read as one
        if callable(raw) or isinstance(raw, (classmethod, staticmethod)):
            out[name] = operation_of(raw)
    return out
