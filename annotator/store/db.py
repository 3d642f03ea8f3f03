"""Open a corpus database, apply pragmas, and bring its schema up to date.

A corpus is a SQLite file (a path) or a PostgreSQL database (a ``postgresql://`` URL, the team
server, :mod:`annotator.store.team`). SQLite runs in WAL mode with ``synchronous=FULL`` and
foreign keys on (docs/adr/0003-sqlite-durability.md).
Migrations are ordered functions, the same for both; before any runs on an existing SQLite
file, the file is copied with SQLite's online backup API next to it. On the server, migrations
run under an advisory lock, so two apps starting at once do not both migrate.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

from peewee import Database, SqliteDatabase

from annotator.core.schema import LabelSchema
from annotator.store import failures, raw, security, tables, team
from annotator.store.errors import CorpusDamaged, CorpusReadOnly, NotACorpus, StoreError

__all__ = ["StoreError", "migrate", "open_database"]

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "full",
    "foreign_keys": 1,
    "busy_timeout": 10_000,
    "cache_size": -32_000,
    "temp_store": "memory",
}


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def is_url(target: str) -> bool:
    return "://" in target


def open_database(target: str, password: str | None = None) -> Database:
    """A connected peewee database: SQLite for a file path, PostgreSQL for a URL.

    A file is opened only if it is an Annotator corpus, a new (missing or empty) file, or a
    corpus of ours made before corpora were marked (:func:`sniff`); anything else is refused
    before a byte of it is written. A file or folder the process may not write is opened
    read-only: reads work, writes are refused with :class:`CorpusReadOnly`.
    """
    if team.is_team_url(target):
        return team.open_team_database(team.parse_url(target), password)
    if is_url(target):
        scheme = target.split("://", 1)[0]
        if scheme in ("sqlite", "file"):
            target = target.split("://", 1)[1]
        else:
            raise StoreError(
                f"cannot open {scheme}:// corpora: give --db a file path or a "
                "postgresql://user@host:port/dbname URL"
            )
    path = Path(target).expanduser()
    if path.exists() and path.is_dir():
        raise StoreError(f"{path} is a folder, not a corpus file")
    kind = sniff(path)
    reason = read_only_reason(path)
    if reason and kind == "new":
        raise CorpusReadOnly(f"{reason}: cannot make a new corpus there")
    if reason:
        database = read_only_uri(path)
        pragmas = {k: v for k, v in SQLITE_PRAGMAS.items() if k not in WRITE_PRAGMAS}
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot make the folder of {path}: {exc.strerror}") from None
        database, pragmas = str(path), SQLITE_PRAGMAS
    db = CorpusFile(
        database,
        pragmas=pragmas,
        check_same_thread=False,
        factory=failures.GuardedConnection,
        uri=True,
    )
    db.path, db.read_only_reason = path, reason
    db.connect()
    return db


class CorpusFile(SqliteDatabase):
    """A corpus file: where it is, and why it takes no writes ("" when it does)."""

    path: Path
    read_only_reason = ""

    def _connect(self) -> Any:  # each thread's connection says why writes are refused
        conn = super()._connect()  # type: ignore[misc]
        conn.read_only_reason = self.read_only_reason
        return conn


WRITE_PRAGMAS = ("journal_mode", "synchronous")
SQLITE_MAGIC = b"SQLite format 3\x00"
APPLICATION_ID = 0x414E4E4F  # "ANNO" in the header's application_id field (ADR 0019)
# Every Annotator corpus made before corpora were marked has these tables.
UNMARKED_CORPUS_TABLES = frozenset({"schema_version", "meta", "article", "span"})


def sniff(path: Path) -> str:
    """What ``path`` is: ``"new"`` (missing, empty, or a SQLite file with nothing in it),
    ``"ours"`` (marked with our application id), ``"unmarked"`` (a corpus of ours from before
    marking); anything else raises :class:`NotACorpus` (or :class:`CorpusDamaged`), having
    only read the file."""
    if not path.exists() or path.stat().st_size == 0:
        return "new"
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from None
    if header[:16] != SQLITE_MAGIC:
        raise NotACorpus(
            f"{path} is not an Annotator corpus (not a SQLite database); it was left as it was"
        )
    if len(header) < 100:
        raise CorpusDamaged(f"{path} is damaged: it ends inside its 100-byte header")
    # Read through SQLite, which also sees a header page still in the -wal file; without a
    # -wal file, immutable=1 reads without making -shm/-wal files beside someone else's file.
    conn = sqlite3.connect(read_only_uri(path), uri=True, factory=failures.GuardedConnection)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    if app_id == APPLICATION_ID:
        return "ours"
    if app_id != 0:
        raise NotACorpus(
            f"{path} is a SQLite database of another program (application id {app_id:#010x}), "
            "not an Annotator corpus; it was left as it was"
        )
    if user_version != 0:  # Annotator never sets it: another program stamped this file
        raise NotACorpus(
            f"{path} is a SQLite database of another program (user_version {user_version}), "
            "not an Annotator corpus; an unknown SQLite file is not ours to migrate, so it was "
            "left as it was"
        )
    if not names:
        return "new"
    if names >= UNMARKED_CORPUS_TABLES:
        return "unmarked"
    shown = ", ".join(sorted(n for n in names if not n.startswith("sqlite_"))[:6])
    raise NotACorpus(
        f"{path} is a SQLite database of another program (tables {shown}), not an Annotator "
        "corpus; an unknown SQLite file is not ours to migrate, so it was left as it was"
    )


def read_only_uri(path: Path) -> str:
    """A URI that opens ``path`` for reading only. Without a -wal file the file is all there
    is: ``immutable=1`` reads it without making -shm/-wal files beside it (which a read-only
    folder could not hold, and which would litter another program's folder)."""
    mode = "mode=ro" if Path(f"{path}-wal").exists() else "immutable=1"
    return f"file:{quote(str(path))}?{mode}"


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """What SQLite's ``PRAGMA integrity_check`` finds wrong (the first 100 problems), or the
    damage that stopped it."""
    try:
        found = conn.execute("PRAGMA integrity_check(100)").fetchall()
    except StoreError as exc:
        return [str(exc)]
    lines = (line for (msg,) in found if msg != "ok" for line in str(msg).splitlines())
    return [f"integrity: {line}" for line in lines if line and not line.startswith("***")]


def file_integrity_problems(path: Path) -> list[str]:
    """:func:`integrity_problems` of a file read without writing it."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, factory=failures.GuardedConnection)
    except StoreError as exc:
        return [str(exc)]
    try:
        return integrity_problems(conn)
    finally:
        conn.close()


def read_only_reason(path: Path) -> str:
    """Why the process may not write the corpus at ``path`` ("" if it may): the file, or its
    folder (where SQLite keeps the -wal and -shm files), is not writable. ``os.access`` also
    answers for root: an immutable file (``chattr +i``) or a read-only mount."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and not os.access(path, os.W_OK):
        return f"the corpus file {path} is read-only"
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder of the corpus file {path} is read-only"
    return ""


# ---------------------------------------------------------------- migrations


def _v1_create(db: Database) -> None:
    db.create_tables(tables.TABLES)


def _v2_search_index(db: Database) -> None:
    """Full-text search over titles and texts: SQLite FTS5, kept in step by triggers; on
    PostgreSQL a GIN index over the same ``to_tsvector`` expression the search uses."""
    if raw.is_postgres(db):
        db.execute_sql(f"CREATE INDEX article_search ON article USING gin ({PG_SEARCH_VECTOR})")
        return
    for sql in (
        "CREATE VIRTUAL TABLE article_fts USING fts5("
        "title, text, content='article', content_rowid='id', tokenize='unicode61')",
        "CREATE TRIGGER article_fts_ai AFTER INSERT ON article BEGIN "
        "INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
        "CREATE TRIGGER article_fts_ad AFTER DELETE ON article BEGIN "
        "INSERT INTO article_fts(article_fts, rowid, title, text) "
        "VALUES ('delete', old.id, old.title, old.text); END",
        "INSERT INTO article_fts(rowid, title, text) SELECT id, title, text FROM article",
    ):
        db.execute_sql(sql)


def _v3_gold_rejection(db: Database) -> None:
    """Rejected versions, so a reviewer can settle a disagreement with no gold span."""
    db.create_tables([tables.GoldRejection], safe=True)


def _v4_list_indexes(db: Database) -> None:
    """Indexes for the article list on large corpora (measured on 100k articles,
    benchmarks/README.md, issue 3).

    * ``article_status(annotator_id, status, article_id)``: the status filter walks one
      annotator's articles of one status in id order (``skipped`` scrolled 5,000 rows down:
      138 ms as a scan of every article, 10 ms walking this index).
    * the full-text index again, keeping 3-character prefixes (FTS5 ``prefix='3'``), so a word
      typed into the filter box matches as a prefix from its third character without merging
      every term that starts so ("men"*: 160 ms -> under 1 ms). Costs ~125 MB per 100k articles
      (the index without prefixes: ~155 MB) and a rebuild of the index once, here (~20 s for
      100k articles). Its triggers refer to the table by name and stay as they are.
    """
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS article_status_annotator_status_article "
        "ON article_status (annotator_id, status, article_id)"
    )
    if not isinstance(db, SqliteDatabase):
        return
    for sql in (
        "DROP TABLE article_fts",
        "CREATE VIRTUAL TABLE article_fts USING fts5("
        "title, text, content='article', content_rowid='id', tokenize='unicode61', prefix='3')",
        "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
    ):
        db.execute_sql(sql)


