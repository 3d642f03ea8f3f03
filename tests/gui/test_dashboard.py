"""The agreement dashboard: its figures are compute_agreement's, every chart exports to a
real PNG and to a CSV of the same numbers, undefined figures stay undefined, and the main
window does not import pyqtgraph until the dashboard opens."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from annotator import formats
from annotator.core.agreement import compute_agreement, items_from_documents
from annotator.core.model import ArticleDraft, Status
from annotator.store.corpus import Corpus

ROOT = Path(__file__).resolve().parents[2]
DEMO_LABELS = ROOT / "resources" / "demo" / "labels.jsonl"
SEEDS = ROOT / "seeds"
CHARTS = ("heatmap", "per_label", "activity", "label_distribution")

TEXT1 = "Joko Widodo bertemu Vladimir Putin di Alaska."
TEXT2 = "Prabowo Subianto berkunjung ke Jakarta bersama Sri Mulyani pada Senin."
# (annotator, text, [(needle, label)]): ani and budi did TEXT1, ani and cici did TEXT2, so
# budi and cici have no article in common (an undefined cell).
WORK: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("ani", TEXT1, [("Joko Widodo", "PERSON"), ("Vladimir Putin", "PERSON"), ("Alaska", "GPE")]),
    ("budi", TEXT1, [("Widodo", "PERSON"), ("Vladimir Putin", "PERSON"), ("Alaska", "LOC")]),
    ("ani", TEXT2, [("Prabowo Subianto", "PERSON"), ("Jakarta", "GPE"), ("Senin", "DATE")]),
    (
        "cici",
        TEXT2,
        [("Prabowo Subianto", "PERSON"), ("Jakarta", "GPE"), ("Sri Mulyani", "PERSON")],
    ),
]


def _record(annotator: str, text: str, marks: list[tuple[str, str]], rid: str) -> dict[str, Any]:
    spans = []
    for k, (needle, label) in enumerate(marks, 1):
        start = text.index(needle)
        spans.append(
            {
                "id": f"s{k}",
                "start": start,
                "end": start + len(needle),
                "label": label,
                "text": needle,
            }
        )
    return {"id": rid, "text": text, "annotator": annotator, "status": "done", "spans": spans}


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def second_annotator_file(tmp: Path) -> Path:
    """A second annotator, "rina", on seed 000: the demo's spans with deterministic
    disagreements (some missed, some relabelled, some with other boundaries, one extra)."""
    demo = json.loads(DEMO_LABELS.read_text("utf-8").splitlines()[0])
    text = demo["text"]
    other = {"PERSON": "ORG", "GPE": "LOC", "ORG": "PERSON", "DATE": "DATE", "CLAIM": "CLAIM"}
    spans = []
    for i, s in enumerate(demo["spans"]):
        start, end, label = s["start"], s["end"], s["label"]
        if i % 7 == 3:
            continue  # missed
        if i % 5 == 1:
            label = other[label]  # another label
        elif i % 6 == 2 and " " in text[start:end]:
            start = start + text[start:end].index(" ") + 1  # the last word(s) only
        spans.append(
            {"id": s["id"], "start": start, "end": end, "label": label, "text": text[start:end]}
        )
    extra = text.index("Kremlin")
    spans.append({"id": "x1", "start": extra, "end": extra + 7, "label": "ORG", "text": "Kremlin"})
    record = {"id": demo["id"], "text": text, "annotator": "rina", "status": "done", "spans": spans}
    return write_jsonl(tmp / "rina.jsonl", [record])


def seed_corpus_with_two(db: Path, tmp: Path) -> Corpus:
    """The seeds, the demo labels ("demo", in progress) and rina's (done) on seed 000, plus a
    few logged edits (demo on seed 001, rina on 002: nothing to compare there) spread over
    five days (back-dated) for the activity chart. Open."""
    corpus = Corpus.open(db, tooling="GUI tests read everyone's labels")
    report = formats.import_paths(corpus, sorted(SEEDS.glob("*.txt")), "txt")
    assert report.ok
    for path in (DEMO_LABELS, second_annotator_file(tmp)):
        report = formats.import_paths(corpus, [path], "jsonl")
        assert report.ok, report.rejected
    for who, article_id in (("demo", corpus.article_ids()[1]), ("rina", corpus.article_ids()[2])):
        text = corpus.article(article_id).text
        words = [w for w in text.split() if w[:1].isupper() and w.isalpha()]
        at = 0
        for k, word in enumerate(words[: 16 if who == "demo" else 9]):
            start = text.index(word, at)
            at = start + len(word)
            corpus.add_span(article_id, who, start, at, "PERSON" if k % 2 else "ORG")
    corpus._db.execute_sql(
        "UPDATE event SET created_at = printf('2026-11-%02d', 16 + id % 5) || "
        "substr(created_at, 11)"
    )
    return corpus


@pytest.fixture
def three(tmp_path: Path) -> Iterator[Corpus]:
    """ani, budi, cici imported from JSONL (done), and a few logged edits by ani and budi on
    a third article nobody finished (so they count in the activity chart only)."""
    records = [_record(who, text, marks, f"r{i}") for i, (who, text, marks) in enumerate(WORK)]
    path = write_jsonl(tmp_path / "work.jsonl", records)
    corpus = Corpus.open(tmp_path / "dash.sqlite3", tooling="GUI tests read everyone's labels")
    try:
        report = formats.import_paths(corpus, [path], "jsonl")
        assert report.ok, report.rejected
        assert corpus.article_count() == 2
        text3 = "Anies Baswedan berbicara di Bandung."
        (art3,) = corpus.import_drafts(
            [ArticleDraft(text=text3, title="t3", external_id="t3")], origin="t3"
        ).article_ids
        for who, needle, label in [
            ("ani", "Anies Baswedan", "PERSON"),
            ("ani", "Bandung", "GPE"),
            ("budi", "Bandung", "GPE"),
        ]:
            start = text3.index(needle)
            corpus.add_span(art3, who, start, start + len(needle), label)
        yield corpus
    finally:
        corpus.close()


def _open(qtbot: Any, corpus: Corpus, **kw: Any) -> Any:
    from annotator.gui.dashboard import Dashboard

    dash = Dashboard(corpus, autostart=False, **kw)
    qtbot.addWidget(dash)
    dash.show()
    with qtbot.waitSignal(dash.computed, timeout=20_000):
        dash.refresh()
    return dash


def _expected(corpus: Corpus, layer: str = "entity", annotators: Any = None) -> Any:
    items = items_from_documents(corpus.documents(), statuses=(Status.DONE,))
    return compute_agreement(items, layer, annotators, per_article=False)


def _distinct_colours(path: Path) -> int:
    image = QImage(str(path))
    assert not image.isNull()
    seen = set()
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            seen.add(image.pixel(x, y))
    return len(seen)


def test_heatmap_shows_compute_agreement(qtbot: Any, three: Corpus) -> None:
    dash = _open(qtbot, three)
    expected = _expected(three)
    assert dash.figures.result == expected
    assert dash.chosen_annotators() == ("ani", "budi", "cici")
    heat = dash.charts["heatmap"]
    for metric in ("span_f1_exact", "span_f1_overlap", "cohen_kappa"):
        dash.metric_box.setCurrentIndex(dash.metric_box.findData(metric))
        assert heat.data is not None
        for p in expected.pairwise:
            for a, b in ((p.a, p.b), (p.b, p.a)):
                cell = heat.data.cell(a, b)
                assert cell is not None
                assert cell.value == getattr(p, metric).value
                assert cell.reason == getattr(p, metric).reason
    # Worked example: ani-budi exact F1 = 1/3, overlap 2/3, kappa 0.6 on TEXT1 alone.
    dash.metric_box.setCurrentIndex(dash.metric_box.findData("span_f1_exact"))
    ani_budi = heat.data.cell("ani", "budi")
    assert ani_budi.value == pytest.approx(1 / 3)
    # budi and cici share no article: undefined, drawn grey "n/a", the reason on hover.
    undefined = heat.data.cell("budi", "cici")
    assert undefined.value is None and undefined.reason == "no articles in common"
    names = list(heat.data.rows)
    tip = heat.tooltip_at(names.index("cici"), names.index("budi"))
    assert tip is not None and "undefined" in tip and "no articles in common" in tip
    assert "0.3333" in heat.tooltip_at(names.index("budi"), names.index("ani"))


def test_each_chart_exports_png_and_csv(qtbot: Any, three: Corpus, tmp_path: Path) -> None:
    dash = _open(qtbot, three)
    result = dash.figures.result
    for name in CHARTS:
        png = dash.export_png(name, tmp_path / f"{name}.png")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        image = QImage(str(png))
        assert image.width() >= 1000 and 400 <= image.height() <= 2000, (name, image.size())
        assert _distinct_colours(png) > 12, name

    def rows(name: str) -> list[dict[str, str]]:
        path = dash.export_csv(name, tmp_path / f"{name}.csv")
        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    heat = rows("heatmap")
    assert len(heat) == 3
    for row in heat:
        p = result.pair(row["a"], row["b"])
        assert row["metric"] == "span_f1_exact"
        if p.span_f1_exact.value is None:
            assert row["value"] == "" and row["undefined"] == p.span_f1_exact.reason
        else:
            assert float(row["value"]) == p.span_f1_exact.value  # repr round-trips exactly
            assert row["undefined"] == ""
        assert int(row["articles"]) == p.articles
        assert int(row["exact_matches"]) == p.exact_matches

    labels = rows("per_label")
    assert {r["label"] for r in labels} == set(result.per_label) == {"DATE", "GPE", "LOC", "PERSON"}
    for row in labels:
        score = getattr(result.per_label[row["label"]], row["metric"])
        assert (float(row["value"]) if row["value"] else None) == score.value
        assert row["undefined"] == (score.reason or "")

    dist = rows("label_distribution")
    for row in dist:
        assert int(row["spans"]) == result.per_label[row["label"]].spans[row["annotator"]]
    assert sum(int(r["spans"]) for r in dist) == sum(result.spans.values()) == 12

    days = rows("activity")
    assert {(r["annotator"], int(r["net_spans"])) for r in days} == {
        ("ani", 2),
        ("budi", 1),
        ("cici", 0),
    }


def test_choosing_annotators_and_layer_recomputes(
    qtbot: Any, three: Corpus, tmp_path: Path
) -> None:
    dash = _open(qtbot, three)
    item = dash.annotator_list.findItems("cici", Qt.MatchFlag.MatchExactly)[0]
    with qtbot.waitSignal(dash.computed, timeout=20_000):
        item.setCheckState(Qt.CheckState.Unchecked)
    assert dash.figures.result.annotators == ("ani", "budi")
    assert dash.figures.result == _expected(three, annotators=("ani", "budi"))
    assert dash.charts["heatmap"].data.rows == ["ani", "budi"]
    # One annotator: per-label figures are undefined, drawn hatched "n/a" with the reason.
    item = dash.annotator_list.findItems("budi", Qt.MatchFlag.MatchExactly)[0]
    with qtbot.waitSignal(dash.computed, timeout=20_000):
        item.setCheckState(Qt.CheckState.Unchecked)
    bars = dash.charts["per_label"]
    assert bars.data.rows == ["DATE", "GPE", "PERSON"]
    for cell in bars.data.cells.values():
        assert cell.value is None and cell.reason == "fewer than two annotators"
    tip = bars.tooltip_at(0.0, 0.5)  # DATE's middle bar, half-way up
    assert tip is not None and "undefined — fewer than two annotators" in tip
    assert _distinct_colours(bars.export_png(tmp_path / "one.png")) > 12
    with qtbot.waitSignal(dash.computed, timeout=20_000):
        dash.set_annotators(["ani", "budi"])
    with qtbot.waitSignal(dash.computed, timeout=20_000):
        dash.layer_box.setCurrentIndex(dash.layer_box.findData("claim"))
    assert dash.figures.result.layer == "claim"
    # No claim spans: every per-label figure is absent and the pair's F1 undefined, not 0.
    pair = dash.charts["heatmap"].data.cell("ani", "budi")
    assert pair.value is None and pair.reason == "neither side marked any span"
    assert dash.charts["per_label"].data.note
    assert not dash.busy_now and dash.busy.isHidden()


def test_busy_indicator_while_computing(qtbot: Any, three: Corpus) -> None:
    from annotator.gui.dashboard import Dashboard

    dash = Dashboard(three, autostart=False)
    qtbot.addWidget(dash)
    dash.show()
    with qtbot.waitSignal(dash.computed, timeout=20_000):
        dash.refresh()
        assert dash.busy_now and dash.busy.isVisible()
    assert not dash.busy.isVisible()


def test_main_window_action_opens_the_dashboard(qtbot: Any, three: Corpus) -> None:
    from annotator.gui.main_window import MainWindow

    window = MainWindow(three, "ani")
    window.remember_layout = False
    qtbot.addWidget(window)
    window.show()
    action = window.action_by_name["dashboard"]
    assert action.shortcut().toString() == "Ctrl+Shift+D"
    action.trigger()
    dash: Any = window.dashboard
    assert dash is not None and dash.isVisible()
    qtbot.waitUntil(lambda: dash.figures is not None, timeout=20_000)
    assert dash.figures.result == _expected(three)
    dash.close()


def test_main_window_does_not_import_pyqtgraph() -> None:
    code = (
        "import sys; import annotator.gui.main_window; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pyqtgraph'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]", out.stdout
    code = "import sys; import annotator.gui.dashboard; print('pyqtgraph' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "True"


def test_seed_corpus_with_two_annotators_renders(qtbot: Any, tmp_path: Path) -> None:
    corpus = seed_corpus_with_two(tmp_path / "seed.sqlite3", tmp_path)
    try:
        dash = _open(qtbot, corpus, statuses=(Status.DONE, Status.IN_PROGRESS))
        r = dash.figures.result
        assert r.annotators == ("demo", "rina") and r.articles_compared == 1
        pair = r.pair("demo", "rina")
        assert 0 < pair.span_f1_exact.value < 1
        assert len(dash.charts["activity"].data.rows) == 5  # five back-dated days
        out = tmp_path / "dashboard.png"
        assert dash.grab().save(str(out))
        assert _distinct_colours(out) > 50
        dash.close()
    finally:
        corpus.close()


EVIL = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)"]


@pytest.fixture
def evil(tmp_path: Path) -> Iterator[Corpus]:
    """Annotators whose names a spreadsheet would run as formulas, each with a done article."""
    records = [
        _record(who, TEXT1, [("Joko Widodo", "PERSON")], f"e{i}") for i, who in enumerate(EVIL)
    ]
    corpus = Corpus.open(tmp_path / "evil.sqlite3", tooling="GUI tests read everyone's labels")
    try:
        report = formats.import_paths(corpus, [write_jsonl(tmp_path / "e.jsonl", records)], "jsonl")
        assert report.ok, report.rejected
        yield corpus
    finally:
        corpus.close()


def _press_csv(qtbot: Any, dash: Any, chart: str, path: Path) -> str:
    """Press the chart's Export CSV… with the file chooser answering ``path``; the note."""
    dash.ask_path = lambda title, name, filter_: str(path)
    qtbot.mouseClick(dash.charts[chart].csv_button, Qt.MouseButton.LeftButton)
    assert dash.export_note.isVisible()
    return str(dash.export_note.text())


