"""Span F1 (exact, overlap), relation F1, counts, undefined cases and the JSON shape.

The worked examples are the ones in docs/agreement.md.
"""

from __future__ import annotations

import json
import math
from itertools import count

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import Item, compute_agreement, items_from_documents
from annotator.core.agreement_kappa import FEW_ANNOTATORS, NO_ARTICLES, NO_VARIATION
from annotator.core.agreement_spans import (
    count_overlap_matches,
    match_extents,
    overlap_matching,
)
from annotator.core.model import Article, Document, Relation, Span, Status
from annotator.core.tokenize import token_labels

_ids = count(1)

TEXT = "Joko Widodo bertemu Vladimir Putin di Alaska."


def sp(who: str, start: int, end: int, label: str, layer: str = "entity", art: int = 1) -> Span:
    return Span(next(_ids), art, who, start, end, label, layer, "")


def doc_example() -> Item:
    """docs/agreement.md, example 1."""
    return Item(
        1,
        TEXT,
        {
            "ani": [
                sp("ani", 0, 11, "PERSON"),
                sp("ani", 20, 34, "PERSON"),
                sp("ani", 38, 44, "GPE"),
            ],
            "budi": [
                sp("budi", 5, 11, "PERSON"),
                sp("budi", 20, 34, "PERSON"),
                sp("budi", 38, 44, "LOC"),
            ],
            "cici": [
                sp("cici", 0, 11, "PERSON"),
                sp("cici", 20, 34, "PERSON"),
                sp("cici", 38, 44, "GPE"),
            ],
        },
    )


def test_worked_example_pair() -> None:
    r = compute_agreement([doc_example()], "entity", ["ani", "budi"])
    (p,) = r.pairwise
    assert (p.a, p.b, p.articles, p.tokens) == ("ani", "budi", 1, 8)
    assert (p.spans_a, p.spans_b, p.exact_matches, p.overlap_matches) == (3, 3, 1, 2)
    assert p.span_f1_exact.value == 1 / 3
    assert p.span_f1_overlap.value == 2 / 3
    assert math.isclose(p.cohen_kappa.value or 0, 0.6, abs_tol=1e-12)
    assert p.per_label["PERSON"].span_f1_exact.value == 2 * 1 / (2 + 2)
    assert p.per_label["PERSON"].span_f1_overlap.value == 1.0
    assert p.per_label["GPE"].span_f1_exact.value == 0.0  # ani 1, budi 0
    assert p.per_label["LOC"].span_f1_overlap.value == 0.0
    # Fleiss' kappa over two annotators is defined, and is not Cohen's.
    assert math.isclose(r.fleiss_kappa.value or 0, 23 / 39, abs_tol=1e-12)
    assert math.isclose(r.krippendorff_alpha.value or 0, 8 / 13, abs_tol=1e-12)


def test_worked_example_three_annotators() -> None:
    r = compute_agreement([doc_example()], "entity")
    assert r.annotators == ("ani", "budi", "cici")
    assert math.isclose(r.fleiss_kappa.value or 0, 127 / 175, abs_tol=1e-12)
    assert math.isclose(r.krippendorff_alpha.value or 0, 129 / 175, abs_tol=1e-12)
    # Pooled over the three pairs: exact matches 1 + 3 + 1 of 6 + 6 + 6 spans.
    assert r.span_f1_exact.value == 2 * 5 / 18
    assert r.pair("cici", "ani").span_f1_exact.value == 1.0
    assert r.per_label["PERSON"].spans == {"ani": 2, "budi": 2, "cici": 2}
    (art,) = r.per_article
    assert art.tokens == 8 and art.annotators == ("ani", "budi", "cici")
    assert art.fleiss_kappa == r.fleiss_kappa


