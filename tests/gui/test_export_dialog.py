"""The Export dialog and the background worker, driven through their real widgets.

The file chooser is the dialog's overridable ``ask_path``; the exports run on the worker
thread and the tests wait for them with ``qtbot.waitUntil``. A cancel is made deterministic
by an export function whose progress callback blocks until the dialog's cancel flag is set.
"""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from annotator import formats
from annotator.formats import ExportResult
from annotator.gui.actions import menu
from annotator.gui.dialogs.export import ExportDialog, split_spec
from annotator.gui.workers import Cancelled, JobContext, Worker
from annotator.store.corpus import Corpus
from tests.gui.conftest import ANNOTATOR, EMOJI_TEXT, SeedCorpus

WAIT_MS = 15_000


@pytest.fixture
def dialog(qtbot: Any, open_corpus: Corpus) -> ExportDialog:
    dlg = ExportDialog(open_corpus, ANNOTATOR)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def choose(qtbot: Any, dlg: ExportDialog, path: Path) -> None:
    """Press Choose… with the file chooser answering ``path``."""
    asked: list[bool] = []

    def ask_path(folder: bool, start: str) -> str:
        asked.append(folder)
        return str(path)

    dlg.ask_path = ask_path  # type: ignore[method-assign]
    qtbot.mouseClick(dlg.browse_button, Qt.MouseButton.LeftButton)
    assert asked, "Choose… did not ask for a path"


def set_format(dlg: ExportDialog, name: str) -> None:
    dlg.format_combo.setCurrentIndex(dlg.format_combo.findData(name))
    assert dlg.fmt() == name


def set_which(dlg: ExportDialog, data: str) -> None:
    index = dlg.which_combo.findData(data)
    assert index >= 0, [dlg.which_combo.itemData(i) for i in range(dlg.which_combo.count())]
    dlg.which_combo.setCurrentIndex(index)


def press_export(qtbot: Any, dlg: ExportDialog) -> None:
    assert dlg.export_button.isEnabled(), dlg.hint_label.text()
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)


def wait_done(qtbot: Any, dlg: ExportDialog) -> None:
    qtbot.waitUntil(lambda: not dlg.is_running(), timeout=WAIT_MS)
    dlg.worker.wait()


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


# ---------------------------------------------------------------- the format table


def test_every_export_format_is_offered_as_the_registry_defines_it(dialog: ExportDialog) -> None:
    offered = [dialog.format_combo.itemData(i) for i in range(dialog.format_combo.count())]
    assert offered == list(formats.EXPORT_FORMATS)
    for name in formats.EXPORT_FORMATS:  # the dialog has no table of its own: the registry's
        fmt = formats.export_format(name)
        assert fmt.title and fmt.summary, name
        index = dialog.format_combo.findData(name)
        assert dialog.format_combo.itemText(index) == f"{fmt.title} — {fmt.summary}"


def test_split_spec_leaves_out_empty_shares() -> None:
    assert split_spec([("train", 80), ("dev", 10), ("test", 10)]) == "train=0.8,dev=0.1,test=0.1"
    assert split_spec([("train", 75), ("dev", 25), ("test", 0)]) == "train=0.75,dev=0.25"


# ---------------------------------------------------------------- exporting


def test_export_jsonl_writes_my_spans_exactly(
    qtbot: Any, dialog: ExportDialog, open_corpus: Corpus, seed_corpus: SeedCorpus, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "mine.jsonl"
    out.parent.mkdir()
    set_format(dialog, "jsonl")
    choose(qtbot, dialog, out)
    assert dialog.path_edit.text() == str(out)
    assert dialog.which_combo.currentData() == f"annotator:{ANNOTATOR}"  # my labels first

    press_export(qtbot, dialog)
    wait_done(qtbot, dialog)

    result = dialog.export_result
    assert result is not None, dialog.status_label.text()
    assert out.is_file() and result.path == out
    assert result.manifest == out.with_name("mine.jsonl.manifest.json")
    assert result.manifest.is_file()
    (record,) = records(out)  # only alice's document: the emoji article
    assert record["annotator"] == ANNOTATOR and record["text"] == EMOJI_TEXT
    stored = open_corpus.spans(seed_corpus.emoji_id, ANNOTATOR)
    assert sorted((s["start"], s["end"], s["label"], s["text"]) for s in record["spans"]) == sorted(
        (s.start, s.end, s.label, s.text) for s in stored
    )
    for span in record["spans"]:
        assert EMOJI_TEXT[span["start"] : span["end"]] == span["text"]
    summary = dialog.status_label.text()
    assert "Exported 1 record" in summary and str(out) in summary and "manifest" in summary
    assert dialog.form.isEnabled() and dialog.export_button.isEnabled()
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "mine.jsonl",
        "mine.jsonl.manifest.json",
    ]


