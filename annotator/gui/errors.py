"""Unexpected errors in the GUI: logged with their traceback, shown in a dialog, survived.

Without this, an exception raised in a slot is printed to a terminal nobody watches (or, in
newer PySide versions, ends the process). :func:`install` routes ``sys.excepthook`` and
``threading.excepthook`` here: the traceback goes to the log file, and a message box says
what happened and where the log is. The window keeps running; every edit made so far was
committed to the corpus when it was made, so nothing is lost.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from annotator.logs import log_file, mask_secrets

log = logging.getLogger("annotator.gui")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class ErrorReporter(QObject):
    """Shows the error dialog in the GUI thread, one at a time.

    The dialog is opened, not run: :meth:`_show` returns at once and the window goes on
    (``QMessageBox.open``, window-modal). A nested event loop (``exec``) inside a queued slot
    would run every other event from within the slot that hit the error, and with nobody
    there to answer (a test, a window behind another) it would never return."""

    reported = Signal(str, str)  # summary, details

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.showing = False
        self.last_box: QMessageBox | None = None
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def handle(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        log.error("unexpected error", exc_info=(kind, error, tb))
        summary = mask_secrets("".join(traceback.format_exception_only(kind, error)).strip())
        details = mask_secrets("".join(traceback.format_exception(kind, error, tb)))
        self.reported.emit(summary, details)

    def _show(self, summary: str, details: str) -> None:
        if self.showing:  # one dialog at a time; the rest are in the log
            return
        parent = QApplication.activeWindow()
        box = QMessageBox(parent if isinstance(parent, QWidget) else None)
        box.setObjectName("errorDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Something went wrong"))
        box.setText(
            self.tr(
                "Annotator ran into an unexpected error. Your work is safe: every edit "
                "was saved when you made it, and you can carry on."
            )
        )
        box.setInformativeText(
            self.tr("{summary}\n\nThe details are in the log file:\n{path}").format(
                summary=summary, path=log_file()
            )
        )
        box.setDetailedText(details)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.finished.connect(lambda _result, box=box: self._closed(box))
        box.destroyed.connect(lambda _obj, box=box: self._closed(box))  # its window went first
        self.showing = True
        self.last_box = box
        box.open()

    def _closed(self, box: QMessageBox) -> None:
        if self.last_box is box:  # (a box closed earlier is deleted later, maybe after the next)
            self.showing = False
            self.last_box = None


_reporter: ErrorReporter | None = None


def reporter() -> ErrorReporter | None:
    return _reporter


def install(app: QApplication) -> ErrorReporter:
    """Route uncaught exceptions (GUI thread and others) to the log and the error dialog."""
    global _reporter
    if _reporter is None:
        _reporter = ErrorReporter(app)
    current = _reporter
    sys.excepthook = current.handle

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            current.handle(args.exc_type, args.exc_value, args.exc_traceback)

    threading.excepthook = thread_hook
    return current
