"""``Corpus.activity_by_day``: annotation events counted per UTC day and annotator."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from annotator.core.activity import DayActivity
from annotator.core.model import ArticleDraft, Status
from annotator.store.corpus import Corpus
from tests.conftest import Peek

TEXT = "Joko Widodo bertemu Vladimir Putin di Alaska."


def _article(corpus: Corpus) -> int:
    (article_id,) = corpus.import_drafts(
        [ArticleDraft(text=TEXT, title="t", external_id="a1")], origin="test"
    ).article_ids
    return article_id


def _span(corpus: Corpus, article_id: int, who: str, needle: str, label: str) -> int:
    start = TEXT.index(needle)
    (span_id,) = corpus.add_span(article_id, who, start, start + len(needle), label).spans_added
    return span_id


def _today() -> str:
    return datetime.now(timezone.utc).date().isoformat()


def test_empty_corpus_has_no_activity(corpus: Corpus) -> None:
    assert corpus.activity_by_day() == []
    _article(corpus)  # an import writes no event
    assert corpus.activity_by_day() == []


def test_counts_adds_deletes_undo_redo_and_done(corpus: Corpus) -> None:
    art = _article(corpus)
    _span(corpus, art, "ani", "Joko Widodo", "PERSON")
    putin = _span(corpus, art, "ani", "Vladimir Putin", "PERSON")
    _span(corpus, art, "ani", "Alaska", "GPE")
    corpus.delete_span(putin, "ani")  # removed
    corpus.undo("ani")  # the deletion undone: added again
    corpus.set_status(art, "ani", Status.DONE)
    _span(corpus, art, "budi", "Alaska", "LOC")
    corpus.undo("budi")  # budi's span undone: removed
    corpus.redo("budi")  # and back: added

    day = _today()
    got = corpus.activity_by_day()
    assert got == [
        DayActivity(day, "ani", spans_added=4, spans_removed=1, edits=6, done=1),
        DayActivity(day, "budi", spans_added=2, spans_removed=1, edits=3, done=0),
    ]
    assert [a.net_spans for a in got] == [3, 1]
    assert {a.annotator: a.net_spans for a in got} == {
        name: n for name, n in corpus.stats()["annotators"].items()
    }
    assert corpus.activity_by_day(["budi"]) == [got[1]]
    assert corpus.activity_by_day([]) == []


def test_schema_edits_do_not_count(corpus: Corpus) -> None:
    corpus.update_label("PERSON", color="#123456", by="ani")
    assert corpus.activity_by_day() == []


@pytest.mark.parametrize(
    "stamp", ["2025-01-31T23:59:59.999+00:00", "2025-02-01T00:00:00.000+00:00"]
)
def test_days_come_from_the_utc_timestamp(corpus: Corpus, poke: Peek, stamp: str) -> None:
    art = _article(corpus)
    _span(corpus, art, "ani", "Alaska", "GPE")
    poke("UPDATE event SET created_at = ?", (stamp,))
    (only,) = corpus.activity_by_day()
    assert only.day == stamp[:10]
    assert (only.spans_added, only.edits) == (1, 1)


def test_days_are_sorted(corpus: Corpus, poke: Peek) -> None:
    art = _article(corpus)
    first = _span(corpus, art, "ani", "Alaska", "GPE")
    _span(corpus, art, "ani", "Joko Widodo", "PERSON")
    poke(
        "UPDATE event SET created_at = '2025-03-02T10:00:00.000+00:00' WHERE id = "
        "(SELECT max(id) FROM event)"
    )
    poke(
        "UPDATE event SET created_at = '2025-03-05T10:00:00.000+00:00' WHERE id != "
        "(SELECT max(id) FROM event)"
    )
    assert first
    assert [(a.day, a.spans_added) for a in corpus.activity_by_day()] == [
        ("2025-03-02", 1),
        ("2025-03-05", 1),
    ]
