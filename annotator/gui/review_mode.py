"""Review mode: the review view replaces the text pane, the list sorts worst-first.

:class:`ReviewMode` swaps the window's central widget and its dock layout (each mode keeps its
own, ``QMainWindow.saveState``), turns the labelling keys off and the review keys on, and keeps
the list's agreement column in step with the chosen annotators and measure. It subscribes the
review view to the change bus: a gold change made elsewhere (an undo, another reviewer) is
read again; the view's own decisions are on show already.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QKeySequence

from annotator.gui.actions import ACTIONS
from annotator.gui.authorisation import set_checked
from annotator.gui.bus import Origin, Update
from annotator.gui.dialogs.identity import ask_annotator
from annotator.gui.i18n import translate
from annotator.gui.review_view import ReviewView
from annotator.gui.settings import settings

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

REVIEW_LIST_SHARE = 0.25  # the article list's share in review mode, until the reviewer sets it
# Labelling keys (1-9, Delete, Tab…) act on the reviewer's own spans; in review mode they are
# off and the review keys (1-9 accept a version, N/P, E, R) are on instead. S / A (Shift:
# choose) stay on: in review mode they set gold's links.
LABELLING_ACTIONS = (
    "delete_span",
    "next_span",
    "previous_span",
    "clear_selection",
    "character_mode",
    "mark_done",
    "mark_skipped",
    "join_cluster",
    "new_cluster",
    "leave_cluster",
    "next_suggestion",
    "previous_suggestion",
    "accept_suggestion",
    "reject_suggestion",
    "accept_all_suggestions",
    "occurrences_here",
    "occurrences_corpus",
)


class ReviewMode:
    """Review mode of one window (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.view: ReviewView | None = None  # made when first used
        self.labelling_state: QByteArray | None = None  # kept while review mode is on
        self.review_state: QByteArray | None = None  # review mode's, while labelling
        self.enable_actions(False)

    @property
    def on(self) -> bool:
        return self.w.action_by_name["review_mode"].isChecked()

    def enable_actions(self, on: bool) -> None:
        actions = self.w.action_by_name
        for spec in ACTIONS:
            if spec.menu == "review" and spec.name != "review_mode":
                actions[spec.name].setEnabled(on)
        for name in LABELLING_ACTIONS:
            actions[name].setEnabled(not on)
        self.w.label_bar.set_enabled(not on)
        reject = actions["reject_gold"]
        reject.setShortcuts([reject.shortcut(), QKeySequence(QKeySequence.StandardKey.Delete)])

    def set(self, on: bool) -> None:
        """Turn review mode on (for a chosen reviewer) or off."""
        w = self.w
        if on and not w.annotator:
            name = ask_annotator(w, w.corpus, None)
            if not name:
                set_checked(w.action_by_name["review_mode"], False)
                return
            w.set_annotator(name)
        if on and w.access.refuse_non_reviewer():
            set_checked(w.action_by_name["review_mode"], False)
            return
        if on:
            self._enter()
        else:
            self._leave()

    def _enter(self) -> None:
        w = self.w
        if self.view is None:
            saved = settings().value("review/annotators")
            chosen = saved.split(",") if isinstance(saved, str) and saved else None
            self.view = ReviewView(w.corpus, w.annotator or "", chosen, w)
            self.view.changed.connect(
                lambda changes: w.bus.publish(changes, Origin.LOCAL, self.view)
            )
            self.view.message.connect(w.say)
            self.view.annotators_changed.connect(self.annotators_changed)
            self.view.agreement.computing.connect(w.article_list.model.agreement_computing)
            self.view.agreement.computed.connect(w.article_list.model.set_agreement)
        view = self.view
        view.reviewer = w.annotator or ""
        if self.labelling_state is None:
            self.labelling_state = w.saveState()
        w.takeCentralWidget()
        w.setCentralWidget(view)
        view.show()
        self._layout()
        self.enable_actions(True)
        measure = settings().value("review/agreement_measure")
        w.article_list.set_measure(measure if isinstance(measure, str) else "")
        self.annotators_changed(view.annotators)
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        w.say(
            translate(
                "MainWindow", "Review mode: N / P walk the disagreements, 1…9 accept a version"
            )
        )

    def _leave(self) -> None:
        w = self.w
        labelling, self.labelling_state = self.labelling_state, None
        if labelling is not None:
            self.review_state = w.saveState()
        if self.view is not None and w.centralWidget() is self.view:
            w.takeCentralWidget()
            self.view.hide()
            w.setCentralWidget(w.text_pane)
            w.text_pane.show()
        self.enable_actions(False)
        if labelling is None or not self.apply_state(labelling):
            w.span_dock.show()
            w.label_bar.bar.show()
        w.article_list.model.set_agreement(None)
        if w.current_article_id is not None:
            w.article_list.select_article(w.current_article_id)
            w.labelling.reload()

    def _layout(self) -> None:
        """Review mode's own dock layout: the last one, else no span panel or label palette
        and a narrower article list. The window keeps its size."""
        w = self.w
        if self.review_state is not None and self.apply_state(self.review_state):
            return
        w.span_dock.hide()
        w.label_bar.bar.hide()
        share = int(w.width() * REVIEW_LIST_SHARE)
        w.resizeDocks([w.article_dock], [share], Qt.Orientation.Horizontal)

    def apply_state(self, state: QByteArray) -> bool:
        """restoreState, the connection banner left as it is (it shows the connection now)."""
        banner = not self.w.banner.isHidden()
        done = self.w.restoreState(state)
        self.w.banner.setVisible(banner)
        return done

    def states(self) -> tuple[QByteArray, QByteArray | None]:
        """The labelling and review layouts to save (the one on screen taken now)."""
        labelling, review = self.labelling_state, self.review_state
        if labelling is None:
            labelling = self.w.saveState()
        else:  # in review mode now
            review = self.w.saveState()
        return labelling, review

    def annotators_changed(self, annotators: list[str]) -> None:
        """Chosen annotators changed: new agreement column and order, the article reloaded."""
        settings().setValue("review/annotators", ",".join(annotators))
        w = self.w
        if not self.on or self.view is None:
            return
        layers = [layer.name for layer in w.corpus.schema.layers]
        measure = w.article_list.measure
        self.view.agreement.request(annotators, layers, measure)  # on a worker
        current = w.current_article_id
        if current is None or not w.article_list.select_article(current):
            w.article_list.select_row(0)
        self.view.load(w.current_article_id)

    def measure_changed(self, measure: str) -> None:
        """Agreement measure chosen above the list: remembered; the column and order redone."""
        settings().setValue("review/agreement_measure", measure)
        if self.on and self.view is not None:
            self.annotators_changed(self.view.annotators)

    def load(self, article_id: int) -> None:
        """The article opened: shown in the review view too while review mode is on."""
        if self.on and self.view is not None:
            self.view.load(article_id)

    def on_update(self, update: Update) -> None:
        """The bus: gold changed elsewhere (an undo, another reviewer): read it again."""
        if not self.on or self.view is None or update.source is self.view:
            return
        if update.unknown or update.changes.gold_changed:
            self.view.refresh()
