"""Edit › Preferences…: the language of the app (system's, English, Bahasa Indonesia).

Choosing a language applies it at once (every open window retranslates itself) and
remembers it in QSettings; Cancel puts back the language shown when the dialog opened.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from annotator.gui import i18n
from annotator.gui.i18n import Retranslated
from annotator.i18n import LANGUAGES


class PreferencesDialog(Retranslated, QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setMinimumWidth(420)
        self._opened_with = i18n.stored_choice()

        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        self.language.addItem("", i18n.SYSTEM)  # text set by retranslate
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)  # each language in its own name
        self.language.setCurrentIndex(max(self.language.findData(self._opened_with), 0))
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        self.note = QLabel()
        self.note.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.language_label, self.language)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.retranslate()
        self.language.currentIndexChanged.connect(self._language_chosen)

    def chosen(self) -> str:
        return str(self.language.currentData())

    def _language_chosen(self) -> None:
        i18n.set_language(self.chosen())

    def reject(self) -> None:
        if self.chosen() != self._opened_with:
            i18n.set_language(self._opened_with)
        super().reject()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Preferences"))
        self.language_label.setText(self.tr("&Language:"))
        system = LANGUAGES[i18n.system_language()]
        self.language.setItemText(
            0, self.tr("System language ({language})").format(language=system)
        )
        self.note.setText(
            self.tr(
                "The app switches at once. Label names come from the corpus's schema and "
                "stay as they are."
            )
        )
