"""Suggestions in the text pane by real keys (gui/suggesting.py, ADR 0030): F8 walks them,
Enter accepts (the annotator's span with its origin, undoable), Backspace rejects (kept:
not offered again after reopening), Shift+Enter accepts all in one undo, Alt+O / Alt+Shift+O
label every occurrence of the span in hand; a claim brings its speaker; a source turned off
offers nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import ArticleDraft, Status
from annotator.gui.main_window import MainWindow
from annotator.store.corpus import Corpus
from tests.gui.util import db_rows

FIRST = "Putin bertemu Trump di Alaska."
SECOND = "Di Alaska, Putin dan Trump bertemu. Putin pulang ke Moskow."
THIRD = "Ekonomi Rusia tumbuh pesat, kata Putin."
ME = "alice"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Three articles; alice labelled Putin, Trump and Alaska in the first."""
    target = tmp_path / "suggest.sqlite3"
    with Corpus.open(target) as corpus:
        drafts = [
            ArticleDraft(text=t, title=f"a{i}", external_id=f"a{i}", language="id")
            for i, t in enumerate((FIRST, SECOND, THIRD))
        ]
        first, _, _ = corpus.import_drafts(drafts, origin="t").article_ids
        for form, label in (("Putin", "PERSON"), ("Trump", "PERSON"), ("Alaska", "GPE")):
            start = FIRST.index(form)
            corpus.add_span(first, ME, start, start + len(form), label)
    return target


def _open(qtbot: Any, path: Path, sources: list[str] | None = None) -> tuple[MainWindow, Corpus]:
    corpus = Corpus.open(path)
    corpus.set_user(ME)
    if sources is not None:
        corpus.set_suggestion_sources(sources)
    window = MainWindow(corpus, ME)
    window.remember_layout = False
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window, corpus


@pytest.fixture
def opened(qtbot: Any, path: Path) -> Iterator[tuple[MainWindow, Corpus]]:
    window, corpus = _open(qtbot, path, ["memory"])
    yield window, corpus
    window.close()
    corpus.close()


def _show(qtbot: Any, window: MainWindow, n: int) -> int:
    article_id = window.corpus.article_ids()[n]
    window.go_to(article_id)
    window.text_pane.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(window.text_pane.text_edit.hasFocus)
    qtbot.waitUntil(lambda: window.suggesting.ready)
    return article_id


def _key(qtbot: Any, window: MainWindow, key: Qt.Key, shift: bool = False) -> None:
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(window.text_pane.text_edit, key, modifier)


def _stored(path: Path, article_id: int) -> set[tuple[Any, ...]]:
    return set(
        db_rows(
            path,
            'SELECT s.start, s."end", s.label, s.text, s.origin FROM span s JOIN annotator a '
            "ON a.id = s.annotator_id WHERE s.article_id = ? AND a.name = ?",
            article_id,
            ME,
        )
    )


