"""Claim clusters by keys (issue 16, ADR 0027): C ranks the clusters a claim may join (Up/Down,
Enter joins, Escape cancels), Shift+C starts one, Ctrl+Z takes it back; the cluster view shows
the members side by side with their differences and conflicts, walked by keys. Each asserts
on the store or on what the view's widgets hold."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import ArticleDraft
from annotator.gui.cluster_view import ID_ROLE, ClusterView
from annotator.gui.main_window import MainWindow
from annotator.store.corpus import Corpus
from tests.gui.cluster_demo import TROOPS, label_claim, label_troops
from tests.gui.conftest import ANNOTATOR
from tests.gui.util import settled

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _window(qtbot, corpus: Corpus) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(corpus, ANNOTATOR)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.select_first()
    return win


@pytest.fixture
def claims(open_corpus: Corpus) -> list[int]:
    """The troop claims of the seeds, alice's, in no cluster yet."""
    return [label_claim(open_corpus, ANNOTATOR, *row) for row in TROOPS]


@pytest.fixture
def win(qtbot, open_corpus: Corpus, claims: list[int]) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    w = _window(qtbot, open_corpus)
    yield w
    w.close()


def press_c(qtbot, w: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """C in the text; the list shows once the index is read (on the runner, the first time)."""
    qtbot.keyClick(w.text_pane.text_edit, Qt.Key.Key_C)
    qtbot.waitUntil(lambda: w.clusters.picker is not None, timeout=10_000)


def cluster_rows(view: ClusterView) -> list[str]:
    """The texts of the cluster list's rows that are clusters (not story headings)."""
    tree = view.tree.model()
    rows = [tree.index(r, 0) for r in range(tree.rowCount())]
    return [str(i.data()) for i in rows if i.data(ID_ROLE) is not None]


def _in_hand(qtbot, w: MainWindow, span_id: int) -> None:  # type: ignore[no-untyped-def]
    """Open the claim's article with the claim in hand, the text pane focused."""
    w.open_claim(w.corpus.span(span_id).article_id, span_id)
    assert w.labelling.current == span_id
    qtbot.waitUntil(w.text_pane.text_edit.hasFocus, timeout=2000)


def test_shift_c_starts_c_enter_joins_and_ctrl_z_takes_it_back(
    qtbot, win: MainWindow, open_corpus: Corpus, claims: list[int]
) -> None:
    edit = win.text_pane.text_edit
    kursk, _ukraine, more_than, *_ = claims
    _in_hand(qtbot, win, kursk)
    qtbot.keyClick(edit, Qt.Key.Key_C, SHIFT)
    cluster = open_corpus.span(kursk).cluster_id
    assert cluster is not None
    (made,) = open_corpus.clusters(ANNOTATOR)
    assert made.name == "korea utara yang mengirimkan sekitar 11"  # its first words

    _in_hand(qtbot, win, more_than)
    press_c(qtbot, win)
    picker = win.clusters.picker
    assert picker is not None and picker.isVisible()
    row = picker.list.item(0).text()
    assert made.name in row and "Aktual.com" in row and "text 0." in row
    assert "numbers agree" in row  # lebih dari 10.000 and sekitar 11 ribu can both be true
    qtbot.keyClick(picker.list, Qt.Key.Key_Return)
    assert open_corpus.span(more_than).cluster_id == cluster
    settled(qtbot, win)

    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)
    assert open_corpus.span(more_than).cluster_id is None
    assert open_corpus.span(kursk).cluster_id == cluster


