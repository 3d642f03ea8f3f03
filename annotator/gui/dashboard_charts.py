"""pyqtgraph charts for the dashboard: a heatmap and grouped bar charts drawn from
:class:`~annotator.gui.dashboard_data.ChartData`, each exportable to PNG and CSV.

Imported only by :mod:`annotator.gui.dashboard`, itself imported only when the dashboard
opens: pyqtgraph is most of the application's start-up import time.

Undefined figures are drawn as grey hatched cells/bars marked "n/a"; hovering any cell or bar
shows its value, what it rests on, or why it is undefined.
"""

from __future__ import annotations

import math
from pathlib import Path

import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QCursor, QFont, QImage, QPen
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsRectItem,
    QHBoxLayout,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from annotator.formats import safety
from annotator.formats.common import FormatError
from annotator.gui.dashboard_data import ChartData

pg.setConfigOptions(antialias=True, background="w", foreground="k")

# Colour-blind-safe qualitative palette (Okabe–Ito) for annotators / series.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
UNDEFINED_FILL = QColor(200, 200, 200)
UNDEFINED_PEN = QColor(130, 130, 130)
DIAGONAL_FILL = QColor(245, 245, 245)
HEATMAP_MAP = "viridis"
EXPORT_WIDTH = 1200
PNG_SOFTWARE_KEY = "Software"
PNG_SOFTWARE = "annotator agreement dashboard"
"""The PNG text chunk that marks a chart as ours (so a later export may replace it)."""


def series_color(index: int) -> QColor:
    return QColor(PALETTE[index % len(PALETTE)])


def _small_font(item: pg.TextItem) -> QFont:
    font = item.textItem.font()
    font.setPointSize(8)
    return font


def _hatched() -> QBrush:
    return QBrush(UNDEFINED_PEN, Qt.BrushStyle.BDiagPattern)


