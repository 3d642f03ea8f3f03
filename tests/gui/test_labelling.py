"""Labelling by keyboard and mouse, through the real widgets, checked in the store and in the
database file through a second connection the moment the key handler returns."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent, QTextCharFormat
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.gui.main_window import MainWindow
from annotator.store.corpus import Corpus
from tests.gui.conftest import ANNOTATOR, EMOJI_TEXT, SeedCorpus
from tests.gui.util import (
    click_text,
    db_rows,
    find,
    open_emoji,
    point_of,
    select_text,
    select_utf16,
    settled,
    spans_in_db,
    utf16,
)


def _mine(corpus: Corpus, article_id: int) -> dict[str, tuple[int, int, str]]:
    return {s.text: (s.start, s.end, s.label) for s in corpus.spans(article_id, ANNOTATOR)}


def test_hotkey_labels_a_selection_holding_and_following_emoji(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    open_emoji(window, seed_corpus)
    needle = "keluarga 👩\u200d👩\u200d👧 menonton"  # after 👍 and a flag; holds a ZWJ family
    start, end = find(needle)
    assert utf16(EMOJI_TEXT, start) > start  # UTF-16 and code points differ here
    select_text(window, start, end)

    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_8)  # EVENT

    assert _mine(open_corpus, seed_corpus.emoji_id)[needle] == (start, end, "EVENT")
    assert (start, end, "EVENT", needle) in spans_in_db(seed_corpus.path, seed_corpus.emoji_id)
    # Drawn where it is: the first and last character of the span carry its underline.
    pane = window.text_pane
    for pos in (utf16(EMOJI_TEXT, start), utf16(EMOJI_TEXT, end) - 1):
        assert pane.char_format_at(pos).underlineColor().name() == "#bcbd22"
    settled(qtbot, window)  # the span panel and the list follow right after the paint
    assert window.span_panel.model.rowCount() == 5
    assert "EVENT" in window.statusBar().currentMessage()

    # A range that starts on an emoji: seven UTF-16 units more than code points before it, so
    # any mix-up of the two lands in "kata" and word snapping cannot hide it.
    start, end = find("😀, kata dia")
    assert utf16(EMOJI_TEXT, start) == start + 7
    select_text(window, start, end)
    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_7)
    assert _mine(open_corpus, seed_corpus.emoji_id)["😀, kata dia"] == (start, end, "QUANTITY")
    assert (start, end, "QUANTITY", "😀, kata dia") in spans_in_db(
        seed_corpus.path, seed_corpus.emoji_id
    )
    settled(qtbot, window)
    articles = window.article_list.model
    row = articles.row_of(seed_corpus.emoji_id)
    assert articles.index(row or 0, articles.SPANS).data() == 6  # the list row followed


def test_shift_right_selection_snaps_to_words(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    open_emoji(window, seed_corpus)
    edit = window.text_pane.text_edit
    start, _ = find("nurut Anies")  # inside "Menurut", after four astral characters
    select_utf16(window, utf16(EMOJI_TEXT, start), utf16(EMOJI_TEXT, start))
    for _ in range(3):
        qtbot.keyClick(edit, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert edit.textCursor().selectedText() == "nur"

    qtbot.keyClick(edit, Qt.Key.Key_5)  # NORP

    word_start, word_end = find("Menurut")
    assert _mine(open_corpus, seed_corpus.emoji_id)["Menurut"] == (word_start, word_end, "NORP")
    assert not edit.textCursor().hasSelection()


def test_character_mode_keeps_the_selection_but_never_splits_a_flag(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    open_emoji(window, seed_corpus)
    edit = window.text_pane.text_edit
    qtbot.keyClick(
        edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.action_by_name["character_mode"].isChecked()

    start, _ = find("nurut")
    select_text(window, start, start + 3)
    qtbot.keyClick(edit, Qt.Key.Key_5)
    assert _mine(open_corpus, seed_corpus.emoji_id)["nur"] == (start, start + 3, "NORP")

    # From between the flag's two regional indicators (a valid UTF-16 position, mid-grapheme)
    # to the middle of "keluarga": the flag comes whole, the word stays cut.
    flag, _ = find("🇮🇩")
    select_utf16(window, utf16(EMOJI_TEXT, flag + 1), utf16(EMOJI_TEXT, find("keluarga")[0] + 4))
    qtbot.keyClick(edit, Qt.Key.Key_3)
    stored = {s.text: s for s in open_corpus.spans(seed_corpus.emoji_id, ANNOTATOR)}
    assert "🇮🇩 kelu" in stored
    assert (stored["🇮🇩 kelu"].start, stored["🇮🇩 kelu"].label) == (flag, "GPE")
    # Ending between the regional indicators: the end widens to the whole flag.
    di, _ = find("Di 🇮🇩")
    select_utf16(window, utf16(EMOJI_TEXT, di), utf16(EMOJI_TEXT, flag + 1))
    qtbot.keyClick(edit, Qt.Key.Key_6)
    assert _mine(open_corpus, seed_corpus.emoji_id)["Di 🇮🇩"] == (di, flag + 2, "DATE")


def test_delete_removes_my_innermost_span_under_the_cursor(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    open_emoji(window, seed_corpus)
    start, end = find("Jakarta")
    select_text(window, start + 2, start + 2)  # the cursor inside Jakarta, inside the claim
    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_Delete)

    left = _mine(open_corpus, seed_corpus.emoji_id)
    assert "Jakarta" not in left
    assert "bahwa Jakarta aman 🎉 dan Bandung juga" in left  # the claim around it stays
    assert (start, end, "GPE", "Jakarta") not in spans_in_db(seed_corpus.path, seed_corpus.emoji_id)
    fmt = window.text_pane.char_format_at(utf16(EMOJI_TEXT, start))
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline


def test_delete_in_the_span_table_deletes_the_selected_span(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    open_emoji(window, seed_corpus)
    view = window.span_panel.view
    model = window.span_panel.model
    row = next(n for n in range(model.rowCount()) if model.span_at(n).text == "Bandung")
    view.setFocus()
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.visualRect(model.index(row, 1)).center(),
    )
    assert window.labelling.span(window.labelling.current or -1).text == "Bandung"  # type: ignore[union-attr]
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert "Bandung" not in _mine(open_corpus, seed_corpus.emoji_id)
    assert "Jakarta" in _mine(open_corpus, seed_corpus.emoji_id)


def test_tab_and_shift_tab_walk_my_spans_in_text_order(
    window: MainWindow, seed_corpus: SeedCorpus, qtbot
) -> None:
    open_emoji(window, seed_corpus)
    edit = window.text_pane.text_edit
    select_utf16(window, 0, 0)
    order = ["Anies Baswedan", "bahwa Jakarta aman 🎉 dan Bandung juga", "Jakarta", "Bandung"]
    for text in order:
        qtbot.keyClick(edit, Qt.Key.Key_Tab)
        current = window.labelling.span(window.labelling.current or -1)
        assert current is not None and current.text == text
        start, end = find(text)
        cursor = edit.textCursor()
        assert (cursor.selectionStart(), cursor.selectionEnd()) == (
            utf16(EMOJI_TEXT, start),
            utf16(EMOJI_TEXT, end),
        )
        rows = window.span_panel.view.selectionModel().selectedRows()
        assert [window.span_panel.model.span_at(r.row()).text for r in rows] == [text]
    assert edit.hasFocus()  # Tab walked spans; it did not move the focus away
    qtbot.keyClick(edit, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert window.labelling.span(window.labelling.current or -1).text == "Jakarta"  # type: ignore[union-attr]
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert window.labelling.current is None
    assert not edit.textCursor().hasSelection()


def test_clicking_a_span_selects_it_in_the_span_panel(
    window: MainWindow, seed_corpus: SeedCorpus, qtbot
) -> None:
    open_emoji(window, seed_corpus)
    click_text(qtbot, window, find("Bandung")[0] + 3)
    rows = window.span_panel.view.selectionModel().selectedRows()
    assert [window.span_panel.model.span_at(r.row()).text for r in rows] == ["Bandung"]
    assert window.span_panel.editor.heading.text() == "“Bandung”"
    click_text(qtbot, window, find("aman")[0])  # inside the claim, outside its entities
    claim = window.labelling.span(window.labelling.current or -1)
    assert claim is not None and claim.label == "CLAIM"


def test_s_then_click_links_the_claims_speaker(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    open_emoji(window, seed_corpus)
    edit = window.text_pane.text_edit
    claim_start, _ = find("bahwa Jakarta")
    click_text(qtbot, window, claim_start + 1)  # the claim in hand
    qtbot.keyClick(edit, Qt.Key.Key_S)
    assert window.labelling.link_mode == "SAID_BY"
    click_text(qtbot, window, find("Baswedan")[0])

    spans = {s.id: s for s in open_corpus.spans(seed_corpus.emoji_id, ANNOTATOR)}
    (rel,) = open_corpus.relations(seed_corpus.emoji_id, ANNOTATOR)
    assert (spans[rel.head].label, rel.label, spans[rel.child].text) == (
        "CLAIM",
        "SAID_BY",
        "Anies Baswedan",
    )
    assert db_rows(seed_corpus.path, "SELECT head_id, child_id, label FROM relation") == [
        (rel.head, rel.child, "SAID_BY")
    ]
    assert window.labelling.link_mode is None
    # Shown in the span panel (speaker column and form) and on hover.
    settled(qtbot, window)
    model = window.span_panel.model
    row = model.row_of(rel.head)
    assert row is not None
    assert model.index(row, model.SPEAKER).data() == "Anies Baswedan"
    assert "Anies Baswedan" in window.span_panel.editor.links["SAID_BY"].text()
    assert "SAID_BY → Anies Baswedan" in window.labelling.tooltip(spans[rel.head])


def test_speaker_chosen_from_the_list_and_escape_cancels_linking(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    from PySide6.QtWidgets import QMenu

    open_emoji(window, seed_corpus)
    edit = window.text_pane.text_edit
    click_text(qtbot, window, find("bahwa Jakarta")[0] + 1)
    qtbot.keyClick(edit, Qt.Key.Key_A)  # link ABOUT, then change our mind
    assert window.labelling.link_mode == "ABOUT"
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert window.labelling.link_mode is None
    click_text(qtbot, window, find("Baswedan")[0])  # a plain click now: no link
    assert open_corpus.relations(seed_corpus.emoji_id) == []

    click_text(qtbot, window, find("bahwa Jakarta")[0] + 1)
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)
    menu = window.text_pane.findChild(QMenu, "linkMenu")
    assert menu is not None
    # Only spans SAID_BY may point to (PERSON, ORG, NORP, GPE): not the claim itself.
    assert [a.text() for a in menu.actions()] == [
        "PERSON — Anies Baswedan",
        "GPE — Jakarta",
        "GPE — Bandung",
    ]
    menu.actions()[1].trigger()
    (rel,) = open_corpus.relations(seed_corpus.emoji_id, ANNOTATOR)
    assert (rel.label, open_corpus.span(rel.child).text) == ("SAID_BY", "Jakarta")


def test_hover_shows_label_annotator_attributes(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus
) -> None:
    open_emoji(window, seed_corpus)
    claim = next(s for s in open_corpus.spans(seed_corpus.emoji_id) if s.label == "CLAIM")
    tip = window.labelling.tooltip(claim)
    assert "<b>CLAIM</b>" in tip and "by alice" in tip and "attribution: paraphrase" in tip
    # A real hover: the tooltip event on the text shows the innermost span under the mouse.
    viewport = window.text_pane.text_edit.viewport()
    point = point_of(window, find("Bandung")[0] + 2)
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    )
    assert QToolTip.isVisible()
    assert "<b>GPE</b> — Bandung" in QToolTip.text()


def test_letter_and_digit_keys_type_into_the_filter_box(window: MainWindow, qtbot) -> None:
    box = window.article_list.filter_edit
    box.setFocus()
    qtbot.keyClicks(box, "Sa1")
    assert box.text() == "Sa1"
    assert window.labelling.link_mode is None
    assert window.statusBar().currentMessage() == ""
