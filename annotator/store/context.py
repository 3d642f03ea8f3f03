"""What the services of one open corpus share, held explicitly: the database, where it
lives, and the ids of annotators found so far. Each service (``store/articles.py``,
``labels.py``, ...) is made with the context and the other services it uses, and keeps no
other shared state (:class:`annotator.store.corpus.Corpus` assembles them).
"""

from __future__ import annotations

from typing import Any

from peewee import Database

from annotator.store import raw


class StoreContext:
    """One open corpus's database connection and the caches every service may use."""

    def __init__(self, database: Database, location: str) -> None:
        self.db = database
        self.location = location
        self.pg = raw.is_postgres(database)  # a team server (PostgreSQL), else a SQLite file
        self._annotator_ids: dict[str, int] = {}

    def writing(self) -> Any:
        """A write's transaction. On SQLite it takes the write lock at once (BEGIN
        IMMEDIATE), so what it reads first (the schema, the rows it checks) cannot change
        before it writes; on a server the write's row locks do that."""
        if self.pg:
            return self.db.atomic()
        return self.db.atomic("IMMEDIATE")

    def annotator_id_or_none(self, name: str | None) -> int | None:
        """The id of annotator ``name``, None if there is none. Ids found outside a
        transaction are kept (an annotator's id never changes and no annotator is removed);
        a name not found is asked again next time (another app may add it)."""
        if not name:
            return None
        known = self._annotator_ids
        if name in known:
            return known[name]
        row = raw.one(self.db, "SELECT id FROM annotator WHERE name = ?", (name,))
        if row is None:
            return None
        if not self.db.in_transaction():
            known[name] = int(row[0])
        return int(row[0])
