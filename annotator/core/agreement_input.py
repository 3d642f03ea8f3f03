"""Agreement input: one :class:`Item` (or the lighter :class:`LayerItem`) per article.

Split out of :mod:`annotator.core.agreement`, which re-exports these names.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol

from annotator.core.model import Article, Document, Relation, Span, Status
from annotator.core.tokenize import SpanLike


@dataclass(frozen=True)
class Item:
    """One article and the work that counts on it, keyed by annotator."""

    article_id: int
    text: str
    annotations: Mapping[str, Sequence[Span]]
    relations: Mapping[str, Sequence[Relation]] = field(default_factory=dict)
    # annotator -> one of their claim clusters (by id) -> its members, (article id, start,
    # end) each, in every article: what review compares a claim's cluster by (ADR 0029)
    clusters: Mapping[str, Mapping[int, frozenset[tuple[int, int, int]]]] = field(
        default_factory=dict
    )


SpanTuple = tuple[int, int, str]  # start, end, label
_NO_RELATIONS: Mapping[str, Any] = MappingProxyType({})


class SpanRef(SpanLike, Protocol):
    """What relation agreement reads of a span (``core.model.Span`` is one)."""

    @property
    def id(self) -> int: ...

    @property
    def layer(self) -> str: ...


class RelationRef(Protocol):
    """What relation agreement reads of a relation (``core.model.Relation`` is one)."""

    @property
    def id(self) -> int: ...

    @property
    def head(self) -> int: ...

    @property
    def child(self) -> int: ...

    @property
    def label(self) -> str: ...


class LayerItem(NamedTuple):
    """One article as agreement on *one* layer reads it: lighter than :class:`Item`.

    ``spans``: per annotator whose work counts there, their spans *of the layer* as
    (start, end, label) tuples (the key's presence means they did the article, as in
    :class:`Item`). ``relations``: only for annotators who drew relations there, all their
    spans (every layer, in text order: start, longest first, then id) and their relations;
    relation agreement needs the endpoints of every layer. ``text`` may be empty when fewer
    than two annotators' work counts (nothing is compared there). ``origins`` and ``cut``:
    see :mod:`annotator.core.agreement_hand`.

    The store builds these with one lean query (``Corpus.agreement_items``) for
    :func:`compute_layer_agreement`; :func:`compute_agreement` narrows each :class:`Item`
    the same way as it goes.
    """

    article_id: int
    text: str
    spans: Mapping[str, Sequence[SpanTuple]]
    relations: Mapping[str, tuple[Sequence[SpanRef], Sequence[RelationRef]]] = _NO_RELATIONS
    # Per annotator, the origin of each of ``spans[annotator]`` in the same order (read for
    # ``--hand-only`` alone; an annotator not here typed every span by hand).
    origins: Mapping[str, Sequence[str]] = _NO_RELATIONS
    # Stretches (start, end) left out by ``--hand-only`` (core/agreement_hand.py): blanked in
    # ``text``, and cut out of the unitizing alpha's continuum.
    cut: tuple[tuple[int, int], ...] = ()


def items_from_documents(
    documents: Iterable[Document], statuses: Iterable[Status] = (Status.DONE,)
) -> Iterator[Item]:
    """Items from article x annotator documents (as the store streams them, by article).

    An annotator's work counts on an article when the document's status is one of
    ``statuses`` (default: done; importers mark imported annotations done). Documents of one
    article must come together; an article nobody's work counts on still yields an Item
    with no annotations (agreement skips it).
    """
    counted = frozenset(statuses)
    article: Article | None = None
    spans: dict[str, Sequence[Span]] = {}
    relations: dict[str, Sequence[Relation]] = {}
    for doc in documents:
        if article is None or article.id != doc.article.id:
            if article is not None:
                yield Item(article.id, article.text, spans, relations)
            article, spans, relations = doc.article, {}, {}
        if doc.annotator is not None and doc.status in counted:
            if doc.annotator in spans:
                raise ValueError(f"article {article.id}: two documents of {doc.annotator!r}")
            spans[doc.annotator] = doc.spans
            relations[doc.annotator] = doc.relations
    if article is not None:
        yield Item(article.id, article.text, spans, relations)