def test_csv_neutralises_formulas_and_replaces_atomically(
    qtbot: Any, evil: Corpus, tmp_path: Path
) -> None:
    dash = _open(qtbot, evil)
    out = tmp_path / "dist.csv"
    assert _press_csv(qtbot, dash, "label_distribution", out) == f"Saved {out}"
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["annotator"] for r in rows) == sorted("'" + name for name in EVIL)
    assert all(r["spans"] == "1" for r in rows)  # numbers stay numbers
    heat = tmp_path / "heat.csv"
    _press_csv(qtbot, dash, "heatmap", heat)
    with open(heat, encoding="utf-8", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)

    # replacing an earlier export is a rename, not a truncation: another link keeps the old
    before = out.read_bytes()
    os.link(out, tmp_path / "kept.csv")
    inode = out.stat().st_ino
    out.write_bytes(before + b"edited,1,1,1\r\n")
    assert _press_csv(qtbot, dash, "label_distribution", out) == f"Saved {out}"
    assert out.read_bytes() == before and out.stat().st_ino != inode
    assert (tmp_path / "kept.csv").read_bytes() == before + b"edited,1,1,1\r\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_csv_and_png_targets_are_guarded(qtbot: Any, evil: Corpus, tmp_path: Path) -> None:
    dash = _open(qtbot, evil)
    db = Path(evil.location)
    before = db.read_bytes()
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    mine = tmp_path / "budget.csv"
    mine.write_bytes(b"month,amount\r\nMay,12\r\n")
    (tmp_path / "link.csv").symlink_to(mine)
    for target, why in (
        (db, "is the open corpus"),
        (db.with_name(db.name + "-wal"), "is the open corpus"),
        (fifo, "named pipe (FIFO), not a regular file"),
        (tmp_path / "link.csv", "symbolic link"),
        (mine, "not an earlier export"),
    ):
        note = _press_csv(qtbot, dash, "label_distribution", target)
        assert note.startswith("Nothing was written:") and why in note, note
        assert "\n" not in note
    dash.ask_path = lambda title, name, filter_: str(mine)
    qtbot.mouseClick(dash.charts["heatmap"].png_button, Qt.MouseButton.LeftButton)
    assert "not an earlier export" in dash.export_note.text()
    assert db.read_bytes() == before and evil.article_count() == 1
    assert os.path.islink(tmp_path / "link.csv") and os.path.exists(fifo)
    assert mine.read_bytes() == b"month,amount\r\nMay,12\r\n"
    png = tmp_path / "heat.png"
    dash.ask_path = lambda title, name, filter_: str(png)
    for _ in range(2):  # the second replaces the first: it is ours
        qtbot.mouseClick(dash.charts["heatmap"].png_button, Qt.MouseButton.LeftButton)
        assert dash.export_note.text() == f"Saved {png}"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_axes_take_no_si_prefix(qtbot: Any, three: Corpus) -> None:
    """Categorical axes (days, labels, annotators) and counts are titled as they are: with
    one category (one day of edits, here) the axis spans -0.6..0.4, and pyqtgraph used to
    title it "day (UTC) (x0.001)"."""
    dash = _open(qtbot, three)
    dash.resize(1280, 800)
    assert len(dash.charts["activity"].data.rows) == 1  # ani's and budi's edits of today
    with qtbot.waitSignal(dash.computed, timeout=20_000):  # one label: GPE only
        dash.set_annotators(["budi"])
    for name in CHARTS:
        plot = dash.charts[name].plot
        assert plot is not None
        for side in ("left", "bottom"):
            title = plot.getAxis(side).labelString()
            assert "(x" not in title, (name, side, title)
    assert "day (UTC)" in dash.charts["activity"].plot.getAxis("bottom").labelString()


