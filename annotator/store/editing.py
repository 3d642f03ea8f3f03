"""Edits of a corpus: each commits before it returns, is logged, and can be undone."""

from __future__ import annotations

from typing import Any

from annotator.core.errors import CorpusError
from annotator.core.model import Changes, Status
from annotator.core.offsets import check_span
from annotator.core.validate import reserved_name_problem
from annotator.store import convert, db, history, tables
from annotator.store.convert import dumps, loads
from annotator.store.operations import SERVER_WAITS, UNDO_WAITS, Outage, read, write
from annotator.store.reading import Reading


class Editing(Reading):
    """Span, relation, status and undo operations; mixed into ``Corpus``."""

    @write(Outage.REFUSE, why=SERVER_WAITS)
    def annotator_id(self, name: str) -> int:
        """The id of annotator ``name``, created on first use."""
        name = name.strip()
        if not name:
            raise CorpusError("an annotator needs a name")
        reserved = reserved_name_problem(name)
        if reserved:
            raise CorpusError(reserved)
        found = self._annotator_id_or_none(name)
        if found is not None:
            return found
        with self._db.atomic():
            tables.Annotator.insert(name=name, created_at=db.now()).on_conflict_ignore().execute()
        found = self._annotator_id_or_none(name)  # another app may have added it meanwhile
        assert found is not None
        return found

    @write(Outage.QUEUE)
    def add_span(
        self,
        article_id: int,
        annotator: str,
        start: int,
        end: int,
        label: str,
        attributes: dict[str, Any] | None = None,
    ) -> Changes:
        text = self.article_text(article_id)
        try:
            check_span(text, start, end)
        except ValueError as exc:
            raise CorpusError(str(exc)) from None
        a_id = self.annotator_id(annotator)
        stamp = db.now()
        with self._writing():
            # The label is checked against the stored schema, under its row's lock: a label
            # another user removed a moment ago is refused, and no removal slips in between.
            layer = self._checked_layer(label, attributes or {})
            schema = self.schema  # just read by _checked_layer, in this transaction
            defaults = {
                a.name: a.default for a in schema.attributes_of(layer) if a.default is not None
            }
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
            )
            self._touch_status(article_id, a_id)
            event = history.log(
                annotator,
                "add_span",
                {"article": article_id, "span": convert.span_record(row)},
                article_id,
            )
        return Changes(article_ids={article_id}, spans_added={row.id}, event_id=event)

    @write(Outage.QUEUE)
    def delete_span(self, span_id: int, annotator: str) -> Changes:
        with self._writing():
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
            event_id=event,
        )

    @write(Outage.QUEUE)
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
        with self._writing():
            row = self._own_span(span_id, annotator, lock=True)
            new_label = label if label is not None else row.label
            merged = {**loads(row.attributes), **(attributes or {})}
            schema = self._schema_in_txn()  # the stored one, under its row's lock
            layer = schema.layer_of(new_label) if schema.has_label(new_label) else None
            if layer is None:
                raise CorpusError(f"unknown label {new_label!r}")
            if layer != row.layer:
                merged = {}
            layer = self._checked_layer(new_label, merged)
            new_start = row.start if start is None else start
            new_end = row.end if end is None else end
            text = self.article_text(row.article_id)
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

    @write(Outage.QUEUE)
    def add_relation(self, head: int, child: int, label: str, annotator: str) -> Changes:
        with self._writing():
            head_row = self._own_span(head, annotator)
            child_row = self._own_span(child, annotator)
            if head_row.article_id != child_row.article_id:
                raise CorpusError("a relation joins two spans of the same article")
            if head == child:
                raise CorpusError("a relation joins two different spans")
            try:
                self._schema_in_txn().check_relation(label, head_row.label, child_row.label)
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

    @write(Outage.QUEUE)
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

    def _own_span(self, span_id: int, annotator: str, *, lock: bool = False) -> tables.Span:
        """Span ``span_id`` if it is ``annotator``'s; ``lock``: its row locked until the
        caller's transaction ends (on a server; SQLite's writer holds the file's lock)."""
        query = tables.Span.select().where(tables.Span.id == span_id)
        if lock and self._pg:
            query = query.for_update()
        row = query.first()
        if row is None:
            raise CorpusError(f"no span with id {span_id}")
        if row.annotator_id != self._annotator_id_or_none(annotator):
            raise CorpusError(f"span {span_id} belongs to another annotator")
        return row

    # ------------------------------------------------------------ status and time
    @read
    def status(self, article_id: int, annotator: str) -> Status:
        """``annotator``'s status of the article (on a team corpus, a non-reviewer's own)."""
        return self._status_of(article_id, self._readable(annotator) or annotator)

    def _status_of(self, article_id: int, annotator: str) -> Status:
        a_id = self._annotator_id_or_none(annotator)
        row = tables.ArticleStatus.get_or_none(
            (tables.ArticleStatus.article == article_id) & (tables.ArticleStatus.annotator == a_id)
        )
        return Status(row.status) if row else Status.TODO

    @write(Outage.QUEUE)
    def set_status(self, article_id: int, annotator: str, status: Status) -> Changes:
        self.article(article_id)
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
        with self._db.atomic():
            history.apply("status", payload, forward=True)
            event = history.log(annotator, "status", payload, article_id)
        return Changes(article_ids={article_id}, status_changed=True, event_id=event)

    def _touch_status(self, article_id: int, a_id: int) -> None:
        """A first label on a to-do article puts it in progress (not logged: it follows)."""
        tables.ArticleStatus.insert(
            article=article_id, annotator=a_id, status=Status.IN_PROGRESS.value, updated_at=db.now()
        ).on_conflict_ignore().execute()

    @write(Outage.QUEUE)
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

    @read
    def active_seconds(self, article_id: int, annotator: str) -> float:
        a_id = self._annotator_id_or_none(annotator)
        row = tables.ArticleStatus.get_or_none(
            (tables.ArticleStatus.article == article_id) & (tables.ArticleStatus.annotator == a_id)
        )
        return float(row.active_seconds) if row else 0.0

    # ------------------------------------------------------------ undo / redo
    @write(Outage.REFUSE, why=UNDO_WAITS)
    def undo(self, annotator: str) -> Changes:
        # On a file the write lock is taken at once (IMMEDIATE): the replay checks what it
        # changes (a gold span another reviewer changed since is not overwritten) under it.
        with self._writing():
            return history.step(annotator, self._schema_in_txn(), backwards=True)

    @write(Outage.REFUSE, why=UNDO_WAITS)
    def redo(self, annotator: str) -> Changes:
        with self._writing():
            return history.step(annotator, self._schema_in_txn(), backwards=False)

    @read
    def can_undo(self, annotator: str) -> bool:
        return bool(history.stacks(annotator)[0])

    @read
    def can_redo(self, annotator: str) -> bool:
        return bool(history.stacks(annotator)[1])
