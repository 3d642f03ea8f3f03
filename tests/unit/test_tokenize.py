"""The tokenizer: regex tokens, the fast class-based paths, and labelling tokens from spans."""

from __future__ import annotations

import re
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.tokenize import (
    OUTSIDE,
    count_tokens,
    sparse_token_labels,
    token_classes,
    token_labels,
    token_starts,
    tokenize,
    tokens_overlapping,
)
from tests.conftest import TRICKY


class S(NamedTuple):
    start: int
    end: int
    label: str


# Characters from everywhere, lone surrogates included: the encoder path must cope.
texts = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from(list(" \t\n\u00a0\u2003_-.,“”«»é\u0301😀👨‍👩‍👧🇮🇩\x1c\x1f\u0660١")),
    ),
    max_size=80,
)


def words(text: str) -> list[str]:
    return [text[s:e] for s, e in tokenize(text)]


def test_tokens_are_word_runs_and_single_other_characters() -> None:
    assert words("Presiden Jokowi (62) bilang: «ya»...") == [
        "Presiden",
        "Jokowi",
        "(",
        "62",
        ")",
        "bilang",
        ":",
        "«",
        "ya",
        "»",
        ".",
        ".",
        ".",
    ]
    assert words("snake_case e\u0301 😀 👍🏽") == [
        "snake_case",
        "e",
        "\u0301",  # a combining mark is not \w for Python's re: a token of its own
        "😀",
        "👍",
        "🏽",
    ]
    assert words("Café\u00a0Kim") == ["Café", "Kim"]  # NBSP separates like a space


def test_offsets_are_code_points() -> None:
    for start, end in tokenize(TRICKY):
        assert TRICKY[start:end].strip() == TRICKY[start:end] != ""
    assert tokenize("😀ab") == [(0, 1), (1, 3)]


@given(texts)
def test_count_tokens_equals_the_regex(text: str) -> None:
    assert count_tokens(text) == len(tokenize(text)) == len(re.findall(r"\w+|[^\w\s]", text))
    assert count_tokens(token_classes(text)) == count_tokens(text)


@given(texts, st.data())
def test_tokens_around_a_span_equal_a_full_scan(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    expected = [(s, e) for s, e in tokenize(text) if s < end and start < e and start < end]
    assert tokens_overlapping(text, start, end) == expected
    assert token_starts(token_classes(text), start, end) == [s for s, _ in expected]


def test_a_span_that_cuts_a_token_labels_the_whole_token() -> None:
    text = "Joko Widodo tiba."
    assert token_labels(text, [S(7, 9, "PERSON")]) == ["O", "PERSON", "O", "O"]
    # A span touching one letter of each of two words labels both.
    assert token_labels(text, [S(3, 6, "PERSON")]) == ["PERSON", "PERSON", "O", "O"]
    # Whitespace only, or empty: nothing.
    assert token_labels(text, [S(4, 5, "PERSON"), S(2, 2, "ORG")]) == ["O"] * 4


def test_innermost_span_wins_then_earliest_then_label_name() -> None:
    text = "Bank Indonesia Jakarta"
    outer = S(0, 22, "ORG")
    inner = S(15, 22, "GPE")
    assert token_labels(text, [inner, outer]) == ["ORG", "ORG", "GPE"]
    assert token_labels(text, [outer, inner]) == ["ORG", "ORG", "GPE"]
    # Same length: the earlier start wins the token both cover.
    a, b = S(0, 14, "ORG"), S(5, 19, "LOC")  # both cover "Indonesia"
    assert token_labels(text, [b, a]) == ["ORG", "ORG", "LOC"]
    # Same extent: the label that sorts first wins, whatever the input order.
    assert token_labels(text, [S(0, 4, "ORG"), S(0, 4, "LOC")])[0] == "LOC"
    assert token_labels(text, [S(0, 4, "LOC"), S(0, 4, "ORG")])[0] == "LOC"


def brute_force_labels(text: str, spans: list[S]) -> list[str]:
    out = []
    for ts, te in tokenize(text):
        covering = [s for s in spans if s.start < te and ts < s.end and s.start < s.end]
        if not covering:
            out.append(OUTSIDE)
        else:
            out.append(min(covering, key=lambda s: (s.end - s.start, s.start, s.label)).label)
    return out


@given(texts, st.data())
def test_token_labels_equal_a_brute_force_definition(text: str, data: st.DataObject) -> None:
    n = len(text)
    spans = data.draw(
        st.lists(
            st.builds(
                lambda a, b, lab: S(min(a, b), max(a, b), lab),
                st.integers(0, n),
                st.integers(0, n),
                st.sampled_from(["A", "B", "C"]),
            ),
            max_size=6,
        )
    )
    expected = brute_force_labels(text, spans)
    assert token_labels(text, spans) == expected
    sparse = sparse_token_labels(text, spans)
    assert {s: lab for (s, _), lab in zip(tokenize(text), expected, strict=True)} == {
        s: sparse.get(s, OUTSIDE) for s, _ in tokenize(text)
    }
    assert OUTSIDE not in sparse.values()


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_no_tokens(text: str) -> None:
    assert tokenize(text) == []
    assert count_tokens(text) == 0
    assert token_labels(text, [S(0, len(text), "X")]) == []
