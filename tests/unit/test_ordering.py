"""Next-article orders (issue 17): open suggestions per article not done, counted by hand on
small fixtures; the model's uncertainty as binary entropy; the ranking's tie-break."""

from __future__ import annotations

import pytest

from annotator.core.model import Article, Document, Span, Status
from annotator.learn.ordering import entropy, ranking, suggestion_counts


def _doc(k: int, text: str, status: Status, spans: list[tuple[str, str]] = ()) -> Document:  # type: ignore[assignment]
    article = Article(k, f"a{k}", f"t{k}", "", None, None, text, "", "id", 1.0, "")
    out = []
    for i, (form, label) in enumerate(spans):
        s = text.index(form)
        out.append(Span(k * 10 + i, k, "alice", s, s + len(form), label, "entity", form))
    return Document(article, "alice", status, out, [])


def test_open_suggestions_are_counted_per_article_not_done() -> None:
    docs = [
        # done: teaches the memory "Putin" PERSON; not counted itself
        _doc(1, "Putin datang.", Status.DONE, [("Putin", "PERSON")]),
        # memory: Putin twice; rules: none (no number, date or cue)
        _doc(2, "Putin dan Putin bertemu.", Status.TODO),
        # memory: Putin once, but alice labelled it there already: 0; gazetteer: Jakarta 1
        _doc(3, "Putin di jakarta.", Status.IN_PROGRESS, [("Putin", "PERSON")]),
        # rules: "5 orang" a quantity, "12 Agustus 2025" a date: 2
        _doc(4, "Ada 5 orang pada 12 Agustus 2025.", Status.TODO),
        _doc(5, "Tidak ada apa-apa.", Status.TODO),
    ]
    counts = suggestion_counts(docs, [("Jakarta", "GPE")])
    assert counts == {2: 2, 3: 1, 4: 2, 5: 0}
    assert ranking(counts) == [2, 4, 3, 5]  # most first, then the lower id


def test_entropy_is_zero_when_sure_and_one_bit_at_a_half() -> None:
    assert entropy(0.0) == entropy(1.0) == 0.0
    assert entropy(0.5) == 1.0
    assert entropy(0.9) == pytest.approx(entropy(0.1))
    assert 0 < entropy(0.1) < entropy(0.3) < 1
