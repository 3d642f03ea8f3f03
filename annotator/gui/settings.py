"""Where the GUI keeps its own state (window layout, text size): QSettings, nothing else.

The window's dock layout is kept per mode: ``window/state`` for labelling, ``review/state``
for review mode (``MainWindow.save_layout``; closing in review mode keeps both).

``ANNOTATOR_SETTINGS_DIR`` puts the settings into an INI file in that folder (tests point it
into ``tmp_path``); otherwise Qt's usual place for organisation "Annotator", app "Annotator".
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from annotator.paths import APP_NAME

SETTINGS_ENV = "ANNOTATOR_SETTINGS_DIR"
ORGANIZATION = "Annotator"
DOMAIN = "annotator.org"


def settings() -> QSettings:
    """A QSettings for the GUI's state, honouring ``ANNOTATOR_SETTINGS_DIR``."""
    folder = os.environ.get(SETTINGS_ENV)
    if folder:
        fmt = QSettings.Format.IniFormat
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, folder)
        return QSettings(fmt, QSettings.Scope.UserScope, ORGANIZATION, APP_NAME)
    return QSettings(ORGANIZATION, APP_NAME)


def documents_folder() -> Path:
    """The user's documents folder (``QStandardPaths.DocumentsLocation``), else home."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if location and Path(location).is_dir():
        return Path(location)
    return Path.home()


def last_folder(key: str) -> Path:
    """The folder remembered under ``key`` (the last one used), while it exists; else the
    documents folder. Never the app's own data folder, which is hidden."""
    stored = settings().value(key)
    if isinstance(stored, str) and stored and Path(stored).is_dir():
        return Path(stored)
    return documents_folder()


def remember_folder(key: str, folder: Path) -> None:
    settings().setValue(key, str(folder))


# ------------------------------------------------------------------ per corpus (issue 17)


def _corpus_key(location: str, name: str) -> str:
    """A settings key for one corpus (its file path or server URL, hashed: QSettings keys
    must not hold slashes of their own)."""
    digest = hashlib.sha1(location.encode("utf-8")).hexdigest()[:16]
    return f"corpus/{digest}/{name}"


def suggestion_model(location: str) -> Path | None:
    """The model folder the last training in the app wrote for the corpus at ``location``
    (``Corpus.location``), while it still holds a model; else None. The suggestion pane
    reads its model suggestions from it."""
    from annotator.learn.train import META

    stored = settings().value(_corpus_key(location, "suggestion_model"))
    if isinstance(stored, str) and stored and (Path(stored) / META).is_file():
        return Path(stored)
    return None


def set_suggestion_model(location: str, folder: Path) -> None:
    settings().setValue(_corpus_key(location, "suggestion_model"), str(folder))


#: How "Next article" orders the articles: the corpus's order, the most open suggestions
#: first, or the model's least certain first.
ORDERS = ("corpus", "suggestions", "uncertainty")


def article_order(location: str) -> str:
    stored = settings().value(_corpus_key(location, "article_order"))
    return stored if isinstance(stored, str) and stored in ORDERS else "corpus"


def set_article_order(location: str, order: str) -> None:
    if order not in ORDERS:
        raise ValueError(f"no article order called {order!r}")
    settings().setValue(_corpus_key(location, "article_order"), order)
