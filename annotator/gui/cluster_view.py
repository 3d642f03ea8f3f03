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
    QAbstractItemModel,
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


_ROOT = QModelIndex()  # the tree's root: the stories' parent


class _Story:
    """A story's row of the tree and its clusters (in the list's order)."""

    __slots__ = ("clusters", "keys", "name")

    def __init__(self, name: str | None) -> None:
        self.name = name
        self.clusters: list[ClusterSummary] = []
        self.keys: list[tuple[str, int]] = []  # each cluster's place: (name folded, id)


def _story_key(name: str | None) -> tuple[bool, str]:
    return (name is None, name or "")


def _cluster_key(s: ClusterSummary) -> tuple[str, int]:
    return (s.name.casefold(), s.id)


class ClusterTreeModel(QAbstractItemModel):
    """The annotator's clusters under their stories, made from the list once; later a cluster
    whose members changed is replaced, added or taken out in place (:meth:`update`), the
    other rows untouched. Rows are drawn from the summaries when the view asks for them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stories: list[_Story] = []
        self._story_keys: list[tuple[bool, str]] = []
        self._where: dict[int, _Story] = {}  # each cluster's story row

    # ------------------------------------------------------------ content
    def reset(self, summaries: list[ClusterSummary]) -> None:
        """Every cluster anew (``summaries`` in the list's order: by story, then name)."""
        self.beginResetModel()
        self._stories, self._where = [], {}
        by_name: dict[str | None, _Story] = {}
        for s in summaries:
            story = by_name.get(s.story)
            if story is None:
                story = by_name[s.story] = _Story(s.story)
                self._stories.append(story)
            story.clusters.append(s)
            self._where[s.id] = story
        self._stories.sort(key=lambda st: _story_key(st.name))
        for story in self._stories:
            story.clusters.sort(key=_cluster_key)
            story.keys = [_cluster_key(s) for s in story.clusters]
        self._story_keys = [_story_key(st.name) for st in self._stories]
        self.endResetModel()

    def update(self, ids: set[int], summaries: list[ClusterSummary]) -> list[QModelIndex]:
        """Clusters ``ids`` as read again (``summaries``: those still holding a claim): each
        row replaced, moved, added or taken out. The story rows added are returned (to be
        expanded)."""
        fresh = {s.id: s for s in summaries}
        added: list[QModelIndex] = []
        for c_id in sorted(ids):
            new = fresh.get(c_id)
            story = self._where.get(c_id)
            if story is not None:
                row = self._row_of(story, c_id)
                old = story.clusters[row]
                if new is not None and new.story == old.story and new.name == old.name:
                    story.clusters[row] = new
                    at = self.index(row, 0, self._story_index(story))
                    self.dataChanged.emit(at, at)
                    continue
                self._take(story, row)
            if new is not None:
                made = self._put(new)
                if made is not None:
                    added.append(made)
        return added

    def _row_of(self, story: _Story, c_id: int) -> int:
        for row, s in enumerate(story.clusters):  # a story holds few clusters
            if s.id == c_id:
                return row
        raise KeyError(c_id)

    def _take(self, story: _Story, row: int) -> None:
        parent = self._story_index(story)
        self.beginRemoveRows(parent, row, row)
        gone = story.clusters.pop(row)
        del story.keys[row]
        del self._where[gone.id]
        self.endRemoveRows()
        if not story.clusters:
            at = parent.row()
            self.beginRemoveRows(QModelIndex(), at, at)
            del self._stories[at]
            del self._story_keys[at]
            self.endRemoveRows()

    def _put(self, s: ClusterSummary) -> QModelIndex | None:
        """Add cluster ``s`` in its place; its story's row if it had to be made."""
        made = None
        key = _story_key(s.story)
        at = bisect.bisect_left(self._story_keys, key)
        if at < len(self._stories) and self._story_keys[at] == key:
            story = self._stories[at]
        else:
            story = _Story(s.story)
            self.beginInsertRows(QModelIndex(), at, at)
            self._stories.insert(at, story)
            self._story_keys.insert(at, key)
            self.endInsertRows()
            made = self.index(at, 0)
        c_key = _cluster_key(s)
        row = bisect.bisect_left(story.keys, c_key)
        self.beginInsertRows(self.index(at, 0), row, row)
        story.clusters.insert(row, s)
        story.keys.insert(row, c_key)
        self._where[s.id] = story
        self.endInsertRows()
        return made

    def summary(self, cluster_id: int | None) -> ClusterSummary | None:
        story = self._where.get(cluster_id) if cluster_id is not None else None
        return story.clusters[self._row_of(story, cluster_id)] if story and cluster_id else None

    def cluster_index(self, cluster_id: int) -> QModelIndex:
        story = self._where.get(cluster_id)
        if story is None:
            return QModelIndex()
        return self.index(self._row_of(story, cluster_id), 0, self._story_index(story))

    def first_cluster(self) -> QModelIndex:
        return self.index(0, 0, self.index(0, 0)) if self._stories else QModelIndex()

    def clusters(self) -> int:
        return len(self._where)

    def _story_index(self, story: _Story) -> QModelIndex:
        at = bisect.bisect_left(self._story_keys, _story_key(story.name))
        return self.createIndex(at, 0)

    # ------------------------------------------------------------ the model
    def index(
        self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = _ROOT
    ) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0) if row < len(self._stories) else QModelIndex()
        if parent.internalPointer() is not None:
            return QModelIndex()  # a cluster has no rows under it
        story = self._stories[parent.row()]
        return self.createIndex(row, 0, story) if row < len(story.clusters) else QModelIndex()

    def parent(  # type: ignore[override]
        self, index: QModelIndex | QPersistentModelIndex = _ROOT
    ) -> QModelIndex:
        story = index.internalPointer() if index.isValid() else None
        return self._story_index(story) if story is not None else QModelIndex()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        if not parent.isValid():
            return len(self._stories)
        if parent.internalPointer() is not None:
            return 0
        return len(self._stories[parent.row()].clusters)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 1

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if index.isValid() and index.internalPointer() is None:  # a story: not a choice
            return Qt.ItemFlag.ItemIsEnabled
        return super().flags(index)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid():
            return None
        story = index.internalPointer()
        if story is None:
            if role == Qt.ItemDataRole.DisplayRole:
                name = self._stories[index.row()].name
                return name or translate("ClusterView", NO_STORY)
            return None
        s = story.clusters[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{s.name}  ({s.members})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return ", ".join(s.outlets)
        if role == ID_ROLE:
            return s.id
        return None


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

        self.model = ClusterTreeModel(self)
        self.tree = _Tree(self)
        self.tree.setObjectName("clusterTree")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)  # thousands of one-line rows
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
            self.tree.expandAll()
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
            for made in self.model.update(ids, self.corpus.clusters(me, ids) if me else []):
                self.tree.expand(made)
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

    def _tree_moved(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if self._updating:
            return
        cluster = current.data(ID_ROLE) if current.isValid() else None
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
