"""The change bus reaches every view, whatever the change's origin: this window's edit, an edit
replayed after an outage, someone else's seen by polling, a schema change. The changes are made
in the store and arrive by the routes the window uses (a key press, the team connection's
handlers, the schema editor's signal); the assertions are on what the views show.

(The team link's own triggers, a real poll and a real reconnect, run against the server in
tests/gui/test_team.py.)"""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import ArticleDraft, Changes, Status
from annotator.core.schema import Label
from annotator.gui.bus import Origin, Update
from annotator.gui.main_window import MainWindow
from annotator.store.corpus import Corpus
from tests.gui.conftest import ANNOTATOR, SeedCorpus
from tests.gui.util import find, open_emoji, select_text

SPANS_COLUMN = 5  # the article list's "Spans" column


def row_spans(window: MainWindow, article_id: int) -> str:
    model = window.article_list.model
    row = model.row_of(article_id)
    assert row is not None
    return str(model.data(model.index(row, SPANS_COLUMN)))


def table_texts(window: MainWindow) -> list[str]:
    model = window.span_panel.model
    return [model.span_at(row).text for row in range(model.rowCount())]


def palette_names(window: MainWindow) -> list[str]:
    return [action.objectName() for action in window.palette_bar.actions()]


def test_a_local_edit_reaches_every_view(
    qtbot, window: MainWindow, seed_corpus: SeedCorpus
) -> None:
    open_emoji(window, seed_corpus)
    article = seed_corpus.emoji_id
    assert row_spans(window, article) == "4"
    window.action_by_name["undo"].setEnabled(False)  # as if nothing were left to undo
    select_text(window, *find("keluarga"))
    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_5)  # NORP
    assert "keluarga" in [s.text for s in window.labelling.mine]  # the text pane, at once
    qtbot.waitUntil(lambda: "keluarga" in table_texts(window))  # the span table
    qtbot.waitUntil(lambda: row_spans(window, article) == "5")  # the list row
    assert window.action_by_name["undo"].isEnabled()
    done = window.progress_bar.value()
    window.action_by_name["mark_done"].trigger()
    qtbot.waitUntil(lambda: window.progress_bar.value() == done + 1)  # the progress


def test_a_replayed_edit_reaches_every_view(
    qtbot, window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus
) -> None:
    open_emoji(window, seed_corpus)
    article = seed_corpus.emoji_id
    window.action_by_name["undo"].setEnabled(False)
    # A span queued while the server was away, saved now: the link hands its Changes over.
    changes = open_corpus.add_span(article, ANNOTATOR, *find("keluarga"), "NORP")
    window.connection.replayed(changes)
    assert "keluarga" in [s.text for s in window.labelling.mine]
    qtbot.waitUntil(lambda: "keluarga" in table_texts(window))
    qtbot.waitUntil(lambda: row_spans(window, article) == "5")
    assert window.action_by_name["undo"].isEnabled()  # asked of the store: mine to undo


def test_others_changes_reach_every_view(
    qtbot, window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus
) -> None:
    open_emoji(window, seed_corpus)
    article = seed_corpus.emoji_id
    window.action_by_name["blind_mode"].setChecked(False)  # others' spans show
    done = window.progress_bar.value()
    # Made elsewhere (another user, alice's other computer): the poll only says "changed".
    open_corpus.add_span(article, "bob", *find("keluarga"), "NORP")
    open_corpus.add_span(article, ANNOTATOR, *find("menonton"), "EVENT")
    open_corpus.set_status(article, ANNOTATOR, Status.DONE)
    open_corpus.import_drafts(
        [ArticleDraft(text="New.\n", title="New", external_id="n")], origin="x"
    )
    window.connection.others_changed()
    assert "keluarga" in [s.text for s in window.labelling.others]  # the text pane
    assert "menonton" in [s.text for s in window.labelling.mine]
    assert "menonton" in table_texts(window)  # the span table
    assert row_spans(window, article) == "5"  # the list row, in place
    assert window.current_article_id == article  # selection kept
    assert window.progress_bar.value() == done + 1  # the progress
    assert window.count_label.text() == "7 articles"  # the count


def test_others_gold_decisions_reach_the_review_view(
    qtbot, window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus
) -> None:
    article = seed_corpus.emoji_id
    open_corpus.add_span(article, "bob", *find("Jakarta"), "LOC")  # alice says GPE
    window.action_by_name["review_mode"].setChecked(True)
    review = window.review
    assert review is not None
    assert window.article_list.select_article(article)
    qtbot.waitUntil(lambda: review.item is not None and review.item.article_id == article)
    assert review.gold == []
    bob = next(s for s in open_corpus.spans(article, "bob") if s.label == "LOC")
    open_corpus.accept_span(bob.id, "rev")  # another reviewer settles it
    window.connection.others_changed()
    assert [g.label for g in review.gold] == ["LOC"]  # read again: the gold on show


def test_a_schema_change_reaches_every_view(
    qtbot, window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus
) -> None:
    open_emoji(window, seed_corpus)
    window.labelling.set_current(window.labelling.mine[0].id)  # the span editor shows it
    assert "label_FACILITY" not in palette_names(window)
    changes = open_corpus.add_label(Label("FACILITY", "entity", "#123456"), by=ANNOTATOR)
    window.schema_changed(changes)  # what the schema editor's signal calls
    assert "label_FACILITY" in palette_names(window)  # the palette and its hotkeys
    combo = window.span_panel.editor.label_combo
    assert "FACILITY" in [combo.itemText(i) for i in range(combo.count())]  # the span editor
    changes = open_corpus.rename_label("GPE", "PLACE", by=ANNOTATOR)
    window.schema_changed(changes)
    assert "label_PLACE" in palette_names(window) and "label_GPE" not in palette_names(window)
    assert "PLACE" in {s.label for s in window.labelling.mine}  # the text pane's spans
    model = window.span_panel.model  # the span table
    qtbot.waitUntil(lambda: "PLACE" in {model.span_at(n).label for n in range(model.rowCount())})


def test_a_view_subscribed_once_gets_every_origin_once(
    qtbot, window: MainWindow, open_corpus: Corpus, seed_corpus: SeedCorpus
) -> None:
    open_emoji(window, seed_corpus)
    seen: list[Update] = []
    window.bus.subscribe(seen.append)
    select_text(window, *find("keluarga"))
    qtbot.keyClick(window.text_pane.text_edit, Qt.Key.Key_5)  # local
    window.connection.replayed(
        open_corpus.add_span(seed_corpus.emoji_id, ANNOTATOR, *find("menonton"), "EVENT")
    )
    window.connection.others_changed()
    window.schema_changed(open_corpus.add_label(Label("FACILITY", "entity", "#123456")))
    assert [u.origin for u in seen] == [
        Origin.LOCAL,
        Origin.REPLAYED,
        Origin.OTHERS,
        Origin.LOCAL,
    ]
    local, replayed, _others, schema = seen
    assert local.source is window.labelling and local.changes.spans_added
    assert replayed.changes.spans_added and not replayed.schema
    assert schema.schema and schema.changes == Changes(
        schema_changed=True, event_id=schema.changes.event_id
    )
