"""How far a long job has gone and the time it has left, in words (the import's progress in
the command line and the Import dialog)."""

from __future__ import annotations

import time
from collections.abc import Callable

WARM_UP = 1.0
"""Seconds before an estimate is given (the first batches say little about the rate)."""


class TimeLeft:
    """The time a job has left, from its rate since it started: ``left(done, total)`` is
    seconds, or None while too little is known (under :data:`WARM_UP` seconds or nothing
    done yet). ``clock`` is a monotonic clock in seconds."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.started = clock()

    def left(self, done: int, total: int) -> float | None:
        elapsed = self.clock() - self.started
        if done <= 0 or total <= 0 or elapsed < WARM_UP:
            return None
        if done >= total:
            return 0.0
        return elapsed * (total - done) / done


def describe_left(seconds: float) -> str:
    """``about 3 min 20 s left``; ``under 5 s left`` at the end."""
    if seconds < 5:
        return "under 5 s left"
    whole = round(seconds)
    if whole < 60:
        return f"about {whole} s left"
    if whole < 3600:
        return f"about {whole // 60} min {whole % 60:02d} s left"
    return f"about {whole // 3600} h {whole % 3600 // 60:02d} min left"


def describe_bytes(n: int) -> str:
    """``12.3 MB`` (decimal units, as file managers show sizes)."""
    for unit, size in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"
