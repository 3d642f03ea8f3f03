from __future__ import annotations

from annotator.core.language import UNKNOWN, detect, detect_many
from tests.conftest import SEEDS


def test_every_seed_is_indonesian() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        lang, confidence = detect(path.read_text(encoding="utf-8"))
        assert lang == "id", path.name
        assert confidence >= 0.9


def test_detection_is_deterministic_and_parallel_gives_the_same_answers() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += ["The president said the talks would continue next week in Alaska."] * 3
    texts *= 30  # above the pool threshold
    serial = [detect(t) for t in texts]
    assert detect_many(texts, workers=2) == serial
    assert detect_many(texts, workers=2) == serial


def test_no_language_is_unknown() -> None:
    assert detect("12345 !!! 678")[0] == UNKNOWN
    assert detect("")[0] == UNKNOWN
