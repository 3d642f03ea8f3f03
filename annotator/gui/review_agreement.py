"""Review mode's agreement column: one figure per article over every layer, computed off the
GUI thread.

:func:`agreement_scores` reads each layer's agreement from the corpus and hands the results
to core (:func:`~annotator.core.agreement_articles.per_article_agreement`): no arithmetic on
agreement here (ADR 0024). It reads every article's work, so :class:`ReviewAgreement` runs it
on a :class:`~annotator.gui.workers.Worker`; the article list shows "…" meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from annotator.core.agreement_articles import per_article_agreement
from annotator.core.errors import CorpusError
from annotator.gui.article_list import SPAN_F1
from annotator.gui.workers import JobContext, Worker
from annotator.store.corpus import Corpus
from annotator.store.errors import StoreError


def agreement_scores(
    corpus: Corpus, annotators: Sequence[str], layers: Sequence[str], measure: str = SPAN_F1
) -> dict[int, float | None]:
    """Article id -> span F1 (exact) or unitizing αu (``measure``) between the ``annotators``
    who did it, all ``layers`` pooled (:func:`per_article_agreement`); None where undefined
    (fewer than two did it, ...). Reads the whole corpus: run it on a worker
    (:class:`ReviewAgreement`)."""
    results = [corpus.agreement(layer, annotators) for layer in layers]
    return {a: f.value for a, f in per_article_agreement(results, measure).items()}


class ReviewAgreement(QObject):
    """Review mode's agreement column, computed on a :class:`Worker` (it reads every
    article's work): :meth:`request` says ``computing`` at once and ``computed`` when the
    figures are in, on the GUI thread. A request made while one runs waits for it and the
    older result is dropped; :meth:`drop` forgets both (review mode left). The window's
    close waits for a running job, so the corpus outlives it.

    Seam for tests: :attr:`compute` (``agreement_scores``) runs on the worker thread."""

    computing = Signal(str)  # the measure asked for: no figures yet
    computed = Signal(object, str)  # {article id: figure or None}, the measure
    failed = Signal(str)

    def __init__(self, corpus: Corpus, parent: QWidget) -> None:
        super().__init__(parent)
        self.corpus = corpus
        self.compute: Callable[..., dict[int, float | None]] = agreement_scores
        self.worker = Worker(self, expected_exceptions=(CorpusError, StoreError))
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self._running: tuple[tuple[str, ...], tuple[str, ...], str] | None = None
        self._next: tuple[tuple[str, ...], tuple[str, ...], str] | None = None
        self._watched: QWidget | None = None

    @property
    def busy(self) -> bool:
        """A request has no figures yet."""
        return self._running is not None or self._next is not None

    def request(self, annotators: Sequence[str], layers: Sequence[str], measure: str) -> None:
        self._watch_window()
        self._next = (tuple(annotators), tuple(layers), measure)
        self.computing.emit(measure)
        if not self.worker.is_running():
            self._start()

    def drop(self) -> None:
        """Forget the figures asked for (the running job ends on its own, unseen)."""
        self._running = self._next = None

    def _start(self) -> None:
        if self._next is None:
            return
        self._running, self._next = self._next, None
        corpus, compute = self.corpus, self.compute
        annotators, layers, measure = self._running

        def job(_ctx: JobContext) -> dict[int, float | None]:
            try:
                return compute(corpus, annotators, layers, measure)
            finally:
                corpus.close_thread_connection()

        self.worker.start(job)

    def _finished(self, scores: dict[int, float | None]) -> None:
        done, self._running = self._running, None
        if done is not None and self._next is None:
            self.computed.emit(scores, done[2])
        self._start()

    def _failed(self, message: str, _exc: object) -> None:
        done, self._running = self._running, None
        if done is not None and self._next is None:
            self.failed.emit(message)
            self.computed.emit({}, done[2])  # no figures: the list says "—", not "…"
        self._start()

    def _watch_window(self) -> None:
        window = self.parent()
        window = window.window() if isinstance(window, QWidget) else None
        if window is not None and window is not self._watched:
            window.installEventFilter(self)
            self._watched = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.Close:
            self.drop()
            self.worker.wait()  # the corpus is closed after its window
        return super().eventFilter(watched, event)
