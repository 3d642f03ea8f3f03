"""The cluster view (issue 16, ADR 0027): the annotator's claim clusters by story, and the
cluster in hand's members side by side — outlet, date, speaker, attribution, certainty and
the claim's text with its words that differ from the member in hand marked (numbers,
entities, hedges such as *dilaporkan*, other words, each in its own style) — under a line
for every pair of members whose values cannot both be true.

Keys: in the cluster tree Up/Down walk the clusters, Enter or Right go to the members; in
the members Up/Down walk them (the member in hand is what the others are compared with),
Enter opens the member's article with the claim in hand, Left or Escape go back. It lives in
a dock of the window and refreshes from the change bus (a claim joined or left a cluster,
someone else's change, an import); hidden, it refreshes when shown again.
"""

from __future__ import annotations

import bisect
import html

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QKeyEvent,
    QPainter,
    QPalette,
    QShowEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.cluster_view import ClusterMember, ClusterSummary, Comparison, compare
from annotator.core.clusters import WordDiff
from annotator.core.schema import LabelSchema
from annotator.gui.bus import Update
from annotator.gui.i18n import QT_TRANSLATE_NOOP, current_language, translate
from annotator.store.corpus import Corpus

HTML_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole

# How a differing word is marked, by its kind (core.clusters.WordDiff.kind).
STYLES = {
    "number": "background-color:#ffc98a; font-weight:bold; color:#000000;",
    "entity": "background-color:#cfe3ff; text-decoration:underline; color:#000000;",
    "hedge": "background-color:#e6d4ff; font-style:italic; color:#000000;",
    "word": "background-color:#fff1a8; color:#000000;",
}
KIND_NAMES = {
    "number": QT_TRANSLATE_NOOP("ClusterView", "number"),
    "entity": QT_TRANSLATE_NOOP("ClusterView", "entity"),
    "hedge": QT_TRANSLATE_NOOP("ClusterView", "hedge"),
    "word": QT_TRANSLATE_NOOP("ClusterView", "other word"),
}
COLUMNS = (
    QT_TRANSLATE_NOOP("ClusterView", "Outlet"),
    QT_TRANSLATE_NOOP("ClusterView", "Date"),
    QT_TRANSLATE_NOOP("ClusterView", "Speaker"),
    QT_TRANSLATE_NOOP("ClusterView", "Attribution"),
    QT_TRANSLATE_NOOP("ClusterView", "Certainty"),
    QT_TRANSLATE_NOOP("ClusterView", "Claim"),
)
CLAIM_COLUMN = len(COLUMNS) - 1
SPEAKER_COLUMN = 2
SPEAKER_WIDTH = 170  # a long speaker wraps instead of pushing the claim out
NO_STORY = QT_TRANSLATE_NOOP("ClusterView", "(no story)")


def marked_html(text: str, diffs: list[WordDiff]) -> str:
    """``text`` as HTML with each differing word in its kind's style."""
    out: list[str] = []
    at = 0
    for d in sorted(diffs, key=lambda d: d.start):
        if d.start < at:
            continue
        out.append(html.escape(text[at : d.start]))
        out.append(
            f'<span class="{d.kind}" style="{STYLES[d.kind]}">'
            f"{html.escape(text[d.start : d.end])}</span>"
        )
        at = d.end
    out.append(html.escape(text[at:]))
    return "".join(out)


class HtmlDelegate(QStyledItemDelegate):
    """Paints an item's :data:`HTML_ROLE` rich text, wrapped to the column."""

    def _document(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex, width: int
    ) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(str(index.data(HTML_ROLE) or ""))
        doc.setTextWidth(max(width, 40))
        return doc

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        rect: QRect = opt.rect
        doc = self._document(opt, index, rect.width() - 8)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.translate(rect.left() + 4, rect.top() + 2)
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        view = self.parent()
        width = view.columnWidth(index.column()) if isinstance(view, QTableWidget) else 400
        # a little narrower than painted (grid line, margins): a row is never short of a line
        doc = self._document(option, index, width - 14)
        return QSize(width, int(doc.size().height()) + 6)


_ROOT = QModelIndex()  # the list's root


