"""The article list: lazy pages, full-text filter, language/status filters, selection."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import Status
from annotator.gui.article_list import ArticleTableModel
from annotator.gui.main_window import MainWindow
from annotator.store.corpus import Corpus
from tests.gui.conftest import EMOJI_TITLE, SEEDS


def _titles(window: MainWindow) -> list[str]:
    model = window.article_list.model
    return [model.row(n).title for n in range(model.rowCount())]


def test_typing_in_the_filter_box_narrows_the_list(window: MainWindow, qtbot) -> None:
    cnn = [p for p in sorted(SEEDS.glob("*.txt")) if "CNN" in p.read_text(encoding="utf-8")]
    assert len(cnn) == 1
    articles = window.article_list
    assert articles.model.rowCount() == 6

    qtbot.keyClicks(articles.filter_edit, "CNN")
    qtbot.waitUntil(lambda: articles.model.rowCount() == 1, timeout=2000)
    assert _titles(window) == [cnn[0].read_text(encoding="utf-8").split("\n", 1)[0]]
    assert articles.count_label.text() == "1 article"

    articles.filter_edit.clear()
    qtbot.keyClicks(articles.filter_edit, "Pyong")  # a prefix: FTS5 prefix search
    qtbot.waitUntil(lambda: articles.model.rowCount() == 4, timeout=2000)

    articles.filter_edit.clear()
    qtbot.waitUntil(lambda: articles.model.rowCount() == 6, timeout=2000)


def test_language_and_status_filters(window: MainWindow, qtbot) -> None:
    articles = window.article_list
    combo = articles.language_combo
    assert [combo.itemData(i) for i in range(combo.count())] == [None, "id", "en"]
    combo.setCurrentIndex(combo.findData("en"))
    assert _titles(window) == [EMOJI_TITLE]
    combo.setCurrentIndex(combo.findData("id"))
    assert articles.model.rowCount() == 5

    combo.setCurrentIndex(0)
    status = articles.status_combo
    status.setCurrentIndex(status.findData(Status.IN_PROGRESS.value))  # alice labelled one article
    assert _titles(window) == [EMOJI_TITLE]
    assert articles.model.row(0).span_count == 4
    status.setCurrentIndex(status.findData(Status.DONE.value))
    assert articles.model.rowCount() == 0


def test_clicking_a_row_shows_that_article(window: MainWindow, open_corpus: Corpus, qtbot) -> None:
    view = window.article_list.view
    for row in (2, 4):
        rect = view.visualRect(window.article_list.model.index(row, 0))
        assert rect.isValid()
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        article_id = window.article_list.model.row(row).id
        assert window.current_article_id == article_id
        assert window.text_pane.title_label.text() == open_corpus.article(article_id).title
        assert window.text_pane.article is not None
        assert window.text_pane.article.text == open_corpus.article(article_id).text


def test_the_model_fetches_rows_in_pages(open_corpus: Corpus, qtbot) -> None:
    calls: list[tuple[int, int | None]] = []
    original = open_corpus.article_rows

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append((kwargs["offset"], kwargs["limit"]))
        return original(*args, **kwargs)

    open_corpus.article_rows = spy  # type: ignore[method-assign]
    model = ArticleTableModel(open_corpus, "alice", page_size=4)
    model.set_filter()
    assert model.rowCount() == 4 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 6 and not model.canFetchMore() and model.complete
    assert calls == [(0, 4), (4, 4)]
    assert model.data(model.index(0, ArticleTableModel.STATUS)) == "To do"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Title"


def test_outlets_and_dates_of_the_seeds_are_in_the_list(window: MainWindow) -> None:
    """The seeds' metadata.csv gives outlet and date; the list shows both, the day only."""
    articles = window.article_list
    model = articles.model
    assert not articles.view.isColumnHidden(ArticleTableModel.SOURCE)
    assert not articles.view.isColumnHidden(ArticleTableModel.DATE)
    shown = {
        model.index(n, ArticleTableModel.SOURCE).data(): (
            model.index(n, ArticleTableModel.DATE).data(),
            model.index(n, ArticleTableModel.DATE).data(Qt.ItemDataRole.ToolTipRole),
        )
        for n in range(model.rowCount())
    }
    assert shown["CNN Indonesia"] == ("2025-08-13", "2025-08-13T11:08+07:00")
    assert shown["Bisnis.com"] == ("2025-08-13", "2025-08-13T07:56+07:00")
    assert shown["Aktual.com"] == ("", None)


def _selected_ids(window: MainWindow) -> list[int]:
    articles = window.article_list
    rows = articles.view.selectionModel().selectedRows()
    return [articles.model.row(index.row()).id for index in rows]


def test_the_search_box_and_the_rows_answer_keys(
    window: MainWindow, open_corpus: Corpus, qtbot
) -> None:
    articles = window.article_list
    box, view = articles.filter_edit, articles.view
    edit = window.text_pane.text_edit
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    box.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClicks(box, "Pyong")
    qtbot.waitUntil(lambda: articles.model.rowCount() == 4, timeout=2000)
    results = [articles.model.row(n).id for n in range(4)]

    # Down: into the results, the first one selected (and shown, as a selected row is).
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert view.hasFocus()
    assert _selected_ids(window) == [results[0]]
    assert window.current_article_id == results[0]
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert window.current_article_id == results[1]
    # Return on a row: that article, and the focus goes to its text.
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert edit.hasFocus()
    assert window.current_article_id == results[1]

    # Up from the first row goes back to the box.
    view.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert window.current_article_id == results[0]
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert box.hasFocus()

    # Return in the box runs the search at once and opens the first result.
    box.clear()
    qtbot.keyClicks(box, "CNN")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert articles.model.rowCount() == 1
    cnn = articles.model.row(0).id
    assert window.current_article_id == cnn
    assert edit.hasFocus()
    assert window.text_pane.title_label.text() == open_corpus.article(cnn).title


def test_the_open_article_stays_selected_whenever_it_is_shown(
    window: MainWindow, open_corpus: Corpus, qtbot
) -> None:
    articles = window.article_list
    box = articles.filter_edit
    edit = window.text_pane.text_edit
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    box.setText("CNN")
    articles.apply_filter()
    cnn = articles.model.row(0).id
    articles.view.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.mouseClick(
        articles.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=articles.view.visualRect(articles.model.index(0, 0)).center(),
    )
    assert window.current_article_id == cnn

    # Cleared filter, reload, a filter without it and back: selected whenever shown.
    box.clear()
    qtbot.waitUntil(lambda: articles.model.rowCount() == 6, timeout=2000)
    assert _selected_ids(window) == [cnn]
    articles.model.reload()
    assert _selected_ids(window) == [cnn]
    box.setText("Emoji")
    articles.apply_filter()
    assert _selected_ids(window) == []  # not among the rows shown: nothing selected
    assert window.current_article_id == cnn
    box.clear()
    articles.apply_filter()
    assert _selected_ids(window) == [cnn]
    # Return in the box with the open article among the results: that one, the selected.
    box.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.current_article_id == cnn
    assert edit.hasFocus()