def test_escape_cancels_and_down_enter_joins_the_second(
    qtbot, win: MainWindow, open_corpus: Corpus, claims: list[int]
) -> None:
    edit = win.text_pane.text_edit
    kursk, ukraine, more_than, *_ = claims
    for claim in (kursk, ukraine):
        _in_hand(qtbot, win, claim)
        qtbot.keyClick(edit, Qt.Key.Key_C, SHIFT)
    assert len(open_corpus.clusters(ANNOTATOR)) == 2

    _in_hand(qtbot, win, more_than)
    press_c(qtbot, win)
    picker = win.clusters.picker
    assert picker is not None and picker.list.count() == 2
    qtbot.keyClick(picker.list, Qt.Key.Key_Escape)
    assert not picker.isVisible() and open_corpus.span(more_than).cluster_id is None

    press_c(qtbot, win)
    picker = win.clusters.picker
    assert picker is not None
    second = int(picker.list.item(1).data(Qt.ItemDataRole.UserRole))
    qtbot.keyClick(picker.list, Qt.Key.Key_Down)
    qtbot.keyClick(picker.list, Qt.Key.Key_Return)
    assert open_corpus.span(more_than).cluster_id == second


def test_the_suggestions_follow_each_change_without_reading_everything_again(
    qtbot, win: MainWindow, open_corpus: Corpus, claims: list[int]
) -> None:
    edit = win.text_pane.text_edit
    kursk, ukraine, more_than, *_ = claims
    _in_hand(qtbot, win, kursk)
    qtbot.keyClick(edit, Qt.Key.Key_C, SHIFT)
    _in_hand(qtbot, win, more_than)
    press_c(qtbot, win)  # the index is read now (on the runner)
    picker = win.clusters.picker
    assert picker is not None and picker.list.count() == 1
    qtbot.keyClick(picker.list, Qt.Key.Key_Escape)
    index = win.clusters.index
    _in_hand(qtbot, win, ukraine)
    qtbot.keyClick(edit, Qt.Key.Key_C, SHIFT)  # a second cluster: into the same index
    _in_hand(qtbot, win, more_than)
    press_c(qtbot, win)
    picker = win.clusters.picker
    assert picker is not None and win.clusters.index is index
    offered = {int(picker.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(2)}
    assert offered == {open_corpus.span(kursk).cluster_id, open_corpus.span(ukraine).cluster_id}
    qtbot.keyClick(picker.list, Qt.Key.Key_Escape)


def test_c_on_a_span_that_is_no_claim_changes_nothing(
    qtbot, win: MainWindow, open_corpus: Corpus, claims: list[int]
) -> None:
    kursk = claims[0]
    place = next(
        s
        for s in open_corpus.spans(open_corpus.span(kursk).article_id, ANNOTATOR)
        if s.label == "GPE"
    )
    win.open_claim(place.article_id, place.id)
    qtbot.keyClick(win.text_pane.text_edit, Qt.Key.Key_C, SHIFT)
    assert open_corpus.clusters(ANNOTATOR) == []
    assert win.clusters.picker is None


# ---------------------------------------------------------------- the cluster view
@pytest.fixture
def clustered(qtbot, open_corpus: Corpus) -> Iterator[tuple[MainWindow, list[int]]]:  # type: ignore[no-untyped-def]
    """The troop cluster, plus a claim of another outlet with a figure none agrees with."""
    spans = label_troops(open_corpus, ANNOTATOR)
    text = "Korea Utara mengirim 50 ribu tentara ke Rusia."
    draft = ArticleDraft(text=text, title="Lain", external_id="lain", source="Harian Lain")
    (art,) = open_corpus.import_drafts([draft], origin="t").article_ids
    odd = min(open_corpus.add_span(art, ANNOTATOR, 0, len(text) - 1, "CLAIM").spans_added)
    cluster = open_corpus.span(spans[0]).cluster_id
    assert cluster is not None
    open_corpus.join_cluster(odd, ANNOTATOR, cluster)
    w = _window(qtbot, open_corpus)
    yield w, [*spans, odd]
    w.close()


def test_the_view_shows_members_differences_and_conflicts(
    qtbot, clustered: tuple[MainWindow, list[int]], open_corpus: Corpus
) -> None:
    w, spans = clustered
    qtbot.keyClick(w.text_pane.text_edit, Qt.Key.Key_K, CTRL)
    view = w.cluster_view
    qtbot.waitUntil(view.isVisible, timeout=2000)
    assert set(m.span_id for m in view.members) == set(spans)
    conflicts = view.conflict_label.text()
    assert "50 ribu (Harian Lain) vs" in conflicts or "vs 50 ribu (Harian Lain)" in conflicts
    assert "Within one article" in conflicts and "20–30 ribu (Aktual.com)" in conflicts
    rows = {m.span_id: r for r, m in enumerate(view.members)}
    table = view.table
    more_than = rows[spans[2]]
    assert table.item(more_than, 0).text() == view.members[more_than].outlet
    assert table.item(more_than, 2).text().startswith("Informasi intelijen")
    assert table.item(more_than, 3).text() == "paraphrase"
    assert table.item(more_than, 4).text() == "reported as uncertain"
    html = view.member_html(more_than)
    assert 'class="number"' in html and ">10.000</span>" in html
    hedged = view.member_html(rows[spans[3]])
    assert 'class="hedge"' in hedged and ">dilaporkan</span>" in hedged
    assert 'class="entity"' in view.member_html(rows[spans[0]])  # Korea Utara, Kursk: GPE


def test_the_view_is_walked_by_keys_and_enter_opens_the_claim(
    qtbot, clustered: tuple[MainWindow, list[int]], open_corpus: Corpus
) -> None:
    w, _spans = clustered
    qtbot.keyClick(w.text_pane.text_edit, Qt.Key.Key_K, CTRL)
    view = w.cluster_view
    qtbot.waitUntil(view.tree.hasFocus, timeout=2000)
    qtbot.keyClick(view.tree, Qt.Key.Key_Return)  # to the members
    assert view.table.hasFocus() and view.comparison.reference == 0
    assert view.member_html(0).startswith("▶")
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.comparison.reference == 1 and view.member_html(1).startswith("▶")
    member = view.members[1]
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert w.current_article_id == member.article_id
    assert w.labelling.current == member.span_id
    qtbot.keyClick(view.table, Qt.Key.Key_Escape)
    assert view.tree.hasFocus()


def test_the_view_follows_the_bus(
    qtbot, clustered: tuple[MainWindow, list[int]], open_corpus: Corpus
) -> None:
    w, spans = clustered
    view = w.cluster_view
    qtbot.keyClick(w.text_pane.text_edit, Qt.Key.Key_K, CTRL)
    qtbot.waitUntil(view.isVisible, timeout=2000)
    before = len(view.members)
    _in_hand(qtbot, w, spans[1])
    w.commands.leave_cluster()  # Edit › Leave cluster (no key)
    assert open_corpus.span(spans[1]).cluster_id is None
    assert len(view.members) == before - 1
    assert cluster_rows(view)[0].endswith(f"({before - 1})")
    qtbot.keyClick(w.text_pane.text_edit, Qt.Key.Key_C, SHIFT)  # its own cluster now
    assert len(cluster_rows(view)) == 2
    view.focus_clusters()
    shown = view.cluster_id
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Up):  # one of the two is shown: go to the other
        qtbot.keyClick(view.tree, key)
        if view.cluster_id != shown:
            break
    assert view.cluster_id != shown
    assert {m.span_id for m in view.members} == {
        s for s in spans if open_corpus.span(s).cluster_id == view.cluster_id
    }
    qtbot.keyClick(w.text_pane.text_edit, Qt.Key.Key_Z, CTRL)
    assert len(cluster_rows(view)) == 1


