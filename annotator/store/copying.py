"""Copy a whole corpus between a SQLite file and the team server, all or nothing.

``annotator db push --to URL`` copies the open local corpus into an empty server database;
``annotator db pull --from URL --to PATH`` (and a backup of a server corpus) copies it into a
new SQLite file. Every row keeps its id (so the event log, undo and gold provenance stay
true); the target is created and migrated with the same migrations, filled in one
transaction, its search index rebuilt and its id sequences moved past the copied ids. If
anything fails, the target is left as it was (a new file is removed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from peewee import BooleanField, Database

from annotator.core.errors import CorpusError
from annotator.store import db, raw, tables

BATCH = 5000


def _columns(model: type[tables.Base]) -> list[str]:
    return [f.column_name for f in model._meta.sorted_fields]


def _booleans(model: type[tables.Base]) -> list[int]:
    fields = model._meta.sorted_fields
    return [i for i, f in enumerate(fields) if isinstance(f, BooleanField)]


def copy_rows(source: Database, target: Database) -> dict[str, int]:
    """Copy every table's rows from ``source`` into the migrated, empty ``target`` in one
    transaction of ``target``. Returns the rows copied per table."""
    counts: dict[str, int] = {}
    with target.atomic():
        for model in tables.TABLES:
            table = model._meta.table_name
            columns = _columns(model)
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            flags = _booleans(model)
            insert = f"INSERT INTO {table} ({names}) VALUES ({marks})"
            if table == "meta":  # the target's own label schema row, if migrations made one
                raw.execute(target, "DELETE FROM meta")
            order = "" if table == "meta" else ' ORDER BY "id"' if "id" in columns else ""
            n = 0
            batch: list[Any] = []
            for row in raw.stream(source, f"SELECT {names} FROM {table}{order}"):
                batch.append(_with_bools(row, flags) if flags else row)
                if len(batch) == BATCH:
                    raw.executemany(target, insert, batch)
                    n, batch = n + len(batch), []
            raw.executemany(target, insert, batch)
            counts[table] = n + len(batch)
        raw.reset_sequences(target, [m._meta.table_name for m in tables.TABLES if _has_id(m)])
        if not raw.is_postgres(target):
            raw.execute(target, "INSERT INTO article_fts(article_fts) VALUES ('rebuild')")
    return counts


def _has_id(model: type[tables.Base]) -> bool:
    key = model._meta.primary_key
    return bool(key) and getattr(key, "column_name", None) == "id"


def _with_bools(row: tuple[Any, ...], flags: list[int]) -> tuple[Any, ...]:
    values = list(row)
    for i in flags:
        values[i] = None if values[i] is None else bool(values[i])
    return tuple(values)


def _migrated(target: Database) -> None:
    with tables.bound(target):
        db.migrate(target)


def copy_corpus(source: Database, dest: str, password: str | None = None) -> dict[str, int]:
    """Copy the corpus of ``source`` to ``dest``: a new SQLite file, or an empty server
    database (URL). Refused, changing nothing, if the file exists or the server database
    already holds articles."""
    new_file = not db.is_url(dest)
    if new_file and Path(dest).exists():
        raise CorpusError(f"{dest} exists already; choose a new file")
    target = db.open_database(dest, password)
    try:
        _migrated(target)
        (articles,) = raw.one(target, "SELECT COUNT(*) FROM article")
        if articles:
            raise CorpusError(
                f"the corpus at {dest} is not empty ({articles} articles): a copy goes into an "
                "empty database only, so nothing is mixed or overwritten"
            )
        with tables.bound(target):
            return copy_rows(source, target)
    except BaseException:
        target.close()
        if new_file:
            for suffix in ("", "-wal", "-shm"):
                Path(dest + suffix).unlink(missing_ok=True)
        raise
    finally:
        if not target.is_closed():
            target.close()