def test_label_distribution_says_what_it_counts(qtbot: Any, tmp_path: Path) -> None:
    corpus = seed_corpus_with_two(tmp_path / "seed.sqlite3", tmp_path)
    try:
        dash = _open(qtbot, corpus, statuses=(Status.DONE, Status.IN_PROGRESS))
        r = dash.figures.result
        assert r.articles_compared == 1 and r.articles > 1
        sub = dash.charts["label_distribution"].subtitle
        assert f"spans in {r.articles} articles with counted work" in sub
        assert "compared" not in sub
        # the agreement charts still say how many articles were compared
        assert "1 article compared" in dash.charts["per_label"].subtitle
        dash.close()
    finally:
        corpus.close()


# ani and budi both did TEXT1 and TEXT2 and disagree on boundaries ("Widodo" for "Joko
# Widodo", "Prabowo" for "Prabowo Subianto") and once on a label; ani alone did TEXT3, the
# only DATE: αu of DATE is undefined (nobody marked it where both worked).
TEXT3 = "Anies Baswedan berbicara di Bandung pada Selasa."
BOUNDARIES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("ani", TEXT1, [("Joko Widodo", "PERSON"), ("Vladimir Putin", "PERSON"), ("Alaska", "GPE")]),
    ("budi", TEXT1, [("Widodo", "PERSON"), ("Vladimir Putin", "PERSON"), ("Alaska", "LOC")]),
    ("ani", TEXT2, [("Prabowo Subianto", "PERSON"), ("Jakarta", "GPE")]),
    ("budi", TEXT2, [("Prabowo", "PERSON"), ("ke Jakarta", "GPE"), ("Sri Mulyani", "PERSON")]),
    ("ani", TEXT3, [("Anies Baswedan", "PERSON"), ("Selasa", "DATE")]),
]


