"""``Corpus.stats()``: one aggregate per table, and "to do" as the app counts it (issue 14)."""

from __future__ import annotations

from annotator.core.model import ArticleDraft, Status
from annotator.store.corpus import Corpus

TEXTS = [
    "Putin menelepon Kim Jong Un menjelang pertemuan di Alaska.",
    "Trump bertemu Putin di Anchorage pada hari Jumat.",
    "Menteri Keuangan Sri Mulyani memaparkan anggaran negara.",
    "Banjir melanda Jakarta setelah hujan deras semalaman.",
    "Gubernur Bali meresmikan bandara baru di Buleleng.",
]


def test_articles_never_opened_count_as_to_do_for_each_annotator(corpus: Corpus) -> None:
    ids = corpus.import_drafts(
        [ArticleDraft(text=t) for t in TEXTS], origin="t", detect_language=False
    ).article_ids
    corpus.add_span(ids[0], "alice", 0, 5, "PERSON")  # labelling makes it in progress
    corpus.set_status(ids[1], "alice", Status.DONE)
    corpus.set_status(ids[2], "alice", Status.SKIPPED)
    corpus.set_status(ids[3], "alice", Status.TODO)  # a todo row counts once, not twice
    corpus.set_status(ids[0], "bob", Status.IN_PROGRESS)
    stats = corpus.stats()
    assert stats["status_by_annotator"] == {
        "alice": {"todo": 2, "in_progress": 1, "done": 1, "skipped": 1},
        "bob": {"todo": 4, "in_progress": 1},
    }
    assert stats["annotators"] == {"alice": 1, "bob": 0}
    assert (stats["spans"], stats["spans_by_label"], stats["spans_by_layer"]) == (
        1,
        {"PERSON": 1},
        {"entity": 1},
    )
    assert stats["articles"] == 5 and stats["relations"] == 0 and stats["gold_spans"] == 0
