"""Active annotation time: the clock runs while the user works, not while they are away.

After each key press, click, wheel turn or mouse move inside the window, up to
:data:`IDLE_SECONDS` of the following time counts as active. Leaving the window stops the clock
at once. The counted seconds are handed out by :meth:`ActivityClock.take` (the window adds them
to the current article when it switches article, every :data:`FLUSH_SECONDS` and on close).

``now`` is injectable so tests can drive the clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

IDLE_SECONDS = 60.0  # no input for this long: the user is away, the clock stops
FLUSH_SECONDS = 30  # how often the window writes the counted time to the store

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
    }
)


class ActivityClock(QObject):
    """Counts active seconds from the input events of one window."""

    def __init__(
        self,
        window: QWidget,
        now: Callable[[], float] = time.monotonic,
        idle_seconds: float = IDLE_SECONDS,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._now = now
        self._idle = idle_seconds
        self._last_input: float | None = None
        self._counted_to = 0.0
        self._pending = 0.0
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def stop(self) -> None:
        """Stop listening (the window is closing)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._count()
        self._last_input = None

    # ------------------------------------------------------------ counting
    def touch(self) -> None:
        """The user did something: count up to now, then start a new active stretch."""
        self._count()
        t = self._now()
        self._last_input = t
        self._counted_to = t

    def pause(self) -> None:
        """The window lost focus: time from now on does not count until the next input."""
        self._count()
        self._last_input = None

    def take(self) -> float:
        """The active seconds counted since the last call."""
        self._count()
        seconds, self._pending = self._pending, 0.0
        return seconds

    def _count(self) -> None:
        if self._last_input is None:
            return
        until = min(self._now(), self._last_input + self._idle)
        if until > self._counted_to:
            self._pending += until - self._counted_to
            self._counted_to = until

    # ------------------------------------------------------------ events
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in INPUT_EVENTS:
            if isinstance(watched, QWidget) and watched.window() is self._window:
                self.touch()
        elif kind == QEvent.Type.WindowDeactivate and watched is self._window:
            self.pause()
        return False
