"""The span panel: the article's spans in text order, and a form to edit the one in hand.

The table is a model/view over the spans :class:`Labelling` read from the ``Corpus``: label,
text, speaker (for claims) and attributes. Below it, the form for the selected span: its label
(a combo of the labels of its layer), one editor per attribute of its layer from the schema
(choice -> combo, bool -> check box, text -> line edit), its links, and Delete. Every change
in the form is one store edit, made at once. Other annotators' spans (blind mode off) are
listed in grey and cannot be edited here.
"""

from __future__ import annotations

import bisect
import functools
import html
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Span
from annotator.core.schema import Attribute, LabelSchema, readable
from annotator.core.speakers import ATTRIBUTION, CUE_OF, Voice, voice_of, voices
from annotator.gui.bus import Update
from annotator.gui.i18n import QT_TRANSLATE_NOOP, current_language, translate
from annotator.gui.labelling import ABOUT, CLAIM_LABEL, SPEAKER, Labelling, values_text

AnyIndex = QModelIndex | QPersistentModelIndex
PATCH_LIMIT = 16  # rows inserted + removed beyond which a model reset is cheaper


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.UserRole + 1,  # SpanTableModel.SpanIdRole
    }
)


# A claim's speaker cell when it has no speaker (core/speakers.py): translated where shown.
OWN_VOICE = QT_TRANSLATE_NOOP("SpanPanel", "outlet's own voice")
NO_SPEAKER = QT_TRANSLATE_NOOP("SpanPanel", "⚠ no speaker yet")
CONTRADICTED = QT_TRANSLATE_NOOP("SpanPanel", "⚠ unattributed, yet said by {speakers}")
WARNING = "#c0392b"  # an unfinished claim's speaker line


def voice_text(voice: Voice, speakers: str) -> str:
    """What the Speaker column says of a claim in ``voice`` (``speakers``: its speakers)."""
    if voice is Voice.SPOKEN:
        return speakers
    if voice is Voice.UNATTRIBUTED:
        return translate("SpanPanel", OWN_VOICE)
    if voice is Voice.NO_SPEAKER:
        return translate("SpanPanel", NO_SPEAKER)
    return translate("SpanPanel", CONTRADICTED).format(speakers=speakers)


def _row_order(span: Span) -> tuple[int, int, str, int]:
    """The table's order: text order, then annotator."""
    return (span.start, -span.end, span.annotator, span.id)


@functools.lru_cache(maxsize=64)
def chip(color: str, size: int = 12) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return pixmap


@functools.lru_cache(maxsize=64)
def chip_icon(color: str) -> QIcon:
    return QIcon(chip(color))


def attribute_text(span: Span, schema: LabelSchema, language: str) -> str:
    """The span's attribute values as a user reads them: choices by their display names
    in ``language``, a true flag by the attribute's name (the store keeps identifiers)."""
    parts = []
    order = {a.name: n for n, a in enumerate(schema.attributes_of(span.layer))}
    for name, value in sorted(span.attributes.items(), key=lambda kv: order.get(kv[0], 1 << 30)):
        attribute = schema.attribute(span.layer, name)
        if value is True:
            parts.append(attribute.display_name(language) if attribute else readable(name))
        elif value not in (False, "", None):
            parts.append(attribute.value_name(value, language) if attribute else str(value))
    return ", ".join(parts)


def _starts_at(schema: LabelSchema, relation: str, label: str) -> bool:
    """Whether the form of a ``label`` span shows its ``relation`` links: the speaker and
    subject rows of a claim (also in a schema without those relation types), a cue's claim."""
    try:
        return schema.relation(relation).starts_at(label)
    except ValueError:
        return relation != CUE_OF


