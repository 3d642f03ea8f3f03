"""The first launch: welcome, who is labelling (as :class:`IdentityDialog` asks), and a
one-screen tour of the keys, generated from the actions table and the schema's hotkeys."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from annotator.core.schema import LabelSchema
from annotator.gui.actions import ACTIONS, action_text
from annotator.gui.dialogs.help import key_text
from annotator.gui.dialogs.identity import IdentityDialog
from annotator.gui.i18n import QT_TRANSLATE_NOOP, translate
from annotator.store.corpus import Corpus

# The actions the tour shows, by section, in this order (the rest are in Help › Keyboard
# reference): the main keys on the left; suggestions and claim clusters on the right.
LABELLING = QT_TRANSLATE_NOOP("WelcomeDialog", "Labelling")
SUGGESTIONS = QT_TRANSLATE_NOOP("WelcomeDialog", "Suggestions")
CLUSTERS = QT_TRANSLATE_NOOP("WelcomeDialog", "Claim clusters")
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        LABELLING,
        (
            "delete_span",
            "next_span",
            "link_speaker",
            "undo",
            "mark_done",
            "next_not_done",
            "find_articles",
            "review_mode",
            "keyboard_reference",
        ),
    ),
    (
        SUGGESTIONS,
        (
            "next_suggestion",
            "previous_suggestion",
            "accept_suggestion",
            "reject_suggestion",
            "accept_all_suggestions",
            "occurrences_here",
            "occurrences_corpus",
        ),
    ),
    (CLUSTERS, ("join_cluster", "new_cluster", "cluster_view")),
)
TOUR = tuple(name for _, names in SECTIONS for name in names)
SUGGESTION_NOTE = QT_TRANSLATE_NOOP(
    "WelcomeDialog",
    "Suggestions are drawn with a dashed outline; Tab still walks your own spans.",
)
LABEL_KEYS = QT_TRANSLATE_NOOP(
    "WelcomeDialog", "Select words in the text, then press a label's key: {keys}"
)


class WelcomeDialog(IdentityDialog):
    """First launch: the name (checked as in :class:`IdentityDialog`) and the main keys."""

    def __init__(
        self, names: list[str], schema: LabelSchema, parent: QWidget | None = None
    ) -> None:
        super().__init__(names, None, parent)
        self.setObjectName("welcomeDialog")
        self.setWindowTitle(self.tr("Welcome to Annotator"))
        self.heading.setText(self.tr("Welcome to Annotator"))
        self.setMinimumWidth(760)

        self.tour = QGroupBox(self.tr("The keys you will use most"))
        self.tour.setObjectName("welcomeTour")
        box = QVBoxLayout(self.tour)  # wrapped lines above and below the grid of keys
        grid = QGridLayout()
        keys = ", ".join(  # a key and its label never part at a line end
            f"{label.hotkey}\u00a0{label.name}" for label in schema.labels if label.hotkey
        )
        first = QLabel(translate("WelcomeDialog", LABEL_KEYS).format(keys=keys))
        first.setWordWrap(True)
        box.addWidget(first)
        box.addLayout(grid)
        by_name = {spec.name: spec for spec in ACTIONS}
        # Two columns of sections: (key, what) pairs at columns 0-1 and 3-4, a gap at 2.
        rows = [0, 0]
        for n, (heading, section) in enumerate(SECTIONS):
            side = 0 if n == 0 else 1
            col, row = 3 * side, rows[side]
            if row > 0:
                grid.setRowMinimumHeight(row, 8)  # a little air above the next section
                row += 1
            title = QLabel(f"<b>{translate('WelcomeDialog', heading)}</b>")
            title.setObjectName(f"welcomeSection{n}")
            grid.addWidget(title, row, col, 1, 2)
            row += 1
            for name in section:
                spec = by_name[name]
                grid.addWidget(QLabel(f"<b>{key_text(spec.shortcut)}</b>"), row, col)
                grid.addWidget(QLabel(action_text(spec).replace("&", "")), row, col + 1)
                row += 1
            rows[side] = row
        grid.setColumnMinimumWidth(2, 24)
        grid.setColumnStretch(4, 1)
        box.addSpacing(6)
        hint = QLabel(translate("WelcomeDialog", SUGGESTION_NOTE))
        hint.setWordWrap(True)
        box.addWidget(hint)
        note = QLabel(
            self.tr(
                "Every label is saved the moment you make it. The demo corpus of five "
                "articles is open to try things out."
            )
        )
        note.setWordWrap(True)
        box.addWidget(note)
        layout = self.layout()
        assert isinstance(layout, QBoxLayout)
        layout.insertWidget(layout.count() - 2, self.tour)  # above the stretch and buttons
        # Tall enough for the wrapped lines at the width it opens with (a dialog's first
        # size is its size hint, measured at a narrower width).
        width = max(self.minimumWidth(), self.sizeHint().width())
        self.resize(width, max(self.sizeHint().height(), layout.totalHeightForWidth(width)))


def welcome(parent: QWidget | None, corpus: Corpus) -> str | None:
    """Greet a first-time user; the chosen name, or None if they cancelled."""
    names = [a.name for a in corpus.annotators()]
    dialog = WelcomeDialog(names, corpus.schema, parent)
    try:
        return dialog.name() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
