"""The corpus's gazetteers, edited in the app (issue 17): every term with its label and the
file it came from; filter them, add one, remove the selected, import a term list.

Terms are the corpus's, like its schema (no annotator's). Each change is written at once
(``Corpus.add_gazetteer_terms`` / ``remove_gazetteer_terms``) and said by ``changed``, so the
window reads the gazetteers again and the open article's suggestions follow.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import CorpusError
from annotator.core.speakers import CLAIM_LAYER, CUE
from annotator.formats import gazetteer as gazetteer_file
from annotator.formats.common import FormatError
from annotator.store.corpus import Corpus
from annotator.store.errors import StoreError

ADDED_HERE = "(added in the app)"
"""The source of a term typed in this dialog (a file's terms name their file)."""


def term_labels(corpus: Corpus) -> list[str]:
    """The labels a term may have: the schema's entity labels and CUE, never a claim's."""
    return [
        label.name
        for label in corpus.schema.labels
        if label.layer != CLAIM_LAYER or label.name == CUE
    ]


class GazetteerDialog(QDialog):
    """Every gazetteer term of the corpus, to filter, add, remove and import."""

    changed = Signal()  # terms were added or removed

    def __init__(self, corpus: Corpus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gazetteerDialog")
        self.setWindowTitle(self.tr("Gazetteers"))
        self.corpus = corpus
        self.labels = term_labels(corpus)
        intro = QLabel(
            self.tr(
                "Terms that suggest a label wherever they occur (ignoring case), when "
                "Suggest from gazetteers is on."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("gazetteerFilter")
        self.filter.setPlaceholderText(self.tr("Filter terms, labels or files…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("gazetteerTerms")
        self.table.setHorizontalHeaderLabels([self.tr("Term"), self.tr("Label"), self.tr("From")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 220)
        self.table.itemSelectionChanged.connect(self._sync_buttons)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # by term; a click re-sorts

        self.term = QLineEdit(self)
        self.term.setObjectName("gazetteerTerm")
        self.term.setPlaceholderText(self.tr("New term, e.g. Korea Utara"))
        self.term.returnPressed.connect(self.add_term)
        self.term.textChanged.connect(self._sync_buttons)
        self.label = QComboBox(self)
        self.label.setObjectName("gazetteerLabel")
        self.label.addItems(self.labels)
        self.add_button = QPushButton(self.tr("&Add"), self)
        self.add_button.setObjectName("gazetteerAdd")
        self.add_button.clicked.connect(self.add_term)
        adding = QHBoxLayout()
        adding.addWidget(self.term, 1)
        adding.addWidget(self.label)
        adding.addWidget(self.add_button)

        self.remove_button = QPushButton(self.tr("&Remove selected"), self)
        self.remove_button.setObjectName("gazetteerRemove")
        self.remove_button.clicked.connect(self.remove_selected)
        remove_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        remove_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_key.activated.connect(self.remove_selected)
        self.import_button = QPushButton(self.tr("&Import file…"), self)
        self.import_button.setObjectName("gazetteerImport")
        self.import_button.clicked.connect(self.choose_file)
        self.summary = QLabel(self)
        self.summary.setObjectName("gazetteerSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        tools = QHBoxLayout()
        tools.addWidget(self.remove_button)
        tools.addWidget(self.import_button)
        tools.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addLayout(adding)
        layout.addLayout(tools)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.resize(720, 520)
        if not self.labels:
            self.term.setEnabled(False)
            self.say(self.tr("The schema has no entity labels for terms."))
        self.refresh()
        self.term.setFocus()

    # ------------------------------------------------------------ reading
    def refresh(self, said: str = "") -> None:
        """Read the terms again and show them (``said``: the last change, kept shown)."""
        try:
            rows = self.corpus.gazetteer_terms()
        except (CorpusError, StoreError) as exc:
            self.say(str(exc))
            return
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        for r, (term, label, source) in enumerate(rows):
            shown = Path(source).name if source != ADDED_HERE else self.tr("added here")
            for c, text in enumerate((term, label, shown)):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setToolTip(source)
                    item.setData(Qt.ItemDataRole.UserRole, source)
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self._apply_filter(self.filter.text())
        files = len({source for *_, source in rows})
        count = self.tr("%n term(s)", "", len(rows)) + " · " + self.tr("%n source(s)", "", files)
        self.say(f"{said} {count}".strip() if said else count)
        self._sync_buttons()

    def _cell(self, row: int, column: int, role: Qt.ItemDataRole | None = None) -> str:
        item = self.table.item(row, column)
        if item is None:
            return ""
        return item.text() if role is None else str(item.data(role))

    def visible_terms(self) -> list[tuple[str, str]]:
        """The (term, label) of the rows the filter shows, in their order."""
        return [
            (self._cell(r, 0), self._cell(r, 1))
            for r in range(self.table.rowCount())
            if not self.table.isRowHidden(r)
        ]

    def _apply_filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for r in range(self.table.rowCount()):
            source = self._cell(r, 2, Qt.ItemDataRole.UserRole)
            hay = f"{self._cell(r, 0)} {self._cell(r, 1)} {source}".casefold()
            self.table.setRowHidden(r, bool(needle) and needle not in hay)

    def _selected(self) -> list[tuple[str, str]]:
        rows = sorted({i.row() for i in self.table.selectedItems()})
        return [(self._cell(r, 0), self._cell(r, 1)) for r in rows if not self.table.isRowHidden(r)]

    def _sync_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self._selected()))
        self.add_button.setEnabled(bool(self.term.text().strip()) and bool(self.labels))

    def say(self, text: str) -> None:
        self.summary.setText(text)

    # ------------------------------------------------------------ changing
    def add_term(self) -> None:
        term = " ".join(self.term.text().split())
        label = self.label.currentText()
        if not term or not label:
            return
        try:
            added, _ = self.corpus.add_gazetteer_terms([(term, label)], ADDED_HERE)
        except (CorpusError, StoreError) as exc:
            self.say(str(exc))
            return
        self.term.clear()
        self.changed.emit()
        said = (
            self.tr("Added “{term}” as {label}.")
            if added
            else self.tr("“{term}” is already a {label} term.")
        )
        self.refresh(said.replace("{term}", term).replace("{label}", label))

    def remove_selected(self) -> None:
        chosen = self._selected()
        if not chosen:
            return
        try:
            gone = self.corpus.remove_gazetteer_terms(chosen)
        except (CorpusError, StoreError) as exc:
            self.say(str(exc))
            return
        self.changed.emit()
        self.refresh(self.tr("Removed %n term(s).", "", gone))

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a term list"),
            "",
            self.tr("Term lists (*.txt *.tsv *.csv);;All files (*)"),
        )
        if path:
            self.import_path(Path(path), self.label.currentText() or None)

    def import_path(self, path: Path, label: str | None = None) -> None:
        """Import the term list at ``path`` (bare terms get ``label``): all or nothing."""
        try:
            terms = gazetteer_file.read(path, label=label, labels=self.labels)
            added, had = self.corpus.add_gazetteer_terms(
                [(t, lab) for t, lab, _ in terms], str(path.absolute())
            )
        except (FormatError, CorpusError, StoreError) as exc:
            self.say(str(exc))
            return
        self.changed.emit()
        said = self.tr("{file}: %n term(s) added, {had} already there.", "", added)
        self.refresh(said.replace("{file}", path.name).replace("{had}", f"{had:,}"))
