"""The article list: a lazy table model over ``Corpus.article_rows`` and the panel around it.

The model holds only the rows fetched so far and asks the store for the next page when the
view scrolls near the end (``canFetchMore``/``fetchMore``), so 100k articles never load at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import ArticleRow, Status
from annotator.gui.bus import Update
from annotator.gui.i18n import QT_TRANSLATE_NOOP, Retranslated, translate
from annotator.store.corpus import Corpus

PAGE_SIZE = 200
STORY_COLUMN_FROM = 640  # px of list width: narrower, the titles need the Story column's room
FILTER_DELAY_MS = 150

STATUS_TEXT = {  # translated where shown: translate("ArticleList", STATUS_TEXT[status])
    Status.TODO: QT_TRANSLATE_NOOP("ArticleList", "To do"),
    Status.IN_PROGRESS: QT_TRANSLATE_NOOP("ArticleList", "In progress"),
    Status.DONE: QT_TRANSLATE_NOOP("ArticleList", "Done"),
    Status.SKIPPED: QT_TRANSLATE_NOOP("ArticleList", "Skipped"),
}

AnyIndex = QModelIndex | QPersistentModelIndex

# Review mode's agreement column: the measure it shows and sorts by (worst first).
SPAN_F1 = "span_f1_exact"
ALPHA_U = "krippendorff_alpha_u"
MEASURES = {  # translated where shown: translate("ArticleList", MEASURES[measure])
    SPAN_F1: QT_TRANSLATE_NOOP("ArticleList", "span F1 (exact)"),
    ALPHA_U: QT_TRANSLATE_NOOP("ArticleList", "unitizing αu"),
}


class ArticleTableModel(QAbstractTableModel):
    """Rows of ``Corpus.article_rows`` for one annotator and one filter, fetched in pages."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("ArticleList", "Title"),
        QT_TRANSLATE_NOOP("ArticleList", "Source"),
        QT_TRANSLATE_NOOP("ArticleList", "Date"),
        QT_TRANSLATE_NOOP("ArticleList", "Language"),
        QT_TRANSLATE_NOOP("ArticleList", "Status"),
        QT_TRANSLATE_NOOP("ArticleList", "Spans"),
        QT_TRANSLATE_NOOP("ArticleList", "Story"),  # shown after Date (the header moves it)
        QT_TRANSLATE_NOOP("ArticleList", "Agreement"),
    )
    TITLE, SOURCE, DATE, LANGUAGE, STATUS, SPANS, STORY, AGREEMENT = range(8)
    ArticleIdRole = Qt.ItemDataRole.UserRole + 1
    AGREEMENT_TIP = QT_TRANSLATE_NOOP(
        "ArticleList",
        "Span F1 (exact) between the reviewed annotators on this article, entities and claims "
        "together; — when fewer than two of them marked it done",
    )
    ALPHA_U_TIP = QT_TRANSLATE_NOOP(
        "ArticleList",
        "Krippendorff's unitizing alpha (αu) between the reviewed annotators on this article's "
        "characters, entities and claims together; — when fewer than two of them marked it "
        "done or none of them marked a span",
    )

    def __init__(
        self,
        corpus: Corpus,
        annotator: str | None,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._corpus = corpus
        self._annotator = annotator
        self._page_size = page_size
        self._rows: list[ArticleRow] = []
        self._exhausted = False
        self.search = ""
        self.language: str | None = None
        self.status: Status | None = None
        self.story: int | None = None  # a story's id: only its articles
        self.story_names: dict[int, str] = {}  # story id -> name, for the Story column
        # Review mode: article id -> the measure's figure (None: undefined); rows sorted
        # worst-first.
        self._agreement: dict[int, float | None] | None = None
        self.measure = SPAN_F1
        self.computing = False  # the figures are being computed: the column says "…"

    # ------------------------------------------------------------ review: agreement column
    def set_agreement(self, scores: dict[int, float | None] | None, measure: str = SPAN_F1) -> None:
        """Show an agreement column of ``measure`` (a key of ``MEASURES``) and sort worst-first,
        undefined last (None: back to import order).

        Sorting needs every matching row, so in review mode the filter's rows are fetched at
        once (a row is small: id, titles, counts) instead of page by page.
        """
        self._agreement = None if scores is None else dict(scores)
        self.measure = measure
        self.computing = False
        self.reload()

    def agreement_computing(self, measure: str) -> None:
        """The agreement column of ``measure`` while its figures are computed: "…" in each
        row, in the filter's order (worst-first once :meth:`set_agreement` has them)."""
        self._agreement = {}
        self.measure = measure
        self.computing = True
        self.reload()

    @property
    def reviewing(self) -> bool:
        return self._agreement is not None

    def agreement(self, article_id: int) -> float | None:
        return None if self._agreement is None else self._agreement.get(article_id)

    def _worst_first(self, rows: list[ArticleRow]) -> list[ArticleRow]:
        scores = self._agreement or {}

        def key(r: ArticleRow) -> tuple[int, float, int]:
            score = scores.get(r.id)
            return (1, 0.0, r.id) if score is None else (0, score, r.id)

        return sorted(rows, key=key)

    # ------------------------------------------------------------ filter
    def set_filter(
        self,
        search: str = "",
        language: str | None = None,
        status: Status | None = None,
        story: int | None = None,
    ) -> None:
        """Show only matching articles; the first page is fetched at once."""
        self.beginResetModel()
        self.search, self.language, self.status, self.story = search, language, status, story
        self._rows = []
        self._exhausted = False
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def set_annotator(self, annotator: str | None) -> None:
        """Show ``annotator``'s status and span counts."""
        self._annotator = annotator
        self.reload()

    def reload(self) -> None:
        self.set_filter(self.search, self.language, self.status, self.story)

    @property
    def complete(self) -> bool:
        """True when every matching row has been fetched."""
        return self._exhausted

    # ------------------------------------------------------------ lazy loading
    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        if self._agreement is not None:
            every = self._corpus.article_rows(
                self._annotator,
                search=self.search,
                language=self.language,
                status=self.status,
                story=self.story,
            )
            self._exhausted = True
            if every:
                self.beginInsertRows(QModelIndex(), 0, len(every) - 1)
                self._rows = self._worst_first(every)
                self.endInsertRows()
            return
        page = self._corpus.article_rows(
            self._annotator,
            search=self.search,
            language=self.language,
            status=self.status,
            story=self.story,
            offset=len(self._rows),
            limit=self._page_size,
        )
        if len(page) < self._page_size:
            self._exhausted = True
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    # ------------------------------------------------------------ model
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self.COLUMNS) if self._agreement is not None else len(self.COLUMNS) - 1

    def row(self, row: int) -> ArticleRow:
        return self._rows[row]

    def row_of(self, article_id: int) -> int | None:
        """The row showing ``article_id`` among those fetched, if any."""
        for n, r in enumerate(self._rows):
            if r.id == article_id:
                return n
        return None

    def refresh_article(self, article_id: int) -> None:
        """Re-read the row of ``article_id`` (its status or span count changed), if shown."""
        row = self.row_of(article_id)
        if row is None:
            return
        self._rows[row] = self._corpus.article_row(article_id, self._annotator)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.TITLE:
                return r.title or translate("ArticleList", "(untitled) {id}").format(
                    id=r.external_id
                )
            if col == self.SOURCE:
                return r.source
            if col == self.DATE:
                return (r.published or "")[:10]  # the day; the tooltip has the time
            if col == self.STORY:
                return self.story_names.get(r.story_id, "") if r.story_id is not None else ""
            if col == self.LANGUAGE:
                return r.language
            if col == self.STATUS:
                return translate("ArticleList", STATUS_TEXT[r.status])
            if col == self.AGREEMENT:
                score = self.agreement(r.id)
                return "…" if self.computing else "—" if score is None else f"{score:.2f}"
            return r.span_count
        if role == Qt.ItemDataRole.ToolTipRole and col == self.TITLE:
            story = self.story_names.get(r.story_id) if r.story_id is not None else None
            if story:
                return translate("ArticleList", "{title}\nStory: {story}").format(
                    title=r.title, story=story
                )
            return r.title
        if role == Qt.ItemDataRole.ToolTipRole and col == self.SOURCE:
            return r.source
        if role == Qt.ItemDataRole.ToolTipRole and col == self.STORY and r.story_id is not None:
            return self.story_names.get(r.story_id)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.DATE:
            return r.published or None
        if role == Qt.ItemDataRole.ToolTipRole and col == self.AGREEMENT:
            if self.computing:
                return translate("ArticleList", "Computing the agreement…")
            tip = self.ALPHA_U_TIP if self.measure == ALPHA_U else self.AGREEMENT_TIP
            return translate("ArticleList", tip)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.SPANS, self.AGREEMENT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.ArticleIdRole:
            return r.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate("ArticleList", self.COLUMNS[section])
        return None


