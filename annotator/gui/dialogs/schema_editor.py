"""The schema editor: labels (colour, name, layer, hotkey, description) and attributes.

Each button calls one :class:`Corpus` schema operation, which validates, saves and commits;
the editor then redraws from ``corpus.schema`` (it keeps no copy of its own). A refusal (a
name in use, a hotkey clash, a label that still has spans) is shown as a message, and the
corpus is unchanged. After every saved change :attr:`SchemaEditor.schema_changed` carries the
store's ``Changes`` record (a rename lists the relabelled spans).

Modal questions go through small methods (:meth:`SchemaEditor.ask_text`, ``ask_color``,
``confirm``, ``show_error``, ``ask_new_label``, ``ask_new_attribute``) so a caller or test can
answer them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import CorpusError, NotSaved
from annotator.core.model import Changes
from annotator.core.schema import Attribute, Label, LabelSchema, SchemaError
from annotator.gui.i18n import QT_TRANSLATE_NOOP, translate
from annotator.gui.palette import error_color, quiet_color
from annotator.store.corpus import Corpus

log = logging.getLogger(__name__)

# Colours offered to a new label: distinct on light and dark backgrounds (tab20-like).
NEW_LABEL_COLOURS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#f2c14e",
)  # fmt: skip
HOTKEYS = "123456789"
KIND_TEXT = {  # translated where shown
    "choice": QT_TRANSLATE_NOOP("SchemaEditor", "one of a list"),
    "bool": QT_TRANSLATE_NOOP("SchemaEditor", "yes or no"),
    "text": QT_TRANSLATE_NOOP("SchemaEditor", "free text"),
}
NO_DEFAULT = QT_TRANSLATE_NOOP("SchemaEditor", "(no default)")

COL_COLOUR, COL_NAME, COL_LAYER, COL_HOTKEY, COL_SPANS, COL_DESCRIPTION = range(6)
HEADERS = (
    QT_TRANSLATE_NOOP("SchemaEditor", "Colour"),
    QT_TRANSLATE_NOOP("SchemaEditor", "Name"),
    QT_TRANSLATE_NOOP("SchemaEditor", "Layer"),
    QT_TRANSLATE_NOOP("SchemaEditor", "Hotkey"),
    QT_TRANSLATE_NOOP("SchemaEditor", "Spans"),
    QT_TRANSLATE_NOOP("SchemaEditor", "Description"),
)


SWATCH = (28, 16)


def swatch(color: str) -> QIcon:
    """A filled rounded rectangle of ``color`` with a thin border (visible on any theme)."""
    size = QSize(*SWATCH)
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fill = QColor(color)
    painter.setPen(fill.darker(150))
    painter.setBrush(fill)
    painter.drawRoundedRect(QRectF(0.5, 0.5, size.width() - 1, size.height() - 1), 3, 3)
    painter.end()
    return QIcon(pixmap)


def free_hotkey(schema: LabelSchema) -> str:
    used = {label.hotkey for label in schema.labels}
    return next((key for key in HOTKEYS if key not in used), "")


def free_colour(schema: LabelSchema) -> str:
    used = {label.color.lower() for label in schema.labels}
    return next((c for c in NEW_LABEL_COLOURS if c not in used), NEW_LABEL_COLOURS[0])


def problem_of(check: Callable[[], object]) -> str | None:
    """The message of the SchemaError ``check`` raises, or None when it passes."""
    try:
        check()
    except SchemaError as exc:
        return str(exc)
    return None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class _FormDialog(QDialog):
    """A small form with an inline problem line and OK/Cancel; OK runs :meth:`problem`."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.form = QFormLayout()
        self.problem_label = QLabel()
        self.problem_label.setObjectName("formProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(f"color: {error_color(self.palette()).name()}")
        self.problem_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)

    def problem(self) -> str | None:
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.problem_label.setText(_capital(problem) + ".")
            self.problem_label.show()
            return
        super().accept()


