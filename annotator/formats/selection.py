"""Which labels an export carries: one annotator, everyone, gold, or a majority merge; filters.

A *document* is one article with one set of labels (:class:`annotator.core.model.Document`).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.core.model import Document, Relation, Span, Status

if TYPE_CHECKING:
    from annotator.core.ports import CorpusPort

MAJORITY = "majority"


@dataclass(frozen=True)
class Selection:
    """``annotator``: only theirs; ``gold``: the gold layer; ``merge="majority"``: a span kept
    when more than half of the annotators who did the article have it (same start, end, label).
    None of the three: every annotator's documents (and, for JSONL only, unlabelled articles).
    Filters: ``language`` (article language), ``status`` (the document's status), ``labels``
    (spans of other labels dropped, with the relations that touch them)."""

    annotator: str | None = None
    gold: bool = False
    merge: str | None = None
    language: str | None = None
    status: Status | None = None
    labels: frozenset[str] | None = None

    def describe(self) -> dict[str, Any]:
        return {
            "annotator": self.annotator,
            "gold": self.gold,
            "merge": self.merge,
            "language": self.language,
            "status": self.status.value if self.status else None,
            "labels": sorted(self.labels) if self.labels is not None else None,
        }

    def check(self) -> str | None:
        """Why this selection is contradictory, or None."""
        chosen = [x for x in (self.annotator, self.gold or None, self.merge) if x]
        if len(chosen) > 1:
            return "choose at most one of an annotator, gold, or a merge"
        if self.merge is not None and self.merge != MAJORITY:
            return f"unknown merge {self.merge!r} (choose {MAJORITY})"
        return None


def documents(corpus: CorpusPort, sel: Selection, *, unlabelled: bool) -> Iterator[Document]:
    """The documents ``sel`` picks, filtered, in article order."""
    if sel.gold:
        source: Iterable[Document] = corpus.gold_documents()
    else:
        only = sel.annotator is not None or not unlabelled or sel.merge is not None
        source = corpus.documents(sel.annotator, only_annotated=only)
    if sel.merge == MAJORITY:
        source = _merged(source, sel.status)
    for doc in source:
        if sel.language is not None and doc.article.language != sel.language:
            continue
        if sel.status is not None and sel.merge is None and doc.status != sel.status:
            continue
        yield _only_labels(doc, sel.labels) if sel.labels is not None else doc


def _only_labels(doc: Document, labels: frozenset[str]) -> Document:
    spans = [s for s in doc.spans if s.label in labels]
    kept = {s.id for s in spans}
    relations = [r for r in doc.relations if r.head in kept and r.child in kept]
    return doc._replace(spans=spans, relations=relations)


def _merged(source: Iterable[Document], status: Status | None) -> Iterator[Document]:
    for _, group in itertools.groupby(source, key=lambda d: d.article.id):
        docs = [d for d in group if status is None or d.status == status]
        if docs:
            yield majority(docs)


def majority(docs: list[Document]) -> Document:
    """Spans (start, end, label) that more than half of ``docs`` have; attributes the most
    common among them (ties: the first annotator by name); relations likewise."""
    need = len(docs) // 2 + 1
    votes: Counter[tuple[int, int, str]] = Counter()
    for doc in docs:
        votes.update({(s.start, s.end, s.label) for s in doc.spans})
    kept = {key for key, n in votes.items() if n >= need}
    chosen: dict[tuple[int, int, str], Span] = {}
    attrs: dict[tuple[int, int, str], Counter[bytes]] = {}
    raw: dict[bytes, dict[str, Any]] = {}
    by_id: dict[int, tuple[int, int, str]] = {}
    for doc in docs:
        for s in doc.spans:
            key = (s.start, s.end, s.label)
            by_id[s.id] = key
            if key in kept:
                chosen.setdefault(key, s)
                blob = repr(sorted(s.attributes.items())).encode()
                raw.setdefault(blob, s.attributes)
                attrs.setdefault(key, Counter())[blob] += 1
    spans = []
    for key, span in sorted(chosen.items(), key=lambda kv: (kv[0][0], -kv[0][1], kv[0][2])):
        best = attrs[key].most_common(1)[0][0]
        spans.append(
            Span(
                span.id,
                span.article_id,
                MAJORITY,
                span.start,
                span.end,
                span.label,
                span.layer,
                span.text,
                dict(raw[best]),
                span.cluster_id,
            )
        )
    rel_votes: Counter[tuple[tuple[int, int, str], tuple[int, int, str], str]] = Counter()
    for doc in docs:
        rel_votes.update({(by_id[r.head], by_id[r.child], r.label) for r in doc.relations})
    relations = [
        Relation(n, docs[0].article.id, MAJORITY, chosen[h].id, chosen[c].id, label)
        for n, ((h, c, label), votes_) in enumerate(sorted(rel_votes.items()), 1)
        if votes_ >= need and h in chosen and c in chosen
    ]
    return Document(docs[0].article, MAJORITY, Status.DONE, spans, relations)