def _v5_bulk_search_index(db: Database) -> None:
    """Index new articles' text in bulk rather than row by row.

    The per-row insert trigger cost two thirds of the raw import limit (100k articles: raw
    inserts 44 s with it, 29 s without). The bulk import, the only code that adds articles,
    fills the index with one ``INSERT ... SELECT`` in its own transaction instead.
    """
    if isinstance(db, SqliteDatabase):
        db.execute_sql("DROP TRIGGER IF EXISTS article_fts_ai")


def _v6_stats_index(db: Database) -> None:
    """``span(annotator_id, label, layer)``, so ``stats`` counts spans by annotator, label and
    layer walking one index in order (100k articles, 1M spans: the grouping by layer scanned
    the table, 0.8 s; the one grouped query over this index, about 0.2 s; issue 15). A
    non-reviewer's own counts walk its ``annotator_id`` prefix."""
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS span_annotator_label_layer ON span (annotator_id, label, layer)"
    )


def _v7_span_origin(db: Database) -> None:
    """``span.origin``: where a span began, typed by hand or an accepted suggestion (issue 17;
    core/origin.py). Every span before it was typed by hand. (A corpus made at this version
    has the column from v1's tables already.)"""
    if "origin" not in {c.name for c in db.get_columns("span")}:
        db.execute_sql("ALTER TABLE span ADD COLUMN origin VARCHAR(255) NOT NULL DEFAULT 'hand'")


