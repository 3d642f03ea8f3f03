"""Inter-annotator agreement for one layer (entity or claim). Definitions: docs/agreement.md.

Input is one :class:`Item` per article: its text and, for each annotator whose work counts
there (marked done, or imported as annotated), that annotator's spans and relations. The
presence of an annotator's key means they did the article, even with an empty list.

Figures (each a :class:`~annotator.core.agreement_kappa.Score`: a value, or None and a reason):

* span F1, exact and overlap (one-to-one, same label), per annotator pair over the articles
  both did, and micro-averaged over all pairs (matches and spans summed over pairs);
* token-level Cohen's kappa per pair over the articles both did;
* Fleiss' kappa over the articles *all* chosen annotators did;
* Krippendorff's alpha (nominal) over every article at least two chosen annotators did, with
  the others missing there;
* relation F1 (relations whose head is in the layer, e.g. claim -> speaker), exact and overlap;
* each overall, per label (span F1 per pair and pooled; kappa and alpha of the label against
  everything else), per article and per annotator pair, with the counts they rest on.

Cost: linear in the articles. Each text is scanned once for its token count and tokenized
only around spans; token labels are kept sparse (only tokens some span covers), so kappa and
alpha run on counters of label combinations, never on a token-by-annotator matrix.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations, repeat
from operator import attrgetter
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol

from annotator.core.agreement_kappa import (
    FEW_ANNOTATORS,
    NO_ARTICLES,
    NO_RELATIONS,
    ComboTally,
    Profile,
    Score,
    alpha_from_profiles,
    binary_confusion,
    binary_profiles,
    cohen_from_confusion,
    f1,
    fleiss_from_profiles,
)
from annotator.core.agreement_spans import (
    count_overlap_matches,
    overlap_matching,
    relation_matches,
)
from annotator.core.model import Article, Document, Relation, Span, Status
from annotator.core.tokenize import OUTSIDE, count_tokens, token_classes, token_starts

NO_FULL_ARTICLES = "no article was done by every chosen annotator"

__all__ = [
    "AgreementResult",
    "ArticlePairResult",
    "ArticleResult",
    "Item",
    "LabelPairResult",
    "LabelResult",
    "LayerItem",
    "PairResult",
    "RelationLabelResult",
    "Score",
    "compute_agreement",
    "compute_layer_agreement",
    "items_from_documents",
]


@dataclass(frozen=True)
class Item:
    """One article and the work that counts on it, keyed by annotator."""

    article_id: int
    text: str
    annotations: Mapping[str, Sequence[Span]]
    relations: Mapping[str, Sequence[Relation]] = field(default_factory=dict)


SpanTuple = tuple[int, int, str]  # start, end, label
_NO_RELATIONS: Mapping[str, Any] = MappingProxyType({})


class SpanRef(Protocol):
    """What relation agreement reads of a span (``core.model.Span`` is one)."""

    @property
    def id(self) -> int: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def label(self) -> str: ...

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
    than two annotators' work counts (nothing is compared there).

    The store builds these with one lean query (``Corpus.agreement_items``) for
    :func:`compute_layer_agreement`; :func:`compute_agreement` narrows each :class:`Item`
    the same way as it goes.
    """

    article_id: int
    text: str
    spans: Mapping[str, Sequence[SpanTuple]]
    relations: Mapping[str, tuple[Sequence[SpanRef], Sequence[RelationRef]]] = _NO_RELATIONS