def test_a_claim_moved_updates_its_clusters_rows_in_place(
    qtbot, clustered: tuple[MainWindow, list[int]], open_corpus: Corpus
) -> None:
    """Shift+C, a join and their undoing change the rows of the clusters they name, with the
    right counts, and the cluster list is never made anew (no model reset)."""
    w, spans = clustered
    view = w.cluster_view
    qtbot.keyClick(w.text_pane.text_edit, Qt.Key.Key_K, CTRL)
    qtbot.waitUntil(view.isVisible, timeout=2000)
    troops = view.cluster_id
    (name,) = [s.name for s in open_corpus.clusters(ANNOTATOR)]
    size = len(spans)
    resets: list[int] = []
    view.model.modelReset.connect(lambda: resets.append(1))

    _in_hand(qtbot, w, spans[1])
    qtbot.keyClick(w.text_pane.text_edit, Qt.Key.Key_C, SHIFT)  # a cluster of its own
    started = open_corpus.span(spans[1]).cluster_id
    assert started is not None and started != troops
    new_name = open_corpus.clusters(ANNOTATOR, [started])[0].name
    w.clusters.join(spans[2], started)  # as Enter in C's list does
    assert sorted(cluster_rows(view)) == sorted([f"{name}  ({size - 2})", f"{new_name}  (2)"])
    assert view.cluster_id == troops and len(view.members) == size - 2  # shown: read again

    qtbot.keyClick(w.text_pane.text_edit, Qt.Key.Key_Z, CTRL)  # the join
    assert sorted(cluster_rows(view)) == sorted([f"{name}  ({size - 1})", f"{new_name}  (1)"])
    qtbot.keyClick(w.text_pane.text_edit, Qt.Key.Key_Z, CTRL)  # the start: emptied, gone
    assert cluster_rows(view) == [f"{name}  ({size})"]
    assert len(view.members) == size and resets == []


