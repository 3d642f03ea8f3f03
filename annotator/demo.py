"""The demo corpus: on first launch the default corpus is created from the bundled seeds."""

from __future__ import annotations

import sys
from pathlib import Path

from annotator import formats
from annotator.paths import seeds_dir
from annotator.store.corpus import Corpus


def ensure_demo_corpus(db: str) -> bool:
    """Create the corpus at ``db`` with the seed articles if it does not exist yet.

    Returns True when it was created. A corpus that exists is never touched.
    """
    path = Path(db).expanduser()
    if "://" in db or path.exists():
        return False
    seeds = formats.collect([seeds_dir()], "txt")
    partial = path.with_name(path.name + ".creating")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    with Corpus.open(partial) as corpus:
        report = formats.import_paths(corpus, seeds, "txt")
        if not report.ok:
            raise RuntimeError(f"the bundled seeds did not import: {report.rejected[0]}")
    # Only a complete demo corpus takes the real name (the WAL was checkpointed on close).
    partial.replace(path)
    print(f"Created the demo corpus at {path} ({report.articles} articles)", file=sys.stderr)
    return True