class SpanTableModel(QAbstractTableModel):
    COLUMNS = (
        QT_TRANSLATE_NOOP("SpanPanel", "Label"),
        QT_TRANSLATE_NOOP("SpanPanel", "Text"),
        QT_TRANSLATE_NOOP("SpanPanel", "Speaker"),
        QT_TRANSLATE_NOOP("SpanPanel", "Attributes"),
    )
    LABEL, TEXT, SPEAKER, ATTRIBUTES = range(4)
    SpanIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, labelling: Labelling, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._labelling = labelling
        self._spans: list[Span] = []
        # claim id -> (its voice, its speakers' text): the cell's words are made when shown, in
        # the language of the moment
        self._speakers: dict[int, tuple[Voice, str]] = {}
        self.unfinished = 0  # my claims with no speaker yet (or contradicting themselves)

    def refresh(self) -> None:
        """Catch up with the spans :class:`Labelling` holds now.

        After one edit only the rows it concerns change: a span added is one inserted row, a
        span deleted one removed row, a span changed one ``dataChanged`` (a reset would make
        the view drop and re-measure all 2,000 rows and lose its scroll position). Any other
        difference (another article, blind mode) resets the model.
        """
        lab = self._labelling
        # Mine alone are in row order already (text order; one annotator).
        spans = sorted([*lab.mine, *lab.others], key=_row_order) if lab.others else [*lab.mine]
        # My claims' voices: their speakers, the outlet's own voice, or unfinished work.
        speakers = {}
        unfinished = 0
        for claim, v in voices(lab.mine, lab.relations).items():
            said = ""
            if v.speakers:
                said = ", ".join(c.text for c in lab.links_of(claim, SPEAKER))
            speakers[claim] = (v.voice, said)
            unfinished += v.unfinished
        self.unfinished = unfinished
        if not self._patch(spans, speakers):
            self.beginResetModel()
            self._spans = spans
            self._speakers = speakers
            self.endResetModel()

    def _patch(self, spans: list[Span], speakers: dict[int, tuple[Voice, str]]) -> bool:
        """Turn the rows into ``spans`` by a few inserts, removals and changes; False (and
        nothing done) when the difference is too large for that."""
        old = self._spans
        if not old or not spans:
            return False
        one = abs(len(spans) - len(old)) == 1 and speakers == self._speakers
        if one and self._one_row(old, spans):
            return True
        old_ids = {s.id for s in old}
        new_by_id = {s.id: s for s in spans}
        gone = [n for n, s in enumerate(old) if s.id not in new_by_id]
        came = [s for s in spans if s.id not in old_ids]
        if len(gone) + len(came) > PATCH_LIMIT:
            return False
        changed: list[Span] = []
        for s in old:
            new = new_by_id.get(s.id)
            if new is not None and new is not s and new != s:
                if _row_order(new) != _row_order(s) or len(changed) >= PATCH_LIMIT:
                    return False  # it moves, or too many changed: a reset is simpler
                changed.append(new)
        for row in reversed(gone):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._spans[row]
            self.endRemoveRows()
        for span in came:
            row = bisect.bisect_left(self._spans, _row_order(span), key=_row_order)
            self.beginInsertRows(QModelIndex(), row, row)
            self._spans.insert(row, span)
            self.endInsertRows()
        if [s.id for s in self._spans] != [s.id for s in spans]:
            self.beginResetModel()  # cannot happen when both lists are in row order
            self._spans = spans
            self._speakers = speakers
            self.endResetModel()
            return True
        self._spans = spans  # the same rows; the objects of changed spans are the new ones
        before = self._speakers
        dirty = {s.id for s in changed}
        dirty |= speakers.keys() ^ before.keys()
        dirty |= {i for i in speakers.keys() & before.keys() if speakers[i] != before[i]}
        rows = {s.id: n for n, s in enumerate(spans)} if dirty else {}
        self._speakers = speakers
        last = len(self.COLUMNS) - 1
        for span_id in dirty:
            at = rows.get(span_id)
            if at is not None:
                self.dataChanged.emit(self.index(at, 0), self.index(at, last))
        return True

    def _one_row(self, old: list[Span], spans: list[Span]) -> bool:
        """The common edit, one span added or deleted and every other row the same object:
        one row inserted or removed, found by comparing the two lists (no sets or dicts of
        every row). False (nothing done) when the lists differ otherwise."""
        longer, shorter = (spans, old) if len(spans) > len(old) else (old, spans)
        pairs = enumerate(zip(shorter, longer[: len(shorter)], strict=True))
        row = next((n for n, (a, b) in pairs if a is not b), len(shorter))
        if longer[row + 1 :] != shorter[row:]:  # list equality: identity first, C-level
            return False
        if longer is spans:
            self.beginInsertRows(QModelIndex(), row, row)
            self._spans = spans
            self.endInsertRows()
        else:
            self.beginRemoveRows(QModelIndex(), row, row)
            self._spans = spans
            self.endRemoveRows()
        return True

    def span_at(self, row: int) -> Span:
        return self._spans[row]

    def row_of(self, span_id: int) -> int | None:
        return next((n for n, s in enumerate(self._spans) if s.id == span_id), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None  # the view asks ~10 roles a cell on each paint: answer the rest fast
        span = self._spans[index.row()]
        col = index.column()
        mine = span.annotator == self._labelling.annotator
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.LABEL:
                return span.label if mine else f"{span.label} ({span.annotator})"
            if col == self.TEXT:
                return span.text.replace("\n", " ")
            if col == self.SPEAKER:
                return self._speaker(span.id)
            return self._attributes(span)
        if role == Qt.ItemDataRole.DecorationRole and col == self.LABEL:
            schema = self._labelling.corpus.schema
            if schema.has_label(span.label):
                return chip(schema.label(span.label).color)
        if role == Qt.ItemDataRole.ForegroundRole and not mine:
            return QBrush(QPalette().color(QPalette.ColorRole.PlaceholderText))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._labelling.tooltip(span)
        if role == self.SpanIdRole:
            return span.id
        return None

    def cell(self, row: int, col: int) -> tuple[str, str | None, bool]:
        """What a cell shows, in one call (see :class:`SpanDelegate`): its text, the colour
        of its chip (label column), whether it is another annotator's (grey)."""
        span = self._spans[row]
        mine = span.annotator == self._labelling.annotator
        if col == self.LABEL:
            schema = self._labelling.corpus.schema
            color = schema.label(span.label).color if schema.has_label(span.label) else None
            return (span.label if mine else f"{span.label} ({span.annotator})"), color, not mine
        if col == self.TEXT:
            return span.text.replace("\n", " "), None, not mine
        if col == self.SPEAKER:
            return self._speaker(span.id), None, not mine
        return self._attributes(span), None, not mine

    def _speaker(self, span_id: int) -> str:
        found = self._speakers.get(span_id)
        return voice_text(*found) if found is not None else ""

    def _attributes(self, span: Span) -> str:
        return attribute_text(span, self._labelling.corpus.schema, current_language())

    def retranslate(self) -> None:
        """The language changed: the headers and the attribute names shown are redrawn."""
        if self._spans:
            last = len(self.COLUMNS) - 1
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._spans) - 1, last))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate("SpanPanel", self.COLUMNS[section])
        return None


