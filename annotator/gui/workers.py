"""Background jobs with progress and cancel: one job at a time per :class:`Worker`.

A job is a plain function ``job(ctx) -> result`` that runs on a :class:`QThread`. It reports
``ctx.progress(done, total, text)`` (throttled, so a job may call it per item) and checks
``ctx.cancelled()`` between items; a job that stops because it was cancelled raises one of
the worker's ``cancel_exceptions``. The worker's signals arrive in the GUI thread:

- ``progress(done, total, text)``
- ``finished(result)``: the job returned
- ``failed(message, exception)``: the job raised; ``message`` is one readable line (or
  lines), never a traceback (unexpected exceptions are logged with theirs)
- ``cancelled()``: the job raised one of ``cancel_exceptions``

Exactly one of ``finished``, ``failed`` and ``cancelled`` follows each :meth:`Worker.start`.
The job must not touch widgets: it gets data in and hands a result back.

Database note: peewee keeps one SQLite connection per thread, so a job that reads the corpus
opens its own connection in the worker thread; it is released when the thread ends.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.05
"""Seconds between two progress signals (the first and the last always go through)."""


class Cancelled(Exception):
    """Raise from a job to stop it after :meth:`JobContext.cancelled` turned true."""


class JobContext:
    """What a running job sees: a progress reporter and the cancel flag."""

    def __init__(self, emit: Callable[[int, int, str], None], interval: float) -> None:
        self._emit = emit
        self._interval = interval
        self._flag = threading.Event()
        self._last = 0.0
        self._sent_any = False

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Report progress; at most one signal per interval, except the first and the last."""
        now = time.monotonic()
        if self._sent_any and done < total and now - self._last < self._interval:
            return
        self._sent_any = True
        self._last = now
        self._emit(done, total, text)

    def cancelled(self) -> bool:
        """True once :meth:`Worker.cancel` was called: stop soon and raise."""
        return self._flag.is_set()

    def cancel(self) -> None:
        self._flag.set()


class _Thread(QThread):
    progressed = Signal(int, int, str)
    returned = Signal(object)
    raised = Signal(object)

    def __init__(self, job: Callable[[JobContext], Any], interval: float) -> None:
        super().__init__()
        self._job = job
        self.ctx = JobContext(self.progressed.emit, interval)

    def run(self) -> None:
        try:
            result = self._job(self.ctx)
        except Exception as exc:
            self.raised.emit(exc)
        else:
            self.returned.emit(result)


def message_of(exc: BaseException) -> str:
    """A readable message for an exception: its text, or its type when it has none."""
    text = str(exc).strip()
    return text or type(exc).__name__


class Worker(QObject):
    """Runs one job at a time on a background thread; see the module docstring."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str, object)
    cancelled = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        cancel_exceptions: tuple[type[BaseException], ...] = (),
        expected_exceptions: tuple[type[BaseException], ...] = (),
        interval: float = PROGRESS_INTERVAL,
    ) -> None:
        """``cancel_exceptions`` (besides :class:`Cancelled`) mean the job was cancelled;
        ``expected_exceptions`` are failures the user caused or can fix (not logged as bugs)."""
        super().__init__(parent)
        self.cancel_exceptions: tuple[type[BaseException], ...] = (
            Cancelled,
            *cancel_exceptions,
        )
        self.expected_exceptions = expected_exceptions
        self.interval = interval
        self._thread: _Thread | None = None
        self._running = False

    def is_running(self) -> bool:
        """A job was started and its outcome has not been signalled yet."""
        return self._running

    def cancel_requested(self) -> bool:
        return self._thread is not None and self._running and self._thread.ctx.cancelled()

    def start(self, job: Callable[[JobContext], Any]) -> None:
        """Run ``job(ctx)`` on a new thread. Raises RuntimeError while another job runs."""
        if self._running:
            raise RuntimeError("a job is already running")
        self._retire()
        thread = _Thread(job, self.interval)
        thread.progressed.connect(self._on_progress)
        thread.returned.connect(self._on_returned)
        thread.raised.connect(self._on_raised)
        self._thread = thread
        self._running = True
        thread.start()

    def cancel(self) -> None:
        """Ask the running job to stop (it checks the flag between items)."""
        if self._thread is not None and self._running:
            self._thread.ctx.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the job's thread has ended (its signals may still be queued)."""
        if self._thread is None:
            return True
        return self._thread.wait() if msecs < 0 else self._thread.wait(msecs)

    def shutdown(self, msecs: int = 10_000) -> bool:
        """Cancel the job, if any, and wait for its thread; True when it has ended."""
        self.cancel()
        return self.wait(msecs)

    # ------------------------------------------------------------ from the job's thread
    def _on_progress(self, done: int, total: int, text: str) -> None:
        if self._running and self.sender() is self._thread:
            self.progress.emit(done, total, text)

    def _on_returned(self, result: object) -> None:
        if self.sender() is not self._thread:
            return
        self._running = False
        self.finished.emit(result)

    def _on_raised(self, exc: BaseException) -> None:
        if self.sender() is not self._thread:
            return
        self._running = False
        if isinstance(exc, self.cancel_exceptions):
            self.cancelled.emit()
            return
        if not isinstance(exc, self.expected_exceptions):
            log.error("background job failed", exc_info=(type(exc), exc, exc.__traceback__))
        self.failed.emit(message_of(exc), exc)

    def _retire(self) -> None:
        """Let go of the last job's (ended or ending) thread."""
        old, self._thread = self._thread, None
        if old is not None:
            old.wait()
            old.deleteLater()
