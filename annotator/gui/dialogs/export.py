"""The Export dialog: choose a format, where to write, which labels, filters and a split; the
export runs on a background :class:`~annotator.gui.workers.Worker` with progress and Cancel.

It mirrors ``annotator export`` (docs/formats.md) option for option and calls the same
:func:`annotator.formats.export`. The exporter writes into a hidden temp folder and renames
only when everything is written, so a failure, a refusal or a cancel leaves no file behind.
A refusal (spans the format cannot hold without moving them) is shown as a table of those
spans: article, annotator, span, offsets, label, text and why — never a traceback.
"""

from __future__ import annotations

import functools
import html
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt, QUrl
from PySide6.QtGui import QColor, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from annotator import formats
from annotator.core.model import Status
from annotator.formats import (
    ExportCancelled,
    ExportFormat,
    ExportOptions,
    ExportRefused,
    ExportResult,
)
from annotator.formats.checks import Misaligned
from annotator.formats.common import FormatError
from annotator.formats.safety import unsafe_name
from annotator.gui.article_list import STATUS_TEXT
from annotator.gui.dialogs.jobs import JobDialog, fill_table
from annotator.gui.i18n import QT_TRANSLATE_NOOP, translate
from annotator.gui.palette import error_color, quiet_color
from annotator.gui.settings import last_folder, remember_folder, settings
from annotator.gui.workers import JobContext, Worker
from annotator.store.corpus import Corpus

EXPORT_FOLDER = "export/folder"  # settings key: the folder of the last export

ALL, GOLD, MAJORITY = "all", "gold", "majority"
ANNOTATOR = "annotator:"
"""The "Labels of" choices' data: ALL, GOLD, MAJORITY, or ANNOTATOR + a name."""
SPLITS = (("train", 80), ("dev", 10), ("test", 10))
PROBLEM_COLUMNS = (
    QT_TRANSLATE_NOOP("ExportDialog", "Article"),
    QT_TRANSLATE_NOOP("ExportDialog", "Annotator"),
    QT_TRANSLATE_NOOP("ExportDialog", "Span"),
    QT_TRANSLATE_NOOP("ExportDialog", "Offsets"),
    QT_TRANSLATE_NOOP("ExportDialog", "Label"),
    QT_TRANSLATE_NOOP("ExportDialog", "Text"),
    QT_TRANSLATE_NOOP("ExportDialog", "Why"),
)


def info_of(fmt: str) -> ExportFormat:
    """The registry's entry of the format (what the dialog shows comes from it alone)."""
    return formats.export_format(fmt)


@functools.cache
def missing_extra(fmt: str) -> str | None:
    """The ``pip install`` hint when the format's optional package is not installed."""
    info = info_of(fmt)
    if not info.package or importlib.util.find_spec(info.package) is not None:
        return None
    return translate(
        "ExportDialog", "needs the optional extra: pip install 'annotator[{extra}]'"
    ).format(extra=info.extra or info.package)


def split_spec(shares: list[tuple[str, int]]) -> str:
    """``[("train", 80), ("dev", 20), ("test", 0)]`` -> ``"train=0.8,dev=0.2"``."""
    return ",".join(f"{name}={pct / 100:g}" for name, pct in shares if pct > 0)


