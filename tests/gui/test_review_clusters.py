"""Review mode settles claim clusters into gold (issue 16, ADR 0029): a claim both annotators
marked alike but put in different clusters is a disagreement of its own, walked with N and
settled with 1…9 (that annotator's cluster) or 0 (none); gold's cluster is in the store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator import formats
from annotator.core.review import Kind
from annotator.gui.main_window import MainWindow
from annotator.store.corpus import Corpus
from tests.gui.test_review import agreement_in, key

A1 = "Korea Utara mengirim sekitar 11 ribu tentara ke Kursk, kata pejabat itu."
A2 = "Pejabat Ukraina menilai 20 ribu hingga 30 ribu prajurit dikerahkan. Kim juga mengirim rudal."
X = (A1, "Korea Utara mengirim sekitar 11 ribu tentara ke Kursk")
Y = (A2, "20 ribu hingga 30 ribu prajurit dikerahkan")
Z = (A2, "Kim juga mengirim rudal")
# ani: X, Y and Z in one cluster; budi (his own name for it): X with Y, Z in none.
WORK = {
    "ani": {"X": "troops", "Y": "troops", "Z": "troops"},
    "budi": {"X": "pasukan", "Y": "pasukan", "Z": None},
}
SOURCES = {"a1": "Aktual.com", "a2": "CNN Indonesia"}


def _claim(which: tuple[str, str], cluster: str | None) -> dict[str, object]:
    text, words = which
    start = text.index(words)
    out: dict[str, object] = {"start": start, "end": start + len(words), "label": "CLAIM"}
    return out if cluster is None else {**out, "cluster": cluster}


@pytest.fixture
def clustered(tmp_path: Path) -> Iterator[Corpus]:
    corpus = Corpus.open(tmp_path / "clusters.db", tooling="GUI tests read everyone's labels")
    for name, clusters in WORK.items():
        records = [
            {
                "id": ext,
                "text": text,
                "meta": {"source": SOURCES[ext]},
                "annotator": name,
                "status": "done",
                "spans": [_claim(c, clusters[k]) for k, c in claims],
            }
            for ext, text, claims in (("a1", A1, [("X", X)]), ("a2", A2, [("Y", Y), ("Z", Z)]))
        ]
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
        assert formats.import_paths(corpus, [path], "jsonl", detect_language=False).ok
    try:
        yield corpus
    finally:
        corpus.close()


@pytest.fixture
def review(qtbot, clustered: Corpus) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = MainWindow(clustered, "rev")
    win.remember_layout = False
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.select_first()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    qtbot.keyClick(win.article_list.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    agreement_in(qtbot, win)
    yield win
    win.close()


def show(qtbot, win: MainWindow, corpus: Corpus, external: str) -> int:  # type: ignore[no-untyped-def]
    art = next(a for a in corpus.article_ids() if corpus.article(a).external_id == external)
    win.show_article(art)
    qtbot.waitUntil(lambda: win.review is not None and win.review.article_id == art)
    return art


def gold_clusters(corpus: Corpus) -> dict[str, str | None]:
    names = corpus.gold_cluster_names()
    return {
        g.text: (names.get(g.cluster_id) if g.cluster_id else None) if g.cluster_decided else "?"
        for a in corpus.article_ids()
        for g in corpus.gold_spans(a)
    }


def test_cluster_disagreements_are_listed_and_settled_by_keys(
    qtbot, review: MainWindow, clustered: Corpus
) -> None:  # type: ignore[no-untyped-def]
    rv = review.review
    assert rv is not None
    show(qtbot, review, clustered, "a1")
    assert [g.kinds for g in rv.disagreements] == [{Kind.CLUSTER}]
    # (the fixture's claims have no speaker: unfinished work, named beside the kind)
    assert rv.table.item(0, 1).text() == "cluster differs, no speaker yet: ani, budi"
    assert rv.table.item(0, 3).text() == "CLAIM; ∈ 2"  # ani: with Y and Z
    assert rv.table.item(0, 4).text() == "CLAIM; ∈ 1"  # budi: with Y
    key(qtbot, review, Qt.Key.Key_N)
    ani_line = rv.comparison.findChild(type(rv.status_label), "track_1_links")
    assert ani_line is not None and "with 2 claims" in ani_line.text()
    assert "CNN Indonesia «Kim juga mengirim rudal»" in ani_line.text()

    key(qtbot, review, Qt.Key.Key_1)  # ani's version, and with it ani's cluster
    assert gold_clusters(clustered) == {X[1]: "troops"}
    assert rv.is_settled(rv.disagreements[0])
    assert "∈ troops" in rv.table.item(0, 5).text()

    show(qtbot, review, clustered, "a2")
    assert [g.kinds for g in rv.disagreements] == [{Kind.CLUSTER}, {Kind.CLUSTER}]
    key(
        qtbot,
        review,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert gold_clusters(clustered) == {X[1]: "troops", Y[1]: "?", Z[1]: "?"}  # spans only
    assert "∈ ?" in rv.table.item(0, 5).text()
    rv.select(0)
    key(qtbot, review, Qt.Key.Key_2)  # budi's: Y with X, whose gold cluster it joins
    assert gold_clusters(clustered)[Y[1]] == "troops"
    assert rv.current == 1  # on to Z
    key(qtbot, review, Qt.Key.Key_0)  # Z: in no cluster
    assert gold_clusters(clustered) == {X[1]: "troops", Y[1]: "troops", Z[1]: None}
    assert "in no cluster" in rv.table.item(1, 5).text()
    assert "complete" in rv.status_label.text()


def test_no_cluster_needs_a_gold_claim(qtbot, review: MainWindow, clustered: Corpus) -> None:  # type: ignore[no-untyped-def]
    rv = review.review
    assert rv is not None
    show(qtbot, review, clustered, "a1")
    key(qtbot, review, Qt.Key.Key_N)
    with qtbot.waitSignal(rv.message) as said:
        key(qtbot, review, Qt.Key.Key_0)
    assert "accept a version first" in said.args[0]
    assert gold_clusters(clustered) == {}
