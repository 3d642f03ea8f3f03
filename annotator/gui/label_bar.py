"""The label palette: one button and hotkey per label of the corpus's schema.

It subscribes to the change bus and is made again from the stored schema whenever it changed
(this window's schema editor, an import that brought labels, another user's edit).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QToolBar

from annotator.gui.actions import build_label_actions, label_tip
from annotator.gui.bus import Update
from annotator.gui.commands import Commands
from annotator.gui.i18n import translate
from annotator.gui.text_pane import TextPane
from annotator.store.corpus import Corpus


class LabelBar:
    """The palette toolbar of ``window`` and its label actions."""

    def __init__(
        self, window: QMainWindow, commands: Commands, corpus: Corpus, pane: TextPane
    ) -> None:
        self.window, self.commands, self.corpus, self.pane = window, commands, corpus, pane
        self.enabled = True  # off in review mode (1-9 accept a version there)
        self.actions: list[QAction] = []
        self.bar = QToolBar(window)
        self.bar.setObjectName("labelPalette")
        self.bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.bar.setMovable(False)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)
        self.rebuild()

    def rebuild(self) -> None:
        """(Re)make the label actions and the palette from the corpus's schema."""
        self.pane.schema = self.corpus.schema
        self.actions = build_label_actions(self.window, self.commands, self.corpus.schema)
        self.bar.clear()
        for action in self.actions:
            action.setEnabled(self.enabled)
            self.bar.addAction(action)
            button = self.bar.widgetForAction(action)
            if button is not None:
                button.setObjectName(f"palette_{action.objectName()}")

    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        for action in self.actions:
            action.setEnabled(on)

    def on_update(self, update: Update) -> None:
        if update.schema:
            self.rebuild()

    def retranslate(self) -> None:
        self.bar.setWindowTitle(translate("MainWindow", "Labels"))
        for action, label in zip(self.actions, self.corpus.schema.labels, strict=False):
            action.setToolTip(label_tip(label))
            action.setStatusTip(action.toolTip())
