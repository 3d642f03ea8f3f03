"""Train suggestions model…: a model learnt from this annotator's done articles, trained in a
background *process* (annotator/learn/background.py) while the app stays usable, with its
progress per pass with the held-out score after it (training stops when that has not
improved for a few passes, and keeps the best pass: ADR 0040), a Cancel that stops the
process, and the held-out precision, recall and F1 per label at the end (issue 17).

The articles are read on a worker thread; the training's child process is polled on a
timer. The finished model's folder is recorded for this corpus (``settings.suggestion_model``),
where the suggestion pane finds it. The dialog is modeless: labelling goes on meanwhile.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import CorpusError
from annotator.core.model import Document, Status
from annotator.gui.dialogs.jobs import fill_table
from annotator.gui.settings import documents_folder, set_suggestion_model
from annotator.gui.workers import JobContext, Worker
from annotator.learn.background import TrainingRun
from annotator.learn.train import EPOCHS, PATIENCE, TrainingError
from annotator.paths import folder_name
from annotator.store.corpus import Corpus
from annotator.store.errors import StoreError

POLL_MS = 100


def default_folder(corpus: Corpus, annotator: str) -> Path:
    """models/NAME beside the corpus file (as ``annotator train``), else in Documents."""
    base = Path(corpus.location).parent if corpus.is_sqlite else documents_folder()
    return base / "models" / folder_name(annotator)


def done_documents(corpus: Corpus, annotator: str, ctx: JobContext | None = None) -> list[Document]:
    """The articles ``annotator`` marked done that have spans: what training learns from."""
    out = []
    for d in corpus.documents(annotator):
        if ctx is not None and ctx.cancelled():
            break
        if d.status is Status.DONE and d.spans:
            out.append(d)
    return out


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{100 * v:.1f}"


class TrainingDialog(QDialog):
    """Train a suggestion model in a background process; see the module docstring."""

    trained = Signal(object)  # the finished model's folder (a Path), recorded for the corpus

    def __init__(self, corpus: Corpus, annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training_dialog")
        self.setWindowTitle(self.tr("Train suggestions model"))
        self.corpus = corpus
        self.annotator = annotator
        self.target = default_folder(corpus, annotator)
        self.run: TrainingRun | None = None
        self.outcome: dict[str, Any] | None = None
        self.worker = Worker(self, expected_exceptions=(CorpusError, StoreError))
        self.worker.finished.connect(self._read)
        self.worker.failed.connect(lambda message, _exc: self._stopped(message))
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)

        intro = QLabel(
            self.tr(
                "Learns from the articles %1 marked done (names, places, organisations and "
                "claim sentences), from a blank model on this computer. Training runs in a "
                "background process: you can go on labelling."
            ).replace("%1", annotator)
        )
        intro.setWordWrap(True)
        self.epochs = QSpinBox()
        self.epochs.setObjectName("training_epochs")
        self.epochs.setRange(1, 200)
        self.epochs.setValue(EPOCHS)
        self.patience = QSpinBox()
        self.patience.setObjectName("training_patience")
        self.patience.setRange(0, 50)
        self.patience.setValue(PATIENCE)
        self.patience.setSpecialValueText(self.tr("never stop early"))
        self.patience.setToolTip(
            self.tr(
                "Training stops when this many passes in a row have not bettered the "
                "held-out score; the best pass's model is kept."
            )
        )
        self.folder_label = QLabel(str(self.target))
        self.folder_label.setObjectName("training_folder")
        form = QFormLayout()
        form.addRow(self.tr("&Most passes over the articles:"), self.epochs)
        form.addRow(self.tr("&Stop after passes without a better score:"), self.patience)
        form.addRow(self.tr("Model folder:"), self.folder_label)

        self.bar = QProgressBar()
        self.bar.setObjectName("training_progress")
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.status = QLabel(self.tr("Not started"))
        self.status.setObjectName("training_status")
        self.status.setWordWrap(True)
        self.passes = QLabel()
        self.passes.setObjectName("training_passes")
        self.passes.setWordWrap(True)
        self.pass_scores: list[float | None] = []
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("training_scores")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Label"), self.tr("Precision %"), self.tr("Recall %"), self.tr("F1 %")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setVisible(False)

        self.start_button = QPushButton(self.tr("&Train"))
        self.start_button.setObjectName("training_start")
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("&Cancel training"))
        self.cancel_button.setObjectName("training_cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.passes)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.resize(560, 420)

    # ------------------------------------------------------------------ state
    def is_running(self) -> bool:
        return self.worker.is_running() or (self.run is not None and not self.run.finished)

    def _busy(self, busy: bool) -> None:
        self.start_button.setEnabled(not busy)
        self.epochs.setEnabled(not busy)
        self.patience.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    # ------------------------------------------------------------------ steps
    def start(self) -> None:
        if self.is_running():
            return
        self.outcome = None
        self.table.setVisible(False)
        self.pass_scores = []
        self.passes.clear()
        self._busy(True)
        self.bar.setRange(0, 0)  # busy until the articles are read
        self.status.setText(self.tr("Reading the done articles…"))
        corpus, annotator = self.corpus, self.annotator
        self.worker.start(lambda ctx: done_documents(corpus, annotator, ctx))

    def _read(self, docs: object) -> None:
        assert isinstance(docs, list)
        if self.worker.cancel_requested() or not self.cancel_button.isEnabled():
            return
        languages = Counter(d.article.language for d in docs)
        language = languages.most_common(1)[0][0] if languages else "id"
        try:
            if len(docs) < 2:
                raise TrainingError(
                    self.tr(
                        "Training needs at least 2 done articles with labels; there are %1."
                    ).replace("%1", str(len(docs)))
                )
            self.run = TrainingRun(
                docs,
                self.target,
                language=language,
                epochs=self.epochs.value(),
                patience=self.patience.value(),
                name=self.annotator,
            )
            self.run.start()
        except (TrainingError, OSError) as e:
            self.run = None
            self._stopped(str(e))
            return
        self.bar.setRange(0, self.epochs.value())
        self.bar.setValue(0)
        self.status.setText(self.tr("Training on %1 articles…").replace("%1", str(len(docs))))
        self.timer.start()

    def _poll(self) -> None:
        if self.run is None or (self.run.finished and not self.run.alive()):
            self.timer.stop()  # the finished child has ended (and is reaped)
            return
        for msg in self.run.poll():
            if msg[0] == "epoch":
                self._pass(*msg[1:])
            elif msg[0] == "done":
                self._done(msg[1])
            else:
                self._stopped(str(msg[1]))

    def _pass(self, done: int, total: int, loss: float, score: float | None, best: int) -> None:
        """A pass has ended: its number, its loss and its held-out score, the best so far."""
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        self.pass_scores.append(score)
        if score is None:  # nothing held out: nothing to score
            self.status.setText(
                self.tr("Pass %1 of %2, loss %3")
                .replace("%1", str(done))
                .replace("%2", str(total))
                .replace("%3", f"{loss:.1f}")
            )
            return
        self.status.setText(
            self.tr("Pass %1 of at most %2, loss %3: held-out F1 %4 % (best: pass %5)")
            .replace("%1", str(done))
            .replace("%2", str(total))
            .replace("%3", f"{loss:.1f}")
            .replace("%4", _pct(score))
            .replace("%5", str(best))
        )
        self.passes.setText(
            self.tr("Held-out F1 per pass: %1").replace(
                "%1",
                ", ".join(
                    f"{k}: {_pct(v)}" + (" ★" if k == best else "")
                    for k, v in enumerate(self.pass_scores, 1)
                ),
            )
        )

    def _done(self, result: dict[str, Any]) -> None:
        self.outcome = result  # the timer runs on until the child has ended
        set_suggestion_model(self.corpus.location, Path(result["out"]))
        self.trained.emit(Path(result["out"]))
        rows = [
            (
                [label, _pct(s["precision"]), _pct(s["recall"]), _pct(s["f1"])],
                f"tp {s['tp']}, fp {s['fp']}, fn {s['fn']}",
            )
            for label, s in result.get("held_out", {}).items()
        ]
        fill_table(self.table, rows)
        self._busy(False)
        self.bar.setValue(self.bar.maximum())
        if result.get("stopped") == "patience":
            why = self.tr(
                "Stopped after pass %1: %2 passes in a row did not better the held-out score."
            )
        else:
            why = self.tr("Ran every pass (%1).")
        why = why.replace("%1", str(result.get("epochs"))).replace(
            "%2", str(result.get("patience"))
        )
        kept = result.get("best_epoch")
        best = (result.get("pass_scores") or [None])[max(0, (kept or 1) - 1)]
        self.status.setText(
            self.tr(
                "Done in %1 s: %2 The model of pass %3 is kept (held-out F1 %4 %). Trained on "
                "%5 articles, scored on %6 held out. The model is in %7 and suggestions use it."
            )
            .replace("%1", f"{result['seconds']:.0f}")
            .replace("%2", why)
            .replace("%3", str(kept))
            .replace("%4", _pct(best))
            .replace("%5", str(result["train_articles"]))
            .replace("%6", str(result["held_out_articles"]))
            .replace("%7", str(result["out"]))
        )

    def _stopped(self, message: str) -> None:
        self._busy(False)
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.status.setText(message)

    def cancel(self) -> None:
        """Stop reading or training now: the child process is terminated and nothing is
        written; an earlier model stays as it was."""
        if self.worker.is_running():
            self.worker.cancel()
        if self.run is not None and not self.run.finished:
            self.run.cancel()
        self._stopped(self.tr("Training cancelled; nothing was written."))

    # ------------------------------------------------------------------ closing
    def done(self, r: int) -> None:  # Esc, Close
        self.cancel_if_running()
        super().done(r)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel_if_running()
        super().closeEvent(event)

    def cancel_if_running(self) -> None:
        if self.is_running():
            self.cancel()
        self.worker.wait()
