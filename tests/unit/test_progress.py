"""The time an import has left, in words (annotator/core/progress.py)."""

from __future__ import annotations

from annotator.core.progress import WARM_UP, TimeLeft, describe_bytes, describe_left


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_time_left_is_the_rate_so_far_after_a_warm_up() -> None:
    clock = Clock()
    left = TimeLeft(clock)
    clock.now += WARM_UP / 2
    assert left.left(10, 100) is None  # too early to say
    clock.now = 100.0 + 10
    assert left.left(0, 100) is None  # nothing done yet
    assert left.left(25, 100) == 30.0  # 25 in 10 s: 75 more in 30 s
    assert left.left(100, 100) == 0.0


def test_time_left_and_sizes_in_words() -> None:
    assert describe_left(2.2) == "under 5 s left"
    assert describe_left(42.4) == "about 42 s left"
    assert describe_left(200) == "about 3 min 20 s left"
    assert describe_left(3 * 3600 + 5 * 60) == "about 3 h 05 min left"
    assert describe_bytes(412_000_000) == "412.0 MB"
    assert describe_bytes(999) == "999 bytes"
