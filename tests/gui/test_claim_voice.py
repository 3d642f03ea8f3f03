"""Claims that say who speaks and numbers shown as values (issue 16), through the real widgets:
an attributed claim with no speaker is unfinished work the span panel and Review show; an
unattributed one is the outlet's own voice; QUANTITY spans and claims show their values on
hover and in the span panel."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QComboBox, QToolTip

from annotator.core.model import Status
from annotator.gui import i18n
from annotator.gui.main_window import MainWindow
from annotator.store.corpus import Corpus
from tests.gui.conftest import ANNOTATOR, SeedCorpus
from tests.gui.util import click_text, find, open_emoji, point_of, select_text, settled


def _claim_row(window: MainWindow) -> int:
    model = window.span_panel.model
    for row in range(model.rowCount()):
        if model.span_at(row).label == "CLAIM":
            return row
    raise AssertionError("no claim")


def test_a_claim_without_a_speaker_is_unfinished_and_unattributed_is_the_outlets_voice(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    open_emoji(window, seed_corpus)
    settled(qtbot, window)
    panel = window.span_panel
    model = panel.model
    speaker = model.index(_claim_row(window), model.SPEAKER)
    assert speaker.data() == "⚠ no speaker yet"
    assert panel.count_label.text() == "4 spans of yours, 1 claim without a speaker"
    i18n.apply_language("id")  # the cell's words follow the language of the moment
    assert speaker.data() == "⚠ belum ada pembicara"
    i18n.apply_language("en")
    # the claim in hand: its form says so
    click_text(qtbot, window, find("aman")[0])
    settled(qtbot, window)
    assert "no speaker yet" in panel.editor.links["SAID_BY"].text()

    # attribution "unattributed", chosen by keys in the form: the outlet's own voice
    combo = panel.editor.editors["attribution"]
    assert isinstance(combo, QComboBox)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)
    (claim,) = [s for s in open_corpus.spans(seed_corpus.emoji_id, ANNOTATOR) if s.label == "CLAIM"]
    assert claim.attributes["attribution"] == "unattributed"
    settled(qtbot, window)
    assert speaker.data() == "outlet's own voice"
    assert panel.count_label.text() == "4 spans of yours"
    assert "outlet's own voice" in panel.editor.links["SAID_BY"].text()

    # linked to a speaker all the same: it contradicts itself, unfinished again
    window.text_pane.text_edit.setFocus()
    click_text(qtbot, window, find("aman")[0])
    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_S)
    click_text(qtbot, window, find("Baswedan")[0])
    assert len(open_corpus.relations(seed_corpus.emoji_id, ANNOTATOR)) == 1
    settled(qtbot, window)
    assert speaker.data() == "⚠ unattributed, yet said by Anies Baswedan"
    assert panel.count_label.text() == "4 spans of yours, 1 claim without a speaker"

    # attributed (paraphrase) with its speaker: finished
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # indirect_quote
    settled(qtbot, window)
    assert speaker.data() == "Anies Baswedan"
    assert panel.count_label.text() == "4 spans of yours"


def test_review_says_which_claims_have_no_speaker(qtbot, seed_corpus: SeedCorpus) -> None:  # type: ignore[no-untyped-def]
    """alice's claim has no speaker, bob's same claim has one: Review lists the speaker
    disagreement with alice's claim unfinished, and its status line counts it."""
    corpus = Corpus.open(seed_corpus.path, tooling="GUI tests read everyone's labels")
    art = seed_corpus.emoji_id
    for span in corpus.spans(art, ANNOTATOR):
        corpus.add_span(art, "bob", span.start, span.end, span.label)
    bob = {s.label: s.id for s in corpus.spans(art, "bob")}
    corpus.add_relation(bob["CLAIM"], bob["PERSON"], "SAID_BY", "bob")
    for who in (ANNOTATOR, "bob"):
        corpus.set_status(art, who, Status.DONE)
    win = MainWindow(corpus, "rev")
    qtbot.addWidget(win)
    win.remember_layout = False
    win.show()
    qtbot.waitExposed(win)
    win.select_first()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)  # shortcuts need the window active
    assert win.article_list.select_article(art)
    qtbot.keyClick(win.article_list.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    review = win.review
    assert review is not None and review.annotators == ["alice", "bob"]
    assert "1 claim without a speaker (alice)" in review.status_label.text()
    kinds = [review.table.item(r, 1).text() for r in range(review.table.rowCount())]
    assert any("no speaker yet: alice" in k for k in kinds), kinds
    win.close()
    corpus.close()


def test_numbers_show_their_values_on_hover_and_in_the_span_panel(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    first = open_corpus.article_ids()[0]
    text = open_corpus.article_text(first)
    assert window.article_list.select_article(first)
    edit = window.text_pane.text_edit
    edit.setFocus()
    start, end = find("20 ribu hingga 30 ribu", text)
    select_text(window, start, end, text)
    qtbot.keyClick(edit, Qt.Key.Key_7)  # QUANTITY
    (q,) = [s for s in open_corpus.spans(first, ANNOTATOR) if s.label == "QUANTITY"]
    assert q.text == "20 ribu hingga 30 ribu"
    settled(qtbot, window)
    assert window.span_panel.editor.heading.text() == "“20 ribu hingga 30 ribu”\nValues: 20–30 ribu"
    viewport = edit.viewport()
    point = point_of(window, start + 3, text)
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    )
    assert QToolTip.isVisible() and "values: 20–30 ribu" in QToolTip.text()
    # a claim shows the values it states; a span of another label none
    row = window.span_panel.model.row_of(q.id)
    assert row is not None
    tip = window.span_panel.model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "values: 20–30 ribu" in tip
    sentence = text[text.rindex("\n", 0, start) + 1 : text.index(",", end)]
    select_text(window, text.index(sentence), text.index(sentence) + len(sentence), text)
    qtbot.keyClick(edit, Qt.Key.Key_9)  # CLAIM
    settled(qtbot, window)
    assert window.span_panel.editor.heading.text().endswith("\nValues: 20–30 ribu")
    select_text(window, *find("Korea Utara", text), text)
    qtbot.keyClick(edit, Qt.Key.Key_3)  # GPE
    settled(qtbot, window)
    assert "Values" not in window.span_panel.editor.heading.text()
