"""Language detection with langdetect: deterministic (seeded), on a bounded prefix."""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

UNKNOWN = "unknown"
PREFIX_CHARS = 2000
MIN_CONFIDENCE = 0.80
SEED = 0
# Below this many texts a process pool costs more than it saves (profile loading ~0.3 s).
PARALLEL_FROM = 200


def detect(text: str) -> tuple[str, float]:
    """(ISO code, probability) of the text's language, or ("unknown", p) when unsure."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = SEED
    sample = text[:PREFIX_CHARS]
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return UNKNOWN, 0.0
    prob = round(float(best.prob), 4)
    if prob < MIN_CONFIDENCE:
        return UNKNOWN, prob
    return str(best.lang), prob


def _detect_chunk(texts: Sequence[str]) -> list[tuple[str, float]]:
    return [detect(t) for t in texts]


def detect_many(texts: Sequence[str], workers: int | None = None) -> list[tuple[str, float]]:
    """Detect many texts; on large batches spread the work over every core."""
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(texts) < PARALLEL_FROM:
        return _detect_chunk(texts)
    prefixes = [t[:PREFIX_CHARS] for t in texts]
    size = max(50, len(prefixes) // (workers * 8))
    chunks = [prefixes[i : i + size] for i in range(0, len(prefixes), size)]
    out: list[tuple[str, float]] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for part in pool.map(_detect_chunk, chunks):
            out.extend(part)
    return out