class _Story:
    """A story's heading row."""

    __slots__ = ("name",)

    def __init__(self, name: str | None) -> None:
        self.name = name


def _story_key(name: str | None) -> tuple[bool, str]:
    return (name is None, name or "")


def _cluster_key(s: ClusterSummary) -> tuple[str, int]:
    return (s.name.casefold(), s.id)


BOLD = QFont()
BOLD.setBold(True)
INDENT = 14  # a cluster's row under its story's heading


class ClusterListModel(QAbstractListModel):
    """The annotator's clusters under their stories' headings, one flat list (the view lays
    out thousands of rows without asking each for children): made from the list once; later
    a cluster whose members changed is replaced, added or taken out in place
    (:meth:`update`), the other rows untouched. Rows are drawn when the view asks."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Story | ClusterSummary] = []
        self._at: dict[int, int] | None = {}  # each cluster's row (None: to be counted again)

    # ------------------------------------------------------------ content
    def reset(self, summaries: list[ClusterSummary]) -> None:
        """Every cluster anew (``summaries`` in the list's order: by story, then name, as
        ``Corpus.clusters`` gives them)."""
        self.beginResetModel()
        rows: list[_Story | ClusterSummary] = []
        story: _Story | None = None
        for s in summaries:
            if story is None or story.name != s.story:
                story = _Story(s.story)
                rows.append(story)
            rows.append(s)
        self._rows, self._at = rows, None
        self.endResetModel()

    def update(self, ids: set[int], summaries: list[ClusterSummary]) -> None:
        """Clusters ``ids`` as read again (``summaries``: those still holding a claim): each
        row replaced, moved, added or taken out."""
        fresh = {s.id: s for s in summaries}
        for c_id in sorted(ids):
            new = fresh.get(c_id)
            row = self._row_of(c_id)
            if row is not None:
                old = self._rows[row]
                assert isinstance(old, ClusterSummary)
                if new is not None and new.story == old.story and new.name == old.name:
                    self._rows[row] = new
                    at = self.index(row, 0)
                    self.dataChanged.emit(at, at)
                    continue
                self._take(row)
            if new is not None:
                self._put(new)

    def _row_of(self, cluster_id: int | None) -> int | None:
        if self._at is None:
            self._at = {s.id: r for r, s in enumerate(self._rows) if type(s) is ClusterSummary}
        return self._at.get(cluster_id) if cluster_id is not None else None

    def _take(self, row: int) -> None:
        rows = self._rows
        first = row
        alone = isinstance(rows[row - 1], _Story) and (
            row + 1 == len(rows) or isinstance(rows[row + 1], _Story)
        )
        if alone:  # its story's last cluster: the heading goes too
            first = row - 1
        self.beginRemoveRows(_ROOT, first, row)
        del rows[first : row + 1]
        self._at = None
        self.endRemoveRows()

    def _put(self, s: ClusterSummary) -> None:
        rows = self._rows
        key = _story_key(s.story)
        at = 0  # the story's heading, or where it goes
        while at < len(rows):
            head = rows[at]
            if isinstance(head, _Story) and _story_key(head.name) >= key:
                break
            at += 1
        if at < len(rows) and _story_key(rows[at].name) == key:
            end = at + 1
            while end < len(rows) and not isinstance(rows[end], _Story):
                end += 1
            keys = [_cluster_key(c) for c in rows[at + 1 : end]]  # type: ignore[arg-type]
            row = at + 1 + bisect.bisect_left(keys, _cluster_key(s))
            self.beginInsertRows(_ROOT, row, row)
            rows.insert(row, s)
        else:
            self.beginInsertRows(_ROOT, at, at + 1)
            rows[at:at] = [_Story(s.story), s]
        self._at = None
        self.endInsertRows()

    def summary(self, cluster_id: int | None) -> ClusterSummary | None:
        row = self._row_of(cluster_id)
        found = self._rows[row] if row is not None else None
        return found if isinstance(found, ClusterSummary) else None

    def cluster_index(self, cluster_id: int | None) -> QModelIndex:
        row = self._row_of(cluster_id)
        return self.index(row, 0) if row is not None else QModelIndex()

    def first_cluster(self) -> QModelIndex:
        return self.index(1, 0) if len(self._rows) > 1 else QModelIndex()

    def clusters(self) -> int:
        return len(self._rows) - sum(1 for r in self._rows if type(r) is _Story)

    # ------------------------------------------------------------ the model
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if isinstance(row, _Story):
            if role == Qt.ItemDataRole.DisplayRole:
                return row.name or translate("ClusterView", NO_STORY)
            if role == Qt.ItemDataRole.FontRole:
                return BOLD
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.name}  ({row.members})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return ", ".join(row.outlets)
        if role == ID_ROLE:
            return row.id
        return None


class _Indent(QStyledItemDelegate):
    """A cluster's row a little to the right of its story's heading."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if index.data(ID_ROLE) is not None:
            option.rect.adjust(INDENT, 0, 0, 0)


