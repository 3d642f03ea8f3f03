"""The window's link to a team corpus: others' changes without restart, edits kept when the
server drops.

:class:`TeamLink` stands in for the ``Corpus`` that :class:`MainWindow` hands to its views
(reads and writes go through it to the real one, unchanged), and adds two things on a team
server (docs/adr/0011-team-refresh-by-polling.md):

* **Refresh**: a timer asks ``Corpus.revision()`` (the event log's last id) every
  :attr:`TeamLink.poll_ms`; when it grew by more than this window's own edits,
  ``others_changed`` is emitted and the window re-reads what it shows.
* **Off the GUI thread**: the polls and the reconnects (the queued edits replayed in order)
  run on the link's :class:`~annotator.gui.workers.Runner`, one at a time, on its own
  connection; their outcomes come back to the GUI thread, where the queue is kept.
* **Connection drops**: a write that fails because the server went away
  (:class:`~annotator.store.errors.ConnectionLost`, or a reconnect that cannot reach it) is
  queued and answered with an empty ``Changes()``; ``connection_changed(False, detail)`` makes
  the window show its banner; a timer retries every :attr:`TeamLink.retry_ms` and, once the
  server answers, applies the queued edits in order, emitting ``replayed(changes)`` for each,
  which the window routes to its usual after-edit refresh. An add whose first attempt may have
  committed (the drop came during COMMIT) is not applied twice: before re-applying an
  ``add_span`` / ``add_relation``, an identical one already in the store counts as done.
  Which writes are queued is declared on each write in the store
  (:mod:`annotator.store.operations`), not listed here: an annotator's span, relation and
  status edits are queued; undo and redo (replaying one whose first attempt committed would
  undo two changes), gold decisions, schema edits and imports are refused with their reason,
  which the view shows (:class:`NotSaved`): nothing is dropped silently. While the link knows
  the server is away, the GUI thread does not touch the network: reads fail at once (the views
  are read again once it is back) and writes are queued or refused; only the runner reconnects.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, cast

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QWidget

from annotator.core.errors import CorpusError, NotSaved
from annotator.core.model import Changes
from annotator.gui.i18n import QT_TRANSLATE_NOOP, translate
from annotator.gui.palette import error_color
from annotator.gui.workers import Runner
from annotator.store import operations
from annotator.store.corpus import Corpus
from annotator.store.errors import ConnectionLost, ServerError
from annotator.store.operations import Kind, Operation, Outage

log = logging.getLogger(__name__)

POLL_MS = 5000  # how often a team window asks whether anyone changed anything
RETRY_MS = 3000  # first retry while the server is away; doubled after each failure…
RETRY_MAX_MS = 15000  # …up to this (a retry to an unreachable host blocks up to its timeout)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]

LOST = QT_TRANSLATE_NOOP(
    "TeamLink",
    "Lost the connection to the team server — your edit is kept and will be saved when it is back.",
)
LOST_READ = QT_TRANSLATE_NOOP(
    "TeamLink", "Lost the connection to the team server — trying to reconnect…"
)
BACK = QT_TRANSLATE_NOOP("TeamLink", "Connected to the team server again; your edits are saved.")
# What a write refused while the server is away tells the user: the store declares it on the
# write (annotator.store.operations); listed here for the translations.
REFUSALS = (
    QT_TRANSLATE_NOOP(
        "TeamLink",
        "Undo and redo wait for the team server: press it again once the connection is back.",
    ),
    QT_TRANSLATE_NOOP(
        "TeamLink",
        "The team server is away: this gold decision was not saved. Make it again once the "
        "connection is back.",
    ),
    QT_TRANSLATE_NOOP(
        "TeamLink",
        "The team server is away: this change to the labels was not saved. Make it again once "
        "the connection is back.",
    ),
    QT_TRANSLATE_NOOP(
        "TeamLink",
        "The team server is away: this change was not saved. Do it again once the connection is "
        "back.",
    ),
)
assert set(REFUSALS) == {
    operations.UNDO_WAITS,
    operations.GOLD_WAITS,
    operations.SCHEMA_WAITS,
    operations.SERVER_WAITS,
}, "the store's reasons changed: copy them here for the translations"
# A callable of the corpus with no declaration (the store's tests forbid one): refused while
# away, never taken for a read.
UNDECLARED = Operation(Kind.WRITE, Outage.REFUSE, operations.SERVER_WAITS)


def is_disconnect(exc: BaseException) -> bool:
    """Whether ``exc`` says the server is away (as opposed to refusing the operation)."""
    return isinstance(exc, ServerError)


def quiet_disconnects(hook: ExceptHook) -> ExceptHook:
    """``sys.excepthook`` that only logs a read cut short by a dropped team connection (the
    window's banner says it already, and the retry brings the views back) and passes anything
    else to ``hook`` (the error dialog)."""

    def handle(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if is_disconnect(error):
            log.warning("a read failed: the team server is away (%s)", type(error).__name__)
            return
        hook(kind, error, tb)

    return handle


@dataclass
class PendingEdit:
    method: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Replay:
    """What a reconnect did: each queued edit's outcome, in order, and where it stopped."""

    outcomes: list[tuple[PendingEdit, Any]] = field(default_factory=list)
    revision: int | None = None
    error: BaseException | None = None


class TeamLink(QObject):
    """A ``Corpus`` stand-in that polls for others' changes and keeps edits across drops."""

    others_changed = Signal()  # the corpus changed by someone else (or elsewhere)
    replayed = Signal(object)  # Changes of a queued edit, now saved
    connection_changed = Signal(bool, str)  # (connected, detail: the store's message)
    message = Signal(str)  # for the status bar

    def __init__(self, corpus: Corpus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._corpus = corpus
        self.pending: list[PendingEdit] = []
        self.connected = True
        self.reads_failed = False  # a view's read failed while away: it needs reading again
        self._seen: int | None = None
        # Polls and reconnects run here, off the GUI thread (a reconnect to an unreachable
        # server blocks up to its connect timeout); its connection is closed when it stops.
        self.runner = Runner("team-link", on_thread_end=corpus.close_thread_connection)
        self._polling = False  # a poll is out on the runner
        self._retrying = False  # a retry is out on the runner
        self._outage = False  # lost and not yet said to be back (the banner is up)
        self.poll_timer = QTimer(self)
        self.poll_timer.setObjectName("teamPoll")
        self.poll_timer.timeout.connect(self.poll)
        self.retry_timer = QTimer(self)
        self.retry_timer.setObjectName("teamRetry")
        self.retry_timer.timeout.connect(self.retry)
        self.poll_ms = POLL_MS
        self.retry_ms = RETRY_MS
        self._stand_in = _StandIn(self)

    @property
    def corpus(self) -> Corpus:
        """The real corpus behind the link."""
        return self._corpus

    # ------------------------------------------------------------ timers
    @property
    def poll_ms(self) -> int:
        return self.poll_timer.interval()

    @poll_ms.setter
    def poll_ms(self, ms: int) -> None:
        self.poll_timer.setInterval(ms)

    @property
    def retry_ms(self) -> int:
        """The first retry's delay (later ones back off, up to :data:`RETRY_MAX_MS`)."""
        return self._retry_base

    @retry_ms.setter
    def retry_ms(self, ms: int) -> None:
        self._retry_base = ms
        self.retry_timer.setInterval(ms)

    def start(self) -> None:
        """Start polling (a team corpus only: a local file has nobody else writing to it)."""
        if not self._corpus.is_team:
            return
        self.runner.submit(self._corpus.revision, self._started, self._failed)
        self.poll_timer.start()

    def _started(self, revision: int) -> None:
        if self._seen is None:
            self._seen = revision

    def stop(self) -> None:
        self.poll_timer.stop()
        self.retry_timer.stop()
        self.runner.stop()

    def poll(self) -> None:
        """Ask the server, off the GUI thread, whether anything changed; if so (and not only
        by me), say so."""
        if not self.connected or self._polling:
            return  # the retry timer is on it, or the last question is still out
        self._polling = True
        asked = self._seen

        def answered(revision: int) -> None:
            self._polling = False
            self._polled(revision, asked)

        def failed(exc: BaseException) -> None:
            self._polling = False
            self._failed(exc)

        self.runner.submit(self._corpus.revision, answered, failed)

    def _polled(self, revision: int, asked: int | None) -> None:
        seen = self._seen
        if asked is None or seen is None:
            self._seen = revision
            return
        if revision in (asked, seen):
            return  # nothing new, or only my own edits made meanwhile
        self._seen = revision if revision < asked else max(revision, seen)
        self.others_changed.emit()

    def _failed(self, exc: BaseException) -> None:
        """A background read failed: the server went away, or a bug (raised here)."""
        if not is_disconnect(exc):
            raise exc
        self._lost(exc, writing=False)

    def _saw_own(self, changes: object) -> None:
        """My own edit's event: not a reason to refresh (when nobody wrote in between)."""
        event = getattr(changes, "event_id", None)
        if isinstance(event, int) and self._seen is not None and event == self._seen + 1:
            self._seen = event

    # ------------------------------------------------------------ the stand-in
    @property
    def stand_in(self) -> Corpus:
        """What the window hands to its views instead of the corpus (typed as one)."""
        return cast(Corpus, self._stand_in)

    def _call(
        self, method: str, op: Operation, func: Callable[..., Any], args: Any, kwargs: Any
    ) -> Any:
        """A write, routed by its declaration (``annotator.store.operations``): while the
        server is away a queued write is kept for later, any other is refused with its
        reason (:class:`NotSaved`, a ``CorpusError`` the views show), never dropped."""
        # The server is away (known, or edits are waiting): after the earlier edits, in order,
        # or not at all; the GUI thread does not try to reconnect (the runner does).
        if self.pending or not self.connected:
            if op.outage is Outage.QUEUE:
                return self._queue(method, op, args, kwargs)
            raise self._refusal(op)
        try:
            result = func(*args, **kwargs)
        except Exception as exc:
            if not is_disconnect(exc):
                raise
            queued = op.outage is Outage.QUEUE
            self._lost(exc, writing=queued)
            if queued:
                return self._queue(method, op, args, kwargs)
            raise self._refusal(op, exc) from None
        self._saw_own(result)
        return result

    def _refusal(self, op: Operation, exc: BaseException | None = None) -> NotSaved:
        text = translate("TeamLink", op.why or operations.SERVER_WAITS)
        if exc is not None and "may not have been saved" in str(exc):
            text += f" ({exc})"  # the drop came during COMMIT: the outcome is unknown
        self.message.emit(text)
        return NotSaved(text)

    def _queue(self, method: str, op: Operation, args: Any, kwargs: Any) -> Any:
        self.pending.append(PendingEdit(method, tuple(args), dict(kwargs)))
        self.connection_changed.emit(False, "")
        return Changes() if op.returns_changes else None

    def _read(self, func: Callable[..., Any], args: Any, kwargs: Any) -> Any:
        if not self.connected:  # away: fail now rather than wait for a connect timeout here
            self.reads_failed = True  # the views are read again once the runner is back
            raise ConnectionLost("the team server is away: reconnecting")
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            if is_disconnect(exc):
                self.reads_failed = True
                self._lost(exc, writing=False)
            raise

    def _lost(self, exc: BaseException, *, writing: bool) -> None:
        log.warning("team server connection lost (%s)", type(exc).__name__)
        first = self.connected
        self.connected = False
        self._outage = True
        if not self.retry_timer.isActive():
            self.retry_timer.start()
        if first or writing:
            self.connection_changed.emit(False, str(exc))

    # ------------------------------------------------------------ coming back
    def retry(self) -> None:
        """Try the server again, off the GUI thread: apply the queued edits in order; when
        all went, reconnected (:meth:`_replayed`)."""
        if self._retrying:
            return  # the last try is still out: the timer tries again after it
        self._retrying = True
        edits = list(self.pending)
        self.runner.submit(lambda: self._replay(edits), self._replayed)

    def _replay(self, edits: list[PendingEdit]) -> Replay:
        """On the runner's thread: apply ``edits`` in order until the server is away again,
        then read the revision. Every outcome is handed back, whatever stops the walk."""
        done = Replay()
        for edit in edits:
            try:
                done.outcomes.append((edit, self._apply(edit)))
            except CorpusError as exc:  # refused now (the span is gone): dropped, said why
                done.outcomes.append((edit, exc))
            except Exception as exc:
                done.error = exc
                return done
        try:
            done.revision = self._corpus.revision()
        except Exception as exc:
            done.error = exc
        return done

    def _replayed(self, done: Replay) -> None:
        """Back on the GUI thread: the edits that went leave the queue, each announced."""
        self._retrying = False
        away = self._outage
        if done.outcomes or done.error is None:
            self.connected = True  # the server answered: the views may read it again
        for edit, outcome in done.outcomes:
            assert self.pending and self.pending[0] is edit, "the queue changed under a replay"
            self.pending.pop(0)
            if isinstance(outcome, CorpusError):
                self.message.emit(str(outcome)[:1].upper() + str(outcome)[1:])
            elif isinstance(outcome, Changes):
                self._saw_own(outcome)
                self.replayed.emit(outcome)
        if done.error is not None:
            if not is_disconnect(done.error):
                raise done.error
            self.connected = False  # still away (the banner still says so)
            self._back_off()
            return  # the timer tries again
        if self.pending:  # edits queued while these were replayed: after them, at once
            self.retry()
            return
        if away:
            self._seen = done.revision
        self.retry_timer.stop()
        self.retry_timer.setInterval(self._retry_base)
        if away:
            self._outage = False
            self.connection_changed.emit(True, "")
            self.message.emit(translate("TeamLink", BACK))
            self.others_changed.emit()  # what others did meanwhile

    def _back_off(self) -> None:
        self.retry_timer.setInterval(min(self.retry_timer.interval() * 2, RETRY_MAX_MS))

    def _apply(self, edit: PendingEdit) -> Any:
        """Apply one queued edit, unless an identical add is already there (its first
        attempt committed after all)."""
        corpus = self._corpus
        if edit.method == "add_span" and self._span_exists(*edit.args[:5]):
            return Changes()
        if edit.method == "add_relation" and self._relation_exists(*edit.args[:4]):
            return Changes()
        return getattr(corpus, edit.method)(*edit.args, **edit.kwargs)

    def _span_exists(
        self, article_id: int, annotator: str, start: int, end: int, label: str
    ) -> bool:
        return any(
            (s.start, s.end, s.label) == (start, end, label)
            for s in self._corpus.spans(article_id, annotator)
        )

    def _relation_exists(self, head: int, child: int, label: str, annotator: str) -> bool:
        span = self._corpus.span(head)
        return any(
            (r.head, r.child, r.label, r.annotator) == (head, child, label, annotator)
            for r in self._corpus.relations(span.article_id)
        )


class _StandIn:
    """Every attribute of the corpus, its writes and reads routed through the link."""

    def __init__(self, link: TeamLink) -> None:
        self._link = link

    def __getattr__(self, name: str) -> Any:
        corpus = self._link.corpus
        value = getattr(corpus, name)
        if not callable(value):
            return value
        op = operations.operation_of(getattr(type(corpus), name, None)) or UNDECLARED
        if op.kind is Kind.WRITE:
            return _Write(self._link, name, op, value)
        return _Read(self._link, value)


class _Write:
    def __init__(self, link: TeamLink, name: str, op: Operation, func: Callable[..., Any]) -> None:
        self._link, self._name, self._op, self._func = link, name, op, func

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._link._call(self._name, self._op, self._func, args, kwargs)


class _Read:
    def __init__(self, link: TeamLink, func: Callable[..., Any]) -> None:
        self._link, self._func = link, func

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._link._read(self._func, args, kwargs)


class ConnectionBanner(QToolBar):
    """A strip across the top of the window while the team server is away."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)
        self.label = QLabel()
        self.label.setObjectName("connectionBannerText")
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        color = error_color(self.palette())
        self.label.setStyleSheet(
            f"QLabel {{ background: {color.name()}; color: white; padding: 6px 10px; "
            "font-weight: bold; }"
        )
        self.addWidget(self.label)
        self.hide()

    def show_lost(self, pending: int, detail: str = "") -> None:
        text = translate("TeamLink", LOST if pending else LOST_READ)
        if pending:
            text += " " + translate("TeamLink", "%n edit(s) waiting to be saved.", None, pending)
        self.label.setText(text)
        if detail:
            self.label.setToolTip(detail)
        self.show()
