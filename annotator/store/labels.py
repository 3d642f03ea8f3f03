"""An annotator's labels: spans and relations (read and edited), the article's status and
the time spent on it. Each edit commits before it returns, is logged, and can be undone
(:mod:`annotator.store.history`); each read of labels is scoped by :class:`Access`."""

from __future__ import annotations

from typing import Any

from annotator.core import model
from annotator.core.errors import CorpusError
from annotator.core.model import Changes, Status
from annotator.core.offsets import check_span
from annotator.core.origin import HAND, origin_problem
from annotator.core.speakers import CUE
from annotator.core.validate import name_problem
from annotator.store import convert, db, history, raw, tables
from annotator.store import rows as rows_
from annotator.store.access import Access
from annotator.store.articles import Articles
from annotator.store.context import StoreContext
from annotator.store.convert import dumps, loads
from annotator.store.schemas import Schemas

# One article's spans, everyone's or (AND a.name = ?) one annotator's, in text order.
_SPANS_SQL = (
    f"SELECT {rows_.span_select('s', annotator='a.name')} FROM span AS s "
    "JOIN annotator AS a ON a.id = s.annotator_id WHERE s.article_id = ?"
)
_SPANS_ORDER = ' ORDER BY s.start, s."end" DESC, s.id'


class Labels:
    """Spans, relations, statuses and active time: reads scoped by :class:`Access`, edits of
    one's own labels only."""

    def __init__(
        self, ctx: StoreContext, access: Access, schemas: Schemas, articles: Articles
    ) -> None:
        self._ctx = ctx
        self._access = access
        self._schemas = schemas
        self._articles = articles

    def spans(self, article_id: int, annotator: str | None = None) -> list[model.Span]:
        """The article's spans in text order; one annotator's, or everyone's.

        Read as the driver's plain rows (raw SQL): building peewee model objects costs ~25 us
        a row, which is 50 ms for an article with 2,000 spans, more than a frame; even peewee's
        tuple rows (a converter call per column) cost ~20 ms there, the driver's ~3 ms.
        """
        annotator = self._access.scope(annotator).annotator
        params = (article_id,) if annotator is None else (article_id, annotator)
        sql = _SPANS_SQL + (" AND a.name = ?" if annotator is not None else "") + _SPANS_ORDER
        span = rows_.span
        return [span(r) for r in raw.execute(self._ctx.db, sql, params).fetchall()]

    def span(self, span_id: int) -> model.Span:
        row = (
            tables.Span.select(tables.Span, tables.Annotator)
            .join(tables.Annotator)
            .where(tables.Span.id == span_id)
            .first()
        )
        if row is None:
            raise CorpusError(f"no span with id {span_id}")
        found = convert.span(row)
        self._access.scope(found.annotator)  # someone else's: refused unless readable
        return found

    def relations(self, article_id: int, annotator: str | None = None) -> list[model.Relation]:
        annotator = self._access.scope(annotator).annotator
        query = (
            tables.Relation.select(tables.Relation, tables.Annotator)
            .join(tables.Annotator)
            .where(tables.Relation.article == article_id)
            .order_by(tables.Relation.id)
        )
        if annotator is not None:
            query = query.where(tables.Annotator.name == annotator)
        return [convert.relation(row) for row in query]

    def relation(self, relation_id: int) -> model.Relation:
        row = (
            tables.Relation.select(tables.Relation, tables.Annotator)
            .join(tables.Annotator)
            .where(tables.Relation.id == relation_id)
            .first()
        )
        if row is None:
            raise CorpusError(f"no relation with id {relation_id}")
        found = convert.relation(row)
        self._access.scope(found.annotator)
        return found

    def annotator_id(self, name: str) -> int:
        """The id of annotator ``name``, created on first use."""
        name = name.strip()
        if not name:
            raise CorpusError("an annotator needs a name")
        reserved = name_problem(name)
        if reserved:
            raise CorpusError(reserved)
        found = self._ctx.annotator_id_or_none(name)
        if found is not None:
            return found
        with self._ctx.db.atomic():
            tables.Annotator.insert(name=name, created_at=db.now()).on_conflict_ignore().execute()
        found = self._ctx.annotator_id_or_none(name)  # another app may have added it meanwhile
        assert found is not None
        return found

    def add_span(
        self,
        article_id: int,
        annotator: str,
        start: int,
        end: int,
        label: str,
        attributes: dict[str, Any] | None = None,
        origin: str = HAND,
    ) -> Changes:
        text = self._articles.article_text(article_id)
        try:
            check_span(text, start, end)
        except ValueError as exc:
            raise CorpusError(str(exc)) from None
        problem = origin_problem(origin)
        if problem:
            raise CorpusError(problem)
        a_id = self.annotator_id(annotator)
        stamp = db.now()
        with self._ctx.writing():
            # The label is checked against the stored schema, under its row's lock: a label
            # another user removed a moment ago is refused, and no removal slips in between.
            layer = self._schemas.checked_layer(label, attributes or {})
            schema = self._schemas.schema  # just read by _checked_layer, in this transaction
            defaults = schema.defaults_for(label)
            attrs = {**defaults, **(attributes or {})}
            row = tables.Span.create(
                article=article_id,
                annotator=a_id,
                start=start,
                end=end,
                label=label,
                layer=layer,
                text=text[start:end],
                attributes=dumps(attrs),
                created_at=stamp,
                updated_at=stamp,
                origin=origin,
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
        with self._ctx.writing():
            # Read what is logged (the span, its relations) in the delete's own transaction,
            # the span's row locked: the undo record is what was deleted.
            row = self._own_span(span_id, annotator, lock=True)
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
            tables.Span.delete().where(tables.Span.id == span_id).execute()
            event = history.log(annotator, "delete_span", payload, row.article_id)
        return Changes(
            article_ids={row.article_id},
            spans_removed={span_id},
            relations_removed={r.id for r in relations},
            clusters_changed=row.cluster_id is not None,
            cluster_ids={row.cluster_id} if row.cluster_id is not None else set(),
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
        with self._ctx.writing():
            row = self._own_span(span_id, annotator, lock=True)
            new_label = label if label is not None else row.label
            merged = {**loads(row.attributes), **(attributes or {})}
            schema = self._schemas.in_txn()  # the stored one, under its row's lock
            layer = schema.layer_of(new_label) if schema.has_label(new_label) else None
            if layer is None:
                raise CorpusError(f"unknown label {new_label!r}")
            if layer != row.layer:
                merged = {}
            if new_label == CUE and row.cluster_id is not None:
                raise CorpusError("a claim in a cluster cannot become a cue: it leaves it first")
            if new_label != row.label:
                # A new label keeps the values that apply to it (CLAIM -> CUE drops the claim's
                # attribution) and gets its own defaults for the rest.
                keep = {a.name for a in schema.attributes_for(new_label)}
                old = {k: v for k, v in loads(row.attributes).items() if k in keep}
                merged = {**schema.defaults_for(new_label), **old, **(attributes or {})}
            layer = self._schemas.checked_layer(new_label, merged)
            new_start = row.start if start is None else start
            new_end = row.end if end is None else end
            text = self._articles.article_text(row.article_id)
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
            history.apply("update_span", payload, forward=True)
            event = history.log(annotator, "update_span", payload, row.article_id)
        return Changes(article_ids={row.article_id}, spans_updated={span_id}, event_id=event)

    def add_relation(self, head: int, child: int, label: str, annotator: str) -> Changes:
        with self._ctx.writing():
            head_row = self._own_span(head, annotator)
            child_row = self._own_span(child, annotator)
            if head_row.article_id != child_row.article_id:
                raise CorpusError("a relation joins two spans of the same article")
            if head == child:
                raise CorpusError("a relation joins two different spans")
            try:
                self._schemas.in_txn().check_relation(label, head_row.label, child_row.label)
            except ValueError as exc:
                raise CorpusError(str(exc)) from None
            exists = tables.Relation.get_or_none(
                (tables.Relation.head == head)
                & (tables.Relation.child == child)
                & (tables.Relation.label == label)
            )
            if exists is not None:
                raise CorpusError(f"{label} already links these spans")
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
        if row.annotator_id != self._ctx.annotator_id_or_none(annotator):
            raise CorpusError(f"relation {relation_id} belongs to another annotator")
        payload = {"article": row.article_id, "relation": convert.relation_record(row)}
        with self._ctx.db.atomic():
            row.delete_instance()
            event = history.log(annotator, "delete_relation", payload, row.article_id)
        return Changes(
            article_ids={row.article_id}, relations_removed={relation_id}, event_id=event
        )

    def _own_span(self, span_id: int, annotator: str, *, lock: bool = False) -> tables.Span:
        """Span ``span_id`` if it is ``annotator``'s; ``lock``: its row locked until the
        caller's transaction ends (on a server; SQLite's writer holds the file's lock)."""
        query = tables.Span.select().where(tables.Span.id == span_id)
        if lock and self._ctx.pg:
            query = query.for_update()
        row = query.first()
        if row is None:
            raise CorpusError(f"no span with id {span_id}")
        if row.annotator_id != self._ctx.annotator_id_or_none(annotator):
            raise CorpusError(f"span {span_id} belongs to another annotator")
        return row

    # ------------------------------------------------------------ status and time
    def status(self, article_id: int, annotator: str) -> Status:
        """``annotator``'s status of the article (on a team corpus, a non-reviewer's own)."""
        return self._status_of(article_id, self._access.scope(annotator).annotator or annotator)

    def _status_of(self, article_id: int, annotator: str) -> Status:
        a_id = self._ctx.annotator_id_or_none(annotator)
        row = tables.ArticleStatus.get_or_none(
            (tables.ArticleStatus.article == article_id) & (tables.ArticleStatus.annotator == a_id)
        )
        return Status(row.status) if row else Status.TODO

    def set_status(self, article_id: int, annotator: str, status: Status) -> Changes:
        self._articles.article(article_id)
        a_id = self.annotator_id(annotator)
        before = self._status_of(article_id, annotator)
        if before == status:
            return Changes()
        payload = {
            "article": article_id,
            "annotator_id": a_id,
            "before": before.value,
            "after": status.value,
        }
        with self._ctx.db.atomic():
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
        with self._ctx.db.atomic():
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
        a_id = self._ctx.annotator_id_or_none(self._access.scope(annotator).annotator)
        row = tables.ArticleStatus.get_or_none(
            (tables.ArticleStatus.article == article_id) & (tables.ArticleStatus.annotator == a_id)
        )
        return float(row.active_seconds) if row else 0.0
