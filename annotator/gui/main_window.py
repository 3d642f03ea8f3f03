"""The main window: assembles the article list, the text pane, the label palette, the span
panel, menus and status bar.

It holds no business logic: labelling gestures live in :class:`Labelling`, the active-time
clock in :class:`ActivityClock`; the window asks ``Corpus`` for what a view shows, hands it
over, and after each edit refreshes the views its ``Changes`` name. Menus and shortcuts come
from the one table in :mod:`annotator.gui.actions`; each of its ``slot`` names is a method here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import PurePath
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QProgressBar,
    QToolBar,
    QWidget,
)

from annotator.core.errors import CorpusError
from annotator.core.model import Changes, Status
from annotator.gui.actions import (
    build_actions,
    build_label_actions,
    label_tip,
    retranslate_actions,
)
from annotator.gui.activity import FLUSH_SECONDS, ActivityClock
from annotator.gui.article_list import ArticleList
from annotator.gui.dialogs.export import ExportDialog
from annotator.gui.dialogs.identity import ask_annotator
from annotator.gui.dialogs.importing import ImportDialog, ImportRun
from annotator.gui.dialogs.schema_editor import SchemaEditor
from annotator.gui.i18n import QT_TRANSLATE_NOOP, translate
from annotator.gui.labelling import ABOUT, SPEAKER, Labelling
from annotator.gui.navigation import Navigator
from annotator.gui.review_view import ReviewView, agreement_scores
from annotator.gui.settings import settings
from annotator.gui.span_panel import SpanPanel
from annotator.gui.team_link import ConnectionBanner, TeamLink
from annotator.gui.text_pane import DEFAULT_POINT_SIZE, TextPane
from annotator.gui.undo_text import undo_message
from annotator.store import team
from annotator.store.corpus import Corpus
from annotator.store.errors import StoreError

DEFAULT_SIZE = (1280, 800)
LIST_SHARE = 0.33  # of the window width, for the article list dock
SPAN_SHARE = 0.27  # of the window width, for the span panel dock
REVIEW_LIST_SHARE = 0.25  # the article list's share in review mode, until the reviewer sets it
# Each mode keeps its own dock layout (QMainWindow.saveState): the labelling one under
# "window/state", review mode's under "review/state".
LABELLING_STATE = "window/state"
REVIEW_STATE = "review/state"
MESSAGE_MS = 6000
EMPTY_CORPUS = QT_TRANSLATE_NOOP(
    "MainWindow", "This corpus has no articles yet. Add some with: annotator import PATH…"
)


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


def team_server(location: str) -> str | None:
    """``user@host:port/dbname`` of a team corpus's URL; None for a local file."""
    if not team.is_team_url(location):
        return None
    try:
        return team.parse_url(location).key
    except StoreError:
        return display_location(location)


def corpus_name(location: str) -> str:
    if "://" in location:
        return PurePath(urlsplit(location).path).name or display_location(location)
    return PurePath(location).name


