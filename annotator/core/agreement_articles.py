"""One figure per article over every layer: what review mode's article list shows and sorts by.

:func:`per_article_agreement` pools the per-article results of several layers (one
:class:`~annotator.core.agreement_results.AgreementResult` each, computed with
``per_article=True`` for the same annotators) into one :class:`ArticleAgreement` per article
that at least two of the annotators did:

* span F1 (exact): matches and spans summed over the annotator pairs *and* the layers, then
  2·matches / spans (micro-averaged, as :attr:`ArticleResult.span_f1_exact` is per layer);
* unitizing αu: the layers' observed and expected disagreement summed on the article's one
  continuum (:func:`~annotator.core.agreement_unitizing.pooled_alpha_u`).

Undefined figures (no span at all, ...) are a :class:`Score` without a value, with its reason.
Callers only display the result: no arithmetic on agreement outside ``core`` (ADR 0024).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from annotator.core.agreement_kappa import Score, f1
from annotator.core.agreement_results import AgreementResult, ArticleResult
from annotator.core.agreement_unitizing import pooled_alpha_u


class ArticleMeasure(str, Enum):
    """The per-article measures review mode offers (the values are the settings' keys)."""

    SPAN_F1_EXACT = "span_f1_exact"
    ALPHA_U = "krippendorff_alpha_u"


@dataclass(frozen=True)
class SpanMatches:
    """Spans and matches summed over annotator pairs (each pair counts both sides' spans)."""

    spans: int = 0
    exact: int = 0
    overlap: int = 0

    @classmethod
    def of(cls, article: ArticleResult) -> SpanMatches:
        """The article's counts summed over its pairs (one layer)."""
        spans = exact = overlap = 0
        for spans_a, spans_b, n_exact, n_overlap in article.pair_counts:
            spans += spans_a + spans_b
            exact += n_exact
            overlap += n_overlap
        return cls(spans, exact, overlap)

    def __add__(self, other: SpanMatches) -> SpanMatches:
        return SpanMatches(
            self.spans + other.spans, self.exact + other.exact, self.overlap + other.overlap
        )

    @property
    def f1_exact(self) -> Score:
        return f1(self.exact, self.spans, 0)

    @property
    def f1_overlap(self) -> Score:
        return f1(self.overlap, self.spans, 0)


@dataclass(frozen=True)
class ArticleAgreement:
    """One article's agreement over the layers pooled: the ``measure``'s ``score``, the
    annotators compared there (at least two) and, for span F1, the counts it rests on."""

    article_id: int
    measure: ArticleMeasure
    score: Score
    annotators: tuple[str, ...]
    matches: SpanMatches | None = None  # span F1 only

    @property
    def value(self) -> float | None:
        return self.score.value


def per_article_agreement(
    layers: Iterable[AgreementResult], measure: ArticleMeasure | str
) -> dict[int, ArticleAgreement]:
    """Article id -> its figure of ``measure`` over every result of ``layers`` pooled, for
    the articles at least two of the annotators did (in some layer). Each result must come
    from the same annotators with ``per_article=True``."""
    measure = ArticleMeasure(measure)
    compared: dict[int, list[ArticleResult]] = {}
    for result in layers:
        for article in result.per_article:
            if len(article.annotators) >= 2:
                compared.setdefault(article.article_id, []).append(article)
    out: dict[int, ArticleAgreement] = {}
    for article_id, parts in compared.items():
        annotators = parts[0].annotators
        if measure is ArticleMeasure.ALPHA_U:
            score = pooled_alpha_u(p.unitizing for p in parts)
            out[article_id] = ArticleAgreement(article_id, measure, score, annotators)
            continue
        matches = sum((SpanMatches.of(p) for p in parts), SpanMatches())
        out[article_id] = ArticleAgreement(
            article_id, measure, matches.f1_exact, annotators, matches
        )
    return out
