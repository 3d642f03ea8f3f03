"""`Corpus`: the one entry point to a corpus for the GUI, the CLI and the formats.

Every write commits before it returns and hands back a :class:`Changes` record. No caller
outside ``annotator/store`` sees a peewee object.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from peewee import JOIN, SQL, Database, fn

from annotator.core import model
from annotator.core.model import Changes, Status
from annotator.core.offsets import check_span
from annotator.core.schema import LabelSchema, default_schema
from annotator.store import convert, db, history, tables
from annotator.store.convert import dumps, loads
from annotator.store.importing import ImportResult, import_drafts

_open_lock = threading.Lock()
_open_corpus: Corpus | None = None

__all__ = ["Changes", "Corpus", "CorpusError", "ImportResult", "NothingToUndo"]

NothingToUndo = history.NothingToUndo


class CorpusError(ValueError):
    """An operation was refused; nothing was changed."""


class Corpus:
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
    @property
    def schema(self) -> LabelSchema:
        if self._schema is None:
            row = tables.Meta.get(tables.Meta.key == "label_schema")
            self._schema = LabelSchema.from_json(row.value)
        return self._schema

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
    def annotator_id(self, name: str) -> int:
        """The id of annotator ``name``, created on first use."""
        name = name.strip()
        if not name:
            raise CorpusError("an annotator needs a name")
        row = tables.Annotator.get_or_none(tables.Annotator.name == name)
        if row is None:
            with self._db.atomic():
                row = tables.Annotator.create(name=name, created_at=db.now())
        return int(row.id)

    def annotators(self) -> list[model.Annotator]:
        return [
            model.Annotator(id=a.id, name=a.name, is_reviewer=a.is_reviewer)
            for a in tables.Annotator.select().order_by(tables.Annotator.name)
        ]

    # ------------------------------------------------------------ articles
    def article_count(self) -> int:
        return int(tables.Article.select().count())

    def article(self, article_id: int) -> model.Article:
        row = tables.Article.get_or_none(tables.Article.id == article_id)
        if row is None:
            raise CorpusError(f"no article with id {article_id}")
        return convert.article(row)

    def article_ids(self) -> list[int]:
        return [
            r[0]
            for r in tables.Article.select(tables.Article.id).order_by(tables.Article.id).tuples()
        ]

    def article_rows(
        self,
        annotator: str | None = None,
        *,
        search: str = "",
        language: str | None = None,
        status: Status | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[model.ArticleRow]:
        """Rows for the article list: filtered, in import order, with my status and spans."""
        a_id = self._annotator_id_or_none(annotator)
        status_col = fn.COALESCE(tables.ArticleStatus.status, Status.TODO.value)
        spans = tables.Span.select(fn.COUNT(tables.Span.id)).where(
            (tables.Span.article == tables.Article.id) & (tables.Span.annotator == a_id)
        )
        query = (
            tables.Article.select(
                tables.Article.id,
                tables.Article.external_id,
                tables.Article.title,
                tables.Article.source,
                tables.Article.language,
                status_col.alias("status"),
                spans.alias("spans"),
            )
            .join(
                tables.ArticleStatus,
                JOIN.LEFT_OUTER,
                on=(
                    (tables.ArticleStatus.article == tables.Article.id)
                    & (tables.ArticleStatus.annotator == a_id)
                ),
            )
            .order_by(tables.Article.id)
        )
        if language:
            query = query.where(tables.Article.language == language)
        if status is not None:
            query = query.where(status_col == status.value)
        if search.strip():
            query = query.where(tables.Article.id.in_(self._search_ids(search)))  # type: ignore[attr-defined]
        if limit is not None:
            query = query.limit(limit).offset(offset)
        return [
            model.ArticleRow(
                id=r[0],
                external_id=r[1],
                title=r[2],
                source=r[3],
                language=r[4],
                status=Status(r[5]),
                span_count=int(r[6] or 0),
            )
            for r in query.tuples()
        ]

    def _search_ids(self, search: str) -> Any:
        """Full-text search (FTS5): each word must occur in title or text (prefix match)."""
        words = [w.replace('"', '""') for w in search.split()]
        expr = " ".join(f'"{w}"*' for w in words)
        return SQL("(SELECT rowid FROM article_fts WHERE article_fts MATCH ?)", [expr])

    def languages(self) -> dict[str, int]:
        query = (
            tables.Article.select(tables.Article.language, fn.COUNT(tables.Article.id))
            .group_by(tables.Article.language)
            .order_by(fn.COUNT(tables.Article.id).desc())
            .tuples()
        )
        return {lang: int(n) for lang, n in query}

    # ------------------------------------------------------------ spans and relations
    def _annotator_id_or_none(self, name: str | None) -> int | None:
        if not name:
            return None
        row = tables.Annotator.get_or_none(tables.Annotator.name == name)
        return None if row is None else int(row.id)

    def spans(self, article_id: int, annotator: str | None = None) -> list[model.Span]:
        """The article's spans in text order; one annotator's, or everyone's."""
        query = (
            tables.Span.select(tables.Span, tables.Annotator)
            .join(tables.Annotator)
            .where(tables.Span.article == article_id)
            .order_by(tables.Span.start, tables.Span.end.desc(), tables.Span.id)
        )
        if annotator is not None:
            query = query.where(tables.Annotator.name == annotator)
        return [convert.span(row) for row in query]

    def span(self, span_id: int) -> model.Span:
        row = (
            tables.Span.select(tables.Span, tables.Annotator)
            .join(tables.Annotator)
            .where(tables.Span.id == span_id)
            .first()
        )
        if row is None:
            raise CorpusError(f"no span with id {span_id}")
        return convert.span(row)

    def relations(self, article_id: int, annotator: str | None = None) -> list[model.Relation]:
        query = (
            tables.Relation.select(tables.Relation, tables.Annotator)
            .join(tables.Annotator)
            .where(tables.Relation.article == article_id)
            .order_by(tables.Relation.id)
        )
        if annotator is not None:
            query = query.where(tables.Annotator.name == annotator)
        return [convert.relation(row) for row in query]

    def add_span(
        self,
        article_id: int,
        annotator: str,
        start: int,
        end: int,
        label: str,
        attributes: dict[str, Any] | None = None,
    ) -> Changes:
        article = self.article(article_id)
        layer = self._checked_layer(label, attributes or {})
        try:
            check_span(article.text, start, end)
        except ValueError as exc:
            raise CorpusError(str(exc)) from None
        a_id = self.annotator_id(annotator)
        defaults = {
            a.name: a.default for a in self.schema.attributes_of(layer) if a.default is not None
        }
        attrs = {**defaults, **(attributes or {})}
        stamp = db.now()
        with self._db.atomic():
            row = tables.Span.create(
                article=article_id,
                annotator=a_id,
                start=start,
                end=end,
                label=label,
                layer=layer,
                text=article.text[start:end],
                attributes=dumps(attrs),
                created_at=stamp,
                updated_at=stamp,
            )
            self._touch_status(article_id, a_id)
            event = history.log(
                annotator,
                "add_span",
                {"article": article_id, "span": convert.span_record(row)},
                article_id,
            )
        return Changes(article_ids={article_id}, spans_added={row.id}, event_id=event)

    def delete_span(self, span_id: int, annotator: str) -> Changes:
        row = self._own_span(span_id, annotator)
        relations = list(
            tables.Relation.select().where(
                (tables.Relation.head == span_id) | (tables.Relation.child == span_id)
            )
        )
        payload = {
            "article": row.article_id,
            "span": convert.span_record(row),
            "relations": [convert.relation_record(r) for r in relations],
        }
        with self._db.atomic():
            tables.Span.delete().where(tables.Span.id == span_id).execute()
            event = history.log(annotator, "delete_span", payload, row.article_id)
        return Changes(
            article_ids={row.article_id},
            spans_removed={span_id},
            relations_removed={r.id for r in relations},
            event_id=event,
        )

    def update_span(
        self,
        span_id: int,
        annotator: str,
        *,
        label: str | None = None,
        start: int | None = None,
        end: int | None = None,
        attributes: dict[str, Any] | None = None,
    ) -> Changes:
        """Change a span's label, boundaries and/or attributes (attributes are merged)."""
        row = self._own_span(span_id, annotator)
        new_label = label if label is not None else row.label
        merged = {**loads(row.attributes), **(attributes or {})}
        layer = self.schema.layer_of(new_label) if self.schema.has_label(new_label) else None
        if layer is None:
            raise CorpusError(f"unknown label {new_label!r}")
        if layer != row.layer:
            merged = {}
        layer = self._checked_layer(new_label, merged)
        new_start = row.start if start is None else start
        new_end = row.end if end is None else end
        text = self.article(row.article_id).text
        try:
            check_span(text, new_start, new_end)
        except ValueError as exc:
            raise CorpusError(str(exc)) from None
        before = {
            "label": row.label,
            "layer": row.layer,
            "start": row.start,
            "end": row.end,
            "text": row.text,
            "attributes": row.attributes,
        }
        after = {
            "label": new_label,
            "layer": layer,
            "start": new_start,
            "end": new_end,
            "text": text[new_start:new_end],
            "attributes": dumps(merged),
        }
        if before == after:
            return Changes()
        payload = {"article": row.article_id, "id": span_id, "before": before, "after": after}
        with self._db.atomic():
            history.apply("update_span", payload, forward=True)
            event = history.log(annotator, "update_span", payload, row.article_id)
        return Changes(article_ids={row.article_id}, spans_updated={span_id}, event_id=event)

    def add_relation(self, head: int, child: int, label: str, annotator: str) -> Changes:
        head_row = self._own_span(head, annotator)
        child_row = self._own_span(child, annotator)
        if head_row.article_id != child_row.article_id:
            raise CorpusError("a relation joins two spans of the same article")
        if head == child:
            raise CorpusError("a relation joins two different spans")
        try:
            self.schema.check_relation(label, head_row.label, child_row.label)
        except ValueError as exc:
            raise CorpusError(str(exc)) from None
        exists = tables.Relation.get_or_none(
            (tables.Relation.head == head)
            & (tables.Relation.child == child)
            & (tables.Relation.label == label)
        )
        if exists is not None:
            raise CorpusError(f"{label} already links these spans")
        with self._db.atomic():
            row = tables.Relation.create(
                article=head_row.article_id,
                annotator=head_row.annotator_id,
                head=head,
                child=child,
                label=label,
                created_at=db.now(),
            )
            payload = {"article": head_row.article_id, "relation": convert.relation_record(row)}
            event = history.log(annotator, "add_relation", payload, head_row.article_id)
        return Changes(article_ids={head_row.article_id}, relations_added={row.id}, event_id=event)

    def delete_relation(self, relation_id: int, annotator: str) -> Changes:
        row = tables.Relation.get_or_none(tables.Relation.id == relation_id)
        if row is None:
            raise CorpusError(f"no relation with id {relation_id}")
        if row.annotator_id != self._annotator_id_or_none(annotator):
            raise CorpusError(f"relation {relation_id} belongs to another annotator")
        payload = {"article": row.article_id, "relation": convert.relation_record(row)}
        with self._db.atomic():
            row.delete_instance()
            event = history.log(annotator, "delete_relation", payload, row.article_id)
        return Changes(
            article_ids={row.article_id}, relations_removed={relation_id}, event_id=event
        )

    def _own_span(self, span_id: int, annotator: str) -> tables.Span:
        row = tables.Span.get_or_none(tables.Span.id == span_id)
        if row is None:
            raise CorpusError(f"no span with id {span_id}")
        if row.annotator_id != self._annotator_id_or_none(annotator):
            raise CorpusError(f"span {span_id} belongs to another annotator")
        return row

    def _checked_layer(self, label: str, attributes: dict[str, Any]) -> str:
        try:
            layer = self.schema.layer_of(label)
            self.schema.check_attributes(layer, attributes)
        except ValueError as exc:
            raise CorpusError(str(exc)) from None
        return layer

    # ------------------------------------------------------------ status and time
    def status(self, article_id: int, annotator: str) -> Status:
        a_id = self._annotator_id_or_none(annotator)
        row = tables.ArticleStatus.get_or_none(
            (tables.ArticleStatus.article == article_id) & (tables.ArticleStatus.annotator == a_id)
        )
        return Status(row.status) if row else Status.TODO

    def set_status(self, article_id: int, annotator: str, status: Status) -> Changes:
        self.article(article_id)
        a_id = self.annotator_id(annotator)
        before = self.status(article_id, annotator)
        if before == status:
            return Changes()
        payload = {
            "article": article_id,
            "annotator_id": a_id,
            "before": before.value,
            "after": status.value,
        }
        with self._db.atomic():
            history.apply("status", payload, forward=True)
            event = history.log(annotator, "status", payload, article_id)
        return Changes(article_ids={article_id}, status_changed=True, event_id=event)

    def _touch_status(self, article_id: int, a_id: int) -> None:
        """A first label on a to-do article puts it in progress (not logged: it follows)."""
        tables.ArticleStatus.insert(
            article=article_id, annotator=a_id, status=Status.IN_PROGRESS.value, updated_at=db.now()
        ).on_conflict_ignore().execute()

    def add_active_time(self, article_id: int, annotator: str, seconds: float) -> None:
        if seconds <= 0:
            return
        a_id = self.annotator_id(annotator)
        with self._db.atomic():
            tables.ArticleStatus.insert(
                article=article_id, annotator=a_id, active_seconds=seconds, updated_at=db.now()
            ).on_conflict(
                conflict_target=[tables.ArticleStatus.article, tables.ArticleStatus.annotator],
                update={
                    tables.ArticleStatus.active_seconds: tables.ArticleStatus.active_seconds
                    + seconds
                },
            ).execute()

    def active_seconds(self, article_id: int, annotator: str) -> float:
        a_id = self._annotator_id_or_none(annotator)
        row = tables.ArticleStatus.get_or_none(
            (tables.ArticleStatus.article == article_id) & (tables.ArticleStatus.annotator == a_id)
        )
        return float(row.active_seconds) if row else 0.0

    # ------------------------------------------------------------ undo / redo
    def undo(self, annotator: str) -> Changes:
        with self._db.atomic():
            return history.step(annotator, backwards=True)

    def redo(self, annotator: str) -> Changes:
        with self._db.atomic():
            return history.step(annotator, backwards=False)

    def can_undo(self, annotator: str) -> bool:
        return bool(history.stacks(annotator)[0])

    def can_redo(self, annotator: str) -> bool:
        return bool(history.stacks(annotator)[1])

    # ------------------------------------------------------------ import
    def import_drafts(
        self, drafts: list[model.ArticleDraft], *, origin: str, detect_language: bool = True
    ) -> ImportResult:
        """Import one file's records all or nothing (see :mod:`annotator.store.importing`)."""
        return import_drafts(
            self._db, self.schema, drafts, origin=origin, detect_language=detect_language
        )

    # ------------------------------------------------------------ export
    def documents(
        self, annotator: str | None = None, *, only_annotated: bool = True
    ) -> Iterator[tuple[model.Article, str | None, Status, list[model.Span], list[model.Relation]]]:
        """(article, annotator, status, spans, relations) per article x annotator.

        An annotator counts for an article when they have spans there or a status other than
        to-do. With ``only_annotated=False`` articles nobody touched come once with ``None``.
        """
        names = {a.id: a.name for a in self.annotators()}
        wanted = self._annotator_id_or_none(annotator) if annotator else None
        if annotator and wanted is None:
            raise CorpusError(f"no annotator named {annotator!r}")
        for article_row in tables.Article.select().order_by(tables.Article.id).iterator():
            art = convert.article(article_row)
            touched: dict[int, Status] = {}
            for s in tables.ArticleStatus.select().where(tables.ArticleStatus.article == art.id):
                if s.status != Status.TODO.value:
                    touched[s.annotator_id] = Status(s.status)
            spans_by: dict[int, list[model.Span]] = {}
            for row in (
                tables.Span.select()
                .where(tables.Span.article == art.id)
                .order_by(tables.Span.start, tables.Span.end.desc(), tables.Span.id)
            ):
                spans_by.setdefault(row.annotator_id, []).append(
                    convert.span(row, names[row.annotator_id])
                )
                touched.setdefault(row.annotator_id, Status.IN_PROGRESS)
            rels_by: dict[int, list[model.Relation]] = {}
            for row in (
                tables.Relation.select()
                .where(tables.Relation.article == art.id)
                .order_by(tables.Relation.id)
            ):
                rels_by.setdefault(row.annotator_id, []).append(
                    convert.relation(row, names[row.annotator_id])
                )
            ids = [wanted] if wanted is not None else sorted(touched, key=lambda i: names[i])
            ids = [i for i in ids if i in touched]
            if not ids and not only_annotated and wanted is None:
                yield art, None, Status.TODO, [], []
            for a_id in ids:
                yield art, names[a_id], touched[a_id], spans_by.get(a_id, []), rels_by.get(a_id, [])

    # ------------------------------------------------------------ statistics and checks
    def span_counts_by_label(self) -> dict[str, int]:
        query = tables.Span.select(tables.Span.label, fn.COUNT(tables.Span.id)).group_by(
            tables.Span.label
        )
        return {label: int(n) for label, n in query.tuples()}

    def stats(self) -> dict[str, Any]:
        by_status: dict[str, dict[str, int]] = {}
        status_query = (
            tables.ArticleStatus.select(
                tables.Annotator.name, tables.ArticleStatus.status, fn.COUNT(1)
            )
            .join(tables.Annotator)
            .group_by(tables.Annotator.name, tables.ArticleStatus.status)
            .tuples()
        )
        for name, status, n in status_query:
            by_status.setdefault(name, {})[status] = int(n)
        by_annotator = (
            tables.Annotator.select(tables.Annotator.name, fn.COUNT(tables.Span.id))
            .join(tables.Span, JOIN.LEFT_OUTER)
            .group_by(tables.Annotator.name)
            .order_by(tables.Annotator.name)
            .tuples()
        )
        by_layer = tables.Span.select(tables.Span.layer, fn.COUNT(tables.Span.id)).group_by(
            tables.Span.layer
        )
        return {
            "articles": self.article_count(),
            "languages": self.languages(),
            "spans": int(tables.Span.select().count()),
            "spans_by_label": dict(sorted(self.span_counts_by_label().items())),
            "spans_by_layer": {layer: int(n) for layer, n in by_layer.tuples()},
            "relations": int(tables.Relation.select().count()),
            "annotators": {name: int(n) for name, n in by_annotator},
            "status_by_annotator": by_status,
            "gold_spans": int(tables.GoldSpan.select().count()),
        }

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
        for span_id, article_id, start, end, text in query.tuples().iterator():
            if article_id not in texts:
                texts = {article_id: tables.Article.get_by_id(article_id).text}
            try:
                check_span(texts[article_id], start, end, text)
            except ValueError as exc:
                problems.append(f"span {span_id} in article {article_id}: {exc}")
        for art_id, text, sha in (
            tables.Article.select(tables.Article.id, tables.Article.text, tables.Article.sha256)
            .tuples()
            .iterator()
        ):
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != sha:
                problems.append(f"article {art_id}: text does not match its SHA-256")
        return problems

    def backup(self, dest: Path) -> Path:
        if dest.exists():
            raise CorpusError(f"{dest} exists already; choose a new file")
        return db.backup_sqlite(self._db, dest)
