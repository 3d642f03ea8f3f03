"""Issue 15: the token exports against JSONL in CPU time, which a shared machine's load moves
far less than wall time.

``python -m benchmarks.bench_export_cpu [--articles 2000 | --db FILE] [--formats jsonl,spacy]
[--repeat 4]``: ``time.process_time()`` around each ``formats.export`` call (the same
``--skip-misaligned`` options as ``bench_export``), all formats in one process after one
warm-up export each (so spaCy's import is not counted), the minimum of ``--repeat`` runs
beside the JSONL export's; then the process's peak RSS. ``--db`` times an existing corpus
file (e.g. one kept by ``python -m benchmarks --keep``); otherwise a corpus is generated.
To compare two trees, run this file's copy with each tree's ``annotator`` first on the path.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from annotator import formats

from .common import human, machine, open_corpus
from .generate import generate

TOKEN_TARGET = 2.0


def cpu_of(db: Path, fmts: list[str], repeat: int) -> dict[str, list[float]]:
    """CPU seconds of each export of ``db``, ``repeat`` times per format, rounds interleaved."""
    work = Path(tempfile.mkdtemp(prefix="export-cpu-", dir=db.parent))
    runs: dict[str, list[float]] = {fmt: [] for fmt in fmts}
    try:
        with open_corpus(db) as corpus:
            for n in range(repeat + 1):
                for fmt in fmts:
                    out = work / f"{fmt}-{n}"
                    options = formats.ExportOptions(skip_misaligned=fmt != "jsonl")
                    start = time.process_time()
                    formats.export(corpus, fmt, out, options=options)
                    took = time.process_time() - start
                    if n:  # the first round warms up (imports, caches)
                        runs[fmt].append(took)
                    shutil.rmtree(out) if out.is_dir() else out.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return runs


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.bench_export_cpu")
    p.add_argument("--articles", type=int, default=2_000)
    p.add_argument("--db", type=Path, help="an existing corpus file to export")
    p.add_argument("--formats", default="jsonl,conll,spacy,hf")
    p.add_argument("--repeat", type=int, default=4)
    p.add_argument("--seed", type=int, default=20250814)
    p.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out")
    args = p.parse_args(argv)
    fmts = ["jsonl", *(f for f in args.formats.split(",") if f and f != "jsonl")]
    print(f"Annotator export CPU benchmark on {machine()}")
    work = None
    db = args.db
    if db is None:
        args.out.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="run-", dir=args.out))
        gen = generate(args.articles, spans_per_article=10.0, seed=args.seed)
        db = work / "export.sqlite3"
        with open_corpus(db) as corpus:
            corpus.import_drafts(gen.drafts, origin="bench", detect_language=False)
        print(f"generated and imported {human(gen.articles)} articles, {gen.spans:,} spans")
    try:
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
        runs = cpu_of(db, fmts, args.repeat)
        best = {fmt: min(r) for fmt, r in runs.items()}
        print(f"== Export CPU time (process_time), min of {args.repeat}; load {load}")
        for fmt, r in runs.items():
            each = " ".join(f"{x:.3f}" for x in r)
            ratio = f"{best[fmt] / best['jsonl']:5.2f}x jsonl (target <= {TOKEN_TARGET:g}x)"
            print(f"formats.export {fmt:6s} {best[fmt]:8.3f} s  {ratio if fmt != 'jsonl' else ''}")
            print(f"  runs {each}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"peak memory (RSS) of the process {peak:.0f} MiB; load {load}")
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