def test_filters_and_tokens_reach_the_export(
    qtbot: Any, dialog: ExportDialog, tmp_path: Path
) -> None:
    out = tmp_path / "gpe.jsonl"
    set_format(dialog, "jsonl")
    choose(qtbot, dialog, out)
    dialog.label_boxes["GPE"].setChecked(False)
    dialog.tick_links.linkActivated.emit("none")
    assert not any(box.isChecked() for box in dialog.label_boxes.values())
    assert not dialog.export_button.isEnabled()
    assert "at least one label" in dialog.hint_label.text()
    qtbot.mouseClick(dialog.label_boxes["GPE"], Qt.MouseButton.LeftButton)
    assert dialog.label_boxes["GPE"].isChecked()
    qtbot.mouseClick(dialog.tokens_check, Qt.MouseButton.LeftButton)
    assert dialog.skip_check.isEnabled()  # token boundaries matter once tokens are asked for
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))

    press_export(qtbot, dialog)
    wait_done(qtbot, dialog)

    (record,) = records(out)
    assert {s["label"] for s in record["spans"]} == {"GPE"}
    assert {s["text"] for s in record["spans"]} == {"Jakarta", "Bandung"}
    assert all("token_start" in s and "token_end" in s for s in record["spans"])
    assert "tokens" in record
    manifest = json.loads(out.with_name("gpe.jsonl.manifest.json").read_text(encoding="utf-8"))
    assert manifest["selection"]["labels"] == ["GPE"]
    assert manifest["selection"]["language"] == "en"
    assert manifest["selection"]["annotator"] == ANNOTATOR


def test_split_export_writes_a_folder(qtbot: Any, dialog: ExportDialog, tmp_path: Path) -> None:
    set_format(dialog, "jsonl")
    choose(qtbot, dialog, tmp_path / "splits.jsonl")
    set_which(dialog, "all")
    dialog.split_box.setChecked(True)
    assert dialog.path_edit.text() == str(tmp_path / "splits")  # a split is a folder
    dialog.split_spins["train"].setValue(70)
    dialog.split_spins["dev"].setValue(20)
    dialog.split_spins["test"].setValue(20)
    assert not dialog.export_button.isEnabled()
    assert "110 %" in dialog.hint_label.text()
    dialog.split_spins["test"].setValue(10)
    dialog.seed_spin.setValue(7)

    press_export(qtbot, dialog)
    wait_done(qtbot, dialog)

    result = dialog.export_result
    assert result is not None, dialog.status_label.text()
    folder = tmp_path / "splits"
    assert (folder / "manifest.json").is_file()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["split"] == {
        "spec": "train=0.7,dev=0.2,test=0.1",
        "seed": 7,
        "group_by": "article",
    }
    ids: list[str] = []
    for name in result.splits:
        ids += [r["id"] for r in records(folder / f"{name}.jsonl")]
    assert len(ids) == len(set(ids)) == 6  # every article once, in one split
    assert "split:" in dialog.status_label.text()


