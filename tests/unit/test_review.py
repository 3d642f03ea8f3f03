"""Disagreement groups and their classification; merge strategies for gold."""

from __future__ import annotations

from itertools import count
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.agreement import Item
from annotator.core.model import Relation, Span
from annotator.core.review import Kind, Strategy, merge, review_article

_ids = count(1)
TEXT = "Joko Widodo berkata harga beras akan turun di Jakarta."


def sp(
    who: str, start: int, end: int, label: str, layer: str = "entity", **attributes: Any
) -> Span:
    return Span(next(_ids), 1, who, start, end, label, layer, TEXT[start:end], attributes)


def kinds_of(item: Item, layer: str = "entity") -> list[frozenset[Kind]]:
    return [g.kinds for g in review_article(item, layer).groups]


def test_agreement_is_no_disagreement() -> None:
    item = Item(1, TEXT, {"a": [sp("a", 0, 11, "PERSON")], "b": [sp("b", 0, 11, "PERSON")]})
    review = review_article(item, "entity")
    (group,) = review.groups
    assert group.agreed and group.present == ("a", "b") and group.missing == ()
    (version,) = group.versions
    assert (version.start, version.end, version.label, version.annotators) == (
        0,
        11,
        "PERSON",
        ("a", "b"),
    )
    assert review.disagreements == ()
    assert review.counts()["agreed"] == 1


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 11, "PERSON"), (0, 11, "ORG"), {Kind.LABEL}),
        ((0, 11, "PERSON"), (5, 11, "PERSON"), {Kind.BOUNDARIES}),
        ((0, 11, "PERSON"), (5, 11, "ORG"), {Kind.LABEL_AND_BOUNDARIES}),
    ],
)
def test_label_and_boundaries(
    a: tuple[int, int, str], b: tuple[int, int, str], expected: set[Kind]
) -> None:
    item = Item(1, TEXT, {"a": [sp("a", *a)], "b": [sp("b", *b)]})
    assert kinds_of(item) == [frozenset(expected)]


def test_missing_in_some_annotators() -> None:
    item = Item(
        1,
        TEXT,
        {
            "a": [sp("a", 0, 11, "PERSON"), sp("a", 46, 53, "GPE")],
            "b": [sp("b", 0, 11, "PERSON")],
            "c": [sp("c", 0, 11, "PERSON"), sp("c", 46, 53, "GPE")],
        },
    )
    review = review_article(item, "entity")
    agreed, jakarta = review.groups
    assert agreed.agreed
    assert jakarta.kinds == {Kind.MISSING} and jakarta.missing == ("b",)
    assert jakarta.versions[0].annotators == ("a", "c")
    # Someone who did not do the article is never "missing"; choosing annotators narrows.
    assert review_article(item, "entity", ["a", "c", "zed"]).disagreements == ()


def test_groups_chain_through_overlaps_and_count_every_kind() -> None:
    item = Item(
        1,
        TEXT,
        {
            "a": [sp("a", 0, 11, "PERSON")],
            "b": [sp("b", 5, 19, "PERSON")],  # overlaps a and c
            "c": [sp("c", 12, 19, "ORG")],
        },
    )
    (group,) = review_article(item, "entity").groups
    assert (group.start, group.end) == (0, 19)
    assert group.kinds == {Kind.BOUNDARIES, Kind.LABEL_AND_BOUNDARIES, Kind.MISSING}
    counts = review_article(item, "entity").counts()
    assert counts["disagreements"] == 1 and counts["boundaries"] == 1 and counts["label"] == 0


def test_a_nested_span_only_one_annotator_has_is_missing_in_the_other() -> None:
    item = Item(
        1,
        TEXT,
        {
            "a": [sp("a", 20, 42, "CLAIM", "claim"), sp("a", 26, 31, "CLAIM", "claim")],
            "b": [sp("b", 20, 42, "CLAIM", "claim")],
        },
    )
    assert kinds_of(item, "claim") == [frozenset({Kind.MISSING})]


def claims(speaker_a: tuple[int, int], speaker_b: tuple[int, int] | None) -> Item:
    ca, sa = sp("a", 20, 42, "CLAIM", "claim"), sp("a", *speaker_a, "PERSON")
    cb = sp("b", 20, 42, "CLAIM", "claim")
    spans_b = [cb]
    rels_b = []
    if speaker_b is not None:
        sb = sp("b", *speaker_b, "PERSON")
        spans_b.append(sb)
        rels_b.append(Relation(next(_ids), 1, "b", cb.id, sb.id, "SAID_BY"))
    return Item(
        1,
        TEXT,
        {"a": [ca, sa], "b": spans_b},
        {"a": [Relation(next(_ids), 1, "a", ca.id, sa.id, "SAID_BY")], "b": rels_b},
    )


def test_speaker_differs() -> None:
    assert kinds_of(claims((0, 11), (0, 11)), "claim") == [frozenset()]
    assert kinds_of(claims((0, 11), (5, 11)), "claim") == [frozenset({Kind.SPEAKER})]
    assert kinds_of(claims((0, 11), None), "claim") == [frozenset({Kind.SPEAKER})]
    group = review_article(claims((0, 11), (5, 11)), "claim").groups[0]
    assert group.speakers == {"a": frozenset({(0, 11)}), "b": frozenset({(5, 11)})}


# ------------------------------------------------------------------ merging


def three() -> Item:
    return Item(
        1,
        TEXT,
        {
            "a": [sp("a", 0, 11, "PERSON"), sp("a", 46, 53, "GPE", note="x")],
            "b": [sp("b", 0, 11, "PERSON"), sp("b", 46, 53, "GPE", note="y")],
            "c": [sp("c", 0, 11, "PERSON"), sp("c", 46, 53, "LOC"), sp("c", 20, 31, "QUANTITY")],
        },
    )