def _v8_gazetteer(db: Database) -> None:
    """Gazetteers kept in the corpus: terms that suggest a label (issue 17)."""
    db.create_tables([tables.GazetteerTerm], safe=True)


def _v9_gold_clusters(db: Database) -> None:
    """Gold claim clusters (issue 16, ADR 0029): ``gold_cluster``, and on ``gold_span`` the
    claim's gold cluster and whether the reviewer decided it (none is a decision too). (A
    corpus made at this version has them from v1's tables already.)"""
    db.create_tables([tables.GoldCluster], safe=True)
    columns = {c.name for c in db.get_columns("gold_span")}
    if "cluster_id" not in columns:
        db.execute_sql(
            "ALTER TABLE gold_span ADD COLUMN cluster_id INTEGER "
            "REFERENCES gold_cluster (id) ON DELETE SET NULL"
        )
        db.execute_sql("CREATE INDEX IF NOT EXISTS gold_span_cluster_id ON gold_span (cluster_id)")
    if "cluster_decided" not in columns:
        db.execute_sql(
            "ALTER TABLE gold_span ADD COLUMN cluster_decided BOOLEAN NOT NULL DEFAULT FALSE"
        )


def _v10_suggestions(db: Database) -> None:
    """Suggestions an annotator rejected (never offered again in that article), and
    suggestions waiting for their accept or reject (``annotator suggest --into``; issue 17)."""
    db.create_tables([tables.SuggestionRejection, tables.PendingSuggestion], safe=True)


def _v11_stats_indexes(db: Database) -> None:
    """Indexes for ``stats`` (issue 15; 100k articles, 1M spans, 94k claims):

    * v6's index with ``origin`` added, ``span(annotator_id, label, layer, origin)``, in its
      place: spans counted by annotator, label, layer and origin in one grouped walk of it
      (grouping by ``origin`` alone scanned the span table). A query that used v6's index
      uses its prefix.
    * the claims (``CLAIM`` in the ``claim`` layer) alone, ``span_claim_voice``, so the
      claims are counted by voice without reading the span table: on SQLite it holds their
      attributes (a covering index: 214 -> 113 ms); on PostgreSQL only the annotator (an
      index entry there is limited to ~2.7 kB, which attributes may exceed).
    """
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS span_annotator_label_layer_origin "
        "ON span (annotator_id, label, layer, origin)"
    )
    db.execute_sql("DROP INDEX IF EXISTS span_annotator_label_layer")
    columns = "annotator_id" if raw.is_postgres(db) else "annotator_id, label, layer, attributes"
    db.execute_sql(
        f"CREATE INDEX IF NOT EXISTS span_claim_voice ON span ({columns}) "
        "WHERE layer = 'claim' AND label = 'CLAIM'"
    )


def _v12_cue_words(db: Database) -> None:
    """Cue words (issue 16, ADR 0035): a corpus still on the news schema as it was shipped
    before CUE gets the news schema of now (CUE, CUE_OF, claim attributes of CLAIM only). A
    schema anyone edited is left as it is (the condition is in the statement)."""
    from annotator.core.schema import SchemaError, before_cue_words, default_schema

    row = raw.one(db, "SELECT value FROM meta WHERE key = ?", ("label_schema",))
    if row is None:
        return  # a new corpus: the schema of now is stored once the tables are made
    try:
        stored = LabelSchema.from_json(str(row[0]))
    except SchemaError:
        return  # `annotator db check` reports a damaged schema; nothing to upgrade here
    new = default_schema()
    if stored == before_cue_words(new):
        raw.execute(
            db,
            "UPDATE meta SET value = ? WHERE key = ? AND value = ?",
            (new.to_json(), "label_schema", str(row[0])),
        )