@pytest.fixture
def boundaries(tmp_path: Path) -> Iterator[Corpus]:
    records = [_record(w, t, m, f"b{i}") for i, (w, t, m) in enumerate(BOUNDARIES)]
    # One record per article and annotator; the same text is one article (its id in order).
    path = write_jsonl(tmp_path / "boundaries.jsonl", records)
    corpus = Corpus.open(tmp_path / "alpha_u.sqlite3", tooling="GUI tests read everyone's labels")
    try:
        report = formats.import_paths(corpus, [path], "jsonl")
        assert report.ok, report.rejected
        assert corpus.article_count() == 3
        yield corpus
    finally:
        corpus.close()


def test_escape_closes_the_dashboard(qtbot: Any, three: Corpus) -> None:
    dash = _open(qtbot, three)
    dash.activateWindow()
    dash.annotator_list.setFocus()
    qtbot.keyClick(dash.annotator_list, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dash.isVisible(), timeout=2_000)


def test_the_dashboard_is_in_the_view_and_review_menus(qtbot: Any, three: Corpus) -> None:
    from annotator.gui.actions import menu
    from annotator.gui.main_window import MainWindow

    window = MainWindow(three, "ani")
    window.remember_layout = False
    qtbot.addWidget(window)
    window.show()
    action = window.action_by_name["dashboard"]
    review = menu(window, "review")
    assert action in review.actions() and action in menu(window, "view").actions()
    # one action: one shortcut, no second QAction claiming Ctrl+Shift+D (an ambiguous key)
    same_key = [a for a in window.findChildren(type(action)) if a.shortcut() == action.shortcut()]
    assert same_key == [action]
    review.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(review.isVisible)
    review.setActiveAction(action)
    qtbot.keyClick(review, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.dashboard is not None and window.dashboard.isVisible())
    qtbot.waitUntil(lambda: window.dashboard.figures is not None, timeout=20_000)
    window.dashboard.close()


