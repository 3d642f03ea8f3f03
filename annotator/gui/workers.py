"""What runs off the GUI thread, and how (the rule: docs/architecture.md, "Threads").

Two front ends, one mechanism (a job runs on a thread of its own; its outcome comes back as
signals queued to the GUI thread; the job never touches widgets):

- :class:`Runner`: the window's background calls (team polling and reconnects, the agreement
  dashboard's reads): jobs in order on one long-lived thread, answered by callbacks;
- :class:`Worker`: a job the user starts and may cancel, with progress (imports, exports).

Background jobs with progress and cancel: one job at a time per :class:`Worker`.

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
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

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

    def __init__(self, job: Callable[[JobContext], Any], interval: float, parent: QObject) -> None:
        super().__init__(parent)  # Qt's, not Python's: never deleted by a collection elsewhere
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
        thread = _Thread(job, self.interval, self)
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


class _Relay(QObject):
    """Carries a runner's results from its thread to the GUI thread (queued signals)."""

    returned = Signal(int, object)
    raised = Signal(int, object)


_STOP = object()


class Runner:
    """The window's background calls: jobs run one after another, in the order submitted, on
    one thread of their own, and each one's outcome comes back as a call on the GUI thread.

    ``submit(job, done, failed)`` runs ``job()`` there, then ``done(result)`` or, when it
    raised, ``failed(exception)`` here (no ``failed``: the exception is raised again here, so
    the application's error handler sees it). The thread is made on the first job and keeps
    its database connection between jobs (a poll every few seconds does not reconnect);
    :meth:`stop` ends it after the job in hand and runs ``on_thread_end`` (closing that
    connection) on it. A job must not touch widgets.
    """

    def __init__(self, name: str, *, on_thread_end: Callable[[], None] | None = None) -> None:
        self.name = name
        self._on_thread_end = on_thread_end
        self._relay: _Relay | None = None
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[Any], None] | None]] = {}
        self._next = 0

    def submit(
        self,
        job: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Queue ``job``; its outcome arrives as ``done(result)`` / ``failed(exc)``."""
        self._next += 1
        self._callbacks[self._next] = (done, failed)
        self._queue.put((self._next, job))
        if self._thread is None:
            # A relay per thread, owned by the application (Qt), not by Python: the last
            # reference to it may go on the runner's thread, and a QObject that events are
            # queued for must be deleted on the GUI thread (stop: deleteLater).
            relay = self._relay = _Relay(QCoreApplication.instance())
            relay.returned.connect(self._returned)
            relay.raised.connect(self._raised)
            self._thread = threading.Thread(
                target=self._run, args=(self._queue, relay), name=self.name, daemon=True
            )
            self._thread.start()

    def busy(self) -> bool:
        """A job was submitted and its outcome has not been handed back yet."""
        return bool(self._callbacks)

    def stop(self, timeout: float = 15.0) -> bool:
        """Drop the jobs not started, end the thread after the job in hand; True when it
        ended within ``timeout`` seconds (else it ends on its own, its outcome dropped). A
        later :meth:`submit` starts a new thread."""
        self._callbacks.clear()
        thread, self._thread = self._thread, None
        relay, self._relay = self._relay, None
        if thread is None:
            return True
        jobs, self._queue = self._queue, queue.SimpleQueue()
        try:
            while True:
                jobs.get_nowait()  # not started: dropped
        except queue.Empty:
            pass
        jobs.put(_STOP)
        thread.join(timeout)
        if thread.is_alive():
            return False  # its relay stays (the thread may still emit on it)
        if relay is not None:
            relay.deleteLater()  # here, on the GUI thread, with any answer still queued
        return True

    def _run(self, jobs: queue.SimpleQueue[Any], relay: _Relay) -> None:
        try:
            while (item := jobs.get()) is not _STOP:
                token, job = item
                try:
                    result = job()
                except Exception as exc:
                    relay.raised.emit(token, exc)
                else:
                    relay.returned.emit(token, result)
        finally:
            if self._on_thread_end is not None:
                try:
                    self._on_thread_end()
                except Exception:
                    log.warning("%s: ending its thread failed", self.name, exc_info=True)

    def _returned(self, token: int, result: object) -> None:
        callbacks = self._callbacks.pop(token, None)
        if callbacks is not None:
            callbacks[0](result)

    def _raised(self, token: int, exc: BaseException) -> None:
        callbacks = self._callbacks.pop(token, None)
        if callbacks is None:
            return
        if callbacks[1] is None:
            raise exc
        callbacks[1](exc)
