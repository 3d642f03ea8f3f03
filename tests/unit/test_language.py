from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from langdetect.detector import Detector
from langdetect.lang_detect_exception import LangDetectException

from annotator.core import language
from annotator.core.importing import DraftList, DraftRejected
from annotator.core.language import UNKNOWN, detect, detect_many, probabilities
from annotator.core.model import ArticleDraft, SpanDraft
from annotator.store.corpus import Corpus
from benchmarks.generate import generate
from tests.conftest import ROOT, SEEDS

# Texts in other scripts and languages, and the cleaning langdetect does (URLs, mail, spaces).
OTHERS = [
    "Der Präsident sagte, die Gespräche würden nächste Woche in Berlin fortgesetzt.",
    "Le président a déclaré que les négociations continueraient la semaine prochaine.",
    "Президент сказал, что переговоры продолжатся на следующей неделе в Москве.",
    "大統領は来週も協議を続けると述べた。東京で記者団に語った。",
    "قال الرئيس إن المحادثات ستستمر الأسبوع المقبل في القاهرة",
    "Tổng thống nói rằng các cuộc đàm phán sẽ tiếp tục vào tuần tới.",
    "  NATO  and the  UN said   http://example.org/a?b=c write to press@example.org  ÀÉÎ ",
    "Presiden JOKOWI mengatakan, pembicaraan AKAN dilanjutkan pekan depan di Jakarta.",
    # Latin letters among many more of another script: langdetect drops the Latin ones
    "Путин (Putin) сказал в Москве, что переговоры продолжатся, NATO и ООН молчат.",
    "ABC 北京时间今天上午，国家主席在人民大会堂会见了来访的总统。",
    # as many Latin letters as half the others: kept; one fewer: dropped
    "ab cd ефгхий",
    "abcde ефгхийклмноп",
    # Latin Extended Additional (U+1E00..U+1EFF) counts as not Latin, as in langdetect
    "ạảấầẩẫậắằẳẵặẹẻẽếềểễệ ab",
]


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


@cache
def generated_texts() -> list[str]:
    corpus = generate(400, seed=20250814)
    return [corpus.drafts[i].text for i in corpus.first_draft]


def langdetect_full(text: str, n_trial: int = 7) -> list[tuple[str, float]]:
    """langdetect itself, unmodified, on the whole text (seeded as ours is)."""
    detector = Detector(language._factory())
    detector.n_trial = n_trial
    detector.max_text_length = max(len(text), 1)
    try:
        detector.append(text)
        return [(str(x.lang), float(x.prob)) for x in detector.get_probabilities()]
    except LangDetectException:
        return []


def label(found: list[tuple[str, float]]) -> str:
    if not found or round(found[0][1], 4) < language.MIN_CONFIDENCE:
        return UNKNOWN
    return found[0][0]


@cache
def full_text_labels(which: str) -> tuple[str, ...]:
    texts = seed_texts() if which == "demo" else generated_texts()
    return tuple(label(langdetect_full(t)) for t in texts)


def agreement(which: str, prefix: int) -> float:
    texts = seed_texts() if which == "demo" else generated_texts()
    ours = [detect(t, prefix=prefix)[0] for t in texts]
    return sum(a == b for a, b in zip(ours, full_text_labels(which), strict=True)) / len(texts)


@pytest.mark.parametrize("which", ["demo", "generated"])
def test_the_prefix_agrees_with_langdetect_on_the_full_text(which: str) -> None:
    found = agreement(which, language.PREFIX_CHARS)
    print(f"{which}: {found:.2%} agree with full-text detection ({language.PREFIX_CHARS} chars)")
    assert found >= 0.995
    # The measure can tell: a sample far too short drops below the bar.
    assert agreement(which, 20) < 0.995


def test_the_loops_compute_langdetect_s_own_probabilities() -> None:
    """With every walk run (min_trial = n_trial), the rewritten detector is langdetect."""
    texts = seed_texts() + OTHERS + generated_texts()[:60]
    for text in texts:
        for prefix in (language.PREFIX_CHARS, None):
            sample = text if prefix is None else text[:prefix]
            ours = probabilities(text, prefix=prefix, n_trial=7, min_trial=7)
            assert ours == langdetect_full(sample), sample[:60]


def test_the_early_stop_keeps_langdetect_s_first_walks() -> None:
    # Two walks that agree end the detection: the same answer as langdetect with 2 trials.
    for text in seed_texts() + OTHERS:
        ours = probabilities(text, n_trial=7, min_trial=2)
        assert label(ours) == label(langdetect_full(text[: language.PREFIX_CHARS], n_trial=2))


