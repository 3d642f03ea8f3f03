"""The one place where the database drivers' errors become the store's own, in words.

A corpus file is opened through :class:`GuardedConnection`, a ``sqlite3.Connection`` whose
cursors translate every SQLite error that is about the file rather than the statement (disk
full, I/O error, read-only, locked by another program, damaged, not a database) into an
:mod:`annotator.store.errors` type as they happen: in ``execute``, in ``executemany`` and while
rows are fetched. Every statement of the store, peewee's and :mod:`annotator.store.raw`'s,
goes through these cursors, so no caller needs a ``try`` of its own.

The same cursors keep a failed transaction's cause in sight: SQLite rolls a transaction back
by itself on some errors (a full disk, an I/O error), after which the ``ROLLBACK`` that
peewee sends on the way out would fail with "cannot rollback - no transaction is active" and
hide the cause. A ``ROLLBACK`` with no transaction open is skipped, and one that fails while
another error is on its way out is logged, not raised.

On a team server, :func:`translate` maps PostgreSQL's SQLSTATEs the same way (disk full 53100,
read-only transaction 25006, lock not available 55P03, data corrupted XX001/XX002, I/O error
58030); :class:`annotator.store.team.TeamDatabase` and :mod:`annotator.store.raw` call it.

What the failed operation was is named by :func:`doing`: "nothing of this import of a.jsonl
was saved".
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sqlite3
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any
from urllib.parse import unquote

from annotator.store.errors import (
    CorpusDamaged,
    CorpusLocked,
    CorpusReadOnly,
    DiskError,
    DiskFull,
    StoreError,
)

log = logging.getLogger(__name__)

_doing: ContextVar[str] = ContextVar("annotator_store_doing", default="this change")

CHECK_HINT = " (`annotator db check` tells more)"

# SQLite's primary result codes (https://sqlite.org/rescode.html).
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26


@contextlib.contextmanager
def doing(what: str) -> Iterator[None]:
    """Name the operation in messages of failures inside the block ("this import of a.jsonl":
    "nothing of this import of a.jsonl was saved")."""
    token = _doing.set(what)
    try:
        yield
    finally:
        _doing.reset(token)


def _detail(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def sqlite_error(exc: sqlite3.Error, where: str, read_only_reason: str = "") -> StoreError | None:
    """The store's error for a SQLite error about the file; None for one about the statement
    (a constraint, a syntax error), which is the store's own business."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        if str(exc).startswith("Could not decode to UTF-8"):  # the driver's, about a row
            return not_utf8(where)
        return None
    primary = code & 0xFF
    unsaved = f"nothing of {_doing.get()} was saved"
    if primary == SQLITE_FULL:
        return DiskFull(
            f"the disk is full: {unsaved}; free some space on the disk of {where} and try again"
        )
    if primary == SQLITE_IOERR:
        return DiskError(f"the disk could not read or write {where} ({_detail(exc)}): {unsaved}")
    if primary in (SQLITE_READONLY, SQLITE_PERM):
        reason = read_only_reason or f"the corpus file {where} is read-only"
        return CorpusReadOnly(f"{reason}: {unsaved}")
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return CorpusLocked(
            f"another program is writing to the corpus {where}; try again ({unsaved})"
        )
    if primary == SQLITE_CORRUPT:
        return CorpusDamaged(
            f"the corpus file {where} is damaged ({_detail(exc)}); restore it from a backup"
            + CHECK_HINT
        )
    if primary == SQLITE_NOTADB:
        return CorpusDamaged(
            f"{where} is not a database, or its first page is damaged ({_detail(exc)})"
        )
    if primary == SQLITE_CANTOPEN:
        return StoreError(f"cannot open the corpus file {where} ({_detail(exc)})")
    return None


def not_utf8(where: str) -> CorpusDamaged:
    return CorpusDamaged(
        f"the corpus file {where} is damaged: it holds text that is not valid UTF-8; restore "
        "it from a backup" + CHECK_HINT
    )


# PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html).
PG_DISK_FULL, PG_READ_ONLY, PG_LOCK_NOT_AVAILABLE = "53100", "25006", "55P03"
PG_DEADLOCK, PG_IO_ERROR, PG_DATA_CORRUPTED, PG_INDEX_CORRUPTED = "40P01", "58030", "XX001", "XX002"
PG_OUT_OF_MEMORY, PG_TOO_MANY_CONNECTIONS = "53200", "53300"


def _pgcode(exc: BaseException) -> str | None:
    """The SQLSTATE of a psycopg2 error, also when peewee has wrapped it."""
    seen: set[int] = set()
    todo: list[Any] = [exc]
    while todo:
        item = todo.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        code = getattr(item, "pgcode", None)
        if code:
            return str(code)
        todo.extend([item.__cause__, item.__context__, *item.args[:1]])
    return None


def pg_code(exc: BaseException) -> str | None:
    """The SQLSTATE of a PostgreSQL error (``22P02``: text that does not parse as its type,
    e.g. JSON), for the store's own handling of a statement's error; None for others."""
    return _pgcode(exc)


