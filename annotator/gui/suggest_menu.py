"""Label › Suggest from annotators: other annotators' (or imported models') labels as a
suggestion source, turned on or off one by one for the corpus (issue 17, ADR 0039).

The sub-menu is filled each time it opens, from ``Corpus.suggestion_annotators``: only the
annotators whose labels the access rule lets the reader read (none for a non-reviewer on a
team server, ADR 0022), each with whether it is a model and how many spans it has. Turning
one on keeps ``annotator:NAME`` in the corpus's suggestion sources (as the other sources).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

from annotator.core.errors import CorpusError
from annotator.gui.actions import menu

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

__all__ = ["AnnotatorSources"]


class AnnotatorSources(QMenu):
    """The sub-menu, placed in the Label menu after "Choose suggestion model…"."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.setObjectName("menu_suggest_annotators")
        self.aboutToShow.connect(self.fill)
        label_menu = menu(window, "label")
        entries = label_menu.actions()
        after = entries.index(window.action_by_name["choose_model"])
        before = entries[after + 1] if after + 1 < len(entries) else None
        if before is None:
            label_menu.addMenu(self)
        else:
            label_menu.insertMenu(before, self)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Suggest from a&nnotators"))
        self.menuAction().setStatusTip(
            self.tr("Offer another annotator's labels, or an imported model's, as suggestions")
        )

    def fill(self) -> None:
        """One checkable entry per annotator the reader may read, checked when on."""
        self.clear()
        w = self.w
        try:
            found = w.corpus.suggestion_annotators(w.annotator)
        except CorpusError as exc:
            w.say(str(exc))
            found = []
        if not found:
            none = self.addAction(self.tr("No other annotator's labels you may read"))
            none.setEnabled(False)
            return
        on = w.suggesting.sources
        for who in found:
            if who.model:
                text = self.tr("{name} (model, {n} span(s))")
            else:
                text = self.tr("{name} ({n} span(s))")
            name = who.name.replace("&", "&&")  # not a mnemonic
            action = self.addAction(text.format(name=name, n=f"{who.spans:,}"))
            action.setObjectName(f"suggest_{who.source}")
            action.setCheckable(True)
            action.setChecked(who.source in on)
            action.toggled.connect(
                lambda checked, source=who.source: w.commands.suggest_from_annotator(
                    source, checked
                )
            )
