"""Review mode: compare the chosen annotators' work on one article and settle it into gold.

The view has four parts:

* a bar with a check box per annotator (who is compared) and the article's gold status;
* the article text, once, drawn by the labelling pane's renderer (:mod:`.text_pane`): gold as
  its spans in their label's colour (hover for provenance), over marks of what review found:
  disagreements not settled yet in red, agreed spans not yet in gold in green; the
  disagreement in hand has the pane's handles at its ends;
* the list of disagreements (every layer, text order), each classified (label differs,
  boundaries differ, missing in some, speaker differs, cluster differs), with every annotator's
  version and gold (a claim's cluster: ∈ and how many other claims share it);
* the comparison of the disagreement in hand: the same stretch of text once per annotator, one
  line under the other, wrapped at one width so their spans line up, and gold's line below;
  who and which label in a narrow column on the left, each one's links under their line.

Nothing here asks for width of its own (long lines wrap, table cells elide): entering review
mode never widens the window. The main window keeps review mode's dock layout apart from the
labelling one (``ReviewMode``, gui/review_mode.py).

Keys (rows of :mod:`annotator.gui.actions`, menu Review): N / P next / previous disagreement,
1…9 accept the Xth chosen annotator's version (one who has nothing there: nothing is gold there;
a claim comes with their claim cluster, compared by its members), 0 put gold's claim there in no
cluster,
Ctrl+Shift+A accept every span all of them agree on, E edit the gold span by hand (a claim's
speaker and subject too), R or Delete reject (the gold span there, else every version there).
Links, as in the workspace (:mod:`annotator.gui.labelling`): S / A then a click on a gold span
makes it the gold claim's speaker / subject (Shift+click: one more), Shift+S / Shift+A choose it
(or none) from a menu, Esc cancels. A claim's links are listed with it, and a claim whose gold
link is not settled yet is listed too (until then the article is not complete). Every decision
is a ``Corpus`` gold operation: one transaction, on the reviewer's undo stack.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QDateTime, QEvent, QLocale, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QHideEvent, QKeyEvent, QMouseEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from annotator.core.agreement import Item
from annotator.core.errors import CorpusError
from annotator.core.gold import GoldConflict, GoldStatus, LinkState, Overlap, settled
from annotator.core.model import Article, Changes, GoldSpan, Span
from annotator.core.review import Kind, SpanGroup, review_article
from annotator.core.schema import LabelSchema
from annotator.core.speakers import ATTRIBUTION, Voice, is_claim, voice_of
from annotator.gui.i18n import QT_TRANSLATE_NOOP, translate
from annotator.gui.labelling import ABOUT, CLAIM_LABEL, LINK_TEXT, SPEAKER, relation_for
from annotator.gui.review_agreement import ReviewAgreement
from annotator.gui.text_pane import Mark, TextPane
from annotator.store.corpus import Corpus

KIND_TEXT = {  # translated where shown: kind_text()
    Kind.LABEL: QT_TRANSLATE_NOOP("ReviewView", "label differs"),
    Kind.BOUNDARIES: QT_TRANSLATE_NOOP("ReviewView", "boundaries differ"),
    Kind.LABEL_AND_BOUNDARIES: QT_TRANSLATE_NOOP("ReviewView", "label and boundaries differ"),
    Kind.MISSING: QT_TRANSLATE_NOOP("ReviewView", "missing in some"),
    Kind.SPEAKER: QT_TRANSLATE_NOOP("ReviewView", "speaker differs"),
    Kind.SUBJECT: QT_TRANSLATE_NOOP("ReviewView", "subject differs"),
    Kind.CLUSTER: QT_TRANSLATE_NOOP("ReviewView", "cluster differs"),
}
CLUSTER_MARK = "∈"  # before a claim's cluster, in the list and the comparison
OPEN_LINK_TEXT = {  # a gold claim's links of that type not settled yet
    SPEAKER: QT_TRANSLATE_NOOP("ReviewView", "speaker not settled"),
    ABOUT: QT_TRANSLATE_NOOP("ReviewView", "subject not settled"),
}
LINK_ARROW = {SPEAKER: "←", ABOUT: "about:"}


def unfinished_names(groups: Iterable[list[str]]) -> str:
    """Everyone of ``groups`` (each claim's annotators without a speaker) once, sorted."""
    return ", ".join(sorted({name for names in groups for name in names}))


def unfinished_by(g: SpanGroup) -> list[str]:
    """The annotators whose claim in ``g`` has no speaker yet, or is marked unattributed
    yet linked to one (core/speakers.py): unfinished work Review lists with the rest."""
    out = []
    for v in g.versions:
        for name, span in zip(v.annotators, v.spans, strict=True):
            if span.label != CLAIM_LABEL:
                continue
            said = bool(g.links.get(SPEAKER, {}).get(name))
            voice = voice_of(span.attributes.get(ATTRIBUTION), said)
            if voice in (Voice.NO_SPEAKER, Voice.CONTRADICTED):
                out.append(name)
    return out


def kind_text(kinds: Iterable[Kind]) -> str:
    return ", ".join(translate("ReviewView", KIND_TEXT[k]) for k in sorted(kinds))


TRACK_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2")
OPEN_BG = "#ffd5d5"  # a disagreement not settled yet
AGREED_BG = "#dcefdc"  # everyone agrees, not in gold yet
SETTLED_ROW = "#eef6ee"
CONTEXT = 55  # code points of context either side in the comparison


@dataclass(frozen=True)
class _Context:
    start: int
    end: int


KEEP_LINKS = "keep"  # a link combo's "as it is"


class GoldSpanDialog(QDialog):
    """Edit a gold span by hand: label, start, end (code points), with the text it covers; for
    a claim also its speaker and subject (``links``: relation -> the gold spans it may point
    to, as (id, text), and the ones it points to now)."""

    def __init__(
        self,
        schema: LabelSchema,
        text: str,
        start: int,
        end: int,
        label: str,
        parent: QWidget | None = None,
        links: dict[str, tuple[list[tuple[int, str]], list[int]]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("goldSpanDialog")
        self.setWindowTitle(self.tr("Edit gold span"))
        self._text = text
        self.label_combo = QComboBox(self)
        self.label_combo.setObjectName("goldLabel")
        for lab in schema.labels:
            self.label_combo.addItem(lab.name)
        self.label_combo.setCurrentText(label)
        self.start_spin = QSpinBox(self)
        self.start_spin.setObjectName("goldStart")
        self.end_spin = QSpinBox(self)
        self.end_spin.setObjectName("goldEnd")
        for spin, value in ((self.start_spin, start), (self.end_spin, end)):
            spin.setRange(0, len(text))
            spin.setValue(value)
            spin.valueChanged.connect(self._preview)
        self.preview = QLabel(self)
        self.preview.setObjectName("goldPreview")
        self.preview.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Label"), self.label_combo)
        form.addRow(self.tr("Start"), self.start_spin)
        form.addRow(self.tr("End"), self.end_spin)
        form.addRow(self.tr("Text"), self.preview)
        self.link_combos: dict[str, QComboBox] = {}
        for relation, (candidates, now) in (links or {}).items():
            combo = QComboBox(self)
            combo.setObjectName(f"goldLink_{relation}")
            names = {i: t for i, t in candidates}
            shown = ", ".join(names.get(i, "?") for i in now) or self.tr("none")
            combo.addItem(self.tr("as it is ({links})").format(links=shown), KEEP_LINKS)
            combo.addItem(self.tr("none"), [])
            for span_id, span_text in candidates:
                combo.addItem(span_text, [span_id])
            self.link_combos[relation] = combo
            what = translate("Labelling", LINK_TEXT.get(relation, relation))
            form.addRow(what[:1].upper() + what[1:], combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._preview()

    def _preview(self) -> None:
        s, e = self.start_spin.value(), self.end_spin.value()
        self.preview.setText(repr(self._text[s:e]) if s < e else self.tr("(empty)"))

    def values(self) -> tuple[str, int, int]:
        return self.label_combo.currentText(), self.start_spin.value(), self.end_spin.value()

    def links(self) -> dict[str, list[int]]:
        """The links chosen to change: relation -> gold span ids (empty: none)."""
        out = {}
        for relation, combo in self.link_combos.items():
            data = combo.currentData()
            if data != KEEP_LINKS:
                out[relation] = [int(i) for i in data]
        return out


class ReviewView(QWidget):
    """Review of one article at a time by ``reviewer`` over the chosen annotators."""

    changed = Signal(object)  # Changes of each gold decision
    message = Signal(str)
    annotators_changed = Signal(list)  # the chosen annotators

    def __init__(
        self,
        corpus: Corpus,
        reviewer: str,
        annotators: Sequence[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewView")
        self.corpus = corpus
        self.reviewer = reviewer
        self.article_id: int | None = None
        self.text = ""
        self.item: Item | None = None
        self.groups: list[SpanGroup] = []
        self.disagreements: list[SpanGroup] = []
        self.unfinished: dict[tuple[int, int], list[str]] = {}  # claim extent -> who
        self.gold: list[GoldSpan] = []
        self.rejected: set[tuple[int, int, str, str]] = set()
        self.status: GoldStatus | None = None
        self.links: list[LinkState] = []  # the gold spans' links, settled or not
        self.gold_clusters: dict[int, str] = {}  # gold cluster names by id
        self._sources: dict[int, str] = {}  # article id -> its source, for cluster members
        self.link_mode: str | None = None  # SAID_BY / ABOUT while waiting for a click
        self.current = -1  # index into disagreements
        self.shown: int | None = None  # the article whose text the pane holds

        everyone = [a.name for a in corpus.annotators()]
        by_status = corpus.stats()["status_by_annotator"]
        finished = [a for a in everyone if by_status.get(a, {}).get("done", 0)]
        chosen = [a for a in (annotators or finished or everyone) if a in everyone]
        self.bar = QWidget(self)
        self.bar.setObjectName("reviewBar")
        bar = QHBoxLayout(self.bar)
        bar.setContentsMargins(8, 6, 8, 6)
        self.bar_title = QLabel(self.bar)
        bar.addWidget(self.bar_title)
        self.checks: dict[str, QCheckBox] = {}
        for n, name in enumerate(everyone):
            box = QCheckBox(name, self.bar)
            box.setObjectName(f"reviewAnnotator_{name}")
            box.setChecked(name in chosen)
            color = TRACK_COLORS[n % len(TRACK_COLORS)]
            box.setStyleSheet(f"QCheckBox {{ color: {color}; font-weight: 600; }}")
            box.toggled.connect(self._annotators_toggled)
            self.checks[name] = box
            bar.addWidget(box)
        # The gold status takes the room left and wraps there (it grows with the links not
        # settled): no line of the bar may widen the window past a laptop screen.
        self.status_label = QLabel(self.bar)
        self.status_label.setObjectName("goldStatus")
        self.status_label.setWordWrap(True)
        _wrap_in_any_width(self.status_label)
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addSpacing(16)
        bar.addWidget(self.status_label, 1)
        # The colours' legend sits over the text they colour and wraps between its entries.
        self.legend = legend = QLabel(self)
        legend.setObjectName("reviewLegend")
        legend.setWordWrap(True)
        _wrap_in_any_width(legend)

        # The text and gold are drawn by the labelling pane's renderer (text_pane.py): gold as
        # spans, what review found as marks under them.
        self.pane = TextPane(corpus.schema, self, header=False)
        self.pane.setObjectName("reviewPane")
        self.browser = self.pane.text_edit
        self.browser.setObjectName("reviewText")
        self.browser.viewport().installEventFilter(self)
        self.browser.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self.table = QTableWidget(self)
        self.table.setObjectName("disagreementList")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fitted = (0, 0)  # the column count and table width the columns were fitted to
        self.table.itemSelectionChanged.connect(self._row_selected)
        self.table.installEventFilter(self)
        self.browser.installEventFilter(self)

        # The comparison: a narrow column (who, which label) and the text the full width left,
        # wrapped; it scrolls when a long claim and many annotators need more lines.
        self.comparison = QFrame(self)
        self.comparison.setObjectName("comparison")
        self.grid = QGridLayout(self.comparison)
        self.grid.setContentsMargins(10, 8, 10, 8)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(6)
        self.comparison_scroll = QScrollArea(self)
        self.comparison_scroll.setObjectName("comparisonScroll")
        self.comparison_scroll.setWidgetResizable(True)
        self.comparison_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.comparison_scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self.comparison_scroll.setWidget(self.comparison)

        self.hint = QLabel(self)
        self.hint.setObjectName("reviewHint")
        self.hint.setStyleSheet("color: palette(mid);")
        self.hint.setWordWrap(True)  # the keys take two lines rather than widen the window

        self.title_label = QLabel(self)
        self.title_label.setObjectName("reviewTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("font-size: 115%; font-weight: 600; padding: 4px 2px;")
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 0, 0, 0)
        left_layout.setSpacing(2)
        left_layout.addWidget(self.title_label)
        left_layout.addWidget(self.legend)
        left_layout.addWidget(self.pane, 1)
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(left)
        top.addWidget(self.table)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 1)
        top.setSizes([500, 500])
        self.comparison_scroll.setMinimumHeight(150)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setObjectName("reviewSplit")
        split.addWidget(top)
        split.addWidget(self.comparison_scroll)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([450, 330])  # the comparison: three lines of a long claim, unscrolled
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.hint)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.agreement = ReviewAgreement(corpus, self)
        self.agreement.failed.connect(self._agreement_failed)
        self.retranslate()

    def _agreement_failed(self, error: str) -> None:
        self.message.emit(self.tr("Could not compute the agreement: {error}").format(error=error))

    def hideEvent(self, event: QHideEvent) -> None:
        if not event.spontaneous():  # review mode left: a late figure must not bring it back
            self.agreement.drop()
        super().hideEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self.article_id is not None and self.isVisible():
                self.refresh()  # a hidden view refreshes when review mode shows it again
        super().changeEvent(event)

    def retranslate(self) -> None:
        """The bar, legend and key hint in the GUI's language (the rest: :meth:`refresh`)."""
        self.bar_title.setText(self.tr("<b>Review</b> — compare:"))
        chips = (
            (OPEN_BG, self.tr("disagreement")),
            (AGREED_BG, self.tr("agreed, not gold yet")),
            ("#cfe0f0", self.tr("gold (label colour)")),
        )
        # In hand: the handles the text pane draws at its ends (the labelling pane's too).
        bar = f"<b style='color:{self.palette().color(QPalette.ColorRole.Highlight).name()}'>┃</b>"
        in_hand = html.escape(self.tr("in hand")).replace(" ", "&nbsp;")
        self.legend.setText(  # an entry stays on one line; the legend wraps between them
            " ".join(
                [
                    f"<span>{bar}{in_hand}{bar}</span>",
                    *(
                        f"<span style='background:{bg}'>&nbsp;"
                        f"{html.escape(text).replace(' ', '&nbsp;')}&nbsp;</span>"
                        for bg, text in chips
                    ),
                ]
            )
        )
        self.hint.setText(
            self.tr(
                "N / P next / previous disagreement · 1…9 accept that annotator's version "
                "(and cluster) · 0 no cluster · Ctrl+Shift+A accept all agreeing · "
                "S / A speaker / subject (Shift: choose) · E edit gold · R / Delete reject · "
                "Ctrl+Z undo"
            )
        )

    # ------------------------------------------------------------ state
    @property
    def annotators(self) -> list[str]:
        """The chosen annotators, in the bar's order (1 is the first of them)."""
        return [name for name, box in self.checks.items() if box.isChecked()]

    def set_annotators(self, names: Sequence[str]) -> None:
        for name, box in self.checks.items():
            box.blockSignals(True)
            box.setChecked(name in names)
            box.blockSignals(False)
        self._annotators_toggled()

    def _annotators_toggled(self, _on: bool = False) -> None:
        self.annotators_changed.emit(self.annotators)
        self.refresh()

    def color_of(self, annotator: str) -> str:
        names = list(self.checks)
        n = names.index(annotator) if annotator in names else 0
        return TRACK_COLORS[n % len(TRACK_COLORS)]

    @property
    def current_group(self) -> SpanGroup | None:
        if 0 <= self.current < len(self.disagreements):
            return self.disagreements[self.current]
        return None

    def is_settled(self, group: SpanGroup) -> bool:
        """Gold decided the group's spans, and every link of its gold spans."""
        if not settled(group, self.gold, self.rejected):
            return False
        return all(link.settled for link in self.links_of(group))

    def gold_in(self, group: SpanGroup) -> list[GoldSpan]:
        return [
            s
            for s in self.gold
            if s.layer == group.layer and s.start < group.end and group.start < s.end
        ]

    def links_of(self, group: SpanGroup) -> list[LinkState]:
        """The links of the group's gold spans."""
        heads = {s.id for s in self.gold_in(group)}
        return [link for link in self.links if link.head in heads]

    # ------------------------------------------------------------ loading
    def load(self, article_id: int | None) -> None:
        self.article_id = article_id
        self.current = -1
        self.refresh()
        self._go_to_open(0, +1)

    def refresh(self) -> None:
        """Re-read the article's work and gold; keep the disagreement in hand if it is still
        there."""
        keep = self.current_group
        if self.article_id is None:
            self.pane.clear()
            self.shown = None
            self.table.setRowCount(0)
            return
        article = self.corpus.article(self.article_id)
        self.text = article.text
        chosen = self.annotators
        self.item = self.corpus.review_item(self.article_id, chosen)
        self.groups = []
        for layer in self.corpus.schema.layers:
            self.groups += review_article(self.item, layer.name, chosen).groups
        self.groups.sort(key=lambda g: (g.start, -g.end, g.layer))
        self.disagreements = [g for g in self.groups if g.kinds]
        self.gold = self.corpus.gold_spans(self.article_id)
        self.rejected = {
            (r.start, r.end, r.label, r.layer) for r in self.corpus.gold_rejections(self.article_id)
        }
        self.links = self.corpus.gold_links(self.article_id, chosen, item=self.item)
        self.disagreements = [
            g for g in self.groups if g.kinds or any(not k.settled for k in self.links_of(g))
        ]
        # Claims some annotator left without a speaker: unfinished work, said in the status
        # line (and in the Kind of a listed row); agreeing on it is no disagreement.
        self.unfinished = {
            (g.start, g.end): names for g in self.groups if (names := unfinished_by(g))
        }
        self.status = self.corpus.gold_status(self.article_id, chosen)
        clustered = any(g.cluster_id is not None for g in self.gold)
        self.gold_clusters = self.corpus.gold_cluster_names() if clustered else {}
        self.current = -1
        if keep is not None:
            for n, g in enumerate(self.disagreements):
                if (g.start, g.layer) == (keep.start, keep.layer):
                    self.current = n
                    break
        self.title_label.setText(article.title or article.external_id)
        self._fill_status(article.title)
        self._fill_table()
        self._render_text(article if article.id != self.shown else None)
        self._fill_comparison()

    def _fill_status(self, title: str) -> None:
        s = self.status
        if s is None:
            return
        names = ", ".join(self.item.annotations) if self.item else ""
        state = {
            "none": self.tr("no gold yet"),
            "partial": self.tr("partial"),
            "complete": self.tr("complete"),
        }
        self.status_label.setText(
            self.tr(
                "Gold: <b>{state}</b> · {resolved} of %n disagreement(s) resolved · "
                "{gold} gold spans",
                "",
                s.disagreements,
            ).format(state=state[s.state.value], resolved=s.resolved, gold=s.gold_spans)
            + (
                self.tr(" · %n link(s) not settled", "", s.links - s.links_settled)
                if s.links > s.links_settled
                else ""
            )
            + (
                self.tr(
                    " · %n claim(s) without a speaker ({names})", "", len(self.unfinished)
                ).replace("{names}", html.escape(unfinished_names(self.unfinished.values())))
                if self.unfinished
                else ""
            )
        )
        self.status_label.setToolTip(
            self.tr(
                "{title}\nDone by: {names}\n{settled} of {groups} span groups settled; "
                "{rejections} versions rejected"
            ).format(
                title=title,
                names=names or self.tr("none of the chosen annotators"),
                settled=s.settled,
                groups=s.groups,
                rejections=s.rejections,
            )
        )

    # ------------------------------------------------------------ the text
    def _gold_spans(self) -> list[Span]:
        """Gold as spans, for the text pane's renderer."""
        return [
            Span(g.id, g.article_id, "", g.start, g.end, g.label, g.layer, g.text)
            for g in self.gold
        ]

    def _render_text(self, article: Article | None = None) -> None:
        """Gold as the pane's spans, and marks under them (disagreements not settled, agreed
        spans not in gold yet); the disagreement in hand has handles at its ends.
        ``article``: show its text first (a new one; else the text, the scroll position and
        the selection stay)."""
        gold = self._gold_spans()
        current = self.current_group
        marks = [
            Mark(g.start, g.end, OPEN_BG if g.kinds else AGREED_BG, 1 if g.kinds else 0, n)
            for n, g in enumerate(self.groups)
            if not self.is_settled(g)
        ]
        self.pane.schema = self.corpus.schema
        self.pane.set_marks(marks)
        if article is not None:
            self.pane.set_article(article, gold)
            self.shown = article.id
        else:
            self.pane.set_spans(gold)
        # In hand: the labelling pane's handles at its ends (gold's tints stay visible).
        self.pane.set_handles((current.start, current.end) if current is not None else None)

    def _position(self, pos16: int) -> int:
        return self.pane.codepoint_at(pos16)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        resized = watched is self.table and event.type() == QEvent.Type.Resize
        if resized and self._fitted[1] != self.table.width():
            self._fit_columns()
        if watched is self.browser.viewport() and event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            cursor = self.browser.cursorForPosition(event.pos())
            tip = self.tooltip_at(self._position(cursor.position()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.browser)
            else:
                QToolTip.hideText()
            return True
        if watched is self.browser.viewport() and event.type() == QEvent.Type.MouseButtonRelease:
            assert isinstance(event, QMouseEvent)
            cursor = self.browser.cursorForPosition(event.position().toPoint())
            pos = self._position(cursor.position())
            if self.link_mode is not None:
                more = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.link_at(pos, more=more)
            else:
                self.select_at(pos)
        if (
            watched in (self.table, self.browser)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.link_mode is not None
        ):
            self.link_mode = None
            self.message.emit(self.tr("Linking cancelled"))
            return True
        return super().eventFilter(watched, event)

    def tooltip_at(self, pos: int) -> str:
        """Provenance of the gold spans at ``pos``, else the disagreement there."""
        lines = [provenance(s) for s in self.gold if s.start <= pos < s.end]
        if lines:
            return "\n\n".join(lines)
        for g in self.groups:
            if g.start <= pos < g.end:
                kinds = kind_text(g.kinds) or self.tr("agreed")
                versions = "\n".join(
                    f"  {v.label} {self.text[v.start : v.end]!r}: {', '.join(v.annotators)}"
                    for v in g.versions
                )
                return f"{g.layer}: {kinds}\n{versions}"
        return ""

    def select_at(self, pos: int) -> None:
        for n, g in enumerate(self.disagreements):
            if g.start <= pos < g.end:
                self.select(n)
                return

    # ------------------------------------------------------------ the list
    def _fill_table(self) -> None:
        chosen = list(self.item.annotations) if self.item else []
        headers = ["#", self.tr("Kind"), self.tr("Text"), *chosen, self.tr("Gold")]
        self.table.blockSignals(True)
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.disagreements))
        for row, g in enumerate(self.disagreements):
            cells = [
                str(row + 1),
                self._kind_cell(g),
                _short(self.text[g.start : g.end]),
                *(self._version_text(g, c) for c in chosen),
                self._gold_text(g),
            ]
            done = self.is_settled(g)
            for col, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                cell.setToolTip(self.text[g.start : g.end] if col == 2 else value)
                if done:
                    cell.setBackground(QColor(SETTLED_ROW))
                if 3 <= col < 3 + len(chosen):
                    cell.setForeground(QColor(self.color_of(chosen[col - 3])))
                self.table.setItem(row, col, cell)
        if self._fitted[0] != len(headers):
            self._fit_columns()
        if 0 <= self.current < len(self.disagreements):
            self.table.selectRow(self.current)
        self.table.blockSignals(False)

    def _fit_columns(self) -> None:
        """Column widths from the panel's width alone, never from the cells (so they stay put
        as decisions fill the Gold column): # and Kind narrow, a share for each annotator and
        gold, the text the rest. Cells elide; their tooltips say it all."""
        header = self.table.horizontalHeader()
        count = header.count()
        bar = self.table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width = self.table.contentsRect().width() - bar  # whether the rows scroll or not
        self._fitted = (count, self.table.width())
        if count < 4 or width <= 0:
            return
        fm = self.table.fontMetrics()
        header.setMinimumSectionSize(24)
        header.setStretchLastSection(False)
        number = fm.horizontalAdvance("999") + 12
        rest = width - number
        kind = min(fm.horizontalAdvance(self.tr("boundaries differ")) + 16, int(rest * 0.3))
        versions = count - 3  # each annotator's and gold's
        each = max(24, min(fm.horizontalAdvance("M") * 14, int((rest - kind) * 0.6 / versions)))
        for col in range(count):
            mode = (
                QHeaderView.ResizeMode.Stretch if col == 2 else QHeaderView.ResizeMode.Interactive
            )
            header.setSectionResizeMode(col, mode)
            if col != 2:
                header.resizeSection(col, number if col == 0 else kind if col == 1 else each)

    def _versions_of(self, g: SpanGroup, annotator: str) -> list[Span]:
        return [
            v.spans[v.annotators.index(annotator)] for v in g.versions if annotator in v.annotators
        ]

    def _kind_cell(self, g: SpanGroup) -> str:
        parts = [kind_text(g.kinds)] if g.kinds else []
        unfinished = unfinished_by(g)
        if unfinished:  # a claim with no speaker yet: unfinished work, not a disagreement
            parts.append(
                translate("ReviewView", "no speaker yet: {names}").format(
                    names=", ".join(unfinished)
                )
            )
        differs = {SPEAKER: Kind.SPEAKER, ABOUT: Kind.SUBJECT}
        for link in self.links_of(g):
            if not link.settled and differs.get(link.relation) not in g.kinds:
                text = OPEN_LINK_TEXT.get(link.relation)
                parts.append(translate("ReviewView", text) if text else link.relation)
        return ", ".join(dict.fromkeys(parts))

    def _extents_text(self, extents: Iterable[tuple[int, int]]) -> str:
        return ", ".join(_short(self.text[a:b], 24) for a, b in sorted(extents))

    def _version_text(self, g: SpanGroup, annotator: str) -> str:
        spans = self._versions_of(g, annotator)
        if not spans:
            return "—"
        out = []
        for s in spans:
            part = s.label
            if (s.start, s.end) != (g.start, g.end):
                part += f" {_short(s.text, 18)!r}"
            out.append(part)
        return "; ".join(
            [*out, *self._version_links(g, annotator), *self._cluster_short(g, annotator)]
        )

    def _cluster_short(self, g: SpanGroup, annotator: str) -> list[str]:
        """In the list: how many other claims the annotator's claim here is clustered with
        ("∈ 2"; "∈ —": none), where anyone clusters it."""
        if not any(g.clusters.values()):
            return []
        members = g.clusters.get(annotator, frozenset())
        return [f"{CLUSTER_MARK} {len(members) if members else '—'}"]

    def _cluster_line(self, g: SpanGroup, annotator: str) -> list[str]:
        """In the comparison: the claims the annotator's claim here shares a cluster with."""
        if not any(g.clusters.values()):
            return []
        members = g.clusters.get(annotator, frozenset())
        if not members:
            return [self.tr("in no cluster")]
        return [
            f"{CLUSTER_MARK} "
            + self.tr("with %n claim(s): ", "", len(members))
            + ", ".join(self._member_text(m) for m in sorted(members))
        ]

    def _member_text(self, member: tuple[int, int, int]) -> str:
        article, start, end = member
        if article not in self._sources:
            a = self.corpus.article(article)
            self._sources[article] = a.source or a.external_id
        text = self.text if article == self.article_id else self.corpus.article_text(article)
        return f"{self._sources[article]} «{_short(text[start:end], 40)}»"

    def _gold_cluster(self, s: GoldSpan, g: SpanGroup) -> list[str]:
        """A gold claim's cluster: its name, "none" (decided), "?" (annotators differ, open)."""
        if s.cluster_decided:
            name = self.gold_clusters.get(s.cluster_id) if s.cluster_id is not None else None
            return [f"{CLUSTER_MARK} {name}" if name else self.tr("in no cluster")]
        if Kind.CLUSTER in g.kinds:
            return [f"{CLUSTER_MARK} ?"]
        return []

    def _version_links(self, g: SpanGroup, annotator: str) -> list[str]:
        """The annotator's links of the group, where anyone links it so: "← Jokowi"."""
        out = []
        for relation, arrow in LINK_ARROW.items():
            by_annotator = g.links.get(relation, {})
            if not any(by_annotator.values()):
                continue  # nobody links this group so
            ends = by_annotator.get(annotator, frozenset())
            none = self.tr("no speaker") if relation == SPEAKER else self.tr("no subject")
            out.append(f"{arrow} {self._extents_text(ends) or none}")
        return out

    def _gold_text(self, g: SpanGroup) -> str:
        here = self.gold_in(g)
        if here:
            parts = []
            for s in here:
                same = (s.start, s.end) == (g.start, g.end)
                part = s.label if same else f"{s.label} {_short(s.text, 18)!r}"
                parts.append("; ".join([part, *self._gold_links(s), *self._gold_cluster(s, g)]))
            return "✓ " + "; ".join(parts)
        if self.is_settled(g):
            return "✗ " + self.tr("rejected")
        return ""

    def _gold_links(self, s: GoldSpan) -> list[str]:
        """The gold span's links: "← Jokowi", "← none" (decided: none), "← ?" (open)."""
        by_id = {x.id: x for x in self.gold}
        out = []
        for link in (k for k in self.links if k.head == s.id):
            arrow = LINK_ARROW.get(link.relation, link.relation)
            if link.gold:
                ends = [(by_id[c].start, by_id[c].end) for c in link.gold if c in by_id]
                out.append(f"{arrow} {self._extents_text(ends)}")
            elif link.decided:
                out.append(f"{arrow} " + self.tr("none"))
            else:
                out.append(f"{arrow} ?")
        return out

    def _row_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.select(rows[0].row())

    # ------------------------------------------------------------ the comparison
    def _fill_comparison(self) -> None:
        while self.grid.count():
            child = self.grid.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for r in range(self.grid.rowCount()):  # the rows kept no stretch of an earlier fill
            self.grid.setRowStretch(r, 0)
        g = self.current_group
        if g is None or self.item is None:
            total = len(self.disagreements)
            text = (
                self.tr("No disagreements between the chosen annotators here.")
                if not total
                else self.tr(
                    "%n disagreement(s) — press N for the first one not settled.", "", total
                )
            )
            if self.item is not None and len(self.item.annotations) < 2:
                text = self.tr("Fewer than two of the chosen annotators marked this article done.")
            empty = QLabel(text, self.comparison)
            empty.setWordWrap(True)
            _wrap_in_any_width(empty)
            self.grid.addWidget(empty, 0, 0, 1, 3)
            return
        kinds = self._kind_cell(g)
        state = self.tr("settled") if self.is_settled(g) else self.tr("open")
        which = self.tr("Disagreement {n} of {total}").format(
            n=self.current + 1, total=len(self.disagreements)
        )
        head = QLabel(
            f"<b>{which}</b> · {g.layer} · {kinds} · <i>{state}</i>",
            self.comparison,
        )
        head.setObjectName("comparisonTitle")
        head.setWordWrap(True)
        _wrap_in_any_width(head)
        self.grid.addWidget(head, 0, 0, 1, 3)
        ctx = self._context(g)
        row = 1
        for n, name in enumerate(self.item.annotations, start=1):
            color = self.color_of(name)
            spans = [
                s for s in self.item.annotations[name] if s.start < ctx.end and ctx.start < s.end
            ]
            labels = ", ".join(dict.fromkeys(s.label for s in self._versions_of(g, name)))
            row = self._track_row(
                row,
                n,
                (f"<span style='color:{color}; font-weight:600'>{n}</span>"),
                name,
                color,
                labels or "—",
                self._snippet(ctx, spans, g),
                [*self._version_links(g, name), *self._cluster_line(g, name)],
            )
        gold = [s for s in self._gold_spans() if s.start < ctx.end and ctx.start < s.end]
        here = self.gold_in(g)
        if here:
            verdict = "✓ " + ", ".join(dict.fromkeys(s.label for s in here))
        elif self.is_settled(g):
            verdict = "✗ " + self.tr("rejected")
        else:
            verdict = self.tr("not decided")
        self._track_row(
            row,
            len(self.item.annotations) + 1,
            "<b>G</b>",
            self.tr("gold"),
            "",
            verdict,
            self._snippet(ctx, gold, g),
            [part for s in here for part in (*self._gold_links(s), *self._gold_cluster(s, g))],
        )
        self.grid.setColumnStretch(2, 1)
        self.grid.setRowStretch(self.grid.rowCount(), 1)

    def _track_row(
        self,
        row: int,
        track: int,
        key: str,
        name: str,
        color: str,
        labels: str,
        snippet: str,
        links: Sequence[str],
    ) -> int:
        """One line of the comparison from grid row ``row``: the key, who and their label in
        the narrow column, their window of text the full width left (and their links under
        it). Returns the next free grid row."""
        narrow = self.fontMetrics().horizontalAdvance("M") * 9
        style = f"color:{color}; " if color else ""
        shown = self.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, narrow)
        cells = (
            (0, key, False),
            (
                1,
                f"<span style='{style}font-weight:600'>{html.escape(shown)}</span>"
                f"<br>{html.escape(labels)}",
                True,
            ),
            (2, snippet, True),
        )
        for col, value, wrap in cells:
            label = QLabel(value, self.comparison)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(wrap)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            label.setObjectName(f"track_{track}_{('key', 'label', 'text')[col]}")
            if col == 1:
                label.setFixedWidth(narrow)
                label.setToolTip(f"{name}: {labels}")
            if col == 2:  # the text takes the width it is given and wraps in it
                _wrap_in_any_width(label)
            self.grid.addWidget(label, row, col)
        if not links:
            return row + 1
        extra = QLabel(html.escape(" · ".join(links)), self.comparison)
        extra.setObjectName(f"track_{track}_links")
        extra.setWordWrap(True)
        _wrap_in_any_width(extra)
        extra.setStyleSheet(f"color: {color or 'palette(text)'};")
        self.grid.addWidget(extra, row + 1, 2)
        return row + 2

    def _context(self, g: SpanGroup) -> _Context:
        start = max(0, g.start - CONTEXT)
        end = min(len(self.text), g.end + CONTEXT)
        while start > 0 and not self.text[start - 1].isspace():
            start -= 1
        while end < len(self.text) and not self.text[end].isspace():
            end += 1
        line_start = self.text.rfind("\n", 0, g.start) + 1
        line_end = self.text.find("\n", g.end)
        start = max(start, line_start)
        end = min(end, line_end if line_end >= 0 else len(self.text))
        return _Context(start, end)

    def _snippet(self, ctx: _Context, spans: Sequence[Span], group: SpanGroup) -> str:
        """The context once, the given spans tinted as the text pane tints them (its looks:
        claims, entities inside them) and underlined where a span of the group's layer is
        inside the group: the same characters on every line, so the tracks line up."""
        looks = list(self.pane.looks(spans, (ctx.start, ctx.end)))
        own = [s for s in spans if s.layer == group.layer]
        cuts = {ctx.start, ctx.end, *(p for a, b, _ in looks for p in (a, b))}
        cuts |= {p for p in (group.start, group.end) if ctx.start < p < ctx.end}
        out = ["…" if ctx.start > 0 else ""]
        for a, b in itertools.pairwise(sorted(cuts)):
            chunk = html.escape(self.text[a:b])
            look = next((k for s, e, k in looks if s <= a < e), None)
            style = []
            if look is not None and look.background is not None:
                style.append(f"background-color:{look.background.name()}")
            inside = group.start < b and a < group.end
            if inside and any(s.start < b and a < s.end for s in own):
                style.append("text-decoration:underline")
            if style:
                chunk = f'<span style="{"; ".join(style)}">{chunk}</span>'
            out.append(chunk)
        out.append("…" if ctx.end < len(self.text) else "")
        return "".join(out)

    # ------------------------------------------------------------ navigation
    def select(self, index: int) -> None:
        if not 0 <= index < len(self.disagreements):
            return
        self.link_mode = None
        self.current = index
        self.table.blockSignals(True)
        self.table.selectRow(index)
        self.table.blockSignals(False)
        self._render_text()
        self._fill_comparison()
        self._scroll_to(self.disagreements[index])

    def _scroll_to(self, g: SpanGroup) -> None:
        if self.shown is None:
            return
        cursor = self.browser.textCursor()
        cursor.setPosition(self.pane.utf16_map.to_utf16(g.start))
        self.browser.setTextCursor(cursor)
        self.browser.ensureCursorVisible()

    def step(self, delta: int) -> None:
        """Next (+1) or previous (-1) disagreement, wrapping around."""
        if not self.disagreements:
            self.message.emit(self.tr("No disagreements in this article"))
            return
        n = len(self.disagreements)
        start = self.current if self.current >= 0 else (-1 if delta > 0 else 0)
        self.select((start + delta) % n)

    def _go_to_open(self, start: int, delta: int) -> None:
        """Select the first disagreement from ``start`` on that is not settled, if any."""
        n = len(self.disagreements)
        for k in range(n):
            i = (start + delta * k) % n
            if not self.is_settled(self.disagreements[i]):
                self.select(i)
                return

    # ------------------------------------------------------------ decisions
    def _run(self, operation: object, done: str) -> Changes | None:
        assert callable(operation)
        try:
            changes: Changes = operation()
        except GoldConflict as exc:
            self.message.emit(str(exc))
            self.refresh()
            return None
        except CorpusError as exc:
            self.message.emit(str(exc)[:1].upper() + str(exc)[1:])
            return None
        self.refresh()
        self.changed.emit(changes)
        self.message.emit(done if changes else self.tr("Gold already had that"))
        return changes

    def accept_version(self, n: int) -> None:
        """Accept the ``n``th chosen annotator's version of the disagreement in hand."""
        g = self.current_group
        if g is None or self.item is None or self.article_id is None:
            self.message.emit(self.tr("No disagreement in hand: press N"))
            return
        coders = list(self.item.annotations)
        if not 1 <= n <= len(coders):
            self.message.emit(
                self.tr("There is no annotator {n} here ({count} compared)").format(
                    n=n, count=len(coders)
                )
            )
            return
        who = coders[n - 1]
        spans = self._versions_of(g, who)
        at = self.current
        if spans:
            ids = [s.id for s in spans]
            changes = self._run(
                lambda: self.corpus.accept_spans(
                    ids, self.reviewer, on_overlap=Overlap.REPLACE, annotators=coders
                ),
                self.tr("Accepted {name}'s version into gold").format(name=who),
            )
        else:  # they marked nothing here: nothing here is gold
            keys = [(v.start, v.end, v.label) for v in g.versions]
            article = self.article_id
            changes = self._run(
                lambda: self.corpus.reject_versions(article, keys, self.reviewer),
                self.tr("Took {name}'s version: nothing here is gold").format(name=who),
            )
        if changes is not None:
            self._go_to_open(at + 1, +1)

    def accept_agreeing(self) -> None:
        if self.article_id is None:
            return
        article, coders = self.article_id, self.annotators
        before = len(self.gold)
        changes = self._run(
            lambda: self.corpus.accept_agreeing(article, coders, self.reviewer),
            self.tr("Accepted every span the chosen annotators agree on"),
        )
        if changes:
            self.message.emit(
                self.tr("Accepted %n agreeing span(s) into gold", "", len(self.gold) - before)
            )

    def no_cluster(self) -> None:
        """Gold's claim of the disagreement in hand is in no cluster (1…9 take an annotator's
        cluster with their version)."""
        g = self.current_group
        if g is None:
            self.message.emit(self.tr("No disagreement in hand: press N"))
            return
        claims = [s for s in self.gold_in(g) if is_claim(s)]
        if not claims:
            self.message.emit(self.tr("No gold claim here: accept a version first (1…9)"))
            return
        at = self.current
        ops = [(s.id, s.version) for s in claims]

        def decide() -> Changes:
            out = Changes()
            for gold_id, version in ops:
                out = self.corpus.decide_gold_cluster(gold_id, self.reviewer, None, version)
            return out

        if self._run(decide, self.tr("Gold's claim here is in no cluster")) is not None:
            self._go_to_open(at + 1, +1)

    def reject(self) -> None:
        """Reject the gold span(s) of the disagreement in hand, else every version of it."""
        g = self.current_group
        if g is None or self.article_id is None:
            self.message.emit(self.tr("No disagreement in hand: press N"))
            return
        here = [s for s in self.gold if s.layer == g.layer and s.start < g.end and g.start < s.end]
        keys = [(s.start, s.end, s.label) for s in here] or [
            (v.start, v.end, v.label) for v in g.versions
        ]
        article = self.article_id
        self._run(
            lambda: self.corpus.reject_versions(article, keys, self.reviewer),
            self.tr("Rejected the gold span") if here else self.tr("Rejected every version here"),
        )

    # ------------------------------------------------------------ links
    def _head_in_hand(self) -> GoldSpan | None:
        """The gold span of the disagreement in hand that links start from (its claim)."""
        g = self.current_group
        if g is None:
            self.message.emit(self.tr("No disagreement in hand: press N"))
            return None
        heads = {r.head_layer for r in self.corpus.schema.relations}
        here = [s for s in self.gold_in(g) if s.layer in heads]
        if not here:
            self.message.emit(
                self.tr("Gold has no claim here yet: accept a version (1…9) or edit one (E) first")
            )
            return None
        return here[0]

    def link_candidates(self, relation: str) -> list[GoldSpan]:
        """The gold spans a gold ``relation`` may point to, in text order."""
        try:
            allowed = set(self.corpus.schema.relation(relation).child_labels)
        except ValueError:
            return []
        return [s for s in self.gold if s.label in allowed]

    def start_link(self, relation: str) -> None:
        """S / A: the next gold span clicked becomes the gold claim's speaker / subject."""
        head = self._head_in_hand()
        if head is None:
            return
        relation = relation_for(self.corpus.schema, head.label, relation)  # a cue: CUE_OF
        self.link_mode = relation
        self.message.emit(
            self.tr(
                "Click the {what} of “{claim}” in gold (Shift+click: one more; Esc cancels)"
            ).format(
                what=translate("Labelling", LINK_TEXT.get(relation, relation)),
                claim=_short(head.text, 40),
            )
        )

    def link_at(self, pos: int, *, more: bool = False) -> None:
        """The gold span at ``pos`` becomes (``more``: also) the claim's link."""
        relation, self.link_mode = self.link_mode, None
        head = self._head_in_hand()
        if relation is None or head is None:
            return
        covering = [s for s in self.link_candidates(relation) if s.start <= pos < s.end]
        if not covering:
            self.link_mode = relation  # still waiting for a gold span
            self.message.emit(
                self.tr(
                    "No gold span there that {link} can point to: accept the entity into gold "
                    "first (Esc cancels)"
                ).format(link=relation)
            )
            return
        child = min(covering, key=lambda s: s.end - s.start)
        others = (
            [c for k in self.links if k.head == head.id and k.relation == relation for c in k.gold]
            if more
            else []
        )
        self.set_links(head, relation, [*others, child.id])

    def set_links(self, head: GoldSpan, relation: str, children: Sequence[int]) -> None:
        by_id = {s.id: s for s in self.gold}
        what = ", ".join(by_id[c].text for c in children if c in by_id) or self.tr("none")
        at = max(self.current, 0)
        changes = self._run(
            lambda: self.corpus.set_gold_links(
                head.id, relation, list(children), self.reviewer, head.version
            ),
            self.tr("Gold {relation}: {what}").format(relation=relation, what=what),
        )
        if changes is not None:
            self._go_to_open(at, +1)

    def choose_link(self, relation: str, at: QPoint | None = None) -> QMenu | None:
        """Shift+S / Shift+A: pick the gold claim's speaker / subject (or none) from a menu."""
        head = self._head_in_hand()
        if head is None:
            return None
        relation = relation_for(self.corpus.schema, head.label, relation)  # a cue: CUE_OF
        menu = QMenu(self)
        menu.setObjectName("goldLinkMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for span in self.link_candidates(relation):
            action = menu.addAction(f"{span.label} — {_short(span.text, 40)}")
            action.setData(span.id)
            action.triggered.connect(
                lambda _c=False, s=span.id: self.set_links(head, relation, [s])
            )
        menu.addSeparator()
        none = menu.addAction(
            self.tr("No speaker")
            if relation == SPEAKER
            else self.tr("No subject")
            if relation == ABOUT
            else self.tr("No claim")
        )
        none.setData(None)
        none.triggered.connect(lambda _c=False: self.set_links(head, relation, []))
        if at is None:
            item = self.table.item(max(self.current, 0), 0)
            rect = self.table.visualItemRect(item) if item is not None else self.table.rect()
            at = self.table.viewport().mapToGlobal(rect.bottomLeft())
        menu.popup(at)
        return menu

    def edit_gold(self) -> None:
        """Edit the gold span of the disagreement in hand (or make one) in a small dialog."""
        g = self.current_group
        if g is None or self.article_id is None:
            self.message.emit(self.tr("No disagreement in hand: press N"))
            return
        here = [s for s in self.gold if s.layer == g.layer and s.start < g.end and g.start < s.end]
        first = g.versions[0]
        start, end, label = (
            (here[0].start, here[0].end, here[0].label)
            if here
            else (first.start, first.end, first.label)
        )
        heads = {r.name: r for r in self.corpus.schema.relations}
        layer = self.corpus.schema.layer_of(label) if self.corpus.schema.has_label(label) else ""
        links = {
            name: (
                [(c.id, f"{c.label} — {_short(c.text, 40)}") for c in self.link_candidates(name)],
                [
                    c
                    for k in self.links
                    if here and k.head == here[0].id and k.relation == name
                    for c in k.gold
                ],
            )
            for name, rel in heads.items()
            if rel.head_layer == layer
        }
        dialog = GoldSpanDialog(self.corpus.schema, self.text, start, end, label, self, links)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            dialog.deleteLater()
            return
        new_label, new_start, new_end = dialog.values()
        new_links = dialog.links()
        dialog.deleteLater()
        article = self.article_id
        if here:
            gold = here[0]
            if (new_label, new_start, new_end) != (gold.label, gold.start, gold.end):
                changes = self._run(
                    lambda: self.corpus.update_gold_span(
                        gold.id,
                        self.reviewer,
                        gold.version,
                        label=new_label,
                        start=new_start,
                        end=new_end,
                    ),
                    self.tr("Gold span edited"),
                )
                if changes is None:
                    return
        else:
            changes = self._run(
                lambda: self.corpus.add_gold_span(
                    article,
                    self.reviewer,
                    new_start,
                    new_end,
                    new_label,
                    on_overlap=Overlap.REPLACE,
                ),
                self.tr("Gold span added"),
            )
            if changes is None:
                return
        head = next(
            (s for s in self.gold if (s.start, s.end, s.label) == (new_start, new_end, new_label)),
            None,
        )
        for relation, children in new_links.items():
            if head is not None:
                self.set_links(head, relation, children)
                head = next((s for s in self.gold if s.id == head.id), None)


def provenance(g: GoldSpan) -> str:
    """The gold span's tip in words: who had it, who accepted it and when (no ids)."""
    if g.annotators:
        had = translate("ReviewView", "Marked by {names}").format(names=names_text(g.annotators))
    else:
        had = translate("ReviewView", "Marked by hand (no annotator had it)")
    when = QDateTime.fromString(g.accepted_at, Qt.DateFormat.ISODateWithMs)
    at = (
        QLocale().toString(when.toLocalTime(), QLocale.FormatType.ShortFormat)
        if when.isValid()
        else g.accepted_at
    )
    accepted = translate("ReviewView", "Accepted by {name} on {when}").format(
        name=g.accepted_by, when=at
    )
    title = translate("ReviewView", "Gold {label} “{text}”").format(
        label=g.label, text=_short(g.text)
    )
    return f"{title}\n{had}\n{accepted}"


def names_text(names: Sequence[str]) -> str:
    """ "ani", "ani and budi", "ani, budi and cici"."""
    if len(names) <= 1:
        return "".join(names)
    return translate("ReviewView", "{names} and {last}").format(
        names=", ".join(names[:-1]), last=names[-1]
    )


def _short(text: str, n: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _wrap_in_any_width(label: QLabel) -> None:
    """A word-wrapped label that asks for no width of its own (it takes what it is given
    and grows in height), so it never widens the window."""
    label.setWordWrap(True)
    policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    label.setSizePolicy(policy)
