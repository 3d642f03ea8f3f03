"""The Import dialog: files and folders in, with the format (or detected from the extension),
whose labels they are, "add the labels the files use", gold; the import runs on a background
:class:`~annotator.gui.workers.Worker` with progress, and ends with a summary.

It mirrors ``annotator import`` (docs/formats.md) and calls the same
:func:`annotator.formats.import_paths`, one file at a time so Cancel stops between files; the
progress bar moves by the bytes read (within a file too), with the time left beside it. Each
file imports whole or not at all: a refused file (a bad record, labels the schema lacks) adds
nothing, not even labels, and is listed with file:line and why. :attr:`ImportDialog.imported`
tells the window to refresh its list (and its labels, when the import added some).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from annotator import formats
from annotator.core.errors import CorpusError
from annotator.core.progress import TimeLeft
from annotator.core.schema import describe_counts
from annotator.core.validate import is_gold_name
from annotator.formats import BadRecords, FormatError, ImportReport, UnknownLabelsError
from annotator.gui.dialogs.jobs import JobDialog, fill_table
from annotator.gui.i18n import QT_TRANSLATE_NOOP, translate
from annotator.gui.palette import error_color, quiet_color
from annotator.gui.settings import last_folder, remember_folder, settings
from annotator.gui.workers import JobContext, Worker
from annotator.store.corpus import Corpus
from annotator.store.errors import StoreError

IMPORT_FOLDER = "import/folder"  # settings key: the folder of the last import
AUTO = "auto"
REFUSAL_COLUMNS = (
    QT_TRANSLATE_NOOP("ImportDialog", "File"),
    QT_TRANSLATE_NOOP("ImportDialog", "Line"),
    QT_TRANSLATE_NOOP("ImportDialog", "Why"),
)


class ImportRun:
    """What one run of the dialog did: the merged report, and whether it was cancelled."""

    def __init__(self, report: ImportReport, files: int, cancelled: bool) -> None:
        self.report = report
        self.files = files
        self.cancelled = cancelled


def _merge(into: ImportReport, part: ImportReport) -> None:
    into.results.extend(part.results)
    into.rejected.extend(part.rejected)


class ImportDialog(JobDialog):
    """Import files into the corpus. ``annotator`` is who is labelling (the default owner of
    labels the files do not attribute).

    Seams for tests: :meth:`ask_files` and :meth:`ask_folder` (the file choosers) are methods
    to override; :attr:`import_function` is called on the worker thread with the arguments of
    :func:`annotator.formats.import_paths`.
    """

    kind = "import"

    imported = Signal(object)  # ImportRun, after every run that changed something or not

    def __init__(
        self, corpus: Corpus, annotator: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.corpus = corpus
        self.annotator = annotator
        self.paths: list[Path] = []
        self.run: ImportRun | None = None
        self.import_function: Callable[..., ImportReport] = formats.import_paths
        self.worker = Worker(self, expected_exceptions=(StoreError, CorpusError))
        self.worker.progress.connect(self._on_progress)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import"))
        self.setMinimumWidth(640)
        self._quiet = quiet_color(self.palette()).name()
        self._error = error_color(self.palette()).name()

        self.form = QWidget()
        form_layout = QVBoxLayout(self.form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addLayout(self._build_form())
        form_layout.addWidget(self._build_options())

        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("importProgress")
        self.progress_bar.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("importCancel")
        self.cancel_button.setToolTip(
            self.tr("Stop after the file being imported; files already imported stay")
        )
        self.cancel_button.clicked.connect(self.cancel)
        self.time_left_label = QLabel()
        self.time_left_label.setObjectName("importTimeLeft")
        self.time_left_label.setStyleSheet(f"color: {quiet_color(self.palette()).name()}")
        self.time_left: TimeLeft | None = None
        self.progress_row = QWidget()
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.progress_bar, 1)
        row.addWidget(self.time_left_label)
        row.addWidget(self.cancel_button)
        self.progress_row.hide()

        self.summary_label = QLabel()
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_label.hide()

        self.refusal_table = QTableWidget(0, len(REFUSAL_COLUMNS))
        self.refusal_table.setObjectName("importRefusals")
        self.refusal_table.setHorizontalHeaderLabels(
            [translate("ImportDialog", c) for c in REFUSAL_COLUMNS]
        )
        self.refusal_table.verticalHeader().hide()
        self.refusal_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.refusal_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.refusal_table.setWordWrap(True)
        header = self.refusal_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.refusal_table.setMinimumHeight(110)
        self.refusal_table.hide()

        self.hint_label = QLabel()
        self.hint_label.setObjectName("importHint")
        self.hint_label.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = QPushButton(self.tr("&Import"))
        self.import_button.setObjectName("importButton")
        self.import_button.setDefault(True)
        self.import_button.setAutoDefault(True)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)
        self.import_button.clicked.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.form)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.refusal_table, 1)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.buttons)

        self._restore()
        self._update()

    # ------------------------------------------------------------ building
    def _build_form(self) -> QFormLayout:
        self.file_list = QListWidget()
        self.file_list.setObjectName("importFiles")
        self.file_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.file_list.setMinimumHeight(120)
        self.file_list.itemSelectionChanged.connect(self._update)
        self.add_files_button = self._button(self.tr("Add &files…"), "importAddFiles")
        self.add_files_button.clicked.connect(self.add_files)
        self.add_folder_button = self._button(self.tr("Add f&older…"), "importAddFolder")
        self.add_folder_button.clicked.connect(self.add_folder)
        self.remove_button = self._button(self.tr("&Remove"), "importRemove")
        self.remove_button.clicked.connect(self.remove_selected)
        side = QVBoxLayout()
        side.addWidget(self.add_files_button)
        side.addWidget(self.add_folder_button)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        files_row = QHBoxLayout()
        files_row.addWidget(self.file_list, 1)
        files_row.addLayout(side)

        self.format_combo = QComboBox()
        self.format_combo.setObjectName("importFormat")
        self.format_combo.addItem(self.tr("Detect from the file extension"), AUTO)
        for name in formats.IMPORT_FORMATS:
            info = formats.import_format(name)
            title, summary = info.shown_name, info.summary
            text = f"{title} — {translate('ImportDialog', summary)}" if summary else title
            self.format_combo.addItem(text, name)
            index = self.format_combo.count() - 1
            self.format_combo.setItemData(index, f"--format {name}", Qt.ItemDataRole.ToolTipRole)
        self.format_combo.currentIndexChanged.connect(self._format_changed)

        self.annotator_combo = QComboBox()
        self.annotator_combo.setObjectName("importAnnotator")
        self.annotator_combo.setEditable(True)
        self.annotator_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        names = [a.name for a in self.corpus.annotators()]
        for name in [self.annotator or "", *[n for n in names if n != self.annotator]]:
            self.annotator_combo.addItem(name)
        line = self.annotator_combo.lineEdit()
        assert line is not None  # editable
        line.setPlaceholderText(self.tr("nobody: only records that name their annotator"))
        self.annotator_combo.setToolTip(
            self.tr(
                "Whose labels they are, for records that name no annotator (brat, CoNLL, "
                "doccano…). A record that names its annotator keeps it."
            )
        )
        self.annotator_combo.editTextChanged.connect(self._update)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.addRow(self._buddy(self.tr("File&s:"), self.file_list), files_row)
        form.addRow(self._buddy(self.tr("For&mat:"), self.format_combo), self.format_combo)
        form.addRow(self._buddy(self.tr("&Labels by:"), self.annotator_combo), self.annotator_combo)
        return form

    def _build_options(self) -> QWidget:
        self.add_labels_check = QCheckBox(
            self.tr("&Add the labels the files use that the schema lacks")
        )
        self.add_labels_check.setObjectName("importAddLabels")
        self.add_labels_check.setToolTip(
            self.tr(
                "New labels and relation types get their own colours and free hotkeys; they "
                "are added with the file, so a refused file adds none. Unticked, a file with "
                "labels the schema lacks is refused, listing them."
            )
        )
        self.gold_check = QCheckBox(self.tr("Import the labels as &gold (adjudicated)"))
        self.gold_check.setObjectName("importGold")
        self.gold_check.setToolTip(
            self.tr(
                "The labels go into the gold layer, not to an annotator (records whose "
                "annotator is gold always do: what Export of gold labels writes)"
            )
        )
        self.gold_check.toggled.connect(self._update)
        self.language_check = QCheckBox(self.tr("&Detect each article's language"))
        self.language_check.setObjectName("importLanguage")
        self.language_check.setChecked(True)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.add_labels_check)
        layout.addWidget(self.gold_check)
        layout.addWidget(self.language_check)
        return box

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        return button

    # ------------------------------------------------------------ state
    def labels_by(self) -> str | None:
        return self.annotator_combo.currentText().strip() or None

    def add_paths(self, paths: list[Path]) -> None:
        """Add files or folders to the list (each once)."""
        for path in paths:
            if path not in self.paths:
                self.paths.append(path)
        self._fill_list()

    def _fill_list(self) -> None:
        self.file_list.clear()
        for path in self.paths:
            text, problem = self._describe(path)
            item = QListWidgetItem(text)
            item.setToolTip(str(path))
            if problem:
                item.setForeground(error_color(self.palette()))
            self.file_list.addItem(item)
        self._update()

    def _describe(self, path: Path) -> tuple[str, bool]:
        """The list's line for ``path`` (with the format found or the count of files in a
        folder), and whether it cannot be imported as chosen."""
        fmt = self.fmt()
        if path.is_dir():
            try:
                n = len(formats.collect([path], fmt))
            except FormatError as exc:
                return f"{path.name}/ — {exc.reason}", True
            return self.tr("{name}/ — %n file(s)", "", n).format(name=path.name), False
        if fmt != AUTO:
            return path.name, False
        found = formats.format_of(path)
        if found is None:
            why = self.tr("cannot tell the format from the extension: choose one")
            return f"{path.name} — {why}", True
        return f"{path.name} — {formats.import_format(found).shown_name}", False

    def problem(self) -> str | None:
        """Why Import cannot start yet, or None."""
        if not self.paths:
            return self.tr("Add the files or folders to import.")
        if any(self._describe(p)[1] for p in self.paths):
            return self.tr("Some files cannot be imported as chosen (in red): choose the format.")
        name = self.labels_by()
        if name is not None and is_gold_name(name) and not self.gold_check.isChecked():
            return self.tr("“{name}” is reserved for gold: tick “{option}” instead.").format(
                name=name, option=self.gold_check.text().replace("&", "")
            )
        return None

    def is_running(self) -> bool:
        return self.worker.is_running()

    def _format_changed(self) -> None:
        self._fill_list()

    def _update(self) -> None:
        running = self.is_running()
        self.remove_button.setEnabled(bool(self.file_list.selectedItems()) and not running)
        problem = None if running else self.problem()
        self.import_button.setEnabled(not running and problem is None)
        self.hint_label.setText(problem or "")
        self.hint_label.setVisible(bool(problem))
        shown_error = bool(problem) and bool(self.paths)
        self.hint_label.setStyleSheet(f"color: {self._error if shown_error else self._quiet}")

    # ------------------------------------------------------------ choosing files
    def add_files(self) -> None:
        chosen = self.ask_files(self._start_folder())
        if chosen:
            self.add_paths([Path(p) for p in chosen])

    def add_folder(self) -> None:
        chosen = self.ask_folder(self._start_folder())
        if chosen:
            self.add_paths([Path(chosen)])

    def remove_selected(self) -> None:
        rows = sorted((self.file_list.row(i) for i in self.file_list.selectedItems()), reverse=True)
        for row in rows:
            del self.paths[row]
        self._fill_list()

    def ask_files(self, start: str) -> list[str]:
        """Ask for files to import (a modal file dialog); override in tests."""
        patterns = " ".join(f"*{ext}" for ext in _known_extensions())
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import files"),
            start,
            self.tr("Importable files ({patterns});;All files (*)").format(patterns=patterns),
        )
        return list(files)

    def ask_folder(self, start: str) -> str | None:
        """Ask for a folder to import; override in tests."""
        return QFileDialog.getExistingDirectory(self, self.tr("Import a folder"), start) or None

    def _start_folder(self) -> str:
        """The folder of the last import, else the user's documents."""
        return str(last_folder(IMPORT_FOLDER))

    def _restore(self) -> None:
        store = settings()
        fmt = store.value("import/format")
        if isinstance(fmt, str) and self.format_combo.findData(fmt) >= 0:
            self.format_combo.setCurrentIndex(self.format_combo.findData(fmt))

    # ------------------------------------------------------------ running
    def start_import(self) -> None:
        """Start the import on the worker (the Import button)."""
        if self.is_running() or self.problem() is not None:
            self._update()
            return
        paths, fmt, run = list(self.paths), self.fmt(), self.import_function
        kwargs: dict[str, Any] = {
            "annotator": self.labels_by(),
            "detect_language": self.language_check.isChecked(),
            "add_labels": self.add_labels_check.isChecked(),
            "as_gold": self.gold_check.isChecked(),
        }
        corpus = self.corpus

        def job(ctx: JobContext) -> ImportRun:
            report = ImportReport()
            files: list[Path] = []
            for given in paths:  # folders expanded first, so the bar counts files
                try:
                    files.extend(f for f in formats.collect([given], fmt) if f not in files)
                except FormatError as exc:
                    report.rejected.append(exc)
            # Progress by the bytes read over every file, in KiB (the bar counts in ints).
            sizes = [formats.progress_size(f) for f in files]
            total = max(sum(sizes) // 1024, 1)
            ctx.progress(0, total, "")
            before = 0
            for done, (path, size) in enumerate(zip(files, sizes, strict=True), 1):
                if ctx.cancelled():
                    return ImportRun(report, done - 1, True)
                text = f"{done}/{len(files)} {path.name}"

                def moved(
                    read: int, _total: int, _path: Path, base: int = before, text: str = text
                ) -> None:
                    ctx.progress(min((base + read) // 1024, total), total, text)

                _merge(report, run(corpus, [path], fmt, progress=moved, **kwargs))
                before += size
                ctx.progress(min(before // 1024, total), total, text)
            return ImportRun(report, len(files), False)

        self.run = None
        self.summary_label.hide()
        self._show_refusals([])
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setFormat(self.tr("Starting…"))
        self.time_left = TimeLeft()
        self.time_left_label.clear()
        self.cancel_button.setEnabled(True)
        self.progress_row.show()
        self.form.setEnabled(False)
        store = settings()
        store.setValue("import/format", fmt)
        remember_folder(IMPORT_FOLDER, paths[0].parent if paths[0].is_file() else paths[0])
        self.worker.start(job)
        self._update()

    def cancel(self) -> None:
        """Stop after the file being imported (the Cancel button)."""
        if self.is_running():
            self.worker.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_bar.setFormat(self.tr("Cancelling…"))

    def _on_progress(self, done: int, total: int, text: str) -> None:
        """``done`` of ``total`` KiB read; ``text`` is "file/files name"."""
        if self.worker.cancel_requested():
            return
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(min(done, max(total, 1)))
        index, _, name = text.partition(" ")
        which = ""
        if index:
            at, _, count = index.partition("/")
            which = self.tr("file {index} of {count}").format(
                index=QLocale().toString(int(at)), count=QLocale().toString(int(count))
            )
        self.progress_bar.setFormat(" — ".join(x for x in ("%p%", which, name) if x))
        left = self.time_left.left(done, total) if self.time_left is not None else None
        self.time_left_label.setText("" if left is None else self.describe_left(left))

    def describe_left(self, seconds: float) -> str:
        """The time left in words."""
        if seconds < 5:
            return self.tr("under 5 s left")
        whole = round(seconds)
        if whole < 60:
            return self.tr("about %n s left", "", whole)
        if whole < 3600:
            return self.tr("about {minutes} min {seconds} s left").format(
                minutes=whole // 60, seconds=f"{whole % 60:02d}"
            )
        return self.tr("about {hours} h {minutes} min left").format(
            hours=whole // 3600, minutes=f"{whole % 3600 // 60:02d}"
        )

    def _finish(self) -> None:
        self.form.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress_row.hide()
        self.summary_label.show()
        self._update()

    def _on_finished(self, run: ImportRun) -> None:
        self.run = run
        self._finish()
        report = run.report
        lines = [
            "<b>{}</b>, {}, {} {}".format(
                self.tr("Imported %n article(s)", "", report.articles),
                self.tr("%n span(s)", "", report.spans),
                self.tr("%n relation(s)", "", report.relations),
                self.tr("from %n file(s)", "", len(report.results)),
            )
        ]
        if report.duplicates:
            lines.append(self.tr("%n article(s) already in the corpus", "", report.duplicates))
        if report.gold_spans or report.gold_relations:
            lines.append(
                self.tr("Gold: {spans}, {relations}").format(
                    spans=self.tr("%n span(s)", "", report.gold_spans),
                    relations=self.tr("%n relation(s)", "", report.gold_relations),
                )
            )
        if report.labels_added:
            lines.append(
                self.tr("Labels added: {labels}").format(
                    labels=_esc(describe_counts(report.labels_added))
                )
            )
        if report.relations_added:
            lines.append(
                self.tr("Relation types added: {types}").format(
                    types=_esc(describe_counts(report.relations_added))
                )
            )
        if run.cancelled:
            lines.append(self.tr("Cancelled: the files after these were not imported."))
        if report.rejected:
            refused = self.tr(
                "Refused %n file(s): nothing of them was imported (listed below).",
                "",
                len(report.rejected),
            )
            lines.append(f"<span style='color:{self._error}'>{refused}</span>")
        self.summary_label.setText("<br>".join(lines))
        self._show_refusals(report.rejected)
        self.imported.emit(run)

    def _on_failed(self, message: str, _exc: object) -> None:
        self._finish()
        self.summary_label.setText(
            f"<span style='color:{self._error}'><b>{self.tr('The import stopped:')}</b> "
            f"{_esc(message)}</span><br>"
            + self.tr("Each file imports whole or not at all: the file it was on added nothing.")
        )

    def why(self, error: FormatError) -> str:
        """The refusal's reason as the dialog says it."""
        if isinstance(error, UnknownLabelsError):
            parts = []
            if error.labels:
                parts.append(
                    self.tr("unknown labels: {labels}").format(labels=describe_counts(error.labels))
                )
            if error.relations:
                parts.append(
                    self.tr("unknown relation types: {types}").format(
                        types=describe_counts(error.relations)
                    )
                )
            option = self.add_labels_check.text().replace("&", "")
            return "; ".join(parts) + "; " + self.tr("tick “{option}”").format(option=option)
        return error.reason

    def _show_refusals(self, refused: list[FormatError]) -> None:
        errors: list[FormatError] = []
        for err in refused:  # a file with bad records: one row for each (the first 50)
            if isinstance(err, BadRecords) and len(err.problems) > 1:
                shown = err.problems[: BadRecords.SHOWN]
                errors.extend(shown)
                if len(err.problems) > len(shown):
                    more = len(err.problems) - len(shown)
                    errors.append(
                        FormatError(err.path, 0, self.tr("… and %n more bad record(s)", "", more))
                    )
            else:
                errors.append(err)
        rows = []
        for err in errors:
            line = str(err.line) if err.line else ""
            rows.append(((err.path.name or str(err.path), line, self.why(err)), str(err)))
        fill_table(self.refusal_table, rows)


def _known_extensions() -> list[str]:
    return [*formats.import_extensions(), ".json"]


def _esc(value: Any) -> str:
    return html.escape(str(value))
