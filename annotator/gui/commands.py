"""What the window's menu entries and shortcuts do: one method per row of the actions table.

:data:`annotator.gui.actions.ACTIONS` names these methods as typed references
(``Commands.undo``), so "find usages" leads from a method to its menu entry and back. Each
method is a gesture's first step: it asks the part of the window that does the work
(:class:`~annotator.gui.labelling.Labelling`, the review mode, the navigator, a dialog). The
Undo / Redo enabled state is kept here too, from the change bus.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from annotator.core.errors import CorpusError
from annotator.core.model import Changes, Status
from annotator.gui.authorisation import set_checked
from annotator.gui.bus import Origin, Update
from annotator.gui.dialogs.export import ExportDialog
from annotator.gui.dialogs.identity import ask_annotator
from annotator.gui.dialogs.importing import ImportDialog, ImportRun
from annotator.gui.dialogs.schema_editor import SchemaEditor
from annotator.gui.i18n import translate
from annotator.gui.labelling import ABOUT, SPEAKER
from annotator.gui.settings import settings
from annotator.gui.text_pane import DEFAULT_POINT_SIZE
from annotator.gui.undo_text import undo_message

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

# Status bar messages after marking an article (translated when shown).
STATUS_MESSAGES: dict[Status, Callable[[], str]] = {
    Status.DONE: lambda: translate("MainWindow", "Marked done"),
    Status.SKIPPED: lambda: translate("MainWindow", "Marked skipped"),
    Status.IN_PROGRESS: lambda: translate("MainWindow", "Marked in progress"),
    Status.TODO: lambda: translate("MainWindow", "Marked to do"),
}


#: The Article menu's orders of "Next article" and their actions.
ORDER_ACTIONS = {
    "corpus": "order_corpus",
    "suggestions": "order_suggestions",
    "uncertainty": "order_uncertainty",
}


class Commands:
    """The action slots of one window (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window

    # ------------------------------------------------------------ file
    def connect_server(self) -> None:
        self.w.corpus_requested.emit("team")

    def open_local(self) -> None:
        self.w.corpus_requested.emit("local")

    def switch_annotator(self) -> None:
        w = self.w
        name = ask_annotator(w, w.corpus, w.annotator)
        if name and name != w.annotator:
            w.set_annotator(name)

    def import_files(self) -> None:
        w = self.w
        # The real corpus, not the team link's stand-in: the import runs on the worker thread,
        # and a dropped connection there is the import's own error (nothing of that file lands).
        corpus = w.team.corpus if w.team is not None else w.corpus
        dialog = ImportDialog(corpus, w.annotator, w)
        dialog.imported.connect(self.after_import)
        dialog.exec()
        dialog.deleteLater()

    def after_import(self, run: ImportRun) -> None:
        """An import finished: new articles in the list and the counts, new labels' hotkeys."""
        report = run.report
        schema = bool(report.labels_added or report.relations_added)
        articles = bool(report.articles or report.spans or report.gold_spans)
        if schema or articles:
            self.w.bus.publish(Changes(schema_changed=schema), Origin.LOCAL, new_articles=articles)

    def export(self) -> None:
        dialog = ExportDialog(self.w.corpus, self.w.annotator, self.w)
        dialog.exec()
        dialog.deleteLater()

    def quit(self) -> None:
        self.w.close()

    # ------------------------------------------------------------ edit
    def undo(self) -> None:
        self._step(backwards=True)

    def redo(self) -> None:
        self._step(backwards=False)

    def _step(self, *, backwards: bool) -> None:
        """Undo or redo my last change; if it was on another article, go there."""
        w, me = self.w, self.w.annotator
        if not me:
            return
        if not (w.corpus.can_undo(me) if backwards else w.corpus.can_redo(me)):
            w.say(
                translate("MainWindow", "Nothing to undo")
                if backwards
                else translate("MainWindow", "Nothing to redo")
            )
            return
        step = w.corpus.undo if backwards else w.corpus.redo
        changes = w.labelling.edit(lambda: step(me))
        self.refresh_undo()
        if changes is None:
            return
        if changes.article_ids and w.current_article_id not in changes.article_ids:
            w.go_to(min(changes.article_ids))
        w.say(undo_message(changes.replayed, backwards=backwards))  # what was undone/redone

    def refresh_undo(self) -> None:
        """Enable Undo / Redo only when I have a change to undo / redo (asked of the store on
        start, on switching annotator, after an undo or redo and a replayed edit; an edit of
        mine needs no query: see :meth:`on_update`)."""
        me = self.w.annotator
        if not me:
            self._set_undo(False, False)
        else:
            self._set_undo(self.w.corpus.can_undo(me), self.w.corpus.can_redo(me))

    def _set_undo(self, undo: bool, redo: bool) -> None:
        self.w.action_by_name["undo"].setEnabled(undo)
        self.w.action_by_name["redo"].setEnabled(redo)

    def on_update(self, update: Update) -> None:
        """The bus: my edit is undoable with nothing left to redo; a replayed one, ask."""
        changes = update.changes
        mine = update.origin is Origin.LOCAL and changes.event_id is not None
        if update.origin is Origin.REPLAYED:
            self.refresh_undo()
        elif mine and not changes.schema_changed:
            self._set_undo(True, False)

    def apply_label(self, label: str) -> None:
        """A label key: the selection gets it; with a suggestion in hand (walked to with F8)
        and nothing selected, the suggestion is accepted with this label instead."""
        w = self.w
        selected = w.text_pane.text_edit.textCursor().hasSelection()
        if not selected and w.labelling.current is None and w.suggesting.current is not None:
            w.suggesting.accept(label)
            return
        w.labelling.label_selection(label)

    def delete_span(self) -> None:
        w = self.w
        if w.span_panel.view.hasFocus() and w.labelling.current is not None:
            w.labelling.delete(w.labelling.current)
        else:
            w.labelling.delete_at_cursor()

    def next_span(self) -> None:
        self.w.labelling.walk(+1)

    def previous_span(self) -> None:
        self.w.labelling.walk(-1)

    def clear_selection(self) -> None:
        self.w.labelling.escape()

    def move_start_left(self) -> None:
        self.w.labelling.move_boundary("start", -1)

    def move_start_right(self) -> None:
        self.w.labelling.move_boundary("start", +1)

    def move_end_left(self) -> None:
        self.w.labelling.move_boundary("end", -1)

    def move_end_right(self) -> None:
        self.w.labelling.move_boundary("end", +1)

    # S / A and Shift+S / Shift+A: the claim's links, in review mode gold's (review_view.py).
    def link_speaker(self) -> None:
        self._link(SPEAKER, choose=False)

    def choose_speaker(self) -> None:
        self._link(SPEAKER, choose=True)

    def link_about(self) -> None:
        self._link(ABOUT, choose=False)

    def choose_about(self) -> None:
        self._link(ABOUT, choose=True)

    def _link(self, label: str, *, choose: bool) -> None:
        review = self.w.reviewing.view if self.w.review_mode else None
        if review is not None and choose:
            review.choose_link(label)
        elif review is not None:
            review.start_link(label)
        elif choose:
            self.w.labelling.choose_link(label)
        else:
            self.w.labelling.start_link(label)

    # C / Shift+C: the claim's cluster (gui/clustering.py)
    def join_cluster(self) -> None:
        self.w.clusters.suggest()

    def new_cluster(self) -> None:
        self.w.clusters.start()

    def leave_cluster(self) -> None:
        self.w.clusters.leave()

    def preferences(self) -> None:
        from annotator.gui.dialogs.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.w)
        dialog.exec()
        dialog.deleteLater()

    # ------------------------------------------------------------ label
    def set_character_mode(self, on: bool) -> None:
        self.w.labelling.char_mode = on
        self.w.say(
            translate("MainWindow", "Character mode: spans are exactly what you select")
            if on
            else translate("MainWindow", "Word mode")
        )

    # ------------------------------------------------------------ suggestions
    def next_suggestion(self) -> None:
        self.w.suggesting.step(+1)

    def previous_suggestion(self) -> None:
        self.w.suggesting.step(-1)

    def accept_suggestion(self) -> None:
        self.w.suggesting.accept()

    def reject_suggestion(self) -> None:
        self.w.suggesting.reject()

    def accept_all_suggestions(self) -> None:
        self.w.suggesting.accept_all()

    def label_all_here(self) -> None:
        self.w.suggesting.label_all_here()

    def label_all_corpus(self) -> None:
        self.w.suggesting.label_all_corpus()

    def suggest_from_memory(self, on: bool) -> None:
        self._source("memory", on)

    def suggest_from_gazetteer(self, on: bool) -> None:
        self._source("gazetteer", on)

    def edit_gazetteers(self) -> None:
        """The corpus's gazetteer terms: filter, add, remove, import; the open article's
        suggestions follow each change."""
        from annotator.gui.dialogs.gazetteers import GazetteerDialog

        w = self.w
        dialog = GazetteerDialog(w.corpus, w)

        def changed() -> None:
            w.suggesting.forget_gazetteer()
            if "gazetteer" in w.suggesting.sources:
                w.suggesting.load()

        dialog.changed.connect(changed)
        dialog.exec()
        dialog.deleteLater()

    def suggest_from_rules(self, on: bool) -> None:
        self._source("rules", on)

    def suggest_from_model(self, on: bool) -> None:
        self._source("model", on)
        if on and self.w.suggesting.model_folder is None:
            self.choose_model()

    def suggest_from_annotator(self, source: str, on: bool) -> None:
        """Label › Suggest from annotators › NAME: ``annotator:NAME`` on or off."""
        self._source(source, on)

    def _source(self, name: str, on: bool) -> None:
        w = self.w
        try:
            w.suggesting.set_source(name, on)
        except CorpusError as exc:
            w.say(str(exc))
        w.sync_suggestion_actions()

    def choose_model(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        w = self.w
        start = str(w.suggesting.model_folder or "")
        folder = QFileDialog.getExistingDirectory(
            w, translate("MainWindow", "Choose a model folder (annotator train wrote it)"), start
        )
        if not folder:
            return
        from annotator.learn.train import TrainingError, load_meta

        try:
            load_meta(Path(folder))
        except TrainingError as exc:
            w.say(str(exc))
            return
        w.set_suggestion_model(Path(folder))

    def edit_schema(self) -> None:
        w = self.w
        editor = SchemaEditor(w.corpus, w, by=w.annotator or "")
        editor.schema_changed.connect(lambda changes: w.bus.publish(changes, Origin.LOCAL))
        editor.exec()
        editor.deleteLater()

    def train_model(self) -> None:
        """Train suggestions model…: the modeless training dialog (one per window)."""
        from annotator.gui.dialogs.training import TrainingDialog

        w = self.w
        if not w.annotator:
            w.say(translate("MainWindow", "Choose who you are first: training learns your labels"))
            return
        dialog = w.training_dialog
        if dialog is None:
            dialog = TrainingDialog(w.corpus, w.annotator, w)
            dialog.trained.connect(w.set_suggestion_model)  # suggest from it at once
            w.training_dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def order_by_corpus(self, _checked: bool = True) -> None:
        self._order("corpus")

    def order_by_suggestions(self, _checked: bool = True) -> None:
        self._order("suggestions")

    def order_by_uncertainty(self, _checked: bool = True) -> None:
        self._order("uncertainty")

    def _order(self, order: str) -> None:
        """Next article follows ``order`` (kept for this corpus); one order is checked."""
        w = self.w
        w.navigator.set_order(order, w.annotator)
        self.sync_order()
        if order != "corpus":
            w.say(translate("MainWindow", "Ranking the articles not done…"))

    def sync_order(self) -> None:
        """Check the Article menu's entry of the navigator's order, and only that one."""
        w = self.w
        for order, name in ORDER_ACTIONS.items():
            set_checked(w.action_by_name[name], w.navigator.order == order)

    def ranked(self, outcome: str) -> None:
        """The navigator's ranking arrived (or could not be made): say so."""
        w = self.w
        if outcome == "ranked":
            w.say(translate("MainWindow", "Next article follows the new order"))
        elif outcome == "no model":
            w.say(
                translate(
                    "MainWindow",
                    "No suggestions model yet (Article ▸ Train suggestions model…): "
                    "next article follows the list",
                )
            )
        else:
            w.say(
                translate("MainWindow", "The articles could not be ranked: {error}").format(
                    error=outcome
                )
            )

    # ------------------------------------------------------------ article
    def mark_done(self) -> None:
        self._mark(Status.DONE)

    def mark_skipped(self) -> None:
        self._mark(Status.SKIPPED)

    def _mark(self, status: Status) -> None:
        w = self.w
        if not w.annotator or w.current_article_id is None:
            return
        me, article_id = w.annotator, w.current_article_id
        if w.labelling.edit(lambda: w.corpus.set_status(article_id, me, status)):
            w.say(STATUS_MESSAGES[status]())

    def set_story(self) -> None:
        """The open article's story: one of the corpus's, a new one, or none."""
        from annotator.gui.dialogs.stories import StoryDialog

        w = self.w
        if not w.annotator or w.current_article_id is None:
            return
        me, article_id = w.annotator, w.current_article_id
        dialog = StoryDialog(w.corpus, article_id, w)
        try:
            if dialog.exec() != StoryDialog.DialogCode.Accepted:
                return
            story = dialog.story()
        finally:
            dialog.deleteLater()
        if w.labelling.edit(lambda: w.corpus.set_story([article_id], story, me)) is not None:
            w.say(
                translate("MainWindow", "Story: {story}").format(story=story)
                if story
                else translate("MainWindow", "In no story")
            )

    def suggest_stories(self) -> None:
        """Groups of articles that seem to tell one story, to accept."""
        from annotator.gui.dialogs.stories import StorySuggestionsDialog

        w = self.w
        if not w.annotator:
            return
        dialog = StorySuggestionsDialog(w.corpus, w.annotator, w)
        dialog.changed.connect(lambda changes: w.bus.publish(changes, Origin.LOCAL))
        dialog.exec()
        dialog.deleteLater()

    def next_article(self) -> None:
        self._step_article(+1)

    def previous_article(self) -> None:
        self._step_article(-1)

    def _step_article(self, step: int) -> None:
        if not self.w.navigator.step(self.w.current_article_id, step):
            self.w.say(translate("MainWindow", "No more articles this way"))

    def next_not_done(self) -> None:
        w = self.w
        if not w.annotator:
            return
        article_id = w.navigator.next_not_done(w.current_article_id, w.annotator)
        if article_id is None:
            w.say(translate("MainWindow", "You have finished every article"))
        else:
            w.go_to(article_id)

    # ------------------------------------------------------------ view
    def focus_filter(self) -> None:
        self.w.article_dock.show()
        self.w.article_list.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.w.article_list.filter_edit.selectAll()

    def set_article_list_visible(self, visible: bool) -> None:
        self.w.article_dock.setVisible(visible)

    def set_span_panel_visible(self, visible: bool) -> None:
        self.w.span_dock.setVisible(visible)

    def set_cluster_view_visible(self, visible: bool) -> None:
        w = self.w
        w.cluster_dock.setVisible(visible)
        if visible:
            w.cluster_dock.raise_()
            w.cluster_view.focus_clusters()

    def set_blind_mode(self, blind: bool) -> None:
        self.w.labelling.set_blind(blind)
        settings().setValue("view/blind", blind)
        self.w.say(
            translate("MainWindow", "Blind mode: others' spans hidden")
            if blind
            else translate("MainWindow", "Showing others' spans")
        )

    def text_larger(self) -> None:
        self.w.text_pane.set_point_size(self.w.text_pane.point_size + 1)

    def text_smaller(self) -> None:
        self.w.text_pane.set_point_size(self.w.text_pane.point_size - 1)

    def text_reset(self) -> None:
        self.w.text_pane.set_point_size(DEFAULT_POINT_SIZE)

    def show_dashboard(self) -> None:
        """Open (or raise) the agreement dashboard; pyqtgraph is imported only now."""
        w = self.w
        if w.access.refuse_non_reviewer():
            return
        if w.dashboard is None:
            from annotator.gui.dashboard import Dashboard

            w.dashboard = Dashboard(w.corpus, w)
        w.dashboard.show()
        w.dashboard.raise_()
        w.dashboard.activateWindow()

    # ------------------------------------------------------------ review
    def set_review_mode(self, on: bool) -> None:
        self.w.reviewing.set(on)

    def next_disagreement(self) -> None:
        if self.w.review is not None:
            self.w.review.step(+1)

    def previous_disagreement(self) -> None:
        if self.w.review is not None:
            self.w.review.step(-1)

    def accept_version(self, n: int) -> None:
        if self.w.review is not None:
            self.w.review.accept_version(n)

    def no_gold_cluster(self) -> None:
        if self.w.review is not None:
            self.w.review.no_cluster()

    def accept_agreeing(self) -> None:
        if self.w.review is not None:
            self.w.review.accept_agreeing()

    def edit_gold(self) -> None:
        if self.w.review is not None:
            self.w.review.edit_gold()

    def reject_gold(self) -> None:
        if self.w.review is not None:
            self.w.review.reject()

    # ------------------------------------------------------------ help
    def keyboard_reference(self) -> None:
        from annotator.gui.dialogs.help import KeyboardReference

        dialog = KeyboardReference(self.w.corpus.schema, self.w)
        dialog.exec()
        dialog.deleteLater()

    def about(self) -> None:
        from annotator.gui.dialogs.help import AboutDialog

        dialog = AboutDialog(self.w)
        dialog.exec()
        dialog.deleteLater()
