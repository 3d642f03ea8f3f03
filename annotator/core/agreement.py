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

Input types live in ``agreement_input``, result types and their JSON in
``agreement_results``, the final folding into a result in ``agreement_totals``; all are
re-exported here.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from itertools import combinations, repeat
from operator import attrgetter

from annotator.core.agreement_hand import LeftOut, leave_out_suggestions
from annotator.core.agreement_input import (
    Item,
    LayerItem,
    RelationRef,
    SpanRef,
    SpanTuple,
    items_from_documents,
)
from annotator.core.agreement_kappa import Profile, Score
from annotator.core.agreement_results import (
    AgreementResult,
    ArticlePairResult,
    ArticleResult,
    LabelPairResult,
    LabelResult,
    PairResult,
    RelationLabelResult,
    gc_paused,
)
from annotator.core.agreement_spans import (
    count_overlap_matches,
    overlap_matching,
    relation_matches,
)
from annotator.core.agreement_totals import NO_FULL_ARTICLES, PairAcc, assemble
from annotator.core.agreement_unitizing import Extent, UnitizingResult, UnitizingTally
from annotator.core.tokenize import OUTSIDE, count_tokens, token_classes, token_starts

__all__ = [
    "NO_FULL_ARTICLES",
    "AgreementResult",
    "ArticlePairResult",
    "ArticleResult",
    "Item",
    "LabelPairResult",
    "LabelResult",
    "LayerItem",
    "LeftOut",
    "PairResult",
    "RelationLabelResult",
    "RelationRef",
    "Score",
    "SpanRef",
    "SpanTuple",
    "UnitizingResult",
    "compute_agreement",
    "compute_layer_agreement",
    "items_from_documents",
]

_SPAN_TUPLE = attrgetter("start", "end", "label")


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

    def merge(self, later: _SetAcc) -> None:
        self.articles += later.articles
        self.combos.update(later.combos)
        for mine, theirs in zip(self.labels, later.labels, strict=True):
            _add(mine, theirs)
        for pair, exact in later.exact.items():
            _add(self.exact[pair], exact)
        for pair, overlap in later.overlap.items():
            _add(self.overlap[pair], overlap)


def _keys(keys: set[SpanTuple] | Counter[SpanTuple]) -> AbstractSet[SpanTuple]:
    return keys.keys() if isinstance(keys, Counter) else keys


def _count(keys: set[SpanTuple] | Counter[SpanTuple], key: SpanTuple) -> int:
    return keys[key] if isinstance(keys, Counter) else 1


def _add(target: dict[str, int], source: Mapping[str, int]) -> None:
    for k, v in source.items():
        target[k] = target.get(k, 0) + v


def compute_agreement(
    items: Iterable[Item],
    layer: str,
    annotators: Sequence[str] | None = None,
    *,
    per_article: bool = True,
    hand_only: bool = False,
) -> AgreementResult:
    """Agreement of ``annotators`` (default: everyone in ``items``, sorted) on ``layer``;
    ``hand_only``: places where a span began as a suggestion left out for everyone
    (core/agreement_hand.py)."""
    with gc_paused():
        return _compute(items, layer, annotators, per_article, hand_only)


def compute_layer_agreement(
    items: Iterable[LayerItem],
    layer: str,
    annotators: Sequence[str] | None = None,
    *,
    per_article: bool = True,
    hand_only: bool = False,
) -> AgreementResult:
    """:func:`compute_agreement` on items already narrowed to ``layer`` (same result)."""
    with gc_paused():
        return _compute(items, layer, annotators, per_article, hand_only)