def test_overlap_matching_is_maximum_not_greedy() -> None:
    # Taking the identical pair first would leave a2 unmatched; the maximum matching pairs
    # a1-b2 and a2-b1.
    a = [sp("a", 0, 10, "X"), sp("a", 0, 3, "X")]
    b = [sp("b", 0, 10, "X"), sp("b", 8, 12, "X")]
    assert sorted(overlap_matching(a, b)) == [(0, 1), (1, 0)]
    item = Item(1, "x" * 20, {"a": a, "b": b})
    (p,) = compute_agreement([item], "entity").pairwise
    assert p.overlap_matches == 2 and p.exact_matches == 1
    # Without the conflict, identical spans are the ones paired.
    assert overlap_matching([sp("a", 0, 10, "X")], [sp("b", 2, 5, "X"), sp("b", 0, 10, "X")]) == [
        (0, 1)
    ]


def test_one_to_one_and_same_label() -> None:
    a = [sp("a", 0, 20, "X")]
    b = [sp("b", 0, 5, "X"), sp("b", 10, 15, "X"), sp("b", 0, 20, "Y")]
    assert overlap_matching(a, b) == [(0, 0)]  # one of the two X, never Y
    item = Item(1, "x" * 20, {"a": a, "b": b})
    (p,) = compute_agreement([item], "entity").pairwise
    assert p.span_f1_overlap.value == 2 * 1 / 4


def test_touching_spans_do_not_overlap() -> None:
    assert overlap_matching([sp("a", 0, 5, "X")], [sp("b", 5, 9, "X")]) == []


def test_only_articles_both_did_count() -> None:
    items = [
        Item(1, TEXT, {"a": [sp("a", 0, 11, "PERSON")], "b": [sp("b", 0, 11, "PERSON")]}),
        # b did not do article 2: a's span there is no miss of b's.
        Item(2, TEXT, {"a": [sp("a", 20, 34, "PERSON", art=2)]}),
        # b did article 3 and marked nothing: a's span there is a miss.
        Item(3, TEXT, {"a": [sp("a", 38, 44, "GPE", art=3)], "b": []}),
    ]
    r = compute_agreement(items, "entity")
    (p,) = r.pairwise
    assert (p.articles, p.spans_a, p.spans_b, p.exact_matches) == (2, 2, 1, 1)
    assert p.span_f1_exact.value == 2 / 3
    assert p.tokens == 16
    assert r.articles == 3 and r.articles_compared == 2 and r.articles_all == 2
    assert r.articles_per_annotator == {"a": 3, "b": 2}
    assert r.spans == {"a": 3, "b": 1}
    assert [a.tokens for a in r.per_article] == [8, None, 8]
    assert r.per_article[1].span_f1_exact.reason == FEW_ANNOTATORS


def test_layers_are_separate() -> None:
    item = Item(
        1,
        TEXT,
        {
            "a": [sp("a", 0, 11, "PERSON"), sp("a", 0, 44, "CLAIM", "claim")],
            "b": [sp("b", 0, 11, "PERSON")],
        },
    )
    assert compute_agreement([item], "entity").span_f1_exact.value == 1.0
    claim = compute_agreement([item], "claim")
    assert claim.span_f1_exact.value == 0.0
    assert claim.spans == {"a": 1, "b": 0}


def test_undefined_cases_say_why() -> None:
    one = compute_agreement([doc_example()], "entity", ["ani"])
    assert one.pairwise == ()
    for score in (one.span_f1_exact, one.fleiss_kappa, one.krippendorff_alpha):
        assert score.value is None and score.reason == FEW_ANNOTATORS

    nothing = compute_agreement([], "entity", ["a", "b"])
    (p,) = nothing.pairwise
    assert p.span_f1_exact.reason == NO_ARTICLES and p.cohen_kappa.reason == NO_ARTICLES
    assert nothing.fleiss_kappa.value is None and nothing.krippendorff_alpha.value is None

    empty = Item(1, TEXT, {"a": [], "b": []})
    r = compute_agreement([empty], "entity")
    (p,) = r.pairwise
    assert p.span_f1_exact.value is None and p.span_f1_exact.reason
    assert p.cohen_kappa.reason == NO_VARIATION  # all O for both
    assert r.fleiss_kappa.reason == NO_VARIATION
    assert r.krippendorff_alpha.reason == NO_VARIATION
    assert r.relation_f1_exact.value is None

    # Disjoint article sets: no article in common, so nothing pairable.
    apart = [Item(1, TEXT, {"a": []}), Item(2, TEXT, {"b": []})]
    r = compute_agreement(apart, "entity")
    assert r.pairwise[0].articles == 0 and r.pairwise[0].span_f1_exact.reason == NO_ARTICLES
    assert r.krippendorff_alpha.value is None and r.fleiss_kappa.value is None


