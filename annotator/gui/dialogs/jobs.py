"""What the Import and Export dialogs share: a table of refused items, and closing a dialog
whose background job is still running (the job is cancelled and waited for first)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QTableWidget, QTableWidgetItem, QWidget

from annotator.gui.workers import Worker


def fill_table(table: QTableWidget, rows: Sequence[tuple[Sequence[str], str]]) -> None:
    """Show ``rows`` (cells, tooltip of the whole row) in ``table``; hide it when empty."""
    table.setRowCount(len(rows))
    for row, (cells, tip) in enumerate(rows):
        for col, value in enumerate(cells):
            item = QTableWidgetItem(value)
            item.setToolTip(tip)
            table.setItem(row, col, item)
    table.setVisible(bool(rows))
    if rows:
        table.resizeRowsToContents()


class JobDialog(QDialog):
    """A dialog that runs one background job on ``self.worker``: closing it (Esc, the close
    button, the window's X) cancels the job and waits for it, so nothing is left half-run."""

    worker: Worker
    format_combo: QComboBox
    kind = "job"  # "import" or "export": names the format in errors

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    def fmt(self) -> str:
        return str(self.format_combo.currentData())

    def set_format(self, name: str) -> None:
        index = self.format_combo.findData(name)
        if index < 0:
            raise ValueError(f"unknown {self.kind} format {name!r}")
        self.format_combo.setCurrentIndex(index)

    def is_running(self) -> bool:
        raise NotImplementedError

    def cancel(self) -> None:
        raise NotImplementedError

    def _stop_the_job(self) -> None:
        if self.is_running():
            self.cancel()
            self.worker.wait()

    def reject(self) -> None:
        self._stop_the_job()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_the_job()
        super().closeEvent(event)