class ArticleList(Retranslated, QWidget):
    """Filter box, language and status filters, and the table of articles.

    Keys: in the filter box ``Down`` goes to the results (the first row selected) and
    ``Return`` opens the selected result, else the first; on a row ``Return`` opens it and
    ``Up`` on the first row goes back to the box. "Opens" is ``article_opened``: the window
    shows the article and puts the focus in its text. The open article (:meth:`set_open`)
    stays selected whenever it is among the rows shown (after filtering, clearing, reloads).
    """

    article_selected = Signal(int)  # a row was selected: show its article
    article_opened = Signal(int)  # Return on a row or in the box: show it and go read it
    measure_changed = Signal(str)  # review mode: the agreement measure chosen (MEASURES key)

    def __init__(self, corpus: Corpus, annotator: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self._corpus = corpus
        self.model = ArticleTableModel(corpus, annotator, parent=self)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("articleFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(FILTER_DELAY_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.filter_edit.installEventFilter(self)
        self._open: int | None = None  # the article the window shows
        self._restoring = False  # selecting the open article's row again: no signal
        # Rows an edit changed are re-read in the pass after the text view has painted (the
        # window hands in Labelling.defer), several edits before it in one go.
        self.defer: Callable[[Callable[[], None]], None] = lambda run: run()
        self._rows_due: set[int] = set()

        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("languageFilter")
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.addItem("", None)  # the texts: retranslate
        for status in STATUS_TEXT:
            self.status_combo.addItem("", status.value)  # Qt keeps a str enum as plain str
        self.story_combo = QComboBox(self)
        self.story_combo.setObjectName("storyFilter")
        self.story_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.story_combo.setMinimumContentsLength(8)
        self.language_combo.currentIndexChanged.connect(self.apply_filter)
        self.status_combo.currentIndexChanged.connect(self.apply_filter)
        self.story_combo.currentIndexChanged.connect(self.apply_filter)
        # Review mode only: which agreement the list shows and sorts by.
        self.measure_box = QWidget(self)
        self.measure_label = QLabel(self.measure_box)
        self.measure_combo = QComboBox(self.measure_box)
        self.measure_combo.setObjectName("agreementMeasure")
        self.measure_label.setBuddy(self.measure_combo)
        for measure in MEASURES:
            self.measure_combo.addItem("", measure)  # the texts: retranslate
        measure_row = QHBoxLayout(self.measure_box)
        measure_row.setContentsMargins(0, 0, 0, 0)
        measure_row.addWidget(self.measure_label)
        measure_row.addWidget(self.measure_combo, 1)
        self.measure_box.hide()
        self.measure_combo.currentIndexChanged.connect(
            lambda _i: self.measure_changed.emit(self.measure)
        )

        self.view = QTableView(self)
        self.view.setObjectName("articleTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.verticalHeader().hide()
        metrics = QFontMetrics(self.view.font())
        self.view.verticalHeader().setDefaultSectionSize(metrics.height() + 10)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(ArticleTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        pad = 24
        widths = {
            ArticleTableModel.SOURCE: metrics.horizontalAdvance("Kompas.com") + pad // 2,
            ArticleTableModel.DATE: metrics.horizontalAdvance("2025-08-13") + pad // 3,
            ArticleTableModel.STORY: metrics.horizontalAdvance("Putin–Kim call") + pad // 2,
            ArticleTableModel.LANGUAGE: metrics.horizontalAdvance(self.tr("Language")) + pad // 2,
            ArticleTableModel.STATUS: metrics.horizontalAdvance(self.tr("In progress")) + pad // 2,
            ArticleTableModel.SPANS: metrics.horizontalAdvance(self.tr("Spans")) + pad // 2,
        }
        for col, width in widths.items():
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(col, width)
        header.moveSection(ArticleTableModel.STORY, ArticleTableModel.DATE + 1)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)  # resized: whether the Story column fits
        self.view.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.refresh_languages()
        self.refresh_stories()

        self.count_label = QLabel(self)
        self.count_label.setObjectName("articleCount")

        filters = QHBoxLayout()
        filters.setSpacing(6)
        filters.addWidget(self.language_combo, 1)
        filters.addWidget(self.status_combo, 1)
        filters.addWidget(self.story_combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.filter_edit)
        layout.addLayout(filters)
        layout.addWidget(self.measure_box)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

        self.model.modelReset.connect(self._update_count)
        self.model.modelReset.connect(self._size_agreement_column)
        self.model.rowsInserted.connect(self._update_count)
        self.model.modelReset.connect(self._keep_open_selected)
        self.model.rowsInserted.connect(self._keep_open_selected)
        self.retranslate()
        self.model.set_filter()

    def _size_agreement_column(self) -> None:
        """In review mode the list shows titles and agreement (my status and span count say
        nothing about the annotators under review); otherwise the usual columns."""
        reviewing = self.model.reviewing
        self.measure_box.setVisible(reviewing)
        for col in (ArticleTableModel.STATUS, ArticleTableModel.SPANS):
            self.view.setColumnHidden(col, reviewing)
        self._fit_story_column()
        self._hide_empty_source(reviewing)
        if reviewing:
            width = QFontMetrics(self.view.font()).horizontalAdvance(self.tr("Agreement")) + 16
            header = self.view.horizontalHeader()
            header.setSectionResizeMode(
                ArticleTableModel.AGREEMENT, QHeaderView.ResizeMode.Interactive
            )
            self.view.setColumnWidth(ArticleTableModel.AGREEMENT, width)

    @property
    def measure(self) -> str:
        """The agreement measure chosen for review mode (a key of ``MEASURES``)."""
        return str(self.measure_combo.currentData())

    def set_measure(self, measure: str) -> None:
        """Choose ``measure`` without announcing it (an unknown one: span F1)."""
        self.measure_combo.blockSignals(True)
        self.measure_combo.setCurrentIndex(max(self.measure_combo.findData(measure), 0))
        self.measure_combo.blockSignals(False)

    # ------------------------------------------------------------ filtering
    def refresh_languages(self) -> None:
        current = self.language_combo.currentData()
        self.language_combo.blockSignals(True)
        self.language_combo.clear()
        self.language_combo.addItem(self.tr("All languages"), None)
        for code, count in self._corpus.languages().items():
            self.language_combo.addItem(f"{code} ({count})", code)
        found = self.language_combo.findData(current)
        self.language_combo.setCurrentIndex(max(found, 0))
        self.language_combo.blockSignals(False)
        # One language in the whole corpus: the column says nothing, its room goes to titles.
        languages = self.language_combo.count() - 1
        self.view.setColumnHidden(ArticleTableModel.LANGUAGE, languages <= 1)
        self._hide_empty_source(self.model.reviewing)

    def refresh_stories(self) -> None:
        """The story filter's entries (each story with its article count) and the Story
        column's names; both hidden while the corpus has no story."""
        current = self.story_combo.currentData()
        stories = self._corpus.stories()
        self.model.story_names = {s.id: s.name for s in stories}
        self.story_combo.blockSignals(True)
        self.story_combo.clear()
        self.story_combo.addItem(self.tr("All stories"), None)
        for s in stories:
            self.story_combo.addItem(f"{s.name} ({s.articles})", s.id)
            self.story_combo.setItemData(
                self.story_combo.count() - 1, s.name, Qt.ItemDataRole.ToolTipRole
            )
        found = self.story_combo.findData(current)
        self.story_combo.setCurrentIndex(max(found, 0))
        self.story_combo.blockSignals(False)
        self.story_combo.setVisible(bool(stories))
        self._fit_story_column()
        if current is not None and found < 0:  # its story is gone: every article again
            self.apply_filter()

    def _fit_story_column(self) -> None:
        """The Story column only where it says something and fits: the corpus has stories, the
        list shows more than one story's articles, and it is wide enough to leave the titles
        room (else each title's tooltip names its story)."""
        wide = self.view.viewport().width() >= STORY_COLUMN_FROM
        shown = wide and bool(self.model.story_names) and self.model.story is None
        self.view.setColumnHidden(ArticleTableModel.STORY, self.model.reviewing or not shown)

    def _hide_empty_source(self, reviewing: bool) -> None:
        """No source or date column in review mode, nor for a corpus whose articles name no
        source or date (plain text files): their room goes to the titles."""
        hidden = reviewing or not self._corpus.has_sources()
        self.view.setColumnHidden(ArticleTableModel.SOURCE, hidden)
        self.view.setColumnHidden(ArticleTableModel.DATE, reviewing or not self._corpus.has_dates())

    def apply_filter(self) -> None:
        """Run the search now (the filter box otherwise waits for a pause in typing)."""
        self._debounce.stop()
        status = self.status_combo.currentData()
        self.model.set_filter(
            self.filter_edit.text().strip(),
            self.language_combo.currentData(),
            Status(status) if status else None,
            self.story_combo.currentData(),
        )
        self._fit_story_column()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        more = "" if self.model.complete else "+"
        if more:
            self.count_label.setText(self.tr("%Ln+ articles", "", n))
        else:
            self.count_label.setText(self.tr("%Ln article(s)", "", n))

    def retranslate(self) -> None:
        """Texts in the GUI's language: filters, counts, and the table's headers and cells."""
        self.filter_edit.setPlaceholderText(self.tr("Search titles and text…"))
        self.language_combo.setToolTip(self.tr("Show articles in one language"))
        self.language_combo.setItemText(0, self.tr("All languages"))
        self.status_combo.setToolTip(self.tr("Show articles with one status"))
        self.status_combo.setItemText(0, self.tr("All statuses"))
        self.story_combo.setToolTip(self.tr("Show the articles of one story (one event)"))
        self.story_combo.setItemText(0, self.tr("All stories"))
        for i, text in enumerate(STATUS_TEXT.values(), start=1):
            self.status_combo.setItemText(i, translate("ArticleList", text))
        self.measure_label.setText(self.tr("Agreement:"))
        self.measure_combo.setToolTip(
            self.tr("The agreement the list shows and sorts by, worst first (— last)")
        )
        for i, text in enumerate(MEASURES.values()):
            self.measure_combo.setItemText(i, translate("ArticleList", text))
        self._update_count()
        model = self.model
        model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
        if model.rowCount():
            model.dataChanged.emit(
                model.index(0, 0), model.index(model.rowCount() - 1, model.columnCount() - 1)
            )

    # ------------------------------------------------------------ selection
    def select_row(self, row: int) -> bool:
        """Select ``row`` (emits ``article_selected``); False when there is no such row."""
        if not 0 <= row < self.model.rowCount():
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def select_article(self, article_id: int) -> bool:
        """Select the row of ``article_id``, fetching pages until it is found."""
        while True:
            row = self.model.row_of(article_id)
            if row is not None:
                return self.select_row(row)
            if not self.model.canFetchMore():
                return False
            self.model.fetchMore()

    def current_article_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()).id if rows else None

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._restoring:
            return
        rows = {index.row() for index in selected.indexes()}
        if rows:
            self.article_selected.emit(self.model.row(min(rows)).id)

    # ------------------------------------------------------------ the change bus
    def on_update(self, update: Update) -> None:
        """Re-read the rows a change names; someone else's change: the rows on screen, in
        place (selection and scroll stay); an import: the whole list."""
        if update.new_articles or update.unknown or update.changes.stories_changed:
            self.refresh_stories()
        if update.new_articles or (update.changes.stories_changed and self.model.story):
            self.model.reload()
        elif update.unknown:
            self.refresh_rows_on_screen()
        elif update.changes.article_ids:
            due = not self._rows_due
            self._rows_due |= update.changes.article_ids
            if due:
                self.defer(self._refresh_due)

    def _refresh_due(self) -> None:
        rows, self._rows_due = self._rows_due, set()
        for article_id in sorted(rows):
            self.model.refresh_article(article_id)

    def refresh_rows_on_screen(self) -> None:
        model, view = self.model, self.view
        if not model.rowCount():
            return
        first = max(view.rowAt(0), 0)
        last = view.rowAt(view.viewport().height() - 1)
        last = model.rowCount() - 1 if last < 0 else last
        for row in range(first, last + 1):
            model.refresh_article(model.row(row).id)

    # ------------------------------------------------------------ the open article
    def set_open(self, article_id: int | None) -> None:
        """The window shows ``article_id``: select its row when it is shown (no signal), else
        select none (a row selected would stand for another article)."""
        self._open = article_id
        self._keep_open_selected()

    def _keep_open_selected(self) -> None:
        row = self.model.row_of(self._open) if self._open is not None else None
        selected = self.view.selectionModel().selectedRows()
        if row is not None and [index.row() for index in selected] == [row]:
            return
        if row is None and not selected:
            return
        self._restoring = True
        try:
            if row is None:
                self.view.selectionModel().clearSelection()
            else:
                self.view.selectRow(row)
                self.view.scrollTo(self.model.index(row, 0))
        finally:
            self._restoring = False

    def open_row(self, row: int) -> bool:
        """Open the article of ``row``: select it, and ask the window to go read it."""
        if not self.select_row(row):
            return False
        self.article_opened.emit(self.model.row(row).id)
        return True

    # ------------------------------------------------------------ keys
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self._fit_story_column()
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain
        if watched is self.filter_edit:
            if enter:
                self.apply_filter()
                selected = self.view.selectionModel().selectedRows()
                self.open_row(selected[0].row() if selected else 0)
                return True
            if key == Qt.Key.Key_Down and plain and self.model.rowCount():
                self.select_row(0)
                self.view.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        elif watched is self.view:
            current = self.view.currentIndex()
            if enter and current.isValid():
                self.open_row(current.row())
                return True
            if key == Qt.Key.Key_Up and plain and (not current.isValid() or current.row() == 0):
                self.filter_edit.setFocus(Qt.FocusReason.BacktabFocusReason)
                return True
        return False
