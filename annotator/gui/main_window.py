"""The main window: assembles the article list, the text pane, the label palette, the span
panel, menus and status bar.

It holds no business logic and routes no refreshes: every change (this window's edit, one
replayed after an outage, another user's, a schema change) is published once on the change bus
(:mod:`annotator.gui.bus`) and each view subscribes to it. What the menus do lives in
:class:`~annotator.gui.commands.Commands` (named by the one table in
:mod:`annotator.gui.actions`), labelling gestures in :class:`Labelling`, review mode in
:class:`~annotator.gui.review_mode.ReviewMode`, who may read what in
:class:`~annotator.gui.authorisation.AccessGuard`, the team server's link and banner in
:mod:`annotator.gui.connection`, the active-time clock in :class:`ActivityClock`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from annotator.core.errors import CorpusError
from annotator.core.model import Changes
from annotator.gui.actions import build_actions, retranslate_actions
from annotator.gui.activity import FLUSH_SECONDS, ActivityClock
from annotator.gui.article_list import ArticleList
from annotator.gui.authorisation import AccessGuard, set_checked
from annotator.gui.bus import ChangeBus, Origin, Update
from annotator.gui.cluster_view import ClusterView
from annotator.gui.clustering import ClusterTools
from annotator.gui.commands import Commands
from annotator.gui.connection import Connection, link_team
from annotator.gui.i18n import QT_TRANSLATE_NOOP, translate
from annotator.gui.label_bar import LabelBar
from annotator.gui.labelling import Labelling
from annotator.gui.navigation import Navigator
from annotator.gui.review_mode import ReviewMode
from annotator.gui.review_view import ReviewView
from annotator.gui.settings import set_suggestion_model, settings, suggestion_model
from annotator.gui.span_panel import SpanPanel
from annotator.gui.status_line import StatusLine, corpus_name, display_location, team_server
from annotator.gui.suggest_menu import AnnotatorSources
from annotator.gui.suggesting import Suggesting
from annotator.gui.text_pane import TextPane
from annotator.gui.workers import Runner
from annotator.store.corpus import Corpus

if TYPE_CHECKING:
    from annotator.gui.dialogs.training import TrainingDialog

__all__ = ["DEFAULT_SIZE", "MainWindow", "corpus_name", "display_location", "team_server"]

DEFAULT_SIZE = (1280, 800)
LIST_SHARE = 0.33  # of the window width, for the article list dock
SPAN_SHARE = 0.27  # of the window width, for the span panel dock
# Each mode keeps its own dock layout (QMainWindow.saveState): the labelling one under
# "window/state", review mode's under "review/state".
LABELLING_STATE = "window/state"
REVIEW_STATE = "review/state"
MESSAGE_MS = 6000
EMPTY_CORPUS = QT_TRANSLATE_NOOP(
    "MainWindow", "This corpus has no articles yet. Add some with: annotator import PATH…"
)


class MainWindow(QMainWindow):
    dashboard: QWidget | None = None  # the agreement dashboard, made when first opened
    # File › Connect to team server / Open local corpus: "team" or "local". The app answers
    # (one corpus per process: it closes this window and its corpus, see app.switch_corpus).
    corpus_requested = Signal(str)

    def __init__(
        self,
        corpus: Corpus,
        annotator: str | None = None,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(parent)
        # A team corpus: the views get the link's stand-in (others' changes, dropped
        # connections: gui/team_link.py, gui/connection.py).
        corpus, annotator, self.team = link_team(corpus, annotator, self)
        self.corpus = corpus
        self.annotator = annotator
        self.current_article_id: int | None = None
        self.remember_layout = True  # closing saves the layout (not for screenshots)
        self._closed = False
        self.setObjectName("mainWindow")
        self.bus = ChangeBus()

        self.text_pane = TextPane(corpus.schema, self)
        self.setCentralWidget(self.text_pane)
        self.labelling = Labelling(corpus, annotator, self.text_pane)
        self.labelling.blind = _bool(settings().value("view/blind", True))
        # Suggestions: the rules' and the model's computed on a thread of their own.
        reader = self.team.corpus if self.team is not None else corpus
        self.suggesting = Suggesting(
            self.labelling,
            Runner("suggestions", on_thread_end=reader.close_thread_connection),
            reader,
        )
        self.labelling.suggesting = self.suggesting
        self.suggesting.model_folder = suggestion_model(corpus.location)

        self.article_list = ArticleList(corpus, annotator, self)
        self.navigator = Navigator(corpus, self.article_list)
        self.training_dialog: TrainingDialog | None = None  # Train suggestions model… (modeless)
        self.article_dock = self._dock("articleDock", self.article_list, left=True)
        self.span_panel = SpanPanel(self.labelling, self)
        self.span_dock = self._dock("spanDock", self.span_panel, left=False)

        self.clusters = ClusterTools(self)
        self.cluster_view = ClusterView(corpus, annotator, self)
        self.cluster_dock = QDockWidget(self)
        self.cluster_dock.setObjectName("clusterDock")
        self.cluster_dock.setWidget(self.cluster_view)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.cluster_dock)
        self.cluster_dock.hide()  # View › Cluster view (Ctrl+K) shows it
        self.cluster_view.open_member.connect(self.open_claim)
        self.cluster_view.message.connect(self.say)

        self.commands = Commands(self)
        self.action_by_name: dict[str, QAction] = build_actions(
            self, self.commands, self.text_pane, self.span_panel.view
        )
        self.annotator_sources = AnnotatorSources(self)  # Label › Suggest from annotators
        self.label_bar = LabelBar(self, self.commands, corpus, self.text_pane)
        self.palette_bar = self.label_bar.bar
        self.reviewing = ReviewMode(self)
        for name, dock in (
            ("toggle_article_list", self.article_dock),
            ("toggle_span_panel", self.span_dock),
            ("cluster_view", self.cluster_dock),
        ):
            self.action_by_name[name].setChecked(not dock.isHidden())
            dock.visibilityChanged.connect(self._dock_visibility_changed)
        set_checked(self.action_by_name["blind_mode"], self.labelling.blind)
        self.sync_suggestion_actions()
        keypad = (("accept_suggestion", "Enter"), ("accept_all_suggestions", "Shift+Enter"))
        for name, key in keypad:  # the keypad's Enter does what Return does
            action = self.action_by_name[name]
            action.setShortcuts([action.shortcut(), QKeySequence(key)])
        self.navigator.annotator = annotator
        self.navigator.on_ranked = self.commands.ranked
        self.commands.sync_order()
        self.navigator.rank()  # the order kept for this corpus, ranked in the background
        self.access = AccessGuard(
            corpus, self.labelling, self.action_by_name["blind_mode"], self.say
        )
        self.access.apply()
        self.connection = Connection(self)
        self.banner = self.connection.banner

        self.status = StatusLine(self.statusBar(), corpus, annotator)
        self.location_label, self.who_label = self.status.location_label, self.status.who_label
        self.progress_bar, self.count_label = self.status.progress_bar, self.status.count_label
        self.retranslate()
        self.commands.refresh_undo()

        self.activity = ActivityClock(self, clock) if clock else ActivityClock(self)
        self.flush_timer = QTimer(self)
        self.flush_timer.setInterval(FLUSH_SECONDS * 1000)
        self.flush_timer.timeout.connect(self.flush_active_time)
        self.flush_timer.start()

        self._subscribe_views()
        self.labelling.message.connect(self.say)
        self.article_list.article_selected.connect(self.show_article)
        self.article_list.article_opened.connect(self.open_from_list)
        self.article_list.measure_changed.connect(self.reviewing.measure_changed)
        self.connection.start()
        self.resize(*DEFAULT_SIZE)
        self.resizeDocks(
            [self.article_dock, self.span_dock],
            [int(DEFAULT_SIZE[0] * LIST_SHARE), int(DEFAULT_SIZE[0] * SPAN_SHARE)],
            Qt.Orientation.Horizontal,
        )

    def _dock(self, name: str, widget: QWidget, *, left: bool) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        side = (
            Qt.DockWidgetArea.LeftDockWidgetArea if left else Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.addDockWidget(side, dock)
        return dock

    def _subscribe_views(self) -> None:
        """Every change reaches every view through the bus, once; a new view subscribes here.
        My labelling edits are published as they happen (the text pane shows them first);
        the list rows and the progress follow after the text view has painted."""
        self.labelling.changed.connect(
            lambda changes: self.bus.publish(changes, Origin.LOCAL, self.labelling)
        )
        self.article_list.defer = self.labelling.defer
        self.status.defer = self.labelling.defer
        for subscriber in (
            self.label_bar.on_update,  # palette and hotkeys: a new schema
            self.labelling.on_update,  # the text pane and the span table
            self.span_panel.on_update,  # the span editor: a new schema
            self.article_list.on_update,  # the rows
            self.status.on_update,  # progress and count
            self.commands.on_update,  # Undo / Redo
            self.reviewing.on_update,  # the review view
            self.clusters.on_update,  # C's suggestions: their index
            self.cluster_view.on_update,  # the cluster view
            self._on_update,  # the open article's row after an import
        ):
            self.bus.subscribe(subscriber)

    def _on_update(self, update: Update) -> None:
        if update.new_articles:
            if self.current_article_id is None:
                self.select_first()
            else:
                self.article_list.select_article(self.current_article_id)

    # ------------------------------------------------------------ content
    @property
    def review(self) -> ReviewView | None:
        """Review mode's view, made when first used."""
        return self.reviewing.view

    @property
    def review_mode(self) -> bool:
        return self.reviewing.on

    @property
    def label_actions(self) -> list[QAction]:
        return self.label_bar.actions

    def show_article(self, article_id: int) -> None:
        if article_id == self.current_article_id:
            return
        self.flush_active_time()
        self.current_article_id = article_id
        self.article_list.set_open(article_id)
        self.labelling.load(article_id)
        self.reviewing.load(article_id)
        if self.annotator and self.remember_layout:
            self.navigator.remember(article_id)

    def open_from_list(self, article_id: int) -> None:
        """Return on a list row or in the search box: show the article, go read it."""
        self.show_article(article_id)
        self.text_pane.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def go_to(self, article_id: int) -> None:
        """Open ``article_id``, selecting it in the list when the filter shows it."""
        if not self.article_list.select_article(article_id):
            self.show_article(article_id)

    def open_claim(self, article_id: int, span_id: int) -> None:
        """Enter on a member of the cluster view: its article, the claim in hand."""
        if self.review_mode:
            self.action_by_name["review_mode"].setChecked(False)
        self.go_to(article_id)
        if self.current_article_id == article_id:
            self.labelling.set_current(span_id)
            self.text_pane.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            # again once the new text is laid out (it is, progressively: text_pane.py)
            QTimer.singleShot(0, self.text_pane.text_edit.ensureCursorVisible)

    def open_start(self) -> None:
        """Open the article left open last time on this corpus, else the first one."""
        article_id = self.navigator.last_article()
        if article_id is not None:
            self.go_to(article_id)
            self.text_pane.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.select_first()

    def select_first(self) -> None:
        """Open the first article of the list, or say the corpus is empty."""
        if self.article_list.select_row(0):
            self.article_list.view.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.text_pane.clear(translate("MainWindow", EMPTY_CORPUS))

    def set_annotator(self, name: str) -> None:
        """Label from now on as ``name``: every view shows ``name``'s work."""
        try:  # the store's reader (ADR 0022); on a team corpus, blind mode for this user
            (self.team.corpus if self.team is not None else self.corpus).set_user(name)
        except CorpusError as exc:  # a secured corpus: the login labels, nobody else
            self.say(str(exc))
            return
        self.flush_active_time()
        self.annotator = name
        self.labelling.annotator = name
        self.access.apply()
        self.article_list.model.set_annotator(name)
        self.status.set_annotator(name)
        self.commands.refresh_undo()
        self.cluster_view.set_annotator(name)
        if self.current_article_id is not None:
            self.article_list.select_article(self.current_article_id)
            self.labelling.load(self.current_article_id)
        settings().setValue("annotator", name)

    def set_suggestion_model(self, folder: Path) -> None:
        """Suggest from the model in ``folder`` (chosen, or just trained in the app): kept for
        this corpus on this machine (a local path), ``settings.suggestion_model``."""
        set_suggestion_model(self.corpus.location, folder)
        self.suggesting.set_model(folder)
        self.say(
            translate("MainWindow", "Suggesting from the model in {folder}").format(folder=folder)
        )

    def sync_suggestion_actions(self) -> None:
        """The Label menu's source toggles as the corpus keeps them."""
        for name in ("memory", "gazetteer", "rules", "model"):
            set_checked(self.action_by_name[f"suggest_{name}"], name in self.suggesting.sources)

    def schema_changed(self, changes: Changes) -> None:
        """A schema change made here (the schema editor): on the bus, as every change."""
        self.bus.publish(changes, Origin.LOCAL)

    def say(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)

    def flush_active_time(self) -> None:
        seconds = self.activity.take()
        if self.annotator and self.current_article_id is not None and seconds > 0:
            self.corpus.add_active_time(self.current_article_id, self.annotator, seconds)

    def _dock_visibility_changed(self, _visible: bool) -> None:
        if self.isVisible() and not self.isMinimized():
            for name, dock in (
                ("toggle_article_list", self.article_dock),
                ("toggle_span_panel", self.span_dock),
                ("cluster_view", self.cluster_dock),
            ):
                set_checked(self.action_by_name[name], not dock.isHidden())

    # ------------------------------------------------------------ language
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange and self._closed:
            return True  # a closed window (its corpus may be closed too) has nothing to show
        return super().event(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._retranslate_views()
        elif (
            event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
            and not self._closed
        ):
            self.suggesting.gazetteer_changed()  # imported from a terminal meanwhile?
        super().changeEvent(event)

    def _retranslate_views(self) -> None:
        """The texts the span panel and text pane set when they show something."""
        editor = self.span_panel.editor
        editor.delete_button.setText(translate("SpanPanel", "Delete span"))
        editor.rebuild()
        self.span_panel.refresh()
        self.span_panel.model.retranslate()  # headers, attribute names
        self.text_pane.text_edit.setPlaceholderText(
            translate("TextPane", "Choose an article from the list.")
        )
        if self.current_article_id is not None and not self.review_mode:
            self.labelling.reload()

    def retranslate(self) -> None:
        """Set every text of the window in the GUI's language (at start and on a switch)."""
        server = team_server(self.corpus.location)
        self.setWindowTitle(
            self.tr("Annotator — {corpus}").format(
                corpus=server or corpus_name(self.corpus.location)
            )
        )
        self.article_dock.setWindowTitle(self.tr("Articles"))
        self.span_dock.setWindowTitle(self.tr("Spans"))
        self.cluster_dock.setWindowTitle(self.tr("Clusters"))
        self.cluster_view.retranslate()
        self.label_bar.retranslate()
        retranslate_actions(self, self.action_by_name)
        self.annotator_sources.retranslate()
        self.access.show_lock()
        self.status.retranslate()
        if self.current_article_id is None and self.corpus.article_count() == 0:
            self.text_pane.clear(translate("MainWindow", EMPTY_CORPUS))

    # ------------------------------------------------------------ layout
    def save_layout(self, store: QSettings | None = None) -> None:
        store = store or settings()
        store.setValue("window/geometry", self.saveGeometry())
        labelling, review = self.reviewing.states()
        store.setValue(LABELLING_STATE, labelling)
        if review is not None:
            store.setValue(REVIEW_STATE, review)
        store.setValue("text/point_size", self.text_pane.point_size)
        store.sync()

    def restore_layout(self, store: QSettings | None = None) -> None:
        store = store or settings()
        geometry = store.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = store.value(LABELLING_STATE)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        review = store.value(REVIEW_STATE)  # applied when review mode opens
        self.reviewing.review_state = review if isinstance(review, QByteArray) else None
        size = store.value("text/point_size")
        if isinstance(size, (int, float, str)):
            with contextlib.suppress(ValueError):
                self.text_pane.set_point_size(float(size))
        self.action_by_name["toggle_article_list"].setChecked(not self.article_dock.isHidden())
        self.action_by_name["toggle_span_panel"].setChecked(not self.span_dock.isHidden())
        self.action_by_name["cluster_view"].setChecked(not self.cluster_dock.isHidden())

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.team is not None:
            self.team.stop()
        self.clusters.stop()  # C's index reader (its thread and connection)
        self.suggesting.stop()
        self.navigator.stop()
        training = self.training_dialog
        if training is not None:  # a training in its process stops with the window
            training.cancel_if_running()
        # Refreshes deferred to after the next paint run now, while the corpus is open (the
        # caller closes it next: quitting, switching corpus).
        self.labelling.run_later()
        self.flush_active_time()
        self.activity.stop()
        self.flush_timer.stop()
        if self.remember_layout:
            self.save_layout()
        super().closeEvent(event)
        self._closed = event.isAccepted()


def _bool(value: object) -> bool:
    """A QSettings value as bool (INI files give back "true"/"false")."""
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)
