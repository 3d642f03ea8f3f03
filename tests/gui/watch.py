"""A watch on modal dialogs in GUI tests: one left up is closed, and said.

A modal dialog's ``exec()`` is an event loop in Qt where no Python runs unless an event calls
it, so neither pytest-timeout's alarm nor the test's own waits can end a test stuck there:
one dialog nobody answers (it showed later than the test looked for it, or an error dialog
came up) would hold the whole run until CI kills it. The watch is a timer, and timers fire
inside that loop too.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog


class ModalWatch:
    """Every ``every_ms``, look at the active modal widget; one that has been up for more
    than ``limit`` seconds is closed (a dialog rejected) and named in :attr:`stuck`."""

    def __init__(self, limit: float, every_ms: int = 500) -> None:
        self.limit = limit
        self.stuck: list[str] = []
        self._since: tuple[object, float] | None = None
        self._timer = QTimer()
        self._timer.timeout.connect(self._look)
        self._timer.start(every_ms)

    def stop(self) -> None:
        self._timer.stop()

    def _look(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            self._since = None
            return
        if self._since is None or self._since[0] is not widget:
            self._since = (widget, time.monotonic())
            return
        if time.monotonic() - self._since[1] <= self.limit:
            return
        self.stuck.append(f"{type(widget).__name__} {widget.windowTitle()!r}")
        self._since = None
        if isinstance(widget, QDialog):
            widget.done(QDialog.DialogCode.Rejected)
        else:
            widget.close()
