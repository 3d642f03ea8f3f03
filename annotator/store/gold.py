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

from collections.abc import Iterable, Sequence
from typing import Any

from annotator.core import model
from annotator.core.agreement import Item
from annotator.core.errors import CorpusError
from annotator.core.gold import (
    DONE,
    LINK_LAYER,
    GoldConflict,
    Overlap,
    SpanKey,
    link_key,
)
from annotator.core.model import Changes, Status
from annotator.core.offsets import check_span
from annotator.core.review import MergeResult, Strategy, cluster_members, merge
from annotator.core.speakers import CUE, is_claim
from annotator.store import db, tables
from annotator.store.convert import dumps, loads
from annotator.store.gold_clusters import CLAIM_LAYER, annotator_clusters, cluster_for, members_of
from annotator.store.gold_edit import (
    GoldEdit,
    gold_transaction,
    relation_owners,
    relation_owners_by_key,
    span_owners,
)
from annotator.store.gold_queries import GoldQueries


class Gold(GoldQueries):
    """Gold: accepting, editing and rejecting annotators' labels into the gold layer, each in
    one transaction and logged (its reads: :class:`GoldQueries`)."""

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
        sources = [self._labels.span(i) for i in span_ids]
        article_id = sources[0].article_id
        if any(s.article_id != article_id for s in sources):
            raise CorpusError("accept spans of one article at a time")
        everyone = self._labels.spans(article_id)
        owners = span_owners(everyone, annotators)
        with gold_transaction(self._ctx.db, article_id):
            edit = GoldEdit(article_id, reviewer, "accept")
            accepted: list[tuple[model.Span, int]] = []
            for s in sorted(sources, key=lambda s: (s.start, -s.end, s.label)):
                gold_id = edit.put_span(
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
            clustered = annotator_clusters(s for s, _ in accepted if is_claim(s))
            for s, gold_id in accepted:  # the source annotator's cluster comes along
                if is_claim(s):
                    edit.set_cluster(gold_id, self._gold_cluster(edit, s, members_of(s, clustered)))
            self._bring_relations(edit, article_id, accepted, everyone, annotators, on_overlap)
            self._settle_links(edit, article_id, annotators)
            return edit.finish()

    def accept_relation(self, relation_id: int, reviewer: str) -> Changes:
        """Copy an annotator's relation into gold; both its ends must be in gold already."""
        reviewer = self._reviewer(reviewer)
        rel = self._labels.relation(relation_id)
        head, child = self._labels.span(rel.head), self._labels.span(rel.child)
        everyone = self._labels.spans(rel.article_id)
        with gold_transaction(self._ctx.db, rel.article_id):
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
            edit = GoldEdit(rel.article_id, reviewer, "accept_relation")
            edit.put_relation(
                ends[0],
                ends[1],
                rel.label,
                relation_owners(
                    self._labels.relations(rel.article_id), everyone, head, child, rel.label
                ),
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
        text = self._articles.article(article_id).text
        layer = self._schemas.checked_layer(label, attributes or {})
        try:
            check_span(text, start, end)
        except ValueError as exc:
            raise CorpusError(str(exc)) from None
        owners = span_owners(self._labels.spans(article_id), None).get((start, end, label), [])
        with gold_transaction(self._ctx.db, article_id):
            edit = GoldEdit(article_id, reviewer, "add")
            edit.put_span(
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
            self._settle_links(edit, article_id, None)
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
        with gold_transaction(self._ctx.db, self._gold_article(gold_id, expected_version)):
            row = self._gold_row(gold_id, expected_version)
            new_label = row.label if label is None else label
            layer = self._schemas.checked_layer(new_label, {})
            kept = loads(row.attributes) if layer == row.layer else {}
            if new_label != row.label:  # the values that apply to the new label (a cue: none)
                schema = self._schemas.schema
                fits = {a.name for a in schema.attributes_for(new_label)}
                kept = {k: v for k, v in kept.items() if k in fits}
            merged = {**kept, **(attributes or {})}
            self._schemas.checked_layer(new_label, merged)
            new_start = row.start if start is None else start
            new_end = row.end if end is None else end
            text = self._articles.article(row.article_id).text
            try:
                check_span(text, new_start, new_end)
            except ValueError as exc:
                raise CorpusError(str(exc)) from None
            owners = span_owners(self._labels.spans(row.article_id), None).get(
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
            no_claim = layer != CLAIM_LAYER or new_label == CUE
            if no_claim and (row.cluster_id is not None or row.cluster_decided):
                after |= {"cluster_id": None, "cluster_decided": False}  # no longer a claim
            same = ("label", "layer", "start", "end", "text", "attributes")
            if all(getattr(row, k) == after[k] for k in same):
                return Changes()
            edit = GoldEdit(row.article_id, reviewer, "update")
            edit.update_span(row, after)
            self._settle_links(edit, row.article_id, None)
            return edit.finish()

    def delete_gold_span(
        self, gold_id: int, reviewer: str, expected_version: int | None = None
    ) -> Changes:
        """Take a span out of gold (and its gold relations); its group is unsettled again."""
        reviewer = self._reviewer(reviewer)
        with gold_transaction(self._ctx.db, self._gold_article(gold_id, expected_version)):
            row = self._gold_row(gold_id, expected_version)
            edit = GoldEdit(row.article_id, reviewer, "delete")
            edit.remove_span(row)
            return edit.finish()

    def reject_gold_span(
        self, gold_id: int, reviewer: str, expected_version: int | None = None
    ) -> Changes:
        """Take a span out of gold and reject its version (start, end, label)."""
        reviewer = self._reviewer(reviewer)
        with gold_transaction(self._ctx.db, self._gold_article(gold_id, expected_version)):
            row = self._gold_row(gold_id, expected_version)
            edit = GoldEdit(row.article_id, reviewer, "reject")
            edit.remove_span(row)
            edit.reject(row.start, row.end, row.label, row.layer)
            return edit.finish()

    def reject_span(self, span_id: int, reviewer: str) -> Changes:
        """Reject an annotator's version: it is not gold (an identical gold span goes)."""
        s = self._labels.span(span_id)
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
        layers = [self._schemas.checked_layer(label, {}) for _, _, label in keys]
        with gold_transaction(self._ctx.db, article_id):
            edit = GoldEdit(article_id, reviewer, "reject")
            for (start, end, label), layer in zip(keys, layers, strict=True):
                for row in tables.GoldSpan.select().where(
                    (tables.GoldSpan.article == article_id)
                    & (tables.GoldSpan.start == start)
                    & (tables.GoldSpan.end == end)
                    & (tables.GoldSpan.label == label)
                ):
                    edit.remove_span(row)
                edit.reject(start, end, label, layer)
            return edit.finish()

    def delete_gold_relation(self, relation_id: int, reviewer: str) -> Changes:
        reviewer = self._reviewer(reviewer)
        found = tables.GoldRelation.get_or_none(tables.GoldRelation.id == relation_id)
        if found is None:
            raise CorpusError(f"no gold relation with id {relation_id}")
        with gold_transaction(self._ctx.db, found.article_id):
            row = tables.GoldRelation.get_or_none(tables.GoldRelation.id == relation_id)
            if row is None:
                raise GoldConflict(
                    f"gold relation {relation_id} was removed by another reviewer meanwhile"
                )
            edit = GoldEdit(row.article_id, reviewer, "delete_relation")
            edit.remove_relation(row)
            head = tables.GoldSpan.get_by_id(row.head_id)
            edit.decide_links(head.start, head.end, head.label, row.label)
            return edit.finish()

    def set_gold_links(
        self,
        head_id: int,
        relation: str,
        children: Sequence[int],
        reviewer: str,
        expected_version: int | None = None,
    ) -> Changes:
        """The reviewer settles a gold span's ``relation`` links: gold links it to exactly
        ``children`` (gold span ids; none: it has no such link). Recorded as a decision, so
        automatic passes (accepting, merging) add no other link of this type to it later.
        ``expected_version`` is the head's version the reviewer saw (GoldConflict if stale)."""
        reviewer = self._reviewer(reviewer)
        try:
            rel_type = self._schemas.schema.relation(relation)
        except ValueError as exc:
            raise CorpusError(str(exc)) from None
        wanted = list(dict.fromkeys(children))
        with gold_transaction(self._ctx.db, self._gold_article(head_id, expected_version)):
            head = self._gold_row(head_id, expected_version)
            if head.layer != rel_type.head_layer or not rel_type.starts_at(head.label):
                raise CorpusError(
                    f"{relation} starts at a {rel_type.head_layer} span, not at "
                    f"{head.label} {head.text!r}"
                )
            rows = {r.id: r for r in tables.GoldSpan.select().where(tables.GoldSpan.id.in_(wanted))}
            for c in wanted:
                row = rows.get(c)
                if row is None or row.article_id != head.article_id:
                    raise GoldConflict(
                        f"gold span {c} is not in this article's gold (removed meanwhile?): "
                        "reload the article"
                    )
                if row.label not in rel_type.child_labels:
                    allowed = ", ".join(rel_type.child_labels)
                    raise CorpusError(f"{relation} points to {allowed}, not {row.label}")
            edit = GoldEdit(head.article_id, reviewer, "links")
            existing = list(
                tables.GoldRelation.select().where(
                    (tables.GoldRelation.head == head.id) & (tables.GoldRelation.label == relation)
                )
            )
            for r in existing:
                if r.child_id not in wanted:
                    edit.remove_relation(r)
            everyone = self._labels.spans(head.article_id)
            relations = self._labels.relations(head.article_id)
            hk = (head.start, head.end, head.label)
            for c in wanted:
                ck = (rows[c].start, rows[c].end, rows[c].label)
                owners = relation_owners_by_key(relations, everyone, hk, ck, relation)
                edit.put_relation(head.id, c, relation, owners)
            edit.decide_links(head.start, head.end, head.label, relation)
            return edit.finish()

    def decide_gold_cluster(
        self,
        gold_id: int,
        reviewer: str,
        annotator: str | None = None,
        expected_version: int | None = None,
    ) -> Changes:
        """Settle a gold claim's cluster: ``annotator``'s (the members of the cluster their
        claim with the same start and end is in; none when theirs is in none), or no cluster
        (``annotator`` None). ``expected_version``: the version the reviewer saw."""
        reviewer = self._reviewer(reviewer)
        with gold_transaction(self._ctx.db, self._gold_article(gold_id, expected_version)):
            row = self._gold_row(gold_id, expected_version)
            if not is_claim(row):
                raise CorpusError(f"{row.label} {row.text!r} is not a claim: only claims cluster")
            edit = GoldEdit(row.article_id, reviewer, "cluster")
            cluster = None
            if annotator is not None:
                theirs = [
                    s
                    for s in self._labels.spans(row.article_id)
                    if s.annotator == annotator
                    and is_claim(s)
                    and (s.start, s.end) == (row.start, row.end)
                ]
                if not theirs:
                    raise CorpusError(
                        f"{annotator} has no claim at [{row.start},{row.end}) {row.text!r}"
                    )
                source = next((s for s in theirs if s.label == row.label), theirs[0])
                members = members_of(source, annotator_clusters([source]))
                cluster = self._gold_cluster(edit, source, members)
            edit.set_cluster(int(row.id), cluster)
            return edit.finish()

    # ------------------------------------------------------------ internals
    def _gold_cluster(
        self, edit: GoldEdit, source: model.Span, members: frozenset[tuple[int, int, int]]
    ) -> int | None:
        """The gold cluster a claim taken from ``source`` (with these members) goes to."""
        if not members or source.cluster_id is None:
            return None
        theirs = tables.ClaimCluster.get_by_id(source.cluster_id)
        return cluster_for(self._ctx.db, edit.reviewer, members, theirs.name, theirs.story_id)

    def _merge_clusters(
        self,
        edit: GoldEdit,
        item: Item,
        result: MergeResult,
        ids: dict[int, int],
        annotator: str | None,
    ) -> None:
        """Decide by the strategy the clusters of the merged claims whose cluster gold has not
        decided: the members that enough of the annotators who have the claim agree on (the
        ``annotator`` strategy: theirs); left open when not enough agree."""
        decided = {
            int(r.id)
            for r in tables.GoldSpan.select(tables.GoldSpan.id).where(
                tables.GoldSpan.id.in_(sorted(ids.values())) & tables.GoldSpan.cluster_decided
            )
        }
        for n, ms in enumerate(result.spans):
            gold_id = ids.get(n)
            if gold_id is None or not is_claim(ms) or gold_id in decided:
                continue
            spans = {
                c: s
                for c in ms.annotators
                for s in item.annotations.get(c, ())
                if (s.start, s.end, s.label) == (ms.start, ms.end, ms.label)
            }
            votes: dict[frozenset[tuple[int, int, int]], list[str]] = {}
            for c, s in spans.items():
                votes.setdefault(cluster_members(item, c, [s]), []).append(c)
            if result.strategy is Strategy.ANNOTATOR:
                chosen = [m for m, who in votes.items() if annotator in who]
            else:
                chosen = [m for m, who in votes.items() if len(who) >= result.threshold]
            if len(chosen) != 1:
                continue  # not enough agree: the claim's cluster stays open
            source = spans[votes[chosen[0]][0]]
            edit.set_cluster(gold_id, self._gold_cluster(edit, source, chosen[0]))

    def _reviewer(self, name: str) -> str:
        name = name.strip()
        if not name:
            raise CorpusError("a reviewer needs a name")
        return name

    def _bring_relations(
        self,
        edit: GoldEdit,
        article_id: int,
        accepted: list[tuple[model.Span, int]],
        everyone: list[model.Span],
        annotators: Sequence[str] | None,
        on_overlap: Overlap,
    ) -> None:
        if not accepted:
            return
        by_id = {s.id: s for s in everyone}
        relations = self._labels.relations(article_id)
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
                owners = relation_owners(relations, everyone, head, child, r.label)
                edit.put_relation(h, c, r.label, owners)
            if on_overlap is Overlap.REPLACE:
                labels = {r.label for r in own if r.head == s.id}
                for g in tables.GoldRelation.select().where(tables.GoldRelation.head == gold_id):
                    if g.label in labels and (g.head_id, g.child_id, g.label) not in wanted:
                        edit.remove_relation(g)

    def _links_taken(self, head_id: int, relation: str) -> bool:
        """Whether gold's head has links of that type already, or a decision about them."""
        head = tables.GoldSpan.get_by_id(head_id)
        if (
            tables.GoldRelation.select()
            .where((tables.GoldRelation.head == head_id) & (tables.GoldRelation.label == relation))
            .exists()
        ):
            return True
        return bool(
            tables.GoldRejection.select()
            .where(
                (tables.GoldRejection.article == head.article_id)
                & (tables.GoldRejection.start == head.start)
                & (tables.GoldRejection.end == head.end)
                & (tables.GoldRejection.layer == LINK_LAYER)
                & (tables.GoldRejection.label == link_key(head.label, relation))
            )
            .exists()
        )

    def _settle_links(
        self, edit: GoldEdit, article_id: int, annotators: Sequence[str] | None
    ) -> None:
        """Bring the links of gold heads whose other end is (now) gold too.

        A gold head's links are its source span's (the version a reviewer accepted), or, with
        no source, those all the annotators who have exactly that span agree on. A head whose
        links of a type the reviewer settled by hand gets none of that type this way.
        """
        everyone = self._labels.spans(article_id)
        by_id = {s.id: s for s in everyone}
        by_key: dict[SpanKey, list[model.Span]] = {}
        for s in everyone:
            by_key.setdefault((s.start, s.end, s.label), []).append(s)
        relations = self._labels.relations(article_id)
        links: dict[tuple[int, str], dict[SpanKey, model.Span]] = {}
        for r in relations:
            child = by_id.get(r.child)
            if child is not None:
                links.setdefault((r.head, r.label), {})[(child.start, child.end, child.label)] = (
                    child
                )
        gold = list(tables.GoldSpan.select().where(tables.GoldSpan.article == article_id))
        gold_by_key = {(g.start, g.end, g.label): int(g.id) for g in gold}
        decided = {
            (r.start, r.end, r.label)
            for r in tables.GoldRejection.select().where(
                (tables.GoldRejection.article == article_id)
                & (tables.GoldRejection.layer == LINK_LAYER)
            )
        }
        for rel_type in self._schemas.schema.relations:
            for g in gold:
                if g.layer != rel_type.head_layer or not rel_type.starts_at(g.label):
                    continue
                if (g.start, g.end, link_key(g.label, rel_type.name)) in decided:
                    continue
                source = by_id.get(g.source_span_id) if g.source_span_id is not None else None
                holders = (
                    [source]
                    if source is not None
                    else [
                        s
                        for s in by_key.get((g.start, g.end, g.label), ())
                        if annotators is None or s.annotator in annotators
                    ]
                )
                if not holders:
                    continue
                sets = [set(links.get((h.id, rel_type.name), {})) for h in holders]
                agreed = set.intersection(*sets)
                hk = (holders[0].start, holders[0].end, holders[0].label)
                for ck in sorted(agreed):
                    child_id = gold_by_key.get(ck)
                    if child_id is None:
                        continue
                    owners = relation_owners_by_key(relations, everyone, hk, ck, rel_type.name)
                    edit.put_relation(int(g.id), child_id, rel_type.name, owners)

    def _merge_links(
        self,
        edit: GoldEdit,
        item: Item,
        strategy: Strategy,
        coders: Sequence[str],
        threshold: int,
        annotator: str | None,
    ) -> None:
        """Settle by the strategy the links of gold heads still open: a linked extent that
        enough annotators' overlapping spans link to (their boundaries may differ) becomes a
        gold link when a gold span of an allowed label is there; when enough link to nothing,
        the head's links of that type are settled as none."""
        gold = self.gold_spans(item.article_id)
        for link in self.gold_links(item.article_id, item=item):
            if link.settled:
                continue
            rel_type = self._schemas.schema.relation(link.relation)
            if strategy is Strategy.ANNOTATOR:
                kept = set(link.proposed.get(annotator or "", ()))
                none = annotator in link.proposed and not kept
            else:
                counts: dict[tuple[int, int], int] = {}
                for c in coders:
                    for extent in link.proposed.get(c, ()):
                        counts[extent] = counts.get(extent, 0) + 1
                kept = {e for e, n in counts.items() if threshold and n >= threshold}
                n_none = sum(1 for c in coders if not link.proposed.get(c))
                none = bool(threshold) and n_none >= threshold
            ends = [
                g for g in gold if (g.start, g.end) in kept and g.label in rel_type.child_labels
            ]
            hk = (link.head_start, link.head_end, link.head_label)
            everyone = [s for spans in item.annotations.values() for s in spans]
            relations = [r for rels in item.relations.values() for r in rels]
            for g in ends:
                owners = relation_owners_by_key(
                    relations, everyone, hk, (g.start, g.end, g.label), link.relation
                )
                edit.put_relation(link.head, g.id, link.relation, owners)
            if not kept and none:
                edit.decide_links(link.head_start, link.head_end, link.head_label, link.relation)

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
        owners = span_owners(self._labels.spans(item.article_id), annotators)
        with gold_transaction(self._ctx.db, item.article_id):
            edit = GoldEdit(item.article_id, reviewer, f"prefill_{strategy.value}")
            ids: dict[int, int] = {}
            for n, ms in enumerate(result.spans):
                gold_id = edit.put_span(
                    ms.start,
                    ms.end,
                    ms.label,
                    ms.layer,
                    ms.text,
                    ms.attributes,
                    owners.get((ms.start, ms.end, ms.label), list(ms.annotators)),
                    # one annotator's span: it is the source; several: they all are (owners)
                    ms.source_ids[0] if len(ms.source_ids) == 1 else None,
                    on_overlap,
                    keep=set(ids.values()),
                )
                if gold_id is not None:
                    ids[n] = gold_id
            added = {r["id"] for r in edit.payload["add"]["gold_span"]}
            self._merge_clusters(edit, item, result, ids, annotator)
            for mr in result.relations:
                if mr.head not in ids or mr.child not in ids:
                    continue
                head = ids[mr.head]
                if head not in added and self._links_taken(head, mr.label):
                    continue  # a head gold had: its links as the reviewer left them
                edit.put_relation(head, ids[mr.child], mr.label, mr.annotators)
            self._settle_links(edit, item.article_id, annotators)
            self._merge_links(edit, item, strategy, result.annotators, result.threshold, annotator)
            return edit.finish()