def pg_error(exc: BaseException, where: str) -> StoreError | None:
    """The store's error for a PostgreSQL error about the server's storage or locks."""
    code = _pgcode(exc)
    unsaved = f"nothing of {_doing.get()} was saved"
    if code == PG_DISK_FULL:
        return DiskFull(f"the team server's disk is full: {unsaved} ({where})")
    if code == PG_READ_ONLY:
        return CorpusReadOnly(f"the team database {where} is read-only: {unsaved}")
    if code in (PG_LOCK_NOT_AVAILABLE, PG_DEADLOCK):
        return CorpusLocked(
            f"another program is writing to the corpus {where}; try again ({unsaved})"
        )
    if code in (PG_DATA_CORRUPTED, PG_INDEX_CORRUPTED):
        return CorpusDamaged(f"the team database {where} reports damaged data: {_detail(exc)}")
    if code == PG_IO_ERROR:
        return DiskError(f"the team server could not read or write its disk: {unsaved}")
    if code in (PG_OUT_OF_MEMORY, PG_TOO_MANY_CONNECTIONS):
        return StoreError(f"the team server {where} is out of resources: {_detail(exc)}")
    return None


def translate(exc: BaseException, where: str) -> StoreError | None:
    """The store's error for a driver's error (SQLite or PostgreSQL), or None."""
    if isinstance(exc, StoreError):
        return exc
    for item in (exc, *exc.args[:1], exc.__cause__, exc.__context__):
        if isinstance(item, sqlite3.Error):
            return sqlite_error(item, where)
    return pg_error(exc, where)


# ------------------------------------------------------------------ SQLite connections


def display_path(database: str) -> str:
    """The file of a SQLite ``database`` argument (a path or a ``file:`` URI)."""
    if database.startswith("file:"):
        return unquote(database[5:].split("?", 1)[0])
    return database


class GuardedConnection(sqlite3.Connection):
    """A SQLite connection whose cursors raise the store's errors (``factory=`` of
    ``sqlite3.connect``). ``read_only_reason``, when set, says why writes are refused."""

    read_only_reason = ""

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        self.where = display_path(str(database))
        try:
            super().__init__(database, *args, **kwargs)
        except sqlite3.Error as exc:
            error = sqlite_error(exc, self.where)
            if error is None:
                raise
            raise error from exc

    def cursor(self, factory: Any = None) -> Any:
        return super().cursor(factory or GuardedCursor)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        return self.cursor().executemany(sql, parameters)

    def executescript(self, script: str, /) -> Any:
        return self.cursor().executescript(script)

    def fail(self, exc: sqlite3.Error) -> BaseException:
        return sqlite_error(exc, self.where, self.read_only_reason) or exc


_Cursor = sqlite3.Cursor


class GuardedCursor(sqlite3.Cursor):
    """A cursor of a :class:`GuardedConnection`: the store's errors, rollbacks that do not
    hide the cause. (The methods call ``sqlite3.Cursor``'s directly: rows are fetched here,
    and this keeps their cost small.)"""

    def _translate(self, exc: sqlite3.Error | UnicodeDecodeError) -> None:
        conn = self.connection
        if not isinstance(conn, GuardedConnection):
            return
        if isinstance(exc, UnicodeDecodeError):  # a damaged name in the schema, say
            raise not_utf8(conn.where) from exc
        error = conn.fail(exc)
        if error is not exc:
            raise error from exc

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        if sql.lstrip()[:8].upper() == "ROLLBACK":
            return self._rollback(sql, parameters)
        try:
            return _Cursor.execute(self, sql, parameters)
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            self._translate(exc)
            raise

    def _rollback(self, sql: str, parameters: Any) -> Any:
        if not self.connection.in_transaction:
            # SQLite already rolled back (a full disk, an I/O error): nothing left to undo.
            return self
        cause = sys.exc_info()[1]  # the error this rollback is on the way out of, if any
        try:
            return _Cursor.execute(self, sql, parameters)
        except sqlite3.Error as exc:
            if cause is not None:  # that error is the one to tell, not this one
                log.warning("rollback after %r failed too: %s", cause, exc)
                return self
            self._translate(exc)
            raise

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> Any:
        try:
            return _Cursor.executemany(self, sql, seq_of_parameters)
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            self._translate(exc)
            raise

    def executescript(self, sql_script: str, /) -> Any:
        try:
            return _Cursor.executescript(self, sql_script)
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            self._translate(exc)
            raise

    def fetchone(self) -> Any:
        try:
            return _Cursor.fetchone(self)
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            self._translate(exc)
            raise

    def fetchmany(self, size: int | None = None) -> list[Any]:
        try:
            return _Cursor.fetchmany(self, self.arraysize if size is None else size)
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            self._translate(exc)
            raise

    def fetchall(self) -> list[Any]:
        try:
            return _Cursor.fetchall(self)
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            self._translate(exc)
            raise

    def __iter__(self) -> Iterator[Any]:  # type: ignore[override]
        return self._rows()

    def _rows(self) -> Iterator[Any]:
        # The rows come from sqlite3's own __next__ through C (``iter(callable, sentinel)``
        # ends at its StopIteration); a Python __next__ would double the cost of a row.
        try:
            yield from iter(functools.partial(_Cursor.__next__, self), _END)
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            self._translate(exc)
            raise


_END = object()
