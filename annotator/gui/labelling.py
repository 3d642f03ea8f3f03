"""Labelling one article: the spans on show, the span in hand, hotkeys, link mode, tooltips.

:class:`Labelling` keeps the current article's spans and relations as the ``Corpus`` returns
them, turns the text pane's selection into code-point spans (snapped to words, or in character
mode only to whole graphemes), and runs every edit through :meth:`Labelling.edit`, which hands
the returned ``Changes`` to :meth:`Labelling.apply` and on to whoever listens (``changed``).

Boundaries: the span in hand (mine) shows a handle at each end (:meth:`TextPane.set_handles`);
dragging one, or the boundary keys (:meth:`Labelling.move_boundary`: by word, in character
mode by grapheme), moves that end in one ``Corpus.update_span`` (undoable; the span keeps its
id, so its relations stay). :meth:`Labelling.set_bounds` refuses an empty span, a cut
character or a move past the text with a status message, before the store is asked.

After an edit the text pane is redrawn at once (the stretch that changed); the other views
(``views``: the span panel) and what the window hands to :meth:`Labelling.defer` (the list row,
the progress count) are refreshed by a zero-delay pass that the text view's next paint starts
(:meth:`Labelling.run_later`; :attr:`Labelling.later_pending`), so a labelled span is on
screen within one frame and the panels follow right after it.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QHelpEvent, QMouseEvent
from PySide6.QtWidgets import QMenu, QToolTip
from shiboken6 import isValid

from annotator.core.errors import CorpusError, NothingToUndo
from annotator.core.model import Changes, Relation, Span
from annotator.core.offsets import is_boundary, snap_to_boundaries, snap_to_words
from annotator.core.quantities import describe, parse
from annotator.core.schema import LabelSchema, readable
from annotator.core.speakers import CUE_OF
from annotator.gui.bus import Update
from annotator.gui.i18n import QT_TRANSLATE_NOOP, current_language
from annotator.gui.text_pane import TextPane

if TYPE_CHECKING:
    from annotator.gui.suggesting import Suggesting
from annotator.store.corpus import Corpus

CLAIM_LABEL = "CLAIM"
QUANTITY_LABEL = "QUANTITY"


def values_text(span: Span, language: str | None) -> str:
    """The values read from a QUANTITY span or a claim (core/quantities.py), as a conflict
    line writes them: "≈ 11 ribu", "20–30 ribu", "> 10.000"; "" when it has none or is
    another kind of span."""
    if span.label not in (QUANTITY_LABEL, CLAIM_LABEL):
        return ""
    return ", ".join(describe(q) for q in parse(span.text, language or "id"))


SPEAKER = "SAID_BY"
ABOUT = "ABOUT"
LINK_TEXT = {  # translated where shown
    SPEAKER: QT_TRANSLATE_NOOP("Labelling", "speaker"),
    ABOUT: QT_TRANSLATE_NOOP("Labelling", "subject"),
    CUE_OF: QT_TRANSLATE_NOOP("Labelling", "claim"),
}


def relation_for(schema: LabelSchema, head_label: str, wanted: str) -> str:
    """The relation a link key makes from a span labelled ``head_label``: ``wanted`` (S:
    SAID_BY, A: ABOUT) when it may start there, else the one relation that starts only at
    such spans (a cue's CUE_OF: S on a cue links it to its claim)."""
    try:
        if schema.relation(wanted).starts_at(head_label):
            return wanted
    except ValueError:
        return wanted
    own = [r.name for r in schema.relations if head_label in r.head_labels]
    return own[0] if len(own) == 1 else wanted


LATER_FALLBACK_MS = 100  # the after-paint pass when no paint comes (a hidden view)


def innermost(spans: Sequence[Span], position: int) -> Span | None:
    """The shortest span covering the character at ``position`` (code points)."""
    covering = [s for s in spans if s.start <= position < s.end]
    return min(covering, key=lambda s: (s.end - s.start, -s.start)) if covering else None


def text_order(span: Span) -> tuple[int, int, int]:
    """The store's order of spans: by start, longer first, then by id."""
    return (span.start, -span.end, span.id)


def _wordy(ch: str) -> bool:
    """A word character, as word snapping (core/offsets) counts them."""
    return ch.isalnum() or ch == "_" or unicodedata.category(ch) in ("Mn", "Mc")


# Characters that join two words into one when they stand between them: "anak-anak",
# "Jong-un", "Ma'ruf" (letters), "1.000", "12,5", "10:30" (digits).
WORD_JOINERS = frozenset("-'\u2019\u2010\u2011")
NUMBER_JOINERS = frozenset(".,:")


def _joins(text: str, i: int) -> bool:
    """Whether ``text[i]`` joins the words on either side of it into one."""
    if not 0 < i < len(text) - 1:
        return False
    before, ch, after = text[i - 1], text[i], text[i + 1]
    if ch in WORD_JOINERS:
        return _wordy(before) and _wordy(after)
    return ch in NUMBER_JOINERS and before.isdigit() and after.isdigit()


def _inside_word(text: str, i: int) -> bool:
    """Whether ``i`` falls inside a word (joined words count as one)."""
    if not 0 < i < len(text):
        return False
    return (_wordy(text[i - 1]) and _wordy(text[i])) or _joins(text, i) or _joins(text, i - 1)


def _token_start(text: str, i: int) -> bool:
    """Whether a word, or a character that is neither a word character nor white space
    (punctuation, an emoji), starts at ``i``."""
    if not 0 <= i < len(text) or text[i].isspace() or not is_boundary(text, i):
        return False
    return not _inside_word(text, i)


def _token_end(text: str, i: int) -> bool:
    """Whether a word, or a character that is neither a word character nor white space,
    ends at ``i``."""
    if not 0 < i <= len(text) or text[i - 1].isspace() or not is_boundary(text, i):
        return False
    return not _inside_word(text, i)


def boundary_stop(text: str, position: int, step: int, edge: str, *, words: bool) -> int | None:
    """Where a span's ``edge`` ("start" or "end") at ``position`` moves one ``step`` (-1: left,
    +1: right): by word (to the next start of a word for a start, end of one for an end;
    punctuation and emoji count as words of their own, "anak-anak" and "1.000" as one word),
    else by user-perceived character (never inside an emoji, a flag or a letter with its
    accents). None: the text ends first."""
    stop = (_token_start if edge == "start" else _token_end) if words else None
    i = position + step
    while 0 <= i <= len(text):
        if stop(text, i) if stop is not None else is_boundary(text, i):
            return i
        i += step
    return None


def snap_edge(text: str, position: int, edge: str, *, words: bool) -> int:
    """``position`` as a span's ``edge``: by word, widened over the word it cuts and moved off
    white space (towards the span's inside); by character, off the inside of a grapheme."""
    position = max(0, min(len(text), position))
    if words:
        if edge == "start":
            while _inside_word(text, position):
                position -= 1
            while position < len(text) and text[position].isspace():
                position += 1
        else:
            while _inside_word(text, position):
                position += 1
            while position > 0 and text[position - 1].isspace():
                position -= 1
    while not is_boundary(text, position):
        position += -1 if edge == "start" else 1
    return position


def span_summary(span: Span) -> str:
    text = span.text if len(span.text) <= 40 else span.text[:38] + "…"
    return f"{span.label} — {text}"


class Labelling(QObject):
    """The current article's labels and every labelling gesture on them."""

    changed = Signal(object)  # Changes, after the views of this article were refreshed
    current_changed = Signal(object)  # the span id in hand, or None
    message = Signal(str)  # for the status bar

    def __init__(self, corpus: Corpus, annotator: str | None, pane: TextPane) -> None:
        super().__init__(pane)
        self.corpus = corpus
        self.annotator = annotator
        self.pane = pane
        self.article_id: int | None = None
        self.mine: list[Span] = []
        self.others: list[Span] = []
        self.relations: list[Relation] = []
        self.current: int | None = None
        self.link_mode: str | None = None  # SAID_BY / ABOUT while waiting for a click
        self.char_mode = False
        self.blind = True
        self._drag: tuple[int, str] | None = None  # (span id, "start"/"end"): a handle dragged
        self._drag_to: tuple[int, int] | None = None  # where the dragged span would go
        self._over_handle = False
        self._drag_cancelled = False
        self.views: list[Callable[[], None]] = []  # called after the spans on show change
        self.suggesting: Suggesting | None = None  # the suggestions offered (gui/suggesting.py)
        # After an edit the text pane is redrawn at once; the views (span panel) and whatever
        # was handed to defer() (list row, progress) wait for a zero-delay pass started by the
        # text view's next paint, so the new span is on screen first (one frame).
        self._views_due = False
        self._later: list[Callable[[], None]] = []
        self._later_timer = QTimer(self)
        self._later_timer.setSingleShot(True)
        self._later_timer.timeout.connect(self.run_later)
        viewport = pane.text_edit.viewport()
        viewport.installEventFilter(self)
        viewport.setMouseTracking(True)

    @property
    def language(self) -> str:
        """The language of the article on show (how its numbers are read), "id" by default."""
        article = self.pane.article
        return article.language if article is not None else "id"

    # ------------------------------------------------------------ loading
    def load(self, article_id: int | None) -> None:
        """Show ``article_id`` with its spans (none: nothing shown)."""
        self.article_id = article_id
        self.current = None
        self.link_mode = None
        if article_id is None:
            self.mine, self.others, self.relations = [], [], []
            if self.suggesting is not None:
                self.suggesting.load()
            return
        self._read()
        self.pane.set_article(self.corpus.article(article_id), self.mine, self.others)
        if self.suggesting is not None:
            self.suggesting.load()
        self._refresh_views()
        self.current_changed.emit(None)

    def _read(self) -> None:
        assert self.article_id is not None
        everyone = self.corpus.spans(self.article_id)
        self.mine = [s for s in everyone if s.annotator == self.annotator]
        self.others = [] if self.blind else [s for s in everyone if s.annotator != self.annotator]
        self.relations = [
            r for r in self.corpus.relations(self.article_id) if r.annotator == self.annotator
        ]

    def reload(self) -> None:
        """Re-read and redraw the spans of the article on show (text and scroll stay)."""
        if self.article_id is None:
            return
        self._read()
        if self.current is not None and self.span(self.current) is None:
            self.current = None
            self.current_changed.emit(None)
        self.pane.set_spans(self.mine, self.others)
        self._mark_links()
        if self.suggesting is not None:
            self.suggesting.after_changes(Changes())
        self._refresh_views()

    def _refresh_views(self) -> None:
        self._views_due = False
        for refresh in self.views:
            refresh()

    # ------------------------------------------------------------ after the paint
    @property
    def views_pending(self) -> bool:
        """Whether the views still show the spans as they were before the last edit."""
        return self._views_due

    @property
    def later_pending(self) -> bool:
        """Whether the after-paint pass (views, deferred callbacks) has yet to run."""
        return self._views_due or bool(self._later)

    def defer(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` in the pass after the text view's next paint."""
        self._later.append(callback)
        self._schedule_later()

    def _schedule_later(self) -> None:
        if not self.pane.text_edit.viewport().isVisible():
            self._later_timer.start(0)  # no paint to wait for (hidden, review mode)
        elif not self._later_timer.isActive():
            self._later_timer.start(LATER_FALLBACK_MS)  # turned to 0 by the next paint

    def run_later(self) -> None:
        """The after-paint pass, now: refresh the views, then the deferred callbacks."""
        self._later_timer.stop()
        if self._views_due:
            self._views_due = False
            if all(isValid(getattr(view, "__self__", self)) for view in self.views):
                self._refresh_views()
        while self._later:
            callbacks, self._later = self._later, []
            for callback in callbacks:
                owner = getattr(callback, "__self__", None)
                if isinstance(owner, QObject) and not isValid(owner):
                    continue  # its window was closed and deleted before the pass ran
                callback()

    def set_blind(self, blind: bool) -> None:
        self.blind = blind
        self.reload()

    # ------------------------------------------------------------ edits
    def edit(self, operation: Callable[[], Changes]) -> Changes | None:
        """Run one store edit; show its error instead of raising; refresh what it changed."""
        try:
            changes = operation()
        except (CorpusError, NothingToUndo) as exc:
            self.message.emit(str(exc)[:1].upper() + str(exc)[1:])
            return None
        self.apply(changes)
        return changes

    def apply(self, changes: Changes) -> None:
        """Show my edit's ``changes``, then hand them on (``changed``: the change bus)."""
        self.show_changes(changes)
        self.changed.emit(changes)

    def on_update(self, update: Update) -> None:
        """The change bus: show a change made elsewhere (my own edits are on show already).
        Someone else's change is read again only when others' spans show here."""
        if update.source is self or self.article_id is None:
            return
        if update.schema or update.new_articles:
            self.reload()
        elif update.unknown:
            if not self.blind and not self.pane.isHidden():  # hidden: review mode
                self.reload()
        else:
            self.show_changes(update.changes)

    def show_changes(self, changes: Changes) -> None:
        """Refresh what ``changes`` names: only the spans and relations it lists are read."""
        if self.article_id is not None and self.article_id in changes.article_ids:
            if changes.schema_changed:
                self.reload()
            elif _touches_labels(changes):
                before = self._ranges(changes.spans_removed | changes.spans_updated)
                dirty = _hull(before + self._patch(changes))
                self.pane.set_spans(self.mine, self.others, dirty)
                self._mark_links()
                if self.suggesting is not None:
                    self.suggesting.after_changes(changes)
                self._views_due = True  # the span panel: after the text view has painted
                self._schedule_later()

    def _ranges(self, named: set[int]) -> list[tuple[int, int]]:
        """Where the spans ``named`` sit now (before patching; none named: no walk)."""
        if not named:
            return []
        return [(s.start, s.end) for s in [*self.mine, *self.others] if s.id in named]

    def _patch(self, changes: Changes) -> list[tuple[int, int]]:
        """Patch the spans and relations on show; returns where the spans read back sit."""
        # Both lists stay in text order: a span read back is inserted at its bisected place
        # (no re-sort of 2,000 spans per edit).
        # An added span is new to the store (never on show): with nothing removed or updated
        # there is nothing to filter out.
        if changes.spans_removed or changes.spans_updated:
            gone = changes.spans_removed | changes.spans_added | changes.spans_updated
            self.mine = [s for s in self.mine if s.id not in gone]
            self.others = [s for s in self.others if s.id not in gone]
        ranges = []
        for span_id in sorted(changes.spans_added | changes.spans_updated):
            span = self.corpus.span(span_id)
            if span.article_id != self.article_id:
                continue
            if span.annotator == self.annotator:
                bisect.insort(self.mine, span, key=text_order)
            elif not self.blind:
                bisect.insort(self.others, span, key=text_order)
            else:
                continue
            ranges.append((span.start, span.end))
        dropped = changes.relations_removed | changes.relations_added
        self.relations = [r for r in self.relations if r.id not in dropped]
        for relation_id in sorted(changes.relations_added):
            relation = self.corpus.relation(relation_id)
            if relation.annotator == self.annotator and relation.article_id == self.article_id:
                self.relations.append(relation)
        if self.current is not None and self.span(self.current) is None:
            self.current = None
            self.current_changed.emit(None)
        return ranges

    def _me(self) -> str | None:
        if not self.annotator:
            self.message.emit(self.tr("Choose who you are first (File › Switch annotator…)"))
        return self.annotator

    def label_selection(self, label: str) -> None:
        """Make the selection a ``label`` span (snapped); with no selection, relabel the span
        in hand."""
        me = self._me()
        if me is None or self.article_id is None or self.pane.article is None:
            return
        text = self.pane.article.text
        start, end = self.pane.selection()
        if start == end:
            if self.current is not None:
                self.set_label(self.current, label)
            else:
                self.message.emit(self.tr("Select some text first, then press the label's key"))
            return
        snap = snap_to_boundaries if self.char_mode else snap_to_words
        start, end = snap(text, start, end)
        if start >= end:
            self.message.emit(self.tr("The selection holds only white space"))
            return
        article_id = self.article_id
        changes = self.edit(lambda: self.corpus.add_span(article_id, me, start, end, label))
        if changes is not None and changes.spans_added:
            self.pane.clear_selection()
            self.set_current(min(changes.spans_added), select_text=False)
            self.message.emit(f"{label}: {text[start:end]}")

    def set_label(self, span_id: int, label: str) -> None:
        me = self._me()
        if me is not None:
            self.edit(lambda: self.corpus.update_span(span_id, me, label=label))

    def set_attribute(self, span_id: int, name: str, value: object) -> None:
        me = self._me()
        if me is not None:
            self.edit(lambda: self.corpus.update_span(span_id, me, attributes={name: value}))

    def delete(self, span_id: int) -> None:
        me = self._me()
        if me is not None and self.edit(lambda: self.corpus.delete_span(span_id, me)):
            # The deleted span's text stays selected otherwise: the next key would label it
            # again, and a press inside it would drag the text.
            self.pane.clear_selection()

    def delete_at_cursor(self) -> None:
        """Delete my innermost span under the text cursor (else the span in hand)."""
        span = innermost(self.mine, self.pane.cursor_position())
        if span is None and self.current is not None:
            span = self.span(self.current)
        if span is None:
            self.message.emit(self.tr("No span of yours under the cursor"))
            return
        self.delete(span.id)

    def delete_relation(self, relation_id: int) -> None:
        me = self._me()
        if me is not None:
            self.edit(lambda: self.corpus.delete_relation(relation_id, me))

    # ------------------------------------------------------------ the span in hand
    def span(self, span_id: int) -> Span | None:
        return next((s for s in [*self.mine, *self.others] if s.id == span_id), None)

    def set_current(self, span_id: int | None, *, select_text: bool = True) -> None:
        if span_id == self.current and not select_text:
            return
        self.current = span_id
        span = self.span(span_id) if span_id is not None else None
        if span is not None and select_text:
            self.pane.select(span.start, span.end)
        self._mark_links()
        self.current_changed.emit(span_id)

    def _mark_links(self) -> None:
        """Draw the links of the claim in hand: its speaker and subjects stand out; and the
        handles of the span in hand, when it is mine (to drag its ends)."""
        span = self.span(self.current) if self.current is not None else None
        if self._drag is None:
            mine = span is not None and bool(self.annotator) and span.annotator == self.annotator
            self.pane.set_handles((span.start, span.end) if span is not None and mine else None)
        linked: list[Span] = []
        if span is not None and span.layer == "claim":
            linked = [s for rel in (SPEAKER, ABOUT, CUE_OF) for s in self.links_of(span.id, rel)]
            cues = {r.head for r in self.relations if r.child == span.id and r.label == CUE_OF}
            linked += [s for s in self.mine if s.id in cues]  # a claim's cue words stand out
        self.pane.mark(linked)

    def walk(self, step: int) -> None:
        """Tab / Shift+Tab: the next / previous of my spans in text order (wrapping)."""
        if not self.mine:
            self.message.emit(self.tr("No spans of yours in this article yet"))
            return
        ids = [s.id for s in self.mine]
        if self.current in ids:
            n = (ids.index(self.current) + step) % len(ids)
        else:
            here = self.pane.cursor_position()
            later = [i for i, s in enumerate(self.mine) if s.start >= here]
            n = (later[0] if later else 0) if step > 0 else (later[0] - 1 if later else -1)
        self.set_current(ids[n % len(ids)])

    def escape(self) -> None:
        if self._drag is not None:  # a handle in the middle of a drag: it goes back
            self._drag = self._drag_to = None
            self._drag_cancelled = True  # the rest of the gesture is not a click
            self.pane.clear_selection()
            self._mark_links()
            self.message.emit(self.tr("Move cancelled"))
            return
        if self.link_mode is not None:
            self.link_mode = None
            self.message.emit(self.tr("Linking cancelled"))
            return
        self.pane.clear_selection()
        self.set_current(None, select_text=False)

    # ------------------------------------------------------------ boundaries
    def _mine_in_hand(self) -> Span | None:
        span = self.span(self.current) if self.current is not None else None
        if span is None or span.annotator != self.annotator:
            self.message.emit(self.tr("Select one of your spans first (Tab walks your spans)"))
            return None
        return span

    def move_boundary(self, edge: str, step: int) -> None:
        """Move the ``edge`` ("start"/"end") of the span in hand one word (in character mode
        one character) left (``step`` -1) or right (+1): one store edit, undone by Undo."""
        if self._me() is None or self.pane.article is None:
            return
        span = self._mine_in_hand()
        if span is None:
            return
        text = self.pane.article.text
        here = span.start if edge == "start" else span.end
        to = boundary_stop(text, here, step, edge, words=not self.char_mode)
        if to is None:
            self.message.emit(self.tr("The span cannot reach beyond the text"))
            return
        start, end = (to, span.end) if edge == "start" else (span.start, to)
        self.set_bounds(span, start, end)

    def set_bounds(self, span: Span, start: int, end: int) -> bool:
        """Give ``span`` the boundaries ``[start, end)`` (code points) in one store edit;
        refused, with a word in the status bar, when the span would be empty, cut a character
        or reach beyond the text. Relations stay: they name the span, not its text."""
        me = self._me()
        if me is None or self.pane.article is None:
            return False
        text = self.pane.article.text
        if not (0 <= start <= len(text) and 0 <= end <= len(text)):
            self.message.emit(self.tr("The span cannot reach beyond the text"))
            return False
        if start >= end:
            self.message.emit(self.tr("The span cannot be empty"))
            return False
        if not (is_boundary(text, start) and is_boundary(text, end)):
            self.message.emit(self.tr("A span cannot end inside a character (an emoji, a flag)"))
            return False
        if (start, end) == (span.start, span.end):
            return False
        had_selection = self.pane.text_edit.textCursor().hasSelection()
        span_id = span.id
        changes = self.edit(lambda: self.corpus.update_span(span_id, me, start=start, end=end))
        if changes is None:
            return False
        if had_selection:  # the span's old text stays selected otherwise, for the next key
            self.pane.select(start, end)
        self.message.emit(f"{span.label}: {text[start:end]}")
        return True

    def _drag_bounds(self, point: QPoint) -> tuple[int, int] | None:
        """Where the dragged span would go with its handle at ``point`` (None: nowhere)."""
        assert self._drag is not None
        span = self.span(self._drag[0])
        if span is None or self.pane.article is None:
            return None
        text = self.pane.article.text
        edge = self._drag[1]
        at = snap_edge(text, self.pane.boundary_at(point), edge, words=not self.char_mode)
        return (at, span.end) if edge == "start" else (span.start, at)

    def _press_handle(self, point: QPoint) -> bool:
        if self.link_mode is not None or self.current is None:
            return False
        edge = self.pane.handle_at(point)
        if edge is None:
            return False
        self._drag = (self.current, edge)
        self._drag_to = None
        return True

    def _move_handle(self, point: QPoint) -> None:
        to = self._drag_bounds(point)
        self._drag_to = to
        if to is not None and to[0] < to[1]:
            self.pane.set_handles(to)  # the handles follow the pointer; the store waits
            self.pane.select(*to)

    def _release_handle(self, point: QPoint) -> None:
        if self._drag is None:  # Esc cancelled the drag before the release
            return
        to = self._drag_bounds(point) if self._drag_to is not None else None
        span = self.span(self._drag[0])
        self._drag = self._drag_to = None
        self.pane.clear_selection()
        if span is not None and to is not None:
            self.set_bounds(span, *to)
        self._mark_links()  # the handles where the span now is

    def _hover(self, point: QPoint) -> None:
        over = self._drag is not None or (
            self.link_mode is None and self.pane.handle_at(point) is not None
        )
        if over != self._over_handle:
            self._over_handle = over
            viewport = self.pane.text_edit.viewport()
            shape = Qt.CursorShape.SizeHorCursor if over else Qt.CursorShape.IBeamCursor
            viewport.setCursor(shape)

    # ------------------------------------------------------------ links
    def links_of(self, span_id: int, label: str) -> list[Span]:
        # Called once per claim when the span panel refreshes: with no link, no walk over
        # every span (158 claims x 2,000 spans cost 50 ms a refresh).
        ids = {r.child for r in self.relations if r.head == span_id and r.label == label}
        if not ids:
            return []
        return [s for s in self.mine if s.id in ids]

    def candidates(self, label: str) -> list[Span]:
        """My spans of this article that ``label`` may point to."""
        try:
            allowed = set(self.corpus.schema.relation(label).child_labels)
        except ValueError:
            return []
        return [s for s in self.mine if s.label in allowed]

    def claim_in_hand(self) -> Span | None:
        """My claim in hand (else under the cursor); None, said on the status bar, if none."""
        return self._claim_in_hand()

    def _claim_in_hand(self) -> Span | None:
        span = self.span(self.current) if self.current is not None else None
        if span is None:
            span = innermost(
                [s for s in self.mine if s.layer == "claim"], self.pane.cursor_position()
            )
        if span is None or span.layer != "claim" or span.annotator != self.annotator:
            self.message.emit(self.tr("Select one of your claims first (Tab walks your spans)"))
            return None
        return span

    def start_link(self, label: str) -> None:
        """S / A: the next span clicked becomes the claim's speaker / subject."""
        if self._me() is None:
            return
        claim = self._claim_in_hand()
        if claim is None:
            return
        self.set_current(claim.id, select_text=False)
        label = relation_for(self.corpus.schema, claim.label, label)
        self.link_mode = label
        self.message.emit(
            self.tr("Click the {what} of “{claim}” (Esc cancels)").format(
                what=self.tr(LINK_TEXT.get(label, label)), claim=span_summary(claim)
            )
        )

    def link_to(self, child_id: int, label: str | None = None) -> None:
        me = self._me()
        label = label or self.link_mode
        self.link_mode = None
        if me is None or label is None or self.current is None:
            return
        head = self.current
        changes = self.edit(lambda: self.corpus.add_relation(head, child_id, label, me))
        child = self.span(child_id)
        if changes is not None and child is not None:
            self.message.emit(f"{label}: {child.text}")

    def choose_link(self, label: str, at: QPoint | None = None) -> QMenu | None:
        """Shift+S / Shift+A: pick the claim's speaker / subject from a menu at the cursor."""
        if self._me() is None:
            return None
        claim = self._claim_in_hand()
        if claim is None:
            return None
        self.set_current(claim.id, select_text=False)
        label = relation_for(self.corpus.schema, claim.label, label)
        options = self.candidates(label)
        if not options:
            self.message.emit(
                self.tr("This article has no span that {link} can point to yet").format(link=label)
            )
            return None
        menu = QMenu(self.pane)
        menu.setObjectName("linkMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for span in options:
            action = menu.addAction(span_summary(span))
            action.setData(span.id)
            action.triggered.connect(lambda _c=False, s=span.id: self.link_to(s, label))
        if at is None:
            rect = self.pane.text_edit.cursorRect()
            at = self.pane.text_edit.viewport().mapToGlobal(rect.bottomLeft())
        menu.popup(at)
        return menu

    # ------------------------------------------------------------ mouse on the text
    def position_at_point(self, point: QPoint) -> int:
        """The character (code points) under a viewport point."""
        edit = self.pane.text_edit
        u16 = edit.cursorForPosition(point).position()
        # The cursor lands between characters: take the character whose box holds the point.
        left = edit.cursorRect(edit.cursorForPosition(point)).left()
        if point.x() < left and u16 > 0:
            u16 -= 1
        return self.pane.codepoint_at(min(u16, self.pane.utf16_map.utf16_length))

    def span_at_point(self, point: QPoint) -> Span | None:
        """My innermost span under a viewport point, else another annotator's."""
        position = self.position_at_point(point)
        return innermost(self.mine, position) or innermost(self.others, position)

    def clicked(self, point: QPoint) -> None:
        if self.pane.text_edit.textCursor().hasSelection():
            return  # a drag selected text: that is for labelling, not a click on a span
        span = self.span_at_point(point)
        if self.link_mode is not None:
            if span is None or span.annotator != self.annotator:
                self.message.emit(self.tr("Click one of your spans (Esc cancels)"))
                return
            self.link_to(span.id)
            return
        self.set_current(span.id if span else None, select_text=False)

    def tooltip(self, span: Span) -> str:
        lines = [
            f"<b>{span.label}</b> — {_escape(span.text)}",
            self.tr("by {name}").format(name=_escape(span.annotator)),
        ]
        language = current_language()
        for name, value in span.attributes.items():
            if value in ("", None):
                continue
            attribute = self.corpus.schema.attribute(span.layer, name)
            title = attribute.display_name(language) if attribute else readable(name)
            if isinstance(value, bool):
                shown = self.tr("yes") if value else self.tr("no")
            else:
                shown = attribute.value_name(value, language) if attribute else str(value)
            lines.append(f"{_escape(title)}: {_escape(shown)}")
        values = values_text(span, self.language)
        if values:
            lines.append(self.tr("values: {values}").format(values=_escape(values)))
        relations = self.relations if span.annotator == self.annotator else []
        for rel in relations:
            if rel.head == span.id:
                child = self.span(rel.child)
                if child is not None:
                    lines.append(f"{rel.label} → {_escape(child.text)}")
        return "<br>".join(lines)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Paint:
            if self._later_timer.isActive():
                self._later_timer.start(0)  # runs once this paint is done
            return False
        if isinstance(event, QMouseEvent) and kind in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.MouseButtonRelease,
        ):
            point = event.position().toPoint()
            left = event.button() == Qt.MouseButton.LeftButton
            if self._drag_cancelled and kind != QEvent.Type.MouseButtonPress:
                if kind == QEvent.Type.MouseButtonRelease and left:
                    self._drag_cancelled = False
                return True
            self._drag_cancelled = False
            if kind == QEvent.Type.MouseMove:
                self._hover(point)
                if self._drag is not None:
                    self._move_handle(point)
                    return True
            elif kind == QEvent.Type.MouseButtonPress:
                if left and self._press_handle(point):
                    return True
            elif self._drag is not None:
                if left:
                    self._release_handle(point)
                    self._hover(point)
                return True
            else:
                self.clicked(point)
        elif kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            span = self.span_at_point(event.pos())
            offer = None
            if span is None and self.suggesting is not None:
                offer = self.suggesting.offer_at(self.position_at_point(event.pos()))
            if span is not None:
                QToolTip.showText(event.globalPos(), self.tooltip(span), self.pane.text_edit)
            elif offer is not None:
                text = self.tr(
                    "Suggested <b>{label}</b> ({origin}): Enter accepts, Backspace rejects"
                )
                QToolTip.showText(
                    event.globalPos(),
                    text.format(label=_escape(offer.label), origin=_escape(offer.origin)),
                    self.pane.text_edit,
                )
            else:
                QToolTip.hideText()
            return True
        return False


def _hull(ranges: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The stretch covering all ``ranges``: (0, 0), nothing to redraw, when there are none."""
    if not ranges:
        return (0, 0)
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def _touches_labels(changes: Changes) -> bool:
    return bool(
        changes.spans_added
        or changes.spans_removed
        or changes.spans_updated
        or changes.relations_added
        or changes.relations_removed
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
