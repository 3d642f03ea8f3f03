"""Stories in the window (issue 16): the article list's story filter and column, an article's
story set from the Article menu, and suggested stories accepted. Driven by keys and clicks,
checked in the store."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.gui.article_list import ArticleTableModel
from annotator.gui.dialogs.stories import StoryDialog, StorySuggestionsDialog
from annotator.gui.main_window import MainWindow
from annotator.store.corpus import Corpus
from tests.gui.conftest import ANNOTATOR, EMOJI_TITLE, SeedCorpus
from tests.gui.util import answer_modal, db_rows


def _titles(window: MainWindow) -> list[str]:
    model = window.article_list.model
    return [model.row(n).title for n in range(model.rowCount())]


def test_the_list_filters_by_story_and_shows_it(
    window: MainWindow, open_corpus: Corpus, qtbot
) -> None:
    articles = window.article_list
    combo = articles.story_combo
    (story,) = open_corpus.stories()
    # the Story column where the list is wide enough to leave the titles room; the title's
    # tooltip names the story in any case
    assert combo.isVisible() and articles.view.viewport().width() < 640
    assert articles.view.isColumnHidden(ArticleTableModel.STORY)
    tip = articles.model.index(0, ArticleTableModel.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith(f"\nStory: {story.name}")
    window.resize(1920, 1200)
    window.resizeDocks([window.article_dock], [900], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: not articles.view.isColumnHidden(ArticleTableModel.STORY))
    header = articles.view.horizontalHeader()
    assert (
        header.visualIndex(ArticleTableModel.STORY)
        == header.visualIndex(ArticleTableModel.DATE) + 1
    )
    assert [combo.itemData(i) for i in range(combo.count())] == [None, story.id]
    assert combo.itemText(1) == f"{story.name} (5)"
    assert articles.model.rowCount() == 6
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the story
    qtbot.waitUntil(lambda: articles.model.rowCount() == 5, timeout=2000)
    assert EMOJI_TITLE not in _titles(window)
    model = articles.model
    assert {model.data(model.index(r, ArticleTableModel.STORY)) for r in range(5)} == {story.name}
    assert articles.view.isColumnHidden(ArticleTableModel.STORY)  # one story shown: says nothing
    assert articles.count_label.text() == "5 articles"
    # with the status filter too: alice's only labelled article is in no story
    articles.status_combo.setCurrentIndex(articles.status_combo.findData("in_progress"))
    assert articles.model.rowCount() == 0
    articles.status_combo.setCurrentIndex(0)
    qtbot.keyClick(combo, Qt.Key.Key_Up)  # all stories
    qtbot.waitUntil(lambda: articles.model.rowCount() == 6, timeout=2000)


def test_the_article_menu_sets_the_open_article_s_story(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    articles = window.article_list
    assert articles.select_article(seed_corpus.emoji_id)

    def name_it(dialog: StoryDialog) -> None:
        edit = dialog.combo.lineEdit()
        edit.selectAll()
        qtbot.keyClicks(edit, "  Emoji   tests ")
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    answered = answer_modal(StoryDialog, name_it)
    window.action_by_name["set_story"].trigger()
    assert answered
    rows = db_rows(
        seed_corpus.path,
        "SELECT s.name FROM article a JOIN story s ON s.id = a.story_id WHERE a.id = ?",
        seed_corpus.emoji_id,
    )
    assert rows == [("Emoji tests",)]
    assert open_corpus.article(seed_corpus.emoji_id).meta["story"] == "Emoji tests"
    combo = articles.story_combo
    assert combo.count() == 3 and combo.findText("Emoji tests (1)") > 0
    row = articles.model.row_of(seed_corpus.emoji_id)
    assert row is not None
    cell = articles.model.index(row, ArticleTableModel.STORY)
    qtbot.waitUntil(lambda: cell.data() == "Emoji tests", timeout=2000)
    # cleared: in no story again
    answered = answer_modal(StoryDialog, lambda d: (d.combo.setCurrentIndex(0), d.accept()))
    window.action_by_name["set_story"].trigger()
    assert answered and open_corpus.article(seed_corpus.emoji_id).story_id is None
    assert combo.count() == 2


def test_suggested_stories_are_accepted_from_the_menu(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    """The five seeds taken out of their story, three given a few shared entities: the dialog
    suggests one new story of three; Accept puts them in it."""
    seeds = [i for i in open_corpus.article_ids() if i != seed_corpus.emoji_id]
    open_corpus.set_story(seeds, None, ANNOTATOR)
    for a in seeds[:3]:
        text = open_corpus.article_text(a)
        for needle, label in (("Putin", "PERSON"), ("Trump", "PERSON"), ("Kim Jong", "PERSON")):
            start = text.index(needle)
            open_corpus.add_span(a, ANNOTATOR, start, start + len(needle), label)
    window.article_list.refresh_stories()
    assert not window.article_list.story_combo.isVisible()

    def accept(dialog: StorySuggestionsDialog) -> None:
        with qtbot.waitSignal(dialog.ready, timeout=5000):
            pass
        assert dialog.accept_button.isEnabled(), dialog.summary.text()
        assert dialog.list.count() == 1
        assert dialog.list.item(0).text().startswith("New story “")
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)

    answered = answer_modal(StorySuggestionsDialog, accept)
    window.action_by_name["suggest_stories"].trigger()
    assert answered
    (story,) = open_corpus.stories()
    assert story.articles == 3 and "Putin" in story.name
    assert [r.id for r in open_corpus.article_rows(story=story.id)] == seeds[:3]
    assert window.article_list.story_combo.isVisible()
    assert window.article_list.story_combo.itemText(1) == f"{story.name} (3)"
