"""The span panel's editors, status and progress, undo/redo of each kind of edit, a restart,
blind mode, navigation and active time — through the real widgets, checked in the store."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from annotator.core.model import Status
from annotator.gui.activity import IDLE_SECONDS
from annotator.gui.main_window import MainWindow
from annotator.store.corpus import Corpus
from tests.gui.conftest import ANNOTATOR, EMOJI_TEXT, SeedCorpus
from tests.gui.util import click_text, db_rows, find, open_emoji, select_text, settled, utf16

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CLAIM = "bahwa Jakarta aman 🎉 dan Bandung juga"


def _claim(corpus: Corpus, article_id: int):  # type: ignore[no-untyped-def]
    return next(s for s in corpus.spans(article_id, ANNOTATOR) if s.label == "CLAIM")


def _editor(window: MainWindow, name: str):  # type: ignore[no-untyped-def]
    return window.span_panel.editor.editors[name]


def _attributes_in_db(seed: SeedCorpus, span_id: int) -> str:
    ((attrs,),) = db_rows(seed.path, "SELECT attributes FROM span WHERE id = ?", span_id)
    return str(attrs)


def _undo(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_Z, CTRL)
    settled(qtbot, window)


def _redo(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_Z, CTRL | SHIFT)
    settled(qtbot, window)


def test_attributes_edited_in_the_span_panel_then_undone_and_redone(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    open_emoji(window, seed_corpus)
    claim = _claim(open_corpus, seed_corpus.emoji_id)
    click_text(qtbot, window, find(CLAIM)[0] + 1)
    assert window.span_panel.editor.span is not None
    assert window.span_panel.editor.span.id == claim.id

    combo = _editor(window, "claim_type")
    assert isinstance(combo, QComboBox) and combo.currentText() == "statement"
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # statement -> prediction
    assert open_corpus.span(claim.id).attributes["claim_type"] == "prediction"
    assert '"claim_type": "prediction"' in _attributes_in_db(seed_corpus, claim.id)

    box = _editor(window, "check_worthy")
    assert isinstance(box, QCheckBox) and not box.isChecked()
    qtbot.waitUntil(box.isVisible)  # a layout shows new widgets on the next event loop turn
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert open_corpus.span(claim.id).attributes["check_worthy"] is True
    assert _editor(window, "check_worthy") is box and box.hasFocus()  # the form stayed put

    note = _editor(window, "note")
    assert isinstance(note, QLineEdit)
    qtbot.mouseClick(note, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(note, "cek data BPS")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert open_corpus.span(claim.id).attributes["note"] == "cek data BPS"
    assert '"note": "cek data BPS"' in _attributes_in_db(seed_corpus, claim.id)
    # The panel row and the form show what the store holds.
    settled(qtbot, window)
    row = window.span_panel.model.row_of(claim.id)
    attrs_cell = window.span_panel.model.index(row or 0, 3).data()
    assert "prediction" in attrs_cell and "check-worthy" in attrs_cell  # display names
    assert _editor(window, "note").text() == "cek data BPS"

    _undo(qtbot, window)
    assert open_corpus.span(claim.id).attributes["note"] == ""
    _undo(qtbot, window)
    assert open_corpus.span(claim.id).attributes["check_worthy"] is False
    _undo(qtbot, window)
    assert open_corpus.span(claim.id).attributes["claim_type"] == "statement"
    assert _editor(window, "claim_type").currentText() == "statement"  # the form followed
    _redo(qtbot, window)
    assert open_corpus.span(claim.id).attributes["claim_type"] == "prediction"
    assert '"claim_type": "prediction"' in _attributes_in_db(seed_corpus, claim.id)


def test_label_changed_in_the_span_panel(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    open_emoji(window, seed_corpus)
    click_text(qtbot, window, find("Bandung")[0] + 1)
    combo = window.span_panel.editor.label_combo
    assert combo.currentData() == "GPE"
    assert [combo.itemData(n) for n in range(combo.count())][:3] == ["PERSON", "ORG", "GPE"]
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # GPE -> LOC
    labels = {s.text: s.label for s in open_corpus.spans(seed_corpus.emoji_id, ANNOTATOR)}
    assert labels["Bandung"] == "LOC"
    assert ("LOC",) in db_rows(seed_corpus.path, "SELECT label FROM span WHERE text = 'Bandung'")
    fmt = window.text_pane.char_format_at(utf16(EMOJI_TEXT, find("Bandung")[0]))
    assert fmt.underlineColor().name() == "#8c564b"  # redrawn in LOC's colour
    _undo(qtbot, window)
    assert {s.text: s.label for s in open_corpus.spans(seed_corpus.emoji_id)}["Bandung"] == "GPE"


def test_span_and_relation_undo_and_redo(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    open_emoji(window, seed_corpus)
    edit = window.text_pane.text_edit
    start, end = find("Menurut")
    select_text(window, start, end)
    qtbot.keyClick(edit, Qt.Key.Key_1)
    assert "Menurut" in {s.text for s in open_corpus.spans(seed_corpus.emoji_id)}
    _undo(qtbot, window)
    assert "Menurut" not in {s.text for s in open_corpus.spans(seed_corpus.emoji_id)}
    assert db_rows(seed_corpus.path, "SELECT id FROM span WHERE text = 'Menurut'") == []
    assert window.span_panel.model.rowCount() == 4
    _redo(qtbot, window)
    assert "Menurut" in {s.text for s in open_corpus.spans(seed_corpus.emoji_id)}
    assert window.span_panel.model.rowCount() == 5

    click_text(qtbot, window, find(CLAIM)[0] + 1)
    qtbot.keyClick(edit, Qt.Key.Key_S)
    click_text(qtbot, window, find("Anies")[0] + 1)
    assert len(open_corpus.relations(seed_corpus.emoji_id)) == 1
    _undo(qtbot, window)
    assert open_corpus.relations(seed_corpus.emoji_id) == []
    assert db_rows(seed_corpus.path, "SELECT id FROM relation") == []
    _redo(qtbot, window)
    (rel,) = open_corpus.relations(seed_corpus.emoji_id)
    assert open_corpus.span(rel.child).text == "Anies Baswedan"


def test_mark_done_progress_and_undo(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    open_emoji(window, seed_corpus)
    assert window.progress_bar.text() == "0/6 done"
    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_Return, CTRL)
    assert open_corpus.status(seed_corpus.emoji_id, ANNOTATOR) == Status.DONE
    assert db_rows(seed_corpus.path, "SELECT status FROM article_status") == [("done",)]
    settled(qtbot, window)  # the progress count and the list row: right after the paint
    assert window.progress_bar.text() == "1/6 done"
    model = window.article_list.model
    row = model.row_of(seed_corpus.emoji_id)
    assert model.index(row or 0, model.STATUS).data() == "Done"

    _undo(qtbot, window)
    assert open_corpus.status(seed_corpus.emoji_id, ANNOTATOR) == Status.IN_PROGRESS
    assert window.progress_bar.text() == "0/6 done"
    _redo(qtbot, window)
    assert open_corpus.status(seed_corpus.emoji_id, ANNOTATOR) == Status.DONE

    window.action_by_name["mark_skipped"].trigger()
    assert open_corpus.status(seed_corpus.emoji_id, ANNOTATOR) == Status.SKIPPED
    settled(qtbot, window)
    assert model.index(row or 0, model.STATUS).data() == "Skipped"


def test_undo_of_a_change_on_another_article_goes_there(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    open_emoji(window, seed_corpus)
    select_text(window, *find("Menurut"))
    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_1)
    window.article_list.select_row(0)
    assert window.current_article_id != seed_corpus.emoji_id
    window.action_by_name["undo"].trigger()
    assert window.current_article_id == seed_corpus.emoji_id
    assert "Menurut" not in {s.text for s in window.labelling.mine}


def test_navigation_between_articles(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    ids = open_corpus.article_ids()
    assert window.current_article_id == ids[0]
    edit = window.text_pane.text_edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current_article_id == ids[1]
    qtbot.keyClick(edit, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.current_article_id == ids[0]
    open_corpus.set_status(ids[1], ANNOTATOR, Status.DONE)
    open_corpus.set_status(ids[2], ANNOTATOR, Status.SKIPPED)
    qtbot.keyClick(edit, Qt.Key.Key_N, CTRL)
    assert window.current_article_id == ids[3]


def test_everything_is_as_left_after_a_restart(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    open_emoji(window, seed_corpus)
    edit = window.text_pane.text_edit
    select_text(window, *find("Menurut"))
    qtbot.keyClick(edit, Qt.Key.Key_5)
    click_text(qtbot, window, find(CLAIM)[0] + 1)
    qtbot.keyClick(edit, Qt.Key.Key_S)
    click_text(qtbot, window, find("Anies")[0] + 1)
    click_text(qtbot, window, find(CLAIM)[0] + 1)
    settled(qtbot, window)  # the form shows the claim once the panel caught up with the link
    qtbot.keyClick(_editor(window, "certainty"), Qt.Key.Key_Down)
    qtbot.keyClick(edit, Qt.Key.Key_Return, CTRL)
    window.action_by_name["blind_mode"].trigger()  # off
    window.close()

    again = MainWindow(open_corpus, ANNOTATOR)
    qtbot.addWidget(again)
    again.restore_layout()
    again.show()
    again.open_start()
    assert again.current_article_id == seed_corpus.emoji_id  # the last article
    assert not again.action_by_name["blind_mode"].isChecked()
    texts = {s.text: s for s in again.labelling.mine}
    assert texts["Menurut"].label == "NORP"
    assert texts[CLAIM].attributes["certainty"] == "hedged"
    row = again.span_panel.model.row_of(texts[CLAIM].id)
    model = again.span_panel.model
    assert model.index(row or 0, model.SPEAKER).data() == "Anies Baswedan"
    assert again.progress_bar.text() == "1/6 done"
    fmt = again.text_pane.char_format_at(utf16(EMOJI_TEXT, find("Menurut")[0]))
    assert fmt.underlineColor().name() == "#9467bd"
    # And undo still reaches back across the restart.
    again.action_by_name["undo"].trigger()
    assert open_corpus.status(seed_corpus.emoji_id, ANNOTATOR) == Status.IN_PROGRESS
    again.close()


def test_blind_mode_hides_other_annotators_spans(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    start, end = find("keluarga")
    open_corpus.add_span(seed_corpus.emoji_id, "bob", start, end, "NORP")
    open_emoji(window, seed_corpus)
    pane, panel = window.text_pane, window.span_panel
    blind = window.action_by_name["blind_mode"]
    assert blind.isChecked()  # on by default: annotators label independently

    def bob_visible() -> tuple[bool, bool, bool]:
        fmt = pane.char_format_at(utf16(EMOJI_TEXT, start))
        drawn = fmt.underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline
        listed = any(
            panel.model.span_at(n).annotator == "bob" for n in range(panel.model.rowCount())
        )
        return drawn, listed, "by others" in panel.count_label.text()

    assert bob_visible() == (False, False, False)
    qtbot.keyClick(pane.text_edit, Qt.Key.Key_B, CTRL | SHIFT)
    assert not blind.isChecked()
    assert bob_visible() == (True, True, True)
    fmt = pane.char_format_at(utf16(EMOJI_TEXT, start))
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine  # faint, not a tint
    click_text(qtbot, window, start + 1)
    bob_span = window.labelling.span(window.labelling.current or -1)
    assert bob_span is not None and bob_span.annotator == "bob"
    assert not window.span_panel.editor.delete_button.isEnabled()  # not mine to edit
    qtbot.keyClick(pane.text_edit, Qt.Key.Key_B, CTRL | SHIFT)
    assert bob_visible() == (False, False, False)
    assert {s.annotator for s in open_corpus.spans(seed_corpus.emoji_id)} == {"alice", "bob"}


def test_active_time_counts_only_while_not_idle(
    qtbot, open_corpus: Corpus, seed_corpus: SeedCorpus
) -> None:
    now = [1000.0]
    win = MainWindow(open_corpus, ANNOTATOR, clock=lambda: now[0])
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    open_emoji(win, seed_corpus)
    edit = win.text_pane.text_edit

    qtbot.keyClick(edit, Qt.Key.Key_Right)  # t=1000: working
    now[0] += 20
    qtbot.keyClick(edit, Qt.Key.Key_Right)  # t=1020: 20 s of work
    now[0] += 500  # then away for a long lunch: only IDLE_SECONDS of it count
    win.article_list.select_row(0)  # switching article writes the time to the one left
    assert open_corpus.active_seconds(seed_corpus.emoji_id, ANNOTATOR) == 20 + IDLE_SECONDS
    ((stored,),) = db_rows(seed_corpus.path, "SELECT active_seconds FROM article_status")
    assert stored == 20 + IDLE_SECONDS

    first = win.current_article_id
    assert first is not None
    now[0] += 1000  # nobody touched anything since arriving: nothing counts
    win.flush_active_time()
    assert open_corpus.active_seconds(first, ANNOTATOR) == 0
    qtbot.keyClick(edit, Qt.Key.Key_Right)
    now[0] += 7
    win.activity.pause()  # the window lost focus: the clock stops at once
    now[0] += 30
    win.close()  # closing writes the rest
    assert open_corpus.active_seconds(first, ANNOTATOR) == 7


def test_switching_annotator_shows_the_new_annotators_work(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot, monkeypatch
) -> None:
    from annotator.gui import commands  # Commands.switch_annotator asks who

    start, end = find("keluarga")
    open_corpus.add_span(seed_corpus.emoji_id, "bob", start, end, "NORP")
    open_emoji(window, seed_corpus)
    asked: list[str | None] = []

    def fake_ask(_parent, _corpus, current):  # type: ignore[no-untyped-def]
        asked.append(current)
        return "bob"

    monkeypatch.setattr(commands, "ask_annotator", fake_ask)
    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_U, CTRL | SHIFT)
    assert asked == [ANNOTATOR]
    assert window.annotator == "bob"
    assert [s.text for s in window.labelling.mine] == ["keluarga"]
    assert window.findChild(object, "annotatorName").text() == "Annotator: bob"  # type: ignore[union-attr]
    select_text(window, *find("Menurut"))
    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_1)
    assert {s.text for s in open_corpus.spans(seed_corpus.emoji_id, "bob")} == {
        "keluarga",
        "Menurut",
    }


def test_label_menu_and_palette_follow_the_schema(
    window: MainWindow, open_corpus: Corpus, qtbot
) -> None:
    from dataclasses import replace

    from PySide6.QtGui import QKeySequence

    from annotator.core.model import Changes

    schema = open_corpus.schema
    assert [a.shortcut().toString() for a in window.label_actions] == [
        label.hotkey for label in schema.labels
    ]
    label_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Label")
    assert set(window.label_actions) <= set(label_menu.actions())  # type: ignore[union-attr]
    assert window.palette_bar.actions() == window.label_actions
    # A schema change (the schema editor emits its Changes) rebuilds hotkeys and palette.
    labels = tuple(
        replace(label, hotkey="") if label.name == "EVENT" else label for label in schema.labels
    )
    open_corpus.set_schema(replace(schema, labels=labels))
    window.schema_changed(Changes(schema_changed=True))
    event = next(a for a in window.label_actions if a.text() == "EVENT")
    assert event.shortcut() == QKeySequence()
    assert len(window.palette_bar.actions()) == len(labels)


def _undo_menu(window: MainWindow) -> tuple[bool, bool]:
    """Whether Edit › Undo and Edit › Redo are enabled, as the menu shows them."""
    edit_menu = next(
        a.menu()
        for a in window.menuBar().actions()
        if a.menu() and window.action_by_name["undo"] in a.menu().actions()
    )
    enabled = {a: a.isEnabled() for a in edit_menu.actions()}
    return enabled[window.action_by_name["undo"]], enabled[window.action_by_name["redo"]]


def test_undo_and_redo_are_enabled_only_when_there_is_something_to_undo_or_redo(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot, monkeypatch
) -> None:
    from annotator.gui import commands  # Commands.switch_annotator asks who

    # alice's spans of the emoji article were added through the store: she can undo them.
    open_emoji(window, seed_corpus)
    assert _undo_menu(window) == (True, False)
    edit = window.text_pane.text_edit
    start, end = find("Menurut")
    select_text(window, start, end)
    qtbot.keyClick(edit, Qt.Key.Key_1)
    assert _undo_menu(window) == (True, False)
    _undo(qtbot, window)
    assert "Menurut" not in {s.text for s in open_corpus.spans(seed_corpus.emoji_id)}
    assert _undo_menu(window) == (True, True)
    _redo(qtbot, window)
    assert _undo_menu(window) == (True, False)
    _redo(qtbot, window)  # disabled: Ctrl+Shift+Z does nothing
    assert "Menurut" in {s.text for s in open_corpus.spans(seed_corpus.emoji_id)}
    _undo(qtbot, window)
    select_text(window, *find("keluarga"))
    qtbot.keyClick(edit, Qt.Key.Key_5)  # a new edit: nothing left to redo
    assert _undo_menu(window) == (True, False)

    # carol has done nothing yet: neither; after her first span, Undo; undone, only Redo.
    monkeypatch.setattr(commands, "ask_annotator", lambda *_args: "carol")
    qtbot.keyClick(edit, Qt.Key.Key_U, CTRL | SHIFT)
    assert window.annotator == "carol"
    assert _undo_menu(window) == (False, False)
    events = db_rows(seed_corpus.path, "SELECT count(*) FROM event")
    _undo(qtbot, window)  # disabled: nothing happens, nothing is logged
    assert db_rows(seed_corpus.path, "SELECT count(*) FROM event") == events
    select_text(window, *find("Menurut"))
    qtbot.keyClick(edit, Qt.Key.Key_1)
    assert _undo_menu(window) == (True, False)
    _undo(qtbot, window)
    assert open_corpus.spans(seed_corpus.emoji_id, "carol") == []
    assert _undo_menu(window) == (False, True)


def test_the_span_form_follows_the_span_in_hand_from_one_span_to_the_next(
    window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus, qtbot
) -> None:
    """The form keeps its widgets from one entity to the next (and blank and disabled with no
    span in hand): each edit still lands on the span in hand, never on the one before."""
    open_emoji(window, seed_corpus)
    editor = window.span_panel.editor
    combo = editor.label_combo
    click_text(qtbot, window, find("Jakarta")[0] + 1)
    assert combo.currentData() == "GPE" and editor.heading.text() == "“Jakarta”"
    click_text(qtbot, window, find("Anies")[0] + 1)
    assert combo.currentData() == "PERSON" and editor.heading.text() == "“Anies Baswedan”"
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # PERSON -> ORG, on Anies Baswedan
    labels = {s.text: s.label for s in open_corpus.spans(seed_corpus.emoji_id, ANNOTATOR)}
    assert (labels["Anies Baswedan"], labels["Jakarta"]) == ("ORG", "GPE")

    settled(qtbot, window)
    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_Escape)  # no span in hand
    assert not combo.isEnabled() and combo.currentIndex() == -1
    assert not editor.delete_button.isEnabled()
    click_text(qtbot, window, find("Bandung")[0] + 1)
    assert combo.isEnabled() and combo.currentData() == "GPE"
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert "Bandung" not in {s.text for s in open_corpus.spans(seed_corpus.emoji_id)}
    assert "Jakarta" in {s.text for s in open_corpus.spans(seed_corpus.emoji_id)}
    settled(qtbot, window)

    # A claim after an entity: its own form (attributes, links), edits land on the claim.
    click_text(qtbot, window, find(CLAIM)[0] + 1)
    box = _editor(window, "check_worthy")
    assert isinstance(box, QCheckBox) and box.isEnabled()
    checked = box.isChecked()
    qtbot.waitUntil(box.isVisible)  # a layout shows new widgets on the next event loop turn
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    claim = _claim(open_corpus, seed_corpus.emoji_id)
    assert claim.attributes["check_worthy"] is (not checked)
