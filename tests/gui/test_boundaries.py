"""Changing a span's boundaries: keys by word and by character, handles dragged with the mouse,
refusals, undo/redo, relations kept; no text drag in the labelling pane. Real keys and mouse
events on the widgets, checked in the store (code points) of an article with emoji."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from annotator.core.model import Span
from annotator.gui.main_window import MainWindow
from annotator.store.corpus import Corpus
from tests.gui.conftest import ANNOTATOR, EMOJI_TEXT, SeedCorpus
from tests.gui.util import find, open_emoji, point_of, settled, spans_in_db, utf16

ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
LEFT, RIGHT = Qt.Key.Key_Left, Qt.Key.Key_Right
START = SHIFT | ALT  # Alt+Shift+←/→ moves the start
END = CTRL | ALT  # Ctrl+Alt+←/→ moves the end
CLAIM = "bahwa Jakarta aman 🎉 dan Bandung juga"


def _span(corpus: Corpus, span_id: int) -> tuple[int, int, str]:
    span = corpus.span(span_id)
    return span.start, span.end, span.text


def _by_text(corpus: Corpus, article_id: int, text: str) -> Span:
    return next(s for s in corpus.spans(article_id, ANNOTATOR) if s.text == text)


def _all(corpus: Corpus, article_id: int) -> set[tuple[int, int, int, str]]:
    return {(s.id, s.start, s.end, s.label) for s in corpus.spans(article_id)}


def _hold(window: MainWindow, span: Span) -> None:
    """Take ``span`` in hand as a click on it in the span panel would (text selected)."""
    window.labelling.set_current(span.id)
    window.text_pane.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)


def _range(needle: str, after: str = "") -> tuple[int, int, str]:
    start = EMOJI_TEXT.index(needle, EMOJI_TEXT.index(after) if after else 0)
    return start, start + len(needle), needle


def test_keys_move_the_span_ends_by_word_after_emoji(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    article = seed_corpus.emoji_id
    open_emoji(window, seed_corpus)
    edit = window.text_pane.text_edit
    qtbot.keyClick(edit, Qt.Key.Key_Tab)  # my first span in text order: Anies Baswedan
    person = _by_text(open_corpus, article, "Anies Baswedan")
    assert window.labelling.current == person.id
    start, _ = find("Menurut")
    assert utf16(EMOJI_TEXT, start) == start + 7  # seven astral code points before it

    qtbot.keyClick(edit, LEFT, START)
    assert _span(open_corpus, person.id) == _range("Menurut Anies Baswedan")
    qtbot.keyClick(edit, RIGHT, END)  # an emoji is a word of its own
    assert _span(open_corpus, person.id) == _range("Menurut Anies Baswedan 😀")
    qtbot.keyClick(edit, RIGHT, END)  # and so is a comma
    assert _span(open_corpus, person.id) == _range("Menurut Anies Baswedan 😀,")
    qtbot.keyClick(edit, RIGHT, START)
    qtbot.keyClick(edit, LEFT, END)
    qtbot.keyClick(edit, LEFT, END)
    assert _span(open_corpus, person.id) == _range("Anies Baswedan")
    s, e, text = _range("Anies Baswedan")
    assert (s, e, "PERSON", text) in spans_in_db(seed_corpus.path, article)
    # The selection (Tab selected the span) follows the span, in UTF-16 units.
    cursor = edit.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (
        utf16(EMOJI_TEXT, s),
        utf16(EMOJI_TEXT, e),
    )
    assert window.labelling.current == person.id
    assert window.text_pane.handles == (s, e)
    settled(qtbot, window)
    assert "PERSON: Anies Baswedan" in window.statusBar().currentMessage()


def test_character_mode_moves_by_whole_graphemes(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    article = seed_corpus.emoji_id
    s, e, _ = _range("keluarga")
    span_id = min(open_corpus.add_span(article, ANNOTATOR, s, e, "NORP").spans_added)
    open_emoji(window, seed_corpus)
    edit = window.text_pane.text_edit
    qtbot.keyClick(edit, Qt.Key.Key_C, CTRL | SHIFT)  # character mode
    assert window.labelling.char_mode
    _hold(window, open_corpus.span(span_id))

    qtbot.keyClick(edit, RIGHT, END)
    assert _span(open_corpus, span_id) == _range("keluarga ")
    qtbot.keyClick(edit, RIGHT, END)  # the ZWJ family: five code points, one character
    assert _span(open_corpus, span_id) == _range("keluarga 👩\u200d👩\u200d👧")
    qtbot.keyClick(edit, LEFT, START)
    qtbot.keyClick(edit, LEFT, START)  # the flag: two regional indicators, one character
    assert _span(open_corpus, span_id) == _range("🇮🇩 keluarga 👩\u200d👩\u200d👧")
    qtbot.keyClick(edit, RIGHT, START)
    qtbot.keyClick(edit, LEFT, END)
    assert _span(open_corpus, span_id) == _range(" keluarga ")
    qtbot.keyClick(edit, RIGHT, START)
    qtbot.keyClick(edit, RIGHT, START)
    assert _span(open_corpus, span_id) == _range("eluarga ")


def test_moves_that_would_break_the_span_are_refused(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    article = seed_corpus.emoji_id
    first = min(open_corpus.add_span(article, ANNOTATOR, 0, 5, "EVENT").spans_added)  # "Emoji"
    word = _by_text(open_corpus, article, "Jakarta")
    open_emoji(window, seed_corpus)
    edit = window.text_pane.text_edit
    before = _all(open_corpus, article)
    undo_before = window.action_by_name["undo"].isEnabled()

    _hold(window, open_corpus.span(first))
    qtbot.keyClick(edit, LEFT, START)
    assert "beyond the text" in window.statusBar().currentMessage()
    _hold(window, word)
    qtbot.keyClick(edit, RIGHT, START)  # one word: moving its start right leaves nothing
    assert "empty" in window.statusBar().currentMessage()
    qtbot.keyClick(edit, LEFT, END)
    assert "empty" in window.statusBar().currentMessage()
    assert _all(open_corpus, article) == before
    assert window.action_by_name["undo"].isEnabled() == undo_before

    # Without a span of mine in hand, the keys only say what to do.
    window.labelling.escape()
    qtbot.keyClick(edit, RIGHT, END)
    assert "Select one of your spans" in window.statusBar().currentMessage()
    assert _all(open_corpus, article) == before


def test_undo_and_redo_restore_exact_offsets_and_relations_stay(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    article = seed_corpus.emoji_id
    claim = _by_text(open_corpus, article, CLAIM)
    person = _by_text(open_corpus, article, "Anies Baswedan")
    (relation_id,) = open_corpus.add_relation(
        claim.id, person.id, "SAID_BY", ANNOTATOR
    ).relations_added
    open_emoji(window, seed_corpus)
    edit = window.text_pane.text_edit
    _hold(window, claim)

    qtbot.keyClick(edit, LEFT, END)
    qtbot.keyClick(edit, LEFT, END)
    assert _span(open_corpus, claim.id) == _range("bahwa Jakarta aman 🎉 dan")
    qtbot.keyClick(edit, LEFT, START)  # a comma is a word of its own
    assert _span(open_corpus, claim.id) == _range(", bahwa Jakarta aman 🎉 dan")
    qtbot.keyClick(edit, LEFT, START)
    assert _span(open_corpus, claim.id) == _range("dia, bahwa Jakarta aman 🎉 dan")
    steps = [_span(open_corpus, claim.id)]

    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)
    steps.append(_span(open_corpus, claim.id))
    for _ in range(3):
        qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)
    assert _span(open_corpus, claim.id) == (claim.start, claim.end, CLAIM)
    assert steps[1] == _range(", bahwa Jakarta aman 🎉 dan")
    for _ in range(4):
        qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL | SHIFT)
    assert _span(open_corpus, claim.id) == steps[0]
    assert window.text_pane.handles == steps[0][:2]

    # The claim keeps its speaker through every move, undo and redo.
    (relation,) = open_corpus.relations(article)
    assert (relation.id, relation.head, relation.child) == (relation_id, claim.id, person.id)
    _hold(window, person)
    qtbot.keyClick(edit, LEFT, START)
    assert _span(open_corpus, person.id) == _range("Menurut Anies Baswedan")
    assert [(r.head, r.child) for r in open_corpus.relations(article)] == [(claim.id, person.id)]


def _at(window: MainWindow, cp: int) -> QPoint:
    """A viewport point just right of the boundary before code point ``cp``."""
    edit = window.text_pane.text_edit
    cursor = QTextCursor(edit.document())
    cursor.setPosition(utf16(EMOJI_TEXT, cp))
    rect = edit.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


def _press_drag_release(qtbot, viewport, start: QPoint, end: QPoint) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseMove(viewport, start)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    middle = QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2)
    qtbot.mouseMove(viewport, middle)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def test_dragging_the_handles_moves_the_span_ends(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    article = seed_corpus.emoji_id
    open_emoji(window, seed_corpus)
    pane = window.text_pane
    viewport = pane.text_edit.viewport()
    person = _by_text(open_corpus, article, "Anies Baswedan")
    window.labelling.set_current(person.id, select_text=False)
    rects = pane.handle_rects()
    assert set(rects) == {"start", "end"}

    # Over a handle the pointer says it resizes; elsewhere it is the text's I-beam.
    qtbot.mouseMove(viewport, rects["start"].center())
    assert viewport.cursor().shape() == Qt.CursorShape.SizeHorCursor
    qtbot.mouseMove(viewport, point_of(window, EMOJI_TEXT.index("kata")))
    assert viewport.cursor().shape() == Qt.CursorShape.IBeamCursor

    # The start dropped inside "Menurut" takes the whole word (word snapping).
    _press_drag_release(
        qtbot, viewport, rects["start"].center(), point_of(window, EMOJI_TEXT.index("nurut"))
    )
    assert _span(open_corpus, person.id) == _range("Menurut Anies Baswedan")
    assert not pane.text_edit.textCursor().hasSelection()
    # The end dropped inside "kata", past an emoji and a comma.
    end_handle = pane.handle_rects()["end"].center()
    _press_drag_release(qtbot, viewport, end_handle, point_of(window, EMOJI_TEXT.index("ata")))
    assert _span(open_corpus, person.id) == _range("Menurut Anies Baswedan 😀, kata")
    assert window.labelling.current == person.id
    # Dragged past the other end: refused, nothing changes.
    _press_drag_release(qtbot, viewport, pane.handle_rects()["end"].center(), point_of(window, 2))
    assert "empty" in window.statusBar().currentMessage()
    assert _span(open_corpus, person.id) == _range("Menurut Anies Baswedan 😀, kata")

    # Esc in the middle of a drag: the handle goes back, nothing changes, no click follows.
    handle = pane.handle_rects()["start"].center()
    qtbot.mouseMove(viewport, handle)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=handle)
    qtbot.mouseMove(viewport, point_of(window, EMOJI_TEXT.index("Anies") + 2))
    assert pane.text_edit.textCursor().hasSelection()  # the span as it would be
    qtbot.keyClick(pane.text_edit, Qt.Key.Key_Escape)
    qtbot.mouseRelease(
        viewport, Qt.MouseButton.LeftButton, pos=point_of(window, EMOJI_TEXT.index("Anies") + 2)
    )
    assert "cancelled" in window.statusBar().currentMessage()
    assert _span(open_corpus, person.id) == _range("Menurut Anies Baswedan 😀, kata")
    assert window.labelling.current == person.id
    assert pane.handles == _range("Menurut Anies Baswedan 😀, kata")[:2]
    assert not pane.text_edit.textCursor().hasSelection()

    qtbot.keyClick(pane.text_edit, Qt.Key.Key_Z, CTRL)  # one drag, one undo step
    assert _span(open_corpus, person.id) == _range("Menurut Anies Baswedan")


def test_after_a_delete_nothing_is_selected_and_a_drag_selects_anew(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    article = seed_corpus.emoji_id
    open_emoji(window, seed_corpus)
    edit = window.text_pane.text_edit
    claim = _by_text(open_corpus, article, CLAIM)
    _hold(window, claim)
    assert edit.textCursor().hasSelection()

    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert claim.id not in {s.id for s in open_corpus.spans(article)}
    assert not edit.textCursor().hasSelection()
    assert window.text_pane.handles is None

    # Select text again and drag inside that selection: a new selection, never a text drag.
    s, e, _ = _range("aman 🎉 dan Bandung")
    _press_drag_release(qtbot, edit.viewport(), _at(window, s), _at(window, e))
    assert window.text_pane.selection() == (s, e)
    inner_s, inner_e, _ = _range("dan", after="aman")
    _press_drag_release(qtbot, edit.viewport(), _at(window, inner_s), _at(window, inner_e))
    assert window.text_pane.selection() == (inner_s, inner_e)
    qtbot.keyClick(edit, Qt.Key.Key_9)  # CLAIM: only what the second drag selected
    labelled = {(x.start, x.end, x.label) for x in open_corpus.spans(article, ANNOTATOR)}
    assert (inner_s, inner_e, "CLAIM") in labelled
    assert not any(label == "CLAIM" and st == s for st, _, label in labelled)
    # Shift+click still extends the selection from where it was anchored.
    _press_drag_release(qtbot, edit.viewport(), _at(window, s), _at(window, inner_s))
    qtbot.mouseClick(edit.viewport(), Qt.MouseButton.LeftButton, SHIFT, _at(window, e))
    assert window.text_pane.selection() == (s, e)


def test_word_and_character_stops_in_indonesian_news_text() -> None:
    from annotator.gui.labelling import boundary_stop, snap_edge

    text = "Kata Ma'ruf, anak-anak Rp1.000,50 e\u0301 👩\u200d👧 ok."
    words = [m for m in (text.index(w) for w in ("Ma'ruf", "anak-anak", "Rp1.000,50"))]
    # By word: joined words and numbers are one word; the comma after a name is its own.
    assert boundary_stop(text, 0, +1, "start", words=True) == words[0]
    assert boundary_stop(text, words[0], +1, "end", words=True) == words[0] + len("Ma'ruf")
    after_name = words[0] + len("Ma'ruf")
    assert boundary_stop(text, after_name, +1, "end", words=True) == after_name + 1  # ","
    assert boundary_stop(text, after_name + 1, +1, "end", words=True) == words[1] + 9
    assert boundary_stop(text, words[1] + 9, +1, "end", words=True) == words[2] + 10
    assert boundary_stop(text, words[2], -1, "start", words=True) == words[1]
    # By character: an accent stays with its letter, a ZWJ family is one character.
    accent = text.index("e\u0301")
    assert boundary_stop(text, accent, +1, "end", words=False) == accent + 2
    family = text.index("👩")
    assert boundary_stop(text, family, +1, "end", words=False) == family + 3
    assert boundary_stop(text, family + 3, -1, "start", words=False) == family
    # The ends of the text stop both.
    assert boundary_stop(text, 0, -1, "start", words=False) is None
    assert boundary_stop(text, len(text), +1, "end", words=True) is None
    # A handle dropped inside a joined word takes all of it.
    assert snap_edge(text, words[1] + 6, "start", words=True) == words[1]
    assert snap_edge(text, words[1] + 2, "end", words=True) == words[1] + 9
    assert snap_edge(text, words[2] + 4, "end", words=True) == words[2] + 10
    assert snap_edge(text, family + 1, "end", words=False) == family + 3


def test_the_keyboard_reference_lists_the_boundary_keys(window: MainWindow) -> None:
    from annotator.gui.dialogs.help import KeyboardReference

    dialog = KeyboardReference(window.corpus.schema, window)
    table = dialog.table
    rows = {
        " | ".join(table.item(r, c).text() for c in range(table.columnCount()))
        for r in range(table.rowCount())
    }
    dialog.deleteLater()
    for key, what in (
        ("Alt+Shift+Left", "Move span start left"),
        ("Alt+Shift+Right", "Move span start right"),
        ("Ctrl+Alt+Left", "Move span end left"),
        ("Ctrl+Alt+Right", "Move span end right"),
    ):
        assert f"Edit | {key} | {what}" in rows
