"""`Corpus`: the one entry point to a corpus for the GUI, the CLI and the formats.

Every write commits before it returns and hands back a :class:`Changes` record. No caller
outside ``annotator/store`` sees a peewee object.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from peewee import Database

from annotator.core import model
from annotator.core.model import Changes
from annotator.core.offsets import check_span
from annotator.core.schema import LabelSchema, default_schema
from annotator.store import db, history, tables
from annotator.store.convert import rows
from annotator.store.editing import Editing
from annotator.store.errors import CorpusError
from annotator.store.importing import ImportResult, import_drafts

_open_lock = threading.Lock()
_open_corpus: Corpus | None = None

__all__ = ["Changes", "Corpus", "CorpusError", "ImportResult", "NothingToUndo"]

NothingToUndo = history.NothingToUndo


class Corpus(Editing):
    """An open corpus. Create with :meth:`open`; close with :meth:`close` (or ``with``)."""

    def __init__(self, database: Database, location: str) -> None:
        self._db = database
        self.location = location
        self._schema: LabelSchema | None = None

    # ------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, target: str | Path) -> Corpus:
        """Open (creating and migrating if needed) the corpus at a path or URL."""
        global _open_corpus
        with _open_lock:
            if _open_corpus is not None:
                raise db.StoreError(
                    f"a corpus is already open in this process ({_open_corpus.location}); "
                    "close it first"
                )
            database = db.open_database(str(target))
            tables.database.initialize(database)
            try:
                db.migrate(database)
                corpus = cls(database, str(target))
                corpus._ensure_meta()
            except Exception:
                database.close()
                tables.database.initialize(None)
                raise
            _open_corpus = corpus
            return corpus

    def close(self) -> None:
        global _open_corpus
        with _open_lock:
            if _open_corpus is self:
                _open_corpus = None
                if not self._db.is_closed():
                    self._db.close()
                tables.database.initialize(None)

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def is_sqlite(self) -> bool:
        return True

    def _ensure_meta(self) -> None:
        if tables.Meta.get_or_none(tables.Meta.key == "label_schema") is None:
            with self._db.atomic():
                tables.Meta.insert(key="label_schema", value=default_schema().to_json()).execute()

    # ------------------------------------------------------------ schema
    def set_schema(self, schema: LabelSchema) -> Changes:
        """Replace the label schema; refused if a label in use would disappear."""
        schema.validate()
        used = self.span_counts_by_label()
        missing = sorted(set(used) - {label.name for label in schema.labels})
        if missing:
            counts = ", ".join(f"{name} ({used[name]} spans)" for name in missing)
            raise CorpusError(f"the new schema drops labels still in use: {counts}")
        with self._db.atomic():
            tables.Meta.replace(key="label_schema", value=schema.to_json()).execute()
        self._schema = schema
        return Changes(schema_changed=True)

    # ------------------------------------------------------------ annotators
    # ------------------------------------------------------------ import
    def import_drafts(
        self, drafts: list[model.ArticleDraft], *, origin: str, detect_language: bool = True
    ) -> ImportResult:
        """Import one file's records all or nothing (see :mod:`annotator.store.importing`)."""
        return import_drafts(
            self._db, self.schema, drafts, origin=origin, detect_language=detect_language
        )

    def check(self) -> list[str]:
        """Integrity problems: SQLite's own checks, then every span against its text."""
        problems: list[str] = []
        for (msg,) in self._db.execute_sql("PRAGMA integrity_check").fetchall():
            if msg != "ok":
                problems.append(f"integrity: {msg}")
        for row in self._db.execute_sql("PRAGMA foreign_key_check").fetchall():
            problems.append(f"foreign key: table {row[0]} row {row[1]} -> {row[2]}")
        texts: dict[int, str] = {}
        query = tables.Span.select(
            tables.Span.id,
            tables.Span.article,
            tables.Span.start,
            tables.Span.end,
            tables.Span.text,
        ).order_by(tables.Span.article)
        for span_id, article_id, start, end, text in rows(query):
            if article_id not in texts:
                texts = {article_id: tables.Article.get_by_id(article_id).text}
            try:
                check_span(texts[article_id], start, end, text)
            except ValueError as exc:
                problems.append(f"span {span_id} in article {article_id}: {exc}")
        for art_id, text, sha in rows(
            tables.Article.select(tables.Article.id, tables.Article.text, tables.Article.sha256)
        ):
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != sha:
                problems.append(f"article {art_id}: text does not match its SHA-256")
        return problems

    def backup(self, dest: Path) -> Path:
        if dest.exists():
            raise CorpusError(f"{dest} exists already; choose a new file")
        return db.backup_sqlite(self._db, dest)
