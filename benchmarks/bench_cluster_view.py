"""Issue 16: the cluster view on a corpus of 10,000 clustered claims; limit 100 ms a step.

The corpus: ``bench_clusters.py``'s generated clusters (10,000 claims in clusters of 1–7, a
story per 8 clusters), each claim an article of its own outlet, labelled by one annotator
with its entities, imported in one ``import_drafts`` call (a SQLite file in a temporary
folder). Then, as the window does it:

* the cluster list: ``Corpus.clusters`` (the tree of the view, by story);
* showing a cluster: ``Corpus.cluster_members`` and ``core.cluster_view.compare`` (each
  member's differences, the conflict lines), for the largest cluster and a typical one;
* in the real widget (Qt offscreen): ``ClusterView.refresh`` (every cluster read, the tree
  made), the view's answer to the bus after a member of the cluster shown joined another
  cluster (``ClusterView.on_update``: the two clusters read again, their rows and the
  members shown updated; the write itself not timed), and ``ClusterView.show_cluster``
  (members laid out, rows sized);
* for ``C``: reading the annotator's clustered claims and building the suggestions' index
  (on the window's cluster runner, off the GUI thread, once: later changes move single
  claims in it; the suggestion itself is ``bench_clusters.py``'s, against 50 ms).

Each figure is the median of 7 runs after a first, printed beside the 100 ms limit.
Standalone: ``python -m benchmarks.bench_cluster_view [--claims 10000]``, or the
``cluster-view`` section of ``python -m benchmarks``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from pathlib import Path
from typing import Any

from annotator.core.cluster_view import compare
from annotator.core.clusters import ClusterIndex
from annotator.core.model import ArticleDraft, SpanDraft

from .bench_clusters import generate_clusters
from .common import human, line, millis, open_corpus, ratio, repeat_ms, timed

LIMIT_S = 0.100
WHO = "ani"
REPEAT = 7


def _drafts(claims: int) -> list[ArticleDraft]:
    clusters, _queries = generate_clusters(claims)
    drafts = []
    for name, members in clusters.items():
        for ref in members:
            text = ref.text + "."
            spans = [SpanDraft("c", 0, len(ref.text), "CLAIM", cluster=name)]
            for n, (label, surface) in enumerate(dict.fromkeys(ref.entities)):
                at = text.find(surface)
                if at >= 0 and label in ("PERSON", "GPE", "ORG"):
                    spans.append(SpanDraft(f"e{n}", at, at + len(surface), label))
            drafts.append(
                ArticleDraft(
                    text=text,
                    external_id=f"a{ref.article_id}",
                    title=f"article {ref.article_id}",
                    source=ref.source or "",
                    meta={"story": ref.story},
                    annotator=WHO,
                    spans=spans,
                    language=ref.language,
                    language_confidence=1.0,
                )
            )
    return drafts


def _line(label: str, value: float) -> str:
    ok = "ok" if value < LIMIT_S else "OVER"
    return line(label, millis(value), "limit", "100 ms", ratio(value, LIMIT_S)) + f" {ok}"


def run(claims: int = 10_000) -> dict[str, Any]:
    gen_s, drafts = timed(lambda: _drafts(claims))
    print(
        f"\n== Cluster view (issue 16): {human(claims)} clustered claims, one article each "
        f"(generated in {gen_s:.1f} s); limit {LIMIT_S * 1000:g} ms a step"
    )
    print(f"  load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    figures: dict[str, Any] = {"claims": claims}
    with tempfile.TemporaryDirectory() as tmp, open_corpus(Path(tmp) / "clusters.sqlite3") as c:
        import_s, _ = timed(lambda: c.import_drafts(drafts, origin="bench", detect_language=False))
        print(
            f"  imported {len(drafts):,} articles with their claims and entities "
            f"in {import_s:.1f} s"
        )
        c.set_user(WHO)
        summaries = c.clusters(WHO)
        sizes = sorted(summaries, key=lambda s: s.members)
        largest, typical = sizes[-1], sizes[len(sizes) // 2]
        print(
            f"  {len(summaries):,} clusters; the largest has {largest.members} claims, "
            f"a typical one {typical.members}"
        )
        _, list_s, _ = repeat_ms(lambda: c.clusters(WHO), REPEAT)
        print(_line("the cluster list (Corpus.clusters)", list_s))
        figures["list_s"] = list_s
        for label, s in (("largest", largest), ("typical", typical)):
            _, show_s, _ = repeat_ms(lambda s=s: compare(c.cluster_members(s.id, WHO)), REPEAT)
            print(_line(f"show the {label} cluster (members + compare)", show_s))
            figures[f"show_{label}_s"] = show_s
        _, index_s, _ = repeat_ms(lambda: ClusterIndex(c.cluster_claims(WHO)), 3)
        print(
            line(
                "C: read the clustered claims, build the index",
                millis(index_s),
                "on the runner",
                "(off the GUI thread, once)",
            )
        )
        figures["index_s"] = index_s
        figures.update(_widget(c, largest.id, typical.id))
    return figures


def _widget(corpus: Any, cluster_id: int, other_id: int) -> dict[str, float]:
    """The same in the real widget, offscreen: the tree made, a claim moved, a cluster shown."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from annotator.gui.bus import Update
    from annotator.gui.cluster_view import ClusterView

    app = QApplication.instance() or QApplication([])
    view = ClusterView(corpus, WHO)
    view.resize(1280, 400)
    view.show()
    app.processEvents()
    # as when first shown (or after an import): every cluster read, the list made anew
    _, build_s, _ = repeat_ms(view.refresh, REPEAT)
    print(_line("widget: first refresh (the list of every cluster made)", build_s))

    # a member of the cluster shown joins another cluster and comes back, as C and Enter do;
    # timed: what the view does with the change the bus hands it (the write is not timed)
    claim = corpus.cluster_members(cluster_id, WHO)[-1].span_id
    moves: list[float] = []
    for n in range(REPEAT + 1):
        changes = corpus.join_cluster(claim, WHO, other_id if n % 2 == 0 else cluster_id)
        moved_s, _ = timed(lambda changes=changes: view.on_update(Update(changes)))
        moves.append(moved_s)
    refresh_s = statistics.median(moves[1:])
    print(_line("widget: refresh after a claim moved (its two clusters' rows)", refresh_s))

    def show() -> None:
        view.show_cluster(cluster_id)
        app.processEvents()

    _, show_s, _ = repeat_ms(show, REPEAT)
    print(_line("widget: show the largest cluster (laid out, painted)", show_s))
    view.close()
    view.deleteLater()
    app.processEvents()
    return {"widget_build_s": build_s, "widget_refresh_s": refresh_s, "widget_show_s": show_s}


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.bench_cluster_view", description=__doc__)
    p.add_argument("--claims", type=int, default=10_000)
    run(p.parse_args().claims)


if __name__ == "__main__":
    main()
