"""The reading pane: an article's title, a metadata line, and its text with the spans drawn in.

Offsets: the store counts code points, Qt counts UTF-16 units. This module is the only place
that converts, always through :class:`Utf16Map` built from the article text of the store (never
from the widget, whose ``toPlainText()`` rewrites NBSP).

Widget: a read-only ``QTextEdit``. ``QPlainTextEdit`` lays text out faster but ignores line
height and paragraph spacing (measured: its blocks keep their height whatever the block format
says), and a researcher reads in this pane all day. ``QTextBrowser`` would add link navigation
nobody wants here. The document holds the plain text only (built detached, laid out lazily:
a 100 KB article opens in ~15–25 ms, benchmarks/bench_gui.py).

Highlights are painted, not stored in the document (ADR 0008): at each paint of the view,
:meth:`TextPane.paint_highlights` finds the spans in the painted rect (a bisection into the
spans in text order), cuts them into pieces and paints each piece's tint under the text Qt
draws and its underlines over it, on the lines Qt laid out. Opening an article with 2,000
spans therefore costs what its plain text costs, every span is drawn whenever it is on screen
(no later pass), and an edit only repaints the stretch that changed. (Character formats,
written into the document, cost ~8 ms for 2,000 spans when opening and ~10–20 ms when set on a
shown document; ExtraSelections ~40 ms.) The text is cut at every span boundary; each piece
gets one look (:class:`Look`): the tints of the claims over it, then the tints of the entities
over those, and the underline of the innermost entity. So an entity inside a claim shows both,
and nested claims grow darker. Other annotators' spans (shown only when blind mode is off) get
no tint, only a dotted line in their label's colour, so my own work stays what the eye sees
first; under one of my underlines the dotted line runs ``OTHER_LANE`` px below it, so both
stay visible. :meth:`TextPane.char_format_at` reports a character's look as a format.

Marks (:class:`Mark`, :meth:`TextPane.set_marks`) colour stretches of text under everything
else: the tints of the spans over a mark are laid over the mark's colour instead of the
page's. Review mode paints gold as the spans and what review found (the disagreement in hand,
those not settled, agreed spans not in gold yet) as marks: one renderer for both views.

After an edit only the spans are replaced (:meth:`TextPane.set_spans`): the text, the scroll
position and the selection stay.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from PySide6.QtCore import QEvent, QLocale, QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLayout,
    QTextLine,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QTextEdit, QVBoxLayout, QWidget

from annotator.core.model import Article, Span
from annotator.core.offsets import Utf16Map
from annotator.core.schema import LabelSchema
from annotator.gui.i18n import translate

READING_FAMILIES = ["Noto Sans", "Source Sans 3", "Segoe UI", "Cantarell", "DejaVu Sans"]
DEFAULT_POINT_SIZE = 12.0
LINE_HEIGHT_PERCENT = 150
PARAGRAPH_SPACING = 0.6  # of a line, below each paragraph
MARGIN = 28  # px around the text column
CLAIM_ALPHA = 0.30
ENTITY_ALPHA = 0.18
FALLBACK_COLOR = "#808080"  # a span whose label the schema no longer has
OTHER_LANE = 3.0  # px: another annotator's dotted line sits this far below my underline
OTHER_UNDERLINE = QTextFormat.Property.UserProperty + 1  # char_format_at: the dotted line's colour
HANDLE_WIDTH = 2.0  # px: the bar at each end of the span in hand
HANDLE_KNOB = 4.0  # px: radius of the knob on the bar (over the start, under the end)
HANDLE_GRAB = 6  # px either side of a bar where the pointer takes the handle
SUGGESTION_WIDTH = 1.2  # px: a suggestion's dashed outline
SUGGESTION_HAND_WIDTH = 2.4  # px: the suggestion in hand's


@dataclass(frozen=True)
class Piece:
    """A stretch of text ``[start, end)`` (code points) and the spans covering all of it."""

    start: int
    end: int
    claims: tuple[Span, ...]
    entities: tuple[Span, ...]
    others: tuple[Span, ...] = ()


def pieces(spans: Iterable[Span], others: Iterable[Span] = ()) -> list[Piece]:
    """Cut the text at every span boundary; keep the pieces that some span covers.

    Covering spans come outermost first (earlier start, then longer), so the last entity of a
    piece is the innermost one. ``others`` (other annotators' spans) land in ``Piece.others``.
    """
    out = []
    for left, right, active in _cuts(spans, others):
        out.append(
            Piece(
                left,
                right,
                tuple(s for _, kind, s in active if kind == CLAIM and isinstance(s, Span)),
                tuple(s for _, kind, s in active if kind == ENTITY and isinstance(s, Span)),
                tuple(s for _, kind, s in active if kind == OTHER and isinstance(s, Span)),
            )
        )
    return out


@dataclass(frozen=True)
class Mark:
    """A stretch ``[start, end)`` (code points) coloured under the spans; where marks
    overlap, the highest ``rank`` shows (``id``: their order among equals)."""

    start: int
    end: int
    color: str
    rank: int = 0
    id: int = 0

    @property
    def label(self) -> str:
        """Its colour (what a span's label is to the sweep)."""
        return self.color


CLAIM, ENTITY, OTHER, MARK = range(4)
Active = list[tuple[int, int, Span | Mark]]  # (end, kind, span or mark), outermost first
LookKey = tuple[tuple[str, ...], tuple[str, ...], str | None, str | None]


def _cuts(
    spans: Iterable[Span], others: Iterable[Span] = (), marks: Iterable[Mark] = ()
) -> Iterator[tuple[int, int, Active]]:
    """The sweep behind :func:`pieces`: (start, end, covering spans) per covered piece, with
    no per-piece objects (2,000 spans are drawn on every article opened). The list of covering
    spans yielded is the sweep's own: read it before the next piece. ``marks`` cut the text
    too (kind ``MARK``)."""
    tagged: list[tuple[int, int, int, int, Span | Mark]] = [
        (s.start, -s.end, s.id, CLAIM if s.layer == "claim" else ENTITY, s) for s in spans
    ]
    tagged += [(s.start, -s.end, s.id, OTHER, s) for s in others]
    tagged += [(m.start, -m.end, m.id, MARK, m) for m in marks]
    tagged.sort(key=_ORDER)
    # Most spans overlap no other: such a span is one piece, yielded as it is; only groups
    # of overlapping spans go through the sweep (2,000 spans: ~2.5 -> ~1 ms).
    n = len(tagged)
    i = 0
    while i < n:
        t = tagged[i]
        reach = -t[1]
        j = i + 1
        while j < n and tagged[j][0] < reach:
            if -tagged[j][1] > reach:
                reach = -tagged[j][1]
            j += 1
        if j == i + 1:
            if t[0] < reach:
                yield t[0], reach, [(reach, t[3], t[4])]
        else:
            yield from _sweep(tagged[i:j])
        i = j


def _sweep(
    tagged: list[tuple[int, int, int, int, Span | Mark]],
) -> Iterator[tuple[int, int, Active]]:
    """:func:`_cuts` over one group of overlapping spans (``tagged``: sorted)."""
    bounds = sorted({t[0] for t in tagged} | {-t[1] for t in tagged})
    active: Active = []
    soonest = sys.maxsize  # the first end among the active spans: none ends before it
    nxt, n = 0, len(tagged)
    for left, right in itertools.pairwise(bounds):
        if left >= soonest:
            active = [a for a in active if a[0] > left]
            soonest = min([a[0] for a in active]) if active else sys.maxsize
        while nxt < n and tagged[nxt][0] == left:
            t = tagged[nxt]
            end = -t[1]
            active.append((end, t[3], t[4]))
            if end < soonest:
                soonest = end
            nxt += 1
        if active:
            yield left, right, active


_ORDER = operator.itemgetter(0, 1, 2)


def over(color: QColor, alpha: float, base: QColor) -> QColor:
    """``color`` at opacity ``alpha`` laid over the opaque ``base``."""
    return QColor(
        round(color.red() * alpha + base.red() * (1 - alpha)),
        round(color.green() * alpha + base.green() * (1 - alpha)),
        round(color.blue() * alpha + base.blue() * (1 - alpha)),
    )


@dataclass(frozen=True)
class Look:
    """How one piece of text is drawn: my tint, my underline (the innermost entity's colour),
    and another annotator's dotted line (below mine when both are there)."""

    background: QColor | None = None
    underline: QColor | None = None
    other: QColor | None = None

    def char_format(self) -> QTextCharFormat:
        """The look as a character format (what :meth:`TextPane.char_format_at` reports); the
        dotted line of another annotator under one of my underlines is the property
        ``OTHER_UNDERLINE``, a format has one underline only."""
        fmt = QTextCharFormat()
        if self.background is not None:
            fmt.setBackground(self.background)
        if self.underline is not None:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(self.underline)
            if self.other is not None:
                fmt.setProperty(OTHER_UNDERLINE, self.other)
        elif self.other is not None:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(self.other)
        return fmt


class _TextView(QTextEdit):
    """The text view: the pane paints the highlights of what is in view under and over the
    text Qt draws (see :meth:`TextPane.paint_highlights`), and the handles of the span in hand
    over everything.

    Text is never dragged out of nor dropped into this view: a press inside the selection
    starts a new selection there (Qt would start a drag of the selected text, and the old
    selection, still there, would be labelled by the next key)."""

    def __init__(self, pane: TextPane) -> None:
        super().__init__(pane)
        self._pane = pane
        self.setAcceptDrops(False)
        self.viewport().setAcceptDrops(False)

    def paintEvent(self, event: QPaintEvent) -> None:
        drawn = self._pane.paint_highlights(event.rect(), under=True)
        super().paintEvent(event)
        if drawn:
            self._pane.paint_highlights(event.rect(), under=False, pieces=drawn)
        self._pane.paint_suggestions(event.rect())
        self._pane.paint_handles()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if (
            event.button() == Qt.MouseButton.LeftButton
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier  # Shift extends it
            and self.textCursor().hasSelection()
        ):
            cursor = self.textCursor()
            cursor.clearSelection()  # no text drag: the press starts a new selection
            self.setTextCursor(cursor)
        super().mousePressEvent(event)


class SuggestionLike(Protocol):
    """What :meth:`TextPane.set_suggestions` draws (core/offers.Offer is one)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...


_S = TypeVar("_S", Span, Mark)
Box = tuple[QRectF, float]  # a piece's box on one line (document coordinates), its baseline
Drawn = list[tuple[Look, list[Box]]]  # what one paint drew: each piece's look and boxes


class TextPane(QWidget):
    """Title, metadata and the article text with its spans highlighted (read-only for now)."""

    def __init__(
        self, schema: LabelSchema, parent: QWidget | None = None, *, header: bool = True
    ) -> None:
        """``header``: show the title and metadata above the text (review mode has its own)."""
        super().__init__(parent)
        self.schema = schema
        self.article: Article | None = None
        self.spans: list[Span] = []
        self.others: list[Span] = []
        self.marks: list[Mark] = []
        self.utf16_map = Utf16Map("")
        self._point_size = DEFAULT_POINT_SIZE
        self._own_document: QTextDocument | None = None  # the document _fill made last
        # What paint_highlights needs, made when the spans change (not per paint): the starts
        # of mine and others' spans (both lists in text order) for bisecting, the longest span
        # (how far back a span covering the view may start) and the looks made so far.
        self._starts: list[int] = []
        self._other_starts: list[int] = []
        self._mark_starts: list[int] = []
        self._reach = 0
        self._looks: dict[LookKey, Look] = {}
        self.handles: tuple[int, int] | None = None  # the span in hand's ends (code points)
        # Suggestions (gui/suggesting.py): (start, end, label) in text order, their starts,
        # the longest, and the one in hand (drawn bolder).
        self.suggestions: list[tuple[int, int, str]] = []
        self._suggestion_starts: list[int] = []
        self._suggestion_reach = 0
        self.suggestion_in_hand: tuple[int, int, str] | None = None

        self.title_label = QLabel(self)
        self.title_label.setObjectName("articleTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self.meta_label = QLabel(self)
        self.meta_label.setObjectName("articleMeta")
        self.meta_label.setWordWrap(True)
        self.meta_label.setTextFormat(Qt.TextFormat.PlainText)
        self.meta_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        meta_palette = self.meta_label.palette()
        meta_palette.setColor(
            QPalette.ColorRole.WindowText, self.palette().color(QPalette.ColorRole.PlaceholderText)
        )
        self.meta_label.setPalette(meta_palette)

        self.text_edit: QTextEdit = _TextView(self)
        self.text_edit.setObjectName("articleText")
        self.text_edit.setReadOnly(True)
        self.text_edit.setUndoRedoEnabled(False)
        self.text_edit.setAcceptRichText(False)
        self.text_edit.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text_edit.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.text_edit.setFrameShape(QTextEdit.Shape.NoFrame)
        self.text_edit.document().setDocumentMargin(MARGIN)
        self.text_edit.setPlaceholderText(translate("TextPane", "Choose an article from the list."))

        top = QWidget(self)
        top.setAutoFillBackground(True)
        top.setBackgroundRole(QPalette.ColorRole.Base)
        header_layout = QVBoxLayout(top)
        header_layout.setContentsMargins(MARGIN, MARGIN, MARGIN, 0)
        header_layout.setSpacing(6)
        header_layout.addWidget(self.title_label)
        header_layout.addWidget(self.meta_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(top)
        layout.addWidget(self.text_edit, 1)
        top.setVisible(header)
        self._apply_fonts()

    # ------------------------------------------------------------ content
    def set_article(
        self, article: Article, spans: Sequence[Span], others: Sequence[Span] = ()
    ) -> None:
        """Show ``article`` (its text from the store) with ``spans`` highlighted and
        ``others`` (other annotators' spans) marked faintly."""
        self.article = article
        self.handles = None
        self.utf16_map = Utf16Map(article.text)
        self.title_label.setText(article.title.strip() or _untitled(article.text))
        self.meta_label.setText(metadata_line(article))
        self.others = list(others)
        self._fill(article.text, spans)

    def changeEvent(self, event: QEvent) -> None:
        """A live language switch: the header's language name is in the GUI's language."""
        if event.type() == QEvent.Type.LanguageChange and self.article is not None:
            self.meta_label.setText(metadata_line(self.article))
        super().changeEvent(event)

    def clear(self, message: str = "") -> None:
        self.article = None
        self.handles = None
        self.suggestions, self._suggestion_starts, self.suggestion_in_hand = [], [], None
        self._set_lists([], [])
        self.marks, self._mark_starts = [], []
        self.utf16_map = Utf16Map("")
        self.title_label.setText("")
        self.meta_label.setText("")
        self.text_edit.clear()
        if message:
            self.text_edit.setPlaceholderText(message)

    def set_spans(
        self,
        spans: Sequence[Span],
        others: Sequence[Span] | None = None,
        dirty: tuple[int, int] | None = None,
    ) -> None:
        """Redraw the highlights of the shown article (after spans changed); the text, the
        selection and the scroll position stay. ``dirty`` (code points) limits the redraw to
        the stretch whose spans changed: only the part of the view showing it is repainted
        (the document is not touched: the highlights are painted, see
        :meth:`paint_highlights`)."""
        if self.article is None:
            return
        self._set_lists(spans, self.others if others is None else others)
        viewport = self.text_edit.viewport()
        if dirty is None:
            viewport.update()
        elif dirty[0] < dirty[1]:
            viewport.update(self._view_rect(*dirty))

    def mark(self, spans: Sequence[Span]) -> None:
        """Draw ``spans`` bold in their label's colour (the speaker and subjects of the claim
        in hand): a handful of ExtraSelections, cheap at that count, and gone when unset."""
        marks = []
        for span in spans:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.text_edit.document())
            cursor.setPosition(self.utf16_map.to_utf16(span.start))
            cursor.setPosition(self.utf16_map.to_utf16(span.end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setForeground(self.color(span.label).darker(150))
            selection.format = fmt
            marks.append(selection)
        self.text_edit.setExtraSelections(marks)

    def set_marks(self, marks: Sequence[Mark]) -> None:
        """Colour ``marks`` under the spans (see the module docstring); the text, the
        selection and the scroll position stay."""
        self.marks, self._mark_starts, reach = _in_text_order(marks)
        self._reach = max(self._reach, reach)
        self._looks = {}
        self.text_edit.viewport().update()

    # ------------------------------------------------------------ suggestions
    def set_suggestions(self, offers: Sequence[SuggestionLike], current: object = None) -> None:
        """Draw ``offers`` (anything with start, end and label) as suggestions: a dashed
        outline in the label's colour, over the text and the spans (no fill: the user's own
        spans stay as they are); ``current``, the one in hand, bolder."""
        items = sorted((o.start, o.end, o.label) for o in offers)
        hand = getattr(current, "start", None)
        self.suggestion_in_hand = (
            (current.start, current.end, current.label)  # type: ignore[attr-defined]
            if hand is not None
            else None
        )
        if items == self.suggestions and self.article is not None:
            self.text_edit.viewport().update()
            return
        self.suggestions = items
        self._suggestion_starts = [i[0] for i in items]
        self._suggestion_reach = max((e - s for s, e, _ in items), default=0)
        self.text_edit.viewport().update()

    def suggestion_at(self, position: int) -> tuple[int, int, str] | None:
        """The (innermost) suggestion drawn over the character at ``position`` (code points)."""
        covering = [x for x in self.suggestions if x[0] <= position < x[1]]
        return min(covering, key=lambda x: x[1] - x[0]) if covering else None

    def paint_suggestions(self, rect: QRect) -> None:
        if self.article is None or not self.suggestions:
            return
        lo, hi = self._visible(rect)
        first = bisect.bisect_left(self._suggestion_starts, lo - self._suggestion_reach)
        last = bisect.bisect_left(self._suggestion_starts, hi)
        shown = [x for x in self.suggestions[first:last] if x[1] > lo]
        if not shown:
            return
        edit = self.text_edit
        to16 = self.utf16_map.to_utf16
        painter = QPainter(edit.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(-edit.horizontalScrollBar().value(), -edit.verticalScrollBar().value())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for item in shown:
            start, end, label = item
            color = self.color(label)
            in_hand = item == self.suggestion_in_hand
            pen = QPen(color, SUGGESTION_HAND_WIDTH if in_hand else SUGGESTION_WIDTH)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            for box, _ in self._boxes(to16(start), to16(end)):
                painter.drawRoundedRect(box.adjusted(-1.0, 1.0, 1.0, -1.0), 3.0, 3.0)
        painter.end()

    # ------------------------------------------------------------ handles of the span in hand
    def set_handles(self, span: tuple[int, int] | None) -> None:
        """Draw handles at the ends of ``span`` (code points; None: no handles): a bar with a
        knob over the start and one with a knob under the end, to drag with the mouse."""
        if span == self.handles:
            return
        viewport = self.text_edit.viewport()
        for rect in self.handle_rects().values():
            viewport.update(rect.adjusted(-2, -2, 2, 2))
        self.handles = span if self.article is not None else None
        for rect in self.handle_rects().values():
            viewport.update(rect.adjusted(-2, -2, 2, 2))

    def handle_rects(self) -> dict[str, QRect]:
        """Where the handles are drawn ("start", "end"), in viewport coordinates."""
        if self.handles is None or self.article is None:
            return {}
        edit = self.text_edit
        knob = int(HANDLE_KNOB * 2) + 1
        out = {}
        for edge, cp in zip(("start", "end"), self.handles, strict=True):
            cursor = QTextCursor(edit.document())
            cursor.setPosition(self.utf16_map.to_utf16(cp))
            line = edit.cursorRect(cursor)
            x = line.left()
            top, bottom = line.top(), line.bottom()
            if edge == "start":
                top -= knob
            else:
                bottom += knob
            out[edge] = QRect(QPoint(x - HANDLE_GRAB, top), QPoint(x + HANDLE_GRAB, bottom))
        return out

    def handle_at(self, point: QPoint) -> str | None:
        """The handle ("start" or "end") under a viewport point, if any (the end's first when
        both are there, as for a one-character span: dragging it right makes it longer)."""
        rects = self.handle_rects()
        for edge in ("end", "start"):
            if edge in rects and rects[edge].contains(point):
                return edge
        return None

    def paint_handles(self) -> None:
        rects = self.handle_rects()
        if not rects:
            return
        edit = self.text_edit
        color = edit.palette().color(QPalette.ColorRole.Highlight)
        painter = QPainter(edit.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(color, HANDLE_WIDTH))
        painter.setBrush(color)
        knob = HANDLE_KNOB
        for edge, rect in rects.items():
            x = rect.center().x() + 0.5
            if edge == "start":
                high, low = rect.top() + 2 * knob, float(rect.bottom())
                painter.drawLine(QPointF(x, high), QPointF(x, low))
                painter.drawEllipse(QPointF(x, high - knob), knob, knob)
            else:
                high, low = float(rect.top()), rect.bottom() - 2 * knob
                painter.drawLine(QPointF(x, high), QPointF(x, low))
                painter.drawEllipse(QPointF(x, low + knob), knob, knob)
        painter.end()

    # ------------------------------------------------------------ positions (code points)
    def codepoint_at(self, utf16_position: int) -> int:
        return self.utf16_map.to_codepoint(utf16_position)

    def selection(self) -> tuple[int, int]:
        """The selected range in code points (a cut surrogate pair widens outwards)."""
        cursor = self.text_edit.textCursor()
        start = self.utf16_map.to_codepoint(cursor.selectionStart(), snap="left")
        end = self.utf16_map.to_codepoint(cursor.selectionEnd(), snap="right")
        return start, end

    def boundary_at(self, point: QPoint) -> int:
        """The code-point boundary nearest a viewport point (where a click puts the cursor)."""
        u16 = self.text_edit.cursorForPosition(point).position()
        return self.utf16_map.to_codepoint(min(u16, self.utf16_map.utf16_length), snap="left")

    def cursor_position(self) -> int:
        """The text cursor's position in code points."""
        return self.utf16_map.to_codepoint(self.text_edit.textCursor().position())

    def select(self, start: int, end: int) -> None:
        """Select ``[start, end)`` (code points) and scroll it into view."""
        cursor = QTextCursor(self.text_edit.document())
        cursor.setPosition(self.utf16_map.to_utf16(start))
        cursor.setPosition(self.utf16_map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.text_edit.setTextCursor(cursor)
        self.text_edit.ensureCursorVisible()

    def place_cursor(self, position: int) -> None:
        """Put the text cursor at ``position`` (code points), nothing selected, in view."""
        cursor = QTextCursor(self.text_edit.document())
        cursor.setPosition(self.utf16_map.to_utf16(position))
        self.text_edit.setTextCursor(cursor)
        self.text_edit.ensureCursorVisible()
        # Near the bottom edge: a third of the way down instead, so what follows shows too.
        height = self.text_edit.viewport().height()
        top = self.text_edit.cursorRect().top()
        if top > height * 2 // 3:
            bar = self.text_edit.verticalScrollBar()
            bar.setValue(bar.value() + top - height // 3)

    def clear_selection(self) -> None:
        cursor = self.text_edit.textCursor()
        cursor.clearSelection()
        self.text_edit.setTextCursor(cursor)

    def _fill(self, text: str, spans: Sequence[Span]) -> None:
        """Show ``text`` in a new document, built before the view sees it, with ``spans``.

        Built detached, the document is laid out once, when the view takes it, and lazily
        (the first screen now, the rest in the background), where editing the view's own
        document lays the whole text out at the end of the edit block (~45 ms for 100 KB) and
        again when the scroll bar appears. The text goes in as it is: the highlights are not
        character formats but painted over the text in view at each paint
        (:meth:`paint_highlights`), so opening costs what the plain text costs whatever the
        number of spans, and every span is drawn whenever it is on screen.
        """
        self._set_lists(spans, self.others)
        old = self.text_edit.document()
        doc = QTextDocument(self.text_edit)
        doc.setUndoRedoEnabled(False)
        doc.setDocumentMargin(old.documentMargin())
        doc.setDefaultFont(old.defaultFont())
        doc.setDefaultTextOption(old.defaultTextOption())
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        cursor.setBlockFormat(self._block_format())
        cursor.insertText(text)  # every "\n" starts a block that keeps the block format
        cursor.endEditBlock()
        self.text_edit.setExtraSelections([])
        self.text_edit.setDocument(doc)
        if self._own_document is not None:  # the view deletes only a document it made
            self._own_document.deleteLater()
        self._own_document = doc
        self.text_edit.moveCursor(QTextCursor.MoveOperation.Start)

    def _set_lists(self, spans: Sequence[Span], others: Sequence[Span]) -> None:
        """Keep ``spans`` and ``others`` in text order, with what painting needs to find the
        spans in view (their starts, the longest span)."""
        self.spans, self._starts, reach = _in_text_order(spans)
        self.others, self._other_starts, other_reach = _in_text_order(others)
        mark_reach = max((m.end - m.start for m in self.marks), default=0)
        self._reach = max(reach, other_reach, mark_reach)
        self._looks = {}  # the palette or the schema may have changed since

    # ------------------------------------------------------------ painting the highlights
    def paint_highlights(self, rect: QRect, *, under: bool, pieces: Drawn | None = None) -> Drawn:
        """Paint the highlights of the text in ``rect`` (viewport coordinates) on the view:
        ``under`` the text the tints (before Qt draws the text), else the underlines (after).
        Only the spans in view are looked at (a bisection into the spans in text order, then
        the sweep of :func:`_cuts` over those few), so a paint costs the same with 20 spans or
        20,000. Returns what it found, for the second call to reuse (``pieces``)."""
        if self.article is None or not (self.spans or self.others or self.marks):
            return []
        if pieces is None:
            pieces = self._pieces_in(rect)
        if not pieces:
            return pieces
        edit = self.text_edit
        painter = QPainter(edit.viewport())
        painter.translate(-edit.horizontalScrollBar().value(), -edit.verticalScrollBar().value())
        if under:
            for look, boxes in pieces:
                if look.background is not None:
                    for box, _ in boxes:
                        painter.fillRect(box, look.background)
        else:
            metrics = QFontMetricsF(edit.document().defaultFont())
            width = max(1.0, metrics.lineWidth())
            below = metrics.underlinePos() + width / 2
            for look, boxes in pieces:
                for box, baseline in boxes:
                    y = baseline + below
                    if look.underline is not None:
                        painter.setPen(QPen(look.underline, width))
                        painter.drawLine(QPointF(box.left(), y), QPointF(box.right(), y))
                        y += OTHER_LANE
                    if look.other is not None:
                        pen = QPen(look.other, width)
                        pen.setStyle(Qt.PenStyle.DotLine)
                        painter.setPen(pen)
                        painter.drawLine(QPointF(box.left(), y), QPointF(box.right(), y))
        painter.end()
        return pieces

    def _visible(self, rect: QRect) -> tuple[int, int]:
        """The stretch of text (code points) the viewport ``rect`` shows."""
        edit = self.text_edit
        to_cp = self.utf16_map.to_codepoint
        # From the block at the top of the rect down to the first block below it (a hit test
        # at the bottom would lay out the text below the view first; one at the top costs
        # ~2 ms where this bisection of the blocks costs a few calls).
        doc = edit.document()
        scrolled = edit.verticalScrollBar().value()
        # From a little above the rect: the underlines of the line above may reach into it.
        top, bottom = rect.top() + scrolled - 2 * OTHER_LANE - 4, rect.bottom() + scrolled
        low, high = 0, doc.blockCount() - 1
        while low < high:  # the last block laid out that starts at or above the top
            middle = (low + high + 1) // 2
            layout = doc.findBlockByNumber(middle).layout()
            if layout.lineCount() and layout.position().y() <= top:
                low = middle
            else:
                high = middle - 1
        block = doc.findBlockByNumber(low)
        first_line = _line_at(block.layout(), top)
        first = block.position() + (first_line.textStart() if first_line is not None else 0)
        last = first
        while block.isValid():
            layout = block.layout()
            if not layout.lineCount() or layout.position().y() > bottom:
                break
            line = _line_at(layout, bottom)  # a long paragraph: its lines in view only
            assert line is not None  # the block has lines (above)
            last = block.position() + line.textStart() + line.textLength()
            block = block.next()
        lo = to_cp(first, snap="left")
        hi = to_cp(min(last, self.utf16_map.utf16_length), snap="right")
        return lo, hi

    def _pieces_in(self, rect: QRect) -> Drawn:
        """The looks and boxes (document coordinates) of the covered pieces in ``rect``."""
        to16 = self.utf16_map.to_utf16
        lo, hi = self._visible(rect)
        spans = self._near(self.spans, self._starts, lo, hi)
        others = self._near(self.others, self._other_starts, lo, hi)
        marks = self._near(self.marks, self._mark_starts, lo, hi)
        out: Drawn = []
        for start, end, look in self._looks_of(spans, others, (lo, hi), marks):
            boxes = self._boxes(to16(start), to16(end))
            if boxes:
                out.append((look, boxes))
        return out

    def _near(self, spans: list[_S], starts: list[int], lo: int, hi: int) -> list[_S]:
        """The spans of ``spans`` (in text order) that cover some of ``[lo, hi)``."""
        first = bisect.bisect_left(starts, lo - self._reach)
        last = bisect.bisect_left(starts, hi)
        return [s for s in spans[first:last] if s.end > lo]

    def _boxes(self, start16: int, end16: int) -> list[Box]:
        """The boxes (document coordinates, one per line) of the UTF-16 range as Qt laid it
        out, each with its line's baseline."""
        doc = self.text_edit.document()
        boxes: list[Box] = []
        block = doc.findBlock(start16)
        while block.isValid() and block.position() < end16:
            layout = block.layout()
            base = block.position()
            s = max(start16 - base, 0)
            e = min(end16 - base, block.length() - 1)
            if s < e and layout.lineCount():
                origin = layout.position()
                n = layout.lineForTextPosition(s).lineNumber()
                while 0 <= n < layout.lineCount():
                    line = layout.lineAt(n)
                    left = line.textStart()
                    if left >= e:
                        break
                    x1 = _x(line.cursorToX(max(s, left)))
                    x2 = _x(line.cursorToX(min(e, left + line.textLength())))
                    if x2 > x1:
                        top = origin.y() + line.y()
                        box = QRectF(origin.x() + x1, top, x2 - x1, line.height())
                        boxes.append((box, top + line.ascent()))
                    n += 1
            block = block.next()
        return boxes

    def _view_rect(self, start: int, end: int) -> QRect:
        """Where ``[start, end)`` (code points) sits in the viewport: its blocks' bounds (the
        whole viewport when Qt has not laid them out yet)."""
        edit = self.text_edit
        doc = edit.document()
        layout = doc.documentLayout()
        first = doc.findBlock(self.utf16_map.to_utf16(start))
        last = doc.findBlock(max(self.utf16_map.to_utf16(end) - 1, 0))
        if not first.isValid() or not last.isValid():
            return edit.viewport().rect()
        area = layout.blockBoundingRect(first).united(layout.blockBoundingRect(last))
        area.translate(-edit.horizontalScrollBar().value(), -edit.verticalScrollBar().value())
        return area.toAlignedRect().adjusted(-2, -2, 2, 2 + int(OTHER_LANE) * 2)

    def _looks_of(
        self,
        spans: Sequence[Span],
        others: Sequence[Span],
        within: tuple[int, int] | None = None,
        marks: Sequence[Mark] = (),
    ) -> Iterator[tuple[int, int, Look]]:
        """(start, end, look) in code points, in text order, for each covered piece."""
        base = self.text_edit.palette().color(QPalette.ColorRole.Base)
        lo, hi = within if within is not None else (0, sys.maxsize)
        looks = self._looks  # one look per combination of labels, kept until the spans change
        for start, end, active in _cuts(spans, others, marks):
            if start < lo:
                start = lo
            if end > hi:
                end = hi
            if start >= end:
                continue
            claims = tuple(s.label for _, kind, s in active if kind == CLAIM)
            entities = tuple(s.label for _, kind, s in active if kind == ENTITY)
            other = next((s.label for _, kind, s in reversed(active) if kind == OTHER), None)
            mark = (
                max((s for _, kind, s in active if kind == MARK), key=_RANK, default=None)
                if marks
                else None
            )
            key = (claims, entities, other, mark.label if mark is not None else None)
            look = looks.get(key)
            if look is None:
                look = looks[key] = self._look(key, base)
            yield start, end, look

    def looks(
        self, spans: Sequence[Span], within: tuple[int, int] | None = None
    ) -> Iterator[tuple[int, int, Look]]:
        """(start, end, look) of each piece ``spans`` cover (code points, in text order,
        inside ``within``): how this pane would draw them, for text shown elsewhere (review
        mode's comparison lines)."""
        return self._looks_of(spans, (), within)

    def _look(self, key: LookKey, base: QColor) -> Look:
        """The tints of the claims, then of the entities (over the mark's colour, if any, else
        the page's), the underline of the innermost entity, and the dotted line of another
        annotator's innermost span."""
        claims, entities, other, mark = key
        background = QColor(mark) if mark is not None else base
        for label in claims:
            background = over(self.color(label), CLAIM_ALPHA, background)
        for label in entities:
            background = over(self.color(label), ENTITY_ALPHA, background)
        return Look(
            background if claims or entities or mark is not None else None,
            self.color(entities[-1]) if entities else None,
            self.color(other) if other is not None else None,
        )

    def color(self, label: str) -> QColor:
        if self.schema.has_label(label):
            return QColor(self.schema.label(label).color)
        return QColor(FALLBACK_COLOR)

    # ------------------------------------------------------------ look
    def char_format_at(self, utf16_position: int) -> QTextCharFormat:
        """How the character that starts at ``utf16_position`` is highlighted, as a character
        format (:meth:`Look.char_format`): what :meth:`paint_highlights` paints there."""
        at = self.utf16_map.to_codepoint(utf16_position, snap="left")
        spans = self._near(self.spans, self._starts, at, at + 1)
        others = self._near(self.others, self._other_starts, at, at + 1)
        marks = self._near(self.marks, self._mark_starts, at, at + 1)
        for _, _, look in self._looks_of(spans, others, (at, at + 1), marks):
            return look.char_format()
        return QTextCharFormat()

    @property
    def point_size(self) -> float:
        return self._point_size

    def set_point_size(self, size: float) -> None:
        self._point_size = max(7.0, min(40.0, size))
        self._apply_fonts()
        if self.article is not None:
            self._fill(self.article.text, self.spans)

    def _apply_fonts(self) -> None:
        font = QFont(self.font())
        font.setFamilies(READING_FAMILIES)
        font.setPointSizeF(self._point_size)
        self.text_edit.document().setDefaultFont(font)
        title = QFont(font)
        title.setPointSizeF(self._point_size * 1.5)
        title.setWeight(QFont.Weight.Bold)
        self.title_label.setFont(title)
        meta = QFont(font)
        meta.setPointSizeF(self._point_size * 0.85)
        self.meta_label.setFont(meta)

    def _block_format(self) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setLineHeight(
            LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
        )
        line = QFontMetricsF(self.text_edit.document().defaultFont()).lineSpacing()
        fmt.setBottomMargin(line * PARAGRAPH_SPACING)
        return fmt


def metadata_line(article: Article) -> str:
    """``source · published · language (confidence) · external id``, leaving out what is unknown."""
    parts = [article.source.strip(), (article.published or "").strip()]
    parts.append(language_text(article.language, article.language_confidence))
    parts.append(article.external_id)
    return " · ".join(p for p in parts if p)


def language_text(code: str, confidence: float) -> str:
    """``Indonesian (id, 99%)`` (in the Indonesian UI ``Indonesia (id, 99%)``); the bare code
    when Qt does not know the language."""
    if not code or code in ("unknown", "und"):
        return translate("TextPane", "language unknown")
    language = QLocale(code).language()
    known = language not in (QLocale.Language.C, QLocale.Language.AnyLanguage)
    name = ""
    if known:  # Qt names languages in English only: in another UI, the language's own name
        english = QLocale().language() == QLocale.Language.English
        name = QLocale.languageToString(language) if english else QLocale(code).nativeLanguageName()
    detail = f"{code}, {confidence:.0%}" if confidence else code
    return f"{name} ({detail})" if name else detail


def _untitled(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= 90 else first[:90].rsplit(" ", 1)[0] + " …"


def _in_text_order(spans: Sequence[_S]) -> tuple[list[_S], list[int], int]:
    """``spans`` as a list sorted by start (the store's order already: then no sort), their
    starts and the length of the longest (C-level loops: redone after every edit)."""
    out = list(spans)
    starts = list(map(_START, out))
    if not all(map(operator.le, starts, starts[1:])):
        out.sort(key=lambda s: (s.start, -s.end, s.id))
        starts = list(map(_START, out))
    reach = max(map(operator.sub, map(_END, out), starts), default=0)
    return out, starts, reach


_START, _END = operator.attrgetter("start"), operator.attrgetter("end")
_RANK = operator.attrgetter("rank", "id")


def _line_at(layout: QTextLayout, y: float) -> QTextLine | None:
    """The line of a laid-out block at document height ``y`` (its first or last line when
    ``y`` is above or below the block): a bisection of its lines. None: not laid out."""
    if not layout.lineCount():
        return None
    low, high = 0, layout.lineCount() - 1
    top = layout.position().y()
    while low < high:
        middle = (low + high) // 2
        line = layout.lineAt(middle)
        if top + line.y() + line.height() < y:
            low = middle + 1
        else:
            high = middle
    return layout.lineAt(low)


def _x(answer: object) -> float:
    """The x of ``QTextLine.cursorToX`` (PySide answers ``(x, position)``)."""
    assert isinstance(answer, tuple)
    return float(answer[0])
