"""The GUI tests' watch on modal dialogs (tests/gui/watch.py) ends a dialog nobody answers."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QDialog, QMessageBox

from tests.gui.watch import ModalWatch


def test_a_dialog_nobody_answers_is_closed_and_named(qapp) -> None:  # type: ignore[no-untyped-def]
    watch = ModalWatch(limit=0.3, every_ms=50)
    try:
        dialog = QDialog()
        dialog.setWindowTitle("Nobody home")
        started = time.monotonic()
        result = dialog.exec()  # would wait for ever without the watch
        took = time.monotonic() - started
    finally:
        watch.stop()
    assert result == QDialog.DialogCode.Rejected
    assert 0.3 <= took < 5
    assert watch.stuck == ["QDialog 'Nobody home'"]


def test_a_message_box_nobody_answers_is_closed(qapp) -> None:  # type: ignore[no-untyped-def]
    watch = ModalWatch(limit=0.3, every_ms=50)
    try:
        box = QMessageBox(QMessageBox.Icon.Warning, "Stuck", "No one will press OK.")
        box.exec()
    finally:
        watch.stop()
    assert watch.stuck == ["QMessageBox 'Stuck'"]


def test_a_dialog_answered_in_time_is_left_alone(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    watch = ModalWatch(limit=5, every_ms=50)
    try:
        dialog = QDialog()
        QTimer.singleShot(200, dialog.accept)
        assert dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        watch.stop()
    assert watch.stuck == []