def test_refused_export_lists_the_spans_and_writes_nothing(
    qtbot: Any, open_corpus: Corpus, seed_corpus: SeedCorpus, tmp_path: Path
) -> None:
    start = EMOJI_TEXT.index("keluarga") + 1  # "eluarg": inside a word, off token boundaries
    open_corpus.add_span(seed_corpus.emoji_id, ANNOTATOR, start, start + 6, "PERSON")
    dlg = ExportDialog(open_corpus, ANNOTATOR)
    qtbot.addWidget(dlg)
    dlg.show()
    out = tmp_path / "out" / "tags.conll"
    out.parent.mkdir()
    set_format(dlg, "conll")
    choose(qtbot, dlg, out)

    press_export(qtbot, dlg)
    wait_done(qtbot, dlg)

    assert dlg.export_result is None
    assert list(out.parent.iterdir()) == []  # no file, no manifest, no temp folder
    status = dlg.status_label.text()
    assert "Nothing was written" in status and "Traceback" not in status
    table = dlg.problem_table
    assert table.isVisible() and table.rowCount() == 1
    row = [table.item(0, c).text() for c in range(table.columnCount())]
    assert row[0] == "emoji" and row[1] == ANNOTATOR
    assert row[3] == f"{start}..{start + 6}" and row[4] == "PERSON" and row[5] == "eluarg"
    assert "token" in row[6]

    qtbot.mouseClick(dlg.skip_check, Qt.MouseButton.LeftButton)
    press_export(qtbot, dlg)
    wait_done(qtbot, dlg)

    result = dlg.export_result
    assert result is not None and out.is_file()
    assert [p.text for p in result.skipped] == ["eluarg"]
    assert table.rowCount() == 1 and "Left out 1" in dlg.status_label.text()
    assert "eluarg" not in out.read_text(encoding="utf-8").split("# text = ")[0]


