"""Agreement results (per pair, label, relation label, article and overall) and their JSON.

Split out of :mod:`annotator.core.agreement`, which re-exports these names.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from typing import Any

from annotator.core.agreement_hand import LeftOut
from annotator.core.agreement_kappa import FEW_ANNOTATORS, ComboTally, Score, f1
from annotator.core.agreement_unitizing import Extent, UnitizingResult, UnitizingTally


@contextmanager
def gc_paused() -> Iterator[None]:
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
    # Unitizing alpha of the label on the characters of the articles all chosen annotators did.
    krippendorff_alpha_u: Score


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
    length: int = 0  # code points
    # Per annotator (in ``annotators`` order), their spans' (start, end) by label, sorted.
    extents: tuple[Mapping[str, Sequence[Extent]], ...] = field(default=(), repr=False)

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
    def unitizing(self) -> UnitizingResult:
        """Unitizing alpha of the annotators who did the article, on its characters alone."""
        tally = UnitizingTally(self.annotators)
        if len(self.annotators) >= 2 and self.extents:  # none: the text is gone
            tally.add(self.length, self.extents, check=False)
        return tally.result()

    @property
    def krippendorff_alpha_u(self) -> Score:
        return self.unitizing.alpha_u

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
    # Unitizing alpha: over the characters of the articles all chosen annotators did.
    unitizing: UnitizingResult
    # --hand-only: what was left out (core/agreement_hand.py); None: every span counted.
    left_out: LeftOut | None = None

    @property
    def hand_only(self) -> bool:
        return self.left_out is not None

    @property
    def krippendorff_alpha_u(self) -> Score:
        return self.unitizing.alpha_u

    def pair(self, a: str, b: str) -> PairResult:
        for p in self.pairwise:
            if {p.a, p.b} == {a, b}:
                return p
        raise KeyError((a, b))

    def to_json(self, *, per_article: bool = True) -> dict[str, Any]:
        """A JSON-ready dict. Scores are numbers or null; ``undefined`` says why."""
        with gc_paused():
            return self._to_json(per_article)

    def _to_json(self, per_article: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "layer": self.layer,
            "annotators": list(self.annotators),
            "hand_only": self.left_out is not None,
            "articles": self.articles,
            "articles_compared": self.articles_compared,
            "articles_all": self.articles_all,
            "tokens_compared": self.tokens_compared,
            "tokens_all": self.tokens_all,
            "articles_per_annotator": dict(self.articles_per_annotator),
            "spans": dict(self.spans),
        }
        if self.left_out is not None:
            out["left_out"] = self.left_out.to_json(self.annotators)
        _put_scores(
            out,
            span_f1_exact=self.span_f1_exact,
            span_f1_overlap=self.span_f1_overlap,
            relation_f1_exact=self.relation_f1_exact,
            relation_f1_overlap=self.relation_f1_overlap,
            fleiss_kappa=self.fleiss_kappa,
            krippendorff_alpha=self.krippendorff_alpha,
            krippendorff_alpha_u=self.unitizing.alpha_u,
        )
        u = self.unitizing
        out["unitizing"] = {
            "articles": u.articles,
            "characters": u.length,
            "observed_disagreement": u.observed,
            "expected_disagreement": u.expected,
        }
        out["pairwise"] = [_pair_json(p) for p in self.pairwise]
        out["per_label"] = {
            name: _label_json(r, self.unitizing) for name, r in self.per_label.items()
        }
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


def _label_json(r: LabelResult, unitizing: UnitizingResult) -> dict[str, Any]:
    out = _put_scores(
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
        krippendorff_alpha_u=r.krippendorff_alpha_u,
    )
    u = unitizing.per_label.get(r.label)
    out["unitizing"] = {
        "units": dict(u.units) if u else {},
        "observed_disagreement": u.observed if u else None,
        "expected_disagreement": u.expected if u else None,
    }
    return out


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
        krippendorff_alpha_u=a.krippendorff_alpha_u,
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