def test_fleiss_only_over_articles_all_did() -> None:
    items = [
        Item(1, TEXT, {"a": [sp("a", 0, 11, "PERSON")], "b": [], "c": []}),
        Item(2, TEXT, {"a": [sp("a", 0, 11, "PERSON")], "b": [sp("b", 0, 11, "PERSON")]}),
    ]
    r = compute_agreement(items, "entity")
    assert r.articles_all == 1 and r.tokens_all == 8
    # Article 1 only: tokens "Joko", "Widodo" are PERSON/O/O, six tokens O/O/O.
    # P_i = 1/3 twice, 1 six times -> P̄ = (2/3 + 6)/8; p = (2/24, 22/24).
    p_bar = (2 / 3 + 6) / 8
    p_e = (2 / 24) ** 2 + (22 / 24) ** 2
    assert math.isclose(r.fleiss_kappa.value or 0, (p_bar - p_e) / (1 - p_e), abs_tol=1e-12)
    only_two = compute_agreement(items[1:], "entity", ["a", "b", "c"])
    assert only_two.fleiss_kappa.value is None and only_two.fleiss_kappa.reason


CLAIM_TEXT = "Joko Widodo berkata harga beras akan turun."


def relation_item(child_b: tuple[int, int], label_b: str = "SAID_BY") -> Item:
    a_claim, a_spk = sp("a", 20, 42, "CLAIM", "claim"), sp("a", 0, 11, "PERSON")
    b_claim, b_spk = sp("b", 20, 42, "CLAIM", "claim"), sp("b", *child_b, "PERSON")
    return Item(
        1,
        CLAIM_TEXT,
        {"a": [a_claim, a_spk], "b": [b_claim, b_spk]},
        {
            "a": [Relation(next(_ids), 1, "a", a_claim.id, a_spk.id, "SAID_BY")],
            "b": [Relation(next(_ids), 1, "b", b_claim.id, b_spk.id, label_b)],
        },
    )


def test_relation_f1_exact_and_overlap() -> None:
    same = compute_agreement([relation_item((0, 11))], "claim")
    assert same.relation_f1_exact.value == 1.0 and same.relation_f1_overlap.value == 1.0
    # b's speaker is "Widodo": the spans overlap, the relation matches only by overlap.
    near = compute_agreement([relation_item((5, 11))], "claim")
    assert near.relation_f1_exact.value == 0.0
    assert near.relation_f1_overlap.value == 1.0
    assert near.per_relation_label["SAID_BY"].matches_overlap == 1
    other = compute_agreement([relation_item((0, 11), "ABOUT")], "claim")
    assert other.relation_f1_exact.value == 0.0 and other.relation_f1_overlap.value == 0.0
    assert set(other.per_relation_label) == {"ABOUT", "SAID_BY"}
    # Relations are headed in the claim layer: the entity layer has none.
    ent = compute_agreement([relation_item((0, 11))], "entity")
    assert ent.relation_f1_exact.value is None and ent.relation_f1_exact.reason


