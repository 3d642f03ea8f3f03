"""One agreement figure per article over every layer (core/agreement_articles.py): the same
numbers review mode's list showed when the view pooled them itself, on the demo's two
annotators and on articles done by one, two and three annotators."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import count
from pathlib import Path

import pytest

from annotator import formats
from annotator.core.agreement import AgreementResult, Item, compute_agreement
from annotator.core.agreement_articles import (
    ArticleMeasure,
    per_article_agreement,
)
from annotator.core.agreement_kappa import NO_SPANS
from annotator.core.agreement_unitizing import UnitizingResult, pooled_alpha_u
from annotator.core.model import Span
from annotator.core.schema import default_schema

ROOT = Path(__file__).resolve().parents[2]
DEMO = [
    ROOT / "resources" / "demo" / "labels.jsonl",
    ROOT / "resources" / "demo" / "labels-bob.jsonl",
]
LAYERS = ("entity", "claim")
_ids = count(1)


def old_pooled(results: Sequence[AgreementResult], measure: str) -> dict[int, float | None]:
    """What review_view.agreement_scores computed before (the reference: tuple arithmetic)."""
    if measure == "krippendorff_alpha_u":
        unitizing: dict[int, list[UnitizingResult]] = {}
        for result in results:
            for art in result.per_article:
                if len(art.annotators) >= 2:
                    unitizing.setdefault(art.article_id, []).append(art.unitizing)
        return {a: pooled_alpha_u(r).value for a, r in unitizing.items()}
    matches: dict[int, int] = {}
    totals: dict[int, int] = {}
    for result in results:
        for art in result.per_article:
            if len(art.annotators) < 2:
                continue
            matches[art.article_id] = matches.get(art.article_id, 0) + sum(
                c[2] for c in art.pair_counts
            )
            totals[art.article_id] = totals.get(art.article_id, 0) + sum(
                c[0] + c[1] for c in art.pair_counts
            )
    return {a: (2 * matches[a] / totals[a] if totals[a] else None) for a in totals}


def demo_items() -> list[Item]:
    """The demo article with demo's and bob's labels, each span in its schema's layer."""
    schema = default_schema()
    text = ""
    work: dict[str, list[Span]] = {}
    for path in DEMO:
        for draft in formats.read(path, "jsonl"):
            text = draft.text
            who = draft.annotator or path.stem
            work[who] = [
                Span(next(_ids), 1, who, s.start, s.end, s.label, schema.layer_of(s.label), "")
                for s in draft.spans
            ]
    assert sorted(work) == ["bob", "demo"] and all(work.values())
    return [Item(1, text, work)]


def sp(who: str, art: int, start: int, end: int, label: str, layer: str) -> Span:
    return Span(next(_ids), art, who, start, end, label, layer, "")


TEXT = "Joko Widodo bertemu Vladimir Putin di Alaska, kata Jokowi kemarin."


def mixed_items() -> list[Item]:
    """Article 1: three annotators, entities and a claim; 2: two, no spans at all; 3: one."""
    return [
        Item(
            1,
            TEXT,
            {
                "ani": [
                    sp("ani", 1, 0, 11, "PERSON", "entity"),
                    sp("ani", 1, 20, 34, "PERSON", "entity"),
                    sp("ani", 1, 0, 44, "CLAIM", "claim"),
                ],
                "budi": [
                    sp("budi", 1, 5, 11, "PERSON", "entity"),
                    sp("budi", 1, 38, 44, "GPE", "entity"),
                    sp("budi", 1, 0, 44, "CLAIM", "claim"),
                ],
                "cici": [sp("cici", 1, 0, 11, "PERSON", "entity")],
            },
        ),
        Item(2, TEXT, {"ani": [], "budi": []}),
        Item(3, TEXT, {"ani": [sp("ani", 3, 0, 11, "PERSON", "entity")]}),
    ]


@pytest.mark.parametrize("measure", list(ArticleMeasure))
@pytest.mark.parametrize("items", [demo_items, mixed_items], ids=["demo", "mixed"])
def test_the_figures_are_the_ones_the_view_computed(items, measure: ArticleMeasure) -> None:  # type: ignore[no-untyped-def]
    annotators = sorted({a for item in items() for a in item.annotations})
    results = [compute_agreement(items(), layer, annotators) for layer in LAYERS]
    new = per_article_agreement(results, measure)
    old = old_pooled(results, measure.value)
    assert sorted(new) == sorted(old)
    for article_id, figure in new.items():
        assert figure.article_id == article_id and figure.measure is measure
        if old[article_id] is None:
            assert figure.value is None and figure.score.reason
        else:
            assert figure.value == pytest.approx(old[article_id], abs=1e-12)


def test_the_demo_article_is_the_figure_review_mode_showed() -> None:
    results = [compute_agreement(demo_items(), layer, ["bob", "demo"]) for layer in LAYERS]
    (figure,) = per_article_agreement(results, "span_f1_exact").values()
    assert figure.annotators == ("bob", "demo")
    assert figure.matches is not None and figure.matches.spans > 0
    assert f"{figure.value:.2f}" == "0.86"  # the list's cell before the move to core


def test_span_f1_pools_pairs_and_layers_and_says_why_it_is_undefined() -> None:
    results = [compute_agreement(mixed_items(), layer, ["ani", "budi", "cici"]) for layer in LAYERS]
    figures = per_article_agreement(results, ArticleMeasure.SPAN_F1_EXACT)
    assert 3 not in figures  # one annotator: nothing to compare
    assert figures[2].value is None and figures[2].score.reason == NO_SPANS
    first = figures[1]
    assert first.annotators == ("ani", "budi", "cici")
    # Entities: ani-budi 2+2 spans, 0 exact; ani-cici 2+1, 1; budi-cici 2+1, 0.
    # Claims (ani and budi only did claims, but all three did the article): ani-budi 1+1, 1;
    # ani-cici 1+0, 0; budi-cici 1+0, 0.
    assert first.matches is not None
    spans = (2 + 2) + (2 + 1) + (2 + 1) + (1 + 1) + (1 + 0) + (1 + 0)
    assert (first.matches.spans, first.matches.exact) == (spans, 2)
    assert first.value == pytest.approx(2 * 2 / spans)
    assert per_article_agreement(results, ArticleMeasure.ALPHA_U)[1].value is not None
