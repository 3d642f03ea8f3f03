"""Next article in another order (issue 17): the Article menu's choice, kept per corpus;
with "most open suggestions", Alt+Down walks the articles not done from the most suggestions
to the fewest (the counts computed off the GUI thread); corpus order is the default."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.gui.navigation import Navigator, documents_of
from annotator.gui.settings import article_order
from annotator.learn.ordering import ranking, suggestion_counts

ALT = Qt.KeyboardModifier.AltModifier


def _walk(qtbot, window, steps: int) -> list[int]:  # type: ignore[no-untyped-def]
    seen = []
    for _ in range(steps):
        qtbot.keyClick(window.text_pane, Qt.Key.Key_Down, ALT)
        seen.append(window.current_article_id)
    return seen


def test_corpus_order_is_the_default(qtbot, window):  # type: ignore[no-untyped-def]
    assert article_order(window.corpus.location) == "corpus"
    assert window.action_by_name["order_corpus"].isChecked()
    ids = window.corpus.article_ids()
    assert window.current_article_id == ids[0]
    assert _walk(qtbot, window, 2) == ids[1:3]


def test_most_open_suggestions_first_by_alt_down(qtbot, window):  # type: ignore[no-untyped-def]
    corpus = window.corpus
    window.action_by_name["order_suggestions"].trigger()
    assert window.action_by_name["order_suggestions"].isChecked()
    assert not window.action_by_name["order_corpus"].isChecked()
    qtbot.waitUntil(lambda: window.navigator.ranking is not None, timeout=60_000)
    docs = documents_of(corpus, "alice")
    assert len(docs) == len(corpus.article_ids())
    expected = ranking(suggestion_counts(docs))
    assert expected != sorted(expected), "the fixture must rank unlike the corpus order"
    window.show_article(corpus.article_ids()[0])
    start = (
        expected.index(window.current_article_id) + 1
        if (window.current_article_id in expected)
        else 0
    )
    seen = _walk(qtbot, window, 3)
    assert seen == expected[start : start + 3]
    # kept for this corpus: a new navigator (the next start) follows it
    assert article_order(corpus.location) == "suggestions"
    assert Navigator(corpus, window.article_list).order == "suggestions"
    # back to corpus order: the list's next
    window.action_by_name["order_corpus"].trigger()
    ids = corpus.article_ids()
    here = ids.index(window.current_article_id)
    if here + 1 < len(ids):
        assert _walk(qtbot, window, 1) == [ids[here + 1]]


def test_least_sure_without_a_model_says_so_and_follows_the_list(qtbot, window):  # type: ignore[no-untyped-def]
    window.action_by_name["order_uncertainty"].trigger()
    qtbot.waitUntil(lambda: not window.navigator.busy(), timeout=60_000)
    assert window.navigator.ranking is None
    ids = window.corpus.article_ids()
    assert window.current_article_id == ids[0]
    assert _walk(qtbot, window, 1) == [ids[1]]
