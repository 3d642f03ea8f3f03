"""Damaged, foreign, read-only and full corpus files, made for real (no mocks).

Each damage starts from a real corpus file written by the store. Read-only is made so that it
holds for root too (the test machines run as root, and root ignores file modes): an immutable
file or folder (``chattr +i``), which the kernel refuses to write even for root and which
``os.access`` reports; without root, ``chmod a-w`` does the same job. A full disk is a small
tmpfs (mounting needs root).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from annotator.core.model import ArticleDraft, SpanDraft
from annotator.store.corpus import Corpus
from tests.conftest import TRICKY


def make_corpus(path: Path) -> Path:
    """A real corpus file: two articles, a span with attributes, closed (no -wal left)."""
    with Corpus.open(path, tooling="tests") as corpus:
        start = TRICKY.index("Trump")
        corpus.import_drafts(
            [
                ArticleDraft(
                    text=TRICKY,
                    annotator="alice",
                    spans=[SpanDraft("p", start, start + 5, "PERSON")],
                ),
                ArticleDraft(text="Kim bertemu Putin di Alaska. " * 200),
            ],
            origin="t",
            detect_language=False,
        )
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- damage


def truncated(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.truncate(path.stat().st_size // 2)


def header_only(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:100])


def bit_flipped(path: Path) -> None:
    """Flip the b-tree page header of the article table's root page."""
    with sqlite3.connect(path) as conn:
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'article'"
        ).fetchone()
        (size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    at = (root - 1) * size
    for i in range(at, at + 8):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def _through_sqlite(sql: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        with sqlite3.connect(path) as conn:
            conn.execute(sql)
        conn.close()

    return damage


broken_schema_json = _through_sqlite("UPDATE meta SET value = '{\"layers\": [' ")
broken_span_json = _through_sqlite("UPDATE span SET attributes = '{\"negated\": tru'")
# An article's text whose bytes are not UTF-8 (as a flipped bit in a text leaves it).
not_utf8_text = _through_sqlite("UPDATE article SET text = CAST(X'4B696DD0' AS TEXT) WHERE id = 2")

DAMAGES: dict[str, Callable[[Path], None]] = {
    "truncated": truncated,
    "header_only": header_only,
    "bit_flipped": bit_flipped,
    "schema_json": broken_schema_json,
    "span_json": broken_span_json,
    "not_utf8": not_utf8_text,
}


# ---------------------------------------------------------------- not ours


def sqlite_with_span_table(path: Path) -> None:
    """Another program's database that happens to have a ``span`` table."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE span (id INTEGER PRIMARY KEY, start INTEGER, stop INTEGER)")
        conn.execute("INSERT INTO span VALUES (1, 0, 5)")
    conn.close()


def unrelated_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = wal")
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('buy milk')")
    conn.close()


def other_application(path: Path) -> None:
    """A SQLite file stamped with another program's application id (a GeoPackage's)."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA application_id = 0x47504B47")
        conn.execute("CREATE TABLE gpkg_contents (table_name TEXT)")
    conn.close()


def stamped_empty_sqlite(path: Path) -> None:
    """Another program's SQLite file with no tables yet but its own ``user_version``: it set
    a pragma, so it is not an empty file of nobody's."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 7")
    conn.close()


def text_file(path: Path) -> None:
    path.write_text("these are my notes, not a database\n")


def png_file(path: Path) -> None:
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
        b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
        b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )


FOREIGN: dict[str, Callable[[Path], None]] = {
    "own_span_table": sqlite_with_span_table,
    "unrelated_sqlite": unrelated_sqlite,
    "other_application": other_application,
    "stamped_empty_sqlite": stamped_empty_sqlite,
    "text": text_file,
    "png": png_file,
}


def listing(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` and its SHA-256: what a command must leave as it was."""
    return {p.name: sha256(p) for p in sorted(folder.iterdir()) if p.is_file()}


# ---------------------------------------------------------------- read-only, full


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` (a file or folder) not writable by this process, even as root."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: nothing makes a file read-only")
        subprocess.run(["chattr", "+i", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        return
    mode = path.stat().st_mode
    path.chmod(mode & ~0o222)
    try:
        yield
    finally:
        path.chmod(mode)


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "1m") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``folder``: a disk that really fills up."""
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(
            "mounting a small tmpfs needs root; the store's full-disk test "
            "(max_page_count) still runs"
        )
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def big_jsonl(path: Path, articles: int, chars: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(articles):
            fh.write(json.dumps({"id": f"big{i}", "text": f"{i} " + "kata " * (chars // 5)}))
            fh.write("\n")
    return path