PG_SEARCH_VECTOR = "to_tsvector('simple', title || ' ' || text)"

MIGRATIONS: list[Callable[[Database], None]] = [
    _v1_create,
    _v2_search_index,
    _v3_gold_rejection,
    _v4_list_indexes,
    _v5_bulk_search_index,
    _v6_stats_index,
    _v7_span_origin,
    _v8_gazetteer,
    _v9_gold_clusters,
    _v10_suggestions,
    _v11_stats_indexes,
    _v12_cue_words,
]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(db: Database) -> int:
    if not db.table_exists("schema_version"):  # (a server login may read but not create)
        db.execute_sql("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    row = db.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def backup_sqlite(db: Database, dest: Path) -> Path:
    """Copy a live SQLite database with the online backup API (consistent under WAL)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    existed = dest.exists()
    target = sqlite3.connect(str(dest), factory=failures.GuardedConnection)
    try:
        db.connection().backup(target)
    except sqlite3.Error as exc:
        target.close()
        if not existed:  # ours, half written
            dest.unlink(missing_ok=True)
        error = failures.translate(exc, str(dest))
        if error is None:
            raise
        raise error from exc
    finally:
        target.close()
    return dest


def migrate(db: Database) -> Path | None:
    """Run pending migrations, each in its own transaction. Returns the backup made, if any.

    On a server, the whole check-and-migrate holds an advisory lock: one app migrates, another
    starting at the same moment waits, then finds the schema up to date.
    """
    if not raw.is_postgres(db):
        return _migrate(db)
    raw.execute(db, "SELECT pg_advisory_lock(?)", (MIGRATION_LOCK,))
    try:
        return _migrate(db)
    finally:
        raw.execute(db, "SELECT pg_advisory_unlock(?)", (MIGRATION_LOCK,))


def _migrate(db: Database) -> Path | None:
    if not db.table_exists("schema_version"):
        others = db.get_tables()
        if others:  # a server database, or a file, that holds something else
            raise NotACorpus(
                f"{_where(db)} holds tables of another program ({', '.join(others[:6])}) and "
                "no Annotator corpus; an unknown database is not ours to migrate"
            )
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"this corpus has schema version {current}, newer than this Annotator "
            f"({SCHEMA_VERSION}); update Annotator to open it"
        )
    reason = getattr(db, "read_only_reason", "")
    if reason and current < SCHEMA_VERSION:
        raise CorpusReadOnly(
            f"{reason}, and this Annotator must first update the corpus's format (version "
            f"{current} to {SCHEMA_VERSION}); make it writable and open it once"
        )
    backup: Path | None = None
    if 0 < current < SCHEMA_VERSION and isinstance(db, SqliteDatabase):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = backup_sqlite(db, Path(f"{db.database}.v{current}-{stamp}.bak"))
    for version in range(current + 1, SCHEMA_VERSION + 1):
        with db.atomic():
            MIGRATIONS[version - 1](db)
            raw.execute(db, "INSERT INTO schema_version (version) VALUES (?)", (version,))
            if current > 0 and version == SCHEMA_VERSION:
                security.after_migration(db)  # a server's: the new tables' policies, grants
    if isinstance(db, SqliteDatabase):
        _check_columns(db)
        if not reason:
            mark(db)
    return backup


def _check_columns(db: SqliteDatabase) -> None:
    """A file whose table definitions lost a column the store reads (a damaged schema page:
    ``"id"`` turned ``"%d"``) is damaged, said once at open rather than as a failed statement
    later (a dozen ``PRAGMA table_info``)."""
    for model in tables.TABLES:
        table = model._meta.table_name
        have = {c.name for c in db.get_columns(table)}
        for column in model._meta.columns:
            if column not in have:
                raise CorpusDamaged(
                    f"the corpus file {_where(db)} is damaged: its table {table} has no "
                    f"column {column}; restore it from a backup" + failures.CHECK_HINT
                )


def mark(db: Database) -> None:
    """Stamp a corpus file with Annotator's application id (new corpora, and those made
    before corpora were marked), so that any later open knows the file is ours."""
    if db.execute_sql("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")


def _where(db: Database) -> str:
    path = getattr(db, "path", None)
    if path is not None:
        return str(path)
    return f"the database {db.database}"


MIGRATION_LOCK = 0x616E6E6F  # "anno": the advisory lock key of migrations