def test_json_shape() -> None:
    r = compute_agreement([doc_example(), Item(2, TEXT, {"ani": []})], "entity", ["ani", "budi"])
    data = json.loads(json.dumps(r.to_json()))
    for key in (
        "layer",
        "annotators",
        "articles",
        "pairwise",
        "fleiss_kappa",
        "krippendorff_alpha",
        "per_label",
    ):
        assert key in data
    assert data["layer"] == "entity" and data["articles"] == 2
    pair = data["pairwise"][0]
    for key in ("a", "b", "articles", "span_f1_exact", "span_f1_overlap", "cohen_kappa"):
        assert key in pair
    assert pair["a"] == "ani" and pair["b"] == "budi" and pair["span_f1_exact"] == 1 / 3
    assert data["per_label"]["PERSON"]["span_f1_exact"] == r.per_label["PERSON"].span_f1_exact.value
    assert data["per_article"][1]["fleiss_kappa"] is None
    assert data["per_article"][1]["undefined"]["fleiss_kappa"] == FEW_ANNOTATORS
    assert data["relation_f1_exact"] is None and data["undefined"]["relation_f1_exact"]
    # The numbers docs/agreement.md shows for this example.
    assert (data["articles_compared"], data["articles_all"], data["tokens_compared"]) == (1, 1, 8)
    assert round(data["fleiss_kappa"], 3) == 0.590
    assert round(data["krippendorff_alpha"], 3) == 0.615
    assert (pair["spans_a"], pair["exact_matches"], pair["overlap_matches"]) == (3, 1, 2)
    assert pair["cohen_kappa"] == pytest.approx(0.6, abs=1e-12)
    assert data["per_label"]["PERSON"]["span_f1_overlap"] == 1.0
    assert "per_article" not in r.to_json(per_article=False)


def test_per_article_can_be_skipped() -> None:
    r = compute_agreement([doc_example()], "entity", per_article=False)
    assert r.per_article == ()
    assert r.fleiss_kappa == compute_agreement([doc_example()], "entity").fleiss_kappa


# ------------------------------------------------------------------ properties

spans_st = st.lists(
    st.tuples(st.integers(0, 30), st.integers(1, 10), st.sampled_from(["X", "Y"])), max_size=8
)


def make(who: str, raw: list[tuple[int, int, str]]) -> list[Span]:
    return [sp(who, s, min(40, s + n), lab) for s, n, lab in raw]


TEXT40 = "aa bb cc dd ee ff gg hh ii jj kk ll mm n"


@settings(deadline=None)
@given(spans_st, spans_st)
def test_f1_and_kappa_are_symmetric(
    ra: list[tuple[int, int, str]], rb: list[tuple[int, int, str]]
) -> None:
    a, b = make("a", ra), make("b", rb)
    ab = compute_agreement([Item(1, TEXT40, {"a": a, "b": b})], "entity").pairwise[0]
    ba = compute_agreement([Item(1, TEXT40, {"a": b, "b": a})], "entity").pairwise[0]
    assert ab.span_f1_exact == ba.span_f1_exact
    assert ab.span_f1_overlap == ba.span_f1_overlap
    assert ab.overlap_matches == len(overlap_matching(b, a))
    if ab.cohen_kappa.value is None:
        assert ba.cohen_kappa.value is None
    else:
        assert math.isclose(ab.cohen_kappa.value, ba.cohen_kappa.value or 0, abs_tol=1e-12)
    # Overlap never finds fewer matches than exact.
    assert ab.overlap_matches >= ab.exact_matches


@settings(deadline=None)
@given(spans_st)
def test_identity(raw: list[tuple[int, int, str]]) -> None:
    a = make("a", raw)
    r = compute_agreement([Item(1, TEXT40, {"a": a, "b": make("b", raw)})], "entity")
    p = r.pairwise[0]
    if a:
        assert p.span_f1_exact.value == 1.0 and p.span_f1_overlap.value == 1.0
    else:
        assert p.span_f1_exact.value is None
    variation = len(set(token_labels(TEXT40, a))) > 1
    for score in (p.cohen_kappa, r.fleiss_kappa, r.krippendorff_alpha):
        if variation:
            assert score.value is not None and math.isclose(score.value, 1.0)
        else:
            assert score.value is None and score.reason == NO_VARIATION


