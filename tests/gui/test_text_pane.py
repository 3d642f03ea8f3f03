"""The text pane: highlights sit at the right UTF-16 positions, after emoji, flags and ZWJ."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette, QTextCharFormat

from annotator.core.model import ArticleDraft, Span, SpanDraft
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


def _long_article(corpus: Corpus, paragraphs: int = 400) -> tuple[int, str]:
    """An article far longer than a screen, with an emoji and a PERSON span per paragraph."""
    para = "Menurut 😀 Anies Baswedan, kota itu aman dan tertib sekali hari ini."
    text = "\n".join(f"{n}. {para}" for n in range(paragraphs))
    name = "Anies Baswedan"
    drafts = [
        SpanDraft(key=f"s{n}", start=m, end=m + len(name), label="PERSON", text=name)
        for n, m in enumerate(_find_all(text, name))
    ]
    (article_id,) = corpus.import_drafts(
        [
            ArticleDraft(
                text=text,
                title="Long",
                external_id="long",
                source="test",
                language="id",
                annotator=ANNOTATOR,
                spans=drafts,
            )
        ],
        origin="long",
        detect_language=False,
    ).article_ids
    return article_id, text


def _find_all(text: str, needle: str) -> list[int]:
    out, at = [], text.find(needle)
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + 1)
    return out


def _underlined(window: MainWindow, text: str, cp: int) -> bool:
    fmt = window.text_pane.char_format_at(_utf16(text, cp))
    return fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline


def test_a_long_article_is_highlighted_first_screen_first_then_whole(
    window: MainWindow, open_corpus: Corpus, qtbot
) -> None:
    article_id, text = _long_article(open_corpus)
    starts = _find_all(text, "Anies Baswedan")
    pane = window.text_pane
    window.show_article(article_id)
    # Before any event: the first screen carries its spans, the end of the text not yet.
    assert not pane.highlight_complete
    assert _underlined(window, text, starts[0]) and _underlined(window, text, starts[1])
    assert not _underlined(window, text, starts[-1])
    last = window.labelling.mine[-1]
    window.labelling.set_current(last.id)  # Tab-walked to the end before the pass ran
    with qtbot.waitSignal(pane.highlighted, timeout=2000):
        pass  # the pass runs after the first paint (or its fallback timer)
    assert pane.highlight_complete
    assert pane.selection() == (last.start, last.end)  # the pass kept the selection
    assert all(_underlined(window, text, s) for s in starts)
    assert not _underlined(window, text, starts[-1] - 1)  # only the span's characters


def test_an_edit_or_another_article_settles_a_pending_pass(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    article_id, text = _long_article(open_corpus)
    starts = _find_all(text, "Anies Baswedan")
    pane = window.text_pane
    window.show_article(article_id)
    assert not pane.highlight_complete
    # An edit before the pass ran: the pass is finished first, then the edit drawn.
    window.labelling.delete(window.labelling.mine[-1].id)
    assert pane.highlight_complete
    assert not _underlined(window, text, starts[-1])
    assert _underlined(window, text, starts[-2])
    # Another article while a pass is pending: the pass is dropped, never drawn on it.
    window.current_article_id = None
    window.show_article(article_id)
    assert not pane.highlight_complete
    window.show_article(seed_corpus.emoji_id)
    assert pane.highlight_complete  # a short article is drawn whole at once
    qtbot.wait(150)  # past the fallback timer: nothing left to run
    assert pane.article is not None and pane.article.id == seed_corpus.emoji_id