class SpanDelegate(QStyledItemDelegate):
    """Fills each cell's style option from :meth:`SpanTableModel.cell` in one call into
    Python. The default asks the model's ``data()`` for 7 roles a cell, each a call from Qt
    into Python (~3 us): ~750 calls, ~2 ms, on every paint of the table (after each span
    added: the rows below the new one move). ``data()`` still answers the same, for tests,
    tooltips and anyone else."""

    def __init__(self, model: SpanTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._grey = QBrush(QPalette().color(QPalette.ColorRole.PlaceholderText))

    def initStyleOption(self, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        text, color, grey = self._model.cell(index.row(), index.column())
        if isinstance(index, QModelIndex):  # the view passes one (never a persistent index)
            option.index = index
        option.text = text
        option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
        if color is not None:
            option.icon = chip_icon(color)
            option.decorationSize = chip(color).size()
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration
        if grey:
            option.palette.setBrush(QPalette.ColorRole.Text, self._grey)


class SpanEditor(QWidget):
    """The form for one span: label, attributes, links, delete."""

    def __init__(self, labelling: Labelling, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labelling = labelling
        self.span: Span | None = None
        self._kind: tuple[str, str, bool] | None = None  # what the form's widgets were built for
        self._fields_on = False  # whether the form's fields are enabled
        self.heading = QLabel(self)
        self.heading.setObjectName("spanHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.editors: dict[str, QWidget] = {}
        self.label_combo = QComboBox(self)
        self.label_combo.setObjectName("spanLabel")
        self.label_combo.activated.connect(self._label_chosen)
        self.label_combo.hide()
        self.delete_button = QPushButton(translate("SpanPanel", "Delete span"), self)
        self.delete_button.setObjectName("deleteSpan")
        self.delete_button.clicked.connect(self._delete)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        self.show_span(None)

    def show_span(self, span: Span | None) -> None:
        self.span = span
        # The form's widgets are kept for the next span of the same kind (layer, owner): only
        # their values change (building a form afresh, then laying out and painting it, was
        # most of the span panel's work after each span added). With no span they stay, blank
        # and disabled (hiding them would lay the panel out again, and the table would jump).
        if span is not None and self._kind is not None and self._kind == self._kind_of(span):
            self._enable_fields(self._kind[2])
            self._update_values(span)  # the widgets (and the focus) stay
            return
        if span is None and self._kind is not None:
            self._enable_fields(False)
            self._blank()
            self.heading.setText(
                translate("SpanPanel", "Select a span to edit its label and attributes.")
            )
            return
        self._kind = self._kind_of(span) if span is not None else None
        while self.form.rowCount():
            row = self.form.takeRow(0)
            for item in (row.labelItem, row.fieldItem):
                widget = item.widget() if item is not None else None
                if widget is self.label_combo:
                    widget.hide()
                elif widget is not None:
                    widget.hide()
                    widget.setParent(None)
                    widget.deleteLater()
        self.editors = {}
        self.links: dict[str, QLabel] = {}
        if span is None:
            self.heading.setText(
                translate("SpanPanel", "Select a span to edit its label and attributes.")
            )
            self.delete_button.setEnabled(False)
            return
        self.label_combo.blockSignals(True)
        self.label_combo.clear()
        mine = span.annotator == self._labelling.annotator
        self.heading.setText(self._heading(span))
        schema = self._labelling.corpus.schema
        layer = schema.layer_of(span.label) if schema.has_label(span.label) else span.layer
        for label in schema.labels_of(layer):
            hotkey = f"  ({label.hotkey})" if label.hotkey else ""
            self.label_combo.addItem(chip(label.color), label.name + hotkey, label.name)
        self.label_combo.setCurrentIndex(max(0, self.label_combo.findData(span.label)))
        self.label_combo.blockSignals(False)
        self.form.addRow(translate("SpanPanel", "Label"), self.label_combo)
        self.label_combo.show()
        language = current_language()
        for attribute in schema.attributes_for(span.label):  # a cue has no claim attributes
            editor = self._editor(attribute, span.attributes.get(attribute.name, attribute.default))
            editor.setObjectName(f"attr_{attribute.name}")
            self.editors[attribute.name] = editor
            title = attribute.display_name(language)
            self.form.addRow(title[:1].upper() + title[1:], editor)
        if layer == "claim":
            for rel, title in (
                (SPEAKER, translate("SpanPanel", "Speaker")),
                (ABOUT, translate("SpanPanel", "About")),
                (CUE_OF, translate("SpanPanel", "Claim")),
            ):
                if not _starts_at(schema, rel, span.label):
                    continue
                value = QLabel(self._link_text(span, rel))
                value.setObjectName(f"link_{rel}")
                self.links[rel] = value
                self.form.addRow(title, value)
        self._fields_on = not mine
        self._enable_fields(mine)

    def rebuild(self) -> None:
        """Build the form afresh (the schema changed: labels, hotkeys, attributes)."""
        self._kind = None  # no widget kept: labels, hotkeys and attributes may differ now
        self.show_span(self.span)

    def _kind_of(self, span: Span) -> tuple[str, str, bool]:
        """What decides the form's widgets: the span's layer, its label (whose attributes
        and links the form shows), and whether it is mine."""
        schema = self._labelling.corpus.schema
        layer = schema.layer_of(span.label) if schema.has_label(span.label) else span.layer
        return layer, span.label, span.annotator == self._labelling.annotator

    def _enable_fields(self, on: bool) -> None:
        if on != self._fields_on:
            self._fields_on = on
            for n in range(self.form.rowCount()):
                field = self.form.itemAt(n, QFormLayout.ItemRole.FieldRole)
                widget = field.widget() if field is not None else None
                if widget is not None:
                    widget.setEnabled(on)
            self.delete_button.setEnabled(on)

    def _blank(self) -> None:
        """No span in hand: the kept editors show no value."""
        for editor in [self.label_combo, *self.editors.values()]:
            editor.blockSignals(True)
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(-1)
            elif isinstance(editor, QCheckBox):
                editor.setChecked(False)
            elif isinstance(editor, QLineEdit):
                editor.clear()
            editor.blockSignals(False)
        for label in self.links.values():
            label.setText("—")

    def _update_values(self, span: Span) -> None:
        schema = self._labelling.corpus.schema
        self.heading.setText(self._heading(span))
        at = max(0, self.label_combo.findData(span.label))
        if self.label_combo.currentIndex() != at:
            self.label_combo.blockSignals(True)
            self.label_combo.setCurrentIndex(at)
            self.label_combo.blockSignals(False)
        for attribute in schema.attributes_for(span.label):
            editor = self.editors.get(attribute.name)
            value = span.attributes.get(attribute.name, attribute.default)
            if editor is None:
                continue
            editor.blockSignals(True)
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(str(value))))
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QLineEdit) and editor.text() != str(value or ""):
                editor.setText("" if value is None else str(value))
            editor.blockSignals(False)
        for rel, label in self.links.items():
            label.setText(self._link_text(span, rel))

    def _heading(self, span: Span) -> str:
        mine = span.annotator == self._labelling.annotator
        by = translate("SpanPanel", " — by {name}").format(name=span.annotator)
        heading = f"“{span.text}”" + ("" if mine else by)
        values = values_text(span, self._labelling.language)
        if values:
            heading += "\n" + translate("SpanPanel", "Values: {values}").format(values=values)
        return heading

    def _link_text(self, span: Span, rel: str) -> str:
        if span.annotator != self._labelling.annotator:
            return "—"
        links = self._labelling.links_of(span.id, rel)
        text = html.escape(", ".join(s.text for s in links), quote=False) or "—"
        key = "A" if rel == ABOUT else "S"  # S links a cue to its claim too
        hint = translate("SpanPanel", "(press {key} to link)").format(key=key)
        if rel == SPEAKER and span.label == CLAIM_LABEL:
            voice = voice_of(span.attributes.get(ATTRIBUTION), bool(links))
            if voice is Voice.UNATTRIBUTED:
                text = html.escape(translate("SpanPanel", OWN_VOICE), quote=False)
            elif voice is not Voice.SPOKEN:  # unfinished: said so, in the warning colour
                said = voice_text(voice, ", ".join(s.text for s in links))
                text = f'<span style="color:{WARNING}">{html.escape(said, quote=False)}</span>'
        return f"{text}   <small>{hint}</small>"

    def _editor(self, attribute: Attribute, value: Any) -> QWidget:
        name = attribute.name
        if attribute.kind == "choice":
            combo = QComboBox(self)
            language = current_language()
            for choice in attribute.choices:  # shown by name, stored by identifier
                combo.addItem(attribute.value_name(choice, language), choice)
            combo.setCurrentIndex(max(0, combo.findData(str(value))))
            combo.activated.connect(lambda n, c=combo: self._set(name, c.itemData(n)))
            return combo
        if attribute.kind == "bool":
            box = QCheckBox(self)
            box.setChecked(bool(value))
            box.toggled.connect(lambda checked: self._set(name, bool(checked)))
            return box
        line = QLineEdit(self)
        line.setText("" if value is None else str(value))
        line.editingFinished.connect(lambda e=line: self._set(name, e.text()))
        return line

    def _set(self, name: str, value: Any) -> None:
        if self.span is not None and self.span.attributes.get(name) != value:
            self._labelling.set_attribute(self.span.id, name, value)

    def _label_chosen(self, index: int) -> None:
        label = self.label_combo.itemData(index)
        if self.span is not None and label and label != self.span.label:
            self._labelling.set_label(self.span.id, str(label))

    def _delete(self) -> None:
        if self.span is not None:
            self._labelling.delete(self.span.id)


class SpanPanel(QWidget):
    """The table of spans and the editor of the selected one."""

    def __init__(self, labelling: Labelling, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labelling = labelling
        self.model = SpanTableModel(labelling, self)
        self.view = QTableView(self)
        self.view.setObjectName("spanTable")
        self.view.setModel(self.model)
        self.view.setItemDelegate(SpanDelegate(self.model, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(SpanTableModel.TEXT, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        widths = {
            SpanTableModel.LABEL: metrics.horizontalAdvance("QUANTITY") + 36,
            SpanTableModel.SPEAKER: metrics.horizontalAdvance(translate("SpanPanel", "Speaker"))
            + 36,
            SpanTableModel.ATTRIBUTES: metrics.horizontalAdvance(
                translate("SpanPanel", "Attributes")
            )
            + 20,
        }
        for column, width in widths.items():
            self.view.setColumnWidth(column, width)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._following = False  # show_current is moving the selection to the span in hand
        self._scroll_later = QTimer(self)
        self._scroll_later.setSingleShot(True)
        self._scroll_later.setInterval(0)
        self._scroll_later.timeout.connect(self._scroll_to_current)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("spanCount")
        self.editor = SpanEditor(labelling, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.editor)
        labelling.views.append(self.refresh)
        labelling.current_changed.connect(self.show_current)

    def on_update(self, update: Update) -> None:
        """The change bus: a new schema, new label and attribute choices in the editor (the
        table follows the spans on show: :attr:`Labelling.views`)."""
        if update.schema:
            self.editor.rebuild()

    def refresh(self) -> None:
        self.model.refresh()
        mine = len(self._labelling.mine)
        others = len(self._labelling.others)
        text = self.tr("%n span(s) of yours", "", mine)
        if others:
            text += self.tr(", %n by others", "", others)
        if self.model.unfinished:
            text += self.tr(", %n claim(s) without a speaker", "", self.model.unfinished)
        self.count_label.setText(text)
        self.show_current(self._labelling.current)

    def show_current(self, span_id: int | None) -> None:
        if self._labelling.views_pending:
            return  # the rows are behind the spans: refresh() shows the span in hand
        row = self.model.row_of(span_id) if span_id is not None else None
        selection = self.view.selectionModel()
        # The view hears of the change (it repaints the rows that lost or gained the
        # highlight; with the selection model's signals blocked it kept painting the old
        # row); our own _row_changed ignores it.
        self._following = True
        try:
            if row is None:
                selection.clear()
            else:
                index = self.model.index(row, 0)
                flags = selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows
                selection.setCurrentIndex(index, flags)
                self.view.scrollTo(index)
                # Rows just inserted or reset are laid out later: scroll again then, or the
                # row in hand can stay below the fold.
                self._scroll_later.start()
        finally:
            self._following = False
        self.editor.show_span(self.model.span_at(row) if row is not None else None)

    def _scroll_to_current(self) -> None:
        current = self._labelling.current
        row = self.model.row_of(current) if current is not None else None
        if row is not None:
            self.view.scrollTo(self.model.index(row, 0))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._following:
            self._labelling.set_current(self.model.span_at(current.row()).id)
