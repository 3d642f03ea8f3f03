"""Agreement totals: folding the per-pair counts into an :class:`AgreementResult`.

Split out of :mod:`annotator.core.agreement` (which runs the per-article counting).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from annotator.core.agreement_kappa import (
    FEW_ANNOTATORS,
    NO_ARTICLES,
    NO_FULL_ARTICLES,
    NO_RELATIONS,
    Profile,
    Score,
    alpha_from_profiles,
    binary_confusion,
    binary_profiles,
    cohen_from_confusion,
    f1,
    fleiss_from_profiles,
)
from annotator.core.agreement_results import (
    AgreementResult,
    ArticleResult,
    LabelPairResult,
    LabelResult,
    PairResult,
    RelationLabelResult,
)
from annotator.core.agreement_unitizing import UnitizingTally


@dataclass
class PairAcc:
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

    def merge(self, later: PairAcc) -> None:
        """Add ``later``'s counts (each Counter updated in ``later``'s key order)."""
        self.articles += later.articles
        self.tokens += later.tokens
        for name in _COUNTERS:
            getattr(self, name).update(getattr(later, name))

    def copy(self) -> PairAcc:
        return PairAcc(
            self.articles, self.tokens, *(Counter(getattr(self, name)) for name in _COUNTERS)
        )


_COUNTERS = (
    "confusion",
    "spans_a",
    "spans_b",
    "exact",
    "overlap",
    "rels_a",
    "rels_b",
    "rel_exact",
    "rel_overlap",
)


def assemble(
    layer: str,
    names: tuple[str, ...],
    acc: dict[tuple[str, str], PairAcc],
    profiles_all: Counter[Profile],
    profiles_full: Counter[Profile],
    spans_per: dict[str, Counter[str]],
    articles_per: Counter[str],
    totals: tuple[int, int, int, int, int],
    article_results: list[ArticleResult],
    unitizing: UnitizingTally,
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

    alpha_u = unitizing.result(labels)
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
            alpha_u.per_label[label].alpha_u,
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
        unitizing=alpha_u,
    )


def _rel_f1(matches: int, n_a: int, n_b: int, articles: int) -> Score:
    if not articles:
        return Score.undefined(NO_ARTICLES)
    if n_a + n_b == 0:
        return Score.undefined(NO_RELATIONS)
    return f1(matches, n_a, n_b)
