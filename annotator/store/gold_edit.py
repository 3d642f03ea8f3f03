"""One gold operation's row changes, recorded for the event log (:class:`GoldEdit`).

Split out of :mod:`annotator.store.gold`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from peewee import Database

from annotator.core import model
from annotator.core.gold import LINK_LAYER, GoldConflict, GoldOverlap, Overlap, SpanKey, link_key
from annotator.core.model import Changes
from annotator.store import db, history, raw, tables
from annotator.store.convert import dumps


def _record(row: tables.Base) -> dict[str, Any]:
    return dict(row.__data__)


@contextmanager
def gold_transaction(database: Database, article_id: int) -> Iterator[None]:
    """The transaction of one gold write on an article, holding the article's gold.

    On a server the article's row is locked (``FOR NO KEY UPDATE``: annotators' inserts,
    which only take a key-share lock on it, go on) before anything is read, so two reviewers'
    gold writes on one article take turns and each reads what the other committed. On a file,
    ``BEGIN IMMEDIATE`` takes SQLite's write lock at once, to the same end. Every check a gold
    write makes (the version a reviewer saw, whether gold has a span already) is made after
    that, inside the write's transaction; updates and deletes also name the version they
    change in their ``WHERE``.
    """
    if raw.is_postgres(database):
        with database.atomic():
            raw.execute(
                database, "SELECT id FROM article WHERE id = ? FOR NO KEY UPDATE", (article_id,)
            )
            yield
    elif database.in_transaction():
        with database.atomic():
            yield
    else:
        with database.atomic("IMMEDIATE"):
            yield


def _changed(row: tables.GoldSpan) -> GoldConflict:
    return GoldConflict(
        f"gold span {row.id} ({row.label} {row.text!r}) was changed or removed by another "
        f"reviewer since version {row.version}: reload and decide again"
    )


class GoldEdit:
    """Gold row changes of one operation, done at once and recorded for the event log."""

    def __init__(self, article_id: int, reviewer: str, op: str) -> None:
        self.article_id = article_id
        self.reviewer = reviewer
        self.stamp = db.now()
        self.payload: dict[str, Any] = {
            "article": article_id,
            "op": op,
            "add": {"gold_span": [], "gold_relation": [], "gold_rejection": []},
            "remove": {"gold_span": [], "gold_relation": [], "gold_rejection": []},
            "update": [],
        }

    def empty(self) -> bool:
        return not (
            any(self.payload["add"].values())
            or any(self.payload["remove"].values())
            or self.payload["update"]
        )

    def add_span(
        self,
        start: int,
        end: int,
        label: str,
        layer: str,
        text: str,
        attributes: dict[str, Any],
        annotators: Sequence[str],
        source: int | None,
    ) -> tables.GoldSpan:
        row = tables.GoldSpan.create(
            article=self.article_id,
            start=start,
            end=end,
            label=label,
            layer=layer,
            text=text,
            attributes=dumps(attributes),
            annotators=dumps(list(annotators)),
            source_span=source,
            accepted_by=self.reviewer,
            accepted_at=self.stamp,
            version=1,
        )
        self.payload["add"]["gold_span"].append(_record(row))
        return row

    def set_cluster(self, gold_id: int, cluster: int | None) -> None:
        """Decide a gold claim's cluster (None: in no cluster). A span this operation added
        gets it in its row as added; another is updated (its version bumps)."""
        for rec in self.payload["add"]["gold_span"]:
            if rec["id"] == gold_id:
                tables.GoldSpan.update(cluster=cluster, cluster_decided=True).where(
                    tables.GoldSpan.id == gold_id
                ).execute()
                rec["cluster"], rec["cluster_decided"] = cluster, True
                return
        row = tables.GoldSpan.get_by_id(gold_id)
        if row.cluster_decided and row.cluster_id == cluster:
            return
        # (the label too: undo checks the schema still has it, and that the span is as left)
        self.update_span(row, {"label": row.label, "cluster_id": cluster, "cluster_decided": True})

    def remove_span(self, row: tables.GoldSpan) -> None:
        for rel in tables.GoldRelation.select().where(
            (tables.GoldRelation.head == row.id) | (tables.GoldRelation.child == row.id)
        ):
            self.remove_relation(rel)
        for decision in self._decisions(row.start, row.end, row.label):
            self.remove_rejection(decision)
        self.payload["remove"]["gold_span"].append(_record(row))
        gone = (
            tables.GoldSpan.delete()
            .where((tables.GoldSpan.id == row.id) & (tables.GoldSpan.version == row.version))
            .execute()
        )
        if gone != 1:
            raise _changed(row)

    def update_span(self, row: tables.GoldSpan, after: dict[str, Any]) -> None:
        before = {k: getattr(row, k) for k in after}
        done = (
            tables.GoldSpan.update(**after, version=tables.GoldSpan.version + 1)
            .where((tables.GoldSpan.id == row.id) & (tables.GoldSpan.version == row.version))
            .execute()
        )
        if done != 1:
            raise _changed(row)
        moved = (
            after.get("start", row.start),
            after.get("end", row.end),
            after.get("label", row.label),
        )
        if moved != (row.start, row.end, row.label):  # its link decisions follow it
            for decision in self._decisions(row.start, row.end, row.label):
                self.remove_rejection(decision)
                relation = decision.label.split(">", 1)[1]
                self.decide_links(moved[0], moved[1], moved[2], relation)
        self.payload["update"].append({"id": row.id, "before": before, "after": after})

    def add_relation(
        self, head: int, child: int, label: str, annotators: Sequence[str]
    ) -> tables.GoldRelation:
        row = tables.GoldRelation.create(
            article=self.article_id,
            head=head,
            child=child,
            label=label,
            annotators=dumps(list(annotators)),
            accepted_by=self.reviewer,
            accepted_at=self.stamp,
        )
        self.payload["add"]["gold_relation"].append(_record(row))
        return row

    def remove_relation(self, row: tables.GoldRelation) -> None:
        if any(r["id"] == row.id for r in self.payload["remove"]["gold_relation"]):
            return
        gone = tables.GoldRelation.delete().where(tables.GoldRelation.id == row.id).execute()
        if gone == 1:  # (one already gone is not recorded: undo would put it back)
            self.payload["remove"]["gold_relation"].append(_record(row))

    def add_rejection(self, start: int, end: int, label: str, layer: str) -> None:
        row = tables.GoldRejection.create(
            article=self.article_id,
            start=start,
            end=end,
            label=label,
            layer=layer,
            rejected_by=self.reviewer,
            rejected_at=self.stamp,
        )
        self.payload["add"]["gold_rejection"].append(_record(row))

    def remove_rejection(self, row: tables.GoldRejection) -> None:
        gone = tables.GoldRejection.delete().where(tables.GoldRejection.id == row.id).execute()
        if gone == 1:
            self.payload["remove"]["gold_rejection"].append(_record(row))

    def finish(self) -> Changes:
        if self.empty():
            return Changes()
        event = history.log(self.reviewer, "gold", self.payload, self.article_id)
        return Changes(article_ids={self.article_id}, gold_changed=True, event_id=event)

    def _rejection(self, start: int, end: int, label: str) -> tables.GoldRejection | None:
        """The article's rejection of that version, if any."""
        return tables.GoldRejection.get_or_none(
            (tables.GoldRejection.article == self.article_id)
            & (tables.GoldRejection.start == start)
            & (tables.GoldRejection.end == end)
            & (tables.GoldRejection.label == label)
            & (tables.GoldRejection.layer != LINK_LAYER)
        )

    def _decisions(self, start: int, end: int, head_label: str) -> list[tables.GoldRejection]:
        """The link decisions of the gold head at start, end with that label."""
        return [
            r
            for r in tables.GoldRejection.select().where(
                (tables.GoldRejection.article == self.article_id)
                & (tables.GoldRejection.start == start)
                & (tables.GoldRejection.end == end)
                & (tables.GoldRejection.layer == LINK_LAYER)
            )
            if r.label.startswith(head_label + ">")
        ]

    def decide_links(self, start: int, end: int, head_label: str, relation: str) -> None:
        """Record that the reviewer settled the head's ``relation`` links (as gold has them)."""
        key = link_key(head_label, relation)
        if not any(r.label == key for r in self._decisions(start, end, head_label)):
            self.add_rejection(start, end, key, LINK_LAYER)

    def reject(self, start: int, end: int, label: str, layer: str) -> None:
        exists = self._rejection(start, end, label)
        if exists is None:
            self.add_rejection(start, end, label, layer)

    def put_span(
        self,
        start: int,
        end: int,
        label: str,
        layer: str,
        text: str,
        attributes: dict[str, Any],
        owners: Sequence[str],
        source: int | None,
        on_overlap: Overlap,
        keep: set[int] | None = None,
    ) -> int | None:
        """Put one span into gold; its gold id (None when skipped)."""
        article_id = self.article_id
        same = tables.GoldSpan.get_or_none(
            (tables.GoldSpan.article == article_id)
            & (tables.GoldSpan.start == start)
            & (tables.GoldSpan.end == end)
            & (tables.GoldSpan.label == label)
        )
        rejected = self._rejection(start, end, label)
        if same is None and rejected is not None and on_overlap is Overlap.SKIP:
            return None
        skip = {same.id} if same is not None else set()
        overlapping = [
            g
            for g in tables.GoldSpan.select().where(
                (tables.GoldSpan.article == article_id)
                & (tables.GoldSpan.layer == layer)
                & (tables.GoldSpan.start < end)
                & (tables.GoldSpan.end > start)
            )
            if g.id not in (keep or set()) | skip
        ]
        if on_overlap is Overlap.REPLACE:  # the reviewer settles the place on this version
            for g in overlapping:
                self.remove_span(g)
        if same is not None:
            return int(same.id)
        if overlapping and on_overlap is Overlap.SKIP:
            return None
        if overlapping and on_overlap is Overlap.REFUSE:
            names = "; ".join(
                f"{g.label} [{g.start},{g.end}) {g.text!r} (gold {g.id})" for g in overlapping
            )
            raise GoldOverlap(
                f"gold already has {names} overlapping {label} [{start},{end}) {text!r}: "
                "replace it, or add this span beside it"
            )
        if rejected is not None:
            self.remove_rejection(rejected)  # accepting it now overrides the rejection
        row = self.add_span(start, end, label, layer, text, attributes, owners, source)
        return int(row.id)

    def put_relation(self, head: int, child: int, label: str, owners: Sequence[str]) -> None:
        exists = tables.GoldRelation.get_or_none(
            (tables.GoldRelation.head == head)
            & (tables.GoldRelation.child == child)
            & (tables.GoldRelation.label == label)
        )
        if exists is None:
            self.add_relation(head, child, label, owners)