class MainWindow(QMainWindow):
    dashboard: QWidget | None = None  # the agreement dashboard, made when first opened
    blind_forced = False  # a team corpus's non-reviewer: blind mode cannot be turned off
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
        # connections: gui/team_link.py); the store enforces blind mode for this user.
        self.team: TeamLink | None = TeamLink(corpus, self) if corpus.is_team else None
        if self.team is not None:
            if corpus.is_secured():  # the server lets this login label as itself only
                annotator = corpus.user
            elif annotator:
                corpus.set_user(annotator)
            corpus = self.team.stand_in
        elif annotator:  # the store reads others' labels for a named user only (ADR 0022)
            corpus.set_user(annotator)
        self.corpus = corpus
        self.annotator = annotator
        self.current_article_id: int | None = None
        self._rows_due: set[int] = set()  # list rows and progress to refresh: after_change
        self._progress_due = False
        self.remember_layout = True  # closing saves the layout (not for screenshots)
        self._closed = False
        self.setObjectName("mainWindow")
        store = settings()

        self.text_pane = TextPane(corpus.schema, self)
        self.setCentralWidget(self.text_pane)
        self.labelling = Labelling(corpus, annotator, self.text_pane)
        self.labelling.blind = _bool(store.value("view/blind", True))

        self.article_list = ArticleList(corpus, annotator, self)
        self.navigator = Navigator(corpus, self.article_list)
        self.article_dock = QDockWidget(self)
        self.article_dock.setObjectName("articleDock")
        self.article_dock.setWidget(self.article_list)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.article_dock)

        self.span_panel = SpanPanel(self.labelling, self)
        self.span_dock = QDockWidget(self)
        self.span_dock.setObjectName("spanDock")
        self.span_dock.setWidget(self.span_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.span_dock)

        self.action_by_name: dict[str, QAction] = build_actions(
            self, self.text_pane, self.span_panel.view
        )
        self.review: ReviewView | None = None  # review mode's view, made when first used
        self._labelling_state: QByteArray | None = None  # kept while review mode is on
        self._review_state: QByteArray | None = None  # review mode's, while labelling
        self._enable_review_actions(False)
        self.palette_bar = QToolBar(self)
        self.palette_bar.setObjectName("labelPalette")
        self.palette_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.palette_bar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.palette_bar)
        self.rebuild_labels()
        for name, dock in (
            ("toggle_article_list", self.article_dock),
            ("toggle_span_panel", self.span_dock),
        ):
            self.action_by_name[name].setChecked(True)
            dock.visibilityChanged.connect(self._dock_visibility_changed)
        _set_checked(self.action_by_name["blind_mode"], self.labelling.blind)
        self.apply_access()
        self.banner = ConnectionBanner(self)
        self.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner)

        self.location_label = QLabel()
        self.location_label.setObjectName("corpusLocation")
        self.count_label = QLabel()
        self.count_label.setObjectName("corpusCount")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("progress")
        self.progress_bar.setMaximumWidth(160)
        self.statusBar().addWidget(self.location_label, 1)
        self.who_label = QLabel()
        self.who_label.setObjectName("annotatorName")
        self.who_label.setContentsMargins(0, 0, 16, 0)
        self.statusBar().addPermanentWidget(self.who_label)
        self.statusBar().addPermanentWidget(self.progress_bar)
        self.statusBar().addPermanentWidget(self.count_label)
        self.who_label.setVisible(bool(annotator))
        self.progress_bar.setVisible(bool(annotator))
        self.retranslate()
        self.refresh_undo()

        self.activity = ActivityClock(self, clock) if clock else ActivityClock(self)
        self.flush_timer = QTimer(self)
        self.flush_timer.setInterval(FLUSH_SECONDS * 1000)
        self.flush_timer.timeout.connect(self.flush_active_time)
        self.flush_timer.start()

        self.labelling.changed.connect(self.after_change)
        self.labelling.message.connect(self.say)
        self.article_list.article_selected.connect(self.show_article)
        self.article_list.article_opened.connect(self.open_from_list)
        self.article_list.measure_changed.connect(self._review_measure_changed)
        if self.team is not None:
            self.team.others_changed.connect(self.refresh_from_others)
            self.team.replayed.connect(self._replayed)
            self.team.connection_changed.connect(self._connection_changed)
            self.team.message.connect(self.say)
            self.team.start()
        self.resize(*DEFAULT_SIZE)
        self.resizeDocks(
            [self.article_dock, self.span_dock],
            [int(DEFAULT_SIZE[0] * LIST_SHARE), int(DEFAULT_SIZE[0] * SPAN_SHARE)],
            Qt.Orientation.Horizontal,
        )

    # ------------------------------------------------------------ content
    def show_article(self, article_id: int) -> None:
        if article_id == self.current_article_id:
            return
        self.flush_active_time()
        self.current_article_id = article_id
        self.article_list.set_open(article_id)
        self.labelling.load(article_id)
        if self.review_mode and self.review is not None:
            self.review.load(article_id)
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

    def open_start(self) -> None:
        """Open the article left open last time on this corpus, else the first one."""
        article_id = self.navigator.last_article()
        if article_id is not None:
            self.go_to(article_id)
            self.text_pane.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.select_first()

    def rebuild_labels(self) -> None:
        """(Re)make the label actions and the palette from the corpus's schema."""
        self.text_pane.schema = self.corpus.schema
        self.label_actions = build_label_actions(self, self.corpus.schema)
        self.palette_bar.clear()
        for action in self.label_actions:
            self.palette_bar.addAction(action)
            button = self.palette_bar.widgetForAction(action)
            if button is not None:
                button.setObjectName(f"palette_{action.objectName()}")

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
        self.apply_access()
        self.article_list.model.set_annotator(name)
        self.who_label.setText(self.tr("Annotator: {name}").format(name=name))
        self.who_label.show()
        self.progress_bar.show()
        self.refresh_progress()
        self.refresh_undo()
        if self.current_article_id is not None:
            self.article_list.select_article(self.current_article_id)
            self.labelling.load(self.current_article_id)
        settings().setValue("annotator", name)

    def schema_changed(self, changes: Changes) -> None:
        """The schema editor saved a change: new palette and hotkeys, spans redrawn."""
        self.rebuild_labels()
        self.labelling.reload()
        self.span_panel.editor.rebuild()
        self.after_change(changes)

    def after_change(self, changes: Changes) -> None:
        """Refresh what a store edit changed beyond the article on show.

        The list rows and the progress count are not where the user looks while labelling:
        they are refreshed in the pass after the text view has painted (``Labelling.defer``),
        several edits before it in one go."""
        due = not self._rows_due and not self._progress_due
        self._rows_due |= changes.article_ids
        self._progress_due |= changes.status_changed
        if due and (self._rows_due or self._progress_due):
            self.labelling.defer(self._refresh_changed)
        if changes.gold_changed and self.review_mode and self.review is not None:
            self.review.refresh()  # an undo or redo of a gold decision
        if changes.event_id is not None and not changes.schema_changed:
            self._set_undo(True, False)  # my edit: undoable, and nothing left to redo

    def refresh_undo(self) -> None:
        """Enable Undo / Redo only when I have a change to undo / redo (asked of the store on
        start, on switching annotator, after an undo or redo and a review decision; an edit
        of mine needs no query: see after_change)."""
        me = self.annotator
        if not me:
            self._set_undo(False, False)
        else:
            self._set_undo(self.corpus.can_undo(me), self.corpus.can_redo(me))

    def _set_undo(self, undo: bool, redo: bool) -> None:
        self.action_by_name["undo"].setEnabled(undo)
        self.action_by_name["redo"].setEnabled(redo)

    def _refresh_changed(self) -> None:
        rows, self._rows_due = self._rows_due, set()
        progress, self._progress_due = self._progress_due, False
        for article_id in sorted(rows):
            self.article_list.model.refresh_article(article_id)
        if progress:
            self.refresh_progress()

    def say(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)

    def refresh_progress(self) -> None:
        if not self.annotator:
            return
        done, total = self.corpus.progress(self.annotator)
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.progress_bar.setToolTip(
            self.tr("You marked {done} of {total} articles done").format(done=done, total=total)
        )

    def flush_active_time(self) -> None:
        seconds = self.activity.take()
        if self.annotator and self.current_article_id is not None and seconds > 0:
            self.corpus.add_active_time(self.current_article_id, self.annotator, seconds)

    def select_first(self) -> None:
        """Open the first article of the list, or say the corpus is empty."""
        if self.article_list.select_row(0):
            self.article_list.view.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.text_pane.clear(translate("MainWindow", EMPTY_CORPUS))

    def refresh_count(self) -> None:
        n = self.corpus.article_count()
        self.count_label.setText(self.tr("%Ln article(s)", "", n))

    # ------------------------------------------------------------ action slots: labelling
    def apply_label(self, label: str) -> None:
        self.labelling.label_selection(label)

    def delete_span(self) -> None:
        if self.span_panel.view.hasFocus() and self.labelling.current is not None:
            self.labelling.delete(self.labelling.current)
        else:
            self.labelling.delete_at_cursor()

    def next_span(self) -> None:
        self.labelling.walk(+1)

    def previous_span(self) -> None:
        self.labelling.walk(-1)

    def clear_selection(self) -> None:
        self.labelling.escape()

    def move_start_left(self) -> None:
        self.labelling.move_boundary("start", -1)

    def move_start_right(self) -> None:
        self.labelling.move_boundary("start", +1)

    def move_end_left(self) -> None:
        self.labelling.move_boundary("end", -1)

    def move_end_right(self) -> None:
        self.labelling.move_boundary("end", +1)

    # S / A and Shift+S / Shift+A: the claim's links, in review mode gold's (review_view.py).
    def link_speaker(self) -> None:
        if self.review_mode and self.review is not None:
            self.review.start_link(SPEAKER)
        else:
            self.labelling.start_link(SPEAKER)

    def choose_speaker(self) -> None:
        if self.review_mode and self.review is not None:
            self.review.choose_link(SPEAKER)
        else:
            self.labelling.choose_link(SPEAKER)

    def link_about(self) -> None:
        if self.review_mode and self.review is not None:
            self.review.start_link(ABOUT)
        else:
            self.labelling.start_link(ABOUT)

    def choose_about(self) -> None:
        if self.review_mode and self.review is not None:
            self.review.choose_link(ABOUT)
        else:
            self.labelling.choose_link(ABOUT)

    def set_character_mode(self, on: bool) -> None:
        self.labelling.char_mode = on
        self.say(
            self.tr("Character mode: spans are exactly what you select")
            if on
            else self.tr("Word mode")
        )

    def undo(self) -> None:
        self._step(backwards=True)

    def redo(self) -> None:
        self._step(backwards=False)

    def _step(self, *, backwards: bool) -> None:
        """Undo or redo my last change; if it was on another article, go there."""
        me = self.annotator
        if not me:
            return
        if not (self.corpus.can_undo(me) if backwards else self.corpus.can_redo(me)):
            self.say(self.tr("Nothing to undo") if backwards else self.tr("Nothing to redo"))
            return
        step = self.corpus.undo if backwards else self.corpus.redo
        changes = self.labelling.edit(lambda: step(me))
        self.refresh_undo()
        if changes is None:
            return
        if changes.article_ids and self.current_article_id not in changes.article_ids:
            self.go_to(min(changes.article_ids))
        self.say(undo_message(changes.replayed, backwards=backwards))  # what was undone/redone

    def switch_annotator(self) -> None:
        name = ask_annotator(self, self.corpus, self.annotator)
        if name and name != self.annotator:
            self.set_annotator(name)

    def import_files(self) -> None:
        # The real corpus, not the team link's stand-in: the import runs on the worker thread,
        # and a dropped connection there is the import's own error (nothing of that file lands).
        corpus = self.team.corpus if self.team is not None else self.corpus
        dialog = ImportDialog(corpus, self.annotator, self)
        dialog.imported.connect(self.after_import)
        dialog.exec()
        dialog.deleteLater()

    def after_import(self, run: ImportRun) -> None:
        """An import finished: new articles in the list and the counts, new labels' hotkeys."""
        report = run.report
        if report.labels_added or report.relations_added:
            self.schema_changed(Changes(schema_changed=True))
        if report.articles or report.spans or report.gold_spans:
            self.article_list.model.reload()
            if self.current_article_id is None:
                self.select_first()
            else:
                self.article_list.select_article(self.current_article_id)
                self.labelling.reload()
            self.refresh_count()
            self.refresh_progress()

    def export(self) -> None:
        dialog = ExportDialog(self.corpus, self.annotator, self)
        dialog.exec()
        dialog.deleteLater()

    def edit_schema(self) -> None:
        editor = SchemaEditor(self.corpus, self, by=self.annotator or "")
        editor.schema_changed.connect(self.schema_changed)
        editor.exec()
        editor.deleteLater()

    # ------------------------------------------------------------ action slots: articles
    def mark_done(self) -> None:
        self._mark(Status.DONE)

    def mark_skipped(self) -> None:
        self._mark(Status.SKIPPED)

    def _mark(self, status: Status) -> None:
        if not self.annotator or self.current_article_id is None:
            return
        me, article_id = self.annotator, self.current_article_id
        if self.labelling.edit(lambda: self.corpus.set_status(article_id, me, status)):
            self.say(STATUS_MESSAGES[status]())

    def next_article(self) -> None:
        self._step_article(+1)

    def previous_article(self) -> None:
        self._step_article(-1)

    def _step_article(self, step: int) -> None:
        if not self.navigator.step(self.current_article_id, step):
            self.say(self.tr("No more articles this way"))

    def next_not_done(self) -> None:
        if not self.annotator:
            return
        article_id = self.navigator.next_not_done(self.current_article_id, self.annotator)
        if article_id is None:
            self.say(self.tr("You have finished every article"))
        else:
            self.go_to(article_id)

    # ------------------------------------------------------------ action slots: view
    def set_span_panel_visible(self, visible: bool) -> None:
        self.span_dock.setVisible(visible)

    def set_blind_mode(self, blind: bool) -> None:
        self.labelling.set_blind(blind)
        store = settings()
        store.setValue("view/blind", blind)
        self.say(
            self.tr("Blind mode: others' spans hidden")
            if blind
            else self.tr("Showing others' spans")
        )

    def focus_filter(self) -> None:
        self.article_dock.show()
        self.article_list.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.article_list.filter_edit.selectAll()

    def set_article_list_visible(self, visible: bool) -> None:
        self.article_dock.setVisible(visible)

    def _dock_visibility_changed(self, _visible: bool) -> None:
        if self.isVisible() and not self.isMinimized():
            for name, dock in (
                ("toggle_article_list", self.article_dock),
                ("toggle_span_panel", self.span_dock),
            ):
                _set_checked(self.action_by_name[name], not dock.isHidden())

    def text_larger(self) -> None:
        self.text_pane.set_point_size(self.text_pane.point_size + 1)

    def text_smaller(self) -> None:
        self.text_pane.set_point_size(self.text_pane.point_size - 1)

    def text_reset(self) -> None:
        self.text_pane.set_point_size(DEFAULT_POINT_SIZE)

    def show_dashboard(self) -> None:
        """Open (or raise) the agreement dashboard; pyqtgraph is imported only now."""
        if self._refuse_non_reviewer():
            return
        if self.dashboard is None:
            from annotator.gui.dashboard import Dashboard

            self.dashboard = Dashboard(self.corpus, self)
        self.dashboard.show()
        self.dashboard.raise_()
        self.dashboard.activateWindow()

    def about(self) -> None:
        from annotator.gui.dialogs.help import AboutDialog

        dialog = AboutDialog(self)
        dialog.exec()
        dialog.deleteLater()

    def keyboard_reference(self) -> None:
        from annotator.gui.dialogs.help import KeyboardReference

        dialog = KeyboardReference(self.corpus.schema, self)
        dialog.exec()
        dialog.deleteLater()

    def preferences(self) -> None:
        from annotator.gui.dialogs.preferences import PreferencesDialog

        dialog = PreferencesDialog(self)
        dialog.exec()
        dialog.deleteLater()

    # ------------------------------------------------------------ team corpus
    def connect_server(self) -> None:
        self.corpus_requested.emit("team")

    def open_local(self) -> None:
        self.corpus_requested.emit("local")

    def apply_access(self) -> None:
        """On a team corpus, a non-reviewer sees only their own labels: blind mode forced on,
        its toggle off with the reason as its tip (the store refuses anyway)."""
        self.blind_forced = not self.corpus.can_read_others()
        if self.blind_forced and not self.labelling.blind:
            self.labelling.blind = True
            if self.labelling.article_id is not None:
                self.labelling.reload()
        self._show_blind_lock()

    def _show_blind_lock(self) -> None:
        action = self.action_by_name["blind_mode"]
        action.setEnabled(not self.blind_forced)
        if not self.blind_forced:
            return
        _set_checked(action, True)
        tip = self.tr(
            "Blind mode stays on: {name} is not a reviewer of this team corpus, so other "
            "annotators' labels stay hidden until review"
        ).format(name=self.annotator or self.corpus.user or "")
        action.setToolTip(tip)
        action.setStatusTip(tip)

    def _refuse_non_reviewer(self) -> bool:
        """Say so and return True when the user may not read everyone's labels."""
        if self.corpus.can_read_others():
            return False
        self.say(
            self.tr(
                "Only reviewers of this team corpus can compare annotators: {name} is not one "
                "(a reviewer names reviewers with: annotator --db URL db reviewer NAME)"
            ).format(name=self.annotator or self.corpus.user or "")
        )
        return True

    def refresh_from_others(self) -> None:
        """Someone changed the team corpus: re-read the article rows on screen, the progress,
        the count and, when others' spans show, the article's spans; selection and scroll
        stay (rows are re-read in place, the text pane keeps its scroll). When the label
        schema changed (another user's schema edit), the palette, hotkeys and span editor are
        rebuilt from the stored one: a removed label's hotkey labels no more."""
        if self.corpus.reload_schema():
            self.rebuild_labels()
            self.span_panel.editor.rebuild()
            if self.labelling.article_id is not None:
                self.labelling.reload()
        view = self.article_list.view
        model = self.article_list.model
        if model.rowCount():
            first = max(view.rowAt(0), 0)
            last = view.rowAt(view.viewport().height() - 1)
            last = model.rowCount() - 1 if last < 0 else last
            for row in range(first, last + 1):
                model.refresh_article(model.row(row).id)
        self.refresh_progress()
        self.refresh_count()
        if self.review_mode and self.review is not None:
            self.review.refresh()
        elif not self.labelling.blind and self.labelling.article_id is not None:
            self.labelling.reload()

    def _replayed(self, changes: Changes) -> None:
        """A queued edit reached the server: refresh as after any edit."""
        self.labelling.apply(changes)
        self.refresh_undo()

    def _connection_changed(self, connected: bool, detail: str) -> None:
        if connected:
            self.banner.hide()
            if self.team is not None and self.team.reads_failed:
                # A view was cut short while the server was away: read it all again.
                self.team.reads_failed = False
                self.article_list.model.reload()
                if self.current_article_id is not None:
                    self.article_list.select_article(self.current_article_id)
                    self.labelling.load(self.current_article_id)
        else:
            pending = len(self.team.pending) if self.team is not None else 0
            self.banner.show_lost(pending, detail)

    # ------------------------------------------------------------ language
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange and self._closed:
            return True  # a closed window (its corpus may be closed too) has nothing to show
        return super().event(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._retranslate_views()
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
        self.palette_bar.setWindowTitle(self.tr("Labels"))
        self.location_label.setText(
            self.tr("Team server: {server}").format(server=server)
            if server
            else self.tr("Corpus: {location}").format(
                location=display_location(self.corpus.location)
            )
        )
        self.who_label.setText(self.tr("Annotator: {name}").format(name=self.annotator or ""))
        self.progress_bar.setFormat(self.tr("%v/%m done"))
        retranslate_actions(self, self.action_by_name)
        self._show_blind_lock()
        for action, label in zip(self.label_actions, self.corpus.schema.labels, strict=False):
            action.setToolTip(label_tip(label))
            action.setStatusTip(action.toolTip())
        self.refresh_count()
        self.refresh_progress()
        if self.current_article_id is None and self.corpus.article_count() == 0:
            self.text_pane.clear(translate("MainWindow", EMPTY_CORPUS))

    # ------------------------------------------------------------ action slots: review
    # Labelling keys (1-9, Delete, Tab…) act on the reviewer's own spans; in review mode
    # they are off and the review keys (1-9 accept a version, N/P, E, R) are on instead.
    # S / A (Shift: choose) stay on: in review mode they set gold's links.
    LABELLING_ACTIONS = (
        "delete_span",
        "next_span",
        "previous_span",
        "clear_selection",
        "character_mode",
        "mark_done",
        "mark_skipped",
    )

    @property
    def review_mode(self) -> bool:
        return self.action_by_name["review_mode"].isChecked()

    def _enable_review_actions(self, on: bool) -> None:
        from annotator.gui.actions import ACTIONS

        for spec in ACTIONS:
            if spec.menu == "review" and spec.name != "review_mode":
                self.action_by_name[spec.name].setEnabled(on)
        for name in self.LABELLING_ACTIONS:
            if name in self.action_by_name:
                self.action_by_name[name].setEnabled(not on)
        for action in getattr(self, "label_actions", []):
            action.setEnabled(not on)
        reject = self.action_by_name["reject_gold"]
        reject.setShortcuts([reject.shortcut(), QKeySequence(QKeySequence.StandardKey.Delete)])

    def set_review_mode(self, on: bool) -> None:
        """Review mode: the review view replaces the text pane, the list sorts worst-first."""
        if on and not self.annotator:
            name = ask_annotator(self, self.corpus, None)
            if not name:
                _set_checked(self.action_by_name["review_mode"], False)
                return
            self.set_annotator(name)
        if on and self._refuse_non_reviewer():
            _set_checked(self.action_by_name["review_mode"], False)
            return
        if on:
            if self.review is None:
                saved = settings().value("review/annotators")
                chosen = saved.split(",") if isinstance(saved, str) and saved else None
                self.review = ReviewView(self.corpus, self.annotator or "", chosen, self)
                self.review.changed.connect(self._review_changed)
                self.review.message.connect(self.say)
                self.review.annotators_changed.connect(self._review_annotators_changed)
            self.review.reviewer = self.annotator or ""
            if self._labelling_state is None:
                self._labelling_state = self.saveState()
            self.takeCentralWidget()
            self.setCentralWidget(self.review)
            self.review.show()
            self._review_layout()
            self._enable_review_actions(True)
            measure = settings().value("review/agreement_measure")
            self.article_list.set_measure(measure if isinstance(measure, str) else "")
            self._review_annotators_changed(self.review.annotators)
            self.review.setFocus(Qt.FocusReason.OtherFocusReason)
            self.say(self.tr("Review mode: N / P walk the disagreements, 1…9 accept a version"))
        else:
            labelling, self._labelling_state = self._labelling_state, None
            if labelling is not None:
                self._review_state = self.saveState()
            if self.review is not None and self.centralWidget() is self.review:
                self.takeCentralWidget()
                self.review.hide()
                self.setCentralWidget(self.text_pane)
                self.text_pane.show()
            self._enable_review_actions(False)
            if labelling is None or not self._apply_state(labelling):
                self.span_dock.show()
                self.palette_bar.show()
            self.article_list.model.set_agreement(None)
            if self.current_article_id is not None:
                self.article_list.select_article(self.current_article_id)
                self.labelling.reload()

    def _review_layout(self) -> None:
        """Review mode's own dock layout: the last one, else no span panel or label palette
        and a narrower article list. The window keeps its size."""
        if self._review_state is not None and self._apply_state(self._review_state):
            return
        self.span_dock.hide()
        self.palette_bar.hide()
        share = int(self.width() * REVIEW_LIST_SHARE)
        self.resizeDocks([self.article_dock], [share], Qt.Orientation.Horizontal)

    def _apply_state(self, state: QByteArray) -> bool:
        """restoreState, the connection banner left as it is (it shows the connection now)."""
        banner = not self.banner.isHidden()
        done = self.restoreState(state)
        self.banner.setVisible(banner)
        return done

    def _review_annotators_changed(self, annotators: list[str]) -> None:
        """Chosen annotators changed: new agreement column and order, the article reloaded."""
        settings().setValue("review/annotators", ",".join(annotators))
        if not self.review_mode or self.review is None:
            return
        layers = [layer.name for layer in self.corpus.schema.layers]
        measure = self.article_list.measure
        self.article_list.model.set_agreement(
            agreement_scores(self.corpus, annotators, layers, measure), measure
        )
        current = self.current_article_id
        if current is None or not self.article_list.select_article(current):
            self.article_list.select_row(0)
        self.review.load(self.current_article_id)

    def _review_measure_changed(self, measure: str) -> None:
        """Agreement measure chosen above the list: remembered; the column and order redone."""
        settings().setValue("review/agreement_measure", measure)
        if self.review_mode and self.review is not None:
            self._review_annotators_changed(self.review.annotators)

    def _review_changed(self, changes: Changes) -> None:
        self.refresh_undo()  # a decision is on my undo stack
        for article_id in changes.article_ids:
            self.article_list.model.refresh_article(article_id)

    def next_disagreement(self) -> None:
        if self.review is not None:
            self.review.step(+1)

    def previous_disagreement(self) -> None:
        if self.review is not None:
            self.review.step(-1)

    def accept_version(self, n: int) -> None:
        if self.review is not None:
            self.review.accept_version(n)

    def accept_agreeing(self) -> None:
        if self.review is not None:
            self.review.accept_agreeing()

    def edit_gold(self) -> None:
        if self.review is not None:
            self.review.edit_gold()

    def reject_gold(self) -> None:
        if self.review is not None:
            self.review.reject()

    # ------------------------------------------------------------ layout
    def save_layout(self, store: QSettings | None = None) -> None:
        store = store or settings()
        store.setValue("window/geometry", self.saveGeometry())
        labelling, review = self._labelling_state, self._review_state
        if labelling is None:
            labelling = self.saveState()
        else:  # in review mode now
            review = self.saveState()
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
        self._review_state = review if isinstance(review, QByteArray) else None
        size = store.value("text/point_size")
        if isinstance(size, (int, float, str)):
            with contextlib.suppress(ValueError):
                self.text_pane.set_point_size(float(size))
        self.action_by_name["toggle_article_list"].setChecked(not self.article_dock.isHidden())
        self.action_by_name["toggle_span_panel"].setChecked(not self.span_dock.isHidden())

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.team is not None:
            self.team.stop()
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


def _set_checked(action: QAction, checked: bool) -> None:
    action.blockSignals(True)
    action.setChecked(checked)
    action.blockSignals(False)


def _bool(value: object) -> bool:
    """A QSettings value as bool (INI files give back "true"/"false")."""
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)


# Status bar messages after marking an article (translated when shown).
STATUS_MESSAGES: dict[Status, Callable[[], str]] = {
    Status.DONE: lambda: translate("MainWindow", "Marked done"),
    Status.SKIPPED: lambda: translate("MainWindow", "Marked skipped"),
    Status.IN_PROGRESS: lambda: translate("MainWindow", "Marked in progress"),
    Status.TODO: lambda: translate("MainWindow", "Marked to do"),
}