class ExportDialog(JobDialog):
    """Export the corpus. ``annotator`` is who is labelling (for "My labels").

    Seams for tests: :meth:`ask_path` (the file chooser) and :meth:`confirm_replace` (the
    "replace it?" question) are methods to override; :attr:`export_function` is called on the
    worker thread with the arguments of :func:`annotator.formats.export`.
    """

    kind = "export"

    def __init__(
        self, corpus: Corpus, annotator: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.corpus = corpus
        self.annotator = annotator
        self.export_result: ExportResult | None = None
        self.problems: list[Misaligned] = []
        self.export_function: Callable[..., ExportResult] = formats.export
        self.worker = Worker(
            self, cancel_exceptions=(ExportCancelled,), expected_exceptions=(FormatError,)
        )
        self.worker.progress.connect(self._on_progress)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export"))
        self.setMinimumWidth(620)
        self._quiet = quiet_color(self.palette()).name()
        self._error = error_color(self.palette()).name()

        self.form = QWidget()
        form_layout = QVBoxLayout(self.form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.setSpacing(12)
        self.form.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        form_layout.addLayout(self._build_main())
        form_layout.addWidget(self._build_filters())
        form_layout.addWidget(self._build_split())
        form_layout.addWidget(self._build_options())

        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("exportProgress")
        self.progress_bar.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("exportCancel")
        self.cancel_button.setToolTip(self.tr("Stop the export; nothing is written"))
        self.cancel_button.clicked.connect(self.cancel)
        self.progress_row = QWidget()
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.progress_bar, 1)
        row.addWidget(self.cancel_button)
        self.progress_row.hide()

        self.status_label = QLabel()
        self.status_label.setObjectName("exportStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.status_label.setOpenExternalLinks(True)
        self.status_label.hide()

        self.problem_table = QTableWidget(0, len(PROBLEM_COLUMNS))
        self.problem_table.setObjectName("exportProblems")
        self.problem_table.setHorizontalHeaderLabels(
            [translate("ExportDialog", c) for c in PROBLEM_COLUMNS]
        )
        self.problem_table.verticalHeader().hide()
        self.problem_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problem_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problem_table.setWordWrap(True)
        header = self.problem_table.horizontalHeader()
        for col in range(len(PROBLEM_COLUMNS) - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(PROBLEM_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.problem_table.setMinimumHeight(140)
        self.problem_table.hide()

        self.hint_label = QLabel()
        self.hint_label.setObjectName("exportHint")
        self.hint_label.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton(self.tr("&Export"))
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.export_button.setAutoDefault(True)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAutoDefault(False)
        self.export_button.clicked.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.form)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.status_label)
        layout.addWidget(self.problem_table, 1)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.buttons)

        self._restore()
        self._format_changed()
        self._update()

    # ------------------------------------------------------------ building
    def _build_main(self) -> QFormLayout:
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("exportFormat")
        for name in formats.EXPORT_FORMATS:
            info = info_of(name)
            summary = translate("ExportDialog", info.summary)
            self.format_combo.addItem(f"{info.shown_name} — {summary}", name)
            index = self.format_combo.count() - 1
            tip = f"--format {name}" + (f" ({missing_extra(name)})" if missing_extra(name) else "")
            self.format_combo.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.format_note = QLabel()
        self.format_note.setObjectName("exportFormatNote")
        self.format_note.setWordWrap(True)
        _quiet_text(self.format_note)

        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("exportPath")
        self.path_edit.setPlaceholderText(self.tr("Where to write the export"))
        self.path_edit.textChanged.connect(self._update)
        self.browse_button = QPushButton(self.tr("C&hoose…"))
        self.browse_button.setObjectName("exportBrowse")
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self.choose_path)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        self.which_combo = QComboBox()
        self.which_combo.setObjectName("exportWhich")
        names = [a.name for a in self.corpus.annotators()]
        if self.annotator and self.annotator in names:
            self.which_combo.addItem(
                self.tr("My labels ({name})").format(name=self.annotator),
                ANNOTATOR + self.annotator,
            )
        self.which_combo.addItem(self.tr("Everyone's labels, one record per annotator"), ALL)
        for name in names:
            if name != self.annotator:
                self.which_combo.addItem(
                    self.tr("{name}'s labels").format(name=name), ANNOTATOR + name
                )
        self.which_combo.addItem(self.tr("Gold labels (adjudicated)"), GOLD)
        self.which_combo.addItem(
            self.tr("Majority: spans more than half of the annotators made"), MAJORITY
        )

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        format_field = QVBoxLayout()
        format_field.setSpacing(3)
        format_field.addWidget(self.format_combo)
        format_field.addWidget(self.format_note)
        form.addRow(self._buddy(self.tr("&Format:"), self.format_combo), format_field)
        form.addRow(self._buddy(self.tr("&Save to:"), self.path_edit), path_row)
        form.addRow(self._buddy(self.tr("&Labels of:"), self.which_combo), self.which_combo)
        return form

    def _build_filters(self) -> QGroupBox:
        box = QGroupBox(self.tr("Filters"))
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("exportLanguage")
        self.language_combo.addItem(self.tr("Any language"), None)
        for code, n in self.corpus.languages().items():
            if code:
                self.language_combo.addItem(
                    self.tr("{code} (%Ln article(s))", "", n).format(code=code), code
                )
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("exportStatusFilter")
        self.status_combo.addItem(self.tr("Any status"), None)
        for status, text in STATUS_TEXT.items():
            self.status_combo.addItem(translate("ArticleList", text), status)
        top = QHBoxLayout()
        top.addWidget(self._buddy(self.tr("Lan&guage:"), self.language_combo))
        top.addWidget(self.language_combo, 1)
        top.addSpacing(12)
        top.addWidget(self._buddy(self.tr("S&tatus:"), self.status_combo))
        top.addWidget(self.status_combo, 1)

        self.label_boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        labels = self.corpus.schema.labels
        columns = 5
        for i, label in enumerate(labels):
            check = QCheckBox(label.name)
            check.setObjectName(f"exportLabel_{label.name}")
            check.setChecked(True)
            check.setIcon(_swatch(label.color))
            check.setToolTip(
                self.tr("{layer} layer").format(layer=label.layer)
                + (f": {label.description}" if label.description else "")
            )
            check.toggled.connect(self._update)
            self.label_boxes[label.name] = check
            grid.addWidget(check, i // columns, i % columns)
        self.tick_links = ticks = QLabel(
            "<a href='all'>{all}</a> · <a href='none'>{none}</a>".format(
                all=self.tr("all"), none=self.tr("none")
            )
        )
        ticks.setObjectName("exportTickLabels")
        ticks.setToolTip(self.tr("Tick every label, or none"))
        ticks.linkActivated.connect(lambda link: self._tick_all(link == "all"))
        labels_row = QHBoxLayout()
        labels_row.addWidget(QLabel(self.tr("Only spans with these labels:")))
        labels_row.addWidget(ticks)
        labels_row.addStretch(1)

        layout = QVBoxLayout(box)
        layout.addLayout(top)
        layout.addLayout(labels_row)
        layout.addLayout(grid)
        return box

    def _build_split(self) -> QGroupBox:
        self.split_box = QGroupBox(self.tr("Split into train / dev / test (by article)"))
        self.split_box.setObjectName("exportSplit")
        self.split_box.setCheckable(True)
        self.split_box.setChecked(False)
        self.split_box.toggled.connect(self._split_toggled)
        self.split_spins: dict[str, QSpinBox] = {}
        row = QHBoxLayout()
        for name, pct in SPLITS:
            spin = QSpinBox()
            spin.setObjectName(f"exportSplit_{name}")
            spin.setRange(0, 100)
            spin.setSuffix(" %")
            spin.setValue(pct)
            spin.valueChanged.connect(self._update)
            self.split_spins[name] = spin
            row.addWidget(self._buddy(f"{name}:", spin))
            row.addWidget(spin)
            row.addSpacing(8)
        self.seed_spin = QSpinBox()
        self.seed_spin.setObjectName("exportSeed")
        self.seed_spin.setRange(0, 2_147_483_647)
        self.seed_spin.setToolTip(
            self.tr("The same corpus, seed and shares always give the same split")
        )
        row.addWidget(self._buddy(self.tr("seed:"), self.seed_spin))
        row.addWidget(self.seed_spin)
        row.addStretch(1)
        self.group_check = QCheckBox(
            self.tr("Keep articles of one story (or linked by one claim cluster) in the same split")
        )
        self.group_check.setObjectName("exportGroupByStory")
        layout = QVBoxLayout(self.split_box)
        layout.addLayout(row)
        layout.addWidget(self.group_check)
        return self.split_box

    def _build_options(self) -> QWidget:
        self.tokens_check = QCheckBox(self.tr("Add tokens with token_start / token_end (JSONL)"))
        self.tokens_check.setObjectName("exportTokens")
        self.tokens_check.toggled.connect(self._update)
        self.skip_check = QCheckBox(
            self.tr("Leave out (and list) spans the format cannot hold, instead of refusing")
        )
        self.skip_check.setObjectName("exportSkipMisaligned")
        self.skip_check.setToolTip(
            self.tr(
                "Token formats need spans that start and end on token boundaries (and IOB tags "
                "cannot overlap). Such spans are never moved: the export is refused, or with "
                "this option they are left out and listed in the manifest."
            )
        )
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tokens_check)
        layout.addWidget(self.skip_check)
        return box

    # ------------------------------------------------------------ state
    def output_is_folder(self) -> bool:
        return info_of(self.fmt()).folder or self.split_box.isChecked()

    def output_path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text).expanduser() if text else None

    def selection(self) -> formats.Selection:
        kind = str(self.which_combo.currentData())
        ticked = frozenset(n for n, box in self.label_boxes.items() if box.isChecked())
        status = self.status_combo.currentData()
        return formats.Selection(
            annotator=kind.removeprefix(ANNOTATOR) if kind.startswith(ANNOTATOR) else None,
            gold=kind == GOLD,
            merge="majority" if kind == MAJORITY else None,
            language=self.language_combo.currentData(),
            status=status if isinstance(status, Status) else None,
            labels=None if len(ticked) == len(self.label_boxes) else ticked,
        )

    def options(self) -> ExportOptions:
        split = None
        if self.split_box.isChecked():
            split = split_spec([(n, spin.value()) for n, spin in self.split_spins.items()])
        return ExportOptions(
            selection=self.selection(),
            split=split,
            seed=self.seed_spin.value(),
            group_by="story" if split and self.group_check.isChecked() else "article",
            tokens=self.tokens_check.isEnabled() and self.tokens_check.isChecked(),
            skip_misaligned=self.skip_check.isEnabled() and self.skip_check.isChecked(),
        )

    def problem(self) -> str | None:
        """Why Export cannot start yet, or None."""
        extra = missing_extra(self.fmt())
        if extra:
            return f"{info_of(self.fmt()).shown_name} {extra}."
        path = self.output_path()
        if path is None:
            return self.tr("Choose where to save the export.")
        if not path.is_absolute():
            return self.tr("Give the full path of the output (or use Choose…).")
        why = unsafe_name(path.name)
        if why:
            return self.tr("The name {name} {why}.").format(name=repr(path.name), why=why)
        if not path.parent.is_dir():
            return self.tr("The folder {folder} does not exist.").format(folder=path.parent)
        if not any(box.isChecked() for box in self.label_boxes.values()):
            return self.tr("Tick at least one label.")
        if self.split_box.isChecked():
            total = sum(spin.value() for spin in self.split_spins.values())
            if total != 100:
                return self.tr("The split shares add up to {total} %, not 100 %.").format(
                    total=total
                )
        try:  # the exporter's own check: the same one line the command prints
            formats.check_export(self.corpus, self.fmt(), path, options=self.options())
        except FormatError as exc:
            return str(exc)
        return None

    def is_running(self) -> bool:
        return self.worker.is_running()

    # ------------------------------------------------------------ reacting to the form
    def _format_changed(self) -> None:
        self._retarget_path()
        offers_tokens = info_of(self.fmt()).tokens_option
        self.tokens_check.setEnabled(offers_tokens)
        self.tokens_check.setToolTip(
            self.tr(
                "Adds each record's tokens ({pattern}) and token_start / token_end (inclusive)"
            ).format(pattern="\\w+|[^\\w\\s]")
            if offers_tokens
            else self.tr("Only for JSONL: token formats always carry their tokens")
        )
        self._update()

    def _split_toggled(self, _on: bool) -> None:
        self._retarget_path()
        self._update()

    def _tick_all(self, on: bool) -> None:
        for box in self.label_boxes.values():
            box.setChecked(on)

    def _retarget_path(self) -> None:
        """Give the output the format's extension (none for a folder), when it has a known one."""
        path = self.output_path()
        if path is None or not self.path_edit.text().strip():
            return
        known = {info_of(name).suffix for name in formats.EXPORT_FORMATS} | {""}
        if path.suffix.lower() not in known:
            return
        new_suffix = "" if self.output_is_folder() else info_of(self.fmt()).suffix
        if path.suffix != new_suffix:
            self.path_edit.setText(str(path.with_suffix(new_suffix)))

    def _update(self) -> None:
        fmt = self.fmt()
        info = info_of(fmt)
        aligned = info.tokens or (info.tokens_option and self.tokens_check.isChecked())
        self.skip_check.setEnabled(aligned)
        path = self.output_path()
        name = path.name if path is not None and path.name else "PATH"
        if self.output_is_folder():
            if self.split_box.isChecked():
                where = self.tr(
                    "Writes the folder {name} with manifest.json inside, one file (or folder) "
                    "per split."
                )
            else:
                where = self.tr("Writes the folder {name} with manifest.json inside.")
        elif ".config.xml" in info.sidecar_suffixes:
            where = self.tr(
                "Writes {name} and {name}.manifest.json beside it, and {stem}.config.xml "
                "(paste it into the project)."
            )
        else:
            where = self.tr("Writes {name} and {name}.manifest.json beside it.")
        where = where.format(name=name, stem=Path(name).stem)
        if aligned:
            where += " " + self.tr("Spans must start and end on token boundaries.")
        extra = missing_extra(fmt)
        self.format_note.setText(f"{info.shown_name} {extra}." if extra else where)
        problem = None if self.is_running() else self.problem()
        self.export_button.setEnabled(not self.is_running() and problem is None)
        self.hint_label.setText(problem or "")
        self.hint_label.setVisible(bool(problem))
        shown_error = bool(problem) and bool(self.path_edit.text().strip())
        self.hint_label.setStyleSheet(f"color: {self._error if shown_error else self._quiet}")

    # ------------------------------------------------------------ choosing the output
    def choose_path(self) -> None:
        chosen = self.ask_path(self.output_is_folder(), self._start_path())
        if chosen:
            self.path_edit.setText(chosen)
            self._retarget_path()

    def ask_path(self, folder: bool, start: str) -> str | None:
        """Ask where to write (a modal file dialog); override in tests. ``folder``: the export
        is a folder (a new one, or an earlier export to replace)."""
        if folder:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export to a folder (a new one, or an earlier export to replace)"),
                start,
                self.tr("Folder (*)"),
                options=QFileDialog.Option.DontConfirmOverwrite,
            )
        else:
            suffix = info_of(self.fmt()).suffix
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export to a file"),
                start,
                f"{info_of(self.fmt()).shown_name} (*{suffix});;" + self.tr("All files (*)"),
            )
        return path or None

    def confirm_replace(self, path: Path) -> bool:
        """Ask before replacing an existing file or earlier export; override in tests."""
        answer = QMessageBox.question(
            self,
            self.tr("Replace?"),
            self.tr("{path} already exists. Replace it with this export?").format(path=path),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _start_path(self) -> str:
        path = self.output_path()
        if path is not None:
            return str(path)
        return str(self._default_folder() / self._default_name())

    def _default_folder(self) -> Path:
        """The last export's folder, else the user's documents (not the corpus's folder: the
        default corpus lives in the app's hidden data folder)."""
        return last_folder(EXPORT_FOLDER)

    def _default_name(self) -> str:
        location = self.corpus.location
        stem = Path(location).stem if "://" not in location else "corpus"
        suffix = "" if self.output_is_folder() else info_of(self.fmt()).suffix
        return f"{stem}-export{suffix}"

    def _restore(self) -> None:
        stored = settings().value("export/format")
        if isinstance(stored, str) and self.format_combo.findData(stored) >= 0:
            self.format_combo.setCurrentIndex(self.format_combo.findData(stored))
        self.path_edit.setText(str(self._default_folder() / self._default_name()))

    # ------------------------------------------------------------ running
    def start_export(self) -> None:
        """Start the export on the worker (the Export button)."""
        if self.is_running():
            return
        problem = self.problem()
        path = self.output_path()
        if problem or path is None:
            self._update()
            return
        if path.exists() and not self.confirm_replace(path):
            return
        fmt, options, export = self.fmt(), self.options(), self.export_function
        corpus = self.corpus

        def job(ctx: JobContext) -> ExportResult:
            def progress(done: int, total: int, _path: Path) -> None:
                ctx.progress(done, total, "")

            return export(
                corpus, fmt, path, options=options, progress=progress, cancel=ctx.cancelled
            )

        self.export_result = None
        self.problems = []
        self._show_problems([])
        self.status_label.hide()
        self.progress_bar.setRange(0, 0)  # busy until the first report
        self.progress_bar.setFormat(self.tr("Starting…"))
        self.cancel_button.setEnabled(True)
        self.progress_row.show()
        self.form.setEnabled(False)
        store = settings()
        store.setValue("export/format", fmt)
        remember_folder(EXPORT_FOLDER, path.parent)
        self.worker.start(job)
        self._update()

    def cancel(self) -> None:
        """Stop the running export (the Cancel button); nothing is written."""
        if self.is_running():
            self.worker.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_bar.setFormat(self.tr("Cancelling…"))

    def _on_progress(self, done: int, total: int, _text: str) -> None:
        if self.worker.cancel_requested():
            return
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(min(done, max(total, 1)))
        self.progress_bar.setFormat(
            self.tr("{done} of %Ln article(s)", "", total).format(done=QLocale().toString(done))
        )

    def _finish(self) -> None:
        self.form.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress_row.hide()
        self.status_label.show()
        self._update()

    def _on_finished(self, result: ExportResult) -> None:
        self.export_result = result
        self._finish()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1)
        lines = [
            "<b>{}</b> ({}), {}, {}".format(
                self.tr("Exported %Ln record(s)", "", result.records),
                self.tr("%Ln article(s)", "", result.articles),
                self.tr("%Ln span(s)", "", result.spans),
                self.tr("%Ln relation(s)", "", result.relations),
            ),
            self.tr("to {path}").format(path=_esc(result.path)),
        ]
        if result.splits:
            lines.append(
                self.tr("split: {splits}").format(
                    splits=", ".join(
                        f"{_esc(k)} {QLocale().toString(v)}" for k, v in result.splits.items()
                    )
                )
            )
        if result.manifest is not None:
            lines.append(self.tr("manifest: {path}").format(path=_esc(result.manifest)))
        folder = QUrl.fromLocalFile(str(result.path.parent)).toString()
        lines.append(f"<a href='{_esc(folder)}'>{self.tr('Open the folder')}</a>")
        if result.skipped:
            left_out = self.tr(
                "Left out %Ln span(s) that {format} cannot hold (listed below and in the "
                "manifest).",
                "",
                len(result.skipped),
            ).format(format=_esc(info_of(self.fmt()).shown_name))
            lines.append(f"<span style='color:{self._error}'>{left_out}</span>")
        self.status_label.setText("<br>".join(lines))
        self._show_problems(result.skipped)

    def _on_failed(self, message: str, exc: object) -> None:
        self._finish()
        if isinstance(exc, ExportRefused):
            n = len(exc.problems)
            title = _esc(info_of(self.fmt()).shown_name)
            self.status_label.setText(
                "<span style='color:{color}'><b>{nothing}</b> {fit}</span><br>{fix}".format(
                    color=self._error,
                    nothing=self.tr("Nothing was written:"),
                    fit=self.tr(
                        "%Ln span(s) do not fit {format} without being moved.", "", n
                    ).format(format=title),
                    fix=self.tr(
                        "Fix them in the text, choose another format, or tick “{option}”."
                    ).format(option=self.skip_check.text()),
                )
            )
            self._show_problems(exc.problems)
            return
        reason = exc.reason if isinstance(exc, FormatError) else message
        where = (
            f"<br>{_esc(exc.path)}"
            if isinstance(exc, FormatError) and str(exc.path) not in ("", ".")
            else ""
        )
        self.status_label.setText(
            f"<span style='color:{self._error}'><b>{self.tr('Nothing was written:')}</b> "
            f"{_esc(reason)}</span>{where}"
        )

    def _on_cancelled(self) -> None:
        self._finish()
        self.status_label.setText(self.tr("Export cancelled: nothing was written."))

    def _show_problems(self, problems: list[Misaligned]) -> None:
        self.problems = list(problems)
        rows = [
            (
                (
                    p.article,
                    p.annotator or "",
                    str(p.span_id),
                    f"{p.start}..{p.end}",
                    p.label,
                    p.text,
                    p.why,
                ),
                str(p),
            )
            for p in problems
        ]
        fill_table(self.problem_table, rows)


def _quiet_text(label: QLabel) -> None:
    """Secondary text colour while enabled; the usual greyed text when disabled."""
    palette = label.palette()
    quiet = quiet_color(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.WindowText, quiet)
    label.setPalette(palette)


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


def _esc(value: Any) -> str:
    return html.escape(str(value))