def _compute(
    items: Iterable[Item | LayerItem],
    layer: str,
    annotators: Sequence[str] | None,
    per_article: bool,
    hand_only: bool = False,
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
    tally = AgreementTally(layer, names, per_article=per_article, hand_only=hand_only)
    tally.add(items)
    return tally.result()


class AgreementTally:
    """The counts agreement rests on, article by article: sums, so tallies of consecutive
    runs of articles merge (:meth:`merge`) into the tally of them all, exactly (the same
    integers, dicts in the same order, so the same floats at the end). The store splits a
    large corpus across processes this way (ADR 0034). Picklable."""

    def __init__(
        self,
        layer: str,
        names: Sequence[str],
        *,
        per_article: bool = True,
        hand_only: bool = False,
    ) -> None:
        self.layer = layer
        self.names = tuple(names)
        self.per_article = per_article
        self.acc = {k: PairAcc() for k in combinations(self.names, 2)}
        # Everything is counted per exact set of annotators who did an article, and folded
        # into pairs and totals at the end. ``combos`` counts tokens by their labels in the
        # set's order: pair confusions and Fleiss/alpha profiles all derive from it.
        self.sets: dict[tuple[str, ...], _SetAcc] = {}
        self.singles: dict[str, dict[str, int]] = {n: {} for n in self.names}  # label counts
        self.single_articles: Counter[str] = Counter()
        self.n_articles = 0
        self.article_results: list[ArticleResult] = []
        self.unitizing = UnitizingTally(self.names)  # αu: the articles everyone chosen did
        # --hand-only: what was left out (None: everything counted)
        self.left_out: LeftOut | None = LeftOut() if hand_only else None

    def merge(self, later: AgreementTally) -> None:
        """Add ``later``'s counts: a tally of the same layer and annotators over articles
        that come after all of this one's (αu's continuum is laid end to end)."""
        if (later.layer, later.names, later.per_article, later.left_out is None) != (
            self.layer,
            self.names,
            self.per_article,
            self.left_out is None,
        ):
            raise ValueError("agreement tallies of other layers or annotators do not merge")
        if self.left_out is not None and later.left_out is not None:
            self.left_out.merge(later.left_out)
        for pair, pa in later.acc.items():
            self.acc[pair].merge(pa)
        for coders, sa in later.sets.items():
            mine = self.sets.get(coders)
            if mine is None:
                self.sets[coders] = sa
            else:
                mine.merge(sa)
        for name, labels in later.singles.items():
            _add(self.singles[name], labels)
        self.single_articles.update(later.single_articles)
        self.n_articles += later.n_articles
        self.article_results.extend(later.article_results)
        self.unitizing.merge(later.unitizing)

    def add(self, items: Iterable[Item | LayerItem]) -> None:
        """Count ``items`` (articles in order, after those counted so far)."""
        with gc_paused():
            self._add(items)

    def _add(self, items: Iterable[Item | LayerItem]) -> None:
        layer, names, per_article = self.layer, self.names, self.per_article
        acc, sets, singles = self.acc, self.sets, self.singles
        single_articles, article_results = self.single_articles, self.article_results
        unitizing = self.unitizing
        left_out = self.left_out
        n_articles = 0
        outside = OUTSIDE
        span_tuple = _SPAN_TUPLE
        work: Mapping[str, tuple[Sequence[SpanRef], Sequence[RelationRef]]]
        for item in items:
            spans: list[Sequence[SpanTuple]]
            if left_out is not None:  # --hand-only: narrowed, and the places left out
                item = leave_out_suggestions(item, layer, names, left_out)
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
            keys: list[set[SpanTuple] | Counter[SpanTuple]] = []  # a set: no span twice
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
                distinct = set(sp)
                keys.append(distinct if len(distinct) == len(sp) else Counter(sp))
                groups.append(by_label)
            # Spans but no text: deleted since the spans were read; left out of αu. (The spans
            # lie inside their text otherwise: the model validated them.)
            intact = bool(item.text) or not any(spans)
            length = len(item.text)
            if intact and not isinstance(item, Item) and item.cut:  # --hand-only: cut out
                length, groups = _cut(length, groups, item.cut)
            if intact and len(coders) == len(names):
                unitizing.add(length, groups, check=False)
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
                if type(ki) is set and type(kj) is set:  # the common case: one match a key
                    common = ki & kj
                    n_exact = len(common)
                    for key in common:
                        exact[key[2]] = exact.get(key[2], 0) + 1
                else:
                    for key in _keys(ki) & _keys(kj):
                        n = min(_count(ki, key), _count(kj, key))
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
                        length,
                        tuple(groups) if intact else (),
                    )
                )
        self.n_articles += n_articles

    def result(self) -> AgreementResult:
        """The figures of everything counted."""
        names, sets = self.names, self.sets
        acc = {k: pa.copy() for k, pa in self.acc.items()}  # the tally stays as it is
        singles, single_articles = self.singles, self.single_articles
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
        result = assemble(
            self.layer,
            names,
            acc,
            profiles_all,
            full.combos if full else Counter(),
            spans_per,
            articles_per,
            (
                self.n_articles,
                n_compared,
                full.articles if full else 0,
                tokens_compared,
                full.combos.total() if full else 0,
            ),
            self.article_results,
            self.unitizing,
        )
        if self.left_out is None:
            return result
        left_out = LeftOut()
        left_out.merge(self.left_out)  # a copy: the tally stays as it is
        return replace(result, left_out=left_out)


def _add_relations(
    pa: PairAcc,
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


def _cut(
    length: int, groups: list[dict[str, list[Extent]]], cut: Sequence[Extent]
) -> tuple[int, list[dict[str, list[Extent]]]]:
    """An article's length and spans with the stretches ``cut`` (sorted, disjoint, no span
    inside one) taken out of the text: what follows a stretch moves back by its length."""
    starts = [s for s, _ in cut]
    before = [0]  # characters cut before the k-th stretch's end
    for s, e in cut:
        before.append(before[-1] + e - s)

    def shift(at: int) -> int:
        return at - before[bisect_left(starts, at)]  # the stretches starting before it

    # A span ends at or before a stretch's start, or starts at or after its end.
    out = [
        {label: [(shift(s), shift(e)) for s, e in ex] for label, ex in by_label.items()}
        for by_label in groups
    ]
    return length - before[-1], out


def _single_article(
    article_id: int, coders: tuple[str, ...], spans: list[Sequence[SpanTuple]]
) -> ArticleResult:
    return ArticleResult(
        article_id, coders, None, {c: len(sp) for c, sp in zip(coders, spans, strict=True)}
    )


def _innermost_last(s: SpanTuple) -> tuple[int, int, str]:
    return (s[1] - s[0], s[0], s[2])


def _project(combos: Mapping[tuple[str, ...], int], i: int, j: int) -> Counter[tuple[str, str]]:
    """The confusion of annotators i and j from label combinations."""
    out: Counter[tuple[str, str]] = Counter()
    for labels, n in combos.items():
        out[(labels[i], labels[j])] += n
    return out