_SPAN_TUPLE = attrgetter("start", "end", "label")


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small long-lived objects.

    They hold no reference cycles, but each generation-2 pass rescans the whole growing heap
    (the caller's spans included): measured on 10k articles, per-article JSON took 4.0 s with
    the collector running and 2.4 s without. Reference counting still frees everything.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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


# ------------------------------------------------------------------ results


@dataclass(frozen=True)
class LabelPairResult:
    """One label, one annotator pair."""

    label: str
    spans_a: int
    spans_b: int
    exact_matches: int
    overlap_matches: int
    span_f1_exact: Score
    span_f1_overlap: Score
    cohen_kappa: Score  # the label against everything else, over the pair's tokens


@dataclass(frozen=True)
class PairResult:
    a: str
    b: str
    articles: int
    tokens: int
    spans_a: int
    spans_b: int
    exact_matches: int
    overlap_matches: int
    span_f1_exact: Score
    span_f1_overlap: Score
    cohen_kappa: Score
    relations_a: int
    relations_b: int
    relation_matches_exact: int
    relation_matches_overlap: int
    relation_f1_exact: Score
    relation_f1_overlap: Score
    per_label: dict[str, LabelPairResult]


@dataclass(frozen=True)
class LabelResult:
    """One label over all pairs (span F1 micro-averaged) and all annotators (kappa, alpha)."""

    label: str
    spans: dict[str, int]  # per annotator, over the articles each did
    pair_spans: int  # Σ over pairs of (spans of a + spans of b) on the articles both did
    exact_matches: int
    overlap_matches: int
    span_f1_exact: Score
    span_f1_overlap: Score
    fleiss_kappa: Score
    krippendorff_alpha: Score


@dataclass(frozen=True)
class RelationLabelResult:
    label: str
    pair_relations: int
    matches_exact: int
    matches_overlap: int
    relation_f1_exact: Score
    relation_f1_overlap: Score


@dataclass(frozen=True)
class ArticlePairResult:
    a: str
    b: str
    spans_a: int
    spans_b: int
    exact_matches: int
    overlap_matches: int
    span_f1_exact: Score
    span_f1_overlap: Score
    cohen_kappa: Score


@dataclass(frozen=True)
class ArticleResult:
    """One article. The figures are computed when first read (sorting the article list by
    one of them does not pay for the others)."""

    article_id: int
    annotators: tuple[str, ...]  # the chosen annotators who did it
    tokens: int | None  # None when fewer than two did it (nothing to compare)
    spans: dict[str, int]
    # Per pair of ``annotators`` (in combinations order): spans of a, of b, exact and
    # overlap matches.
    pair_counts: tuple[tuple[int, int, int, int], ...] = ()
    # Tokens by their labels, in ``annotators`` order.
    combos: Mapping[tuple[str, ...], int] = field(default_factory=dict, repr=False)

    def _pooled(self, column: int) -> Score:
        if len(self.annotators) < 2:
            return Score.undefined(FEW_ANNOTATORS)
        matches = sum(c[column] for c in self.pair_counts)
        return f1(matches, sum(c[0] + c[1] for c in self.pair_counts), 0)

    @cached_property
    def span_f1_exact(self) -> Score:
        """Micro-averaged over the pairs who did the article."""
        return self._pooled(2)

    @cached_property
    def span_f1_overlap(self) -> Score:
        return self._pooled(3)

    @cached_property
    def _tally(self) -> ComboTally:
        return ComboTally.of(self.combos, len(self.annotators))

    @cached_property
    def _fleiss_alpha(self) -> tuple[Score, Score]:
        if len(self.annotators) < 2:
            few = Score.undefined(FEW_ANNOTATORS)
            return few, few
        return self._tally.fleiss_and_alpha()

    @property
    def fleiss_kappa(self) -> Score:
        """Over the annotators who did the article."""
        return self._fleiss_alpha[0]

    @property
    def krippendorff_alpha(self) -> Score:
        return self._fleiss_alpha[1]

    @cached_property
    def pairwise(self) -> tuple[ArticlePairResult, ...]:
        out = []
        pairs = combinations(range(len(self.annotators)), 2)
        for (i, j), (na, nb, ex, ov) in zip(pairs, self.pair_counts, strict=True):
            out.append(
                ArticlePairResult(
                    self.annotators[i],
                    self.annotators[j],
                    na,
                    nb,
                    ex,
                    ov,
                    f1(ex, na, nb),
                    f1(ov, na, nb),
                    self._tally.cohen(i, j),
                )
            )
        return tuple(out)


@dataclass(frozen=True)
class AgreementResult:
    layer: str
    annotators: tuple[str, ...]
    articles: int  # done by at least one chosen annotator
    articles_compared: int  # done by at least two (Krippendorff's alpha, span F1 pooled)
    articles_all: int  # done by all (Fleiss' kappa)
    tokens_compared: int
    tokens_all: int
    articles_per_annotator: dict[str, int]
    spans: dict[str, int]
    span_f1_exact: Score
    span_f1_overlap: Score
    relation_f1_exact: Score
    relation_f1_overlap: Score
    fleiss_kappa: Score
    krippendorff_alpha: Score
    pairwise: tuple[PairResult, ...]
    per_label: dict[str, LabelResult]
    per_relation_label: dict[str, RelationLabelResult]
    per_article: tuple[ArticleResult, ...]

    def pair(self, a: str, b: str) -> PairResult:
        for p in self.pairwise:
            if {p.a, p.b} == {a, b}:
                return p
        raise KeyError((a, b))

    def to_json(self, *, per_article: bool = True) -> dict[str, Any]:
        """A JSON-ready dict. Scores are numbers or null; ``undefined`` says why."""
        with _gc_paused():
            return self._to_json(per_article)

    def _to_json(self, per_article: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "layer": self.layer,
            "annotators": list(self.annotators),
            "articles": self.articles,
            "articles_compared": self.articles_compared,
            "articles_all": self.articles_all,
            "tokens_compared": self.tokens_compared,
            "tokens_all": self.tokens_all,
            "articles_per_annotator": dict(self.articles_per_annotator),
            "spans": dict(self.spans),
        }
        _put_scores(
            out,
            span_f1_exact=self.span_f1_exact,
            span_f1_overlap=self.span_f1_overlap,
            relation_f1_exact=self.relation_f1_exact,
            relation_f1_overlap=self.relation_f1_overlap,
            fleiss_kappa=self.fleiss_kappa,
            krippendorff_alpha=self.krippendorff_alpha,
        )
        out["pairwise"] = [_pair_json(p) for p in self.pairwise]
        out["per_label"] = {name: _label_json(r) for name, r in self.per_label.items()}
        out["per_relation_label"] = {
            name: _put_scores(
                {
                    "pair_relations": r.pair_relations,
                    "matches_exact": r.matches_exact,
                    "matches_overlap": r.matches_overlap,
                },
                relation_f1_exact=r.relation_f1_exact,
                relation_f1_overlap=r.relation_f1_overlap,
            )
            for name, r in self.per_relation_label.items()
        }
        if per_article:
            out["per_article"] = [_article_json(a) for a in self.per_article]
        return out


def _put_scores(target: dict[str, Any], **scores: Score) -> dict[str, Any]:
    undefined = target.setdefault("undefined", {})
    for name, score in scores.items():
        target[name] = score.value
        if score.reason is not None:
            undefined[name] = score.reason
    return target


def _pair_json(p: PairResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "a": p.a,
        "b": p.b,
        "articles": p.articles,
        "tokens": p.tokens,
        "spans_a": p.spans_a,
        "spans_b": p.spans_b,
        "exact_matches": p.exact_matches,
        "overlap_matches": p.overlap_matches,
        "relations_a": p.relations_a,
        "relations_b": p.relations_b,
        "relation_matches_exact": p.relation_matches_exact,
        "relation_matches_overlap": p.relation_matches_overlap,
    }
    _put_scores(
        out,
        span_f1_exact=p.span_f1_exact,
        span_f1_overlap=p.span_f1_overlap,
        cohen_kappa=p.cohen_kappa,
        relation_f1_exact=p.relation_f1_exact,
        relation_f1_overlap=p.relation_f1_overlap,
    )
    out["per_label"] = {
        name: _put_scores(
            {
                "spans_a": r.spans_a,
                "spans_b": r.spans_b,
                "exact_matches": r.exact_matches,
                "overlap_matches": r.overlap_matches,
            },
            span_f1_exact=r.span_f1_exact,
            span_f1_overlap=r.span_f1_overlap,
            cohen_kappa=r.cohen_kappa,
        )
        for name, r in p.per_label.items()
    }
    return out


def _label_json(r: LabelResult) -> dict[str, Any]:
    return _put_scores(
        {
            "spans": dict(r.spans),
            "pair_spans": r.pair_spans,
            "exact_matches": r.exact_matches,
            "overlap_matches": r.overlap_matches,
        },
        span_f1_exact=r.span_f1_exact,
        span_f1_overlap=r.span_f1_overlap,
        fleiss_kappa=r.fleiss_kappa,
        krippendorff_alpha=r.krippendorff_alpha,
    )


def _article_json(a: ArticleResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "article_id": a.article_id,
        "annotators": list(a.annotators),
        "tokens": a.tokens,
        "spans": dict(a.spans),
    }
    _put_scores(
        out,
        span_f1_exact=a.span_f1_exact,
        span_f1_overlap=a.span_f1_overlap,
        fleiss_kappa=a.fleiss_kappa,
        krippendorff_alpha=a.krippendorff_alpha,
    )
    out["pairwise"] = [
        _put_scores(
            {
                "a": p.a,
                "b": p.b,
                "spans_a": p.spans_a,
                "spans_b": p.spans_b,
                "exact_matches": p.exact_matches,
                "overlap_matches": p.overlap_matches,
            },
            span_f1_exact=p.span_f1_exact,
            span_f1_overlap=p.span_f1_overlap,
            cohen_kappa=p.cohen_kappa,
        )
        for p in a.pairwise
    ]
    return out


# ------------------------------------------------------------------ accumulation


@dataclass
class _PairAcc:
    articles: int = 0
    tokens: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    spans_a: Counter[str] = field(default_factory=Counter)
    spans_b: Counter[str] = field(default_factory=Counter)
    exact: Counter[str] = field(default_factory=Counter)
    overlap: Counter[str] = field(default_factory=Counter)
    rels_a: Counter[str] = field(default_factory=Counter)
    rels_b: Counter[str] = field(default_factory=Counter)
    rel_exact: Counter[str] = field(default_factory=Counter)
    rel_overlap: Counter[str] = field(default_factory=Counter)


_RelTuple = tuple[int, int, str]


def _relations_of(
    article_id: int,
    coder: str,
    work: tuple[Sequence[SpanRef], Sequence[RelationRef]],
    layer: str,
) -> tuple[list[SpanRef], list[_RelTuple]]:
    """All the coder's spans (every layer) and their relations headed in ``layer``."""
    spans = list(work[0])
    rels = work[1]
    if not rels:
        return spans, []
    index = {s.id: i for i, s in enumerate(spans)}
    out: list[_RelTuple] = []
    for r in rels:
        try:
            h, c = index[r.head], index[r.child]
        except KeyError:
            raise ValueError(
                f"article {article_id}: relation {r.id} of {coder!r} points to a span "
                "that is not among that annotator's spans"
            ) from None
        if spans[h].layer == layer:
            out.append((h, c, r.label))
    return spans, out


def _layered_matching(a: Sequence[SpanRef], b: Sequence[SpanRef]) -> dict[int, int]:
    """Overlap matching of spans of any layers, done layer by layer."""
    out: dict[int, int] = {}
    for layer in {s.layer for s in a} & {s.layer for s in b}:
        ia = [i for i, s in enumerate(a) if s.layer == layer]
        ib = [j for j, s in enumerate(b) if s.layer == layer]
        for i, j in overlap_matching([a[i] for i in ia], [b[j] for j in ib]):
            out[ia[i]] = ib[j]
    return out


@dataclass
class _SetAcc:
    """Counts over the articles one exact set of annotators did."""

    size: int
    articles: int = 0
    combos: Counter[tuple[str, ...]] = field(default_factory=Counter)
    labels: list[dict[str, int]] = field(default_factory=list)  # per annotator
    exact: dict[tuple[int, int], dict[str, int]] = field(default_factory=dict)  # per pair
    overlap: dict[tuple[int, int], dict[str, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.labels = [{} for _ in range(self.size)]
        for pair in combinations(range(self.size), 2):
            self.exact[pair] = {}
            self.overlap[pair] = {}


def _add(target: dict[str, int], source: Mapping[str, int]) -> None:
    for k, v in source.items():
        target[k] = target.get(k, 0) + v


def compute_agreement(
    items: Iterable[Item],
    layer: str,
    annotators: Sequence[str] | None = None,
    *,
    per_article: bool = True,
) -> AgreementResult:
    """Agreement of ``annotators`` (default: everyone in ``items``, sorted) on ``layer``."""
    with _gc_paused():
        return _compute(items, layer, annotators, per_article)


def compute_layer_agreement(
    items: Iterable[LayerItem],
    layer: str,
    annotators: Sequence[str] | None = None,
    *,
    per_article: bool = True,
) -> AgreementResult:
    """:func:`compute_agreement` on items already narrowed to ``layer`` (same result)."""
    with _gc_paused():
        return _compute(items, layer, annotators, per_article)


def _compute(
    items: Iterable[Item | LayerItem],
    layer: str,
    annotators: Sequence[str] | None,
    per_article: bool,
) -> AgreementResult:
    if annotators is None:
        items = list(items)
        names: tuple[str, ...] = tuple(
            sorted(
                {a for it in items for a in (it.annotations if isinstance(it, Item) else it.spans)}
            )
        )
    else:
        names = tuple(dict.fromkeys(annotators))
    acc = {k: _PairAcc() for k in combinations(names, 2)}
    # Everything is counted per exact set of annotators who did an article, and folded into
    # pairs and totals at the end. ``combos`` counts tokens by their labels in the set's
    # order: pair confusions and Fleiss/alpha profiles all derive from it.
    sets: dict[tuple[str, ...], _SetAcc] = {}
    singles: dict[str, dict[str, int]] = {n: {} for n in names}  # label counts
    single_articles: Counter[str] = Counter()
    n_articles = 0
    article_results: list[ArticleResult] = []
    outside = OUTSIDE
    span_tuple = _SPAN_TUPLE
    work: Mapping[str, tuple[Sequence[SpanRef], Sequence[RelationRef]]]

    for item in items:
        spans: list[Sequence[SpanTuple]]
        if isinstance(item, Item):  # narrowed to the layer here, for the chosen coders only
            ann = item.annotations
            coders = tuple(n for n in names if n in ann)
            if not coders:
                continue
            spans = [[span_tuple(s) for s in ann[c] if s.layer == layer] for c in coders]
            work = {c: (ann[c], r) for c in coders if (r := item.relations.get(c))}
        else:
            coders = tuple(n for n in names if n in item.spans)
            if not coders:
                continue
            spans = [item.spans[c] for c in coders]
            work = item.relations
        n_articles += 1
        if len(coders) < 2:
            single_articles[coders[0]] += 1
            labels_only = singles[coders[0]]
            for _, _, label in spans[0]:
                labels_only[label] = labels_only.get(label, 0) + 1
            if per_article:
                article_results.append(_single_article(item.article_id, coders, spans))
            continue
        sa = sets.get(coders)
        if sa is None:
            sa = sets[coders] = _SetAcc(len(coders))
        sa.articles += 1
        classes = token_classes(item.text)
        n_tokens = count_tokens(classes)

        # Per annotator: sparse token labels {token start: label}, span keys with
        # multiplicity, and extents by label (each list sorted). Spans go in text order (a
        # C-level tuple sort); only when two of them label the same token does the order
        # matter, and then the labels are redone innermost span last, so that it wins.
        covered: dict[tuple[int, int], list[int]] = {}
        sparse: list[dict[int, str]] = []
        keys: list[Counter[SpanTuple]] = []
        groups: list[dict[str, list[tuple[int, int]]]] = []
        for k, sp in enumerate(spans):
            labels: dict[int, str] = {}
            by_label: dict[str, list[tuple[int, int]]] = {}
            assigned = 0
            for start, end, label in sorted(sp):
                where = (start, end)
                starts = covered.get(where)
                if starts is None:
                    starts = covered[where] = token_starts(classes, start, end)
                for t in starts:
                    labels[t] = label
                assigned += len(starts)
                extents = by_label.get(label)
                if extents is None:
                    by_label[label] = [where]
                else:
                    extents.append(where)
            if assigned != len(labels):  # a token under two spans: the innermost wins
                labels = {}
                for start, end, label in sorted(sp, key=_innermost_last, reverse=True):
                    for t in covered[(start, end)]:
                        labels[t] = label
            _add(sa.labels[k], {label: len(ex) for label, ex in by_label.items()})
            sparse.append(labels)
            keys.append(Counter(sp))
            groups.append(by_label)
        touched: set[int] = set().union(*sparse)
        combos = Counter(
            zip(*[map(lab.get, touched, repeat(outside)) for lab in sparse], strict=True)
        )
        rest = n_tokens - len(touched)
        if rest:
            combos[(outside,) * len(coders)] += rest
        sa.combos.update(combos)

        rels: list[tuple[list[SpanRef], list[_RelTuple]]] = []
        if work:
            rels = [
                _relations_of(item.article_id, c, work[c], layer) if c in work else ([], [])
                for c in coders
            ]
        pair_counts: list[tuple[int, int, int, int]] = []
        for pair in sa.exact:
            i, j = pair
            ki, kj = keys[i], keys[j]
            exact = sa.exact[pair]
            n_exact = 0
            for key in ki.keys() & kj.keys():
                n = min(ki[key], kj[key])
                exact[key[2]] = exact.get(key[2], 0) + n
                n_exact += n
            gi, gj = groups[i], groups[j]
            overlap = sa.overlap[pair]
            n_overlap = 0
            for label in gi.keys() & gj.keys():
                n = count_overlap_matches(gi[label], gj[label])
                if n:
                    overlap[label] = overlap.get(label, 0) + n
                    n_overlap += n
            if rels:
                _add_relations(acc[(coders[i], coders[j])], rels[i], rels[j])
            pair_counts.append((len(spans[i]), len(spans[j]), n_exact, n_overlap))
        if per_article:
            article_results.append(
                ArticleResult(
                    item.article_id,
                    coders,
                    n_tokens,
                    {c: len(sp) for c, sp in zip(coders, spans, strict=True)},
                    tuple(pair_counts),
                    combos,
                )
            )

    # Fold the per-set counts into pairs and totals.
    spans_per: dict[str, Counter[str]] = {n: Counter(singles[n]) for n in names}
    articles_per: Counter[str] = Counter(single_articles)
    profiles_all: Counter[Profile] = Counter()
    n_compared = tokens_compared = 0
    for coders, sa in sets.items():
        tokens = sa.combos.total()
        n_compared += sa.articles
        tokens_compared += tokens
        profiles_all.update(sa.combos)
        for k, c in enumerate(coders):
            spans_per[c].update(sa.labels[k])
            articles_per[c] += sa.articles
        for (i, j), exact in sa.exact.items():
            pa = acc[(coders[i], coders[j])]
            pa.articles += sa.articles
            pa.tokens += tokens
            pa.confusion.update(_project(sa.combos, i, j))
            pa.spans_a.update(sa.labels[i])
            pa.spans_b.update(sa.labels[j])
            pa.exact.update(exact)
            pa.overlap.update(sa.overlap[(i, j)])
    full = sets.get(names)
    return _assemble(
        layer,
        names,
        acc,
        profiles_all,
        full.combos if full else Counter(),
        spans_per,
        articles_per,
        (
            n_articles,
            n_compared,
            full.articles if full else 0,
            tokens_compared,
            full.combos.total() if full else 0,
        ),
        article_results,
    )


def _add_relations(
    pa: _PairAcc,
    ra: tuple[list[SpanRef], list[_RelTuple]],
    rb: tuple[list[SpanRef], list[_RelTuple]],
) -> None:
    spans_a, rels_a = ra
    spans_b, rels_b = rb
    if not rels_a and not rels_b:
        return
    pa.rels_a.update(lab for _, _, lab in rels_a)
    pa.rels_b.update(lab for _, _, lab in rels_b)
    if rels_a and rels_b:
        pa.rel_exact.update(relation_matches(rels_a, rels_b, spans_a, spans_b, None))
        match = _layered_matching(spans_a, spans_b)
        pa.rel_overlap.update(relation_matches(rels_a, rels_b, spans_a, spans_b, match))


def _single_article(
    article_id: int, coders: tuple[str, ...], spans: list[Sequence[SpanTuple]]
) -> ArticleResult:
    return ArticleResult(
        article_id, coders, None, {c: len(sp) for c, sp in zip(coders, spans, strict=True)}
    )


def _assemble(
    layer: str,
    names: tuple[str, ...],
    acc: dict[tuple[str, str], _PairAcc],
    profiles_all: Counter[Profile],
    profiles_full: Counter[Profile],
    spans_per: dict[str, Counter[str]],
    articles_per: Counter[str],
    totals: tuple[int, int, int, int, int],
    article_results: list[ArticleResult],
) -> AgreementResult:
    n_articles, n_compared, n_full, tokens_compared, tokens_full = totals
    labels = sorted({lab for c in spans_per.values() for lab in c})
    rel_labels = sorted({lab for p in acc.values() for lab in (*p.rels_a, *p.rels_b)})
    few = len(names) < 2

    def pair_f1(matches: int, n_a: int, n_b: int, articles: int) -> Score:
        return Score.undefined(NO_ARTICLES) if not articles else f1(matches, n_a, n_b)

    pairs: list[PairResult] = []
    for (a, b), p in acc.items():
        pair_labels: dict[str, LabelPairResult] = {}
        for label in labels:
            na, nb = p.spans_a[label], p.spans_b[label]
            pair_labels[label] = LabelPairResult(
                label,
                na,
                nb,
                p.exact[label],
                p.overlap[label],
                pair_f1(p.exact[label], na, nb, p.articles),
                pair_f1(p.overlap[label], na, nb, p.articles),
                cohen_from_confusion(binary_confusion(p.confusion, label))
                if p.articles
                else Score.undefined(NO_ARTICLES),
            )
        sa, sb = p.spans_a.total(), p.spans_b.total()
        ra, rb = p.rels_a.total(), p.rels_b.total()
        rex, rov = p.rel_exact.total(), p.rel_overlap.total()
        pairs.append(
            PairResult(
                a,
                b,
                p.articles,
                p.tokens,
                sa,
                sb,
                p.exact.total(),
                p.overlap.total(),
                pair_f1(p.exact.total(), sa, sb, p.articles),
                pair_f1(p.overlap.total(), sa, sb, p.articles),
                cohen_from_confusion(p.confusion) if p.articles else Score.undefined(NO_ARTICLES),
                ra,
                rb,
                rex,
                rov,
                _rel_f1(rex, ra, rb, p.articles),
                _rel_f1(rov, ra, rb, p.articles),
                pair_labels,
            )
        )

    def pooled(get: str, label: str | None) -> tuple[int, int]:
        matches = spans = 0
        for p in acc.values():
            counter: Counter[str] = getattr(p, get)
            if label is None:
                matches += counter.total()
                spans += p.spans_a.total() + p.spans_b.total()
            else:
                matches += counter[label]
                spans += p.spans_a[label] + p.spans_b[label]
        return matches, spans

    def pooled_f1(get: str, label: str | None) -> Score:
        if few:
            return Score.undefined(FEW_ANNOTATORS)
        if not n_compared:
            return Score.undefined(NO_ARTICLES)
        matches, spans = pooled(get, label)
        return f1(matches, spans, 0)

    def fleiss(profiles: Mapping[Profile, int]) -> Score:
        if few:
            return Score.undefined(FEW_ANNOTATORS)
        if not n_full:
            return Score.undefined(NO_FULL_ARTICLES)
        return fleiss_from_profiles(profiles)

    def alpha(profiles: Mapping[Profile, int]) -> Score:
        if few:
            return Score.undefined(FEW_ANNOTATORS)
        return alpha_from_profiles(profiles)

    per_label = {}
    for label in labels:
        _, pair_spans = pooled("exact", label)
        per_label[label] = LabelResult(
            label,
            {n: spans_per[n][label] for n in names},
            pair_spans,
            pooled("exact", label)[0],
            pooled("overlap", label)[0],
            pooled_f1("exact", label),
            pooled_f1("overlap", label),
            fleiss(binary_profiles(profiles_full, label)),
            alpha(binary_profiles(profiles_all, label)),
        )

    def rel_pooled(label: str | None) -> tuple[int, int, int]:
        total = ex = ov = 0
        for p in acc.values():
            if label is None:
                total += p.rels_a.total() + p.rels_b.total()
                ex += p.rel_exact.total()
                ov += p.rel_overlap.total()
            else:
                total += p.rels_a[label] + p.rels_b[label]
                ex += p.rel_exact[label]
                ov += p.rel_overlap[label]
        return total, ex, ov

    def rel_pooled_f1(matches: int, total: int) -> Score:
        if few:
            return Score.undefined(FEW_ANNOTATORS)
        if not n_compared:
            return Score.undefined(NO_ARTICLES)
        return _rel_f1(matches, total, 0, n_compared)

    per_rel = {}
    for label in rel_labels:
        total, ex, ov = rel_pooled(label)
        per_rel[label] = RelationLabelResult(
            label, total, ex, ov, rel_pooled_f1(ex, total), rel_pooled_f1(ov, total)
        )
    total, ex, ov = rel_pooled(None)

    return AgreementResult(
        layer=layer,
        annotators=names,
        articles=n_articles,
        articles_compared=n_compared,
        articles_all=n_full,
        tokens_compared=tokens_compared,
        tokens_all=tokens_full,
        articles_per_annotator={n: articles_per[n] for n in names},
        spans={n: spans_per[n].total() for n in names},
        span_f1_exact=pooled_f1("exact", None),
        span_f1_overlap=pooled_f1("overlap", None),
        relation_f1_exact=rel_pooled_f1(ex, total),
        relation_f1_overlap=rel_pooled_f1(ov, total),
        fleiss_kappa=fleiss(profiles_full),
        krippendorff_alpha=alpha(profiles_all),
        pairwise=tuple(pairs),
        per_label=per_label,
        per_relation_label=per_rel,
        per_article=tuple(article_results),
    )


def _rel_f1(matches: int, n_a: int, n_b: int, articles: int) -> Score:
    if not articles:
        return Score.undefined(NO_ARTICLES)
    if n_a + n_b == 0:
        return Score.undefined(NO_RELATIONS)
    return f1(matches, n_a, n_b)


def _innermost_last(s: SpanTuple) -> tuple[int, int, str]:
    return (s[1] - s[0], s[0], s[2])


def _project(combos: Mapping[tuple[str, ...], int], i: int, j: int) -> Counter[tuple[str, str]]:
    """The confusion of annotators i and j from label combinations."""
    out: Counter[tuple[str, str]] = Counter()
    for labels, n in combos.items():
        out[(labels[i], labels[j])] += n
    return out