class LabelDialog(_FormDialog):
    """Name, layer, colour, hotkey and description of a new label, checked against the
    corpus's schema before it closes."""

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(translate("SchemaEditor", "Add label"), parent)
        self.setObjectName("labelDialog")
        self._schema = schema
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("labelName")
        self.name_edit.setPlaceholderText(
            translate("SchemaEditor", "e.g. WEAPON (letters, digits, _ or -)")
        )
        self.layer_combo = QComboBox()
        self.layer_combo.setObjectName("labelLayer")
        for layer in schema.layers:
            self.layer_combo.addItem(layer.name)
        self.color = free_colour(schema)
        self.color_button = QPushButton()
        self.color_button.setObjectName("labelColour")
        self.color_button.setMaximumWidth(160)
        self.color_button.clicked.connect(self._pick_colour)
        self.hotkey_edit = QLineEdit(free_hotkey(schema))
        self.hotkey_edit.setObjectName("labelHotkey")
        self.hotkey_edit.setMaxLength(1)
        self.hotkey_edit.setPlaceholderText(translate("SchemaEditor", "none"))
        self.hotkey_edit.setMaximumWidth(60)
        self.description_edit = QLineEdit()
        self.description_edit.setObjectName("labelDescription")
        self.description_edit.setPlaceholderText(
            translate("SchemaEditor", "What this label marks (shown as a tooltip)")
        )
        self.form.addRow(translate("SchemaEditor", "&Name:"), self.name_edit)
        self.form.addRow(translate("SchemaEditor", "&Layer:"), self.layer_combo)
        self.form.addRow(translate("SchemaEditor", "&Colour:"), self.color_button)
        self.form.addRow(translate("SchemaEditor", "&Hotkey:"), self.hotkey_edit)
        self.form.addRow(translate("SchemaEditor", "&Description:"), self.description_edit)
        self._show_colour()

    def _show_colour(self) -> None:
        self.color_button.setIcon(swatch(self.color))
        self.color_button.setText(self.color)

    def _pick_colour(self) -> None:
        chosen = QColorDialog.getColor(
            QColor(self.color), self, translate("SchemaEditor", "Label colour")
        )
        if chosen.isValid():
            self.color = chosen.name()
            self._show_colour()

    def label(self) -> Label:
        return Label(
            name=self.name_edit.text().strip(),
            layer=self.layer_combo.currentText(),
            color=self.color,
            hotkey=self.hotkey_edit.text().strip(),
            description=self.description_edit.text().strip(),
        )

    def problem(self) -> str | None:
        return problem_of(lambda: self._schema.with_label(self.label()))


