"""Languages, first run, Help and unexpected errors, driven through the real widgets.

The language switch goes through Edit › Preferences… (its shortcut, then the language combo
by keyboard, then OK by mouse) and checks that the open window retranslated in place.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from annotator import logs
from annotator.gui import app, errors, i18n
from annotator.gui.actions import ACTIONS, menu
from annotator.gui.dialogs.help import AboutDialog, KeyboardReference
from annotator.gui.dialogs.preferences import PreferencesDialog
from annotator.gui.dialogs.welcome import TOUR, WelcomeDialog
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import settings
from annotator.i18n import ts_file
from annotator.store.corpus import Corpus
from tests.gui.conftest import ANNOTATOR
from tests.gui.util import answer_modal


def texts(window: MainWindow) -> dict[str, str]:
    """What the user reads: menu titles, some actions, docks, list and panel labels."""
    model = window.article_list.model
    return {
        "file": menu(window, "file").title(),
        "edit": menu(window, "edit").title(),
        "help": menu(window, "help").title(),
        "undo": window.action_by_name["undo"].text(),
        "mark_done": window.action_by_name["mark_done"].text(),
        "mark_done_tip": window.action_by_name["mark_done"].statusTip(),
        "articles_dock": window.article_dock.windowTitle(),
        "spans_dock": window.span_dock.windowTitle(),
        "count": window.count_label.text(),
        "who": window.who_label.text(),
        "title_column": model.headerData(0, Qt.Orientation.Horizontal),
        "status_filter": window.article_list.status_combo.itemText(0),
        "filter_hint": window.article_list.filter_edit.placeholderText(),
        "delete_span": window.span_panel.editor.delete_button.text(),
        "span_count": window.span_panel.count_label.text(),
        "label_tip": window.label_actions[0].toolTip(),
    }


ENGLISH = {
    "file": "&File",
    "edit": "&Edit",
    "help": "&Help",
    "undo": "&Undo",
    "mark_done": "Mark &done",
    "mark_done_tip": "I am done here",
    "articles_dock": "Articles",
    "spans_dock": "Spans",
    "count": "6 articles",
    "who": f"Annotator: {ANNOTATOR}",
    "title_column": "Title",
    "status_filter": "All statuses",
    "filter_hint": "Search titles and text…",
    "delete_span": "Delete span",
    "span_count": "0 spans of yours",
    "label_tip": "Label the selection PERSON (1): People, including fictional",
}
INDONESIAN = {
    "file": "&Berkas",
    "edit": "&Sunting",
    "help": "Ba&ntuan",
    "undo": "&Urungkan",
    "mark_done": "Tandai &selesai",
    "mark_done_tip": "Saya sudah selesai di sini",
    "articles_dock": "Artikel",
    "spans_dock": "Rentang",
    "count": "6 artikel",
    "who": f"Anotator: {ANNOTATOR}",
    "title_column": "Judul",
    "status_filter": "Semua status",
    "filter_hint": "Cari judul dan teks…",
    "delete_span": "Hapus rentang",
    "span_count": "0 rentang milik Anda",
    "label_tip": "Labeli pilihan sebagai PERSON (1): People, including fictional",
}


def choose_language(qtbot, window: MainWindow, code: str) -> PreferencesDialog:  # type: ignore[no-untyped-def]
    """Edit › Preferences… by its shortcut; the language by arrow keys; OK by a click."""
    seen: dict[str, str] = {}

    def act(dialog: PreferencesDialog) -> None:
        combo = dialog.language
        combo.setFocus(Qt.FocusReason.OtherFocusReason)
        qtbot.keyClick(combo, Qt.Key.Key_Home)
        for _ in range(combo.count()):
            if combo.currentData() == code:
                break
            qtbot.keyClick(combo, Qt.Key.Key_Down)
        seen["title"] = dialog.windowTitle()  # the dialog itself switched too
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen["ok"] = ok.text()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    answered = answer_modal(PreferencesDialog, act)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts need the window active
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(answered) and not answered[0].isVisible())
    answered[0].seen = seen  # type: ignore[attr-defined]
    return answered[0]


def test_switching_language_retranslates_the_open_window(qtbot, window: MainWindow) -> None:
    assert texts(window) == ENGLISH

    dialog = choose_language(qtbot, window, "id")
    assert texts(window) == INDONESIAN
    assert dialog.seen == {"title": "Preferensi", "ok": "OK"}  # type: ignore[attr-defined]
    assert window.windowTitle().startswith("Annotator — ")
    assert settings().value("language") == "id"
    assert i18n.current_language() == "id"
    # Every action of the table is translated (none left in English), numbered ones filled in.
    english = {spec.text for spec in ACTIONS}
    assert not english & {window.action_by_name[spec.name].text() for spec in ACTIONS}
    assert window.action_by_name["accept_version_3"].text() == "Terima versi anotator &3"

    dialog = choose_language(qtbot, window, "en")
    assert texts(window) == ENGLISH
    assert dialog.seen["title"] == "Preferences"  # type: ignore[attr-defined]
    assert settings().value("language") == "en"


def test_the_review_view_and_the_dashboard_retranslate(qtbot, window: MainWindow) -> None:
    window.action_by_name["review_mode"].setChecked(True)
    assert window.review is not None
    assert window.review.bar_title.text() == "<b>Review</b> — compare:"
    window.commands.show_dashboard()
    dashboard = window.dashboard
    assert dashboard is not None
    qtbot.waitUntil(lambda: not dashboard.busy_now, timeout=20_000)  # type: ignore[attr-defined]
    i18n.set_language("id")
    assert window.review.bar_title.text() == "<b>Tinjauan</b> — bandingkan:"
    assert "1…9 terima versi anotator itu" in window.review.hint.text()
    assert "ketidaksepakatan" in window.review.legend.text()  # the legend wraps, translated
    assert dashboard.windowTitle() == "Annotator — dasbor kesepakatan"
    assert dashboard.refresh_button.text() == "Segarkan"  # type: ignore[attr-defined]
    dashboard.close()


def test_a_missing_translation_falls_back_to_english(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(i18n, "qm_file", lambda _language: None)
    with caplog.at_level(logging.WARNING):
        shown = i18n.set_language("id")
    assert shown == "en"
    assert menu(window, "file").title() == "&File"
    assert "no id translation" in caplog.text


def test_the_language_follows_the_system_unless_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "system_language", lambda: "id")
    assert i18n.resolve(i18n.stored_choice()) == "id"  # nothing chosen yet: the system's
    settings().setValue("language", "en")
    assert i18n.resolve(i18n.stored_choice()) == "en"


def test_the_id_translation_is_complete() -> None:
    source = ts_file("id").read_text(encoding="utf-8")
    assert source.count("<message") > 400
    assert 'type="unfinished"' not in source
    assert "<translation></translation>" not in source


def test_first_launch_welcomes_with_the_keys(qtbot, open_corpus: Corpus) -> None:
    shown: dict[str, object] = {}

    def act(dialog: WelcomeDialog) -> None:
        shown["title"] = dialog.windowTitle()
        labels = dialog.tour.findChildren(type(dialog.heading))
        shown["tour"] = " ".join(label.text() for label in labels)
        qtbot.keyClicks(dialog.combo, "ana")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    answered = answer_modal(WelcomeDialog, act)
    assert app.known_annotator() is None
    assert app.resolve_annotator(open_corpus, None) == "ana"
    assert answered and shown["title"] == "Welcome to Annotator"
    tour = str(shown["tour"])
    for key in ("1\u00a0PERSON", "Ctrl+Z", "Ctrl+Return", "Ctrl+N", "F1"):
        assert key in tour, key
    # the suggestion keys and the clusters' (issue 17), each with what it does
    for key, what in (
        ("F8", "Next suggestion"),
        ("Shift+F8", "Previous suggestion"),
        ("Return", "Accept suggestion"),
        ("Backspace", "Reject suggestion"),
        ("Shift+Return", "Accept all suggestions"),
        ("Alt+O", "Label all occurrences here"),
        ("Alt+Shift+O", "Label all occurrences in the corpus"),
        ("C", "Join a cluster…"),
        ("Shift+C", "Start a new cluster"),
        ("Ctrl+K", "Cluster view"),
    ):
        assert f"<b>{key}</b> {what}" in tour, key
    for heading in ("Labelling", "Suggestions", "Claim clusters"):
        assert f"<b>{heading}</b>" in tour, heading
    assert tour.count("<b>") >= len(TOUR)
    assert app.known_annotator() == "ana"
    assert app.resolve_annotator(open_corpus, None) == "ana"  # not asked again


def test_help_lists_every_key_and_about_shows_versions(qtbot, window: MainWindow) -> None:
    found: dict[str, str] = {}

    def read_keys(dialog: KeyboardReference) -> None:
        table = dialog.table
        rows = [
            " | ".join(table.item(r, c).text() for c in range(table.columnCount()))
            for r in range(table.rowCount())
        ]
        found["keys"] = "\n".join(rows)
        dialog.reject()

    answer_modal(KeyboardReference, read_keys)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: "keys" in found)
    keys = found["keys"]
    with_keys = [spec for spec in ACTIONS if spec.shortcut]
    for spec in with_keys:
        assert spec.text.replace("&", "").replace("{n}", str(spec.arg or "")) in keys
    assert "Label | 1 | Label the selection PERSON" in keys
    assert "Edit | Ctrl+Z | Undo" in keys

    def read_about(dialog: AboutDialog) -> None:
        found["about"] = dialog.text.text()
        dialog.reject()

    answer_modal(AboutDialog, read_about)
    window.action_by_name["about"].trigger()
    qtbot.waitUntil(lambda: "about" in found)
    about = found["about"]
    from importlib import metadata

    import PySide6

    assert f"Annotator {metadata.version('annotator')}" in about
    assert PySide6.__version__ in about
    assert "MIT" in about
    assert str(logs.log_file()) in about


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_shows_the_log_and_keeps_the_window(
    qtbot, window: MainWindow, open_corpus: Corpus, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(tmp_path / "logs"))
    log_path = logs.setup()
    assert log_path is not None
    saved_hook = __import__("sys").excepthook
    try:
        errors.install(QApplication.instance())  # type: ignore[arg-type]
        article = window.current_article_id
        assert article is not None
        open_corpus.add_span(article, ANNOTATOR, 0, 5, "PERSON")  # an edit made before

        def broken() -> None:
            raise RuntimeError("boom in a slot postgresql://ann:hunter2@db/corpus")

        monkeypatch.setattr(window.commands, "next_article", broken)
        window.action_by_name["next_article"].triggered.disconnect()
        window.action_by_name["next_article"].triggered.connect(
            lambda _c=False: window.commands.next_article()
        )
        seen: dict[str, str] = {}

        def close(box: QMessageBox) -> None:
            seen["text"] = box.informativeText()
            seen["title"] = box.windowTitle()
            box.accept()

        answered = answer_modal(QMessageBox, close)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: bool(answered), timeout=5000)
        assert seen["title"] == "Something went wrong"
        assert "RuntimeError: boom in a slot" in seen["text"]
        assert str(log_path) in seen["text"]
        assert "hunter2" not in seen["text"]
        written = log_path.read_text(encoding="utf-8")
        assert "Traceback" in written and "boom in a slot" in written
        assert "hunter2" not in written and "ann:***@db" in written
        # The window and the store carry on: the earlier edit is there, new ones work.
        assert window.isVisible()
        assert any(s.start == 0 and s.end == 5 for s in open_corpus.spans(article, ANNOTATOR))
        window.commands.mark_done()
        qtbot.waitUntil(lambda: "done" in window.statusBar().currentMessage())
    finally:
        __import__("sys").excepthook = saved_hook
        logs.teardown()


# ---------------------------------------------------------------- corpus texts in the UI's language


def test_the_language_line_follows_a_live_switch(qtbot, open_corpus: Corpus) -> None:  # type: ignore[no-untyped-def]
    from annotator.core.model import ArticleDraft

    draft = ArticleDraft(
        text="Presiden bertemu menteri di Jakarta.\n",
        title="Rapat",
        external_id="rapat",
        language="id",
        language_confidence=1.0,
    )
    (article,) = open_corpus.import_drafts([draft], origin="rapat").article_ids
    window = MainWindow(open_corpus, ANNOTATOR)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.article_list.select_article(article)
    meta = window.text_pane.meta_label
    assert "Indonesian (id, 100%)" in meta.text()

    choose_language(qtbot, window, "id")
    assert "Indonesia (id, 100%)" in meta.text() and "Indonesian" not in meta.text()
    choose_language(qtbot, window, "en")
    assert "Indonesian (id, 100%)" in meta.text()
    window.close()


def test_attribute_values_show_by_name_in_both_languages(
    qtbot, window: MainWindow, open_corpus: Corpus, seed_corpus
) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.util import click_text, find, open_emoji, settled

    open_emoji(window, seed_corpus)
    claim_text = "bahwa Jakarta aman 🎉 dan Bandung juga"
    click_text(qtbot, window, find("aman")[0])  # inside the claim only
    settled(qtbot, window)
    panel = window.span_panel
    claim = panel.editor.span
    assert claim is not None and claim.text == claim_text
    combo = panel.editor.editors["attribution"]
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "direct quote",
        "indirect quote",
        "paraphrase",
        "unattributed",
    ]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Up)  # paraphrase (the default) -> indirect quote
    settled(qtbot, window)
    (stored,) = [s for s in open_corpus.spans(seed_corpus.emoji_id, ANNOTATOR) if s.id == claim.id]
    assert stored.attributes["attribution"] == "indirect_quote"  # the store keeps identifiers

    def shown() -> tuple[str, str, str, str]:
        model = panel.model
        row = model.row_of(claim.id)
        assert row is not None
        cell = model.index(row, model.ATTRIBUTES).data()
        editor = panel.editor.editors["attribution"]
        title = panel.editor.form.labelForField(editor).text()
        tip = window.labelling.tooltip(model.span_at(row))
        return cell, title, editor.currentText(), tip

    cell, title, current, tip = shown()
    assert cell == "statement, indirect quote, asserted"
    assert (title, current) == ("Attribution", "indirect quote")
    assert "attribution: indirect quote" in tip and "check-worthy: no" in tip

    choose_language(qtbot, window, "id")
    cell, title, current, tip = shown()
    assert cell == "pernyataan, kutipan tidak langsung, ditegaskan"
    assert (title, current) == ("Atribusi", "kutipan tidak langsung")
    assert "atribusi: kutipan tidak langsung" in tip and "layak diperiksa: tidak" in tip
    ticked = panel.editor.editors["check_worthy"]
    qtbot.mouseClick(ticked, Qt.MouseButton.LeftButton, pos=QPoint(8, ticked.height() // 2))
    assert ticked.isChecked()
    settled(qtbot, window)
    assert shown()[0] == "pernyataan, kutipan tidak langsung, ditegaskan, layak diperiksa"

    choose_language(qtbot, window, "en")
    assert shown()[0] == "statement, indirect quote, asserted, check-worthy"
    (stored,) = [s for s in open_corpus.spans(seed_corpus.emoji_id, ANNOTATOR) if s.id == claim.id]
    assert stored.attributes == {
        "claim_type": "statement",
        "attribution": "indirect_quote",
        "certainty": "asserted",
        "check_worthy": True,
        "note": "",
    }
