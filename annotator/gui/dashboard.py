"""The agreement dashboard (issue 5): pairwise heatmap, per-label bars, activity over time and
the label distribution, for a chosen layer and chosen annotators.

Import this module only when the dashboard opens (``Commands.show_dashboard`` does): it
pulls in pyqtgraph, which is most of the application's start-up import time.

The figures come from :meth:`Corpus.agreement` (the store's lean agreement read,
``store/agreement_items.py``, into :func:`annotator.core.agreement.compute_layer_agreement`),
and from :meth:`Corpus.activity_by_day` (the event log). Reading and computing
run on the dashboard's :class:`~annotator.gui.workers.Runner` while a busy bar runs; a newer
request supersedes an older one, whose result is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.activity import DayActivity
from annotator.core.agreement import AgreementResult
from annotator.core.model import Status
from annotator.formats import safety
from annotator.formats.common import FormatError
from annotator.gui import dashboard_data as charts_data
from annotator.gui.dashboard_charts import ChartView, series_color
from annotator.gui.dashboard_data import PAIR_METRICS, SAME, pair_metric_title
from annotator.gui.i18n import QT_TRANSLATE_NOOP, translate
from annotator.gui.palette import error_color
from annotator.gui.workers import Runner
from annotator.store.corpus import Corpus

COUNTED: dict[str, tuple[Status, ...]] = {  # titles translated where shown
    QT_TRANSLATE_NOOP("Dashboard", "Done only"): (Status.DONE,),
    QT_TRANSLATE_NOOP("Dashboard", "Done and in progress"): (Status.DONE, Status.IN_PROGRESS),
}
METRIC_RANGES: dict[str, tuple[float, float]] = {
    "span_f1_exact": (0.0, 1.0),
    "span_f1_overlap": (0.0, 1.0),
    "cohen_kappa": (0.0, 1.0),  # below 0 shows as the lowest colour; the cell prints the value
}
DEBOUNCE_MS = 300
CHARTS = ("heatmap", "per_label", "activity", "label_distribution")


@dataclass(frozen=True)
class Request:
    layer: str
    annotators: tuple[str, ...]
    statuses: tuple[Status, ...]


@dataclass(frozen=True)
class Figures:
    request: Request
    result: AgreementResult
    days: list[DayActivity]


def compute_figures(corpus: Corpus, request: Request) -> Figures:
    """Everything the dashboard draws: agreement through the store's lean read."""
    result = corpus.agreement(
        request.layer, request.annotators, statuses=request.statuses, per_article=False
    )
    days = corpus.activity_by_day(list(request.annotators))
    return Figures(request, result, days)