class ChartView(QWidget):
    """One chart: a pyqtgraph scene (title, plot, colour bar or legend) and export buttons."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName(f"chart_{name}")
        self.data: ChartData | None = None
        self.subtitle = ""  # the line under the title, as drawn
        self._hover: list[tuple[QRectF, str]] = []
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setObjectName(f"graphics_{name}")
        self.graphics.setMinimumSize(420, 300)
        self.png_button = QPushButton(self.tr("Export PNG…"))
        self.png_button.setObjectName(f"png_{name}")
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.csv_button.setObjectName(f"csv_{name}")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.png_button)
        buttons.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.graphics, 1)
        layout.addLayout(buttons)
        self.plot: pg.PlotItem | None = None
        self.graphics.scene().sigMouseMoved.connect(self._mouse_moved)

    # ------------------------------------------------------------ drawing
    def _reset(self, data: ChartData, subtitle: str) -> pg.PlotItem:
        self.data = data
        self.subtitle = subtitle
        self._hover = []
        self.graphics.clear()
        self.graphics.addLabel(data.title, row=0, col=0, colspan=2, size="12pt", bold=True)
        if subtitle:
            self.graphics.addLabel(subtitle, row=1, col=0, colspan=2, size="9pt", color="#444")
        plot = self.graphics.addPlot(row=2, col=0)
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.setLabel("bottom", data.x_title)
        plot.setLabel("left", data.y_title)
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            axis.setStyle(hideOverlappingLabels=False)
            # Categories (labels, days, annotators) and counts take no SI prefix: without
            # this a short range titles an axis "label (x0.001)".
            axis.enableAutoSIPrefix(False)
        self.plot = plot
        if data.note:
            note = pg.TextItem(data.note, color="#444", anchor=(0.5, 0.5))
            plot.addItem(note)
            note.setPos(0.5, 0.5)
            plot.setXRange(0, 1)
            plot.setYRange(0, 1)
        return plot

    def draw_heatmap(
        self, data: ChartData, subtitle: str, value_range: tuple[float, float], label: str
    ) -> None:
        """Cells coloured on ``value_range`` (values outside take the end colour; each cell
        prints its value); undefined ones grey and hatched, "n/a"; the diagonal blank."""
        plot = self._reset(data, subtitle)
        if data.note:
            return
        names = data.rows
        n = len(names)
        cmap = pg.colormap.get(HEATMAP_MAP)
        lo, hi = value_range
        plot.invertY(True)
        plot.setAspectLocked(False)
        for i, row in enumerate(names):
            for j, col in enumerate(names):
                cell = data.cell(row, col)
                if cell is None:
                    continue
                rect = QRectF(j - 0.5, i - 0.5, 1.0, 1.0)
                item = QGraphicsRectItem(rect)
                item.setPen(QPen(QColor("white"), 0))
                if row == col:
                    item.setBrush(QBrush(DIAGONAL_FILL))
                    text, color = "—", "#888"
                    tip = f"{row}: {cell.reason}"
                elif cell.value is None:
                    item.setBrush(QBrush(UNDEFINED_FILL))
                    plot.addItem(item)
                    item = QGraphicsRectItem(rect)
                    item.setPen(QPen(QColor("white"), 0))
                    item.setBrush(_hatched())
                    text, color = "n/a", "#333"
                    tip = cell.tooltip(f"{row} – {col}")
                else:
                    t = min(1.0, max(0.0, (cell.value - lo) / (hi - lo)))
                    fill = cmap.map(t, mode="qcolor")
                    item.setBrush(QBrush(fill))
                    text = f"{cell.value:.3f}"
                    color = "#000" if fill.lightnessF() > 0.55 else "#fff"
                    tip = cell.tooltip(f"{row} – {col}")
                plot.addItem(item)
                mark = pg.TextItem(text, color=color, anchor=(0.5, 0.5))
                font = mark.textItem.font()
                font.setPointSize(11 if n <= 4 else 9)
                font.setBold(True)
                mark.setFont(font)
                mark.setPos(j, i)
                plot.addItem(mark)
                self._hover.append((rect, tip))
        ticks = [[(k, name) for k, name in enumerate(names)]]
        plot.getAxis("bottom").setTicks(ticks)
        plot.getAxis("left").setTicks(ticks)
        plot.setXRange(-0.5, n - 0.5, padding=0.02)
        plot.setYRange(-0.5, n - 0.5, padding=0.02)
        bar = pg.ColorBarItem(
            values=value_range,
            colorMap=cmap,
            interactive=False,
            label=label,
            colorMapMenu=False,
            width=18,
        )
        self.graphics.addItem(bar, row=2, col=1)

    def draw_bars(
        self,
        data: ChartData,
        subtitle: str,
        *,
        score_range: tuple[float, float] | None = None,
        colors: dict[str, QColor] | None = None,
    ) -> None:
        """Grouped bars: one group per row, one bar per series. ``score_range`` fixes the y
        axis (agreement figures); without it the axis fits the counts."""
        plot = self._reset(data, subtitle)
        if data.note:
            return
        rows, series = data.rows, data.series
        k = max(1, len(series))
        width = 0.8 / k
        values = [c.value for c in data.cells.values() if c.value is not None]
        if score_range is not None:
            lo = min([score_range[0], *values])
            top = score_range[1]
        else:
            lo = min([0.0, *values])
            top = max([1.0, *values])
        legend = pg.LegendItem(colCount=min(k + 1, 5), labelTextColor="k", labelTextSize="10pt")
        self.graphics.addItem(legend, row=3, col=0)
        # Few bars: print each value above its bar (a score's "0.86" needs a wider bar than a
        # count's "14": four measures over five labels would print them over each other).
        labelled = len(rows) * k <= (16 if score_range is not None else 30)
        any_undefined = False
        for s_index, name in enumerate(series):
            color = (colors or {}).get(name, series_color(s_index))
            xs: list[float] = []
            hs: list[float] = []
            for r_index, row in enumerate(rows):
                cell = data.cell(row, name)
                if cell is None:
                    continue
                x = r_index + (s_index - (k - 1) / 2) * width
                rect_top = cell.value if cell.value is not None else top
                rect = QRectF(x - width / 2, min(0.0, rect_top), width, abs(rect_top) or 1e-9)
                if cell.value is None:
                    any_undefined = True
                    hatch = QGraphicsRectItem(rect)
                    hatch.setPen(QPen(UNDEFINED_PEN, 0))
                    hatch.setBrush(_hatched())
                    plot.addItem(hatch)
                    mark = pg.TextItem("n/a", color="#555", anchor=(0.5, 1.0))
                    mark.setPos(x, top)
                    plot.addItem(mark)
                else:
                    xs.append(x)
                    hs.append(cell.value)
                    if labelled:
                        text = (
                            f"{round(cell.value, 2) + 0.0:.2f}"
                            if score_range
                            else f"{cell.value:g}"
                        )
                        value = pg.TextItem(text, color="#333", anchor=(0.5, 1.0))
                        value.setFont(_small_font(value))
                        value.setPos(x, max(cell.value, 0.0))
                        plot.addItem(value)
                self._hover.append((rect, cell.tooltip(f"{row}, {name}")))
            bars = pg.BarGraphItem(
                x=xs, height=hs, width=width * 0.92, brush=color, pen=pg.mkPen(color.darker(130))
            )
            plot.addItem(bars)
            legend.addItem(bars, name)
        if any_undefined:
            proxy = pg.BarGraphItem(x=[], height=[], width=0.1, brush=_hatched(), pen=UNDEFINED_PEN)
            legend.addItem(proxy, self.tr("n/a: undefined (hover)"))
        # Room above the bars for the value labels and "n/a" marks.
        span = top - lo
        plot.setYRange(lo - span * 0.05, top + span * 0.14, padding=0)
        if score_range is not None:
            first = math.ceil(lo * 10 - 1e-9)
            ticks = [k / 10 + 0.0 for k in range(first, round(top * 10) + 1)]
            plot.getAxis("left").setTicks([[(t, f"{t:g}") for t in ticks]])
        plot.setXRange(-0.6, len(rows) - 0.4, padding=0)
        plot.showGrid(y=True, alpha=0.25)
        step = max(1, len(rows) // 12)
        plot.getAxis("bottom").setTicks([[(i, row) for i, row in enumerate(rows) if i % step == 0]])

    def retranslate(self) -> None:
        """Button texts in the GUI's language (the dashboard redraws the chart itself)."""
        self.png_button.setText(self.tr("Export PNG…"))
        self.csv_button.setText(self.tr("Export CSV…"))

    # ------------------------------------------------------------ hover
    def tooltip_at(self, x: float, y: float) -> str | None:
        """The hover text at data coordinates (x, y), or None."""
        for rect, text in self._hover:
            if rect.contains(QPointF(x, y)):
                return text
        return None

    def _mouse_moved(self, pos: QPointF) -> None:
        if self.plot is None:
            return
        point = self.plot.getViewBox().mapSceneToView(pos)
        text = self.tooltip_at(point.x(), point.y())
        if text:
            QToolTip.showText(QCursor.pos(), text, self.graphics)
        else:
            QToolTip.hideText()

    # ------------------------------------------------------------ export
    def export_png(
        self, path: Path, width: int = EXPORT_WIDTH, protected: tuple[Path, ...] = ()
    ) -> Path:
        """The chart as drawn (title, plot, legend/colour bar) to a PNG ``width`` pixels wide.

        The widget is shown and events processed first: pyqtgraph lays out its axes only
        then, and an export before that draws them broken. The PNG carries a ``Software``
        text chunk naming the dashboard; it is written atomically, and an existing file is
        replaced only when it carries that chunk (an earlier chart of ours).
        """
        window = self.window()
        if not window.isVisible():
            window.show()
        QApplication.processEvents()
        exporter = ImageExporter(self.graphics.scene())
        exporter.parameters()["width"] = width
        image = exporter.export(toBytes=True)
        assert isinstance(image, QImage)
        image.setText(PNG_SOFTWARE_KEY, PNG_SOFTWARE)
        raw = QByteArray()
        buffer = QBuffer(raw)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
            raise FormatError(path, 0, "cannot encode the chart as PNG")
        buffer.close()
        return safety.write_atomic(Path(path), bytes(raw.data()), protected, ours=_our_png)

    def export_csv(self, path: Path, protected: tuple[Path, ...] = ()) -> Path:
        if self.data is None:
            raise RuntimeError("nothing to export yet")
        return self.data.write_csv(Path(path), protected)


def _our_png(path: Path) -> bool:
    """Whether ``path`` is a chart PNG this dashboard wrote (its Software text chunk)."""
    return QImage(str(path)).text(PNG_SOFTWARE_KEY) == PNG_SOFTWARE
