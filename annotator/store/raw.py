"""Plain DB-API statements beside peewee, for bulk writes and streaming reads.

The statements are written once with ``?`` placeholders (SQLite's); on PostgreSQL they run
with ``%s`` and bulk writes go through psycopg2's ``execute_values`` / ``execute_batch`` (one
round trip per page, not per row). A dropped server connection becomes
:class:`~annotator.store.errors.ConnectionLost`, as on peewee's path.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from peewee import Database, PostgresqlDatabase

PAGE = 1000


def is_postgres(db: Database) -> bool:
    return isinstance(db, PostgresqlDatabase)


def sql_for(db: Database, sql: str) -> str:
    """``sql`` with the placeholders of ``db``'s driver (no ``?`` may occur in a literal)."""
    if is_postgres(db):
        return sql.replace("%", "%%").replace("?", "%s")
    return sql


def execute(db: Database, sql: str, params: Sequence[Any] = (), *, stream: bool = False) -> Any:
    """Run one statement; the result is an iterable cursor (rows as tuples).

    ``stream``: on PostgreSQL, read the rows from a server-side cursor a page at a time instead
    of all at once (an export of every article's text); SQLite's cursor always streams.
    """
    if not is_postgres(db):
        return db.connection().execute(sql, params)
    if stream:
        global _streams
        _streams += 1
        cursor = db.connection().cursor(name=f"annotator_stream_{_streams}", withhold=True)
        cursor.itersize = PAGE
    else:
        cursor = db.cursor()
    _guard(db, cursor.execute, sql_for(db, sql), tuple(params))
    return cursor


_streams = 0


def stream(db: Database, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
    """The rows of ``sql`` one by one, from a server-side cursor on PostgreSQL, closed when
    the reading stops (exhausted, broken off, or the generator dropped)."""
    cursor = execute(db, sql, params, stream=True)
    try:
        for row in cursor:  # noqa: UP028  (``yield from`` would close the cursor itself)
            yield row
    finally:
        # Dropped after the database was closed (a failed export): nothing left to close.
        with contextlib.suppress(Exception):
            cursor.close()


def one(db: Database, sql: str, params: Sequence[Any] = ()) -> Any:
    return execute(db, sql, params).fetchone()


def executemany(db: Database, sql: str, rows: Iterable[Sequence[Any]]) -> None:
    if not is_postgres(db):
        db.connection().executemany(sql, rows)
        return
    from psycopg2.extras import execute_batch

    _guard(db, execute_batch, db.cursor(), sql_for(db, sql), list(rows), page_size=PAGE)


def insert_returning_ids(
    db: Database, table: str, columns: str, rows: Sequence[Sequence[Any]]
) -> Any:
    """Insert ``rows`` into ``table (columns)``; the new ids in the order of ``rows``.

    On SQLite, inside the write transaction, the new rows are the ones after the largest id
    (AUTOINCREMENT may skip ids, so they are read back); on PostgreSQL,
    ``INSERT … RETURNING id`` hands them back page by page.
    """
    if not rows:
        return []
    marks = ", ".join("?" for _ in rows[0])
    if not is_postgres(db):
        conn = db.connection()
        first = conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0]
        conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        found = conn.execute(f"SELECT id FROM {table} WHERE id >= ? ORDER BY id", (first,))
        return [r[0] for r in found]
    from psycopg2.extras import execute_values

    cursor = db.cursor()
    sql = f"INSERT INTO {table} ({columns}) VALUES %s RETURNING id"
    found = _guard(db, execute_values, cursor, sql, rows, page_size=PAGE, fetch=True)
    return [r[0] for r in found]


def reset_sequences(db: Database, tables: Iterable[str]) -> None:
    """After rows were copied in with their ids, let each table's next id follow the largest
    (PostgreSQL; SQLite's AUTOINCREMENT counter follows by itself)."""
    if not is_postgres(db):
        return
    for table in tables:
        execute(
            db,
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)",
        )


def _guard(db: Database, call: Any, *args: Any, **kwargs: Any) -> Any:
    import psycopg2

    try:
        return call(*args, **kwargs)
    except psycopg2.ProgrammingError as exc:
        from annotator.store.team import refused

        raise refused(exc, db.connect_params.get("user")) from None
    except (psycopg2.OperationalError, psycopg2.InterfaceError) as exc:
        if db.is_closed() or db.connection().closed:  # the server dropped the connection
            raise db.lost(exc) from None  # type: ignore[attr-defined]
        db._translated(exc)  # type: ignore[attr-defined]
        raise
    except psycopg2.InternalError as exc:  # a read-only transaction (25006), damaged data
        db._translated(exc)  # type: ignore[attr-defined]
        raise
