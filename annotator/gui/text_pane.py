"""The reading pane: an article's title, a metadata line, and its text with the spans drawn in.

Offsets: the store counts code points, Qt counts UTF-16 units. This module is the only place
that converts, always through :class:`Utf16Map` built from the article text of the store (never
from the widget, whose ``toPlainText()`` rewrites NBSP).

Widget: a read-only ``QTextEdit``. ``QPlainTextEdit`` lays text out faster but ignores line
height and paragraph spacing (measured: its blocks keep their height whatever the block format
says), and a researcher reads in this pane all day. A 100 KB article opens in the window in
~20 ms; with 2,000 spans its first paint (the spans in view drawn) takes 1.0–1.5x that, and
every span is drawn ~15–20 ms later (benchmarks/bench_gui.py; the layout is lazy: first
screen first). ``QTextBrowser`` would add
link navigation nobody wants here.

Highlights are character formats (cheaper than ExtraSelections): on opening, the text goes
into a new document piece by piece, each piece with its format; after an edit the formats are
merged into the stretch that changed, in one edit block. Opening is progressive: only the
first screenfuls are written with their formats before the view takes the document, the rest
of the text goes in as one plain piece, and its formats are set by a zero-delay pass started
by the first paint (:meth:`TextPane.finish_highlighting`; :attr:`TextPane.highlight_complete`,
signal :attr:`TextPane.highlighted`). So the first paint, with the spans on screen drawn,
costs what the plain text costs. The text is cut at every span boundary; each piece gets one
format: the tints of the claims over it, then the tints of the entities over those, and the
underline of the innermost entity. So an entity inside a claim shows both, and nested claims
grow darker. Other annotators' spans (shown only when blind mode is off) get no tint, only a
dotted underline in their label's colour, so my own work stays what the eye sees first.

After an edit only the formats are redone (:meth:`TextPane.set_spans`): the text, the scroll
position and the selection stay.
"""

from __future__ import annotations

import itertools
import operator
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QTextEdit, QVBoxLayout, QWidget

from annotator.core.model import Article, Span
from annotator.core.offsets import Utf16Map
from annotator.core.schema import LabelSchema

READING_FAMILIES = ["Noto Sans", "Source Sans 3", "Segoe UI", "Cantarell", "DejaVu Sans"]
DEFAULT_POINT_SIZE = 12.0
LINE_HEIGHT_PERCENT = 150
PARAGRAPH_SPACING = 0.6  # of a line, below each paragraph
MARGIN = 28  # px around the text column
CLAIM_ALPHA = 0.30
ENTITY_ALPHA = 0.18
FALLBACK_COLOR = "#808080"  # a span whose label the schema no longer has
FIRST_SCREENS = 2.0  # highlighted before the first paint: this many screenfuls of text
FALLBACK_MS = 100  # the rest of the highlights when no paint comes (a hidden view)


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
                tuple(s for _, kind, s in active if kind == CLAIM),
                tuple(s for _, kind, s in active if kind == ENTITY),
                tuple(s for _, kind, s in active if kind == OTHER),
            )
        )
    return out


CLAIM, ENTITY, OTHER = range(3)
Active = list[tuple[int, int, Span]]  # (end, kind, span), outermost first


def _cuts(spans: Iterable[Span], others: Iterable[Span] = ()) -> Iterator[tuple[int, int, Active]]:
    """The sweep behind :func:`pieces`: (start, end, covering spans) per covered piece, with
    no per-piece objects (2,000 spans are drawn on every article opened). The list of covering
    spans yielded is the sweep's own: read it before the next piece."""
    tagged = [(s.start, -s.end, s.id, CLAIM if s.layer == "claim" else ENTITY, s) for s in spans]
    tagged += [(s.start, -s.end, s.id, OTHER, s) for s in others]
    tagged.sort(key=_ORDER)
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