def test_up_and_down_walk_the_clusters_past_the_story_headings(
    qtbot, clustered: tuple[MainWindow, list[int]], open_corpus: Corpus
) -> None:
    w, spans = clustered
    view = w.cluster_view
    odd = spans[-1]  # the story-less article's claim: a cluster under "(no story)"
    _in_hand(qtbot, w, odd)
    qtbot.keyClick(w.text_pane.text_edit, Qt.Key.Key_C, SHIFT)
    alone = open_corpus.span(odd).cluster_id
    qtbot.keyClick(w.text_pane.text_edit, Qt.Key.Key_K, CTRL)
    qtbot.waitUntil(view.tree.hasFocus, timeout=2000)
    model = view.model
    texts = [str(model.index(r, 0).data()) for r in range(model.rowCount())]
    assert texts[2] == "(no story)" and len(texts) == 4  # heading, troops, heading, alone
    view.tree.setCurrentIndex(model.index(1, 0))
    troops = view.cluster_id
    qtbot.keyClick(view.tree, Qt.Key.Key_Down)
    assert view.cluster_id == alone and view.tree.currentIndex().row() == 3
    assert [m.span_id for m in view.members] == [odd]
    qtbot.keyClick(view.tree, Qt.Key.Key_Up)
    assert view.cluster_id == troops and view.tree.currentIndex().row() == 1
    qtbot.keyClick(view.tree, Qt.Key.Key_Up)  # the first heading: nothing above it to go to
    assert view.cluster_id == troops and view.tree.currentIndex().row() == 1


def test_a_deleted_clustered_claim_put_back_by_undo_is_offered_again(
    qtbot, win: MainWindow, open_corpus: Corpus, claims: list[int]
) -> None:
    edit = win.text_pane.text_edit
    kursk, _ukraine, more_than, *_ = claims
    _in_hand(qtbot, win, kursk)
    qtbot.keyClick(edit, Qt.Key.Key_C, SHIFT)
    cluster = str(open_corpus.span(kursk).cluster_id)
    _in_hand(qtbot, win, more_than)
    press_c(qtbot, win)  # the index is read now
    picker = win.clusters.picker
    assert picker is not None
    qtbot.keyClick(picker.list, Qt.Key.Key_Escape)
    index = win.clusters.index
    assert index is not None and index.cluster_of(kursk) == cluster
    _in_hand(qtbot, win, kursk)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert index.cluster_of(kursk) is None
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)  # back, in its cluster
    assert open_corpus.span(kursk).cluster_id == int(cluster)
    assert win.clusters.index is index and index.cluster_of(kursk) == cluster