def test_a_failed_export_says_why_without_a_traceback(
    qtbot: Any, dialog: ExportDialog, tmp_path: Path
) -> None:
    out = tmp_path / "late.jsonl"
    choose(qtbot, dialog, out)
    set_which(dialog, "all")

    def export(corpus: Corpus, fmt: str, path: Path, **kwargs: Any) -> ExportResult:
        progress = kwargs.pop("progress")

        def meanwhile(done: int, total: int, where: Path) -> None:
            progress(done, total, where)
            if not out.exists():  # someone else's file appears while the export runs
                out.write_text("theirs\n", encoding="utf-8")

        return formats.export(corpus, fmt, path, progress=meanwhile, **kwargs)

    dialog.export_function = export
    press_export(qtbot, dialog)
    wait_done(qtbot, dialog)

    status = dialog.status_label.text()
    assert "Nothing was written" in status and "not an earlier export" in status
    assert "Traceback" not in status
    assert out.read_text(encoding="utf-8") == "theirs\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_targets_it_may_not_replace_are_refused_before_running(
    qtbot: Any, dialog: ExportDialog, open_corpus: Corpus, tmp_path: Path
) -> None:
    db = Path(open_corpus.location)
    before = db.read_bytes()
    (tmp_path / "link.jsonl").symlink_to(db)
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    mine = tmp_path / "thesis.jsonl"
    mine.write_text("my thesis\n", encoding="utf-8")
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(b"jpg")
    asked: list[Path] = []
    dialog.confirm_replace = lambda path: asked.append(path) or True  # type: ignore[method-assign]
    cases = [
        ("jsonl", db, "is the open corpus"),
        ("jsonl", db.with_name(db.name + "-wal"), "is the open corpus"),
        ("jsonl", tmp_path / "link.jsonl", "is the open corpus"),
        ("jsonl", fifo, "named pipe (FIFO), not a regular file"),
        ("jsonl", mine, "not an earlier export"),
        ("brat", folder, "not an earlier export folder"),
    ]
    for fmt, target, why in cases:
        set_format(dialog, fmt)
        dialog.path_edit.clear()
        qtbot.keyClicks(dialog.path_edit, str(target))
        with pytest.raises(formats.FormatError) as refused:
            formats.check_export(open_corpus, fmt, target, options=dialog.options())
        assert why in str(refused.value)
        assert dialog.hint_label.isVisible() and dialog.hint_label.text() == str(refused.value)
        assert not dialog.export_button.isEnabled()
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
        dialog.start_export()
        assert not dialog.is_running() and dialog.export_result is None
    assert asked == []
    assert db.read_bytes() == before and open_corpus.article_count() > 0
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and (tmp_path / "link.jsonl").is_symlink()
    assert mine.read_text(encoding="utf-8") == "my thesis\n"
    assert sorted(p.name for p in folder.iterdir()) == ["a.jpg"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_unsafe_or_missing_paths_disable_export(
    qtbot: Any, dialog: ExportDialog, tmp_path: Path
) -> None:
    dialog.path_edit.setText(str(tmp_path / "CON.jsonl"))
    assert not dialog.export_button.isEnabled()
    assert "reserved device name" in dialog.hint_label.text()
    dialog.path_edit.setText(str(tmp_path / "nowhere" / "x.jsonl"))
    assert "does not exist" in dialog.hint_label.text()
    dialog.path_edit.setText("")
    assert "Choose where" in dialog.hint_label.text()
    dialog.path_edit.setText(str(tmp_path / "ok.jsonl"))
    assert dialog.export_button.isEnabled() and not dialog.hint_label.isVisible()


def test_existing_output_is_replaced_only_when_confirmed(
    qtbot: Any, dialog: ExportDialog, tmp_path: Path
) -> None:
    out = tmp_path / "old.jsonl"
    formats.export(dialog.corpus, "jsonl", out)  # an earlier export: it may be replaced
    old = out.read_bytes()
    choose(qtbot, dialog, out)
    asked: list[Path] = []

    def refuse(path: Path) -> bool:
        asked.append(path)
        return False

    dialog.confirm_replace = refuse  # type: ignore[method-assign]
    press_export(qtbot, dialog)
    assert asked == [out] and not dialog.is_running()
    assert out.read_bytes() == old


# ---------------------------------------------------------------- cancel


def blocking_export(reached: threading.Event) -> Any:
    """formats.export whose progress blocks (after the first article) until cancelled."""

    def export(corpus: Corpus, fmt: str, out: Path, **kwargs: Any) -> ExportResult:
        progress, cancel = kwargs.pop("progress"), kwargs["cancel"]

        def slow(done: int, total: int, path: Path) -> None:
            progress(done, total, path)
            reached.set()
            deadline = time.monotonic() + 10
            while not cancel() and time.monotonic() < deadline:
                time.sleep(0.005)

        return formats.export(corpus, fmt, out, progress=slow, **kwargs)

    return export


def test_cancel_mid_export_leaves_no_file(qtbot: Any, dialog: ExportDialog, tmp_path: Path) -> None:
    out = tmp_path / "out" / "all.jsonl"
    out.parent.mkdir()
    choose(qtbot, dialog, out)
    set_which(dialog, "all")
    reached = threading.Event()
    dialog.export_function = blocking_export(reached)

    press_export(qtbot, dialog)
    qtbot.waitUntil(reached.is_set, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: dialog.progress_bar.maximum() > 1, timeout=WAIT_MS)
    assert dialog.is_running() and dialog.progress_row.isVisible()
    assert not dialog.form.isEnabled() and not dialog.export_button.isEnabled()
    assert "of" in dialog.progress_bar.text()
    assert list(out.parent.iterdir())  # the hidden staging folder exists meanwhile

    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, dialog)

    assert "cancelled" in dialog.status_label.text() and dialog.export_result is None
    assert list(out.parent.iterdir()) == []  # no file, no manifest, no temp folder
    assert dialog.form.isEnabled() and dialog.export_button.isEnabled()


def test_closing_the_dialog_cancels_a_running_export(
    qtbot: Any, dialog: ExportDialog, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "all.jsonl"
    out.parent.mkdir()
    choose(qtbot, dialog, out)
    set_which(dialog, "all")
    reached = threading.Event()
    dialog.export_function = blocking_export(reached)
    press_export(qtbot, dialog)
    qtbot.waitUntil(reached.is_set, timeout=WAIT_MS)

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=WAIT_MS)
    assert list(out.parent.iterdir()) == []


# ---------------------------------------------------------------- the worker


