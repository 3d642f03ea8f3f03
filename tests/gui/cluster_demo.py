"""The demo corpus's troop-number cluster: North Korean troops sent to Russia as the five seed
outlets report them, labelled as claims (with speakers, attribution, certainty and the places
inside) and clustered through ``Corpus`` — for the GUI tests and the README's screenshot.

``python -m tests.gui.cluster_demo docs/images/cluster-view.png [--size 1280x800]
[--replace]`` imports the seeds into a temporary corpus, labels and clusters the claims, and
renders the window with the cluster view offscreen to that PNG (an existing file is replaced
only with ``--replace``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from annotator.store.corpus import Corpus

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ANNOTATOR = "ani"
PLACES = ("Korea Utara", "Rusia", "Ukraina", "Kursk", "Pyongyang", "Korut")

# (seed file prefix, claim text, speaker inside the article or None, attribution, certainty)
TROOPS = (
    (
        "000",
        "Korea Utara, yang mengirimkan sekitar 11 ribu tentaranya ke Oblast Kursk Rusia tahun lalu",
        None,
        "unattributed",
        "asserted",
    ),
    (
        "000",
        "Korea Utara telah mengerahkan 20 ribu hingga 30 ribu prajuritnya ke Rusia",
        "para pejabat Ukraina",
        "indirect_quote",
        "hedged",
    ),
    (
        "004",
        "Pyongyang mengirimkan lebih dari 10.000 tentara ke wilayah Kursk Rusia pada tahun 2024",
        "Informasi intelijen dari Korea Selatan dan negara-negara Barat",
        "paraphrase",
        "reported_uncertain",
    ),
    (
        "004",
        "Pyongyang dilaporkan memasok pasukan dan persenjataan untuk operasi militer Rusia "
        "di Ukraina",
        None,
        "unattributed",
        "hedged",
    ),
    (
        "002",
        "Pyongyang mengerahkan pasukannya ke Rusia untuk membantu prajurit Kremlin berperang "
        "melawan Ukraina",
        None,
        "unattributed",
        "asserted",
    ),
    (
        "001",
        "Korea Utara tidak hanya menyediakan amunisi dan persenjataan, tetapi juga mengirim "
        "pasukan untuk bertempur di Ukraina",
        None,
        "unattributed",
        "asserted",
    ),
)


def seed_article(corpus: Corpus, prefix: str) -> int:
    return next(i for i in corpus.article_ids() if corpus.article(i).external_id.startswith(prefix))


def label_claim(
    corpus: Corpus,
    who: str,
    prefix: str,
    claim: str,
    speaker: str | None,
    attribution: str,
    certainty: str,
) -> int:
    """One troop claim of ``TROOPS`` labelled in its seed article: the claim, the places
    inside it (GPE) and its speaker (SAID_BY); its span id."""
    article = seed_article(corpus, prefix)
    text = corpus.article_text(article)
    at = text.index(claim)
    span = min(
        corpus.add_span(
            article,
            who,
            at,
            at + len(claim),
            "CLAIM",
            {"attribution": attribution, "certainty": certainty},
        ).spans_added
    )
    for place in PLACES:
        start = claim.find(place)
        while start >= 0:
            corpus.add_span(article, who, at + start, at + start + len(place), "GPE")
            start = claim.find(place, start + len(place))
    if speaker is not None:
        s = text.index(speaker)
        person = min(corpus.add_span(article, who, s, s + len(speaker), "ORG").spans_added)
        corpus.add_relation(span, person, "SAID_BY", who)
    return span


def label_troops(corpus: Corpus, who: str = ANNOTATOR, *, cluster: bool = True) -> list[int]:
    """Every claim of ``TROOPS`` labelled; with ``cluster``, all in one cluster started from
    the first. The claims' span ids, in ``TROOPS`` order."""
    spans = [label_claim(corpus, who, *row) for row in TROOPS]
    if cluster:
        corpus.start_cluster(spans[0], who, "North Korean troops sent to Russia")
        cluster_id = corpus.span(spans[0]).cluster_id
        assert cluster_id is not None
        for span in spans[1:]:
            corpus.join_cluster(span, who, cluster_id)
    return spans


def import_seeds(corpus: Corpus) -> None:
    from annotator import formats

    report = formats.import_paths(corpus, formats.collect([SEEDS], "auto"), detect_language=False)
    assert report.ok, report


def render(path: Path, size: tuple[int, int]) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from annotator.gui import i18n
    from annotator.gui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ANNOTATOR_SETTINGS_DIR"] = str(Path(tmp) / "settings")
        app = QApplication.instance() or QApplication([])
        i18n.apply_language("en")
        corpus = Corpus.open(Path(tmp) / "demo.sqlite3")
        try:
            corpus.set_user(ANNOTATOR)
            import_seeds(corpus)
            spans = label_troops(corpus)
            window = MainWindow(corpus, ANNOTATOR)
            window.remember_layout = False
            window.resize(*size)
            window.show()
            window.action_by_name["cluster_view"].setChecked(True)
            window.open_claim(corpus.span(spans[0]).article_id, spans[0])
            app.processEvents()
            window.resizeDocks([window.cluster_dock], [int(size[1] * 0.6)], Qt.Orientation.Vertical)
            view = window.cluster_view
            # the "sekitar 11 ribu" claim in hand: the others' figures stand out against it
            view.table.setCurrentCell([m.span_id for m in view.members].index(spans[0]), 0)
            for _ in range(5):
                app.processEvents()
            window.cluster_view.table.resizeRowsToContents()
            app.processEvents()
            pixmap = window.grab()
            window.close()
            window.deleteLater()
            app.processEvents()
        finally:
            corpus.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not pixmap.save(str(path), "PNG"):
        raise SystemExit(f"could not write {path}")
    print(f"Saved the cluster view to {path}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.gui.cluster_demo", description=__doc__)
    p.add_argument("output", type=Path)
    p.add_argument("--size", default="1280x800")
    p.add_argument("--replace", action="store_true", help="replace an existing file")
    args = p.parse_args(argv)
    if args.output.exists() and not args.replace:
        print(f"{args.output} exists: give --replace to replace it", file=sys.stderr)
        return 1
    w, h = (int(x) for x in args.size.lower().split("x"))
    render(args.output, (w, h))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
