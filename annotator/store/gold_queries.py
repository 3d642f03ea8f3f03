"""Read-only gold queries and the review's input: the read half of the gold service
(:class:`annotator.store.gold.Gold`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.core import model
from annotator.core.agreement import Item
from annotator.core.errors import CorpusError
from annotator.core.gold import (
    DONE,
    LINK_LAYER,
    GoldConflict,
    GoldState,
    GoldStatus,
    LinkState,
    Rejection,
    link_key,
    settled,
)
from annotator.core.model import Status
from annotator.core.review import ArticleReview, review_article
from annotator.store import tables
from annotator.store.access import Access
from annotator.store.articles import Articles
from annotator.store.context import StoreContext
from annotator.store.convert import loads, rows
from annotator.store.gold_clusters import annotator_clusters
from annotator.store.labels import Labels
from annotator.store.schemas import Schemas


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
        cluster_id=row.cluster_id,
        cluster_decided=bool(row.cluster_decided),
    )


class GoldQueries:
    """Gold's reads, and the review's input (everyone's labels: for readers of all); the
    read-only half of :class:`annotator.store.gold.Gold`."""

    def __init__(
        self,
        ctx: StoreContext,
        access: Access,
        schemas: Schemas,
        articles: Articles,
        labels: Labels,
    ) -> None:
        self._ctx = ctx
        self._access = access
        self._schemas = schemas
        self._articles = articles
        self._labels = labels

    # ------------------------------------------------------------ review input
    def review_item(
        self,
        article_id: int,
        annotators: Sequence[str] | None = None,
        *,
        statuses: Iterable[Status] = DONE,
    ) -> Item:
        """The article with the labels of the chosen annotators whose work counts there."""
        self._access.require_all()
        article = self._articles.article(article_id)
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
        for s in self._labels.spans(article_id):
            if s.annotator in spans:
                spans[s.annotator].append(s)
        relations: dict[str, list[model.Relation]] = {n: [] for n in names}
        for r in self._labels.relations(article_id):
            if r.annotator in relations:
                relations[r.annotator].append(r)
        return Item(article_id, article.text, spans, relations, self._clusters(spans))

    def _clusters(
        self, spans: dict[str, list[model.Span]]
    ) -> dict[str, dict[int, frozenset[tuple[int, int, int]]]]:
        """Each annotator's clusters that their spans here are in, with every member (in
        every article, whatever its status): review compares clusters by them."""
        out: dict[str, dict[int, frozenset[tuple[int, int, int]]]] = {}
        found = annotator_clusters(s for ss in spans.values() for s in ss)
        for (name, cluster), members in found.items():
            out.setdefault(name, {})[cluster] = frozenset(members)
        return out

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
            .where(
                (tables.GoldRejection.article == article_id)
                & (tables.GoldRejection.layer != LINK_LAYER)
            )
            .order_by(tables.GoldRejection.start, tables.GoldRejection.id)
        )
        return [
            Rejection(
                r.id, r.article_id, r.start, r.end, r.label, r.layer, r.rejected_by, r.rejected_at
            )
            for r in query
        ]

    def gold_links(
        self,
        article_id: int,
        annotators: Sequence[str] | None = None,
        *,
        statuses: Iterable[Status] = DONE,
        item: Item | None = None,
    ) -> list[LinkState]:
        """Each gold span's links of each relation type that starts in its layer, with what
        the compared annotators proposed (see :class:`LinkState`); only pairs with something
        in them (a proposal, a gold link or a decision)."""
        if item is None:
            item = self.review_item(article_id, annotators, statuses=statuses)
        gold = self.gold_spans(article_id)
        relations = self.gold_relations(article_id)
        decided = {
            (r.start, r.end, r.label)
            for r in tables.GoldRejection.select().where(
                (tables.GoldRejection.article == article_id)
                & (tables.GoldRejection.layer == LINK_LAYER)
            )
        }
        out: list[LinkState] = []
        for rel_type in self._schemas.schema.relations:
            for head in gold:
                if head.layer != rel_type.head_layer or not rel_type.starts_at(head.label):
                    continue
                proposed: dict[str, frozenset[tuple[int, int]]] = {}
                for coder, spans in item.annotations.items():
                    by_id = {s.id: s for s in spans}
                    mine = {
                        s.id
                        for s in spans
                        if s.layer == head.layer and s.start < head.end and head.start < s.end
                    }
                    ends = set()
                    for r in item.relations.get(coder, ()):
                        child = by_id.get(r.child)
                        if r.label == rel_type.name and r.head in mine and child is not None:
                            ends.add((child.start, child.end))
                    proposed[coder] = frozenset(ends)
                children = tuple(
                    r.child for r in relations if r.head == head.id and r.label == rel_type.name
                )
                is_decided = (head.start, head.end, link_key(head.label, rel_type.name)) in decided
                if children or is_decided or any(proposed.values()):
                    out.append(
                        LinkState(
                            head.id,
                            head.start,
                            head.end,
                            head.label,
                            rel_type.name,
                            proposed,
                            children,
                            is_decided,
                        )
                    )
        return out

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
        for layer in self._schemas.schema.layers:
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
        links = [
            link
            for link in self.gold_links(article_id, annotators, item=item)
            if any(link.proposed.values())
        ]
        links_settled = sum(link.settled for link in links)
        if not gold and not rejected:
            state = GoldState.NONE
        elif n_settled == groups and links_settled == len(links):
            state = GoldState.COMPLETE
        else:
            state = GoldState.PARTIAL
        return GoldStatus(
            state,
            groups,
            n_settled,
            disagreements,
            resolved,
            len(gold),
            n_relations,
            len(rejected),
            len(links),
            links_settled,
        )

    def conflicts_resolved(self, article_id: int, annotators: Sequence[str] | None = None) -> int:
        """How many of the article's disagreement groups gold has settled."""
        return self.gold_status(article_id, annotators).resolved

    def _gold_article(self, gold_id: int, expected_version: int | None = None) -> int:
        """The article of a gold span (it never changes), to lock before reading the span."""
        row = (
            tables.GoldSpan.select(tables.GoldSpan.article)
            .where(tables.GoldSpan.id == gold_id)
            .first()
        )
        if row is None:
            raise _no_gold_span(gold_id, expected_version)
        return int(row.article_id)

    def _gold_row(self, gold_id: int, expected_version: int | None = None) -> tables.GoldSpan:
        row = tables.GoldSpan.get_or_none(tables.GoldSpan.id == gold_id)
        if row is None:
            raise _no_gold_span(gold_id, expected_version)
        if expected_version is not None and row.version != expected_version:
            raise GoldConflict(
                f"gold span {gold_id} ({row.label} {row.text!r}) was changed since you read it "
                f"(it is at version {row.version}, you edited version {expected_version}; "
                f"last accepted by {row.accepted_by} at {row.accepted_at}): reload and edit again"
            )
        return row


def _no_gold_span(gold_id: int, expected_version: int | None) -> CorpusError:
    if expected_version is not None:
        return GoldConflict(
            f"gold span {gold_id} was removed since you read it; reload the article"
        )
    return CorpusError(f"no gold span with id {gold_id}")
