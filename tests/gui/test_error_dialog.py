"""The unexpected-error dialog is opened, not run: the event loop goes on behind it (ADR 0045)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QTimer

from annotator.gui import errors
from annotator.gui.main_window import MainWindow


def _report(reporter: errors.ErrorReporter, text: str) -> None:
    try:
        raise RuntimeError(text)
    except RuntimeError as exc:
        reporter.handle(type(exc), exc, exc.__traceback__)


def test_the_error_dialog_leaves_the_event_loop_running(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    reporter = errors.ErrorReporter()
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    try:
        _report(reporter, "first")
        qtbot.waitUntil(lambda: reporter.last_box is not None and reporter.last_box.isVisible())
        box = reporter.last_box
        assert box is not None and "RuntimeError: first" in box.informativeText()
        # The window's own events go on while the box is up, here as in the app.
        before = len(ticks)
        qtbot.waitUntil(lambda: len(ticks) > before + 3)
        _report(reporter, "second")  # one box at a time: the second is only in the log
        qtbot.wait(50)
        assert reporter.last_box is box and "first" in box.informativeText()
        box.accept()  # closed: deleted later, by the event loop
        assert not reporter.showing and reporter.last_box is None
        reporter._show("RuntimeError: third", "")  # the next error gets a box again, at once
        third = reporter.last_box
        assert third is not None and third is not box and "third" in third.informativeText()
        # The first box is deleted after the third shows: the third is still the one up.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert not shiboken6.isValid(box)
        assert reporter.last_box is third and reporter.showing
        _report(reporter, "fourth")
        qtbot.wait(50)
        assert reporter.last_box is third
        third.accept()
    finally:
        timer.stop()
