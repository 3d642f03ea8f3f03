"""Timing, printing and database helpers shared by the benchmarks."""

from __future__ import annotations

import gc
import os
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from annotator.store.corpus import Corpus
from annotator.store.db import SQLITE_PRAGMAS

T = TypeVar("T")

LABEL_WIDTH = 58


def human(n: float) -> str:
    """100000 -> "100k", 1000000 -> "1M", 2500 -> "2,500"."""
    if n >= 1_000_000 and n % 100_000 == 0:
        return f"{n / 1_000_000:g}M"
    if n >= 10_000 and n % 1_000 == 0:
        return f"{n / 1_000:g}k"
    return f"{int(n):,}"


def seconds(value: float) -> str:
    return f"{value:8.2f} s"


def millis(value: float) -> str:
    return f"{value * 1000:8.1f} ms"


def line(label: str, figure: str, limit_label: str = "", limit: str = "", ratio: str = "") -> str:
    out = f"{label:<{LABEL_WIDTH}} {figure}"
    if limit_label:
        out += f"   {limit_label} {limit}"
    if ratio:
        out += f"   ratio {ratio}"
    return out


def ratio(value: float, limit: float) -> str:
    return f"{value / limit:5.2f}x" if limit > 0 else "  n/a"


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    """Run ``fn`` once after a full garbage collection; (wall seconds, result)."""
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def repeat_ms(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """(first call seconds, median of ``repeat`` further calls, last result)."""
    first, result = timed(fn)
    runs = []
    for _ in range(repeat):
        t, result = timed(fn)
        runs.append(t)
    return first, statistics.median(runs) if runs else first, result


def remove_db(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        p.unlink(missing_ok=True)


def db_size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def new_store_file(path: Path) -> None:
    """An empty corpus with the store's own schema (tables, indices, FTS, triggers)."""
    remove_db(path)
    Corpus.open(path).close()


@contextmanager
def open_corpus(path: Path) -> Iterator[Corpus]:
    corpus = Corpus.open(path, tooling="benchmarks")
    try:
        yield corpus
    finally:
        corpus.close()


def raw_connect(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection with the store's pragmas (WAL, synchronous=FULL, FKs on)."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    for key, value in SQLITE_PRAGMAS.items():
        conn.execute(f"PRAGMA {key} = {value}")
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    sync = conn.execute("PRAGMA synchronous").fetchone()[0]
    fks = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    assert (mode, sync, fks) == ("wal", 2, 1), (mode, sync, fks)
    return conn


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            for row in fh:
                if row.startswith("model name"):
                    return row.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu_model()}){mem}, SQLite {sqlite3.sqlite_version}"