def test_worker_reports_progress_result_failure_and_cancel(qtbot: Any) -> None:
    worker = Worker(interval=0)
    seen: list[tuple[int, int, str]] = []
    worker.progress.connect(lambda d, t, s: seen.append((d, t, s)))

    def count(ctx: JobContext) -> int:
        for i in range(1, 4):
            ctx.progress(i, 3, f"item {i}")
        return 42

    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS) as done:
        worker.start(count)
    assert done.args == [42]
    assert seen == [(1, 3, "item 1"), (2, 3, "item 2"), (3, 3, "item 3")]

    def boom(ctx: JobContext) -> None:
        raise ValueError("the file is gone")

    with qtbot.waitSignal(worker.failed, timeout=WAIT_MS) as failed:
        worker.start(boom)
    message, exc = failed.args
    assert message == "the file is gone" and isinstance(exc, ValueError)

    started = threading.Event()

    def forever(ctx: JobContext) -> None:
        started.set()
        while not ctx.cancelled():
            time.sleep(0.005)
        raise Cancelled

    worker.start(forever)
    assert started.wait(5)
    with pytest.raises(RuntimeError):
        worker.start(count)  # one job at a time
    with qtbot.waitSignal(worker.cancelled, timeout=WAIT_MS):
        worker.cancel()
    assert not worker.is_running()
    worker.wait()


def test_worker_throttles_progress(qtbot: Any) -> None:
    worker = Worker(interval=60)
    seen: list[int] = []
    worker.progress.connect(lambda d, t, s: seen.append(d))

    def many(ctx: JobContext) -> None:
        for i in range(1, 1001):
            ctx.progress(i, 1000)

    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS):
        worker.start(many)
    assert seen == [1, 1000]  # the first and the last
    worker.wait()


# ---------------------------------------------------------------- the menu


def test_file_export_opens_the_dialog(qtbot: Any, window: Any) -> None:
    action = window.action_by_name["export"]
    assert action.shortcut() == QKeySequence("Ctrl+E")
    assert action in menu(window, "file").actions()
    shown: list[ExportDialog] = []

    def close_it(left: int = 300) -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, ExportDialog):
            shown.append(widget)
            widget.reject()
        elif left:
            QTimer.singleShot(10, lambda: close_it(left - 1))

    QTimer.singleShot(0, close_it)
    action.trigger()
    assert len(shown) == 1
    assert shown[0].which_combo.currentData() == f"annotator:{ANNOTATOR}"


# ---------------------------------------------------------------- where it proposes to write


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of our own with a Documents folder (Qt's DocumentsLocation there)."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    return home / "Documents"


def test_export_proposes_documents_then_the_last_folder(
    qtbot: Any, open_corpus: Corpus, documents: Path, tmp_path: Path
) -> None:
    first = ExportDialog(open_corpus, ANNOTATOR)
    qtbot.addWidget(first)
    first.show()
    proposed = Path(first.path_edit.text())
    assert proposed.parent == documents, proposed  # not the corpus's (hidden data) folder
    starts: list[str] = []
    first.ask_path = lambda folder, start: starts.append(start) or None  # type: ignore[method-assign]
    qtbot.mouseClick(first.browse_button, Qt.MouseButton.LeftButton)
    assert Path(starts[0]).parent == documents
    out = tmp_path / "exports" / "mine.jsonl"
    out.parent.mkdir()
    set_format(first, "jsonl")
    choose(qtbot, first, out)
    press_export(qtbot, first)
    wait_done(qtbot, first)
    assert first.export_result is not None and out.is_file()
    first.close()

    again = ExportDialog(open_corpus, ANNOTATOR)
    qtbot.addWidget(again)
    again.show()
    assert Path(again.path_edit.text()).parent == out.parent


def test_export_falls_back_to_home_without_documents(
    qtbot: Any, open_corpus: Corpus, documents: Path
) -> None:
    documents.rmdir()
    dlg = ExportDialog(open_corpus, ANNOTATOR)
    qtbot.addWidget(dlg)
    assert Path(dlg.path_edit.text()).parent == documents.parent
