"""The first launch: welcome, who is labelling (as :class:`IdentityDialog` asks), and a
one-screen tour of the keys, generated from the actions table and the schema's hotkeys."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QDialog, QGridLayout, QGroupBox, QLabel, QWidget

from annotator.core.schema import LabelSchema
from annotator.gui.actions import ACTIONS, action_text
from annotator.gui.dialogs.help import key_text
from annotator.gui.dialogs.identity import IdentityDialog
from annotator.gui.i18n import QT_TRANSLATE_NOOP, translate
from annotator.store.corpus import Corpus

# The actions the tour shows, in this order (the rest are in Help › Keyboard reference).
TOUR = (
    "delete_span",
    "next_span",
    "link_speaker",
    "undo",
    "mark_done",
    "next_not_done",
    "find_articles",
    "review_mode",
    "keyboard_reference",
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
        self.setMinimumWidth(620)

        self.tour = QGroupBox(self.tr("The keys you will use most"))
        self.tour.setObjectName("welcomeTour")
        grid = QGridLayout(self.tour)
        keys = ", ".join(  # a key and its label never part at a line end
            f"{label.hotkey}\u00a0{label.name}" for label in schema.labels if label.hotkey
        )
        first = QLabel(translate("WelcomeDialog", LABEL_KEYS).format(keys=keys))
        first.setWordWrap(True)
        grid.addWidget(first, 0, 0, 1, 2)
        by_name = {spec.name: spec for spec in ACTIONS}
        for row, name in enumerate(TOUR, start=1):
            spec = by_name[name]
            key = QLabel(f"<b>{key_text(spec.shortcut)}</b>")
            grid.addWidget(key, row, 0)
            grid.addWidget(QLabel(action_text(spec).replace("&", "")), row, 1)
        grid.setColumnStretch(1, 1)
        note = QLabel(
            self.tr(
                "Every label is saved the moment you make it. The demo corpus of five "
                "articles is open to try things out."
            )
        )
        note.setWordWrap(True)
        grid.addWidget(note, len(TOUR) + 1, 0, 1, 2)
        layout = self.layout()
        assert isinstance(layout, QBoxLayout)
        layout.insertWidget(layout.count() - 2, self.tour)  # above the stretch and buttons


def welcome(parent: QWidget | None, corpus: Corpus) -> str | None:
    """Greet a first-time user; the chosen name, or None if they cancelled."""
    names = [a.name for a in corpus.annotators()]
    dialog = WelcomeDialog(names, corpus.schema, parent)
    try:
        return dialog.name() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