def _alpha_u_by_hand(annotators: tuple[str, ...]) -> Any:
    """αu straight from the core function on the fixture's spans (articles in import order)."""
    from annotator.core.agreement_unitizing import unitizing_alpha

    articles: dict[str, dict[str, list[tuple[int, int, str]]]] = {}
    for who, text, marks in BOUNDARIES:
        spans = articles.setdefault(text, {})
        spans[who] = [(text.index(n), text.index(n) + len(n), label) for n, label in marks]
    return unitizing_alpha([(len(t), s) for t, s in articles.items()], annotators)


def test_per_label_chart_shows_unitizing_alpha(
    qtbot: Any, boundaries: Corpus, tmp_path: Path
) -> None:
    dash = _open(qtbot, boundaries)
    expected = _alpha_u_by_hand(("ani", "budi"))
    assert expected.articles == 2  # TEXT3 is ani's alone: not on the continuum
    result = dash.figures.result
    assert result == boundaries.agreement("entity", ("ani", "budi"), per_article=False)
    assert result.krippendorff_alpha_u == expected.alpha_u
    bars = dash.charts["per_label"]
    series = "Krippendorff's αu"
    assert series in bars.data.series
    assert bars.data.rows == ["DATE", "GPE", "LOC", "PERSON"]
    # Boundaries differ: PERSON and GPE are defined and below 1, to the last bit.
    for label in ("GPE", "LOC", "PERSON"):
        cell = bars.data.cell(label, series)
        assert cell is not None
        assert cell.value == expected.per_label[label].alpha_u.value
        assert cell.value is not None and cell.value < 1.0
    date = bars.data.cell("DATE", series)
    assert date.value is None
    assert date.reason == expected.per_label["DATE"].alpha_u.reason
    assert "no annotator marked this label" in date.reason
    # Hovering the DATE αu bar (the fourth of its group) says it is undefined, and why.
    k = len(bars.data.series)
    x = (k - 1 - (k - 1) / 2) * 0.8 / k
    tip = bars.tooltip_at(x, 0.5)
    assert tip is not None and tip.startswith(f"DATE, {series}: undefined — no annotator")
    person = bars.tooltip_at(3 + x, 0.01)
    assert person is not None and f"{expected.per_label['PERSON'].alpha_u.value:.4f}" in person
    assert "units ani 3, budi 4" in person
    assert f"{len(TEXT1) + len(TEXT2)} characters" in person and "did (2)" in person
    # The CSV, written by the chart's own button, carries αu per label.
    out = tmp_path / "per_label.csv"
    assert _press_csv(qtbot, dash, "per_label", out) == f"Saved {out}"
    with open(out, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["metric"] == "krippendorff_alpha_u"]
    assert {r["label"] for r in rows} == {"DATE", "GPE", "LOC", "PERSON"}
    for row in rows:
        score = expected.per_label[row["label"]].alpha_u
        assert (float(row["value"]) if row["value"] else None) == score.value
        assert row["undefined"] == (score.reason or "")
