"""File › Import…: the dialog driven through its real widgets (clicks, keys), the import on the
worker thread, the store asserted after. The file chooser is the dialog's overridable
``ask_files``/``ask_folder``, as the Export dialog's ``ask_path``."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QCheckBox

from annotator import formats
from annotator.gui.actions import menu
from annotator.gui.dialogs.importing import ImportDialog
from annotator.store.corpus import Corpus
from tests.gui.conftest import ANNOTATOR

WAIT_MS = 20_000
TEXT = "Barack Obama visited Paris and Berlin with the French delegation, officials said."


def at(word: str, label: str, key: str) -> dict[str, Any]:
    start = TEXT.index(word)
    return {"id": key, "start": start, "end": start + len(word), "label": label}


def ner_file(folder: Path, name: str = "ner.jsonl", annotator: str | None = "bob") -> Path:
    record = {
        "id": "obama",
        "text": TEXT,
        "annotator": annotator,
        "spans": [
            at("Barack Obama", "PERSON", "p"),
            at("Paris", "CITY", "c1"),
            at("Berlin", "CITY", "c2"),
            at("French", "NATIONALITY", "n"),
        ],
        "relations": [],
    }
    path = folder / name
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def dialog(qtbot: Any, open_corpus: Corpus) -> ImportDialog:
    dlg = ImportDialog(open_corpus, ANNOTATOR)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def add_files(qtbot: Any, dlg: ImportDialog, *paths: Path) -> None:
    """Press Add files… with the chooser answering ``paths``."""
    dlg.ask_files = lambda start: [str(p) for p in paths]  # type: ignore[method-assign]
    qtbot.mouseClick(dlg.add_files_button, Qt.MouseButton.LeftButton)


def tick(qtbot: Any, box: QCheckBox) -> None:
    """Click the check box where a user does: on its box (the widget is wider than its text)."""
    was = box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked() != was


def press_import(qtbot: Any, dlg: ImportDialog) -> None:
    assert dlg.import_button.isEnabled(), dlg.hint_label.text()
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.is_running(), timeout=WAIT_MS)
    dlg.worker.wait()


def cell(dlg: ImportDialog, row: int, col: int) -> str:
    item = dlg.refusal_table.item(row, col)
    assert item is not None
    return item.text()


def test_unknown_labels_refused_then_added_with_the_checkbox(
    qtbot: Any, dialog: ImportDialog, open_corpus: Corpus, tmp_path: Path
) -> None:
    articles = open_corpus.article_count()
    path = ner_file(tmp_path)
    add_files(qtbot, dialog, path)
    assert dialog.file_list.count() == 1 and "JSONL" in dialog.file_list.item(0).text()
    assert not dialog.add_labels_check.isChecked()

    press_import(qtbot, dialog)
    assert dialog.refusal_table.isVisible() and dialog.refusal_table.rowCount() == 1
    assert (cell(dialog, 0, 0), cell(dialog, 0, 1)) == ("ner.jsonl", "1")
    assert cell(dialog, 0, 2).startswith("unknown labels: CITY (2), NATIONALITY (1); tick")
    assert "Refused 1 file" in dialog.summary_label.text()
    assert open_corpus.article_count() == articles  # nothing imported, no label added
    assert not open_corpus.schema.has_label("CITY")

    tick(qtbot, dialog.add_labels_check)
    press_import(qtbot, dialog)
    summary = dialog.summary_label.text()
    assert "Imported 1 article" in summary and "3 spans" not in summary
    assert "Labels added: CITY (2), NATIONALITY (1)" in summary
    assert not dialog.refusal_table.isVisible()
    assert open_corpus.article_count() == articles + 1
    schema = open_corpus.schema
    assert schema.label("CITY").layer == "entity" and schema.has_label("NATIONALITY")
    (new,) = [a for a in open_corpus.article_ids() if open_corpus.article(a).text == TEXT]
    assert sorted(s.label for s in open_corpus.spans(new, "bob")) == [
        "CITY",
        "CITY",
        "NATIONALITY",
        "PERSON",
    ]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_gold_checkbox_imports_into_gold(
    qtbot: Any, dialog: ImportDialog, open_corpus: Corpus, tmp_path: Path
) -> None:
    path = ner_file(tmp_path, "adjudicated.jsonl", annotator=None)
    add_files(qtbot, dialog, path)
    dialog.annotator_combo.setEditText("")
    tick(qtbot, dialog.add_labels_check)
    tick(qtbot, dialog.gold_check)
    press_import(qtbot, dialog)
    assert not dialog.refusal_table.isVisible(), cell(dialog, 0, 2)
    assert "Gold: 4 spans, 0 relations" in dialog.summary_label.text()
    (new,) = [a for a in open_corpus.article_ids() if open_corpus.article(a).text == TEXT]
    gold = open_corpus.gold_spans(new)
    assert len(gold) == 4 and {g.accepted_by for g in gold} == {"imported from adjudicated.jsonl"}
    assert open_corpus.spans(new) == []


def test_the_name_gold_is_refused_as_the_labels_owner(
    qtbot: Any, dialog: ImportDialog, tmp_path: Path
) -> None:
    add_files(qtbot, dialog, ner_file(tmp_path))
    dialog.annotator_combo.setEditText("")
    qtbot.keyClicks(dialog.annotator_combo, "gold")
    assert not dialog.import_button.isEnabled()
    assert "reserved for gold" in dialog.hint_label.text()


def test_every_import_format_is_offered(dialog: ImportDialog) -> None:
    offered = [dialog.format_combo.itemData(i) for i in range(dialog.format_combo.count())]
    assert offered == ["auto", *formats.IMPORT_FORMATS]


def test_ctrl_i_opens_import_and_the_list_shows_the_new_article(
    qtbot: Any, window: Any, open_corpus: Corpus, tmp_path: Path
) -> None:
    action = window.action_by_name["import_files"]
    assert action.shortcut() == QKeySequence("Ctrl+I")
    assert action in menu(window, "file").actions()
    rows = window.article_list.model.rowCount()
    path = ner_file(tmp_path)
    steps: list[str] = []

    def drive(left: int = 1000) -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, ImportDialog):
            if left:
                QTimer.singleShot(10, lambda: drive(left - 1))
            return
        if not steps:
            steps.append("import")
            add_files(qtbot, dlg, path)
            tick(qtbot, dlg.add_labels_check)
            qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
        if dlg.is_running() or dlg.run is None:
            QTimer.singleShot(10, lambda: drive(left - 1))
            return
        steps.append("close")
        qtbot.keyClick(dlg, Qt.Key.Key_Escape)

    QTimer.singleShot(0, drive)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert steps == ["import", "close"]
    assert window.article_list.model.rowCount() == rows + 1
    assert open_corpus.schema.has_label("CITY")
    assert "CITY" in [
        a.iconText().split()[-1] for a in menu(window, "label").actions() if a.iconText()
    ]


def test_the_identity_dialog_refuses_the_name_gold(qtbot: Any) -> None:
    from annotator.gui.dialogs.identity import IdentityDialog

    dlg = IdentityDialog(["alice"], "alice")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.combo.setEditText("")
    qtbot.keyClicks(dlg.combo, "Gold")
    assert not dlg.ok_button.isEnabled()
    assert "reserved for the gold labels" in dlg.problem.text()
    qtbot.keyClick(dlg.combo, Qt.Key.Key_Return)
    assert dlg.result() != dlg.DialogCode.Accepted


def test_cancel_stops_between_files_and_keeps_the_ones_imported(
    qtbot: Any, dialog: ImportDialog, open_corpus: Corpus, tmp_path: Path
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(f"Article number {n}\nBody of article {n}.\n", "utf-8")
    articles = open_corpus.article_count()
    first_done, go_on = threading.Event(), threading.Event()
    calls: list[Path] = []

    def one_file(*args: Any, **kwargs: Any) -> formats.ImportReport:
        report = formats.import_paths(*args, **kwargs)
        calls.append(args[1][0])
        if len(calls) == 1:
            first_done.set()
            assert go_on.wait(WAIT_MS / 1000)  # until the test has pressed Cancel
        return report

    dialog.import_function = one_file
    dialog.ask_folder = lambda start: str(folder)  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.add_folder_button, Qt.MouseButton.LeftButton)
    assert dialog.file_list.item(0).text() == "batch/ — 3 files"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(first_done.is_set, timeout=WAIT_MS)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    go_on.set()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=WAIT_MS)
    dialog.worker.wait()
    assert [p.name for p in calls] == ["0.txt"]
    assert dialog.run is not None and dialog.run.cancelled
    summary = dialog.summary_label.text()
    assert "Imported 1 article" in summary and "Cancelled" in summary
    assert open_corpus.article_count() == articles + 1


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of our own with a Documents folder (Qt's DocumentsLocation there)."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home / "Documents"


def test_import_starts_in_documents_then_the_last_folder(
    qtbot: Any, open_corpus: Corpus, documents: Path, tmp_path: Path
) -> None:
    first = ImportDialog(open_corpus, ANNOTATOR)
    qtbot.addWidget(first)
    first.show()
    starts: list[str] = []
    source = tmp_path / "incoming"
    source.mkdir()
    path = ner_file(source)

    def ask(start: str) -> list[str]:
        starts.append(start)
        return [str(path)]

    first.ask_files = ask  # type: ignore[method-assign]
    qtbot.mouseClick(first.add_files_button, Qt.MouseButton.LeftButton)
    assert starts == [str(documents)]
    tick(qtbot, first.add_labels_check)
    press_import(qtbot, first)
    assert first.run is not None and first.run.report.ok
    first.close()

    again = ImportDialog(open_corpus, ANNOTATOR)
    qtbot.addWidget(again)
    again.show()
    folders: list[str] = []
    again.ask_folder = lambda start: folders.append(start) or None  # type: ignore[method-assign]
    qtbot.mouseClick(again.add_folder_button, Qt.MouseButton.LeftButton)
    assert folders == [str(source)]


def test_every_bad_record_of_a_file_gets_a_row_of_the_refusal_table(
    qtbot: Any, dialog: ImportDialog, open_corpus: Corpus, tmp_path: Path
) -> None:
    articles = open_corpus.article_count()
    lines = [json.dumps({"text": f"Berita {n}: Putin menelepon Kim."}) for n in range(70)]
    for n in (2, 9, 30):
        lines[n - 1] = '{"text": "broken'
    few = tmp_path / "few.jsonl"
    few.write_text("\n".join(lines[:40]) + "\n", encoding="utf-8")
    many = tmp_path / "many.jsonl"
    many.write_text("\n".join(['{"text": ""}'] * 60 + lines[:1]) + "\n", encoding="utf-8")
    add_files(qtbot, dialog, few, many)
    press_import(qtbot, dialog)
    table = dialog.refusal_table
    assert table.isVisible() and table.rowCount() == 3 + 50 + 1
    assert [(cell(dialog, r, 0), cell(dialog, r, 1)) for r in range(3)] == [
        ("few.jsonl", "2"),
        ("few.jsonl", "9"),
        ("few.jsonl", "30"),
    ]
    assert "malformed JSON" in cell(dialog, 0, 2)
    assert (cell(dialog, 52, 0), cell(dialog, 52, 1)) == ("many.jsonl", "50")
    assert (cell(dialog, 53, 0), cell(dialog, 53, 2)) == (
        "many.jsonl",
        "… and 10 more bad record(s)",
    )
    assert open_corpus.article_count() == articles


def test_the_bar_moves_within_one_file_with_the_time_left_beside_it(
    qtbot: Any, dialog: ImportDialog, open_corpus: Corpus, tmp_path: Path
) -> None:
    from annotator.formats import jsonl

    big = tmp_path / "big.jsonl"
    records = [{"id": f"b{n}", "text": f"Berita nomor {n}: {TEXT}"} for n in range(4 * jsonl.BATCH)]
    big.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    add_files(qtbot, dialog, big)
    tick(qtbot, dialog.language_check)  # no detection: the test is about the bar
    dialog.worker.interval = 0  # every progress signal reaches the bar (no throttling)
    values: list[int] = []
    shown: list[str] = []
    dialog.progress_bar.valueChanged.connect(values.append)
    dialog.worker.progress.connect(lambda *_: shown.append(dialog.progress_bar.text()))
    articles = open_corpus.article_count()
    press_import(qtbot, dialog)
    top = dialog.progress_bar.maximum()
    assert any(0 < v < top for v in values), (values, top)  # moved inside the one file
    assert values == sorted(values) and values[-1] == top
    assert any("file 1 of 1" in text and "big.jsonl" in text for text in shown), shown
    assert dialog.time_left_label.objectName() == "importTimeLeft"
    assert open_corpus.article_count() == articles + 4 * jsonl.BATCH


def test_the_time_left_is_said_in_words(dialog: ImportDialog) -> None:
    assert dialog.describe_left(3) == "under 5 s left"
    assert dialog.describe_left(42) == "about 42 s left"
    assert dialog.describe_left(200) == "about 3 min 20 s left"
    assert dialog.describe_left(3 * 3600 + 300) == "about 3 h 05 min left"


def test_unknown_labels_get_a_row_beside_the_files_other_bad_records(
    qtbot: Any, dialog: ImportDialog, open_corpus: Corpus, tmp_path: Path
) -> None:
    articles = open_corpus.article_count()
    path = ner_file(tmp_path)  # line 1 uses CITY and NATIONALITY, which the schema lacks
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"text": "broken\n')
        fh.write(
            json.dumps(
                {"text": "Short.", "annotator": "bob", "spans": [at("Paris", "PERSON", "x")]}
            )
            + "\n"
        )
    add_files(qtbot, dialog, path)
    press_import(qtbot, dialog)
    table = dialog.refusal_table
    assert table.isVisible() and table.rowCount() == 3
    assert [cell(dialog, r, 1) for r in range(3)] == ["1", "2", "3"]
    assert cell(dialog, 0, 2).startswith("unknown labels: CITY (2), NATIONALITY (1); tick")
    assert "malformed JSON" in cell(dialog, 1, 2)
    assert "outside the text" in cell(dialog, 2, 2)
    assert open_corpus.article_count() == articles
