"""Issue 15: ``annotator stats`` (``Corpus.stats()``) on the generated corpus; target 0.5 s.

Each call opens nothing new: the corpus is opened once, warmed by one call, then timed
``repeat`` times; the median is compared with the target.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from .common import human, line, open_corpus, ratio, seconds, timed

TARGET = 0.5


def run(path: Path, *, repeat: int = 5) -> dict[str, Any]:
    with open_corpus(path) as corpus:
        first, stats = timed(corpus.stats)
        runs = [timed(corpus.stats)[0] for _ in range(repeat)]
    took = statistics.median(runs)
    print(
        f"\n== Stats (issue 15): {human(stats['articles'])} articles, {stats['spans']:,} spans; "
        f"median of {repeat} calls after a first; target <= {TARGET:g} s"
    )
    print(
        line(
            "Corpus.stats() (annotator stats)",
            seconds(took),
            "first",
            seconds(first).strip(),
            ratio(took, TARGET),
        )
    )
    return {"stats_s": took, "first_s": first, "runs": runs}
