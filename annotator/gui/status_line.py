"""The window's status bar: where the corpus is, who labels, their progress, the article count.

It subscribes to the change bus: a status change updates the progress (after the text view has
painted, several edits in one go), someone else's change or an import re-reads both figures.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from annotator.gui.bus import Update
from annotator.gui.i18n import translate
from annotator.store import team
from annotator.store.corpus import Corpus
from annotator.store.errors import StoreError


def display_location(location: str) -> str:
    """The corpus location for people to read: a URL loses its password."""
    if "://" not in location:
        return location
    parts = urlsplit(location)
    if parts.password is None:
        return location
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


def team_server(location: str) -> str | None:
    """``user@host:port/dbname`` of a team corpus's URL; None for a local file."""
    if not team.is_team_url(location):
        return None
    try:
        return team.parse_url(location).key
    except StoreError:
        return display_location(location)


def corpus_name(location: str) -> str:
    if "://" in location:
        return PurePath(urlsplit(location).path).name or display_location(location)
    return PurePath(location).name


def _tr(text: str, n: int = -1) -> str:
    return translate("MainWindow", text, None, n)


class StatusLine:
    """The labels and progress bar of ``bar`` (see the module docstring)."""

    def __init__(self, bar: QStatusBar, corpus: Corpus, annotator: str | None) -> None:
        self.corpus = corpus
        self.annotator = annotator
        self.defer: Callable[[Callable[[], None]], None] = lambda run: run()
        self._progress_due = False
        self.location_label = QLabel()
        self.location_label.setObjectName("corpusLocation")
        self.count_label = QLabel()
        self.count_label.setObjectName("corpusCount")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("progress")
        self.progress_bar.setMaximumWidth(160)
        bar.addWidget(self.location_label, 1)
        self.who_label = QLabel()
        self.who_label.setObjectName("annotatorName")
        self.who_label.setContentsMargins(0, 0, 16, 0)
        bar.addPermanentWidget(self.who_label)
        bar.addPermanentWidget(self.progress_bar)
        bar.addPermanentWidget(self.count_label)
        self.who_label.setVisible(bool(annotator))
        self.progress_bar.setVisible(bool(annotator))

    def set_annotator(self, name: str) -> None:
        self.annotator = name
        self.who_label.setText(_tr("Annotator: {name}").format(name=name))
        self.who_label.show()
        self.progress_bar.show()
        self.refresh_progress()

    def refresh_progress(self) -> None:
        self._progress_due = False
        if not self.annotator:
            return
        done, total = self.corpus.progress(self.annotator)
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.progress_bar.setToolTip(
            _tr("You marked {done} of {total} articles done").format(done=done, total=total)
        )

    def refresh_count(self) -> None:
        n = self.corpus.article_count()
        self.count_label.setText(_tr("%Ln article(s)", n))

    def on_update(self, update: Update) -> None:
        """The bus: a status change moves the progress; others' changes, an import, both."""
        if update.everything:
            self.refresh_progress()
            self.refresh_count()
        elif update.changes.status_changed and not self._progress_due:
            self._progress_due = True
            self.defer(self.refresh_progress)

    def retranslate(self) -> None:
        server = team_server(self.corpus.location)
        self.location_label.setText(
            _tr("Team server: {server}").format(server=server)
            if server
            else _tr("Corpus: {location}").format(location=display_location(self.corpus.location))
        )
        self.who_label.setText(_tr("Annotator: {name}").format(name=self.annotator or ""))
        self.progress_bar.setFormat(_tr("%v/%m done"))
        self.refresh_count()
        self.refresh_progress()