def keys(result: Any) -> list[tuple[int, int, str, tuple[str, ...]]]:
    return [(s.start, s.end, s.label, s.annotators) for s in result.spans]


def test_unanimous() -> None:
    result = merge(three(), Strategy.UNANIMOUS)
    assert result.threshold == 3
    assert keys(result) == [(0, 11, "PERSON", ("a", "b", "c"))]


def test_majority_is_more_than_half() -> None:
    result = merge(three(), "majority")
    assert result.threshold == 2
    assert keys(result) == [(0, 11, "PERSON", ("a", "b", "c")), (46, 53, "GPE", ("a", "b"))]
    gpe = result.spans[1]
    assert gpe.attributes == {"note": "x"} and not gpe.attributes_agree
    assert gpe.text == "Jakarta" and len(gpe.source_ids) == 2
    # With two annotators more than half is both: a lone span is not kept.
    two = merge(three(), Strategy.MAJORITY, ["a", "c"])
    assert two.threshold == 2
    assert keys(two) == [(0, 11, "PERSON", ("a", "c"))]


def test_one_annotator_keeps_theirs_and_says_who_else_had_it() -> None:
    result = merge(three(), Strategy.ANNOTATOR, annotator="c")
    assert keys(result) == [
        (0, 11, "PERSON", ("a", "b", "c")),
        (20, 31, "QUANTITY", ("c",)),
        (46, 53, "LOC", ("c",)),
    ]
    with pytest.raises(ValueError):
        merge(three(), Strategy.ANNOTATOR)
    with pytest.raises(ValueError):
        merge(three(), Strategy.ANNOTATOR, annotator="zed")


def test_only_annotators_who_did_the_article_count() -> None:
    item = three()
    result = merge(item, Strategy.UNANIMOUS, ["a", "b", "zed"])
    assert result.annotators == ("a", "b") and result.threshold == 2
    assert keys(result) == [(0, 11, "PERSON", ("a", "b")), (46, 53, "GPE", ("a", "b"))]


def test_relations_merge_with_their_spans() -> None:
    same = merge(claims((0, 11), (0, 11)), Strategy.UNANIMOUS)
    assert [(s.label, s.layer) for s in same.spans] == [("PERSON", "entity"), ("CLAIM", "claim")]
    (rel,) = same.relations
    assert (same.spans[rel.head].label, same.spans[rel.child].label) == ("CLAIM", "PERSON")
    assert rel.annotators == ("a", "b") and rel.label == "SAID_BY"
    differ = merge(claims((0, 11), (5, 11)), Strategy.UNANIMOUS)
    assert [s.label for s in differ.spans] == ["CLAIM"] and differ.relations == ()
    theirs = merge(claims((0, 11), (5, 11)), Strategy.ANNOTATOR, annotator="b")
    assert len(theirs.relations) == 1 and theirs.relations[0].annotators == ("b",)
    assert merge(claims((0, 11), (0, 11)), Strategy.UNANIMOUS, layers=["claim"]).relations == ()


span_lists = st.lists(
    st.tuples(st.integers(0, 40), st.integers(1, 12), st.sampled_from(["PERSON", "ORG"])),
    max_size=6,
)


def spans_of(who: str, raw: list[tuple[int, int, str]]) -> list[Span]:
    return [sp(who, s, min(len(TEXT), s + n), label) for s, n, label in raw]


@given(span_lists, span_lists, span_lists)
def test_disagreement_exactly_when_the_spans_differ(
    ra: list[tuple[int, int, str]], rb: list[tuple[int, int, str]], rc: list[tuple[int, int, str]]
) -> None:
    annotations = {"a": spans_of("a", ra), "b": spans_of("b", rb), "c": spans_of("c", rc)}
    review = review_article(Item(1, TEXT, annotations), "entity")
    key_sets = [{(s.start, s.end, s.label) for s in v} for v in annotations.values()]
    identical = key_sets[0] == key_sets[1] == key_sets[2]
    assert (review.disagreements == ()) == identical
    # Every span is in exactly one group, and groups do not overlap each other.
    assert sum(len(v.spans) for g in review.groups for v in g.versions) == len(
        {(s.start, s.end, s.label, s.annotator) for v in annotations.values() for s in v}
    )
    for g, h in zip(review.groups, review.groups[1:], strict=False):
        assert g.end <= h.start


@given(span_lists, span_lists, span_lists)
def test_merge_strategies_nest(
    ra: list[tuple[int, int, str]], rb: list[tuple[int, int, str]], rc: list[tuple[int, int, str]]
) -> None:
    item = Item(1, TEXT, {"a": spans_of("a", ra), "b": spans_of("b", rb), "c": spans_of("c", rc)})

    def keys_of(result: Any) -> set[tuple[int, int, str]]:
        return {(s.start, s.end, s.label) for s in result.spans}

    unanimous = keys_of(merge(item, Strategy.UNANIMOUS))
    majority = keys_of(merge(item, Strategy.MAJORITY))
    theirs = {w: keys_of(merge(item, Strategy.ANNOTATOR, annotator=w)) for w in "abc"}
    assert unanimous == theirs["a"] & theirs["b"] & theirs["c"]
    assert majority == (
        (theirs["a"] & theirs["b"]) | (theirs["a"] & theirs["c"]) | (theirs["b"] & theirs["c"])
    )
    for w in "abc":
        assert theirs[w] == {(s.start, s.end, s.label) for s in item.annotations[w]}
    for s in merge(item, Strategy.MAJORITY).spans:
        assert len(s.annotators) >= 2
        for w in s.annotators:
            assert (s.start, s.end, s.label) in theirs[w]
