"""Fixtures shared by every test: a corpus in tmp_path, and no test touches the user's data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.store.corpus import Corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# Rich text for offset tests: emoji, ZWJ family, flag, combining mark, NBSP.
TRICKY = "Putin 😀 bertemu 👨‍👩‍👧 Trump 🇮🇩 di Alaska: «Café» e\u0301 dan\u00a0Kim."


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("ANNOTATOR_SETTINGS_DIR", str(home / "settings"))
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "corpus.sqlite3"


@pytest.fixture
def corpus(db_path: Path) -> Iterator[Corpus]:
    c = Corpus.open(db_path)
    try:
        yield c
    finally:
        c.close()