def test_every_seed_is_indonesian() -> None:
    for text in seed_texts():
        lang, confidence = detect(text)
        assert lang == "id"
        assert confidence >= 0.9


def test_other_languages_and_scripts_are_found() -> None:
    assert [detect(t)[0] for t in OTHERS[:6]] == ["de", "fr", "ru", "ja", "ar", "vi"]


def test_detection_is_deterministic_across_processes() -> None:
    texts = seed_texts() + OTHERS + generated_texts()[:40]
    here = [list(detect(t)) for t in texts]
    assert [list(detect(t)) for t in texts] == here
    script = (
        "import json, sys\n"
        "from annotator.core.language import detect\n"
        "texts = json.load(sys.stdin)\n"
        "print(json.dumps([list(detect(t)) for t in texts]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert json.loads(done.stdout) == here


def test_the_pool_and_one_process_give_the_same_answers() -> None:
    texts = seed_texts() + OTHERS + generated_texts()[:60]
    texts = (texts * (language.PARALLEL_FROM // len(texts) + 1))[: language.PARALLEL_FROM + 7]
    assert len(texts) >= language.PARALLEL_FROM  # the pool path
    serial = [detect(t) for t in texts]
    assert detect_many(texts, workers=2) == serial
    assert detect_many(texts, workers=1) == serial


def test_no_language_is_unknown() -> None:
    assert detect("12345 !!! 678")[0] == UNKNOWN
    assert detect("")[0] == UNKNOWN


def many_texts() -> list[str]:
    """More distinct texts than the pool threshold (the background path of the import)."""
    base = seed_texts() + OTHERS + generated_texts()
    texts = base + [f"{t} Jakarta, {n}." for n, t in enumerate(base)]
    assert len(set(texts)) == len(texts) >= language.PARALLEL_FROM
    return texts


def test_an_import_stores_the_languages_detect_gives(db_path: Path) -> None:
    texts = many_texts()
    stored_first = texts[:3]  # already in the store: not detected again, not added again
    with Corpus.open(db_path, tooling="tests") as corpus:
        corpus.import_drafts([ArticleDraft(text=t) for t in stored_first], origin="a")
        given = ArticleDraft(text=texts[3], language="xx", language_confidence=0.5)
        drafts = [given if n == 3 else ArticleDraft(text=t) for n, t in enumerate(texts)]
        result = corpus.import_drafts(drafts, origin="b")
        assert result.articles == len(texts) - 3
    conn = sqlite3.connect(db_path)
    try:
        rows = {
            text: (lang, conf)
            for text, lang, conf in conn.execute(
                "SELECT text, language, language_confidence FROM article"
            )
        }
    finally:
        conn.close()
    assert rows[texts[3]] == ("xx", 0.5)  # the record's own language wins
    for text in texts[4:]:
        assert rows[text] == detect(text), text[:60]


def test_a_bad_record_refuses_the_file_while_languages_are_being_detected(
    db_path: Path,
) -> None:
    texts = many_texts()
    bad = ArticleDraft(
        text="short", annotator="alice", spans=[SpanDraft(key="1", start=0, end=99, label="PERSON")]
    )
    with Corpus.open(db_path, tooling="tests") as corpus:
        with pytest.raises(DraftRejected):
            corpus.import_drafts([ArticleDraft(text=t) for t in texts] + [bad], origin="b")
        # the next import of the same texts works (the pool of the refused one is gone)
        result = corpus.import_drafts([ArticleDraft(text=t) for t in texts], origin="c")
        assert result.articles == len(texts)


def test_languages_detected_batch_by_batch_are_detect_s(db_path: Path) -> None:
    """The import's pool detects each batch while the one before is written (ADR 0032): a
    first batch big enough starts the pool, a later small one still goes to it."""
    texts = many_texts()
    size = language.PARALLEL_FROM + 100
    assert len(texts) > size
    with Corpus.open(db_path, tooling="tests") as corpus:
        feed = DraftList([ArticleDraft(text=t) for t in texts], size=size)
        result = corpus.import_feed(feed, origin="b")
        assert result.articles == len(texts)
    conn = sqlite3.connect(db_path)
    try:
        rows = dict(conn.execute("SELECT text, language FROM article"))
    finally:
        conn.close()
    assert [rows[t] for t in texts] == [detect(t)[0] for t in texts]