class AttributeDialog(_FormDialog):
    """Name, layer, kind, choices and default of a new attribute."""

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(translate("SchemaEditor", "Add attribute"), parent)
        self.setObjectName("attributeDialog")
        self._schema = schema
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("attributeName")
        self.name_edit.setPlaceholderText(translate("SchemaEditor", "e.g. sentiment"))
        self.layer_combo = QComboBox()
        self.layer_combo.setObjectName("attributeLayer")
        for layer in schema.layers:
            self.layer_combo.addItem(layer.name)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("attributeKind")
        for kind, text in KIND_TEXT.items():
            self.kind_combo.addItem(translate("SchemaEditor", text), kind)
        self.choices_edit = QLineEdit()
        self.choices_edit.setObjectName("attributeChoices")
        self.choices_edit.setPlaceholderText(
            translate("SchemaEditor", "positive, neutral, negative")
        )
        self.default_combo = QComboBox()
        self.default_combo.setObjectName("attributeDefault")
        self.default_text = QLineEdit()
        self.default_text.setObjectName("attributeDefaultText")
        self.default_text.setPlaceholderText(translate("SchemaEditor", "(empty)"))
        defaults = QWidget()
        row = QHBoxLayout(defaults)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.default_combo)
        row.addWidget(self.default_text)
        self.form.addRow(translate("SchemaEditor", "&Name:"), self.name_edit)
        self.form.addRow(translate("SchemaEditor", "&Layer:"), self.layer_combo)
        self.form.addRow(translate("SchemaEditor", "&Kind:"), self.kind_combo)
        self.form.addRow(translate("SchemaEditor", "&Choices:"), self.choices_edit)
        self.form.addRow(translate("SchemaEditor", "&Default:"), defaults)
        # The labels it applies to: none ticked = every label of the layer (a claim's
        # attributes tick CLAIM, so a cue word carries none of them).
        self.labels_list = QListWidget()
        self.labels_list.setObjectName("attributeLabels")
        self.labels_list.setMaximumHeight(110)
        self.labels_list.setToolTip(
            translate("SchemaEditor", "None ticked: every label of the layer has it")
        )
        self.form.addRow(translate("SchemaEditor", "La&bels:"), self.labels_list)
        note = QLabel(
            translate(
                "SchemaEditor", "Spans labelled before show the default until someone sets a value."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {quiet_color(self.palette()).name()}")
        self.form.addRow("", note)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.choices_edit.textChanged.connect(self._kind_changed)
        self.layer_combo.currentIndexChanged.connect(self._layer_changed)
        self._kind_changed()
        self._layer_changed()

    def _layer_changed(self) -> None:
        self.labels_list.clear()
        for label in self._schema.labels_of(self.layer_combo.currentText()):
            item = QListWidgetItem(label.name, self.labels_list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)

    def labels(self) -> tuple[str, ...]:
        """The ticked labels (none: every label of the layer)."""
        items = (self.labels_list.item(n) for n in range(self.labels_list.count()))
        return tuple(i.text() for i in items if i.checkState() == Qt.CheckState.Checked)

    @property
    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def choices(self) -> tuple[str, ...]:
        parts = (c.strip() for c in self.choices_edit.text().split(","))
        return tuple(dict.fromkeys(c for c in parts if c))  # in order, without repeats

    def _kind_changed(self) -> None:
        kind = self.kind
        self.choices_edit.setEnabled(kind == "choice")
        self.default_text.setVisible(kind == "text")
        self.default_combo.setVisible(kind != "text")
        current = self.default_combo.currentText()
        no_default = translate("SchemaEditor", NO_DEFAULT)
        options = [no_default, *(self.choices() if kind == "choice" else ("no", "yes"))]
        self.default_combo.blockSignals(True)
        self.default_combo.clear()
        self.default_combo.addItems(options)
        if current in options:
            self.default_combo.setCurrentText(current)
        self.default_combo.blockSignals(False)

    def default(self) -> Any:
        if self.kind == "text":
            return self.default_text.text()
        value = self.default_combo.currentText()
        if value == translate("SchemaEditor", NO_DEFAULT):
            return None
        return value == "yes" if self.kind == "bool" else value

    def attribute(self) -> Attribute:
        return Attribute(
            name=self.name_edit.text().strip(),
            layer=self.layer_combo.currentText(),
            kind=self.kind,
            choices=self.choices() if self.kind == "choice" else (),
            default=self.default(),
            labels=self.labels(),
        )

    def problem(self) -> str | None:
        return problem_of(lambda: self._schema.with_attribute(self.attribute()))


class SchemaEditor(QDialog):
    """Edit the corpus's labels and attributes; every change is saved when it is made."""

    schema_changed = Signal(object)  # the store's Changes record of each saved change

    def __init__(self, corpus: Corpus, parent: QWidget | None = None, *, by: str = "") -> None:
        super().__init__(parent)
        self.corpus = corpus
        self.by = by  # who is editing, for the event log
        self.setObjectName("schemaEditor")
        self.setWindowTitle(self.tr("Labels and attributes"))
        self.resize(880, 660)

        intro = QLabel(
            self.tr(
                "The labels and attributes of this corpus, shared by every annotator. "
                "Changes are saved at once. Renaming a label relabels its spans; a label "
                "can be deleted only once no span uses it."
            )
        )
        intro.setWordWrap(True)

        # ---------------------------------------------------------- labels
        self.labels_table = QTableWidget(0, len(HEADERS))
        self.labels_table.setObjectName("labelsTable")
        self.labels_table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.labels_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.labels_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.labels_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.labels_table.verticalHeader().hide()
        self.labels_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.labels_table.setIconSize(QSize(*SWATCH))
        self.labels_table.setAlternatingRowColors(True)
        header = self.labels_table.horizontalHeader()
        for col in range(len(HEADERS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.labels_table.itemSelectionChanged.connect(self._update_buttons)
        self.labels_table.cellDoubleClicked.connect(self._cell_double_clicked)

        make = self._button
        self.add_label_button = make(self.tr("&Add label…"), "addLabel", self.add_label)
        self.rename_button = make(self.tr("&Rename…"), "renameLabel", self.rename_label)
        self.recolour_button = make(self.tr("Re&colour…"), "recolourLabel", self.recolour_label)
        self.hotkey_button = make(self.tr("Change &hotkey…"), "changeHotkey", self.change_hotkey)
        self.describe_button = make(self.tr("D&escribe…"), "describeLabel", self.describe_label)
        self.delete_button = make(self.tr("&Delete"), "deleteLabel", self.delete_label)
        label_buttons = QVBoxLayout()
        for button in (
            self.add_label_button,
            self.rename_button,
            self.recolour_button,
            self.hotkey_button,
            self.describe_button,
        ):
            label_buttons.addWidget(button)
        label_buttons.addSpacing(12)
        label_buttons.addWidget(self.delete_button)
        label_buttons.addStretch(1)
        labels_box = QGroupBox(self.tr("Labels"))
        labels_row = QHBoxLayout(labels_box)
        labels_row.addWidget(self.labels_table, 1)
        labels_row.addLayout(label_buttons)

        # ---------------------------------------------------------- attributes
        self.attributes_tree = QTreeWidget()
        self.attributes_tree.setObjectName("attributesTree")
        self.attributes_tree.setHeaderLabels(
            [
                self.tr("Attribute"),
                self.tr("Kind"),
                self.tr("Choices"),
                self.tr("Default"),
                self.tr("Labels"),
            ]
        )
        self.attributes_tree.setRootIsDecorated(True)
        self.attributes_tree.setAlternatingRowColors(True)
        self.attributes_tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.attributes_tree.header().setStretchLastSection(True)
        self.add_attribute_button = self._button(
            self.tr("Add a&ttribute…"), "addAttribute", self.add_attribute
        )
        attribute_buttons = QVBoxLayout()
        attribute_buttons.addWidget(self.add_attribute_button)
        attribute_buttons.addStretch(1)
        attributes_box = QGroupBox(self.tr("Attributes (per layer)"))
        attributes_row = QHBoxLayout(attributes_box)
        attributes_row.addWidget(self.attributes_tree, 1)
        attributes_row.addLayout(attribute_buttons)

        # ---------------------------------------------------------- messages, close
        self.message = QLabel()
        self.message.setObjectName("schemaMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(labels_box, 3)
        layout.addWidget(attributes_box, 2)
        layout.addLayout(bottom)
        self.refresh()

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # ------------------------------------------------------------ showing the store's schema
    def refresh(self) -> None:
        """Redraw both lists from ``corpus.schema`` and the store's span counts."""
        schema = self.corpus.schema
        counts = self.corpus.span_counts_by_label()
        keep = self.selected_label()
        table = self.labels_table
        table.setRowCount(len(schema.labels))
        for row, label in enumerate(schema.labels):
            colour = QTableWidgetItem(swatch(label.color), label.color)
            name = QTableWidgetItem(label.name)
            name.setData(Qt.ItemDataRole.UserRole, label.name)
            hotkey = QTableWidgetItem(label.hotkey or "—")
            hotkey.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            n = counts.get(label.name, 0)
            spans = QTableWidgetItem(f"{n:,}")
            spans.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            description = QTableWidgetItem(label.description)
            description.setToolTip(label.description)
            items = (colour, name, QTableWidgetItem(label.layer), hotkey, spans, description)
            for col, item in enumerate(items):
                table.setItem(row, col, item)
        table.clearSelection()
        if keep is not None:
            self.select_label(keep)
        self._fill_attributes(schema)
        self._update_buttons()

    def _fill_attributes(self, schema: LabelSchema) -> None:
        tree = self.attributes_tree
        tree.clear()
        for layer in schema.layers:
            attributes = schema.attributes_of(layer.name)
            top = QTreeWidgetItem([f"{layer.name} ({len(attributes)})"])
            top.setFirstColumnSpanned(True)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            tree.addTopLevelItem(top)
            for attr in attributes:
                if attr.default is None:
                    default = "—"
                elif attr.kind == "bool":
                    default = self.tr("yes") if attr.default else self.tr("no")
                else:
                    default = str(attr.default) or self.tr("(empty)")
                kind = self.tr(KIND_TEXT[attr.kind])
                labels = ", ".join(attr.labels) or self.tr("all")
                QTreeWidgetItem(top, [attr.name, kind, ", ".join(attr.choices), default, labels])
            if not attributes:
                none = QTreeWidgetItem(top, [self.tr("no attributes")])
                none.setDisabled(True)
            top.setExpanded(True)

    def selected_label(self) -> str | None:
        rows = self.labels_table.selectionModel().selectedRows(COL_NAME)
        if not rows:
            return None
        value = rows[0].data(Qt.ItemDataRole.UserRole)
        return str(value) if value else None

    def select_label(self, name: str) -> bool:
        for row in range(self.labels_table.rowCount()):
            item = self.labels_table.item(row, COL_NAME)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == name:
                self.labels_table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        chosen = self.selected_label() is not None
        for button in (
            self.rename_button,
            self.recolour_button,
            self.hotkey_button,
            self.describe_button,
            self.delete_button,
        ):
            button.setEnabled(chosen)

    def _cell_double_clicked(self, row: int, column: int) -> None:
        self.labels_table.selectRow(row)
        action = {
            COL_COLOUR: self.recolour_label,
            COL_NAME: self.rename_label,
            COL_HOTKEY: self.change_hotkey,
            COL_DESCRIPTION: self.describe_label,
        }.get(column)
        if action is not None:
            action()

    # ------------------------------------------------------------ operations
    def _run(self, operation: Callable[[], Changes], done: str) -> bool:
        """Run one store operation, redraw from the store, report; True if it was saved."""
        try:
            changes = operation()
        except NotSaved as exc:  # the team server is away: nothing changed, nothing to redraw
            self.show_error(str(exc))
            return False
        except CorpusError as exc:
            self.refresh()
            self.show_error(_capital(str(exc)) + ".")
            return False
        except Exception as exc:  # the store rolled back; say so rather than crash
            log.exception("schema edit failed")
            self.refresh()
            self.show_error(
                self.tr("The change could not be saved ({error}). Nothing was changed.").format(
                    error=exc
                )
            )
            return False
        self.refresh()
        self.say(done)
        if changes:
            self.schema_changed.emit(changes)
        return True

    def add_label(self) -> None:
        label = self.ask_new_label()
        if label is None:
            return
        if self._run(
            lambda: self.corpus.add_label(label, by=self.by),
            self.tr("Added label {name}.").format(name=label.name),
        ):
            self.select_label(label.name)

    def rename_label(self) -> None:
        old = self.selected_label()
        if old is None:
            return
        n = self.corpus.span_counts_by_label().get(old, 0)
        note = " " + self.tr("Its %Ln span(s) will be relabelled.", "", n) if n else ""
        new = self.ask_text(
            self.tr("Rename {name}").format(name=old),
            self.tr("New name for {name}.").format(name=old) + note,
            old,
        )
        if new is None or new.strip() == old:
            return
        new = new.strip()
        done = (
            self.tr("Renamed {old} to {new}; %Ln span(s) relabelled.", "", n)
            if n
            else self.tr("Renamed {old} to {new}.")
        ).format(old=old, new=new)
        if self._run(lambda: self.corpus.rename_label(old, new, by=self.by), done):
            self.select_label(new)

    def recolour_label(self) -> None:
        name = self.selected_label()
        if name is None:
            return
        color = self.ask_color(
            QColor(self.corpus.schema.label(name).color),
            self.tr("Colour of {name}").format(name=name),
        )
        if color is None:
            return
        self._run(
            lambda: self.corpus.update_label(name, color=color.name(), by=self.by),
            self.tr("{name} is now drawn in {colour}.").format(name=name, colour=color.name()),
        )

    def change_hotkey(self) -> None:
        name = self.selected_label()
        if name is None:
            return
        current = self.corpus.schema.label(name).hotkey
        key = self.ask_text(
            self.tr("Hotkey of {name}").format(name=name),
            self.tr(
                "The key that labels the selected text as {name}: one digit or letter. "
                "Leave empty for none."
            ).format(name=name),
            current,
        )
        if key is None or key.strip() == current:
            return
        key = key.strip()
        done = (
            self.tr("Press {key} to label text as {name}.")
            if key
            else self.tr("{name} has no hotkey now.")
        ).format(key=key, name=name)
        self._run(lambda: self.corpus.update_label(name, hotkey=key, by=self.by), done)

    def describe_label(self) -> None:
        name = self.selected_label()
        if name is None:
            return
        current = self.corpus.schema.label(name).description
        text = self.ask_text(
            self.tr("Describe {name}").format(name=name),
            self.tr("What {name} marks:").format(name=name),
            current,
        )
        if text is None or text.strip() == current:
            return
        self._run(
            lambda: self.corpus.update_label(name, description=text, by=self.by),
            self.tr("Description of {name} saved.").format(name=name),
        )

    def delete_label(self) -> None:
        name = self.selected_label()
        if name is None:
            return
        n_spans, n_gold = self.corpus.label_use(name)
        if not (n_spans or n_gold) and not self.confirm(
            self.tr("Delete {name}?").format(name=name),
            self.tr("Delete the label {name}? No span uses it.").format(name=name),
        ):
            return
        # A label in use goes to the store anyway: its refusal names the count.
        self._run(
            lambda: self.corpus.delete_label(name, by=self.by),
            self.tr("Deleted label {name}.").format(name=name),
        )

    def add_attribute(self) -> None:
        attribute = self.ask_new_attribute()
        if attribute is None:
            return
        self._run(
            lambda: self.corpus.add_attribute(attribute, by=self.by),
            self.tr("Added attribute {name} to the {layer} layer.").format(
                name=attribute.name, layer=attribute.layer
            ),
        )

    # ------------------------------------------------------------ questions (overridable)
    def ask_text(self, title: str, prompt: str, text: str) -> str | None:
        value, ok = QInputDialog.getText(self, title, prompt, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    def ask_color(self, initial: QColor, title: str) -> QColor | None:
        color = QColorDialog.getColor(initial, self, title)
        return color if color.isValid() else None

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, text: str) -> None:
        self.say(text, error=True)
        QMessageBox.warning(self, self.tr("Not changed"), text)

    def ask_new_label(self) -> Label | None:
        dialog = LabelDialog(self.corpus.schema, self)
        try:
            return dialog.label() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def ask_new_attribute(self) -> Attribute | None:
        dialog = AttributeDialog(self.corpus.schema, self)
        try:
            return dialog.attribute() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def say(self, text: str, *, error: bool = False) -> None:
        """Show ``text`` under the lists (errors in red) until the next change."""
        self.message.setProperty("error", error)
        colour = error_color(self.palette()) if error else quiet_color(self.palette())
        self.message.setStyleSheet(f"color: {colour.name()}")
        self.message.setText(text)
