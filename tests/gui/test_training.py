"""Train suggestions model… (issue 17): training runs in a background process with its
progress, Cancel really stops the process and leaves everything as it was, and a run to the
end shows the held-out scores and records the model for this corpus. Offline: spaCy from
blank, a few passes over a few seed articles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import Status
from annotator.gui.settings import suggestion_model
from annotator.learn.train import META

from .conftest import ANNOTATOR, SeedCorpus
from .util import db_rows

pytest.importorskip("spacy")

NAMES = ["Ukraina", "Rusia", "Trump", "Putin", "Zelensky", "Amerika Serikat", "Jakarta"]


def _done_articles(seed_corpus: SeedCorpus) -> int:
    """Label every seed name in three seed articles for alice and mark them done."""
    from annotator.store.corpus import Corpus

    corpus = Corpus.open(seed_corpus.path)
    corpus.set_user(ANNOTATOR)
    labelled = 0
    try:
        ids = [r[0] for r in db_rows(seed_corpus.path, "SELECT id FROM article ORDER BY id")][:3]
        for article_id in ids:
            text = corpus.article(article_id).text
            taken: list[tuple[int, int]] = []
            for name in NAMES:
                at = text.find(name)
                while at >= 0:
                    end = at + len(name)
                    if all(end <= a or b <= at for a, b in taken):
                        label = "PERSON" if name in ("Trump", "Putin", "Zelensky") else "GPE"
                        corpus.add_span(article_id, ANNOTATOR, at, end, label)
                        taken.append((at, end))
                        labelled += 1
                    at = text.find(name, end)
            corpus.set_status(article_id, ANNOTATOR, Status.DONE)
    finally:
        corpus.close()
    return labelled


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return (
        Path(f"/proc/{pid}/status").is_file()
        and "zombie" in Path(f"/proc/{pid}/status").read_text()
    )


@pytest.fixture
def trained_window(qtbot, seed_corpus: SeedCorpus):  # type: ignore[no-untyped-def]
    assert _done_articles(seed_corpus) > 10
    from annotator.gui.main_window import MainWindow
    from annotator.store.corpus import Corpus

    corpus = Corpus.open(seed_corpus.path)
    corpus.set_user(ANNOTATOR)
    win = MainWindow(corpus, ANNOTATOR)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.select_first()
    yield win
    win.close()
    corpus.close()


def _open_dialog(qtbot, window):  # type: ignore[no-untyped-def]
    window.action_by_name["train_model"].trigger()
    dialog = window.training_dialog
    qtbot.waitExposed(dialog)
    return dialog


def test_cancel_stops_the_process_and_changes_nothing(qtbot, trained_window, seed_corpus):  # type: ignore[no-untyped-def]
    window = trained_window
    spans_before = db_rows(seed_corpus.path, "SELECT COUNT(*) FROM span")
    dialog = _open_dialog(qtbot, window)
    dialog.epochs.setValue(200)  # far longer than the test waits
    dialog.patience.setValue(0)  # and never stopping early
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.run is not None and dialog.run.pid is not None, timeout=60_000)
    run = dialog.run
    pid = run.pid
    qtbot.waitUntil(lambda: "Pass" in dialog.status.text(), timeout=120_000)  # it trains
    # the app answers meanwhile: the next article opens
    before = window.current_article_id
    window.action_by_name["next_article"].trigger()
    assert window.current_article_id != before
    assert not _gone(pid)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert _gone(pid)
    assert "cancelled" in dialog.status.text()
    assert not dialog.target.exists()
    assert not list(dialog.target.parent.glob(f".{dialog.target.name}.training-*"))
    assert suggestion_model(window.corpus.location) is None
    assert db_rows(seed_corpus.path, "SELECT COUNT(*) FROM span") == spans_before
    assert dialog.start_button.isEnabled()


def test_a_training_run_to_the_end_shows_scores_and_records_the_model(qtbot, trained_window):  # type: ignore[no-untyped-def]
    window = trained_window
    dialog = _open_dialog(qtbot, window)
    dialog.epochs.setValue(3)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None or not dialog.is_running(), timeout=240_000)
    assert dialog.outcome is not None, dialog.status.text()
    target = dialog.target
    assert (target / META).is_file()
    assert suggestion_model(window.corpus.location) == target
    assert window.suggesting.model_folder == target  # the pane suggests from it at once
    labels = {dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())}
    assert labels <= {"PERSON", "GPE", "CLAIM"} and labels
    assert dialog.table.isVisible()
    # the held-out score of every pass was shown as it came, and which pass is kept
    scores = dialog.outcome["pass_scores"]
    assert len(scores) == dialog.outcome["epochs"] <= 3
    shown = dialog.passes.text()
    assert dialog.passes.isVisible() and shown.startswith("Held-out F1 per pass: ")
    for k, score in enumerate(scores, 1):
        assert f"{k}: {100 * score:.1f}" in shown
    best = dialog.outcome["best_epoch"]
    assert f"{best}: {100 * scores[best - 1]:.1f} ★" in shown
    assert f"pass {best} is kept" in dialog.status.text()
    qtbot.waitUntil(lambda: not dialog.timer.isActive(), timeout=60_000)
    assert not dialog.run.alive()  # the child ended by itself and was reaped
    from annotator.learn.model import ModelSuggester

    found = ModelSuggester(target).suggest("Putin bertemu Trump di Jakarta.")
    assert all(s.origin == f"model:{ANNOTATOR}" for s in found)
