"""Gold: adjudicating annotators' disagreements into a separate layer with provenance.

Every gold span records which annotators had exactly that span (same start, end and label),
the annotator span it was taken from, who accepted it and when, and a ``version`` that every
change bumps (an edit names the version it was made on; a stale one raises
:class:`GoldConflict`). A reviewer can also *reject* a version, so that a disagreement can be
settled with no gold span at all.

Each operation is one transaction, logged as one event (action ``gold``) on the reviewer's
undo stack: ``Corpus.undo(reviewer)`` takes it back (see :mod:`annotator.store.history`).

Which work counts: review and merging use, for each chosen annotator, their labels on
articles whose status is one of ``statuses`` (default: done; imports mark labels done), as
agreement does. Provenance (``annotators`` of a gold span) lists every chosen annotator who
has the identical span, whatever their status.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core import model
from annotator.core.agreement import AgreementResult, Item
from annotator.core.model import Changes, Status
from annotator.core.offsets import check_span
from annotator.core.review import ArticleReview, SpanGroup, Strategy, merge, review_article
from annotator.store import db, history, tables
from annotator.store.agreement_items import corpus_agreement
from annotator.store.convert import dumps, loads, rows
from annotator.store.errors import CorpusError
from annotator.store.reading import Reading

DONE: tuple[Status, ...] = (Status.DONE,)

SpanKey = tuple[int, int, str]  # start, end, label


class GoldConflict(CorpusError):
    """A gold span changed (or went) since the reviewer read it: reload and decide again."""


class GoldOverlap(CorpusError):
    """Gold already has a different span of the layer there; say whether to replace it."""


class Overlap(str, enum.Enum):
    """What accepting a span does to gold spans of the same layer that it overlaps."""

    REFUSE = "refuse"  # raise GoldOverlap, naming them (the default for single accepts)
    REPLACE = "replace"  # delete them (and their relations): the reviewer settles the group
    ADD = "add"  # keep them (nested spans: ORG "Bank Indonesia Jakarta" over GPE "Jakarta")
    SKIP = "skip"  # keep them and do not add this span (pre-filling never overrides decisions)


class GoldState(str, enum.Enum):
    NONE = "none"  # no gold span and no rejection on the article yet
    PARTIAL = "partial"  # some span groups are not settled yet
    COMPLETE = "complete"  # every span group is settled (and some gold decision was made)


@dataclass(frozen=True)
class Rejection:
    id: int
    article_id: int
    start: int
    end: int
    label: str
    layer: str
    rejected_by: str
    rejected_at: str


@dataclass(frozen=True)
class GoldStatus:
    """How far an article's adjudication is.

    A *group* is a set of overlapping annotator spans of one layer (``core.review``); it is
    *settled* when a gold span of its layer overlaps it, or when every version in it was
    rejected. ``resolved`` counts the settled groups among the ``disagreements``.
    """

    state: GoldState
    groups: int
    settled: int
    disagreements: int
    resolved: int
    gold_spans: int
    gold_relations: int
    rejections: int


def _gold_span(row: tables.GoldSpan) -> model.GoldSpan:
    return model.GoldSpan(
        id=row.id,
        article_id=row.article_id,
        start=row.start,
        end=row.end,
        label=row.label,
        layer=row.layer,
        text=row.text,
        attributes=loads(row.attributes),
        annotators=tuple(loads(row.annotators) or ()),
        accepted_by=row.accepted_by,
        accepted_at=row.accepted_at,
        source_span_id=row.source_span_id,
        version=row.version,
    )


def _record(row: tables.Base) -> dict[str, Any]:
    return dict(row.__data__)


class _GoldEdit:
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

    def remove_span(self, row: tables.GoldSpan) -> None:
        for rel in tables.GoldRelation.select().where(
            (tables.GoldRelation.head == row.id) | (tables.GoldRelation.child == row.id)
        ):
            self.remove_relation(rel)
        self.payload["remove"]["gold_span"].append(_record(row))
        tables.GoldSpan.delete().where(tables.GoldSpan.id == row.id).execute()

    def update_span(self, row: tables.GoldSpan, after: dict[str, Any]) -> None:
        before = {k: getattr(row, k) for k in after}
        tables.GoldSpan.update(**after, version=tables.GoldSpan.version + 1).where(
            tables.GoldSpan.id == row.id
        ).execute()
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
        self.payload["remove"]["gold_relation"].append(_record(row))
        tables.GoldRelation.delete().where(tables.GoldRelation.id == row.id).execute()

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
        self.payload["remove"]["gold_rejection"].append(_record(row))
        tables.GoldRejection.delete().where(tables.GoldRejection.id == row.id).execute()

    def finish(self) -> Changes:
        if self.empty():
            return Changes()
        event = history.log(self.reviewer, "gold", self.payload, self.article_id)
        return Changes(article_ids={self.article_id}, gold_changed=True, event_id=event)


class Gold(Reading):
    """Gold operations and queries, and agreement; mixed into ``Corpus``."""

    # ------------------------------------------------------------ agreement and review input
    def agreement(
        self,
        layer: str,
        annotators: Sequence[str] | None = None,
        *,
        statuses: Iterable[Status] = DONE,
        per_article: bool = True,
    ) -> AgreementResult:
        """Agreement on ``layer`` (docs/agreement.md) over the whole corpus.

        An annotator's work counts on an article when their status there is one of
        ``statuses`` (default: done; imported labels are done unless the file says otherwise).
        """
        # The lean read (store/agreement_items.py): the same result as
        # compute_agreement(items_from_documents(self.documents(), statuses), ...), faster.
        return corpus_agreement(self, layer, annotators, statuses=statuses, per_article=per_article)

    def review_item(
        self,
        article_id: int,
        annotators: Sequence[str] | None = None,
        *,
        statuses: Iterable[Status] = DONE,
    ) -> Item:
        """The article with the labels of the chosen annotators whose work counts there."""
        article = self.article(article_id)
        counted = {s.value for s in statuses}
        query = (
            tables.ArticleStatus.select(tables.Annotator.name, tables.ArticleStatus.status)
            .join(tables.Annotator)
            .where(tables.ArticleStatus.article == article_id)
        )
        names = [name for name, status in rows(query) if status in counted]
        if annotators is not None:
            names = [n for n in dict.fromkeys(annotators) if n in names]
        spans: dict[str, list[model.Span]] = {n: [] for n in names}
        for s in self.spans(article_id):
            if s.annotator in spans:
                spans[s.annotator].append(s)
        relations: dict[str, list[model.Relation]] = {n: [] for n in names}
        for r in self.relations(article_id):
            if r.annotator in relations:
                relations[r.annotator].append(r)
        return Item(article_id, article.text, spans, relations)

    def review(
        self,
        article_id: int,
        layer: str,
        annotators: Sequence[str] | None = None,
        *,
        statuses: Iterable[Status] = DONE,
    ) -> ArticleReview:
        """The article's span groups of ``layer``, with their disagreements classified."""
        item = self.review_item(article_id, annotators, statuses=statuses)
        return review_article(item, layer, annotators)

    # ------------------------------------------------------------ queries
    def gold_spans(self, article_id: int) -> list[model.GoldSpan]:
        query = (
            tables.GoldSpan.select()
            .where(tables.GoldSpan.article == article_id)
            .order_by(tables.GoldSpan.start, tables.GoldSpan.end.desc(), tables.GoldSpan.id)
        )
        return [_gold_span(row) for row in query]

    def gold_span(self, gold_id: int) -> model.GoldSpan:
        return _gold_span(self._gold_row(gold_id))

    def gold_relations(self, article_id: int) -> list[model.GoldRelation]:
        query = (
            tables.GoldRelation.select()
            .where(tables.GoldRelation.article == article_id)
            .order_by(tables.GoldRelation.id)
        )
        return [
            model.GoldRelation(
                id=r.id,
                article_id=r.article_id,
                head=r.head_id,
                child=r.child_id,
                label=r.label,
                annotators=tuple(loads(r.annotators) or ()),
                accepted_by=r.accepted_by,
                accepted_at=r.accepted_at,
            )
            for r in query
        ]

    def gold_rejections(self, article_id: int) -> list[Rejection]:
        query = (
            tables.GoldRejection.select()
            .where(tables.GoldRejection.article == article_id)
            .order_by(tables.GoldRejection.start, tables.GoldRejection.id)
        )
        return [
            Rejection(
                r.id, r.article_id, r.start, r.end, r.label, r.layer, r.rejected_by, r.rejected_at
            )
            for r in query
        ]

    def gold_status(
        self,
        article_id: int,
        annotators: Sequence[str] | None = None,
        *,
        statuses: Iterable[Status] = DONE,
    ) -> GoldStatus:
        """none / partial / complete, with the counts behind it (see :class:`GoldStatus`)."""
        item = self.review_item(article_id, annotators, statuses=statuses)
        gold = self.gold_spans(article_id)
        rejected = {(r.start, r.end, r.label, r.layer) for r in self.gold_rejections(article_id)}
        groups = n_settled = disagreements = resolved = 0
        for layer in self.schema.layers:
            for group in review_article(item, layer.name, annotators).groups:
                ok = settled(group, gold, rejected)
                groups += 1
                n_settled += ok
                if group.kinds:
                    disagreements += 1
                    resolved += ok
        n_relations = int(
            tables.GoldRelation.select().where(tables.GoldRelation.article == article_id).count()
        )
        if not gold and not rejected:
            state = GoldState.NONE
        elif n_settled == groups:
            state = GoldState.COMPLETE
        else:
            state = GoldState.PARTIAL
        return GoldStatus(
            state, groups, n_settled, disagreements, resolved, len(gold), n_relations, len(rejected)
        )

    def conflicts_resolved(self, article_id: int, annotators: Sequence[str] | None = None) -> int:
        """How many of the article's disagreement groups gold has settled."""
        return self.gold_status(article_id, annotators).resolved

    # ------------------------------------------------------------ accepting
    def accept_span(
        self,
        span_id: int,
        reviewer: str,
        *,
        on_overlap: Overlap | str = Overlap.REFUSE,
        annotators: Sequence[str] | None = None,
    ) -> Changes:
        """Copy an annotator's span into gold (see :meth:`accept_spans`)."""
        return self.accept_spans([span_id], reviewer, on_overlap=on_overlap, annotators=annotators)

    def accept_spans(
        self,
        span_ids: Sequence[int],
        reviewer: str,
        *,
        on_overlap: Overlap | str = Overlap.REFUSE,
        annotators: Sequence[str] | None = None,
    ) -> Changes:
        """Copy annotators' spans of one article into gold, in one transaction.

        Each gold span records the annotators (of ``annotators``, default all) who have an
        identical span, the span it came from, the reviewer and the time. A span gold already
        has is not copied again. Gold spans of the same layer it overlaps are handled as
        ``on_overlap`` says (:class:`Overlap`). The source annotator's relations whose other
        end is (now) in gold come along; with ``REPLACE``, gold relations of an accepted head
        that the source annotator does not have, of a relation label they used, go.
        """
        on_overlap = Overlap(on_overlap)
        reviewer = self._reviewer(reviewer)
        if not span_ids:
            return Changes()
        sources = [self.span(i) for i in span_ids]
        article_id = sources[0].article_id
        if any(s.article_id != article_id for s in sources):
            raise CorpusError("accept spans of one article at a time")
        everyone = self.spans(article_id)
        owners = _owners(everyone, annotators)
        with self._db.atomic():
            edit = _GoldEdit(article_id, reviewer, "accept")
            accepted: list[tuple[model.Span, int]] = []
            for s in sorted(sources, key=lambda s: (s.start, -s.end, s.label)):
                gold_id = self._put_span(
                    edit,
                    s.start,
                    s.end,
                    s.label,
                    s.layer,
                    s.text,
                    s.attributes,
                    owners.get((s.start, s.end, s.label), [s.annotator]),
                    s.id,
                    on_overlap,
                    keep={g for _, g in accepted},
                )
                if gold_id is not None:
                    accepted.append((s, gold_id))
            self._bring_relations(edit, article_id, accepted, everyone, annotators, on_overlap)
            return edit.finish()

    def accept_relation(self, relation_id: int, reviewer: str) -> Changes:
        """Copy an annotator's relation into gold; both its ends must be in gold already."""
        reviewer = self._reviewer(reviewer)
        rel = self.relation(relation_id)
        head, child = self.span(rel.head), self.span(rel.child)
        gold = {(g.start, g.end, g.label): g.id for g in self.gold_spans(rel.article_id)}
        ends = (
            gold.get((head.start, head.end, head.label)),
            gold.get((child.start, child.end, child.label)),
        )
        if ends[0] is None or ends[1] is None:
            missing = head if ends[0] is None else child
            raise CorpusError(
                f"accept {missing.label} {missing.text!r} into gold first: "
                f"a gold {rel.label} joins two gold spans"
            )
        everyone = self.spans(rel.article_id)
        with self._db.atomic():
            edit = _GoldEdit(rel.article_id, reviewer, "accept_relation")
            self._put_relation(
                edit,
                ends[0],
                ends[1],
                rel.label,
                _relation_owners(self.relations(rel.article_id), everyone, head, child, rel.label),
            )
            return edit.finish()

    def accept_agreeing(
        self,
        article_id: int,
        annotators: Sequence[str],
        reviewer: str,
        *,
        statuses: Iterable[Status] = DONE,
    ) -> Changes:
        """Every span (and relation) all of the chosen annotators who did the article have.

        Gold decisions already made are kept: a span overlapping a different gold span of
        its layer, or a rejected one, is left out.
        """
        item = self.review_item(article_id, annotators, statuses=statuses)
        if len(item.annotations) < 2:
            raise CorpusError(
                f"fewer than two of {', '.join(annotators)} finished article {article_id}: "
                "nothing to agree on"
            )
        return self._prefill(item, Strategy.UNANIMOUS, annotators, reviewer, None, Overlap.SKIP)

    def prefill_gold(
        self,
        article_id: int,
        strategy: Strategy | str,
        annotators: Sequence[str] | None,
        reviewer: str,
        annotator: str | None = None,
        *,
        on_overlap: Overlap | str = Overlap.SKIP,
        statuses: Iterable[Status] = DONE,
    ) -> Changes:
        """Pre-fill gold with ``core.review.merge``: ``unanimous``, ``majority`` (more than
        half of the chosen annotators who did the article) or ``annotator`` (``annotator``'s
        spans). Spans gold has are kept; rejected versions are left out; overlaps with other
        gold spans follow ``on_overlap`` (default: keep what gold has)."""
        item = self.review_item(article_id, annotators, statuses=statuses)
        if not item.annotations:
            raise CorpusError(f"none of the chosen annotators finished article {article_id}")
        return self._prefill(
            item, Strategy(strategy), annotators, reviewer, annotator, Overlap(on_overlap)
        )

    def add_gold_span(
        self,
        article_id: int,
        reviewer: str,
        start: int,
        end: int,
        label: str,
        attributes: dict[str, Any] | None = None,
        *,
        on_overlap: Overlap | str = Overlap.REFUSE,
    ) -> Changes:
        """A gold span the reviewer marks by hand (provenance: the annotators who have it)."""
        reviewer = self._reviewer(reviewer)
        text = self.article(article_id).text
        layer = self._gold_layer(label, attributes or {})
        try:
            check_span(text, start, end)
        except ValueError as exc:
            raise CorpusError(str(exc)) from None
        owners = _owners(self.spans(article_id), None).get((start, end, label), [])
        with self._db.atomic():
            edit = _GoldEdit(article_id, reviewer, "add")
            self._put_span(
                edit,
                start,
                end,
                label,
                layer,
                text[start:end],
                attributes or {},
                owners,
                None,
                Overlap(on_overlap),
            )
            return edit.finish()

    # ------------------------------------------------------------ editing and rejecting
    def update_gold_span(
        self,
        gold_id: int,
        reviewer: str,
        expected_version: int,
        *,
        label: str | None = None,
        start: int | None = None,
        end: int | None = None,
        attributes: dict[str, Any] | None = None,
    ) -> Changes:
        """Edit a gold span by hand. ``expected_version`` is the version the reviewer saw: if
        the span changed since, :class:`GoldConflict` is raised and nothing changes.
        Attributes are merged (reset when the label moves to another layer); provenance is
        recomputed (the annotators who have the edited span); the reviewer becomes its
        acceptor."""
        reviewer = self._reviewer(reviewer)
        with self._db.atomic():
            row = self._gold_row(gold_id, expected_version)
            new_label = row.label if label is None else label
            layer = self._gold_layer(new_label, {})
            kept = loads(row.attributes) if layer == row.layer else {}
            merged = {**kept, **(attributes or {})}
            self._gold_layer(new_label, merged)
            new_start = row.start if start is None else start
            new_end = row.end if end is None else end
            text = self.article(row.article_id).text
            try:
                check_span(text, new_start, new_end)
            except ValueError as exc:
                raise CorpusError(str(exc)) from None
            owners = _owners(self.spans(row.article_id), None).get(
                (new_start, new_end, new_label), []
            )
            after = {
                "label": new_label,
                "layer": layer,
                "start": new_start,
                "end": new_end,
                "text": text[new_start:new_end],
                "attributes": dumps(merged),
                "annotators": dumps(owners),
                "accepted_by": reviewer,
                "accepted_at": db.now(),
            }
            same = ("label", "layer", "start", "end", "text", "attributes")
            if all(getattr(row, k) == after[k] for k in same):
                return Changes()
            edit = _GoldEdit(row.article_id, reviewer, "update")
            edit.update_span(row, after)
            return edit.finish()

    def delete_gold_span(
        self, gold_id: int, reviewer: str, expected_version: int | None = None
    ) -> Changes:
        """Take a span out of gold (and its gold relations); its group is unsettled again."""
        reviewer = self._reviewer(reviewer)
        with self._db.atomic():
            row = self._gold_row(gold_id, expected_version)
            edit = _GoldEdit(row.article_id, reviewer, "delete")
            edit.remove_span(row)
            return edit.finish()

    def reject_gold_span(
        self, gold_id: int, reviewer: str, expected_version: int | None = None
    ) -> Changes:
        """Take a span out of gold and reject its version (start, end, label)."""
        reviewer = self._reviewer(reviewer)
        with self._db.atomic():
            row = self._gold_row(gold_id, expected_version)
            edit = _GoldEdit(row.article_id, reviewer, "reject")
            edit.remove_span(row)
            self._reject(edit, row.start, row.end, row.label, row.layer)
            return edit.finish()

    def reject_span(self, span_id: int, reviewer: str) -> Changes:
        """Reject an annotator's version: it is not gold (an identical gold span goes)."""
        s = self.span(span_id)
        return self.reject_version(s.article_id, s.start, s.end, s.label, reviewer)

    def reject_version(
        self, article_id: int, start: int, end: int, label: str, reviewer: str
    ) -> Changes:
        return self.reject_versions(article_id, [(start, end, label)], reviewer)

    def reject_versions(
        self, article_id: int, versions: Iterable[SpanKey], reviewer: str
    ) -> Changes:
        """Reject versions (start, end, label) of one article in one transaction: identical
        gold spans go, and each version is remembered as rejected (so a disagreement whose
        versions are all rejected is settled with no gold span)."""
        reviewer = self._reviewer(reviewer)
        keys = list(dict.fromkeys(versions))
        layers = [self._gold_layer(label, {}) for _, _, label in keys]
        with self._db.atomic():
            edit = _GoldEdit(article_id, reviewer, "reject")
            for (start, end, label), layer in zip(keys, layers, strict=True):
                for row in tables.GoldSpan.select().where(
                    (tables.GoldSpan.article == article_id)
                    & (tables.GoldSpan.start == start)
                    & (tables.GoldSpan.end == end)
                    & (tables.GoldSpan.label == label)
                ):
                    edit.remove_span(row)
                self._reject(edit, start, end, label, layer)
            return edit.finish()

    def delete_gold_relation(self, relation_id: int, reviewer: str) -> Changes:
        reviewer = self._reviewer(reviewer)
        row = tables.GoldRelation.get_or_none(tables.GoldRelation.id == relation_id)
        if row is None:
            raise CorpusError(f"no gold relation with id {relation_id}")
        with self._db.atomic():
            edit = _GoldEdit(row.article_id, reviewer, "delete_relation")
            edit.remove_relation(row)
            return edit.finish()

    # ------------------------------------------------------------ internals
    def _reviewer(self, name: str) -> str:
        name = name.strip()
        if not name:
            raise CorpusError("a reviewer needs a name")
        return name

    def _gold_layer(self, label: str, attributes: dict[str, Any]) -> str:
        try:
            layer = self.schema.layer_of(label)
            self.schema.check_attributes(layer, attributes)
        except ValueError as exc:
            raise CorpusError(str(exc)) from None
        return layer

    def _gold_row(self, gold_id: int, expected_version: int | None = None) -> tables.GoldSpan:
        row = tables.GoldSpan.get_or_none(tables.GoldSpan.id == gold_id)
        if row is None:
            if expected_version is not None:
                raise GoldConflict(
                    f"gold span {gold_id} was removed since you read it; reload the article"
                )
            raise CorpusError(f"no gold span with id {gold_id}")
        if expected_version is not None and row.version != expected_version:
            raise GoldConflict(
                f"gold span {gold_id} ({row.label} {row.text!r}) was changed since you read it "
                f"(it is at version {row.version}, you edited version {expected_version}; "
                f"last accepted by {row.accepted_by} at {row.accepted_at}): reload and edit again"
            )
        return row

    def _reject(self, edit: _GoldEdit, start: int, end: int, label: str, layer: str) -> None:
        exists = tables.GoldRejection.get_or_none(
            (tables.GoldRejection.article == edit.article_id)
            & (tables.GoldRejection.start == start)
            & (tables.GoldRejection.end == end)
            & (tables.GoldRejection.label == label)
        )
        if exists is None:
            edit.add_rejection(start, end, label, layer)

    def _put_span(
        self,
        edit: _GoldEdit,
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
        article_id = edit.article_id
        same = tables.GoldSpan.get_or_none(
            (tables.GoldSpan.article == article_id)
            & (tables.GoldSpan.start == start)
            & (tables.GoldSpan.end == end)
            & (tables.GoldSpan.label == label)
        )
        rejected = tables.GoldRejection.get_or_none(
            (tables.GoldRejection.article == article_id)
            & (tables.GoldRejection.start == start)
            & (tables.GoldRejection.end == end)
            & (tables.GoldRejection.label == label)
        )
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
                edit.remove_span(g)
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
            edit.remove_rejection(rejected)  # accepting it now overrides the rejection
        row = edit.add_span(start, end, label, layer, text, attributes, owners, source)
        return int(row.id)

    def _put_relation(
        self, edit: _GoldEdit, head: int, child: int, label: str, owners: Sequence[str]
    ) -> None:
        exists = tables.GoldRelation.get_or_none(
            (tables.GoldRelation.head == head)
            & (tables.GoldRelation.child == child)
            & (tables.GoldRelation.label == label)
        )
        if exists is None:
            edit.add_relation(head, child, label, owners)

    def _bring_relations(
        self,
        edit: _GoldEdit,
        article_id: int,
        accepted: list[tuple[model.Span, int]],
        everyone: list[model.Span],
        annotators: Sequence[str] | None,
        on_overlap: Overlap,
    ) -> None:
        if not accepted:
            return
        by_id = {s.id: s for s in everyone}
        relations = self.relations(article_id)
        if annotators is not None:
            relations = [r for r in relations if r.annotator in annotators]
        gold = {
            (g.start, g.end, g.label): int(g.id)
            for g in tables.GoldSpan.select().where(tables.GoldSpan.article == article_id)
        }
        for s, gold_id in accepted:
            own = [r for r in relations if r.annotator == s.annotator and s.id in (r.head, r.child)]
            wanted: set[tuple[int, int, str]] = set()
            for r in own:
                head, child = by_id.get(r.head), by_id.get(r.child)
                if head is None or child is None:
                    continue
                h = gold.get((head.start, head.end, head.label))
                c = gold.get((child.start, child.end, child.label))
                if h is None or c is None:
                    continue
                wanted.add((h, c, r.label))
                owners = _relation_owners(relations, everyone, head, child, r.label)
                self._put_relation(edit, h, c, r.label, owners)
            if on_overlap is Overlap.REPLACE:
                labels = {r.label for r in own if r.head == s.id}
                for g in tables.GoldRelation.select().where(tables.GoldRelation.head == gold_id):
                    if g.label in labels and (g.head_id, g.child_id, g.label) not in wanted:
                        edit.remove_relation(g)

    def _prefill(
        self,
        item: Item,
        strategy: Strategy,
        annotators: Sequence[str] | None,
        reviewer: str,
        annotator: str | None,
        on_overlap: Overlap,
    ) -> Changes:
        reviewer = self._reviewer(reviewer)
        try:
            result = merge(item, strategy, annotators, annotator=annotator)
        except ValueError as exc:
            raise CorpusError(str(exc)) from None
        owners = _owners(self.spans(item.article_id), annotators)
        with self._db.atomic():
            edit = _GoldEdit(item.article_id, reviewer, f"prefill_{strategy.value}")
            ids: dict[int, int] = {}
            for n, ms in enumerate(result.spans):
                gold_id = self._put_span(
                    edit,
                    ms.start,
                    ms.end,
                    ms.label,
                    ms.layer,
                    ms.text,
                    ms.attributes,
                    owners.get((ms.start, ms.end, ms.label), list(ms.annotators)),
                    ms.source_ids[0] if ms.source_ids else None,
                    on_overlap,
                    keep=set(ids.values()),
                )
                if gold_id is not None:
                    ids[n] = gold_id
            for mr in result.relations:
                if mr.head in ids and mr.child in ids:
                    self._put_relation(edit, ids[mr.head], ids[mr.child], mr.label, mr.annotators)
            return edit.finish()


def _owners(
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


def _relation_owners(
    relations: Iterable[model.Relation],
    spans: Iterable[model.Span],
    head: model.Span,
    child: model.Span,
    label: str,
) -> list[str]:
    by_id = {s.id: s for s in spans}
    hk, ck = (head.start, head.end, head.label), (child.start, child.end, child.label)
    out: list[str] = []
    for r in relations:
        h, c = by_id.get(r.head), by_id.get(r.child)
        if r.label != label or h is None or c is None:
            continue
        same = (h.start, h.end, h.label) == hk and (c.start, c.end, c.label) == ck
        if same and r.annotator not in out:
            out.append(r.annotator)
    return sorted(out)


def settled(
    group: SpanGroup, gold: Sequence[model.GoldSpan], rejected: set[tuple[int, int, str, str]]
) -> bool:
    if any(g.layer == group.layer and g.start < group.end and group.start < g.end for g in gold):
        return True
    return all((v.start, v.end, v.label, group.layer) in rejected for v in group.versions)
