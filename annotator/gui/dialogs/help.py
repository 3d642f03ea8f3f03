"""Help › Keyboard reference and Help › About Annotator.

The keyboard reference is generated from the actions table and the schema's label hotkeys,
so it lists exactly the keys the window has. About shows the version from the package
metadata, the Qt and PySide versions, the licence, and where the data and the log are.
"""

from __future__ import annotations

from importlib import metadata

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.schema import LabelSchema
from annotator.gui.actions import ACTIONS, MENUS, action_text
from annotator.gui.i18n import QT_TRANSLATE_NOOP, Retranslated, translate
from annotator.logs import log_file, mask_secrets
from annotator.paths import data_dir, default_db

# The keys that are not menu entries (gestures of the text pane).
GESTURES = (
    (
        QT_TRANSLATE_NOOP("KeyboardReference", "Select text, then a label key"),
        QT_TRANSLATE_NOOP("KeyboardReference", "Label the selection (whole words)"),
    ),
    (
        QT_TRANSLATE_NOOP("KeyboardReference", "Label key with a span selected"),
        QT_TRANSLATE_NOOP("KeyboardReference", "Relabel the span"),
    ),
    (
        QT_TRANSLATE_NOOP("KeyboardReference", "S or A, then click an entity"),
        QT_TRANSLATE_NOOP("KeyboardReference", "Link the selected claim to its speaker or topic"),
    ),
)


def version() -> str:
    try:
        return metadata.version("annotator")
    except metadata.PackageNotFoundError:
        return translate("AboutDialog", "development version")


def key_text(shortcut: str) -> str:
    """A shortcut as the platform writes it (``Ctrl+Return`` → ``Ctrl+Return`` / ``⌘↩``)."""
    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)


def key_rows(schema: LabelSchema) -> list[tuple[str, str, str]]:
    """(menu, key, what it does) for every key of the window, in menu order."""
    rows: list[tuple[str, str, str]] = []
    for label in schema.labels:
        if label.hotkey:
            what = translate("KeyboardReference", "Label the selection {label}").format(
                label=label.name
            )
            rows.append(("label", key_text(label.hotkey), what))
    for spec in ACTIONS:
        if spec.shortcut:
            rows.append((spec.menu, key_text(spec.shortcut), action_text(spec).replace("&", "")))
    order = {menu.name: i for i, menu in enumerate(MENUS)}
    rows.sort(key=lambda row: order.get(row[0], len(order)))
    return rows


class KeyboardReference(Retranslated, QDialog):
    """Every action with its key, by menu; the schema's label keys under Label."""

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyboardReference")
        self.schema = schema
        self.resize(640, 640)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("keyTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Keyboard reference"))
        self.intro.setText(
            self.tr(
                "Every key of the main window. Keys without Ctrl or Alt act while the text "
                "has the focus; in review mode 1…9 accept an annotator's version instead of "
                "labelling."
            )
        )
        self.table.setHorizontalHeaderLabels([self.tr("Menu"), self.tr("Key"), self.tr("Action")])
        menus = {menu.name: translate("Actions", menu.text).replace("&", "") for menu in MENUS}
        rows = [
            ("", translate("KeyboardReference", k), translate("KeyboardReference", w))
            for k, w in GESTURES
        ]
        rows += [(menus.get(m, m), key, what) for m, key, what in key_rows(self.schema)]
        self.table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)


class AboutDialog(Retranslated, QDialog):
    """Version, licence, Qt and PySide versions, and where the data and the log are."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setMinimumWidth(520)
        self.text = QLabel()
        self.text.setObjectName("aboutText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.text.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("About Annotator"))
        rows = [
            (self.tr("Version"), version()),
            (self.tr("Qt / PySide"), f"{qVersion()} / {PySide6.__version__}"),
            (self.tr("Licence"), "MIT"),
            (self.tr("Data folder"), str(data_dir())),
            (self.tr("Default corpus"), mask_secrets(default_db())),
            (self.tr("Log file"), str(log_file())),
        ]
        table = "".join(
            f"<tr><td><b>{_html(k)}</b>&nbsp;&nbsp;</td><td>{_html(v)}</td></tr>" for k, v in rows
        )
        self.text.setText(
            f"<h3>Annotator {_html(version())}</h3><p>"
            + _html(
                self.tr(
                    "Label entities and claims in news articles by hand, measure agreement "
                    "between annotators and export training corpora."
                )
            )
            + f"</p><table>{table}</table>"
        )


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