OWN_KEYS = (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _Tree(QTreeView):
    forward = Signal()

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in OWN_KEYS
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Right)
            and self.currentIndex().data(ID_ROLE) is not None
        ):
            self.forward.emit()
            return
        super().keyPressEvent(event)


class _Table(QTableWidget):
    opened = Signal(int)  # row
    back = Signal()

    def event(self, event: QEvent) -> bool:
        """Escape and Enter are the table's here, not the window's (Clear selection…)."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in OWN_KEYS
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.opened.emit(self.currentRow())
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Escape):
            self.back.emit()
            return
        super().keyPressEvent(event)


class ClusterView(QWidget):
    """See the module docstring."""

    open_member = Signal(int, int)  # article id, span id
    message = Signal(str)

    def __init__(
        self, corpus: Corpus, annotator: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clusterView")
        self.corpus = corpus
        self.annotator = annotator
        self.cluster_id: int | None = None
        self.members: list[ClusterMember] = []
        self.comparison = Comparison(0)
        self.dirty = True
        self._pending: set[int] = set()  # clusters to read again (their members changed)
        self._updating = False  # the tree's rows are being changed: its moves are not the user's

        self.model = ClusterListModel(self)
        self.tree = _Tree(self)
        self.tree.setObjectName("clusterTree")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)  # thousands of one-line rows
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setItemDelegate(_Indent(self.tree))
        self.tree.setMinimumWidth(180)
        self.tree.setModel(self.model)
        self.tree.selectionModel().currentChanged.connect(self._tree_moved)
        self.tree.forward.connect(self.focus_members)
        self.tree.activated.connect(lambda *_: self.focus_members())

        self.heading = QLabel(self)
        self.heading.setObjectName("clusterHeading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.conflict_label = QLabel(self)
        self.conflict_label.setObjectName("clusterConflicts")
        self.conflict_label.setTextFormat(Qt.TextFormat.RichText)
        self.conflict_label.setWordWrap(True)
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.table = _Table(0, len(COLUMNS), self)
        self.table.setObjectName("clusterMembers")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setItemDelegateForColumn(CLAIM_COLUMN, HtmlDelegate(self.table))
        self.table.setStyleSheet(
            "QTableWidget { selection-background-color: #d6e4f5; selection-color: #000000; }"
        )
        header = self.table.horizontalHeader()
        for col in range(CLAIM_COLUMN):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SPEAKER_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(SPEAKER_COLUMN, SPEAKER_WIDTH)
        header.setSectionResizeMode(CLAIM_COLUMN, QHeaderView.ResizeMode.Stretch)
        # rows follow the claim column's width once the header has laid out (a zero timer)
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._rows_timer.start(0))
        self.table.currentCellChanged.connect(self._member_moved)
        self.table.opened.connect(self._open_row)
        self.table.cellDoubleClicked.connect(lambda row, _col: self._open_row(row))
        self.table.back.connect(lambda: self.tree.setFocus(Qt.FocusReason.OtherFocusReason))

        right = QWidget(self)
        side = QVBoxLayout(right)
        side.setContentsMargins(4, 0, 0, 0)
        side.addWidget(self.heading)
        side.addWidget(self.conflict_label)
        side.addWidget(self.table, 1)
        side.addWidget(self.legend)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.tree)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        self.splitter = split
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.retranslate()

    # ------------------------------------------------------------ reading
    def set_annotator(self, annotator: str | None) -> None:
        self.annotator = annotator
        self.cluster_id = None
        self.members = []
        self.dirty = True
        if self.isVisible():
            self.refresh()

    def on_update(self, update: Update) -> None:
        """The bus: a claim joined or left a cluster (those clusters' rows are read again), a
        member changed (the cluster shown), someone else's change, an import, a schema or
        story change (everything read again); now if on show, else when shown."""
        c = update.changes
        shown = {m.span_id for m in self.members}
        member_changed = bool(shown & (c.spans_updated | c.spans_removed)) or (
            bool(c.relations_added or c.relations_removed)
            and bool(c.article_ids & {m.article_id for m in self.members})
        )
        if (
            update.everything
            or update.schema
            or c.stories_changed
            or (c.clusters_changed and not c.cluster_ids)
        ):
            self.dirty = True
        elif c.cluster_ids or (member_changed and self.cluster_id is not None):
            self._pending |= c.cluster_ids
            if member_changed and self.cluster_id is not None:
                self._pending.add(self.cluster_id)
        else:
            return
        if self.isVisible():
            self._catch_up()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._catch_up()

    def _catch_up(self) -> None:
        if self.dirty:
            self.refresh()
        elif self._pending:
            ids, self._pending = self._pending, set()
            self.update_clusters(ids)

    def refresh(self) -> None:
        """Read every cluster again and make the tree anew; keep the cluster and member in
        hand where they still are."""
        self.dirty = False
        self._pending.clear()
        me = self.annotator
        keep, keep_member = self.cluster_id, self.current_member()
        self._updating = True
        try:
            self.model.reset(self.corpus.clusters(me) if me else [])
            chosen = self.model.cluster_index(keep) if keep is not None else QModelIndex()
            if not chosen.isValid():
                chosen = self.model.first_cluster()
            if chosen.isValid():
                self.tree.setCurrentIndex(chosen)
        finally:
            self._updating = False
        self.show_cluster(chosen.data(ID_ROLE) if chosen.isValid() else None, keep_member)

    def update_clusters(self, ids: set[int]) -> None:
        """Read clusters ``ids`` again (a claim joined or left them, a member changed): their
        rows are replaced, added or taken out, the others untouched; the cluster shown is
        read again if it is one of them."""
        me = self.annotator
        keep, keep_member = self.cluster_id, self.current_member()
        self._updating = True
        try:
            self.model.update(ids, self.corpus.clusters(me, ids) if me else [])
            gone = keep is not None and self.model.summary(keep) is None
            if gone or keep is None:
                current = self.tree.currentIndex()
                if current.data(ID_ROLE) is None:
                    current = self.model.first_cluster()
                    self.tree.setCurrentIndex(current)
                keep = current.data(ID_ROLE) if current.isValid() else None
        finally:
            self._updating = False
        if keep != self.cluster_id or keep in ids:
            self.show_cluster(keep, keep_member)

    def _tree_moved(self, current: QModelIndex, previous: QModelIndex | None = None) -> None:
        if self._updating or not current.isValid():
            return
        cluster = current.data(ID_ROLE)
        if cluster is None:  # a story's heading is no choice: on to the cluster beyond it
            up = previous is not None and previous.isValid() and previous.row() > current.row()
            step = -1 if up and current.row() > 1 else 1
            beyond = self.model.index(current.row() + step, 0)
            if beyond.isValid() and beyond.data(ID_ROLE) is None:
                beyond = self.model.index(current.row() + 1, 0)
            if beyond.isValid():
                self.tree.setCurrentIndex(beyond)
            return
        if cluster is not None and cluster != self.cluster_id:
            self.show_cluster(int(cluster))

    def show_cluster(self, cluster_id: int | None, member: ClusterMember | None = None) -> None:
        """Show cluster ``cluster_id``'s members, ``member`` (else the first) in hand."""
        self.cluster_id = cluster_id
        me = self.annotator
        self.members = self.corpus.cluster_members(cluster_id, me) if cluster_id and me else []
        ids = [m.span_id for m in self.members]
        reference = ids.index(member.span_id) if member is not None and member.span_id in ids else 0
        self._fill(reference)

    def _fill(self, reference: int) -> None:
        self.comparison = compare(self.members, reference)
        summary = self.model.summary(self.cluster_id)
        if summary is None:
            self.heading.setText(
                translate(
                    "ClusterView",
                    "No clusters yet: press C on a claim to join one, Shift+C to start one",
                )
                if not self.model.clusters()
                else ""
            )
        else:
            self.heading.setText(
                "<b>{}</b> — {}".format(
                    html.escape(summary.name),
                    html.escape(
                        translate("ClusterView", "{n} claims, {outlets} outlets").format(
                            n=summary.members, outlets=len(summary.outlets)
                        )
                    ),
                )
            )
        lines = [
            '<span style="color:#b00020;">⚠ {}</span>'.format(
                html.escape(translate("ClusterView", "Conflict: {line}").format(line=line))
            )
            for line in self.comparison.conflicts
        ] + [
            '<span style="color:#8a4b00;">⚠ {}</span>'.format(
                html.escape(
                    translate("ClusterView", "Within one article: {line}").format(line=line)
                )
            )
            for line in self.comparison.within
        ]
        self.conflict_label.setVisible(bool(lines))
        self.conflict_label.setText("<br>".join(lines))
        schema = self.corpus.schema
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.members))
        for row, m in enumerate(self.members):
            cells = [
                m.outlet,
                m.date or "—",
                m.speaker or "—",
                _value(schema, "attribution", m.attribution),
                _value(schema, "certainty", m.certainty),
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 0:
                    item.setToolTip(m.title)
                self.table.setItem(row, col, item)
            claim = QTableWidgetItem(m.text)
            marked = marked_html(m.text, self.comparison.differences.get(m.span_id, []))
            if row == reference:
                marked = "▶ " + marked
            claim.setData(HTML_ROLE, marked)
            claim.setToolTip(m.title)
            self.table.setItem(row, CLAIM_COLUMN, claim)
        if self.members:
            self.table.setCurrentCell(
                reference, self.table.currentColumn() if self.table.currentColumn() >= 0 else 0
            )
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        self._rows_timer.start(0)

    def _member_moved(self, row: int, _col: int, previous: int, _pcol: int) -> None:
        if row != previous and 0 <= row < len(self.members):
            self._fill(row)

    def current_member(self) -> ClusterMember | None:
        row = self.table.currentRow()
        return self.members[row] if 0 <= row < len(self.members) else None

    def member_html(self, row: int) -> str:
        """The claim text of member ``row`` as shown, with its differences marked."""
        item = self.table.item(row, CLAIM_COLUMN)
        return str(item.data(HTML_ROLE)) if item is not None else ""

    def focus_members(self) -> None:
        if self.members:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.table.currentRow() < 0:
                self.table.setCurrentCell(0, 0)

    def focus_clusters(self) -> None:
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.members):
            m = self.members[row]
            self.open_member.emit(m.article_id, m.span_id)

    # ------------------------------------------------------------ language
    def retranslate(self) -> None:
        self.tree.viewport().update()  # "(no story)" is drawn in the new language
        self.table.setHorizontalHeaderLabels([translate("ClusterView", c) for c in COLUMNS])
        legend = " ".join(
            f'<span style="{STYLES[kind]}">&nbsp;'
            f"{html.escape(translate('ClusterView', name))}&nbsp;</span>"
            for kind, name in KIND_NAMES.items()
        )
        self.legend.setText(
            html.escape(translate("ClusterView", "Differences from the claim in hand (▶):"))
            + " "
            + legend
            + " — "
            + html.escape(
                translate(
                    "ClusterView",
                    "Up/Down walk · Enter opens the article · Left or Escape back to the clusters",
                )
            )
        )
        if self.cluster_id is not None or not self.dirty:
            self._fill(max(self.table.currentRow(), 0))


def _value(schema: LabelSchema, name: str, value: str | None) -> str:
    if value is None:
        return "—"
    attribute = schema.attribute("claim", name)
    return attribute.value_name(value, current_language()) if attribute else value
