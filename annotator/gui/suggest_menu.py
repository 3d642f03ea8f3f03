"""Label › Suggest from annotators: other annotators' (or imported models') labels as a
suggestion source, turned on or off one by one for the corpus (issue 17, ADR 0039).

The sub-menu is filled each time it opens, from ``Corpus.suggestion_annotators`` (read on
the suggestions' runner, shown when it arrives): only the annotators whose labels the access
rule lets the reader read (none for a non-reviewer on a team server, ADR 0022), each with
whether it is a model. Turning
one on keeps ``annotator:NAME`` in the corpus's suggestion sources (as the other sources).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

from annotator.core.offers import SourceAnnotator
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
        self._known: list[SourceAnnotator] | None = None  # the list last read
        self._reading = False
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
        """As it opens: the list last read at once, and a fresh one read on the suggestions'
        runner (an index probe per annotator, a model's whole range: off the GUI thread),
        shown when it arrives if it differs."""
        self._show(self._known)
        if self._reading:
            return
        self._reading = True
        w = self.w
        reader, me = w.suggesting.reader, w.annotator
        w.suggesting.runner.submit(
            lambda: reader.suggestion_annotators(me), self._arrived, self._failed
        )

    def _arrived(self, found: list[SourceAnnotator]) -> None:
        self._reading = False
        changed = found != self._known
        self._known = found
        if changed and self.isVisible():
            self._show(found)

    def _failed(self, exc: BaseException) -> None:
        self._reading = False
        self._known = []
        self.w.say(str(exc))
        if self.isVisible():
            self._show(self._known)

    def _show(self, found: list[SourceAnnotator] | None) -> None:
        """One checkable entry per annotator, checked when on (None: not read yet)."""
        self.clear()
        if found is None:
            self.addAction(self.tr("Reading the annotators…")).setEnabled(False)
            return
        if not found:
            none = self.addAction(self.tr("No other annotator's labels you may read"))
            none.setEnabled(False)
            return
        w = self.w
        on = w.suggesting.sources
        for who in found:
            name = who.name.replace("&", "&&")  # not a mnemonic
            text = self.tr("{name} (model)").format(name=name) if who.model else name
            action = self.addAction(text)
            action.setObjectName(f"suggest_{who.source}")
            action.setCheckable(True)
            action.setChecked(who.source in on)
            action.toggled.connect(
                lambda checked, source=who.source: w.commands.suggest_from_annotator(
                    source, checked
                )
            )
