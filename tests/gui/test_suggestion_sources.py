"""Another annotator's (or an imported model's) labels as a suggestion source, turned on by
the real Label › Suggest from annotators sub-menu and accepted by Enter (ADR 0039); and a
gazetteer written by another process, offered at the next article opened without reopening
the corpus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu, QWidget

from annotator.core.model import ArticleDraft
from annotator.gui.actions import menu
from annotator.gui.main_window import MainWindow
from annotator.store.corpus import Corpus
from tests.gui.test_suggestions import _key, _open, _place, _show, _stored
from tests.gui.util import db_rows

SECOND = "Di Alaska, Putin dan Trump bertemu. Putin pulang ke Moskow."
THIRD = "Ekonomi Rusia tumbuh pesat, kata Putin."
CLAIM = "Ekonomi Rusia tumbuh pesat"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Three articles, nobody's labels but bob's (a claim said by Putin, whom bob labelled
    ORG; Rusia GPE) in the third and the model ner-v2's (Moskow GPE, imported as a
    prediction: origin model:ner-v2) in the second."""
    target = tmp_path / "sources.sqlite3"
    with Corpus.open(target, tooling="tests: seeding") as corpus:
        drafts = [
            ArticleDraft(text=t, title=f"a{i}", external_id=f"a{i}", language="id")
            for i, t in enumerate(("Putin bertemu Trump di Alaska.", SECOND, THIRD))
        ]
        _, second, third = corpus.import_drafts(drafts, origin="t").article_ids
        claim = min(corpus.add_span(third, "bob", *_place(THIRD, CLAIM), "CLAIM").spans_added)
        putin = min(corpus.add_span(third, "bob", *_place(THIRD, "Putin"), "ORG").spans_added)
        corpus.add_relation(claim, putin, "SAID_BY", "bob")
        corpus.add_span(third, "bob", *_place(THIRD, "Rusia"), "GPE")
        corpus.add_span(second, "ner-v2", *_place(SECOND, "Moskow"), "GPE", origin="model:ner-v2")
    return target


@pytest.fixture
def opened(qtbot: Any, path: Path) -> Iterator[tuple[MainWindow, Corpus]]:
    window, corpus = _open(qtbot, path, [])  # no source on
    yield window, corpus
    window.close()
    corpus.close()


def _sub_menu(qtbot: Any, window: MainWindow) -> dict[str, Any]:
    """Label › Suggest from annotators, opened (filled as it opens): its entries by name."""
    sub = window.findChild(QMenu, "menu_suggest_annotators")
    assert sub is not None
    assert sub.menuAction() in menu(window, "label").actions()
    sub.popup(window.mapToGlobal(QPoint(10, 10)))
    qtbot.waitUntil(sub.isVisible)
    # read on the runner, shown when it arrives
    qtbot.waitUntil(lambda: any(a.isCheckable() for a in sub.actions()))
    entries = {a.objectName(): a for a in sub.actions()}
    sub.hide()
    return entries


def test_an_annotator_turned_on_by_the_menu_is_offered_and_enter_accepts_with_its_origin(
    qtbot: Any, opened: tuple[MainWindow, Corpus], path: Path
) -> None:
    window, corpus = opened
    third = _show(qtbot, window, 2)
    assert window.suggesting.offers == []  # no source on
    entries = _sub_menu(qtbot, window)
    assert {n: (a.text(), a.isChecked()) for n, a in entries.items()} == {
        "suggest_annotator:bob": ("bob", False),
        "suggest_annotator:ner-v2": ("ner-v2 (model)", False),
    }
    entries["suggest_annotator:bob"].trigger()  # on
    assert corpus.suggestion_sources() == {"annotator:bob"}
    qtbot.waitUntil(lambda: window.suggesting.ready)
    assert [(o.text, o.label, o.origin) for o in window.suggesting.offers] == [
        (CLAIM, "CLAIM", "annotator:bob"),
        ("Rusia", "GPE", "annotator:bob"),
        ("Putin", "ORG", "annotator:bob"),
    ]
    assert _sub_menu(qtbot, window)["suggest_annotator:bob"].isChecked()
    _key(qtbot, window, Qt.Key.Key_F8)
    assert window.suggesting.current is not None and window.suggesting.current.text == CLAIM
    _key(qtbot, window, Qt.Key.Key_Return)  # the claim, with bob's speaker as bob labelled it
    assert _stored(path, third) == {
        (*_place(THIRD, CLAIM), "CLAIM", CLAIM, "annotator:bob"),
        (*_place(THIRD, "Putin"), "ORG", "Putin", "annotator:bob"),
    }
    assert db_rows(
        path,
        "SELECT h.label, c.text, r.label FROM relation r JOIN span h ON h.id = r.head_id "
        "JOIN span c ON c.id = r.child_id JOIN annotator a ON a.id = r.annotator_id "
        "WHERE a.name = 'alice'",
    ) == [("CLAIM", "Putin", "SAID_BY")]
    assert [o.text for o in window.suggesting.offers] == ["Rusia"]  # the rest still offered
    # the model: turned on too, its suggestion accepted records model:ner-v2
    _sub_menu(qtbot, window)["suggest_annotator:ner-v2"].trigger()
    second = _show(qtbot, window, 1)
    assert [(o.text, o.origin) for o in window.suggesting.offers] == [("Moskow", "model:ner-v2")]
    _key(qtbot, window, Qt.Key.Key_F8)
    _key(qtbot, window, Qt.Key.Key_Return)
    assert _stored(path, second) == {(*_place(SECOND, "Moskow"), "GPE", "Moskow", "model:ner-v2")}


def test_a_gazetteer_written_by_another_process_is_offered_at_the_next_article(
    qtbot: Any, path: Path
) -> None:
    window, corpus = _open(qtbot, path, ["gazetteer"])
    try:
        _show(qtbot, window, 1)
        assert window.suggesting.offers == []  # no terms yet
        with Corpus.open(path, tooling="tests: annotator gazetteer import") as other:
            other.add_gazetteer_terms([("Moskow", "GPE"), ("Alaska", "LOC")], "kota.txt")
        _show(qtbot, window, 2)
        _show(qtbot, window, 1)  # an article opened: the terms read again
        assert [(o.text, o.label, o.origin) for o in window.suggesting.offers] == [
            ("Alaska", "LOC", "gazetteer"),
            ("Moskow", "GPE", "gazetteer"),
        ]
        # written while the user is in a terminal: back in the window, the article on show
        # offers what changed, no article opened
        terminal = QWidget()
        qtbot.addWidget(terminal)
        terminal.show()
        terminal.activateWindow()
        qtbot.waitUntil(lambda: not window.isActiveWindow())
        with Corpus.open(path, tooling="tests: annotator gazetteer clear") as other:
            other.clear_gazetteer("kota.txt")
            other.add_gazetteer_terms([("Putin", "PERSON")], "orang.txt")
        assert window.suggesting.offers  # not yet: the window is not in front
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.waitUntil(lambda: window.suggesting.ready)
        assert [(o.text, o.origin) for o in window.suggesting.offers] == [
            ("Putin", "gazetteer"),
            ("Putin", "gazetteer"),
        ]
    finally:
        window.close()
        corpus.close()
