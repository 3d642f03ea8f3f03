"""The main window: assembles the article list, the text pane, menus and status bar.

It holds no business logic: it asks ``Corpus`` for what a view shows and hands it over.
Menus and shortcuts come from the one table in :mod:`annotator.gui.actions`; each of its
``slot`` names is a method here.
"""

from __future__ import annotations

import contextlib
from importlib import metadata
from pathlib import PurePath
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QWidget

from annotator.gui.actions import build_actions
from annotator.gui.article_list import ArticleList
from annotator.gui.settings import settings
from annotator.gui.text_pane import DEFAULT_POINT_SIZE, TextPane
from annotator.store.corpus import Corpus

DEFAULT_SIZE = (1280, 800)
LIST_SHARE = 0.42  # of the window width, for the article list dock
EMPTY_CORPUS = "This corpus has no articles yet. Add some with: annotator import PATH…"


def display_location(location: str) -> str:
    """The corpus location for people to read: a URL loses its password."""
    if "://" not in location:
        return location
    parts = urlsplit(location)
    if parts.password is None:
        return location
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


def corpus_name(location: str) -> str:
    if "://" in location:
        return PurePath(urlsplit(location).path).name or display_location(location)
    return PurePath(location).name


class MainWindow(QMainWindow):
    def __init__(
        self, corpus: Corpus, annotator: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.corpus = corpus
        self.annotator = annotator
        self.current_article_id: int | None = None
        self.remember_layout = True  # closing saves the layout (not for screenshots)
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"Annotator — {corpus_name(corpus.location)}")

        self.text_pane = TextPane(corpus.schema, self)
        self.setCentralWidget(self.text_pane)

        self.article_list = ArticleList(corpus, annotator, self)
        self.article_dock = QDockWidget("Articles", self)
        self.article_dock.setObjectName("articleDock")
        self.article_dock.setWidget(self.article_list)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.article_dock)

        self.action_by_name: dict[str, QAction] = build_actions(self)
        toggle = self.action_by_name["toggle_article_list"]
        toggle.setChecked(True)
        self.article_dock.visibilityChanged.connect(self._dock_visibility_changed)

        self.location_label = QLabel(f"Corpus: {display_location(corpus.location)}")
        self.location_label.setObjectName("corpusLocation")
        self.count_label = QLabel()
        self.count_label.setObjectName("corpusCount")
        self.statusBar().addWidget(self.location_label, 1)
        if annotator:
            who = QLabel(f"Annotator: {annotator}")
            who.setObjectName("annotatorName")
            who.setContentsMargins(0, 0, 16, 0)
            self.statusBar().addPermanentWidget(who)
        self.statusBar().addPermanentWidget(self.count_label)
        self.refresh_count()

        self.article_list.article_selected.connect(self.show_article)
        self.resize(*DEFAULT_SIZE)
        self.resizeDocks(
            [self.article_dock], [int(DEFAULT_SIZE[0] * LIST_SHARE)], Qt.Orientation.Horizontal
        )

    # ------------------------------------------------------------ content
    def show_article(self, article_id: int) -> None:
        article = self.corpus.article(article_id)
        spans = self.corpus.spans(article_id, self.annotator)
        self.text_pane.set_article(article, spans)
        self.current_article_id = article_id

    def select_first(self) -> None:
        """Open the first article of the list, or say the corpus is empty."""
        if self.article_list.select_row(0):
            self.article_list.view.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.text_pane.clear(EMPTY_CORPUS)

    def refresh_count(self) -> None:
        n = self.corpus.article_count()
        self.count_label.setText(f"{n:,} article{'' if n == 1 else 's'}")

    # ------------------------------------------------------------ action slots
    def focus_filter(self) -> None:
        self.article_dock.show()
        self.article_list.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.article_list.filter_edit.selectAll()

    def set_article_list_visible(self, visible: bool) -> None:
        self.article_dock.setVisible(visible)

    def _dock_visibility_changed(self, visible: bool) -> None:
        if self.isVisible() and not self.isMinimized():
            toggle = self.action_by_name["toggle_article_list"]
            toggle.blockSignals(True)
            toggle.setChecked(not self.article_dock.isHidden())
            toggle.blockSignals(False)

    def text_larger(self) -> None:
        self.text_pane.set_point_size(self.text_pane.point_size + 1)

    def text_smaller(self) -> None:
        self.text_pane.set_point_size(self.text_pane.point_size - 1)

    def text_reset(self) -> None:
        self.text_pane.set_point_size(DEFAULT_POINT_SIZE)

    def about(self) -> None:
        QMessageBox.about(self, "About Annotator", about_text())

    # ------------------------------------------------------------ layout
    def save_layout(self, store: QSettings | None = None) -> None:
        store = store or settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())
        store.setValue("text/point_size", self.text_pane.point_size)
        store.sync()

    def restore_layout(self, store: QSettings | None = None) -> None:
        store = store or settings()
        geometry = store.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = store.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        size = store.value("text/point_size")
        if isinstance(size, (int, float, str)):
            with contextlib.suppress(ValueError):
                self.text_pane.set_point_size(float(size))
        self.action_by_name["toggle_article_list"].setChecked(not self.article_dock.isHidden())

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.remember_layout:
            self.save_layout()
        super().closeEvent(event)


def about_text() -> str:
    try:
        version = metadata.version("annotator")
    except metadata.PackageNotFoundError:
        version = "development"
    return (
        f"<h3>Annotator {version}</h3>"
        "<p>Label entities and claims in news articles by hand, measure agreement between "
        "annotators and export training corpora.</p>"
    )