extents_st = st.lists(
    st.tuples(st.integers(0, 12), st.integers(0, 5)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=5,
)


def brute_force_max_matching(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    def overlaps(x: tuple[int, int], y: tuple[int, int]) -> bool:
        return max(x[0], y[0]) < min(x[1], y[1])

    def best(i: int, used: frozenset[int]) -> int:
        if i == len(a):
            return 0
        top = best(i + 1, used)
        for j, y in enumerate(b):
            if j not in used and overlaps(a[i], y):
                top = max(top, 1 + best(i + 1, used | {j}))
        return top

    return best(0, frozenset())


@given(extents_st, extents_st)
def test_matching_is_maximum(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> None:
    a, b = sorted(a), sorted(b)
    expected = brute_force_max_matching(a, b)
    pairs = match_extents(a, b)
    assert len(pairs) == expected == count_overlap_matches(a, b)
    assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)
    for i, j in pairs:
        assert max(a[i][0], b[j][0]) < min(a[i][1], b[j][1])


chains_st = st.lists(st.integers(0, 30), max_size=10, unique=True).map(
    lambda cuts: [(x, y) for x, y in zip(sorted(cuts)[::2], sorted(cuts)[1::2], strict=False)]
)


@given(chains_st, chains_st)
def test_the_sweep_for_disjoint_spans_is_maximum(
    a: list[tuple[int, int]], b: list[tuple[int, int]]
) -> None:
    assert count_overlap_matches(a, b) == brute_force_max_matching(a, b)


def test_chosen_annotators_and_their_order() -> None:
    r = compute_agreement([doc_example()], "entity", ["cici", "ani", "nobody"])
    assert r.annotators == ("cici", "ani", "nobody")
    assert [(p.a, p.b) for p in r.pairwise] == [
        ("cici", "ani"),
        ("cici", "nobody"),
        ("ani", "nobody"),
    ]
    assert r.pair("ani", "cici").span_f1_exact.value == 1.0
    assert r.pair("ani", "nobody").span_f1_exact.reason == NO_ARTICLES
    assert r.spans == {"cici": 3, "ani": 3, "nobody": 0}  # budi is not counted anywhere
    assert r.fleiss_kappa.value is None  # nobody did nothing: no article all did
    assert r.krippendorff_alpha.value == 1.0  # cici and ani agree on every token


def test_a_relation_to_a_missing_span_is_an_error() -> None:
    claim = sp("a", 20, 42, "CLAIM", "claim")
    item = Item(
        1,
        CLAIM_TEXT,
        {"a": [claim], "b": []},
        {"a": [Relation(next(_ids), 1, "a", claim.id, 99_999, "SAID_BY")]},
    )
    with pytest.raises(ValueError, match="points to a span"):
        compute_agreement([item], "claim")


def test_items_from_documents_count_done_work_only() -> None:
    def article(i: int) -> Article:
        return Article(i, f"x{i}", "", "", None, None, TEXT, "", "id", 1.0, "")

    s1 = sp("ani", 0, 11, "PERSON")
    docs = [
        Document(article(1), "ani", Status.DONE, [s1], []),
        Document(article(1), "budi", Status.IN_PROGRESS, [sp("budi", 0, 4, "ORG")], []),
        Document(article(1), "cici", Status.DONE, [], []),
        Document(article(2), None, Status.TODO, [], []),
        Document(article(3), "budi", Status.SKIPPED, [], []),
    ]
    items = list(items_from_documents(docs))
    assert [it.article_id for it in items] == [1, 2, 3]
    assert items[0].annotations == {"ani": [s1], "cici": []}
    assert items[1].annotations == {} and items[2].annotations == {}
    with_progress = list(items_from_documents(docs, {Status.DONE, Status.IN_PROGRESS}))
    assert set(with_progress[0].annotations) == {"ani", "budi", "cici"}
    r = compute_agreement(items, "entity")
    assert r.annotators == ("ani", "cici") and r.articles == 1
    with pytest.raises(ValueError, match="two documents"):
        list(items_from_documents([docs[0], docs[0]]))