class TextPane(QWidget):
    """Title, metadata and the article text with its spans highlighted (read-only for now)."""

    highlighted = Signal()  # the whole article carries its highlights (see highlight_complete)

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schema = schema
        self.article: Article | None = None
        self.spans: list[Span] = []
        self.others: list[Span] = []
        self.utf16_map = Utf16Map("")
        self._point_size = DEFAULT_POINT_SIZE
        self._own_document: QTextDocument | None = None  # the document _fill made last
        # Progressive highlighting: code points [_pending, end) still wait for their formats,
        # written by _rest_timer's zero-delay pass (None: everything is drawn).
        self._pending: int | None = None
        self._rest_timer = QTimer(self)
        self._rest_timer.setSingleShot(True)
        self._rest_timer.setInterval(0)
        self._rest_timer.timeout.connect(self.finish_highlighting)

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

        self.text_edit = QTextEdit(self)
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
        self.text_edit.setPlaceholderText("Choose an article from the list.")
        self.text_edit.viewport().installEventFilter(self)  # the first paint: see _fill

        header = QWidget(self)
        header.setAutoFillBackground(True)
        header.setBackgroundRole(QPalette.ColorRole.Base)
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(MARGIN, MARGIN, MARGIN, 0)
        header_layout.setSpacing(6)
        header_layout.addWidget(self.title_label)
        header_layout.addWidget(self.meta_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.text_edit, 1)
        self._apply_fonts()

    # ------------------------------------------------------------ content
    def set_article(
        self, article: Article, spans: Sequence[Span], others: Sequence[Span] = ()
    ) -> None:
        """Show ``article`` (its text from the store) with ``spans`` highlighted and
        ``others`` (other annotators' spans) marked faintly."""
        self.article = article
        self.utf16_map = Utf16Map(article.text)
        self.title_label.setText(article.title.strip() or _untitled(article.text))
        self.meta_label.setText(metadata_line(article))
        self.others = list(others)
        self._fill(article.text, spans)

    def clear(self, message: str = "") -> None:
        self._cancel_pending()
        self.article = None
        self.spans = []
        self.others = []
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
        the stretch whose spans changed: the rest of the document keeps its formats and its
        layout, so one new span on a long article costs little."""
        if self.article is None:
            return
        if self._pending is not None:
            if dirty is None:
                self._cancel_pending()  # the whole text is redrawn below
            else:
                self.finish_highlighting()  # the rest first: the stretch below is merged
        self.spans = list(spans)
        if others is not None:
            self.others = list(others)
        cursor = QTextCursor(self.text_edit.document())
        cursor.beginEditBlock()
        if dirty is None:
            cursor.select(QTextCursor.SelectionType.Document)
        else:
            cursor.setPosition(self.utf16_map.to_utf16(dirty[0]))
            cursor.setPosition(self.utf16_map.to_utf16(dirty[1]), QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(QTextCharFormat())
        self._highlight(cursor, self.spans, dirty)
        cursor.endEditBlock()

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

    # ------------------------------------------------------------ positions (code points)
    def codepoint_at(self, utf16_position: int) -> int:
        return self.utf16_map.to_codepoint(utf16_position)

    def selection(self) -> tuple[int, int]:
        """The selected range in code points (a cut surrogate pair widens outwards)."""
        cursor = self.text_edit.textCursor()
        start = self.utf16_map.to_codepoint(cursor.selectionStart(), snap="left")
        end = self.utf16_map.to_codepoint(cursor.selectionEnd(), snap="right")
        return start, end

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

    def clear_selection(self) -> None:
        cursor = self.text_edit.textCursor()
        cursor.clearSelection()
        self.text_edit.setTextCursor(cursor)

    def _fill(self, text: str, spans: Sequence[Span]) -> None:
        """Show ``text`` with ``spans`` in a new document, built before the view sees it.

        Built detached, the document is laid out once, when the view takes it, and lazily
        (the first screen now, the rest in the background), where editing the view's own
        document lays the whole text out at the end of the edit block (~45 ms for 100 KB) and
        again when the scroll bar appears.

        Highlighting is progressive: the text goes in with the formats of its first screenfuls
        only (piece by piece, each piece with its format), the rest of it in one plain piece,
        so the first paint costs what the plain text costs. The formats of the rest are
        written by :meth:`finish_highlighting`, in one edit block, on a zero-delay timer started
        when the view has painted (:attr:`highlight_complete` then turns true and
        :attr:`highlighted` is emitted). Opening another article cancels a pending pass; an
        edit finishes it first.
        """
        self._cancel_pending()
        self.spans = list(spans)
        old = self.text_edit.document()
        doc = QTextDocument(self.text_edit)
        doc.setUndoRedoEnabled(False)
        doc.setDocumentMargin(old.documentMargin())
        doc.setDefaultFont(old.defaultFont())
        doc.setDefaultTextOption(old.defaultTextOption())
        first = len(text)
        if self.spans or self.others:
            first = min(first, self._first_screens_chars())
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        cursor.setBlockFormat(self._block_format())
        self._insert(cursor, text, 0, first)
        cursor.endEditBlock()
        self.text_edit.setExtraSelections([])
        self.text_edit.setDocument(doc)
        if self._own_document is not None:  # the view deletes only a document it made
            self._own_document.deleteLater()
        self._own_document = doc
        self.text_edit.moveCursor(QTextCursor.MoveOperation.Start)
        if first < len(text):
            self._pending = first
        if self._pending is None:
            self.highlighted.emit()
        else:  # after the next paint of the text; the fallback if none comes (hidden)
            self._rest_timer.start(FALLBACK_MS)

    @property
    def highlight_complete(self) -> bool:
        """Whether every span of the article on show is drawn (no pass pending)."""
        return self._pending is None

    def finish_highlighting(self) -> None:
        """Write the formats the first paint went without (the rest of the text), now."""
        self._rest_timer.stop()
        start, self._pending = self._pending, None
        if start is None or self.article is None:
            return
        # Set on the text in place (the text stays: the selection, the marks and the scroll
        # position too). Taking the rest out and inserting it again piece by piece with the
        # formats, as _fill does, measured no faster here (~16 ms either way for 2,000 spans).
        cursor = QTextCursor(self.text_edit.document())
        cursor.beginEditBlock()
        self._highlight(cursor, self.spans, (start, len(self.article.text)), plain=True)
        cursor.endEditBlock()
        self.highlighted.emit()

    def _insert(self, cursor: QTextCursor, text: str, start: int, formatted_end: int) -> None:
        """Insert ``text[start:]`` at ``cursor``, each piece with its format up to
        ``formatted_end``, the rest plain (one piece)."""
        insert = cursor.insertText  # every "\n" starts a block that keeps the block format
        plain = QTextCharFormat()
        done = start
        within = None if start == 0 and formatted_end >= len(text) else (start, formatted_end)
        for left, right, fmt in self._formatted(self.spans, self.others, within):
            if left > done:
                insert(text[done:left], plain)
            insert(text[left:right], fmt)
            done = right
        if done < len(text):
            insert(text[done:], plain)

    def _cancel_pending(self) -> None:
        self._rest_timer.stop()
        self._pending = None

    def _first_screens_chars(self) -> int:
        """How many code points fill ``FIRST_SCREENS`` screenfuls of the view, at most: an
        upper bound from the view's size and the font (lines full of characters 0.8x the
        average width; paragraph ends only lower the count), so the first screen is always
        covered, at any window size or font size. Asking the view instead (a hit test at its
        bottom) would lay the text out before the paint does."""
        viewport = self.text_edit.viewport()
        font = self.text_edit.document().defaultFont()
        metrics = QFontMetricsF(font)
        width = max(viewport.width() - 2 * MARGIN, 200)
        height = max(viewport.height(), 300)
        line_height = metrics.lineSpacing() * LINE_HEIGHT_PERCENT / 100
        per_line = width / max(metrics.averageCharWidth() * 0.8, 1.0)
        return int(per_line * (height / line_height + 1) * FIRST_SCREENS) + 200

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and self._pending is not None
            and watched is self.text_edit.viewport()
        ):
            self._rest_timer.start(0)  # runs once this paint is done
        return False

    def _highlight(
        self,
        cursor: QTextCursor,
        spans: Sequence[Span],
        within: tuple[int, int] | None = None,
        *,
        plain: bool = False,
    ) -> None:
        """Merge the highlight formats into the shown text (``within``: only that stretch;
        ``plain``: the stretch carries no format yet, so each is set, not merged)."""
        to16 = self.utf16_map.to_utf16
        set_position = cursor.setPosition
        merge = cursor.setCharFormat if plain else cursor.mergeCharFormat
        keep = QTextCursor.MoveMode.KeepAnchor
        for start, end, fmt in self._formatted(spans, self.others, within):
            set_position(to16(start))
            set_position(to16(end), keep)
            merge(fmt)

    def _formatted(
        self,
        spans: Sequence[Span],
        others: Sequence[Span],
        within: tuple[int, int] | None = None,
    ) -> Iterator[tuple[int, int, QTextCharFormat]]:
        """(start, end, format) in code points, in text order, for each covered piece."""
        base = self.text_edit.palette().color(QPalette.ColorRole.Base)
        lo, hi = within if within is not None else (0, sys.maxsize)
        if within is not None:
            spans = [s for s in spans if s.start < hi and s.end > lo]
            others = [s for s in others if s.start < hi and s.end > lo]
        # One format per combination of labels over a piece, built once per redraw: a long
        # article has thousands of pieces but a few dozen combinations.
        formats: dict[tuple[tuple[str, ...], tuple[str, ...], str | None], QTextCharFormat] = {}
        colors: dict[str, QColor] = {}

        def color(label: str) -> QColor:
            c = colors.get(label)
            if c is None:
                c = colors[label] = self.color(label)
            return c

        alone: dict[tuple[int, str], QTextCharFormat] = {}  # most pieces lie under one span
        for start, end, active in _cuts(spans, others):
            if start < lo:
                start = lo
            if end > hi:
                end = hi
            if start >= end:
                continue
            if len(active) == 1:
                _, kind, span = active[0]
                fmt = alone.get((kind, span.label))
                if fmt is not None:
                    yield start, end, fmt
                    continue
            claims = tuple(s.label for _, kind, s in active if kind == CLAIM)
            entities = tuple(s.label for _, kind, s in active if kind == ENTITY)
            other = next((s.label for _, kind, s in reversed(active) if kind == OTHER), None)
            key = (claims, entities, None if entities else other)
            fmt = formats.get(key)
            if fmt is None:
                fmt = formats[key] = self._format(key, base, color)
            if len(active) == 1:
                alone[(active[0][1], active[0][2].label)] = fmt
            yield start, end, fmt

    @staticmethod
    def _format(
        key: tuple[tuple[str, ...], tuple[str, ...], str | None],
        base: QColor,
        color: Callable[[str], QColor],
    ) -> QTextCharFormat:
        """The tints of the claims, then of the entities, the underline of the innermost
        entity (else a dotted one for another annotator's span)."""
        claims, entities, other = key
        background = base
        for label in claims:
            background = over(color(label), CLAIM_ALPHA, background)
        for label in entities:
            background = over(color(label), ENTITY_ALPHA, background)
        fmt = QTextCharFormat()
        if entities:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(color(entities[-1]))
        elif other is not None:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(color(other))
        if claims or entities:
            fmt.setBackground(background)
        return fmt

    def color(self, label: str) -> QColor:
        if self.schema.has_label(label):
            return QColor(self.schema.label(label).color)
        return QColor(FALLBACK_COLOR)

    # ------------------------------------------------------------ look
    def char_format_at(self, utf16_position: int) -> QTextCharFormat:
        """The character format of the character that starts at ``utf16_position``."""
        cursor = QTextCursor(self.text_edit.document())
        cursor.setPosition(utf16_position + 1)  # a cursor reports the format left of it
        return cursor.charFormat()

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
    """``Indonesian (id, 99%)``; the bare code when Qt does not know the language."""
    if not code or code in ("unknown", "und"):
        return "language unknown"
    language = QLocale(code).language()
    known = language not in (QLocale.Language.C, QLocale.Language.AnyLanguage)
    name = QLocale.languageToString(language) if known else ""
    detail = f"{code}, {confidence:.0%}" if confidence else code
    return f"{name} ({detail})" if name else detail


def _untitled(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= 90 else first[:90].rsplit(" ", 1)[0] + " …"
