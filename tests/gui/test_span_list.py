"""The span list shows what the user has in hand: exactly one highlighted row, the span in
hand, after adding, walking, deleting, undoing and redoing by keys; and the status bar says
what an undo or redo did. The rows are checked as painted, not only as selected in the
model: the table repaints only what it is told changed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QImage, QPainter, QPalette, QRegion
from PySide6.QtWidgets import QWidget

from annotator.gui.main_window import MainWindow
from tests.gui.conftest import SeedCorpus
from tests.gui.util import click_text, find, open_emoji, select_text, settled

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


class Screen(QObject):
    """What a widget shows on screen: its first full picture, then only the parts it
    repaints (as a real screen keeps every pixel nobody repainted)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.widget = widget
        self.dirty = QRegion()
        self.image: QImage = widget.grab().toImage()
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.dirty = self.dirty.united(event.region())  # type: ignore[attr-defined]
        return False

    def now(self) -> QImage:
        self.widget.removeEventFilter(self)  # grabbing paints the whole widget once more
        fresh = self.widget.grab().toImage()
        self.widget.installEventFilter(self)
        if fresh.size() != self.image.size():
            self.image = fresh
        else:
            painter = QPainter(self.image)
            painter.setClipRegion(self.dirty)
            painter.drawImage(0, 0, fresh)
            painter.end()
        self.dirty = QRegion()
        return self.image


def shown_rows(window: MainWindow, screen: Screen) -> list[int]:
    """Rows painted in the highlight colour (sampled right of the text, in the Text column)."""
    view = window.span_panel.view
    model = window.span_panel.model
    image = screen.now()
    highlight = view.palette().color(QPalette.ColorRole.Highlight).name()
    rows = []
    for row in range(model.rowCount()):
        rect = view.visualRect(model.index(row, model.TEXT))
        if not rect.isValid() or rect.bottom() >= image.height():
            continue
        if image.pixelColor(rect.right() - 3, rect.center().y()).name() == highlight:
            rows.append(row)
    return rows


def check_one_row(window: MainWindow, screen: Screen, qtbot: Any, step: str) -> None:
    settled(qtbot, window)
    qtbot.wait(30)  # the repaint
    view = window.span_panel.view
    model = window.span_panel.model
    current = window.labelling.current
    expected = [] if current is None else [model.row_of(current)]
    selected = sorted({i.row() for i in view.selectionModel().selectedIndexes()})
    assert selected == expected, step
    assert shown_rows(window, screen) == expected, step
    if current is not None:
        assert window.span_panel.editor.span is not None
        assert window.span_panel.editor.span.id == current, step


def test_the_span_list_highlights_the_span_in_hand_only(
    window: MainWindow, seed_corpus: SeedCorpus, qtbot: Any
) -> None:
    window.resize(1280, 800)
    open_emoji(window, seed_corpus)
    settled(qtbot, window)
    edit = window.text_pane.text_edit
    screen = Screen(window.span_panel.view.viewport())
    for word, key in (("Menurut", Qt.Key.Key_1), ("keluarga", Qt.Key.Key_2)):
        select_text(window, *find(word))
        qtbot.keyClick(edit, key)
        check_one_row(window, screen, qtbot, f"added {word}")
    for n in range(7):  # walk every span and round again
        qtbot.keyClick(edit, Qt.Key.Key_Tab)
        check_one_row(window, screen, qtbot, f"Tab {n}")
    qtbot.keyClick(edit, Qt.Key.Key_Backtab, SHIFT)
    check_one_row(window, screen, qtbot, "Shift+Tab")
    click_text(qtbot, window, find("Bandung")[0] + 1)
    check_one_row(window, screen, qtbot, "click Bandung")
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    check_one_row(window, screen, qtbot, "Delete")
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)
    check_one_row(window, screen, qtbot, "undo")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    check_one_row(window, screen, qtbot, "Tab after undo")
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL | SHIFT)
    check_one_row(window, screen, qtbot, "redo")
    for n in range(3):
        qtbot.keyClick(edit, Qt.Key.Key_Tab)
        check_one_row(window, screen, qtbot, f"Tab {n} after redo")


def test_undo_and_redo_say_what_they_did(
    window: MainWindow, seed_corpus: SeedCorpus, qtbot: Any
) -> None:
    open_emoji(window, seed_corpus)
    edit = window.text_pane.text_edit
    select_text(window, *find("Menurut"))
    qtbot.keyClick(edit, Qt.Key.Key_1)  # PERSON
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)
    assert window.statusBar().currentMessage() == "Undid: added PERSON “Menurut”"
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL | SHIFT)
    assert window.statusBar().currentMessage() == "Redid: added PERSON “Menurut”"
    click_text(qtbot, window, find("Bandung")[0] + 1)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)
    assert window.statusBar().currentMessage() == "Undid: deleted GPE “Bandung”"
    # a relabel: Menurut (PERSON) in hand, 2 makes it ORG
    click_text(qtbot, window, find("Menurut")[0] + 1)
    qtbot.keyClick(edit, Qt.Key.Key_2)
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)
    assert window.statusBar().currentMessage() == ("Undid: relabelled “Menurut” from PERSON to ORG")
    window.commands.mark_done()
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)
    assert window.statusBar().currentMessage() == "Undid: marked done (was in progress)"


def test_a_span_added_below_the_fold_is_scrolled_into_view(
    window: MainWindow, seed_corpus: SeedCorpus, qtbot: Any
) -> None:
    """Labelling near the end of a long article: the new row (inserted, laid out later)
    is the one in hand, highlighted and in view."""
    corpus = window.corpus
    article = corpus.article_ids()[1]  # not the open one: opened below, spans and all
    text = corpus.article(article).text
    words = [m for m in text.split() if m.isalpha() and len(m) > 3]
    at = 0
    for word in words[:60]:
        start = text.index(word, at)
        at = start + len(word)
        corpus.add_span(article, window.annotator, start, at, "ORG")
    window.resize(1280, 800)
    assert window.article_list.select_article(article)
    window.text_pane.text_edit.setFocus()
    settled(qtbot, window)
    view = window.span_panel.view
    model = window.span_panel.model
    assert model.rowCount() == 60
    last = [w for w in text[at:].split() if w.isalpha() and len(w) > 3][-1]
    start = text.rindex(last)
    select_text(window, start, start + len(last), text)
    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_1)
    settled(qtbot, window)
    row = model.row_of(window.labelling.current or -1)
    assert row == 60
    assert [i.row() for i in view.selectionModel().selectedRows()] == [row]
    qtbot.waitUntil(
        lambda: view.viewport().rect().contains(view.visualRect(model.index(row, 1)).center()),
        timeout=1000,
    )
