"""Stories (articles about one event): set the open article's story, and accept the groups
``Corpus.story_suggestions`` finds (shared entities, close dates).

A story is article metadata shared by every annotator, not a label. Looking for suggestions
reads the whole corpus's entities, so it runs on the dialog's own runner (gui/workers.py);
accepting them is a few ordered edits on the GUI thread, each published on the change bus
through ``changed``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import CorpusError
from annotator.core.model import Changes, StorySuggestion
from annotator.gui.workers import Runner
from annotator.store.corpus import Corpus


class StoryDialog(QDialog):
    """The story of one article: pick one of the corpus's stories, type a new one, or clear
    the box for none."""

    def __init__(self, corpus: Corpus, article_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storyDialog")
        self.setWindowTitle(self.tr("Story"))
        article = corpus.article(article_id)
        names = {s.id: s.name for s in corpus.stories()}
        title = QLabel(
            self.tr(
                "The event “{title}” reports (articles of one story are kept together):"
            ).replace("{title}", article.title or article.external_id),
            self,
        )
        title.setWordWrap(True)
        self.combo = QComboBox(self)
        self.combo.setObjectName("storyName")
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItem("")
        self.combo.addItems(sorted(names.values()))
        self.combo.setCurrentText(names.get(article.story_id or -1, ""))
        line = self.combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("No story"))
        self.combo.setMinimumContentsLength(40)
        title.setBuddy(self.combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.combo)
        layout.addWidget(buttons)
        self.combo.setFocus()

    def story(self) -> str | None:
        """The story chosen (None: none)."""
        return " ".join(self.combo.currentText().split()) or None


class StorySuggestionsDialog(QDialog):
    """The groups of articles that seem to tell one story, each checked; Accept puts the
    checked groups' articles in their story (``changed`` for each edit)."""

    changed = Signal(Changes)
    ready = Signal()  # the suggestions are shown (or the search failed)

    def __init__(self, corpus: Corpus, annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storySuggestions")
        self.setWindowTitle(self.tr("Suggested stories"))
        self._corpus = corpus
        self._annotator = annotator
        self.suggestions: list[StorySuggestion] = []
        self.summary = QLabel(self.tr("Looking for articles that tell one story…"), self)
        self.summary.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("storySuggestionList")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close, self
        )
        self.accept_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.accept_button.setText(self.tr("Accept checked"))
        self.accept_button.setEnabled(False)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 360)
        self.runner = Runner("stories", on_thread_end=corpus.close_thread_connection)
        self.finished.connect(lambda _result: self.runner.stop())
        self.runner.submit(corpus.story_suggestions, self._show, self._failed)

    def _show(self, found: list[StorySuggestion]) -> None:
        self.suggestions = found
        titles = {}
        for s in found:
            for a in s.article_ids:
                titles[a] = self._corpus.article(a).title
        for s in found:
            if s.existing:
                text = self.tr("Story “{name}”: %n more of its articles", "", len(s.joining))
            else:
                text = self.tr("New story “{name}”: %n article(s)", "", len(s.joining))
            text = text.replace("{name}", s.name)
            item = QListWidgetItem(text, self.list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setToolTip("\n".join(titles[a] for a in s.joining))
        if found:
            self.summary.setText(
                self.tr(
                    "Articles that share entities and dates: accept the stories you agree with."
                )
            )
            self.list.setCurrentRow(0)
            self.list.setFocus()
        else:
            self.summary.setText(
                self.tr(
                    "No suggestions: every group of articles that share entities is in one "
                    "story already, or too few entities are marked."
                )
            )
        self.accept_button.setEnabled(bool(found))
        self.ready.emit()

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(
            self.tr("The suggestions could not be read: {error}").format(error=exc)
        )
        self.ready.emit()

    def _accept(self) -> None:
        for row, s in enumerate(self.suggestions):
            if self.list.item(row).checkState() != Qt.CheckState.Checked:
                continue
            try:
                changes = self._corpus.set_story(s.joining, s.name, self._annotator)
            except CorpusError as exc:
                self.summary.setText(str(exc))
                return
            if changes:
                self.changed.emit(changes)
        self.accept()
