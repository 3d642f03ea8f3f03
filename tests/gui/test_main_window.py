"""The main window opens on the corpus; menus come from the one actions table."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from annotator.gui.actions import ACTIONS, MENUS
from annotator.gui.main_window import MainWindow, display_location
from annotator.store.corpus import Corpus
from tests.gui.conftest import ANNOTATOR, SeedCorpus


def test_window_opens_on_the_first_article(window: MainWindow, seed_corpus: SeedCorpus) -> None:
    assert window.windowTitle() == f"Annotator — {seed_corpus.path.name}"
    assert window.article_list.model.rowCount() == 6
    assert str(seed_corpus.path) in window.location_label.text()
    assert window.count_label.text() == "6 articles"
    first = seed_corpus.seed_titles[0]
    assert window.text_pane.title_label.text() == first
    assert window.current_article_id == window.article_list.model.row(0).id
    assert "Indonesian (id" in window.text_pane.meta_label.text()


def test_menus_are_built_from_the_actions_table(window: MainWindow) -> None:
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert list(menus) == [m.text for m in MENUS]
    for spec in ACTIONS:
        action = window.action_by_name[spec.name]
        menu_text = next(m.text for m in MENUS if m.name == spec.menu)
        assert action in menus[menu_text].actions(), spec.name
        assert action.shortcut() == QKeySequence(spec.shortcut), spec.name
    assert window.action_by_name["quit"].shortcut().toString() == "Ctrl+Q"


def test_view_menu_hides_and_shows_the_article_list(window: MainWindow, qtbot) -> None:
    toggle = window.action_by_name["toggle_article_list"]
    assert toggle.isChecked() and window.article_dock.isVisible()
    toggle.trigger()
    assert not window.article_dock.isVisible()
    assert not toggle.isChecked()
    toggle.trigger()
    assert window.article_dock.isVisible()


def test_text_size_actions(window: MainWindow) -> None:
    size = window.text_pane.point_size
    window.action_by_name["text_larger"].trigger()
    assert window.text_pane.point_size == size + 1
    assert window.text_pane.text_edit.document().defaultFont().pointSizeF() == size + 1
    window.action_by_name["text_reset"].trigger()
    assert window.text_pane.point_size == size


def test_layout_and_text_size_survive_a_restart(
    window: MainWindow, open_corpus: Corpus, qtbot, _settings_in_tmp
) -> None:
    window.action_by_name["toggle_article_list"].trigger()
    window.action_by_name["text_larger"].trigger()
    size = window.text_pane.point_size
    window.close()
    assert list(_settings_in_tmp.rglob("*.ini")), "settings were not written to the tmp folder"

    again = MainWindow(open_corpus, ANNOTATOR)
    qtbot.addWidget(again)
    again.restore_layout()
    again.show()
    assert again.article_dock.isHidden()
    assert not again.action_by_name["toggle_article_list"].isChecked()
    assert again.text_pane.point_size == size


def test_empty_corpus_says_how_to_add_articles(qtbot, tmp_path) -> None:
    with Corpus.open(tmp_path / "empty.sqlite3") as corpus:
        win = MainWindow(corpus)
        qtbot.addWidget(win)
        win.show()
        win.select_first()
        assert win.article_list.model.rowCount() == 0
        assert "annotator import" in win.text_pane.text_edit.placeholderText()
        assert win.count_label.text() == "0 articles"
        win.close()


def test_a_url_shows_without_its_password() -> None:
    shown = display_location("postgresql://ann:s3cret@db.example:5432/news")
    assert "s3cret" not in shown
    assert shown == "postgresql://ann@db.example:5432/news"
    assert display_location("/data/corpus.sqlite3") == "/data/corpus.sqlite3"
