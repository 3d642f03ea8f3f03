from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.offsets import (
    SpanError,
    Utf16Map,
    check_span,
    is_boundary,
    remap_crlf,
    remap_span,
    snap_to_boundaries,
    snap_to_words,
)
from tests.conftest import TRICKY

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


@given(texts)
def test_utf16_map_agrees_with_the_encoder(text: str) -> None:
    m = Utf16Map(text)
    assert m.utf16_length == utf16_len(text)
    for i in range(len(text) + 1):
        u = m.to_utf16(i)
        assert u == utf16_len(text[:i])
        assert m.to_codepoint(u) == i


def test_position_inside_a_surrogate_pair_snaps_to_the_character() -> None:
    text = "a😀b"
    m = Utf16Map(text)
    assert m.to_utf16(2) == 3
    assert m.to_codepoint(2) == 1  # middle of the emoji -> its start
    assert m.to_codepoint(2, snap="right") == 2  # -> its end


def test_out_of_range_offsets_are_refused() -> None:
    m = Utf16Map("abc")
    with pytest.raises(SpanError):
        m.to_utf16(4)
    with pytest.raises(SpanError):
        m.to_codepoint(-1)


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("👨‍👩‍👧", 1),  # after the first person, before ZWJ
        ("👨‍👩‍👧", 2),  # after ZWJ
        ("🇮🇩", 1),  # between the regional indicators of one flag
        ("e\u0301", 1),  # before a combining acute
    ],
)
def test_cuts_inside_a_grapheme_are_not_boundaries(text: str, cut: int) -> None:
    assert not is_boundary(text, cut)
    with pytest.raises(SpanError, match="cuts a character"):
        check_span(text + " x", 0, cut)


def test_two_flags_split_between_them() -> None:
    assert is_boundary("🇮🇩🇺🇸", 2)
    assert not is_boundary("🇮🇩🇺🇸", 3)


def test_snap_to_words_widens_and_trims() -> None:
    text = "Presiden Vladimir Putin berkata"
    start = text.index("ladimir")
    assert snap_to_words(text, start, start + 3) == (9, 17)
    assert snap_to_words(text, 8, 18) == (9, 17)  # surrounding spaces trimmed


def test_snap_never_splits_an_emoji_sequence() -> None:
    i = TRICKY.index("👨")
    assert snap_to_boundaries(TRICKY, i + 1, i + 2) == (i, i + len("👨‍👩‍👧"))


def test_check_span_states_what_is_wrong() -> None:
    with pytest.raises(SpanError, match="outside the text"):
        check_span("abc", 1, 9)
    with pytest.raises(SpanError, match="empty"):
        check_span("abc", 2, 2)
    with pytest.raises(SpanError, match="not the stated text"):
        check_span("abc", 0, 2, "ax")
    with pytest.raises(SpanError, match="integers"):
        check_span("abc", True, 2)


def test_crlf_remap_keeps_spans_on_their_characters() -> None:
    raw = "Putin\r\nberkata\rya\r\n"
    text, mapping = remap_crlf(raw)
    assert text == "Putin\nberkata\nya\n"
    start, end = remap_span(mapping, raw.index("berkata"), raw.index("berkata") + 7)
    assert text[start:end] == "berkata"
    start, end = remap_span(mapping, 0, len(raw))
    assert text[start:end] == text
