"""Who is labelling? Asked on first launch and when switching annotator.

Every span is saved under the annotator's name, and agreement compares annotators by name, so
the dialog offers the names already in the corpus (pick yours) and lets a newcomer type one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.validate import is_gold_name
from annotator.gui.i18n import QT_TRANSLATE_NOOP, translate
from annotator.gui.palette import error_color, quiet_color
from annotator.store.corpus import Corpus

NAME_MAX = 64

FIRST_LAUNCH = QT_TRANSLATE_NOOP(
    "IdentityDialog",
    "Every label you make is saved under this name, so several people can label the same "
    "articles without mixing up their work. Agreement between annotators is measured by "
    "name too, so please use the same name every time you label here.",
)
SWITCHING = QT_TRANSLATE_NOOP(
    "IdentityDialog",
    "Labels you make from now on are saved under the name you choose. Pick a name from the "
    "list to carry on someone's work, or type a new one.",
)


def name_problem(name: str) -> str | None:
    """Why ``name`` (already trimmed) cannot be an annotator's name, or None if it can."""
    if not name:
        return translate("IdentityDialog", "Type a name (your first name or initials is fine).")
    if len(name) > NAME_MAX:
        return translate(
            "IdentityDialog", "That name is too long: {max} characters at most."
        ).format(max=NAME_MAX)
    if any(not ch.isprintable() for ch in name):
        return translate(
            "IdentityDialog", "A name cannot contain tabs, line breaks or other control characters."
        )
    if is_gold_name(name):
        return translate(
            "IdentityDialog", "“{name}” is reserved for the gold labels: choose another name."
        ).format(name=name)
    return None


class IdentityDialog(QDialog):
    """Choose or type the annotator's name. :meth:`name` is the trimmed result."""

    def __init__(
        self, names: list[str], current: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("identityDialog")
        self.setWindowTitle(self.tr("Who is labelling?"))
        self.setMinimumWidth(440)

        self.heading = heading = QLabel(self.tr("Who is labelling?"))
        heading.setObjectName("identityHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)

        self.intro = intro = QLabel(
            translate("IdentityDialog", FIRST_LAUNCH if current is None else SWITCHING)
        )
        intro.setObjectName("identityIntro")
        intro.setWordWrap(True)

        self.combo = QComboBox()
        self.combo.setObjectName("annotatorName")
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItems(names)
        edit = self.combo.lineEdit()
        assert edit is not None  # an editable combo has one
        edit.setMaxLength(NAME_MAX + 1)  # one over, so "too long" can be said
        edit.setPlaceholderText(self.tr("Your name or initials"))
        if current:
            index = self.combo.findText(current)
            if index < 0:
                self.combo.addItem(current)
                index = self.combo.count() - 1
            self.combo.setCurrentIndex(index)
        else:
            self.combo.setCurrentIndex(-1)
            edit.clear()
        field_label = QLabel(self.tr("&Name:"))
        field_label.setBuddy(self.combo)

        known = (
            self.tr(
                "%n annotator(s) in this corpus: choose from the list or type a new name.",
                "",
                len(names),
            )
            if names
            else self.tr("Nobody has labelled this corpus yet: you will be the first.")
        )
        self.known_label = QLabel(known)
        self.known_label.setObjectName("identityKnown")
        self.known_label.setWordWrap(True)
        self.known_label.setStyleSheet(f"color: {quiet_color(self.palette()).name()}")

        self.problem = QLabel()
        self.problem.setObjectName("identityProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {error_color(self.palette()).name()}")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button.setText(self.tr("Start labelling") if current is None else self.tr("Switch"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addWidget(field_label)
        layout.addWidget(self.combo)
        layout.addWidget(self.known_label)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.combo.currentTextChanged.connect(self._check)
        self._shown_problem = False
        self._check()
        self.combo.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def name(self) -> str:
        return self.combo.currentText().strip()

    def _check(self) -> None:
        problem = name_problem(self.name())
        self.ok_button.setEnabled(problem is None)
        # An empty box at the start is not an error yet; once typed in, say what is wrong.
        if problem and (self.combo.currentText() or self._shown_problem):
            self.problem.setText(problem)
            self._shown_problem = True
        else:
            self.problem.setText("")
        self.problem.setVisible(bool(self.problem.text()))

    def accept(self) -> None:
        if name_problem(self.name()) is None:
            super().accept()


def ask_annotator(parent: QWidget | None, corpus: Corpus, current: str | None) -> str | None:
    """Ask who is labelling; the chosen name (trimmed), or None if the user cancelled.

    ``current`` None means first launch (the wording explains what the name is for).
    """
    names = [a.name for a in corpus.annotators()]
    dialog = IdentityDialog(names, current, parent)
    try:
        return dialog.name() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