class Dashboard(QWidget):
    """A window of four charts over the chosen layer, annotators and counted statuses."""

    computed = Signal()  # the charts show the latest request's figures
    failed = Signal(str)

    def __init__(
        self,
        corpus: Corpus,
        parent: QWidget | None = None,
        *,
        annotators: list[str] | None = None,
        statuses: tuple[Status, ...] = (Status.DONE,),
        autostart: bool = True,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.corpus = corpus
        self.setObjectName("dashboard")
        self.figures: Figures | None = None
        self._generation = 0
        self._running: set[int] = set()  # generations submitted and not answered yet
        # Reading and computing run on the dashboard's runner (gui/workers.py), on a thread
        # and a connection of its own, closed with the dashboard.
        self.runner = Runner("dashboard", on_thread_end=corpus.close_thread_connection)

        self.layer_box = QComboBox()
        self.layer_box.setObjectName("dashboardLayer")
        for layer in corpus.schema.layers:
            self.layer_box.addItem(layer.name, layer.name)
        self.metric_box = QComboBox()
        self.metric_box.setObjectName("dashboardMetric")
        for key in PAIR_METRICS:
            self.metric_box.addItem(pair_metric_title(key), key)
        self.counted_box = QComboBox()
        self.counted_box.setObjectName("dashboardCounted")
        for title, sts in COUNTED.items():
            self.counted_box.addItem(translate("Dashboard", title), sts)
        for i in range(self.counted_box.count()):
            if self.counted_box.itemData(i) == tuple(statuses):
                self.counted_box.setCurrentIndex(i)
        self.annotator_list = QListWidget()
        self.annotator_list.setObjectName("dashboardAnnotators")
        self.annotator_list.setMaximumHeight(90)
        everyone = [a.name for a in corpus.annotators()]
        chosen = set(everyone if annotators is None else annotators)
        for name in everyone:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked
            item.setCheckState(checked)
            self.annotator_list.addItem(item)
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("dashboardRefresh")
        self.busy = QProgressBar()
        self.busy.setObjectName("dashboardBusy")
        self.busy.setRange(0, 0)  # indeterminate: the computation reports no progress
        self.busy.setMaximumWidth(160)
        self.busy.setTextVisible(True)
        self.busy.hide()
        self.export_note = QLabel()
        self.export_note.setObjectName("dashboardExportNote")
        self.export_note.setWordWrap(True)
        self.export_note.setMaximumWidth(320)
        self.export_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_note.hide()
        self.summary = QLabel()
        self.summary.setObjectName("dashboardSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        controls = QGridLayout()
        self.control_labels = [QLabel() for _ in range(4)]
        controls.addWidget(self.control_labels[0], 0, 0)
        controls.addWidget(self.layer_box, 0, 1)
        controls.addWidget(self.control_labels[1], 1, 0)
        controls.addWidget(self.metric_box, 1, 1)
        controls.addWidget(self.control_labels[2], 2, 0)
        controls.addWidget(self.counted_box, 2, 1)
        controls.addWidget(self.control_labels[3], 0, 2)
        controls.addWidget(self.annotator_list, 0, 3, 3, 1)
        side = QVBoxLayout()
        side.addWidget(self.refresh_button)
        side.addWidget(self.busy)
        side.addWidget(self.export_note)
        side.addStretch(1)
        controls.addLayout(side, 0, 4, 3, 1)
        controls.addWidget(self.summary, 0, 5, 3, 1)
        controls.setColumnStretch(5, 1)

        self.charts: dict[str, ChartView] = {name: ChartView(name) for name in CHARTS}
        grid = QGridLayout()
        for index, name in enumerate(CHARTS):
            grid.addWidget(self.charts[name], index // 2, index % 2)
            chart = self.charts[name]
            chart.png_button.clicked.connect(lambda _c=False, n=name: self._ask_png(n))
            chart.csv_button.clicked.connect(lambda _c=False, n=name: self._ask_csv(n))
        top = QHBoxLayout()
        top.addLayout(controls, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid, 1)

        # Choices recompute after a short pause, so ticking three annotators runs one job.
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(DEBOUNCE_MS)
        self._pending.timeout.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.layer_box.currentIndexChanged.connect(self._pending.start)
        self.counted_box.currentIndexChanged.connect(self._pending.start)
        self.annotator_list.itemChanged.connect(self._pending.start)
        self.metric_box.currentIndexChanged.connect(self._redraw_heatmap)
        # Esc closes the dashboard, as it does a dialog (it is a window of its own).
        self.close_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.close_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.close_shortcut.activated.connect(self.close)
        self.resize(1280, 900)
        self.retranslate()
        if autostart:
            self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self.figures is not None:
                self._draw()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Annotator — agreement dashboard"))
        for label, text in zip(
            self.control_labels,
            (self.tr("Layer"), self.tr("Heatmap"), self.tr("Count"), self.tr("Annotators")),
            strict=True,
        ):
            label.setText(text)
        for i, key in enumerate(PAIR_METRICS):
            self.metric_box.setItemText(i, pair_metric_title(key))
        for i, title in enumerate(COUNTED):
            self.counted_box.setItemText(i, translate("Dashboard", title))
        self.refresh_button.setText(self.tr("Refresh"))
        self.busy.setFormat(self.tr("computing…"))
        for chart in self.charts.values():
            chart.retranslate()

    # ------------------------------------------------------------ choices
    def chosen_annotators(self) -> tuple[str, ...]:
        out = []
        for i in range(self.annotator_list.count()):
            item = self.annotator_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.text())
        return tuple(out)

    def set_annotators(self, names: list[str]) -> None:
        self.annotator_list.blockSignals(True)
        for i in range(self.annotator_list.count()):
            item = self.annotator_list.item(i)
            on = item.text() in names
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.annotator_list.blockSignals(False)
        self.refresh()

    def request(self) -> Request:
        return Request(
            self.layer_box.currentData(),
            self.chosen_annotators(),
            tuple(self.counted_box.currentData()),
        )

    @property
    def heatmap_metric(self) -> str:
        return str(self.metric_box.currentData())

    @property
    def busy_now(self) -> bool:
        return bool(self._running)

    # ------------------------------------------------------------ computing
    def refresh(self) -> None:
        """Recompute on the runner; the result of any earlier request is dropped."""
        self._pending.stop()
        self._generation += 1
        generation, corpus, request = self._generation, self.corpus, self.request()

        def job() -> Figures | None:
            if generation != self._generation:
                return None  # superseded before it started
            return compute_figures(corpus, request)

        self._running.add(generation)
        self.busy.show()
        self.summary.setText(self.tr("Computing…"))
        self.runner.submit(
            job,
            lambda figures: self._done(generation, figures),
            lambda exc: self._failed(generation, f"{type(exc).__name__}: {exc}"),
        )

    def _finish_job(self, generation: int) -> bool:
        self._running.discard(generation)
        latest = generation == self._generation
        if latest:
            self.busy.hide()
        return latest

    def _done(self, generation: int, figures: Figures | None) -> None:
        if not self._finish_job(generation) or figures is None:
            return
        self.figures = figures
        self._draw()
        self.computed.emit()

    def _failed(self, generation: int, message: str) -> None:
        if not self._finish_job(generation):
            return
        self.summary.setText(
            self.tr("Could not compute the figures: {error}").format(error=message)
        )
        self.failed.emit(message)

    # ------------------------------------------------------------ drawing
    def _subtitle(self) -> str:
        assert self.figures is not None
        r = self.figures.result
        counted = self.counted_box.currentText().lower()
        return self.tr(
            "{annotators} annotators · %n article(s) compared · counting {counted}",
            "",
            r.articles_compared,
        ).format(annotators=len(r.annotators), counted=counted)

    def _distribution_subtitle(self) -> str:
        """What the label distribution counts: every span in the articles with counted
        work (not only the articles compared)."""
        assert self.figures is not None
        r = self.figures.result
        counted = self.counted_box.currentText().lower()
        return self.tr(
            "{annotators} annotators · spans in %n article(s) with counted work · "
            "counting {counted}",
            "",
            r.articles,
        ).format(annotators=len(r.annotators), counted=counted)

    def _draw(self) -> None:
        assert self.figures is not None
        r = self.figures.result
        sub = self._subtitle()
        colors = {name: series_color(i) for i, name in enumerate(r.annotators)}
        self._redraw_heatmap()
        self.charts["per_label"].draw_bars(charts_data.per_label(r), sub, score_range=(0.0, 1.0))
        self.charts["activity"].draw_bars(
            charts_data.activity(self.figures.days, r.annotators),
            self.tr(
                "spans added − removed per UTC day, from the event log (imports are not logged)"
            ),
            colors=colors,
        )
        self.charts["label_distribution"].draw_bars(
            charts_data.label_distribution(r), self._distribution_subtitle(), colors=colors
        )
        self.summary.setText(_summary(r))

    def _redraw_heatmap(self) -> None:
        if self.figures is None:
            return
        data = charts_data.heatmap(self.figures.result, self.heatmap_metric)
        lo, hi = METRIC_RANGES[self.heatmap_metric]
        label = pair_metric_title(self.heatmap_metric) + (
            " " + self.tr("(below 0: darkest)") if self.heatmap_metric == "cohen_kappa" else ""
        )
        subtitle = self._subtitle()
        same = translate("Dashboard", SAME)
        if any(c.value is None and c.reason != same for c in data.cells.values()):
            subtitle += " · " + self.tr("n/a: undefined (hover for why)")
        self.charts["heatmap"].draw_heatmap(data, subtitle, (lo, hi), label)

    # ------------------------------------------------------------ export
    def export_png(self, chart: str, path: Path) -> Path:
        return self.charts[chart].export_png(path, protected=self._protected())

    def export_csv(self, chart: str, path: Path) -> Path:
        """The chart's figures to ``path`` (atomically, formula cells neutralised); raises
        FormatError for a target it may not replace (docs/formats.md)."""
        return self.charts[chart].export_csv(path, protected=self._protected())

    def _protected(self) -> tuple[Path, ...]:
        return safety.corpus_files(self.corpus.location)

    def ask_path(self, title: str, name: str, filter_: str) -> str | None:
        """Ask where to save (a modal file dialog); override in tests."""
        path, _ = QFileDialog.getSaveFileName(self, title, name, filter_)
        return path or None

    def _ask_png(self, chart: str) -> None:
        path = self.ask_path(self.tr("Export chart"), f"{chart}.png", "PNG (*.png)")
        if path:
            self._saving(lambda: self.export_png(chart, Path(path)))

    def _ask_csv(self, chart: str) -> None:
        path = self.ask_path(self.tr("Export numbers"), f"{chart}.csv", "CSV (*.csv)")
        if path:
            self._saving(lambda: self.export_csv(chart, Path(path)))

    def _saving(self, write: Callable[[], Path]) -> None:
        """Run one export; say where it went, or why nothing was written."""
        try:
            written = write()
        except FormatError as exc:
            self.export_note.setStyleSheet(f"color: {error_color(self.palette()).name()}")
            self.export_note.setText(self.tr("Nothing was written: {why}").format(why=exc))
        else:
            self.export_note.setStyleSheet("")
            self.export_note.setText(self.tr("Saved {path}").format(path=written))
        self.export_note.show()

    # ------------------------------------------------------------ closing
    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for the job in hand and end the runner's thread, closing its connection (the
        corpus must not close under them); results not handed over yet are dropped."""
        self._running.clear()
        self.busy.hide()
        return self.runner.stop(msecs / 1000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.wait()
        super().closeEvent(event)


def _fmt(score_value: float | None, reason: str | None) -> str:
    return f"{score_value:.3f}" if score_value is not None else f"n/a ({reason})"


def _summary(r: AgreementResult) -> str:
    return translate(
        "Dashboard",
        "<b>{layer}</b>: {articles} articles with counted work, {compared} compared, "
        "{tokens} tokens<br>span F1 exact {exact} · overlap {overlap}<br>"
        "Fleiss' κ {fleiss} · Krippendorff's α {alpha}",
    ).format(
        layer=r.layer,
        articles=r.articles,
        compared=r.articles_compared,
        tokens=f"{r.tokens_compared:,}",
        exact=_fmt(r.span_f1_exact.value, r.span_f1_exact.reason),
        overlap=_fmt(r.span_f1_overlap.value, r.span_f1_overlap.reason),
        fleiss=_fmt(r.fleiss_kappa.value, r.fleiss_kappa.reason),
        alpha=_fmt(r.krippendorff_alpha.value, r.krippendorff_alpha.reason),
    )


def open_dashboard(corpus: Corpus, parent: QWidget | None = None) -> Dashboard:
    dash = Dashboard(corpus, parent)
    dash.show()
    return dash