def span_owners(
    spans: Iterable[model.Span], annotators: Sequence[str] | None
) -> dict[SpanKey, list[str]]:
    """(start, end, label) -> the annotators (of ``annotators``) who have that span."""
    out: dict[SpanKey, list[str]] = {}
    for s in spans:
        if annotators is not None and s.annotator not in annotators:
            continue
        names = out.setdefault((s.start, s.end, s.label), [])
        if s.annotator not in names:
            names.append(s.annotator)
    order = {a: i for i, a in enumerate(annotators or ())}
    for names in out.values():
        names.sort(key=lambda a: (order.get(a, len(order)), a))
    return out


def relation_owners(
    relations: Iterable[model.Relation],
    spans: Iterable[model.Span],
    head: model.Span,
    child: model.Span,
    label: str,
) -> list[str]:
    return relation_owners_by_key(
        relations,
        spans,
        (head.start, head.end, head.label),
        (child.start, child.end, child.label),
        label,
    )


def relation_owners_by_key(
    relations: Iterable[model.Relation],
    spans: Iterable[model.Span],
    hk: SpanKey,
    ck: SpanKey,
    label: str,
) -> list[str]:
    """The annotators who link a span ``hk`` to a span ``ck`` with ``label``."""
    by_id = {s.id: s for s in spans}
    out: list[str] = []
    for r in relations:
        h, c = by_id.get(r.head), by_id.get(r.child)
        if r.label != label or h is None or c is None:
            continue
        same = (h.start, h.end, h.label) == hk and (c.start, c.end, c.label) == ck
        if same and r.annotator not in out:
            out.append(r.annotator)
    return sorted(out)
