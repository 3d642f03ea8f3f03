"""``python -m benchmarks [--quick] [--articles N] …``: generate a corpus, then measure.

Sections: ``import`` (issue 2: bulk import beside raw sqlite3 executemany, with and without
language detection), ``list`` (issue 3: the article list's queries against 100 ms),
``export`` (issues 4 and 15: JSONL against the raw limit and its floor, CoNLL/spaCy/HF
against JSONL), ``reimport`` (issue 15: the peak memory of importing each format's export
of a 10,000-article corpus of its own back, against 400 MiB),
``stats`` (issue 15: ``Corpus.stats()`` against 0.5 s), ``agreement`` (issue 5),
``cluster-view`` (issue 16: the cluster view's reads and widget on 10,000 clustered claims
against 100 ms, on a corpus of its own), and for issue 17 ``suggest``, ``usefulness`` and
``train`` (training from 1,000 done articles while the GUI's event loop is timed: minutes, so
not in ``--quick``). The later sections run on the corpus the import section built;
``--only export,stats`` builds it with one plain ``import_drafts`` call (no detection, no raw
comparisons) instead.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import (
    bench_agreement,
    bench_cluster_view,
    bench_clusters,
    bench_export,
    bench_import,
    bench_list,
    bench_reimport,
    bench_stats,
    bench_suggest,
    bench_train,
    bench_usefulness,
)
from .common import human, machine, open_corpus, timed
from .generate import generate

OUT = Path(__file__).resolve().parent / "out"
SECTIONS = (
    "import",
    "list",
    "export",
    "reimport",
    "stats",
    "agreement",
    "clusters",
    "cluster-view",
    "suggest",
    "usefulness",
    "train",
)


def _sections(value: str) -> tuple[str, ...]:
    names = tuple(x.strip() for x in value.split(",") if x.strip())
    unknown = [x for x in names if x not in SECTIONS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown section(s) {', '.join(unknown) or '(none)'}; "
            f"choose from {', '.join(SECTIONS)}"
        )
    return names


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    p.add_argument("--quick", action="store_true", help="small run: 2,000 articles")
    p.add_argument("--articles", type=int, help="articles to generate (default 100,000)")
    p.add_argument(
        "--spans-per-article", type=float, default=10.0, help="mean spans per article (10)"
    )
    p.add_argument("--annotators", type=int, default=3, help="annotators (3)")
    p.add_argument(
        "--overlap",
        type=float,
        default=0.1,
        help="share of articles labelled by a second annotator (0.1)",
    )
    p.add_argument(
        "--detect-articles",
        type=int,
        help="articles imported WITH language detection, 0 = all (the default; 500 with "
        "--quick); with fewer, both imports (with and without) run on a file of that many",
    )
    p.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="import rounds (raw limit and store interleaved); figures are their medians (1)",
    )
    p.add_argument("--only-import", action="store_true", help="run the import section alone")
    p.add_argument("--seed", type=int, default=20250814)
    p.add_argument("--repeat", type=int, default=7, help="runs per list query (7)")
    p.add_argument("--no-list", action="store_true", help="skip the article-list section")
    p.add_argument(
        "--only",
        type=_sections,
        default=SECTIONS,
        metavar="SECTIONS",
        help=f"comma-separated sections to run ({','.join(SECTIONS)}; default all)",
    )
    p.add_argument(
        "--no-raw-without-fts",
        action="store_true",
        help="skip the extra raw inserts (without the FTS5 index; FTS5 filled in bulk)",
    )
    p.add_argument("--profile", action="store_true", help="cProfile the store import")
    p.add_argument("--out", type=Path, help=f"work folder (default: a temp folder in {OUT})")
    p.add_argument("--keep", action="store_true", help="keep the generated corpus files")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    args = p.parse_args(argv)
    if args.articles is None:
        args.articles = 2_000 if args.quick else 100_000
    if args.detect_articles is None:
        args.detect_articles = 500 if args.quick else 0
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    base = args.out or OUT
    base.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=base))
    started = time.perf_counter()
    load0 = os.getloadavg()[0]
    print(f"Annotator benchmarks on {machine()}")
    print(f"work folder {work}")
    try:
        gen_s, gen = timed(
            lambda: generate(
                args.articles,
                spans_per_article=args.spans_per_article,
                annotators=args.annotators,
                overlap=args.overlap,
                seed=args.seed,
            )
        )
        print(
            f"generated {human(gen.articles)} articles ({gen.text_chars / gen.articles / 1000:.1f}"
            f"k chars on average, {gen.astral_articles:,} with emoji/flags), "
            f"{gen.spans:,} spans in {len(gen.drafts):,} drafts by {len(gen.annotators)} "
            f"annotators ({gen.overlap_articles:,} articles double-annotated), seed {args.seed}, "
            f"in {gen_s:.1f} s"
        )
        figures: dict[str, object] = {"machine": machine(), "articles": gen.articles}
        only = {"import"} if args.only_import else args.only
        if "import" in only:
            fig, store_path = bench_import.run(
                gen,
                work,
                detect_articles=args.detect_articles,
                raw_without_fts=not args.no_raw_without_fts,
                profile=args.profile,
                rounds=args.rounds,
            )
            figures.update(
                spans=fig.spans,
                import_store_s=fig.store,
                import_raw_s=fig.raw,
                import_raw_no_fts_s=fig.raw_no_fts,
                import_raw_bulk_fts_s=fig.raw_bulk_fts,
                db_bytes=fig.db_bytes,
                **fig.extra,
            )
        else:
            store_path = work / "store.sqlite3"
            with open_corpus(store_path) as corpus:
                imp_s, _ = timed(
                    lambda: corpus.import_drafts(gen.drafts, origin="bench", detect_language=False)
                )
            print(f"built the corpus (import_drafts, no detection) in {imp_s:.1f} s")
        if "list" in only and not args.no_list:
            figures["list"] = bench_list.run(gen, store_path, repeat=args.repeat)
            from . import bench_gui  # issue 3 in the widgets (offscreen Qt, imported only here)

            figures["gui"] = bench_gui.run(gen, store_path, repeat=args.repeat)
        if "export" in only:
            figures["export"] = bench_export.run(gen, store_path)
        if "reimport" in only:
            figures["reimport"] = bench_reimport.run(10_000 if not args.quick else 2_000, work=work)
        if "stats" in only:
            figures["stats"] = bench_stats.run(store_path)
        if "agreement" in only:
            figures["agreement"] = bench_agreement.run(
                10_000 if not args.quick else 2_000, work=work
            )
        if "clusters" in only:
            figures["clusters"] = bench_clusters.run(10_000)
        if "cluster-view" in only:
            figures["cluster_view"] = bench_cluster_view.run(10_000 if not args.quick else 2_000)
        if "suggest" in only:
            figures["suggest"] = bench_suggest.run(1_000_000 if not args.quick else 200_000)
        if "usefulness" in only:
            figures["usefulness_demo"] = bench_usefulness.run_demo()
            figures["usefulness"] = bench_usefulness.run()
        if "train" in only and not args.quick:  # minutes of training: never in --quick
            figures["train"] = bench_train.run(1000)
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
        print(
            f"\ntotal {time.perf_counter() - started:.0f} s, peak memory {peak:.1f} GiB, "
            f"1-min load average before the run {load0:.2f} (well above 0: other processes "
            "shared the 2 cores and the figures are pessimistic)"
        )
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