def _place(text: str, form: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(form, start + 1)
    return start, start + len(form)


def test_the_memory_offers_other_places_and_enter_accepts_with_its_origin(
    qtbot: Any, opened: tuple[MainWindow, Corpus], path: Path
) -> None:
    window, _ = opened
    _show(qtbot, window, 0)
    assert window.suggesting.offers == []  # all labelled already: nothing offered there
    art = _show(qtbot, window, 1)
    offered = [(o.text, o.label, o.origin) for o in window.suggesting.offers]
    assert offered == [
        ("Alaska", "GPE", "memory"),
        ("Putin", "PERSON", "memory"),
        ("Trump", "PERSON", "memory"),
        ("Putin", "PERSON", "memory"),
    ]
    putin = _place(SECOND, "Putin")
    assert window.text_pane.suggestion_at(putin[0]) == (*putin, "PERSON")  # drawn
    _key(qtbot, window, Qt.Key.Key_F8)
    _key(qtbot, window, Qt.Key.Key_F8)  # the second: Putin
    assert window.suggesting.current is not None
    assert window.suggesting.current.key == (*putin, "PERSON")
    _key(qtbot, window, Qt.Key.Key_Return)
    assert _stored(path, art) == {(*putin, "PERSON", "Putin", "memory")}
    assert window.text_pane.suggestion_at(putin[0]) is None  # mine now, not a suggestion
    assert window.suggesting.current is not None
    assert window.suggesting.current.text == "Trump"  # the next one is in hand
    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(path, art) == set()
    assert (*putin, "PERSON") in [o.key for o in window.suggesting.offers]  # offered again


def test_a_label_key_accepts_the_suggestion_in_hand_with_that_label(
    qtbot: Any, opened: tuple[MainWindow, Corpus], path: Path
) -> None:
    window, _ = opened
    art = _show(qtbot, window, 1)
    _key(qtbot, window, Qt.Key.Key_F8)
    _key(qtbot, window, Qt.Key.Key_F8)  # Putin, suggested PERSON
    _key(qtbot, window, Qt.Key.Key_2)  # ORG, as the researcher sees it here
    assert _stored(path, art) == {(*_place(SECOND, "Putin"), "ORG", "Putin", "memory")}
    _key(qtbot, window, Qt.Key.Key_Enter)  # the keypad's Enter: the next one, Trump
    assert (*_place(SECOND, "Trump"), "PERSON", "Trump", "memory") in _stored(path, art)


def test_backspace_rejects_and_the_rejection_outlives_the_window(qtbot: Any, path: Path) -> None:
    window, corpus = _open(qtbot, path, ["memory"])
    art = _show(qtbot, window, 1)
    _key(qtbot, window, Qt.Key.Key_F8)  # Alaska
    _key(qtbot, window, Qt.Key.Key_Backspace)
    alaska = (*_place(SECOND, "Alaska"), "GPE")
    assert alaska not in [o.key for o in window.suggesting.offers]
    assert _stored(path, art) == set()
    assert db_rows(
        path, 'SELECT start, "end", label FROM suggestion_rejection WHERE article_id = ?', art
    ) == [alaska]
    window.close()
    corpus.close()
    window, corpus = _open(qtbot, path)
    _show(qtbot, window, 1)
    keys = [o.key for o in window.suggesting.offers]
    assert (*_place(SECOND, "Putin"), "PERSON") in keys
    assert alaska not in keys
    window.close()
    corpus.close()


def test_shift_enter_accepts_all_in_one_undo(
    qtbot: Any, opened: tuple[MainWindow, Corpus], path: Path
) -> None:
    window, _ = opened
    art = _show(qtbot, window, 1)
    _key(qtbot, window, Qt.Key.Key_Return, shift=True)
    assert {(t, origin) for _, _, _, t, origin in _stored(path, art)} == {
        ("Alaska", "memory"),
        ("Putin", "memory"),
        ("Trump", "memory"),
    }
    assert len(_stored(path, art)) == 4
    assert window.suggesting.offers == []
    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(path, art) == set()
    assert window.statusBar().currentMessage() == "Undid: accepted 4 suggestions"


def test_label_all_occurrences_here_and_in_the_corpus(qtbot: Any, path: Path) -> None:
    window, corpus = _open(qtbot, path, [])  # no source on: these keys need none
    art = _show(qtbot, window, 1)
    assert window.suggesting.offers == []
    first = _place(SECOND, "Putin")
    window.labelling.edit(lambda: corpus.add_span(art, ME, *first, "PERSON"))
    _key(qtbot, window, Qt.Key.Key_Tab)  # my span in hand
    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    assert _stored(path, art) == {
        (*first, "PERSON", "Putin", "hand"),
        (*_place(SECOND, "Putin", 1), "PERSON", "Putin", "memory"),
    }
    third = corpus.article_ids()[2]
    qtbot.keyClick(
        window.text_pane.text_edit,
        Qt.Key.Key_O,
        Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: bool(_stored(path, third)))
    assert _stored(path, third) == {(*_place(THIRD, "Putin"), "PERSON", "Putin", "memory")}
    assert len(_stored(path, art)) == 2  # nothing twice
    window.close()
    corpus.close()


def test_a_claim_candidate_accepted_brings_its_speaker(qtbot: Any, path: Path) -> None:
    window, corpus = _open(qtbot, path, ["rules"])
    art = _show(qtbot, window, 2)
    claims = [o for o in window.suggesting.offers if o.label == "CLAIM"]
    assert [(o.text, o.origin) for o in claims] == [("Ekonomi Rusia tumbuh pesat", "rule")]
    window.text_pane.select(*_place(THIRD, "Rusia"))  # the cursor inside the claim
    _key(qtbot, window, Qt.Key.Key_Return)
    stored = _stored(path, art)
    assert stored == {
        (
            *_place(THIRD, "Ekonomi Rusia tumbuh pesat"),
            "CLAIM",
            "Ekonomi Rusia tumbuh pesat",
            "rule",
        ),
        (*_place(THIRD, "Putin"), "PERSON", "Putin", "rule"),
    }
    (relation,) = corpus.relations(art, ME)
    assert relation.label == "SAID_BY"
    assert corpus.span(relation.child).text == "Putin"
    window.close()
    corpus.close()


def test_a_cue_word_of_mine_does_not_hide_a_claim_offer_it_overlaps(qtbot: Any, path: Path) -> None:
    with Corpus.open(path) as corpus:
        third = corpus.article_ids()[2]
        corpus.add_span(third, ME, *_place(THIRD, "Ekonomi Rusia"), "CUE")  # same layer
    window, corpus = _open(qtbot, path, ["rules"])
    _show(qtbot, window, 2)
    claims = [o.text for o in window.suggesting.offers if o.label == "CLAIM"]
    assert claims == ["Ekonomi Rusia tumbuh pesat"]
    window.close()
    corpus.close()


def test_a_source_turned_off_offers_nothing(
    qtbot: Any, opened: tuple[MainWindow, Corpus], path: Path
) -> None:
    window, corpus = opened
    _show(qtbot, window, 1)
    assert window.suggesting.offers
    action = window.action_by_name["suggest_memory"]
    assert action.isChecked()
    action.trigger()  # Label › Suggest from memory, off
    qtbot.waitUntil(lambda: window.suggesting.ready)
    assert window.suggesting.offers == []
    assert window.text_pane.suggestions == []
    assert "memory" not in corpus.suggestion_sources()
    _key(qtbot, window, Qt.Key.Key_Return)  # nothing to accept
    assert _stored(path, window.corpus.article_ids()[1]) == set()


def test_suggest_into_offers_them_in_the_pane_leaving_rejected_out(
    qtbot: Any, path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from annotator.cli import main

    with Corpus.open(path) as corpus:
        corpus.set_user(ME)
        corpus.set_status(corpus.article_ids()[0], ME, Status.DONE)  # the memory learns it
        corpus.set_user("bob")
        second = corpus.article_ids()[1]
        corpus.reject_suggestion(second, "bob", *_place(SECOND, "Alaska"), "GPE")
        before = corpus.spans(second, "bob")
    args = ["--db", str(path), "suggest", "--learn-from", ME, "--sources", "memory,rules"]
    assert main([*args, "--articles", "a1,a2", "--into", "bob"]) == 0
    said = capsys.readouterr().out
    assert "5 suggestions waiting for bob in 2 articles (1 left out" in said  # Alaska
    putin = _place(THIRD, "Putin")
    assert db_rows(
        path, "SELECT origin, speaker FROM pending_suggestion WHERE label = 'CLAIM'"
    ) == [
        ("rule", f"{putin[0]},{putin[1]},")  # "..., kata Putin.": the speaker comes along
    ]
    assert main([*args, "--articles", "a1,a2", "--into", "bob"]) == 0
    assert "0 suggestions waiting for bob" in capsys.readouterr().out  # kept once
    corpus = Corpus.open(path)
    corpus.set_user("bob")
    assert corpus.spans(second, "bob") == before  # offered, not bob's spans
    corpus.set_suggestion_sources([])  # only what waits for bob is offered
    window = MainWindow(corpus, "bob")
    window.remember_layout = False
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    _show(qtbot, window, 1)
    assert [(o.text, o.origin) for o in window.suggesting.offers] == [
        ("Putin", "memory"),
        ("Trump", "memory"),
        ("Putin", "memory"),
    ]
    window.text_pane.select(*_place(SECOND, "Trump"))
    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_Return)
    assert [(s.text, s.origin) for s in corpus.spans(second, "bob")] == [("Trump", "memory")]
    assert len(corpus.pending_suggestions(second, "bob")) == 2  # accepted: no longer waiting
    window.close()
    corpus.close()


def test_the_model_suggests_off_the_gui_thread_and_shows_when_ready(
    qtbot: Any, path: Path, tmp_path: Path
) -> None:
    import random

    from annotator.learn.train import train
    from tests.unit.test_learn import _article

    rng = random.Random(4)
    train(
        [_article(k, rng) for k in range(1, 13)],
        tmp_path / "m",
        language="id",
        epochs=10,
        batch_size=2,
        held_out=0.0,  # every pass, on every article (a tiny held-out set would stop it early)
        name="mine",
    )
    window, corpus = _open(qtbot, path, ["model"])
    window.set_suggestion_model(tmp_path / "m")  # as Label › Choose suggestion model… does
    article_id = corpus.article_ids()[1]
    window.go_to(article_id)
    # Opened: the model has not answered yet (it runs on the runner's thread, and its answer
    # comes back through this thread's event loop, which has not run since).
    assert not window.suggesting.ready
    assert all(not o.origin.startswith("model:") for o in window.suggesting.offers)
    qtbot.waitUntil(lambda: window.suggesting.ready, timeout=30_000)
    found = {(o.text, o.label, o.origin) for o in window.suggesting.offers}
    assert ("Putin", "PERSON", "model:mine") in found  # learnt: the model never saw this text
    window.close()
    corpus.close()
