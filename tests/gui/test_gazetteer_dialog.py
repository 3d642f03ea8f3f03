"""Gazetteers edited in the app (issue 17): Label › Edit gazetteers… lists the corpus's
terms; a term typed and added with Enter is kept and offered in the open article at once;
Delete removes the selected; the filter hides what does not match; a term list imports with
its bad lines named and nothing kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from annotator.core.model import ArticleDraft
from annotator.gui.dialogs.gazetteers import ADDED_HERE, GazetteerDialog
from annotator.gui.main_window import MainWindow
from annotator.store.corpus import Corpus

TEXT = "Pasukan Korea Utara tiba di Kursk. Korea utara mengirim 11 ribu tentara."
ME = "alice"


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Any:
    with Corpus.open(tmp_path / "g.sqlite3") as corpus:
        corpus.import_drafts([ArticleDraft(text=TEXT, title="t", language="id")], origin="t")
        corpus.add_gazetteer_terms([("Kursk", "GPE")], "/data/places.txt")
    corpus = Corpus.open(tmp_path / "g.sqlite3")
    corpus.set_user(ME)
    corpus.set_suggestion_sources(["gazetteer"])
    w = MainWindow(corpus, ME)
    w.remember_layout = False
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.go_to(corpus.article_ids()[0])
    qtbot.waitUntil(lambda: w.suggesting.ready)
    yield w
    w.close()
    corpus.close()


def _offered(w: MainWindow) -> set[tuple[str, str]]:
    return {(TEXT[o.start : o.end], o.label) for o in w.suggesting.offers}


def test_add_remove_filter_and_import_by_keys(qtbot: Any, window: Any, tmp_path: Path) -> None:
    corpus = window.corpus
    assert _offered(window) == {("Kursk", "GPE")}
    bad = tmp_path / "bad.txt"
    bad.write_text("Moskow\tGPE\nputin\tCLAIM\nX\tNOPE\n", encoding="utf-8")
    good = tmp_path / "orgs.csv"
    good.write_text("term,label\nKCNA,ORG\n", encoding="utf-8")
    seen: dict[str, Any] = {}

    def drive(left: int = 500) -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, GazetteerDialog):
            if left:
                QTimer.singleShot(10, lambda: drive(left - 1))
            return
        try:
            steps(dlg)
        except Exception as exc:  # said after exec returns; the dialog never stays open
            seen["error"] = exc
        finally:
            dlg.reject()

    def steps(dlg: GazetteerDialog) -> None:
        dlg.activateWindow()  # offscreen, with no window manager, focus stays in the window
        dlg.term.setFocus()
        qtbot.waitUntil(dlg.term.hasFocus)
        seen["first"] = dlg.visible_terms()
        qtbot.keyClicks(dlg.term, "Korea Utara")
        dlg.label.setCurrentIndex(dlg.label.findText("GPE"))
        qtbot.keyClick(dlg.term, Qt.Key.Key_Return)  # Enter adds it
        seen["added"] = dlg.visible_terms()
        want = {("Korea Utara", "GPE"), ("Korea utara", "GPE"), ("Kursk", "GPE")}
        qtbot.waitUntil(lambda: _offered(window) == want)  # the open article follows
        seen["offered"] = _offered(window)
        qtbot.keyClicks(dlg.filter, "kur")
        seen["filtered"] = dlg.visible_terms()
        dlg.filter.clear()
        dlg.table.selectRow(
            next(r for r in range(dlg.table.rowCount()) if dlg.table.item(r, 0).text() == "Kursk")
        )
        dlg.table.setFocus()
        qtbot.waitUntil(dlg.table.hasFocus)
        qtbot.keyClick(dlg.table, Qt.Key.Key_Delete)  # Delete removes the selected
        seen["removed"] = dlg.visible_terms()
        dlg.import_path(bad)
        seen["bad"] = dlg.summary.text()
        dlg.import_path(good)
        seen["good"] = dlg.summary.text()

    QTimer.singleShot(0, drive)
    window.action_by_name["edit_gazetteers"].trigger()
    assert "error" not in seen, seen.get("error")
    assert seen["first"] == [("Kursk", "GPE")]
    assert seen["added"] == [("Korea Utara", "GPE"), ("Kursk", "GPE")]
    assert seen["offered"] == {("Korea Utara", "GPE"), ("Korea utara", "GPE"), ("Kursk", "GPE")}
    assert seen["filtered"] == [("Kursk", "GPE")]
    assert seen["removed"] == [("Korea Utara", "GPE")]
    assert "bad.txt:2: 'CLAIM' is not a term label" in seen["bad"]
    assert "bad.txt:3: 'NOPE'" in seen["bad"]
    assert "orgs.csv: 1 term added, 0 already there." in seen["good"]
    assert sorted(corpus.gazetteer_terms()) == [
        ("KCNA", "ORG", str(good.absolute())),
        ("Korea Utara", "GPE", ADDED_HERE),
    ]  # kept in the store; nothing of the bad file
    # Kursk is no longer offered (removed); KCNA is not in the text
    qtbot.waitUntil(lambda: _offered(window) == {("Korea Utara", "GPE"), ("Korea utara", "GPE")})
