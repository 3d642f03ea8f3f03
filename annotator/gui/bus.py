"""The window's one change bus: every change to the corpus is published once, every view
subscribes once and refreshes what it shows.

A change reaches the window four ways; each is one :class:`Update` on the bus:

- ``LOCAL``: this window's edit (a span, a status, undo and redo, a gold decision, a schema
  edit, an import); ``changes`` names what it changed;
- ``REPLAYED``: an edit queued while the team server was away, now saved; ``changes`` too;
- ``OTHERS``: someone else changed the team corpus (seen by polling): what changed is not
  known, so a view re-reads what it shows (:attr:`Update.unknown`);
- a schema change, from any of them, says so in ``changes.schema_changed``; an import that
  added articles, in :attr:`Update.new_articles`.

The view that made an edit has shown it already (the labelled span is on screen within one
frame): it is the update's ``source`` and skips it. Subscribers are called in the order they
subscribed, on the GUI thread; a subscriber whose Qt object was deleted is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from PySide6.QtCore import QObject
from shiboken6 import isValid

from annotator.core.model import Changes


class Origin(Enum):
    LOCAL = "local"
    REPLAYED = "replayed"
    OTHERS = "others"


@dataclass(frozen=True)
class Update:
    """One change on the bus: what changed, where it came from, who showed it already."""

    changes: Changes = field(default_factory=Changes)
    origin: Origin = Origin.LOCAL
    source: object | None = None  # the view that made it (it shows it already)
    new_articles: bool = False  # an import added articles (or labels to them): lists reload

    @property
    def unknown(self) -> bool:
        """Someone else's change: the views re-read what they show."""
        return self.origin is Origin.OTHERS

    @property
    def everything(self) -> bool:
        """Whatever a view shows may have changed (someone else's change, an import)."""
        return self.unknown or self.new_articles

    @property
    def schema(self) -> bool:
        return self.changes.schema_changed

    def affects(self, article_id: int | None) -> bool:
        """Whether the article ``article_id`` may look different after this change."""
        return article_id is not None and (
            self.everything or self.schema or article_id in self.changes.article_ids
        )


Subscriber = Callable[[Update], None]


class ChangeBus:
    """Publish each change once; every subscriber gets every origin."""

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []

    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.append(subscriber)

    def publish(
        self,
        changes: Changes,
        origin: Origin = Origin.LOCAL,
        source: object | None = None,
        *,
        new_articles: bool = False,
    ) -> Update:
        """Hand ``changes`` to every subscriber, in the order they subscribed."""
        update = Update(changes, origin, source, new_articles)
        for subscriber in list(self._subscribers):
            owner = getattr(subscriber, "__self__", None)
            if isinstance(owner, QObject) and not isValid(owner):
                self._subscribers.remove(subscriber)  # its view was closed and deleted
                continue
            subscriber(update)
        return update
