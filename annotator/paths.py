"""Where things live: the bundled resources and seeds, and the user's data directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Annotator"
APP_ID = "org.annotator.Annotator"
DB_ENV = "ANNOTATOR_DB"
DEFAULT_DB_NAME = "corpus.sqlite3"


def _root() -> Path:
    """The folder holding ``resources/`` and ``seeds/``: the checkout, or a frozen bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return _root() / "resources"


def seeds_dir() -> Path:
    return _root() / "seeds"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db() -> str:
    """``--db`` when none is given: ``$ANNOTATOR_DB``, else the corpus in the user data dir."""
    return os.environ.get(DB_ENV) or str(data_dir() / DEFAULT_DB_NAME)


def folder_name(name: str) -> str:
    """``name`` (an annotator's, which an imported file may have set to anything) as one
    folder name: no separators, no ``..``, no leading dot, so ``models/NAME`` stays inside
    ``models``."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name).strip(".")
    return safe or "model"
