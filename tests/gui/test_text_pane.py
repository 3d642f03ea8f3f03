"""The text pane: highlights sit at the right UTF-16 positions, after emoji, flags and ZWJ."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor

from annotator.core.model import ArticleDraft, Span, SpanDraft
from annotator.gui.main_window import MainWindow
from annotator.gui.text_pane import (
    CLAIM_ALPHA,
    ENTITY_ALPHA,
    OTHER_UNDERLINE,
    TextPane,
    over,
    pieces,
)
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


def test_pieces_match_a_character_by_character_reading() -> None:
    """Lone spans take a short cut past the sweep: on random sets (nested, touching, crossing,
    lone, others' spans among mine) the pieces are still exactly the runs of characters
    covered by the same spans, outermost first."""
    import random

    rng = random.Random(7)
    order = lambda s: (s.start, -s.end, s.id)  # noqa: E731
    for _ in range(400):
        spans, others = [], []
        for sid in range(1, rng.randint(1, 12)):
            start = rng.randrange(0, 60)
            span = _span(
                sid, start, start + rng.randint(1, 15), rng.choice(["claim", "entity"]), "X"
            )
            (others if rng.random() < 0.3 else spans).append(span)
        everyone = sorted(spans + others, key=order)
        expected: list[tuple[int, int, tuple[Span, ...]]] = []
        for pos in range(80):
            cover = tuple(s for s in everyone if s.start <= pos < s.end)
            if expected and expected[-1][1] == pos and expected[-1][2] == cover:
                expected[-1] = (expected[-1][0], pos + 1, cover)
            elif cover:
                expected.append((pos, pos + 1, cover))
        got = pieces(rng.sample(spans, len(spans)), others)
        assert [(p.start, p.end) for p in got] == [(a, b) for a, b, _ in expected]
        for piece, (_, _, cover) in zip(got, expected, strict=True):
            assert piece.claims == tuple(s for s in cover if s in spans and s.layer == "claim")
            assert piece.entities == tuple(s for s in cover if s in spans and s.layer == "entity")
            assert piece.others == tuple(s for s in cover if s in others)


def _long_article(corpus: Corpus, paragraphs: int = 400, sep: str = "\n") -> tuple[int, str]:
    """An article far longer than a screen, with an emoji and a PERSON span per paragraph
    (``sep`` " ": all of it one paragraph)."""
    para = "Menurut 😀 Anies Baswedan, kota itu aman dan tertib sekali hari ini."
    text = sep.join(f"{n}. {para}" for n in range(paragraphs))
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


def _painted(pane: TextPane, text: str, start: int, end: int) -> tuple[str, dict[str, str]]:
    """What the view shows on ``text[start:end]`` (code points, on one line), from a grab of
    it: the colour its box is painted in (the tint, or the base) and the lines in a label's
    colour drawn under it, colour -> "solid" or "dotted"."""
    labels = {QColor(label.color).name() for label in pane.schema.labels}
    edit = pane.text_edit
    image = edit.viewport().grab().toImage()
    cursor = QTextCursor(edit.document())
    cursor.setPosition(_utf16(text, start))
    box = edit.cursorRect(cursor)
    cursor.setPosition(_utf16(text, end))
    right = edit.cursorRect(cursor)
    assert right.top() == box.top() and right.left() - box.left() > 12, "one line, wide enough"
    xs = range(box.left() + 2, right.left() - 2)
    rows = [image.pixelColor(x, y).name() for x in xs for y in (box.top() + 1, box.top() + 2)]
    tint = Counter(rows).most_common(1)[0][0]
    lines: dict[str, str] = {}
    for y in range(box.top() + box.height() // 2, box.bottom() + 8):
        row = [image.pixelColor(x, y).name() for x in xs]
        for colour, count in Counter(row).items():
            share = count / len(row)
            if colour in labels and share >= 0.9:
                lines[colour] = "solid"
            elif colour in labels and 0.2 <= share <= 0.7 and colour not in lines:
                lines[colour] = "dotted"
    return tint, lines


def _underlined(window: MainWindow, text: str, cp: int) -> bool:
    fmt = window.text_pane.char_format_at(_utf16(text, cp))
    return fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.SingleUnderline


def _colours(corpus: Corpus, pane: TextPane) -> tuple[dict[str, QColor], QColor]:
    base = pane.text_edit.palette().color(QPalette.ColorRole.Base)
    return {label.name: QColor(label.color) for label in corpus.schema.labels}, base


@pytest.mark.parametrize("sep", ["\n", " "], ids=["paragraphs", "one-paragraph"])
def test_spans_are_painted_where_they_are_even_far_down_a_long_article(
    window: MainWindow, open_corpus: Corpus, sep: str
) -> None:
    """The highlights are painted with the text they lie on: on opening, and wherever the
    view is scrolled to, with nothing left to draw later; an edit repaints its stretch."""
    article_id, text = _long_article(open_corpus, sep=sep)
    starts = _find_all(text, "Anies Baswedan")
    pane = window.text_pane
    color, base = _colours(open_corpus, pane)
    tint = over(color["PERSON"], ENTITY_ALPHA, base).name()
    window.show_article(article_id)
    assert _painted(pane, text, starts[0], starts[0] + 5) == (
        tint,
        {color["PERSON"].name(): "solid"},
    )
    assert _painted(pane, text, starts[0] - 8, starts[0] - 3) == (base.name(), {})  # "Menurut"
    last = window.labelling.mine[-1]
    window.labelling.set_current(last.id)  # Tab walked to the end: the view scrolls there
    assert pane.text_edit.verticalScrollBar().value() > 0
    at = starts[-2]  # the last but one (the last is selected: painted as the selection)
    assert _painted(pane, text, at, at + 5) == (tint, {color["PERSON"].name(): "solid"})
    window.labelling.delete(window.labelling.mine[-2].id)
    assert _painted(pane, text, at, at + 5) == (base.name(), {})
    assert not _underlined(window, text, at) and _underlined(window, text, starts[-3])


def test_another_annotators_span_under_one_of_mine_stays_visible(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    """Blind mode off: where bob labelled the same stretch as one of my entities, my tint and
    underline stay and bob's dotted line is drawn below mine, in his label's colour."""
    start, end = EMOJI_TEXT.index("Anies Baswedan"), EMOJI_TEXT.index("Anies Baswedan") + 14
    open_corpus.add_span(seed_corpus.emoji_id, "bob", start, end, "ORG")
    claim = EMOJI_TEXT.index("Jakarta aman")  # inside my claim, on none of my entities
    open_corpus.add_span(seed_corpus.emoji_id, "bob", claim + 8, claim + 12, "LOC")  # "aman"
    _open_emoji(window, seed_corpus)
    pane = window.text_pane
    color, base = _colours(open_corpus, pane)
    person, org, loc = (color[k].name() for k in ("PERSON", "ORG", "LOC"))
    tint = over(color["PERSON"], ENTITY_ALPHA, base).name()
    assert _painted(pane, EMOJI_TEXT, start, start + 5) == (tint, {person: "solid"})  # blind

    window.action_by_name["blind_mode"].trigger()
    assert not window.labelling.blind
    shown, lines = _painted(pane, EMOJI_TEXT, start, start + 5)
    assert (shown, lines) == (tint, {person: "solid", org: "dotted"})
    fmt = pane.char_format_at(_utf16(EMOJI_TEXT, start))
    assert fmt.underlineColor().name() == person
    assert fmt.property(OTHER_UNDERLINE).name() == org
    # On my claim only (a tint, no underline of mine): bob's dotted line, my claim's tint.
    claim_tint = over(color["CLAIM"], CLAIM_ALPHA, base).name()
    assert _painted(pane, EMOJI_TEXT, claim + 8, claim + 12) == (claim_tint, {loc: "dotted"})
