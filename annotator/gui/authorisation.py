"""What the window shows about who may read whose labels (the store enforces it anyway).

On a team corpus a non-reviewer sees only their own labels: blind mode is forced on and its
toggle is off, with the reason as its tip; review mode and the agreement dashboard are
refused with a message that says how to become a reviewer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction

from annotator.gui.i18n import translate
from annotator.gui.labelling import Labelling
from annotator.store.corpus import Corpus


def set_checked(action: QAction, checked: bool) -> None:
    """Check ``action`` without running its slot."""
    action.blockSignals(True)
    action.setChecked(checked)
    action.blockSignals(False)


class AccessGuard:
    """The blind-mode lock and the reviewer-only refusals of one window."""

    def __init__(
        self,
        corpus: Corpus,
        labelling: Labelling,
        blind_action: QAction,
        say: Callable[[str], None],
    ) -> None:
        self.corpus, self.labelling, self.blind_action, self.say = (
            corpus,
            labelling,
            blind_action,
            say,
        )
        self.blind_forced = False  # a team corpus's non-reviewer: blind mode cannot be turned off

    def _who(self) -> str:
        return self.labelling.annotator or self.corpus.user or ""

    def apply(self) -> None:
        """Force blind mode on for a user who may not read others' labels (on start, and
        after switching annotator)."""
        self.blind_forced = not self.corpus.can_read_others()
        if self.blind_forced and not self.labelling.blind:
            self.labelling.blind = True
            if self.labelling.article_id is not None:
                self.labelling.reload()
        self.show_lock()

    def show_lock(self) -> None:
        """The blind mode toggle: off, checked, with the reason as its tip, while forced."""
        action = self.blind_action
        action.setEnabled(not self.blind_forced)
        if not self.blind_forced:
            return
        set_checked(action, True)
        tip = translate(
            "MainWindow",
            "Blind mode stays on: {name} is not a reviewer of this team corpus, so other "
            "annotators' labels stay hidden until review",
        ).format(name=self._who())
        action.setToolTip(tip)
        action.setStatusTip(tip)

    def refuse_non_reviewer(self) -> bool:
        """Say so and return True when the user may not read everyone's labels."""
        if self.corpus.can_read_others():
            return False
        self.say(
            translate(
                "MainWindow",
                "Only reviewers of this team corpus can compare annotators: {name} is not one "
                "(a reviewer names reviewers with: annotator --db URL db reviewer NAME)",
            ).format(name=self._who())
        )
        return True
