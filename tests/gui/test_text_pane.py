"""The text pane: highlights sit at the right UTF-16 positions, after emoji, flags and ZWJ."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette, QTextCharFormat

from annotator.core.model import Span
from annotator.gui.main_window import MainWindow
from annotator.gui.text_pane import CLAIM_ALPHA, ENTITY_ALPHA, over, pieces
from annotator.store.corpus import Corpus
from tests.gui.conftest import ANNOTATOR, EMOJI_TEXT, SeedCorpus


def _utf16(text: str, cp: int) -> int:
    """UTF-16 position of code point ``cp``, computed without Utf16Map."""
    return len(text[:cp].encode("utf-16-le")) // 2


def _open_emoji(window: MainWindow, seed_corpus: SeedCorpus) -> None:
    assert window.article_list.select_article(seed_corpus.emoji_id)
    assert window.current_article_id == seed_corpus.emoji_id


def test_highlights_sit_on_the_span_characters_after_emoji(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus
) -> None:
    _open_emoji(window, seed_corpus)
    pane = window.text_pane
    doc = pane.text_edit.document()
    base = pane.text_edit.palette().color(QPalette.ColorRole.Base)
    schema = open_corpus.schema
    color = {label.name: QColor(label.color) for label in schema.labels}
    claim_bg = over(color["CLAIM"], CLAIM_ALPHA, base)
    spans = {s.text: s for s in open_corpus.spans(seed_corpus.emoji_id, ANNOTATOR)}
    assert len(spans) == 4

    expected = {
        "Anies Baswedan": (over(color["PERSON"], ENTITY_ALPHA, base), color["PERSON"]),
        "bahwa Jakarta aman 🎉 dan Bandung juga": (claim_bg, None),
        "Jakarta": (over(color["GPE"], ENTITY_ALPHA, claim_bg), color["GPE"]),
        "Bandung": (over(color["GPE"], ENTITY_ALPHA, claim_bg), color["GPE"]),
    }
    for text, (background, underline) in expected.items():
        span = spans[text]
        first, last = _utf16(EMOJI_TEXT, span.start), _utf16(EMOJI_TEXT, span.end) - 1
        assert first > span.start  # astral characters come before: positions differ
        assert pane.utf16_map.to_utf16(span.start) == first
        assert doc.characterAt(first) == EMOJI_TEXT[span.start], text
        for pos in (first, last):
            fmt = pane.char_format_at(pos)
            assert fmt.background().color() == background, (text, pos)
            if underline is None:
                assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline
            else:
                assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline
                assert fmt.underlineColor() == underline, text

    # Just outside: the character before a span and after it carry no highlight of it.
    person = spans["Anies Baswedan"]
    for pos in (_utf16(EMOJI_TEXT, person.start) - 1, _utf16(EMOJI_TEXT, person.end)):
        fmt = pane.char_format_at(pos)
        assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline
        assert fmt.background().color() != over(color["PERSON"], ENTITY_ALPHA, base)
    before_claim = pane.char_format_at(_utf16(EMOJI_TEXT, spans["Jakarta"].start) - 1)
    assert before_claim.background().color() == claim_bg  # claim tint around the entity


def test_the_document_holds_the_store_text_unit_for_unit(
    window: MainWindow, seed_corpus: SeedCorpus
) -> None:
    _open_emoji(window, seed_corpus)
    doc = window.text_pane.text_edit.document()
    units = EMOJI_TEXT.encode("utf-16-le")
    assert doc.characterCount() == len(units) // 2 + 1  # + the final paragraph separator
    nbsp = EMOJI_TEXT.index("\u00a0")
    assert doc.characterAt(_utf16(EMOJI_TEXT, nbsp)) == "\u00a0"
    assert window.text_pane.utf16_map.utf16_length == len(units) // 2


def _span(sid: int, start: int, end: int, layer: str, label: str) -> Span:
    return Span(sid, 1, "a", start, end, label, layer, "x" * (end - start))


def test_pieces_cut_at_every_boundary_outermost_first() -> None:
    claim = _span(1, 0, 10, "claim", "CLAIM")
    outer = _span(2, 2, 8, "entity", "ORG")
    inner = _span(3, 4, 6, "entity", "PERSON")
    cut = pieces([inner, claim, outer])
    assert [(p.start, p.end) for p in cut] == [(0, 2), (2, 4), (4, 6), (6, 8), (8, 10)]
    assert [p.claims for p in cut] == [(claim,)] * 5
    assert cut[2].entities == (outer, inner)  # innermost last: its underline wins
    assert cut[0].entities == () and cut[4].entities == ()
    gap = pieces([_span(1, 0, 2, "entity", "ORG"), _span(2, 5, 7, "entity", "ORG")])
    assert [(p.start, p.end) for p in gap] == [(0, 2), (5, 7)]  # no piece for the gap
