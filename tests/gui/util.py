"""Helpers for driving the labelling workspace: selections by UTF-16 position, clicks on text,
and a second sqlite3 connection that sees what another process would."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QWidget

from annotator.gui.main_window import MainWindow
from tests.gui.conftest import EMOJI_TEXT, SeedCorpus


def utf16(text: str, cp: int) -> int:
    """UTF-16 position of code point ``cp``, computed without Utf16Map."""
    return len(text[:cp].encode("utf-16-le")) // 2


def find(needle: str, text: str = EMOJI_TEXT) -> tuple[int, int]:
    """Code-point range of the first occurrence of ``needle``."""
    start = text.index(needle)
    return start, start + len(needle)


def open_emoji(window: MainWindow, seed_corpus: SeedCorpus) -> None:
    assert window.article_list.select_article(seed_corpus.emoji_id)
    assert window.current_article_id == seed_corpus.emoji_id
    window.text_pane.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)


def select_utf16(window: MainWindow, start16: int, end16: int) -> None:
    """Select in the text pane by raw UTF-16 positions, as a user's drag would."""
    edit = window.text_pane.text_edit
    cursor = QTextCursor(edit.document())
    cursor.setPosition(start16)
    cursor.setPosition(end16, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)


def select_text(window: MainWindow, start: int, end: int, text: str = EMOJI_TEXT) -> None:
    select_utf16(window, utf16(text, start), utf16(text, end))


def point_of(window: MainWindow, cp: int, text: str = EMOJI_TEXT) -> QPoint:
    """A viewport point inside the character at code point ``cp``."""
    edit = window.text_pane.text_edit
    cursor = QTextCursor(edit.document())
    left = edit.cursorRect(_at(cursor, utf16(text, cp)))
    right = edit.cursorRect(_at(QTextCursor(edit.document()), utf16(text, cp + 1)))
    return QPoint((left.left() + right.left()) // 2, left.center().y())


def _at(cursor: QTextCursor, pos: int) -> QTextCursor:
    cursor.setPosition(pos)
    return cursor


def click_text(qtbot: Any, window: MainWindow, cp: int, text: str = EMOJI_TEXT) -> None:
    edit = window.text_pane.text_edit
    qtbot.mouseClick(edit.viewport(), Qt.MouseButton.LeftButton, pos=point_of(window, cp, text))


def db_rows(path: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    """Rows as a second connection sees them (what another process would read)."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.execute(sql, args))
    finally:
        conn.close()


def spans_in_db(path: Path, article_id: int, annotator: str = "alice") -> set[tuple[Any, ...]]:
    return set(
        db_rows(
            path,
            'SELECT s.start, s."end", s.label, s.text FROM span s JOIN annotator a '
            "ON a.id = s.annotator_id WHERE s.article_id = ? AND a.name = ?",
            article_id,
            annotator,
        )
    )


def settled(qtbot: Any, window: MainWindow) -> None:
    """Wait for the pass that follows the text view's paint after an edit (span panel rows
    and form, the list row, the progress count)."""
    qtbot.waitUntil(lambda: not window.labelling.later_pending, timeout=2000)


D = TypeVar("D", bound=QWidget)


def answer_modal(kind: type[D], act: Callable[[D], None], *, within: float = 60.0) -> list[D]:
    """When a modal ``kind`` dialog shows, run ``act`` on it; returns the dialogs answered.

    It looks every 10 ms for ``within`` seconds: a dialog that shows later would wait in its
    ``exec()`` for an answer that never comes, and a test would hang where no timeout can
    reach it (no Python runs in that loop), so the window is wide for a slow machine."""
    answered: list[D] = []
    deadline = time.monotonic() + within

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            answered.append(widget)
            act(widget)
        elif time.monotonic() < deadline:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return answered
