"""Issue 15, item 3 for every format: the peak memory of importing a corpus's own export back.

A corpus of ``articles`` generated articles is exported to each format (``--skip-misaligned``
for the token formats, as a user would run them), and each file is imported into a new
corpus by a fresh process (``formats.import_paths``, as ``annotator import`` runs it, no
language detection); its peak resident memory (``VmHWM``) is printed beside the 400 MiB limit
the issue sets for an import whatever the file's size, with the file's size and the time.
JSONL, Prodigy and CoNLL files and Hugging Face datasets are read as they are imported (ADR
0032, 0042); a spaCy DocBin is one message spaCy reads whole; doccano and Label Studio files
are read whole (doccano merges records that share a text; Label Studio's is one JSON array).

Standalone: ``python -m benchmarks.bench_reimport [--articles 10000]``, or the ``reimport``
section of ``python -m benchmarks`` (10,000 articles; 2,000 with ``--quick``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from annotator import formats

from .bench_import import RSS_LIMIT
from .common import LABEL_WIDTH, human, open_corpus, remove_db
from .generate import generate

FORMATS = ("jsonl", "conll", "prodigy", "hf", "spacy", "doccano", "labelstudio")

_CHILD = """
import sys
from pathlib import Path
from annotator import formats
from annotator.store.corpus import Corpus

corpus = Corpus.open(Path(sys.argv[1]), tooling="benchmarks")
report = formats.import_paths(
    corpus, [Path(sys.argv[2])], sys.argv[3], detect_language=False, add_labels=True
)
assert report.ok, report.rejected
print(sum(r.articles for r in report.results))
corpus.close()
with open("/proc/self/status") as fh:
    print(next(int(x.split()[1]) for x in fh if x.startswith("VmHWM:")))
"""


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def run(articles: int = 10_000, work: Path | None = None) -> dict[str, Any]:
    own = work is None
    folder = Path(tempfile.mkdtemp(prefix="reimport-")) if work is None else work
    try:
        gen = generate(articles, spans_per_article=10, seed=20250814)
        src = folder / "reimport-src.sqlite3"
        remove_db(src)
        with open_corpus(src) as corpus:
            corpus.import_drafts(gen.drafts, origin="bench", detect_language=False)
        print(
            f"\n== Re-import (issue 15, item 3 for every format): {human(articles)} articles "
            f"exported, each file imported back by a fresh process; limit "
            f"{RSS_LIMIT / 2**20:.0f} MiB whatever the file's size"
        )
        print(f"  load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        root = Path(__file__).resolve().parents[1]
        env = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
        out: dict[str, Any] = {}
        for fmt in FORMATS:
            target = folder / f"reimport.{fmt}"
            options = formats.ExportOptions(skip_misaligned=fmt != "jsonl")
            with open_corpus(src) as corpus:
                try:
                    formats.export(corpus, fmt, target, options=options)
                except formats.FormatError as exc:
                    print(f"  {fmt}: not exported: {exc.reason}")
                    continue
            size = _size(target)
            dest = folder / "reimport-dest.sqlite3"
            remove_db(dest)
            t0 = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", _CHILD, str(dest), str(target), fmt],
                capture_output=True,
                text=True,
                check=False,
                env=env,
            )
            took = time.perf_counter() - t0
            remove_db(dest)
            shutil.rmtree(target, ignore_errors=True)
            if target.exists():
                target.unlink()
            if done.returncode != 0:
                print(f"  {fmt}: the import failed: {done.stderr.strip()[-400:]}")
                continue
            imported, rss_kb = (int(x) for x in done.stdout.split()[-2:])
            rss = rss_kb * 1024
            mark = "ok" if rss <= RSS_LIMIT else "OVER"
            label = f"  {fmt}: {size / 2**20:,.0f} MiB, {imported:,} articles, {took:.1f} s"
            print(
                f"{label:<{LABEL_WIDTH}} {rss / 2**20:8.0f} MiB / limit "
                f"{RSS_LIMIT / 2**20:.0f} MiB ({mark}) = {rss / size:.1f}x the file"
            )
            out[fmt] = {"bytes": size, "rss": rss, "seconds": took, "articles": imported}
        return out
    finally:
        if own:
            shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.bench_reimport", description=__doc__)
    p.add_argument("--articles", type=int, default=10_000)
    run(p.parse_args(argv).articles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
